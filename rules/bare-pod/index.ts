import picomatch from 'picomatch';
import { isMap, type Node } from 'yaml';
import { blockText, columnOf, FixNotPossible, type FixBuilder, layoutOf } from '../../server/src/engine/fix-builder';
import { isObject, type Resource } from '../../server/src/engine/parse';
import { pdbSelector, type Relations, serviceSelector } from '../../server/src/engine/relations';
import { defineRule, type FixSpec } from '../../server/src/engine/rule-api';
import { labelsOf, matches } from '../../server/src/engine/selectors';
import { get, type Workload } from '../../server/src/engine/workload';
import { locate } from '../../server/src/engine/yaml-path';
import { EKS } from '../lib/docs';
import { indentLines, sourceOf } from '../lib/documents';

/** Where kubelets read static pod manifests (`staticPodPath`): those Pods are restarted by the kubelet itself. */
const DEFAULT_STATIC_POD_PATHS = ['**/etc/kubernetes/manifests/**', '**/static-pods/**'];

/** Annotations of an exported mirror pod (`kubectl get pod -o yaml` of a static pod). */
const MIRROR_ANNOTATIONS = ['kubernetes.io/config.mirror', 'kubernetes.io/config.source'];

/** Annotations that describe a Pod object, not a pod template: they are not copied into the template. */
const NOT_COPIED = new Set(['kubectl.kubernetes.io/last-applied-configuration']);

export default defineRule({
  meta: {
    id: 'bare-pod',
    category: 'reliability',
    severity: 'warning',
    signal: 'strong',
    fixable: 'unsafe',
    kinds: ['Pod'],
    messages: {
      bare: 'Pod "{{name}}" has no controller: when its node is drained, replaced or fails, nothing recreates it, and the application stays down until someone applies it again.',
      bareToCompletion:
        'Pod "{{name}}" has no controller: when its node is drained, replaced or fails before the Pod completes, nothing runs it again.',
      wrapDeployment: 'Wrap in Deployment ({{replicas}} replicas)',
      wrapDeploymentSingle: 'Wrap in Deployment (1 replica: it mounts PersistentVolumeClaim "{{claim}}", which two pods may not share)',
      wrapJob: 'Wrap in Job',
    },
    docs: {
      description: 'Pods need a controller (a Deployment, StatefulSet or Job) that recreates them when their node goes away.',
      source: { title: 'EKS Best Practices: Reliability › Applications › Avoid running singleton Pods', url: `${EKS}/application.html` },
    },
    options: {
      type: 'object',
      properties: {
        staticPodPaths: {
          description:
            'Globs of static pod manifests (read by the kubelet from its `staticPodPath`), which are exempt. A glob matches the whole path of a file or any trailing part of it.',
          type: 'array',
          items: { type: 'string', minLength: 1 },
          default: [...DEFAULT_STATIC_POD_PATHS],
        },
      },
      additionalProperties: false,
    },
  },
  check({ resource, workload, relations, settings, options, report }) {
    if (!workload || resource.group !== '' || workload.helmHook) return;
    const annotations = labelsOf(get(resource.object, ['metadata', 'annotations']));
    if (MIRROR_ANNOTATIONS.some((key) => annotations[key] !== undefined)) return;
    if (hasControllerOwner(resource)) return;
    const globs = Array.isArray(options.staticPodPaths)
      ? options.staticPodPaths.filter((glob): glob is string => typeof glob === 'string' && glob !== '')
      : DEFAULT_STATIC_POD_PATHS;
    if (pathMatches(resource.file, globs)) return;

    const restartPolicy = workload.podSpec.restartPolicy;
    const toCompletion = restartPolicy === 'Never' || restartPolicy === 'OnFailure';
    const name = resource.name;
    let suggest: FixSpec;
    if (toCompletion) {
      suggest = { messageId: 'wrapJob', apply: (fix) => wrap(fix, workload, relations, { kind: 'Job' }) };
    } else {
      const claim = sharedClaim(workload, relations);
      const replicas = claim ? 1 : Math.max(2, settings.preferredReplicas ?? 2);
      suggest = {
        messageId: claim ? 'wrapDeploymentSingle' : 'wrapDeployment',
        data: claim ? { claim } : { replicas },
        apply: (fix) => wrap(fix, workload, relations, { kind: 'Deployment', replicas }),
      };
    }
    report({ at: ['kind'], on: 'value', messageId: toCompletion ? 'bareToCompletion' : 'bare', data: { name }, suggest: [suggest] });
  },
});

/** An export of a pod that a controller owns (`kubectl get pod -o yaml`): its controller recreates it. */
function hasControllerOwner(resource: Resource): boolean {
  const owners = get(resource.object, ['metadata', 'ownerReferences']);
  return Array.isArray(owners) && owners.some((owner) => isObject(owner) && owner.controller === true);
}

const matchers = new Map<string, picomatch.Matcher>();

/** Whether a glob matches the file's path or a trailing part of it (paths are absolute in the CLI and editor). */
function pathMatches(file: string, globs: readonly string[]): boolean {
  if (globs.length === 0) return false;
  const segments = file.replace(/\\/g, '/').split('/');
  return globs.some((glob) => {
    let matcher = matchers.get(glob);
    if (!matcher) {
      matcher = picomatch(glob, { dot: true });
      matchers.set(glob, matcher);
    }
    for (let i = 0; i < segments.length; i++) {
      if (matcher(segments.slice(i).join('/'))) return true;
    }
    return false;
  });
}

