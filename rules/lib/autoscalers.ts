import { isObject, type Resource } from '../../server/src/engine/parse';
import type { Relations } from '../../server/src/engine/relations';
import { get, type ContainerRef, type Workload } from '../../server/src/engine/workload';
import type { Path } from '../../server/src/engine/yaml-path';
import { distinctObjects, isHelmHook, sameObject } from './documents';

/**
 * HorizontalPodAutoscalers and KEDA ScaledObjects as the rules of RULES.md R11–R13 see them: what they target,
 * and which of their metrics need resource requests. Targeting is always answered through `relations`, so
 * the language server knows to re-lint an autoscaler when its workload changes.
 */

export type AutoscalerType = 'hpa' | 'scaledobject';

export function autoscalerType(resource: Resource): AutoscalerType | undefined {
  if (resource.kind === 'HorizontalPodAutoscaler' && resource.group === 'autoscaling') return 'hpa';
  if (resource.kind === 'ScaledObject' && resource.group === 'keda.sh') return 'scaledobject';
  return undefined;
}

/** `spec.scaleTargetRef` as written; a ScaledObject's kind and apiVersion default to an `apps/v1` Deployment. */
export interface TargetRef {
  kind: string | undefined;
  name: string | undefined;
  /** The API group of `apiVersion`; undefined when no apiVersion is written (any group of the kind matches). */
  group: string | undefined;
}

export function targetRefOf(autoscaler: Resource): TargetRef | undefined {
  const ref = get(autoscaler.object, ['spec', 'scaleTargetRef']);
  if (!isObject(ref)) return undefined;
  const scaledObject = autoscalerType(autoscaler) === 'scaledobject';
  const kind = typeof ref.kind === 'string' && ref.kind ? ref.kind : scaledObject ? 'Deployment' : undefined;
  const name = typeof ref.name === 'string' && ref.name ? ref.name : undefined;
  const apiVersion = typeof ref.apiVersion === 'string' && ref.apiVersion ? ref.apiVersion : scaledObject && !ref.kind ? 'apps/v1' : undefined;
  return { kind, name, group: apiVersion === undefined ? undefined : groupOf(apiVersion) };
}

function groupOf(apiVersion: string): string {
  const slash = apiVersion.indexOf('/');
  return slash === -1 ? '' : apiVersion.slice(0, slash);
}

/** `extensions` Deployments and ReplicaSets are the same objects as their `apps` successors. */
function sameGroup(a: string | undefined, b: string | undefined): boolean {
  if (a === undefined || b === undefined || a === b) return true;
  const norm = (g: string) => (g === 'extensions' ? 'apps' : g);
  return norm(a) === norm(b);
}

/** Whether two autoscalers name the same object (same namespace is the caller's business). */
export function sameTarget(a: TargetRef, b: TargetRef): boolean {
  return a.kind !== undefined && a.kind === b.kind && a.name !== undefined && a.name === b.name && sameGroup(a.group, b.group);
}

/** Autoscaler → targeted workloads of one namespace, cached per index generation (buckets are rebuilt on change). */
const targetsCache = new WeakMap<object, Map<Resource, Workload[]>>();

/** The workloads of the autoscaler's namespace that it targets (normally one), by the engine's own matching. */
export function targetWorkloads(autoscaler: Resource, relations: Relations): Workload[] {
  if (!autoscalerType(autoscaler)) return [];
  const bucket = relations.bucket(relations.namespaceOf(autoscaler));
  let targets = targetsCache.get(bucket);
  if (!targets) {
    targets = new Map();
    for (const workload of bucket.workloads) {
      for (const scaler of [...relations.hpasTargeting(workload), ...relations.scaledObjectsTargeting(workload)]) {
        const list = targets.get(scaler) ?? [];
        list.push(workload);
        targets.set(scaler, list);
      }
    }
    targetsCache.set(bucket, targets);
  }
  return targets.get(autoscaler) ?? [];
}

