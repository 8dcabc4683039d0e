/**
 * Bad input through the built CLI, run as a process: every bad file gets one clear message naming the file and
 * the reason, everything else is still linted, there is never a stack trace and never a hang.
 * test/cli/cli.test.ts covers the small cases (a PNG, Latin-1, a NUL, a 10×9 alias bomb, 50k `[`, a
 * self-link, an unreadable file); this file goes further: sizes, shapes, devices, other users, and files
 * that change while the CLI runs.
 */
import { execFileSync } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, readdirSync, readFileSync, rmSync, symlinkSync, unlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseFile } from '../../server/src/engine/parse';
import { sourceText } from '../../server/src/engine/text';
import { project } from '../support/cli';
import { deployment, giveTo, IS_ROOT, NOBODY, only, pseudoRandomBytes, runCliAsync, shareWithEveryone, STACK_TRACE, STRESS, unreadableLine } from './support';

const PDB_MISSING_LINE = (file: string) => new RegExp(`^${file.replace(/\./g, '\\.')}:4:3 +warning .* pdb-missing$`, 'm');

describe('bad bytes: binary, UTF-16, invalid UTF-8 deep in a file, NUL bytes, binary stdin', () => {
  it('names each file and the line of the first bad byte, and lints the good file', async () => {
    const valid = Array.from({ length: 10_000 }, (_, i) => `# line ${i + 1}`).join('\n');
    const root = project({
      '.kubeready.yaml': only(['pdb-missing']),
      'deploy.yaml': deployment('shop-api'),
      'random.yaml': pseudoRandomBytes(1 << 20),
      'utf16le.yaml': Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from('apiVersion: v1\nkind: ConfigMap\n', 'utf16le')]),
      'utf16be.yaml': Buffer.concat([Buffer.from([0xfe, 0xff]), Buffer.from('apiVersion: v1\n', 'utf16le').swap16()]),
      'late-invalid.yaml': Buffer.concat([Buffer.from(`${valid}\n`), Buffer.from([0xc3, 0x28]), Buffer.from('\n')]),
      'surrogate.yaml': Buffer.concat([Buffer.from('apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: '), Buffer.from([0xed, 0xa0, 0x80]), Buffer.from('\n')]),
      'overlong.yaml': Buffer.concat([Buffer.from('apiVersion: v1\nkind: '), Buffer.from([0xc0, 0xaf]), Buffer.from('\n')]),
      'truncated.yaml': Buffer.concat([Buffer.from('apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: caf'), Buffer.from([0xc3])]),
      'late-nul.yaml': `${Array.from({ length: 4999 }, (_, i) => `# ${i + 1}`).join('\n')}\nkey: a\u0000b\n`,
      'bom-crlf.yaml': `\uFEFF${deployment('bom-crlf').replace(/\n/g, '\r\n')}`,
    });
    const run = await runCliAsync(['lint', '.'], { cwd: root });
    expect(run.timedOut).toBe(false);
    expect(run.stderr).toBe('');
    expect(run.stdout).toMatch(PDB_MISSING_LINE('deploy.yaml'));
    expect(run.stdout).toMatch(PDB_MISSING_LINE('bom-crlf.yaml'));
    expect(run.stdout).toMatch(unreadableLine('random.yaml', /(binary file \(NUL byte at line \d+\)|invalid UTF-8 at line \d+)/));
    expect(run.stdout).toMatch(unreadableLine('utf16le.yaml', 'file is UTF-16 encoded'));
    expect(run.stdout).toMatch(unreadableLine('utf16be.yaml', 'file is UTF-16 encoded'));
    expect(run.stdout).toMatch(/^late-invalid\.yaml:10001:1 +error +Cannot lint this file: invalid UTF-8 at line 10001/m);
    expect(run.stdout).toMatch(/^surrogate\.yaml:4:1 +error +Cannot lint this file: invalid UTF-8 at line 4/m);
    expect(run.stdout).toMatch(/^overlong\.yaml:2:1 +error +Cannot lint this file: invalid UTF-8 at line 2/m);
    expect(run.stdout).toMatch(/^truncated\.yaml:4:1 +error +Cannot lint this file: invalid UTF-8 at line 4/m);
    expect(run.stdout).toMatch(/^late-nul\.yaml:5000:1 +error +Cannot lint this file: binary file \(NUL byte at line 5000\)/m);
    expect(run.code).toBe(1);
  });

  it('reports binary stdin as <stdin> (or its --stdin-filename) instead of failing the run', async () => {
    const root = project({ '.kubeready.yaml': only(['pdb-missing']) });
    const bare = await runCliAsync(['lint', '-'], { cwd: root, stdin: pseudoRandomBytes(4096, 7) });
    expect(bare.stderr).toBe('');
    expect(bare.stdout).toMatch(unreadableLine('<stdin>', /(binary file|invalid UTF-8)/));
    expect(bare.code).toBe(1);
    const named = await runCliAsync(['lint', '--stdin-filename', 'chart.yaml', '-'], { cwd: root, stdin: Buffer.from([0x61, 0x3a, 0x20, 0xff, 0x0a]) });
    expect(named.stdout).toMatch(unreadableLine('chart.yaml', 'invalid UTF-8 at line 1'));
    expect(named.code).toBe(1);
  });
});

