// The thin VS Code client: it starts `dist/server.js` over node IPC and shows what the server reports. All linting,
// fixing and configuration logic lives in the server, so that every editor gets the same behaviour.
import * as vscode from 'vscode';
import {
  DiagnosticPullMode,
  ExecuteCommandRequest,
  LanguageClient,
  type LanguageClientOptions,
  type ServerOptions,
  State,
  TransportKind,
} from 'vscode-languageclient/node';
import { COMMANDS, SERVER_LINT_WORKSPACE, SERVER_MODULE, SOURCE, STATUS_NOTIFICATION } from './constants';
import { RULE_INFO } from './rules';

type ServerStatus = { state: 'indexing'; done: number; total: number } | { state: 'idle' };
export interface LintWorkspaceResult {
  files: number;
  problems: number;
}

/** What the extension exports to other extensions and to its tests. */
export interface KubereadyApi {
  client: LanguageClient;
  /** The status bar text, as shown. */
  statusText(): string;
}

let client: LanguageClient | undefined;

export async function activate(context: vscode.ExtensionContext): Promise<KubereadyApi> {
  const output = vscode.window.createOutputChannel('kubeready', { log: true });
  const serverModule = context.asAbsolutePath(SERVER_MODULE);
  const serverOptions: ServerOptions = {
    run: { module: serverModule, transport: TransportKind.ipc },
    debug: { module: serverModule, transport: TransportKind.ipc, options: { execArgv: ['--nolazy', '--inspect=6010'] } },
  };
  const clientOptions: LanguageClientOptions = {
    documentSelector: [
      { scheme: 'file', language: 'yaml' },
      { scheme: 'untitled', language: 'yaml' },
      { scheme: 'file', language: 'json' },
    ],
    synchronize: {
      // The server also pulls `kubeready` with workspace/configuration when this notification arrives.
      configurationSection: SOURCE,
      // File events come from the watchers that the server registers itself (`**/*.{yaml,yml,json}`, which
      // covers `.kubeready.{yaml,yml}`). Watchers declared here as well would deliver every event twice:
      // vscode-languageclient does not merge the two sources.
    },
    initializationOptions: () => ({ settings: currentSettings() }),
    outputChannel: output,
    traceOutputChannel: output,
    diagnosticPullOptions: {
      onChange: true,
      onSave: true,
      // With `kubeready.run: onSave`, typing must not pull fresh diagnostics.
      filter: (document, mode) =>
        mode === DiagnosticPullMode.onType && vscode.workspace.getConfiguration(SOURCE, document.uri).get('run') === 'onSave',
    },
  };
  const languageClient = new LanguageClient(SOURCE, 'kubeready', serverOptions, clientOptions);
  client = languageClient;

  const status = new StatusBar(languageClient, output);
  context.subscriptions.push(status, output);
  languageClient.onNotification(STATUS_NOTIFICATION, (params: ServerStatus) => status.setServerStatus(params));

  context.subscriptions.push(
    vscode.commands.registerCommand(COMMANDS.lintWorkspace, () => lintWorkspace(languageClient)),
    vscode.commands.registerCommand(COMMANDS.restartServer, async () => {
      status.expectStart();
      if (languageClient.needsStop()) await languageClient.stop();
      await languageClient.start();
    }),
    vscode.commands.registerCommand(COMMANDS.showOutput, () => output.show()),
    vscode.commands.registerCommand(COMMANDS.showRuleDocumentation, (ruleId?: unknown) => showRuleDocumentation(ruleId)),
  );

  await languageClient.start().catch((error: unknown) => {
    output.error(`kubeready: the language server did not start: ${error instanceof Error ? error.message : String(error)}`);
  });
  return { client: languageClient, statusText: () => status.text };
}

export async function deactivate(): Promise<void> {
  if (client?.needsStop()) await client.stop();
  client = undefined;
}

function currentSettings(): Record<string, unknown> {
  const config = vscode.workspace.getConfiguration(SOURCE);
  return { enable: config.get('enable'), run: config.get('run'), rules: config.get('rules'), configPath: config.get('configPath') };
}

async function lintWorkspace(languageClient: LanguageClient): Promise<LintWorkspaceResult | undefined> {
  if (languageClient.needsStart()) await languageClient.start();
  const result = (await vscode.window.withProgress({ location: vscode.ProgressLocation.Window, title: 'kubeready: linting the workspace' }, () =>
    languageClient.sendRequest(ExecuteCommandRequest.type, { command: SERVER_LINT_WORKSPACE, arguments: [] }),
  )) as LintWorkspaceResult | undefined;
  if (result) {
    void vscode.window.showInformationMessage(`kubeready: ${plural(result.problems, 'problem')} in ${plural(result.files, 'manifest')}.`);
  }
  return result;
}

/** Opens a rule's docs page: the given rule id, or one picked from the list of rules (those of findings at the cursor first). */
async function showRuleDocumentation(ruleId: unknown): Promise<string | undefined> {
  const id = typeof ruleId === 'string' ? ruleId : await pickRule();
  if (id === undefined) return undefined;
  const url = RULE_INFO.find((rule) => rule.id === id)?.url;
  if (url === undefined) {
    void vscode.window.showErrorMessage(`kubeready: there is no rule "${id}".`);
    return undefined;
  }
  // Not awaited: VS Code may ask the user to confirm the link, and the command should not wait for that.
  void vscode.env.openExternal(vscode.Uri.parse(url));
  return url;
}

