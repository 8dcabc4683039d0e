import { readFileSync } from 'node:fs';
import { version } from '../../../package.json';
import { RULES } from '../../../rules';
import { docsUrl } from '../../../rules/lib/docs';
import { type Args, parseCommandLine, USAGE, UsageError } from './args';
import { runLint } from './lint-command';
import { formatRules } from './rules-command';

function main(argv: string[]): number {
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
      });
  }
}

try {
  process.exitCode = main(process.argv.slice(2));
} catch (error) {
  // A bug must still end with a clear message and exit code 2, never a bare stack trace.
  process.stderr.write(`kubeready: internal error: ${error instanceof Error ? error.message : String(error)}\nPlease report this at https://github.com/kubeready/kubeready/issues\n`);
  process.exitCode = 2;
}
