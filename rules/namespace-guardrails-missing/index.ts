import { isObject, type Resource } from '../../server/src/engine/parse';
import type { Relations } from '../../server/src/engine/relations';
import { defineRule, type FixSpec, type RuleContext } from '../../server/src/engine/rule-api';
import { labelsOf } from '../../server/src/engine/selectors';
import { get, WORKLOAD_KINDS } from '../../server/src/engine/workload';
import type { Path } from '../../server/src/engine/yaml-path';
import { EKS } from '../lib/docs';
import {
  allowDnsPolicy,
  appendDocuments,
  AUDIT_LABEL,
  defaultDenyPolicy,
  ENFORCE_LABEL,
  mergeMap,
  type PssLevel,
  PSS_LEVELS,
  SYSTEM_NAMESPACES,
  WARN_LABEL,
} from '../lib/pod-security';
import { isolationOf } from './network-policies';

const LEVEL_SCHEMA = { type: 'string', enum: [...PSS_LEVELS] };

export default defineRule({
  meta: {
    id: 'namespace-guardrails-missing',
    category: 'security',
    severity: 'info',
    signal: 'strong',
    fixable: 'safe',
    kinds: ['Namespace', ...WORKLOAD_KINDS],
    messages: {
      podSecurity:
        'Namespace "{{namespace}}" has no {{enforce}} label, so Pod Security Admission admits any pod there, privileged ones included.',
      podSecurityModes:
        'Namespace "{{namespace}}" enforces the {{level}} Pod Security Standard without {{missing}}: warn tells whoever applies a pod what a stricter level would reject, and audit records it, before enforce is tightened.',
      undeclared:
        'Namespace "{{namespace}}", where {{kind}} "{{name}}" runs, has no Namespace object in the project, so nothing sets its Pod Security labels and Pod Security Admission admits any pod there.',
      defaultDeny:
        'Namespace "{{namespace}}" has no default-deny NetworkPolicy{{direction}}, so its pods {{exposure}}.',
      resourceLimits:
        'Namespace "{{namespace}}" has no ResourceQuota or LimitRange, so pods without requests are scheduled as if they needed nothing and one workload can starve the others on shared nodes.',
      addLabels: 'Add the Pod Security labels {{labels}}',
      addNamespace: 'Add a Namespace "{{namespace}}" with the Pod Security labels {{labels}}',
      addPolicies: 'Add {{policies}} to namespace "{{namespace}}"',
      addLimitRange: 'Add a LimitRange with default requests to namespace "{{namespace}}"',
    },
    docs: {
      description: 'Namespaces should enforce a Pod Security Standard, deny network traffic by default and bound resource use.',
      source: {
        title: 'EKS Best Practices: Security › Pod Security › Use multiple Pod Security Admission (PSA) modes for a better user experience',
        url: `${EKS}/pod-security.html`,
      },
    },
    options: {
      type: 'object',
      additionalProperties: false,
      properties: {
        enforceLevel: { ...LEVEL_SCHEMA, default: 'baseline', description: 'The enforce level the fix writes.' },
        warnLevel: { ...LEVEL_SCHEMA, default: 'restricted', description: 'The warn level the fix writes (never below enforce).' },
        auditLevel: { ...LEVEL_SCHEMA, default: 'restricted', description: 'The audit level the fix writes (never below enforce).' },
        exemptNamespaces: {
          description: 'Namespaces not checked: the control plane and EKS add-ons own them.',
          type: 'array',
          items: { type: 'string', minLength: 1 },
          default: [...SYSTEM_NAMESPACES],
        },
      },
    },
  },
  check(context) {
    const { resource, options } = context;
    const exempt = Array.isArray(options.exemptNamespaces) ? (options.exemptNamespaces as string[]) : SYSTEM_NAMESPACES;
    if (resource.kind === 'Namespace') {
      if (resource.group !== '' || !resource.name || exempt.includes(resource.name)) return;
      checkNamespaceObject(context);
      return;
    }
    const namespace = context.namespace;
    if (context.settings.manifestSet !== 'complete' || exempt.includes(namespace)) return;
    if (!context.workload || !explicitNamespace(context.relations, resource)) return;
    if (context.relations.namespaceObject(namespace)) return;
    // Reported once per namespace: on the first workload (by file and position) that names it.
    const first = context.relations
      .bucket(namespace)
      .workloads.map((workload) => workload.resource)
      .filter((candidate) => explicitNamespace(context.relations, candidate))
      .sort(byPosition)[0];
    if (first !== resource) return;
    checkUndeclared(context);
  },
});

