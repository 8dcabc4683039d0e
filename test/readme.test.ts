import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { RULES } from '../rules';
import { USAGE } from '../server/src/cli/args';
import { configSchema } from '../server/src/engine/config-schema';

const README = readFileSync(join(__dirname, '..', 'README.md'), 'utf8');

describe('the README documents everything a user can touch', () => {
  it('starts with the two set-up commands', () => {
    expect(README).toContain('```sh\nnpm ci && npx kubeready lint examples/\nnpm test\n```');
  });

  it('every CLI flag', () => {
    const flags = [...USAGE.matchAll(/(?:^|\s)(--[a-z-]+)/g)].map((m) => m[1]!);
    expect(flags.length).toBeGreaterThan(10);
    for (const flag of new Set(flags)) expect(README, flag).toMatch(new RegExp(`${flag}(?![a-z-])`));
  });

  it('every config key', () => {
    const schema = configSchema(RULES.map((r) => r.meta)) as { properties: Record<string, { properties?: Record<string, unknown> }> };
    for (const [key, value] of Object.entries(schema.properties)) {
      expect(README, key).toContain(`\`${key}`);
      for (const nested of Object.keys(value.properties ?? {})) {
        if (key !== 'rules') expect(README, `${key}.${nested}`).toMatch(new RegExp(`\\b${nested}\\b`));
      }
    }
  });

  it('every rule option', () => {
    for (const rule of RULES) {
      for (const option of Object.keys((rule.meta.options?.properties as object | undefined) ?? {})) {
        expect(README, `${rule.meta.id}.${option}`).toContain(`| \`${rule.meta.id}\` | \`${option}\` |`);
      }
    }
  });

  it('the suppression forms', () => {
    for (const form of ['kubeready-disable-next-line', 'kubeready-disable ', 'kubeready.io/ignore', 'ignore:']) expect(README).toContain(form);
  });
});
