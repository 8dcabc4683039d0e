import { FixNotPossible } from '../../server/src/engine/fix-builder';
import { isObject, type Resource } from '../../server/src/engine/parse';
import type { Relations } from '../../server/src/engine/relations';
import { get, type ContainerRef, type Workload } from '../../server/src/engine/workload';
import type { Path } from '../../server/src/engine/yaml-path';
import { parseImage } from './images';

/** One entry of a container's `ports[]`, as far as it is usable. */
export interface DeclaredPort {
  name: string | undefined;
  number: number | undefined;
  /** `TCP` (the default), `UDP` or `SCTP`. */
  protocol: string;
}

/** Where a probe should point, and what is known about the protocol behind it. */
export interface ProbeTarget {
  /** What a probe writes as `port`: the port name when one is known, else the number. */
  port: string | number;
  /** The port number, when known (gRPC probes take numbers only). */
  number: number | undefined;
  /** Names that hint at the protocol: the container port name and the Service port name. */
  names: string[];
  /** The Service port's `appProtocol`, when the target comes from a Service. */
  appProtocol: string | undefined;
  /**
   * `service`: the Service sends its traffic to this port (a named `targetPort`, or a number), so a probe on it
   * tests what the Service uses. `ports`: the first `ports[]` entry, which is informational only: a guess.
   */
  source: 'service' | 'ports';
  /** The Service the target comes from. */
  service: Resource | undefined;
  /** `TCP` unless the container port or the Service port says otherwise: kubelet probes speak TCP only. */
  protocol: string;
}

const PORT_NAME = /^[a-z0-9-]+$/i;

/** A container's `ports[]` with a usable name or number; entries of any other shape are skipped. */
export function declaredPorts(container: Record<string, unknown>): DeclaredPort[] {
  const ports = container.ports;
  if (!Array.isArray(ports)) return [];
  const result: DeclaredPort[] = [];
  for (const entry of ports) {
    if (!isObject(entry)) continue;
    const name = typeof entry.name === 'string' && entry.name !== '' && PORT_NAME.test(entry.name) ? entry.name : undefined;
    const number = validPort(entry.containerPort);
    if (name !== undefined || number !== undefined) result.push({ name, number, protocol: protocolOf(entry.protocol) });
  }
  return result;
}

/** Whether the container declares any `ports[]` entry at all. */
export function hasPorts(container: Record<string, unknown>): boolean {
  return Array.isArray(container.ports) && container.ports.some(isObject);
}

function protocolOf(value: unknown): string {
  return typeof value === 'string' && value !== '' ? value.toUpperCase() : 'TCP';
}

function validPort(value: unknown): number | undefined {
  return typeof value === 'number' && Number.isInteger(value) && value >= 1 && value <= 65535 ? value : undefined;
}

/** A Service `targetPort` (IntOrString; it defaults to `port`), as a number or a port name. */
function targetPortOf(servicePort: Record<string, unknown>): { number?: number; name?: string } | undefined {
  const raw = servicePort.targetPort ?? servicePort.port;
  const number = validPort(raw);
  if (number !== undefined) return { number };
  if (typeof raw !== 'string' || raw === '') return undefined;
  // `targetPort: "8080"` is rejected by the API as a port name; the author meant the number.
  if (/^[0-9]{1,5}$/.test(raw)) {
    const parsed = validPort(Number(raw));
    return parsed === undefined ? undefined : { number: parsed };
  }
  return PORT_NAME.test(raw) ? { name: raw } : undefined;
}

export interface ServiceTargets {
  /** The containers that own a Service `targetPort` (by port name, or by `containerPort` number), with that port. */
  owners: Map<ContainerRef, ProbeTarget>;
  /**
   * The first numeric `targetPort` that no container declares: the Service still sends traffic to that port of
   * the pod, whichever container listens on it.
   */
  unowned: ProbeTarget | undefined;
}

/**
 * Resolves the `targetPort` of every Service that selects the workload to the container that serves it, the way
 * the endpoints controller does: a named `targetPort` matches a `ports[].name`, a number matches a
 * `ports[].containerPort`. App containers and native sidecars can own ports; init containers cannot.
 */
