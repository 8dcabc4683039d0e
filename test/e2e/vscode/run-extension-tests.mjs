// Runs the extension-host suites (suite/index.js) with @vscode/test-electron's standard runTests(), pointed at
// code-shim.mjs instead of a downloaded VS Code. test/e2e/run.mjs runs this as a child process.
// Env: KUBEREADY_E2E_WORKSPACE (the folder to open), KUBEREADY_E2E_LOG_DIR (user data, extensions, logs).
import path from 'node:path';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';

const require = createRequire(import.meta.url);
const { runTests } = require('@vscode/test-electron');
const HERE = path.dirname(fileURLToPath(import.meta.url));
const logDir = process.env.KUBEREADY_E2E_LOG_DIR;
const workspace = process.env.KUBEREADY_E2E_WORKSPACE;
if (!logDir || !workspace) throw new Error('KUBEREADY_E2E_LOG_DIR and KUBEREADY_E2E_WORKSPACE are required');

const started = Date.now();
try {
  await runTests({
    vscodeExecutablePath: path.join(HERE, 'code-shim.mjs'),
    // KUBEREADY_E2E_EXTENSION_DIR: test another build of the extension (a folder with package.json and dist/).
    extensionDevelopmentPath: process.env.KUBEREADY_E2E_EXTENSION_DIR || path.resolve(HERE, '../../..'),
    extensionTestsPath: path.join(HERE, 'suite', 'index.js'),
    launchArgs: [workspace, `--user-data-dir=${path.join(logDir, 'user-data')}`, `--extensions-dir=${path.join(logDir, 'extensions')}`],
    extensionTestsEnv: { KUBEREADY_E2E_RESULT: path.join(logDir, 'result.json') },
  });
  console.log(`runTests passed in ${Date.now() - started} ms`);
} catch (error) {
  console.error(`runTests failed in ${Date.now() - started} ms: ${error.message}`);
  process.exit(1);
}
