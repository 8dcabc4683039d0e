/**
 * The server leaks no memory, measured through the protocol over 10,000 edits of one document, and over 2,000
 * documents opened, edited and closed: in the stress tier (`npm run fuzz`); `npm test` runs 2,500 edits, which
 * the heap cap below still makes telling. Edits are sent without
 * waiting for each answer (as fast typing does); the test then waits for the diagnostics of the last version.
 * Two checks, both generous so that they are not flaky: the server runs with its heap capped at a few times what
 * it needs (a leak of 10,000 versions exceeds it and ends the process, which fails the test at once), and its
 * resident set (VmRSS, from /proc) grows by less than 64 MB between the end of a warm-up and the end.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { project } from '../support/cli';
import { RobustClient } from './lsp';
import { deployment, only, STRESS } from './support';

let client: RobustClient | undefined;
/** The server's heap cap in these tests: a few times what it needs, far less than a leak of 10,000 edits would take. */
const HEAP_MB = 96;
/** RSS growth allowed after the warm-up: generous (V8 returns memory lazily), a leak of 10,000 versions is far more. */
const GROWTH_KB = 64 * 1024;
afterEach(async () => {
  await client?.stop();
  client = undefined;
});

const withReplicas = (name: string, i: number) => deployment(name, `\n          env:\n            - name: EDIT\n              value: "${i}"`).replace('replicas: 3', `replicas: ${(i % 3) + 1}`);

/** Sends `count` edits of one document without waiting, then waits for the diagnostics of the last version. */
async function edit(c: RobustClient, uri: string, from: number, count: number): Promise<void> {
  let version = 0;
  for (let i = from; i < from + count; i++) {
    version = i % 2 === 0
      ? c.lsp.change(uri, [{ text: withReplicas('typed', i) }])
      : c.lsp.change(uri, [{ range: { start: { line: 19, character: 0 }, end: { line: 19, character: 0 } }, text: `            # ${i}\n` }]);
    // Let the socket drain now and then, as a real client's event loop does.
    if (i % 200 === 0) await new Promise((resolve) => setImmediate(resolve));
  }
  await c.diagnosticsFor(uri, version, 120_000);
}

/** RSS after the server has been quiet for a moment (timers, the flush of dependents). */
async function settledRss(c: RobustClient): Promise<number> {
  await new Promise((resolve) => setTimeout(resolve, 500));
  return c.rssKb();
}

describe.runIf(existsSync('/proc/self/status'))('memory', () => {
  const EDITS = STRESS ? 10_000 : 2_500;
  const WARM_UP = EDITS / 5;
  it(`RSS is stable over ${EDITS.toLocaleString('en')} edits of one document`, async () => {
    const root = project({ '.kubeready.yaml': only(['pdb-missing', 'workload-single-replica', 'zone-spread-missing']), 'pdb.yaml': '' });
    client = await RobustClient.start({ root, heapMb: HEAP_MB });
    await client.idle();
    const c = client;
    const uri = c.lsp.open(join(root, 'typed.yaml'), withReplicas('typed', 0));
    await edit(c, uri, 0, WARM_UP);
    const warm = await settledRss(c);
    await edit(c, uri, WARM_UP, EDITS);
    const end = await settledRss(c);
    console.info(`RSS over ${EDITS} edits: ${Math.round(warm / 1024)} MB after warm-up, ${Math.round(end / 1024)} MB at the end`);
    expect(end - warm, `RSS grew from ${warm} kB to ${end} kB`).toBeLessThan(GROWTH_KB);
    expect(await c.answers()).toBe(true);
    expect(c.stderr).toBe('');
  }, 300_000);

  // Only in the stress tier: the heap cap of the edits test above covers what `npm test` can afford.
  const CYCLES = 2_000;
  // Defined only there, so that `npm test` lists no skipped test.
  const stressOnly = STRESS ? it : () => undefined;
  stressOnly(`RSS is stable over ${CYCLES} documents opened, edited and closed`, async () => {
    const root = project({ '.kubeready.yaml': only(['pdb-missing', 'workload-single-replica']) });
    client = await RobustClient.start({ root, heapMb: HEAP_MB });
    await client.idle();
    const c = client;
    const cycle = async (from: number, count: number) => {
      let last = '';
      for (let i = from; i < from + count; i++) {
        const uri = c.lsp.open(join(root, `doc-${i}.yaml`), deployment(`doc-${i}`));
        c.lsp.change(uri, [{ text: withReplicas(`doc-${i}`, i) }]);
        c.lsp.close(uri);
        last = uri;
        if (i % 100 === 0) await new Promise((resolve) => setImmediate(resolve));
      }
      await c.until(() => (c.latest.get(last)?.diagnostics.length === 0 ? c.latest.get(last) : undefined), 'the last document to be closed', 60_000);
    };
    await cycle(0, CYCLES / 4);
    const warm = await settledRss(c);
    await cycle(CYCLES / 4, CYCLES);
    const end = await settledRss(c);
    console.info(`RSS over ${CYCLES} open/close cycles: ${Math.round(warm / 1024)} MB after warm-up, ${Math.round(end / 1024)} MB at the end`);
    expect(end - warm, `RSS grew from ${warm} kB to ${end} kB`).toBeLessThan(GROWTH_KB);
    expect(await c.answers()).toBe(true);
    expect(c.stderr).toBe('');
  }, 300_000);
});
