import { applyFixes } from './apply-edits';
import type { Config, IgnoreEntry } from './config';
import type { Finding, Fix, RelatedLocation } from './findings';
import { compareFindings } from './findings';
import { FixBuilder, FixNotPossible, type TextEdit } from './fix-builder';
import { type ParsedDocument, type ParsedFile, parseFile, type Resource, type ResourceRef } from './parse';
import { ProjectIndex } from './project-index';
import { rangeFor } from './ranges';
import { Relations } from './relations';
import { formatMessage, minSeverity, type FixSpec, type Report, type Rule, type Severity } from './rule-api';
import { applySuppressions } from './suppressions';
import { sourceText } from './text';
import { WORKLOAD_KINDS } from './workload';

/** Kinds the project index relates to others; always built. */
const INDEXED_KINDS = [...WORKLOAD_KINDS, 'PodDisruptionBudget', 'HorizontalPodAutoscaler', 'ScaledObject', 'Service', 'LimitRange', 'Namespace'];
const INDEXED_KIND_SET = new Set(INDEXED_KINDS);

export interface LinterOptions {
  rules: readonly Rule[];
  config: Config;
  /** `YYYY-MM-DD`, for ignore expiry: rules and the engine never read a clock. */
  today: string;
  /** A file's path relative to the config file's folder (or the project root), for `ignore[].path`. */
  relativePath?: (file: string) => string;
}

export interface FileResult {
  file: string;
  findings: Finding[];
  /** Namespaces whose resources the findings depend on: a change there can change them. */
  dependencies: Set<string>;
}

export interface FixResult {
  text: string;
  /** The fixes applied over all passes. */
  applied: Fix[];
  /** False when the fixed text would not parse: nothing may be written then. */
  parses: boolean;
}

const MAX_FIX_PASSES = 10;

/**
 * The engine: one project index, the rules and the config. The CLI and the language server are thin
 * adapters over this class, so both give the same findings at the same offsets with the same edits.
 */
export class Linter {
  readonly index: ProjectIndex;
  private readonly rulesById = new Map<string, Rule>();
  private readonly usedIgnores = new Set<IgnoreEntry>();

  constructor(private options: LinterOptions) {
    this.index = new ProjectIndex(options.config.namespace);
    for (const rule of options.rules) this.rulesById.set(rule.meta.id, rule);
  }

  get config(): Config {
    return this.options.config;
  }

  /** Swaps the config without reparsing anything: the index does not depend on it, but for the default namespace. */
  reconfigure(config: Config, relativePath = this.options.relativePath): void {
    this.options = { ...this.options, config, relativePath };
    this.kinds = undefined;
    this.documentCache = new WeakMap();
    this.index.setDefaultNamespace(config.namespace);
    this.usedIgnores.clear();
  }

  /** The day used for ignore expiry; a long-running server moves it forward. */
  setToday(today: string): void {
    this.options = { ...this.options, today };
  }

  /**
   * Parses and indexes a file's text (which may carry a BOM). Documents that did not change since the last
   * version are reused. Documents of kinds that no enabled rule reads are built only if something asks,
   * unless `full` is set: editors pass it for the documents a user has open. Their syntax is checked all the
   * same, unless the file is only `context`.
   */
  setText(file: string, text: string, options: { reuse?: boolean; full?: boolean; context?: boolean; check?: boolean } = {}): ParsedFile {
    // A file that is only context (not linted) needs no more than the kinds the index relates. Those are built
    // even so: a document that does not parse must not count as a PodDisruptionBudget or workload elsewhere.
    const kinds = options.context ? INDEXED_KIND_SET : this.composedKinds();
    const compose = (kind: string) => kinds.has(kind);
    const parsed = parseFile(sourceText(file, text), {
      ...(options.full ? {} : { compose }),
      check: options.check ?? !options.context,
      ...(options.reuse === false ? {} : { previous: this.index.getFile(file) }),
    });
    this.index.setFile(parsed);
    return parsed;
  }

  private kinds: Set<string> | undefined;
  private documentCache = new WeakMap<ParsedDocument, DocumentFindings>();

  /** The kinds whose documents are built (and checked) when read: what enabled rules and relations look at. */
  private composedKinds(): Set<string> {
    if (!this.kinds) {
      this.kinds = new Set(INDEXED_KINDS);
      for (const rule of this.options.rules) {
        const setting = this.options.config.rules.get(rule.meta.id);
        if (setting && setting.severity !== 'off') for (const kind of rule.meta.kinds ?? []) this.kinds.add(kind);
      }
    }
    return this.kinds;
  }

  /**
   * The slices of a file's documents whose syntax was not checked (`setText` with `check: false`): checking
   * them elsewhere lets the CLI use a second core. Should one be broken, `setText` the file again, checked.
   */
  uncheckedSlices(file: string): { start: number; end: number }[] {
    const documents = this.index.getFile(file)?.documents ?? [];
    return documents.filter((document) => document.checked === false).map((document) => ({ start: document.start, end: document.end }));
  }

