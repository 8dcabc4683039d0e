// Measures a language server through the protocol, from this client process: time from didOpen to the first
// diagnostics, keystroke-to-diagnostics latency over single-character edits, and (with --status-notification,
// for kubeready) workspace indexing time and peak memory. Prints one JSON object. Usage:
//   node bench/lsp.cjs <server-command-json> <file> [--edits N] [--workspace DIR] [--status-notification]
//                      [--settings JSON]   (answers to workspace/configuration, by section)
const { spawn } = require('node:child_process');
const { readFileSync } = require('node:fs');
const { dirname } = require('node:path');
const { pathToFileURL } = require('node:url');
const { createProtocolConnection, StreamMessageReader, StreamMessageWriter } = require('vscode-languageserver-protocol/node');

const [command, file, ...rest] = process.argv.slice(2);
const option = (name, fallback) => {
  const i = rest.indexOf(name);
  return i === -1 ? fallback : rest[i + 1];
};
const edits = Number(option('--edits', '100'));
const workspace = option('--workspace', dirname(file));
const waitForIdle = rest.includes('--status-notification');
const settings = JSON.parse(option('--settings', '{}'));
const TIMEOUT = 120_000;
let child;

async function main() {
  const [program, ...args] = JSON.parse(command);
  child = spawn(program, args, { stdio: ['pipe', 'pipe', 'inherit'] });
  const connection = createProtocolConnection(new StreamMessageReader(child.stdout), new StreamMessageWriter(child.stdin));
  const waiters = [];
  let idle = false;
  connection.onNotification('textDocument/publishDiagnostics', (params) => {
    for (const waiter of waiters.splice(0)) waiter(params);
  });
  connection.onNotification('kubeready/status', (params) => {
    if (params.state === 'idle') idle = true;
  });
  // yaml-language-server asks for its `yaml` section (and `[yaml]` before each validation); kubeready for its own.
  connection.onRequest('workspace/configuration', (params) => params.items.map((item) => settings[item.section] ?? null));
  connection.onRequest('client/registerCapability', () => null);
  connection.onRequest('window/workDoneProgress/create', () => null);
  connection.onNotification(() => undefined);
  connection.onRequest(() => null);
  connection.listen();
  // Resolves with the next diagnostics for `uri`; when the server tells the version, only with `version` or later,
  // so that a late report for an older text is not taken for the answer to the latest keystroke.
  const nextDiagnostics = (uri, version) =>
    new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`no diagnostics for ${uri} within ${TIMEOUT} ms`)), TIMEOUT);
      const wait = (params) => {
        if (params.uri !== uri || (typeof params.version === 'number' && params.version < version)) return waiters.push(wait);
        clearTimeout(timer);
        resolve(params);
      };
      waiters.push(wait);
    });

  const started = performance.now();
  await connection.sendRequest('initialize', {
    processId: process.pid,
    rootUri: pathToFileURL(workspace).href,
    workspaceFolders: [{ uri: pathToFileURL(workspace).href, name: 'bench' }],
    capabilities: { workspace: { configuration: true, didChangeWatchedFiles: { dynamicRegistration: true } }, window: { workDoneProgress: true } },
    initializationOptions: {},
  });
  connection.sendNotification('initialized', {});
  const result = {};
  if (waitForIdle) {
    // kubeready holds diagnostics until the workspace is indexed: wait for that, so that the latencies below
    // measure the open and the edits alone.
    while (!idle) {
      if (performance.now() - started > TIMEOUT * 4) throw new Error('indexing did not finish');
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
    result.indexMs = performance.now() - started;
    result.indexRssMb = peakRssMb(child.pid);
  }

  const uri = pathToFileURL(file).href;
  const { text, line } = withMarker(readFileSync(file, 'utf8'));
  result.editLine = line + 1;
  const first = nextDiagnostics(uri, 1);
  const openAt = performance.now();
  connection.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId: 'yaml', version: 1, text } });
  const firstReport = await first;
  result.openMs = performance.now() - openAt;
  result.diagnostics = firstReport.diagnostics.length;
  const latencies = [];
  for (let i = 0; i < edits; i++) {
    const version = i + 2;
    const next = nextDiagnostics(uri, version);
    const at = performance.now();
    const position = { line, character: MARKER.length + i };
    connection.sendNotification('textDocument/didChange', {
      textDocument: { uri, version },
      contentChanges: [{ range: { start: position, end: position }, text: 'x' }],
    });
    await next;
    latencies.push(performance.now() - at);
    // A short pause between keystrokes, like a fast typist, so that debouncing cannot merge them all.
    await new Promise((resolve) => setTimeout(resolve, 30));
  }
  const sorted = [...latencies].sort((a, b) => a - b);
  result.edits = edits;
  result.p50Ms = percentile(sorted, 0.5);
  result.p95Ms = percentile(sorted, 0.95);
  result.latenciesMs = latencies.map((ms) => Math.round(ms * 10) / 10);
  result.rssMb = peakRssMb(child.pid);
  await Promise.race([connection.sendRequest('shutdown'), new Promise((resolve) => setTimeout(resolve, 2000))]);
  connection.sendNotification('exit');
  process.stdout.write(`${JSON.stringify(result)}\n`);
}

const MARKER = '# kubeready-bench ';
const WORKLOAD = /^kind:\s*(Deployment|StatefulSet|DaemonSet|Job|CronJob)\s*$/;

/**
 * Inserts the comment line that the edits type into: just before a top-level key of the workload document
 * nearest the middle of the file (any top-level key if there is no workload). There a comment cannot fall
 * inside a block scalar or a multi-line string, so the edits change no finding and only latency is measured,
 * and the edited document is one that rules read.
 */
function withMarker(text) {
  const lines = text.split('\n');
  const middle = lines.length / 2;
  const topLevelKey = (i) => /^[A-Za-z_][\w.-]*:/.test(lines[i]);
  let best = -1;
  let bestIsWorkload = false;
  let docStart = 0;
  for (let i = 0; i <= lines.length; i++) {
    if (i < lines.length && !lines[i].startsWith('---')) continue;
    // The document lines[docStart, i): its workload-ness, then its top-level key nearest the middle.
    const isWorkload = lines.slice(docStart, i).some((l) => WORKLOAD.test(l));
    for (let j = docStart; j < i; j++) {
      if (!topLevelKey(j)) continue;
      const better = best === -1 || (isWorkload && !bestIsWorkload) || (isWorkload === bestIsWorkload && Math.abs(j - middle) < Math.abs(best - middle));
      if (better) [best, bestIsWorkload] = [j, isWorkload];
    }
    docStart = i + 1;
  }
  const line = best === -1 ? lines.length : best;
  lines.splice(line, 0, MARKER);
  return { text: lines.join('\n'), line };
}

function percentile(sorted, p) {
  if (sorted.length === 0) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.ceil(p * sorted.length) - 1)];
}

function peakRssMb(pid) {
  try {
    const match = /VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return match ? Number(match[1]) / 1024 : NaN;
  } catch {
    return NaN;
  }
}

// The server must not outlive this client, whether the run succeeded or failed.
const finish = (code) => {
  child?.kill('SIGKILL');
  process.exit(code);
};
main().then(
  () => setTimeout(() => finish(0), 300),
  (error) => {
    process.stderr.write(`${error.stack ?? error}\n`);
    finish(1);
  },
);
