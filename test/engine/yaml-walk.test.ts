import { describe, expect, it } from 'vitest';
import { isNode, type Node, parseDocument, visit } from 'yaml';
import { forEachNode } from '../../server/src/engine/yaml-walk';

describe('forEachNode', () => {
  it('reaches the same nodes as yaml.visit, in the same order: keys, values, flow pairs in sequences and aliases', () => {
    const doc = parseDocument(`a: &x {b: [1, {c: d}], e: null}
? [complex, key]
: - f
  - g: *x
  - [h: i]
empty:
`);
    const expected: Node[] = [];
    visit(doc, (_key, node) => {
      if (isNode(node)) expected.push(node);
      return undefined;
    });
    const actual: Node[] = [];
    forEachNode(doc.contents, (node) => actual.push(node));
    expect(actual.length).toBe(expected.length);
    expect(actual.map((node) => node.range?.[0])).toEqual(expected.map((node) => node.range?.[0]));
    expect(actual.every((node, i) => node === expected[i])).toBe(true);
  });

  it('walks 100,000 levels of nesting without overflowing the stack', () => {
    const root = parseDocument('[]').contents as unknown as { items: unknown[] };
    let current = root;
    for (let i = 0; i < 100_000; i++) {
      const child = parseDocument('[]').contents as unknown as { items: unknown[] };
      current.items.push(child);
      current = child;
    }
    let count = 0;
    forEachNode(root, () => count++);
    expect(count).toBe(100_001);
  });
});
