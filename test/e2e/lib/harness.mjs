// Process handling for test/e2e/run.mjs: every child runs in a process group of its own with its output in a
// log file, carries the run's marker in its environment, and is killed (group and all) when the run ends.
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';

export class Run {
  constructor(dir) {
    this.dir = dir;
    this.id = randomBytes(6).toString('hex');
    this.pgidFile = path.join(dir, 'process-groups.txt');
    this.children = new Set();
    fs.writeFileSync(this.pgidFile, '');
    /** Every process this run starts inherits these, which lets cleanup() find stragglers by their marker. */
    this.env = { ...process.env, KUBEREADY_E2E_RUN: this.id, KUBEREADY_E2E_PGIDS: this.pgidFile };
  }

  /**
   * Runs a command in its own process group, its stdout and stderr going to `log` (and to the console with
   * `echo`). Resolves with the exit code (124 on timeout, after killing the group); never rejects.
   */
  exec(command, args, { log, env = {}, cwd, timeoutMs = 120000, echo = false, input } = {}) {
    return new Promise((resolve) => {
      const out = fs.createWriteStream(log, { flags: 'a' });
      out.write(`$ ${[command, ...args].join(' ')}\n`);
      const child = spawn(command, args, {
        cwd,
        env: { ...this.env, ...env },
        detached: true,
        stdio: [input === undefined ? 'ignore' : 'pipe', 'pipe', 'pipe'],
      });
      this.children.add(child);
      if (input !== undefined) child.stdin.end(input);
      const forward = (stream) => (chunk) => {
        out.write(chunk);
        if (echo) stream.write(chunk);
      };
      child.stdout.on('data', forward(process.stdout));
      child.stderr.on('data', forward(process.stderr));
      let timedOut = false;
      const timer = setTimeout(() => {
        timedOut = true;
        out.write(`\n[e2e] timed out after ${timeoutMs} ms: killing process group ${child.pid}\n`);
        killGroup(child.pid, 'SIGKILL');
      }, timeoutMs);
      child.on('error', (error) => out.write(`[e2e] ${error.message}\n`));
      child.on('close', (code, signal) => {
        clearTimeout(timer);
        this.children.delete(child);
        // Whatever the command left running in its group goes with it.
        killGroup(child.pid, 'SIGKILL');
        out.end(`\n[e2e] exit ${timedOut ? 'timeout' : (code ?? signal)}\n`, () => resolve(timedOut ? 124 : (code ?? 1)));
      });
    });
  }

  /** Kills what this run started: its children's groups, the groups they recorded, then any process carrying the run's marker. */
  async cleanup() {
    for (const child of this.children) killGroup(child.pid, 'SIGKILL');
    const groups = fs.existsSync(this.pgidFile) ? fs.readFileSync(this.pgidFile, 'utf8').split('\n').filter(Boolean).map(Number) : [];
    for (const pgid of groups) killGroup(pgid, 'SIGTERM');
    if (groups.length) await new Promise((resolve) => setTimeout(resolve, 300));
    for (const pgid of groups) killGroup(pgid, 'SIGKILL');
    const stragglers = this.marked();
    for (const pid of stragglers) {
      try {
        process.kill(pid, 'SIGKILL');
      } catch {}
    }
    return stragglers;
  }

  /** Processes other than this one whose environment carries this run's marker. */
  marked() {
    const marker = `KUBEREADY_E2E_RUN=${this.id}`;
    const pids = [];
    for (const entry of fs.readdirSync('/proc')) {
      const pid = Number(entry);
      if (!pid || pid === process.pid) continue;
      try {
        const environ = fs.readFileSync(`/proc/${pid}/environ`, 'latin1');
        if (environ.split('\0').includes(marker)) pids.push(pid);
      } catch {}
    }
    return pids;
  }
}

export function killGroup(pid, signal) {
  try {
    process.kill(-pid, signal);
  } catch {}
}

/** The last `lines` lines of a file, for failure reports. */
export function tail(file, lines = 60) {
  if (!fs.existsSync(file)) return '';
  const all = fs.readFileSync(file, 'utf8').trimEnd().split('\n');
  return (all.length > lines ? [`… (${all.length - lines} lines above, in ${file})`] : []).concat(all.slice(-lines)).join('\n');
}

export function copyDir(from, to) {
  fs.cpSync(from, to, { recursive: true });
  return to;
}
