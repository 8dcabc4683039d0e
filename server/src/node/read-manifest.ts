import { closeSync, openSync, readFileSync, readSync, statSync } from 'node:fs';

export type ReadResult =
  | { ok: true; text: string; bytes: Buffer; mode: number; size: number }
  | { ok: false; reason: string; line: number };

// ignoreBOM keeps a byte-order mark in the text, so that --fix can write it back.
const UTF8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });

/**
 * Reads a file that should hold manifests, or says in one sentence why it cannot be linted: too large,
 * binary, not UTF-8, unreadable. Never throws.
 */
export function readManifest(path: string, maxBytes: number): ReadResult {
  let size: number;
  let mode: number;
  let regular: boolean;
  try {
    const stat = statSync(path);
    if (stat.isDirectory()) return { ok: false, reason: 'is a directory', line: 1 };
    size = stat.size;
    mode = stat.mode;
    regular = stat.isFile();
  } catch (error) {
    return { ok: false, reason: ioReason(error), line: 1 };
  }
  if (size > maxBytes) return { ok: false, reason: overCapReason(size, maxBytes), line: 1 };
  let bytes: Buffer | undefined;
  try {
    // A device or a pipe (`<(helm template …)`) has no size to check first: it is read up to the cap, no further.
    bytes = regular ? readFileSync(path) : readAtMost(path, maxBytes);
  } catch (error) {
    return { ok: false, reason: ioReason(error), line: 1 };
  }
  if (bytes === undefined) {
    return { ok: false, reason: `not a regular file, and it yields more than the ${megabytes(maxBytes)} limit (maxFileSize); it was not linted`, line: 1 };
  }
  return decodeManifest(bytes, mode);
}

/** Reads until the end, or undefined as soon as there is more than `maxBytes`. */
function readAtMost(path: string, maxBytes: number): Buffer | undefined {
  const fd = openSync(path, 'r');
  try {
    const chunks: Buffer[] = [];
    let total = 0;
    for (;;) {
      const chunk = Buffer.allocUnsafe(Math.min(1 << 20, maxBytes + 1 - total));
      const read = readSync(fd, chunk, 0, chunk.length, null);
      if (read === 0) return Buffer.concat(chunks, total);
      chunks.push(chunk.subarray(0, read));
      total += read;
      if (total > maxBytes) return undefined;
    }
  } finally {
    closeSync(fd);
  }
}

export function decodeManifest(bytes: Buffer, mode = 0o644): ReadResult {
  if ((bytes[0] === 0xff && bytes[1] === 0xfe) || (bytes[0] === 0xfe && bytes[1] === 0xff)) {
    return { ok: false, reason: 'file is UTF-16 encoded; kubeready reads UTF-8 manifests', line: 1 };
  }
  const nul = bytes.indexOf(0);
  if (nul !== -1) {
    return { ok: false, reason: `binary file (NUL byte at line ${lineOfByte(bytes, nul)}); it was not linted`, line: lineOfByte(bytes, nul) };
  }
  try {
    const text = UTF8.decode(bytes);
    return { ok: true, text, bytes, mode, size: bytes.length };
  } catch {
    const bad = firstInvalidUtf8(bytes);
    const line = lineOfByte(bytes, bad);
    return { ok: false, reason: `invalid UTF-8 at line ${line}; it was not linted`, line };
  }
}

export function ioReason(error: unknown): string {
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  switch (code) {
    case 'ENOENT':
      return 'file not found (deleted while linting?)';
    case 'EACCES':
    case 'EPERM':
      return 'permission denied';
    case 'ELOOP':
      return 'symbolic link loop';
    case 'EISDIR':
      return 'is a directory';
    default:
      return `cannot read file (${code ?? (error instanceof Error ? error.message : String(error))})`;
  }
}

/** Why a file of `size` bytes is not linted under the cap (the server says the same of an open document). */
export function overCapReason(size: number, maxBytes: number): string {
  return `file is ${megabytes(size)}, over the ${megabytes(maxBytes)} limit (maxFileSize); it was not linted`;
}

function megabytes(bytes: number): string {
  if (bytes >= 1024 * 1024) return `${(bytes / (1024 * 1024)).toFixed(1)} MB`;
  return bytes >= 1024 ? `${(bytes / 1024).toFixed(1)} KB` : `${bytes} bytes`;
}

function lineOfByte(bytes: Buffer, offset: number): number {
  let line = 1;
  for (let i = bytes.indexOf(10); i !== -1 && i < offset; i = bytes.indexOf(10, i + 1)) line++;
  return line;
}

/** The offset of the first byte that does not start or continue a valid UTF-8 sequence. */
function firstInvalidUtf8(bytes: Buffer): number {
  let i = 0;
  while (i < bytes.length) {
    const b = bytes[i]!;
    const length = b < 0x80 ? 1 : b >= 0xc2 && b < 0xe0 ? 2 : b >= 0xe0 && b < 0xf0 ? 3 : b >= 0xf0 && b < 0xf5 ? 4 : 0;
    if (length === 0) return i;
    for (let k = 1; k < length; k++) {
      const c = bytes[i + k];
      if (c === undefined || (c & 0xc0) !== 0x80) return i;
    }
    try {
      UTF8.decode(bytes.subarray(i, i + length));
    } catch {
      return i;
    }
    i += length;
  }
  return bytes.length;
}
