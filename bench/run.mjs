// `npm run bench`: kubeready side by side with a parse-only baseline and with yaml-language-server, in one run,
// on the shared corpus. Whole processes, several runs interleaved (so that the noise of a busy machine hits
// both sides alike), medians and ratios. Writes bench/results.json and bench/results.md, prints the markdown.
//   node bench/run.mjs [--quick] [--only=cli,scaling,cold,lsp] [--runs=N]
import { spawn } from 'node:child_process';
import { existsSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const CORPUS = resolve(ROOT, '../shared/corpus/real');
const { filesFrom } = createRequire(import.meta.url)('./files.cjs');

const argv = process.argv.slice(2);
const flag = (name) => argv.find((a) => a.startsWith(`--${name}=`))?.split('=')[1];
const quick = argv.includes('--quick');
const only = new Set((flag('only') ?? 'cli,scaling,cold,lsp').split(','));
const RUNS = Number(flag('runs') ?? (quick ? 1 : 3));
const COLD_RUNS = quick ? 5 : 15;
const EDITS = quick ? 10 : 100;
// yaml-language-server takes over a second per edit on the 36k-line file: 40 edits keep the run under 10 minutes.
const YLS_BIG_EDITS = quick ? 5 : 40;

if (!existsSync(CORPUS)) fail(`the bench needs the shared corpus at ${CORPUS} (../shared next to this repository); it is not there.`);
for (const built of ['dist/cli.js', 'dist/server.js']) if (!existsSync(join(ROOT, built))) fail(`${built} is missing: run \`node esbuild.mjs\` first (npm run bench does).`);

const CLI = join(ROOT, 'bin/kubeready.js');
const RSS = join(ROOT, 'bench/rss.cjs');
const BASELINE = join(ROOT, 'bench/baseline.cjs');
const SMALL_FILE = join(CORPUS, 'istio/samples/addons/prometheus.yaml');
const BIG_FILE = join(CORPUS, 'argo-cd/manifests/ha/install.yaml');
const COLD_FILE = join(ROOT, 'examples/shop/api.yaml');
const MB = 1e6;

// ---------------------------------------------------------------------------------------------- processes

const live = new Set();
/** Kills what is still running (each child leads its own process group, so grandchildren such as servers go too). */
function killAll() {
  for (const child of live) {
    try {
      process.kill(-child.pid, 'SIGKILL');
    } catch {}
  }
}
for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => (killAll(), process.exit(130)));
process.on('exit', killAll);

/** Runs a whole process to its end: wall time, exit code, stdout (unless discarded), peak RSS if reported. */
function run(command, args, { timeoutMs = 300_000, keepStdout = false, okCodes = [0] } = {}) {
  return new Promise((resolvePromise, reject) => {
    const started = performance.now();
    const child = spawn(command, args, { cwd: ROOT, detached: true, stdio: ['ignore', keepStdout ? 'pipe' : 'ignore', 'pipe'] });
    live.add(child);
    let stdout = '';
    let stderr = '';
    child.stdout?.on('data', (chunk) => (stdout += chunk));
    child.stderr.on('data', (chunk) => (stderr += chunk));
    const timer = setTimeout(() => {
      process.kill(-child.pid, 'SIGKILL');
      reject(new Error(`timed out after ${timeoutMs / 1000} s: ${command} ${args.join(' ')}`));
    }, timeoutMs);
    child.on('error', reject);
    child.on('close', (code) => {
      const ms = performance.now() - started;
      clearTimeout(timer);
      live.delete(child);
      if (!okCodes.includes(code)) return reject(new Error(`exit ${code}: ${command} ${args.join(' ')}\n${stderr.slice(-2000)}`));
      const rss = [...stderr.matchAll(/BENCH_MAXRSS_KB=(\d+)/g)].pop();
      // Lint threads: the worker threads that announced themselves, or the main thread alone.
      const threads = Math.max(1, stderr.match(/BENCH_WORKER/g)?.length ?? 0);
      resolvePromise({ ms, code, stdout, threads, rssMb: rss ? Number(rss[1]) / 1024 : undefined });
    });
  });
}

