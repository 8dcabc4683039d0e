import type { Resource } from '../../server/src/engine/parse';
import { defineRule, type FixSpec, type Related } from '../../server/src/engine/rule-api';
import { get, type Workload, REPLICATED_KINDS } from '../../server/src/engine/workload';
import type { Path } from '../../server/src/engine/yaml-path';
import { EKS } from '../lib/docs';
import { isCoreDns } from '../lib/network-policies';
import { hasZoneSpread } from '../lib/spread';

/** The flags of controller-runtime, client-go and kube-controller-manager style leader election. */
const LEADER_FLAGS = new Set(['leader-elect', 'leader-election', 'enable-leader-election']);
/** What Go's strconv.ParseBool reads as false. */
const FALSE_VALUES = new Set(['false', 'f', '0']);

interface AutoscalerShape {
  kindLabel: string;
  minField: string;
  maxField: string;
}

const AUTOSCALERS: Record<'hpa' | 'scaledobject', AutoscalerShape> = {
  hpa: { kindLabel: 'HorizontalPodAutoscaler', minField: 'minReplicas', maxField: 'maxReplicas' },
  scaledobject: { kindLabel: 'ScaledObject', minField: 'minReplicaCount', maxField: 'maxReplicaCount' },
};

export default defineRule({
  meta: {
    id: 'workload-single-replica',
    category: 'reliability',
    severity: 'warning',
    signal: 'strong',
    fixable: 'unsafe',
    kinds: REPLICATED_KINDS,
    messages: {
      single:
        '{{kind}} "{{name}}" runs a single replica: a node drain, a node failure or a zone outage takes it down until a replacement pod is scheduled, pulls its image and becomes ready.',
      singleAutoscaled:
        '{{kind}} "{{name}}" can scale down to {{count}} (the {{field}} of {{autoscalerKind}} "{{autoscaler}}"{{defaulted}}): at that scale a node drain, a node failure or a zone outage takes it down until a replacement pod is ready.',
      leaderElected:
        '{{kind}} "{{name}}" uses leader election but runs {{count}}: a second replica is a hot standby that takes over the lease within seconds when the leader\'s node is drained or fails, instead of waiting for a new pod to be scheduled and started.',
      setReplicas: 'Set replicas to {{replicas}}',
      setAutoscalerMin: 'Set {{field}} to {{replicas}} on {{autoscalerKind}} "{{autoscaler}}"',
    },
    docs: {
      description: 'Workloads need at least two replicas, so that losing one pod or node does not take the application down.',
      source: { title: 'EKS Best Practices: Reliability › Applications › Run multiple replicas', url: `${EKS}/application.html` },
    },
  },
  check({ workload, namespace, relations, settings, report }) {
    if (!workload || !workload.scalable || workload.helmHook) return;
    const specReplicas = get(workload.resource.object, ['spec', 'replicas']);
    // `replicas: "3"` or a float is rejected by the API; there is nothing to reason about.
    if (specReplicas !== undefined && specReplicas !== null && workload.specReplicas === undefined) return;
    const replicas = relations.replicas(workload);
    if (replicas.min >= 2 || replicas.parked || replicas.scaleToZeroWorker) return;

    const { kind } = workload;
    const { name } = workload.resource;
    const leader = isLeaderElected(workload);
    // CoreDNS is every pod's dependency: RULES.md N3 (d) raises its finding to error.
    const severity = isCoreDns(workload) ? { severity: 'error' as const } : leader ? { severity: 'info' as const } : {};
    const autoscaler = replicas.autoscaler;

    // The key to point at: `spec.replicas` when written (with an autoscaler, it is the value that misleads).
    const at: Path = workload.specReplicas !== undefined ? ['spec', 'replicas'] : ['metadata', 'name'];

    if (replicas.source !== 'spec' && autoscaler) {
      const shape = AUTOSCALERS[replicas.source];
      const minPath: Path = ['spec', shape.minField];
      const written = get(autoscaler.object, minPath);
      const hasMin = written !== undefined && written !== null;
      // `minReplicas: "2"` is rejected by the API; there is nothing to reason about.
      if (hasMin && (typeof written !== 'number' || !Number.isInteger(written))) return;
      const target = Math.max(2, settings.preferredReplicas ?? 2);
      const names = { autoscalerKind: shape.kindLabel, autoscaler: autoscaler.name, field: shape.minField };
      const related: Related[] = [
        {
          resource: autoscaler,
          at: hasMin ? minPath : ['spec', 'scaleTargetRef'],
          message: `${shape.kindLabel} "${autoscaler.name}" sets the minimum to ${replicas.min}${hasMin ? '' : ` (${shape.minField} defaults to ${replicas.min})`}.`,
        },
      ];
      report({
        at,
        messageId: leader ? 'leaderElected' : 'singleAutoscaled',
        data: { kind, name, replicas: replicas.min, count: count(replicas.min), ...names, defaulted: hasMin ? '' : `, which defaults to ${replicas.min}` },
        ...severity,
        related,
        suggest: [autoscalerFix(autoscaler, shape, target, names)],
      });
      return;
    }

    const target = settings.preferredReplicas ?? (hasZoneSpread(workload, namespace) ? 3 : 2);
    report({
      at,
      messageId: leader ? 'leaderElected' : 'single',
      data: { kind, name, replicas: replicas.min, count: count(replicas.min) },
      ...severity,
      suggest: [
        {
          messageId: 'setReplicas',
          data: { replicas: Math.max(2, target) },
          apply: (fix) => fix.set(workload.resource, ['spec', 'replicas'], Math.max(2, target)),
        },
      ],
    });
  },
});

/** `minReplicas` (or `minReplicaCount`) on the autoscaler, raising its maximum too when it would be below. */
function autoscalerFix(autoscaler: Resource, shape: AutoscalerShape, target: number, names: Record<string, string>): FixSpec {
  return {
    messageId: 'setAutoscalerMin',
    data: { ...names, replicas: target },
    apply: (fix) => {
      fix.set(autoscaler, ['spec', shape.minField], target);
      // The API rejects a minimum above the maximum (a missing maxReplicaCount means 100).
      const max = get(autoscaler.object, ['spec', shape.maxField]);
      if (typeof max === 'number' && max < target) fix.set(autoscaler, ['spec', shape.maxField], target);
    },
  };
}

/** `--leader-elect`, `--leader-election` or `--enable-leader-election` in an app container's command or args, not set to false. */
function isLeaderElected(workload: Workload): boolean {
  return workload.containers.some((container) => {
    if (container.type !== 'app') return false;
    const words = [container.spec.command, container.spec.args].flatMap((value) =>
      Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string').flatMap((v) => v.split(/\s+/)) : [],
    );
    return words.some(isLeaderFlag);
  });
}

function isLeaderFlag(word: string): boolean {
  if (!word.startsWith('-')) return false;
  const flag = word.startsWith('--') ? word.slice(2) : word.slice(1);
  const equals = flag.indexOf('=');
  const name = equals === -1 ? flag : flag.slice(0, equals);
  if (!LEADER_FLAGS.has(name)) return false;
  return equals === -1 || !FALSE_VALUES.has(flag.slice(equals + 1).trim().toLowerCase());
}

function count(replicas: number): string {
  return `${replicas} ${replicas === 1 ? 'replica' : 'replicas'}`;
}
