/**
 * No regular expression of the engine or the rules backtracks catastrophically: every regex literal in
 * server/src and rules/ (all of them, whether or not it reads user content: a superset is simpler to keep
 * true) is run on adversarial strings of 100,000 characters, built from the characters the pattern itself
 * names and ended by a character that makes it fail. A linear regex takes about a millisecond on these; a
 * quadratic one seconds, an exponential one forever. No pattern is built at run time from text either
 * (`new RegExp` with user content could be anything).
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOT = join(__dirname, '..', '..');
const LENGTH = 100_000;
/** Per regex and string. Generous: a linear scan of 100k characters takes about a millisecond. */
const BUDGET_MS = 250;

function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return entry.name === 'generated' ? [] : sources(path);
    return entry.name.endsWith('.ts') && entry.name !== 'cases.ts' && !entry.name.endsWith('.d.ts') ? [path] : [];
  });
}

export interface Literal {
  file: string;
  line: number;
  source: string;
  flags: string;
}

/**
 * The regex literals of a TypeScript file: a small tokenizer that skips comments, strings and template text,
 * and reads `/` as the start of a regex where an expression may begin (the classic rule, enough for this code).
 */
export function regexLiterals(file: string, text: string): Literal[] {
  const found: Literal[] = [];
  const templateDepth: number[] = [];
  let braces = 0;
  let previous = '';
  let i = 0;
  const lineOf = (offset: number) => text.slice(0, offset).split('\n').length;
  const expressionStart = () => previous === '' || /[(,=:[!&|?{};+\-*%<>~^]$/.test(previous) || /^(return|typeof|case|in|of|delete|void|throw|new|else|do|yield|await)$/.test(previous);
  while (i < text.length) {
    const c = text[i]!;
    if (c === '/' && text[i + 1] === '/') {
      i = text.indexOf('\n', i);
      if (i === -1) break;
      continue;
    }
    if (c === '/' && text[i + 1] === '*') {
      i = text.indexOf('*/', i + 2) + 2;
      continue;
    }
    if (c === '"' || c === "'") {
      let j = i + 1;
      while (j < text.length && text[j] !== c) j += text[j] === '\\' ? 2 : 1;
      i = j + 1;
      previous = 'string';
      continue;
    }
    if (c === '`' || (c === '}' && templateDepth.length && templateDepth.at(-1) === braces)) {
      if (c === '}') templateDepth.pop();
      let j = i + 1;
      while (j < text.length && text[j] !== '`' && !(text[j] === '$' && text[j + 1] === '{')) j += text[j] === '\\' ? 2 : 1;
      if (text[j] === '$') {
        templateDepth.push(braces);
        i = j + 2;
        previous = '(';
      } else {
        i = j + 1;
        previous = 'string';
      }
      continue;
    }
    if (c === '/' && expressionStart()) {
      let j = i + 1;
      let inClass = false;
      while (j < text.length && (inClass || text[j] !== '/')) {
        if (text[j] === '\\') j++;
        else if (text[j] === '[') inClass = true;
        else if (text[j] === ']') inClass = false;
        else if (text[j] === '\n') break;
        j++;
      }
      const source = text.slice(i + 1, j);
      let k = j + 1;
      while (/[a-z]/.test(text[k] ?? '')) k++;
      found.push({ file, line: lineOf(i), source, flags: text.slice(j + 1, k) });
      i = k;
      previous = 'regex';
      continue;
    }
    if (c === '{') braces++;
    if (c === '}') braces--;
    if (/\s/.test(c)) {
      i++;
      continue;
    }
    if (/[\w$]/.test(c)) {
      let j = i;
      while (j < text.length && /[\w$]/.test(text[j]!)) j++;
      previous = text.slice(i, j);
      i = j;
      continue;
    }
    previous = c;
    i++;
  }
  return found;
}

const ESCAPES: Record<string, string[]> = { d: ['7'], w: ['a', '_'], s: [' ', '\t', '\n'], D: ['a'], W: [' '], S: ['a'], t: ['\t'], n: ['\n'], r: ['\r'] };

/** Characters the pattern names: literals, escapes, class members (ranges by their ends). */
function charactersOf(source: string): string[] {
  const chars = new Set<string>();
  for (let i = 0; i < source.length; i++) {
    const c = source[i]!;
    if (c === '\\') {
      const next = source[i + 1] ?? '';
      for (const char of ESCAPES[next] ?? [next]) chars.add(char);
      i++;
    } else if (!'()[]{}|?*+^$.'.includes(c) || c === '.') {
      chars.add(c === '.' ? 'x' : c);
    }
  }
  return [...chars].filter((c) => c.length === 1);
}

/** Adversarial inputs: runs of one character, of pairs of the pattern's characters, each ended by a failing one. */
function adversarial(source: string, length = LENGTH): string[] {
  const chars = charactersOf(source);
  const units = new Set<string>(['a', ' ', '\t', '0', '-', ':', '{', '[', '#', '"', '\\', '\n', 'a ', '- ', 'a:', 'a.', '{{', ': ']);
  for (const c of chars) units.add(c);
  for (let i = 0; i + 1 < chars.length && i < 12; i++) units.add(chars[i]! + chars[i + 1]!);
  const strings: string[] = [];
  for (const unit of units) {
    const body = unit.repeat(Math.ceil(length / unit.length)).slice(0, length);
    strings.push(`${body}\u0000`, `${body}\n!`);
  }
  return strings;
}

const literals = [...sources(join(ROOT, 'server', 'src')), ...sources(join(ROOT, 'rules'))].flatMap((file) =>
  regexLiterals(relative(ROOT, file), readFileSync(file, 'utf8')),
);

describe('regular expressions against adversarial 100k-character strings', () => {
  it('finds the regex literals of the engine and the rules (the tokenizer works)', () => {
    expect(literals.length).toBeGreaterThan(150);
    // Known ones, from different files: the header scan, the parser, a rule.
    const sourcesFound = new Set(literals.map((l) => l.source));
    expect(sourcesFound).toContain('[ \\t]#');
    expect(sourcesFound).toContain('^[ \\t]*(?:-[ \\t]+)?\\{\\{');
    for (const literal of literals) expect(() => new RegExp(literal.source, literal.flags), `${literal.file}:${literal.line}`).not.toThrow();
  });

  it('the test itself catches a quadratic pattern (the header scan had one), on 30k characters', () => {
    expect(slowest({ file: 'test', line: 0, source: '[ \\t]+#.*$', flags: '' }, 30_000).ms).toBeGreaterThan(BUDGET_MS);
  });

  it('every one runs in linear time', () => {
    // One timing per distinct pattern; a slow one is named at every place it is written.
    const byPattern = new Map<string, Literal[]>();
    for (const literal of literals) {
      const key = `/${literal.source}/${literal.flags}`;
      byPattern.set(key, [...(byPattern.get(key) ?? []), literal]);
    }
    const slow: string[] = [];
    for (const [key, places] of byPattern) {
      const { ms, input } = slowest(places[0]!);
      if (ms <= BUDGET_MS) continue;
      for (const place of places) slow.push(`${place.file}:${place.line} ${key} took ${Math.round(ms)} ms on ${JSON.stringify(input.slice(0, 12))}… (${input.length} characters)`);
    }
    expect(slow).toEqual([]);
  }, 120_000);

  it('no pattern is built at run time (`new RegExp`/`RegExp(`) in the engine or the rules', () => {
    const dynamic = [...sources(join(ROOT, 'server', 'src')), ...sources(join(ROOT, 'rules'))].flatMap((file) =>
      readFileSync(file, 'utf8')
        .split('\n')
        .flatMap((line, i) => (/\bRegExp\s*\(/.test(line) && !/^\s*(\/\/|\*)/.test(line) ? [`${relative(ROOT, file)}:${i + 1}: ${line.trim()}`] : [])),
    );
    expect(dynamic).toEqual([]);
  });
});

/** The longest one exec of the regex takes on its adversarial strings; it stops at the first one over budget. */
function slowest(literal: Literal, length = LENGTH): { ms: number; input: string } {
  // As the code uses it: a sticky or global regex runs from lastIndex, here the start.
  const regex = new RegExp(literal.source, literal.flags);
  let worst = { ms: 0, input: '' };
  for (const input of adversarial(literal.source, length)) {
    regex.lastIndex = 0;
    const started = performance.now();
    regex.exec(input);
    const ms = performance.now() - started;
    if (ms > worst.ms) worst = { ms, input };
    if (ms > BUDGET_MS) break;
  }
  return worst;
}
