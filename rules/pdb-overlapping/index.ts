import type { Resource } from '../../server/src/engine/parse';
import { defineRule, type FixSpec, type Related } from '../../server/src/engine/rule-api';
import type { Workload } from '../../server/src/engine/workload';
import { deleteResource, distinctObjects, isHelmHook, sameObject } from '../lib/documents';

const EVICTION_SOURCE = 'https://github.com/kubernetes/kubernetes/blob/master/pkg/registry/core/pod/storage/eviction.go';

export default defineRule({
  meta: {
    id: 'pdb-overlapping',
    category: 'reliability',
    severity: 'error',
    signal: 'strong',
    fixable: 'unsafe',
    kinds: ['PodDisruptionBudget'],
    messages: {
      overlap:
        'PodDisruptionBudget "{{name}}" and {{others}} {{all}} select the pods of {{workloads}}: the Eviction API refuses to evict a pod that has more than one budget (HTTP 500), so node drains, managed node group updates and Karpenter disruption stall on these pods.',
      narrow: 'Narrow the selector of PodDisruptionBudget "{{name}}" with {{label}}',
      delete: 'Delete PodDisruptionBudget "{{name}}"',
    },
    docs: {
      description: 'A pod must be selected by at most one PodDisruptionBudget: the Eviction API cannot evict a pod that has two.',
      source: { title: 'Kubernetes: pkg/registry/core/pod/storage/eviction.go ("This pod has more than one PodDisruptionBudget")', url: EVICTION_SOURCE },
    },
  },
  check({ resource, relations, report }) {
    if (resource.group !== 'policy' || isHelmHook(resource)) return;
    const mine = relations.workloadsCoveredBy(resource);
    const others = new Map<Resource, Workload[]>();
    const shared = new Set<Workload>();
    for (const workload of mine) {
      for (const other of relations.pdbsCovering(workload)) {
        if (sameObject(other, resource) || isHelmHook(other)) continue;
        shared.add(workload);
        const list = others.get(other) ?? [];
        list.push(workload);
        others.set(other, list);
      }
    }
    if (shared.size === 0) return;

    const name = resource.name;
    const related: Related[] = [
      ...[...others.keys()].map((other) => ({
        resource: other,
        at: ['spec', 'selector'],
        message: `PodDisruptionBudget "${other.name}" also selects the pods of ${describeWorkloads(others.get(other)!)}.`,
      })),
      ...[...shared].map((workload) => ({
        resource: workload.resource,
        at: ['metadata', 'name'],
        message: `${workload.kind} "${workload.resource.name}": its pods have ${others.size + 1} budgets.`,
      })),
    ];
    const suggest: FixSpec[] = [];
    const narrowing = narrowingLabel(mine, shared);
    if (narrowing) {
      const [key, value] = narrowing;
      suggest.push({
        messageId: 'narrow',
        data: { name, label: `${key}=${value}` },
        apply: (fix) => fix.set(resource, ['spec', 'selector', 'matchLabels', key], value),
      });
    }
    suggest.push({ messageId: 'delete', data: { name }, apply: (fix) => deleteResource(fix, resource, relations) });
    report({
      at: ['spec', 'selector'],
      messageId: 'overlap',
      data: { name, others: describeBudgets([...others.keys()]), all: distinctObjects([...others.keys()], (budget) => budget).length > 1 ? 'all' : 'both', workloads: describeWorkloads([...shared]) },
      related,
      suggest,
    });
  },
});

/**
 * A label that every workload this budget should keep carries with one value, and that none of the shared
 * workloads carries with that value: adding it to `matchLabels` drops the shared pods and keeps the rest.
 * None when the budget covers nothing but shared pods (then it is redundant: delete it).
 */
function narrowingLabel(mine: readonly Workload[], shared: ReadonlySet<Workload>): [string, string] | undefined {
  const keep = mine.filter((workload) => !shared.has(workload));
  if (keep.length === 0) return undefined;
  for (const [key, value] of Object.entries(keep[0]!.templateLabels)) {
    if (!keep.every((workload) => workload.templateLabels[key] === value)) continue;
    if ([...shared].some((workload) => workload.templateLabels[key] === value)) continue;
    return [key, value];
  }
  return undefined;
}

function describeBudgets(budgets: readonly Resource[]): string {
  const names = distinctObjects(budgets, (budget) => budget).map((budget) => `"${budget.name}"`);
  return `PodDisruptionBudget${names.length > 1 ? 's' : ''} ${list(names)}`;
}

function describeWorkloads(workloads: readonly Workload[]): string {
  return list(distinctObjects(workloads, (workload) => workload.resource).map((workload) => `${workload.kind} "${workload.resource.name}"`));
}

function list(items: readonly string[]): string {
  const shown = items.length > 4 ? [...items.slice(0, 3), `${items.length - 3} more`] : items;
  return shown.length <= 1 ? (shown[0] ?? '') : `${shown.slice(0, -1).join(', ')} and ${shown[shown.length - 1]}`;
}
