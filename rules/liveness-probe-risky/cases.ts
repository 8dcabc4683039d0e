import { defineCases } from '../../test/support/rule-tester';

/** A Deployment whose one container declares port `http` (8080) and ends with `probes`. */
const deployment = (probes: string, image = 'shop/api:1.2.3') => `apiVersion: apps/v1
kind: Deployment
metadata:
  name: api
spec:
  replicas: 2
  selector:
    matchLabels:
      app: api
  template:
    metadata:
      labels:
        app: api
    spec:
      containers:
        - name: api
          image: ${image}
          ports:
            - name: http
              containerPort: 8080
${probes}`;

/** An httpGet probe; `extra` lines follow the handler. */
const http = (field: string, path: string, port: string | number = 'http', extra = '') => `          ${field}:
            httpGet:
              path: ${path}
              port: ${port}
${extra}`;
const exec = (field: string, command: string, extra = '') => `          ${field}:
            exec:
              command: ${command}
${extra}`;
const line = (key: string, value: number) => `            ${key}: ${value}\n`;

export default defineCases({
  valid: [
    {
      name: 'the readiness endpoint as liveness, with a higher failureThreshold (the Kubernetes docs pattern)',
      code: deployment(http('readinessProbe', '/healthz') + http('livenessProbe', '/healthz', 'http', line('failureThreshold', 6))),
    },
    {
      name: 'the same endpoint with a longer liveness period',
      code: deployment(http('readinessProbe', '/healthz') + http('livenessProbe', '/healthz', 8080, line('periodSeconds', 20))),
    },
    { name: 'different endpoints for liveness and readiness', code: deployment(http('readinessProbe', '/readyz') + http('livenessProbe', '/livez')) },
    { name: 'an exec liveness probe with a timeout above one second', code: deployment(exec('livenessProbe', '[cat, /tmp/healthy]', line('timeoutSeconds', 5))) },
    {
      name: 'a long initial delay next to a startupProbe',
      code: deployment(http('startupProbe', '/livez') + http('livenessProbe', '/livez', 'http', line('initialDelaySeconds', 120))),
    },
    { name: 'an initial delay of one minute', code: deployment(http('livenessProbe', '/livez', 'http', line('initialDelaySeconds', 60))) },
    {
      name: 'a datastore checking itself',
      code: deployment(exec('livenessProbe', '[redis-cli, ping]', line('timeoutSeconds', 3)), 'redis:7.2.5'),
    },
    { name: 'words that only contain a dependency word', code: deployment(http('livenessProbe', '/feedback/isready-not')) },
    { name: 'no liveness probe', code: deployment(http('readinessProbe', '/ready')) },
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
${exec('livenessProbe', '[check-db]')}`,
    },
    {
      name: 'Helm hooks are exempt',
      code: deployment(http('livenessProbe', '/ready')).replace('  name: api\nspec:', '  name: api\n  annotations:\n    helm.sh/hook: test\nspec:'),
    },
    {
      name: 'a liveness probe of the wrong shape does not crash the rule',
      code: deployment('          livenessProbe:\n            httpGet: /ready\n          readinessProbe: true\n'),
    },
  ],
  invalid: [
    {
      name: 'identical probes, a port name and its number: the fix doubles the readiness failureThreshold',
      code: deployment(http('readinessProbe', '/healthz', 8080) + http('livenessProbe', '/healthz')),
      errors: [
        {
          messageId: 'sameAsReadiness',
          line: 25,
          column: 11,
          endLine: 25,
          endColumn: 24,
          severity: 'warning',
          output: deployment(http('readinessProbe', '/healthz', 8080) + http('livenessProbe', '/healthz', 'http', line('failureThreshold', 6))),
          suggestions: [],
        },
      ],
    },
    {
      name: 'an explicit failureThreshold equal to the readiness one is raised in place',
      code: deployment(
        http('readinessProbe', '/healthz', 'http', line('failureThreshold', 2)) +
          http('livenessProbe', '/healthz', 'http', line('failureThreshold', 2) + line('periodSeconds', 10)),
      ),
      errors: [
        {
          messageId: 'sameAsReadiness',
          line: 30,
          column: 13,
          endLine: 30,
          endColumn: 29,
          output: deployment(
            http('readinessProbe', '/healthz', 'http', line('failureThreshold', 2)) +
              http('livenessProbe', '/healthz', 'http', line('failureThreshold', 4) + line('periodSeconds', 10)),
          ),
          suggestions: [],
        },
      ],
    },
    {
      name: 'a shorter liveness period needs more than twice the readiness threshold',
      code: deployment(http('readinessProbe', '/healthz') + http('livenessProbe', '/healthz', 'http', line('periodSeconds', 5))),
      errors: [
        {
          messageId: 'sameAsReadiness',
          line: 25,
          column: 11,
          endLine: 25,
          endColumn: 24,
          output: deployment(
            http('readinessProbe', '/healthz') + http('livenessProbe', '/healthz', 'http', line('periodSeconds', 5) + line('failureThreshold', 7)),
          ),
          suggestions: [],
        },
      ],
    },
    {
      name: 'identical TCP probes on a native sidecar',
      code: deployment('').replace(
        '      containers:\n',
        `      initContainers:
        - name: proxy
          image: envoyproxy/envoy:v1.31.0
          restartPolicy: Always
          readinessProbe:
            tcpSocket:
              port: 9901
          livenessProbe:
            tcpSocket:
              port: 9901
      containers:
`,
      ),
      errors: [
        {
          messageId: 'sameAsReadiness',
          line: 22,
          column: 11,
          endLine: 22,
          endColumn: 24,
          output: deployment('').replace(
            '      containers:\n',
            `      initContainers:
        - name: proxy
          image: envoyproxy/envoy:v1.31.0
          restartPolicy: Always
          readinessProbe:
            tcpSocket:
              port: 9901
          livenessProbe:
            tcpSocket:
              port: 9901
            failureThreshold: 6
      containers:
`,
          ),
          suggestions: [],
        },
      ],
    },
    {
      name: 'a liveness probe on a readiness endpoint',
      code: deployment(http('livenessProbe', '/actuator/health/readiness')),
      errors: [{ messageId: 'dependencyCheck', line: 23, column: 21, endLine: 23, endColumn: 47, severity: 'info', output: null, suggestions: [] }],
    },
    {
      name: 'a liveness probe against another host',
      code: deployment(`          livenessProbe:
            httpGet:
              host: orders-db.internal
              path: /
              port: 5432
`),
      errors: [{ messageId: 'dependencyCheck', line: 23, column: 21, endLine: 23, endColumn: 39, severity: 'info' }],
    },
    {
      name: 'an exec liveness probe that checks a database with the default timeout',
      code: deployment(exec('livenessProbe', '["/bin/sh", "-c", "pg_isready -h orders-db"]')),
      errors: [
        { messageId: 'execTimeout', line: 22, column: 13, endLine: 22, endColumn: 17, severity: 'info' },
        { messageId: 'dependencyCheck', line: 23, column: 42, endLine: 23, endColumn: 67, severity: 'info' },
      ],
    },
    {
      name: 'an explicit one-second exec timeout',
      code: deployment(exec('livenessProbe', '[cat, /tmp/healthy]', line('timeoutSeconds', 1))),
      errors: [{ messageId: 'execTimeout', line: 24, column: 13, endLine: 24, endColumn: 27, severity: 'info' }],
    },
    {
      name: 'a long initialDelaySeconds becomes a startupProbe in the editor',
      code: deployment(http('livenessProbe', '/livez', 'http', line('initialDelaySeconds', 120) + line('periodSeconds', 10))),
      errors: [
        {
          messageId: 'longInitialDelay',
          line: 25,
          column: 13,
          endLine: 25,
          endColumn: 32,
          severity: 'info',
          output: null,
          suggestions: [
            {
              messageId: 'useStartupProbe',
              output: deployment(
                `${http('livenessProbe', '/livez', 'http', line('periodSeconds', 10))}          startupProbe:
            httpGet:
              path: /livez
              port: http
            failureThreshold: 12
            periodSeconds: 10
`,
              ),
            },
          ],
        },
      ],
    },
    {
      name: 'a long delay on an exec probe: the startupProbe keeps the timeout',
      code: deployment(exec('livenessProbe', '[/bin/check]', line('initialDelaySeconds', 95) + line('timeoutSeconds', 5))),
      errors: [
        {
          messageId: 'longInitialDelay',
          line: 24,
          column: 13,
          endLine: 24,
          endColumn: 32,
          suggestions: [
            {
              messageId: 'useStartupProbe',
              output: deployment(
                `${exec('livenessProbe', '[/bin/check]', line('timeoutSeconds', 5))}          startupProbe:
            exec:
              command:
                - /bin/check
            timeoutSeconds: 5
            failureThreshold: 10
            periodSeconds: 10
`,
              ),
            },
          ],
        },
      ],
    },
    {
      name: 'a flow-style probe is reported, but cannot be rewritten minimally',
      code: deployment('          livenessProbe: {tcpSocket: {port: http}, initialDelaySeconds: 300}\n'),
      errors: [{ messageId: 'longInitialDelay', line: 21, column: 52, endLine: 21, endColumn: 71, output: null, suggestions: [] }],
    },
  ],
});
