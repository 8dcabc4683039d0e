import { isMap, isPair, isSeq } from 'yaml';
import { FixNotPossible, type FixBuilder } from '../../server/src/engine/fix-builder';
import { isObject } from '../../server/src/engine/parse';
import type { Settings } from '../../server/src/engine/rule-api';
import { labelsOf, matches, parseLabelSelector, type Labels, type Requirement, type Selector } from '../../server/src/engine/selectors';
import { get, type Workload } from '../../server/src/engine/workload';
import { locate, type Path } from '../../server/src/engine/yaml-path';
import { atLeast } from './versions';

export const ZONE_KEY = 'topology.kubernetes.io/zone';
export const LEGACY_ZONE_KEY = 'failure-domain.beta.kubernetes.io/zone';
/** Set by the EBS CSI node plugin; same values as the zone label. */
export const EBS_ZONE_KEY = 'topology.ebs.csi.aws.com/zone';
/** The AZ ID (`use1-az1`), the same physical zone in every AWS account. */
export const ZONE_ID_KEY = 'topology.k8s.aws/zone-id';
export const HOSTNAME_KEY = 'kubernetes.io/hostname';

/** Node labels whose value names the node's Availability Zone (RULES.md S3). */
export const ZONE_KEYS: readonly string[] = [ZONE_KEY, LEGACY_ZONE_KEY, EBS_ZONE_KEY, ZONE_ID_KEY];

export function isZoneKey(key: string): boolean {
  return ZONE_KEYS.includes(key);
}

/** Zone names (`us-east-1a`) and zone IDs (`use1-az1`) are different namespaces: only values of one family compare. */
function zoneFamily(key: string): 'name' | 'id' {
  return key === ZONE_ID_KEY ? 'id' : 'name';
}

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
  /** Whether the term counts the pods of its own workload (see `selectsOwnPods`). */
  selectsOwnPods: boolean;
  whenUnsatisfiable: string | undefined;
  matchLabelKeys: string[];
  mismatchLabelKeys: string[];
  /** The term names other namespaces (`namespaces` or `namespaceSelector`). */
  crossNamespace: boolean;
  raw: Record<string, unknown>;
}

/**
 * Labels that the controllers add to every pod they create, which a manifest never shows: a selector may
 * use them and still select its own pods. Known values are filled in; keys with runtime values are listed
 * in `unknown` and any requirement on them is taken as satisfied.
 */
function implicitLabels(workload: Workload): { known: Labels; unknown: ReadonlySet<string> } {
  const name = workload.resource.name;
  switch (workload.kind) {
    case 'Deployment':
      return { known: {}, unknown: new Set(['pod-template-hash']) };
    case 'Rollout':
      return { known: {}, unknown: new Set(['rollouts-pod-template-hash']) };
    case 'StatefulSet':
      return {
        known: {},
        unknown: new Set(['controller-revision-hash', 'statefulset.kubernetes.io/pod-name', 'apps.kubernetes.io/pod-index']),
      };
    case 'DaemonSet':
      return { known: {}, unknown: new Set(['controller-revision-hash', 'pod-template-generation']) };
    case 'Job':
      return {
        known: name ? { 'job-name': name, 'batch.kubernetes.io/job-name': name } : {},
        unknown: new Set(['controller-uid', 'batch.kubernetes.io/controller-uid', 'batch.kubernetes.io/job-completion-index']),
      };
    case 'CronJob':
      return {
        known: {},
        unknown: new Set([
          'job-name',
          'batch.kubernetes.io/job-name',
          'controller-uid',
          'batch.kubernetes.io/controller-uid',
          'batch.kubernetes.io/job-completion-index',
        ]),
      };
    default:
      return { known: {}, unknown: new Set() };
  }
}

/** The template's labels plus the ones its controller adds with known values. */
export function ownLabels(workload: Workload): Labels {
  return { ...implicitLabels(workload).known, ...workload.templateLabels };
}

