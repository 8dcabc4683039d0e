import { defineCases } from '../../test/support/rule-tester';

/** The Service; `annotations` lines go under metadata (line 5 on), `extra` at the end of spec. */
const service = ({ annotations = '', extra = '' } = {}) => `apiVersion: v1
kind: Service
metadata:
  name: orders
${annotations ? `  annotations:\n${annotations}` : ''}spec:
  selector:
    app: orders
  ports:
    - port: 80
      targetPort: 8080
${extra}`;

const deployment = ({ replicas = 3, kind = 'Deployment', fields = '' } = {}) => `apiVersion: apps/v1
kind: ${kind}
metadata:
  name: orders
spec:
${kind === 'DaemonSet' ? '' : `  replicas: ${replicas}\n`}  selector:
    matchLabels:
      app: orders
  template:
    metadata:
      labels:
        app: orders
    spec:
      containers:
        - name: orders
          image: orders:3.1.0
${fields}`;

const spreadBlock = `      topologySpreadConstraints:
        - maxSkew: 1
          topologyKey: topology.kubernetes.io/zone
          whenUnsatisfiable: ScheduleAnyway
          labelSelector:
            matchLabels:
              app: orders
          matchLabelKeys:
            - pod-template-hash
        - maxSkew: 1
          topologyKey: kubernetes.io/hostname
          whenUnsatisfiable: ScheduleAnyway
          labelSelector:
            matchLabels:
              app: orders
`;
const spread = (replicas = 3) => deployment({ replicas, fields: spreadBlock });

const local = '  internalTrafficPolicy: Local\n';
const topologyMode = '    service.kubernetes.io/topology-mode: Auto\n';
const preferClose = '  trafficDistribution: PreferClose\n';

const hpa = (min: number) => `apiVersion: autoscaling/v2
kind: HorizontalPodAutoscaler
metadata:
  name: orders
spec:
  scaleTargetRef:
    apiVersion: apps/v1
    kind: Deployment
    name: orders
  minReplicas: ${min}
  maxReplicas: 12
`;

