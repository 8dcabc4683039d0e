/**
 * Property-based tests over random YAML: text assembled from YAML's own pieces (indicators, anchors,
 * tags, block scalars, directives, quotes, tabs), and arbitrary values written as Kubernetes objects.
 */
import fc from 'fast-check';
import { describe, it } from 'vitest';
import { stringify } from 'yaml';
import { randomYaml } from './mutations';
import { assertNoViolations, MAIN, params } from './support';


const KINDS = ['Deployment', 'StatefulSet', 'DaemonSet', 'CronJob', 'Job', 'Pod', 'Service', 'PodDisruptionBudget', 'HorizontalPodAutoscaler', 'ValidatingWebhookConfiguration', 'MutatingWebhookConfiguration', 'ConfigMap', 'Secret', 'Namespace', 'NetworkPolicy', 'ClusterRoleBinding', 'StorageClass', 'Kustomization', 'List'];
const API_VERSIONS = ['v1', 'apps/v1', 'batch/v1', 'policy/v1', 'autoscaling/v2', 'admissionregistration.k8s.io/v1', 'networking.k8s.io/v1', 'rbac.authorization.k8s.io/v1', 'storage.k8s.io/v1', 'kustomize.config.k8s.io/v1beta1'];

describe('fuzz: random YAML', () => {
  it('YAML-ish text: never throws, no internal error, bounded time, offsets inside', () => {
    fc.assert(
      fc.property(randomYaml, (text) => {
        assertNoViolations({ files: { [MAIN]: text }, target: MAIN });
      }),
      params(300),
    );
  });

  it('arbitrary values under a real apiVersion and kind: rules read whatever shape they get', () => {
    const anyObject = fc.record({
      apiVersion: fc.constantFrom(...API_VERSIONS),
      kind: fc.constantFrom(...KINDS),
      metadata: fc.oneof(fc.record({ name: fc.string({ maxLength: 8 }), namespace: fc.constantFrom('default', 'kube-system') }), fc.anything({ maxDepth: 2 })),
      spec: fc.anything({ maxDepth: 4, maxKeys: 4, withNullPrototype: true }),
      items: fc.array(fc.anything({ maxDepth: 3, maxKeys: 3 }), { maxLength: 2 }),
      webhooks: fc.anything({ maxDepth: 3, maxKeys: 3 }),
      data: fc.anything({ maxDepth: 2, maxKeys: 3 }),
      subjects: fc.anything({ maxDepth: 2, maxKeys: 3 }),
    }, { requiredKeys: ['apiVersion', 'kind'] });
    fc.assert(
      fc.property(fc.array(anyObject, { minLength: 1, maxLength: 3 }), (objects) => {
        const text = objects.map((object) => safeStringify(object)).join('---\n');
        assertNoViolations({ files: { [MAIN]: text }, target: MAIN });
      }),
      params(100),
    );
  });
});

function safeStringify(value: unknown): string {
  try {
    return stringify(value, { version: '1.1', lineWidth: 0 }) ?? 'null\n';
  } catch {
    return 'null\n';
  }
}
