import picomatch from 'picomatch';
import { isPlaceholderImage, parseImage, repositoryEndsWith, trimSlashes } from './images';

/**
 * The API pattern set of RULES.md S6/S7: text in a command that means "this calls the Kubernetes API
 * server". Each expression is linear-time (no nested or adjacent unbounded repeats), because it runs on
 * user content of any length.
 */

/** A Kubernetes client binary used as a command word: `/usr/bin/kubectl get`, `oc whoami`, `helm status`. */
const CLIENT_BINARY = /(?:^|[^\w.$-])(kubectl|oc|helm)(?![\w./:@-])/gi;
const HOST_PATTERNS: readonly RegExp[] = [
  /kubernetes\.default(?![\w-])/i,
  // `$KUBERNETES_SERVICE_HOST`, `${…}`, and Kubernetes' own `$(KUBERNETES_SERVICE_HOST)` (split at the parenthesis).
  /KUBERNETES_SERVICE_(?:HOST|PORT)/i,
];
/** The service-account token and CA: read to authenticate to the API server. */
const SERVICE_ACCOUNT_PATH = /\/var\/run\/secrets\/kubernetes\.io\/serviceaccount/i;
/** An EKS cluster endpoint: `ABCDEF.gr7.us-west-2.eks.amazonaws.com`. The host is read backwards in code. */
const EKS_ENDPOINT = /\.eks\.amazonaws\.com(?![\w-])/i;
const HTTP_CLIENT = /(?:^|[^\w.-])(?:curl|wget)(?![\w-])/i;

/**
 * Subcommands that never reach the API server: `kubectl config`, `helm template`, `helm repo add`… A
 * command that only runs these is local, however often it names a client binary.
 */
const LOCAL_SUBCOMMANDS = new Set([
  'completion',
  'config',
  'dep',
  'dependency',
  'env',
  'help',
  'kustomize',
  'lint',
  'options',
  'package',
  'plugin',
  'pull',
  'registry',
  'repo',
  'search',
  'show',
  'template',
  'verify',
]);

/** EKS's default first service IPs: where `kubernetes.default` points. */
export const DEFAULT_API_SERVER_IPS = ['10.100.0.1', '172.20.0.1'];

/**
 * What in a command reaches the Kubernetes API server, as written (`kubectl`, `kubernetes.default`,
 * `$KUBERNETES_SERVICE_HOST`, the service-account path, an EKS endpoint, or an API server IP after
 * `curl`/`wget`); undefined when nothing does.
 */
export function kubeApiMatch(command: string, apiServerIps: readonly string[] = DEFAULT_API_SERVER_IPS): string | undefined {
  const steps = shellSteps(command);
  // The most telling evidence first: `curl -H "$(cat …/serviceaccount/token)" https://kubernetes.default…` names the host.
  for (const step of steps) {
    const client = clientInvocation(step);
    if (client) return client;
  }
  for (const pattern of HOST_PATTERNS) {
    for (const step of steps) {
      const match = pattern.exec(step);
      if (match) return match[0];
    }
  }
  for (const step of steps) {
    const endpoint = EKS_ENDPOINT.exec(step);
    if (endpoint) return hostEndingAt(step, endpoint.index + endpoint[0].length);
  }
  // `curl https://10.100.0.1/...`: the IP only counts when an HTTP client in the same pipeline step uses it.
  for (const step of steps) {
    if (!HTTP_CLIENT.test(step)) continue;
    const ip = apiServerIps.find((candidate) => containsHost(step, candidate));
    if (ip) return ip;
  }
  for (const step of steps) {
    const match = SERVICE_ACCOUNT_PATH.exec(step);
    if (match) return match[0];
  }
  return undefined;
}

export function callsKubeApi(command: string, apiServerIps: readonly string[] = DEFAULT_API_SERVER_IPS): boolean {
  return kubeApiMatch(command, apiServerIps) !== undefined;
}

