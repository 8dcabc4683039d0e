// Starting a private code-server and a headless Chromium on it: shared by the runTests shim (code-shim.mjs) and
// the UI test (ui.test.mjs). Everything goes to folders the caller names; nothing is written to the home folder.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
const { chromium } = require('playwright-core');

export const CODE_SERVER = process.env.KUBEREADY_E2E_CODE_SERVER ?? 'code-server';
export const CHROMIUM = process.env.KUBEREADY_E2E_CHROMIUM ?? '/usr/bin/chromium';

/** User settings for every test instance: no welcome page, no trust prompt, no hot exit, no network lookups. */
export const BASE_SETTINGS = {
  'workbench.startupEditor': 'none',
  'workbench.tips.enabled': false,
  'workbench.enableExperiments': false,
  'security.workspace.trust.enabled': false,
  'telemetry.telemetryLevel': 'off',
  'update.mode': 'none',
  'extensions.autoCheckUpdates': false,
  'extensions.autoUpdate': false,
  'extensions.ignoreRecommendations': true,
  'files.hotExit': 'off',
  // VS Code for the Web saves after a delay by default; the desktop default is off, and tests decide when to save.
  'files.autoSave': 'off',
  'git.enabled': false,
  'chat.disableAIFeatures': true,
};

/**
 * Every message between the client and the server is logged, for failures that do not reproduce: code-server
 * runs with `--log trace` and `kubeready.trace.server` is `verbose`. The trace lands in
 * <user-data>/logs/<time>/exthost1/kubeready.kubeready/kubeready.log. KUBEREADY_E2E_TRACE=0 turns it off.
 */
const TRACE = process.env.KUBEREADY_E2E_TRACE !== '0';

/** Writes the user settings.json of a user data folder (merged over BASE_SETTINGS). */
export function writeUserSettings(userDataDir, extra = {}) {
  fs.mkdirSync(path.join(userDataDir, 'User'), { recursive: true });
  const settings = { ...BASE_SETTINGS, ...(TRACE ? { 'kubeready.trace.server': 'verbose' } : {}), ...extra };
  fs.writeFileSync(path.join(userDataDir, 'User', 'settings.json'), JSON.stringify(settings, null, 2));
}

/** code-server keeps config, data and logs under XDG folders: point them into the run's own folder. */
export function privateEnv(home) {
  const env = { ...process.env };
  for (const [name, sub] of [['XDG_CONFIG_HOME', 'config'], ['XDG_DATA_HOME', 'data'], ['XDG_CACHE_HOME', 'cache'], ['XDG_STATE_HOME', 'state']]) {
    env[name] = path.join(home, sub);
  }
  return env;
}

/** Lets test/e2e/run.mjs kill the process group even if this process dies without cleaning up. */
export function recordProcessGroup(pid) {
  const file = process.env.KUBEREADY_E2E_PGIDS;
  if (file && pid) fs.appendFileSync(file, `${pid}\n`);
}

export function killGroup(pid, signal = 'SIGTERM') {
  try {
    process.kill(-pid, signal);
    return true;
  } catch {
    return false;
  }
}

async function freePort() {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

/**
 * Starts code-server on a free loopback port with its own config, user data and extensions folders, in a
 * process group of its own. Resolves once /healthz answers. `stop()` kills the whole group (code-server's
 * extension hosts otherwise linger).
 */
export async function startCodeServer({ dir, userDataDir, extensionsDir, log }) {
  fs.mkdirSync(dir, { recursive: true });
  const port = await freePort();
  const config = path.join(dir, 'config.yaml');
  fs.writeFileSync(config, `bind-addr: 127.0.0.1:${port}\nauth: none\ncert: false\n`);
  const out = fs.openSync(log, 'a');
  const child = spawn(
    CODE_SERVER,
    ['--config', config, '--user-data-dir', userDataDir, '--extensions-dir', extensionsDir, '--disable-telemetry',
      '--disable-update-check', '--disable-workspace-trust', '--disable-getting-started-override', '--ignore-last-opened',
      ...(TRACE ? ['--log', 'trace'] : [])],
    { detached: true, stdio: ['ignore', out, out], env: privateEnv(path.join(dir, 'home')) },
  );
  fs.closeSync(out);
  recordProcessGroup(child.pid);
  let exited = false;
  child.on('exit', () => (exited = true));
  const stop = async () => {
    if (exited) return;
    killGroup(child.pid, 'SIGTERM');
    for (let i = 0; i < 50 && !exited; i++) await new Promise((r) => setTimeout(r, 100));
    killGroup(child.pid, 'SIGKILL');
  };
  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 60000;
  for (;;) {
    try {
      if ((await fetch(`${url}/healthz`)).ok) break;
    } catch {}
    if (exited || Date.now() > deadline) {
      await stop();
      throw new Error(`code-server did not start; see ${log}`);
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  return { port, url, pid: child.pid, stop };
}

export async function launchBrowser() {
  return chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync',
      '--no-first-run', '--disable-quic', '--disable-dev-shm-usage'],
  });
}

/** Copies the page's console and errors into a log file. */
export function logPage(page, file) {
  const stream = fs.createWriteStream(file, { flags: 'a' });
  page.on('console', (message) => stream.write(`[${message.type()}] ${message.text()}\n`));
  page.on('pageerror', (error) => stream.write(`[pageerror] ${error.stack ?? error.message}\n`));
  return stream;
}

/**
 * Code 1.100 honours the URL payload's extensionDevelopmentPath/extensionTestsPath in a built workbench only when
 * developmentOptions.enableSmokeTestDriver is set, and code-server's CLI has no flag for it: set it in the
 * page's embedded web configuration before the workbench reads it.
 */
export async function enableTestPayload(page) {
  await page.addInitScript(() => {
    new MutationObserver((_, observer) => {
      const element = document.getElementById('vscode-workbench-web-configuration');
      if (!element) return;
      const config = JSON.parse(element.getAttribute('data-settings'));
      config.developmentOptions = { ...(config.developmentOptions ?? {}), enableSmokeTestDriver: true };
      element.setAttribute('data-settings', JSON.stringify(config));
      observer.disconnect();
    }).observe(document, { childList: true, subtree: true });
  });
}
