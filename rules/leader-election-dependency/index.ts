import { defineRule, type Related } from '../../server/src/engine/rule-api';
import { LONG_RUNNING_KINDS, type Workload } from '../../server/src/engine/workload';
import type { Path } from '../../server/src/engine/yaml-path';
import type { Relations } from '../../server/src/engine/relations';
import { EKS } from '../lib/docs';
import { leaderElectionFlag } from '../lib/kube-api';
import { bindingsOf, explicitGrant, serviceAccountOf } from '../lib/rbac';
import { dataPaths } from './data-path';


/** Where leader-election Leases usually live besides the pod's namespace (`--leader-election-namespace=kube-system`). */
const LEASE_NAMESPACES = ['kube-system'];

export default defineRule({
  meta: {
    id: 'leader-election-dependency',
    category: 'static-stability',
    severity: 'info',
    signal: 'heuristic',
    kinds: LONG_RUNNING_KINDS,
    messages: {
      flag: 'Container "{{container}}" of {{kind}} "{{name}}" uses leader election ({{flag}}): client-go exits the process when it cannot renew its Lease, so an API server impairment restarts it. {{advice}}',
      flagDataPath: 'Container "{{container}}" of {{kind}} "{{name}}" uses leader election ({{flag}}) and serves {{paths}}: client-go exits the process when it cannot renew its Lease, so an API server impairment restarts the pods that serve this traffic. {{advice}}',
      rbac: '{{kind}} "{{name}}" runs as ServiceAccount "{{serviceAccount}}", which may create or update Leases ({{grant}}), a sign of leader election: client-go exits the process when it cannot renew its Lease, so an API server impairment restarts it. {{advice}}',
      rbacDataPath: '{{kind}} "{{name}}" runs as ServiceAccount "{{serviceAccount}}", which may create or update Leases ({{grant}}), a sign of leader election, and serves {{paths}}: client-go exits the process when it cannot renew its Lease, so an API server impairment restarts the pods that serve this traffic. {{advice}}',
    },
    docs: {
      description:
        'Leader-elected processes exit when they cannot renew their Lease: on a data path (webhook, Ingress or load balancer backend), an API server impairment becomes an outage.',
      source: {
        title: 'EKS Best Practices: Hybrid Nodes › Kubernetes pod failover through network disconnections',
        url: `${EKS}/hybrid-nodes-kubernetes-pod-failover.html`,
      },
    },
  },
  check({ workload, namespace, relations, report }) {
    if (!workload || !workload.longRunning || workload.helmHook) return;
    const { kind } = workload;
    const { name } = workload.resource;
    // Data paths and replicas are looked up only for the few workloads that are leader-elected.
    const flags = workload.containers.flatMap((container) => {
      const flag = container.type === 'init' ? undefined : leaderElectionFlag(container.spec);
      return flag ? [{ container, flag }] : [];
    });
    const grant = flags.length === 0 ? leaseGrant(workload, namespace, relations) : undefined;
    if (flags.length === 0 && !grant) return;
    const paths = dataPaths(workload, relations);
    const onDataPath = paths.length > 0;
    const severity = onDataPath ? ('warning' as const) : ('info' as const);
    const pathText = describe(paths.map((path) => path.description));
    const pathRelated = paths.map((path) => path.related);
    const standby = workload.isDaemonSet || relations.replicas(workload).min >= 2;
    const advice = onDataPath
      ? `Split serving from leader-gated reconciliation and do not tie readiness to leadership${standby ? '' : ', and run at least 2 replicas so a standby exists'}.`
      : `Keep readiness independent of leadership${standby ? '' : ', and run at least 2 replicas so a standby exists'}.`;

    for (const { container, flag } of flags) {
      const at: Path = flag.index === undefined ? [...container.path, flag.field] : [...container.path, flag.field, flag.index];
      report({
        at,
        on: flag.index === undefined ? 'key' : 'value',
        messageId: onDataPath ? 'flagDataPath' : 'flag',
        data: { container: container.name || `containers[${container.index}]`, kind, name, flag: flag.flag, paths: pathText, advice },
        severity,
        related: pathRelated,
      });
    }
    if (!grant) return;
    const serviceAccount = serviceAccountOf(workload);
    const saPath: Path = typeof workload.podSpec.serviceAccountName === 'string'
      ? [...workload.podSpecPath, 'serviceAccountName']
      : typeof workload.podSpec.serviceAccount === 'string'
        ? [...workload.podSpecPath, 'serviceAccount']
        : ['metadata', 'name'];
    report({
      at: saPath,
      on: saPath.length > 2 ? 'value' : 'key',
      messageId: onDataPath ? 'rbacDataPath' : 'rbac',
      data: { kind, name, serviceAccount, grant: grant.text, paths: pathText, advice },
      severity,
      related: [...grant.related, ...pathRelated],
    });
  },
});

/**
 * RBAC that lets the pod's ServiceAccount create or update `coordination.k8s.io` Leases by name, through a
 * RoleBinding (in the pod's namespace or kube-system) or a ClusterRoleBinding. Pods that cannot reach the API
 * (`automountServiceAccountToken: false`) are not leader-elected through it.
 */
function leaseGrant(workload: Workload, namespace: string, relations: Relations): { text: string; related: Related[] } | undefined {
  if (workload.podSpec.automountServiceAccountToken === false) return undefined;
  const serviceAccount = serviceAccountOf(workload);
  for (const bound of bindingsOf(relations, namespace, serviceAccount, [namespace, ...LEASE_NAMESPACES])) {
    if (!bound.role) continue;
    const rule = explicitGrant(bound.role, 'coordination.k8s.io', 'leases', ['create', 'update']);
    if (!rule) continue;
    return {
      text: `${bound.binding.kind} "${bound.binding.name}" → ${bound.roleKind} "${bound.roleName}"`,
      related: [
        {
          resource: bound.role,
          at: ['rules', rule.index],
          message: `${bound.roleKind} "${bound.roleName}" grants ${rule.verbs.join(', ')} on leases`,
        },
        { resource: bound.binding, at: ['subjects'], message: `${bound.binding.kind} "${bound.binding.name}" binds ServiceAccount "${serviceAccount}"` },
      ],
    };
  }
  return undefined;
}

function describe(items: readonly string[]): string {
  const unique = [...new Set(items)];
  if (unique.length <= 1) return unique[0] ?? '';
  return `${unique.slice(0, -1).join(', ')} and ${unique[unique.length - 1]}`;
}
