import { FixNotPossible } from '../../server/src/engine/fix-builder';
import { defineRule, type FixSpec, type Settings } from '../../server/src/engine/rule-api';
import { get, REPLICATED_KINDS, type Workload } from '../../server/src/engine/workload';
import type { Path } from '../../server/src/engine/yaml-path';
import { EKS } from '../lib/docs';
import { hasComments, isZoneKey, spreadTerms, type SpreadTerm } from '../lib/spread';
import { atLeast } from '../lib/versions';

/**
 * The pods a Deployment's rolling update adds above, and removes below, the desired count
 * (`ResolveFenceposts` in kubernetes/kubernetes pkg/controller/deployment/util): maxSurge rounds up,
 * maxUnavailable rounds down, and when both come out 0 the controller removes one pod at a time.
 * Undefined when the strategy is Recreate or a value cannot be read.
 */
function rollingFenceposts(workload: Workload, desired: number): { surge: number; unavailable: number } | undefined {
  if (workload.kind !== 'Deployment') return undefined;
  const strategy = get(workload.resource.object, ['spec', 'strategy']);
  const type = get(strategy, ['type']);
  if (type !== undefined && type !== null && type !== 'RollingUpdate') return undefined;
  const surge = scaled(get(strategy, ['rollingUpdate', 'maxSurge']), desired, true);
  const unavailable = scaled(get(strategy, ['rollingUpdate', 'maxUnavailable']), desired, false);
  if (surge === undefined || unavailable === undefined) return undefined;
  return surge === 0 && unavailable === 0 ? { surge, unavailable: 1 } : { surge, unavailable };
}

function scaled(value: unknown, total: number, roundUp: boolean): number | undefined {
  if (value === undefined || value === null) value = '25%';
  if (typeof value === 'number') return Number.isInteger(value) && value >= 0 ? value : undefined;
  if (typeof value !== 'string') return undefined;
  const match = /^(\d{1,9})%$/.exec(value.trim());
  if (!match) return undefined;
  const exact = (Number(match[1]) * total) / 100;
  return roundUp ? Math.ceil(exact) : Math.floor(exact);
}

/** Old and new pods are told apart by `pod-template-hash`; a term that keys on it does not count old pods. */
function ignoresOldRevision(term: SpreadTerm): boolean {
  return term.matchLabelKeys.includes('pod-template-hash') || term.mismatchLabelKeys.includes('pod-template-hash');
}

/**
 * Moves a required anti-affinity term to `preferredDuringSchedulingIgnoredDuringExecution` with weight 100.
 * The term is written anew under `podAffinityTerm`; one that holds comments is left alone.
 */
function makePreferred(workload: Workload, term: SpreadTerm): FixSpec {
  return {
    messageId: 'makePreferred',
    apply: (fix) => {
      const resource = workload.resource;
      if (hasComments(resource, term.path)) throw new FixNotPossible('the term holds comments');
      const affinityPath = term.path.slice(0, -2);
      const requiredPath: Path = [...affinityPath, 'requiredDuringSchedulingIgnoredDuringExecution'];
      const preferredPath: Path = [...affinityPath, 'preferredDuringSchedulingIgnoredDuringExecution'];
      const required = get(resource.object, requiredPath);
      const index = term.path[term.path.length - 1] as number;
      if (Array.isArray(required) && required.length === 1) fix.remove(resource, requiredPath);
      else fix.removeItem(resource, requiredPath, index);
      const item = { weight: 100, podAffinityTerm: term.raw };
      const preferred = get(resource.object, preferredPath);
      if (Array.isArray(preferred) && preferred.length > 0) fix.appendItem(resource, preferredPath, item);
      else if (preferred === undefined) fix.ensure(resource, preferredPath, [item]);
      else fix.replace(resource, preferredPath, [item]);
    },
  };
}

/** Fixes for a hard zone spread constraint: let it schedule anyway, or keep it hard but honor node taints. */
function softenConstraint(workload: Workload, term: SpreadTerm, terms: readonly SpreadTerm[], settings: Settings): FixSpec[] {
  const resource = workload.resource;
  const hasMinDomains = term.raw.minDomains !== undefined && term.raw.minDomains !== null;
  const honors = term.raw.nodeTaintsPolicy === 'Honor';
  const fixes: FixSpec[] = [];
  // The API rejects two constraints with the same {topologyKey, whenUnsatisfiable} pair.
  const clash = terms.some(
    (other) => other !== term && other.source === 'tsc' && other.topologyKey === term.topologyKey && other.whenUnsatisfiable === 'ScheduleAnyway',
  );
  if (!clash) {
    fixes.push({
      messageId: 'scheduleAnyway',
      apply: (fix) => {
        fix.set(resource, [...term.path, 'whenUnsatisfiable'], 'ScheduleAnyway');
        // minDomains is only valid with DoNotSchedule.
        if (hasMinDomains) fix.remove(resource, [...term.path, 'minDomains']);
      },
    });
  }
  if (atLeast(settings.kubernetesVersion, '1.26')) {
    fixes.push({
      messageId: hasMinDomains ? (honors ? 'dropMinDomains' : 'dropMinDomainsAndHonorTaints') : 'honorTaints',
      apply: (fix) => {
        if (hasMinDomains) fix.remove(resource, [...term.path, 'minDomains']);
        if (!honors) fix.set(resource, [...term.path, 'nodeTaintsPolicy'], 'Honor');
      },
    });
  }
  return fixes;
}