interface Levels {
  enforce: PssLevel;
  warn: PssLevel;
  audit: PssLevel;
}

function levelsOf(options: Record<string, unknown>): Levels {
  const read = (value: unknown, fallback: PssLevel) => PSS_LEVELS.find((level) => level === value) ?? fallback;
  const enforce = read(options.enforceLevel, 'baseline');
  const atLeastEnforce = (level: PssLevel) => (PSS_LEVELS.indexOf(level) < PSS_LEVELS.indexOf(enforce) ? enforce : level);
  return { enforce, warn: atLeastEnforce(read(options.warnLevel, 'restricted')), audit: atLeastEnforce(read(options.auditLevel, 'restricted')) };
}

function formatLabels(labels: Record<string, string>): string {
  return Object.entries(labels)
    .map(([key, value]) => `${key}=${value}`)
    .join(', ');
}

function checkNamespaceObject({ resource, relations, options, report }: RuleContext): void {
  const namespace = resource.name;
  const levels = levelsOf(options);
  const labelsValue = get(resource.object, ['metadata', 'labels']);
  const labels = labelsOf(labelsValue);
  const at: Path = isObject(labelsValue) ? ['metadata', 'labels'] : ['metadata', 'name'];
  const enforce = PSS_LEVELS.find((level) => level === labels[ENFORCE_LABEL]);
  const wanted: Record<string, string> = {};
  if (!enforce) wanted[ENFORCE_LABEL] = levels.enforce;
  const floor = enforce ?? levels.enforce;
  const atLeast = (level: PssLevel) => (PSS_LEVELS.indexOf(level) < PSS_LEVELS.indexOf(floor) ? floor : level);
  if (!(WARN_LABEL in labels)) wanted[WARN_LABEL] = atLeast(levels.warn);
  if (!(AUDIT_LABEL in labels)) wanted[AUDIT_LABEL] = atLeast(levels.audit);
  if (Object.keys(wanted).length > 0) {
    const spec: FixSpec = {
      messageId: 'addLabels',
      data: { labels: formatLabels(wanted) },
      apply: (fix) => mergeMap(fix, resource, ['metadata', 'labels'], labelsValue, wanted),
    };
    const missing = [WARN_LABEL, AUDIT_LABEL].filter((label) => label in wanted).join(' and ');
    report({
      at,
      messageId: enforce ? 'podSecurityModes' : 'podSecurity',
      data: { namespace, enforce: ENFORCE_LABEL, level: enforce ?? '', missing: `the ${missing} label${missing.includes(' and ') ? 's' : ''}` },
      // Warn and audit change nothing at admission: safe. A new enforce label can reject pods: the editor only.
      ...(enforce ? { fix: spec } : { suggest: [spec] }),
    });
  }
  checkNetworkAndResources({ relations, namespace, anchor: resource, at: ['metadata', 'name'], on: 'key', report, data: {} });
}

function checkUndeclared({ resource, workload, namespace, relations, options, report }: RuleContext): void {
  const levels = levelsOf(options);
  const labels = { [ENFORCE_LABEL]: levels.enforce, [WARN_LABEL]: levels.warn, [AUDIT_LABEL]: levels.audit };
  const data = { namespace, kind: workload!.kind, name: resource.name };
  const at: Path = ['metadata', 'namespace'];
  report({
    at,
    on: 'value',
    messageId: 'undeclared',
    data,
    suggest: [
      {
        messageId: 'addNamespace',
        data: { namespace, labels: formatLabels(labels) },
        apply: (fix) => void fix.appendDocument(resource, { apiVersion: 'v1', kind: 'Namespace', metadata: { name: namespace, labels } }),
      },
    ],
  });
  checkNetworkAndResources({ relations, namespace, anchor: resource, at, on: 'value', report, data });
}

