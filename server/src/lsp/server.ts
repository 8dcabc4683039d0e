import { existsSync, readFileSync } from 'node:fs';
import { join, sep } from 'node:path';
import {
  CodeActionKind,
  type Connection,
  type Diagnostic,
  DiagnosticSeverity,
  DidChangeConfigurationNotification,
  DidChangeWatchedFilesNotification,
  type DocumentDiagnosticReport,
  DocumentDiagnosticReportKind,
  FileChangeType,
  type InitializeParams,
  type InitializeResult,
  MessageType,
  ShowMessageNotification,
  TextDocumentSyncKind,
  TextDocuments,
  type WorkspaceDocumentDiagnosticReport,
} from 'vscode-languageserver';
import { TextDocument } from 'vscode-languageserver-textdocument';
import type { Rule } from '../engine/rule-api';
import { CONFIG_NAMES } from '../node/project-context';
import { overCapReason } from '../node/read-manifest';
import { type ActionContext, codeActions, FIX_ALL_KIND, SHOW_DOCUMENTATION } from './code-actions';
import { configDiagnostic, Positions, toDiagnostic } from './diagnostics';
import { Project } from './project';
import { type ClientSettings, DEFAULT_SETTINGS, readSettings } from './settings';
import { fileOf, isOnDisk, uriOf } from './uris';

export const LINT_WORKSPACE = 'kubeready.server.lintWorkspace';
/** Progress of workspace indexing, for status bars: `{ state: 'indexing', done, total }` or `{ state: 'idle' }`. */
export const STATUS_NOTIFICATION = 'kubeready/status';

/** Other documents that depend on an edited one are re-linted when typing pauses this long. */
const DEPENDENTS_DELAY_MS = 150;

interface Report {
  resultId: string;
  diagnostics: Diagnostic[];
  json: string;
}

export interface ServerOptions {
  rules: readonly Rule[];
  docsUrl: (id: string) => string;
  today: () => string;
}

/**
 * The language server: a thin adapter that feeds editor text to the engine's projects and turns findings
 * into diagnostics and code actions. One Project per workspace folder; files outside every folder share a
 * project of their own.
 */
export class KubereadyServer {
  private readonly documents = new TextDocuments(TextDocument);
  private projects: Project[] = [];
  private loose: Project;
  private settings: ClientSettings = DEFAULT_SETTINGS;
  private pull = false;
  private canReportProgress = false;
  private canShowDocument = false;
  private canFetchConfiguration = false;
  private canWatchFiles = false;
  private canRegisterConfiguration = false;
  private hasWorkspaceFolders = false;
  private roots: string[] = [];
  private readonly reports = new Map<string, Report>();
  /** Open documents over the size cap (maxFileSize): not linted, one diagnostic says why. */
  private readonly oversized = new Map<string, string>();
  /** Edited documents waiting for the next turn of the event loop: edits that arrived together are linted once. */
  private readonly urgent = new Set<string>();
  private urgentScheduled = false;
  private readonly dirty = new Set<string>();
  /** Documents edited since their diagnostics were last sent: they get an answer for their new version. */
  private readonly edited = new Set<string>();
  /** With `run: onSave`, what typing made stale waits here until the next save. */
  private readonly staleUntilSave = new Set<string>();
  private flushTimer: NodeJS.Timeout | undefined;
  private refreshTimer: NodeJS.Timeout | undefined;
  private resultCounter = 0;
  private indexing: Promise<void> = Promise.resolve();
  private readonly positions = new Positions((file) => this.projectFor(file).linter.index.getFile(file)?.source.text);
  private readonly warnedConfigs = new Set<string>();
  /**
   * Projects whose first indexing has not finished: until it has, cross-file findings are guesses (the
   * PodDisruptionBudget in the next file is not read yet), so their documents get no diagnostics yet.
   */
  private readonly unindexed = new Map<Project, (() => void)[]>();

  constructor(
    private readonly connection: Connection,
    private readonly options: ServerOptions,
  ) {
    this.loose = new Project(undefined, options.rules, this.settings, options.today);
  }

