import { defineCases } from '../../test/support/rule-tester';

/** A Deployment whose pod spec starts with `tolerations` (items from line 16 on). */
const deployment = (tolerations: string, kind = 'Deployment') => `apiVersion: apps/v1
kind: ${kind}
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
      tolerations:
${tolerations}      containers:
        - name: api
          image: api:1.0.0
`;

const unreachableForever = `        - key: node.kubernetes.io/unreachable
          operator: Exists
          effect: NoExecute
`;
const notReadyForever = `        - key: node.kubernetes.io/not-ready
          operator: Exists
          effect: NoExecute
`;
const bounded = (key: string, seconds: number) => `        - key: ${key}
          operator: Exists
          effect: NoExecute
          tolerationSeconds: ${seconds}
`;
const withoutTolerations = deployment('').replace('      tolerations:\n', '');

export default defineCases({
  valid: [
    { name: 'the Kubernetes default of 300 seconds', code: deployment(bounded('node.kubernetes.io/unreachable', 300)) },
    {
      name: 'a bounded value that rides out a WAN disconnection (EKS hybrid nodes guide)',
      code: deployment(bounded('node.kubernetes.io/unreachable', 1800) + bounded('node.kubernetes.io/not-ready', 1800)),
    },
    { name: 'exactly one hour', code: deployment(bounded('node.kubernetes.io/unreachable', 3600)) },
    {
      name: 'the NoSchedule taint only affects scheduling',
      code: deployment(`        - key: node.kubernetes.io/unreachable
          operator: Exists
          effect: NoSchedule
`),
    },
    {
      name: 'a forever toleration of an unrelated taint',
      code: deployment(`        - key: dedicated
          operator: Equal
          value: gpu
          effect: NoExecute
`),
    },
    {
      name: 'Equal with a value never matches the node-failure taint, which has none',
      code: deployment(`        - key: node.kubernetes.io/unreachable
          operator: Equal
          value: "true"
          effect: NoExecute
`),
    },
    {
      name: 'a key-less Exists toleration of NoSchedule taints only',
      code: deployment(`        - operator: Exists
          effect: NoSchedule
`),
    },
    {
      name: 'a bounded toleration listed first decides, whatever follows',
      code: deployment(bounded('node.kubernetes.io/unreachable', 300) + bounded('node.kubernetes.io/not-ready', 300) + `        - operator: Exists
`),
    },
    { name: 'a tolerationSeconds that is not a number is left alone', code: deployment(`${unreachableForever}          tolerationSeconds: "\${TOLERATION}"\n`) },
    { name: 'no tolerations: the API server adds 300 seconds', code: withoutTolerations },
    {
      name: 'DaemonSets tolerate node failures by design',
      code: deployment(unreachableForever, 'DaemonSet').replace('  replicas: 3\n', ''),
    },
    {
      name: 'Jobs run to completion',
      code: `apiVersion: batch/v1
kind: Job
metadata:
  name: backfill
spec:
  template:
    spec:
      restartPolicy: OnFailure
      containers:
        - name: backfill
          image: backfill:1.0.0
      tolerations:
${unreachableForever}`,
    },
    {
      name: 'a Helm hook',
      code: deployment(unreachableForever).replace('  name: api\n', '  name: api\n  annotations:\n    helm.sh/hook: pre-upgrade\n'),
    },
  ],
  invalid: [
    {
      name: 'unreachable tolerated forever: the safe fix bounds it to 300 seconds',
      code: deployment(unreachableForever),
      errors: [
        {
          messageId: 'forever',
          line: 16,
          column: 16,
          endLine: 16,
          endColumn: 46,
          severity: 'warning',
          output: deployment(`${unreachableForever}          tolerationSeconds: 300\n`),
          suggestions: [{ messageId: 'remove', output: withoutTolerations }],
        },
      ],
    },
    {
      name: 'a StatefulSet that rides out partitions forever on unreachable nodes and for a day on not-ready ones',
      code: deployment(unreachableForever + bounded('node.kubernetes.io/not-ready', 86400), 'StatefulSet'),
      errors: [
        {
          messageId: 'forever',
          line: 16,
          column: 16,
          endLine: 16,
          endColumn: 46,
          severity: 'warning',
          output: deployment(`${unreachableForever}          tolerationSeconds: 300\n${bounded('node.kubernetes.io/not-ready', 86400)}`, 'StatefulSet'),
          suggestions: [{ messageId: 'remove', output: deployment(bounded('node.kubernetes.io/not-ready', 86400), 'StatefulSet') }],
        },
        {
          messageId: 'long',
          line: 22,
          column: 30,
          endLine: 22,
          endColumn: 35,
          severity: 'info',
          output: null,
          suggestions: [{ messageId: 'setSeconds', output: deployment(unreachableForever + bounded('node.kubernetes.io/not-ready', 300), 'StatefulSet') }],
        },
      ],
    },
    {
      name: 'not-ready tolerated forever after a bounded unreachable toleration',
      code: deployment(bounded('node.kubernetes.io/unreachable', 300) + notReadyForever),
      errors: [
        {
          messageId: 'forever',
          line: 20,
          column: 16,
          endLine: 20,
          endColumn: 44,
          output: deployment(`${bounded('node.kubernetes.io/unreachable', 300)}${notReadyForever}          tolerationSeconds: 300\n`),
          suggestions: [{ messageId: 'remove', output: deployment(bounded('node.kubernetes.io/unreachable', 300)) }],
        },
      ],
    },
    {
      name: 'an empty effect also tolerates NoExecute; tolerationSeconds needs effect NoExecute, so no safe fix',
      code: deployment(`        - key: node.kubernetes.io/not-ready
          operator: Equal
`),
      errors: [
        {
          messageId: 'forever',
          line: 16,
          column: 16,
          endLine: 16,
          endColumn: 44,
          output: null,
          suggestions: [
            {
              messageId: 'setEffectAndSeconds',
              output: deployment(`        - key: node.kubernetes.io/not-ready
          operator: Equal
          effect: NoExecute
          tolerationSeconds: 300
`),
            },
            { messageId: 'remove', output: withoutTolerations },
          ],
        },
      ],
    },
    {
      name: 'a key-less Exists toleration tolerates every taint forever',
      code: deployment(`        - operator: Exists
`),
      errors: [
        {
          messageId: 'foreverAll',
          line: 16,
          column: 21,
          endLine: 16,
          endColumn: 27,
          output: null,
          suggestions: [
            {
              messageId: 'boundNoExecute',
              output: deployment(`        - operator: Exists
          effect: NoSchedule
        - operator: Exists
          effect: NoExecute
          tolerationSeconds: 300
`),
            },
          ],
        },
      ],
    },
    {
      name: 'a key-less Exists toleration of NoExecute taints',
      code: deployment(`        - operator: Exists
          effect: NoExecute
`),
      errors: [
        {
          messageId: 'foreverAll',
          line: 16,
          column: 21,
          endLine: 16,
          endColumn: 27,
          output: null,
          suggestions: [
            {
              messageId: 'setSeconds',
              output: deployment(`        - operator: Exists
          effect: NoExecute
          tolerationSeconds: 300
`),
            },
          ],
        },
      ],
    },
    {
      name: 'a forever toleration listed before a bounded one decides (the first match wins)',
      code: deployment(unreachableForever + bounded('node.kubernetes.io/unreachable', 300)),
      errors: [
        {
          messageId: 'forever',
          line: 16,
          column: 16,
          endLine: 16,
          endColumn: 46,
          output: deployment(`${unreachableForever}          tolerationSeconds: 300\n${bounded('node.kubernetes.io/unreachable', 300)}`),
          suggestions: [{ messageId: 'remove', output: deployment(bounded('node.kubernetes.io/unreachable', 300)) }],
        },
      ],
    },
    {
      name: 'a day is bounded but long: info',
      code: deployment(bounded('node.kubernetes.io/unreachable', 86400)),
      errors: [
        {
          messageId: 'long',
          line: 19,
          column: 30,
          endLine: 19,
          endColumn: 35,
          severity: 'info',
          output: null,
          suggestions: [{ messageId: 'setSeconds', output: deployment(bounded('node.kubernetes.io/unreachable', 300)) }],
        },
      ],
    },
    {
      name: 'a bare Pod with a flow-style toleration',
      code: `apiVersion: v1
kind: Pod
metadata:
  name: debug
spec:
  containers:
    - name: shell
      image: busybox:1.36
  tolerations: [{key: node.kubernetes.io/unreachable, operator: Exists, effect: NoExecute}]
`,
      errors: [
        {
          messageId: 'forever',
          line: 9,
          column: 23,
          endLine: 9,
          endColumn: 53,
          output: `apiVersion: v1
kind: Pod
metadata:
  name: debug
spec:
  containers:
    - name: shell
      image: busybox:1.36
  tolerations: [{key: node.kubernetes.io/unreachable, operator: Exists, effect: NoExecute, tolerationSeconds: 300}]
`,
          suggestions: [
            {
              messageId: 'remove',
              output: `apiVersion: v1
kind: Pod
metadata:
  name: debug
spec:
  containers:
    - name: shell
      image: busybox:1.36
`,
            },
          ],
        },
      ],
    },
  ],
});
