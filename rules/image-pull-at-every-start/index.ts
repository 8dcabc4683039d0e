import { defineRule, type FixSpec } from '../../server/src/engine/rule-api';
import { WORKLOAD_KINDS } from '../../server/src/engine/workload';
import { EKS } from '../lib/docs';
import {
  containerLabel,
  defaultPullPolicy,
  displayImage,
  isPinned,
  isPlaceholderImage,
  isUnsetPullPolicy,
  kustomizeRenderings,
  parseImage,
} from '../lib/images';

export default defineRule({
  meta: {
    id: 'image-pull-at-every-start',
    category: 'static-stability',
    severity: 'warning',
    signal: 'strong',
    fixable: 'safe',
    kinds: WORKLOAD_KINDS,
    messages: {
      always:
        '{{Container}} of {{kind}} "{{name}}" sets imagePullPolicy: Always, so every start, restart and reschedule needs the image registry and fails with ImagePullBackOff while it is unreachable, even with the image cached on the node.',
      defaultAlways:
        '{{Container}} of {{kind}} "{{name}}" runs "{{image}}" {{reason}} and no imagePullPolicy, so Kubernetes defaults the policy to Always: every start, restart and reschedule needs the image registry and fails with ImagePullBackOff while it is unreachable.',
      setIfNotPresent: 'Set imagePullPolicy: IfNotPresent on {{container}}',
    },
    docs: {
      description:
        'Containers should not need the image registry to restart: imagePullPolicy Always, explicit or defaulted from a latest or missing tag, ties every container start to the registry.',
      source: { title: 'EKS Best Practices: Security › Image security › Use immutable tags with ECR', url: `${EKS}/image-security.html` },
    },
  },
  check({ resource, workload, relations, report }) {
    if (!workload) return;
    for (const container of workload.containers) {
      const policy = container.spec.imagePullPolicy;
      const image = container.image;
      const placeholder = image === undefined || isPlaceholderImage(image);
      const renderings = !placeholder ? kustomizeRenderings(relations, resource.file, image) : [];
      const data = { Container: containerLabel(container, true), container: containerLabel(container), kind: workload.kind, name: resource.name };
      const policyPath = [...container.path, 'imagePullPolicy'];
      const fix: FixSpec = {
        messageId: 'setIfNotPresent',
        data,
        apply: (builder) => builder.set(resource, policyPath, 'IfNotPresent'),
      };
      // IfNotPresent is safe only when the image cannot change under its name; otherwise nodes drift apart.
      const pinned = !placeholder && (renderings.length > 0 ? renderings.every((r) => isPinned(r)) : isPinned(parseImage(image)));
      const fixes = pinned ? { fix } : { suggest: [fix] };

      if (policy === 'Always') {
        report({ at: policyPath, on: 'value', messageId: 'always', data, ...fixes });
        continue;
      }
      if (placeholder || !isUnsetPullPolicy(policy) || renderings.length > 0) continue;
      const ref = parseImage(image);
      if (defaultPullPolicy(ref) !== 'Always') continue;
      const reason = ref.tag !== undefined ? `with the tag "${ref.tag}"` : 'without a tag (which means "latest")';
      report({
        at: [...container.path, 'image'],
        on: 'value',
        messageId: 'defaultAlways',
        data: { ...data, image: displayImage(image), reason },
        ...fixes,
      });
    }
  },
});
