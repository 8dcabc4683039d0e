import { defineCases } from '../../test/support/rule-tester';

const defaultDeny = `apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata:
  name: default-deny
  namespace: shop
spec:
  podSelector: {}
  policyTypes:
    - Ingress
    - Egress
`;

const allowDns = (ports = `        - protocol: UDP
          port: 53
        - protocol: TCP
          port: 53
`, peer = `        - namespaceSelector:
            matchLabels:
              kubernetes.io/metadata.name: kube-system
          podSelector:
            matchLabels:
              k8s-app: kube-dns
`) => `apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata:
  name: allow-dns
  namespace: shop
spec:
  podSelector: {}
  policyTypes: [Egress]
  egress:
    - to:
${peer}      ports:
${ports}`;

const appended = (namespace: string | undefined, name = 'allow-dns-access') => `---
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata:
  name: ${name}
${namespace ? `  namespace: ${namespace}\n` : ''}spec:
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

const web = `apiVersion: apps/v1
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
        - name: web
          image: shop/web:1.0.0
`;

const webToDb = `apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata:
  name: web-egress
  namespace: shop
spec:
  podSelector:
    matchLabels:
      app: web
  policyTypes: [Egress]
  egress:
    - to:
        - podSelector:
            matchLabels:
              app: postgres
      ports:
        - port: 5432
`;

export default defineCases({
  valid: [
    {
      name: 'an ingress-only policy',
      code: defaultDeny.replace('    - Egress\n', ''),
    },
    { name: 'default deny with the DNS policy of the EKS guide plus TCP, in another file', code: defaultDeny, files: { 'dns.yaml': allowDns() } },
    {
      name: 'egress: [{}] allows everything (kube-prometheus style)',
      code: `apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata:
  name: grafana
  namespace: monitoring
spec:
  podSelector:
    matchLabels:
      app.kubernetes.io/name: grafana
  egress:
  - {}
  ingress:
  - from:
    - podSelector:
        matchLabels:
          app.kubernetes.io/name: prometheus
    ports:
    - port: 3000
      protocol: TCP
  policyTypes:
  - Egress
  - Ingress
`,
    },
    {
      name: 'port 53 to any destination',
      code: `${defaultDeny}  egress:\n    - ports:\n        - {protocol: UDP, port: 53}\n        - {protocol: TCP, port: 53}\n`,
    },
    {
      name: 'an ipBlock that covers the kube-dns ClusterIP',
      code: `${defaultDeny}  egress:\n    - to:\n        - ipBlock:\n            cidr: 10.0.0.0/8\n      ports:\n        - {protocol: UDP, port: 53}\n        - {protocol: TCP, port: 53}\n`,
    },
    {
      name: 'the named ports of CoreDNS',
      code: defaultDeny,
      files: { 'dns.yaml': allowDns('        - {protocol: UDP, port: dns}\n        - {protocol: TCP, port: dns-tcp}\n') },
    },
    {
      name: 'a port range that includes 53',
      code: defaultDeny,
      files: { 'dns.yaml': allowDns('        - {protocol: UDP, port: 1, endPort: 1024}\n        - {protocol: TCP, port: 1, endPort: 1024}\n') },
    },
    {
      name: 'the namespace is selected by a label its Namespace object carries',
      code: defaultDeny,
      files: {
        'dns.yaml': allowDns(undefined, `        - namespaceSelector:\n            matchLabels:\n              name: kube-system\n          podSelector:\n            matchLabels:\n              k8s-app: kube-dns\n`),
        'kube-system.yaml': 'apiVersion: v1\nkind: Namespace\nmetadata:\n  name: kube-system\n  labels:\n    name: kube-system\n',
      },
    },
    {
      name: 'a policy for one app, with DNS allowed for the whole namespace',
      code: `${web}---\n${webToDb}`,
      files: { 'dns.yaml': allowDns() },
    },
    {
      name: 'pods in host network namespace are outside NetworkPolicy',
      code: `${web.replace('    spec:\n      containers:', '    spec:\n      hostNetwork: true\n      dnsPolicy: ClusterFirstWithHostNet\n      containers:')}---\n${webToDb}`,
    },
    {
      name: 'the EKS CoreDNS component label selects the CoreDNS pods too',
      code: defaultDeny,
      files: {
        'dns.yaml': allowDns(undefined, `        - namespaceSelector: {}\n          podSelector:\n            matchLabels:\n              eks.amazonaws.com/component: coredns\n`),
      },
    },
  ],
  invalid: [
    {
      name: 'a namespace default-deny with no DNS policy',
      code: defaultDeny,
      errors: [
        {
          messageId: 'udpBlocked',
          line: 8,
          column: 3,
          endLine: 8,
          endColumn: 14,
          severity: 'error',
          output: null,
          suggestions: [{ messageId: 'addAllowDns', output: defaultDeny + appended('shop') }],
        },
      ],
    },
    {
      name: 'without a namespace, the new policy has none either (kustomize or -n sets it)',
      code: defaultDeny.replace('  namespace: shop\n', ''),
      errors: [
        {
          messageId: 'udpBlocked',
          line: 7,
          column: 3,
          endLine: 7,
          endColumn: 14,
          suggestions: [{ messageId: 'addAllowDns', output: defaultDeny.replace('  namespace: shop\n', '') + appended(undefined) }],
        },
      ],
    },
    {
      name: 'allow-dns-access is taken by another policy',
      code: defaultDeny,
      files: {
        'other.yaml': `apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata:
  name: allow-dns-access
  namespace: shop
