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

const configMapEnv = `          env:
            - name: LOG_LEVEL
              valueFrom:
                configMapKeyRef:
                  name: shop-config
                  key: log-level
`;

const mountConfig = `          volumeMounts:
            # TODO: read ConfigMap "shop-config" from /etc/config/shop-config, then remove its env references
            - name: shop-config
              mountPath: /etc/config/shop-config
              readOnly: true
`;

const configVolume = `      volumes:
        - name: shop-config
          configMap:
            name: shop-config
`;

const cronJob = `apiVersion: batch/v1
kind: CronJob
metadata:
  name: nightly-report
spec:
  schedule: "0 3 * * *"
  jobTemplate:
    spec:
      template:
        spec:
          restartPolicy: OnFailure
          containers:
            - name: report
              image: shop/report:1.0.0
              envFrom:
                - configMapRef:
                    name: report-config
`;

export default defineCases({
  valid: [
    { name: 'literal environment values only', code: deployment(`          env:\n            - name: LOG_LEVEL\n              value: info\n`) },
    {
      name: 'the ConfigMap is mounted as a volume',
      code: deployment(`          volumeMounts:\n            - name: config\n              mountPath: /etc/shop\n`, `      volumes:\n        - name: config\n          configMap:\n            name: shop-config\n`),
    },
    {
      name: 'fieldRef and resourceFieldRef need no ConfigMap or Secret',
      code: deployment(`          env:
            - name: POD_IP
              valueFrom:
                fieldRef:
                  fieldPath: status.podIP
            - name: CPU_LIMIT
              valueFrom:
                resourceFieldRef:
                  resource: limits.cpu
`),
    },
    { name: 'a CronJob runs to completion: each run is a new pod', code: cronJob },
    {
      name: 'a Job runs to completion',
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
          image: shop/migrate:1.0.0
          envFrom:
            - configMapRef:
                name: shop-config
`,
    },
    {
      name: 'an init container runs once per pod start, not at every container restart',
      code: deployment(
        '',
        `      initContainers:
        - name: wait
          image: shop/wait:1.0.0
          env:
            - name: TARGET
              valueFrom:
                configMapKeyRef:
                  name: shop-config
                  key: target
`,
      ),
    },
    {
      name: 'Secrets are left to secret-in-env when the secrets option is off',
      code: deployment(`          env:
            - name: DB_PASSWORD
              valueFrom:
                secretKeyRef:
                  name: shop-db
                  key: password
`),
      config: { rules: { 'config-from-env-restart-dependency': { severity: 'info', options: { secrets: false } } } },
    },
    {
      name: 'a Helm hook',
      code: deployment(configMapEnv).replace('  name: shop-api\nspec:', '  name: shop-api\n  annotations:\n    helm.sh/hook: pre-install\nspec:'),
    },
    { name: 'a reference without a name is not a reference', code: deployment(`          envFrom:\n            - configMapRef: {}\n`) },
  ],
  invalid: [
    {
      name: 'an env var from a ConfigMap key',
      code: deployment(configMapEnv),
      errors: [
        {
          messageId: 'envRef',
          line: 21,
          column: 17,
          endLine: 21,
          endColumn: 32,
          severity: 'info',
          output: null,
          suggestions: [{ messageId: 'mountAsVolume', output: deployment(configMapEnv + mountConfig, configVolume) }],
        },
      ],
    },
    {
      name: 'envFrom a ConfigMap, with volumes and mounts already present',
      code: deployment(
        `          envFrom:
            - configMapRef:
                name: shop-config
          volumeMounts:
            - name: tmp
              mountPath: /tmp
`,
        `      volumes:
        - name: tmp
          emptyDir: {}
`,
      ),
      errors: [
        {
          messageId: 'envRef',
          line: 19,
          column: 15,
          endLine: 19,
          endColumn: 27,
          suggestions: [
            {
              messageId: 'mountAsVolume',
              output: deployment(
                `          envFrom:
            - configMapRef:
                name: shop-config
          volumeMounts:
            - name: tmp
              mountPath: /tmp
            # TODO: read ConfigMap "shop-config" from /etc/config/shop-config, then remove its env references
            - name: shop-config
              mountPath: /etc/config/shop-config
              readOnly: true
`,
                `      volumes:
        - name: tmp
          emptyDir: {}
        - name: shop-config
          configMap:
            name: shop-config
`,
              ),
            },
          ],
        },
      ],
    },
    {
      name: 'several variables from one ConfigMap are one finding',
      code: deployment(`          env:
            - name: A
              valueFrom:
                configMapKeyRef: {name: shop-config, key: a}
            - name: B
              valueFrom:
                configMapKeyRef: {name: shop-config, key: b}
            - name: C
              valueFrom:
                configMapKeyRef: {name: shop-config, key: c}
            - name: D
              valueFrom:
                configMapKeyRef: {name: shop-config, key: d}
`),
      errors: [
        {
          messageId: 'envRef',
          line: 21,
          column: 17,
          endLine: 21,
          endColumn: 32,
          suggestions: [
            {
              messageId: 'mountAsVolume',
              output: deployment(
                `          env:
            - name: A
              valueFrom:
                configMapKeyRef: {name: shop-config, key: a}
            - name: B
              valueFrom:
                configMapKeyRef: {name: shop-config, key: b}
            - name: C
              valueFrom:
                configMapKeyRef: {name: shop-config, key: c}
            - name: D
              valueFrom:
                configMapKeyRef: {name: shop-config, key: d}
${mountConfig}`,
                configVolume,
              ),
            },
          ],
        },
      ],
    },
    {
      name: 'a Secret key is a restart dependency too (info; secret-in-env adds the security finding)',
      code: deployment(`          env:
            - name: DB_PASSWORD
              valueFrom:
                secretKeyRef:
                  name: shop-db
                  key: password
`),
      errors: [
        {
          messageId: 'envRef',
          line: 21,
          column: 17,
          endLine: 21,
          endColumn: 29,
          severity: 'info',
          suggestions: [
            {
              messageId: 'mountAsVolume',
              output: deployment(
                `          env:
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
`,
                `      volumes:
        - name: shop-db
          secret:
            secretName: shop-db
`,
              ),
            },
          ],
        },
      ],
    },
    {
      name: 'an optional reference gives an optional volume',
      code: deployment(`          envFrom:
            - configMapRef:
                name: shop-config
                optional: true
`),
      errors: [
        {
          messageId: 'envRef',
          line: 19,
          column: 15,
          endLine: 19,
          endColumn: 27,
          suggestions: [
            {
              messageId: 'mountAsVolume',
              output: deployment(
                `          envFrom:
            - configMapRef:
                name: shop-config
                optional: true
${mountConfig}`,
                `${configVolume}            optional: true
`,
              ),
            },
          ],
        },
      ],
    },
    {
      name: 'mounted already, but still read into the environment',
      code: deployment(
        `${configMapEnv}          volumeMounts:
            - name: config
              mountPath: /etc/shop
`,
        `      volumes:
        - name: config
          configMap:
            name: shop-config
`,
      ),
      errors: [{ messageId: 'mountedStillEnv', line: 21, column: 17, endLine: 21, endColumn: 32, severity: 'info', output: null }],
    },
    {
      name: 'a volume of another kind already has the name',
      code: deployment(
        `${configMapEnv}          volumeMounts:
            - name: shop-config
              mountPath: /cache
`,
        `      volumes:
        - name: shop-config
          emptyDir: {}
`,
      ),
      errors: [
        {
          messageId: 'envRef',
          line: 21,
          column: 17,
          endLine: 21,
          endColumn: 32,
          suggestions: [
            {
              messageId: 'mountAsVolume',
              output: deployment(
                `${configMapEnv}          volumeMounts:
            - name: shop-config
              mountPath: /cache
            # TODO: read ConfigMap "shop-config" from /etc/config/shop-config, then remove its env references
            - name: shop-config-2
              mountPath: /etc/config/shop-config
              readOnly: true
`,
                `      volumes:
        - name: shop-config
          emptyDir: {}
        - name: shop-config-2
          configMap:
            name: shop-config
`,
              ),
            },
          ],
        },
      ],
    },
    {
      name: 'flow-style volume lists get plain items (a flow list cannot hold the TODO comment)',
      code: deployment(`${configMapEnv}          volumeMounts: []\n`, `      volumes: []\n`),
      errors: [
        {
          messageId: 'envRef',
          line: 21,
          column: 17,
          endLine: 21,
          endColumn: 32,
          suggestions: [
            {
              messageId: 'mountAsVolume',
              output: deployment(
                `${configMapEnv}          volumeMounts: [{name: shop-config, mountPath: /etc/config/shop-config, readOnly: true}]\n`,
                `      volumes: [{name: shop-config, configMap: {name: shop-config}}]\n`,
              ),
            },
          ],
        },
      ],
    },
    {
      name: 'a native sidecar restarts in place like an app container',
      code: deployment(
        '',
        `      initContainers:
        - name: proxy
          image: shop/proxy:2.0.0
          restartPolicy: Always
          envFrom:
            - configMapRef:
                name: proxy-config
`,
      ),
      errors: [
        {
          messageId: 'envRef',
          line: 23,
          column: 15,
          endLine: 23,
          endColumn: 27,
          suggestions: [
            {
              messageId: 'mountAsVolume',
              output: deployment(
                '',
                `      initContainers:
        - name: proxy
          image: shop/proxy:2.0.0
          restartPolicy: Always
          envFrom:
            - configMapRef:
                name: proxy-config
          volumeMounts:
            # TODO: read ConfigMap "proxy-config" from /etc/config/proxy-config, then remove its env references
            - name: proxy-config
              mountPath: /etc/config/proxy-config
              readOnly: true
      volumes:
        - name: proxy-config
          configMap:
            name: proxy-config
`,
              ),
            },
          ],
        },
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
      image: busybox:1.36
      envFrom:
        - configMapRef:
            name: debug-config
`,
      errors: [
        {
          messageId: 'envRef',
          line: 10,
          column: 11,
          endLine: 10,
          endColumn: 23,
          suggestions: [
            {
              messageId: 'mountAsVolume',
              output: `apiVersion: v1
kind: Pod
metadata:
  name: debug
spec:
  containers:
    - name: shell
      image: busybox:1.36
      envFrom:
        - configMapRef:
            name: debug-config
      volumeMounts:
        # TODO: read ConfigMap "debug-config" from /etc/config/debug-config, then remove its env references
        - name: debug-config
          mountPath: /etc/config/debug-config
          readOnly: true
  volumes:
    - name: debug-config
      configMap:
        name: debug-config
`,
            },
          ],
        },
      ],
    },
  ],
});
