import { Document, isSeq, type YAMLMap } from 'yaml';
import type { FixBuilder } from '../../server/src/engine/fix-builder';
import { isObject, type Resource } from '../../server/src/engine/parse';
import type { Relations } from '../../server/src/engine/relations';
import { get, type ContainerRef, type Workload } from '../../server/src/engine/workload';
import { locate, type Path } from '../../server/src/engine/yaml-path';

/**
 * References from a pod template to ConfigMaps and Secrets (RULES.md S15): environment variables
 * (`env[].valueFrom.*KeyRef`, `envFrom[]`), volumes (`configMap`, `secret`) and projected volume sources.
 */

export type ConfigKind = 'ConfigMap' | 'Secret';

export type RefSource = 'env' | 'envFrom' | 'volume' | 'projected';

export interface KeyUse {
  key: string;
  /** Where the key is written. */
  path: Path;
}

export interface ConfigRef {
  kind: ConfigKind;
  name: string;
  /** `optional: true`: the pod starts without the object (or the key). */
  optional: boolean;
  source: RefSource;
  /** The container whose environment reads the object; undefined for volumes. */
  container: ContainerRef | undefined;
  /** The reference object: `configMapKeyRef`, `secretRef`, `configMap`, `secret`, a projected source's `configMap`. */
  path: Path;
  /** Where the name is written: `name`, or `secretName` in a secret volume. */
  namePath: Path;
  /** Keys the reference needs: the `key` of a `*KeyRef`, the `items[].key` of a volume. */
  keys: KeyUse[];
  /** The env variable a `*KeyRef` sets. */
  variable: string | undefined;
  /** The volume a volume reference defines. */
  volume: string | undefined;
}

function nameOf(value: unknown): string | undefined {
  return typeof value === 'string' && value.trim() !== '' ? value : undefined;
}

/** A value a later step substitutes (`${NAME}`, `$(NAME)`, `{{ .name }}`, `<name>`): no object name contains these. */
export function isPlaceholder(value: string): boolean {
  return /[${}<>]/.test(value);
}

function itemKeys(ref: Record<string, unknown>, path: Path): KeyUse[] {
  if (!Array.isArray(ref.items)) return [];
  const keys: KeyUse[] = [];
  ref.items.forEach((item, index) => {
    if (isObject(item) && typeof item.key === 'string' && item.key !== '') keys.push({ key: item.key, path: [...path, 'items', index, 'key'] });
  });
  return keys;
}

/** The env and envFrom references of one container, in the order they are written. */
export function envRefs(container: ContainerRef): ConfigRef[] {
  const refs: ConfigRef[] = [];
  const { spec } = container;
  const collectEnv = () => {
    if (!Array.isArray(spec.env)) return;
    spec.env.forEach((entry, index) => {
      if (!isObject(entry) || !isObject(entry.valueFrom)) return;
      for (const [field, kind] of [
        ['configMapKeyRef', 'ConfigMap'],
        ['secretKeyRef', 'Secret'],
      ] as const) {
        const ref = entry.valueFrom[field];
        if (!isObject(ref)) continue;
        const name = nameOf(ref.name);
        if (!name) continue;
        const path: Path = [...container.path, 'env', index, 'valueFrom', field];
        refs.push({
          kind,
          name,
          optional: ref.optional === true,
          source: 'env',
          container,
          path,
          namePath: [...path, 'name'],
          keys: typeof ref.key === 'string' && ref.key !== '' ? [{ key: ref.key, path: [...path, 'key'] }] : [],
          variable: typeof entry.name === 'string' ? entry.name : undefined,
          volume: undefined,
        });
      }
    });
  };
  const collectEnvFrom = () => {
    if (!Array.isArray(spec.envFrom)) return;
    spec.envFrom.forEach((entry, index) => {
      if (!isObject(entry)) return;
      for (const [field, kind] of [
        ['configMapRef', 'ConfigMap'],
        ['secretRef', 'Secret'],
      ] as const) {
        const ref = entry[field];
        if (!isObject(ref)) continue;
        const name = nameOf(ref.name);
        if (!name) continue;
        const path: Path = [...container.path, 'envFrom', index, field];
        refs.push({
          kind,
          name,
          optional: ref.optional === true,
          source: 'envFrom',
          container,
          path,
          namePath: [...path, 'name'],
          keys: [],
          variable: undefined,
          volume: undefined,
        });
      }
    });
  };
  // Document order of the two keys, so that a finding points at the first reference in the text.
  const keys = Object.keys(spec);
  if (keys.indexOf('envFrom') !== -1 && keys.indexOf('envFrom') < keys.indexOf('env')) {
    collectEnvFrom();
    collectEnv();
  } else {
    collectEnv();
    collectEnvFrom();
  }
  return refs;
}