/** Where the kinds an autoscaler usually targets live, for references that give no apiVersion. */
const KNOWN_GROUPS: Record<string, readonly string[]> = {
  Deployment: ['apps', 'extensions'],
  StatefulSet: ['apps'],
  ReplicaSet: ['apps', 'extensions'],
  DaemonSet: ['apps', 'extensions'],
  ReplicationController: [''],
  Rollout: ['argoproj.io'],
  DeploymentConfig: ['apps.openshift.io', ''],
  Job: ['batch'],
  CronJob: ['batch'],
  Pod: [''],
};

/** Any object of the namespace that the reference names, of any kind (custom resources with a scale subresource too). */
export function findTargetObject(autoscaler: Resource, ref: TargetRef, relations: Relations): Resource | undefined {
  if (!ref.kind || !ref.name) return undefined;
  const namespace = relations.namespaceOf(autoscaler);
  const groups =
    ref.group === undefined
      ? (KNOWN_GROUPS[ref.kind] ?? [''])
      : ref.group === 'extensions' || ref.group === 'apps'
        ? ['apps', 'extensions']
        : [ref.group];
  for (const group of groups) {
    const found = relations.ofKind(namespace, group, ref.kind).find((resource) => resource.name === ref.name);
    if (found) return found;
  }
  return undefined;
}

/** Other autoscalers in the namespace (HPAs and ScaledObjects) that scale the same object. */
export function rivalAutoscalers(autoscaler: Resource, relations: Relations): Resource[] {
  const ref = targetRefOf(autoscaler);
  if (!ref) return [];
  const bucket = relations.bucket(relations.namespaceOf(autoscaler));
  const rivals = [...bucket.hpas, ...bucket.scaledObjects].filter((other) => {
    if (sameObject(other, autoscaler) || isHelmHook(other)) return false;
    const otherRef = targetRefOf(other);
    return otherRef !== undefined && sameTarget(ref, otherRef);
  });
  return distinctObjects(rivals, (rival) => rival);
}

/** A metric that is computed as a percentage of the pods' resource requests. */
export interface UtilizationMetric {
  /** `cpu`, `memory`. */
  resource: string;
  /** For `ContainerResource` metrics (and KEDA `containerName`): the one container that counts. */
  container: string | undefined;
  /** Where to point at, relative to the autoscaler. */
  at: Path;
  on: 'key' | 'value';
  /** The HPA lists no metric, so the API server defaults it to 80% average CPU utilization. */
  defaulted: boolean;
}

/**
 * The utilization metrics of an HPA (autoscaling/v1, v2beta1, v2beta2, v2) or of a ScaledObject's
 * `cpu`/`memory` triggers. `AverageValue` and `Value` targets need no requests and are left out.
 */
export function utilizationMetrics(autoscaler: Resource): UtilizationMetric[] {
  const type = autoscalerType(autoscaler);
  const spec = get(autoscaler.object, ['spec']);
  if (!type || !isObject(spec)) return [];
  if (type === 'scaledobject') return kedaMetrics(spec);
  if (autoscaler.apiVersion === 'autoscaling/v1') {
    const target = spec.targetCPUUtilizationPercentage;
    if (target === undefined || target === null) {
      // The API server's default for an HPA without a target: 80% average CPU utilization.
      return [{ resource: 'cpu', container: undefined, at: ['spec', 'targetCPUUtilizationPercentage'], on: 'key', defaulted: true }];
    }
    return [{ resource: 'cpu', container: undefined, at: ['spec', 'targetCPUUtilizationPercentage'], on: 'key', defaulted: false }];
  }
  const metrics = spec.metrics;
  if (metrics === undefined || metrics === null) {
    // autoscaling/v2 (and the betas) default a nil metric list to 80% average CPU utilization.
    return [{ resource: 'cpu', container: undefined, at: ['spec', 'metrics'], on: 'key', defaulted: true }];
  }
  if (!Array.isArray(metrics)) return [];
  const result: UtilizationMetric[] = [];
  metrics.forEach((metric, index) => {
    if (!isObject(metric)) return;
    const field = metric.type === 'Resource' ? 'resource' : metric.type === 'ContainerResource' ? 'containerResource' : undefined;
    if (!field) return;
    const source = metric[field];
    if (!isObject(source) || typeof source.name !== 'string' || !source.name) return;
    if (!isUtilization(source)) return;
    const container = field === 'containerResource' ? (typeof source.container === 'string' ? source.container : '') : undefined;
    result.push({ resource: source.name, container, at: ['spec', 'metrics', index, field, 'name'], on: 'value', defaulted: false });
  });
  return result;
}

