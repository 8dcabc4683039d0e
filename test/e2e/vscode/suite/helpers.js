// Shared by the extension-host suites. They run inside code-server's extension host, against a copy of
// test/e2e/fixtures/workspace that test/e2e/run.mjs makes for each run.
const assert = require('node:assert/strict');
const { spawnSync } = require('node:child_process');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const vscode = require('vscode');

const EXTENSION_ID = 'kubeready.kubeready';
const SOURCE = 'kubeready';
/**
 * The rules the fixtures are built for. Assertions look at their findings only, so that a rule added to the
 * catalog later does not break the editor tests (the fixtures are clean under today's catalog anyway).
 */
const RULES = ['zone-spread-missing', 'image-pull-at-every-start', 'pdb-missing'];

const FIXTURES = path.join(__dirname, '../../fixtures');
const FINDINGS = JSON.parse(fs.readFileSync(path.join(FIXTURES, 'findings.json'), 'utf8'));
/** `[code, startLine, startCharacter, endLine, endCharacter]` of the fixture findings (see `summary`). */
const ZONE_SPREAD = ['zone-spread-missing', ...FINDINGS['worker.yaml']['zone-spread-missing']];
const IMAGE_PULL = ['image-pull-at-every-start', ...FINDINGS['worker.yaml']['image-pull-at-every-start']];
const PDB_MISSING = ['pdb-missing', ...FINDINGS['deploy.yaml without pdb.yaml']['pdb-missing']];
const DEPLOY_PULL_POLICY = FINDINGS['deploy.yaml imagePullPolicy'];

const fixture = (name) => fs.readFileSync(path.join(FIXTURES, 'workspace', name), 'utf8');
const expected = (name) => fs.readFileSync(path.join(FIXTURES, 'expected', name), 'utf8');

/**
 * What `kubeready lint --fix` makes of a fixture file: fix-all in the editor must give the same bytes. (The
 * CLI is the reference, so that a safe fix added to the catalog later does not need a new expected file.)
 */
function cliFixed(name) {
  const scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'kubeready-e2e-cli-'));
  try {
    fs.cpSync(path.join(FIXTURES, 'workspace'), scratch, { recursive: true });
    const cli = path.join(FIXTURES, '../../../bin/kubeready.js');
    const run = spawnSync(process.execPath, [cli, 'lint', '--fix', name], { cwd: scratch, encoding: 'utf8', env: { ...process.env, ELECTRON_RUN_AS_NODE: '1' } });
    if (run.status === 2 || run.error) throw new Error(`kubeready lint --fix ${name} failed: ${run.stderr || run.error}`);
    return fs.readFileSync(path.join(scratch, name), 'utf8');
  } finally {
    fs.rmSync(scratch, { recursive: true, force: true });
  }
}

function folder() {
  const folders = vscode.workspace.workspaceFolders;
  assert.ok(folders && folders.length === 1, 'the fixture workspace is open');
  return folders[0].uri;
}

function fileUri(name) {
  return vscode.Uri.joinPath(folder(), name);
}

