import { defineCases } from '../../test/support/rule-tester';

const LB_TYPE = 'service.beta.kubernetes.io/aws-load-balancer-type';
const TARGET = 'service.beta.kubernetes.io/aws-load-balancer-nlb-target-type';

/** A LoadBalancer Service; `annotations` lines go under metadata.annotations (line 6 on). */
const service = ({ annotations = `    ${LB_TYPE}: external\n`, namespace = '', spec = '', type = 'LoadBalancer' } = {}) => `apiVersion: v1
kind: Service
metadata:
  name: web
${namespace}${annotations ? `  annotations:\n${annotations}` : ''}spec:
  type: ${type}
${spec}  selector:
    app: web
  ports:
    - port: 80
      targetPort: 8080
`;

/** An Ingress; `metadata` lines go after the name (line 5 on), `spec` lines first in spec. */
const ingress = ({ metadata = '', spec = '  ingressClassName: alb\n' } = {}) => `apiVersion: networking.k8s.io/v1
kind: Ingress
metadata:
  name: web
${metadata}spec:
${spec}  rules:
    - http:
        paths:
          - path: /
            pathType: Prefix
            backend:
              service:
                name: web
                port:
                  number: 80
`;

const ingressClass = (name: string, controller: string, isDefault = false) => `apiVersion: networking.k8s.io/v1
kind: IngressClass
metadata:
  name: ${name}
${isDefault ? '  annotations:\n    ingressclass.kubernetes.io/is-default-class: "true"\n' : ''}spec:
  controller: ${controller}
`;

const namespace = (labels = '') => `apiVersion: v1
kind: Namespace
metadata:
  name: web
${labels}`;

const ipService = service({ namespace: '  namespace: web\n', annotations: `    ${LB_TYPE}: external\n    ${TARGET}: ip\n` });
const readinessLabel = '  labels:\n    elbv2.k8s.aws/pod-readiness-gate-inject: enabled\n';