export default defineCases({
  valid: [
    { name: 'Local in front of a DaemonSet, which has an endpoint on every node', code: service({ extra: local }), files: { 'ds.yaml': deployment({ kind: 'DaemonSet' }) } },
    { name: 'Local with no backends in the project: nothing to judge', code: service({ extra: local }) },
    {
      name: 'Local with its clients required on the same nodes (the EKS cost guide\'s pod affinity pattern)',
      code: service({ extra: local }),
      files: {
        'deploy.yaml': deployment(),
        'graphql.yaml': `apiVersion: apps/v1
kind: Deployment
metadata:
  name: graphql
spec:
  replicas: 3
  selector:
    matchLabels:
      app: graphql
  template:
    metadata:
      labels:
        app: graphql
    spec:
      affinity:
        podAffinity:
          requiredDuringSchedulingIgnoredDuringExecution:
            - labelSelector:
                matchExpressions:
                  - key: app
                    operator: In
                    values: [orders]
              topologyKey: kubernetes.io/hostname
      containers:
        - name: graphql
          image: graphql:0.1.6
`,
      },
    },
    { name: 'the default Cluster policy', code: service({ extra: '  internalTrafficPolicy: Cluster\n' }), files: { 'deploy.yaml': deployment() } },
    { name: 'a headless Service is not proxied', code: service({ extra: `  clusterIP: None\n${local}` }), files: { 'deploy.yaml': deployment() } },
    { name: 'Topology Aware Routing with a spread workload of three replicas', code: service({ annotations: topologyMode }), files: { 'deploy.yaml': spread() } },
    {
      name: 'PreferClose with a spread workload whose HPA keeps one replica per zone',
      code: service({ extra: preferClose }),
      files: { 'deploy.yaml': spread(1), 'hpa.yaml': hpa(3) },
    },
    {
      name: 'per-zone cells behind Topology Aware Routing (one Deployment pinned to each zone)',
      code: service({ annotations: topologyMode }),
      files: {
        'cells.yaml': ['us-east-1a', 'us-east-1b', 'us-east-1c']
          .map((zone) =>
            deployment({ fields: `      nodeSelector:\n        topology.kubernetes.io/zone: ${zone}\n` })
              .replace('  name: orders\n', `  name: orders-${zone}\n`)
              .replace(/app: orders\n/g, `app: orders\n        zone: ${zone}\n`)
              .replace('    matchLabels:\n      app: orders\n        zone', '    matchLabels:\n      app: orders\n      zone'),
          )
          .join('---\n'),
      },
    },
    { name: 'Topology Aware Routing in front of a DaemonSet', code: service({ annotations: topologyMode }), files: { 'ds.yaml': deployment({ kind: 'DaemonSet' }) } },
    { name: 'topology-mode Disabled', code: service({ annotations: '    service.kubernetes.io/topology-mode: Disabled\n' }), files: { 'deploy.yaml': deployment() } },
    {
      name: 'topology-mode wins over the deprecated annotation',
      code: service({ annotations: `    service.kubernetes.io/topology-mode: Disabled\n    service.kubernetes.io/topology-aware-hints: auto\n` }),
      files: { 'deploy.yaml': deployment() },
    },
    { name: 'a single-zone cluster (zones: 1)', code: service({ extra: preferClose }), files: { 'deploy.yaml': deployment() }, config: { zones: 1 } },
    {
      name: 'an ExternalName Service selects nothing',
      code: `apiVersion: v1
kind: Service
metadata:
  name: orders
spec:
  type: ExternalName
  externalName: orders.example.com
  selector:
    app: orders
  internalTrafficPolicy: Local
`,
      files: { 'deploy.yaml': deployment() },
    },
  ],
  invalid: [
    {
      name: 'internalTrafficPolicy: Local in front of a Deployment drops traffic: the safe fix removes it',
      code: service({ extra: local }),
      files: { 'deploy.yaml': deployment() },
      errors: [
        {
          messageId: 'localPolicy',
          line: 11,
          column: 26,
          endLine: 11,
          endColumn: 31,
          severity: 'warning',
          output: null,
          suggestions: [{ messageId: 'removeLocalPolicy', output: service() }],
        },
      ],
    },
    {
      name: 'a Deployment beside a DaemonSet behind the same Local Service',
      code: service({ extra: local }),
      files: { 'ds.yaml': deployment({ kind: 'DaemonSet' }).replace('name: orders\nspec', 'name: orders-agent\nspec'), 'deploy.yaml': deployment() },
      errors: [{ messageId: 'localPolicy', line: 11, column: 26, endLine: 11, endColumn: 31, suggestions: [{ messageId: 'removeLocalPolicy', output: service() }] }],
    },
    {
      name: 'Topology Aware Routing in front of an unspread Deployment: the quick-fix spreads it, in its own file',
      code: service({ annotations: topologyMode }),
      files: { 'deploy.yaml': deployment() },
      errors: [
        {
          messageId: 'hintsWithoutSpread',
          line: 6,
          column: 42,
          endLine: 6,
          endColumn: 46,
          severity: 'warning',
          output: null,
          suggestions: [{ messageId: 'addSpread', output: { 'deploy.yaml': spread() } }],
        },
      ],
    },
    {
      name: 'PreferClose with two spread replicas for three zones',
      code: service({ extra: preferClose }),
      files: { 'deploy.yaml': spread(2) },
      errors: [{ messageId: 'hintsTooFewReplicas', line: 11, column: 24, endLine: 11, endColumn: 35, output: null }],
    },
    {
      name: 'the deprecated topology-aware-hints annotation and an HPA minimum below the zone count',
      code: service({ annotations: '    service.kubernetes.io/topology-aware-hints: auto\n' }),
      files: { 'deploy.yaml': spread(3), 'hpa.yaml': hpa(2) },
      errors: [{ messageId: 'hintsTooFewReplicas', line: 6, column: 49, endLine: 6, endColumn: 53 }],
    },
    {
      name: 'both Local and PreferClose in one Service, the workload in the same file',
      code: `${service({ extra: local + preferClose })}---\n${deployment()}`,
      errors: [
        {
          messageId: 'localPolicy',
          line: 11,
          column: 26,
          endLine: 11,
          endColumn: 31,
          suggestions: [{ messageId: 'removeLocalPolicy', output: `${service({ extra: preferClose })}---\n${deployment()}` }],
        },
        {
          messageId: 'hintsWithoutSpread',
          line: 12,
          column: 24,
          endLine: 12,
          endColumn: 35,
          suggestions: [{ messageId: 'addSpread', output: `${service({ extra: local + preferClose })}---\n${spread()}` }],
        },
      ],
    },
  ],
});
