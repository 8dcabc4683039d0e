import type { default as Ajv, ErrorObject, ValidateFunction } from 'ajv';
import { type Document, parseDocument } from 'yaml';
import { configSchema, ruleEntrySchema } from './config-schema';
import precompiled = require('./generated/config-validator');
import { isObject } from './parse';
import type { Rule, RuleMeta, Settings, Severity, SeverityOrOff } from './rule-api';
import { LineIndex } from './text';
import { locate, type Path } from './yaml-path';

export type Preset = 'recommended' | 'strict' | 'all';

export interface RuleSetting {
  severity: SeverityOrOff;
  /** Set by the user (config or `--rule`), as opposed to the preset: it then overrides a report's own severity. */
  explicit: boolean;
  options: Record<string, unknown>;
}

export interface IgnoreEntry {
  rules: string[];
  kind?: string;
  name?: string;
  namespace?: string;
  path?: string;
  reason: string;
  expires?: string;
  /** Where the entry is written, to report it when expired or unused. */
  start: number;
  end: number;
}

export interface Config {
  /** The config file, when there is one. */
  file: string | undefined;
  /** Its text, kept to report expired or unused ignores at their place. */
  text: string | undefined;
  preset: Preset;
  settings: Settings;
  namespace: string;
  rules: Map<string, RuleSetting>;
  ignore: IgnoreEntry[];
  exclude: string[];
  maxFileSize: number;
}

export interface ConfigProblem {
  file: string;
  /** 1-based. */
  line: number;
  column: number;
  /** The offending key, as a dotted path. */
  key: string;
  message: string;
  start: number;
  end: number;
}

export class ConfigError extends Error {
  constructor(readonly problems: ConfigProblem[]) {
    super(problems.map((p) => `${p.file}:${p.line}:${p.column}: ${p.key ? `${p.key}: ` : ''}${p.message}`).join('\n'));
  }
}

export const DEFAULT_SETTINGS: Settings = {
  manifestSet: 'complete',
  zones: 3,
  // The newest minor version that the bundled kubernetes-types describe.
  kubernetesVersion: '1.30',
  cpuLimits: 'discourage',
  preferredReplicas: undefined,
  images: { kubeClients: [], allowed: [], registries: [] },
};

export const DEFAULT_MAX_FILE_SIZE = 20 * 1024 * 1024;

export function defaultConfig(rules: readonly Rule[]): Config {
  return resolve(rules, {}, undefined, undefined, []);
}

/**
 * How every config schema is compiled, here and ahead of time. Our schemas are checked by the tests, so the
 * meta-schema (~60 ms to compile) is not checked at every start.
 */
export const AJV_OPTIONS = { allErrors: true, useDefaults: true, strict: false, validateSchema: false, code: { optimize: false } } as const;

/**
 * Schema validators, compiled on first use: compiling all of them costs more than a small lint run, and a run
 * without a config file (or without rule options in it) needs none.
 */
class Validators {
  private ajv: Ajv | undefined;
  private configValidator: ValidateFunction | undefined;
  private readonly entryValidators = new Map<string, ValidateFunction>();
  private readonly optionValidators = new Map<string, ValidateFunction>();

  constructor(private readonly rules: readonly Rule[]) {}

  /** The whole file, except what is inside each rule's entry. */
  config(): ValidateFunction {
    // The catalog's is compiled ahead (npm run generate); another rule set (in tests) is compiled here.
    const ids = this.rules.map((rule) => rule.meta.id);
    const ahead = precompiled.ruleIds.length === ids.length && precompiled.ruleIds.every((id, i) => id === ids[i]);
    this.configValidator ??= ahead ? precompiled : this.compiler().compile(configSchema(this.rules.map((rule) => rule.meta), { ruleEntries: 'any' }));
    return this.configValidator;
  }

  ruleEntry(rule: Rule): ValidateFunction {
    let validate = this.entryValidators.get(rule.meta.id);
    if (!validate) {
      validate = this.compiler().compile(ruleEntrySchema(rule.meta));
      this.entryValidators.set(rule.meta.id, validate);
    }
    return validate;
  }

  options(rule: Rule): ValidateFunction | undefined {
    if (!rule.meta.options) return undefined;
    let validate = this.optionValidators.get(rule.meta.id);
    if (!validate) {
      validate = this.compiler().compile(rule.meta.options);
      this.optionValidators.set(rule.meta.id, validate);
    }
    return validate;
  }

  /**
   * Ajv itself is loaded only here: the catalog's config validator is compiled ahead, so a run whose config
   * has no rule entries never loads the compiler (about a quarter of the bundle to start up).
   */
  private compiler(): Ajv {
    if (!this.ajv) {
      const { default: AjvCompiler } = require('ajv') as typeof import('ajv');
      this.ajv = new AjvCompiler(AJV_OPTIONS);
    }
    return this.ajv;
  }
}

