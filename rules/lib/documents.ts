import { isCollection, isMap, isPair, isScalar, type Node, visit } from 'yaml';
import { FixNotPossible, type FixBuilder } from '../../server/src/engine/fix-builder';
import type { Resource } from '../../server/src/engine/parse';
import type { Relations } from '../../server/src/engine/relations';
import { get } from '../../server/src/engine/workload';
import { locate, type Path } from '../../server/src/engine/yaml-path';

/**
 * Objects as the project holds them: their identity across files, and text edits the FixBuilder has no
 * helper for (deleting a whole object, shifting a block of lines to a deeper indentation). The edits are
 * computed from the file's own text and never touch a comment (they throw FixNotPossible instead).
 */

export function isHelmHook(resource: Resource): boolean {
  return get(resource.object, ['metadata', 'annotations', 'helm.sh/hook']) !== undefined;
}

/**
 * Whether two manifests describe the same API object (kind, group and name; the namespace is the caller's
 * business): overlays, rendered variants and test fixtures repeat objects, which the cluster would merge.
 */
export function sameObject(a: Resource, b: Resource): boolean {
  const group = (g: string) => (g === 'extensions' ? 'apps' : g);
  return a.kind === b.kind && a.name === b.name && group(a.group) === group(b.group);
}

/** One of each object, in first-seen order. */
export function distinctObjects<T>(items: readonly T[], resourceOf: (item: T) => Resource): T[] {
  const result: T[] = [];
  for (const item of items) if (!result.some((kept) => sameObject(resourceOf(kept), resourceOf(item)))) result.push(item);
  return result;
}

/** The file's text and line ending, as the engine holds them (no byte-order mark). */
export function sourceOf(resource: Resource, relations: Relations): { text: string; eol: string } | undefined {
  const parsed = relations.index.getFile(resource.file);
  return parsed ? { text: parsed.source.text, eol: parsed.source.eol } : undefined;
}

/** Whether the node at the path (its keys, values and everything under it) carries a comment. */
export function hasCommentsAt(resource: Resource, path: Path): boolean {
  const located = locate(resource.document.yaml, resource.node, path);
  if (!located.found || !located.node) return false;
  return nodeHasComments(located.node);
}

export function nodeHasComments(node: Node): boolean {
  let found = false;
  const check = (candidate: unknown) => {
    if ((isScalar(candidate) || isCollection(candidate)) && (candidate.comment || candidate.commentBefore)) found = true;
  };
  check(node);
  if (isCollection(node)) {
    visit(node, (_key, item) => {
      if (isPair(item)) check(item.key);
      else check(item);
      return found ? visit.BREAK : undefined;
    });
  }
  return found;
}

/** Whether a document's text holds a comment (a `#` the YAML lexer reads as one). */
function documentHasComments(resource: Resource): boolean {
  const doc = resource.document.yaml;
  if (doc.commentBefore || doc.comment) return true;
  return doc.contents ? nodeHasComments(doc.contents as Node) : false;
}

function lineStartOf(text: string, offset: number): number {
  return text.lastIndexOf('\n', offset - 1) + 1;
}

function nextLineStart(text: string, offset: number): number {
  const newline = text.indexOf('\n', offset);
  return newline === -1 ? text.length : newline + 1;
}

/** Where a document's content begins: after its `---` marker line, when it has one. */
function contentStart(text: string, start: number): number {
  if (!text.startsWith('---', start)) return start;
  const lineEnd = nextLineStart(text, start);
  if (text.slice(start + 3, lineEnd).trim() !== '') throw new FixNotPossible('content on the document marker line');
  return lineEnd;
}

/**
 * Deletes the object: its whole document (with the `---` separator that goes with it), or its item of a
 * `kind: List`. Refuses when the object carries comments, which would go with it.
 */
export function deleteResource(fix: FixBuilder, resource: Resource, relations: Relations): void {
  const source = sourceOf(resource, relations);
  if (!source) throw new FixNotPossible('file not in the project');
  if (documentHasComments(resource) && resource.basePath.length === 0) throw new FixNotPossible('the document has comments');
  if (resource.basePath.length > 0) {
    if (nodeHasComments(resource.node)) throw new FixNotPossible('the item has comments');
    const [field, index] = resource.basePath;
    if (field !== 'items' || typeof index !== 'number') throw new FixNotPossible('unexpected list');
    const root = resource.document.yaml.contents;
    if (!isMap(root)) throw new FixNotPossible('the list is not a mapping');
    fix.removeItem({ file: resource.file, document: resource.document, node: root }, ['items'], index);
    return;
  }
  const { text } = source;
  const documents = relations.index.getFile(resource.file)?.documents ?? [];
  const position = documents.indexOf(resource.document);
  if (position === -1) throw new FixNotPossible('document not found');
  const next = documents[position + 1];
  let start: number;
  let end: number;
  if (next) {
    // Up to the next document's content, so that the separator of the deleted one goes with it.
    start = contentStart(text, resource.document.start);
    end = contentStart(text, next.start);
  } else {
    start = position === 0 ? 0 : resource.document.start;
    end = text.length;
    // At the end of a file without a final newline, the line break before the document goes too.
    if (start > 0 && !text.endsWith('\n')) start -= text[start - 2] === '\r' ? 2 : 1;
  }
  fix.edits.push({ file: resource.file, start, end, text: '' });
}

/**
 * Moves every non-blank line in [from, to) right by `columns` spaces: the lines of a block that becomes
 * nested deeper. Block scalars, flow collections and comments keep their relative indentation.
 */
export function indentLines(fix: FixBuilder, file: string, text: string, from: number, to: number, columns: number): void {
  const pad = ' '.repeat(columns);
  for (let line = lineStartOf(text, from); line < to; line = nextLineStart(text, line)) {
    const end = nextLineStart(text, line);
    if (text.slice(line, end).trim() === '') {
      if (end === line) break;
      continue;
    }
    fix.edits.push({ file, start: line, end: line, text: pad });
    if (end === text.length) break;
  }
}

/**
 * Removes a key and its scalar value. A comment at the end of its line stays behind as a comment line at the
 * key's indentation (`replicas: 3 # peak traffic` becomes `# peak traffic`); otherwise the whole line goes.
 */
export function removeKeepingComment(fix: FixBuilder, resource: Resource, path: Path, relations: Relations): void {
  const located = locate(resource.document.yaml, resource.node, path);
  const source = sourceOf(resource, relations);
  const value = located.node;
  if (!source || !located.found || located.aliasSite || !located.key?.range || !isScalar(value) || !value.range || !value.comment) {
    fix.remove(resource, path);
    return;
  }
  const { text } = source;
  const lineEnd = text.indexOf('\n', value.range[1]);
  const hash = text.indexOf('#', value.range[1]);
  if (hash === -1 || (lineEnd !== -1 && hash > lineEnd)) {
    fix.remove(resource, path);
    return;
  }
  fix.edits.push({ file: resource.file, start: located.key.range[0], end: hash, text: '' });
}
