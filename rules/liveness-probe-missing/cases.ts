import { defineCases } from '../../test/support/rule-tester';

/** The rule is opt-in: every case enables it the way users do, with `extends: all`. */
const config = { extends: 'all' };

const deployment = (probes: string) => `apiVersion: apps/v1
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
          image: shop/api:1.2.3
          ports:
            - name: http
              containerPort: 8080
${probes}`;

const readiness = (handler: string, extra = '') => `          readinessProbe:
${handler}${extra}`;
const httpGet = (path: string) => `            httpGet:\n              path: ${path}\n              port: http\n`;

export default defineCases({
  valid: [
    {
      name: 'a container with a liveness probe',
      code: deployment(`          livenessProbe:
            tcpSocket:
              port: http
`),
      config,
    },
    { name: 'off unless enabled: the recommended preset leaves it out', code: deployment('') },
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
`,
      config,
    },
    {
      name: 'init containers and native sidecars are not checked (kube-linter no-liveness-probe fixture)',
      code: deployment(`          livenessProbe:
            exec:
              command: [cat, /tmp/healthy]
            timeoutSeconds: 5
`).replace(
        '      containers:\n',
        '      initContainers:\n        - name: some-container\n          image: busybox:1.36\n        - name: proxy\n          image: envoyproxy/envoy:v1.31.0\n          restartPolicy: Always\n      containers:\n',
      ),
      config,
    },
    {
      name: 'Helm hooks are exempt',
      code: deployment('').replace('  name: api\nspec:', '  name: api\n  annotations:\n    helm.sh/hook: test\nspec:'),
      config,
    },
  ],
  invalid: [
    {
      name: 'no liveness probe and no readiness probe to copy',
      code: deployment(''),
      config,
      errors: [{ messageId: 'missing', line: 16, column: 11, endLine: 16, endColumn: 15, severity: 'warning', output: null, suggestions: [] }],
    },
    {
      name: 'the readiness endpoint is copied with twice its failureThreshold',
      code: deployment(readiness(httpGet('/healthz'), '            periodSeconds: 5\n')),
      config,
      errors: [
        {
          messageId: 'missing',
          line: 16,
          column: 11,
          endLine: 16,
          endColumn: 15,
          output: null,
          suggestions: [
            {
              messageId: 'copyReadiness',
              output: deployment(`${readiness(httpGet('/healthz'), '            periodSeconds: 5\n')}          livenessProbe:
            httpGet:
              path: /healthz
              port: http
            periodSeconds: 5
            failureThreshold: 6
`),
            },
          ],
        },
      ],
    },
    {
      name: 'a readiness endpoint that looks like a dependency check is not copied',
      code: deployment(readiness(httpGet('/ready'))),
      config,
      errors: [{ messageId: 'missing', line: 16, column: 11, endLine: 16, endColumn: 15, suggestions: [] }],
    },
    {
      name: 'an exec readiness probe is not copied',
      code: deployment(readiness('            exec:\n              command: [/bin/check]\n')),
      config,
      errors: [{ messageId: 'missing', line: 16, column: 11, endLine: 16, endColumn: 15, suggestions: [] }],
    },
    {
      name: 'a readiness probe with a long initial delay is not copied (it needs a startupProbe)',
      code: deployment(readiness(httpGet('/healthz'), '            initialDelaySeconds: 90\n')),
      config,
      errors: [{ messageId: 'missing', line: 16, column: 11, endLine: 16, endColumn: 15, suggestions: [] }],
    },
    {
      name: 'each app container without one, enabled on its own in the config (kube-linter DeploymentConfig fixture)',
      code: `apiVersion: apps.openshift.io/v1
kind: DeploymentConfig
metadata:
  name: app2
spec:
  template:
    spec:
      containers:
      - name: app2
      - name: sidecar
        livenessProbe:
          tcpSocket:
            port: 9000
`,
      config: { rules: { 'liveness-probe-missing': 'info' } },
      errors: [{ messageId: 'missing', line: 9, column: 9, endLine: 9, endColumn: 13, severity: 'info', suggestions: [] }],
    },
  ],
});
