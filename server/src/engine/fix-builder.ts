import { type Document, isCollection, isMap, isScalar, isSeq, Lexer, type Node, type Scalar, stringify, visit, type YAMLMap } from 'yaml';
import type { ParsedFile, Resource } from './parse';
import { type Path, locate } from './yaml-path';

export interface TextEdit {
  file: string;
  start: number;
  end: number;
  text: string;
}

/** What an edit is anchored to: a resource, or any YAML document (the config file, for instance). */
export type FixTarget = Pick<Resource, 'file' | 'document' | 'node'>;

/** Thrown when no minimal, safe edit exists (a shared anchor, a JSON file for a new document…). */
export class FixNotPossible extends Error {}

type Value = unknown;

interface Layout {
  /** Spaces per nesting level. */
  unit: number;
  /** Whether block sequences are indented under their key (`key:\n  - a`) or not (`key:\n- a`). */
  indentSeq: boolean;
}

/**
 * Builds minimal text edits against the user's text. Existing nodes are never re-serialized: only new
 * content is produced by the YAML stringifier, then indented like its siblings and given the file's line
 * ending, so comments, quoting, key order and style of everything else stay byte for byte.
 */
export class FixBuilder {
  readonly edits: TextEdit[] = [];
  /** One target per edited file, to read its text again when the edits are normalized. */
  private readonly targets = new Map<string, FixTarget>();

  constructor(private readonly fileOf: (resource: FixTarget) => ParsedFile) {}

  /** Sets a scalar, creating the missing maps on its path. */
  set(resource: FixTarget, path: Path, value: string | number | boolean): this {
    const target = this.target(resource, path);
    if (target.located.found && isScalar(target.located.node) && !isEmptyNull(target.located.node)) {
      const node = target.located.node;
      this.overwrite(resource, target.ctx, node.range![0], scalarEnd(target.ctx.text, node), inFlow(target.ctx, resource, path) ? flowSafe(value, node) : formatScalar(value, node));
      return this;
    }
    if (target.located.found) return this.replace(resource, path, value);
    return this.ensure(resource, path, value);
  }

  /** Adds the value at a path whose parent maps may be missing. Fails when the key already exists. */
  ensure(resource: FixTarget, path: Path, value: Value): this {
    const { located, ctx } = this.target(resource, path);
    if (located.found) throw new FixNotPossible(`${path.join('.')} exists already`);
    const missing = path.slice(located.depth);
    if (missing.some((segment) => typeof segment !== 'string')) throw new FixNotPossible('cannot create list items');
    let nested: Value = value;
    for (let i = missing.length - 1; i >= 1; i--) nested = { [missing[i] as string]: nested };
    const key = missing[0] as string;
    const parent = located.node;
    if (isMap(parent)) return this.insertPair(resource, ctx, parent, key, nested);
    if (located.key && (parent === null || isEmptyValue(parent))) {
      return this.fillEmptyValue(resource, ctx, located.key, parent, { [key]: nested }, false, inFlow(ctx, resource, path.slice(0, located.depth)));
    }
    throw new FixNotPossible(`cannot add ${key} here`);
  }

  /** Adds a key to an existing map, after its last pair. */
  insert(resource: FixTarget, mapPath: Path, key: string, value: Value): this {
    return this.ensure(resource, [...mapPath, key], value);
  }

  /** Replaces the value at an existing path with a new value of any shape. */
  replace(resource: FixTarget, path: Path, value: Value): this {
    const { located, ctx } = this.target(resource, path);
    if (!located.found) return this.ensure(resource, path, value);
    const node = located.node;
    const isNewScalar = value === null || typeof value !== 'object';
    if (node && isScalar(node) && !isEmptyNull(node) && isNewScalar) {
      const scalar = value as string | number | boolean;
      this.overwrite(resource, ctx, node.range![0], scalarEnd(ctx.text, node), inFlow(ctx, resource, path) ? flowSafe(scalar, node) : formatScalar(scalar, node));
      return this;
    }
    if (!located.key) throw new FixNotPossible('can only replace map values');
    if (node && isCollection(node) && node.flow && isNewScalar) {
      const scalar = value as string | number | boolean;
      this.overwrite(resource, ctx, node.range![0], node.range![1], inFlow(ctx, resource, path) ? flowSafe(scalar) : formatScalar(scalar));
      return this;
    }
    return this.fillEmptyValue(resource, ctx, located.key, node, value, true, inFlow(ctx, resource, path));
  }

