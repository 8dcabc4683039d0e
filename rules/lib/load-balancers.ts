import { isObject, type Resource } from '../../server/src/engine/parse';
import type { Relations } from '../../server/src/engine/relations';
import { type Labels, labelsOf } from '../../server/src/engine/selectors';
import { get } from '../../server/src/engine/workload';
import type { Path } from '../../server/src/engine/yaml-path';

/**
 * Services and Ingresses that the AWS Load Balancer Controller (LBC) turns into NLBs and ALBs, read the way
 * the controller reads them (RULES.md C2). Shared by `aws-lb-target-type-instance` and `lb-tls-missing`.
 */

export const LB_TYPE = 'service.beta.kubernetes.io/aws-load-balancer-type';
export const NLB_TARGET_TYPE = 'service.beta.kubernetes.io/aws-load-balancer-nlb-target-type';
export const LBC_NLB_CLASS = 'service.k8s.aws/nlb';
export const SSL_CERT = 'service.beta.kubernetes.io/aws-load-balancer-ssl-cert';
export const SSL_PORTS = 'service.beta.kubernetes.io/aws-load-balancer-ssl-ports';

export const INGRESS_CLASS_ANNOTATION = 'kubernetes.io/ingress.class';
export const DEFAULT_INGRESS_CLASS = 'ingressclass.kubernetes.io/is-default-class';
export const ALB_CONTROLLER = 'ingress.k8s.aws/alb';
export const ALB_TARGET_TYPE = 'alb.ingress.kubernetes.io/target-type';
export const ALB_CERTIFICATE = 'alb.ingress.kubernetes.io/certificate-arn';
export const ALB_LISTEN_PORTS = 'alb.ingress.kubernetes.io/listen-ports';

export const READINESS_GATE_LABEL = 'elbv2.k8s.aws/pod-readiness-gate-inject';

const INGRESS_GROUPS = ['networking.k8s.io', 'extensions'];

export function annotationsOf(resource: Resource): Labels {
  return labelsOf(get(resource.object, ['metadata', 'annotations']));
}

export function isService(resource: Resource): boolean {
  return resource.kind === 'Service' && resource.group === '';
}

export function isIngress(resource: Resource): boolean {
  return resource.kind === 'Ingress' && INGRESS_GROUPS.includes(resource.group);
}

export function isLoadBalancerService(resource: Resource): boolean {
  return isService(resource) && get(resource.object, ['spec', 'type']) === 'LoadBalancer';
}

/** An LBC-managed load balancer: where the manifest says so, and the target type it asks for. */
export interface LbcTarget {
  /** The field that hands the object to the LBC (a class or annotation); the object's name when implicit. */
  marker: Path;
  /** `ip`, `instance`, or undefined when not written (the LBC then uses instance). */
  targetType: string | undefined;
  /** Where the target type is written, when it is. */
  targetTypeAt: Path | undefined;
  /** The annotation that sets the target type. */
  targetTypeKey: string;
}

/**
 * A Service of type LoadBalancer that the LBC provisions: `aws-load-balancer-type: external` (or the legacy
 * `nlb-ip`, which means IP targets), or `loadBalancerClass: service.k8s.aws/nlb`. Services without either are
 * left to the in-tree cloud provider (or to the LBC's mutating webhook, which a manifest cannot show).
 */
export function lbcService(resource: Resource): LbcTarget | undefined {
  if (!isLoadBalancerService(resource)) return undefined;
  const annotations = annotationsOf(resource);
  const type = annotations[LB_TYPE]?.trim().toLowerCase();
  const written = annotations[NLB_TARGET_TYPE]?.trim().toLowerCase();
  const targetTypeAt: Path | undefined = written !== undefined ? ['metadata', 'annotations', NLB_TARGET_TYPE] : undefined;
  if (type === 'nlb-ip') {
    return { marker: ['metadata', 'annotations', LB_TYPE], targetType: 'ip', targetTypeAt: ['metadata', 'annotations', LB_TYPE], targetTypeKey: NLB_TARGET_TYPE };
  }
  if (type === 'external') {
    return { marker: ['metadata', 'annotations', LB_TYPE], targetType: written, targetTypeAt, targetTypeKey: NLB_TARGET_TYPE };
  }
  if (get(resource.object, ['spec', 'loadBalancerClass']) === LBC_NLB_CLASS) {
    return { marker: ['spec', 'loadBalancerClass'], targetType: written, targetTypeAt, targetTypeKey: NLB_TARGET_TYPE };
  }
  return undefined;
}

