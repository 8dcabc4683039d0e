import { isObject, type Resource } from '../../server/src/engine/parse';
import { defineRule, type FixSpec, type RuleContext } from '../../server/src/engine/rule-api';
import { get } from '../../server/src/engine/workload';
import type { Path } from '../../server/src/engine/yaml-path';
import { EKS } from '../lib/docs';
import { applySpread, hasZoneSpread, HOSTNAME_KEY, planSpread, ZONE_KEY, zonePin } from '../lib/spread';
import {
  bindingMode,
  claimClassRef,
  isEbsClass,
  isStorageClass,
  provisionerOf,
  resolveClaimClass,
  resolvesToEbs,
  singleAllowedZone,
  type ClassResolution,
} from '../lib/storage';

function describeClass(resolution: ClassResolution): string {
  if (resolution.kind === 'class') {
    return resolution.viaDefault ? `the default StorageClass "${resolution.storageClass.name}"` : `StorageClass "${resolution.storageClass.name}"`;
  }
  if (resolution.kind === 'eks') return resolution.name ? `EKS's StorageClass "${resolution.name}"` : "the cluster's default StorageClass (EBS gp2 on EKS)";
  return 'an EBS StorageClass';
}

function checkStorageClass({ resource, report }: RuleContext): void {
  if (!isEbsClass(resource)) return;
  const name = resource.name;
  const provisioner = provisionerOf(resource);
  const written = get(resource.object, ['volumeBindingMode']);
  if (bindingMode(resource) === 'Immediate') {
    const explicit = typeof written === 'string' && written !== '';
    report({
      at: explicit ? ['volumeBindingMode'] : ['provisioner'],
      on: explicit ? 'value' : 'key',
      messageId: explicit ? 'immediate' : 'immediateDefault',
      data: { name, provisioner },
      suggest: [
        {
          messageId: 'waitForFirstConsumer',
          apply: (fix) => fix.set(resource, ['volumeBindingMode'], 'WaitForFirstConsumer'),
        },
      ],
    });
  }
  const single = singleAllowedZone(resource);
  if (single) {
    report({
      at: single.at,
      messageId: 'singleZone',
      data: { name, zone: single.zone },
      suggest: [{ messageId: 'removeAllowedTopologies', apply: (fix) => fix.remove(resource, ['allowedTopologies']) }],
    });
  }
}

function checkStatefulSet({ resource, workload, relations, settings, namespace, report }: RuleContext): void {
  if (!workload || workload.helmHook) return;
  const templates = get(resource.object, ['spec', 'volumeClaimTemplates']);
  if (!Array.isArray(templates)) return;
  let claim: { index: number; resolution: ClassResolution; at: Path; on: 'key' | 'value' } | undefined;
  templates.forEach((template, index) => {
    if (claim || !isObject(template)) return;
    const ref = claimClassRef(template);
    const resolution = resolveClaimClass(relations, ref);
    if (!resolvesToEbs(resolution)) return;
    const base: Path = ['spec', 'volumeClaimTemplates', index];
    const named = ref.kind === 'named';
    const hasName = typeof get(template, ['metadata', 'name']) === 'string';
    claim = {
      index,
      resolution,
      at: named ? [...base, ...ref.at] : hasName ? [...base, 'metadata', 'name'] : base,
      on: named || hasName ? 'value' : 'key',
    };
  });
  if (!claim) return;
  const replicas = relations.replicas(workload);
  if (replicas.max < 2 || replicas.parked) return;
  if (hasZoneSpread(workload, namespace)) return;
  // A zone-pinned template cannot spread: single-zone-pinning reports it.
  if (zonePin(workload)) return;
  const { name } = resource;
  const plan = planSpread(workload, settings, [ZONE_KEY, HOSTNAME_KEY], namespace);
  const fix: FixSpec | undefined = plan.keys.includes(ZONE_KEY)
    ? {
        messageId: plan.keys.includes(HOSTNAME_KEY) ? 'addZoneAndHostnameSpread' : 'addZoneSpread',
        data: { name },
        apply: (builder) => applySpread(builder, workload, plan),
      }
    : undefined;
  // Resolved by assumption (a class EKS creates): in a partial set the real class may live elsewhere.
  const assumed = claim.resolution.kind === 'eks' && settings.manifestSet === 'partial';
  const related =
    claim.resolution.kind === 'class' && claim.resolution.storageClass !== resource
      ? [{ resource: claim.resolution.storageClass as Resource, at: ['provisioner'], message: `Provisions EBS volumes (${provisionerOf(claim.resolution.storageClass)}).` }]
      : [];
  report({
    at: claim.at,
    on: claim.on,
    messageId: 'unspreadStatefulSet',
    data: { name, replicas: replicas.max, storageClass: describeClass(claim.resolution) },
    ...(assumed ? { maxSeverity: 'info' as const } : {}),
    related,
    fix,
  });
}

export default defineRule({
  meta: {
    id: 'ebs-volume-binding-immediate',
    category: 'static-stability',
    severity: 'warning',
    signal: 'strong',
    fixable: 'safe',
    kinds: ['StorageClass', 'StatefulSet'],
    messages: {
      immediate:
        'StorageClass "{{name}}" ({{provisioner}}) binds volumes Immediately: each EBS volume\'s Availability Zone is chosen before its pod is scheduled, so the pod can end up unschedulable and zone spread is ignored.',
      immediateDefault:
        'StorageClass "{{name}}" ({{provisioner}}) sets no volumeBindingMode, so it binds volumes Immediately: each EBS volume\'s Availability Zone is chosen before its pod is scheduled, so the pod can end up unschedulable and zone spread is ignored.',
      singleZone:
        'StorageClass "{{name}}" provisions volumes in zone {{zone}} only (allowedTopologies): every pod that uses it is tied to that Availability Zone and cannot be rescheduled into another when it fails.',
      unspreadStatefulSet:
        'StatefulSet "{{name}}" runs up to {{replicas}} replicas on EBS volumes from {{storageClass}} with no zone spread: each replica is tied to its volume\'s Availability Zone for good, so replicas that share a zone all go down with it and cannot be rescheduled elsewhere.',
      waitForFirstConsumer: 'Set volumeBindingMode: WaitForFirstConsumer',
      removeAllowedTopologies: 'Remove allowedTopologies',
      addZoneAndHostnameSpread: 'Spread {{name}} across zones and nodes',
      addZoneSpread: 'Spread {{name}} across zones',
    },
    docs: {
      description:
        'EBS volumes live in one Availability Zone: their StorageClass must bind on first consumer, and StatefulSets that use them must spread across zones, or an AZ outage cannot be healed by rescheduling.',
      source: {
        title: 'EKS Best Practices: Reliability › Data Plane › Ensure ability to launch Nodes in each AZ when using EBS volumes',
        url: `${EKS}/data-plane.html`,
      },
    },
  },
  check(context) {
    if (context.settings.zones <= 1) return;
    if (isStorageClass(context.resource)) checkStorageClass(context);
    else if (context.resource.kind === 'StatefulSet' && context.workload) checkStatefulSet(context);
  },
});