/** Whether a parsed selector selects the workload's own pods (a null selector selects nothing). */
export function selectorSelectsOwn(selector: Selector | null, workload: Workload): boolean {
  if (!selector) return false;
  const { unknown } = implicitLabels(workload);
  const labels = ownLabels(workload);
  const requirements = selector.requirements.filter(
    (requirement) => !(unknown.has(requirement.key) && !Object.prototype.hasOwnProperty.call(labels, requirement.key)),
  );
  return matches({ requirements }, labels);
}

/** Whether a `metav1.LabelSelector` as written selects the workload's own pods. */
export function selectsOwnPods(selectorValue: unknown, workload: Workload): boolean {
  return selectorSelectsOwn(parseLabelSelector(selectorValue), workload);
}

function stringList(value: unknown): string[] {
  return Array.isArray(value) ? value.filter((v) => v !== null && typeof v !== 'object').map(String) : [];
}

/**
 * Every topology spread constraint and pod anti-affinity term of a pod template, evaluated against its own
 * labels. `namespace` is the workload's effective namespace (for anti-affinity terms that name namespaces).
 */
export function spreadTerms(workload: Workload, namespace?: string): SpreadTerm[] {
  const terms: SpreadTerm[] = [];
  const spec = workload.podSpec;
  const base = workload.podSpecPath;
  const constraints = Array.isArray(spec.topologySpreadConstraints) ? spec.topologySpreadConstraints : [];
  constraints.forEach((constraint, i) => {
    if (!isObject(constraint)) return;
    const selector = constraint.labelSelector;
    const whenUnsatisfiable = typeof constraint.whenUnsatisfiable === 'string' ? constraint.whenUnsatisfiable : undefined;
    terms.push({
      source: 'tsc',
      path: [...base, 'topologySpreadConstraints', i],
      selectorPath: [...base, 'topologySpreadConstraints', i, 'labelSelector'],
      topologyKey: typeof constraint.topologyKey === 'string' ? constraint.topologyKey : '',
      hard: whenUnsatisfiable === 'DoNotSchedule',
      hasSelector: isObject(selector),
      // matchLabelKeys only narrow the selector to the incoming pod's own values: they never exclude it.
      selectsOwnPods: selectsOwnPods(selector, workload),
      whenUnsatisfiable,
      matchLabelKeys: stringList(constraint.matchLabelKeys),
      mismatchLabelKeys: [],
      crossNamespace: false,
      raw: constraint,
    });
  });
  const affinity = isObject(spec.affinity) ? spec.affinity : {};
  const antiAffinity = isObject(affinity.podAntiAffinity) ? affinity.podAntiAffinity : {};
  const affinityPath = [...base, 'affinity', 'podAntiAffinity'];
  const ns = namespace ?? workload.resource.declaredNamespace ?? 'default';
  const required = antiAffinity.requiredDuringSchedulingIgnoredDuringExecution;
  (Array.isArray(required) ? required : []).forEach((term, i) => {
    if (isObject(term)) {
      terms.push(affinityTerm(workload, ns, term, [...affinityPath, 'requiredDuringSchedulingIgnoredDuringExecution', i], true));
    }
  });
  const preferred = antiAffinity.preferredDuringSchedulingIgnoredDuringExecution;
  (Array.isArray(preferred) ? preferred : []).forEach((weighted, i) => {
    if (isObject(weighted) && isObject(weighted.podAffinityTerm)) {
      const path = [...affinityPath, 'preferredDuringSchedulingIgnoredDuringExecution', i, 'podAffinityTerm'];
      terms.push(affinityTerm(workload, ns, weighted.podAffinityTerm, path, false));
    }
  });
  return terms;
}

