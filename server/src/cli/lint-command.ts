import { writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { createTwoFilesPatch } from 'diff';
import { ConfigError } from '../engine/config';
import type { Finding } from '../engine/findings';
import type { ParsedFile } from '../engine/parse';
import type { Rule } from '../engine/rule-api';
import { withBom } from '../engine/text';
import { writeAtomically } from '../node/write-atomically';
import type { LintArgs } from './args';
import { formatGithub } from './formats/github';
import { formatJson } from './formats/json';
import { formatSarif } from './formats/sarif';
import { formatStylish } from './formats/stylish';
import { summarize } from './formats/summary';
import { discover, fileProblem, loadFiles, prepare, type Setup } from './lint-setup';
import { lintInParallel, workerCount } from './parallel';
import { displayPath, PositionResolver, type Reported } from './reported';
import { canCheckAside, SyntaxCheckAside } from '../node/syntax-aside';

export interface Io {
  cwd: string;
  stdout: (text: string) => void;
  stderr: (text: string) => void;
  readStdin: () => Buffer;
  isTty: boolean;
  env: NodeJS.ProcessEnv;
  today: string;
  version: string;
  /** The bundled CLI script, which worker threads run to share out big runs; absent when embedded. */
  workerScript?: string;
}

export async function runLint(args: LintArgs, rules: readonly Rule[], docsUrl: (id: string) => string, io: Io): Promise<number> {
  let setup: Setup;
  try {
    setup = prepare(args, rules, io.cwd, io.today);
  } catch (error) {
    if (error instanceof ConfigError) {
      for (const problem of error.problems) {
        io.stderr(`${displayPath(io.cwd, problem.file)}:${problem.line}:${problem.column}: invalid config${problem.key ? ` at "${problem.key}"` : ''}: ${problem.message}\n`);
      }
      io.stderr('kubeready: the config file is invalid; nothing was linted.\n');
    } else {
      io.stderr(`kubeready: ${(error as Error).message}\n`);
    }
    return 2;
  }
  const { linter } = setup;
  const discovery = discover(setup, args, io.cwd);
  let exitCode = 0;
  for (const missing of discovery.missing) {
    io.stderr(`kubeready: no such file, directory or match: ${missing}\n`);
    exitCode = 2;
  }
  const { targets, projectFiles } = discovery;
  const targetSet = new Set(targets);
  const findings: Finding[] = discovery.unreadable.map(({ path, reason }) => fileProblem(linter, path, reason, 1));
  let reported: Reported[];

  // Big runs: worker threads share the files out. Fixes stay on one thread: they re-lint what they change.
  const workers = io.workerScript && !setup.usingStdin && !args.fix && !args.fixDryRun ? workerCount(targets.length, args.jobs) : 1;
  if (workers > 1) {
    const result = await lintInParallel(io.workerScript!, workers, { args, cwd: io.cwd, today: io.today, targets, projectFiles });
    linter.markIgnoresUsed(result.usedIgnores);
    reported = result.reported;
  } else {
    const fixing = args.fix || args.fixDryRun;
    // Fixes re-lint what they change, so they check syntax as they go.
    const aside = !fixing && canCheckAside(io.workerScript) ? new SyntaxCheckAside(io.workerScript) : undefined;
    const loaded = loadFiles(setup, targets, projectFiles, () => io.readStdin(), new Set(targets), aside);
    if (fixing) {
      const fixed = applyFixes(setup, args, io, targets, loaded.originals);
      if (fixed.exitCode) exitCode = fixed.exitCode;
      if (args.fixDryRun && !emit(args, io, fixed.patches)) return 2;
    }
    const byFile = new Map<string, Finding[]>(loaded.problems.map((problem) => [problem.file, [problem]]));
    for (const file of targets) if (loaded.originals.has(file)) byFile.set(file, linter.lint(file).findings);
    // A file with a broken document no rule reads is parsed again, checked: it reads as in one pass.
    for (const file of aside ? await aside.brokenFiles() : []) {
      linter.setText(file, loaded.originals.get(file)!.text);
      byFile.set(file, linter.lint(file).findings);
    }
    // File by file in target order, as worker threads report them too.
    for (const file of targets) findings.push(...(byFile.get(file) ?? []));
    reported = [];
  }

  const coversProject = setup.context.root !== undefined && projectFiles.every((file) => targetSet.has(file));
  findings.push(...linter.configFindings({ reportUnused: coversProject }));
  const positions = new PositionResolver(io.cwd, (file) => linter.index.getFile(file)?.source.text);
  reported = [...reported, ...findings.map((finding) => positions.resolve(finding))];
  if (args.quiet) reported = reported.filter((r) => r.finding.severity === 'error');

  const files = targets.length;
  if (!args.fixDryRun) {
    const color = args.output ? false : (args.color ?? (io.isTty && !io.env.NO_COLOR ? true : Boolean(io.env.FORCE_COLOR && io.env.FORCE_COLOR !== '0')));
    let report: string;
    switch (args.format) {
      case 'json':
        report = formatJson(reported, { version: io.version, files, docsUrl, rules: new Map(rules.map((r) => [r.meta.id, r])) });
        break;
      case 'sarif':
        report = formatSarif(reported, { version: io.version, cwd: io.cwd, rules, docsUrl });
        break;
      case 'github':
        report = formatGithub(reported);
        break;
      default:
        report = formatStylish(reported, { color, files });
    }
    if (!emit(args, io, report)) return 2;
  }

  const summary = summarize(reported.map((r) => r.finding));
  if (exitCode !== 0) return exitCode;
  if (summary.errors > 0) return 1;
  if (args.maxWarnings !== undefined && summary.warnings > args.maxWarnings) return 1;
  return 0;
}

/** `--fix` and `--fix-dry-run`: safe fixes per file, written atomically (or shown as a diff). */
function applyFixes(
  setup: Setup,
  args: LintArgs,
  io: Io,
  targets: string[],
  originals: Map<string, { text: string; bytes: Buffer; mode: number }>,
): { patches: string; exitCode: number } {
  const { linter } = setup;
  const patches: string[] = [];
  let exitCode = 0;
  for (const file of targets) {
    const original = originals.get(file);
    const before = linter.index.getFile(file);
    if (!original || !before) continue;
    const result = linter.fix(file);
    if (result.applied.length === 0) continue;
    const name = displayPath(io.cwd, file);
    const after = linter.index.getFile(file);
    // Counted in every document: a fix that breaks `apiVersion:` makes the file no longer look like a manifest,
    // and a file that does not look like one reports no syntax errors of its own.
    if (!result.parses || !after || syntaxErrors(after) > syntaxErrors(before)) {
      io.stderr(`kubeready: ${name}: fixes not applied, the fixed text would not parse.\n`);
      linter.setText(file, original.text);
      continue;
    }
    const data = withBom(before.source, result.text);
    if (args.fixDryRun) {
      patches.push(createTwoFilesPatch(`a/${name}`, `b/${name}`, original.text, data, undefined, undefined, { context: 3 }));
      continue;
    }
    const written = writeAtomically(file, data, original);
    if (!written.ok) {
      io.stderr(`kubeready: ${name}: ${written.reason}\n`);
      linter.setText(file, original.text);
      exitCode = 2;
    }
  }
  return { patches: patches.join(''), exitCode };
}

/** The syntax errors of a parsed file, in every document, whether or not the file is reported as a manifest. */
function syntaxErrors(parsed: ParsedFile): number {
  const problems = new Set([...parsed.problems, ...parsed.documents.flatMap((document) => document.problems)]);
  return [...problems].filter((problem) => problem.code === 'yaml-syntax').length;
}

function emit(args: LintArgs, io: Io, text: string): boolean {
  if (!args.output) {
    io.stdout(text);
    return true;
  }
  try {
    writeFileSync(resolve(io.cwd, args.output), text);
    return true;
  } catch (error) {
    io.stderr(`kubeready: cannot write --output ${args.output} (${(error as NodeJS.ErrnoException).code ?? error})\n`);
    return false;
  }
}
