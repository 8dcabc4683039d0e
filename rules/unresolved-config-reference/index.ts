import { defineRule, type FixSpec } from '../../server/src/engine/rule-api';
import { WORKLOAD_KINDS } from '../../server/src/engine/workload';
import { type ConfigRef, configRefs, definitionOf, groupByObject, isPlaceholder, namesOfKind } from '../lib/config-refs';
import { EKS } from '../lib/docs';
import { containerLabel } from '../lib/images';

/** `*` matches any run of characters; matched left to right with indexOf, so the cost stays linear. */
function globMatches(glob: string, name: string): boolean {
  const parts = glob.split('*');
  if (parts.length === 1) return glob === name;
  const first = parts[0]!;
  const last = parts[parts.length - 1]!;
  if (!name.startsWith(first) || name.length < first.length + last.length || !name.endsWith(last)) return false;
  let at = first.length;
  const end = name.length - last.length;
  for (const part of parts.slice(1, -1)) {
    const found = name.indexOf(part, at);
    if (found === -1 || found + part.length > end) return false;
    at = found + part.length;
  }
  return true;
}

/** Edit distance, for names of at most 253 characters (longer ones are invalid anyway). */
function distance(a: string, b: string): number {
  if (a.length > 253 || b.length > 253) return Infinity;
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      current[j] = Math.min(previous[j]! + 1, current[j - 1]! + 1, previous[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1));
    }
    previous = current;
  }
  return previous[b.length]!;
}

/** Existing names close enough to be what the author meant: up to two edits, or a third of the name. */
function closestNames(name: string, candidates: readonly string[]): string[] {
  const limit = Math.max(2, Math.floor(name.length / 3));
  return candidates
    .map((candidate) => ({ candidate, d: distance(name.toLowerCase(), candidate.toLowerCase()) }))
    .filter(({ candidate, d }) => candidate !== name && d <= limit)
    .sort((a, b) => a.d - b.d || a.candidate.localeCompare(b.candidate))
    .slice(0, 3)
    .map(({ candidate }) => candidate);
}

function where(ref: ConfigRef): string {
  if (ref.container) return ` in the environment of ${containerLabel(ref.container)}`;
  return ref.volume ? ` in volume "${ref.volume}"` : ' in a volume';
}

function consequence(ref: ConfigRef): string {
  return ref.container
    ? 'the container fails with CreateContainerConfigError until it exists'
    : 'the pod stays in ContainerCreating until it exists';
}

export default defineRule({
  meta: {
    id: 'unresolved-config-reference',
    category: 'static-stability',
    severity: 'warning',
    signal: 'strong',
    fixable: 'unsafe',
    kinds: WORKLOAD_KINDS,
    messages: {
      missing:
        '{{kind}} "{{name}}" references {{objectKind}} "{{object}}"{{where}}, but nothing in the project defines or produces it: {{consequence}}.',
      missingPartial:
        '{{kind}} "{{name}}" references {{objectKind}} "{{object}}"{{where}}, which is not in the workspace (manifestSet: partial, so it may be created elsewhere); without it {{consequence}}.',
      missingKey:
        '{{kind}} "{{name}}" reads key "{{key}}" of {{objectKind}} "{{object}}"{{where}}, but the {{objectKind}} has no such key: {{consequence}}.',
      useName: 'Use {{objectKind}} "{{candidate}}"',
    },
    docs: {
      description:
        'ConfigMaps and Secrets that pods reference must exist (or be optional): a missing one keeps the pod from starting.',
      source: {
        title: 'EKS Best Practices: Security › Data encryption and secrets management › Use volume mounts instead of environment variables',
        url: `${EKS}/data-encryption-and-secrets-management.html`,
      },
    },
    options: {
      type: 'object',
      properties: {
        externalNames: {
          type: 'array',
          items: { type: 'string' },
          default: [],
          description:
            'Names (globs with *) of ConfigMaps and Secrets created outside the project, by a pipeline or an operator, that count as defined.',
        },
      },
      additionalProperties: false,
    },
  },
  check({ resource, workload, namespace, relations, settings, options, report }) {
    if (!workload) return;
    const external = Array.isArray(options.externalNames) ? options.externalNames.filter((g): g is string => typeof g === 'string') : [];
    const partial = settings.manifestSet === 'partial';
    const cap = partial ? { maxSeverity: 'info' as const } : {};
    const refs = configRefs(workload).filter((ref) => !ref.optional);
    const account = workload.podSpec.serviceAccountName ?? workload.podSpec.serviceAccount;
    const serviceAccount = typeof account === 'string' && account !== '' ? account : 'default';
    for (const group of groupByObject(refs)) {
      const first = group[0]!;
      if (isPlaceholder(first.name) || external.some((glob) => globMatches(glob, first.name))) continue;
      const base = { kind: workload.kind, name: resource.name, objectKind: first.kind, object: first.name };
      const definition = definitionOf(relations, namespace, resource.file, first.kind, first.name, serviceAccount);
      if (!definition) {
        const suggest: FixSpec[] = closestNames(first.name, namesOfKind(relations, namespace, first.kind)).map((candidate) => ({
          messageId: 'useName',
          data: { objectKind: first.kind, candidate },
          apply: (fix) => {
            for (const ref of group) fix.set(resource, ref.namePath, candidate);
          },
        }));
        report({
          at: first.namePath,
          on: 'value',
          messageId: partial ? 'missingPartial' : 'missing',
          data: { ...base, where: where(first), consequence: consequence(first) },
          ...cap,
          suggest,
        });
        continue;
      }
      const keys = definition.keys;
      if (!keys) continue;
      const reported = new Set<string>();
      for (const ref of group) {
        for (const use of ref.keys) {
          if (keys.has(use.key) || reported.has(use.key)) continue;
          reported.add(use.key);
          report({
            at: use.path,
            on: 'value',
            messageId: 'missingKey',
            data: { ...base, key: use.key, where: where(ref), consequence: consequence(ref) },
            ...cap,
            related: definition.resource
              ? [{ resource: definition.resource, at: ['metadata', 'name'], message: `${first.kind} "${first.name}" is defined here.` }]
              : [],
          });
        }
      }
    }
  },
});
