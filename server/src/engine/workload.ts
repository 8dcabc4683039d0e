import { isObject, type Resource } from './parse';
import { type Labels, labelsOf, parseLabelSelector, parseMapSelector, type Selector } from './selectors';
import type { Path } from './yaml-path';

export type ContainerType = 'app' | 'init' | 'sidecar';

export interface ContainerRef {
  type: ContainerType;
  index: number;
  /** Path of the container object, relative to the resource. */
  path: Path;
  name: string;
  /** The container as written; fields may have any type (pitfall: user YAML does not match the types). */
  spec: Record<string, unknown>;
  image: string | undefined;
}

/** Anything that carries a pod template: what reliability and static-stability rules reason about. */
export interface Workload {
  resource: Resource;
  kind: string;
  podSpecPath: Path;
  templateMetadataPath: Path;
  podSpec: Record<string, unknown>;
  templateLabels: Labels;
  templateAnnotations: Labels;
  /** `spec.selector` for controllers; `null` for a bare Pod or a missing selector. */
  selector: Selector | null;
  selectorPath: Path;
  /** `spec.replicas` as written, when it is a whole number. */
  specReplicas: number | undefined;
  /** Whether `spec.replicas` is a field of this kind at all. */
  scalable: boolean;
  containers: ContainerRef[];
  longRunning: boolean;
  isDaemonSet: boolean;
  helmHook: boolean;
}

interface TemplateShape {
  groups: readonly string[];
  podSpec: Path;
  metadata: Path;
  selector: 'label' | 'map' | 'none';
  scalable: boolean;
  longRunning: boolean;
}

const CONTROLLER = { podSpec: ['spec', 'template', 'spec'], metadata: ['spec', 'template', 'metadata'] } as const;

/** Where each kind keeps its PodSpec (RULES.md §1). */
const SHAPES: Record<string, TemplateShape> = {
  Pod: { groups: [''], podSpec: ['spec'], metadata: ['metadata'], selector: 'none', scalable: false, longRunning: true },
  Deployment: { groups: ['apps', 'extensions'], ...CONTROLLER, selector: 'label', scalable: true, longRunning: true },
  StatefulSet: { groups: ['apps'], ...CONTROLLER, selector: 'label', scalable: true, longRunning: true },
  DaemonSet: { groups: ['apps', 'extensions'], ...CONTROLLER, selector: 'label', scalable: false, longRunning: true },
  ReplicaSet: { groups: ['apps', 'extensions'], ...CONTROLLER, selector: 'label', scalable: true, longRunning: true },
  ReplicationController: { groups: [''], ...CONTROLLER, selector: 'map', scalable: true, longRunning: true },
  Rollout: { groups: ['argoproj.io'], ...CONTROLLER, selector: 'label', scalable: true, longRunning: true },
  // OpenShift's Deployment predecessor; still found in manifests that also run on EKS.
  DeploymentConfig: { groups: ['apps.openshift.io', ''], ...CONTROLLER, selector: 'map', scalable: true, longRunning: true },
  Job: { groups: ['batch'], ...CONTROLLER, selector: 'none', scalable: false, longRunning: false },
  CronJob: {
    groups: ['batch'],
    podSpec: ['spec', 'jobTemplate', 'spec', 'template', 'spec'],
    metadata: ['spec', 'jobTemplate', 'spec', 'template', 'metadata'],
    selector: 'none',
    scalable: false,
    longRunning: false,
  },
};

/** Every kind with a pod template. */
export const WORKLOAD_KINDS = Object.keys(SHAPES);
/** Kinds whose pods run until stopped (RULES.md §1): probe, spread and disruption rules apply. */
export const LONG_RUNNING_KINDS = WORKLOAD_KINDS.filter((kind) => SHAPES[kind]!.longRunning);
/** Controllers with `spec.replicas`: replica, PDB and zone-spread rules apply. */
export const REPLICATED_KINDS = WORKLOAD_KINDS.filter((kind) => SHAPES[kind]!.scalable);

export function get(value: unknown, path: Path): unknown {
  let current = value;
  for (const segment of path) {
    if (typeof segment === 'number') {
      if (!Array.isArray(current)) return undefined;
      current = current[segment];
    } else {
      if (!isObject(current)) return undefined;
      current = current[segment];
    }
  }
  return current;
}

export function workloadOf(resource: Resource): Workload | null {
  const shape = SHAPES[resource.kind];
  if (!shape || !shape.groups.includes(resource.group)) return null;
  const object = resource.object;
  const podSpecValue = get(object, shape.podSpec);
  const podSpec = isObject(podSpecValue) ? podSpecValue : {};
  const metadata = get(object, shape.metadata);
  const selectorPath: Path = ['spec', 'selector'];
  const selectorValue = get(object, selectorPath);
  const replicas = get(object, ['spec', 'replicas']);
  const annotations = labelsOf(get(object, ['metadata', 'annotations']));
  return {
    resource,
    kind: resource.kind,
    podSpecPath: shape.podSpec,
    templateMetadataPath: shape.metadata,
    podSpec,
    templateLabels: labelsOf(get(metadata, ['labels'])),
    templateAnnotations: labelsOf(get(metadata, ['annotations'])),
    selector:
      shape.selector === 'label'
        ? parseLabelSelector(selectorValue)
        : shape.selector === 'map'
          ? parseMapSelector(selectorValue)
          : null,
    selectorPath,
    specReplicas: typeof replicas === 'number' && Number.isInteger(replicas) ? replicas : undefined,
    scalable: shape.scalable,
    containers: containersOf(podSpec, shape.podSpec),
    longRunning: shape.longRunning,
    isDaemonSet: resource.kind === 'DaemonSet',
    helmHook: annotations['helm.sh/hook'] !== undefined,
  };
}

function containersOf(podSpec: Record<string, unknown>, podSpecPath: Path): ContainerRef[] {
  const refs: ContainerRef[] = [];
  const collect = (field: 'containers' | 'initContainers') => {
    const list = podSpec[field];
    if (!Array.isArray(list)) return;
    list.forEach((spec, index) => {
      if (!isObject(spec)) return;
      const type: ContainerType =
        field === 'containers' ? 'app' : spec.restartPolicy === 'Always' ? 'sidecar' : 'init';
      refs.push({
        type,
        index,
        path: [...podSpecPath, field, index],
        name: typeof spec.name === 'string' ? spec.name : '',
        spec,
        image: typeof spec.image === 'string' ? spec.image : undefined,
      });
    });
  };
  collect('initContainers');
  collect('containers');
  return refs;
}
