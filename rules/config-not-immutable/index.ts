import { isObject, type Resource } from '../../server/src/engine/parse';
import type { Relations } from '../../server/src/engine/relations';
import { defineRule, type FixSpec, type Related } from '../../server/src/engine/rule-api';
import { get, type Workload } from '../../server/src/engine/workload';
import { configRefs, type ConfigKind, workloadsUsing } from '../lib/config-refs';
import { EKS } from '../lib/docs';
import { parseImage } from '../lib/images';

/** kustomize's name suffix: the first 10 hex digits of a SHA-256, with 0 1 3 a e spelled g h k m t. */
const KUSTOMIZE_HASH = /-([2456789bcdfghkmt]{10})$/;
/** A content hash that a Helm template appends (`{{ … | sha256sum | trunc 8 }}`): 8+ hex digits. */
const HEX_HASH = /-([0-9a-f]{8,64})$/;

/** Stakater Reloader's annotations: on a workload, they restart it when its objects change in place. */
const RELOADER_PREFIXES = ['reloader.stakater.com/', 'secret.reloader.stakater.com/', 'configmap.reloader.stakater.com/'];
/** Label and annotation prefixes of controllers that write or rotate the object in place. */
const MANAGED_PREFIXES = [
  'cert-manager.io/',
  'external-secrets.io/',
  'reconcile.external-secrets.io/',
  ...RELOADER_PREFIXES,
  'sealedsecrets.bitnami.com/',
  'secrets-store.csi.k8s.io/',
  'kubernetes.io/service-account.',
];
const MANAGERS = ['external-secrets', 'cert-manager', 'reloader', 'stakater-reloader', 'sealed-secrets', 'secrets-store-csi-driver', 'vault-secrets-operator'];
/** Secret types that the control plane fills in or rotates. */
const MANAGED_TYPES = new Set(['kubernetes.io/service-account-token', 'bootstrap.kubernetes.io/token']);
/** Sidecars that reload configuration when a mounted object changes in place: the image's last path segment. */
const RELOADER_IMAGES = ['configmap-reload', 'prometheus-config-reloader', 'config-reloader', 'k8s-sidecar'];

export default defineRule({
  meta: {
    id: 'config-not-immutable',
    category: 'scalability',
    severity: 'info',
    signal: 'heuristic',
    fixable: 'unsafe',
    kinds: ['ConfigMap', 'Secret'],
    messages: {
      contentAddressed:
        '{{kind}} "{{name}}" has a content-addressed name ({{how}}), so its data never changes in place, yet it is not immutable: every kubelet that runs a pod using it keeps an API watch on it. Mark it immutable.',
      subPathOnly:
        '{{kind}} "{{name}}" is only mounted with subPath ({{mounts}}), so running pods never see an in-place update, yet it is not immutable: every kubelet that runs these pods keeps an API watch on it. Mark it immutable, and change it by creating a new object under a new name.',
      makeImmutable: 'Mark {{kind}} "{{name}}" immutable',
    },
    docs: {
      description:
        'ConfigMaps and Secrets that never change in place should be immutable, so that kubelets stop watching them and the API server carries less load.',
      source: {
        title: 'EKS Best Practices: Scalability › Workloads › Use immutable and external secrets if possible',
        url: `${EKS}/scale-workloads.html`,
      },
    },
  },
  check({ resource, namespace, relations, report }) {
    if (resource.group !== '' || 'immutable' in resource.object) return;
    const kind = resource.kind as ConfigKind;
    const name = resource.name;
    if (!name || /[${}<>]/.test(name) || managedInPlace(resource) || targetOfController(relations, namespace, kind, name)) return;
    const users = workloadsUsing(relations, namespace, kind, name);
    if (users.some(reloadsInPlace)) return;
    const suggest: FixSpec[] = [{ messageId: 'makeImmutable', data: { kind, name }, apply: (fix) => fix.insert(resource, [], 'immutable', true) }];
    const how = contentHash(name);
    if (how) {
      report({ at: ['metadata', 'name'], on: 'value', messageId: 'contentAddressed', data: { kind, name, how }, suggest });
      return;
    }
    const mounts = subPathOnly(users, kind, name);
    if (mounts.length > 0 && !users.some(rolledOnChange)) {
      report({
        at: ['metadata', 'name'],
        on: 'value',
        messageId: 'subPathOnly',
        data: { kind, name, mounts: mounts.map((m) => m.message).join('; ') },
        related: mounts,
        suggest,
      });
    }
  },
});

