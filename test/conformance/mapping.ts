import type { Severity } from '../../server/src/engine/rule-api';

export interface Mapping {
  /** Our rules whose findings on the object mean "fail". */
  rules: string[];
  /** Only these messages of the rules count (a rule can answer several questions). */
  messageIds?: string[];
  /** The lowest severity that counts as a failure: info findings are advice, not a verdict. */
  minSeverity: Severity;
}

/** The zone-spread-missing findings that say "replicas may share a node" (the peers' anti-affinity question). */
const NO_NODE_SPREAD = ['missing', 'noHostnameSpread'];

/**
 * Peer checks that answer the same question as one of our rules. Checks without an entry are outside
 * our catalog (or not yet implemented) and are not counted.
 */
export const MAPPING: Record<string, Mapping> = {
  'kube-score:deployment-has-poddisruptionbudget': { rules: ['pdb-missing'], minSeverity: 'warning' },
  'kube-score:statefulset-has-poddisruptionbudget': { rules: ['pdb-missing'], minSeverity: 'warning' },
  'kube-score:pod-probes': { rules: ['readiness-probe-missing'], minSeverity: 'warning' },
  'kube-linter:no-readiness-probe': { rules: ['readiness-probe-missing'], minSeverity: 'info' },
  'kube-score:container-image-tag': { rules: ['image-tag-mutable'], minSeverity: 'warning' },
  'kube-linter:latest-tag': { rules: ['image-tag-mutable'], minSeverity: 'warning' },
  'kube-score:container-image-pull-policy': { rules: ['image-pull-at-every-start'], minSeverity: 'warning' },
  'kube-score:deployment-replicas': { rules: ['workload-single-replica'], minSeverity: 'warning' },
  'kube-linter:minimum-three-replicas': { rules: ['workload-single-replica'], minSeverity: 'info' },
  'kube-linter:pdb-min-available': { rules: ['pdb-blocks-eviction'], minSeverity: 'warning' },
  'kube-linter:pdb-max-unavailable': { rules: ['pdb-blocks-eviction'], minSeverity: 'warning' },
  'kube-score:deployment-has-host-podantiaffinity': { rules: ['zone-spread-missing'], messageIds: NO_NODE_SPREAD, minSeverity: 'info' },
  'kube-score:statefulset-has-host-podantiaffinity': { rules: ['zone-spread-missing'], messageIds: NO_NODE_SPREAD, minSeverity: 'info' },
  'kube-linter:no-anti-affinity': { rules: ['zone-spread-missing'], messageIds: NO_NODE_SPREAD, minSeverity: 'info' },
  'kube-score:pod-topology-spread-constraints': { rules: ['spread-selector-mismatch'], minSeverity: 'warning' },
};
