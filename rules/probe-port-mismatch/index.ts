import type { Resource } from '../../server/src/engine/parse';
import { defineRule, type FixSpec } from '../../server/src/engine/rule-api';
import { type ContainerRef, LONG_RUNNING_KINDS } from '../../server/src/engine/workload';
import type { Path } from '../../server/src/engine/yaml-path';
import { K8S } from '../lib/docs';
import { type DeclaredPort, declaredPorts, PROBE_FIELDS, probeHandler, probePort } from '../lib/probes';

export default defineRule({
  meta: {
    id: 'probe-port-mismatch',
    category: 'reliability',
    severity: 'error',
    signal: 'strong',
    fixable: 'unsafe',
    kinds: LONG_RUNNING_KINDS,
    messages: {
      unknownName:
        'The {{probe}} of container "{{container}}" in {{kind}} "{{name}}" uses port "{{port}}", which the container does not declare in ports[]: the kubelet cannot resolve it, so the probe always fails ({{effect}}).',
      otherContainer:
        'The {{probe}} of container "{{container}}" in {{kind}} "{{name}}" uses port "{{port}}", which only container "{{owner}}" declares: the kubelet resolves port names in the probed container only, so the probe always fails ({{effect}}).',
      notTcp:
        'The {{probe}} of container "{{container}}" in {{kind}} "{{name}}" uses port "{{port}}", which is declared as {{protocol}}: probes connect over TCP, so unless the application also listens on TCP port {{number}} the probe fails ({{effect}}).',
      undeclaredNumber:
        'The {{probe}} of container "{{container}}" in {{kind}} "{{name}}" checks port {{port}}, which no container of the pod declares (it declares {{declared}}): check that the probe targets the port the application listens on.',
      otherContainerNumber:
        'The {{probe}} of container "{{container}}" in {{kind}} "{{name}}" checks port {{port}}, which container "{{owner}}" declares: the probe tests that container, so {{consequence}}.',
      usePort: 'Use port {{port}}',
      useNumber: 'Use port {{port}} (container "{{owner}}" declares it as "{{name}}")',
    },
    docs: {
      description: 'Probe ports given by name must be declared in the same container, or the probe can never succeed.',
      source: {
        title: 'Kubernetes: Configure Liveness, Readiness and Startup Probes › Use a named port',
        url: `${K8S}/tasks/configure-pod-container/configure-liveness-readiness-startup-probes/#use-a-named-port`,
      },
    },
  },
  check({ workload, report }) {
    if (!workload || !workload.longRunning || workload.helmHook) return;
    const { kind } = workload;
    const { name } = workload.resource;
    // Regular init containers cannot have probes (the API rejects them); native sidecars can.
    const probed = workload.containers.filter((container) => container.type !== 'init');

    for (const container of probed) {
      const own = declaredPorts(container.spec);
      for (const field of PROBE_FIELDS) {
        const handler = probeHandler(container.spec[field]);
        if (!handler || handler.type === 'exec') continue;
        const port = probePort(handler.value.port);
        if (!port) continue;
        const at: Path = [...container.path, field, handler.type, 'port'];
        const data = { probe: field, container: label(container), kind, name, effect: EFFECT[field] };

        if (port.name !== undefined) {
          // gRPC probes take numbers only; a name there is a schema error the API server reports.
          if (handler.type === 'grpc') continue;
          const matching = own.filter((p) => p.name === port.name);
          if (matching.length > 0) {
            const tcp = matching.find((p) => p.protocol === 'TCP');
            const number = matching[0]!.number;
            // DNS servers declare `dns` (UDP) and `dns-tcp` on one number: the TCP listener answers the probe.
            if (tcp || own.some((p) => p.protocol === 'TCP' && p.number === number)) continue;
            report({
              at,
              on: 'value',
              messageId: 'notTcp',
              data: { ...data, port: port.name, protocol: matching[0]!.protocol, number: number ?? '?' },
              severity: 'warning',
              suggest: useTcpPorts(workload.resource, at, own),
            });
            continue;
          }
          const elsewhere = probed
            .filter((other) => other !== container)
            .flatMap((other) => declaredPorts(other.spec).filter((p) => p.name === port.name).map((p) => ({ other, p })))[0];
          report({
            at,
            on: 'value',
            messageId: elsewhere ? 'otherContainer' : 'unknownName',
            data: { ...data, port: port.name, ...(elsewhere ? { owner: label(elsewhere.other) } : {}) },
            suggest: [
              ...(elsewhere?.p.number !== undefined
                ? [
                    {
                      messageId: 'useNumber',
                      data: { port: elsewhere.p.number, owner: label(elsewhere.other), name: port.name },
                      apply: (fix) => fix.set(workload.resource, at, elsewhere.p.number!),
                    } satisfies FixSpec,
                  ]
                : []),
              ...useTcpPorts(workload.resource, at, own),
            ],
          });
          continue;
        }

        // A number reaches whatever listens on it in the pod; ports[] is informational.
        if (own.some((p) => p.number === port.number)) continue;
        const owner = probed.find((other) => other !== container && declaredPorts(other.spec).some((p) => p.number === port.number));
        if (owner) {
          report({
            at,
            on: 'value',
            messageId: 'otherContainerNumber',
            data: { ...data, port: port.number!, owner: label(owner), consequence: CONSEQUENCE[field] },
            severity: 'info',
            suggest: handler.type === 'grpc' ? useNumbers(workload.resource, at, own) : useTcpPorts(workload.resource, at, own),
          });
          continue;
        }
        // Only a container that declares ports, none of them this one, hints at a typo.
        if (own.length === 0) continue;
        report({
          at,
          on: 'value',
          messageId: 'undeclaredNumber',
          data: { ...data, port: port.number!, declared: own.map(describePort).join(', ') },
          severity: 'info',
          suggest: handler.type === 'grpc' ? useNumbers(workload.resource, at, own) : useTcpPorts(workload.resource, at, own),
        });
      }
    }
  },
});

