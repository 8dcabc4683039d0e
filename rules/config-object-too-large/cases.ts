import { defineCases } from '../../test/support/rule-tester';

const KiB = 1024;
const MiB = 1024 * KiB;

const configMap = (field: string, value: string, name = 'dashboards') => `apiVersion: v1
kind: ConfigMap
metadata:
  name: ${name}
${field}:
  payload: ${value}
`;

const secret = (body: string) => `apiVersion: v1
kind: Secret
metadata:
  name: bundle
type: Opaque
${body}`;

/** Base64 text that decodes to `bytes` bytes (a multiple of 3). */
const base64 = (bytes: number) => 'QUJD'.repeat(bytes / 3);
const text = (bytes: number) => 'x'.repeat(bytes);

const at = (line: number, column: number, length: number) => ({ line, column, endLine: line, endColumn: column + length });

export default defineCases({
  valid: [
    { name: 'a small ConfigMap', code: configMap('data', 'hello') },
    { name: '200 KiB of data', code: configMap('data', text(200 * KiB)) },
    { name: "a Secret's size is its decoded data (190 KiB, 253 KiB of base64)", code: secret(`data:\n  payload: ${base64(190 * KiB + 2)}\n`) },
    {
      name: 'a stringData key replaces the data key of the same name',
      code: secret(`data:\n  token: ${base64(81)}\nstringData:\n  token: ${text(60)}\n`),
      config: { rules: { 'config-object-too-large': { options: { warnBytes: 100 } } } },
    },
    {
      name: 'a large object under 256 KiB as JSON',
      code: `apiVersion: apiextensions.k8s.io/v1
kind: CustomResourceDefinition
metadata:
  name: widgets.example.com
  annotations:
    description: ${text(200 * KiB)}
`,
    },
  ],
  invalid: [
    {
      name: 'over 1 MiB of data: the API server rejects it',
      code: configMap('data', text(MiB + 1)),
      errors: [{ messageId: 'overLimit', ...at(5, 1, 4), severity: 'error', output: null }],
    },
    {
      name: 'binaryData counts decoded',
      code: configMap('binaryData', base64(1200 * KiB)),
      errors: [{ messageId: 'overLimit', ...at(5, 1, 10), severity: 'error' }],
    },
    {
      name: 'over 256 KiB: client-side apply fails',
      code: configMap('data', text(300 * KiB)),
      errors: [{ messageId: 'largeApply', ...at(5, 1, 4), severity: 'warning' }],
    },
    {
      name: 'a lower warnBytes threshold',
      code: configMap('data', text(150 * KiB)),
      config: { rules: { 'config-object-too-large': { options: { warnBytes: 100 * KiB } } } },
      errors: [{ messageId: 'large', ...at(5, 1, 4), severity: 'warning' }],
    },
    {
      name: 'a higher warnBytes threshold still leaves the 256 KiB apply limit as info',
      code: configMap('data', text(300 * KiB)),
      config: { rules: { 'config-object-too-large': { options: { warnBytes: 512 * KiB } } } },
      errors: [{ messageId: 'largeObject', ...at(4, 3, 4), severity: 'info' }],
    },
    {
      name: 'a Secret with large stringData points at stringData',
      code: secret(`data:\n  small: ${base64(3)}\nstringData:\n  ca-bundle.pem: ${text(280 * KiB)}\n`),
      errors: [{ messageId: 'largeApply', ...at(8, 1, 10), severity: 'warning' }],
    },
    {
      name: 'a Secret over 1 MiB decoded',
      code: secret(`data:\n  payload: ${base64(MiB + 2)}\n`),
      errors: [{ messageId: 'overLimit', ...at(6, 1, 4), severity: 'error' }],
    },
    {
      name: 'any object over 256 KiB as JSON (a large CRD)',
      code: `apiVersion: apiextensions.k8s.io/v1
kind: CustomResourceDefinition
metadata:
  name: widgets.example.com
spec:
  group: example.com
  names:
    kind: Widget
    plural: widgets
  scope: Namespaced
  versions:
    - name: v1
      served: true
      storage: true
      schema:
        openAPIV3Schema:
          type: object
          description: ${text(260 * KiB)}
`,
      errors: [{ messageId: 'largeObject', ...at(4, 3, 4), severity: 'info', output: null }],
    },
    {
      name: 'a ConfigMap with little data but a huge annotation',
      code: `apiVersion: v1
kind: ConfigMap
metadata:
  name: grafana-dashboard
  annotations:
    checksum: ${text(270 * KiB)}
data:
  a: b
`,
      errors: [{ messageId: 'largeObject', ...at(4, 3, 4), severity: 'info' }],
    },
  ],
});
