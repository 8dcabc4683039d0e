import { parseArgs } from 'node:util';

export const FORMATS = ['stylish', 'json', 'sarif', 'github'] as const;
export type Format = (typeof FORMATS)[number];

export class UsageError extends Error {}

export const USAGE = `Usage: kubeready lint [options] [paths|globs|-]
       kubeready rules [--format stylish|json]

Lint Kubernetes manifests for EKS best practices and static stability.
Paths may be files, directories (searched recursively for .yaml, .yml and .json)
or quoted globs; "-" reads one file from stdin. The default path is ".".

Options:
  -f, --format <name>       Report format: stylish (default), json, sarif, github
  -o, --output <file>       Write the report to a file instead of stdout
      --fix                 Apply safe fixes to the files, then report what is left
      --fix-dry-run         Print the safe fixes as a unified diff and change nothing
  -c, --config <file>       Use this config file instead of the nearest .kubeready.yaml
      --context <dir>       Resolve cross-resource rules against every manifest in <dir>
      --no-context          Resolve cross-resource rules against the given paths only
      --partial             The manifests are only part of what is deployed (manifestSet: partial)
      --namespace <name>    Namespace of objects that set none (default: "default")
      --rule <id=severity>  Set a rule's severity: error, warning, info or off (repeatable)
      --max-warnings <n>    Exit with 1 when there are more than <n> warnings
      --quiet               Report errors only
      --jobs <n>            Lint with up to <n> threads (default: auto, 1 for small runs)
      --stdin-filename <p>  The path to report, and to resolve the project from, for stdin
      --color, --no-color   Force colors on or off (default: on when writing to a terminal)
  -h, --help                Show this help
  -v, --version             Print the version

Exit codes: 0 no errors; 1 errors, or more warnings than --max-warnings;
2 usage, config or I/O failure.
`;

export interface LintArgs {
  command: 'lint';
  paths: string[];
  format: Format;
  output: string | undefined;
  fix: boolean;
  fixDryRun: boolean;
  config: string | undefined;
  context: string | undefined;
  noContext: boolean;
  partial: boolean;
  namespace: string | undefined;
  rules: Record<string, string>;
  maxWarnings: number | undefined;
  quiet: boolean;
  stdinFilename: string | undefined;
  color: boolean | undefined;
  /** Worker threads to share a big run among; undefined picks by the run's size and the CPUs. */
  jobs: number | undefined;
}

export type Args =
  | LintArgs
  | { command: 'rules'; format: 'stylish' | 'json' }
  | { command: 'help' }
  | { command: 'version' };

export function parseCommandLine(argv: string[]): Args {
  const [command, ...rest] = argv;
  if (command === undefined || command === '-h' || command === '--help' || command === 'help') return { command: 'help' };
  if (command === '-v' || command === '--version') return { command: 'version' };
  if (command === 'rules') return parseRulesArgs(rest);
  if (command === 'lint') return parseLintArgs(rest);
  throw new UsageError(`unknown command "${command}"; expected "lint" or "rules"`);
}

function parseRulesArgs(argv: string[]): Args {
  const { values } = parse(argv, { format: { type: 'string', short: 'f' }, help: { type: 'boolean', short: 'h' } }, false);
  if (values.help) return { command: 'help' };
  const format = (values.format as string | undefined) ?? 'stylish';
  if (format !== 'stylish' && format !== 'json') throw new UsageError(`--format for "rules" must be stylish or json, not "${format}"`);
  return { command: 'rules', format };
}

function parseLintArgs(argv: string[]): Args {
  const { values, positionals } = parse(
    argv,
    {
      format: { type: 'string', short: 'f' },
      output: { type: 'string', short: 'o' },
      fix: { type: 'boolean' },
      'fix-dry-run': { type: 'boolean' },
      config: { type: 'string', short: 'c' },
      context: { type: 'string' },
      'no-context': { type: 'boolean' },
      partial: { type: 'boolean' },
      namespace: { type: 'string' },
      rule: { type: 'string', multiple: true },
      'max-warnings': { type: 'string' },
      quiet: { type: 'boolean' },
      'stdin-filename': { type: 'string' },
      color: { type: 'boolean' },
      'no-color': { type: 'boolean' },
      jobs: { type: 'string' },
      help: { type: 'boolean', short: 'h' },
      version: { type: 'boolean', short: 'v' },
    },
    true,
  );
  if (values.help) return { command: 'help' };
  if (values.version) return { command: 'version' };
  const format = (values.format as string | undefined) ?? 'stylish';
  if (!(FORMATS as readonly string[]).includes(format)) throw new UsageError(`--format must be one of ${FORMATS.join(', ')}, not "${format}"`);
  const rules: Record<string, string> = {};
  for (const entry of (values.rule as string[] | undefined) ?? []) {
    const match = /^([a-z0-9-]+)=(error|warning|info|off)$/.exec(entry);
    if (!match) throw new UsageError(`--rule takes <rule-id>=<error|warning|info|off>, not "${entry}"`);
    rules[match[1]!] = match[2]!;
  }
  let maxWarnings: number | undefined;
  if (values['max-warnings'] !== undefined) {
    maxWarnings = Number(values['max-warnings']);
    if (!Number.isInteger(maxWarnings) || maxWarnings < 0) throw new UsageError(`--max-warnings takes a whole number, not "${values['max-warnings']}"`);
  }
  let jobs: number | undefined;
  if (values.jobs !== undefined) {
    jobs = Number(values.jobs);
    if (!Number.isInteger(jobs) || jobs < 1) throw new UsageError(`--jobs takes a whole number of at least 1, not "${values.jobs}"`);
  }
  if (values.fix && values['fix-dry-run']) throw new UsageError('use either --fix or --fix-dry-run, not both');
  if (values.context && values['no-context']) throw new UsageError('use either --context or --no-context, not both');
  const paths = positionals.length ? positionals : ['.'];
  if (paths.includes('-') && paths.length > 1) throw new UsageError('"-" (stdin) cannot be combined with other paths');
  if (paths.includes('-') && values.fix) throw new UsageError('--fix cannot write to stdin; use --fix-dry-run to see the fixes');
  return {
    command: 'lint',
    paths,
    format: format as Format,
    output: values.output as string | undefined,
    fix: Boolean(values.fix),
    fixDryRun: Boolean(values['fix-dry-run']),
    config: values.config as string | undefined,
    context: values.context as string | undefined,
    noContext: Boolean(values['no-context']),
    partial: Boolean(values.partial),
    namespace: values.namespace as string | undefined,
    rules,
    maxWarnings,
    quiet: Boolean(values.quiet),
    stdinFilename: values['stdin-filename'] as string | undefined,
    color: values['no-color'] ? false : values.color ? true : undefined,
    jobs,
  };
}

type Options = Parameters<typeof parseArgs>[0] extends infer T ? (T extends { options?: infer O } ? O : never) : never;

function parse(argv: string[], options: Options, allowPositionals: boolean) {
  try {
    return parseArgs({ args: argv, options, allowPositionals, strict: true });
  } catch (error) {
    throw new UsageError((error as Error).message.replace(/^TypeError \[[A-Z_]+\]: /, ''));
  }
}
