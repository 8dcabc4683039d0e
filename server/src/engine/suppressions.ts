import picomatch from 'picomatch';
import { visit } from 'yaml';
import type { Config, IgnoreEntry } from './config';
import type { Finding } from './findings';
import type { ParsedDocument, ParsedFile, Resource } from './parse';
import { labelsOf } from './selectors';
import { LineIndex } from './text';
import { get, WORKLOAD_KINDS } from './workload';
import { locate } from './yaml-path';

export const IGNORE_ANNOTATION = 'kubeready.io/ignore';
const DIRECTIVE = /#[ \t]*kubeready-(disable-next-line|disable)(?=[ \t]|$)([^\r\n]*)/g;

interface Directive {
  kind: 'next-line' | 'document-rest' | 'annotation';
  /** Rule ids, or `*` for every rule. */
  rules: string[];
  /** Where the directive is written. */
  start: number;
  end: number;
  /** Suppresses findings that start in [from, to), or findings of `resource` when set. */
  from: number;
  to: number;
  resource?: Resource;
  used: Set<string>;
}

export interface SuppressionContext {
  parsed: ParsedFile;
  config: Config;
  /** The file's path relative to the config file's folder, for `ignore[].path`. */
  relativePath: string;
  /** `YYYY-MM-DD`: the engine has no clock; the adapter says what day it is. */
  today: string;
  namespaceOf(resource: Resource): string;
  isKnownRule(id: string): boolean;
  isEnabled(id: string): boolean;
  /** Config ignores that suppressed something; shared across files of a run. */
  usedIgnores: Set<IgnoreEntry>;
}

/**
 * Removes suppressed findings and adds a finding for each suppression that suppressed nothing. Matching
 * is by rule id only, never by message text.
 */
export function applySuppressions(
  findings: Finding[],
  resourceOf: Map<Finding, Resource>,
  ctx: SuppressionContext,
): Finding[] {
  const directives = [...commentDirectives(ctx.parsed), ...annotationDirectives(ctx.parsed)];
  const kept: Finding[] = [];
  for (const finding of findings) {
    const resource = resourceOf.get(finding);
    const directive = directives.find((d) => suppresses(d, finding, resource));
    if (directive) {
      directive.used.add(finding.ruleId);
      continue;
    }
    const ignore = ctx.config.ignore.find((entry) => ignoreMatches(entry, finding, resource, ctx));
    if (ignore) {
      ctx.usedIgnores.add(ignore);
      continue;
    }
    kept.push(finding);
  }
  for (const directive of directives) kept.push(...unusedFindings(directive, ctx));
  return kept;
}

function suppresses(directive: Directive, finding: Finding, resource: Resource | undefined): boolean {
  if (!directive.rules.includes('*') && !directive.rules.includes(finding.ruleId)) return false;
  if (directive.resource) return resource === directive.resource;
  return finding.start >= directive.from && finding.start < directive.to;
}

function ignoreMatches(entry: IgnoreEntry, finding: Finding, resource: Resource | undefined, ctx: SuppressionContext): boolean {
  if (entry.expires && entry.expires < ctx.today) return false;
  if (!entry.rules.includes('*') && !entry.rules.includes(finding.ruleId)) return false;
  if (entry.path && !glob(entry.path, ctx.relativePath)) return false;
  if (entry.kind || entry.name || entry.namespace) {
    if (!resource) return false;
    if (entry.kind && !glob(entry.kind, resource.kind)) return false;
    if (entry.name && !glob(entry.name, resource.name)) return false;
    if (entry.namespace && !glob(entry.namespace, ctx.namespaceOf(resource))) return false;
  }
  return true;
}

const matchers = new Map<string, picomatch.Matcher>();
function glob(pattern: string, value: string): boolean {
  let matcher = matchers.get(pattern);
  if (!matcher) {
    matcher = picomatch(pattern, { dot: true });
    matchers.set(pattern, matcher);
  }
  return matcher(value);
}

