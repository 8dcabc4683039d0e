import type { Rule } from '../server/src/engine/rule-api';
import automountSaTokenEnabled from './automount-sa-token-enabled';
import awsLbTargetTypeInstance from './aws-lb-target-type-instance';
import barePod from './bare-pod';
import configFromEnvRestartDependency from './config-from-env-restart-dependency';
import configNotImmutable from './config-not-immutable';
import configObjectTooLarge from './config-object-too-large';
import containerSocketMount from './container-socket-mount';
import corednsConfig from './coredns-config';
import criticalWorkloadPriority from './critical-workload-priority';
import daemonsetRolloutHerd from './daemonset-rollout-herd';
import defaultOrSharedSa from './default-or-shared-sa';
import defaultSaAutomount from './default-sa-automount';
import ebsVolumeBindingImmediate from './ebs-volume-binding-immediate';
import expiredIgnore from './expired-ignore';
import fileUnreadable from './file-unreadable';
import hardZoneAntiAffinity from './hard-zone-anti-affinity';
import helmTemplateUnrendered from './helm-template-unrendered';
import historyLimitsUnset from './history-limits-unset';
import hostnetworkDnsPolicy from './hostnetwork-dns-policy';
import hpaMetricWithoutRequests from './hpa-metric-without-requests';
import hpaMinReplicasLow from './hpa-min-replicas-low';
import hpaReplicasConflict from './hpa-replicas-conflict';
import imagePullAtEveryStart from './image-pull-at-every-start';
import imageRegistryRemote from './image-registry-remote';
import imageTagMutable from './image-tag-mutable';
import initContainerKubeApiDependency from './init-container-kube-api-dependency';
import internalError from './internal-error';
import kubeApiClientSidecar from './kube-api-client-sidecar';
import lbTlsMissing from './lb-tls-missing';
import leaderElectionDependency from './leader-election-dependency';
import livenessProbeMissing from './liveness-probe-missing';
import livenessProbeRisky from './liveness-probe-risky';
import missingPrestopDelayBehindLb from './missing-prestop-delay-behind-lb';
import namespaceGuardrailsMissing from './namespace-guardrails-missing';
import netpolDefaultDenyBlocksDns from './netpol-default-deny-blocks-dns';
import pdbBlocksEviction from './pdb-blocks-eviction';
import pdbMissing from './pdb-missing';
import pdbOverlapping from './pdb-overlapping';
import pdbSelectorNoMatch from './pdb-selector-no-match';
import prestopExceedsGracePeriod from './prestop-exceeds-grace-period';
import probeCallsKubeApi from './probe-calls-kube-api';
import probePortMismatch from './probe-port-mismatch';
import pssBaselineViolation from './pss-baseline-violation';
import pssRestrictedViolation from './pss-restricted-violation';
import rbacWildcardOrAnonymous from './rbac-wildcard-or-anonymous';
import readinessProbeMissing from './readiness-probe-missing';
import readonlyRootFsMissing from './readonly-root-fs-missing';
import resourcesUnsetOrUnbalanced from './resources-unset-or-unbalanced';
import secretInEnv from './secret-in-env';
import serviceSelectorNoMatch from './service-selector-no-match';
import serviceZonalRoutingRisk from './service-zonal-routing-risk';
import singleZonePinning from './single-zone-pinning';
import spreadSelectorMismatch from './spread-selector-mismatch';
import tolerationUnreachableForever from './toleration-unreachable-forever';
import unresolvedConfigReference from './unresolved-config-reference';
import unusedSuppression from './unused-suppression';
import webhookBackendNotHa from './webhook-backend-not-ha';
import webhookCatchAllRules from './webhook-catch-all-rules';
import webhookFailClosedUnscoped from './webhook-fail-closed-unscoped';
import webhookTimeoutTooLong from './webhook-timeout-too-long';
import workloadSingleReplica from './workload-single-replica';
import yamlSyntax from './yaml-syntax';
import zoneSpreadMissing from './zone-spread-missing';

/** Every rule, sorted by id: the order of `kubeready rules`, the docs index and SARIF rule metadata. */
export const RULES: readonly Rule[] = [
  automountSaTokenEnabled,
  awsLbTargetTypeInstance,
  barePod,
  configFromEnvRestartDependency,
  configNotImmutable,
  configObjectTooLarge,
  containerSocketMount,
  corednsConfig,
  criticalWorkloadPriority,
  daemonsetRolloutHerd,
  defaultOrSharedSa,
  defaultSaAutomount,
  ebsVolumeBindingImmediate,
  expiredIgnore,
  fileUnreadable,
  hardZoneAntiAffinity,
  helmTemplateUnrendered,
  historyLimitsUnset,
  hostnetworkDnsPolicy,
  hpaMetricWithoutRequests,
  hpaMinReplicasLow,
  hpaReplicasConflict,
  imagePullAtEveryStart,
  imageRegistryRemote,
  imageTagMutable,
  initContainerKubeApiDependency,
  internalError,
  kubeApiClientSidecar,
  lbTlsMissing,
  leaderElectionDependency,
  livenessProbeMissing,
  livenessProbeRisky,
  missingPrestopDelayBehindLb,
  namespaceGuardrailsMissing,
  netpolDefaultDenyBlocksDns,
  pdbBlocksEviction,
  pdbMissing,
  pdbOverlapping,
  pdbSelectorNoMatch,
  prestopExceedsGracePeriod,
  probeCallsKubeApi,
  probePortMismatch,
  pssBaselineViolation,
  pssRestrictedViolation,
  rbacWildcardOrAnonymous,
  readinessProbeMissing,
  readonlyRootFsMissing,
  resourcesUnsetOrUnbalanced,
  secretInEnv,
  serviceSelectorNoMatch,
  serviceZonalRoutingRisk,
  singleZonePinning,
  spreadSelectorMismatch,
  tolerationUnreachableForever,
  unresolvedConfigReference,
  unusedSuppression,
  webhookBackendNotHa,
  webhookCatchAllRules,
  webhookFailClosedUnscoped,
  webhookTimeoutTooLong,
  workloadSingleReplica,
  yamlSyntax,
  zoneSpreadMissing,
].sort((a, b) => a.meta.id.localeCompare(b.meta.id));
