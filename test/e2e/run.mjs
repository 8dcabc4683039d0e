#!/usr/bin/env node
// `npm run test:e2e`: kubeready's language server in real editors.
//
//   1. Neovim (Debian `neovim`, 0.7): headless, its built-in LSP client against dist/server.js --stdio.
//   2. code-server 4.100.3 (VS Code 1.100 for the browser, from npm) in headless Chromium:
//      a. the extension-host Mocha suites through @vscode/test-electron's runTests and a code-server shim;
//      b. `npm run package`, then a UI test that installs the .vsix and uses the workbench like a user.
//
// Needs the Debian packages neovim, chromium, ripgrep and libkrb5-dev. code-server is installed from npm into
// ${KUBEREADY_E2E_CACHE:-~/.cache/kubeready-e2e} on the first run (about two minutes) and reused afterwards.
//
// Options: --only=neovim,vscode,ui   run some parts only
//          --keep                     keep the logs folder even when everything passes (KUBEREADY_E2E_KEEP=1)
//          --verbose                  stream every child's output (KUBEREADY_E2E_VERBOSE=1)
// Env:     KUBEREADY_E2E_CACHE, KUBEREADY_E2E_CHROMIUM (default /usr/bin/chromium),
//          KUBEREADY_E2E_GREP (a Mocha grep for the extension-host suites),
//          KUBEREADY_E2E_VSIX (test this .vsix instead of running `npm run package`),
//          KUBEREADY_E2E_EXTENSION_DIR (run the extension-host suites against another build of the extension),
//          KUBEREADY_E2E_TRACE=0 (no client/server trace in the code-server logs),
//          KUBEREADY_E2E_UPDATE_EXPECTED=1 (rewrite fixtures/expected/* from what Neovim produces; review the diff)
//
// Every run writes its logs, screenshots, traces and workspace copies to a fresh temp folder, printed at the
// start; it is deleted when everything passes (and kept with --keep, on a failure, or when a test warns).
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { copyDir, Run, tail } from './lib/harness.mjs';
import { CASES as NEOVIM_CASES, runCase } from './nvim/neovim.mjs';

const HERE = path.dirname(fileURLToPath(import.meta.url));
const ROOT = path.resolve(HERE, '../..');
const CODE_SERVER_VERSION = '4.100.3';
const CACHE = process.env.KUBEREADY_E2E_CACHE || path.join(os.homedir(), '.cache', 'kubeready-e2e');
const CODE_SERVER_DIR = path.join(CACHE, `code-server-${CODE_SERVER_VERSION}`);
const CODE_SERVER_BIN = path.join(CODE_SERVER_DIR, 'node_modules', '.bin', 'code-server');
const CHROMIUM = process.env.KUBEREADY_E2E_CHROMIUM || '/usr/bin/chromium';
const VSIX = path.join(ROOT, 'dist', 'kubeready.vsix');

const args = process.argv.slice(2);
const only = args.find((a) => a.startsWith('--only='))?.slice('--only='.length).split(',');
let keepLogs = args.includes('--keep') || process.env.KUBEREADY_E2E_KEEP === '1';
const verbose = args.includes('--verbose') || process.env.KUBEREADY_E2E_VERBOSE === '1';
const wanted = (part) => !only || only.includes(part);

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kubeready-e2e-'));
const run = new Run(dir);
const results = [];
const t0 = Date.now();
console.log(`kubeready e2e: logs in ${dir}`);

process.on('SIGINT', () => void abort('interrupted'));
process.on('SIGTERM', () => void abort('terminated'));

async function abort(why) {
  console.error(`\nkubeready e2e: ${why}; cleaning up (logs in ${dir})`);
  await run.cleanup();
  process.exit(130);
}

/** Runs one test, records its outcome and time, and prints a line. `fn` may return a detail string. */
async function test(name, fn, { log } = {}) {
  const started = Date.now();
  let ok = true;
  let detail = '';
  let error;
  try {
    detail = (await fn()) ?? '';
  } catch (e) {
    ok = false;
    error = e;
  }
  const seconds = (Date.now() - started) / 1000;
  results.push({ name, ok, seconds, detail, error, log });
  console.log(`  ${ok ? '✔' : '✖'} ${name}${detail ? ` (${detail})` : ''}  ${seconds.toFixed(1)}s`);
  return ok;
}

function skip(name, why) {
  results.push({ name, ok: false, seconds: 0, detail: '', error: new Error(`not run: ${why}`) });
  console.log(`  ✖ ${name} (not run: ${why})`);
}