function commentDirectives(parsed: ParsedFile): Directive[] {
  const { text } = parsed.source;
  if (!text.includes('kubeready-disable')) return [];
  const lines = new LineIndex(text);
  const directives: Directive[] = [];
  for (const match of text.matchAll(DIRECTIVE)) {
    const start = match.index!;
    if (start > 0 && !/\s/.test(text[start - 1]!)) continue;
    if (insideScalar(parsed, start)) continue;
    const [ruleText] = match[2]!.split(/\s--(?:\s|$)/);
    const ids = ruleText!.split(/[\s,]+/).filter(Boolean);
    const rules = ids.length ? ids : ['*'];
    const end = start + match[0].trimEnd().length;
    if (match[1] === 'disable') {
      const document = documentFor(parsed, start);
      directives.push({ kind: 'document-rest', rules, start, end, from: start, to: document ? document.end : text.length, used: new Set() });
      continue;
    }
    const target = nextContentLine(text, lines, lines.positionAt(start).line + 1);
    if (target === undefined) continue;
    const from = lines.lineStart(target);
    const document = parsed.documents.find((d) => firstContentOffset(d) !== undefined && lines.positionAt(firstContentOffset(d)!).line === target);
    if (document) {
      // Before a resource's first line: the whole resource.
      directives.push({ kind: 'next-line', rules, start, end, from: document.start, to: document.end, used: new Set() });
    } else {
      directives.push({ kind: 'next-line', rules, start, end, from, to: lines.lineEnd(target) + 1, used: new Set() });
    }
  }
  return directives;
}

function annotationDirectives(parsed: ParsedFile): Directive[] {
  const directives: Directive[] = [];
  for (const document of parsed.documents) {
    // Only documents that mention the annotation are read: the others may not even be built.
    if (!parsed.source.text.slice(document.start, document.end).includes(IGNORE_ANNOTATION)) continue;
    for (const resource of document.resources) {
      const paths = [['metadata', 'annotations']];
      if (WORKLOAD_KINDS.includes(resource.kind)) {
        paths.push(resource.kind === 'CronJob' ? ['spec', 'jobTemplate', 'spec', 'template', 'metadata', 'annotations'] : ['spec', 'template', 'metadata', 'annotations']);
      }
      for (const path of paths) {
        const value = labelsOf(get(resource.object, path))[IGNORE_ANNOTATION];
        if (value === undefined) continue;
        const rules = value.split(/[\s,]+/).filter(Boolean);
        const node = annotationNode(resource, [...resource.basePath, ...path, IGNORE_ANNOTATION]);
        directives.push({
          kind: 'annotation',
          rules: rules.length ? rules : ['*'],
          start: node[0],
          end: node[1],
          from: 0,
          to: 0,
          resource,
          used: new Set(),
        });
      }
    }
  }
  return directives;
}

function annotationNode(resource: Resource, path: (string | number)[]): [number, number] {
  const located = locate(resource.document.yaml, resource.document.yaml.contents, path);
  const range = located.found ? located.node?.range : undefined;
  return range ? [range[0], range[1]] : [resource.node.range![0], resource.node.range![0]];
}

function unusedFindings(directive: Directive, ctx: SuppressionContext): Finding[] {
  const findings: Finding[] = [];
  const rules = directive.rules.includes('*') ? (directive.used.size ? [] : ['*']) : directive.rules;
  for (const rule of rules) {
    if (directive.used.has(rule)) continue;
    const known = rule === '*' || ctx.isKnownRule(rule);
    if (known && rule !== '*' && !ctx.isEnabled(rule)) continue;
    const what = rule === '*' ? 'any rule' : `"${rule}"`;
    findings.push({
      ruleId: 'unused-suppression',
      messageId: known ? 'unused' : 'unknown',
      severity: 'info',
      message: known
        ? `Unused suppression: no finding of ${what} here to suppress. Remove it.`
        : `Suppression names an unknown rule id "${rule}". Check the spelling with \`kubeready rules\`.`,
      file: ctx.parsed.source.file,
      start: directive.start,
      end: directive.end,
      suggestions: [],
      related: [],
      unnecessary: true,
      data: { rule },
    });
  }
  return findings;
}

/** Comments before `---` belong to the next document; a comment inside a document's content to that one. */
function documentFor(parsed: ParsedFile, offset: number): ParsedDocument | undefined {
  for (const document of parsed.documents) {
    if (offset < document.contentEnd) return document;
  }
  return undefined;
}

function firstContentOffset(document: ParsedDocument): number | undefined {
  return document.yaml.contents?.range?.[0];
}

function nextContentLine(text: string, lines: LineIndex, from: number): number | undefined {
  for (let line = from; line < lines.lineCount; line++) {
    const content = text.slice(lines.lineStart(line), lines.lineEnd(line)).trim();
    if (content && !content.startsWith('#') && content !== '---') return line;
  }
  return undefined;
}

function insideScalar(parsed: ParsedFile, offset: number): boolean {
  const document = documentFor(parsed, offset);
  if (!document) return false;
  let inside = false;
  visit(document.yaml, {
    Scalar(_key, node) {
      const range = node.range;
      if (range && range[0] < offset && offset < range[1]) {
        inside = true;
        return visit.BREAK;
      }
      return undefined;
    },
  });
  return inside;
}