describe('alias bombs, through the yaml library alias limit', () => {
  const bomb = (levels: number, width: number) => {
    const lines = [`  l0: &l0 [${Array(width).fill('"lol"').join(',')}]`];
    for (let i = 1; i < levels; i++) lines.push(`  l${i}: &l${i} [${Array(width).fill(`*l${i - 1}`).join(',')}]`);
    return lines.join('\n');
  };

  it('stops exponential expansion in any position (data, pod spec, List items, merge keys) with one finding per file, fast', async () => {
    const root = project({
      '.kubeready.yaml': only(['pdb-missing']),
      'deploy.yaml': deployment('shop-api'),
      'wide.yaml': `apiVersion: v1\nkind: ConfigMap\nmetadata: {name: wide}\ndata:\n${bomb(6, 40)}\n`,
      'deep.yaml': `apiVersion: v1\nkind: ConfigMap\nmetadata: {name: deep}\ndata:\n${bomb(30, 2)}\n`,
      'in-pod.yaml': deployment('in-pod').replace('      containers:', `      x-bomb:\n${bomb(12, 9).replace(/^/gm, '      ')}\n      containers:`),
      'list.yaml': `apiVersion: v1\nkind: List\nx:\n${bomb(12, 9)}\nitems:\n  - *l11\n`,
      'merge.yaml': `apiVersion: v1\nkind: ConfigMap\nmetadata: {name: merge}\nx:\n${bomb(12, 9)}\ndata:\n  <<: {a: *l11}\n`,
    });
    const run = await runCliAsync(['lint', '.'], { cwd: root, timeoutMs: 30_000 });
    expect(run.timedOut).toBe(false);
    expect(run.ms).toBeLessThan(20_000);
    expect(run.stderr).toBe('');
    expect(run.stdout).not.toMatch(STACK_TRACE);
    for (const file of ['wide.yaml', 'deep.yaml', 'in-pod.yaml', 'list.yaml', 'merge.yaml']) {
      expect(run.stdout, file).toMatch(new RegExp(`^${file.replace('.', '\\.')}:\\d+:\\d+ +error +YAML aliases expand too far`, 'm'));
      expect(run.stdout.match(new RegExp(`^${file.replace('.', '\\.')}:`, 'gm'))?.length, `one finding for ${file}`).toBe(1);
    }
    expect(run.stdout).toMatch(PDB_MISSING_LINE('deploy.yaml'));
    expect(run.code).toBe(1);
  });

  it('lints legitimate heavy aliasing (many aliases of one anchor) without calling it a bomb', async () => {
    const containers = Array.from({ length: 200 }, (_, i) => `        - name: c${i}\n          image: registry.example.com/c:1.0.0\n          resources: *res`).join('\n');
    const text = deployment('many').replace(
      '      containers:\n        - name: app\n          image: registry.example.com/many:1.0.0\n',
      `      x-defaults:\n        res: &res {requests: {cpu: 100m, memory: 64Mi}, limits: {memory: 64Mi}}\n      containers:\n${containers}\n`,
    );
    const root = project({ '.kubeready.yaml': only(['pdb-missing']), 'many.yaml': text });
    const run = await runCliAsync(['lint', '.'], { cwd: root });
    expect(run.stderr).toBe('');
    expect(run.stdout).toMatch(PDB_MISSING_LINE('many.yaml'));
    expect(run.stdout).not.toMatch(/aliases expand too far/);
  });
});

