import { Composer, type Document, isMap, isScalar, Parser, parseAllDocuments, parseDocument, YAMLParseError, type YAMLMap } from 'yaml';
import { scanHeader, type Header } from './header-scan';
import { shiftDocument, splitDocuments } from './slices';
import { forEachNode } from './yaml-walk';
import type { SourceText } from './text';
import { type Path, locate } from './yaml-path';

/**
 * Kubernetes reads manifests with a YAML 1.1 parser (go-yaml v2 behind sigs.k8s.io/yaml): `yes`/`on` are
 * booleans, `0644` is octal and `<<` merges. Parsing the same way means rules see what the API server sees.
 */
// logLevel 'error': the library's warnings (a collection as a mapping key) would go to process.emitWarning,
// which the CLI prints on stderr; what matters in them is reported as findings.
// uniqueKeys false: the library's check compares every key with every other (20,000 keys took seconds);
// withUniqueKeys() does it with a set.
export const YAML_OPTIONS = { version: '1.1', prettyErrors: false, uniqueKeys: false, logLevel: 'error' } as const;

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
  /** The YAML tree; documents of kinds no rule reads are built only when something asks for it. */
  readonly yaml: Document.Parsed;
  /** Whether the tree is built now. */
  readonly composed: boolean;
  /** False for a document only identified and never composed: its syntax is unknown. */
  readonly checked?: boolean;
  /** False when the document has syntax errors: such documents are reported, not linted. */
  valid: boolean;
  /** Syntax errors of this document (known once it is built). */
  problems: ParseProblem[];
  resources: Resource[];
  /** The stretch of text the document was parsed from (its leading comments included), for reuse. */
  slice?: { start: number; end: number };
}

export interface ParsedFile {
  source: SourceText;
  documents: ParsedDocument[];
  /** Syntax errors and the Helm-template notice, at their offsets. */
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
  /** Characters of YAML the object takes: size checks read this without building the object. */
  readonly span: number;
  /** The object's YAML as written (its document, or its item in a List). */
  readonly text: string;
  /**
   * For an object whose document was not built: where `kind: X` and the `name` key are, so that findings can
   * point there without building it.
   */
  readonly anchors?: { kind: [number, number]; name: [number, number] | undefined };
}

export interface ParseOptions {
  /**
   * Whether documents of a kind are built when the file is read. Others are only split and identified, and
   * built when a rule asks for them. Default: every kind.
   */
  compose?: (kind: string) => boolean;
  /**
   * Whether documents that are only identified are still checked for syntax errors (composed once, the tree
   * dropped). Linted files need it: a broken document must be reported whatever its kind. Files read only as
   * context do not. Default: true.
   */
  check?: boolean;
  /** The file as it was parsed before: documents whose text did not change are reused, not parsed again. */
  previous?: ParsedFile;
}

