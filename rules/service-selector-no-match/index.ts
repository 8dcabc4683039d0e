import { isMap } from 'yaml';
import { isObject, type Resource } from '../../server/src/engine/parse';
import type { Relations } from '../../server/src/engine/relations';
import { defineRule, type FixSpec } from '../../server/src/engine/rule-api';
import { type Labels, labelsOf, pinnedLabels } from '../../server/src/engine/selectors';
import { get, type Workload } from '../../server/src/engine/workload';
import { locate } from '../../server/src/engine/yaml-path';
import { EKS } from '../lib/docs';
import { formatLabels, hasComments } from '../lib/spread';

/** Operators whose custom resources become pods that no manifest shows (RULES.md R5 trap, also here). */
const POD_CREATING_KINDS: readonly { group: string; kind: string }[] = [
  { group: 'monitoring.coreos.com', kind: 'Prometheus' },
  { group: 'monitoring.coreos.com', kind: 'Alertmanager' },
  { group: 'monitoring.coreos.com', kind: 'ThanosRuler' },
  { group: 'monitoring.coreos.com', kind: 'PrometheusAgent' },
  { group: 'kafka.strimzi.io', kind: 'Kafka' },
  { group: 'kafka.strimzi.io', kind: 'KafkaConnect' },
  { group: 'kafka.strimzi.io', kind: 'KafkaBridge' },
  { group: 'kafka.strimzi.io', kind: 'KafkaMirrorMaker2' },
  { group: 'kafka.strimzi.io', kind: 'KafkaNodePool' },
  { group: 'postgresql.cnpg.io', kind: 'Cluster' },
  { group: 'postgresql.cnpg.io', kind: 'Pooler' },
  { group: 'acid.zalan.do', kind: 'postgresql' },
  { group: 'elasticsearch.k8s.elastic.co', kind: 'Elasticsearch' },
  { group: 'kibana.k8s.elastic.co', kind: 'Kibana' },
  { group: 'rabbitmq.com', kind: 'RabbitmqCluster' },
  { group: 'opentelemetry.io', kind: 'OpenTelemetryCollector' },
  { group: 'jaegertracing.io', kind: 'Jaeger' },
  { group: 'minio.min.io', kind: 'Tenant' },
  { group: 'flink.apache.org', kind: 'FlinkDeployment' },
  { group: 'sparkoperator.k8s.io', kind: 'SparkApplication' },
  { group: 'kubevirt.io', kind: 'VirtualMachine' },
  { group: 'mongodbcommunity.mongodb.com', kind: 'MongoDBCommunity' },
  { group: 'redis.redis.opstreelabs.in', kind: 'Redis' },
  { group: 'databases.spotahome.com', kind: 'RedisFailover' },
  { group: 'app.redislabs.com', kind: 'RedisEnterpriseCluster' },
  { group: 'leaderworkerset.x-k8s.io', kind: 'LeaderWorkerSet' },
  { group: 'gateway.networking.k8s.io', kind: 'Gateway' },
];

/**
 * Labels that controllers add to pods, which templates therefore never show. A selector on them matches
 * the pods of the right kind of workload (per-pod Services of a StatefulSet, Argo Rollouts' blue/green hash).
 */
function controllerLabelMatches(key: string, value: string, workload: Workload, relations: Relations): boolean {
  const name = workload.resource.name;
  const kind = workload.kind;
  const ordinal = (text: string) => /^[0-9]{1,6}$/.test(text) && Number(text) < Math.max(1, relations.replicas(workload).max);
  switch (key) {
    case 'pod-template-hash':
      return kind === 'Deployment' || kind === 'ReplicaSet' || kind === 'Rollout';
    case 'rollouts-pod-template-hash':
      return kind === 'Rollout';
    case 'controller-revision-hash':
      return kind === 'StatefulSet' || kind === 'DaemonSet';
    case 'statefulset.kubernetes.io/pod-name':
      return kind === 'StatefulSet' && value.startsWith(`${name}-`) && ordinal(value.slice(name.length + 1));
    case 'apps.kubernetes.io/pod-index':
      return kind === 'StatefulSet' && ordinal(value);
    case 'job-name':
    case 'batch.kubernetes.io/job-name':
      return (kind === 'Job' && value === name) || (kind === 'CronJob' && value.startsWith(`${name}-`));
    case 'controller-uid':
    case 'batch.kubernetes.io/controller-uid':
      return kind === 'Job' || kind === 'CronJob';
    case 'deploymentconfig':
    case 'deployment':
      return kind === 'DeploymentConfig' && (key === 'deployment' ? value.startsWith(`${name}-`) : value === name);
    default:
      return false;
  }
}

