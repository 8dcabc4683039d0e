import { defineRule } from '../../server/src/engine/rule-api';
import { EKS } from '../lib/docs';
import { configDataSize, estimateJsonSize, formatBytes, formatLimit, jsonSize, MAX_ANNOTATION_BYTES, MAX_CONFIG_BYTES } from '../lib/sizes';

const DEFAULT_WARN_BYTES = 256 * 1024;

export default defineRule({
  meta: {
    id: 'config-object-too-large',
    category: 'scalability',
    severity: 'error',
    signal: 'strong',
    messages: {
      overLimit:
        '{{kind}} "{{name}}" holds {{size}} of data, over the 1 MiB that a ConfigMap or Secret may hold: the API server rejects it. Split it, or move the data to S3, EFS or an external config store.',
      largeApply:
        '{{kind}} "{{name}}" holds {{size}} of data: client-side apply will fail (last-applied-configuration > 256 KiB); use server-side apply. Every kubelet that mounts it watches and caches it, and each version grows the etcd database; split it or move the data to S3 or EFS.',
      large:
        '{{kind}} "{{name}}" holds {{size}} of data, above {{threshold}}: every kubelet that mounts it watches and caches it, and each version grows the etcd database. Split it, or move the data to S3, EFS or an external config store.',
      largeObject:
        '{{kind}} "{{name}}" is {{size}} as JSON, over the 256 KiB annotation limit: client-side `kubectl apply` fails because the last-applied-configuration annotation cannot hold it. Apply it with server-side apply (`kubectl apply --server-side`), or split it.',
    },
    docs: {
      description:
        'ConfigMaps and Secrets over 1 MiB are rejected, large ones load every kubelet and grow etcd, and objects over 256 KiB break client-side kubectl apply.',
      source: { title: 'EKS Best Practices: Reliability › EKS Control Plane › Monitor Control Plane Metrics', url: `${EKS}/control-plane.html` },
    },
    options: {
      type: 'object',
      additionalProperties: false,
      properties: {
        warnBytes: {
          description:
            'ConfigMaps and Secrets holding more data than this many bytes are a warning (above 262144, client-side apply fails too); over 1 MiB is always an error.',
          type: 'integer',
          minimum: 1,
          maximum: MAX_CONFIG_BYTES,
          default: DEFAULT_WARN_BYTES,
        },
      },
    },
  },
  check({ resource, options, report }) {
    const warnBytes = typeof options.warnBytes === 'number' ? options.warnBytes : DEFAULT_WARN_BYTES;
    const { kind } = resource;
    const name = resource.name || '(unnamed)';
    const data = configDataSize(resource);
    if (data && data.largestField !== undefined) {
      const at = [data.largestField];
      const size = formatBytes(data.bytes);
      if (data.bytes > MAX_CONFIG_BYTES) {
        report({ at, messageId: 'overLimit', data: { kind, name, size }, severity: 'error' });
        return;
      }
      if (data.bytes > warnBytes) {
        const messageId = data.bytes > MAX_ANNOTATION_BYTES ? 'largeApply' : 'large';
        report({ at, messageId, data: { kind, name, size, threshold: formatLimit(warnBytes) }, severity: 'warning' });
        return;
      }
    }
    // The JSON of an object is at most about twice its YAML: smaller documents cannot reach the limit, and the
    // engine need not even build them (CRDs are most of the bytes of a typical repository).
    if (resource.span * 2 <= MAX_ANNOTATION_BYTES) return;
    // An estimate from the text decides when it is clearly on one side (it is within 0.94 to 1.02 of the exact
    // size on real manifests); only close to the limit is the object built and measured.
    const estimate = estimateJsonSize(resource.text);
    if (estimate < MAX_ANNOTATION_BYTES * 0.85) return;
    const exact = estimate > MAX_ANNOTATION_BYTES * 1.05 ? undefined : jsonSize(resource.object);
    const json = exact ?? estimate;
    if (json > MAX_ANNOTATION_BYTES) {
      const size = exact === undefined ? `about ${formatBytes(Math.round(json / 1024) * 1024)}` : formatBytes(json);
      report({ at: ['metadata', 'name'], messageId: 'largeObject', data: { kind, name, size }, severity: 'info' });
    }
  },
});