// ---------------------------------------------------------------------------------------------- measures

const median = (values) => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
};
const log = (message) => process.stderr.write(`${message}\n`);
/** Each round starts one further along the list, so no contender always runs first (cold caches) or last. */
const rotated = (list, round) => list.map((_, i) => list[(i + round) % list.length]);

/** Runs every contender `runs` times, interleaved; returns per contender its raw runs and medians. */
async function interleaved(label, contenders, runs) {
  const raw = Object.fromEntries(contenders.map((c) => [c.name, []]));
  for (let round = 0; round < runs; round++) {
    for (const c of rotated(contenders, round)) {
      const result = await c.run();
      raw[c.name].push({ s: result.ms / 1000, rssMb: result.rssMb, threads: result.threads, ...(c.keep ? c.keep(result) : {}) });
      log(`${label} ${round + 1}/${runs}: ${c.name} ${(result.ms / 1000).toFixed(2)} s`);
    }
  }
  return Object.fromEntries(
    Object.entries(raw).map(([name, list]) => [name, { runs: list, medianS: median(list.map((r) => r.s)), medianRssMb: median(list.map((r) => r.rssMb ?? NaN)) }]),
  );
}

// The default report (stylish), as a pre-commit hook or CI step runs it; `--format json` also builds every
// quick-fix's edits (the JSON report lists them), so it is measured on its own row.
const kubeready = (jobs, paths, format = 'stylish') => () =>
  run('node', ['-r', RSS, CLI, 'lint', '--no-context', '--no-color', '--format', format, ...(jobs ? ['--jobs', String(jobs)] : []), ...paths], { okCodes: [0, 1] });
const baseline = (paths) => () => run('node', ['-r', RSS, BASELINE, ...paths], { keepStdout: true });
const counts = (result) => JSON.parse(result.stdout);

async function cliThroughput() {
  const contenders = [
    { name: 'baseline', run: baseline([CORPUS]), keep: counts },
    { name: 'kubeready', run: kubeready(undefined, [CORPUS]) },
    { name: 'kubeready --jobs 1', run: kubeready(1, [CORPUS]) },
    { name: 'kubeready --jobs 2', run: kubeready(2, [CORPUS]) },
    { name: 'kubeready --format json', run: kubeready(undefined, [CORPUS], 'json') },
  ];
  const results = await interleaved('cli', contenders, RUNS);
  const { files, bytes, documents } = results.baseline.runs[0];
  return { corpus: { files, bytes, documents }, results };
}

/**
 * A deterministic share of the corpus: files sorted by size, then the middle one of every run of 1/share files,
 * back in path order. So the share keeps the corpus's mix of small files and 2 MB install bundles, and holds
 * close to `share` of both the files and the bytes (every 10th file by path holds 3% or 40% of the bytes).
 */
function shareOf(all, share) {
  const offset = 1 / share / 2 - 0.5;
  const bySize = [...all].sort((a, b) => b.size - a.size || (a.file < b.file ? -1 : 1));
  const picked = bySize.filter((_, i) => Math.floor((i + offset + 1) * share) > Math.floor((i + offset) * share));
  return picked.sort((a, b) => (a.file < b.file ? -1 : 1));
}

async function scaling(full) {
  const all = filesFrom([CORPUS]).map((file) => ({ file, size: statSync(file).size }));
  const points = [];
  for (const share of [0.1, 0.3]) {
    const picked = shareOf(all, share);
    const files = picked.map((p) => p.file);
    const bytes = picked.reduce((sum, p) => sum + p.size, 0);
    const results = await interleaved(`scaling ${Math.round(share * 100)}%`, [
      { name: 'baseline', run: baseline(files) },
      { name: 'kubeready', run: kubeready(undefined, files) },
    ], RUNS);
    points.push({ share: `${Math.round(share * 100)}%`, files: files.length, bytes, results });
  }
  // 100% is the throughput measurement itself (same files, same flags, given as the directory).
  if (full) points.push({ share: '100%', files: full.corpus.files, bytes: full.corpus.bytes, results: { baseline: full.results.baseline, kubeready: full.results.kubeready } });
  return points;
}

