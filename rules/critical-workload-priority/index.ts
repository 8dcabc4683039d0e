import { isObject, type Resource } from '../../server/src/engine/parse';
import { type Relations, serviceSelector } from '../../server/src/engine/relations';
import { matches } from '../../server/src/engine/selectors';
import { defineRule, type FixSpec, type RuleContext } from '../../server/src/engine/rule-api';
import { get, WORKLOAD_KINDS, type Workload } from '../../server/src/engine/workload';
import { K8S } from '../lib/docs';
import { isPlaceholderImage, parseImage, repositoryEndsWith } from '../lib/images';
import { ADMISSION_GROUP, backendService, WEBHOOK_KINDS, webhooksOf } from '../lib/webhooks';

export const SCHEDULING_GROUP = 'scheduling.k8s.io';
const SYSTEM_CLASSES = ['system-node-critical', 'system-cluster-critical'];
/** The value the fix gives a new PriorityClass: far above ordinary pods, far below the system classes (2e9). */
const CRITICAL_VALUE = 1_000_000;

/** DNS servers and node-local DNS caches: every pod's name resolution depends on them. */
const DNS_IMAGES = ['coredns/coredns', 'eks/coredns', 'dns/k8s-dns-node-cache', 'k8s-dns-node-cache', 'k8s-dns-kube-dns'];
const DNS_APP_LABELS = ['kube-dns', 'node-local-dns', 'coredns'];

/** Ingress and load-balancer controllers: every request from outside the cluster depends on them. */
export const CONTROLLER_IMAGES: readonly string[] = [
  'aws-load-balancer-controller',
  'ingress-nginx/controller',
  'ingress-nginx/controller-chroot',
  'kubernetes-ingress-controller/nginx-ingress-controller',
  'nginx/nginx-ingress',
  'nginx/nginx-plus-ingress',
  'traefik',
  'haproxytech/kubernetes-ingress',
  'jcmoraisjr/haproxy-ingress',
  'projectcontour/contour',
  'kong/kubernetes-ingress-controller',
  'envoyproxy/gateway',
];

function images(workload: Workload) {
  return workload.containers.flatMap((container) =>
    container.image && !isPlaceholderImage(container.image) ? [parseImage(container.image)] : [],
  );
}

function usesImage(workload: Workload, repositories: readonly string[]): boolean {
  return images(workload).some((image) => repositories.some((entry) => repositoryEndsWith(image, entry)));
}

/** Whether the Service sends traffic to the workload: membership in `relations.workloadsBehind(service)`. */
function behind(service: Resource | undefined, workload: Workload): boolean {
  return service !== undefined && matches(serviceSelector(service), workload.templateLabels);
}

/**
 * The admission webhook or aggregated API whose Service selects the workload, if any: the webhook backends of
 * `webhook-backend-not-ha` (`backendService`, whose `backendWorkloads` are the workloads it selects).
 */
function servedApi(workload: Workload, namespace: string, relations: Relations): string | undefined {
  return servedApis(relations, namespace).find((api) => behind(api.service, workload))?.description;
}

/** The Services of the namespace that back an admission webhook or an aggregated API, in the order found. */
function servedApis(relations: Relations, namespace: string): { service: Resource | undefined; description: string }[] {
  return relations.memo('critical-workload-priority: served APIs', ['', namespace], () => {
    const apis: { service: Resource | undefined; description: string }[] = [];
    for (const kind of WEBHOOK_KINDS) {
      for (const configuration of relations.ofKind('', ADMISSION_GROUP, kind)) {
        for (const webhook of webhooksOf(configuration)) {
          if (webhook.service?.namespace !== namespace) continue;
          apis.push({ service: backendService(relations, webhook), description: `the admission webhook "${webhook.name || configuration.name}"` });
        }
      }
    }
    for (const apiService of relations.ofKind('', 'apiregistration.k8s.io', 'APIService')) {
      const service = get(apiService.object, ['spec', 'service']);
      if (!isObject(service) || typeof service.name !== 'string') continue;
      const serviceNamespace = typeof service.namespace === 'string' && service.namespace !== '' ? service.namespace : 'default';
      if (serviceNamespace !== namespace) continue;
      apis.push({ service: relations.service(serviceNamespace, service.name), description: `the aggregated API "${apiService.name}"` });
    }
    return apis;
  });
}

