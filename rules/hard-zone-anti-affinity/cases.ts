import { defineCases } from '../../test/support/rule-tester';

/** A Deployment with pod spec `fields` before `containers` (from line 15 on). */
const deployment = (fields: string, { replicas = 6, kind = 'Deployment', spec = '' } = {}) => `apiVersion: apps/v1
kind: ${kind}
metadata:
  name: web
spec:
  replicas: ${replicas}
${spec}  selector:
    matchLabels:
      app: web
  template:
    metadata:
      labels:
        app: web
    spec:
${fields}      containers:
        - name: web
          image: web:1.0.0
`;

const requiredTerm = (key: string, app = 'web') => `            - labelSelector:
                matchLabels:
                  app: ${app}
              topologyKey: ${key}
`;
const required = (terms: string) => `      affinity:
        podAntiAffinity:
          requiredDuringSchedulingIgnoredDuringExecution:
${terms}`;
const zoneRequired = required(requiredTerm('topology.kubernetes.io/zone'));

const preferredZone = `      affinity:
        podAntiAffinity:
          preferredDuringSchedulingIgnoredDuringExecution:
            - weight: 100
              podAffinityTerm:
                labelSelector:
                  matchLabels:
                    app: web
                topologyKey: topology.kubernetes.io/zone
`;

const zoneConstraint = (extra = '', when = 'DoNotSchedule') => `      topologySpreadConstraints:
        - maxSkew: 1
          topologyKey: topology.kubernetes.io/zone
          whenUnsatisfiable: ${when}
${extra}          labelSelector:
            matchLabels:
              app: web
`;

const hpa = (max: number) => `apiVersion: autoscaling/v2
kind: HorizontalPodAutoscaler
metadata:
  name: web
spec:
  scaleTargetRef:
    apiVersion: apps/v1
    kind: Deployment
    name: web
  minReplicas: 3
  maxReplicas: ${max}
`;

