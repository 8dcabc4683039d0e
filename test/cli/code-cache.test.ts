import { spawnSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { project } from '../support/cli';

const ROOT = join(__dirname, '..', '..');

/** A copy of the installed package's commands and CLI bundle, so that each test owns its cache file. */
function installedCopy(): { bin: string; cache: string } {
  const root = mkdtempSync(join(tmpdir(), 'kubeready-package-'));
  cpSync(join(ROOT, 'bin'), join(root, 'bin'), { recursive: true });
  mkdirSync(join(root, 'dist'));
  cpSync(join(ROOT, 'dist', 'cli.js'), join(root, 'dist', 'cli.js'));
  return { bin: join(root, 'bin', 'kubeready.js'), cache: join(root, 'dist', 'cli.js.cache') };
}

function run(script: string, cwd: string): { code: number | null; stdout: string; stderr: string } {
  const result = spawnSync(process.execPath, [script, 'lint', '--no-context', '--format', 'json', '.'], { cwd, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' } });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

describe('the kubeready command keeps V8 code cache beside its bundle', () => {
  const manifests = project({
    'deploy.yaml': 'apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\nspec:\n  replicas: 1\n  selector:\n    matchLabels: {app: web}\n  template:\n    metadata:\n      labels: {app: web}\n    spec:\n      containers:\n        - name: web\n          image: web:latest\n',
  });
  const direct = run(join(ROOT, 'dist', 'cli.js'), manifests);

  it('writes the cache on the first run and reads it, unchanged, on the next; the report is the same', () => {
    expect(JSON.parse(direct.stdout).findings.length).toBeGreaterThan(2);
    const { bin, cache } = installedCopy();
    expect(run(bin, manifests)).toEqual(direct);
    const written = statSync(cache);
    expect(written.size).toBeGreaterThan(100_000);
    expect(run(bin, manifests)).toEqual(direct);
    expect(statSync(cache).mtimeMs).toBe(written.mtimeMs);
  });

  it('replaces a cache that V8 rejects (corrupt, or from another Node version)', () => {
    const { bin, cache } = installedCopy();
    writeFileSync(cache, 'not a V8 code cache');
    expect(run(bin, manifests)).toEqual(direct);
    expect(readFileSync(cache).subarray(0, 19).toString()).not.toBe('not a V8 code cache');
    expect(statSync(cache).size).toBeGreaterThan(100_000);
  });

  it('still runs when the cache cannot be read or written', () => {
    const { bin, cache } = installedCopy();
    // A directory where the cache file belongs: reading it fails and so does the rename that would replace it.
    mkdirSync(cache);
    expect(run(bin, manifests)).toEqual(direct);
    expect(statSync(cache).isDirectory()).toBe(true);
  });
});
