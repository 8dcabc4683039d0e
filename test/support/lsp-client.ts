import { type ChildProcess, spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  type ClientCapabilities,
  type CodeAction,
  createProtocolConnection,
  type Diagnostic,
  type ProtocolConnection,
  StreamMessageReader,
  StreamMessageWriter,
  type TextDocumentContentChangeEvent,
  type WorkspaceEdit,
} from 'vscode-languageserver-protocol/node';
import { URI } from 'vscode-uri';

export const SERVER = join(__dirname, '..', '..', 'dist', 'server.js');

export interface StartOptions {
  root?: string;
  /** Extra client capabilities; pull diagnostics are off unless given here. */
  capabilities?: ClientCapabilities;
  /** What the client answers to `workspace/configuration` for `kubeready`. */
  settings?: Record<string, unknown>;
}

/**
 * A real LSP client in the test process, talking JSON-RPC over stdio to the built server running as a child
 * process: the server's handlers are never called directly.
 */
export class LspClient {
  readonly diagnostics = new Map<string, Diagnostic[]>();
  /** Every diagnostics notification per document, in order: what the editor showed at some point. */
  readonly published = new Map<string, Diagnostic[][]>();
  readonly messages: { type: number; message: string }[] = [];
  /** `window/showMessageRequest`s: prompts that block some editors, so the server should not send them. */
  readonly messageRequests: { type: number; message: string }[] = [];
  readonly progress: unknown[] = [];
  readonly statuses: unknown[] = [];
  readonly shownDocuments: string[] = [];
  refreshes = 0;
  private readonly waiters: (() => void)[] = [];
  private versions = new Map<string, number>();
  stderr = '';

  private constructor(
    readonly process: ChildProcess,
    readonly connection: ProtocolConnection,
    public settings: Record<string, unknown>,
  ) {}

  static async start(options: StartOptions = {}): Promise<LspClient> {
    const child = spawn(process.execPath, [SERVER, '--stdio'], { stdio: ['pipe', 'pipe', 'pipe'] });
    // Writes after the server exited are expected at the end of a test; they must not fail it.
    child.stdin!.on('error', () => undefined);
    const connection = createProtocolConnection(new StreamMessageReader(child.stdout!), new StreamMessageWriter(child.stdin!));
    const client = new LspClient(child, connection, options.settings ?? {});
    child.stderr!.on('data', (chunk) => (client.stderr += String(chunk)));
    connection.onNotification('textDocument/publishDiagnostics', (params: { uri: string; diagnostics: Diagnostic[] }) => {
      client.diagnostics.set(params.uri, params.diagnostics);
      client.published.set(params.uri, [...(client.published.get(params.uri) ?? []), params.diagnostics]);
      client.wake();
    });
    connection.onNotification('window/showMessage', (params: { type: number; message: string }) => {
      client.messages.push(params);
      client.wake();
    });
    connection.onNotification('$/progress', (params: unknown) => {
      client.progress.push(params);
    });
    connection.onNotification('kubeready/status', (params: unknown) => {
      client.statuses.push(params);
      client.wake();
    });
    connection.onRequest('workspace/configuration', (params: { items: { section?: string }[] }) =>
      params.items.map((item) => (item.section === 'kubeready' ? client.settings : null)),
    );
    connection.onRequest('window/showMessageRequest', (params: { type: number; message: string }) => {
      client.messageRequests.push(params);
      client.wake();
      return null;
    });
    connection.onRequest('client/registerCapability', () => null);
    connection.onRequest('window/workDoneProgress/create', () => null);
    connection.onRequest('window/showDocument', (params: { uri: string }) => {
      client.shownDocuments.push(params.uri);
      return { success: true };
    });
    connection.onRequest('workspace/diagnostic/refresh', () => {
      client.refreshes++;
      client.wake();
      return null;
    });
    connection.onError(() => undefined);
    connection.listen();
    const root = options.root;
    await connection.sendRequest('initialize', {
      processId: process.pid,
      rootUri: root ? URI.file(root).toString() : null,
      workspaceFolders: root ? [{ uri: URI.file(root).toString(), name: 'test' }] : null,
      capabilities: {
        workspace: { configuration: true, didChangeWatchedFiles: { dynamicRegistration: true }, workspaceFolders: true },
        window: { workDoneProgress: true, showDocument: { support: true } },
        textDocument: { publishDiagnostics: { relatedInformation: true, tagSupport: { valueSet: [1, 2] } }, codeAction: { codeActionLiteralSupport: { codeActionKind: { valueSet: ['quickfix', 'source.fixAll'] } } } },
        ...options.capabilities,
      },
    });
    connection.sendNotification('initialized', {});
    return client;
  }

