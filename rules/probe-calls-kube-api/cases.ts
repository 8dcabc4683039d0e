import { defineCases } from '../../test/support/rule-tester';

/** A Deployment whose single container carries `probe` (indented as a container field). */
function deployment(probe: string, extra = ''): string {
  return `apiVersion: apps/v1
kind: Deployment
metadata:
  name: controller
  namespace: platform
spec:
  replicas: 2
  selector:
    matchLabels:
      app: controller
  template:
    metadata:
      labels:
        app: controller
    spec:${extra}
      containers:
        - name: manager
          image: example.com/controller:1.4.2
${probe}`;
}

const execProbe = (type: string, command: string) => `          ${type}:
            exec:
              command: ${command}
`;

const kubectlLiveness = execProbe('livenessProbe', `["sh", "-c", "kubectl get --raw /readyz"]`);

const httpHost = (type: string, host: string) => `          ${type}:
            httpGet:
              host: ${host}
              path: /readyz
              port: 443
              scheme: HTTPS
`;

const localProbes = `          livenessProbe:
            httpGet:
              path: /healthz
              port: 8081
          readinessProbe:
            exec:
              command: ["sh", "-c", "curl -fsS http://localhost:8080/api/v1/health"]
          startupProbe:
            tcpSocket:
              port: 8080
`;

