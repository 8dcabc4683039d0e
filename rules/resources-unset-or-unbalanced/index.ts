import { isObject, type Resource } from '../../server/src/engine/parse';
import { type Data, defineRule, type FixSpec, type Report } from '../../server/src/engine/rule-api';
import { type ContainerRef, WORKLOAD_KINDS } from '../../server/src/engine/workload';
import type { Path } from '../../server/src/engine/yaml-path';
import { EKS } from '../lib/docs';
import { fill } from './fill';
import { type NamespacePolicy, namespacePolicy } from './policy';
import { parseQuantity, sameQuantity } from './quantity';

const PLACEHOLDER = { cpu: '<cpu>', memory: '<memory>' } as const;
type Balanced = 'memory' | 'ephemeral-storage';

export default defineRule({
  meta: {
    id: 'resources-unset-or-unbalanced',
    category: 'reliability',
    severity: 'warning',
    signal: 'strong',
    fixable: 'unsafe',
    kinds: WORKLOAD_KINDS,
    messages: {
      missingRequests:
        'Container "{{container}}" of {{kind}} "{{name}}" sets no {{missing}}: the scheduler, Karpenter and Cluster Autoscaler place pods and size nodes by requests, so it lands on nodes with no room for what it uses and is starved or evicted first under node pressure.',
      memoryLimitMissing:
        'Container "{{container}}" of {{kind}} "{{name}}" requests {{request}} of memory but sets no memory limit: it can grow until the node runs out of memory, and then pods that stayed within their requests are OOM-killed or evicted too.',
      memoryLimitDiffers:
        'Container "{{container}}" of {{kind}} "{{name}}" has a memory limit of {{limit}} above its request of {{request}}: nodes are packed by requests, so when pods burst together the node runs out of memory and pods are OOM-killed or evicted.',
      storageLimitMissing:
        'Container "{{container}}" of {{kind}} "{{name}}" requests {{request}} of ephemeral storage but sets no limit: it can fill the node\'s disk, and the kubelet then evicts pods that stayed within their requests.',
      storageLimitDiffers:
        'Container "{{container}}" of {{kind}} "{{name}}" has an ephemeral-storage limit of {{limit}} above its request of {{request}}: nodes are packed by requests, so pods that write at once can fill the disk and get evicted.',
      cpuLimitSet:
        'Container "{{container}}" of {{kind}} "{{name}}" has a CPU limit of {{limit}}: the kernel throttles it whenever it uses more, even on an idle node, which shows up as latency and failed probes (EKS: do not specify CPU limits).',
      cpuLimitMissing:
        'Container "{{container}}" of {{kind}} "{{name}}" sets no CPU limit, which this project requires (cpuLimits: require): a busy container can take CPU time that co-located pods count on.',
      addRequests: 'Add {{fields}} (replace the placeholders with measured values)',
      setLimit: 'Set limits.{{resource}} to {{value}}, the request',
      raiseRequest: 'Raise requests.{{resource}} to {{value}}, the limit',
      lowerLimit: 'Lower limits.{{resource}} to {{value}}, the request',
      removeCpuLimit: 'Remove the CPU limit',
      moveCpuLimit: 'Replace the CPU limit with a CPU request of {{value}}',
      setCpuLimit: 'Set limits.cpu to {{value}}, the request',
    },
    docs: {
      description:
        'Every container needs CPU and memory requests, and memory limits equal to the requests, so that schedulers and node autoscalers size nodes for what pods really use.',
      source: {
        title: 'EKS Best Practices: Reliability › Data Plane › Configure and Size Resource Requests/Limits for all Workloads',
        url: `${EKS}/data-plane.html`,
      },
    },
  },
  check({ workload, relations, settings, namespace, report }) {
    if (!workload || workload.helmHook) return;
    const policy = namespacePolicy(relations.bucket(namespace).limitRanges, relations.ofKind(namespace, '', 'ResourceQuota'));
    // Pod-level resources (PodLevelResources, beta in 1.34) cover containers that set none of their own.
    const podRequests = objectAt(workload.podSpec.resources, 'requests');
    for (const container of workload.containers) {
      const resources = container.spec.resources;
      const view: ContainerResources = {
        container,
        resource: workload.resource,
        resources,
        requests: objectAt(resources, 'requests'),
        limits: objectAt(resources, 'limits'),
        base: [...container.path, 'resources'],
        data: { container: label(container), kind: workload.kind, name: workload.resource.name },
      };
      const requireCpuLimit = settings.cpuLimits === 'require' && !policy.defaultLimit.has('cpu');
      const missing = (['cpu', 'memory'] as const).filter(
        (r) => requestOf(view, r) == null && !policy.defaultRequest.has(r) && podRequests[r] == null,
      );
      if (missing.length > 0) report(missingRequests(view, missing, policy, requireCpuLimit));
      for (const resource of ['memory', 'ephemeral-storage'] as Balanced[]) {
        const finding = unbalanced(view, resource, policy);
        if (finding) report(finding);
      }
      if (settings.cpuLimits === 'discourage' && view.limits.cpu != null && !policy.requiresCpuLimit) {
        report({
          at: [...view.base, 'limits', 'cpu'],
          messageId: 'cpuLimitSet',
          data: { ...view.data, limit: String(view.limits.cpu) },
          severity: 'info',
          suggest: [removeCpuLimit(view)],
        });
      }
      if (requireCpuLimit && view.limits.cpu == null && missing.length === 0) report(cpuLimitMissing(view));
    }
  },
});

