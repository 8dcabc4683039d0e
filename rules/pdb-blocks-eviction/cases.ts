import { defineCases } from '../../test/support/rule-tester';

const pdb = (budget: string, extra = '') => `apiVersion: policy/v1
kind: PodDisruptionBudget
metadata:
  name: shop-api
spec:
  ${budget}
  selector:
    matchLabels:
      app: shop-api
${extra}`;

const withPolicy = (text: string) => `${text}  unhealthyPodEvictionPolicy: AlwaysAllow\n`;

const deployment = (replicas: number | undefined, name = 'shop-api', labels = `app: shop-api`) => `apiVersion: apps/v1
kind: Deployment
metadata:
  name: ${name}
spec:
${replicas === undefined ? '' : `  replicas: ${replicas}\n`}  selector:
    matchLabels:
      ${labels}
  template:
    metadata:
      labels:
        ${labels}
    spec:
      containers:
        - name: api
          image: shop/api:1.2.3
`;

const hpa = (min: number, max: number) => `apiVersion: autoscaling/v2
kind: HorizontalPodAutoscaler
metadata:
  name: shop-api
spec:
  scaleTargetRef:
    apiVersion: apps/v1
    kind: Deployment
    name: shop-api
  minReplicas: ${min}
  maxReplicas: ${max}
`;