  remove(file: string): void {
    this.index.removeFile(file);
  }

  rule(id: string): Rule | undefined {
    return this.rulesById.get(id);
  }

  lint(file: string): FileResult {
    const parsed = this.index.getFile(file);
    const dependencies = new Set<string>();
    if (!parsed) return { file, findings: [], dependencies };
    const findings: Finding[] = [];
    const resourceOf = new Map<Finding, Resource>();

    for (const problem of parsed.problems) {
      const severity = this.severity(problem.code, undefined, undefined);
      if (severity === 'off') continue;
      findings.push({
        ruleId: problem.code,
        messageId: problem.code,
        severity,
        message: problem.message,
        file,
        start: problem.start,
        end: problem.end,
        suggestions: [],
        related: [],
      });
    }

    for (const document of parsed.documents) {
      const result = this.lintDocument(document, parsed);
      for (const namespace of result.dependencies.keys()) dependencies.add(namespace);
      for (const [finding, resource] of result.findings) {
        findings.push(finding);
        resourceOf.set(finding, resource);
      }
    }

    const kept = applySuppressions(findings, resourceOf, {
      parsed,
      config: this.options.config,
      relativePath: this.options.relativePath?.(file) ?? file,
      today: this.options.today,
      namespaceOf: (resource) => this.index.namespaceOf(resource),
      isKnownRule: (id) => this.rulesById.has(id),
      isEnabled: (id) => this.options.config.rules.get(id)?.severity !== 'off',
      usedIgnores: this.usedIgnores,
    });
    return { file, findings: kept.sort(compareFindings), dependencies };
  }

  /**
   * One document's findings, before suppressions. They are kept with the document and reused while nothing
   * they depend on changed (the document itself, or an object in a namespace its rules looked at), moved with
   * the document when an edit earlier in the file shifted it: typing in one document re-lints that one.
   */
  private lintDocument(document: ParsedDocument, parsed: ParsedFile): DocumentFindings {
    const cached = this.documentCache.get(document);
    if (cached && [...cached.dependencies].every(([namespace, version]) => this.index.versionOf(namespace) === version)) {
      const moved = moveFindings(cached, document.start - cached.start, document);
      if (moved) {
        this.documentCache.set(document, moved);
        return moved;
      }
    }
    const read = new Set<string>();
    const relations = new Relations(this.index, read);
    const findings: [Finding, Resource][] = [];
    for (const resource of document.resources) {
      for (const rule of this.options.rules) {
        if (rule.meta.kinds && !rule.meta.kinds.includes(resource.kind)) continue;
        const setting = this.options.config.rules.get(rule.meta.id);
        if (!setting || setting.severity === 'off') continue;
        const reports: Report[] = [];
        try {
          rule.check({
            resource,
            workload: this.index.workload(resource),
            namespace: this.index.namespaceOf(resource),
            relations,
            settings: this.options.config.settings,
            options: setting.options,
            report: (report) => reports.push(report),
          });
          for (const report of reports) {
            const finding = this.toFinding(rule, resource, report, parsed);
            if (finding) findings.push([finding, resource]);
          }
        } catch (error) {
          findings.push([this.internalError(rule, resource, parsed, error), resource]);
        }
      }
    }
    const entry: DocumentFindings = {
      start: document.start,
      findings,
      dependencies: new Map([...read].map((namespace) => [namespace, this.index.versionOf(namespace)])),
    };
    this.documentCache.set(document, entry);
    return entry;
  }

  /** Marks config ignores as used by findings that were linted elsewhere (another worker thread). */
  markIgnoresUsed(indices: readonly number[]): void {
    for (const index of indices) {
      const entry = this.options.config.ignore[index];
      if (entry) this.usedIgnores.add(entry);
    }
  }

  /** The indices of the config ignores that suppressed something so far. */
  usedIgnoreIndices(): number[] {
    return this.options.config.ignore.flatMap((entry, index) => (this.usedIgnores.has(entry) ? [index] : []));
  }