  uri(path: string): string {
    return URI.file(path).toString();
  }

  open(path: string, text = readFileSync(path, 'utf8')): string {
    const uri = this.uri(path);
    this.versions.set(uri, 1);
    this.connection.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId: 'yaml', version: 1, text } });
    return uri;
  }

  change(uri: string, changes: TextDocumentContentChangeEvent[]): number {
    const version = (this.versions.get(uri) ?? 1) + 1;
    this.versions.set(uri, version);
    this.connection.sendNotification('textDocument/didChange', { textDocument: { uri, version }, contentChanges: changes });
    return version;
  }

  save(uri: string): void {
    this.connection.sendNotification('textDocument/didSave', { textDocument: { uri } });
  }

  close(uri: string): void {
    this.connection.sendNotification('textDocument/didClose', { textDocument: { uri } });
  }

  watchedFiles(changes: { path: string; type: 1 | 2 | 3 }[]): void {
    this.connection.sendNotification('workspace/didChangeWatchedFiles', { changes: changes.map((c) => ({ uri: this.uri(c.path), type: c.type })) });
  }

  codeActions(uri: string, range: Diagnostic['range'], diagnostics: Diagnostic[] = [], only?: string[]): Promise<CodeAction[]> {
    return this.connection.sendRequest('textDocument/codeAction', { textDocument: { uri }, range, context: { diagnostics, ...(only ? { only } : {}) } });
  }

  /** Waits until `test` returns something truthy after a notification arrives (or already does). */
  async until<T>(test: () => T | undefined | false, what: string, timeout = 15_000): Promise<T> {
    const deadline = Date.now() + timeout;
    for (;;) {
      const value = test();
      if (value) return value;
      const left = deadline - Date.now();
      if (left <= 0) throw new Error(`timed out waiting for ${what}; server stderr:\n${this.stderr}`);
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, Math.min(left, 200));
        this.waiters.push(() => {
          clearTimeout(timer);
          resolve();
        });
      });
    }
  }

  /** The diagnostics of a document once `test` accepts them. */
  diagnosticsOf(uri: string, test: (diagnostics: Diagnostic[]) => boolean, what = `diagnostics of ${uri}`): Promise<Diagnostic[]> {
    return this.until(() => {
      const current = this.diagnostics.get(uri);
      return current && test(current) ? current : undefined;
    }, what);
  }

  async stop(): Promise<void> {
    const exited = new Promise((resolve) => this.process.once('exit', resolve));
    try {
      await Promise.race([this.connection.sendRequest('shutdown'), new Promise((resolve) => setTimeout(resolve, 2000))]);
      await this.connection.sendNotification('exit');
    } catch {
      // The server may already be gone.
    }
    await Promise.race([exited, new Promise((resolve) => setTimeout(resolve, 2000))]);
    this.connection.dispose();
    this.process.kill();
  }

  private wake(): void {
    for (const waiter of this.waiters.splice(0)) waiter();
  }
}

/** Applies a workspace edit's text edits to a text, as a client would (edits sorted last first). */
export function applyWorkspaceEdit(text: string, edit: WorkspaceEdit | undefined, uri: string): string {
  const lines = text.split('\n');
  const offset = (position: { line: number; character: number }) =>
    lines.slice(0, position.line).reduce((sum, line) => sum + line.length + 1, 0) + position.character;
  const edits = (edit?.documentChanges ?? [])
    .flatMap((change) => ('textDocument' in change && change.textDocument.uri === uri ? change.edits : []))
    .map((e) => ('newText' in e ? { start: offset(e.range.start), end: offset(e.range.end), newText: e.newText } : undefined))
    .filter((e): e is { start: number; end: number; newText: string } => e !== undefined)
    .sort((a, b) => b.start - a.start);
  let result = text;
  for (const e of edits) result = result.slice(0, e.start) + e.newText + result.slice(e.end);
  return result;
}
