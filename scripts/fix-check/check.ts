/**
 * Fix invariants over real manifests (issue 6, item 2). For every finding with a fix, safe or quick-fix, on
 * the real-manifest corpus, the fix is applied to a copy and checked:
 *
 *   parses     the fixed text has no syntax error the original did not have;
 *   gone       the finding is gone (or, when list items shift, there are fewer of it on the resource);
 *   new        no finding of another rule appears on the resources the fix touched (or creates), unless
 *              ALLOWED_NEW below says RULES.md expects it;
 *   comments   every comment survives, and no edit replaces a comment;
 *   bytes      the bytes outside the edits are identical, every edit lies inside its file, the edits do
 *              not overlap, inserted line breaks are the file's own, and resources the fix did not aim at
 *              read the same data as before;
 *   fix-all    per file, `--fix` (all safe fixes, in passes) yields text that parses, keeps every comment
 *              and changes nothing more when run a second time.
 *
 * Each repository of the corpus is one project (cross-file rules see its other files), linted with every
 * rule on (`extends: all`). A file is damaged when any check fails on it; zero damaged files is the bar.
 * Run through scripts/fix-check.mjs (`npm run fix-check -- --help`).
 */
import { readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { isDeepStrictEqual } from 'node:util';
import { Lexer } from 'yaml';
import { RULES } from '../../rules';
import { applyEdits } from '../../server/src/engine/apply-edits';
import { parseConfig } from '../../server/src/engine/config';
import type { Finding, Fix } from '../../server/src/engine/findings';
import type { TextEdit } from '../../server/src/engine/fix-builder';
import { Linter } from '../../server/src/engine/linter';
import { type ParsedFile, parseFile, type ResourceRef } from '../../server/src/engine/parse';
import type { Rule } from '../../server/src/engine/rule-api';
import { sourceText } from '../../server/src/engine/text';

/**
 * Findings a fix may bring about on the resource it fixes, because RULES.md says so. Every entry quotes the
 * reason; a new finding not listed here is damage. `fix` and `appears` are `ruleId/messageId` globs (`*`).
 */
export const ALLOWED_NEW: { fix: string; appears: string; because: string }[] = [
  {
    fix: 'workload-single-replica/*',
    appears: 'pdb-missing/*',
    because: 'R1 quick-fix: "set `spec.replicas: 2`"; R3 trigger: "`maxReplicas(w) ≥ 2` and no policy/v1 PodDisruptionBudget … matches".',
  },
  {
    fix: 'workload-single-replica/*',
    appears: 'zone-spread-missing/*',
    because: 'R1 quick-fix: "set `spec.replicas: 2`"; S1 trigger: "`maxReplicas(w) ≥ 2`, and none of the following is true" (no spread).',
  },
  {
    fix: 'workload-single-replica/*',
    appears: 'ebs-volume-binding-immediate/unspreadStatefulSet',
    because: 'S5 (c): "A StatefulSet whose claims resolve to an EBS class … with `replicas ≥ 2` and no zone spread".',
  },
  {
    fix: 'workload-single-replica/setAutoscalerMin',
    appears: 'hpa-min-replicas-low/fixedScale',
    because: 'R1 quick-fix: "HPA present: set `minReplicas: 2` on the HPA"; R11: "`minReplicas == maxReplicas` gives `info`" (an HPA with maxReplicas 2).',
  },
  {
    fix: 'bare-pod/wrapDeployment*',
    appears: 'pdb-missing/*',
    because: 'R2 quick-fix builds a Deployment "and `replicas: 2`"; R3 covers Deployments (not Pods) with maxReplicas ≥ 2.',
  },
  {
    fix: 'bare-pod/wrapDeployment*',
    appears: 'zone-spread-missing/*',
    because: 'R2 quick-fix builds a Deployment "and `replicas: 2`"; S1 covers Deployments (not Pods) with maxReplicas ≥ 2.',
  },
  {
    fix: 'bare-pod/wrap*',
    appears: 'history-limits-unset/*',
    because: 'SC3 (a) "A Deployment with `revisionHistoryLimit` missing", (b) "A standalone Job without `ttlSecondsAfterFinished`"; R2 builds neither field.',
  },
  {
    fix: 'bare-pod/wrapDeploymentSingle',
    appears: 'workload-single-replica/single',
    because: 'The "Wrap in Deployment (1 replica)" variant keeps one replica on purpose; R1 triggers on `minReplicas(w) < 2`.',
  },
  {
    fix: 'readiness-probe-missing/addTcpProbe',
    appears: 'probe-port-mismatch/undeclaredNumber',
    because:
      'R7 quick-fix: "insert a readiness probe that targets the Service `targetPort` if it resolves"; R9: "A numeric port that is not in ' +
      '`ports[]` gives `info`, since the list is informational".',
  },
];

export type Check = 'parses' | 'gone' | 'new' | 'comments' | 'bytes' | 'throws' | 'fix-all';
export const CHECKS: Check[] = ['parses', 'gone', 'new', 'comments', 'bytes', 'throws', 'fix-all'];

export interface Options {
  corpus: string;
  rules: Set<string> | undefined;
  limit: number | undefined;
  repos: Set<string> | undefined;
  json: string | undefined;
  quiet: boolean;
  progress: (line: string) => void;
  out: (line: string) => void;
  /** The rules to lint with; all of them by default (tests pass a rule with a broken fix). */
  ruleSet?: readonly Rule[];
}

interface RuleStats {
  findings: number;
  safe: number;
  quick: number;
  ok: number;
  failed: Map<Check, number>;
}

interface Damage {
  file: string;
  check: Check;
  rule: string;
  detail: string;
}

const TODAY = '2026-06-15';

export function ruleIds(): string[] {
  return RULES.map((rule) => rule.meta.id);
}

export function run(options: Options): number {
  const started = Date.now();
  const rules = options.ruleSet ?? RULES;
  const config = parseConfig(rules, '.kubeready.yaml', 'extends: all\n');
  const repos = readdirSync(options.corpus)
    .filter((name) => statSync(join(options.corpus, name)).isDirectory())
    .filter((name) => !options.repos || options.repos.has(name))
    .sort();
  const filesByRepo = new Map(repos.map((repo) => [repo, manifestsUnder(join(options.corpus, repo))]));
  const totalFiles = [...filesByRepo.values()].reduce((sum, files) => sum + files.length, 0);
  const budget = options.limit ?? totalFiles;
  options.out(
    `kubeready fix-check: ${relative(process.cwd(), options.corpus) || '.'} (${repos.length} repositories, ${totalFiles} files)` +
      `${options.limit !== undefined ? `, first ${options.limit} files` : ''}${options.rules ? `, rules ${[...options.rules].join(', ')}` : ''}`,
  );

  const stats = new Map<string, RuleStats>();
  const statsOf = (rule: string) => {
    let entry = stats.get(rule);
    if (!entry) stats.set(rule, (entry = { findings: 0, safe: 0, quick: 0, ok: 0, failed: new Map() }));
    return entry;
  };
  const fixAll = { files: 0, ok: 0 };
  const damages: Damage[] = [];
  let checkedFiles = 0;
  let fixesChecked = 0;
  let lastProgress = 0;

  const progress = (force = false) => {
    const now = Date.now();
    if (!force && now - lastProgress < 2000) return;
    lastProgress = now;
    const elapsed = (now - started) / 1000;
    const eta = checkedFiles > 0 ? Math.round((elapsed / checkedFiles) * (Math.min(budget, totalFiles) - checkedFiles)) : 0;
    const damaged = new Set(damages.map((d) => d.file)).size;
    options.progress(`[fix-check] ${checkedFiles}/${Math.min(budget, totalFiles)} files, ${fixesChecked} fixes checked, ${damaged} damaged files, ${Math.round(elapsed)} s elapsed, ~${eta} s left`);
  };

  for (const repo of repos) {
    if (checkedFiles >= budget) break;
    const files = filesByRepo.get(repo)!;
    options.progress(`[fix-check] ${repo}: reading ${files.length} files`);
    const linter = new Linter({ rules, config, today: TODAY });
    const originals = new Map<string, string>();
    const cache: OriginalCache = new Map();
    for (const file of files) {
      let raw: string;
      try {
        raw = readFileSync(file, 'utf8');
      } catch {
        continue;
      }
      originals.set(file, raw);
      linter.setText(file, raw);
    }
    for (const file of files) {
      if (checkedFiles >= budget) break;
      if (!originals.has(file)) continue;
      checkedFiles++;
      const name = relative(options.corpus, file);
      const damage = (check: Check, rule: string, detail: string) => {
        damages.push({ file: name, check, rule, detail });
        statsOf(rule).failed.set(check, (statsOf(rule).failed.get(check) ?? 0) + 1);
      };
      let findings: Finding[];
      try {
        findings = linter.lint(file).findings;
      } catch (error) {
        damage('throws', '(lint)', describe(error));
        continue;
      }
      for (const finding of findings) {
        if (options.rules && !options.rules.has(finding.ruleId)) continue;
        if (!finding.fix && finding.suggestions.length === 0) continue;
        statsOf(finding.ruleId).findings++;
        const fixes: Fix[] = [...(finding.fix ? [finding.fix] : []), ...finding.suggestions];
        for (const fix of fixes) {
          const entry = statsOf(finding.ruleId);
          if (fix.safe) entry.safe++;
          else entry.quick++;
          fixesChecked++;
          const problems = checkFix(linter, originals, cache, finding, fix);
          if (problems.length === 0) entry.ok++;
          for (const problem of problems) damage(problem.check, finding.ruleId, `${fix.safe ? 'safe fix' : 'quick-fix'} "${fix.title}" (${fix.messageId}) for ${describeResource(finding.resource)}: ${problem.detail}`);
          progress();
        }
      }
      if (!options.rules || findings.some((f) => f.fix?.safe && options.rules!.has(f.ruleId))) {
        const problems = checkFixAll(linter, file, originals.get(file)!, options.rules);
        if (problems !== undefined) {
          fixAll.files++;
          if (problems.length === 0) fixAll.ok++;
          for (const problem of problems) damages.push({ file: name, check: 'fix-all', rule: '(--fix)', detail: problem });
        }
      }
      progress();
    }
  }
  progress(true);

  // The report: counts per rule, then every damaged file with its reasons.
  const rows = [...stats.entries()].sort(([a], [b]) => a.localeCompare(b));
  const header = ['rule', 'findings', 'safe', 'quick', 'ok', 'failed'];
  const table = rows.map(([rule, s]) => [rule, String(s.findings), String(s.safe), String(s.quick), String(s.ok), [...s.failed].map(([check, n]) => `${check} ${n}`).join(', ') || '0']);
  table.push(['--fix (all safe fixes, per file)', String(fixAll.files), '', '', String(fixAll.ok), String(fixAll.files - fixAll.ok)]);
  const widths = header.map((h, i) => Math.max(h.length, ...table.map((row) => row[i]!.length)));
  const line = (cells: string[]) => cells.map((cell, i) => (i === 0 || i === cells.length - 1 ? cell.padEnd(widths[i]!) : cell.padStart(widths[i]!))).join('  ').trimEnd();
  options.out('');
  options.out(line(header));
  for (const row of table) options.out(line(row));

  const byFile = new Map<string, Damage[]>();
  for (const d of damages) byFile.set(d.file, [...(byFile.get(d.file) ?? []), d]);
  options.out('');
  if (byFile.size === 0) {
    options.out(`No damaged file: ${fixesChecked} fixes on ${checkedFiles} files, and --fix on ${fixAll.files} files, keep every invariant. (${Math.round((Date.now() - started) / 1000)} s)`);
  } else {
    options.out(`${byFile.size} damaged file(s):`);
    for (const [file, list] of [...byFile].sort(([a], [b]) => a.localeCompare(b))) {
      options.out(`  ${file}`);
      const shown = options.quiet ? list.slice(0, 3) : list;
      for (const d of shown) options.out(`    [${d.check}] ${d.rule}: ${d.detail.split('\n').join('\n      ')}`);
      if (shown.length < list.length) options.out(`    … and ${list.length - shown.length} more`);
    }
    options.out('');
    options.out(`${byFile.size} damaged file(s) out of ${checkedFiles}; ${fixesChecked} fixes checked. (${Math.round((Date.now() - started) / 1000)} s)`);
  }
  if (options.json) {
    writeFileSync(
      options.json,
      `${JSON.stringify(
        {
          corpus: options.corpus,
          files: checkedFiles,
          fixesChecked,
          rules: Object.fromEntries(rows.map(([rule, s]) => [rule, { ...s, failed: Object.fromEntries(s.failed) }])),
          fixAll,
          damaged: Object.fromEntries([...byFile].map(([file, list]) => [file, list])),
          allowedNew: ALLOWED_NEW,
        },
        null,
        2,
      )}\n`,
    );
  }
  return byFile.size === 0 ? 0 : 1;
}

/**
 * What the checks compare against, per file of the project as it is on disk: computed once, since every check
 * puts the original text back. `findings` are filled in on demand.
 */
export type OriginalCache = Map<string, { syntax: string[]; findings?: Finding[] }>;

function original(linter: Linter, cache: OriginalCache, file: string) {
  let entry = cache.get(file);
  if (!entry) {
    entry = { syntax: syntaxOf(linter.index.getFile(file)!) };
    cache.set(file, entry);
  }
  return entry;
}

/**
 * One fix on copies of the files it edits; the linter is restored afterwards. The fixed text is parsed by the
 * linter itself, which reuses the documents an edit did not touch: those are byte for byte the original's
 * (checked first), so only the touched documents are parsed, lexed for comments and compared.
 */
export function checkFix(linter: Linter, originals: Map<string, string>, cache: OriginalCache, finding: Finding, fix: Fix): { check: Check; detail: string }[] {
  const problems: { check: Check; detail: string }[] = [];
  let edits: TextEdit[];
  try {
    edits = fix.edits;
  } catch (error) {
    return [{ check: 'throws', detail: `building the edits threw: ${describe(error)}` }];
  }
  if (edits.length === 0) return [];
  const byFile = new Map<string, TextEdit[]>();
  for (const edit of edits) byFile.set(edit.file, [...(byFile.get(edit.file) ?? []), edit]);

  const before = new Map<string, ParsedFile>();
  const fixed = new Map<string, string>();
  const spans = new Map<string, { start: number; end: number }>();
  for (const [file, fileEdits] of byFile) {
    const parsed = linter.index.getFile(file);
    if (!parsed || !originals.has(file)) {
      problems.push({ check: 'bytes', detail: `edits ${file}, which is not a file of the project` });
      continue;
    }
    before.set(file, parsed);
    const text = parsed.source.text;
    const sorted = [...fileEdits].sort((a, b) => a.start - b.start || a.end - b.end);
    for (const edit of sorted) {
      if (!(edit.start >= 0 && edit.start <= edit.end && edit.end <= text.length)) problems.push({ check: 'bytes', detail: `edit ${edit.start}-${edit.end} outside the text (length ${text.length})` });
    }
    for (let i = 1; i < sorted.length; i++) {
      if (sorted[i]!.start < sorted[i - 1]!.end || (sorted[i]!.start === sorted[i - 1]!.start && sorted[i]!.start === sorted[i]!.end)) {
        problems.push({ check: 'bytes', detail: `edits overlap at ${sorted[i]!.start}` });
      }
    }
    const after = applyEdits(text, sorted);
    // Independently of applyEdits: the text between the edits is the original's, byte for byte.
    let cursor = 0;
    let offset = 0;
    for (const edit of sorted) {
      const keep = text.slice(cursor, edit.start);
      if (after.slice(offset, offset + keep.length) !== keep) problems.push({ check: 'bytes', detail: `bytes before the edit at ${edit.start} changed` });
      offset += keep.length + edit.text.length;
      cursor = edit.end;
    }
    if (after.slice(offset) !== text.slice(cursor)) problems.push({ check: 'bytes', detail: 'bytes after the last edit changed' });
    if (parsed.source.eol === '\r\n' && sorted.some((edit) => /(^|[^\r])\n/.test(edit.text))) problems.push({ check: 'bytes', detail: 'inserts a bare LF into a CRLF file' });
    if (parsed.source.eol === '\n' && sorted.some((edit) => edit.text.includes('\r'))) problems.push({ check: 'bytes', detail: 'inserts a CR into an LF file' });

    const replaced = sorted.flatMap((edit) => comments(text.slice(edit.start, edit.end)));
    if (replaced.length) problems.push({ check: 'comments', detail: `an edit replaces the comment ${JSON.stringify(replaced[0])}` });
    fixed.set(file, after);
    spans.set(file, touchedSpan(parsed, sorted));
  }
  if (problems.some((p) => p.check === 'bytes')) return problems;

  // Re-lint with the fixed texts in place, then put the originals back.
  const resourcesBefore = new Map<string, Map<string, unknown>>();
  for (const [file, parsed] of before) resourcesBefore.set(file, resourceData(linter, parsed, spans.get(file)!));
  const findingsBefore = new Map<string, Finding[]>();
  const relinted = new Set([finding.file, ...fixed.keys()]);
  for (const file of relinted) {
    const entry = original(linter, cache, file);
    entry.findings ??= linter.lint(file).findings;
    findingsBefore.set(file, entry.findings);
  }
  try {
    for (const [file, text] of fixed) {
      const { syntax } = original(linter, cache, file);
      const parsed = linter.setText(file, (before.get(file)!.source.bom ? '\uFEFF' : '') + text);
      // parses: no syntax error the original did not have.
      const newErrors = syntaxOf(parsed).filter((message) => !syntax.includes(message));
      if (newErrors.length) problems.push({ check: 'parses', detail: `the fixed text does not parse: ${newErrors[0]}\n${excerptAround(text, Math.min(...byFile.get(file)!.map((e) => e.start)))}` });
      // comments: every comment of the touched documents is still there (elsewhere the bytes are the original's).
      const span = spans.get(file)!;
      const delta = text.length - before.get(file)!.source.text.length;
      const lost = missing(comments(before.get(file)!.source.text.slice(span.start, span.end)), comments(text.slice(span.start, span.end + delta)));
      if (lost.length && !problems.some((p) => p.check === 'comments')) problems.push({ check: 'comments', detail: `the comment ${JSON.stringify(lost[0])} is lost` });
    }
    if (problems.some((p) => p.check === 'parses')) return problems;
    const findingsAfter = new Map<string, Finding[]>();
    for (const file of relinted) findingsAfter.set(file, linter.lint(file).findings);

    // gone: the same finding (rule, message, resource, path) is gone, or fewer of its kind remain.
    const same = (f: Finding) => f.ruleId === finding.ruleId && f.messageId === finding.messageId && sameResource(f.resource, finding.resource);
    const afterOwn = findingsAfter.get(finding.file)!;
    const stillThere = afterOwn.filter((f) => same(f) && f.path === finding.path);
    if (stillThere.length > 0 && afterOwn.filter(same).length >= findingsBefore.get(finding.file)!.filter(same).length) {
      problems.push({ check: 'gone', detail: `the finding is still there: ${stillThere[0]!.message}` });
    }

    // new: findings of other rules on the resources the fix edited (in the original text) or created. A
    // resource the fix turns into another (bare-pod's "Wrap in Deployment" replaces Pod/x by Deployment/x)
    // inherits the findings of the one it replaces. Findings are counted per resource, rule and message,
    // not per path: a fix that adds `securityContext:` moves "readOnlyRootFilesystem is not set" from the
    // container to its new securityContext, which is the same finding.
    const touched = new Set<string>();
    const replaces = new Map<string, string>();
    if (finding.resource) touched.add(resourceKey(finding.resource));
    for (const [file, fileEdits] of byFile) {
      const beforeKeys = new Set<string>();
      for (const document of before.get(file)?.documents ?? []) {
        for (const resource of document.resources) {
          const key = resourceKey(refOf(linter, resource));
          beforeKeys.add(key);
          const [start, , end] = resource.node.range ?? [0, 0, 0];
          if (fileEdits.some((edit) => edit.start <= end && edit.end >= start)) touched.add(key);
        }
      }
      const afterKeys = new Set<string>();
      for (const document of linter.index.getFile(file)?.documents ?? []) {
        for (const resource of document.resources) afterKeys.add(resourceKey(refOf(linter, resource)));
      }
      const removed = [...beforeKeys].filter((key) => !afterKeys.has(key));
      for (const key of afterKeys) {
        if (beforeKeys.has(key)) continue;
        touched.add(key);
        const sameName = removed.find((old) => old.split('\u0001').slice(1).join('\u0001') === key.split('\u0001').slice(1).join('\u0001'));
        if (sameName) replaces.set(sameName, key);
      }
    }
    const count = (list: Finding[], rename: Map<string, string>) => {
      const counts = new Map<string, number>();
      for (const f of list) {
        if (!f.resource || f.ruleId === finding.ruleId) continue;
        const resource = rename.get(resourceKey(f.resource)) ?? resourceKey(f.resource);
        if (!touched.has(resource)) continue;
        const key = `${resource}\u0000${f.ruleId}/${f.messageId}`;
        counts.set(key, (counts.get(key) ?? 0) + 1);
      }
      return counts;
    };
    const countsBefore = count([...findingsBefore.values()].flat(), replaces);
    for (const [key, n] of count([...findingsAfter.values()].flat(), new Map())) {
      if (n <= (countsBefore.get(key) ?? 0)) continue;
      const [resource, appears] = key.split('\u0000');
      if (allowed(`${fix.ruleId}/${fix.messageId}`, appears!)) continue;
      const example = [...findingsAfter.values()].flat().find((f) => f.resource && resourceKey(f.resource) === resource && `${f.ruleId}/${f.messageId}` === appears);
      problems.push({ check: 'new', detail: `brings a new ${appears} finding on ${resource!.replace(/\u0001/g, '/')}${example?.path ? ` at ${example.path}` : ''}: ${example?.message ?? ''}` });
    }

    // bytes: resources the fix did not aim at read the same data as before.
    for (const [file] of fixed) {
      const data = resourcesBefore.get(file)!;
      const span = spans.get(file)!;
      const delta = fixed.get(file)!.length - before.get(file)!.source.text.length;
      const afterData = resourceData(linter, linter.index.getFile(file)!, { start: span.start, end: span.end + delta });
      for (const [key, value] of data) {
        if (touched.has(key)) continue;
        if (!afterData.has(key)) problems.push({ check: 'bytes', detail: `removes ${key.replace(/\u0001/g, '/')}, which the fix was not about` });
        else if (!isDeepStrictEqual(afterData.get(key), value)) problems.push({ check: 'bytes', detail: `changes ${key.replace(/\u0001/g, '/')}, which the fix was not about` });
      }
    }
  } finally {
    for (const [file, parsed] of before) linter.setText(file, originals.get(file) ?? (parsed.source.bom ? '\uFEFF' : '') + parsed.source.text);
  }
  return problems;
}

/** `--fix` on one file as the CLI runs it: all safe fixes in passes. Undefined when there is nothing to fix. */
function checkFixAll(linter: Linter, file: string, original: string, rules: Set<string> | undefined): string[] | undefined {
  const parsed = linter.index.getFile(file);
  if (!parsed) return undefined;
  const text = parsed.source.text;
  try {
    const first = linter.fix(file);
    if (first.applied.length === 0) return undefined;
    if (rules && !first.applied.some((fix) => rules.has(fix.ruleId))) return undefined;
    const problems: string[] = [];
    const applied = [...new Set(first.applied.map((fix) => fix.ruleId))].join(', ');
    const newErrors = syntaxErrors(file, first.text).filter((message) => !syntaxOf(parsed).includes(message));
    if (!first.parses || newErrors.length) problems.push(`--fix (${applied}) yields text that does not parse: ${newErrors[0] ?? 'parses: false'}`);
    const lost = missing(comments(text), comments(first.text));
    if (lost.length) problems.push(`--fix (${applied}) loses the comment ${JSON.stringify(lost[0])}`);
    const second = linter.fix(file);
    if (second.applied.length > 0) problems.push(`--fix is not idempotent: a second run applies ${[...new Set(second.applied.map((fix) => `${fix.ruleId}/${fix.messageId}`))].join(', ')}`);
    return problems;
  } catch (error) {
    return [`--fix threw: ${describe(error)}`];
  } finally {
    linter.setText(file, original);
  }
}

function allowed(fix: string, appears: string): boolean {
  const glob = (pattern: string, value: string) => new RegExp(`^${pattern.replace(/[.+?^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*')}$`).test(value);
  return ALLOWED_NEW.some((entry) => glob(entry.fix, fix) && glob(entry.appears, appears));
}

function refOf(linter: Linter, resource: { apiVersion: string; kind: string; name: string }): ResourceRef {
  return { apiVersion: resource.apiVersion, kind: resource.kind, namespace: linter.index.namespaceOf(resource as never), name: resource.name };
}

function resourceKey(ref: ResourceRef): string {
  return [ref.kind, ref.namespace ?? '', ref.name].join('\u0001');
}

function sameResource(a: ResourceRef | undefined, b: ResourceRef | undefined): boolean {
  return a === b || (!!a && !!b && resourceKey(a) === resourceKey(b));
}

/** The objects of the documents that overlap a span (the others are byte for byte the same before and after). */
function resourceData(linter: Linter, parsed: ParsedFile, span: { start: number; end: number }): Map<string, unknown> {
  const data = new Map<string, unknown>();
  for (const document of parsed.documents) {
    if (document.end < span.start || document.start > span.end) continue;
    for (const resource of document.resources) {
      const key = resourceKey(refOf(linter, resource));
      if (!data.has(key)) data.set(key, resource.object);
    }
  }
  return data;
}

/**
 * From the start of the document holding the first edit to the end of the one holding the last: the stretch
 * whose bytes an edit changed, together with the rest of those documents (a lexer restarts at every document).
 */
function touchedSpan(parsed: ParsedFile, sorted: readonly TextEdit[]): { start: number; end: number } {
  const first = sorted[0]!.start;
  const last = sorted.at(-1)!.end;
  let start = 0;
  let end = parsed.source.text.length;
  for (const document of parsed.documents) {
    if (document.start <= first) start = document.start;
    if (document.end >= last) {
      end = document.end;
      break;
    }
  }
  return { start: Math.min(start, first), end: Math.max(end, last) };
}

/**
 * The syntax errors of every document, whether or not the file is reported as a manifest: a fix that breaks the
 * `apiVersion` key would otherwise hide its own errors, the file no longer looking like a manifest.
 */
function syntaxOf(parsed: ParsedFile): string[] {
  const problems = parsed.documents.flatMap((document) => document.problems);
  for (const problem of parsed.problems) if (!problems.includes(problem)) problems.push(problem);
  return problems.filter((p) => p.code === 'yaml-syntax').map((p) => p.message);
}

function syntaxErrors(file: string, text: string): string[] {
  return syntaxOf(parseFile(sourceText(file, text)));
}

/** The comments of a YAML text, as the YAML lexer sees them (a `#` inside a string is not one). */
function comments(text: string): string[] {
  const found: string[] = [];
  try {
    for (const token of new Lexer().lex(text)) if (token.startsWith('#')) found.push(token.trim());
  } catch {
    return [];
  }
  return found;
}

function missing(before: string[], after: string[]): string[] {
  const counts = new Map<string, number>();
  for (const item of after) counts.set(item, (counts.get(item) ?? 0) + 1);
  return before.filter((item) => {
    const left = counts.get(item) ?? 0;
    if (left > 0) counts.set(item, left - 1);
    return left === 0;
  });
}

function excerptAround(text: string, offset: number): string {
  const start = text.lastIndexOf('\n', Math.max(0, offset - 200)) + 1;
  const end = text.indexOf('\n', Math.min(text.length, offset + 300));
  return text
    .slice(start, end === -1 ? text.length : end)
    .split('\n')
    .map((line) => `      | ${line}`)
    .join('\n');
}

function describeResource(ref: ResourceRef | undefined): string {
  return ref ? `${ref.kind} ${ref.namespace ? `${ref.namespace}/` : ''}${ref.name}` : 'the file';
}

function describe(error: unknown): string {
  return error instanceof Error ? `${error.name}: ${error.message}` : String(error);
}

function manifestsUnder(dir: string): string[] {
  const found: string[] = [];
  const stack = [dir];
  while (stack.length) {
    const current = stack.pop()!;
    for (const entry of readdirSync(current, { withFileTypes: true })) {
      const path = join(current, entry.name);
      if (entry.isDirectory()) stack.push(path);
      else if (entry.isFile() && /\.ya?ml$/i.test(entry.name)) found.push(path);
    }
  }
  return found.sort();
}
