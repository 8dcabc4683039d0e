import { URI } from 'vscode-uri';

/**
 * The engine names files by path, as the CLI does, so that `ignore[].path`, kustomization lookups and
 * messages work the same; documents that are not files (untitled buffers) keep their URI as the name.
 */
export function fileOf(uri: string): string {
  const parsed = URI.parse(uri);
  return parsed.scheme === 'file' ? parsed.fsPath : uri;
}

export function uriOf(file: string): string {
  return file.startsWith('/') ? URI.file(file).toString() : file;
}

export function isOnDisk(file: string): boolean {
  return file.startsWith('/');
}
