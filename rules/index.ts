import type { Rule } from '../server/src/engine/rule-api';
import expiredIgnore from './expired-ignore';
import fileUnreadable from './file-unreadable';
import helmTemplateUnrendered from './helm-template-unrendered';
import imagePullAtEveryStart from './image-pull-at-every-start';
import imageTagMutable from './image-tag-mutable';
import initContainerKubeApiDependency from './init-container-kube-api-dependency';
import internalError from './internal-error';
import pdbBlocksEviction from './pdb-blocks-eviction';
import pdbMissing from './pdb-missing';
import probeCallsKubeApi from './probe-calls-kube-api';
import readinessProbeMissing from './readiness-probe-missing';
import singleZonePinning from './single-zone-pinning';
import spreadSelectorMismatch from './spread-selector-mismatch';
import unusedSuppression from './unused-suppression';
import webhookFailClosedUnscoped from './webhook-fail-closed-unscoped';
import workloadSingleReplica from './workload-single-replica';
import yamlSyntax from './yaml-syntax';
import zoneSpreadMissing from './zone-spread-missing';

/** Every rule, sorted by id: the order of `kubeready rules`, the docs index and SARIF rule metadata. */
export const RULES: readonly Rule[] = [
  expiredIgnore,
  fileUnreadable,
  helmTemplateUnrendered,
  imagePullAtEveryStart,
  imageTagMutable,
  initContainerKubeApiDependency,
  internalError,
  pdbBlocksEviction,
  pdbMissing,
  probeCallsKubeApi,
  readinessProbeMissing,
  singleZonePinning,
  spreadSelectorMismatch,
  unusedSuppression,
  webhookFailClosedUnscoped,
  workloadSingleReplica,
  yamlSyntax,
  zoneSpreadMissing,
].sort((a, b) => a.meta.id.localeCompare(b.meta.id));
