import { defineCases } from '../../test/support/rule-tester';

const hpa = (metrics: string, apiVersion = 'autoscaling/v2') => `apiVersion: ${apiVersion}
kind: HorizontalPodAutoscaler
metadata:
  name: web
spec:
  scaleTargetRef:
    apiVersion: apps/v1
    kind: Deployment
    name: web
  minReplicas: 2
  maxReplicas: 10
${metrics}`;

const cpuUtilization = `  metrics:
    - type: Resource
      resource:
        name: cpu
        target:
          type: Utilization
          averageUtilization: 70
`;

const deployment = (containers: string) => `apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
spec:
  selector:
    matchLabels:
      app: web
  template:
    metadata:
      labels:
        app: web
    spec:
${containers}`;

const mixed = `      initContainers:
        - name: migrate
          image: shop/migrate:1.0.0
        - name: proxy
          image: envoyproxy/envoy:v1.31.0
          restartPolicy: Always
      containers:
        - name: web
          image: shop/web:1.4.0
          resources:
            requests:
              memory: 256Mi
        - name: log
          image: fluent-bit:3.1.0
          resources:
            limits:
              cpu: 100m
`;

const mixedFixed = `      initContainers:
        - name: migrate
          image: shop/migrate:1.0.0
        - name: proxy
          image: envoyproxy/envoy:v1.31.0
          restartPolicy: Always
          resources:
            requests:
              cpu: 100m
      containers:
        - name: web
          image: shop/web:1.4.0
          resources:
            requests:
              memory: 256Mi
              cpu: 100m
        - name: log
          image: fluent-bit:3.1.0
          resources:
            limits:
              cpu: 100m
`;

const sized = `      containers:
        - name: web
          image: shop/web:1.4.0
          resources:
            requests:
              cpu: 250m
              memory: 256Mi
`;

const unsized = `      containers:
        - name: web
          image: shop/web:1.4.0
`;

const unsizedFixed = (resource: string, value: string) => `      containers:
        - name: web
          image: shop/web:1.4.0
          resources:
            requests:
              ${resource}: ${value}
`;

const limitRange = `apiVersion: v1
kind: LimitRange
metadata:
  name: defaults
spec:
  limits:
    - type: Container
      defaultRequest:
        memory: 128Mi
`;

const memoryUtilization = `  metrics:
    - type: Resource
      resource:
        name: memory
        target:
          type: Utilization
          averageUtilization: 80
`;

