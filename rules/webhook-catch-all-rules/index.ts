import { isCollection } from 'yaml';
import { FixNotPossible, type FixBuilder } from '../../server/src/engine/fix-builder';
import { isObject } from '../../server/src/engine/parse';
import type { Relations } from '../../server/src/engine/relations';
import { defineRule, type FixSpec } from '../../server/src/engine/rule-api';
import { matches } from '../../server/src/engine/selectors';
import { get } from '../../server/src/engine/workload';
import { locate, type Path } from '../../server/src/engine/yaml-path';
import { EKS } from '../lib/docs';
import { atLeast } from '../lib/versions';
import {
  analyseMatchConditions,
  excludeNamespaces,
  matchingEntries,
  namespaceLabels,
  type RequestKind,
  selectsNamespace,
  WEBHOOK_KINDS,
  type Webhook,
  type WebhookRule,
  webhooksOf,
} from '../lib/webhooks';

const NODE_LEASE_NAMESPACE = 'kube-node-lease';

/** Authentication and authorization reviews: the API server's own security checks (sent to webhooks before 1.37). */
const REVIEWS: readonly Omit<RequestKind, 'operation'>[] = [
  { group: 'authentication.k8s.io', resource: 'tokenreviews', namespaced: false },
  { group: 'authorization.k8s.io', resource: 'subjectaccessreviews', namespaced: false },
  { group: 'authorization.k8s.io', resource: 'selfsubjectaccessreviews', namespaced: false },
  { group: 'authorization.k8s.io', resource: 'localsubjectaccessreviews', namespaced: true },
];

const LEASES: Omit<RequestKind, 'operation'> = { group: 'coordination.k8s.io', resource: 'leases', namespaced: true };

/** What the narrowing code action writes instead of the wildcards: pods and the controllers that create them. */
const NARROW_GROUPS = ['', 'apps', 'batch'];
const NARROW_RESOURCES = ['pods', 'deployments', 'replicasets', 'statefulsets', 'daemonsets', 'jobs', 'cronjobs'];

export default defineRule({
  meta: {
    id: 'webhook-catch-all-rules',
    category: 'static-stability',
    severity: 'error',
    signal: 'strong',
    fixable: 'unsafe',
    kinds: [...WEBHOOK_KINDS],
    messages: {
      catchAll:
        'Webhook "{{webhook}}" matches every resource of every API group ({{entry}}): every write in the cluster, node leases and the add-ons of new nodes included, goes through its backend, and {{impact}}.',
      nodeLeases:
        'Webhook "{{webhook}}" matches Leases without excluding the kube-node-lease namespace: every kubelet heartbeat goes through its backend, and {{impact}}, which can get nodes marked NotReady and their pods evicted.',
      reviews:
        'Webhook "{{webhook}}" matches {{entry}}, which the API server creates to authenticate and authorize requests (sent to webhooks before Kubernetes 1.37): these checks go through its backend, and {{impact}}.',
      narrow: 'Replace the wildcards with pods and workload controllers (edit the list to what the webhook needs)',
      excludeNodeLeases: 'Exclude kube-node-lease with namespaceSelector',
      removeReviews: 'Remove {{entries}} from the rule',
    },
    docs: {
      description:
        'Admission webhooks must not match every resource, node leases or authentication and authorization reviews: their backend would sit on the path of every API request.',
      source: { title: 'EKS Best Practices: Reliability › EKS Control Plane › Admission Webhooks', url: `${EKS}/control-plane.html` },
    },
  },
  check({ resource, relations, settings, report }) {
    const reviewsSent = !atLeast(settings.kubernetesVersion, '1.37');
    for (const webhook of webhooksOf(resource)) {
      const failClosed = webhook.failurePolicy === 'Fail';
      const impact = failClosed
        ? 'while that backend is unavailable the API server rejects them (failurePolicy Fail)'
        : 'while that backend is slow or down each waits for the timeout before it fails open';
      const base = { webhook: webhook.name || `#${webhook.index + 1}`, impact };
      const severity = failClosed ? ('error' as const) : ('warning' as const);
      for (const rule of webhook.rules) {
        const wildcard = catchAllEntry(rule);
        if (wildcard !== undefined) {
          report({
            at: entryPath(webhook, rule, wildcard),
            on: 'value',
            messageId: 'catchAll',
            data: { ...base, entry: `apiGroups "*", resources "${wildcard}"` },
            severity,
            suggest: narrowable(rule) ? [{ messageId: 'narrow', apply: (fix) => narrow(fix, webhook, rule) }] : [],
          });
          continue;
        }
        const lease = writes(rule, LEASES);
        if (lease.length > 0 && !excludesNodeLeases(webhook, relations)) {
          report({
            at: entryPath(webhook, rule, lease[0]!),
            on: 'value',
            messageId: 'nodeLeases',
            data: base,
            severity,
            suggest: [
              {
                messageId: 'excludeNodeLeases',
                apply: (fix) => excludeNamespaces(fix, webhook, [NODE_LEASE_NAMESPACE]),
              },
            ],
          });
        }
        if (!reviewsSent) continue;
        const reviewEntries = [...new Set(REVIEWS.flatMap((review) => matchingEntries(rule, { ...review, operation: 'CREATE' })))];
        if (reviewEntries.length === 0) continue;
        const removable = reviewEntries.filter((entry) => !entry.includes('*'));
        const fixes: FixSpec[] =
          removable.length === reviewEntries.length
            ? [{ messageId: 'removeReviews', data: { entries: describe(removable) }, apply: (fix) => removeEntries(fix, webhook, rule, removable) }]
            : [];
        report({
          at: entryPath(webhook, rule, reviewEntries[0]!),
          on: 'value',
          messageId: 'reviews',
          data: { ...base, entry: describe(reviewEntries) },
          severity,
          suggest: fixes,
        });
      }
    }
  },
});