async function coldStart() {
  const results = await interleaved('cold', [
    { name: 'node -e 0', run: () => run('node', ['-e', '0']) },
    { name: 'kubeready lint', run: () => run('node', [CLI, 'lint', '--no-context', COLD_FILE], { okCodes: [0, 1] }) },
  ], COLD_RUNS);
  return { file: relative(ROOT, COLD_FILE), results, differenceMs: (results['kubeready lint'].medianS - results['node -e 0'].medianS) * 1000 };
}

const KUBEREADY_SERVER = ['node', join(ROOT, 'dist/server.js'), '--stdio'];
const YAML_SERVER = ['node', join(ROOT, 'node_modules/yaml-language-server/bin/yaml-language-server'), '--stdio'];
// No network here, and no schema that every user has: yaml-language-server validates syntax only (its cheapest
// mode), and must not try to download the schema store.
const YAML_SETTINGS = { yaml: { validate: true, schemaStore: { enable: false }, kubernetesCRDStore: { enable: false } } };

async function lspRun(name, server, file, edits, extra) {
  log(`lsp: ${name}, ${relative(CORPUS, file)}, ${edits} edits`);
  const result = await run('node', [join(ROOT, 'bench/lsp.cjs'), JSON.stringify(server), file, '--edits', String(edits), ...extra], { keepStdout: true, timeoutMs: 600_000 });
  return { server: name, file: relative(CORPUS, file), lines: lineCount(readFileSync(file, 'utf8')), ...JSON.parse(result.stdout) };
}

async function languageServers() {
  const kr = ['--status-notification'];
  const yls = ['--settings', JSON.stringify(YAML_SETTINGS)];
  const runs = [
    await lspRun('kubeready', KUBEREADY_SERVER, SMALL_FILE, EDITS, kr),
    await lspRun('yaml-language-server', YAML_SERVER, SMALL_FILE, EDITS, yls),
    await lspRun('kubeready', KUBEREADY_SERVER, BIG_FILE, EDITS, kr),
    await lspRun('yaml-language-server', YAML_SERVER, BIG_FILE, YLS_BIG_EDITS, yls),
  ];
  // The whole corpus as the workspace: indexing, then the same edits with 3,500 files in the index.
  const workspace = await lspRun('kubeready', KUBEREADY_SERVER, SMALL_FILE, EDITS, [...kr, '--workspace', CORPUS]);
  return { runs, workspace };
}

// ---------------------------------------------------------------------------------------------- report

const fmt = (n, digits = 1) => (Number.isFinite(n) ? n.toFixed(digits) : 'n/a');
const table = (head, rows) => [`| ${head.join(' | ')} |`, `|${head.map((_, i) => (i ? ' ---: ' : ' --- ')).join('|')}|`, ...rows.map((r) => `| ${r.join(' | ')} |`)].join('\n');
const LABELS = { baseline: 'parse-only baseline (`yaml` parseAllDocuments + toJS)', kubeready: '`kubeready lint` (default: stylish, --jobs auto)' };
const lineCount = (text) => text.split('\n').length - (text.endsWith('\n') ? 1 : 0);
const status = (ok) => (ok ? 'met' : 'not met');

