import { defineCases } from '../../test/support/rule-tester';

const deployment = `apiVersion: apps/v1
kind: Deployment
metadata:
  name: shop-api
spec:
  replicas: 2
  selector:
    matchLabels:
      app: shop-api
  template:
    metadata:
      labels:
        app: shop-api
    spec:
      containers:
        - name: api
          image: shop/api:1.2.3
`;

const job = (metadata = '') => `apiVersion: batch/v1
kind: Job
metadata:
  name: migrate-2024-06-01
${metadata}spec:
  template:
    spec:
      restartPolicy: Never
      containers:
        - name: migrate
          image: shop/migrate:1.2.3
`;

const cronJob = (schedule: string, extra = '') => `apiVersion: batch/v1
kind: CronJob
metadata:
  name: nightly-report
spec:
  schedule: ${schedule}
${extra}  jobTemplate:
    spec:
      template:
        spec:
          restartPolicy: OnFailure
          containers:
            - name: report
              image: shop/report:1.2.3
`;

/** The finding on a CronJob without startingDeadlineSeconds, with its two quick-fixes. */
const deadline = (schedule: string, value: number, extra = '') => ({
  messageId: 'startingDeadline',
  line: 6,
  column: 3,
  endLine: 6,
  endColumn: 11,
  severity: 'info' as const,
  output: null,
  suggestions: [
    { messageId: 'setDeadline', output: `${cronJob(schedule, extra)}  startingDeadlineSeconds: ${value}\n` },
    { messageId: 'setDeadlineForbid', output: `${cronJob(schedule, extra)}  startingDeadlineSeconds: ${value}\n  concurrencyPolicy: Forbid\n` },
  ],
});