/** The `*` or `*\/*` entry of `resources`, when `apiGroups` also has `*`. */
function catchAllEntry(rule: WebhookRule): string | undefined {
  if (!rule.apiGroups.includes('*')) return undefined;
  return rule.resources.find((entry) => entry === '*' || entry === '*/*');
}

/** The `resources[]` entries with which the rule catches CREATE or UPDATE of the request (kubelets write their leases). */
function writes(rule: WebhookRule, request: Omit<RequestKind, 'operation'>): string[] {
  return [...new Set(['CREATE', 'UPDATE'].flatMap((operation) => matchingEntries(rule, { ...request, operation })))];
}

/**
 * Whether node leases are out of the webhook's reach: its namespaceSelector or matchConditions exclude
 * kube-node-lease, or its objectSelector requires a label that the kubelet's Lease objects never carry.
 */
function excludesNodeLeases(webhook: Webhook, relations: Relations): boolean {
  if (!selectsNamespace(webhook, namespaceLabels(relations, NODE_LEASE_NAMESPACE))) return true;
  if (analyseMatchConditions(webhook).excludes(NODE_LEASE_NAMESPACE)) return true;
  return !matches(webhook.objectSelector, {});
}

/** The written position of an entry: the parsed list skips entries that are not strings. */
function entryPath(webhook: Webhook, rule: WebhookRule, entry: string): Path {
  const written = get(webhook.configuration.object, [...rule.path, 'resources']);
  const index = Array.isArray(written) ? written.indexOf(entry) : -1;
  return index === -1 ? [...rule.path, 'resources'] : [...rule.path, 'resources', index];
}

/** The code action applies to a rule with exactly one wildcard group and one wildcard resource, all strings. */
function narrowable(rule: WebhookRule): boolean {
  const wildResources = rule.resources.filter((entry) => entry.includes('*'));
  return (
    rule.apiGroups.length === 1 &&
    rule.apiGroups[0] === '*' &&
    wildResources.length === 1 &&
    (wildResources[0] === '*' || wildResources[0] === '*/*')
  );
}

