import type { Kustomization } from '../../server/src/engine/project-index';
import type { Relations } from '../../server/src/engine/relations';
import { trimSlashes } from '../../server/src/engine/text';
import type { ContainerRef } from '../../server/src/engine/workload';

export { trimSlashes };

/** A container image reference, split the way the kubelet and registries read it. */
export interface ImageRef {
  /** Registry host, or `docker.io` when the reference names none (`index.docker.io` is read as `docker.io`). */
  registry: string;
  /** Whether the reference named its registry explicitly. */
  explicitRegistry: boolean;
  /** Repository path without the registry: `bitnami/kubectl`; Docker Hub's `library/nginx` is kept as `nginx`. */
  repository: string;
  tag: string | undefined;
  digest: string | undefined;
}

const DOCKER_HUB = new Set(['docker.io', 'index.docker.io', 'registry-1.docker.io']);

/**
 * Splits `registry/path:tag@digest`. The first segment is a registry when it has a dot or a port, is
 * `localhost`, or has an upper-case letter (the rule Docker and containerd use), so `localhost:5000/app`
 * and `my.registry:5000/team/app:1.2` keep their port in the registry, not in the tag.
 */
export function parseImage(reference: string): ImageRef {
  let rest = reference.trim();
  let digest: string | undefined;
  const at = rest.indexOf('@');
  if (at !== -1) {
    digest = rest.slice(at + 1);
    rest = rest.slice(0, at);
  }
  let tag: string | undefined;
  const lastSlash = rest.lastIndexOf('/');
  const colon = rest.lastIndexOf(':');
  if (colon > lastSlash) {
    tag = rest.slice(colon + 1);
    rest = rest.slice(0, colon);
  }
  const firstSlash = rest.indexOf('/');
  const first = firstSlash === -1 ? '' : rest.slice(0, firstSlash);
  const explicitRegistry =
    first !== '' && (first.includes('.') || first.includes(':') || first === 'localhost' || first !== first.toLowerCase());
  const registry = explicitRegistry ? (DOCKER_HUB.has(first.toLowerCase()) ? 'docker.io' : first) : 'docker.io';
  let repository = explicitRegistry ? rest.slice(firstSlash + 1) : rest;
  if (registry === 'docker.io' && repository.startsWith('library/')) repository = repository.slice('library/'.length);
  return { registry, explicitRegistry, repository, tag: tag || undefined, digest: digest || undefined };
}

/**
 * Placeholders that a later step substitutes (`${IMAGE}`, `$(TAG)`, `{{ .image }}`, `<version>`) and empty
 * images: no verdict on those. None of these characters can appear in a real image reference.
 */
export function isPlaceholderImage(reference: string): boolean {
  return /[${}<>]/.test(reference) || reference.trim() === '';
}

/** True when the repository path is `entry` or ends with `/entry`, ignoring registry and tag. */
export function repositoryEndsWith(image: ImageRef, entry: string): boolean {
  const wanted = trimSlashes(entry, true);
  return image.repository === wanted || image.repository.endsWith(`/${wanted}`);
}

/** Same registry and repository, whatever the spelling (`nginx` is `docker.io/library/nginx`). */
export function sameRepository(a: ImageRef, b: ImageRef): boolean {
  return a.registry === b.registry && a.repository === b.repository;
}

/** Tags that publishers move to each new build, by convention (`image-tag-mutable` reports them as info). */
export const DEFAULT_MUTABLE_TAGS: readonly string[] = ['stable', 'main', 'master', 'dev', 'edge', 'nightly'];

/**
 * The pull policy Kubernetes writes when `imagePullPolicy` is omitted (SetDefaults_Container): `Always`
 * when the tag is `latest`, or when there is neither tag nor digest; `IfNotPresent` otherwise. The tag
 * decides, so `repo:latest@sha256:…` also gets `Always`.
 */
export function defaultPullPolicy(image: ImageRef): 'Always' | 'IfNotPresent' {
  if (image.tag === 'latest') return 'Always';
  return image.tag === undefined && image.digest === undefined ? 'Always' : 'IfNotPresent';
}

/** Whether an omitted `imagePullPolicy` is "omitted" for Kubernetes: absent, null or the empty string. */
export function isUnsetPullPolicy(value: unknown): boolean {
  return value === undefined || value === null || value === '';
}

/** `latest`, the default tag, in any case (`LATEST` is a different tag, but no less mutable). */
export function isLatestTag(tag: string | undefined): boolean {
  return tag === undefined || tag.toLowerCase() === 'latest';
}

/**
 * Case-insensitive glob match where `*` matches any run of characters (`nightly-*`, `*-SNAPSHOT`).
 * Greedy segment search: linear in the text for each segment, with no regular expression.
 */
