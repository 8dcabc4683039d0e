import type { FixBuilder } from '../../server/src/engine/fix-builder';
import { FixNotPossible } from '../../server/src/engine/fix-builder';
import { isObject } from '../../server/src/engine/parse';
import { defineRule, type FixSpec, type Report, type Settings } from '../../server/src/engine/rule-api';
import { parseLabelSelector } from '../../server/src/engine/selectors';
import { WORKLOAD_KINDS, type Workload } from '../../server/src/engine/workload';
import { EKS } from '../lib/docs';
import {
  formatLabels,
  formatSelector,
  hasComments,
  ownSelectorWithout,
  replaceSelector,
  selectorKeys,
  selectorProblem,
  spreadTerms,
  type SpreadTerm,
} from '../lib/spread';
import { atLeast } from '../lib/versions';
import { type InvalidField, invalidFields } from './validity';

/** A Pod read back from a cluster: since 1.33 the API server has merged `matchLabelKeys` into its selectors. */
function readBackPod(workload: Workload): boolean {
  if (workload.kind !== 'Pod') return false;
  const object = workload.resource.object;
  const metadata = isObject(object.metadata) ? object.metadata : {};
  return (Array.isArray(metadata.ownerReferences) && metadata.ownerReferences.length > 0) || isObject(object.status);
}

/** Whether the API server of `settings.kubernetesVersion` validates the term's `matchLabelKeys` (the field is dropped before that). */
function matchLabelKeysEnabled(term: SpreadTerm, settings: Settings): boolean {
  return atLeast(settings.kubernetesVersion, term.source === 'tsc' ? '1.27' : '1.31');
}

function describe(term: SpreadTerm): string {
  return term.source === 'tsc' ? 'spread constraint' : 'anti-affinity term';
}

