import type { Resource } from '../../server/src/engine/parse';
import { defineRule, type FixSpec, type Report } from '../../server/src/engine/rule-api';
import { get } from '../../server/src/engine/workload';
import type { Path } from '../../server/src/engine/yaml-path';
import { minPeriodSeconds, parseCron } from '../lib/cron';
import { EKS } from '../lib/docs';
import { joinInsertions } from '../lib/pod-security';

const DEFAULTS = { revisionHistoryLimit: 3, ttlSecondsAfterFinished: 3600, startingDeadlineSeconds: 300 };
/** The controllers' own defaults (and, for Deployments, the most history the rule accepts). */
const MAX_REVISIONS = 10;
const CRON_DEFAULTS = { successfulJobsHistoryLimit: 3, failedJobsHistoryLimit: 1 } as const;

const KINDS: Record<string, readonly string[]> = {
  Deployment: ['apps', 'extensions'],
  Rollout: ['argoproj.io'],
  Job: ['batch'],
  CronJob: ['batch'],
};

function option(options: Record<string, unknown>, key: keyof typeof DEFAULTS): number {
  const value = options[key];
  return typeof value === 'number' && Number.isInteger(value) ? value : DEFAULTS[key];
}

function wholeNumber(value: unknown): number | undefined {
  return typeof value === 'number' && Number.isInteger(value) ? value : undefined;
}

function annotation(resource: Resource, key: string): unknown {
  return get(resource.object, ['metadata', 'annotations', key]);
}

export default defineRule({
  meta: {
    id: 'history-limits-unset',
    category: 'scalability',
    severity: 'info',
    signal: 'strong',
    fixable: 'safe',
    kinds: Object.keys(KINDS),
    messages: {
      revisionsDefault:
        '{{kind}} "{{name}}" keeps the default 10 old ReplicaSets: each is an object that etcd stores and the controller manager tracks. Set revisionHistoryLimit (3 keeps enough to roll back).',
      revisionsHigh:
        '{{kind}} "{{name}}" keeps {{value}} old ReplicaSets (revisionHistoryLimit): each is an object that etcd stores and the controller manager tracks. Keep 10 or fewer.',
      jobTtl:
        'Job "{{name}}" sets no ttlSecondsAfterFinished: the finished Job and its pods stay in etcd until someone deletes them. Let the TTL controller clean it up.',
      cronHistory:
        'CronJob "{{name}}" keeps {{value}} {{which}} Jobs ({{field}}, default {{default}}): each finished Job and its pods stay in etcd.',
      startingDeadline:
        'CronJob "{{name}}" sets no startingDeadlineSeconds: after a control-plane or controller outage every such CronJob starts a catch-up Job at once, a cluster-wide herd during recovery, and after more than 100 missed schedules it stops starting Jobs (TooManyMissedTimes).',
      setRevisions: 'Set revisionHistoryLimit: {{value}}',
      setTtl: 'Add ttlSecondsAfterFinished: {{value}}',
      setCronHistory: 'Set {{field}}: {{value}}',
      setDeadline: 'Add startingDeadlineSeconds: {{value}}',
      setDeadlineForbid: 'Add startingDeadlineSeconds: {{value}} and concurrencyPolicy: Forbid',
    },
    docs: {
      description:
        'Deployments, Jobs and CronJobs should bound the old objects they leave behind, and CronJobs should not all start catch-up Jobs at once after an outage.',
      source: { title: 'EKS Best Practices: Scalability › Workloads › Limit Deployment history', url: `${EKS}/scale-workloads.html` },
    },
    options: {
      type: 'object',
      additionalProperties: false,
      properties: {
        revisionHistoryLimit: {
          description: 'The revisionHistoryLimit the fix writes on Deployments and Rollouts.',
          type: 'integer',
          minimum: 0,
          maximum: MAX_REVISIONS,
          default: DEFAULTS.revisionHistoryLimit,
        },
        ttlSecondsAfterFinished: {
          description: 'The ttlSecondsAfterFinished the quick-fix writes on standalone Jobs.',
          type: 'integer',
          minimum: 0,
          default: DEFAULTS.ttlSecondsAfterFinished,
        },
        startingDeadlineSeconds: {
          description: "The startingDeadlineSeconds the quick-fix writes on CronJobs, lowered to the schedule's shortest period.",
          type: 'integer',
          minimum: 10,
          default: DEFAULTS.startingDeadlineSeconds,
        },
      },
    },
  },
  check({ resource, options, report }) {
    if (!KINDS[resource.kind]?.includes(resource.group)) return;
    const { kind } = resource;
    if (kind === 'Deployment' || kind === 'Rollout') checkRevisions(resource, option(options, 'revisionHistoryLimit'), report);
    else if (kind === 'Job') checkJob(resource, option(options, 'ttlSecondsAfterFinished'), report);
    else checkCronJob(resource, option(options, 'startingDeadlineSeconds'), report);
  },
});

