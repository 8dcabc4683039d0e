// The Neovim cases: each runs lsp-probe.lua in headless Neovim against the built server on its own copy of the
// fixture workspace, and asserts on the probe's JSON. Neovim 0.7 offers no pull diagnostics and no
// showDocument, so this is also the server's push and fallback path.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { copyDir } from '../lib/harness.mjs';

const HERE = path.dirname(fileURLToPath(import.meta.url));
const ROOT = path.resolve(HERE, '../../..');
const FIXTURES = path.join(HERE, '../fixtures');
const PROBE = path.join(HERE, 'lsp-probe.lua');
const SERVER = path.join(ROOT, 'dist/server.js');
const WARNING = 2;
const DOCS = (id) => `https://github.com/kubeready/kubeready/blob/main/rules/${id}/${id}.md`;
const expected = (name) => fs.readFileSync(path.join(FIXTURES, 'expected', name), 'utf8');

/**
 * Asserts a text equals fixtures/expected/<name>. With KUBEREADY_E2E_UPDATE_EXPECTED=1 it writes the actual text
 * there instead (review the diff before committing it).
 */
function assertText(actual, name, message) {
  if (process.env.KUBEREADY_E2E_UPDATE_EXPECTED === '1') fs.writeFileSync(path.join(FIXTURES, 'expected', name), actual);
  assert.equal(actual, expected(name), message);
}

/**
 * The rules the fixtures are built for. Assertions look at their findings only, so that a rule added to the
 * catalog later does not break the editor tests (the fixtures are clean under today's catalog anyway).
 */
export const RULES = ['zone-spread-missing', 'image-pull-at-every-start', 'pdb-missing'];
const ours = (list) => list.filter((d) => RULES.includes(d.code));

/** [code, line, character, endLine, endCharacter, severity] of LSP diagnostics, or of Neovim's own. */
const lspSummary = (list) => ours(list).map((d) => [d.code, d.range.start.line, d.range.start.character, d.range.end.line, d.range.end.character, d.severity]);
const nvimSummary = (list) => ours(list).map((d) => [d.code, d.lnum, d.col, d.end_lnum, d.end_col, d.severity]);

const FINDINGS = JSON.parse(fs.readFileSync(path.join(FIXTURES, 'findings.json'), 'utf8'));
const ZONE_SPREAD = ['zone-spread-missing', ...FINDINGS['worker.yaml']['zone-spread-missing'], WARNING];
const IMAGE_PULL = ['image-pull-at-every-start', ...FINDINGS['worker.yaml']['image-pull-at-every-start'], WARNING];
const PDB_MISSING = ['pdb-missing', ...FINDINGS['deploy.yaml without pdb.yaml']['pdb-missing'], WARNING];

/**
 * What `kubeready lint --fix` makes of a fixture file: fix-all in an editor must give the same bytes. (The
 * CLI is the reference, so that a safe fix added to the catalog later does not need a new expected file.)
 */
export function cliFixed(name, scratch) {
  const workspace = copyDir(path.join(FIXTURES, 'workspace'), scratch);
  const run = spawnSync(process.execPath, [path.join(ROOT, 'bin/kubeready.js'), 'lint', '--fix', name], { cwd: workspace, encoding: 'utf8' });
  if (run.status === 2 || run.error) throw new Error(`kubeready lint --fix ${name} failed: ${run.stderr}`);
  return fs.readFileSync(path.join(workspace, name), 'utf8');
}

/** The actions offered for one finding, in order: its fixes, then the suppressions and the docs. */
function standardActions(ruleId, resource, fixes) {
  return [
    ...fixes,
    { title: `Disable ${ruleId} for this line`, kind: 'quickfix', isPreferred: false, has_edit: true },
    { title: `Disable ${ruleId} for this resource`, kind: 'quickfix', isPreferred: false, has_edit: true },
    { title: `Ignore ${ruleId} for ${resource} in .kubeready.yaml`, kind: 'quickfix', isPreferred: false, has_edit: true },
    {
      title: `Show documentation for ${ruleId}`,
      kind: 'quickfix',
      isPreferred: false,
      has_edit: false,
      command: 'kubeready.server.showDocumentation',
      arguments: [ruleId],
    },
  ];
}

