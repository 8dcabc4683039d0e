import { isObject } from '../../server/src/engine/parse';
import type { FixBuilder } from '../../server/src/engine/fix-builder';
import { defineRule, type FixSpec } from '../../server/src/engine/rule-api';
import { type ContainerRef, WORKLOAD_KINDS, type Workload } from '../../server/src/engine/workload';
import type { Path } from '../../server/src/engine/yaml-path';
import { EKS } from '../lib/docs';
import { containerLabel } from '../lib/images';
import { joinInsertions } from '../lib/pod-security';

const TMP = '/tmp';

/** Windows containers cannot set readOnlyRootFilesystem (EKS-POD): `spec.os.name` or a Windows node selector. */
function isWindows(workload: Workload): boolean {
  const os = workload.podSpec.os;
  if (isObject(os) && os.name === 'windows') return true;
  const selector = workload.podSpec.nodeSelector;
  return isObject(selector) && (selector['kubernetes.io/os'] === 'windows' || selector['beta.kubernetes.io/os'] === 'windows');
}

function mountsOf(container: ContainerRef): unknown[] {
  return Array.isArray(container.spec.volumeMounts) ? container.spec.volumeMounts : [];
}

/** The mount path without trailing slashes (trimmed by hand: a regex anchored only at the end is quadratic). */
function mountPath(mount: unknown): string | undefined {
  if (!isObject(mount) || typeof mount.mountPath !== 'string') return undefined;
  let end = mount.mountPath.length;
  while (end > 1 && mount.mountPath[end - 1] === '/') end--;
  return mount.mountPath.slice(0, end);
}

/** The volume the /tmp quick-fix mounts: an existing emptyDir named `tmp`, else a new one with a free name. */
function tmpVolume(workload: Workload): { name: string; exists: boolean } {
  const volumes = Array.isArray(workload.podSpec.volumes) ? workload.podSpec.volumes.filter(isObject) : [];
  const names = new Set(volumes.map((volume) => volume.name));
  const existing = volumes.find((volume) => volume.name === 'tmp');
  if (existing && isObject(existing.emptyDir)) return { name: 'tmp', exists: true };
  let name = 'tmp';
  for (let n = 2; names.has(name); n++) name = `tmp-${n}`;
  return { name, exists: false };
}

/**
 * Insertions that land on one offset (the end of a container that ends with its volumeMounts or its
 * securityContext) must be written innermost first: an item of the inner list before a key of the container.
 */
function nestFirst(fix: FixBuilder): void {
  const depth = (text: string) => /^(?:\r?\n)?( *)/.exec(text)![1]!.length;
  const order = fix.edits.map((edit, index) => ({ edit, index, depth: edit.start === edit.end ? depth(edit.text) : 0 }));
  order.sort(
    (a, b) =>
      a.edit.file.localeCompare(b.edit.file) || a.edit.start - b.edit.start || a.edit.end - b.edit.end || b.depth - a.depth || a.index - b.index,
  );
  fix.edits.splice(0, fix.edits.length, ...order.map(({ edit }) => edit));
}

export default defineRule({
  meta: {
    id: 'readonly-root-fs-missing',
    category: 'security',
    severity: 'info',
    strictSeverity: 'warning',
    signal: 'strong',
    fixable: 'unsafe',
    kinds: WORKLOAD_KINDS,
    messages: {
      missing:
        '{{container}} of {{kind}} "{{name}}" does not set readOnlyRootFilesystem: true: an attacker who gets code execution can write and run tools in its file system. Make the root file system read-only and mount writable volumes where the application writes.',
      writable:
        '{{container}} of {{kind}} "{{name}}" sets readOnlyRootFilesystem: false: an attacker who gets code execution can write and run tools in its file system. Make the root file system read-only and mount writable volumes where the application writes.',
      setReadOnly: 'Set readOnlyRootFilesystem: true on {{container}}',
      setReadOnlyWithTmp: 'Set readOnlyRootFilesystem: true on {{container}} and mount an emptyDir at /tmp',
    },
    docs: {
      description: 'Containers should run with a read-only root file system, with writable volumes only where the application writes.',
      source: {
        title: 'EKS Best Practices: Security › Pod Security › Configure your images with read-only root file system',
        url: `${EKS}/pod-security.html`,
      },
    },
  },
  check({ workload, report }) {
    if (!workload || isWindows(workload)) return;
    for (const container of workload.containers) {
      // Init containers run to completion before the application starts; only long-running containers count.
      if (container.type === 'init') continue;
      const securityContext = container.spec.securityContext;
      const value = isObject(securityContext) ? securityContext.readOnlyRootFilesystem : undefined;
      if (value === true) continue;
      const flagPath: Path = [...container.path, 'securityContext', 'readOnlyRootFilesystem'];
      const label = containerLabel(container);
      const data = { container: containerLabel(container, true), kind: workload.kind, name: workload.resource.name || '(unnamed)' };
      const setFlag = (fix: Parameters<FixSpec['apply']>[0]) => fix.set(workload.resource, flagPath, true);
      const suggest: FixSpec[] = [{ messageId: 'setReadOnly', data: { container: label }, apply: setFlag }];
      if (!mountsOf(container).some((mount) => mountPath(mount) === TMP)) {
        const volume = tmpVolume(workload);
        suggest.push({
          messageId: 'setReadOnlyWithTmp',
          data: { container: label },
          apply: (fix) => {
            setFlag(fix);
            fix.appendItem(workload.resource, [...container.path, 'volumeMounts'], { name: volume.name, mountPath: TMP });
            if (!volume.exists) fix.appendItem(workload.resource, [...workload.podSpecPath, 'volumes'], { name: volume.name, emptyDir: {} });
            nestFirst(fix);
            joinInsertions(fix);
          },
        });
      }
      const explicit = value !== undefined && value !== null;
      const anchor: Path = explicit ? flagPath : isObject(securityContext) ? [...container.path, 'securityContext'] : [...container.path, 'name'];
      report({ at: anchor, on: explicit ? 'value' : 'key', messageId: explicit ? 'writable' : 'missing', data, suggest });
    }
  },
});
