import { defineCases } from '../../test/support/rule-tester';

interface Options {
  kind?: 'ValidatingWebhookConfiguration' | 'MutatingWebhookConfiguration';
  apiVersion?: string;
  failurePolicy?: string;
  /** The `rules:` list, at rule-item indentation (6 spaces). */
  rules?: string;
  /** Lines after the rules, at webhook-field indentation (4 spaces). */
  extra?: string;
}

function config(o: Options = {}): string {
  return `apiVersion: ${o.apiVersion ?? 'admissionregistration.k8s.io/v1'}
kind: ${o.kind ?? 'ValidatingWebhookConfiguration'}
metadata:
  name: audit
webhooks:
  - name: audit.example.com
    admissionReviewVersions: ["v1"]
    sideEffects: None
${o.failurePolicy ? `    failurePolicy: ${o.failurePolicy}\n` : ''}    clientConfig:
      service:
        namespace: audit
        name: audit-webhook
    rules:
${o.rules ?? podsRule}${o.extra ?? ''}`;
}

const podsRule = `      - apiGroups: [""]
        apiVersions: ["v1"]
        operations: ["CREATE", "UPDATE"]
        resources: ["pods"]
`;

const catchAll = `      - apiGroups: ["*"]
        apiVersions: ["*"]
        operations: ["*"]
        resources: ["*"]
        scope: "*"
`;

const narrowed = `      - apiGroups: ["", "apps", "batch"]
        apiVersions: ["*"]
        operations: ["*"]
        resources: ["pods", "deployments", "replicasets", "statefulsets", "daemonsets", "jobs", "cronjobs"]
        scope: "*"
`;

const leasesRule = `      - apiGroups: ["coordination.k8s.io"]
        apiVersions: ["v1"]
        operations: ["CREATE", "UPDATE"]
        resources: ["leases"]
`;

const excludeNodeLease = `    namespaceSelector:
      matchExpressions:
        - key: kubernetes.io/metadata.name
          operator: NotIn
          values:
            - kube-node-lease
`;

const reviewsRule = `      - apiGroups: ["authentication.k8s.io"]
        apiVersions: ["v1"]
        operations: ["CREATE"]
        resources: ["tokenreviews"]
`;

