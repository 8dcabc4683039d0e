import { defineCases } from '../../test/support/rule-tester';

const deployment = `apiVersion: apps/v1
kind: Deployment
metadata:
  name: shop-api
spec:
  replicas: 1
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

const noReplicas = deployment.replace('  replicas: 1\n', '');

const hpa = (fields: string) => `apiVersion: autoscaling/v2
kind: HorizontalPodAutoscaler
metadata:
  name: shop-api
spec:
  scaleTargetRef:
    apiVersion: apps/v1
    kind: Deployment
    name: shop-api
${fields}`;

const scaledObject = (fields: string) => `apiVersion: keda.sh/v1alpha1
kind: ScaledObject
metadata:
  name: shop-api
spec:
  scaleTargetRef:
    name: shop-api
${fields}  triggers:
    - type: aws-sqs-queue
      metadata:
        queueURL: https://sqs.eu-west-1.amazonaws.com/123456789012/orders
        queueLength: "5"
`;

const service = `apiVersion: v1
kind: Service
metadata:
  name: shop-api
spec:
  selector:
    app: shop-api
  ports:
    - port: 80
      targetPort: 8080
`;

const zoneSpread = deployment.replace(
  '      containers:\n',
  `      topologySpreadConstraints:
        - maxSkew: 1
          topologyKey: topology.kubernetes.io/zone
          whenUnsatisfiable: ScheduleAnyway
          labelSelector:
            matchLabels:
              app: shop-api
      containers:
`,
);

const controller = (args: string) => `apiVersion: apps/v1
kind: Deployment
metadata:
  name: shop-operator
  namespace: operators
spec:
  replicas: 1
  selector:
    matchLabels:
      app: shop-operator
  template:
    metadata:
      labels:
        app: shop-operator
    spec:
      containers:
        - name: manager
          image: shop/operator:0.9.0
          args: ${args}
`;

export default defineCases({
  valid: [
    { name: 'two replicas', code: deployment.replace('replicas: 1', 'replicas: 2') },
    {
      name: 'DaemonSets run one pod per node by design',
      code: noReplicas.replace('kind: Deployment', 'kind: DaemonSet'),
    },
    {
      name: 'an HPA with minReplicas 2 overrides spec.replicas',
      code: deployment,
      files: { 'hpa.yaml': hpa('  minReplicas: 2\n  maxReplicas: 10\n') },
    },
    {
      name: 'a KEDA queue worker that scales to zero, explicitly',
      code: noReplicas,
      files: { 'scaledobject.yaml': scaledObject('  minReplicaCount: 0\n  maxReplicaCount: 20\n') },
    },
    {
      name: 'a KEDA queue worker that scales to zero by default',
      code: noReplicas,
      files: { 'scaledobject.yaml': scaledObject('') },
    },
    { name: 'replicas: 0 with no autoscaler is parked on purpose', code: deployment.replace('replicas: 1', 'replicas: 0') },
    {
      name: 'Helm hooks are exempt',
      code: deployment.replace('  name: shop-api\n', '  name: shop-api\n  annotations:\n    helm.sh/hook: post-install\n'),
    },
    {
      name: 'a bare Pod is left to bare-pod',
      code: `apiVersion: v1
kind: Pod
metadata:
  name: debug
spec:
  containers:
    - name: debug
      image: busybox:1.36
