/**
 * The properties every input must satisfy, checked through the engine API exactly as the CLI and the
 * language server use it (`new Linter`, `setText`, `lint`, `fix`). A check returns every violation it
 * finds as a sentence, so one failing run reports all of its problems at once, each naming the rule.
 *
 * Size and seed: `npm test` runs each property a few dozen times with a fixed seed, so that it is fast and
 * repeatable; `npm run fuzz` sets KUBEREADY_FUZZ_SCALE (runs multiplied by it) and a random seed, printed
 * when a property fails. KUBEREADY_FUZZ_SEED=<seed> KUBEREADY_FUZZ_PATH=<path> replays a failure.
 */
import fc from 'fast-check';
import { Lexer, stringify } from 'yaml';
import { RULES } from '../../rules';
import { applyEdits, applyFixes } from '../../server/src/engine/apply-edits';
import { type Config, parseConfig } from '../../server/src/engine/config';
import type { Finding, Fix } from '../../server/src/engine/findings';
import { Linter } from '../../server/src/engine/linter';
import { parseFile } from '../../server/src/engine/parse';
import { formatMessage } from '../../server/src/engine/rule-api';
import { sourceText } from '../../server/src/engine/text';

export const SCALE = Math.max(0.01, Number(process.env.KUBEREADY_FUZZ_SCALE ?? '1') || 1);
export const FUZZING = SCALE > 1;
/** The seed of `npm test` runs: fixed, so a red run is red again. `npm run fuzz` draws a new one each time. */
const FIXED_SEED = 20_260_615;
const SEED = process.env.KUBEREADY_FUZZ_SEED ? Number(process.env.KUBEREADY_FUZZ_SEED) : FUZZING ? undefined : FIXED_SEED;

/** fast-check parameters: `base` runs in `npm test`, `base * scale` in `npm run fuzz`. */
export function params(base: number): fc.Parameters<unknown> {
  return {
    numRuns: Math.max(1, Math.round(base * SCALE)),
    ...(SEED !== undefined ? { seed: SEED } : {}),
    // With the seed, the path fast-check prints replays exactly the failing case (KUBEREADY_FUZZ_PATH="78:0").
    ...(process.env.KUBEREADY_FUZZ_PATH ? { path: process.env.KUBEREADY_FUZZ_PATH } : {}),
    // Shrinking a failure to a small input is worth a while, not forever.
    interruptAfterTimeLimit: FUZZING ? 3_600_000 : 120_000,
    markInterruptAsFailure: false,
  };
}

export const TODAY = '2026-06-15';
export const MAIN = 'manifest.yaml';

export type ViolationKind =
  | 'throws'
  | 'slow'
  | 'internal-error'
  | 'offsets'
  | 'finding'
  | 'message'
  | 'fix-throws'
  | 'fix-edits'
  | 'fix-eol'
  | 'fix-parse'
  | 'fix-comments'
  | 'fix-idempotence'
  | 'process-warning';

/** One broken property: its kind, the rule (or engine stage) at fault, a detail for grouping, the full story. */
export interface Violation {
  kind: ViolationKind;
  subject: string;
  detail: string;
  message: string;
}

function v(kind: ViolationKind, subject: string, message: string, detail = ''): Violation {
  return { kind, subject, detail, message };
}

export function signature(violation: Violation): string {
  return `${violation.kind} ${violation.subject}${violation.detail ? ` — ${violation.detail}` : ''}`;
}

/** What one property run lints: a target file and other files of the same project. */
export interface FuzzProject {
  files: Record<string, string>;
  target: string;
  config?: ConfigShape;
}

export interface ConfigShape {
  extends?: 'recommended' | 'strict' | 'all';
  manifestSet?: 'complete' | 'partial';
  zones?: number;
  cpuLimits?: 'require' | 'discourage' | 'ignore';
  kubernetesVersion?: string;
  preferredReplicas?: number;
}

const configs = new Map<string, Config>();

/** Every rule on by default (the `all` preset): the fuzzer should reach every rule's code. */
export function configFor(shape: ConfigShape = {}): Config {
  const key = JSON.stringify(shape);
  let config = configs.get(key);
  if (!config) {
    config = parseConfig(RULES, '.kubeready.yaml', stringify({ extends: 'all', ...shape }));
    configs.set(key, config);
  }
  return config;
}

export function newLinter(project: FuzzProject, override?: Record<string, string>): Linter {
  const linter = new Linter({ rules: RULES, config: configFor(project.config), today: TODAY });
  const files = { ...project.files, ...override };
  for (const [name, text] of Object.entries(files)) if (name !== project.target) linter.setText(name, text);
  linter.setText(project.target, files[project.target]!);
  return linter;
}

