import { isObject, type Resource } from '../../server/src/engine/parse';
import type { Relations } from '../../server/src/engine/relations';
import { type Labels, labelsOf, matches, parseLabelSelector, type Selector } from '../../server/src/engine/selectors';
import { type ContainerRef, get, type Workload } from '../../server/src/engine/workload';
import { isPlaceholderImage, parseImage, repositoryEndsWith } from './images';

// ---------------------------------------------------------------------------------------------------------
// The cluster DNS (CoreDNS) that every pod depends on

/** Image repositories of CoreDNS: upstream and the EKS build. */
export const COREDNS_IMAGES: readonly string[] = ['coredns/coredns', 'eks/coredns'];

function isCoreDnsImage(reference: string | undefined): boolean {
  if (!reference || isPlaceholderImage(reference)) return false;
  const image = parseImage(reference);
  return COREDNS_IMAGES.some((entry) => repositoryEndsWith(image, entry));
}

/** CoreDNS (RULES.md N3): a workload named `coredns`, or one running a CoreDNS image. */
export function isCoreDns(workload: Workload): boolean {
  if (workload.resource.name === 'coredns') return true;
  return workload.containers.some((container) => container.type !== 'init' && isCoreDnsImage(container.image));
}

/** The containers that run CoreDNS: those with its image, else one named `coredns`, else the only app container. */
export function coreDnsContainers(workload: Workload): ContainerRef[] {
  const apps = workload.containers.filter((container) => container.type !== 'init');
  const byImage = apps.filter((container) => isCoreDnsImage(container.image));
  if (byImage.length) return byImage;
  const byName = apps.filter((container) => container.name === 'coredns');
  if (byName.length) return byName;
  return apps.filter((container) => container.type === 'app').length === 1 ? apps.filter((container) => container.type === 'app') : [];
}

/** The labels of the EKS CoreDNS pods (kube-dns Service selector plus the add-on's component label). */
export const EKS_COREDNS_LABELS: Labels = { 'k8s-app': 'kube-dns', 'eks.amazonaws.com/component': 'coredns' };

/** The namespace label every namespace carries since Kubernetes 1.22. */
export const NAMESPACE_NAME_LABEL = 'kubernetes.io/metadata.name';

export interface DnsSettings {
  /** Where CoreDNS runs (kube-system). */
  namespace: string;
  /** Labels of the CoreDNS pods, as a policy's podSelector would select them. */
  podLabels: Labels;
  /** ClusterIPs of kube-dns and the NodeLocal DNSCache address. */
  ips: readonly string[];
}

export const DEFAULT_DNS: DnsSettings = {
  namespace: 'kube-system',
  podLabels: { 'k8s-app': 'kube-dns' },
  ips: ['10.100.0.10', '172.20.0.10', '169.254.20.10'],
};

/** What an egress rule must reach to allow DNS, resolved against the project. */
export interface DnsTarget {
  namespace: string;
  namespaceLabels: Labels;
  /** Every label set a CoreDNS pod may carry: the configured one, the EKS one, and the project's CoreDNS templates. */
  podLabelSets: Labels[];
  /** IPv4 addresses as unsigned 32-bit numbers. */
  ips: number[];
  /** Port names that mean port 53 on CoreDNS pods (`dns`, `dns-tcp`, or the names the project's CoreDNS declares). */
  portNames: Set<string>;
}

export function dnsTarget(relations: Relations, settings: DnsSettings): DnsTarget {
  const namespaceObject = relations.namespaceObject(settings.namespace);
  const namespaceLabels = {
    ...labelsOf(namespaceObject ? get(namespaceObject.object, ['metadata', 'labels']) : undefined),
    [NAMESPACE_NAME_LABEL]: settings.namespace,
  };
  const podLabelSets: Labels[] = [settings.podLabels];
  if (settings.namespace === 'kube-system') podLabelSets.push({ ...EKS_COREDNS_LABELS, ...settings.podLabels });
  const portNames = new Set(['dns', 'dns-tcp']);
  for (const workload of relations.bucket(settings.namespace).workloads) {
    if (!isCoreDns(workload)) continue;
    podLabelSets.push(workload.templateLabels);
    for (const container of coreDnsContainers(workload)) {
      const ports = container.spec.ports;
      if (!Array.isArray(ports)) continue;
      for (const port of ports) if (isObject(port) && port.containerPort === 53 && typeof port.name === 'string') portNames.add(port.name);
    }
  }
  const ips = settings.ips.map(parseIpv4).filter((ip): ip is number => ip !== undefined);
  return { namespace: settings.namespace, namespaceLabels, podLabelSets, ips, portNames };
}

// ---------------------------------------------------------------------------------------------------------
// NetworkPolicy (networking.k8s.io/v1) evaluation

export interface ParsedPolicy {
  resource: Resource;
  /** `spec.podSelector`; a missing one selects every pod, like `{}`. */
  selector: Selector | null;
  /** Whether the policy restricts egress: `policyTypes` lists Egress, or (without policyTypes) it has egress rules. */
  egress: boolean;
  /** `spec.egress`, as written. */
  rules: unknown[];
}

export function parsePolicy(resource: Resource): ParsedPolicy {
  const spec = isObject(resource.object.spec) ? resource.object.spec : {};
  const selectorValue = spec.podSelector;
  const selector = parseLabelSelector(selectorValue === undefined || selectorValue === null ? {} : selectorValue);
  const rules = Array.isArray(spec.egress) ? spec.egress : [];
  const types = spec.policyTypes;
  const egress = Array.isArray(types) ? types.includes('Egress') : rules.length > 0;
  return { resource, selector, egress, rules };
}

