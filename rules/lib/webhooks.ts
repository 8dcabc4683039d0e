import type { FixBuilder } from '../../server/src/engine/fix-builder';
import { isObject, type Resource } from '../../server/src/engine/parse';
import type { Relations } from '../../server/src/engine/relations';
import { type Labels, labelsOf, matches, parseLabelSelector, type Selector } from '../../server/src/engine/selectors';
import { get, type Workload } from '../../server/src/engine/workload';
import type { Path } from '../../server/src/engine/yaml-path';

/**
 * Admission webhook configurations, read the way the API server reads them (K8S-WH, K8S-WH-API): shared by
 * the webhook rules (S9–S12). Every field may be missing or of the wrong type; nothing here throws.
 */

export const ADMISSION_GROUP = 'admissionregistration.k8s.io';
export const WEBHOOK_KINDS = ['ValidatingWebhookConfiguration', 'MutatingWebhookConfiguration'] as const;

/** The label the API server sets on every namespace (GA in 1.22); relabelling cannot spoof it. */
export const NAMESPACE_NAME_LABEL = 'kubernetes.io/metadata.name';

export function isWebhookConfiguration(resource: Resource): boolean {
  return resource.group === ADMISSION_GROUP && (WEBHOOK_KINDS as readonly string[]).includes(resource.kind);
}

export interface WebhookRule {
  index: number;
  /** Path of the rule, relative to the resource. */
  path: Path;
  apiGroups: string[];
  apiVersions: string[];
  /** Upper-case as the API requires: `CREATE`, `UPDATE`, `DELETE`, `CONNECT`, `*`. */
  operations: string[];
  /** As written: `pods`, `pods/status`, `*`, `*\/*`, `*\/scale`. */
  resources: string[];
  scope: '*' | 'Cluster' | 'Namespaced';
}

export interface ServiceReference {
  namespace: string;
  name: string;
  port: number | undefined;
}

export interface MatchCondition {
  index: number;
  name: string;
  expression: string;
}

export interface Webhook {
  configuration: Resource;
  index: number;
  /** `['webhooks', i]`. */
  path: Path;
  spec: Record<string, unknown>;
  name: string;
  mutating: boolean;
  /** `failurePolicy`, else the default of the apiVersion: `Fail` in v1, `Ignore` in v1beta1. */
  failurePolicy: 'Fail' | 'Ignore';
  failurePolicyExplicit: boolean;
  /** `timeoutSeconds`, else 10 in v1 and 30 in v1beta1. */
  timeoutSeconds: number;
  timeoutExplicit: boolean;
  /** `clientConfig.service`: an in-cluster backend. */
  service: ServiceReference | undefined;
  /** `clientConfig.url`: an out-of-cluster backend. */
  url: string | undefined;
  /** A missing selector is `{}`, which selects everything. */
  namespaceSelector: Selector | null;
  namespaceSelectorPresent: boolean;
  objectSelector: Selector | null;
  objectSelectorPresent: boolean;
  rules: WebhookRule[];
  matchConditions: MatchCondition[];
}

export function isV1(resource: Resource): boolean {
  return resource.apiVersion === `${ADMISSION_GROUP}/v1`;
}

