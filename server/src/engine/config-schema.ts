import type { RuleMeta } from './rule-api';

const SEVERITY = { enum: ['error', 'warning', 'info', 'off'] };
const GLOB = { type: 'string', minLength: 1 };

/**
 * The JSON Schema of `.kubeready.yaml`, built from the rule registry so that rule ids and their options
 * are checked too. `schemas/kubeready.schema.json` is this object written out, for editors.
 */
export function configSchema(rules: readonly RuleMeta[], options: { ruleEntries: 'checked' | 'any' } = { ruleEntries: 'checked' }): Record<string, unknown> {
  const ruleIds = rules.map((rule) => rule.id);
  // `any` leaves each rule's entry to ruleEntrySchema, compiled only for the rules a config names.
  const ruleProperties = Object.fromEntries(rules.map((rule) => [rule.id, options.ruleEntries === 'checked' ? ruleEntrySchema(rule) : {}]));
  return {
    $schema: 'http://json-schema.org/draft-07/schema#',
    $id: 'https://kubeready.dev/schemas/kubeready.schema.json',
    title: 'kubeready configuration (.kubeready.yaml)',
    type: 'object',
    additionalProperties: false,
    properties: {
      extends: { description: 'The preset to start from.', enum: ['recommended', 'strict', 'all'] },
      manifestSet: {
        description: '`complete`: the repository holds every manifest that is deployed. `partial`: findings about objects that were not found become info.',
        enum: ['complete', 'partial'],
      },
      namespace: { description: 'The namespace of objects that set none.', type: 'string', minLength: 1 },
      zones: { description: 'Availability zones the cluster spreads over; 1 turns the zone rules off.', type: 'integer', minimum: 1, maximum: 32 },
      kubernetesVersion: {
        description: 'The Kubernetes minor version the manifests are deployed to, e.g. "1.30".',
        type: 'string',
        pattern: '^1\\.[0-9]{1,2}$',
      },
      cpuLimits: { description: 'Whether CPU limits are required, discouraged or ignored.', enum: ['require', 'discourage', 'ignore'] },
      preferredReplicas: { description: 'The replica count that fixes write.', type: 'integer', minimum: 2, maximum: 100 },
      images: {
        type: 'object',
        additionalProperties: false,
        properties: {
          kubeClients: { description: 'Image repositories that are Kubernetes API clients (kubectl images and the like).', type: 'array', items: GLOB },
          allowed: { description: 'Images exempt from the API-dependency heuristics.', type: 'array', items: GLOB },
          registries: { description: 'Registries that count as local to the cluster (globs).', type: 'array', items: GLOB },
        },
      },
      exclude: { description: 'Globs of files that are neither linted nor indexed, relative to this file.', type: 'array', items: GLOB },
      maxFileSize: {
        description: 'Files larger than this many bytes are reported and skipped.',
        type: 'integer',
        minimum: 1024,
      },
      rules: {
        description: 'Severity, or severity and options, per rule id.',
        type: 'object',
        additionalProperties: false,
        properties: ruleProperties,
      },
      ignore: {
        description: 'Findings to suppress without touching the manifests.',
        type: 'array',
        items: {
          type: 'object',
          additionalProperties: false,
          required: ['rules', 'reason'],
          properties: {
            rules: { type: 'array', minItems: 1, items: { enum: [...ruleIds, '*'] } },
            kind: GLOB,
            name: GLOB,
            namespace: GLOB,
            path: GLOB,
            reason: { type: 'string', minLength: 1 },
            expires: {
              description: 'YYYY-MM-DD: the ignore stops suppressing after this day and is reported.',
              type: 'string',
              pattern: '^[0-9]{4}-[0-9]{2}-[0-9]{2}$',
            },
          },
        },
      },
    },
  };
}

/** One entry under `rules:`: a severity, or `{ severity, options }` with the rule's own options schema. */
export function ruleEntrySchema(rule: RuleMeta): Record<string, unknown> {
  return {
    description: rule.docs.description,
    oneOf: [
      SEVERITY,
      {
        type: 'object',
        additionalProperties: false,
        properties: { severity: SEVERITY, options: rule.options ?? { type: 'object', maxProperties: 0 } },
      },
    ],
  };
}

