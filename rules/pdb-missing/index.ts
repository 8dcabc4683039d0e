import { REPLICATED_KINDS } from '../../server/src/engine/workload';
import { defineRule } from '../../server/src/engine/rule-api';
import { EKS } from '../lib/docs';
import { isCoreDns } from '../lib/network-policies';
import { budgetFor } from '../lib/pdb';

export default defineRule({
  meta: {
    id: 'pdb-missing',
    category: 'reliability',
    severity: 'warning',
    strictSeverity: 'error',
    signal: 'strong',
    fixable: 'unsafe',
    kinds: REPLICATED_KINDS,
    messages: {
      missing:
        'No PodDisruptionBudget selects the pods of {{kind}} "{{name}}": a node drain or Karpenter consolidation may evict all {{replicas}} replicas at once.',
      missingPartial:
        'No PodDisruptionBudget for {{kind}} "{{name}}" found in the workspace (manifestSet: partial, so it may live elsewhere).',
      add: 'Add a PodDisruptionBudget for {{name}}',
    },
    docs: {
      description: 'Replicated workloads need a PodDisruptionBudget so that drains and upgrades keep some replicas running.',
      source: { title: 'EKS Best Practices: Reliability › Applications › Configure Pod Disruption Budgets', url: `${EKS}/application.html` },
    },
  },
  check({ workload, relations, settings, report }) {
    if (!workload || workload.helmHook) return;
    const replicas = relations.replicas(workload);
    if (replicas.max < 2 || replicas.scaleToZeroWorker) return;
    if (relations.pdbsCovering(workload).length > 0) return;
    const { kind } = workload;
    const { name } = workload.resource;
    const budget = budgetFor(workload, relations, settings);
    const partial = settings.manifestSet === 'partial';
    report({
      at: ['metadata', 'name'],
      messageId: partial ? 'missingPartial' : 'missing',
      data: { kind, name, replicas: replicas.max },
      ...(partial ? { maxSeverity: 'info' as const } : {}),
      // CoreDNS is every pod's dependency: RULES.md N3 (d) raises its finding to error.
      ...(isCoreDns(workload) ? { severity: 'error' as const } : {}),
      suggest: budget ? [{ messageId: 'add', data: { name }, apply: (fix) => fix.appendDocument(workload.resource, budget) }] : [],
    });
  },
});