const validators = new WeakMap<readonly Rule[], Validators>();

function validatorsFor(rules: readonly Rule[]): Validators {
  let cached = validators.get(rules);
  if (!cached) {
    cached = new Validators(rules);
    validators.set(rules, cached);
  }
  return cached;
}

/** What validating `{}` with `useDefaults` gives: each top-level property's default. */
function defaultOptions(schema: Record<string, unknown> | undefined): Record<string, unknown> {
  const properties = isObject(schema?.properties) ? schema.properties : {};
  const options: Record<string, unknown> = {};
  for (const [key, property] of Object.entries(properties)) {
    if (isObject(property) && 'default' in property) options[key] = structuredClone(property.default);
  }
  return options;
}

/**
 * Reads `.kubeready.yaml`. Either the whole config is valid or a ConfigError names every bad key with
 * its line: a run never goes ahead with half a config.
 */
export function parseConfig(rules: readonly Rule[], file: string, text: string): Config {
  const stripped = text.startsWith('\uFEFF') ? text.slice(1) : text;
  const lines = new LineIndex(stripped);
  const problemAt = (start: number, end: number, key: string, message: string): ConfigProblem => {
    const position = lines.positionAt(start);
    return { file, line: position.line + 1, column: position.character + 1, key, message, start, end };
  };
  // The config is not a manifest: YAML 1.2, so that `expires: 2026-01-31` stays a string.
  const doc = parseDocument(stripped, { prettyErrors: false });
  if (doc.errors.length) {
    throw new ConfigError(doc.errors.map((e) => problemAt(e.pos[0], e.pos[1], '', `YAML syntax error: ${e.message.split('\n')[0]}`)));
  }
  const data = (doc.toJS({ maxAliasCount: 100 }) as unknown) ?? {};
  const checks = validatorsFor(rules);
  const validate = checks.config();
  const errors = validate(data) ? [] : [...(validate.errors ?? [])];
  const entries = isObject(data) && isObject(data.rules) ? data.rules : {};
  for (const rule of rules) {
    if (!(rule.meta.id in entries)) continue;
    const validateEntry = checks.ruleEntry(rule);
    if (validateEntry(structuredClone(entries[rule.meta.id]))) continue;
    for (const error of validateEntry.errors ?? []) errors.push({ ...error, instancePath: `/rules/${escapePointer(rule.meta.id)}${error.instancePath}` });
  }
  if (errors.length) {
    throw new ConfigError(
      uniqueErrors(errors)
        .map((error) => locateError(doc, error, problemAt))
        .sort((a, b) => a.start - b.start),
    );
  }
  const raw = data as Record<string, unknown>;
  const ignore = ((raw.ignore as Record<string, unknown>[] | undefined) ?? []).map((entry, i) => {
    const located = locate(doc as Document, doc.contents, ['ignore', i]);
    const range = located.node?.range ?? [0, 0];
    return { ...(entry as unknown as IgnoreEntry), start: range[0], end: Math.min(range[1], stripped.indexOf('\n', range[0]) >>> 0) };
  });
  const problems: ConfigProblem[] = [];
  const config = resolve(rules, raw, file, text, ignore, (ruleId, errors) => {
    for (const error of errors) {
      problems.push(
        locateError(doc, { ...error, instancePath: `/rules/${ruleId}/options${error.instancePath}` }, problemAt),
      );
    }
  });
  if (problems.length) throw new ConfigError(problems);
  return config;
}

/** Applies command-line `--rule id=severity` overrides, which win over the file. */
export function withRuleOverrides(config: Config, overrides: Record<string, SeverityOrOff>): Config {
  const rules = new Map(config.rules);
  for (const [id, severity] of Object.entries(overrides)) {
    const current = rules.get(id);
    if (current) rules.set(id, { ...current, severity, explicit: true });
  }
  return { ...config, rules };
}