/** `host` matches the API server: `kubernetes.default[.svc[.cluster.local]]`, a configured IP, or an EKS endpoint. */
export function isKubeApiHost(host: string, apiServerIps: readonly string[] = DEFAULT_API_SERVER_IPS): boolean {
  const h = host.trim().toLowerCase().replace(/^\[|\]$/g, '');
  return (
    /^kubernetes\.default(?:\.svc(?:\.cluster\.local)?)?\.?$/.test(h) ||
    apiServerIps.includes(h) ||
    h.endsWith('.eks.amazonaws.com') ||
    h.endsWith('.eks.amazonaws.com.')
  );
}

export function usesKubectl(command: string): boolean {
  return shellSteps(command).some((step) => clientInvocation(step, ['kubectl']) !== undefined);
}

/**
 * The `kubectl` invocations of a command that set neither `--request-timeout` nor `--timeout`: each can
 * hang for as long as the API server does, because kubectl's default is no timeout (EKS-CP "Cluster
 * Endpoint Connectivity"). Local subcommands (`kubectl config`) are skipped.
 */
export function kubectlWithoutTimeout(command: string): string[] {
  return shellSteps(command).filter(
    (step) => clientInvocation(step, ['kubectl']) !== undefined && !/(?:^|\s)--(?:request-)?timeout(?:[=\s]|$)/.test(step),
  );
}

/**
 * Splits a command line into the simple commands a shell would run: at `;`, `&`, `|`, newlines,
 * parentheses, backticks and `$(`. Quotes are not interpreted: `sh -c "a; b"` gives `sh -c "a` and `b"`,
 * which is what pattern matching needs.
 */
