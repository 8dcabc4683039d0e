import { defineCases } from '../../test/support/rule-tester';

/** A Deployment with the `grafana` app container plus the given container lines (8 spaces, list items). */
function deployment(containers: string, o: { kind?: string; podSpec?: string; annotations?: string } = {}): string {
  const kind = o.kind ?? 'Deployment';
  return `apiVersion: ${kind === 'Job' ? 'batch/v1' : 'apps/v1'}
kind: ${kind}
metadata:
  name: grafana
${o.annotations ?? ''}spec:
${kind === 'Deployment' ? '  replicas: 2\n' : ''}${kind === 'Job' ? '' : '  selector:\n    matchLabels:\n      app: grafana\n'}  template:
    metadata:
      labels:
        app: grafana
    spec:
${o.podSpec ?? ''}      containers:
        - name: grafana
          image: grafana/grafana:11.0.0
${containers}`;
}

const service = `apiVersion: v1
kind: Service
metadata:
  name: grafana
spec:
  selector:
    app: grafana
  ports:
    - port: 80
      targetPort: 3000
`;

const withService = (manifest: string) => `${manifest}---\n${service}`;

const k8sSidecar = `        - name: dashboards
          image: quay.io/kiwigrid/k8s-sidecar:1.27.4
`;

const pollLoop = `        - name: poller
          image: alpine:3.20
          command: ["sh", "-c"]
          args:
            - |
              while true; do
                curl -s --cacert /var/run/secrets/kubernetes.io/serviceaccount/ca.crt https://kubernetes.default.svc/api/v1/namespaces/grafana/configmaps/dashboards > /tmp/dashboards.json
                sleep 30
              done
`;

const nodeLabeler = `apiVersion: apps/v1
kind: DaemonSet
metadata:
  name: node-labeler
spec:
  selector:
    matchLabels:
      app: node-labeler
  template:
    metadata:
      labels:
        app: node-labeler
    spec:
      containers:
        - name: labeler
          image: example.com/tools:1.4.0
          command:
            - /bin/sh
            - -c
            - while true; do kubectl label node "$NODE_NAME" example.com/ready=true --overwrite; sleep 60; done
`;

export default defineCases({
  valid: [
    { name: 'a service-facing Deployment without API clients', code: withService(deployment('')) },
    { name: 'a k8s-sidecar in a Deployment that no Service selects', code: deployment(k8sSidecar) },
    {
      name: 'a kubectl init container is init-container-kube-api-dependency\'s business',
      code: withService(
        deployment('', {
          podSpec: `      initContainers:
        - name: wait
          image: bitnami/kubectl:1.30
          args: ["wait", "--for=condition=ready", "pod/db-0"]
`,
        }),
      ),
    },
    {
      name: 'an allowed image',
      code: withService(deployment(k8sSidecar)),
      config: { images: { allowed: ['quay.io/kiwigrid/*'] } },
    },
    {
      name: 'a loop that waits for a database, then calls the API once',
      code: withService(
        deployment(`        - name: setup
          image: alpine:3.20
          command: ["sh", "-c", "until nc -z db 5432; do sleep 1; done; kubectl annotate pod $POD_NAME ready=true; exec sleep infinity"]
`),
      ),
    },
    {
      name: 'a loop that applies manifests once, without sleeping',
      code: withService(
        deployment(`        - name: apply
          image: alpine:3.20
          command: ["sh", "-c", "for f in /manifests/*.yaml; do kubectl apply -f $f; done"]
`),
      ),
    },
    {
      name: 'a polling loop on the app itself',
      code: withService(
        deployment(`        - name: warmer
          image: curlimages/curl:8.8.0
          command: ["sh", "-c", "while true; do curl -s http://localhost:3000/api/health; sleep 5; done"]
`),
      ),
    },
    {
      name: 'a loop that only reads the local kubeconfig',
      code: withService(
        deployment(`        - name: config
          image: alpine:3.20
          command: ["sh", "-c", "while true; do kubectl config view; sleep 60; done"]
`),
      ),
    },
    { name: 'a Job runs to completion', code: deployment(k8sSidecar, { kind: 'Job' }).replace('    spec:\n      containers:', '    spec:\n      restartPolicy: Never\n      containers:') },
    {
      name: 'a Helm hook',
      code: withService(deployment(k8sSidecar, { annotations: '  annotations:\n    helm.sh/hook: post-install\n' })),
    },
  ],
  invalid: [
    {
      name: 'the Grafana dashboard sidecar in a service-facing Deployment',
      code: withService(deployment(k8sSidecar)),
      errors: [{ messageId: 'clientImage', line: 19, column: 18, endLine: 19, endColumn: 53, severity: 'info', output: null }],
    },
    {
      name: 'the Service is in another file',
      code: deployment(k8sSidecar),
      files: { 'service.yaml': service },
      errors: [{ messageId: 'clientImage', line: 19, column: 18, endLine: 19, endColumn: 53, severity: 'info' }],
    },
    {
      name: 'a curl loop against kubernetes.default',
      code: withService(deployment(pollLoop)),
      errors: [{ messageId: 'apiLoop', line: 21, column: 11, endLine: 21, endColumn: 15, severity: 'info' }],
    },
    {
      name: 'a native sidecar with a kubectl image',
      code: withService(
        deployment('', {
          podSpec: `      initContainers:
        - name: sync
          image: bitnami/kubectl:1.30.2
          restartPolicy: Always
          args: ["get", "configmap", "dashboards", "--watch"]
`,
        }),
      ),
      errors: [{ messageId: 'clientImage', line: 17, column: 18, endLine: 17, endColumn: 40, severity: 'info' }],
    },
    {
      name: 'a DaemonSet polling the API from every node is a warning',
      code: nodeLabeler,
      errors: [{ messageId: 'apiLoop', line: 17, column: 11, endLine: 17, endColumn: 18, severity: 'warning' }],
    },
    {
      name: 'a DaemonSet running a client image needs no Service',
      code: nodeLabeler.replace('example.com/tools:1.4.0', 'rancher/kubectl:v1.30.2'),
      errors: [{ messageId: 'clientImage', line: 16, column: 18, endLine: 16, endColumn: 41, severity: 'warning' }],
    },
    {
      name: 'watch around kubectl',
      code: withService(
        deployment(`        - name: watcher
          image: alpine:3.20
          command: ["watch", "-n", "10", "kubectl", "get", "pods", "-o", "name"]
`),
      ),
      errors: [{ messageId: 'apiLoop', line: 20, column: 11, endLine: 20, endColumn: 18, severity: 'info' }],
    },
    {
      name: 'a kubectl proxy sidecar',
      code: withService(
        deployment(`        - name: proxy
          image: example.com/tools:1.4.0
          args: ["kubectl", "proxy", "--port=8001"]
`),
      ),
      errors: [{ messageId: 'apiLoop', line: 20, column: 11, endLine: 20, endColumn: 15, severity: 'info' }],
    },
    {
      name: 'a client image from the configured list',
      code: withService(
        deployment(`        - name: sync
          image: 123456789012.dkr.ecr.us-east-1.amazonaws.com/platform/config-sync:2.1.0
`),
      ),
      config: { images: { kubeClients: ['platform/config-sync'] } },
      errors: [{ messageId: 'clientImage', line: 19, column: 18, endLine: 19, endColumn: 89, severity: 'info' }],
    },
  ],
});
