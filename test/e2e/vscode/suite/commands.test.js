const assert = require('node:assert/strict');
const vscode = require('vscode');
const { IMAGE_PULL, ZONE_SPREAD, activeExtension, closeAllEditors, fileUri, open, waitFor, waitForDiagnostics } = require('./helpers');

const DOCS = (id) => `https://github.com/kubeready/kubeready/blob/main/rules/${id}/${id}.md`;

suite('commands', () => {
  suiteTeardown(closeAllEditors);

  test('kubeready.lintWorkspace re-reads the workspace and returns the counts', async () => {
    await open('worker.yaml');
    const result = await vscode.commands.executeCommand('kubeready.lintWorkspace');
    assert.equal(result.files, 4, `the manifests of the workspace: ${JSON.stringify(result)}`);
    assert.ok(Number.isInteger(result.problems) && result.problems >= 2, `the problems, worker.yaml's two at least: ${JSON.stringify(result)}`);
    await waitForDiagnostics(fileUri('worker.yaml'), [ZONE_SPREAD, IMAGE_PULL]);
  });

  test('kubeready.restartServer starts a new server, and diagnostics come back', async () => {
    const { client } = (await activeExtension()).exports;
    const document = await open('worker.yaml');
    const before = client.initializeResult;
    await vscode.commands.executeCommand('kubeready.restartServer');
    await waitFor('the client to run again', () => client.isRunning());
    assert.notEqual(client.initializeResult, before, 'a new initialize handshake');
    await waitForDiagnostics(document.uri, [ZONE_SPREAD, IMAGE_PULL]);
    // The new server answers edits, too.
    const editor = vscode.window.activeTextEditor;
    assert.ok(await editor.edit((edit) => edit.replace(new vscode.Range(...IMAGE_PULL.slice(1)), 'IfNotPresent')));
    await waitForDiagnostics(document.uri, [ZONE_SPREAD]);
    await vscode.commands.executeCommand('workbench.action.files.revert');
    await waitForDiagnostics(document.uri, [ZONE_SPREAD, IMAGE_PULL]);
  });

  test('kubeready.showOutput shows the kubeready output channel', async () => {
    await vscode.commands.executeCommand('kubeready.showOutput');
    await waitFor('the kubeready output to be shown', () =>
      vscode.window.visibleTextEditors.some((e) => e.document.uri.scheme === 'output' && /kubeready/.test(e.document.uri.path)) ||
      vscode.workspace.textDocuments.some((d) => d.uri.scheme === 'output' && /kubeready/.test(d.uri.path)),
    );
  });

  test('kubeready.showRuleDocumentation with a rule id opens its docs page', async () => {
    const url = await vscode.commands.executeCommand('kubeready.showRuleDocumentation', 'pdb-missing');
    // It hands the URL to vscode.env.openExternal; in an extension test run the workbench refuses the link
    // confirmation dialog, so the UI test checks what the user sees.
    assert.equal(url, DOCS('pdb-missing'));
  });

  test('kubeready.showRuleDocumentation with an unknown id opens nothing', async () => {
    assert.equal(await vscode.commands.executeCommand('kubeready.showRuleDocumentation', 'no-such-rule'), undefined);
  });
});
