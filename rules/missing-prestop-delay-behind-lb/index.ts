import { isObject } from '../../server/src/engine/parse';
import { defineRule, type FixSpec } from '../../server/src/engine/rule-api';
import { type ContainerRef, get, LONG_RUNNING_KINDS, type Workload } from '../../server/src/engine/workload';
import { EKS } from '../lib/docs';
import {
  DEFAULT_SHUTDOWN_BUDGET,
  delaySeverity,
  graceFor,
  gracePeriod,
  hasPreStop,
  isWindowsPod,
  PRESTOP_SLEEP_SECONDS,
  preStopSleep,
} from '../lib/lifecycle';
import { declaredPorts, serviceTargetPort } from '../lib/probes';
import { type EntryPoint, entryPoints } from './entry-points';

export default defineRule({
  meta: {
    id: 'missing-prestop-delay-behind-lb',
    category: 'networking',
    severity: 'info',
    signal: 'strong',
    fixable: 'safe',
    kinds: LONG_RUNNING_KINDS,
    messages: {
      missing:
        'Container "{{container}}" of {{kind}} "{{name}}" serves {{via}} but has no preStop hook: on every rollout, scale-in and drain it gets SIGTERM while the load balancer still sends it new requests, and those requests fail once it stops.',
      missingIpTargets:
        'Container "{{container}}" of {{kind}} "{{name}}" serves {{via}}, whose AWS load balancer sends traffic straight to pod IPs (target-type ip), but has no preStop hook: it gets SIGTERM before the target is deregistered, so requests keep arriving at a stopping pod on every rollout, scale-in and drain.',
      addSleep: 'Add a {{seconds}}s preStop sleep to container "{{container}}"',
      addSleepAndGrace: 'Add a {{seconds}}s preStop sleep to container "{{container}}" and set terminationGracePeriodSeconds to {{grace}}',
      addExecSleep: 'Add a preStop hook running "sleep {{seconds}}" in container "{{container}}" (the image needs /bin/sh)',
      addExecSleepAndGrace:
        'Add a preStop hook running "sleep {{seconds}}" in container "{{container}}" (the image needs /bin/sh) and set terminationGracePeriodSeconds to {{grace}}',
    },
    docs: {
      description:
        'Containers behind a load balancer need a preStop delay, so that they keep serving until the load balancer stops sending them requests.',
      source: {
        title: 'EKS Best Practices: Networking › Load Balancing › Gracefully handle the client requests',
        url: `${EKS}/load-balancing.html`,
      },
    },
  },
  check({ workload, relations, settings, report }) {
    if (!workload || !workload.longRunning || workload.helmHook) return;
    const entries = relations.servicesSelecting(workload).flatMap((service) => entryPoints(service, relations));
    if (entries.length === 0) return;
    const serving = servingContainers(workload, entries);

    for (const [container, via] of serving) {
      if (hasPreStop(container) || drainsOnSigterm(container)) continue;
      const ipTargets = via.some((entry) => entry.ipTargets);
      const shown = (ipTargets ? via.filter((entry) => entry.ipTargets) : via)[0]!;
      const data = { container: label(container), kind: workload.kind, name: workload.resource.name, via: shown.label };
      const fix = preStopFix(workload, container, settings.kubernetesVersion);
      const lifecycle = container.spec.lifecycle;
      report({
        at: isObject(lifecycle) ? [...container.path, 'lifecycle'] : [...container.path, 'name'],
        messageId: ipTargets ? 'missingIpTargets' : 'missing',
        data,
        severity: ipTargets ? 'warning' : 'info',
        related: unique(via).map((entry) => ({
          resource: entry.via,
          at: entry.at,
          message: `${entry.label} sends load-balancer traffic to these pods`,
        })),
        ...(fix?.safe ? { fix: fix.spec } : {}),
        suggest: fix && !fix.safe ? [fix.spec] : [],
      });
    }
  },
});