async function pickRule(): Promise<string | undefined> {
  const atCursor = new Set<string>();
  const editor = vscode.window.activeTextEditor;
  if (editor) {
    for (const diagnostic of vscode.languages.getDiagnostics(editor.document.uri)) {
      if (diagnostic.source !== SOURCE || !editor.selections.some((selection) => diagnostic.range.intersection(selection))) continue;
      const code = typeof diagnostic.code === 'object' ? diagnostic.code.value : diagnostic.code;
      if (code !== undefined) atCursor.add(String(code));
    }
  }
  type Item = vscode.QuickPickItem & { id?: string };
  const item = (rule: (typeof RULE_INFO)[number]): Item => ({ id: rule.id, label: rule.id, detail: rule.description });
  const items: Item[] = [];
  const here = RULE_INFO.filter((rule) => atCursor.has(rule.id));
  if (here.length) {
    items.push({ label: 'At the cursor', kind: vscode.QuickPickItemKind.Separator }, ...here.map(item));
    items.push({ label: 'All rules', kind: vscode.QuickPickItemKind.Separator });
  }
  items.push(...RULE_INFO.filter((rule) => !atCursor.has(rule.id)).map(item));
  const picked = await vscode.window.showQuickPick(items, {
    title: 'kubeready: Show rule documentation',
    placeHolder: 'Rule id',
    matchOnDescription: true,
    matchOnDetail: true,
  });
  return picked?.id;
}

/**
 * "$(sync~spin) kubeready: indexing N/M" while the server reads the workspace, then the number of kubeready
 * problems. Clicking it shows the output.
 */
class StatusBar implements vscode.Disposable {
  private readonly item = vscode.window.createStatusBarItem('kubeready.status', vscode.StatusBarAlignment.Right, 100);
  private readonly disposables: vscode.Disposable[] = [];
  private server: ServerStatus | undefined;
  private countTimer: NodeJS.Timeout | undefined;
  private counts = { error: 0, warning: 0, info: 0, files: 0 };
  /** Before the client starts (and between stop and start on a restart), its state reads Stopped. */
  private started = false;

  constructor(
    private readonly languageClient: LanguageClient,
    private readonly output: vscode.LogOutputChannel,
  ) {
    this.item.name = 'kubeready';
    this.item.command = COMMANDS.showOutput;
    this.disposables.push(
      this.item,
      vscode.languages.onDidChangeDiagnostics(() => this.scheduleCount()),
      vscode.workspace.onDidChangeConfiguration((event) => {
        if (event.affectsConfiguration(`${SOURCE}.enable`)) this.render();
      }),
      languageClient.onDidChangeState((event) => {
        if (event.newState === State.Starting) this.server = undefined;
        if (event.newState !== State.Stopped) this.started = true;
        else this.output.info('kubeready: the language server stopped.');
        this.render();
      }),
    );
    this.count();
    this.item.show();
  }

  get text(): string {
    return this.item.text;
  }

  /** A (re)start is coming: show "starting" rather than "stopped" until it does. */
  expectStart(): void {
    this.started = false;
    this.setServerStatus(undefined);
  }

  setServerStatus(status: ServerStatus | undefined): void {
    this.server = status;
    this.render();
  }

  private scheduleCount(): void {
    if (this.countTimer) return;
    this.countTimer = setTimeout(() => {
      this.countTimer = undefined;
      this.count();
    }, 100);
  }

  private count(): void {
    const counts = { error: 0, warning: 0, info: 0, files: 0 };
    for (const [, diagnostics] of vscode.languages.getDiagnostics()) {
      let inFile = false;
      for (const diagnostic of diagnostics) {
        if (diagnostic.source !== SOURCE) continue;
        inFile = true;
        if (diagnostic.severity === vscode.DiagnosticSeverity.Error) counts.error++;
        else if (diagnostic.severity === vscode.DiagnosticSeverity.Warning) counts.warning++;
        else counts.info++;
      }
      if (inFile) counts.files++;
    }
    this.counts = counts;
    this.render();
  }

  private render(): void {
    const { item } = this;
    item.backgroundColor = undefined;
    const enabled = vscode.workspace.getConfiguration(SOURCE).get<boolean>('enable') !== false;
    const state = this.languageClient.state;
    if (state === State.Starting || (state === State.Stopped && !this.started)) {
      item.text = '$(sync~spin) kubeready: starting';
      item.tooltip = 'The kubeready language server is starting.';
    } else if (state === State.Stopped) {
      item.text = '$(error) kubeready: stopped';
      item.tooltip = 'The kubeready language server is not running. Click to show the output; run "kubeready: Restart server" to start it again.';
      item.backgroundColor = new vscode.ThemeColor('statusBarItem.errorBackground');
    } else if (this.server?.state === 'indexing') {
      item.text = `$(sync~spin) kubeready: indexing ${this.server.done}/${this.server.total}`;
      item.tooltip = `Indexing ${this.server.done} of ${this.server.total} manifests in the workspace.`;
    } else if (!enabled) {
      item.text = '$(circle-slash) kubeready: off';
      item.tooltip = 'kubeready is disabled (setting kubeready.enable).';
    } else {
      const { error, warning, info, files } = this.counts;
      const total = error + warning + info;
      const icon = error ? '$(error)' : warning ? '$(warning)' : info ? '$(info)' : '$(check)';
      item.text = `${icon} kubeready: ${plural(total, 'problem')}`;
      item.tooltip = total
        ? `kubeready: ${plural(error, 'error')}, ${plural(warning, 'warning')}, ${info} info in ${plural(files, 'file')}. Click to show the output.`
        : 'kubeready: no problems. Click to show the output.';
    }
  }

  dispose(): void {
    if (this.countTimer) clearTimeout(this.countTimer);
    for (const disposable of this.disposables) disposable.dispose();
  }
}

function plural(count: number, noun: string): string {
  return `${count} ${noun}${count === 1 ? '' : 's'}`;
}
