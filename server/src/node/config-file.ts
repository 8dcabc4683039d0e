import { readFileSync } from 'node:fs';
import { relative, sep } from 'node:path';
import picomatch from 'picomatch';
import { type Config, parseConfig } from '../engine/config';
import type { Rule } from '../engine/rule-api';

/** Reads and validates `.kubeready.yaml`; throws ConfigError (with lines and keys) or an Error naming the file. */
export function loadConfigFile(rules: readonly Rule[], file: string): Config {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new Error(`cannot read config file ${file}: ${code === 'ENOENT' ? 'not found' : code}`);
  }
  return parseConfig(rules, file, text);
}

/** Paths relative to the config file's folder (or the project root), with `/`: what `ignore[].path` and `exclude` match. */
export function relativeTo(base: string): (file: string) => string {
  return (file) => relative(base, file).split(sep).join('/');
}

/** The config's `exclude:` globs as a predicate on absolute paths. */
export function excludedBy(config: Config, base: string): (file: string) => boolean {
  if (config.exclude.length === 0) return () => false;
  const matcher = picomatch(config.exclude, { dot: true });
  const rel = relativeTo(base);
  return (file) => matcher(rel(file));
}
