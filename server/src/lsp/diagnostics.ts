import { type Diagnostic, DiagnosticSeverity, DiagnosticTag, type Range } from 'vscode-languageserver';
import type { ConfigProblem } from '../engine/config';
import type { Finding } from '../engine/findings';
import type { Severity } from '../engine/rule-api';
import { LineIndex } from '../engine/text';
import { uriOf } from './uris';

const SEVERITY: Record<Severity, DiagnosticSeverity> = {
  error: DiagnosticSeverity.Error,
  warning: DiagnosticSeverity.Warning,
  info: DiagnosticSeverity.Information,
};

/** What a diagnostic carries back in code action requests: actions are matched by rule and message id, never text. */
export interface DiagnosticData {
  ruleId: string;
  messageId: string;
  path?: string;
}

/** Offsets become LSP positions here, once, at the edge; texts are the engine's (BOM-stripped, as editors send them). */
export class Positions {
  private readonly cache = new Map<string, { text: string; lines: LineIndex }>();

  constructor(private readonly textOf: (file: string) => string | undefined) {}

  range(file: string, start: number, end: number): Range {
    const lines = this.lines(file);
    if (!lines) return { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } };
    return { start: lines.positionAt(start), end: lines.positionAt(end) };
  }

  lines(file: string): LineIndex | undefined {
    const text = this.textOf(file);
    if (text === undefined) return undefined;
    const cached = this.cache.get(file);
    if (cached && cached.text === text) return cached.lines;
    const lines = new LineIndex(text);
    this.cache.set(file, { text, lines });
    return lines;
  }
}

export function toDiagnostic(finding: Finding, positions: Positions, docsUrl: (id: string) => string): Diagnostic {
  const diagnostic: Diagnostic = {
    range: positions.range(finding.file, finding.start, finding.end),
    severity: SEVERITY[finding.severity],
    code: finding.ruleId,
    codeDescription: { href: docsUrl(finding.ruleId) },
    source: 'kubeready',
    message: finding.message,
    data: { ruleId: finding.ruleId, messageId: finding.messageId, ...(finding.path ? { path: finding.path } : {}) } satisfies DiagnosticData,
  };
  if (finding.unnecessary) diagnostic.tags = [DiagnosticTag.Unnecessary];
  if (finding.related.length) {
    diagnostic.relatedInformation = finding.related.map((related) => ({
      location: { uri: uriOf(related.file), range: positions.range(related.file, related.start, related.end) },
      message: related.message,
    }));
  }
  return diagnostic;
}

/** A bad `.kubeready.yaml` shows in the file itself, at the bad key. */
export function configDiagnostic(problem: ConfigProblem): Diagnostic {
  const position = { line: problem.line - 1, character: problem.column - 1 };
  return {
    range: { start: position, end: { line: position.line, character: position.character + Math.max(1, problem.end - problem.start) } },
    severity: DiagnosticSeverity.Error,
    code: 'config',
    source: 'kubeready',
    message: `Invalid kubeready config${problem.key ? ` at "${problem.key}"` : ''}: ${problem.message}. The last valid config stays in use until this is fixed.`,
  };
}