  listen(): void {
    const { connection, documents } = this;
    connection.onInitialize((params) => this.initialize(params));
    connection.onInitialized(() => void this.guard('initialized', () => this.initialized()));
    documents.onDidChangeContent((event) => this.guard('change', () => this.onDocumentChanged(event.document)));
    documents.onDidSave((event) => this.guard('save', () => this.onDocumentSaved(fileOf(event.document.uri))));
    documents.onDidClose((event) => this.guard('close', () => this.onDocumentClosed(event.document.uri)));
    connection.onDidChangeWatchedFiles((params) => this.guard('watched files', () => this.onWatchedFiles(params.changes)));
    connection.onDidChangeConfiguration((params) => void this.guard('configuration', () => this.reloadSettings(params.settings)));
    connection.onCodeAction((params) =>
      this.guard('code action', () => {
        if (!this.settings.enable) return [];
        const file = fileOf(params.textDocument.uri);
        return codeActions(this.actionContext(file), params.range, params.context.diagnostics, params.context.only);
      }) ?? [],
    );
    connection.onExecuteCommand((params) => this.guard('command', () => this.executeCommand(params.command, params.arguments ?? [])));
    connection.languages.diagnostics.on(async (params) => {
      await this.whenIndexed(this.projectFor(fileOf(params.textDocument.uri)));
      return this.documentDiagnostics(params.textDocument.uri, params.previousResultId);
    });
    connection.languages.diagnostics.onWorkspace(async (params) => {
      await this.indexing;
      const previous = new Map(params.previousResultIds.map((entry) => [entry.uri, entry.value]));
      const items: WorkspaceDocumentDiagnosticReport[] = [];
      for (const file of this.allFiles()) {
        const uri = uriOf(file);
        const before = this.reports.get(file);
        const report = this.report(file);
        // Clients take an open document's diagnostics from document pulls only: ask for one when they changed.
        if (before && report !== before && this.documents.get(uri)) this.scheduleRefresh();
        const version = this.documents.get(uri)?.version ?? null;
        if (previous.get(uri) === report.resultId) items.push({ kind: DocumentDiagnosticReportKind.Unchanged, uri, version, resultId: report.resultId });
        else items.push({ kind: DocumentDiagnosticReportKind.Full, uri, version, resultId: report.resultId, items: report.diagnostics });
      }
      return { items };
    });
    documents.listen(connection);
    connection.listen();
  }

  private documentDiagnostics(uri: string, previousResultId: string | undefined): DocumentDiagnosticReport {
    return (
      this.guard('diagnostic', () => {
        const file = fileOf(uri);
        // With run: onSave, unsaved typing is not linted, whatever made the client pull.
        const held = this.settings.run === 'onSave' && this.staleUntilSave.has(file) ? this.reports.get(file) : undefined;
        const report = held ?? this.report(file);
        if (previousResultId === report.resultId) return { kind: DocumentDiagnosticReportKind.Unchanged, resultId: report.resultId } as DocumentDiagnosticReport;
        return { kind: DocumentDiagnosticReportKind.Full, resultId: report.resultId, items: report.diagnostics } as DocumentDiagnosticReport;
      }) ?? { kind: DocumentDiagnosticReportKind.Full, items: [] }
    );
  }

  private whenIndexed(project: Project): Promise<void> {
    const waiters = this.unindexed.get(project);
    return waiters ? new Promise((resolve) => waiters.push(resolve)) : Promise.resolve();
  }

  private markIndexed(project: Project): void {
    const waiters = this.unindexed.get(project);
    this.unindexed.delete(project);
    for (const resolve of waiters ?? []) resolve();
  }

