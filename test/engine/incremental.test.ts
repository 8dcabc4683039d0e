import { describe, expect, it } from 'vitest';
import { visit } from 'yaml';
import { scanHeader } from '../../server/src/engine/header-scan';
import { type ParsedFile, parseFile } from '../../server/src/engine/parse';
import { splitDocuments } from '../../server/src/engine/slices';
import { sourceText } from '../../server/src/engine/text';

const stream = `# leading comment
apiVersion: v1
kind: ConfigMap
metadata:
  name: a
data:
  key: value
---
apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
  namespace: shop
spec:
  replicas: 2 # two
---
# comment before the third
apiVersion: apiextensions.k8s.io/v1
kind: CustomResourceDefinition
metadata:
  name: widgets.example.com
spec:
  group: example.com
  names: {kind: Widget}
`;

/** Every range in the file's trees, with the resources it describes: what a fresh parse and a reused one must share. */
function shape(parsed: ParsedFile) {
  return parsed.documents.map((document) => {
    const ranges: number[][] = [document.yaml.range.slice()];
    visit(document.yaml, (_key, node) => {
      const range = (node as { range?: number[] } | null)?.range;
      if (range) ranges.push(range.slice());
    });
    return {
      index: document.index,
      start: document.start,
      end: document.end,
      contentEnd: document.contentEnd,
      ranges,
      resources: document.resources.map((r) => ({ id: r.id, kind: r.kind, name: r.name, namespace: r.declaredNamespace, object: r.object })),
    };
  });
}

describe('document slices', () => {
  it('split a stream at its markers, with comments before a marker ending the previous document', () => {
    const slices = splitDocuments(stream)!;
    expect(slices.map((s) => stream.slice(s.start, s.start + 3))).toEqual(['# l', '---', '---']);
    expect(stream.slice(slices[1]!.end - 2, slices[1]!.end)).toBe('o\n');
  });

  it('treat --- inside a block scalar line as a marker only at column 0', () => {
    expect(splitDocuments('a: |\n  ---\n  b\n')).toEqual([{ start: 0, end: 15 }]);
  });

  it('leave streams with directives to a whole-stream parse', () => {
    expect(splitDocuments('%YAML 1.1\n---\na: 1\n')).toBeUndefined();
  });
});

describe('incremental parsing', () => {
  it('reuses unchanged documents and moves those after an edit, with the ranges of a fresh parse', () => {
    const first = parseFile(sourceText('f.yaml', stream));
    const [a, , c] = first.documents;
    const edited = stream.replace('replicas: 2', 'replicas: 20');
    const second = parseFile(sourceText('f.yaml', edited), { previous: first });
    expect(second.documents[0]).toBe(a);
    expect(second.documents[2]).toBe(c);
    expect(shape(second)).toEqual(shape(parseFile(sourceText('f.yaml', edited))));
  });

  it('agrees with a fresh parse over many random edits', () => {
    let text = stream;
    let parsed = parseFile(sourceText('f.yaml', text));
    const inserts = ['x', '\n', ' ', '#', '---\n', 'kind: Pod\n', ': ', '"', '\t'];
    let seed = 7;
    const random = (n: number) => {
      seed = (seed * 1103515245 + 12345) % 2147483648;
      return seed % n;
    };
    for (let i = 0; i < 300; i++) {
      const at = random(text.length + 1);
      const remove = random(3);
      text = text.slice(0, at) + inserts[random(inserts.length)] + text.slice(at + remove);
      parsed = parseFile(sourceText('f.yaml', text), { previous: parsed });
      const fresh = parseFile(sourceText('f.yaml', text));
      expect(shape(parsed), `after edit ${i}`).toEqual(shape(fresh));
      expect(parsed.problems).toEqual(fresh.problems);
    }
  });
});

