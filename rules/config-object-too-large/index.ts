import { defineRule } from '../../server/src/engine/rule-api';
import { EKS } from '../lib/docs';
import { configDataSize, formatBytes, formatLimit, jsonSize, MAX_ANNOTATION_BYTES, MAX_CONFIG_BYTES } from '../lib/sizes';

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
    const json = jsonSize(resource.object);
    if (json !== undefined && json > MAX_ANNOTATION_BYTES) {
      report({ at: ['metadata', 'name'], messageId: 'largeObject', data: { kind, name, size: formatBytes(json) }, severity: 'info' });
    }
  },
});