  /** Renames a key in place and sets its scalar value: `minAvailable: 100%` becomes `maxUnavailable: 1`. */
  renameKey(resource: FixTarget, path: Path, newKey: string, value: string | number | boolean): this {
    const { located, ctx } = this.target(resource, path);
    const node = located.node;
    if (!located.found || !located.key?.range || !isScalar(node) || !node.range || node.source === '') {
      throw new FixNotPossible('can only rename a key with a scalar value');
    }
    this.overwrite(resource, ctx, located.key.range[0], located.key.range[1], formatScalar(newKey, located.key));
    this.overwrite(resource, ctx, node.range[0], scalarEnd(ctx.text, node), inFlow(ctx, resource, path) ? flowSafe(value, node) : formatScalar(value, node));
    return this;
  }

  /** Removes a key and its value, with the whole lines they occupy. */
  remove(resource: FixTarget, path: Path): this {
    const { located, ctx } = this.target(resource, path);
    if (!located.found || !located.key) return this;
    const parent = locate(ctx.doc, resource.node, path.slice(0, -1)).node as YAMLMap;
    if (parent.flow) throw new FixNotPossible('cannot remove from a flow mapping');
    const keyStart = located.key.range![0];
    const lineStart = ctx.text.lastIndexOf('\n', keyStart - 1) + 1;
    if (ctx.text.slice(lineStart, keyStart).trim() !== '') throw new FixNotPossible('key shares its line');
    const valueEnd = located.node?.range?.[1] ?? located.key.range![1];
    this.removeLines(resource, ctx, lineStart, nextLineStart(ctx.text, lastContentEnd(ctx.text, valueEnd)));
    return this;
  }

  /** Removes one item of a sequence: its whole lines in a block sequence, the item and a comma in a flow one. */
  removeItem(resource: FixTarget, seqPath: Path, index: number): this {
    const { located, ctx } = this.target(resource, seqPath);
    const seq = located.node;
    if (!located.found || !isSeq(seq)) throw new FixNotPossible('no such sequence');
    const item = seq.items[index] as Node | undefined;
    if (!item?.range) throw new FixNotPossible('no such item');
    if (seq.flow) {
      const previous = seq.items[index - 1] as Node | undefined;
      const next = seq.items[index + 1] as Node | undefined;
      if (next?.range) this.overwrite(resource, ctx, item.range[0], next.range[0], '');
      else if (previous?.range) this.overwrite(resource, ctx, previous.range[1], item.range[1], '');
      else this.overwrite(resource, ctx, item.range[0], item.range[1], '');
      return this;
    }
    const dash = ctx.text.lastIndexOf('-', item.range[0] - 1);
    const lineStart = ctx.text.lastIndexOf('\n', dash - 1) + 1;
    if (dash < lineStart || ctx.text.slice(lineStart, dash).trim() !== '') throw new FixNotPossible('item shares its line');
    this.removeLines(resource, ctx, lineStart, nextLineStart(ctx.text, lastContentEnd(ctx.text, item.range[1])));
    return this;
  }

  /** Deletes whole lines, but never a comment: a fix must not lose what the user wrote about the code. */
  private removeLines(resource: FixTarget, ctx: Context, start: number, end: number): void {
    this.overwrite(resource, ctx, start, end, '');
  }

