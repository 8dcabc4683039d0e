import { defineCases } from '../../test/support/rule-tester';

interface Options {
  kind?: string;
  replicas?: number;
  /** The container's `args:` lines (10 spaces), or any other container fields. */
  container?: string;
  /** Pod spec lines before `containers:` (6 spaces). */
  podSpec?: string;
}

function controller(o: Options = {}): string {
  const kind = o.kind ?? 'Deployment';
  const batch = kind === 'Job';
  return `apiVersion: ${batch ? 'batch/v1' : 'apps/v1'}
kind: ${kind}
metadata:
  name: controller
  namespace: platform
spec:
${kind === 'Deployment' ? `  replicas: ${o.replicas ?? 2}\n` : ''}${batch ? '' : '  selector:\n    matchLabels:\n      app: controller\n'}  template:
    metadata:
      labels:
        app: controller
    spec:
${o.podSpec ?? '      serviceAccountName: controller\n'}${batch ? '      restartPolicy: Never\n' : ''}      containers:
        - name: manager
          image: example.com/controller:1.8.0
${o.container ?? '          args:\n            - --metrics-bind-address=:8080\n            - --leader-elect\n'}`;
}

const service = (type?: string) => `apiVersion: v1
kind: Service
metadata:
  name: controller
  namespace: platform
spec:
${type ? `  type: ${type}\n` : ''}  selector:
    app: controller
  ports:
    - port: 443
      targetPort: 9443
`;

const noFlags = '          args:\n            - --metrics-bind-address=:8080\n';

const role = (verbs: string) => `apiVersion: rbac.authorization.k8s.io/v1
kind: Role
metadata:
  name: leader-election
  namespace: platform
rules:
  - apiGroups: ["coordination.k8s.io"]
    resources: ["leases"]
    verbs: [${verbs}]
`;

const roleBinding = (subject = '  - kind: ServiceAccount\n    name: controller\n') => `apiVersion: rbac.authorization.k8s.io/v1
kind: RoleBinding
metadata:
  name: leader-election
  namespace: platform
roleRef:
  apiGroup: rbac.authorization.k8s.io
  kind: Role
  name: leader-election
subjects:
${subject}`;

const clusterRole = (rules: string) => `apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRole
metadata:
  name: controller
rules:
${rules}`;

const clusterRoleBinding = `apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRoleBinding
metadata:
  name: controller
roleRef:
  apiGroup: rbac.authorization.k8s.io
  kind: ClusterRole
  name: controller
subjects:
  - kind: ServiceAccount
    name: controller
    namespace: platform
`;

const leaseRule = '  - apiGroups: ["coordination.k8s.io"]\n    resources: ["leases"]\n    verbs: ["get", "create", "update"]\n';

