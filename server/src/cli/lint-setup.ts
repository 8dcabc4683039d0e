import { dirname, resolve } from 'node:path';
import { type Config, defaultConfig, withRuleOverrides } from '../engine/config';
import type { Finding } from '../engine/findings';
import { Linter } from '../engine/linter';
import type { Rule, SeverityOrOff } from '../engine/rule-api';
import { excludedBy, loadConfigFile, relativeTo } from '../node/config-file';
import { type Excluded, expandTargets, listProjectFiles } from '../node/discover';
import { type ProjectContext, resolveProjectContext } from '../node/project-context';
import { decodeManifest, readManifest, type ReadResult } from '../node/read-manifest';
import type { LintArgs } from './args';
import type { SyntaxCheckAside } from '../node/syntax-aside';

export const STDIN = '<stdin>';
/** Context files without this word cannot hold a Kubernetes object; reading is cheap, parsing is not. */
const MIGHT_BE_MANIFEST = /\bkind\b/;

/** Everything a lint run decides before it reads a manifest: config, project, and the linter built from them. */
export interface Setup {
  linter: Linter;
  config: Config;
  context: ProjectContext;
  excluded: Excluded;
  usingStdin: boolean;
  /** The name findings on stdin carry: `--stdin-filename`, or `<stdin>`. */
  stdinFile?: string;
}

export type Original = Extract<ReadResult, { ok: true }>;

/**
 * Loads and checks the config (with the command-line overrides) and builds the linter.
 * Throws ConfigError for an invalid config file and Error for other unusable input; both end the run with 2.
 */
export function prepare(args: LintArgs, rules: readonly Rule[], cwd: string, today: string): Setup {
  const usingStdin = args.paths[0] === '-';
  const stdinFile = usingStdin ? (args.stdinFilename ? resolve(cwd, args.stdinFilename) : STDIN) : undefined;
  const targetPaths = usingStdin ? [stdinFile === STDIN ? cwd : stdinFile!] : args.paths.map((p) => resolve(cwd, p));
  const context = resolveProjectContext({ cwd, targets: targetPaths, configFlag: args.config, contextFlag: args.context, noContext: args.noContext });

  let config = context.configFile ? loadConfigFile(rules, context.configFile) : defaultConfig(rules);
  const unknownRules = Object.keys(args.rules).filter((id) => !config.rules.has(id));
  if (unknownRules.length) throw new Error(`--rule names unknown rule id(s): ${unknownRules.join(', ')}. See \`kubeready rules\`.`);
  config = withRuleOverrides(config, args.rules as Record<string, SeverityOrOff>);
  if (args.partial) config = { ...config, settings: { ...config.settings, manifestSet: 'partial' } };
  if (args.namespace) config = { ...config, namespace: args.namespace };

  // Config paths (ignores, excludes) are relative to the config file, else to the project root.
  const base = context.configFile ? dirname(context.configFile) : (context.root ?? cwd);
  const linter = new Linter({ rules, config, today, relativePath: relativeTo(base) });
  return { linter, config, context, excluded: excludedBy(config, base), usingStdin, stdinFile };
}

export interface Discovered {
  targets: string[];
  /** Every manifest of the project, linted or not: cross-file rules look at all of them. */
  projectFiles: string[];
  missing: string[];
  unreadable: { path: string; reason: string }[];
}

export function discover(setup: Setup, args: LintArgs, cwd: string): Discovered {
  const projectFiles = setup.context.root ? listProjectFiles(setup.context.root, setup.excluded) : [];
  if (setup.usingStdin) return { targets: [setup.stdinFile!], projectFiles, missing: [], unreadable: [] };
  const found = expandTargets(args.paths, cwd, setup.excluded);
  return { targets: found.files, projectFiles, missing: found.missing, unreadable: found.unreadable };
}

export interface Loaded {
  /** The files that will be linted, as read: `--fix` writes back with their BOM, line endings and mode. */
  originals: Map<string, Original>;
  /** Files that could not be read or decoded, as `file-unreadable` findings. */
  problems: Finding[];
}

/**
 * Hands the linter the project's other files as context first, then the targets. `mine` are the targets this
 * process lints (a worker thread lints only its share); the other targets are context here. With `aside`, the
 * syntax of documents no rule reads is checked there instead of here.
 */
export function loadFiles(
  setup: Setup,
  targets: string[],
  projectFiles: string[],
  readStdin: () => Buffer,
  mine: ReadonlySet<string>,
  aside?: SyntaxCheckAside,
): Loaded {
  const { linter, config } = setup;
  const targetSet = new Set(targets);
  const loaded: Loaded = { originals: new Map(), problems: [] };
  const addContext = (file: string) => {
    const read = readManifest(file, config.maxFileSize);
    if (read.ok && MIGHT_BE_MANIFEST.test(read.text)) linter.setText(file, read.text, { context: true });
  };
  for (const file of projectFiles) if (!targetSet.has(file)) addContext(file);
  for (const file of targets) {
    if (!mine.has(file)) {
      addContext(file);
      continue;
    }
    const read = setup.usingStdin && file === setup.stdinFile ? decodeStdin(readStdin) : readManifest(file, config.maxFileSize);
    if (!read.ok) {
      loaded.problems.push(fileProblem(linter, file, read.reason, read.line));
      continue;
    }
    loaded.originals.set(file, read);
    const parsed = linter.setText(file, read.text, { check: !aside });
    aside?.add(file, parsed.source.text, linter.uncheckedSlices(file));
  }
  return loaded;
}

function decodeStdin(readStdin: () => Buffer): ReadResult {
  try {
    return decodeManifest(readStdin());
  } catch (error) {
    return { ok: false, reason: `cannot read stdin (${(error as Error).message})`, line: 1 };
  }
}

/** A file that cannot be linted is a finding, so it shows in every output format and sets the exit code. */
export function fileProblem(linter: Linter, file: string, reason: string, line: number): Finding {
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
