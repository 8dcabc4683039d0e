import { defineCases } from '../../test/support/rule-tester';

const account = `apiVersion: v1
kind: ServiceAccount
metadata:
  name: default
  namespace: shop
`;

const disabled = `${account}automountServiceAccountToken: false
`;

const deployment = (lines = '') => `apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
  namespace: shop
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
        - name: app
          image: shop/web:1.4.2
${lines}`;

export default defineCases({
  valid: [
    { name: 'the default account disables the token', code: disabled },
    { name: 'a dedicated account is left to automount-sa-token-enabled', code: account.replace('name: default', 'name: web') },
    { name: 'a custom resource named ServiceAccount is not one', code: account.replace('apiVersion: v1', 'apiVersion: example.com/v1') },
  ],
  invalid: [
    {
      name: 'the default account mounts tokens',
      code: account,
      errors: [
        { messageId: 'automount', line: 4, column: 3, endLine: 4, endColumn: 7, severity: 'info', output: null, suggestions: [{ messageId: 'disable', output: disabled }] },
      ],
    },
    {
      name: 'explicitly true: the value is replaced and its comment kept',
      code: `${account}automountServiceAccountToken: true # set by the chart\n`,
      errors: [
        {
          messageId: 'automount',
          line: 6,
          column: 31,
          endLine: 6,
          endColumn: 35,
          suggestions: [{ messageId: 'disable', output: `${account}automountServiceAccountToken: false # set by the chart\n` }],
        },
      ],
    },
    {
      name: 'no fix while a workload that runs as default calls the API',
      code: account,
      files: { 'deploy.yaml': deployment('          command: ["sh", "-c", "kubectl get configmap app -o yaml"]\n') },
      errors: [{ messageId: 'automount', line: 4, column: 3, endLine: 4, endColumn: 7, suggestions: [] }],
    },
    {
      name: 'no fix while a RoleBinding grants the default account',
      code: account,
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
      errors: [{ messageId: 'automount', line: 4, column: 3, endLine: 4, endColumn: 7, suggestions: [] }],
    },
    {
      name: 'a workload that runs as default without using the API does not block the fix',
      code: account,
      files: { 'deploy.yaml': deployment() },
      errors: [{ messageId: 'automount', line: 4, column: 3, endLine: 4, endColumn: 7, suggestions: [{ messageId: 'disable', output: disabled }] }],
    },
  ],
});
