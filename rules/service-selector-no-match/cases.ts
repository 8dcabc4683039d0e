import { defineCases } from '../../test/support/rule-tester';

/** A Service whose `selector:` key is at line 6; `selector` lists its entries, `ports` its ports. */
const service = (selector = '    app: web\n', ports = '  ports:\n    - port: 80\n      targetPort: http\n', name = 'web') => `apiVersion: v1
kind: Service
metadata:
  name: ${name}
spec:
  selector:
${selector}${ports}`;

const deployment = (name = 'web', labels = '        app: web\n', ports = '          ports:\n            - name: http\n              containerPort: 8080\n') => `apiVersion: apps/v1
kind: Deployment
metadata:
  name: ${name}
spec:
  replicas: 2
  selector:
    matchLabels:
${labels.replace(/^ {8}/gm, '      ')}  template:
    metadata:
      labels:
${labels}    spec:
      containers:
        - name: ${name}
          image: shop/${name}:1.0.0
${ports}`;

const statefulSet = `apiVersion: apps/v1
kind: StatefulSet
metadata:
  name: db
spec:
  replicas: 3
  serviceName: db
  selector:
    matchLabels:
      app: db
  template:
    metadata:
      labels:
        app: db
    spec:
      containers:
        - name: postgres
          image: postgres:16.4
          ports:
            - {name: postgres, containerPort: 5432}
`;

