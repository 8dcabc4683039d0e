import { defineRule, type Related } from '../../server/src/engine/rule-api';
import { LONG_RUNNING_KINDS } from '../../server/src/engine/workload';
import type { Path } from '../../server/src/engine/yaml-path';
import { EKS } from '../lib/docs';
import { displayImage } from '../lib/images';
import {
  apiClientLoop,
  commandText,
  DEFAULT_API_SERVER_IPS,
  imageMatchesGlob,
  isKubeClientImage,
  KUBE_API_SIDECAR_IMAGES,
} from '../lib/kube-api';

const KEEP = 'Make it keep the last-known state when the API is impaired, and keep it out of the readiness path.';
const WATCH = 'Watch through a shared informer instead of polling, keep the last-known state when the API is impaired, and keep it out of the readiness path.';

const HOW: Record<'poll' | 'watch' | 'proxy', string> = {
  poll: 'polls the Kubernetes API server in a loop',
  watch: 'polls the Kubernetes API server with watch',
  proxy: 'keeps a connection open to the Kubernetes API server',
};

export default defineRule({
  meta: {
    id: 'kube-api-client-sidecar',
    category: 'static-stability',
    severity: 'info',
    signal: 'heuristic',
    kinds: LONG_RUNNING_KINDS,
    messages: {
      clientImage:
        'Container "{{container}}" of {{kind}} "{{name}}" runs the Kubernetes API client image {{image}}: its pods depend on the API server while they run{{fleet}}. {{advice}}',
      apiLoop: 'Container "{{container}}" of {{kind}} "{{name}}" {{how}} ({{match}}): its pods depend on the API server while they run{{fleet}}. {{advice}}',
    },
    docs: {
      description:
        'Sidecars that poll or watch the Kubernetes API server give serving pods and DaemonSets a runtime dependency on the control plane, and load it from every replica.',
      source: {
        title: 'EKS Best Practices: Scalability › Kubernetes Control Plane › Retrieving resources in the API server',
        url: `${EKS}/scale-control-plane.html`,
      },
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
  check({ workload, relations, settings, options, report }) {
    if (!workload || !workload.longRunning || workload.helmHook) return;
    // The rule is about pods on a data path (a Service sends them traffic) and about fleets (DaemonSets).
    const services = workload.isDaemonSet ? [] : relations.servicesSelecting(workload);
    if (!workload.isDaemonSet && services.length === 0) return;
    const ips = Array.isArray(options.apiServerIps) ? (options.apiServerIps as string[]) : DEFAULT_API_SERVER_IPS;
    const { kind } = workload;
    const { name } = workload.resource;
    // "The larger fleet calling the smaller service": one client per node.
    const fleet = workload.isDaemonSet ? ', and every node of the cluster runs one, so the fleet multiplies the load on the API server' : '';
    const severity = workload.isDaemonSet ? ('warning' as const) : ('info' as const);
    const related: Related[] = services.map((service) => ({
      resource: service,
      at: ['spec', 'selector'],
      message: `Service "${service.name}" sends traffic to these pods`,
    }));
    for (const container of workload.containers) {
      if (container.type === 'init') continue;
      const image = container.image?.trim();
      if (image && imageMatchesGlob(image, settings.images.allowed)) continue;
      const data = { container: container.name || `containers[${container.index}]`, kind, name, fleet };
      if (image && isKubeClientImage(image, [...settings.images.kubeClients, ...KUBE_API_SIDECAR_IMAGES])) {
        report({ at: [...container.path, 'image'], on: 'value', messageId: 'clientImage', data: { ...data, image: displayImage(image), advice: KEEP }, severity, related });
        continue;
      }
      const command = commandText(container.spec.command);
      const args = commandText(container.spec.args);
      const loop = apiClientLoop([command, args].filter((part) => part !== '').join(' '), ips);
      if (!loop) continue;
      const at: Path = [...container.path, command !== '' && (apiClientLoop(command, ips) || !apiClientLoop(args, ips)) ? 'command' : 'args'];
      report({ at, messageId: 'apiLoop', data: { ...data, how: HOW[loop.kind], match: loop.match, advice: loop.kind === 'proxy' ? KEEP : WATCH }, severity, related });
    }
  },
});
