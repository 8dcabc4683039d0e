import type { Resource } from '../../server/src/engine/parse';
import { isObject } from '../../server/src/engine/parse';
import type { Relations } from '../../server/src/engine/relations';
import { defineRule, type FixSpec, type Related } from '../../server/src/engine/rule-api';
import { get, type Workload } from '../../server/src/engine/workload';
import type { FixBuilder } from '../../server/src/engine/fix-builder';
import { EKS } from '../lib/docs';
import { type Budget, budgetOf, required } from '../lib/pdb';
import { atLeast } from '../lib/versions';


/** The largest pod count at which the budget allows no eviction (it blocks at every count up to this one). */
function blockingUpTo(budget: Budget): number {
  // Percentages: ceil(p·n/100) ≥ n exactly when n·(100 - p) < 100.
  return budget.percent ? Math.floor(99 / (100 - budget.value)) : budget.value;
}


interface Selected {
  workloads: Workload[];
  min: number;
  max: number;
  related: Related[];
}

/** The long-running, non-DaemonSet workloads the budget selects, with their summed replica range (RULES.md §1). */
function selectedBy(pdb: Resource, relations: Relations): Selected {
  // Drains skip DaemonSet pods (`--ignore-daemonsets`, Karpenter, managed node groups): they never wait on a budget.
  const workloads = relations.workloadsCoveredBy(pdb).filter((w) => !w.isDaemonSet);
  let min = 0;
  let max = 0;
  const related: Related[] = [];
  for (const workload of workloads) {
    const replicas = relations.replicas(workload);
    min += replicas.min;
    max += replicas.max;
    const range =
      replicas.min === replicas.max ? `${replicas.min} ${replicas.min === 1 ? 'replica' : 'replicas'}` : `${replicas.min} to ${replicas.max} replicas`;
    const source = replicas.autoscaler ? ` (${replicas.autoscaler.kind} "${replicas.autoscaler.name}")` : '';
    related.push({
      resource: workload.resource,
      at: ['metadata', 'name'],
      message: `Selected by this budget: ${workload.kind} "${workload.resource.name}", ${range}${source}.`,
    });
  }
  return { workloads, min, max, related };
}