function actionsOf(result, code) {
  const entry = result.code_actions.find((e) => e.code === code);
  assert.ok(entry, `code actions were requested for ${code}`);
  // The request carries every diagnostic of the line, as vim.lsp.buf.code_action() sends it: keep this finding's.
  return entry.actions
    .filter((action) => action.diagnostic === code || action.diagnostic === undefined)
    .map(({ diagnostic, ...action }) => Object.fromEntries(Object.entries(action).filter(([, v]) => v !== undefined && v !== null)));
}

export const CASES = [
  {
    name: 'worker.yaml: push diagnostics, code actions, the safe quick-fix, commands',
    file: 'worker.yaml',
    apply: { title: 'Set imagePullPolicy: IfNotPresent on container "worker"' },
    commands: [
      { command: 'kubeready.server.showDocumentation', arguments: ['image-pull-at-every-start'] },
      { command: 'kubeready.server.lintWorkspace' },
    ],
    check(r) {
      assert.deepEqual(r.capabilities.codeActionKinds, ['quickfix', 'source.fixAll.kubeready']);
      assert.deepEqual(r.capabilities.commands, ['kubeready.server.showDocumentation', 'kubeready.server.lintWorkspace']);
      assert.equal(r.capabilities.pullDiagnostics, false, 'Neovim 0.7 does not offer pull diagnostics: the server pushes');
      assert.deepEqual(r.statuses[0], { state: 'indexing', done: 0, total: 4 });
      assert.deepEqual(r.statuses.at(-1), { state: 'idle' });

      assert.deepEqual(lspSummary(r.published), [ZONE_SPREAD, IMAGE_PULL]);
      for (const d of r.published) {
        assert.equal(d.source, 'kubeready');
        assert.equal(d.codeDescription.href, DOCS(d.code));
      }
      for (const d of ours(r.published)) {
        assert.equal(d.codeDescription.href, DOCS(d.code));
      }
      const [zone, pull] = ours(r.published);
      assert.match(zone.message, /^Deployment "orders-worker" runs up to 2 replicas with no zone spread/);
      assert.match(pull.message, /^Container "worker" of Deployment "orders-worker" sets imagePullPolicy: Always/);
      assert.deepEqual(nvimSummary(r.diagnostics), [ZONE_SPREAD, IMAGE_PULL], 'what vim.diagnostic shows');

      assert.deepEqual(
        actionsOf(r, 'image-pull-at-every-start'),
        standardActions('image-pull-at-every-start', 'Deployment/orders-worker', [
          { title: 'Set imagePullPolicy: IfNotPresent on container "worker"', kind: 'quickfix', isPreferred: true, has_edit: true },
        ]),
      );
      assert.deepEqual(
        actionsOf(r, 'zone-spread-missing'),
        standardActions('zone-spread-missing', 'Deployment/orders-worker', [
          { title: 'Spread orders-worker across zones and nodes', kind: 'quickfix', isPreferred: true, has_edit: true },
        ]),
      );

      assertText(r.text, 'worker.quick-fix.expected', 'the buffer after the quick-fix');
      assert.deepEqual(nvimSummary(r.after), [ZONE_SPREAD], 'diagnostics after the quick-fix');

      const [docs, lint] = r.commands;
      assert.equal(docs.result, DOCS('image-pull-at-every-start'));
      assert.ok(
        r.messages.some((m) => m.message.includes(DOCS('image-pull-at-every-start'))),
        `without showDocument, the URL is shown as a message: ${JSON.stringify(r.messages)}`,
      );
      assert.equal(lint.result.files, 4, 'kubeready.server.lintWorkspace: the manifests in the workspace');
      // zone-spread-missing is left in worker.yaml; other rules may add findings of their own.
      assert.ok(Number.isInteger(lint.result.problems) && lint.result.problems >= 1, `its problem count: ${lint.result.problems}`);
    },
  },
  {
    name: 'worker.yaml: source.fixAll.kubeready',
    file: 'worker.yaml',
    apply: { kind: 'source.fixAll.kubeready' },
    check(r, workspace) {
      assert.deepEqual(r.applied, { title: 'Fix all safe kubeready problems', kind: 'source.fixAll.kubeready', isPreferred: false, has_edit: true });
      const cli = cliFixed('worker.yaml', path.join(workspace, '..', 'cli'));
      assert.match(cli, /imagePullPolicy: IfNotPresent\n/);
      assert.match(cli, /topologyKey: topology\.kubernetes\.io\/zone\n/);
      assert.equal(r.text, cli, 'the buffer after fix-all is what kubeready lint --fix writes');
      assert.deepEqual(nvimSummary(r.after), [], 'diagnostics after fix-all');
    },
  },
  {
    name: 'worker.yaml: "Disable … for this line"',
    file: 'worker.yaml',
    apply: { title: 'Disable image-pull-at-every-start for this line' },
    check(r) {
      assertText(r.text, 'worker.disable-line.expected');
      assert.deepEqual(nvimSummary(r.after), [ZONE_SPREAD]);
    },
  },
  {
    name: 'deploy.yaml: its PDB in pdb.yaml counts (no diagnostics)',
    file: 'deploy.yaml',
    check(r) {
      assert.deepEqual(lspSummary(r.published), []);
      assert.deepEqual(nvimSummary(r.diagnostics), []);
    },
  },
  {
    name: 'deploy.yaml without pdb.yaml: pdb-missing and "Disable … for this resource"',
    file: 'deploy.yaml',
    remove: ['pdb.yaml'],
    apply: { title: 'Disable pdb-missing for this resource' },
    check(r) {
      assert.deepEqual(lspSummary(r.published), [PDB_MISSING]);
      assert.match(ours(r.published)[0].message, /^No PodDisruptionBudget selects the pods of Deployment "shop-api"/);
      assert.deepEqual(
        actionsOf(r, 'pdb-missing'),
        standardActions('pdb-missing', 'Deployment/shop-api', [
          { title: 'Add a PodDisruptionBudget for shop-api', kind: 'quickfix', isPreferred: false, has_edit: true },
        ]),
      );
      assertText(r.text, 'deploy.disable-resource.expected');
      assert.deepEqual(nvimSummary(r.after), []);
    },
  },
  {
    name: 'deploy.yaml without pdb.yaml: "Ignore … in .kubeready.yaml" creates the config',
    file: 'deploy.yaml',
    remove: ['pdb.yaml'],
    apply: { title: 'Ignore pdb-missing for Deployment/shop-api in .kubeready.yaml' },
    check(r, workspace) {
      const config = path.join(workspace, '.kubeready.yaml');
      assert.deepEqual(Object.keys(r.buffers).sort(), [config]);
      // Neovim applies an insert into a new, empty buffer above its one empty line, which leaves a blank last line.
      assert.equal(r.buffers[config].replace(/\n+$/, '\n'), expected('kubeready.ignore-pdb-missing.expected'));
    },
  },
];

