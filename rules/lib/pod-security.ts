import { isCollection, isPair, isScalar, type Node, visit } from 'yaml';
import type { FixBuilder, FixTarget } from '../../server/src/engine/fix-builder';
import { FixNotPossible } from '../../server/src/engine/fix-builder';
import { isObject, type Resource } from '../../server/src/engine/parse';
import type { Relations } from '../../server/src/engine/relations';
import type { Related, Settings } from '../../server/src/engine/rule-api';
import { labelsOf } from '../../server/src/engine/selectors';
import { get, type Workload } from '../../server/src/engine/workload';
import { locate, type Path } from '../../server/src/engine/yaml-path';
import { atLeast } from './versions';

/**
 * Pod Security Standards as kubernetes/pod-security-admission evaluates them (`policy/check_*.go`): the
 * namespace labels that select a level and a policy version, the containers every check visits, and the
 * version-dependent allow-lists. Shared by `pss-baseline-violation`, `pss-restricted-violation` and
 * `namespace-guardrails-missing`.
 */

export type PssLevel = 'privileged' | 'baseline' | 'restricted';
export const PSS_LEVELS: readonly PssLevel[] = ['privileged', 'baseline', 'restricted'];
export const PSA_LABEL_PREFIX = 'pod-security.kubernetes.io/';
export const ENFORCE_LABEL = `${PSA_LABEL_PREFIX}enforce`;
export const ENFORCE_VERSION_LABEL = `${PSA_LABEL_PREFIX}enforce-version`;
export const WARN_LABEL = `${PSA_LABEL_PREFIX}warn`;
export const AUDIT_LABEL = `${PSA_LABEL_PREFIX}audit`;

/** Namespaces that the control plane and EKS add-ons own: guardrails there are the platform's business. */
export const SYSTEM_NAMESPACES: readonly string[] = ['kube-system', 'kube-public', 'kube-node-lease'];

// --- Namespace enforcement -----------------------------------------------------------------------------

export interface Enforcement {
  /** The `enforce` level of the Namespace object in the project, when it sets a valid one. */
  level: PssLevel | undefined;
  /** The policy version the checks run at: `enforce-version` when pinned, capped at the cluster's version. */
  version: string;
  namespace: Resource | undefined;
}

/** What the namespace's Pod Security Admission labels say, read from its Namespace object in the project. */
export function enforcementOf(relations: Relations, namespace: string, settings: Settings): Enforcement {
  const object = namespace ? relations.namespaceObject(namespace) : undefined;
  const labels = labelsOf(object ? get(object.object, ['metadata', 'labels']) : undefined);
  const level = PSS_LEVELS.find((candidate) => candidate === labels[ENFORCE_LABEL]);
  return { level, version: policyVersion(settings.kubernetesVersion, labels[ENFORCE_VERSION_LABEL]), namespace: object };
}

/**
 * The policy version PSA evaluates: a pinned `vX.Y` below the cluster's version wins; `latest`, a newer pin
 * or an unreadable value mean the cluster's own version.
 */
export function policyVersion(clusterVersion: string, pinned: string | undefined): string {
  const match = /^v?(\d{1,3})\.(\d{1,3})$/.exec(pinned?.trim() ?? '');
  if (!match) return clusterVersion;
  const version = `${Number(match[1])}.${Number(match[2])}`;
  return atLeast(clusterVersion, version) ? version : clusterVersion;
}

/** A related location that explains an `error`: the Namespace's enforce label. */
export function enforceRelated(enforcement: Enforcement): Related[] {
  if (!enforcement.namespace || !enforcement.level) return [];
  return [
    {
      resource: enforcement.namespace,
      at: ['metadata', 'labels', ENFORCE_LABEL],
      message: `Namespace "${enforcement.namespace.name}" enforces the ${enforcement.level} Pod Security Standard: the API server rejects pods that violate it.`,
    },
  ];
}

// --- Containers as PSA visits them -----------------------------------------------------------------------

export type ContainerField = 'initContainers' | 'containers' | 'ephemeralContainers';

export interface PodContainer {
  field: ContainerField;
  index: number;
  /** Path of the container object, relative to the resource. */
  path: Path;
  name: string;
  spec: Record<string, unknown>;
}

/** Init containers (native sidecars included: PSA treats them alike), containers and ephemeral containers. */
export function podContainers(workload: Workload): PodContainer[] {
  const containers: PodContainer[] = [];
  for (const field of ['initContainers', 'containers', 'ephemeralContainers'] as const) {
    const list = workload.podSpec[field];
    if (!Array.isArray(list)) continue;
    list.forEach((spec, index) => {
      if (!isObject(spec)) return;
      containers.push({
        field,
        index,
        path: [...workload.podSpecPath, field, index],
        name: typeof spec.name === 'string' ? spec.name : `#${index + 1}`,
        spec,
      });
    });
  }
  return containers;
}

