import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from '../support/cli';

const REPO = join(__dirname, '..', '..');
const EXAMPLES = join(REPO, 'examples');

function files(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? files(path) : /\.ya?ml$/.test(name) && !name.startsWith('.') ? [path] : [];
  });
}

/** Lines ending in `# expect: rule-a, rule-b` name the findings kubeready must report on them, and no others. */
function expectations(): string[] {
  return files(EXAMPLES).flatMap((file) =>
    readFileSync(file, 'utf8')
      .split('\n')
      .flatMap((line, i) => {
        const match = /# expect: ([a-z0-9-, ]+)$/.exec(line);
        return match ? match[1]!.split(',').map((id) => `examples/${relative(EXAMPLES, file)}:${i + 1} ${id.trim()}`) : [];
      }),
  );
}

describe('the bundled examples', () => {
  it('show every headline rule firing, with correct neighbours that do not (npx kubeready lint examples/)', () => {
    const result = runCli(['lint', '--format', 'json', 'examples/'], { cwd: REPO });
    const actual = (JSON.parse(result.stdout).findings as { file: string; line: number; ruleId: string }[]).map((f) => `${f.file}:${f.line} ${f.ruleId}`);
    expect(actual.sort()).toEqual(expectations().sort());
    const rules = new Set(actual.map((a) => a.split(' ')[1]));
    for (const id of [
      'pdb-missing',
      'pdb-blocks-eviction',
      'zone-spread-missing',
      'spread-selector-mismatch',
      'single-zone-pinning',
      'readiness-probe-missing',
      'workload-single-replica',
      'probe-calls-kube-api',
      'init-container-kube-api-dependency',
      'webhook-fail-closed-unscoped',
      'image-pull-at-every-start',
      'image-tag-mutable',
    ]) {
      expect(rules, id).toContain(id);
    }
    expect(result.code).toBe(1);
  });

  it('print the line the README shows', () => {
    const { stdout } = runCli(['lint', 'examples/'], { cwd: REPO });
    const readme = readFileSync(join(REPO, 'README.md'), 'utf8');
    const shown = /```\n(examples\/shop\/api\.yaml:[^\n]+)\n```/.exec(readme)?.[1];
    expect(shown, 'README shows a sample line').toBeDefined();
    expect(stdout.split('\n').map((line) => line.replace(/ {2,}/g, '  '))).toContain(shown);
  });
});
