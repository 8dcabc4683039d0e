import type { Finding } from '../../engine/findings';

export interface Summary {
  errors: number;
  warnings: number;
  infos: number;
  fixable: number;
}

export function summarize(findings: readonly Finding[]): Summary {
  const summary: Summary = { errors: 0, warnings: 0, infos: 0, fixable: 0 };
  for (const finding of findings) {
    if (finding.severity === 'error') summary.errors++;
    else if (finding.severity === 'warning') summary.warnings++;
    else summary.infos++;
    if (finding.fix?.safe) summary.fixable++;
  }
  return summary;
}