export default defineCases({
  valid: [
    { name: 'no leader election', code: controller({ container: noFlags }) },
    { name: '--leader-elect=false', code: controller({ container: '          args: ["--leader-elect=false"]\n' }) },
    { name: '--leader-elect=0', code: controller({ container: '          args: ["--leader-elect=0"]\n' }) },
    {
      name: 'a switch set to false wins over leader-election settings',
      code: controller({ container: '          args: ["--leader-elect-resource-lock=leases", "--leader-elect=false"]\n' }),
    },
    { name: 'a flag that only starts like one', code: controller({ container: '          args: ["--leader-electric-mode"]\n' }) },
    { name: 'a Job runs to completion', code: controller({ kind: 'Job' }) },
    {
      name: 'leader election in an init container is not a runtime dependency',
      code: controller({
        container: noFlags,
        podSpec: `      initContainers:
        - name: migrate
          image: example.com/controller:1.8.0
          args: ["migrate", "--leader-elect"]
`,
      }),
    },
    {
      name: 'a ClusterRole that grants every resource says nothing about leases',
      code: controller({ container: noFlags }),
      files: {
        'rbac.yaml': `${clusterRole('  - apiGroups: ["*"]\n    resources: ["*"]\n    verbs: ["*"]\n')}---\n${clusterRoleBinding}`,
      },
    },
    {
      name: 'read-only access to leases',
      code: controller({ container: noFlags }),
      files: { 'rbac.yaml': `${role('"get", "list", "watch"')}---\n${roleBinding()}` },
    },
    {
      name: 'lease RBAC bound to another ServiceAccount',
      code: controller({ container: noFlags }),
      files: { 'rbac.yaml': `${role('"create", "update"')}---\n${roleBinding('  - kind: ServiceAccount\n    name: other\n')}` },
    },
    {
      name: 'lease RBAC granted to every ServiceAccount through a group',
      code: controller({ container: noFlags }),
      files: { 'rbac.yaml': `${role('"create", "update"')}---\n${roleBinding('  - kind: Group\n    name: system:serviceaccounts:platform\n    apiGroup: rbac.authorization.k8s.io\n')}` },
    },
    {
      name: 'lease RBAC for a pod that mounts no token',
      code: controller({ container: noFlags, podSpec: '      serviceAccountName: controller\n      automountServiceAccountToken: false\n' }),
      files: { 'rbac.yaml': `${role('"create", "update"')}---\n${roleBinding()}` },
    },
    {
      name: 'a Helm hook',
      code: controller().replace('  namespace: platform\nspec:', '  namespace: platform\n  annotations:\n    helm.sh/hook: post-install\nspec:'),
    },
  ],
  invalid: [
    {
      name: '--leader-elect off the data path is info',
      code: controller(),
      errors: [{ messageId: 'flag', line: 22, column: 15, endLine: 22, endColumn: 29, severity: 'info', output: null }],
    },
    {
      name: 'a single replica is told to add a standby',
      code: controller({ replicas: 1, container: '          args: ["--leader-elect=true"]\n' }),
      errors: [{ messageId: 'flag', line: 20, column: 18, endLine: 20, endColumn: 39, severity: 'info' }],
    },
    {
      name: 'behind a LoadBalancer Service it is a warning',
      code: `${controller()}---\n${service('LoadBalancer')}`,
      errors: [{ messageId: 'flagDataPath', line: 22, column: 15, endLine: 22, endColumn: 29, severity: 'warning' }],
    },
    {
      name: 'a ClusterIP Service alone is not a data path',
      code: `${controller()}---\n${service()}`,
      errors: [{ messageId: 'flag', line: 22, column: 15, endLine: 22, endColumn: 29, severity: 'info' }],
    },
    {
      name: 'the backend of an admission webhook (the AWS Load Balancer Controller pattern)',
      code: controller({ container: '          args:\n            - --cluster-name=prod\n            - --leader-election-id=aws-load-balancer-controller-leader\n' }),
      files: {
        'service.yaml': service(),
        'webhook.yaml': `apiVersion: admissionregistration.k8s.io/v1
kind: MutatingWebhookConfiguration
metadata:
  name: controller
webhooks:
  - name: mpod.example.com
    admissionReviewVersions: ["v1"]
    sideEffects: None
    clientConfig:
      service:
        namespace: platform
        name: controller
    rules:
      - apiGroups: [""]
        apiVersions: ["v1"]
        operations: ["CREATE"]
        resources: ["pods"]
`,
      },
      errors: [{ messageId: 'flagDataPath', line: 22, column: 15, endLine: 22, endColumn: 71, severity: 'warning' }],
    },
    {
      name: 'the backend of an Ingress',
      code: controller({ container: '          command: ["/manager", "--enable-leader-election"]\n' }),
      files: {
        'service.yaml': service(),
        'ingress.yaml': `apiVersion: networking.k8s.io/v1
kind: Ingress
metadata:
  name: web
  namespace: platform
spec:
  rules:
    - http:
        paths:
          - path: /
            pathType: Prefix
            backend:
              service:
                name: controller
                port:
                  number: 443
`,
      },
      errors: [{ messageId: 'flagDataPath', line: 20, column: 33, endLine: 20, endColumn: 59, severity: 'warning' }],
    },
    {
      name: 'a flag inside a shell command',
      code: controller({ container: '          command: ["sh", "-c"]\n          args:\n            - exec /manager --leader-elect --metrics-bind-address=:8080\n' }),
      errors: [{ messageId: 'flag', line: 22, column: 15, endLine: 22, endColumn: 72, severity: 'info' }],
    },
    {
      name: 'lease RBAC through a RoleBinding, without any flag',
      code: controller({ container: noFlags }),
      files: { 'rbac.yaml': `${role('"get", "create", "update"')}---\n${roleBinding()}` },
      errors: [{ messageId: 'rbac', line: 16, column: 27, endLine: 16, endColumn: 37, severity: 'info' }],
    },
    {
      name: 'lease RBAC through a ClusterRoleBinding, behind an AWS Load Balancer Controller TargetGroupBinding',
      code: controller({ container: noFlags }),
      files: {
        'rbac.yaml': `${clusterRole(leaseRule)}---\n${clusterRoleBinding}`,
        'service.yaml': service(),
        'tgb.yaml': `apiVersion: elbv2.k8s.aws/v1beta1
kind: TargetGroupBinding
metadata:
  name: controller
  namespace: platform
spec:
  serviceRef:
    name: controller
    port: 443
  targetGroupARN: arn:aws:elasticloadbalancing:us-east-1:123456789012:targetgroup/controller/0123456789abcdef
`,
      },
      errors: [{ messageId: 'rbacDataPath', line: 16, column: 27, endLine: 16, endColumn: 37, severity: 'warning' }],
    },
    {
      name: 'a RoleBinding in kube-system for the ServiceAccount of another namespace',
      code: controller({ container: noFlags }),
      files: {
        'rbac.yaml': `${role('"*"').replace('namespace: platform', 'namespace: kube-system')}---\n${roleBinding(
          '  - kind: ServiceAccount\n    name: controller\n    namespace: platform\n',
        ).replace('namespace: platform', 'namespace: kube-system')}`,
      },
      errors: [{ messageId: 'rbac', line: 16, column: 27, endLine: 16, endColumn: 37, severity: 'info' }],
    },
    {
      name: 'the default ServiceAccount is reported on the workload name',
      code: controller({ container: noFlags, podSpec: '' }),
      files: { 'rbac.yaml': `${role('"create"')}---\n${roleBinding('  - kind: ServiceAccount\n    name: default\n')}` },
      errors: [{ messageId: 'rbac', line: 4, column: 3, endLine: 4, endColumn: 7, severity: 'info' }],
    },
  ],
});
