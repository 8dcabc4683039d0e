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

const namespace = (name: string, labels: string) => `apiVersion: v1
kind: Namespace
metadata:
  name: ${name}
  labels:
${labels}`;

const daemonSet = `apiVersion: apps/v1
kind: DaemonSet
metadata:
  name: node-agent
  namespace: kube-system
spec:
  selector:
    matchLabels:
      app: node-agent
  template:
    metadata:
      labels:
        app: node-agent
    spec:
      hostNetwork: true
      containers:
        - name: agent
          image: example/node-agent:2.1.0
          ports:
            - containerPort: 9100
              hostPort: 9100
          volumeMounts:
            - name: proc
              mountPath: /host/proc
      volumes:
        - name: proc
          hostPath:
            path: /proc
`;

const privileged = withPod('', '          securityContext:\n            privileged: true\n');

export default defineCases({
  valid: [
    { name: 'a pod template without host access or extra privileges', code: deployment },
    {
      name: 'fields set to their safe values',
      code: withPod(
        `      hostNetwork: false
      hostPID: false
      securityContext:
        seccompProfile:
          type: RuntimeDefault
        seLinuxOptions:
          type: container_t
        sysctls:
          - name: net.ipv4.ip_local_port_range
            value: "1024 65000"
          - name: kernel.shm_rmid_forced
            value: "1"
`,
        `          ports:
            - containerPort: 8080
              hostPort: 0
          securityContext:
            privileged: false
            procMount: Default
            appArmorProfile:
              type: Localhost
              localhostProfile: web
            capabilities:
              add: [NET_BIND_SERVICE, CHOWN]
              drop: [ALL]
`,
      ).replace('        app: web\n    spec:', '        app: web\n      annotations:\n        container.apparmor.security.beta.kubernetes.io/app: runtime/default\n    spec:'),
    },
    {
      name: 'the namespace enforces privileged: the owners chose it',
      code: privileged.replace('  name: web\n', '  name: web\n  namespace: infra\n'),
      files: { 'namespace.yaml': namespace('infra', '    pod-security.kubernetes.io/enforce: privileged\n') },
    },
    { name: 'a DaemonSet in kube-system may use the host network, host ports and hostPath (node agents)', code: daemonSet },
    {
      name: 'sysctls that the configured Kubernetes version made safe',
      code: withPod('      securityContext:\n        sysctls:\n          - name: net.ipv4.tcp_rmem\n            value: "4096 87380 6291456"\n'),
      config: { kubernetesVersion: '1.32' },
    },
    {
      name: 'a probe host is allowed before policy 1.34',
      code: withPod('', '          readinessProbe:\n            httpGet:\n              host: 127.0.0.1\n              path: /ready\n              port: 8080\n'),
    },
    {
      name: 'container_engine_t is an allowed SELinux type from policy 1.31',
      code: withPod('', '          securityContext:\n            seLinuxOptions:\n              type: container_engine_t\n'),
      config: { kubernetesVersion: '1.31' },
    },
    {
      name: 'an unmasked /proc in a user-namespaced pod from policy 1.35',
      code: withPod('      hostUsers: false\n', '          securityContext:\n            procMount: Unmasked\n'),
      config: { kubernetesVersion: '1.35' },
    },
    {
      name: 'fields of the wrong type are left to the API server',
      code: withPod(
        '      hostNetwork: "true"\n      securityContext: null\n      volumes:\n        - null\n        - name: empty\n          hostPath: null\n',
        '          securityContext:\n            privileged: "true"\n            capabilities:\n              add: null\n          ports: [8080]\n',
      ),
    },
    {
      name: 'ephemeral containers that only debug',
      code: withPod('      ephemeralContainers:\n        - name: debug\n          image: busybox:1.36\n'),
    },
  ],
  invalid: [
    {
      name: 'host namespaces',
      code: withPod('      hostNetwork: true\n      hostPID: true\n      hostIPC: true\n'),
      errors: [
        {
          messageId: 'host-namespaces',
          line: 15,
          column: 7,
          endLine: 15,
          endColumn: 18,
          severity: 'warning',
          output: null,
          suggestions: [{ messageId: 'setValue', output: withPod('      hostNetwork: false\n      hostPID: true\n      hostIPC: true\n') }],
        },
        {
          messageId: 'host-namespaces',
          line: 16,
          column: 7,
          endLine: 16,
          endColumn: 14,
          suggestions: [{ messageId: 'setValue', output: withPod('      hostNetwork: true\n      hostPID: false\n      hostIPC: true\n') }],
        },
        {
          messageId: 'host-namespaces',
          line: 17,
          column: 7,
          endLine: 17,
          endColumn: 14,
          suggestions: [{ messageId: 'setValue', output: withPod('      hostNetwork: true\n      hostPID: true\n      hostIPC: false\n') }],
        },
      ],
    },
    {
      name: 'a privileged container',
      code: privileged,
      errors: [
        {
          messageId: 'privileged',
          line: 19,
          column: 13,
          endLine: 19,
          endColumn: 23,
          severity: 'warning',
          suggestions: [{ messageId: 'setValue', output: privileged.replace('privileged: true', 'privileged: false') }],
        },
      ],
    },
    {
      name: 'capabilities outside the baseline list (allowed ones stay silent; a commented item is not removed)',
      code: withPod('', '          securityContext:\n            capabilities:\n              add:\n                - CHOWN # the entrypoint chowns /data\n                - SYS_TIME # ntp\n                - NET_ADMIN\n'),
      errors: [
        { messageId: 'capabilities', line: 22, column: 19, endLine: 22, endColumn: 27, suggestions: [] },
        {
          messageId: 'capabilities',
          line: 23,
          column: 19,
          endLine: 23,
          endColumn: 28,
          suggestions: [
            { messageId: 'remove', output: withPod('', '          securityContext:\n            capabilities:\n              add:\n                - CHOWN # the entrypoint chowns /data\n                - SYS_TIME # ntp\n') },
          ],
        },
      ],
    },
    {
      name: 'a hostPath volume mounted read-write: reported on the mount, with the read-only interim step',
      code: withPod('      volumes:\n        - name: logs\n          hostPath:\n            path: /var/log\n', '          volumeMounts:\n            - name: logs\n              mountPath: /logs\n'),
      errors: [
        {
          messageId: 'hostpath',
          line: 23,
          column: 21,
          endLine: 23,
          endColumn: 25,
          suggestions: [
            {
              messageId: 'mountReadOnly',
              output: withPod(
                '      volumes:\n        - name: logs\n          hostPath:\n            path: /var/log\n',
                '          volumeMounts:\n            - name: logs\n              mountPath: /logs\n              readOnly: true\n',
              ),
            },
          ],
        },
      ],
    },
    {
      name: 'a hostPath volume mounted read-only: reported on the volume',
      code: withPod(
        '      volumes:\n        - name: config\n          emptyDir: {}\n        - name: logs\n          hostPath:\n            path: /var/log\n',
        '          volumeMounts:\n            - name: logs\n              mountPath: /logs\n              readOnly: true\n            - name: config\n              mountPath: /config\n',
      ),
      errors: [
        {
          messageId: 'hostpath',
          line: 19,
          column: 11,
          endLine: 19,
          endColumn: 19,
          suggestions: [
            {
              messageId: 'removeVolume',
              output: withPod('      volumes:\n        - name: config\n          emptyDir: {}\n', '          volumeMounts:\n            - name: config\n              mountPath: /config\n'),
            },
          ],
        },
      ],
    },
    {
      name: 'a host port',
      code: withPod('', '          ports:\n            - containerPort: 8080\n              hostPort: 8080\n'),
      errors: [
        {
          messageId: 'host-ports',
          line: 20,
          column: 15,
          endLine: 20,
          endColumn: 23,
          suggestions: [{ messageId: 'remove', output: withPod('', '          ports:\n            - containerPort: 8080\n') }],
        },
      ],
    },
    {
      name: 'AppArmor unconfined, by annotation and by field',
      code: withPod('', '          securityContext:\n            appArmorProfile:\n              type: Unconfined\n').replace(
        '        app: web\n    spec:',
        '        app: web\n      annotations:\n        container.apparmor.security.beta.kubernetes.io/app: unconfined\n    spec:',
      ),
      errors: [
        {
          messageId: 'apparmor',
          line: 15,
          column: 61,
          endLine: 15,
          endColumn: 71,
          suggestions: [
            {
              messageId: 'setValue',
              output: withPod('', '          securityContext:\n            appArmorProfile:\n              type: Unconfined\n').replace(
                '        app: web\n    spec:',
                '        app: web\n      annotations:\n        container.apparmor.security.beta.kubernetes.io/app: runtime/default\n    spec:',
              ),
            },
          ],
        },
        {
          messageId: 'apparmor',
          line: 22,
          column: 21,
          endLine: 22,
          endColumn: 31,
          suggestions: [
            {
              messageId: 'setValue',
              output: withPod('', '          securityContext:\n            appArmorProfile:\n              type: RuntimeDefault\n').replace(
                '        app: web\n    spec:',
                '        app: web\n      annotations:\n        container.apparmor.security.beta.kubernetes.io/app: unconfined\n    spec:',
              ),
            },
          ],
        },
      ],
    },
    {
      name: 'a custom SELinux type and user',
      code: withPod('      securityContext:\n        seLinuxOptions:\n          type: spc_t\n          user: system_u\n'),
      errors: [
        {
          messageId: 'selinux',
          line: 17,
          column: 17,
          endLine: 17,
          endColumn: 22,
          suggestions: [{ messageId: 'remove', output: withPod('      securityContext:\n        seLinuxOptions:\n          user: system_u\n') }],
        },
        {
          messageId: 'selinux',
          line: 18,
          column: 17,
          endLine: 18,
          endColumn: 25,
          suggestions: [{ messageId: 'remove', output: withPod('      securityContext:\n        seLinuxOptions:\n          type: spc_t\n') }],
        },
      ],
    },
    {
      name: 'an unmasked /proc (the relaxation needs hostUsers: false and policy 1.35)',
      code: withPod('      hostUsers: false\n', '          securityContext:\n            procMount: Unmasked\n'),
      errors: [
        {
          messageId: 'proc-mount',
          line: 20,
          column: 24,
          endLine: 20,
          endColumn: 32,
          suggestions: [{ messageId: 'setValue', output: withPod('      hostUsers: false\n', '          securityContext:\n            procMount: Default\n') }],
        },
      ],
    },
    {
      name: 'seccomp Unconfined at the pod level',
      code: withPod('      securityContext:\n        seccompProfile:\n          type: Unconfined\n'),
      errors: [
        {
          messageId: 'seccomp',
          line: 17,
          column: 17,
          endLine: 17,
          endColumn: 27,
          suggestions: [{ messageId: 'setValue', output: withPod('      securityContext:\n        seccompProfile:\n          type: RuntimeDefault\n') }],
        },
      ],
    },
    {
      name: 'probe and lifecycle hosts from policy 1.34',
      code: withPod(
        '',
        '          readinessProbe:\n            httpGet:\n              host: metadata.internal\n              path: /ready\n              port: 8080\n          lifecycle:\n            preStop:\n              tcpSocket:\n                host: 10.0.0.1\n                port: 9000\n',
      ),
      config: { kubernetesVersion: '1.34' },
      errors: [
        {
          messageId: 'host-probes',
          line: 20,
          column: 21,
          endLine: 20,
          endColumn: 38,
          suggestions: [
            {
              messageId: 'remove',
              output: withPod('', '          readinessProbe:\n            httpGet:\n              path: /ready\n              port: 8080\n          lifecycle:\n            preStop:\n              tcpSocket:\n                host: 10.0.0.1\n                port: 9000\n'),
            },
          ],
        },
        {
          messageId: 'host-probes',
          line: 26,
          column: 23,
          endLine: 26,
          endColumn: 31,
          suggestions: [
            {
              messageId: 'remove',
              output: withPod('', '          readinessProbe:\n            httpGet:\n              host: metadata.internal\n              path: /ready\n              port: 8080\n          lifecycle:\n            preStop:\n              tcpSocket:\n                port: 9000\n'),
            },
          ],
        },
      ],
    },
    {
      name: 'unsafe sysctls, and one that is safe only from 1.32',
      code: withPod(
        '      securityContext:\n        sysctls:\n          - name: net.core.somaxconn\n            value: "1024"\n          - name: net.ipv4.tcp_keepalive_time\n            value: "60"\n          - name: net.ipv4.tcp_rmem\n            value: "4096 87380 6291456"\n',
      ),
      errors: [
        {
          messageId: 'sysctls',
          line: 17,
          column: 19,
          endLine: 17,
          endColumn: 37,
          suggestions: [
            {
              messageId: 'remove',
              output: withPod('      securityContext:\n        sysctls:\n          - name: net.ipv4.tcp_keepalive_time\n            value: "60"\n          - name: net.ipv4.tcp_rmem\n            value: "4096 87380 6291456"\n'),
            },
          ],
        },
        {
          messageId: 'sysctls',
          line: 21,
          column: 19,
          endLine: 21,
          endColumn: 36,
          suggestions: [
            {
              messageId: 'remove',
              output: withPod('      securityContext:\n        sysctls:\n          - name: net.core.somaxconn\n            value: "1024"\n          - name: net.ipv4.tcp_keepalive_time\n            value: "60"\n'),
            },
          ],
        },
      ],
    },
    {
      name: 'a namespace that enforces baseline makes it an error (the pod is rejected)',
      code: privileged.replace('  name: web\n', '  name: web\n  namespace: shop\n'),
      files: { 'namespace.yaml': namespace('shop', '    pod-security.kubernetes.io/enforce: baseline\n') },
      errors: [
        {
          messageId: 'privileged',
          line: 20,
          column: 13,
          endLine: 20,
          endColumn: 23,
          severity: 'error',
          suggestions: [{ messageId: 'setValue', output: privileged.replace('  name: web\n', '  name: web\n  namespace: shop\n').replace('privileged: true', 'privileged: false') }],
        },
      ],
    },
    {
      name: 'a pinned enforce-version selects the older sysctl set',
      code: withPod('      securityContext:\n        sysctls:\n          - name: net.ipv4.tcp_keepalive_time\n            value: "60"\n').replace('  name: web\n', '  name: web\n  namespace: shop\n'),
      files: {
        'namespace.yaml': namespace('shop', '    pod-security.kubernetes.io/enforce: restricted\n    pod-security.kubernetes.io/enforce-version: v1.27\n'),
      },
      config: { kubernetesVersion: '1.32' },
      errors: [
        {
          messageId: 'sysctls',
          line: 18,
          column: 19,
          endLine: 18,
          endColumn: 46,
          severity: 'error',
          suggestions: [
            {
              messageId: 'remove',
              output: withPod('      securityContext:\n        sysctls:\n').replace('  name: web\n', '  name: web\n  namespace: shop\n'),
            },
          ],
        },
      ],
    },
    {
      name: 'the kube-system exemption covers DaemonSets only',
      code: `${daemonSet.replace('kind: DaemonSet', 'kind: Deployment')}`,
      errors: [
        { messageId: 'host-namespaces', line: 15, column: 7, endLine: 15, endColumn: 18, suggestions: [{ messageId: 'setValue', output: daemonSet.replace('kind: DaemonSet', 'kind: Deployment').replace('hostNetwork: true', 'hostNetwork: false') }] },
        {
          messageId: 'host-ports',
          line: 21,
          column: 15,
          endLine: 21,
          endColumn: 23,
          suggestions: [{ messageId: 'remove', output: daemonSet.replace('kind: DaemonSet', 'kind: Deployment').replace('              hostPort: 9100\n', '') }],
        },
        {
          messageId: 'hostpath',
          line: 23,
          column: 21,
          endLine: 23,
          endColumn: 25,
          suggestions: [{ messageId: 'mountReadOnly', output: daemonSet.replace('kind: DaemonSet', 'kind: Deployment').replace('              mountPath: /host/proc\n', '              mountPath: /host/proc\n              readOnly: true\n') }],
        },
      ],
    },
    {
      name: 'a privileged DaemonSet in kube-system, with only host-namespaces exempt (host ports follow it)',
      code: daemonSet.replace('          image: example/node-agent:2.1.0\n', '          image: example/node-agent:2.1.0\n          securityContext:\n            privileged: true\n'),
      config: { rules: { 'pss-baseline-violation': { severity: 'warning', options: { kubeSystemDaemonSetExemptions: ['host-namespaces'] } } } },
      errors: [
        {
          messageId: 'privileged',
          line: 20,
          column: 13,
          endLine: 20,
          endColumn: 23,
          suggestions: [{ messageId: 'setValue', output: daemonSet.replace('          image: example/node-agent:2.1.0\n', '          image: example/node-agent:2.1.0\n          securityContext:\n            privileged: false\n') }],
        },
        {
          messageId: 'hostpath',
          line: 25,
          column: 21,
          endLine: 25,
          endColumn: 25,
          suggestions: [
            {
              messageId: 'mountReadOnly',
              output: daemonSet
                .replace('          image: example/node-agent:2.1.0\n', '          image: example/node-agent:2.1.0\n          securityContext:\n            privileged: true\n')
                .replace('              mountPath: /host/proc\n', '              mountPath: /host/proc\n              readOnly: true\n'),
            },
          ],
        },
      ],
    },
    {
      name: 'a Windows HostProcess pod',
      code: `apiVersion: v1
kind: Pod
metadata:
  name: win-agent
spec:
  os:
    name: windows
  hostNetwork: true
  securityContext:
    windowsOptions:
      hostProcess: true
      runAsUserName: "NT AUTHORITY\\\\SYSTEM"
  containers:
    - name: agent
      image: example/win-agent:1.0
`,
      errors: [
        {
          messageId: 'host-namespaces',
          line: 8,
          column: 3,
          endLine: 8,
          endColumn: 14,
          suggestions: [{ messageId: 'setValue', output: `apiVersion: v1
kind: Pod
metadata:
  name: win-agent
spec:
  os:
    name: windows
  hostNetwork: false
  securityContext:
    windowsOptions:
      hostProcess: true
      runAsUserName: "NT AUTHORITY\\\\SYSTEM"
  containers:
    - name: agent
      image: example/win-agent:1.0
` }],
        },
        {
          messageId: 'host-process',
          line: 11,
          column: 7,
          endLine: 11,
          endColumn: 18,
          suggestions: [{ messageId: 'setValue', output: `apiVersion: v1
kind: Pod
metadata:
  name: win-agent
spec:
  os:
    name: windows
  hostNetwork: true
  securityContext:
    windowsOptions:
      hostProcess: false
      runAsUserName: "NT AUTHORITY\\\\SYSTEM"
  containers:
    - name: agent
      image: example/win-agent:1.0
` }],
        },
      ],
    },
    {
      name: 'an ephemeral container is checked like the others',
      code: withPod('      ephemeralContainers:\n        - name: debug\n          image: busybox:1.36\n          securityContext:\n            privileged: true\n'),
      errors: [
        {
          messageId: 'privileged',
          line: 19,
          column: 13,
          endLine: 19,
          endColumn: 23,
          suggestions: [{ messageId: 'setValue', output: withPod('      ephemeralContainers:\n        - name: debug\n          image: busybox:1.36\n          securityContext:\n            privileged: false\n') }],
        },
      ],
    },
    {
      name: 'enforce-version: latest means the configured version',
      code: withPod('      securityContext:\n        sysctls:\n          - name: net.ipv4.tcp_wmem\n            value: "4096 16384 4194304"\n').replace('  name: web\n', '  name: web\n  namespace: shop\n'),
      files: { 'namespace.yaml': namespace('shop', '    pod-security.kubernetes.io/enforce: baseline\n    pod-security.kubernetes.io/enforce-version: latest\n') },
      config: { kubernetesVersion: '1.31' },
      errors: [
        {
          messageId: 'sysctls',
          line: 18,
          column: 19,
          endLine: 18,
          endColumn: 36,
          severity: 'error',
          suggestions: [{ messageId: 'remove', output: withPod('      securityContext:\n        sysctls:\n').replace('  name: web\n', '  name: web\n  namespace: shop\n') }],
        },
      ],
    },
    {
      name: 'a privileged init container of a CronJob, in flow style',
      code: `apiVersion: batch/v1
kind: CronJob
metadata:
  name: cleanup
spec:
  schedule: "0 3 * * *"
  jobTemplate:
    spec:
      template:
        spec:
          restartPolicy: OnFailure
          initContainers:
            - {name: setup, image: "busybox:1.36", securityContext: {privileged: true}}
          containers:
            - name: cleanup
              image: example/cleanup:1.0
`,
      errors: [
        {
          messageId: 'privileged',
          line: 13,
          column: 70,
          endLine: 13,
          endColumn: 80,
          suggestions: [
            {
              messageId: 'setValue',
              output: `apiVersion: batch/v1
kind: CronJob
metadata:
  name: cleanup
spec:
  schedule: "0 3 * * *"
  jobTemplate:
    spec:
      template:
        spec:
          restartPolicy: OnFailure
          initContainers:
            - {name: setup, image: "busybox:1.36", securityContext: {privileged: false}}
          containers:
            - name: cleanup
              image: example/cleanup:1.0
`,
            },
          ],
        },
      ],
    },
  ],
});
