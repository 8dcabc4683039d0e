import { createConnection, ProposedFeatures } from 'vscode-languageserver/node';
import { RULES } from '../../../rules';
import { docsUrl } from '../../../rules/lib/docs';
import { KubereadyServer } from './server';

// `--stdio` for any editor, `--node-ipc` for VS Code: createConnection reads the transport from argv.
const connection = createConnection(ProposedFeatures.all);
new KubereadyServer(connection, {
  rules: RULES,
  docsUrl,
  today: () => new Date().toISOString().slice(0, 10),
}).listen();