/** `container "api"`, `init container "migrate"`, `ephemeral container "debug"`, in messages. */
export function describeContainer(container: PodContainer): string {
  const kind = container.field === 'containers' ? 'container' : container.field === 'initContainers' ? 'init container' : 'ephemeral container';
  return `${kind} "${container.name}"`;
}

/**
 * A short key to point at for a field the container lacks: its `securityContext` key when there is one,
 * else its `name`, else the container itself (highlighted on its first line).
 */
export function containerAnchor(container: PodContainer, under: readonly string[] = []): Path {
  let path: Path = [...container.path, 'securityContext'];
  if (!isObject(container.spec.securityContext)) {
    return typeof container.spec.name === 'string' ? [...container.path, 'name'] : container.path;
  }
  let value: unknown = container.spec.securityContext;
  for (const key of under) {
    if (!isObject(value) || !isObject(value[key])) break;
    value = value[key];
    path = [...path, key];
  }
  return path;
}

/** `spec.os.name: windows`: the only signal PSA reads for its Windows exemptions. */
export function isWindowsPod(workload: Workload): boolean {
  return get(workload.podSpec, ['os', 'name']) === 'windows';
}

/** `spec.hostUsers: false`: a user-namespaced pod, relaxed for some controls from policy 1.35 (KEP-127). */
export function usesUserNamespace(workload: Workload): boolean {
  return workload.podSpec.hostUsers === false;
}

// --- Allow-lists ------------------------------------------------------------------------------------------

/** `check_capabilities_baseline.go`: the only capabilities baseline lets a container add (one version since 1.0). */
export const BASELINE_CAPABILITIES: ReadonlySet<string> = new Set([
  'AUDIT_WRITE',
  'CHOWN',
  'DAC_OVERRIDE',
  'FOWNER',
  'FSETID',
  'KILL',
  'MKNOD',
  'NET_BIND_SERVICE',
  'SETFCAP',
  'SETGID',
  'SETPCAP',
  'SETUID',
  'SYS_CHROOT',
]);

/** `check_sysctls.go`: the safe sysctl set grows with the policy version (sets at 1.0, 1.27, 1.29, 1.32, 1.37). */
const SYSCTL_SETS: readonly (readonly [string, readonly string[]])[] = [
  ['1.0', ['kernel.shm_rmid_forced', 'net.ipv4.ip_local_port_range', 'net.ipv4.tcp_syncookies', 'net.ipv4.ping_group_range', 'net.ipv4.ip_unprivileged_port_start']],
  ['1.27', ['net.ipv4.ip_local_reserved_ports']],
  ['1.29', ['net.ipv4.tcp_keepalive_time', 'net.ipv4.tcp_fin_timeout', 'net.ipv4.tcp_keepalive_intvl', 'net.ipv4.tcp_keepalive_probes']],
  ['1.32', ['net.ipv4.tcp_rmem', 'net.ipv4.tcp_wmem']],
  ['1.37', ['net.ipv4.tcp_slow_start_after_idle', 'net.ipv4.tcp_notsent_lowat']],
];

export function safeSysctls(version: string): Set<string> {
  const safe = new Set<string>();
  for (const [since, names] of SYSCTL_SETS) if (atLeast(version, since)) for (const name of names) safe.add(name);
  return safe;
}

/** `check_seLinuxOptions.go`: the SELinux types baseline allows (`container_engine_t` from 1.31). */
export function allowedSelinuxTypes(version: string): Set<string> {
  const types = new Set(['', 'container_t', 'container_init_t', 'container_kvm_t']);
  if (atLeast(version, '1.31')) types.add('container_engine_t');
  return types;
}

/** `check_restrictedVolumes.go`: the nine volume sources restricted allows (`image` since 1.33, patched into 1.0). */
export const RESTRICTED_VOLUME_SOURCES: ReadonlySet<string> = new Set([
  'configMap',
  'csi',
  'downwardAPI',
  'emptyDir',
  'ephemeral',
  'image',
  'persistentVolumeClaim',
  'projected',
  'secret',
]);

/** Every other volume source of the core API: what `volume-types` reports (hostPath is baseline's). */
export const OTHER_VOLUME_SOURCES: ReadonlySet<string> = new Set([
  'awsElasticBlockStore',
  'azureDisk',
  'azureFile',
  'cephfs',
  'cinder',
  'fc',
  'flexVolume',
  'flocker',
  'gcePersistentDisk',
  'gitRepo',
  'glusterfs',
  'hostPath',
  'iscsi',
  'nfs',
  'photonPersistentDisk',
  'portworxVolume',
  'quobyte',
  'rbd',
  'scaleIO',
  'storageos',
  'vsphereVolume',
]);