export function policiesIn(relations: Relations, namespace: string): ParsedPolicy[] {
  return relations.ofKind(namespace, 'networking.k8s.io', 'NetworkPolicy').map(parsePolicy);
}

export interface DnsVerdict {
  udp: boolean;
  tcp: boolean;
}

/** IPv4 dotted quad to an unsigned 32-bit number. */
export function parseIpv4(text: string): number | undefined {
  const parts = text.split('.');
  if (parts.length !== 4) return undefined;
  let value = 0;
  for (const part of parts) {
    if (!/^[0-9]{1,3}$/.test(part)) return undefined;
    const octet = Number(part);
    if (octet > 255) return undefined;
    value = value * 256 + octet;
  }
  return value;
}

/** Whether an IPv4 CIDR contains the address; IPv6 CIDRs contain no IPv4 address. */
export function cidrContains(cidr: string, ip: number): boolean {
  const slash = cidr.indexOf('/');
  const base = parseIpv4(slash === -1 ? cidr : cidr.slice(0, slash));
  if (base === undefined) return false;
  const prefixText = slash === -1 ? '32' : cidr.slice(slash + 1);
  if (!/^[0-9]{1,2}$/.test(prefixText)) return false;
  const prefix = Number(prefixText);
  if (prefix > 32) return false;
  const size = 2 ** (32 - prefix);
  return Math.floor(base / size) === Math.floor(ip / size);
}

function peerReachesDns(peer: unknown, policyNamespace: string, dns: DnsTarget): boolean {
  if (!isObject(peer)) return false;
  if (isObject(peer.ipBlock)) {
    const cidr = peer.ipBlock.cidr;
    if (typeof cidr !== 'string') return false;
    const except = Array.isArray(peer.ipBlock.except) ? peer.ipBlock.except.filter((e): e is string => typeof e === 'string') : [];
    return dns.ips.some((ip) => cidrContains(cidr, ip) && !except.some((e) => cidrContains(e, ip)));
  }
  const hasNamespaceSelector = peer.namespaceSelector !== undefined && peer.namespaceSelector !== null;
  const hasPodSelector = peer.podSelector !== undefined && peer.podSelector !== null;
  if (!hasNamespaceSelector && !hasPodSelector) return false;
  const namespaceOk = hasNamespaceSelector
    ? matches(parseLabelSelector(peer.namespaceSelector), dns.namespaceLabels)
    : policyNamespace === dns.namespace;
  if (!namespaceOk) return false;
  if (!hasPodSelector) return true;
  const podSelector = parseLabelSelector(peer.podSelector);
  return dns.podLabelSets.some((labels) => matches(podSelector, labels));
}

function portAllows(port: unknown, protocol: 'UDP' | 'TCP', dns: DnsTarget): boolean {
  if (!isObject(port)) return false;
  const declared = typeof port.protocol === 'string' ? port.protocol.toUpperCase() : 'TCP';
  if (declared !== protocol) return false;
  const value = port.port;
  if (value === undefined || value === null) return true;
  if (typeof value === 'string' && !/^[0-9]+$/.test(value)) return dns.portNames.has(value);
  const number = Number(value);
  const end = typeof port.endPort === 'number' ? port.endPort : number;
  return number <= 53 && 53 <= end;
}

/** What one egress rule allows towards the cluster DNS. */
export function ruleAllowsDns(rule: unknown, policyNamespace: string, dns: DnsTarget): DnsVerdict {
  if (!isObject(rule)) return { udp: false, tcp: false };
  const to = rule.to;
  const reaches = !Array.isArray(to) || to.length === 0 || to.some((peer) => peerReachesDns(peer, policyNamespace, dns));
  if (!reaches) return { udp: false, tcp: false };
  const ports = rule.ports;
  if (!Array.isArray(ports) || ports.length === 0) return { udp: true, tcp: true };
  return { udp: ports.some((p) => portAllows(p, 'UDP', dns)), tcp: ports.some((p) => portAllows(p, 'TCP', dns)) };
}

/** What a set of egress policies, together, allows towards the cluster DNS. */
export function policiesAllowDns(policies: readonly ParsedPolicy[], namespace: string, dns: DnsTarget): DnsVerdict {
  const verdict = { udp: false, tcp: false };
  for (const policy of policies) {
    for (const rule of policy.rules) {
      const allowed = ruleAllowsDns(rule, namespace, dns);
      verdict.udp ||= allowed.udp;
      verdict.tcp ||= allowed.tcp;
      if (verdict.udp && verdict.tcp) return verdict;
    }
  }
  return verdict;
}

/**
 * The NetworkPolicy that allows every pod of a namespace to query the cluster DNS over UDP and TCP
 * (RULES.md N2). `namespace` is written only when given: kustomize or `-n` may set it otherwise.
 */
export function allowDnsPolicy(name: string, namespace: string | undefined, settings: DnsSettings = DEFAULT_DNS): Record<string, unknown> {
  const podLabels = settings.podLabels['k8s-app'] !== undefined ? { 'k8s-app': settings.podLabels['k8s-app'] } : { ...settings.podLabels };
  return {
    apiVersion: 'networking.k8s.io/v1',
    kind: 'NetworkPolicy',
    metadata: namespace ? { name, namespace } : { name },
    spec: {
      podSelector: {},
      policyTypes: ['Egress'],
      egress: [
        {
          to: [
            {
              namespaceSelector: { matchLabels: { [NAMESPACE_NAME_LABEL]: settings.namespace } },
              podSelector: { matchLabels: podLabels },
            },
          ],
          ports: [
            { protocol: 'UDP', port: 53 },
            { protocol: 'TCP', port: 53 },
          ],
        },
      ],
    },
  };
}
