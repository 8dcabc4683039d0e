import { isObject } from '../../server/src/engine/parse';
import { defineRule, type Related } from '../../server/src/engine/rule-api';
import { WORKLOAD_KINDS } from '../../server/src/engine/workload';
import { EKS } from '../lib/docs';
import { displayImage, isPlaceholderImage, parseImage, repositoryEndsWith } from '../lib/images';
import { imageMatchesGlob } from '../lib/kube-api';

/** Runtime sockets by file name, wherever a distribution keeps them (`/run/k3s/containerd/containerd.sock`…). */
const SOCKET_FILES = new Set(['docker.sock', 'containerd.sock', 'crio.sock', 'cri-dockerd.sock', 'dockershim.sock', 'podman.sock']);
/** Directories that hold a runtime socket: mounting them exposes it. */
const SOCKET_DIRECTORIES = new Set(['/var/run', '/run', '/var/run/containerd', '/run/containerd', '/var/run/crio', '/run/crio']);
/** Windows named pipes of the runtimes. */
const WINDOWS_PIPES = new Set(['\\\\.\\pipe\\docker_engine', '\\\\.\\pipe\\containerd-containerd']);

/**
 * Monitoring and runtime-security agents that read the runtime socket by design (container metadata, cgroup
 * stats, runtime events), matched like `settings.images.kubeClients`: the end of the repository path, or a glob.
 */
export const MONITORING_AGENT_IMAGES: readonly string[] = [
  'cloudwatch-agent',
  'amazon/cloudwatch-agent',
  'aws-observability/aws-otel-collector',
  'datadog/agent',
  'datadoghq/agent',
  'datadog/cluster-agent',
  'falcosecurity/falco',
  'falcosecurity/falco-no-driver',
  'cadvisor/cadvisor',
  'google/cadvisor',
  'sysdig/agent',
  'sysdig/agent-slim',
  'newrelic/infrastructure',
  'newrelic/infrastructure-k8s',
  'newrelic/infrastructure-bundle',
  'dynatrace/oneagent',
  'instana/agent',
  'aquasec/enforcer',
];

/** `/var/run//docker.sock/` is `/var/run/docker.sock`; `.` and `..` segments are resolved. */
export function normalizeHostPath(path: string): string {
  const parts: string[] = [];
  for (const part of path.trim().split('/')) {
    if (part === '' || part === '.') continue;
    if (part === '..') parts.pop();
    else parts.push(part);
  }
  return `/${parts.join('/')}`;
}

/** What the path exposes, for messages; undefined when it holds no runtime socket. */
export function runtimeSocket(path: string): string | undefined {
  const trimmed = path.trim();
  if (WINDOWS_PIPES.has(trimmed.toLowerCase())) return `the host's container runtime pipe ${trimmed}`;
  if (!trimmed.startsWith('/')) return undefined;
  const normalized = normalizeHostPath(trimmed);
  const file = normalized.slice(normalized.lastIndexOf('/') + 1);
  if (SOCKET_FILES.has(file)) return `the host's container runtime socket ${normalized}`;
  if (SOCKET_DIRECTORIES.has(normalized)) return `the host directory ${normalized}, which holds the container runtime socket,`;
  return undefined;
}

function isMonitoringAgent(image: string, allowed: readonly string[]): boolean {
  if (isPlaceholderImage(image)) return false;
  const ref = parseImage(image);
  return allowed.some((entry) => (/[*?[\]{}!]/.test(entry) ? imageMatchesGlob(image, [entry]) : repositoryEndsWith(ref, entry)));
}

export default defineRule({
  meta: {
    id: 'container-socket-mount',
    category: 'security',
    severity: 'error',
    signal: 'strong',
    kinds: WORKLOAD_KINDS,
    messages: {
      socket:
        'Volume "{{volume}}" of {{kind}} "{{name}}" mounts {{what}} into {{containers}}: whoever controls the container can start privileged containers and take over the node, and the mount breaks when the node\'s runtime changes (Docker is gone from EKS nodes since 1.24).',
    },
    docs: {
      description: 'Mounting the container runtime socket hands the node to the container, and breaks on runtime upgrades.',
      source: {
        title: 'EKS Best Practices: Security › Pod Security › Never run Docker in Docker or mount the socket in the container',
        url: `${EKS}/pod-security.html`,
      },
    },
    options: {
      type: 'object',
      additionalProperties: false,
      properties: {
        allowedImages: {
          description:
            'Monitoring and runtime-security agents that read the runtime socket by design (end of the repository path, or a glob); containers running them are not reported. Setting this replaces the built-in list.',
          type: 'array',
          items: { type: 'string', minLength: 1 },
          default: MONITORING_AGENT_IMAGES,
        },
      },
    },
  },
  check({ workload, options, report }) {
    if (!workload) return;
    const volumes = workload.podSpec.volumes;
    if (!Array.isArray(volumes)) return;
    const allowed = Array.isArray(options.allowedImages) ? (options.allowedImages as string[]) : MONITORING_AGENT_IMAGES;
    const containers = workload.containers;
    volumes.forEach((volume, index) => {
      if (!isObject(volume) || !isObject(volume.hostPath) || typeof volume.hostPath.path !== 'string') return;
      const what = runtimeSocket(volume.hostPath.path);
      if (!what || typeof volume.name !== 'string') return;
      const users = containers.filter((container) => {
        const mounts = Array.isArray(container.spec.volumeMounts) ? container.spec.volumeMounts : [];
        return mounts.some((mount) => isObject(mount) && mount.name === volume.name);
      });
      const exposed = users.filter((container) => {
        const image = container.image ?? '';
        return !isMonitoringAgent(image, allowed);
      });
      if (exposed.length === 0) return;
      const related: Related[] = exposed.map((container) => ({
        resource: workload.resource,
        at: [...container.path, 'image'],
        message: `runs ${displayImage(container.image ?? '(no image)')}`,
      }));
      const names = exposed.map((container) => `container "${container.name || `#${container.index + 1}`}"`).join(', ');
      report({
        at: [...workload.podSpecPath, 'volumes', index, 'hostPath', 'path'],
        on: 'value',
        messageId: 'socket',
        data: { volume: volume.name, kind: workload.kind, name: workload.resource.name || '(unnamed)', what, containers: names },
        related,
      });
    });
  },
});
