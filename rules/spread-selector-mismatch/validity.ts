import type { Settings } from '../../server/src/engine/rule-api';
import type { SpreadTerm } from '../lib/spread';
import { atLeast } from '../lib/versions';

/**
 * A field of a spread constraint or anti-affinity term that the API server rejects, with the value that would
 * make it valid when that value is not a guess about intent (a casing slip, or a field that only needs to go).
 */
export interface InvalidField {
  field: string;
  problem: string;
  present: boolean;
  repair?: { kind: 'set'; value: string | number } | { kind: 'remove' };
}

const SCHEDULE_ACTIONS = ['DoNotSchedule', 'ScheduleAnyway'];
const INCLUSION_POLICIES = ['Honor', 'Ignore'];

/**
 * What API validation (`validateTopologySpreadConstraints` and the pod-affinity term checks) refuses, so that the
 * mistake shows up in the editor instead of as a failed apply. Fields that the configured Kubernetes version drops
 * before validation (its feature gate is off) are not checked.
 */
export function invalidFields(term: SpreadTerm, earlier: readonly SpreadTerm[], settings: Settings): InvalidField[] {
  const raw = term.raw;
  const problems: InvalidField[] = [];
  if (typeof raw.topologyKey !== 'string' || raw.topologyKey === '') {
    problems.push({ field: 'topologyKey', present: 'topologyKey' in raw, problem: 'has no topologyKey, which is required' });
  }
  if (term.source !== 'tsc') return problems;

  if (!('maxSkew' in raw)) {
    problems.push({ field: 'maxSkew', present: false, problem: 'sets no maxSkew, which is required', repair: { kind: 'set', value: 1 } });
  } else if (!positiveInteger(raw.maxSkew)) {
    problems.push({ field: 'maxSkew', present: true, problem: `has maxSkew ${show(raw.maxSkew)}, which must be a whole number of at least 1`, repair: { kind: 'set', value: 1 } });
  }

  const action = raw.whenUnsatisfiable;
  if (!('whenUnsatisfiable' in raw)) {
    problems.push({ field: 'whenUnsatisfiable', present: false, problem: 'sets no whenUnsatisfiable, which is required (DoNotSchedule or ScheduleAnyway)' });
  } else if (typeof action !== 'string' || !SCHEDULE_ACTIONS.includes(action)) {
    problems.push({
      field: 'whenUnsatisfiable',
      present: true,
      problem: `has whenUnsatisfiable ${show(action)}, which is neither DoNotSchedule nor ScheduleAnyway`,
      ...recased(action, SCHEDULE_ACTIONS),
    });
  }

  if ('minDomains' in raw && atLeast(settings.kubernetesVersion, '1.27')) {
    if (!positiveInteger(raw.minDomains)) {
      problems.push({ field: 'minDomains', present: true, problem: `has minDomains ${show(raw.minDomains)}, which must be a whole number of at least 1`, repair: { kind: 'remove' } });
    } else if (action === 'ScheduleAnyway') {
      problems.push({ field: 'minDomains', present: true, problem: 'sets minDomains, which only a DoNotSchedule constraint may', repair: { kind: 'remove' } });
    }
  }

  if (atLeast(settings.kubernetesVersion, '1.26')) {
    for (const field of ['nodeAffinityPolicy', 'nodeTaintsPolicy']) {
      const value = raw[field];
      if (field in raw && (typeof value !== 'string' || !INCLUSION_POLICIES.includes(value))) {
        problems.push({ field, present: true, problem: `has ${field} ${show(value)}, which is neither Honor nor Ignore`, ...recased(value, INCLUSION_POLICIES) });
      }
    }
  }

  // The pair {topologyKey, whenUnsatisfiable} names one constraint: a second one with the same pair is refused.
  const twin = earlier.find((other) => other.source === 'tsc' && other.raw.topologyKey === raw.topologyKey && other.raw.whenUnsatisfiable === action);
  if (twin && typeof raw.topologyKey === 'string' && raw.topologyKey !== '' && typeof action === 'string') {
    problems.push({ field: 'topologyKey', present: true, problem: `repeats an earlier constraint on ${raw.topologyKey} with ${action}, and each pair may appear once` });
  }
  return problems;
}

function positiveInteger(value: unknown): boolean {
  return typeof value === 'number' && Number.isInteger(value) && value >= 1;
}

function show(value: unknown): string {
  return typeof value === 'string' ? `"${value}"` : value === null ? 'null' : String(value);
}

/** `DoNotSCHEDULE ` was meant as `DoNotSchedule`: offer the one allowed value it differs from only in case and spaces. */
function recased(value: unknown, allowed: readonly string[]): Pick<InvalidField, 'repair'> {
  if (typeof value !== 'string') return {};
  const meant = allowed.find((candidate) => candidate.toLowerCase() === value.trim().toLowerCase());
  return meant ? { repair: { kind: 'set', value: meant } } : {};
}
