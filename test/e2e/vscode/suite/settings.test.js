const assert = require('node:assert/strict');
const vscode = require('vscode');
const { IMAGE_PULL, ZONE_SPREAD, activeExtension, closeAllEditors, fileUri, kubereadyDiagnostics, open, serverView, updateSetting, waitFor, waitForDiagnostics } = require('./helpers');

suite('settings', () => {
  teardown(async () => {
    await updateSetting('kubeready', 'rules', undefined);
    await updateSetting('kubeready', 'enable', undefined);
    await waitForDiagnostics(fileUri('worker.yaml'), [ZONE_SPREAD, IMAGE_PULL]);
    await closeAllEditors();
  });

  test('kubeready.rules turns a rule off, and back on, without a restart', async () => {
    const { client } = (await activeExtension()).exports;
    const document = await open('worker.yaml');
    await waitForDiagnostics(document.uri, [ZONE_SPREAD, IMAGE_PULL]);
    const before = client.initializeResult;
    await updateSetting('kubeready', 'rules', { 'image-pull-at-every-start': 'off' });
    await waitForDiagnostics(document.uri, [ZONE_SPREAD]);
    await updateSetting('kubeready', 'rules', undefined);
    await waitForDiagnostics(document.uri, [ZONE_SPREAD, IMAGE_PULL]);
    assert.equal(client.initializeResult, before, 'the same server session');
  });

  test('kubeready.rules changes a severity', async () => {
    const document = await open('worker.yaml');
    await updateSetting('kubeready', 'rules', { 'zone-spread-missing': 'error' });
    await waitFor('zone-spread-missing to become an error', () =>
      kubereadyDiagnostics(document.uri).find((d) => d.code === 'zone-spread-missing' && d.severity === vscode.DiagnosticSeverity.Error),
    ).catch(async (error) => {
      throw new Error(`${error.message}; ${await serverView(document.uri)}`);
    });
    const image = kubereadyDiagnostics(document.uri).find((d) => d.code === 'image-pull-at-every-start');
    assert.equal(image.severity, vscode.DiagnosticSeverity.Warning);
  });

  test('kubeready.enable: false clears the diagnostics and the status bar says off', async () => {
    const api = (await activeExtension()).exports;
    const document = await open('worker.yaml');
    await updateSetting('kubeready', 'enable', false);
    await waitForDiagnostics(document.uri, []);
    await waitFor('the status bar to say off', () => api.statusText().endsWith('kubeready: off'));
  });
});
