import type { Resource } from '../../server/src/engine/parse';
import type { Relations } from '../../server/src/engine/relations';
import { defineRule, type Report, type Related } from '../../server/src/engine/rule-api';
import { matches } from '../../server/src/engine/selectors';
import { get, REPLICATED_KINDS, type Workload } from '../../server/src/engine/workload';
import { autoscalerType, findTargetObject, rivalAutoscalers, targetRefOf, targetWorkloads } from '../lib/autoscalers';
import { K8S } from '../lib/docs';
import { distinctObjects, isHelmHook, removeKeepingComment, sameObject } from '../lib/documents';

const HPA_DOCS = `${K8S}/tasks/run-application/horizontal-pod-autoscale/`;

type Reporter = (report: Report) => void;

export default defineRule({
  meta: {
    id: 'hpa-replicas-conflict',
    category: 'reliability',
    severity: 'warning',
    signal: 'strong',
    fixable: 'unsafe',
    kinds: [...REPLICATED_KINDS, 'HorizontalPodAutoscaler', 'ScaledObject'],
    messages: {
      replicasWithAutoscaler:
        '{{kind}} "{{name}}" sets spec.replicas while {{autoscaler}} scales it: every apply of this manifest (kubectl apply, Argo CD, Flux) resets the running replica count to {{replicas}}, undoing the autoscaler until it scales again.',
      disabledByZero:
        '{{kind}} "{{name}}" sets replicas: 0 while {{autoscaler}} targets it: the HPA is disabled while the workload is at 0 (implicit maintenance mode) and only resumes once something scales it up again.',
      multipleAutoscalers:
        '{{self}} and {{others}} {{all}} scale {{target}}: the HPA controller refuses a workload that several autoscalers target (ScalingActive=False, reason AmbiguousSelector), so it stops autoscaling altogether.',
      overlappingSelectors:
        '{{self}} scales {{target}}, whose selector also matches the pods of {{pods}}, which {{other}} scales too: the HPA controller refuses pods that several autoscalers control (ScalingActive=False, reason AmbiguousSelector), so both stop autoscaling.',
      targetNotFound:
        '{{self}} scales {{target}}, which is not in the project: an autoscaler whose target does not exist does nothing (FailedGetScale).',
      targetNotFoundPartial:
        '{{self}} scales {{target}}, which was not found in the workspace (manifestSet: partial, so it may live elsewhere).',
      targetNotScalable:
        '{{self}} targets {{target}}, which has no scale subresource: the autoscaler can never scale it (FailedGetScale).',
      removeReplicas:
        'Remove spec.replicas and let {{autoscaler}} own it (with client-side kubectl apply, first drop it from the last-applied annotation with `kubectl apply edit-last-applied` or switch to server-side apply, or the workload scales down to 1 once)',
    },
    docs: {
      description: 'An autoscaled workload must leave spec.replicas to its one autoscaler, and an autoscaler must target a workload that exists.',
      source: {
        title: 'Kubernetes: Horizontal Pod Autoscaling › Migrating Deployments and StatefulSets to horizontal autoscaling',
        url: HPA_DOCS,
      },
    },
  },
  check({ resource, workload, relations, settings, report }) {
    if (isHelmHook(resource)) return;
    if (autoscalerType(resource)) {
      checkAutoscaler(resource, relations, settings.manifestSet === 'partial', report);
      return;
    }
    if (workload?.scalable && !workload.helmHook) checkWorkload(workload, relations, report);
  },
});

/** (a) and (d): the workload writes `spec.replicas` although an autoscaler owns it. */
function checkWorkload(workload: Workload, relations: Relations, report: Reporter): void {
  const replicas = get(workload.resource.object, ['spec', 'replicas']);
  if (replicas === undefined || replicas === null) return;
  const hpas = relations.hpasTargeting(workload).filter((hpa) => !isHelmHook(hpa));
  const scaledObjects = relations.scaledObjectsTargeting(workload).filter((so) => !isHelmHook(so));
  const autoscalers = distinctObjects([...hpas, ...scaledObjects], (autoscaler) => autoscaler);
  if (autoscalers.length === 0) return;
  const { kind } = workload;
  const { name } = workload.resource;
  const related: Related[] = autoscalers.map((autoscaler) => ({
    resource: autoscaler,
    at: ['spec', 'scaleTargetRef'],
    message: `${autoscaler.kind} "${autoscaler.name}" scales ${kind} "${name}".`,
  }));

  if (replicas === 0) {
    // KEDA scales a workload up from 0 itself: `replicas: 0` is how scale-to-zero workers are written.
    if (hpas.length === 0) return;
    report({
      at: ['spec', 'replicas'],
      messageId: 'disabledByZero',
      data: { kind, name, autoscaler: describe(hpas[0]!) },
      severity: 'info',
      related,
    });
    return;
  }
  const autoscaler = describe(autoscalers[0]!);
  report({
    at: ['spec', 'replicas'],
    messageId: 'replicasWithAutoscaler',
    data: { kind, name, autoscaler, replicas: String(replicas) },
    related,
    suggest: [{ messageId: 'removeReplicas', data: { autoscaler }, apply: (fix) => removeKeepingComment(fix, workload.resource, ['spec', 'replicas'], relations) }],
  });
}