export default defineRule({
  meta: {
    id: 'pdb-blocks-eviction',
    category: 'reliability',
    severity: 'error',
    signal: 'strong',
    fixable: 'unsafe',
    kinds: ['PodDisruptionBudget'],
    messages: {
      maxUnavailableZero:
        'PodDisruptionBudget "{{name}}" sets maxUnavailable to {{value}}: it allows no voluntary eviction at all, so node drains, managed node group updates and Karpenter consolidation hang on its pods until they are forced.',
      minAvailableAll:
        'PodDisruptionBudget "{{name}}" sets minAvailable to {{value}}: it allows no voluntary eviction at all, so node drains, managed node group updates and Karpenter consolidation hang on its pods until they are forced.',
      minAvailableTooHigh:
        'PodDisruptionBudget "{{name}}" needs {{required}} pod(s) available (minAvailable: {{value}}{{rounding}}) but the workloads it selects run at most {{replicas}}: no pod can ever be evicted, so node drains, managed node group updates and Karpenter consolidation hang until they are forced.',
      minAvailableTooHighAtMin:
        'PodDisruptionBudget "{{name}}" (minAvailable: {{value}}) allows no eviction while the workloads it selects run {{threshold}} pod(s) or fewer, and they can scale down to {{replicas}}: at that scale node drains, managed node group updates and Karpenter consolidation hang until an autoscaler scales out.',
      allowOne: 'Allow one eviction at a time (maxUnavailable: 1)',
      setMinAvailable: 'Set minAvailable to {{replicas}}',
      allowOneAndUnhealthy: 'Allow one eviction at a time and let unhealthy pods be evicted (unhealthyPodEvictionPolicy: AlwaysAllow)',
    },
    docs: {
      description: 'A PodDisruptionBudget must allow at least one eviction, or every node drain and cluster upgrade hangs on its pods.',
      source: {
        title: 'EKS Best Practices: Reliability › Applications › Protect critical workload with Pod Disruption Budgets',
        url: `${EKS}/application.html`,
      },
    },
  },
  check({ resource, relations, settings, report }) {
    if (resource.group !== 'policy') return;
    if (get(resource.object, ['metadata', 'annotations', 'helm.sh/hook']) !== undefined) return;
    const spec = get(resource.object, ['spec']);
    if (!isObject(spec)) return;
    const name = resource.name;
    const maxUnavailable = budgetOf(spec.maxUnavailable);
    const minAvailable = budgetOf(spec.minAvailable);
    const hasBoth = spec.maxUnavailable !== undefined && spec.minAvailable !== undefined;
    const withPolicy = spec.unhealthyPodEvictionPolicy == null && atLeast(settings.kubernetesVersion, '1.27');

    // Rename the offending key in place: `minAvailable: 3` becomes `maxUnavailable: 1`.
    const allowOne = (fix: FixBuilder) => {
      if (maxUnavailable) fix.set(resource, ['spec', 'maxUnavailable'], 1);
      else fix.renameKey(resource, ['spec', 'minAvailable'], 'maxUnavailable', 1);
    };
    const allowOneFixes = (): FixSpec[] => {
      if (hasBoth) return [];
      const fixes: FixSpec[] = [{ messageId: 'allowOne', apply: allowOne }];
      if (withPolicy) {
        fixes.push({
          messageId: 'allowOneAndUnhealthy',
          apply: (fix) => {
            allowOne(fix);
            fix.set(resource, ['spec', 'unhealthyPodEvictionPolicy'], 'AlwaysAllow');
          },
        });
      }
      return fixes;
    };

    if (maxUnavailable && maxUnavailable.value === 0) {
      const selected = selectedBy(resource, relations);
      report({
        at: ['spec', 'maxUnavailable'],
        messageId: 'maxUnavailableZero',
        data: { name, value: String(spec.maxUnavailable) },
        related: selected.related,
        suggest: allowOneFixes(),
      });
      return;
    }
    if (!minAvailable || minAvailable.value === 0 || maxUnavailable) return;

    const selected = selectedBy(resource, relations);
    const value = String(spec.minAvailable);
    // N - 1 keeps the budget a minAvailable and allows exactly one eviction at the minimum scale.
    const lower = (): FixSpec[] =>
      selected.min >= 2
        ? [
            {
              messageId: 'setMinAvailable',
              data: { replicas: selected.min - 1 },
              apply: (fix) => fix.set(resource, ['spec', 'minAvailable'], selected.min - 1),
            },
          ]
        : [];
    const [first, ...rest] = allowOneFixes();
    const suggest = [...(first ? [first] : []), ...lower(), ...rest];

    if (minAvailable.percent && minAvailable.value >= 100) {
      report({
        at: ['spec', 'minAvailable'],
        messageId: 'minAvailableAll',
        data: { name, value },
        related: selected.related,
        suggest,
      });
      return;
    }
    if (selected.max === 0) return;
    // Blocking happens at small scales: with n pods, an eviction needs n - required(n) ≥ 1.
    const blocksAt = (pods: number) => required(minAvailable, pods) >= pods;
    const low = Math.max(selected.min, 1);
    if (!blocksAt(low)) return;
    const always = blocksAt(selected.max);
    if (always) {
      const rounding = minAvailable.percent ? ` of ${selected.max}, rounded up` : '';
      report({
        at: ['spec', 'minAvailable'],
        messageId: 'minAvailableTooHigh',
        data: { name, value, rounding, required: required(minAvailable, selected.max), replicas: selected.max },
        related: selected.related,
        suggest,
      });
      return;
    }
    // Only autoscaled workloads get here: the budget blocks at their low end and not at their maximum.
    report({
      at: ['spec', 'minAvailable'],
      messageId: 'minAvailableTooHighAtMin',
      data: { name, value, threshold: blockingUpTo(minAvailable), replicas: selected.min },
      severity: 'warning',
      related: selected.related,
      suggest,
    });
  },
});
