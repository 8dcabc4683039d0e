import { defineCases } from '../../test/support/rule-tester';

/** A replicated Deployment; `fields` are pod spec fields placed before `containers` (line 15 on). */
const deployment = (fields = '') => `apiVersion: apps/v1
kind: Deployment
metadata:
  name: api
spec:
  replicas: 3
  selector:
    matchLabels:
      app: api
  template:
    metadata:
      labels:
        app: api
    spec:
${fields}      containers:
        - name: api
          image: api:2.4.1
`;
const api = deployment();

const spreadBlock = `      topologySpreadConstraints:
        - maxSkew: 1
          topologyKey: topology.kubernetes.io/zone
          whenUnsatisfiable: ScheduleAnyway
          labelSelector:
            matchLabels:
              app: api
          matchLabelKeys:
            - pod-template-hash
        - maxSkew: 1
          topologyKey: kubernetes.io/hostname
          whenUnsatisfiable: ScheduleAnyway
          labelSelector:
            matchLabels:
              app: api
`;

const pinnedBySelector = deployment(`      nodeSelector:
        topology.kubernetes.io/zone: us-east-1a
`);

/** Required node affinity with the given nodeSelectorTerms (already indented as list items). */
const affinity = (terms: string) => deployment(`      affinity:
        nodeAffinity:
          requiredDuringSchedulingIgnoredDuringExecution:
            nodeSelectorTerms:
${terms}`);

const zoneTerm = (...zones: string[]) => `              - matchExpressions:
                  - key: topology.kubernetes.io/zone
                    operator: In
                    values: [${zones.join(', ')}]
`;

const service = `apiVersion: v1
kind: Service
metadata:
  name: api
spec:
  selector:
    app: api
  ports:
    - port: 80
      targetPort: 8080
`;

/** A per-zone "cell": the same workload for another zone, with its own zone label (EKS cost-networking pattern). */
const cell = (zone: string, suffix: string) => `apiVersion: apps/v1
kind: Deployment
metadata:
  name: api-${suffix}
spec:
  replicas: 3
  selector:
    matchLabels:
      app: api
      zone: ${suffix}
  template:
    metadata:
      labels:
        app: api
        zone: ${suffix}
    spec:
      nodeSelector:
        topology.kubernetes.io/zone: ${zone}
      containers:
        - name: api
          image: api:2.4.1
`;