function resolve(
  rules: readonly Rule[],
  raw: Record<string, unknown>,
  file: string | undefined,
  text: string | undefined,
  ignore: IgnoreEntry[],
  onOptionErrors?: (ruleId: string, errors: ErrorObject[]) => void,
): Config {
  const preset = (raw.extends as Preset | undefined) ?? 'recommended';
  const images = isObject(raw.images) ? raw.images : {};
  const settings: Settings = {
    manifestSet: (raw.manifestSet as Settings['manifestSet']) ?? DEFAULT_SETTINGS.manifestSet,
    zones: (raw.zones as number) ?? DEFAULT_SETTINGS.zones,
    kubernetesVersion: (raw.kubernetesVersion as string) ?? DEFAULT_SETTINGS.kubernetesVersion,
    cpuLimits: (raw.cpuLimits as Settings['cpuLimits']) ?? DEFAULT_SETTINGS.cpuLimits,
    preferredReplicas: raw.preferredReplicas as number | undefined,
    images: {
      kubeClients: (images.kubeClients as string[]) ?? [],
      allowed: (images.allowed as string[]) ?? [],
      registries: (images.registries as string[]) ?? [],
    },
  };
  const configured = isObject(raw.rules) ? raw.rules : {};
  const resolved = new Map<string, RuleSetting>();
  for (const rule of rules) {
    const entry = configured[rule.meta.id];
    const severity = typeof entry === 'string' ? entry : isObject(entry) ? (entry.severity as string | undefined) : undefined;
    const given = isObject(entry) && isObject(entry.options) ? entry.options : undefined;
    let options: Record<string, unknown>;
    if (given) {
      options = structuredClone(given);
      const validate = validatorsFor(rules).options(rule);
      if (validate && !validate(options)) onOptionErrors?.(rule.meta.id, validate.errors ?? []);
    } else {
      options = defaultOptions(rule.meta.options as Record<string, unknown> | undefined);
    }
    resolved.set(rule.meta.id, {
      severity: (severity as SeverityOrOff | undefined) ?? presetSeverity(rule.meta, preset),
      explicit: severity !== undefined,
      options,
    });
  }
  return {
    file,
    text,
    preset,
    settings,
    namespace: (raw.namespace as string) ?? 'default',
    rules: resolved,
    ignore,
    exclude: (raw.exclude as string[]) ?? [],
    maxFileSize: (raw.maxFileSize as number) ?? DEFAULT_MAX_FILE_SIZE,
  };
}

export function presetSeverity(meta: RuleMeta, preset: Preset): SeverityOrOff {
  if (meta.optIn && preset !== 'all') return 'off';
  if (preset === 'strict' || preset === 'all') return meta.strictSeverity ?? meta.severity;
  return meta.severity;
}

/**
 * `oneOf` failures repeat one mistake several ways. At a `oneOf` location keep the errors below it when
 * there are any (they are specific), else only the `oneOf` error, whose message names the alternatives.
 */
function uniqueErrors(errors: ErrorObject[]): ErrorObject[] {
  const oneOfPaths = new Set(errors.filter((e) => e.keyword === 'oneOf').map((e) => e.instancePath));
  const kept = new Map<string, ErrorObject>();
  for (const error of errors) {
    const path = error.instancePath;
    if (oneOfPaths.has(path)) {
      const hasDeeper = errors.some((other) => other.instancePath.startsWith(`${path}/`));
      if (hasDeeper || error.keyword !== 'oneOf') continue;
    }
    const key = `${path}\u0000${error.keyword}\u0000${JSON.stringify(error.params)}`;
    if (!kept.has(key)) kept.set(key, error);
  }
  return [...kept.values()];
}

function escapePointer(segment: string): string {
  return segment.replace(/~/g, '~0').replace(/\//g, '~1');
}

function locateError(
  doc: Document.Parsed | Document,
  error: ErrorObject,
  problemAt: (start: number, end: number, key: string, message: string) => ConfigProblem,
): ConfigProblem {
  const path: Path = error.instancePath
    .split('/')
    .slice(1)
    .map((segment) => segment.replace(/~1/g, '/').replace(/~0/g, '~'))
    .map((segment) => (/^\d+$/.test(segment) ? Number(segment) : segment));
  let keyPath = [...path];
  let message = error.message ?? 'is invalid';
  if (error.keyword === 'additionalProperties') {
    const extra = String(error.params.additionalProperty);
    keyPath = [...path, extra];
    message = path[0] === 'rules' && path.length === 1 ? `unknown rule id "${extra}"` : `unknown key "${extra}"`;
  } else if (error.keyword === 'enum') {
    message = `must be one of ${(error.params.allowedValues as unknown[]).map((v) => JSON.stringify(v)).join(', ')}`;
  } else if (error.keyword === 'oneOf' && path[0] === 'rules') {
    message = 'must be a severity (error, warning, info, off) or { severity, options }';
  }
  const located = locate(doc as Document, doc.contents, keyPath);
  // Point at a bad value itself; at the key when the key is the mistake or the value is missing.
  const node = error.keyword === 'additionalProperties' || !located.found || !located.node?.range ? located.key : located.node;
  const range = node?.range ?? [0, 0];
  return problemAt(range[0], range[1], keyPath.join('.'), message);
}

export type { Severity };
