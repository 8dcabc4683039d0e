/**
 * The API pattern set of RULES.md S6/S7: text in a command that means "this calls the Kubernetes API
 * server". Each expression is linear-time (no nested or adjacent unbounded repeats), because it runs on
 * user content of any length.
 */
const API_PATTERNS: readonly RegExp[] = [
  /(?:^|[^\w.-])(?:kubectl|oc|helm)(?![\w-])/i,
  /kubernetes\.default(?![\w-])/i,
  /\$\{?KUBERNETES_SERVICE_(?:HOST|PORT)/i,
  /\/var\/run\/secrets\/kubernetes\.io\/serviceaccount/i,
  /\.eks\.amazonaws\.com/i,
];

/** EKS's default first service IPs: where `kubernetes.default` points. */
export const DEFAULT_API_SERVER_IPS = ['10.100.0.1', '172.20.0.1'];

export function callsKubeApi(command: string, apiServerIps: readonly string[] = DEFAULT_API_SERVER_IPS): boolean {
  if (API_PATTERNS.some((pattern) => pattern.test(command))) return true;
  // `curl https://10.100.0.1/...`: the IP only counts when an HTTP client in the same pipeline step uses it.
  return command.split(/[|;&]/).some(
    (step) => /\b(?:curl|wget)\b/i.test(step) && apiServerIps.some((ip) => containsHost(step, ip)),
  );
}

/** `host` matches the API server: `kubernetes.default[.svc[.cluster.local]]`, a configured IP, or an EKS endpoint. */
export function isKubeApiHost(host: string, apiServerIps: readonly string[] = DEFAULT_API_SERVER_IPS): boolean {
  const h = host.trim().toLowerCase();
  return (
    /^kubernetes\.default(?:\.svc(?:\.cluster\.local)?)?\.?$/.test(h) ||
    apiServerIps.includes(h) ||
    h.endsWith('.eks.amazonaws.com')
  );
}

export function usesKubectl(command: string): boolean {
  return /(?:^|[^\w.-])kubectl(?![\w-])/i.test(command);
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
  const parts = [container.command, container.args].flatMap((value) =>
    Array.isArray(value) ? value.map((v) => (typeof v === 'string' || typeof v === 'number' ? String(v) : '')) : [],
  );
  return parts.join(' ');
}
