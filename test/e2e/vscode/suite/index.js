// The extensionTestsPath entry point (the @vscode/test-electron contract): the extension host require()s this
// file and awaits run(). The suites run in this order, in one window, against one fixture workspace.
const fs = require('node:fs');
const path = require('node:path');
const Mocha = require('mocha');

const FILES = ['activation.test.js', 'diagnostics.test.js', 'code-actions.test.js', 'settings.test.js', 'commands.test.js'];

exports.run = function run() {
  const mocha = new Mocha({ ui: 'tdd', timeout: 60000, color: false, reporter: 'spec' });
  const grep = process.env.KUBEREADY_E2E_GREP;
  if (grep) mocha.grep(grep);
  for (const file of FILES) mocha.addFile(path.join(__dirname, file));
  return new Promise((resolve, reject) => {
    const runner = mocha.run((failures) => {
      const result = { tests: runner.stats.tests, passes: runner.stats.passes, failures };
      // One line for test/e2e/run.mjs's summary.
      console.log(`KUBEREADY-E2E-RESULT ${JSON.stringify(result)}`);
      const out = process.env.KUBEREADY_E2E_RESULT;
      if (out) fs.writeFileSync(out, JSON.stringify(result));
      if (failures) reject(new Error(`${failures} of ${result.tests} tests failed`));
      else resolve();
    });
  });
};
