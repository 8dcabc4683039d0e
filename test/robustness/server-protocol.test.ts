/**
 * A server that survives its client, through the protocol (the built server as a process): malformed JSON-RPC,
 * unknown methods, bad parameters, requests about documents that were never opened, odd URIs. After each
 * abuse the server must still be alive, answer requests and publish diagnostics, and print nothing on stderr
 * (where an uncaught exception goes just before the process dies). Requests a correct client may send must
 * not even make the server's guard catch an exception.
 */
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { project } from '../support/cli';
import { RobustClient } from './lsp';
import { deployment, only } from './support';

let client: RobustClient | undefined;
afterEach(async () => {
  await client?.stop();
  client = undefined;
});

async function start(files: Record<string, string>, capabilities = {}): Promise<{ client: RobustClient; root: string }> {
  const root = project({ '.kubeready.yaml': only(['pdb-missing']), ...files });
  client = await RobustClient.start({ root, capabilities });
  await client.idle();
  return { client, root };
}

/** The server still lints: a new document gets its pdb-missing diagnostic. */
async function stillLints(c: RobustClient, root: string, name: string): Promise<void> {
  const uri = c.lsp.open(join(root, `${name}.yaml`), deployment(name));
  const published = await c.diagnosticsFor(uri, 1);
  expect(published.diagnostics.map((d) => d.code)).toEqual(['pdb-missing']);
}

