import { defineCases } from '../../test/support/rule-tester';

interface Hook {
  name?: string;
  failurePolicy?: string;
  /** The `timeoutSeconds:` line, when written. */
  timeout?: number;
  resources?: string;
  operations?: string;
}

function hook(h: Hook = {}): string {
  return `  - name: ${h.name ?? 'inject.example.com'}
    admissionReviewVersions: ["v1"]
    sideEffects: None
${h.failurePolicy ? `    failurePolicy: ${h.failurePolicy}\n` : ''}${h.timeout !== undefined ? `    timeoutSeconds: ${h.timeout}\n` : ''}    clientConfig:
      service:
        namespace: mesh
        name: injector
    rules:
      - apiGroups: [""]
        apiVersions: ["v1"]
        operations: [${h.operations ?? 'CREATE'}]
        resources: [${h.resources ?? 'pods'}]
`;
}

function config(hooks: Hook[] = [{}], o: { kind?: string; apiVersion?: string; name?: string } = {}): string {
  return `apiVersion: ${o.apiVersion ?? 'admissionregistration.k8s.io/v1'}
kind: ${o.kind ?? 'MutatingWebhookConfiguration'}
metadata:
  name: ${o.name ?? 'mesh-injector'}
webhooks:
${hooks.map(hook).join('')}`;
}

const validating = (hooks: Hook[], name = 'policy') => config(hooks, { kind: 'ValidatingWebhookConfiguration', name });