function need(command, versionArgs, hint) {
  const probe = spawnSync(command, versionArgs, { encoding: 'utf8' });
  if (probe.status !== 0) throw new Error(`${command} is missing: ${hint}`);
  return probe.stdout.split('\n')[0];
}

try {
  if (!fs.existsSync(path.join(ROOT, 'dist', 'server.js'))) throw new Error('dist/server.js is missing: run `node esbuild.mjs` first');

  // 1. Neovim.
  if (wanted('neovim')) {
    console.log('Neovim');
    const ready = await test('nvim is installed', () => need('nvim', ['--version'], 'apt-get install -y neovim'));
    if (ready) {
      await Promise.all(
        NEOVIM_CASES.map((testCase, index) =>
          test(`neovim: ${testCase.name}`, async () => void (await runCase(run, testCase, index)), {
            log: path.join(dir, 'neovim', String(index + 1), 'nvim.log'),
          }),
        ),
      );
    }
  }

  // 2. code-server.
  const vscodeParts = ['vscode', 'ui'].filter(wanted);
  if (vscodeParts.length) {
    console.log(`VS Code (code-server ${CODE_SERVER_VERSION}, headless Chromium)`);
    const setupLog = path.join(dir, 'setup-code-server.log');
    const ready = await test(
      `code-server ${CODE_SERVER_VERSION} in ${CODE_SERVER_DIR}`,
      async () => {
        need(CHROMIUM, ['--version'], 'apt-get install -y chromium (or set KUBEREADY_E2E_CHROMIUM)');
        return ensureCodeServer(setupLog);
      },
      { log: setupLog },
    );
    const env = {
      KUBEREADY_E2E_CODE_SERVER: CODE_SERVER_BIN,
      KUBEREADY_E2E_CHROMIUM: CHROMIUM,
    };

    // 2a. Extension-host suites.
    if (wanted('vscode')) {
      const name = 'extension-host suites (runTests → code-shim.mjs)';
      if (!ready) skip(name, 'no code-server');
      else if (!fs.existsSync(path.join(ROOT, 'dist', 'extension.js'))) skip(name, 'dist/extension.js is missing: the VS Code client is not built');
      else {
        const logDir = path.join(dir, 'vscode');
        const log = path.join(logDir, 'run.log');
        fs.mkdirSync(logDir, { recursive: true });
        const workspace = copyDir(path.join(HERE, 'fixtures', 'workspace'), path.join(logDir, 'workspace'));
        await test(
          name,
          async () => {
            const code = await run.exec(process.execPath, [path.join(HERE, 'vscode', 'run-extension-tests.mjs')], {
              log,
              cwd: ROOT,
              echo: verbose,
              timeoutMs: 360000,
              env: { ...env, KUBEREADY_E2E_LOG_DIR: logDir, KUBEREADY_E2E_WORKSPACE: workspace },
            });
            const resultFile = path.join(logDir, 'result.json');
            const counts = fs.existsSync(resultFile) ? JSON.parse(fs.readFileSync(resultFile, 'utf8')) : undefined;
            const summary = counts ? `${counts.passes}/${counts.tests} tests passed` : 'no test result';
            if (code !== 0 || !counts || counts.failures) throw new Error(`${summary}; exit code ${code}`);
            return summary;
          },
          { log },
        );
      }
    }

    // 2b. The .vsix, and the UI test.
    if (wanted('ui')) {
      const logDir = path.join(dir, 'ui');
      fs.mkdirSync(logDir, { recursive: true });
      const packageLog = path.join(logDir, 'package.log');
      const prebuilt = process.env.KUBEREADY_E2E_VSIX;
      const vsix = prebuilt || VSIX;
      const packaged =
        ready &&
        (await test(
          prebuilt ? `the .vsix: ${prebuilt}` : 'npm run package → dist/kubeready.vsix',
          async () => {
            if (prebuilt) {
              if (!fs.existsSync(prebuilt)) throw new Error(`KUBEREADY_E2E_VSIX: ${prebuilt} does not exist`);
              return `${Math.round(fs.statSync(prebuilt).size / 1024)} KiB, prebuilt`;
            }
            fs.rmSync(VSIX, { force: true });
            const code = await run.exec('npm', ['run', 'package'], { log: packageLog, cwd: ROOT, echo: verbose, timeoutMs: 180000 });
            if (code !== 0 || !fs.existsSync(VSIX)) throw new Error(`npm run package exited with ${code} and ${fs.existsSync(VSIX) ? 'built' : 'did not build'} ${VSIX}`);
            return `${Math.round(fs.statSync(VSIX).size / 1024)} KiB`;
          },
          { log: packageLog },
        ));
      const name = 'UI: install the .vsix, Problems panel, Ctrl+. quick-fix, Show documentation';
      if (!packaged) skip(name, ready ? 'no .vsix' : 'no code-server');
      else {
        const log = path.join(logDir, 'ui.log');
        const workspace = copyDir(path.join(HERE, 'fixtures', 'workspace'), path.join(logDir, 'workspace'));
        await test(
          name,
          async () => {
            const code = await run.exec(process.execPath, [path.join(HERE, 'vscode', 'ui.test.mjs')], {
              log,
              cwd: ROOT,
              echo: verbose,
              timeoutMs: 300000,
              env: { ...env, KUBEREADY_E2E_LOG_DIR: logDir, KUBEREADY_E2E_WORKSPACE: workspace, KUBEREADY_E2E_VSIX: vsix },
            });
            if (code !== 0) throw new Error(`exit code ${code}`);
            const warnings = fs.readFileSync(log, 'utf8').split('\n').filter((line) => line.includes('WARNING:'));
            for (const warning of warnings) console.log(`    ${warning.trim()}`);
            if (warnings.length) keepLogs = true;
            return warnings.length ? `${warnings.length} warning${warnings.length === 1 ? '' : 's'}, see ${log}` : '';
          },
          { log },
        );
      }
    }
  }
} catch (error) {
  results.push({ name: 'e2e run', ok: false, seconds: 0, error });
  console.log(`  ✖ ${error.message}`);
} finally {
  const stragglers = await run.cleanup();
  if (stragglers.length) console.log(`  (killed ${stragglers.length} leftover processes: ${stragglers.join(' ')})`);
}

