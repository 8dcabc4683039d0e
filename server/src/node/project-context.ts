import { existsSync, statSync } from 'node:fs';
import { dirname, resolve, sep } from 'node:path';
import { findUp } from './discover';

export const CONFIG_NAMES = ['.kubeready.yaml', '.kubeready.yml'] as const;

export interface ProjectContext {
  /** The folder whose manifests form the project that cross-resource rules see; none means "the given paths". */
  root: string | undefined;
  /** How the root was chosen, for `--debug`-style messages and tests. */
  source: 'flag' | 'config' | 'git' | 'paths';
  configFile: string | undefined;
}

export interface ContextOptions {
  cwd: string;
  /** Absolute paths given on the command line (or the stdin file name). */
  targets: string[];
  configFlag?: string;
  contextFlag?: string;
  noContext?: boolean;
}

/**
 * The project is the folder of the nearest `.kubeready.yaml`, else the git work tree, else only the given
 * paths (RULES.md "Manifest set"). `--context DIR` and `--no-context` override the choice.
 */
export function resolveProjectContext(options: ContextOptions): ProjectContext {
  const start = commonDirectory(options.targets.length ? options.targets : [options.cwd]);
  const configFile = options.configFlag ? resolve(options.cwd, options.configFlag) : findUp(start, CONFIG_NAMES);
  if (options.noContext) return { root: undefined, source: 'paths', configFile };
  if (options.contextFlag) return { root: resolve(options.cwd, options.contextFlag), source: 'flag', configFile };
  const nearestConfig = findUp(start, CONFIG_NAMES);
  if (nearestConfig) return { root: dirname(nearestConfig), source: 'config', configFile };
  const git = findUp(start, ['.git']);
  if (git) return { root: dirname(git), source: 'git', configFile };
  return { root: undefined, source: 'paths', configFile };
}

function commonDirectory(paths: string[]): string {
  const dirs = paths.map((path) => (existsSync(path) && statSync(path).isDirectory() ? path : dirname(path)));
  let common = dirs[0]!;
  for (const dir of dirs.slice(1)) {
    while (!(dir === common || dir.startsWith(common.endsWith(sep) ? common : common + sep))) {
      const parent = dirname(common);
      if (parent === common) break;
      common = parent;
    }
  }
  return common;
}
