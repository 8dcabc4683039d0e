import { defineCases } from '../../test/support/rule-tester';

const deployment = `apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
spec:
  replicas: 2
  selector:
    matchLabels:
      app: web
  template:
    metadata:
      labels:
        app: web
    spec:
      containers:
        - name: app
          image: shop/web:1.4.2
`;

/** The Deployment with extra lines in its pod spec (before `containers`) and in its container. */
function withPod(podLines: string, containerLines = ''): string {
  return deployment
    .replace('    spec:\n      containers:\n', `    spec:\n${podLines}      containers:\n`)
    .replace('          image: shop/web:1.4.2\n', `          image: shop/web:1.4.2\n${containerLines}`);
}

const hardened = `          securityContext:
            allowPrivilegeEscalation: false
            runAsNonRoot: true
            seccompProfile:
              type: RuntimeDefault
            capabilities:
              drop:
                - ALL
`;

const namespace = (name: string, level: string) => `apiVersion: v1
kind: Namespace
metadata:
  name: ${name}
  labels:
    pod-security.kubernetes.io/enforce: ${level}
`;

const bare = withPod('');
const bareHardened = withPod('', hardened);
const podLevel = `      securityContext:
        runAsNonRoot: true
        seccompProfile:
          type: RuntimeDefault
`;
const containerCaps = `          securityContext:
            allowPrivilegeEscalation: false
            capabilities:
              drop: [ALL]
              add: [NET_BIND_SERVICE]
`;

