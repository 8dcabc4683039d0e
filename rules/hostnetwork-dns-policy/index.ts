import { isObject } from '../../server/src/engine/parse';
import { defineRule, type FixSpec } from '../../server/src/engine/rule-api';
import { type ContainerRef, WORKLOAD_KINDS, type Workload } from '../../server/src/engine/workload';
import type { Path } from '../../server/src/engine/yaml-path';
import { EKS } from '../lib/docs';
import { containerLabel, isPlaceholderImage, parseImage, repositoryEndsWith } from '../lib/images';
import { isCoreDns } from '../lib/network-policies';

/**
 * Node agents that run with hostNetwork and resolve only external names (or none): the node's resolver is
 * what they need, and some of them (the CNI) must work before CoreDNS can even start.
 */
const NODE_AGENT_IMAGES: readonly string[] = [
  'amazon-k8s-cni',
  'amazon-k8s-cni-init',
  'amazon/aws-network-policy-agent',
  'kube-proxy',
  'eks/kube-proxy',
  'node-exporter',
  'eks/eks-pod-identity-agent',
  'eks-pod-identity-agent',
  'k8s-dns-node-cache',
  'dns/k8s-dns-node-cache',
];

/** A name that only cluster DNS resolves: `*.svc`, `*.cluster.local`, `kubernetes.default`. */
const CLUSTER_NAME = /[a-z0-9-]\.svc(?![a-z0-9-])|\.cluster\.local(?![a-z0-9-])|\bkubernetes\.default(?![a-z0-9-])/i;

interface TextHit {
  container: ContainerRef;
  path: Path;
  value: string;
}

function* envValues(container: ContainerRef): Generator<TextHit> {
  const env = container.spec.env;
  if (!Array.isArray(env)) return;
  for (let i = 0; i < env.length; i++) {
    const entry = env[i];
    if (isObject(entry) && typeof entry.value === 'string') yield { container, path: [...container.path, 'env', i, 'value'], value: entry.value };
  }
}

function* commandWords(container: ContainerRef): Generator<TextHit> {
  for (const field of ['command', 'args'] as const) {
    const list = container.spec[field];
    if (!Array.isArray(list)) continue;
    for (let i = 0; i < list.length; i++) {
      const value = list[i];
      if (typeof value === 'string') yield { container, path: [...container.path, field, i], value };
    }
  }
}

/** The name the pattern found, cut out of the value: `orders.shop.svc` from `http://orders.shop.svc:8080/api`. */
function clusterNameIn(value: string): string {
  const match = CLUSTER_NAME.exec(value);
  if (!match) return value.trim();
  const stops = ' \t/@=,;:\'"?#()[]{}';
  let start = match.index;
  while (start > 0 && !stops.includes(value[start - 1]!)) start--;
  let end = match.index + match[0].length;
  while (end < value.length && !stops.includes(value[end]!)) end++;
  return value.slice(start, Math.min(end, start + 253));
}

/** The first env value, command or argument of any container that names a cluster Service. */
function clusterNameReference(workload: Workload): TextHit | undefined {
  for (const container of workload.containers) {
    for (const hit of envValues(container)) if (CLUSTER_NAME.test(hit.value)) return hit;
    for (const hit of commandWords(container)) if (CLUSTER_NAME.test(hit.value)) return hit;
  }
  return undefined;
}

function isNodeAgent(workload: Workload, extra: readonly string[]): boolean {
  const list = [...NODE_AGENT_IMAGES, ...extra];
  return workload.containers.some((container) => {
    if (container.type !== 'app' || !container.image || isPlaceholderImage(container.image)) return false;
    const image = parseImage(container.image);
    return list.some((entry) => repositoryEndsWith(image, entry));
  });
}

