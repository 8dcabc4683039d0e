import { RULES } from '../../rules';
import { configSchema } from '../../server/src/engine/config-schema';

/** Files generated from the rule registry; `npm run generate` writes them, `npm test` fails when they are stale. */
export function generatedFiles(): Record<string, string> {
  return {
    'docs/rules.md': ruleIndex(),
    'server/schema/kubeready.schema.json': `${JSON.stringify(configSchema(RULES.map((r) => r.meta)), null, 2)}\n`,
  };
}

/** Blocks inside hand-written files, between `<!-- name:start -->` and `<!-- name:end -->`. */
export function generatedBlocks(): { file: string; name: string; content: string }[] {
  return [{ file: 'README.md', name: 'rule-options', content: ruleOptions() }];
}

function ruleOptions(): string {
  const rows = RULES.flatMap(({ meta }) =>
    Object.entries((meta.options?.properties as Record<string, { default?: unknown; description?: string }> | undefined) ?? {}).map(
      ([option, schema]) =>
        `| \`${meta.id}\` | \`${option}\` | ${schema.default === undefined ? '—' : `\`${JSON.stringify(schema.default)}\``} | ${(schema.description ?? '').replace(/\|/g, '\\|').replace(/\n/g, ' ')} |`,
    ),
  );
  return ['| Rule | Option | Default | Meaning |', '|---|---|---|---|', ...rows].join('\n');
}

function ruleIndex(): string {
  const fix = { safe: '`--fix`', unsafe: 'quick-fix' } as const;
  const rows = RULES.map(({ meta }) => {
    const severity = meta.optIn ? `off (opt-in; ${meta.severity})` : meta.strictSeverity ? `${meta.severity} (strict: ${meta.strictSeverity})` : meta.severity;
    return `| [${meta.id}](../rules/${meta.id}/${meta.id}.md) | ${meta.category} | ${severity} | ${meta.fixable ? fix[meta.fixable] : '—'} | ${meta.docs.description.replace(/\|/g, '\\|')} | [${meta.docs.source.title}](${meta.docs.source.url}) |`;
  });
  return [
    '# kubeready rules',
    '',
    'Generated from the rule registry by `npm run generate`; `npm test` fails when this file is stale.',
    '`kubeready rules` prints the same data.',
    '',
    'Severity is the default of the `recommended` preset; `strict` raises where noted. Fix: `--fix` means a safe fix',
    'that `kubeready lint --fix` and fix-on-save apply; quick-fix means the editor offers it and you decide.',
    '',
    '| Rule | Category | Severity | Fix | Description | Source |',
    '|---|---|---|---|---|---|',
    ...rows,
    '',
  ].join('\n');
}