export const SECCOMP_ALLOWED: ReadonlySet<string> = new Set(['RuntimeDefault', 'Localhost']);
export const APPARMOR_FIELD_ALLOWED: ReadonlySet<string> = new Set(['RuntimeDefault', 'Localhost']);
export const APPARMOR_ANNOTATION_PREFIX = 'container.apparmor.security.beta.kubernetes.io/';

export function appArmorAnnotationAllowed(value: string): boolean {
  return value === '' || value === 'runtime/default' || value.startsWith('localhost/');
}

// --- Edits ------------------------------------------------------------------------------------------------

/**
 * Adds the entries a map lacks, keeping what it has. A missing, null or empty map is written whole (several
 * insertions into `{}` at one offset would need commas between them).
 */
export function mergeMap(fix: FixBuilder, target: FixTarget, path: Path, current: unknown, entries: Record<string, unknown>): void {
  const missing = Object.entries(entries).filter(([key]) => !isObject(current) || !(key in current));
  if (missing.length === 0) return;
  if (!isObject(current) || Object.keys(current).length === 0) {
    if (current !== undefined && current !== null && !isObject(current)) throw new FixNotPossible(`${path.join('.')} is not a map`);
    fix.replace(target, path, Object.fromEntries(missing));
    return;
  }
  const from = fix.edits.length;
  for (const [key, value] of missing) fix.insert(target, path, key, value);
  joinInsertions(fix, from);
}

/**
 * Several insertions at the end of a file without a final newline each start with a line break of their own
 * (the FixBuilder adds one so that new content starts on a new line); only the first may keep it. Applies to
 * the edits pushed since `from`, and to earlier ones at the same offset.
 */
export function joinInsertions(fix: FixBuilder, from = 0): void {
  const firstAt = new Map<string, (typeof fix.edits)[number]>();
  fix.edits.forEach((edit, index) => {
    if (edit.start !== edit.end) return;
    const key = `${edit.file}\u0000${edit.start}`;
    const first = firstAt.get(key);
    if (!first) {
      firstAt.set(key, edit);
      return;
    }
    if (index >= from && /^\r?\n/.test(first.text)) edit.text = edit.text.replace(/^\r?\n/, '');
  });
}

/** Appends documents after a resource, in order, as one insertion. */
export function appendDocuments(fix: FixBuilder, after: FixTarget, objects: readonly Record<string, unknown>[]): void {
  const from = fix.edits.length;
  for (const object of objects) fix.appendDocument(after, object);
  joinInsertions(fix, from);
}

/**
 * Removes a key or a sequence item, unless a comment sits on the lines it occupies: the removal deletes
 * whole lines, and a comment the user wrote must survive every fix.
 */
export function removeWithoutComments(fix: FixBuilder, resource: Resource, path: Path): void {
  const located = locate(resource.document.yaml, resource.node, path);
  if (!located.found) throw new FixNotPossible(`${path.join('.')} does not exist`);
  const nodes: unknown[] = [located.key, located.node];
  if (located.node && isCollection(located.node)) {
    visit(located.node, (_key, item) => {
      nodes.push(...(isPair(item) ? [item.key, item.value] : [item]));
    });
  }
  const commented = nodes.some((node) => (isScalar(node) || isCollection(node)) && Boolean((node as Node).comment || (node as Node).commentBefore));
  if (commented) throw new FixNotPossible('a comment sits on the lines to remove');
  const last = path[path.length - 1];
  if (typeof last === 'number') fix.removeItem(resource, path.slice(0, -1), last);
  else fix.remove(resource, path);
}

// --- Namespace guardrails (RULES.md SEC7, N2) -------------------------------------------------------------

/** The DNS allowance of RULES.md N2, byte for byte in content: kube-dns in kube-system, UDP and TCP 53. */
export function allowDnsPolicy(namespace: string): Record<string, unknown> {
  return {
    apiVersion: 'networking.k8s.io/v1',
    kind: 'NetworkPolicy',
    metadata: { name: 'allow-dns-access', namespace },
    spec: {
      podSelector: {},
      policyTypes: ['Egress'],
      egress: [
        {
          to: [
            {
              namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'kube-system' } },
              podSelector: { matchLabels: { 'k8s-app': 'kube-dns' } },
            },
          ],
          ports: [
            { protocol: 'UDP', port: 53 },
            { protocol: 'TCP', port: 53 },
          ],
        },
      ],
    },
  };
}

/** A default-deny NetworkPolicy for the given directions: every pod of the namespace, no rule. */
export function defaultDenyPolicy(namespace: string, name: string, types: readonly ('Ingress' | 'Egress')[]): Record<string, unknown> {
  return {
    apiVersion: 'networking.k8s.io/v1',
    kind: 'NetworkPolicy',
    metadata: { name, namespace },
    spec: { podSelector: {}, policyTypes: [...types] },
  };
}
