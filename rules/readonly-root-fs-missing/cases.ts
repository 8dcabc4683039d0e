import { defineCases } from '../../test/support/rule-tester';

const deployment = `apiVersion: apps/v1
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
`;

const withFlag = (value: string) => `${deployment}          securityContext:
            readOnlyRootFilesystem: ${value}
`;

const tmpMount = `          volumeMounts:
            - name: tmp
              mountPath: /tmp
      volumes:
        - name: tmp
          emptyDir: {}
`;

const setTrue = `${deployment}          securityContext:
            readOnlyRootFilesystem: true
`;

const pod = `apiVersion: v1
kind: Pod
metadata:
  name: pod-test-1
spec:
  containers:
  - name: foobar
    image: foo/bar:latest
`;

export default defineCases({
  valid: [
    { name: 'every container has a read-only root file system', code: withFlag('true') },
    { name: 'YAML 1.1 spells true as True (kube-score all-good fixture)', code: `${pod}    securityContext:\n      privileged: False\n      runAsUser: 30000\n      readOnlyRootFilesystem: True\n` },
    {
      name: 'Windows pods cannot set it (spec.os.name)',
      code: deployment.replace('    spec:\n      containers:', '    spec:\n      os:\n        name: windows\n      containers:'),
    },
    {
      name: 'Windows pods cannot set it (nodeSelector)',
      code: deployment.replace('    spec:\n      containers:', '    spec:\n      nodeSelector:\n        kubernetes.io/os: windows\n      containers:'),
    },
    {
      name: 'init containers run to completion before the application and are not checked',
      code: withFlag('true').replace(
        '      containers:\n',
        '      initContainers:\n        - name: migrate\n          image: shop/migrate:1.2.3\n      containers:\n',
      ),
    },
    {
      name: 'kube-linter dont-fire: Deployment and DeploymentConfig without selectors',
      code: `apiVersion: apps/v1
kind: Deployment
metadata:
  name: dont-fire
spec:
  replicas: 3
  template:
    spec:
      containers:
        - name: app
          securityContext:
            readOnlyRootFilesystem: true
---
apiVersion: apps.openshift.io/v1
kind: DeploymentConfig
metadata:
  name: dont-fire
spec:
  replicas: 3
  template:
    spec:
      containers:
        - name: app
          securityContext:
            readOnlyRootFilesystem: true
`,
    },
    { name: 'objects without pod templates', code: 'apiVersion: v1\nkind: Service\nmetadata:\n  name: shop-api\nspec:\n  ports:\n    - port: 80\n' },
  ],
  invalid: [
    {
      name: 'no securityContext: set the flag, or set it and mount an emptyDir at /tmp',
      code: deployment,
      errors: [
        {
          messageId: 'missing',
          line: 16,
          column: 11,
          endLine: 16,
          endColumn: 15,
          severity: 'info',
          output: null,
          suggestions: [
            { messageId: 'setReadOnly', output: setTrue },
            { messageId: 'setReadOnlyWithTmp', output: setTrue + tmpMount },
          ],
        },
      ],
    },
    {
      name: 'readOnlyRootFilesystem: false is replaced',
      code: withFlag('false'),
      errors: [
        {
          messageId: 'writable',
          line: 19,
          column: 37,
          endLine: 19,
          endColumn: 42,
          suggestions: [
            { messageId: 'setReadOnly', output: withFlag('true') },
            { messageId: 'setReadOnlyWithTmp', output: withFlag('true') + tmpMount },
          ],
        },
      ],
    },
    {
      name: 'a securityContext without the flag gets it added',
      code: `${deployment}          securityContext:
            runAsNonRoot: true
`,
      errors: [
        {
          messageId: 'missing',
          line: 18,
          column: 11,
          endLine: 18,
          endColumn: 26,
          suggestions: [
            { messageId: 'setReadOnly', output: `${deployment}          securityContext:\n            runAsNonRoot: true\n            readOnlyRootFilesystem: true\n` },
            {
              messageId: 'setReadOnlyWithTmp',
              output: `${deployment}          securityContext:\n            runAsNonRoot: true\n            readOnlyRootFilesystem: true\n${tmpMount}`,
            },
          ],
        },
      ],
    },
    {
      name: 'a flow-style securityContext keeps its style',
      code: `${deployment}          securityContext: {runAsNonRoot: true}
          volumeMounts:
            - {name: scratch, mountPath: /tmp}
      volumes:
        - {name: scratch, emptyDir: {}}
`,
      errors: [
        {
          messageId: 'missing',
          line: 18,
          column: 11,
          endLine: 18,
          endColumn: 26,
          // The container already has a writable /tmp: only the flag is offered.
          suggestions: [
            {
              messageId: 'setReadOnly',
              output: `${deployment}          securityContext: {runAsNonRoot: true, readOnlyRootFilesystem: true}
          volumeMounts:
            - {name: scratch, mountPath: /tmp}
      volumes:
        - {name: scratch, emptyDir: {}}
`,
            },
          ],
        },
      ],
    },
    {
      name: 'a volume named tmp that is not an emptyDir is left alone: the new one is tmp-2',
      code: `${deployment}          volumeMounts:
            - name: tmp
              mountPath: /var/cache/shop
      volumes:
        - name: tmp
          configMap:
            name: shop-cache
`,
      errors: [
        {
          messageId: 'missing',
          line: 16,
          column: 11,
          endLine: 16,
          endColumn: 15,
          suggestions: [
            {
              messageId: 'setReadOnly',
              output: `${deployment}          volumeMounts:
            - name: tmp
              mountPath: /var/cache/shop
          securityContext:
            readOnlyRootFilesystem: true
      volumes:
        - name: tmp
          configMap:
            name: shop-cache
`,
            },
            {
              messageId: 'setReadOnlyWithTmp',
              output: `${deployment}          volumeMounts:
            - name: tmp
              mountPath: /var/cache/shop
            - name: tmp-2
              mountPath: /tmp
          securityContext:
            readOnlyRootFilesystem: true
      volumes:
        - name: tmp
          configMap:
            name: shop-cache
        - name: tmp-2
          emptyDir: {}
`,
            },
          ],
        },
      ],
    },
    {
      name: 'an emptyDir named tmp that another container mounts is reused',
      code: `apiVersion: v1
kind: Pod
metadata:
  name: worker
spec:
  containers:
    - name: main
      image: shop/worker:1.0.0
      securityContext:
        readOnlyRootFilesystem: true
      volumeMounts:
        - name: tmp
          mountPath: /tmp
    - name: helper
      image: shop/helper:1.0.0
  volumes:
    - name: tmp
      emptyDir: {}
`,
      errors: [
        {
          messageId: 'missing',
          line: 14,
          column: 7,
          endLine: 14,
          endColumn: 11,
          suggestions: [
            {
              messageId: 'setReadOnly',
              output: `apiVersion: v1
kind: Pod
metadata:
  name: worker
spec:
  containers:
    - name: main
      image: shop/worker:1.0.0
      securityContext:
        readOnlyRootFilesystem: true
      volumeMounts:
        - name: tmp
          mountPath: /tmp
    - name: helper
      image: shop/helper:1.0.0
      securityContext:
        readOnlyRootFilesystem: true
  volumes:
    - name: tmp
      emptyDir: {}
`,
            },
            {
              messageId: 'setReadOnlyWithTmp',
              output: `apiVersion: v1
kind: Pod
metadata:
  name: worker
spec:
  containers:
    - name: main
      image: shop/worker:1.0.0
      securityContext:
        readOnlyRootFilesystem: true
      volumeMounts:
        - name: tmp
          mountPath: /tmp
    - name: helper
      image: shop/helper:1.0.0
      securityContext:
        readOnlyRootFilesystem: true
      volumeMounts:
        - name: tmp
          mountPath: /tmp
  volumes:
    - name: tmp
      emptyDir: {}
`,
            },
          ],
        },
      ],
    },
    {
      name: 'native sidecars are checked; classic init containers are not',
      code: withFlag('true').replace(
        '      containers:\n',
        '      initContainers:\n        - name: migrate\n          image: shop/migrate:1.2.3\n        - name: proxy\n          image: envoyproxy/envoy:v1.31.0\n          restartPolicy: Always\n      containers:\n',
      ),
      errors: [
        {
          messageId: 'missing',
          line: 18,
          column: 11,
          endLine: 18,
          endColumn: 15,
          suggestions: [
            {
              messageId: 'setReadOnly',
              output: withFlag('true').replace(
                '      containers:\n',
                '      initContainers:\n        - name: migrate\n          image: shop/migrate:1.2.3\n        - name: proxy\n          image: envoyproxy/envoy:v1.31.0\n          restartPolicy: Always\n          securityContext:\n            readOnlyRootFilesystem: true\n      containers:\n',
              ),
            },
            {
              messageId: 'setReadOnlyWithTmp',
              output: withFlag('true')
                .replace(
                  '      containers:\n',
                  '      initContainers:\n        - name: migrate\n          image: shop/migrate:1.2.3\n        - name: proxy\n          image: envoyproxy/envoy:v1.31.0\n          restartPolicy: Always\n          securityContext:\n            readOnlyRootFilesystem: true\n          volumeMounts:\n            - name: tmp\n              mountPath: /tmp\n      containers:\n',
                )
                .concat('      volumes:\n        - name: tmp\n          emptyDir: {}\n'),
            },
          ],
        },
      ],
    },
    {
      name: 'kube-score fixtures: a privileged container and a bare Pod, each without the flag',
      code: `${pod}    securityContext:\n      privileged: True\n`,
      errors: [
        {
          messageId: 'missing',
          line: 9,
          column: 5,
          endLine: 9,
          endColumn: 20,
          suggestions: [
            { messageId: 'setReadOnly', output: `${pod}    securityContext:\n      privileged: True\n      readOnlyRootFilesystem: true\n` },
            {
              messageId: 'setReadOnlyWithTmp',
              output: `${pod}    securityContext:\n      privileged: True\n      readOnlyRootFilesystem: true\n    volumeMounts:\n    - name: tmp\n      mountPath: /tmp\n  volumes:\n  - name: tmp\n    emptyDir: {}\n`,
            },
          ],
        },
      ],
    },
    {
      name: 'kube-linter fixture: readOnlyRootFilesystem false on a DeploymentConfig',
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
        securityContext:
          readOnlyRootFilesystem: false
`,
      errors: [
        {
          messageId: 'writable',
          line: 12,
          column: 35,
          endLine: 12,
          endColumn: 40,
          suggestions: [
            {
              messageId: 'setReadOnly',
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
        securityContext:
          readOnlyRootFilesystem: true
`,
            },
            {
              messageId: 'setReadOnlyWithTmp',
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
        securityContext:
          readOnlyRootFilesystem: true
        volumeMounts:
        - name: tmp
          mountPath: /tmp
      volumes:
      - name: tmp
        emptyDir: {}
`,
            },
          ],
        },
      ],
    },
    {
      name: 'the strict preset raises it to warning',
      code: setTrue.replace('true', 'false'),
      config: { extends: 'strict' },
      errors: [
        {
          messageId: 'writable',
          line: 19,
          column: 37,
          endLine: 19,
          endColumn: 42,
          severity: 'warning',
          suggestions: [
            { messageId: 'setReadOnly', output: setTrue },
            { messageId: 'setReadOnlyWithTmp', output: setTrue + tmpMount },
          ],
        },
      ],
    },
  ],
});