  /**
   * Replaces existing text, refusing what would lose something the user wrote: a comment inside the range, or an
   * anchor (`&a`) that an alias elsewhere still refers to (the text would no longer parse).
   */
  private overwrite(resource: FixTarget, ctx: Context, start: number, end: number, text: string): void {
    if (end > start) {
      const old = ctx.text.slice(start, end);
      if (commentsIn(old)) throw new FixNotPossible('the edit would drop a comment');
      if (old.includes('&')) {
        const aliases = aliasesOf(ctx.doc);
        if (aliases.length > 0) {
          const anchors = new Set(anchorsIn(old));
          const outside = aliases.some((alias) => anchors.has(alias.name) && (alias.start < start || alias.start >= end));
          if (outside) throw new FixNotPossible('the edit would drop an anchor that an alias uses');
        }
      }
    }
    this.push(resource, start, end, text);
  }

  /**
   * The edits as one consistent set: insertions at one offset joined in the order they were made, adjacent or
   * overlapping deletions merged, and a deletion that ends a file without a final newline taking the line
   * break before it (so no blank line is left behind).
   */
  normalized(): TextEdit[] {
    const result: TextEdit[] = [];
    const pieces = new Map<TextEdit, string[]>();
    for (const edit of this.edits) {
      const previous = result.find((m) => m.file === edit.file && m.start === edit.start && m.end === m.start && edit.end === edit.start);
      if (previous) pieces.get(previous)!.push(edit.text);
      else {
        const copy = { ...edit };
        result.push(copy);
        pieces.set(copy, [edit.text]);
      }
    }
    // Text inserted at one place nests deeper first: a new item of the list that ends a map goes before a new
    // sibling key of that map. The sort is stable, so pieces of one depth keep the order they were built in.
    for (const [edit, texts] of pieces) {
      if (texts.length < 2) continue;
      const prefix = /^(\r?\n)/.exec(texts[0]!)?.[1] ?? '';
      const bodies = texts.map((text, i) => (i === 0 && prefix ? text.slice(prefix.length) : text));
      edit.text = prefix + [...bodies].sort((a, b) => indentation(b) - indentation(a)).join('');
    }
    const deletions = result.filter((e) => e.text === '' && e.end > e.start).sort((a, b) => a.start - b.start);
    const others = result.filter((e) => !(e.text === '' && e.end > e.start));
    const merged: TextEdit[] = [];
    for (const deletion of deletions) {
      const last = merged.at(-1);
      if (last && last.file === deletion.file && deletion.start <= last.end) last.end = Math.max(last.end, deletion.end);
      else merged.push({ ...deletion });
    }
    const texts = new Map<string, string>();
    for (const deletion of merged) {
      let text = texts.get(deletion.file);
      if (text === undefined) {
        text = this.textOfFile(deletion.file);
        texts.set(deletion.file, text);
      }
      if (text && deletion.end === text.length && !text.endsWith('\n') && deletion.start > 0 && text[deletion.start - 1] === '\n') {
        deletion.start -= deletion.start > 1 && text[deletion.start - 2] === '\r' ? 2 : 1;
      }
    }
    // Every line break written uses the file's own line ending, whatever built the text (raw edits included).
    for (const edit of [...others, ...merged]) {
      if (!edit.text.includes('\n')) continue;
      const eol = this.eolOfFile(edit.file);
      if (eol) edit.text = edit.text.replace(/\r?\n/g, eol);
    }
    return [...others, ...merged].sort((a, b) => a.start - b.start || a.end - b.end);
  }

  private textOfFile(file: string): string {
    const edit = this.targets.get(file);
    return edit ? this.fileOf(edit).source.text : '';
  }

  /** The file's line ending; undefined for a file that only raw edits (pushed onto `edits`) wrote to. */
  private eolOfFile(file: string): string | undefined {
    const edit = this.targets.get(file);
    return edit ? this.fileOf(edit).source.eol : undefined;
  }

