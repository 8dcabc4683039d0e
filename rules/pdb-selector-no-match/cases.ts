import { defineCases } from '../../test/support/rule-tester';

const workloads = `apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
spec:
  replicas: 3
  selector:
    matchLabels:
      app: web
  template:
    metadata:
      labels:
        app: web
        tier: frontend
    spec:
      containers:
        - name: web
          image: nginx:1.27
---
apiVersion: apps/v1
kind: Deployment
metadata:
  name: api
spec:
  replicas: 3
  selector:
    matchLabels:
      app: api
  template:
    metadata:
      labels:
        app: api
        tier: backend
    spec:
      containers:
        - name: api
          image: shop/api:1.2.3
`;

const budget = (selector: string, name = 'web-pdb') => `apiVersion: policy/v1
kind: PodDisruptionBudget
metadata:
  name: ${name}
spec:
  maxUnavailable: 1
${selector}`;

const selectorOf = (app: string) => `  selector:
    matchLabels:
      app: ${app}
`;

const nullSelector = `apiVersion: policy/v1
kind: PodDisruptionBudget
metadata:
  name: api
spec:
  selector:
  maxUnavailable: 1
`;

const statefulSet = `apiVersion: apps/v1
kind: StatefulSet
metadata:
  name: db
spec:
  replicas: 3
  serviceName: db
  selector:
    matchLabels:
      app: db
  template:
    metadata:
      labels:
        app: db
    spec:
      containers:
        - name: db
          image: postgres:16.4
`;