`,
    },
    {
      name: 'a replicas value the API would reject is not second-guessed',
      code: deployment.replace('replicas: 1', 'replicas: "1"'),
    },
    {
      name: 'an HPA minReplicas the API would reject is not second-guessed',
      code: noReplicas,
      files: { 'hpa.yaml': hpa('  minReplicas: "2"\n  maxReplicas: 10\n') },
    },
    {
      name: 'a kind from another API group is not a workload',
      code: deployment.replace('apiVersion: apps/v1', 'apiVersion: example.com/v1'),
    },
    {
      name: 'an HPA for a Deployment of the same name in another namespace still leaves this one at 3',
      code: deployment.replace('replicas: 1', 'replicas: 3'),
      files: { 'hpa.yaml': hpa('  minReplicas: 1\n  maxReplicas: 10\n').replace('  name: shop-api\nspec:', '  name: shop-api\n  namespace: other\nspec:') },
    },
  ],
  invalid: [
    {
      name: 'replicas: 1',
      code: deployment,
      errors: [
        {
          messageId: 'single',
          line: 6,
          column: 3,
          endLine: 6,
          endColumn: 11,
          severity: 'warning',
          output: null,
          suggestions: [{ messageId: 'setReplicas', output: deployment.replace('replicas: 1', 'replicas: 2') }],
        },
      ],
    },
    {
      name: 'replicas defaults to 1 and the fix adds it to spec',
      code: noReplicas,
      errors: [
        {
          messageId: 'single',
          line: 4,
          column: 3,
          endLine: 4,
          endColumn: 7,
          suggestions: [{ messageId: 'setReplicas', output: `${noReplicas}  replicas: 2\n` }],
        },
      ],
    },
    {
      name: 'with zone spread the fix writes 3 replicas, one per zone',
      code: zoneSpread,
      errors: [
        {
          messageId: 'single',
          line: 6,
          column: 3,
          endLine: 6,
          endColumn: 11,
          suggestions: [{ messageId: 'setReplicas', output: zoneSpread.replace('replicas: 1', 'replicas: 3') }],
        },
      ],
    },
    {
      name: 'preferredReplicas decides the number',
      code: deployment.replace('replicas: 1', 'replicas: 1 # bump for prod'),
      config: { preferredReplicas: 4 },
      errors: [
        {
          messageId: 'single',
          line: 6,
          column: 3,
          endLine: 6,
          endColumn: 11,
          suggestions: [{ messageId: 'setReplicas', output: deployment.replace('replicas: 1', 'replicas: 4 # bump for prod') }],
        },
      ],
    },
    {
      name: 'an HPA with minReplicas 1: the fix edits the HPA in its own file',
      code: noReplicas,
      files: { 'hpa.yaml': hpa('  minReplicas: 1 # scale in at night\n  maxReplicas: 10\n') },
      errors: [
        {
          messageId: 'singleAutoscaled',
          line: 4,
          column: 3,
          endLine: 4,
          endColumn: 7,
          suggestions: [
            { messageId: 'setAutoscalerMin', output: { 'hpa.yaml': hpa('  minReplicas: 2 # scale in at night\n  maxReplicas: 10\n') } },
          ],
        },
      ],
    },
    {
      name: 'an HPA whose minReplicas defaults to 1 overrides spec.replicas: 3',
      code: deployment.replace('replicas: 1', 'replicas: 3'),
      files: { 'hpa.yaml': hpa('  maxReplicas: 10\n') },
      errors: [
        {
          messageId: 'singleAutoscaled',
          line: 6,
          column: 3,
          endLine: 6,
          endColumn: 11,
          suggestions: [{ messageId: 'setAutoscalerMin', output: { 'hpa.yaml': hpa('  maxReplicas: 10\n  minReplicas: 2\n') } }],
        },
      ],
    },
    {
      name: 'an HPA pinned at 1 gets its maximum raised with its minimum',
      code: noReplicas,
      files: { 'hpa.yaml': hpa('  minReplicas: 1\n  maxReplicas: 1\n') },
      errors: [
        {
          messageId: 'singleAutoscaled',
          line: 4,
          column: 3,
          endLine: 4,
          endColumn: 7,
          suggestions: [{ messageId: 'setAutoscalerMin', output: { 'hpa.yaml': hpa('  minReplicas: 2\n  maxReplicas: 2\n') } }],
        },
      ],
    },
    {
      name: 'an HPA in the same file',
      code: `${noReplicas}---\n${hpa('  minReplicas: 1\n  maxReplicas: 5\n')}`,
      errors: [
        {
          messageId: 'singleAutoscaled',
          line: 4,
          column: 3,
          endLine: 4,
          endColumn: 7,
          suggestions: [{ messageId: 'setAutoscalerMin', output: `${noReplicas}---\n${hpa('  minReplicas: 2\n  maxReplicas: 5\n')}` }],
        },
      ],
    },
    {
      name: 'a service-facing KEDA target that scales to zero is not a queue worker',
      code: noReplicas,
      files: { 'scaledobject.yaml': scaledObject(''), 'service.yaml': service },
      errors: [
        {
          messageId: 'singleAutoscaled',
          line: 4,
          column: 3,
          endLine: 4,
          endColumn: 7,
          suggestions: [
            {
              messageId: 'setAutoscalerMin',
              output: {
                'scaledobject.yaml': scaledObject('').replace(
                  '        queueLength: "5"\n',
                  '        queueLength: "5"\n  minReplicaCount: 2\n',
                ),
              },
            },
          ],
        },
      ],
    },
    {
      name: 'a KEDA worker with minReplicaCount 1 and a maximum of 1',
      code: noReplicas,
      files: { 'scaledobject.yaml': scaledObject('  minReplicaCount: 1\n  maxReplicaCount: 1\n') },
      errors: [
        {
          messageId: 'singleAutoscaled',
          line: 4,
          column: 3,
          endLine: 4,
          endColumn: 7,
          suggestions: [
            { messageId: 'setAutoscalerMin', output: { 'scaledobject.yaml': scaledObject('  minReplicaCount: 2\n  maxReplicaCount: 2\n') } },
          ],
        },
      ],
    },
    {
      name: 'a leader-elected controller is info: a second replica is a hot standby',
      code: controller('["--leader-elect", "--metrics-bind-address=:8080"]'),
      errors: [
        {
          messageId: 'leaderElected',
          line: 7,
          column: 3,
          endLine: 7,
          endColumn: 11,
          severity: 'info',
          suggestions: [{ messageId: 'setReplicas', output: controller('["--leader-elect", "--metrics-bind-address=:8080"]').replace('replicas: 1', 'replicas: 2') }],
        },
      ],
    },
    {
      name: 'leader election in a shell command line',
      code: controller('\n            - /manager --enable-leader-election=true --zap-log-level=info'),
      errors: [
        {
          messageId: 'leaderElected',
          line: 7,
          column: 3,
          endLine: 7,
          endColumn: 11,
          severity: 'info',
          suggestions: [
            {
              messageId: 'setReplicas',
              output: controller('\n            - /manager --enable-leader-election=true --zap-log-level=info').replace('replicas: 1', 'replicas: 2'),
            },
          ],
        },
      ],
    },
    {
      name: 'leader election switched off is an ordinary singleton',
      code: controller('["--leader-elect=false"]'),
      errors: [
        {
          messageId: 'single',
          line: 7,
          column: 3,
          endLine: 7,
          endColumn: 11,
          severity: 'warning',
          suggestions: [{ messageId: 'setReplicas', output: controller('["--leader-elect=false"]').replace('replicas: 1', 'replicas: 2') }],
        },
      ],
    },
    {
      name: 'a StatefulSet without replicas',
      code: `apiVersion: apps/v1