export default defineCases({
  valid: [
    { name: 'a 5s timeout', code: config([{ timeout: 5 }]) },
    { name: 'a short timeout that fails open', code: config([{ timeout: 3, failurePolicy: 'Ignore' }]) },
    {
      name: 'the default 10s timeout when recommendedTimeout allows it',
      code: config(),
      config: { rules: { 'webhook-timeout-too-long': { options: { recommendedTimeout: 10 } } } },
    },
    {
      name: 'several short webhooks on the same request',
      code: config([{ timeout: 5 }, { name: 'sidecar.example.com', timeout: 5 }]),
      files: { 'policy.yaml': validating([{ name: 'policy.example.com', timeout: 5 }]) },
    },
    {
      name: 'a validating webhook that is not the slowest of its chain and is short itself',
      code: validating([{ name: 'policy.example.com', timeout: 4 }]),
      files: {
        'mesh.yaml': config([{ timeout: 20, failurePolicy: 'Ignore' }]),
        'other.yaml': validating([{ name: 'other.example.com', timeout: 12, failurePolicy: 'Ignore' }], 'other'),
      },
    },
    { name: 'not a webhook configuration', code: 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: x\ndata:\n  timeoutSeconds: "30"\n' },
  ],
  invalid: [
    {
      name: 'the default 10s timeout is info',
      code: config(),
      errors: [
        {
          messageId: 'long',
          line: 6,
          column: 5,
          endLine: 6,
          endColumn: 9,
          severity: 'info',
          output: null,
          suggestions: [{ messageId: 'setTimeout', output: `${config()}    timeoutSeconds: 5\n` }],
        },
      ],
    },
    {
      name: 'a fail-closed webhook with a 30s timeout',
      code: config([{ timeout: 30, failurePolicy: 'Fail' }]),
      errors: [
        {
          messageId: 'failClosed',
          line: 10,
          column: 21,
          endLine: 10,
          endColumn: 23,
          severity: 'warning',
          suggestions: [{ messageId: 'setTimeout', output: config([{ timeout: 5, failurePolicy: 'Fail' }]) }],
        },
      ],
    },
    {
      name: 'a fail-open webhook with a 20s timeout is info',
      code: config([{ timeout: 20, failurePolicy: 'Ignore' }]),
      errors: [
        {
          messageId: 'long',
          line: 10,
          column: 21,
          endLine: 10,
          endColumn: 23,
          severity: 'info',
          suggestions: [{ messageId: 'setTimeout', output: config([{ timeout: 5, failurePolicy: 'Ignore' }]) }],
        },
      ],
    },
    {
      name: 'v1beta1 defaults to 30s: a warning even when it fails open',
      code: config([{}], { apiVersion: 'admissionregistration.k8s.io/v1beta1' }),
      errors: [
        {
          messageId: 'tooLong',
          line: 6,
          column: 5,
          endLine: 6,
          endColumn: 9,
          severity: 'warning',
          suggestions: [
            { messageId: 'setTimeout', output: `${config([{}], { apiVersion: 'admissionregistration.k8s.io/v1beta1' })}    timeoutSeconds: 5\n` },
          ],
        },
      ],
    },
    {
      name: 'maxWebhookTimeout lowers the bound for fail-closed webhooks',
      code: config(),
      config: { rules: { 'webhook-timeout-too-long': { options: { maxWebhookTimeout: 10, recommendedTimeout: 3 } } } },
      errors: [
        {
          messageId: 'failClosed',
          line: 6,
          column: 5,
          endLine: 6,
          endColumn: 9,
          severity: 'warning',
          suggestions: [{ messageId: 'setTimeout', output: `${config()}    timeoutSeconds: 3\n` }],
        },
      ],
    },
    {
      name: 'a mutating webhook whose timeout alone makes the chain too slow',
      code: config([{ timeout: 25 }]),
      files: { 'policy.yaml': validating([{ name: 'policy.example.com', timeout: 10 }]) },
      errors: [
        {
          messageId: 'chain',
          line: 9,
          column: 21,
          endLine: 9,
          endColumn: 23,
          severity: 'warning',
          suggestions: [{ messageId: 'setTimeout', output: config([{ timeout: 5 }]) }],
        },
      ],
    },
    {
      name: 'mutating webhooks in several files add up: the fix lowers every slow one',
      code: config(),
      files: {
        'sidecar.yaml': config([{ name: 'sidecar.example.com' }], { name: 'sidecar' }),
        'labels.yaml': config([{ name: 'labels.example.com', resources: '"*"' }], { name: 'labels' }),
        'policy.yaml': validating([{ name: 'policy.example.com', operations: '"CREATE", "UPDATE"' }]),
      },
      errors: [
        {
          messageId: 'chain',
          line: 6,
          column: 5,
          endLine: 6,
          endColumn: 9,
          severity: 'warning',
          suggestions: [
            {
              messageId: 'setChainTimeouts',
              output: {
                'manifest.yaml': `${config()}    timeoutSeconds: 5\n`,
                'sidecar.yaml': `${config([{ name: 'sidecar.example.com' }], { name: 'sidecar' })}    timeoutSeconds: 5\n`,
                'labels.yaml': `${config([{ name: 'labels.example.com', resources: '"*"' }], { name: 'labels' })}    timeoutSeconds: 5\n`,
                'policy.yaml': `${validating([{ name: 'policy.example.com', operations: '"CREATE", "UPDATE"' }])}    timeoutSeconds: 5\n`,
              },
            },
          ],
        },
      ],
    },
    {
      name: 'two webhooks of one configuration on the same request',
      code: config([{ timeout: 15, failurePolicy: 'Ignore' }, { name: 'sidecar.example.com', timeout: 15, failurePolicy: 'Ignore' }]),
      errors: [
        {
          messageId: 'chain',
          line: 10,
          column: 21,
          endLine: 10,
          endColumn: 23,
          severity: 'warning',
          suggestions: [
            {
              messageId: 'setTimeout',
              output: config([{ timeout: 5, failurePolicy: 'Ignore' }, { name: 'sidecar.example.com', timeout: 15, failurePolicy: 'Ignore' }]),
            },
          ],
        },
        {
          messageId: 'chain',
          line: 24,
          column: 21,
          endLine: 24,
          endColumn: 23,
          severity: 'warning',
          suggestions: [
            {
              messageId: 'setTimeout',
              output: config([{ timeout: 15, failurePolicy: 'Ignore' }, { name: 'sidecar.example.com', timeout: 5, failurePolicy: 'Ignore' }]),
            },
          ],
        },
      ],
    },
    {
      name: 'a validating webhook that is not the slowest of its chain is judged on its own timeout',
      code: validating([{ name: 'policy.example.com', timeout: 8, failurePolicy: 'Ignore' }]),
      files: {
        'mesh.yaml': config([{ timeout: 20, failurePolicy: 'Ignore' }]),
        'other.yaml': validating([{ name: 'other.example.com', timeout: 12, failurePolicy: 'Ignore' }], 'other'),
      },
      errors: [
        {
          messageId: 'long',
          line: 10,
          column: 21,
          endLine: 10,
          endColumn: 22,
          severity: 'info',
          suggestions: [{ messageId: 'setTimeout', output: validating([{ name: 'policy.example.com', timeout: 5, failurePolicy: 'Ignore' }]) }],
        },
      ],
    },
    {
      name: 'webhooks whose namespace selectors exclude each other never run for one request (the Istio injector pattern)',
      code: config([
        { timeout: 15, failurePolicy: 'Ignore' },
        { name: 'rev.example.com', timeout: 15, failurePolicy: 'Ignore' },
      ])
        .replace(
          '    rules:\n',
          '    namespaceSelector:\n      matchLabels:\n        injection: enabled\n    rules:\n',
        )
        .replace(
          /(  - name: rev\.example\.com[\s\S]*?)    rules:\n/,
          '$1    namespaceSelector:\n      matchExpressions:\n        - key: injection\n          operator: DoesNotExist\n    rules:\n',
        ),
      errors: [
        {
          messageId: 'long',
          line: 10,
          column: 21,
          endLine: 10,
          endColumn: 23,
          severity: 'info',
          suggestions: [
            {
              messageId: 'setTimeout',
              output: config([
                { timeout: 5, failurePolicy: 'Ignore' },
                { name: 'rev.example.com', timeout: 15, failurePolicy: 'Ignore' },
              ])
                .replace('    rules:\n', '    namespaceSelector:\n      matchLabels:\n        injection: enabled\n    rules:\n')
                .replace(
                  /(  - name: rev\.example\.com[\s\S]*?)    rules:\n/,
                  '$1    namespaceSelector:\n      matchExpressions:\n        - key: injection\n          operator: DoesNotExist\n    rules:\n',
                ),
            },
          ],
        },
        {
          messageId: 'long',
          line: 27,
          column: 21,
          endLine: 27,
          endColumn: 23,
          severity: 'info',
          suggestions: [
            {
              messageId: 'setTimeout',
              output: config([
                { timeout: 15, failurePolicy: 'Ignore' },
                { name: 'rev.example.com', timeout: 5, failurePolicy: 'Ignore' },
              ])
                .replace('    rules:\n', '    namespaceSelector:\n      matchLabels:\n        injection: enabled\n    rules:\n')
                .replace(
                  /(  - name: rev\.example\.com[\s\S]*?)    rules:\n/,
                  '$1    namespaceSelector:\n      matchExpressions:\n        - key: injection\n          operator: DoesNotExist\n    rules:\n',
                ),
            },
          ],
        },
      ],
    },
    {
      name: 'copies of one configuration in several files (overlays) are one configuration',
      code: config([{ timeout: 20, failurePolicy: 'Ignore' }]),
      files: { 'overlays/prod/injector.yaml': config([{ timeout: 20, failurePolicy: 'Ignore' }]) },
      errors: [
        {
          messageId: 'long',
          line: 10,
          column: 21,
          endLine: 10,
          endColumn: 23,
          severity: 'info',
          suggestions: [{ messageId: 'setTimeout', output: config([{ timeout: 5, failurePolicy: 'Ignore' }]) }],
        },
      ],
    },
    {
      name: 'webhooks on different resources do not add up',
      code: config([{ timeout: 20, failurePolicy: 'Ignore' }]),
      files: { 'other.yaml': config([{ name: 'svc.example.com', timeout: 20, failurePolicy: 'Ignore', resources: 'services' }], { name: 'svc' }) },
      errors: [
        {
          messageId: 'long',
          line: 10,
          column: 21,
          endLine: 10,
          endColumn: 23,
          severity: 'info',
          suggestions: [{ messageId: 'setTimeout', output: config([{ timeout: 5, failurePolicy: 'Ignore' }]) }],
        },
      ],
    },
  ],
});
