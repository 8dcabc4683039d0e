import type { Resource } from '../../server/src/engine/parse';
import { defineRule, type FixSpec, type Related } from '../../server/src/engine/rule-api';
import { type Labels, labelsOf, matches, pinnedLabels } from '../../server/src/engine/selectors';
import { get, type Workload } from '../../server/src/engine/workload';
import type { Path } from '../../server/src/engine/yaml-path';
import { EKS } from '../lib/docs';
import { formatLabels } from '../lib/spread';
import {
  allowDnsPolicy,
  DEFAULT_DNS,
  type DnsSettings,
  dnsTarget,
  type ParsedPolicy,
  parsePolicy,
  policiesAllowDns,
  policiesIn,
  ruleAllowsDns,
} from '../lib/network-policies';

/** Policy kinds of CNIs and newer APIs that this rule does not evaluate; any of them may allow DNS. */
const OTHER_POLICY_KINDS: readonly { group: string; kind: string; clusterScoped: boolean }[] = [
  { group: 'cilium.io', kind: 'CiliumNetworkPolicy', clusterScoped: false },
  { group: 'cilium.io', kind: 'CiliumClusterwideNetworkPolicy', clusterScoped: true },
  { group: 'crd.projectcalico.org', kind: 'NetworkPolicy', clusterScoped: false },
  { group: 'projectcalico.org', kind: 'NetworkPolicy', clusterScoped: false },
  { group: 'crd.projectcalico.org', kind: 'GlobalNetworkPolicy', clusterScoped: true },
  { group: 'projectcalico.org', kind: 'GlobalNetworkPolicy', clusterScoped: true },
  { group: 'policy.networking.k8s.io', kind: 'AdminNetworkPolicy', clusterScoped: true },
  { group: 'policy.networking.k8s.io', kind: 'BaselineAdminNetworkPolicy', clusterScoped: true },
  { group: 'networking.k8s.aws', kind: 'ClusterNetworkPolicy', clusterScoped: true },
  { group: 'networking.k8s.aws', kind: 'ApplicationNetworkPolicy', clusterScoped: false },
];

/** A set of pods the policy selects: a workload's template, or the pods the selector itself describes. */
interface PodGroup {
  labels: Labels;
  describe: string;
}

function dnsSettings(options: Record<string, unknown>): DnsSettings {
  const namespace = typeof options.dnsNamespace === 'string' && options.dnsNamespace ? options.dnsNamespace : DEFAULT_DNS.namespace;
  const podLabels = labelsOf(options.dnsPodLabels);
  const ips = Array.isArray(options.dnsIps) ? options.dnsIps.filter((ip): ip is string => typeof ip === 'string') : DEFAULT_DNS.ips;
  return { namespace, podLabels: Object.keys(podLabels).length ? podLabels : DEFAULT_DNS.podLabels, ips };
}

function otherPolicies(relations: Parameters<typeof dnsTarget>[0], namespace: string): Resource[] {
  const found: Resource[] = [];
  for (const { group, kind, clusterScoped } of OTHER_POLICY_KINDS) {
    // Cluster-wide kinds the index does not know as cluster-scoped land in the default namespace.
    const namespaces = clusterScoped ? new Set(['', 'default', namespace]) : new Set([namespace]);
    for (const ns of namespaces) found.push(...relations.ofKind(ns, group, kind));
  }
  return found;
}

