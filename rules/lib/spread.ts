import { isObject } from '../../server/src/engine/parse';
import type { FixBuilder } from '../../server/src/engine/fix-builder';
import type { Settings } from '../../server/src/engine/rule-api';
import { labelsOf, matches, parseLabelSelector } from '../../server/src/engine/selectors';
import type { Workload } from '../../server/src/engine/workload';
import type { Path } from '../../server/src/engine/yaml-path';
import { atLeast } from './versions';

export const ZONE_KEY = 'topology.kubernetes.io/zone';
export const LEGACY_ZONE_KEY = 'failure-domain.beta.kubernetes.io/zone';
export const HOSTNAME_KEY = 'kubernetes.io/hostname';
const ZONE_KEYS = new Set([ZONE_KEY, LEGACY_ZONE_KEY]);

export interface SpreadTerm {
  source: 'tsc' | 'anti-affinity';
  /** Path of the constraint or affinity term, relative to the resource. */
  path: Path;
  /** Path of its label selector (which may be missing). */
  selectorPath: Path;
  topologyKey: string;
  /** True for `DoNotSchedule` and for `required…` anti-affinity. */
  hard: boolean;
  hasSelector: boolean;
  selectsOwnPods: boolean;
  whenUnsatisfiable: string | undefined;
  matchLabelKeys: string[];
  /** The term names other namespaces: it is about other applications, not this one. */
  crossNamespace: boolean;
  raw: Record<string, unknown>;
}

/** Every topology spread constraint and pod anti-affinity term of a pod template, evaluated against its own labels. */
export function spreadTerms(workload: Workload): SpreadTerm[] {
  const terms: SpreadTerm[] = [];
  const spec = workload.podSpec;
  const base = workload.podSpecPath;
  const constraints = Array.isArray(spec.topologySpreadConstraints) ? spec.topologySpreadConstraints : [];
  constraints.forEach((constraint, i) => {
    if (!isObject(constraint)) return;
    const selector = constraint.labelSelector;
    terms.push({
      source: 'tsc',
      path: [...base, 'topologySpreadConstraints', i],
      selectorPath: [...base, 'topologySpreadConstraints', i, 'labelSelector'],
      topologyKey: String(constraint.topologyKey ?? ''),
      hard: constraint.whenUnsatisfiable !== 'ScheduleAnyway',
      hasSelector: isObject(selector),
      selectsOwnPods: matches(parseLabelSelector(selector), workload.templateLabels),
      whenUnsatisfiable: typeof constraint.whenUnsatisfiable === 'string' ? constraint.whenUnsatisfiable : undefined,
      matchLabelKeys: Array.isArray(constraint.matchLabelKeys) ? constraint.matchLabelKeys.map(String) : [],
      crossNamespace: false,
      raw: constraint,
    });
  });
  const antiAffinity = isObject(spec.affinity) && isObject(spec.affinity.podAntiAffinity) ? spec.affinity.podAntiAffinity : {};
  const affinityPath = [...base, 'affinity', 'podAntiAffinity'];
  const required = antiAffinity.requiredDuringSchedulingIgnoredDuringExecution;
  (Array.isArray(required) ? required : []).forEach((term, i) => {
    if (isObject(term)) terms.push(affinityTerm(workload, term, [...affinityPath, 'requiredDuringSchedulingIgnoredDuringExecution', i], true));
  });
  const preferred = antiAffinity.preferredDuringSchedulingIgnoredDuringExecution;
  (Array.isArray(preferred) ? preferred : []).forEach((weighted, i) => {
    if (isObject(weighted) && isObject(weighted.podAffinityTerm)) {
      const path = [...affinityPath, 'preferredDuringSchedulingIgnoredDuringExecution', i, 'podAffinityTerm'];
      terms.push(affinityTerm(workload, weighted.podAffinityTerm, path, false));
    }
  });
  return terms;
}

function affinityTerm(workload: Workload, term: Record<string, unknown>, path: Path, hard: boolean): SpreadTerm {
  return {
    source: 'anti-affinity',
    path,
    selectorPath: [...path, 'labelSelector'],
    topologyKey: String(term.topologyKey ?? ''),
    hard,
    hasSelector: isObject(term.labelSelector),
    selectsOwnPods: matches(parseLabelSelector(term.labelSelector), workload.templateLabels),
    whenUnsatisfiable: undefined,
    matchLabelKeys: Array.isArray(term.matchLabelKeys) ? term.matchLabelKeys.map(String) : [],
    crossNamespace: (Array.isArray(term.namespaces) && term.namespaces.length > 0) || term.namespaceSelector !== undefined,
    raw: term,
  };
}

