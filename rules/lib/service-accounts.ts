import { isObject, type Resource } from '../../server/src/engine/parse';
import type { Relations } from '../../server/src/engine/relations';
import type { Settings } from '../../server/src/engine/rule-api';
import { get, type Workload } from '../../server/src/engine/workload';
import type { Path } from '../../server/src/engine/yaml-path';
import { commandLine, commandText, isKubeApiHost, isKubeClientImage, kubeApiMatch } from './kube-api';
import { trimSlashes } from './images';

/**
 * Service accounts as a pod sees them (RULES.md SEC5): which account it runs as, whether the API token is
 * mounted, and the signs that it needs the Kubernetes API.
 */

export const DEFAULT_SA = 'default';
export const IRSA_ANNOTATION = 'eks.amazonaws.com/role-arn';
const TOKEN_PATH = '/var/run/secrets/kubernetes.io/serviceaccount';
const RBAC_GROUP = 'rbac.authorization.k8s.io';
const LEADER_FLAG = /(?:^|\s)(--?(?:enable-)?leader-elect(?:ion)?)(?![\w-]|=(?:false|0|f)\b)/i;

export interface AccountRef {
  name: string;
  /** Where the pod names it (`serviceAccountName`, or the deprecated `serviceAccount`); undefined for the implicit default. */
  path: Path | undefined;
}

/** `serviceAccountName`, else the deprecated `serviceAccount`, else `default`. */
export function accountOf(workload: Workload): AccountRef {
  for (const field of ['serviceAccountName', 'serviceAccount'] as const) {
    const value = workload.podSpec[field];
    if (typeof value === 'string' && value.trim() !== '') return { name: value.trim(), path: [...workload.podSpecPath, field] };
  }
  return { name: DEFAULT_SA, path: undefined };
}

export function serviceAccount(relations: Relations, namespace: string, name: string): Resource | undefined {
  return relations.ofKind(namespace, '', 'ServiceAccount').find((account) => account.name === name);
}

export interface TokenMount {
  /** Whether the kubelet mounts the API token into the pod's containers. */
  mounted: boolean;
  /** Which object decides: the pod spec wins over the ServiceAccount (RULES.md SEC5). */
  decidedBy: 'pod' | 'serviceAccount' | 'default';
  /** `automountServiceAccountToken: true` written on purpose, at the level that decides. */
  explicit: boolean;
}

export function tokenMount(workload: Workload, account: Resource | undefined): TokenMount {
  const pod = workload.podSpec.automountServiceAccountToken;
  if (typeof pod === 'boolean') return { mounted: pod, decidedBy: 'pod', explicit: pod };
  const sa = account ? get(account.object, ['automountServiceAccountToken']) : undefined;
  if (typeof sa === 'boolean') return { mounted: sa, decidedBy: 'serviceAccount', explicit: sa };
  return { mounted: true, decidedBy: 'default', explicit: false };
}

/** An IRSA role on the account: the pod gets AWS credentials whether or not the API token is mounted. */
export function hasIrsaRole(account: Resource | undefined): boolean {
  const role = account ? get(account.object, ['metadata', 'annotations', IRSA_ANNOTATION]) : undefined;
  return typeof role === 'string' && role.trim() !== '';
}

/**
 * RoleBindings of the account's namespace and ClusterRoleBindings that name the account as a subject. A
 * RoleBinding's ServiceAccount subject without a namespace means the binding's own namespace.
 */
export function bindingsOf(relations: Relations, namespace: string, name: string): Resource[] {
  const bindings = [...relations.ofKind(namespace, RBAC_GROUP, 'RoleBinding'), ...relations.ofKind('', RBAC_GROUP, 'ClusterRoleBinding')];
  return bindings.filter((binding) => {
    const subjects = get(binding.object, ['subjects']);
    if (!Array.isArray(subjects)) return false;
    const bindingNamespace = binding.kind === 'RoleBinding' ? relations.namespaceOf(binding) : undefined;
    return subjects.some(
      (subject) =>
        isObject(subject) &&
        subject.kind === 'ServiceAccount' &&
        subject.name === name &&
        (typeof subject.namespace === 'string' && subject.namespace !== '' ? subject.namespace : bindingNamespace) === namespace,
    );
  });
}

/**
 * Controllers and operators that watch the API by design, matched on the end of the repository path like
 * `settings.images.kubeClients` (an entry with glob characters is a glob).
 */
