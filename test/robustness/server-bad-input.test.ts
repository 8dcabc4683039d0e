/**
 * Bad input through the language server, as an editor sends it: documents with NUL bytes and lone surrogates,
 * an alias bomb, nesting deep enough to overflow a recursive walk, a line of a megabyte, an unrendered Helm
 * template, and on disk a binary file and one that is not UTF-8. Each document gets its diagnostics (a clear
 * one where it cannot be linted), the server keeps answering, logs no caught exception and prints nothing on
 * stderr; the good document beside them is linted as usual.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { project } from '../support/cli';
import { RobustClient } from './lsp';
import { deployment, only, pseudoRandomBytes } from './support';

let client: RobustClient | undefined;
afterEach(async () => {
  await client?.stop();
  client = undefined;
});

const bomb = (levels: number, width: number) => {
  const lines = [`  l0: &l0 [${Array(width).fill('"lol"').join(',')}]`];
  for (let i = 1; i < levels; i++) lines.push(`  l${i}: &l${i} [${Array(width).fill(`*l${i - 1}`).join(',')}]`);
  return lines.join('\n');
};

describe('bad input in the editor', () => {
  it('gives every bad document its diagnostics and keeps serving the good one', async () => {
    const root = project({ '.kubeready.yaml': only(['pdb-missing', 'config-object-too-large']) });
    // On disk, never opened: read by indexing, which must skip them without a word on stderr.
    writeFileSync(join(root, 'binary.yaml'), pseudoRandomBytes(64 * 1024, 3));
    writeFileSync(join(root, 'latin1.yaml'), Buffer.concat([Buffer.from('apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: caf'), Buffer.from([0xe9]), Buffer.from('\n')]));
    client = await RobustClient.start({ root });
    await client.idle();
    const c = client;
    const documents: Record<string, string> = {
      'nul.yaml': 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: a\u0000b\ndata:\n  k: v\n',
      'surrogates.yaml': `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: a\ndata:\n  k: "\uD800\uDFFF\uDC00x"\n`,
      'bomb.yaml': `apiVersion: v1\nkind: ConfigMap\nmetadata: {name: bomb}\ndata:\n${bomb(12, 9)}\n`,
      'deep.yaml': `${deployment('deep').replace(/\n$/, '\n          args: ')}${'['.repeat(100_000)}${']'.repeat(100_000)}\n`,
      'long-line.yaml': `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: long\ndata:\n  blob: ${'z'.repeat(1024 * 1024)}\n`,
      'helm.yaml': `apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: {{ .Release.Name }}\n`,
    };
    const uris = Object.fromEntries(Object.entries(documents).map(([name, text]) => [name, c.lsp.open(join(root, name), text)]));
    const good = c.lsp.open(join(root, 'good.yaml'), deployment('good'));
    const codes = async (name: string) => (await c.diagnosticsFor(uris[name]!, 1, 60_000)).diagnostics.map((d) => String(d.code));
    expect(await codes('bomb.yaml')).toEqual(['yaml-syntax']);
    expect((await c.diagnosticsFor(uris['bomb.yaml']!, 1)).diagnostics[0]!.message).toMatch(/aliases expand too far/);
    expect(await codes('deep.yaml')).toContain('yaml-syntax');
    expect(await codes('long-line.yaml')).toEqual(['config-object-too-large']);
    expect(await codes('helm.yaml')).toEqual(['helm-template-unrendered']);
    for (const name of ['nul.yaml', 'surrogates.yaml']) expect(Array.isArray(await codes(name)), name).toBe(true);
    expect((await c.diagnosticsFor(good, 1)).diagnostics.map((d) => d.code)).toEqual(['pdb-missing']);
    // Typing on in the good document still gets an answer for each version.
    const version = c.lsp.change(good, [{ text: deployment('good').replace('replicas: 3', 'replicas: 1') }]);
    expect((await c.diagnosticsFor(good, version)).diagnostics.map((d) => d.code)).toEqual([]);
    expect(await c.answers()).toBe(true);
    expect(c.guarded()).toEqual([]);
    expect(c.stderr).toBe('');
  }, 120_000);
});
