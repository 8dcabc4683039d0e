// The UI test: what a user does, in code-server's real workbench in headless Chromium. It installs the built
// .vsix into a private extensions folder, opens the fixture workspace, opens a manifest, reads the Problems
// panel, applies a quick-fix with Ctrl+. and the keyboard, and runs "Show documentation" from the same menu.
//
// Run by test/e2e/run.mjs. Env: KUBEREADY_E2E_VSIX, KUBEREADY_E2E_WORKSPACE, KUBEREADY_E2E_LOG_DIR (logs and
// screenshots), KUBEREADY_E2E_CODE_SERVER, KUBEREADY_E2E_CHROMIUM.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { CODE_SERVER, launchBrowser, logPage, privateEnv, startCodeServer, writeUserSettings } from './code-server.mjs';

const VSIX = process.env.KUBEREADY_E2E_VSIX;
const WORKSPACE = process.env.KUBEREADY_E2E_WORKSPACE;
const LOG_DIR = process.env.KUBEREADY_E2E_LOG_DIR;
if (!VSIX || !WORKSPACE || !LOG_DIR) throw new Error('KUBEREADY_E2E_VSIX, KUBEREADY_E2E_WORKSPACE and KUBEREADY_E2E_LOG_DIR are required');
const DOCS = (id) => `https://github.com/kubeready/kubeready/blob/main/rules/${id}/${id}.md`;
const FINDINGS = JSON.parse(fs.readFileSync(new URL('../fixtures/findings.json', import.meta.url), 'utf8'))['worker.yaml'];
/** "Ln 28, Col 28", as the Problems panel and the status bar show a 0-based position. */
const at = ([line, character]) => `Ln ${line + 1}, Col ${character + 1}`;
const PULL = FINDINGS['image-pull-at-every-start'];
const ZONE = FINDINGS['zone-spread-missing'];
const FIX = 'Set imagePullPolicy: IfNotPresent on container "worker"';

const started = Date.now();
const log = (...args) => console.log(`[ui ${((Date.now() - started) / 1000).toFixed(1)}s]`, ...args);
const userDataDir = path.join(LOG_DIR, 'user-data');
const extensionsDir = path.join(LOG_DIR, 'extensions');
writeUserSettings(userDataDir);
fs.mkdirSync(extensionsDir, { recursive: true });

// 1. Install the .vsix as a user would, with code-server's CLI.
const install = spawnSync(
  CODE_SERVER,
  ['--user-data-dir', userDataDir, '--extensions-dir', extensionsDir, '--install-extension', VSIX],
  { encoding: 'utf8', timeout: 120000, env: privateEnv(path.join(LOG_DIR, 'install-home')) },
);
fs.writeFileSync(path.join(LOG_DIR, 'install-extension.log'), `${install.stdout ?? ''}${install.stderr ?? ''}`);
assert.equal(install.status, 0, `code-server --install-extension failed: ${install.stderr || install.error}`);
const installed = fs.readdirSync(extensionsDir).filter((name) => name.startsWith('kubeready.kubeready-'));
assert.equal(installed.length, 1, `the extension is in ${extensionsDir}: ${fs.readdirSync(extensionsDir)}`);
log(`installed ${path.basename(VSIX)} as ${installed[0]}`);

let server;
let browser;
let page;
let failed = false;
const shot = (name) => page?.screenshot({ path: path.join(LOG_DIR, `${name}.png`) }).catch(() => {});
const rowsOf = async (locator) => (await locator.allInnerTexts()).map((text) => text.replace(/\s+/g, ' ').trim());

