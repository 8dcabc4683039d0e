import { isObject, type Resource } from '../../server/src/engine/parse';
import type { FixBuilder } from '../../server/src/engine/fix-builder';
import type { Relations } from '../../server/src/engine/relations';
import type { Settings } from '../../server/src/engine/rule-api';
import { get, type ContainerRef, type Workload } from '../../server/src/engine/workload';
import { budgetFor } from '../lib/pdb';
import { declaredPorts, type ProbeTarget, readinessProbe } from '../lib/probes';
import { applySpread, hasZoneSpread, HOSTNAME_KEY, planSpread, removeZonePin, ZONE_KEY, zonePin } from '../lib/spread';

/** One reason the backend is not highly available (RULES.md S12). */
export interface Gap {
  id: 'replicas' | 'bare' | 'pdb' | 'pinned' | 'spread' | 'readiness';
  text: string;
  /** "Referenced object not found" (the PDB): downgraded with `manifestSet: partial`. */
  notFound?: boolean;
}

export interface Serving {
  container: ContainerRef | undefined;
  /** Where a readiness probe should point: the container port behind the webhook's Service port. */
  target: ProbeTarget | undefined;
}

/**
 * The container that answers the webhook: the one that declares the `targetPort` of the Service port the
 * webhook calls (`clientConfig.service.port`, default 443), else the first app container.
 */
export function servingContainer(backend: Workload, service: Resource, webhookPort: number | undefined): Serving {
  const ports = get(service.object, ['spec', 'ports']);
  const list = Array.isArray(ports) ? ports.filter(isObject) : [];
  const servicePort = list.find((p) => p.port === (webhookPort ?? 443)) ?? (list.length === 1 ? list[0] : undefined);
  const raw = servicePort ? (servicePort.targetPort ?? servicePort.port) : undefined;
  const targetPort = typeof raw === 'string' && /^[0-9]{1,5}$/.test(raw) ? Number(raw) : raw;
  const listeners = backend.containers.filter((c) => c.type !== 'init');
  if (typeof targetPort === 'number' || typeof targetPort === 'string') {
    for (const container of listeners) {
      const port = declaredPorts(container.spec).find((p) => (typeof targetPort === 'number' ? p.number === targetPort : p.name === targetPort));
      if (port) return { container, target: target(port.name ?? port.number!, port.number, service, port.protocol) };
    }
  }
  const container = backend.containers.find((c) => c.type === 'app');
  const protocol = typeof servicePort?.protocol === 'string' ? servicePort.protocol.toUpperCase() : 'TCP';
  return { container, target: typeof targetPort === 'number' ? target(targetPort, targetPort, service, protocol) : undefined };
}

function target(port: string | number, number: number | undefined, service: Resource, protocol: string): ProbeTarget {
  return { port, number, names: typeof port === 'string' ? [port] : [], appProtocol: undefined, source: 'service', service, protocol };
}

/** What keeps the backend from surviving a node drain, a node loss or a zone loss. */
export function gapsOf(backend: Workload, serving: Serving, relations: Relations, settings: Settings, namespace: string): Gap[] {
  const gaps: Gap[] = [];
  if (!backend.isDaemonSet) {
    if (!backend.scalable) {
      gaps.push({ id: 'bare', text: `a bare ${backend.kind} that nothing recreates` });
    } else {
      const replicas = relations.replicas(backend);
      if (replicas.min < 2) {
        const count = `${replicas.min} replica${replicas.min === 1 ? '' : 's'}`;
        const text = replicas.autoscaler ? `a minimum of ${count} from ${replicas.autoscaler.kind} "${replicas.autoscaler.name}"` : count;
        gaps.push({ id: 'replicas', text });
      }
      if (relations.pdbsCovering(backend).length === 0) gaps.push({ id: 'pdb', text: 'no PodDisruptionBudget', notFound: true });
      if (settings.zones > 1) {
        const pin = zonePin(backend);
        if (pin) gaps.push({ id: 'pinned', text: `pinned to zone ${pin.zone}` });
        if (!hasZoneSpread(backend, namespace)) gaps.push({ id: 'spread', text: 'no zone spread' });
      }
    }
  }
  const gates = backend.podSpec.readinessGates;
  const gated = Array.isArray(gates) && gates.length > 0;
  const probe = serving.container?.spec.readinessProbe;
  if (serving.container && !gated && (probe === undefined || probe === null)) {
    gaps.push({ id: 'readiness', text: `no readiness probe on container "${serving.container.name}"` });
  }
  return gaps;
}

