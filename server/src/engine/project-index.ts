import { posix } from 'node:path';
import { isObject, type ParsedFile, type Resource } from './parse';
import { trimSlashes } from './text';
import { type Workload, workloadOf } from './workload';

/** The resources of one namespace that cross-resource rules look up. */
export interface NamespaceBucket {
  workloads: Workload[];
  pdbs: Resource[];
  hpas: Resource[];
  scaledObjects: Resource[];
  services: Resource[];
  limitRanges: Resource[];
}

const KUSTOMIZATION_FILE = /(^|\/)(kustomization\.ya?ml|Kustomization)$/;

/** Kinds that live outside namespaces: their namespace is `''`, and lookups of them depend on the cluster scope. */
const CLUSTER_SCOPED = new Set([
  'Namespace', 'Node', 'PersistentVolume', 'StorageClass', 'PriorityClass', 'ClusterRole', 'ClusterRoleBinding',
  'ValidatingWebhookConfiguration', 'MutatingWebhookConfiguration', 'ValidatingAdmissionPolicy',
  'ValidatingAdmissionPolicyBinding', 'CustomResourceDefinition', 'APIService', 'IngressClass', 'CSIDriver',
  'RuntimeClass', 'VolumeAttachment', 'CertificateSigningRequest', 'ClusterIssuer', 'NodePool', 'EC2NodeClass',
  'AdminNetworkPolicy', 'BaselineAdminNetworkPolicy', 'GatewayClass', 'ClusterPolicy', 'CiliumClusterwideNetworkPolicy',
  'GlobalNetworkPolicy', 'GlobalNetworkSet', 'ClusterExternalSecret', 'ClusterSecretStore', 'ClusterNetworkPolicy',
]);

export function isClusterScoped(kind: string): boolean {
  return CLUSTER_SCOPED.has(kind);
}

/** The key of a namespace's objects of one kind; the cluster scope is the namespace `''`. */
function kindKey(namespace: string, group: string, kind: string): string {
  return `${namespace}\u0000${group}\u0000${kind}`;
}

/** What kubeready reads from a kustomization: the namespace and image tags it sets on the files it lists. */
export interface Kustomization {
  file: string;
  namespace: string | undefined;
  /** `resources`, `bases` and `components` entries, joined to the kustomization's folder. */
  covers: string[];
  /** `images:` entries as written (`name`, `newName`, `newTag`, `digest`). */
  images: Record<string, unknown>[];
  /** Names of the ConfigMaps and Secrets its `configMapGenerator` and `secretGenerator` create. */
  generated: { kind: 'ConfigMap' | 'Secret'; name: string; namespace: string | undefined }[];
}

/**
 * Every manifest of the project, not only the files being linted: a PDB in `pdb.yaml` covers the
 * Deployment in `deploy.yaml`. Files are replaced one at a time; the per-namespace buckets are rebuilt
 * lazily, which costs a pass over resources but never a reparse.
 */
export class ProjectIndex {
  private readonly files = new Map<string, ParsedFile>();
  private readonly kustomizations = new Map<string, Kustomization>();
  private readonly workloadCache = new WeakMap<Resource, Workload | null>();
  private buckets: Map<string, NamespaceBucket> | null = null;
  private namespaces: Map<string, Resource> | null = null;
  private byKind: Map<string, Resource[]> | null = null;
  private namespaceCache = new Map<string, string | undefined>();
  private memos = new Map<string, unknown>();
  private readonly versions = new Map<string, number>();
  private counter = 0;
  private epoch = 0;

  constructor(private defaultNamespace = 'default') {}

  setDefaultNamespace(namespace: string): void {
    if (namespace === this.defaultNamespace) return;
    this.defaultNamespace = namespace;
    this.epoch++;
    this.invalidate();
  }

  setFile(parsed: ParsedFile): void {
    const file = parsed.source.file;
    const previous = this.files.get(file);
    const kept = new Set(parsed.documents);
    const reused = new Set(previous?.documents ?? []);
    // Only documents that changed change what other documents see: their namespaces move on.
    for (const document of previous?.documents ?? []) if (!kept.has(document)) this.touch(document.resources);
    for (const document of parsed.documents) if (!reused.has(document)) this.touch(document.resources);
    this.files.set(file, parsed);
    if (KUSTOMIZATION_FILE.test(file)) {
      this.readKustomization(parsed);
      this.epoch++;
    }
    this.invalidate();
  }

