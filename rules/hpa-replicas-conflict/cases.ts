import { defineCases } from '../../test/support/rule-tester';

const deployment = (replicas: string) => `apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
spec:
${replicas}  selector:
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

const hpa = (name = 'web', target = 'web', kind = 'Deployment', apiVersion = 'apps/v1') => `apiVersion: autoscaling/v2
kind: HorizontalPodAutoscaler
metadata:
  name: ${name}
spec:
  scaleTargetRef:
    apiVersion: ${apiVersion}
    kind: ${kind}
    name: ${target}
  minReplicas: 2
  maxReplicas: 10
`;

const scaledObject = `apiVersion: keda.sh/v1alpha1
kind: ScaledObject
metadata:
  name: web-queue
spec:
  scaleTargetRef:
    name: web
  minReplicaCount: 2
  triggers:
    - type: aws-sqs-queue
      metadata:
        queueURL: https://sqs.eu-west-1.amazonaws.com/123456789012/orders
`;

export default defineCases({
  valid: [
    { name: 'the autoscaled Deployment leaves replicas to the HPA', code: deployment(''), files: { 'hpa.yaml': hpa() } },
    { name: 'the HPA targets a Deployment in the project', code: hpa(), files: { 'deploy.yaml': deployment('') } },
    { name: 'replicas without an autoscaler', code: deployment('  replicas: 3\n') },
    {
      name: 'a KEDA worker parked at zero replicas (KEDA scales it up from zero)',
      code: deployment('  replicas: 0\n'),
      files: { 'so.yaml': scaledObject.replace('minReplicaCount: 2', 'minReplicaCount: 0') },
    },
    {
      name: 'an extensions/v1beta1 reference to an apps/v1 Deployment',
      code: hpa('web', 'web', 'Deployment', 'extensions/v1beta1'),
      files: { 'deploy.yaml': deployment('') },
    },
    {
      name: 'a custom resource with a scale subresource (OpenKruise CloneSet)',
      code: hpa('web', 'web', 'CloneSet', 'apps.kruise.io/v1alpha1'),
      files: {
        'cloneset.yaml': `apiVersion: apps.kruise.io/v1alpha1
kind: CloneSet
metadata:
  name: web
spec:
  replicas: 3