export default defineRule({
  meta: {
    id: 'spread-selector-mismatch',
    category: 'static-stability',
    severity: 'warning',
    signal: 'strong',
    fixable: 'safe',
    kinds: WORKLOAD_KINDS,
    messages: {
      mismatch:
        'The {{topologyKey}} spread constraint of {{kind}} "{{name}}" counts pods matching {{selector}}, not its own pods ({{labels}}): the scheduler balances the wrong pods, so the replicas are not spread.',
      selectorMissing:
        'The {{topologyKey}} spread constraint of {{kind}} "{{name}}" has no labelSelector: it counts no pods, so it spreads nothing.',
      matchLabelKeysWithoutSelector:
        'The {{topologyKey}} {{term}} of {{kind}} "{{name}}" sets matchLabelKeys without a labelSelector: the API server rejects it, so no pod is created.',
      antiAffinityMismatch:
        'The {{topologyKey}} anti-affinity term of {{kind}} "{{name}}" selects {{selector}}, which matches neither its own pods ({{labels}}) nor any other workload in the namespace: the replicas are not kept apart.',
      duplicateKey:
        '{{keys}} in both matchLabelKeys and the labelSelector of this {{term}}: the API server rejects {{kind}} "{{name}}", so no pod is created.',
      invalidField: 'This {{term}} of {{kind}} "{{name}}" {{problem}}: the API server rejects the {{kind}}, so no pod is created.',
      useOwnSelector: 'Select the pods of {{name}} ({{selector}})',
      addSelector: 'Add a labelSelector for the pods of {{name}} ({{selector}})',
      removeDuplicates: 'Remove {{keys}} from {{where}}',
      setField: 'Set {{field}} to {{value}}',
      removeField: 'Remove {{field}}',
    },
    docs: {
      description:
        'A topology spread constraint or anti-affinity term must select the pods of its own workload, or the scheduler spreads the wrong pods.',
      source: {
        title: 'EKS Best Practices: Reliability › Applications › Using Pod topology spread constraints',
        url: `${EKS}/application.html`,
      },
    },
  },
  check({ workload, relations, settings, namespace, report }) {
    if (!workload || workload.helmHook) return;
    const { kind } = workload;
    const { name } = workload.resource;
    const others = relations.bucket(namespace).workloads;
    const readBack = readBackPod(workload);

    const terms = spreadTerms(workload, namespace);
    terms.forEach((term, i) => {
      const data = { kind, name, topologyKey: term.topologyKey || '(no topologyKey)', term: describe(term) };
      for (const invalid of invalidFields(term, terms.slice(0, i), settings)) report(invalidFieldReport(workload, term, invalid, data));
      // Replacing the selector of a soft constraint only makes it count the right pods; anything hard may hold pods Pending.
      const safe = term.source === 'tsc' && term.whenUnsatisfiable === 'ScheduleAnyway';
      const offer = (spec: FixSpec | undefined): Pick<Report, 'fix' | 'suggest'> =>
        !spec ? {} : safe ? { fix: spec } : { suggest: [spec] };
      const keysChecked = !readBack && term.matchLabelKeys.length > 0 && matchLabelKeysEnabled(term, settings);

      if (!term.hasSelector && keysChecked) {
        report({
          at: [...term.path, 'matchLabelKeys'],
          messageId: 'matchLabelKeysWithoutSelector',
          data,
          severity: 'error',
          ...offer(addSelectorFix(workload, term)),
        });
        return;
      }

      if (keysChecked) reportDuplicates(workload, term, data, report);

      const problem = selectorProblem(term, workload, others);
      if (problem === 'missing') {
        report({
          at: [...term.path, 'topologyKey'],
          messageId: 'selectorMissing',
          data,
          ...offer(addSelectorFix(workload, term)),
        });
      } else if (problem === 'mismatch') {
        const selector = ownSelectorWithout(workload, term.matchLabelKeys);
        const spec: FixSpec | undefined = selector
          ? {
              messageId: 'useOwnSelector',
              data: { name, selector: formatSelector(selector) },
              apply: (fix) => replaceSelector(fix, workload, term.selectorPath, selector),
            }
          : undefined;
        report({
          at: term.selectorPath,
          messageId: term.source === 'tsc' ? 'mismatch' : 'antiAffinityMismatch',
          data: { ...data, selector: formatSelector(term.raw.labelSelector), labels: formatLabels(workload.templateLabels) },
          severity: term.hard ? 'error' : 'warning',
          ...(term.source === 'tsc' ? offer(spec) : spec ? { suggest: [spec] } : {}),
        });
      }
    });
  },
});

/** Any repair changes what the scheduler does once the object is accepted, so it is offered, never applied by --fix. */
function invalidFieldReport(workload: Workload, term: SpreadTerm, invalid: InvalidField, data: Record<string, string>): Report {
  const at = [...term.path, invalid.field];
  const repair = invalid.repair;
  const suggest: FixSpec[] = !repair
    ? []
    : repair.kind === 'remove'
      ? [{ messageId: 'removeField', data: { field: invalid.field }, apply: (fix) => fix.remove(workload.resource, at) }]
      : [{ messageId: 'setField', data: { field: invalid.field, value: String(repair.value) }, apply: (fix) => fix.set(workload.resource, at, repair.value) }];
  return {
    at,
    ...(invalid.present ? { on: 'value' as const } : {}),
    messageId: 'invalidField',
    data: { ...data, problem: invalid.problem },
    severity: 'error',
    suggest,
  };
}

function addSelectorFix(workload: Workload, term: SpreadTerm): FixSpec | undefined {
  const selector = ownSelectorWithout(workload, term.matchLabelKeys);
  if (!selector) return undefined;
  return {
    messageId: 'addSelector',
    data: { name: workload.resource.name, selector: formatSelector(selector) },
    apply: (fix) => fix.ensure(workload.resource, term.selectorPath, selector),
  };
}