describe('malformed JSON-RPC', () => {
  it('survives bodies that are not JSON, not objects, or not JSON-RPC, and keeps answering', async () => {
    const { client: c, root } = await start({});
    const bodies = [
      '{"jsonrpc":"2.0","id":1,',
      '{]',
      'null',
      '42',
      '"a string"',
      '[]',
      '[{"jsonrpc":"2.0","id":2,"method":"shutdown"}]',
      '{}',
      '{"jsonrpc":"1.0","id":3,"method":"textDocument/codeAction"}',
      '{"jsonrpc":"2.0","id":{"nested":true},"method":"textDocument/codeAction","params":{}}',
      '{"jsonrpc":"2.0","id":null,"method":"workspace/executeCommand","params":{"command":"kubeready.server.lintWorkspace"}}',
      '{"jsonrpc":"2.0","method":42}',
      '{"jsonrpc":"2.0","id":4,"result":"a response to nothing"}',
      '{"jsonrpc":"2.0","id":5,"error":{"code":-1,"message":"an error for nothing"}}',
      `{"jsonrpc":"2.0","method":"textDocument/didOpen","params":{"textDocument":{"uri":"file:///x.yaml","languageId":"yaml","version":1,"text":${JSON.stringify('x'.repeat(1_000_000))}}}}`,
      '\uFEFF{"jsonrpc":"2.0","method":"$/bom"}',
    ];
    for (const body of bodies) c.frame(body);
    c.frame('{"jsonrpc":"2.0","method":"$/withType"}', 'Content-Type: application/vscode-jsonrpc; charset=utf-8\r\n');
    // One message split into single bytes, as a slow pipe delivers it.
    const split = Buffer.from(`Content-Length: 40\r\n\r\n{"jsonrpc":"2.0","method":"$/trickling"}`);
    for (const byte of split) c.raw(Buffer.from([byte]));
    expect(await c.answers()).toBe(true);
    expect(c.alive()).toBe(true);
    await stillLints(c, root, 'after-garbage');
    expect(c.stderr).toBe('');
  });

  it('answers unknown requests with MethodNotFound, ignores unknown notifications', async () => {
    const { client: c, root } = await start({});
    await expect(c.connection.sendRequest('kubeready/noSuchMethod', {})).rejects.toMatchObject({ code: -32601 });
    await expect(c.connection.sendRequest('textDocument/hover', { textDocument: { uri: 'file:///x.yaml' }, position: { line: 0, character: 0 } })).rejects.toMatchObject({ code: -32601 });
    c.connection.sendNotification('kubeready/noSuchNotification', { a: 1 });
    c.connection.sendNotification('$/setTrace', { value: 'verbose' });
    c.connection.sendNotification('$/logTrace', {});
    expect(await c.answers()).toBe(true);
    await stillLints(c, root, 'after-unknown');
    expect(c.guarded()).toEqual([]);
    expect(c.stderr).toBe('');
  });

  it('survives known methods with missing or mistyped parameters', async () => {
    const { client: c, root } = await start({});
    const requests: [string, unknown][] = [
      ['textDocument/codeAction', null],
      ['textDocument/codeAction', {}],
      ['textDocument/codeAction', { textDocument: 5, range: 'all', context: [] }],
      ['textDocument/codeAction', { textDocument: { uri: 'file:///nope.yaml' }, range: { start: { line: -1, character: -1 }, end: { line: 1e9, character: 1e9 } }, context: { diagnostics: [{ bogus: true }] } }],
      ['textDocument/codeAction', { textDocument: { uri: 'file:///nope.yaml' }, range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, context: { diagnostics: [], only: 42 } }],
      ['workspace/executeCommand', {}],
      ['workspace/executeCommand', { command: 'kubeready.server.noSuchCommand' }],
      ['workspace/executeCommand', { command: 'kubeready.server.showDocumentation', arguments: [{ not: 'an id' }, 1, null] }],
      ['workspace/executeCommand', { command: 'kubeready.server.showDocumentation' }],
      ['shutdown-not', null],
    ];
    const answers = await Promise.allSettled(requests.map(([method, params]) => c.connection.sendRequest(method, params)));
    expect(answers).toHaveLength(requests.length);
    const notifications: [string, unknown][] = [
      ['textDocument/didOpen', {}],
      ['textDocument/didOpen', { textDocument: { uri: 'file:///no-text.yaml', version: 1 } }],
      ['textDocument/didOpen', { textDocument: { uri: 42, text: 7, version: 'one' } }],
      ['textDocument/didChange', { textDocument: { uri: 'file:///never-opened.yaml', version: 2 }, contentChanges: [{ text: 'a: 1' }] }],
      ['textDocument/didChange', {}],
      ['textDocument/didClose', { textDocument: { uri: 'file:///never-opened.yaml' } }],
      ['textDocument/didClose', {}],
      ['textDocument/didSave', { textDocument: { uri: 'file:///never-opened.yaml' } }],
      ['workspace/didChangeWatchedFiles', { changes: [{ uri: 'file:///gone.yaml', type: 3 }, { uri: 'not a uri', type: 1 }, { type: 2 }] }],
      ['workspace/didChangeWatchedFiles', {}],
      ['workspace/didChangeConfiguration', { settings: { kubeready: { rules: 'not a map', run: 42, enable: 'yes' } } }],
      ['workspace/didChangeConfiguration', null],
      ['workspace/didChangeWorkspaceFolders', { event: { added: [], removed: [{ uri: 'file:///never/added', name: 'y' }] } }],
      ['workspace/didChangeWorkspaceFolders', {}],
      ['$/cancelRequest', { id: 'never-sent' }],
      ['$/cancelRequest', {}],
    ];
    for (const [method, params] of notifications) c.connection.sendNotification(method, params);
    expect(await c.answers()).toBe(true);
    expect(c.alive()).toBe(true);
    await stillLints(c, root, 'after-bad-params');
    expect(c.stderr).toBe('');
  });

  it('survives a didOpen without text followed by a workspace folder being added, and lints the folder', async () => {
    const { client: c, root } = await start({});
    const other = project({ 'deploy.yaml': deployment('other') });
    c.connection.sendNotification('textDocument/didOpen', { textDocument: { uri: `file://${join(root, 'no-text.yaml')}`, languageId: 'yaml', version: 1 } });
    c.connection.sendNotification('workspace/didChangeWorkspaceFolders', { event: { added: [{ uri: `file://${other}`, name: 'other' }], removed: [] } });
    expect(await c.answers(5_000)).toBe(true);
    const added = await c.diagnosticsFor(c.lsp.uri(join(other, 'deploy.yaml')), undefined);
    expect(added.diagnostics.map((d) => d.code)).toContain('pdb-missing');
    expect(c.alive()).toBe(true);
    expect(c.guarded()).toEqual([]);
    expect(c.stderr).toBe('');
  });

  it('exits cleanly on shutdown and exit, even after abuse', async () => {
    const { client: c } = await start({});
    c.frame('{"jsonrpc":"2.0","id":1,');
    await c.connection.sendRequest('shutdown');
    // A request after shutdown is a client bug: it gets an answer (the spec prefers InvalidRequest), not a crash.
    await Promise.allSettled([c.connection.sendRequest('textDocument/codeAction', {})]);
    const exited = new Promise<number | null>((resolve) => c.lsp.process.once('exit', (code) => resolve(code)));
    c.connection.sendNotification('exit');
    expect(await exited).toBe(0);
    client = undefined;
  });
});

