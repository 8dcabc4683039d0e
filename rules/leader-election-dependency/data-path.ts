import { isObject, type Resource } from '../../server/src/engine/parse';
import type { Relations } from '../../server/src/engine/relations';
import type { Related } from '../../server/src/engine/rule-api';
import { get, type Workload } from '../../server/src/engine/workload';
import { allWebhooks } from '../lib/webhooks';

/** How traffic that users or the API server depend on reaches the workload (RULES.md S16 "data path"). */
export interface DataPath {
  /** `admission webhook "x"`, `Ingress "web"`, `LoadBalancer Service "api"`… */
  description: string;
  related: Related;
}

/**
 * The data paths of a workload, through each Service that selects it: the Service is a LoadBalancer, the
 * backend of an admission webhook or of an aggregated API (APIService), or the backend of an Ingress, a
 * Gateway API route or an AWS Load Balancer Controller TargetGroupBinding in its namespace.
 */
export function dataPaths(workload: Workload, relations: Relations): DataPath[] {
  const paths: DataPath[] = [];
  const services = relations.servicesSelecting(workload);
  if (services.length === 0) return paths;
  const webhooks = allWebhooks(relations);
  for (const service of services) {
    const namespace = relations.namespaceOf(service);
    if (get(service.object, ['spec', 'type']) === 'LoadBalancer') {
      paths.push({
        description: `LoadBalancer Service "${service.name}"`,
        related: { resource: service, at: ['spec', 'type'], message: `Service "${service.name}" is a load balancer target` },
      });
    }
    const served = webhooks.filter(
      (webhook) => webhook.url === undefined && webhook.service?.namespace === namespace && webhook.service.name === service.name,
    );
    for (const webhook of served) {
      paths.push({
        description: `admission webhook "${webhook.name}"`,
        related: {
          resource: webhook.configuration,
          at: [...webhook.path, 'clientConfig', 'service'],
          message: `Webhook "${webhook.name}" calls Service "${service.name}"`,
        },
      });
    }
    for (const apiService of relations.ofKind('', 'apiregistration.k8s.io', 'APIService')) {
      const ref = get(apiService.object, ['spec', 'service']);
      if (!isObject(ref) || ref.name !== service.name || (ref.namespace ?? 'default') !== namespace) continue;
      paths.push({
        description: `aggregated API "${apiService.name}"`,
        related: { resource: apiService, at: ['spec', 'service'], message: `APIService "${apiService.name}" is served by Service "${service.name}"` },
      });
    }
    for (const ingress of [...relations.ofKind(namespace, 'networking.k8s.io', 'Ingress'), ...relations.ofKind(namespace, 'extensions', 'Ingress')]) {
      if (!ingressBackends(ingress).includes(service.name)) continue;
      paths.push({
        description: `Ingress "${ingress.name}"`,
        related: { resource: ingress, at: ['spec'], message: `Ingress "${ingress.name}" routes to Service "${service.name}"` },
      });
    }
    for (const kind of ['HTTPRoute', 'GRPCRoute', 'TLSRoute', 'TCPRoute']) {
      for (const route of relations.ofKind(namespace, 'gateway.networking.k8s.io', kind)) {
        if (!routeBackends(route, namespace).includes(service.name)) continue;
        paths.push({
          description: `${kind} "${route.name}"`,
          related: { resource: route, at: ['spec', 'rules'], message: `${kind} "${route.name}" routes to Service "${service.name}"` },
        });
      }
    }
    for (const binding of relations.ofKind(namespace, 'elbv2.k8s.aws', 'TargetGroupBinding')) {
      if (get(binding.object, ['spec', 'serviceRef', 'name']) !== service.name) continue;
      paths.push({
        description: `the load balancer target group of TargetGroupBinding "${binding.name}"`,
        related: { resource: binding, at: ['spec', 'serviceRef'], message: `TargetGroupBinding "${binding.name}" registers Service "${service.name}" with a load balancer` },
      });
    }
  }
  return paths;
}

/** Service names of an Ingress: `networking.k8s.io/v1` (`service.name`) and the older `serviceName`. */
function ingressBackends(ingress: Resource): string[] {
  const names: string[] = [];
  const add = (backend: unknown) => {
    if (!isObject(backend)) return;
    const name = isObject(backend.service) ? backend.service.name : backend.serviceName;
    if (typeof name === 'string') names.push(name);
  };
  add(get(ingress.object, ['spec', 'defaultBackend']));
  add(get(ingress.object, ['spec', 'backend']));
  const rules = get(ingress.object, ['spec', 'rules']);
  for (const rule of Array.isArray(rules) ? rules : []) {
    const paths = get(rule, ['http', 'paths']);
    for (const path of Array.isArray(paths) ? paths : []) add(get(path, ['backend']));
  }
  return names;
}

/** Service names of a Gateway API route in its own namespace (`kind` defaults to Service). */
function routeBackends(route: Resource, namespace: string): string[] {
  const names: string[] = [];
  const rules = get(route.object, ['spec', 'rules']);
  for (const rule of Array.isArray(rules) ? rules : []) {
    const refs = get(rule, ['backendRefs']);
    for (const ref of Array.isArray(refs) ? refs : []) {
      if (!isObject(ref) || typeof ref.name !== 'string') continue;
      if ((ref.kind ?? 'Service') !== 'Service' || (ref.group ?? '') !== '') continue;
      if ((ref.namespace ?? namespace) !== namespace) continue;
      names.push(ref.name);
    }
  }
  return names;
}
