/**
 * A server that survives its client, part two: edits racing with linting and with cancelled requests,
 * didClose in the middle of a lint, a flood of changes, a document over the size cap, a workspace of 10,000
 * files and a workspace folder removed. `npm test` runs them smaller (a workspace of 300 files, for instance);
 * the stress tier (`npm run fuzz`) at the sizes named. Through the protocol,
 * against the built server.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { CancellationTokenSource } from 'vscode-jsonrpc';
import type { CodeAction, TextDocumentEdit } from 'vscode-languageserver-protocol';
import { afterEach, describe, expect, it } from 'vitest';
import { parseAllDocuments } from 'yaml';
import { project } from '../support/cli';
import { RobustClient } from './lsp';
import { deployment, only, STRESS } from './support';

let client: RobustClient | undefined;
afterEach(async () => {
  await client?.stop();
  client = undefined;
});

const fullRange = { start: { line: 0, character: 0 }, end: { line: 10_000, character: 0 } };
const pinned = (name: string, replicas: number) =>
  deployment(name, '\n          imagePullPolicy: Always').replace('replicas: 3', `replicas: ${replicas}`);

/** Applies LSP text edits (line/character, UTF-16) to a text. */
function applyLspEdits(text: string, edits: { range: typeof fullRange; newText: string }[]): string {
  const starts = [0];
  for (let i = text.indexOf('\n'); i !== -1; i = text.indexOf('\n', i + 1)) starts.push(i + 1);
  const offset = (p: { line: number; character: number }) => Math.min(text.length, (starts[p.line] ?? text.length) + p.character);
  let result = text;
  for (const edit of [...edits].sort((a, b) => offset(b.range.start) - offset(a.range.start))) {
    result = result.slice(0, offset(edit.range.start)) + edit.newText + result.slice(offset(edit.range.end));
  }
  return result;
}

const errorsOf = (text: string) => parseAllDocuments(text).flatMap((d) => ('errors' in d ? d.errors.map((e) => e.message) : []));

describe('edits racing with linting and cancellation', () => {
  it('every answer is for a version that existed and applies cleanly to it; the last version gets its diagnostics', async () => {
    const root = project({ '.kubeready.yaml': only(['pdb-missing', 'image-pull-at-every-start', 'workload-single-replica']) });
    client = await RobustClient.start({ root });
    await client.idle();
    const c = client;
    const path = join(root, 'race.yaml');
    const texts = new Map<number, string>([[1, pinned('race', 1)]]);
    const uri = c.lsp.open(path, texts.get(1)!);
    const answers: Promise<{ version: number; result: CodeAction[] | 'cancelled' }>[] = [];
    let version = 1;
    const rounds = STRESS ? 1_000 : 60;
    for (let i = 0; i < rounds; i++) {
      // Alternate whole-text replacements with small incremental edits.
      const text = i % 3 === 0 ? pinned(`race-${i}`, i % 4) : `${texts.get(version)!}# edit ${i}\n`;
      version = i % 3 === 0 ? c.lsp.change(uri, [{ text }]) : c.lsp.change(uri, [{ range: { start: { line: 10_000, character: 0 }, end: { line: 10_000, character: 0 } }, text: `# edit ${i}\n` }]);
      texts.set(version, text);
      const source = new CancellationTokenSource();
      const asked = version;
      answers.push(
        c.connection.sendRequest<CodeAction[]>('textDocument/codeAction', { textDocument: { uri }, range: fullRange, context: { diagnostics: [] } }, source.token).then(
          (result) => ({ version: asked, result }),
          (error: { code?: number }) => {
            expect(error.code, 'only cancellation may fail a request').toBe(-32800);
            return { version: asked, result: 'cancelled' as const };
          },
        ),
      );
      if (i % 2 === 1) source.cancel();
    }
    const settled = await Promise.all(answers);
    expect(settled).toHaveLength(rounds);
    for (const { result } of settled) {
      if (result === 'cancelled') continue;
      for (const action of result) {
        for (const change of (action.edit?.documentChanges ?? []) as TextDocumentEdit[]) {
          if (change.textDocument.uri !== uri) continue;
          const base = texts.get(change.textDocument.version!);
          expect(base, `action "${action.title}" names version ${change.textDocument.version}, which the client never had`).toBeDefined();
          const fixed = applyLspEdits(base!, change.edits as never);
          expect(errorsOf(fixed), `"${action.title}" applied to version ${change.textDocument.version}`).toEqual([]);
        }
      }
    }
    const last = await c.diagnosticsFor(uri, version);
    // The same text opened afresh gives the same diagnostics.
    c.lsp.close(uri);
    await c.lsp.until(() => c.latest.get(uri)?.diagnostics.length === 0 && c.latest.get(uri), 'the closed document to be cleared');
    const reopened = c.lsp.open(path, texts.get(version)!);
    const fresh = await c.diagnosticsFor(reopened, 1);
    expect(last.diagnostics).toEqual(fresh.diagnostics);
    expect(c.guarded()).toEqual([]);
    expect(c.stderr).toBe('');
  }, 120_000);
});