  removeFile(file: string): void {
    const previous = this.files.get(file);
    if (!previous) return;
    for (const document of previous.documents) this.touch(document.resources);
    this.files.delete(file);
    if (this.kustomizations.delete(file)) this.epoch++;
    this.invalidate();
  }

  /**
   * A number that changes whenever an object in the namespace changes (or a kustomization anywhere, which
   * can move objects between namespaces): what a document's cached findings are checked against.
   */
  versionOf(namespace: string): string {
    return `${this.epoch}.${this.versions.get(namespace) ?? 0}`;
  }

  private touch(resources: readonly Resource[]): void {
    for (const resource of resources) {
      for (const namespace of [this.namespaceOf(resource), ...(resource.kind === 'Namespace' ? [resource.name] : [])]) {
        this.versions.set(namespace, ++this.counter);
      }
    }
  }

  getFile(file: string): ParsedFile | undefined {
    return this.files.get(file);
  }

  fileNames(): IterableIterator<string> {
    return this.files.keys();
  }

  *resources(): Iterable<Resource> {
    for (const parsed of this.files.values()) {
      for (const document of parsed.documents) yield* document.resources;
    }
  }

  workload(resource: Resource): Workload | null {
    let workload = this.workloadCache.get(resource);
    if (workload === undefined) {
      workload = workloadOf(resource);
      this.workloadCache.set(resource, workload);
    }
    return workload;
  }

  /** `metadata.namespace`, else the kustomization's `namespace:`, else the configured default; `''` for cluster-scoped kinds. */
  namespaceOf(resource: Resource): string {
    if (CLUSTER_SCOPED.has(resource.kind)) return '';
    return resource.declaredNamespace ?? this.kustomizeNamespace(resource.file) ?? this.defaultNamespace;
  }

  /** A namespace's objects of one kind (`namespace` `''` for cluster-scoped kinds such as StorageClass). */
  ofKind(namespace: string, group: string, kind: string): Resource[] {
    this.allBuckets();
    return this.byKind!.get(kindKey(namespace, group, kind)) ?? [];
  }

  bucket(namespace: string): NamespaceBucket {
    return this.allBuckets().get(namespace) ?? EMPTY_BUCKET;
  }

  /**
   * The namespaces a file's objects live in, plus the names of the Namespace objects it defines: the
   * namespaces whose dependents a change to the file can affect.
   */
  namespacesOf(file: string): Set<string> {
    const namespaces = new Set<string>();
    for (const document of this.files.get(file)?.documents ?? []) {
      for (const resource of document.resources) {
        namespaces.add(this.namespaceOf(resource));
        if (resource.kind === 'Namespace' && resource.group === '') namespaces.add(resource.name);
        // A Namespace's labels are also the cluster scope's business (webhook namespaceSelectors).
      }
    }
    return namespaces;
  }

  /** The `kind: Namespace` object of that name, when the project has one. */
  namespaceObject(name: string): Resource | undefined {
    this.allBuckets();
    return this.namespaces!.get(name);
  }

  /** Kustomizations whose `resources` (or `bases`, `components`) list the file, directly or through a folder. */
  kustomizationsCovering(file: string): Kustomization[] {
    return [...this.kustomizations.values()].filter((k) => k.covers.some((entry) => covers(entry, file)));
  }

  /** Every kustomization of the project. */
  allKustomizations(): Kustomization[] {
    return [...this.kustomizations.values()];
  }

  /** Whether the file is a kustomization: a change to it can change how any other file reads. */
  isKustomization(file: string): boolean {
    return KUSTOMIZATION_FILE.test(file);
  }