describe('nesting deep enough to overflow a recursive walk', () => {
  const header = deployment('deep').replace(/\n$/, '\n          args: ');
  // Flow and block nesting, JSON, and a depth just past what the yaml library's recursion survives; the biggest
  // shapes only in the stress tier (test/cli/cli.test.ts has 50,000 `[` too).
  const files: Record<string, string> = {
    'flow.yaml': `${header}${'['.repeat(100_000)}${']'.repeat(100_000)}\n`,
    'map.yaml': `${header}${'{a: '.repeat(20_000)}1${'}'.repeat(20_000)}\n`,
    'edge.yaml': `${header}${'['.repeat(2_000)}${']'.repeat(2_000)}\n`,
    ...(STRESS
      ? { 'compact.yaml': `${header}\n            ${'- '.repeat(50_000)}x\n`, 'json.json': `${'{"a":'.repeat(50_000)}1${'}'.repeat(50_000)}\n` }
      : { 'compact.yaml': `${header}\n            ${'- '.repeat(5_000)}x\n` }),
  };

  it('reports each file once, saying it is nested too deeply, in bounded time, without a stack trace, and lints the rest', async () => {
    const root = project({ '.kubeready.yaml': only(['pdb-missing']), 'deploy.yaml': deployment('shop-api'), ...files });
    const run = await runCliAsync(['lint', '-f', 'json', '.'], { cwd: root, timeoutMs: 60_000 });
    expect(run.timedOut).toBe(false);
    expect(run.ms).toBeLessThan(30_000);
    expect(run.stderr).toBe('');
    expect(run.stdout).not.toMatch(STACK_TRACE);
    const findings = JSON.parse(run.stdout).findings as { file: string; ruleId: string; message: string }[];
    expect(findings.filter((f) => f.ruleId === 'internal-error')).toEqual([]);
    expect(findings.filter((f) => f.file === 'deploy.yaml').map((f) => f.ruleId)).toEqual(['pdb-missing']);
    // The yaml library turns its own stack overflow into document errors whose message is JavaScript's, once or
    // dozens of times: one finding per document must say what is wrong.
    for (const file of ['flow.yaml', 'map.yaml', 'compact.yaml', 'edge.yaml']) {
      const mine = findings.filter((f) => f.file === file && f.ruleId === 'yaml-syntax');
      expect(mine, file).toHaveLength(1);
      expect(mine[0]!.message, file).toMatch(/nest/i);
      expect(mine[0]!.message, file).not.toMatch(/call stack/i);
    }
  });
});

