import { statSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { parentPort, Worker, workerData } from 'node:worker_threads';
import { availableSuggestions, type Finding, type Fix } from '../engine/findings';
import type { Rule } from '../engine/rule-api';
import type { LintArgs } from './args';
import { loadFiles, prepare } from './lint-setup';
import { PositionResolver, type Reported } from './reported';

/** Below this many files a run is over before worker threads would have read the project. */
const MIN_FILES = 100;
/**
 * Each worker reads the whole project for cross-file rules, so more workers buy less and less, and on fewer
 * than four CPUs the extra reading costs more than the sharing saves (`npm run bench` measures it).
 */
const MAX_WORKERS = 4;
const MIN_CPUS = 4;
const FILES_PER_WORKER = 50;

/** How many worker threads to share the run among; 1 means lint on the main thread. */
export function workerCount(files: number, jobs: number | undefined): number {
  if (jobs !== undefined) return Math.max(1, Math.min(jobs, files));
  const cpus = availableParallelism();
  if (files < MIN_FILES || cpus < MIN_CPUS) return 1;
  return Math.max(1, Math.min(MAX_WORKERS, cpus - 1, Math.floor(files / FILES_PER_WORKER)));
}

interface Job {
  args: LintArgs;
  cwd: string;
  today: string;
  targets: string[];
  projectFiles: string[];
  mine: string[];
}

interface JobResult {
  byFile: [string, Reported[]][];
  usedIgnores: number[];
}

/**
 * Shares the targets out among worker threads that run this same script. Each worker reads the whole project
 * (cross-file rules need it), lints its share and places the findings, so only plain data comes back.
 * Results come back in target order, exactly as a single-threaded run reports them.
 */
export async function lintInParallel(
  workerScript: string,
  workers: number,
  job: Omit<Job, 'mine'>,
): Promise<{ reported: Reported[]; usedIgnores: number[] }> {
  const shares = shareBySize(job.targets, workers);
  const results = await Promise.all(shares.map((mine) => runWorker(workerScript, { ...job, mine })));
  const byFile = new Map(results.flatMap((result) => result.byFile));
  return {
    reported: job.targets.flatMap((file) => byFile.get(file) ?? []),
    usedIgnores: [...new Set(results.flatMap((result) => result.usedIgnores))],
  };
}

function runWorker(workerScript: string, job: Job): Promise<JobResult> {
  return new Promise((resolve, reject) => {
    const worker = new Worker(workerScript, { workerData: job });
    let result: JobResult | undefined;
    worker.once('message', (message: JobResult) => (result = message));
    worker.once('error', reject);
    worker.once('exit', (code) => (result ? resolve(result) : reject(new Error(`a lint worker stopped with code ${code}`))));
  });
}

/** Largest files first, each to the least loaded worker: shares end up close in bytes, the cost that matters. */
function shareBySize(files: string[], count: number): string[][] {
  const sized = files.map((file) => ({ file, size: sizeOf(file) })).sort((a, b) => b.size - a.size);
  const shares = Array.from({ length: count }, () => ({ files: [] as string[], bytes: 0 }));
  for (const { file, size } of sized) {
    const lightest = shares.reduce((least, share) => (share.bytes < least.bytes ? share : least));
    lightest.files.push(file);
    lightest.bytes += size;
  }
  return shares.map((share) => share.files);
}

function sizeOf(file: string): number {
  try {
    return statSync(file).size;
  } catch {
    return 0;
  }
}

/** The worker side: called when this script runs in a worker thread. */
export function serveLintJob(rules: readonly Rule[]): void {
  const job = workerData as Job;
  const setup = prepare(job.args, rules, job.cwd, job.today);
  const mine = new Set(job.mine);
  const loaded = loadFiles(setup, job.targets, job.projectFiles, () => Buffer.alloc(0), mine);
  const { linter } = setup;
  const positions = new PositionResolver(job.cwd, (file) => linter.index.getFile(file)?.source.text);
  const withSuggestions = job.args.format === 'json';
  const byFile = new Map<string, Reported[]>();
  const add = (finding: Finding) => {
    const list = byFile.get(finding.file) ?? [];
    list.push(positions.resolve(plain(finding, withSuggestions)));
    byFile.set(finding.file, list);
  };
  loaded.problems.forEach(add);
  for (const file of job.mine) if (loaded.originals.has(file)) linter.lint(file).findings.forEach(add);
  const result: JobResult = { byFile: [...byFile], usedIgnores: linter.usedIgnoreIndices() };
  parentPort!.postMessage(result);
}

/**
 * A finding as plain data that can cross to the main thread. Quick-fix edits are built lazily and only the
 * JSON format lists suggestions, so only then are they built here.
 */
function plain(finding: Finding, withSuggestions: boolean): Finding {
  const copyFix = (fix: Fix, edits: boolean): Fix => ({
    ruleId: fix.ruleId,
    messageId: fix.messageId,
    title: fix.title,
    safe: fix.safe,
    edits: edits ? fix.edits.map((edit) => ({ ...edit })) : [],
  });
  return {
    ruleId: finding.ruleId,
    messageId: finding.messageId,
    severity: finding.severity,
    message: finding.message,
    file: finding.file,
    start: finding.start,
    end: finding.end,
    ...(finding.resource ? { resource: { ...finding.resource } } : {}),
    ...(finding.path !== undefined ? { path: finding.path } : {}),
    ...(finding.fix ? { fix: copyFix(finding.fix, false) } : {}),
    suggestions: withSuggestions ? availableSuggestions(finding).map((fix) => copyFix(fix, true)) : [],
    related: finding.related.map((related) => ({ ...related })),
    ...(finding.unnecessary ? { unnecessary: true } : {}),
    ...(finding.data ? { data: { ...finding.data } } : {}),
  };
}
