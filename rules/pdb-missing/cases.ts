import { defineCases } from '../../test/support/rule-tester';

const deployment = `apiVersion: apps/v1
kind: Deployment
metadata:
  name: shop-api
spec:
  replicas: 3
  selector:
    matchLabels:
      app: shop-api
  template:
    metadata:
      labels:
        app: shop-api
    spec:
      containers:
        - name: api
          image: shop/api:1.2.3
`;

const budget = `---
apiVersion: policy/v1
kind: PodDisruptionBudget
metadata:
  name: shop-api
spec:
  maxUnavailable: 1
  unhealthyPodEvictionPolicy: AlwaysAllow
  selector:
    matchLabels:
      app: shop-api
`;

const pdbFile = `apiVersion: policy/v1
kind: PodDisruptionBudget
metadata:
  name: shop-api
spec:
  maxUnavailable: 1
  selector:
    matchLabels:
      app: shop-api
`;

export default defineCases({
  valid: [
    { name: 'a PDB in another file selects the pods', code: deployment, files: { 'pdb.yaml': pdbFile } },
    {
      name: 'a PDB with matchExpressions selects the pods',
      code: deployment,
      files: {
        'pdb.yaml': `apiVersion: policy/v1
kind: PodDisruptionBudget
metadata:
  name: any
spec:
  minAvailable: 1
  selector:
    matchExpressions:
      - {key: app, operator: In, values: [shop-api, shop-web]}
`,
      },
    },
    { name: 'a fixed singleton is left to workload-single-replica', code: deployment.replace('replicas: 3', 'replicas: 1') },
    { name: 'replicas default to 1', code: deployment.replace('  replicas: 3\n', '') },
    {
      name: 'DaemonSets are not evicted by drains',
      code: deployment.replace('kind: Deployment', 'kind: DaemonSet').replace('  replicas: 3\n', ''),
    },
    {
      name: 'a KEDA queue worker that scales to zero',
      code: deployment,
      files: {
        'scaledobject.yaml': `apiVersion: keda.sh/v1alpha1
kind: ScaledObject
metadata:
  name: shop-api
spec:
  scaleTargetRef:
    name: shop-api
  minReplicaCount: 0
`,
      },
    },
    {
      name: 'a Helm hook',
      code: deployment.replace('  name: shop-api\n', '  name: shop-api\n  annotations:\n    helm.sh/hook: pre-install\n'),
    },
  ],
  invalid: [
    {
      name: 'no PDB at all',
      code: deployment,
      errors: [
        {
          messageId: 'missing',
          line: 4,
          column: 3,
          endLine: 4,
          endColumn: 7,
          severity: 'warning',
          output: null,
          suggestions: [{ messageId: 'add', output: deployment + budget }],
        },
      ],
    },
    {
      name: 'the only PDB is in another namespace',
      code: deployment.replace('  name: shop-api\n', '  name: shop-api\n  namespace: shop\n'),
      files: { 'pdb.yaml': pdbFile.replace('  name: shop-api\n', '  name: shop-api\n  namespace: other\n') },
      errors: [
        {
          messageId: 'missing',
          line: 4,
          column: 3,
          endLine: 4,
          endColumn: 7,
          suggestions: [
            {
              messageId: 'add',
              output:
                deployment.replace('  name: shop-api\n', '  name: shop-api\n  namespace: shop\n') +
                budget.replace('  name: shop-api\n', '  name: shop-api\n  namespace: shop\n'),
            },
          ],
        },
      ],
    },
    {
      name: 'an HPA that can scale out',
      code: deployment.replace('  replicas: 3\n', ''),
      files: {
        'hpa.yaml': `apiVersion: autoscaling/v2
kind: HorizontalPodAutoscaler
metadata:
  name: shop-api
spec:
  scaleTargetRef:
    apiVersion: apps/v1
    kind: Deployment
    name: shop-api
  minReplicas: 1
  maxReplicas: 5
`,
      },
      errors: [
        {
          messageId: 'missing',
          line: 4,
          column: 3,
          endLine: 4,
          endColumn: 7,
          suggestions: [{ messageId: 'add', output: deployment.replace('  replicas: 3\n', '') + budget }],
        },
      ],
    },
    {
      name: 'CoreDNS without a budget is an error (every pod depends on it)',
      code: deployment.replace(/shop-api/g, 'coredns'),
      errors: [
        {
          messageId: 'missing',
          line: 4,
          column: 3,
          endLine: 4,
          endColumn: 7,
          severity: 'error',
          suggestions: [{ messageId: 'add', output: deployment.replace(/shop-api/g, 'coredns') + budget.replace(/shop-api/g, 'coredns') }],
        },
      ],
    },
    {
      name: 'partial manifest sets report info',
      code: deployment,
      config: { manifestSet: 'partial' },
      errors: [
        {
          messageId: 'missingPartial',
          line: 4,
          column: 3,
          endLine: 4,
          endColumn: 7,
          severity: 'info',
          suggestions: [{ messageId: 'add', output: deployment + budget }],
        },
      ],
    },
    {
      name: 'clusters older than 1.27 get no unhealthyPodEvictionPolicy',
      code: deployment,
      config: { kubernetesVersion: '1.26' },
      errors: [
        {
          messageId: 'missing',
          line: 4,
          column: 3,
          endLine: 4,
          endColumn: 7,
          suggestions: [{ messageId: 'add', output: deployment + budget.replace('  unhealthyPodEvictionPolicy: AlwaysAllow\n', '') }],
        },
      ],
    },
    {
      name: 'the generated selector is narrowed so it does not also cover a canary that has its own PDB',
      code: deployment.replace('        app: shop-api\n    spec:', '        app: shop-api\n        track: stable\n    spec:'),
      files: {
        'canary.yaml': `apiVersion: apps/v1
kind: Deployment
metadata:
  name: shop-api-canary
spec:
  replicas: 1
  selector:
    matchLabels: {app: shop-api, track: canary}
  template:
    metadata:
      labels: {app: shop-api, track: canary}
    spec:
      containers:
        - name: api
          image: shop/api:1.2.4
---
apiVersion: policy/v1
kind: PodDisruptionBudget
metadata:
  name: shop-api-canary
spec:
  maxUnavailable: 1
  selector:
    matchLabels: {app: shop-api, track: canary}
`,
      },
      errors: [
        {
          messageId: 'missing',
          line: 4,
          column: 3,
          endLine: 4,
          endColumn: 7,
          suggestions: [
            {
              messageId: 'add',
              output:
                deployment.replace('        app: shop-api\n    spec:', '        app: shop-api\n        track: stable\n    spec:') +
                budget.replace('      app: shop-api\n', '      app: shop-api\n      track: stable\n'),
            },
          ],
        },
      ],
    },
    {
      name: 'a JSON manifest gets no appended document',
      filename: 'deploy.json',
      code: `{
  "apiVersion": "apps/v1",
  "kind": "Deployment",
  "metadata": {"name": "shop-api"},
  "spec": {
    "replicas": 2,
    "selector": {"matchLabels": {"app": "shop-api"}},
    "template": {
      "metadata": {"labels": {"app": "shop-api"}},
      "spec": {"containers": [{"name": "api", "image": "shop/api:1.2.3"}]}
    }
  }
}
`,
      errors: [{ messageId: 'missing', line: 4, column: 16, endLine: 4, endColumn: 22, output: null }],
    },
  ],
});
