import picomatch from 'picomatch';
import { isPlaceholderImage, parseImage, repositoryEndsWith } from './images';

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
      : repositoryEndsWith(ref, entry) || `${ref.registry}/${ref.repository}` === entry.replace(/\/+$/, ''),
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
