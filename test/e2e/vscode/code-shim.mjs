#!/usr/bin/env node
// A stand-in "VS Code executable" for @vscode/test-electron's runTests({ vscodeExecutablePath }): no VS Code
// desktop build or Electron can be downloaded here, but code-server (VS Code 1.100 for the browser) can.
//
// It takes the desktop CLI flags that runTests passes (--extensionDevelopmentPath=, --extensionTestsPath=,
// --user-data-dir=, --extensions-dir=, the folder to open), starts a private code-server, opens the workbench in
// headless Chromium with those paths in the URL payload, prints the extension host's test output, and exits
// with the tests' exit code (the workbench reports it through window.codeAutomationExit).
//
// Env: KUBEREADY_E2E_CODE_SERVER, KUBEREADY_E2E_CHROMIUM, KUBEREADY_E2E_LOG_DIR (logs and a screenshot on
// failure), KUBEREADY_E2E_PGIDS (process groups for run.mjs to clean up), KUBEREADY_E2E_SUITE_TIMEOUT_MS.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { format } from 'node:util';
import { enableTestPayload, launchBrowser, logPage, startCodeServer, writeUserSettings } from './code-server.mjs';

const TIMEOUT_MS = Number(process.env.KUBEREADY_E2E_SUITE_TIMEOUT_MS ?? 240000);
const opts = { dev: [], tests: undefined, userDataDir: undefined, extensionsDir: undefined, folder: undefined };
for (const arg of process.argv.slice(2)) {
  const eq = arg.indexOf('=');
  const [key, value] = eq > 0 ? [arg.slice(0, eq), arg.slice(eq + 1)] : [arg, undefined];
  if (key === '--extensionDevelopmentPath') opts.dev.push(path.resolve(value));
  else if (key === '--extensionTestsPath') opts.tests = path.resolve(value);
  else if (key === '--user-data-dir') opts.userDataDir = path.resolve(value);
  else if (key === '--extensions-dir') opts.extensionsDir = path.resolve(value);
  else if (!arg.startsWith('-')) opts.folder = path.resolve(arg);
  // The other desktop-only flags (--no-sandbox, --disable-updates, --skip-welcome, ...) mean nothing here.
}
const logDir = process.env.KUBEREADY_E2E_LOG_DIR ?? fs.mkdtempSync(path.join(os.tmpdir(), 'kubeready-code-shim-'));
fs.mkdirSync(logDir, { recursive: true });
opts.userDataDir ??= path.join(logDir, 'user-data');
opts.extensionsDir ??= path.join(logDir, 'extensions');
if (!fs.existsSync(path.join(opts.userDataDir, 'User', 'settings.json'))) writeUserSettings(opts.userDataDir);
fs.mkdirSync(opts.extensionsDir, { recursive: true });

// Lines of the workbench's own start-up chatter that say nothing about the tests.
const NOISE = /^(Resolving|Resolved|Creating a socket|Updating additional|\[Extension Host\] (Started local extension host|debugger))/;

let code = 1;
let browser;
let page;
let server;
const timer = { id: undefined };
try {
  server = await startCodeServer({
    dir: path.join(logDir, 'code-server'),
    userDataDir: opts.userDataDir,
    extensionsDir: opts.extensionsDir,
    log: path.join(logDir, 'code-server.log'),
  });
  const remote = (p) => `vscode-remote://127.0.0.1:${server.port}${p}`;
  const payload = opts.dev.map((dir) => ['extensionDevelopmentPath', remote(dir)]);
  if (opts.tests) payload.push(['extensionTestsPath', remote(opts.tests)]);
  const where = opts.folder ? `folder=${encodeURIComponent(opts.folder)}` : 'ew=true';
  const url = `${server.url}/?${where}&payload=${encodeURIComponent(JSON.stringify(payload))}`;

  browser = await launchBrowser();
  page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
  logPage(page, path.join(logDir, 'browser-console.log'));
  const exit = new Promise((resolve) => page.exposeFunction('codeAutomationExit', (c) => resolve(c)));
  await page.exposeFunction('codeAutomationLog', (type, args) => {
    // The extension host forwards console calls with their arguments unformatted (mocha's reporter uses %s, %d).
    const line = format(...args);
    if (!NOISE.test(line)) (type === 'error' ? console.error : console.log)(line);
  });
  await enableTestPayload(page);
  await page.goto(url);
  code = await Promise.race([
    exit,
    new Promise((resolve) => {
      timer.id = setTimeout(() => {
        console.error(`code-shim: the tests did not finish within ${TIMEOUT_MS} ms`);
        resolve(124);
      }, TIMEOUT_MS);
    }),
  ]);
} catch (error) {
  console.error('code-shim:', error?.stack ?? error);
} finally {
  clearTimeout(timer.id);
  if (code !== 0) await page?.screenshot({ path: path.join(logDir, 'failure.png') }).catch(() => {});
  await browser?.close().catch(() => {});
  await server?.stop();
}
if (code !== 0) console.error(`code-shim: exit code ${code}; logs in ${logDir}`);
process.exit(code);
