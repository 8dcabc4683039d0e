import { defineRule } from '../../server/src/engine/rule-api';
import { get } from '../../server/src/engine/workload';
import { targetRefOf, targetWorkloads } from '../lib/autoscalers';
import { EKS } from '../lib/docs';
import { isHelmHook } from '../lib/documents';

export default defineRule({
  meta: {
    id: 'hpa-min-replicas-low',
    category: 'reliability',
    severity: 'warning',
    signal: 'strong',
    fixable: 'unsafe',
    kinds: ['HorizontalPodAutoscaler'],
    messages: {
      low: 'HorizontalPodAutoscaler "{{name}}" lets {{target}} scale down to {{count}} (minReplicas: {{replicas}}): at minimum scale a node drain, a node failure or a zone outage takes it down until a replacement pod is ready.',
      lowDefault:
        'HorizontalPodAutoscaler "{{name}}" sets no minReplicas, which defaults to 1: at minimum scale {{target}} runs one pod, and a node drain, a node failure or a zone outage takes it down until a replacement pod is ready.',
      fixedScale:
        'HorizontalPodAutoscaler "{{name}}" has minReplicas equal to maxReplicas ({{replicas}}): it never scales, so it only adds a moving part. Allow a range, or delete it and set the replicas on the workload.',
      setMin: 'Set minReplicas to {{replicas}}',
      setMinAndMax: 'Set minReplicas and maxReplicas to {{replicas}}',
    },
    docs: {
      description: 'A HorizontalPodAutoscaler must not scale its workload down to a single replica.',
      source: { title: 'EKS Best Practices: Reliability › Applications › Run multiple replicas', url: `${EKS}/application.html` },
    },
  },
  check({ resource, relations, settings, report }) {
    if (resource.group !== 'autoscaling' || isHelmHook(resource)) return;
    const written = get(resource.object, ['spec', 'minReplicas']);
    const hasMin = written !== undefined && written !== null;
    // `minReplicas: "2"` is rejected by the API: nothing to reason about.
    if (hasMin && (typeof written !== 'number' || !Number.isInteger(written))) return;
    const min = hasMin ? (written as number) : 1;
    const maxValue = get(resource.object, ['spec', 'maxReplicas']);
    const max = typeof maxValue === 'number' && Number.isInteger(maxValue) ? maxValue : undefined;
    const name = resource.name;

    if (min >= 2) {
      if (max === min) report({ at: ['spec', 'maxReplicas'], messageId: 'fixedScale', data: { name, replicas: min }, severity: 'info' });
      return;
    }
    // When the target is in the project, workload-single-replica reports this once, on the workload.
    if (targetWorkloads(resource, relations).length > 0) return;

    const ref = targetRefOf(resource);
    const target = ref?.kind && ref.name ? `${ref.kind} "${ref.name}"` : 'its target';
    const replicas = Math.max(2, settings.preferredReplicas ?? 2);
    const raiseMax = max !== undefined && max < replicas;
    report({
      at: ['spec', 'minReplicas'],
      messageId: hasMin ? 'low' : 'lowDefault',
      data: { name, target, replicas: min, count: `${min} ${min === 1 ? 'replica' : 'replicas'}` },
      suggest: [
        {
          messageId: raiseMax ? 'setMinAndMax' : 'setMin',
          data: { replicas },
          apply: (fix) => {
            fix.set(resource, ['spec', 'minReplicas'], replicas);
            // The API rejects a minimum above the maximum.
            if (raiseMax) fix.set(resource, ['spec', 'maxReplicas'], replicas);
          },
        },
      ],
    });
  },
});
