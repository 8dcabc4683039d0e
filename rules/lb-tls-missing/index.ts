import { isObject } from '../../server/src/engine/parse';
import { defineRule } from '../../server/src/engine/rule-api';
import { get } from '../../server/src/engine/workload';
import { EKS } from '../lib/docs';
import {
  ALB_CERTIFICATE,
  ALB_LISTEN_PORTS,
  albIngress,
  annotationsOf,
  isIngress,
  isLoadBalancerService,
  SSL_CERT,
} from '../lib/load-balancers';

/** Ports that carry TLS the pods terminate themselves (the load balancer passes it through). */
const TLS_PORT_NAME = /^(?:https|tls|grpcs)(?:-|$)/i;

/**
 * Whether the Service passes TLS through to pods: a port 443, or a port (target port, appProtocol) named for TLS.
 * Ingress controllers (ingress-nginx, Traefik, Envoy) expose 80 and 443 and terminate TLS in the pod.
 */
function passesTlsThrough(ports: unknown[]): boolean {
  return ports.some((port) => {
    if (!isObject(port)) return false;
    if (port.port === 443 || port.targetPort === 443) return true;
    return [port.name, port.targetPort, port.appProtocol].some((name) => typeof name === 'string' && TLS_PORT_NAME.test(name));
  });
}

function allUdp(ports: unknown[]): boolean {
  return ports.length > 0 && ports.every((port) => isObject(port) && port.protocol === 'UDP');
}

export default defineRule({
  meta: {
    id: 'lb-tls-missing',
    category: 'security',
    severity: 'info',
    signal: 'strong',
    kinds: ['Service', 'Ingress'],
    messages: {
      service:
        'LoadBalancer Service "{{name}}" has no TLS listener (no {{annotation}} annotation) and no TLS port passed through to its pods: traffic between clients and the load balancer travels unencrypted.',
      ingress:
        'ALB Ingress "{{name}}" has no HTTPS listener (no certificate-arn annotation, spec.tls or HTTPS listen-ports): traffic between clients and the load balancer travels unencrypted.',
    },
    docs: {
      description:
        'Load balancers in front of EKS workloads should terminate TLS (an ACM certificate on the NLB or ALB) or pass TLS through to the pods, so traffic is encrypted in transit.',
      source: {
        title: 'EKS Best Practices: Security › Network security › Use encryption with AWS Elastic load balancers',
        url: `${EKS}/network-security.html`,
      },
    },
  },
  check({ resource, relations, report }) {
    if (isLoadBalancerService(resource)) {
      const annotations = annotationsOf(resource);
      if ((annotations[SSL_CERT] ?? '').trim() !== '') return;
      const portsValue = get(resource.object, ['spec', 'ports']);
      const ports = Array.isArray(portsValue) ? portsValue : [];
      if (allUdp(ports) || passesTlsThrough(ports)) return;
      report({ at: ['spec', 'type'], on: 'value', messageId: 'service', data: { name: resource.name, annotation: SSL_CERT } });
      return;
    }
    if (!isIngress(resource)) return;
    const target = albIngress(resource, relations);
    if (!target) return;
    const annotations = annotationsOf(resource);
    if ((annotations[ALB_CERTIFICATE] ?? '').trim() !== '') return;
    if (/https/i.test(annotations[ALB_LISTEN_PORTS] ?? '')) return;
    const tls = get(resource.object, ['spec', 'tls']);
    if (Array.isArray(tls) && tls.length > 0) return;
    report({ at: target.marker, on: 'value', messageId: 'ingress', data: { name: resource.name } });
  },
});
