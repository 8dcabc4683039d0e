import { isObject } from '../../server/src/engine/parse';
import { defineRule, type FixSpec } from '../../server/src/engine/rule-api';
import { LONG_RUNNING_KINDS } from '../../server/src/engine/workload';
import type { Path } from '../../server/src/engine/yaml-path';
import { EKS } from '../lib/docs';

export const UNREACHABLE = 'node.kubernetes.io/unreachable';
export const NOT_READY = 'node.kubernetes.io/not-ready';
/** The node-lifecycle taints whose NoExecute effect evicts pods from a dead or partitioned node. */
const NODE_FAILURE_TAINTS = [UNREACHABLE, NOT_READY] as const;

/** What the API server's DefaultTolerationSeconds admission plugin adds, and what every fix writes. */
const DEFAULT_SECONDS = 300;
/** Bounded values above this (an hour) still keep replicas away from the healthy zones for long: info. */
const LONG_SECONDS = 3600;

interface Toleration {
  index: number;
  path: Path;
  key: string;
  operator: 'Exists' | 'Equal' | 'other';
  value: string;
  effect: string;
  /** A whole number, `undefined` when absent or null, `NaN` when written as something else (no verdict). */
  seconds: number | undefined;
}

function scalarString(value: unknown): string {
  return value === undefined || value === null ? '' : typeof value === 'object' ? '\u0000' : String(value);
}

function tolerationsOf(podSpec: Record<string, unknown>, base: Path): Toleration[] {
  const list = podSpec.tolerations;
  if (!Array.isArray(list)) return [];
  const result: Toleration[] = [];
  list.forEach((item, index) => {
    if (!isObject(item)) return;
    const operator = scalarString(item.operator);
    const seconds = item.tolerationSeconds;
    result.push({
      index,
      path: [...base, 'tolerations', index],
      key: scalarString(item.key),
      operator: operator === 'Exists' ? 'Exists' : operator === '' || operator === 'Equal' ? 'Equal' : 'other',
      value: scalarString(item.value),
      effect: scalarString(item.effect),
      seconds: seconds === undefined || seconds === null ? undefined : typeof seconds === 'number' && Number.isFinite(seconds) ? seconds : NaN,
    });
  });
  return result;
}

/** `ToleratesTaint` of k8s.io/api core/v1 for a `<key>:NoExecute` taint with no value. */
function tolerates(toleration: Toleration, taintKey: string): boolean {
  if (toleration.effect !== '' && toleration.effect !== 'NoExecute') return false;
  if (toleration.operator === 'Exists') return toleration.key === '' || toleration.key === taintKey;
  if (toleration.operator === 'Equal') return toleration.key === taintKey && toleration.value === '';
  return false;
}

/**
 * The toleration that decides how long a pod stays on a node with this taint: the taint manager takes the
 * first toleration in list order that tolerates the taint (`GetMatchingTolerations` stops at the first
 * match), so a bounded toleration written after an unbounded one changes nothing.
 */
function deciding(tolerations: readonly Toleration[], taintKey: string): Toleration | undefined {
  return tolerations.find((toleration) => tolerates(toleration, taintKey));
}

function duration(seconds: number): string {
  if (seconds % 86400 === 0) return `${seconds / 86400} day${seconds === 86400 ? '' : 's'}`;
  if (seconds % 3600 === 0) return `${seconds / 3600} hours`;
  return `${Math.round(seconds / 60)} minutes`;
}