  /** Appends an item to an existing sequence, at the indentation of its items. */
  appendItem(resource: FixTarget, seqPath: Path, item: Value): this {
    const { located, ctx } = this.target(resource, seqPath);
    const seq = located.node;
    if (!located.found || !isSeq(seq)) return this.ensure(resource, seqPath, [item]);
    if (seq.flow) {
      const close = seq.range![1] - 1;
      const json = flowIsJson(ctx, seq.items[0] as Node | undefined);
      const earlier = this.edits.some((e) => e.file === resource.file && e.start === close && e.end === close);
      this.push(resource, close, close, `${seq.items.length || earlier ? ', ' : ''}${flowValue(item, json)}`);
      return this;
    }
    const dashColumn = columnOf(ctx.text, seq.range![0]);
    const at = nextLineStart(ctx.text, lastContentEnd(ctx.text, seq.range![1]));
    const block = blockText([item], dashColumn, ctx.layout, ctx.eol);
    this.push(resource, at, at, this.eofPrefix(resource, ctx, at) + block);
    return this;
  }

  /** Appends a new YAML document after the resource's document. */
  appendDocument(after: FixTarget, object: Record<string, unknown>): this {
    const parsed = this.fileOf(after);
    if (/\.json$/i.test(parsed.source.file)) throw new FixNotPossible('a JSON file holds one document');
    const ctx = contextOf(parsed, after);
    const at = after.document.contentEnd;
    const block = blockText(object, 0, ctx.layout, ctx.eol);
    this.push(after, at, at, `${this.eofPrefix(after, ctx, at)}---${ctx.eol}${block}`);
    return this;
  }

  private insertPair(resource: FixTarget, ctx: Context, map: YAMLMap, key: string, value: Value): this {
    if (map.flow) {
      const close = map.range![1] - 1;
      if (ctx.text[close] !== '}') throw new FixNotPossible('unexpected flow mapping');
      const firstKey = map.items[0]?.key as Node | undefined;
      const json = flowIsJson(ctx, firstKey);
      const pair = `${json ? JSON.stringify(key) : formatScalar(key)}: ${flowValue(value, json)}`;
      const earlier = this.edits.some((e) => e.file === resource.file && e.start === close && e.end === close);
      this.push(resource, close, close, map.items.length || earlier ? `, ${pair}` : pair);
      return this;
    }
    const first = map.items[0]?.key as Node | undefined;
    if (!first?.range) throw new FixNotPossible('empty block mapping');
    const column = columnOf(ctx.text, first.range[0]);
    // After an explicit key (`? key`), where the pair ends is more than the line structure tells.
    if (hasExplicitKey(ctx.text, map)) throw new FixNotPossible('the mapping has an explicit key');
    const at = nextLineStart(ctx.text, lastContentEnd(ctx.text, map.range![1]));
    const block = blockText({ [key]: value }, column, ctx.layout, ctx.eol);
    this.push(resource, at, at, this.eofPrefix(resource, ctx, at) + block);
    return this;
  }

  /**
   * Writes a block value under `key:`, replacing whatever value (null, `{}`, or an old value) was there:
   * the edit runs from just after the colon to the end of the old value.
   */
  private fillEmptyValue(
    resource: FixTarget,
    ctx: Context,
    key: Scalar,
    old: Node | null,
    value: Value,
    replacing = false,
    flow = false,
  ): this {
    const colon = ctx.text.indexOf(':', key.range![1]);
    if (colon === -1) throw new FixNotPossible('no colon after key');
    const end = old?.range && (replacing || old.range[1] > colon) ? Math.max(colon + 1, old.range[1]) : colon + 1;
    // A block node's range ends with its last line break: that line break stays, or the next line is glued on.
    const trimmedEnd = Math.max(colon + 1, lastContentEnd(ctx.text, end));
    const keyColumn = columnOf(ctx.text, key.range![0]);
    if (value === null || typeof value !== 'object') {
      const scalar = value as string | number | boolean;
      this.overwrite(resource, ctx, colon + 1, trimmedEnd, ` ${flow ? flowSafe(scalar) : formatScalar(scalar)}`);
      return this;
    }
    // Inside a flow collection (`{name: app, resources: {}}`) only flow YAML may be written.
    if (flow) {
      this.overwrite(resource, ctx, colon + 1, trimmedEnd, ` ${flowValue(value, flowIsJson(ctx, key))}`);
      return this;
    }
    const childColumn = keyColumn + (Array.isArray(value) && !ctx.layout.indentSeq ? 0 : ctx.layout.unit);
    const block = blockText(value, childColumn, ctx.layout, ctx.eol);
    // Like every insertion at the end of a file without a final newline, a block written there ends with one;
    // a replacement that merely reaches the end keeps the file's missing final newline.
    const atEof = colon + 1 === ctx.text.length;
    this.overwrite(resource, ctx, colon + 1, trimmedEnd, ctx.eol + (atEof ? block : block.slice(0, -ctx.eol.length)));
    return this;
  }

