import { defineCases } from '../../test/support/rule-tester';

/** The EKS CoreDNS Deployment, trimmed; `readiness` is the readinessProbe block (its `path:` is at line 28). */
const coredns = (readiness = `          readinessProbe:
            httpGet:
              path: /health
              port: 8080
              scheme: HTTP
`) => `apiVersion: apps/v1
kind: Deployment
metadata:
  name: coredns
  namespace: kube-system
spec:
  replicas: 2
  selector:
    matchLabels:
      k8s-app: kube-dns
  template:
    metadata:
      labels:
        k8s-app: kube-dns
    spec:
      containers:
        - name: coredns
          image: 602401143452.dkr.ecr.us-west-2.amazonaws.com/eks/coredns:v1.11.3-eksbuild.2
          args: ["-conf", "/etc/coredns/Corefile"]
          ports:
            - {name: dns, containerPort: 53, protocol: UDP}
            - {name: dns-tcp, containerPort: 53, protocol: TCP}
            - {name: metrics, containerPort: 9153, protocol: TCP}
          livenessProbe:
            httpGet: {path: /health, port: 8080, scheme: HTTP}
${readiness}          volumeMounts:
            - name: config-volume
              mountPath: /etc/coredns
      volumes:
        - name: config-volume
          configMap:
            name: coredns
            items:
              - key: Corefile
                path: Corefile
`;

const readyProbe = `          readinessProbe:
            httpGet:
              path: /ready
              port: 8181
              scheme: HTTP
`;

/** The Corefile of the EKS add-on with `health` as given; `ready` follows it at line 13 when present. */
const configMap = (health = '        health {\n            lameduck 30s\n          }\n', ready = '        ready\n', name = 'coredns') => `apiVersion: v1
kind: ConfigMap
metadata:
  name: ${name}
  namespace: kube-system
data:
  Corefile: |
    .:53 {
        errors
${health}${ready}        kubernetes cluster.local in-addr.arpa ip6.arpa {
          pods insecure
          fallthrough in-addr.arpa ip6.arpa
        }
        prometheus :9153
        forward . /etc/resolv.conf
        cache 30
        loop
        reload
        loadbalance
    }
`;

