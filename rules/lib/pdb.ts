import { isObject, type Resource } from '../../server/src/engine/parse';
import type { Relations } from '../../server/src/engine/relations';
import { pdbSelector } from '../../server/src/engine/relations';
import type { Settings } from '../../server/src/engine/rule-api';
import { matches, parseLabelSelector } from '../../server/src/engine/selectors';
import type { Workload } from '../../server/src/engine/workload';
import { ownSelector } from './spread';
import { atLeast } from './versions';

/**
 * The PodDisruptionBudget RULES.md R3 generates: `maxUnavailable: 1` stays valid whatever an autoscaler
 * does to the replica count. Returns undefined when any selector it could use would also select pods that
 * another budget covers, because a pod with two budgets cannot be evicted at all (R6).
 */
export function budgetFor(workload: Workload, relations: Relations, settings: Settings): Record<string, unknown> | undefined {
  const selector = distinctSelector(workload, relations);
  if (!selector) return undefined;
  const namespace = workload.resource.declaredNamespace;
  const taken = new Set(relations.bucket(relations.namespaceOf(workload.resource)).pdbs.map((pdb) => pdb.name));
  const name = taken.has(workload.resource.name) ? `${workload.resource.name}-pdb` : workload.resource.name;
  const spec: Record<string, unknown> = { maxUnavailable: 1 };
  if (atLeast(settings.kubernetesVersion, '1.27')) spec.unhealthyPodEvictionPolicy = 'AlwaysAllow';
  spec.selector = selector;
  return {
    apiVersion: 'policy/v1',
    kind: 'PodDisruptionBudget',
    metadata: namespace ? { name, namespace } : { name },
    spec,
  };
}

function distinctSelector(workload: Workload, relations: Relations): Record<string, unknown> | undefined {
  const base = ownSelector(workload);
  if (!base) return undefined;
  const covered = coveredTemplates(workload, relations);
  if (!overlaps(base, covered)) return base;
  // Narrow with the workload's other labels (a canary beside its main Deployment differs in one).
  const matchLabels = { ...(isObject(base.matchLabels) ? base.matchLabels : {}), ...workload.templateLabels };
  const narrowed = { ...base, matchLabels };
  return overlaps(narrowed, covered) ? undefined : narrowed;
}

function coveredTemplates(workload: Workload, relations: Relations): Workload[] {
  const bucket = relations.bucket(relations.namespaceOf(workload.resource));
  return bucket.workloads.filter(
    (other) => other !== workload && bucket.pdbs.some((pdb: Resource) => matches(pdbSelector(pdb), other.templateLabels)),
  );
}

function overlaps(selector: Record<string, unknown>, templates: Workload[]): boolean {
  const parsed = parseLabelSelector(selector);
  return templates.some((other) => matches(parsed, other.templateLabels));
}

/** An IntOrString budget as the API accepts it: a whole number, or a string of digits and `%`. */
export type Budget = { percent: false; value: number } | { percent: true; value: number };

export function budgetOf(value: unknown): Budget | undefined {
  if (typeof value === 'number') return Number.isInteger(value) && value >= 0 ? { percent: false, value } : undefined;
  if (typeof value !== 'string') return undefined;
  const match = /^([0-9]{1,6})%$/.exec(value.trim());
  return match ? { percent: true, value: Number(match[1]) } : undefined;
}

/** Pods that must stay available out of `pods`: Kubernetes rounds a `minAvailable` percentage up. */
export function required(budget: Budget, pods: number): number {
  return budget.percent ? Math.floor((budget.value * pods + 99) / 100) : budget.value;
}

/**
 * Whether the budget's `minAvailable` would allow no eviction at the smallest scale of these workloads (what
 * pdb-blocks-eviction reports as too high). DaemonSet pods are never waited on by drains.
 */
export function minAvailableBlocks(pdb: Resource, workloads: readonly Workload[], relations: Relations): boolean {
  const spec = pdb.object.spec;
  if (!isObject(spec) || spec.maxUnavailable !== undefined) return false;
  const minAvailable = budgetOf(spec.minAvailable);
  if (!minAvailable || minAvailable.value === 0) return false;
  let min = 0;
  let max = 0;
  for (const workload of workloads) {
    if (workload.isDaemonSet) continue;
    const replicas = relations.replicas(workload);
    min += replicas.min;
    max += replicas.max;
  }
  if (max === 0) return false;
  const low = Math.max(min, 1);
  return required(minAvailable, low) >= low;
}
