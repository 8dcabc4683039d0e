import { defineCases } from '../../test/support/rule-tester';

const deployment = `apiVersion: apps/v1
kind: Deployment
metadata:
  name: shop-api
spec:
  replicas: 3
  selector:
    matchLabels:
      app: shop-api
  template:
    metadata:
      labels:
        app: shop-api
    spec:
      containers:
        - name: api
          image: shop/api:1.2.3
          ports:
            - name: http
              containerPort: 8080
`;

const service = (targetPort: string | number, extra = '') => `apiVersion: v1
kind: Service
metadata:
  name: shop-api
spec:
  selector:
    app: shop-api
  ports:
    - port: 80
      targetPort: ${targetPort}
${extra}`;

const probe = (handler: string) => `          readinessProbe:
${handler}            periodSeconds: 10
            failureThreshold: 3
`;
const tcp = (port: string | number) => probe(`            tcpSocket:\n              port: ${port}\n`);
const http = (port: string | number) => probe(`            httpGet:\n              path: /healthz\n              port: ${port}\n`);
const grpc = (port: number) => probe(`            grpc:\n              port: ${port}\n`);

const withPorts = (ports: string) => deployment.replace(`          ports:\n            - name: http\n              containerPort: 8080\n`, ports);
const noPorts = withPorts('');

/** A worker: no ports, no Service. */
const worker = noPorts.replace(/shop-api/g, 'order-worker');

