import { defineCases } from '../../test/support/rule-tester';

/** A Deployment whose container `api` ends at line 17; `container` continues it, `pod` continues the pod spec. */
const deployment = (container: string, pod = '') => `apiVersion: apps/v1
kind: Deployment
metadata:
  name: shop-api
spec:
  replicas: 2
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
${container}${pod}`;

const configVolume = deployment(
  `          volumeMounts:\n            - name: config\n              mountPath: /etc/shop\n`,
  `      volumes:\n        - name: config\n          configMap:\n            name: shop-config\n`,
);

const secretEnv = deployment(`          env:
            - name: DB_PASSWORD
              valueFrom:
                secretKeyRef:
                  name: shop-db
                  key: password
`);

const configMap = `apiVersion: v1
kind: ConfigMap
metadata:
  name: shop-config
data:
  log-level: info
`;

export default defineCases({
  valid: [
    { name: 'the ConfigMap is defined in another file', code: configVolume, files: { 'config.yaml': configMap } },
    { name: 'the ConfigMap is defined in the same file', code: `${configMap}---\n${configVolume}` },
    {
      name: 'an optional reference may be missing',
      code: deployment(`          envFrom:\n            - configMapRef:\n                name: feature-flags\n                optional: true\n`),
    },
    {
      name: 'an ExternalSecret produces the Secret (spec.target.name)',
      code: secretEnv,
      files: {
        'external-secret.yaml': `apiVersion: external-secrets.io/v1beta1
kind: ExternalSecret
metadata:
  name: shop-db-sync
spec:
  secretStoreRef: {name: aws-secrets-manager, kind: ClusterSecretStore}
  target:
    name: shop-db
  data:
    - secretKey: password
      remoteRef: {key: prod/shop/db}
`,
      },
    },
    {
      name: 'an ExternalSecret without target.name produces a Secret of its own name',
      code: secretEnv,
      files: {
        'external-secret.yaml': `apiVersion: external-secrets.io/v1
kind: ExternalSecret
metadata:
  name: shop-db
spec:
  secretStoreRef: {name: aws-secrets-manager, kind: ClusterSecretStore}
  dataFrom:
    - extract: {key: prod/shop/db}
`,
      },
    },
    {
      name: 'a cert-manager Certificate produces its secretName',
      code: deployment(
        `          volumeMounts:\n            - name: tls\n              mountPath: /etc/tls\n`,
        `      volumes:\n        - name: tls\n          secret:\n            secretName: shop-tls\n`,
      ),
      files: {
        'certificate.yaml': `apiVersion: cert-manager.io/v1
kind: Certificate
metadata:
  name: shop
spec:
  secretName: shop-tls
  dnsNames: [shop.example.com]
  issuerRef: {name: letsencrypt, kind: ClusterIssuer}
`,
      },
    },
    {
      name: 'a SealedSecret produces the Secret of its name',
      code: secretEnv,
      files: {
        'sealed.yaml': `apiVersion: bitnami.com/v1alpha1
kind: SealedSecret
metadata:
  name: shop-db
spec:
  encryptedData:
    password: AgBy3i4OJSWK+PiTySYZZA==
`,
      },
    },
    {
      name: 'the Secrets Store CSI driver syncs secretObjects into a Secret',
      code: secretEnv,
      files: {
        'spc.yaml': `apiVersion: secrets-store.csi.x-k8s.io/v1
kind: SecretProviderClass
metadata:
  name: shop-aws
spec:
  provider: aws
  secretObjects:
    - secretName: shop-db
      type: Opaque
      data:
        - {objectName: password, key: password}
`,
      },
    },
    {
      name: 'a kustomize secretGenerator of a kustomization that lists the file',
      code: secretEnv,
      filename: 'base/deployment.yaml',
      files: {
        'base/kustomization.yaml': `resources:
  - deployment.yaml
secretGenerator:
  - name: shop-db
    envs: [db.env]
`,
      },
    },
    {
      name: 'kube-root-ca.crt is published into every namespace',
      code: deployment(
        `          volumeMounts:\n            - name: ca\n              mountPath: /etc/ca\n`,
        `      volumes:
        - name: ca
          projected:
            sources:
              - serviceAccountToken: {path: token, expirationSeconds: 3600}
              - configMap:
                  name: kube-root-ca.crt
                  items: [{key: ca.crt, path: ca.crt}]
`,
      ),
    },
    {
      name: 'names listed in externalNames are created outside the project',
      code: secretEnv,
      config: { rules: { 'unresolved-config-reference': { severity: 'warning', options: { externalNames: ['shop-*'] } } } },
    },
    {
      name: 'a Secret written without data is filled in later: its keys are not checked',
      code: secretEnv,
      files: { 'secret.yaml': 'apiVersion: v1\nkind: Secret\nmetadata:\n  name: shop-db\ntype: Opaque\n' },
    },
    {
      name: 'a legacy token Secret of the pod\'s service account (a Pod dumped from a pre-1.24 cluster)',
      code: `apiVersion: v1
kind: Pod
metadata:
  name: my-pod
spec:
  serviceAccountName: builder
  containers:
    - name: main
      image: shop/builder:1.0.0
      volumeMounts:
        - name: builder-token-f9jvj
          mountPath: /var/run/secrets/kubernetes.io/serviceaccount
  volumes:
    - name: builder-token-f9jvj
      secret:
        secretName: builder-token-f9jvj
`,
    },
    {
      name: 'a CloudNativePG Cluster creates <cluster>-app',
      code: secretEnv.replace('name: shop-db\n', 'name: shop-pg-app\n'),
      files: {
        'cluster.yaml': 'apiVersion: postgresql.cnpg.io/v1\nkind: Cluster\nmetadata:\n  name: shop-pg\nspec:\n  instances: 3\n  storage: {size: 10Gi}\n',
      },
    },
    {
      name: 'the same ConfigMap in two files (variants): a key either has counts',
      code: deployment(`          env:
            - name: LOG_LEVEL
              valueFrom:
                configMapKeyRef:
                  name: shop-config
                  key: log-format
`),
      files: { 'config.yaml': configMap, 'other/config.yaml': configMap.replace('log-level: info', 'log-format: json') },
    },
    {
      name: 'a name a later step substitutes',
      code: deployment(`          envFrom:\n            - configMapRef:\n                name: \${APP_CONFIG}\n`),
    },
    {
      name: 'a key under stringData counts',
      code: secretEnv,
      files: { 'secret.yaml': 'apiVersion: v1\nkind: Secret\nmetadata:\n  name: shop-db\nstringData:\n  password: not-in-git-really\n' },
    },
  ],
  invalid: [
    {
      name: 'a ConfigMap volume that nothing defines',
      code: configVolume,
      errors: [{ messageId: 'missing', line: 24, column: 19, endLine: 24, endColumn: 30, severity: 'warning', output: null }],
    },
    {
      name: 'a Secret env var that nothing defines',
      code: secretEnv,
      errors: [{ messageId: 'missing', line: 22, column: 25, endLine: 22, endColumn: 32, severity: 'warning', output: null }],
    },
    {
      name: 'the ConfigMap is in another namespace',
      code: configVolume.replace('  name: shop-api\n', '  name: shop-api\n  namespace: shop\n'),
      files: { 'config.yaml': configMap.replace('  name: shop-config\n', '  name: shop-config\n  namespace: other\n') },
      errors: [{ messageId: 'missing', line: 25, column: 19, endLine: 25, endColumn: 30 }],
    },
    {
      name: 'a misspelt name, referenced twice: the quick-fix renames both references',
      code: deployment(
        `          envFrom:\n            - configMapRef:\n                name: shop-confg\n          volumeMounts:\n            - name: config\n              mountPath: /etc/shop\n`,
        `      volumes:\n        - name: config\n          configMap:\n            name: shop-confg\n`,
      ),
      files: { 'config.yaml': configMap },
      errors: [
        {
          messageId: 'missing',
          line: 20,
          column: 23,
          endLine: 20,
          endColumn: 33,
          suggestions: [
            {
              messageId: 'useName',
              output: deployment(
                `          envFrom:\n            - configMapRef:\n                name: shop-config\n          volumeMounts:\n            - name: config\n              mountPath: /etc/shop\n`,
                `      volumes:\n        - name: config\n          configMap:\n            name: shop-config\n`,
              ),
            },
          ],
        },
      ],
    },
    {
      name: 'partial manifest set: info',
      code: secretEnv,
      config: { manifestSet: 'partial' },
      errors: [{ messageId: 'missingPartial', line: 22, column: 25, endLine: 22, endColumn: 32, severity: 'info' }],
    },
    {
      name: 'the ConfigMap has no such key',
      code: deployment(`          env:
            - name: LOG_LEVEL
              valueFrom:
                configMapKeyRef:
                  name: shop-config
                  key: loglevel
`),
      files: { 'config.yaml': configMap },
      errors: [{ messageId: 'missingKey', line: 23, column: 24, endLine: 23, endColumn: 32, severity: 'warning' }],
    },
    {
      name: 'a volume item names a key the Secret lacks',
      code: deployment(
        `          volumeMounts:\n            - name: tls\n              mountPath: /etc/tls\n`,
        `      volumes:
        - name: tls
          secret:
            secretName: shop-tls
            items:
              - key: tls.crt
                path: cert.pem
              - key: tls.pem
                path: key.pem
`,
      ),
      files: {
        'secret.yaml': `apiVersion: v1
kind: Secret
metadata:
  name: shop-tls
type: kubernetes.io/tls
data:
  tls.crt: LS0tLS1CRUdJTg==
  tls.key: LS0tLS1CRUdJTg==
`,
      },
      errors: [{ messageId: 'missingKey', line: 28, column: 22, endLine: 28, endColumn: 29 }],
    },
    {
      name: 'a projected volume source',
      code: deployment(
        `          volumeMounts:\n            - name: all\n              mountPath: /etc/all\n`,
        `      volumes:
        - name: all
          projected:
            sources:
              - configMap:
                  name: shop-config
              - secret:
                  name: shop-credentials
`,
      ),
      files: { 'config.yaml': configMap },
      errors: [{ messageId: 'missing', line: 28, column: 25, endLine: 28, endColumn: 41 }],
    },
    {
      name: 'a Secret in the environment of an init container of a Job',
      code: `apiVersion: batch/v1
kind: Job
metadata:
  name: migrate
spec:
  template:
    spec:
      restartPolicy: Never
      initContainers:
        - name: wait
          image: shop/wait:1.0.0
          envFrom:
            - secretRef:
                name: migrate-credentials
      containers:
        - name: migrate
          image: shop/migrate:1.0.0
`,
      errors: [{ messageId: 'missing', line: 14, column: 23, endLine: 14, endColumn: 42 }],
    },
  ],
});
