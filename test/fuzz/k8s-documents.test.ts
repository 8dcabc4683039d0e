/**
 * Property-based tests over Kubernetes-shaped documents (every kind the rules read, with random and broken
 * field types), through the engine API. See support.ts for the properties and the run size.
 */
import fc from 'fast-check';
import { describe, it } from 'vitest';
import { k8sDocument, k8sObject, render, renderStyle } from './arbitraries';
import { assertNoViolations, type ConfigShape, MAIN, params } from './support';


const config: fc.Arbitrary<ConfigShape> = fc.record(
  {
    extends: fc.constantFrom('all', 'all', 'recommended', 'strict'),
    manifestSet: fc.constantFrom('complete', 'partial'),
    zones: fc.constantFrom(3, 3, 1, 2),
    cpuLimits: fc.constantFrom('require', 'discourage', 'ignore'),
    kubernetesVersion: fc.constantFrom('1.30', '1.24', '1.27'),
    preferredReplicas: fc.integer({ min: 2, max: 5 }),
  },
  { requiredKeys: [] },
);

describe('fuzz: Kubernetes-shaped documents', () => {
  it('one file: never throws, no internal error, offsets inside, every fix parses, fix is idempotent', () => {
    fc.assert(
      fc.property(fc.array(k8sDocument, { minLength: 1, maxLength: 3 }), renderStyle, config, (documents, style, shape) => {
        assertNoViolations({ files: { [MAIN]: render(documents, style) }, target: MAIN, config: shape });
      }),
      params(20),
    );
  });

  it('a project of several files: cross-file relations (PDBs, HPAs, Services, kustomizations) hold the same properties', () => {
    fc.assert(
      fc.property(
        fc.array(k8sObject, { minLength: 1, maxLength: 3 }),
        fc.array(k8sDocument, { minLength: 1, maxLength: 3 }),
        renderStyle,
        renderStyle,
        fc.boolean(),
        (mine, others, style, otherStyle, kustomize) => {
          const files: Record<string, string> = { [MAIN]: render(mine, style), 'other.yaml': render(others, otherStyle) };
          if (kustomize) files['kustomization.yaml'] = 'apiVersion: kustomize.config.k8s.io/v1beta1\nkind: Kustomization\nnamespace: shop\nresources:\n  - manifest.yaml\n';
          assertNoViolations({ files, target: MAIN });
        },
      ),
      params(10),
    );
  });
});
