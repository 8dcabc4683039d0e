import { defineCases } from '../../test/support/rule-tester';

/** A DaemonSet with `hostNetwork: true` at line 14; `pod` replaces that line, `container` extends the container. */
const daemonSet = (container = '', pod = '      hostNetwork: true\n', image = 'fluent/fluent-bit:3.1.0') => `apiVersion: apps/v1
kind: DaemonSet
metadata:
  name: log-shipper
spec:
  selector:
    matchLabels:
      app: log-shipper
  template:
    metadata:
      labels:
        app: log-shipper
    spec:
${pod}      containers:
        - name: shipper
          image: ${image}
${container}`;

/** A Deployment whose container ends at line 17 with an env list; `env` adds its entries, `pod` the pod spec after it. */
const deployment = (env: string, pod = '') => `apiVersion: apps/v1
kind: Deployment
metadata:
  name: checkout
spec:
  replicas: 2
  selector:
    matchLabels:
      app: checkout
  template:
    metadata:
      labels:
        app: checkout
    spec:
      containers:
        - name: api
          image: shop/checkout:1.2.3
          env:
${env}${pod}`;

const stripe = `            - name: PAYMENTS_URL
              value: https://api.stripe.com/v1
`;

const service = `apiVersion: v1
kind: Service
metadata:
  name: log-shipper
spec:
  selector:
    app: log-shipper
  ports:
    - port: 2020
`;

