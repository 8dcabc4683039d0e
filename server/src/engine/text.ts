/**
 * The text of one file as the engine sees it. Offsets everywhere in the engine are UTF-16 indices into
 * `text`, which never contains the byte-order mark: editors hand us text without one, while files on
 * disk may carry it, so the CLI strips it on read and restores it on write.
 */
export interface SourceText {
  /** A file path (CLI) or URI (language server); only used as an identity and for messages. */
  readonly file: string;
  readonly text: string;
  readonly bom: boolean;
  /** The line ending that inserted text must use: the file's first one, `\n` when it has none. */
  readonly eol: '\n' | '\r\n';
}

export interface Position {
  /** 0-based line. */
  line: number;
  /** 0-based column in UTF-16 code units. */
  character: number;
}

const BOM = '\uFEFF';

export function sourceText(file: string, raw: string): SourceText {
  const bom = raw.startsWith(BOM);
  const text = bom ? raw.slice(1) : raw;
  return { file, text, bom, eol: detectEol(text) };
}

export function detectEol(text: string): '\n' | '\r\n' {
  const lf = text.indexOf('\n');
  return lf > 0 && text[lf - 1] === '\r' ? '\r\n' : '\n';
}

/** The text as it goes back to disk: the BOM the file had, restored. */
export function withBom(source: Pick<SourceText, 'bom'>, text: string): string {
  return source.bom ? BOM + text : text;
}

/** Converts offsets to positions; built once per text and reused for every finding in it. */
export class LineIndex {
  private readonly starts: number[] = [0];

  constructor(private readonly text: string) {
    for (let i = text.indexOf('\n'); i !== -1; i = text.indexOf('\n', i + 1)) this.starts.push(i + 1);
  }

  get lineCount(): number {
    return this.starts.length;
  }

  positionAt(offset: number): Position {
    const clamped = Math.max(0, Math.min(offset, this.text.length));
    let low = 0;
    let high = this.starts.length - 1;
    while (low < high) {
      const mid = (low + high + 1) >> 1;
      if (this.starts[mid]! <= clamped) low = mid;
      else high = mid - 1;
    }
    return { line: low, character: clamped - this.starts[low]! };
  }

  offsetAt(position: Position): number {
    if (position.line >= this.starts.length) return this.text.length;
    const start = this.starts[Math.max(0, position.line)]!;
    const next = position.line + 1 < this.starts.length ? this.starts[position.line + 1]! : this.text.length;
    return Math.min(start + Math.max(0, position.character), next);
  }

  lineStart(line: number): number {
    return this.starts[Math.max(0, Math.min(line, this.starts.length - 1))]!;
  }

  /** The end of a line's content, before its line ending. */
  lineEnd(line: number): number {
    const next = line + 1 < this.starts.length ? this.starts[line + 1]! : this.text.length + 1;
    let end = next - 1;
    if (end > this.text.length) end = this.text.length;
    if (end > 0 && this.text[end - 1] === '\r' && end < next) end--;
    return end;
  }
}

/**
 * The text without the slashes it ends with (and, with `leading`, starts with). A loop: the regex /\/+$/ tries
 * every run of slashes to the end, quadratic on a long one.
 */
export function trimSlashes(text: string, leading = false): string {
  let start = 0;
  let end = text.length;
  while (end > 0 && text[end - 1] === '/') end--;
  if (leading) while (start < end && text[start] === '/') start++;
  return text.slice(start, end);
}
