import { type Document, type Node, type Pair, isAlias, isMap, isScalar, isSeq, type YAMLMap, type Scalar } from 'yaml';

/** A JSON-style path into a resource: map keys and sequence indices. */
export type Path = readonly (string | number)[];

/** What a path leads to in the YAML tree, or how far it got. */
export interface Located {
  /** True when the whole path exists. */
  found: boolean;
  /** The node at the path, or at the deepest existing ancestor when not found. */
  node: Node | null;
  /** The key of the pair holding `node`, when `node` is a map value. */
  key: Scalar | null;
  /** How many path segments resolved. */
  depth: number;
  /**
   * Set when the walk passed through an alias or a merge key: the range to report is the alias site,
   * and no edit may touch the shared anchor.
   */
  aliasSite: [number, number] | null;
}

export function isMergeKey(key: unknown): boolean {
  return isScalar(key) && (key.source === '<<' || typeof key.value === 'symbol');
}

/** The string Kubernetes sees for a map key: YAML 1.1 booleans and numbers become their JSON text. */
export function keyString(key: unknown): string {
  if (isScalar(key)) return String(key.value);
  return String(key);
}

/** Finds the pair for `key` in a map, following merge keys (`<<: *defaults`) when it is not set directly. */
export function findPair(
  map: YAMLMap,
  key: string,
  doc: Document,
): { pair: Pair; viaMerge: Pair | null } | null {
  for (const item of map.items) {
    if (!isMergeKey(item.key) && keyString(item.key) === key) return { pair: item, viaMerge: null };
  }
  for (const item of map.items) {
    if (!isMergeKey(item.key)) continue;
    const sources = isSeq(item.value) ? item.value.items : [item.value];
    for (const source of sources) {
      const target = isAlias(source) ? source.resolve(doc) : source;
      if (isMap(target)) {
        const found = findPair(target, key, doc);
        if (found) return { pair: found.pair, viaMerge: item };
      }
    }
  }
  return null;
}

export function locate(doc: Document, root: Node | null, path: Path): Located {
  let node: Node | null = root;
  let key: Scalar | null = null;
  let aliasSite: [number, number] | null = null;
  let depth = 0;
  for (const segment of path) {
    if (isAlias(node)) {
      aliasSite ??= rangeOf(node);
      node = node.resolve(doc) ?? null;
    }
    let next: Node | null | undefined;
    let nextKey: Scalar | null = null;
    if (typeof segment === 'string' && isMap(node)) {
      const found = findPair(node, segment, doc);
      if (!found) break;
      if (found.viaMerge) aliasSite ??= rangeOf(found.viaMerge.key as Node);
      next = (found.pair.value as Node | null) ?? null;
      nextKey = isScalar(found.pair.key) ? found.pair.key : null;
      if (next === null) {
        // `key:` with no value: the pair exists, the value is null.
        depth++;
        node = null;
        key = nextKey;
        if (depth === path.length) return { found: true, node: null, key, depth, aliasSite };
        return { found: false, node: null, key, depth, aliasSite };
      }
    } else if (typeof segment === 'number' && isSeq(node)) {
      next = (node.items[segment] as Node | undefined) ?? undefined;
      if (next === undefined) break;
    } else {
      break;
    }
    node = next;
    key = nextKey;
    depth++;
  }
  return { found: depth === path.length, node, key, depth, aliasSite };
}

export function rangeOf(node: Node | null | undefined): [number, number] {
  const range = node?.range;
  return range ? [range[0], range[1]] : [0, 0];
}

/** The value of the node at a path, as plain data; undefined when missing. */
export function nodeAt(doc: Document, root: Node | null, path: Path): Node | null {
  const located = locate(doc, root, path);
  return located.found ? located.node : null;
}