/**
 * Why the workload is one that others depend on after a capacity loss (RULES.md S18 (a)): it serves an
 * admission webhook or an aggregated API, it is a DNS server or cache, an ingress or load-balancer
 * controller, or a node agent DaemonSet in kube-system. Undefined for every other workload.
 */
function criticalReason(context: RuleContext, workload: Workload, extraImages: readonly string[]): string | undefined {
  const { namespace, relations } = context;
  const api = servedApi(workload, namespace, relations);
  if (api) return `serves ${api}`;
  const app = workload.templateLabels['k8s-app'];
  if (usesImage(workload, DNS_IMAGES) || (app !== undefined && DNS_APP_LABELS.includes(app))) return 'is a DNS server that every pod resolves names with';
  if (usesImage(workload, CONTROLLER_IMAGES)) return 'is an ingress or load-balancer controller';
  if (extraImages.length > 0 && usesImage(workload, extraImages)) return 'runs an image configured as critical';
  if (workload.isDaemonSet && namespace === 'kube-system') return 'is a kube-system node agent (network, storage, logs or metrics)';
  return undefined;
}

function stringList(value: unknown, fallback: readonly string[]): string[] {
  return Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : [...fallback];
}

function priorityClasses(relations: Relations): Resource[] {
  return relations.ofKind('', SCHEDULING_GROUP, 'PriorityClass');
}

/** Sets `priorityClassName`, and appends the PriorityClass when the project does not define it. */
function setPriorityClass(context: RuleContext, workload: Workload, className: string): FixSpec {
  const defined = SYSTEM_CLASSES.includes(className) || priorityClasses(context.relations).some((pc) => pc.name === className);
  const path = [...workload.podSpecPath, 'priorityClassName'];
  return {
    messageId: defined ? 'setClass' : 'setClassAndDefine',
    data: { class: className },
    apply: (fix) => {
      fix.set(workload.resource, path, className);
      if (!defined) {
        fix.appendDocument(workload.resource, {
          apiVersion: `${SCHEDULING_GROUP}/v1`,
          kind: 'PriorityClass',
          metadata: { name: className },
          value: CRITICAL_VALUE,
          globalDefault: false,
          preemptionPolicy: 'PreemptLowerPriority',
          description: 'Components other workloads depend on (webhooks, DNS, ingress), so that they win preemption after a capacity loss.',
        });
      }
    },
  };
}

function checkWorkload(context: RuleContext, workload: Workload): void {
  const { namespace, options, report } = context;
  if (workload.helmHook) return;
  const configuredClass = typeof options.priorityClassName === 'string' && options.priorityClassName !== '' ? options.priorityClassName : 'platform-critical';
  const systemNamespaces = stringList(options.systemNamespaces, ['kube-system']);
  const written = workload.podSpec.priorityClassName;
  const className = typeof written === 'string' ? written.trim() : written === undefined || written === null ? '' : undefined;
  if (className === undefined) return;
  const { kind } = workload;
  const { name } = workload.resource;
  const reason = workload.longRunning ? criticalReason(context, workload, stringList(options.criticalImages, [])) : undefined;

  if (className === '' && reason) {
    const systemClass = workload.isDaemonSet ? 'system-node-critical' : 'system-cluster-critical';
    const suggested = systemNamespaces.includes(namespace) ? systemClass : configuredClass;
    report({
      at: ['metadata', 'name'],
      messageId: 'missing',
      severity: 'info',
      data: { kind, name, reason },
      suggest: [setPriorityClass(context, workload, suggested)],
    });
    return;
  }
  // Node agents (DaemonSets) in any namespace need a system class to get room on a full node; see the docs.
  if (SYSTEM_CLASSES.includes(className) && !systemNamespaces.includes(namespace) && !reason && !workload.isDaemonSet) {
    report({
      at: [...workload.podSpecPath, 'priorityClassName'],
      on: 'value',
      messageId: 'systemClassOutsideSystem',
      data: { kind, name, class: className, namespace },
      suggest: SYSTEM_CLASSES.includes(configuredClass) ? [] : [setPriorityClass(context, workload, configuredClass)],
    });
  }
}