type ReportFn = (report: Report) => void;

function checkRevisions(resource: Resource, value: number, report: ReportFn): void {
  const path: Path = ['spec', 'revisionHistoryLimit'];
  const current = get(resource.object, path);
  const data = { kind: resource.kind, name: resource.name || '(unnamed)', value };
  const fix: FixSpec = { messageId: 'setRevisions', data: { value }, apply: (f) => f.set(resource, path, value) };
  if (current === undefined || current === null) {
    report({ at: path, messageId: 'revisionsDefault', data, fix });
    return;
  }
  const limit = wholeNumber(current);
  // Lowering a number someone chose is a decision: offered in the editor, never applied by --fix.
  if (limit !== undefined && limit > MAX_REVISIONS) {
    report({ at: path, on: 'value', messageId: 'revisionsHigh', data: { ...data, value: limit }, suggest: [{ ...fix }] });
  }
}

function checkJob(resource: Resource, ttl: number, report: ReportFn): void {
  const owners = get(resource.object, ['metadata', 'ownerReferences']);
  if (Array.isArray(owners) && owners.length > 0) return;
  // Helm and Argo CD hooks are deleted by their tools (hook-delete-policy; Helm's default replaces the last one).
  if (annotation(resource, 'helm.sh/hook') !== undefined || annotation(resource, 'argocd.argoproj.io/hook-delete-policy') !== undefined) return;
  const path: Path = ['spec', 'ttlSecondsAfterFinished'];
  if (get(resource.object, path) !== undefined) return;
  report({
    at: path,
    messageId: 'jobTtl',
    data: { name: resource.name || '(unnamed)' },
    // Not safe: a GitOps tool that finds the Job gone creates it again, and the Job runs again.
    suggest: [{ messageId: 'setTtl', data: { value: ttl }, apply: (f) => f.ensure(resource, path, ttl) }],
  });
}

function checkCronJob(resource: Resource, deadline: number, report: ReportFn): void {
  const name = resource.name || '(unnamed)';
  for (const [field, which] of [
    ['successfulJobsHistoryLimit', 'successful'],
    ['failedJobsHistoryLimit', 'failed'],
  ] as const) {
    const path: Path = ['spec', field];
    const value = wholeNumber(get(resource.object, path));
    const fallback = CRON_DEFAULTS[field];
    if (value === undefined || value <= fallback) continue;
    report({
      at: path,
      on: 'value',
      messageId: 'cronHistory',
      data: { name, value, which, field, default: fallback },
      suggest: [{ messageId: 'setCronHistory', data: { field, value: fallback }, apply: (f) => f.set(resource, path, fallback) }],
    });
  }
  const path: Path = ['spec', 'startingDeadlineSeconds'];
  if (get(resource.object, path) !== undefined) return;
  const schedule = get(resource.object, ['spec', 'schedule']);
  const parsed = typeof schedule === 'string' ? parseCron(schedule) : undefined;
  const suggest: FixSpec[] = [];
  if (parsed) {
    // No longer than the period, and never below the controller's 10-second sync, below which it may never start.
    const value = Math.max(10, Math.min(deadline, minPeriodSeconds(parsed)));
    suggest.push({ messageId: 'setDeadline', data: { value }, apply: (f) => f.ensure(resource, path, value) });
    const policy = get(resource.object, ['spec', 'concurrencyPolicy']);
    if (policy === undefined || policy === 'Allow') {
      suggest.push({
        messageId: 'setDeadlineForbid',
        data: { value },
        apply: (f) => {
          f.ensure(resource, path, value);
          f.set(resource, ['spec', 'concurrencyPolicy'], 'Forbid');
          joinInsertions(f);
        },
      });
    }
  }
  // The schedule is what the deadline is measured against: the finding points at it when it is there.
  report({ at: schedule === undefined ? path : ['spec', 'schedule'], messageId: 'startingDeadline', data: { name }, suggest });
}