export default defineRule({
  meta: {
    id: 'hard-zone-anti-affinity',
    category: 'static-stability',
    severity: 'warning',
    signal: 'strong',
    fixable: 'unsafe',
    kinds: REPLICATED_KINDS,
    messages: {
      requiredExceedsZones:
        '{{kind}} "{{name}}" requires one pod per zone (required pod anti-affinity on {{key}}) but runs up to {{replicas}} replicas in {{zones}} zones: the replicas beyond {{zones}} stay Pending, so scale-out fails exactly during a traffic spike or an AZ outage.',
      requiredBlocksRollout:
        '{{kind}} "{{name}}" requires one pod per zone (required pod anti-affinity on {{key}}) with {{replicas}} replicas in {{zones}} zones, and its rolling update adds a pod before removing one (maxSurge {{surge}}, maxUnavailable 0): the new pod finds no free zone, so every rollout hangs.',
      doNotSchedule:
        '{{kind}} "{{name}}" spreads across zones with whenUnsatisfiable: DoNotSchedule: during an AZ outage the impaired zone\'s NotReady nodes still count in the skew (nodeTaintsPolicy defaults to Ignore), so replacement pods can stay Pending in the healthy zones.',
      doNotScheduleMinDomains:
        '{{kind}} "{{name}}" spreads across zones with whenUnsatisfiable: DoNotSchedule and minDomains: {{minDomains}}: when fewer zones are eligible, as during an AZ outage, the scheduler puts at most maxSkew pods in each zone, so replacement pods stay Pending in the healthy zones.',
      makePreferred: 'Make the zone anti-affinity preferred (weight 100)',
      scheduleAnyway: 'Set whenUnsatisfiable: ScheduleAnyway',
      honorTaints: 'Keep DoNotSchedule and set nodeTaintsPolicy: Honor',
      dropMinDomains: 'Keep DoNotSchedule without minDomains',
      dropMinDomainsAndHonorTaints: 'Keep DoNotSchedule without minDomains, and set nodeTaintsPolicy: Honor',
    },
    docs: {
      description:
        'Hard zone placement (required zone anti-affinity, or a DoNotSchedule zone spread) leaves replicas Pending when a zone is full or impaired: scale-out and recovery fail when they are needed most.',
      source: {
        title: 'EKS Best Practices: Reliability › Data Plane › Spread worker nodes and workloads across multiple AZs',
        url: `${EKS}/data-plane.html`,
      },
    },
  },
  check({ workload, relations, settings, namespace, report }) {
    if (!workload || workload.helmHook || settings.zones <= 1) return;
    const replicas = relations.replicas(workload);
    if (replicas.max < 2) return;
    const { kind } = workload;
    const { name } = workload.resource;
    const zones = settings.zones;
    const terms = spreadTerms(workload, namespace);

    for (const term of terms) {
      if (!isZoneKey(term.topologyKey) || !term.hard || !term.selectsOwnPods) continue;
      const at = [...term.path, term.source === 'tsc' ? 'whenUnsatisfiable' : 'topologyKey'];
      if (term.source === 'anti-affinity') {
        const data = { kind, name, key: term.topologyKey, replicas: replicas.max, zones };
        if (replicas.max > zones) {
          report({ at, on: 'value', messageId: 'requiredExceedsZones', data, suggest: [makePreferred(workload, term)] });
          continue;
        }
        const fenceposts = replicas.max === zones ? rollingFenceposts(workload, zones) : undefined;
        if (fenceposts && fenceposts.surge > 0 && fenceposts.unavailable === 0 && !ignoresOldRevision(term)) {
          report({
            at,
            on: 'value',
            messageId: 'requiredBlocksRollout',
            data: { ...data, surge: fenceposts.surge },
            suggest: [makePreferred(workload, term)],
          });
        }
        continue;
      }
      const minDomains = term.raw.minDomains;
      const hasMinDomains = minDomains !== undefined && minDomains !== null;
      if (term.raw.nodeTaintsPolicy === 'Honor' && !hasMinDomains) continue;
      report({
        at,
        on: 'value',
        messageId: hasMinDomains ? 'doNotScheduleMinDomains' : 'doNotSchedule',
        severity: 'info',
        data: { kind, name, minDomains: String(minDomains) },
        suggest: softenConstraint(workload, term, terms, settings),
      });
    }
  },
});
