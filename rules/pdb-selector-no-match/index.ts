import { FixNotPossible } from '../../server/src/engine/fix-builder';
import { isObject, type Resource } from '../../server/src/engine/parse';
import { pdbSelector, type Relations } from '../../server/src/engine/relations';
import { defineRule, type FixSpec } from '../../server/src/engine/rule-api';
import { labelsOf, matches, parseLabelSelector, pinnedLabels, type Selector } from '../../server/src/engine/selectors';
import { get, REPLICATED_KINDS, type Workload } from '../../server/src/engine/workload';
import { K8S } from '../lib/docs';
import { distinctObjects, hasCommentsAt, isHelmHook } from '../lib/documents';
import { minAvailableBlocks } from '../lib/pdb';
import { ownSelector, selectorSelectsOwn } from '../lib/spread';

/**
 * Label keys that operators put on the pods they create from custom resources (Strimzi, CloudNativePG,
 * Crunchy, Spark, Elastic, Zalando, Vitess): a budget that selects on them protects pods the manifests
 * never show.
 */
const OPERATOR_LABEL_PREFIXES = [
  'strimzi.io/',
  'cnpg.io/',
  'postgres-operator.crunchydata.com/',
  'sparkoperator.k8s.io/',
  'spark-role',
  'spark-app-selector',
  'elasticsearch.k8s.elastic.co/',
  'kibana.k8s.elastic.co/',
  'common.k8s.elastic.co/',
  'spilo-role',
  'planetscale.com/',
];

const MAX_SUGGESTIONS = 3;

export default defineRule({
  meta: {
    id: 'pdb-selector-no-match',
    category: 'reliability',
    severity: 'warning',
    signal: 'strong',
    fixable: 'unsafe',
    kinds: ['PodDisruptionBudget'],
    messages: {
      noMatch:
        'PodDisruptionBudget "{{name}}" selects no pods: no pod template in namespace "{{namespace}}" matches {{selector}}, so it protects nothing when nodes are drained.',
      noMatchPartial:
        'PodDisruptionBudget "{{name}}" matches no pod template of namespace "{{namespace}}" found in the workspace ({{selector}}; manifestSet: partial, so the pods may be defined elsewhere).',
      noSelector:
        'PodDisruptionBudget "{{name}}" has no selector: in policy/v1 a missing selector selects no pods, so the budget protects nothing when nodes are drained.',
      emptySelectorV1beta1:
        'PodDisruptionBudget "{{name}}" has an empty selector, which in policy/v1beta1 selects no pods: it protects nothing (and moving it to policy/v1, where {} selects every pod of the namespace, would change its meaning).',
      selectsAll:
        'PodDisruptionBudget "{{name}}" has an empty selector, which selects every pod in namespace "{{namespace}}": unrelated workloads share one budget, so their evictions count against each other during drains, and any pod that also has a budget of its own cannot be evicted at all.',
      useSelectorOf: 'Select the pods of {{kind}} "{{workload}}"',
    },
    docs: {
      description: 'A PodDisruptionBudget must select the pods it is meant to protect: a selector that matches nothing protects nothing.',
      source: {
        title: 'Kubernetes: PodDisruptionBudget v1 (selector: null selects no pods, {} selects every pod in the namespace)',
        url: `${K8S}/reference/kubernetes-api/policy-resources/pod-disruption-budget-v1/`,
      },
    },
    options: {
      type: 'object',
      properties: {
        externalPodLabels: {
          description:
            'Label sets of pods that exist in the cluster but not in these manifests (pods that operators or custom controllers create). A budget whose selector matches one of them is not reported.',
          type: 'array',
          items: { type: 'object', additionalProperties: { type: 'string' } },
          default: [],
        },
      },
      additionalProperties: false,
    },
  },
  check({ resource, namespace, relations, settings, options, report }) {
    if (resource.group !== 'policy' || isHelmHook(resource)) return;
    const spec = get(resource.object, ['spec']);
    if (!isObject(spec)) return;
    const name = resource.name;
    const value = spec.selector;

    if (value === undefined || value === null) {
      report({
        at: ['spec', 'selector'],
        messageId: 'noSelector',
        data: { name },
        suggest: suggestions(resource, relations, null),
      });
      return;
    }
    if (!isObject(value)) return; // The API rejects it.
    const selector = parseLabelSelector(value);
    if (selector && selector.requirements.length === 0) {
      const v1beta1 = resource.apiVersion === 'policy/v1beta1';
      report({
        at: ['spec', 'selector'],
        messageId: v1beta1 ? 'emptySelectorV1beta1' : 'selectsAll',
        data: { name, namespace },
        suggest: suggestions(resource, relations, null),
      });
      return;
    }

    const workloads = relations.bucket(namespace).workloads;
    if (workloads.some((workload) => selectorSelectsOwn(selector, workload))) return;
    if (matchesExternalPods(selector, options.externalPodLabels)) return;
    if (selector?.requirements.some((requirement) => OPERATOR_LABEL_PREFIXES.some((prefix) => requirement.key.startsWith(prefix)))) {
      return;
    }
    const partial = settings.manifestSet === 'partial';
    report({
      at: ['spec', 'selector'],
      messageId: partial ? 'noMatchPartial' : 'noMatch',
      data: { name, namespace, selector: describeSelector(value) },
      ...(partial ? { maxSeverity: 'info' as const } : {}),
      suggest: suggestions(resource, relations, selector),
    });
  },
});