/**
 * The containers that serve each entry point's Service ports, the way the endpoints controller resolves
 * `targetPort`: by `ports[].name` or `containerPort`. A port no container declares is served by the first app
 * container (all containers share the pod's network, and `ports[]` is informational).
 */
function servingContainers(workload: Workload, entries: EntryPoint[]): Map<ContainerRef, EntryPoint[]> {
  const result = new Map<ContainerRef, EntryPoint[]>();
  const listeners = workload.containers.filter((container) => container.type !== 'init');
  const main = workload.containers.find((container) => container.type === 'app');
  const add = (container: ContainerRef | undefined, entry: EntryPoint) => {
    if (!container) return;
    const list = result.get(container) ?? [];
    list.push(entry);
    result.set(container, list);
  };
  for (const entry of entries) {
    const ports = get(entry.service.object, ['spec', 'ports']);
    const used = Array.isArray(ports) ? ports.filter((port) => isObject(port) && usesPort(entry, port)) : [];
    // A Service without ports, or a reference to a port it does not have: nothing to resolve, the main container serves.
    if (used.length === 0) {
      add(main, entry);
      continue;
    }
    for (const port of used) {
      const target = serviceTargetPort(port);
      const owner = target
        ? listeners.find((container) =>
            declaredPorts(container.spec).some((p) => (target.name !== undefined ? p.name === target.name : p.number === target.number)),
          )
        : undefined;
      add(owner ?? main, entry);
    }
  }
  for (const [container, list] of result) result.set(container, [...new Set(list)]);
  return result;
}

/**
 * Istio's proxy keeps accepting connections for its terminationDrainDuration after SIGTERM (pilot-agent drains
 * Envoy gracefully): the delay is built in, so gateways and sidecars written out in manifests need no hook.
 */
function drainsOnSigterm(container: ContainerRef): boolean {
  if (container.name === 'istio-proxy') return true;
  return container.image !== undefined && /(^|\/)proxyv2(:|@|$)/.test(container.image);
}

function usesPort(entry: EntryPoint, port: Record<string, unknown>): boolean {
  if (entry.port === 'all') return true;
  if (entry.port.number !== undefined) return port.port === entry.port.number;
  return port.name === entry.port.name;
}

function unique(entries: EntryPoint[]): EntryPoint[] {
  const seen = new Set<string>();
  return entries.filter((entry) => {
    const key = `${entry.via.id}\u0000${entry.at.join('.')}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

/**
 * The EKS guide's 10-second delay. The kubelet's sleep action (1.30+) needs nothing from the image, so it is a safe
 * fix; the exec form needs a shell and `sleep` in the image, so it is offered in the editor only. When the delay
 * would leave the application too little of the grace period (prestop-exceeds-grace-period), the fix raises it.
 */
function preStopFix(workload: Workload, container: ContainerRef, kubernetesVersion: string): { spec: FixSpec; safe: boolean } | undefined {
  const { form, hook } = preStopSleep(kubernetesVersion);
  if (form === 'exec' && isWindowsPod(workload)) return undefined;
  const grace = gracePeriod(workload);
  const raise = delaySeverity(PRESTOP_SLEEP_SECONDS, grace.seconds) ? graceFor(PRESTOP_SLEEP_SECONDS, DEFAULT_SHUTDOWN_BUDGET) : undefined;
  const messageId = (form === 'sleep' ? 'addSleep' : 'addExecSleep') + (raise ? 'AndGrace' : '');
  return {
    safe: form === 'sleep',
    spec: {
      messageId,
      data: { seconds: PRESTOP_SLEEP_SECONDS, container: label(container), ...(raise ? { grace: raise } : {}) },
      apply: (fix) => {
        fix.replace(workload.resource, [...container.path, 'lifecycle', 'preStop'], hook);
        if (raise) fix.set(workload.resource, grace.path, raise);
      },
    },
  };
}

function label(container: ContainerRef): string {
  return container.name || `${container.type === 'app' ? 'containers' : 'initContainers'}[${container.index}]`;
}
