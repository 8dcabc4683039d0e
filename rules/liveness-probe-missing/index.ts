import { isObject } from '../../server/src/engine/parse';
import { defineRule, type FixSpec } from '../../server/src/engine/rule-api';
import { type ContainerRef, LONG_RUNNING_KINDS, type Workload } from '../../server/src/engine/workload';
import { EKS } from '../lib/docs';
import { dependencyWord, livenessThreshold, probeHandler, probeTiming } from '../lib/probes';

/** liveness-probe-risky (d) reports a longer delay without a startupProbe; the fix must not create that finding. */
const LONG_DELAY = 60;

export default defineRule({
  meta: {
    id: 'liveness-probe-missing',
    category: 'reliability',
    severity: 'warning',
    signal: 'strong',
    fixable: 'unsafe',
    optIn: true,
    kinds: LONG_RUNNING_KINDS,
    messages: {
      missing:
        'Container "{{container}}" of {{kind}} "{{name}}" has no livenessProbe: if the process hangs (a deadlock, a stuck event loop) without exiting, nothing restarts it and the replica stays broken until someone deletes the pod.',
      copyReadiness: 'Add a livenessProbe on the readiness endpoint with failureThreshold {{threshold}}',
    },
    docs: {
      description:
        'Opt-in: every app container should have a liveness probe, for parity with hardeneks and the EKS guide\'s K8sRequiredProbes policy.',
      source: {
        title: 'EKS Best Practices: Reliability › Applications › Use Liveness Probe to remove unhealthy pods',
        url: `${EKS}/application.html`,
      },
    },
  },
  check({ workload, report }) {
    if (!workload || !workload.longRunning || workload.helmHook) return;
    for (const container of workload.containers) {
      if (container.type !== 'app') continue;
      const liveness = container.spec.livenessProbe;
      if (liveness !== undefined && liveness !== null) continue;
      const suggestion = copyReadiness(workload, container);
      report({
        at: [...container.path, 'name'],
        messageId: 'missing',
        data: { container: label(container), kind: workload.kind, name: workload.resource.name },
        suggest: suggestion ? [suggestion] : [],
      });
    }
  },
});

/**
 * The Kubernetes docs' pattern: "the same low-cost HTTP endpoint as for readiness probes, but with a higher
 * failureThreshold". Offered only when that cannot create a liveness-probe-risky finding: no exec command (its
 * timeout and cost are the author's call), no endpoint that looks like a dependency check, no long initial delay.
 */
function copyReadiness(workload: Workload, container: ContainerRef): FixSpec | undefined {
  const readiness = container.spec.readinessProbe;
  const handler = probeHandler(readiness);
  if (!isObject(readiness) || !handler || handler.type === 'exec') return undefined;
  if (dependencyWord(handler, container)) return undefined;
  const timing = probeTiming(readiness);
  if (timing.initialDelaySeconds > LONG_DELAY) return undefined;
  const threshold = livenessThreshold(timing, timing.periodSeconds);
  const probe: Record<string, unknown> = { [handler.type]: handler.value };
  for (const key of ['initialDelaySeconds', 'periodSeconds', 'timeoutSeconds'] as const) {
    if (typeof readiness[key] === 'number') probe[key] = readiness[key];
  }
  probe.failureThreshold = threshold;
  return {
    messageId: 'copyReadiness',
    data: { threshold },
    apply: (fix) => fix.replace(workload.resource, [...container.path, 'livenessProbe'], probe),
  };
}

function label(container: ContainerRef): string {
  return container.name || `${container.type === 'app' ? 'containers' : 'initContainers'}[${container.index}]`;
}
