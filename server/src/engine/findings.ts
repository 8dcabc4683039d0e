import type { TextEdit } from './fix-builder';
import type { ResourceRef } from './parse';
import type { Severity } from './rule-api';

export interface Fix {
  ruleId: string;
  messageId: string;
  title: string;
  edits: TextEdit[];
  /** Safe fixes may run unattended (`--fix`, fix-all on save). */
  safe: boolean;
}

export interface RelatedLocation {
  file: string;
  start: number;
  end: number;
  message: string;
}

/** One problem, located by offsets into the BOM-stripped text of `file`. Adapters convert offsets at the edge. */
export interface Finding {
  ruleId: string;
  messageId: string;
  severity: Severity;
  message: string;
  file: string;
  start: number;
  end: number;
  resource?: ResourceRef;
  /** Path of the reported node inside the resource, for stable fingerprints. */
  path?: string;
  fix?: Fix;
  suggestions: Fix[];
  related: RelatedLocation[];
  /** A suppression that suppresses nothing: editors fade it out. */
  unnecessary?: boolean;
  /** The message data: adapters build actions from the rule id and this, never from the text. */
  data?: Record<string, string | number>;
}

/**
 * The quick-fixes that can really be made. Their edits are built on first use (most are never looked at), and
 * a fix for which no minimal edit exists turns out empty then.
 */
export function availableSuggestions(finding: Finding): Fix[] {
  return finding.suggestions.filter((fix) => fix.edits.length > 0);
}

export function compareFindings(a: Finding, b: Finding): number {
  return a.start - b.start || a.end - b.end || a.ruleId.localeCompare(b.ruleId) || a.message.localeCompare(b.message);
}