export default defineCases({
  valid: [
    { name: 'preferred zone anti-affinity, as the EKS data-plane page shows it', code: deployment(preferredZone) },
    { name: 'required anti-affinity on the hostname (one pod per node)', code: deployment(required(requiredTerm('kubernetes.io/hostname')), { replicas: 10 }) },
    {
      name: 'required zone anti-affinity towards another application',
      code: deployment(required(requiredTerm('topology.kubernetes.io/zone', 'cache')), { replicas: 6 }),
    },
    {
      name: 'one replica per zone, with a rollout that removes a pod before adding one',
      code: deployment(zoneRequired, { replicas: 3, spec: '  strategy:\n    rollingUpdate:\n      maxSurge: 0\n      maxUnavailable: 1\n' }),
    },
    { name: 'one replica per zone with the Recreate strategy', code: deployment(zoneRequired, { replicas: 3, spec: '  strategy:\n    type: Recreate\n' }) },
    { name: 'a StatefulSet replaces pods one at a time, without surge', code: deployment(zoneRequired, { replicas: 3, kind: 'StatefulSet' }) },
    {
      name: 'matchLabelKeys on pod-template-hash: old pods do not count during a rollout',
      code: deployment(
        required(`${requiredTerm('topology.kubernetes.io/zone')}              matchLabelKeys:
                - pod-template-hash
`),
        { replicas: 3 },
      ),
    },
    { name: 'fewer replicas than zones', code: deployment(zoneRequired, { replicas: 2 }) },
    { name: 'more zones configured', code: deployment(zoneRequired, { replicas: 6 }), config: { zones: 6 } },
    { name: 'a single-zone cluster (zones: 1)', code: deployment(zoneRequired), config: { zones: 1 } },
    { name: 'a zone spread that schedules anyway', code: deployment(zoneConstraint('', 'ScheduleAnyway')) },
    { name: 'DoNotSchedule that honors node taints', code: deployment(zoneConstraint('          nodeTaintsPolicy: Honor\n')) },
    {
      name: 'DoNotSchedule on the hostname',
      code: deployment(zoneConstraint().replace('topology.kubernetes.io/zone', 'kubernetes.io/hostname')),
    },
    { name: 'a single replica cannot be blocked by its own spread', code: deployment(zoneConstraint(), { replicas: 1 }) },
    {
      name: 'a Helm hook',
      code: deployment(zoneRequired).replace('  name: web\n', '  name: web\n  annotations:\n    helm.sh/hook: post-install\n'),
    },
  ],
  invalid: [
    {
      name: 'six replicas that each need their own zone: the fix makes the term preferred',
      code: deployment(zoneRequired),
      errors: [
        {
          messageId: 'requiredExceedsZones',
          line: 21,
          column: 28,
          endLine: 21,
          endColumn: 55,
          severity: 'warning',
          output: null,
          suggestions: [{ messageId: 'makePreferred', output: deployment(preferredZone) }],
        },
      ],
    },
    {
      name: 'an HPA that scales past the zone count',
      code: deployment(zoneRequired, { replicas: 3, spec: '  strategy:\n    type: Recreate\n' }),
      files: { 'hpa.yaml': hpa(12) },
      errors: [
        {
          messageId: 'requiredExceedsZones',
          line: 23,
          column: 28,
          endLine: 23,
          endColumn: 55,
          suggestions: [{ messageId: 'makePreferred', output: deployment(preferredZone, { replicas: 3, spec: '  strategy:\n    type: Recreate\n' }) }],
        },
      ],
    },
    {
      name: 'one replica per zone and the default rolling update: the surge pod never schedules',
      code: deployment(zoneRequired, { replicas: 3 }),
      errors: [
        {
          messageId: 'requiredBlocksRollout',
          line: 21,
          column: 28,
          endLine: 21,
          endColumn: 55,
          suggestions: [{ messageId: 'makePreferred', output: deployment(preferredZone, { replicas: 3 }) }],
        },
      ],
    },
    {
      name: 'the zone term moves out of a required list it shares, into an existing preferred list',
      code: deployment(`      affinity:
        podAntiAffinity:
          requiredDuringSchedulingIgnoredDuringExecution:
${requiredTerm('kubernetes.io/hostname')}${requiredTerm('topology.kubernetes.io/zone')}          preferredDuringSchedulingIgnoredDuringExecution:
            - weight: 10
              podAffinityTerm:
                labelSelector:
                  matchLabels:
                    app: cache
                topologyKey: kubernetes.io/hostname
`),
      errors: [
        {
          messageId: 'requiredExceedsZones',
          line: 25,
          column: 28,
          endLine: 25,
          endColumn: 55,
          suggestions: [
            {
              messageId: 'makePreferred',
              output: deployment(`      affinity:
        podAntiAffinity:
          requiredDuringSchedulingIgnoredDuringExecution:
${requiredTerm('kubernetes.io/hostname')}          preferredDuringSchedulingIgnoredDuringExecution:
            - weight: 10
              podAffinityTerm:
                labelSelector:
                  matchLabels:
                    app: cache
                topologyKey: kubernetes.io/hostname
            - weight: 100
              podAffinityTerm:
                labelSelector:
                  matchLabels:
                    app: web
                topologyKey: topology.kubernetes.io/zone
`),
            },
          ],
        },
      ],
    },
    {
      name: 'a term with comments is reported without a fix, so the comments are not lost',
      code: deployment(`      affinity:
        podAntiAffinity:
          requiredDuringSchedulingIgnoredDuringExecution:
            - labelSelector:
                matchLabels:
                  app: web # our own pods
              topologyKey: topology.kubernetes.io/zone
`),
      errors: [{ messageId: 'requiredExceedsZones', line: 21, column: 28, endLine: 21, endColumn: 55, output: null }],
    },
    {
      name: 'a zone spread with DoNotSchedule: info, schedule anyway or honor taints',
      code: deployment(zoneConstraint()),
      errors: [
        {
          messageId: 'doNotSchedule',
          line: 18,
          column: 30,
          endLine: 18,
          endColumn: 43,
          severity: 'info',
          output: null,
          suggestions: [
            { messageId: 'scheduleAnyway', output: deployment(zoneConstraint('', 'ScheduleAnyway')) },
            { messageId: 'honorTaints', output: deployment(zoneConstraint().concat('          nodeTaintsPolicy: Honor\n')) },
          ],
        },
      ],
    },
    {
      name: 'minDomains makes DoNotSchedule stricter during an AZ outage, even with Honor',
      code: deployment(zoneConstraint('          minDomains: 3\n          nodeTaintsPolicy: Honor\n')),
      errors: [
        {
          messageId: 'doNotScheduleMinDomains',
          line: 18,
          column: 30,
          endLine: 18,
          endColumn: 43,
          severity: 'info',
          suggestions: [
            { messageId: 'scheduleAnyway', output: deployment(zoneConstraint('          nodeTaintsPolicy: Honor\n', 'ScheduleAnyway')) },
            { messageId: 'dropMinDomains', output: deployment(zoneConstraint('          nodeTaintsPolicy: Honor\n')) },
          ],
        },
      ],
    },
    {
      name: 'minDomains without Honor',
      code: deployment(zoneConstraint('          minDomains: 3\n')),
      errors: [
        {
          messageId: 'doNotScheduleMinDomains',
          line: 18,
          column: 30,
          endLine: 18,
          endColumn: 43,
          severity: 'info',
          suggestions: [
            { messageId: 'scheduleAnyway', output: deployment(zoneConstraint('', 'ScheduleAnyway')) },
            {
              messageId: 'dropMinDomainsAndHonorTaints',
              output: deployment(zoneConstraint().concat('          nodeTaintsPolicy: Honor\n')),
            },
          ],
        },
      ],
    },
    {
      name: 'a ScheduleAnyway zone constraint exists already: switching would repeat its pair, so only Honor is offered',
      code: deployment(`${zoneConstraint()}        - maxSkew: 2
          topologyKey: topology.kubernetes.io/zone
          whenUnsatisfiable: ScheduleAnyway
          labelSelector:
            matchLabels:
              app: web
`),
      errors: [
        {
          messageId: 'doNotSchedule',
          line: 18,
          column: 30,
          endLine: 18,
          endColumn: 43,
          severity: 'info',
          suggestions: [
            {
              messageId: 'honorTaints',
              output: deployment(`${zoneConstraint()}          nodeTaintsPolicy: Honor
        - maxSkew: 2
          topologyKey: topology.kubernetes.io/zone
          whenUnsatisfiable: ScheduleAnyway
          labelSelector:
            matchLabels:
              app: web
`),
            },
          ],
        },
      ],
    },
    {
      name: 'before Kubernetes 1.26 nodeTaintsPolicy is not on by default, so only ScheduleAnyway is offered',
      code: deployment(zoneConstraint()),
      config: { kubernetesVersion: '1.25' },
      errors: [
        {
          messageId: 'doNotSchedule',
          line: 18,
          column: 30,
          endLine: 18,
          endColumn: 43,
          severity: 'info',
          suggestions: [{ messageId: 'scheduleAnyway', output: deployment(zoneConstraint('', 'ScheduleAnyway')) }],
        },
      ],
    },
  ],
});