function narrow(fix: FixBuilder, webhook: Webhook, rule: WebhookRule): void {
  const resource = webhook.configuration;
  const written = get(resource.object, rule.path);
  if (!isObject(written) || !Array.isArray(written.apiGroups) || !Array.isArray(written.resources)) throw new FixNotPossible('rule not as parsed');
  if (written.apiGroups.length !== 1 || written.resources.some((entry) => typeof entry !== 'string')) throw new FixNotPossible('unusual lists');
  const entries = written.resources as string[];
  const have = new Set(entries);
  replaceEntry(fix, webhook, [...rule.path, 'apiGroups'], 0, NARROW_GROUPS);
  const wanted = NARROW_RESOURCES.filter((name) => !have.has(name));
  const wild = entries.findIndex((entry) => entry.includes('*'));
  if (wanted.length === 0) fix.removeItem(resource, [...rule.path, 'resources'], wild);
  else replaceEntry(fix, webhook, [...rule.path, 'resources'], wild, wanted);
}

/**
 * Replaces one entry of a list with several. A block list that holds only that entry is rewritten as a
 * whole, in one edit; otherwise the entry is overwritten and the rest appended in the list's own style.
 */
function replaceEntry(fix: FixBuilder, webhook: Webhook, path: Path, index: number, values: readonly string[]): void {
  const resource = webhook.configuration;
  const list = get(resource.object, path);
  if (Array.isArray(list) && list.length === 1 && !isFlow(resource, path)) {
    fix.replace(resource, path, [...values]);
    return;
  }
  fix.set(resource, [...path, index], values[0]!);
  for (const value of values.slice(1)) fix.appendItem(resource, path, value);
}

/**
 * Removes the review entries from `resources`; the whole rule when nothing else is left, as long as the
 * webhook keeps another rule (a webhook without rules is rejected). Several entries of a flow list are only
 * removed when they are all of it.
 */
function removeEntries(fix: FixBuilder, webhook: Webhook, rule: WebhookRule, entries: readonly string[]): void {
  const resource = webhook.configuration;
  const written = get(resource.object, [...rule.path, 'resources']);
  if (!Array.isArray(written)) throw new FixNotPossible('resources is not a list');
  const indexes = written.flatMap((entry, i) => (typeof entry === 'string' && entries.includes(entry) ? [i] : []));
  if (indexes.length === written.length) {
    const rules = get(resource.object, [...webhook.path, 'rules']);
    if (!Array.isArray(rules) || rules.length < 2) throw new FixNotPossible('the webhook has no other rule');
    fix.removeItem(resource, [...webhook.path, 'rules'], rule.index);
    return;
  }
  if (indexes.length > 1 && isFlow(resource, [...rule.path, 'resources'])) throw new FixNotPossible('several entries of a flow list');
  const before = fix.edits.length;
  for (const index of indexes) fix.removeItem(resource, [...rule.path, 'resources'], index);
  coalesceDeletions(fix, before);
}

/**
 * Merges the deletions of several `removeItem` calls into runs. When the last item of a block list ends a file
 * without a final newline, its removal starts at the line break before it, inside the previous item's removed
 * line: the merged run then starts at the line break before the run.
 */
function coalesceDeletions(fix: FixBuilder, from: number): void {
  const added = fix.edits.splice(from).sort((a, b) => a.start - b.start);
  const merged: typeof added = [];
  for (const edit of added) {
    const previous = merged[merged.length - 1];
    if (previous && previous.file === edit.file && previous.text === '' && edit.text === '' && edit.start <= previous.end) {
      // The last item took the line break before it: the merged run takes the one before the run instead.
      const lineBreak = previous.end - edit.start;
      previous.start = Math.max(0, previous.start - lineBreak);
      previous.end = Math.max(previous.end, edit.end);
    } else merged.push({ ...edit });
  }
  fix.edits.push(...merged);
}

function isFlow(resource: Webhook['configuration'], path: Path): boolean {
  const located = locate(resource.document.yaml, resource.node, path);
  return located.found && isCollection(located.node) && located.node.flow === true;
}

/** `a`, `a and b`, `a, b and c`. */
function describe(items: readonly string[]): string {
  return items.length <= 1 ? (items[0] ?? '') : `${items.slice(0, -1).join(', ')} and ${items[items.length - 1]}`;
}