/** Every volume and projected-volume reference of the pod template. */
export function volumeRefs(workload: Workload): ConfigRef[] {
  const refs: ConfigRef[] = [];
  const volumes = workload.podSpec.volumes;
  if (!Array.isArray(volumes)) return refs;
  volumes.forEach((volume, index) => {
    if (!isObject(volume)) return;
    const base: Path = [...workload.podSpecPath, 'volumes', index];
    const volumeName = typeof volume.name === 'string' ? volume.name : undefined;
    if (isObject(volume.configMap)) {
      const name = nameOf(volume.configMap.name);
      const path: Path = [...base, 'configMap'];
      if (name) {
        refs.push(volumeRef('ConfigMap', name, volume.configMap, path, [...path, 'name'], 'volume', volumeName));
      }
    }
    if (isObject(volume.secret)) {
      const name = nameOf(volume.secret.secretName);
      const path: Path = [...base, 'secret'];
      if (name) {
        refs.push(volumeRef('Secret', name, volume.secret, path, [...path, 'secretName'], 'volume', volumeName));
      }
    }
    const sources = isObject(volume.projected) ? volume.projected.sources : undefined;
    if (Array.isArray(sources)) {
      sources.forEach((source, sourceIndex) => {
        if (!isObject(source)) return;
        for (const [field, kind] of [
          ['configMap', 'ConfigMap'],
          ['secret', 'Secret'],
        ] as const) {
          const ref = source[field];
          if (!isObject(ref)) continue;
          const name = nameOf(ref.name);
          if (!name) continue;
          const path: Path = [...base, 'projected', 'sources', sourceIndex, field];
          refs.push(volumeRef(kind, name, ref, path, [...path, 'name'], 'projected', volumeName));
        }
      });
    }
  });
  return refs;
}

function volumeRef(
  kind: ConfigKind,
  name: string,
  ref: Record<string, unknown>,
  path: Path,
  namePath: Path,
  source: RefSource,
  volume: string | undefined,
): ConfigRef {
  return { kind, name, optional: ref.optional === true, source, container: undefined, path, namePath, keys: itemKeys(ref, path), variable: undefined, volume };
}

/** Every reference of the pod template: the containers' environment (init, sidecar, app), then volumes. */
export function configRefs(workload: Workload): ConfigRef[] {
  let refs = refsOf.get(workload);
  if (!refs) {
    refs = [...workload.containers.flatMap(envRefs), ...volumeRefs(workload)];
    refsOf.set(workload, refs);
  }
  return refs;
}
/** Workloads never change (an edit builds new ones), and several rules read each one's references. */
const refsOf = new WeakMap<Workload, ConfigRef[]>();

/** The workloads of a namespace that reference the object, in the namespace's order. */
export function workloadsUsing(relations: Relations, namespace: string, kind: ConfigKind, name: string): Workload[] {
  const users = relations.memo('config objects: users', [namespace], () => {
    const byObject = new Map<string, Workload[]>();
    for (const workload of relations.bucket(namespace).workloads) {
      for (const key of new Set(configRefs(workload).map((ref) => `${ref.kind}/${ref.name}`))) {
        const list = byObject.get(key);
        if (list) list.push(workload);
        else byObject.set(key, [workload]);
      }
    }
    return byObject;
  });
  return users.get(`${kind}/${name}`) ?? [];
}

/** References grouped by object, in the order of their first appearance. */
export function groupByObject(refs: readonly ConfigRef[]): ConfigRef[][] {
  const groups = new Map<string, ConfigRef[]>();
  for (const ref of refs) {
    const key = `${ref.kind}/${ref.name}`;
    const group = groups.get(key);
    if (group) group.push(ref);
    else groups.set(key, [ref]);
  }
  return [...groups.values()];
}

// ---------------------------------------------------------------------------------------------------------
// Mounting an object as a volume (the S15 refactor)