export function serviceTargets(workload: Workload, relations: Relations): ServiceTargets {
  const owners = new Map<ContainerRef, ProbeTarget>();
  let unowned: ProbeTarget | undefined;
  const listeners = workload.containers.filter((c) => c.type !== 'init');
  const declared = new Map(listeners.map((c) => [c, declaredPorts(c.spec)] as const));
  for (const service of relations.servicesSelecting(workload)) {
    const ports = get(service.object, ['spec', 'ports']);
    if (!Array.isArray(ports)) continue;
    for (const servicePort of ports) {
      if (!isObject(servicePort)) continue;
      const target = targetPortOf(servicePort);
      if (!target) continue;
      const serviceName = typeof servicePort.name === 'string' ? servicePort.name : undefined;
      const appProtocol = typeof servicePort.appProtocol === 'string' ? servicePort.appProtocol : undefined;
      const protocol = protocolOf(servicePort.protocol);
      let matched = false;
      for (const container of listeners) {
        const matching = declared
          .get(container)!
          .filter((p) => (target.name !== undefined ? p.name === target.name : p.number === target.number));
        if (matching.length === 0) continue;
        matched = true;
        const port = matching.find((p) => p.protocol === protocol) ?? matching[0]!;
        // A container that serves DNS over UDP and TCP gets its probe on the TCP port.
        if (owners.get(container)?.protocol === 'TCP') break;
        owners.set(container, {
          port: port.name ?? port.number!,
          number: port.number,
          names: [port.name, serviceName].filter((n): n is string => n !== undefined),
          appProtocol,
          source: 'service',
          service,
          protocol: protocol === 'TCP' ? port.protocol : protocol,
        });
        break;
      }
      if (!matched && target.number !== undefined && (!unowned || (unowned.protocol !== 'TCP' && protocol === 'TCP'))) {
        unowned = {
          port: target.number,
          number: target.number,
          names: serviceName ? [serviceName] : [],
          appProtocol,
          source: 'service',
          service,
          protocol,
        };
      }
    }
  }
  return { owners, unowned };
}

/** The first usable TCP `ports[]` entry of a container: a guess, since `ports[]` is informational. */
export function guessedTarget(container: ContainerRef): ProbeTarget | undefined {
  const port = declaredPorts(container.spec).find((p) => p.protocol === 'TCP');
  if (!port) return undefined;
  return {
    port: port.name ?? port.number!,
    number: port.number,
    names: port.name ? [port.name] : [],
    appProtocol: undefined,
    source: 'ports',
    service: undefined,
    protocol: 'TCP',
  };
}

const HTTP_PORTS = new Set([80, 8080, 3000, 8000]);

/** `http`, `http-*`, `web`, `*-http` (names or appProtocol), or one of the usual HTTP port numbers. */
export function looksHttp(target: ProbeTarget): boolean {
  const words = [...target.names, ...(target.appProtocol ? [target.appProtocol] : [])].map((w) => w.toLowerCase());
  if (words.some((w) => w === 'http' || w === 'web' || w.startsWith('http-') || w.endsWith('-http'))) return true;
  return target.number !== undefined && HTTP_PORTS.has(target.number);
}

/** A port name containing `grpc`, or `appProtocol: grpc`. */
export function looksGrpc(target: ProbeTarget): boolean {
  if (target.appProtocol?.toLowerCase() === 'grpc') return true;
  return target.names.some((name) => name.toLowerCase().includes('grpc'));
}

export type ProbeKind = 'tcp' | 'http' | 'grpc';

/**
 * The probe RULES.md R7 inserts. gRPC probes take a port number only; the caller checks `target.number`.
 * Beside a liveness probe, the readiness probe gives up sooner (R8 (a): a liveness probe that fails no later
 * than readiness restarts pods that only needed to be taken out of rotation); when the liveness probe gives
 * up within a second, no such readiness probe exists and no fix is made.
 */