try {
  server = await startCodeServer({ dir: path.join(LOG_DIR, 'code-server'), userDataDir, extensionsDir, log: path.join(LOG_DIR, 'code-server.log') });
  browser = await launchBrowser();
  page = await browser.newPage({ viewport: { width: 1600, height: 1000 } });
  logPage(page, path.join(LOG_DIR, 'browser-console.log'));
  await page.goto(`${server.url}/?folder=${encodeURIComponent(WORKSPACE)}`, { waitUntil: 'domcontentloaded' });
  await page.locator('.monaco-workbench').waitFor({ timeout: 90000 });
  log('workbench loaded');

  // 2. Open worker.yaml from the explorer.
  const item = page.locator('.explorer-folders-view .monaco-list-row', { hasText: 'worker.yaml' });
  await item.waitFor({ timeout: 60000 });
  await item.click();
  await page.locator('.tab', { hasText: 'worker.yaml' }).waitFor({ timeout: 30000 });
  await page.locator('.monaco-editor .view-lines', { hasText: 'imagePullPolicy: Always' }).waitFor({ timeout: 30000 });
  log('worker.yaml is open');

  // 3. The Problems panel lists the findings, with rule ids and positions.
  await page.keyboard.press('F1');
  await page.locator('.quick-input-widget input').waitFor();
  await page.keyboard.type('View: Focus on Problems View');
  await page.locator('.quick-input-widget .monaco-list-row.focused', { hasText: 'Focus on Problems View' }).waitFor({ timeout: 10000 });
  await page.keyboard.press('Enter');
  const markers = page.locator('.markers-panel .monaco-list-row');
  const pullRow = markers.filter({ hasText: 'sets imagePullPolicy: Always' });
  const zoneRow = markers.filter({ hasText: 'no zone spread' });
  await pullRow.first().waitFor({ timeout: 60000 });
  await zoneRow.first().waitFor({ timeout: 60000 });
  const rows = await rowsOf(markers);
  log('Problems panel:', JSON.stringify(rows, null, 1));
  await shot('problems');
  assert.ok(rows.some((row) => /^worker\.yaml\b/.test(row)), 'a row for the file');
  const pullText = (await pullRow.first().innerText()).replace(/\s+/g, ' ');
  assert.match(pullText, /kubeready\W+image-pull-at-every-start\b/);
  assert.ok(pullText.includes(`[${at(PULL)}]`), pullText);
  const zoneText = (await zoneRow.first().innerText()).replace(/\s+/g, ' ');
  assert.match(zoneText, /kubeready\W+zone-spread-missing\b/);
  assert.ok(zoneText.includes(`[${at(ZONE)}]`), zoneText);

  // 4. The status bar item counts kubeready's problems: as many as the Problems panel lists.
  const status = page.locator('.statusbar-item', { hasText: /kubeready: \d+ problems?/ });
  await status.first().waitFor({ timeout: 30000 });
  const expectedStatus = async () => {
    const count = (await rowsOf(markers)).filter((row) => /\bkubeready\W+[a-z-]+ \[Ln \d+, Col \d+\]$/.test(row)).length;
    return `kubeready: ${count} problem${count === 1 ? '' : 's'}`;
  };
  let statusText = '';
  for (const end = Date.now() + 30000; Date.now() < end; await page.waitForTimeout(200)) {
    statusText = (await status.first().innerText()).trim();
    if (statusText === (await expectedStatus())) break;
  }
  assert.equal(statusText, await expectedStatus(), 'the status bar agrees with the Problems panel');
  log('status bar:', JSON.stringify(statusText));

  // 5. Put the cursor on the finding (Enter on its row reveals it in the editor and focuses it), then Ctrl+.
  await reveal(pullRow.first(), PULL);
  log('the finding is selected in the editor');
  const menu = page.locator('.action-widget .monaco-list-row');
  await quickFixMenu(page, FIX);
  const offered = await rowsOf(menu);
  log('Ctrl+. offers:', JSON.stringify(offered, null, 1));
  await shot('quick-fix-menu');
  for (const title of [
    FIX,
    'Disable image-pull-at-every-start for this line',
    'Disable image-pull-at-every-start for this resource',
    'Ignore image-pull-at-every-start for Deployment/orders-worker in .kubeready.yaml',
    'Show documentation for image-pull-at-every-start',
  ]) {
    assert.ok(offered.some((row) => row.includes(title)), `Ctrl+. offers "${title}"`);
  }

  // 6. Choose the fix with the keyboard (the menu puts a pointer-blocking overlay over the page).
  await chooseFocused(page, FIX);
  await page.locator('.monaco-editor .view-lines', { hasText: 'imagePullPolicy: IfNotPresent' }).waitFor({ timeout: 30000 });
  assert.equal(await page.locator('.monaco-editor .view-lines', { hasText: 'imagePullPolicy: Always' }).count(), 0);
  log('the fix is applied: imagePullPolicy: IfNotPresent');
  await pullRow.first().waitFor({ state: 'detached', timeout: 30000 });
  assert.ok((await zoneRow.count()) > 0, 'the other finding stays');
  log('the problem went away; the Problems panel now has', JSON.stringify(await rowsOf(markers)));
  await shot('after-fix');
  // Saved with Ctrl+S, the file has exactly the fix's text.
  await page.keyboard.press('Control+S');
  const file = path.join(WORKSPACE, 'worker.yaml');
  const fixed = fs.readFileSync(new URL('../fixtures/expected/worker.quick-fix.expected', import.meta.url), 'utf8');
  for (const end = Date.now() + 10000; fs.readFileSync(file, 'utf8') !== fixed && Date.now() < end; ) await page.waitForTimeout(100);
  assert.equal(fs.readFileSync(file, 'utf8'), fixed, 'worker.yaml as saved');
  log('saved: worker.yaml is exactly fixtures/expected/worker.quick-fix.expected');

  // 7. "Show documentation" from the same menu, on the other finding: VS Code asks before opening the page.
  await reveal(zoneRow.first(), ZONE);
  await quickFixMenu(page, 'Show documentation for zone-spread-missing');
  await chooseFocused(page, 'Show documentation for zone-spread-missing');
  const dialog = page.locator('.monaco-dialog-box');
  await dialog.waitFor({ timeout: 30000 });
  const dialogText = (await dialog.innerText()).replace(/\s+/g, ' ');
  log('dialog:', JSON.stringify(dialogText));
  await shot('documentation-dialog');
  assert.ok(dialogText.includes(DOCS('zone-spread-missing')), `the dialog names the docs page: ${dialogText}`);
  await page.keyboard.press('Escape');
  await dialog.waitFor({ state: 'detached', timeout: 10000 });
  log('PASS');
} catch (error) {
  failed = true;
  console.error(`[ui] FAILED: ${error.stack ?? error}`);
  await shot('failure');
} finally {
  await browser?.close().catch(() => {});
  await server?.stop();
}
console.log(`[ui] logs and screenshots in ${LOG_DIR}`);
process.exit(failed ? 1 : 0);