export default defineCases({
  valid: [
    { name: 'a webhook scoped to pods', code: config() },
    {
      name: 'a wildcard group with named resources',
      code: config({ rules: podsRule.replace('apiGroups: [""]', 'apiGroups: ["*"]') }),
    },
    {
      name: 'all resources of one named group',
      code: config({ rules: podsRule.replace('apiGroups: [""]', 'apiGroups: ["apps"]').replace('resources: ["pods"]', 'resources: ["*"]') }),
    },
    {
      name: 'every subresource of pods only',
      code: config({ rules: podsRule.replace('resources: ["pods"]', 'resources: ["pods/*"]') }),
    },
    {
      name: 'leases with kube-node-lease excluded by namespaceSelector',
      code: config({ rules: leasesRule, extra: excludeNodeLease }),
    },
    {
      name: 'leases with kube-node-lease excluded by matchConditions',
      code: config({
        rules: leasesRule,
        extra: `    matchConditions:
      - name: not-node-leases
        expression: 'request.namespace != "kube-node-lease"'
`,
      }),
    },
    {
      name: 'leases with an objectSelector that node leases never match',
      code: config({
        rules: leasesRule,
        extra: `    objectSelector:
      matchLabels:
        app.kubernetes.io/managed-by: my-operator
`,
      }),
    },
    {
      name: 'leases with a namespaceSelector on a label that kube-node-lease does not carry',
      code: config({
        rules: leasesRule,
        extra: `    namespaceSelector:
      matchLabels:
        audit.example.com/enabled: "true"
`,
      }),
    },
    {
      name: 'leases only on DELETE (kubelets create and update their leases)',
      code: config({ rules: leasesRule.replace('operations: ["CREATE", "UPDATE"]', 'operations: ["DELETE"]') }),
    },
    {
      name: 'leases with a Cluster scope (leases are namespaced)',
      code: config({ rules: `${leasesRule}        scope: Cluster\n` }),
    },
    {
      name: 'reviews from Kubernetes 1.37, which no longer sends them to webhooks',
      code: config({ rules: reviewsRule }),
      config: { kubernetesVersion: '1.37' },
    },
    {
      name: 'a webhook without rules',
      code: config({ rules: '      []\n' }).replace('    rules:\n      []\n', '    rules: []\n'),
    },
    { name: 'not a webhook configuration', code: 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: audit\ndata:\n  rules: "*"\n' },
  ],
  invalid: [
    {
      name: 'the catch-all rule quoted by the EKS guide, failing closed by default',
      code: config({ rules: catchAll }),
      errors: [
        {
          messageId: 'catchAll',
          line: 17,
          column: 21,
          endLine: 17,
          endColumn: 24,
          severity: 'error',
          output: null,
          suggestions: [{ messageId: 'narrow', output: config({ rules: narrowed }) }],
        },
      ],
    },
    {
      name: 'a catch-all rule with */* that fails open is a warning',
      code: config({ rules: catchAll.replace('resources: ["*"]', 'resources: ["*/*"]'), failurePolicy: 'Ignore' }),
      errors: [
        {
          messageId: 'catchAll',
          line: 18,
          column: 21,
          endLine: 18,
          endColumn: 26,
          severity: 'warning',
          suggestions: [{ messageId: 'narrow', output: config({ rules: narrowed, failurePolicy: 'Ignore' }) }],
        },
      ],
    },
    {
      name: 'v1beta1 webhooks fail open by default',
      code: config({ rules: catchAll, apiVersion: 'admissionregistration.k8s.io/v1beta1' }),
      errors: [
        {
          messageId: 'catchAll',
          line: 17,
          column: 21,
          endLine: 17,
          endColumn: 24,
          severity: 'warning',
          suggestions: [{ messageId: 'narrow', output: config({ rules: narrowed, apiVersion: 'admissionregistration.k8s.io/v1beta1' }) }],
        },
      ],
    },
    {
      name: 'a catch-all in block lists is narrowed in block style',
      code: config({
        rules: `      - apiGroups:
          - '*'
        apiVersions: ["v1"]
        operations: ["CREATE"]
        resources:
          - '*'
`,
      }),
      errors: [
        {
          messageId: 'catchAll',
          line: 19,
          column: 13,
          endLine: 19,
          endColumn: 16,
          suggestions: [
            {
              messageId: 'narrow',
              output: config({
                rules: `      - apiGroups:
          - ""
          - apps
          - batch
        apiVersions: ["v1"]
        operations: ["CREATE"]
        resources:
          - pods
          - deployments
          - replicasets
          - statefulsets
          - daemonsets
          - jobs
          - cronjobs
`,
              }),
            },
          ],
        },
      ],
    },
    {
      name: 'named resources beside the wildcard are kept',
      code: config({ rules: catchAll.replace('resources: ["*"]', 'resources: ["pods", "*"]') }),
      errors: [
        {
          messageId: 'catchAll',
          line: 17,
          column: 29,
          endLine: 17,
          endColumn: 32,
          suggestions: [
            {
              messageId: 'narrow',
              output: config({ rules: narrowed }),
            },
          ],
        },
      ],
    },
    {
      name: 'a block list with named resources beside the wildcard keeps them and appends the rest',
      code: config({
        rules: `      - apiGroups: ["*"]
        apiVersions: ["v1"]
        operations: ["CREATE"]
        resources:
          - pods
          - "*"
`,
      }),
      errors: [
        {
          messageId: 'catchAll',
          line: 19,
          column: 13,
          endLine: 19,
          endColumn: 16,
          suggestions: [
            {
              messageId: 'narrow',
              output: config({
                rules: `      - apiGroups: ["", "apps", "batch"]
        apiVersions: ["v1"]
        operations: ["CREATE"]
        resources:
          - pods
          - "deployments"
          - replicasets
          - statefulsets
          - daemonsets
          - jobs
          - cronjobs
`,
              }),
            },
          ],
        },
      ],
    },
    {
      name: 'a wildcard group beside named groups gets no code action',
      code: config({ rules: catchAll.replace('apiGroups: ["*"]', 'apiGroups: ["*", "apps"]') }),
      errors: [{ messageId: 'catchAll', line: 17, column: 21, endLine: 17, endColumn: 24, suggestions: [] }],
    },
    {
      name: 'leases without excluding kube-node-lease',
      code: config({ rules: leasesRule }),
      errors: [
        {
          messageId: 'nodeLeases',
          line: 17,
          column: 21,
          endLine: 17,
          endColumn: 29,
          severity: 'error',
          suggestions: [{ messageId: 'excludeNodeLeases', output: config({ rules: leasesRule, extra: excludeNodeLease }) }],
        },
      ],
    },
    {
      name: 'leases with a selector that excludes only kube-system: the fix adds kube-node-lease to it',
      code: config({
        kind: 'MutatingWebhookConfiguration',
        failurePolicy: 'Ignore',
        rules: leasesRule.replace('apiGroups: ["coordination.k8s.io"]', 'apiGroups: ["*"]'),
        extra: `    namespaceSelector:
      matchExpressions:
        - key: kubernetes.io/metadata.name
          operator: NotIn
          values: ["kube-system"]
`,
      }),
      errors: [
        {
          messageId: 'nodeLeases',
          line: 18,
          column: 21,
          endLine: 18,
          endColumn: 29,
          severity: 'warning',
          suggestions: [
            {
              messageId: 'excludeNodeLeases',
              output: config({
                kind: 'MutatingWebhookConfiguration',
                failurePolicy: 'Ignore',
                rules: leasesRule.replace('apiGroups: ["coordination.k8s.io"]', 'apiGroups: ["*"]'),
                extra: `    namespaceSelector:
      matchExpressions:
        - key: kubernetes.io/metadata.name
          operator: NotIn
          values: ["kube-system", "kube-node-lease"]
`,
              }),
            },
          ],
        },
      ],
    },
    {
      name: 'a namespaceSelector on a label that the project gives kube-node-lease',
      code: config({
        rules: leasesRule,
        extra: `    namespaceSelector:
      matchLabels:
        monitoring: enabled
`,
      }),
      files: {
        'namespaces.yaml': `apiVersion: v1
kind: Namespace
metadata:
  name: kube-node-lease
  labels:
    monitoring: enabled
`,
      },
      errors: [
        {
          messageId: 'nodeLeases',
          line: 17,
          column: 21,
          endLine: 17,
          endColumn: 29,
          suggestions: [
            {
              messageId: 'excludeNodeLeases',
              output: config({
                rules: leasesRule,
                extra: `    namespaceSelector:
      matchLabels:
        monitoring: enabled
      matchExpressions:
        - key: kubernetes.io/metadata.name
          operator: NotIn
          values:
            - kube-node-lease
`,
              }),
            },
          ],
        },
      ],
    },
    {
      name: 'a TokenReview rule beside another rule: the fix removes the rule',
      code: config({ rules: podsRule + reviewsRule }),
      errors: [
        {
          messageId: 'reviews',
          line: 21,
          column: 21,
          endLine: 21,
          endColumn: 35,
          severity: 'error',
          suggestions: [{ messageId: 'removeReviews', output: config({ rules: podsRule }) }],
        },
      ],
    },
    {
      name: 'review entries in a block list beside other resources are removed',
      code: config({
        rules: `      - apiGroups: ["", "authorization.k8s.io"]
        apiVersions: ["v1"]
        operations: ["CREATE"]
        resources:
          - configmaps
          - subjectaccessreviews
          - localsubjectaccessreviews
`,
      }),
      errors: [
        {
          messageId: 'reviews',
          line: 19,
          column: 13,
          endLine: 19,
          endColumn: 33,
          suggestions: [
            {
              messageId: 'removeReviews',
              output: config({
                rules: `      - apiGroups: ["", "authorization.k8s.io"]
        apiVersions: ["v1"]
        operations: ["CREATE"]
        resources:
          - configmaps
`,
              }),
            },
          ],
        },
      ],
    },
    {
      name: 'one review entry in a flow list is removed with its comma',
      code: config({ rules: reviewsRule.replace('resources: ["tokenreviews"]', 'resources: ["tokenreviews", "configmaps"]').replace('["authentication.k8s.io"]', '["authentication.k8s.io", ""]') }),
      errors: [
        {
          messageId: 'reviews',
          line: 17,
          column: 21,
          endLine: 17,
          endColumn: 35,
          suggestions: [
            {
              messageId: 'removeReviews',
              output: config({ rules: reviewsRule.replace('resources: ["tokenreviews"]', 'resources: ["configmaps"]').replace('["authentication.k8s.io"]', '["authentication.k8s.io", ""]') }),
            },
          ],
        },
      ],
    },
    {
      name: 'several review entries of a flow list get no code action',
      code: config({
        rules: `      - apiGroups: ["", "authorization.k8s.io"]
        apiVersions: ["v1"]
        operations: ["CREATE"]
        resources: ["configmaps", "subjectaccessreviews", "selfsubjectaccessreviews"]
`,
      }),
      errors: [{ messageId: 'reviews', line: 17, column: 35, endLine: 17, endColumn: 57, suggestions: [] }],
    },
    {
      name: 'the only rule of a webhook matches TokenReviews: no code action (a webhook needs a rule)',
      code: config({ rules: reviewsRule, failurePolicy: 'Ignore' }),
      errors: [{ messageId: 'reviews', line: 18, column: 21, endLine: 18, endColumn: 35, severity: 'warning', suggestions: [] }],
    },
    {
      name: 'every resource of the authentication group includes TokenReviews',
      code: config({ rules: reviewsRule.replace('resources: ["tokenreviews"]', 'resources: ["*"]') }),
      errors: [{ messageId: 'reviews', line: 17, column: 21, endLine: 17, endColumn: 24, suggestions: [] }],
    },
    {
      name: 'each webhook of a configuration is checked',
      code: `${config()}  - name: leases.audit.example.com
    admissionReviewVersions: ["v1"]
    sideEffects: None
    failurePolicy: Ignore
    clientConfig:
      url: https://audit.example.com/leases
    rules:
${leasesRule}`,
      errors: [
        {
          messageId: 'nodeLeases',
          line: 28,
          column: 21,
          endLine: 28,
          endColumn: 29,
          severity: 'warning',
          suggestions: [
            {
              messageId: 'excludeNodeLeases',
              output: `${config()}  - name: leases.audit.example.com
    admissionReviewVersions: ["v1"]
    sideEffects: None
    failurePolicy: Ignore
    clientConfig:
      url: https://audit.example.com/leases
    rules:
${leasesRule}${excludeNodeLease}`,
            },
          ],
        },
      ],
    },
  ],
});
