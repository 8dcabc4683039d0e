import type { Relations } from '../../server/src/engine/relations';
import { defineRule } from '../../server/src/engine/rule-api';
import { WORKLOAD_KINDS } from '../../server/src/engine/workload';
import { EKS } from '../lib/docs';
import { containerLabel, displayImage, isPlaceholderImage, parseImage, sameRepository, tagMatches, trimSlashes, type ImageRef } from '../lib/images';

/**
 * Private ECR registries (`<account>.dkr.ecr.<region>.amazonaws.com`, FIPS, China and dual-stack
 * endpoints): reachable through VPC endpoints, served from the region, with replication and pull-through
 * caches. Linear: no repeated group is followed by another that can match the same text.
 */
const ECR_PRIVATE = /^\d{12}\.dkr[.-]ecr(?:-fips)?\.[a-z0-9-]+\.(?:amazonaws\.com(?:\.cn)?|on\.aws)$/;

export function isPrivateEcr(registry: string): boolean {
  return ECR_PRIVATE.test(registry.toLowerCase());
}

/**
 * Whether a configured entry (`images.registries`) covers the image: a host glob (`registry.corp.example`,
 * `*.corp.example`), or a host and path prefix (`ghcr.io/my-org`, `quay.io/team/*`).
 */
export function registryAllowed(image: ImageRef, entries: readonly string[]): boolean {
  const host = image.registry.toLowerCase();
  const full = `${host}/${image.repository.toLowerCase()}`;
  return entries.some((raw) => {
    const entry = trimSlashes(raw.trim().toLowerCase());
    if (entry === '') return false;
    if (!entry.includes('/')) return tagMatches(host, entry);
    return tagMatches(full, entry) || full.startsWith(`${entry}/`);
  });
}

/**
 * The references Kustomize renders for `image` in `file` when a kustomization's `images:` entry gives it a
 * `newName` (which may move it to another registry); empty when none does.
 */
function kustomizeNewNames(relations: Relations, file: string, image: string): ImageRef[] {
  const ref = parseImage(image);
  const renamed: ImageRef[] = [];
  for (const kustomization of relations.kustomizationsCovering(file)) {
    for (const entry of kustomization.images) {
      if (typeof entry.name !== 'string' || typeof entry.newName !== 'string' || entry.newName.trim() === '') continue;
      if (sameRepository(parseImage(entry.name), ref)) renamed.push(parseImage(entry.newName));
    }
  }
  return renamed;
}

export default defineRule({
  meta: {
    id: 'image-registry-remote',
    category: 'static-stability',
    severity: 'info',
    signal: 'heuristic',
    kinds: WORKLOAD_KINDS,
    messages: {
      remote:
        '{{Container}} of {{kind}} "{{name}}" pulls "{{image}}" from {{registry}}, outside the cluster\'s region: every pull on a new or replaced node needs the internet or a NAT gateway, so pods cannot start or move while that path or the registry is impaired.',
      dockerHub:
        '{{Container}} of {{kind}} "{{name}}" pulls "{{image}}" from Docker Hub{{implicit}}: every pull on a new or replaced node needs the internet and counts against Docker Hub\'s rate limits, so pods cannot start or move while either fails.',
    },
    docs: {
      description:
        'Images pulled from registries outside the cluster\'s region (Docker Hub, quay.io, ghcr.io, registry.k8s.io) tie every pod start on a new node to the internet; serve them from ECR through replication or a pull-through cache.',
      source: {
        title: 'EKS Best Practices: Cost Optimization › Networking › Data Transfer from Container Registry',
        url: `${EKS}/cost-opt-networking.html`,
      },
    },
  },
  check({ resource, workload, relations, settings, report }) {
    if (!workload) return;
    const allowed = settings.images.registries;
    for (const container of workload.containers) {
      const image = container.image;
      if (image === undefined || isPlaceholderImage(image)) continue;
      // Never pulls: the image is preloaded on the node (an AMI or a node bootstrap step).
      if (container.spec.imagePullPolicy === 'Never') continue;
      const renamed = kustomizeNewNames(relations, resource.file, image);
      const rendered = renamed.length > 0 ? renamed : [parseImage(image)];
      const remote = rendered.find((ref) => !isPrivateEcr(ref.registry) && !registryAllowed(ref, allowed));
      if (!remote) continue;
      const implicitHub = remote.registry === 'docker.io';
      report({
        at: [...container.path, 'image'],
        on: 'value',
        messageId: implicitHub ? 'dockerHub' : 'remote',
        data: {
          Container: containerLabel(container, true),
          kind: workload.kind,
          name: resource.name,
          image: displayImage(image),
          registry: remote.registry,
          implicit: remote.explicitRegistry ? '' : ' (an image with no registry host means docker.io)',
        },
      });
    }
  },
});
