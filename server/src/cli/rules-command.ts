import type { Rule } from '../engine/rule-api';

/** `kubeready rules`: the catalog as a table, or as JSON for tools. */
export function formatRules(rules: readonly Rule[], format: 'stylish' | 'json', docsUrl: (id: string) => string): string {
  const rows = rules.map((rule) => ({
    id: rule.meta.id,
    category: rule.meta.category,
    severity: rule.meta.optIn ? 'off' : rule.meta.severity,
    fixable: rule.meta.fixable ?? 'no',
    description: rule.meta.docs.description,
    source: rule.meta.docs.source.title,
    docsUrl: docsUrl(rule.meta.id),
  }));
  if (format === 'json') return `${JSON.stringify(rows, null, 2)}\n`;
  const columns = ['id', 'category', 'severity', 'fixable'] as const;
  const widths = columns.map((column) => Math.max(column.length, ...rows.map((row) => row[column].length)));
  const line = (values: string[]) => values.map((value, i) => (i < columns.length ? value.padEnd(widths[i]!) : value)).join('  ');
  return `${[line([...columns, 'description']), ...rows.map((row) => line([...columns.map((c) => row[c]), row.description]))].join('\n')}\n`;
}
