import { defineCases } from '../../test/support/rule-tester';

const role = (rules: string, kind = 'Role') => `apiVersion: rbac.authorization.k8s.io/v1
kind: ${kind}
metadata:
  name: deployer
${kind === 'Role' ? '  namespace: shop\n' : ''}rules:
${rules}`;

const binding = (subjects: string, kind = 'ClusterRoleBinding', roleName = 'view') => `apiVersion: rbac.authorization.k8s.io/v1
kind: ${kind}
metadata:
  name: public-read
roleRef:
  apiGroup: rbac.authorization.k8s.io
  kind: ClusterRole
  name: ${roleName}
subjects:
${subjects}`;

export default defineCases({
  valid: [
    {
      name: 'verbs and resources are listed',
      code: role(`  - apiGroups: [apps]
    resources: [deployments, deployments/scale]
    verbs: [get, list, watch, patch]
`),
    },
    {
      name: 'apiGroups "*" alone is not a wildcard grant of verbs or resources',
      code: role(`  - apiGroups: ["*"]
    resources: [events]
    verbs: [create]
`),
    },
    {
      name: 'nonResourceURLs "*" with get (discovery) is not in scope',
      code: role(
        `  - nonResourceURLs: ["*"]
    verbs: [get]
`,
        'ClusterRole',
      ),
    },
    {
      name: 'an aggregated ClusterRole: its rules are filled in by the controller manager',
      code: `apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRole
metadata:
  name: monitoring
aggregationRule:
  clusterRoleSelectors:
    - matchLabels:
        rbac.example.com/aggregate-to-monitoring: "true"
rules:
  - apiGroups: ["*"]
    resources: ["*"]
    verbs: ["*"]
`,
    },
    {
      name: 'a binding to authenticated users and service accounts',
      code: binding(`  - kind: Group
    name: system:authenticated
    apiGroup: rbac.authorization.k8s.io
  - kind: ServiceAccount
    name: reader
    namespace: shop
`),
    },
    {
      name: 'a user whose name merely contains "anonymous"',
      code: binding(`  - kind: User
    name: system:anonymous-auditor
    apiGroup: rbac.authorization.k8s.io
`),
    },
    {
      name: 'cluster-admin bound to system:masters only (the built-in binding)',
      code: binding(
        `  - kind: Group
    name: system:masters
    apiGroup: rbac.authorization.k8s.io
`,
        'ClusterRoleBinding',
        'cluster-admin',
      ),
    },
    { name: 'another API group\'s kind named Role', code: 'apiVersion: example.com/v1\nkind: Role\nmetadata:\n  name: x\nrules:\n  - verbs: ["*"]\n' },
  ],
  invalid: [
    {
      name: 'a wildcard verb',
      code: role(`  - apiGroups: [apps]
    resources: [deployments]
    verbs: ["*"]
`),
      errors: [{ messageId: 'wildcard', line: 9, column: 13, endLine: 9, endColumn: 16, severity: 'warning', output: null }],
    },
    {
      name: 'a wildcard resource, in a block list',
      code: role(`  - apiGroups:
      - ""
    resources:
      - "*"
    verbs:
      - get
      - list
`),
      errors: [{ messageId: 'wildcard', line: 10, column: 9, endLine: 10, endColumn: 12, severity: 'warning' }],
    },
    {
      name: 'wildcard verbs and resources: one finding per rule, on the verbs',
      code: role(
        `  - apiGroups: ["*"]
    resources: ["*"]
    verbs: ["*"]
  - apiGroups: [""]
    resources: [secrets]
    verbs: [get, "*"]
`,
        'ClusterRole',
      ),
      errors: [
        { messageId: 'wildcard', line: 8, column: 13, endLine: 8, endColumn: 16, severity: 'warning' },
        { messageId: 'wildcard', line: 11, column: 18, endLine: 11, endColumn: 21, severity: 'warning' },
      ],
    },
    {
      name: 'every verb on every non-resource URL',
      code: role(
        `  - nonResourceURLs: ["*"]
    verbs: ["*"]
`,
        'ClusterRole',
      ),
      errors: [{ messageId: 'wildcard', line: 7, column: 13, endLine: 7, endColumn: 16, severity: 'warning' }],
    },
    {
      name: 'a ClusterRole aggregated into edit still grants its wildcard to every editor',
      code: `apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRole
metadata:
  name: widgets-edit
  labels:
    rbac.authorization.k8s.io/aggregate-to-edit: "true"
rules:
  - apiGroups: [widgets.example.com]
    resources: ["*"]
    verbs: [get, list, watch, create, update, patch, delete]
`,
      errors: [{ messageId: 'wildcard', line: 9, column: 17, endLine: 9, endColumn: 20, severity: 'warning' }],
    },
    {
      name: 'anonymous user',
      code: binding(`  - kind: User
    name: system:anonymous
    apiGroup: rbac.authorization.k8s.io
`),
      errors: [{ messageId: 'anonymous', line: 11, column: 11, endLine: 11, endColumn: 27, severity: 'error', output: null }],
    },
    {
      name: 'unauthenticated group in a RoleBinding',
      code: binding(
        `  - kind: ServiceAccount
    name: reader
  - kind: Group
    name: "system:unauthenticated"
    apiGroup: rbac.authorization.k8s.io
`,
        'RoleBinding',
      ),
      errors: [{ messageId: 'anonymous', line: 13, column: 11, endLine: 13, endColumn: 35, severity: 'error' }],
    },
    {
      name: 'cluster-admin bound to an application service account',
      code: binding(
        `  - kind: ServiceAccount
    name: ci-runner
    namespace: ci
`,
        'ClusterRoleBinding',
        'cluster-admin',
      ),
      errors: [{ messageId: 'clusterAdmin', line: 8, column: 9, endLine: 8, endColumn: 22, severity: 'warning' }],
    },
    {
      name: 'cluster-admin bound to anonymous: both findings',
      code: binding(
        `  - kind: User
    name: system:anonymous
  - kind: User
    name: alice@example.com
`,
        'ClusterRoleBinding',
        'cluster-admin',
      ),
      errors: [
        { messageId: 'clusterAdmin', line: 8, column: 9, endLine: 8, endColumn: 22, severity: 'warning' },
        { messageId: 'anonymous', line: 11, column: 11, endLine: 11, endColumn: 27, severity: 'error' },
      ],
    },
  ],
});
