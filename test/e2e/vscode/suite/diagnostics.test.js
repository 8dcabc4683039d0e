const assert = require('node:assert/strict');
const vscode = require('vscode');
const { DEPLOY_PULL_POLICY, IMAGE_PULL, PDB_MISSING, ZONE_SPREAD, closeAllEditors, fileUri, fixture, open, restore, waitForDiagnostics } = require('./helpers');

const PDB_TEXT = fixture('pdb.yaml');
const DOCS = (id) => `https://github.com/kubeready/kubeready/blob/main/rules/${id}/${id}.md`;

suite('diagnostics', () => {
  suiteTeardown(async () => {
    await restore('pdb.yaml', PDB_TEXT);
    await closeAllEditors();
  });

  test('an open manifest gets exact diagnostics with codes, severities and docs links', async () => {
    await open('worker.yaml');
    const diagnostics = await waitForDiagnostics(fileUri('worker.yaml'), [ZONE_SPREAD, IMAGE_PULL]);
    for (const d of diagnostics) {
      assert.equal(d.severity, vscode.DiagnosticSeverity.Warning, d.code);
      assert.equal(d.href, DOCS(d.code));
    }
    assert.match(diagnostics[0].message, /^Deployment "orders-worker" runs up to 2 replicas with no zone spread/);
    assert.match(diagnostics[1].message, /^Container "worker" of Deployment "orders-worker" sets imagePullPolicy: Always/);
  });

  test('deploy.yaml (its PDB is in pdb.yaml) and pdb.yaml are clean', async () => {
    assert.ok(!vscode.workspace.textDocuments.some((d) => d.uri.path.endsWith('/deploy.yaml')), 'deploy.yaml is not open');
    await waitForDiagnostics(fileUri('deploy.yaml'), []);
    await waitForDiagnostics(fileUri('pdb.yaml'), []);
  });

  test('deleting the PDB file makes pdb-missing appear on the closed Deployment; restoring it clears it', async () => {
    const deploy = fileUri('deploy.yaml');
    await vscode.workspace.fs.delete(fileUri('pdb.yaml'));
    const [finding] = await waitForDiagnostics(deploy, [PDB_MISSING]);
    assert.equal(finding.severity, vscode.DiagnosticSeverity.Warning);
    assert.match(finding.message, /^No PodDisruptionBudget selects the pods of Deployment "shop-api"/);
    await vscode.workspace.fs.writeFile(fileUri('pdb.yaml'), Buffer.from(PDB_TEXT, 'utf8'));
    await waitForDiagnostics(deploy, []);
  });

  test('the same with the Deployment open in an editor', async () => {
    const deploy = fileUri('deploy.yaml');
    await open('deploy.yaml');
    await waitForDiagnostics(deploy, []);
    await vscode.workspace.fs.delete(fileUri('pdb.yaml'));
    await waitForDiagnostics(deploy, [PDB_MISSING]);
    await vscode.workspace.fs.writeFile(fileUri('pdb.yaml'), Buffer.from(PDB_TEXT, 'utf8'));
    await waitForDiagnostics(deploy, []);
  });

  test('typing updates the diagnostics of the edited document', async () => {
    const document = await open('deploy.yaml');
    const editor = vscode.window.activeTextEditor;
    const [line, character] = DEPLOY_PULL_POLICY;
    const value = new vscode.Range(...DEPLOY_PULL_POLICY);
    assert.equal(document.getText(value), 'IfNotPresent');
    assert.ok(await editor.edit((edit) => edit.replace(value, 'Always')));
    await waitForDiagnostics(document.uri, [['image-pull-at-every-start', line, character, line, character + 'Always'.length]]);
    await vscode.commands.executeCommand('workbench.action.files.revert');
    await waitForDiagnostics(document.uri, []);
  });
});
