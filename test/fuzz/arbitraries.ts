/**
 * Generators of Kubernetes-shaped documents: every kind the rules read, with fields mostly of the right
 * type and sometimes of a wrong one (null, a list for a map, a string for a number, `yes`, `0644`), with
 * labels and names drawn from small pools so that selectors, PDBs, HPAs and Services relate to each
 * other, rendered as YAML in every style the `yaml` library writes (block, flow, JSON, quoting,
 * indentation), with comments and suppression comments sprinkled in.
 */
import fc from 'fast-check';
import { stringify } from 'yaml';
import { RULES } from '../../rules';

type Arb<T = unknown> = fc.Arbitrary<T>;

/** A value of the wrong type, of the kind that hand-written and templated YAML produces. */
export const junk: Arb = fc.oneof(
  fc.constant(null),
  fc.constantFrom('', 'yes', 'no', 'on', '0644', '~', '50%', '100%', '0%', '-1', '1e400', 'NaN', '.inf', 'true', '{{ x }}', '*', 'null'),
  fc.integer({ min: -5, max: 100_000 }),
  fc.constantFrom(-1, 0, 1.5, 1e308, Number.MAX_SAFE_INTEGER, -0),
  fc.boolean(),
  fc.string({ maxLength: 20 }),
  fc.constant([]),
  fc.constant({}),
  fc.array(fc.oneof(fc.string({ maxLength: 8 }), fc.integer(), fc.constant(null)), { maxLength: 3 }),
  fc.dictionary(fc.string({ maxLength: 6 }), fc.oneof(fc.string({ maxLength: 6 }), fc.integer(), fc.constant(null)), { maxKeys: 3 }),
);

/** Usually `arb`, sometimes a value of the wrong type. */
export function w<T>(arb: Arb<T>, junkWeight = 1): Arb<unknown> {
  return fc.oneof({ weight: 14, arbitrary: arb }, { weight: junkWeight, arbitrary: junk });
}

/** A record whose keys are all optional, each value possibly of the wrong type. */
function rec(shape: Record<string, Arb>, required: string[] = []): Arb<Record<string, unknown>> {
  const wrapped = Object.fromEntries(Object.entries(shape).map(([key, arb]) => [key, w(arb)]));
  return fc.record(wrapped, { requiredKeys: required as never[] }) as Arb<Record<string, unknown>>;
}

const list = <T>(arb: Arb<T>, maxLength = 2): Arb<unknown> => w(fc.array(arb, { maxLength }));

const NAMES = ['web', 'api', 'db', 'shop-api', 'worker', 'coredns', 'aws-node', 'webhook', 'kube-proxy', 'x'];
const NAMESPACES = ['default', 'shop', 'kube-system', 'payments'];
export const name = fc.oneof({ weight: 8, arbitrary: fc.constantFrom(...NAMES) }, { weight: 1, arbitrary: fc.string({ maxLength: 30 }) });
const namespace = fc.constantFrom(...NAMESPACES);
const labelKey = fc.constantFrom('app', 'tier', 'app.kubernetes.io/name', 'component', 'pod-template-hash', 'k8s-app');
const labelValue = fc.constantFrom('web', 'api', 'db', 'shop-api', 'coredns', 'kube-dns');
export const labels = fc.dictionary(labelKey, labelValue, { maxKeys: 3 });
const ruleId = fc.constantFrom(...RULES.map((rule) => rule.meta.id), 'no-such-rule', '*');

const annotations = fc.dictionary(
  fc.constantFrom(
    'kubeready.io/ignore',
    'service.beta.kubernetes.io/aws-load-balancer-type',
    'service.beta.kubernetes.io/aws-load-balancer-nlb-target-type',
    'service.beta.kubernetes.io/aws-load-balancer-ssl-cert',
    'service.beta.kubernetes.io/aws-load-balancer-scheme',
    'alb.ingress.kubernetes.io/target-type',
    'alb.ingress.kubernetes.io/certificate-arn',
    'cluster-autoscaler.kubernetes.io/safe-to-evict',
    'karpenter.sh/do-not-disrupt',
    'scheduler.alpha.kubernetes.io/critical-pod',
  ),
  fc.oneof(fc.constantFrom('nlb', 'external', 'ip', 'instance', 'true', 'false', 'internet-facing', 'arn:aws:acm:us-east-1:1:certificate/x'), fc.array(ruleId, { maxLength: 3 }).map((ids) => ids.join(','))),
  { maxKeys: 3 },
);

