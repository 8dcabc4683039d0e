import { defineCases } from '../../test/support/rule-tester';

const labelled = `apiVersion: v1
kind: Namespace
metadata:
  name: shop
  labels:
    pod-security.kubernetes.io/enforce: baseline
    pod-security.kubernetes.io/warn: restricted
    pod-security.kubernetes.io/audit: restricted
`;

const bareNamespace = `apiVersion: v1
kind: Namespace
metadata:
  name: shop
`;

const policy = (name: string, spec: string) => `apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata:
  name: ${name}
  namespace: shop
spec:
${spec}`;

const denyAll = policy('default-deny', '  podSelector: {}\n  policyTypes: [Ingress, Egress]\n');
const denyIngress = policy('deny-ingress', '  podSelector: {}\n  policyTypes: [Ingress]\n');
const denyEgress = policy('deny-egress', '  podSelector: {}\n  policyTypes: [Egress]\n');
const quota = `apiVersion: v1
kind: ResourceQuota
metadata:
  name: compute
  namespace: shop
spec:
  hard:
    requests.cpu: "20"
`;
const limits = quota.replace('kind: ResourceQuota', 'kind: LimitRange').replace('  hard:\n    requests.cpu: "20"\n', '  limits:\n    - type: Container\n      defaultRequest: {cpu: 100m}\n');
const guarded = { 'netpol.yaml': denyAll, 'quota.yaml': quota };

const deployment = `apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
  namespace: payments
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
`;

const allowDns = (namespace: string) => `---
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata:
  name: allow-dns-access
  namespace: ${namespace}
spec:
  podSelector: {}
  policyTypes:
    - Egress
  egress:
    - to:
        - namespaceSelector:
            matchLabels:
              kubernetes.io/metadata.name: kube-system
          podSelector:
            matchLabels:
              k8s-app: kube-dns
      ports:
        - protocol: UDP
          port: 53
        - protocol: TCP
          port: 53
`;

const deny = (namespace: string, name: string, types: string[]) => `---
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata:
  name: ${name}
  namespace: ${namespace}
spec:
  podSelector: {}
  policyTypes:
${types.map((t) => `    - ${t}\n`).join('')}`;

const limitRange = (namespace: string) => `---
apiVersion: v1
kind: LimitRange
metadata:
  name: default-requests
  namespace: ${namespace}
spec:
  limits:
    - type: Container
      defaultRequest:
        cpu: 100m
        memory: 128Mi
`;

const psaLabels = `  labels:
    pod-security.kubernetes.io/enforce: baseline
    pod-security.kubernetes.io/warn: restricted
    pod-security.kubernetes.io/audit: restricted
`;