export default defineCases({
  valid: [
    { name: 'hostNetwork with ClusterFirstWithHostNet', code: daemonSet('', '      hostNetwork: true\n      dnsPolicy: ClusterFirstWithHostNet\n') },
    { name: 'hostNetwork with dnsPolicy Default: the node resolver, deliberately', code: daemonSet('', '      hostNetwork: true\n      dnsPolicy: Default\n') },
    { name: 'no hostNetwork', code: daemonSet('', '') },
    { name: 'hostNetwork: false', code: daemonSet('', '      hostNetwork: false\n') },
    {
      name: 'the VPC CNI (aws-node) resolves only external names, and must work before CoreDNS can start',
      code: daemonSet('', '      hostNetwork: true\n', '602401143452.dkr.ecr.us-west-2.amazonaws.com/amazon-k8s-cni:v1.18.3-eksbuild.1'),
    },
    {
      name: 'node-exporter behind a scrape Service is still a node agent',
      code: daemonSet('', '      hostNetwork: true\n', 'quay.io/prometheus/node-exporter:v1.8.2'),
      files: { 'service.yaml': service },
    },
    {
      name: 'a node agent listed in the nodeAgentImages option',
      code: daemonSet('', '      hostNetwork: true\n', 'my-org/node-agent:2.0.0'),
      config: { rules: { 'hostnetwork-dns-policy': { severity: 'warning', options: { nodeAgentImages: ['my-org/node-agent'] } } } },
    },
    {
      name: 'CoreDNS itself must use the node resolver',
      code: daemonSet('', '      hostNetwork: true\n', 'registry.k8s.io/coredns/coredns:v1.11.3'),
    },
    { name: 'ndots is already set', code: deployment(stripe, '      dnsConfig:\n        options:\n          - name: ndots\n            value: "2"\n') },
    {
      name: 'cluster-internal, IP and fully qualified (trailing dot) addresses need no change',
      code: deployment(`            - name: ORDERS_URL
              value: http://orders.shop.svc.cluster.local:8080
            - name: CACHE
              value: redis://10.0.12.7:6379
            - name: STRIPE
              value: https://api.stripe.com./v1
            - name: LOCAL
              value: http://localhost:9090
            - name: MAIN_CLASS
              value: com.example.shop.Main
`),
    },
    { name: 'dnsPolicy Default uses the node resolver, not the cluster search list', code: deployment(stripe, '      dnsPolicy: Default\n') },
    {
      name: 'the ndots check is off',
      code: deployment(stripe),
      config: { rules: { 'hostnetwork-dns-policy': { severity: 'warning', options: { ndots: false } } } },
    },
    {
      name: 'a name with five or more dots is tried as is first',
      code: deployment(`            - name: DB_HOST\n              value: postgres://shop.cluster-c1a2b3.eu-west-1.rds.amazonaws.com:5432/shop\n`),
    },
  ],
  invalid: [
    {
      name: 'hostNetwork with the default dnsPolicy',
      code: daemonSet(),
      errors: [
        {
          messageId: 'hostNetwork',
          line: 14,
          column: 7,
          endLine: 14,
          endColumn: 18,
          severity: 'warning',
          output: null,
          suggestions: [{ messageId: 'useClusterFirstWithHostNet', output: `${daemonSet()}      dnsPolicy: ClusterFirstWithHostNet\n` }],
        },
      ],
    },
    {
      name: 'hostNetwork with dnsPolicy: ClusterFirst written out',
      code: daemonSet('', '      hostNetwork: true\n      dnsPolicy: ClusterFirst\n'),
      errors: [
        {
          messageId: 'hostNetwork',
          line: 15,
          column: 18,
          endLine: 15,
          endColumn: 30,
          suggestions: [
            { messageId: 'useClusterFirstWithHostNet', output: daemonSet('', '      hostNetwork: true\n      dnsPolicy: ClusterFirstWithHostNet\n') },
          ],
        },
      ],
    },
    {
      name: 'an env value names a cluster Service: error',
      code: daemonSet(`          env:\n            - name: ES_URL\n              value: http://elasticsearch.logging.svc:9200\n`),
      errors: [
        {
          messageId: 'hostNetworkClusterName',
          line: 14,
          column: 7,
          endLine: 14,
          endColumn: 18,
          severity: 'error',
          suggestions: [
            {
              messageId: 'useClusterFirstWithHostNet',
              output: `${daemonSet(`          env:\n            - name: ES_URL\n              value: http://elasticsearch.logging.svc:9200\n`)}      dnsPolicy: ClusterFirstWithHostNet\n`,
            },
          ],
        },
      ],
    },
    {
      name: 'an argument names kubernetes.default: error',
      code: daemonSet(`          args: ["--kube-url=https://kubernetes.default:443"]\n`),
      errors: [
        {
          messageId: 'hostNetworkClusterName',
          line: 14,
          column: 7,
          endLine: 14,
          endColumn: 18,
          severity: 'error',
          suggestions: [
            {
              messageId: 'useClusterFirstWithHostNet',
              output: `${daemonSet(`          args: ["--kube-url=https://kubernetes.default:443"]\n`)}      dnsPolicy: ClusterFirstWithHostNet\n`,
            },
          ],
        },
      ],
    },
    {
      name: 'a node agent image that names a cluster Service is still an error',
      code: daemonSet(
        `          env:\n            - name: PUSHGATEWAY\n              value: http://pushgateway.monitoring.svc.cluster.local:9091\n`,
        '      hostNetwork: true\n',
        'quay.io/prometheus/node-exporter:v1.8.2',
      ),
      errors: [
        {
          messageId: 'hostNetworkClusterName',
          line: 14,
          column: 7,
          endLine: 14,
          endColumn: 18,
          severity: 'error',
          suggestions: [
            {
              messageId: 'useClusterFirstWithHostNet',
              output: `${daemonSet(
                `          env:\n            - name: PUSHGATEWAY\n              value: http://pushgateway.monitoring.svc.cluster.local:9091\n`,
                '      hostNetwork: true\n',
                'quay.io/prometheus/node-exporter:v1.8.2',
              )}      dnsPolicy: ClusterFirstWithHostNet\n`,
            },
          ],
        },
      ],
    },
    {
      name: 'a Service sends traffic to the hostNetwork pods: error',
      code: daemonSet('', '      hostNetwork: true\n      dnsPolicy: ClusterFirst\n'),
      files: { 'service.yaml': service },
      errors: [
        {
          messageId: 'hostNetworkServiceFacing',
          line: 15,
          column: 18,
          endLine: 15,
          endColumn: 30,
          severity: 'error',
          suggestions: [
            { messageId: 'useClusterFirstWithHostNet', output: daemonSet('', '      hostNetwork: true\n      dnsPolicy: ClusterFirstWithHostNet\n') },
          ],
        },
      ],
    },
    {
      name: 'an external URL with the default ndots',
      code: deployment(stripe),
      errors: [
        {
          messageId: 'ndots',
          line: 20,
          column: 22,
          endLine: 20,
          endColumn: 47,
          severity: 'info',
          output: null,
          suggestions: [{ messageId: 'setNdots', output: deployment(stripe, '      dnsConfig:\n        options:\n          - name: ndots\n            value: "2"\n') }],
        },
      ],
    },
    {
      name: 'a bare AWS endpoint; dnsConfig has other options',
      code: deployment(
        `            - name: SQS_ENDPOINT\n              value: sqs.eu-west-1.amazonaws.com\n`,
        '      dnsConfig:\n        options:\n          - name: timeout\n            value: "2"\n',
      ),
      errors: [
        {
          messageId: 'ndots',
          line: 20,
          column: 22,
          endLine: 20,
          endColumn: 49,
          suggestions: [
            {
              messageId: 'setNdots',
              output: deployment(
                `            - name: SQS_ENDPOINT\n              value: sqs.eu-west-1.amazonaws.com\n`,
                '      dnsConfig:\n        options:\n          - name: timeout\n            value: "2"\n          - name: ndots\n            value: "2"\n',
              ),
            },
          ],
        },
      ],
    },
    {
      name: 'dnsConfig with nameservers only',
      code: deployment(stripe, '      dnsConfig:\n        nameservers: [1.1.1.1]\n'),
      errors: [
        {
          messageId: 'ndots',
          line: 20,
          column: 22,
          endLine: 20,
          endColumn: 47,
          suggestions: [
            {
              messageId: 'setNdots',
              output: deployment(stripe, '      dnsConfig:\n        nameservers: [1.1.1.1]\n        options:\n          - name: ndots\n            value: "2"\n'),
            },
          ],
        },
      ],
    },
    {
      name: 'hostNetwork with ClusterFirstWithHostNet gets the cluster search list too',
      code: daemonSet(`          env:\n            - name: OUTPUT\n              value: https://logs.example.com/ingest\n`, '      hostNetwork: true\n      dnsPolicy: ClusterFirstWithHostNet\n'),
      errors: [
        {
          messageId: 'ndots',
          line: 21,
          column: 22,
          endLine: 21,
          endColumn: 53,
          suggestions: [
            {
              messageId: 'setNdots',
              output: `${daemonSet(
                `          env:\n            - name: OUTPUT\n              value: https://logs.example.com/ingest\n`,
                '      hostNetwork: true\n      dnsPolicy: ClusterFirstWithHostNet\n',
              )}      dnsConfig:\n        options:\n          - name: ndots\n            value: "2"\n`,
            },
          ],
        },
      ],
    },
  ],
});
