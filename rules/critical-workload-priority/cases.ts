import { defineCases } from '../../test/support/rule-tester';

/** A workload whose pod spec ends with `fields` after `containers` (metadata.name on line 4). */
interface WorkloadOptions {
  name?: string;
  namespace?: string;
  kind?: string;
  image?: string;
  labels?: string;
  fields?: string;
}
const workload = ({
  name = 'guard',
  namespace = 'policy',
  kind = 'Deployment',
  image = 'guard:1.4.0',
  labels = `app: ${name}`,
  fields = '',
}: WorkloadOptions = {}) => `apiVersion: apps/v1
kind: ${kind}
metadata:
  name: ${name}
  namespace: ${namespace}
spec:
${kind === 'DaemonSet' ? '' : '  replicas: 3\n'}  selector:
    matchLabels:
      ${labels}
  template:
    metadata:
      labels:
        ${labels}
    spec:
      containers:
        - name: ${name}
          image: ${image}
${fields}`;

const service = (name: string, namespace: string, labels = `app: ${name}`) => `apiVersion: v1
kind: Service
metadata:
  name: ${name}
  namespace: ${namespace}
spec:
  selector:
    ${labels}
  ports:
    - port: 443
      targetPort: 8443
`;

const webhook = (namespace = 'policy') => `apiVersion: admissionregistration.k8s.io/v1
kind: ValidatingWebhookConfiguration
metadata:
  name: guard
webhooks:
  - name: validate.guard.example.com
    clientConfig:
      service:
        namespace: ${namespace}
        name: guard
        path: /validate
    rules:
      - apiGroups: [""]
        apiVersions: [v1]
        operations: [CREATE]
        resources: [pods]
    admissionReviewVersions: [v1]
    sideEffects: None
`;

const backend = { 'webhook.yaml': webhook(), 'service.yaml': service('guard', 'policy') };

const priorityClass = (name: string, value: number, globalDefault = false) => `apiVersion: scheduling.k8s.io/v1
kind: PriorityClass
metadata:
  name: ${name}
value: ${value}
globalDefault: ${globalDefault}
`;

const definedClass = (name: string) => `---
apiVersion: scheduling.k8s.io/v1
kind: PriorityClass
metadata:
  name: ${name}
value: 1000000
globalDefault: false
preemptionPolicy: PreemptLowerPriority
description: Components other workloads depend on (webhooks, DNS, ingress), so that they win preemption after a capacity loss.
`;
const withClass = (className: string) => `      priorityClassName: ${className}\n`;

const coredns = { name: 'coredns', namespace: 'kube-system', image: '602401143452.dkr.ecr.us-west-2.amazonaws.com/eks/coredns:v1.11.3-eksbuild.2', labels: 'k8s-app: kube-dns' };
const awsNode = { name: 'aws-node', namespace: 'kube-system', kind: 'DaemonSet', image: '602401143452.dkr.ecr.us-west-2.amazonaws.com/amazon-k8s-cni:v1.19.0', labels: 'k8s-app: aws-node' };
const ingressNginx = { name: 'ingress-nginx-controller', namespace: 'ingress-nginx', image: 'registry.k8s.io/ingress-nginx/controller:v1.11.2' };

