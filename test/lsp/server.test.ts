import { existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Diagnostic } from 'vscode-languageserver-protocol';
import { afterEach, describe, expect, it } from 'vitest';
import { project } from '../support/cli';
import { brokenGateway, crd, only, pdb } from '../support/manifests';
import { applyWorkspaceEdit, LspClient, type StartOptions } from '../support/lsp-client';

/** A `.kubeready.yaml` with only the named catalog rules on, so the expected diagnostics stay exact. */
const deployment = (name: string, extra = '') => `apiVersion: apps/v1
kind: Deployment
metadata:
  name: ${name}
spec:
  replicas: 3
  selector:
    matchLabels:
      app: ${name}
  template:
    metadata:
      labels:
        app: ${name}
    spec:
      containers:
        - name: api
          image: shop/api:1.2.3${extra}
`;

const PDB_MISSING = (name: string) =>
  `No PodDisruptionBudget selects the pods of Deployment "${name}": a node drain or Karpenter consolidation may evict all 3 replicas at once.`;

let client: LspClient | undefined;
afterEach(async () => {
  await client?.stop();
  client = undefined;
});

async function start(root: string, options: Omit<StartOptions, 'root'> = {}): Promise<LspClient> {
  client = await LspClient.start({ root, ...options });
  await client.until(() => client!.statuses.some((s) => (s as { state: string }).state === 'idle'), 'indexing to finish');
  return client;
}

const codes = (diagnostics: Diagnostic[]) => diagnostics.map((d) => d.code);

