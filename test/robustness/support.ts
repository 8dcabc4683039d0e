import { spawn } from 'node:child_process';
import { chmodSync, chownSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { CLI } from '../support/cli';

/**
 * The stress tier: the same tests at full size (a 10,000-file workspace, 2,000 documents opened and closed, 50 MB
 * and multi-megabyte files). `npm run fuzz` sets it; `npm test` runs the smaller versions, which stay fast.
 */
export const STRESS = process.env.KUBEREADY_STRESS === '1';

export interface Run {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
  ms: number;
  timedOut: boolean;
}

/**
 * Runs the built CLI as a process, like test/support/cli.ts, but asynchronously (so a test can change files
 * while it runs), with its own timeout (a hang is a result, not a stuck test) and optionally as another user.
 */
export function runCliAsync(args: string[], options: { cwd: string; stdin?: string | Buffer; timeoutMs?: number; uid?: number; gid?: number; env?: NodeJS.ProcessEnv }): Promise<Run> {
  return new Promise((resolve) => {
    const started = Date.now();
    const child = spawn(process.execPath, [CLI, ...args], {
      cwd: options.cwd,
      env: { ...process.env, NO_COLOR: '1', FORCE_COLOR: '', ...options.env },
      stdio: ['pipe', 'pipe', 'pipe'],
      ...(options.uid !== undefined ? { uid: options.uid, gid: options.gid ?? options.uid } : {}),
    });
    let stdout = '';
    let stderr = '';
    let timedOut = false;
    child.stdout.on('data', (chunk) => (stdout += String(chunk)));
    child.stderr.on('data', (chunk) => (stderr += String(chunk)));
    child.stdin.on('error', () => undefined);
    child.stdin.end(options.stdin ?? '');
    const timer = setTimeout(() => {
      timedOut = true;
      child.kill('SIGKILL');
    }, options.timeoutMs ?? 60_000);
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      resolve({ code, signal, stdout, stderr, ms: Date.now() - started, timedOut });
    });
  });
}

/** A `.kubeready.yaml` with only the named catalog rules on (plus the engine's own), so outputs stay exact. */
export { deployment, only } from '../support/manifests';

/** The line the CLI prints for a file it could not lint. */
export function unreadableLine(file: string, reason: RegExp | string): RegExp {
  const escaped = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  return new RegExp(`^${escaped(file)}:\\d+:\\d+ +error +Cannot lint this file: ${typeof reason === 'string' ? escaped(reason) : reason.source}.* +file-unreadable$`, 'm');
}

/** A stack trace in a process's output: never acceptable. */
export const STACK_TRACE = /\n\s+at .+[(/].+:\d+:\d+\)?/;

export const IS_ROOT = process.getuid?.() === 0;
export const NOBODY = 65534;

/** Lets another user read a test project (mkdtemp makes it 0700): for the tests that run the CLI as `nobody`. */
export function shareWithEveryone(root: string): void {
  const walk = (dir: string) => {
    chmodSync(dir, 0o755);
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) walk(path);
      else if (entry.isFile()) chmodSync(path, statSync(path).mode | 0o444);
    }
  };
  walk(root);
}

export function giveTo(path: string, uid: number): void {
  chownSync(path, uid, uid);
}

/** A deterministic pseudo-random byte source (tests must not depend on Math.random). */
export function pseudoRandomBytes(length: number, seed = 42): Buffer {
  const bytes = Buffer.alloc(length);
  let state = seed >>> 0;
  for (let i = 0; i < length; i++) {
    state = (state * 1664525 + 1013904223) >>> 0;
    bytes[i] = state >>> 24;
  }
  return bytes;
}