/** Actions that only Helm knows: a file with these is a chart template even when it happens to parse. */
const HELM_ONLY_ACTION = /\{\{-?\s*(?:\.Values\b|\.Release\b|\.Chart\b|\.Capabilities\b|\.Files\b|include\s)/;
const TEMPLATE_ACTION = /\{\{-?/;
/** YAML that never mentions both keys is not a manifest (a CI config, a compose file, Helm values). */
const API_VERSION_KEY = /(?:^|[\s{,])["']?apiVersion["']?[ \t]*:/;
const KIND_KEY = /(?:^|[\s{,])["']?kind["']?[ \t]*:/;
const LINE_STARTING_WITH_ACTION = /^[ \t]*(?:-[ \t]+)?\{\{/m;

/**
 * Flow brackets nested deeper than any manifest would be: the parser recurses per level, and ~100k of them
 * exhaust the native stack (V8 can then abort the process), while 400k unclosed ones take seconds to report.
 */
const MAX_FLOW_DEPTH = 1000;
const NESTED_TOO_DEEPLY = 'YAML syntax error: the document is nested too deeply to parse.';

/** The characters the nesting scan stops at: brackets, quotes and comment marks. */
const FLOW_SCAN = /[{}[\]"'#]/g;

/**
 * The offset where `{`/`[` nesting passes `limit` (quoted strings and comments skipped), if it does. One pass;
 * the regex jumps between the characters that matter, which is several times faster than reading every
 * character in a loop, and this runs on every keystroke.
 */
export function flowNestingBeyond(text: string, limit: number, start = 0, end = text.length): number | undefined {
  let depth = 0;
  const scan = FLOW_SCAN;
  scan.lastIndex = start;
  for (let match = scan.exec(text); match !== null && match.index < end; match = scan.exec(text)) {
    const i = match.index;
    const c = text.charCodeAt(i);
    if (c === 0x7b || c === 0x5b) {
      if (++depth > limit) return i;
    } else if (c === 0x7d || c === 0x5d) {
      if (depth > 0) depth--;
    } else if (c === 0x22 || c === 0x27) {
      // A quoted scalar: skip to its closing quote on the same line ('' and \" stay inside).
      let j = i + 1;
      for (; j < end; j++) {
        const d = text.charCodeAt(j);
        if (d === c || d === 0x0a) break;
        if (c === 0x22 && d === 0x5c) j++;
      }
      scan.lastIndex = j + 1;
    } else if (i === 0 || text.charCodeAt(i - 1) <= 0x20) {
      // A comment: skip to the end of the line.
      const lineEnd = text.indexOf('\n', i);
      scan.lastIndex = lineEnd === -1 ? text.length : lineEnd + 1;
    }
  }
  return undefined;
}

export function parseFile(source: SourceText, options: ParseOptions = {}): ParsedFile {
  const { text } = source;
  const braces = text.includes('{{');
  const helmOnly = braces ? HELM_ONLY_ACTION.exec(text) : null;
  if (helmOnly) return helmFile(source, helmOnly.index);

  let documents: ParsedDocument[];
  try {
    documents = readDocuments(source, options);
  } catch (error) {
    // The composer recurses per nesting level; absurd nesting exhausts the stack rather than failing cleanly.
    return { source, documents: [], problems: [unparseable(error)], helm: false };
  }
  const problems = documents.flatMap((document) => document.problems);

  const templateAction = braces ? TEMPLATE_ACTION.exec(text) : null;
  // Thousands of `{` are an attack or a generator gone wrong, not a Helm action: say what is wrong.
  const tooDeep = problems.some((problem) => problem.message === NESTED_TOO_DEEPLY);
  if (templateAction && problems.length > 0 && !tooDeep && templateMadeInvalid(text, problems)) {
    return helmFile(source, templateAction.index);
  }
  // Syntax errors are only ours to report in files that are meant to be manifests.
  const manifest = problems.length === 0 || (API_VERSION_KEY.test(text) && KIND_KEY.test(text));
  return { source, documents, problems: manifest ? problems : [], helm: false };
}

/**
 * The documents of a stream, each parsed on its own slice of the text with absolute offsets: unchanged
 * documents of the previous version are reused (moved by the length change before them), and documents of
 * kinds no rule reads are only identified.
 */
function readDocuments(source: SourceText, options: ParseOptions): ParsedDocument[] {
  const { text } = source;
  const slices = splitDocuments(text);
  if (!slices) {
    const deep = flowNestingBeyond(text, MAX_FLOW_DEPTH);
    return deep === undefined ? wholeStream(source) : [tooDeepDocument({ start: 0, end: text.length }, 0, deep)];
  }
  const previous = options.previous?.source.text !== undefined ? options.previous : undefined;
  const reusable = previous && !previous.helm ? previous.documents : [];
  const check = options.check !== false;
  const documents: ParsedDocument[] = [];
  let cursor = 0;
  for (const slice of slices) {
    const length = slice.end - slice.start;
    let reused: ParsedDocument | undefined;
    for (let k = cursor; k < reusable.length && k <= cursor + 2; k++) {
      const candidate = reusable[k]!;
      // A full parse must not inherit a document that was only identified.
      if (!options.compose && candidate instanceof LazyDocument) continue;
      // Nor may a checked parse inherit a document whose syntax was never checked.
      if (check && candidate instanceof LazyDocument && !candidate.checked) continue;
      const from = candidate.slice;
      if (from && from.end - from.start === length && previous!.source.text.substring(from.start, from.end) === text.substring(slice.start, slice.end)) {
        reused = candidate;
        cursor = k + 1;
        break;
      }
    }
    const index = documents.length;
    if (reused) {
      shiftDocument(reused, slice.start - reused.slice!.start);
      if (reused instanceof LazyDocument) reused.rebase(text);
      reused.index = index;
      documents.push(reused);
      continue;
    }
    // Checked before the parser recurses into it; only new slices, since a reused one passed before.
    const deep = flowNestingBeyond(text, MAX_FLOW_DEPTH, slice.start, slice.end);
    if (deep !== undefined) {
      documents.push(tooDeepDocument(slice, index, deep));
      continue;
    }
    const header = scanHeader(text, slice.start, slice.end);
    const lazy = header !== null && header.kind !== 'List' && !header.kind.endsWith('List') && options.compose !== undefined && !options.compose(header.kind);
    const document = lazy ? identifiedDocument(source, slice, index, header, check) : composedDocument(source, slice, index);
    if (document) documents.push(document);
  }
  return documents;
}

/**
 * A document nested too deeply to parse: reported at the bracket that passes the limit, never composed, so the
 * other documents of the file are still read and linted. Its tree is empty.
 */
function tooDeepDocument(slice: { start: number; end: number }, index: number, at: number): ParsedDocument {
  const yaml = parseDocument('', YAML_OPTIONS) as Document.Parsed;
  yaml.range = [slice.start, slice.start, slice.start];
  const problem: ParseProblem = { code: 'yaml-syntax', message: NESTED_TOO_DEEPLY, start: at, end: at + 1 };
  return { index, start: slice.start, end: slice.end, contentEnd: slice.end, yaml, composed: true, valid: false, problems: [problem], resources: [], slice: { ...slice } };
}

/** A stream with directives (`%YAML`) is parsed in one go: directives carry over between documents. */
function wholeStream(source: SourceText): ParsedDocument[] {
  const yamlDocs = parseAllDocuments(source.text, YAML_OPTIONS) as unknown as Document.Parsed[];
  return yamlDocs.map((yaml, index) => fromYaml(source, withUniqueKeys(yaml), index));
}

/**
 * A document of a kind no rule reads. When it must be checked, it is composed once: a broken one is kept as
 * composed (with its syntax problems), a sound one keeps only its header, so its tree costs no memory.
 */
function identifiedDocument(source: SourceText, slice: { start: number; end: number }, index: number, header: Header, check: boolean): ParsedDocument | undefined {
  if (check) {
    const yaml = composeSlice(source.text, slice.start, slice.end);
    if (!yaml) return undefined;
    if (yaml.errors.length > 0) return fromSlice(source, yaml, slice, index);
  }
  const document = new LazyDocument(source.text, source.file, index, slice.start, slice.end, header, check);
  document.slice = { ...slice };
  return document;
}

function composedDocument(source: SourceText, slice: { start: number; end: number }, index: number): ParsedDocument | undefined {
  const yaml = composeSlice(source.text, slice.start, slice.end);
  return yaml && fromSlice(source, yaml, slice, index);
}

/** A document composed from its slice, which it keeps for reuse. */
function fromSlice(source: SourceText, yaml: Document.Parsed, slice: { start: number; end: number }, index: number): ParsedDocument {
  const document = fromYaml(source, yaml, index);
  document.slice = { ...slice };
  return document;
}

/** Whether a document slice has syntax errors; the tree is dropped. Worker threads run this too. */
export function sliceHasErrors(text: string, start = 0, end = text.length): boolean {
  return (composeSlice(text, start, end)?.errors.length ?? 0) > 0;
}

export function composeSlice(text: string, start: number, end: number): Document.Parsed | undefined {
  const parser = new Parser();
  // The parser counts from `offset`: every range in the tree is absolute, as if the whole stream were parsed.
  parser.offset = start;
  const docs = [...new Composer(YAML_OPTIONS).compose(parser.parse(text.slice(start, end)), false, end)] as Document.Parsed[];
  return docs[0] && withUniqueKeys(docs[0]);
}

/** Adds a DUPLICATE_KEY error for each repeated scalar key of a mapping, as the library's own check would. */
function withUniqueKeys(yaml: Document.Parsed): Document.Parsed {
  forEachNode(yaml.contents, (map) => {
    if (!isMap(map)) return;
    const seen = new Set<unknown>();
    for (const { key } of map.items) {
      // `<<` merge keys may repeat in YAML 1.1.
      if (!isScalar(key) || key.value === '<<' || !key.range) continue;
      if (seen.has(key.value)) yaml.errors.push(new YAMLParseError([key.range[0], key.range[0] + 1], 'DUPLICATE_KEY', 'Map keys must be unique'));
      else seen.add(key.value);
    }
  });
  return yaml;
}

function fromYaml(source: SourceText, yaml: Document.Parsed, index: number): ParsedDocument {
  const { text } = source;
  const [start, , end] = yaml.range;
  // Nesting too deep overflows at every level on the way back: one finding says it.
  const tooDeep = yaml.errors.find((error) => TOO_DEEP.test(error.message));
  const problems = (tooDeep ? [tooDeep] : yaml.errors).map((error) => syntaxProblem(text, error));
  const document: ParsedDocument = {
    index,
    start,
    end,
    contentEnd: contentEndOf(yaml, text),
    yaml,
    composed: true,
    valid: problems.length === 0,
    problems,
    resources: [],
  };
  if (document.valid) {
    try {
      document.resources = resourcesOf(source.file, document, text);
    } catch (error) {
      document.valid = false;
      document.problems.push({ code: 'yaml-syntax', message: dataError(error), start, end: Math.min(end, lineEndOf(text, start)) });
    }
  }
  return document;
}

/** A document of a kind no rule reads: its header is known, its tree is built on first use. */
class LazyDocument implements ParsedDocument {
  slice?: { start: number; end: number };
  valid = true;
  problems: ParseProblem[] = [];
  resources: Resource[];
  private tree: Document.Parsed | undefined;

  constructor(
    /** The whole text the document's offsets refer to; a reused document gets the new one. */
    private text: string,
    file: string,
    public index: number,
    public start: number,
    public end: number,
    header: Header,
    /** Whether the document was composed once and found free of syntax errors. */
    readonly checked: boolean,
  ) {
    this.contentEnd = header.contentEnd;
    this.resources = [lazyResource(file, this, header, () => this.text)];
  }

  contentEnd: number;

  get composed(): boolean {
    return this.tree !== undefined;
  }

  get yaml(): Document.Parsed {
    this.tree ??= composeSlice(this.text, this.start, this.end) ?? (composeSlice('{}', 0, 2) as Document.Parsed);
    return this.tree;
  }

  rebase(text: string): void {
    this.text = text;
  }
}

/** A mapping key as written: quoted, or plain up to the `:` that ends it. */
const KEY_AT = /^(?:"(?:[^"\\\n]|\\.)*"|'(?:[^'\n]|'')*'|[^\s:#][^:\n]*?(?=[ \t]*:(?:\s|$)))/;

function syntaxProblem(text: string, error: { code: string; message: string; pos: [number, number] }): ParseProblem {
  // The library points at the key's first character only: the finding covers the whole key, and names it.
  const key = error.code === 'DUPLICATE_KEY' ? KEY_AT.exec(text.slice(error.pos[0], error.pos[0] + 200))?.[0] : undefined;
  const message = key
    ? `YAML syntax error: the key "${key.replace(/^["']|["']$/g, '')}" appears twice in this mapping; kubectl rejects duplicate fields too.`
    : syntaxMessage(error.message);
  // An error at the very end (an unterminated quote) points one past the text: findings stay inside it.
  const start = Math.min(error.pos[0], text.length);
  const end = Math.min(key ? error.pos[0] + key.length : error.pos[1], text.length);
  return { code: 'yaml-syntax', message, start: Math.min(start, end), end };
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

const TOO_DEEP = /Maximum call stack/i;

function syntaxMessage(message: string): string {
  // The composer turns a stack overflow on absurd nesting into an error of its own.
  if (TOO_DEEP.test(message)) return 'YAML syntax error: the document is nested too deeply to parse.';
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

function resourcesOf(file: string, document: ParsedDocument, text: string): Resource[] {
  const root = document.yaml.contents;
  if (!isMap(root)) return [];
  const object = document.yaml.toJS({ maxAliasCount: MAX_ALIAS_COUNT }) as unknown;
  if (!isObject(object)) return [];
  const top = describe(file, document, root, object, [], text);
  if (!top) return [];
  const items = object.items;
  if (top.kind.endsWith('List') && Array.isArray(items)) {
    const resources: Resource[] = [];
    items.forEach((item, i) => {
      const located = locate(document.yaml, root, ['items', i]);
      if (isObject(item) && isMap(located.node)) {
        const resource = describe(file, document, located.node, item, ['items', i], text);
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
  text: string,
): Resource | null {
  const { apiVersion, kind } = object;
  if (typeof apiVersion !== 'string' || typeof kind !== 'string' || !apiVersion || !kind) return null;
  const metadata = isObject(object.metadata) ? object.metadata : {};
  const name = typeof metadata.name === 'string' ? metadata.name : typeof metadata.generateName === 'string' ? metadata.generateName : '';
  const declaredNamespace = typeof metadata.namespace === 'string' && metadata.namespace ? metadata.namespace : undefined;
  const range = node.range;
  return {
    get id() {
      return `${file}#${document.index}${basePath.length ? `/${basePath.join('/')}` : ''}`;
    },
    file,
    document,
    basePath,
    node,
    object,
    apiVersion,
    group: groupOf(apiVersion),
    kind,
    name,
    declaredNamespace,
    span: basePath.length && range ? range[1] - range[0] : document.end - document.start,
    get text() {
      return basePath.length && range ? text.slice(range[0], range[1]) : text.slice(document.start, document.end);
    },
  };
}

function lazyResource(file: string, document: ParsedDocument, header: Header, text: () => string): Resource {
  let loaded: { node: YAMLMap; object: Record<string, unknown> } | undefined;
  const load = () => {
    if (!loaded) {
      const yaml = document.yaml;
      const root = yaml.contents;
      let object: unknown;
      try {
        object = yaml.toJS({ maxAliasCount: MAX_ALIAS_COUNT });
      } catch {
        object = {};
      }
      loaded = { node: (isMap(root) ? root : (composeSlice('{}', 0, 2)!.contents as YAMLMap)) as YAMLMap, object: isObject(object) ? object : {} };
    }
    return loaded;
  };
  return {
    get id() {
      return `${file}#${document.index}`;
    },
    file,
    document,
    basePath: [],
    get node() {
      return load().node;
    },
    get object() {
      return load().object;
    },
    apiVersion: header.apiVersion,
    group: groupOf(header.apiVersion),
    kind: header.kind,
    name: header.name,
    declaredNamespace: header.namespace,
    get span() {
      return document.end - document.start;
    },
    get text() {
      return text().slice(document.start, document.end);
    },
    get anchors() {
      const at = (range: [number, number]): [number, number] => [document.start + range[0], document.start + range[1]];
      return { kind: at(header.kindRange), name: header.nameRange && at(header.nameRange) };
    },
  };
}

function groupOf(apiVersion: string): string {
  const slash = apiVersion.indexOf('/');
  return slash === -1 ? '' : apiVersion.slice(0, slash);
}

export function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
