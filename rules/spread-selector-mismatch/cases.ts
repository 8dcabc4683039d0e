import { defineCases } from '../../test/support/rule-tester';

/** `latest/bpg/reliability/application.adoc`, "Using Pod topology spread constraints", verbatim. */
const eksApplicationExample = `apiVersion: apps/v1
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
`;

/** `latest/bpg/upgrades/index.adoc`, the PDB and topology spread example (the Deployment part). */
const eksUpgradesExample = (selector: string) => `apiVersion: apps/v1
kind: Deployment
metadata:
  name: myapp
spec:
  replicas: 10
  selector:
    matchLabels:
      app: myapp
  template:
    metadata:
      labels:
        app: myapp
    spec:
      containers:
      - image: public.ecr.aws/eks-distro/kubernetes/pause:3.2
        name: myapp
        resources:
          requests:
            cpu: "1"
            memory: 256M
      topologySpreadConstraints:
      - labelSelector:
          matchLabels:
            app: ${selector}
        maxSkew: 2
        topologyKey: kubernetes.io/hostname
        whenUnsatisfiable: DoNotSchedule
      - labelSelector:
          matchLabels:
            app: ${selector}
        maxSkew: 2
        topologyKey: topology.kubernetes.io/zone
        whenUnsatisfiable: DoNotSchedule
`;

const web = `apiVersion: apps/v1
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
        tier: frontend
    spec:
      containers:
        - name: web
          image: web:1.0.0
`;

const constraint = (body: string) => `${web}      topologySpreadConstraints:
        - maxSkew: 1
${body}`;

const antiAffinity = (kind: 'required' | 'preferred', term: string) =>
  kind === 'required'
    ? `${web}      affinity:
        podAntiAffinity:
          requiredDuringSchedulingIgnoredDuringExecution:
            - ${term.trimStart()}`
    : `${web}      affinity:
        podAntiAffinity:
          preferredDuringSchedulingIgnoredDuringExecution:
            - weight: 100
              podAffinityTerm:
${term.replace(/^(?=.)/gm, '  ')}`;

const redis = `apiVersion: apps/v1
kind: Deployment
metadata:
  name: redis
spec:
  replicas: 1
  selector:
    matchLabels:
      app: redis
  template:
    metadata:
      labels:
        app: redis
    spec:
      containers:
        - name: redis
          image: redis:7.2
`;

/** kube-score's spread-constraint fixtures (score/testdata/pod-topology-spread-constraints-*.yaml), with one constraint given. */
const invalidPod = (constraint: string) => `kind: Pod
apiVersion: v1
metadata:
  name: mypod
  labels:
    foo: bar
spec:
  topologySpreadConstraints:
  ${constraint}
    labelSelector:
      matchLabels:
        foo: bar
  containers:
    - name: pause
      image: registry.k8s.io/pause:3.1
`;