/** The volume of the pod that holds the whole object (no `items`), when there is one. */
function volumeOf(workload: Workload, kind: ConfigKind, name: string): string | undefined {
  const volumes = workload.podSpec.volumes;
  if (!Array.isArray(volumes)) return undefined;
  for (const volume of volumes) {
    if (!isObject(volume) || typeof volume.name !== 'string') continue;
    const source = kind === 'ConfigMap' ? volume.configMap : volume.secret;
    if (!isObject(source) || Array.isArray(source.items)) continue;
    if ((kind === 'ConfigMap' ? source.name : source.secretName) === name) return volume.name;
  }
  return undefined;
}

function mountsOf(container: ContainerRef): Record<string, unknown>[] {
  return Array.isArray(container.spec.volumeMounts) ? container.spec.volumeMounts.filter(isObject) : [];
}

/** Where the container already mounts the object, when it does (a volume of the object, without `subPath`). */
export function mountedAt(workload: Workload, container: ContainerRef, kind: ConfigKind, name: string): string | undefined {
  const volume = volumeOf(workload, kind, name);
  if (!volume) return undefined;
  const mount = mountsOf(container).find((m) => m.name === volume && m.subPath === undefined && typeof m.mountPath === 'string');
  return mount ? (mount.mountPath as string) : undefined;
}

/** A DNS label from an object name: lower case, `[a-z0-9-]`, at most 63 characters. */
function dnsLabel(name: string): string {
  const lowered = name.toLowerCase().replace(/[^a-z0-9-]+/g, '-');
  let start = 0;
  let end = Math.min(lowered.length, 63);
  while (start < end && lowered[start] === '-') start++;
  while (end > start && lowered[end - 1] === '-') end--;
  return lowered.slice(start, end) || 'config';
}

function unique(base: string, taken: Set<string>, max = 63): string {
  if (!taken.has(base)) return base;
  for (let n = 2; ; n++) {
    const suffix = `-${n}`;
    const candidate = `${base.slice(0, max - suffix.length)}${suffix}`;
    if (!taken.has(candidate)) return candidate;
  }
}

export interface MountPlan {
  /** The volume to add; undefined when the pod already has a volume of the whole object. */
  volume: Record<string, unknown> | undefined;
  volumeName: string;
  mountPath: string;
}

/** The volume and mount that give the container the object as files. */
export function planMount(workload: Workload, container: ContainerRef, kind: ConfigKind, name: string, optional: boolean): MountPlan {
  const existing = volumeOf(workload, kind, name);
  const volumes = Array.isArray(workload.podSpec.volumes) ? workload.podSpec.volumes : [];
  const takenVolumes = new Set(volumes.flatMap((v) => (isObject(v) && typeof v.name === 'string' ? [v.name] : [])));
  const takenPaths = new Set(mountsOf(container).flatMap((m) => (typeof m.mountPath === 'string' ? [m.mountPath] : [])));
  const label = dnsLabel(name);
  const volumeName = existing ?? unique(kind === 'ConfigMap' ? label : takenVolumes.has(label) ? `${label.slice(0, 56)}-secret` : label, takenVolumes);
  const root = kind === 'ConfigMap' ? '/etc/config' : '/etc/secrets';
  const mountPath = unique(`${root}/${label}`, takenPaths, 1000);
  const source: Record<string, unknown> = kind === 'ConfigMap' ? { name } : { secretName: name };
  if (optional) source.optional = true;
  const volume = existing ? undefined : { name: volumeName, [kind === 'ConfigMap' ? 'configMap' : 'secret']: source };
  return { volume, volumeName, mountPath };
}

/**
 * Adds the volume (when the pod has none for the object) and a read-only mount to the container, with a
 * TODO comment: the environment stays as it is until the application reads the files.
 */
export function applyMount(fix: FixBuilder, workload: Workload, container: ContainerRef, kind: ConfigKind, name: string, plan: MountPlan): void {
  const mountsPath: Path = [...container.path, 'volumeMounts'];
  const plain = { name: plan.volumeName, mountPath: plan.mountPath, readOnly: true };
  const existing = locate(workload.resource.document.yaml, workload.resource.node, mountsPath).node;
  // A flow sequence (`volumeMounts: []`) cannot hold a comment line; block content carries the TODO.
  let mount: unknown = plain;
  if (!(isSeq(existing) && existing.flow)) {
    const node = new Document().createNode(plain) as YAMLMap;
    node.commentBefore = ` TODO: read ${kind} "${name}" from ${plan.mountPath}, then remove its env references`;
    mount = node;
  }
  // The container's mount goes first: when both edits land at one offset, the deeper one must come first.
  fix.appendItem(workload.resource, mountsPath, mount);
  if (plan.volume) fix.appendItem(workload.resource, [...workload.podSpecPath, 'volumes'], plan.volume);
  singleEofNewline(fix);
}