export default defineCases({
  valid: [
    { name: 'CoreDNS probes /ready and the Corefile has ready and lameduck 30s', code: coredns(readyProbe), files: { 'coredns-cm.yaml': configMap() } },
    { name: 'the Corefile alone, configured as recommended', code: configMap() },
    { name: 'a lameduck of one minute', code: configMap('        health {\n            lameduck 1m\n        }\n') },
    { name: 'a Corefile written as a quoted string, configured as recommended', code: `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: coredns\ndata:\n  Corefile: ".:53 {\\n    health {\\n        lameduck 30s\\n    }\\n    ready\\n    forward . /etc/resolv.conf\\n}\\n"\n` },
    {
      name: 'CoreDNS probes /ready and the Corefile is not in the project (the EKS add-on default has ready)',
      code: coredns(readyProbe),
    },
    {
      name: 'other applications may probe /health',
      code: coredns().replace('  name: coredns\n  namespace', '  name: web\n  namespace').replace('602401143452.dkr.ecr.us-west-2.amazonaws.com/eks/coredns:v1.11.3-eksbuild.2', 'shop/web:1.0.0'),
    },
    {
      name: 'a Corefile that no CoreDNS mounts (NodeLocal DNSCache has its own)',
      code: configMap('        health 169.254.20.10:8080\n', '', 'node-local-dns'),
    },
    {
      name: 'a probe port given by name',
      code: coredns(`          readinessProbe:\n            httpGet: {path: /ready, port: ready}\n`).replace(
        '            - {name: metrics, containerPort: 9153, protocol: TCP}\n',
        '            - {name: metrics, containerPort: 9153, protocol: TCP}\n            - {name: ready, containerPort: 8181, protocol: TCP}\n',
      ),
      files: { 'coredns-cm.yaml': configMap() },
    },
  ],
  invalid: [
    {
      name: 'readiness on /health; the Corefile in the project has ready: safe fix',
      code: coredns(),
      files: { 'coredns-cm.yaml': configMap() },
      errors: [
        {
          messageId: 'healthReadiness',
          line: 28,
          column: 21,
          endLine: 28,
          endColumn: 28,
          severity: 'warning',
          output: coredns(readyProbe),
        },
      ],
    },
    {
      name: 'readiness on /health; no Corefile in the project: quick-fix only',
      code: coredns(),
      errors: [
        {
          messageId: 'healthReadiness',
          line: 28,
          column: 21,
          endLine: 28,
          endColumn: 28,
          output: null,
          suggestions: [{ messageId: 'useReady', output: coredns(readyProbe) }],
        },
      ],
    },
    {
      name: 'readiness on /health and no ready plugin: the quick-fix adds both',
      code: coredns(),
      files: { 'coredns-cm.yaml': configMap(undefined, '') },
      errors: [
        {
          messageId: 'healthReadiness',
          line: 28,
          column: 21,
          endLine: 28,
          endColumn: 28,
          output: null,
          suggestions: [{ messageId: 'useReadyAndAddPlugin', output: { 'manifest.yaml': coredns(readyProbe), 'coredns-cm.yaml': configMap() } }],
        },
      ],
    },
    {
      name: 'readiness on /ready without the ready plugin: the probe always fails',
      code: coredns(readyProbe),
      files: { 'coredns-cm.yaml': configMap(undefined, '') },
      errors: [
        {
          messageId: 'noReadyPlugin',
          line: 28,
          column: 21,
          endLine: 28,
          endColumn: 27,
          severity: 'error',
          output: null,
          suggestions: [{ messageId: 'addReadyPlugin', output: { 'coredns-cm.yaml': configMap() } }],
        },
      ],
    },
    {
      name: 'readiness on /ready at the health port',
      code: coredns(readyProbe.replace('port: 8181', 'port: 8080')),
      files: { 'coredns-cm.yaml': configMap() },
      errors: [{ messageId: 'readyPort', line: 29, column: 21, endLine: 29, endColumn: 25, severity: 'error', output: coredns(readyProbe) }],
    },
    {
      name: 'the ready plugin listens on another port',
      code: coredns(readyProbe),
      files: { 'coredns-cm.yaml': configMap(undefined, '        ready :8282\n') },
      errors: [
        {
          messageId: 'readyPort',
          line: 29,
          column: 21,
          endLine: 29,
          endColumn: 25,
          severity: 'error',
          output: coredns(readyProbe.replace('port: 8181', 'port: 8282')),
        },
      ],
    },
    {
      name: 'the EKS default lameduck of 5s',
      code: configMap('        health {\n            lameduck 5s\n          }\n'),
      errors: [
        {
          messageId: 'lameduckShort',
          line: 7,
          column: 3,
          endLine: 7,
          endColumn: 11,
          severity: 'warning',
          output: null,
          suggestions: [{ messageId: 'setLameduck', output: configMap('        health {\n            lameduck 30s\n          }\n') }],
        },
      ],
    },
    {
      name: 'health without a lameduck block',
      code: configMap('        health\n'),
      errors: [
        {
          messageId: 'lameduckMissing',
          line: 7,
          column: 3,
          endLine: 7,
          endColumn: 11,
          suggestions: [{ messageId: 'setLameduck', output: configMap('        health {\n            lameduck 30s\n        }\n') }],
        },
      ],
    },
    {
      name: 'health with an address and an empty block',
      code: configMap('        health :8080 {\n        }\n'),
      errors: [
        {
          messageId: 'lameduckMissing',
          line: 7,
          column: 3,
          endLine: 7,
          endColumn: 11,
          suggestions: [{ messageId: 'setLameduck', output: configMap('        health :8080 {\n            lameduck 30s\n        }\n') }],
        },
      ],
    },
    {
      name: 'no health plugin at all',
      code: configMap(''),
      errors: [
        {
          messageId: 'healthMissing',
          line: 7,
          column: 3,
          endLine: 7,
          endColumn: 11,
          suggestions: [
            {
              messageId: 'addHealth',
              output: configMap('').replace('    .:53 {\n', '    .:53 {\n        health {\n            lameduck 30s\n        }\n'),
            },
          ],
        },
      ],
    },
    {
      name: 'a Corefile ConfigMap under another name, mounted by CoreDNS',
      code: configMap('        health\n', undefined, 'dns-config'),
      files: { 'coredns.yaml': coredns(readyProbe).replace('            name: coredns\n            items:', '            name: dns-config\n            items:') },
      errors: [
        {
          messageId: 'lameduckMissing',
          line: 7,
          column: 3,
          endLine: 7,
          endColumn: 11,
          suggestions: [{ messageId: 'setLameduck', output: configMap('        health {\n            lameduck 30s\n        }\n', undefined, 'dns-config') }],
        },
      ],
    },
    {
      name: 'a Corefile written as a quoted string: reported, no text edit',
      code: `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: coredns\ndata:\n  Corefile: ".:53 {\\n    health\\n    ready\\n    forward . /etc/resolv.conf\\n}\\n"\n`,
      errors: [{ messageId: 'lameduckMissing', line: 6, column: 3, endLine: 6, endColumn: 11, output: null }],
    },
  ],
});