function report(results) {
  const out = [];
  const goals = [];
  const { cli, scaling: points, cold, lsp } = results;
  if (cli) {
    const { files, bytes, documents } = cli.corpus;
    const base = cli.results.baseline.medianS;
    out.push(`### CLI on the whole corpus (${files} files, ${fmt(bytes / MB)} MB, ${documents} documents; median of ${RUNS} runs)`, '');
    out.push(
      table(
        ['', 'seconds', '× baseline', 'files/s', 'MB/s', 'documents/s', 'peak RSS MB', 'threads'],
        Object.entries(cli.results).map(([name, r]) => [
          LABELS[name] ?? `\`${name}\``,
          fmt(r.medianS, 2),
          fmt(r.medianS / base, 2),
          fmt(files / r.medianS, 0),
          fmt(bytes / MB / r.medianS, 2),
          fmt(documents / r.medianS, 0),
          fmt(r.medianRssMb, 0),
          r.runs[0].threads,
        ]),
      ),
      '',
    );
    const ratio = cli.results.kubeready.medianS / base;
    goals.push(['CLI ≤ 0.5× the parse-only baseline (never > 1.0×)', `${fmt(ratio, 2)}×`, ratio <= 0.5 ? 'met' : ratio <= 1 ? 'not met (≤ 1.0× holds)' : 'not met (slower than baseline)']);
  }
  if (points) {
    out.push(`### Scaling (deterministic shares of the corpus, stratified by file size; median of ${RUNS} runs)`, '');
    out.push(
      table(
        ['share', 'files', 'MB', 'kubeready s', 'kubeready s/MB', 'baseline s', 'baseline s/MB', '× baseline'],
        points.map((p) => {
          const k = p.results.kubeready.medianS;
          const b = p.results.baseline.medianS;
          const mb = p.bytes / MB;
          return [p.share, p.files, fmt(mb), fmt(k, 2), fmt(k / mb, 3), fmt(b, 2), fmt(b / mb, 3), fmt(k / b, 2)];
        }),
      ),
      '',
    );
  }
  if (cold) {
    const n = cold.results['node -e 0'].medianS * 1000;
    const k = cold.results['kubeready lint'].medianS * 1000;
    out.push(`### Cold start (median of ${COLD_RUNS} runs, interleaved)`, '');
    out.push(table(['`node -e 0`', `\`kubeready lint --no-context ${cold.file}\``, 'difference'], [[`${fmt(n, 0)} ms`, `${fmt(k, 0)} ms`, `+${fmt(cold.differenceMs, 0)} ms`]]), '');
    goals.push(['Cold start ≤ +120 ms over `node -e 0`', `+${fmt(cold.differenceMs, 0)} ms`, status(cold.differenceMs <= 120)]);
  }
  if (lsp) {
    out.push('### Language servers, through the protocol (one client process; latencies over single-character edits)', '');
    const rows = [...lsp.runs, { ...lsp.workspace, workspaceNote: true }].map((r) => [
      r.server + (r.workspaceNote ? ' (whole corpus as workspace)' : ''),
      `${r.file} (${r.lines} lines)`,
      fmt(r.openMs, 0),
      fmt(r.p50Ms, 1),
      fmt(r.p95Ms, 1),
      r.edits,
      fmt(r.rssMb, 0),
    ]);
    out.push(table(['server', 'file', 'didOpen → diagnostics ms', 'keystroke p50 ms', 'keystroke p95 ms', 'edits', 'peak RSS MB'], rows), '');
    const w = lsp.workspace;
    out.push(`Workspace indexing of the whole corpus (initialize → idle): **${fmt(w.indexMs / 1000, 1)} s**, peak RSS **${fmt(w.indexRssMb, 0)} MB**.`, '');
    out.push(
      'yaml-language-server runs without schemas (no network, schema store off), i.e. syntax validation only, its cheapest mode; ' +
        'its latencies include its fixed 200 ms validation delay, which it applies to every change.',
      '',
    );
    const find = (server, file) => lsp.runs.find((r) => r.server === server && r.file === relative(CORPUS, file));
    const [ks, kb, ys, yb] = [find('kubeready', SMALL_FILE), find('kubeready', BIG_FILE), find('yaml-language-server', SMALL_FILE), find('yaml-language-server', BIG_FILE)];
    goals.push([`Keystroke p95 ≤ 20 ms, ${ks.lines}-line file`, `${fmt(ks.p95Ms)} ms`, status(ks.p95Ms <= 20)]);
    goals.push([`Keystroke p95 ≤ 50 ms, ${kb.lines}-line file`, `${fmt(kb.p95Ms)} ms`, status(kb.p95Ms <= 50)]);
    goals.push(['Indexing the corpus ≤ 10 s', `${fmt(w.indexMs / 1000)} s`, status(w.indexMs <= 10_000)]);
    goals.push(['Indexing the corpus ≤ 400 MB RSS', `${fmt(w.indexRssMb, 0)} MB`, status(w.indexRssMb <= 400)]);
    const faster = [ks, kb].every((k, i) => {
      const y = [ys, yb][i];
      return k.openMs < y.openMs && k.p50Ms < y.p50Ms && k.p95Ms < y.p95Ms;
    });
    goals.push([
      'Faster than yaml-language-server (open, p50, p95, both files)',
      `p95 ${fmt(ks.p95Ms)} vs ${fmt(ys.p95Ms)} ms; ${fmt(kb.p95Ms)} vs ${fmt(yb.p95Ms)} ms`,
      status(faster),
    ]);
  }
  if (goals.length) out.push('### Goals', '', table(['goal', 'measured', 'status'], goals), '');
  const m = results.machine;
  out.push(`_${m.date}: ${m.cpus} × ${m.cpuModel}, ${fmt(m.memoryGb, 0)} GB, Node ${m.node}, load average ${m.loadAverage.map((l) => fmt(l, 2)).join(' ')} at start${quick ? '; --quick' : ''}._`);
  return { markdown: out.join('\n'), goals };
}

