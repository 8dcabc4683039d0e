import { defineRule } from '../../server/src/engine/rule-api';
import { WORKLOAD_KINDS } from '../../server/src/engine/workload';
import { applyMount, describeVariables, envRefs, groupByObject, mountedAt, planMount } from '../lib/config-refs';
import { EKS } from '../lib/docs';
import { containerLabel } from '../lib/images';

export default defineRule({
  meta: {
    id: 'secret-in-env',
    category: 'security',
    severity: 'warning',
    signal: 'strong',
    fixable: 'unsafe',
    kinds: WORKLOAD_KINDS,
    messages: {
      secretInEnv:
        '{{Container}} of {{kind}} "{{name}}" puts Secret "{{secret}}" into environment variables{{variables}}: environment variables can end up in logs, crash reports and debug output, and every process in the container inherits them. Mount the Secret as a file instead.',
      mountedStillEnv:
        '{{Container}} of {{kind}} "{{name}}" mounts Secret "{{secret}}" at {{mountPath}} but still puts it into environment variables{{variables}}: remove the environment reference once the application reads the file.',
      mountAsVolume: 'Mount Secret "{{secret}}" as a volume in {{container}} (the environment variables stay, with a TODO)',
    },
    docs: {
      description: 'Secrets should reach containers as mounted files, not environment variables, whose values can appear in logs.',
      source: {
        title: 'EKS Best Practices: Security › Data encryption and secrets management › Use volume mounts instead of environment variables',
        url: `${EKS}/data-encryption-and-secrets-management.html`,
      },
    },
  },
  check({ workload, report }) {
    if (!workload) return;
    for (const container of workload.containers) {
      const refs = envRefs(container).filter((ref) => ref.kind === 'Secret');
      for (const group of groupByObject(refs)) {
        const first = group[0]!;
        const variables = describeVariables(group);
        const data = {
          Container: containerLabel(container, true),
          container: containerLabel(container),
          kind: workload.kind,
          name: workload.resource.name,
          secret: first.name,
          variables,
        };
        const mountPath = mountedAt(workload, container, 'Secret', first.name);
        if (mountPath !== undefined) {
          report({ at: first.path, messageId: 'mountedStillEnv', data: { ...data, mountPath } });
          continue;
        }
        const plan = planMount(workload, container, 'Secret', first.name, group.every((ref) => ref.optional));
        report({
          at: first.path,
          messageId: 'secretInEnv',
          data,
          suggest: [{ messageId: 'mountAsVolume', data, apply: (fix) => applyMount(fix, workload, container, 'Secret', first.name, plan) }],
        });
      }
    }
  },
});
