const assert = require('node:assert/strict');
const vscode = require('vscode');
const { EXTENSION_ID, activeExtension, fileUri, open, summary, waitFor } = require('./helpers');

suite('activation', () => {
  test('the client is installed and not yet active before a YAML file opens', () => {
    const extension = vscode.extensions.getExtension(EXTENSION_ID);
    assert.ok(extension, `${EXTENSION_ID} is loaded from extensionDevelopmentPath`);
    assert.equal(extension.packageJSON.main, './dist/extension.js');
    assert.equal(extension.isActive, false, 'nothing has activated the client yet');
  });

  test('opening a YAML manifest activates the client and starts the server', async () => {
    const document = await open('worker.yaml');
    assert.equal(document.languageId, 'yaml');
    const extension = await activeExtension();
    const api = extension.exports;
    assert.ok(api && api.client, 'the extension exports its language client');
    await waitFor('the language client to run', () => api.client.isRunning());
  });

  test('the commands are registered', async () => {
    const commands = await vscode.commands.getCommands(true);
    for (const id of ['kubeready.lintWorkspace', 'kubeready.restartServer', 'kubeready.showOutput', 'kubeready.showRuleDocumentation']) {
      assert.ok(commands.includes(id), `command ${id} is registered`);
    }
  });

  test('the status bar shows the number of problems once the workspace is indexed', async () => {
    const api = (await activeExtension()).exports;
    await waitFor('the findings in worker.yaml', () => summary(fileUri('worker.yaml')).length === 2);
    // Every kubeready problem in the workspace, whichever rule: the status bar counts them all.
    const total = () =>
      vscode.languages.getDiagnostics().reduce((n, [, list]) => n + list.filter((d) => d.source === 'kubeready').length, 0);
    const text = await waitFor('the status bar to count the problems', () => {
      const n = total();
      return api.statusText() === `$(warning) kubeready: ${n} problem${n === 1 ? '' : 's'}` && api.statusText();
    });
    assert.ok(total() >= 2, text);
  });
});
