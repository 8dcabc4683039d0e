import { FixNotPossible } from '../../server/src/engine/fix-builder';
import { isObject } from '../../server/src/engine/parse';
import { defineRule, type FixSpec, type Related } from '../../server/src/engine/rule-api';
import { get, type ContainerRef, type Workload } from '../../server/src/engine/workload';
import { hasRequest, limitRangeDefaulting, metricContainers, PLACEHOLDER_REQUESTS, targetWorkloads, type UtilizationMetric, utilizationMetrics } from '../lib/autoscalers';
import { K8S } from '../lib/docs';
import { isHelmHook } from '../lib/documents';

export default defineRule({
  meta: {
    id: 'hpa-metric-without-requests',
    category: 'reliability',
    severity: 'error',
    signal: 'strong',
    fixable: 'unsafe',
    kinds: ['HorizontalPodAutoscaler', 'ScaledObject'],
    messages: {
      missingRequest:
        '{{self}} scales {{kind}} "{{target}}" on {{metric}}, but {{containers}} {{verb}} no {{resource}} request: utilization is a percentage of the requests, so it is undefined and this metric never scales the workload.',
      missingRequestDefaulted:
        '{{self}} scales {{kind}} "{{target}}" on {{metric}}, but {{containers}} {{verb}} no {{resource}} request: LimitRange "{{limitRange}}" fills in a default request, so the metric works, measured against a request nobody sized for this workload.',
      noSuchContainer:
        '{{self}} scales on the {{resource}} utilization of container "{{container}}", which {{kind}} "{{target}}" does not have: the metric is never computed and never scales the workload.',
      addRequest: 'Add resources.requests.{{resource}}: {{value}} to {{containers}} (a placeholder: size it from observed usage)',
    },
    docs: {
      description: 'An autoscaler that scales on CPU or memory utilization needs requests for that resource on every container it measures.',
      source: {
        title: 'Kubernetes: Horizontal Pod Autoscaling › How does a HorizontalPodAutoscaler work?',
        url: `${K8S}/tasks/run-application/horizontal-pod-autoscale/`,
      },
    },
  },
  check({ resource, relations, namespace, settings, report }) {
    if (isHelmHook(resource)) return;
    const metrics = utilizationMetrics(resource);
    if (metrics.length === 0) return;
    const workload = targetWorkloads(resource, relations)[0];
    if (!workload || !workload.longRunning) return;
    const self = `${resource.kind} "${resource.name}"`;
    const target = { kind: workload.kind, target: workload.resource.name };
    const partial = settings.manifestSet === 'partial';

    for (const metric of metrics) {
      const measured = metricContainers(workload).filter((container) => metric.container === undefined || container.name === metric.container);
      if (metric.container !== undefined && measured.length === 0) {
        report({
          at: metric.at,
          on: metric.on,
          messageId: 'noSuchContainer',
          data: { self, resource: metric.resource, container: metric.container, ...target },
        });
        continue;
      }
      const missing = measured.filter((container) => !hasRequest(container.spec, metric.resource));
      if (missing.length === 0) continue;
      const limitRange = limitRangeDefaulting(namespace, metric.resource, relations);
      const containers = describeContainers(missing);
      const related: Related[] = missing.map((container) => ({
        resource: workload.resource,
        at: [...container.path, 'name'],
        message: `Container "${container.name}" has no ${metric.resource} request.`,
      }));
      if (limitRange) {
        related.push({ resource: limitRange, at: ['spec', 'limits'], message: `LimitRange "${limitRange.name}" gives containers a default ${metric.resource} request.` });
      }
      report({
        at: metric.at,
        on: metric.on,
        messageId: limitRange ? 'missingRequestDefaulted' : 'missingRequest',
        data: {
          self,
          ...target,
          metric: describeMetric(metric),
          resource: metric.resource,
          containers,
          verb: missing.length === 1 ? 'sets' : 'set',
          ...(limitRange ? { limitRange: limitRange.name } : {}),
        },
        ...(limitRange ? { severity: 'info' as const } : {}),
        // A LimitRange from outside the repository may fill the request in: not certain enough for an error.
        ...(partial ? { maxSeverity: 'warning' as const } : {}),
        related,
        suggest: addRequests(workload, missing, metric.resource, containers),
      });
    }
  },
});

function describeMetric(metric: UtilizationMetric): string {
  const name = metric.resource === 'cpu' ? 'CPU' : metric.resource;
  if (metric.defaulted) return `${name} utilization (the default metric of an HPA that lists none)`;
  return metric.container !== undefined ? `the ${name} utilization of container "${metric.container}"` : `${name} utilization`;
}

function describeContainers(containers: readonly ContainerRef[]): string {
  const names = containers.map((container) => `"${container.name}"`);
  if (names.length === 1) return `container ${names[0]}`;
  return `containers ${names.slice(0, -1).join(', ')} and ${names[names.length - 1]}`;
}

/** Inserts the placeholder request into each container; a request written as 0 is replaced. */
function addRequests(workload: Workload, containers: readonly ContainerRef[], resource: string, names: string): FixSpec[] {
  const value = PLACEHOLDER_REQUESTS[resource];
  if (!value) return [];
  return [
    {
      messageId: 'addRequest',
      data: { resource, value, containers: names },
      apply: (fix) => {
        for (const container of containers) {
          const requests = get(container.spec, ['resources', 'requests']);
          if (requests !== undefined && requests !== null && !isObject(requests)) throw new FixNotPossible('requests is not a map');
          fix.set(workload.resource, [...container.path, 'resources', 'requests', resource], value);
        }
      },
    },
  ];
}
