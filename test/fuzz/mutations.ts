/**
 * Random YAML text, and mutations of the project's own fixtures (every `code` and `files` entry of
 * rules/*\/cases.ts, every examples/**\/*.yaml): truncation, tabs, broken indentation, stray quotes,
 * anchors and aliases, merge keys, CRLF, BOM, NUL bytes, huge scalars, deep nesting, duplicate keys,
 * Helm actions, lone surrogates. Positions are drawn as fractions, so one mutation fits any text.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { RULES } from '../../rules';
import type { RuleCases } from '../support/rule-tester';
import { FUZZING } from './support';

const ROOT = join(__dirname, '..', '..');

/** The texts the mutations start from: rule cases (valid and invalid) and the bundled examples. */
export async function loadFixtures(): Promise<string[]> {
  const texts = new Set<string>();
  for (const rule of RULES) {
    const file = join(ROOT, 'rules', rule.meta.id, 'cases.ts');
    let cases: RuleCases;
    try {
      statSync(file);
      cases = ((await import(file)) as { default: RuleCases }).default;
    } catch {
      continue;
    }
    for (const testCase of [...cases.valid, ...cases.invalid]) {
      texts.add(testCase.code);
      for (const text of Object.values(testCase.files ?? {})) texts.add(text);
    }
  }
  for (const file of walk(join(ROOT, 'examples'))) if (/\.ya?ml$/.test(file)) texts.add(readFileSync(file, 'utf8'));
  return [...texts].filter((text) => text.length > 0);
}

function walk(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => (entry.isDirectory() ? walk(join(dir, entry.name)) : [join(dir, entry.name)]));
}

type Mutation = (text: string) => string;

const fraction = fc.double({ min: 0, max: 1, noNaN: true, maxExcluded: true });
const at = (text: string, f: number) => Math.floor(f * (text.length + 1));
const lineAt = (lines: string[], f: number) => Math.floor(f * lines.length);
const onLines = (f: number, change: (lines: string[], i: number) => void): Mutation => (text) => {
  const lines = text.split('\n');
  if (lines.length === 0) return text;
  change(lines, lineAt(lines, f));
  return lines.join('\n');
};
const insertAt = (f: number, piece: string): Mutation => (text) => text.slice(0, at(text, f)) + piece + text.slice(at(text, f));
const KEY_VALUE = /^(\s*(?:-\s+)?)([\w./-]+):(\s*)(.*)$/;

/** Anchors a value and points a later value at it (`key: &a …` … `other: *a`), or merges it (`<<: *a`). */
function anchorAndAlias(f1: number, f2: number, merge: boolean, name: string): Mutation {
  return (text) => {
    const lines = text.split('\n');
    const pairs = lines.flatMap((line, i) => (KEY_VALUE.test(line) ? [i] : []));
    if (pairs.length < 2) return text;
    const a = pairs[Math.floor(f1 * pairs.length)]!;
    const b = pairs[Math.floor(f2 * pairs.length)]!;
    const [, indentA, keyA, , valueA] = KEY_VALUE.exec(lines[a]!)!;
    lines[a] = `${indentA}${keyA}: &${name}${valueA ? ` ${valueA}` : ''}`;
    const [, indentB, keyB] = KEY_VALUE.exec(lines[b]!)!;
    if (merge) lines.splice(b, 0, `${indentB!.replace(/-/, ' ')}<<: *${name}`);
    else lines[b] = `${indentB}${keyB}: *${name}`;
    return lines.join('\n');
  };
}

const junkValue = fc.constantFrom('~', '[]', '{}', '"', "'", '0x1F', '1e400', '.inf', '-.nan', 'yes', 'on', '0644', '!!binary aGVsbG8=', '!!timestamp 2001-12-14', '!!str 3', '!custom x', '|', '>-', '? x', '@x', '`x', '%', '&', '*', '{{ .Values.x }}', '{{ x }}', '- a', 'a: b: c', '"\\u00e9\\ud800"');

const loneSurrogates = fc.string({ unit: fc.integer({ min: 0xd7f0, max: 0xe010 }).map((c) => String.fromCharCode(c)), maxLength: 3 });
const anyChars = fc.string({ unit: fc.integer({ min: 0, max: 0xffff }).map((c) => String.fromCharCode(c)), maxLength: 8 });

