import { describe, expect, it } from 'vitest';
import { applyEdits } from '../../server/src/engine/apply-edits';
import { FixBuilder, FixNotPossible } from '../../server/src/engine/fix-builder';
import { parseFile } from '../../server/src/engine/parse';
import { sourceText } from '../../server/src/engine/text';

function edit(text: string, build: (fix: FixBuilder, resource: ReturnType<typeof first>) => void, file = 'a.yaml'): string {
  const parsed = parseFile(sourceText(file, text));
  const resource = first(parsed);
  const fix = new FixBuilder(() => parsed);
  build(fix, resource);
  return applyEdits(parsed.source.text, fix.normalized());
}

function first(parsed: ReturnType<typeof parseFile>) {
  return parsed.documents.flatMap((d) => d.resources)[0]!;
}

const pod = `apiVersion: v1
kind: Pod
metadata:
  name: web # the name
spec:
  containers:
    - name: app
      image: nginx:1.25
      imagePullPolicy: "Always"
`;

describe('fix builders make minimal edits', () => {
  it('sets a scalar in place and keeps its quoting', () => {
    expect(edit(pod, (f, r) => f.set(r, ['spec', 'containers', 0, 'imagePullPolicy'], 'IfNotPresent'))).toBe(
      pod.replace('"Always"', '"IfNotPresent"'),
    );
  });

  it('inserts a key at the indentation of its siblings, after the last one', () => {
    expect(edit(pod, (f, r) => f.insert(r, ['spec', 'containers', 0], 'ports', [{ containerPort: 80 }]))).toBe(
      `${pod}      ports:\n        - containerPort: 80\n`,
    );
  });

  it('follows the file\'s habit of not indenting sequences', () => {
    const flat = pod.replace('    - name: app\n      image: nginx:1.25\n      imagePullPolicy: "Always"\n', '  - name: app\n    image: nginx:1.25\n');
    expect(edit(flat, (f, r) => f.insert(r, ['spec', 'containers', 0], 'ports', [{ containerPort: 80 }]))).toBe(
      `${flat}    ports:\n    - containerPort: 80\n`,
    );
  });

  it('creates missing parent maps on the way', () => {
    expect(edit(pod, (f, r) => f.ensure(r, ['metadata', 'labels', 'app'], 'web'))).toBe(
      pod.replace('  name: web # the name\n', '  name: web # the name\n  labels:\n    app: web\n'),
    );
  });

  it('fills a key that has no value', () => {
    const text = 'apiVersion: v1\nkind: Pod\nmetadata:\n  name: web\n  labels:\nspec: {}\n';
    expect(edit(text, (f, r) => f.ensure(r, ['metadata', 'labels', 'app'], 'web'))).toBe(
      'apiVersion: v1\nkind: Pod\nmetadata:\n  name: web\n  labels:\n    app: web\nspec: {}\n',
    );
  });

  it('adds to a flow mapping in JSON syntax, which is also YAML', () => {
    const text = '{"apiVersion": "v1", "kind": "Pod", "metadata": {"name": "web"}}';
    expect(edit(text, (f, r) => f.ensure(r, ['metadata', 'labels'], { app: 'web' }), 'pod.json')).toBe(
      '{"apiVersion": "v1", "kind": "Pod", "metadata": {"name": "web", "labels": {"app":"web"}}}',
    );
  });

  it('uses the file\'s CRLF line endings for inserted text', () => {
    const crlf = pod.replace(/\n/g, '\r\n');
    expect(edit(crlf, (f, r) => f.insert(r, ['metadata'], 'namespace', 'shop'))).toBe(
      crlf.replace('  name: web # the name\r\n', '  name: web # the name\r\n  namespace: shop\r\n'),
    );
  });

  it('adds the missing final newline before appending at the end', () => {
    const text = 'apiVersion: v1\nkind: Pod\nmetadata:\n  name: web';
    expect(edit(text, (f, r) => f.insert(r, ['metadata'], 'namespace', 'shop'))).toBe(`${text}\n  namespace: shop\n`);
    expect(edit(text, (f, r) => f.appendDocument(r, { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'shop' } }))).toBe(
      `${text}\n---\napiVersion: v1\nkind: Namespace\nmetadata:\n  name: shop\n`,
    );
  });

  it('appends a document right after its resource, before the next one', () => {
    const text = `${pod}---\napiVersion: v1\nkind: Service\nmetadata:\n  name: web\n`;
    expect(edit(text, (f, r) => f.appendDocument(r, { kind: 'X' }))).toBe(`${pod}---\nkind: X\n---\napiVersion: v1\nkind: Service\nmetadata:\n  name: web\n`);
  });

  it('appends sequence items at the indentation of the existing items', () => {
    expect(edit(pod, (f, r) => f.appendItem(r, ['spec', 'containers'], { name: 'sidecar', image: 'busybox:1.36' }))).toBe(
      `${pod}    - name: sidecar\n      image: busybox:1.36\n`,
    );
  });

  it('renames a key in place', () => {
    const pdb = 'apiVersion: policy/v1\nkind: PodDisruptionBudget\nmetadata: {name: p}\nspec:\n  minAvailable: 100%\n  selector: {}\n';
    expect(edit(pdb, (f, r) => f.renameKey(r, ['spec', 'minAvailable'], 'maxUnavailable', 1))).toBe(pdb.replace('minAvailable: 100%', 'maxUnavailable: 1'));
  });

  it('removes a key with its whole lines', () => {
    expect(edit(pod, (f, r) => f.remove(r, ['spec', 'containers', 0, 'imagePullPolicy']))).toBe(pod.replace('      imagePullPolicy: "Always"\n', ''));
  });

  it('removes the last key of a file without a final newline without adding one', () => {
    const text = 'apiVersion: v1\nkind: Pod\nmetadata:\n  name: web\n  namespace: x';
    expect(edit(text, (f, r) => f.remove(r, ['metadata', 'namespace']))).toBe('apiVersion: v1\nkind: Pod\nmetadata:\n  name: web');
  });

  it('removes a block sequence item with its lines, and a flow item with its comma', () => {
    expect(edit(`${pod}    - name: b\n      image: b:1\n`, (f, r) => f.removeItem(r, ['spec', 'containers'], 1))).toBe(pod);
    const flow = 'apiVersion: v1\nkind: Pod\nmetadata: {name: a}\nspec:\n  keys: [a, b, c]\n';
    expect(edit(flow, (f, r) => f.removeItem(r, ['spec', 'keys'], 1))).toBe(flow.replace('[a, b, c]', '[a, c]'));
    expect(edit(flow, (f, r) => f.removeItem(r, ['spec', 'keys'], 2))).toBe(flow.replace('[a, b, c]', '[a, b]'));
  });

  it('adds to a YAML flow mapping in its own plain style', () => {
    const text = 'apiVersion: v1\nkind: Pod\nmetadata: {name: web}\n';
    expect(edit(text, (f, r) => f.ensure(r, ['metadata', 'labels'], { app: 'web' }))).toBe('apiVersion: v1\nkind: Pod\nmetadata: {name: web, labels: {app: web}}\n');
  });

  it('keeps the quotes of an empty quoted string it replaces', () => {
    const text = 'apiVersion: v1\nkind: Pod\nmetadata:\n  name: ""\n';
    expect(edit(text, (f, r) => f.set(r, ['metadata', 'name'], 'web'))).toBe('apiVersion: v1\nkind: Pod\nmetadata:\n  name: "web"\n');
  });

  it('replaces a block value with a new block', () => {
    const text = 'apiVersion: v1\nkind: X\nmetadata: {name: a}\nspec:\n  selector:\n    matchLabels:\n      app: wrong\n  other: 1\n';
    expect(edit(text, (f, r) => f.replace(r, ['spec', 'selector', 'matchLabels'], { app: 'right' }))).toBe(
      text.replace('      app: wrong\n', '      app: right\n'),
    );
  });

  it('refuses to replace a value that holds a comment, which the new value could not keep', () => {
    const text = 'apiVersion: v1\nkind: X\nmetadata: {name: a}\nspec:\n  selector:\n    matchLabels:\n      app: wrong # old\n  other: 1\n';
    expect(() => edit(text, (f, r) => f.replace(r, ['spec', 'selector', 'matchLabels'], { app: 'right' }))).toThrow(FixNotPossible);
  });

  it('refuses to edit through an alias, which would change every user of the anchor', () => {
    const text = 'apiVersion: v1\nkind: Pod\nmetadata: &meta\n  name: web\nspec:\n  template:\n    metadata: *meta\n';
    expect(() => edit(text, (f, r) => f.ensure(r, ['spec', 'template', 'metadata', 'labels'], { a: 'b' }))).toThrow(FixNotPossible);
  });

  it('refuses to append a document to a JSON file', () => {
    expect(() => edit('{"apiVersion": "v1", "kind": "Pod", "metadata": {"name": "a"}}', (f, r) => f.appendDocument(r, { kind: 'X' }), 'a.json')).toThrow(FixNotPossible);
  });

  it('quotes new strings that YAML 1.1 would read as something else', () => {
    expect(edit(pod, (f, r) => f.ensure(r, ['metadata', 'labels', 'enabled'], 'yes'))).toContain('enabled: "yes"');
  });
});
