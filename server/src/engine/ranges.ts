import { isCollection, isMap, isScalar, type Node } from 'yaml';
import { lineEndOf, type Resource } from './parse';
import { locate, type Path } from './yaml-path';

/**
 * Turns a rule's path into the range to highlight: the key of the node (short ranges keep editors fast),
 * the value when asked, the alias site when the path runs through an alias, and for a missing path the
 * key of its closest existing ancestor.
 */
export function rangeFor(resource: Resource, path: Path, on: 'key' | 'value', text: string): [number, number] {
  // A document that was only identified can be pointed at without building it, for its kind and name.
  const anchors = resource.document.composed ? undefined : resource.anchors;
  if (anchors && path.length === 0) return anchors.kind;
  if (anchors && path.length === 2 && path[0] === 'metadata' && path[1] === 'name' && on === 'key') return anchors.name ?? anchors.kind;
  const doc = resource.document.yaml;
  const located = locate(doc, doc.contents, [...resource.basePath, ...path]);
  if (located.aliasSite) return located.aliasSite;
  if (located.depth <= resource.basePath.length) return kindKey(resource, text);
  if (located.found && on === 'value' && located.node?.range) return narrow(located.node, text);
  if (located.key?.range) return [located.key.range[0], located.key.range[1]];
  if (located.node?.range) return narrow(located.node, text);
  return kindKey(resource, text);
}

/** A collection is highlighted on its first line only. */
function narrow(node: Node, text: string): [number, number] {
  const [start, end] = node.range!;
  if (isScalar(node)) return [start, Math.max(start, end)];
  if (isCollection(node)) {
    const firstKey = isMap(node) ? (node.items[0]?.key as Node | undefined)?.range?.[0] : undefined;
    const from = node.flow ? start : (firstKey ?? start);
    return [from, Math.max(from, Math.min(end, lineEndOf(text, from)))];
  }
  return [start, end];
}

function kindKey(resource: Resource, text: string): [number, number] {
  const located = locate(resource.document.yaml, resource.node, ['kind']);
  if (located.key?.range) return [located.key.range[0], located.node?.range?.[1] ?? located.key.range[1]];
  return narrow(resource.node, text);
}
