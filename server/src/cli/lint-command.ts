import { writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { createTwoFilesPatch } from 'diff';
import { type Config, ConfigError, defaultConfig, withRuleOverrides } from '../engine/config';
import type { Finding } from '../engine/findings';
import { Linter } from '../engine/linter';
import type { Rule, SeverityOrOff } from '../engine/rule-api';
import { withBom } from '../engine/text';
import type { LintArgs } from './args';
import { excludedBy, loadConfigFile, relativeTo } from '../node/config-file';
import { expandTargets, listProjectFiles } from '../node/discover';
import { formatGithub } from './formats/github';
import { formatJson } from './formats/json';
import { formatSarif } from './formats/sarif';
import { formatStylish } from './formats/stylish';
import { summarize } from './formats/summary';
import { resolveProjectContext } from '../node/project-context';
import { decodeManifest, readManifest, type ReadResult } from '../node/read-manifest';
import { displayPath, PositionResolver } from './reported';
import { writeAtomically } from '../node/write-atomically';

export interface Io {
  cwd: string;
  stdout: (text: string) => void;
  stderr: (text: string) => void;
  readStdin: () => Buffer;
  isTty: boolean;
  env: NodeJS.ProcessEnv;
  today: string;
  version: string;
}

export const STDIN = '<stdin>';
/** Context files without these words cannot hold a Kubernetes object; reading is cheap, parsing is not. */
const MIGHT_BE_MANIFEST = /\bkind\b/;

export function runLint(args: LintArgs, rules: readonly Rule[], docsUrl: (id: string) => string, io: Io): number {
  let exitCode = 0;
  const usingStdin = args.paths[0] === '-';
  const stdinFile = usingStdin ? (args.stdinFilename ? resolve(io.cwd, args.stdinFilename) : STDIN) : undefined;
  const targetPaths = usingStdin ? [stdinFile === STDIN ? io.cwd : stdinFile!] : args.paths.map((p) => resolve(io.cwd, p));
  const context = resolveProjectContext({
    cwd: io.cwd,
    targets: targetPaths,
    configFlag: args.config,
    contextFlag: args.context,
    noContext: args.noContext,
  });

  let config: Config;
  try {
    config = context.configFile ? loadConfigFile(rules, context.configFile) : defaultConfig(rules);
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
  const unknownRules = Object.keys(args.rules).filter((id) => !config.rules.has(id));
  if (unknownRules.length) {
    io.stderr(`kubeready: --rule names unknown rule id(s): ${unknownRules.join(', ')}. See \`kubeready rules\`.\n`);
    return 2;
  }
  config = withRuleOverrides(config, args.rules as Record<string, SeverityOrOff>);
  if (args.partial) config = { ...config, settings: { ...config.settings, manifestSet: 'partial' } };
  if (args.namespace) config = { ...config, namespace: args.namespace };

  const base = context.configFile ? dirname(context.configFile) : (context.root ?? io.cwd);
  const relativeToBase = relativeTo(base);
  const excluded = excludedBy(config, base);

  const linter = new Linter({ rules, config, today: io.today, relativePath: relativeToBase });
  const originals = new Map<string, Extract<ReadResult, { ok: true }>>();
  const fileFindings: Finding[] = [];

  let targets: string[];
  if (usingStdin) {
    targets = [stdinFile!];
  } else {
    const discovery = expandTargets(args.paths, io.cwd, excluded);
    for (const missing of discovery.missing) {
      io.stderr(`kubeready: no such file, directory or match: ${missing}\n`);
      exitCode = 2;
    }
    for (const { path, reason } of discovery.unreadable) {
      fileFindings.push(fileProblem(linter, path, reason, 1));
    }
    targets = discovery.files;
  }
  const targetSet = new Set(targets);

  let projectFiles: string[] = [];
  if (context.root) {
    projectFiles = listProjectFiles(context.root, excluded);
    for (const file of projectFiles) {
      if (targetSet.has(file)) continue;
      const read = readManifest(file, config.maxFileSize);
      if (read.ok && MIGHT_BE_MANIFEST.test(read.text)) linter.setText(file, read.text);
    }
  }

  for (const file of targets) {
    const read = file === stdinFile && usingStdin ? readStdin(io) : readManifest(file, config.maxFileSize);
    if (!read.ok) {
      fileFindings.push(fileProblem(linter, file, read.reason, read.line));
      continue;
    }
    originals.set(file, read);
    linter.setText(file, read.text);
  }

  if (args.fix || args.fixDryRun) {
    const patches: string[] = [];
    for (const file of targets) {
      const original = originals.get(file);
      const before = linter.index.getFile(file);
      if (!original || !before) continue;
      const result = linter.fix(file);
      if (result.applied.length === 0) continue;
      const name = displayPath(io.cwd, file);
      if (!result.parses) {
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
    if (args.fixDryRun) {
      const write = emit(args, io, patches.join(''));
      if (!write) return 2;
    }
  }

  const findings: Finding[] = [...fileFindings];
  for (const file of targets) if (originals.has(file)) findings.push(...linter.lint(file).findings);
  const coversProject = context.root !== undefined && projectFiles.every((file) => targetSet.has(file));
  findings.push(...linter.configFindings({ reportUnused: coversProject }));
  const shown = args.quiet ? findings.filter((f) => f.severity === 'error') : findings;

  const positions = new PositionResolver(io.cwd, (file) => linter.index.getFile(file)?.source.text);
  const reported = shown.map((finding) => positions.resolve(finding));
  const files = targets.length;
  if (!args.fixDryRun) {
    const color = args.output ? false : (args.color ?? (io.isTty && !io.env.NO_COLOR ? true : Boolean(io.env.FORCE_COLOR && io.env.FORCE_COLOR !== '0')));
    let report: string;
    switch (args.format) {
      case 'json':
        report = formatJson(reported, { version: io.version, files, docsUrl, rules: new Map(rules.map((r) => [r.meta.id, r])) });
        break;
      case 'sarif':
        report = formatSarif(reported, { version: io.version, cwd: io.cwd, rules, docsUrl, positions });
        break;
      case 'github':
        report = formatGithub(reported);
        break;
      default:
        report = formatStylish(reported, { color, files });
    }
    if (!emit(args, io, report)) return 2;
  }

  const summary = summarize(shown);
  if (exitCode !== 0) return exitCode;
  if (summary.errors > 0) return 1;
  if (args.maxWarnings !== undefined && summary.warnings > args.maxWarnings) return 1;
  return 0;
}

function readStdin(io: Io): ReadResult {
  try {
    return decodeManifest(io.readStdin());
  } catch (error) {
    return { ok: false, reason: `cannot read stdin (${(error as Error).message})`, line: 1 };
  }
}

function fileProblem(linter: Linter, file: string, reason: string, line: number): Finding {
  const severity = linter.severity('file-unreadable', undefined, undefined);
  return {
    ruleId: 'file-unreadable',
    messageId: 'file-unreadable',
    severity: severity === 'off' ? 'info' : severity,
    message: `Cannot lint this file: ${reason}.`,
    file,
    start: 0,
    end: 0,
    suggestions: [],
    related: [],
    data: { line },
  };
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
