import { defineRule } from '../../server/src/engine/rule-api';
import { get } from '../../server/src/engine/workload';
import { EKS } from '../lib/docs';
import { accountOf, apiUseSignal, bindingsOf, CONTROLLER_IMAGES, DEFAULT_SA, workloadsUsing } from '../lib/service-accounts';

export default defineRule({
  meta: {
    id: 'default-sa-automount',
    category: 'security',
    severity: 'info',
    signal: 'strong',
    fixable: 'unsafe',
    kinds: ['ServiceAccount'],
    messages: {
      automount:
        'ServiceAccount "default" of namespace "{{namespace}}" does not set automountServiceAccountToken: false, so every pod that names no ServiceAccount gets an API token it rarely needs.',
      disable: 'Set automountServiceAccountToken: false on ServiceAccount "default"',
    },
    docs: {
      description: "A namespace's default ServiceAccount should not mount API tokens into the pods that use it implicitly.",
      source: {
        title: 'EKS Best Practices: Security › Identity and Access Management › Disable auto-mounting of service account tokens',
        url: `${EKS}/identity-and-access-management.html`,
      },
    },
  },
  check({ resource, namespace, relations, settings, report }) {
    if (resource.group !== '' || resource.name !== DEFAULT_SA) return;
    const written = get(resource.object, ['automountServiceAccountToken']);
    if (written === false) return;
    // Pods that use the default account's token (bound to roles, or visibly calling the API) would lose it.
    const dependents = workloadsUsing(relations, namespace, DEFAULT_SA).filter(
      (workload) =>
        typeof workload.podSpec.automountServiceAccountToken !== 'boolean' &&
        accountOf(workload).name === DEFAULT_SA &&
        apiUseSignal(workload, settings, CONTROLLER_IMAGES) !== undefined,
    );
    const fixable = dependents.length === 0 && bindingsOf(relations, namespace, DEFAULT_SA).length === 0;
    report({
      at: written === undefined ? ['metadata', 'name'] : ['automountServiceAccountToken'],
      ...(written === undefined ? {} : { on: 'value' as const }),
      messageId: 'automount',
      data: { namespace },
      suggest: fixable ? [{ messageId: 'disable', apply: (fix) => void fix.set(resource, ['automountServiceAccountToken'], false) }] : [],
    });
  },
});
