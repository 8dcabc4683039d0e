import type { FixBuilder } from '../../server/src/engine/fix-builder';
import { defineRule, type FixSpec } from '../../server/src/engine/rule-api';
import { get, type Workload } from '../../server/src/engine/workload';
import type { Path } from '../../server/src/engine/yaml-path';
import { EKS } from '../lib/docs';
import { joinInsertions } from '../lib/pod-security';
import { apiClientSignal, ENRICHMENT_IMAGES, FLUENT_BIT_IMAGES, hasApiAccess } from './agents';

const DEFAULT_PERCENT = 10;
const MIN_READY_SECONDS = 60;
const ROLLING: Path = ['spec', 'updateStrategy', 'rollingUpdate'];

/** An intstr as the DaemonSet controller reads it: a whole number, or a percentage of the nodes. */
function intOrPercent(value: unknown): { number: number } | { percent: number } | undefined {
  if (typeof value === 'number' && Number.isInteger(value)) return { number: value };
  if (typeof value !== 'string') return undefined;
  const percent = /^(\d{1,9})%$/.exec(value.trim());
  if (percent) return { percent: Number(percent[1]) };
  return /^\d{1,9}$/.test(value.trim()) ? { number: Number(value.trim()) } : undefined;
}

function strings(options: Record<string, unknown>, key: string, fallback: readonly string[]): readonly string[] {
  const value = options[key];
  return Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : fallback;
}

