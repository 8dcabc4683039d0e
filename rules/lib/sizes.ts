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
 * drop out, keys and strings gain quotes and separators. Within a few percent on real manifests, which is
 * enough far from a limit.
 */
export function estimateJsonSize(text: string): number {
  let bytes = 0;
  let lineStart = true;
  let content = 0;
  let pendingSpace = 0;
  let comment = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 10) {
      if (content > 0) bytes += content + 3;
      content = 0;
      pendingSpace = 0;
      lineStart = true;
      comment = false;
      continue;
    }
    if (comment) continue;
    const space = c === 32 || c === 9 || c === 13;
    if (lineStart) {
      if (space) continue;
      lineStart = false;
      if (c === 35 /* # */) {
        comment = true;
        continue;
      }
    }
    // Trailing white space is not counted: it is added only when content follows.
    if (space) pendingSpace++;
    else {
      content += pendingSpace + 1;
      pendingSpace = 0;
    }
  }
  if (content > 0) bytes += content + 3;
  return bytes;
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
