import { defineCases } from '../../test/support/rule-tester';

/** A Deployment with no spread, in the indented sequence style (`containers:\n  - name`). */
const deployment = `apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
spec:
  replicas: 3
  selector:
    matchLabels:
      app: web
  template:
    metadata:
      labels:
        app: web
    spec:
      containers:
        - name: web
          image: web:1.0.0
`;

const zoneConstraint = `        - maxSkew: 1
          topologyKey: topology.kubernetes.io/zone
          whenUnsatisfiable: ScheduleAnyway
          labelSelector:
            matchLabels:
              app: web
          matchLabelKeys:
            - pod-template-hash
`;

const hostnameConstraint = `        - maxSkew: 1
          topologyKey: kubernetes.io/hostname
          whenUnsatisfiable: ScheduleAnyway
          labelSelector:
            matchLabels:
              app: web
`;

const spreadBlock = `      topologySpreadConstraints:
${zoneConstraint}${hostnameConstraint}`;

/** The same Deployment in the compact sequence style (`containers:\n- name`). */
const compact = `apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
spec:
  replicas: 3
  selector:
    matchLabels:
      app: web
  template:
    metadata:
      labels:
        app: web
    spec:
      containers:
      - name: web
        image: web:1.0.0
`;

/** Zone and hostname spread, as the EKS data-plane page recommends. */
const spread = deployment + spreadBlock;

const hpa = (max: number) => `apiVersion: autoscaling/v2
kind: HorizontalPodAutoscaler
metadata:
  name: web
spec:
  scaleTargetRef:
    apiVersion: apps/v1
    kind: Deployment
    name: web
  minReplicas: 2
  maxReplicas: ${max}
`;

/** The EKS application page's anti-affinity example: preferred, on the zone and the hostname, with matchExpressions. */
const antiAffinity = `apiVersion: apps/v1
kind: Deployment
metadata:
  name: spread-host-az
  labels:
    app: web-server
spec:
  replicas: 4
  selector:
    matchLabels:
      app: web-server
  template:
    metadata:
      labels:
        app: web-server
    spec:
      affinity:
        podAntiAffinity:
          preferredDuringSchedulingIgnoredDuringExecution:
          - podAffinityTerm:
              labelSelector:
                matchExpressions:
                - key: app
                  operator: In
                  values:
                  - web-server
              topologyKey: topology.kubernetes.io/zone
            weight: 100
          - podAffinityTerm:
              labelSelector:
                matchExpressions:
                - key: app
                  operator: In
                  values:
                  - web-server
              topologyKey: kubernetes.io/hostname
            weight: 99
      containers:
      - name: web-app
        image: nginx:1.16-alpine
`;