export default defineRule({
  meta: {
    id: 'daemonset-rollout-herd',
    category: 'scalability',
    severity: 'warning',
    signal: 'strong',
    fixable: 'unsafe',
    kinds: ['DaemonSet'],
    messages: {
      aggressive:
        'DaemonSet "{{name}}" rolls out with {{settings}}: a new version restarts its pods on many nodes at once{{herd}}. Roll out one node at a time (maxUnavailable: 1, maxSurge: 0) with minReadySeconds: 60.',
      noMinReady:
        'DaemonSet "{{name}}" sets no minReadySeconds, and {{signal}}: a rollout moves to the next node as soon as a pod is ready, so the fleet reconnects to the API server back to back and a version that fails after start spreads before anyone notices. Set minReadySeconds: 60.',
      slowRollout: 'Roll out one node at a time (maxUnavailable: 1, maxSurge: 0, minReadySeconds: 60)',
      setMinReady: 'Set minReadySeconds: 60',
    },
    docs: {
      description:
        'DaemonSets should roll out a few nodes at a time, so that a new version of a node agent does not reconnect the whole fleet to the API server at once.',
      source: { title: 'EKS Best Practices: Scalability › Kubernetes Control Plane › Prevent DaemonSet thundering herds', url: `${EKS}/scale-control-plane.html` },
    },
    options: {
      type: 'object',
      additionalProperties: false,
      properties: {
        maxUnavailablePercent: {
          description: 'A maxUnavailable percentage at or above this is reported (a whole number above 1 always is).',
          type: 'integer',
          minimum: 1,
          maximum: 100,
          default: DEFAULT_PERCENT,
        },
        fluentBitImages: {
          description:
            'Images running Fluent Bit (end of the repository path, or a glob): an API client when a kubernetes filter in its ConfigMap lacks Use_Kubelet On, or when its configuration is not in the project.',
          type: 'array',
          items: { type: 'string', minLength: 1 },
          default: FLUENT_BIT_IMAGES,
        },
        enrichmentImages: {
          description: 'Log and metrics agents that enrich their data with pod metadata from the API server (end of the repository path, or a glob).',
          type: 'array',
          items: { type: 'string', minLength: 1 },
          default: ENRICHMENT_IMAGES,
        },
      },
    },
  },
  check({ workload, namespace, relations, settings, options, report }) {
    if (!workload || !workload.isDaemonSet) return;
    const { resource } = workload;
    const strategy = get(resource.object, ['spec', 'updateStrategy', 'type']);
    // apps/v1 defaults to RollingUpdate; the removed extensions/v1beta1 defaulted to OnDelete.
    const rolling = strategy === 'RollingUpdate' || (strategy === undefined && resource.group !== 'extensions');
    if (!rolling) return;
    const name = resource.name || '(unnamed)';
    const threshold = typeof options.maxUnavailablePercent === 'number' ? options.maxUnavailablePercent : DEFAULT_PERCENT;
    const unavailableValue = get(resource.object, [...ROLLING, 'maxUnavailable']);
    const surgeValue = get(resource.object, [...ROLLING, 'maxSurge']);
    const unavailable = intOrPercent(unavailableValue);
    const surge = intOrPercent(surgeValue);
    const tooManyUnavailable = unavailable !== undefined && ('number' in unavailable ? unavailable.number > 1 : unavailable.percent >= threshold);
    const surging = surge !== undefined && ('number' in surge ? surge.number > 0 : surge.percent > 0);
    const minReady = get(resource.object, ['spec', 'minReadySeconds']);
    const noMinReady = minReady === undefined || minReady === null || minReady === 0 || minReady === '0';
    const signal = hasApiAccess(workload, relations, namespace)
      ? apiClientSignal(workload, relations, namespace, settings, {
          fluentBitImages: strings(options, 'fluentBitImages', FLUENT_BIT_IMAGES),
          enrichmentImages: strings(options, 'enrichmentImages', ENRICHMENT_IMAGES),
        })
      : undefined;

    if (tooManyUnavailable || surging) {
      const parts = [
        ...(tooManyUnavailable ? [`maxUnavailable: ${String(unavailableValue)}`] : []),
        ...(surging ? [`maxSurge: ${String(surgeValue)}`] : []),
        ...(noMinReady ? ['no minReadySeconds'] : []),
      ];
      const herd = signal
        ? `, and ${signal}, so all of them hit the API server together`
        : ', so many nodes lose the agent and pull its image at the same moment';
      report({
        at: [...ROLLING, tooManyUnavailable ? 'maxUnavailable' : 'maxSurge'],
        on: 'value',
        messageId: 'aggressive',
        data: { name, settings: joinWords(parts), herd },
        severity: signal ? 'warning' : 'info',
        suggest: [{ messageId: 'slowRollout', apply: (fix) => slowRollout(fix, workload, { tooManyUnavailable, surging, noMinReady }) }],
      });
      return;
    }
    if (noMinReady && signal) {
      const setMinReady: FixSpec = {
        messageId: 'setMinReady',
        apply: (fix) => fix.set(resource, ['spec', 'minReadySeconds'], MIN_READY_SECONDS),
      };
      report({ at: ['spec', 'minReadySeconds'], messageId: 'noMinReady', data: { name, signal }, severity: 'info', suggest: [setMinReady] });
    }
  },
});

function joinWords(parts: readonly string[]): string {
  if (parts.length <= 1) return parts.join('');
  return `${parts.slice(0, -1).join(', ')} and ${parts[parts.length - 1]}`;
}

/** The EKS guide's rollout: only the fields that differ are touched. */
function slowRollout(fix: FixBuilder, workload: Workload, wrong: { tooManyUnavailable: boolean; surging: boolean; noMinReady: boolean }): void {
  const { resource } = workload;
  if (wrong.noMinReady) fix.set(resource, ['spec', 'minReadySeconds'], MIN_READY_SECONDS);
  if (wrong.tooManyUnavailable) fix.set(resource, [...ROLLING, 'maxUnavailable'], 1);
  if (wrong.surging) {
    fix.set(resource, [...ROLLING, 'maxSurge'], 0);
    // maxSurge 0 needs maxUnavailable ≥ 1 (unset defaults to 1): replace an explicit 0.
    const unavailable = get(resource.object, [...ROLLING, 'maxUnavailable']);
    if (!wrong.tooManyUnavailable && (unavailable === 0 || unavailable === '0' || unavailable === '0%')) {
      fix.set(resource, [...ROLLING, 'maxUnavailable'], 1);
    }
  }
  joinInsertions(fix);
}
