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
  for (const ns of new Set(bindingNamespaces)) {
    for (const binding of relations.ofKind(ns, RBAC_GROUP, 'RoleBinding')) {
      if (!bindsServiceAccount(binding, ns, namespace, name)) continue;
      const ref = roleRef(binding);
      if (!ref) continue;
      const role =
        ref.kind === 'Role'
          ? relations.ofKind(ns, RBAC_GROUP, 'Role').find((r) => r.name === ref.name)
          : relations.ofKind('', RBAC_GROUP, 'ClusterRole').find((r) => r.name === ref.name);
      result.push({ binding, role, roleKind: ref.kind, roleName: ref.name });
    }
  }
  for (const binding of relations.ofKind('', RBAC_GROUP, 'ClusterRoleBinding')) {
    if (!bindsServiceAccount(binding, undefined, namespace, name)) continue;
    const ref = roleRef(binding);
    if (!ref || ref.kind !== 'ClusterRole') continue;
    const role = relations.ofKind('', RBAC_GROUP, 'ClusterRole').find((r) => r.name === ref.name);
    result.push({ binding, role, roleKind: 'ClusterRole', roleName: ref.name });
  }
  return result;
}

/** A ServiceAccount subject's namespace defaults to the RoleBinding's own (the authorizer's `appliesToUser`). */
function bindsServiceAccount(binding: Resource, bindingNamespace: string | undefined, namespace: string, name: string): boolean {
  const subjects = get(binding.object, ['subjects']);
  if (!Array.isArray(subjects)) return false;
  return subjects.some((subject) => {
    if (!isObject(subject) || subject.kind !== 'ServiceAccount' || subject.name !== name) return false;
    const subjectNamespace = typeof subject.namespace === 'string' && subject.namespace !== '' ? subject.namespace : bindingNamespace;
    return subjectNamespace === namespace;
  });
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