export default defineCases({
  valid: [
    { name: 'every container requests CPU', code: hpa(cpuUtilization), files: { 'deploy.yaml': deployment(sized) } },
    {
      name: 'an AverageValue target needs no requests',
      code: hpa(cpuUtilization.replace('type: Utilization\n          averageUtilization: 70', 'type: AverageValue\n          averageValue: 500m')),
      files: { 'deploy.yaml': deployment(unsized) },
    },
    {
      name: 'a limit without a request: the API server copies the limit into the request',
      code: hpa(cpuUtilization),
      files: { 'deploy.yaml': deployment(unsized.replace('1.4.0\n', '1.4.0\n          resources:\n            limits:\n              cpu: 500m\n')) },
    },
    {
      name: 'a ContainerResource metric only counts its container',
      code: hpa(`  metrics:
    - type: ContainerResource
      containerResource:
        name: cpu
        container: web
        target:
          type: Utilization
          averageUtilization: 60
`),
      files: { 'deploy.yaml': deployment(`${sized}        - name: log\n          image: fluent-bit:3.1.0\n`) },
    },
    { name: 'the target is not in the project (hpa-replicas-conflict reports it)', code: hpa(cpuUtilization) },
    {
      name: 'autoscaling/v2beta1 targetAverageValue',
      code: hpa('  metrics:\n    - type: Resource\n      resource:\n        name: memory\n        targetAverageValue: 500Mi\n', 'autoscaling/v2beta1'),
      files: { 'deploy.yaml': deployment(unsized) },
    },
    {
      name: 'external metrics need no requests',
      code: hpa(`  metrics:
    - type: External
      external:
        metric:
          name: sqs_messages_visible
        target:
          type: AverageValue
          averageValue: "30"
`),
      files: { 'deploy.yaml': deployment(unsized) },
    },
    {
      name: 'a regular init container is not measured',
      code: hpa(cpuUtilization),
      files: { 'deploy.yaml': deployment(`      initContainers:\n        - name: migrate\n          image: shop/migrate:1.0.0\n${sized}`) },
    },
    {
      name: 'a KEDA cpu trigger on AverageValue',
      code: `apiVersion: keda.sh/v1alpha1
kind: ScaledObject
metadata:
  name: web
spec:
  scaleTargetRef:
    name: web
  triggers:
    - type: cpu
      metricType: AverageValue
      metadata:
        value: "500m"
`,
      files: { 'deploy.yaml': deployment(unsized) },
    },
  ],
  invalid: [
    {
      name: 'an app container and a native sidecar lack CPU requests; the fix edits the Deployment in its own file',
      code: hpa(cpuUtilization),
      files: { 'deploy.yaml': deployment(mixed) },
      errors: [
        {
          messageId: 'missingRequest',
          line: 15,
          column: 15,
          endLine: 15,
          endColumn: 18,
          severity: 'error',
          output: null,
          suggestions: [{ messageId: 'addRequest', output: { 'deploy.yaml': deployment(mixedFixed) } }],
        },
      ],
    },
    {
      name: 'autoscaling/v1 targetCPUUtilizationPercentage, the Deployment in the same file',
      code: `${hpa('  targetCPUUtilizationPercentage: 50\n', 'autoscaling/v1')}---\n${deployment(unsized)}`,
      errors: [
        {
          messageId: 'missingRequest',
          line: 12,
          column: 3,
          endLine: 12,
          endColumn: 33,
          suggestions: [
            {
              messageId: 'addRequest',
              output: `${hpa('  targetCPUUtilizationPercentage: 50\n', 'autoscaling/v1')}---\n${deployment(unsizedFixed('cpu', '100m'))}`,
            },
          ],
        },
      ],
    },
    {
      name: 'an HPA without metrics scales on 80% CPU utilization by default',
      code: hpa(''),
      files: { 'deploy.yaml': deployment(unsized) },
      errors: [
        {
          messageId: 'missingRequest',
          line: 5,
          column: 1,
          endLine: 5,
          endColumn: 5,
          suggestions: [{ messageId: 'addRequest', output: { 'deploy.yaml': deployment(unsizedFixed('cpu', '100m')) } }],
        },
      ],
    },
    {
      name: 'a LimitRange with a default request makes it info',
      code: hpa(memoryUtilization),
      files: { 'deploy.yaml': deployment(unsized), 'limits.yaml': limitRange },
      errors: [
        {
          messageId: 'missingRequestDefaulted',
          line: 15,
          column: 15,
          endLine: 15,
          endColumn: 21,
          severity: 'info',
          suggestions: [{ messageId: 'addRequest', output: { 'deploy.yaml': deployment(unsizedFixed('memory', '128Mi')) } }],
        },
      ],
    },
    {
      name: 'a LimitRange for another resource does not help',
      code: hpa(cpuUtilization),
      files: { 'deploy.yaml': deployment(unsized), 'limits.yaml': limitRange },
      errors: [
        {
          messageId: 'missingRequest',
          line: 15,
          column: 15,
          endLine: 15,
          endColumn: 18,
          severity: 'error',
          suggestions: [{ messageId: 'addRequest', output: { 'deploy.yaml': deployment(unsizedFixed('cpu', '100m')) } }],
        },
      ],
    },
    {
      name: 'a ContainerResource metric names a container the pods do not have',
      code: hpa(`  metrics:
    - type: ContainerResource
      containerResource:
        name: cpu
        container: app
        target:
          type: Utilization
          averageUtilization: 60
`),
      files: { 'deploy.yaml': deployment(sized) },
      errors: [{ messageId: 'noSuchContainer', line: 15, column: 15, endLine: 15, endColumn: 18, severity: 'error', suggestions: [] }],
    },
    {
      name: 'autoscaling/v2beta1 targetAverageUtilization, with a request written as "0"',
      code: hpa('  metrics:\n    - type: Resource\n      resource:\n        name: cpu\n        targetAverageUtilization: 50\n', 'autoscaling/v2beta1'),
      files: { 'deploy.yaml': deployment(`${unsized}          resources: {requests: {cpu: "0"}}\n`) },
      errors: [
        {
          messageId: 'missingRequest',
          line: 15,
          column: 15,
          endLine: 15,
          endColumn: 18,
          suggestions: [{ messageId: 'addRequest', output: { 'deploy.yaml': deployment(`${unsized}          resources: {requests: {cpu: "100m"}}\n`) } }],
        },
      ],
    },
    {
      name: 'partial manifest sets cap it at warning (a LimitRange may live elsewhere)',
      code: hpa(cpuUtilization),
      files: { 'deploy.yaml': deployment(unsized) },
      config: { manifestSet: 'partial' },
      errors: [
        {
          messageId: 'missingRequest',
          line: 15,
          column: 15,
          endLine: 15,
          endColumn: 18,
          severity: 'warning',
          suggestions: [{ messageId: 'addRequest', output: { 'deploy.yaml': deployment(unsizedFixed('cpu', '100m')) } }],
        },
      ],
    },
    {
      name: 'a KEDA cpu trigger on Utilization',
      code: `apiVersion: keda.sh/v1alpha1
kind: ScaledObject
metadata:
  name: web
spec:
  scaleTargetRef:
    name: web
  triggers:
    - type: cpu
      metricType: Utilization
      metadata:
        value: "60"
`,
      files: { 'deploy.yaml': deployment(`${unsized}          resources: {}\n`) },
      errors: [
        {
          messageId: 'missingRequest',
          line: 9,
          column: 13,
          endLine: 9,
          endColumn: 16,
          suggestions: [{ messageId: 'addRequest', output: { 'deploy.yaml': deployment(`${unsized}          resources: {requests: {cpu: 100m}}\n`) } }],
        },
      ],
    },
  ],
});