export function tagMatches(tag: string, pattern: string): boolean {
  const text = tag.toLowerCase();
  const parts = pattern.toLowerCase().split('*');
  if (parts.length === 1) return text === parts[0];
  const head = parts[0]!;
  const tail = parts[parts.length - 1]!;
  if (text.length < head.length + tail.length || !text.startsWith(head) || !text.endsWith(tail)) return false;
  let from = head.length;
  const limit = text.length - tail.length;
  for (const middle of parts.slice(1, -1)) {
    if (middle === '') continue;
    const found = text.indexOf(middle, from);
    if (found === -1 || found + middle.length > limit) return false;
    from = found + middle.length;
  }
  return true;
}

/**
 * Whether the image content is fixed: a digest, or a tag that is neither `latest` nor one of the
 * conventionally moving tags. Only then can `IfNotPresent` not let nodes drift apart.
 */
export function isPinned(image: ImageRef, mutableTags: readonly string[] = DEFAULT_MUTABLE_TAGS): boolean {
  if (image.digest !== undefined) return true;
  if (isLatestTag(image.tag)) return false;
  return !mutableTags.some((pattern) => tagMatches(image.tag!, pattern));
}

/** The reference with its tag replaced (or added), registry, path and digest kept as written. */
export function withTag(reference: string, tag: string): string {
  const trimmed = reference.trim();
  const at = trimmed.indexOf('@');
  const name = at === -1 ? trimmed : trimmed.slice(0, at);
  const digest = at === -1 ? '' : trimmed.slice(at);
  const colon = name.lastIndexOf(':');
  const base = colon > name.lastIndexOf('/') ? name.slice(0, colon) : name;
  return `${base}:${tag}${digest}`;
}

/** The image as messages show it: trimmed, and cut short when absurdly long. */
export function displayImage(reference: string, max = 120): string {
  const trimmed = reference.trim();
  return trimmed.length > max ? `${trimmed.slice(0, max - 1)}…` : trimmed;
}

/** `Container "api"`, `Init container "migrate"`, `Sidecar container "proxy"`, in messages. */
export function containerLabel(container: ContainerRef, capitalized = false): string {
  const kind = container.type === 'app' ? 'container' : container.type === 'init' ? 'init container' : 'sidecar container';
  const name = container.name ? `"${container.name}"` : `#${container.index + 1} (unnamed)`;
  const label = `${kind} ${name}`;
  return capitalized ? label[0]!.toUpperCase() + label.slice(1) : label;
}

// --- Kustomize `images:` overrides --------------------------------------------------------------------

interface KustomizeImage {
  name: ImageRef;
  newTag: string | undefined;
  digest: string | undefined;
}

/** The tag or digest overrides of one kustomization's `images:`, read once per parsed kustomization. */
const overridesCache = new WeakMap<Kustomization, KustomizeImage[]>();

function overridesOf(kustomization: Kustomization): KustomizeImage[] {
  let images = overridesCache.get(kustomization);
  if (!images) {
    images = [];
    for (const entry of kustomization.images) {
      if (typeof entry.name !== 'string' || entry.name === '') continue;
      const newTag = scalarString(entry.newTag);
      const digest = scalarString(entry.digest);
      if (newTag === undefined && digest === undefined) continue;
      images.push({ name: parseImage(entry.name), newTag, digest });
    }
    overridesCache.set(kustomization, images);
  }
  return images;
}

function scalarString(value: unknown): string | undefined {
  if (typeof value === 'number') return String(value);
  return typeof value === 'string' && value.trim() !== '' ? value.trim() : undefined;
}

/**
 * The references that Kustomize renders for `image` in `file`: one per kustomization in the project that
 * lists the file (directly or through a folder, as in `resources: [../../base]`) and whose `images:` entry
 * with the same name sets `newTag` or `digest`. Empty when no kustomization rewrites the tag, so the
 * manifest's own reference is what the cluster runs.
 */
export function kustomizeRenderings(relations: Relations, file: string, image: string): ImageRef[] {
  const kustomizations = relations.kustomizationsCovering(file);
  if (kustomizations.length === 0) return [];
  const ref = parseImage(image);
  const renderings: ImageRef[] = [];
  for (const kustomization of kustomizations) {
    for (const entry of overridesOf(kustomization)) {
      if (!sameRepository(ref, entry.name)) continue;
      renderings.push(
        entry.digest !== undefined ? { ...ref, tag: undefined, digest: entry.digest } : { ...ref, tag: entry.newTag, digest: undefined },
      );
    }
  }
  return renderings;
}
