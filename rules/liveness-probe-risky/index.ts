import { isObject } from '../../server/src/engine/parse';
import { defineRule, type FixSpec } from '../../server/src/engine/rule-api';
import { type ContainerRef, LONG_RUNNING_KINDS, type Workload } from '../../server/src/engine/workload';
import { EKS } from '../lib/docs';
import { dependencyWord, livenessThreshold, probeHandler, probeTiming, sameHandler } from '../lib/probes';

/** Past a minute of `initialDelaySeconds`, the slow start deserves a startupProbe (RULES.md R8 d). */
const LONG_DELAY = 60;
const STARTUP_PERIOD = 10;

export default defineRule({
  meta: {
    id: 'liveness-probe-risky',
    category: 'reliability',
    severity: 'warning',
    signal: 'strong',
    fixable: 'safe',
    kinds: LONG_RUNNING_KINDS,
    messages: {
      sameAsReadiness:
        'The livenessProbe of container "{{container}}" in {{kind}} "{{name}}" checks the same endpoint as its readinessProbe and gives up no later ({{liveness}}s vs {{readiness}}s): when the application is only overloaded or waiting on something, the kubelet restarts it instead of just taking it out of rotation, which can restart every replica at once.',
      dependencyCheck:
        'The livenessProbe of container "{{container}}" in {{kind}} "{{name}}" looks like a readiness or dependency check ("{{word}}" in {{what}}): if that dependency fails, every replica fails its liveness probe and is restarted at the same time, which cannot fix the dependency and takes the whole service down.',
      execTimeout:
        'The exec livenessProbe of container "{{container}}" in {{kind}} "{{name}}" has a {{timeout}}s timeout{{defaulted}}: a command that runs longer (a slow shell under CPU pressure) fails the probe and restarts the container, and commands that outlive the timeout leave <defunct> processes on the node.',
      longInitialDelay:
        'The livenessProbe of container "{{container}}" in {{kind}} "{{name}}" waits {{delay}}s before its first check and there is no startupProbe: a start slower than that is killed, a faster one still runs unchecked for the whole delay, and the delay comes back on every restart.',
      raiseFailureThreshold: 'Set the livenessProbe failureThreshold to {{threshold}}',
      useStartupProbe: 'Replace initialDelaySeconds with a startupProbe (up to {{seconds}}s to start)',
    },
    docs: {
      description:
        'Liveness probes restart containers: they must be more tolerant than readiness probes, check only the container itself, and leave slow starts to a startup probe.',
      source: {
        title: 'EKS Best Practices: Reliability › Applications › Use Liveness Probe to remove unhealthy pods',
        url: `${EKS}/application.html`,
      },
    },
  },
  check({ workload, report }) {
    if (!workload || !workload.longRunning || workload.helmHook) return;
    // Regular init containers cannot have probes; native sidecars can.
    for (const container of workload.containers) {
      if (container.type === 'init') continue;
      const liveness = container.spec.livenessProbe;
      const handler = probeHandler(liveness);
      if (!isObject(liveness) || !handler) continue;
      const base = [...container.path, 'livenessProbe'];
      const data = { container: label(container), kind: workload.kind, name: workload.resource.name };
      const timing = probeTiming(liveness);

      // (a) The readiness endpoint doubling as liveness without a higher threshold.
      const readiness = container.spec.readinessProbe;
      const readinessHandler = probeHandler(readiness);
      if (readinessHandler && sameHandler(container.spec, handler, readinessHandler)) {
        const readinessTiming = probeTiming(readiness);
        const livenessWindow = timing.failureThreshold * timing.periodSeconds;
        const readinessWindow = readinessTiming.failureThreshold * readinessTiming.periodSeconds;
        if (livenessWindow <= readinessWindow) {
          const threshold = livenessThreshold(readinessTiming, timing.periodSeconds);
          report({
            at: 'failureThreshold' in liveness ? [...base, 'failureThreshold'] : base,
            messageId: 'sameAsReadiness',
            data: { ...data, liveness: livenessWindow, readiness: readinessWindow },
            fix: {
              messageId: 'raiseFailureThreshold',
              data: { threshold },
              apply: (fix) => fix.set(workload.resource, [...base, 'failureThreshold'], threshold),
            },
          });
        }
      }

      // (b) A liveness endpoint or command that names a dependency (heuristic).
      const dependency = dependencyWord(handler, container);
      if (dependency) {
        report({
          at: [...base, ...dependency.at],
          on: 'value',
          messageId: 'dependencyCheck',
          data: { ...data, word: dependency.word, what: dependency.what },
          severity: 'info',
        });
      }

      // (c) exec probes with the 1-second default timeout.
      if (handler.type === 'exec' && timing.timeoutSeconds <= 1) {
        const explicit = 'timeoutSeconds' in liveness;
        report({
          at: explicit ? [...base, 'timeoutSeconds'] : [...base, 'exec'],
          messageId: 'execTimeout',
          data: { ...data, timeout: timing.timeoutSeconds, defaulted: explicit ? '' : ' (the default)' },
          severity: 'info',
        });
      }

      // (d) A long initialDelaySeconds where a startupProbe belongs.
      const startup = container.spec.startupProbe;
      if (timing.initialDelaySeconds > LONG_DELAY && (startup === undefined || startup === null)) {
        report({
          at: [...base, 'initialDelaySeconds'],
          messageId: 'longInitialDelay',
          data: { ...data, delay: timing.initialDelaySeconds },
          severity: 'info',
          suggest: [startupFix(workload, container, handler.type, timing.initialDelaySeconds)],
        });
      }
    }
  },
});

/**
 * RULES.md R8 (d): `startupProbe: {<same handler>, failureThreshold: ceil(delay/10), periodSeconds: 10}` replaces
 * the delay. The application may then start faster than the old delay, and liveness takes over as soon as it has;
 * a change of behaviour, so it is offered in the editor only.
 */
function startupFix(workload: Workload, container: ContainerRef, type: string, delay: number): FixSpec {
  const failureThreshold = Math.ceil(delay / STARTUP_PERIOD);
  const liveness = container.spec.livenessProbe as Record<string, unknown>;
  return {
    messageId: 'useStartupProbe',
    data: { seconds: failureThreshold * STARTUP_PERIOD },
    apply: (fix) => {
      fix.remove(workload.resource, [...container.path, 'livenessProbe', 'initialDelaySeconds']);
      fix.replace(workload.resource, [...container.path, 'startupProbe'], {
        [type]: liveness[type],
        ...(typeof liveness.timeoutSeconds === 'number' ? { timeoutSeconds: liveness.timeoutSeconds } : {}),
        failureThreshold,
        periodSeconds: STARTUP_PERIOD,
      });
    },
  };
}

function label(container: ContainerRef): string {
  return container.name || `${container.type === 'app' ? 'containers' : 'initContainers'}[${container.index}]`;
}
