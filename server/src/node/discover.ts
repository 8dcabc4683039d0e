import { existsSync, readdirSync, readFileSync, realpathSync, statSync } from 'node:fs';
import { dirname, isAbsolute, join, relative, resolve, sep } from 'node:path';
import ignore, { type Ignore } from 'ignore';
import picomatch from 'picomatch';

const MANIFEST_FILE = /\.(ya?ml|json)$/i;
const ALWAYS_SKIPPED = new Set(['.git', 'node_modules']);
/** The config file is YAML but not a manifest. */
const CONFIG_FILES = new Set(['.kubeready.yaml', '.kubeready.yml']);
const GLOB_CHARS = /[*?[\]{}]/;

export interface Discovery {
  files: string[];
  /** Command-line paths that name nothing: a usage error, reported once each. */
  missing: string[];
  /** Directories that could not be walked (permission, symlink loop), with the reason. */
  unreadable: { path: string; reason: string }[];
}

export type Excluded = (absolutePath: string) => boolean;

/**
 * Expands command-line paths: files as given, directories recursively (manifest extensions only,
 * honouring .gitignore), and quoted globs such as `'k8s/**\/*.yaml'`.
 */
export function expandTargets(paths: string[], cwd: string, excluded: Excluded): Discovery {
  const discovery: Discovery = { files: [], missing: [], unreadable: [] };
  const seen = new Set<string>();
  const add = (file: string) => {
    if (!seen.has(file) && !excluded(file)) {
      seen.add(file);
      discovery.files.push(file);
    }
  };
  for (const path of paths) {
    const absolute = resolve(cwd, path);
    let stat;
    try {
      stat = statSync(absolute);
    } catch (error) {
      if (GLOB_CHARS.test(path)) {
        const matched = globFiles(path, cwd, discovery);
        if (matched.length === 0) discovery.missing.push(path);
        matched.forEach(add);
      } else if ((error as NodeJS.ErrnoException).code === 'ELOOP') {
        discovery.unreadable.push({ path: absolute, reason: 'symbolic link loop' });
      } else {
        discovery.missing.push(path);
      }
      continue;
    }
    if (stat.isDirectory()) walk(absolute, discovery, true).forEach(add);
    else add(absolute);
  }
  return discovery;
}

/** Every manifest-looking file under the project root, as git would list it (ignored files left out). */
export function listProjectFiles(root: string, excluded: Excluded): string[] {
  const discovery: Discovery = { files: [], missing: [], unreadable: [] };
  return walk(root, discovery, false).filter((file) => !excluded(file));
}

function globFiles(pattern: string, cwd: string, discovery: Discovery): string[] {
  const absolutePattern = (isAbsolute(pattern) ? pattern : join(cwd, pattern)).split(sep).join('/');
  const { base } = picomatch.scan(absolutePattern);
  const root = base || '/';
  if (!existsSync(root)) return [];
  const isMatch = picomatch(absolutePattern, { dot: false });
  return walk(root, discovery, true, true).filter((file) => isMatch(file.split(sep).join('/')));
}

/**
 * Walks a directory tree without recursion (deep trees cannot overflow the stack) and without revisiting
 * a directory reached twice through symbolic links (loops end).
 */
function walk(root: string, discovery: Discovery, followLinks: boolean, anyExtension = false): string[] {
  const files: string[] = [];
  const visited = new Set<string>();
  const stack: { dir: string; ignores: { dir: string; rules: Ignore }[] }[] = [{ dir: root, ignores: inheritedIgnores(root) }];
  while (stack.length) {
    const { dir, ignores } = stack.pop()!;
    let real: string;
    try {
      real = realpathSync(dir);
    } catch (error) {
      discovery.unreadable.push({ path: dir, reason: (error as NodeJS.ErrnoException).code === 'ELOOP' ? 'symbolic link loop' : 'cannot read directory' });
      continue;
    }
    if (visited.has(real)) continue;
    visited.add(real);
    let entries;
    try {
      entries = readdirSync(dir, { withFileTypes: true });
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      discovery.unreadable.push({ path: dir, reason: code === 'EACCES' ? 'permission denied' : `cannot read directory (${code})` });
      continue;
    }
    const here = withGitignore(dir, ignores);
    for (const entry of entries.sort((a, b) => (a.name < b.name ? -1 : 1))) {
      if (ALWAYS_SKIPPED.has(entry.name) || CONFIG_FILES.has(entry.name)) continue;
      const path = join(dir, entry.name);
      let isDir = entry.isDirectory();
      let isFile = entry.isFile();
      if (entry.isSymbolicLink()) {
        try {
          const stat = statSync(path);
          isDir = stat.isDirectory() && followLinks;
          isFile = stat.isFile();
        } catch (error) {
          if ((error as NodeJS.ErrnoException).code === 'ELOOP') discovery.unreadable.push({ path, reason: 'symbolic link loop' });
          continue;
        }
      }
      if (isIgnored(here, path, isDir)) continue;
      if (isDir) stack.push({ dir: path, ignores: here });
      else if (isFile && (anyExtension || MANIFEST_FILE.test(entry.name))) files.push(path);
    }
  }
  return files.sort();
}

/** .gitignore files above the walk's root still apply inside it, up to the git work tree's top. */
function inheritedIgnores(root: string): { dir: string; rules: Ignore }[] {
  const chain: string[] = [];
  for (let dir = dirname(root); ; dir = dirname(dir)) {
    chain.unshift(dir);
    if (existsSync(join(dir, '.git')) || dirname(dir) === dir) break;
  }
  if (!chain.some((dir) => existsSync(join(dir, '.git')))) return [];
  let ignores: { dir: string; rules: Ignore }[] = [];
  for (const dir of chain) ignores = withGitignore(dir, ignores);
  return ignores;
}

function withGitignore(dir: string, ignores: { dir: string; rules: Ignore }[]): { dir: string; rules: Ignore }[] {
  const sources = [join(dir, '.gitignore'), join(dir, '.git', 'info', 'exclude')];
  let rules: Ignore | undefined;
  for (const source of sources) {
    let text: string;
    try {
      text = readFileSync(source, 'utf8');
    } catch {
      continue;
    }
    rules ??= ignore();
    rules.add(text);
  }
  return rules ? [...ignores, { dir, rules }] : ignores;
}

function isIgnored(ignores: { dir: string; rules: Ignore }[], path: string, isDir: boolean): boolean {
  for (const { dir, rules } of ignores) {
    const rel = relative(dir, path).split(sep).join('/');
    if (!rel || rel.startsWith('..')) continue;
    if (rules.ignores(isDir ? `${rel}/` : rel)) return true;
  }
  return false;
}

/** Walks up from `start` looking for one of `names`; returns the first path found. */
export function findUp(start: string, names: readonly string[]): string | undefined {
  for (let dir = start; ; dir = dirname(dir)) {
    for (const name of names) {
      const candidate = join(dir, name);
      if (existsSync(candidate)) return candidate;
    }
    if (dirname(dir) === dir) return undefined;
  }
}