describe('size: a 50 MB file, lines of megabytes', () => {
  const big = (bytes: number) => {
    const head = 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: big\ndata:\n  blob: |\n';
    const line = `    ${'y'.repeat(95)}\n`;
    return head + line.repeat(Math.ceil((bytes - head.length) / line.length));
  };

  it('skips a 50 MB file over the default cap with a clear finding, quickly and without reading it into memory', async () => {
    const root = project({ '.kubeready.yaml': only(['pdb-missing', 'config-object-too-large']), 'deploy.yaml': deployment('shop-api'), 'huge.yaml': big(50 * 1024 * 1024) });
    const run = await runCliAsync(['lint', '.'], { cwd: root });
    expect(run.stderr).toBe('');
    expect(run.stdout).toMatch(/^huge\.yaml:1:1 +error +Cannot lint this file: file is 50\.0 MB, over the 20\.0 MB limit \(maxFileSize\); it was not linted\. +file-unreadable$/m);
    expect(run.stdout).toMatch(PDB_MISSING_LINE('deploy.yaml'));
    expect(run.ms).toBeLessThan(15_000);
    rmSync(root, { recursive: true, force: true });
  });

  it('maxFileSize is configurable both ways: a file over the cap is linted once it is raised, a small file refused under a low one', async () => {
    // The 50 MB file under a 64 MB cap in the stress tier (the test above shows the default cap refusing it); a
    // 2 MB file in `npm test`, which the 1 KB cap below refuses.
    const size = STRESS ? 50 * 1024 * 1024 : 2 * 1024 * 1024;
    const root = project({ 'huge.yaml': big(size), '.kubeready.yaml': only(['config-object-too-large'], { maxFileSize: size + 4 * 1024 * 1024 }) });
    const raised = await runCliAsync(['lint', 'huge.yaml'], { cwd: root, timeoutMs: 60_000 });
    expect(raised.stderr).toBe('');
    expect(raised.stdout).not.toMatch(/file-unreadable/);
    expect(raised.stdout).toMatch(/^huge\.yaml:5:1 +error +ConfigMap "big" holds \d+\.\d+ MiB/m);
    writeFileSync(join(root, '.kubeready.yaml'), only(['pdb-missing'], { maxFileSize: 1024 }));
    writeFileSync(join(root, 'small.yaml'), big(3000));
    writeFileSync(join(root, 'tiny.yaml'), deployment('tiny').slice(0, 1000));
    const lowered = await runCliAsync(['lint', 'small.yaml', 'huge.yaml', 'tiny.yaml'], { cwd: root });
    expect(lowered.stdout).toMatch(/^small\.yaml:1:1 +error +Cannot lint this file: file is 3\.0 KB, over the 1\.0 KB limit \(maxFileSize\); it was not linted\. +file-unreadable$/m);
    expect(lowered.stdout).toMatch(new RegExp(`^huge\\.yaml:1:1 +error +Cannot lint this file: file is ${(size / 1048576).toFixed(1)} MB, over the 1\\.0 KB limit`, 'm'));
    expect(lowered.stdout).toMatch(PDB_MISSING_LINE('tiny.yaml'));
    rmSync(root, { recursive: true, force: true });
  });

  it('lints lines of megabytes (a value, a flow list, a comment, a quoted string, a Helm-like string) in bounded time', async () => {
    // 4 MiB lines in the stress tier, 1.25 MiB in `npm test`.
    const mb = STRESS ? 4 * 1024 * 1024 : 1.25 * 1024 * 1024;
    const root = project({
      '.kubeready.yaml': only(['pdb-missing', 'config-object-too-large']),
      'value.yaml': `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: value\ndata:\n  blob: ${'z'.repeat(mb)}\n`,
      'flow.yaml': `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: flow\nx-list: [${Array.from({ length: mb / 20 }, (_, i) => `v${i}`).join(', ')}]\n`,
      'comment.yaml': `# ${'#'.repeat(mb)}\n${deployment('comment')}`,
      'quoted.yaml': `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: quoted\ndata:\n  blob: "${'\\"a'.repeat(mb / 3)}"\n`,
      'braces.yaml': `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: braces\ndata:\n  blob: '${'{{ x }}'.repeat(mb / 7)}'\n`,
    });
    const run = await runCliAsync(['lint', '.'], { cwd: root, timeoutMs: 90_000 });
    expect(run.timedOut).toBe(false);
    expect(run.ms).toBeLessThan(45_000);
    expect(run.stderr).toBe('');
    expect(run.stdout).toMatch(new RegExp(`^value\\.yaml:5:1 +error +ConfigMap "value" holds ${(mb / 1048576).toFixed(2)} MiB`, 'm'));
    expect(run.stdout).toMatch(/^comment\.yaml:\d+:3 +warning .* pdb-missing$/m);
    expect(run.stdout).not.toMatch(/yaml-syntax|internal-error|file-unreadable/);
  }, 120_000);

  // A duplicate-key check that compares every key with every other one takes seconds on a mapping like this.
  // Linear means 8 times the keys cost about 8 times the time (64 times if quadratic): a ratio, not a clock.
  it('parses a mapping of many keys in linear time', () => {
    const configMap = (n: number) =>
      `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: keys\ndata:\n${Array.from({ length: n }, (_, i) => `  key-${i}: value`).join('\n')}\n`;
    expect(linearRatio((n) => parseFile(sourceText('keys.yaml', configMap(n))), 2_500)).toBeLessThan(24);
  });

  it('lints a mapping of 20,000 keys through the CLI', async () => {
    const keys = Array.from({ length: 20_000 }, (_, i) => `  key-${i}: value`).join('\n');
    // config-object-too-large reads ConfigMaps, so the document is parsed in full (not only its header).
    const root = project({ '.kubeready.yaml': only(['config-object-too-large']), 'keys.yaml': `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: keys\ndata:\n${keys}\n` });
    const run = await runCliAsync(['lint', '.'], { cwd: root, timeoutMs: 30_000 });
    expect(run.timedOut).toBe(false);
    expect(run.stdout).not.toMatch(/yaml-syntax|file-unreadable/);
  }, 60_000);

  it('reads a header value with a long run of spaces in linear time', async () => {
    const root = project({ '.kubeready.yaml': only(['pdb-missing']), 'spaces.yaml': `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: "${' '.repeat(48_000)}x"\n` });
    const run = await runCliAsync(['lint', '.'], { cwd: root, timeoutMs: 20_000 });
    expect(run.timedOut).toBe(false);
    expect(run.ms).toBeLessThan(10_000);
  });
});

