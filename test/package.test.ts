// The VS Code extension's manifest (package.json) against the client and the server, and the .vsix that
// client/package.mjs (`npm run package`) builds: its exact contents, its size, and bundles that need no node_modules.
//
// The .vsix is built from the bundles in dist/ as `npm test` leaves them (not minified, so the size check is
// conservative), into a temporary folder: re-running esbuild here would rewrite dist/ under the other tests.
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { builtinModules } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { inflateRawSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { COMMANDS, SERVER_LINT_WORKSPACE, SERVER_MODULE, SOURCE, STATUS_NOTIFICATION } from '../client/src/constants';
import { RULE_INFO } from '../client/src/rules';
import { RULES } from '../rules';
import { LINT_WORKSPACE, STATUS_NOTIFICATION as SERVER_STATUS } from '../server/src/lsp/server';
import { DEFAULT_SETTINGS } from '../server/src/lsp/settings';

const ROOT = join(__dirname, '..');
const manifest = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8'));
const MAX_VSIX_BYTES = 3 * 1024 * 1024;

describe('the extension manifest', () => {
  it('names the bundle, the engine version vscode-languageclient needs, and the activation events', () => {
    expect(manifest.main).toBe('./dist/extension.js');
    expect(manifest.publisher).toBe('kubeready');
    const client = JSON.parse(readFileSync(join(ROOT, 'node_modules/vscode-languageclient/package.json'), 'utf8'));
    expect(manifest.engines.vscode).toBe(client.engines.vscode);
    expect(manifest.engines.vscode).toBe('^1.91.0');
    expect(manifest.activationEvents).toEqual(['onLanguage:yaml', 'workspaceContains:**/.kubeready.yaml', 'workspaceContains:**/.kubeready.yml']);
    expect(manifest.capabilities).toEqual({ untrustedWorkspaces: { supported: true }, virtualWorkspaces: false });
  });

  it('contributes the four commands, none named like a server command', () => {
    expect(manifest.contributes.commands).toEqual([
      { command: COMMANDS.lintWorkspace, title: 'kubeready: Lint workspace' },
      { command: COMMANDS.restartServer, title: 'kubeready: Restart server' },
      { command: COMMANDS.showOutput, title: 'kubeready: Show output' },
      { command: COMMANDS.showRuleDocumentation, title: 'kubeready: Show rule documentation' },
    ]);
    // vscode-languageclient registers the server's commands itself; a second registration would throw.
    for (const { command } of manifest.contributes.commands) expect(command.startsWith('kubeready.server.')).toBe(false);
    expect(SERVER_LINT_WORKSPACE).toBe(LINT_WORKSPACE);
    expect(STATUS_NOTIFICATION).toBe(SERVER_STATUS);
  });

  it('contributes the settings the server reads, with its defaults', () => {
    const properties = manifest.contributes.configuration.properties;
    expect(Object.keys(properties).sort()).toEqual(
      [...Object.keys(DEFAULT_SETTINGS).map((key) => `${SOURCE}.${key}`), `${SOURCE}.trace.server`].sort(),
    );
    expect(properties['kubeready.enable'].default).toBe(DEFAULT_SETTINGS.enable);
    expect(properties['kubeready.run'].default).toBe(DEFAULT_SETTINGS.run);
    expect(properties['kubeready.run'].enum).toEqual(['onType', 'onSave']);
    expect(properties['kubeready.rules'].default).toEqual(DEFAULT_SETTINGS.rules);
    expect(properties['kubeready.rules'].additionalProperties.enum).toEqual(['error', 'warning', 'info', 'off']);
    expect(properties['kubeready.configPath'].default).toBe('');
    expect(properties['kubeready.trace.server'].enum).toEqual(['off', 'messages', 'verbose']);
  });

  it('maps .kubeready.yaml to the config schema, and the files it names exist', () => {
    expect(manifest.contributes.yamlValidation).toEqual([{ fileMatch: ['.kubeready.yaml', '.kubeready.yml'], url: './server/schema/kubeready.schema.json' }]);
    for (const path of [manifest.contributes.yamlValidation[0].url, manifest.contributes.grammars[0].path, manifest.icon]) {
      expect(existsSync(join(ROOT, path)), path).toBe(true);
    }
    const icon = readFileSync(join(ROOT, manifest.icon));
    expect(icon.subarray(1, 4).toString()).toBe('PNG');
    expect(icon.readUInt32BE(16)).toBeGreaterThanOrEqual(128); // width, from IHDR
  });

  it('lists every rule in "Show rule documentation", with its docs page', () => {
    expect(RULE_INFO.map((rule) => rule.id)).toEqual(RULES.map((rule) => rule.meta.id));
    for (const rule of RULE_INFO) {
      expect(rule.description).toBe(RULES.find((r) => r.meta.id === rule.id)!.meta.docs.description);
      expect(existsSync(join(ROOT, 'rules', rule.id, `${rule.id}.md`)), rule.id).toBe(true);
      expect(rule.url).toMatch(new RegExp(`/rules/${rule.id}/${rule.id}\\.md$`));
    }
  });
});

describe('the .vsix', () => {
  let dir: string;
  let entries: Map<string, Buffer>;
  let bytes: number;

  beforeAll(async () => {
    for (const bundle of ['dist/extension.js', SERVER_MODULE]) {
      if (!existsSync(join(ROOT, bundle))) throw new Error(`${bundle} is missing: run \`node esbuild.mjs\` (npm test does)`);
    }
    dir = mkdtempSync(join(tmpdir(), 'kubeready-vsix-'));
    const { packageExtension } = await import('../client/package.mjs');
    const result = await packageExtension({ out: join(dir, 'kubeready.vsix'), stage: join(dir, 'stage') });
    bytes = result.bytes;
    entries = readZip(readFileSync(result.out));
  }, 60_000);

  afterAll(() => {
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('holds the bundles, README, CHANGELOG, LICENSE, icon, schema and grammar, and nothing else', () => {
    expect([...entries.keys()].sort()).toEqual(
      [
        '[Content_Types].xml',
        'extension.vsixmanifest',
        'extension/package.json',
        'extension/readme.md',
        'extension/changelog.md',
        'extension/LICENSE.txt',
        'extension/client/icon.png',
        'extension/dist/extension.js',
        'extension/dist/server.js',
        'extension/server/schema/kubeready.schema.json',
        'extension/syntaxes/kubeready-comments.tmLanguage.json',
      ].sort(),
    );
  });

  it('is under 3 MB', () => {
    expect(bytes).toBeLessThan(MAX_VSIX_BYTES);
  });

  it('carries the extension manifest without npm-only fields', () => {
    const packaged = JSON.parse(entries.get('extension/package.json')!.toString('utf8'));
    expect(packaged.main).toBe(manifest.main);
    expect(packaged.contributes).toEqual(manifest.contributes);
    expect(packaged.activationEvents).toEqual(manifest.activationEvents);
    for (const field of ['scripts', 'dependencies', 'devDependencies', 'bin']) expect(packaged[field], field).toBeUndefined();
    const vsixManifest = entries.get('extension.vsixmanifest')!.toString('utf8');
    expect(vsixManifest).toMatch(/<Identity [^>]*Id="kubeready" Version="0\.1\.0" Publisher="kubeready"/);
    expect(vsixManifest).toContain('<Property Id="Microsoft.VisualStudio.Code.Engine" Value="^1.91.0" />');
  });

  it('has bundles that load nothing but Node built-ins and vscode, and point at no source map', () => {
    const builtins = new Set([...builtinModules, ...builtinModules.map((name) => `node:${name}`)]);
    for (const bundle of ['extension/dist/extension.js', 'extension/dist/server.js']) {
      const text = entries.get(bundle)!.toString('utf8');
      // `require("…")` inside a string literal (ajv's code generation) is not a load.
      const required = new Set([...text.matchAll(/(?<![\w'"`.])require\("([^"]+)"\)/g)].map((m) => m[1]!));
      const foreign = [...required].filter((name) => !builtins.has(name) && !(bundle.endsWith('extension.js') && name === 'vscode'));
      expect(foreign, bundle).toEqual([]);
      expect(text, bundle).not.toMatch(/sourceMappingURL=/);
    }
  });

  it('has a server that starts from the unpacked extension alone', async () => {
    const server = spawn(process.execPath, [join(dir, 'stage', SERVER_MODULE), '--stdio'], { cwd: tmpdir(), stdio: ['pipe', 'pipe', 'pipe'] });
    try {
      const body = JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'initialize', params: { processId: null, rootUri: null, capabilities: {} } });
      server.stdin.write(`Content-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`);
      const reply = await new Promise<string>((resolve, reject) => {
        let out = '';
        const timer = setTimeout(() => reject(new Error(`no reply to initialize: ${out}`)), 15_000);
        server.stdout.on('data', (chunk: Buffer) => {
          out += chunk.toString('utf8');
          if (out.includes('"serverInfo"')) {
            clearTimeout(timer);
            resolve(out);
          }
        });
        server.on('exit', (code) => reject(new Error(`the server exited with ${code}`)));
      });
      expect(reply).toContain('"name":"kubeready"');
    } finally {
      server.kill();
    }
  });
});

/** The entries of a zip file, read from its central directory (vsce writes plain zip: no zip64, stored or deflated). */
function readZip(zip: Buffer): Map<string, Buffer> {
  const eocd = zip.lastIndexOf(Buffer.from([0x50, 0x4b, 0x05, 0x06]));
  if (eocd < 0) throw new Error('not a zip file');
  const count = zip.readUInt16LE(eocd + 10);
  let offset = zip.readUInt32LE(eocd + 16);
  const entries = new Map<string, Buffer>();
  for (let i = 0; i < count; i++) {
    if (zip.readUInt32LE(offset) !== 0x02014b50) throw new Error(`bad central directory entry at ${offset}`);
    const method = zip.readUInt16LE(offset + 10);
    const compressedSize = zip.readUInt32LE(offset + 20);
    const nameLength = zip.readUInt16LE(offset + 28);
    const extraLength = zip.readUInt16LE(offset + 30);
    const commentLength = zip.readUInt16LE(offset + 32);
    const localOffset = zip.readUInt32LE(offset + 42);
    const name = zip.subarray(offset + 46, offset + 46 + nameLength).toString('utf8');
    const dataStart = localOffset + 30 + zip.readUInt16LE(localOffset + 26) + zip.readUInt16LE(localOffset + 28);
    const data = zip.subarray(dataStart, dataStart + compressedSize);
    entries.set(name, method === 8 ? inflateRawSync(data) : Buffer.from(data));
    offset += 46 + nameLength + extraLength + commentLength;
  }
  return entries;
}
