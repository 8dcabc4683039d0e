import { defineRule } from '../../server/src/engine/rule-api';
import { EKS } from '../lib/docs';

// Stub: to be implemented per RULES.md.
export default defineRule({
  meta: {
    id: 'webhook-fail-closed-unscoped',
    category: 'static-stability',
    severity: 'error',
    signal: 'strong',
    messages: {},
    docs: { description: 'TODO', source: { title: 'TODO', url: EKS } },
  },
  check() {},
});