export default defineCases({
  valid: [
    { name: 'a Deployment that keeps 3 revisions', code: deployment.replace('  replicas: 2\n', '  replicas: 2\n  revisionHistoryLimit: 3\n') },
    { name: 'an explicit 10 is a decision, not the default', code: deployment.replace('  replicas: 2\n', '  replicas: 2\n  revisionHistoryLimit: 10\n') },
    {
      name: 'StatefulSets and DaemonSets are out of scope',
      code: deployment.replace('kind: Deployment', 'kind: StatefulSet').replace('  replicas: 2\n', '  replicas: 2\n  serviceName: shop-api\n'),
    },
    { name: 'a Job with a TTL', code: job().replace('spec:\n  template:', 'spec:\n  ttlSecondsAfterFinished: 600\n  template:') },
    {
      name: 'a Job that a CronJob owns',
      code: job('  ownerReferences:\n    - apiVersion: batch/v1\n      kind: CronJob\n      name: nightly\n      uid: 0b0c5b2e-8a4e-4f4c-9a3e-1d2f3a4b5c6d\n'),
    },
    { name: 'a Helm hook Job: Helm deletes it', code: job('  annotations:\n    helm.sh/hook: pre-upgrade\n') },
    { name: 'an Argo CD hook with a delete policy', code: job('  annotations:\n    argocd.argoproj.io/hook: PreSync\n    argocd.argoproj.io/hook-delete-policy: HookSucceeded\n') },
    {
      name: 'a CronJob with a starting deadline and the default history',
      code: cronJob('"0 2 * * *"', '  startingDeadlineSeconds: 300\n  successfulJobsHistoryLimit: 3\n  failedJobsHistoryLimit: 1\n'),
    },
    { name: 'a CronJob that keeps less history than the defaults', code: cronJob('"@daily"', '  startingDeadlineSeconds: 600\n  successfulJobsHistoryLimit: 1\n  failedJobsHistoryLimit: 0\n') },
  ],
  invalid: [
    {
      name: 'a Deployment with the default 10 revisions: --fix sets 3',
      code: deployment,
      errors: [
        { messageId: 'revisionsDefault', line: 5, column: 1, endLine: 5, endColumn: 5, severity: 'info', output: `${deployment}  revisionHistoryLimit: 3\n`, suggestions: [] },
      ],
    },
    {
      name: 'the value --fix writes is an option',
      code: deployment,
      config: { rules: { 'history-limits-unset': { options: { revisionHistoryLimit: 5 } } } },
      errors: [{ messageId: 'revisionsDefault', line: 5, column: 1, endLine: 5, endColumn: 5, output: `${deployment}  revisionHistoryLimit: 5\n` }],
    },
    {
      name: 'an empty revisionHistoryLimit is the default too',
      code: deployment.replace('  replicas: 2\n', '  replicas: 2\n  revisionHistoryLimit:\n'),
      errors: [
        {
          messageId: 'revisionsDefault',
          line: 7,
          column: 3,
          endLine: 7,
          endColumn: 23,
          output: deployment.replace('  replicas: 2\n', '  replicas: 2\n  revisionHistoryLimit: 3\n'),
        },
      ],
    },
    {
      name: 'more than 10 revisions: lowering it is offered, not applied',
      code: deployment.replace('  replicas: 2\n', '  replicas: 2\n  revisionHistoryLimit: 25 # keep a month of releases\n'),
      errors: [
        {
          messageId: 'revisionsHigh',
          line: 7,
          column: 25,
          endLine: 7,
          endColumn: 27,
          output: null,
          suggestions: [{ messageId: 'setRevisions', output: deployment.replace('  replicas: 2\n', '  replicas: 2\n  revisionHistoryLimit: 3 # keep a month of releases\n') }],
        },
      ],
    },
    {
      name: 'an Argo Rollout keeps ReplicaSets the same way',
      code: deployment.replace('apiVersion: apps/v1\nkind: Deployment', 'apiVersion: argoproj.io/v1alpha1\nkind: Rollout'),
      errors: [
        {
          messageId: 'revisionsDefault',
          line: 5,
          column: 1,
          endLine: 5,
          endColumn: 5,
          output: `${deployment.replace('apiVersion: apps/v1\nkind: Deployment', 'apiVersion: argoproj.io/v1alpha1\nkind: Rollout')}  revisionHistoryLimit: 3\n`,
        },
      ],
    },
    {
      name: 'a standalone Job without a TTL: offered, never applied (a GitOps tool would run it again)',
      code: job(),
      errors: [
        {
          messageId: 'jobTtl',
          line: 5,
          column: 1,
          endLine: 5,
          endColumn: 5,
          output: null,
          suggestions: [{ messageId: 'setTtl', output: `${job()}  ttlSecondsAfterFinished: 3600\n` }],
        },
      ],
    },
    {
      name: 'a Helm chart that is not a hook still needs a TTL',
      code: job('  labels:\n    app.kubernetes.io/managed-by: Helm\n'),
      errors: [
        {
          messageId: 'jobTtl',
          line: 7,
          column: 1,
          endLine: 7,
          endColumn: 5,
          suggestions: [{ messageId: 'setTtl', output: `${job('  labels:\n    app.kubernetes.io/managed-by: Helm\n')}  ttlSecondsAfterFinished: 3600\n` }],
        },
      ],
    },
    { name: 'a daily CronJob gets a 300-second deadline', code: cronJob('"0 2 * * *"'), errors: [deadline('"0 2 * * *"', 300)] },
    { name: '@hourly', code: cronJob('"@hourly"'), errors: [deadline('"@hourly"', 300)] },
    { name: 'every two minutes: the deadline is no longer than the period', code: cronJob("'*/2 * * * *'"), errors: [deadline("'*/2 * * * *'", 120)] },
    { name: 'two runs two minutes apart within each hour', code: cronJob('"5,7 * * * *"'), errors: [deadline('"5,7 * * * *"', 120)] },
    { name: 'runs at 23:59 and 00:01 are two minutes apart across midnight', code: cronJob('"1,59 0,23 * * *"'), errors: [deadline('"1,59 0,23 * * *"', 120)] },
    { name: '@every 90s', code: cronJob('"@every 1m30s"'), errors: [deadline('"@every 1m30s"', 90)] },
    { name: 'every minute', code: cronJob('"* * * * *"'), errors: [deadline('"* * * * *"', 60)] },
    { name: 'weekdays by name, every 5 minutes in a range', code: cronJob('"0-10/5 9 * * MON-FRI"'), errors: [deadline('"0-10/5 9 * * MON-FRI"', 300)] },
    { name: 'a step from a start (10/20: minutes 10, 30, 50)', code: cronJob('"10/20 * * * *"'), errors: [deadline('"10/20 * * * *"', 300)] },
    {
      name: 'an existing Forbid policy: only the deadline is offered',
      code: cronJob('"0 * * * *"', '  concurrencyPolicy: Forbid\n'),
      errors: [
        {
          ...deadline('"0 * * * *"', 300, '  concurrencyPolicy: Forbid\n'),
          suggestions: [{ messageId: 'setDeadline', output: `${cronJob('"0 * * * *"', '  concurrencyPolicy: Forbid\n')}  startingDeadlineSeconds: 300\n` }],
        },
      ],
    },
    {
      name: 'an explicit Allow policy is replaced by Forbid',
      code: cronJob('"0 * * * *"', '  concurrencyPolicy: Allow\n'),
      errors: [
        {
          ...deadline('"0 * * * *"', 300, '  concurrencyPolicy: Allow\n'),
          suggestions: [
            { messageId: 'setDeadline', output: `${cronJob('"0 * * * *"', '  concurrencyPolicy: Allow\n')}  startingDeadlineSeconds: 300\n` },
            { messageId: 'setDeadlineForbid', output: `${cronJob('"0 * * * *"', '  concurrencyPolicy: Forbid\n')}  startingDeadlineSeconds: 300\n` },
          ],
        },
      ],
    },
    {
      name: 'a schedule that cannot be read gets no quick-fix',
      code: cronJob('"every night"'),
      errors: [{ ...deadline('"every night"', 0), suggestions: [] }],
    },
    {
      name: 'history above the defaults, with the deadline missing too',
      code: cronJob('"0 2 * * *"', '  successfulJobsHistoryLimit: 10\n  failedJobsHistoryLimit: 5\n'),
      errors: [
        deadline('"0 2 * * *"', 300, '  successfulJobsHistoryLimit: 10\n  failedJobsHistoryLimit: 5\n'),
        {
          messageId: 'cronHistory',
          line: 7,
          column: 31,
          endLine: 7,
          endColumn: 33,
          output: null,
          suggestions: [{ messageId: 'setCronHistory', output: cronJob('"0 2 * * *"', '  successfulJobsHistoryLimit: 3\n  failedJobsHistoryLimit: 5\n') }],
        },
        {
          messageId: 'cronHistory',
          line: 8,
          column: 27,
          endLine: 8,
          endColumn: 28,
          output: null,
          suggestions: [{ messageId: 'setCronHistory', output: cronJob('"0 2 * * *"', '  successfulJobsHistoryLimit: 10\n  failedJobsHistoryLimit: 1\n') }],
        },
      ],
    },
  ],
});