const metadata = (namespaced = true) =>
  rec({ name, ...(namespaced ? { namespace } : {}), labels, annotations, generateName: fc.constant('gen-') }, ['name']);

const IMAGES = [
  'nginx',
  'nginx:latest',
  'nginx:1.25.3',
  'registry.k8s.io/kube-proxy:v1.30.0',
  'bitnami/kubectl:1.30',
  'bitnami/kubectl',
  'amazon/aws-cli:2.15.0',
  '123456789012.dkr.ecr.us-east-1.amazonaws.com/app:1.0.0',
  '602401143452.dkr.ecr.us-west-2.amazonaws.com/amazon-k8s-cni:v1.18.0',
  `ghcr.io/org/app@sha256:${'a'.repeat(64)}`,
  'docker.io/library/busybox:stable',
  'curlimages/curl:8.0.0',
  'quay.io/prometheus/prometheus:v2.50.0',
  'coredns/coredns:1.11.1',
  'ghcr.io/fluxcd/source-controller:v1.2.0',
  'localhost:5000/app:dev',
  'app:main',
];
const image = fc.oneof({ weight: 6, arbitrary: fc.constantFrom(...IMAGES) }, { weight: 1, arbitrary: fc.string({ maxLength: 40 }) });
const portName = fc.constantFrom('http', 'metrics', 'grpc', 'https', 'dns', 'webhook');
const port = fc.oneof(fc.integer({ min: 1, max: 65535 }), fc.constantFrom(80, 443, 8080, 8443, 9090, 53), portName);
const quantity = fc.oneof(fc.constantFrom('100m', '0.5', '1', '2', '128Mi', '1Gi', '1G', '512M', '0', '1e3', '10Ki'), fc.integer({ min: 0, max: 64 }));
const resources = rec({ requests: rec({ cpu: quantity, memory: quantity, 'nvidia.com/gpu': quantity }), limits: rec({ cpu: quantity, memory: quantity }) });
const command = fc.array(
  fc.constantFrom(
    'sh',
    '-c',
    'kubectl get pods',
    'kubectl wait --for=condition=ready pod -l app=db',
    'curl -k https://kubernetes.default.svc/healthz',
    'curl -sf http://localhost:8080/ready',
    'cat /tmp/healthy',
    'sleep',
    '15',
    'until nslookup db; do sleep 2; done',
    '--leader-elect=true',
    '--leader-elect',
    '/manager',
    'aws',
  ),
  { maxLength: 4 },
);
const probe = rec({
  httpGet: rec({ path: fc.constantFrom('/healthz', '/ready', '/readyz', '/livez', '/api/v1/namespaces', '/'), port, host: fc.constantFrom('kubernetes.default.svc', 'localhost', '10.0.0.1'), scheme: fc.constantFrom('HTTP', 'HTTPS') }, ['port']),
  tcpSocket: rec({ port }, ['port']),
  exec: rec({ command }),
  grpc: rec({ port: fc.integer({ min: 1, max: 65535 }) }),
  initialDelaySeconds: fc.nat(600),
  periodSeconds: fc.nat(60),
  timeoutSeconds: fc.nat(60),
  failureThreshold: fc.nat(10),
  successThreshold: fc.nat(3),
  terminationGracePeriodSeconds: fc.nat(600),
});
const keyRef = rec({ name, key: fc.constantFrom('url', 'password', 'config.yaml'), optional: fc.boolean() }, ['name']);
const env = rec(
  {
    name: fc.constantFrom('DB_URL', 'PASSWORD', 'KUBERNETES_SERVICE_HOST', 'POD_NAME', 'AWS_REGION'),
    value: fc.constantFrom('x', '', 'https://kubernetes.default.svc'),
    valueFrom: rec({ configMapKeyRef: keyRef, secretKeyRef: keyRef, fieldRef: rec({ fieldPath: fc.constantFrom('metadata.name', 'spec.nodeName') }) }),
  },
  ['name'],
);
const envFrom = rec({ configMapRef: rec({ name }), secretRef: rec({ name }), prefix: fc.constant('X_') });
const securityContext = rec({
  privileged: fc.boolean(),
  runAsNonRoot: fc.boolean(),
  runAsUser: fc.integer({ min: 0, max: 65535 }),
  runAsGroup: fc.nat(65535),
  allowPrivilegeEscalation: fc.boolean(),
  readOnlyRootFilesystem: fc.boolean(),
  procMount: fc.constantFrom('Default', 'Unmasked'),
  capabilities: rec({ add: fc.array(fc.constantFrom('SYS_ADMIN', 'NET_ADMIN', 'NET_BIND_SERVICE', 'ALL', 'CHOWN'), { maxLength: 3 }), drop: fc.array(fc.constantFrom('ALL', 'NET_RAW'), { maxLength: 2 }) }),
  seccompProfile: rec({ type: fc.constantFrom('RuntimeDefault', 'Unconfined', 'Localhost'), localhostProfile: fc.constant('p.json') }),
  appArmorProfile: rec({ type: fc.constantFrom('RuntimeDefault', 'Unconfined') }),
  seLinuxOptions: rec({ type: fc.constantFrom('spc_t', 'container_t') }),
  windowsOptions: rec({ hostProcess: fc.boolean() }),
  sysctls: fc.array(rec({ name: fc.constantFrom('net.core.somaxconn', 'kernel.shm_rmid_forced', 'net.ipv4.ip_forward'), value: fc.constant('1') }), { maxLength: 2 }),
});
const container = rec(
  {
    name: fc.constantFrom('app', 'api', 'sidecar', 'init', 'proxy', 'kubectl'),
    image,
    imagePullPolicy: fc.constantFrom('Always', 'IfNotPresent', 'Never'),
    command,
    args: command,
    ports: list(rec({ containerPort: fc.integer({ min: 1, max: 65535 }), name: portName, protocol: fc.constantFrom('TCP', 'UDP'), hostPort: fc.integer({ min: 1, max: 65535 }) }, ['containerPort'])),
    readinessProbe: probe,
    livenessProbe: probe,
    startupProbe: probe,
    resources,
    env: list(env),
    envFrom: list(envFrom, 2),
    volumeMounts: list(rec({ name: fc.constantFrom('docker', 'config', 'data', 'token'), mountPath: fc.constantFrom('/var/run/docker.sock', '/etc/config', '/data', '/run/containerd/containerd.sock'), readOnly: fc.boolean() }, ['name'])),
    securityContext,
    lifecycle: rec({ preStop: rec({ exec: rec({ command }), sleep: rec({ seconds: fc.nat(120) }), httpGet: rec({ path: fc.constant('/drain'), port }) }) }),
    restartPolicy: fc.constantFrom('Always', 'OnFailure'),
  },
  ['name'],
);
const zoneKey = fc.constantFrom('topology.kubernetes.io/zone', 'kubernetes.io/hostname', 'failure-domain.beta.kubernetes.io/zone', 'topology.ebs.csi.aws.com/zone', 'node.kubernetes.io/instance-type');
const selector = rec({
  matchLabels: labels,
  matchExpressions: list(rec({ key: labelKey, operator: fc.constantFrom('In', 'NotIn', 'Exists', 'DoesNotExist', 'Bogus'), values: fc.array(labelValue, { maxLength: 2 }) }, ['key', 'operator'])),
});
const spread = rec({ maxSkew: fc.integer({ min: 0, max: 3 }), topologyKey: zoneKey, whenUnsatisfiable: fc.constantFrom('DoNotSchedule', 'ScheduleAnyway'), labelSelector: selector, matchLabelKeys: fc.constant(['pod-template-hash']), minDomains: fc.nat(3), nodeAffinityPolicy: fc.constantFrom('Honor', 'Ignore') });
const nodeSelectorTerm = rec({ matchExpressions: list(rec({ key: zoneKey, operator: fc.constantFrom('In', 'NotIn', 'Exists'), values: fc.array(fc.constantFrom('us-east-1a', 'us-east-1b', 'use1-az1'), { maxLength: 2 }) })) });
const podAffinityTerm = rec({ labelSelector: selector, topologyKey: zoneKey, namespaces: fc.array(namespace, { maxLength: 2 }) });
const affinity = rec({
  nodeAffinity: rec({
    requiredDuringSchedulingIgnoredDuringExecution: rec({ nodeSelectorTerms: list(nodeSelectorTerm, 2) }),
    preferredDuringSchedulingIgnoredDuringExecution: list(rec({ weight: fc.integer({ min: 1, max: 100 }), preference: nodeSelectorTerm })),
  }),
  podAntiAffinity: rec({
    requiredDuringSchedulingIgnoredDuringExecution: list(podAffinityTerm, 2),
    preferredDuringSchedulingIgnoredDuringExecution: list(rec({ weight: fc.integer({ min: 1, max: 100 }), podAffinityTerm })),
  }),
});
const volume = rec(
  {
    name: fc.constantFrom('docker', 'config', 'data', 'token'),
    hostPath: rec({ path: fc.constantFrom('/var/run/docker.sock', '/run/containerd/containerd.sock', '/', '/etc', '/var/log'), type: fc.constantFrom('Socket', 'Directory', '') }),
    configMap: rec({ name, optional: fc.boolean(), items: list(rec({ key: fc.constant('a'), path: fc.constant('a') })) }),
    secret: rec({ secretName: name, optional: fc.boolean() }),
    persistentVolumeClaim: rec({ claimName: name }),
    projected: rec({ sources: list(rec({ serviceAccountToken: rec({ path: fc.constant('token'), expirationSeconds: fc.nat(100000) }), configMap: rec({ name }) })) }),
    emptyDir: fc.constant({}),
  },
  ['name'],
);
const toleration = rec({
  key: fc.constantFrom('node.kubernetes.io/not-ready', 'node.kubernetes.io/unreachable', 'CriticalAddonsOnly', 'dedicated'),
  operator: fc.constantFrom('Exists', 'Equal'),
  value: fc.constantFrom('gpu', 'true'),
  effect: fc.constantFrom('NoExecute', 'NoSchedule', 'PreferNoSchedule'),
  tolerationSeconds: fc.oneof(fc.nat(100_000), fc.constant(-1)),
});
const podSecurity = rec({ runAsNonRoot: fc.boolean(), runAsUser: fc.nat(65535), fsGroup: fc.nat(65535), seccompProfile: rec({ type: fc.constantFrom('RuntimeDefault', 'Unconfined') }), sysctls: fc.array(rec({ name: fc.constantFrom('net.core.somaxconn', 'kernel.msgmax'), value: fc.constant('1') }), { maxLength: 2 }) });
export const podSpec = rec({
  containers: list(container, 2),
  initContainers: list(container, 1),
  ephemeralContainers: list(container, 1),
  topologySpreadConstraints: list(spread, 2),
  affinity,
  nodeSelector: fc.dictionary(zoneKey, fc.constantFrom('us-east-1a', 'use1-az1', 'm5.large'), { maxKeys: 2 }),
  tolerations: list(toleration, 2),
  serviceAccountName: fc.constantFrom('default', 'web', 'controller'),
  serviceAccount: fc.constantFrom('default', 'web'),
  automountServiceAccountToken: fc.boolean(),
  hostNetwork: fc.boolean(),
  hostPID: fc.boolean(),
  hostIPC: fc.boolean(),
  dnsPolicy: fc.constantFrom('ClusterFirst', 'ClusterFirstWithHostNet', 'Default', 'None'),
  priorityClassName: fc.constantFrom('system-cluster-critical', 'system-node-critical', 'high', ''),
  terminationGracePeriodSeconds: fc.nat(600),
  volumes: list(volume, 3),
  securityContext: podSecurity,
  restartPolicy: fc.constantFrom('Always', 'OnFailure', 'Never'),
  readinessGates: list(rec({ conditionType: fc.constant('target-health.elbv2.k8s.aws/x') })),
});
const template = rec({ metadata: rec({ labels, annotations, namespace }), spec: podSpec });