kind: StatefulSet
metadata:
  name: queue
spec:
  serviceName: queue
  selector:
    matchLabels: {app: queue}
  template:
    metadata:
      labels: {app: queue}
    spec:
      containers:
      - name: rabbitmq
        image: rabbitmq:3.13
`,
      errors: [
        {
          messageId: 'single',
          line: 4,
          column: 3,
          endLine: 4,
          endColumn: 7,
          suggestions: [
            {
              messageId: 'setReplicas',
              output: `apiVersion: apps/v1
kind: StatefulSet
metadata:
  name: queue
spec:
  serviceName: queue
  selector:
    matchLabels: {app: queue}
  template:
    metadata:
      labels: {app: queue}
    spec:
      containers:
      - name: rabbitmq
        image: rabbitmq:3.13
  replicas: 2
`,
            },
          ],
        },
      ],
    },
    {
      name: 'an Argo Rollout with one replica',
      code: deployment.replace('apiVersion: apps/v1\nkind: Deployment', 'apiVersion: argoproj.io/v1alpha1\nkind: Rollout'),
      errors: [
        {
          messageId: 'single',
          line: 6,
          column: 3,
          endLine: 6,
          endColumn: 11,
          suggestions: [
            {
              messageId: 'setReplicas',
              output: deployment.replace('apiVersion: apps/v1\nkind: Deployment', 'apiVersion: argoproj.io/v1alpha1\nkind: Rollout').replace('replicas: 1', 'replicas: 2'),
            },
          ],
        },
      ],
    },
    {
      name: 'a ReplicationController with one replica',
      code: `apiVersion: v1
kind: ReplicationController
metadata:
  name: legacy
spec:
  replicas: 1
  selector:
    app: legacy
  template:
    metadata:
      labels:
        app: legacy
    spec:
      containers:
        - name: legacy
          image: shop/legacy:2.0.0
`,
      errors: [
        {
          messageId: 'single',
          line: 6,
          column: 3,
          endLine: 6,
          endColumn: 11,
          suggestions: [
            {
              messageId: 'setReplicas',
              output: `apiVersion: v1
kind: ReplicationController
metadata:
  name: legacy
spec:
  replicas: 2
  selector:
    app: legacy
  template:
    metadata:
      labels:
        app: legacy
    spec:
      containers:
        - name: legacy
          image: shop/legacy:2.0.0
`,
            },
          ],
        },
      ],
    },
  ],
});