function affinityTerm(workload: Workload, namespace: string, term: Record<string, unknown>, path: Path, hard: boolean): SpreadTerm {
  const namespaces = stringList(term.namespaces);
  const namespaceSelector = term.namespaceSelector;
  const mismatchLabelKeys = stringList(term.mismatchLabelKeys);
  // mismatchLabelKeys add `key notin (own value)`: the term then excludes the workload's own pods.
  const excludesOwn = mismatchLabelKeys.some((key) => Object.prototype.hasOwnProperty.call(workload.templateLabels, key));
  return {
    source: 'anti-affinity',
    path,
    selectorPath: [...path, 'labelSelector'],
    topologyKey: typeof term.topologyKey === 'string' ? term.topologyKey : '',
    hard,
    hasSelector: isObject(term.labelSelector),
    selectsOwnPods: !excludesOwn && countsNamespace(namespaces, namespaceSelector, namespace) && selectsOwnPods(term.labelSelector, workload),
    whenUnsatisfiable: undefined,
    matchLabelKeys: stringList(term.matchLabelKeys),
    mismatchLabelKeys,
    crossNamespace: namespaces.length > 0 || isObject(namespaceSelector),
    raw: term,
  };
}

/**
 * Whether an affinity term counts pods of `namespace`: the pod's own namespace when neither field is set,
 * else the union of `namespaces` and `namespaceSelector`. Namespace labels other than
 * `kubernetes.io/metadata.name` are unknown here, so a selector on them is given the benefit of the doubt.
 */
function countsNamespace(namespaces: string[], namespaceSelector: unknown, namespace: string): boolean {
  if (namespaces.length === 0 && !isObject(namespaceSelector)) return true;
  if (namespaces.includes(namespace)) return true;
  if (!isObject(namespaceSelector)) return false;
  const selector = parseLabelSelector(namespaceSelector);
  if (!selector) return false;
  if (selector.requirements.some((requirement) => requirement.key !== 'kubernetes.io/metadata.name')) return true;
  return matches(selector, { 'kubernetes.io/metadata.name': namespace });
}

/** What `spread-selector-mismatch` (RULES.md S2) reports about a term's selector, if anything. */
export type SelectorProblem = 'missing' | 'mismatch';

/**
 * The selector problem of one term (RULES.md S2):
 * * a spread constraint with no `labelSelector` (it counts no pods), or one that misses the template's own pods;
 * * an anti-affinity term on a zone or hostname key, in its own namespace, whose selector uses a key the
 *   template carries with a value the template does not have, and that selects no other workload either
 *   (anti-affinity towards another application is a documented pattern, not a mistake).
 */
export function selectorProblem(term: SpreadTerm, workload: Workload, others: readonly Workload[]): SelectorProblem | undefined {
  if (term.source === 'tsc') {
    if (!term.hasSelector) return 'missing';
    return term.selectsOwnPods ? undefined : 'mismatch';
  }
  if (term.crossNamespace || term.mismatchLabelKeys.length > 0 || !term.hasSelector || term.selectsOwnPods) return undefined;
  if (!isZoneKey(term.topologyKey) && term.topologyKey !== HOSTNAME_KEY) return undefined;
  const selector = parseLabelSelector(term.raw.labelSelector);
  if (!selector) return undefined;
  const labels = workload.templateLabels;
  const contradictsOwnLabel = selector.requirements.some(
    (requirement) => Object.prototype.hasOwnProperty.call(labels, requirement.key) && !matches({ requirements: [requirement] }, labels),
  );
  if (!contradictsOwnLabel) return undefined;
  const selectsOther = others.some((other) => other !== workload && other.resource !== workload.resource && matches(selector, other.templateLabels));
  return selectsOther ? undefined : 'mismatch';
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
    // An invalid manifest may carry a selector that misses its own template: then the labels are the truth.
    if ((copy.matchLabels || copy.matchExpressions) && matches(parseLabelSelector(copy), workload.templateLabels)) return copy;
  }
  const labels = workload.templateLabels;
  return Object.keys(labels).length ? { matchLabels: { ...labels } } : undefined;
}

/**
 * The workload's own selector without requirements on `omit` keys: a constraint's `matchLabelKeys` already
 * pin those to the pod's own value, and the API rejects a key that appears in both.
 */
