#!/usr/bin/env node
// `npm run fix-check`: applies every fix (safe and quick-fix) of every finding on the real-manifest corpus
// to a copy and checks that nothing is damaged. The checks are in scripts/fix-check/check.ts, which this
// script bundles with esbuild (the engine and the rules are TypeScript) into a private temporary folder.
//
//   npm run fix-check                          the whole corpus (a few minutes; progress on stderr)
//   npm run fix-check -- --rule pdb-missing    only fixes of these rules (repeatable, or comma-separated)
//   npm run fix-check -- --limit 200           only the first 200 files
//   npm run fix-check -- --repo istio          only these repositories of the corpus (repeatable)
//   npm run fix-check -- --json report.json    also write the counts and damages as JSON
//   npm run fix-check -- --corpus DIR          another corpus (default ../shared/corpus/real)
//
// Exit code: 0 when no file is damaged (or there is no corpus to check: it says so), 1 when one is, 2 on a
// usage error.
import { build } from 'esbuild';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const repoRoot = resolve(here, '..');

function usage(message) {
  if (message) process.stderr.write(`fix-check: ${message}\n`);
  process.stderr.write('Usage: npm run fix-check -- [--rule <id>]... [--limit <n>] [--repo <dir>]... [--json <file>] [--corpus <dir>] [--quiet]\n');
  process.exit(message ? 2 : 0);
}

const args = process.argv.slice(2);
const options = { corpus: resolve(repoRoot, '..', 'shared', 'corpus', 'real'), rules: undefined, limit: undefined, repos: undefined, json: undefined, quiet: false };
for (let i = 0; i < args.length; i++) {
  const arg = args[i];
  const value = () => {
    const next = args[++i];
    if (next === undefined) usage(`${arg} needs a value`);
    return next;
  };
  if (arg === '-h' || arg === '--help') usage();
  else if (arg === '--rule' || arg.startsWith('--rule=')) {
    for (const id of (arg === '--rule' ? value() : arg.slice(7)).split(',').filter(Boolean)) (options.rules ??= new Set()).add(id);
  }
  else if (arg === '--repo' || arg.startsWith('--repo=')) (options.repos ??= new Set()).add(arg === '--repo' ? value() : arg.slice(7));
  else if (arg === '--limit' || arg.startsWith('--limit=')) {
    const n = Number(arg === '--limit' ? value() : arg.slice(8));
    if (!Number.isInteger(n) || n < 0) usage('--limit must be a whole number');
    options.limit = n;
  } else if (arg === '--json') options.json = resolve(value());
  else if (arg === '--corpus') options.corpus = resolve(value());
  else if (arg === '--quiet') options.quiet = true;
  else usage(`unknown argument ${arg}`);
}
if (!existsSync(options.corpus)) {
  // Not a failure: the corpus lives beside the repository, not in it, and a fresh clone has none.
  process.stdout.write(`fix-check: skipped, the corpus ${options.corpus} does not exist (../shared/corpus/real next to this repository, or --corpus DIR).\n`);
  process.exit(0);
}

const work = mkdtempSync(join(tmpdir(), 'kubeready-fix-check-'));
const bundle = join(work, 'check.cjs');
try {
  await build({
    entryPoints: [join(here, 'fix-check', 'check.ts')],
    outfile: bundle,
    bundle: true,
    platform: 'node',
    target: 'node20',
    format: 'cjs',
    logLevel: 'warning',
    sourcemap: 'inline',
  });
  const { run, ruleIds } = createRequire(import.meta.url)(bundle);
  const unknown = [...(options.rules ?? [])].filter((id) => !ruleIds().includes(id));
  if (unknown.length) usage(`unknown rule id(s): ${unknown.join(', ')}`);
  const code = run({
    ...options,
    progress: (line) => process.stderr.write(`${line}\n`),
    out: (line) => process.stdout.write(`${line}\n`),
  });
  process.exitCode = code;
} finally {
  rmSync(work, { recursive: true, force: true });
}