const workloadSpec = (extra: Record<string, Arb>) =>
  rec({
    replicas: fc.oneof(fc.integer({ min: 0, max: 6 }), fc.constant(1)),
    selector,
    template,
    revisionHistoryLimit: fc.nat(20),
    minReadySeconds: fc.nat(60),
    strategy: rec({ type: fc.constantFrom('RollingUpdate', 'Recreate', 'OnDelete'), rollingUpdate: rec({ maxUnavailable: fc.oneof(fc.nat(3), fc.constantFrom('25%', '100%', '0%')), maxSurge: fc.oneof(fc.nat(3), fc.constantFrom('25%', '0')) }) }),
    ...extra,
  });

const jobSpec = rec({ template, backoffLimit: fc.nat(10), ttlSecondsAfterFinished: fc.nat(100_000), activeDeadlineSeconds: fc.nat(10_000), parallelism: fc.nat(5), completions: fc.nat(5) });

type KindSpec = [apiVersion: string, kind: string, body: Arb<Record<string, unknown>>];

const KINDS: KindSpec[] = [
  ['apps/v1', 'Deployment', rec({ spec: workloadSpec({ progressDeadlineSeconds: fc.nat(600) }) })],
  ['apps/v1', 'StatefulSet', rec({ spec: workloadSpec({ serviceName: name, podManagementPolicy: fc.constantFrom('Parallel', 'OrderedReady'), updateStrategy: rec({ type: fc.constantFrom('RollingUpdate', 'OnDelete'), rollingUpdate: rec({ maxUnavailable: fc.nat(3), partition: fc.nat(3) }) }), volumeClaimTemplates: list(rec({ metadata: rec({ name }), spec: rec({ storageClassName: fc.constantFrom('gp2', 'gp3', 'ebs-sc'), accessModes: fc.constant(['ReadWriteOnce']), resources: rec({ requests: rec({ storage: quantity }) }) }) })) }) })],
  ['apps/v1', 'DaemonSet', rec({ spec: workloadSpec({ updateStrategy: rec({ type: fc.constantFrom('RollingUpdate', 'OnDelete'), rollingUpdate: rec({ maxUnavailable: fc.oneof(fc.nat(3), fc.constantFrom('10%', '100%')), maxSurge: fc.nat(2) }) }) }) })],
  ['apps/v1', 'ReplicaSet', rec({ spec: workloadSpec({}) })],
  ['v1', 'ReplicationController', rec({ spec: rec({ replicas: fc.nat(5), selector: labels, template }) })],
  ['batch/v1', 'Job', rec({ spec: jobSpec })],
  ['batch/v1', 'CronJob', rec({ spec: rec({ schedule: fc.constantFrom('*/5 * * * *', '@hourly', '0 0 * * *', '* * * * *', 'bogus', '@every 5m', 'CRON_TZ=UTC 0 * * * *'), jobTemplate: rec({ spec: jobSpec }), concurrencyPolicy: fc.constantFrom('Allow', 'Forbid', 'Replace'), startingDeadlineSeconds: fc.nat(100_000), successfulJobsHistoryLimit: fc.nat(10), failedJobsHistoryLimit: fc.nat(10), suspend: fc.boolean(), timeZone: fc.constant('Etc/UTC') }) })],
  ['v1', 'Pod', rec({ spec: podSpec })],
  ['v1', 'Service', rec({ spec: rec({ type: fc.constantFrom('ClusterIP', 'LoadBalancer', 'NodePort', 'ExternalName'), selector: labels, ports: list(rec({ port: fc.integer({ min: 1, max: 65535 }), targetPort: port, name: portName, protocol: fc.constantFrom('TCP', 'UDP'), nodePort: fc.integer({ min: 30000, max: 32767 }) })), internalTrafficPolicy: fc.constantFrom('Local', 'Cluster'), externalTrafficPolicy: fc.constantFrom('Local', 'Cluster'), trafficDistribution: fc.constantFrom('PreferClose', 'PreferSameZone'), loadBalancerClass: fc.constantFrom('service.k8s.aws/nlb', 'eks.amazonaws.com/nlb'), clusterIP: fc.constantFrom('None', '10.0.0.10'), publishNotReadyAddresses: fc.boolean() }) })],
  ['policy/v1', 'PodDisruptionBudget', rec({ spec: rec({ minAvailable: fc.oneof(fc.nat(5), fc.constantFrom('50%', '100%', '0%')), maxUnavailable: fc.oneof(fc.nat(2), fc.constantFrom('0%', '25%', '100%')), selector, unhealthyPodEvictionPolicy: fc.constantFrom('AlwaysAllow', 'IfHealthyBudget') }) })],
  ['autoscaling/v2', 'HorizontalPodAutoscaler', rec({ spec: rec({ scaleTargetRef: rec({ apiVersion: fc.constantFrom('apps/v1', 'argoproj.io/v1alpha1'), kind: fc.constantFrom('Deployment', 'StatefulSet', 'Rollout', 'ReplicaSet'), name }, ['name']), minReplicas: fc.nat(5), maxReplicas: fc.nat(10), metrics: list(rec({ type: fc.constantFrom('Resource', 'ContainerResource', 'Pods', 'External'), resource: rec({ name: fc.constantFrom('cpu', 'memory'), target: rec({ type: fc.constantFrom('Utilization', 'AverageValue'), averageUtilization: fc.nat(200), averageValue: quantity }) }), containerResource: rec({ name: fc.constantFrom('cpu', 'memory'), container: fc.constantFrom('app', 'sidecar'), target: rec({ type: fc.constant('Utilization'), averageUtilization: fc.nat(100) }) }) })) }) })],
  ['autoscaling/v1', 'HorizontalPodAutoscaler', rec({ spec: rec({ scaleTargetRef: rec({ kind: fc.constant('Deployment'), name }), minReplicas: fc.nat(5), maxReplicas: fc.nat(10), targetCPUUtilizationPercentage: fc.nat(100) }) })],
  ['keda.sh/v1alpha1', 'ScaledObject', rec({ spec: rec({ scaleTargetRef: rec({ name, kind: fc.constantFrom('Deployment', 'StatefulSet') }), minReplicaCount: fc.nat(5), maxReplicaCount: fc.nat(10), idleReplicaCount: fc.nat(1), triggers: list(rec({ type: fc.constantFrom('cpu', 'memory', 'prometheus'), metricType: fc.constant('Utilization'), metadata: rec({ value: fc.constant('50') }) })) }) })],
  ...(['ValidatingWebhookConfiguration', 'MutatingWebhookConfiguration'] as const).map(
    (kind): KindSpec => [
      'admissionregistration.k8s.io/v1',
      kind,
      rec({
        webhooks: list(
          rec({
            name: fc.constantFrom('validate.example.com', 'mutate.example.com'),
            failurePolicy: fc.constantFrom('Fail', 'Ignore'),
            timeoutSeconds: fc.nat(40),
            sideEffects: fc.constantFrom('None', 'NoneOnDryRun'),
            admissionReviewVersions: fc.constant(['v1']),
            matchPolicy: fc.constantFrom('Equivalent', 'Exact'),
            reinvocationPolicy: fc.constantFrom('Never', 'IfNeeded'),
            clientConfig: rec({ service: rec({ name, namespace, port: fc.integer({ min: 1, max: 65535 }), path: fc.constant('/validate') }), url: fc.constant('https://example.com/hook'), caBundle: fc.constant('Cg==') }),
            rules: list(rec({ operations: fc.array(fc.constantFrom('*', 'CREATE', 'UPDATE', 'DELETE', 'CONNECT'), { maxLength: 2 }), apiGroups: fc.array(fc.constantFrom('*', '', 'apps', 'authentication.k8s.io', 'coordination.k8s.io'), { maxLength: 2 }), apiVersions: fc.array(fc.constantFrom('*', 'v1'), { maxLength: 2 }), resources: fc.array(fc.constantFrom('*', '*/*', 'pods', 'tokenreviews', 'leases', 'nodes', 'namespaces', 'pods/status'), { maxLength: 3 }), scope: fc.constantFrom('*', 'Namespaced', 'Cluster') })),
            namespaceSelector: rec({ matchExpressions: list(rec({ key: fc.constantFrom('kubernetes.io/metadata.name', 'control-plane'), operator: fc.constantFrom('NotIn', 'In', 'DoesNotExist'), values: fc.array(fc.constantFrom('kube-system', 'kube-node-lease', 'webhook'), { maxLength: 2 }) })), matchLabels: labels }),
            objectSelector: selector,
          }),
          3,
        ),
      }),
    ],
  ),
  ['v1', 'ConfigMap', rec({ data: fc.dictionary(fc.constantFrom('Corefile', 'config.yaml', 'url', 'a'), fc.oneof(fc.constantFrom('.:53 {\n    errors\n    health {\n        lameduck 5s\n    }\n    ready\n    kubernetes cluster.local in-addr.arpa ip6.arpa {\n        pods insecure\n    }\n    forward . /etc/resolv.conf\n    cache 30\n    loop\n    reload\n}\n', '.:53 {\n    forward . 8.8.8.8\n}\n', 'x'), fc.string({ maxLength: 40 })), { maxKeys: 3 }), binaryData: fc.dictionary(fc.constant('b'), fc.constant('aGVsbG8=')), immutable: fc.boolean() })],
  ['v1', 'Secret', rec({ type: fc.constantFrom('Opaque', 'kubernetes.io/tls', 'kubernetes.io/service-account-token'), data: fc.dictionary(fc.constantFrom('password', 'tls.crt'), fc.constant('cGFzcw==')), stringData: fc.dictionary(fc.constant('token'), fc.string({ maxLength: 10 })), immutable: fc.boolean() })],
  ['v1', 'Namespace', rec({ spec: rec({ finalizers: fc.constant(['kubernetes']) }) })],
  ['v1', 'ServiceAccount', rec({ automountServiceAccountToken: fc.boolean(), imagePullSecrets: list(rec({ name })) })],
  ['v1', 'LimitRange', rec({ spec: rec({ limits: list(rec({ type: fc.constant('Container'), default: rec({ cpu: quantity, memory: quantity }) })) }) })],
  ['v1', 'ResourceQuota', rec({ spec: rec({ hard: rec({ 'requests.cpu': quantity, pods: fc.constant('10') }) }) })],
  ['networking.k8s.io/v1', 'NetworkPolicy', rec({ spec: rec({ podSelector: selector, policyTypes: fc.array(fc.constantFrom('Ingress', 'Egress'), { maxLength: 2 }), egress: list(rec({ to: list(rec({ namespaceSelector: selector, podSelector: selector, ipBlock: rec({ cidr: fc.constantFrom('0.0.0.0/0', '10.0.0.0/8') }) })), ports: list(rec({ port, protocol: fc.constantFrom('UDP', 'TCP') })) })), ingress: list(rec({ from: list(rec({ podSelector: selector })) })) }) })],
  ['networking.k8s.io/v1', 'Ingress', rec({ metadata: metadata(), spec: rec({ ingressClassName: fc.constantFrom('alb', 'nginx'), tls: list(rec({ hosts: fc.constant(['a.example.com']), secretName: name })), rules: list(rec({ host: fc.constant('a.example.com'), http: rec({ paths: list(rec({ path: fc.constant('/'), pathType: fc.constant('Prefix'), backend: rec({ service: rec({ name, port: rec({ number: fc.integer({ min: 1, max: 65535 }), name: portName }) }) }) })) }) })) }) })],
  ...(['Role', 'ClusterRole'] as const).map((kind): KindSpec => ['rbac.authorization.k8s.io/v1', kind, rec({ rules: list(rec({ apiGroups: fc.array(fc.constantFrom('*', '', 'apps'), { maxLength: 2 }), resources: fc.array(fc.constantFrom('*', 'pods', 'secrets', 'nodes'), { maxLength: 2 }), verbs: fc.array(fc.constantFrom('*', 'get', 'list', 'escalate', 'impersonate', 'bind'), { maxLength: 3 }), nonResourceURLs: fc.constant(['*']) })) })]),
  ...(['RoleBinding', 'ClusterRoleBinding'] as const).map((kind): KindSpec => ['rbac.authorization.k8s.io/v1', kind, rec({ subjects: list(rec({ kind: fc.constantFrom('Group', 'User', 'ServiceAccount'), name: fc.constantFrom('system:anonymous', 'system:unauthenticated', 'system:authenticated', 'default', 'web'), namespace, apiGroup: fc.constant('rbac.authorization.k8s.io') })), roleRef: rec({ kind: fc.constantFrom('ClusterRole', 'Role'), name: fc.constantFrom('cluster-admin', 'view', 'edit', 'web'), apiGroup: fc.constant('rbac.authorization.k8s.io') }) })]),
  ['storage.k8s.io/v1', 'StorageClass', rec({ provisioner: fc.constantFrom('ebs.csi.aws.com', 'kubernetes.io/aws-ebs', 'efs.csi.aws.com', 'example.com/x'), volumeBindingMode: fc.constantFrom('Immediate', 'WaitForFirstConsumer'), parameters: rec({ type: fc.constantFrom('gp3', 'io2') }), allowedTopologies: list(rec({ matchLabelExpressions: list(rec({ key: zoneKey, values: fc.constant(['us-east-1a']) })) })) })],
  ['v1', 'PersistentVolumeClaim', rec({ spec: rec({ storageClassName: fc.constantFrom('gp2', 'gp3', 'ebs-sc'), accessModes: fc.constant(['ReadWriteOnce']) }) })],
  ['scheduling.k8s.io/v1', 'PriorityClass', rec({ value: fc.integer({ min: -10, max: 2_000_000_000 }), globalDefault: fc.boolean(), preemptionPolicy: fc.constantFrom('PreemptLowerPriority', 'Never') })],
  ['argoproj.io/v1alpha1', 'Rollout', rec({ spec: workloadSpec({ strategy: rec({ canary: rec({ steps: list(rec({ setWeight: fc.nat(100) })) }) }) }) })],
  ['example.com/v1', 'Widget', rec({ spec: fc.anything({ maxDepth: 2, maxKeys: 3 }) as Arb<unknown> })],
];

