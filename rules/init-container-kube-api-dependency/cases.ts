import { defineCases } from '../../test/support/rule-tester';

/** A Deployment with the given init containers (items indented under `initContainers:`). */
function deployment(init: string): string {
  return `apiVersion: apps/v1
kind: Deployment
metadata:
  name: orders
  namespace: shop
spec:
  replicas: 3
  selector:
    matchLabels:
      app: orders
  template:
    metadata:
      labels:
        app: orders
    spec:
      initContainers:
${init}      containers:
        - name: app
          image: example.com/shop/orders:2.3.1
`;
}

const waitFor = (image: string) => `        - name: wait-for-migration
          image: ${image}
          args: ["job", "orders-migrate"]
`;

const kubectlWait = `        - name: wait-for-db
          image: bitnami/kubectl:1.30.2
          command: ["kubectl", "rollout", "status", "statefulset/postgres"]
`;

const curlApi = `        - name: wait-for-endpoints
          image: busybox:1.36
          command:
            - sh
            - -c
            - >-
              until curl -sfk -H "Authorization: Bearer $(cat /var/run/secrets/kubernetes.io/serviceaccount/token)"
              https://kubernetes.default.svc/api/v1/namespaces/shop/endpoints/postgres; do sleep 2; done
`;

const job = (init: string) => `apiVersion: batch/v1
kind: Job
metadata:
  name: orders-migrate
  namespace: shop
spec:
  template:
    spec:
      restartPolicy: Never
      initContainers:
${init}      containers:
        - name: migrate
          image: example.com/shop/migrate:2.3.1
`;

