const assert = require('node:assert/strict');
const fs = require('node:fs');
const vscode = require('vscode');
const {
  IMAGE_PULL,
  ZONE_SPREAD,
  cliFixed,
  closeAllEditors,
  codeActions,
  expected,
  fixture,
  kubereadyDiagnostics,
  open,
  restore,
  updateSetting,
  waitFor,
  waitForDiagnostics,
} = require('./helpers');

const WORKER = fixture('worker.yaml');

const FIX_ALL = 'source.fixAll.kubeready';

async function freshWorker() {
  await restore('worker.yaml', WORKER);
  const document = await open('worker.yaml');
  await waitForDiagnostics(document.uri, [ZONE_SPREAD, IMAGE_PULL]);
  return document;
}

suite('code actions', () => {
  teardown(async () => {
    await updateSetting('editor', 'codeActionsOnSave', undefined);
    await restore('worker.yaml', WORKER);
    await closeAllEditors();
  });

  test('the quick-fixes for a finding: the rule fix (preferred), suppressions, ignore, docs', async () => {
    const document = await freshWorker();
    const [, imagePull] = kubereadyDiagnostics(document.uri);
    const expected = [
      ['Set imagePullPolicy: IfNotPresent on container "worker"', true],
      ['Disable image-pull-at-every-start for this line', false],
      ['Disable image-pull-at-every-start for this resource', false],
      ['Ignore image-pull-at-every-start for Deployment/orders-worker in .kubeready.yaml', false],
      ['Show documentation for image-pull-at-every-start', false],
    ];
    // executeCodeActionProvider drops the actions' diagnostics, and other rules may have findings in the same
    // range: pick this finding's actions by title, and check they come in this order.
    const titles = new Set(expected.map(([title]) => title));
    const actions = await codeActions(document.uri, imagePull.diagnostic.range, undefined, (list) => list.some((a) => titles.has(a.title)));
    const ours = actions.filter((a) => titles.has(a.title));
    assert.deepEqual(ours.map((a) => [a.title, Boolean(a.isPreferred)]), expected, actions.map((a) => a.title).join(' | '));
    assert.ok(ours.every((a) => a.kind.value === 'quickfix'));
    const docs = ours.at(-1);
    assert.equal(docs.command.command, 'kubeready.server.showDocumentation');
    assert.deepEqual(docs.command.arguments, ['image-pull-at-every-start']);
  });

  test('applying the safe quick-fix gives the exact text and a clean re-lint', async () => {
    const document = await freshWorker();
    const [, imagePull] = kubereadyDiagnostics(document.uri);
    const title = 'Set imagePullPolicy: IfNotPresent on container "worker"';
    const actions = await codeActions(document.uri, imagePull.diagnostic.range, vscode.CodeActionKind.QuickFix.value, (list) =>
      list.some((a) => a.title === title),
    );
    const fix = actions.find((a) => a.title === title);
    assert.ok(fix.edit, 'the fix is an edit');
    assert.ok(await vscode.workspace.applyEdit(fix.edit), 'the edit applies');
    assert.equal(document.getText(), expected('worker.quick-fix.expected'));
    await waitForDiagnostics(document.uri, [ZONE_SPREAD]);
  });

  test(`fix-all (${FIX_ALL}) applies every safe fix`, async () => {
    const document = await freshWorker();
    const whole = new vscode.Range(0, 0, document.lineCount, 0);
    const actions = await codeActions(document.uri, whole, FIX_ALL, (list) => list.length > 0);
    assert.deepEqual(
      actions.map((a) => [a.title, a.kind && a.kind.value]),
      [['Fix all safe kubeready problems', FIX_ALL]],
    );
    assert.ok(await vscode.workspace.applyEdit(actions[0].edit));
    const cli = cliFixed('worker.yaml');
    assert.match(cli, /imagePullPolicy: IfNotPresent\n/);
    assert.match(cli, /topologyKey: topology\.kubernetes\.io\/zone\n/);
    assert.equal(document.getText(), cli, 'the text after fix-all is what kubeready lint --fix writes');
    await waitForDiagnostics(document.uri, []);
  });

  test(`saving with editor.codeActionsOnSave { "${FIX_ALL}": "explicit" } fixes the file`, async () => {
    await updateSetting('editor', 'codeActionsOnSave', { [FIX_ALL]: 'explicit' });
    const document = await freshWorker();
    // A change, so that the save is a real one; then an explicit save, as Ctrl+S does.
    const editor = vscode.window.activeTextEditor;
    assert.ok(await editor.edit((edit) => edit.insert(new vscode.Position(0, 0), '# saved\n')));
    await vscode.commands.executeCommand('workbench.action.files.save');
    await waitFor('the save to finish', () => !document.isDirty);
    const saved = fs.readFileSync(document.uri.fsPath, 'utf8');
    assert.equal(saved, `# saved\n${cliFixed('worker.yaml')}`);
    assert.equal(document.getText(), saved);
    await waitForDiagnostics(document.uri, []);
  });
});
