import { defineCases } from '../../test/support/rule-tester';

function webhookConfig(o: { failurePolicy?: string; clientConfig?: string; second?: string } = {}): string {
  return `apiVersion: admissionregistration.k8s.io/v1
kind: ValidatingWebhookConfiguration
metadata:
  name: image-policy
webhooks:
  - name: pods.image-policy.example.com
    admissionReviewVersions: ["v1"]
    sideEffects: None
${o.failurePolicy ? `    failurePolicy: ${o.failurePolicy}\n` : ''}${
    o.clientConfig ??
    `    clientConfig:
      service:
        namespace: image-policy
        name: image-policy-webhook
        path: /validate
`
  }    rules:
      - apiGroups: [""]
        apiVersions: ["v1"]
        operations: ["CREATE"]
        resources: ["pods"]
${o.second ?? ''}`;
}

const service = `apiVersion: v1
kind: Service
metadata:
  name: image-policy-webhook
  namespace: image-policy
spec:
  selector:
    app: image-policy
  ports:
    - port: 443
      targetPort: webhook
`;

interface Backend {
  kind?: string;
  /** The `replicas:` line; `null` for none. */
  replicas?: number | null;
  /** Pod spec lines before `containers:` (6 spaces). */
  podSpec?: string;
  /** Container lines after `ports:` (10 spaces). */
  container?: string;
}

function deployment(b: Backend = {}): string {
  const replicas = b.replicas === undefined ? 1 : b.replicas;
  return `apiVersion: apps/v1
kind: ${b.kind ?? 'Deployment'}
metadata:
  name: image-policy
  namespace: image-policy
spec:
${replicas === null ? '' : `  replicas: ${replicas}\n`}  selector:
    matchLabels:
      app: image-policy
  template:
    metadata:
      labels:
        app: image-policy
    spec:
${b.podSpec ?? ''}      containers:
        - name: webhook
          image: example.com/image-policy:1.0.0
          ports:
            - name: webhook
              containerPort: 8443
${b.container ?? ''}`;
}

const backend = (b: Backend = {}) => `${service}---\n${deployment(b)}`;

const readiness = `          readinessProbe:
            tcpSocket:
              port: webhook
            periodSeconds: 10
            failureThreshold: 3
`;

const spread = `      topologySpreadConstraints:
        - maxSkew: 1
          topologyKey: topology.kubernetes.io/zone
          whenUnsatisfiable: ScheduleAnyway
          labelSelector:
            matchLabels:
              app: image-policy
          matchLabelKeys:
            - pod-template-hash
        - maxSkew: 1
          topologyKey: kubernetes.io/hostname
          whenUnsatisfiable: ScheduleAnyway
          labelSelector:
            matchLabels:
              app: image-policy
`;

const budget = `---
apiVersion: policy/v1
kind: PodDisruptionBudget
metadata:
  name: image-policy
  namespace: image-policy
spec:
  maxUnavailable: 1
  unhealthyPodEvictionPolicy: AlwaysAllow
  selector:
    matchLabels:
      app: image-policy
`;

const pdbFile = budget.replace('---\n', '');

const priority = '      priorityClassName: webhook-critical\n';

/** A backend with every safeguard: replicas, spread, a readiness probe, a priority class and (in pdb.yaml) a budget. */
const haBackend = backend({ replicas: 3, podSpec: priority + spread, container: readiness });

/** The finding's position: the `service` key under `clientConfig`. */
const at = { line: 10, column: 7, endLine: 10, endColumn: 14 };

