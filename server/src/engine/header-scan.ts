/** What a document says about itself in its first lines, read without parsing it. */
export interface Header {
  apiVersion: string;
  kind: string;
  name: string;
  namespace: string | undefined;
  /** The end of the last line with content (with its line ending), where a new document may be appended. */
  contentEnd: number;
  /** `kind: X`, and the key `name` under metadata, as offsets from the start of the scanned text. */
  kindRange: [number, number];
  nameRange: [number, number] | undefined;
}

const TOP_KEY = /^([A-Za-z_][\w.-]*)[ \t]*:(?:[ \t]+(.*))?$/;
const NESTED_KEY = /^([A-Za-z_][\w.-]*)[ \t]*:(?:[ \t]+(.*))?$/;

/**
 * Reads `apiVersion`, `kind`, `metadata.name` and `metadata.namespace` of a plain block-style document by its
 * lines. Anything unusual (flow style at the root, anchors, aliases, tags, merge keys, quoted or multi-line
 * values, a repeated key) gives null: the caller then parses the document in full, which is always right.
 */
export function scanHeader(text: string, start: number, end: number): Header | null {
  let apiVersion: string | undefined;
  let kind: string | undefined;
  let name: string | undefined;
  let namespace: string | undefined;
  let inMetadata = false;
  let metadataIndent = -1;
  let contentEnd = start;
  let kindRange: [number, number] | undefined;
  let nameRange: [number, number] | undefined;
  const seen = new Set<string>();
  for (let line = start; line < end; ) {
    const newline = text.indexOf('\n', line);
    const lineEnd = newline === -1 || newline >= end ? end : newline + 1;
    let content = text.slice(line, lineEnd).replace(/\r?\n$/, '');
    const lineStart = line;
    line = lineEnd;
    if (content.startsWith('---')) {
      content = content.slice(3).trim();
      if (content && !content.startsWith('#')) return null;
      continue;
    }
    const trimmed = content.trim();
    if (trimmed === '' || trimmed.startsWith('#')) continue;
    contentEnd = lineEnd;
    if (content === '...' || content.startsWith('... ')) break;
    const indent = content.length - content.trimStart().length;
    if (indent === 0) {
      // The header is complete once apiVersion, kind and the metadata block are behind us.
      if (apiVersion && kind && (seen.has('metadata') ? !inMetadata : false)) {
        contentEnd = lastContentEnd(text, lineStart, end);
        break;
      }
      const match = TOP_KEY.exec(content);
      if (!match) return null;
      const key = match[1]!;
      if (seen.has(key) || key === '<<') return null;
      seen.add(key);
      inMetadata = key === 'metadata';
      metadataIndent = -1;
      if (key === 'apiVersion' || key === 'kind') {
        const value = plainValue(match[2]);
        if (value === null) return null;
        if (key === 'apiVersion') apiVersion = value;
        else {
          kind = value;
          const valueAt = content.indexOf(value, key.length);
          kindRange = [lineStart - start, lineStart - start + valueAt + value.length];
        }
      } else if (inMetadata && match[2] !== undefined && !/^(?:#.*)?$/.test(match[2])) {
        return null;
      } else if (/[&*!]/.test(beforeComment(match[2] ?? ''))) {
        return null;
      }
      continue;
    }
    if (!inMetadata) continue;
    if (metadataIndent === -1) metadataIndent = indent;
    if (indent !== metadataIndent) continue;
    const match = NESTED_KEY.exec(content.slice(indent));
    if (!match) return null;
    const key = match[1]!;
    if (key === 'name' || key === 'namespace' || key === 'generateName' || key === '<<') {
      if (key === '<<' || seen.has(`metadata.${key}`)) return null;
      seen.add(`metadata.${key}`);
      const value = plainValue(match[2]);
      if (value === null) return null;
      if (key === 'name') {
        name = value;
        nameRange = [lineStart - start + indent, lineStart - start + indent + key.length];
      }
      else if (key === 'namespace') namespace = value || undefined;
      else name ??= value;
    }
  }
  if (!apiVersion || !kind || !kindRange) return null;
  return { apiVersion, kind, name: name ?? '', namespace, contentEnd, kindRange, nameRange };
}

/** A line's text up to its first `#` (a regex like /#.*$/ rescans the rest from every `#`). */
function beforeComment(text: string): string {
  const hash = text.indexOf('#');
  return hash === -1 ? text : text.slice(0, hash);
}

/** A plain scalar on one line, without its comment; null for anything that needs a real parser. */
function plainValue(raw: string | undefined): string | null {
  if (raw === undefined) return null;
  // The comment starts at the first ` #`; a regex like /[ \t]+#.*$/ would backtrack quadratically on long blank runs.
  const hash = raw.search(/[ \t]#/);
  const value = (hash === -1 ? raw : raw.slice(0, hash)).trim();
  if (value === '' || /^[&*!|>{[\]'"@`%]/.test(value) || value.includes(': ') || value.endsWith(':')) return null;
  // YAML 1.1 reads these as something other than a string; the object would not carry the text.
  if (/^(?:y|Y|yes|Yes|YES|n|N|no|No|NO|true|True|TRUE|false|False|FALSE|on|On|ON|off|Off|OFF|null|Null|NULL|~|[-+]?[\d.][\d._:eE+-]*)$/.test(value)) return null;
  return value;
}

/** The end (with its line ending) of the last line in [from, end) that holds something other than a comment. */
function lastContentEnd(text: string, from: number, end: number): number {
  let lineEnd = end;
  while (lineEnd > from) {
    const lineStart = text.lastIndexOf('\n', lineEnd - 2) + 1;
    const content = text.slice(Math.max(lineStart, from), lineEnd).trim();
    if (content !== '' && !content.startsWith('#')) return lineEnd;
    lineEnd = lineStart;
  }
  return from;
}
