import type { TextEdit } from './fix-builder';
import type { Fix } from './findings';

/**
 * Applies whole fixes to one file's text: sorted by position, a fix whose edits overlap an accepted
 * one is skipped (the next pass recomputes it against the new text). Two insertions at one offset
 * count as overlapping, because their order would be a guess.
 */
export function applyFixes(text: string, file: string, fixes: readonly Fix[]): { text: string; applied: Fix[] } {
  const candidates = fixes
    .filter((fix) => fix.edits.length > 0 && fix.edits.every((edit) => edit.file === file))
    .sort((a, b) => firstStart(a) - firstStart(b));
  const accepted: TextEdit[] = [];
  const applied: Fix[] = [];
  for (const fix of candidates) {
    if (fix.edits.some((edit) => accepted.some((other) => overlaps(edit, other)))) continue;
    if (fix.edits.some((edit, i) => fix.edits.some((other, j) => i !== j && overlaps(edit, other)))) continue;
    accepted.push(...fix.edits);
    applied.push(fix);
  }
  return { text: applyEdits(text, accepted), applied };
}

/** Applies non-overlapping edits, last first, so earlier offsets stay valid. */
export function applyEdits(text: string, edits: readonly Pick<TextEdit, 'start' | 'end' | 'text'>[]): string {
  let result = text;
  for (const edit of [...edits].sort((a, b) => b.start - a.start || b.end - a.end)) {
    result = result.slice(0, edit.start) + edit.text + result.slice(edit.end);
  }
  return result;
}

function overlaps(a: TextEdit, b: TextEdit): boolean {
  if (a.start === b.start && (a.start === a.end || b.start === b.end)) return true;
  return a.start < b.end && b.start < a.end;
}

function firstStart(fix: Fix): number {
  return Math.min(...fix.edits.map((edit) => edit.start));
}
