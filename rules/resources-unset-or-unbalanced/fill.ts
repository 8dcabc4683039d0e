import type { FixBuilder } from '../../server/src/engine/fix-builder';
import { isObject, type Resource } from '../../server/src/engine/parse';
import type { Path } from '../../server/src/engine/yaml-path';

/**
 * Adds the wanted keys under `path` without duplicating maps that exist: a map that is missing, null or empty is
 * written whole; otherwise each missing key goes into the existing map (several keys into one map merge into one
 * insertion, in order).
 */
export function fill(fix: FixBuilder, resource: Resource, path: Path, existing: unknown, wanted: Record<string, unknown>): void {
  const before = fix.edits.length;
  fillMaps(fix, resource, path, existing, wanted);
  dropRepeatedEofNewline(fix, before);
}

/**
 * Works around FixBuilder: at the end of a file without a final newline, every insertion there starts with its
 * own line break, so two of them (a key into `requests` and a `limits` map after it) would leave a blank line.
 */
function dropRepeatedEofNewline(fix: FixBuilder, from: number): void {
  const edits = fix.edits;
  for (let i = from + 1; i < edits.length; i++) {
    const edit = edits[i]!;
    const earlier = edits.slice(from, i).find((e) => e.file === edit.file && e.start === edit.start && e.end === e.start);
    if (!earlier || edit.start !== edit.end) continue;
    const eol = /^\r?\n/.exec(earlier.text)?.[0];
    if (eol && edit.text.startsWith(eol)) edit.text = edit.text.slice(eol.length);
  }
}

function fillMaps(fix: FixBuilder, resource: Resource, path: Path, existing: unknown, wanted: Record<string, unknown>): void {
  if (!isObject(existing) || Object.keys(existing).length === 0) {
    fix.replace(resource, path, wanted);
    return;
  }
  for (const [key, value] of Object.entries(wanted)) {
    const current = existing[key];
    if (isObject(value) && isObject(current)) fillMaps(fix, resource, [...path, key], current, value);
    else if (current === undefined) fix.ensure(resource, [...path, key], value);
    else fix.replace(resource, [...path, key], value);
  }
}
