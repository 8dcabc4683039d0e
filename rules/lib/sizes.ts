import { isObject, type Resource } from '../../server/src/engine/parse';

/**
 * Object sizes as the API server measures them (RULES.md SC1): the bytes of a ConfigMap's or Secret's
 * data, and the size of an object serialized as JSON (what `kubectl apply` stores in its
 * last-applied-configuration annotation). Every function is linear in the size of its input.
 */

export const KiB = 1024;
export const MiB = 1024 * 1024;
/** `core.MaxSecretSize`: the most data a ConfigMap or a Secret may hold. */
export const MAX_CONFIG_BYTES = MiB;
/** `TotalAnnotationSizeLimitB`: the most bytes all annotations of an object may hold. */
export const MAX_ANNOTATION_BYTES = 256 * KiB;

/** Bytes of a string in UTF-8. */
export function utf8Length(text: string): number {
  let bytes = 0;
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code < 0x80) bytes += 1;
    else if (code < 0x800) bytes += 2;
    else if (code >= 0xd800 && code <= 0xdbff && i + 1 < text.length) {
      const next = text.charCodeAt(i + 1);
      if (next >= 0xdc00 && next <= 0xdfff) {
        bytes += 4;
        i++;
      } else bytes += 3;
    } else bytes += 3;
  }
  return bytes;
}

/**
 * Bytes a base64 value decodes to, as Go's `encoding/json` decodes `[]byte` fields: line breaks are
 * ignored, padding counts for nothing. Invalid characters are counted like valid ones (the API rejects the
 * object anyway; the size is still what the author meant to store).
 */
export function base64DecodedLength(text: string): number {
  let symbols = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    // \r \n space tab and '='
    if (c === 10 || c === 13 || c === 32 || c === 9 || c === 61) continue;
    symbols++;
  }
  return Math.floor((symbols * 6) / 8);
}

function scalarText(value: unknown): string {
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  return '';
}

export interface DataSize {
  /** The bytes the API server counts against the 1 MiB limit. */
  bytes: number;
  /** The field holding the most of them (`data`, `binaryData`, `stringData`): where a finding points. */
  largestField: string | undefined;
}

/**
 * The data size the API server validates: a ConfigMap's `data` values plus its decoded `binaryData`; a
 * Secret's decoded `data` plus its `stringData`, where a `stringData` key replaces the `data` key of the
 * same name (the API merges them before validation). Undefined for other kinds.
 */
export function configDataSize(resource: Resource): DataSize | undefined {
  if (resource.group !== '' || (resource.kind !== 'ConfigMap' && resource.kind !== 'Secret')) return undefined;
  const object = resource.object;
  const perField = new Map<string, number>();
  const perKey = new Map<string, { field: string; bytes: number }>();
  const add = (field: string, decode: (text: string) => number) => {
    const map = object[field];
    if (!isObject(map)) return;
    for (const [key, value] of Object.entries(map)) perKey.set(key, { field, bytes: decode(scalarText(value)) });
  };
  if (resource.kind === 'ConfigMap') {
    add('data', utf8Length);
    add('binaryData', base64DecodedLength);
  } else {
    add('data', base64DecodedLength);
    add('stringData', utf8Length);
  }
  let bytes = 0;
  for (const { field, bytes: size } of perKey.values()) {
    bytes += size;
    perField.set(field, (perField.get(field) ?? 0) + size);
  }
  let largestField: string | undefined;
  for (const [field, size] of perField) if (largestField === undefined || size > perField.get(largestField)!) largestField = field;
  return { bytes, largestField };
}

/**
 * The object as JSON, in bytes: roughly what client-side `kubectl apply` writes into the
 * `kubectl.kubernetes.io/last-applied-configuration` annotation. Undefined when it cannot be serialized.
 */
/**
 * About how many bytes of JSON a YAML text becomes, without parsing it: indentation, blank lines and comments
 * drop out, keys and strings gain quotes and separators. The lines of a block scalar (`|`, `>`) join into one
 * string: their indentation beyond the block's own stays, each gains a `\n`, and quotes and backslashes in
 * them gain an escape (dashboards keep JSON in ConfigMaps this way). On the manifests of the shared corpus
 * the estimate is between 0.94 and 1.02 times the exact size.
 */
export function estimateJsonSize(text: string): number {
  let bytes = 0;
  /** The indentation of the line that opened a block scalar; -1 outside one. */
  let blockParent = -1;
  /** The block scalar's own indentation, from its first line of content. */
  let blockIndent = -1;
  let lineStart = 0;
  for (let end = 0; end <= text.length; end++) {
    if (end < text.length && text.charCodeAt(end) !== 10) continue;
    let first = lineStart;
    while (first < end && isBlank(text.charCodeAt(first))) first++;
    let last = end;
    while (last > first && (isBlank(text.charCodeAt(last - 1)) || text.charCodeAt(last - 1) === 13)) last--;
    const indent = first - lineStart;
    lineStart = end + 1;
    if (blockParent >= 0) {
      if (first === last) {
        bytes += 2;
        continue;
      }
      if (indent > blockParent) {
        if (blockIndent < 0) blockIndent = indent;
        bytes += Math.max(0, indent - blockIndent) + (last - first) + 2 + escapesIn(text, first, last);
        continue;
      }
      blockParent = -1;
    }
    if (first === last || text.charCodeAt(first) === 35 /* # */) continue;
    bytes += last - first + 3;
    if (BLOCK_SCALAR_HEADER.test(text.slice(Math.max(first, last - 4), last))) {
      blockParent = indent;
      blockIndent = -1;
    }
  }
  return bytes;
}

/** `key: |`, `- >-`, `key: |2+`: the line's value is a block scalar on the lines that follow. */
const BLOCK_SCALAR_HEADER = /(?:^|[\s:])[|>][-+0-9]*$/;

function isBlank(c: number): boolean {
  return c === 32 || c === 9;
}

/** Characters that JSON escapes with one more byte: `"`, `\` and tab. */
function escapesIn(text: string, from: number, to: number): number {
  let escapes = 0;
  for (let i = from; i < to; i++) {
    const c = text.charCodeAt(i);
    if (c === 34 || c === 92 || c === 9) escapes++;
  }
  return escapes;
}

export function jsonSize(value: unknown): number | undefined {
  try {
    const json = JSON.stringify(value);
    return typeof json === 'string' ? utf8Length(json) : undefined;
  } catch {
    return undefined;
  }
}

/** `1.30 MiB (1,363,149 bytes)`, `300.0 KiB (307,200 bytes)`. */
export function formatBytes(bytes: number): string {
  const exact = `${groupDigits(bytes)} bytes`;
  if (bytes >= MiB) return `${(bytes / MiB).toFixed(2)} MiB (${exact})`;
  if (bytes >= KiB) return `${(bytes / KiB).toFixed(1)} KiB (${exact})`;
  return exact;
}

/** `256 KiB`, `1 MiB`, or bytes: a threshold as people write it. */
export function formatLimit(bytes: number): string {
  if (bytes % MiB === 0) return `${bytes / MiB} MiB`;
  if (bytes % KiB === 0) return `${bytes / KiB} KiB`;
  return `${groupDigits(bytes)} bytes`;
}

function groupDigits(n: number): string {
  const digits = String(Math.round(n));
  let out = '';
  for (let i = 0; i < digits.length; i++) {
    if (i > 0 && (digits.length - i) % 3 === 0) out += ',';
    out += digits[i];
  }
  return out;
}
