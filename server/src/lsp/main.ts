import { isMainThread } from 'node:worker_threads';
import { createConnection, ProposedFeatures } from 'vscode-languageserver/node';
import { RULES } from '../../../rules';
import { docsUrl } from '../../../rules/lib/docs';
import { isSyntaxCheckWorker, serveSyntaxCheck } from '../node/syntax-aside';
import { Project } from './project';
import { KubereadyServer } from './server';

if (!isMainThread && isSyntaxCheckWorker()) serveSyntaxCheck();
else serve();

function serve(): void {
  Project.workerScript = __filename;
  // `--stdio` for any editor, `--node-ipc` for VS Code: createConnection reads the transport from argv.
  const connection = createConnection(ProposedFeatures.all);
  new KubereadyServer(connection, {
    rules: RULES,
    docsUrl,
    today: () => new Date().toISOString().slice(0, 10),
  }).listen();
}