export default defineRule({
  meta: {
    id: 'netpol-default-deny-blocks-dns',
    category: 'networking',
    severity: 'error',
    signal: 'strong',
    fixable: 'unsafe',
    kinds: ['NetworkPolicy'],
    messages: {
      udpBlocked:
        'NetworkPolicy "{{name}}" restricts the egress of {{pods}}, and no NetworkPolicy selecting them allows DNS (UDP port 53 to CoreDNS in {{dnsNamespace}}): every name lookup times out, so the pods cannot reach Services or AWS APIs by name.{{note}}',
      tcpMissing:
        'NetworkPolicy "{{name}}" restricts the egress of {{pods}}; DNS is allowed over UDP but not over TCP port 53: truncated or large answers are retried over TCP and fail.{{note}}',
      addAllowDns: 'Add NetworkPolicy "{{policy}}" allowing DNS (UDP and TCP 53) to CoreDNS',
      addTcp: 'Allow TCP port 53 too in NetworkPolicy "{{policy}}"',
    },
    docs: {
      description:
        'A NetworkPolicy that restricts egress must come with an egress rule that lets the pods reach CoreDNS on port 53, over UDP and TCP.',
      source: {
        title: 'EKS Best Practices: Security › Network security › Create a rule to allow DNS queries',
        url: `${EKS}/network-security.html`,
      },
    },
    options: {
      type: 'object',
      properties: {
        dnsNamespace: { type: 'string', default: 'kube-system', description: 'The namespace CoreDNS runs in.' },
        dnsPodLabels: {
          type: 'object',
          additionalProperties: { type: 'string' },
          default: { 'k8s-app': 'kube-dns' },
          description: 'The labels of the CoreDNS pods.',
        },
        dnsIps: {
          type: 'array',
          items: { type: 'string' },
          default: ['10.100.0.10', '172.20.0.10', '169.254.20.10'],
          description: 'IPv4 addresses of the cluster DNS (kube-dns ClusterIP, NodeLocal DNSCache) that an ipBlock may allow.',
        },
      },
      additionalProperties: false,
    },
  },
  check({ resource, namespace, relations, settings, options, report }) {
    if (resource.group !== 'networking.k8s.io') return;
    const policy = parsePolicy(resource);
    if (!policy.egress) return;
    const dnsOptions = dnsSettings(options);
    const dns = dnsTarget(relations, dnsOptions);
    const own = policiesAllowDns([policy], namespace, dns);
    if (own.udp && own.tcp) return;

    const policies = policiesIn(relations, namespace).filter((p) => p.egress);
    const groups = podGroups(policy, relations.bucket(namespace).workloads, namespace);
    const lackingUdp: PodGroup[] = [];
    const lackingTcp: PodGroup[] = [];
    for (const group of groups) {
      const selecting = policies.filter((p) => matches(p.selector, group.labels));
      const verdict = policiesAllowDns(selecting, namespace, dns);
      if (!verdict.udp) lackingUdp.push(group);
      else if (!verdict.tcp) lackingTcp.push(group);
    }
    if (lackingUdp.length === 0 && lackingTcp.length === 0) return;

    const others = otherPolicies(relations, namespace);
    const note = others.length
      ? ` (${others[0]!.kind} "${others[0]!.name}" is not evaluated and may allow it.)`
      : settings.manifestSet === 'partial'
        ? ' (manifestSet: partial, so a policy allowing it may live elsewhere.)'
        : '';
    const downgrade = others.length > 0 || settings.manifestSet === 'partial';
    const spec = resource.object.spec;
    const at: Path = get(spec, ['policyTypes']) !== undefined ? ['spec', 'policyTypes'] : get(spec, ['egress']) !== undefined ? ['spec', 'egress'] : ['spec', 'podSelector'];
    const related: Related[] = others.slice(0, 1).map((other) => ({ resource: other, at: ['metadata', 'name'], message: `${other.kind} "${other.name}" is not evaluated.` }));

    if (lackingUdp.length) {
      const name = freeName(relations.ofKind(namespace, 'networking.k8s.io', 'NetworkPolicy'));
      const suggest: FixSpec[] = [
        {
          messageId: 'addAllowDns',
          data: { policy: name },
          apply: (fix) => fix.appendDocument(resource, allowDnsPolicy(name, resource.declaredNamespace, dnsOptions)),
        },
      ];
      report({
        at,
        messageId: 'udpBlocked',
        data: { name: resource.name, pods: describeGroups(lackingUdp), dnsNamespace: dnsOptions.namespace, note },
        severity: 'error',
        ...(downgrade ? { maxSeverity: 'info' as const } : {}),
        related,
        suggest,
      });
      return;
    }

    // UDP is allowed by some policy: the one that allows it reports the missing TCP, with the fix next to its UDP port.
    if (!own.udp) return;
    const suggest: FixSpec[] = [];
    const target = udpRule([policy], namespace, dns);
    if (target) {
      suggest.push({
        messageId: 'addTcp',
        data: { policy: target.policy.resource.name },
        apply: (fix) => fix.appendItem(target.policy.resource, ['spec', 'egress', target.index, 'ports'], { protocol: 'TCP', port: 53 }),
      });
    }
    report({
      at,
      messageId: 'tcpMissing',
      data: { name: resource.name, pods: describeGroups(lackingTcp), note },
      severity: 'info',
      related,
      suggest,
    });
  },
});

/** The workloads the policy selects (hostNetwork pods are outside NetworkPolicy); or the pods its selector describes. */
function podGroups(policy: ParsedPolicy, workloads: readonly Workload[], namespace: string): PodGroup[] {
  const groups: PodGroup[] = [];
  let selectsAny = false;
  for (const workload of workloads) {
    if (!matches(policy.selector, workload.templateLabels)) continue;
    selectsAny = true;
    if (workload.podSpec.hostNetwork === true) continue;
    groups.push({ labels: workload.templateLabels, describe: `${workload.kind} "${workload.resource.name}"` });
  }
  if (selectsAny) return groups;
  const labels = pinnedLabels(policy.selector);
  if (!matches(policy.selector, labels)) return [];
  const everything = policy.selector !== null && policy.selector.requirements.length === 0;
  return [{ labels, describe: everything ? `every pod in namespace "${namespace}"` : `the pods labelled ${formatLabels(labels)}` }];
}

function describeGroups(groups: readonly PodGroup[]): string {
  if (groups.length === 1) return groups[0]!.describe.startsWith('every') || groups[0]!.describe.startsWith('the pods') ? groups[0]!.describe : `the pods of ${groups[0]!.describe}`;
  const shown = groups.slice(0, 2).map((group) => group.describe);
  return `the pods of ${shown.join(', ')}${groups.length > 2 ? ` and ${groups.length - 2} more` : ''}`;
}

/** The first egress rule (with a ports list) that lets the pods reach DNS over UDP: where TCP belongs. */
function udpRule(policies: readonly ParsedPolicy[], namespace: string, dns: ReturnType<typeof dnsTarget>): { policy: ParsedPolicy; index: number } | undefined {
  for (const policy of policies) {
    for (let index = 0; index < policy.rules.length; index++) {
      const rule = policy.rules[index];
      if (!ruleAllowsDns(rule, namespace, dns).udp) continue;
      const ports = get(rule, ['ports']);
      if (Array.isArray(ports) && ports.length > 0) return { policy, index };
    }
  }
  return undefined;
}

/** `allow-dns-access`, or the first free `allow-dns-access-N` in the namespace. */
function freeName(existing: readonly Resource[]): string {
  const taken = new Set(existing.map((policy) => policy.name));
  if (!taken.has('allow-dns-access')) return 'allow-dns-access';
  for (let n = 2; ; n++) if (!taken.has(`allow-dns-access-${n}`)) return `allow-dns-access-${n}`;
}