describe('links, devices and pipes', () => {
  it('reports a two-link cycle and a dangling link, and does not hang on a directory loop in the project context', async () => {
    const root = project({ '.git/HEAD': 'ref: refs/heads/main\n', '.kubeready.yaml': only(['pdb-missing']), 'k8s/deploy.yaml': deployment('shop-api') });
    symlinkSync(join(root, 'b.yaml'), join(root, 'a.yaml'));
    symlinkSync(join(root, 'a.yaml'), join(root, 'b.yaml'));
    symlinkSync(join(root, 'missing.yaml'), join(root, 'dangling.yaml'));
    mkdirSync(join(root, 'k8s', 'loop'));
    symlinkSync(join(root, 'k8s'), join(root, 'k8s', 'loop', 'up'));
    symlinkSync(join(root, 'k8s', 'loop'), join(root, 'k8s', 'loop', 'self'));
    const all = await runCliAsync(['lint', '.'], { cwd: root, timeoutMs: 30_000 });
    expect(all.timedOut).toBe(false);
    expect(all.stderr).toBe('');
    expect(all.stdout).toMatch(unreadableLine('a.yaml', 'symbolic link loop'));
    expect(all.stdout).toMatch(unreadableLine('b.yaml', 'symbolic link loop'));
    expect(all.stdout).toMatch(PDB_MISSING_LINE('k8s/deploy.yaml'));
    // A hook linting one file still walks the whole project for context.
    const one = await runCliAsync(['lint', 'k8s/deploy.yaml'], { cwd: root, timeoutMs: 30_000 });
    expect(one.timedOut).toBe(false);
    expect(one.stdout).toMatch(PDB_MISSING_LINE('k8s/deploy.yaml'));
    const explicit = await runCliAsync(['lint', 'a.yaml', 'k8s/deploy.yaml'], { cwd: root });
    expect(explicit.stdout).toMatch(unreadableLine('a.yaml', 'symbolic link loop'));
    expect(explicit.stdout).toMatch(PDB_MISSING_LINE('k8s/deploy.yaml'));
  });

  it('skips a FIFO and a link to a device found in a directory instead of blocking on them', async () => {
    const root = project({ '.kubeready.yaml': only(['pdb-missing']), 'deploy.yaml': deployment('shop-api') });
    execFileSync('mkfifo', [join(root, 'pipe.yaml')]);
    symlinkSync('/dev/zero', join(root, 'zero.yaml'));
    const run = await runCliAsync(['lint', '.'], { cwd: root, timeoutMs: 20_000 });
    expect(run.timedOut).toBe(false);
    expect(run.stdout).toMatch(PDB_MISSING_LINE('deploy.yaml'));
  });

  it('reads a device or a pipe given as a path only up to maxFileSize, with a clear finding, and lints a pipe of manifests', async () => {
    const root = project({ '.kubeready.yaml': only(['pdb-missing']), 'deploy.yaml': deployment('shop-api') });
    symlinkSync('/dev/zero', join(root, 'zero.yaml'));
    const run = await runCliAsync(['lint', 'zero.yaml', 'deploy.yaml'], { cwd: root, timeoutMs: 20_000 });
    expect(run.timedOut).toBe(false);
    expect(run.stderr).toBe('');
    expect(run.stdout).toMatch(unreadableLine('zero.yaml', 'not a regular file, and it yields more than the 20.0 MB limit (maxFileSize)'));
    expect(run.stdout).toMatch(PDB_MISSING_LINE('deploy.yaml'));
    // `kubeready lint <(helm template …)`: a pipe named on the command line is read to its end.
    execFileSync('mkfifo', [join(root, 'rendered.yaml')]);
    const linting = runCliAsync(['lint', 'rendered.yaml'], { cwd: root, timeoutMs: 20_000 });
    writeFileSync(join(root, 'rendered.yaml'), deployment('rendered'));
    const piped = await linting;
    expect(piped.stderr).toBe('');
    expect(piped.stdout).toMatch(PDB_MISSING_LINE('rendered.yaml'));
  });
});