function matchesExternalPods(selector: Selector | null, external: unknown): boolean {
  if (!Array.isArray(external)) return false;
  return external.some((labels) => isObject(labels) && matches(selector, labelsOf(labels)));
}

/** `app=web, tier in (api)` — the selector as kubectl prints it, short. */
function describeSelector(value: Record<string, unknown>): string {
  const parts: string[] = Object.entries(labelsOf(value.matchLabels)).map(([key, v]) => `${key}=${v}`);
  if (Array.isArray(value.matchExpressions)) {
    for (const expression of value.matchExpressions) {
      if (!isObject(expression) || typeof expression.key !== 'string') continue;
      const values = Array.isArray(expression.values) ? expression.values.map(String).join(', ') : '';
      const operator = String(expression.operator ?? '');
      parts.push(operator === 'Exists' || operator === 'DoesNotExist' ? `${operator === 'Exists' ? '' : '!'}${expression.key}` : `${expression.key} ${operator.toLowerCase()} (${values})`);
    }
  }
  const text = parts.join(', ');
  return text.length > 160 ? `${text.slice(0, 157)}...` : text;
}

interface Candidate {
  workload: Workload;
  selector: Record<string, unknown>;
  pairs: number;
  keys: number;
  named: number;
  order: number;
}

/**
 * The selectors of the namespace's replicated workloads, as fixes, ranked by how many labels they share with
 * the broken selector (pairs, then keys), then by how close the workload's name is to the budget's. Workloads
 * that another budget already covers are left out, and so is any selector that would also select them: a pod
 * with two budgets cannot be evicted at all (pdb-overlapping).
 */
function suggestions(pdb: Resource, relations: Relations, selector: Selector | null): FixSpec[] {
  const bucket = relations.bucket(relations.namespaceOf(pdb));
  const otherPdbs = bucket.pdbs.filter((other) => other !== pdb);
  const coveredSet = new Set(
    bucket.workloads.filter((workload) => otherPdbs.some((other) => matches(pdbSelector(other), workload.templateLabels))),
  );
  const covered = (workload: Workload) => coveredSet.has(workload);
  const pinned = pinnedLabels(selector);
  const keys = new Set(selector?.requirements.map((requirement) => requirement.key) ?? []);
  const candidates: Candidate[] = [];
  bucket.workloads.forEach((workload, order) => {
    if (!REPLICATED_KINDS.includes(workload.kind) || workload.helmHook || covered(workload)) return;
    const own = ownSelector(workload);
    if (!own) return;
    const parsed = parseLabelSelector(own);
    if ([...coveredSet].some((other) => other !== workload && matches(parsed, other.templateLabels))) return;
    // Nor a selector under which the budget's own minAvailable would block every eviction (pdb-blocks-eviction).
    if (minAvailableBlocks(pdb, bucket.workloads.filter((other) => matches(parsed, other.templateLabels)), relations)) return;
    const labels = workload.templateLabels;
    candidates.push({
      workload,
      selector: own,
      pairs: Object.entries(pinned).filter(([key, value]) => labels[key] === value).length,
      keys: Object.keys(labels).filter((key) => keys.has(key)).length,
      named: nameAffinity(pdb.name, workload.resource.name),
      order,
    });
  });
  candidates.sort((a, b) => b.pairs - a.pairs || b.keys - a.keys || b.named - a.named || a.order - b.order);
  const withComments = hasCommentsAt(pdb, ['spec', 'selector']);
  return distinctObjects(candidates, (candidate) => candidate.workload.resource).slice(0, MAX_SUGGESTIONS).map((candidate) => ({
    messageId: 'useSelectorOf',
    data: { kind: candidate.workload.kind, workload: candidate.workload.resource.name },
    apply: (fix) => {
      // Replacing the selector would drop the comments inside it; the user edits those by hand.
      if (withComments) throw new FixNotPossible('the selector has comments');
      fix.replace(pdb, ['spec', 'selector'], candidate.selector);
    },
  }));
}

/** 2 when one name is the other plus a suffix or prefix (`web` and `web-pdb`), 1 when they share a word. */
function nameAffinity(pdbName: string, workloadName: string): number {
  if (!pdbName || !workloadName) return 0;
  if (pdbName === workloadName || pdbName.startsWith(`${workloadName}-`) || pdbName.endsWith(`-${workloadName}`)) return 2;
  const words = new Set(pdbName.split(/[-_.]/).filter((word) => word.length > 2 && word !== 'pdb'));
  return workloadName.split(/[-_.]/).some((word) => words.has(word)) ? 1 : 0;
}
