// The parse-only baseline: read every manifest and run the same `yaml` library's parseAllDocuments + toJS,
// nothing else. `npm run bench` compares kubeready against this, in the same run, on the same files.
const { readFileSync } = require('node:fs');
const { parseAllDocuments } = require('yaml');
const { filesFrom } = require('./files.cjs');

let documents = 0;
let bytes = 0;
const files = filesFrom(process.argv.slice(2));
for (const file of files) {
  const text = readFileSync(file, 'utf8');
  bytes += Buffer.byteLength(text);
  for (const document of parseAllDocuments(text, { version: '1.1', prettyErrors: false })) {
    document.toJS({ maxAliasCount: -1 });
    documents++;
  }
}
process.stdout.write(`${JSON.stringify({ files: files.length, bytes, documents })}\n`);