export default defineRule({
  meta: {
    id: 'toleration-unreachable-forever',
    category: 'static-stability',
    severity: 'warning',
    signal: 'strong',
    fixable: 'safe',
    kinds: LONG_RUNNING_KINDS.filter((kind) => kind !== 'DaemonSet'),
    messages: {
      forever:
        '{{kind}} "{{name}}" tolerates {{taints}} with no tolerationSeconds: pods on a node that dies or loses its network stay bound to it forever and are never recreated in a healthy zone.',
      foreverAll:
        '{{kind}} "{{name}}" tolerates every NoExecute taint (operator: Exists with no key) with no tolerationSeconds, including {{taints}}: pods on a node that dies or loses its network stay bound to it forever and are never recreated in a healthy zone.',
      long:
        '{{kind}} "{{name}}" tolerates {{taints}} for {{seconds}} seconds: pods on a dead node are recreated elsewhere only after {{duration}}, and the healthy zones run short of replicas until then.',
      setSeconds: 'Set tolerationSeconds: 300',
      setEffectAndSeconds: 'Set effect: NoExecute and tolerationSeconds: 300',
      remove: 'Remove the toleration (Kubernetes then adds its default of 300 seconds)',
      boundNoExecute: 'Keep tolerating NoSchedule taints, and NoExecute taints for 300 seconds only',
    },
    docs: {
      description:
        'Tolerating the unreachable or not-ready taint without tolerationSeconds keeps pods bound to dead nodes forever, so they are never recreated in a healthy zone.',
      source: {
        title: 'EKS Best Practices: Hybrid nodes › Kubernetes pod failover through network disconnections › Concepts',
        url: `${EKS}/hybrid-nodes-kubernetes-pod-failover.html`,
      },
    },
  },
  check({ workload, report }) {
    if (!workload || workload.isDaemonSet || !workload.longRunning || workload.helmHook) return;
    const tolerations = tolerationsOf(workload.podSpec, workload.podSpecPath);
    if (tolerations.length === 0) return;
    const { kind } = workload;
    const { resource } = workload;
    const name = resource.name;

    // Which node-failure taints each deciding toleration bounds (or not).
    const forever = new Map<Toleration, string[]>();
    const long = new Map<Toleration, string[]>();
    for (const taint of NODE_FAILURE_TAINTS) {
      const toleration = deciding(tolerations, taint);
      if (!toleration || Number.isNaN(toleration.seconds)) continue;
      if (toleration.seconds === undefined) forever.set(toleration, [...(forever.get(toleration) ?? []), taint]);
      else if (toleration.seconds > LONG_SECONDS) long.set(toleration, [...(long.get(toleration) ?? []), taint]);
    }

    const setSeconds = (toleration: Toleration): FixSpec => ({
      messageId: 'setSeconds',
      apply: (fix) => fix.set(resource, [...toleration.path, 'tolerationSeconds'], DEFAULT_SECONDS),
    });
    const listPath = [...workload.podSpecPath, 'tolerations'];
    const tolerationCount = Array.isArray(workload.podSpec.tolerations) ? workload.podSpec.tolerations.length : 0;

    for (const [toleration, taints] of forever) {
      const data = { kind, name, taints: taints.join(' and ') };
      if (toleration.key === '') {
        // Every taint of the effects it names: editing it changes more than node failures, so editor only.
        const suggest: FixSpec[] =
          toleration.effect === 'NoExecute'
            ? [setSeconds(toleration)]
            : [
                {
                  messageId: 'boundNoExecute',
                  apply: (fix) => {
                    fix.set(resource, [...toleration.path, 'effect'], 'NoSchedule');
                    fix.appendItem(resource, listPath, { operator: 'Exists', effect: 'NoExecute', tolerationSeconds: DEFAULT_SECONDS });
                  },
                },
              ];
        report({ at: [...toleration.path, 'operator'], on: 'value', messageId: 'foreverAll', data, suggest });
        continue;
      }
      const remove: FixSpec = {
        messageId: 'remove',
        apply: (fix) => {
          // The last toleration takes its key along, rather than leaving `tolerations:` with no value.
          if (tolerationCount === 1) fix.remove(resource, listPath);
          else fix.removeItem(resource, listPath, toleration.index);
        },
      };
      if (toleration.effect === 'NoExecute') {
        report({ at: [...toleration.path, 'key'], on: 'value', messageId: 'forever', data, fix: setSeconds(toleration), suggest: [remove] });
        continue;
      }
      // An empty effect also tolerates the NoSchedule taint; tolerationSeconds is only valid with NoExecute.
      const setBoth: FixSpec = {
        messageId: 'setEffectAndSeconds',
        apply: (fix) => {
          fix.set(resource, [...toleration.path, 'effect'], 'NoExecute');
          fix.set(resource, [...toleration.path, 'tolerationSeconds'], DEFAULT_SECONDS);
        },
      };
      report({ at: [...toleration.path, 'key'], on: 'value', messageId: 'forever', data, suggest: [setBoth, remove] });
    }

    for (const [toleration, taints] of long) {
      const seconds = toleration.seconds!;
      report({
        at: [...toleration.path, 'tolerationSeconds'],
        on: 'value',
        messageId: 'long',
        severity: 'info',
        data: { kind, name, taints: taints.join(' and '), seconds, duration: duration(seconds) },
        suggest: [setSeconds(toleration)],
      });
    }
  },
});
