import { isObject, type Resource } from '../../server/src/engine/parse';
import type { Relations } from '../../server/src/engine/relations';
import { labelsOf } from '../../server/src/engine/selectors';
import { get } from '../../server/src/engine/workload';
import type { Path } from '../../server/src/engine/yaml-path';
import { isZoneKey, ZONE_ID_KEY } from './spread';

/** StorageClasses, PersistentVolumeClaims and how a claim finds its class (RULES.md S5). */

export const STORAGE_GROUP = 'storage.k8s.io';

/**
 * Provisioners of EBS volumes, which live in one Availability Zone: the EBS CSI driver, the in-tree plugin
 * it replaced (migrated to the CSI driver, same zonal volumes), and the EBS driver built into EKS Auto Mode.
 */
export const EBS_PROVISIONERS: readonly string[] = ['ebs.csi.aws.com', 'kubernetes.io/aws-ebs', 'ebs.csi.eks.amazonaws.com'];

export const DEFAULT_CLASS_ANNOTATIONS: readonly string[] = [
  'storageclass.kubernetes.io/is-default-class',
  'storageclass.beta.kubernetes.io/is-default-class',
];

/** The pre-1.6 annotation that names a claim's class; when set, it wins over `spec.storageClassName`. */
export const BETA_CLASS_ANNOTATION = 'volume.beta.kubernetes.io/storage-class';

/**
 * The EBS class that EKS creates in every cluster and that no repository holds: `gp2`, provisioner
 * `kubernetes.io/aws-ebs`, `volumeBindingMode: WaitForFirstConsumer`, the default class of clusters created
 * before Kubernetes 1.30.
 */
export const EKS_BUILT_IN_CLASS = 'gp2';

export function isStorageClass(resource: Resource): boolean {
  return resource.kind === 'StorageClass' && resource.group === STORAGE_GROUP;
}

export function provisionerOf(storageClass: Resource): string {
  const provisioner = get(storageClass.object, ['provisioner']);
  return typeof provisioner === 'string' ? provisioner.trim() : '';
}

export function isEbsClass(storageClass: Resource): boolean {
  return EBS_PROVISIONERS.includes(provisionerOf(storageClass));
}

export function isDefaultClass(storageClass: Resource): boolean {
  const annotations = labelsOf(get(storageClass.object, ['metadata', 'annotations']));
  return DEFAULT_CLASS_ANNOTATIONS.some((key) => annotations[key] === 'true');
}

/** `volumeBindingMode` as the API server stores it: `Immediate` when absent. */
export function bindingMode(storageClass: Resource): string {
  const mode = get(storageClass.object, ['volumeBindingMode']);
  return typeof mode === 'string' && mode !== '' ? mode : 'Immediate';
}

export function storageClasses(relations: Relations): Resource[] {
  return relations.ofKind('', STORAGE_GROUP, 'StorageClass');
}

/** How a claim names its class, as written. */
export type ClaimClassRef =
  /** A class by name; `at` is where the name is written, relative to the claim. */
  | { kind: 'named'; name: string; at: Path }
  /** `storageClassName: ""`: no class, the claim binds to a pre-provisioned volume. */
  | { kind: 'none' }
  /** No class named: the cluster's default class at creation time. */
  | { kind: 'default' }
  /** A class name that is not a plain string (a template, a list): no verdict. */
  | { kind: 'unreadable' };

/** The class reference of a PersistentVolumeClaim (or a `volumeClaimTemplates[]` entry), given as an object. */
export function claimClassRef(claim: unknown): ClaimClassRef {
  const annotation = get(claim, ['metadata', 'annotations', BETA_CLASS_ANNOTATION]);
  if (annotation !== undefined && annotation !== null) {
    if (typeof annotation !== 'string') return { kind: 'unreadable' };
    return annotation === '' ? { kind: 'none' } : { kind: 'named', name: annotation, at: ['metadata', 'annotations', BETA_CLASS_ANNOTATION] };
  }
  const name = get(claim, ['spec', 'storageClassName']);
  if (name === undefined || name === null) return { kind: 'default' };
  if (typeof name !== 'string') return { kind: 'unreadable' };
  return name === '' ? { kind: 'none' } : { kind: 'named', name, at: ['spec', 'storageClassName'] };
}