export const CONTROLLER_IMAGES: readonly string[] = [
  'amazon-k8s-cni',
  'argoproj/argo-rollouts',
  'argoproj/argocd',
  'argoproj/workflow-controller',
  'aws-ebs-csi-driver',
  'aws-efs-csi-driver',
  'aws-for-fluent-bit',
  'aws-load-balancer-controller',
  'calico/*',
  'cert-manager-cainjector',
  'cert-manager-controller',
  'cert-manager-webhook',
  'cilium/*',
  'cluster-autoscaler',
  'coredns/coredns',
  'eks/coredns',
  'eks/kube-proxy',
  'external-dns/external-dns',
  'external-secrets/external-secrets',
  'fluent/fluent-bit',
  'fluxcd/*-controller',
  'ingress-nginx/controller',
  'istio/pilot',
  'istio-release/pilot',
  'karpenter/controller',
  'kedacore/keda',
  'kiwigrid/k8s-sidecar',
  'kube-proxy',
  'kube-state-metrics/kube-state-metrics',
  'kyverno/kyverno',
  'metrics-server/metrics-server',
  'openpolicyagent/gatekeeper',
  'prometheus/prometheus',
  'prometheus-adapter/prometheus-adapter',
  'prometheus-operator/prometheus-operator',
];

/**
 * The first sign that the pod talks to the Kubernetes API, as a short description; undefined when none.
 * The signs are those of RULES.md S6–S8 (client images, API calls in commands, probes and env), a mount
 * of the token path, and a controller image.
 */
export function apiUseSignal(workload: Workload, settings: Settings, controllerImages: readonly string[]): string | undefined {
  const containers = ['initContainers', 'containers'].flatMap((field) => {
    const list = workload.podSpec[field];
    return Array.isArray(list) ? list.filter(isObject) : [];
  });
  for (const container of containers) {
    const label = typeof container.name === 'string' ? `container "${container.name}"` : 'a container';
    const image = typeof container.image === 'string' ? container.image : '';
    if (image && isKubeClientImage(image, [...settings.images.kubeClients, ...controllerImages])) return `${label} runs ${image}`;
    const line = commandLine(container);
    const command = kubeApiMatch(line);
    if (command) return `${label} calls the API (${command})`;
    // A leader-elected process holds a Lease in the API for as long as it runs.
    const leader = LEADER_FLAG.exec(line);
    if (leader) return `${label} runs with ${leader[1]}`;
    for (const probe of ['livenessProbe', 'readinessProbe', 'startupProbe']) {
      const spec = container[probe];
      if (!isObject(spec)) continue;
      const host = get(spec, ['httpGet', 'host']);
      if (typeof host === 'string' && isKubeApiHost(host)) return `the ${probe} of ${label} targets the API`;
      const exec = kubeApiMatch(commandText(get(spec, ['exec', 'command'])));
      if (exec) return `the ${probe} of ${label} calls the API (${exec})`;
    }
    const env = Array.isArray(container.env) ? container.env : [];
    for (const variable of env) {
      if (!isObject(variable) || typeof variable.value !== 'string') continue;
      const match = kubeApiMatch(variable.value);
      if (match) return `${label} is configured with the API address (${match})`;
    }
    const mounts = Array.isArray(container.volumeMounts) ? container.volumeMounts : [];
    if (mounts.some((mount) => isObject(mount) && typeof mount.mountPath === 'string' && trimSlashes(mount.mountPath) === TOKEN_PATH)) {
      return `${label} mounts a token at ${TOKEN_PATH}`;
    }
  }
  return undefined;
}

/**
 * The workloads of the namespace that run as the account, one per kind and name: the same object rendered
 * in several files (an overlay, a generated install.yaml) is one workload in the cluster.
 */
export function workloadsUsing(relations: Relations, namespace: string, name: string): Workload[] {
  const seen = new Set<string>();
  return relations.bucket(namespace).workloads.filter((workload) => {
    if (accountOf(workload).name !== name) return false;
    const key = `${workload.kind}\u0000${workload.resource.name}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

/** Whether two workloads are the same object (same kind and name in one namespace), as far as the cluster can tell. */
export function sameWorkload(a: Workload, b: Workload): boolean {
  return a.kind === b.kind && a.resource.name === b.resource.name;
}