export function readinessProbe(kind: ProbeKind, target: ProbeTarget, liveness?: unknown): Record<string, unknown> {
  const handler =
    kind === 'http'
      ? { httpGet: { path: '/healthz', port: target.port } }
      : kind === 'grpc'
        ? { grpc: { port: target.number } }
        : { tcpSocket: { port: target.port } };
  let periodSeconds = 10;
  let failureThreshold = 3;
  if (isObject(liveness)) {
    const timing = probeTiming(liveness);
    const window = timing.failureThreshold * timing.periodSeconds;
    if (window <= 1) throw new FixNotPossible('the liveness probe gives up within a second');
    if (window <= periodSeconds * failureThreshold) {
      periodSeconds = Math.max(1, Math.min(10, Math.floor((window - 1) / 3)));
      failureThreshold = Math.max(1, Math.min(3, Math.floor((window - 1) / periodSeconds)));
    }
  }
  return { ...handler, periodSeconds, failureThreshold };
}

/** A Service port's `targetPort` (it defaults to `port`), as a number or a port name. */
export function serviceTargetPort(servicePort: unknown): { number?: number; name?: string } | undefined {
  return isObject(servicePort) ? targetPortOf(servicePort) : undefined;
}

/** The probes of a container, in the order the kubelet documents them. */
export const PROBE_FIELDS = ['startupProbe', 'livenessProbe', 'readinessProbe'] as const;
export type ProbeField = (typeof PROBE_FIELDS)[number];

export type HandlerType = 'exec' | 'httpGet' | 'tcpSocket' | 'grpc';
const HANDLER_TYPES: readonly HandlerType[] = ['exec', 'httpGet', 'tcpSocket', 'grpc'];

/** The action of a probe (or a lifecycle hook): its type and its fields as written. */
export interface ProbeHandler {
  type: HandlerType;
  value: Record<string, unknown>;
}

/** The probe's handler; the API allows exactly one, and the first one found is used otherwise. */
export function probeHandler(probe: unknown): ProbeHandler | undefined {
  if (!isObject(probe)) return undefined;
  for (const type of HANDLER_TYPES) {
    const value = probe[type];
    if (isObject(value)) return { type, value };
  }
  return undefined;
}

/** A probe's timing fields with the Kubernetes defaults filled in. */
export interface ProbeTiming {
  initialDelaySeconds: number;
  periodSeconds: number;
  timeoutSeconds: number;
  failureThreshold: number;
  successThreshold: number;
}

const TIMING_DEFAULTS: ProbeTiming = { initialDelaySeconds: 0, periodSeconds: 10, timeoutSeconds: 1, failureThreshold: 3, successThreshold: 1 };

export function probeTiming(probe: unknown): ProbeTiming {
  const timing = { ...TIMING_DEFAULTS };
  if (!isObject(probe)) return timing;
  for (const key of Object.keys(timing) as (keyof ProbeTiming)[]) {
    const value = probe[key];
    // The API rejects zero or negative periods and thresholds; only usable values replace the defaults.
    if (typeof value === 'number' && Number.isFinite(value) && value >= (key === 'initialDelaySeconds' ? 0 : 1)) timing[key] = value;
  }
  return timing;
}

/** A probe `port` (IntOrString) as written: a number, a port name, or nothing usable. */
export function probePort(value: unknown): { number?: number; name?: string } | undefined {
  const number = validPort(value);
  if (number !== undefined) return { number };
  if (typeof value !== 'string' || value === '') return undefined;
  if (/^[0-9]{1,5}$/.test(value)) {
    const parsed = validPort(Number(value));
    return parsed === undefined ? undefined : { number: parsed };
  }
  return PORT_NAME.test(value) ? { name: value } : undefined;
}

/**
 * The port number a probe port reaches: numbers as they are, names through the container's own `ports[]`
 * (the kubelet looks names up in the probed container only). Undefined when a name does not resolve.
 */
export function resolvePort(container: Record<string, unknown>, value: unknown): number | undefined {
  const port = probePort(value);
  if (!port) return undefined;
  if (port.number !== undefined) return port.number;
  return declaredPorts(container).find((p) => p.name === port.name)?.number;
}

/**
 * Whether two probes run the same check: same action, path, port (a name and the number it resolves to are the
 * same port), host, scheme, headers, gRPC service or command.
 */
