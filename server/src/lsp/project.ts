import { existsSync } from 'node:fs';
import { dirname, isAbsolute, join, sep } from 'node:path';
import { type Config, ConfigError, type ConfigProblem, defaultConfig, withRuleOverrides } from '../engine/config';
import { Linter, type FileResult } from '../engine/linter';
import type { Rule } from '../engine/rule-api';
import { excludedBy, loadConfigFile, relativeTo } from '../node/config-file';
import { findUp, listProjectFiles } from '../node/discover';
import { CONFIG_NAMES } from '../node/project-context';
import { readManifest } from '../node/read-manifest';
import type { ClientSettings } from './settings';

/** Files without the word `kind` cannot hold a Kubernetes object: reading them is cheap, parsing is not. */
const MIGHT_BE_MANIFEST = /\bkind\b/;

export interface ConfigState {
  file: string | undefined;
  /** Problems of the config file on disk; while there are any, the last good config stays in use. */
  problems: ConfigProblem[];
  /** A message that is not about one place in the file (unreadable, for instance). */
  error: string | undefined;
}

/**
 * One workspace folder as the engine sees it: the Linter with every manifest of the folder, the config,
 * and for each file the namespaces its last lint depended on, so a change re-lints only its dependents.
 */
export class Project {
  linter: Linter;
  config: ConfigState = { file: undefined, problems: [], error: undefined };
  private readonly dependencies = new Map<string, Set<string>>();
  private readonly results = new Map<string, FileResult>();
  private readonly unverified = new Set<string>();
  private excluded: (file: string) => boolean = () => false;
  private baseConfig: Config;

  constructor(
    /** The folder's path; undefined for files opened outside every workspace folder. */
    readonly root: string | undefined,
    private readonly rules: readonly Rule[],
    private settings: ClientSettings,
    private readonly today: () => string,
  ) {
    this.baseConfig = defaultConfig(rules);
    this.linter = new Linter({ rules, config: this.effectiveConfig(), today: today(), relativePath: (file) => file });
    this.reloadConfig();
  }

  /** Whether a file belongs to this project: under its root and not excluded by the config. */
  owns(file: string): boolean {
    if (!this.root) return true;
    return (file === this.root || file.startsWith(this.root.endsWith(sep) ? this.root : this.root + sep)) && !this.excluded(file);
  }

  /** Reads every manifest of the folder from disk, reporting progress as it goes. */
  async loadFromDisk(progress: (done: number, total: number) => void, isOpen: (file: string) => boolean, yieldEvery = 200): Promise<void> {
    if (!this.root) return;
    const files = listProjectFiles(this.root, this.excluded);
    progress(0, files.length);
    for (let i = 0; i < files.length; i++) {
      if (isOpen(files[i]!)) continue;
      const read = readManifest(files[i]!, this.linter.config.maxFileSize);
      if (read.ok && MIGHT_BE_MANIFEST.test(read.text)) this.linter.setText(files[i]!, read.text);
      if ((i + 1) % yieldEvery === 0) {
        progress(i + 1, files.length);
        // Let requests and edits in between: indexing a large repository must not freeze the editor.
        await new Promise((resolve) => setImmediate(resolve));
      }
    }
    progress(files.length, files.length);
    this.results.clear();
  }

  /** Re-reads one file from disk (after a change on disk, or when its editor closes). Returns the files to re-lint. */
  refreshFromDisk(file: string): Set<string> {
    const read = existsSync(file) && this.owns(file) ? readManifest(file, this.linter.config.maxFileSize) : undefined;
    if (read?.ok && MIGHT_BE_MANIFEST.test(read.text)) return this.setText(file, read.text);
    return this.remove(file);
  }

  /**
   * Puts a file's text in the index; returns the files whose findings may have changed. Every document is
   * checked for syntax errors, even one no rule reads: closed files at once, open ones when typing pauses.
   */
  setText(file: string, text: string, open = false): Set<string> {
    // While typing, documents no rule reads are only identified; `verify` checks them once typing pauses.
    if (open) this.unverified.add(file);
    else this.unverified.delete(file);
    return this.put(file, text, open ? 'typing' : 'checked');
  }

