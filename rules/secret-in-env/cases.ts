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

const secretEnv = `          env:
            - name: DB_USER
              value: shop
            - name: DB_PASSWORD
              valueFrom:
                secretKeyRef:
                  name: shop-db
                  key: password
`;

const mountSecret = `          volumeMounts:
            # TODO: read Secret "shop-db" from /etc/secrets/shop-db, then remove its env references
            - name: shop-db
              mountPath: /etc/secrets/shop-db
              readOnly: true
`;

const secretVolume = `      volumes:
        - name: shop-db
          secret:
            secretName: shop-db
`;

export default defineCases({
  valid: [
    {
      name: 'the Secret is mounted as a file',
      code: deployment(
        `          volumeMounts:\n            - name: db\n              mountPath: /etc/shop/db\n              readOnly: true\n`,
        `      volumes:\n        - name: db\n          secret:\n            secretName: shop-db\n`,
      ),
    },
    { name: 'ConfigMaps in the environment are not secrets', code: deployment(`          envFrom:\n            - configMapRef:\n                name: shop-config\n`) },
    {
      name: 'a literal value in a variable named like a secret is not a Secret reference (kube-linter env-var-secret is another check)',
      code: deployment(`          env:\n            - name: SECRET_BLAH\n              value: placeholder\n`),
    },
    {
      name: 'a projected volume with a Secret source',
      code: deployment(
        `          volumeMounts:\n            - name: creds\n              mountPath: /var/run/creds\n`,
        `      volumes:\n        - name: creds\n          projected:\n            sources:\n              - secret:\n                  name: shop-db\n`,
      ),
    },
    {
      name: 'imagePullSecrets are used by the kubelet, never put into the environment',
      code: deployment('', '      imagePullSecrets:\n        - name: registry-credentials\n'),
    },
    {
      name: 'the pod\'s own fields and resources in the environment',
      code: deployment(`          env:
            - name: POD_NAME
              valueFrom:
                fieldRef:
                  fieldPath: metadata.name
            - name: MEMORY_LIMIT
              valueFrom:
                resourceFieldRef:
                  resource: limits.memory
`),
    },
  ],
  invalid: [
    {
      name: 'an env var from a Secret key',
      code: deployment(secretEnv),
      errors: [
        {
          messageId: 'secretInEnv',
          line: 23,
          column: 17,
          endLine: 23,
          endColumn: 29,
          severity: 'warning',
          output: null,
          suggestions: [{ messageId: 'mountAsVolume', output: deployment(secretEnv + mountSecret, secretVolume) }],
        },
      ],
    },
    {
      name: 'envFrom a Secret',
      code: deployment(`          envFrom:\n            - secretRef:\n                name: shop-db\n`),
      errors: [
        {
          messageId: 'secretInEnv',
          line: 19,
          column: 15,
          endLine: 19,
          endColumn: 24,
          suggestions: [
            {
              messageId: 'mountAsVolume',
              output: deployment(`          envFrom:\n            - secretRef:\n                name: shop-db\n${mountSecret}`, secretVolume),
            },
          ],
        },
      ],
    },
    {
      name: 'two Secrets in one container are two findings',
      code: deployment(`          env:
            - name: DB_PASSWORD
              valueFrom:
                secretKeyRef: {name: shop-db, key: password}
            - name: API_TOKEN
              valueFrom:
                secretKeyRef: {name: shop-token, key: token}
`),
      errors: [
        {
          messageId: 'secretInEnv',
          line: 21,
          column: 17,
          endLine: 21,
          endColumn: 29,
          suggestions: [
            {
              messageId: 'mountAsVolume',
              output: deployment(
                `          env:
            - name: DB_PASSWORD
              valueFrom:
                secretKeyRef: {name: shop-db, key: password}
            - name: API_TOKEN
              valueFrom:
                secretKeyRef: {name: shop-token, key: token}
${mountSecret}`,
                secretVolume,
              ),
            },
          ],
        },
        {
          messageId: 'secretInEnv',
          line: 24,
          column: 17,
          endLine: 24,
          endColumn: 29,
          suggestions: [
            {
              messageId: 'mountAsVolume',
              output: deployment(
                `          env:
            - name: DB_PASSWORD
              valueFrom:
                secretKeyRef: {name: shop-db, key: password}
            - name: API_TOKEN
              valueFrom:
                secretKeyRef: {name: shop-token, key: token}
          volumeMounts:
            # TODO: read Secret "shop-token" from /etc/secrets/shop-token, then remove its env references
            - name: shop-token
              mountPath: /etc/secrets/shop-token
              readOnly: true
`,
                `      volumes:
        - name: shop-token
          secret:
            secretName: shop-token
`,
              ),
            },
          ],
        },
      ],
    },
    {
      name: 'an init container that runs a migration with the database password',
      code: deployment(
        '',
        `      initContainers:
        - name: migrate
          image: shop/migrate:1.2.3
          env:
            - name: DB_PASSWORD
              valueFrom:
                secretKeyRef:
                  name: shop-db
                  key: password
`,
      ),
      errors: [
        {
          messageId: 'secretInEnv',
          line: 24,
          column: 17,
          endLine: 24,
          endColumn: 29,
          suggestions: [
            {
              messageId: 'mountAsVolume',
              output: deployment(
                '',
                `      initContainers:
        - name: migrate
          image: shop/migrate:1.2.3
          env:
            - name: DB_PASSWORD
              valueFrom:
                secretKeyRef:
                  name: shop-db
                  key: password
          volumeMounts:
            # TODO: read Secret "shop-db" from /etc/secrets/shop-db, then remove its env references
            - name: shop-db
              mountPath: /etc/secrets/shop-db
              readOnly: true
${secretVolume}`,
              ),
            },
          ],
        },
      ],
    },
    {
      name: 'a CronJob (run-to-completion pods leak environments into logs too)',
      code: `apiVersion: batch/v1
kind: CronJob
metadata:
  name: backup
spec:
  schedule: "0 2 * * *"
  jobTemplate:
    spec:
      template:
        spec:
          restartPolicy: OnFailure
          containers:
            - name: backup
              image: shop/backup:1.0.0
              envFrom:
                - secretRef:
                    name: backup-credentials
`,
      errors: [
        {
          messageId: 'secretInEnv',
          line: 16,
          column: 19,
          endLine: 16,
          endColumn: 28,
          suggestions: [
            {
              messageId: 'mountAsVolume',
              output: `apiVersion: batch/v1
kind: CronJob
metadata:
  name: backup
spec:
  schedule: "0 2 * * *"
  jobTemplate:
    spec:
      template:
        spec:
          restartPolicy: OnFailure
          containers:
            - name: backup
              image: shop/backup:1.0.0
              envFrom:
                - secretRef:
                    name: backup-credentials
              volumeMounts:
                # TODO: read Secret "backup-credentials" from /etc/secrets/backup-credentials, then remove its env references
                - name: backup-credentials
                  mountPath: /etc/secrets/backup-credentials
                  readOnly: true
          volumes:
            - name: backup-credentials
              secret:
                secretName: backup-credentials
`,
            },
          ],
        },
      ],
    },
    {
      name: 'mounted already, but still in the environment',
      code: deployment(
        `${secretEnv}          volumeMounts:\n            - name: db\n              mountPath: /etc/shop/db\n`,
        `      volumes:\n        - name: db\n          secret:\n            secretName: shop-db\n`,
      ),
      errors: [{ messageId: 'mountedStillEnv', line: 23, column: 17, endLine: 23, endColumn: 29, severity: 'warning', output: null }],
    },
    {
      name: 'an optional Secret gives an optional volume',
      code: deployment(`          envFrom:\n            - secretRef:\n                name: shop-db\n                optional: true\n`),
      errors: [
        {
          messageId: 'secretInEnv',
          line: 19,
          column: 15,
          endLine: 19,
          endColumn: 24,
          suggestions: [
            {
              messageId: 'mountAsVolume',
              output: deployment(
                `          envFrom:\n            - secretRef:\n                name: shop-db\n                optional: true\n${mountSecret}`,
                `${secretVolume}            optional: true\n`,
              ),
            },
          ],
        },
      ],
    },
    {
      name: 'kube-linter read-secret-from-env-var fixture: a DeploymentConfig',
      code: `apiVersion: apps.openshift.io/v1
kind: DeploymentConfig
metadata:
  name: app2
spec:
  replicas: 3
  template:
    spec:
      containers:
      - name: app
        env:
        - name: TOKEN
          valueFrom:
            secretKeyRef:
              name: my-secret
              key: token
`,
      errors: [
        {
          messageId: 'secretInEnv',
          line: 14,
          column: 13,
          endLine: 14,
          endColumn: 25,
          suggestions: [
            {
              messageId: 'mountAsVolume',
              output: `apiVersion: apps.openshift.io/v1
kind: DeploymentConfig
metadata:
  name: app2
spec:
  replicas: 3
  template:
    spec:
      containers:
      - name: app
        env:
        - name: TOKEN
          valueFrom:
            secretKeyRef:
              name: my-secret
              key: token
        volumeMounts:
        # TODO: read Secret "my-secret" from /etc/secrets/my-secret, then remove its env references
        - name: my-secret
          mountPath: /etc/secrets/my-secret
          readOnly: true
      volumes:
      - name: my-secret
        secret:
          secretName: my-secret
`,
            },
          ],
        },
      ],
    },
  ],
});
