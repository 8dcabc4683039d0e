import { defineRule, type FixSpec, type Related } from '../../server/src/engine/rule-api';
import { type Labels, matches } from '../../server/src/engine/selectors';
import type { Path } from '../../server/src/engine/yaml-path';
import { EKS } from '../lib/docs';
import {
  analyseMatchConditions,
  backendWorkloads,
  excludeNamespaces,
  matchingEntries,
  namespaceLabels,
  type RequestKind,
  selectsNamespace,
  WEBHOOK_KINDS,
  type Webhook,
  webhooksOf,
} from '../lib/webhooks';

/** How a critical request reacts to the webhook's selectors. */
type Category = 'object' | 'subresource' | 'cluster';

interface CriticalRequest extends Omit<RequestKind, 'operation'> {
  category: Category;
}

/**
 * Requests that pods, nodes and the add-ons need to start and recover (RULES.md S9 "bootstrap-critical"):
 * the objects themselves, the pod subresources whose admitted object is not the labelled pod (a Binding,
 * an Eviction…), and the cluster-scoped Node objects, for which namespaceSelector has no effect.
 */
const CRITICAL: readonly CriticalRequest[] = [
  ...['pods', 'services', 'endpoints', 'configmaps', 'secrets', 'serviceaccounts'].map((resource) => ({
    group: '',
    resource,
    namespaced: true,
    category: 'object' as const,
  })),
  ...['deployments', 'replicasets', 'statefulsets', 'daemonsets'].map((resource) => ({
    group: 'apps',
    resource,
    namespaced: true,
    category: 'object' as const,
  })),
  { group: 'discovery.k8s.io', resource: 'endpointslices', namespaced: true, category: 'object' },
  { group: 'coordination.k8s.io', resource: 'leases', namespaced: true, category: 'object' },
  // A Namespace is matched by namespaceSelector on its own labels: it behaves like a namespaced object here.
  { group: '', resource: 'namespaces', namespaced: false, category: 'object' },
  ...['binding', 'eviction', 'status', 'ephemeralcontainers', 'resize'].map((subresource) => ({
    group: '',
    resource: 'pods',
    subresource,
    namespaced: true,
    category: 'subresource' as const,
  })),
  { group: '', resource: 'serviceaccounts', subresource: 'token', namespaced: true, category: 'subresource' },
  { group: '', resource: 'nodes', namespaced: false, category: 'cluster' },
  { group: '', resource: 'nodes', subresource: 'status', namespaced: false, category: 'cluster' },
];

/** The EKS data-plane add-ons a policy engine must never block (kyverno/kyverno#8872). */
const EKS_ADD_ONS: readonly Labels[] = [{ 'k8s-app': 'aws-node' }, { 'k8s-app': 'kube-proxy' }, { 'k8s-app': 'kube-dns' }];

const POLICY_ENGINE = /kyverno|gatekeeper/i;
const POLICY_ENGINE_NAMESPACES = new Set(['kyverno', 'gatekeeper-system']);

interface Hits {
  object: string[];
  subresource: string[];
  cluster: string[];
  /** The critical resources matched (`pods`, `namespaces`…), whatever the entry that named them. */
  resources: Set<string>;
  /** The cluster-scoped requests matched, by name: `nodes`, `nodes/status`. */
  clusterRequests: Set<string>;
}

