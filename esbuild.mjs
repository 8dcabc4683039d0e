// Bundles the CLI, the language server and the VS Code client into self-contained files, so start-up loads
// one file instead of resolving hundreds of modules.
import { build } from 'esbuild';
import { chmod } from 'node:fs/promises';

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