  private initialize(params: InitializeParams): InitializeResult {
    const capabilities = params.capabilities;
    this.pull = Boolean(capabilities.textDocument?.diagnostic);
    this.canReportProgress = Boolean(capabilities.window?.workDoneProgress);
    this.canShowDocument = Boolean(capabilities.window?.showDocument?.support);
    this.canFetchConfiguration = Boolean(capabilities.workspace?.configuration);
    this.canWatchFiles = Boolean(capabilities.workspace?.didChangeWatchedFiles?.dynamicRegistration);
    this.canRegisterConfiguration = Boolean(capabilities.workspace?.didChangeConfiguration?.dynamicRegistration);
    this.hasWorkspaceFolders = Boolean(capabilities.workspace?.workspaceFolders);
    const folders = params.workspaceFolders?.map((folder) => fileOf(folder.uri)) ?? (params.rootUri ? [fileOf(params.rootUri)] : []);
    this.roots = folders.filter(isOnDisk);
    this.settings = readSettings(params.initializationOptions?.settings ?? params.initializationOptions);
    this.projects = this.roots.map((root) => new Project(root, this.options.rules, this.settings, this.options.today));
    for (const project of this.projects) this.unindexed.set(project, []);
    this.loose = new Project(undefined, this.options.rules, this.settings, this.options.today);
    return {
      capabilities: {
        textDocumentSync: { openClose: true, change: TextDocumentSyncKind.Incremental, save: { includeText: false } },
        codeActionProvider: { codeActionKinds: [CodeActionKind.QuickFix, FIX_ALL_KIND] },
        executeCommandProvider: { commands: [SHOW_DOCUMENTATION, LINT_WORKSPACE] },
        ...(this.pull ? { diagnosticProvider: { identifier: 'kubeready', interFileDependencies: true, workspaceDiagnostics: true } } : {}),
        workspace: { workspaceFolders: { supported: true, changeNotifications: true } },
      },
      serverInfo: { name: 'kubeready' },
    };
  }

  private async initialized(): Promise<void> {
    if (this.canWatchFiles) {
      await this.connection.client.register(DidChangeWatchedFilesNotification.type, {
        watchers: [{ globPattern: '**/*.{yaml,yml,json}' }, { globPattern: '**/.kubeready.{yaml,yml}' }],
      });
    }
    if (this.canRegisterConfiguration) {
      await this.connection.client.register(DidChangeConfigurationNotification.type, { section: 'kubeready' }).catch(() => undefined);
    }
    if (this.canFetchConfiguration) await this.reloadSettings(undefined);
    if (this.hasWorkspaceFolders) this.connection.workspace.onDidChangeWorkspaceFolders((event) =>
      this.guard('workspace folders', () => {
        for (const removed of event.removed) this.removeRoot(fileOf(removed.uri));
        for (const added of event.added) this.addRoot(fileOf(added.uri));
      }),
    );
    await (this.indexing = this.indexAll(this.projects));
  }

  /** Reads every workspace manifest, with "Indexing N/M manifests" progress, then lints and publishes all. */
  private async indexAll(projects: Project[]): Promise<void> {
    try {
      await this.readAndLintAll(projects);
    } finally {
      // Even when indexing failed, nothing may wait for it forever.
      for (const project of projects) this.markIndexed(project);
    }
  }

  private async readAndLintAll(projects: Project[]): Promise<void> {
    const progress = this.canReportProgress ? await this.connection.window.createWorkDoneProgress().catch(() => undefined) : undefined;
    progress?.begin('kubeready', 0, 'Indexing manifests', false);
    const totals = projects.map(() => 0);
    const done = projects.map(() => 0);
    const report = () => {
      const total = totals.reduce((a, b) => a + b, 0);
      const finished = done.reduce((a, b) => a + b, 0);
      progress?.report(total ? Math.round((finished / total) * 100) : 0, `Indexing ${finished}/${total} manifests`);
      void this.connection.sendNotification(STATUS_NOTIFICATION, { state: 'indexing', done: finished, total });
    };
    for (const [i, project] of projects.entries()) {
      await project.loadFromDisk(
        (finished, total) => {
          done[i] = finished;
          totals[i] = total;
          report();
        },
        (file) => this.documents.get(uriOf(file)) !== undefined,
      );
      this.publishConfigState(project);
    }
    // Open documents are the truth for their files, whatever indexing read from disk.
    for (const document of this.documents.all()) {
      const text = textOf(document);
      if (text !== undefined) this.putOpenText(fileOf(document.uri), text);
    }
    progress?.done();
    for (const project of projects) for (const file of project.files()) this.dirty.add(file);
    for (const project of projects) this.markIndexed(project);
    await this.flush();
    void this.connection.sendNotification(STATUS_NOTIFICATION, { state: 'idle' });
  }