/** One Kubernetes object of any kind above, in a namespace or not. */
export const k8sObject: Arb<Record<string, unknown>> = fc
  .tuple(fc.constantFrom(...KINDS), metadata())
  .chain(([[apiVersion, kind, body], meta]) => body.map((fields) => ({ apiVersion, kind, metadata: meta, ...fields })));

/** Sometimes the identity itself is broken: `apiVersion` missing or of the wrong type, `kind` a number. */
export const k8sDocument: Arb<unknown> = fc.oneof(
  { weight: 12, arbitrary: k8sObject },
  { weight: 1, arbitrary: fc.tuple(k8sObject, junk, junk).map(([object, apiVersion, kind]) => ({ ...object, apiVersion, kind })) },
  { weight: 1, arbitrary: fc.array(k8sObject, { maxLength: 3 }).map((items) => ({ apiVersion: 'v1', kind: 'List', items })) },
  { weight: 1, arbitrary: fc.record({ apiVersion: fc.constant('kustomize.config.k8s.io/v1beta1'), kind: fc.constant('Kustomization'), namespace, resources: fc.constant(['manifest.yaml', 'other.yaml']), images: fc.constant([{ name: 'nginx', newTag: 'latest' }]) }) },
  { weight: 1, arbitrary: junk },
);