/**
 * At the end of a file without a final newline, each insertion starts with a line break of its own; two
 * insertions there would leave an empty line between them. Only the first keeps it.
 */
export function singleEofNewline(fix: FixBuilder): void {
  const edits = fix.edits;
  for (let i = 1; i < edits.length; i++) {
    const edit = edits[i]!;
    const previous = edits.slice(0, i).find((e) => e.file === edit.file && e.start === edit.start && e.end === e.start);
    if (!previous || edit.end !== edit.start) continue;
    const eol = /^\r?\n/.exec(edit.text)?.[0];
    if (eol && /^\r?\n/.test(previous.text)) edit.text = edit.text.slice(eol.length);
  }
}

/** ` (A, B, +2 more)` or ` (envFrom: every key)`: which variables a group of environment references sets, for messages. */
export function describeVariables(group: readonly ConfigRef[]): string {
  if (group.some((ref) => ref.source === 'envFrom')) return ' (envFrom: every key)';
  const names = group.flatMap((ref) => (ref.variable ? [ref.variable] : []));
  if (names.length === 0) return '';
  return ` (${names.slice(0, 3).join(', ')}${names.length > 3 ? `, +${names.length - 3} more` : ''})`;
}

// ---------------------------------------------------------------------------------------------------------
// Where a referenced object comes from (RULES.md S15 (c))

/** ConfigMaps that Kubernetes (and istiod, where installed) publishes into every namespace. */
const EVERY_NAMESPACE_CONFIGMAPS = new Set(['kube-root-ca.crt', 'istio-ca-root-cert']);

/** Objects that EKS and kubeadm-style control planes create in kube-system and kube-public. */
const SYSTEM_OBJECTS: Record<string, Record<ConfigKind, ReadonlySet<string>>> = {
  'kube-system': {
    ConfigMap: new Set([
      'extension-apiserver-authentication',
      'aws-auth',
      'kube-proxy',
      'kube-proxy-config',
      'coredns',
      'amazon-vpc-cni',
      'kubeadm-config',
      'kubelet-config',
    ]),
    Secret: new Set(),
  },
  'kube-public': { ConfigMap: new Set(['cluster-info']), Secret: new Set() },
};

/** What defines a referenced object: the object itself, or the resource (controller input, generator) that produces it. */
export interface Definition {
  /** `defined`: the object is in the project; `produced`: a controller or generator creates it; `builtin`: the cluster has it. */
  how: 'defined' | 'produced' | 'builtin';
  /** The object or its producer, when it is a resource of the project. */
  resource: Resource | undefined;
  /** Keys known to be in the object: undefined when unknown (produced objects, or objects without data). */
  keys: Set<string> | undefined;
  /** For messages: `ExternalSecret "db"`, `kustomize secretGenerator in overlays/prod/kustomization.yaml`. */
  producer: string | undefined;
}

const GROUP_CORE = '';

function str(value: unknown): string | undefined {
  return typeof value === 'string' && value !== '' ? value : undefined;
}

/** The keys of a ConfigMap or Secret as written; undefined when it carries no data at all (filled in later). */
function keysOf(resource: Resource): Set<string> | undefined {
  const fields = resource.kind === 'Secret' ? ['data', 'stringData'] : ['data', 'binaryData'];
  let any = false;
  const keys = new Set<string>();
  for (const field of fields) {
    const value = resource.object[field];
    if (value === undefined || value === null) continue;
    if (!isObject(value)) return undefined;
    any = true;
    for (const key of Object.keys(value)) keys.add(key);
  }
  return any && keys.size > 0 ? keys : undefined;
}

