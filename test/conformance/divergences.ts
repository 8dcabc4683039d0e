/**
 * Why we deliberately disagree with a peer's asserted verdict. Keys, most specific first:
 * `tool:check:fixture:object:config`, `tool:check:fixture:object`, `tool:check:fixture`, `tool:check`.
 */
export const DIVERGENCES: Record<string, string> = {};