spec:
  podSelector: {}
  ingress:
    - ports: [{port: 53}]
`,
      },
      errors: [
        {
          messageId: 'udpBlocked',
          line: 8,
          column: 3,
          endLine: 8,
          endColumn: 14,
          suggestions: [{ messageId: 'addAllowDns', output: defaultDeny + appended('shop', 'allow-dns-access-2') }],
        },
      ],
    },
    {
      name: 'namespaceSelector name: kube-system, a label kube-system does not carry',
      code: defaultDeny,
      files: {
        'dns.yaml': allowDns(undefined, `        - namespaceSelector:\n            matchLabels:\n              name: kube-system\n          podSelector:\n            matchLabels:\n              k8s-app: kube-dns\n`),
      },
      errors: [
        {
          messageId: 'udpBlocked',
          line: 8,
          column: 3,
          endLine: 8,
          endColumn: 14,
          suggestions: [{ messageId: 'addAllowDns', output: defaultDeny + appended('shop', 'allow-dns-access') }],
        },
      ],
    },
    {
      name: 'the DNS policy is in another namespace',
      code: defaultDeny,
      files: { 'dns.yaml': allowDns().replace('namespace: shop', 'namespace: payments') },
      errors: [
        {
          messageId: 'udpBlocked',
          line: 8,
          column: 3,
          endLine: 8,
          endColumn: 14,
          suggestions: [{ messageId: 'addAllowDns', output: defaultDeny + appended('shop') }],
        },
      ],
    },
    {
      name: 'the DNS policy of the EKS guide allows UDP only',
      code: allowDns('        - protocol: UDP\n          port: 53\n'),
      files: { 'deny.yaml': defaultDeny },
      errors: [
        {
          messageId: 'tcpMissing',
          line: 8,
          column: 3,
          endLine: 8,
          endColumn: 14,
          severity: 'info',
          output: null,
          suggestions: [{ messageId: 'addTcp', output: allowDns() }],
        },
      ],
    },
    {
      name: 'an app egress policy without DNS',
      code: `${web}---\n${webToDb}`,
      errors: [
        {
          messageId: 'udpBlocked',
          line: 29,
          column: 3,
          endLine: 29,
          endColumn: 14,
          severity: 'error',
          suggestions: [{ messageId: 'addAllowDns', output: `${web}---\n${webToDb}${appended('shop')}` }],
        },
      ],
    },
    {
      name: 'egress rules without policyTypes restrict egress too',
      code: `apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata:
  name: web-egress
  namespace: shop
spec:
  podSelector:
    matchLabels:
      app: web
  egress:
    - to:
        - podSelector:
            matchLabels:
              app: postgres
`,
      errors: [
        {
          messageId: 'udpBlocked',
          line: 10,
          column: 3,
          endLine: 10,
          endColumn: 9,
          suggestions: [
            {
              messageId: 'addAllowDns',
              output: `apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata:
  name: web-egress
  namespace: shop
spec:
  podSelector:
    matchLabels:
      app: web
  egress:
    - to:
        - podSelector:
            matchLabels:
              app: postgres
${appended('shop')}`,
            },
          ],
        },
      ],
    },
    {
      name: 'a CiliumNetworkPolicy in the namespace may allow DNS: info',
      code: defaultDeny,
      files: {
        'cilium.yaml': `apiVersion: cilium.io/v2
kind: CiliumNetworkPolicy
metadata:
  name: dns-visibility
  namespace: shop
spec:
  endpointSelector: {}
  egress:
    - toEndpoints:
        - matchLabels: {k8s:io.kubernetes.pod.namespace: kube-system, k8s-app: kube-dns}
      toPorts:
        - ports: [{port: "53", protocol: ANY}]
`,
      },
      errors: [
        {
          messageId: 'udpBlocked',
          line: 8,
          column: 3,
          endLine: 8,
          endColumn: 14,
          severity: 'info',
          suggestions: [{ messageId: 'addAllowDns', output: defaultDeny + appended('shop') }],
        },
      ],
    },
    {
      name: 'partial manifest set: info',
      code: defaultDeny,
      config: { manifestSet: 'partial' },
      errors: [
        {
          messageId: 'udpBlocked',
          line: 8,
          column: 3,
          endLine: 8,
          endColumn: 14,
          severity: 'info',
          suggestions: [{ messageId: 'addAllowDns', output: defaultDeny + appended('shop') }],
        },
      ],
    },
    {
      name: 'an ipBlock that excludes the cluster range',
      code: `${defaultDeny}  egress:\n    - to:\n        - ipBlock:\n            cidr: 0.0.0.0/0\n            except: [10.0.0.0/8, 172.16.0.0/12, 169.254.0.0/16]\n`,
      errors: [
        {
          messageId: 'udpBlocked',
          line: 8,
          column: 3,
          endLine: 8,
          endColumn: 14,
          suggestions: [
            {
              messageId: 'addAllowDns',
              output: `${defaultDeny}  egress:\n    - to:\n        - ipBlock:\n            cidr: 0.0.0.0/0\n            except: [10.0.0.0/8, 172.16.0.0/12, 169.254.0.0/16]\n${appended('shop')}`,
            },
          ],
        },
      ],
    },
  ],
});
