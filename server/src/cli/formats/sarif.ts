import { createHash } from 'node:crypto';
import { pathToFileURL } from 'node:url';
import type { Rule, Severity } from '../../engine/rule-api';
import type { Reported } from '../reported';

const LEVEL: Record<Severity, 'error' | 'warning' | 'note'> = { error: 'error', warning: 'warning', info: 'note' };

export interface SarifOptions {
  version: string;
  cwd: string;
  rules: readonly Rule[];
  docsUrl: (id: string) => string;
}

/**
 * SARIF 2.1.0 for GitHub code scanning: every rule with its docs link, every result with its exact region,
 * a logical location `namespace/Kind/name`, and a fingerprint that survives lines moving.
 */
export function formatSarif(reported: Reported[], options: SarifOptions): string {
  const ruleIndex = new Map(options.rules.map((rule, i) => [rule.meta.id, i]));
  const sarif = {
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    version: '2.1.0',
    runs: [
      {
        tool: {
          driver: {
            name: 'kubeready',
            version: options.version,
            semanticVersion: options.version,
            informationUri: 'https://github.com/kubeready/kubeready',
            rules: options.rules.map((rule) => ({
              id: rule.meta.id,
              name: pascalCase(rule.meta.id),
              shortDescription: { text: rule.meta.docs.description },
              fullDescription: { text: `${rule.meta.docs.description} Source: ${rule.meta.docs.source.title}.` },
              helpUri: options.docsUrl(rule.meta.id),
              help: {
                text: `${rule.meta.docs.description} See ${options.docsUrl(rule.meta.id)}`,
                markdown: `${rule.meta.docs.description} [Documentation](${options.docsUrl(rule.meta.id)}) · Source: [${rule.meta.docs.source.title}](${rule.meta.docs.source.url})`,
              },
              defaultConfiguration: { level: LEVEL[rule.meta.severity] },
              properties: { category: rule.meta.category, tags: [rule.meta.category, 'kubernetes', 'eks'] },
            })),
          },
        },
        originalUriBaseIds: { SRCROOT: { uri: pathToFileURL(options.cwd.endsWith('/') ? options.cwd : `${options.cwd}/`).href } },
        columnKind: 'utf16CodeUnits',
        results: reported.map((r) => {
          const { finding } = r;
          const index = ruleIndex.get(finding.ruleId);
          const resource = finding.resource;
          return {
            ruleId: finding.ruleId,
            ...(index !== undefined ? { ruleIndex: index } : {}),
            level: LEVEL[finding.severity],
            message: { text: finding.message },
            locations: [
              {
                physicalLocation: {
                  artifactLocation: artifact(r.path),
                  region: { startLine: r.line, startColumn: r.column, endLine: r.endLine, endColumn: r.endColumn },
                },
                ...(resource
                  ? {
                      logicalLocations: [
                        {
                          name: resource.name,
                          fullyQualifiedName: `${resource.namespace ?? ''}/${resource.kind}/${resource.name}`,
                          kind: 'resource',
                        },
                      ],
                    }
                  : {}),
              },
            ],
            ...(r.related.length
              ? {
                  relatedLocations: r.related.map((where, id) => ({
                    id,
                    message: { text: where.message },
                    physicalLocation: {
                      artifactLocation: artifact(where.path),
                      region: { startLine: where.line, startColumn: where.column, endLine: where.endLine, endColumn: where.endColumn },
                    },
                  })),
                }
              : {}),
            partialFingerprints: { 'kubeready/v1': fingerprint(r) },
          };
        }),
      },
    ],
  };
  return `${JSON.stringify(sarif, null, 2)}\n`;
}

function artifact(path: string) {
  return path.startsWith('/') ? { uri: pathToFileURL(path).href } : { uri: encodeURI(path), uriBaseId: 'SRCROOT' };
}

/** Stable across edits elsewhere in the file: rule, resource identity and node path, not line numbers. */
function fingerprint(r: Reported): string {
  const resource = r.finding.resource;
  const identity = resource ? `${resource.namespace ?? ''}/${resource.kind}/${resource.name}` : `${r.line}`;
  return createHash('sha256')
    .update([r.finding.ruleId, r.finding.messageId, r.path, identity, r.finding.path ?? ''].join('\u0000'))
    .digest('hex')
    .slice(0, 32);
}

function pascalCase(id: string): string {
  return id.replace(/(^|-)([a-z0-9])/g, (_m, _dash, c: string) => c.toUpperCase());
}