  /**
   * Findings about the config file itself: expired ignores always, and ignores that matched nothing
   * when the run covered the whole project (only then is "unused" a fact).
   */
  configFindings(options: { reportUnused: boolean }): Finding[] {
    const { config, today } = { config: this.options.config, today: this.options.today };
    if (!config.file) return [];
    const findings: Finding[] = [];
    for (const entry of config.ignore) {
      const expired = entry.expires !== undefined && entry.expires < today;
      const unused = options.reportUnused && !expired && !this.usedIgnores.has(entry);
      if (!expired && !unused) continue;
      const ruleId = expired ? 'expired-ignore' : 'unused-suppression';
      const severity = this.severity(ruleId, undefined, undefined);
      if (severity === 'off') continue;
      findings.push({
        ruleId,
        messageId: expired ? 'expired' : 'unused',
        severity,
        message: expired
          ? `This ignore expired on ${entry.expires} and no longer suppresses ${entry.rules.join(', ')}. Fix the findings or renew it (reason: ${entry.reason}).`
          : `Unused ignore: nothing in the project matches it (${entry.rules.join(', ')}). Remove it.`,
        file: config.file,
        start: entry.start,
        end: entry.end,
        suggestions: [],
        related: [],
        unnecessary: !expired,
      });
    }
    return findings;
  }

  /**
   * Applies safe fixes to one file in passes until nothing changes, at most ten, stopping on a cycle.
   * The index holds the fixed text afterwards; the caller writes it only when `parses` is true.
   */
  fix(file: string, reuse = true): FixResult {
    const original = this.index.getFile(file);
    if (!original) return { text: '', applied: [], parses: true };
    // Counted per document: a fix that breaks `apiVersion:` makes the file no manifest, whose syntax errors are
    // then not reported as problems.
    const brokenDocuments = (parsed: ParsedFile | undefined) => parsed?.documents.filter((document) => !document.valid).length ?? 0;
    const originalErrors = original.problems.length;
    const originalBroken = brokenDocuments(original);
    const seen = new Set<string>([original.source.text]);
    let text = original.source.text;
    const applied: Fix[] = [];
    for (let pass = 0; pass < MAX_FIX_PASSES; pass++) {
      const fixes = this.lint(file).findings.flatMap((finding) => (finding.fix?.safe ? [finding.fix] : []));
      if (fixes.length === 0) break;
      const result = applyFixes(text, file, fixes);
      if (result.applied.length === 0 || seen.has(result.text)) break;
      seen.add(result.text);
      text = result.text;
      applied.push(...result.applied);
      this.setText(file, (original.source.bom ? '\uFEFF' : '') + text, { reuse });
    }
    const fixed = this.index.getFile(file);
    const parses = (fixed?.problems.length ?? 0) <= originalErrors && brokenDocuments(fixed) <= originalBroken;
    return { text, applied, parses };
  }

  /** The text `fix` would produce, without changing the index: for editors' fix-all, which only proposes edits. */
  previewFix(file: string): FixResult {
    const saved = this.index.getFile(file);
    if (!saved) return { text: '', applied: [], parses: true };
    try {
      // Without reuse: the saved version's documents must stay exactly where they are.
      return this.fix(file, false);
    } finally {
      this.index.setFile(saved);
    }
  }

  severity(ruleId: string, reported: Severity | undefined, max: Severity | undefined): Severity | 'off' {
    const setting = this.options.config.rules.get(ruleId);
    if (!setting || setting.severity === 'off') return 'off';
    let severity: Severity = setting.explicit ? setting.severity : (reported ?? setting.severity);
    if (this.rulesById.get(ruleId)?.meta.signal === 'heuristic') severity = minSeverity(severity, 'warning');
    if (max) severity = minSeverity(severity, max);
    return severity;
  }

  private toFinding(rule: Rule, resource: Resource, report: Report, parsed: ParsedFile): Finding | null {
    const severity = this.severity(rule.meta.id, report.severity, report.maxSeverity);
    if (severity === 'off') return null;
    const template = rule.meta.messages[report.messageId];
    if (template === undefined) throw new Error(`unknown message id "${report.messageId}"`);
    const [start, end] = rangeFor(resource, report.at, report.on ?? 'key', parsed.source.text);
    const fix = report.fix && this.buildFix(rule, report.fix, rule.meta.fixable === 'safe');
    return {
      ruleId: rule.meta.id,
      messageId: report.messageId,
      severity,
      message: formatMessage(template, report.data),
      file: parsed.source.file,
      start,
      end,
      resource: this.ref(resource),
      path: report.at.join('.'),
      ...(fix ? { fix } : {}),
      suggestions: (report.suggest ?? []).flatMap((spec) => {
        const suggestion = this.buildFix(rule, spec, false);
        return suggestion ? [suggestion] : [];
      }),
      related: (report.related ?? []).map((related) => this.relatedLocation(related.resource, related.at, related.message)),
      ...(report.data ? { data: report.data } : {}),
    };
  }

  private ref(resource: Resource): ResourceRef {
    const namespace = this.index.namespaceOf(resource);
    return { apiVersion: resource.apiVersion, kind: resource.kind, ...(namespace ? { namespace } : {}), name: resource.name };
  }