export default defineCases({
  valid: [
    { name: 'the Service selects a Deployment in another file', code: service(), files: { 'deploy.yaml': deployment() } },
    { name: 'an ExternalName Service', code: `apiVersion: v1\nkind: Service\nmetadata:\n  name: wp-site\nspec:\n  type: ExternalName\n  externalName: wp.example.com\n` },
    { name: 'a Service without a selector has hand-managed endpoints', code: `apiVersion: v1\nkind: Service\nmetadata:\n  name: legacy-db\nspec:\n  ports:\n    - port: 5432\n` },
    {
      name: 'a bare Pod (kube-score service-target-pod)',
      code: `apiVersion: v1
kind: Pod
metadata:
  name: pod-test-1
  labels:
    app: my-app
spec:
  containers:
  - name: foobar
    image: foo/bar:latest
---
kind: Service
apiVersion: v1
metadata:
  name: my-service
spec:
  selector:
    app: my-app
  ports:
  - protocol: TCP
    port: 80
    targetPort: 8080
`,
    },
    {
      name: 'a per-pod Service of a StatefulSet replica',
      code: service('    statefulset.kubernetes.io/pod-name: db-2\n', '  ports:\n    - port: 5432\n      targetPort: postgres\n', 'db-2'),
      files: { 'db.yaml': statefulSet },
    },
    {
      name: 'a canary beside its Deployment is deliberate',
      code: service(),
      files: {
        'deploy.yaml': deployment(),
        'canary.yaml': deployment('web-canary', '        app: web\n        track: canary\n').replace('image: shop/web-canary', 'image: shop/web'),
      },
    },
    {
      name: 'pods an operator creates, listed in externalPodLabels',
      code: service('    app.kubernetes.io/name: kafka\n    strimzi.io/cluster: events\n', '  ports:\n    - port: 9092\n'),
      config: {
        rules: {
          'service-selector-no-match': { severity: 'warning', options: { externalPodLabels: [{ 'app.kubernetes.io/name': 'kafka', 'strimzi.io/cluster': 'events', 'strimzi.io/kind': 'Kafka' }] } },
        },
      },
    },
    {
      name: 'versions of one service behind it (Istio bookinfo reviews-v1, reviews-v2)',
      code: service('    app: reviews\n', '  ports:\n    - port: 9080\n', 'reviews'),
      files: {
        'v1.yaml': deployment('reviews-v1', '        app: reviews\n        version: v1\n'),
        'v2.yaml': deployment('reviews-v2', '        app: reviews\n        version: v2\n'),
      },
    },
    {
      name: 'numbered members of one cluster',
      code: service('    app: pxc\n', '  ports:\n    - port: 3306\n', 'pxc-cluster'),
      files: { 'node1.yaml': deployment('pxc-node1', '        app: pxc\n'), 'node2.yaml': deployment('pxc-node2', '        app: pxc\n') },
    },
    {
      name: 'the same Deployment in two files, one of which declares the named port',
      code: service(),
      files: { 'a/deploy.yaml': deployment('web', undefined, '          ports:\n            - containerPort: 8080\n'), 'b/deploy.yaml': deployment() },
    },
    {
      name: 'a targetPort that is not a valid port name is a placeholder (the API would reject it)',
      code: service(undefined, '  ports:\n    - port: 80\n      targetPort: PORT\n'),
      files: { 'deploy.yaml': deployment() },
    },
    { name: 'a selector a later step substitutes', code: service('    app: $(APP_NAME)\n') },
    { name: 'a numeric targetPort need not be declared', code: service(undefined, '  ports:\n    - port: 80\n      targetPort: 9000\n'), files: { 'deploy.yaml': deployment() } },
    { name: 'targetPort "8080" is read as a number', code: service(undefined, '  ports:\n    - port: 80\n      targetPort: "8080"\n'), files: { 'deploy.yaml': deployment() } },
    {
      name: 'the pods of a Job, selected by job-name',
      code: service('    job-name: load-test\n', '  ports:\n    - port: 8089\n', 'load-test'),
      files: {
        'job.yaml': `apiVersion: batch/v1
kind: Job
metadata:
  name: load-test
spec:
  template:
    spec:
      restartPolicy: Never
      containers:
        - name: locust
          image: locustio/locust:2.31.0
`,
      },
    },
  ],
  invalid: [
    {
      name: 'kube-score service-not-target-deployment: no pod template has the labels',
      code: `apiVersion: apps/v1
kind: Deployment
metadata:
  name: deployment-test-1
spec:
  template:
    metadata:
      labels:
        app: my-app
    spec:
      containers:
      - name: foobar
        image: foo/bar:123
---
kind: Service
apiVersion: v1
metadata:
  name: my-service-no-match
spec:
  selector:
    app: my-app-no-match
  ports:
  - protocol: TCP
    port: 80
    targetPort: 8080
`,
      errors: [
        {
          messageId: 'noMatch',
          line: 20,
          column: 3,
          endLine: 20,
          endColumn: 11,
          severity: 'warning',
          output: null,
          suggestions: [
            {
              messageId: 'selectWorkload',
              output: `apiVersion: apps/v1
kind: Deployment
metadata:
  name: deployment-test-1
spec:
  template:
    metadata:
      labels:
        app: my-app
    spec:
      containers:
      - name: foobar
        image: foo/bar:123
---
kind: Service
apiVersion: v1
metadata:
  name: my-service-no-match
spec:
  selector:
    app: my-app
  ports:
  - protocol: TCP
    port: 80
    targetPort: 8080
`,
            },
          ],
        },
      ],
    },
    {
      name: 'kube-score service-target-pod-different-namespace: the pod is in another namespace',
      code: `apiVersion: v1
kind: Pod
metadata:
  name: pod-test-1
  namespace: foospace
  labels:
    app: my-app
spec:
  containers:
  - name: foobar
    image: foo/bar:latest
---
kind: Service
apiVersion: v1
metadata:
  name: my-service
  namespace: not-foospace
spec:
  selector:
    app: my-app
  ports:
  - protocol: TCP
    port: 80
    targetPort: 8080
`,
      errors: [{ messageId: 'noMatch', line: 19, column: 3, endLine: 19, endColumn: 11, output: null }],
    },
    {
      name: 'one value of two differs: the quick-fix changes it in place',
      code: service('    app: web\n    tier: frontnd\n'),
      files: { 'deploy.yaml': deployment('web', '        app: web\n        tier: frontend\n') },
      errors: [
        {
          messageId: 'noMatch',
          line: 6,
          column: 3,
          endLine: 6,
          endColumn: 11,
          suggestions: [{ messageId: 'selectWorkload', output: service('    app: web\n    tier: frontend\n') }],
        },
      ],
    },
    {
      name: 'a key the pods do not carry: the quick-fix removes it',
      code: service('    app: web\n    version: v2\n'),
      files: { 'deploy.yaml': deployment() },
      errors: [
        {
          messageId: 'noMatch',
          line: 6,
          column: 3,
          endLine: 6,
          endColumn: 11,
          suggestions: [{ messageId: 'selectWorkload', output: service() }],
        },
      ],
    },
    {
      name: 'a flow-style selector is rewritten as a whole',
      code: `apiVersion: v1\nkind: Service\nmetadata:\n  name: web\nspec:\n  selector: {app: web, version: v2}\n  ports:\n    - port: 80\n`,
      files: { 'deploy.yaml': deployment() },
      errors: [
        {
          messageId: 'noMatch',
          line: 6,
          column: 3,
          endLine: 6,
          endColumn: 11,
          suggestions: [{ messageId: 'selectWorkload', output: `apiVersion: v1\nkind: Service\nmetadata:\n  name: web\nspec:\n  selector:\n    app: web\n  ports:\n    - port: 80\n` }],
        },
      ],
    },
    {
      name: 'partial manifest set: info',
      code: service(),
      config: { manifestSet: 'partial' },
      errors: [{ messageId: 'noMatchPartial', line: 6, column: 3, endLine: 6, endColumn: 11, severity: 'info' }],
    },
    {
      name: 'an operator resource in the namespace may create the pods: info',
      code: service('    app.kubernetes.io/name: prometheus\n    prometheus: k8s\n', '  ports:\n    - port: 9090\n      targetPort: web\n', 'prometheus-k8s'),
      files: {
        'prometheus.yaml': `apiVersion: monitoring.coreos.com/v1
kind: Prometheus
metadata:
  name: k8s
spec:
  replicas: 2
`,
      },
      errors: [{ messageId: 'noMatchOperator', line: 6, column: 3, endLine: 6, endColumn: 11, severity: 'info' }],
    },
    {
      name: 'a LeaderWorkerSet creates the pods: info',
      code: service('    leaderworkerset.sigs.k8s.io/name: vllm\n    role: leader\n', '  ports:\n    - port: 8080\n', 'vllm-leader'),
      files: { 'lws.yaml': 'apiVersion: leaderworkerset.x-k8s.io/v1\nkind: LeaderWorkerSet\nmetadata:\n  name: vllm\nspec:\n  replicas: 1\n' },
      errors: [{ messageId: 'noMatchOperator', line: 6, column: 3, endLine: 6, endColumn: 11, severity: 'info' }],
    },
    {
      name: 'blue and green both live behind one Service',
      code: service(),
      files: { 'blue.yaml': deployment('web-blue'), 'green.yaml': deployment('web-green') },
      errors: [{ messageId: 'several', line: 6, column: 3, endLine: 6, endColumn: 11, severity: 'info', output: null }],
    },
    {
      name: 'the pods of a migration Job carry the Service labels',
      code: service(),
      files: {
        'deploy.yaml': deployment(),
        'job.yaml': `apiVersion: batch/v1
kind: Job
metadata:
  name: web-migrate
spec:
  template:
    metadata:
      labels:
        app: web
    spec:
      restartPolicy: Never
      containers:
        - name: migrate
          image: shop/web:1.0.0
          args: [migrate]
`,
      },
      errors: [{ messageId: 'several', line: 6, column: 3, endLine: 6, endColumn: 11, severity: 'info' }],
    },
    {
      name: 'a named targetPort that no container declares',
      code: service(undefined, '  ports:\n    - name: http\n      port: 80\n      targetPort: web\n'),
      files: { 'deploy.yaml': deployment('web', undefined, '          ports:\n            - name: http\n              containerPort: 8080\n            - name: metrics\n              containerPort: 9090\n') },
      errors: [
        {
          messageId: 'targetPortMissing',
          line: 11,
          column: 19,
          endLine: 11,
          endColumn: 22,
          severity: 'error',
          output: null,
          suggestions: [
            { messageId: 'useTargetPort', output: service(undefined, '  ports:\n    - name: http\n      port: 80\n      targetPort: http\n') },
            { messageId: 'useTargetPort', output: service(undefined, '  ports:\n    - name: http\n      port: 80\n      targetPort: metrics\n') },
          ],
        },
      ],
    },
    {
      name: 'a named targetPort; the containers declare port numbers only',
      code: service(),
      files: { 'deploy.yaml': deployment('web', undefined, '          ports:\n            - containerPort: 8080\n') },
      errors: [
        {
          messageId: 'targetPortMissing',
          line: 10,
          column: 19,
          endLine: 10,
          endColumn: 23,
          suggestions: [{ messageId: 'useTargetPort', output: service(undefined, '  ports:\n    - port: 80\n      targetPort: 8080\n') }],
        },
      ],
    },
  ],
});
