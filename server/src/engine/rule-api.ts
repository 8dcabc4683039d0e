import type { FixBuilder } from './fix-builder';
import type { Resource } from './parse';
import type { Relations } from './relations';
import type { Workload } from './workload';
import type { Path } from './yaml-path';

export type Severity = 'error' | 'warning' | 'info';
export type SeverityOrOff = Severity | 'off';

export const SEVERITY_RANK: Record<Severity, number> = { info: 0, warning: 1, error: 2 };

export type Category = 'reliability' | 'static-stability' | 'networking' | 'cost' | 'scalability' | 'security' | 'kubeready';

/** Facts about the cluster and the repository, from `.kubeready.yaml`. Rules read them; they never guess them. */
export interface Settings {
  manifestSet: 'complete' | 'partial';
  zones: number;
  /** `major.minor`, e.g. `1.30`. */
  kubernetesVersion: string;
  cpuLimits: 'require' | 'discourage' | 'ignore';
  /** Replicas that fixes write; undefined lets each rule choose (2, or 3 with zone spread). */
  preferredReplicas: number | undefined;
  images: {
    /** Image repositories that are Kubernetes API clients, on top of the built-in list. */
    kubeClients: string[];
    /** Images exempt from the API-dependency heuristics (operator bootstrap containers, for instance). */
    allowed: string[];
    /** Registries that count as local to the cluster. */
    registries: string[];
  };
}

export interface RuleMeta {
  id: string;
  category: Category;
  /** The default severity of the rule's main finding; a report may carry its own for sub-findings. */
  severity: Severity;
  /** Heuristic rules match patterns on images, commands or names; they never report above warning. */
  signal: 'strong' | 'heuristic';
  /** `safe` fixes run in `--fix` and fix-all; `unsafe` ones are editor quick-fixes only. */
  fixable?: 'safe' | 'unsafe';
  /** Off unless a preset or the config enables it. */
  optIn?: boolean;
  /** Severity in the `strict` preset, where it differs. */
  strictSeverity?: Severity;
  /** Kinds whose resources the rule's `check` runs on; all resources when absent. */
  kinds?: readonly string[];
  /** Message templates with `{{placeholder}}` fields. Fixes and findings are matched by id, never by text. */
  messages: Record<string, string>;
  docs: {
    description: string;
    /** The EKS Best Practices Guide page (or Kubernetes docs page) the rule comes from. */
    source: { title: string; url: string };
  };
  /** JSON Schema of `rules.<id>.options`, validated with ajv; defaults are filled in. */
  options?: Record<string, unknown>;
}

export type Data = Record<string, string | number>;

export interface FixSpec {
  messageId: string;
  data?: Data;
  apply(fix: FixBuilder): void;
}

export interface Related {
  resource: Resource;
  at: Path;
  message: string;
}

export interface Report {
  /** The node to point at, relative to the resource. A missing path points at its closest existing ancestor. */
  at: Path;
  /** Point at the key (the default: short ranges keep editors fast) or at the value. */
  on?: 'key' | 'value';
  /** The resource the finding belongs to, when not the one being checked. */
  resource?: Resource;
  messageId: string;
  data?: Data;
  /** This finding's severity, when it differs from the rule's default (sub-findings, context). */
  severity?: Severity;
  /** A ceiling that even the user's configured severity cannot lift (partial mode, heuristics). */
  maxSeverity?: Severity;
  /** The fix that `--fix` may apply: only for rules whose fixes are safe. */
  fix?: FixSpec;
  /** Fixes offered in the editor only. */
  suggest?: FixSpec[];
  related?: Related[];
}

export interface RuleContext {
  readonly resource: Resource;
  /** The pod template view of the resource, when it has one. */
  readonly workload: Workload | null;
  /** The resource's effective namespace. */
  readonly namespace: string;
  readonly relations: Relations;
  readonly settings: Settings;
  readonly options: Record<string, unknown>;
  report(report: Report): void;
}

export interface Rule {
  meta: RuleMeta;
  check(context: RuleContext): void;
}

export function defineRule<R extends Rule>(rule: R): R {
  return rule;
}

export function formatMessage(template: string, data: Data | undefined): string {
  return template.replace(/\{\{\s*(\w+)\s*\}\}/g, (match, key: string) =>
    data && data[key] !== undefined ? String(data[key]) : match,
  );
}

export function minSeverity(a: Severity, b: Severity): Severity {
  return SEVERITY_RANK[a] <= SEVERITY_RANK[b] ? a : b;
}