/**
 * Puts the cursor on a finding as a user does from the Problems panel: select its row, press Enter. VS Code
 * then selects the finding's range in the editor and focuses the editor (Ctrl+. anywhere else would act on
 * something else), and the status bar shows e.g. "Ln 28, Col 34 (6 selected)".
 */
async function reveal(row, [, startCharacter, endLine, endCharacter]) {
  await row.click();
  await page.keyboard.press('Enter');
  await page.locator('.monaco-editor.focused').waitFor({ timeout: 10000 });
  const selection = `${at([endLine, endCharacter])} (${endCharacter - startCharacter} selected)`;
  await page.locator('.statusbar-item', { hasText: selection }).waitFor({ timeout: 10000 });
  // As a user does, wait for the light bulb: VS Code has then asked for the code actions at the new position
  // (Ctrl+. while that request is on its way can answer "No code actions available").
  await page.locator('.monaco-editor.focused .lightBulbWidget').waitFor({ timeout: 10000 });
}

/**
 * Presses Ctrl+. and waits for the menu to offer `title`. Should VS Code answer "No code actions available"
 * (its request was cancelled, or ran for a stale cursor position), it presses Escape and Ctrl+. again, as a
 * user would, and says so in the log: run.mjs then keeps the logs, with the client/server trace in
 * <user-data>/logs/<time>/exthost1/kubeready.kubeready/kubeready.log.
 */
async function quickFixMenu(page, title, attempts = 3) {
  for (let attempt = 1; ; attempt++) {
    await page.keyboard.press('Control+.');
    const row = page.locator('.action-widget .monaco-list-row', { hasText: title });
    const none = page.locator('.monaco-editor-overlaymessage', { hasText: 'No code actions available' });
    await Promise.race([row.waitFor({ timeout: 15000 }), none.waitFor({ timeout: 15000 })]).catch(() => {});
    if (await row.isVisible()) return;
    const why = (await none.isVisible()) ? '"No code actions available"' : 'no menu within 15 s';
    if (attempt >= attempts) throw new Error(`Ctrl+. did not offer "${title}" (${why}, ${attempts} times)`);
    log(`WARNING: Ctrl+. gave ${why}; pressing it again`);
    await shot(`ctrl-dot-attempt-${attempt}`);
    await page.keyboard.press('Escape');
    await page.waitForTimeout(500);
  }
}

/** Moves the action widget's focus to the row with `title` with the arrow keys, then presses Enter. */
async function chooseFocused(page, title) {
  const rows = await page.locator('.action-widget .monaco-list-row').count();
  for (let i = 0; i <= rows; i++) {
    const focused = await page.locator('.action-widget .monaco-list-row.focused').innerText().catch(() => '');
    if (focused.includes(title)) {
      await page.keyboard.press('Enter');
      return;
    }
    await page.keyboard.press('ArrowDown');
  }
  throw new Error(`"${title}" never got the focus in the quick-fix menu`);
}
