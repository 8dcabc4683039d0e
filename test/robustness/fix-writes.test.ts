/**
 * `--fix` loses nothing, through the CLI's own code (runLint, in process, so that a rule with a broken fix can
 * be added): a file whose fixed text would not parse is not written at all, not even the good fixes of other
 * rules in it, and says so; the other files of the run are fixed; a file changed since it was read is left alone.
 * test/cli/fix.test.ts covers line endings, the BOM and the file mode; cli-bad-input.test.ts a file changed while
 * a real run fixes 400 files, and that no temporary file is left behind.
 */
import { readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { RULES } from '../../rules';
import { parseCommandLine, type LintArgs } from '../../server/src/cli/args';
import { runLint } from '../../server/src/cli/lint-command';
import { defineRule } from '../../server/src/engine/rule-api';
import { project } from '../support/cli';
import { deployment, only } from './support';

/** A safe fix that writes `[` at the start of every Deployment named "broken": the text no longer parses. */
const breaking = defineRule({
  meta: {
    id: 'zz-breaks-yaml',
    category: 'reliability',
    severity: 'warning',
    signal: 'strong',
    fixable: 'safe',
    kinds: ['Deployment'],
    messages: { found: 'Found', fix: 'Break it' },
    docs: { description: 'test', source: { title: 't', url: 'u' } },
  },
  check({ resource, report }) {
    if (resource.name !== 'broken') return;
    report({ at: ['metadata', 'name'], messageId: 'found', fix: { messageId: 'fix', apply: (fix) => void fix.replaceText(resource, resource.node.range![0], resource.node.range![0], '[') } });
  },
});

async function lint(argv: string[], cwd: string) {
  const args = parseCommandLine(argv) as LintArgs;
  const out: string[] = [];
  const err: string[] = [];
  const code = await runLint(args, [...RULES, breaking], () => 'https://example.com', {
    cwd,
    stdout: (text) => out.push(text),
    stderr: (text) => err.push(text),
    readStdin: () => Buffer.alloc(0),
    isTty: false,
    env: {},
    today: '2026-06-15',
    version: 'test',
  });
  return { code, stdout: out.join(''), stderr: err.join('') };
}

const pinned = (name: string) => deployment(name, '\n          imagePullPolicy: Always # pinned by the platform team');

describe('--fix writes nothing it should not', () => {
  it('a file whose fixed text would not parse is left byte for byte, good fixes included; the others are fixed', async () => {
    const root = project({ '.kubeready.yaml': only(['image-pull-at-every-start', 'zz-breaks-yaml']), 'broken.yaml': pinned('broken'), 'fine.yaml': pinned('fine') });
    const before = readFileSync(join(root, 'broken.yaml'));
    const mode = statSync(join(root, 'broken.yaml')).mode;
    const run = await lint(['lint', '--fix', '.'], root);
    expect(run.stderr).toBe('kubeready: broken.yaml: fixes not applied, the fixed text would not parse.\n');
    expect(readFileSync(join(root, 'broken.yaml')).equals(before)).toBe(true);
    expect(statSync(join(root, 'broken.yaml')).mode).toBe(mode);
    expect(readFileSync(join(root, 'fine.yaml'), 'utf8')).toBe(pinned('fine').replace('Always # pinned', 'IfNotPresent # pinned'));
    // What was not fixed is still reported, in the file as it is on disk.
    expect(run.stdout).toMatch(/^broken\.yaml:\d+:\d+ +warning .* image-pull-at-every-start$/m);
    expect(readdirSync(root).filter((name) => name.includes('.kubeready-'))).toEqual([]);
  });

  it('--fix-dry-run shows no patch for such a file, and writes nothing anywhere', async () => {
    const root = project({ '.kubeready.yaml': only(['image-pull-at-every-start', 'zz-breaks-yaml']), 'broken.yaml': pinned('broken'), 'fine.yaml': pinned('fine') });
    const run = await lint(['lint', '--fix-dry-run', '.'], root);
    expect(run.stdout).toContain('+++ b/fine.yaml');
    expect(run.stdout).not.toContain('broken.yaml\n');
    expect(readFileSync(join(root, 'broken.yaml'), 'utf8')).toBe(pinned('broken'));
    expect(readFileSync(join(root, 'fine.yaml'), 'utf8')).toBe(pinned('fine'));
  });

  it('a file changed between reading and writing is not overwritten, and the run exits 2 naming it', async () => {
    const root = project({ '.kubeready.yaml': only(['image-pull-at-every-start', 'zz-edits-meanwhile']), 'a.yaml': pinned('a') });
    // A rule runs after the files were read and before the fixes are written: the moment to change the file.
    let changed = false;
    const meanwhile = defineRule({
      meta: { ...breaking.meta, id: 'zz-edits-meanwhile', fixable: undefined, messages: {} },
      check() {
        if (changed) return;
        changed = true;
        writeFileSync(join(root, 'a.yaml'), `# edited meanwhile\n${pinned('a')}`);
      },
    });
    const args = parseCommandLine(['lint', '--fix', '.']) as LintArgs;
    const err: string[] = [];
    const code = await runLint(args, [...RULES, meanwhile], () => 'u', {
      cwd: root,
      stdout: () => undefined,
      stderr: (text) => err.push(text),
      readStdin: () => Buffer.alloc(0),
      isTty: false,
      env: {},
      today: '2026-06-15',
      version: 'test',
    });
    expect(changed).toBe(true);
    expect(readFileSync(join(root, 'a.yaml'), 'utf8')).toBe(`# edited meanwhile\n${pinned('a')}`);
    expect(err.join('')).toBe('kubeready: a.yaml: the file changed since it was read; not written\n');
    expect(code).toBe(2);
  });
});
