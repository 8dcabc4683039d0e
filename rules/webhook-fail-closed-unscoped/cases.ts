import { defineCases } from '../../test/support/rule-tester';

interface Options {
  kind?: 'ValidatingWebhookConfiguration' | 'MutatingWebhookConfiguration';
  apiVersion?: string;
  name?: string;
  webhook?: string;
  /** Lines after `rules:` … at webhook-field indentation (4 spaces), e.g. a namespaceSelector. */
  extra?: string;
  failurePolicy?: string;
  resources?: string;
  operations?: string;
  apiGroups?: string;
  clientConfig?: string;
  scope?: string;
}

const serviceClient = `    clientConfig:
      service:
        namespace: image-policy
        name: image-policy-webhook
        path: /validate
`;

function config(o: Options = {}): string {
  return `apiVersion: ${o.apiVersion ?? 'admissionregistration.k8s.io/v1'}
kind: ${o.kind ?? 'ValidatingWebhookConfiguration'}
metadata:
  name: ${o.name ?? 'image-policy'}
webhooks:
  - name: ${o.webhook ?? 'pods.image-policy.example.com'}
    admissionReviewVersions: ["v1"]
    sideEffects: None
${o.failurePolicy ? `    failurePolicy: ${o.failurePolicy}\n` : ''}${o.clientConfig ?? serviceClient}    rules:
      - apiGroups: [${o.apiGroups ?? '""'}]
        apiVersions: ["v1"]
        operations: [${o.operations ?? '"CREATE", "UPDATE"'}]
        resources: [${o.resources ?? '"pods"'}]
${o.scope ? `        scope: ${o.scope}\n` : ''}${o.extra ?? ''}`;
}

const backend = `apiVersion: v1
kind: Service
metadata:
  name: image-policy-webhook
  namespace: image-policy
spec:
  selector:
    app: image-policy
  ports:
    - port: 443
      targetPort: 8443
---
apiVersion: apps/v1
kind: Deployment
metadata:
  name: image-policy
  namespace: image-policy
spec:
  replicas: 3
  selector:
    matchLabels:
      app: image-policy
  template:
    metadata:
      labels:
        app: image-policy
    spec:
      containers:
        - name: webhook
          image: example.com/image-policy:1.0.0
`;

const scoped = `    namespaceSelector:
      matchExpressions:
        - key: kubernetes.io/metadata.name
          operator: NotIn
          values: [kube-system, kube-node-lease, image-policy]
`;

const excludeAll = `    namespaceSelector:
      matchExpressions:
        - key: kubernetes.io/metadata.name
          operator: NotIn
          values:
            - kube-system
            - kube-node-lease
            - image-policy
`;

const ownNamespaceOnly = `    namespaceSelector:
      matchExpressions:
        - key: kubernetes.io/metadata.name
          operator: NotIn
          values: ["image-policy"]
`;

const skipLabelSelector = `    namespaceSelector:
      matchExpressions:
        - key: policy.example.com/skip
          operator: DoesNotExist
`;

const namespace = (name: string, labels: string) => `apiVersion: v1
kind: Namespace
metadata:
  name: ${name}
  labels:
${labels}`;

const kyverno = (objectSelector: string) =>
  config({
    name: 'kyverno-resource-validating-webhook-cfg',
    webhook: 'validate.kyverno.svc-fail',
    apiGroups: '"*"',
    resources: '"*"',
    clientConfig: `    clientConfig:
      service:
        namespace: kyverno
        name: kyverno-svc
        path: /validate/fail
`,
    extra: `    namespaceSelector:
      matchExpressions:
        - key: kubernetes.io/metadata.name
          operator: NotIn
          values: [kyverno]
${objectSelector}`,
  });

const urlClient = `    clientConfig:
      url: https://policy.example.com/validate
`;