export default defineCases({
  valid: [
    {
      name: 'init containers that only work on local files',
      code: deployment(`        - name: permissions
          image: busybox:1.36
          command: ["sh", "-c", "chown -R 1000:1000 /data && cp /config/* /work/"]
`),
    },
    {
      name: 'waiting for DNS does not need the API server',
      code: deployment(`        - name: wait-for-db
          image: busybox:1.36
          command: ["sh", "-c", "until nslookup postgres.shop.svc.cluster.local; do sleep 2; done"]
`),
    },
    {
      name: 'a download from a Service inside the cluster',
      code: deployment(`        - name: fetch-config
          image: curlimages/curl:8.8.0
          command: ["curl", "-fsS", "-o", "/work/config.json", "http://config-server.platform.svc:8080/v1/orders"]
`),
    },
    {
      name: 'an S3 copy from an in-cluster MinIO endpoint',
      code: deployment(`        - name: fetch-model
          image: amazon/aws-cli:2.17.0
          command: ["aws", "--endpoint-url", "http://minio.storage.svc.cluster.local:9000", "s3", "cp", "s3://models/v3", "/models", "--recursive"]
`),
    },
    {
      name: 'a URL in a variable says nothing about its host',
      code: deployment(`        - name: fetch-config
          image: curlimages/curl:8.8.0
          command: ["sh", "-c", "curl -fsS -o /work/config.json \\"$CONFIG_URL\\""]
`),
    },
    {
      name: 'kubectl config only writes a kubeconfig file',
      code: deployment(`        - name: kubeconfig
          image: example.com/tools/shell:1.0.0
          command: ["sh", "-c", "kubectl config set-context local --namespace=shop && kubectl config use-context local"]
`),
    },
    {
      name: 'a native sidecar is not an init container (kube-api-client-sidecar covers it)',
      code: deployment(`        - name: config-watcher
          image: bitnami/kubectl:1.30.2
          restartPolicy: Always
          command: ["kubectl", "get", "configmap", "orders", "--watch"]
`),
    },
    {
      name: 'app containers are left to kube-api-client-sidecar',
      code: deployment(`        - name: permissions
          image: busybox:1.36
          command: ["chown", "1000", "/data"]
`).replace('image: example.com/shop/orders:2.3.1', 'image: bitnami/kubectl:1.30.2'),
    },
    {
      name: 'an allowed image (operator bootstrap) is exempt',
      code: deployment(waitFor('groundnuty/k8s-wait-for:v2.0')),
      config: { images: { allowed: ['groundnuty/k8s-wait-for'] } },
    },
    {
      name: 'an allowed glob covers a whole registry tree',
      code: deployment(kubectlWait.replace('bitnami/kubectl:1.30.2', '123456789012.dkr.ecr.eu-west-1.amazonaws.com/platform/bootstrap:1.2.0')),
      config: { images: { allowed: ['*.dkr.ecr.*.amazonaws.com/platform/**'] } },
    },
    {
      name: 'a templated image is not judged',
      code: deployment(waitFor('${WAIT_FOR_IMAGE}')),
    },
    {
      name: 'names that merely contain a client name are not clients',
      code: deployment(waitFor('example.com/tools/kubectl-docs:1.0.0').replace('args: ["job", "orders-migrate"]', 'command: ["sh", "-c", "cat /etc/helm.sh/README"]')),
    },
  ],
  invalid: [
    {
      name: 'k8s-wait-for waits on a Job at every pod start',
      code: deployment(waitFor('groundnuty/k8s-wait-for:v2.0')),
      errors: [{ messageId: 'clientImage', line: 18, column: 18, endLine: 18, endColumn: 46, severity: 'warning', output: null }],
    },
    {
      name: 'a registry mirror of k8s-wait-for',
      code: deployment(waitFor('123456789012.dkr.ecr.eu-west-1.amazonaws.com/groundnuty/k8s-wait-for:v2.0')),
      errors: [{ messageId: 'clientImage', line: 18, column: 18, endLine: 18, endColumn: 91, severity: 'warning' }],
    },
    {
      name: 'a kubectl image with a timeout is only the image finding',
      code: deployment(
        kubectlWait.replace('"statefulset/postgres"]', '"statefulset/postgres", "--timeout=120s"]').replace('bitnami/kubectl', 'bitnamilegacy/kubectl'),
      ),
      errors: [{ messageId: 'clientImage', line: 18, column: 18, endLine: 18, endColumn: 46, severity: 'warning' }],
    },
    {
      name: 'kubectl rollout status without a timeout',
      code: deployment(kubectlWait),
      errors: [
        { messageId: 'clientImage', line: 18, column: 18, endLine: 18, endColumn: 40, severity: 'warning' },
        { messageId: 'noTimeout', line: 19, column: 11, endLine: 19, endColumn: 18, severity: 'info' },
      ],
    },
    {
      name: 'curl to kubernetes.default with the service-account token',
      code: deployment(curlApi),
      errors: [{ messageId: 'apiCommand', line: 19, column: 11, endLine: 19, endColumn: 18, severity: 'warning' }],
    },
    {
      name: 'the API call sits in args',
      code: deployment(`        - name: wait-for-api
          image: busybox:1.36
          command: ["sh", "-c"]
          args:
            - wget -q -O- --no-check-certificate https://$(KUBERNETES_SERVICE_HOST)/api/v1/namespaces/shop/pods
`),
      errors: [{ messageId: 'apiCommand', line: 20, column: 11, endLine: 20, endColumn: 15, severity: 'warning' }],
    },
    {
      name: 'one of two kubectl invocations has no timeout',
      code: deployment(`        - name: setup
          image: example.com/tools/shell:1.0.0
          command: ["sh", "-c", "kubectl get ns shop --request-timeout=5s && kubectl apply -f /manifests"]
`),
      errors: [
        { messageId: 'apiCommand', line: 19, column: 11, endLine: 19, endColumn: 18, severity: 'warning' },
        { messageId: 'noTimeout', line: 19, column: 11, endLine: 19, endColumn: 18, severity: 'info' },
      ],
    },
    {
      name: 'only the second of several init containers',
      code: deployment(`        - name: permissions
          image: busybox:1.36
          command: ["chown", "1000", "/data"]
${kubectlWait}`),
      errors: [
        { messageId: 'clientImage', line: 21, column: 18, endLine: 21, endColumn: 40, severity: 'warning' },
        { messageId: 'noTimeout', line: 22, column: 11, endLine: 22, endColumn: 18, severity: 'info' },
      ],
    },
    {
      name: 'a client image from settings.images.kubeClients',
      code: deployment(waitFor('registry.example.com/platform/kube-tools:3.0.1')),
      config: { images: { kubeClients: ['platform/kube-tools'] } },
      errors: [{ messageId: 'clientImage', line: 18, column: 18, endLine: 18, endColumn: 64, severity: 'warning' }],
    },
    {
      name: 'a config download from the internet at every start',
      code: deployment(`        - name: fetch-config
          image: curlimages/curl:8.8.0
          command: ["curl", "-fsSL", "-o", "/work/config.tar.gz", "https://artifacts.example.com/orders/config.tar.gz"]
`),
      errors: [{ messageId: 'fetchesRemote', line: 19, column: 11, endLine: 19, endColumn: 18, severity: 'info' }],
    },
    {
      name: 'aws s3 cp and git clone',
      code: deployment(`        - name: fetch-model
          image: amazon/aws-cli:2.17.0
          args: ["s3", "cp", "s3://orders-models/v3", "/models", "--recursive"]
          command: ["aws"]
        - name: fetch-rules
          image: alpine/git:2.45.2
          command: ["git", "clone", "--depth=1", "git@github.com:example/rules.git", "/rules"]
`),
      errors: [
        { messageId: 'fetchesRemote', line: 20, column: 11, endLine: 20, endColumn: 18, severity: 'info' },
        { messageId: 'fetchesRemote', line: 23, column: 11, endLine: 23, endColumn: 18, severity: 'info' },
      ],
    },
    {
      name: 'a Job is a deploy-time operation: info',
      code: job(waitFor('groundnuty/k8s-wait-for:v2.0')),
      errors: [{ messageId: 'clientImage', line: 12, column: 18, endLine: 12, endColumn: 46, severity: 'info' }],
    },
    {
      name: 'a CronJob: info, and its kubectl still needs a timeout',
      code: `apiVersion: batch/v1
kind: CronJob
metadata:
  name: report
spec:
  schedule: "0 3 * * *"
  jobTemplate:
    spec:
      template:
        spec:
          restartPolicy: OnFailure
          initContainers:
            - name: wait
              image: busybox:1.36
              command: ["sh", "-c", "kubectl wait --for=condition=Available deployment/orders"]
          containers:
            - name: report
              image: example.com/shop/report:1.0.0
`,
      errors: [
        { messageId: 'apiCommand', line: 15, column: 15, endLine: 15, endColumn: 22, severity: 'info' },
        { messageId: 'noTimeout', line: 15, column: 15, endLine: 15, endColumn: 22, severity: 'info' },
      ],
    },
    {
      name: 'a Helm hook is a deploy-time operation: info',
      code: deployment(curlApi).replace('  namespace: shop\n', '  namespace: shop\n  annotations:\n    helm.sh/hook: post-install\n'),
      errors: [{ messageId: 'apiCommand', line: 21, column: 11, endLine: 21, endColumn: 18, severity: 'info' }],
    },
    {
      name: 'a heuristic never reports above warning, even when configured as error',
      code: deployment(waitFor('groundnuty/k8s-wait-for:v2.0')),
      config: { rules: { 'init-container-kube-api-dependency': 'error' } },
      errors: [{ messageId: 'clientImage', line: 18, column: 18, endLine: 18, endColumn: 46, severity: 'warning' }],
    },
  ],
});