/** What a claim's class resolves to in the project. */
export type ClassResolution =
  /** A StorageClass of the project. */
  | { kind: 'class'; storageClass: Resource; viaDefault: boolean }
  /** A class EKS creates, not in the project: `gp2` by name, or the cluster default when the project sets none. */
  | { kind: 'eks'; name: string | undefined }
  /** No dynamic provisioning, or nothing to tell. */
  | { kind: 'none' }
  | { kind: 'unknown'; name: string };

/**
 * Resolves a claim's class: by name among the project's StorageClasses; with no name, the project's default
 * class (when several are marked default and they disagree about EBS, there is no verdict), else the EKS
 * default. A named class that the project lacks is EKS's own `gp2`, or unknown.
 */
export function resolveClaimClass(relations: Relations, ref: ClaimClassRef): ClassResolution {
  if (ref.kind === 'none' || ref.kind === 'unreadable') return { kind: 'none' };
  const classes = storageClasses(relations);
  if (ref.kind === 'named') {
    const found = classes.find((storageClass) => storageClass.name === ref.name);
    if (found) return { kind: 'class', storageClass: found, viaDefault: false };
    return ref.name === EKS_BUILT_IN_CLASS ? { kind: 'eks', name: ref.name } : { kind: 'unknown', name: ref.name };
  }
  const defaults = classes.filter(isDefaultClass);
  if (defaults.length === 0) return { kind: 'eks', name: undefined };
  const ebs = defaults.filter(isEbsClass);
  if (ebs.length > 0 && ebs.length < defaults.length) return { kind: 'none' };
  return { kind: 'class', storageClass: defaults[0]!, viaDefault: true };
}

/** Whether a resolved class provisions zonal EBS volumes. */
export function resolvesToEbs(resolution: ClassResolution): boolean {
  if (resolution.kind === 'eks') return true;
  return resolution.kind === 'class' && isEbsClass(resolution.storageClass);
}

/**
 * The one Availability Zone a class's `allowedTopologies` allows, if it allows exactly one: terms are ORed,
 * the expressions of a term ANDed, and a term that does not restrict a zone key allows every zone. Zone
 * names (`us-east-1a`) and zone IDs (`use1-az1`) cannot be compared, so only one family can pin.
 */
export function singleAllowedZone(storageClass: Resource): { zone: string; at: Path } | undefined {
  const terms = get(storageClass.object, ['allowedTopologies']);
  if (!Array.isArray(terms) || terms.length === 0) return undefined;
  const union = new Set<string>();
  for (const term of terms) {
    const expressions = isObject(term) && Array.isArray(term.matchLabelExpressions) ? term.matchLabelExpressions : [];
    let allowed: Set<string> | undefined;
    let family: 'name' | 'id' | undefined;
    for (const expression of expressions) {
      if (!isObject(expression) || typeof expression.key !== 'string' || !isZoneKey(expression.key)) continue;
      const values = Array.isArray(expression.values) ? expression.values.filter((v) => v !== null && typeof v !== 'object').map(String) : [];
      const expressionFamily = expression.key === ZONE_ID_KEY ? 'id' : 'name';
      if (allowed && family !== expressionFamily) {
        // A name and an ID in one term: the smaller set bounds the term.
        if (values.length < allowed.size) {
          allowed = new Set(values);
          family = expressionFamily;
        }
        continue;
      }
      allowed = allowed ? new Set(values.filter((value) => allowed!.has(value))) : new Set(values);
      family = expressionFamily;
    }
    if (!allowed) return undefined;
    for (const value of allowed) union.add(`${family}:${value}`);
  }
  if (union.size !== 1) return undefined;
  const [only] = union;
  return { zone: only!.slice(only!.indexOf(':') + 1), at: ['allowedTopologies'] };
}
