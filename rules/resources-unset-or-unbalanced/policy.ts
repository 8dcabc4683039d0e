import { isObject, type Resource } from '../../server/src/engine/parse';
import { get } from '../../server/src/engine/workload';

export interface NamespacePolicy {
  /** Resources a LimitRange gives a default request (`defaultRequest`, or `default`, which also sets the request). */
  defaultRequest: Set<string>;
  /** Resources a LimitRange gives a default limit. */
  defaultLimit: Set<string>;
  /**
   * A LimitRange `max.cpu` without a default, or a ResourceQuota on `limits.cpu`, makes the API server reject
   * containers without a CPU limit: the limit is not the author's choice.
   */
  requiresCpuLimit: boolean;
}

export function namespacePolicy(limitRanges: Resource[], quotas: Resource[]): NamespacePolicy {
  const policy: NamespacePolicy = { defaultRequest: new Set(), defaultLimit: new Set(), requiresCpuLimit: false };
  for (const limitRange of limitRanges) {
    const items = get(limitRange.object, ['spec', 'limits']);
    if (!Array.isArray(items)) continue;
    for (const item of items) {
      if (!isObject(item) || item.type !== 'Container') continue;
      for (const key of keysOf(item.default)) {
        policy.defaultLimit.add(key);
        policy.defaultRequest.add(key);
      }
      for (const key of keysOf(item.defaultRequest)) policy.defaultRequest.add(key);
      if (keysOf(item.max).includes('cpu')) policy.requiresCpuLimit = true;
    }
  }
  if (policy.defaultLimit.has('cpu')) policy.requiresCpuLimit = false;
  for (const quota of quotas) {
    if (keysOf(get(quota.object, ['spec', 'hard'])).includes('limits.cpu')) policy.requiresCpuLimit = true;
  }
  return policy;
}

function keysOf(value: unknown): string[] {
  return isObject(value) ? Object.keys(value).filter((key) => value[key] != null) : [];
}