export default defineRule({
  meta: {
    id: 'webhook-fail-closed-unscoped',
    category: 'static-stability',
    severity: 'error',
    signal: 'strong',
    fixable: 'unsafe',
    kinds: [...WEBHOOK_KINDS],
    messages: {
      selfDeadlock:
        'Webhook "{{webhook}}" fails closed on {{resources}}, and does not exclude its own namespace "{{namespace}}": when all of its backend pods are gone (node or AZ loss), the requests that bring them back are rejected and the webhook deadlocks itself.',
      kubeSystem:
        'Webhook "{{webhook}}" fails closed on {{resources}} in kube-system: while its backend is unavailable, the API server rejects these requests for aws-node, kube-proxy and CoreDNS too, so new nodes never become Ready.',
      policyEngine:
        'Policy engine webhook "{{webhook}}" fails closed on {{resources}} in kube-system: it exempts the EKS data-plane add-ons, but every other kube-system workload is blocked while the engine is unavailable.',
      clusterScoped:
        'Webhook "{{webhook}}" fails closed on {{resources}}, which are cluster-scoped so namespaceSelector cannot exclude them, and has no objectSelector: while its backend is unavailable, kubelets cannot register or update their Node objects.',
      unevaluated:
        'Webhook "{{webhook}}" fails closed on {{resources}} {{target}}, unless its matchConditions exclude those requests, which kubeready could not evaluate: check that they do, or a webhook outage blocks {{impact}}.',
      exclude: 'Exclude {{namespaces}} with namespaceSelector',
      failOpen: 'Fail open: set failurePolicy: Ignore',
    },
    docs: {
      description:
        'Fail-closed admission webhooks on pods and other bootstrap-critical resources must exclude kube-system and their own namespace.',
      source: { title: 'EKS Best Practices: Reliability › EKS Control Plane › Admission Webhooks', url: `${EKS}/control-plane.html` },
    },
  },
  check({ resource, relations, report }) {
    for (const webhook of webhooksOf(resource)) {
      if (webhook.failurePolicy !== 'Fail') continue;
      const hits = criticalHits(webhook);
      const namespaced = [...hits.object, ...hits.subresource];
      if (namespaced.length === 0 && hits.cluster.length === 0) continue;

      const conditions = analyseMatchConditions(webhook);
      const excluded = (namespace: string) =>
        !selectsNamespace(webhook, namespaceLabels(relations, namespace)) || conditions.excludes(namespace);
      // For subresources the admitted object (a Binding, an Eviction) lacks the pod's labels: objectSelector cannot exclude.
      const objectSelectorApplies = hits.subresource.length === 0;
      const ownNamespace = webhook.service?.namespace;
      const engine = isPolicyEngine(webhook);

      let finding: { messageId: string; target: string; impact: string; data: Record<string, string>; related: Related[]; severity?: 'warning' } | undefined;

      // (b) self-deadlock: the webhook admits the replacement pods of its own backend.
      // Updates of its own Namespace object or of Nodes are not on the path of a replacement pod.
      const podPath = [...hits.resources].some((name) => name !== 'namespaces' && name !== 'nodes');
      if (ownNamespace !== undefined && webhook.url === undefined && podPath && !excluded(ownNamespace)) {
        const backends = backendWorkloads(relations, webhook);
        // An objectSelector excludes the backend when it selects none of the backend pod templates. With no
        // backend in the project, a selector that matches an object without labels is assumed to match it.
        const selected = objectSelectorApplies ? backends.filter((backend) => matches(webhook.objectSelector, backend.templateLabels)) : backends;
        let deadlock: boolean;
        if (!objectSelectorApplies) deadlock = true;
        else if (backends.length === 0) deadlock = matches(webhook.objectSelector, {});
        else deadlock = selected.length > 0;
        if (deadlock) {
          finding = {
            messageId: 'selfDeadlock',
            target: `in its own namespace "${ownNamespace}"`,
            impact: 'the recovery of its own backend pods',
            data: { namespace: ownNamespace },
            related: selected.map((backend) => ({
              resource: backend.resource,
              at: ['metadata', 'name'],
              message: `Backend of webhook "${webhook.name}": its replacement pods need this webhook to answer.`,
            })),
          };
        }
      }

      // (a) kube-system: the add-ons of every node go through the webhook.
      if (!finding && namespaced.length > 0 && !excluded('kube-system')) {
        const objectExemptsAddOns = objectSelectorApplies && EKS_ADD_ONS.every((labels) => !matches(webhook.objectSelector, labels));
        const optIn = objectExemptsAddOns && !matches(webhook.objectSelector, {});
        if (!optIn) {
          const conditionsExemptAddOns = webhook.matchConditions.some((c) => mentionsAddOns(c.expression));
          const ownExcluded = ownNamespace === undefined || webhook.url !== undefined || excluded(ownNamespace);
          const downgraded = engine && ownExcluded && (objectExemptsAddOns || conditionsExemptAddOns);
          finding = {
            messageId: downgraded ? 'policyEngine' : 'kubeSystem',
            target: 'in kube-system',
            impact: 'the aws-node, kube-proxy and CoreDNS pods of new nodes',
            data: {},
            related: [],
            ...(downgraded ? { severity: 'warning' as const } : {}),
          };
        }
      }

      // Nodes: cluster-scoped, so only an objectSelector could narrow the webhook.
      if (!finding && hits.cluster.length > 0 && (webhook.objectSelector?.requirements.length ?? 1) === 0) {
        finding = {
          messageId: 'clusterScoped',
          target: '(cluster-scoped)',
          impact: 'node registration and status updates',
          data: {},
          related: [],
        };
      }
      if (!finding) continue;

      const resources = finding.messageId === 'clusterScoped' ? describe([...hits.clusterRequests]) : describe(unique(namespaced));
      const unevaluated = conditions.unevaluated.length > 0 && finding.messageId !== 'policyEngine';
      const names = unique(['kube-system', 'kube-node-lease', ...(webhook.url === undefined && ownNamespace ? [ownNamespace] : [])]);
      const suggest: FixSpec[] = [];
      if (finding.messageId !== 'clusterScoped') {
        suggest.push({ messageId: 'exclude', data: { namespaces: names.join(', ') }, apply: (fix) => excludeNamespaces(fix, webhook, names) });
      }
      if (webhook.mutating) {
        suggest.push({ messageId: 'failOpen', apply: (fix) => fix.set(resource, [...webhook.path, 'failurePolicy'], 'Ignore') });
      }
      const at: Path = 'namespaceSelector' in webhook.spec ? [...webhook.path, 'namespaceSelector'] : [...webhook.path, 'name'];
      report({
        at,
        messageId: unevaluated ? 'unevaluated' : finding.messageId,
        data: { webhook: webhook.name || `#${webhook.index + 1}`, resources, target: finding.target, impact: finding.impact, ...finding.data },
        ...(unevaluated ? { severity: 'warning' as const } : finding.severity ? { severity: finding.severity } : {}),
        suggest,
        related: finding.related,
      });
    }
  },
});

