import { defineRule } from '../../server/src/engine/rule-api';
import { WORKLOAD_KINDS } from '../../server/src/engine/workload';
import { EKS } from '../lib/docs';
import {
  containerLabel,
  DEFAULT_MUTABLE_TAGS,
  displayImage,
  isLatestTag,
  isPlaceholderImage,
  isUnsetPullPolicy,
  kustomizeRenderings,
  parseImage,
  tagMatches,
  withTag,
} from '../lib/images';

/** What the quick-fix writes in place of the tag; the editor turns it into a snippet placeholder. */
export const VERSION_PLACEHOLDER = '<version>';

export default defineRule({
  meta: {
    id: 'image-tag-mutable',
    category: 'static-stability',
    severity: 'warning',
    strictSeverity: 'error',
    signal: 'strong',
    fixable: 'unsafe',
    kinds: WORKLOAD_KINDS,
    messages: {
      latest:
        '{{Container}} of {{kind}} "{{name}}" runs "{{image}}" with the mutable tag "{{tag}}": nodes that pull at different times run different builds, and a rollback cannot bring the previous build back.',
      untagged:
        '{{Container}} of {{kind}} "{{name}}" runs "{{image}}" without a tag or digest, which means "latest": nodes that pull at different times run different builds, and a rollback cannot bring the previous build back.',
      mutableTag:
        '{{Container}} of {{kind}} "{{name}}" runs "{{image}}" with the tag "{{tag}}", which is usually moved to each new build: nodes that pull at different times can run different builds.',
      placeholderTag:
        '{{Container}} of {{kind}} "{{name}}" still has the placeholder tag {{placeholder}} from the quick-fix, so the kubelet cannot pull "{{image}}" and new pods fail with InvalidImageName until a version replaces it.',
      pin: 'Pin the image of {{container}} to a version tag (replace {{placeholder}})',
    },
    docs: {
      description: 'Images should be pinned to an immutable version tag or a digest, never to latest or a moving tag.',
      source: { title: 'EKS Best Practices: Security › Image security › Use immutable tags with ECR', url: `${EKS}/image-security.html` },
    },
    options: {
      type: 'object',
      properties: {
        mutableTags: {
          type: 'array',
          items: { type: 'string', minLength: 1 },
          default: [...DEFAULT_MUTABLE_TAGS],
          description:
            'Tags that are moved to new builds by convention, reported as info; `*` matches any characters (`nightly-*`). `latest` and untagged images are always reported.',
        },
      },
      additionalProperties: false,
    },
  },
  check({ resource, workload, relations, options, report }) {
    if (!workload) return;
    const mutableTags = Array.isArray(options.mutableTags)
      ? options.mutableTags.filter((tag): tag is string => typeof tag === 'string' && tag !== '')
      : DEFAULT_MUTABLE_TAGS;
    for (const container of workload.containers) {
      const image = container.image;
      if (image === undefined) continue;
      const ref = parseImage(image);
      const imagePath = [...container.path, 'image'];
      const data = {
        Container: containerLabel(container, true),
        container: containerLabel(container),
        kind: workload.kind,
        name: resource.name,
        image: displayImage(image),
        tag: ref.tag ?? '',
        placeholder: VERSION_PLACEHOLDER,
      };
      if (ref.tag === VERSION_PLACEHOLDER && !isPlaceholderImage(withTag(image, 'v'))) {
        // The quick-fix's own placeholder, left in place: no later step will substitute it.
        report({ at: imagePath, on: 'value', messageId: 'placeholderTag', data, severity: 'error' });
        continue;
      }
      if (isPlaceholderImage(image) || ref.digest !== undefined) continue;
      // Kustomize rewrites the tag: the one written here is not what the cluster runs.
      if (kustomizeRenderings(relations, resource.file, image).length > 0) continue;
      const latest = isLatestTag(ref.tag);
      if (!latest && !mutableTags.some((pattern) => tagMatches(ref.tag!, pattern))) continue;

      const policyUnset = isUnsetPullPolicy(container.spec.imagePullPolicy);
      report({
        at: imagePath,
        on: 'value',
        messageId: ref.tag === undefined ? 'untagged' : latest ? 'latest' : 'mutableTag',
        data,
        ...(latest ? {} : { severity: 'info' as const }),
        suggest: [
          {
            messageId: 'pin',
            data,
            apply: (fix) => {
              fix.set(resource, imagePath, withTag(image, VERSION_PLACEHOLDER));
              // The API server stored Always for the old tag and keeps it unless the manifest says otherwise.
              if (policyUnset) fix.set(resource, [...container.path, 'imagePullPolicy'], 'IfNotPresent');
            },
          },
        ],
      });
    }
  },
});
