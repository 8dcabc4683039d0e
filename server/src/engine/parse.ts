import { type Document, isMap, parseAllDocuments, type YAMLMap } from 'yaml';
import type { SourceText } from './text';
import { type Path, locate } from './yaml-path';

/**
 * Kubernetes reads manifests with a YAML 1.1 parser (go-yaml v2 behind sigs.k8s.io/yaml): `yes`/`on` are
 * booleans, `0644` is octal and `<<` merges. Parsing the same way means rules see what the API server sees.
 */
export const YAML_OPTIONS = { version: '1.1', prettyErrors: false, uniqueKeys: true } as const;

/** Aliases are expanded when a document becomes data; the limit stops "billion laughs" bombs. */
const MAX_ALIAS_COUNT = 1000;

export interface ParseProblem {
  code: 'yaml-syntax' | 'helm-template-unrendered';
  message: string;
  start: number;
  end: number;
}

export interface ParsedDocument {
  index: number;
  /** Offsets of the whole document, including its `---` marker and trailing comments. */
  start: number;
  end: number;
  /** Where the document's content ends: the place to append after it. */
  contentEnd: number;
  yaml: Document.Parsed;
  /** False when the document has syntax errors: such documents are reported, not linted. */
  valid: boolean;
  resources: Resource[];
}

export interface ParsedFile {
  source: SourceText;
  documents: ParsedDocument[];
  problems: ParseProblem[];
  /** An unrendered Helm template: reported once, never linted. */
  helm: boolean;
}

export interface ResourceRef {
  apiVersion: string;
  kind: string;
  namespace?: string;
  name: string;
}

export interface Resource {
  /** Unique within a project: file, document and list item. */
  readonly id: string;
  readonly file: string;
  readonly document: ParsedDocument;
  /** Where the object sits in its document: `[]`, or `['items', n]` inside a `kind: List`. */
  readonly basePath: Path;
  readonly node: YAMLMap;
  readonly object: Record<string, unknown>;
  readonly apiVersion: string;
  /** The API group: `apps` for `apps/v1`, `''` for the core group. */
  readonly group: string;
  readonly kind: string;
  readonly name: string;
  /** `metadata.namespace` as written; namespace defaulting happens in the project index. */
  readonly declaredNamespace: string | undefined;
}

