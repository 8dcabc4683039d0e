/** A container image reference, split the way the kubelet and registries read it. */
export interface ImageRef {
  /** Registry host, or `docker.io` when the reference names none. */
  registry: string;
  /** Whether the reference named its registry explicitly. */
  explicitRegistry: boolean;
  /** Repository path without the registry: `bitnami/kubectl`, `library/nginx` is kept as `nginx`. */
  repository: string;
  tag: string | undefined;
  digest: string | undefined;
}

/**
 * Splits `registry/path:tag@digest`. The first segment is a registry when it has a dot or a port, or is
 * `localhost` (the rule Docker and containerd use).
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
  const explicitRegistry = first !== '' && (first.includes('.') || first.includes(':') || first === 'localhost');
  const registry = explicitRegistry ? first : 'docker.io';
  let repository = explicitRegistry ? rest.slice(firstSlash + 1) : rest;
  if (!explicitRegistry && repository.startsWith('library/')) repository = repository.slice('library/'.length);
  return { registry, explicitRegistry, repository, tag: tag || undefined, digest: digest || undefined };
}

/** Placeholders that a later step substitutes (`${IMAGE}`, `$(TAG)`, `{{ .image }}`): no verdict on those. */
export function isPlaceholderImage(reference: string): boolean {
  return /[${}]/.test(reference) || reference.trim() === '';
}

/** True when the repository path is `entry` or ends with `/entry`, ignoring registry and tag. */
export function repositoryEndsWith(image: ImageRef, entry: string): boolean {
  const wanted = entry.replace(/^\/+|\/+$/g, '');
  return image.repository === wanted || image.repository.endsWith(`/${wanted}`);
}
