import { defineCases } from '../../test/support/rule-tester';

/** A Deployment with one container whose last lines are `container`; `podSpec` lines come before `containers`. */
const deployment = (container = '', podSpec = '') => `apiVersion: apps/v1
kind: Deployment
metadata:
  name: api
spec:
  replicas: 2
  selector:
    matchLabels:
      app: api
  template:
    metadata:
      labels:
        app: api
    spec:
${podSpec}      containers:
        - name: api
          image: shop/api:1.2.3
${container}`;

/** `resources:` with the given `requests` and `limits` lines (already indented under them). */
const resources = (requests: string, limits = '') =>
  `          resources:\n${requests ? `            requests:\n${requests}` : ''}${limits ? `            limits:\n${limits}` : ''}`;
const cpu = (value: string) => `              cpu: ${value}\n`;
const memory = (value: string) => `              memory: ${value}\n`;
const storage = (value: string) => `              ephemeral-storage: ${value}\n`;

const balanced = resources(cpu('250m') + memory('512Mi'), memory('512Mi'));

const limitRange = (items: string, namespace = '') => `apiVersion: v1
kind: LimitRange
metadata:
  name: defaults
${namespace}spec:
  limits:
${items}`;

const placeholders = resources(cpu('<cpu>') + memory('<memory>'), memory('<memory>'));

