import { isObject } from '../../server/src/engine/parse';
import type { ContainerRef, Workload } from '../../server/src/engine/workload';
import type { Path } from '../../server/src/engine/yaml-path';
import { atLeast } from './versions';

/** The pod's grace period when `terminationGracePeriodSeconds` is not set. */
export const DEFAULT_GRACE_PERIOD = 30;
/** What the fixes leave the application for its own shutdown after the preStop delay (the default grace period). */
export const DEFAULT_SHUTDOWN_BUDGET = 30;
/** The EKS guide's preStop delay behind a load balancer ("a simple Exec handler such as `sleep 10`"). */
export const PRESTOP_SLEEP_SECONDS = 10;

/** How long a preStop hook delays SIGTERM, as far as the manifest says. */
export interface PreStopDelay {
  /** Seconds; the sum of every `sleep N` of an exec hook. */
  seconds: number;
  form: 'sleep' | 'exec';
  /** The `sleep.seconds` value, or the `exec.command` list. */
  path: Path;
  /**
   * One edit that shortens the delay: the path of the scalar to replace and its new text for a given number of
   * seconds. Absent when the delay comes from several sleeps.
   */
  shorten?: { path: Path; text: (seconds: number) => string | number };
}

/** `sleep 10`, `sleep 5s`, `sleep 1m`: GNU and busybox `sleep` take an optional unit suffix. */
const SLEEP = /\bsleep\s+(\d+)([smhd]?)\b/g;
const UNIT: Record<string, number> = { '': 1, s: 1, m: 60, h: 3600, d: 86400 };

export function hasPreStop(container: ContainerRef): boolean {
  const lifecycle = container.spec.lifecycle;
  return isObject(lifecycle) && lifecycle.preStop !== undefined && lifecycle.preStop !== null;
}

/** The preStop delay of a container: `lifecycle.preStop.sleep.seconds`, or the `sleep N` calls of an exec hook. */
export function preStopDelay(container: ContainerRef): PreStopDelay | undefined {
  const lifecycle = container.spec.lifecycle;
  const preStop = isObject(lifecycle) ? lifecycle.preStop : undefined;
  if (!isObject(preStop)) return undefined;
  const base: Path = [...container.path, 'lifecycle', 'preStop'];
  if (isObject(preStop.sleep)) {
    const seconds = preStop.sleep.seconds;
    if (typeof seconds !== 'number' || !Number.isInteger(seconds) || seconds < 0) return undefined;
    const path = [...base, 'sleep', 'seconds'];
    return { seconds, form: 'sleep', path, shorten: { path, text: (n) => n } };
  }
  const command = isObject(preStop.exec) ? preStop.exec.command : undefined;
  if (!Array.isArray(command)) return undefined;
  const commandPath = [...base, 'exec', 'command'];
  let seconds = 0;
  const found: { item: number; start: number; end: number }[] = [];
  // Items are joined with spaces, as a shell would see `["sleep", "10"]`; offsets map a match back to its item.
  const items = command.map((item) => (typeof item === 'string' || typeof item === 'number' ? String(item) : ''));
  const starts: number[] = [];
  let offset = 0;
  for (const item of items) {
    starts.push(offset);
    offset += item.length + 1;
  }
  const joined = items.join(' ');
  for (const match of joined.matchAll(SLEEP)) {
    const digits = match[1]!;
    const unit = match[2] ?? '';
    seconds += Number(digits) * UNIT[unit]!;
    const end = match.index + match[0].length;
    const start = end - unit.length - digits.length;
    let item = starts.length - 1;
    while (item > 0 && starts[item]! > start) item--;
    found.push({ item, start: start - starts[item]!, end: end - starts[item]! });
  }
  if (found.length === 0) return undefined;
  const delay: PreStopDelay = { seconds, form: 'exec', path: commandPath };
  const only = found.length === 1 ? found[0]! : undefined;
  const item = only ? command[only.item] : undefined;
  if (only && typeof item === 'string') {
    delay.shorten = {
      path: [...commandPath, only.item],
      text: (n) => item.slice(0, only.start) + String(n) + item.slice(only.end),
    };
  } else if (only && typeof item === 'number') {
    // `command: [sleep, 10]`: the number is a YAML integer of its own.
    delay.shorten = { path: [...commandPath, only.item], text: (n) => n };
  }
  return delay;
}

export interface GracePeriod {
  seconds: number;
  explicit: boolean;
  path: Path;
}

/** `<podSpec>.terminationGracePeriodSeconds`, default 30. */
export function gracePeriod(workload: Workload): GracePeriod {
  const path = [...workload.podSpecPath, 'terminationGracePeriodSeconds'];
  const value = workload.podSpec.terminationGracePeriodSeconds;
  if (typeof value === 'number' && Number.isInteger(value) && value >= 0) return { seconds: value, explicit: true, path };
  return { seconds: DEFAULT_GRACE_PERIOD, explicit: false, path };
}

/**
 * R10: a preStop delay S that reaches the grace period T leaves no time after SIGTERM (error); one above two
 * thirds of it leaves little (warning). Integer arithmetic keeps `S > 0.66·T` exact.
 */
export function delaySeverity(delay: number, grace: number): 'error' | 'warning' | undefined {
  if (delay >= grace) return 'error';
  if (100 * delay > 66 * grace) return 'warning';
  return undefined;
}

/** The smallest grace period that gives the application `budget` seconds after the delay and clears R10. */
export function graceFor(delay: number, budget: number): number {
  return Math.max(delay + budget, Math.ceil((100 * delay) / 66));
}

/** Whether the pod runs on Windows nodes, where `/bin/sh` does not exist. */
export function isWindowsPod(workload: Workload): boolean {
  const os = workload.podSpec.os;
  if (isObject(os) && os.name === 'windows') return true;
  const selector = workload.podSpec.nodeSelector;
  return isObject(selector) && selector['kubernetes.io/os'] === 'windows';
}

/**
 * The preStop hook that delays SIGTERM by `seconds`: the kubelet's own sleep action from Kubernetes 1.30 (beta, on
 * by default; GA in 1.34), which needs nothing in the image; before that, `sleep` through the image's shell.
 */
export function preStopSleep(kubernetesVersion: string, seconds = PRESTOP_SLEEP_SECONDS): { form: 'sleep' | 'exec'; hook: Record<string, unknown> } {
  if (atLeast(kubernetesVersion, '1.30')) return { form: 'sleep', hook: { sleep: { seconds } } };
  return { form: 'exec', hook: { exec: { command: ['/bin/sh', '-c', `sleep ${seconds}`] } } };
}