const HUGE = FUZZING ? 400_000 : 60_000;
const DEEP = FUZZING ? 20_000 : 2_000;

/**
 * A mutation with a name, so that a failing property names what was done to the fixture (fast-check prints
 * functions by their source otherwise). The input itself is in the failure message, in full.
 */
function named(name: string, arb: fc.Arbitrary<Mutation>): fc.Arbitrary<Mutation> {
  return arb.map((change) => Object.assign(change, { [fc.toStringMethod]: () => name }));
}

/** One mutation, drawn from every kind of damage hand-edited and generated YAML suffers. */
export const mutation: fc.Arbitrary<Mutation> = fc.oneof(
  named('truncate', fraction.map((f): Mutation => (text) => text.slice(0, at(text, f)))),
  named('tab-indent', fraction.map((f) => onLines(f, (lines, i) => (lines[i] = lines[i]!.replace(/^ {1,2}/, '\t'))))),
  named('insert-tab', fc.tuple(fraction, fc.constantFrom('\t', '\t\t', ' \t')).map(([f, tab]) => insertAt(f, tab))),
  named('reindent', fc.tuple(fraction, fc.integer({ min: -4, max: 4 })).map(([f, delta]) =>
    onLines(f, (lines, i) => (lines[i] = delta > 0 ? ' '.repeat(delta) + lines[i] : lines[i]!.replace(new RegExp(`^ {0,${-delta}}`), ''))),
  )),
  named('stray-quote', fc.tuple(fraction, fc.constantFrom('"', "'", '"\'', '\\', '`')).map(([f, quote]) => insertAt(f, quote))),
  named('anchor-and-alias', fc.tuple(fraction, fraction, fc.boolean(), fc.constantFrom('a', 'x1', 'anchor')).map(([f1, f2, merge, name]) => anchorAndAlias(f1, f2, merge, name))),
  named('crlf', fc.constant<Mutation>((text) => text.replace(/\r?\n/g, '\r\n'))),
  named('stray-cr', fraction.map((f) => onLines(f, (lines, i) => (lines[i] = `${lines[i]}\r`)))),
  named('cr-only', fc.constant<Mutation>((text) => text.replace(/\r\n/g, '\r'))),
  named('bom', fc.constant<Mutation>((text) => `\uFEFF${text}`)),
  named('inner-bom', fraction.map((f) => insertAt(f, '\uFEFF'))),
  named('control-character', fc.tuple(fraction, fc.constantFrom('\u0000', '\u0000\u0000', '\u0007', '\u001b[31m', '\u0085', '\u2028', '\uFFFE')).map(([f, c]) => insertAt(f, c))),
  named('huge-scalar', fc.tuple(fraction, fc.integer({ min: 1000, max: HUGE }), fc.constantFrom('x', ' ', 'a ', '{{', '#', ':', '\\', 'é')).map(([f, n, unit]) =>
    onLines(f, (lines, i) => {
      const match = KEY_VALUE.exec(lines[i]!);
      const big = unit.repeat(Math.ceil(n / unit.length)).slice(0, n);
      lines[i] = match ? `${match[1]}${match[2]}: ${unit === ' ' ? `"${big}x"` : big}` : `${lines[i]}${big}`;
    }),
  )),
  named('deep-nesting', fc.tuple(fraction, fc.integer({ min: 10, max: DEEP }), fc.constantFrom('[', '{a: ', '- ')).map(([f, depth, open]) =>
    onLines(f, (lines, i) => {
      const match = KEY_VALUE.exec(lines[i]!);
      const prefix = match ? `${match[1]}${match[2]}: ` : lines[i]!;
      if (open === '- ') {
        const levels = Math.min(depth, 400);
        lines.splice(i, 1, prefix, ...Array.from({ length: levels }, (_, k) => `${' '.repeat((match?.[1]!.length ?? 0) + 2 + k * 2)}- `)); // block nesting
      } else {
        lines[i] = prefix + open.repeat(depth) + (open === '[' ? ']' : '}').repeat(depth);
      }
    }),
  )),
  named('duplicate-line', fraction.map((f) => onLines(f, (lines, i) => lines.splice(i, 0, lines[i]!)))),
  named('delete-line', fraction.map((f) => onLines(f, (lines, i) => lines.splice(i, 1)))),
  named('swap-lines', fc.tuple(fraction, fraction).map(([f1, f2]) =>
    onLines(f1, (lines, i) => {
      const j = lineAt(lines, f2);
      [lines[i], lines[j]] = [lines[j]!, lines[i]!];
    }),
  )),
  named('document-marker', fc.tuple(fraction, fc.constantFrom('---', '...', '--- !!map', '%YAML 1.1\n---', '--- |', '---\n---')).map(([f, marker]) => onLines(f, (lines, i) => lines.splice(i, 0, marker)))),
  named('junk-value', fc.tuple(fraction, junkValue).map(([f, value]) =>
    onLines(f, (lines, i) => {
      const match = KEY_VALUE.exec(lines[i]!);
      if (match) lines[i] = `${match[1]}${match[2]}: ${value}`;
    }),
  )),
  named('helm-action', fc.tuple(fraction, fc.constantFrom('{{ .Values.image }}', '{{- if .Values.x }}', '{{ include "x" . }}', '{{ $x }}', '{{', '}}')).map(([f, action]) => insertAt(f, action))),
  named('lone-surrogate', fc.tuple(fraction, loneSurrogates).map(([f, s]) => insertAt(f, s))),
  named('random-characters', fc.tuple(fraction, anyChars).map(([f, s]) => insertAt(f, s))),
  named('suppression-comment', fc.tuple(fraction, fc.constantFrom('# kubeready-disable-next-line pdb-missing -- reason', '# kubeready-disable *', '# kubeready-disable', '# kubeready-disable-next-line', '#', '# kubeready-disable zone-spread-missing,, --')).map(([f, comment]) =>
    onLines(f, (lines, i) => lines.splice(i, 0, `${/^\s*/.exec(lines[i] ?? '')![0]}${comment}`)),
  )),
  named('exotic-yaml', fc.tuple(fraction, fc.constantFrom('? complex\n: key', '!!set {a, b}', '!!omap [a: 1]', '[a, b]: c', '{a: 1}: b', '"a\\\nb": c', 'key: "unterminated')).map(([f, piece]) => onLines(f, (lines, i) => lines.splice(i, 0, piece)))),
);

