import { isObject, type Resource } from '../../server/src/engine/parse';
import type { Relations } from '../../server/src/engine/relations';

export interface Isolation {
  /** Every pod of the namespace is isolated for ingress: only what some policy allows gets in. */
  ingress: boolean;
  egress: boolean;
  /** False when CNI-specific or cluster-wide policies exist: they may deny by default where this cannot see. */
  evaluated: boolean;
  /** A policy for every pod with an allow-everything rule: another deny policy cannot close that direction. */
  openedBy: { ingress?: Resource; egress?: Resource };
}

/** Policy kinds other than networking.k8s.io/v1 NetworkPolicy, by group; `''` namespace = cluster scope. */
const OTHER_POLICY_KINDS: readonly (readonly [string, string])[] = [
  ['cilium.io', 'CiliumNetworkPolicy'],
  ['cilium.io', 'CiliumClusterwideNetworkPolicy'],
  ['crd.projectcalico.org', 'NetworkPolicy'],
  ['crd.projectcalico.org', 'GlobalNetworkPolicy'],
  ['projectcalico.org', 'NetworkPolicy'],
  ['projectcalico.org', 'GlobalNetworkPolicy'],
  ['policy.networking.k8s.io', 'AdminNetworkPolicy'],
  ['policy.networking.k8s.io', 'BaselineAdminNetworkPolicy'],
  ['networking.k8s.aws', 'ClusterNetworkPolicy'],
];

/**
 * Whether the namespace denies by default (EKS-NETSEC "Create a default deny policy"): a policy with an
 * empty `podSelector` isolates every pod for each of its `policyTypes`, unless such a policy also has an
 * allow-everything rule (`{}`, no peers and no ports) for that direction. Policies that select only some pods
 * never make a namespace default-deny, whatever they allow.
 */
export function isolationOf(relations: Relations, namespace: string): Isolation {
  const others = OTHER_POLICY_KINDS.some(
    ([group, kind]) => relations.ofKind(namespace, group, kind).length > 0 || relations.ofKind('', group, kind).length > 0,
  );
  let ingress = false;
  let egress = false;
  const openedBy: Isolation['openedBy'] = {};
  for (const policy of relations.ofKind(namespace, 'networking.k8s.io', 'NetworkPolicy')) {
    const spec = policy.object.spec;
    if (!isObject(spec) || !selectsAllPods(spec.podSelector)) continue;
    const types = Array.isArray(spec.policyTypes)
      ? spec.policyTypes
      : ['Ingress', ...(spec.egress !== undefined && spec.egress !== null ? ['Egress'] : [])];
    if (types.includes('Ingress')) {
      ingress = true;
      if (allowsEverything(spec.ingress, 'from')) openedBy.ingress ??= policy;
    }
    if (types.includes('Egress')) {
      egress = true;
      if (allowsEverything(spec.egress, 'to')) openedBy.egress ??= policy;
    }
  }
  return { ingress: ingress && !openedBy.ingress, egress: egress && !openedBy.egress, evaluated: !others, openedBy };
}

/** `podSelector: {}` (or omitted, which the API reads as `{}`): every pod of the namespace. */
function selectsAllPods(selector: unknown): boolean {
  if (selector === undefined || selector === null) return true;
  if (!isObject(selector)) return false;
  const labels = selector.matchLabels;
  const expressions = selector.matchExpressions;
  return (!isObject(labels) || Object.keys(labels).length === 0) && (!Array.isArray(expressions) || expressions.length === 0);
}

function allowsEverything(rules: unknown, peers: 'from' | 'to'): boolean {
  if (!Array.isArray(rules)) return false;
  return rules.some((rule) => {
    if (rule === null) return true;
    if (!isObject(rule)) return false;
    const peerList = rule[peers];
    const ports = rule.ports;
    return (!Array.isArray(peerList) || peerList.length === 0) && (!Array.isArray(ports) || ports.length === 0);
  });
}
