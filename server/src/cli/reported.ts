import { relative, sep } from 'node:path';
import type { Finding } from '../engine/findings';
import { LineIndex } from '../engine/text';

/** A finding with 1-based positions (end exclusive) and the path to show: what every output format prints. */
export interface Reported {
  finding: Finding;
  /** The path relative to the working directory, with `/` separators. */
  path: string;
  line: number;
  column: number;
  endLine: number;
  endColumn: number;
}

/** Offsets become line and column here, once, at the edge of the engine. */
export class PositionResolver {
  private readonly indexes = new Map<string, LineIndex>();

  constructor(
    private readonly cwd: string,
    private readonly textOf: (file: string) => string | undefined,
  ) {}

  resolve(finding: Finding): Reported {
    const path = displayPath(this.cwd, finding.file);
    const text = this.textOf(finding.file);
    if (text === undefined) {
      // Unreadable files have no text; the reader said which line broke.
      const line = typeof finding.data?.line === 'number' ? finding.data.line : 1;
      return { finding, path, line, column: 1, endLine: line, endColumn: 1 };
    }
    let index = this.indexes.get(finding.file);
    if (!index) {
      index = new LineIndex(text);
      this.indexes.set(finding.file, index);
    }
    const start = index.positionAt(finding.start);
    const end = index.positionAt(finding.end);
    return {
      finding,
      path,
      line: start.line + 1,
      column: start.character + 1,
      endLine: end.line + 1,
      endColumn: end.character + 1,
    };
  }
}

export function displayPath(cwd: string, file: string): string {
  if (file === '<stdin>') return file;
  const rel = relative(cwd, file);
  return (rel && !rel.startsWith('..') ? rel : file).split(sep).join('/');
}
