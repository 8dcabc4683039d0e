// Tokenizes adversarial lines with a grammar and prints the time each took, as JSON. A child process of
// test/grammar.test.ts, so that a regex that backtracks forever is ended by a timeout instead of hanging the run.
// Usage: node linear-time.cjs <host grammar for source.yaml> <injection grammar> <n>
const { readFileSync } = require('node:fs');
const { createRequire } = require('node:module');

const [hostPath, injectionPath, n = '40000'] = process.argv.slice(2);
const fromTool = createRequire(require.resolve('vscode-tmgrammar-test/dist/unit.js'));
const tm = fromTool('vscode-textmate');
const onig = fromTool('vscode-oniguruma');

const size = Number(n);
const runs = ['a', 'a-', 'a,', 'a ', ', ', ' --', '--', '-', '#', ' ', '\t', 'kubeready-disable ', 'kubeready-disable-next '];
const lines = [];
for (const run of runs) {
  const body = run.repeat(Math.ceil(size / run.length));
  for (const end of ['', '!', ' -- reason', ',']) {
    lines.push(`# kubeready-disable ${body}${end}`, `# kubeready-disable-next-line pdb-missing -- ${body}${end}`, `#${body}${end}`);
  }
}

(async () => {
  await onig.loadWASM(readFileSync(fromTool.resolve('vscode-oniguruma/release/onig.wasm')).buffer);
  const paths = { 'source.yaml': hostPath, 'kubeready.comments.injection': injectionPath };
  const registry = new tm.Registry({
    onigLib: Promise.resolve({ createOnigScanner: (p) => new onig.OnigScanner(p), createOnigString: (s) => new onig.OnigString(s) }),
    loadGrammar: async (scope) => (paths[scope] ? tm.parseRawGrammar(readFileSync(paths[scope], 'utf8'), paths[scope]) : null),
    getInjections: (scope) => (scope === 'source.yaml' ? ['kubeready.comments.injection'] : []),
  });
  const grammar = await registry.loadGrammar('source.yaml');
  grammar.tokenizeLine('# kubeready-disable-next-line a,b -- warm up', tm.INITIAL);
  let worst = { ms: 0, line: '' };
  for (const line of lines) {
    const start = performance.now();
    const result = grammar.tokenizeLine(line, tm.INITIAL);
    const ms = performance.now() - start;
    if (result.stoppedEarly) throw new Error(`stopped early: ${line.slice(0, 60)}`);
    if (ms > worst.ms) worst = { ms, line: JSON.stringify(line.slice(0, 60)) };
  }
  console.log(JSON.stringify({ lines: lines.length, chars: size, worst }));
})();
