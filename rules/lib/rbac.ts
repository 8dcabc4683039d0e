import { isObject, type Resource } from '../../server/src/engine/parse';
import type { Relations } from '../../server/src/engine/relations';
import { get, type Workload } from '../../server/src/engine/workload';

/**
 * RBAC as the API server's authorizer reads it: which Roles and ClusterRoles a ServiceAccount is bound to in
 * the project, and what their rules grant. Every field may be missing or of the wrong type; nothing here throws.
 */

export const RBAC_GROUP = 'rbac.authorization.k8s.io';

/** The pod's ServiceAccount: `serviceAccountName`, else the deprecated `serviceAccount`, else `default`. */
export function serviceAccountOf(workload: Workload): string {
  const { serviceAccountName, serviceAccount } = workload.podSpec;
  if (typeof serviceAccountName === 'string' && serviceAccountName !== '') return serviceAccountName;
  if (typeof serviceAccount === 'string' && serviceAccount !== '') return serviceAccount;
  return 'default';
}

export interface Binding {
  /** The RoleBinding or ClusterRoleBinding. */
  binding: Resource;
  /** The Role or ClusterRole it refers to, when the project has it. */
  role: Resource | undefined;
  roleKind: 'Role' | 'ClusterRole';
  roleName: string;
}

/**
 * Bindings whose subjects name the ServiceAccount `namespace/name`: RoleBindings in the given namespaces
 * (a RoleBinding grants in its own namespace, to a ServiceAccount of any namespace) and every
 * ClusterRoleBinding. Group subjects (`system:serviceaccounts…`) are not followed: they grant to every
 * account and say nothing about one workload.
 */
export function bindingsOf(relations: Relations, namespace: string, name: string, bindingNamespaces: readonly string[] = [namespace]): Binding[] {
  const result: Binding[] = [];
  const account = `${namespace}\u0000${name}`;
  for (const ns of new Set(bindingNamespaces)) {
    for (const binding of bindingsBySubject(relations, ns, 'RoleBinding').get(account) ?? []) {
      const ref = roleRef(binding);
      if (!ref) continue;
      const role = ref.kind === 'Role' ? roleNamed(relations, ns, 'Role', ref.name) : roleNamed(relations, '', 'ClusterRole', ref.name);
      result.push({ binding, role, roleKind: ref.kind, roleName: ref.name });
    }
  }
  for (const binding of bindingsBySubject(relations, '', 'ClusterRoleBinding').get(account) ?? []) {
    const ref = roleRef(binding);
    if (!ref || ref.kind !== 'ClusterRole') continue;
    result.push({ binding, role: roleNamed(relations, '', 'ClusterRole', ref.name), roleKind: 'ClusterRole', roleName: ref.name });
  }
  return result;
}

/**
 * The bindings of one namespace (`''`: ClusterRoleBindings) by the ServiceAccounts their subjects name, as
 * `namespace NUL name`. A subject's namespace defaults to the RoleBinding's own (the authorizer's
 * `appliesToUser`); a ClusterRoleBinding's subject without one names no ServiceAccount.
 */
function bindingsBySubject(relations: Relations, bindingNamespace: string, kind: 'RoleBinding' | 'ClusterRoleBinding'): Map<string, Resource[]> {
  return relations.memo(`rbac: ${kind}s by subject`, [bindingNamespace], () => {
    const bySubject = new Map<string, Resource[]>();
    for (const binding of relations.ofKind(bindingNamespace, RBAC_GROUP, kind)) {
      const subjects = get(binding.object, ['subjects']);
      if (!Array.isArray(subjects)) continue;
      const accounts = new Set<string>();
      for (const subject of subjects) {
        if (!isObject(subject) || subject.kind !== 'ServiceAccount' || typeof subject.name !== 'string') continue;
        const subjectNamespace = typeof subject.namespace === 'string' && subject.namespace !== '' ? subject.namespace : kind === 'RoleBinding' ? bindingNamespace : undefined;
        if (subjectNamespace !== undefined) accounts.add(`${subjectNamespace}\u0000${subject.name}`);
      }
      for (const account of accounts) {
        const list = bySubject.get(account);
        if (list) list.push(binding);
        else bySubject.set(account, [binding]);
      }
    }
    return bySubject;
  });
}

function roleNamed(relations: Relations, namespace: string, kind: 'Role' | 'ClusterRole', name: string): Resource | undefined {
  const byName = relations.memo(`rbac: ${kind}s by name`, [namespace], () => {
    const roles = new Map<string, Resource>();
    for (const role of relations.ofKind(namespace, RBAC_GROUP, kind)) if (!roles.has(role.name)) roles.set(role.name, role);
    return roles;
  });
  return byName.get(name);
}

function roleRef(binding: Resource): { kind: 'Role' | 'ClusterRole'; name: string } | undefined {
  const ref = get(binding.object, ['roleRef']);
  if (!isObject(ref) || typeof ref.name !== 'string' || ref.name === '') return undefined;
  if (ref.kind !== 'Role' && ref.kind !== 'ClusterRole') return undefined;
  return { kind: ref.kind, name: ref.name };
}

export interface PolicyRule {
  index: number;
  apiGroups: string[];
  resources: string[];
  verbs: string[];
}

export function policyRules(role: Resource): PolicyRule[] {
  const rules = get(role.object, ['rules']);
  if (!Array.isArray(rules)) return [];
  const strings = (value: unknown) => (Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : []);
  return rules.flatMap((rule, index) =>
    isObject(rule) ? [{ index, apiGroups: strings(rule.apiGroups), resources: strings(rule.resources), verbs: strings(rule.verbs) }] : [],
  );
}

/**
 * The rule of a role that grants one of `verbs` on `group/resource` by naming the resource: a rule that only
 * grants `*` resources (cluster-admin and friends) says nothing about what the workload does with them.
 */
export function explicitGrant(role: Resource, group: string, resource: string, verbs: readonly string[]): PolicyRule | undefined {
  return policyRules(role).find(
    (rule) =>
      (rule.apiGroups.includes(group) || rule.apiGroups.includes('*')) &&
      rule.resources.includes(resource) &&
      (rule.verbs.includes('*') || verbs.some((verb) => rule.verbs.includes(verb))),
  );
}

/**
 * A ClusterRole with an `aggregationRule`: the controller manager overwrites its `rules` with those of the
 * ClusterRoles its selectors match, so the rules written in the manifest are not what it grants.
 */
export function isAggregatedClusterRole(role: Resource): boolean {
  return role.kind === 'ClusterRole' && isObject(get(role.object, ['aggregationRule']));
}
