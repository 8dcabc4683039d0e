import type { Resource } from '../../server/src/engine/parse';
import type { Relations } from '../../server/src/engine/relations';
import { allWebhooks, type RequestKind, ruleMatches, type Webhook, webhooksOverlap } from '../lib/webhooks';

/**
 * The admission chain of one kind of request (RULES.md S11): the API server calls the matching mutating
 * webhooks one after another, then the validating ones in parallel, so the worst-case latency is the sum of
 * the mutating timeouts plus the largest validating timeout.
 */
export interface Chain {
  request: RequestKind;
  webhooks: Webhook[];
  mutating: Webhook[];
  validating: Webhook[];
  total: number;
}

type Target = Omit<RequestKind, 'operation' | 'namespaced'> & { namespaced: boolean | undefined };

/** Requests every cluster makes, with their real group and scope: what wildcard rules are evaluated against. */
const KNOWN: readonly Target[] = [
  ...['pods', 'services', 'endpoints', 'configmaps', 'secrets', 'serviceaccounts', 'persistentvolumeclaims', 'events'].map((resource) => ({
    group: '',
    resource,
    namespaced: true,
  })),
  ...['binding', 'eviction', 'status', 'exec', 'attach', 'portforward', 'ephemeralcontainers'].map((subresource) => ({
    group: '',
    resource: 'pods',
    subresource,
    namespaced: true,
  })),
  { group: '', resource: 'namespaces', namespaced: false },
  { group: '', resource: 'nodes', namespaced: false },
  { group: '', resource: 'nodes', subresource: 'status', namespaced: false },
  { group: '', resource: 'persistentvolumes', namespaced: false },
  ...['deployments', 'replicasets', 'statefulsets', 'daemonsets'].map((resource) => ({ group: 'apps', resource, namespaced: true })),
  ...['deployments', 'replicasets', 'statefulsets'].map((resource) => ({ group: 'apps', resource, subresource: 'scale', namespaced: true })),
  ...['jobs', 'cronjobs'].map((resource) => ({ group: 'batch', resource, namespaced: true })),
  { group: 'coordination.k8s.io', resource: 'leases', namespaced: true },
  { group: 'discovery.k8s.io', resource: 'endpointslices', namespaced: true },
  { group: 'networking.k8s.io', resource: 'ingresses', namespaced: true },
  { group: 'networking.k8s.io', resource: 'networkpolicies', namespaced: true },
  { group: 'policy', resource: 'poddisruptionbudgets', namespaced: true },
  { group: 'autoscaling', resource: 'horizontalpodautoscalers', namespaced: true },
];

const OPERATIONS = ['CREATE', 'UPDATE', 'DELETE', 'CONNECT'];

/**
 * The kinds of request worth evaluating: the well-known ones, plus every concrete resource the project's
 * webhooks name, paired with its group (a wildcard group takes the group the known list gives the resource,
 * else the core group). Wildcard resources are covered by the known list.
 */
function targets(webhooks: readonly Webhook[]): Target[] {
  const result = new Map<string, Target>();
  const add = (target: Target) => result.set(`${target.group}/${target.resource}/${target.subresource ?? ''}`, target);
  for (const target of KNOWN) add(target);
  for (const webhook of webhooks) {
    for (const rule of webhook.rules) {
      for (const entry of rule.resources) {
        const [resource, subresource] = entry.split('/', 2) as [string, string | undefined];
        if (resource === '' || resource.includes('*') || subresource?.includes('*') || subresource === '') continue;
        const groups = rule.apiGroups.includes('*')
          ? [KNOWN.find((known) => known.resource === resource)?.group ?? '']
          : rule.apiGroups.filter((group) => group !== '*');
        for (const group of groups) {
          const known = KNOWN.find((k) => k.group === group && k.resource === resource && k.subresource === subresource);
          add(known ?? { group, resource, subresource, namespaced: undefined });
        }
      }
    }
  }
  return [...result.values()];
}

