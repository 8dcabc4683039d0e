import { readFileSync } from 'node:fs';
import { isMainThread } from 'node:worker_threads';
import { version } from '../../../package.json';
import { RULES } from '../../../rules';
import { docsUrl } from '../../../rules/lib/docs';
import { type Args, parseCommandLine, USAGE, UsageError } from './args';
import { runLint } from './lint-command';
import { serveLintJob } from './parallel';
import { formatRules } from './rules-command';
import { isSyntaxCheckWorker, serveSyntaxCheck } from '../node/syntax-aside';

async function main(argv: string[]): Promise<number> {
  let args: Args;
  try {
    args = parseCommandLine(argv);
  } catch (error) {
    if (error instanceof UsageError) {
      process.stderr.write(`kubeready: ${error.message}\nRun "kubeready --help" for usage.\n`);
      return 2;
    }
    throw error;
  }
  switch (args.command) {
    case 'help':
      process.stdout.write(USAGE);
      return 0;
    case 'version':
      process.stdout.write(`${version}\n`);
      return 0;
    case 'rules':
      process.stdout.write(formatRules(RULES, args.format, docsUrl));
      return 0;
    case 'lint':
      return runLint(args, RULES, docsUrl, {
        cwd: process.cwd(),
        stdout: (text) => process.stdout.write(text),
        stderr: (text) => process.stderr.write(text),
        readStdin: () => readFileSync(0),
        isTty: Boolean(process.stdout.isTTY),
        env: process.env,
        today: new Date().toISOString().slice(0, 10),
        version,
        workerScript: __filename,
      });
  }
}

function reportInternalError(error: unknown): void {
  // A bug must still end with a clear message and exit code 2, never a bare stack trace.
  process.stderr.write(`kubeready: internal error: ${error instanceof Error ? error.message : String(error)}\nPlease report this at https://github.com/kubeready/kubeready/issues\n`);
  process.exitCode = 2;
}

if (isMainThread) {
  main(process.argv.slice(2)).then((code) => (process.exitCode = code), reportInternalError);
} else if (isSyntaxCheckWorker()) {
  serveSyntaxCheck();
} else {
  serveLintJob(RULES);
}