export interface RenderStyle {
  indent: number;
  indentSeq: boolean;
  collectionStyle: 'any' | 'block' | 'flow';
  defaultStringType: 'PLAIN' | 'QUOTE_DOUBLE' | 'QUOTE_SINGLE' | 'BLOCK_LITERAL' | 'BLOCK_FOLDED';
  json: boolean;
  /** Comments appended to lines, by line number modulo this (0: none). */
  commentEvery: number;
  suppressions: string[];
  crlf: boolean;
  bom: boolean;
  finalNewline: boolean;
  documentStart: boolean;
}

export const renderStyle: Arb<RenderStyle> = fc.record({
  indent: fc.constantFrom(2, 2, 2, 4, 1, 3),
  indentSeq: fc.boolean(),
  collectionStyle: fc.constantFrom('any', 'any', 'any', 'block', 'flow'),
  defaultStringType: fc.constantFrom('PLAIN', 'PLAIN', 'PLAIN', 'QUOTE_DOUBLE', 'QUOTE_SINGLE', 'BLOCK_LITERAL', 'BLOCK_FOLDED'),
  json: fc.constantFrom(false, false, false, false, false, true),
  commentEvery: fc.constantFrom(0, 0, 2, 3, 7),
  suppressions: fc.array(
    fc.tuple(fc.constantFrom('kubeready-disable-next-line', 'kubeready-disable', 'kubeready-disable-line'), fc.array(ruleId, { minLength: 1, maxLength: 2 }), fc.constantFrom(' -- reason', '', ' --')).map(([directive, ids, reason]) => `# ${directive} ${ids.join(',')}${reason}`),
    { maxLength: 2 },
  ),
  crlf: fc.constantFrom(false, false, false, true),
  bom: fc.constantFrom(false, false, false, false, true),
  finalNewline: fc.constantFrom(true, true, true, false),
  documentStart: fc.boolean(),
});