  private buildFix(rule: Rule, spec: FixSpec, safe: boolean): Fix | undefined {
    const template = rule.meta.messages[spec.messageId] ?? spec.messageId;
    const fix = { ruleId: rule.meta.id, messageId: spec.messageId, title: formatMessage(template, spec.data), safe };
    if (safe) {
      // Safe fixes are counted and applied by the CLI: build them now, and drop the ones that cannot be made.
      const edits = this.fixEdits(spec);
      return edits.length ? { ...fix, edits } : undefined;
    }
    // Quick-fixes are built only when an editor asks for them: most findings' are never looked at.
    return lazyFix(fix, () => this.fixEdits(spec));
  }

  /** The edits of a fix, against the files as they are now; none when no minimal edit exists. */
  private fixEdits(spec: FixSpec): TextEdit[] {
    const builder = new FixBuilder((target) => {
      const parsed = this.index.getFile(target.file);
      // A quick-fix built after its file changed would edit the wrong bytes.
      if (!parsed || !parsed.documents.includes(target.document)) throw new FixNotPossible(`${target.file} changed`);
      return parsed;
    });
    try {
      spec.apply(builder);
    } catch (error) {
      if (error instanceof FixNotPossible) return [];
      throw error;
    }
    return builder.normalized();
  }

  private relatedLocation(resource: Resource, at: readonly (string | number)[], message: string): RelatedLocation {
    const parsed = this.index.getFile(resource.file)!;
    const [start, end] = rangeFor(resource, at, 'key', parsed.source.text);
    return { file: resource.file, start, end, message };
  }

  private internalError(rule: Rule, resource: Resource, parsed: ParsedFile, error: unknown): Finding {
    const [start, end] = rangeFor(resource, [], 'key', parsed.source.text);
    const reason = error instanceof Error ? error.message : String(error);
    return {
      ruleId: 'internal-error',
      messageId: 'internal-error',
      severity: 'error',
      message: `Internal error in rule ${rule.meta.id} on ${resource.kind}/${resource.name || '(unnamed)'}: ${reason}. The other rules still ran; please report this.`,
      file: parsed.source.file,
      start,
      end,
      resource: this.ref(resource),
      suggestions: [],
      related: [],
      data: { rule: rule.meta.id },
    };
  }
}

interface DocumentFindings {
  /** Where the document started when it was linted. */
  start: number;
  findings: [Finding, Resource][];
  /** The namespaces its rules looked at, with their versions then. */
  dependencies: Map<string, string>;
}

/**
 * The findings of a document that moved by `delta`. Findings that point outside the document (a related
 * object or a fix in another document of the file) cannot simply be moved: then the document is linted again.
 */
function moveFindings(entry: DocumentFindings, delta: number, document: ParsedDocument): DocumentFindings | undefined {
  // Another document of the same file may have moved without this one changing: such references are redone.
  const inside = (file: string, start: number) => file !== document.resources[0]?.file || (start >= entry.start && start <= entry.start + (document.end - document.start));
  for (const [finding] of entry.findings) {
    if (finding.related.some((r) => !inside(r.file, r.start))) return undefined;
    if (finding.fix?.edits.some((e) => !inside(e.file, e.start))) return undefined;
  }
  const moved: [Finding, Resource][] = [];
  for (const [finding, resource] of entry.findings) {
    const shift = <T extends { file: string; start: number; end: number }>(item: T): T =>
      delta !== 0 && item.file === finding.file ? { ...item, start: item.start + delta, end: item.end + delta } : item;
    moved.push([
      {
        ...finding,
        start: finding.start + delta,
        end: finding.end + delta,
        related: finding.related.map(shift),
        ...(finding.fix ? { fix: movedFix(finding.fix, shift) } : {}),
        suggestions: finding.suggestions.map((fix) => movedFix(fix, shift)),
      },
      resource,
    ]);
  }
  return { start: document.start, findings: moved, dependencies: entry.dependencies };
}

/** How each lazy fix builds its edits: against the files as they are when asked. */
const LAZY_BUILDERS = new WeakMap<Fix, () => TextEdit[]>();

function lazyFix(fix: Omit<Fix, 'edits'>, build: () => TextEdit[]): Fix {
  let edits: TextEdit[] | undefined;
  const lazy = Object.defineProperty({ ...fix }, 'edits', { enumerable: true, get: () => (edits ??= build()) }) as Fix;
  LAZY_BUILDERS.set(lazy, build);
  return lazy;
}

/**
 * A fix of a finding that is kept across an edit: built edits are shifted with their document; a lazy fix
 * starts afresh, because edits it built before point where things were then (the tree has moved since).
 */
function movedFix(fix: Fix, shift: (edit: TextEdit) => TextEdit): Fix {
  const build = LAZY_BUILDERS.get(fix);
  if (build) return lazyFix({ ruleId: fix.ruleId, messageId: fix.messageId, title: fix.title, safe: fix.safe }, build);
  return { ...fix, edits: fix.edits.map(shift) };
}
