import { defineCases } from '../../test/support/rule-tester';

/** A Deployment whose pod spec starts with `podSpec` lines and whose one container ends with `container` lines. */
const deployment = (container: string, podSpec = '') => `apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
spec:
  replicas: 2
  selector:
    matchLabels:
      app: web
  template:
    metadata:
      labels:
        app: web
    spec:
${podSpec}      containers:
        - name: web
          image: shop/web:1.2.3
${container}`;

const sleepAction = (seconds: number | string) => `          lifecycle:
            preStop:
              sleep:
                seconds: ${seconds}
`;
const execHook = (command: string) => `          lifecycle:
            preStop:
              exec:
                command: ${command}
`;
const grace = (seconds: number) => `      terminationGracePeriodSeconds: ${seconds}\n`;

const service = `apiVersion: v1
kind: Service
metadata:
  name: web
spec:
  selector:
    app: web
  ports:
    - port: 80
      targetPort: 8080
`;

export default defineCases({
  valid: [
    { name: 'a 10-second sleep within the default 30-second grace period', code: deployment(sleepAction(10)) },
    {
      name: 'a 20-second exec sleep with a 60-second grace period',
      code: deployment(execHook('["/bin/sh", "-c", "sleep 20"]'), grace(60)),
    },
    { name: 'no preStop hook', code: deployment('') },
    {
      name: 'an HTTP preStop hook has no known duration',
      code: deployment(`          lifecycle:
            preStop:
              httpGet:
                path: /shutdown
                port: 8080
`),
    },
    { name: 'a sleep whose duration comes from a variable', code: deployment(execHook('["/bin/sh", "-c", "sleep $DRAIN_SECONDS"]')) },
    { name: 'a word that merely ends in "sleep"', code: deployment(execHook('["/bin/sh", "-c", "nosleep 40"]')) },
    { name: 'a one-minute sleep within a two-minute grace period', code: deployment(execHook('["/bin/sh", "-c", "sleep 1m"]'), grace(120)) },
    {
      name: 'Jobs run to completion',
      code: `apiVersion: batch/v1
kind: Job
metadata:
  name: migrate
spec:
  template:
    spec:
      restartPolicy: Never
      containers:
        - name: migrate
          image: shop/migrate:1.2.3
          lifecycle:
            preStop:
              sleep:
                seconds: 60
`,
    },
    {
      name: 'Helm hooks are exempt',
      code: deployment(sleepAction(60)).replace('  name: web\nspec:', '  name: web\n  annotations:\n    helm.sh/hook: pre-upgrade\nspec:'),
    },
    {
      name: 'terminationGracePeriodSeconds: 0 on a worker that no Service selects',
      code: deployment('', grace(0)),
    },
    {
      name: 'terminationGracePeriodSeconds: 0 with a Service in another namespace',
      code: deployment('', grace(0)),
      files: { 'service.yaml': service.replace('  name: web\n', '  name: web\n  namespace: other\n') },
    },
    {
      name: 'lifecycle fields of the wrong shape do not crash the rule',
      code: deployment('          lifecycle:\n            preStop: sleep 60\n', '      terminationGracePeriodSeconds: soon\n'),
    },
    { name: 'a negative or fractional sleep action is a schema error, not this rule', code: deployment(sleepAction('-5')) },
  ],
  invalid: [
    {
      name: 'an exec sleep as long as the grace period: the fix raises the grace period',
      code: deployment(execHook('["/bin/sh", "-c", "sleep 30"]'), grace(30)),
      errors: [
        {
          messageId: 'exceeds',
          line: 20,
          column: 13,
          endLine: 20,
          endColumn: 20,
          severity: 'error',
          output: deployment(execHook('["/bin/sh", "-c", "sleep 30"]'), grace(60)),
          suggestions: [{ messageId: 'shortenDelay', output: deployment(execHook('["/bin/sh", "-c", "sleep 15"]'), grace(30)) }],
        },
      ],
    },
    {
      name: 'a sleep action above two thirds of the default grace period: the fix adds one',
      code: deployment(sleepAction(25)),
      errors: [
        {
          messageId: 'tight',
          line: 19,
          column: 13,
          endLine: 19,
          endColumn: 20,
          severity: 'warning',
          output: `${deployment(sleepAction(25))}      terminationGracePeriodSeconds: 55\n`,
          suggestions: [{ messageId: 'shortenDelay', output: deployment(sleepAction(15)) }],
        },
      ],
    },
    {
      name: '"sleep" and its seconds as separate command items',
      code: deployment(execHook('["sleep", "40"]')),
      errors: [
        {
          messageId: 'exceeds',
          line: 19,
          column: 13,
          endLine: 19,
          endColumn: 20,
          output: `${deployment(execHook('["sleep", "40"]'))}      terminationGracePeriodSeconds: 70\n`,
          suggestions: [{ messageId: 'shortenDelay', output: deployment(execHook('["sleep", "15"]')) }],
        },
      ],
    },
    {
      name: 'a block-style command with a plain number item',
      code: deployment(`          lifecycle:
            preStop:
              exec:
                command:
                  - sleep
                  - 45 # wait for the NLB to deregister
`),
      errors: [
        {
          messageId: 'exceeds',
          line: 19,
          column: 13,
          endLine: 19,
          endColumn: 20,
          output: `${deployment(`          lifecycle:
            preStop:
              exec:
                command:
                  - sleep
                  - 45 # wait for the NLB to deregister
`)}      terminationGracePeriodSeconds: 75\n`,
          suggestions: [
            {
              messageId: 'shortenDelay',
              output: deployment(`          lifecycle:
            preStop:
              exec:
                command:
                  - sleep
                  - 15 # wait for the NLB to deregister
`),
            },
          ],
        },
      ],
    },
    {
      name: 'several sleeps add up, and no single number can be shortened',
      code: deployment(execHook('["/bin/sh", "-c", "sleep 5 && nginx -s quit && sleep 20"]'), grace(30)),
      errors: [
        {
          messageId: 'tight',
          line: 20,
          column: 13,
          endLine: 20,
          endColumn: 20,
          severity: 'warning',
          output: deployment(execHook('["/bin/sh", "-c", "sleep 5 && nginx -s quit && sleep 20"]'), grace(55)),
          suggestions: [],
        },
      ],
    },
    {
      name: 'a unit suffix: one minute reaches a 60-second grace period',
      code: deployment(execHook("['sh', '-c', 'sleep 1m']"), grace(60)),
      errors: [
        {
          messageId: 'exceeds',
          line: 20,
          column: 13,
          endLine: 20,
          endColumn: 20,
          // 60 + 30 would still leave the delay above two thirds of the grace period.
          output: deployment(execHook("['sh', '-c', 'sleep 1m']"), grace(91)),
          suggestions: [{ messageId: 'shortenDelay', output: deployment(execHook("['sh', '-c', 'sleep 30']"), grace(60)) }],
        },
      ],
    },
    {
      name: 'two containers share one grace period: each fix makes room for the longer delay',
      code: deployment(
        `${sleepAction(25)}        - name: sidecar-proxy
          image: envoyproxy/envoy:v1.31.0
${sleepAction(40)}`,
      ),
      errors: [
        {
          messageId: 'tight',
          line: 19,
          column: 13,
          endLine: 19,
          endColumn: 20,
          output: `${deployment(
            `${sleepAction(25)}        - name: sidecar-proxy
          image: envoyproxy/envoy:v1.31.0
${sleepAction(40)}`,
          )}      terminationGracePeriodSeconds: 70\n`,
          suggestions: [
            {
              messageId: 'shortenDelay',
              output: deployment(
                `${sleepAction(15)}        - name: sidecar-proxy
          image: envoyproxy/envoy:v1.31.0
${sleepAction(40)}`,
              ),
            },
          ],
        },
        {
          messageId: 'exceeds',
          line: 25,
          column: 13,
          endLine: 25,
          endColumn: 20,
          output: `${deployment(
            `${sleepAction(25)}        - name: sidecar-proxy
          image: envoyproxy/envoy:v1.31.0
${sleepAction(40)}`,
          )}      terminationGracePeriodSeconds: 70\n`,
          suggestions: [
            {
              messageId: 'shortenDelay',
              output: deployment(
                `${sleepAction(25)}        - name: sidecar-proxy
          image: envoyproxy/envoy:v1.31.0
${sleepAction(15)}`,
              ),
            },
          ],
        },
      ],
    },
    {
      name: 'a native sidecar shares the grace period too',
      code: deployment(
        '',
        `      initContainers:
        - name: proxy
          image: envoyproxy/envoy:v1.31.0
          restartPolicy: Always
${sleepAction(30)}`,
      ),
      errors: [
        {
          messageId: 'exceeds',
          line: 20,
          column: 13,
          endLine: 20,
          endColumn: 20,
          output: `${deployment(
            '',
            `      initContainers:
        - name: proxy
          image: envoyproxy/envoy:v1.31.0
          restartPolicy: Always
${sleepAction(30)}`,
          )}      terminationGracePeriodSeconds: 60\n`,
          suggestions: [
            {
              messageId: 'shortenDelay',
              output: deployment(
                '',
                `      initContainers:
        - name: proxy
          image: envoyproxy/envoy:v1.31.0
          restartPolicy: Always
${sleepAction(15)}`,
              ),
            },
          ],
        },
      ],
    },
    {
      name: 'terminationGracePeriodSeconds: 0 on a service-facing workload',
      code: deployment('', grace(0)),
      files: { 'service.yaml': service },
      errors: [
        {
          messageId: 'zeroGrace',
          line: 15,
          column: 7,
          endLine: 15,
          endColumn: 36,
          severity: 'warning',
          output: null,
          suggestions: [{ messageId: 'removeZeroGrace', output: deployment('') }],
        },
      ],
    },
    {
      name: 'a preStop delay with terminationGracePeriodSeconds: 0 is reported once, as the delay',
      code: deployment(sleepAction(5), grace(0)),
      files: { 'service.yaml': service },
      errors: [
        {
          messageId: 'exceeds',
          line: 20,
          column: 13,
          endLine: 20,
          endColumn: 20,
          output: deployment(sleepAction(5), grace(35)),
          suggestions: [],
        },
      ],
    },
    {
      name: 'shutdownBudgetSeconds sets what the fix leaves after the delay',
      code: deployment(sleepAction(30), grace(30)),
      config: { rules: { 'prestop-exceeds-grace-period': { options: { shutdownBudgetSeconds: 60 } } } },
      errors: [
        {
          messageId: 'exceeds',
          line: 20,
          column: 13,
          endLine: 20,
          endColumn: 20,
          output: deployment(sleepAction(30), grace(90)),
          suggestions: [{ messageId: 'shortenDelay', output: deployment(sleepAction(15), grace(30)) }],
        },
      ],
    },
    {
      name: 'a large grace period still needs more than two thirds of it for the delay: the fix clears the threshold',
      code: deployment(sleepAction(70), grace(100)),
      errors: [
        {
          messageId: 'tight',
          line: 20,
          column: 13,
          endLine: 20,
          endColumn: 20,
          severity: 'warning',
          output: deployment(sleepAction(70), grace(107)),
          suggestions: [{ messageId: 'shortenDelay', output: deployment(sleepAction(50), grace(100)) }],
        },
      ],
    },
    {
      name: 'an absurd delay gets no grace period fix',
      code: deployment(sleepAction(100000)),
      errors: [
        {
          messageId: 'exceeds',
          line: 19,
          column: 13,
          endLine: 19,
          endColumn: 20,
          output: null,
          suggestions: [{ messageId: 'shortenDelay', output: deployment(sleepAction(15)) }],
        },
      ],
    },
    {
      name: 'a bare Pod',
      code: `apiVersion: v1
kind: Pod
metadata:
  name: debug
spec:
  terminationGracePeriodSeconds: 10
  containers:
    - name: web
      image: shop/web:1.2.3
      lifecycle:
        preStop:
          exec:
            command: [sleep, "10"]
`,
      errors: [
        {
          messageId: 'exceeds',
          line: 11,
          column: 9,
          endLine: 11,
          endColumn: 16,
          output: `apiVersion: v1
kind: Pod
metadata:
  name: debug
spec:
  terminationGracePeriodSeconds: 40
  containers:
    - name: web
      image: shop/web:1.2.3
      lifecycle:
        preStop:
          exec:
            command: [sleep, "10"]
`,
          suggestions: [
            {
              messageId: 'shortenDelay',
              output: `apiVersion: v1
kind: Pod
metadata:
  name: debug
spec:
  terminationGracePeriodSeconds: 10
  containers:
    - name: web
      image: shop/web:1.2.3
      lifecycle:
        preStop:
          exec:
            command: [sleep, "5"]
`,
            },
          ],
        },
      ],
    },
  ],
});
