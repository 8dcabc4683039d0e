import { defineCases } from '../../test/support/rule-tester';

const hpa = (fields: string, apiVersion = 'autoscaling/v2') => `apiVersion: ${apiVersion}
kind: HorizontalPodAutoscaler
metadata:
  name: web
spec:
  scaleTargetRef:
    apiVersion: apps/v1
    kind: Deployment
    name: web
${fields}`;

const deployment = `apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
spec:
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
`;

export default defineCases({
  valid: [
    { name: 'minReplicas 2', code: hpa('  minReplicas: 2\n  maxReplicas: 10\n') },
    {
      name: 'the target is in the project: workload-single-replica reports it on the workload',
      code: hpa('  minReplicas: 1\n  maxReplicas: 10\n'),
      files: { 'deploy.yaml': deployment },
    },
    {
      name: 'the target is an Argo Rollout in the project',
      code: hpa('  maxReplicas: 10\n').replace('apiVersion: apps/v1\n    kind: Deployment', 'apiVersion: argoproj.io/v1alpha1\n    kind: Rollout'),
      files: {
        'rollout.yaml': deployment.replace('apiVersion: apps/v1\nkind: Deployment', 'apiVersion: argoproj.io/v1alpha1\nkind: Rollout'),
      },
    },
    { name: 'a Helm hook', code: hpa('  minReplicas: 1\n  maxReplicas: 10\n').replace('  name: web\nspec', '  name: web\n  annotations:\n    helm.sh/hook: post-install\nspec') },
    { name: 'a minReplicas the API rejects ("1")', code: hpa('  minReplicas: "1"\n  maxReplicas: 10\n') },
    { name: 'three replicas at minimum scale', code: hpa('  minReplicas: 3\n  maxReplicas: 100\n', 'autoscaling/v2beta1') },
  ],
  invalid: [
    {
      name: 'minReplicas 1 and the target is not in the project',
      code: hpa('  minReplicas: 1\n  maxReplicas: 10\n'),
      errors: [
        {
          messageId: 'low',
          line: 10,
          column: 3,
          endLine: 10,
          endColumn: 14,
          severity: 'warning',
          output: null,
          suggestions: [{ messageId: 'setMin', output: hpa('  minReplicas: 2\n  maxReplicas: 10\n') }],
        },
      ],
    },
    {
      name: 'minReplicas missing defaults to 1',
      code: hpa('  maxReplicas: 10\n', 'autoscaling/v1'),
      errors: [
        {
          messageId: 'lowDefault',
          line: 5,
          column: 1,
          endLine: 5,
          endColumn: 5,
          suggestions: [{ messageId: 'setMin', output: hpa('  maxReplicas: 10\n  minReplicas: 2\n', 'autoscaling/v1') }],
        },
      ],
    },
    {
      name: 'minReplicas and maxReplicas 1: both are raised, or the API rejects the HPA',
      code: hpa('  minReplicas: 1\n  maxReplicas: 1\n'),
      errors: [
        {
          messageId: 'low',
          line: 10,
          column: 3,
          endLine: 10,
          endColumn: 14,
          suggestions: [{ messageId: 'setMinAndMax', output: hpa('  minReplicas: 2\n  maxReplicas: 2\n') }],
        },
      ],
    },
    {
      name: 'minReplicas 0 (the HPAScaleToZero alpha feature)',
      code: hpa('  minReplicas: 0\n  maxReplicas: 10\n'),
      errors: [
        {
          messageId: 'low',
          line: 10,
          column: 3,
          endLine: 10,
          endColumn: 14,
          suggestions: [{ messageId: 'setMin', output: hpa('  minReplicas: 2\n  maxReplicas: 10\n') }],
        },
      ],
    },
    {
      name: 'preferredReplicas sets the value the fix writes',
      code: hpa('  minReplicas: 1\n  maxReplicas: 10\n'),
      config: { preferredReplicas: 3 },
      errors: [
        {
          messageId: 'low',
          line: 10,
          column: 3,
          endLine: 10,
          endColumn: 14,
          suggestions: [{ messageId: 'setMin', output: hpa('  minReplicas: 3\n  maxReplicas: 10\n') }],
        },
      ],
    },
    {
      name: 'the workload of that name is in another namespace',
      code: hpa('  minReplicas: 1\n  maxReplicas: 10\n').replace('  name: web\nspec', '  name: web\n  namespace: shop\nspec'),
      files: { 'deploy.yaml': deployment },
      errors: [
        {
          messageId: 'low',
          line: 11,
          column: 3,
          endLine: 11,
          endColumn: 14,
          suggestions: [
            {
              messageId: 'setMin',
              output: hpa('  minReplicas: 2\n  maxReplicas: 10\n').replace('  name: web\nspec', '  name: web\n  namespace: shop\nspec'),
            },
          ],
        },
      ],
    },
    {
      name: 'minReplicas equal to maxReplicas: the HPA never scales',
      code: hpa('  minReplicas: 3\n  maxReplicas: 3\n'),
      files: { 'deploy.yaml': deployment },
      errors: [{ messageId: 'fixedScale', line: 11, column: 3, endLine: 11, endColumn: 14, severity: 'info', suggestions: [] }],
    },
  ],
});