/** Runs one case; returns its probe result (throws an AssertionError on failure). */
export async function runCase(run, testCase, index) {
  const dir = path.join(run.dir, 'neovim', String(index + 1));
  const workspace = copyDir(path.join(FIXTURES, 'workspace'), path.join(dir, 'workspace'));
  for (const file of testCase.remove ?? []) fs.rmSync(path.join(workspace, file));
  const home = path.join(dir, 'home');
  const out = path.join(dir, 'result.json');
  const log = path.join(dir, 'nvim.log');
  const code = await run.exec('nvim', ['--headless', '--clean', '-n', '-i', 'NONE', '-c', `luafile ${PROBE}`], {
    log,
    cwd: workspace,
    timeoutMs: 60000,
    env: {
      XDG_CONFIG_HOME: path.join(home, 'config'),
      XDG_DATA_HOME: path.join(home, 'data'),
      XDG_CACHE_HOME: path.join(home, 'cache'),
      XDG_STATE_HOME: path.join(home, 'state'),
      PROBE_CMD: JSON.stringify([process.execPath, SERVER, '--stdio']),
      PROBE_ROOT: workspace,
      PROBE_FILE: path.join(workspace, testCase.file),
      PROBE_SETTINGS: JSON.stringify(testCase.settings ?? {}),
      PROBE_APPLY: testCase.apply ? JSON.stringify(testCase.apply) : '',
      PROBE_COMMANDS: JSON.stringify(testCase.commands ?? []),
      PROBE_OUT: out,
    },
  });
  if (!fs.existsSync(out)) throw new Error(`nvim exited with ${code} and wrote no result; see ${log}`);
  const result = JSON.parse(fs.readFileSync(out, 'utf8'));
  if (!result.ok) throw new Error(`the probe failed: ${result.error}; see ${out}`);
  testCase.check(result, workspace);
  return { result, log, dir };
}
