import { isObject, type Resource } from './parse';
import type { Kustomization, NamespaceBucket, ProjectIndex } from './project-index';
import { type Labels, matches, parseLabelSelector, parseMapSelector, type Selector } from './selectors';
import { get, type Workload } from './workload';

export interface EffectiveReplicas {
  min: number;
  max: number;
  /** What decides `min`: the autoscaler when one targets the workload. */
  source: 'hpa' | 'scaledobject' | 'spec';
  autoscaler: Resource | undefined;
  /** `spec.replicas: 0` with no autoscaler: deliberately parked. */
  parked: boolean;
  /** A KEDA target with minimum 0 that no Service selects: a queue worker that scales to zero. */
  scaleToZeroWorker: boolean;
}

/**
 * The relations between resources (RULES.md §1), answered from the project index. Every lookup goes
 * through one namespace bucket and records it, so the language server knows which documents to re-lint
 * when a resource in that namespace changes.
 */
export class Relations {
  constructor(
    readonly index: ProjectIndex,
    private readonly dependencies?: Set<string>,
  ) {}

  namespaceOf(resource: Resource): string {
    return this.index.namespaceOf(resource);
  }

  workload(resource: Resource): Workload | null {
    return this.index.workload(resource);
  }

  bucket(namespace: string): NamespaceBucket {
    this.dependencies?.add(namespace);
    return this.index.bucket(namespace);
  }

  /**
   * A lookup table derived from the namespaces given, built once per version of the index and shared by
   * every rule and document: the way to turn a scan per resource into one scan per namespace.
   */
  memo<T>(key: string, namespaces: readonly string[], compute: () => T): T {
    for (const namespace of namespaces) this.dependencies?.add(namespace);
    return this.index.memo(`${key}\u0000${namespaces.join('\u0000')}`, compute);
  }

  /** PodDisruptionBudgets whose selector matches the workload's pod template. */
  pdbsCovering(workload: Workload): Resource[] {
    const namespace = this.namespaceOf(workload.resource);
    const index = this.memo('pdbs by label', [namespace], () => new SelectorIndex(this.bucket(namespace).pdbs, pdbSelector));
    return index.matching(workload.templateLabels);
  }

  /** Workloads in the PDB's namespace whose pod template its selector matches. */
  workloadsCoveredBy(pdb: Resource): Workload[] {
    const selector = pdbSelector(pdb);
    return this.bucket(this.namespaceOf(pdb)).workloads.filter(
      (workload) => workload.longRunning && matches(selector, workload.templateLabels),
    );
  }

  hpasTargeting(workload: Workload): Resource[] {
    return this.bucket(this.namespaceOf(workload.resource)).hpas.filter((hpa) =>
      targets(get(hpa.object, ['spec', 'scaleTargetRef']), workload, undefined),
    );
  }

  scaledObjectsTargeting(workload: Workload): Resource[] {
    return this.bucket(this.namespaceOf(workload.resource)).scaledObjects.filter((scaledObject) =>
      targets(get(scaledObject.object, ['spec', 'scaleTargetRef']), workload, 'Deployment'),
    );
  }

  /** Effective minimum and maximum replicas (RULES.md §1), autoscalers first. */
  replicas(workload: Workload): EffectiveReplicas {
    const specReplicas = workload.scalable ? (workload.specReplicas ?? 1) : 1;
    const hpa = workload.scalable ? this.hpasTargeting(workload)[0] : undefined;
    if (hpa) {
      const min = wholeNumber(get(hpa.object, ['spec', 'minReplicas'])) ?? 1;
      const max = wholeNumber(get(hpa.object, ['spec', 'maxReplicas'])) ?? min;
      return { min, max: Math.max(min, max), source: 'hpa', autoscaler: hpa, parked: false, scaleToZeroWorker: false };
    }
    const scaledObject = workload.scalable ? this.scaledObjectsTargeting(workload)[0] : undefined;
    if (scaledObject) {
      const min = wholeNumber(get(scaledObject.object, ['spec', 'minReplicaCount'])) ?? 0;
      const max = wholeNumber(get(scaledObject.object, ['spec', 'maxReplicaCount'])) ?? 100;
      return {
        min,
        max: Math.max(min, max),
        source: 'scaledobject',
        autoscaler: scaledObject,
        parked: false,
        scaleToZeroWorker: min === 0 && !this.isServiceFacing(workload),
      };
    }
    return {
      min: specReplicas,
      max: specReplicas,
      source: 'spec',
      autoscaler: undefined,
      parked: workload.specReplicas === 0,
      scaleToZeroWorker: false,
    };
  }

  /** Services in the workload's namespace whose selector is a subset of its template labels. */
  servicesSelecting(workload: Workload): Resource[] {
    const namespace = this.namespaceOf(workload.resource);
    const index = this.memo('services by label', [namespace], () => new SelectorIndex(this.bucket(namespace).services, serviceSelector));
    return index.matching(workload.templateLabels);
  }

