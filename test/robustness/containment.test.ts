/**
 * Containment, beyond test/engine/linter.test.ts (a rule that throws on a Deployment): an exception inside one
 * rule becomes one internal-error finding for that rule and that document, naming both; the same rule still
 * reports on the other documents, the other rules still run, a fix that throws is contained the same way, and
 * `--fix` still applies the other rules' fixes. Nothing is swallowed silently: a quick-fix that throws when an
 * editor asks for its edits throws to the caller (the server logs it), it does not turn into an empty fix.
 */
import { describe, expect, it } from 'vitest';
import { RULES } from '../../rules';
import { parseConfig } from '../../server/src/engine/config';
import { Linter } from '../../server/src/engine/linter';
import { defineRule, type Rule } from '../../server/src/engine/rule-api';

const doc = (name: string, extra = '') => `apiVersion: apps/v1
kind: Deployment
metadata:
  name: ${name}
spec:
  replicas: 3
  selector:
    matchLabels: {app: ${name}}
  template:
    metadata:
      labels: {app: ${name}}
    spec:
      containers:
        - name: app
          image: registry.example.com/${name}:1.0.0${extra}
`;

const meta = {
  category: 'reliability',
  severity: 'warning',
  signal: 'strong',
  kinds: ['Deployment'],
  docs: { description: 'test', source: { title: 't', url: 'u' } },
} as const;

/** Throws on the Deployment named "bad" only, and reports every other one. */
const picky = defineRule({
  meta: { ...meta, id: 'zz-picky', messages: { seen: 'Seen {{name}}' } },
  check({ resource, report }) {
    if (resource.name === 'bad') throw new RangeError('Invalid array length');
    report({ at: ['metadata', 'name'], messageId: 'seen', data: { name: resource.name } });
  },
});

/** A safe fix whose builder has a bug (not a FixNotPossible): the finding cannot be built. */
const brokenFix = defineRule({
  meta: { ...meta, id: 'zz-broken-fix', fixable: 'safe', messages: { found: 'Found', fix: 'Fix it' } },
  check({ resource, report }) {
    report({
      at: ['metadata', 'name'],
      messageId: 'found',
      fix: {
        messageId: 'fix',
        apply: () => {
          throw new TypeError("Cannot read properties of undefined (reading 'range')");
        },
      },
    });
    void resource;
  },
});

/** A quick-fix whose builder throws when an editor asks for it. */
const brokenSuggestion = defineRule({
  meta: { ...meta, id: 'zz-broken-suggestion', fixable: 'unsafe', messages: { found: 'Found', fix: 'Fix it' } },
  check({ report }) {
    report({
      at: ['metadata', 'name'],
      messageId: 'found',
      suggest: [
        {
          messageId: 'fix',
          apply: () => {
            throw new Error('bug in the quick-fix');
          },
        },
      ],
    });
  },
});

function linter(extra: Rule[]): Linter {
  const rules = [...RULES, ...extra];
  const config = parseConfig(rules, '.kubeready.yaml', 'extends: all\n');
  return new Linter({ rules, config, today: '2026-06-15' });
}

describe('containment: a bug in one rule costs one finding, named, and nothing else', () => {
  it('a rule that throws on one document: one internal-error there, its findings on the others, every other rule everywhere', () => {
    const withBug = linter([picky]);
    const clean = linter([]);
    const text = `${doc('good')}---\n${doc('bad', '\n          imagePullPolicy: Always')}---\n${doc('other')}`;
    withBug.setText('m.yaml', text);
    clean.setText('m.yaml', text);
    const findings = withBug.lint('m.yaml').findings;
    const internal = findings.filter((f) => f.ruleId === 'internal-error');
    expect(internal.map((f) => f.message)).toEqual([
      'Internal error in rule zz-picky on Deployment/bad: Invalid array length. The other rules still ran; please report this.',
    ]);
    expect(internal[0]!.severity).toBe('error');
    expect(internal[0]!.resource?.name).toBe('bad');
    expect(findings.filter((f) => f.ruleId === 'zz-picky').map((f) => f.message)).toEqual(['Seen good', 'Seen other']);
    // Every other rule reports exactly what it reports without the buggy rule.
    const others = (list: typeof findings) => list.filter((f) => !f.ruleId.startsWith('zz-') && f.ruleId !== 'internal-error').map((f) => `${f.ruleId}@${f.start}`);
    expect(others(findings)).toEqual(others(clean.lint('m.yaml').findings));
    expect(others(findings)).toContain(`image-pull-at-every-start@${text.indexOf('Always')}`);
  });

  it('a safe fix whose builder throws: an internal-error for that rule, and --fix still applies the other rules\' fixes', () => {
    const l = linter([brokenFix]);
    const text = doc('web', '\n          imagePullPolicy: Always');
    l.setText('m.yaml', text);
    const internal = l.lint('m.yaml').findings.filter((f) => f.ruleId === 'internal-error');
    expect(internal.map((f) => f.message)).toEqual([
      "Internal error in rule zz-broken-fix on Deployment/web: Cannot read properties of undefined (reading 'range'). The other rules still ran; please report this.",
    ]);
    const fixed = l.fix('m.yaml');
    expect(fixed.parses).toBe(true);
    expect(fixed.text).toContain('imagePullPolicy: IfNotPresent');
  });

  it('a quick-fix whose builder throws: the finding stands, and asking for its edits throws instead of returning none', () => {
    const l = linter([brokenSuggestion]);
    l.setText('m.yaml', doc('web'));
    const finding = l.lint('m.yaml').findings.find((f) => f.ruleId === 'zz-broken-suggestion')!;
    expect(finding.message).toBe('Found');
    expect(finding.suggestions).toHaveLength(1);
    expect(() => finding.suggestions[0]!.edits).toThrow('bug in the quick-fix');
  });
});
