import type { Resource } from '../../server/src/engine/parse';
import { defineRule, type FixSpec } from '../../server/src/engine/rule-api';
import { LONG_RUNNING_KINDS, type ContainerRef } from '../../server/src/engine/workload';
import { EKS } from '../lib/docs';
import { DEFAULT_SHUTDOWN_BUDGET, delaySeverity, graceFor, gracePeriod, type PreStopDelay, preStopDelay } from '../lib/lifecycle';

/** Beyond this, a grace period is a typo or a placeholder, not a plan (the API takes an int64). */
const MAX_GRACE = 86_400;

export default defineRule({
  meta: {
    id: 'prestop-exceeds-grace-period',
    category: 'reliability',
    severity: 'error',
    signal: 'strong',
    fixable: 'safe',
    kinds: LONG_RUNNING_KINDS,
    messages: {
      exceeds:
        'Container "{{container}}" of {{kind}} "{{name}}" waits {{delay}}s in its preStop hook, but the grace period is {{grace}}s{{defaulted}}: the grace period starts with the hook, so the container is killed before SIGTERM can start a graceful shutdown.',
      tight:
        'Container "{{container}}" of {{kind}} "{{name}}" waits {{delay}}s in its preStop hook out of a {{grace}}s grace period{{defaulted}}: only {{left}}s remain after SIGTERM before the kubelet kills it, so a slow shutdown drops in-flight work.',
      zeroGrace:
        '{{kind}} "{{name}}" sets terminationGracePeriodSeconds: 0 while Service "{{service}}" sends it traffic: its containers are killed without time to finish in-flight requests on every rollout, scale-in and drain.',
      raiseGrace: 'Set terminationGracePeriodSeconds to {{grace}} (the preStop delay and at least {{budget}}s for shutdown)',
      shortenDelay: 'Shorten the preStop delay to {{delay}}s',
      removeZeroGrace: 'Remove terminationGracePeriodSeconds: 0 (back to the default of 30s)',
    },
    docs: {
      description:
        'A preStop delay must leave time within terminationGracePeriodSeconds for the application to shut down after SIGTERM.',
      source: {
        title: 'EKS Best Practices: Reliability › Applications › Dealing with disruptions',
        url: `${EKS}/application.html`,
      },
    },
    options: {
      type: 'object',
      properties: {
        shutdownBudgetSeconds: {
          description: 'Seconds the fix leaves the application after the preStop delay (terminationGracePeriodSeconds = delay + budget).',
          type: 'integer',
          minimum: 1,
          default: DEFAULT_SHUTDOWN_BUDGET,
        },
      },
      additionalProperties: false,
    },
  },
  check({ workload, relations, options, report }) {
    if (!workload || !workload.longRunning || workload.helmHook) return;
    const budget = typeof options.shutdownBudgetSeconds === 'number' ? options.shutdownBudgetSeconds : DEFAULT_SHUTDOWN_BUDGET;
    const grace = gracePeriod(workload);
    const { kind } = workload;
    const { name } = workload.resource;
    const defaulted = grace.explicit ? '' : ' (the default)';

    // Regular init containers finish before the pod runs; they have no preStop hook.
    const delayed = workload.containers
      .filter((container) => container.type !== 'init')
      .flatMap((container) => {
        const delay = preStopDelay(container);
        return delay ? [{ container, delay }] : [];
      });
    // One grace period covers every container: the fix gives it room for the longest delay.
    const longest = Math.max(0, ...delayed.map((d) => d.delay.seconds));
    const raised = graceFor(longest, budget);
    const raise: FixSpec | undefined =
      raised <= MAX_GRACE
        ? { messageId: 'raiseGrace', data: { grace: raised, budget }, apply: (fix) => fix.set(workload.resource, grace.path, raised) }
        : undefined;

    let reported = false;
    for (const { container, delay } of delayed) {
      const severity = delaySeverity(delay.seconds, grace.seconds);
      if (!severity) continue;
      reported = true;
      report({
        at: [...container.path, 'lifecycle', 'preStop'],
        messageId: severity === 'error' ? 'exceeds' : 'tight',
        data: {
          container: label(container),
          kind,
          name,
          delay: delay.seconds,
          grace: grace.seconds,
          defaulted,
          left: grace.seconds - delay.seconds,
        },
        severity,
        fix: raise,
        suggest: shorten(delay, grace.seconds, workload.resource),
      });
    }

    if (reported || !grace.explicit || grace.seconds !== 0) return;
    const services = relations.servicesSelecting(workload);
    if (services.length === 0) return;
    report({
      at: grace.path,
      messageId: 'zeroGrace',
      data: { kind, name, service: services[0]!.name },
      severity: 'warning',
      suggest: [{ messageId: 'removeZeroGrace', apply: (fix) => fix.remove(workload.resource, grace.path) }],
      related: services.map((service) => ({
        resource: service,
        at: ['spec', 'selector'],
        message: `Service "${service.name}" selects these pods and sends them traffic`,
      })),
    });
  },
});

/** Half the grace period for the delay leaves the other half for the application; editor-only, it is a trade-off. */
function shorten(delay: PreStopDelay, grace: number, resource: Resource): FixSpec[] {
  const seconds = Math.floor(grace / 2);
  const edit = delay.shorten;
  if (!edit || seconds < 1 || seconds >= delay.seconds) return [];
  return [{ messageId: 'shortenDelay', data: { delay: seconds }, apply: (fix) => fix.set(resource, edit.path, edit.text(seconds)) }];
}

function label(container: ContainerRef): string {
  return container.name || `${container.type === 'app' ? 'containers' : 'initContainers'}[${container.index}]`;
}
