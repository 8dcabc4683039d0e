import { isKubeApiHost, shellSteps } from '../lib/kube-api';

/**
 * Downloads that an init container repeats at every start (RULES.md S7 sub-finding): `curl`, `wget`,
 * `aws s3 cp|sync` and `git clone` to a host outside the cluster. Only hosts that are written out count
 * (`https://host/…`, `git@host:…`, `s3://…`): a URL in a variable says nothing about where it points.
 * Every expression here is linear-time.
 */
export interface RemoteFetch {
  tool: string;
  host: string;
}

const HTTP_CLIENT = /(?:^|[^\w.-])(curl|wget)(?![\w-])/i;
const AWS_S3_COPY = /(?:^|[^\w.-])aws\s+s3\s+(cp|sync)(?![\w-])/i;
const GIT = /(?:^|[^\w.-])git(?![\w.-])/i;
const CLONE = /(?:^|\s)clone(?!\S)/i;
const URL_AUTHORITY = /\b(?:https?|ftp|s3|git|ssh):\/\/([^\s'"/?#]*)/gi;
const SCP_LIKE = /(?:^|[\s'"])[\w.-]+@([\w-][\w.-]*):/;
const ENDPOINT_URL = /--endpoint-url[=\s]+['"]?(?:https?:\/\/)?([^\s'"/?#]*)/i;

export function remoteFetch(command: string, apiServerIps: readonly string[]): RemoteFetch | undefined {
  for (const step of shellSteps(command)) {
    const s3 = AWS_S3_COPY.exec(step);
    if (s3) {
      // An S3-compatible store inside the cluster (MinIO behind a Service) is not remote.
      const endpoint = ENDPOINT_URL.exec(step);
      const host = endpoint ? hostOf(endpoint[1]!) : 's3.amazonaws.com';
      if (!isClusterLocal(host)) return { tool: `aws s3 ${s3[1]!.toLowerCase()}`, host };
      continue;
    }
    const http = HTTP_CLIENT.exec(step);
    const git = GIT.test(step) && CLONE.test(step);
    if (!http && !git) continue;
    const tool = http ? http[1]!.toLowerCase() : 'git clone';
    for (const host of hostsIn(step)) {
      if (isClusterLocal(host) || isKubeApiHost(host, apiServerIps)) continue;
      return { tool, host };
    }
  }
  return undefined;
}

function hostsIn(step: string): string[] {
  const hosts: string[] = [];
  URL_AUTHORITY.lastIndex = 0;
  let match: RegExpExecArray | null;
  while ((match = URL_AUTHORITY.exec(step)) !== null) {
    const scheme = match[0].slice(0, match[0].indexOf(':')).toLowerCase();
    const authority = match[1]!;
    // `s3://bucket/key`: the authority is a bucket name, served by S3.
    hosts.push(scheme === 's3' ? 's3.amazonaws.com' : hostOf(authority));
  }
  const scp = SCP_LIKE.exec(step);
  if (scp) hosts.push(scp[1]!.toLowerCase());
  return hosts.filter((host) => host !== '' && !/[$%{]/.test(host));
}

/** The host of a URL authority: without user info and port. */
function hostOf(authority: string): string {
  const at = authority.lastIndexOf('@');
  let host = at === -1 ? authority : authority.slice(at + 1);
  if (host.startsWith('[')) host = host.slice(1, Math.max(1, host.indexOf(']')));
  else if (host.includes(':')) host = host.slice(0, host.indexOf(':'));
  return host.toLowerCase().replace(/\.$/, '');
}

/**
 * Hosts served from inside the cluster or the node: loopback, link-local (the instance metadata service),
 * single-label Service names, and `*.svc` / `*.cluster.local` names.
 */
export function isClusterLocal(host: string): boolean {
  const h = host.toLowerCase().replace(/\.$/, '');
  if (h === 'localhost' || h === '::1' || /^127\./.test(h) || /^169\.254\./.test(h)) return true;
  if (!h.includes('.') && !h.includes(':')) return true;
  return /\.svc(?:\.|$)/.test(h) || /\.cluster\.local$/.test(h);
}
