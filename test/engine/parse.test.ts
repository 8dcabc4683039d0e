import { describe, expect, it } from 'vitest';
import { parseFile } from '../../server/src/engine/parse';
import { LineIndex, sourceText } from '../../server/src/engine/text';

const parse = (text: string, file = 'a.yaml') => parseFile(sourceText(file, text));
const kinds = (text: string, file?: string) => parse(text, file).documents.flatMap((d) => d.resources.map((r) => `${r.kind}/${r.name}`));

describe('parsing manifests', () => {
  it('reads every document of a stream with absolute offsets', () => {
    const text = 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: a\n---\napiVersion: v1\nkind: Secret\nmetadata:\n  name: b\n';
    const parsed = parse(text);
    expect(kinds(text)).toEqual(['ConfigMap/a', 'Secret/b']);
    const second = parsed.documents[1]!.resources[0]!;
    expect(text.slice(second.node.range![0], second.node.range![0] + 10)).toBe('apiVersion');
  });

  it('strips the byte-order mark so that offsets match what editors send', () => {
    const parsed = parse('\uFEFFapiVersion: v1\nkind: ConfigMap\nmetadata: {name: a}\n');
    expect(parsed.source.bom).toBe(true);
    expect(parsed.source.text.startsWith('apiVersion')).toBe(true);
    expect(parsed.documents[0]!.resources[0]!.node.range![0]).toBe(0);
  });

  it('keeps CRLF in offsets and remembers the line ending for inserted text', () => {
    const parsed = parse('apiVersion: v1\r\nkind: ConfigMap\r\nmetadata:\r\n  name: a\r\n');
    expect(parsed.source.eol).toBe('\r\n');
    const resource = parsed.documents[0]!.resources[0]!;
    expect(resource.name).toBe('a');
    const lines = new LineIndex(parsed.source.text);
    expect(lines.positionAt(parsed.source.text.indexOf('name'))).toEqual({ line: 3, character: 2 });
  });

  it('treats empty files, comment-only files and empty documents as holding nothing', () => {
    expect(kinds('')).toEqual([]);
    expect(kinds('# just a comment\n')).toEqual([]);
    expect(kinds('---\n---\napiVersion: v1\nkind: ConfigMap\nmetadata: {name: a}\n---\n')).toEqual(['ConfigMap/a']);
    expect(parse('# c\n').problems).toEqual([]);
  });

  it('reads a manifest without a final newline', () => {
    expect(kinds('apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: a')).toEqual(['ConfigMap/a']);
  });

  it('skips YAML without apiVersion and kind silently', () => {
    const parsed = parse('name: my-chart\nversion: 1.0.0\n');
    expect(parsed.problems).toEqual([]);
    expect(parsed.documents[0]!.resources).toEqual([]);
  });

  it('reads JSON manifests', () => {
    expect(kinds('{"apiVersion": "v1", "kind": "Service", "metadata": {"name": "web"}}', 'svc.json')).toEqual(['Service/web']);
  });

  it('expands kind: List into its items, each with its own path', () => {
    const text = 'apiVersion: v1\nkind: List\nitems:\n- apiVersion: v1\n  kind: Service\n  metadata: {name: a}\n- apiVersion: apps/v1\n  kind: Deployment\n  metadata: {name: b}\n';
    const resources = parse(text).documents[0]!.resources;
    expect(resources.map((r) => `${r.kind}/${r.name}`)).toEqual(['Service/a', 'Deployment/b']);
    expect(resources[1]!.basePath).toEqual(['items', 1]);
    expect(text.slice(resources[1]!.node.range![0]).startsWith('apiVersion: apps/v1')).toBe(true);
  });

  it('reads YAML 1.1 booleans and octals the way Kubernetes does', () => {
    const parsed = parse('apiVersion: v1\nkind: Pod\nmetadata: {name: a}\nspec:\n  hostNetwork: yes\n  x: 0644\n  z: on\n');
    const spec = parsed.documents[0]!.resources[0]!.object.spec as Record<string, unknown>;
    expect(spec).toEqual({ hostNetwork: true, x: 420, z: true });
  });

  it('resolves merge keys', () => {
    const parsed = parse('apiVersion: v1\nkind: ConfigMap\nmetadata: &m {name: a}\ndata:\n  <<: {k: v}\n  z: "1"\n');
    expect(parsed.documents[0]!.resources[0]!.object.data).toEqual({ k: 'v', z: '1' });
  });

  it('reports a syntax error at its place and still lints the other documents', () => {
    const text = 'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: a}\n---\nkey: [unclosed\n---\napiVersion: v1\nkind: Secret\nmetadata: {name: b}\n';
    const parsed = parse(text);
    expect(parsed.problems).toHaveLength(1);
    expect(parsed.problems[0]!.code).toBe('yaml-syntax');
    expect(new LineIndex(text).positionAt(parsed.problems[0]!.start).line).toBe(5);
    expect(kinds(text)).toEqual(['ConfigMap/a', 'Secret/b']);
  });

  it('checks the syntax of documents it only identifies, unless the file is only context', () => {
    const broken = 'apiVersion: gateway.networking.k8s.io/v1\nkind: Gateway\nmetadata:\n  name: g\nspec:\n      listeners:\n      -   name: http\n        port: 80\n';
    const text = `apiVersion: v1\nkind: Service\nmetadata:\n  name: s\n---\n${broken}`;
    const onlyServices = (kind: string) => kind === 'Service';
    const checked = parseFile(sourceText('a.yaml', text), { compose: onlyServices });
    expect(checked.problems.map((p) => [p.code, p.start])).toEqual([['yaml-syntax', text.indexOf('        port')]]);
    const context = parseFile(sourceText('a.yaml', text), { compose: onlyServices, check: false });
    expect(context.problems).toEqual([]);
    expect(context.documents[1]!.composed).toBe(false);
    // A checked parse does not reuse the unchecked document, even though its text did not change.
    expect(parseFile(sourceText('a.yaml', text), { compose: onlyServices, previous: context }).problems).toHaveLength(1);
  });

  it('says nothing about broken YAML that is not a manifest (a CI config, a compose file)', () => {
    expect(parse('services:\n  web: [\n').problems).toEqual([]);
    expect(parse('apiVersion: v1\nkind: ConfigMap\ndata: [\n').problems.map((p) => p.code)).toEqual(['yaml-syntax']);
  });

  it('refuses flow nesting deeper than any manifest in one linear pass, before the parser recurses', async () => {
    const { flowNestingBeyond } = await import('../../server/src/engine/parse');
    for (const n of [100_000, 400_000]) {
      const text = `apiVersion: v1\nkind: ConfigMap\ndata: ${'{'.repeat(n)}`;
      // Twice: a second deep parse in one process used to abort V8.
      for (let run = 0; run < 2; run++) {
        expect(parse(text).problems.map((p) => [p.message, p.start])).toEqual([['YAML syntax error: the document is nested too deeply to parse.', 37 + 1000]]);
      }
    }
    // Brackets in quotes and comments do not count.
    expect(flowNestingBeyond('a: "{{{{" # [[[[\nb: [[1]]', 2)).toBeUndefined();
    expect(flowNestingBeyond('a: [[[1]]]', 2)).toBe(5);
  });

  it('refuses only the document nested too deeply: the other documents of the file are read', () => {
    const deep = `apiVersion: v1\nkind: ConfigMap\nmetadata: {name: deep}\ndata: {x: ${'['.repeat(5_000)}}\n`;
    const text = `apiVersion: v1\nkind: ConfigMap\nmetadata: {name: before}\n---\n${deep}---\napiVersion: v1\nkind: Secret\nmetadata: {name: after}\n`;
    const parsed = parse(text);
    expect(kinds(text)).toEqual(['ConfigMap/before', 'Secret/after']);
    // Level 1 is the `{` of data; the 1,001st level is the 1,000th `[`.
    const at = text.indexOf('[') + 999;
    expect(parsed.problems.map((p) => [p.message, p.start])).toEqual([['YAML syntax error: the document is nested too deeply to parse.', at]]);
    expect(parsed.documents.map((d) => d.valid)).toEqual([true, false, true]);
    // Brackets left open in one document do not count against the next: each is parsed on its own.
    const unclosed = `apiVersion: v1\nkind: ConfigMap\nmetadata: {name: a}\ndata:\n  x: ${'['.repeat(600)}\n---\n`;
    const messages = parse(`${unclosed}${unclosed}apiVersion: v1\nkind: Secret\nmetadata: {name: b}\n`).problems.map((p) => p.message);
    expect(messages.length).toBeGreaterThan(0);
    expect(messages.filter((m) => /nested/.test(m))).toEqual([]);
  });

  it('names a repeated key, and covers all of it', () => {
    const text = 'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: a}\ndata:\n  uid: 1\n  uid: 2\n  "q:k": 1\n  "q:k": 2\n';
    const parsed = parse(text);
    expect(parsed.problems.map((p) => [p.message, text.slice(p.start, p.end)])).toEqual([
      ['YAML syntax error: the key "uid" appears twice in this mapping; kubectl rejects duplicate fields too.', 'uid'],
      ['YAML syntax error: the key "q:k" appears twice in this mapping; kubectl rejects duplicate fields too.', '"q:k"'],
    ]);
  });

  it('reports an alias bomb instead of expanding it', () => {
    const lines = ['a: &a ["x","x","x","x","x","x","x","x","x","x"]'];
    for (let i = 1; i < 12; i++) lines.push(`${String.fromCharCode(97 + i)}: &${String.fromCharCode(97 + i)} [${Array(10).fill(`*${String.fromCharCode(96 + i)}`).join(',')}]`);
    const text = `apiVersion: v1\nkind: ConfigMap\nmetadata: {name: bomb}\ndata:\n${lines.map((l) => `  ${l}`).join('\n')}\n`;
    const started = Date.now();
    const parsed = parse(text);
    expect(Date.now() - started).toBeLessThan(5000);
    expect(parsed.problems.map((p) => p.message).join()).toMatch(/alias/i);
  });

  it('recognises an unrendered Helm template once, without a flood of syntax errors', () => {
    const text = 'apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: {{ include "app.fullname" . }}\n{{- if .Values.x }}\nspec: {}\n{{- end }}\n';
    const parsed = parse(text);
    expect(parsed.helm).toBe(true);
    expect(parsed.problems.map((p) => p.code)).toEqual(['helm-template-unrendered']);
    expect(parsed.documents).toEqual([]);
  });

  it('recognises Go template actions that break YAML as a template', () => {
    const parsed = parse('apiVersion: v1\nkind: ConfigMap\n{{ if $x }}\nmetadata: {name: a}\n{{ end }}\n');
    expect(parsed.problems.map((p) => p.code)).toEqual(['helm-template-unrendered']);
  });

  it('lints {{ }} inside valid YAML strings (PrometheusRule annotations)', () => {
    const text = 'apiVersion: monitoring.coreos.com/v1\nkind: PrometheusRule\nmetadata: {name: r}\nspec:\n  groups:\n  - rules:\n    - alert: Down\n      annotations:\n        summary: "{{ $labels.instance }} is down"\n';
    const parsed = parse(text);
    expect(parsed.helm).toBe(false);
    expect(kinds(text)).toEqual(['PrometheusRule/r']);
  });

  it('does not overflow the stack on absurd nesting', () => {
    const text = `${'['.repeat(20000)}${']'.repeat(20000)}\n`;
    expect(() => parse(text)).not.toThrow();
  });
});
