import { describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import { RULES } from '../../rules';
import { parseConfig } from '../../server/src/engine/config';
import { Linter } from '../../server/src/engine/linter';
import { LineIndex } from '../../server/src/engine/text';

const deployment = (name: string, extra = '') => `apiVersion: apps/v1
kind: Deployment
metadata:
  name: ${name}${extra}
spec:
  replicas: 2
  selector:
    matchLabels: {app: ${name}}
  template:
    metadata:
      labels: {app: ${name}}
    spec:
      containers:
        - name: app
          image: app:1.0.0
`;

function lint(text: string, config: Record<string, unknown> = {}, file = 'deploy.yaml') {
  const off = Object.fromEntries(RULES.filter((r) => r.meta.category !== 'kubeready' && r.meta.id !== 'pdb-missing').map((r) => [r.meta.id, 'off']));
  const parsed = parseConfig(RULES, '.kubeready.yaml', stringify({ ...config, rules: off }));
  const linter = new Linter({ rules: RULES, config: parsed, today: '2026-06-15', relativePath: (f) => f });
  linter.setText(file, text);
  const lines = new LineIndex(text.replace(/^\uFEFF/, ''));
  const findings = linter.lint(file).findings.map((f) => `${lines.positionAt(f.start).line + 1} ${f.ruleId}${f.unnecessary ? ' (unnecessary)' : ''}`);
  return { findings, config: linter.configFindings({ reportUnused: true }).map((f) => `${f.ruleId}: ${f.message}`) };
}

describe('suppressions', () => {
  it('reports the finding when nothing suppresses it', () => {
    expect(lint(deployment('web')).findings).toEqual(['4 pdb-missing']);
  });

  it('disable-next-line before the resource silences that resource', () => {
    expect(lint(`# kubeready-disable-next-line pdb-missing -- the operator creates the PDB\n${deployment('web')}`).findings).toEqual([]);
  });

  it('disable-next-line before the node silences the finding on that line', () => {
    const text = deployment('web').replace('  name: web', '  # kubeready-disable-next-line pdb-missing -- reason\n  name: web');
    expect(lint(text).findings).toEqual([]);
  });

  it('disable-next-line elsewhere does not silence it, and is reported as unused', () => {
    const text = deployment('web').replace('  replicas: 2', '  # kubeready-disable-next-line pdb-missing\n  replicas: 2');
    expect(lint(text).findings).toEqual(['4 pdb-missing', '6 unused-suppression (unnecessary)']);
  });

  it('kubeready-disable silences the rest of its document only', () => {
    const text = `${deployment('a').replace('spec:\n', '# kubeready-disable pdb-missing\nspec:\n')}---\n${deployment('b')}`;
    // The comment is after the name of a, so a is still reported; b is another document.
    expect(lint(text).findings).toEqual(['4 pdb-missing', '5 unused-suppression (unnecessary)', '21 pdb-missing']);
    const before = `# kubeready-disable pdb-missing -- vendored chart\n${deployment('a')}---\n${deployment('b')}`;
    expect(lint(before).findings).toEqual(['21 pdb-missing']);
  });

  it('comments before --- belong to the next document', () => {
    const text = `${deployment('a')}# kubeready-disable pdb-missing\n---\n${deployment('b')}`;
    expect(lint(text).findings).toEqual(['4 pdb-missing']);
  });

  it('the kubeready.io/ignore annotation silences the rules it names on that object', () => {
    const text = deployment('web', '\n  annotations:\n    kubeready.io/ignore: "pdb-missing, zone-spread-missing"');
    expect(lint(text).findings).toEqual([]);
  });

  it('an annotation naming an unknown rule is reported', () => {
    const text = deployment('web', '\n  annotations:\n    kubeready.io/ignore: "pdb-missin"');
    expect(lint(text).findings).toEqual(['4 pdb-missing', '6 unused-suppression (unnecessary)']);
  });

  it('a marker inside a block scalar is not a comment', () => {
    const text = `${deployment('web')}---\napiVersion: v1\nkind: ConfigMap\nmetadata: {name: script}\ndata:\n  run.sh: |\n    # kubeready-disable pdb-missing\n    echo hi\n`;
    expect(lint(text).findings).toEqual(['4 pdb-missing']);
  });

  it('config ignores match by rule, kind, name glob, namespace and path', () => {
    const ignore = (entry: Record<string, unknown>) => lint(deployment('legacy-web'), { ignore: [{ rules: ['pdb-missing'], reason: 'r', ...entry }] });
    expect(ignore({ name: 'legacy-*' }).findings).toEqual([]);
    expect(ignore({ kind: 'Deployment', namespace: 'default' }).findings).toEqual([]);
    expect(ignore({ path: '*.yaml' }).findings).toEqual([]);
    expect(ignore({ name: 'other-*' }).findings).toEqual(['4 pdb-missing']);
    expect(ignore({ name: 'other-*' }).config).toEqual(['unused-suppression: Unused ignore: nothing in the project matches it (pdb-missing). Remove it.']);
  });

  it('an expired ignore stops suppressing and is reported', () => {
    const result = lint(deployment('web'), { ignore: [{ rules: ['pdb-missing'], reason: 'upgrade pending', expires: '2026-01-31' }] });
    expect(result.findings).toEqual(['4 pdb-missing']);
    expect(result.config[0]).toMatch(/^expired-ignore: This ignore expired on 2026-01-31/);
  });

  it('an ignore that has not expired yet still suppresses', () => {
    expect(lint(deployment('web'), { ignore: [{ rules: ['pdb-missing'], reason: 'r', expires: '2026-06-15' }] }).findings).toEqual([]);
  });
});