  private allBuckets(): Map<string, NamespaceBucket> {
    if (this.buckets) return this.buckets;
    const buckets = new Map<string, NamespaceBucket>();
    const namespaces = new Map<string, Resource>();
    const byKind = new Map<string, Resource[]>();
    const bucketFor = (namespace: string) => {
      let bucket = buckets.get(namespace);
      if (!bucket) {
        bucket = { workloads: [], pdbs: [], hpas: [], scaledObjects: [], services: [], limitRanges: [] };
        buckets.set(namespace, bucket);
      }
      return bucket;
    };
    for (const resource of this.resources()) {
      const key = kindKey(this.namespaceOf(resource), resource.group, resource.kind);
      const sameKind = byKind.get(key);
      if (sameKind) sameKind.push(resource);
      else byKind.set(key, [resource]);
      const workload = this.workload(resource);
      if (workload) {
        bucketFor(this.namespaceOf(resource)).workloads.push(workload);
        continue;
      }
      if (resource.kind === 'Namespace' && resource.group === '') namespaces.set(resource.name, resource);
      const list = listFor(resource);
      if (list) bucketFor(this.namespaceOf(resource))[list].push(resource);
    }
    this.namespaces = namespaces;
    this.byKind = byKind;
    this.buckets = buckets;
    return buckets;
  }

  private invalidate(): void {
    this.buckets = null;
    this.namespaces = null;
    this.byKind = null;
    this.namespaceCache = new Map();
    this.memos = new Map();
  }

  /**
   * A value derived from the index (a lookup table rules share), computed once until any file changes.
   * The key must name everything the value depends on, the namespace included.
   */
  memo<T>(key: string, compute: () => T): T {
    if (this.memos.has(key)) return this.memos.get(key) as T;
    const value = compute();
    this.memos.set(key, value);
    return value;
  }

  private readKustomization(parsed: ParsedFile): void {
    const file = parsed.source.file;
    this.kustomizations.delete(file);
    const document = parsed.documents[0];
    if (!document?.valid) return;
    let data: unknown;
    try {
      data = document.yaml.toJS({ maxAliasCount: 100 });
    } catch {
      return;
    }
    if (!isObject(data)) return;
    const dir = posix.dirname(file);
    const entries = ['resources', 'bases', 'components'].flatMap((key) => {
      const list = data[key];
      return Array.isArray(list) ? list.filter((item): item is string => typeof item === 'string' && !item.includes('://')) : [];
    });
    this.kustomizations.set(file, {
      file,
      namespace: typeof data.namespace === 'string' && data.namespace ? data.namespace : undefined,
      covers: entries.map((entry) => posix.join(dir, entry)),
      images: Array.isArray(data.images) ? data.images.filter(isObject) : [],
      generated: [
        ...generators(data.configMapGenerator, 'ConfigMap', data.namespace),
        ...generators(data.secretGenerator, 'Secret', data.namespace),
      ],
    });
  }

  private kustomizeNamespace(file: string): string | undefined {
    if (this.kustomizations.size === 0) return undefined;
    if (this.namespaceCache.has(file)) return this.namespaceCache.get(file);
    const namespace = this.kustomizationsCovering(file).find((k) => k.namespace)?.namespace;
    this.namespaceCache.set(file, namespace);
    return namespace;
  }
}

const EMPTY_BUCKET: NamespaceBucket = Object.freeze({
  workloads: [],
  pdbs: [],
  hpas: [],
  scaledObjects: [],
  services: [],
  limitRanges: [],
}) as NamespaceBucket;

function generators(value: unknown, kind: 'ConfigMap' | 'Secret', namespace: unknown): Kustomization['generated'] {
  if (!Array.isArray(value)) return [];
  return value.filter(isObject).flatMap((entry) =>
    typeof entry.name === 'string' && entry.name
      ? [{ kind, name: entry.name, namespace: typeof entry.namespace === 'string' ? entry.namespace : typeof namespace === 'string' ? namespace : undefined }]
      : [],
  );
}

/** Whether a `resources` entry (a file or a folder, joined to the kustomization's folder) holds `file`. */
function covers(entry: string, file: string): boolean {
  const path = trimSlashes(entry);
  if (path === '' || path === '.') return !file.startsWith('../') && !file.startsWith('/');
  return file === path || file.startsWith(`${path}/`);
}

function listFor(resource: Resource): Exclude<keyof NamespaceBucket, 'workloads'> | null {
  switch (resource.kind) {
    case 'PodDisruptionBudget':
      return resource.group === 'policy' ? 'pdbs' : null;
    case 'HorizontalPodAutoscaler':
      return resource.group === 'autoscaling' ? 'hpas' : null;
    case 'ScaledObject':
      return resource.group === 'keda.sh' ? 'scaledObjects' : null;
    case 'Service':
      return resource.group === '' ? 'services' : null;
    case 'LimitRange':
      return resource.group === '' ? 'limitRanges' : null;
    default:
      return null;
  }
}