/** Polls `probe` until it returns a truthy value; on timeout the error shows what it saw last. */
async function waitFor(what, probe, timeoutMs = 20000) {
  const end = Date.now() + timeoutMs;
  let last;
  for (;;) {
    try {
      last = await probe();
      if (last) return last;
    } catch (error) {
      last = error;
    }
    if (Date.now() > end) {
      const seen = last instanceof Error ? last.message : JSON.stringify(last);
      throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}; last seen: ${seen}`);
    }
    await sleep(50);
  }
}

function sleep(ms) {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/** The rule id of a diagnostic: VS Code turns `code` + `codeDescription` into `{ value, target }`. */
function codeOf(diagnostic) {
  return typeof diagnostic.code === 'object' && diagnostic.code !== null ? String(diagnostic.code.value) : String(diagnostic.code);
}

/** kubeready's diagnostics of the rules under test for a file, as plain data, sorted by position. */
function kubereadyDiagnostics(uri) {
  return vscode.languages
    .getDiagnostics(uri)
    .filter((d) => d.source === SOURCE && RULES.includes(codeOf(d)))
    .map((d) => ({
      code: codeOf(d),
      severity: d.severity,
      range: [d.range.start.line, d.range.start.character, d.range.end.line, d.range.end.character],
      message: d.message,
      href: typeof d.code === 'object' && d.code !== null ? String(d.code.target) : undefined,
      diagnostic: d,
    }))
    .sort((a, b) => a.range[0] - b.range[0] || a.range[1] - b.range[1]);
}

/** `[code, startLine, startCharacter, endLine, endCharacter]` for each of a file's diagnostics of the rules under test. */
function summary(uri) {
  return kubereadyDiagnostics(uri).map((d) => [d.code, ...d.range]);
}

/** Waits until a file's kubeready diagnostics are exactly `expected` (see `summary`). */
async function waitForDiagnostics(uri, expected, timeoutMs = 20000) {
  const name = uri.path.split('/').pop();
  const end = Date.now() + timeoutMs;
  for (;;) {
    const actual = summary(uri);
    if (JSON.stringify(actual) === JSON.stringify(expected)) return kubereadyDiagnostics(uri);
    if (Date.now() > end) {
      assert.deepEqual(actual, expected, `diagnostics of ${name} after ${timeoutMs} ms; ${await serverView(uri)}`);
    }
    await sleep(50);
  }
}

/**
 * For failure messages: what the server itself reports for a file right now (a pull outside VS Code's
 * diagnostics machinery), next to the editor's version of the document.
 */
async function serverView(uri, range) {
  try {
    const { client } = vscode.extensions.getExtension(EXTENSION_ID).exports;
    let actions = '';
    if (range) {
      const answer = await client.sendRequest('textDocument/codeAction', {
        textDocument: { uri: uri.toString() },
        range: { start: { line: range.start.line, character: range.start.character }, end: { line: range.end.line, character: range.end.character } },
        context: { diagnostics: [] },
      });
      actions = `; asked directly, the server offers ${JSON.stringify((answer || []).map((a) => a.title))}`;
    }
    const report = await client.sendRequest('textDocument/diagnostic', { textDocument: { uri: uri.toString() } });
    const document = vscode.workspace.textDocuments.find((d) => d.uri.toString() === uri.toString());
    const items = (report.items || []).map((d) => [d.code, d.range.start.line, d.range.start.character, d.severity]);
    return `the server reports ${JSON.stringify(items)} (resultId ${report.resultId}); the editor has ${
      document ? `version ${document.version}${document.isDirty ? ', dirty' : ''}` : 'the file closed'
    }${actions}`;
  } catch (error) {
    return `the server did not answer a diagnostic pull: ${error.message}`;
  }
}

/**
 * vscode.executeCodeActionProvider, asked again until `ready(actions)`: VS Code cancels a code action request,
 * and answers it with nothing, when another extension registers a provider meanwhile (the JSON and settings
 * extensions activate the first time a test changes a setting).
 */
async function codeActions(uri, range, kind, ready, timeoutMs = 10000) {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const actions = (await vscode.commands.executeCommand('vscode.executeCodeActionProvider', uri, range, kind)) || [];
    if (ready(actions)) return actions;
    if (Date.now() > end) {
      assert.fail(`code actions${kind ? ` of kind ${kind}` : ''} at ${JSON.stringify(range)}: [${actions.map((a) => a.title).join(' | ')}]; ${await serverView(uri, range)}`);
    }
    await sleep(200);
  }
}

async function open(name) {
  const document = await vscode.workspace.openTextDocument(fileUri(name));
  await vscode.window.showTextDocument(document, { preview: false });
  return document;
}

async function activeExtension() {
  const extension = vscode.extensions.getExtension(EXTENSION_ID);
  assert.ok(extension, `extension ${EXTENSION_ID} is installed`);
  await waitFor(`${EXTENSION_ID} to activate`, () => extension.isActive);
  return extension;
}

/** Puts a file back to the fixture's text (on disk and in an open editor, without a dirty state). */
async function restore(name, text) {
  const uri = fileUri(name);
  const onDisk = await vscode.workspace.fs.readFile(uri).then((bytes) => Buffer.from(bytes).toString('utf8'), () => undefined);
  if (onDisk !== text) await vscode.workspace.fs.writeFile(uri, Buffer.from(text, 'utf8'));
  const document = vscode.workspace.textDocuments.find((d) => d.uri.toString() === uri.toString());
  if (document && (document.isDirty || document.getText() !== text)) {
    await vscode.window.showTextDocument(document);
    await vscode.commands.executeCommand('workbench.action.files.revert');
    await waitFor(`${name} to show the restored text`, () => document.getText() === text && !document.isDirty);
  }
}

async function closeAllEditors() {
  await vscode.commands.executeCommand('workbench.action.closeAllEditors');
}

async function updateSetting(section, key, value) {
  await vscode.workspace.getConfiguration(section).update(key, value, vscode.ConfigurationTarget.Global);
}

module.exports = {
  DEPLOY_PULL_POLICY,
  EXTENSION_ID,
  IMAGE_PULL,
  PDB_MISSING,
  RULES,
  SOURCE,
  ZONE_SPREAD,
  activeExtension,
  cliFixed,
  closeAllEditors,
  codeActions,
  codeOf,
  expected,
  fileUri,
  fixture,
  folder,
  kubereadyDiagnostics,
  open,
  restore,
  serverView,
  sleep,
  summary,
  updateSetting,
  waitFor,
  waitForDiagnostics,
};
