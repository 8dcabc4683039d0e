import { relative, sep } from 'node:path';
import type { Finding } from '../engine/findings';
import { LineIndex } from '../engine/text';

/** A finding with 1-based positions (end exclusive) and the path to show: what every output format prints. */
export interface Place {
  /** The path relative to the working directory, with `/` separators. */
  path: string;
  line: number;
  column: number;
  endLine: number;
  endColumn: number;
}

export interface Reported extends Place {
  finding: Finding;
  /** The other objects the finding involves, placed like the finding. */
  related: (Place & { message: string })[];
}

/** Offsets become line and column here, once, at the edge of the engine. */
export class PositionResolver {
  private readonly indexes = new Map<string, LineIndex>();

  constructor(
    private readonly cwd: string,
    private readonly textOf: (file: string) => string | undefined,
  ) {}

  resolve(finding: Finding): Reported {
    const line = typeof finding.data?.line === 'number' ? finding.data.line : 1;
    return {
      finding,
      ...this.place(finding.file, finding.start, finding.end, line),
      related: finding.related.map((related) => ({ ...this.place(related.file, related.start, related.end, 1), message: related.message })),
    };
  }

  private place(file: string, startOffset: number, endOffset: number, fallbackLine: number): Place {
    const path = displayPath(this.cwd, file);
    const text = this.textOf(file);
    // Unreadable files have no text; the reader said which line broke.
    if (text === undefined) return { path, line: fallbackLine, column: 1, endLine: fallbackLine, endColumn: 1 };
    let index = this.indexes.get(file);
    if (!index) {
      index = new LineIndex(text);
      this.indexes.set(file, index);
    }
    const start = index.positionAt(startOffset);
    const end = index.positionAt(endOffset);
    return { path, line: start.line + 1, column: start.character + 1, endLine: end.line + 1, endColumn: end.character + 1 };
  }
}

export function displayPath(cwd: string, file: string): string {
  if (file === '<stdin>') return file;
  const rel = relative(cwd, file);
  return (rel && !rel.startsWith('..') ? rel : file).split(sep).join('/');
}
