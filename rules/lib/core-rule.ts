import { defineRule, type RuleMeta } from '../../server/src/engine/rule-api';

/**
 * Findings the engine and the adapters produce themselves (syntax errors, unreadable files, suppression
 * bookkeeping). They are rules so that they have docs, a severity the config can change, and can be
 * suppressed like any other.
 */
export function coreRule(meta: Omit<RuleMeta, 'category' | 'signal' | 'kinds'>) {
  return defineRule({
    meta: { ...meta, category: 'kubeready', signal: 'strong', kinds: [] },
    check() {},
  });
}