function ingressClasses(relations: Relations): Resource[] {
  return relations.ofKind('', 'networking.k8s.io', 'IngressClass');
}

function controllerOf(ingressClass: Resource): string | undefined {
  const controller = get(ingressClass.object, ['spec', 'controller']);
  return typeof controller === 'string' ? controller : undefined;
}

/**
 * An Ingress the LBC turns into an ALB: the annotation `kubernetes.io/ingress.class: alb`, an
 * `ingressClassName` of `alb` or of an IngressClass whose controller is `ingress.k8s.aws/alb`, or no class
 * at all when the project's default IngressClass is the LBC's.
 */
export function albIngress(resource: Resource, relations: Relations): LbcTarget | undefined {
  if (!isIngress(resource)) return undefined;
  const annotations = annotationsOf(resource);
  const written = annotations[ALB_TARGET_TYPE]?.trim().toLowerCase();
  const targetTypeAt: Path | undefined = written !== undefined ? ['metadata', 'annotations', ALB_TARGET_TYPE] : undefined;
  const target = (marker: Path): LbcTarget => ({ marker, targetType: written, targetTypeAt, targetTypeKey: ALB_TARGET_TYPE });
  const annotation = annotations[INGRESS_CLASS_ANNOTATION];
  if (annotation !== undefined) return annotation.trim() === 'alb' ? target(['metadata', 'annotations', INGRESS_CLASS_ANNOTATION]) : undefined;
  const className = get(resource.object, ['spec', 'ingressClassName']);
  const classes = ingressClasses(relations);
  if (typeof className === 'string' && className !== '') {
    const found = classes.find((ingressClass) => ingressClass.name === className);
    const isAlb = found ? controllerOf(found) === ALB_CONTROLLER : className === 'alb';
    return isAlb ? target(['spec', 'ingressClassName']) : undefined;
  }
  if (className !== undefined && className !== null) return undefined;
  const defaults = classes.filter((ingressClass) => annotationsOf(ingressClass)[DEFAULT_INGRESS_CLASS] === 'true');
  return defaults.length === 1 && controllerOf(defaults[0]!) === ALB_CONTROLLER ? target(['metadata', 'name']) : undefined;
}

/** The Service names an Ingress sends traffic to (networking.k8s.io/v1 and the older extensions shape). */
export function ingressBackendNames(ingress: Resource): string[] {
  const names = new Set<string>();
  const add = (backend: unknown) => {
    if (!isObject(backend)) return;
    const v1 = get(backend, ['service', 'name']);
    const legacy = backend.serviceName;
    if (typeof v1 === 'string' && v1 !== '') names.add(v1);
    else if (typeof legacy === 'string' && legacy !== '') names.add(legacy);
  };
  const spec = get(ingress.object, ['spec']);
  if (!isObject(spec)) return [];
  add(spec.defaultBackend);
  add(spec.backend);
  const rules = Array.isArray(spec.rules) ? spec.rules : [];
  for (const rule of rules) {
    const paths = get(rule, ['http', 'paths']);
    if (!Array.isArray(paths)) continue;
    for (const path of paths) add(get(path, ['backend']));
  }
  return [...names];
}

/**
 * The target type an ALB Ingress really gets: per backend Service, the Service's own
 * `alb.ingress.kubernetes.io/target-type` (Service annotations win over the Ingress's), else the Ingress's.
 * `ip` only when every backend gets IP targets.
 */
export function effectiveAlbTargetType(ingress: Resource, target: LbcTarget, relations: Relations): string | undefined {
  const namespace = relations.namespaceOf(ingress);
  const names = ingressBackendNames(ingress);
  if (names.length === 0) return target.targetType;
  const types = names.map((name) => {
    const service = relations.service(namespace, name);
    return (service ? annotationsOf(service)[ALB_TARGET_TYPE]?.trim().toLowerCase() : undefined) ?? target.targetType;
  });
  return types.every((type) => type === 'ip') ? 'ip' : types.find((type) => type !== 'ip');
}
