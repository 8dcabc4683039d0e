// Packages the VS Code extension: `node client/package.mjs [--out dist/kubeready.vsix] [--stage DIR]`.
//
// The .vsix holds exactly the files listed in VSIX_FILES, copied from the built bundles (`node esbuild.mjs
// --minify` first) into a staging folder, with a manifest that has no npm-only fields. vsce cannot package
// from the repository root itself: package.json's `files` (what npm installs from git) would select the
// .vsix contents too, and vsce refuses a .vscodeignore beside a `files` property.
import { cpSync, existsSync, mkdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import { parseArgs } from 'node:util';

const ROOT = resolve(dirname(new URL(import.meta.url).pathname), '..');

/** Everything the extension needs at run time, relative to the repository root (and to the extension folder). */
export const VSIX_FILES = [
  'dist/extension.js',
  'dist/server.js',
  'README.md',
  'CHANGELOG.md',
  'LICENSE',
  'client/icon.png',
  'server/schema/kubeready.schema.json',
  'syntaxes/kubeready-comments.tmLanguage.json',
];

/** Fields of package.json that are about npm, not about the extension. */
const NPM_ONLY = ['files', 'scripts', 'dependencies', 'devDependencies', 'bin', 'private', 'keywords'];

export async function packageExtension({ out = join(ROOT, 'dist/kubeready.vsix'), stage = join(ROOT, 'dist/vsix') } = {}) {
  for (const file of VSIX_FILES) {
    if (!existsSync(join(ROOT, file))) throw new Error(`${file} is missing${file.startsWith('dist/') ? ': run `node esbuild.mjs --minify` first' : ''}`);
  }
  rmSync(stage, { recursive: true, force: true });
  for (const file of VSIX_FILES) {
    const target = join(stage, file);
    mkdirSync(dirname(target), { recursive: true });
    if (file.endsWith('.js')) {
      // Source maps stay out of the package, so the bundles do not point at them.
      writeFileSync(target, readFileSync(join(ROOT, file), 'utf8').replace(/\n\/\/# sourceMappingURL=\S+\s*$/, '\n'));
    } else {
      cpSync(join(ROOT, file), target);
    }
  }
  const manifest = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8'));
  for (const field of NPM_ONLY) delete manifest[field];
  manifest.files = VSIX_FILES;
  writeFileSync(join(stage, 'package.json'), `${JSON.stringify(manifest, null, 2)}\n`);

  const require = createRequire(join(ROOT, 'package.json'));
  const { createVSIX } = require('@vscode/vsce');
  mkdirSync(dirname(resolve(out)), { recursive: true });
  await createVSIX({ cwd: stage, packagePath: resolve(out), dependencies: false, allowMissingRepository: false });
  return { out: resolve(out), bytes: statSync(resolve(out)).size };
}

if (process.argv[1] && resolve(process.argv[1]) === resolve(new URL(import.meta.url).pathname)) {
  const { values } = parseArgs({ options: { out: { type: 'string' }, stage: { type: 'string' } } });
  const result = await packageExtension({ out: values.out, stage: values.stage });
  console.log(`${result.out}: ${(result.bytes / 1024).toFixed(0)} KiB`);
}
