import { defineRule, type FixSpec } from '../../server/src/engine/rule-api';
import { WORKLOAD_KINDS } from '../../server/src/engine/workload';
import { EKS } from '../lib/docs';
import {
  accountOf,
  apiUseSignal,
  bindingsOf,
  CONTROLLER_IMAGES,
  DEFAULT_SA,
  serviceAccount,
  tokenMount,
  workloadsUsing,
} from '../lib/service-accounts';

export default defineRule({
  meta: {
    id: 'automount-sa-token-enabled',
    category: 'security',
    severity: 'warning',
    signal: 'heuristic',
    fixable: 'unsafe',
    kinds: WORKLOAD_KINDS,
    messages: {
      enabled:
        '{{kind}} "{{name}}" mounts the API token of ServiceAccount "{{account}}" but shows no sign of using the Kubernetes API: a compromised container can use the token, and a runtime dependency on the API can grow unnoticed.',
      enabledPartial:
        '{{kind}} "{{name}}" mounts the API token of ServiceAccount "{{account}}" and nothing in the workspace shows that it uses the Kubernetes API (manifestSet: partial, so its RBAC may live elsewhere).',
      disablePod: 'Set automountServiceAccountToken: false in the pod spec of {{name}}',
      disableAccount: 'Set automountServiceAccountToken: false on ServiceAccount "{{account}}" (only {{name}} uses it)',
    },
    docs: {
      description: 'Pods that do not call the Kubernetes API should not mount a service account token.',
      source: {
        title: 'EKS Best Practices: Security › Identity and Access Management › Disable auto-mounting of service account tokens',
        url: `${EKS}/identity-and-access-management.html`,
      },
    },
    options: {
      type: 'object',
      additionalProperties: false,
      properties: {
        controllerImages: {
          description:
            'Images of controllers and operators that use the API by design (end of the repository path, or a glob); settings.images.kubeClients count too.',
          type: 'array',
          items: { type: 'string', minLength: 1 },
          default: [...CONTROLLER_IMAGES],
        },
      },
    },
  },
  check({ workload, namespace, relations, settings, options, report }) {
    if (!workload) return;
    const account = accountOf(workload);
    const sa = serviceAccount(relations, namespace, account.name);
    const mount = tokenMount(workload, sa);
    // A token mounted on purpose (`true` written at the level that decides) is a declared need.
    if (!mount.mounted || mount.explicit) return;
    const controllerImages = Array.isArray(options.controllerImages) ? (options.controllerImages as string[]) : CONTROLLER_IMAGES;
    if (apiUseSignal(workload, settings, controllerImages)) return;
    if (bindingsOf(relations, namespace, account.name).length > 0) return;

    const { kind } = workload;
    const { name } = workload.resource;
    const suggest: FixSpec[] = [
      {
        messageId: 'disablePod',
        data: { name },
        apply: (fix) => void fix.set(workload.resource, [...workload.podSpecPath, 'automountServiceAccountToken'], false),
      },
    ];
    if (sa && account.name !== DEFAULT_SA && workloadsUsing(relations, namespace, account.name).length === 1) {
      suggest.push({
        messageId: 'disableAccount',
        data: { account: account.name, name },
        apply: (fix) => void fix.set(sa, ['automountServiceAccountToken'], false),
      });
    }
    const partial = settings.manifestSet === 'partial';
    report({
      at: account.path ?? ['metadata', 'name'],
      ...(account.path ? { on: 'value' as const } : {}),
      messageId: partial ? 'enabledPartial' : 'enabled',
      data: { kind, name, account: account.name },
      ...(partial ? { maxSeverity: 'info' as const } : {}),
      suggest,
    });
  },
});