`,
      },
    },
    { name: 'two HPAs for two workloads', code: `${hpa()}---\n${hpa('api', 'api')}`, files: { 'deploy.yaml': `${deployment('')}---\n${deployment('').replace(/web/g, 'api')}` } },
    {
      name: 'a Helm hook',
      code: hpa('web', 'gone').replace('  name: web\nspec', '  name: web\n  annotations:\n    helm.sh/hook: post-install\nspec'),
    },
  ],
  invalid: [
    {
      name: 'an autoscaled Deployment also sets replicas',
      code: deployment('  replicas: 3 # peak traffic\n'),
      files: { 'hpa.yaml': hpa() },
      errors: [
        {
          messageId: 'replicasWithAutoscaler',
          line: 6,
          column: 3,
          endLine: 6,
          endColumn: 11,
          severity: 'warning',
          output: null,
          suggestions: [{ messageId: 'removeReplicas', output: deployment('  # peak traffic\n') }],
        },
      ],
    },
    {
      name: 'a Deployment scaled by a KEDA ScaledObject also sets replicas',
      code: `${deployment('  replicas: 2\n')}---\n${scaledObject}`,
      errors: [
        {
          messageId: 'replicasWithAutoscaler',
          line: 6,
          column: 3,
          endLine: 6,
          endColumn: 11,
          suggestions: [{ messageId: 'removeReplicas', output: `${deployment('')}---\n${scaledObject}` }],
        },
      ],
    },
    {
      name: 'replicas: 0 disables the HPA',
      code: deployment('  replicas: 0\n'),
      files: { 'hpa.yaml': hpa() },
      errors: [{ messageId: 'disabledByZero', line: 6, column: 3, endLine: 6, endColumn: 11, severity: 'info', suggestions: [] }],
    },
    {
      name: 'two HPAs scale one Deployment',
      code: hpa('web-cpu'),
      files: { 'deploy.yaml': deployment(''), 'hpa.yaml': hpa('web-memory') },
      errors: [{ messageId: 'multipleAutoscalers', line: 6, column: 3, endLine: 6, endColumn: 17, severity: 'error', suggestions: [] }],
    },
    {
      name: 'an HPA and a KEDA ScaledObject scale one Deployment',
      code: `${hpa()}---\n${scaledObject}`,
      files: { 'deploy.yaml': deployment('') },
      errors: [
        { messageId: 'multipleAutoscalers', line: 6, column: 3, endLine: 6, endColumn: 17, severity: 'error' },
        { messageId: 'multipleAutoscalers', line: 18, column: 3, endLine: 18, endColumn: 17, severity: 'error' },
      ],
    },
    {
      name: 'two autoscaled Deployments whose selectors overlap (a canary)',
      code: hpa(),
      files: {
        'deploy.yaml': `${deployment('')}---\n${deployment('')
          .replace('  name: web\n', '  name: web-canary\n')
          .replace('      app: web\n  template', '      app: web\n      track: canary\n  template')
          .replace('        app: web\n    spec', '        app: web\n        track: canary\n    spec')}`,
        'hpa.yaml': hpa('web-canary', 'web-canary'),
      },
      errors: [{ messageId: 'overlappingSelectors', line: 6, column: 3, endLine: 6, endColumn: 17, severity: 'error', suggestions: [] }],
    },
    {
      name: 'the target is not in the project',
      code: hpa('php-apache', 'php-apache'),
      files: { 'deploy.yaml': deployment('').replace(/web/g, 'php-not-apache') },
      errors: [{ messageId: 'targetNotFound', line: 9, column: 11, endLine: 9, endColumn: 21, severity: 'warning', suggestions: [] }],
    },
    {
      name: 'the target is not in the workspace, in partial mode',
      code: hpa('web', 'web'),
      config: { manifestSet: 'partial' },
      errors: [{ messageId: 'targetNotFoundPartial', line: 9, column: 11, endLine: 9, endColumn: 14, severity: 'info' }],
    },
    {
      name: 'the target is in another namespace',
      code: hpa().replace('  name: web\nspec', '  name: web\n  namespace: shop\nspec'),
      files: { 'deploy.yaml': deployment('') },
      errors: [{ messageId: 'targetNotFound', line: 10, column: 11, endLine: 10, endColumn: 14 }],
    },
    {
      name: 'a DaemonSet cannot be scaled',
      code: hpa('agent', 'agent', 'DaemonSet'),
      files: {
        'ds.yaml': `apiVersion: apps/v1
kind: DaemonSet
metadata:
  name: agent
spec:
  selector:
    matchLabels:
      app: agent
  template:
    metadata:
      labels:
        app: agent
    spec:
      containers:
        - name: agent
          image: agent:1.0.0
`,
      },
      errors: [{ messageId: 'targetNotScalable', line: 8, column: 11, endLine: 8, endColumn: 20, severity: 'warning' }],
    },
    {
      name: 'an Argo Rollout scaled by an HPA also sets replicas',
      code: deployment('  replicas: 4\n').replace('apiVersion: apps/v1\nkind: Deployment', 'apiVersion: argoproj.io/v1alpha1\nkind: Rollout'),
      files: { 'hpa.yaml': hpa('web', 'web', 'Rollout', 'argoproj.io/v1alpha1') },
      errors: [
        {
          messageId: 'replicasWithAutoscaler',
          line: 6,
          column: 3,
          endLine: 6,
          endColumn: 11,
          suggestions: [
            {
              messageId: 'removeReplicas',
              output: deployment('').replace('apiVersion: apps/v1\nkind: Deployment', 'apiVersion: argoproj.io/v1alpha1\nkind: Rollout'),
            },
          ],
        },
      ],
    },
  ],
});