describe('permissions: another user runs the CLI', () => {
  it.runIf(IS_ROOT)('names an unreadable file and an unreadable directory, and lints the rest', async () => {
    const root = project({ '.kubeready.yaml': only(['pdb-missing']), 'deploy.yaml': deployment('shop-api'), 'secret.yaml': deployment('secret'), 'private/inner.yaml': deployment('inner') });
    shareWithEveryone(root);
    chmodSync(join(root, 'secret.yaml'), 0o600);
    chmodSync(join(root, 'private'), 0o700);
    const run = await runCliAsync(['lint', '.'], { cwd: root, uid: NOBODY });
    expect(run.stderr).toBe('');
    expect(run.stdout).toMatch(PDB_MISSING_LINE('deploy.yaml'));
    expect(run.stdout).toMatch(unreadableLine('secret.yaml', 'permission denied'));
    expect(run.stdout).toMatch(/^private:1:1 +error +Cannot lint this file: permission denied/m);
    expect(run.stdout).not.toMatch(/inner\.yaml/);
    expect(run.code).toBe(1);
  });

  it.runIf(IS_ROOT)('an unreadable config file stops the run with exit 2 and names it', async () => {
    const root = project({ '.kubeready.yaml': only(['pdb-missing']), 'deploy.yaml': deployment('shop-api') });
    shareWithEveryone(root);
    chmodSync(join(root, '.kubeready.yaml'), 0o600);
    giveTo(join(root, '.kubeready.yaml'), 0);
    const run = await runCliAsync(['lint', '.'], { cwd: root, uid: NOBODY });
    expect(run.stderr).toMatch(/cannot read config file .*\.kubeready\.yaml: EACCES/);
    expect(run.stderr).not.toMatch(STACK_TRACE);
    expect(run.code).toBe(2);
  });
});