/** Renders documents as one YAML stream in the given style. Never throws: a value YAML cannot write becomes `null`. */
export function render(documents: unknown[], style: RenderStyle): string {
  const parts = documents.map((document) => {
    let text: string;
    try {
      text = style.json
        ? `${JSON.stringify(document, null, style.indent)}\n`
        : stringify(document, {
            indent: style.indent,
            indentSeq: style.indentSeq,
            collectionStyle: style.collectionStyle,
            defaultStringType: style.defaultStringType,
            defaultKeyType: 'PLAIN',
            lineWidth: 0,
            version: '1.1',
          });
    } catch {
      text = 'null\n';
    }
    if (text === undefined) text = 'null\n';
    if (style.commentEvery > 0) {
      // Comments go after lines that end a plain pair or item; inside block scalars they become content, harmlessly.
      text = text
        .split('\n')
        .map((line, i) => (line.trim() && i % style.commentEvery === 0 && !/["'|>]\s*$/.test(line) ? `${line} # note ${i}` : line))
        .join('\n');
    }
    const lines = text.split('\n');
    style.suppressions.forEach((comment, i) => {
      const at = Math.min(lines.length - 1, (i * 7) % Math.max(1, lines.length));
      const indent = /^\s*/.exec(lines[at] ?? '')![0];
      lines.splice(at, 0, `${indent}${comment}`);
    });
    return lines.join('\n');
  });
  let text = parts.map((part, i) => (i > 0 || style.documentStart ? `---\n${part}` : part)).join('');
  if (!style.finalNewline) text = text.replace(/\n+$/, '');
  if (style.crlf) text = text.replace(/\n/g, '\r\n');
  if (style.bom) text = `\uFEFF${text}`;
  return text;
}