/** The bootstrap-critical `resources[]` entries the webhook's CREATE or UPDATE rules name, by category. */
function criticalHits(webhook: Webhook): Hits {
  const hits: Hits = { object: [], subresource: [], cluster: [], resources: new Set(), clusterRequests: new Set() };
  for (const rule of webhook.rules) {
    for (const request of CRITICAL) {
      for (const operation of ['CREATE', 'UPDATE']) {
        const entries = matchingEntries(rule, { ...request, operation });
        if (entries.length === 0) continue;
        hits[request.category].push(...entries);
        hits.resources.add(request.resource);
        if (request.category === 'cluster') hits.clusterRequests.add(request.subresource ? `${request.resource}/${request.subresource}` : request.resource);
      }
    }
  }
  return hits;
}

function isPolicyEngine(webhook: Webhook): boolean {
  return (
    POLICY_ENGINE.test(webhook.name) ||
    POLICY_ENGINE.test(webhook.configuration.name) ||
    (webhook.service !== undefined && (POLICY_ENGINE_NAMESPACES.has(webhook.service.namespace) || POLICY_ENGINE.test(webhook.service.name)))
  );
}

/** A CEL condition that names every EKS data-plane add-on (`k8s-app` aws-node, kube-proxy, kube-dns) exempts them. */
function mentionsAddOns(expression: string): boolean {
  return /aws-node/.test(expression) && /kube-proxy/.test(expression) && /kube-dns|coredns/.test(expression);
}

/** `pods`, `pods/binding` → "pods and pods/binding"; wildcards in words. */
function describe(entries: readonly string[]): string {
  const words = entries.map((entry) => (entry === '*' ? 'all resources' : entry === '*/*' ? 'all resources and subresources' : entry));
  return words.length <= 1 ? (words[0] ?? '') : `${words.slice(0, -1).join(', ')} and ${words[words.length - 1]}`;
}

function unique(values: readonly string[]): string[] {
  return [...new Set(values)];
}