  isServiceFacing(workload: Workload): boolean {
    return this.servicesSelecting(workload).length > 0;
  }

  /**
   * Objects of any kind in a namespace: `relations.ofKind(ns, 'networking.k8s.io', 'NetworkPolicy')`. Pass the
   * namespace `''` for cluster-scoped kinds (StorageClass, PriorityClass, ClusterRoleBinding, webhooks).
   */
  ofKind(namespace: string, group: string, kind: string): Resource[] {
    this.dependencies?.add(namespace);
    return this.index.ofKind(namespace, group, kind);
  }

  /** The `kind: Namespace` object of that name, when the project has one (its labels feed selectors). */
  namespaceObject(name: string): Resource | undefined {
    this.dependencies?.add(name);
    return this.index.namespaceObject(name);
  }

  /** Kustomizations that list the file; they may rewrite its namespace and image tags. */
  kustomizationsCovering(file: string): Kustomization[] {
    return this.index.kustomizationsCovering(file);
  }

  /** Every kustomization of the project (their generators create ConfigMaps and Secrets that no file holds). */
  kustomizations(): Kustomization[] {
    return this.index.allKustomizations();
  }

  service(namespace: string, name: string): Resource | undefined {
    return this.bucket(namespace).services.find((service) => service.name === name);
  }

  workloadsBehind(service: Resource): Workload[] {
    const selector = serviceSelector(service);
    return this.bucket(this.namespaceOf(service)).workloads.filter((workload) =>
      matches(selector, workload.templateLabels),
    );
  }
}

/**
 * Objects whose selectors are matched against many label sets, each filed under one label its selector
 * requires, so a lookup reads only the objects that could match. Results keep the objects' order.
 */
class SelectorIndex {
  private readonly byLabel = new Map<string, number[]>();
  /** Selectors without a required label (only expressions, or `{}`): always checked. */
  private readonly unfiled: number[] = [];

  constructor(
    private readonly items: readonly Resource[],
    private readonly selectorOf: (item: Resource) => Selector | null,
  ) {
    items.forEach((item, position) => {
      const selector = selectorOf(item);
      if (!selector) return;
      const required = selector.requirements.find((r) => r.operator === 'In' && r.values.length === 1);
      if (!required) {
        this.unfiled.push(position);
        return;
      }
      const key = `${required.key}\u0000${required.values[0]}`;
      const filed = this.byLabel.get(key);
      if (filed) filed.push(position);
      else this.byLabel.set(key, [position]);
    });
  }

  matching(labels: Labels): Resource[] {
    const candidates = [...this.unfiled];
    for (const key in labels) {
      const filed = this.byLabel.get(`${key}\u0000${labels[key]}`);
      if (filed) candidates.push(...filed);
    }
    candidates.sort((a, b) => a - b);
    return candidates.map((position) => this.items[position]!).filter((item) => matches(this.selectorOf(item), labels));
  }
}

/**
 * policy/v1: a null selector matches no pods and `{}` matches every pod in the namespace.
 * policy/v1beta1 (removed in 1.25, still found in old repositories) read `{}` as matching nothing.
 */
export function pdbSelector(pdb: Resource): Selector | null {
  return cached(pdb, () => {
    const selector = parseLabelSelector(get(pdb.object, ['spec', 'selector']));
    if (pdb.apiVersion === 'policy/v1beta1' && selector && selector.requirements.length === 0) return null;
    return selector;
  });
}

export function serviceSelector(service: Resource): Selector | null {
  return cached(service, () => {
    if (get(service.object, ['spec', 'type']) === 'ExternalName') return null;
    return parseMapSelector(get(service.object, ['spec', 'selector']));
  });
}

/** Selectors are read for every workload of a namespace: parse each object's once (objects never change). */
const selectors = new WeakMap<Resource, Selector | null>();
function cached(resource: Resource, parse: () => Selector | null): Selector | null {
  let selector = selectors.get(resource);
  if (selector === undefined) {
    selector = parse();
    selectors.set(resource, selector);
  }
  return selector;
}

function targets(ref: unknown, workload: Workload, defaultKind: string | undefined): boolean {
  if (!isObject(ref)) return false;
  const kind = typeof ref.kind === 'string' ? ref.kind : defaultKind;
  if (kind !== workload.kind || ref.name !== workload.resource.name) return false;
  if (typeof ref.apiVersion !== 'string') return true;
  const slash = ref.apiVersion.indexOf('/');
  const group = slash === -1 ? '' : ref.apiVersion.slice(0, slash);
  return group === workload.resource.group || (group === 'extensions' && workload.resource.group === 'apps');
}

export function wholeNumber(value: unknown): number | undefined {
  return typeof value === 'number' && Number.isInteger(value) ? value : undefined;
}
