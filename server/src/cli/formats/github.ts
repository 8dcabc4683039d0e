import type { Reported } from '../reported';

const COMMAND = { error: 'error', warning: 'warning', info: 'notice' } as const;

/** GitHub Actions workflow commands: each finding becomes an annotation on the pull request's diff. */
export function formatGithub(reported: Reported[]): string {
  return reported
    .map((r) => {
      const properties = [
        `file=${escapeProperty(r.path)}`,
        `line=${r.line}`,
        `col=${r.column}`,
        `endLine=${r.endLine}`,
        `endColumn=${r.endColumn}`,
        `title=${escapeProperty(`kubeready (${r.finding.ruleId})`)}`,
      ].join(',');
      return `::${COMMAND[r.finding.severity]} ${properties}::${escapeData(r.finding.message)}\n`;
    })
    .join('');
}

// Escaping as in @actions/core's command.ts.
function escapeData(value: string): string {
  return value.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
}

function escapeProperty(value: string): string {
  return escapeData(value).replace(/:/g, '%3A').replace(/,/g, '%2C');
}
