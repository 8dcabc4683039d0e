import { isCollection, isNode, isPair, type Node } from 'yaml';

/**
 * Calls `fn` on every node under `root` (keys included) in document order. yaml's own `visit()` builds a frozen
 * path array for each node, which costs more than the walk itself: shifting the documents after an edit walks
 * every node of a large file on each keystroke. Iterative, so deep nesting cannot overflow the stack.
 */
export function forEachNode(root: unknown, fn: (node: Node) => void): void {
  const stack: unknown[] = [root];
  while (stack.length > 0) {
    const item = stack.pop();
    if (isPair(item)) {
      stack.push(item.value, item.key);
      continue;
    }
    if (!isNode(item)) continue;
    fn(item);
    if (isCollection(item)) for (let i = item.items.length - 1; i >= 0; i--) stack.push(item.items[i]);
  }
}