  private onDocumentChanged(document: TextDocument): void {
    const file = fileOf(document.uri);
    const project = this.projectFor(file);
    // A didOpen or didChange without text is a client bug: there is nothing to lint.
    const text = textOf(document);
    if (project.isConfigFile(file) || text === undefined) return;
    const affected = this.putOpenText(file, text);
    if (this.settings.run === 'onSave' && this.reports.has(file)) {
      for (const other of affected) this.staleUntilSave.add(other);
      return;
    }
    for (const other of affected) if (other !== file) this.dirty.add(other);
    this.edited.add(file);
    // No timer for the document being typed in: it is linted as soon as the pending messages are read.
    this.urgent.add(file);
    if (!this.urgentScheduled) {
      this.urgentScheduled = true;
      setImmediate(() => {
        this.urgentScheduled = false;
        for (const urgent of [...this.urgent]) {
          this.urgent.delete(urgent);
          this.guard('lint', () => this.lintNow(urgent));
        }
      });
    }
    this.armFlush();
  }

  private onDocumentSaved(file: string): void {
    if (this.settings.run !== 'onSave') return;
    for (const other of this.staleUntilSave) this.dirty.add(other);
    this.staleUntilSave.clear();
    this.lintNow(file);
    this.armFlush();
  }

  /** An open document's text into its project, unless it is over the size cap: then it is taken out. */
  private putOpenText(file: string, text: string): Set<string> {
    const project = this.projectFor(file);
    const max = project.linter.config.maxFileSize;
    const bytes = text.length * 3 > max ? Buffer.byteLength(text, 'utf8') : text.length;
    if (bytes > max) {
      this.oversized.set(file, `Cannot lint this file: ${overCapReason(bytes, max)}.`);
      return project.remove(file);
    }
    this.oversized.delete(file);
    return project.setText(file, text, true);
  }

  private onDocumentClosed(uri: string): void {
    const file = fileOf(uri);
    this.oversized.delete(file);
    const project = this.projectFor(file);
    const affected = isOnDisk(file) && project.owns(file) ? project.refreshFromDisk(file) : project.remove(file);
    for (const other of affected) this.dirty.add(other);
    if (!project.has(file)) this.clear(file);
    this.armFlush();
  }

  private onWatchedFiles(changes: { uri: string; type: number }[]): void {
    for (const change of changes) {
      const file = fileOf(change.uri);
      const project = this.projectFor(file);
      if (project.isConfigFile(file) || (CONFIG_NAMES as readonly string[]).some((name) => file.endsWith(`${sep}${name}`))) {
        this.reconfigure(project);
        continue;
      }
      if (this.documents.get(change.uri)) continue;
      const affected = change.type === FileChangeType.Deleted ? project.remove(file) : project.refreshFromDisk(file);
      for (const other of affected) this.dirty.add(other);
      if (!project.has(file)) this.clear(file);
    }
    this.armFlush();
  }

  private reconfigure(project: Project): void {
    project.reloadConfig();
    this.publishConfigState(project);
    for (const file of project.files()) this.dirty.add(file);
  }

  private async reloadSettings(pushed: unknown): Promise<void> {
    let value = (pushed as { kubeready?: unknown } | undefined)?.kubeready;
    if (this.canFetchConfiguration) value = await this.connection.workspace.getConfiguration('kubeready').catch(() => value);
    const settings = readSettings(value);
    if (JSON.stringify(settings) === JSON.stringify(this.settings)) return;
    this.settings = settings;
    for (const project of [...this.projects, this.loose]) {
      project.updateSettings(settings);
      this.publishConfigState(project);
      for (const file of project.files()) this.dirty.add(file);
    }
    if (!settings.enable) for (const file of this.reports.keys()) this.clear(file);
    this.armFlush();
  }