/** Actions that only Helm knows: a file with these is a chart template even when it happens to parse. */
const HELM_ONLY_ACTION = /\{\{-?\s*(?:\.Values\b|\.Release\b|\.Chart\b|\.Capabilities\b|\.Files\b|include\s)/;
const TEMPLATE_ACTION = /\{\{-?/;
/** YAML that never mentions both keys is not a manifest (a CI config, a compose file, Helm values). */
const API_VERSION_KEY = /(?:^|[\s{,])["']?apiVersion["']?[ \t]*:/;
const KIND_KEY = /(?:^|[\s{,])["']?kind["']?[ \t]*:/;
const LINE_STARTING_WITH_ACTION = /^[ \t]*(?:-[ \t]+)?\{\{/m;

export function parseFile(source: SourceText): ParsedFile {
  const { text } = source;
  const helmOnly = HELM_ONLY_ACTION.exec(text);
  if (helmOnly) return helmFile(source, helmOnly.index);

  let yamlDocs: Document.Parsed[];
  try {
    yamlDocs = parseAllDocuments(text, YAML_OPTIONS) as unknown as Document.Parsed[];
  } catch (error) {
    // The composer recurses per nesting level; absurd nesting exhausts the stack rather than failing cleanly.
    return { source, documents: [], problems: [unparseable(error)], helm: false };
  }

  const problems: ParseProblem[] = [];
  const documents: ParsedDocument[] = [];
  yamlDocs.forEach((yaml, index) => {
    const [start, , end] = yaml.range;
    const errors = yaml.errors;
    for (const error of errors) {
      const message =
        error.code === 'DUPLICATE_KEY'
          ? `YAML syntax error: the key "${text.slice(error.pos[0], Math.min(error.pos[1], error.pos[0] + 80))}" appears twice in this mapping; kubectl rejects duplicate fields too.`
          : syntaxMessage(error.message);
      problems.push({ code: 'yaml-syntax', message, start: error.pos[0], end: error.pos[1] });
    }
    const document: ParsedDocument = {
      index,
      start,
      end,
      contentEnd: contentEndOf(yaml, text),
      yaml,
      valid: errors.length === 0,
      resources: [],
    };
    if (document.valid) {
      try {
        document.resources = resourcesOf(source.file, document);
      } catch (error) {
        document.valid = false;
        problems.push({ code: 'yaml-syntax', message: dataError(error), start, end: Math.min(end, lineEndOf(text, start)) });
      }
    }
    documents.push(document);
  });

  const templateAction = TEMPLATE_ACTION.exec(text);
  if (templateAction && problems.length > 0 && templateMadeInvalid(text, problems)) {
    return helmFile(source, templateAction.index);
  }
  // Syntax errors are only ours to report in files that are meant to be manifests.
  const manifest = problems.length === 0 || (API_VERSION_KEY.test(text) && KIND_KEY.test(text));
  return { source, documents, problems: manifest ? problems : [], helm: false };
}

function helmFile(source: SourceText, at: number): ParsedFile {
  return {
    source,
    documents: [],
    helm: true,
    problems: [
      {
        code: 'helm-template-unrendered',
        message:
          'Unrendered Helm template: kubeready lints rendered manifests. Render the chart first, e.g. `helm template <chart> | kubeready lint -`.',
        start: at,
        end: Math.min(lineEndOf(source.text, at), at + 200),
      },
    ],
  };
}

/** Go template actions break YAML where they stand alone on a line, or on the line a syntax error points at. */
function templateMadeInvalid(text: string, problems: ParseProblem[]): boolean {
  if (LINE_STARTING_WITH_ACTION.test(text)) return true;
  return problems.some((problem) => {
    const lineStart = text.lastIndexOf('\n', problem.start - 1) + 1;
    return text.slice(lineStart, lineEndOf(text, problem.start)).includes('{{');
  });
}

function unparseable(error: unknown): ParseProblem {
  const reason = error instanceof RangeError ? 'the document is nested too deeply to parse' : String(error);
  return { code: 'yaml-syntax', message: `Cannot parse this file: ${reason}.`, start: 0, end: 0 };
}

function syntaxMessage(message: string): string {
  const firstLine = message.split('\n')[0]!.replace(/ at line \d+, column \d+:?$/, '');
  return `YAML syntax error: ${firstLine}`;
}

function dataError(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  if (/alias count/i.test(message)) return 'YAML aliases expand too far (an alias bomb?); the document is not linted.';
  if (error instanceof RangeError) return 'The document is nested too deeply to read; it is not linted.';
  return `YAML error: ${message}`;
}

export function lineEndOf(text: string, offset: number): number {
  const newline = text.indexOf('\n', offset);
  const end = newline === -1 ? text.length : newline;
  return end > offset && text[end - 1] === '\r' ? end - 1 : end;
}

/** The end of the last line that holds the document's content, including that line's line ending. */
function contentEndOf(yaml: Document.Parsed, text: string): number {
  const contentEnd = yaml.contents?.range?.[1] ?? yaml.range[0];
  let end = contentEnd;
  while (end > yaml.range[0] && /[\s]/.test(text[end - 1]!)) end--;
  const newline = text.indexOf('\n', end);
  return newline === -1 ? text.length : newline + 1;
}

function resourcesOf(file: string, document: ParsedDocument): Resource[] {
  const root = document.yaml.contents;
  if (!isMap(root)) return [];
  const object = document.yaml.toJS({ maxAliasCount: MAX_ALIAS_COUNT }) as unknown;
  if (!isObject(object)) return [];
  const top = describe(file, document, root, object, []);
  if (!top) return [];
  const items = object.items;
  if (top.kind.endsWith('List') && Array.isArray(items)) {
    const resources: Resource[] = [];
    items.forEach((item, i) => {
      const located = locate(document.yaml, root, ['items', i]);
      if (isObject(item) && isMap(located.node)) {
        const resource = describe(file, document, located.node, item, ['items', i]);
        if (resource) resources.push(resource);
      }
    });
    return resources;
  }
  return [top];
}

function describe(
  file: string,
  document: ParsedDocument,
  node: YAMLMap,
  object: Record<string, unknown>,
  basePath: Path,
): Resource | null {
  const { apiVersion, kind } = object;
  if (typeof apiVersion !== 'string' || typeof kind !== 'string' || !apiVersion || !kind) return null;
  const metadata = isObject(object.metadata) ? object.metadata : {};
  const name = typeof metadata.name === 'string' ? metadata.name : typeof metadata.generateName === 'string' ? metadata.generateName : '';
  const declaredNamespace = typeof metadata.namespace === 'string' && metadata.namespace ? metadata.namespace : undefined;
  const slash = apiVersion.indexOf('/');
  return {
    id: `${file}#${document.index}${basePath.length ? `/${basePath.join('/')}` : ''}`,
    file,
    document,
    basePath,
    node,
    object,
    apiVersion,
    group: slash === -1 ? '' : apiVersion.slice(0, slash),
    kind,
    name,
    declaredNamespace,
  };
}

export function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
