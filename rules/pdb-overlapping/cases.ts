import { defineCases } from '../../test/support/rule-tester';

const canary = `apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
spec:
  replicas: 3
  selector:
    matchLabels: {app: web, track: stable}
  template:
    metadata:
      labels: {app: web, track: stable}
    spec:
      containers:
        - name: web
          image: shop/web:1.4.0
---
apiVersion: apps/v1
kind: Deployment
metadata:
  name: web-canary
spec:
  replicas: 1
  selector:
    matchLabels: {app: web, track: canary}
  template:
    metadata:
      labels: {app: web, track: canary}
    spec:
      containers:
        - name: web
          image: shop/web:1.5.0-rc.1
`;

const apps = `apiVersion: apps/v1
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
    spec:
      containers:
        - name: web
          image: shop/web:1.4.0
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
    spec:
      containers:
        - name: api
          image: shop/api:1.4.0
`;

const budget = (name: string, labels: string) => `apiVersion: policy/v1
kind: PodDisruptionBudget
metadata:
  name: ${name}
spec:
  maxUnavailable: 1
  selector:
    matchLabels:
${labels}`;

const webBudget = budget('web', '      app: web\n');
const canaryBudget = budget('web-canary', '      app: web\n      track: canary\n');
const stableBudget = budget('web', '      app: web\n      track: stable\n');

export default defineCases({
  valid: [
    { name: 'one budget per workload', code: `${stableBudget}---\n${canaryBudget}`, files: { 'deploy.yaml': canary } },
    {
      name: 'budgets in different namespaces',
      code: `${webBudget}---\n${webBudget.replace('  name: web\n', '  name: web\n  namespace: staging\n')}`,
      files: { 'deploy.yaml': apps },
    },
    {
      name: 'a policy/v1beta1 budget with an empty selector selects nothing',
      code: `${webBudget}---\n${budget('all', '').replace('policy/v1', 'policy/v1beta1').replace('    matchLabels:\n', '').replace('  selector:\n', '  selector: {}\n')}`,
      files: { 'deploy.yaml': apps },
    },
    {
      name: 'two budgets over Job pods (run-to-completion pods are not drained the same way)',
      code: `${budget('migrate', '      job: migrate\n')}---\n${budget('migrate-2', '      job: migrate\n')}`,
      files: {
        'job.yaml': `apiVersion: batch/v1
kind: Job
metadata:
  name: migrate
spec:
  template:
    metadata:
      labels:
        job: migrate
    spec:
      restartPolicy: Never
      containers:
        - name: migrate
          image: shop/migrate:2.0.1
`,
      },
    },
    {
      name: 'a Helm hook budget',
      code: `${webBudget}---\n${budget('web-hook', '      app: web\n').replace('  name: web-hook\n', '  name: web-hook\n  annotations:\n    helm.sh/hook: pre-upgrade\n')}`,
      files: { 'deploy.yaml': apps },
    },
    { name: 'a budget that selects no pods cannot overlap', code: webBudget },
  ],
  invalid: [
    {
      name: 'a budget for the whole app and one for its canary',
      code: `${webBudget}---\n${canaryBudget}`,
      files: { 'deploy.yaml': canary },
      errors: [
        {
          messageId: 'overlap',
          line: 7,
          column: 3,
          endLine: 7,
          endColumn: 11,
          severity: 'error',
          output: null,
          suggestions: [
            { messageId: 'narrow', output: `${stableBudget}---\n${canaryBudget}` },
            { messageId: 'delete', output: canaryBudget },
          ],
        },
        {
          messageId: 'overlap',
          line: 17,
          column: 3,
          endLine: 17,
          endColumn: 11,
          severity: 'error',
          output: null,
          suggestions: [{ messageId: 'delete', output: webBudget }],
        },
      ],
    },
    {
      name: 'the other budget is in another file',
      code: `${canaryBudget}---\n${canary}`,
      files: { 'pdb.yaml': webBudget },
      errors: [
        {
          messageId: 'overlap',
          line: 7,
          column: 3,
          endLine: 7,
          endColumn: 11,
          suggestions: [{ messageId: 'delete', output: canary }],
        },
      ],
    },
    {
      name: 'an empty selector selects every pod, including those with a budget of their own (and a budget inside a List)',
      code: `apiVersion: policy/v1
kind: PodDisruptionBudget
metadata:
  name: everything
spec:
  maxUnavailable: 1
  selector: {}
---
apiVersion: v1
kind: List
items:
  - apiVersion: policy/v1
    kind: PodDisruptionBudget
    metadata:
      name: web
    spec:
      maxUnavailable: 1
      selector:
        matchLabels:
          app: web
  - apiVersion: v1
    kind: ConfigMap
    metadata:
      name: settings
`,
      files: { 'deploy.yaml': apps },
      errors: [
        {
          messageId: 'overlap',
          line: 7,
          column: 3,
          endLine: 7,
          endColumn: 11,
          suggestions: [
            {
              messageId: 'narrow',
              output: `apiVersion: policy/v1
kind: PodDisruptionBudget
metadata:
  name: everything
spec:
  maxUnavailable: 1
  selector: {matchLabels: {app: api}}
---
apiVersion: v1
kind: List
items:
  - apiVersion: policy/v1
    kind: PodDisruptionBudget
    metadata:
      name: web
    spec:
      maxUnavailable: 1
      selector:
        matchLabels:
          app: web
  - apiVersion: v1
    kind: ConfigMap
    metadata:
      name: settings
`,
            },
            {
              messageId: 'delete',
              output: `apiVersion: v1
kind: List
items:
  - apiVersion: policy/v1
    kind: PodDisruptionBudget
    metadata:
      name: web
    spec:
      maxUnavailable: 1
      selector:
        matchLabels:
          app: web
  - apiVersion: v1
    kind: ConfigMap
    metadata:
      name: settings
`,
            },
          ],
        },
        {
          messageId: 'overlap',
          line: 18,
          column: 7,
          endLine: 18,
          endColumn: 15,
          suggestions: [
            {
              messageId: 'delete',
              output: `apiVersion: policy/v1
kind: PodDisruptionBudget
metadata:
  name: everything
spec:
  maxUnavailable: 1
  selector: {}
---
apiVersion: v1
kind: List
items:
  - apiVersion: v1
    kind: ConfigMap
    metadata:
      name: settings
`,
            },
          ],
        },
      ],
    },
    {
      name: 'a budget with comments can be narrowed but is not offered for deletion',
      code: `# owned by the payments team
${webBudget}---\n${canaryBudget}`,
      files: { 'deploy.yaml': canary },
      errors: [
        {
          messageId: 'overlap',
          line: 8,
          column: 3,
          endLine: 8,
          endColumn: 11,
          suggestions: [{ messageId: 'narrow', output: `# owned by the payments team\n${stableBudget}---\n${canaryBudget}` }],
        },
        {
          messageId: 'overlap',
          line: 18,
          column: 3,
          endLine: 18,
          endColumn: 11,
          suggestions: [{ messageId: 'delete', output: `# owned by the payments team\n${webBudget}` }],
        },
      ],
    },
    {
      name: 'three budgets over one workload',
      code: `${webBudget}---\n${apps}`,
      files: {
        'pdb.yaml': `${budget('web-2', '      app: web\n')}---\n${budget('web-3', '      app: web\n')}`,
      },
      errors: [
        {
          messageId: 'overlap',
          line: 7,
          column: 3,
          endLine: 7,
          endColumn: 11,
          suggestions: [{ messageId: 'delete', output: apps }],
        },
      ],
    },
  ],
});
