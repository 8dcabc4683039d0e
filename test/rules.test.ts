import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { RULES } from '../rules';
import { type RuleCases, testRule } from './support/rule-tester';

const ROOT = join(__dirname, '..', 'rules');

for (const rule of RULES) {
  const file = join(ROOT, rule.meta.id, 'cases.ts');
  // A missing cases file fails the "every catalog rule has cases" test below, not the whole file.
  if (!existsSync(file)) continue;
  const cases = ((await import(file)) as { default: RuleCases }).default;
  testRule(rule, cases);
}

describe('every catalog rule has cases', () => {
  for (const rule of RULES.filter((r) => r.meta.category !== 'kubeready')) {
    it(rule.meta.id, async () => {
      const file = join(ROOT, rule.meta.id, 'cases.ts');
      expect(existsSync(file), `${file} exists`).toBe(true);
      const cases = ((await import(file)) as { default: RuleCases }).default;
      expect(cases.valid.length, 'valid cases').toBeGreaterThan(0);
      expect(cases.invalid.length, 'invalid cases').toBeGreaterThan(0);
    });
  }
});
