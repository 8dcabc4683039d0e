import { defineRule, type FixSpec, type Severity } from '../../server/src/engine/rule-api';
import { serviceSelector } from '../../server/src/engine/relations';
import type { Workload } from '../../server/src/engine/workload';
import { EKS } from '../lib/docs';
import { WEBHOOK_KINDS, type Webhook, webhooksOf } from '../lib/webhooks';
import { bundleFor, gapsOf, servingContainer } from './backend';

export default defineRule({
  meta: {
    id: 'webhook-backend-not-ha',
    category: 'static-stability',
    severity: 'error',
    signal: 'strong',
    fixable: 'unsafe',
    kinds: [...WEBHOOK_KINDS],
    messages: {
      notHa:
        '{{kind}} "{{name}}", the backend of {{webhooks}}, is not highly available ({{gaps}}): when its pods are down (a node drain, a node or zone loss), {{impact}}.',
      serviceMissing:
        'Service "{{namespace}}/{{service}}", the backend of {{webhooks}}, is not defined in the project: unless it is created elsewhere, the webhook cannot be reached and {{impact}}.',
      serviceMissingPartial:
        'Service "{{namespace}}/{{service}}", the backend of {{webhooks}}, was not found in the workspace (manifestSet: partial, so it may live elsewhere): its availability cannot be checked.',
      noBackend:
        'Service "{{namespace}}/{{service}}", the backend of {{webhooks}}, selects no workload in the project: unless its pods come from elsewhere (an operator), {{impact}}.',
      noBackendPartial:
        'Service "{{namespace}}/{{service}}", the backend of {{webhooks}}, selects no workload found in the workspace (manifestSet: partial, so it may live elsewhere): its availability cannot be checked.',
      noPriorityClass:
        '{{kind}} "{{name}}", the backend of {{webhooks}}, has no priorityClassName: after a capacity loss its pods queue behind ordinary workloads, while every request that needs the webhook waits for them.',
      makeHa: 'Make {{name}} highly available ({{changes}})',
    },
    docs: {
      description:
        'The workload behind an admission webhook needs several replicas, a PodDisruptionBudget, zone spread and a readiness probe: the API server depends on it.',
      source: {
        title: 'EKS Best Practices: Scalability › Workloads › Limit dynamic admission webhooks per resource',
        url: `${EKS}/scale-workloads.html`,
      },
    },
    options: {
      type: 'object',
      additionalProperties: false,
      properties: {
        priorityClass: {
          description: 'Report (info) webhook backends that set no priorityClassName.',
          type: 'boolean',
          default: true,
        },
      },
    },
  },
  check({ resource, relations, settings, options, report }) {
    const partial = settings.manifestSet === 'partial';
    // The webhooks of one configuration that share a backend Service get one finding.
    const groups = new Map<string, Webhook[]>();
    for (const webhook of webhooksOf(resource)) {
      if (!webhook.service || webhook.url !== undefined) continue;
      const key = `${webhook.service.namespace}/${webhook.service.name}`;
      groups.set(key, [...(groups.get(key) ?? []), webhook]);
    }
    for (const group of groups.values()) {
      const first = group[0]!;
      const ref = first.service!;
      const failClosed = group.some((webhook) => webhook.failurePolicy === 'Fail');
      const severity: Severity = failClosed ? 'error' : 'warning';
      const impact = failClosed
        ? 'the API server rejects every request the webhook matches'
        : 'every request the webhook matches waits for its timeout and skips its checks';
      const webhooks = describeWebhooks(group);
      const at = [...first.path, 'clientConfig', 'service'];
      const refData = { namespace: ref.namespace, service: ref.name, webhooks, impact };

      const service = relations.service(ref.namespace, ref.name);
      if (!service) {
        report({ at, messageId: partial ? 'serviceMissingPartial' : 'serviceMissing', data: refData, severity, ...(partial ? { maxSeverity: 'info' as const } : {}) });
        continue;
      }
      // Without a selector the Endpoints are managed by hand (or the Service is ExternalName): nothing to resolve.
      if (!serviceSelector(service)) continue;
      const backends = distinct(relations.workloadsBehind(service).filter((workload) => workload.longRunning), resource.file);
      if (backends.length === 0) {
        report({
          at,
          messageId: partial ? 'noBackendPartial' : 'noBackend',
          data: refData,
          // The pods may come from an operator or a custom resource: never more than a warning.
          severity: 'warning',
          ...(partial ? { maxSeverity: 'info' as const } : {}),
          related: [{ resource: service, at: ['spec', 'selector'], message: `Service "${service.name}" selects no workload of the project` }],
        });
        continue;
      }
      for (const backend of backends) {
        const namespace = relations.namespaceOf(backend.resource);
        const data = { kind: backend.kind, name: backend.resource.name, webhooks };
        const related = [
          { resource: backend.resource, at: ['metadata', 'name'], message: `${backend.kind} "${backend.resource.name}" serves ${webhooks}` },
        ];
        const serving = servingContainer(backend, service, ref.port);
        const gaps = gapsOf(backend, serving, relations, settings, namespace);
        if (gaps.length > 0) {
          const bundle = bundleFor(backend, gaps, serving, relations, settings, namespace);
          const suggest: FixSpec[] = bundle
            ? [{ messageId: 'makeHa', data: { name: backend.resource.name, changes: bundle.changes.join(', ') }, apply: bundle.apply }]
            : [];
          const onlyNotFound = gaps.every((gap) => gap.notFound);
          report({
            at,
            messageId: 'notHa',
            data: { ...data, gaps: gaps.map((gap) => gap.text).join(', '), impact },
            severity,
            ...(partial && onlyNotFound ? { maxSeverity: 'info' as const } : {}),
            related,
            suggest,
          });
        }
        const priorityClassName = backend.podSpec.priorityClassName;
        if (options.priorityClass !== false && (typeof priorityClassName !== 'string' || priorityClassName === '')) {
          report({ at, messageId: 'noPriorityClass', data, severity: 'info', related });
        }
      }
    }
  },
});

/** `webhook "a"`, `webhooks "a" and "b"`, `webhooks "a", "b" and "c"`. */
function describeWebhooks(webhooks: readonly Webhook[]): string {
  const names = webhooks.map((webhook) => `"${webhook.name || `#${webhook.index + 1}`}"`);
  if (names.length === 1) return `webhook ${names[0]}`;
  return `webhooks ${names.slice(0, -1).join(', ')} and ${names[names.length - 1]}`;
}

/**
 * Copies of one workload (same kind, name and namespace: overlays, per-environment renderings) are one backend:
 * the copy in the webhook's own file is kept, else the first.
 */
function distinct(workloads: readonly Workload[], file: string): Workload[] {
  const kept = new Map<string, Workload>();
  for (const workload of workloads) {
    const key = `${workload.kind}\u0000${workload.resource.name}`;
    const previous = kept.get(key);
    if (!previous || (workload.resource.file === file && previous.resource.file !== file)) kept.set(key, workload);
  }
  return [...kept.values()];
}