/** Secrets that controllers create from resources of the project, by namespace. */
function secretProducers(relations: Relations, namespace: string): { name: string; resource: Resource; producer: string }[] {
  const produced: { name: string; resource: Resource; producer: string }[] = [];
  const add = (name: string | undefined, resource: Resource) => {
    if (name) produced.push({ name, resource, producer: `${resource.kind} "${resource.name}"` });
  };
  for (const group of ['external-secrets.io', 'kubernetes-client.io']) {
    for (const es of relations.ofKind(namespace, group, 'ExternalSecret')) {
      // external-secrets.io: `spec.target.name` defaults to the ExternalSecret's name (as did kubernetes-client.io's).
      add(str(get(es.object, ['spec', 'target', 'name'])) ?? es.name, es);
    }
  }
  // ClusterExternalSecret is cluster-scoped: it creates its ExternalSecret in every namespace it selects.
  for (const namespaceOfCes of new Set(['', namespace, 'default'])) {
    for (const ces of relations.ofKind(namespaceOfCes, 'external-secrets.io', 'ClusterExternalSecret')) {
      const esName = str(get(ces.object, ['spec', 'externalSecretName'])) ?? ces.name;
      add(str(get(ces.object, ['spec', 'externalSecretSpec', 'target', 'name'])) ?? esName, ces);
    }
  }
  for (const certificate of relations.ofKind(namespace, 'cert-manager.io', 'Certificate')) {
    add(str(get(certificate.object, ['spec', 'secretName'])), certificate);
  }
  for (const sealed of relations.ofKind(namespace, 'bitnami.com', 'SealedSecret')) {
    add(str(get(sealed.object, ['spec', 'template', 'metadata', 'name'])) ?? sealed.name, sealed);
  }
  for (const spc of relations.ofKind(namespace, 'secrets-store.csi.x-k8s.io', 'SecretProviderClass')) {
    const objects = get(spc.object, ['spec', 'secretObjects']);
    if (Array.isArray(objects)) for (const object of objects) add(str(get(object, ['secretName'])), spc);
  }
  for (const kind of ['VaultStaticSecret', 'VaultDynamicSecret', 'VaultPKISecret', 'HCPVaultSecretsApp']) {
    for (const vault of relations.ofKind(namespace, 'secrets.hashicorp.com', kind)) add(str(get(vault.object, ['spec', 'destination', 'name'])), vault);
  }
  return produced;
}

/**
 * Operators that create Secrets named after their resources: CloudNativePG (`<cluster>-app`, `-superuser`, `-ca`),
 * the Zalando Postgres operator (`<user>.<cluster>.credentials.postgresql.acid.zalan.do`), ECK
 * (`<name>-es-elastic-user`), Strimzi (`<cluster>-cluster-ca-cert`, a KafkaUser's own name), the RabbitMQ operator
 * (`<name>-default-user`), MongoDB Community (`<name>-<db>-<user>`), Redis Enterprise (`redb-<database>`).
 */
const SECRET_OPERATORS: readonly { group: string; kind: string; produces: (owner: string, secret: string) => boolean }[] = [
  { group: 'postgresql.cnpg.io', kind: 'Cluster', produces: (o, s) => s.startsWith(`${o}-`) },
  { group: 'acid.zalan.do', kind: 'postgresql', produces: (o, s) => s.endsWith(`.${o}.credentials.postgresql.acid.zalan.do`) },
  { group: 'elasticsearch.k8s.elastic.co', kind: 'Elasticsearch', produces: (o, s) => s.startsWith(`${o}-es-`) },
  { group: 'kibana.k8s.elastic.co', kind: 'Kibana', produces: (o, s) => s.startsWith(`${o}-kb-`) },
  { group: 'kafka.strimzi.io', kind: 'Kafka', produces: (o, s) => s.startsWith(`${o}-`) },
  { group: 'kafka.strimzi.io', kind: 'KafkaUser', produces: (o, s) => s === o },
  { group: 'rabbitmq.com', kind: 'RabbitmqCluster', produces: (o, s) => s.startsWith(`${o}-`) },
  { group: 'mongodbcommunity.mongodb.com', kind: 'MongoDBCommunity', produces: (o, s) => s.startsWith(`${o}-`) },
  { group: 'app.redislabs.com', kind: 'RedisEnterpriseDatabase', produces: (o, s) => s === `redb-${o}` },
  { group: 'app.redislabs.com', kind: 'RedisEnterpriseCluster', produces: (o, s) => s === o || s.startsWith(`${o}-`) },
];

function operatorSecretOwner(relations: Relations, namespace: string, secret: string): Resource | undefined {
  for (const { group, kind, produces } of SECRET_OPERATORS) {
    const owner = relations.ofKind(namespace, group, kind).find((resource) => resource.name !== '' && produces(resource.name, secret));
    if (owner) return owner;
  }
  return undefined;
}