const failed = results.filter((r) => !r.ok);
for (const result of failed) {
  console.log(`\n── ${result.name}: FAILED`);
  console.log(String(result.error?.stack ?? result.error));
  if (result.log && fs.existsSync(result.log)) {
    const failures = mochaFailures(result.log);
    if (failures) console.log(`── the failing tests, from ${result.log}:\n${failures}`);
    else console.log(`── last lines of ${result.log}:\n${tail(result.log)}`);
  }
}
const total = ((Date.now() - t0) / 1000).toFixed(1);
console.log(`\nkubeready e2e: ${results.length - failed.length} passed, ${failed.length} failed in ${total}s`);
for (const result of results) console.log(`  ${result.ok ? 'pass' : 'FAIL'}  ${result.seconds.toFixed(1).padStart(6)}s  ${result.name}`);
if (failed.length || keepLogs) console.log(`logs, screenshots and workspaces: ${dir}`);
else fs.rmSync(dir, { recursive: true, force: true });
process.exit(failed.length ? 1 : 0);

/** Mocha's "N failing" section of a log, without stack frames, if there is one. */
function mochaFailures(log) {
  const text = fs.readFileSync(log, 'utf8');
  const start = text.search(/^ {2}\d+ failing$/m);
  if (start < 0) return undefined;
  const end = text.indexOf('KUBEREADY-E2E-RESULT', start);
  return text
    .slice(start, end < 0 ? undefined : end)
    .split('\n')
    .filter((line) => !/^\s+at /.test(line))
    .join('\n')
    .trimEnd();
}

/** Installs code-server into the cache on the first run (into a temporary folder, renamed when complete). */
async function ensureCodeServer(log) {
  if (fs.existsSync(path.join(CODE_SERVER_DIR, '.complete'))) return 'cached';
  fs.mkdirSync(CACHE, { recursive: true });
  const partial = `${CODE_SERVER_DIR}.partial-${process.pid}`;
  fs.rmSync(partial, { recursive: true, force: true });
  console.log(`    installing code-server ${CODE_SERVER_VERSION} from npm (about two minutes; log: ${log})`);
  const code = await run.exec('bash', [path.join(HERE, 'setup-code-server.sh'), CODE_SERVER_VERSION, partial], {
    log,
    echo: verbose,
    timeoutMs: 900000,
  });
  if (code !== 0 || !fs.existsSync(path.join(partial, '.complete'))) {
    fs.rmSync(partial, { recursive: true, force: true });
    throw new Error(`setup-code-server.sh failed (exit ${code}); see ${log}`);
  }
  fs.rmSync(CODE_SERVER_DIR, { recursive: true, force: true });
  fs.renameSync(partial, CODE_SERVER_DIR);
  return 'installed';
}
