import { defineCases } from '../../test/support/rule-tester';

/** A Deployment whose pod spec starts with `podSpec` lines and whose one container ends with `container` lines. */
const deployment = (container = '', podSpec = '') => `apiVersion: apps/v1
kind: Deployment
metadata:
  name: shop
spec:
  replicas: 2
  selector:
    matchLabels:
      app: shop
  template:
    metadata:
      labels:
        app: shop
    spec:
${podSpec}      containers:
        - name: web
          image: shop/web:1.2.3
          ports:
            - name: http
              containerPort: 8080
${container}`;

const sleep = `          lifecycle:
            preStop:
              sleep:
                seconds: 10
`;
const execSleep = `          lifecycle:
            preStop:
              exec:
                command:
                  - /bin/sh
                  - -c
                  - sleep 10
`;

const service = (spec = '', annotations = '') => `apiVersion: v1
kind: Service
metadata:
  name: shop
${annotations}spec:
${spec}  selector:
    app: shop
  ports:
    - name: http
      port: 80
      targetPort: http
`;
const loadBalancer = service('  type: LoadBalancer\n');
const nlbIp = service(
  '  type: LoadBalancer\n',
  '  annotations:\n    service.beta.kubernetes.io/aws-load-balancer-type: external\n    service.beta.kubernetes.io/aws-load-balancer-nlb-target-type: ip\n',
);

const ingress = (metadata = '', spec = '') => `apiVersion: networking.k8s.io/v1
kind: Ingress
metadata:
  name: shop
${metadata}spec:
${spec}  rules:
    - host: shop.example.com
      http:
        paths:
          - path: /
            pathType: Prefix
            backend:
              service:
                name: shop
                port:
                  number: 80
`;

