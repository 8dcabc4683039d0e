import Ajv from 'ajv';
import { describe, expect, it } from 'vitest';
import { RULES } from '../../rules';
import { ConfigError, defaultConfig, parseConfig } from '../../server/src/engine/config';
import { configSchema } from '../../server/src/engine/config-schema';

function problems(text: string) {
  try {
    parseConfig(RULES, '.kubeready.yaml', text);
  } catch (error) {
    if (error instanceof ConfigError) return error.problems.map((p) => `${p.line}:${p.column} ${p.key}: ${p.message}`);
    throw error;
  }
  return [];
}

describe('.kubeready.yaml', () => {
  it('defaults to the recommended preset and the documented cluster facts', () => {
    const config = defaultConfig(RULES);
    expect(config.preset).toBe('recommended');
    expect(config.settings).toMatchObject({ manifestSet: 'complete', zones: 3, kubernetesVersion: '1.30', cpuLimits: 'discourage' });
    expect(config.rules.get('pdb-missing')).toMatchObject({ severity: 'warning', explicit: false });
  });

  it('reads severities, options, settings and ignores', () => {
    const config = parseConfig(
      RULES,
      '.kubeready.yaml',
      `extends: strict
manifestSet: partial
zones: 2
kubernetesVersion: "1.29"
rules:
  pdb-missing: info
  yaml-syntax: { severity: warning }
ignore:
  - rules: [pdb-missing]
    kind: Deployment
    name: "legacy-*"
    reason: migrated next quarter
    expires: 2027-01-31
`,
    );
    expect(config.preset).toBe('strict');
    expect(config.settings).toMatchObject({ manifestSet: 'partial', zones: 2, kubernetesVersion: '1.29' });
    expect(config.rules.get('pdb-missing')).toMatchObject({ severity: 'info', explicit: true });
    expect(config.rules.get('yaml-syntax')).toMatchObject({ severity: 'warning', explicit: true });
    expect(config.ignore[0]).toMatchObject({ rules: ['pdb-missing'], name: 'legacy-*', expires: '2027-01-31' });
  });

  it('raises severities in the strict preset', () => {
    expect(parseConfig(RULES, 'c', 'extends: strict\n').rules.get('pdb-missing')!.severity).toBe('error');
  });

  it('names the line, column and key of every mistake', () => {
    expect(problems('zones: three\nrules:\n  pdb-mising: warning\n  pdb-missing: loud\nfoo: 1\n')).toEqual([
      '1:8 zones: must be integer',
      '3:3 rules.pdb-mising: unknown rule id "pdb-mising"',
      '4:16 rules.pdb-missing: must be a severity (error, warning, info, off) or { severity, options }',
      '5:1 foo: unknown key "foo"',
    ]);
  });

  it('requires a reason for every ignore', () => {
    expect(problems('ignore:\n  - rules: [pdb-missing]\n')).toEqual(["2:5 ignore.0: must have required property 'reason'"]);
  });

  it('reports YAML syntax errors in the config with their line', () => {
    expect(problems('rules: [\n')[0]).toMatch(/^2:1 : YAML syntax error/);
  });

  it('has a schema that lists every rule id', () => {
    const schema = configSchema(RULES.map((r) => r.meta)) as { properties: { rules: { properties: Record<string, unknown> } } };
    expect(Object.keys(schema.properties.rules.properties)).toEqual(RULES.map((r) => r.meta.id));
  });
});

describe('rule options without a config', () => {
  // Defaults are read from the schemas without compiling them (start-up time): they must be what the
  // validator itself would fill in.
  const withOptions = RULES.filter((rule) => rule.meta.options);

  it('covers rules that have options', () => {
    expect(withOptions.length).toBeGreaterThan(5);
  });

  for (const rule of withOptions) {
    it(`${rule.meta.id}: the defaults are what ajv's useDefaults gives for {}`, () => {
      const validate = new Ajv({ useDefaults: true, strict: false }).compile(rule.meta.options!);
      const expected = {};
      expect(validate(expected)).toBe(true);
      expect(defaultConfig(RULES).rules.get(rule.meta.id)!.options).toEqual(expected);
    });
  }
});

