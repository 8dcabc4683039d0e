import { defineCases } from '../../test/support/rule-tester';

/** A Deployment with one app container whose image is on line 17 (value from column 18). */
const deployment = (image: string, extra = '') => `apiVersion: apps/v1
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
${extra}`;

const ecr = '123456789012.dkr.ecr.us-east-1.amazonaws.com/shop/api:2.4.1';
const registries = (...entries: string[]) => ({ images: { registries: entries } });

export default defineCases({
  valid: [
    { name: 'a private ECR registry', code: deployment(ecr) },
    { name: 'EKS add-on images from ECR in another region', code: deployment('602401143452.dkr.ecr.us-west-2.amazonaws.com/eks/coredns:v1.11.3-eksbuild.2') },
    { name: 'an ECR FIPS endpoint', code: deployment('123456789012.dkr.ecr-fips.us-gov-west-1.amazonaws.com/shop/api:2.4.1') },
    { name: 'ECR in a China region', code: deployment('123456789012.dkr.ecr.cn-north-1.amazonaws.com.cn/shop/api:2.4.1') },
    { name: 'an ECR dual-stack endpoint', code: deployment('123456789012.dkr-ecr.us-east-1.on.aws/shop/api:2.4.1') },
    { name: 'a registry configured as local', code: deployment('registry.corp.example/shop/api:2.4.1'), config: registries('registry.corp.example') },
    { name: 'a configured host glob, in any case', code: deployment('Harbor.Corp.Example/shop/api:2.4.1'), config: registries('*.corp.example') },
    { name: 'a configured registry and path prefix', code: deployment('ghcr.io/acme/api:2.4.1'), config: registries('ghcr.io/acme') },
    { name: 'a placeholder image', code: deployment('${IMAGE}') },
    { name: 'imagePullPolicy: Never uses an image preloaded on the node', code: deployment('busybox:1.36', '          imagePullPolicy: Never\n') },
    {
      name: 'a kustomization moves the image to ECR',
      code: deployment('nginx:1.27.1'),
      filename: 'base/deploy.yaml',
      files: {
        'base/kustomization.yaml': `resources:
  - deploy.yaml
images:
  - name: nginx
    newName: 123456789012.dkr.ecr.us-east-1.amazonaws.com/mirror/nginx
`,
      },
    },
  ],
  invalid: [
    {
      name: 'an image with no registry host comes from Docker Hub',
      code: deployment('nginx:1.27.1'),
      errors: [{ messageId: 'dockerHub', line: 17, column: 18, endLine: 17, endColumn: 30, severity: 'info', output: null }],
    },
    {
      name: 'Docker Hub by name',
      code: deployment('docker.io/library/nginx:1.27.1'),
      errors: [{ messageId: 'dockerHub', line: 17, column: 18, endLine: 17, endColumn: 48 }],
    },
    {
      name: 'quay.io',
      code: deployment('quay.io/prometheus/node-exporter:v1.8.2'),
      errors: [{ messageId: 'remote', line: 17, column: 18, endLine: 17, endColumn: 57, severity: 'info' }],
    },
    {
      name: 'ECR Public is reached over the internet too',
      code: deployment('public.ecr.aws/nginx/nginx:1.27'),
      errors: [{ messageId: 'remote', line: 17, column: 18, endLine: 17, endColumn: 49 }],
    },
    {
      name: 'a path prefix covers only its own path',
      code: deployment('ghcr.io/other/api:2.4.1'),
      config: registries('ghcr.io/acme'),
      errors: [{ messageId: 'remote', line: 17, column: 18, endLine: 17, endColumn: 41 }],
    },
    {
      name: 'init containers and native sidecars pull too',
      code: deployment(
        ecr,
        `      initContainers:
        - name: migrate
          image: ghcr.io/acme/migrate:1.0.0
        - name: proxy
          image: registry.k8s.io/pause:3.10
          restartPolicy: Always
`,
      ),
      errors: [
        { messageId: 'remote', line: 20, column: 18, endLine: 20, endColumn: 44 },
        { messageId: 'remote', line: 22, column: 18, endLine: 22, endColumn: 44 },
      ],
    },
    {
      name: 'a kustomization that moves an ECR image to another registry',
      code: deployment(ecr),
      filename: 'base/deploy.yaml',
      files: {
        'base/kustomization.yaml': `resources:
  - deploy.yaml
images:
  - name: 123456789012.dkr.ecr.us-east-1.amazonaws.com/shop/api
    newName: quay.io/acme/api
`,
      },
      errors: [{ messageId: 'remote', line: 17, column: 18, endLine: 17, endColumn: 77 }],
    },
    {
      name: 'a CronJob',
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
          containers:
            - name: report
              image: "bitnami/kubectl:1.30"
`,
      errors: [{ messageId: 'dockerHub', line: 14, column: 22, endLine: 14, endColumn: 44 }],
    },
  ],
});
