import {
  type CodeAction,
  CodeActionKind,
  type Diagnostic,
  type Range,
  type TextDocumentEdit,
  type WorkspaceEdit,
} from 'vscode-languageserver';
import type { TextEdit as EngineEdit } from '../engine/fix-builder';
import { availableSuggestions, type Finding } from '../engine/findings';
import { LineIndex } from '../engine/text';
import { addIgnoreEdits, ignoreEntryFor } from './config-edits';
import { type DiagnosticData, type Positions, toDiagnostic } from './diagnostics';
import type { Project } from './project';
import { disableForDocument, disableNextLine } from './suppression-edits';
import { minimalEdits } from './text-edits';
import { uriOf } from './uris';

export const FIX_ALL_KIND = 'source.fixAll.kubeready';
export const SHOW_DOCUMENTATION = 'kubeready.server.showDocumentation';

export interface ActionContext {
  project: Project;
  file: string;
  positions: Positions;
  /** The version of an open document, null for a file that is only on disk. */
  versionOf(file: string): number | null;
  /** A file's current text as an editor would edit it (open document, or disk without BOM); undefined if missing. */
  textOf(file: string): string | undefined;
  docsUrl(id: string): string;
  configFileFor(project: Project): string;
}

/**
 * Code actions for the findings under a range: the rule's fixes (the safe one preferred), the two
 * suppression comments, an ignore entry in `.kubeready.yaml`, and the rule's documentation. Findings are
 * recomputed against the current text, so an action never applies to a stale version.
 */
export function codeActions(ctx: ActionContext, range: Range, requested: Diagnostic[], only: string[] | undefined): CodeAction[] {
  if (only && only.some((kind) => FIX_ALL_KIND.startsWith(kind) && kind.startsWith('source'))) {
    const fixAll = fixAllAction(ctx);
    return fixAll ? [fixAll] : [];
  }
  if (only && !only.some((kind) => CodeActionKind.QuickFix.startsWith(kind) || kind.startsWith(CodeActionKind.QuickFix))) return [];
  const actions: CodeAction[] = [];
  for (const finding of findingsFor(ctx, range, requested)) {
    const diagnostic = toDiagnostic(finding, ctx.positions, ctx.docsUrl);
    const fixes = [...(finding.fix ? [finding.fix] : []), ...availableSuggestions(finding)];
    for (const fix of fixes) {
      actions.push({
        title: fix.title,
        kind: CodeActionKind.QuickFix,
        diagnostics: [diagnostic],
        ...(fix.safe ? { isPreferred: true } : {}),
        edit: workspaceEdit(ctx, fix.edits),
      });
    }
    if (finding.ruleId !== 'unused-suppression' && finding.ruleId !== 'file-unreadable') {
      actions.push(...suppressionActions(ctx, finding, diagnostic));
    }
    actions.push({
      title: `Show documentation for ${finding.ruleId}`,
      kind: CodeActionKind.QuickFix,
      diagnostics: [diagnostic],
      command: { title: `Show documentation for ${finding.ruleId}`, command: SHOW_DOCUMENTATION, arguments: [finding.ruleId] },
    });
  }
  return actions;
}

function findingsFor(ctx: ActionContext, range: Range, requested: Diagnostic[]): Finding[] {
  const lines = ctx.positions.lines(ctx.file);
  if (!lines) return [];
  const start = lines.offsetAt(range.start);
  const end = lines.offsetAt(range.end);
  const findings = ctx.project.lint(ctx.file).findings.filter((f) => f.start <= end && f.end >= start);
  const ours = requested.filter((d) => d.source === 'kubeready');
  if (ours.length === 0) return findings;
  // Matched by rule and message id (never message text); the exact range disambiguates two findings of a rule.
  return findings.filter((finding) =>
    ours.some((d) => {
      const data = d.data as Partial<DiagnosticData> | undefined;
      if (d.code !== finding.ruleId || (data?.messageId && data.messageId !== finding.messageId)) return false;
      const own = ctx.positions.range(finding.file, finding.start, finding.end);
      return own.start.line === d.range.start.line && own.start.character === d.range.start.character;
    }),
  );
}