describe('didClose during a lint, and a flood of changes', () => {
  it('a document closed while it is being linted is cleared and stays cleared', async () => {
    const root = project({ '.kubeready.yaml': only(['pdb-missing', 'zone-spread-missing']) });
    client = await RobustClient.start({ root });
    await client.idle();
    const c = client;
    // Big enough that linting it takes a while: hundreds of Deployments in one document stream.
    const big = Array.from({ length: STRESS ? 400 : 80 }, (_, i) => deployment(`big-${i}`)).join('---\n');
    for (let round = 0; round < (STRESS ? 5 : 2); round++) {
      const uri = c.lsp.open(join(root, `closing-${round}.yaml`), big);
      c.lsp.change(uri, [{ text: `${big}---\n${deployment('extra')}` }]);
      c.lsp.close(uri);
      // Changes after close break the protocol; they must be ignored.
      c.connection.sendNotification('textDocument/didChange', { textDocument: { uri, version: 9 }, contentChanges: [{ text: deployment('zombie') }] });
      expect(await c.answers(20_000)).toBe(true);
      await new Promise((resolve) => setTimeout(resolve, 400));
      const latest = c.latest.get(uri);
      expect(latest === undefined || latest.diagnostics.length === 0, `closing-${round}.yaml: diagnostics after close`).toBe(true);
    }
    expect(c.guarded()).toEqual([]);
    expect(c.stderr).toBe('');
  }, 120_000);

  const FLOOD = STRESS ? 5_000 : 800;
  it(`a flood of ${FLOOD} changes over 20 documents, half of them closed midway, ends with the right state`, async () => {
    const root = project({ '.kubeready.yaml': only(['pdb-missing', 'workload-single-replica']) });
    client = await RobustClient.start({ root });
    await client.idle();
    const c = client;
    const uris = Array.from({ length: 20 }, (_, i) => c.lsp.open(join(root, `flood-${i}.yaml`), deployment(`flood-${i}`)));
    const versions = new Map<string, number>();
    const finalText = new Map<string, string>();
    for (let i = 0; i < FLOOD; i++) {
      const uri = uris[i % 20]!;
      if (i === FLOOD / 2) for (const closing of uris.slice(0, 10)) c.lsp.close(closing);
      if (i >= FLOOD / 2 && uris.indexOf(uri) < 10) continue;
      const text = pinned(`flood-${i % 20}`, i % 3);
      versions.set(uri, c.lsp.change(uri, [{ text }]));
      finalText.set(uri, text);
    }
    for (const uri of uris.slice(10)) {
      const published = await c.diagnosticsFor(uri, versions.get(uri), 60_000);
      // replicas: (i % 3) of the last change; 1 gives workload-single-replica, 2 gives pdb-missing.
      const replicas = Number(/replicas: (\d)/.exec(finalText.get(uri)!)![1]);
      expect(published.diagnostics.map((d) => d.code).sort(), `${uri} at replicas ${replicas}`).toEqual(replicas === 2 ? ['pdb-missing'] : replicas === 1 ? ['workload-single-replica'] : []);
    }
    await new Promise((resolve) => setTimeout(resolve, 500));
    for (const uri of uris.slice(0, 10)) expect(c.latest.get(uri)?.diagnostics ?? [], `${uri} was closed`).toEqual([]);
    expect(await c.answers()).toBe(true);
    expect(c.guarded()).toEqual([]);
    expect(c.stderr).toBe('');
  }, 180_000);
});