  /** The text of the target's file (BOM-stripped), for edits the primitives above cannot express. */
  text(target: FixTarget): string {
    return this.fileOf(target).source.text;
  }

  /** The line ending new lines in the target's file must use. */
  eol(target: FixTarget): string {
    return this.fileOf(target).source.eol;
  }

  /** A raw edit, for what the structural builders cannot express (inside a block scalar, say). */
  replaceText(target: FixTarget, start: number, end: number, text: string): this {
    this.push(target, start, end, text);
    return this;
  }

  /** Deletes the target's whole document (or its item, inside a `kind: List`), with its `---` line. */
  removeDocument(target: FixTarget & { basePath?: readonly (string | number)[] }): this {
    if (target.basePath && target.basePath.length === 2 && target.basePath[0] === 'items') {
      const listRoot = { file: target.file, document: target.document, node: target.document.yaml.contents as YAMLMap };
      return this.removeItem(listRoot, ['items'], target.basePath[1] as number);
    }
    const text = this.text(target);
    const { start, end } = target.document;
    // Take the document's own `---` line, and leave the next document's.
    const lineStart = text.lastIndexOf('\n', start - 1) + 1;
    this.push(target, lineStart, end, '');
    return this;
  }

  /** Inserting at the end of a file without a final newline adds one first, once per fix. */
  private eofPrefix(target: FixTarget, ctx: Context, at: number): string {
    if (at !== ctx.text.length || ctx.text.length === 0 || ctx.text.endsWith('\n')) return '';
    return this.edits.some((edit) => edit.file === target.file && edit.start === at && edit.end === at) ? '' : ctx.eol;
  }

  private target(resource: FixTarget, path: Path) {
    const ctx = contextOf(this.fileOf(resource), resource);
    const located = locate(ctx.doc, resource.node, path);
    if (located.aliasSite) throw new FixNotPossible('the path goes through an alias; editing the anchor would change other objects');
    const aliases = aliasesOf(ctx.doc);
    const [from, to] = resource.node.range ?? [0, 0];
    const shared = new Set(aliases.filter((alias) => alias.start < from || alias.start >= to).map((alias) => alias.name));
    if (shared.size > 0) {
      // An edit inside (or of) an anchored node changes every place that refers to it: never in another object.
      for (let depth = 0; depth <= located.depth; depth++) {
        const node = depth === located.depth ? located.node : locate(ctx.doc, resource.node, path.slice(0, depth)).node;
        if (node?.anchor && shared.has(node.anchor)) throw new FixNotPossible('the value is anchored and another object shares it');
      }
    }
    return { located, ctx };
  }

  private push(resource: FixTarget, start: number, end: number, text: string): void {
    this.targets.set(resource.file, resource);
    this.edits.push({ file: resource.file, start, end, text });
  }
}

interface Context {
  file: string;
  text: string;
  eol: string;
  doc: Document;
  layout: Layout;
}

