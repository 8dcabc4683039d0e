import type { SeverityOrOff } from '../engine/rule-api';

/** The `kubeready.*` settings an editor may send (VS Code's contributes.configuration, or any client's settings). */
export interface ClientSettings {
  enable: boolean;
  /** Lint while typing, or only when a document is saved. */
  run: 'onType' | 'onSave';
  /** Severity overrides per rule id; they win over `.kubeready.yaml`, like the CLI's `--rule`. */
  rules: Record<string, SeverityOrOff>;
  /** A config file to use instead of the nearest `.kubeready.yaml`; relative to the workspace folder. */
  configPath: string | undefined;
}

export const DEFAULT_SETTINGS: ClientSettings = { enable: true, run: 'onType', rules: {}, configPath: undefined };

export function readSettings(value: unknown): ClientSettings {
  const raw = (typeof value === 'object' && value !== null ? value : {}) as Record<string, unknown>;
  const rules: Record<string, SeverityOrOff> = {};
  if (typeof raw.rules === 'object' && raw.rules !== null) {
    for (const [id, severity] of Object.entries(raw.rules)) {
      if (severity === 'error' || severity === 'warning' || severity === 'info' || severity === 'off') rules[id] = severity;
    }
  }
  return {
    enable: raw.enable !== false,
    run: raw.run === 'onSave' ? 'onSave' : 'onType',
    rules,
    configPath: typeof raw.configPath === 'string' && raw.configPath.trim() ? raw.configPath.trim() : undefined,
  };
}