interface Generated {
  configMaps: Set<string>;
  secrets: Set<string>;
}

const generatedCache = new WeakMap<object, Generated>();

/** `configMapGenerator` and `secretGenerator` names of one kustomization file. */
function generatedBy(relations: Relations, file: string): Generated {
  const parsed = relations.index.getFile(file);
  const document = parsed?.documents[0];
  const empty: Generated = { configMaps: new Set(), secrets: new Set() };
  if (!document?.valid) return empty;
  const cached = generatedCache.get(document);
  if (cached) return cached;
  let data: unknown;
  try {
    data = document.yaml.toJS({ maxAliasCount: 100 });
  } catch {
    data = undefined;
  }
  const names = (field: string) =>
    new Set(
      (isObject(data) && Array.isArray(data[field]) ? data[field] : []).flatMap((entry: unknown) =>
        isObject(entry) && typeof entry.name === 'string' && entry.name !== '' ? [entry.name] : [],
      ),
    );
  const generated = { configMaps: names('configMapGenerator'), secrets: names('secretGenerator') };
  generatedCache.set(document, generated);
  return generated;
}

/**
 * Where the referenced object comes from, or undefined when nothing in the project defines or produces it:
 * the object itself (same namespace), a controller input (ExternalSecret, Certificate, SealedSecret,
 * SecretProviderClass, Vault secrets), a kustomize generator of a kustomization that lists the file, or an
 * object the cluster creates itself.
 */
export function definitionOf(
  relations: Relations,
  namespace: string,
  file: string,
  kind: ConfigKind,
  name: string,
  serviceAccount = 'default',
): Definition | undefined {
  const objects = relations.ofKind(namespace, GROUP_CORE, kind).filter((resource) => resource.name === name);
  if (objects.length) {
    // The same object in several files (variants of one manifest): a key any of them has may be what is deployed.
    const keySets = objects.map(keysOf);
    const keys = keySets.some((set) => set === undefined) ? undefined : new Set(keySets.flatMap((set) => [...set!]));
    const own = objects.find((resource) => resource.file === file) ?? objects[0]!;
    return { how: 'defined', resource: own, keys, producer: undefined };
  }
  for (const kustomization of relations.kustomizationsCovering(file)) {
    const generated = generatedBy(relations, kustomization.file);
    if ((kind === 'ConfigMap' ? generated.configMaps : generated.secrets).has(name)) {
      const generator = kind === 'ConfigMap' ? 'configMapGenerator' : 'secretGenerator';
      return { how: 'produced', resource: undefined, keys: undefined, producer: `kustomize ${generator} in ${kustomization.file}` };
    }
  }
  if (kind === 'Secret') {
    const produced = secretProducers(relations, namespace).find((entry) => entry.name === name);
    if (produced) return { how: 'produced', resource: produced.resource, keys: undefined, producer: produced.producer };
  }
  if (kind === 'Secret') {
    const owner = operatorSecretOwner(relations, namespace, name);
    if (owner) return { how: 'produced', resource: owner, keys: undefined, producer: `${owner.kind} "${owner.name}"` };
    // Before 1.24 the token controller created `<service account>-token-<5 characters>` for every service account.
    if (name.startsWith(`${serviceAccount}-token-`) && /^[a-z0-9]{5}$/.test(name.slice(serviceAccount.length + 7))) {
      return { how: 'builtin', resource: undefined, keys: undefined, producer: undefined };
    }
  }
  if (kind === 'ConfigMap' && EVERY_NAMESPACE_CONFIGMAPS.has(name)) return { how: 'builtin', resource: undefined, keys: undefined, producer: undefined };
  if (SYSTEM_OBJECTS[namespace]?.[kind].has(name)) return { how: 'builtin', resource: undefined, keys: undefined, producer: undefined };
  return undefined;
}

/** The names of the objects of a kind in the namespace: candidates for a misspelt reference. */
export function namesOfKind(relations: Relations, namespace: string, kind: ConfigKind): string[] {
  const names = new Set(relations.ofKind(namespace, GROUP_CORE, kind).map((resource) => resource.name));
  if (kind === 'Secret') for (const entry of secretProducers(relations, namespace)) names.add(entry.name);
  return [...names].filter((name) => name !== '');
}
