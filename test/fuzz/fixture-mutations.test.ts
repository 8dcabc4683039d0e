/**
 * Property-based tests over mutations of the project's own fixtures (rules/*\/cases.ts and examples/),
 * through the engine API. See support.ts for the properties and mutations.ts for the damage done.
 */
import fc from 'fast-check';
import { beforeAll, describe, it } from 'vitest';
import { loadFixtures, mutate, mutation } from './mutations';
import { assertNoViolations, MAIN, params } from './support';

let fixtures: string[] = [];
beforeAll(async () => {
  fixtures = await loadFixtures();
});

describe('fuzz: mutated fixtures', () => {
  it('loads the fixtures', () => {
    if (fixtures.length < 100) throw new Error(`only ${fixtures.length} fixtures found`);
  });

  it('never throws, no internal error, bounded time, offsets inside, every fix parses and is idempotent', () => {
    fc.assert(
      fc.property(fc.nat(), fc.array(mutation, { minLength: 1, maxLength: 4 }), (index, mutations) => {
        const text = mutate(fixtures[index % fixtures.length]!, mutations);
        assertNoViolations({ files: { [MAIN]: text }, target: MAIN });
      }),
      params(60),
    );
  });

  it('a mutated fixture beside an intact one: cross-file relations hold the same properties', () => {
    fc.assert(
      fc.property(fc.nat(), fc.nat(), fc.array(mutation, { minLength: 1, maxLength: 3 }), (i, j, mutations) => {
        const other = fixtures[j % fixtures.length]!;
        assertNoViolations({ files: { [MAIN]: other, 'broken.yaml': mutate(fixtures[i % fixtures.length]!, mutations) }, target: 'broken.yaml' });
      }),
      params(25),
    );
  });
});