describe('files deleted or changed while the CLI runs', () => {
  const COUNT = STRESS ? 1500 : 300;
  const files = () => Object.fromEntries(Array.from({ length: COUNT }, (_, i) => [`m/f${String(i).padStart(4, '0')}.yaml`, deployment(`app-${i}`)]));

  it('a file deleted after discovery is reported as such, one replaced keeps linting, and the run completes', async () => {
    const root = project({ '.kubeready.yaml': only(['pdb-missing']), ...files() });
    const names = readdirSync(join(root, 'm')).sort();
    let stop = false;
    let deleted = 0;
    const churn = (async () => {
      // Delete from the end (the CLI reads in sorted order), rewrite from the middle, until the CLI exits.
      for (let i = names.length - 1; !stop && i >= 0; i -= 3) {
        try {
          unlinkSync(join(root, 'm', names[i]!));
          deleted++;
          writeFileSync(join(root, 'm', names[Math.floor(i / 2)]!), deployment(`rewritten-${i}`));
        } catch {
          // already gone
        }
        await new Promise((resolve) => setImmediate(resolve));
      }
    })();
    const run = await runCliAsync(['lint', 'm'], { cwd: root, timeoutMs: 90_000 });
    stop = true;
    await churn;
    expect(run.timedOut).toBe(false);
    expect(run.stderr).not.toMatch(STACK_TRACE);
    expect(run.stderr).toBe('');
    expect([0, 1]).toContain(run.code);
    expect(run.stdout).toMatch(/✖ \d+ problems? .* in \d+ files?/);
    // Whatever vanished between discovery and reading is named with the reason; nothing else is unreadable.
    for (const line of run.stdout.split('\n').filter((l) => l.includes('file-unreadable'))) expect(line).toMatch(/Cannot lint this file: file not found \(deleted while linting\?\)/);
    expect(deleted).toBeGreaterThan(0);
  });

  it('--fix never overwrites a change made after the file was read, and leaves no temporary file behind', async () => {
    const pinned = (i: number) => deployment(`app-${i}`, '\n          imagePullPolicy: Always');
    const FIXED = STRESS ? 400 : 150;
    const root = project({ '.kubeready.yaml': only(['image-pull-at-every-start']), ...Object.fromEntries(Array.from({ length: FIXED }, (_, i) => [`m/f${String(i).padStart(3, '0')}.yaml`, pinned(i)])) });
    const userText = (i: number) => `# edited by the user while --fix ran\n${pinned(i).replace('replicas: 3', 'replicas: 4')}`;
    const written = new Set<number>();
    let stop = false;
    const churn = (async () => {
      for (let round = 0; !stop && round < FIXED; round++) {
        const i = (round * 7) % FIXED;
        writeFileSync(join(root, 'm', `f${String(i).padStart(3, '0')}.yaml`), userText(i));
        written.add(i);
        await new Promise((resolve) => setTimeout(resolve, 2));
      }
    })();
    const run = await runCliAsync(['lint', '--fix', 'm'], { cwd: root, timeoutMs: 90_000 });
    stop = true;
    await churn;
    expect(run.timedOut).toBe(false);
    expect(run.stderr).not.toMatch(STACK_TRACE);
    const fixedOf = (text: string) => text.replace('imagePullPolicy: Always', 'imagePullPolicy: IfNotPresent');
    for (let i = 0; i < FIXED; i++) {
      const text = readFileSync(join(root, 'm', `f${String(i).padStart(3, '0')}.yaml`), 'utf8');
      if (written.has(i)) expect([userText(i), fixedOf(userText(i))], `f${i}: the user's edit survives`).toContain(text);
      else expect([pinned(i), fixedOf(pinned(i))]).toContain(text);
    }
    // Refusals are named, with the reason, and make the run exit 2.
    for (const line of run.stderr.split('\n').filter(Boolean)) expect(line).toMatch(/^kubeready: m\/f\d+\.yaml: the file changed since it was read; not written$/);
    if (run.stderr) expect(run.code).toBe(2);
    expect(readdirSync(join(root, 'm')).filter((name) => name.includes('.kubeready-'))).toEqual([]);
    expect(existsSync(join(root, 'm'))).toBe(true);
  });
});

/** The time of `work(8n)` over that of `work(n)`, each the best of three: about 8 when linear, 64 when quadratic. */
function linearRatio(work: (n: number) => unknown, n: number): number {
  const best = (size: number) =>
    Math.min(
      ...[0, 1, 2].map(() => {
        const started = performance.now();
        work(size);
        return performance.now() - started;
      }),
    );
  best(n); // warm-up
  return best(8 * n) / Math.max(best(n), 0.01);
}
