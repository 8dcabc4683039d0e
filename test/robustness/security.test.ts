/**
 * What SECURITY.md promises, checked: no shell-outs and no network in kubeready's own code, no code loaded from
 * the workspace, configuration that is data only, and an extension that declares untrusted workspaces supported.
 * The built bundles are checked too: the process and network modules they contain come only from the LSP
 * libraries, for the reasons named below.
 */
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { project, runCli } from '../support/cli';

const ROOT = join(__dirname, '..', '..');

function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return sources(path);
    return /\.(ts|js|mjs|cjs)$/.test(entry.name) && !entry.name.endsWith('.d.ts') ? [path] : [];
  });
}

const OWN_CODE = [...sources(join(ROOT, 'server', 'src')), ...sources(join(ROOT, 'rules')), ...sources(join(ROOT, 'client', 'src'))].filter(
  (file) => !file.endsWith('cases.ts'),
);

function matches(pattern: RegExp): string[] {
  return OWN_CODE.flatMap((file) =>
    readFileSync(file, 'utf8')
      .split('\n')
      .flatMap((line, i) => (pattern.test(line) ? [`${relative(ROOT, file)}:${i + 1}: ${line.trim()}`] : [])),
  );
}

describe('security: what kubeready runs', () => {
  it('its own code starts no process and opens no connection', () => {
    expect(matches(/(\bfrom\s+|\brequire\s*\(\s*|\bimport\s*\(\s*)['"](node:)?(child_process|http|https|http2|net|tls|dgram|dns|vm|inspector)['"]/)).toEqual([]);
    // The commands compile their own bundle from the package's dist/ with vm (for the code cache), nothing else.
    const bin = sources(join(ROOT, 'bin')).flatMap((file) => readFileSync(file, 'utf8').split('\n').filter((line) => /\brequire\s*\(/.test(line)).map((line) => `${relative(ROOT, file)}: ${line.trim()}`));
    expect(bin.filter((line) => /child_process|http|net|tls|dgram|dns|inspector/.test(line))).toEqual([]);
    expect(bin.filter((line) => /['"]node:vm['"]/.test(line))).toEqual(["bin/code-cache.js: const { Script } = require('node:vm');"]);
    expect(readFileSync(join(ROOT, 'bin', 'kubeready.js'), 'utf8')).toContain("join(__dirname, '..', 'dist', 'cli.js')");
    expect(matches(/\b(fetch|XMLHttpRequest|WebSocket)\s*\(|\beval\s*\(|new Function\s*\(/)).toEqual([]);
  });

  it('loads no code from the workspace: every require or import names a fixed module', () => {
    // `import x = require('./generated/config-validator')` is the precompiled config validator, part of the build.
    const dynamic = matches(/\brequire\s*\(|\bimport\s*\(/).filter((line) => !/\b(require|import)\s*\(\s*['"][^'"]+['"]\s*\)/.test(line));
    expect(dynamic).toEqual([]);
  });

  it('the bundles get process and network modules only from the LSP libraries', () => {
    // vscode-languageserver's files.js can resolve global npm modules (kubeready never calls it); vscode-jsonrpc
    // offers pipe and socket transports (kubeready's server talks over stdio or Node IPC); the VS Code client forks
    // the bundled server module.
    const allowed: Record<string, string[]> = {
      'cli.js': [],
      'server.js': ['vscode-languageserver/lib/node/files.js', 'vscode-jsonrpc/lib/node/main.js'],
      'extension.js': ['vscode-languageclient/lib/node/main.js', 'vscode-languageclient/lib/node/processes.js', 'vscode-jsonrpc/lib/node/main.js'],
    };
    for (const [bundle, modules] of Object.entries(allowed)) {
      const text = readFileSync(join(ROOT, 'dist', bundle), 'utf8');
      const from = [...text.matchAll(/require\("(?:node:)?(?:child_process|http|https|http2|net|tls|dgram|dns|vm)"\)/g)].map((m) => {
        const marker = text.lastIndexOf('\n// ', m.index);
        // `// node_modules/<package>/…`, relative to where the bundle was built from.
        const path = text.slice(marker + 4, text.indexOf('\n', marker + 1));
        return path.slice(path.lastIndexOf('node_modules/') + 'node_modules/'.length);
      });
      expect(new Set(from), bundle).toEqual(new Set(from.filter((module) => modules.includes(module))));
      for (const module of from) expect(modules, `${bundle}: ${module}`).toContain(module);
    }
  });

  it('a config file is data: YAML that looks like code is a config error, and a .js config is never read', () => {
    const root = project({
      '.kubeready.yaml': 'extends: !!js/function "function () { require(\'fs\').writeFileSync(\'/tmp/pwned\', \'x\') }"\n',
      'kubeready.config.js': "require('fs').writeFileSync(require('path').join(__dirname, 'ran'), 'x');\n",
      '.kubeready.js': "require('fs').writeFileSync(require('path').join(__dirname, 'ran'), 'x');\n",
      'deploy.yaml': 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: a\n',
    });
    const { code, stderr } = runCli(['lint', '.'], { cwd: root });
    expect(code).toBe(2);
    expect(stderr).toMatch(/\.kubeready\.yaml/);
    expect(readdirSync(root)).not.toContain('ran');
    // The same project with a data config lints; the JavaScript files are neither run nor linted as code.
    writeFileSync(join(root, '.kubeready.yaml'), 'extends: recommended\n');
    const second = runCli(['lint', '.'], { cwd: root });
    expect(second.code).toBe(0);
    expect(readdirSync(root)).not.toContain('ran');
  });

  it('the VS Code extension declares untrusted workspaces supported, and nothing restricted', () => {
    const manifest = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { capabilities: { untrustedWorkspaces: { supported: unknown } } };
    expect(manifest.capabilities.untrustedWorkspaces).toEqual({ supported: true });
  });
});