export default defineCases({
  valid: [
    { name: 'a nodeSelector on a label other than the zone', code: deployment(`      nodeSelector:\n        kubernetes.io/os: linux\n`) },
    { name: 'ORed node affinity terms that allow two zones', code: affinity(zoneTerm('us-east-1a') + zoneTerm('us-east-1b')) },
    { name: 'one node affinity term that allows two zones', code: affinity(zoneTerm('us-east-1a', 'us-east-1b')) },
    {
      name: 'a zone excluded with NotIn',
      code: affinity(`              - matchExpressions:
                  - {key: topology.kubernetes.io/zone, operator: NotIn, values: [us-east-1c]}
`),
    },
    {
      name: 'one term pins a zone but another term allows any zone',
      code: affinity(
        zoneTerm('us-east-1a') +
          `              - matchExpressions:
                  - {key: node.kubernetes.io/instance-type, operator: In, values: [m7g.large]}
`,
      ),
    },
    {
      name: 'a zone name in one term and an AZ ID in another may be two zones',
      code: affinity(
        zoneTerm('us-east-1a') +
          `              - matchExpressions:
                  - {key: topology.k8s.aws/zone-id, operator: In, values: [use1-az4]}
`,
      ),
    },
    {
      name: 'preferred node affinity only prefers the zone',
      code: deployment(`      affinity:
        nodeAffinity:
          preferredDuringSchedulingIgnoredDuringExecution:
            - weight: 100
              preference:
                matchExpressions:
                  - {key: topology.kubernetes.io/zone, operator: In, values: [us-east-1a]}
`),
    },
    { name: 'a single replica that no Service selects', code: pinnedBySelector.replace('replicas: 3', 'replicas: 1') },
    { name: 'a parked Deployment', code: pinnedBySelector.replace('replicas: 3', 'replicas: 0'), files: { 'service.yaml': service } },
    {
      name: 'DaemonSets follow their nodes',
      code: pinnedBySelector.replace('kind: Deployment', 'kind: DaemonSet').replace('  replicas: 3\n', ''),
    },
    {
      name: 'Jobs run to completion',
      code: `apiVersion: batch/v1
kind: Job
metadata:
  name: backfill
spec:
  parallelism: 4
  template:
    spec:
      restartPolicy: OnFailure
      nodeSelector:
        topology.kubernetes.io/zone: us-east-1a
      containers:
        - name: backfill
          image: backfill:1.0.0
`,
    },
    { name: 'a single-zone cluster (zones: 1)', code: pinnedBySelector, config: { zones: 1 } },
    {
      name: 'a Helm hook',
      code: pinnedBySelector.replace('  name: api\n', '  name: api\n  annotations:\n    helm.sh/hook: pre-install\n'),
    },
    {
      name: 'per-zone cells: sibling Deployments pinned to different zones',
      code: cell('us-east-1a', 'a'),
      files: { 'cells.yaml': `${cell('us-east-1b', 'b')}---\n${cell('us-east-1c', 'c')}` },
    },
    {
      name: 'per-zone cells told apart by a label whose value names the zone',
      code: cell('us-east-1a', 'a').replace(/zone: a$/gm, 'placement: us-east-1a'),
      files: { 'cells.yaml': cell('us-east-1b', 'b').replace(/zone: b$/gm, 'placement: us-east-1b') },
    },
  ],
  invalid: [
    {
      name: 'nodeSelector pins the zone: the pin goes and the spread block comes in',
      code: pinnedBySelector,
      errors: [
        {
          messageId: 'pinned',
          line: 16,
          column: 9,
          endLine: 16,
          endColumn: 36,
          severity: 'warning',
          output: null,
          suggestions: [{ messageId: 'unpinAndSpread', output: api + spreadBlock }],
        },
      ],
    },
    {
      name: 'only the zone key leaves a nodeSelector that selects more',
      code: deployment(`      nodeSelector:
        kubernetes.io/os: linux
        topology.kubernetes.io/zone: us-east-1a
        karpenter.sh/capacity-type: on-demand
`),
      errors: [
        {
          messageId: 'pinned',
          line: 17,
          column: 9,
          endLine: 17,
          endColumn: 36,
          suggestions: [
            {
              messageId: 'unpinAndSpread',
              output: deployment(`      nodeSelector:
        kubernetes.io/os: linux
        karpenter.sh/capacity-type: on-demand
`) + spreadBlock,
            },
          ],
        },
      ],
    },
    {
      name: 'the AZ ID label topology.k8s.aws/zone-id',
      code: deployment(`      nodeSelector:
        topology.k8s.aws/zone-id: use1-az1
`),
      errors: [
        {
          messageId: 'pinned',
          line: 16,
          column: 9,
          endLine: 16,
          endColumn: 33,
          suggestions: [{ messageId: 'unpinAndSpread', output: api + spreadBlock }],
        },
      ],
    },
    {
      name: 'required node affinity that allows one zone: the whole affinity goes',
      code: affinity(zoneTerm('us-east-1a')),
      errors: [
        {
          messageId: 'pinned',
          line: 17,
          column: 11,
          endLine: 17,
          endColumn: 57,
          suggestions: [{ messageId: 'unpinAndSpread', output: api + spreadBlock }],
        },
      ],
    },
    {
      name: 'ORed terms that all allow the same zone',
      code: affinity(
        zoneTerm('us-east-1a') +
          `              - matchExpressions:
                  - {key: topology.kubernetes.io/zone, operator: In, values: [us-east-1a]}
                  - {key: karpenter.sh/capacity-type, operator: In, values: [spot]}
`,
      ),
      errors: [{ messageId: 'pinned', line: 17, column: 11, endLine: 17, endColumn: 57, suggestions: [] }],
    },
    {
      name: 'a zone restriction next to other requirements becomes Exists',
      code: deployment(`      affinity:
        nodeAffinity:
          requiredDuringSchedulingIgnoredDuringExecution:
            nodeSelectorTerms:
              - matchExpressions:
                  - key: node.kubernetes.io/instance-type
                    operator: In
                    values: [m7g.large, m7g.xlarge]
                  - key: topology.kubernetes.io/zone
                    operator: In
                    values:
                      - us-east-1a
`),
      errors: [
        {
          messageId: 'pinned',
          line: 17,
          column: 11,
          endLine: 17,
          endColumn: 57,
          suggestions: [
            {
              messageId: 'unpinAndSpread',
              output: deployment(`      affinity:
        nodeAffinity:
          requiredDuringSchedulingIgnoredDuringExecution:
            nodeSelectorTerms:
              - matchExpressions:
                  - key: node.kubernetes.io/instance-type
                    operator: In
                    values: [m7g.large, m7g.xlarge]
                  - key: topology.kubernetes.io/zone
                    operator: Exists
`) + spreadBlock,
            },
          ],
        },
      ],
    },
    {
      name: 'nodeSelector and node affinity are ANDed: the nodeSelector pin wins over an affinity for two zones',
      code: deployment(`      nodeSelector:
        topology.kubernetes.io/zone: us-east-1b
      affinity:
        nodeAffinity:
          requiredDuringSchedulingIgnoredDuringExecution:
            nodeSelectorTerms:
${zoneTerm('us-east-1a', 'us-east-1b')}`),
      errors: [
        {
          messageId: 'pinned',
          line: 16,
          column: 9,
          endLine: 16,
          endColumn: 36,
          suggestions: [
            {
              messageId: 'unpinAndSpread',
              output: deployment(`      affinity:
        nodeAffinity:
          requiredDuringSchedulingIgnoredDuringExecution:
            nodeSelectorTerms:
${zoneTerm('us-east-1a', 'us-east-1b')}`) + spreadBlock,
            },
          ],
        },
      ],
    },
    {
      name: 'both pins are removed, and existing pod anti-affinity stays',
      code: deployment(`      nodeSelector:
        topology.kubernetes.io/zone: us-east-1a
      affinity:
        podAntiAffinity:
          preferredDuringSchedulingIgnoredDuringExecution:
            - weight: 100
              podAffinityTerm:
                labelSelector:
                  matchLabels:
                    app: api
                topologyKey: kubernetes.io/hostname
        nodeAffinity:
          requiredDuringSchedulingIgnoredDuringExecution:
            nodeSelectorTerms:
${zoneTerm('us-east-1a')}`),
      errors: [
        {
          messageId: 'pinned',
          line: 16,
          column: 9,
          endLine: 16,
          endColumn: 36,
          suggestions: [
            {
              messageId: 'unpinAndSpread',
              output: deployment(`      affinity:
        podAntiAffinity:
          preferredDuringSchedulingIgnoredDuringExecution:
            - weight: 100
              podAffinityTerm:
                labelSelector:
                  matchLabels:
                    app: api
                topologyKey: kubernetes.io/hostname
`) +
                `      topologySpreadConstraints:
        - maxSkew: 1
          topologyKey: topology.kubernetes.io/zone
          whenUnsatisfiable: ScheduleAnyway
          labelSelector:
            matchLabels:
              app: api
          matchLabelKeys:
            - pod-template-hash
`,
            },
          ],
        },
      ],
    },
    {
      name: 'a service-facing single replica: the pin goes, no spread is added',
      code: pinnedBySelector.replace('replicas: 3', 'replicas: 1'),
      files: { 'service.yaml': service },
      errors: [
        {
          messageId: 'pinned',
          line: 16,
          column: 9,
          endLine: 16,
          endColumn: 36,
          suggestions: [{ messageId: 'unpin', output: api.replace('replicas: 3', 'replicas: 1') }],
        },
      ],
    },
    {
      name: 'a service-facing bare Pod',
      code: `apiVersion: v1
kind: Pod
metadata:
  name: api
  labels:
    app: api
spec:
  nodeSelector:
    failure-domain.beta.kubernetes.io/zone: eu-west-1b
  containers:
    - name: api
      image: api:2.4.1
`,
      files: { 'service.yaml': service },
      errors: [
        {
          messageId: 'pinned',
          line: 9,
          column: 5,
          endLine: 9,
          endColumn: 43,
          suggestions: [
            {
              messageId: 'unpin',
              output: `apiVersion: v1
kind: Pod
metadata:
  name: api
  labels:
    app: api
spec:
  containers:
    - name: api
      image: api:2.4.1
`,
            },
          ],
        },
      ],
    },
    {
      name: 'an HPA scales a pinned one-replica Deployment out',
      code: pinnedBySelector.replace('  replicas: 3\n', ''),
      files: {
        'hpa.yaml': `apiVersion: autoscaling/v2
kind: HorizontalPodAutoscaler
metadata:
  name: api
spec:
  scaleTargetRef:
    apiVersion: apps/v1
    kind: Deployment
    name: api
  minReplicas: 1
  maxReplicas: 8
`,
      },
      errors: [
        {
          messageId: 'pinned',
          line: 15,
          column: 9,
          endLine: 15,
          endColumn: 36,
          suggestions: [{ messageId: 'unpinAndSpread', output: api.replace('  replicas: 3\n', '') + spreadBlock }],
        },
      ],
    },
    {
      name: 'a sibling pinned to the same zone is no cell design',
      code: cell('us-east-1a', 'a'),
      files: { 'other.yaml': cell('us-east-1a', 'b').replace('api-b', 'api-canary') },
      errors: [
        {
          messageId: 'pinned',
          line: 18,
          column: 9,
          endLine: 18,
          endColumn: 36,
          suggestions: [
            {
              messageId: 'unpinAndSpread',
              output: `apiVersion: apps/v1
kind: Deployment
metadata:
  name: api-a
spec:
  replicas: 3
  selector:
    matchLabels:
      app: api
      zone: a
  template:
    metadata:
      labels:
        app: api
        zone: a
    spec:
      containers:
        - name: api
          image: api:2.4.1
      topologySpreadConstraints:
        - maxSkew: 1
          topologyKey: topology.kubernetes.io/zone
          whenUnsatisfiable: ScheduleAnyway
          labelSelector:
            matchLabels:
              app: api
              zone: a
          matchLabelKeys:
            - pod-template-hash
        - maxSkew: 1
          topologyKey: kubernetes.io/hostname
          whenUnsatisfiable: ScheduleAnyway
          labelSelector:
            matchLabels:
              app: api
              zone: a
`,
            },
          ],
        },
      ],
    },
    {
      name: 'workloads of another application pinned to other zones are no cells',
      code: pinnedBySelector,
      files: { 'worker.yaml': cell('us-east-1b', 'b').replace(/app: api$/gm, 'app: worker') },
      errors: [
        {
          messageId: 'pinned',
          line: 16,
          column: 9,
          endLine: 16,
          endColumn: 36,
          suggestions: [{ messageId: 'unpinAndSpread', output: api + spreadBlock }],
        },
      ],
    },
  ],
});
