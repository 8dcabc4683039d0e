import { LONG_RUNNING_KINDS } from '../../server/src/engine/workload';
import { isObject } from '../../server/src/engine/parse';
import { defineRule } from '../../server/src/engine/rule-api';
import { EKS } from '../lib/docs';
import { commandText, DEFAULT_API_SERVER_IPS, isKubeApiHost, kubeApiMatch } from '../lib/kube-api';

const PROBES = ['livenessProbe', 'readinessProbe', 'startupProbe'] as const;

/** What a failing probe of each type does to the pod. */
const CONSEQUENCE: Record<(typeof PROBES)[number], string> = {
  livenessProbe: 'every replica is restarted at once',
  startupProbe: 'every starting replica is killed and restarted',
  readinessProbe: 'every replica leaves the Service endpoints at once',
};

const ALTERNATIVES =
  'Check only local state instead (a local process check for liveness, local readiness only), expose API connectivity as a metric, and keep serving the last-known state.';

export default defineRule({
  meta: {
    id: 'probe-calls-kube-api',
    category: 'static-stability',
    severity: 'error',
    signal: 'strong',
    kinds: LONG_RUNNING_KINDS,
    messages: {
      host: `The {{probe}} of container "{{container}}" in {{kind}} "{{name}}" targets the Kubernetes API server ({{host}}): when the API is slow or throttling, {{consequence}}. ${ALTERNATIVES}`,
      exec: `The {{probe}} of container "{{container}}" in {{kind}} "{{name}}" runs a command that calls the Kubernetes API server ({{match}}): when the API is slow or throttling, {{consequence}}. ${ALTERNATIVES}`,
    },
    docs: {
      description: 'Liveness, readiness and startup probes must not depend on the Kubernetes API server, which every replica shares.',
      source: { title: 'EKS Best Practices: Reliability › Applications › Use Liveness Probe to remove unhealthy pods', url: `${EKS}/application.html` },
    },
    options: {
      type: 'object',
      additionalProperties: false,
      properties: {
        apiServerIps: {
          description: 'The first IP of the service CIDR (where kubernetes.default points); EKS uses 10.100.0.1 or 172.20.0.1.',
          type: 'array',
          items: { type: 'string', minLength: 1 },
          default: DEFAULT_API_SERVER_IPS,
        },
      },
    },
  },
  check({ workload, namespace, options, report }) {
    if (!workload || !workload.longRunning || workload.helmHook) return;
    const ips = Array.isArray(options.apiServerIps) ? (options.apiServerIps as string[]) : DEFAULT_API_SERVER_IPS;
    const { kind } = workload;
    const { name } = workload.resource;
    for (const container of workload.containers) {
      if (container.type === 'init') continue;
      for (const probe of PROBES) {
        const spec = container.spec[probe];
        if (!isObject(spec)) continue;
        const data = { probe, container: container.name, kind, name, consequence: CONSEQUENCE[probe] };
        for (const handler of ['httpGet', 'tcpSocket'] as const) {
          const host = isObject(spec[handler]) ? spec[handler].host : undefined;
          if (typeof host !== 'string' || host.trim() === '') continue;
          // `kubernetes` alone resolves to the API server only from the default namespace.
          const isApi = isKubeApiHost(host, ips) || (namespace === 'default' && /^kubernetes\.?$/i.test(host.trim()));
          if (!isApi) continue;
          report({ at: [...container.path, probe, handler, 'host'], on: 'value', messageId: 'host', data: { ...data, host: host.trim() } });
        }
        const exec = spec.exec;
        if (isObject(exec)) {
          const match = kubeApiMatch(commandText(exec.command), ips);
          if (match === undefined) continue;
          report({
            at: [...container.path, probe, 'exec', 'command'],
            messageId: 'exec',
            data: { ...data, match },
            // Pattern matching on a command is a heuristic: never above warning.
            severity: 'warning',
            maxSeverity: 'warning',
          });
        }
      }
    }
  },
});