const IPV4 = /^[0-9]{1,3}(?:\.[0-9]{1,3}){3}$/;
const LABEL = /^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$/i;
const SCHEME = /^[a-z][a-z0-9+.:-]{0,40}$/i;
const CLUSTER_SUFFIXES = ['.svc', '.cluster.local', '.local', '.localhost'];
/** With the default ndots of 5, a name with fewer dots is first tried with every search domain. */
const DEFAULT_NDOTS = 5;

/** The host of a URL (`scheme://host[:port]/…`) or of a bare `*.amazonaws.com` name, when it is an external DNS name. */
export function externalHost(value: string): string | undefined {
  const text = value.trim();
  if (text.length > 2048) return undefined;
  let host: string;
  const separator = text.indexOf('://');
  if (separator > 0) {
    if (!SCHEME.test(text.slice(0, separator))) return undefined;
    const rest = text.slice(separator + 3);
    let end = rest.length;
    for (const stop of ['/', '?', '#']) {
      const index = rest.indexOf(stop);
      if (index !== -1 && index < end) end = index;
    }
    const authority = rest.slice(0, end);
    host = authority.slice(authority.lastIndexOf('@') + 1);
  } else {
    host = text;
    if (!/\.amazonaws\.com(?:\.cn)?(?::[0-9]+)?$/i.test(host)) return undefined;
  }
  if (host.startsWith('[')) return undefined;
  const colon = host.indexOf(':');
  if (colon !== -1) host = host.slice(0, colon);
  if (host.endsWith('.')) return undefined;
  const lower = host.toLowerCase();
  if (IPV4.test(lower) || CLUSTER_SUFFIXES.some((suffix) => lower.endsWith(suffix))) return undefined;
  const labels = lower.split('.');
  if (labels.length < 2 || labels.length - 1 >= DEFAULT_NDOTS || !labels.every((label) => LABEL.test(label))) return undefined;
  if (!/^[a-z]{2,}$/.test(labels[labels.length - 1]!)) return undefined;
  return lower;
}

function hasNdots(podSpec: Record<string, unknown>): boolean {
  const options = isObject(podSpec.dnsConfig) ? podSpec.dnsConfig.options : undefined;
  return Array.isArray(options) && options.some((option) => isObject(option) && option.name === 'ndots');
}