const EFFECT: Record<(typeof PROBE_FIELDS)[number], string> = {
  startupProbe: 'the container is restarted until the pod gives up, and never starts serving',
  livenessProbe: 'the container is restarted over and over',
  readinessProbe: 'the pod never becomes Ready, so it gets no traffic and rollouts stall',
};

const CONSEQUENCE: Record<(typeof PROBE_FIELDS)[number], string> = {
  startupProbe: 'this container counts as started when the other one is',
  livenessProbe: 'this container is restarted when the other one fails, which cannot fix it',
  readinessProbe: 'this container counts as ready when the other one is',
};

/** The container's TCP ports, by name when they have one. */
function useTcpPorts(resource: Resource, at: Path, ports: DeclaredPort[]): FixSpec[] {
  const seen = new Set<string | number>();
  const result: FixSpec[] = [];
  for (const port of ports) {
    if (port.protocol !== 'TCP') continue;
    const value = port.name ?? port.number;
    if (value === undefined || seen.has(value)) continue;
    seen.add(value);
    result.push({ messageId: 'usePort', data: { port: value }, apply: (fix) => fix.set(resource, at, value) });
  }
  return result;
}

/** gRPC probes take port numbers only. */
function useNumbers(resource: Resource, at: Path, ports: DeclaredPort[]): FixSpec[] {
  const numbers = [...new Set(ports.filter((p) => p.protocol === 'TCP' && p.number !== undefined).map((p) => p.number!))];
  return numbers.map((number) => ({ messageId: 'usePort', data: { port: number }, apply: (fix) => fix.set(resource, at, number) }));
}

function describePort(port: DeclaredPort): string {
  const text = port.name ? `${port.name} (${port.number ?? '?'})` : String(port.number);
  return port.protocol === 'TCP' ? text : `${text}/${port.protocol}`;
}

function label(container: ContainerRef): string {
  return container.name || `${container.type === 'app' ? 'containers' : 'initContainers'}[${container.index}]`;
}