export default defineCases({
  valid: [
    { name: 'a highly available backend in other files', code: webhookConfig(), files: { 'backend.yaml': haBackend, 'pdb.yaml': pdbFile } },
    {
      name: 'an autoscaled backend whose minimum is 2',
      code: webhookConfig(),
      files: {
        'backend.yaml': backend({ replicas: null, podSpec: priority + spread, container: readiness }),
        'pdb.yaml': pdbFile,
        'hpa.yaml': `apiVersion: autoscaling/v2
kind: HorizontalPodAutoscaler
metadata:
  name: image-policy
  namespace: image-policy
spec:
  scaleTargetRef:
    apiVersion: apps/v1
    kind: Deployment
    name: image-policy
  minReplicas: 2
  maxReplicas: 6
`,
      },
    },
    {
      name: 'an out-of-cluster webhook (clientConfig.url)',
      code: webhookConfig({ clientConfig: '    clientConfig:\n      url: https://policy.example.com/validate\n' }),
    },
    {
      name: 'a Service without a selector (Endpoints managed by hand)',
      code: webhookConfig(),
      files: { 'service.yaml': service.replace('  selector:\n    app: image-policy\n', '') },
    },
    {
      name: 'a DaemonSet backend runs on every node',
      code: webhookConfig(),
      files: { 'backend.yaml': backend({ kind: 'DaemonSet', replicas: null, podSpec: priority, container: readiness }) },
    },
    {
      name: 'single-zone clusters need no zone spread',
      code: webhookConfig(),
      config: { zones: 1 },
      files: { 'backend.yaml': backend({ replicas: 2, podSpec: priority, container: readiness }), 'pdb.yaml': pdbFile },
    },
    {
      name: 'readiness decided by readiness gates',
      code: webhookConfig(),
      files: {
        'backend.yaml': backend({ replicas: 3, podSpec: `${priority}${spread}      readinessGates:\n        - conditionType: example.com/ready\n` }),
        'pdb.yaml': pdbFile,
      },
    },
    {
      name: 'the priority class check is off',
      code: webhookConfig(),
      config: { rules: { 'webhook-backend-not-ha': { options: { priorityClass: false } } } },
      files: { 'backend.yaml': backend({ replicas: 3, podSpec: spread, container: readiness }), 'pdb.yaml': pdbFile },
    },
  ],
  invalid: [
    {
      name: 'a single replica without PDB, spread or readiness probe, in another file',
      code: webhookConfig(),
      files: { 'backend.yaml': backend() },
      errors: [
        { messageId: 'noPriorityClass', ...at, severity: 'info', suggestions: [] },
        {
          messageId: 'notHa',
          ...at,
          severity: 'error',
          output: null,
          suggestions: [
            {
              messageId: 'makeHa',
              output: { 'backend.yaml': backend({ replicas: 3, container: readiness + spread }) + budget },
            },
          ],
        },
      ],
    },
    {
      name: 'the webhook, its Service and its Deployment in one file',
      code: `${webhookConfig()}---\n${backend({ podSpec: priority })}`,
      errors: [
        {
          messageId: 'notHa',
          ...at,
          severity: 'error',
          suggestions: [
            {
              messageId: 'makeHa',
              output: `${webhookConfig()}---\n${backend({ replicas: 3, podSpec: priority, container: readiness + spread })}${budget}`,
            },
          ],
        },
      ],
    },
    {
      name: 'a fail-open webhook is a warning',
      code: webhookConfig({ failurePolicy: 'Ignore' }),
      files: { 'backend.yaml': backend({ replicas: 3, podSpec: priority + spread, container: readiness }) },
      errors: [
        {
          messageId: 'notHa',
          line: 11,
          column: 7,
          endLine: 11,
          endColumn: 14,
          severity: 'warning',
          suggestions: [
            {
              messageId: 'makeHa',
              output: { 'backend.yaml': backend({ replicas: 3, podSpec: priority + spread, container: readiness }) + budget },
            },
          ],
        },
      ],
    },
    {
      name: 'only the PDB is missing, with manifestSet partial: info',
      code: webhookConfig(),
      config: { manifestSet: 'partial' },
      files: { 'backend.yaml': backend({ replicas: 3, podSpec: priority + spread, container: readiness }) },
      errors: [
        {
          messageId: 'notHa',
          ...at,
          severity: 'info',
          suggestions: [
            {
              messageId: 'makeHa',
              output: { 'backend.yaml': backend({ replicas: 3, podSpec: priority + spread, container: readiness }) + budget },
            },
          ],
        },
      ],
    },
    {
      name: 'an HPA whose minimum is 1: the fix raises the minimum',
      code: webhookConfig(),
      files: {
        'backend.yaml': backend({ replicas: null, podSpec: priority + spread, container: readiness }),
        'pdb.yaml': pdbFile,
        'hpa.yaml': `apiVersion: autoscaling/v2
kind: HorizontalPodAutoscaler
metadata:
  name: image-policy
  namespace: image-policy
spec:
  scaleTargetRef:
    apiVersion: apps/v1
    kind: Deployment
    name: image-policy
  minReplicas: 1
  maxReplicas: 2
`,
      },
      errors: [
        {
          messageId: 'notHa',
          ...at,
          suggestions: [
            {
              messageId: 'makeHa',
              output: {
                'hpa.yaml': `apiVersion: autoscaling/v2
kind: HorizontalPodAutoscaler
metadata:
  name: image-policy
  namespace: image-policy
spec:
  scaleTargetRef:
    apiVersion: apps/v1
    kind: Deployment
    name: image-policy
  minReplicas: 3
  maxReplicas: 3
`,
              },
            },
          ],
        },
      ],
    },
    {
      name: 'a backend pinned to one zone: the fix removes the pin',
      code: webhookConfig(),
      files: {
        'backend.yaml': backend({
          replicas: 3,
          podSpec: `${priority}      nodeSelector:\n        topology.kubernetes.io/zone: us-east-1a\n${spread}`,
          container: readiness,
        }),
        'pdb.yaml': pdbFile,
      },
      errors: [
        {
          messageId: 'notHa',
          ...at,
          suggestions: [
            { messageId: 'makeHa', output: { 'backend.yaml': backend({ replicas: 3, podSpec: priority + spread, container: readiness }) } },
          ],
        },
      ],
    },
    {
      name: 'a DaemonSet backend without a readiness probe',
      code: webhookConfig(),
      files: { 'backend.yaml': backend({ kind: 'DaemonSet', replicas: null, podSpec: priority }) },
      errors: [
        {
          messageId: 'notHa',
          ...at,
          suggestions: [
            {
              messageId: 'makeHa',
              output: { 'backend.yaml': backend({ kind: 'DaemonSet', replicas: null, podSpec: priority, container: readiness }) },
            },
          ],
        },
      ],
    },
    {
      name: 'a serving port that the container does not declare: no bundled fix',
      code: webhookConfig(),
      files: {
        'backend.yaml': backend({ replicas: 3, podSpec: priority + spread }).replace(
          '          ports:\n            - name: webhook\n              containerPort: 8443\n',
          '',
        ),
        'pdb.yaml': pdbFile,
      },
      errors: [{ messageId: 'notHa', ...at, suggestions: [] }],
    },
    {
      name: 'a numeric targetPort that the container does not declare gets a probe on that number',
      code: webhookConfig(),
      files: {
        'backend.yaml': backend({ replicas: 3, podSpec: priority + spread })
          .replace('targetPort: webhook', 'targetPort: 8443')
          .replace('          ports:\n            - name: webhook\n              containerPort: 8443\n', ''),
        'pdb.yaml': pdbFile,
      },
      errors: [
        {
          messageId: 'notHa',
          ...at,
          suggestions: [
            {
              messageId: 'makeHa',
              output: {
                'backend.yaml': backend({ replicas: 3, podSpec: priority + spread, container: readiness.replace('port: webhook', 'port: 8443') })
                  .replace('targetPort: webhook', 'targetPort: 8443')
                  .replace('          ports:\n            - name: webhook\n              containerPort: 8443\n', ''),
              },
            },
          ],
        },
      ],
    },
    {
      name: 'a bare Pod backend: nothing recreates it, and no fix applies',
      code: webhookConfig(),
      files: {
        'backend.yaml': `${service}---
apiVersion: v1
kind: Pod
metadata:
  name: image-policy
  namespace: image-policy
  labels:
    app: image-policy
spec:
  priorityClassName: webhook-critical
  containers:
    - name: webhook
      image: example.com/image-policy:1.0.0
      readinessProbe:
        tcpSocket:
          port: 8443
`,
      },
      errors: [{ messageId: 'notHa', ...at, suggestions: [] }],
    },
    {
      name: 'webhooks of one configuration that share a backend get one finding',
      code: webhookConfig({
        failurePolicy: 'Ignore',
        second: `  - name: deployments.image-policy.example.com
    admissionReviewVersions: ["v1"]
    sideEffects: None
    clientConfig:
      service:
        namespace: image-policy
        name: image-policy-webhook
    rules:
      - apiGroups: ["apps"]
        apiVersions: ["v1"]
        operations: ["CREATE"]
        resources: ["deployments"]
`,
      }),
      files: { 'backend.yaml': backend({ replicas: 3, podSpec: spread, container: readiness }), 'pdb.yaml': pdbFile },
      errors: [{ messageId: 'noPriorityClass', line: 11, column: 7, endLine: 11, endColumn: 14, severity: 'info', suggestions: [] }],
    },
    {
      name: 'copies of the backend in several files (overlays) are one backend: the copy beside the webhook is fixed',
      code: `${webhookConfig()}---\n${backend({ podSpec: priority })}`,
      files: { 'overlays/prod/backend.yaml': backend({ podSpec: priority }) },
      errors: [
        {
          messageId: 'notHa',
          ...at,
          suggestions: [
            {
              messageId: 'makeHa',
              output: `${webhookConfig()}---\n${backend({ replicas: 3, podSpec: priority, container: readiness + spread })}${budget}`,
            },
          ],
        },
      ],
    },
    {
      name: 'a Service that is not in the project',
      code: webhookConfig(),
      errors: [{ messageId: 'serviceMissing', ...at, severity: 'error', suggestions: [] }],
    },
    {
      name: 'a Service that is not in the project, with manifestSet partial',
      code: webhookConfig(),
      config: { manifestSet: 'partial' },
      errors: [{ messageId: 'serviceMissingPartial', ...at, severity: 'info', suggestions: [] }],
    },
    {
      name: 'a Service that selects no workload',
      code: webhookConfig(),
      files: { 'service.yaml': service },
      errors: [{ messageId: 'noBackend', ...at, severity: 'warning', suggestions: [] }],
    },
    {
      name: 'a backend in another namespace than the Service is not its backend',
      code: webhookConfig(),
      files: { 'service.yaml': service, 'backend.yaml': haBackend.replace(/namespace: image-policy/g, 'namespace: other') },
      errors: [{ messageId: 'noBackend', ...at, severity: 'warning', suggestions: [] }],
    },
  ],
});