export function mutate(text: string, mutations: Mutation[]): string {
  return mutations.reduce((current, change) => change(current), text);
}

/** YAML-ish text from the pieces YAML is made of: a parser's nightmare, with an apiVersion/kind header so it counts as a manifest. */
const piece = fc.oneof(
  fc.tuple(fc.integer({ min: 0, max: 8 }), fc.constantFrom('apiVersion', 'kind', 'metadata', 'name', 'spec', 'containers', 'replicas', 'selector', 'a', 'b', '"q"', "'s'", '? k', '<<', '')).map(([indent, key]) => `\n${' '.repeat(indent)}${key}: `),
  fc.integer({ min: 0, max: 8 }).map((indent) => `\n${' '.repeat(indent)}- `),
  fc.constantFrom('[', ']', '{', '}', ',', ': ', '- ', '? ', '&a ', '*a', '&b ', '*b', '<<: *a', '!!str ', '!!map ', '!tag ', '!<tag:x> ', '|', '|-', '>+', '|2', '"', "'", '#c', ' #c', '---', '...', '%YAML 1.1', '%TAG ! tag:x,2000:', '\t', '\r\n', '\n', ' ', '  '),
  fc.constantFrom('Deployment', 'apps/v1', 'v1', 'web', '3', '-1', 'yes', '~', 'null', '1.5', '0o14', '0x1F', '2001-12-14', '{{ .Values.x }}', 'é', '😀', '\u0000', '\uFEFF'),
  fc.string({ maxLength: 6 }),
);
export const randomYaml: fc.Arbitrary<string> = fc
  .tuple(fc.constantFrom('', 'apiVersion: apps/v1\nkind: Deployment\n', 'apiVersion: v1\nkind: List\nitems:\n', 'kind: Pod\napiVersion: v1\nspec:\n'), fc.array(piece, { maxLength: 120 }))
  .map(([header, pieces]) => header + pieces.join(''));