function numeric(value: unknown): number | undefined {
  return typeof value === 'number' && Number.isFinite(value) ? value : undefined;
}

function checkPriorityClass({ resource, relations, report }: RuleContext): void {
  if (resource.group !== SCHEDULING_GROUP || get(resource.object, ['globalDefault']) !== true) return;
  const value = numeric(get(resource.object, ['value']));
  if (value === undefined || value <= 0) return;
  // Classes given deliberately to some workloads, above ordinary pods (negative ones are placeholders).
  const deliberate = priorityClasses(relations).filter(
    (other) => other !== resource && get(other.object, ['globalDefault']) !== true && (numeric(get(other.object, ['value'])) ?? 0) > 0,
  );
  const highest = deliberate.reduce<Resource | undefined>(
    (best, other) => (!best || numeric(get(other.object, ['value']))! > numeric(get(best.object, ['value']))! ? other : best),
    undefined,
  );
  const highestValue = highest ? numeric(get(highest.object, ['value']))! : undefined;
  let why: string | undefined;
  if (highest && highestValue !== undefined && value >= highestValue) {
    why = `as high as or higher than the highest other class, "${highest.name}" (${highestValue})`;
  } else if (value >= CRITICAL_VALUE) {
    why = `at least ${CRITICAL_VALUE}, the level of critical components`;
  }
  if (!why) return;
  report({
    at: ['value'],
    on: 'value',
    messageId: 'highGlobalDefault',
    data: { name: resource.name, value, why },
    suggest: [{ messageId: 'notGlobalDefault', apply: (fix) => fix.set(resource, ['globalDefault'], false) }],
  });
}

export default defineRule({
  meta: {
    id: 'critical-workload-priority',
    category: 'static-stability',
    severity: 'warning',
    signal: 'heuristic',
    fixable: 'unsafe',
    kinds: [...WORKLOAD_KINDS, 'PriorityClass'],
    messages: {
      missing:
        '{{kind}} "{{name}}" {{reason}} but has no priorityClassName: after a capacity loss (an AZ, a wave of node replacements) it competes with ordinary pods for room instead of preempting them.',
      systemClassOutsideSystem:
        '{{kind}} "{{name}}" in namespace "{{namespace}}" uses {{class}}, the class reserved for cluster components: after a capacity loss it can preempt CoreDNS, the CNI or webhook backends that every workload depends on.',
      highGlobalDefault:
        'PriorityClass "{{name}}" is the global default with value {{value}}, {{why}}: every pod without a priorityClassName gets it, so after a capacity loss ordinary pods no longer yield to the components others depend on.',
      setClass: 'Set priorityClassName: {{class}}',
      setClassAndDefine: 'Set priorityClassName: {{class}} and add that PriorityClass',
      notGlobalDefault: 'Set globalDefault: false',
    },
    docs: {
      description:
        'Components others depend on (webhook backends, DNS, ingress controllers, node agents) need a high priority class, and ordinary workloads must not take the system classes, so recovery after capacity loss starts with the right pods.',
      source: { title: 'Kubernetes: Pod Priority and Preemption', url: `${K8S}/concepts/scheduling-eviction/pod-priority-preemption/` },
    },
    options: {
      type: 'object',
      properties: {
        priorityClassName: {
          type: 'string',
          minLength: 1,
          default: 'platform-critical',
          description: 'The class the fix sets on critical workloads outside the system namespaces (appended as a PriorityClass when the project lacks it).',
        },
        criticalImages: {
          type: 'array',
          items: { type: 'string', minLength: 1 },
          default: [],
          description: 'More image repositories (matched as path suffixes) whose workloads count as critical.',
        },
        systemNamespaces: {
          type: 'array',
          items: { type: 'string', minLength: 1 },
          default: ['kube-system'],
          description: 'Namespaces where system-node-critical and system-cluster-critical are expected.',
        },
      },
      additionalProperties: false,
    },
  },
  check(context) {
    if (context.resource.kind === 'PriorityClass') {
      checkPriorityClass(context);
      return;
    }
    if (context.workload) checkWorkload(context, context.workload);
  },
});
