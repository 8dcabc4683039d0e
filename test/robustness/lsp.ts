/**
 * A misbehaving client for the language server: test/support/lsp-client.ts's LspClient (a real client over
 * stdio to the built server), plus raw writes to the server's stdin, the version of every published
 * diagnostic, the server's log, and its resident memory.
 */
import { readFileSync } from 'node:fs';
import type { Diagnostic } from 'vscode-languageserver-protocol';
import { LspClient, type StartOptions } from '../support/lsp-client';

export interface Published {
  uri: string;
  version: number | undefined;
  diagnostics: Diagnostic[];
}

export class RobustClient {
  /** Every publishDiagnostics, in order. */
  readonly published: Published[] = [];
  /** The latest publishDiagnostics per document. */
  readonly latest = new Map<string, Published>();
  /** `window/logMessage`: a bug caught by the server's guard is logged as "kubeready: <what> failed: <stack>". */
  readonly logs: { type: number; message: string }[] = [];

  private constructor(readonly lsp: LspClient) {}

  /**
   * `heapMb` caps the server's old-generation heap (`--max-old-space-size`): a leak then ends the process,
   * which a test sees, instead of only growing a number that noise blurs.
   */
  static async start(options: StartOptions & { heapMb?: number } = {}): Promise<RobustClient> {
    const saved = process.env.NODE_OPTIONS;
    // LspClient spawns the server synchronously, at the start of `start`: the environment is restored right after.
    if (options.heapMb) process.env.NODE_OPTIONS = `${saved ?? ''} --max-old-space-size=${options.heapMb}`.trim();
    const starting = LspClient.start(options);
    if (options.heapMb) {
      if (saved === undefined) delete process.env.NODE_OPTIONS;
      else process.env.NODE_OPTIONS = saved;
    }
    const lsp = await starting;
    const client = new RobustClient(lsp);
    // Replaces LspClient's own handler (one handler per method): keep its map and wake its waiters too.
    lsp.connection.onNotification('textDocument/publishDiagnostics', (params: { uri: string; version?: number; diagnostics: Diagnostic[] }) => {
      const entry = { uri: params.uri, version: params.version, diagnostics: params.diagnostics };
      client.published.push(entry);
      client.latest.set(params.uri, entry);
      lsp.diagnostics.set(params.uri, params.diagnostics);
      (lsp as unknown as { wake(): void }).wake();
    });
    lsp.connection.onNotification('window/logMessage', (params: { type: number; message: string }) => {
      client.logs.push(params);
    });
    return client;
  }

  get pid(): number {
    return this.lsp.process.pid!;
  }

  get connection() {
    return this.lsp.connection;
  }

  /**
   * Exceptions the server's guard caught and logged ("kubeready: <what> failed: <stack>"). For a request a
   * correct client may send, each one is a bug; for parameters that break the protocol it is the guard
   * doing its job.
   */
  guarded(): string[] {
    return this.logs.filter((log) => /^kubeready: .* failed: /.test(log.message)).map((log) => log.message.split('\n').slice(0, 3).join(' | '));
  }

  /** What the server printed on stderr: an uncaught exception ends up there, just before the process dies. */
  get stderr(): string {
    return this.lsp.stderr;
  }

  async idle(timeout = 60_000): Promise<void> {
    await this.until(() => this.lsp.statuses.some((s) => (s as { state: string }).state === 'idle'), 'indexing to finish', timeout);
  }

  /** LspClient.until, but a server that died fails the wait at once, with its stderr, instead of at the timeout. */
  until<T>(test: () => T | undefined | false, what: string, timeout = 15_000): Promise<T> {
    return this.lsp.until(() => {
      if (!this.alive()) throw new Error(`the server exited (code ${this.lsp.process.exitCode}, signal ${this.lsp.process.signalCode}) while waiting for ${what}; stderr:\n${this.stderr.slice(-2000)}`);
      return test();
    }, what, timeout);
  }

  /** Waits for the diagnostics of a document's given version (or any, when undefined). */
  diagnosticsFor(uri: string, version: number | undefined, timeout = 30_000): Promise<Published> {
    return this.until(() => {
      const latest = this.latest.get(uri);
      return latest && (version === undefined || latest.version === version) ? latest : undefined;
    }, `diagnostics of ${uri} version ${version}`, timeout);
  }

  /** Writes bytes to the server's stdin as they are: framing and content are the caller's business. */
  raw(bytes: string | Buffer): void {
    this.lsp.process.stdin!.write(bytes);
  }

  /** A well-framed message with any body. */
  frame(body: string | Buffer, extraHeaders = ''): void {
    const content = Buffer.isBuffer(body) ? body : Buffer.from(body, 'utf8');
    this.raw(Buffer.concat([Buffer.from(`Content-Length: ${content.length}\r\n${extraHeaders}\r\n`, 'ascii'), content]));
  }

  /** The server answers a request: the proof that it is alive and its message loop is not stuck. */
  async answers(timeout = 10_000): Promise<boolean> {
    const reply = this.connection.sendRequest('workspace/executeCommand', { command: 'kubeready.server.showDocumentation', arguments: ['pdb-missing'] });
    const timer = new Promise((resolve) => setTimeout(() => resolve('timeout'), timeout));
    return (await Promise.race([reply.catch(() => 'error'), timer])) !== 'timeout';
  }

  alive(): boolean {
    return this.lsp.process.exitCode === null && this.lsp.process.signalCode === null;
  }

  /** The server process's resident memory, in kB, from /proc. */
  rssKb(): number {
    const status = readFileSync(`/proc/${this.pid}/status`, 'utf8');
    return Number(/^VmRSS:\s+(\d+)\s+kB/m.exec(status)![1]);
  }

  async stop(): Promise<void> {
    await this.lsp.stop();
  }
}