  private async executeCommand(command: string, args: unknown[]): Promise<unknown> {
    if (command === SHOW_DOCUMENTATION) {
      const id = String(args[0] ?? '');
      const url = this.options.docsUrl(id);
      if (this.canShowDocument) await this.connection.window.showDocument({ uri: url, external: true });
      // A notification, not a request: some editors (Neovim) answer a request with a blocking prompt.
      else void this.connection.sendNotification(ShowMessageNotification.type, { type: MessageType.Info, message: `kubeready ${id}: ${url}` });
      return url;
    }
    if (command === LINT_WORKSPACE) {
      for (const project of this.projects) {
        project.reloadConfig();
        this.publishConfigState(project);
      }
      await (this.indexing = this.indexAll(this.projects));
      let problems = 0;
      for (const report of this.reports.values()) problems += report.diagnostics.length;
      return { files: this.allFiles().length, problems };
    }
    return undefined;
  }

  private addRoot(root: string): void {
    if (!isOnDisk(root) || this.roots.includes(root)) return;
    this.roots.push(root);
    const project = new Project(root, this.options.rules, this.settings, this.options.today);
    this.projects.push(project);
    this.unindexed.set(project, []);
    // Not awaited: a failure is logged by the guard, never left as an unhandled rejection that ends the process.
    this.indexing = this.guard('indexing', () => this.indexAll([project])) ?? Promise.resolve();
  }

  private removeRoot(root: string): void {
    const project = this.projects.find((p) => p.root === root);
    if (!project) return;
    this.projects = this.projects.filter((p) => p !== project);
    this.roots = this.roots.filter((r) => r !== root);
    for (const file of project.files()) {
      this.clear(file);
      const document = this.documents.get(uriOf(file));
      if (document) this.onDocumentChanged(document);
    }
  }

  private projectFor(file: string): Project {
    let best: Project | undefined;
    for (const project of this.projects) {
      if (project.owns(file) && (!best || project.root!.length > best.root!.length)) best = project;
    }
    return best ?? this.loose;
  }

  private allFiles(): string[] {
    return [...new Set([...this.projects, this.loose].flatMap((project) => project.files()))];
  }

  private actionContext(file: string): ActionContext {
    return {
      project: this.projectFor(file),
      file,
      positions: this.positions,
      versionOf: (other) => this.documents.get(uriOf(other))?.version ?? null,
      textOf: (other) => {
        const document = this.documents.get(uriOf(other));
        if (document) return textOf(document);
        if (!existsSync(other)) return undefined;
        return readFileSync(other, 'utf8').replace(/^\uFEFF/, '');
      },
      docsUrl: this.options.docsUrl,
      configFileFor: (project) => project.config.file ?? join(project.root ?? '/', CONFIG_NAMES[0]),
    };
  }

  private lintNow(file: string): void {
    this.dirty.delete(file);
    this.update(file);
  }

  private armFlush(): void {
    if (this.flushTimer) clearTimeout(this.flushTimer);
    this.flushTimer = setTimeout(() => void this.flush(), DEPENDENTS_DELAY_MS);
  }

  /** Lints every file marked dirty, yielding between batches so that edits and requests are not held up. */
  private async flush(): Promise<void> {
    if (this.flushTimer) clearTimeout(this.flushTimer);
    this.flushTimer = undefined;
    // Typing paused: open documents are now read in full (syntax errors in documents no rule reads).
    for (const document of this.documents.all()) {
      const file = fileOf(document.uri);
      const project = this.projectFor(file);
      if (!project.needsVerification(file)) continue;
      const affected = this.guard('verify', () => project.verify(file)) ?? new Set<string>();
      for (const other of affected) this.dirty.add(other);
    }
    let count = 0;
    while (this.dirty.size) {
      const file = this.dirty.values().next().value as string;
      this.dirty.delete(file);
      this.guard('lint', () => this.update(file));
      if (++count % 100 === 0) await new Promise((resolve) => setImmediate(resolve));
    }
  }