/**
 * A PersistentVolumeClaim the pod mounts that two replicas could not share: any claim, unless its manifest is
 * in the project and allows ReadWriteMany (EBS volumes are ReadWriteOnce: the second pod would hang on a
 * Multi-Attach error).
 */
function sharedClaim(workload: Workload, relations: Relations): string | undefined {
  const volumes = workload.podSpec.volumes;
  if (!Array.isArray(volumes)) return undefined;
  const namespace = relations.namespaceOf(workload.resource);
  for (const volume of volumes) {
    const claim = get(volume, ['persistentVolumeClaim', 'claimName']);
    if (typeof claim !== 'string' || !claim) continue;
    const pvc = relations.ofKind(namespace, '', 'PersistentVolumeClaim').find((resource) => resource.name === claim);
    const modes = pvc ? get(pvc.object, ['spec', 'accessModes']) : undefined;
    if (Array.isArray(modes) && modes.includes('ReadWriteMany')) continue;
    return claim;
  }
  return undefined;
}

type Wrapper = { kind: 'Deployment'; replicas: number } | { kind: 'Job' };

/**
 * Turns the Pod into a Deployment or Job in place: `apiVersion` and `kind` change, the metadata stays, and the
 * pod spec moves two levels down under `template.spec`, line by line (its comments move with it). Only the
 * new keys (`replicas`, `selector`, `template.metadata`) are generated text.
 */
function wrap(fix: FixBuilder, workload: Workload, relations: Relations, wrapper: Wrapper): void {
  const resource = workload.resource;
  const source = sourceOf(resource, relations);
  if (!source) throw new FixNotPossible('file not in the project');
  const { text, eol } = source;
  const doc = resource.document.yaml;
  const located = locate(doc, resource.node, ['spec']);
  const spec = located.node as Node | null;
  if (!located.found || located.aliasSite || !located.key?.range || !isMap(spec) || spec.flow || !spec.range) {
    throw new FixNotPossible('the pod spec is not a block mapping');
  }
  const firstKey = spec.items[0]?.key as Node | undefined;
  if (!firstKey?.range) throw new FixNotPossible('empty pod spec');

  const name = resource.name;
  const podLabels = labelsOf(get(resource.object, ['metadata', 'labels']));
  let labels: Record<string, string> = { ...podLabels };
  if (Object.keys(labels).length === 0) {
    if (!get(resource.object, ['metadata', 'name'])) throw new FixNotPossible('no labels and no name to select the pods by');
    // New labels must not make a Service send the pods traffic, or a budget cover them, that did not before.
    const bucket = relations.bucket(relations.namespaceOf(resource));
    const selected = (candidate: Record<string, string>) =>
      bucket.services.some((service) => matches(serviceSelector(service), candidate)) || bucket.pdbs.some((pdb) => matches(pdbSelector(pdb), candidate));
    const candidates: Record<string, string>[] = [{ app: name }, { 'app.kubernetes.io/name': name }];
    const free = candidates.find((candidate) => !selected(candidate));
    if (!free) throw new FixNotPossible('every label the fix could add is selected by a Service or budget');
    labels = free;
  }
  const annotations = Object.fromEntries(
    Object.entries(labelsOf(get(resource.object, ['metadata', 'annotations']))).filter(([key]) => !NOT_COPIED.has(key)),
  );
  const templateMetadata: Record<string, unknown> = {};
  if (wrapper.kind === 'Deployment' || Object.keys(podLabels).length > 0) templateMetadata.labels = labels;
  if (Object.keys(annotations).length > 0) templateMetadata.annotations = annotations;

  const layout = layoutOf(doc, text);
  const column = columnOf(text, firstKey.range[0]);
  const pad = (n: number) => ' '.repeat(n);
  // The first line after `spec:`: the new keys go there, and the old spec lines shift below them.
  const keyLineEnd = text.indexOf('\n', located.key.range[1]);
  if (keyLineEnd === -1 || keyLineEnd >= firstKey.range[0]) throw new FixNotPossible('the pod spec starts on the line of its key');
  const from = keyLineEnd + 1;

  let header = '';
  if (wrapper.kind === 'Deployment') {
    header += blockText({ replicas: wrapper.replicas, selector: { matchLabels: labels } }, column, layout, eol);
  }
  header += `${pad(column)}template:${eol}`;
  if (Object.keys(templateMetadata).length > 0) header += blockText({ metadata: templateMetadata }, column + layout.unit, layout, eol);
  header += `${pad(column + layout.unit)}spec:${eol}`;

  fix.set(resource, ['apiVersion'], wrapper.kind === 'Deployment' ? 'apps/v1' : 'batch/v1');
  fix.set(resource, ['kind'], wrapper.kind);
  fix.edits.push({ file: resource.file, start: from, end: from, text: header });
  indentLines(fix, resource.file, text, from, lastContentEnd(text, spec.range[1]), 2 * layout.unit);
  // An exported Pod's status belongs to the Pod, not to the new controller.
  if (get(resource.object, ['status']) !== undefined) fix.remove(resource, ['status']);
}

function lastContentEnd(text: string, offset: number): number {
  let end = offset;
  while (end > 0 && /\s/.test(text[end - 1]!)) end--;
  return end;
}
