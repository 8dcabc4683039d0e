import { describe, expect, it } from 'vitest';
import { Lexer, stringify } from 'yaml';
import { RULES } from '../../rules';
import { applyEdits } from '../../server/src/engine/apply-edits';
import { parseConfig } from '../../server/src/engine/config';
import { availableSuggestions, type Finding, type Fix } from '../../server/src/engine/findings';
import { Linter } from '../../server/src/engine/linter';
import type { Rule, Severity } from '../../server/src/engine/rule-api';
import { LineIndex } from '../../server/src/engine/text';

export interface CaseBase {
  name: string;
  /** The manifest under test, linted as `manifest.yaml` (or `filename`). */
  code: string;
  filename?: string;
  /** Other files of the same project, for cross-file cases. */
  files?: Record<string, string>;
  /** The `.kubeready.yaml` of the case; the rule under test is the only one enabled unless it says otherwise. */
  config?: Record<string, unknown>;
}

export interface ExpectedSuggestion {
  messageId: string;
  /** The whole file after applying the suggestion; for edits in another file, `{ file: text }`. */
  output: string | Record<string, string>;
}

export interface ExpectedFinding {
  messageId: string;
  /** 1-based; the end is exclusive, as in SARIF and LSP. */
  line: number;
  column: number;
  endLine: number;
  endColumn: number;
  severity?: Severity;
  /** The file after the safe fix (`--fix`); `null` when the finding has none. */
  output?: string | null;
  /** Every quick-fix offered in the editor, in order. */
  suggestions?: ExpectedSuggestion[];
}

export interface InvalidCase extends CaseBase {
  errors: ExpectedFinding[];
}

export interface RuleCases {
  valid: CaseBase[];
  invalid: InvalidCase[];
}

export function defineCases(cases: RuleCases): RuleCases {
  return cases;
}

const MAIN = 'manifest.yaml';
const PREFIX_DOCUMENT = 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: kubeready-test-prefix\ndata:\n  key: value\n---\n';
const PREFIX_LINES = PREFIX_DOCUMENT.split('\n').length - 1;

interface Variant {
  name: string;
  code: (code: string) => string;
  output: (output: string, code: string, edits: readonly { start: number }[]) => string;
  line: (line: number) => number;
}

/** Every invalid case runs again in these forms (markdownlint and stylelint caught this class of bug). */
const VARIANTS: Variant[] = [
  { name: 'as written', code: (c) => c, output: (o) => o, line: (l) => l },
  { name: 'with CRLF line endings', code: crlf, output: crlf, line: (l) => l },
  { name: 'with a byte-order mark', code: (c) => `\uFEFF${c}`, output: (o) => o, line: (l) => l },
  {
    name: 'as the second document of a stream',
    code: (c) => PREFIX_DOCUMENT + c,
    output: (o) => PREFIX_DOCUMENT + o,
    line: (l) => l + PREFIX_LINES,
  },
  {
    name: 'without a final newline',
    code: (c) => c.replace(/\n$/, ''),
    // Bytes outside the edit stay: the missing final newline is still missing, unless the fix wrote at the end.
    output: (o, code, edits) => (edits.some((e) => e.start >= code.length) ? o : o.replace(/\n$/, '')),
    line: (l) => l,
  },
];

function crlf(text: string): string {
  return text.replace(/\r?\n/g, '\r\n');
}

export function testRule(rule: Rule, cases: RuleCases): void {
  describe(rule.meta.id, () => {
    describe('valid', () => {
      for (const testCase of cases.valid) {
        it(testCase.name, () => {
          const { findings, parseProblems } = lintCase(rule, testCase, testCase.code);
          expect(parseProblems, 'the case itself must be valid YAML').toEqual([]);
          expect(findings.map(describeFinding)).toEqual([]);
        });
      }
    });
    describe('invalid', () => {
      for (const testCase of cases.invalid) {
        for (const variant of VARIANTS) {
          it(`${testCase.name} (${variant.name})`, () => checkInvalid(rule, testCase, variant));
        }
      }
    });
  });
}