/**
 * The slowest chain of one request that contains `webhook`: the other matching webhooks are added slowest
 * first, each only when its selectors overlap with those of every webhook already in the chain, since
 * webhooks whose selectors exclude each other are never called for the same request. (A greedy choice: exact
 * enough for the handful of webhooks a request meets.)
 */
function chainOf(webhook: Webhook, matched: readonly Webhook[], request: RequestKind): Chain {
  const members = [webhook];
  const others = matched.filter((other) => other !== webhook).sort((a, b) => b.timeoutSeconds - a.timeoutSeconds);
  for (const other of others) {
    if (members.every((member) => webhooksOverlap(member, other, request.namespaced))) members.push(other);
  }
  const mutating = members.filter((w) => w.mutating);
  const validating = members.filter((w) => !w.mutating);
  return { request, webhooks: members, mutating, validating, total: chainTotal(mutating, validating) };
}

export function chainTotal(mutating: readonly Webhook[], validating: readonly Webhook[], timeoutOf = (w: Webhook) => w.timeoutSeconds): number {
  return mutating.reduce((sum, webhook) => sum + timeoutOf(webhook), 0) + Math.max(0, ...validating.map(timeoutOf));
}

/**
 * For each webhook of the linted configuration, the slowest chain it takes part in (the longest total; on a tie, the one
 * with the most webhooks). A resource whose scope is unknown is tried as namespaced and as cluster-scoped.
 * Copies of one configuration (overlays, per-environment renderings) are one configuration: see `distinct`.
 */
export function worstChains(relations: Relations, linted: Resource): Map<string, Chain> {
  const webhooks = distinct(allWebhooks(relations), linted);
  const worst = new Map<string, Chain>();
  for (const target of targets(webhooks)) {
    const scopes = target.namespaced === undefined ? [true, false] : [target.namespaced];
    for (const namespaced of scopes) {
      for (const operation of OPERATIONS) {
        const request = { ...target, namespaced, operation };
        const matched = webhooks.filter((webhook) => webhook.rules.some((rule) => ruleMatches(rule, request)));
        for (const webhook of matched) {
          if (webhook.configuration.id !== linted.id) continue;
          const chain = chainOf(webhook, matched, request);
          const previous = worst.get(webhookKey(webhook));
          if (!previous || chain.total > previous.total || (chain.total === previous.total && chain.webhooks.length > previous.webhooks.length)) {
            worst.set(webhookKey(webhook), chain);
          }
        }
      }
    }
  }
  return worst;
}

/** `CREATE pods`, `UPDATE pods/status`, `CREATE deployments.apps`. */
export function describeRequest(request: RequestKind): string {
  const resource = request.subresource ? `${request.resource}/${request.subresource}` : request.resource;
  return `${request.operation} ${resource}${request.group ? `.${request.group}` : ''}`;
}

/** Webhooks are parsed afresh for each lookup: they are identified by their configuration and position. */
export function webhookKey(webhook: Webhook): string {
  return `${webhook.configuration.id}#${webhook.index}`;
}

/**
 * A cluster holds one configuration of a kind and name: several documents with the same kind and name (kustomize
 * overlays, one rendering per environment) are alternatives, not webhooks that run one after another. One webhook
 * per (kind, configuration, webhook name) is kept: the linted configuration's own, else the slowest copy.
 */
function distinct(webhooks: readonly Webhook[], linted: Resource): Webhook[] {
  const kept = new Map<string, Webhook>();
  for (const webhook of webhooks) {
    const key = `${webhook.configuration.kind}\u0000${webhook.configuration.name}\u0000${webhook.name || webhook.index}`;
    const previous = kept.get(key);
    const own = (w: Webhook) => w.configuration.id === linted.id;
    if (!previous || (own(webhook) && !own(previous)) || (!own(previous) && webhook.timeoutSeconds > previous.timeoutSeconds)) kept.set(key, webhook);
  }
  return [...kept.values()];
}
