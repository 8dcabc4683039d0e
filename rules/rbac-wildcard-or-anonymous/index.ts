import { isObject, type Resource } from '../../server/src/engine/parse';
import { defineRule, type Report } from '../../server/src/engine/rule-api';
import { get } from '../../server/src/engine/workload';
import { EKS } from '../lib/docs';
import { isAggregatedClusterRole, RBAC_GROUP } from '../lib/rbac';

/** The subjects every unauthenticated request carries. */
const ANONYMOUS: Record<string, string> = { User: 'system:anonymous', Group: 'system:unauthenticated' };

function list(value: unknown): unknown[] {
  return Array.isArray(value) ? value : [];
}

export default defineRule({
  meta: {
    id: 'rbac-wildcard-or-anonymous',
    category: 'security',
    severity: 'warning',
    signal: 'strong',
    kinds: ['Role', 'ClusterRole', 'RoleBinding', 'ClusterRoleBinding'],
    messages: {
      wildcard:
        'Rule {{rule}} of {{kind}} "{{name}}" grants {{what}} with "*", which also matches {{risk}}. List the verbs and resources the subject needs.',
      clusterAdmin:
        '{{kind}} "{{name}}" binds ClusterRole "cluster-admin" (every verb on every resource{{scope}}) to {{subjects}}. Bind a role that lists the verbs and resources they need.',
      anonymous:
        '{{kind}} "{{name}}" binds {{role}} to {{subject}} "{{subjectName}}": every unauthenticated request to the API server gets these permissions. Remove the subject.',
    },
    docs: {
      description: 'Roles should not grant wildcard verbs or resources, and no binding should grant anything to anonymous or unauthenticated users.',
      source: {
        title: 'EKS Best Practices: Security › Identity and Access Management › Employ least privileged access when creating RoleBindings and ClusterRoleBindings',
        url: `${EKS}/identity-and-access-management.html`,
      },
    },
  },
  check({ resource, report }) {
    if (resource.group !== RBAC_GROUP) return;
    if (resource.kind === 'Role' || resource.kind === 'ClusterRole') checkRole(resource, report);
    else checkBinding(resource, report);
  },
});

function checkRole(role: Resource, report: (report: Report) => void): void {
  if (isAggregatedClusterRole(role)) return;
  const name = role.name || '(unnamed)';
  list(role.object.rules).forEach((rule, index) => {
    if (!isObject(rule)) return;
    const verbs = list(rule.verbs).indexOf('*');
    const resources = list(rule.resources).indexOf('*');
    if (verbs === -1 && resources === -1) return;
    const groups = list(rule.apiGroups).filter((group): group is string => typeof group === 'string');
    const scope = groups.includes('*')
      ? ' in every API group'
      : groups.length
        ? ` in the ${joinWords(groups.map((g) => (g === '' ? 'core' : g)))} API group${groups.length > 1 ? 's' : ''}`
        : '';
    const named = (values: unknown[], fallback: string) => values.filter((v) => typeof v === 'string' && v !== '*').join(', ') || fallback;
    const what =
      verbs !== -1 && resources !== -1
        ? `every verb on every resource${scope}`
        : verbs !== -1
          ? list(rule.resources).length === 0 && list(rule.nonResourceURLs).length > 0
            ? list(rule.nonResourceURLs).includes('*')
              ? 'every verb on every non-resource URL'
              : `every verb on the non-resource URLs ${named(list(rule.nonResourceURLs), '')}`
            : `every verb on ${named(list(rule.resources), 'its resources')}${scope}`
          : `${named(list(rule.verbs), 'its verbs')} on every resource${scope}`;
    const risk =
      verbs !== -1
        ? 'escalate, bind, impersonate and any verb added later'
        : 'Secrets, subresources such as pods/exec, and every resource a CRD adds later';
    report({
      at: verbs !== -1 ? ['rules', index, 'verbs', verbs] : ['rules', index, 'resources', resources],
      on: 'value',
      messageId: 'wildcard',
      data: { rule: index + 1, kind: role.kind, name, what, risk },
    });
  });
}

function checkBinding(binding: Resource, report: (report: Report) => void): void {
  const ref = get(binding.object, ['roleRef']);
  const role = isObject(ref) && typeof ref.name === 'string' ? `${String(ref.kind ?? 'role')} "${ref.name}"` : 'its role';
  // The built-in cluster-admin is all wildcards: binding it is the most common wildcard grant in manifests.
  if (isObject(ref) && ref.kind === 'ClusterRole' && ref.name === 'cluster-admin') {
    const subjects = list(binding.object.subjects)
      .filter(isObject)
      .filter((s) => typeof s.name === 'string' && ANONYMOUS[String(s.kind)] !== s.name.trim() && s.name !== 'system:masters')
      .map((s) => `${String(s.kind)} "${s.namespace ? `${String(s.namespace)}/` : ''}${String(s.name)}"`);
    if (subjects.length > 0) {
      report({
        at: ['roleRef', 'name'],
        on: 'value',
        messageId: 'clusterAdmin',
        data: {
          kind: binding.kind,
          name: binding.name || '(unnamed)',
          scope: binding.kind === 'RoleBinding' ? ' in its namespace' : '',
          subjects: subjects.join(', '),
        },
      });
    }
  }
  list(binding.object.subjects).forEach((subject, index) => {
    if (!isObject(subject) || typeof subject.kind !== 'string' || typeof subject.name !== 'string') return;
    if (ANONYMOUS[subject.kind] !== subject.name.trim()) return;
    report({
      at: ['subjects', index, 'name'],
      on: 'value',
      messageId: 'anonymous',
      severity: 'error',
      data: { kind: binding.kind, name: binding.name || '(unnamed)', role, subject: subject.kind, subjectName: subject.name.trim() },
    });
  });
}

function joinWords(parts: readonly string[]): string {
  return parts.length <= 1 ? parts.join('') : `${parts.slice(0, -1).join(', ')} and ${parts[parts.length - 1]}`;
}