export default defineCases({
  valid: [
    { name: 'every container carries the restricted securityContext', code: bareHardened },
    { name: 'runAsNonRoot and seccomp set once at the pod level', code: withPod(podLevel, containerCaps) },
    {
      name: 'a Windows pod is exempt from the Linux-only controls',
      code: withPod('      os:\n        name: windows\n', '          securityContext:\n            runAsNonRoot: true\n'),
    },
    {
      name: 'a user-namespaced pod is exempt from the user controls from policy 1.35',
      code: withPod(
        '      hostUsers: false\n',
        '          securityContext:\n            runAsUser: 0\n            allowPrivilegeEscalation: false\n            seccompProfile: {type: RuntimeDefault}\n            capabilities: {drop: [ALL]}\n',
      ),
      config: { kubernetesVersion: '1.35' },
    },
    {
      name: 'the namespace enforces privileged: the owners chose it',
      code: bare.replace('  name: web\n', '  name: web\n  namespace: infra\n'),
      files: { 'namespace.yaml': namespace('infra', 'privileged') },
    },
    { name: 'workloads in kube-system are exempt by default', code: bare.replace('  name: web\n', '  name: web\n  namespace: kube-system\n') },
    {
      name: 'the exemptNamespaces option',
      code: bare.replace('  name: web\n', '  name: web\n  namespace: legacy\n'),
      config: { rules: { 'pss-restricted-violation': { severity: 'warning', options: { exemptNamespaces: ['legacy'] } } } },
    },
    {
      name: 'the allowed volume types',
      code: withPod(
        '      volumes:\n        - name: a\n          configMap: {name: a}\n        - name: b\n          secret: {secretName: b}\n        - name: c\n          emptyDir: {}\n        - name: d\n          persistentVolumeClaim: {claimName: d}\n        - name: e\n          projected: {sources: []}\n        - name: f\n          csi: {driver: secrets-store.csi.k8s.io}\n        - name: g\n          downwardAPI: {items: []}\n        - name: h\n          ephemeral: {}\n        - name: i\n          image: {reference: example/models:1}\n        - name: j\n',
        hardened,
      ),
    },
    {
      name: 'what baseline reports is not reported twice (hostPath, Unconfined, a capability outside baseline)',
      code: withPod(
        '      volumes:\n        - name: logs\n          hostPath:\n            path: /var/log\n',
        hardened.replace('                - ALL\n', '                - ALL\n              add: [NET_ADMIN]\n').replace('type: RuntimeDefault', 'type: Unconfined'),
      ),
    },
  ],
  invalid: [
    {
      name: 'a container without a securityContext: four controls, one quick-fix',
      code: bare,
      errors: ['capabilities', 'privilege-escalation', 'run-as-non-root', 'seccomp'].map((messageId) => ({
        messageId,
        line: 16,
        column: 11,
        endLine: 16,
        endColumn: 15,
        severity: 'warning' as const,
        output: null,
        suggestions: [{ messageId: 'harden', output: bareHardened }],
      })),
    },
    {
      name: 'merge, never replace: existing fields, capabilities.add and comments stay',
      code: withPod('', '          securityContext:\n            readOnlyRootFilesystem: true # keep\n            capabilities:\n              add: ["NET_BIND_SERVICE"]\n'),
      errors: [
        ...['privilege-escalation', 'run-as-non-root', 'seccomp'].map((messageId) => ({
          messageId,
          line: 18,
          column: 11,
          endLine: 18,
          endColumn: 26,
          suggestions: [
            {
              messageId: 'harden',
              output: withPod(
                '',
                '          securityContext:\n            readOnlyRootFilesystem: true # keep\n            capabilities:\n              add: ["NET_BIND_SERVICE"]\n              drop:\n                - ALL\n            allowPrivilegeEscalation: false\n            runAsNonRoot: true\n            seccompProfile:\n              type: RuntimeDefault\n',
              ),
            },
          ],
        })),
        {
          messageId: 'capabilities',
          line: 20,
          column: 13,
          endLine: 20,
          endColumn: 25,
          suggestions: [
            {
              messageId: 'harden',
              output: withPod(
                '',
                '          securityContext:\n            readOnlyRootFilesystem: true # keep\n            capabilities:\n              add: ["NET_BIND_SERVICE"]\n              drop:\n                - ALL\n            allowPrivilegeEscalation: false\n            runAsNonRoot: true\n            seccompProfile:\n              type: RuntimeDefault\n',
              ),
            },
          ],
        },
      ],
    },
    {
      name: 'a drop list without ALL gets ALL appended',
      code: withPod(podLevel, '          securityContext:\n            allowPrivilegeEscalation: false\n            capabilities:\n              drop: [NET_RAW]\n'),
      errors: [
        {
          messageId: 'capabilities',
          line: 25,
          column: 15,
          endLine: 25,
          endColumn: 19,
          suggestions: [
            { messageId: 'harden', output: withPod(podLevel, '          securityContext:\n            allowPrivilegeEscalation: false\n            capabilities:\n              drop: [NET_RAW, ALL]\n') },
          ],
        },
      ],
    },
    {
      name: 'privileged: the fix turns it off in the same edit, since the API rejects allowPrivilegeEscalation: false beside it',
      code: withPod(podLevel, '          securityContext:\n            privileged: true\n            capabilities:\n              drop: [ALL]\n              add:\n                - SYS_ADMIN\n'),
      errors: [
        {
          messageId: 'privilege-escalation',
          line: 22,
          column: 11,
          endLine: 22,
          endColumn: 26,
          suggestions: [
            {
              messageId: 'harden',
              output: withPod(podLevel, '          securityContext:\n            privileged: false\n            capabilities:\n              drop: [ALL]\n              add:\n            allowPrivilegeEscalation: false\n'),
            },
          ],
        },
      ],
    },
    {
      name: 'allowPrivilegeEscalation: true and runAsNonRoot: false written explicitly',
      code: withPod(podLevel, '          securityContext:\n            allowPrivilegeEscalation: true\n            runAsNonRoot: false\n            capabilities: {drop: [ALL]}\n'),
      errors: [
        {
          messageId: 'privilege-escalation',
          line: 23,
          column: 13,
          endLine: 23,
          endColumn: 37,
          suggestions: [
            { messageId: 'harden', output: withPod(podLevel, '          securityContext:\n            allowPrivilegeEscalation: false\n            runAsNonRoot: true\n            capabilities: {drop: [ALL]}\n') },
          ],
        },
        {
          messageId: 'run-as-non-root',
          line: 24,
          column: 13,
          endLine: 24,
          endColumn: 25,
          suggestions: [
            { messageId: 'harden', output: withPod(podLevel, '          securityContext:\n            allowPrivilegeEscalation: false\n            runAsNonRoot: true\n            capabilities: {drop: [ALL]}\n') },
          ],
        },
      ],
    },
    {
      name: 'a non-root runAsUser makes runAsNonRoot: true a safe fix (kube-score all-good fixture)',
      code: `apiVersion: v1
kind: Pod
metadata:
  name: pod-test-1
spec:
  securityContext:
    seccompProfile:
      type: RuntimeDefault
  containers:
  - name: foobar
    image: foo/bar:1.0
    securityContext:
      privileged: False
      allowPrivilegeEscalation: false
      runAsUser: 30000
      runAsGroup: 30000
      capabilities:
        drop: [ALL]
`,
      errors: [
        {
          messageId: 'run-as-non-root',
          line: 12,
          column: 5,
          endLine: 12,
          endColumn: 20,
          output: `apiVersion: v1
kind: Pod
metadata:
  name: pod-test-1
spec:
  securityContext:
    seccompProfile:
      type: RuntimeDefault
  containers:
  - name: foobar
    image: foo/bar:1.0
    securityContext:
      privileged: False
      allowPrivilegeEscalation: false
      runAsUser: 30000
      runAsGroup: 30000
      capabilities:
        drop: [ALL]
      runAsNonRoot: true
`,
          suggestions: [
            {
              messageId: 'harden',
              output: `apiVersion: v1
kind: Pod
metadata:
  name: pod-test-1
spec:
  securityContext:
    seccompProfile:
      type: RuntimeDefault
  containers:
  - name: foobar
    image: foo/bar:1.0
    securityContext:
      privileged: False
      allowPrivilegeEscalation: false
      runAsUser: 30000
      runAsGroup: 30000
      capabilities:
        drop: [ALL]
      runAsNonRoot: true
`,
            },
          ],
        },
      ],
    },
    {
      name: 'runAsUser: 0 at both levels; runAsNonRoot: true is never offered to a container that runs as root',
      code: withPod(
        '      securityContext:\n        runAsUser: 0\n        seccompProfile:\n          type: RuntimeDefault\n',
        '          securityContext:\n            runAsUser: 0\n            allowPrivilegeEscalation: false\n            capabilities:\n              drop: [ALL]\n',
      ),
      errors: [
        { messageId: 'run-as-user', line: 16, column: 20, endLine: 16, endColumn: 21 },
        { messageId: 'run-as-non-root', line: 22, column: 11, endLine: 22, endColumn: 26, suggestions: [] },
        { messageId: 'run-as-user', line: 23, column: 24, endLine: 23, endColumn: 25 },
      ],
    },
    {
      name: 'runAsNonRoot: false at the pod level',
      code: withPod('      securityContext:\n        runAsNonRoot: false\n        seccompProfile:\n          type: RuntimeDefault\n', containerCaps),
      errors: [
        {
          messageId: 'run-as-non-root',
          line: 16,
          column: 9,
          endLine: 16,
          endColumn: 21,
          suggestions: [{ messageId: 'setPodRunAsNonRoot', output: withPod('      securityContext:\n        runAsNonRoot: true\n        seccompProfile:\n          type: RuntimeDefault\n', containerCaps) }],
        },
      ],
    },
    {
      name: 'an added capability that baseline allows but restricted does not',
      code: withPod(podLevel, containerCaps.replace('add: [NET_BIND_SERVICE]', 'add: [NET_BIND_SERVICE, CHOWN]')),
      errors: [
        {
          messageId: 'capabilities',
          line: 26,
          column: 39,
          endLine: 26,
          endColumn: 44,
          suggestions: [{ messageId: 'removeCapability', output: withPod(podLevel, containerCaps) }],
        },
      ],
    },
    {
      name: 'a seccompProfile without a type, and an init container with none',
      code: withPod(
        '      initContainers:\n        - name: init\n          image: busybox:1.36\n          securityContext:\n            allowPrivilegeEscalation: false\n            runAsNonRoot: true\n            capabilities: {drop: [ALL]}\n',
        '          securityContext:\n            allowPrivilegeEscalation: false\n            runAsNonRoot: true\n            seccompProfile: {}\n            capabilities: {drop: [ALL]}\n',
      ),
      errors: [
        {
          messageId: 'seccomp',
          line: 18,
          column: 11,
          endLine: 18,
          endColumn: 26,
          suggestions: [
            {
              messageId: 'harden',
              output: withPod(
                '      initContainers:\n        - name: init\n          image: busybox:1.36\n          securityContext:\n            allowPrivilegeEscalation: false\n            runAsNonRoot: true\n            capabilities: {drop: [ALL]}\n            seccompProfile:\n              type: RuntimeDefault\n',
                '          securityContext:\n            allowPrivilegeEscalation: false\n            runAsNonRoot: true\n            seccompProfile: {}\n            capabilities: {drop: [ALL]}\n',
              ),
            },
          ],
        },
        {
          messageId: 'seccomp',
          line: 28,
          column: 13,
          endLine: 28,
          endColumn: 27,
          suggestions: [
            {
              messageId: 'harden',
              output: withPod(
                '      initContainers:\n        - name: init\n          image: busybox:1.36\n          securityContext:\n            allowPrivilegeEscalation: false\n            runAsNonRoot: true\n            capabilities: {drop: [ALL]}\n',
                '          securityContext:\n            allowPrivilegeEscalation: false\n            runAsNonRoot: true\n            seccompProfile: {type: RuntimeDefault}\n            capabilities: {drop: [ALL]}\n',
              ),
            },
          ],
        },
      ],
    },
    {
      name: 'a volume type outside the restricted list (no fix: a claim needs a PersistentVolume)',
      code: withPod('      volumes:\n        - name: shared\n          nfs:\n            server: fs.example.com\n            path: /exports\n', hardened),
      errors: [{ messageId: 'volume-types', line: 17, column: 11, endLine: 17, endColumn: 14 }],
    },
    {
      name: 'a namespace that enforces restricted makes it an error',
      code: withPod(podLevel, '          securityContext:\n            capabilities: {drop: [ALL]}\n').replace('  name: web\n', '  name: web\n  namespace: shop\n'),
      files: { 'namespace.yaml': namespace('shop', 'restricted') },
      errors: [
        {
          messageId: 'privilege-escalation',
          line: 23,
          column: 11,
          endLine: 23,
          endColumn: 26,
          severity: 'error',
          suggestions: [
            {
              messageId: 'harden',
              output: withPod(podLevel, '          securityContext:\n            capabilities: {drop: [ALL]}\n            allowPrivilegeEscalation: false\n').replace('  name: web\n', '  name: web\n  namespace: shop\n'),
            },
          ],
        },
      ],
    },
    {
      name: 'a namespace that enforces baseline keeps restricted a warning',
      code: withPod(podLevel, '          securityContext:\n            capabilities: {drop: [ALL]}\n').replace('  name: web\n', '  name: web\n  namespace: shop\n'),
      files: { 'namespace.yaml': namespace('shop', 'baseline') },
      errors: [
        {
          messageId: 'privilege-escalation',
          line: 23,
          column: 11,
          endLine: 23,
          endColumn: 26,
          severity: 'warning',
          suggestions: [
            {
              messageId: 'harden',
              output: withPod(podLevel, '          securityContext:\n            capabilities: {drop: [ALL]}\n            allowPrivilegeEscalation: false\n').replace('  name: web\n', '  name: web\n  namespace: shop\n'),
            },
          ],
        },
      ],
    },
    {
      name: 'a Windows pod still needs runAsNonRoot, and the fix writes nothing Linux-only',
      code: withPod('      os:\n        name: windows\n'),
      errors: [
        {
          messageId: 'run-as-non-root',
          line: 18,
          column: 11,
          endLine: 18,
          endColumn: 15,
          suggestions: [{ messageId: 'harden', output: withPod('      os:\n        name: windows\n', '          securityContext:\n            runAsNonRoot: true\n') }],
        },
      ],
    },
    {
      name: 'procMount in a user-namespaced pod: baseline relaxes it from 1.35, restricted does not',
      code: withPod('      hostUsers: false\n' + podLevel.replace('        runAsNonRoot: true\n', ''), containerCaps.replace('            capabilities:', '            procMount: Unmasked\n            capabilities:')),
      config: { kubernetesVersion: '1.35' },
      errors: [{ messageId: 'proc-mount', line: 24, column: 24, endLine: 24, endColumn: 32 }],
    },
    {
      name: 'a CronJob with a flow-style container',
      code: `apiVersion: batch/v1
kind: CronJob
metadata:
  name: report
spec:
  schedule: "0 1 * * *"
  jobTemplate:
    spec:
      template:
        spec:
          restartPolicy: Never
          securityContext: {runAsNonRoot: true, seccompProfile: {type: RuntimeDefault}}
          containers:
            - {name: report, image: "example/report:2.0", securityContext: {capabilities: {drop: [ALL]}}}
`,
      errors: [
        {
          messageId: 'privilege-escalation',
          line: 14,
          column: 59,
          endLine: 14,
          endColumn: 74,
          suggestions: [
            {
              messageId: 'harden',
              output: `apiVersion: batch/v1
kind: CronJob
metadata:
  name: report
spec:
  schedule: "0 1 * * *"
  jobTemplate:
    spec:
      template:
        spec:
          restartPolicy: Never
          securityContext: {runAsNonRoot: true, seccompProfile: {type: RuntimeDefault}}
          containers:
            - {name: report, image: "example/report:2.0", securityContext: {capabilities: {drop: [ALL]}, allowPrivilegeEscalation: false}}
`,
            },
          ],
        },
      ],
    },
  ],
});