/** One container's resources as written, and where they are. */
interface ContainerResources {
  container: ContainerRef;
  resource: Resource;
  resources: unknown;
  requests: Record<string, unknown>;
  limits: Record<string, unknown>;
  base: Path;
  data: Data;
}

/** A request left out defaults to the limit (Kubernetes copies it), so only both missing leaves it unset. */
function requestOf(view: ContainerResources, resource: string): unknown {
  return view.requests[resource] ?? view.limits[resource];
}

/** (a) Missing CPU or memory requests; the editor adds them, and the matching limits, with placeholders. */
function missingRequests(view: ContainerResources, missing: readonly ('cpu' | 'memory')[], policy: NamespacePolicy, requireCpuLimit: boolean): Report {
  const limits: Record<string, string> = {};
  if (requireCpuLimit && missing.includes('cpu') && view.limits.cpu == null) limits.cpu = PLACEHOLDER.cpu;
  if (missing.includes('memory') && !policy.defaultLimit.has('memory')) limits.memory = PLACEHOLDER.memory;
  const wanted: Record<string, Record<string, unknown>> = { requests: Object.fromEntries(missing.map((r) => [r, PLACEHOLDER[r]])) };
  if (Object.keys(limits).length > 0) wanted.limits = limits;
  return {
    at: anchor(view.container, ['resources', 'requests']),
    messageId: 'missingRequests',
    data: { ...view.data, missing: `${missing.map((r) => (r === 'cpu' ? 'CPU' : 'memory')).join(' or ')} request` },
    suggest: [
      {
        messageId: 'addRequests',
        data: { fields: describe(wanted) },
        apply: (fix) => fill(fix, view.resource, view.base, view.resources, wanted),
      },
    ],
  };
}