describe('documents no rule reads', () => {
  it('are identified from their header and built only when asked', () => {
    const parsed = parseFile(sourceText('f.yaml', stream), { compose: (kind) => kind !== 'CustomResourceDefinition' });
    const crd = parsed.documents[2]!;
    expect(crd.composed).toBe(false);
    expect(crd.resources.map((r) => [r.kind, r.name, r.apiVersion, r.group])).toEqual([
      ['CustomResourceDefinition', 'widgets.example.com', 'apiextensions.k8s.io/v1', 'apiextensions.k8s.io'],
    ]);
    expect(crd.resources[0]!.object).toMatchObject({ spec: { group: 'example.com' } });
    expect(crd.composed).toBe(true);
    expect(crd.resources[0]!.node.range![0]).toBe(stream.indexOf('apiVersion: apiextensions'));
  });

  it('are pointed at by kind and name exactly where a built document would be', async () => {
    const { rangeFor } = await import('../../server/src/engine/ranges');
    const lazy = parseFile(sourceText('f.yaml', stream), { compose: (kind) => kind !== 'CustomResourceDefinition' }).documents[2]!.resources[0]!;
    const built = parseFile(sourceText('f.yaml', stream)).documents[2]!.resources[0]!;
    for (const path of [[], ['metadata', 'name']]) {
      expect(rangeFor(lazy, path, 'key', stream)).toEqual(rangeFor(built, path, 'key', stream));
    }
    expect(lazy.document.composed).toBe(false);
  });

  it('are read in full when their header is anything but plain', () => {
    const quoted = 'apiVersion: v1\nkind: "Secret"\nmetadata: {name: s}\n';
    expect(parseFile(sourceText('f.yaml', quoted), { compose: () => false }).documents[0]!.composed).toBe(true);
  });
});

describe('header scan', () => {
  const scan = (text: string) => scanHeader(text, 0, text.length);
  it('reads apiVersion, kind, name and namespace', () => {
    expect(scan('apiVersion: v1 # core\nkind: Service\nmetadata:\n  labels:\n    name: not-this\n  name: web\n  namespace: shop\nspec: {}\n')).toEqual({
      apiVersion: 'v1',
      kind: 'Service',
      name: 'web',
      namespace: 'shop',
      contentEnd: 114,
      kindRange: [22, 35],
      nameRange: [77, 81],
    });
  });
  it('gives up on what needs a parser', () => {
    for (const text of [
      'apiVersion: v1\nkind: &k Service\n',
      'apiVersion: v1\nkind: Service\nmetadata:\n  name: "quoted"\n',
      'apiVersion: v1\nkind: Service\nmetadata: {name: flow}\n',
      'apiVersion: v1\nkind: Service\nkind: Pod\n',
      '{"apiVersion": "v1", "kind": "Service"}',
      'apiVersion: v1\nkind: Service\nmetadata:\n  <<: *base\n',
      'apiVersion: v1\nkind: Service\nmetadata:\n  name: yes\n',
    ]) {
      expect(scan(text), text).toBeNull();
    }
  });
});

describe('incremental linting', () => {
  it('gives the findings of a fresh lint after every edit, across documents that depend on each other', async () => {
    const { readFileSync } = await import('node:fs');
    const { join } = await import('node:path');
    const { RULES } = await import('../../rules');
    const { defaultConfig } = await import('../../server/src/engine/config');
    const { Linter } = await import('../../server/src/engine/linter');
    const examples = join(__dirname, '..', '..', 'examples', 'shop');
    let text = ['checkout.yaml', 'pdb.yaml', 'api.yaml'].map((f) => readFileSync(join(examples, f), 'utf8')).join('---\n');
    const config = defaultConfig(RULES);
    const incremental = new Linter({ rules: RULES, config, today: '2026-06-15' });
    const describe = (linter: InstanceType<typeof Linter>) =>
      linter.lint('f.yaml').findings.map((f) => {
        // Quick-fix edits are built on first use: asking here, after every edit, also checks that they move.
        const edits = [...(f.fix ? [f.fix] : []), ...f.suggestions].map((fix) => fix.edits.map((e) => `${e.start}-${e.end}:${e.text}`).join(';'));
        return `${f.ruleId}@${f.start}-${f.end}:${f.message}|${f.related.map((r) => `${r.start}-${r.end}`).join()}|${edits.join('|')}`;
      });
    let seed = 11;
    const random = (n: number) => {
      seed = (seed * 1103515245 + 12345) % 2147483648;
      return seed % n;
    };
    const edits = ['x', '1', '\n', ' ', 'app', 'maxUnavailable: 1\n', '# c\n', '---\n'];
    incremental.setText('f.yaml', text);
    describe(incremental);
    for (let i = 0; i < 60; i++) {
      const at = random(text.length + 1);
      text = text.slice(0, at) + edits[random(edits.length)] + text.slice(at + random(4));
      incremental.setText('f.yaml', text);
      const fresh = new Linter({ rules: RULES, config, today: '2026-06-15' });
      fresh.setText('f.yaml', text);
      expect(describe(incremental), `after edit ${i}`).toEqual(describe(fresh));
    }
  });
});
