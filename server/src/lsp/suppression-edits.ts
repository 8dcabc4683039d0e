import type { TextEdit as EngineEdit } from '../engine/fix-builder';
import { LineIndex } from '../engine/text';

type Edit = Pick<EngineEdit, 'start' | 'end' | 'text'>;

const REASON = 'TODO: why this is accepted';

/**
 * `# kubeready-disable-next-line <rule> -- <reason>` above the finding's line, indented like it. When that
 * line already has such a comment, the rule id is added to it instead of stacking a second one.
 */
export function disableNextLine(text: string, eol: string, line: number, ruleId: string): Edit {
  return directiveEdit(text, eol, line, 'kubeready-disable-next-line', ruleId);
}

/** `# kubeready-disable <rule> -- <reason>` on the first line of the YAML document: the rest of it is silenced. */
export function disableForDocument(text: string, eol: string, contentStart: number, ruleId: string): Edit {
  const line = new LineIndex(text).positionAt(contentStart).line;
  return directiveEdit(text, eol, line, 'kubeready-disable', ruleId);
}

function directiveEdit(text: string, eol: string, line: number, directive: string, ruleId: string): Edit {
  const lines = new LineIndex(text);
  const lineStart = lines.lineStart(line);
  const lineText = text.slice(lineStart, lines.lineEnd(line));
  const indent = /^[ \t]*/.exec(lineText)![0];
  if (line > 0) {
    const previousStart = lines.lineStart(line - 1);
    const previous = text.slice(previousStart, lines.lineEnd(line - 1));
    const extended = addRule(previous, directive, ruleId);
    if (extended !== undefined) return { start: previousStart, end: previousStart + previous.length, text: extended };
  }
  return { start: lineStart, end: lineStart, text: `${indent}# ${directive} ${ruleId} -- ${REASON}${eol}` };
}

/** `# kubeready-disable-next-line a -- why` plus `b` is `# kubeready-disable-next-line a,b -- why`. */
function addRule(line: string, directive: string, ruleId: string): string | undefined {
  const trimmed = line.trimStart();
  if (!trimmed.startsWith('#')) return undefined;
  const at = line.indexOf(directive);
  if (at === -1 || line.slice(line.indexOf('#') + 1, at).trim() !== '') return undefined;
  const after = line.slice(at + directive.length);
  if (after !== '' && !/^[ \t]/.test(after)) return undefined;
  const separator = after.indexOf(' --');
  const ids = (separator === -1 ? after : after.slice(0, separator)).trim();
  const rest = separator === -1 ? '' : after.slice(separator);
  if (ids === '') return undefined;
  if (ids.split(/[\s,]+/).includes(ruleId)) return line;
  return `${line.slice(0, at + directive.length)} ${ids},${ruleId}${rest}`;
}