export default defineCases({
  valid: [
    { name: 'the selector matches a Deployment in another file', code: budget(selectorOf('web')), files: { 'deploy.yaml': workloads } },
    {
      name: 'a matchExpressions selector matches',
      code: budget('  selector:\n    matchExpressions:\n      - {key: tier, operator: In, values: [frontend, edge]}\n'),
      files: { 'deploy.yaml': workloads },
    },
    {
      name: 'a per-pod budget on a label the StatefulSet controller adds',
      code: budget('  selector:\n    matchLabels:\n      app: db\n      statefulset.kubernetes.io/pod-name: db-0\n', 'db-0'),
      files: { 'db.yaml': statefulSet },
    },
    {
      name: 'pods that an operator creates are declared as external pod labels',
      code: budget('  selector:\n    matchLabels:\n      spark-app: etl\n'),
      config: { rules: { 'pdb-selector-no-match': { options: { externalPodLabels: [{ 'spark-app': 'etl', role: 'driver' }] } } } },
    },
    {
      name: 'a selector on labels of a known operator (Strimzi)',
      code: budget('  selector:\n    matchLabels:\n      strimzi.io/cluster: events\n      strimzi.io/kind: Kafka\n'),
    },
    {
      name: 'a Helm hook',
      code: budget(selectorOf('web-server')).replace('  name: web-pdb\n', '  name: web-pdb\n  annotations:\n    helm.sh/hook: post-install\n'),
    },
    {
      name: 'a budget for DaemonSet pods still selects pods',
      code: budget(selectorOf('node-agent')),
      files: {
        'ds.yaml': `apiVersion: apps/v1
kind: DaemonSet
metadata:
  name: node-agent
spec:
  selector:
    matchLabels:
      app: node-agent
  template:
    metadata:
      labels:
        app: node-agent
    spec:
      containers:
        - name: agent
          image: agent:1.0.0
`,
      },
    },
  ],
  invalid: [
    {
      name: 'no pod template matches: the selectors of the namespace are offered, the closest first',
      code: budget(selectorOf('web-server')),
      files: { 'deploy.yaml': workloads },
      errors: [
        {
          messageId: 'noMatch',
          line: 7,
          column: 3,
          endLine: 7,
          endColumn: 11,
          severity: 'warning',
          output: null,
          suggestions: [
            { messageId: 'useSelectorOf', output: budget(selectorOf('web')) },
            { messageId: 'useSelectorOf', output: budget(selectorOf('api')) },
          ],
        },
      ],
    },
    {
      name: 'shared labels rank before names',
      code: budget('  selector:\n    matchLabels:\n      app: backend\n      tier: backend\n'),
      files: { 'deploy.yaml': workloads },
      errors: [
        {
          messageId: 'noMatch',
          line: 7,
          column: 3,
          endLine: 7,
          endColumn: 11,
          suggestions: [
            { messageId: 'useSelectorOf', output: budget(selectorOf('api')) },
            { messageId: 'useSelectorOf', output: budget(selectorOf('web')) },
          ],
        },
      ],
    },
    {
      name: 'partial manifest sets report info',
      code: budget(selectorOf('web-server')),
      config: { manifestSet: 'partial' },
      errors: [{ messageId: 'noMatchPartial', line: 7, column: 3, endLine: 7, endColumn: 11, severity: 'info', suggestions: [] }],
    },
    {
      name: 'the matching workload is in another namespace',
      code: budget(selectorOf('web')).replace('  name: web-pdb\n', '  name: web-pdb\n  namespace: shop\n'),
      files: { 'deploy.yaml': workloads },
      errors: [{ messageId: 'noMatch', line: 8, column: 3, endLine: 8, endColumn: 11, suggestions: [] }],
    },
    {
      name: 'a missing selector selects nothing',
      code: budget('', 'api'),
      files: { 'deploy.yaml': workloads },
      errors: [
        {
          messageId: 'noSelector',
          line: 5,
          column: 1,
          endLine: 5,
          endColumn: 5,
          severity: 'warning',
          suggestions: [
            { messageId: 'useSelectorOf', output: budget(selectorOf('api'), 'api') },
            { messageId: 'useSelectorOf', output: budget(selectorOf('web'), 'api') },
          ],
        },
      ],
    },
    {
      name: 'a null selector selects nothing',
      code: nullSelector,
      files: { 'deploy.yaml': workloads },
      errors: [
        {
          messageId: 'noSelector',
          line: 6,
          column: 3,
          endLine: 6,
          endColumn: 11,
          suggestions: [
            { messageId: 'useSelectorOf', output: nullSelector.replace('  selector:\n', selectorOf('api')) },
            { messageId: 'useSelectorOf', output: nullSelector.replace('  selector:\n', selectorOf('web')) },
          ],
        },
      ],
    },
    {
      name: 'an empty selector selects every pod of the namespace',
      code: budget('  selector: {}\n', 'api'),
      files: { 'deploy.yaml': workloads },
      errors: [
        {
          messageId: 'selectsAll',
          line: 7,
          column: 3,
          endLine: 7,
          endColumn: 11,
          suggestions: [
            { messageId: 'useSelectorOf', output: budget(selectorOf('api'), 'api') },
            { messageId: 'useSelectorOf', output: budget(selectorOf('web'), 'api') },
          ],
        },
      ],
    },
    {
      name: 'an empty selector in policy/v1beta1 selects nothing',
      code: budget('  selector: {}\n', 'api').replace('policy/v1', 'policy/v1beta1'),
      files: { 'deploy.yaml': workloads },
      errors: [
        {
          messageId: 'emptySelectorV1beta1',
          line: 7,
          column: 3,
          endLine: 7,
          endColumn: 11,
          suggestions: [
            { messageId: 'useSelectorOf', output: budget(selectorOf('api'), 'api').replace('policy/v1', 'policy/v1beta1') },
            { messageId: 'useSelectorOf', output: budget(selectorOf('web'), 'api').replace('policy/v1', 'policy/v1beta1') },
          ],
        },
      ],
    },
    {
      name: 'a workload that already has a budget is not offered (its pods would get two)',
      code: budget(selectorOf('web-server')),
      files: { 'deploy.yaml': workloads, 'pdb.yaml': budget(selectorOf('web'), 'web') },
      errors: [
        {
          messageId: 'noMatch',
          line: 7,
          column: 3,
          endLine: 7,
          endColumn: 11,
          suggestions: [{ messageId: 'useSelectorOf', output: budget(selectorOf('api')) }],
        },
      ],
    },
    {
      name: 'a selector with comments is reported without a fix',
      code: budget('  selector:\n    matchLabels:\n      app: web-server # renamed in 2.0\n'),
      files: { 'deploy.yaml': workloads },
      errors: [{ messageId: 'noMatch', line: 7, column: 3, endLine: 7, endColumn: 11, suggestions: [] }],
    },
    {
      name: 'an invalid operator selects nothing',
      code: budget('  selector:\n    matchExpressions:\n      - {key: app, operator: Equals, values: [web]}\n'),
      files: { 'deploy.yaml': workloads },
      errors: [
        {
          messageId: 'noMatch',
          line: 7,
          column: 3,
          endLine: 7,
          endColumn: 11,
          suggestions: [
            { messageId: 'useSelectorOf', output: budget(selectorOf('web')) },
            { messageId: 'useSelectorOf', output: budget(selectorOf('api')) },
          ],
        },
      ],
    },
  ],
});