export default defineCases({
  valid: [
    {
      name: 'constraints that select the pods, with matchLabels and matchExpressions',
      code: constraint(`          topologyKey: topology.kubernetes.io/zone
          whenUnsatisfiable: ScheduleAnyway
          labelSelector:
            matchLabels:
              app: web
        - maxSkew: 1
          topologyKey: kubernetes.io/hostname
          whenUnsatisfiable: DoNotSchedule
          labelSelector:
            matchExpressions:
              - {key: app, operator: In, values: [web, web-canary]}
              - {key: tier, operator: NotIn, values: [batch]}
`),
    },
    {
      name: 'matchLabelKeys with a selector on other keys',
      code: constraint(`          topologyKey: topology.kubernetes.io/zone
          whenUnsatisfiable: ScheduleAnyway
          labelSelector:
            matchLabels:
              app: web
          matchLabelKeys:
            - pod-template-hash
`),
    },
    {
      name: 'anti-affinity towards another application of the namespace (do not co-locate with redis)',
      code: antiAffinity(
        'required',
        `              labelSelector:
                matchLabels:
                  app: redis
              topologyKey: kubernetes.io/hostname
`,
      ),
      files: { 'redis.yaml': redis },
    },
    {
      name: 'anti-affinity towards pods of another namespace',
      code: antiAffinity(
        'preferred',
        `              namespaces: [cache]
              labelSelector:
                matchLabels:
                  app: redis
              topologyKey: kubernetes.io/hostname
`,
      ),
    },
    {
      name: 'anti-affinity on a label the template does not carry',
      code: antiAffinity(
        'preferred',
        `              labelSelector:
                matchLabels:
                  workload-class: batch
              topologyKey: kubernetes.io/hostname
`,
      ),
    },
    {
      name: 'anti-affinity on a key other than the zone or the hostname',
      code: antiAffinity(
        'preferred',
        `              labelSelector:
                matchLabels:
                  app: web-server
              topologyKey: topology.kubernetes.io/region
`,
      ),
    },
    {
      name: 'anti-affinity with mismatchLabelKeys separates tenants on purpose',
      code: antiAffinity(
        'required',
        `              labelSelector:
                matchExpressions:
                  - {key: app, operator: NotIn, values: [web]}
              mismatchLabelKeys: [tenant]
              topologyKey: kubernetes.io/hostname
`,
      ),
    },
    {
      name: 'pod affinity is not checked',
      code: `${web}      affinity:
        podAffinity:
          preferredDuringSchedulingIgnoredDuringExecution:
            - weight: 50
              podAffinityTerm:
                labelSelector:
                  matchLabels:
                    app: cache
                topologyKey: topology.kubernetes.io/zone
`,
    },
    {
      name: 'a Job constraint on the job-name label the Job controller adds',
      code: `apiVersion: batch/v1
kind: Job
metadata:
  name: reindex
spec:
  parallelism: 6
  template:
    spec:
      restartPolicy: Never
      topologySpreadConstraints:
        - maxSkew: 1
          topologyKey: kubernetes.io/hostname
          whenUnsatisfiable: ScheduleAnyway
          labelSelector:
            matchLabels:
              batch.kubernetes.io/job-name: reindex
      containers:
        - name: reindex
          image: search/reindex:4.2.0
`,
    },
    {
      name: 'a Pod read back from a cluster carries the merged matchLabelKeys',
      code: `apiVersion: v1
kind: Pod
metadata:
  name: web-7d4b9c8f6d-x2x9k
  labels:
    app: web
    pod-template-hash: 7d4b9c8f6d
  ownerReferences:
    - apiVersion: apps/v1
      kind: ReplicaSet
      name: web-7d4b9c8f6d
      uid: 0b9d6c1e-3c43-4a3e-9f4e-6a1c2f7b9d11
      controller: true
spec:
  topologySpreadConstraints:
    - maxSkew: 1
      topologyKey: topology.kubernetes.io/zone
      whenUnsatisfiable: ScheduleAnyway
      labelSelector:
        matchExpressions:
          - {key: app, operator: In, values: [web]}
          - {key: pod-template-hash, operator: In, values: [7d4b9c8f6d]}
      matchLabelKeys:
        - pod-template-hash
  containers:
    - name: web
      image: web:1.0.0
status:
  phase: Running
`,
    },
    {
      name: 'before 1.27 the API server drops matchLabelKeys instead of validating them',
      code: constraint(`          topologyKey: topology.kubernetes.io/zone
          whenUnsatisfiable: ScheduleAnyway
          labelSelector:
            matchLabels:
              app: web
          matchLabelKeys: [app]
`),
      config: { kubernetesVersion: '1.26' },
    },
    {
      name: 'minDomains on a hard constraint, node inclusion policies, and one key with each whenUnsatisfiable',
      code: constraint(`          minDomains: 3
          nodeAffinityPolicy: Honor
          nodeTaintsPolicy: Ignore
          topologyKey: topology.kubernetes.io/zone
          whenUnsatisfiable: DoNotSchedule
          labelSelector:
            matchLabels:
              app: web
        - maxSkew: 2
          topologyKey: topology.kubernetes.io/zone
          whenUnsatisfiable: ScheduleAnyway
          labelSelector:
            matchLabels:
              app: web
`),
    },
    {
      name: 'before 1.27 the API server drops minDomains (its feature gate is off) instead of validating it',
      code: constraint(`          minDomains: 0
          topologyKey: topology.kubernetes.io/zone
          whenUnsatisfiable: ScheduleAnyway
          labelSelector:
            matchLabels:
              app: web
`),
      config: { kubernetesVersion: '1.26' },
    },
    {
      name: 'a Helm hook',
      code: eksApplicationExample.replace('  labels:\n    app: web-server\nspec:', '  annotations:\n    helm.sh/hook: post-install\nspec:'),
    },
  ],
  invalid: [
    {
      name: "kube-score's invalid maxSkew fixture: a maxSkew of 0 is rejected by the API server",
      code: invalidPod('- maxSkew: 0\n    topologyKey: zone\n    whenUnsatisfiable: DoNotSchedule'),
      errors: [
        {
          messageId: 'invalidField',
          line: 9,
          column: 14,
          endLine: 9,
          endColumn: 15,
          severity: 'error',
          output: null,
          suggestions: [{ messageId: 'setField', output: invalidPod('- maxSkew: 1\n    topologyKey: zone\n    whenUnsatisfiable: DoNotSchedule') }],
        },
      ],
    },
    {
      name: 'a missing maxSkew is added as 1 (quick-fix only)',
      code: invalidPod('- topologyKey: zone\n    whenUnsatisfiable: DoNotSchedule'),
      errors: [
        {
          messageId: 'invalidField',
          line: 9,
          column: 5,
          endLine: 9,
          endColumn: 22,
          severity: 'error',
          output: null,
          suggestions: [
            {
              messageId: 'setField',
              output: invalidPod('- topologyKey: zone\n    whenUnsatisfiable: DoNotSchedule').replace('        foo: bar\n  containers', '        foo: bar\n    maxSkew: 1\n  containers'),
            },
          ],
        },
      ],
    },
    {
      name: "kube-score's missing topologyKey fixture: no repair is offered, the key is the author's choice",
      code: invalidPod('- maxSkew: 1\n    whenUnsatisfiable: DoNotSchedule'),
      errors: [{ messageId: 'invalidField', line: 9, column: 5, endLine: 9, endColumn: 15, severity: 'error', output: null, suggestions: [] }],
    },
    {
      name: "kube-score's invalid whenUnsatisfiable fixture: a casing slip is repaired to DoNotSchedule (quick-fix only)",
      code: invalidPod('- maxSkew: 1\n    topologyKey: zone\n    whenUnsatisfiable: DoNotSCHEDULE '),
      errors: [
        {
          messageId: 'invalidField',
          line: 11,
          column: 24,
          endLine: 11,
          endColumn: 37,
          severity: 'error',
          output: null,
          suggestions: [{ messageId: 'setField', output: invalidPod('- maxSkew: 1\n    topologyKey: zone\n    whenUnsatisfiable: DoNotSchedule ') }],
        },
      ],
    },
    {
      name: 'a missing whenUnsatisfiable has no repair: hard or soft is the author\'s choice',
      code: invalidPod('- maxSkew: 1\n    topologyKey: zone'),
      errors: [{ messageId: 'invalidField', line: 9, column: 5, endLine: 9, endColumn: 15, severity: 'error', output: null, suggestions: [] }],
    },
    {
      name: "kube-score's invalid minDomains fixture: minDomains 0 is removed (quick-fix only)",
      code: invalidPod('- maxSkew: 1\n    minDomains: 0\n    topologyKey: zone\n    whenUnsatisfiable: DoNotSchedule'),
      errors: [
        {
          messageId: 'invalidField',
          line: 10,
          column: 17,
          endLine: 10,
          endColumn: 18,
          severity: 'error',
          output: null,
          suggestions: [{ messageId: 'removeField', output: invalidPod('- maxSkew: 1\n    topologyKey: zone\n    whenUnsatisfiable: DoNotSchedule') }],
        },
      ],
    },
    {
      name: 'minDomains on a ScheduleAnyway constraint is rejected',
      code: invalidPod('- maxSkew: 1\n    minDomains: 3\n    topologyKey: zone\n    whenUnsatisfiable: ScheduleAnyway'),
      errors: [
        {
          messageId: 'invalidField',
          line: 10,
          column: 17,
          endLine: 10,
          endColumn: 18,
          severity: 'error',
          output: null,
          suggestions: [{ messageId: 'removeField', output: invalidPod('- maxSkew: 1\n    topologyKey: zone\n    whenUnsatisfiable: ScheduleAnyway') }],
        },
      ],
    },
    {
      name: 'a node inclusion policy other than Honor or Ignore is rejected; a casing slip is repaired',
      code: invalidPod('- maxSkew: 1\n    nodeTaintsPolicy: honor\n    nodeAffinityPolicy: Always\n    topologyKey: zone\n    whenUnsatisfiable: DoNotSchedule'),
      errors: [
        {
          messageId: 'invalidField',
          line: 10,
          column: 23,
          endLine: 10,
          endColumn: 28,
          severity: 'error',
          output: null,
          suggestions: [
            {
              messageId: 'setField',
              output: invalidPod('- maxSkew: 1\n    nodeTaintsPolicy: Honor\n    nodeAffinityPolicy: Always\n    topologyKey: zone\n    whenUnsatisfiable: DoNotSchedule'),
            },
          ],
        },
        { messageId: 'invalidField', line: 11, column: 25, endLine: 11, endColumn: 31, severity: 'error', output: null, suggestions: [] },
      ],
    },
    {
      name: 'a second constraint with the same topologyKey and whenUnsatisfiable is rejected',
      code: invalidPod('- maxSkew: 1\n    topologyKey: zone\n    whenUnsatisfiable: DoNotSchedule\n    labelSelector:\n      matchLabels:\n        foo: bar\n  - maxSkew: 2\n    topologyKey: zone\n    whenUnsatisfiable: DoNotSchedule'),
      errors: [{ messageId: 'invalidField', line: 16, column: 18, endLine: 16, endColumn: 22, severity: 'error', output: null, suggestions: [] }],
    },
    {
      name: 'an anti-affinity term without a topologyKey is rejected',
      code: antiAffinity(
        'required',
        `              labelSelector:
                matchLabels:
                  app: web
`,
      ),
      errors: [{ messageId: 'invalidField', line: 22, column: 15, endLine: 22, endColumn: 29, severity: 'error', output: null, suggestions: [] }],
    },
    {
      name: "the EKS application page's example counts app: express-test instead of its own pods",
      code: eksApplicationExample,
      errors: [
        {
          messageId: 'mismatch',
          line: 21,
          column: 9,
          endLine: 21,
          endColumn: 22,
          severity: 'warning',
          output: eksApplicationExample.replace('app: express-test', 'app: web-server'),
        },
      ],
    },
    {
      name: "the EKS upgrades page's example: hard constraints on app: host-zone-spread are errors, with quick-fixes only",
      code: eksUpgradesExample('host-zone-spread'),
      errors: [
        {
          messageId: 'mismatch',
          line: 23,
          column: 9,
          endLine: 23,
          endColumn: 22,
          severity: 'error',
          output: null,
          suggestions: [
            {
              messageId: 'useOwnSelector',
              output: eksUpgradesExample('host-zone-spread').replace('app: host-zone-spread', 'app: myapp'),
            },
          ],
        },
        {
          messageId: 'mismatch',
          line: 29,
          column: 9,
          endLine: 29,
          endColumn: 22,
          severity: 'error',
          output: null,
          suggestions: [
            {
              messageId: 'useOwnSelector',
              output: eksUpgradesExample('host-zone-spread').replace(/app: host-zone-spread\n(\s+maxSkew: 2\n\s+topologyKey: topology)/, 'app: myapp\n$1'),
            },
          ],
        },
      ],
    },
    {
      name: 'a selector with a key the template lacks is replaced as a whole',
      code: constraint(`          topologyKey: kubernetes.io/hostname
          whenUnsatisfiable: ScheduleAnyway
          labelSelector:
            matchLabels:
              app: web
              release: stable
`),
      errors: [
        {
          messageId: 'mismatch',
          line: 23,
          column: 11,
          endLine: 23,
          endColumn: 24,
          severity: 'warning',
          output: constraint(`          topologyKey: kubernetes.io/hostname
          whenUnsatisfiable: ScheduleAnyway
          labelSelector:
            matchLabels:
              app: web
`),
        },
      ],
    },
    {
      name: 'only the wrong value is rewritten: quoting and comments stay',
      code: constraint(`          topologyKey: topology.kubernetes.io/zone
          whenUnsatisfiable: ScheduleAnyway
          labelSelector:
            matchLabels:
              # copied from the EKS guide
              app: 'express-test' # TODO
`),
      errors: [
        {
          messageId: 'mismatch',
          line: 23,
          column: 11,
          endLine: 23,
          endColumn: 24,
          output: constraint(`          topologyKey: topology.kubernetes.io/zone
          whenUnsatisfiable: ScheduleAnyway
          labelSelector:
            matchLabels:
              # copied from the EKS guide
              app: 'web' # TODO
`),
        },
      ],
    },
    {
      name: 'a selector holding comments is not rewritten as a whole',
      code: constraint(`          topologyKey: topology.kubernetes.io/zone
          whenUnsatisfiable: ScheduleAnyway
          labelSelector:
            matchLabels:
              app: web
              release: stable # pinned during the migration
`),
      errors: [{ messageId: 'mismatch', line: 23, column: 11, endLine: 23, endColumn: 24, output: null }],
    },
    {
      name: 'a matchExpressions selector that misses the pods, on a StatefulSet',
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
      topologySpreadConstraints:
        - maxSkew: 1
          topologyKey: topology.kubernetes.io/zone
          whenUnsatisfiable: ScheduleAnyway
          labelSelector:
            matchExpressions:
              - {key: app, operator: In, values: [postgres]}
      containers:
        - name: db
          image: postgres:16.3
`,
      errors: [
        {
          messageId: 'mismatch',
          line: 20,
          column: 11,
          endLine: 20,
          endColumn: 24,
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
      topologySpreadConstraints:
        - maxSkew: 1
          topologyKey: topology.kubernetes.io/zone
          whenUnsatisfiable: ScheduleAnyway
          labelSelector:
            matchLabels:
              app: db
      containers:
        - name: db
          image: postgres:16.3
`,
        },
      ],
    },
    {
      name: 'a constraint without a labelSelector counts nothing',
      code: constraint(`          topologyKey: kubernetes.io/hostname
          whenUnsatisfiable: ScheduleAnyway
`),
      errors: [
        {
          messageId: 'selectorMissing',
          line: 21,
          column: 11,
          endLine: 21,
          endColumn: 22,
          severity: 'warning',
          output: constraint(`          topologyKey: kubernetes.io/hostname
          whenUnsatisfiable: ScheduleAnyway
          labelSelector:
            matchLabels:
              app: web
`),
        },
      ],
    },
    {
      name: 'matchLabelKeys without a labelSelector is rejected by the API server',
      code: constraint(`          topologyKey: topology.kubernetes.io/zone
          whenUnsatisfiable: DoNotSchedule
          matchLabelKeys:
            - pod-template-hash
`),
      errors: [
        {
          messageId: 'matchLabelKeysWithoutSelector',
          line: 23,
          column: 11,
          endLine: 23,
          endColumn: 25,
          severity: 'error',
          output: null,
          suggestions: [
            {
              messageId: 'addSelector',
              output: constraint(`          topologyKey: topology.kubernetes.io/zone
          whenUnsatisfiable: DoNotSchedule
          matchLabelKeys:
            - pod-template-hash
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
      name: 'a key in both matchLabelKeys and labelSelector is rejected by the API server',
      code: constraint(`          topologyKey: topology.kubernetes.io/zone
          matchLabelKeys: [app]
          whenUnsatisfiable: ScheduleAnyway
          labelSelector:
            matchLabels:
              app: web
`),
      errors: [
        {
          messageId: 'duplicateKey',
          line: 22,
          column: 28,
          endLine: 22,
          endColumn: 31,
          severity: 'error',
          output: constraint(`          topologyKey: topology.kubernetes.io/zone
          whenUnsatisfiable: ScheduleAnyway
          labelSelector:
            matchLabels:
              app: web
`),
        },
      ],
    },
    {
      name: 'only the duplicated key leaves matchLabelKeys',
      code: constraint(`          topologyKey: topology.kubernetes.io/zone
          whenUnsatisfiable: DoNotSchedule
          labelSelector:
            matchLabels:
              app: web
          matchLabelKeys:
            - pod-template-hash
            - app
`),
      errors: [
        {
          messageId: 'duplicateKey',
          line: 28,
          column: 15,
          endLine: 28,
          endColumn: 18,
          severity: 'error',
          output: constraint(`          topologyKey: topology.kubernetes.io/zone
          whenUnsatisfiable: DoNotSchedule
          labelSelector:
            matchLabels:
              app: web
          matchLabelKeys:
            - pod-template-hash
`),
        },
      ],
    },
    {
      name: 'a pod-template-hash value copied from a running pod leaves the selector (quick-fix only)',
      code: constraint(`          topologyKey: topology.kubernetes.io/zone
          whenUnsatisfiable: ScheduleAnyway
          labelSelector:
            matchLabels:
              app: web
              pod-template-hash: 7d4b9c8f6d
          matchLabelKeys:
            - pod-template-hash
`),
      errors: [
        {
          messageId: 'duplicateKey',
          line: 28,
          column: 15,
          endLine: 28,
          endColumn: 32,
          severity: 'error',
          output: null,
          suggestions: [
            {
              messageId: 'removeDuplicates',
              output: constraint(`          topologyKey: topology.kubernetes.io/zone
          whenUnsatisfiable: ScheduleAnyway
          labelSelector:
            matchLabels:
              app: web
          matchLabelKeys:
            - pod-template-hash
`),
            },
          ],
        },
      ],
    },
    {
      name: 'a hand-written Pod with a duplicated key is rejected too',
      code: `apiVersion: v1
kind: Pod
metadata:
  name: debug
  labels:
    app: debug
spec:
  topologySpreadConstraints:
    - maxSkew: 1
      topologyKey: kubernetes.io/hostname
      whenUnsatisfiable: ScheduleAnyway
      labelSelector:
        matchLabels:
          app: debug
      matchLabelKeys:
        - app
  containers:
    - name: debug
      image: busybox:1.36
`,
      errors: [
        {
          messageId: 'duplicateKey',
          line: 16,
          column: 11,
          endLine: 16,
          endColumn: 14,
          severity: 'error',
          output: `apiVersion: v1
kind: Pod
metadata:
  name: debug
  labels:
    app: debug
spec:
  topologySpreadConstraints:
    - maxSkew: 1
      topologyKey: kubernetes.io/hostname
      whenUnsatisfiable: ScheduleAnyway
      labelSelector:
        matchLabels:
          app: debug
  containers:
    - name: debug
      image: busybox:1.36
`,
        },
      ],
    },
    {
      name: 'required anti-affinity on the hostname that names a different app value is an error',
      code: antiAffinity(
        'required',
        `              labelSelector:
                matchLabels:
                  app: web-server
              topologyKey: kubernetes.io/hostname
`,
      ),
      errors: [
        {
          messageId: 'antiAffinityMismatch',
          line: 22,
          column: 15,
          endLine: 22,
          endColumn: 28,
          severity: 'error',
          output: null,
          suggestions: [
            {
              messageId: 'useOwnSelector',
              output: antiAffinity(
                'required',
                `              labelSelector:
                matchLabels:
                  app: web
              topologyKey: kubernetes.io/hostname
`,
              ),
            },
          ],
        },
      ],
    },
    {
      name: 'preferred zone anti-affinity with a stale matchExpressions value is a warning',
      code: antiAffinity(
        'preferred',
        `              labelSelector:
                matchExpressions:
                  - key: app
                    operator: In
                    values: [web-v1]
              topologyKey: topology.kubernetes.io/zone
`,
      ),
      errors: [
        {
          messageId: 'antiAffinityMismatch',
          line: 24,
          column: 17,
          endLine: 24,
          endColumn: 30,
          severity: 'warning',
          output: null,
          suggestions: [
            {
              messageId: 'useOwnSelector',
              output: antiAffinity(
                'preferred',
                `              labelSelector:
                matchLabels:
                  app: web
              topologyKey: topology.kubernetes.io/zone
`,
              ),
            },
          ],
        },
      ],
    },
    {
      name: 'a replacement selector leaves out the keys matchLabelKeys already pin',
      code: constraint(`          topologyKey: topology.kubernetes.io/zone
          whenUnsatisfiable: ScheduleAnyway
          labelSelector:
            matchLabels:
              team: checkout
          matchLabelKeys: [tier]
`).replace('      app: web\n  template', '      app: web\n      tier: frontend\n  template'),
      errors: [
        {
          messageId: 'mismatch',
          line: 24,
          column: 11,
          endLine: 24,
          endColumn: 24,
          output: constraint(`          topologyKey: topology.kubernetes.io/zone
          whenUnsatisfiable: ScheduleAnyway
          labelSelector:
            matchLabels:
              app: web
          matchLabelKeys: [tier]
`).replace('      app: web\n  template', '      app: web\n      tier: frontend\n  template'),
        },
      ],
    },
  ],
});