export function shellSteps(command: string): string[] {
  return command
    .split(/[;&|\n\r()`]/)
    .map((step) => step.trim())
    .filter((step) => step !== '');
}

/** The client binary this step invokes against the API (`kubectl`, `oc`, `helm`), if any. */
function clientInvocation(step: string, binaries: readonly string[] = ['kubectl', 'oc', 'helm']): string | undefined {
  CLIENT_BINARY.lastIndex = 0;
  let match: RegExpExecArray | null;
  while ((match = CLIENT_BINARY.exec(step)) !== null) {
    const binary = match[1]!;
    if (!binaries.includes(binary.toLowerCase())) continue;
    // Only the first words matter; a bounded slice keeps the scan linear however many binaries the step names.
    const rest = step.slice(match.index + match[0].length, match.index + match[0].length + 200);
    if (!isLocalInvocation(binary.toLowerCase(), rest)) return binary;
  }
  return undefined;
}

function isLocalInvocation(binary: string, rest: string): boolean {
  const words = rest.split(/\s+/).filter((word) => word !== '' && !/^['"]+$/.test(word));
  const subcommand = words.find((word) => !word.startsWith('-'))?.replace(/^['"]|['"]$/g, '').toLowerCase();
  if (subcommand === undefined) return words.some((word) => /^--?(?:help|h)$/.test(word));
  if (subcommand === 'version') return binary === 'helm' || words.includes('--client') || words.includes('--client=true');
  if (subcommand === 'create') return binary === 'helm';
  return LOCAL_SUBCOMMANDS.has(subcommand);
}

/** The host name that ends at `end`: reads back over letters, digits, dots and dashes. */
function hostEndingAt(text: string, end: number): string {
  let start = end;
  while (start > 0 && /[A-Za-z0-9.-]/.test(text[start - 1]!)) start--;
  return text.slice(start, end);
}

function containsHost(text: string, host: string): boolean {
  let index = text.indexOf(host);
  while (index !== -1) {
    const before = text[index - 1];
    const after = text[index + host.length];
    if ((before === undefined || !/[\d.]/.test(before)) && (after === undefined || !/\d/.test(after))) return true;
    index = text.indexOf(host, index + 1);
  }
  return false;
}

/** A container's command and args as one string, the way a shell would see them. */
export function commandLine(container: Record<string, unknown>): string {
  return [commandText(container.command), commandText(container.args)].filter((part) => part !== '').join(' ');
}

/** One `command` or `args` value as a string; a plain string (invalid, but written) is taken as it is. */
export function commandText(value: unknown): string {
  if (typeof value === 'string') return value;
  if (!Array.isArray(value)) return '';
  return value.map((v) => (typeof v === 'string' || typeof v === 'number' ? String(v) : '')).join(' ');
}

/**
 * Repositories of images whose only job is to talk to the API server (RULES.md S7). Matched on the end of
 * the repository path, ignoring registry and tag, so that mirrors (`<acct>.dkr.ecr.<region>.amazonaws.com/groundnuty/k8s-wait-for`) match too.
 */
export const KUBE_CLIENT_IMAGES: readonly string[] = [
  'groundnuty/k8s-wait-for',
  'bitnami/kubectl',
  'bitnamilegacy/kubectl',
  'bitnamisecure/kubectl',
  'rancher/kubectl',
  'alpine/k8s',
  'lachlanevenson/k8s-kubectl',
  'dtzar/helm-kubectl',
];

/**
 * Whether the image is a Kubernetes client image: one of the built-in repositories or of `extra`
 * (`settings.images.kubeClients`). An entry with glob characters is a glob (see `imageMatchesGlob`);
 * any other entry matches the end of the repository path, or the registry and repository when it names a registry.
 */
export function isKubeClientImage(image: string, extra: readonly string[] = []): boolean {
  if (isPlaceholderImage(image)) return false;
  const ref = parseImage(image);
  return [...KUBE_CLIENT_IMAGES, ...extra].some((entry) =>
    /[*?[\]{}!]/.test(entry)
      ? imageMatchesGlob(image, [entry])
      : repositoryEndsWith(ref, entry) || `${ref.registry}/${ref.repository}` === trimSlashes(entry),
  );
}

const globMatchers = new Map<string, picomatch.Matcher>();

/**
 * Whether an image matches one of the globs (`settings.images.allowed`). Each glob is tried against the
 * image as written, the image without tag and digest, and the repository path without registry (with and
 * without its tag): `bitnami/kubectl` exempts `docker.io/bitnami/kubectl:1.30`, `*.dkr.ecr.*.amazonaws.com/platform/**`
 * exempts an ECR repository tree. `*` does not cross `/`; `**` does.
 */
export function imageMatchesGlob(image: string, globs: readonly string[]): boolean {
  if (globs.length === 0 || image.trim() === '') return false;
  const ref = parseImage(image);
  const bare = `${ref.explicitRegistry ? `${ref.registry}/` : ''}${ref.repository}`;
  const candidates = new Set([
    image.trim(),
    bare,
    `${ref.registry}/${ref.repository}`,
    ref.repository,
    ref.tag ? `${ref.repository}:${ref.tag}` : ref.repository,
  ]);
  return globs.some((glob) => {
    let matcher = globMatchers.get(glob);
    if (!matcher) {
      matcher = picomatch(glob, { dot: true });
      globMatchers.set(glob, matcher);
    }
    for (const candidate of candidates) if (matcher(candidate)) return true;
    return false;
  });
}

/**
 * Images that watch or poll the API server for as long as they run (RULES.md S8), on top of the client images
 * of `KUBE_CLIENT_IMAGES`: the Grafana and Prometheus ConfigMap watcher.
 */
export const KUBE_API_SIDECAR_IMAGES: readonly string[] = ['kiwigrid/k8s-sidecar'];

/** How a long-running command keeps talking to the API server (RULES.md S8). */
export interface ApiClientLoop {
  /** `poll`: a shell loop with `sleep` around an API call; `watch`: `watch kubectl …`; `proxy`: `kubectl proxy` or `kubectl get --watch`. */
  kind: 'poll' | 'watch' | 'proxy';
  /** The API call as written (`kubectl`, `kubernetes.default`…). */
  match: string;
}

const LOOP_KEYWORD = /(?:^|[\s;&|(])(?:while|until)(?=\s)|for\s*\(\(\s*;\s*;\s*\)\)/;
const LOOP_END = /(?:^|[\s;&|])done(?![\w-])/g;
const SLEEP = /(?:^|[\s;&|(])sleep(?=\s)/;
const WATCH_COMMAND = /^(?:\S*\/)?watch(?:\s|$)/;

/**
 * Whether a command keeps calling the API server while the container runs: a `while`/`until` (or `for ((;;))`)
 * loop with `sleep` whose body calls the API, `watch … kubectl`, or a streaming `kubectl proxy` / `kubectl get
 * --watch`. A loop that only waits for something else before one API call (`until nc -z db 5432; do sleep 1;
 * done; kubectl …`) does not count: the call must lie between the loop keyword and the last `done`.
 */
export function apiClientLoop(command: string, apiServerIps: readonly string[] = DEFAULT_API_SERVER_IPS): ApiClientLoop | undefined {
  const loop = LOOP_KEYWORD.exec(command);
  if (loop) {
    let end = -1;
    LOOP_END.lastIndex = loop.index;
    let done: RegExpExecArray | null;
    while ((done = LOOP_END.exec(command)) !== null) end = done.index + done[0].length;
    const body = end === -1 ? command.slice(loop.index) : command.slice(loop.index, end);
    const match = SLEEP.test(body) ? kubeApiMatch(body, apiServerIps) : undefined;
    if (match !== undefined) return { kind: 'poll', match };
  }
  for (const step of shellSteps(command)) {
    if (WATCH_COMMAND.test(step)) {
      const match = kubeApiMatch(step.replace(WATCH_COMMAND, ''), apiServerIps);
      if (match !== undefined) return { kind: 'watch', match };
    }
    const client = clientInvocation(step, ['kubectl', 'oc']);
    if (!client) continue;
    const words = step.split(/\s+/);
    const at = words.findIndex((word) => /(?:^|\/)(?:kubectl|oc)$/i.test(word));
    const rest = words.slice(at + 1);
    const subcommand = rest.find((word) => !word.startsWith('-'));
    if (subcommand === 'proxy' || rest.some((word) => /^(?:-w|--watch(?:-only)?(?:=true)?)$/.test(word))) return { kind: 'proxy', match: client };
  }
  return undefined;
}

/** Go's strconv.ParseBool spellings. */
const TRUE_WORDS = new Set(['1', 't', 'true']);
const FALSE_WORDS = new Set(['0', 'f', 'false']);
/** Flags that switch leader election on or off: `--leader-elect`, `--leader-election`, `--enable-leader-election`. */
const LEADER_SWITCH = /^(?:enable-)?leader-elect(?:ion)?(?:-enabled)?$/;
/** Flags that configure leader election: `--leader-elect-resource-lock`, `--leader-election-id`, `--leader-election-namespace`… */
const LEADER_SETTING = /^leader-elect(?:ion)?-[a-z-]+$/;

export interface LeaderElectionFlag {
  /** `command` or `args`. */
  field: 'command' | 'args';
  /** The list item that holds the flag; undefined when the field is a plain string. */
  index: number | undefined;
  /** The flag as written, e.g. `--leader-elect=true`. */
  flag: string;
}

/**
 * The leader-election flag of a container (RULES.md S16): `--leader-elect`, `--leader-election` or
 * `--enable-leader-election` without a false value, or a leader-election setting such as
 * `--leader-elect-resource-lock` or `--leader-election-id`. A switch set to false (`=false`, `=0`) turns the
 * whole container off, whatever settings it also has. Go flags take one or two dashes.
 */
export function leaderElectionFlag(container: Record<string, unknown>): LeaderElectionFlag | undefined {
  let found: LeaderElectionFlag | undefined;
  for (const field of ['command', 'args'] as const) {
    const value = container[field];
    const items: [number | undefined, string][] =
      typeof value === 'string' ? [[undefined, value]] : Array.isArray(value) ? value.map((v, i) => [i, typeof v === 'string' ? v : '']) : [];
    for (const [index, item] of items) {
      for (const word of item.split(/\s+/)) {
        const parsed = /^--?([a-z][a-z-]*)(?:=(.*))?$/i.exec(word.replace(/^["']|["']$/g, ''));
        if (!parsed) continue;
        const name = parsed[1]!.toLowerCase();
        const raw = parsed[2]?.trim().toLowerCase();
        if (LEADER_SWITCH.test(name)) {
          if (raw !== undefined && FALSE_WORDS.has(raw)) return undefined;
          if (raw !== undefined && !TRUE_WORDS.has(raw)) continue;
        } else if (!LEADER_SETTING.test(name)) continue;
        found ??= { field, index, flag: word.replace(/^["']|["']$/g, '') };
      }
    }
  }
  return found;
}
