// The TextMate injection grammar for `kubeready-disable` comments (syntaxes/), registered through package.json's
// contributes.grammars, run through vscode-tmgrammar-test (vscode-textmate + oniguruma, as in VS Code) as a process.
//
// An injection needs a host grammar for `source.yaml`. test/grammar/yaml-stub.tmLanguage.json always runs: it has
// VS Code's comment rule. Full YAML grammars run too when present (they also cover block scalars):
// * `tm-grammars` (npm), if installed;
// * VS Code's own YAML grammar files, e.g. from code-server's lib/vscode/extensions/yaml/syntaxes, named by
//   KUBEREADY_YAML_GRAMMARS (files or folders, separated like PATH).
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { delimiter, join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOT = join(__dirname, '..');
const require = createRequire(__filename);
const TOOL = require.resolve('vscode-tmgrammar-test/dist/unit.js');
const STUB = 'test/grammar/yaml-stub.tmLanguage.json';
const CASES = 'test/grammar/suppressions.test.yaml';
const FULL_GRAMMAR_CASES = 'test/grammar/*.test.yaml';
const GRAMMAR = join(ROOT, 'syntaxes/kubeready-comments.tmLanguage.json');

function grammarFiles(path: string): string[] {
  if (!existsSync(path)) return [];
  if (!statSync(path).isDirectory()) return [path];
  return readdirSync(path)
    .filter((name) => /^yaml.*\.json$/i.test(name))
    .map((name) => join(path, name));
}

function fullYamlGrammars(): { name: string; files: string[] }[] {
  const sets: { name: string; files: string[] }[] = [];
  const tmGrammars = join(ROOT, 'node_modules/tm-grammars/grammars/yaml.json');
  if (existsSync(tmGrammars)) sets.push({ name: 'tm-grammars', files: [tmGrammars] });
  for (const path of (process.env.KUBEREADY_YAML_GRAMMARS ?? '').split(delimiter).filter(Boolean)) {
    const files = grammarFiles(path);
    if (files.length) sets.push({ name: path, files });
  }
  return sets;
}

function runTool(grammars: string[], cases: string) {
  const result = spawnSync(process.execPath, [TOOL, '--compact', '--config', 'package.json', ...grammars.flatMap((g) => ['-g', g]), cases], {
    cwd: ROOT,
    encoding: 'utf8',
    timeout: 60_000,
  });
  return { status: result.status, output: `${result.stdout}${result.stderr}` };
}

describe('the kubeready-disable comment grammar', () => {
  it('is registered as an injection into source.yaml', () => {
    const manifest = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8'));
    const grammar = JSON.parse(readFileSync(GRAMMAR, 'utf8'));
    expect(manifest.contributes.grammars).toContainEqual({
      scopeName: grammar.scopeName,
      path: `./${relative(ROOT, GRAMMAR)}`,
      injectTo: ['source.yaml'],
    });
    expect(grammar.injectionSelector).toBe('L:comment.line.number-sign.yaml');
  });

  it('passes the grammar test cases on a YAML stub with VS Code comment rules', () => {
    const { status, output } = runTool([STUB], CASES);
    expect(output).toContain('run successfuly');
    expect(status, output).toBe(0);
  });

  it('fails when a scope is wrong (the tool checks what it claims to check)', () => {
    const { status, output } = runTool([STUB], 'test/grammar/must-fail/*.yaml');
    expect(status, output).not.toBe(0);
    expect(output).toContain('Missing required scopes: [ string.unquoted.reason.kubeready ]');
  });

  const sets = fullYamlGrammars();
  it.skipIf(sets.length === 0)('passes every case, block scalars included, on full YAML grammars', () => {
    for (const set of sets) {
      const { status, output } = runTool(set.files, FULL_GRAMMAR_CASES);
      expect(status, `${set.name}\n${output}`).toBe(0);
    }
  });

  it('has only possessive quantifiers, so no regex backtracks', () => {
    const grammar = JSON.parse(readFileSync(GRAMMAR, 'utf8'));
    const regexes: string[] = [];
    JSON.stringify(grammar, (key, value) => {
      if (['match', 'begin', 'end', 'while'].includes(key) && typeof value === 'string') regexes.push(value);
      return value;
    });
    expect(regexes.length).toBeGreaterThan(4);
    for (const regex of regexes) expect(backtrackingQuantifiers(regex), regex).toEqual([]);
  });

  it('tokenizes long adversarial lines quickly', () => {
    const result = spawnSync(process.execPath, [join(ROOT, 'test/grammar/linear-time.cjs'), join(ROOT, STUB), GRAMMAR, '20000'], {
      encoding: 'utf8',
      timeout: 60_000,
    });
    expect(result.status, result.stderr).toBe(0);
    const { worst } = JSON.parse(result.stdout) as { worst: { ms: number; line: string } };
    expect(worst.ms, worst.line).toBeLessThan(2_000);
  });
});

/** The quantifiers (`*`, `+`, `?`, `{m,n}`) of an Oniguruma regex that are not possessive (followed by `+`). */
function backtrackingQuantifiers(regex: string): string[] {
  const found: string[] = [];
  let classDepth = 0;
  for (let i = 0; i < regex.length; i++) {
    const c = regex[i]!;
    if (c === '\\') {
      i++;
      continue;
    }
    if (c === '[') classDepth++;
    else if (c === ']' && classDepth > 0) classDepth--;
    if (classDepth > 0) continue;
    let end = -1;
    if (c === '*' || c === '+') end = i;
    else if (c === '?' && regex[i - 1] !== '(') end = i;
    else if (c === '{') {
      const m = /^\{\d*(,\d*)?\}/.exec(regex.slice(i));
      if (m) end = i + m[0].length - 1;
    }
    if (end < 0) continue;
    if (regex[end + 1] === '+') {
      i = end + 1;
      continue;
    }
    found.push(`${regex.slice(Math.max(0, i - 12), end + 1)} at ${i}`);
    i = end;
  }
  return found;
}
