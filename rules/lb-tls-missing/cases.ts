import { defineCases } from '../../test/support/rule-tester';

/** A LoadBalancer Service; `annotations` lines go under metadata (before spec), `ports` replace the port list. */
const service = ({
  annotations = '',
  type = 'LoadBalancer',
  ports = '    - port: 80\n      targetPort: 8080\n',
} = {}) => `apiVersion: v1
kind: Service
metadata:
  name: web
${annotations ? `  annotations:\n${annotations}` : ''}spec:
  type: ${type}
  selector:
    app: web
  ports:
${ports}`;

const ingress = ({ metadata = '', spec = '  ingressClassName: alb\n' } = {}) => `apiVersion: networking.k8s.io/v1
kind: Ingress
metadata:
  name: web
${metadata}spec:
${spec}  rules:
    - host: shop.example.com
      http:
        paths:
          - path: /
            pathType: Prefix
            backend:
              service:
                name: web
                port:
                  number: 80
`;

export default defineCases({
  valid: [
    {
      name: 'an NLB with an ACM certificate',
      code: service({
        annotations: `    service.beta.kubernetes.io/aws-load-balancer-type: external
    service.beta.kubernetes.io/aws-load-balancer-ssl-cert: arn:aws:acm:us-east-1:123456789012:certificate/0f1e2d3c
    service.beta.kubernetes.io/aws-load-balancer-ssl-ports: "443"
`,
        ports: '    - port: 443\n      targetPort: 8080\n',
      }),
    },
    {
      name: 'an ingress controller that terminates TLS itself (ports 80 and 443 passed through)',
      code: service({ ports: '    - name: http\n      port: 80\n      targetPort: http\n    - name: https\n      port: 443\n      targetPort: https\n' }),
    },
    { name: 'a TLS port by name', code: service({ ports: '    - name: https-grpc\n      port: 8443\n      targetPort: 8443\n' }) },
    { name: 'a TLS port by appProtocol', code: service({ ports: '    - name: web\n      port: 8443\n      appProtocol: https\n' }) },
    { name: 'UDP only: DNS has no TLS listener to add', code: service({ ports: '    - port: 53\n      protocol: UDP\n' }) },
    { name: 'a ClusterIP Service has no load balancer', code: service({ type: 'ClusterIP' }) },
    {
      name: 'an ALB with a certificate',
      code: ingress({ metadata: '  annotations:\n    alb.ingress.kubernetes.io/certificate-arn: arn:aws:acm:us-east-1:123456789012:certificate/0f1e2d3c\n' }),
    },
    {
      name: 'an ALB whose certificate is discovered from spec.tls',
      code: ingress({ spec: '  ingressClassName: alb\n  tls:\n    - hosts: [shop.example.com]\n' }),
    },
    {
      name: 'an ALB with an HTTPS listener (certificate discovered from the rule hosts)',
      code: ingress({ metadata: `  annotations:\n    alb.ingress.kubernetes.io/listen-ports: '[{"HTTP": 80}, {"HTTPS": 443}]'\n` }),
    },
    { name: 'an ingress-nginx Ingress is not an AWS load balancer', code: ingress({ spec: '  ingressClassName: nginx\n' }) },
  ],
  invalid: [
    {
      name: 'an NLB that forwards plain HTTP',
      code: service({ annotations: '    service.beta.kubernetes.io/aws-load-balancer-type: external\n' }),
      errors: [{ messageId: 'service', line: 8, column: 9, endLine: 8, endColumn: 21, severity: 'info', output: null }],
    },
    {
      name: 'an in-tree load balancer without a certificate',
      code: service(),
      errors: [{ messageId: 'service', line: 6, column: 9, endLine: 6, endColumn: 21, severity: 'info' }],
    },
    {
      name: 'an ssl-ports annotation without a certificate does not make TLS',
      code: service({ annotations: '    service.beta.kubernetes.io/aws-load-balancer-ssl-ports: "443"\n' }),
      errors: [{ messageId: 'service', line: 8, column: 9, endLine: 8, endColumn: 21 }],
    },
    {
      name: 'an ALB with only an HTTP listener',
      code: ingress(),
      errors: [{ messageId: 'ingress', line: 6, column: 21, endLine: 6, endColumn: 24, severity: 'info' }],
    },
    {
      name: 'an ALB chosen by the ingress.class annotation',
      code: ingress({ spec: '', metadata: '  annotations:\n    kubernetes.io/ingress.class: alb\n' }),
      errors: [{ messageId: 'ingress', line: 6, column: 34, endLine: 6, endColumn: 37 }],
    },
  ],
});