export default defineCases({
  valid: [
    {
      name: 'a container with a readiness probe',
      code: deployment + probe(`            httpGet:\n              path: /ready\n              port: http\n`),
      files: { 'service.yaml': service('http') },
    },
    { name: 'a queue worker with no ports and no Service', code: worker },
    {
      name: 'Jobs run to completion',
      code: `apiVersion: batch/v1
kind: Job
metadata:
  name: migrate
spec:
  template:
    spec:
      restartPolicy: Never
      containers:
        - name: migrate
          image: shop/migrate:1.2.3
          ports:
            - containerPort: 8080
`,
    },
    {
      name: 'CronJobs run to completion',
      code: `apiVersion: batch/v1
kind: CronJob
metadata:
  name: report
spec:
  schedule: "0 3 * * *"
  jobTemplate:
    spec:
      template:
        metadata:
          labels:
            app: report
        spec:
          restartPolicy: OnFailure
          containers:
            - name: report
              image: shop/report:1.2.3
              ports:
                - containerPort: 9090
`,
      files: { 'service.yaml': service(9090).replace(/shop-api/g, 'report') },
    },
    {
      name: 'regular init containers cannot have probes',
      code: deployment
        .replace('      containers:\n', '      initContainers:\n        - name: wait\n          image: shop/wait:1.0.0\n          ports:\n            - containerPort: 9999\n      containers:\n')
        .concat(probe(`            tcpSocket:\n              port: http\n`)),
    },
    {
      name: 'native sidecars are not checked unless checkSidecars is on',
      code: deployment.replace(
        '      containers:\n',
        '      initContainers:\n        - name: proxy\n          image: envoyproxy/envoy:v1.31.0\n          restartPolicy: Always\n          ports:\n            - name: admin\n              containerPort: 9901\n      containers:\n',
      ) + probe(`            tcpSocket:\n              port: http\n`),
    },
    {
      name: 'a native sidecar owns the Service port and checkSidecars is off: the app container has no ports',
      code: noPorts.replace(
        '      containers:\n',
        '      initContainers:\n        - name: oauth-proxy\n          image: quay.io/oauth2-proxy/oauth2-proxy:v7.6.0\n          restartPolicy: Always\n          ports:\n            - name: proxy\n              containerPort: 4180\n      containers:\n',
      ),
      files: { 'service.yaml': service('proxy') },
    },
    {
      name: 'readiness gates decide readiness',
      code: noPorts.replace('      containers:\n', '      readinessGates:\n        - conditionType: target-health.elbv2.k8s.aws/shop-api\n      containers:\n'),
      files: { 'service.yaml': service(8080) },
    },
    {
      name: 'Helm hooks are exempt',
      code: deployment.replace('  name: shop-api\n', '  name: shop-api\n  annotations:\n    helm.sh/hook: pre-install\n'),
    },
    {
      name: 'a Service in another namespace does not make the workload service-facing',
      code: noPorts,
      files: { 'service.yaml': service(8080).replace('  name: shop-api\n', '  name: shop-api\n  namespace: other\n') },
    },
    {
      name: 'a Service whose selector matches other pods',
      code: noPorts,
      files: { 'service.yaml': service(8080).replace('    app: shop-api\n', '    app: shop-web\n') },
    },
    {
      name: 'an ExternalName Service selects nothing',
      code: noPorts,
      files: { 'service.yaml': service(8080).replace('spec:\n', 'spec:\n  type: ExternalName\n  externalName: api.example.com\n') },
    },
    {
      name: 'a kind from another API group is not a workload',
      code: deployment.replace('apiVersion: apps/v1', 'apiVersion: example.com/v1'),
    },
    {
      name: 'containers that are not a list do not crash the rule',
      code: `apiVersion: apps/v1
kind: Deployment
metadata:
  name: broken
spec:
  selector:
    matchLabels: {app: broken}
  template:
    metadata:
      labels: {app: broken}
    spec:
      containers: not-a-list
`,
      files: { 'service.yaml': service(8080).replace(/shop-api/g, 'broken') },
    },
    {
      name: 'ports entries of the wrong shape are ignored',
      code: withPorts('          ports: ~\n'),
    },
  ],
  invalid: [
    {
      name: 'a named targetPort in another file: the safe fix probes that port',
      code: deployment,
      files: { 'service.yaml': service('http') },
      errors: [
        {
          messageId: 'missing',
          line: 16,
          column: 11,
          endLine: 16,
          endColumn: 15,
          severity: 'warning',
          output: deployment + tcp('http'),
          suggestions: [{ messageId: 'addHttpProbe', output: deployment + http('http') }],
        },
      ],
    },
    {
      name: 'a numeric targetPort resolves to the declared port, and the probe prefers its name',
      code: deployment,
      files: { 'service.yaml': service(8080) },
      errors: [
        {
          messageId: 'missing',
          line: 16,
          column: 11,
          endLine: 16,
          endColumn: 15,
          output: deployment + tcp('http'),
          suggestions: [{ messageId: 'addHttpProbe', output: deployment + http('http') }],
        },
      ],
    },
    {
      name: 'an unnamed port that does not look like HTTP gets the TCP fix only',
      code: withPorts('          ports:\n            - containerPort: 9000\n'),
      files: { 'service.yaml': service(9000) },
      errors: [
        {
          messageId: 'missing',
          line: 16,
          column: 11,
          endLine: 16,
          endColumn: 15,
          output: withPorts('          ports:\n            - containerPort: 9000\n') + tcp(9000),
          suggestions: [],
        },
      ],
    },
    {
      name: 'without a Service, a container with ports is info and its port is only a guess',
      code: deployment,
      errors: [
        {
          messageId: 'missingNoService',
          line: 16,
          column: 11,
          endLine: 16,
          endColumn: 15,
          severity: 'info',
          output: null,
          suggestions: [
            { messageId: 'addHttpProbe', output: deployment + http('http') },
            { messageId: 'addTcpProbe', output: deployment + tcp('http') },
          ],
        },
      ],
    },
    {
      name: 'a gRPC port gets a gRPC variant with the port number',
      code: withPorts('          ports:\n            - name: grpc\n              containerPort: 9090\n'),
      errors: [
        {
          messageId: 'missingNoService',
          line: 16,
          column: 11,
          endLine: 16,
          endColumn: 15,
          severity: 'info',
          output: null,
          suggestions: [
            { messageId: 'addGrpcProbe', output: withPorts('          ports:\n            - name: grpc\n              containerPort: 9090\n') + grpc(9090) },
            { messageId: 'addTcpProbe', output: withPorts('          ports:\n            - name: grpc\n              containerPort: 9090\n') + tcp('grpc') },
          ],
        },
      ],
    },
    {
      name: 'appProtocol grpc on the Service port',
      code: withPorts('          ports:\n            - containerPort: 50051\n'),
      files: { 'service.yaml': service(50051, '      appProtocol: grpc\n') },
      errors: [
        {
          messageId: 'missing',
          line: 16,
          column: 11,
          endLine: 16,
          endColumn: 15,
          output: withPorts('          ports:\n            - containerPort: 50051\n') + tcp(50051),
          suggestions: [{ messageId: 'addGrpcProbe', output: withPorts('          ports:\n            - containerPort: 50051\n') + grpc(50051) }],
        },
      ],
    },
    {
      name: 'no gRPC variant before Kubernetes 1.24',
      code: withPorts('          ports:\n            - containerPort: 50051\n'),
      files: { 'service.yaml': service(50051, '      appProtocol: grpc\n') },
      config: { kubernetesVersion: '1.23' },
      errors: [
        {
          messageId: 'missing',
          line: 16,
          column: 11,
          endLine: 16,
          endColumn: 15,
          output: withPorts('          ports:\n            - containerPort: 50051\n') + tcp(50051),
          suggestions: [],
        },
      ],
    },
    {
      name: 'service-facing without declared ports: the first app container is checked on the numeric targetPort',
      code: noPorts,
      files: { 'service.yaml': service(8080) },
      errors: [
        {
          messageId: 'missing',
          line: 16,
          column: 11,
          endLine: 16,
          endColumn: 15,
          output: noPorts + tcp(8080),
          suggestions: [{ messageId: 'addHttpProbe', output: noPorts + http(8080) }],
        },
      ],
    },
    {
      name: 'service-facing with a named targetPort that no container declares: reported, but no port to probe',
      code: noPorts,
      files: { 'service.yaml': service('web') },
      errors: [{ messageId: 'missing', line: 16, column: 11, endLine: 16, endColumn: 15, output: null, suggestions: [] }],
    },
    {
      name: 'the container that owns the targetPort is checked, and so is another container with ports',
      code: `apiVersion: apps/v1
kind: Deployment
metadata:
  name: shop-api
spec:
  selector:
    matchLabels:
      app: shop-api
  template:
    metadata:
      labels:
        app: shop-api
    spec:
      containers:
        - name: log-shipper
          image: fluent/fluent-bit:3.1.4
        - name: metrics
          image: prom/statsd-exporter:v0.27.1
          ports:
            - name: metrics
              containerPort: 9102
        - name: api
          image: shop/api:1.2.3
          ports:
            - name: http
              containerPort: 8080
`,
      files: { 'service.yaml': service('http') },
      errors: [
        {
          messageId: 'missing',
          line: 17,
          column: 11,
          endLine: 17,
          endColumn: 15,
          output: null,
          suggestions: [
            {
              messageId: 'addTcpProbe',
              output: `apiVersion: apps/v1
kind: Deployment
metadata:
  name: shop-api
spec:
  selector:
    matchLabels:
      app: shop-api
  template:
    metadata:
      labels:
        app: shop-api
    spec:
      containers:
        - name: log-shipper
          image: fluent/fluent-bit:3.1.4
        - name: metrics
          image: prom/statsd-exporter:v0.27.1
          ports:
            - name: metrics
              containerPort: 9102
${tcp('metrics')}        - name: api
          image: shop/api:1.2.3
          ports:
            - name: http
              containerPort: 8080
`,
            },
          ],
        },
        {
          messageId: 'missing',
          line: 22,
          column: 11,
          endLine: 22,
          endColumn: 15,
          output: `apiVersion: apps/v1
kind: Deployment
metadata:
  name: shop-api
spec:
  selector:
    matchLabels:
      app: shop-api
  template:
    metadata:
      labels:
        app: shop-api
    spec:
      containers:
        - name: log-shipper
          image: fluent/fluent-bit:3.1.4
        - name: metrics
          image: prom/statsd-exporter:v0.27.1
          ports:
            - name: metrics
              containerPort: 9102
        - name: api
          image: shop/api:1.2.3
          ports:
            - name: http
              containerPort: 8080
${tcp('http')}`,
          suggestions: [
            {
              messageId: 'addHttpProbe',
              output: `apiVersion: apps/v1
kind: Deployment
metadata:
  name: shop-api
spec:
  selector:
    matchLabels:
      app: shop-api
  template:
    metadata:
      labels:
        app: shop-api
    spec:
      containers:
        - name: log-shipper
          image: fluent/fluent-bit:3.1.4
        - name: metrics
          image: prom/statsd-exporter:v0.27.1
          ports:
            - name: metrics
              containerPort: 9102
        - name: api
          image: shop/api:1.2.3
          ports:
            - name: http
              containerPort: 8080
${http('http')}`,
            },
          ],
        },
      ],
    },
    {
      name: 'a native sidecar that owns the Service port, with checkSidecars on',
      code: noPorts.replace(
        '      containers:\n',
        '      initContainers:\n        - name: oauth-proxy\n          image: quay.io/oauth2-proxy/oauth2-proxy:v7.6.0\n          restartPolicy: Always\n          ports:\n            - name: proxy\n              containerPort: 4180\n      containers:\n',
      ),
      files: { 'service.yaml': service('proxy') },
      config: { rules: { 'readiness-probe-missing': { options: { checkSidecars: true } } } },
      errors: [
        {
          messageId: 'missing',
          line: 16,
          column: 11,
          endLine: 16,
          endColumn: 15,
          output: noPorts.replace(
            '      containers:\n',
            `      initContainers:\n        - name: oauth-proxy\n          image: quay.io/oauth2-proxy/oauth2-proxy:v7.6.0\n          restartPolicy: Always\n          ports:\n            - name: proxy\n              containerPort: 4180\n${tcp('proxy')}      containers:\n`,
          ),
          suggestions: [],
        },
      ],
    },
    {
      name: 'a DaemonSet node agent without a Service is info',
      code: `apiVersion: apps/v1
kind: DaemonSet
metadata:
  name: node-exporter
  namespace: monitoring
spec:
  selector:
    matchLabels:
      app: node-exporter
  template:
    metadata:
      labels:
        app: node-exporter
    spec:
      containers:
      - name: node-exporter
        image: quay.io/prometheus/node-exporter:v1.8.2
        ports:
        - name: metrics
          containerPort: 9100
`,
      errors: [
        {
          messageId: 'missingNoService',
          line: 16,
          column: 9,
          endLine: 16,
          endColumn: 13,
          severity: 'info',
          output: null,
          suggestions: [
            {
              messageId: 'addTcpProbe',
              output: `apiVersion: apps/v1
kind: DaemonSet
metadata:
  name: node-exporter
  namespace: monitoring
spec:
  selector:
    matchLabels:
      app: node-exporter
  template:
    metadata:
      labels:
        app: node-exporter
    spec:
      containers:
      - name: node-exporter
        image: quay.io/prometheus/node-exporter:v1.8.2
        ports:
        - name: metrics
          containerPort: 9100
        readinessProbe:
          tcpSocket:
            port: metrics
          periodSeconds: 10
          failureThreshold: 3
`,
            },
          ],
        },
      ],
    },
    {
      name: 'a bare Pod behind a Service in the same file, with comments kept',
      code: `apiVersion: v1
kind: Pod
metadata:
  name: echo
  labels:
    app: echo
spec:
  containers:
    - name: echo # the only container
      image: ealen/echo-server:0.9.2
      ports:
        - name: http
          containerPort: 80 # plain HTTP
---
apiVersion: v1
kind: Service
metadata:
  name: echo
spec:
  selector:
    app: echo
  ports:
    - port: 80
      targetPort: http
`,
      errors: [
        {
          messageId: 'missing',
          line: 9,
          column: 7,
          endLine: 9,
          endColumn: 11,
          output: `apiVersion: v1
kind: Pod
metadata:
  name: echo
  labels:
    app: echo
spec:
  containers:
    - name: echo # the only container
      image: ealen/echo-server:0.9.2
      ports:
        - name: http
          containerPort: 80 # plain HTTP
      readinessProbe:
        tcpSocket:
          port: http
        periodSeconds: 10
        failureThreshold: 3
---
apiVersion: v1
kind: Service
metadata:
  name: echo
spec:
  selector:
    app: echo
  ports:
    - port: 80
      targetPort: http
`,
          suggestions: [
            {
              messageId: 'addHttpProbe',
              output: `apiVersion: v1
kind: Pod
metadata:
  name: echo
  labels:
    app: echo
spec:
  containers:
    - name: echo # the only container
      image: ealen/echo-server:0.9.2
      ports:
        - name: http
          containerPort: 80 # plain HTTP
      readinessProbe:
        httpGet:
          path: /healthz
          port: http
        periodSeconds: 10
        failureThreshold: 3
---
apiVersion: v1
kind: Service
metadata:
  name: echo
spec:
  selector:
    app: echo
  ports:
    - port: 80
      targetPort: http
`,
            },
          ],
        },
      ],
    },
    {
      name: 'readinessProbe: null is missing, and the fix fills in the value',
      code: deployment + '          readinessProbe: null\n',
      files: { 'service.yaml': service('http') },
      errors: [
        {
          messageId: 'missing',
          line: 16,
          column: 11,
          endLine: 16,
          endColumn: 15,
          output: deployment + tcp('http'),
          suggestions: [{ messageId: 'addHttpProbe', output: deployment + http('http') }],
        },
      ],
    },
    {
      name: 'a DNS server on UDP and TCP gets its probe on the TCP port',
      code: withPorts('          ports:\n            - name: dns\n              containerPort: 53\n              protocol: UDP\n            - name: dns-tcp\n              containerPort: 53\n              protocol: TCP\n'),
      files: {
        'service.yaml': service(53).replace('    - port: 80\n      targetPort: 53\n', '    - name: dns\n      port: 53\n      protocol: UDP\n    - name: dns-tcp\n      port: 53\n      protocol: TCP\n'),
      },
      errors: [
        {
          messageId: 'missing',
          line: 16,
          column: 11,
          endLine: 16,
          endColumn: 15,
          output: withPorts('          ports:\n            - name: dns\n              containerPort: 53\n              protocol: UDP\n            - name: dns-tcp\n              containerPort: 53\n              protocol: TCP\n') + tcp('dns-tcp'),
          suggestions: [],
        },
      ],
    },
    {
      name: 'a UDP-only port cannot be probed over TCP: reported without a fix',
      code: withPorts('          ports:\n            - name: statsd\n              containerPort: 8125\n              protocol: UDP\n'),
      files: { 'service.yaml': service('statsd', '      protocol: UDP\n') },
      errors: [{ messageId: 'missing', line: 16, column: 11, endLine: 16, endColumn: 15, output: null, suggestions: [] }],
    },
    {
      name: 'without a Service, a UDP-only port gets no guessed probe',
      code: withPorts('          ports:\n            - name: statsd\n              containerPort: 8125\n              protocol: UDP\n'),
      errors: [{ messageId: 'missingNoService', line: 16, column: 11, endLine: 16, endColumn: 15, severity: 'info', output: null, suggestions: [] }],
    },
    {
      name: 'a flow-style container gets a flow-style probe',
      code: `apiVersion: apps/v1
kind: StatefulSet
metadata:
  name: cache
spec:
  serviceName: cache
  selector:
    matchLabels: {app: cache}
  template:
    metadata:
      labels: {app: cache}
    spec:
      containers:
        - {name: redis, image: "redis:7.2.5", ports: [{name: redis, containerPort: 6379}]}
---
apiVersion: v1
kind: Service
metadata:
  name: cache
spec:
  clusterIP: None
  selector: {app: cache}
  ports: [{port: 6379, targetPort: redis}]
`,
      errors: [
        {
          messageId: 'missing',
          line: 14,
          column: 12,
          endLine: 14,
          endColumn: 16,
          output: `apiVersion: apps/v1
kind: StatefulSet
metadata:
  name: cache
spec:
  serviceName: cache
  selector:
    matchLabels: {app: cache}
  template:
    metadata:
      labels: {app: cache}
    spec:
      containers:
        - {name: redis, image: "redis:7.2.5", ports: [{name: redis, containerPort: 6379}], readinessProbe: {tcpSocket: {port: redis}, periodSeconds: 10, failureThreshold: 3}}
---
apiVersion: v1
kind: Service
metadata:
  name: cache
spec:
  clusterIP: None
  selector: {app: cache}
  ports: [{port: 6379, targetPort: redis}]
`,
          suggestions: [],
        },
      ],
    },
  ],
});
