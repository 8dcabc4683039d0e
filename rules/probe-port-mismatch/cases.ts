import { defineCases } from '../../test/support/rule-tester';

/** A Deployment with one container that declares `ports` and ends with `probes`. */
const deployment = (probes: string, ports = '          ports:\n            - name: http\n              containerPort: 8080\n') => `apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
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
          image: shop/web:1.2.3
${ports}${probes}`;

const http = (field: string, port: string | number) => `          ${field}:
            httpGet:
              path: /healthz
              port: ${port}
`;
const tcp = (field: string, port: string | number) => `          ${field}:
            tcpSocket:
              port: ${port}
`;
const grpc = (field: string, port: string | number) => `          ${field}:
            grpc:
              port: ${port}
`;

const twoPorts = `          ports:
            - name: http
              containerPort: 8080
            - name: admin
              containerPort: 9901
`;

const sidecar = (probes: string) => `apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
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
        - name: web
          image: shop/web:1.2.3
${probes}        - name: proxy
          image: envoyproxy/envoy:v1.31.0
          ports:
            - name: proxy
              containerPort: 15001
`;

export default defineCases({
  valid: [
    { name: 'a named port the container declares', code: deployment(http('readinessProbe', 'http') + tcp('livenessProbe', 'http')) },
    { name: 'a numeric port the container declares', code: deployment(http('readinessProbe', 8080)) },
    { name: 'a numeric port in a container that declares no ports: ports[] is informational', code: deployment(http('readinessProbe', 8080), '') },
    { name: 'a quoted number is a number', code: deployment(http('startupProbe', '"8080"')) },
    { name: 'a gRPC probe on a declared number', code: deployment(grpc('readinessProbe', 8080)) },
    {
      name: 'exec probes have no port',
      code: deployment(`          livenessProbe:
            exec:
              command: [cat, /tmp/healthy]
`),
    },
    {
      name: 'a DNS server declares the name for UDP and the same number for TCP',
      code: deployment(
        tcp('livenessProbe', 'dns'),
        `          ports:
            - name: dns
              containerPort: 53
              protocol: UDP
            - name: dns-tcp
              containerPort: 53
              protocol: TCP
`,
      ),
    },
    {
      name: 'Jobs are not checked',
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
          readinessProbe:
            tcpSocket:
              port: http
`,
    },
    {
      name: 'Helm hooks are exempt',
      code: deployment(http('readinessProbe', 'metrics')).replace('  name: web\nspec:', '  name: web\n  annotations:\n    helm.sh/hook: test\nspec:'),
    },
    {
      name: 'regular init containers cannot have probes',
      code: deployment('').replace(
        '      containers:\n',
        '      initContainers:\n        - name: wait\n          image: busybox:1.36\n          readinessProbe:\n            tcpSocket:\n              port: db\n      containers:\n',
      ),
    },
    { name: 'a probe without a usable port is a schema error', code: deployment(http('readinessProbe', '"not a port!"')) },
    { name: 'probes of the wrong shape do not crash the rule', code: deployment('          readinessProbe: yes\n          livenessProbe:\n            httpGet: /healthz\n') },
  ],
  invalid: [
    {
      name: 'a named port the container does not declare: error, with the declared names offered',
      code: deployment(http('readinessProbe', 'web'), twoPorts),
      errors: [
        {
          messageId: 'unknownName',
          line: 26,
          column: 21,
          endLine: 26,
          endColumn: 24,
          severity: 'error',
          output: null,
          suggestions: [
            { messageId: 'usePort', output: deployment(http('readinessProbe', 'http'), twoPorts) },
            { messageId: 'usePort', output: deployment(http('readinessProbe', 'admin'), twoPorts) },
          ],
        },
      ],
    },
    {
      name: 'a named port in a container that declares no ports at all',
      code: deployment(tcp('livenessProbe', 'http'), ''),
      errors: [{ messageId: 'unknownName', line: 20, column: 21, endLine: 20, endColumn: 25, output: null, suggestions: [] }],
    },
    {
      name: 'unnamed ports are offered by number',
      code: deployment(http('startupProbe', '"health"'), '          ports:\n            - containerPort: 8080\n'),
      errors: [
        {
          messageId: 'unknownName',
          line: 23,
          column: 21,
          endLine: 23,
          endColumn: 29,
          suggestions: [{ messageId: 'usePort', output: deployment(http('startupProbe', 8080), '          ports:\n            - containerPort: 8080\n') }],
        },
      ],
    },
    {
      name: 'a named port that only another container declares: its number is offered',
      code: sidecar(http('readinessProbe', 'proxy')),
      errors: [
        {
          messageId: 'otherContainer',
          line: 20,
          column: 21,
          endLine: 20,
          endColumn: 26,
          severity: 'error',
          output: null,
          suggestions: [{ messageId: 'useNumber', output: sidecar(http('readinessProbe', 15001)) }],
        },
      ],
    },
    {
      name: 'a named port declared as UDP only',
      code: deployment(tcp('livenessProbe', 'statsd'), '          ports:\n            - name: statsd\n              containerPort: 8125\n              protocol: UDP\n            - name: http\n              containerPort: 8080\n'),
      errors: [
        {
          messageId: 'notTcp',
          line: 26,
          column: 21,
          endLine: 26,
          endColumn: 27,
          severity: 'warning',
          suggestions: [
            {
              messageId: 'usePort',
              output: deployment(tcp('livenessProbe', 'http'), '          ports:\n            - name: statsd\n              containerPort: 8125\n              protocol: UDP\n            - name: http\n              containerPort: 8080\n'),
            },
          ],
        },
      ],
    },
    {
      name: 'a numeric port the container does not declare: info, with its ports offered',
      code: deployment(http('readinessProbe', 8081), twoPorts),
      errors: [
        {
          messageId: 'undeclaredNumber',
          line: 26,
          column: 21,
          endLine: 26,
          endColumn: 25,
          severity: 'info',
          suggestions: [
            { messageId: 'usePort', output: deployment(http('readinessProbe', 'http'), twoPorts) },
            { messageId: 'usePort', output: deployment(http('readinessProbe', 'admin'), twoPorts) },
          ],
        },
      ],
    },
    {
      name: 'a gRPC port the container does not declare: numbers are offered',
      code: deployment(grpc('readinessProbe', 9090), twoPorts),
      errors: [
        {
          messageId: 'undeclaredNumber',
          line: 25,
          column: 21,
          endLine: 25,
          endColumn: 25,
          severity: 'info',
          suggestions: [
            { messageId: 'usePort', output: deployment(grpc('readinessProbe', 8080), twoPorts) },
            { messageId: 'usePort', output: deployment(grpc('readinessProbe', 9901), twoPorts) },
          ],
        },
      ],
    },
    {
      name: 'a numeric port that another container declares: the probe tests that container',
      code: sidecar(http('livenessProbe', 15001)),
      errors: [{ messageId: 'otherContainerNumber', line: 20, column: 21, endLine: 20, endColumn: 26, severity: 'info', suggestions: [] }],
    },
    {
      name: 'each probe of a container is checked, native sidecars included',
      code: deployment(tcp('startupProbe', 'grpc') + http('livenessProbe', 'healthz')).replace(
        '      containers:\n',
        `      initContainers:
        - name: proxy
          image: envoyproxy/envoy:v1.31.0
          restartPolicy: Always
          ports:
            - name: admin
              containerPort: 9901
          readinessProbe:
            httpGet:
              path: /ready
              port: admn
      containers:
`,
      ),
      errors: [
        {
          messageId: 'unknownName',
          line: 25,
          column: 21,
          endLine: 25,
          endColumn: 25,
          suggestions: [
            {
              messageId: 'usePort',
              output: deployment(tcp('startupProbe', 'grpc') + http('livenessProbe', 'healthz')).replace(
                '      containers:\n',
                `      initContainers:
        - name: proxy
          image: envoyproxy/envoy:v1.31.0
          restartPolicy: Always
          ports:
            - name: admin
              containerPort: 9901
          readinessProbe:
            httpGet:
              path: /ready
              port: admin
      containers:
`,
              ),
            },
          ],
        },
        {
          messageId: 'unknownName',
          line: 34,
          column: 21,
          endLine: 34,
          endColumn: 25,
          suggestions: [
            {
              messageId: 'usePort',
              output: deployment(tcp('startupProbe', 'http') + http('livenessProbe', 'healthz')).replace(
                '      containers:\n',
                `      initContainers:
        - name: proxy
          image: envoyproxy/envoy:v1.31.0
          restartPolicy: Always
          ports:
            - name: admin
              containerPort: 9901
          readinessProbe:
            httpGet:
              path: /ready
              port: admn
      containers:
`,
              ),
            },
          ],
        },
        {
          messageId: 'unknownName',
          line: 38,
          column: 21,
          endLine: 38,
          endColumn: 28,
          suggestions: [
            {
              messageId: 'usePort',
              output: deployment(tcp('startupProbe', 'grpc') + http('livenessProbe', 'http')).replace(
                '      containers:\n',
                `      initContainers:
        - name: proxy
          image: envoyproxy/envoy:v1.31.0
          restartPolicy: Always
          ports:
            - name: admin
              containerPort: 9901
          readinessProbe:
            httpGet:
              path: /ready
              port: admn
      containers:
`,
              ),
            },
          ],
        },
      ],
    },
    {
      name: 'a bare Pod with a quoted port name keeps its quotes',
      code: `apiVersion: v1
kind: Pod
metadata:
  name: debug
spec:
  containers:
    - name: web
      image: shop/web:1.2.3
      ports:
        - name: http
          containerPort: 8080
      readinessProbe:
        httpGet:
          path: /healthz
          port: "htpp"
`,
      errors: [
        {
          messageId: 'unknownName',
          line: 15,
          column: 17,
          endLine: 15,
          endColumn: 23,
          suggestions: [
            {
              messageId: 'usePort',
              output: `apiVersion: v1
kind: Pod
metadata:
  name: debug
spec:
  containers:
    - name: web
      image: shop/web:1.2.3
      ports:
        - name: http
          containerPort: 8080
      readinessProbe:
        httpGet:
          path: /healthz
          port: "http"
`,
            },
          ],
        },
      ],
    },
  ],
});
