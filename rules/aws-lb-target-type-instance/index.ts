import type { Resource } from '../../server/src/engine/parse';
import type { Relations } from '../../server/src/engine/relations';
import { defineRule, type RuleContext } from '../../server/src/engine/rule-api';
import { labelsOf } from '../../server/src/engine/selectors';
import { get } from '../../server/src/engine/workload';
import { EKS } from '../lib/docs';
import {
  ALB_TARGET_TYPE,
  albIngress,
  annotationsOf,
  ingressBackendNames,
  effectiveAlbTargetType,
  isIngress,
  isService,
  lbcService,
  READINESS_GATE_LABEL,
  type LbcTarget,
} from '../lib/load-balancers';

function report(
  context: RuleContext,
  target: LbcTarget,
  kind: 'Service' | 'Ingress',
  targetType: string | undefined,
  fixable = true,
): void {
  const { resource } = context;
  const explicit = targetType !== undefined;
  context.report({
    // Point at the object's own target-type annotation only when it is what decides.
    at: explicit && target.targetTypeAt && targetType === target.targetType ? target.targetTypeAt : target.marker,
    on: 'value',
    messageId: kind === 'Service' ? 'serviceInstance' : 'ingressInstance',
    data: { name: resource.name, how: explicit ? `${targetType} targets` : 'instance targets (the default)' },
    suggest: fixable
      ? [
          {
            messageId: 'useIpTargets',
            data: { annotation: target.targetTypeKey },
            apply: (fix) => fix.set(resource, ['metadata', 'annotations', target.targetTypeKey], 'ip'),
          },
        ]
      : [],
  });
}

/** Objects of the namespace that register pods as IP targets: the pods get readiness gates only with the label. */
function ipTargets(namespace: string, relations: Relations): Resource[] {
  const services = relations.bucket(namespace).services.filter((service) => lbcService(service)?.targetType === 'ip');
  const ingresses = ['networking.k8s.io', 'extensions'].flatMap((group) => relations.ofKind(namespace, group, 'Ingress'));
  const albs = ingresses.filter((ingress) => {
    const target = albIngress(ingress, relations);
    return target !== undefined && effectiveAlbTargetType(ingress, target, relations) === 'ip';
  });
  return [...services, ...albs];
}

function checkNamespace(context: RuleContext): void {
  const { resource, relations, options } = context;
  if (options.readinessGate === false || resource.group !== '') return;
  const labels = labelsOf(get(resource.object, ['metadata', 'labels']));
  // Any value other than `enabled` is a deliberate choice to go without readiness gates.
  if (labels[READINESS_GATE_LABEL] !== undefined) return;
  const targets = ipTargets(resource.name, relations);
  if (targets.length === 0) return;
  const first = targets[0]!;
  context.report({
    at: ['metadata', 'name'],
    messageId: 'readinessGate',
    severity: 'info',
    data: { name: resource.name, example: `${first.kind} "${first.name}"` },
    related: targets.slice(0, 5).map((target) => ({ resource: target, at: ['metadata', 'name'], message: 'Registers pods of this namespace as IP targets.' })),
    suggest: [
      {
        messageId: 'addReadinessGateLabel',
        apply: (fix) => fix.set(resource, ['metadata', 'labels', READINESS_GATE_LABEL], 'enabled'),
      },
    ],
  });
}

export default defineRule({
  meta: {
    id: 'aws-lb-target-type-instance',
    category: 'cost',
    severity: 'info',
    signal: 'strong',
    fixable: 'unsafe',
    kinds: ['Service', 'Ingress', 'Namespace'],
    messages: {
      serviceInstance:
        'Service "{{name}}" gets a Network Load Balancer from the AWS Load Balancer Controller with {{how}}: requests enter through a NodePort on any node, an extra hop that often crosses zones (data-transfer charges) and hides pod readiness from the load balancer.',
      ingressInstance:
        'Ingress "{{name}}" gets an Application Load Balancer from the AWS Load Balancer Controller with {{how}}: requests enter through a NodePort on any node, an extra hop that often crosses zones (data-transfer charges) and hides pod readiness from the load balancer.',
      readinessGate:
        'Namespace "{{name}}" has pods behind IP-target load balancers ({{example}}) but not the label elbv2.k8s.aws/pod-readiness-gate-inject: enabled: a rolling update can replace every pod before the load balancer registers the new ones as healthy, leaving no healthy target.',
      useIpTargets: 'Set {{annotation}}: ip',
      addReadinessGateLabel: 'Label the namespace elbv2.k8s.aws/pod-readiness-gate-inject: enabled',
    },
    docs: {
      description:
        'Load balancers from the AWS Load Balancer Controller should register pods as IP targets (with readiness gates), not nodes: instance targets add a cross-zone hop and hide pod readiness.',
      source: {
        title: 'EKS Best Practices: Networking › Load balancing › Use IP Target-Type Load Balancers',
        url: `${EKS}/load-balancing.html`,
      },
    },
    options: {
      type: 'object',
      properties: {
        readinessGate: {
          type: 'boolean',
          default: true,
          description: 'Report (info) namespaces with IP-target load balancers whose pods get no readiness gate.',
        },
      },
      additionalProperties: false,
    },
  },
  check(context) {
    const { resource, relations } = context;
    if (resource.kind === 'Namespace') {
      checkNamespace(context);
      return;
    }
    if (isService(resource)) {
      const target = lbcService(resource);
      if (target && target.targetType !== 'ip') report(context, target, 'Service', target.targetType);
      return;
    }
    if (isIngress(resource)) {
      const target = albIngress(resource, relations);
      if (!target) return;
      const effective = effectiveAlbTargetType(resource, target, relations);
      if (effective === 'ip') return;
      // A backend Service that asks for instance targets itself wins over the Ingress: the fix belongs there.
      const namespace = relations.namespaceOf(resource);
      const overridden = ingressBackendNames(resource).some((name) => {
        const service = relations.service(namespace, name);
        const type = service ? annotationsOf(service)[ALB_TARGET_TYPE] : undefined;
        return type !== undefined && type.trim().toLowerCase() !== 'ip';
      });
      report(context, target, 'Ingress', effective, !overridden);
    }
  },
});