/** `target.type: Utilization` (v2, v2beta2) or `targetAverageUtilization` (v2beta1). */
function isUtilization(source: Record<string, unknown>): boolean {
  const target = source.target;
  if (isObject(target)) return target.type === 'Utilization';
  return source.targetAverageUtilization !== undefined && source.targetAverageUtilization !== null;
}

function kedaMetrics(spec: Record<string, unknown>): UtilizationMetric[] {
  const triggers = spec.triggers;
  if (!Array.isArray(triggers)) return [];
  const result: UtilizationMetric[] = [];
  triggers.forEach((trigger, index) => {
    if (!isObject(trigger) || (trigger.type !== 'cpu' && trigger.type !== 'memory')) return;
    const metadata = isObject(trigger.metadata) ? trigger.metadata : {};
    // `metadata.type` is the deprecated spelling of `metricType`.
    const metricType = trigger.metricType ?? metadata.type;
    if (metricType !== 'Utilization') return;
    const container = typeof metadata.containerName === 'string' && metadata.containerName ? metadata.containerName : undefined;
    result.push({ resource: trigger.type, container, at: ['spec', 'triggers', index, 'type'], on: 'value', defaulted: false });
  });
  return result;
}

/**
 * The containers whose requests the HPA sums (kubernetes `calculatePodRequests`): app containers and
 * native sidecars (init containers with `restartPolicy: Always`); regular init containers never count.
 */
export function metricContainers(workload: Workload): ContainerRef[] {
  return workload.containers.filter((container) => container.type === 'app' || container.type === 'sidecar');
}

/**
 * Whether the container's effective request for the resource is a non-zero quantity: the request as
 * written, else the limit, which the API server copies into a missing request.
 */
export function hasRequest(container: Record<string, unknown>, resource: string): boolean {
  const requests = get(container, ['resources', 'requests']);
  const limits = get(container, ['resources', 'limits']);
  const request = isObject(requests) ? requests[resource] : undefined;
  if (request !== undefined && request !== null) return !isZeroQuantity(request);
  const limit = isObject(limits) ? limits[resource] : undefined;
  return limit !== undefined && limit !== null && !isZeroQuantity(limit);
}

/** `0`, `"0"`, `0m`, `0.0Gi`: quantities the HPA's `IsZero` treats as no request. */
function isZeroQuantity(value: unknown): boolean {
  if (typeof value === 'number') return value === 0;
  if (typeof value !== 'string') return false;
  const match = /^[+-]?([0-9.]{1,64})(?:[a-zA-Z]{1,2}|[eE][+-]?[0-9]{1,4})?$/.exec(value.trim());
  return match !== null && /^0*(?:\.0*)?$/.test(match[1]!);
}

/** Placeholder requests the editor quick-fixes write: valid quantities, sized for nothing in particular. */
export const PLACEHOLDER_REQUESTS: Readonly<Record<string, string>> = { cpu: '100m', memory: '128Mi' };

/**
 * A LimitRange of the namespace that gives containers a default request for the resource: `defaultRequest`,
 * or `default`, `max` or `min`, from which the API server derives it (LimitRangeItem defaulting).
 */
export function limitRangeDefaulting(namespace: string, resource: string, relations: Relations): Resource | undefined {
  return relations.bucket(namespace).limitRanges.find((limitRange) => {
    const limits = get(limitRange.object, ['spec', 'limits']);
    if (!Array.isArray(limits)) return false;
    return limits.some(
      (item) =>
        isObject(item) &&
        item.type === 'Container' &&
        ['defaultRequest', 'default', 'max', 'min'].some((field) => {
          const values = item[field];
          return isObject(values) && values[resource] !== undefined && values[resource] !== null;
        }),
    );
  });
}