/**
 * Time allowed for parsing and linting one project: 5 s plus 25 µs per character, linear. Generous, because the
 * machine may be busy (`npm run fuzz` keeps every core at work) and some inputs are slow in the yaml library
 * (hundreds of thousands of unclosed brackets), while a hang or a backtracking blow-up takes minutes.
 */
export function timeBudgetMs(project: FuzzProject): number {
  const characters = Object.values(project.files).reduce((sum, text) => sum + text.length, 0);
  return 5000 + characters / 40;
}

export interface CheckOptions {
  /** Check quick-fixes (suggestions) too, not only safe fixes. Default true. */
  suggestions?: boolean;
  /** Check that `linter.fix` is idempotent. Default true. */
  idempotence?: boolean;
}

/**
 * Lints every file of the project and checks: nothing throws, no internal-error finding, bounded time,
 * every finding's offsets inside its text, every message filled in, every fix (safe or suggested) yields
 * text that parses without a new syntax error, keeps the comments, writes the file's line ending, and
 * `fix` applied twice changes nothing the second time.
 */
export function violations(project: FuzzProject, options: CheckOptions = {}): Violation[] {
  // The CLI would print a process warning to stderr, the server to its log: the engine must emit none.
  const warnings: string[] = [];
  const emitWarning = process.emitWarning;
  process.emitWarning = ((warning: string | Error) => void warnings.push(String(warning))) as typeof process.emitWarning;
  try {
    const problems = check(project, options);
    for (const warning of new Set(warnings)) problems.push(v('process-warning', 'engine', `the engine emitted a process warning: ${warning}`, warning.replace(/".*"/, '"…"')));
    return problems;
  } finally {
    process.emitWarning = emitWarning;
  }
}

