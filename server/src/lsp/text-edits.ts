import { diffLines } from 'diff';
import type { TextEdit as EngineEdit } from '../engine/fix-builder';

/** The smallest set of whole-line edits that turns `before` into `after`: fix-all must not rewrite the file. */
export function minimalEdits(before: string, after: string): Pick<EngineEdit, 'start' | 'end' | 'text'>[] {
  const edits: Pick<EngineEdit, 'start' | 'end' | 'text'>[] = [];
  let offset = 0;
  for (const part of diffLines(before, after)) {
    if (part.removed) {
      const previous = edits.at(-1);
      if (previous && previous.end === offset && previous.start === offset) previous.end = offset + part.value.length;
      else edits.push({ start: offset, end: offset + part.value.length, text: '' });
      offset += part.value.length;
    } else if (part.added) {
      const previous = edits.at(-1);
      if (previous && previous.end === offset) previous.text += part.value;
      else edits.push({ start: offset, end: offset, text: part.value });
    } else {
      offset += part.value.length;
    }
  }
  return edits;
}
