// Bundles the CLI, the language server and the VS Code client into self-contained files, so start-up loads
// one file instead of resolving hundreds of modules.
import { build } from 'esbuild';
import { execFileSync } from 'node:child_process';
import { chmod, rm } from 'node:fs/promises';

const common = {
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'cjs',
  sourcemap: 'linked',
  minify: process.argv.includes('--minify'),
  legalComments: 'none',
  logLevel: 'warning',
};

const entries = [
  { entryPoints: ['server/src/cli/main.ts'], outfile: 'dist/cli.js', banner: { js: '#!/usr/bin/env node' } },
  { entryPoints: ['server/src/lsp/main.ts'], outfile: 'dist/server.js', banner: { js: '#!/usr/bin/env node' } },
  // The VS Code extension: `vscode` is provided by the extension host.
  { entryPoints: ['client/src/extension.ts'], outfile: 'dist/extension.js', external: ['vscode'] },
];

await Promise.all(entries.map((entry) => build({ ...common, ...entry })));
await chmod('dist/cli.js', 0o755);
await chmod('dist/server.js', 0o755);

// The bins keep V8's code cache beside each bundle (bin/code-cache.js). A rebuilt bundle invalidates it, so the
// old one goes, and a lint of the examples writes the CLI's anew, with the functions a lint run compiles.
await Promise.all(['dist/cli.js.cache', 'dist/server.js.cache'].map((file) => rm(file, { force: true })));
try {
  execFileSync(process.execPath, ['bin/kubeready.js', 'lint', '--no-context', 'examples/'], { stdio: 'ignore' });
} catch {
  // The examples have findings, so the run exits with 1 and the cache is written anyway. Had the run failed, the
  // first real run would write the cache instead.
}
