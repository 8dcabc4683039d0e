import { isScalar, type Scalar } from 'yaml';
import type { TextEdit } from '../../server/src/engine/fix-builder';
import type { Resource } from '../../server/src/engine/parse';
import type { Relations } from '../../server/src/engine/relations';
import { locate } from '../../server/src/engine/yaml-path';

/**
 * A small reader for the Corefile (Caddyfile syntax): server blocks of directives, each directive a line of
 * tokens that may open a `{ … }` block of sub-directives. Enough to find `health`, `lameduck` and `ready` with
 * their positions in the manifest's text, so that fixes can edit single lines inside the block scalar.
 */

export interface Token {
  text: string;
  /** Index of the line in `Corefile.lines`. */
  line: number;
  /** Column in the line's text. */
  column: number;
}

export interface Block {
  open: Token | undefined;
  close: Token | undefined;
  statements: Statement[];
}

export interface Statement {
  tokens: Token[];
  line: number;
  block: Block | undefined;
}

export interface Line {
  text: string;
  /** Offset of the line's first character in the manifest text; undefined when the Corefile is not a literal block. */
  offset: number | undefined;
}

export interface Corefile {
  lines: Line[];
  /** Server blocks: `.:53 { … }`. */
  servers: Statement[];
  /** The manifest's line ending, for edits. */
  eol: string;
  /** Whether edits are possible: the Corefile is a literal block scalar (`|`) in the manifest. */
  editable: boolean;
  resource: Resource;
}

function tokenize(text: string, line: number): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  while (i < text.length) {
    const ch = text[i]!;
    if (ch === '#') break;
    if (ch === ' ' || ch === '\t' || ch === '\r') {
      i++;
      continue;
    }
    if (ch === '{' || ch === '}') {
      tokens.push({ text: ch, line, column: i });
      i++;
      continue;
    }
    const start = i;
    if (ch === '"') {
      i++;
      while (i < text.length && text[i] !== '"') i += text[i] === '\\' ? 2 : 1;
      i = Math.min(i + 1, text.length);
    } else {
      while (i < text.length && !' \t\r{}#'.includes(text[i]!)) i++;
    }
    tokens.push({ text: text.slice(start, i), line, column: start });
  }
  return tokens;
}

export function parseLines(lines: Line[]): Statement[] {
  const root: Block = { open: undefined, close: undefined, statements: [] };
  const stack: Block[] = [root];
  lines.forEach((line, index) => {
    let current: Statement | undefined;
    for (const token of tokenize(line.text, index)) {
      const top = stack[stack.length - 1]!;
      if (token.text === '{') {
        if (!current) {
          current = { tokens: [], line: index, block: undefined };
          top.statements.push(current);
        }
        const block: Block = { open: token, close: undefined, statements: [] };
        current.block = block;
        stack.push(block);
        current = undefined;
      } else if (token.text === '}') {
        if (stack.length > 1) stack.pop()!.close = token;
        current = undefined;
      } else {
        if (!current) {
          current = { tokens: [], line: index, block: undefined };
          top.statements.push(current);
        }
        current.tokens.push(token);
      }
    }
  });
  return root.statements.filter((statement) => statement.block);
}

/** The Corefile of a ConfigMap (`data.Corefile`), with line offsets when it is a literal block scalar. */
export function readCorefile(resource: Resource, relations: Relations): Corefile | undefined {
  const value = resource.object.data;
  const text = typeof value === 'object' && value !== null ? (value as Record<string, unknown>).Corefile : undefined;
  if (typeof text !== 'string') return undefined;
  const source = relations.index.getFile(resource.file)?.source;
  const located = locate(resource.document.yaml, resource.node, ['data', 'Corefile']);
  const node = located.found && isScalar(located.node) ? (located.node as Scalar) : undefined;
  if (source && node?.range && node.type === 'BLOCK_LITERAL' && !located.aliasSite) {
    const [start, end] = node.range;
    const headerEnd = source.text.indexOf('\n', start);
    if (headerEnd !== -1 && headerEnd < end) {
      const lines: Line[] = [];
      let offset = headerEnd + 1;
      while (offset < end) {
        const newline = source.text.indexOf('\n', offset);
        const lineEnd = newline === -1 || newline > end ? end : newline;
        let body = source.text.slice(offset, lineEnd);
        if (body.endsWith('\r')) body = body.slice(0, -1);
        lines.push({ text: body, offset });
        offset = lineEnd + 1;
      }
      return { lines, servers: parseLines(lines), eol: source.eol, editable: true, resource };
    }
  }
  const lines = text.split('\n').map((line) => ({ text: line, offset: undefined }));
  return { lines, servers: parseLines(lines), eol: source?.eol ?? '\n', editable: false, resource };
}

/** Every directive of that name in any server block. */
export function directives(corefile: Corefile, name: string): Statement[] {
  return corefile.servers.flatMap((server) => server.block!.statements.filter((statement) => statement.tokens[0]?.text === name));
}

/** A Go duration (`5s`, `1m30s`, `500ms`) in seconds; undefined when it is not one. */
export function parseDuration(text: string): number | undefined {
  const units: Record<string, number> = { h: 3600, m: 60, s: 1, ms: 1e-3, us: 1e-6, 'µs': 1e-6, ns: 1e-9 };
  let i = 0;
  let total = 0;
  if (text === '' || text.length > 64) return undefined;
  while (i < text.length) {
    const start = i;
    while (i < text.length && /[0-9.]/.test(text[i]!)) i++;
    if (i === start) return undefined;
    const number = Number(text.slice(start, i));
    if (Number.isNaN(number)) return undefined;
    const unitStart = i;
    while (i < text.length && !/[0-9.]/.test(text[i]!)) i++;
    const factor = units[text.slice(unitStart, i)];
    if (factor === undefined) return undefined;
    total += number * factor;
  }
  return total;
}