function contextOf(parsed: ParsedFile, resource: FixTarget): Context {
  const doc = resource.document.yaml;
  return { file: parsed.source.file, text: parsed.source.text, eol: parsed.source.eol, doc, layout: layoutOf(doc, parsed.source.text) };
}

const layoutCache = new WeakMap<Document, Layout>();

/** The document's own indentation habits, read from the first nested map and the first block sequence. */
export function layoutOf(doc: Document, text: string): Layout {
  const cached = layoutCache.get(doc);
  if (cached) return cached;
  let unit: number | undefined;
  let indentSeq: boolean | undefined;
  const stack: Node[] = doc.contents ? [doc.contents as Node] : [];
  while (stack.length && (unit === undefined || indentSeq === undefined)) {
    const node = stack.shift()!;
    if (isMap(node) && !node.flow) {
      for (const pair of node.items) {
        const keyNode = pair.key as Node | null;
        const value = pair.value as Node | null;
        if (!keyNode?.range || !value?.range) continue;
        const keyColumn = columnOf(text, keyNode.range[0]);
        if (unit === undefined && isMap(value) && !value.flow) {
          const child = value.items[0]?.key as Node | undefined;
          if (child?.range) unit = columnOf(text, child.range[0]) - keyColumn;
        }
        if (indentSeq === undefined && isSeq(value) && !value.flow) {
          indentSeq = columnOf(text, value.range[0]) > keyColumn;
        }
        stack.push(value);
      }
    } else if (isSeq(node) && !node.flow) {
      for (const item of node.items) if (item && isCollection(item as Node)) stack.push(item as Node);
    }
  }
  const layout = { unit: unit && unit > 0 && unit <= 8 ? unit : 2, indentSeq: indentSeq ?? true };
  layoutCache.set(doc, layout);
  return layout;
}

/** New content as block YAML, every line indented by `column` and ended with the file's line ending. */
export function blockText(value: Value, column: number, layout: Layout, eol: string): string {
  const yaml = stringify(value, {
    version: '1.1',
    indent: layout.unit,
    indentSeq: layout.indentSeq,
    lineWidth: 0,
    aliasDuplicateObjects: false,
  });
  const pad = ' '.repeat(column);
  return yaml
    .replace(/\n$/, '')
    .split('\n')
    .map((line) => (line ? pad + line : line))
    .join(eol)
    .concat(eol);
}

/** A scalar in the style of the node it replaces: quoted stays quoted, plain stays plain where YAML allows. */
export function formatScalar(value: string | number | boolean | null, like?: Scalar): string {
  if (typeof value === 'string') {
    if (like?.type === 'QUOTE_DOUBLE') return JSON.stringify(value);
    if (like?.type === 'QUOTE_SINGLE' && !value.includes('\n')) return `'${value.replace(/'/g, "''")}'`;
  }
  const text = stringify(value, { version: '1.1', lineWidth: 0 }).replace(/\n$/, '');
  // A value written in place takes one line: a multi-line string would become a block scalar indented for column 0.
  return text.includes('\n') ? JSON.stringify(value) : text;
}

/** A key written with no value (`key:`), as opposed to `key: ""` or `key: null`. */
function isEmptyNull(node: Scalar): boolean {
  return node.value === null && node.source === '' && node.type === 'PLAIN';
}

/**
 * A scalar for a flow collection: a plain scalar there may not hold a flow indicator (`-[` would open a
 * sequence), so such a string is written JSON-quoted, which is valid flow YAML.
 */
