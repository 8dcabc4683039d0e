import { describe, expect, it } from 'vitest';
import { RULES } from '../../rules';
import { defaultConfig } from '../../server/src/engine/config';
import { Linter } from '../../server/src/engine/linter';
import { defineRule, type Rule } from '../../server/src/engine/rule-api';

const deployment = `apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
spec:
  replicas: 2
  selector:
    matchLabels: {app: web}
  template:
    metadata:
      labels: {app: web}
    spec:
      containers:
        - name: app
          image: app:1.0.0
`;

const exploding = defineRule({
  meta: {
    id: 'zz-explodes',
    category: 'reliability',
    severity: 'warning',
    signal: 'strong',
    messages: {},
    docs: { description: 'test', source: { title: 't', url: 'u' } },
  },
  check({ resource }) {
    if (resource.kind === 'Deployment') throw new TypeError("Cannot read properties of null (reading 'containers')");
  },
});

/** A fix that flips a value back and forth: the pass loop must stop on the cycle. */
const flipping = defineRule({
  meta: {
    id: 'zz-flips',
    category: 'reliability',
    severity: 'warning',
    signal: 'strong',
    fixable: 'safe',
    kinds: ['Deployment'],
    messages: { flip: 'flip', set: 'set' },
    docs: { description: 'test', source: { title: 't', url: 'u' } },
  },
  check({ resource, report }) {
    const replicas = (resource.object.spec as { replicas: number }).replicas;
    report({ at: ['spec', 'replicas'], messageId: 'flip', fix: { messageId: 'set', apply: (f) => f.set(resource, ['spec', 'replicas'], replicas === 2 ? 3 : 2) } });
  },
});

/** A buggy fix that breaks the YAML: the engine must refuse to hand back text that does not parse. */
const breaking = defineRule({
  meta: {
    id: 'zz-breaks',
    category: 'reliability',
    severity: 'warning',
    signal: 'strong',
    fixable: 'safe',
    kinds: ['Deployment'],
    messages: { broken: 'broken', set: 'set' },
    docs: { description: 'test', source: { title: 't', url: 'u' } },
  },
  check({ resource, report }) {
    report({ at: ['spec', 'replicas'], messageId: 'broken', fix: { messageId: 'set', apply: (f) => f.set(resource, ['spec', 'replicas'], 2).edits.push({ file: resource.file, start: 0, end: 0, text: '[unclosed\n' }) } });
  },
});

function linterWith(rules: Rule[]) {
  const all = [...RULES, ...rules];
  return new Linter({ rules: all, config: defaultConfig(all), today: '2026-06-15' });
}

describe('the engine', () => {
  it('contains a failing rule: one internal-error finding naming it, and the other rules still run', () => {
    const linter = linterWith([exploding]);
    linter.setText('d.yaml', deployment);
    const findings = linter.lint('d.yaml').findings;
    const internal = findings.filter((f) => f.ruleId === 'internal-error');
    expect(internal).toHaveLength(1);
    expect(internal[0]!.message).toContain('zz-explodes');
    expect(internal[0]!.message).toContain('Deployment/web');
    expect(findings.some((f) => f.ruleId === 'pdb-missing')).toBe(true);
  });

  it('stops fix passes on a cycle', () => {
    const linter = linterWith([flipping]);
    linter.setText('d.yaml', deployment);
    const result = linter.fix('d.yaml');
    expect(result.applied.length).toBeGreaterThan(0);
    expect(result.applied.length).toBeLessThanOrEqual(10);
    expect(result.parses).toBe(true);
  });

  it('reports a fix whose text would not parse, so that nothing is written', () => {
    const linter = linterWith([breaking]);
    linter.setText('d.yaml', deployment);
    expect(linter.fix('d.yaml').parses).toBe(false);
  });

  it('resolves cross-file relations through the project index', () => {
    const linter = linterWith([]);
    linter.setText('d.yaml', deployment);
    expect(linter.lint('d.yaml').findings.some((f) => f.ruleId === 'pdb-missing')).toBe(true);
    linter.setText('pdb.yaml', 'apiVersion: policy/v1\nkind: PodDisruptionBudget\nmetadata: {name: web}\nspec:\n  maxUnavailable: 1\n  selector: {matchLabels: {app: web}}\n');
    const result = linter.lint('d.yaml');
    expect(result.findings.some((f) => f.ruleId === 'pdb-missing')).toBe(false);
    expect([...result.dependencies]).toContain('default');
    linter.remove('pdb.yaml');
    expect(linter.lint('d.yaml').findings.some((f) => f.ruleId === 'pdb-missing')).toBe(true);
  });

  it('defaults namespaces from a kustomization', () => {
    const linter = linterWith([]);
    linter.setText('app/d.yaml', deployment);
    linter.setText('app/kustomization.yaml', 'namespace: shop\nresources:\n  - d.yaml\n');
    linter.setText('app/pdb.yaml', 'apiVersion: policy/v1\nkind: PodDisruptionBudget\nmetadata: {name: web, namespace: shop}\nspec:\n  maxUnavailable: 1\n  selector: {matchLabels: {app: web}}\n');
    const finding = linter.lint('app/d.yaml').findings;
    expect(finding.some((f) => f.ruleId === 'pdb-missing')).toBe(false);
  });
});