/**
 * A key in both `matchLabelKeys` and `labelSelector`. When the template carries the key, the selector's value
 * is meant and the key leaves `matchLabelKeys`; that changes nothing when the selector already pins the
 * template's own value (safe). When the template does not carry it (a copied `pod-template-hash` value), the
 * stale value leaves the selector.
 */
function reportDuplicates(
  workload: Workload,
  term: SpreadTerm,
  data: Record<string, string>,
  report: (report: Report) => void,
): void {
  const inSelector = selectorKeys(term.raw.labelSelector);
  const duplicates = term.matchLabelKeys.filter((key, i) => inSelector.has(key) && term.matchLabelKeys.indexOf(key) === i);
  if (duplicates.length === 0) return;
  const labels = workload.templateLabels;
  const fromKeys = duplicates.filter((key) => Object.prototype.hasOwnProperty.call(labels, key));
  const fromSelector = duplicates.filter((key) => !fromKeys.includes(key));
  const requirements = parseLabelSelector(term.raw.labelSelector)?.requirements ?? [];
  const redundant = fromKeys.every((key) =>
    requirements.filter((r) => r.key === key).every((r) => r.operator === 'In' && r.values.length === 1 && r.values[0] === labels[key]),
  );
  const where =
    fromKeys.length && fromSelector.length ? 'matchLabelKeys and labelSelector' : fromKeys.length ? 'matchLabelKeys' : 'the labelSelector';
  const spec: FixSpec = {
    messageId: 'removeDuplicates',
    data: { keys: quoteList(duplicates), where },
    apply: (fix) => {
      removeFromMatchLabelKeys(fix, workload, term, fromKeys);
      removeFromSelector(fix, workload, term, fromSelector);
    },
  };
  // Removing a redundant key changes nothing the scheduler does; dropping a selector value is a judgment call.
  const safe = fromSelector.length === 0 && redundant;
  const index = term.matchLabelKeys.indexOf(duplicates[0]!);
  report({
    at: [...term.path, 'matchLabelKeys', index],
    on: 'value',
    messageId: 'duplicateKey',
    data: { ...data, keys: duplicates.length === 1 ? `"${duplicates[0]}" is` : `${quoteList(duplicates)} are` },
    severity: 'error',
    ...(safe ? { fix: spec } : { suggest: [spec] }),
  });
}

function quoteList(keys: string[]): string {
  return keys.map((key) => `"${key}"`).join(', ');
}

function removeFromMatchLabelKeys(fix: FixBuilder, workload: Workload, term: SpreadTerm, keys: string[]): void {
  if (keys.length === 0) return;
  const path = [...term.path, 'matchLabelKeys'];
  const remaining = term.matchLabelKeys.filter((key) => !keys.includes(key));
  if (remaining.length === 0) {
    fix.remove(workload.resource, path);
    return;
  }
  if (hasComments(workload.resource, path)) throw new FixNotPossible('matchLabelKeys holds comments');
  fix.replace(workload.resource, path, remaining);
}

function removeFromSelector(fix: FixBuilder, workload: Workload, term: SpreadTerm, keys: string[]): void {
  if (keys.length === 0) return;
  const selector = term.raw.labelSelector;
  if (!isObject(selector)) return;
  const expressions = Array.isArray(selector.matchExpressions) ? selector.matchExpressions : [];
  if (expressions.some((expression) => isObject(expression) && keys.includes(String(expression.key)))) {
    throw new FixNotPossible('cannot remove a matchExpressions item');
  }
  const matchLabels = isObject(selector.matchLabels) ? selector.matchLabels : {};
  const kept = Object.keys(matchLabels).filter((key) => !keys.includes(key));
  const path = [...term.selectorPath, 'matchLabels'];
  if (kept.length > 0) {
    for (const key of keys) fix.remove(workload.resource, [...path, key]);
  } else if (expressions.length > 0) {
    fix.remove(workload.resource, path);
  } else {
    // An empty selector selects every pod, which matchLabelKeys then narrow to this revision's own.
    fix.replace(workload.resource, term.selectorPath, {});
  }
}
