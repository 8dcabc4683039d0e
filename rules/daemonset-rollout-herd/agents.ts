import { isObject } from '../../server/src/engine/parse';
import type { Relations } from '../../server/src/engine/relations';
import type { Settings } from '../../server/src/engine/rule-api';
import { get, type ContainerRef, type Workload } from '../../server/src/engine/workload';
import { volumeRefs } from '../lib/config-refs';
import { displayImage, isPlaceholderImage, parseImage, repositoryEndsWith } from '../lib/images';
import {
  apiClientLoop,
  commandLine,
  commandText,
  imageMatchesGlob,
  isKubeApiHost,
  isKubeClientImage,
  KUBE_API_SIDECAR_IMAGES,
  kubeApiMatch,
} from '../lib/kube-api';
import { accountOf, serviceAccount, tokenMount } from '../lib/service-accounts';

/**
 * Whether the pods of a DaemonSet call the Kubernetes API server, and so load it all at once when a rollout
 * restarts many of them (RULES.md SC4): API access (a token) and a sign of use (S6–S8 patterns, or a
 * log or metrics agent that enriches records with pod metadata from the API).
 */

/** Fluent Bit images: their `kubernetes` filter asks the API server for each pod's metadata unless `Use_Kubelet On`. */
export const FLUENT_BIT_IMAGES: readonly string[] = ['fluent-bit', 'aws-for-fluent-bit'];

/** Other agents that enrich logs or metrics with pod metadata from the API server by default. */
export const ENRICHMENT_IMAGES: readonly string[] = [
  'fluent/fluentd-kubernetes-daemonset',
  'fluentd-kubernetes-daemonset',
  'grafana/promtail',
  'grafana/alloy',
  'grafana/agent',
  'timberio/vector',
  'elastic/filebeat',
  'beats/filebeat',
  'elastic/metricbeat',
  'beats/metricbeat',
  'datadog/agent',
  'datadoghq/agent',
  'otel/opentelemetry-collector-contrib',
  'otel/opentelemetry-collector-k8s',
  'splunk/fluentd-hec',
];

function matchesImage(image: string, entries: readonly string[]): boolean {
  if (isPlaceholderImage(image)) return false;
  const ref = parseImage(image);
  return entries.some((entry) => (/[*?[\]{}!]/.test(entry) ? imageMatchesGlob(image, [entry]) : repositoryEndsWith(ref, entry)));
}

/** Whether the pods get credentials for the API: the automounted token, or a projected token for the API's audience. */
export function hasApiAccess(workload: Workload, relations: Relations, namespace: string): boolean {
  const account = serviceAccount(relations, namespace, accountOf(workload).name);
  if (tokenMount(workload, account).mounted) return true;
  const volumes = Array.isArray(workload.podSpec.volumes) ? workload.podSpec.volumes : [];
  return volumes.some((volume) => {
    const sources = get(volume, ['projected', 'sources']);
    if (!Array.isArray(sources)) return false;
    // A token with its own audience (sts.amazonaws.com for IRSA, say) is not accepted by the API server.
    return sources.some((source) => isObject(get(source, ['serviceAccountToken'])) && get(source, ['serviceAccountToken', 'audience']) === undefined);
  });
}

export type FluentBitConfig = 'api' | 'kubelet' | 'none' | 'unknown';

/**
 * What the Fluent Bit configuration in the pod's ConfigMaps does for pod metadata: `api` when a
 * `kubernetes` filter asks the API server (no `Use_Kubelet On`), `kubelet` when every such filter asks the
 * kubelet, `none` when no filter enriches, `unknown` when no mounted ConfigMap is in the project. Both the
 * classic format (`[FILTER]` sections of `Key Value` lines) and the YAML format (`- name: kubernetes`) are read.
 */
export function fluentBitConfig(workload: Workload, relations: Relations, namespace: string): { verdict: FluentBitConfig; configMap?: string } {
  const names = volumeRefs(workload)
    .filter((ref) => ref.kind === 'ConfigMap')
    .map((ref) => ref.name);
  const configMaps = relations.ofKind(namespace, '', 'ConfigMap').filter((configMap) => names.includes(configMap.name));
  if (configMaps.length === 0) return { verdict: 'unknown' };
  let verdict: FluentBitConfig = 'none';
  let found: string | undefined;
  for (const configMap of configMaps) {
    const data = configMap.object.data;
    if (!isObject(data)) continue;
    for (const value of Object.values(data)) {
      if (typeof value !== 'string') continue;
      const filter = kubernetesFilter(value);
      if (filter === 'api') return { verdict: 'api', configMap: configMap.name };
      if (filter === 'kubelet') {
        verdict = 'kubelet';
        found = configMap.name;
      }
    }
  }
  return { verdict, ...(found ? { configMap: found } : {}) };
}