// ---------------------------------------------------------------------------------------------- main

function fail(message) {
  process.stderr.write(`bench: ${message}\n`);
  process.exit(2);
}

async function main() {
  const results = {
    machine: {
      date: new Date().toISOString(),
      cpus: os.availableParallelism(),
      cpuModel: os.cpus()[0]?.model.trim() ?? 'unknown',
      memoryGb: os.totalmem() / 2 ** 30,
      node: process.version,
      platform: `${os.platform()} ${os.release()}`,
      loadAverage: os.loadavg(),
    },
    options: { quick, only: [...only], runs: RUNS, coldRuns: COLD_RUNS, edits: EDITS, yamlServerBigFileEdits: YLS_BIG_EDITS },
  };
  for (const file of [SMALL_FILE, BIG_FILE]) if (!existsSync(file)) fail(`${file} is missing from the corpus.`);
  log(`500-line file: ${relative(CORPUS, SMALL_FILE)}; largest file: ${relative(CORPUS, BIG_FILE)}`);
  // Read the corpus once so that the first measured process does not pay for the disk.
  for (const file of filesFrom([CORPUS])) readFileSync(file);
  const started = performance.now();
  if (only.has('cli')) results.cli = await cliThroughput();
  if (only.has('scaling')) results.scaling = await scaling(results.cli);
  if (only.has('cold')) results.cold = await coldStart();
  if (only.has('lsp')) results.lsp = await languageServers();
  results.elapsedS = (performance.now() - started) / 1000;
  const { markdown, goals } = report(results);
  results.goals = goals.map(([goal, measured, state]) => ({ goal, measured, status: state }));
  writeFileSync(join(ROOT, 'bench/results.json'), `${JSON.stringify(results, null, 2)}\n`);
  writeFileSync(join(ROOT, 'bench/results.md'), `${markdown}\n`);
  process.stdout.write(`${markdown}\n`);
  log(`\nbench: ${fmt(results.elapsedS, 0)} s; wrote bench/results.json and bench/results.md`);
}

main().catch((error) => {
  killAll();
  fail(error.stack ?? String(error));
});