export default defineCases({
  valid: [
    { name: 'kube-system, kube-node-lease and the own namespace are excluded', code: config({ extra: scoped }), files: { 'backend.yaml': backend } },
    { name: 'failurePolicy: Ignore fails open', code: config({ failurePolicy: 'Ignore' }) },
    { name: 'v1beta1 defaulted failurePolicy to Ignore', code: config({ apiVersion: 'admissionregistration.k8s.io/v1beta1' }) },
    {
      name: 'resources that pods do not need to start',
      code: config({ apiGroups: '"cert-manager.io"', resources: '"certificates", "issuers"' }),
    },
    { name: 'DELETE is not on the start-up path', code: config({ operations: '"DELETE"' }) },
    { name: 'pods are not in the apps group', code: config({ apiGroups: '"apps"', resources: '"pods"' }) },
    {
      name: 'matchConditions that exclude the namespaces with simple comparisons',
      code: config({
        extra: `    matchConditions:
      - name: not-kube-system
        expression: 'request.namespace != "kube-system"'
      - name: not-own-namespace
        expression: "!(request.namespace in ['image-policy', 'kube-node-lease'])"
`,
      }),
    },
    {
      name: 'an opt-in objectSelector that neither the backend nor the add-ons carry',
      code: config({
        kind: 'MutatingWebhookConfiguration',
        name: 'sidecar-injector',
        webhook: 'inject.sidecar.example.com',
        extra: `    objectSelector:
      matchLabels:
        sidecar.example.com/inject: "true"
`,
      }),
      files: { 'backend.yaml': backend },
    },
    {
      name: 'an objectSelector that excludes the backend pods, with kube-system excluded by namespace',
      code: config({
        extra: `    namespaceSelector:
      matchExpressions:
        - key: kubernetes.io/metadata.name
          operator: NotIn
          values: [kube-system, kube-node-lease]
    objectSelector:
      matchExpressions:
        - key: app
          operator: NotIn
          values: [image-policy]
`,
      }),
      files: { 'backend.yaml': backend },
    },
    {
      name: 'Namespace objects in the project carry the opt-out label',
      code: config({ extra: skipLabelSelector }),
      files: {
        'namespaces.yaml': `${namespace('image-policy', '    policy.example.com/skip: "true"\n')}---
${namespace('kube-system', '    policy.example.com/skip: "true"\n')}`,
      },
    },
    {
      name: 'an opt-in namespaceSelector that kube-system and the own namespace do not match',
      code: config({
        extra: `    namespaceSelector:
      matchLabels:
        image-policy.example.com/enforce: "true"
`,
      }),
    },
    { name: 'an out-of-cluster webhook that excludes kube-system cannot deadlock itself', code: config({ clientConfig: urlClient, extra: scoped }) },
    {
      name: 'nodes with an objectSelector',
      code: config({
        resources: '"nodes"',
        extra: `    objectSelector:
      matchLabels:
        node.example.com/managed: "true"
`,
      }),
    },
    {
      name: 'the AWS Load Balancer Controller pod webhook: opt-in namespaces, backend excluded by objectSelector',
      code: `apiVersion: admissionregistration.k8s.io/v1
kind: MutatingWebhookConfiguration
metadata:
  name: aws-load-balancer-webhook
webhooks:
  - name: mpod.elbv2.k8s.aws
    admissionReviewVersions: ["v1beta1"]
    sideEffects: None
    failurePolicy: Fail
    clientConfig:
      service:
        namespace: kube-system
        name: aws-load-balancer-webhook-service
        path: /mutate-v1-pod
    namespaceSelector:
      matchExpressions:
        - key: elbv2.k8s.aws/pod-readiness-gate-inject
          operator: In
          values: ["enabled"]
    objectSelector:
      matchExpressions:
        - key: app.kubernetes.io/name
          operator: NotIn
          values: ["aws-load-balancer-controller"]
    rules:
      - apiGroups: [""]
        apiVersions: ["v1"]
        operations: ["CREATE"]
        resources: ["pods"]
`,
    },
    {
      name: 'Istio’s object selector injector: opt-in pods, istiod opts out',
      code: `apiVersion: admissionregistration.k8s.io/v1
kind: MutatingWebhookConfiguration
metadata:
  name: istio-sidecar-injector
webhooks:
  - name: object.sidecar-injector.istio.io
    admissionReviewVersions: ["v1"]
    sideEffects: None
    failurePolicy: Fail
    reinvocationPolicy: Never
    clientConfig:
      service:
        namespace: istio-system
        name: istiod
        path: /inject
        port: 443
    namespaceSelector:
      matchExpressions:
        - key: istio-injection
          operator: DoesNotExist
        - key: istio.io/rev
          operator: DoesNotExist
    objectSelector:
      matchExpressions:
        - key: sidecar.istio.io/inject
          operator: In
          values: ["true"]
    rules:
      - apiGroups: [""]
        apiVersions: ["v1"]
        operations: ["CREATE"]
        resources: ["pods"]
`,
      files: {
        'istiod.yaml': `apiVersion: v1
kind: Service
metadata:
  name: istiod
  namespace: istio-system
spec:
  selector:
    app: istiod
  ports:
    - port: 443
      targetPort: 15017
---
apiVersion: apps/v1
kind: Deployment
metadata:
  name: istiod
  namespace: istio-system
spec:
  selector:
    matchLabels:
      app: istiod
  template:
    metadata:
      labels:
        app: istiod
        sidecar.istio.io/inject: "false"
    spec:
      containers:
        - name: discovery
          image: docker.io/istio/pilot:1.22.3
`,
      },
    },
    {
      name: 'cert-manager: its own resources are not bootstrap-critical',
      code: config({
        name: 'cert-manager-webhook',
        webhook: 'webhook.cert-manager.io',
        apiGroups: '"cert-manager.io", "acme.cert-manager.io"',
        resources: '"*/*"',
        extra: `    namespaceSelector:
      matchExpressions:
        - key: cert-manager.io/disable-validation
          operator: NotIn
          values: ["true"]
`,
      }),
    },
    {
      name: 'scope: Namespaced keeps a wildcard away from nodes',
      code: config({ resources: '"*"', scope: 'Namespaced', extra: scoped }),
      files: { 'backend.yaml': backend },
    },
    {
      name: 'other kinds that happen to have webhooks',
      code: `apiVersion: example.com/v1
kind: ValidatingWebhookConfiguration
metadata:
  name: not-admission
webhooks:
  - name: pods.example.com
    rules:
      - apiGroups: [""]
        operations: ["CREATE"]
        resources: ["pods"]
`,
    },
    {
      name: 'webhooks without rules, or with rules of the wrong shape',
      code: `apiVersion: admissionregistration.k8s.io/v1
kind: ValidatingWebhookConfiguration
metadata:
  name: broken
webhooks:
  - name: empty.example.com
  - name: odd.example.com
    rules: pods
    namespaceSelector: yes
  - just-a-string
`,
    },
  ],
  invalid: [
    {
      name: 'no namespaceSelector: the webhook admits its own replacement pods',
      code: config(),
      files: { 'backend.yaml': backend },
      errors: [
        {
          messageId: 'selfDeadlock',
          line: 6,
          column: 5,
          endLine: 6,
          endColumn: 9,
          severity: 'error',
          output: null,
          suggestions: [{ messageId: 'exclude', output: config({ extra: excludeAll }) }],
        },
      ],
    },
    {
      name: 'the own namespace is excluded but kube-system is not',
      code: config({ extra: ownNamespaceOnly }),
      errors: [
        {
          messageId: 'kubeSystem',
          line: 19,
          column: 5,
          endLine: 19,
          endColumn: 22,
          severity: 'error',
          suggestions: [
            {
              messageId: 'exclude',
              output: config({ extra: ownNamespaceOnly.replace('values: ["image-policy"]', 'values: ["image-policy", "kube-system", "kube-node-lease"]') }),
            },
          ],
        },
      ],
    },
    {
      name: 'an empty namespaceSelector selects every namespace',
      code: config({ extra: '    namespaceSelector: {}\n' }),
      errors: [
        {
          messageId: 'selfDeadlock',
          line: 19,
          column: 5,
          endLine: 19,
          endColumn: 22,
          suggestions: [{ messageId: 'exclude', output: config({ extra: excludeAll }) }],
        },
      ],
    },
    {
      name: 'a namespaceSelector with other expressions gets one more',
      code: config({ extra: skipLabelSelector }),
      files: { 'namespaces.yaml': namespace('image-policy', '    policy.example.com/skip: "true"\n') },
      errors: [
        {
          messageId: 'kubeSystem',
          line: 19,
          column: 5,
          endLine: 19,
          endColumn: 22,
          suggestions: [
            {
              messageId: 'exclude',
              output: config({
                extra: `${skipLabelSelector}        - key: kubernetes.io/metadata.name
          operator: NotIn
          values:
            - kube-system
            - kube-node-lease
            - image-policy
`,
              }),
            },
          ],
        },
      ],
    },
    {
      name: 'a namespaceSelector with only matchLabels gets matchExpressions',
      code: config({
        extra: `    namespaceSelector:
      matchLabels:
        team: platform
`,
      }),
      files: {
        'namespaces.yaml': `${namespace('kube-system', '    team: platform\n')}---
${namespace('image-policy', '    team: security\n')}`,
      },
      errors: [
        {
          messageId: 'kubeSystem',
          line: 19,
          column: 5,
          endLine: 19,
          endColumn: 22,
          suggestions: [
            {
              messageId: 'exclude',
              output: config({
                extra: `    namespaceSelector:
      matchLabels:
        team: platform
      matchExpressions:
        - key: kubernetes.io/metadata.name
          operator: NotIn
          values:
            - kube-system
            - kube-node-lease
            - image-policy
`,
              }),
            },
          ],
        },
      ],
    },
    {
      name: 'a mutating webhook may also fail open',
      code: config({ kind: 'MutatingWebhookConfiguration', failurePolicy: 'Fail' }),
      errors: [
        {
          messageId: 'selfDeadlock',
          line: 6,
          column: 5,
          endLine: 6,
          endColumn: 9,
          suggestions: [
            { messageId: 'exclude', output: config({ kind: 'MutatingWebhookConfiguration', failurePolicy: 'Fail', extra: excludeAll }) },
            { messageId: 'failOpen', output: config({ kind: 'MutatingWebhookConfiguration', failurePolicy: 'Ignore' }) },
          ],
        },
      ],
    },
    {
      name: 'a mutating webhook without failurePolicy fails closed in v1',
      code: config({ kind: 'MutatingWebhookConfiguration', extra: ownNamespaceOnly }),
      errors: [
        {
          messageId: 'kubeSystem',
          line: 19,
          column: 5,
          endLine: 19,
          endColumn: 22,
          suggestions: [
            {
              messageId: 'exclude',
              output: config({
                kind: 'MutatingWebhookConfiguration',
                extra: ownNamespaceOnly.replace('values: ["image-policy"]', 'values: ["image-policy", "kube-system", "kube-node-lease"]'),
              }),
            },
            { messageId: 'failOpen', output: config({ kind: 'MutatingWebhookConfiguration', extra: `${ownNamespaceOnly}    failurePolicy: Ignore\n` }) },
          ],
        },
      ],
    },
    {
      name: 'v1beta1 with an explicit Fail',
      code: config({ apiVersion: 'admissionregistration.k8s.io/v1beta1', failurePolicy: 'Fail', extra: ownNamespaceOnly }),
      errors: [
        {
          messageId: 'kubeSystem',
          line: 20,
          column: 5,
          endLine: 20,
          endColumn: 22,
          suggestions: [
            {
              messageId: 'exclude',
              output: config({
                apiVersion: 'admissionregistration.k8s.io/v1beta1',
                failurePolicy: 'Fail',
                extra: ownNamespaceOnly.replace('values: ["image-policy"]', 'values: ["image-policy", "kube-system", "kube-node-lease"]'),
              }),
            },
          ],
        },
      ],
    },
    {
      name: 'a subresource rule: objectSelector cannot exclude the backend from pods/binding',
      code: config({
        resources: '"pods", "pods/binding"',
        extra: `    namespaceSelector:
      matchExpressions:
        - key: kubernetes.io/metadata.name
          operator: NotIn
          values: [kube-system, kube-node-lease]
    objectSelector:
      matchExpressions:
        - key: app
          operator: NotIn
          values: [image-policy]
`,
      }),
      files: { 'backend.yaml': backend },
      errors: [
        {
          messageId: 'selfDeadlock',
          line: 19,
          column: 5,
          endLine: 19,
          endColumn: 22,
          suggestions: [
            {
              messageId: 'exclude',
              output: config({
                resources: '"pods", "pods/binding"',
                extra: `    namespaceSelector:
      matchExpressions:
        - key: kubernetes.io/metadata.name
          operator: NotIn
          values: [kube-system, kube-node-lease, image-policy]
    objectSelector:
      matchExpressions:
        - key: app
          operator: NotIn
          values: [image-policy]
`,
              }),
            },
          ],
        },
      ],
    },
    {
      name: 'an objectSelector that the backend pods match',
      code: config({
        extra: `    namespaceSelector:
      matchExpressions:
        - key: kubernetes.io/metadata.name
          operator: NotIn
          values: [kube-system, kube-node-lease]
    objectSelector:
      matchExpressions:
        - key: app
          operator: NotIn
          values: [other]
`,
      }),
      files: { 'backend.yaml': backend },
      errors: [
        {
          messageId: 'selfDeadlock',
          line: 19,
          column: 5,
          endLine: 19,
          endColumn: 22,
          suggestions: [
            {
              messageId: 'exclude',
              output: config({
                extra: `    namespaceSelector:
      matchExpressions:
        - key: kubernetes.io/metadata.name
          operator: NotIn
          values: [kube-system, kube-node-lease, image-policy]
    objectSelector:
      matchExpressions:
        - key: app
          operator: NotIn
          values: [other]
`,
              }),
            },
          ],
        },
      ],
    },
    {
      name: 'an out-of-cluster webhook still must not cover kube-system',
      code: config({ clientConfig: urlClient }),
      errors: [
        {
          messageId: 'kubeSystem',
          line: 6,
          column: 5,
          endLine: 6,
          endColumn: 9,
          suggestions: [
            {
              messageId: 'exclude',
              output: config({
                clientConfig: urlClient,
                extra: `    namespaceSelector:
      matchExpressions:
        - key: kubernetes.io/metadata.name
          operator: NotIn
          values:
            - kube-system
            - kube-node-lease
`,
              }),
            },
          ],
        },
      ],
    },
    {
      name: 'a catch-all rule',
      code: config({ apiGroups: '"*"', resources: '"*/*"', operations: '"*"', extra: ownNamespaceOnly }),
      errors: [
        {
          messageId: 'kubeSystem',
          line: 19,
          column: 5,
          endLine: 19,
          endColumn: 22,
          suggestions: [
            {
              messageId: 'exclude',
              output: config({
                apiGroups: '"*"',
                resources: '"*/*"',
                operations: '"*"',
                extra: ownNamespaceOnly.replace('values: ["image-policy"]', 'values: ["image-policy", "kube-system", "kube-node-lease"]'),
              }),
            },
          ],
        },
      ],
    },
    {
      name: 'a policy engine that exempts the EKS add-ons is a warning',
      code: kyverno(`    objectSelector:
      matchExpressions:
        - key: k8s-app
          operator: NotIn
          values: [aws-node, kube-proxy, kube-dns]
`),
      errors: [
        {
          messageId: 'policyEngine',
          line: 19,
          column: 5,
          endLine: 19,
          endColumn: 22,
          severity: 'warning',
          suggestions: [
            {
              messageId: 'exclude',
              output: kyverno(`    objectSelector:
      matchExpressions:
        - key: k8s-app
          operator: NotIn
          values: [aws-node, kube-proxy, kube-dns]
`).replace('values: [kyverno]', 'values: [kyverno, kube-system, kube-node-lease]'),
            },
          ],
        },
      ],
    },
    {
      name: 'a policy engine that exempts the add-ons in matchConditions is a warning',
      code: kyverno(`    matchConditions:
      - name: skip-eks-add-ons
        expression: "!(object.metadata.labels['k8s-app'] in ['aws-node', 'kube-proxy', 'kube-dns'])"
`),
      errors: [
        {
          messageId: 'policyEngine',
          line: 19,
          column: 5,
          endLine: 19,
          endColumn: 22,
          severity: 'warning',
          suggestions: [
            {
              messageId: 'exclude',
              output: kyverno(`    matchConditions:
      - name: skip-eks-add-ons
        expression: "!(object.metadata.labels['k8s-app'] in ['aws-node', 'kube-proxy', 'kube-dns'])"
`).replace('values: [kyverno]', 'values: [kyverno, kube-system, kube-node-lease]'),
            },
          ],
        },
      ],
    },
    {
      name: 'a policy engine that does not exempt the add-ons blocks aws-node on new nodes',
      code: kyverno(''),
      errors: [
        {
          messageId: 'kubeSystem',
          line: 19,
          column: 5,
          endLine: 19,
          endColumn: 22,
          severity: 'error',
          suggestions: [{ messageId: 'exclude', output: kyverno('').replace('values: [kyverno]', 'values: [kyverno, kube-system, kube-node-lease]') }],
        },
      ],
    },
    {
      name: 'matchConditions that cannot be evaluated downgrade to a warning',
      code: config({
        extra: `    matchConditions:
      - name: skip-controllers
        expression: '!request.userInfo.username.startsWith("system:serviceaccount:kube-system:")'
`,
      }),
      errors: [
        {
          messageId: 'unevaluated',
          line: 6,
          column: 5,
          endLine: 6,
          endColumn: 9,
          severity: 'warning',
          suggestions: [
            {
              messageId: 'exclude',
              output: config({
                extra: `    matchConditions:
      - name: skip-controllers
        expression: '!request.userInfo.username.startsWith("system:serviceaccount:kube-system:")'
${excludeAll}`,
              }),
            },
          ],
        },
      ],
    },
    {
      name: 'a simple matchCondition excludes the own namespace, but not kube-system',
      code: config({
        extra: `    matchConditions:
      - name: not-own-namespace
        expression: request.namespace != 'image-policy'
`,
      }),
      errors: [
        {
          messageId: 'kubeSystem',
          line: 6,
          column: 5,
          endLine: 6,
          endColumn: 9,
          suggestions: [
            {
              messageId: 'exclude',
              output: config({
                extra: `    matchConditions:
      - name: not-own-namespace
        expression: request.namespace != 'image-policy'
${excludeAll}`,
              }),
            },
          ],
        },
      ],
    },
    {
      name: 'nodes are cluster-scoped: namespaceSelector cannot help',
      code: config({ kind: 'MutatingWebhookConfiguration', resources: '"nodes"', extra: scoped }),
      errors: [
        {
          messageId: 'clusterScoped',
          line: 19,
          column: 5,
          endLine: 19,
          endColumn: 22,
          suggestions: [
            { messageId: 'failOpen', output: config({ kind: 'MutatingWebhookConfiguration', resources: '"nodes"', extra: `${scoped}    failurePolicy: Ignore\n` }) },
          ],
        },
      ],
    },
    {
      name: 'a validating webhook on nodes has no quick-fix',
      code: config({ resources: '"nodes", "nodes/status"', extra: scoped }),
      errors: [{ messageId: 'clusterScoped', line: 19, column: 5, endLine: 19, endColumn: 22, output: null }],
    },
    {
      name: 'a wildcard scoped to kube-system-free namespaces still covers nodes',
      code: config({ resources: '"*"', extra: scoped }),
      errors: [{ messageId: 'clusterScoped', line: 19, column: 5, endLine: 19, endColumn: 22, severity: 'error', output: null }],
    },
    {
      name: 'only the unscoped webhook of two',
      code: `${config({ extra: scoped })}  - name: services.image-policy.example.com
    admissionReviewVersions: ["v1"]
    sideEffects: None
    clientConfig:
      url: https://policy.example.com/services
    rules:
      - apiGroups: [""]
        apiVersions: ["v1"]
        operations: ["CREATE"]
        resources: ["services"]
    namespaceSelector: null
`,
      errors: [
        {
          messageId: 'kubeSystem',
          line: 34,
          column: 5,
          endLine: 34,
          endColumn: 22,
          suggestions: [
            {
              messageId: 'exclude',
              output: `${config({ extra: scoped })}  - name: services.image-policy.example.com
    admissionReviewVersions: ["v1"]
    sideEffects: None
    clientConfig:
      url: https://policy.example.com/services
    rules:
      - apiGroups: [""]
        apiVersions: ["v1"]
        operations: ["CREATE"]
        resources: ["services"]
    namespaceSelector:
      matchExpressions:
        - key: kubernetes.io/metadata.name
          operator: NotIn
          values:
            - kube-system
            - kube-node-lease
`,
            },
          ],
        },
      ],
    },
  ],
});
