// Names shared by the extension, its manifest (package.json) and the server. No `vscode` import here, so that
// tests can check them against package.json and server/src/lsp without an extension host.

/** The extension's command ids. The server's own commands (`kubeready.server.*`) are registered by vscode-languageclient. */
export const COMMANDS = {
  lintWorkspace: 'kubeready.lintWorkspace',
  restartServer: 'kubeready.restartServer',
  showOutput: 'kubeready.showOutput',
  showRuleDocumentation: 'kubeready.showRuleDocumentation',
} as const;

/** The server command behind "kubeready: Lint workspace"; it returns `{ files, problems }`. */
export const SERVER_LINT_WORKSPACE = 'kubeready.server.lintWorkspace';
/** `{ state: 'indexing', done, total }` while the server indexes the workspace, then `{ state: 'idle' }`. */
export const STATUS_NOTIFICATION = 'kubeready/status';
/** The settings section, the diagnostics' `source` and the language client's id (so `kubeready.trace.server`). */
export const SOURCE = 'kubeready';
/** The server bundle, relative to the extension folder. */
export const SERVER_MODULE = 'dist/server.js';
