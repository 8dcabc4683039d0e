// Measures a language server through the protocol, from this client process: time from didOpen to the first
// diagnostics, keystroke-to-diagnostics latency over single-character edits, and (for kubeready) workspace
// indexing time and peak memory. Prints one JSON object. Usage:
//   node bench/lsp.cjs <server-command-json> <file> [--edits N] [--workspace DIR] [--status-notification]
const { spawn } = require('node:child_process');
const { readFileSync } = require('node:fs');
const { pathToFileURL } = require('node:url');
const { createProtocolConnection, StreamMessageReader, StreamMessageWriter } = require('vscode-languageserver-protocol/node');

const [command, file, ...rest] = process.argv.slice(2);
const option = (name, fallback) => {
  const i = rest.indexOf(name);
  return i === -1 ? fallback : rest[i + 1];
};
const edits = Number(option('--edits', '100'));
const workspace = option('--workspace', undefined);
const waitForIdle = rest.includes('--status-notification');
const TIMEOUT = 120_000;

async function main() {
  const [program, ...args] = JSON.parse(command);
  const child = spawn(program, args, { stdio: ['pipe', 'pipe', 'inherit'] });
  const connection = createProtocolConnection(new StreamMessageReader(child.stdout), new StreamMessageWriter(child.stdin));
  const waiters = [];
  let idle = false;
  connection.onNotification('textDocument/publishDiagnostics', (params) => {
    for (const waiter of waiters.splice(0)) waiter(params);
  });
  connection.onNotification('kubeready/status', (params) => {
    if (params.state === 'idle') idle = true;
  });
  connection.onRequest('workspace/configuration', (params) => params.items.map(() => ({})));
  connection.onRequest('client/registerCapability', () => null);
  connection.onRequest('window/workDoneProgress/create', () => null);
  connection.onNotification(() => undefined);
  connection.listen();
  const nextDiagnostics = (uri) =>
    new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`no diagnostics for ${uri} within ${TIMEOUT} ms`)), TIMEOUT);
      const wait = (params) => {
        if (params.uri !== uri) return waiters.push(wait);
        clearTimeout(timer);
        resolve(params);
      };
      waiters.push(wait);
    });

  const root = workspace ?? require('node:path').dirname(file);
  const started = performance.now();
  await connection.sendRequest('initialize', {
    processId: process.pid,
    rootUri: pathToFileURL(root).href,
    workspaceFolders: [{ uri: pathToFileURL(root).href, name: 'bench' }],
    capabilities: { workspace: { configuration: true, didChangeWatchedFiles: { dynamicRegistration: true } }, window: { workDoneProgress: true } },
    initializationOptions: {},
  });
  connection.sendNotification('initialized', {});
  const result = {};
  if (waitForIdle) {
    while (!idle) {
      if (performance.now() - started > TIMEOUT * 5) throw new Error('indexing did not finish');
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    result.indexMs = performance.now() - started;
    result.indexRssMb = peakRssMb(child.pid);
  }

  const uri = pathToFileURL(file).href;
  const text = readFileSync(file, 'utf8');
  // Edits go into a comment line in the middle of the file: the findings stay, only the latency is measured.
  const lines = text.split('\n');
  const middle = Math.floor(lines.length / 2);
  const marker = '# kubeready-bench ';
  const opened = [...lines.slice(0, middle), marker, ...lines.slice(middle)].join('\n');
  const first = nextDiagnostics(uri);
  const openAt = performance.now();
  connection.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId: 'yaml', version: 1, text: opened } });
  const firstReport = await first;
  result.openMs = performance.now() - openAt;
  result.diagnostics = firstReport.diagnostics.length;
  const latencies = [];
  for (let i = 0; i < edits; i++) {
    const next = nextDiagnostics(uri);
    const at = performance.now();
    connection.sendNotification('textDocument/didChange', {
      textDocument: { uri, version: i + 2 },
      contentChanges: [{ range: { start: { line: middle, character: marker.length + i }, end: { line: middle, character: marker.length + i } }, text: 'x' }],
    });
    await next;
    latencies.push(performance.now() - at);
    // A short pause between keystrokes, like a fast typist, so that debouncing cannot merge them all.
    await new Promise((resolve) => setTimeout(resolve, 30));
  }
  latencies.sort((a, b) => a - b);
  result.p50Ms = percentile(latencies, 0.5);
  result.p95Ms = percentile(latencies, 0.95);
  result.rssMb = peakRssMb(child.pid);
  await Promise.race([connection.sendRequest('shutdown'), new Promise((resolve) => setTimeout(resolve, 2000))]);
  connection.sendNotification('exit');
  setTimeout(() => child.kill(), 500).unref();
  process.stdout.write(`${JSON.stringify(result)}\n`);
  connection.dispose();
}

function percentile(sorted, p) {
  if (sorted.length === 0) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.ceil(p * sorted.length) - 1)];
}

function peakRssMb(pid) {
  try {
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    const match = /VmHWM:\s+(\d+) kB/.exec(status);
    return match ? Number(match[1]) / 1024 : NaN;
  } catch {
    return NaN;
  }
}

main().then(
  () => setTimeout(() => process.exit(0), 600),
  (error) => {
    process.stderr.write(`${error.stack ?? error}\n`);
    process.exit(1);
  },
);