describe('requests about documents that were never opened', () => {
  const range = { start: { line: 0, character: 0 }, end: { line: 100, character: 0 } };
  const uris = (root: string) => [
    `file://${join(root, 'deploy.yaml')}`,
    `file://${join(root, 'missing.yaml')}`,
    'file:///dev/zero',
    'file:///proc/self/mem',
    'untitled:Untitled-1',
    'https://example.com/deploy.yaml',
    'vscode-notebook-cell:/x.ipynb#cell1',
    'file:///%E0%A4%A',
    'not a uri at all',
    '',
  ];

  it('answers code actions and fix-all for each, without reading devices', async () => {
    const { client: c, root } = await start({ 'deploy.yaml': deployment('shop-api') });
    for (const uri of uris(root)) {
      const actions = await Promise.race([c.lsp.codeActions(uri, range, []).catch((error: Error) => error), new Promise((resolve) => setTimeout(() => resolve('timeout'), 10_000))]);
      expect(actions, uri).not.toBe('timeout');
      const fixAll = await Promise.race([c.lsp.codeActions(uri, range, [], ['source.fixAll.kubeready']).catch((error: Error) => error), new Promise((resolve) => setTimeout(() => resolve('timeout'), 10_000))]);
      expect(fixAll, uri).not.toBe('timeout');
    }
    expect(await c.answers()).toBe(true);
    await stillLints(c, root, 'after-unopened');
    expect(c.guarded()).toEqual([]);
    expect(c.stderr).toBe('');
  });

  it('answers pull diagnostics (document and workspace) for each', async () => {
    const root = project({ '.kubeready.yaml': only(['pdb-missing']), 'deploy.yaml': deployment('shop-api') });
    client = await RobustClient.start({ root, capabilities: { textDocument: { diagnostic: { dynamicRegistration: false } } } });
    await client.idle();
    const c = client;
    for (const uri of uris(root)) {
      const report = await Promise.race([
        c.connection.sendRequest('textDocument/diagnostic', { textDocument: { uri } }).catch((error: Error) => error),
        new Promise((resolve) => setTimeout(() => resolve('timeout'), 10_000)),
      ]);
      expect(report, uri).not.toBe('timeout');
    }
    const onDisk = (await c.connection.sendRequest('textDocument/diagnostic', { textDocument: { uri: `file://${join(root, 'deploy.yaml')}` } })) as { items: { code: string }[] };
    expect(onDisk.items.map((d) => d.code)).toEqual(['pdb-missing']);
    const workspace = (await c.connection.sendRequest('workspace/diagnostic', { previousResultIds: [{ uri: 'file:///never', value: 'x' }] })) as { items: unknown[] };
    expect(Array.isArray(workspace.items)).toBe(true);
    expect(c.guarded()).toEqual([]);
    expect(c.stderr).toBe('');
  });
});
