import { availableSuggestions } from '../../engine/findings';
import type { Rule } from '../../engine/rule-api';
import type { Reported } from '../reported';
import { summarize } from './summary';

/** The `--format json` document; its shape is documented in the README and kept stable. */
export function formatJson(reported: Reported[], options: { version: string; files: number; docsUrl: (id: string) => string | undefined; rules: Map<string, Rule> }): string {
  const summary = summarize(reported.map((r) => r.finding));
  return `${JSON.stringify(
    {
      tool: 'kubeready',
      version: options.version,
      findings: reported.map((r) => ({
        ruleId: r.finding.ruleId,
        severity: r.finding.severity,
        message: r.finding.message,
        file: r.path,
        line: r.line,
        column: r.column,
        endLine: r.endLine,
        endColumn: r.endColumn,
        resource: r.finding.resource ?? null,
        fixable: Boolean(r.finding.fix?.safe),
        suggestions: availableSuggestions(r.finding).map((s) => s.title),
        docsUrl: options.docsUrl(r.finding.ruleId) ?? null,
      })),
      summary: { files: options.files, ...summary },
    },
    null,
    2,
  )}\n`;
}