export function sameHandler(container: Record<string, unknown>, a: ProbeHandler, b: ProbeHandler): boolean {
  if (a.type !== b.type) return false;
  const x = a.value;
  const y = b.value;
  const port = (value: unknown) => resolvePort(container, value) ?? value;
  const text = (value: unknown, fallback: string) => (typeof value === 'string' && value !== '' ? value : fallback);
  switch (a.type) {
    case 'exec':
      return JSON.stringify(x.command ?? null) === JSON.stringify(y.command ?? null);
    case 'httpGet':
      return (
        port(x.port) === port(y.port) &&
        text(x.path, '/') === text(y.path, '/') &&
        text(x.host, '') === text(y.host, '') &&
        text(x.scheme, 'HTTP').toUpperCase() === text(y.scheme, 'HTTP').toUpperCase() &&
        JSON.stringify(x.httpHeaders ?? []) === JSON.stringify(y.httpHeaders ?? [])
      );
    case 'tcpSocket':
      return port(x.port) === port(y.port) && text(x.host, '') === text(y.host, '');
    case 'grpc':
      return port(x.port) === port(y.port) && text(x.service, '') === text(y.service, '');
  }
}

/**
 * RULES.md R8 (a): twice the readiness failureThreshold, and at least enough that liveness gives up strictly
 * later than readiness when the periods differ.
 */
export function livenessThreshold(readiness: ProbeTiming, livenessPeriod: number): number {
  const readinessWindow = readiness.failureThreshold * readiness.periodSeconds;
  return Math.max(2 * readiness.failureThreshold, Math.floor(readinessWindow / livenessPeriod) + 1);
}

/** RULES.md R8 (b): words that name a dependency or a readiness check. */
const DEPENDENCY_WORDS = ['readiness', 'ready', 'database', 'db', 'deep', 'depend', 'redis', 'kafka', 'upstream', 'downstream'];

/** Datastores whose exec probes check the local server (`redis-cli ping` in a redis container is a self-check). */
const DATASTORES =
  /(redis|valkey|keydb|postgres|mysql|mariadb|mongo|kafka|zookeeper|elasticsearch|opensearch|cassandra|scylla|etcd|rabbitmq|nats|memcached|clickhouse|cockroach|couchdb|influxdb|neo4j|percona|timescale|pgbouncer|dragonfly)/;

const LOCAL_HOSTS = new Set(['localhost', '127.0.0.1', '::1', '[::1]', '0.0.0.0']);

/** A dependency word at the start of a token: `readyz`, `dbcheck`, `dependencies`, but not `feedback` or `isready`. */
function dependencyIn(text: string): string | undefined {
  for (const token of text.toLowerCase().split(/[^a-z0-9]+/)) {
    if (token === '') continue;
    const word = DEPENDENCY_WORDS.find((w) => token.startsWith(w));
    if (word) return word;
  }
  return undefined;
}

export interface DependencyHint {
  word: string;
  what: string;
  /** Relative to the probe. */
  at: Path;
}

/**
 * RULES.md R8 (b), a heuristic: a check that reaches past its own container. An `httpGet.host` that is not the pod,
 * or a path or exec command naming a dependency or a readiness endpoint. Exec probes of datastore images check
 * the local server (`redis-cli ping` in redis), so they are not dependency checks.
 */
export function dependencyWord(handler: ProbeHandler, container: ContainerRef): DependencyHint | undefined {
  const value = handler.value;
  if (handler.type === 'httpGet') {
    if (typeof value.host === 'string' && value.host !== '' && !LOCAL_HOSTS.has(value.host.toLowerCase())) {
      return { word: value.host, what: 'httpGet.host', at: ['httpGet', 'host'] };
    }
    if (typeof value.path !== 'string' || value.path.length > 2048) return undefined;
    const word = dependencyIn(value.path);
    return word ? { word, what: `path "${value.path}"`, at: ['httpGet', 'path'] } : undefined;
  }
  if (handler.type !== 'exec' || !Array.isArray(value.command)) return undefined;
  const repository = container.image ? parseImage(container.image).repository.toLowerCase() : '';
  if (DATASTORES.test(repository)) return undefined;
  for (let i = 0; i < value.command.length; i++) {
    const item = value.command[i];
    if (typeof item !== 'string' || item.length > 4096) continue;
    const word = dependencyIn(item);
    if (word && !repository.includes(word)) return { word, what: 'the command', at: ['exec', 'command', i] };
  }
  return undefined;
}