const TRUE = new Set(['on', 'true', 'yes', '1']);

/** `api`, `kubelet` or undefined for one configuration text, read section by section in one pass. */
function kubernetesFilter(text: string): 'api' | 'kubelet' | undefined {
  let result: 'api' | 'kubelet' | undefined;
  let name: string | undefined;
  let kubelet = false;
  const close = () => {
    if (name === 'kubernetes') {
      if (!kubelet) result = 'api';
      else if (result === undefined) result = 'kubelet';
    }
    name = undefined;
    kubelet = false;
  };
  for (const raw of text.split('\n')) {
    const line = raw.trim();
    if (line === '' || line.startsWith('#')) continue;
    // A new section: `[FILTER]` in the classic format, a list item in the YAML one.
    if (line.startsWith('[') || line.startsWith('- ')) close();
    const entry = line.replace(/^-\s+/, '');
    const pair = /^([A-Za-z_]+)\s*[:\s]\s*(.*)$/.exec(entry);
    if (!pair) continue;
    const key = pair[1]!.toLowerCase();
    const value = pair[2]!.trim().replace(/^["']|["']$/g, '').toLowerCase();
    if (key === 'name') name = value;
    else if (key === 'use_kubelet') kubelet = TRUE.has(value);
  }
  close();
  return result;
}

export interface ApiSignalOptions {
  fluentBitImages: readonly string[];
  enrichmentImages: readonly string[];
}

/** The first sign that the pods call the API server, as a short description; undefined when none. */
export function apiClientSignal(
  workload: Workload,
  relations: Relations,
  namespace: string,
  settings: Settings,
  options: ApiSignalOptions,
): string | undefined {
  for (const container of workload.containers) {
    const signal = containerSignal(container, workload, relations, namespace, settings, options);
    if (signal) return signal;
  }
  return undefined;
}

function containerSignal(
  container: ContainerRef,
  workload: Workload,
  relations: Relations,
  namespace: string,
  settings: Settings,
  options: ApiSignalOptions,
): string | undefined {
  const label = `container "${container.name || `#${container.index + 1}`}"`;
  const image = container.image?.trim() ?? '';
  if (image && imageMatchesGlob(image, settings.images.allowed)) return undefined;
  if (image && isKubeClientImage(image, [...settings.images.kubeClients, ...KUBE_API_SIDECAR_IMAGES])) {
    return `${label} runs the Kubernetes client image ${displayImage(image)}`;
  }
  const line = commandLine(container.spec);
  const loop = apiClientLoop(line);
  if (loop) return `${label} keeps calling the API server (${loop.match})`;
  const call = kubeApiMatch(line);
  if (call) return `${label} calls the API server (${call})`;
  for (const probe of ['startupProbe', 'readinessProbe', 'livenessProbe']) {
    const spec = container.spec[probe];
    if (!isObject(spec)) continue;
    const host = get(spec, ['httpGet', 'host']);
    const exec = kubeApiMatch(commandText(get(spec, ['exec', 'command'])));
    if ((typeof host === 'string' && isKubeApiHost(host)) || exec) return `the ${probe} of ${label} calls the API server`;
  }
  if (!image) return undefined;
  if (matchesImage(image, options.fluentBitImages)) {
    const config = fluentBitConfig(workload, relations, namespace);
    if (config.verdict === 'api') {
      return `${label} runs Fluent Bit, whose kubernetes filter in ConfigMap "${config.configMap}" asks the API server for each new pod's metadata (Use_Kubelet is off)`;
    }
    if (config.verdict === 'unknown') {
      return `${label} runs Fluent Bit (${displayImage(image)}), whose kubernetes filter asks the API server for pod metadata unless Use_Kubelet is on (its configuration is not in the project)`;
    }
    return undefined;
  }
  if (matchesImage(image, options.enrichmentImages)) {
    return `${label} runs ${displayImage(image)}, an agent that enriches its data with pod metadata from the API server`;
  }
  return undefined;
}