/** The port the ready plugin listens on: its address argument (`:8181`, `127.0.0.1:8181`), default 8181. */
export function readyPort(statement: Statement): number | undefined {
  const address = statement.tokens[1]?.text;
  if (address === undefined) return 8181;
  const colon = address.lastIndexOf(':');
  const port = Number(address.slice(colon + 1));
  return Number.isInteger(port) && port > 0 && port < 65536 ? port : undefined;
}

// ---------------------------------------------------------------------------------------------------------
// Line edits inside the block scalar

function indentOf(line: Line): string {
  let i = 0;
  while (i < line.text.length && (line.text[i] === ' ' || line.text[i] === '\t')) i++;
  return line.text.slice(0, i);
}

/** One nesting step of the Corefile: the directive's indent minus its server block's, else four spaces. */
function unitOf(corefile: Corefile, server: Statement, statementLine: number): string {
  const outer = indentOf(corefile.lines[server.line]!);
  const inner = indentOf(corefile.lines[statementLine]!);
  return inner.length > outer.length && inner.startsWith(outer) ? inner.slice(outer.length) : '    ';
}

function lineEnd(corefile: Corefile, line: number): number {
  const entry = corefile.lines[line]!;
  return entry.offset! + entry.text.length;
}

function offsetOf(corefile: Corefile, token: Token): number {
  return corefile.lines[token.line]!.offset! + token.column;
}

export function serverOf(corefile: Corefile, statement: Statement): Statement | undefined {
  return corefile.servers.find((server) => server.block!.statements.includes(statement));
}

function edit(corefile: Corefile, start: number, end: number, text: string): TextEdit {
  return { file: corefile.resource.file, start, end, text };
}

/** `lameduck 30s` in a health directive: a new block, a new line in its block, or a longer duration. */
export function lameduckEdit(corefile: Corefile, health: Statement, seconds: number): TextEdit | undefined {
  if (!corefile.editable) return undefined;
  const server = serverOf(corefile, health);
  if (!server) return undefined;
  const healthIndent = indentOf(corefile.lines[health.line]!);
  const unit = unitOf(corefile, server, health.line);
  const value = `lameduck ${seconds}s`;
  const existing = health.block?.statements.find((s) => s.tokens[0]?.text === 'lameduck');
  if (existing) {
    const duration = existing.tokens[1];
    if (!duration) {
      const name = existing.tokens[0]!;
      const at = offsetOf(corefile, name) + name.text.length;
      return edit(corefile, at, at, ` ${seconds}s`);
    }
    const start = offsetOf(corefile, duration);
    return edit(corefile, start, start + duration.text.length, `${seconds}s`);
  }
  if (!health.block) {
    const last = health.tokens[health.tokens.length - 1]!;
    const at = offsetOf(corefile, last) + last.text.length;
    const eol = corefile.eol;
    return edit(corefile, at, at, ` {${eol}${healthIndent}${unit}${value}${eol}${healthIndent}}`);
  }
  const open = health.block.open!;
  // `health { }` on one line: nothing to anchor a new line to.
  if (health.block.close && health.block.close.line === open.line) return undefined;
  const firstChild = health.block.statements[0];
  const childIndent = firstChild && firstChild.line > open.line ? indentOf(corefile.lines[firstChild.line]!) : `${healthIndent}${unit}`;
  const at = lineEnd(corefile, open.line);
  return edit(corefile, at, at, `${corefile.eol}${childIndent}${value}`);
}

/** The line after which a new directive goes: the end of `after` (its closing brace when it has a block), else the server's opening line. */
function insertionPoint(corefile: Corefile, server: Statement, after: Statement | undefined): { at: number; indent: string } {
  const firstDirective = server.block!.statements.find((s) => s.line > server.line);
  const indent = after
    ? indentOf(corefile.lines[after.line]!)
    : firstDirective
      ? indentOf(corefile.lines[firstDirective.line]!)
      : `${indentOf(corefile.lines[server.line]!)}    `;
  const endLine = after ? (after.block?.close?.line ?? after.line) : server.block!.open!.line;
  return { at: lineEnd(corefile, endLine), indent };
}

/** Adds `ready` after the health directive (or first in the first server block). */
export function readyEdit(corefile: Corefile): TextEdit | undefined {
  if (!corefile.editable || corefile.servers.length === 0) return undefined;
  const health = directives(corefile, 'health')[0];
  const server = (health && serverOf(corefile, health)) ?? corefile.servers[0]!;
  if (server.block!.close && server.block!.close.line === server.block!.open!.line) return undefined;
  const { at, indent } = insertionPoint(corefile, server, health);
  return edit(corefile, at, at, `${corefile.eol}${indent}ready`);
}

/** Adds `health { lameduck 30s }` first in the first server block. */
export function healthEdit(corefile: Corefile, seconds: number): TextEdit | undefined {
  if (!corefile.editable || corefile.servers.length === 0) return undefined;
  const server = corefile.servers[0]!;
  if (server.block!.close && server.block!.close.line === server.block!.open!.line) return undefined;
  const { at, indent } = insertionPoint(corefile, server, undefined);
  const firstDirective = server.block!.statements.find((s) => s.line > server.line);
  const unit = firstDirective ? unitOf(corefile, server, firstDirective.line) : '    ';
  const eol = corefile.eol;
  return edit(corefile, at, at, `${eol}${indent}health {${eol}${indent}${unit}lameduck ${seconds}s${eol}${indent}}`);
}