describe('a document over the size cap (maxFileSize)', () => {
  it('answers a document over maxFileSize with one diagnostic naming the cap, quickly, and lints it again once it is small', async () => {
    // The cap is lowered to 1 MiB so that the test stays fast; the CLI tests cover the 20 MB default with 50 MB.
    const root = project({ '.kubeready.yaml': only(['pdb-missing', 'config-object-too-large'], { maxFileSize: 1024 * 1024 }) });
    client = await RobustClient.start({ root });
    await client.idle();
    const c = client;
    const line = `    ${'y'.repeat(95)}\n`;
    const text = `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: big\ndata:\n  blob: |\n${line.repeat(Math.ceil((2 * 1024 * 1024) / line.length))}`;
    const started = Date.now();
    const uri = c.lsp.open(join(root, 'big.yaml'), text);
    const published = await c.diagnosticsFor(uri, 1, 60_000);
    expect(published.diagnostics.map((d) => d.code)).toEqual(['file-unreadable']);
    expect(published.diagnostics[0]!.message).toBe('Cannot lint this file: file is 2.0 MB, over the 1.0 MB limit (maxFileSize); it was not linted.');
    expect(Date.now() - started).toBeLessThan(10_000);
    // Cut down below the cap, it is linted again; a Deployment typed in gets its findings.
    const version = c.lsp.change(uri, [{ text: deployment('shrunk') }]);
    const after = await c.diagnosticsFor(uri, version);
    expect(after.diagnostics.map((d) => d.code)).toEqual(['pdb-missing']);
    // Over the cap once more, then closed: the diagnostic goes with it.
    c.lsp.change(uri, [{ text }]);
    c.lsp.close(uri);
    await c.lsp.until(() => (c.latest.get(uri)?.diagnostics.length === 0 ? true : undefined), 'the closed document to be cleared');
    expect(c.guarded()).toEqual([]);
    expect(c.stderr).toBe('');
  }, 120_000);
});

const FOLDERS = STRESS ? 100 : 3;
const FILES = FOLDERS * 100;
describe(`a workspace of ${FILES.toLocaleString('en')} files, then the folder removed`, () => {
  it('indexes it while still answering, then clears its diagnostics when the folder goes', async () => {
    const root = project({ '.kubeready.yaml': only(['pdb-missing']) });
    for (let d = 0; d < FOLDERS; d++) {
      mkdirSync(join(root, `team-${d}`));
      for (let f = 0; f < 100; f++) writeFileSync(join(root, `team-${d}`, `app-${f}.yaml`), deployment(`app-${d}-${f}`));
    }
    const started = Date.now();
    client = await RobustClient.start({ root });
    const c = client;
    // While it indexes, an open document's code actions are answered promptly.
    const open = c.lsp.open(join(root, 'team-0', 'app-0.yaml'), deployment('app-0-0'));
    const asked = Date.now();
    await c.lsp.codeActions(open, fullRange, []);
    const answeredIn = Date.now() - asked;
    await c.idle(240_000);
    const indexedIn = Date.now() - started;
    expect(answeredIn, 'a request during indexing waits at most this long').toBeLessThan(15_000);
    await c.lsp.until(() => c.latest.size >= FILES && c.latest, 'diagnostics for every file', 120_000);
    const withPdbMissing = [...c.latest.values()].filter((p) => p.diagnostics.some((d) => d.code === 'pdb-missing')).length;
    expect(withPdbMissing).toBe(FILES);
    console.info(`${FILES} files: indexed and published in ${indexedIn} ms; a request during indexing waited ${answeredIn} ms; RSS ${Math.round(c.rssKb() / 1024)} MB`);

    c.connection.sendNotification('workspace/didChangeWorkspaceFolders', { event: { added: [], removed: [{ uri: c.lsp.uri(root), name: 'test' }] } });
    // Every closed file of the folder is cleared; the open one is linted on its own, outside any folder.
    await c.lsp.until(() => [...c.latest.entries()].filter(([uri, p]) => uri !== open && p.diagnostics.length > 0).length === 0 || undefined, 'the removed folder to be cleared', 120_000);
    await c.lsp.until(() => c.latest.get(open)?.diagnostics.some((d) => d.code === 'pdb-missing') || undefined, 'the open document to be linted on its own', 30_000);
    expect(await c.answers()).toBe(true);
    expect(c.guarded()).toEqual([]);
    expect(c.stderr).toBe('');
  }, 600_000);
});
