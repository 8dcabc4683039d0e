import { defineRule } from '../../server/src/engine/rule-api';
import { WORKLOAD_KINDS } from '../../server/src/engine/workload';
import type { Path } from '../../server/src/engine/yaml-path';
import { EKS } from '../lib/docs';
import { commandText, DEFAULT_API_SERVER_IPS, imageMatchesGlob, isKubeClientImage, kubeApiMatch, kubectlWithoutTimeout } from '../lib/kube-api';
import { remoteFetch } from './fetch';

export default defineRule({
  meta: {
    id: 'init-container-kube-api-dependency',
    category: 'static-stability',
    severity: 'warning',
    signal: 'heuristic',
    kinds: WORKLOAD_KINDS,
    messages: {
      clientImage:
        'Init container "{{container}}" of {{kind}} "{{name}}" runs the Kubernetes client image {{image}}: {{when}} waits on the API server, so {{impact}} while the API is impaired.',
      apiCommand:
        'Init container "{{container}}" of {{kind}} "{{name}}" calls the Kubernetes API server ({{match}}): {{when}} waits on the API server, so {{impact}} while the API is impaired.',
      fetchesRemote:
        'Init container "{{container}}" of {{kind}} "{{name}}" downloads from {{host}} ({{tool}}): {{when}} depends on that service being reachable.',
      noTimeout:
        'Init container "{{container}}" of {{kind}} "{{name}}" runs kubectl without --request-timeout: kubectl waits forever by default, so a slow API server hangs {{when}}.',
    },
    docs: {
      description: 'Init containers of long-running workloads should not wait on the Kubernetes API server at every pod start.',
      source: { title: 'EKS Best Practices: Reliability › EKS Control Plane › Cluster Endpoint Connectivity', url: `${EKS}/control-plane.html` },
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
  check({ workload, settings, options, report }) {
    if (!workload) return;
    const ips = Array.isArray(options.apiServerIps) ? (options.apiServerIps as string[]) : DEFAULT_API_SERVER_IPS;
    // Jobs, CronJobs and Helm hooks run once per deploy (migrations): the dependency is advice there.
    const deployTime = !workload.longRunning || workload.helmHook;
    const severity = deployTime ? ('info' as const) : undefined;
    const when = deployTime ? 'every run' : 'every pod start (scale-out, rescheduling after a node or AZ loss)';
    const impact = deployTime ? 'runs stall' : 'no new pod can start';
    const { kind } = workload;
    const { name } = workload.resource;
    for (const container of workload.containers) {
      if (container.type !== 'init') continue;
      const image = container.image?.trim();
      if (image && imageMatchesGlob(image, settings.images.allowed)) continue;
      const data = { container: container.name, kind, name, when, impact };
      const command = commandText(container.spec.command);
      const args = commandText(container.spec.args);
      const joined = [command, args].filter((part) => part !== '').join(' ');
      // Where a match lies: `command` when it holds it (or when only the two together do), else `args`.
      const keyFor = (test: (text: string) => boolean): Path =>
        [...container.path, command !== '' && (test(command) || !test(args)) ? 'command' : 'args'];

      const match = kubeApiMatch(joined, ips);
      if (image && isKubeClientImage(image, settings.images.kubeClients)) {
        report({ at: [...container.path, 'image'], on: 'value', messageId: 'clientImage', data: { ...data, image }, ...(severity ? { severity } : {}) });
      } else if (match !== undefined) {
        report({
          at: keyFor((text) => kubeApiMatch(text, ips) !== undefined),
          messageId: 'apiCommand',
          data: { ...data, match },
          ...(severity ? { severity } : {}),
        });
      }

      if (kubectlWithoutTimeout(joined).length > 0) {
        report({ at: keyFor((text) => kubectlWithoutTimeout(text).length > 0), messageId: 'noTimeout', data, severity: 'info' });
      }

      const fetch = remoteFetch(joined, ips);
      if (fetch) {
        report({
          at: keyFor((text) => remoteFetch(text, ips) !== undefined),
          messageId: 'fetchesRemote',
          data: { ...data, host: fetch.host, tool: fetch.tool },
          severity: 'info',
        });
      }
    }
  },
});