export default defineCases({
  valid: [
    { name: 'an NLB with IP targets', code: service({ annotations: `    ${LB_TYPE}: external\n    ${TARGET}: ip\n` }) },
    { name: 'the legacy nlb-ip type means IP targets', code: service({ annotations: `    ${LB_TYPE}: nlb-ip\n` }) },
    { name: 'a LoadBalancer Service left to the in-tree cloud provider', code: service({ annotations: '' }) },
    { name: 'the in-tree NLB (type nlb) is not the AWS Load Balancer Controller', code: service({ annotations: `    ${LB_TYPE}: nlb\n` }) },
    { name: 'a ClusterIP Service carries no load balancer', code: service({ type: 'ClusterIP' }) },
    { name: 'an ALB Ingress with IP targets', code: ingress({ metadata: '  annotations:\n    alb.ingress.kubernetes.io/target-type: ip\n' }) },
    { name: 'an ingress-nginx Ingress', code: ingress({ spec: '  ingressClassName: nginx\n' }) },
    {
      name: 'an IngressClass of another controller, whatever its name',
      code: ingress({ spec: '  ingressClassName: alb\n' }),
      files: { 'class.yaml': ingressClass('alb', 'k8s.io/ingress-nginx') },
    },
    {
      name: 'every backend Service asks for IP targets itself (Service annotations win)',
      code: ingress(),
      files: { 'svc.yaml': service({ type: 'ClusterIP', annotations: '    alb.ingress.kubernetes.io/target-type: ip\n' }) },
    },
    { name: 'the namespace has the readiness gate label', code: namespace(readinessLabel), files: { 'svc.yaml': ipService } },
    { name: 'a namespace without IP-target load balancers', code: namespace(), files: { 'svc.yaml': service({ namespace: '  namespace: web\n', type: 'ClusterIP' }) } },
    {
      name: 'a namespace that opts out of readiness gates explicitly',
      code: namespace('  labels:\n    elbv2.k8s.aws/pod-readiness-gate-inject: disabled\n'),
      files: { 'svc.yaml': ipService },
    },
    {
      name: 'readinessGate: false',
      code: namespace(),
      files: { 'svc.yaml': ipService },
      config: { rules: { 'aws-lb-target-type-instance': { options: { readinessGate: false } } } },
    },
  ],
  invalid: [
    {
      name: 'an NLB from the controller with the default instance targets',
      code: service(),
      errors: [
        {
          messageId: 'serviceInstance',
          line: 6,
          column: 56,
          endLine: 6,
          endColumn: 64,
          severity: 'info',
          output: null,
          suggestions: [{ messageId: 'useIpTargets', output: service({ annotations: `    ${LB_TYPE}: external\n    ${TARGET}: ip\n` }) }],
        },
      ],
    },
    {
      name: 'explicit instance targets',
      code: service({ annotations: `    ${LB_TYPE}: external\n    ${TARGET}: instance\n` }),
      errors: [
        {
          messageId: 'serviceInstance',
          line: 7,
          column: 67,
          endLine: 7,
          endColumn: 75,
          suggestions: [{ messageId: 'useIpTargets', output: service({ annotations: `    ${LB_TYPE}: external\n    ${TARGET}: ip\n` }) }],
        },
      ],
    },
    {
      name: 'loadBalancerClass service.k8s.aws/nlb, with no annotations yet',
      code: service({ annotations: '', spec: '  loadBalancerClass: service.k8s.aws/nlb\n' }),
      errors: [
        {
          messageId: 'serviceInstance',
          line: 7,
          column: 22,
          endLine: 7,
          endColumn: 41,
          suggestions: [
            {
              messageId: 'useIpTargets',
              output: service({ annotations: `    ${TARGET}: ip\n`, spec: '  loadBalancerClass: service.k8s.aws/nlb\n' }),
            },
          ],
        },
      ],
    },
    {
      name: 'an ALB Ingress with the default instance targets',
      code: ingress(),
      errors: [
        {
          messageId: 'ingressInstance',
          line: 6,
          column: 21,
          endLine: 6,
          endColumn: 24,
          suggestions: [{ messageId: 'useIpTargets', output: ingress({ metadata: '  annotations:\n    alb.ingress.kubernetes.io/target-type: ip\n' }) }],
        },
      ],
    },
    {
      name: 'the ingress.class annotation with explicit instance targets',
      code: ingress({ spec: '', metadata: '  annotations:\n    kubernetes.io/ingress.class: alb\n    alb.ingress.kubernetes.io/target-type: instance\n' }),
      errors: [
        {
          messageId: 'ingressInstance',
          line: 7,
          column: 44,
          endLine: 7,
          endColumn: 52,
          suggestions: [
            {
              messageId: 'useIpTargets',
              output: ingress({ spec: '', metadata: '  annotations:\n    kubernetes.io/ingress.class: alb\n    alb.ingress.kubernetes.io/target-type: ip\n' }),
            },
          ],
        },
      ],
    },
    {
      name: 'an IngressClass of the controller under another name',
      code: ingress({ spec: '  ingressClassName: public\n' }),
      files: { 'class.yaml': ingressClass('public', 'ingress.k8s.aws/alb') },
      errors: [
        {
          messageId: 'ingressInstance',
          line: 6,
          column: 21,
          endLine: 6,
          endColumn: 27,
          suggestions: [
            {
              messageId: 'useIpTargets',
              output: ingress({ spec: '  ingressClassName: public\n', metadata: '  annotations:\n    alb.ingress.kubernetes.io/target-type: ip\n' }),
            },
          ],
        },
      ],
    },
    {
      name: 'no class, and the default IngressClass is the controller\'s',
      code: ingress({ spec: '' }),
      files: { 'class.yaml': ingressClass('alb', 'ingress.k8s.aws/alb', true) },
      errors: [
        {
          messageId: 'ingressInstance',
          line: 4,
          column: 9,
          endLine: 4,
          endColumn: 12,
          suggestions: [{ messageId: 'useIpTargets', output: ingress({ spec: '', metadata: '  annotations:\n    alb.ingress.kubernetes.io/target-type: ip\n' }) }],
        },
      ],
    },
    {
      name: 'a backend Service that asks for instance targets wins over the Ingress: no quick-fix here',
      code: ingress({ metadata: '  annotations:\n    alb.ingress.kubernetes.io/target-type: ip\n' }),
      files: { 'svc.yaml': service({ type: 'NodePort', annotations: '    alb.ingress.kubernetes.io/target-type: instance\n' }) },
      errors: [{ messageId: 'ingressInstance', line: 8, column: 21, endLine: 8, endColumn: 24, output: null }],
    },
    {
      name: 'a namespace with IP-target load balancers and no readiness gate label',
      code: namespace(),
      files: { 'svc.yaml': ipService },
      errors: [{ messageId: 'readinessGate', line: 4, column: 3, endLine: 4, endColumn: 7, severity: 'info', suggestions: [{ messageId: 'addReadinessGateLabel', output: namespace(readinessLabel) }] }],
    },
    {
      name: 'an ALB Ingress with IP targets in a labelled namespace, and the namespace keeps its other labels',
      code: namespace('  labels:\n    team: storefront\n'),
      files: { 'ing.yaml': ingress({ metadata: '  namespace: web\n  annotations:\n    alb.ingress.kubernetes.io/target-type: ip\n' }) },
      errors: [
        {
          messageId: 'readinessGate',
          line: 4,
          column: 3,
          endLine: 4,
          endColumn: 7,
          suggestions: [{ messageId: 'addReadinessGateLabel', output: namespace('  labels:\n    team: storefront\n    elbv2.k8s.aws/pod-readiness-gate-inject: enabled\n') }],
        },
      ],
    },
  ],
});
