import { isObject } from '../../server/src/engine/parse';
import { defineRule, type FixSpec } from '../../server/src/engine/rule-api';
import { labelsOf, matches, parseLabelSelector } from '../../server/src/engine/selectors';
import { get, type Workload } from '../../server/src/engine/workload';
import type { Path } from '../../server/src/engine/yaml-path';
import { EKS } from '../lib/docs';
import { applySpread, hasZoneSpread, HOSTNAME_KEY, planSpread, ZONE_KEY, zonePin } from '../lib/spread';

export const TOPOLOGY_MODE = 'service.kubernetes.io/topology-mode';
export const TOPOLOGY_HINTS = 'service.kubernetes.io/topology-aware-hints';
const ZONAL_DISTRIBUTIONS = ['PreferClose', 'PreferSameZone', 'PreferSameNode'];

interface ZonalHint {
  /** How messages name it: `topology-mode: Auto`, `trafficDistribution: PreferClose`. */
  label: string;
  at: Path;
}

/**
 * The Service's request to keep traffic in the client's zone: `spec.trafficDistribution`, or the
 * Topology Aware Routing annotation (`topology-mode` wins over the deprecated `topology-aware-hints`; the
 * EndpointSlice controller accepts `Auto` and `auto`).
 */
function zonalHint(service: Record<string, unknown>): ZonalHint | undefined {
  const distribution = get(service, ['spec', 'trafficDistribution']);
  if (typeof distribution === 'string' && ZONAL_DISTRIBUTIONS.includes(distribution)) {
    return { label: `trafficDistribution: ${distribution}`, at: ['spec', 'trafficDistribution'] };
  }
  const annotations = labelsOf(get(service, ['metadata', 'annotations']));
  const key = annotations[TOPOLOGY_MODE] !== undefined ? TOPOLOGY_MODE : annotations[TOPOLOGY_HINTS] !== undefined ? TOPOLOGY_HINTS : undefined;
  if (!key) return undefined;
  const value = annotations[key]!;
  if (value !== 'Auto' && value !== 'auto') return undefined;
  return { label: `${key}: ${value}`, at: ['metadata', 'annotations', key] };
}

/**
 * A client that requires to run on the same node as the backend's pods (required pod affinity on the
 * hostname whose selector matches them): the EKS cost guide's pattern for `internalTrafficPolicy: Local`,
 * where a node-local endpoint exists by construction.
 */
function colocatedClient(backend: Workload, others: readonly Workload[]): Workload | undefined {
  return others.find((other) => {
    if (other === backend || other.resource === backend.resource) return false;
    const terms = get(other.podSpec, ['affinity', 'podAffinity', 'requiredDuringSchedulingIgnoredDuringExecution']);
    if (!Array.isArray(terms)) return false;
    return terms.some(
      (term) =>
        isObject(term) &&
        term.topologyKey === HOSTNAME_KEY &&
        term.namespaces === undefined &&
        term.namespaceSelector === undefined &&
        matches(parseLabelSelector(term.labelSelector), backend.templateLabels),
    );
  });
}

export default defineRule({
  meta: {
    id: 'service-zonal-routing-risk',
    category: 'cost',
    severity: 'warning',
    signal: 'strong',
    fixable: 'unsafe',
    kinds: ['Service'],
    messages: {
      localPolicy:
        'Service "{{name}}" sets internalTrafficPolicy: Local, but {{kind}} "{{workload}}" behind it does not run on every node: traffic from a node without a local endpoint is dropped.',
      hintsWithoutSpread:
        'Service "{{name}}" keeps traffic in the client\'s zone ({{hint}}), but {{kind}} "{{workload}}" behind it has no zone spread: a zone that happens to hold few of its replicas sends them all of its traffic and overloads them, and an outage of the zone that holds most of them leaves the rest overwhelmed.',
      hintsTooFewReplicas:
        'Service "{{name}}" keeps traffic in the client\'s zone ({{hint}}), but {{kind}} "{{workload}}" behind it can run as few as {{replicas}} replicas for {{zones}} zones: a zone with a single replica sends it all of its traffic, or Topology Aware Routing drops its hints altogether.',
      removeLocalPolicy: 'Remove internalTrafficPolicy: Local',
      addSpread: 'Spread {{workload}} across zones and nodes',
      addZoneSpread: 'Spread {{workload}} across zones',
    },
    docs: {
      description:
        'Services that keep traffic local (internalTrafficPolicy: Local, Topology Aware Routing, trafficDistribution) drop or overload traffic unless their pods run on every node or are spread evenly across zones.',
      source: {
        title: 'EKS Best Practices: Cost Optimization › Networking › Using the Service Internal Traffic Policy',
        url: `${EKS}/cost-opt-networking.html`,
      },
    },
  },
  check({ resource, relations, settings, report }) {
    if (resource.group !== '') return;
    const spec = get(resource.object, ['spec']);
    if (!isObject(spec) || spec.type === 'ExternalName' || spec.clusterIP === 'None') return;
    const backends = relations.workloadsBehind(resource).filter((workload) => workload.longRunning && !workload.helmHook);
    if (backends.length === 0) return;
    const name = resource.name;

    if (spec.internalTrafficPolicy === 'Local') {
      const namespace = relations.namespaceOf(resource);
      const others = relations.bucket(namespace).workloads;
      const partial = backends.find((workload) => !workload.isDaemonSet && !colocatedClient(workload, others));
      if (partial) {
        report({
          at: ['spec', 'internalTrafficPolicy'],
          on: 'value',
          messageId: 'localPolicy',
          data: { name, kind: partial.kind, workload: partial.resource.name },
          suggest: [{ messageId: 'removeLocalPolicy', apply: (fix) => fix.remove(resource, ['spec', 'internalTrafficPolicy']) }],
        });
      }
    }

    const hint = zonalHint(resource.object);
    if (!hint || settings.zones <= 1) return;
    for (const workload of backends) {
      // A DaemonSet runs in every zone that has nodes. A zone-pinned workload is a per-zone cell (the EKS cost
      // guide pairs them with zonal routing) or single-zone-pinning's finding: spreading it is not the fix.
      if (workload.isDaemonSet || zonePin(workload)) continue;
      const namespace = relations.namespaceOf(workload.resource);
      const data = { name, hint: hint.label, kind: workload.kind, workload: workload.resource.name, zones: settings.zones };
      if (!hasZoneSpread(workload, namespace)) {
        const plan = planSpread(workload, settings, [ZONE_KEY, HOSTNAME_KEY], namespace);
        const suggest: FixSpec[] = plan.keys.includes(ZONE_KEY)
          ? [
              {
                messageId: plan.keys.includes(HOSTNAME_KEY) ? 'addSpread' : 'addZoneSpread',
                data: { workload: workload.resource.name },
                apply: (fix) => applySpread(fix, workload, plan),
              },
            ]
          : [];
        report({ at: hint.at, on: 'value', messageId: 'hintsWithoutSpread', data, suggest });
        return;
      }
      const replicas = relations.replicas(workload);
      if (replicas.min < settings.zones && !replicas.parked && !replicas.scaleToZeroWorker) {
        report({ at: hint.at, on: 'value', messageId: 'hintsTooFewReplicas', data: { ...data, replicas: replicas.min } });
        return;
      }
    }
  },
});