/** (b) A non-CPU resource whose limit is missing or above its request. */
function unbalanced(view: ContainerResources, resource: Balanced, policy: NamespacePolicy): Report | undefined {
  const value = requestOf(view, resource);
  if (value == null) return undefined;
  const limit = view.limits[resource];
  const memory = resource === 'memory';
  const at = [...view.base, 'limits', resource];
  if (limit == null) {
    if (policy.defaultLimit.has(resource)) return undefined;
    return {
      at,
      messageId: memory ? 'memoryLimitMissing' : 'storageLimitMissing',
      data: { ...view.data, request: String(value) },
      severity: 'info',
      suggest: [
        {
          messageId: 'setLimit',
          data: { resource, value: String(value) },
          apply: (fix) => fill(fix, view.resource, view.base, view.resources, { limits: { [resource]: value } }),
        },
      ],
    };
  }
  const requested = parseQuantity(value);
  const limited = parseQuantity(limit);
  // A request above its limit is rejected by the API server: that is schema validation, not this rule.
  if (sameQuantity(value, limit) || requested === undefined || limited === undefined || requested > limited) return undefined;
  return {
    at,
    messageId: memory ? 'memoryLimitDiffers' : 'storageLimitDiffers',
    data: { ...view.data, request: String(value), limit: String(limit) },
    severity: 'info',
    suggest: [
      {
        messageId: 'raiseRequest',
        data: { resource, value: String(limit) },
        apply: (fix) => fill(fix, view.resource, view.base, view.resources, { requests: { [resource]: limit } }),
      },
      {
        messageId: 'lowerLimit',
        data: { resource, value: String(value) },
        apply: (fix) => fix.set(view.resource, at, scalar(value)),
      },
    ],
  };
}

/** (c) with `cpuLimits: require`: the request is the natural limit to offer. */
function cpuLimitMissing(view: ContainerResources): Report {
  const value = requestOf(view, 'cpu');
  return {
    at: isObject(view.resources) ? [...view.base, 'limits', 'cpu'] : [...view.container.path, 'name'],
    messageId: 'cpuLimitMissing',
    data: view.data,
    severity: 'info',
    suggest:
      value == null
        ? []
        : [
            {
              messageId: 'setCpuLimit',
              data: { value: String(value) },
              apply: (fix) => fill(fix, view.resource, view.base, view.resources, { limits: { cpu: value } }),
            },
          ],
  };
}

function objectAt(value: unknown, key: string): Record<string, unknown> {
  const child = isObject(value) ? value[key] : undefined;
  return isObject(child) ? child : {};
}

/** The `resources.requests` key, else `resources`, else the container's name: a short range that exists. */
function anchor(container: ContainerRef, path: string[]): Path {
  let value: unknown = container.spec;
  let deepest: Path | undefined;
  for (let i = 0; i < path.length; i++) {
    value = isObject(value) ? value[path[i]!] : undefined;
    if (value === undefined) break;
    deepest = [...container.path, ...path.slice(0, i + 1)];
  }
  return deepest ?? [...container.path, 'name'];
}

/** `requests.cpu, requests.memory and limits.memory` for the fix title. */
function describe(wanted: Record<string, Record<string, unknown>>): string {
  const fields = Object.entries(wanted).flatMap(([group, values]) => Object.keys(values).map((key) => `${group}.${key}`));
  return fields.length <= 1 ? fields.join('') : `${fields.slice(0, -1).join(', ')} and ${fields[fields.length - 1]}`;
}

/**
 * Without a CPU request the limit is also the request, so removing it alone would leave the container without
 * one: the limit then moves to `requests.cpu`. A `limits` map that only held `cpu` goes away whole.
 */
function removeCpuLimit(view: ContainerResources): FixSpec {
  const value = view.limits.cpu;
  const move = view.requests.cpu == null;
  return {
    messageId: move ? 'moveCpuLimit' : 'removeCpuLimit',
    data: move ? { value: String(value) } : {},
    apply: (fix) => {
      const onlyCpu = Object.keys(view.limits).every((key) => key === 'cpu');
      fix.remove(view.resource, onlyCpu ? [...view.base, 'limits'] : [...view.base, 'limits', 'cpu']);
      if (move) fill(fix, view.resource, view.base, view.resources, { requests: { cpu: value } });
    },
  };
}

function scalar(value: unknown): string | number | boolean {
  return typeof value === 'number' || typeof value === 'boolean' ? value : String(value);
}

function label(container: ContainerRef): string {
  return container.name || `${container.type === 'app' ? 'containers' : 'initContainers'}[${container.index}]`;
}