function checkInvalid(rule: Rule, testCase: InvalidCase, variant: Variant): void {
  const code = variant.code(testCase.code);
  const { findings, parseProblems, linter, file } = lintCase(rule, testCase, code);
  expect(parseProblems, 'the case itself must be valid YAML').toEqual([]);
  const text = linter.index.getFile(file)!.source.text;
  const lines = new LineIndex(text);
  const actual = findings.map((finding) => {
    const start = lines.positionAt(finding.start);
    const end = lines.positionAt(finding.end);
    return {
      messageId: finding.messageId,
      line: start.line + 1,
      column: start.character + 1,
      endLine: end.line + 1,
      endColumn: end.character + 1,
      severity: finding.severity,
    };
  });
  const expected = testCase.errors.map((error, i) => ({
    messageId: error.messageId,
    line: variant.line(error.line),
    column: error.column,
    endLine: variant.line(error.endLine),
    endColumn: error.endColumn,
    severity: error.severity ?? actual[i]?.severity,
  }));
  expect(actual).toEqual(expected);

  testCase.errors.forEach((error, i) => {
    const finding = findings[i]!;
    if (finding.fix) {
      expect(error.output, `finding ${i} has a safe fix: the case must state its exact output`).toBeDefined();
    }
    if (error.output === null) expect(finding.fix, `finding ${i} must have no safe fix`).toBeUndefined();
    if (typeof error.output === 'string') {
      expect(finding.fix, `finding ${i} must have a safe fix`).toBeDefined();
      checkFix(rule, testCase, finding, finding.fix!, { [file]: variant.output(error.output, text, finding.fix!.edits) }, linter);
    }
    const offered = availableSuggestions(finding);
    if (offered.length > 0) {
      expect(error.suggestions, `finding ${i} has quick-fixes: the case must state each one`).toBeDefined();
    }
    const suggestions = error.suggestions ?? [];
    expect(offered.map((s) => s.messageId)).toEqual(suggestions.map((s) => s.messageId));
    suggestions.forEach((suggestion, k) => {
      const fix = offered[k]!;
      const outputs = typeof suggestion.output === 'string' ? { [file]: suggestion.output } : suggestion.output;
      const expectedOutputs = Object.fromEntries(
        Object.entries(outputs).map(([name, output]) => [name === file || name === MAIN ? file : name, name === file || name === MAIN ? variant.output(output, text, fix.edits.filter((e) => e.file === file)) : output]),
      );
      checkFix(rule, testCase, finding, fix, expectedOutputs, linter);
    });
  });
}

/**
 * Applies one fix and checks what DESIGN.md asks of every fix: the exact output, text that parses, the
 * finding gone, every comment kept, and no byte changed outside the edits.
 */
function checkFix(rule: Rule, testCase: CaseBase, finding: Finding, fix: Fix, outputs: Record<string, string>, linter: Linter): void {
  const files = new Set(fix.edits.map((edit) => edit.file));
  expect([...files].sort(), `files edited by "${fix.title}"`).toEqual(Object.keys(outputs).sort());
  const fixed: Record<string, string> = {};
  for (const name of files) {
    const before = linter.index.getFile(name)!.source.text;
    const edits = fix.edits.filter((edit) => edit.file === name);
    const after = applyEdits(before, edits);
    expect(after, `output of "${fix.title}" in ${name}`).toBe(outputs[name]);
    for (const edit of edits) {
      expect(commentsIn(before.slice(edit.start, edit.end)), 'an edit must not replace comments').toEqual([]);
    }
    expect(commentsIn(after), 'every comment survives').toEqual(expect.arrayContaining(commentsIn(before)));
    fixed[name] = after;
  }
  const file = finding.file;
  const code = fixed[file] ?? linter.index.getFile(file)!.source.text;
  const rerun = lintCase(rule, { ...testCase, files: { ...testCase.files, ...withoutMain(fixed, file) } }, code, file);
  expect(rerun.parseProblems, `the output of "${fix.title}" parses`).toEqual([]);
  const same = (f: Finding) => f.messageId === finding.messageId && f.resource?.name === finding.resource?.name;
  const again = rerun.findings.filter((f) => same(f) && f.path === finding.path);
  // Removing list item 0 moves item 1 to its path: then the count of such findings must have dropped.
  const before = lintCase(rule, testCase, linter.index.getFile(file)!.source.text, file).findings.filter(same).length;
  if (again.length > 0) expect(rerun.findings.filter(same).length, `"${fix.title}" makes the finding go away`).toBeLessThan(before);
}

function withoutMain(files: Record<string, string>, main: string): Record<string, string> {
  return Object.fromEntries(Object.entries(files).filter(([name]) => name !== main));
}

function lintCase(rule: Rule, testCase: CaseBase, code: string, file = testCase.filename ?? MAIN) {
  const others = Object.fromEntries(RULES.filter((r) => r.meta.id !== rule.meta.id).map((r) => [r.meta.id, 'off']));
  const caseConfig = testCase.config ?? {};
  const configText = stringify({ ...caseConfig, rules: { ...others, ...((caseConfig.rules as object) ?? {}) } });
  const config = parseConfig(RULES, '.kubeready.yaml', configText);
  const linter = new Linter({ rules: RULES, config, today: '2026-06-15' });
  for (const [name, text] of Object.entries(testCase.files ?? {})) if (name !== file) linter.setText(name, text);
  const parsed = linter.setText(file, code);
  const findings = linter.lint(file).findings.filter((f) => f.ruleId === rule.meta.id);
  return { findings, parseProblems: parsed.problems.map((p) => p.message), linter, file };
}

function describeFinding(finding: Finding): string {
  return `${finding.messageId} @${finding.start}-${finding.end}: ${finding.message}`;
}

/** The comments of a YAML text, as the YAML lexer sees them (a `#` inside a string is not one). */
export function commentsIn(text: string): string[] {
  const comments: string[] = [];
  try {
    for (const token of new Lexer().lex(text)) if (token.startsWith('#')) comments.push(token.trim());
  } catch {
    return [];
  }
  return comments;
}