  /** Checks an open document's syntax where typing skipped it: in documents no rule reads. */
  verify(file: string): Set<string> {
    if (!this.unverified.delete(file)) return new Set();
    const parsed = this.linter.index.getFile(file);
    if (!parsed) return new Set();
    return this.put(file, (parsed.source.bom ? '\uFEFF' : '') + parsed.source.text, 'checked');
  }

  needsVerification(file: string): boolean {
    return this.unverified.has(file);
  }

  /**
   * `typing`: documents no rule reads are only identified, not checked (`verify` follows when typing pauses);
   * `checked`: they are composed once for syntax errors and their trees dropped, as the CLI does.
   */
  private put(file: string, text: string, mode: 'typing' | 'checked'): Set<string> {
    const before = this.linter.index.namespacesOf(file);
    const wasKustomization = this.linter.index.isKustomization(file) && this.linter.index.getFile(file) !== undefined;
    this.linter.setText(file, text, { check: mode === 'checked' });
    return this.affectedBy(file, before, wasKustomization || this.linter.index.isKustomization(file));
  }

  remove(file: string): Set<string> {
    if (!this.linter.index.getFile(file)) {
      this.dependencies.delete(file);
      this.results.delete(file);
      return new Set();
    }
    const before = this.linter.index.namespacesOf(file);
    const kustomization = this.linter.index.isKustomization(file);
    this.linter.remove(file);
    const affected = this.affectedBy(file, before, kustomization);
    this.dependencies.delete(file);
    this.results.delete(file);
    return affected;
  }

  has(file: string): boolean {
    return this.linter.index.getFile(file) !== undefined;
  }

  files(): string[] {
    return [...this.linter.index.fileNames()];
  }

  /** The file's findings, computed once per change of anything it depends on. */
  lint(file: string): FileResult {
    let result = this.results.get(file);
    if (!result) {
      this.linter.setToday(this.today());
      result = this.linter.lint(file);
      this.results.set(file, result);
      this.dependencies.set(file, result.dependencies);
    }
    return result;
  }

  /** Findings about the config file: its own problems, and expired ignores. */
  configFindings() {
    return this.linter.configFindings({ reportUnused: false });
  }

  updateSettings(settings: ClientSettings): void {
    this.settings = settings;
    this.reloadConfig();
  }

  /** Reads the config file again; a bad one keeps the last good config in use. */
  reloadConfig(): void {
    const file = this.configFile();
    this.config = { file, problems: [], error: undefined };
    if (file) {
      try {
        this.baseConfig = loadConfigFile(this.rules, file);
      } catch (error) {
        if (error instanceof ConfigError) this.config.problems = error.problems;
        else this.config.error = (error as Error).message;
      }
    } else {
      this.baseConfig = defaultConfig(this.rules);
    }
    const base = file ? dirname(file) : (this.root ?? '/');
    this.excluded = excludedBy(this.baseConfig, base);
    this.linter.reconfigure(this.effectiveConfig(), relativeTo(base));
    this.results.clear();
  }

  isConfigFile(file: string): boolean {
    return file === this.configFile() || (CONFIG_NAMES as readonly string[]).some((name) => this.root !== undefined && file === join(this.root, name));
  }

  private configFile(): string | undefined {
    if (this.settings.configPath) {
      const path = isAbsolute(this.settings.configPath) || !this.root ? this.settings.configPath : join(this.root, this.settings.configPath);
      return path;
    }
    return this.root ? findUp(this.root, CONFIG_NAMES) : undefined;
  }

  private effectiveConfig(): Config {
    return withRuleOverrides(this.baseConfig, this.settings.rules);
  }

  private affectedBy(file: string, before: Set<string>, everything: boolean): Set<string> {
    const changed = new Set([...before, ...this.linter.index.namespacesOf(file)]);
    const affected = new Set<string>([file]);
    for (const [other, namespaces] of this.dependencies) {
      if (everything || [...namespaces].some((namespace) => changed.has(namespace))) affected.add(other);
    }
    for (const other of affected) this.results.delete(other);
    return affected;
  }
}