function check(project: FuzzProject, options: CheckOptions): Violation[] {
  const problems: Violation[] = [];
  checked = new Set();
  const started = performance.now();
  let linter: Linter;
  try {
    linter = newLinter(project);
  } catch (error) {
    return [v('throws', 'setText', `setText threw: ${describeError(error)}`)];
  }
  const results: Finding[] = [];
  for (const file of Object.keys(project.files)) {
    try {
      results.push(...linter.lint(file).findings);
    } catch (error) {
      problems.push(v('throws', 'lint', `lint(${file}) threw: ${describeError(error)}`));
    }
  }
  const elapsed = performance.now() - started;
  const budget = timeBudgetMs(project);
  if (elapsed > budget) {
    problems.push(v('slow', 'lint', `parsing and linting took ${Math.round(elapsed)} ms, over the ${Math.round(budget)} ms budget`));
  }

  const textOf = (file: string) => linter.index.getFile(file)?.source.text;
  for (const finding of results) {
    const id = `${finding.ruleId}/${finding.messageId}`;
    const where = `${id} in ${finding.file}`;
    if (finding.ruleId === 'internal-error') {
      const reason = /: (.*)\. The other rules still ran/.exec(finding.message)?.[1] ?? finding.message;
      problems.push(v('internal-error', String(finding.data?.rule), `internal-error from rule ${String(finding.data?.rule)}: ${finding.message}`, reason.replace(/"[^"]*"/g, '"…"')));
      continue;
    }
    const text = textOf(finding.file);
    if (text === undefined) {
      problems.push(v('offsets', id, `${where}: the finding names a file that is not in the project`));
      continue;
    }
    if (!inside(finding.start, finding.end, text)) problems.push(v('offsets', id, `${where}: offsets ${finding.start}-${finding.end} outside the text (length ${text.length})`));
    for (const related of finding.related) {
      const other = textOf(related.file);
      if (other === undefined || !inside(related.start, related.end, other)) {
        problems.push(v('offsets', id, `${where}: related location ${related.file}@${related.start}-${related.end} outside its text`));
      }
    }
    if (!['error', 'warning', 'info'].includes(finding.severity)) problems.push(v('finding', id, `${where}: severity ${String(finding.severity)}`));
    if (typeof finding.message !== 'string' || finding.message.length === 0) problems.push(v('finding', id, `${where}: empty message`));
    const template = RULES.find((rule) => rule.meta.id === finding.ruleId)?.meta.messages[finding.messageId];
    if (template !== undefined) {
      for (const [, key] of template.matchAll(/\{\{\s*(\w+)\s*\}\}/g)) {
        const unfilled = finding.data?.[key!] === undefined && new RegExp(`\\{\\{\\s*${key}\\s*\\}\\}`).test(finding.message);
        if (unfilled) problems.push(v('message', id, `${where}: message placeholder {{${key}}} left unfilled: ${formatMessage(template, finding.data)}`, key));
      }
    }
    const fixes: { fix: Fix | undefined; label: string }[] = [{ fix: finding.fix, label: 'safe fix' }];
    if (options.suggestions !== false) {
      finding.suggestions.forEach((fix, i) => fixes.push({ fix, label: `quick-fix ${i}` }));
    }
    for (const { fix, label } of fixes) {
      if (!fix) continue;
      problems.push(...fixViolations(fix, `${where}, ${label} (${fix.messageId})`, textOf));
    }
  }

  if (options.idempotence !== false && results.some((finding) => finding.fix?.safe)) {
    problems.push(...idempotenceViolations(project));
  }
  return problems;
}

/** One fix, applied to copies of the files it edits. */
/** Fixed texts already checked in this run: many findings offer the same edit. */
let checked = new Set<string>();

function fixViolations(fix: Fix, where: string, textOf: (file: string) => string | undefined): Violation[] {
  const problems: Violation[] = [];
  const id = `${fix.ruleId}/${fix.messageId}`;
  let edits;
  try {
    edits = fix.edits;
  } catch (error) {
    return [v('fix-throws', id, `${where}: building the edits threw: ${describeError(error)}`, error instanceof Error ? error.message : '')];
  }
  if (!Array.isArray(edits)) return [v('fix-throws', id, `${where}: edits is not an array`)];
  const byFile = new Map<string, typeof edits>();
  for (const edit of edits) byFile.set(edit.file, [...(byFile.get(edit.file) ?? []), edit]);
  for (const [file, fileEdits] of byFile) {
    const before = textOf(file);
    if (before === undefined) {
      problems.push(v('fix-edits', id, `${where}: edits ${file}, which is not in the project`));
      continue;
    }
    for (const edit of fileEdits) {
      if (!inside(edit.start, edit.end, before)) problems.push(v('fix-edits', id, `${where}: edit ${edit.start}-${edit.end} outside ${file} (length ${before.length})`));
    }
    const sorted = [...fileEdits].sort((a, b) => a.start - b.start || a.end - b.end);
    for (let i = 1; i < sorted.length; i++) {
      if (sorted[i]!.start < sorted[i - 1]!.end) problems.push(v('fix-edits', id, `${where}: overlapping edits ${sorted[i - 1]!.start}-${sorted[i - 1]!.end} and ${sorted[i]!.start}-${sorted[i]!.end}`));
    }
    const eol = sourceText(file, before).eol;
    for (const edit of fileEdits) {
      if (eol === '\r\n' && /(^|[^\r])\n/.test(edit.text)) problems.push(v('fix-eol', id, `${where}: inserts a bare LF into a CRLF file: ${JSON.stringify(edit.text.slice(0, 120))}`));
      if (eol === '\n' && edit.text.includes('\r\n')) problems.push(v('fix-eol', id, `${where}: inserts CRLF into an LF file`));
    }
    const after = applyEdits(before, fileEdits);
    const key = `${file}\u0000${after}`;
    if (checked.has(key)) continue;
    checked.add(key);
    const syntaxBefore = syntaxProblems(file, before);
    const syntaxAfter = syntaxProblems(file, after);
    const fresh = syntaxAfter.filter((message) => !syntaxBefore.includes(message));
    if (syntaxAfter.length > syntaxBefore.length || fresh.length > 0) {
      const message = fresh[0] ?? syntaxAfter[0]!;
      problems.push(v('fix-parse', id, `${where}: the fixed ${file} does not parse: ${message}\n--- edits: ${JSON.stringify(fileEdits)}\n--- fixed text:\n${excerpt(after)}`, message.replace(/"[^"]*"/g, '"…"')));
    } else if (syntaxBefore.length === 0) {
      const lost = missing(commentsBefore('', before), commentsIn(after));
      if (lost.length) problems.push(v('fix-comments', id, `${where}: the fix loses comments in ${file}: ${JSON.stringify(lost.slice(0, 3))}`));
    }
  }
  return problems;
}

/** `--fix` twice: the second run finds nothing left to change, and the fixed text parses. */
function idempotenceViolations(project: FuzzProject): Violation[] {
  const problems: Violation[] = [];
  const original = project.files[project.target]!;
  const bom = original.startsWith('\uFEFF') ? '\uFEFF' : '';
  try {
    const first = newLinter(project).fix(project.target);
    if (first.applied.length === 0) return problems;
    const originallyValid = syntaxProblems(project.target, original).length === 0;
    if (originallyValid && !first.parses) {
      const culprits = replayPasses(project);
      problems.push(...(culprits.length ? culprits : [v('fix-parse', ids(first.applied), `fix(): the safe fixes (${ids(first.applied)}) yield text that does not parse`)]));
    }
    const second = newLinter(project, { [project.target]: bom + first.text }).fix(project.target);
    if (second.applied.length > 0 || second.text !== first.text) {
      problems.push(
        v('fix-idempotence', ids(second.applied), `fix() is not idempotent: a second run applied ${ids(second.applied)}\n--- after the first run:\n${excerpt(first.text)}\n--- after the second:\n${excerpt(second.text)}`),
      );
    }
  } catch (error) {
    problems.push(v('throws', 'fix', `fix() threw: ${describeError(error)}`));
  }
  return problems;
}

/** Replays `fix`'s passes one fix at a time, to name the fix (and pass) whose edits break the text. */
function replayPasses(project: FuzzProject): Violation[] {
  checked = new Set();
  const linter = newLinter(project);
  const target = project.target;
  const bom = project.files[target]!.startsWith('\uFEFF') ? '\uFEFF' : '';
  let text = linter.index.getFile(target)!.source.text;
  const textOf = (file: string) => linter.index.getFile(file)?.source.text;
  for (let pass = 1; pass <= 10; pass++) {
    const fixes = linter.lint(target).findings.flatMap((finding) => (finding.fix?.safe ? [finding.fix] : []));
    if (fixes.length === 0) break;
    for (const fix of fixes) {
      const broken = fixViolations(fix, `fix() pass ${pass}: ${fix.ruleId} safe fix (${fix.messageId})`, textOf).filter((p) => p.kind === 'fix-parse');
      if (broken.length) return broken;
    }
    const result = applyFixes(text, target, fixes);
    if (result.applied.length === 0 || result.text === text) break;
    text = result.text;
    linter.setText(target, bom + text);
    // Fixes that are fine alone may still clash when applied together in one pass.
    if (syntaxProblems(target, text).length > syntaxProblems(target, project.files[target]!).length) {
      return [v('fix-parse', ids(result.applied), `fix() pass ${pass}: the safe fixes ${ids(result.applied)} are fine one by one but break the text together:\n${excerpt(text)}`, 'together')];
    }
  }
  return [];
}

function ids(fixes: Fix[]): string {
  return [...new Set(fixes.map((fix) => `${fix.ruleId}/${fix.messageId}`))].join(', ') || 'nothing';
}

const memo = <T>(compute: (file: string, text: string) => T) => {
  let last: { file: string; text: string; value: T } | undefined;
  return (file: string, text: string): T => {
    if (last?.file !== file || last.text !== text) last = { file, text, value: compute(file, text) };
    return last.value;
  };
};

/**
 * The syntax errors of a text, of every document, whether or not the file is reported as a manifest (a fix that
 * broke the `apiVersion` key would otherwise hide its own errors). The text before the fixes is asked for again and
 * again, so the last answer is kept.
 */
export const syntaxProblems = memo((file: string, text: string): string[] => {
  const parsed = parseFile(sourceText(file, text));
  const problems = parsed.documents.flatMap((document) => document.problems);
  for (const problem of parsed.problems) if (!problems.includes(problem)) problems.push(problem);
  return problems.filter((p) => p.code === 'yaml-syntax').map((p) => p.message);
});

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

const commentsBefore = memo((_file: string, text: string) => commentsIn(text));

/** Items of `before` (as a multiset) that `after` lacks. */
export function missing(before: string[], after: string[]): string[] {
  const counts = new Map<string, number>();
  for (const item of after) counts.set(item, (counts.get(item) ?? 0) + 1);
  const lost: string[] = [];
  for (const item of before) {
    const left = counts.get(item) ?? 0;
    if (left === 0) lost.push(item);
    else counts.set(item, left - 1);
  }
  return lost;
}

function inside(start: number, end: number, text: string): boolean {
  return Number.isInteger(start) && Number.isInteger(end) && start >= 0 && start <= end && end <= text.length;
}

function excerpt(text: string, limit = 2000): string {
  return text.length > limit ? `${text.slice(0, limit)}\n… (${text.length} characters)` : text;
}

export function describeError(error: unknown): string {
  if (error instanceof Error) return `${error.name}: ${error.message}\n${(error.stack ?? '').split('\n').slice(1, 6).join('\n')}`;
  return String(error);
}

/**
 * The property: no violation at all. The thrown message lists every violation, each naming the rule or the
 * engine stage at fault, followed by the input (fast-check adds the seed and the shrunk counterexample).
 */
export function assertNoViolations(project: FuzzProject, options?: CheckOptions): void {
  const found = violations(project, options);
  if (found.length === 0) return;
  const input = Object.entries(project.files)
    .map(([name, text]) => `=== ${name}${name === project.target ? ' (target)' : ''} ${JSON.stringify(excerpt(text, 20_000))}`)
    .join('\n');
  throw new Error(`${found.length} violation(s):\n- ${found.map((u) => `[${signature(u)}]\n  ${u.message}`).join('\n- ')}\n${input}`);
}