export default defineRule({
  meta: {
    id: 'hostnetwork-dns-policy',
    category: 'networking',
    severity: 'warning',
    signal: 'strong',
    fixable: 'unsafe',
    kinds: WORKLOAD_KINDS,
    messages: {
      hostNetwork:
        '{{kind}} "{{name}}" uses hostNetwork with dnsPolicy {{policy}}, so its pods silently use the node\'s resolver (as with dnsPolicy: Default): cluster Service names such as my-svc.my-namespace.svc do not resolve.',
      hostNetworkServiceFacing:
        '{{kind}} "{{name}}" uses hostNetwork with dnsPolicy {{policy}} and serves Service "{{service}}": its pods silently use the node\'s resolver (as with dnsPolicy: Default), so every cluster Service name it looks up fails to resolve.',
      hostNetworkClusterName:
        '{{kind}} "{{name}}" uses hostNetwork with dnsPolicy {{policy}}, so its pods use the node\'s resolver (as with dnsPolicy: Default), yet {{container}} names the cluster Service "{{reference}}": that lookup fails.',
      ndots:
        '{{Container}} of {{kind}} "{{name}}" calls the external host "{{host}}" ({{dots}} dot(s), fewer than the default ndots of 5): every lookup is first tried with each cluster search domain, multiplying the queries CoreDNS must answer.',
      useClusterFirstWithHostNet: 'Set dnsPolicy: ClusterFirstWithHostNet',
      setNdots: 'Set the ndots DNS option to 2 (in-cluster names with 2 or more dots must then be fully qualified)',
    },
    docs: {
      description:
        'Pods with hostNetwork need dnsPolicy ClusterFirstWithHostNet to resolve cluster names; pods that call external hosts should lower ndots.',
      source: {
        title: 'EKS Best Practices: Scalability › Cluster services › Reduce external queries by lowering ndots',
        url: `${EKS}/scale-cluster-services.html`,
      },
    },
    options: {
      type: 'object',
      properties: {
        nodeAgentImages: {
          type: 'array',
          items: { type: 'string' },
          default: [],
          description:
            'Image repositories (suffix match, e.g. "my-org/node-agent") of hostNetwork node agents that resolve only external names, on top of the built-in list (aws-node, kube-proxy, node-exporter…).',
        },
        ndots: {
          type: 'boolean',
          default: true,
          description: 'Report (info) pods whose environment names external hosts while ndots is the default 5.',
        },
      },
      additionalProperties: false,
    },
  },
  check({ resource, workload, relations, options, report }) {
    if (!workload) return;
    const { podSpec, podSpecPath, kind } = workload;
    const name = resource.name;
    const hostNetwork = podSpec.hostNetwork === true;
    const policy = typeof podSpec.dnsPolicy === 'string' ? podSpec.dnsPolicy : undefined;
    const dnsPolicyPath: Path = [...podSpecPath, 'dnsPolicy'];

    if (hostNetwork && (policy === undefined || policy === 'ClusterFirst')) {
      // CoreDNS must forward to the node's resolver; a DNS server that resolves through itself loops.
      if (isCoreDns(workload)) return;
      const reference = clusterNameReference(workload);
      const services = relations.servicesSelecting(workload);
      const extra = Array.isArray(options.nodeAgentImages) ? options.nodeAgentImages.filter((i): i is string => typeof i === 'string') : [];
      if (!reference && isNodeAgent(workload, extra)) return;
      const fix: FixSpec = {
        messageId: 'useClusterFirstWithHostNet',
        apply: (builder) => builder.set(resource, dnsPolicyPath, 'ClusterFirstWithHostNet'),
      };
      const data = { kind, name, policy: policy ?? 'ClusterFirst (the default)' };
      report({
        at: policy === undefined ? [...podSpecPath, 'hostNetwork'] : dnsPolicyPath,
        on: policy === undefined ? 'key' : 'value',
        messageId: reference ? 'hostNetworkClusterName' : services.length ? 'hostNetworkServiceFacing' : 'hostNetwork',
        data: reference
          ? { ...data, container: containerLabel(reference.container), reference: clusterNameIn(reference.value) }
          : services.length
            ? { ...data, service: services[0]!.name }
            : data,
        severity: reference || services.length ? 'error' : 'warning',
        related: reference ? [{ resource, at: reference.path, message: 'The cluster Service name is here.' }] : [],
        suggest: [fix],
      });
      return;
    }

    // (b) ndots: only where the cluster's search domains apply.
    if (options.ndots === false || hasNdots(podSpec)) return;
    const clusterDns = policy === undefined || policy === 'ClusterFirst' || policy === 'ClusterFirstWithHostNet';
    if (!clusterDns) return;
    for (const container of workload.containers) {
      for (const hit of envValues(container)) {
        const host = externalHost(hit.value);
        if (!host) continue;
        const dnsConfig = podSpec.dnsConfig;
        const ndots = { name: 'ndots', value: '2' };
        report({
          at: hit.path,
          on: 'value',
          messageId: 'ndots',
          data: { Container: containerLabel(container, true), kind, name, host, dots: host.split('.').length - 1 },
          severity: 'info',
          maxSeverity: 'warning',
          suggest: [
            {
              messageId: 'setNdots',
              apply: (builder) => {
                if (isObject(dnsConfig) && Array.isArray(dnsConfig.options)) builder.appendItem(resource, [...podSpecPath, 'dnsConfig', 'options'], ndots);
                else if (isObject(dnsConfig)) builder.ensure(resource, [...podSpecPath, 'dnsConfig', 'options'], [ndots]);
                else builder.ensure(resource, [...podSpecPath, 'dnsConfig'], { options: [ndots] });
              },
            },
          ],
        });
        return;
      }
    }
  },
});