export default defineCases({
  valid: [
    { name: 'CPU and memory requests, and a memory limit equal to the request', code: deployment(balanced) },
    {
      name: 'a request left out defaults to the limit: only limits.memory is set for memory',
      code: deployment(resources(cpu('250m'), memory('1Gi'))),
    },
    { name: 'the same quantity in other units', code: deployment(resources(cpu('0.25') + memory('1Gi'), memory('1024Mi'))) },
    {
      name: 'a LimitRange with container defaults in the namespace, in another file',
      code: deployment(),
      files: {
        'limits.yaml': limitRange(`    - type: Container
      default:
        cpu: 500m
        memory: 512Mi
      defaultRequest:
        cpu: 100m
        memory: 512Mi
`),
      },
    },
    {
      name: 'a LimitRange default limit also sets the request, and covers the missing memory limit',
      code: deployment(resources(cpu('100m'))),
      files: { 'limits.yaml': limitRange('    - type: Container\n      default:\n        memory: 256Mi\n') },
    },
    { name: 'cpuLimits: ignore accepts a CPU limit', code: deployment(resources(cpu('250m') + memory('512Mi'), cpu('1') + memory('512Mi'))), config: { cpuLimits: 'ignore' } },
    { name: 'cpuLimits: require accepts a CPU limit', code: deployment(resources(cpu('250m') + memory('512Mi'), cpu('1') + memory('512Mi'))), config: { cpuLimits: 'require' } },
    {
      name: 'a LimitRange max on CPU without a default makes the CPU limit mandatory',
      code: deployment(resources(cpu('250m') + memory('512Mi'), cpu('1') + memory('512Mi'))),
      files: { 'limits.yaml': limitRange('    - type: Container\n      max:\n        cpu: "2"\n') },
    },
    {
      name: 'a ResourceQuota on limits.cpu makes the CPU limit mandatory',
      code: deployment(resources(cpu('250m') + memory('512Mi'), cpu('1') + memory('512Mi'))),
      files: {
        'quota.yaml': `apiVersion: v1
kind: ResourceQuota
metadata:
  name: compute
spec:
  hard:
    requests.cpu: "10"
    limits.cpu: "20"
`,
      },
    },
    {
      name: 'Helm hooks are exempt',
      code: deployment().replace('  name: api\nspec:', '  name: api\n  annotations:\n    helm.sh/hook: pre-install\nspec:'),
    },
    {
      name: 'pod-level resources cover containers without their own',
      code: deployment('', '      resources:\n        requests:\n          cpu: "1"\n          memory: 1Gi\n        limits:\n          memory: 1Gi\n'),
    },
    {
      name: 'ephemeral storage with equal request and limit',
      code: deployment(resources(cpu('250m') + memory('512Mi') + storage('2Gi'), memory('512Mi') + storage('2Gi'))),
    },
    {
      name: 'a request above its limit is a schema error, not an imbalance',
      code: deployment(resources(cpu('250m') + memory('2Gi'), memory('1Gi'))),
    },
    {
      name: 'containers that are not a list do not crash the rule',
      code: `apiVersion: apps/v1
kind: Deployment
metadata:
  name: broken
spec:
  selector:
    matchLabels: {app: broken}
  template:
    metadata:
      labels: {app: broken}
    spec:
      containers: not-a-list
`,
    },
    {
      name: 'other resources fields and quantities as numbers',
      code: deployment(`${resources(cpu('0.5') + memory('536870912'), memory('512Mi'))}            claims:\n              - name: gpu\n`),
    },
  ],
  invalid: [
    {
      name: 'no resources at all: the editor adds requests and a memory limit with placeholders',
      code: deployment(),
      errors: [
        {
          messageId: 'missingRequests',
          line: 16,
          column: 11,
          endLine: 16,
          endColumn: 15,
          severity: 'warning',
          output: null,
          suggestions: [{ messageId: 'addRequests', output: deployment(placeholders) }],
        },
      ],
    },
    {
      name: 'an empty resources map is replaced whole',
      code: deployment('          resources: {}\n'),
      errors: [
        {
          messageId: 'missingRequests',
          line: 18,
          column: 11,
          endLine: 18,
          endColumn: 20,
          suggestions: [{ messageId: 'addRequests', output: deployment(placeholders) }],
        },
      ],
    },
    {
      name: 'a CPU request only: the memory request and limit are added next to it',
      code: deployment(resources(cpu('250m'))),
      errors: [
        {
          messageId: 'missingRequests',
          line: 19,
          column: 13,
          endLine: 19,
          endColumn: 21,
          suggestions: [{ messageId: 'addRequests', output: deployment(resources(cpu('250m') + memory('<memory>'), memory('<memory>'))) }],
        },
      ],
    },
    {
      name: 'a flow-style resources map gets flow-style additions',
      code: deployment('          resources: {requests: {cpu: 100m}}\n'),
      errors: [
        {
          messageId: 'missingRequests',
          line: 18,
          column: 23,
          endLine: 18,
          endColumn: 31,
          suggestions: [
            {
              messageId: 'addRequests',
              output: deployment('          resources: {requests: {cpu: 100m, memory: <memory>}, limits: {memory: <memory>}}\n'),
            },
          ],
        },
      ],
    },
    {
      name: 'a memory request without a limit',
      code: deployment(resources(cpu('250m') + memory('512Mi'))),
      errors: [
        {
          messageId: 'memoryLimitMissing',
          line: 18,
          column: 11,
          endLine: 18,
          endColumn: 20,
          severity: 'info',
          suggestions: [{ messageId: 'setLimit', output: deployment(balanced) }],
        },
      ],
    },
    {
      name: 'a memory limit above the request: raise the request or lower the limit',
      code: deployment(resources(cpu('250m') + memory('256Mi'), memory('1Gi'))),
      errors: [
        {
          messageId: 'memoryLimitDiffers',
          line: 23,
          column: 15,
          endLine: 23,
          endColumn: 21,
          severity: 'info',
          suggestions: [
            { messageId: 'raiseRequest', output: deployment(resources(cpu('250m') + memory('1Gi'), memory('1Gi'))) },
            { messageId: 'lowerLimit', output: deployment(resources(cpu('250m') + memory('256Mi'), memory('256Mi'))) },
          ],
        },
      ],
    },
    {
      name: 'a CPU limit is discouraged by default',
      code: deployment(resources(cpu('250m') + memory('512Mi'), cpu('"1"') + memory('512Mi'))),
      errors: [
        {
          messageId: 'cpuLimitSet',
          line: 23,
          column: 15,
          endLine: 23,
          endColumn: 18,
          severity: 'info',
          suggestions: [{ messageId: 'removeCpuLimit', output: deployment(balanced) }],
        },
      ],
    },
    {
      name: 'a CPU limit that is also the request moves to requests, and a limits map left empty goes',
      code: deployment(resources(memory('1Gi'), cpu('500m'))),
      errors: [
        {
          messageId: 'memoryLimitMissing',
          line: 21,
          column: 13,
          endLine: 21,
          endColumn: 19,
          severity: 'info',
          suggestions: [{ messageId: 'setLimit', output: deployment(resources(memory('1Gi'), cpu('500m') + memory('1Gi'))) }],
        },
        {
          messageId: 'cpuLimitSet',
          line: 22,
          column: 15,
          endLine: 22,
          endColumn: 18,
          severity: 'info',
          suggestions: [{ messageId: 'moveCpuLimit', output: deployment(resources(memory('1Gi') + cpu('500m'))) }],
        },
      ],
    },
    {
      name: 'cpuLimits: require reports a missing CPU limit and offers the request',
      code: deployment(balanced),
      config: { cpuLimits: 'require' },
      errors: [
        {
          messageId: 'cpuLimitMissing',
          line: 22,
          column: 13,
          endLine: 22,
          endColumn: 19,
          severity: 'info',
          suggestions: [{ messageId: 'setCpuLimit', output: deployment(resources(cpu('250m') + memory('512Mi'), memory('512Mi') + cpu('250m'))) }],
        },
      ],
    },
    {
      name: 'cpuLimits: require adds a CPU limit placeholder to the requests fix',
      code: deployment(),
      config: { cpuLimits: 'require' },
      errors: [
        {
          messageId: 'missingRequests',
          line: 16,
          column: 11,
          endLine: 16,
          endColumn: 15,
          suggestions: [{ messageId: 'addRequests', output: deployment(resources(cpu('<cpu>') + memory('<memory>'), cpu('<cpu>') + memory('<memory>'))) }],
        },
      ],
    },
    {
      name: 'init containers and native sidecars need requests too',
      code: deployment(
        balanced,
        `      initContainers:
        - name: migrate
          image: shop/migrate:1.2.3
        - name: proxy
          image: envoyproxy/envoy:v1.31.0
          restartPolicy: Always
`,
      ),
      errors: [
        {
          messageId: 'missingRequests',
          line: 16,
          column: 11,
          endLine: 16,
          endColumn: 15,
          suggestions: [
            {
              messageId: 'addRequests',
              output: deployment(
                balanced,
                `      initContainers:
        - name: migrate
          image: shop/migrate:1.2.3
${placeholders}        - name: proxy
          image: envoyproxy/envoy:v1.31.0
          restartPolicy: Always
`,
              ),
            },
          ],
        },
        {
          messageId: 'missingRequests',
          line: 18,
          column: 11,
          endLine: 18,
          endColumn: 15,
          suggestions: [
            {
              messageId: 'addRequests',
              output: deployment(
                balanced,
                `      initContainers:
        - name: migrate
          image: shop/migrate:1.2.3
        - name: proxy
          image: envoyproxy/envoy:v1.31.0
          restartPolicy: Always
${placeholders}`,
              ),
            },
          ],
        },
      ],
    },
    {
      name: 'a LimitRange of type Pod, or in another namespace, sets no container defaults',
      code: deployment(),
      files: {
        'pod-limits.yaml': limitRange('    - type: Pod\n      max:\n        memory: 4Gi\n'),
        'other.yaml': limitRange('    - type: Container\n      default:\n        cpu: 500m\n        memory: 512Mi\n', '  namespace: other\n'),
      },
      errors: [{ messageId: 'missingRequests', line: 16, column: 11, endLine: 16, endColumn: 15, suggestions: [{ messageId: 'addRequests', output: deployment(placeholders) }] }],
    },
    {
      name: 'a LimitRange that defaults only the CPU request leaves memory to the container',
      code: deployment(),
      files: { 'limits.yaml': limitRange('    - type: Container\n      defaultRequest:\n        cpu: 100m\n') },
      errors: [
        {
          messageId: 'missingRequests',
          line: 16,
          column: 11,
          endLine: 16,
          endColumn: 15,
          suggestions: [{ messageId: 'addRequests', output: deployment(resources(memory('<memory>'), memory('<memory>'))) }],
        },
      ],
    },
    {
      name: 'ephemeral storage requested without a limit, and with a larger limit',
      code: deployment(resources(cpu('250m') + memory('512Mi') + storage('1Gi'), memory('512Mi'))).concat(
        `        - name: cache
          image: shop/cache:1.2.3
${resources(cpu('250m') + memory('512Mi') + storage('1Gi'), memory('512Mi') + storage('4Gi'))}`,
      ),
      errors: [
        {
          messageId: 'storageLimitMissing',
          line: 23,
          column: 13,
          endLine: 23,
          endColumn: 19,
          severity: 'info',
          suggestions: [
            {
              messageId: 'setLimit',
              output: deployment(resources(cpu('250m') + memory('512Mi') + storage('1Gi'), memory('512Mi') + storage('1Gi'))).concat(
                `        - name: cache
          image: shop/cache:1.2.3
${resources(cpu('250m') + memory('512Mi') + storage('1Gi'), memory('512Mi') + storage('4Gi'))}`,
              ),
            },
          ],
        },
        {
          messageId: 'storageLimitDiffers',
          line: 34,
          column: 15,
          endLine: 34,
          endColumn: 32,
          severity: 'info',
          suggestions: [
            {
              messageId: 'raiseRequest',
              output: deployment(resources(cpu('250m') + memory('512Mi') + storage('1Gi'), memory('512Mi'))).concat(
                `        - name: cache
          image: shop/cache:1.2.3
${resources(cpu('250m') + memory('512Mi') + storage('4Gi'), memory('512Mi') + storage('4Gi'))}`,
              ),
            },
            {
              messageId: 'lowerLimit',
              output: deployment(resources(cpu('250m') + memory('512Mi') + storage('1Gi'), memory('512Mi'))).concat(
                `        - name: cache
          image: shop/cache:1.2.3
${resources(cpu('250m') + memory('512Mi') + storage('1Gi'), memory('512Mi') + storage('1Gi'))}`,
              ),
            },
          ],
        },
      ],
    },
    {
      name: 'a CronJob',
      code: `apiVersion: batch/v1
kind: CronJob
metadata:
  name: report
spec:
  schedule: "0 3 * * *"
  jobTemplate:
    spec:
      template:
        spec:
          restartPolicy: OnFailure
          containers:
          - name: report
            image: shop/report:1.2.3
`,
      errors: [
        {
          messageId: 'missingRequests',
          line: 13,
          column: 13,
          endLine: 13,
          endColumn: 17,
          suggestions: [
            {
              messageId: 'addRequests',
              output: `apiVersion: batch/v1
kind: CronJob
metadata:
  name: report
spec:
  schedule: "0 3 * * *"
  jobTemplate:
    spec:
      template:
        spec:
          restartPolicy: OnFailure
          containers:
          - name: report
            image: shop/report:1.2.3
            resources:
              requests:
                cpu: <cpu>
                memory: <memory>
              limits:
                memory: <memory>
`,
            },
          ],
        },
      ],
    },
    {
      name: 'requests written outside resources are not requests (kube-linter unset-cpu-requirements fixture)',
      code: deployment('          requests:\n            memory: 1Gi\n'),
      errors: [
        {
          messageId: 'missingRequests',
          line: 16,
          column: 11,
          endLine: 16,
          endColumn: 15,
          suggestions: [{ messageId: 'addRequests', output: deployment(`          requests:\n            memory: 1Gi\n${placeholders}`) }],
        },
      ],
    },
  ],
});