/** Every webhook of a Validating- or MutatingWebhookConfiguration. */
export function webhooksOf(resource: Resource): Webhook[] {
  if (!isWebhookConfiguration(resource)) return [];
  const list = get(resource.object, ['webhooks']);
  if (!Array.isArray(list)) return [];
  const v1 = isV1(resource);
  const webhooks: Webhook[] = [];
  list.forEach((spec, index) => {
    if (!isObject(spec)) return;
    const path: Path = ['webhooks', index];
    const failurePolicy = spec.failurePolicy === 'Fail' || spec.failurePolicy === 'Ignore' ? spec.failurePolicy : undefined;
    const timeout = typeof spec.timeoutSeconds === 'number' && Number.isFinite(spec.timeoutSeconds) ? spec.timeoutSeconds : undefined;
    const clientConfig = isObject(spec.clientConfig) ? spec.clientConfig : {};
    webhooks.push({
      configuration: resource,
      index,
      path,
      spec,
      name: typeof spec.name === 'string' ? spec.name : '',
      mutating: resource.kind === 'MutatingWebhookConfiguration',
      failurePolicy: failurePolicy ?? (v1 ? 'Fail' : 'Ignore'),
      failurePolicyExplicit: failurePolicy !== undefined,
      timeoutSeconds: timeout ?? (v1 ? 10 : 30),
      timeoutExplicit: timeout !== undefined,
      service: serviceReference(clientConfig.service),
      url: typeof clientConfig.url === 'string' ? clientConfig.url : undefined,
      namespaceSelector: webhookSelector(spec.namespaceSelector),
      namespaceSelectorPresent: spec.namespaceSelector !== undefined && spec.namespaceSelector !== null,
      objectSelector: webhookSelector(spec.objectSelector),
      objectSelectorPresent: spec.objectSelector !== undefined && spec.objectSelector !== null,
      rules: rulesOf(spec.rules, [...path, 'rules']),
      matchConditions: conditionsOf(spec.matchConditions),
    });
  });
  return webhooks;
}

/** Webhook selectors default to `{}`: a missing or null selector selects everything. */
export function webhookSelector(value: unknown): Selector | null {
  if (value === undefined || value === null) return { requirements: [] };
  return parseLabelSelector(value);
}

function serviceReference(value: unknown): ServiceReference | undefined {
  if (!isObject(value) || typeof value.name !== 'string' || value.name === '') return undefined;
  return {
    namespace: typeof value.namespace === 'string' && value.namespace !== '' ? value.namespace : 'default',
    name: value.name,
    port: typeof value.port === 'number' ? value.port : undefined,
  };
}

function strings(value: unknown): string[] {
  return Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : [];
}

function rulesOf(value: unknown, base: Path): WebhookRule[] {
  if (!Array.isArray(value)) return [];
  const rules: WebhookRule[] = [];
  value.forEach((rule, index) => {
    if (!isObject(rule)) return;
    const scope = rule.scope === 'Cluster' || rule.scope === 'Namespaced' ? rule.scope : '*';
    rules.push({
      index,
      path: [...base, index],
      apiGroups: strings(rule.apiGroups),
      apiVersions: strings(rule.apiVersions),
      operations: strings(rule.operations).map((op) => op.toUpperCase()),
      resources: strings(rule.resources),
      scope,
    });
  });
  return rules;
}

function conditionsOf(value: unknown): MatchCondition[] {
  if (!Array.isArray(value)) return [];
  const conditions: MatchCondition[] = [];
  value.forEach((condition, index) => {
    if (!isObject(condition)) return;
    conditions.push({
      index,
      name: typeof condition.name === 'string' ? condition.name : '',
      expression: typeof condition.expression === 'string' ? condition.expression : '',
    });
  });
  return conditions;
}

/** One kind of API request: group, resource, optional subresource, operation. */
export interface RequestKind {
  group: string;
  resource: string;
  subresource?: string;
  operation: string;
  /** Whether the resource lives in a namespace (checked against `scope`). */
  namespaced: boolean;
}

/**
 * Whether one `resources[]` entry names a resource and subresource: `*` is every resource without
 * subresources, `*\/*` every resource and subresource, `pods/*` every subresource of pods, `*\/status`
 * the status of everything.
 */
export function resourceEntryMatches(entry: string, resource: string, subresource: string | undefined): boolean {
  const slash = entry.indexOf('/');
  const entryResource = slash === -1 ? entry : entry.slice(0, slash);
  const entrySub = slash === -1 ? undefined : entry.slice(slash + 1);
  if (entry === '*/*') return true;
  if (entryResource !== '*' && entryResource !== resource) return false;
  if (entrySub === undefined) return subresource === undefined;
  if (subresource === undefined) return false;
  return entrySub === '*' || entrySub === subresource;
}

