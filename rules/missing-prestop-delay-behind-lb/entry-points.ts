import { isObject, type Resource } from '../../server/src/engine/parse';
import type { Relations } from '../../server/src/engine/relations';
import { get } from '../../server/src/engine/workload';
import { ALB_TARGET_TYPE, albIngress, annotationsOf, LB_TYPE, NLB_TARGET_TYPE } from '../lib/load-balancers';

/** Which ports of a Service a load balancer uses: all of them, or the one an Ingress or binding names. */
export type PortRef = { number?: number; name?: string } | 'all';

/** A load balancer in front of a Service: the Service itself (`type: LoadBalancer`), an Ingress, a route or a binding. */
export interface EntryPoint {
  service: Resource;
  port: PortRef;
  /** The object that makes the Service a load-balancer backend, for the message and the related location. */
  via: Resource;
  at: (string | number)[];
  /** How the message names it: `Service "web" (type LoadBalancer)`, `Ingress "shop"`. */
  label: string;
  /** The AWS Load Balancer Controller registers pod IPs as targets (target-type ip). */
  ipTargets: boolean;
}

function annotation(resource: Resource, key: string): string | undefined {
  return annotationsOf(resource)[key]?.trim().toLowerCase();
}

function portRef(value: unknown): PortRef {
  if (typeof value === 'number' && Number.isInteger(value)) return { number: value };
  if (typeof value === 'string' && value !== '') return /^[0-9]+$/.test(value) ? { number: Number(value) } : { name: value };
  if (isObject(value)) {
    if (typeof value.number === 'number') return { number: value.number };
    if (typeof value.name === 'string' && value.name !== '') return { name: value.name };
  }
  return 'all';
}

/** `networking.k8s.io/v1` backends (`service.name`, `service.port`) and `extensions/v1beta1` ones (`serviceName`, `servicePort`). */
function ingressBackends(ingress: Resource): { name: string; port: PortRef; at: (string | number)[] }[] {
  const result: { name: string; port: PortRef; at: (string | number)[] }[] = [];
  const add = (backend: unknown, at: (string | number)[]) => {
    if (!isObject(backend)) return;
    if (isObject(backend.service) && typeof backend.service.name === 'string') {
      result.push({ name: backend.service.name, port: portRef(backend.service.port), at: [...at, 'service', 'name'] });
    } else if (typeof backend.serviceName === 'string') {
      result.push({ name: backend.serviceName, port: portRef(backend.servicePort), at: [...at, 'serviceName'] });
    }
  };
  add(get(ingress.object, ['spec', 'defaultBackend']), ['spec', 'defaultBackend']);
  add(get(ingress.object, ['spec', 'backend']), ['spec', 'backend']);
  const rules = get(ingress.object, ['spec', 'rules']);
  if (Array.isArray(rules)) {
    rules.forEach((rule, r) => {
      const paths = get(rule, ['http', 'paths']);
      if (!Array.isArray(paths)) return;
      paths.forEach((path, p) => add(get(path, ['backend']), ['spec', 'rules', r, 'http', 'paths', p, 'backend']));
    });
  }
  return result;
}

const ROUTE_KINDS = ['HTTPRoute', 'GRPCRoute'];
const GATEWAY_GROUP = 'gateway.networking.k8s.io';

function attachedToGateway(route: Resource): boolean {
  const parents = get(route.object, ['spec', 'parentRefs']);
  return (
    Array.isArray(parents) &&
    parents.some((ref) => isObject(ref) && (ref.kind ?? 'Gateway') === 'Gateway' && (ref.group ?? GATEWAY_GROUP) === GATEWAY_GROUP)
  );
}

/**
 * The load balancers that send traffic to a Service: its own `type: LoadBalancer`, Ingress backends
 * (RULES.md §1), Gateway API routes and AWS Load Balancer Controller TargetGroupBindings in its namespace.
 */
export function entryPoints(service: Resource, relations: Relations): EntryPoint[] {
  const namespace = relations.namespaceOf(service);
  // Every workload behind a Service asks about it: each Service's entry points are found once.
  const known = relations.memo('missing-prestop-delay-behind-lb: entry points', [namespace, ''], () => new Map<Resource, EntryPoint[]>());
  let entries = known.get(service);
  if (!entries) {
    entries = findEntryPoints(service, namespace, relations);
    known.set(service, entries);
  }
  return entries;
}

function findEntryPoints(service: Resource, namespace: string, relations: Relations): EntryPoint[] {
  const entries: EntryPoint[] = [];
  if (get(service.object, ['spec', 'type']) === 'LoadBalancer') {
    entries.push({
      service,
      port: 'all',
      via: service,
      at: ['spec', 'type'],
      label: `Service "${service.name}" (type LoadBalancer)`,
      ipTargets: annotation(service, NLB_TARGET_TYPE) === 'ip' || annotation(service, LB_TYPE) === 'nlb-ip',
    });
  }
  const ingresses = [...relations.ofKind(namespace, 'networking.k8s.io', 'Ingress'), ...relations.ofKind(namespace, 'extensions', 'Ingress')];
  for (const ingress of ingresses) {
    for (const backend of ingressBackends(ingress)) {
      if (backend.name !== service.name) continue;
      // The controller reads the target type from the Service when set there, else from the Ingress.
      const alb = albIngress(ingress, relations);
      const targetType = annotation(service, ALB_TARGET_TYPE) ?? alb?.targetType;
      entries.push({
        service,
        port: backend.port,
        via: ingress,
        at: backend.at,
        label: `Ingress "${ingress.name}"`,
        ipTargets: alb !== undefined && targetType === 'ip',
      });
    }
  }
  for (const kind of ROUTE_KINDS) {
    for (const route of relations.ofKind(namespace, GATEWAY_GROUP, kind)) {
      // A route attached to a Service (GAMMA) is mesh routing between pods, not a load balancer.
      if (!attachedToGateway(route)) continue;
      const rules = get(route.object, ['spec', 'rules']);
      if (!Array.isArray(rules)) continue;
      rules.forEach((rule, r) => {
        const refs = get(rule, ['backendRefs']);
        if (!Array.isArray(refs)) return;
        refs.forEach((ref, b) => {
          if (!isObject(ref) || ref.name !== service.name) return;
          if ((ref.kind ?? 'Service') !== 'Service' || (ref.group ?? '') !== '') return;
          if (ref.namespace !== undefined && ref.namespace !== namespace) return;
          entries.push({
            service,
            port: portRef(ref.port),
            via: route,
            at: ['spec', 'rules', r, 'backendRefs', b, 'name'],
            label: `${kind} "${route.name}"`,
            ipTargets: false,
          });
        });
      });
    }
  }
  for (const binding of relations.ofKind(namespace, 'elbv2.k8s.aws', 'TargetGroupBinding')) {
    const ref = get(binding.object, ['spec', 'serviceRef']);
    if (!isObject(ref) || ref.name !== service.name) continue;
    entries.push({
      service,
      port: portRef(ref.port),
      via: binding,
      at: ['spec', 'serviceRef', 'name'],
      label: `TargetGroupBinding "${binding.name}"`,
      ipTargets: get(binding.object, ['spec', 'targetType']) === 'ip',
    });
  }
  return entries;
}
