import { isMap, isSeq, stringify, type YAMLMap } from 'yaml';
import { FixBuilder, type TextEdit as EngineEdit } from '../engine/fix-builder';
import type { ResourceRef } from '../engine/parse';
import { parseFile } from '../engine/parse';
import { sourceText } from '../engine/text';

export interface IgnoreEntry {
  rules: string[];
  kind?: string;
  name?: string;
  namespace?: string;
  reason: string;
}

export function ignoreEntryFor(ruleId: string, resource: ResourceRef): IgnoreEntry {
  return {
    rules: [ruleId],
    kind: resource.kind,
    ...(resource.name ? { name: resource.name } : {}),
    ...(resource.namespace ? { namespace: resource.namespace } : {}),
    reason: 'TODO: why this is accepted',
  };
}

/**
 * The edits that add an `ignore:` entry to a config file: appended to an existing list with its
 * indentation, or a new `ignore:` key; `undefined` text means the file does not exist yet.
 */
export function addIgnoreEdits(file: string, text: string | undefined, entry: IgnoreEntry): Pick<EngineEdit, 'start' | 'end' | 'text'>[] {
  if (text === undefined || text.trim() === '') {
    return [{ start: 0, end: text?.length ?? 0, text: stringify({ ignore: [entry] }) }];
  }
  const parsed = parseFile(sourceText(file, text));
  const document = parsed.documents[0];
  const root = document?.yaml.contents;
  if (!document || !document.valid || !isMap(root)) {
    // A comment-only or broken config: add the key at the end and let the config diagnostics speak.
    const eol = parsed.source.eol;
    const prefix = text.endsWith('\n') ? '' : eol;
    return [{ start: text.length, end: text.length, text: prefix + stringify({ ignore: [entry] }).replace(/\n/g, eol) }];
  }
  const target = { file, document, node: root as YAMLMap };
  const builder = new FixBuilder(() => parsed);
  const existing = root.get('ignore', true);
  if (isSeq(existing)) builder.appendItem(target, ['ignore'], entry);
  else builder.ensure(target, ['ignore'], [entry]);
  return builder.edits;
}