  /** Recomputes one file's diagnostics; pushes them (push clients) or asks pull clients to pull again. */
  private update(file: string): void {
    // Indexing ends by linting every file of the project, this one included.
    if (this.unindexed.has(this.projectFor(file))) return;
    const previous = this.reports.get(file);
    const report = this.computeReport(file, previous);
    // The document being edited always gets an answer for its new version, even when nothing changed.
    const edited = this.edited.delete(file);
    if (report === previous && !edited) return;
    this.reports.set(file, report);
    if (this.pull) {
      this.scheduleRefresh();
      return;
    }
    const uri = uriOf(file);
    void this.connection.sendDiagnostics({ uri, version: this.documents.get(uri)?.version, diagnostics: report.diagnostics });
  }

  private report(file: string): Report {
    const report = this.computeReport(file, this.reports.get(file));
    this.reports.set(file, report);
    return report;
  }

  private computeReport(file: string, previous: Report | undefined): Report {
    const project = this.projectFor(file);
    let diagnostics: Diagnostic[] = [];
    const oversized = this.oversized.get(file);
    if (this.settings.enable && oversized !== undefined) {
      diagnostics = [
        {
          range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } },
          severity: DiagnosticSeverity.Error,
          code: 'file-unreadable',
          codeDescription: { href: this.options.docsUrl('file-unreadable') },
          source: 'kubeready',
          message: oversized,
          data: { ruleId: 'file-unreadable', messageId: 'file-unreadable' },
        },
      ];
    } else if (this.settings.enable && (project.has(file) || project.isConfigFile(file))) {
      const findings = project.isConfigFile(file) ? project.configFindings() : project.lint(file).findings;
      diagnostics = findings.map((finding) => toDiagnostic(finding, this.positions, this.options.docsUrl));
      if (project.isConfigFile(file)) diagnostics.unshift(...project.config.problems.map(configDiagnostic));
    }
    const json = JSON.stringify(diagnostics);
    if (previous && previous.json === json) return previous;
    return { resultId: String(++this.resultCounter), diagnostics, json };
  }

  private clear(file: string): void {
    const had = this.reports.get(file);
    this.reports.delete(file);
    if (had && had.diagnostics.length && !this.pull) void this.connection.sendDiagnostics({ uri: uriOf(file), diagnostics: [] });
    if (this.pull) this.scheduleRefresh();
  }

  private scheduleRefresh(): void {
    if (this.refreshTimer) return;
    this.refreshTimer = setTimeout(() => {
      this.refreshTimer = undefined;
      void this.connection.languages.diagnostics.refresh().catch(() => undefined);
    }, DEPENDENTS_DELAY_MS);
  }

  /** A bad config is shown in the file at the bad key, and once as a message: never silently. */
  private publishConfigState(project: Project): void {
    const file = project.config.file;
    if (file) this.dirty.add(file);
    const problem = project.config.problems[0];
    const message = project.config.error ?? (problem ? `${problem.key ? `${problem.key}: ` : ''}${problem.message} (line ${problem.line})` : undefined);
    const key = `${file}\u0000${message}`;
    if (message && !this.warnedConfigs.has(key)) {
      this.warnedConfigs.add(key);
      void this.connection.sendNotification(ShowMessageNotification.type, {
        type: MessageType.Error,
        message: `kubeready: the config file ${file ?? ''} is invalid: ${message}. The last valid config stays in use.`,
      });
    }
    if (!message) for (const warned of [...this.warnedConfigs]) if (warned.startsWith(`${file}\u0000`)) this.warnedConfigs.delete(warned);
  }

  /** A bug must never take the server down: it is logged, and the request gets an empty answer. */
  private guard<T>(what: string, action: () => T): T | undefined {
    try {
      const result = action();
      if (result instanceof Promise) {
        return result.catch((error: unknown) => {
          this.connection.console.error(`kubeready: ${what} failed: ${error instanceof Error ? error.stack : String(error)}`);
          return undefined;
        }) as T;
      }
      return result;
    } catch (error) {
      this.connection.console.error(`kubeready: ${what} failed: ${error instanceof Error ? error.stack : String(error)}`);
      return undefined;
    }
  }
}

/** A document's text; undefined when a client opened or changed it without one. */
function textOf(document: TextDocument): string | undefined {
  const text = document.getText() as unknown;
  return typeof text === 'string' ? text : undefined;
}
