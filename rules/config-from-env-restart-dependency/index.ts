import { defineRule } from '../../server/src/engine/rule-api';
import { LONG_RUNNING_KINDS } from '../../server/src/engine/workload';
import { applyMount, describeVariables, envRefs, groupByObject, mountedAt, planMount } from '../lib/config-refs';
import { EKS } from '../lib/docs';
import { containerLabel } from '../lib/images';

export default defineRule({
  meta: {
    id: 'config-from-env-restart-dependency',
    category: 'static-stability',
    severity: 'info',
    signal: 'heuristic',
    fixable: 'unsafe',
    kinds: LONG_RUNNING_KINDS,
    messages: {
      envRef:
        '{{Container}} of {{kind}} "{{name}}" reads {{objectKind}} "{{object}}" into environment variables{{variables}}: the kubelet resolves them through the API server at every container start, so while the control plane is unreachable the container may be unable to restart. A mounted volume is served from the node\'s disk.',
      mountedStillEnv:
        '{{Container}} of {{kind}} "{{name}}" mounts {{objectKind}} "{{object}}" at {{mountPath}} but still reads it into environment variables{{variables}}: until the environment reference is removed, restarting the container still needs the API server.',
      mountAsVolume: 'Mount {{objectKind}} "{{object}}" as a volume in {{container}} (the environment variables stay, with a TODO)',
    },
    docs: {
      description:
        'ConfigMaps and Secrets read into environment variables are resolved through the API server at every container start; mounted volumes keep working from the node while the control plane is unreachable.',
      source: {
        title: 'EKS Best Practices: Security › Data encryption and secrets management › Use volume mounts instead of environment variables',
        url: `${EKS}/data-encryption-and-secrets-management.html`,
      },
    },
    options: {
      type: 'object',
      properties: {
        secrets: {
          type: 'boolean',
          default: true,
          description: 'Also report Secrets read into environment variables (secret-in-env reports them as a security finding too).',
        },
      },
      additionalProperties: false,
    },
  },
  check({ workload, options, report }) {
    if (!workload || workload.helmHook) return;
    for (const container of workload.containers) {
      // Init containers run once per pod start; the rule is about containers the kubelet restarts in place.
      if (container.type === 'init') continue;
      const refs = envRefs(container).filter((ref) => ref.kind === 'ConfigMap' || options.secrets !== false);
      for (const group of groupByObject(refs)) {
        const first = group[0]!;
        const variables = describeVariables(group);
        const data = {
          Container: containerLabel(container, true),
          container: containerLabel(container),
          kind: workload.kind,
          name: workload.resource.name,
          objectKind: first.kind,
          object: first.name,
          variables,
        };
        const mountPath = mountedAt(workload, container, first.kind, first.name);
        if (mountPath !== undefined) {
          report({ at: first.path, messageId: 'mountedStillEnv', data: { ...data, mountPath } });
          continue;
        }
        const plan = planMount(workload, container, first.kind, first.name, group.every((ref) => ref.optional));
        report({
          at: first.path,
          messageId: 'envRef',
          data,
          suggest: [{ messageId: 'mountAsVolume', data, apply: (fix) => applyMount(fix, workload, container, first.kind, first.name, plan) }],
        });
      }
    }
  },
});