function selects(selector: Labels, workload: Workload, relations: Relations): boolean {
  return Object.entries(selector).every(
    ([key, value]) => workload.templateLabels[key] === value || controllerLabelMatches(key, value, workload, relations),
  );
}

function extendsName(name: string, base: string): boolean {
  return name === base || name.startsWith(`${base}-`);
}

/** The name without a trailing version or ordinal: `reviews-v2` → `reviews`, `pxc-node3` → `pxc-node`. */
function stem(name: string): string {
  let end = name.length;
  while (end > 0 && name[end - 1]! >= '0' && name[end - 1]! <= '9') end--;
  if (end < name.length && end > 1 && name.slice(end - 2, end) === '-v') end -= 2;
  while (end > 0 && name[end - 1] === '-') end--;
  return name.slice(0, end);
}

function colour(name: string): string | undefined {
  return /-(blue|green)$/.exec(name)?.[1];
}

/**
 * Two workloads behind one Service belong together when one's name extends the other's (`shop`, `shop-canary`),
 * both extend the Service's name (`reviews-v1`, `reviews-v2` behind `reviews`), or they differ only by a version
 * or ordinal (`pxc-node1`, `pxc-node2`). Blue and green colours of one application never do: both being live
 * is the accident RULES.md N4 (b) is about.
 */
function related(a: Workload, b: Workload, service: string): boolean {
  const x = a.resource.name;
  const y = b.resource.name;
  const colours = [colour(x), colour(y)];
  if (colours[0] && colours[1] && colours[0] !== colours[1]) return false;
  if (x === y || extendsName(x, y) || extendsName(y, x)) return true;
  if (extendsName(x, service) && extendsName(y, service)) return true;
  return stem(x) !== '' && stem(x) === stem(y);
}

function unrelatedSet(workloads: readonly Workload[], service: string): boolean {
  if (workloads.length < 2) return false;
  const longRunning = workloads.filter((w) => w.longRunning);
  // Pods of a Job (a migration, say) behind a long-running Service receive its traffic while they run.
  if (longRunning.length > 0 && longRunning.length < workloads.length) return true;
  return workloads.some((a, i) => workloads.slice(i + 1).some((b) => !related(a, b, service)));
}

function describe(workload: Workload): string {
  return `${workload.kind} "${workload.resource.name}"`;
}

/** A valid port name (IANA_SVC_NAME): at most 15 lower-case letters, digits and inner dashes, with a letter. */
const PORT_NAME = /^[a-z0-9](?:[a-z0-9-]{0,13}[a-z0-9])?$/;

/**
 * A Service `targetPort` written as a name. `"8080"` is read as the number (the author's intent), and a name the API
 * would reject (`PORT`, a placeholder a script substitutes) is not ours to judge.
 */
function namedTargetPort(value: unknown): string | undefined {
  if (typeof value !== 'string' || !PORT_NAME.test(value) || !/[a-z]/.test(value)) return undefined;
  return value;
}

interface DeclaredPort {
  name: string | undefined;
  number: number | undefined;
  protocol: string;
}

function portsOf(workload: Workload): DeclaredPort[] {
  const ports: DeclaredPort[] = [];
  for (const container of workload.containers) {
    if (container.type === 'init' || !Array.isArray(container.spec.ports)) continue;
    for (const port of container.spec.ports) {
      if (!isObject(port)) continue;
      ports.push({
        name: typeof port.name === 'string' && port.name !== '' ? port.name : undefined,
        number: typeof port.containerPort === 'number' ? port.containerPort : undefined,
        protocol: typeof port.protocol === 'string' ? port.protocol.toUpperCase() : 'TCP',
      });
    }
  }
  return ports;
}

/** The labels a new selector for the workload should use: its own selector's pinned labels, else its template labels. */
function baseLabels(workload: Workload): Labels {
  const pinned = pinnedLabels(workload.selector);
  if (Object.keys(pinned).length > 0 && Object.entries(pinned).every(([k, v]) => workload.templateLabels[k] === v)) return pinned;
  const labels: Record<string, string> = {};
  for (const [key, value] of Object.entries(workload.templateLabels)) if (key !== 'pod-template-hash') labels[key] = value;
  return labels;
}

interface Candidate {
  workload: Workload;
  selector: Labels;
  score: number;
  /** Characters the written values share with the template's, from the start: `app` and `app1` share 3. */
  likeness: number;
}

function commonPrefix(a: string, b: string): number {
  let i = 0;
  while (i < a.length && i < b.length && a[i] === b[i]) i++;
  return i;
}

/**
 * Selectors that would select a workload of the namespace, closest first: keys the Service already uses
 * keep their place and take the template's value; keys the template lacks go. Only workloads that share a
 * label key with the selector are candidates, and no candidate may also select an unrelated workload.
 */