export function ruleMatches(rule: WebhookRule, request: RequestKind): boolean {
  if (!(rule.apiGroups.includes('*') || rule.apiGroups.includes(request.group))) return false;
  if (!(rule.operations.includes('*') || rule.operations.includes(request.operation))) return false;
  if (rule.scope === 'Cluster' && request.namespaced) return false;
  if (rule.scope === 'Namespaced' && !request.namespaced) return false;
  return rule.resources.some((entry) => resourceEntryMatches(entry, request.resource, request.subresource));
}

/** The `resources[]` entries of a rule that name the request (for messages). */
export function matchingEntries(rule: WebhookRule, request: RequestKind): string[] {
  if (!ruleMatches(rule, request)) return [];
  return rule.resources.filter((entry) => resourceEntryMatches(entry, request.resource, request.subresource));
}

/**
 * The Namespace object of that name in the project, when there is one. Namespaces are cluster-scoped and
 * have no bucket yet, so this scans the index; the lookup is recorded as a dependency on that namespace.
 */
export function namespaceObject(relations: Relations, name: string): Resource | undefined {
  return relations.namespaceObject(name);
}

/** The labels a namespace has in the cluster: those of its Namespace object plus `kubernetes.io/metadata.name`. */
export function namespaceLabels(relations: Relations, name: string): Labels {
  const object = namespaceObject(relations, name);
  return { ...labelsOf(object ? get(object.object, ['metadata', 'labels']) : undefined), [NAMESPACE_NAME_LABEL]: name };
}

/**
 * What the webhook's `matchConditions` say about namespaces. All conditions must hold for a request to be
 * sent, so a simple `request.namespace != "x"` clause in any `&&` chain excludes `x`. Conditions with
 * clauses that are not of that kind are listed as not evaluated: they may exclude more.
 */
export interface ConditionAnalysis {
  excludes(namespace: string): boolean;
  /** Conditions with a clause this analysis did not understand. */
  unevaluated: MatchCondition[];
}

export function analyseMatchConditions(webhook: Webhook): ConditionAnalysis {
  const excluded = new Set<string>();
  const prefixes: string[] = [];
  const unevaluated: MatchCondition[] = [];
  for (const condition of webhook.matchConditions) {
    const clauses = conjuncts(condition.expression);
    let understood = clauses !== undefined;
    for (const clause of clauses ?? []) {
      const exclusion = namespaceExclusion(clause);
      if (!exclusion) {
        understood = false;
        continue;
      }
      for (const name of exclusion.names) excluded.add(name);
      if (exclusion.prefix !== undefined) prefixes.push(exclusion.prefix);
    }
    if (!understood) unevaluated.push(condition);
  }
  return {
    excludes: (namespace) => excluded.has(namespace) || prefixes.some((prefix) => namespace.startsWith(prefix)),
    unevaluated,
  };
}

/** Splits a CEL expression at top-level `&&`; undefined when it has a top-level `||` or `?:`. */
function conjuncts(expression: string): string[] | undefined {
  const parts: string[] = [];
  let depth = 0;
  let quote: string | undefined;
  let start = 0;
  for (let i = 0; i < expression.length; i++) {
    const c = expression[i]!;
    if (quote) {
      if (c === '\\') i++;
      else if (c === quote) quote = undefined;
      continue;
    }
    if (c === '"' || c === "'") quote = c;
    else if (c === '(' || c === '[' || c === '{') depth++;
    else if (c === ')' || c === ']' || c === '}') depth--;
    else if (depth === 0 && c === '&' && expression[i + 1] === '&') {
      parts.push(expression.slice(start, i));
      start = i + 2;
      i++;
    } else if (depth === 0 && ((c === '|' && expression[i + 1] === '|') || c === '?')) return undefined;
  }
  parts.push(expression.slice(start));
  return parts.map((part) => stripParentheses(part.trim()));
}

