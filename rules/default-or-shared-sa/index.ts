import type { Resource } from '../../server/src/engine/parse';
import type { Relations } from '../../server/src/engine/relations';
import { defineRule, type FixSpec, type Settings } from '../../server/src/engine/rule-api';
import { WORKLOAD_KINDS, type Workload } from '../../server/src/engine/workload';
import { EKS } from '../lib/docs';
import { joinInsertions } from '../lib/pod-security';
import {
  accountOf,
  apiUseSignal,
  bindingsOf,
  CONTROLLER_IMAGES,
  DEFAULT_SA,
  hasIrsaRole,
  sameWorkload,
  serviceAccount,
  tokenMount,
  workloadsUsing,
} from '../lib/service-accounts';

export default defineRule({
  meta: {
    id: 'default-or-shared-sa',
    category: 'security',
    severity: 'info',
    signal: 'strong',
    fixable: 'unsafe',
    kinds: WORKLOAD_KINDS,
    messages: {
      defaultAccount:
        '{{kind}} "{{name}}" runs as the default ServiceAccount of namespace "{{namespace}}"{{how}}: every pod that names no account shares that identity, so any permission granted to it is granted to all of them.',
      sharedAccount:
        '{{kind}} "{{name}}" shares ServiceAccount "{{account}}"{{how}} with {{others}}: each workload holds the permissions all of them need, so a compromise of one reaches what the others can do.',
      dedicated: 'Create ServiceAccount "{{account}}" for {{name}} and run as it',
    },
    docs: {
      description: 'Each application should run as its own ServiceAccount, not the namespace default or one shared with other workloads.',
      source: {
        title: 'EKS Best Practices: Security › Identity and Access Management › Use dedicated service accounts for each application',
        url: `${EKS}/identity-and-access-management.html`,
      },
    },
  },
  check({ workload, namespace, relations, settings, report }) {
    if (!workload || workload.helmHook) return;
    const account = accountOf(workload);
    const sa = serviceAccount(relations, namespace, account.name);
    const token = tokenMount(workload, sa).mounted;
    const irsa = hasIrsaRole(sa);
    // Without a token and without an IAM role the pod holds no identity worth dedicating.
    if (!token && !irsa) return;
    const how = irsa ? ', which carries an IAM role (IRSA),' : '';
    const { kind } = workload;
    const { name } = workload.resource;
    const at = account.path ?? ['metadata', 'name'];
    const on = account.path ? { on: 'value' as const } : {};

    if (account.name === DEFAULT_SA) {
      const suggest = dedicatedAccountFix(workload, namespace, relations, settings);
      report({ at, ...on, messageId: 'defaultAccount', data: { kind, name, namespace, how: how.replace(/,$/, '') }, suggest });
      return;
    }
    if (!workload.longRunning) return;
    const others = workloadsUsing(relations, namespace, account.name).filter(
      (other) => !sameWorkload(other, workload) && other.longRunning && !other.helmHook,
    );
    if (others.length === 0) return;
    report({
      at,
      ...on,
      messageId: 'sharedAccount',
      data: { kind, name, account: account.name, others: describe(others), how },
      related: others.map((other) => ({
        resource: other.resource,
        at: accountOf(other).path ?? ['metadata', 'name'],
        message: `${other.kind} "${other.resource.name}" also runs as ServiceAccount "${account.name}".`,
      })),
    });
  },
});

function describe(workloads: readonly Workload[]): string {
  const names = workloads.slice(0, 3).map((w) => `${w.kind} "${w.resource.name}"`);
  return workloads.length > 3 ? `${names.join(', ')} and ${workloads.length - 3} more` : names.join(workloads.length === 2 ? ' and ' : ', ');
}

/**
 * A ServiceAccount named after the workload, appended after it, and `serviceAccountName` pointing at it.
 * Not offered when the default account is bound to roles (the new one would lose them) or the name is taken.
 * The new account mounts no token unless the pod shows it uses the API, so the fix never causes
 * `automount-sa-token-enabled`.
 */
function dedicatedAccountFix(workload: Workload, namespace: string, relations: Relations, settings: Settings): FixSpec[] {
  const resource: Resource = workload.resource;
  const accountName = resource.name;
  if (!accountName || accountName === DEFAULT_SA) return [];
  if (typeof workload.podSpec.serviceAccount === 'string' && workload.podSpec.serviceAccount !== '') return [];
  if (serviceAccount(relations, namespace, accountName)) return [];
  if (bindingsOf(relations, namespace, DEFAULT_SA).length > 0) return [];
  const usesApi = apiUseSignal(workload, settings, CONTROLLER_IMAGES) !== undefined || workload.podSpec.automountServiceAccountToken === true;
  const metadata: Record<string, unknown> = { name: accountName };
  if (resource.declaredNamespace !== undefined) metadata.namespace = resource.declaredNamespace;
  const object: Record<string, unknown> = { apiVersion: 'v1', kind: 'ServiceAccount', metadata };
  if (!usesApi) object.automountServiceAccountToken = false;
  return [
    {
      messageId: 'dedicated',
      data: { account: accountName, name: resource.name },
      apply: (fix) => {
        fix.set(resource, [...workload.podSpecPath, 'serviceAccountName'], accountName);
        fix.appendDocument(resource, object);
        joinInsertions(fix);
      },
    },
  ];
}