function candidates(service: string, selector: Labels, workloads: readonly Workload[], relations: Relations): Candidate[] {
  const scored: (Candidate & { kept: Labels })[] = [];
  for (const workload of workloads) {
    if (!workload.longRunning) continue;
    const template = workload.templateLabels;
    let score = 0;
    let likeness = 0;
    const kept: Record<string, string> = {};
    for (const [key, value] of Object.entries(selector)) {
      if (template[key] === undefined) continue;
      score += template[key] === value ? 2 : 1;
      likeness += commonPrefix(value, template[key]!);
      kept[key] = template[key]!;
    }
    if (score === 0) continue;
    // A workload named like the Service is the likeliest target.
    if (workload.resource.name === service) likeness += 1000;
    scored.push({ workload, selector: kept, kept, score, likeness });
  }
  scored.sort((a, b) => b.score - a.score || b.likeness - a.likeness || a.workload.resource.name.localeCompare(b.workload.resource.name));
  // Checking that a proposal selects nothing else costs a pass over the namespace: only for the best few.
  const result: Candidate[] = [];
  for (const { workload, kept, score, likeness } of scored) {
    if (result.length === 3) break;
    const clean = (labels: Labels) => {
      const selected = workloads.filter((w) => selects(labels, w, relations));
      return selected.every((w) => w === workload || related(w, workload, service));
    };
    let proposed: Labels | undefined = Object.keys(kept).length ? kept : undefined;
    if (!proposed || !clean(proposed)) proposed = baseLabels(workload);
    if (Object.keys(proposed).length === 0 || !clean(proposed)) continue;
    result.push({ workload, selector: proposed, score, likeness });
  }
  return result;
}

/** Rewrites `spec.selector` key by key where it can (values in place, extra keys removed), else as a whole. */
function applySelector(fix: Parameters<FixSpec['apply']>[0], service: Resource, current: Labels, next: Labels): void {
  const path = ['spec', 'selector'];
  const located = locate(service.document.yaml, service.node, path);
  const block = isMap(located.node) && !located.node.flow;
  const subset = Object.keys(next).every((key) => key in current);
  if (block && subset) {
    for (const [key, value] of Object.entries(current)) {
      if (!(key in next)) fix.remove(service, [...path, key]);
      else if (next[key] !== value) fix.set(service, [...path, key], next[key]!);
    }
    return;
  }
  if (hasComments(service, path)) return;
  fix.replace(service, path, { ...next });
}

/** Operator resources of the namespace that may own the selected pods: a selector value names one of them. */
function operatorOwner(selector: Labels, namespace: string, relations: Relations): Resource | undefined {
  const values = Object.values(selector);
  for (const { group, kind } of POD_CREATING_KINDS) {
    for (const owner of relations.ofKind(namespace, group, kind)) {
      if (owner.name.length >= 2 && values.some((value) => value === owner.name || value.includes(owner.name))) return owner;
    }
  }
  return undefined;
}

function externalMatch(selector: Labels, external: unknown): boolean {
  if (!Array.isArray(external)) return false;
  return external.some((entry) => {
    const labels = labelsOf(entry);
    return Object.keys(labels).length > 0 && Object.entries(selector).every(([key, value]) => labels[key] === value);
  });
}