export default defineCases({
  valid: [
    { name: 'all three guardrails', code: labelled, files: guarded },
    { name: 'separate ingress and egress denials, and a LimitRange', code: labelled, files: { 'in.yaml': denyIngress, 'out.yaml': denyEgress, 'limits.yaml': limits } },
    {
      name: 'a default-deny policy that also allows some traffic still isolates every pod',
      code: labelled,
      files: { 'netpol.yaml': policy('deny-but-web', '  podSelector: {}\n  policyTypes: [Ingress, Egress]\n  ingress:\n    - from:\n        - podSelector: {matchLabels: {app: gateway}}\n'), 'quota.yaml': quota },
    },
    { name: 'system namespaces belong to the platform', code: bareNamespace.replace('name: shop', 'name: kube-system') },
    {
      name: 'Cilium policies are not evaluated: the default deny may live there',
      code: labelled,
      files: { 'cilium.yaml': 'apiVersion: cilium.io/v2\nkind: CiliumNetworkPolicy\nmetadata:\n  name: deny\n  namespace: shop\nspec:\n  endpointSelector: {}\n', 'quota.yaml': quota },
    },
    {
      name: 'a cluster-wide Calico policy may deny by default for every namespace',
      code: labelled,
      files: { 'calico.yaml': 'apiVersion: projectcalico.org/v3\nkind: GlobalNetworkPolicy\nmetadata:\n  name: default-deny\nspec:\n  selector: all()\n  types: [Ingress, Egress]\n', 'quota.yaml': quota },
    },
    { name: 'a workload whose Namespace object is in the project leaves it to that object', code: deployment, files: { 'ns.yaml': bareNamespace.replace('shop', 'payments') } },
    { name: 'a workload without a namespace is applied with kubectl -n: nothing to check', code: deployment.replace('  namespace: payments\n', '') },
    { name: 'manifestSet: partial does not report namespaces created elsewhere', code: deployment, config: { manifestSet: 'partial' } },
    { name: 'a namespace is reported once, on the first workload that names it', code: deployment, files: { 'a-first.yaml': deployment.replace('name: web', 'name: api') } },
  ],
  invalid: [
    {
      name: 'a Namespace with no guardrails at all',
      code: bareNamespace,
      errors: [
        {
          messageId: 'defaultDeny',
          line: 4,
          column: 3,
          endLine: 4,
          endColumn: 7,
          severity: 'info',
          output: null,
          suggestions: [{ messageId: 'addPolicies', output: bareNamespace + deny('shop', 'default-deny', ['Ingress', 'Egress']) + allowDns('shop') }],
        },
        {
          messageId: 'podSecurity',
          line: 4,
          column: 3,
          endLine: 4,
          endColumn: 7,
          output: null,
          suggestions: [{ messageId: 'addLabels', output: bareNamespace + psaLabels }],
        },
        {
          messageId: 'resourceLimits',
          line: 4,
          column: 3,
          endLine: 4,
          endColumn: 7,
          output: null,
          suggestions: [{ messageId: 'addLimitRange', output: bareNamespace + limitRange('shop') }],
        },
      ],
    },
    {
      name: 'enforce without warn and audit: adding them is safe (they never reject a pod)',
      code: `${bareNamespace}  labels:\n    team: shop # owner\n    pod-security.kubernetes.io/enforce: restricted\n`,
      files: guarded,
      errors: [
        {
          messageId: 'podSecurityModes',
          line: 5,
          column: 3,
          endLine: 5,
          endColumn: 9,
          output: `${bareNamespace}  labels:\n    team: shop # owner\n    pod-security.kubernetes.io/enforce: restricted\n    pod-security.kubernetes.io/warn: restricted\n    pod-security.kubernetes.io/audit: restricted\n`,
        },
      ],
    },
    {
      name: 'an empty flow label map, with the levels from the options',
      code: `${bareNamespace}  labels: {}\n`,
      files: guarded,
      config: { rules: { 'namespace-guardrails-missing': { severity: 'info', options: { enforceLevel: 'restricted', warnLevel: 'baseline' } } } },
      errors: [
        {
          messageId: 'podSecurity',
          line: 5,
          column: 3,
          endLine: 5,
          endColumn: 9,
          suggestions: [
            {
              messageId: 'addLabels',
              output: `${bareNamespace}  labels:\n    pod-security.kubernetes.io/enforce: restricted\n    pod-security.kubernetes.io/warn: restricted\n    pod-security.kubernetes.io/audit: restricted\n`,
            },
          ],
        },
      ],
    },
    {
      name: 'ingress denied only: egress deny comes with DNS allowed',
      code: labelled,
      files: { 'in.yaml': denyIngress, 'quota.yaml': quota },
      errors: [
        {
          messageId: 'defaultDeny',
          line: 4,
          column: 3,
          endLine: 4,
          endColumn: 7,
          suggestions: [{ messageId: 'addPolicies', output: labelled + deny('shop', 'default-deny-egress', ['Egress']) + allowDns('shop') }],
        },
      ],
    },
    {
      name: 'egress denied only: an ingress deny alone',
      code: labelled,
      files: { 'out.yaml': denyEgress, 'quota.yaml': quota },
      errors: [
        {
          messageId: 'defaultDeny',
          line: 4,
          column: 3,
          endLine: 4,
          endColumn: 7,
          suggestions: [{ messageId: 'addPolicies', output: labelled + deny('shop', 'default-deny-ingress', ['Ingress']) }],
        },
      ],
    },
    {
      name: 'a policy for every pod that allows all ingress denies nothing, and no added policy can change that',
      code: labelled,
      files: {
        'netpol.yaml': policy('allow-all-in', '  podSelector: {}\n  policyTypes: [Ingress, Egress]\n  ingress:\n    - {}\n'),
        'quota.yaml': quota,
      },
      errors: [{ messageId: 'defaultDeny', line: 4, column: 3, endLine: 4, endColumn: 7, suggestions: [] }],
    },
    {
      name: 'no fix when the policy names are taken (an allow-dns-access for some pods would not keep DNS for all)',
      code: labelled,
      files: {
        'dns.yaml': policy('allow-dns-access', '  podSelector: {matchLabels: {dns: "true"}}\n  policyTypes: [Egress]\n  egress:\n    - ports: [{port: 53, protocol: UDP}]\n'),
        'quota.yaml': quota,
      },
      errors: [{ messageId: 'defaultDeny', line: 4, column: 3, endLine: 4, endColumn: 7, suggestions: [] }],
    },
    {
      name: 'policies that select some pods only do not make the namespace default-deny',
      code: labelled,
      files: { 'netpol.yaml': policy('web', '  podSelector: {matchLabels: {app: web}}\n  policyTypes: [Ingress, Egress]\n'), 'quota.yaml': quota },
      errors: [
        {
          messageId: 'defaultDeny',
          line: 4,
          column: 3,
          endLine: 4,
          endColumn: 7,
          suggestions: [{ messageId: 'addPolicies', output: labelled + deny('shop', 'default-deny', ['Ingress', 'Egress']) + allowDns('shop') }],
        },
      ],
    },
    {
      name: 'a namespace that workloads name but no Namespace object defines (complete mode)',
      code: deployment,
      errors: [
        {
          messageId: 'defaultDeny',
          line: 5,
          column: 14,
          endLine: 5,
          endColumn: 22,
          suggestions: [{ messageId: 'addPolicies', output: deployment + deny('payments', 'default-deny', ['Ingress', 'Egress']) + allowDns('payments') }],
        },
        {
          messageId: 'resourceLimits',
          line: 5,
          column: 14,
          endLine: 5,
          endColumn: 22,
          suggestions: [{ messageId: 'addLimitRange', output: deployment + limitRange('payments') }],
        },
        {
          messageId: 'undeclared',
          line: 5,
          column: 14,
          endLine: 5,
          endColumn: 22,
          suggestions: [{ messageId: 'addNamespace', output: `${deployment}---\napiVersion: v1\nkind: Namespace\nmetadata:\n  name: payments\n${psaLabels}` }],
        },
      ],
    },
  ],
});