function contentHash(name: string): string | undefined {
  if (KUSTOMIZE_HASH.test(name)) return 'a kustomize generator hash suffix';
  const hex = HEX_HASH.exec(name)?.[1];
  if (hex && /\d/.test(hex) && /[a-f]/.test(hex)) return 'a content hash suffix';
  return undefined;
}

function metadataEntries(resource: Resource, field: 'labels' | 'annotations'): [string, unknown][] {
  const map = get(resource.object, ['metadata', field]);
  return isObject(map) ? Object.entries(map) : [];
}

/** Objects that a controller writes or rotates: its labels and annotations, owner references, or type say so. */
function managedInPlace(resource: Resource): boolean {
  const owners = get(resource.object, ['metadata', 'ownerReferences']);
  if (Array.isArray(owners) && owners.length > 0) return true;
  if (resource.kind === 'Secret' && MANAGED_TYPES.has(String(resource.object.type))) return true;
  const entries = [...metadataEntries(resource, 'labels'), ...metadataEntries(resource, 'annotations')];
  return entries.some(
    ([key, value]) =>
      MANAGED_PREFIXES.some((prefix) => key.startsWith(prefix)) ||
      (key === 'app.kubernetes.io/managed-by' && typeof value === 'string' && MANAGERS.includes(value.toLowerCase())),
  );
}

/** An ExternalSecret, Certificate, SealedSecret or SecretProviderClass of the namespace writes the object. */
function targetOfController(relations: Relations, namespace: string, kind: ConfigKind, name: string): boolean {
  const names = (group: string, crd: string, pick: (object: Record<string, unknown>, own: string) => unknown[]) =>
    relations.ofKind(namespace, group, crd).some((resource) => pick(resource.object, resource.name).includes(name));
  if (names('external-secrets.io', 'ExternalSecret', (o, own) => [get(o, ['spec', 'target', 'name']) ?? own])) return true;
  if (kind === 'ConfigMap') return false;
  if (names('cert-manager.io', 'Certificate', (o) => [get(o, ['spec', 'secretName'])])) return true;
  if (names('bitnami.com', 'SealedSecret', (o, own) => [get(o, ['spec', 'template', 'metadata', 'name']) ?? own])) return true;
  const synced = (o: Record<string, unknown>) => {
    const objects = get(o, ['spec', 'secretObjects']);
    return Array.isArray(objects) ? objects.map((entry) => get(entry, ['secretName'])) : [];
  };
  return names('secrets-store.csi.x-k8s.io', 'SecretProviderClass', synced);
}

function annotationsOf(workload: Workload): Record<string, string> {
  const own = get(workload.resource.object, ['metadata', 'annotations']);
  return { ...(isObject(own) ? (own as Record<string, string>) : {}), ...workload.templateAnnotations };
}

/** Reloader annotations or a config-reloading sidecar: the object is meant to change under running pods. */
function reloadsInPlace(workload: Workload): boolean {
  const keys = Object.keys(annotationsOf(workload));
  if (keys.some((key) => RELOADER_PREFIXES.some((prefix) => key.startsWith(prefix)))) return true;
  return workload.containers.some((container) => {
    if (container.image === undefined) return false;
    const repository = parseImage(container.image).repository;
    return RELOADER_IMAGES.includes(repository.slice(repository.lastIndexOf('/') + 1));
  });
}

/** A `checksum/…` pod-template annotation (the Helm idiom): the object is updated in place and the pods rolled. */
function rolledOnChange(workload: Workload): boolean {
  return Object.keys(workload.templateAnnotations).some((key) => key.startsWith('checksum/'));
}

/**
 * The mounts of the object when every volume of it, in every workload that uses it, is mounted only with
 * `subPath` (the kubelet never refreshes those) and no container reads it into its environment; else none.
 */
function subPathOnly(users: readonly Workload[], kind: ConfigKind, name: string): Related[] {
  const related: Related[] = [];
  for (const workload of users) {
    for (const ref of configRefs(workload)) {
      if (ref.kind !== kind || ref.name !== name) continue;
      if (ref.source === 'env' || ref.source === 'envFrom' || ref.volume === undefined) return [];
      let mounted = false;
      for (const container of workload.containers) {
        const mounts = Array.isArray(container.spec.volumeMounts) ? container.spec.volumeMounts : [];
        for (const [index, mount] of mounts.entries()) {
          if (!isObject(mount) || mount.name !== ref.volume) continue;
          if (typeof mount.subPath !== 'string' || mount.subPath === '') return [];
          mounted = true;
          related.push({
            resource: workload.resource,
            at: [...container.path, 'volumeMounts', index, 'subPath'],
            message: `${workload.kind} "${workload.resource.name}" mounts ${mount.subPath}`,
          });
        }
      }
      if (!mounted) return [];
    }
  }
  return related;
}