export interface Bundle {
  changes: string[];
  apply(fix: FixBuilder): void;
}

/**
 * The bundled quick-fix of RULES.md S12: replicas (or the autoscaler's minimum), the zone pin removed, the S1
 * spread block merged in, a TCP readiness probe on the serving port, and a PodDisruptionBudget appended after
 * the workload (R3's budget, with its overlap guard). Undefined when any gap has no fix: a partial fix would
 * leave the finding in place.
 */
export function bundleFor(backend: Workload, gaps: readonly Gap[], serving: Serving, relations: Relations, settings: Settings, namespace: string): Bundle | undefined {
  const steps: ((fix: FixBuilder) => void)[] = [];
  const last: ((fix: FixBuilder) => void)[] = [];
  const changes: [Gap['id'], string][] = [];
  const target = Math.max(2, settings.preferredReplicas ?? 3);
  // Insertions at one offset are written in the order they are built: the container's probe must come before
  // the constraints that end the pod spec at the same place, and the budget after the whole document.
  const order: Gap['id'][] = ['bare', 'readiness', 'replicas', 'pinned', 'spread', 'pdb'];
  for (const gap of [...gaps].sort((a, b) => order.indexOf(a.id) - order.indexOf(b.id))) {
    switch (gap.id) {
      case 'bare':
        return undefined;
      case 'replicas': {
        const replicas = relations.replicas(backend);
        const autoscaler = replicas.autoscaler;
        if (autoscaler) {
          const [minField, maxField] = replicas.source === 'hpa' ? ['minReplicas', 'maxReplicas'] : ['minReplicaCount', 'maxReplicaCount'];
          const written = get(autoscaler.object, ['spec', minField!]);
          if (written !== undefined && written !== null && typeof written !== 'number') return undefined;
          steps.push((fix) => {
            fix.set(autoscaler, ['spec', minField!], target);
            const max = get(autoscaler.object, ['spec', maxField!]);
            if (typeof max === 'number' && max < target) fix.set(autoscaler, ['spec', maxField!], target);
          });
          changes.push(['replicas', `${minField} ${target}`]);
        } else {
          const written = get(backend.resource.object, ['spec', 'replicas']);
          if (written !== undefined && written !== null && typeof written !== 'number') return undefined;
          steps.push((fix) => fix.set(backend.resource, ['spec', 'replicas'], target));
          changes.push(['replicas', `${target} replicas`]);
        }
        break;
      }
      case 'pinned': {
        const pin = zonePin(backend)!;
        steps.push((fix) => removeZonePin(fix, backend, pin));
        changes.push(['pinned', 'no zone pin']);
        break;
      }
      case 'spread': {
        const plan = planSpread(backend, settings, [ZONE_KEY, HOSTNAME_KEY], namespace);
        if (!plan.keys.includes(ZONE_KEY)) return undefined;
        steps.push((fix) => applySpread(fix, backend, plan));
        changes.push(['spread', 'zone spread']);
        break;
      }
      case 'readiness': {
        const { container, target: probeTarget } = serving;
        if (!container || !probeTarget || probeTarget.protocol !== 'TCP') return undefined;
        steps.push((fix) => fix.replace(backend.resource, [...container.path, 'readinessProbe'], readinessProbe('tcp', probeTarget, container.spec.livenessProbe)));
        changes.push(['readiness', 'a readiness probe']);
        break;
      }
      case 'pdb': {
        const budget = budgetFor(backend, relations, settings);
        if (!budget) return undefined;
        // After the edits inside the workload's document, so that insertions at its end stay in order.
        last.push((fix) => fix.appendDocument(backend.resource, budget));
        changes.push(['pdb', 'a PodDisruptionBudget']);
        break;
      }
    }
  }
  if (steps.length === 0 && last.length === 0) return undefined;
  const display: Gap['id'][] = ['replicas', 'pdb', 'pinned', 'spread', 'readiness'];
  return {
    changes: changes.sort((a, b) => display.indexOf(a[0]) - display.indexOf(b[0])).map(([, text]) => text),
    apply: (fix) => {
      for (const step of [...steps, ...last]) step(fix);
    },
  };
}

