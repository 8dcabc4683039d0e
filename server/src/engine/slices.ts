import type { ParsedDocument } from './parse';
import { forEachNode } from './yaml-walk';

export interface Slice {
  start: number;
  end: number;
}

/**
 * Where each document of a stream starts and ends. In YAML a line that starts with `---` or `...` followed by
 * white space or the end of the line is a document marker wherever it appears (the spec forbids such lines
 * inside scalars), so the split needs no parsing. A slice starts at its `---` line; comments before it end the
 * previous slice, which is where a whole-stream parse puts them too. Returns undefined for streams with
 * directives (`%YAML`), which carry over between documents and are left to a whole-stream parse.
 */
export function splitDocuments(text: string): Slice[] | undefined {
  const slices: Slice[] = [];
  let start = 0;
  let afterEnd = false;
  for (let line = 0; line < text.length; ) {
    const next = text.indexOf('\n', line);
    const lineEnd = next === -1 ? text.length : next + 1;
    const c = text.charCodeAt(line);
    if (c === 37 /* % */ && (line === 0 || afterEnd)) return undefined;
    if ((c === 45 /* - */ || c === 46) /* . */ && isMarker(text, line)) {
      if (c === 45) {
        if (line > start) slices.push({ start, end: line });
        start = line;
        afterEnd = false;
      } else {
        // `...` ends the document: the marker belongs to it, whatever follows starts the next one.
        slices.push({ start, end: lineEnd });
        start = lineEnd;
        afterEnd = true;
      }
    }
    line = lineEnd;
  }
  if (start < text.length) slices.push({ start, end: text.length });
  return slices;
}

function isMarker(text: string, at: number): boolean {
  const c = text.charCodeAt(at);
  if (text.charCodeAt(at + 1) !== c || text.charCodeAt(at + 2) !== c) return false;
  const after = text.charCodeAt(at + 3);
  return Number.isNaN(after) || after === 32 || after === 9 || after === 10 || after === 13;
}

/** Moves a reused document by `delta` characters: every range in its tree, its errors and its bounds. */
export function shiftDocument(document: ParsedDocument, delta: number): void {
  if (delta === 0) return;
  if (document.slice) {
    document.slice.start += delta;
    document.slice.end += delta;
  }
  document.start += delta;
  document.end += delta;
  document.contentEnd += delta;
  for (const problem of document.problems) {
    problem.start += delta;
    problem.end += delta;
  }
  if (!document.composed) return;
  const yaml = document.yaml;
  shiftRange(yaml.range, delta);
  for (const error of yaml.errors) {
    error.pos[0] += delta;
    error.pos[1] += delta;
  }
  // Every key and value; pairs have no range of their own.
  forEachNode(yaml.contents, (node) => shiftRange(node.range, delta));
}

function shiftRange(range: number[] | null | undefined, delta: number): void {
  if (!range) return;
  for (let i = 0; i < range.length; i++) range[i]! += delta;
}