describe('the language server, through the protocol', () => {
  it('publishes exact diagnostics on open, with code, docs link, source and data', async () => {
    const root = project({ '.kubeready.yaml': only(['pdb-missing']), 'deploy.yaml': deployment('shop-api') });
    const lsp = await start(root);
    const uri = lsp.open(join(root, 'deploy.yaml'));
    const diagnostics = await lsp.diagnosticsOf(uri, (d) => d.length > 0);
    expect(diagnostics).toEqual([
      {
        range: { start: { line: 3, character: 2 }, end: { line: 3, character: 6 } },
        severity: 2,
        code: 'pdb-missing',
        codeDescription: { href: 'https://github.com/kubeready/kubeready/blob/main/rules/pdb-missing/pdb-missing.md' },
        source: 'kubeready',
        message: PDB_MISSING('shop-api'),
        data: { ruleId: 'pdb-missing', messageId: 'missing', path: 'metadata.name' },
      },
    ]);
  });

  it('reports "Indexing N/M manifests" progress and lints closed files too', async () => {
    const root = project({ '.kubeready.yaml': only(['pdb-missing']), 'a.yaml': deployment('a'), 'b.yaml': deployment('b'), 'ci.yaml': 'on: push\njobs: {}\n' });
    const lsp = await start(root);
    const messages = lsp.progress.map((p) => JSON.stringify(p));
    expect(messages.some((m) => m.includes('"kind":"begin"'))).toBe(true);
    expect(messages.some((m) => m.includes('Indexing 3/3 manifests'))).toBe(true);
    expect(messages.some((m) => m.includes('"kind":"end"'))).toBe(true);
    // Nothing was opened: closed files are linted on the same footing as the CLI.
    await lsp.diagnosticsOf(lsp.uri(join(root, 'a.yaml')), (d) => codes(d).includes('pdb-missing'));
    await lsp.diagnosticsOf(lsp.uri(join(root, 'b.yaml')), (d) => codes(d).includes('pdb-missing'));
    expect(lsp.diagnostics.get(lsp.uri(join(root, 'ci.yaml')))).toBeUndefined();
  });

  it('reports a syntax error in a closed document no rule reads, as the CLI does, and in an open one once typing pauses', async () => {
    // Many documents no rule reads: each is checked, and only the broken file is reported.
    const crds = Array.from({ length: 400 }, (_, n) => crd(n)).join('---\n');
    expect(crds.length).toBeGreaterThan(600_000);
    const root = project({ '.kubeready.yaml': only(['pdb-missing']), 'crds.yaml': crds, 'closed.yaml': brokenGateway, 'open.yaml': brokenGateway.replace('        port', '          port') });
    const lsp = await start(root);
    const closed = await lsp.diagnosticsOf(lsp.uri(join(root, 'closed.yaml')), (d) => d.length > 0);
    expect(closed.map((d) => [d.code, d.range.start])).toEqual([['yaml-syntax', { line: 7, character: 0 }]]);
    expect(lsp.diagnostics.get(lsp.uri(join(root, 'crds.yaml'))) ?? []).toEqual([]);
    const uri = lsp.open(join(root, 'open.yaml'));
    // Break the open document the same way: the error shows after the pause, without a save.
    lsp.change(uri, [{ range: { start: { line: 7, character: 0 }, end: { line: 7, character: 2 } }, text: '' }]);
    const open = await lsp.diagnosticsOf(uri, (d) => d.length > 0);
    expect(open.map((d) => [d.code, d.range.start])).toEqual([['yaml-syntax', { line: 7, character: 0 }]]);
  });

  it('follows incremental edits', async () => {
    const root = project({ '.kubeready.yaml': only(['pdb-missing', 'image-tag-mutable']), 'deploy.yaml': deployment('shop-api') });
    const lsp = await start(root);
    const uri = lsp.open(join(root, 'deploy.yaml'));
    await lsp.diagnosticsOf(uri, (d) => codes(d).join() === 'pdb-missing');
    // Replace "1.2.3" on line 17 with "latest": image-tag-mutable appears on the image value.
    lsp.change(uri, [{ range: { start: { line: 16, character: 26 }, end: { line: 16, character: 31 } }, text: 'latest' }]);
    const after = await lsp.diagnosticsOf(uri, (d) => codes(d).includes('image-tag-mutable'));
    expect(after.find((d) => d.code === 'image-tag-mutable')!.range).toEqual({ start: { line: 16, character: 17 }, end: { line: 16, character: 32 } });
    // Replicas 3 → 1: the PDB finding goes, as a fixed singleton needs none.
    lsp.change(uri, [{ range: { start: { line: 5, character: 12 }, end: { line: 5, character: 13 } }, text: '1' }]);
    await lsp.diagnosticsOf(uri, (d) => codes(d).join() === 'image-tag-mutable');
  });

  it('re-lints a Deployment when its PDB in another file is deleted and restored (didChangeWatchedFiles)', async () => {
    const root = project({ '.kubeready.yaml': only(['pdb-missing']), 'deploy.yaml': deployment('shop-api'), 'pdb.yaml': pdb('shop-api') });
    const lsp = await start(root);
    const uri = lsp.open(join(root, 'deploy.yaml'));
    await lsp.diagnosticsOf(uri, (d) => d.length === 0, 'no findings while the PDB exists');
    rmSync(join(root, 'pdb.yaml'));
    lsp.watchedFiles([{ path: join(root, 'pdb.yaml'), type: 3 }]);
    await lsp.diagnosticsOf(uri, (d) => codes(d).join() === 'pdb-missing', 'pdb-missing after the PDB is deleted');
    writeFileSync(join(root, 'pdb.yaml'), pdb('shop-api'));
    lsp.watchedFiles([{ path: join(root, 'pdb.yaml'), type: 1 }]);
    await lsp.diagnosticsOf(uri, (d) => d.length === 0, 'the finding cleared after the PDB is restored');
  });

  it('re-lints a Deployment when its PDB is edited in another open editor', async () => {
    const root = project({ '.kubeready.yaml': only(['pdb-missing']), 'deploy.yaml': deployment('shop-api'), 'pdb.yaml': pdb('shop-api') });
    const lsp = await start(root);
    const deploy = lsp.open(join(root, 'deploy.yaml'));
    const budget = lsp.open(join(root, 'pdb.yaml'));
    await lsp.diagnosticsOf(deploy, (d) => d.length === 0);
    // Break the selector in the PDB's editor (unsaved): the Deployment is uncovered.
    lsp.change(budget, [{ range: { start: { line: 8, character: 11 }, end: { line: 8, character: 19 } }, text: 'other' }]);
    await lsp.diagnosticsOf(deploy, (d) => codes(d).join() === 'pdb-missing');
    // Closing the editor without saving goes back to the file on disk.
    lsp.close(budget);
    await lsp.diagnosticsOf(deploy, (d) => d.length === 0);
  });

  describe('code actions', () => {
    const setup = async (ids: string[], text: string) => {
      const root = project({ '.kubeready.yaml': only(ids), 'deploy.yaml': text });
      const lsp = await start(root);
      const path = join(root, 'deploy.yaml');
      const uri = lsp.open(path, text);
      const diagnostics = await lsp.diagnosticsOf(uri, (d) => d.length > 0);
      return { root, lsp, uri, path, diagnostics };
    };

    it('offers the safe fix first and preferred; applying it re-lints clean', async () => {
      const text = deployment('shop-api', '\n          imagePullPolicy: Always');
      const { lsp, uri, diagnostics } = await setup(['image-pull-at-every-start'], text);
      const diagnostic = diagnostics[0]!;
      expect(diagnostic.code).toBe('image-pull-at-every-start');
      const actions = await lsp.codeActions(uri, diagnostic.range, [diagnostic]);
      expect(actions.map((a) => a.title)).toEqual([
        'Set imagePullPolicy: IfNotPresent on container "api"',
        'Disable image-pull-at-every-start for this line',
        'Disable image-pull-at-every-start for this resource',
        'Ignore image-pull-at-every-start for Deployment/shop-api in .kubeready.yaml',
        'Show documentation for image-pull-at-every-start',
      ]);
      expect(actions[0]).toMatchObject({ kind: 'quickfix', isPreferred: true });
      expect((actions[0]!.edit!.documentChanges![0] as { textDocument: { version: number } }).textDocument.version).toBe(1);
      const fixed = applyWorkspaceEdit(text, actions[0]!.edit, uri);
      expect(fixed).toBe(text.replace('imagePullPolicy: Always', 'imagePullPolicy: IfNotPresent'));
      lsp.change(uri, [{ text: fixed }]);
      await lsp.diagnosticsOf(uri, (d) => d.length === 0, 'a clean re-lint');
    });

    it('offers quick-fixes that are not safe, and the docs command', async () => {
      const { lsp, uri, diagnostics, root } = await setup(['pdb-missing'], deployment('shop-api'));
      const actions = await lsp.codeActions(uri, diagnostics[0]!.range, diagnostics);
      expect(actions[0]).toMatchObject({ title: 'Add a PodDisruptionBudget for shop-api', kind: 'quickfix' });
      expect(actions[0]!.isPreferred).toBeUndefined();
      const fixed = applyWorkspaceEdit(deployment('shop-api'), actions[0]!.edit, uri);
      expect(fixed).toBe(`${deployment('shop-api')}---\n${pdb('shop-api').replace('  maxUnavailable: 1\n', '  maxUnavailable: 1\n  unhealthyPodEvictionPolicy: AlwaysAllow\n')}`);
      lsp.change(uri, [{ text: fixed }]);
      await lsp.diagnosticsOf(uri, (d) => d.length === 0);
      const docs = actions.find((a) => a.title === 'Show documentation for pdb-missing')!;
      const url = await lsp.connection.sendRequest('workspace/executeCommand', docs.command);
      expect(url).toBe('https://github.com/kubeready/kubeready/blob/main/rules/pdb-missing/pdb-missing.md');
      expect(lsp.shownDocuments).toEqual([url]);
      expect(existsSync(join(root, 'unused'))).toBe(false);
    });

    it('"Disable for this line" and "for this resource" insert the comments, and the finding goes', async () => {
      const text = deployment('shop-api');
      const { lsp, uri, diagnostics } = await setup(['pdb-missing'], text);
      const actions = await lsp.codeActions(uri, diagnostics[0]!.range, diagnostics);
      const line = applyWorkspaceEdit(text, actions.find((a) => a.title === 'Disable pdb-missing for this line')!.edit, uri);
      expect(line).toBe(text.replace('  name: shop-api\n', '  # kubeready-disable-next-line pdb-missing -- TODO: why this is accepted\n  name: shop-api\n'));
      const resource = applyWorkspaceEdit(text, actions.find((a) => a.title === 'Disable pdb-missing for this resource')!.edit, uri);
      expect(resource).toBe(`# kubeready-disable pdb-missing -- TODO: why this is accepted\n${text}`);
      lsp.change(uri, [{ text: line }]);
      await lsp.diagnosticsOf(uri, (d) => d.length === 0, 'silenced by the line comment');
      lsp.change(uri, [{ text: resource }]);
      await lsp.diagnosticsOf(uri, (d) => d.length === 0, 'silenced by the document comment');
    });

    it('"Ignore in .kubeready.yaml" extends the config, and the config change re-lints', async () => {
      const { lsp, uri, diagnostics, root } = await setup(['pdb-missing'], deployment('shop-api'));
      const actions = await lsp.codeActions(uri, diagnostics[0]!.range, diagnostics);
      const ignore = actions.find((a) => a.title === 'Ignore pdb-missing for Deployment/shop-api in .kubeready.yaml')!;
      const configPath = join(root, '.kubeready.yaml');
      const configUri = lsp.uri(configPath);
      const config = applyWorkspaceEdit(readFileSync(configPath, 'utf8'), ignore.edit, configUri);
      expect(config).toBe(
        `${readFileSync(configPath, 'utf8')}ignore:\n  - rules:\n      - pdb-missing\n    kind: Deployment\n    name: shop-api\n    namespace: default\n    reason: "TODO: why this is accepted"\n`,
      );
      writeFileSync(configPath, config);
      lsp.watchedFiles([{ path: configPath, type: 2 }]);
      await lsp.diagnosticsOf(uri, (d) => d.length === 0, 'ignored through the config');
    });

    it('"Ignore in .kubeready.yaml" creates the config when there is none', async () => {
      const root = project({ 'deploy.yaml': deployment('shop-api') });
      const lsp = await start(root);
      const uri = lsp.open(join(root, 'deploy.yaml'));
      const diagnostics = await lsp.diagnosticsOf(uri, (d) => codes(d).includes('pdb-missing'));
      const target = diagnostics.find((d) => d.code === 'pdb-missing')!;
      const actions = await lsp.codeActions(uri, target.range, [target]);
      const ignore = actions.find((a) => a.title.startsWith('Ignore pdb-missing'))!;
      expect(ignore.edit!.documentChanges![0]).toEqual({ kind: 'create', uri: lsp.uri(join(root, '.kubeready.yaml')), options: { ignoreIfExists: true } });
      expect(applyWorkspaceEdit('', ignore.edit, lsp.uri(join(root, '.kubeready.yaml')))).toBe(
        'ignore:\n  - rules:\n      - pdb-missing\n    kind: Deployment\n    name: shop-api\n    namespace: default\n    reason: "TODO: why this is accepted"\n',
      );
    });

    it('source.fixAll.kubeready applies every safe fix as minimal edits', async () => {
      const text = deployment('shop-api', '\n          imagePullPolicy: Always');
      const { lsp, uri } = await setup(['image-pull-at-every-start', 'zone-spread-missing'], text);
      const actions = await lsp.codeActions(uri, { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, [], ['source.fixAll.kubeready']);
      expect(actions.map((a) => [a.title, a.kind])).toEqual([['Fix all safe kubeready problems', 'source.fixAll.kubeready']]);
      // The two fixes touch adjacent lines: one edit, starting at the imagePullPolicy line, leaves the rest alone.
      const edits = (actions[0]!.edit!.documentChanges![0] as { edits: { range: { start: { line: number } } }[] }).edits;
      expect(edits).toHaveLength(1);
      expect(edits[0]!.range.start.line).toBe(17);
      const fixed = applyWorkspaceEdit(text, actions[0]!.edit, uri);
      expect(fixed).toContain('imagePullPolicy: IfNotPresent');
      expect(fixed).toContain('topologyKey: topology.kubernetes.io/zone');
      lsp.change(uri, [{ text: fixed }]);
      await lsp.diagnosticsOf(uri, (d) => d.length === 0);
    });
  });

  it('shows a bad config in the config file at the bad key, tells once, and keeps linting', async () => {
    const root = project({ '.kubeready.yaml': 'rules:\n  pdb-missing: loud\n', 'deploy.yaml': deployment('shop-api') });
    const lsp = await start(root);
    const config = await lsp.diagnosticsOf(lsp.uri(join(root, '.kubeready.yaml')), (d) => d.length > 0);
    expect(config).toEqual([
      expect.objectContaining({
        range: { start: { line: 1, character: 15 }, end: { line: 1, character: 19 } },
        severity: 1,
        source: 'kubeready',
        message: 'Invalid kubeready config at "rules.pdb-missing": must be a severity (error, warning, info, off) or { severity, options }. The last valid config stays in use until this is fixed.',
      }),
    ]);
    expect(lsp.messages.filter((m) => m.message.includes('is invalid'))).toEqual([expect.objectContaining({ type: 1 })]);
    expect(lsp.messageRequests).toEqual([]);
    await lsp.diagnosticsOf(lsp.uri(join(root, 'deploy.yaml')), (d) => codes(d).includes('pdb-missing'), 'linting goes on with the defaults');
    writeFileSync(join(root, '.kubeready.yaml'), only(['pdb-missing']));
    lsp.watchedFiles([{ path: join(root, '.kubeready.yaml'), type: 2 }]);
    await lsp.diagnosticsOf(lsp.uri(join(root, '.kubeready.yaml')), (d) => d.length === 0, 'the config diagnostic cleared');
  });

  it('gives an unrendered Helm template one info diagnostic, and non-Kubernetes YAML none', async () => {
    const root = project({
      'templates/deploy.yaml': 'apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: {{ include "x" . }}\n{{- if .Values.a }}\nspec: {}\n{{- end }}\n',
      '.github/workflows/ci.yaml': 'on: [push]\njobs:\n  build: [\n',
      'values.yaml': 'replicaCount: 1\nimage: {repository: nginx}\n',
    });
    const lsp = await start(root);
    const helm = lsp.open(join(root, 'templates/deploy.yaml'));
    const diagnostics = await lsp.diagnosticsOf(helm, (d) => d.length > 0);
    expect(diagnostics.map((d) => [d.code, d.severity, d.range.start.line])).toEqual([['helm-template-unrendered', 3, 3]]);
    const ci = lsp.open(join(root, '.github/workflows/ci.yaml'));
    const values = lsp.open(join(root, 'values.yaml'));
    await lsp.diagnosticsOf(ci, (d) => d.length === 0);
    await lsp.diagnosticsOf(values, (d) => d.length === 0);
  });

  it('serves pull diagnostics when the client offers them, and asks to pull again when a dependency changes', async () => {
    const root = project({ '.kubeready.yaml': only(['pdb-missing']), 'deploy.yaml': deployment('shop-api'), 'pdb.yaml': pdb('shop-api') });
    const lsp = await start(root, { capabilities: { textDocument: { diagnostic: { dynamicRegistration: false } } } });
    const uri = lsp.open(join(root, 'deploy.yaml'));
    const report = await lsp.connection.sendRequest<{ kind: string; resultId: string; items: Diagnostic[] }>('textDocument/diagnostic', { textDocument: { uri } });
    expect(report).toMatchObject({ kind: 'full', items: [] });
    const unchanged = await lsp.connection.sendRequest('textDocument/diagnostic', { textDocument: { uri }, previousResultId: report.resultId });
    expect(unchanged).toEqual({ kind: 'unchanged', resultId: report.resultId });
    const refreshes = lsp.refreshes;
    rmSync(join(root, 'pdb.yaml'));
    lsp.watchedFiles([{ path: join(root, 'pdb.yaml'), type: 3 }]);
    await lsp.until(() => lsp.refreshes > refreshes, 'workspace/diagnostic/refresh');
    const after = await lsp.connection.sendRequest<{ kind: string; items: Diagnostic[] }>('textDocument/diagnostic', { textDocument: { uri }, previousResultId: report.resultId });
    expect(after.items.map((d) => d.code)).toEqual(['pdb-missing']);
    const workspace = await lsp.connection.sendRequest<{ items: { uri: string; kind: string }[] }>('workspace/diagnostic', { previousResultIds: [] });
    expect(workspace.items.map((i) => i.uri)).toContain(uri);
    expect(lsp.diagnostics.size).toBe(0);
  });

  it("asks to pull again when a workspace pull finds an open document's diagnostics changed", async () => {
    const root = project({ '.kubeready.yaml': only(['pdb-missing']), 'deploy.yaml': deployment('shop-api') });
    const lsp = await start(root, { capabilities: { textDocument: { diagnostic: { dynamicRegistration: false } } } });
    const opened = lsp.refreshes;
    const uri = lsp.open(join(root, 'deploy.yaml'));
    await lsp.until(() => lsp.refreshes > opened, 'the refresh that answers the open');
    const report = await lsp.connection.sendRequest<{ items: Diagnostic[] }>('textDocument/diagnostic', { textDocument: { uri } });
    expect(codes(report.items)).toEqual(['pdb-missing']);
    const refreshes = lsp.refreshes;
    lsp.settings = { rules: { 'pdb-missing': 'off' } };
    lsp.connection.sendNotification('workspace/didChangeConfiguration', { settings: {} });
    // Clients poll the workspace; such a poll may be the first to see the new settings. Editors ignore workspace
    // reports for open documents, so the server must ask them to pull the document again.
    const pulledClean = async () => {
      const workspace = await lsp.connection.sendRequest<{ items: { uri: string; items?: Diagnostic[] }[] }>('workspace/diagnostic', { previousResultIds: [] });
      return workspace.items.find((item) => item.uri === uri)?.items?.length === 0;
    };
    while (!(await pulledClean())) await new Promise((resolve) => setTimeout(resolve, 5));
    await lsp.until(() => lsp.refreshes > refreshes, 'workspace/diagnostic/refresh after the workspace pull');
    const after = await lsp.connection.sendRequest<{ items: Diagnostic[] }>('textDocument/diagnostic', { textDocument: { uri } });
    expect(after.items).toEqual([]);
  });

  it('holds a document opened during indexing until the other files are read, so no cross-file guess shows', async () => {
    const files: Record<string, string> = { '.kubeready.yaml': only(['pdb-missing']), 'deploy.yaml': deployment('shop-api'), 'zz/pdb.yaml': pdb('shop-api') };
    for (let n = 0; n < 400; n++) files[`many/app-${n}.yaml`] = `${deployment(`app-${n}`)}---\n${pdb(`app-${n}`)}`;
    const root = project(files);
    const lsp = await LspClient.start({ root });
    client = lsp;
    const uri = lsp.open(join(root, 'deploy.yaml'));
    await lsp.until(() => lsp.statuses.some((s) => (s as { state: string }).state === 'idle'), 'indexing to finish');
    await lsp.diagnosticsOf(uri, () => true, 'diagnostics after indexing');
    expect(lsp.statuses.some((s) => (s as { state: string }).state === 'indexing')).toBe(true);
    expect(lsp.published.get(uri)).toEqual([[]]);
  });

  it('applies settings changes without a restart, and lints on save only when asked', async () => {
    const root = project({ '.kubeready.yaml': only(['pdb-missing', 'image-tag-mutable']), 'deploy.yaml': deployment('shop-api') });
    const lsp = await start(root);
    const uri = lsp.open(join(root, 'deploy.yaml'));
    await lsp.diagnosticsOf(uri, (d) => codes(d).join() === 'pdb-missing');
    lsp.settings = { rules: { 'pdb-missing': 'off' } };
    lsp.connection.sendNotification('workspace/didChangeConfiguration', { settings: {} });
    await lsp.diagnosticsOf(uri, (d) => d.length === 0, 'pdb-missing turned off by a setting');
    lsp.settings = { run: 'onSave' };
    lsp.connection.sendNotification('workspace/didChangeConfiguration', { settings: {} });
    await lsp.diagnosticsOf(uri, (d) => codes(d).join() === 'pdb-missing');
    lsp.change(uri, [{ range: { start: { line: 16, character: 26 }, end: { line: 16, character: 31 } }, text: 'latest' }]);
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(codes(lsp.diagnostics.get(uri)!)).toEqual(['pdb-missing']);
    lsp.save(uri);
    await lsp.diagnosticsOf(uri, (d) => codes(d).includes('image-tag-mutable'), 'linted on save');
  });

  it('marks unused suppressions as unnecessary', async () => {
    const text = `# kubeready-disable-next-line image-tag-mutable -- nothing to silence here\n${deployment('shop-api')}`;
    const root = project({ '.kubeready.yaml': only(['pdb-missing', 'image-tag-mutable']), 'deploy.yaml': text });
    const lsp = await start(root);
    const uri = lsp.open(join(root, 'deploy.yaml'));
    const diagnostics = await lsp.diagnosticsOf(uri, (d) => codes(d).includes('unused-suppression'));
    expect(diagnostics.find((d) => d.code === 'unused-suppression')).toMatchObject({ tags: [1], severity: 3, range: { start: { line: 0, character: 0 } } });
  });

  it('points related information at the other resource involved', async () => {
    const root = project({
      '.kubeready.yaml': only(['pdb-blocks-eviction']),
      'deploy.yaml': deployment('shop-api'),
      'pdb.yaml': pdb('shop-api').replace('maxUnavailable: 1', 'minAvailable: 3'),
    });
    const lsp = await start(root);
    const uri = lsp.open(join(root, 'pdb.yaml'));
    const [diagnostic] = await lsp.diagnosticsOf(uri, (d) => d.length > 0);
    expect(diagnostic!.code).toBe('pdb-blocks-eviction');
    expect(diagnostic!.relatedInformation?.[0]?.location.uri).toBe(lsp.uri(join(root, 'deploy.yaml')));
  });
});
