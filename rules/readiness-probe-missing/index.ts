import type { Resource } from '../../server/src/engine/parse';
import type { FixSpec } from '../../server/src/engine/rule-api';
import { defineRule } from '../../server/src/engine/rule-api';
import { LONG_RUNNING_KINDS, type ContainerRef } from '../../server/src/engine/workload';
import { EKS } from '../lib/docs';
import {
  guessedTarget,
  hasPorts,
  looksGrpc,
  looksHttp,
  type ProbeKind,
  type ProbeTarget,
  readinessProbe,
  serviceTargets,
} from '../lib/probes';
import { atLeast } from '../lib/versions';


const TITLE: Record<ProbeKind, string> = { tcp: 'addTcpProbe', http: 'addHttpProbe', grpc: 'addGrpcProbe' };

export default defineRule({
  meta: {
    id: 'readiness-probe-missing',
    category: 'reliability',
    severity: 'warning',
    signal: 'strong',
    fixable: 'safe',
    kinds: LONG_RUNNING_KINDS,
    messages: {
      missing:
        'Container "{{container}}" of {{kind}} "{{name}}" has no readinessProbe: Service "{{service}}" sends it traffic as soon as the process starts and keeps sending while it is overloaded or broken, so clients get errors during every rollout and partial failure.',
      missingNoService:
        'Container "{{container}}" of {{kind}} "{{name}}" declares ports but has no readinessProbe: its pod counts as Ready as soon as the process starts, so rollouts move on before it can serve.',
      addTcpProbe: 'Add a TCP readiness probe on port {{port}}',
      addHttpProbe: 'Add an HTTP readiness probe on port {{port}} (GET /healthz)',
      addGrpcProbe: 'Add a gRPC readiness probe on port {{port}}',
    },
    docs: {
      description: 'Containers that serve traffic need a readiness probe, so that Services only send requests to pods that can answer them.',
      source: {
        title: 'EKS Best Practices: Reliability › Applications › Use Readiness Probe to detect partial unavailability',
        url: `${EKS}/application.html`,
      },
    },
    options: {
      type: 'object',
      properties: {
        checkSidecars: {
          description: 'Also check native sidecars (initContainers with restartPolicy: Always) that declare or own ports.',
          type: 'boolean',
          default: false,
        },
      },
      additionalProperties: false,
    },
  },
  check({ workload, relations, settings, options, report }) {
    if (!workload || !workload.longRunning || workload.helmHook) return;
    // Readiness decided by readiness gates (a load balancer's target health, for instance) is deliberate.
    const gates = workload.podSpec.readinessGates;
    if (Array.isArray(gates) && gates.length > 0) return;

    const checkSidecars = options.checkSidecars === true;
    const services = relations.servicesSelecting(workload);
    const serviceFacing = services.length > 0;
    const { owners, unowned } = serviceTargets(workload, relations);
    const apps = workload.containers.filter((c) => c.type === 'app');
    // With a Service but no container that owns its targetPort, the main (first) app container serves it.
    const fallback = serviceFacing && owners.size === 0 ? apps[0] : undefined;

    for (const container of workload.containers) {
      if (container.type === 'init' || (container.type === 'sidecar' && !checkSidecars)) continue;
      const owned = owners.get(container);
      if (!owned && !hasPorts(container.spec) && container !== fallback) continue;
      const probe = container.spec.readinessProbe;
      if (probe !== undefined && probe !== null) continue;

      const found = owned ?? (container === fallback ? unowned : undefined) ?? guessedTarget(container);
      // Probes speak TCP: a UDP or SCTP port (DNS, statsd) needs an exec probe that only its author can write.
      const target = found?.protocol === 'TCP' ? found : undefined;
      const service = owned?.service ?? services[0];
      const data = { container: container.name || `${container.type === 'app' ? 'containers' : 'initContainers'}[${container.index}]`, kind: workload.kind, name: workload.resource.name };
      report({
        at: [...container.path, 'name'],
        messageId: serviceFacing ? 'missing' : 'missingNoService',
        data: serviceFacing ? { ...data, service: service?.name ?? '' } : data,
        ...(serviceFacing ? {} : { severity: 'info' as const }),
        related: services.map((selecting) => ({
          resource: selecting,
          at: ['spec', 'selector'],
          message: `Service "${selecting.name}" selects these pods and sends them traffic`,
        })),
        ...(target?.source === 'service' ? { fix: probeFix('tcp', workload.resource, container, target) } : {}),
        suggest: target ? suggestions(workload.resource, container, target, settings.kubernetesVersion) : [],
      });
    }
  },
});

function probeFix(kind: ProbeKind, resource: Resource, container: ContainerRef, target: ProbeTarget): FixSpec {
  const port = kind === 'grpc' ? target.number! : target.port;
  return {
    messageId: TITLE[kind],
    data: { port },
    apply: (fix) => fix.replace(resource, [...container.path, 'readinessProbe'], readinessProbe(kind, target, container.spec.livenessProbe)),
  };
}

/**
 * The editor's variants: an HTTP or gRPC probe when the port looks like one (it needs a path or a health service
 * the linter cannot know for sure), and the TCP probe when the port is only a guess from `ports[0]`.
 */
function suggestions(resource: Resource, container: ContainerRef, target: ProbeTarget, kubernetesVersion: string): FixSpec[] {
  const result: FixSpec[] = [];
  if (looksGrpc(target)) {
    // gRPC probes are on by default since 1.24 and take a port number only.
    if (target.number !== undefined && atLeast(kubernetesVersion, '1.24')) result.push(probeFix('grpc', resource, container, target));
  } else if (looksHttp(target)) {
    result.push(probeFix('http', resource, container, target));
  }
  if (target.source === 'ports') result.push(probeFix('tcp', resource, container, target));
  return result;
}
