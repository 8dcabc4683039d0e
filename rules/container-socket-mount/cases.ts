import { defineCases } from '../../test/support/rule-tester';

const daemonSet = (path: string, image = 'ci/docker-builder:1.4.0', namespace = 'ci') => `apiVersion: apps/v1
kind: DaemonSet
metadata:
  name: builder
  namespace: ${namespace}
spec:
  selector:
    matchLabels:
      app: builder
  template:
    metadata:
      labels:
        app: builder
    spec:
      containers:
        - name: builder
          image: ${image}
          volumeMounts:
            - name: runtime
              mountPath: /var/run/docker.sock
      volumes:
        - name: runtime
          hostPath:
            path: ${path}
`;

const error = (length: number, extra: Record<string, unknown> = {}) => ({
  messageId: 'socket',
  line: 24,
  column: 19,
  endLine: 24,
  endColumn: 19 + length,
  severity: 'error' as const,
  output: null,
  ...extra,
});

export default defineCases({
  valid: [
    { name: 'an ordinary hostPath (logs)', code: daemonSet('/var/log') },
    { name: 'a CSI plugin socket directory is not a runtime socket', code: daemonSet('/var/lib/kubelet/plugins/ebs.csi.aws.com/') },
    { name: 'the CloudWatch agent reads the containerd socket by design', code: daemonSet('/run/containerd/containerd.sock', 'public.ecr.aws/cloudwatch-agent/cloudwatch-agent:1.300040.0b650', 'amazon-cloudwatch') },
    { name: 'Datadog from its own registry', code: daemonSet('/var/run/containerd/containerd.sock', 'gcr.io/datadoghq/agent:7.52.0', 'kube-system') },
    { name: 'Falco', code: daemonSet('/run/containerd/containerd.sock', 'docker.io/falcosecurity/falco-no-driver:0.37.1', 'falco') },
    {
      name: 'an allow-listed in-house agent (glob)',
      code: daemonSet('/run/containerd/containerd.sock', '111122223333.dkr.ecr.eu-west-1.amazonaws.com/platform/node-inventory:2.1.0'),
      config: { rules: { 'container-socket-mount': { severity: 'error', options: { allowedImages: ['*.dkr.ecr.*.amazonaws.com/platform/**'] } } } },
    },
    {
      name: 'a socket volume that no container mounts exposes nothing',
      code: daemonSet('/var/run/docker.sock').replace('          volumeMounts:\n            - name: runtime\n              mountPath: /var/run/docker.sock\n', ''),
    },
    { name: 'kinds without pod templates', code: 'apiVersion: v1\nkind: PersistentVolume\nmetadata:\n  name: local\nspec:\n  hostPath:\n    path: /var/run/docker.sock\n' },
  ],
  invalid: [
    {
      name: 'the Docker socket (Docker-in-Docker builds)',
      code: daemonSet('/var/run/docker.sock'),
      errors: [error('/var/run/docker.sock'.length)],
    },
    { name: 'the containerd socket under /run', code: daemonSet('/run/containerd/containerd.sock'), errors: [error('/run/containerd/containerd.sock'.length)] },
    {
      name: 'non-canonical spellings are normalized',
      code: daemonSet('/var/run//containerd/./containerd.sock/'),
      errors: [error('/var/run//containerd/./containerd.sock/'.length)],
    },
    { name: 'the socket directory /var/run', code: daemonSet('/var/run'), errors: [error('/var/run'.length)] },
    { name: 'the socket directory /run/containerd, quoted', code: daemonSet('"/run/containerd"'), errors: [error('"/run/containerd"'.length)] },
    { name: 'the CRI-O socket', code: daemonSet('/var/run/crio/crio.sock'), errors: [error('/var/run/crio/crio.sock'.length)] },
    { name: 'hardeneks spelling /var/run/containerd.sock', code: daemonSet('/var/run/containerd.sock'), errors: [error('/var/run/containerd.sock'.length)] },
    { name: 'cri-dockerd', code: daemonSet('/var/run/cri-dockerd.sock'), errors: [error('/var/run/cri-dockerd.sock'.length)] },
    {
      name: 'a monitoring image outside the allow-list is still reported, even in kube-system',
      code: daemonSet('/run/containerd/containerd.sock', 'example/metrics-agent:3.0.0', 'kube-system'),
      errors: [error('/run/containerd/containerd.sock'.length)],
    },
    {
      name: 'an allow-listed agent does not cover another container of the pod that mounts the socket too',
      code: daemonSet('/run/containerd/containerd.sock', 'gcr.io/datadoghq/agent:7.52.0').replace(
        '      volumes:',
        '        - name: debug\n          image: busybox:1.36\n          volumeMounts:\n            - name: runtime\n              mountPath: /host/run\n      volumes:',
      ),
      errors: [{ ...error('/run/containerd/containerd.sock'.length), line: 29, endLine: 29 }],
    },
    {
      name: 'a bare Pod, a Job and a CronJob are checked too',
      code: `apiVersion: batch/v1
kind: CronJob
metadata:
  name: image-prune
spec:
  schedule: "0 3 * * *"
  jobTemplate:
    spec:
      template:
        spec:
          restartPolicy: OnFailure
          containers:
            - name: prune
              image: docker:27-cli
              args: [image, prune, -af]
              volumeMounts:
                - {name: sock, mountPath: /var/run/docker.sock}
          volumes:
            - {name: sock, hostPath: {path: /var/run/docker.sock, type: Socket}}
`,
      errors: [{ messageId: 'socket', line: 19, column: 45, endLine: 19, endColumn: 65, severity: 'error', output: null }],
    },
  ],
});
