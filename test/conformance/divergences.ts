/**
 * Why we deliberately disagree with a peer's asserted verdict. Keys, most specific first:
 * `tool:check:fixture:object:config`, `tool:check:fixture:object`, `tool:check:fixture`, `tool:check`.
 */
const SINGLETON_PDB =
  'The workload sets no `replicas`, so it runs one pod. A PodDisruptionBudget cannot protect a single replica without blocking every drain (RULES.md R3, §10.4); kubeready reports it as `workload-single-replica` instead of `pdb-missing`.';
const INVALID_CONSTRAINT =
  'The constraint is invalid, so the API server rejects the manifest at apply time; kubeready does not repeat schema validation (kubeconform or `kubectl apply --dry-run=server` do that). `spread-selector-mismatch` checks what the API accepts but does not do what was meant.';

const LIMITS_ARE_REQUESTS =
  'The container sets limits but no requests. Kubernetes copies each limit into the missing request, so the pod is scheduled with requests; kubeready does not report what the API server fills in.';
const PEER_CONFIG = (what: string) => `The peer test changes its configuration (${what}); kubeready has no such knob and keeps the EKS guide's default.`;
const CPU_LIMITS =
  'The EKS data-plane guide says "Do not specify resource limits on CPU"; kubeready defaults to `cpuLimits: discourage`. Teams that want CPU limits set `cpuLimits: require`.';

export const DIVERGENCES: Record<string, string> = {
  'kube-score:container-resources:pod-test-resources-only-limits.yaml': LIMITS_ARE_REQUESTS,
  'kube-score:container-resources:deployment-test-resources.yaml': LIMITS_ARE_REQUESTS,
  'kube-score:container-resources:statefulset-test-resources.yaml': LIMITS_ARE_REQUESTS,
  'kube-score:container-ephemeral-storage-request-and-limit:pod-ephemeral-storage-missing-request.yaml': LIMITS_ARE_REQUESTS,
  'kube-score:container-resources:pod-test-resources-limits-and-requests-no-cpu-limit.yaml': CPU_LIMITS,
  'kube-score:container-cpu-requests-equal-limits': CPU_LIMITS,
  'kube-score:container-security-context-user-group-id:pod-security-context-all-good.yaml':
    'The container runs as user 30000 but does not set `runAsNonRoot: true`, which the restricted Pod Security Standard requires: a namespace enforcing restricted rejects this pod. (The fix is safe: the user is already non-zero.)',
  'kube-score:horizontalpodautoscaler-replicas': PEER_CONFIG('`MinReplicasHPA: 2` and `5`; with 2 the low minimum is reported once, on the Deployment the HPA targets, by `workload-single-replica`'),
  'kube-linter:hpa-minimum-three-replicas':
    'kube-linter asks for 3; kubeready asks an HPA for a minimum of 2, the floor the EKS guide gives for a replicated workload ("Run multiple replicas").',
  'kube-linter:drop-net-raw-capability:drop-net-raw-capability.yml':
    'The containers set no `capabilities`, so they keep the runtime\'s default set, which includes NET_RAW: the restricted Pod Security Standard requires `drop: [ALL]`. kube-linter stays silent only because its template skips a null `capabilities`.',
  'kube-score:container-image-pull-policy':
    'Opposite policies. kube-score demands an explicit `imagePullPolicy` and accepts `Always`; kubeready flags `Always`, and the implicit `Always` of `:latest` or untagged images, because it makes every container start depend on the registry (RULES.md S13). A pinned tag without a policy defaults to `IfNotPresent`, which is what we want; `Never` adds no registry dependency.',
  'kube-score:deployment-replicas:service-not-target-deployment.yaml':
    'kube-score only checks Deployments that a Service targets. kubeready reports every single-replica Deployment: a queue worker with one replica also stops on every drain (EKS "Run multiple replicas").',
  'kube-score:deployment-replicas:service-target-deployment-replica-1.yaml':
    'The peer test lowers its threshold to 1 replica (`MinReplicasDeployment: 1`); kubeready keeps the EKS minimum of 2 and has no such knob.',
  'kube-score:deployment-replicas:hpa-target-deployment.yaml':
    'kube-score skips Deployments that an HPA controls. kubeready uses the HPA\'s `minReplicas` (here 1): at minimum scale the workload is a singleton (RULES.md §1 effective replicas, R1).',
  'kube-score:deployment-has-poddisruptionbudget:deployment-poddisruptionbudget-v1beta1-expression-no-match.yaml': SINGLETON_PDB,
  'kube-score:deployment-has-poddisruptionbudget:deployment-poddisruptionbudget-v1beta1-no-match.yaml': SINGLETON_PDB,
  'kube-score:deployment-has-poddisruptionbudget:deployment-poddisruptionbudget-v1-no-match.yaml': SINGLETON_PDB,
  'kube-score:deployment-has-poddisruptionbudget:deployment-poddisruptionbudget-v1-different-namespace.yaml': SINGLETON_PDB,
  'kube-score:statefulset-has-poddisruptionbudget:statefulset-poddisruptionbudget-v1beta1-expression-no-match.yaml': SINGLETON_PDB,
  'kube-score:statefulset-has-poddisruptionbudget:statefulset-poddisruptionbudget-v1beta1-no-match.yaml': SINGLETON_PDB,
  'kube-score:pod-topology-spread-constraints:pod-topology-spread-constraints-invalid-maxskew.yaml': INVALID_CONSTRAINT,
  'kube-score:pod-topology-spread-constraints:pod-topology-spread-constraints-invalid-mindomains.yaml': INVALID_CONSTRAINT,
  'kube-score:pod-topology-spread-constraints:pod-topology-spread-constraints-no-topologykey.yaml': INVALID_CONSTRAINT,
  'kube-score:pod-topology-spread-constraints:pod-topology-spread-constraints-invalid-whenunsatisfiable.yaml': INVALID_CONSTRAINT,
  'kube-score:statefulset-has-host-podantiaffinity:statefulset-host-antiaffinity-undefined-replicas.yaml':
    'The StatefulSet sets no `replicas`, so it runs one pod; kube-score warns anyway. Spreading needs two replicas; kubeready reports the single replica as `workload-single-replica`.',
  'kube-linter:no-readiness-probe:no-readiness-probe.yml':
    'The container declares no ports and no Service selects the pods: a worker that serves no traffic needs no readiness probe (RULES.md R7 traps; USERS.md #9 asks for exactly this).',
  'kube-linter:pdb-min-available:pdb-min-available.yaml:PodDisruptionBudget/baz (ns bar) [doc 0]':
    'The Deployment the budget is meant for has no pod template, so no pods carry the selected labels (the API server would reject it). kubeready matches budgets to pod template labels, as the Eviction API does, and finds nothing to block.',
  'kube-linter:minimum-three-replicas':
    'kube-linter asks for 3 replicas; kubeready asks for 2, the minimum the EKS guide gives for a replicated workload ("Run multiple replicas"). Set `preferredReplicas: 3` for fixes that write 3.',
};
