import { isObject } from './parse';

export type Labels = Readonly<Record<string, string>>;

export interface Requirement {
  key: string;
  operator: string;
  values: string[];
}

/** A label selector reduced to requirements; `null` selects nothing. */
export interface Selector {
  requirements: Requirement[];
}

/** Label values as the API server would store them: YAML numbers and booleans become strings. */
export function labelsOf(value: unknown): Labels {
  if (!isObject(value)) return {};
  const labels: Record<string, string> = {};
  for (const [key, v] of Object.entries(value)) {
    if (v !== null && v !== undefined && typeof v !== 'object') labels[key] = String(v);
  }
  return labels;
}

/**
 * A `metav1.LabelSelector` (`matchLabels` ∧ `matchExpressions`). Missing or null gives `null`, which
 * selects nothing; `{}` gives no requirements, which selects everything.
 */
export function parseLabelSelector(value: unknown): Selector | null {
  if (!isObject(value)) return null;
  const requirements: Requirement[] = Object.entries(labelsOf(value.matchLabels)).map(([key, v]) => ({
    key,
    operator: 'In',
    values: [v],
  }));
  if (Array.isArray(value.matchExpressions)) {
    for (const expression of value.matchExpressions) {
      if (!isObject(expression) || typeof expression.key !== 'string') continue;
      const values = Array.isArray(expression.values) ? expression.values.map(String) : [];
      requirements.push({ key: expression.key, operator: String(expression.operator ?? ''), values });
    }
  }
  return { requirements };
}

/** A Service or ReplicationController selector: a plain map, where empty selects nothing. */
export function parseMapSelector(value: unknown): Selector | null {
  const labels = labelsOf(value);
  const entries = Object.entries(labels);
  if (entries.length === 0) return null;
  return { requirements: entries.map(([key, v]) => ({ key, operator: 'In', values: [v] })) };
}

export function matches(selector: Selector | null, labels: Labels): boolean {
  if (!selector) return false;
  return selector.requirements.every((requirement) => satisfies(requirement, labels));
}

function satisfies({ key, operator, values }: Requirement, labels: Labels): boolean {
  const has = Object.prototype.hasOwnProperty.call(labels, key);
  switch (operator) {
    case 'In':
      return has && values.includes(labels[key]!);
    case 'NotIn':
      return !has || !values.includes(labels[key]!);
    case 'Exists':
      return has;
    case 'DoesNotExist':
      return !has;
    default:
      // An invalid operator makes the API reject the selector; treat it as selecting nothing.
      return false;
  }
}

export function isEmptySelector(selector: Selector | null): boolean {
  return selector !== null && selector.requirements.length === 0;
}

/** The labels a selector pins to one value: what a generated selector can copy. */
export function pinnedLabels(selector: Selector | null): Labels {
  const labels: Record<string, string> = {};
  for (const requirement of selector?.requirements ?? []) {
    if (requirement.operator === 'In' && requirement.values.length === 1) labels[requirement.key] = requirement.values[0]!;
  }
  return labels;
}
