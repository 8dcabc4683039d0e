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

const MEMORY_LIMIT = ['memoryLimitMissing', 'memoryLimitDiffers'];
const STORAGE_LIMIT = ['storageLimitMissing', 'storageLimitDiffers'];
const HPA_TARGET = ['targetNotFound', 'targetNotFoundPartial', 'targetNotScalable'];
const SERVICE_NO_MATCH = ['noMatch', 'noMatchPartial', 'noMatchOperator'];

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

  // Probes
  'kube-score:pod-probes-identical': { rules: ['liveness-probe-risky'], messageIds: ['sameAsReadiness'], minSeverity: 'warning' },
  'kube-linter:no-liveness-probe': { rules: ['liveness-probe-missing'], minSeverity: 'info' },
  'kube-linter:liveness-port': { rules: ['probe-port-mismatch'], minSeverity: 'info' },
  'kube-linter:readiness-port': { rules: ['probe-port-mismatch'], minSeverity: 'info' },

  // Resources
  'kube-score:container-resources': { rules: ['resources-unset-or-unbalanced'], messageIds: ['missingRequests'], minSeverity: 'warning' },
  'kube-linter:unset-cpu-requirements': { rules: ['resources-unset-or-unbalanced'], messageIds: ['missingRequests'], minSeverity: 'warning' },
  'kube-linter:unset-memory-requirements': { rules: ['resources-unset-or-unbalanced'], messageIds: ['missingRequests'], minSeverity: 'warning' },
  'kube-score:container-resource-requests-equal-limits': { rules: ['resources-unset-or-unbalanced'], messageIds: [...MEMORY_LIMIT, ...STORAGE_LIMIT, 'cpuLimitMissing'], minSeverity: 'info' },
  'kube-score:container-memory-requests-equal-limits': { rules: ['resources-unset-or-unbalanced'], messageIds: MEMORY_LIMIT, minSeverity: 'info' },
  'kube-score:container-cpu-requests-equal-limits': { rules: ['resources-unset-or-unbalanced'], messageIds: ['cpuLimitMissing'], minSeverity: 'info' },
  'kube-score:container-ephemeral-storage-request-and-limit': { rules: ['resources-unset-or-unbalanced'], messageIds: ['storageLimitMissing'], minSeverity: 'info' },
  'kube-score:container-ephemeral-storage-request-equals-limit': { rules: ['resources-unset-or-unbalanced'], messageIds: STORAGE_LIMIT, minSeverity: 'info' },

  // Autoscaling
  'kube-score:horizontalpodautoscaler-has-target': { rules: ['hpa-replicas-conflict'], messageIds: HPA_TARGET, minSeverity: 'warning' },
  'kube-linter:dangling-horizontalpodautoscaler': { rules: ['hpa-replicas-conflict'], messageIds: HPA_TARGET, minSeverity: 'warning' },
  'kube-score:deployment-targeted-by-hpa-does-not-have-replicas-configured': { rules: ['hpa-replicas-conflict'], messageIds: ['replicasWithAutoscaler'], minSeverity: 'warning' },
  'kube-score:horizontalpodautoscaler-replicas': { rules: ['hpa-min-replicas-low'], minSeverity: 'warning' },
  'kube-linter:hpa-minimum-three-replicas': { rules: ['hpa-min-replicas-low'], minSeverity: 'warning' },

  // Services
  'kube-score:service-targets-pod': { rules: ['service-selector-no-match'], messageIds: SERVICE_NO_MATCH, minSeverity: 'warning' },
  'kube-linter:dangling-service': { rules: ['service-selector-no-match'], messageIds: SERVICE_NO_MATCH, minSeverity: 'warning' },

  // Pod security
  'kube-score:container-security-context-user-group-id': { rules: ['pss-restricted-violation'], messageIds: ['run-as-non-root', 'run-as-user'], minSeverity: 'warning' },
  'kube-score:container-security-context-privileged': { rules: ['pss-baseline-violation'], messageIds: ['privileged'], minSeverity: 'warning' },
  'kube-linter:run-as-non-root': { rules: ['pss-restricted-violation'], messageIds: ['run-as-non-root', 'run-as-user'], minSeverity: 'warning' },
  'kube-linter:privileged-container': { rules: ['pss-baseline-violation'], messageIds: ['privileged'], minSeverity: 'warning' },
  'kube-linter:privilege-escalation-container': { rules: ['pss-restricted-violation'], messageIds: ['privilege-escalation'], minSeverity: 'warning' },
  'kube-linter:host-ipc': { rules: ['pss-baseline-violation'], messageIds: ['host-namespaces'], minSeverity: 'warning' },
  'kube-linter:host-network': { rules: ['pss-baseline-violation'], messageIds: ['host-namespaces'], minSeverity: 'warning' },
  'kube-linter:host-pid': { rules: ['pss-baseline-violation'], messageIds: ['host-namespaces'], minSeverity: 'warning' },
  'kube-linter:drop-net-raw-capability': { rules: ['pss-baseline-violation', 'pss-restricted-violation'], messageIds: ['capabilities'], minSeverity: 'warning' },
  'kube-score:container-security-context-readonlyrootfilesystem': { rules: ['readonly-root-fs-missing'], minSeverity: 'info' },
  'kube-linter:no-read-only-root-fs': { rules: ['readonly-root-fs-missing'], minSeverity: 'info' },
};

/**
 * Peer test configurations that have an equivalent in ours: the row is then checked under that config, on top
 * of `extends: all`. A peer knob we have no equivalent for (MinReplicasHPA, MinReplicasDeployment) keeps our
 * defaults, and its rows are divergences with their reason.
 */
export function ourConfigFor(row: { check_id: string; config: string }): string {
  // kube-score's CPU-limit requirement, or its optional "CPU requests equal limits" test: `cpuLimits: require`.
  if (row.config.includes('IgnoreContainerCpuLimitRequirement: false')) return 'cpuLimits: require\n';
  if (row.check_id === 'container-cpu-requests-equal-limits' && /EnabledOptionalTests|UseOptionalChecksAnnotation/.test(row.config)) return 'cpuLimits: require\n';
  return '';
}
