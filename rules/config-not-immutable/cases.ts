import { defineCases } from '../../test/support/rule-tester';

const configMap = (name: string, metadata = '') => `apiVersion: v1
kind: ConfigMap
metadata:
  name: ${name}
  namespace: shop
${metadata}data:
  nginx.conf: |
    worker_processes 2;
`;

const deployment = (volume: string, mount: string, extra = '', templateAnnotations = '') => `apiVersion: apps/v1
kind: Deployment
metadata:
  name: shop-web
  namespace: shop
spec:
  selector:
    matchLabels:
      app: shop-web
  template:
    metadata:
${templateAnnotations}      labels:
        app: shop-web
    spec:
      containers:
        - name: nginx
          image: nginx:1.27.0
          volumeMounts:
${mount}${extra}      volumes:
${volume}`;

const nginxVolume = '        - name: conf\n          configMap:\n            name: nginx-conf\n';
const subPathMount = '            - name: conf\n              mountPath: /etc/nginx/nginx.conf\n              subPath: nginx.conf\n';
const dirMount = '            - name: conf\n              mountPath: /etc/nginx/conf.d\n';

const immutable = (code: string) => `${code}immutable: true\n`;

export default defineCases({
  valid: [
    { name: 'an ordinary name, mounted as a directory (updates reach the pods)', code: configMap('nginx-conf'), files: { 'deploy.yaml': deployment(nginxVolume, dirMount) } },
    { name: 'a hashed name that is already immutable', code: `${configMap('app-config-7h2f9bk8mt')}immutable: true\n` },
    { name: 'immutable: false is a decision', code: `${configMap('app-config-7h2f9bk8mt')}immutable: false\n` },
    { name: 'a ten-letter word is not a kustomize hash', code: configMap('app-config-production') },
    { name: 'a build number is not a content hash', code: configMap('app-config-20240601') },
    { name: 'an object nobody references, with an ordinary name', code: configMap('nginx-conf') },
    {
      name: 'a Secret that cert-manager writes (Certificate in the project)',
      code: 'apiVersion: v1\nkind: Secret\nmetadata:\n  name: web-tls-5c8d2f9b\n  namespace: shop\ntype: kubernetes.io/tls\ndata: {}\n',
      files: {
        'cert.yaml': 'apiVersion: cert-manager.io/v1\nkind: Certificate\nmetadata:\n  name: web\n  namespace: shop\nspec:\n  secretName: web-tls-5c8d2f9b\n  issuerRef:\n    name: letsencrypt\n',
      },
    },
    {
      name: 'a Secret that an ExternalSecret writes (target name defaults to its own)',
      code: 'apiVersion: v1\nkind: Secret\nmetadata:\n  name: db-7h2f9bk8mt\n  namespace: shop\nstringData:\n  password: placeholder\n',
      files: { 'es.yaml': 'apiVersion: external-secrets.io/v1beta1\nkind: ExternalSecret\nmetadata:\n  name: db-7h2f9bk8mt\n  namespace: shop\nspec:\n  secretStoreRef:\n    name: aws\n' },
    },
    { name: 'managed-by labels of a rotating controller', code: configMap('ca-bundle-5c8d2f9b', '  labels:\n    app.kubernetes.io/managed-by: external-secrets\n') },
    { name: 'owned by another object', code: configMap('kube-root-ca-7h2f9bk8mt', '  ownerReferences:\n    - apiVersion: v1\n      kind: Namespace\n      name: shop\n      uid: 1d2f3a4b-0000-4000-8000-000000000000\n') },
    { name: 'a service-account token Secret', code: 'apiVersion: v1\nkind: Secret\nmetadata:\n  name: ci-token-7h2f9bk8mt\n  namespace: shop\ntype: kubernetes.io/service-account-token\n' },
    {
      name: 'mounted with subPath, but Reloader restarts the pods on in-place updates',
      code: configMap('nginx-conf'),
      files: { 'deploy.yaml': deployment(nginxVolume, subPathMount).replace('  namespace: shop\nspec:', '  namespace: shop\n  annotations:\n    reloader.stakater.com/auto: "true"\nspec:') },
    },
    {
      name: 'mounted with subPath, but a Helm checksum annotation rolls the pods when it is updated in place',
      code: configMap('nginx-conf'),
      files: { 'deploy.yaml': deployment(nginxVolume, subPathMount, '', '      annotations:\n        checksum/config: 3f2a9c\n') },
    },
    {
      name: 'mounted with subPath in one container and as a directory in a config-reloading sidecar',
      code: configMap('nginx-conf'),
      files: {
        'deploy.yaml': deployment(
          nginxVolume,
          subPathMount,
          '        - name: reload\n          image: ghcr.io/jimmidyson/configmap-reload:v0.13.0\n          volumeMounts:\n            - name: conf\n              mountPath: /config\n',
        ),
      },
    },
    {
      name: 'also read into the environment',
      code: configMap('nginx-conf'),
      files: {
        'deploy.yaml': deployment(nginxVolume, subPathMount, '          envFrom:\n            - configMapRef:\n                name: nginx-conf\n'),
      },
    },
  ],
  invalid: [
    {
      name: 'a kustomize generator name',
      code: configMap('app-config-7h2f9bk8mt'),
      errors: [
        {
          messageId: 'contentAddressed',
          line: 4,
          column: 9,
          endLine: 4,
          endColumn: 30,
          severity: 'info',
          output: null,
          suggestions: [{ messageId: 'makeImmutable', output: immutable(configMap('app-config-7h2f9bk8mt')) }],
        },
      ],
    },
    {
      name: 'a Helm content-hash suffix on a Secret',
      code: 'apiVersion: v1\nkind: Secret\nmetadata:\n  name: app-env-3f9a2c1e\n  namespace: shop\nstringData:\n  LOG_LEVEL: info\n',
      errors: [
        {
          messageId: 'contentAddressed',
          line: 4,
          column: 9,
          endLine: 4,
          endColumn: 25,
          suggestions: [
            { messageId: 'makeImmutable', output: 'apiVersion: v1\nkind: Secret\nmetadata:\n  name: app-env-3f9a2c1e\n  namespace: shop\nstringData:\n  LOG_LEVEL: info\nimmutable: true\n' },
          ],
        },
      ],
    },
    {
      name: 'mounted only with subPath: pods never see in-place updates',
      code: configMap('nginx-conf'),
      files: { 'deploy.yaml': deployment(nginxVolume, subPathMount) },
      errors: [
        {
          messageId: 'subPathOnly',
          line: 4,
          column: 9,
          endLine: 4,
          endColumn: 19,
          suggestions: [{ messageId: 'makeImmutable', output: immutable(configMap('nginx-conf')) }],
        },
      ],
    },
    {
      name: 'a flow-style document gets the key in its own style',
      code: '{"apiVersion": "v1", "kind": "ConfigMap", "metadata": {"name": "app-config-m5d8b6c2g9"}, "data": {"a": "b"}}\n',
      errors: [
        {
          messageId: 'contentAddressed',
          line: 1,
          column: 64,
          endLine: 1,
          endColumn: 87,
          suggestions: [
            {
              messageId: 'makeImmutable',
              output: '{"apiVersion": "v1", "kind": "ConfigMap", "metadata": {"name": "app-config-m5d8b6c2g9"}, "data": {"a": "b"}, "immutable": true}\n',
            },
          ],
        },
      ],
    },
  ],
});