function suppressionActions(ctx: ActionContext, finding: Finding, diagnostic: Diagnostic): CodeAction[] {
  const parsed = ctx.project.linter.index.getFile(ctx.file);
  const text = parsed?.source.text;
  if (!parsed || text === undefined) return [];
  const { eol } = parsed.source;
  const line = ctx.positions.range(finding.file, finding.start, finding.end).start.line;
  const actions: CodeAction[] = [
    {
      title: `Disable ${finding.ruleId} for this line`,
      kind: CodeActionKind.QuickFix,
      diagnostics: [diagnostic],
      edit: workspaceEdit(ctx, [{ file: ctx.file, ...disableNextLine(text, eol, line, finding.ruleId) }]),
    },
  ];
  const document = parsed.documents.find((d) => finding.start >= d.start && finding.start < Math.max(d.end, d.contentEnd));
  const contentStart = document?.yaml.contents?.range?.[0];
  if (finding.resource && contentStart !== undefined && !/\.json$/i.test(ctx.file)) {
    actions.push({
      title: `Disable ${finding.ruleId} for this resource`,
      kind: CodeActionKind.QuickFix,
      diagnostics: [diagnostic],
      edit: workspaceEdit(ctx, [{ file: ctx.file, ...disableForDocument(text, eol, contentStart, finding.ruleId) }]),
    });
  }
  if (finding.resource) {
    const configFile = ctx.configFileFor(ctx.project);
    const configText = ctx.textOf(configFile);
    const edits = addIgnoreEdits(configFile, configText, ignoreEntryFor(finding.ruleId, finding.resource));
    const change = textDocumentEdit(ctx, configFile, edits, configText ?? '');
    actions.push({
      title: `Ignore ${finding.ruleId} for ${finding.resource.kind}/${finding.resource.name} in .kubeready.yaml`,
      kind: CodeActionKind.QuickFix,
      diagnostics: [diagnostic],
      edit: {
        documentChanges: configText === undefined ? [{ kind: 'create', uri: uriOf(configFile), options: { ignoreIfExists: true } }, change] : [change],
      },
    });
  }
  return actions;
}

/** `source.fixAll.kubeready`: every safe fix, in passes, returned as the smallest line edits. */
function fixAllAction(ctx: ActionContext): CodeAction | undefined {
  const parsed = ctx.project.linter.index.getFile(ctx.file);
  if (!parsed) return undefined;
  const result = ctx.project.linter.previewFix(ctx.file);
  if (result.applied.length === 0 || !result.parses) return undefined;
  const edits = minimalEdits(parsed.source.text, result.text);
  return {
    title: 'Fix all safe kubeready problems',
    kind: FIX_ALL_KIND,
    edit: { documentChanges: [textDocumentEdit(ctx, ctx.file, edits, parsed.source.text)] },
  };
}

function workspaceEdit(ctx: ActionContext, edits: readonly EngineEdit[]): WorkspaceEdit {
  const byFile = new Map<string, EngineEdit[]>();
  for (const edit of edits) byFile.set(edit.file, [...(byFile.get(edit.file) ?? []), edit]);
  return {
    documentChanges: [...byFile].map(([file, fileEdits]) =>
      textDocumentEdit(ctx, file, fileEdits, ctx.project.linter.index.getFile(file)?.source.text ?? ''),
    ),
  };
}

function textDocumentEdit(
  ctx: ActionContext,
  file: string,
  edits: readonly Pick<EngineEdit, 'start' | 'end' | 'text'>[],
  text: string,
): TextDocumentEdit {
  const indexed = ctx.project.linter.index.getFile(file)?.source.text === text ? ctx.positions.lines(file) : undefined;
  const lines = indexed ?? new LineIndex(text);
  return {
    textDocument: { uri: uriOf(file), version: ctx.versionOf(file) },
    edits: [...edits]
      .sort((a, b) => a.start - b.start)
      .map((edit) => ({ range: { start: lines.positionAt(edit.start), end: lines.positionAt(edit.end) }, newText: edit.text })),
  };
}
