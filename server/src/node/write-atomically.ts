import { chmodSync, readFileSync, realpathSync, renameSync, unlinkSync, writeFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';

export type WriteResult = { ok: true } | { ok: false; reason: string };

/**
 * Replaces a file's content the way editors do: write a temporary file beside it, give it the original
 * mode, rename it over the original. A reader never sees half a file, and a file that changed since it
 * was read (another tool, the user) is left alone.
 */
export function writeAtomically(path: string, data: string, original: { bytes: Buffer; mode: number }): WriteResult {
  let target: string;
  try {
    target = realpathSync(path);
    if (!readFileSync(target).equals(original.bytes)) return { ok: false, reason: 'the file changed since it was read; not written' };
  } catch (error) {
    return { ok: false, reason: `cannot re-read the file (${(error as NodeJS.ErrnoException).code ?? error}); not written` };
  }
  const temporary = join(dirname(target), `.${basename(target)}.kubeready-${process.pid}-${Date.now().toString(36)}.tmp`);
  try {
    writeFileSync(temporary, data, { mode: original.mode & 0o7777, flag: 'wx' });
    chmodSync(temporary, original.mode & 0o7777);
    renameSync(temporary, target);
    return { ok: true };
  } catch (error) {
    try {
      unlinkSync(temporary);
    } catch {
      // The temporary file was never created.
    }
    return { ok: false, reason: `cannot write (${(error as NodeJS.ErrnoException).code ?? error}); not written` };
  }
}
