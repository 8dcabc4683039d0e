import { defineRule, type FixSpec } from '../../server/src/engine/rule-api';
import { REPLICATED_KINDS } from '../../server/src/engine/workload';
import { EKS } from '../lib/docs';
import { isCoreDns } from '../lib/network-policies';
import {
  applySpread,
  HOSTNAME_KEY,
  isZoneKey,
  LEGACY_ZONE_KEY,
  planSpread,
  selectorProblem,
  spreadTerms,
  ZONE_KEY,
  zonePin,
} from '../lib/spread';

export default defineRule({
  meta: {
    id: 'zone-spread-missing',
    category: 'static-stability',
    severity: 'warning',
    signal: 'strong',
    fixable: 'safe',
    kinds: REPLICATED_KINDS,
    messages: {
      missing:
        '{{kind}} "{{name}}" runs up to {{replicas}} replicas with no zone spread: the scheduler may put them all in one Availability Zone, and an outage of that zone takes every replica down.',
      missingZoneOnly:
        '{{kind}} "{{name}}" spreads its {{replicas}} replicas across nodes but not across zones: the nodes may all be in one Availability Zone, and an outage of that zone takes every replica down.',
      noHostnameSpread:
        '{{kind}} "{{name}}" spreads across zones but not across nodes: several replicas may share one node and go down together when it is drained or fails.',
      deprecatedZoneKey:
        'failure-domain.beta.kubernetes.io/zone has been deprecated since Kubernetes 1.17: spread on topology.kubernetes.io/zone, the label every current node carries.',
      addZoneAndHostnameSpread: 'Spread {{name}} across zones and nodes',
      addZoneSpread: 'Spread {{name}} across zones',
      addHostnameSpread: 'Spread {{name}} across nodes',
      useZoneKey: 'Use topology.kubernetes.io/zone',
    },
    docs: {
      description:
        'Replicated workloads need a topology spread constraint (or anti-affinity) on the zone key so that one Availability Zone outage cannot take every replica down.',
      source: {
        title: 'EKS Best Practices: Reliability › Data Plane › Spread worker nodes and workloads across multiple AZs',
        url: `${EKS}/data-plane.html`,
      },
    },
    options: {
      type: 'object',
      properties: {
        hostnameSpread: {
          type: 'boolean',
          default: true,
          description: 'Report (info) zone-spread workloads that have no spread or anti-affinity across nodes.',
        },
      },
      additionalProperties: false,
    },
  },
  check({ workload, relations, settings, options, namespace, report }) {
    if (!workload || workload.helmHook || settings.zones <= 1) return;
    const replicas = relations.replicas(workload);
    if (replicas.max < 2) return;
    // A pinned template cannot spread: single-zone-pinning reports it, or it is a deliberate per-zone cell.
    if (zonePin(workload)) return;

    const { kind } = workload;
    const { name } = workload.resource;
    const terms = spreadTerms(workload, namespace);
    const others = relations.bucket(namespace).workloads;
    const mismatched = terms.filter((term) => selectorProblem(term, workload, others) !== undefined);
    const zoneSpread = terms.filter((term) => isZoneKey(term.topologyKey) && term.selectsOwnPods);
    const listPath = [...workload.podSpecPath, 'topologySpreadConstraints'];
    const hasList = Array.isArray(workload.podSpec.topologySpreadConstraints);

    if (zoneSpread.length === 0) {
      // A zone term whose selector misses the pods is spread-selector-mismatch's finding, not a second one here.
      if (mismatched.some((term) => isZoneKey(term.topologyKey))) return;
      const plan = planSpread(workload, settings, [ZONE_KEY, HOSTNAME_KEY], namespace);
      const both = plan.keys.includes(ZONE_KEY) && plan.keys.includes(HOSTNAME_KEY);
      const fix: FixSpec | undefined = plan.keys.includes(ZONE_KEY)
        ? {
            messageId: both ? 'addZoneAndHostnameSpread' : 'addZoneSpread',
            data: { name },
            apply: (builder) => applySpread(builder, workload, plan),
          }
        : undefined;
      const hostSpread = terms.some((term) => term.topologyKey === HOSTNAME_KEY && term.selectsOwnPods);
      report({
        at: hasList ? listPath : ['metadata', 'name'],
        messageId: hostSpread ? 'missingZoneOnly' : 'missing',
        data: { kind, name, replicas: replicas.max },
        severity: isCoreDns(workload) ? 'error' : undefined,
        fix,
      });
      return;
    }

    for (const term of terms) {
      if (term.topologyKey !== LEGACY_ZONE_KEY || !term.selectsOwnPods) continue;
      // The API rejects two constraints with the same {topologyKey, whenUnsatisfiable} pair.
      const clash =
        term.source === 'tsc' &&
        terms.some((other) => other.source === 'tsc' && other.topologyKey === ZONE_KEY && other.whenUnsatisfiable === term.whenUnsatisfiable);
      report({
        at: [...term.path, 'topologyKey'],
        on: 'value',
        messageId: 'deprecatedZoneKey',
        severity: 'info',
        fix: clash
          ? undefined
          : { messageId: 'useZoneKey', apply: (builder) => builder.set(workload.resource, [...term.path, 'topologyKey'], ZONE_KEY) },
      });
    }

    if (options.hostnameSpread === false) return;
    const hostnameTerms = terms.filter((term) => term.topologyKey === HOSTNAME_KEY);
    if (hostnameTerms.some((term) => term.selectsOwnPods)) return;
    // A hostname term whose selector misses the pods is reported by spread-selector-mismatch.
    if (hostnameTerms.some((term) => mismatched.includes(term))) return;
    const plan = planSpread(workload, settings, [HOSTNAME_KEY], namespace);
    const viaConstraint = zoneSpread.some((term) => term.source === 'tsc');
    report({
      at: viaConstraint ? listPath : [...workload.podSpecPath, 'affinity', 'podAntiAffinity'],
      messageId: 'noHostnameSpread',
      data: { kind, name },
      severity: 'info',
      fix: plan.keys.length
        ? { messageId: 'addHostnameSpread', data: { name }, apply: (builder) => applySpread(builder, workload, plan) }
        : undefined,
    });
  },
});
