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
      containers:
        - name: app
          image: shop/web:1.4.2
`;

const runningAs = (account: string, code = deployment) =>
  code.replace('    spec:\n      containers:\n', `    spec:\n      serviceAccountName: ${account}\n      containers:\n`);

const account = (name: string, extra = '') => `apiVersion: v1
kind: ServiceAccount
metadata:
  name: ${name}
  namespace: shop
${extra}`;

const worker = deployment.replace(/web/g, 'worker');
const dedicated = `---
apiVersion: v1
kind: ServiceAccount
metadata:
  name: web
  namespace: shop
automountServiceAccountToken: false
`;

const noToken = (code: string) => code.replace('      containers:\n', '      automountServiceAccountToken: false\n      containers:\n');

const irsa = '  annotations:\n    eks.amazonaws.com/role-arn: arn:aws:iam::111122223333:role/shop\n';

export default defineCases({
  valid: [
    { name: 'a dedicated account', code: runningAs('web'), files: { 'sa.yaml': account('web') } },
    {
      name: 'the default account without a token or an IAM role holds no identity',
      code: deployment.replace('      containers:\n', '      automountServiceAccountToken: false\n      containers:\n'),
    },
    {
      name: 'a Job that shares the application account (a migration) is not a second workload',
      code: runningAs('web'),
      files: {
        'job.yaml': `apiVersion: batch/v1
kind: Job
metadata:
  name: migrate
  namespace: shop
spec:
  template:
    spec:
      serviceAccountName: web
      restartPolicy: Never
      containers:
        - name: migrate
          image: shop/web:1.4.2
`,
      },
    },
    {
      name: 'a Helm test pod',
      code: `apiVersion: v1
kind: Pod
metadata:
  name: web-test
  annotations:
    helm.sh/hook: test
spec:
  containers:
    - name: test
      image: busybox:1.36
`,
    },
    {
      name: 'the same Deployment rendered in two files (an overlay) is one workload, not two sharers',
      code: runningAs('shared'),
      files: { 'overlays/prod/deploy.yaml': runningAs('shared').replace('replicas: 2', 'replicas: 6'), 'sa.yaml': account('shared') },
    },
    {
      name: 'sharing an account without tokens or an IAM role shares nothing',
      code: noToken(runningAs('shared')),
      files: { 'worker.yaml': noToken(runningAs('shared', worker)) },
    },
  ],
  invalid: [
    {
      name: 'the implicit default account: a dedicated one without a token is offered',
      code: deployment,
      errors: [
        {
          messageId: 'defaultAccount',
          line: 4,
          column: 3,
          endLine: 4,
          endColumn: 7,
          severity: 'info',
          output: null,
          suggestions: [{ messageId: 'dedicated', output: `${deployment}      serviceAccountName: web\n${dedicated}` }],
        },
      ],
    },
    {
      name: 'serviceAccountName: default on a pod that calls the API: the new account keeps its token',
      code: runningAs('default', deployment.replace('          image: shop/web:1.4.2\n', '          image: shop/web:1.4.2\n          args: ["--leader-elect"]\n')),
      errors: [
        {
          messageId: 'defaultAccount',
          line: 16,
          column: 27,
          endLine: 16,
          endColumn: 34,
          suggestions: [
            {
              messageId: 'dedicated',
              output: `${runningAs('web', deployment.replace('          image: shop/web:1.4.2\n', '          image: shop/web:1.4.2\n          args: ["--leader-elect"]\n'))}${dedicated.replace('automountServiceAccountToken: false\n', '')}`,
            },
          ],
        },
      ],
    },
    {
      name: 'no dedicated account is offered when RBAC grants the default one (it would lose it)',
      code: deployment,
      files: {
        'rbac.yaml': `apiVersion: rbac.authorization.k8s.io/v1
kind: RoleBinding
metadata:
  name: default-view
  namespace: shop
roleRef:
  apiGroup: rbac.authorization.k8s.io
  kind: ClusterRole
  name: view
subjects:
  - kind: ServiceAccount
    name: default
`,
      },
      errors: [{ messageId: 'defaultAccount', line: 4, column: 3, endLine: 4, endColumn: 7, suggestions: [] }],
    },
    {
      name: 'no dedicated account is offered when the name is taken',
      code: deployment,
      files: { 'sa.yaml': account('web') },
      errors: [{ messageId: 'defaultAccount', line: 4, column: 3, endLine: 4, endColumn: 7, suggestions: [] }],
    },
    {
      name: 'the default account with an IAM role, even without a token',
      code: deployment.replace('      containers:\n', '      automountServiceAccountToken: false\n      containers:\n'),
      files: { 'sa.yaml': account('default', '').replace('  namespace: shop\n', `  namespace: shop\n${irsa}`) },
      errors: [
        {
          messageId: 'defaultAccount',
          line: 4,
          column: 3,
          endLine: 4,
          endColumn: 7,
          suggestions: [
            {
              messageId: 'dedicated',
              output: `${deployment.replace('      containers:\n', '      automountServiceAccountToken: false\n      containers:\n')}      serviceAccountName: web\n${dedicated}`,
            },
          ],
        },
      ],
    },
    {
      name: 'an account shared by two Deployments',
      code: runningAs('shared'),
      files: { 'worker.yaml': runningAs('shared', worker), 'sa.yaml': account('shared') },
      errors: [{ messageId: 'sharedAccount', line: 16, column: 27, endLine: 16, endColumn: 33, severity: 'info' }],
    },
    {
      name: 'a shared account with an IAM role is reported even when tokens are off',
      code: noToken(runningAs('shared')),
      files: {
        'worker.yaml': noToken(runningAs('shared', worker)),
        'sa.yaml': account('shared').replace('  namespace: shop\n', `  namespace: shop\n${irsa}`),
      },
      errors: [{ messageId: 'sharedAccount', line: 16, column: 27, endLine: 16, endColumn: 33 }],
    },
  ],
});
