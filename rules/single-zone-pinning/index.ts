import { defineRule, type Related } from '../../server/src/engine/rule-api';
import type { Labels } from '../../server/src/engine/selectors';
import { LONG_RUNNING_KINDS, type Workload } from '../../server/src/engine/workload';
import { EKS } from '../lib/docs';
import { applySpread, isZoneKey, planSpread, removeZonePin, ZONE_KEY, HOSTNAME_KEY, zonePin, type ZonePin } from '../lib/spread';

/** Label keys that name a zone or a per-zone cell: `zone`, `az`, `topology.kubernetes.io/zone`, `cell`. */
const ZONE_LABEL_KEY = /zone|cell|(?:^|[^a-z])az(?:[^a-z]|$)/i;

/** A label value that names the workload's own pinned zone: `us-east-1a`, `1a`, `a`, `use1-az1`. */
function namesZone(value: string | undefined, zone: string): boolean {
  if (!value) return false;
  const v = value.toLowerCase();
  const z = zone.toLowerCase();
  return v === z || z.endsWith(v) || v.includes(z);
}

/**
 * Sibling cells (RULES.md S3): another workload of the namespace pinned to a different zone whose template
 * labels are the same apart from labels that name the zone. EKS-COST-NET suggests such per-zone Deployments,
 * each with its own HPA, to keep traffic in its AZ: together they span zones, so none is a single-AZ risk.
 */
function cellSibling(workload: Workload, pin: ZonePin, others: readonly Workload[]): Workload | undefined {
  return others.find((other) => {
    if (other === workload || other.resource === workload.resource || other.isDaemonSet || !other.longRunning) return false;
    const otherPin = zonePin(other);
    if (!otherPin || otherPin.zone === pin.zone) return false;
    return sameApartFromZone(workload.templateLabels, pin.zone, other.templateLabels, otherPin.zone);
  });
}

function sameApartFromZone(a: Labels, zoneA: string, b: Labels, zoneB: string): boolean {
  const keys = new Set([...Object.keys(a), ...Object.keys(b)]);
  for (const key of keys) {
    if (a[key] === b[key]) continue;
    const zoneLabel = isZoneKey(key) || ZONE_LABEL_KEY.test(key) || (namesZone(a[key], zoneA) && namesZone(b[key], zoneB));
    if (!zoneLabel) return false;
  }
  return true;
}

export default defineRule({
  meta: {
    id: 'single-zone-pinning',
    category: 'static-stability',
    severity: 'warning',
    signal: 'strong',
    fixable: 'unsafe',
    kinds: LONG_RUNNING_KINDS.filter((kind) => kind !== 'DaemonSet'),
    messages: {
      pinned:
        '{{kind}} "{{name}}" can only run in zone {{zone}} ({{via}}): when that Availability Zone fails, {{what}} into another zone.',
      unpin: 'Remove the zone pin of {{name}}',
      unpinAndSpread: 'Remove the zone pin of {{name}} and spread it across zones',
    },
    docs: {
      description:
        'A workload pinned to one Availability Zone by nodeSelector or required node affinity goes down with that zone and cannot heal elsewhere.',
      source: {
        title: 'EKS Best Practices: Cost Optimization › Networking › Using Pod Assignment and Node Affinity',
        url: `${EKS}/cost-opt-networking.html`,
      },
    },
  },
  check({ workload, relations, settings, namespace, report }) {
    if (!workload || workload.helmHook || workload.isDaemonSet || !workload.longRunning || settings.zones <= 1) return;
    const replicas = relations.replicas(workload);
    if (replicas.parked) return;
    const serviceFacing = relations.isServiceFacing(workload);
    if (replicas.max < 2 && !serviceFacing) return;
    const pin = zonePin(workload);
    if (!pin) return;
    const others = relations.bucket(namespace).workloads;
    if (cellSibling(workload, pin, others)) return;

    const { kind } = workload;
    const { name } = workload.resource;
    const plan = replicas.max >= 2 ? planSpread(workload, settings, [ZONE_KEY, HOSTNAME_KEY], namespace) : undefined;
    const spread = plan !== undefined && (plan.add.length > 0 || plan.repair.length > 0);
    const related: Related[] = pin.via === 'nodeSelector' && pin.affinityPins
      ? [
          {
            resource: workload.resource,
            at: [...workload.podSpecPath, 'affinity', 'nodeAffinity', 'requiredDuringSchedulingIgnoredDuringExecution'],
            message: 'The required node affinity also allows only one zone.',
          },
        ]
      : [];
    report({
      at: pin.at,
      messageId: 'pinned',
      data: {
        kind,
        name,
        zone: pin.zone,
        via: pin.via === 'nodeSelector' ? `nodeSelector ${pin.at[pin.at.length - 1]}` : 'required node affinity',
        what: replicas.max >= 2 ? `none of its ${replicas.max} replicas can be rescheduled` : 'its only replica cannot be rescheduled',
      },
      related,
      suggest: [
        {
          messageId: spread ? 'unpinAndSpread' : 'unpin',
          data: { name },
          apply: (fix) => {
            removeZonePin(fix, workload, pin);
            if (spread) applySpread(fix, workload, plan);
          },
        },
      ],
    });
  },
});