/** `((a))` → `a`, when the outer parentheses enclose the whole clause. One pass: the text may be long. */
function stripParentheses(clause: string): string {
  const partner = new Map<number, number>();
  const open: number[] = [];
  for (let i = 0; i < clause.length; i++) {
    if (clause[i] === '(') open.push(i);
    else if (clause[i] === ')' && open.length > 0) partner.set(open.pop()!, i);
  }
  let start = 0;
  let end = clause.length - 1;
  const skipSpace = () => {
    while (start <= end && /\s/.test(clause[start]!)) start++;
    while (end >= start && /\s/.test(clause[end]!)) end--;
  };
  skipSpace();
  while (start < end && clause[start] === '(' && partner.get(start) === end) {
    start++;
    end--;
    skipSpace();
  }
  return clause.slice(start, end + 1);
}

const NOT_EQUAL = /^request\.namespace\s*!=\s*(["'])([^"']*)\1$/;
const NOT_EQUAL_REVERSED = /^(["'])([^"']*)\1\s*!=\s*request\.namespace$/;
const NOT_IN = /^!\s*\(\s*request\.namespace\s+in\s+\[([^\]]*)\]\s*\)$/;
const NOT_PREFIX = /^!\s*request\.namespace\.startsWith\(\s*(["'])([^"']*)\1\s*\)$/;

function namespaceExclusion(clause: string): { names: string[]; prefix?: string } | undefined {
  let match = NOT_EQUAL.exec(clause) ?? NOT_EQUAL_REVERSED.exec(clause);
  if (match) return { names: [match[2]!] };
  match = NOT_IN.exec(clause);
  if (match) {
    const names = match[1]!.split(',').map((item) => item.trim());
    if (names.every((name) => /^(["'])[^"']*\1$/.test(name))) return { names: names.map((name) => name.slice(1, -1)) };
    return undefined;
  }
  match = NOT_PREFIX.exec(clause);
  if (match) return { names: [], prefix: match[2]! };
  return undefined;
}

/** Whether the webhook's namespaceSelector selects a namespace with these labels. */
export function selectsNamespace(webhook: Webhook, labels: Labels): boolean {
  return matches(webhook.namespaceSelector, labels);
}

/** The Service behind `clientConfig.service`, when it is in the project. */
export function backendService(relations: Relations, webhook: Webhook): Resource | undefined {
  return webhook.service ? relations.service(webhook.service.namespace, webhook.service.name) : undefined;
}

/** The workloads whose pods serve the webhook: those the backend Service selects. */
export function backendWorkloads(relations: Relations, webhook: Webhook): Workload[] {
  const service = backendService(relations, webhook);
  return service ? relations.workloadsBehind(service) : [];
}

/**
 * Merges `kubernetes.io/metadata.name NotIn [names]` into the webhook's namespaceSelector with the smallest
 * edit: creates the selector, appends the expression to `matchExpressions`, or adds the missing values to
 * an existing `NotIn` expression on that key. Other requirements of the selector stay as they are.
 */
export function excludeNamespaces(fix: FixBuilder, webhook: Webhook, names: readonly string[]): void {
  const resource = webhook.configuration;
  const selectorPath: Path = [...webhook.path, 'namespaceSelector'];
  const selector = webhook.spec.namespaceSelector;
  const expression = { key: NAMESPACE_NAME_LABEL, operator: 'NotIn', values: [...names] };
  if (!isObject(selector) || Object.keys(selector).length === 0) {
    if (selector === undefined) fix.ensure(resource, selectorPath, { matchExpressions: [expression] });
    else fix.replace(resource, selectorPath, { matchExpressions: [expression] });
    return;
  }
  const expressionsPath: Path = [...selectorPath, 'matchExpressions'];
  const expressions = selector.matchExpressions;
  if (expressions === undefined) {
    fix.ensure(resource, expressionsPath, [expression]);
    return;
  }
  if (!Array.isArray(expressions)) {
    fix.replace(resource, expressionsPath, [expression]);
    return;
  }
  const existing = expressions.findIndex((e) => isObject(e) && e.key === NAMESPACE_NAME_LABEL && e.operator === 'NotIn');
  if (existing === -1) {
    fix.appendItem(resource, expressionsPath, expression);
    return;
  }
  const valuesPath: Path = [...expressionsPath, existing, 'values'];
  const values = (expressions[existing] as Record<string, unknown>).values;
  if (!Array.isArray(values)) {
    fix.replace(resource, valuesPath, [...names]);
    return;
  }
  const have = new Set(values.map(String));
  for (const name of names) if (!have.has(name)) fix.appendItem(resource, valuesPath, name);
}

/** Parsed webhooks per configuration: a resource object is replaced, never changed, when its file changes. */
const parsedWebhooks = new WeakMap<Resource, readonly Webhook[]>();

/** Every webhook of every Validating- and MutatingWebhookConfiguration in the project (do not mutate them). */
export function allWebhooks(relations: Relations): Webhook[] {
  return WEBHOOK_KINDS.flatMap((kind) =>
    relations.ofKind('', ADMISSION_GROUP, kind).flatMap((configuration) => {
      let webhooks = parsedWebhooks.get(configuration);
      if (!webhooks) {
        webhooks = webhooksOf(configuration);
        parsedWebhooks.set(configuration, webhooks);
      }
      return webhooks;
    }),
  );
}

/** The webhooks whose `clientConfig.service` is this Service: its pods answer admission requests. */
export function webhooksServedBy(relations: Relations, service: Resource): Webhook[] {
  const namespace = relations.namespaceOf(service);
  return allWebhooks(relations).filter(
    (webhook) => webhook.url === undefined && webhook.service?.namespace === namespace && webhook.service.name === service.name,
  );
}

/** The webhooks that a workload's pods serve, through any Service that selects them. */
export function webhooksBackedBy(relations: Relations, workload: Workload): Webhook[] {
  return relations.servicesSelecting(workload).flatMap((service) => webhooksServedBy(relations, service));
}

/**
 * Whether some set of labels satisfies both selectors: webhooks whose namespace or object selectors exclude each
 * other (Istio's four injector webhooks, revision-tagged copies) never handle the same request. A null selector
 * (unparseable) is taken to overlap with anything; unknown operators too.
 */
export function selectorsOverlap(a: Selector | null, b: Selector | null): boolean {
  if (!a || !b) return true;
  const byKey = new Map<string, Selector['requirements']>();
  for (const requirement of [...a.requirements, ...b.requirements]) {
    byKey.set(requirement.key, [...(byKey.get(requirement.key) ?? []), requirement]);
  }
  for (const requirements of byKey.values()) {
    let allowed: Set<string> | undefined;
    const excluded = new Set<string>();
    let exists = false;
    let absent = false;
    for (const { operator, values } of requirements) {
      if (operator === 'In') {
        exists = true;
        allowed = new Set(allowed ? values.filter((value) => allowed!.has(value)) : values);
      } else if (operator === 'NotIn') {
        for (const value of values) excluded.add(value);
      } else if (operator === 'Exists') {
        exists = true;
      } else if (operator === 'DoesNotExist') {
        absent = true;
      }
    }
    if (exists && absent) return false;
    if (allowed && ![...allowed].some((value) => !excluded.has(value))) return false;
  }
  return true;
}

/**
 * Whether two webhooks can both be called for one request of this scope: their objectSelectors overlap, and for
 * namespaced requests their namespaceSelectors too (namespaceSelector has no effect on cluster-scoped objects).
 */
export function webhooksOverlap(a: Webhook, b: Webhook, namespaced: boolean): boolean {
  if (!selectorsOverlap(a.objectSelector, b.objectSelector)) return false;
  return !namespaced || selectorsOverlap(a.namespaceSelector, b.namespaceSelector);
}