function flowSafe(value: string | number | boolean | null, like?: Scalar): string {
  const text = formatScalar(value, like);
  return typeof value === 'string' && /[[\]{},]/.test(text) && !/^["']/.test(text) ? JSON.stringify(value) : text;
}

/** JSON files and flow collections written JSON-style (`{"a": 1}`) get JSON; others plain YAML flow style. */
function flowIsJson(ctx: Context, sibling: Node | undefined): boolean {
  if (/\.json$/i.test(ctx.file)) return true;
  return isScalar(sibling) && sibling.type === 'QUOTE_DOUBLE';
}

function flowValue(value: Value, json: boolean): string {
  if (json) return JSON.stringify(value);
  if (value === null || typeof value !== 'object') return flowSafe(value as string | number | boolean);
  const text = stringify(value, { version: '1.1', collectionStyle: 'flow', flowCollectionPadding: false, lineWidth: 0 }).replace(/\n$/, '');
  // Flow text spread over lines would need the indentation of its context: JSON, which is flow YAML, takes one line.
  return text.includes('\n') ? JSON.stringify(value) : text;
}

function isEmptyValue(node: Node): boolean {
  if (isScalar(node)) return node.value === null;
  return isCollection(node) && node.flow === true && node.items.length === 0;
}

export function columnOf(text: string, offset: number): number {
  return offset - (text.lastIndexOf('\n', offset - 1) + 1);
}

/** The end of the last non-blank character before `offset`. */
function lastContentEnd(text: string, offset: number): number {
  let end = offset;
  while (end > 0 && /\s/.test(text[end - 1]!)) end--;
  return end;
}

/** The start of the line after the one holding `offset`; the end of the text on the last line. */
function nextLineStart(text: string, offset: number): number {
  const newline = text.indexOf('\n', offset);
  return newline === -1 ? text.length : newline + 1;
}



/** The end of a scalar's own text: a block scalar's range takes its last line break, which is not replaced. */
function scalarEnd(text: string, node: Scalar): number {
  const end = node.range![1];
  if (node.type !== 'BLOCK_LITERAL' && node.type !== 'BLOCK_FOLDED') return end;
  return Math.max(node.range![0], lastContentEnd(text, end));
}

/** Whether the value at `path` (a map value or a sequence item) sits in a flow collection. */
function inFlow(ctx: Context, resource: FixTarget, path: Path): boolean {
  if (path.length === 0) return false;
  const parent = locate(ctx.doc, resource.node, path.slice(0, -1)).node;
  return isCollection(parent) && parent.flow === true;
}

/**
 * Whether a block mapping holds an explicit key (a line `? key`): the yaml library's ranges around such keys do
 * not tell where their pairs end, so nothing is inserted there.
 */
function hasExplicitKey(text: string, map: YAMLMap): boolean {
  const [start, end] = map.range!;
  const from = text.lastIndexOf('\n', start - 1) + 1;
  const slice = text.slice(from, end);
  return slice.includes('?') && /^[ \t]*(?:- +)?\?(?:[ \t]|$)/m.test(slice);
}

const aliasCache = new WeakMap<Document, { name: string; start: number }[]>();

/** The aliases (`*name`) of a document, with where they are. */
function aliasesOf(doc: Document): { name: string; start: number }[] {
  let aliases = aliasCache.get(doc);
  if (!aliases) {
    const found: { name: string; start: number }[] = [];
    visit(doc, {
      Alias(_key, node) {
        found.push({ name: node.source, start: node.range?.[0] ?? 0 });
      },
    });
    aliases = found;
    aliasCache.set(doc, aliases);
  }
  return aliases;
}

/** The anchors (`&name`) defined in a piece of YAML, as the lexer sees them. */
function anchorsIn(text: string): string[] {
  const anchors: string[] = [];
  for (const token of new Lexer().lex(text)) if (token.startsWith('&')) anchors.push(token.slice(1));
  return anchors;
}

/** Whether a piece of YAML holds a comment, as the lexer sees it (a `#` inside a string is not one). */
function commentsIn(text: string): boolean {
  if (!text.includes('#')) return false;
  for (const token of new Lexer().lex(text)) if (token.startsWith('#')) return true;
  return false;
}

/** Columns before the first non-blank line of a piece of inserted text. */
function indentation(text: string): number {
  const line = text.split('\n').find((l) => l.trim() !== '') ?? '';
  return line.length - line.trimStart().length;
}