export default defineCases({
  valid: [
    { name: 'an ordinary workload needs no priority class', code: workload({ name: 'shop', namespace: 'shop' }) },
    { name: 'a webhook backend with a priority class', code: workload({ fields: withClass('platform-critical') }), files: backend },
    { name: 'CoreDNS with system-cluster-critical', code: workload({ ...coredns, fields: withClass('system-cluster-critical') }) },
    { name: 'the VPC CNI with system-node-critical', code: workload({ ...awsNode, fields: withClass('system-node-critical') }) },
    { name: 'system classes in kube-system', code: workload({ name: 'cluster-autoscaler', namespace: 'kube-system', fields: withClass('system-cluster-critical') }) },
    { name: 'a critical component may use a system class outside kube-system', code: workload({ ...ingressNginx, fields: withClass('system-cluster-critical') }) },
    {
      name: 'systemNamespaces adds the namespaces of platform components',
      code: workload({ name: 'calico-kube-controllers', namespace: 'calico-system', image: 'docker.io/calico/kube-controllers:v3.28.1', fields: withClass('system-cluster-critical') }),
      config: { rules: { 'critical-workload-priority': { options: { systemNamespaces: ['kube-system', 'calico-system'] } } } },
    },
    {
      name: 'a webhook whose Service lives in another namespace does not make a namesake critical',
      code: workload(),
      files: { 'webhook.yaml': webhook('security'), 'service.yaml': service('guard', 'policy') },
    },
    { name: 'a DaemonSet outside kube-system is not a node agent by namespace', code: workload({ name: 'exporter', namespace: 'monitoring', kind: 'DaemonSet' }) },
    {
      name: 'a node agent DaemonSet may take a system class in its own namespace (kube-prometheus node-exporter)',
      code: workload({ name: 'node-exporter', namespace: 'monitoring', kind: 'DaemonSet', image: 'quay.io/prometheus/node-exporter:v1.8.2', fields: withClass('system-cluster-critical') }),
    },
    { name: 'a global default of 0', code: priorityClass('default', 0, true) },
    { name: 'a global default below the deliberate classes', code: `${priorityClass('default', 1000, true)}---\n${priorityClass('platform-critical', 1000000)}` },
    { name: 'overprovisioning placeholders below a zero default', code: `${priorityClass('default', 0, true)}---\n${priorityClass('overprovisioning', -10)}` },
    {
      name: 'a Helm hook',
      code: workload({ fields: withClass('system-cluster-critical') }).replace('  namespace: policy\n', '  namespace: policy\n  annotations:\n    helm.sh/hook: test\n'),
    },
  ],
  invalid: [
    {
      name: 'a webhook backend without a priority class: the quick-fix sets one and defines it after the workload',
      code: `${workload()}---\n${service('guard', 'policy')}`,
      files: { 'webhook.yaml': webhook() },
      errors: [
        {
          messageId: 'missing',
          line: 4,
          column: 3,
          endLine: 4,
          endColumn: 7,
          severity: 'info',
          output: null,
          suggestions: [
            {
              messageId: 'setClassAndDefine',
              output: `${workload({ fields: withClass('platform-critical') })}${definedClass('platform-critical')}---\n${service('guard', 'policy')}`,
            },
          ],
        },
      ],
    },
    {
      name: 'the configured class exists in the project: only priorityClassName is set',
      code: workload(),
      files: { ...backend, 'priority.yaml': priorityClass('platform-critical', 1000000) },
      errors: [
        {
          messageId: 'missing',
          line: 4,
          column: 3,
          endLine: 4,
          endColumn: 7,
          severity: 'info',
          suggestions: [{ messageId: 'setClass', output: workload({ fields: withClass('platform-critical') }) }],
        },
      ],
    },
    {
      name: 'CoreDNS in kube-system gets system-cluster-critical',
      code: workload(coredns),
      errors: [
        {
          messageId: 'missing',
          line: 4,
          column: 3,
          endLine: 4,
          endColumn: 7,
          severity: 'info',
          suggestions: [{ messageId: 'setClass', output: workload({ ...coredns, fields: withClass('system-cluster-critical') }) }],
        },
      ],
    },
    {
      name: 'a kube-system DaemonSet gets system-node-critical',
      code: workload(awsNode),
      errors: [
        {
          messageId: 'missing',
          line: 4,
          column: 3,
          endLine: 4,
          endColumn: 7,
          severity: 'info',
          suggestions: [{ messageId: 'setClass', output: workload({ ...awsNode, fields: withClass('system-node-critical') }) }],
        },
      ],
    },
    {
      name: 'an ingress controller outside kube-system, followed by its Service',
      code: `${workload(ingressNginx)}---\n${service('ingress-nginx-controller', 'ingress-nginx')}`,
      errors: [
        {
          messageId: 'missing',
          line: 4,
          column: 3,
          endLine: 4,
          endColumn: 7,
          severity: 'info',
          suggestions: [
            {
              messageId: 'setClassAndDefine',
              output: `${workload({ ...ingressNginx, fields: withClass('platform-critical') })}${definedClass('platform-critical')}---\n${service('ingress-nginx-controller', 'ingress-nginx')}`,
            },
          ],
        },
      ],
    },
    {
      name: 'criticalImages and priorityClassName options',
      code: `${workload({ name: 'gateway', namespace: 'edge', image: 'ghcr.io/acme/edge-gateway:3.2.0' })}---\n${service('gateway', 'edge')}`,
      config: { rules: { 'critical-workload-priority': { options: { criticalImages: ['acme/edge-gateway'], priorityClassName: 'edge-critical' } } } },
      errors: [
        {
          messageId: 'missing',
          line: 4,
          column: 3,
          endLine: 4,
          endColumn: 7,
          severity: 'info',
          suggestions: [
            {
              messageId: 'setClassAndDefine',
              output: `${workload({ name: 'gateway', namespace: 'edge', image: 'ghcr.io/acme/edge-gateway:3.2.0', fields: withClass('edge-critical') })}${definedClass('edge-critical')}---\n${service('gateway', 'edge')}`,
            },
          ],
        },
      ],
    },
    {
      name: 'the backend of an aggregated API (metrics-server)',
      code: workload({ name: 'metrics-server', namespace: 'kube-system', image: 'registry.k8s.io/metrics-server/metrics-server:v0.7.2' }),
      files: {
        'apiservice.yaml': `apiVersion: apiregistration.k8s.io/v1
kind: APIService
metadata:
  name: v1beta1.metrics.k8s.io
spec:
  group: metrics.k8s.io
  version: v1beta1
  service:
    name: metrics-server
    namespace: kube-system
  groupPriorityMinimum: 100
  versionPriority: 100
`,
        'service.yaml': service('metrics-server', 'kube-system'),
      },
      errors: [
        {
          messageId: 'missing',
          line: 4,
          column: 3,
          endLine: 4,
          endColumn: 7,
          severity: 'info',
          suggestions: [
            {
              messageId: 'setClass',
              output: workload({
                name: 'metrics-server',
                namespace: 'kube-system',
                image: 'registry.k8s.io/metrics-server/metrics-server:v0.7.2',
                fields: withClass('system-cluster-critical'),
              }),
            },
          ],
        },
      ],
    },
    {
      name: 'an application that takes system-cluster-critical: warning, never above it (heuristic)',
      code: workload({ name: 'shop', namespace: 'shop', fields: withClass('system-cluster-critical') }),
      config: { rules: { 'critical-workload-priority': 'error' } },
      errors: [
        {
          messageId: 'systemClassOutsideSystem',
          line: 19,
          column: 26,
          endLine: 19,
          endColumn: 49,
          severity: 'warning',
          suggestions: [
            {
              messageId: 'setClassAndDefine',
              output: workload({ name: 'shop', namespace: 'shop', fields: withClass('platform-critical') }) + definedClass('platform-critical'),
            },
          ],
        },
      ],
    },
    {
      name: 'a CronJob with system-node-critical',
      code: `apiVersion: batch/v1
kind: CronJob
metadata:
  name: report
  namespace: shop
spec:
  schedule: "0 3 * * *"
  jobTemplate:
    spec:
      template:
        spec:
          restartPolicy: OnFailure
          priorityClassName: system-node-critical
          containers:
            - name: report
              image: report:1.0.0
`,
      errors: [{ messageId: 'systemClassOutsideSystem', line: 13, column: 30, endLine: 13, endColumn: 50, suggestions: [
        {
          messageId: 'setClassAndDefine',
          output: `apiVersion: batch/v1
kind: CronJob
metadata:
  name: report
  namespace: shop
spec:
  schedule: "0 3 * * *"
  jobTemplate:
    spec:
      template:
        spec:
          restartPolicy: OnFailure
          priorityClassName: platform-critical
          containers:
            - name: report
              image: report:1.0.0
${definedClass('platform-critical')}`,
        },
      ] }],
    },
    {
      name: 'a high global default',
      code: priorityClass('default-high', 1000000, true),
      errors: [
        {
          messageId: 'highGlobalDefault',
          line: 5,
          column: 8,
          endLine: 5,
          endColumn: 15,
          severity: 'warning',
          suggestions: [{ messageId: 'notGlobalDefault', output: priorityClass('default-high', 1000000) }],
        },
      ],
    },
    {
      name: 'a global default as high as every deliberate class',
      code: priorityClass('default', 500, true),
      files: { 'classes.yaml': `${priorityClass('batch', 100)}---\n${priorityClass('overprovisioning', -1)}` },
      errors: [
        {
          messageId: 'highGlobalDefault',
          line: 5,
          column: 8,
          endLine: 5,
          endColumn: 11,
          suggestions: [{ messageId: 'notGlobalDefault', output: priorityClass('default', 500) }],
        },
      ],
    },
  ],
});