export default defineCases({
  valid: [
    { name: 'a ClusterIP Service that no load balancer uses', code: deployment(), files: { 'service.yaml': service() } },
    { name: 'a preStop sleep behind a LoadBalancer Service', code: deployment(sleep), files: { 'service.yaml': nlbIp } },
    { name: 'an exec preStop hook counts', code: deployment(execSleep), files: { 'service.yaml': loadBalancer } },
    {
      name: 'an HTTP preStop hook counts',
      code: deployment(`          lifecycle:
            preStop:
              httpGet:
                path: /drain
                port: http
`),
      files: { 'service.yaml': loadBalancer },
    },
    {
      name: 'a LoadBalancer Service in another namespace',
      code: deployment(),
      files: { 'service.yaml': loadBalancer.replace('  name: shop\n', '  name: shop\n  namespace: edge\n') },
    },
    {
      name: 'an Ingress whose backend is another Service',
      code: deployment(),
      files: { 'service.yaml': service(), 'ingress.yaml': ingress().replace('                name: shop\n', '                name: checkout\n') },
    },
    {
      name: 'a Job behind a load balancer runs to completion',
      code: `apiVersion: batch/v1
kind: Job
metadata:
  name: shop
spec:
  template:
    metadata:
      labels:
        app: shop
    spec:
      restartPolicy: Never
      containers:
        - name: web
          image: shop/web:1.2.3
`,
      files: { 'service.yaml': loadBalancer },
    },
    {
      name: 'Helm hooks are exempt',
      code: deployment().replace('  name: shop\nspec:', '  name: shop\n  annotations:\n    helm.sh/hook: post-install\nspec:'),
      files: { 'service.yaml': loadBalancer },
    },
    {
      name: 'an Ingress backend that is an ExternalName Service selects no pods',
      code: deployment(),
      files: {
        'service.yaml': `apiVersion: v1
kind: Service
metadata:
  name: shop
spec:
  type: ExternalName
  externalName: shop.example.com
  selector:
    app: shop
`,
        'ingress.yaml': ingress(),
      },
    },
    {
      name: 'an HTTPRoute in another namespace does not reach this Service without a namespace reference',
      code: deployment(),
      files: {
        'service.yaml': service(),
        'route.yaml': `apiVersion: gateway.networking.k8s.io/v1
kind: HTTPRoute
metadata:
  name: shop
  namespace: edge
spec:
  rules:
    - backendRefs:
        - name: shop
          port: 80
`,
      },
    },
    {
      name: 'an HTTPRoute attached to a Service (GAMMA mesh routing) is not a load balancer',
      code: deployment(),
      files: {
        'service.yaml': service(),
        'route.yaml': `apiVersion: gateway.networking.k8s.io/v1
kind: HTTPRoute
metadata:
  name: shop
spec:
  parentRefs:
    - group: ""
      kind: Service
      name: shop-frontend
  rules:
    - backendRefs:
        - name: shop
          port: 80
`,
      },
    },
    {
      name: 'an Istio gateway proxy drains on SIGTERM by itself',
      code: deployment().replace('        - name: web\n          image: shop/web:1.2.3\n', '        - name: istio-proxy\n          image: docker.io/istio/proxyv2:1.23.2\n'),
      files: { 'service.yaml': loadBalancer },
    },
    {
      name: 'ingress rules of the wrong shape do not crash the rule',
      code: deployment(),
      files: {
        'service.yaml': service(),
        'ingress.yaml': `apiVersion: networking.k8s.io/v1
kind: Ingress
metadata:
  name: shop
spec:
  rules: [{http: {paths: "none"}}, 42]
  defaultBackend: shop
`,
      },
    },
  ],
  invalid: [
    {
      name: 'an NLB with IP targets: warning, and a safe fix with the kubelet sleep action',
      code: deployment(),
      files: { 'service.yaml': nlbIp },
      errors: [
        {
          messageId: 'missingIpTargets',
          line: 16,
          column: 11,
          endLine: 16,
          endColumn: 15,
          severity: 'warning',
          output: deployment(sleep),
          suggestions: [],
        },
      ],
    },
    {
      name: 'a LoadBalancer Service with instance targets: info',
      code: deployment(),
      files: { 'service.yaml': loadBalancer },
      errors: [{ messageId: 'missing', line: 16, column: 11, endLine: 16, endColumn: 15, severity: 'info', output: deployment(sleep), suggestions: [] }],
    },
    {
      name: 'before Kubernetes 1.30 the exec form is offered in the editor only',
      code: deployment(),
      files: { 'service.yaml': loadBalancer },
      config: { kubernetesVersion: '1.29' },
      errors: [
        {
          messageId: 'missing',
          line: 16,
          column: 11,
          endLine: 16,
          endColumn: 15,
          output: null,
          suggestions: [{ messageId: 'addExecSleep', output: deployment(execSleep) }],
        },
      ],
    },
    {
      name: 'a Windows pod before 1.30 gets no shell-based fix',
      code: deployment('', '      nodeSelector:\n        kubernetes.io/os: windows\n'),
      files: { 'service.yaml': loadBalancer },
      config: { kubernetesVersion: '1.29' },
      errors: [{ messageId: 'missing', line: 18, column: 11, endLine: 18, endColumn: 15, output: null, suggestions: [] }],
    },
    {
      name: 'an ALB Ingress with IP targets, in another file',
      code: deployment(),
      files: {
        'service.yaml': service(),
        'ingress.yaml': ingress('  annotations:\n    alb.ingress.kubernetes.io/target-type: ip\n', '  ingressClassName: alb\n'),
      },
      errors: [
        { messageId: 'missingIpTargets', line: 16, column: 11, endLine: 16, endColumn: 15, severity: 'warning', output: deployment(sleep), suggestions: [] },
      ],
    },
    {
      name: 'the target type on the Service overrides the Ingress default',
      code: deployment(),
      files: {
        'service.yaml': service('', '  annotations:\n    alb.ingress.kubernetes.io/target-type: ip\n'),
        'ingress.yaml': ingress('  annotations:\n    kubernetes.io/ingress.class: alb\n'),
      },
      errors: [
        { messageId: 'missingIpTargets', line: 16, column: 11, endLine: 16, endColumn: 15, severity: 'warning', output: deployment(sleep), suggestions: [] },
      ],
    },
    {
      name: 'an IngressClass of the AWS Load Balancer Controller, under any name',
      code: deployment(),
      files: {
        'service.yaml': service(),
        'ingress.yaml': ingress('  annotations:\n    alb.ingress.kubernetes.io/target-type: ip\n', '  ingressClassName: public\n'),
        'class.yaml': `apiVersion: networking.k8s.io/v1
kind: IngressClass
metadata:
  name: public
spec:
  controller: ingress.k8s.aws/alb
`,
      },
      errors: [
        { messageId: 'missingIpTargets', line: 16, column: 11, endLine: 16, endColumn: 15, severity: 'warning', output: deployment(sleep), suggestions: [] },
      ],
    },
    {
      name: 'any other Ingress controller: info',
      code: deployment(),
      files: { 'service.yaml': service(), 'ingress.yaml': ingress('', '  ingressClassName: nginx\n') },
      errors: [{ messageId: 'missing', line: 16, column: 11, endLine: 16, endColumn: 15, severity: 'info', output: deployment(sleep), suggestions: [] }],
    },
    {
      name: 'an extensions/v1beta1 Ingress backend',
      code: deployment(),
      files: {
        'service.yaml': service(),
        'ingress.yaml': `apiVersion: extensions/v1beta1
kind: Ingress
metadata:
  name: legacy
spec:
  backend:
    serviceName: shop
    servicePort: 80
`,
      },
      errors: [{ messageId: 'missing', line: 16, column: 11, endLine: 16, endColumn: 15, output: deployment(sleep), suggestions: [] }],
    },
    {
      name: 'a TargetGroupBinding with IP targets',
      code: deployment(),
      files: {
        'service.yaml': service(),
        'tgb.yaml': `apiVersion: elbv2.k8s.aws/v1beta1
kind: TargetGroupBinding
metadata:
  name: shop
spec:
  serviceRef:
    name: shop
    port: 80
  targetGroupARN: arn:aws:elasticloadbalancing:eu-west-1:123456789012:targetgroup/shop/0123456789abcdef
  targetType: ip
`,
      },
      errors: [
        { messageId: 'missingIpTargets', line: 16, column: 11, endLine: 16, endColumn: 15, severity: 'warning', output: deployment(sleep), suggestions: [] },
      ],
    },
    {
      name: 'a Gateway API HTTPRoute backend',
      code: deployment(),
      files: {
        'service.yaml': service(),
        'route.yaml': `apiVersion: gateway.networking.k8s.io/v1
kind: HTTPRoute
metadata:
  name: shop
spec:
  parentRefs:
    - name: public
  rules:
    - backendRefs:
        - name: shop
          port: 80
`,
      },
      errors: [{ messageId: 'missing', line: 16, column: 11, endLine: 16, endColumn: 15, severity: 'info', output: deployment(sleep), suggestions: [] }],
    },
    {
      name: 'a short grace period is raised with the delay, so prestop-exceeds-grace-period does not fire',
      code: deployment('', '      terminationGracePeriodSeconds: 15\n'),
      files: { 'service.yaml': nlbIp },
      errors: [
        {
          messageId: 'missingIpTargets',
          line: 17,
          column: 11,
          endLine: 17,
          endColumn: 15,
          output: deployment(sleep, '      terminationGracePeriodSeconds: 40\n'),
          suggestions: [],
        },
      ],
    },
    {
      name: 'a container with a postStart hook: the preStop hook joins it',
      code: deployment(`          lifecycle:
            postStart:
              exec:
                command: ["/bin/sh", "-c", "warm-cache"]
`),
      files: { 'service.yaml': loadBalancer },
      errors: [
        {
          messageId: 'missing',
          line: 21,
          column: 11,
          endLine: 21,
          endColumn: 20,
          output: deployment(`          lifecycle:
            postStart:
              exec:
                command: ["/bin/sh", "-c", "warm-cache"]
            preStop:
              sleep:
                seconds: 10
`),
          suggestions: [],
        },
      ],
    },
    {
      name: 'only the container that owns the targetPort is reported',
      code: `apiVersion: apps/v1
kind: Deployment
metadata:
  name: shop
spec:
  selector:
    matchLabels:
      app: shop
  template:
    metadata:
      labels:
        app: shop
    spec:
      containers:
        - name: log-shipper
          image: fluent/fluent-bit:3.1.4
        - name: web
          image: shop/web:1.2.3
          ports:
            - name: http
              containerPort: 8080
`,
      files: { 'service.yaml': loadBalancer },
      errors: [
        {
          messageId: 'missing',
          line: 17,
          column: 11,
          endLine: 17,
          endColumn: 15,
          output: `apiVersion: apps/v1
kind: Deployment
metadata:
  name: shop
spec:
  selector:
    matchLabels:
      app: shop
  template:
    metadata:
      labels:
        app: shop
    spec:
      containers:
        - name: log-shipper
          image: fluent/fluent-bit:3.1.4
        - name: web
          image: shop/web:1.2.3
          ports:
            - name: http
              containerPort: 8080
          lifecycle:
            preStop:
              sleep:
                seconds: 10
`,
          suggestions: [],
        },
      ],
    },
    {
      name: 'an Ingress on one Service port: the container behind the other port is not reported',
      code: `apiVersion: apps/v1
kind: Deployment
metadata:
  name: shop
spec:
  selector:
    matchLabels:
      app: shop
  template:
    metadata:
      labels:
        app: shop
    spec:
      containers:
        - name: web
          image: shop/web:1.2.3
          ports:
            - name: http
              containerPort: 8080
        - name: exporter
          image: shop/exporter:0.4.0
          ports:
            - name: metrics
              containerPort: 9100
`,
      files: {
        'service.yaml': `apiVersion: v1
kind: Service
metadata:
  name: shop
spec:
  selector:
    app: shop
  ports:
    - name: http
      port: 80
      targetPort: http
    - name: metrics
      port: 9100
      targetPort: metrics
`,
        'ingress.yaml': ingress().replace('                  number: 80\n', '                  name: http\n'),
      },
      errors: [
        {
          messageId: 'missing',
          line: 15,
          column: 11,
          endLine: 15,
          endColumn: 15,
          output: `apiVersion: apps/v1
kind: Deployment
metadata:
  name: shop
spec:
  selector:
    matchLabels:
      app: shop
  template:
    metadata:
      labels:
        app: shop
    spec:
      containers:
        - name: web
          image: shop/web:1.2.3
          ports:
            - name: http
              containerPort: 8080
          lifecycle:
            preStop:
              sleep:
                seconds: 10
        - name: exporter
          image: shop/exporter:0.4.0
          ports:
            - name: metrics
              containerPort: 9100
`,
          suggestions: [],
        },
      ],
    },
    {
      name: 'a numeric targetPort that no container declares is served by the first app container',
      code: deployment(),
      files: { 'service.yaml': loadBalancer.replace('targetPort: http', 'targetPort: 9000') },
      errors: [{ messageId: 'missing', line: 16, column: 11, endLine: 16, endColumn: 15, output: deployment(sleep), suggestions: [] }],
    },
    {
      name: 'a native sidecar that owns the port is the serving container',
      code: `apiVersion: apps/v1
kind: Deployment
metadata:
  name: shop
spec:
  selector:
    matchLabels:
      app: shop
  template:
    metadata:
      labels:
        app: shop
    spec:
      initContainers:
        - name: oauth-proxy
          image: quay.io/oauth2-proxy/oauth2-proxy:v7.6.0
          restartPolicy: Always
          ports:
            - name: http
              containerPort: 4180
      containers:
        - name: web
          image: shop/web:1.2.3
`,
      files: { 'service.yaml': loadBalancer },
      errors: [
        {
          messageId: 'missing',
          line: 15,
          column: 11,
          endLine: 15,
          endColumn: 15,
          output: `apiVersion: apps/v1
kind: Deployment
metadata:
  name: shop
spec:
  selector:
    matchLabels:
      app: shop
  template:
    metadata:
      labels:
        app: shop
    spec:
      initContainers:
        - name: oauth-proxy
          image: quay.io/oauth2-proxy/oauth2-proxy:v7.6.0
          restartPolicy: Always
          ports:
            - name: http
              containerPort: 4180
          lifecycle:
            preStop:
              sleep:
                seconds: 10
      containers:
        - name: web
          image: shop/web:1.2.3
`,
          suggestions: [],
        },
      ],
    },
  ],
});
