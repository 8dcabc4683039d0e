import { defineCases } from '../../test/support/rule-tester';

const deployment = `apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
  namespace: shop
spec:
  replicas: 2
  selector:
    matchLabels:
      app: web
  template:
    metadata:
      labels:
        app: web
    spec:
      serviceAccountName: web
      containers:
        - name: app
          image: shop/web:1.4.2
`;

const account = `apiVersion: v1
kind: ServiceAccount
metadata:
  name: web
  namespace: shop
`;

const withContainer = (lines: string) => deployment.replace('          image: shop/web:1.4.2\n', `          image: shop/web:1.4.2\n${lines}`);
const disabledInPod = deployment.replace('          image: shop/web:1.4.2\n', '          image: shop/web:1.4.2\n      automountServiceAccountToken: false\n');

const roleBinding = (subject: string, namespace = 'shop') => `apiVersion: rbac.authorization.k8s.io/v1
kind: RoleBinding
metadata:
  name: web-reader
  namespace: ${namespace}
roleRef:
  apiGroup: rbac.authorization.k8s.io
  kind: Role
  name: config-reader
subjects:
${subject}`;

const worker = deployment.replace(/web/g, 'worker').replace('serviceAccountName: worker', 'serviceAccountName: web');

export default defineCases({
  valid: [
    { name: 'the pod disables the token', code: disabledInPod, files: { 'sa.yaml': account } },
    { name: 'the ServiceAccount disables the token', code: deployment, files: { 'sa.yaml': `${account}automountServiceAccountToken: false\n` } },
    {
      name: 'the pod sets true on purpose: a declared need',
      code: deployment.replace('      serviceAccountName: web\n', '      serviceAccountName: web\n      automountServiceAccountToken: true\n'),
    },
    {
      name: 'a RoleBinding binds the account (its subject namespace defaults to the binding\'s)',
      code: deployment,
      files: { 'rbac.yaml': roleBinding('  - kind: ServiceAccount\n    name: web\n') },
    },
    {
      name: 'a ClusterRoleBinding binds the account',
      code: deployment,
      files: {
        'rbac.yaml': roleBinding('  - kind: ServiceAccount\n    name: web\n    namespace: shop\n', 'x')
          .replace('kind: RoleBinding', 'kind: ClusterRoleBinding')
          .replace('  namespace: x\n', '')
          .replace('  kind: Role\n', '  kind: ClusterRole\n'),
      },
    },
    {
      name: 'an init container waits with kubectl',
      code: deployment.replace(
        '      containers:\n',
        '      initContainers:\n        - name: wait\n          image: busybox:1.36\n          command: ["sh", "-c", "kubectl wait --for=condition=complete job/migrate --timeout=60s"]\n      containers:\n',
      ),
    },
    { name: 'a controller image', code: deployment.replace('shop/web:1.4.2', 'public.ecr.aws/eks/aws-load-balancer-controller:v2.8.1') },
    {
      name: 'an image listed in settings.images.kubeClients',
      code: deployment.replace('shop/web:1.4.2', 'registry.example.com/platform/reconciler:3.1'),
      config: { images: { kubeClients: ['platform/reconciler'] } },
    },
    { name: 'a leader-elected process', code: withContainer('          args: ["--leader-elect", "--metrics-bind-address=:8080"]\n') },
    { name: 'the API address in the environment', code: withContainer('          env:\n            - name: API_URL\n              value: https://kubernetes.default.svc\n') },
    {
      name: 'a probe that calls the API',
      code: withContainer('          livenessProbe:\n            exec:\n              command: ["sh", "-c", "kubectl get --raw /healthz"]\n'),
    },
    {
      name: 'a controller image from the rule option',
      code: deployment.replace('shop/web:1.4.2', 'example/my-operator:0.3.0'),
      config: { rules: { 'automount-sa-token-enabled': { severity: 'warning', options: { controllerImages: ['example/my-operator'] } } } },
    },
  ],
  invalid: [
    {
      name: 'a dedicated account, used by this workload only: the fix may go on either object',
      code: deployment,
      files: { 'sa.yaml': account },
      errors: [
        {
          messageId: 'enabled',
          line: 16,
          column: 27,
          endLine: 16,
          endColumn: 30,
          severity: 'warning',
          output: null,
          suggestions: [
            { messageId: 'disablePod', output: disabledInPod },
            { messageId: 'disableAccount', output: { 'sa.yaml': `${account}automountServiceAccountToken: false\n` } },
          ],
        },
      ],
    },
    {
      name: 'the implicit default account',
      code: deployment.replace('      serviceAccountName: web\n', ''),
      errors: [
        {
          messageId: 'enabled',
          line: 4,
          column: 3,
          endLine: 4,
          endColumn: 7,
          suggestions: [{ messageId: 'disablePod', output: disabledInPod.replace('      serviceAccountName: web\n', '') }],
        },
      ],
    },
    {
      name: 'an account shared with another workload is fixed in the pod only',
      code: deployment,
      files: { 'sa.yaml': account, 'worker.yaml': worker },
      errors: [{ messageId: 'enabled', line: 16, column: 27, endLine: 16, endColumn: 30, suggestions: [{ messageId: 'disablePod', output: disabledInPod }] }],
    },
    {
      name: 'a binding of the same name in another namespace grants nothing here',
      code: deployment,
      files: { 'rbac.yaml': roleBinding('  - kind: ServiceAccount\n    name: web\n', 'other') },
      errors: [{ messageId: 'enabled', line: 16, column: 27, endLine: 16, endColumn: 30, suggestions: [{ messageId: 'disablePod', output: disabledInPod }] }],
    },
    {
      name: 'manifestSet: partial caps it at info (the RBAC may live elsewhere)',
      code: deployment,
      config: { manifestSet: 'partial' },
      errors: [
        { messageId: 'enabledPartial', line: 16, column: 27, endLine: 16, endColumn: 30, severity: 'info', suggestions: [{ messageId: 'disablePod', output: disabledInPod }] },
      ],
    },
    {
      name: 'a CronJob, with the deprecated serviceAccount field',
      code: `apiVersion: batch/v1
kind: CronJob
metadata:
  name: report
spec:
  schedule: "0 1 * * *"
  jobTemplate:
    spec:
      template:
        spec:
          serviceAccount: reporter
          restartPolicy: Never
          containers:
            - name: report
              image: example/report:2.0
`,
      errors: [
        {
          messageId: 'enabled',
          line: 11,
          column: 27,
          endLine: 11,
          endColumn: 35,
          suggestions: [
            {
              messageId: 'disablePod',
              output: `apiVersion: batch/v1
kind: CronJob
metadata:
  name: report
spec:
  schedule: "0 1 * * *"
  jobTemplate:
    spec:
      template:
        spec:
          serviceAccount: reporter
          restartPolicy: Never
          containers:
            - name: report
              image: example/report:2.0
          automountServiceAccountToken: false
`,
            },
          ],
        },
      ],
    },
    {
      name: 'a bound account of another name does not count',
      code: deployment,
      files: { 'rbac.yaml': roleBinding('  - kind: ServiceAccount\n    name: api\n  - kind: Group\n    name: system:serviceaccounts:shop\n') },
      errors: [{ messageId: 'enabled', line: 16, column: 27, endLine: 16, endColumn: 30, suggestions: [{ messageId: 'disablePod', output: disabledInPod }] }],
    },
  ],
});
