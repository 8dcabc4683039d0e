import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import { RULES } from '../rules';
import { parseConfig } from '../server/src/engine/config';
import { Linter } from '../server/src/engine/linter';

const ROOT = join(__dirname, '..', 'rules');
export const REQUIRED_HEADINGS = ['## Why it matters', '## What triggers it', '## When not to use it', '## Incorrect', '## Correct', '## Fix', '## Source'];

function section(markdown: string, heading: string): string {
  const start = markdown.indexOf(`\n${heading}\n`);
  if (start === -1) return '';
  const rest = markdown.slice(start + heading.length + 2);
  const next = rest.search(/^## /m);
  return next === -1 ? rest : rest.slice(0, next);
}

function yamlBlocks(markdown: string): string[] {
  return [...markdown.matchAll(/```yaml\n([\s\S]*?)```/g)].map((m) => m[1]!);
}

function findingsOf(ruleId: string, text: string): string[] {
  const off = Object.fromEntries(RULES.filter((r) => r.meta.id !== ruleId).map((r) => [r.meta.id, 'off']));
  const config = parseConfig(RULES, '.kubeready.yaml', stringify({ extends: 'all', rules: off }));
  const linter = new Linter({ rules: RULES, config, today: '2026-06-15' });
  const parsed = linter.setText('example.yaml', text);
  expect(parsed.problems.map((p) => p.message), 'the example is valid YAML').toEqual([]);
  return linter.lint('example.yaml').findings.map((f) => `${f.ruleId}: ${f.message}`);
}

describe('rule docs pages', () => {
  for (const rule of RULES) {
    const id = rule.meta.id;
    const file = join(ROOT, id, `${id}.md`);
    describe(id, () => {
      it('has a docs page with the required headings', () => {
        expect(existsSync(file), `${file} exists`).toBe(true);
        const markdown = readFileSync(file, 'utf8');
        expect(markdown.startsWith(`# ${id}\n`)).toBe(true);
        const headings = rule.meta.category === 'kubeready' ? ['## Why it matters', '## What triggers it', '## Source'] : REQUIRED_HEADINGS;
        for (const heading of headings) expect(markdown, `${id}.md has "${heading}"`).toContain(`\n${heading}\n`);
      });
      if (rule.meta.category === 'kubeready') return;
      it('its incorrect examples fire the rule and its correct examples do not', () => {
        const markdown = readFileSync(file, 'utf8');
        const incorrect = yamlBlocks(section(markdown, '## Incorrect'));
        const correct = yamlBlocks(section(markdown, '## Correct'));
        expect(incorrect.length, 'an incorrect example').toBeGreaterThan(0);
        expect(correct.length, 'a correct example').toBeGreaterThan(0);
        for (const example of incorrect) expect(findingsOf(id, example).filter((f) => f.startsWith(`${id}:`)).length).toBeGreaterThan(0);
        for (const example of correct) expect(findingsOf(id, example).filter((f) => f.startsWith(`${id}:`))).toEqual([]);
      });
    });
  }
});