export default defineCases({
  valid: [
    { name: 'zone and hostname topology spread constraints that select the pods', code: spread },
    { name: 'preferred pod anti-affinity on the zone and the hostname (the EKS example)', code: antiAffinity },
    {
      name: 'required zone anti-affinity plus a hostname constraint',
      code: `${deployment}      affinity:
        podAntiAffinity:
          requiredDuringSchedulingIgnoredDuringExecution:
            - labelSelector:
                matchLabels:
                  app: web
              topologyKey: topology.kubernetes.io/zone
      topologySpreadConstraints:
${hostnameConstraint}`,
    },
    {
      name: 'constraints whose selectors use matchExpressions',
      code: `${deployment}      topologySpreadConstraints:
        - maxSkew: 1
          topologyKey: topology.kubernetes.io/zone
          whenUnsatisfiable: ScheduleAnyway
          labelSelector:
            matchExpressions:
              - {key: app, operator: In, values: [web, web-canary]}
        - maxSkew: 1
          topologyKey: kubernetes.io/hostname
          whenUnsatisfiable: DoNotSchedule
          labelSelector:
            matchExpressions:
              - {key: app, operator: Exists}
`,
    },
    {
      name: 'a DoNotSchedule zone constraint spreads too (hard-zone-anti-affinity reviews its strictness)',
      code: spread.replace('whenUnsatisfiable: ScheduleAnyway', 'whenUnsatisfiable: DoNotSchedule'),
    },
    {
      name: 'spread on the AZ ID label topology.k8s.aws/zone-id',
      code: spread.replace('topologyKey: topology.kubernetes.io/zone', 'topologyKey: topology.k8s.aws/zone-id'),
    },
    {
      name: "the EKS guide's copy-paste bug (selector app: express-test) is spread-selector-mismatch's finding",
      code: `apiVersion: apps/v1
kind: Deployment
metadata:
  name: spread-host-az
  labels:
    app: web-server
spec:
  replicas: 10
  selector:
    matchLabels:
      app: web-server
  template:
    metadata:
      labels:
        app: web-server
    spec:
      topologySpreadConstraints:
      - maxSkew: 1
        topologyKey: "topology.kubernetes.io/zone"
        whenUnsatisfiable: ScheduleAnyway
        labelSelector:
          matchLabels:
            app: express-test
      containers:
      - name: web-app
        image: nginx:1.16-alpine
`,
    },
    {
      name: 'a zone constraint without a labelSelector is spread-selector-mismatch\'s finding',
      code: `${deployment}      topologySpreadConstraints:
        - maxSkew: 1
          topologyKey: topology.kubernetes.io/zone
          whenUnsatisfiable: ScheduleAnyway
`,
    },
    { name: 'a single replica', code: deployment.replace('replicas: 3', 'replicas: 1') },
    { name: 'replicas default to 1', code: deployment.replace('  replicas: 3\n', '') },
    { name: 'a parked Deployment (replicas: 0)', code: deployment.replace('replicas: 3', 'replicas: 0') },
    { name: 'an HPA that never scales past 1', code: deployment.replace('  replicas: 3\n', ''), files: { 'hpa.yaml': hpa(1).replace('minReplicas: 2', 'minReplicas: 1') } },
    {
      name: 'DaemonSets run one pod per node',
      code: deployment.replace('kind: Deployment', 'kind: DaemonSet').replace('  replicas: 3\n', ''),
    },
    {
      name: 'Jobs run to completion',
      code: `apiVersion: batch/v1
kind: Job
metadata:
  name: migrate
spec:
  parallelism: 5
  template:
    spec:
      restartPolicy: Never
      containers:
        - name: migrate
          image: migrate:1.0.0
`,
    },
    { name: 'a single-zone cluster (zones: 1)', code: deployment, config: { zones: 1 } },
    {
      name: 'a Helm hook',
      code: deployment.replace('  name: web\n', '  name: web\n  annotations:\n    helm.sh/hook: pre-upgrade\n'),
    },
    {
      name: 'a workload pinned to one zone is single-zone-pinning\'s finding',
      code: `${deployment}      nodeSelector:
        topology.kubernetes.io/zone: us-east-1a
`,
    },
    {
      name: 'the hostname sub-finding can be turned off',
      code: deployment + `      topologySpreadConstraints:\n${zoneConstraint}`,
      config: { rules: { 'zone-spread-missing': { severity: 'warning', options: { hostnameSpread: false } } } },
    },
    {
      name: 'a hostname constraint whose selector misses the pods is spread-selector-mismatch\'s finding',
      code:
        deployment +
        `      topologySpreadConstraints:\n${zoneConstraint}${hostnameConstraint.replace('app: web', 'app: api')}`,
    },
  ],
  invalid: [
    {
      name: 'no spread at all: both constraints are added (indented sequences)',
      code: deployment,
      errors: [
        {
          messageId: 'missing',
          line: 4,
          column: 3,
          endLine: 4,
          endColumn: 7,
          severity: 'warning',
          output: spread,
        },
      ],
    },
    {
      name: 'no spread at all: both constraints are added (compact sequences)',
      code: compact,
      errors: [
        {
          messageId: 'missing',
          line: 4,
          column: 3,
          endLine: 4,
          endColumn: 7,
          output: `${compact}      topologySpreadConstraints:
      - maxSkew: 1
        topologyKey: topology.kubernetes.io/zone
        whenUnsatisfiable: ScheduleAnyway
        labelSelector:
          matchLabels:
            app: web
        matchLabelKeys:
        - pod-template-hash
      - maxSkew: 1
        topologyKey: kubernetes.io/hostname
        whenUnsatisfiable: ScheduleAnyway
        labelSelector:
          matchLabels:
            app: web
`,
        },
      ],
    },
    {
      name: 'an existing hostname constraint: only the zone one is appended (indented sequences)',
      code: `${deployment}      topologySpreadConstraints:
        - maxSkew: 1
          topologyKey: kubernetes.io/hostname
          whenUnsatisfiable: ScheduleAnyway
          labelSelector:
            matchLabels:
              app: web
      # keep pods off spot nodes
      tolerations: []
`,
      errors: [
        {
          messageId: 'missingZoneOnly',
          line: 18,
          column: 7,
          endLine: 18,
          endColumn: 32,
          output: `${deployment}      topologySpreadConstraints:
        - maxSkew: 1
          topologyKey: kubernetes.io/hostname
          whenUnsatisfiable: ScheduleAnyway
          labelSelector:
            matchLabels:
              app: web
${zoneConstraint}      # keep pods off spot nodes
      tolerations: []
`,
        },
      ],
    },
    {
      name: 'an existing hostname constraint: only the zone one is appended (compact sequences)',
      code: `${compact}      topologySpreadConstraints:
      - maxSkew: 1
        topologyKey: kubernetes.io/hostname
        whenUnsatisfiable: DoNotSchedule
        labelSelector:
          matchLabels:
            app: web
`,
      errors: [
        {
          messageId: 'missingZoneOnly',
          line: 18,
          column: 7,
          endLine: 18,
          endColumn: 32,
          output: `${compact}      topologySpreadConstraints:
      - maxSkew: 1
        topologyKey: kubernetes.io/hostname
        whenUnsatisfiable: DoNotSchedule
        labelSelector:
          matchLabels:
            app: web
      - maxSkew: 1
        topologyKey: topology.kubernetes.io/zone
        whenUnsatisfiable: ScheduleAnyway
        labelSelector:
          matchLabels:
            app: web
        matchLabelKeys:
        - pod-template-hash
`,
        },
      ],
    },
    {
      name: 'a StatefulSet gets no matchLabelKeys (its pods carry no pod-template-hash)',
      code: `apiVersion: apps/v1
kind: StatefulSet
metadata:
  name: db
spec:
  serviceName: db
  replicas: 3
  selector:
    matchLabels:
      app: db
  template:
    metadata:
      labels:
        app: db
    spec:
      containers:
        - name: db
          image: postgres:16.3
`,
      errors: [
        {
          messageId: 'missing',
          line: 4,
          column: 3,
          endLine: 4,
          endColumn: 7,
          output: `apiVersion: apps/v1
kind: StatefulSet
metadata:
  name: db
spec:
  serviceName: db
  replicas: 3
  selector:
    matchLabels:
      app: db
  template:
    metadata:
      labels:
        app: db
    spec:
      containers:
        - name: db
          image: postgres:16.3
      topologySpreadConstraints:
        - maxSkew: 1
          topologyKey: topology.kubernetes.io/zone
          whenUnsatisfiable: ScheduleAnyway
          labelSelector:
            matchLabels:
              app: db
        - maxSkew: 1
          topologyKey: kubernetes.io/hostname
          whenUnsatisfiable: ScheduleAnyway
          labelSelector:
            matchLabels:
              app: db
`,
        },
      ],
    },
    {
      name: 'an Argo Rollout uses rollouts-pod-template-hash',
      code: deployment.replace('apiVersion: apps/v1\nkind: Deployment', 'apiVersion: argoproj.io/v1alpha1\nkind: Rollout'),
      errors: [
        {
          messageId: 'missing',
          line: 4,
          column: 3,
          endLine: 4,
          endColumn: 7,
          output: spread
            .replace('apiVersion: apps/v1\nkind: Deployment', 'apiVersion: argoproj.io/v1alpha1\nkind: Rollout')
            .replace('- pod-template-hash', '- rollouts-pod-template-hash'),
        },
      ],
    },
    {
      name: 'clusters older than 1.27 get no matchLabelKeys',
      code: deployment,
      config: { kubernetesVersion: '1.26' },
      errors: [
        {
          messageId: 'missing',
          line: 4,
          column: 3,
          endLine: 4,
          endColumn: 7,
          output: spread.replace('          matchLabelKeys:\n            - pod-template-hash\n', ''),
        },
      ],
    },
    {
      name: 'an HPA in another file can scale a one-replica Deployment out',
      code: deployment.replace('  replicas: 3\n', ''),
      files: { 'hpa.yaml': hpa(12) },
      errors: [
        {
          messageId: 'missing',
          line: 4,
          column: 3,
          endLine: 4,
          endColumn: 7,
          output: spread.replace('  replicas: 3\n', ''),
        },
      ],
    },
    {
      name: 'a matchExpressions selector is copied verbatim',
      code: deployment.replace(
        '  selector:\n    matchLabels:\n      app: web\n',
        '  selector:\n    matchExpressions:\n      - key: app\n        operator: In\n        values: [web]\n',
      ),
      errors: [
        {
          messageId: 'missing',
          line: 4,
          column: 3,
          endLine: 4,
          endColumn: 7,
          output: `${deployment.replace(
            '  selector:\n    matchLabels:\n      app: web\n',
            '  selector:\n    matchExpressions:\n      - key: app\n        operator: In\n        values: [web]\n',
          )}      topologySpreadConstraints:
        - maxSkew: 1
          topologyKey: topology.kubernetes.io/zone
          whenUnsatisfiable: ScheduleAnyway
          labelSelector:
            matchExpressions:
              - key: app
                operator: In
                values:
                  - web
          matchLabelKeys:
            - pod-template-hash
        - maxSkew: 1
          topologyKey: kubernetes.io/hostname
          whenUnsatisfiable: ScheduleAnyway
          labelSelector:
            matchExpressions:
              - key: app
                operator: In
                values:
                  - web
`,
        },
      ],
    },
    {
      name: 'a hostname constraint whose selector misses the pods is repaired in place, not repeated',
      code: `${deployment}      topologySpreadConstraints:
        - maxSkew: 1
          topologyKey: kubernetes.io/hostname
          whenUnsatisfiable: ScheduleAnyway
          labelSelector:
            matchLabels:
              app: express-test
`,
      errors: [
        {
          messageId: 'missing',
          line: 18,
          column: 7,
          endLine: 18,
          endColumn: 32,
          output: `${deployment}      topologySpreadConstraints:
        - maxSkew: 1
          topologyKey: kubernetes.io/hostname
          whenUnsatisfiable: ScheduleAnyway
          labelSelector:
            matchLabels:
              app: web
${zoneConstraint}`,
        },
      ],
    },
    {
      name: 'hostname anti-affinity but no zone spread: only the zone constraint is added',
      code: `${deployment}      affinity:
        podAntiAffinity:
          requiredDuringSchedulingIgnoredDuringExecution:
            - labelSelector:
                matchLabels:
                  app: web
              topologyKey: kubernetes.io/hostname
`,
      errors: [
        {
          messageId: 'missingZoneOnly',
          line: 4,
          column: 3,
          endLine: 4,
          endColumn: 7,
          output: `${deployment}      affinity:
        podAntiAffinity:
          requiredDuringSchedulingIgnoredDuringExecution:
            - labelSelector:
                matchLabels:
                  app: web
              topologyKey: kubernetes.io/hostname
      topologySpreadConstraints:
${zoneConstraint}`,
        },
      ],
    },
    {
      name: 'zone anti-affinity that counts only another namespace does not spread this workload',
      code: `${deployment}      affinity:
        podAntiAffinity:
          preferredDuringSchedulingIgnoredDuringExecution:
            - weight: 100
              podAffinityTerm:
                namespaces: [payments]
                labelSelector:
                  matchLabels:
                    app: web
                topologyKey: topology.kubernetes.io/zone
`,
      errors: [
        {
          messageId: 'missing',
          line: 4,
          column: 3,
          endLine: 4,
          endColumn: 7,
          output: `${deployment}      affinity:
        podAntiAffinity:
          preferredDuringSchedulingIgnoredDuringExecution:
            - weight: 100
              podAffinityTerm:
                namespaces: [payments]
                labelSelector:
                  matchLabels:
                    app: web
                topologyKey: topology.kubernetes.io/zone
${spreadBlock}`,
        },
      ],
    },
    {
      name: 'zone spread but nothing across nodes (info)',
      code: deployment + `      topologySpreadConstraints:\n${zoneConstraint}`,
      errors: [
        {
          messageId: 'noHostnameSpread',
          line: 18,
          column: 7,
          endLine: 18,
          endColumn: 32,
          severity: 'info',
          output: spread,
        },
      ],
    },
    {
      name: 'zone anti-affinity but nothing across nodes (info)',
      code: `${deployment}      affinity:
        podAntiAffinity:
          preferredDuringSchedulingIgnoredDuringExecution:
            - weight: 100
              podAffinityTerm:
                labelSelector:
                  matchLabels:
                    app: web
                topologyKey: topology.kubernetes.io/zone
`,
      errors: [
        {
          messageId: 'noHostnameSpread',
          line: 19,
          column: 9,
          endLine: 19,
          endColumn: 24,
          severity: 'info',
          output: `${deployment}      affinity:
        podAntiAffinity:
          preferredDuringSchedulingIgnoredDuringExecution:
            - weight: 100
              podAffinityTerm:
                labelSelector:
                  matchLabels:
                    app: web
                topologyKey: topology.kubernetes.io/zone
      topologySpreadConstraints:
${hostnameConstraint}`,
        },
      ],
    },
    {
      name: 'the deprecated failure-domain.beta.kubernetes.io/zone key (info)',
      code: deployment + `      topologySpreadConstraints:\n${zoneConstraint.replace('topology.kubernetes.io/zone', '"failure-domain.beta.kubernetes.io/zone"')}${hostnameConstraint}`,
      errors: [
        {
          messageId: 'deprecatedZoneKey',
          line: 20,
          column: 24,
          endLine: 20,
          endColumn: 64,
          severity: 'info',
          output: deployment + `      topologySpreadConstraints:\n${zoneConstraint.replace('topology.kubernetes.io/zone', '"topology.kubernetes.io/zone"')}${hostnameConstraint}`,
        },
      ],
    },
    {
      name: 'the deprecated key next to a constraint with the same pair gets no fix',
      code:
        deployment +
        `      topologySpreadConstraints:\n${zoneConstraint.replace('topology.kubernetes.io/zone', 'failure-domain.beta.kubernetes.io/zone')}${zoneConstraint}${hostnameConstraint}`,
      errors: [{ messageId: 'deprecatedZoneKey', line: 20, column: 24, endLine: 20, endColumn: 62, severity: 'info', output: null }],
    },
    {
      name: 'CoreDNS without zone spread is an error (every pod resolves names through it)',
      code: `apiVersion: apps/v1
kind: Deployment
metadata:
  name: coredns
  namespace: kube-system
spec:
  replicas: 2
  selector:
    matchLabels:
      k8s-app: kube-dns
  template:
    metadata:
      labels:
        k8s-app: kube-dns
    spec:
      containers:
        - name: coredns
          image: 602401143452.dkr.ecr.us-west-2.amazonaws.com/eks/coredns:v1.11.3-eksbuild.2
`,
      errors: [
        {
          messageId: 'missing',
          line: 4,
          column: 3,
          endLine: 4,
          endColumn: 7,
          severity: 'error',
          output: `apiVersion: apps/v1
kind: Deployment
metadata:
  name: coredns
  namespace: kube-system
spec:
  replicas: 2
  selector:
    matchLabels:
      k8s-app: kube-dns
  template:
    metadata:
      labels:
        k8s-app: kube-dns
    spec:
      containers:
        - name: coredns
          image: 602401143452.dkr.ecr.us-west-2.amazonaws.com/eks/coredns:v1.11.3-eksbuild.2
      topologySpreadConstraints:
        - maxSkew: 1
          topologyKey: topology.kubernetes.io/zone
          whenUnsatisfiable: ScheduleAnyway
          labelSelector:
            matchLabels:
              k8s-app: kube-dns
          matchLabelKeys:
            - pod-template-hash
        - maxSkew: 1
          topologyKey: kubernetes.io/hostname
          whenUnsatisfiable: ScheduleAnyway
          labelSelector:
            matchLabels:
              k8s-app: kube-dns
`,
        },
      ],
    },
    {
      name: 'an empty topologySpreadConstraints list is filled',
      code: `${deployment}      topologySpreadConstraints: []
      terminationGracePeriodSeconds: 30
`,
      errors: [
        {
          messageId: 'missing',
          line: 18,
          column: 7,
          endLine: 18,
          endColumn: 32,
          output: `${spread}      terminationGracePeriodSeconds: 30
`,
        },
      ],
    },
  ],
});
