/**
 * The checks of `npm run fix-check` (scripts/fix-check/check.ts) can fail: each kind of damage a fix may do is
 * built here by hand, as edits, and must be caught; the real fix of the same finding must pass. And the run over
 * a small corpus reports its counts and exits 1 exactly when a file is damaged.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RULES } from '../../rules';
import { parseConfig } from '../../server/src/engine/config';
import type { Finding, Fix } from '../../server/src/engine/findings';
import { Linter } from '../../server/src/engine/linter';
import { defineRule } from '../../server/src/engine/rule-api';
import { checkFix, type OriginalCache, run } from '../../scripts/fix-check/check';

const FILE = '/corpus/app.yaml';
const TEXT = `apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
spec:
  replicas: 3
  selector:
    matchLabels:
      app: web
  template:
    metadata:
      labels:
        app: web
    spec:
      containers:
        - name: app # the main container
          image: registry.example.com/web:1.0.0
          imagePullPolicy: Always
`;

function setup(text = TEXT) {
  const config = parseConfig(RULES, '.kubeready.yaml', 'extends: all\n');
  const linter = new Linter({ rules: RULES, config, today: '2026-06-15' });
  linter.setText(FILE, text);
  const finding = linter.lint(FILE).findings.find((f) => f.ruleId === 'image-pull-at-every-start')!;
  expect(finding.fix).toBeDefined();
  const check = (edits: { start: number; end: number; text: string }[]) => {
    const fix: Fix = { ...finding.fix!, edits: edits.map((edit) => ({ file: FILE, ...edit })) };
    return checkFix(linter, new Map([[FILE, text]]), new Map() as OriginalCache, finding as Finding, fix).map((p) => p.check);
  };
  const at = (needle: string) => text.indexOf(needle);
  return { linter, finding, check, at, text };
}

describe('fix-check: every kind of damage is caught', () => {
  it('the real fix passes, and the linter is left as it was', () => {
    const { linter, finding, check } = setup();
    expect(check(finding.fix!.edits)).toEqual([]);
    expect(linter.index.getFile(FILE)!.source.text).toBe(TEXT);
  });

  it('parses: a fix whose text does not parse', () => {
    const { check, at } = setup();
    const start = at('Always');
    expect(check([{ start, end: start + 6, text: 'IfNotPresent\n   - [' }])).toEqual(['parses']);
  });

  it('gone: a fix that leaves the finding in place', () => {
    const { check, at } = setup();
    const start = at('replicas: 3');
    expect(check([{ start, end: start + 11, text: 'replicas: 4' }])).toEqual(['gone']);
  });

  it('new: a fix that brings a finding of another rule on the resource', () => {
    const { check, at } = setup();
    const policy = at('Always');
    const tag = at('1.0.0');
    expect(check([{ start: tag, end: tag + 5, text: 'latest' }, { start: policy, end: policy + 6, text: 'IfNotPresent' }])).toEqual(['new']);
  });

  it('comments: a fix that replaces a comment, or hides one inside a string', () => {
    const { check, at } = setup();
    const comment = at('# the main container');
    const policy = at('Always');
    expect(check([{ start: comment, end: comment + 20, text: '' }, { start: policy, end: policy + 6, text: 'IfNotPresent' }])).toContain('comments');
    const name = at('app # the');
    expect(check([{ start: name, end: name + 3, text: '"app' }, { start: policy - 1, end: policy + 6, text: ' IfNotPresent"' }])).toContain('comments');
  });

  it('bytes: overlapping edits, an edit outside the text, a bare LF in a CRLF file', () => {
    const { check, at } = setup();
    const policy = at('Always');
    expect(check([{ start: policy, end: policy + 6, text: 'IfNotPresent' }, { start: policy + 2, end: policy + 4, text: 'x' }])).toContain('bytes');
    expect(check([{ start: TEXT.length + 5, end: TEXT.length + 6, text: 'x' }])).toContain('bytes');
    const crlf = setup(TEXT.replace(/\n/g, '\r\n'));
    const start = crlf.at('Always');
    expect(crlf.check([{ start, end: start + 6, text: 'IfNotPresent\n          # note' }])).toContain('bytes');
  });
});

describe('fix-check: a run over a corpus', () => {
  const root = mkdtempSync(join(tmpdir(), 'kubeready-fix-check-test-'));
  beforeAll(() => {
    mkdirSync(join(root, 'repo', 'deploy'), { recursive: true });
    writeFileSync(join(root, 'repo', 'deploy', 'app.yaml'), TEXT);
    writeFileSync(join(root, 'repo', 'deploy', 'crlf.yaml'), TEXT.replace(/\n/g, '\r\n').replace('name: web', 'name: crlf').replace(/app: web/g, 'app: crlf'));
  });
  afterAll(() => rmSync(root, { recursive: true, force: true }));

  it('prints counts per rule and exits 0 when nothing is damaged', () => {
    const out: string[] = [];
    const code = run({ corpus: root, rules: undefined, limit: undefined, repos: undefined, json: undefined, quiet: true, progress: () => undefined, out: (line) => out.push(line) });
    const report = out.join('\n');
    expect(report).toMatch(/^image-pull-at-every-start +2 +2 +\d+ +\d+ +0$/m);
    expect(report).toMatch(/^--fix \(all safe fixes, per file\) +2 +2 +0$/m);
    expect(report).toMatch(/No damaged file: \d+ fixes on 2 files/);
    expect(code).toBe(0);
  });

  it('exits 1 and names the file, the rule and the check when a fix damages a file', () => {
    const broken = defineRule({
      meta: {
        id: 'test-broken-fix',
        category: 'reliability',
        severity: 'warning',
        signal: 'strong',
        fixable: 'safe',
        kinds: ['Deployment'],
        messages: { found: 'Deployment "{{name}}" is tested.', breakIt: 'Break the file' },
        docs: { description: 'A rule whose fix breaks the file.', source: { title: 'test', url: 'https://example.com' } },
      },
      check({ resource, report }) {
        report({
          at: ['metadata', 'name'],
          messageId: 'found',
          data: { name: resource.name },
          fix: { messageId: 'breakIt', apply: (fix) => void fix.replaceText(resource, resource.node.range![0], resource.node.range![0], '[') },
        });
      },
    });
    const out: string[] = [];
    const code = run({ corpus: root, rules: undefined, limit: undefined, repos: undefined, json: undefined, quiet: true, progress: () => undefined, out: (line) => out.push(line), ruleSet: [...RULES, broken] });
    const report = out.join('\n');
    expect(report).toMatch(/^test-broken-fix +2 +2 +0 +0 +parses 2$/m);
    expect(report).toMatch(/^2 damaged file\(s\):$/m);
    expect(report).toMatch(/^ {2}repo\/deploy\/app\.yaml\n {4}\[parses\] test-broken-fix: safe fix "Break the file"/m);
    expect(code).toBe(1);
  });
});