export default defineCases({
  valid: [
    { name: 'probes that check only the container itself', code: deployment(localProbes) },
    {
      name: 'a bare /api/v1 path on 127.0.0.1 is the app’s own REST API',
      code: deployment(execProbe('readinessProbe', `["wget", "-qO-", "http://127.0.0.1:8080/api/v1/namespaces/ready"]`)),
    },
    {
      name: 'an httpGet host that is not the API server',
      code: deployment(httpHost('readinessProbe', 'metrics.platform.svc.cluster.local')),
    },
    {
      name: 'init containers cannot have probes and are left to init-container-kube-api-dependency',
      code: deployment(
        '',
        `
      initContainers:
        - name: wait
          image: example.com/tools:1.0.0
          command: ["kubectl", "wait", "--for=condition=Ready", "pod/db-0"]
          livenessProbe:
            exec:
              command: ["kubectl", "version"]`,
      ),
    },
    {
      name: 'Jobs are run-to-completion',
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
          image: example.com/migrate:1.0.0
          livenessProbe:
            exec:
              command: ["kubectl", "get", "--raw", "/healthz"]
`,
    },
    {
      name: 'a Helm test Pod',
      code: `apiVersion: v1
kind: Pod
metadata:
  name: controller-test
  annotations:
    helm.sh/hook: test
spec:
  containers:
    - name: test
      image: example.com/tools:1.0.0
      readinessProbe:
        exec:
          command: ["kubectl", "get", "--raw", "/readyz"]
`,
    },
    {
      name: 'helm.sh and kubectl.kubernetes.io in a command are not client invocations',
      code: deployment(execProbe('livenessProbe', `["sh", "-c", "test -f /etc/helm.sh/ready && grep -q kubectl.kubernetes.io/restartedAt /etc/podinfo/annotations"]`)),
    },
    {
      name: 'kubectl used only for local subcommands',
      code: deployment(execProbe('livenessProbe', `["kubectl", "version", "--client"]`)),
    },
    {
      name: 'the service-CIDR IP only counts after curl or wget',
      code: deployment(execProbe('livenessProbe', `["sh", "-c", "ping -c1 10.100.0.10 && cat /tmp/10.100.0.1.txt"]`)),
    },
    {
      name: 'a configured service CIDR replaces the EKS defaults',
      code: deployment(execProbe('livenessProbe', `["sh", "-c", "curl -k https://172.20.0.1/readyz"]`)),
      config: { rules: { 'probe-calls-kube-api': { options: { apiServerIps: ['10.96.0.1'] } } } },
    },
    {
      name: '`kubernetes` alone only resolves to the API server from the default namespace',
      code: deployment(httpHost('readinessProbe', 'kubernetes')),
    },
  ],
  invalid: [
    {
      name: 'a liveness probe that runs kubectl',
      code: deployment(kubectlLiveness),
      errors: [{ messageId: 'exec', line: 21, column: 15, endLine: 21, endColumn: 22, severity: 'warning', output: null }],
    },
    {
      name: 'a readiness probe that curls kubernetes.default with the service-account token',
      code: deployment(
        execProbe(
          'readinessProbe',
          `
                - /bin/sh
                - -c
                - curl -sf --cacert /var/run/secrets/kubernetes.io/serviceaccount/ca.crt https://kubernetes.default.svc/readyz`,
        ),
      ),
      errors: [{ messageId: 'exec', line: 21, column: 15, endLine: 21, endColumn: 22, severity: 'warning' }],
    },
    {
      name: 'a startup probe that uses $KUBERNETES_SERVICE_HOST',
      code: deployment(execProbe('startupProbe', `["sh", "-c", "wget -q -O- --no-check-certificate https://$KUBERNETES_SERVICE_HOST:$KUBERNETES_SERVICE_PORT/livez"]`)),
      errors: [{ messageId: 'exec', line: 21, column: 15, endLine: 21, endColumn: 22, severity: 'warning' }],
    },
    {
      name: 'curl to the first service IP of the EKS default CIDR',
      code: deployment(execProbe('livenessProbe', `["sh", "-c", "curl -k https://10.100.0.1/livez"]`)),
      errors: [{ messageId: 'exec', line: 21, column: 15, endLine: 21, endColumn: 22, severity: 'warning' }],
    },
    {
      name: 'a configured service-CIDR IP',
      code: deployment(execProbe('livenessProbe', `["sh", "-c", "curl -k https://10.96.0.1/livez"]`)),
      config: { rules: { 'probe-calls-kube-api': { options: { apiServerIps: ['10.96.0.1'] } } } },
      errors: [{ messageId: 'exec', line: 21, column: 15, endLine: 21, endColumn: 22, severity: 'warning' }],
    },
    {
      name: 'httpGet.host set to kubernetes.default.svc is an error',
      code: deployment(httpHost('readinessProbe', 'kubernetes.default.svc')),
      errors: [{ messageId: 'host', line: 21, column: 21, endLine: 21, endColumn: 43, severity: 'error', output: null }],
    },
    {
      name: 'httpGet.host set to the EKS cluster endpoint',
      code: deployment(httpHost('livenessProbe', 'ABCDEF0123456789.gr7.us-west-2.eks.amazonaws.com')),
      errors: [{ messageId: 'host', line: 21, column: 21, endLine: 21, endColumn: 69, severity: 'error' }],
    },
    {
      name: 'tcpSocket.host set to the first service IP',
      code: deployment(`          livenessProbe:
            tcpSocket:
              host: "172.20.0.1"
              port: 443
`),
      errors: [{ messageId: 'host', line: 21, column: 21, endLine: 21, endColumn: 33, severity: 'error' }],
    },
    {
      name: '`kubernetes` in the default namespace',
      code: deployment(httpHost('readinessProbe', 'kubernetes')).replace('  namespace: platform\n', ''),
      errors: [{ messageId: 'host', line: 20, column: 21, endLine: 20, endColumn: 31, severity: 'error' }],
    },
    {
      name: 'a native sidecar is checked like an app container',
      code: deployment(
        '',
        `
      initContainers:
        - name: config-reloader
          image: example.com/reloader:2.0.0
          restartPolicy: Always
          readinessProbe:
            exec:
              command: ["/usr/local/bin/kubectl", "get", "configmap", "app-config"]`,
      ),
      errors: [{ messageId: 'exec', line: 22, column: 15, endLine: 22, endColumn: 22, severity: 'warning' }],
    },
    {
      name: 'every probe of a DaemonSet, one finding each',
      code: `apiVersion: apps/v1
kind: DaemonSet
metadata:
  name: node-agent
spec:
  selector:
    matchLabels:
      app: node-agent
  template:
    metadata:
      labels:
        app: node-agent
    spec:
      containers:
        - name: agent
          image: example.com/agent:3.1.0
          livenessProbe:
            exec:
              command: ["oc", "whoami"]
          readinessProbe:
            httpGet:
              host: kubernetes.default
              path: /readyz
              port: 443
`,
      errors: [
        { messageId: 'exec', line: 19, column: 15, endLine: 19, endColumn: 22, severity: 'warning' },
        { messageId: 'host', line: 22, column: 21, endLine: 22, endColumn: 39, severity: 'error' },
      ],
    },
    {
      name: 'a bare Pod',
      code: `apiVersion: v1
kind: Pod
metadata:
  name: debug
spec:
  containers:
    - name: shell
      image: example.com/tools:1.0.0
      livenessProbe:
        exec:
          command:
            - helm
            - status
            - platform
`,
      errors: [{ messageId: 'exec', line: 11, column: 11, endLine: 11, endColumn: 18, severity: 'warning' }],
    },
    {
      name: 'the exec finding stays a warning even when the config raises the rule to error',
      code: deployment(kubectlLiveness),
      config: { rules: { 'probe-calls-kube-api': 'error' } },
      errors: [{ messageId: 'exec', line: 21, column: 15, endLine: 21, endColumn: 22, severity: 'warning' }],
    },
  ],
});