export default defineCases({
  valid: [
    { name: 'maxUnavailable: 1', code: pdb('maxUnavailable: 1'), files: { 'deploy.yaml': deployment(3) } },
    { name: 'minAvailable below the replica count', code: pdb('minAvailable: 2'), files: { 'deploy.yaml': deployment(3) } },
    {
      name: 'a percentage that rounds up below the replica count (the EKS upgrade guide example: 80% of 10)',
      code: pdb('minAvailable: "80%"'),
      files: { 'deploy.yaml': deployment(10) },
    },
    { name: '50% of 2 keeps 1 and allows 1 eviction', code: pdb('minAvailable: 50%'), files: { 'deploy.yaml': deployment(2) } },
    {
      name: 'a selector that spans two workloads sums their replicas',
      code: pdb('minAvailable: 3', '    matchExpressions:\n      - {key: tier, operator: In, values: [api]}\n').replace(
        '    matchLabels:\n      app: shop-api\n',
        '',
      ),
      files: {
        'blue.yaml': deployment(2, 'shop-api-blue', 'tier: api'),
        'green.yaml': deployment(2, 'shop-api-green', 'tier: api'),
      },
    },
    {
      name: 'DaemonSet pods are not evicted by drains',
      code: pdb('minAvailable: 1'),
      files: { 'ds.yaml': deployment(undefined).replace('kind: Deployment', 'kind: DaemonSet') },
    },
    {
      name: 'a workload in another namespace is not selected',
      code: pdb('minAvailable: 3'),
      files: { 'deploy.yaml': deployment(3).replace('  name: shop-api\n', '  name: shop-api\n  namespace: other\n') },
    },
    { name: 'minAvailable: 0', code: pdb('minAvailable: 0'), files: { 'deploy.yaml': deployment(1) } },
    { name: 'a budget that selects nothing is left to pdb-selector-no-match', code: pdb('minAvailable: 2') },
    { name: 'a parked workload has no pods to evict', code: pdb('minAvailable: 1'), files: { 'deploy.yaml': deployment(0) } },
    {
      name: 'an HPA whose minimum leaves room for one eviction',
      code: pdb('minAvailable: 2'),
      files: { 'deploy.yaml': deployment(undefined), 'hpa.yaml': hpa(3, 10) },
    },
    {
      name: 'Job pods run to completion and are not counted',
      code: pdb('minAvailable: 1'),
      files: {
        'job.yaml': `apiVersion: batch/v1
kind: Job
metadata:
  name: migrate
spec:
  template:
    metadata:
      labels:
        app: shop-api
    spec:
      restartPolicy: Never
      containers:
        - name: migrate
          image: shop/migrate:1.2.3
`,
      },
    },
    {
      name: 'Helm hooks are exempt',
      code: pdb('maxUnavailable: 0').replace('  name: shop-api\n', '  name: shop-api\n  annotations:\n    helm.sh/hook: pre-upgrade\n'),
    },
    { name: 'a value the API would reject is left to schema validation', code: pdb('minAvailable: "all"'), files: { 'deploy.yaml': deployment(3) } },
    { name: 'a kind from another API group', code: pdb('maxUnavailable: 0').replace('policy/v1', 'example.com/v1') },
    {
      name: 'spec of the wrong shape does not crash the rule',
      code: 'apiVersion: policy/v1\nkind: PodDisruptionBudget\nmetadata:\n  name: broken\nspec: [1, 2]\n',
    },
  ],
  invalid: [
    {
      name: 'maxUnavailable: 0 blocks every eviction, even with no workload in the repository',
      code: pdb('maxUnavailable: 0'),
      errors: [
        {
          messageId: 'maxUnavailableZero',
          line: 6,
          column: 3,
          endLine: 6,
          endColumn: 17,
          severity: 'error',
          output: null,
          suggestions: [
            { messageId: 'allowOne', output: pdb('maxUnavailable: 1') },
            { messageId: 'allowOneAndUnhealthy', output: withPolicy(pdb('maxUnavailable: 1')) },
          ],
        },
      ],
    },
    {
      name: 'maxUnavailable: "0%" with the selected workload in another file',
      code: pdb('maxUnavailable: "0%" # freeze'),
      files: { 'deploy.yaml': deployment(3) },
      errors: [
        {
          messageId: 'maxUnavailableZero',
          line: 6,
          column: 3,
          endLine: 6,
          endColumn: 17,
          severity: 'error',
          suggestions: [
            { messageId: 'allowOne', output: pdb('maxUnavailable: 1 # freeze') },
            { messageId: 'allowOneAndUnhealthy', output: withPolicy(pdb('maxUnavailable: 1 # freeze')) },
          ],
        },
      ],
    },
    {
      name: 'minAvailable: 100%',
      code: pdb('minAvailable: "100%"'),
      files: { 'deploy.yaml': deployment(3) },
      errors: [
        {
          messageId: 'minAvailableAll',
          line: 6,
          column: 3,
          endLine: 6,
          endColumn: 15,
          severity: 'error',
          suggestions: [
            { messageId: 'allowOne', output: pdb('maxUnavailable: 1') },
            { messageId: 'setMinAvailable', output: pdb('minAvailable: 2') },
            { messageId: 'allowOneAndUnhealthy', output: withPolicy(pdb('maxUnavailable: 1')) },
          ],
        },
      ],
    },
    {
      name: 'minAvailable equal to the replica count',
      code: pdb('minAvailable: 3'),
      files: { 'deploy.yaml': deployment(3) },
      errors: [
        {
          messageId: 'minAvailableTooHigh',
          line: 6,
          column: 3,
          endLine: 6,
          endColumn: 15,
          severity: 'error',
          suggestions: [
            { messageId: 'allowOne', output: pdb('maxUnavailable: 1') },
            { messageId: 'setMinAvailable', output: pdb('minAvailable: 2') },
            { messageId: 'allowOneAndUnhealthy', output: withPolicy(pdb('maxUnavailable: 1')) },
          ],
        },
      ],
    },
    {
      name: 'a percentage rounds up: 80% of 3 is 3',
      code: pdb("minAvailable: '80%'"),
      files: { 'deploy.yaml': deployment(3) },
      errors: [
        {
          messageId: 'minAvailableTooHigh',
          line: 6,
          column: 3,
          endLine: 6,
          endColumn: 15,
          suggestions: [
            { messageId: 'allowOne', output: pdb('maxUnavailable: 1') },
            { messageId: 'setMinAvailable', output: pdb('minAvailable: 2') },
            { messageId: 'allowOneAndUnhealthy', output: withPolicy(pdb('maxUnavailable: 1')) },
          ],
        },
      ],
    },
    {
      name: 'a singleton with minAvailable: 1 can never be drained',
      code: `${deployment(1)}---\n${pdb('minAvailable: 1')}`,
      errors: [
        {
          messageId: 'minAvailableTooHigh',
          line: 24,
          column: 3,
          endLine: 24,
          endColumn: 15,
          severity: 'error',
          suggestions: [
            { messageId: 'allowOne', output: `${deployment(1)}---\n${pdb('maxUnavailable: 1')}` },
            { messageId: 'allowOneAndUnhealthy', output: `${deployment(1)}---\n${withPolicy(pdb('maxUnavailable: 1'))}` },
          ],
        },
      ],
    },
    {
      name: 'a selector that spans several workloads: their replicas are summed',
      code: pdb('minAvailable: 2', '    matchExpressions:\n      - {key: tier, operator: In, values: [api]}\n').replace(
        '    matchLabels:\n      app: shop-api\n',
        '',
      ),
      files: {
        'blue.yaml': deployment(1, 'shop-api-blue', 'tier: api'),
        'green.yaml': deployment(1, 'shop-api-green', 'tier: api'),
      },
      errors: [
        {
          messageId: 'minAvailableTooHigh',
          line: 6,
          column: 3,
          endLine: 6,
          endColumn: 15,
          severity: 'error',
          suggestions: [
            {
              messageId: 'allowOne',
              output: pdb('maxUnavailable: 1', '    matchExpressions:\n      - {key: tier, operator: In, values: [api]}\n').replace(
                '    matchLabels:\n      app: shop-api\n',
                '',
              ),
            },
            {
              messageId: 'setMinAvailable',
              output: pdb('minAvailable: 1', '    matchExpressions:\n      - {key: tier, operator: In, values: [api]}\n').replace(
                '    matchLabels:\n      app: shop-api\n',
                '',
              ),
            },
            {
              messageId: 'allowOneAndUnhealthy',
              output: withPolicy(
                pdb('maxUnavailable: 1', '    matchExpressions:\n      - {key: tier, operator: In, values: [api]}\n').replace(
                  '    matchLabels:\n      app: shop-api\n',
                  '',
                ),
              ),
            },
          ],
        },
      ],
    },
    {
      name: 'an HPA minimum equal to the budget blocks only at the low end: warning',
      code: pdb('minAvailable: 2'),
      files: { 'deploy.yaml': deployment(undefined), 'hpa.yaml': hpa(2, 10) },
      errors: [
        {
          messageId: 'minAvailableTooHighAtMin',
          line: 6,
          column: 3,
          endLine: 6,
          endColumn: 15,
          severity: 'warning',
          suggestions: [
            { messageId: 'allowOne', output: pdb('maxUnavailable: 1') },
            { messageId: 'setMinAvailable', output: pdb('minAvailable: 1') },
            { messageId: 'allowOneAndUnhealthy', output: withPolicy(pdb('maxUnavailable: 1')) },
          ],
        },
      ],
    },
    {
      name: 'an HPA whose maximum does not exceed the budget blocks at every scale: error',
      code: pdb('minAvailable: 3'),
      files: { 'deploy.yaml': deployment(undefined), 'hpa.yaml': hpa(1, 3) },
      errors: [
        {
          messageId: 'minAvailableTooHigh',
          line: 6,
          column: 3,
          endLine: 6,
          endColumn: 15,
          severity: 'error',
          suggestions: [
            { messageId: 'allowOne', output: pdb('maxUnavailable: 1') },
            { messageId: 'allowOneAndUnhealthy', output: withPolicy(pdb('maxUnavailable: 1')) },
          ],
        },
      ],
    },
    {
      name: 'a percentage with an HPA that can scale in to one pod: 50% of 1 rounds up to 1',
      code: pdb('minAvailable: 50%'),
      files: { 'deploy.yaml': deployment(undefined), 'hpa.yaml': hpa(1, 4) },
      errors: [
        {
          messageId: 'minAvailableTooHighAtMin',
          line: 6,
          column: 3,
          endLine: 6,
          endColumn: 15,
          severity: 'warning',
          suggestions: [
            { messageId: 'allowOne', output: pdb('maxUnavailable: 1') },
            { messageId: 'allowOneAndUnhealthy', output: withPolicy(pdb('maxUnavailable: 1')) },
          ],
        },
      ],
    },
    {
      name: 'a queue worker that scales to zero: blocks while it runs a single pod',
      code: pdb('minAvailable: 1'),
      files: {
        'deploy.yaml': deployment(undefined),
        'scaledobject.yaml': `apiVersion: keda.sh/v1alpha1
kind: ScaledObject
metadata:
  name: shop-api
spec:
  scaleTargetRef:
    name: shop-api
  maxReplicaCount: 20
`,
      },
      errors: [
        {
          messageId: 'minAvailableTooHighAtMin',
          line: 6,
          column: 3,
          endLine: 6,
          endColumn: 15,
          severity: 'warning',
          suggestions: [
            { messageId: 'allowOne', output: pdb('maxUnavailable: 1') },
            { messageId: 'allowOneAndUnhealthy', output: withPolicy(pdb('maxUnavailable: 1')) },
          ],
        },
      ],
    },
    {
      name: 'unhealthyPodEvictionPolicy already set: no combined suggestion',
      code: pdb('minAvailable: 3', '  unhealthyPodEvictionPolicy: IfHealthyBudget\n'),
      files: { 'deploy.yaml': deployment(3) },
      errors: [
        {
          messageId: 'minAvailableTooHigh',
          line: 6,
          column: 3,
          endLine: 6,
          endColumn: 15,
          suggestions: [
            { messageId: 'allowOne', output: pdb('maxUnavailable: 1', '  unhealthyPodEvictionPolicy: IfHealthyBudget\n') },
            { messageId: 'setMinAvailable', output: pdb('minAvailable: 2', '  unhealthyPodEvictionPolicy: IfHealthyBudget\n') },
          ],
        },
      ],
    },
    {
      name: 'clusters older than 1.27 get no unhealthyPodEvictionPolicy',
      code: pdb('maxUnavailable: 0'),
      config: { kubernetesVersion: '1.26' },
      errors: [
        {
          messageId: 'maxUnavailableZero',
          line: 6,
          column: 3,
          endLine: 6,
          endColumn: 17,
          suggestions: [{ messageId: 'allowOne', output: pdb('maxUnavailable: 1') }],
        },
      ],
    },
    {
      name: 'a policy/v1beta1 budget with an empty selector still refuses evictions',
      code: `apiVersion: policy/v1beta1
kind: PodDisruptionBudget
metadata:
  name: legacy
spec:
  selector: {}
  maxUnavailable: 0
`,
      errors: [
        {
          messageId: 'maxUnavailableZero',
          line: 7,
          column: 3,
          endLine: 7,
          endColumn: 17,
          suggestions: [
            { messageId: 'allowOne', output: 'apiVersion: policy/v1beta1\nkind: PodDisruptionBudget\nmetadata:\n  name: legacy\nspec:\n  selector: {}\n  maxUnavailable: 1\n' },
            {
              messageId: 'allowOneAndUnhealthy',
              output:
                'apiVersion: policy/v1beta1\nkind: PodDisruptionBudget\nmetadata:\n  name: legacy\nspec:\n  selector: {}\n  maxUnavailable: 1\n  unhealthyPodEvictionPolicy: AlwaysAllow\n',
            },
          ],
        },
      ],
    },
  ],
});