/** (b) and (c): several autoscalers for one target, or a target that is not there. */
function checkAutoscaler(autoscaler: Resource, relations: Relations, partial: boolean, report: Reporter): void {
  const ref = targetRefOf(autoscaler);
  if (!ref?.kind || !ref.name) return; // The API rejects a reference without kind or name.
  const self = describe(autoscaler);
  const target = `${ref.kind} "${ref.name}"`;

  const rivals = rivalAutoscalers(autoscaler, relations);
  if (rivals.length > 0) {
    report({
      at: ['spec', 'scaleTargetRef'],
      messageId: 'multipleAutoscalers',
      data: { self, others: rivals.map(describe).join(', '), all: rivals.length > 1 ? 'all' : 'both', target },
      severity: 'error',
      related: rivals.map((rival) => ({ resource: rival, at: ['spec', 'scaleTargetRef'], message: `${describe(rival)} also scales ${target}.` })),
    });
  }

  if (rivals.length === 0) reportOverlappingSelectors(autoscaler, self, target, relations, report);

  const found = findTargetObject(autoscaler, ref, relations);
  if (!found) {
    report({
      at: ['spec', 'scaleTargetRef', 'name'],
      on: 'value',
      messageId: partial ? 'targetNotFoundPartial' : 'targetNotFound',
      data: { self, target },
      ...(partial ? { maxSeverity: 'info' as const } : {}),
    });
    return;
  }
  const workload = relations.workload(found);
  if (workload && !workload.scalable) {
    report({
      at: ['spec', 'scaleTargetRef', 'kind'],
      on: 'value',
      messageId: 'targetNotScalable',
      data: { self, target },
      related: [{ resource: found, at: ['kind'], message: `${target} is defined here.` }],
    });
  }
}

/**
 * kubernetes/kubernetes#112011 checks pods, not references: two autoscalers of two workloads conflict when the
 * selector of one workload also matches the pods of the other (a canary whose labels the main selector matches).
 */
function reportOverlappingSelectors(autoscaler: Resource, self: string, target: string, relations: Relations, report: Reporter): void {
  const mine = targetWorkloads(autoscaler, relations).find((workload) => workload.scalable);
  if (!mine?.selector) return;
  const bucket = relations.bucket(relations.namespaceOf(autoscaler));
  for (const other of [...bucket.hpas, ...bucket.scaledObjects]) {
    if (sameObject(other, autoscaler) || isHelmHook(other)) continue;
    const theirs = targetWorkloads(other, relations).find((workload) => workload.scalable);
    if (!theirs?.selector || sameObject(theirs.resource, mine.resource)) continue;
    const shared = bucket.workloads.find(
      (workload) => matches(mine.selector, workload.templateLabels) && matches(theirs.selector, workload.templateLabels),
    );
    if (!shared) continue;
    report({
      at: ['spec', 'scaleTargetRef'],
      messageId: 'overlappingSelectors',
      data: { self, target, pods: `${shared.kind} "${shared.resource.name}"`, other: describe(other) },
      severity: 'error',
      related: [
        { resource: other, at: ['spec', 'scaleTargetRef'], message: `${describe(other)} scales ${theirs.kind} "${theirs.resource.name}".` },
        { resource: mine.resource, at: mine.selectorPath, message: `The selector of ${mine.kind} "${mine.resource.name}".` },
      ],
    });
    return;
  }
}

function describe(autoscaler: Resource): string {
  return `${autoscaler.kind} "${autoscaler.name}"`;
}
