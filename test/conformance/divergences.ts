/**
 * Why we deliberately disagree with a peer's asserted verdict. Keys, most specific first:
 * `tool:check:fixture:object:config`, `tool:check:fixture:object`, `tool:check:fixture`, `tool:check`.
 * `spec` names the clause of RULES.md that dictates our verdict; a divergence without one is our own judgment.
 */
export interface Divergence {
  why: string;
  spec?: string;
}

const SINGLETON_PDB: Divergence = {
  why: 'The workload sets no `replicas`, so it runs one pod. A PodDisruptionBudget cannot protect a single replica without blocking every drain (RULES.md R3, §10.4); kubeready reports it as `workload-single-replica` instead of `pdb-missing`.',
  spec: 'R3 traps: no PDB when maxReplicas < 2',
};
const LIMITS_ARE_REQUESTS: Divergence = {
  why: 'The container sets limits but no requests. Kubernetes copies each limit into the missing request, so the pod is scheduled with requests equal to its limits, which is what the EKS guide recommends for memory ("requests=limits for all non-CPU resources"); kubeready does not report what the API server fills in.',
};
const HPA_MINIMUM: Divergence = {
  why: "The peer test changes its configuration (`MinReplicasHPA: 2` and `5`); kubeready has no such knob. The HPA's minimum of 1 is reported once, on the Deployment the HPA targets, by `workload-single-replica`.",
  spec: 'R11: reported via R1 when the target is in the set',
};
const CPU_LIMITS: Divergence = {
  why: 'Under `cpuLimits: require` (the equivalent of the peer configuration) kubeready reports the missing CPU limit, at `info` as RULES.md gives it; the peer check counts it as a failure. By default kubeready follows the EKS data-plane guide: "Do not specify resource limits on CPU".',
  spec: 'R14 (c) and §10.1: CPU limits are info',
};
const THREE_REPLICAS: Divergence = {
  why: 'kube-linter asks for 3 replicas; kubeready asks for 2, the minimum the EKS guide gives for a replicated workload ("Run multiple replicas"). Set `preferredReplicas: 3` for fixes that write 3.',
  spec: 'R1: minReplicas < 2',
};

export const DIVERGENCES: Record<string, Divergence> = {
  'kube-score:container-resources:pod-test-resources-only-limits.yaml': LIMITS_ARE_REQUESTS,
  'kube-score:container-resources:deployment-test-resources.yaml': LIMITS_ARE_REQUESTS,
  'kube-score:container-resources:statefulset-test-resources.yaml': LIMITS_ARE_REQUESTS,
  'kube-score:container-ephemeral-storage-request-and-limit:pod-ephemeral-storage-missing-request.yaml': LIMITS_ARE_REQUESTS,
  'kube-score:container-resources:pod-test-resources-limits-and-requests-no-cpu-limit.yaml': CPU_LIMITS,
  'kube-score:container-security-context-user-group-id:pod-security-context-all-good.yaml': {
    why: 'The container runs as user 30000 but does not set `runAsNonRoot: true`, which the restricted Pod Security Standard requires: a namespace enforcing restricted rejects this pod. (The fix is safe: the user is already non-zero.)',
    spec: 'SEC2 run-as-non-root',
  },
  'kube-score:horizontalpodautoscaler-replicas': HPA_MINIMUM,
  'kube-linter:hpa-minimum-three-replicas': {
    why: 'kube-linter asks for 3; kubeready asks an HPA for a minimum of 2, the floor the EKS guide gives for a replicated workload ("Run multiple replicas").',
    spec: 'R11: minReplicas < 2',
  },
  'kube-linter:drop-net-raw-capability:drop-net-raw-capability.yml': {
    why: "The containers set no `capabilities`, so they keep the runtime's default set, which includes NET_RAW: the restricted Pod Security Standard requires `drop: [ALL]`. kube-linter stays silent only because its template skips a null `capabilities`.",
    spec: 'SEC2 capabilities',
  },
  'kube-score:container-image-pull-policy': {
    spec: 'S13 trigger',
    why: 'Opposite policies. kube-score demands an explicit `imagePullPolicy` and accepts `Always`; kubeready flags `Always`, and the implicit `Always` of `:latest` or untagged images, because it makes every container start depend on the registry (RULES.md S13). A pinned tag without a policy defaults to `IfNotPresent`, which is what we want; `Never` adds no registry dependency.',
  },
  'kube-score:deployment-replicas:service-not-target-deployment.yaml': {
    why: 'kube-score only checks Deployments that a Service targets. kubeready reports every single-replica Deployment: a queue worker with one replica also stops on every drain (EKS "Run multiple replicas").',
    spec: 'R1: minReplicas < 2, Service or not',
  },
  'kube-score:deployment-replicas:service-target-deployment-replica-1.yaml': {
    why: 'The peer test lowers its threshold to 1 replica (`MinReplicasDeployment: 1`); kubeready keeps the EKS minimum of 2 and has no such knob.',
    spec: 'R1: minReplicas < 2',
  },
  'kube-score:deployment-replicas:hpa-target-deployment.yaml': {
    why: "kube-score skips Deployments that an HPA controls. kubeready uses the HPA's `minReplicas` (here 1): at minimum scale the workload is a singleton (RULES.md §1 effective replicas, R1).",
    spec: 'R1 with §1 effective replicas',
  },
  'kube-score:deployment-has-poddisruptionbudget:deployment-poddisruptionbudget-v1beta1-expression-no-match.yaml': SINGLETON_PDB,
  'kube-score:deployment-has-poddisruptionbudget:deployment-poddisruptionbudget-v1beta1-no-match.yaml': SINGLETON_PDB,
  'kube-score:deployment-has-poddisruptionbudget:deployment-poddisruptionbudget-v1-no-match.yaml': SINGLETON_PDB,
  'kube-score:deployment-has-poddisruptionbudget:deployment-poddisruptionbudget-v1-different-namespace.yaml': SINGLETON_PDB,
  'kube-score:statefulset-has-poddisruptionbudget:statefulset-poddisruptionbudget-v1beta1-expression-no-match.yaml': SINGLETON_PDB,
  'kube-score:statefulset-has-poddisruptionbudget:statefulset-poddisruptionbudget-v1beta1-no-match.yaml': SINGLETON_PDB,
  'kube-score:statefulset-has-host-podantiaffinity:statefulset-host-antiaffinity-undefined-replicas.yaml': {
    why: 'The StatefulSet sets no `replicas`, so it runs one pod; kube-score warns anyway. Spreading needs two replicas; kubeready reports the single replica as `workload-single-replica`.',
    spec: 'S1: maxReplicas ≥ 2',
  },
  'kube-linter:no-readiness-probe:no-readiness-probe.yml': {
    why: 'The container declares no ports and no Service selects the pods: a worker that serves no traffic needs no readiness probe (RULES.md R7 traps; USERS.md #9 asks for exactly this).',
    spec: 'R7 trigger: containers without ports skipped when not service-facing',
  },
  'kube-linter:pdb-min-available:pdb-min-available.yaml:PodDisruptionBudget/baz (ns bar) [doc 0]': {
    why: 'The Deployment the budget is meant for has no pod template, so no pods carry the selected labels (the API server would reject it). kubeready matches budgets to pod template labels, as the Eviction API does, and finds nothing to block.',
    spec: '§1 relations: PDB selector against template labels',
  },
  'kube-linter:minimum-three-replicas': THREE_REPLICAS,
};