export function ownSelectorWithout(workload: Workload, omit: readonly string[]): Record<string, unknown> | undefined {
  const selector = ownSelector(workload);
  if (!selector || omit.length === 0) return selector;
  const result: Record<string, unknown> = {};
  if (isObject(selector.matchLabels)) {
    const kept = Object.fromEntries(Object.entries(selector.matchLabels).filter(([key]) => !omit.includes(key)));
    if (Object.keys(kept).length) result.matchLabels = kept;
  }
  if (Array.isArray(selector.matchExpressions)) {
    const kept = selector.matchExpressions.filter((expression) => !(isObject(expression) && omit.includes(String(expression.key))));
    if (kept.length) result.matchExpressions = kept;
  }
  return result;
}

/** The label keys a written selector uses, in `matchLabels` and `matchExpressions`. */
export function selectorKeys(selector: unknown): Set<string> {
  const keys = new Set<string>();
  if (!isObject(selector)) return keys;
  if (isObject(selector.matchLabels)) for (const key of Object.keys(selector.matchLabels)) keys.add(key);
  if (Array.isArray(selector.matchExpressions)) {
    for (const expression of selector.matchExpressions) if (isObject(expression) && typeof expression.key === 'string') keys.add(expression.key);
  }
  return keys;
}

/** `matchLabelKeys` keeps rolling updates from counting old pods; only for kinds that label revisions. */
export function revisionLabelKey(workload: Workload, settings: Settings): string | undefined {
  if (!atLeast(settings.kubernetesVersion, '1.27')) return undefined;
  if (workload.kind === 'Deployment' && workload.resource.apiVersion === 'apps/v1') return 'pod-template-hash';
  if (workload.kind === 'Rollout') return 'rollouts-pod-template-hash';
  return undefined;
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

function coversKey(term: SpreadTerm, key: string): boolean {
  return key === ZONE_KEY ? isZoneKey(term.topologyKey) : term.topologyKey === key;
}

/** What merging the S1 spread block into a pod template takes. */
export interface SpreadPlan {
  /** Topology keys the plan spreads on (new constraints or repaired ones). */
  keys: string[];
  /** Existing `ScheduleAnyway` constraints on a key of the block whose selector misses the pods: repaired in place. */
  repair: { path: Path; hasSelector: boolean; selector: Record<string, unknown> }[];
  /** New constraints to add. */
  add: Record<string, unknown>[];
}

/**
 * The zone and hostname spread of RULES.md S1, merged into what the template has:
 * * a key already spread on with a selector that matches the pods (any constraint or anti-affinity term) is skipped;
 * * a `ScheduleAnyway` constraint on the key whose selector misses the pods gets its selector fixed in place,
 *   because the API rejects two constraints with the same `{topologyKey, whenUnsatisfiable}` pair;
 * * otherwise a new `ScheduleAnyway` constraint is added.
 */
export function planSpread(
  workload: Workload,
  settings: Settings,
  keys: readonly string[] = [ZONE_KEY, HOSTNAME_KEY],
  namespace?: string,
): SpreadPlan {
  const terms = spreadTerms(workload, namespace);
  const plan: SpreadPlan = { keys: [], repair: [], add: [] };
  for (const key of keys) {
    if (terms.some((term) => coversKey(term, key) && term.selectsOwnPods)) continue;
    const clash = terms.find((term) => term.source === 'tsc' && term.topologyKey === key && term.whenUnsatisfiable === 'ScheduleAnyway');
    if (clash) {
      const selector = ownSelectorWithout(workload, clash.matchLabelKeys);
      if (!selector) continue;
      plan.repair.push({ path: clash.selectorPath, hasSelector: clash.hasSelector, selector });
      plan.keys.push(key);
      continue;
    }
    const constraint = spreadConstraint(workload, settings, key);
    if (!constraint) continue;
    plan.add.push(constraint);
    plan.keys.push(key);
  }
  return plan;
}

/** Applies a spread plan: repairs in place, then new constraints as list items in the user's style. */
export function applySpread(fix: FixBuilder, workload: Workload, plan: SpreadPlan): void {
  const resource = workload.resource;
  for (const repair of plan.repair) replaceSelector(fix, workload, repair.path, repair.selector);
  if (plan.add.length === 0) return;
  const listPath = [...workload.podSpecPath, 'topologySpreadConstraints'];
  const existing = get(resource.object, listPath);
  if (existing === undefined) fix.ensure(resource, listPath, plan.add);
  else if (existing === null || (Array.isArray(existing) && existing.length === 0)) fix.replace(resource, listPath, plan.add);
  else if (Array.isArray(existing)) for (const constraint of plan.add) fix.appendItem(resource, listPath, constraint);
  else throw new FixNotPossible('topologySpreadConstraints is not a list');
}

/** Adds the S1 spread block; false when there is nothing to add. */
export function addSpread(fix: FixBuilder, workload: Workload, settings: Settings, keys?: readonly string[]): boolean {
  const plan = planSpread(workload, settings, keys);
  if (plan.repair.length === 0 && plan.add.length === 0) return false;
  applySpread(fix, workload, plan);
  return true;
}

/** Zone spread that selects the template's own pods: through a constraint or an anti-affinity term. */
export function hasZoneSpread(workload: Workload, namespace?: string): boolean {
  return spreadTerms(workload, namespace).some((term) => isZoneKey(term.topologyKey) && term.selectsOwnPods);
}

/**
 * Replaces a label selector with `selector`. When both are plain `matchLabels` maps with the same keys, only
 * the differing values are rewritten (the copy-paste bug of the EKS guide): quoting and comments stay.
 */
export function replaceSelector(fix: FixBuilder, workload: Workload, selectorPath: Path, selector: Record<string, unknown>): void {
  const resource = workload.resource;
  const current = get(resource.object, selectorPath);
  const wanted = isObject(selector.matchLabels) ? selector.matchLabels : undefined;
  if (
    isObject(current) &&
    wanted &&
    Object.keys(selector).length === 1 &&
    Object.keys(current).length === 1 &&
    isObject(current.matchLabels) &&
    sameKeys(current.matchLabels, wanted) &&
    Object.values(current.matchLabels).every((value) => value !== null && typeof value !== 'object')
  ) {
    for (const [key, value] of Object.entries(wanted)) {
      if (String(current.matchLabels[key]) !== String(value)) fix.set(resource, [...selectorPath, 'matchLabels', key], String(value));
    }
    return;
  }
  if (current === undefined) {
    fix.ensure(resource, selectorPath, selector);
    return;
  }
  if (hasComments(resource, selectorPath)) throw new FixNotPossible('the selector holds comments');
  fix.replace(resource, selectorPath, selector);
}

function sameKeys(a: Record<string, unknown>, b: Record<string, unknown>): boolean {
  const keysA = Object.keys(a);
  const keysB = Object.keys(b);
  return keysA.length === keysB.length && keysA.every((key) => Object.prototype.hasOwnProperty.call(b, key));
}

/** Whether the node at `path` carries comments that replacing it would lose. */
export function hasComments(resource: Workload['resource'], path: Path): boolean {
  const located = locate(resource.document.yaml, resource.node, path);
  if (!located.found || !located.node) return false;
  const stack: unknown[] = [located.node];
  while (stack.length) {
    const node = stack.pop();
    if (!node || typeof node !== 'object') continue;
    const withComments = node as { comment?: string | null; commentBefore?: string | null };
    if (withComments.comment || withComments.commentBefore) return true;
    if (isPair(node)) stack.push(node.key, node.value);
    else if (isMap(node) || isSeq(node)) stack.push(...node.items);
  }
  return false;
}

/** A selector as `kubectl` prints one: `app=web,tier in (a,b)`. */
export function formatSelector(selector: unknown): string {
  const parsed = parseLabelSelector(selector);
  if (!parsed) return 'nothing';
  if (parsed.requirements.length === 0) return 'everything';
  return parsed.requirements.map(formatRequirement).join(',');
}

function formatRequirement({ key, operator, values }: Requirement): string {
  switch (operator) {
    case 'In':
      return values.length === 1 ? `${key}=${values[0]}` : `${key} in (${values.join(',')})`;
    case 'NotIn':
      return `${key} notin (${values.join(',')})`;
    case 'Exists':
      return key;
    case 'DoesNotExist':
      return `!${key}`;
    default:
      return `${key} ${operator} (${values.join(',')})`;
  }
}

export function formatLabels(labels: Labels): string {
  const entries = Object.entries(labels);
  return entries.length ? entries.map(([key, value]) => `${key}=${value}`).join(',') : 'no labels';
}

// ---------------------------------------------------------------------------------------------------------
// Zone pinning (RULES.md S3)

export interface ZonePin {
  /** The one zone (name or ID) the pod template can run in. */
  zone: string;
  /** Where to report: the nodeSelector entry, or the required node affinity. */
  at: Path;
  via: 'nodeSelector' | 'nodeAffinity';
  /** Zone keys set in `nodeSelector`. */
  nodeSelectorKeys: string[];
  /** Whether the required node affinity on its own allows exactly one zone. */
  affinityPins: boolean;
}

/**
 * The single zone a pod template is restricted to, if any: a zone key in `nodeSelector`, or required node
 * affinity whose terms (ORed) each restrict a zone key and together allow exactly one zone. The two are
 * ANDed by the scheduler, so a nodeSelector pin is a pin whatever the affinity allows.
 */
export function zonePin(workload: Workload): ZonePin | undefined {
  const spec = workload.podSpec;
  const base = workload.podSpecPath;
  const nodeSelector = labelsOf(spec.nodeSelector);
  const nodeSelectorKeys = Object.keys(nodeSelector).filter((key) => isZoneKey(key) && nodeSelector[key] !== '');
  const affinityZone = affinityPinnedZone(spec);
  const affinityAt = [...base, 'affinity', 'nodeAffinity', 'requiredDuringSchedulingIgnoredDuringExecution'];
  if (nodeSelectorKeys.length > 0) {
    const key = nodeSelectorKeys[0]!;
    return {
      zone: nodeSelector[key]!,
      at: [...base, 'nodeSelector', key],
      via: 'nodeSelector',
      nodeSelectorKeys,
      affinityPins: affinityZone !== undefined,
    };
  }
  if (affinityZone !== undefined) {
    return { zone: affinityZone, at: affinityAt, via: 'nodeAffinity', nodeSelectorKeys: [], affinityPins: true };
  }
  return undefined;
}

function requiredTerms(spec: Record<string, unknown>): unknown[] | undefined {
  const terms = get(spec, ['affinity', 'nodeAffinity', 'requiredDuringSchedulingIgnoredDuringExecution', 'nodeSelectorTerms']);
  return Array.isArray(terms) && terms.length > 0 ? terms : undefined;
}

function expressionsOf(term: unknown): Record<string, unknown>[] {
  if (!isObject(term) || !Array.isArray(term.matchExpressions)) return [];
  return term.matchExpressions.filter(isObject);
}

function affinityPinnedZone(spec: Record<string, unknown>): string | undefined {
  const terms = requiredTerms(spec);
  if (!terms) return undefined;
  const union = { name: new Set<string>(), id: new Set<string>() };
  for (const term of terms) {
    const allowed = termZones(term);
    // A term that does not restrict the zone lets the pod run in any zone.
    if (!allowed) return undefined;
    for (const value of allowed.values) union[allowed.family].add(value);
  }
  // Names and IDs cannot be compared: one of each may well be two zones, so only one family can pin.
  const all = [...union.name, ...union.id];
  return all.length === 1 ? all[0] : undefined;
}

/** The zones one nodeSelectorTerm allows, in the family that allows the fewest; undefined when unrestricted. */
function termZones(term: unknown): { family: 'name' | 'id'; values: Set<string> } | undefined {
  const allowed: Partial<Record<'name' | 'id', Set<string>>> = {};
  const excluded: Record<'name' | 'id', Set<string>> = { name: new Set(), id: new Set() };
  for (const expression of expressionsOf(term)) {
    const key = typeof expression.key === 'string' ? expression.key : '';
    if (!isZoneKey(key)) continue;
    const family = zoneFamily(key);
    const values = stringList(expression.values);
    if (expression.operator === 'In') {
      const previous = allowed[family];
      allowed[family] = new Set(previous ? values.filter((value) => previous.has(value)) : values);
    } else if (expression.operator === 'NotIn') {
      for (const value of values) excluded[family].add(value);
    } else if (expression.operator === 'DoesNotExist') {
      // Nodes without a zone label (hybrid or on-premises nodes) are not one AZ.
      return undefined;
    }
  }
  let best: { family: 'name' | 'id'; values: Set<string> } | undefined;
  for (const family of ['name', 'id'] as const) {
    const set = allowed[family];
    if (!set) continue;
    const values = new Set([...set].filter((value) => !excluded[family].has(value)));
    if (!best || values.size < best.values.size) best = { family, values };
  }
  return best;
}

/**
 * Removes a zone pin with minimal edits: the zone keys of `nodeSelector` (the whole map when nothing else is
 * left), and the zone restriction of required node affinity (the whole block when it restricts only zones,
 * else each `In` zone expression becomes `Exists`, which every zonal node satisfies).
 */
export function removeZonePin(fix: FixBuilder, workload: Workload, pin: ZonePin): void {
  const resource = workload.resource;
  const base = workload.podSpecPath;
  const spec = workload.podSpec;
  if (pin.nodeSelectorKeys.length > 0) {
    const nodeSelector = isObject(spec.nodeSelector) ? spec.nodeSelector : {};
    const others = Object.keys(nodeSelector).filter((key) => !pin.nodeSelectorKeys.includes(key));
    if (others.length === 0) fix.remove(resource, [...base, 'nodeSelector']);
    else for (const key of pin.nodeSelectorKeys) fix.remove(resource, [...base, 'nodeSelector', key]);
  }
  if (!pin.affinityPins) return;
  const terms = requiredTerms(spec) ?? [];
  const onlyZones = terms.every(
    (term) =>
      isObject(term) &&
      Object.keys(term).every(
        (key) => key === 'matchExpressions' || (key === 'matchFields' && (term.matchFields == null || (Array.isArray(term.matchFields) && term.matchFields.length === 0))),
      ) &&
      expressionsOf(term).every((expression) => isZoneKey(String(expression.key))),
  );
  if (onlyZones) {
    const affinity = isObject(spec.affinity) ? spec.affinity : {};
    const nodeAffinity = isObject(affinity.nodeAffinity) ? affinity.nodeAffinity : {};
    const alone = (map: Record<string, unknown>, key: string) => Object.keys(map).length === 1 && Object.keys(map)[0] === key;
    if (alone(nodeAffinity, 'requiredDuringSchedulingIgnoredDuringExecution')) {
      if (alone(affinity, 'nodeAffinity')) fix.remove(resource, [...base, 'affinity']);
      else fix.remove(resource, [...base, 'affinity', 'nodeAffinity']);
    } else {
      fix.remove(resource, [...base, 'affinity', 'nodeAffinity', 'requiredDuringSchedulingIgnoredDuringExecution']);
    }
    return;
  }
  const termsPath = [...base, 'affinity', 'nodeAffinity', 'requiredDuringSchedulingIgnoredDuringExecution', 'nodeSelectorTerms'];
  terms.forEach((term, t) => {
    if (!isObject(term) || !Array.isArray(term.matchExpressions)) return;
    term.matchExpressions.forEach((expression, e) => {
      if (!isObject(expression) || !isZoneKey(String(expression.key))) return;
      if (expression.operator !== 'In') return;
      const path = [...termsPath, t, 'matchExpressions', e];
      fix.set(resource, [...path, 'operator'], 'Exists');
      if (expression.values !== undefined) fix.remove(resource, [...path, 'values']);
    });
  });
}