export function isZoneKey(key: string): boolean {
  return ZONE_KEYS.has(key);
}

/** The selector a generated constraint or budget uses: a verbatim copy of `spec.selector`, else the template labels. */
export function ownSelector(workload: Workload): Record<string, unknown> | undefined {
  const selector = workload.resource.object.spec;
  const written = isObject(selector) && isObject(selector.selector) ? selector.selector : undefined;
  if (written && workload.selector) {
    const copy: Record<string, unknown> = {};
    if (isObject(written.matchLabels) && Object.keys(written.matchLabels).length) copy.matchLabels = labelsOf(written.matchLabels);
    if (Array.isArray(written.matchExpressions) && written.matchExpressions.length) copy.matchExpressions = written.matchExpressions;
    // A ReplicationController's selector is a plain map.
    if (!copy.matchLabels && !copy.matchExpressions && workload.kind === 'ReplicationController') copy.matchLabels = labelsOf(written);
    if (copy.matchLabels || copy.matchExpressions) return copy;
  }
  const labels = workload.templateLabels;
  return Object.keys(labels).length ? { matchLabels: { ...labels } } : undefined;
}

/** `matchLabelKeys` keeps rolling updates from counting old pods; only for kinds that label revisions. */
function revisionLabelKey(workload: Workload, settings: Settings): string | undefined {
  if (!atLeast(settings.kubernetesVersion, '1.27')) return undefined;
  if (workload.kind === 'Deployment' && workload.resource.apiVersion === 'apps/v1') return 'pod-template-hash';
  if (workload.kind === 'Rollout') return 'rollouts-pod-template-hash';
  return undefined;
}

function selectorKeys(selector: Record<string, unknown>): Set<string> {
  const keys = new Set(Object.keys(isObject(selector.matchLabels) ? selector.matchLabels : {}));
  if (Array.isArray(selector.matchExpressions)) {
    for (const expression of selector.matchExpressions) if (isObject(expression)) keys.add(String(expression.key));
  }
  return keys;
}

export function spreadConstraint(workload: Workload, settings: Settings, topologyKey: string): Record<string, unknown> | undefined {
  const labelSelector = ownSelector(workload);
  if (!labelSelector) return undefined;
  const constraint: Record<string, unknown> = {
    maxSkew: 1,
    topologyKey,
    whenUnsatisfiable: 'ScheduleAnyway',
    labelSelector,
  };
  const revisionKey = revisionLabelKey(workload, settings);
  if (topologyKey === ZONE_KEY && revisionKey && !selectorKeys(labelSelector).has(revisionKey)) {
    constraint.matchLabelKeys = [revisionKey];
  }
  return constraint;
}

/**
 * Adds the zone and hostname spread (RULES.md S1) without repeating a `{topologyKey, whenUnsatisfiable}`
 * pair that already exists: the API rejects duplicates. Returns false when nothing can be added.
 */
export function addSpread(
  fix: FixBuilder,
  workload: Workload,
  settings: Settings,
  keys: readonly string[] = [ZONE_KEY, HOSTNAME_KEY],
): boolean {
  const existing = spreadTerms(workload).filter((term) => term.source === 'tsc');
  const additions = keys
    .filter((key) => !existing.some((term) => term.topologyKey === key && term.whenUnsatisfiable === 'ScheduleAnyway'))
    .map((key) => spreadConstraint(workload, settings, key))
    .filter((constraint): constraint is Record<string, unknown> => constraint !== undefined);
  if (additions.length === 0) return false;
  const listPath = [...workload.podSpecPath, 'topologySpreadConstraints'];
  if (existing.length === 0) fix.ensure(workload.resource, listPath, additions);
  else for (const constraint of additions) fix.appendItem(workload.resource, listPath, constraint);
  return true;
}

/** Zone spread that selects the template's own pods: through a constraint or an anti-affinity term. */
export function hasZoneSpread(workload: Workload): boolean {
  return spreadTerms(workload).some((term) => isZoneKey(term.topologyKey) && term.selectsOwnPods);
}
