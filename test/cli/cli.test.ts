import { chmodSync, existsSync, mkdirSync, readFileSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { RULES } from '../../rules';
import { project, runCli } from '../support/cli';
import { brokenGateway, crd, deployment, only, pdb } from '../support/manifests';

/** A `.kubeready.yaml` that leaves only the named catalog rules on, so outputs stay exact as the catalog grows. */
const PDB_MESSAGE = (name: string, n = 3) =>
  `No PodDisruptionBudget selects the pods of Deployment "${name}": a node drain or Karpenter consolidation may evict all ${n} replicas at once.`;

describe('kubeready lint', () => {
  it('prints file:line:col  severity  message  rule-id and a summary, exit 0 for warnings only', () => {
    const root = project({ '.kubeready.yaml': only(['pdb-missing']), 'deploy.yaml': deployment('shop-api'), 'ok.yaml': `${deployment('web')}---\n${pdb('web')}` });
    const result = runCli(['lint', '.'], { cwd: root });
    expect(result.stderr).toBe('');
    expect(result.stdout).toBe(
      `deploy.yaml:4:3  warning  ${PDB_MESSAGE('shop-api')}  pdb-missing\n\n✖ 1 problem (0 errors, 1 warning, 0 info) in 2 files\n`,
    );
    expect(result.code).toBe(0);
  });

  it('says so when there is nothing to report', () => {
    const root = project({ '.kubeready.yaml': only(['pdb-missing']), 'ok.yaml': `${deployment('web')}---\n${pdb('web')}` });
    expect(runCli(['lint'], { cwd: root })).toEqual({ code: 0, stdout: '✔ No problems found in 1 file.\n', stderr: '' });
  });

  it('colors the stylish report on request', () => {
    const root = project({ '.kubeready.yaml': only(['pdb-missing']), 'deploy.yaml': deployment('shop-api') });
    const { stdout } = runCli(['lint', '--color', '.'], { cwd: root });
    expect(stdout).toContain('\u001b[33mwarning\u001b[0m');
  });

  it('exits 1 on errors and on more warnings than --max-warnings', () => {
    const root = project({ '.kubeready.yaml': only(['pdb-missing']), 'deploy.yaml': deployment('shop-api') });
    expect(runCli(['lint', '--max-warnings', '0', '.'], { cwd: root }).code).toBe(1);
    expect(runCli(['lint', '--max-warnings', '1', '.'], { cwd: root }).code).toBe(0);
    expect(runCli(['lint', '--rule', 'pdb-missing=error', '.'], { cwd: root }).code).toBe(1);
    expect(runCli(['lint', '--rule', 'pdb-missing=off', '.'], { cwd: root }).stdout).toBe('✔ No problems found in 1 file.\n');
  });

  it('--quiet reports errors only', () => {
    const root = project({ '.kubeready.yaml': only(['pdb-missing']), 'deploy.yaml': deployment('shop-api'), 'bad.yaml': 'apiVersion: v1\nkind: [\n' });
    const { stdout, code } = runCli(['lint', '--quiet', '.'], { cwd: root });
    expect(stdout).toContain('bad.yaml:3:1  error');
    expect(stdout).not.toContain('pdb-missing');
    expect(code).toBe(1);
  });

  it('sees a PDB in another file of the git work tree when a hook lints one file', () => {
    const root = project({ '.git/HEAD': 'ref: refs/heads/main\n', 'k8s/deploy.yaml': deployment('shop-api'), 'k8s/pdb.yaml': pdb('shop-api') });
    const onlyPdb = ['--rule', 'pdb-missing=warning', ...RULES.filter((r) => r.meta.category !== 'kubeready' && r.meta.id !== 'pdb-missing').flatMap((r) => ['--rule', `${r.meta.id}=off`])];
    expect(runCli(['lint', ...onlyPdb, 'k8s/deploy.yaml'], { cwd: root }).stdout).toBe('✔ No problems found in 1 file.\n');
    // --no-context limits the project to the given paths.
    expect(runCli(['lint', ...onlyPdb, '--no-context', 'k8s/deploy.yaml'], { cwd: root }).stdout).toContain('pdb-missing');
  });

  it('ignores files that .gitignore ignores when it builds the project', () => {
    const root = project({ '.git/HEAD': '', '.gitignore': 'build/\n', 'deploy.yaml': deployment('shop-api'), 'build/pdb.yaml': pdb('shop-api'), '.kubeready.yaml': only(['pdb-missing']) });
    // With a config file, the project is its folder; .gitignore still applies.
    expect(runCli(['lint', 'deploy.yaml'], { cwd: root }).stdout).toContain('pdb-missing');
  });

  it('--context points the project at another folder', () => {
    const root = project({ 'app/deploy.yaml': deployment('shop-api'), 'platform/pdb.yaml': pdb('shop-api'), '.kubeready.yaml': only(['pdb-missing']) });
    expect(runCli(['lint', '--context', 'platform', 'app/deploy.yaml'], { cwd: root }).stdout).toBe('✔ No problems found in 1 file.\n');
  });

  it('reads stdin with --stdin-filename and resolves the project from that name', () => {
    const root = project({ '.kubeready.yaml': only(['pdb-missing']), 'pdb.yaml': pdb('shop-api') });
    const covered = runCli(['lint', '--stdin-filename', 'deploy.yaml', '-'], { cwd: root, stdin: deployment('shop-api') });
    expect(covered.stdout).toBe('✔ No problems found in 1 file.\n');
    const uncovered = runCli(['lint', '--stdin-filename', 'other.yaml', '-'], { cwd: root, stdin: deployment('other') });
    expect(uncovered.stdout).toContain(`other.yaml:4:3  warning  ${PDB_MESSAGE('other')}  pdb-missing`);
  });

  it('reads stdin without a file name', () => {
    const root = project({ '.kubeready.yaml': only(['pdb-missing']) });
    expect(runCli(['lint', '-'], { cwd: root, stdin: deployment('x') }).stdout).toContain('<stdin>:4:3  warning');
  });

  it('writes the report to --output', () => {
    const root = project({ '.kubeready.yaml': only(['pdb-missing']), 'deploy.yaml': deployment('shop-api') });
    const result = runCli(['lint', '-f', 'json', '-o', 'report.json', '.'], { cwd: root });
    expect(result.stdout).toBe('');
    expect(JSON.parse(readFileSync(join(root, 'report.json'), 'utf8')).findings).toHaveLength(1);
  });
});

describe('--jobs: worker threads share a run out', () => {
  // Budgets in one file cover Deployments in others, a config ignore is used only by a file another worker
  // lints, and one file cannot be read: the shared-out run must still report exactly what one thread does.
  const files: Record<string, string | Buffer> = {
    '.kubeready.yaml': only(['pdb-missing', 'image-pull-at-every-start'], { ignore: [{ rules: ['pdb-missing'], path: 'apps/app-7.yaml', reason: 'batch' }, { rules: ['pdb-missing'], path: 'nowhere.yaml', reason: 'gone' }] }),
    'budgets.yaml': [1, 2, 3].map((n) => pdb(`app-${n}`)).join('---\n'),
    'binary.yaml': Buffer.from([0x00, 0x01, 0x02]),
  };
  for (let n = 1; n <= 12; n++) files[`apps/app-${n}.yaml`] = deployment(`app-${n}`).replace(':1.0.0', n % 2 ? ':latest' : ':1.0.0');
  const root = project(files);

  for (const format of ['json', 'sarif', 'stylish']) {
    it(`gives the same ${format} report as one thread`, () => {
      const single = runCli(['lint', '--jobs', '1', '-f', format, '.'], { cwd: root });
      const shared = runCli(['lint', '--jobs', '3', '-f', format, '.'], { cwd: root });
      expect(single.stderr).toBe('');
      expect(single.code).toBe(1);
      expect(shared).toEqual(single);
    });
  }

  it('reports each problem once, in file order, with cross-file budgets seen', () => {
    const report = JSON.parse(runCli(['lint', '--jobs', '4', '-f', 'json', '.'], { cwd: root }).stdout);
    const pdbFiles = report.findings.filter((f: { ruleId: string }) => f.ruleId === 'pdb-missing').map((f: { file: string }) => f.file);
    expect(pdbFiles).toEqual([4, 5, 6, 8, 9, 10, 11, 12].map((n) => `apps/app-${n}.yaml`).sort());
    expect(report.findings.map((f: { ruleId: string }) => f.ruleId)).toContain('file-unreadable');
    expect(report.findings.filter((f: { ruleId: string; message: string }) => f.ruleId === 'unused-suppression')).toHaveLength(1);
  });

  it('rejects a --jobs that is not a whole number of at least 1', () => {
    expect(runCli(['lint', '--jobs', '0', '.'], { cwd: root })).toMatchObject({ code: 2, stderr: expect.stringContaining('--jobs takes a whole number of at least 1, not "0"') });
  });
});

describe('syntax errors in documents no rule reads', () => {
  // Such documents (CRDs, Gateways) are checked on a second core when there are many bytes of them, else on
  // the main thread: both must report the same, at the same places.
  const brokenCrd = crd(0).replace('          type: object', '        type: object');
  const small = {
    '.kubeready.yaml': only(['pdb-missing']),
    'broken-crd.yaml': brokenCrd,
    'gateway.yaml': `${deployment('web')}---\n${brokenGateway}`,
  };
  const syntaxFindings = (root: string) =>
    JSON.parse(runCli(['lint', '-f', 'json', '.'], { cwd: root }).stdout).findings.map((f: { file: string; line: number; column: number; ruleId: string }) => `${f.file}:${f.line}:${f.column} ${f.ruleId}`);
  const expected = ['broken-crd.yaml:15:15 yaml-syntax', 'broken-crd.yaml:15:15 yaml-syntax', 'gateway.yaml:4:3 pdb-missing', 'gateway.yaml:26:1 yaml-syntax'];

  it('are reported in a small run', () => {
    expect(syntaxFindings(project(small))).toEqual(expected);
  });

  it('are reported the same when many bytes of them are checked on a second core', () => {
    const many = Array.from({ length: 400 }, (_, n) => crd(n + 1)).join('---\n');
    expect(many.length).toBeGreaterThan(600_000);
    expect(syntaxFindings(project({ ...small, 'crds.yaml': many }))).toEqual(expected);
  });
});

describe('output formats', () => {
  const root = project({ '.kubeready.yaml': only(['pdb-missing']), 'deploy.yaml': deployment('shop-api'), 'bad.yaml': 'apiVersion: v1\nkind: [\n' });

  it('json gives rule, severity, message, file, 1-based range, resource and fixability', () => {
    const result = runCli(['lint', '--format', 'json', '.'], { cwd: root });
    const report = JSON.parse(result.stdout);
    expect(report.findings).toEqual([
      {
        ruleId: 'yaml-syntax',
        severity: 'error',
        message: expect.stringMatching(/^YAML syntax error: /),
        file: 'bad.yaml',
        line: 3,
        column: 1,
        endLine: 3,
        endColumn: 1,
        resource: null,
        fixable: false,
        suggestions: [],
        docsUrl: 'https://github.com/kubeready/kubeready/blob/main/rules/yaml-syntax/yaml-syntax.md',
      },
      {
        ruleId: 'pdb-missing',
        severity: 'warning',
        message: PDB_MESSAGE('shop-api'),
        file: 'deploy.yaml',
        line: 4,
        column: 3,
        endLine: 4,
        endColumn: 7,
        resource: { apiVersion: 'apps/v1', kind: 'Deployment', namespace: 'default', name: 'shop-api' },
        fixable: false,
        suggestions: ['Add a PodDisruptionBudget for shop-api'],
        docsUrl: 'https://github.com/kubeready/kubeready/blob/main/rules/pdb-missing/pdb-missing.md',
      },
    ]);
    expect(report.summary).toEqual({ files: 2, errors: 1, warnings: 1, infos: 0, fixable: 0 });
    expect(result.code).toBe(1);
  });

  it('sarif carries rule metadata with helpUri, regions and namespace/Kind/name', () => {
    const sarif = JSON.parse(runCli(['lint', '--format', 'sarif', '.'], { cwd: root }).stdout);
    expect(sarif.version).toBe('2.1.0');
    const run = sarif.runs[0];
    expect(run.tool.driver.name).toBe('kubeready');
    expect(run.tool.driver.rules.map((r: { id: string }) => r.id)).toEqual(RULES.map((r) => r.meta.id));
    const rule = run.tool.driver.rules.find((r: { id: string }) => r.id === 'pdb-missing');
    expect(rule.helpUri).toBe('https://github.com/kubeready/kubeready/blob/main/rules/pdb-missing/pdb-missing.md');
    const result = run.results.find((r: { ruleId: string }) => r.ruleId === 'pdb-missing');
    expect(result.level).toBe('warning');
    expect(result.ruleIndex).toBe(RULES.findIndex((r) => r.meta.id === 'pdb-missing'));
    expect(result.locations[0].physicalLocation).toEqual({
      artifactLocation: { uri: 'deploy.yaml', uriBaseId: 'SRCROOT' },
      region: { startLine: 4, startColumn: 3, endLine: 4, endColumn: 7 },
    });
    expect(result.locations[0].logicalLocations).toEqual([{ name: 'shop-api', fullyQualifiedName: 'default/Deployment/shop-api', kind: 'resource' }]);
    expect(result.partialFingerprints['kubeready/v1']).toMatch(/^[0-9a-f]{32}$/);
  });

  it('github gives workflow-command annotations', () => {
    const { stdout } = runCli(['lint', '--format', 'github', '.'], { cwd: root });
    expect(stdout).toBe(
      `::error file=bad.yaml,line=3,col=1,endLine=3,endColumn=1,title=kubeready (yaml-syntax)::${JSON.parse(runCli(['lint', '-f', 'json', '.'], { cwd: root }).stdout).findings[0].message}\n` +
        `::warning file=deploy.yaml,line=4,col=3,endLine=4,endColumn=7,title=kubeready (pdb-missing)::${PDB_MESSAGE('shop-api')}\n`,
    );
  });
});

describe('bad input: a clear message, and everything else is still linted', () => {
  it('reports binary, invalid UTF-8, NUL bytes and oversized files by name and line, and lints the rest', () => {
    const root = project({
      '.kubeready.yaml': only(['pdb-missing'], { maxFileSize: 4096 }),
      'deploy.yaml': deployment('shop-api'),
      'image.yaml': Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0x00, 0x00]),
      'latin1.yaml': Buffer.concat([Buffer.from('apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: caf'), Buffer.from([0xe9]), Buffer.from('\n')]),
      'nul.yaml': 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: a\u0000b\n',
      'huge.yaml': `# ${'x'.repeat(5000)}\n`,
    });
    const { stdout, code } = runCli(['lint', '.'], { cwd: root });
    expect(stdout).toContain('deploy.yaml:4:3  warning');
    expect(stdout).toMatch(/huge\.yaml:1:1 +error +Cannot lint this file: file is 4\.9 KB, over the 4\.0 KB limit \(maxFileSize\); it was not linted\. +file-unreadable/);
    expect(stdout).toMatch(/image\.yaml:3:1 +error +Cannot lint this file: binary file \(NUL byte at line 3\); it was not linted\. +file-unreadable/);
    expect(stdout).toMatch(/latin1\.yaml:4:1 +error +Cannot lint this file: invalid UTF-8 at line 4; it was not linted\. +file-unreadable/);
    expect(stdout).toMatch(/nul\.yaml:4:1 +error +Cannot lint this file: binary file \(NUL byte at line 4\)/);
    expect(code).toBe(1);
  });

  it('survives an alias bomb and deep nesting without a stack trace or a hang', () => {
    const levels = ['a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]'];
    for (let i = 1; i < 10; i++) {
      const name = String.fromCharCode(97 + i);
      levels.push(`${name}: &${name} [${Array(9).fill(`*${String.fromCharCode(96 + i)}`).join(',')}]`);
    }
    const root = project({
      '.kubeready.yaml': only(['pdb-missing']),
      'bomb.yaml': `apiVersion: v1\nkind: ConfigMap\nmetadata: {name: bomb}\ndata:\n${levels.map((l) => `  ${l}`).join('\n')}\n`,
      'deep.yaml': `${'['.repeat(50000)}${']'.repeat(50000)}\n`,
      'deploy.yaml': deployment('shop-api'),
    });
    const started = Date.now();
    const { stdout, stderr, code } = runCli(['lint', '.'], { cwd: root });
    expect(Date.now() - started).toBeLessThan(20_000);
    expect(stderr).toBe('');
    expect(stdout).toMatch(/bomb\.yaml:1:1 +error +YAML aliases expand too far/);
    expect(stdout).toMatch(/deploy\.yaml:4:3 +warning/);
    expect(stdout).not.toMatch(/at .*\.js:\d+/);
    expect(code).toBe(1);
  });

  it('names a missing path, still lints the others, and exits 2', () => {
    const root = project({ '.kubeready.yaml': only(['pdb-missing']), 'deploy.yaml': deployment('shop-api') });
    const result = runCli(['lint', 'nope.yaml', 'deploy.yaml'], { cwd: root });
    expect(result.stderr).toBe('kubeready: no such file, directory or match: nope.yaml\n');
    expect(result.stdout).toContain('deploy.yaml:4:3  warning');
    expect(result.code).toBe(2);
  });

  it('reports an unreadable file and a symlink loop', () => {
    const root = project({ '.kubeready.yaml': only(['pdb-missing']), 'deploy.yaml': deployment('shop-api'), 'secret.yaml': 'a: 1\n' });
    chmodSync(join(root, 'secret.yaml'), 0o000);
    mkdirSync(join(root, 'loop'));
    symlinkSync(join(root, 'loop'), join(root, 'loop', 'again'));
    symlinkSync(join(root, 'self.yaml'), join(root, 'self.yaml'));
    const { stdout, code } = runCli(['lint', '.'], { cwd: root });
    expect(stdout).toContain('deploy.yaml:4:3  warning');
    if (process.getuid?.() !== 0) expect(stdout).toMatch(/secret\.yaml:1:1 +error +Cannot lint this file: permission denied/);
    expect(stdout).toMatch(/self\.yaml:1:1 +error +Cannot lint this file: symbolic link loop/);
    expect(code).toBe(1);
  });

  it('stops on a bad config with exit 2 and names the file, line and key', () => {
    const root = project({ '.kubeready.yaml': 'rules:\n  pdb-missing: loud\n', 'deploy.yaml': deployment('shop-api') });
    const result = runCli(['lint', '.'], { cwd: root });
    expect(result.stdout).toBe('');
    expect(result.stderr).toBe(
      '.kubeready.yaml:2:16: invalid config at "rules.pdb-missing": must be a severity (error, warning, info, off) or { severity, options }\n' +
        'kubeready: the config file is invalid; nothing was linted.\n',
    );
    expect(result.code).toBe(2);
  });

  it('rejects usage errors with exit 2', () => {
    const root = project({});
    expect(runCli(['lint', '--format', 'xml'], { cwd: root })).toMatchObject({ code: 2, stderr: expect.stringContaining('--format must be one of stylish, json, sarif, github') });
    expect(runCli(['lint', '--rule', 'pdb-missing=loud'], { cwd: root }).code).toBe(2);
    expect(runCli(['lint', '--rule', 'no-such-rule=off'], { cwd: root })).toMatchObject({ code: 2, stderr: expect.stringContaining('unknown rule id(s): no-such-rule') });
    expect(runCli(['lint', '--bogus'], { cwd: root }).code).toBe(2);
    expect(runCli(['frobnicate'], { cwd: root }).code).toBe(2);
  });
});

describe('other commands', () => {
  it('--help and --version', () => {
    const root = project({});
    expect(runCli(['--help'], { cwd: root }).stdout).toContain('Usage: kubeready lint [options] [paths|globs|-]');
    const pkg = JSON.parse(readFileSync(join(__dirname, '..', '..', 'package.json'), 'utf8'));
    expect(runCli(['--version'], { cwd: root }).stdout).toBe(`${pkg.version}\n`);
  });

  it('rules lists every rule with category, severity, fixability and description', () => {
    const root = project({});
    const rows = JSON.parse(runCli(['rules', '--format', 'json'], { cwd: root }).stdout);
    expect(rows.map((r: { id: string }) => r.id)).toEqual(RULES.map((r) => r.meta.id));
    expect(rows.find((r: { id: string }) => r.id === 'pdb-missing')).toMatchObject({ category: 'reliability', severity: 'warning', fixable: 'unsafe' });
    const table = runCli(['rules'], { cwd: root }).stdout;
    expect(table.split('\n')[0]).toMatch(/^id +category +severity +fixable +description$/);
    expect(table).toMatch(/\npdb-missing +reliability +warning +unsafe +Replicated workloads need a PodDisruptionBudget/);
  });
});

export { existsSync, statSync, writeFileSync };
