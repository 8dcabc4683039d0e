// The rule ids and descriptions for "kubeready: Show rule documentation". They come from the generated config
// schema (generated from the rule registry, and checked fresh by `npm test`) rather than from the registry
// itself, so that the extension bundle carries no engine code.
import { docsUrl } from '../../rules/lib/docs';
import schema from '../../server/schema/kubeready.schema.json';

export interface RuleInfo {
  id: string;
  description: string;
  url: string;
}

const properties: Record<string, { description?: string }> = schema.properties.rules.properties;

export const RULE_INFO: readonly RuleInfo[] = Object.entries(properties).map(([id, value]) => ({
  id,
  description: value.description ?? '',
  url: docsUrl(id),
}));