export default defineRule({
  meta: {
    id: 'service-selector-no-match',
    category: 'networking',
    severity: 'warning',
    signal: 'strong',
    fixable: 'unsafe',
    kinds: ['Service'],
    messages: {
      noMatch:
        'Service "{{name}}" selects {{selector}}, but no pod template in namespace "{{namespace}}" carries these labels: the Service has no endpoints, and every connection to it fails.',
      noMatchPartial:
        'Service "{{name}}" selects {{selector}}, and no pod template in the workspace carries these labels (manifestSet: partial, so the pods may be defined elsewhere).',
      noMatchOperator:
        'Service "{{name}}" selects {{selector}}, and no pod template in the project carries these labels; {{owner}} may create these pods at runtime.',
      several:
        'Service "{{name}}" selects the pods of {{count}} workloads ({{workloads}}): traffic is split between them, which is usually an accident (blue and green both live, or a Job\'s pods receiving requests).',
      targetPortMissing:
        'Service "{{name}}" sends port {{port}} to the named targetPort "{{targetPort}}", but no container of {{workloads}} declares a port with that name: the port has no endpoints, and every connection to it fails.',
      selectWorkload: 'Select the pods of {{workload}} ({{labels}})',
      useTargetPort: 'Use the container port {{targetPort}}',
    },
    docs: {
      description: 'A Service selector must match the pod template of a workload in its namespace, and a named targetPort must be a declared container port name.',
      source: {
        title: 'EKS Best Practices: Reliability › Applications › Use blue/green deployments (selector switching)',
        url: `${EKS}/application.html`,
      },
    },
    options: {
      type: 'object',
      properties: {
        externalPodLabels: {
          type: 'array',
          items: { type: 'object', additionalProperties: { type: 'string' } },
          default: [],
          description: 'Label sets of pods created outside the manifests (by an operator, say): a Service selecting one of them is not reported.',
        },
      },
      additionalProperties: false,
    },
  },
  check({ resource, namespace, relations, settings, options, report }) {
    if (resource.group !== '') return;
    if (get(resource.object, ['spec', 'type']) === 'ExternalName') return;
    const selector = labelsOf(get(resource.object, ['spec', 'selector']));
    // No selector: the endpoints are managed by hand (or by a controller); nothing to match.
    if (Object.keys(selector).length === 0) return;
    // `${APP}`, `$(APP)`, `<app>`: a later step substitutes the labels.
    if (Object.entries(selector).some(([key, value]) => /[${}<>]/.test(key) || /[${}<>]/.test(value))) return;
    const workloads = relations.bucket(namespace).workloads;
    // The same workload in several files (variants of one manifest) is one workload.
    // In file order, so the message names the same workloads whichever order the files were read in.
    const matched = workloads
      .filter((workload) => selects(selector, workload, relations))
      .sort((a, b) => compareText(a.resource.file, b.resource.file) || a.resource.document.start - b.resource.document.start);
    const seen = new Set<string>();
    const selected = matched.filter((workload) => {
      const key = `${workload.kind}/${workload.resource.name}`;
      if (seen.has(key)) return false;
      seen.add(key);
      return true;
    });
    const name = resource.name;
    const selectorText = formatLabels(selector);

    if (selected.length === 0) {
      if (externalMatch(selector, options.externalPodLabels)) return;
      const owner = operatorOwner(selector, namespace, relations);
      const partial = settings.manifestSet === 'partial';
      const suggest: FixSpec[] = candidates(name, selector, workloads, relations).map((candidate) => ({
        messageId: 'selectWorkload',
        data: { workload: describe(candidate.workload), labels: formatLabels(candidate.selector) },
        apply: (fix) => applySelector(fix, resource, selector, candidate.selector),
      }));
      report({
        at: ['spec', 'selector'],
        messageId: owner ? 'noMatchOperator' : partial ? 'noMatchPartial' : 'noMatch',
        data: { name, selector: selectorText, namespace, owner: owner ? `${owner.kind} "${owner.name}"` : '' },
        ...(owner || partial ? { severity: 'info' as const, maxSeverity: 'info' as const } : {}),
        suggest,
      });
      return;
    }

    if (unrelatedSet(selected, name)) {
      const shown = selected.slice(0, 3).map(describe).join(', ');
      report({
        at: ['spec', 'selector'],
        messageId: 'several',
        data: { name, count: selected.length, workloads: selected.length > 3 ? `${shown} and ${selected.length - 3} more` : shown },
        severity: 'info',
      });
    }

    const ports = get(resource.object, ['spec', 'ports']);
    if (!Array.isArray(ports)) return;
    const declared = matched.flatMap(portsOf);
    ports.forEach((port, index) => {
      if (!isObject(port)) return;
      const targetPort = namedTargetPort(port.targetPort);
      if (!targetPort || declared.some((p) => p.name === targetPort)) return;
      const protocol = typeof port.protocol === 'string' ? port.protocol.toUpperCase() : 'TCP';
      const options = [...new Set(declared.filter((p) => p.protocol === protocol).map((p) => p.name ?? p.number))].filter(
        (value): value is string | number => value !== undefined,
      );
      // Named ports first: a port name stays right when the number changes.
      options.sort((a, b) => Number(typeof a === 'number') - Number(typeof b === 'number'));
      const shown = selected.slice(0, 2).map(describe).join(' or ');
      report({
        at: ['spec', 'ports', index, 'targetPort'],
        on: 'value',
        messageId: 'targetPortMissing',
        data: {
          name,
          port: typeof port.port === 'number' || typeof port.port === 'string' ? port.port : '?',
          targetPort,
          workloads: selected.length > 2 ? `${shown} (or ${selected.length - 2} more)` : shown,
        },
        severity: 'error',
        suggest: options.slice(0, 3).map((value) => ({
          messageId: 'useTargetPort',
          data: { targetPort: typeof value === 'string' ? `"${value}"` : value },
          apply: (fix) => fix.set(resource, ['spec', 'ports', index, 'targetPort'], value),
        })),
      });
    });
  },
});

function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
