import type { Severity } from '../../engine/rule-api';
import type { Reported } from '../reported';
import { summarize } from './summary';

const ANSI = { red: '\u001b[31m', yellow: '\u001b[33m', blue: '\u001b[34m', dim: '\u001b[2m', bold: '\u001b[1m', green: '\u001b[32m', reset: '\u001b[0m' };
const SEVERITY_COLOR: Record<Severity, string> = { error: ANSI.red, warning: ANSI.yellow, info: ANSI.blue };

/** One line per finding, `file:line:col  severity  message  rule-id`, then a summary line. */
export function formatStylish(reported: Reported[], options: { color: boolean; files: number }): string {
  const paint = (code: string, text: string) => (options.color ? `${code}${text}${ANSI.reset}` : text);
  const width = Math.max(0, ...reported.map((r) => location(r).length));
  const severityWidth = Math.max(0, ...reported.map((r) => r.finding.severity.length));
  const lines = reported.map((r) => {
    const { severity, message, ruleId } = r.finding;
    return [
      location(r).padEnd(width),
      paint(SEVERITY_COLOR[severity], severity.padEnd(severityWidth)),
      message,
      paint(ANSI.dim, ruleId),
    ].join('  ');
  });
  const summary = summarize(reported.map((r) => r.finding));
  if (reported.length === 0) {
    lines.push(paint(ANSI.green, `✔ No problems found in ${options.files} ${options.files === 1 ? 'file' : 'files'}.`));
  } else {
    const parts = [`${summary.errors} ${plural(summary.errors, 'error')}`, `${summary.warnings} ${plural(summary.warnings, 'warning')}`, `${summary.infos} info`];
    const mark = summary.errors ? ANSI.red : summary.warnings ? ANSI.yellow : ANSI.blue;
    lines.push('', paint(ANSI.bold + mark, `✖ ${reported.length} ${plural(reported.length, 'problem')} (${parts.join(', ')}) in ${options.files} ${options.files === 1 ? 'file' : 'files'}`));
    if (summary.fixable) lines.push(`  ${summary.fixable} ${plural(summary.fixable, 'problem')} fixable with --fix`);
  }
  return `${lines.join('\n')}\n`;
}

function location(r: Reported): string {
  return `${r.path}:${r.line}:${r.column}`;
}

function plural(n: number, word: string): string {
  return n === 1 ? word : `${word}s`;
}