interface GuardContext {
  relations: Relations;
  namespace: string;
  /** The document the new objects are appended after. */
  anchor: Resource;
  at: Path;
  on: 'key' | 'value';
  report: RuleContext['report'];
  data: Record<string, string>;
}

function checkNetworkAndResources({ relations, namespace, anchor, at, on, report, data }: GuardContext): void {
  const isolation = isolationOf(relations, namespace);
  if (isolation.evaluated && (!isolation.ingress || !isolation.egress)) {
    const policies: Record<string, unknown>[] = [];
    const taken = new Set(relations.ofKind(namespace, 'networking.k8s.io', 'NetworkPolicy').map((policy) => policy.name));
    if (!isolation.ingress && !isolation.egress) policies.push(defaultDenyPolicy(namespace, 'default-deny', ['Ingress', 'Egress']));
    else if (!isolation.ingress) policies.push(defaultDenyPolicy(namespace, 'default-deny-ingress', ['Ingress']));
    else policies.push(defaultDenyPolicy(namespace, 'default-deny-egress', ['Egress']));
    // Denying egress without allowing DNS breaks every lookup (netpol-default-deny-blocks-dns): both or neither.
    if (!isolation.egress) policies.push(allowDnsPolicy(namespace));
    const names = policies.map((policy) => (policy.metadata as { name: string }).name);
    const direction = isolation.ingress ? ' for egress' : isolation.egress ? ' for ingress' : '';
    const exposure = isolation.ingress
      ? 'can open connections to any destination, which lets a compromised pod move laterally or send data out'
      : isolation.egress
        ? 'accept connections from any pod in the cluster, a compromised one included'
        : 'accept connections from any pod in the cluster and can open connections to any destination, so one compromised pod can reach them all';
    const opened = [isolation.openedBy.ingress, isolation.openedBy.egress].filter((policy): policy is Resource => policy !== undefined);
    report({
      at,
      on,
      messageId: 'defaultDeny',
      data: { ...data, namespace, direction, exposure },
      related: opened.map((policy) => ({
        resource: policy,
        at: ['spec', 'podSelector'],
        message: `NetworkPolicy "${policy.name}" selects every pod and has a rule that allows all traffic: no deny policy can close that direction while it exists.`,
      })),
      // A name already in use is another policy: replacing it, or trusting it to allow DNS for every pod, is a guess.
      suggest: names.some((name) => taken.has(name)) || opened.length > 0
        ? []
        : [
            {
              messageId: 'addPolicies',
              data: { namespace, policies: `NetworkPolic${names.length === 1 ? 'y' : 'ies'} ${names.map((n) => `"${n}"`).join(' and ')}` },
              apply: (fix) => appendDocuments(fix, anchor, policies),
            },
          ],
    });
  }
  const bounded = relations.ofKind(namespace, '', 'ResourceQuota').length > 0 || relations.ofKind(namespace, '', 'LimitRange').length > 0;
  if (!bounded) {
    report({
      at,
      on,
      messageId: 'resourceLimits',
      data: { ...data, namespace },
      suggest: [
        {
          messageId: 'addLimitRange',
          data: { namespace },
          apply: (fix) =>
            void fix.appendDocument(anchor, {
              apiVersion: 'v1',
              kind: 'LimitRange',
              metadata: { name: 'default-requests', namespace },
              // Requests only: a guessed default limit would reject pods that request more, or OOM-kill them.
              spec: { limits: [{ type: 'Container', defaultRequest: { cpu: '100m', memory: '128Mi' } }] },
            }),
        },
      ],
    });
  }
}

/** The namespace is named in the manifest (or by a kustomization), not left to `kubectl -n` at apply time. */
function explicitNamespace(relations: Relations, resource: Resource): boolean {
  return resource.declaredNamespace !== undefined || relations.kustomizationsCovering(resource.file).some((k) => k.namespace !== undefined);
}

function byPosition(a: Resource, b: Resource): number {
  return a.file < b.file ? -1 : a.file > b.file ? 1 : a.document.index - b.document.index || a.id.localeCompare(b.id);
}
