import type { FixBuilder } from '../../server/src/engine/fix-builder';
import { FixNotPossible } from '../../server/src/engine/fix-builder';
import { isObject } from '../../server/src/engine/parse';
import type { Workload } from '../../server/src/engine/workload';
import type { Path } from '../../server/src/engine/yaml-path';
import { isWindowsPod, joinInsertions, mergeMap, type PodContainer, removeWithoutComments, SECCOMP_ALLOWED } from '../lib/pod-security';

/** Capabilities the API refuses beside `allowPrivilegeEscalation: false` (core validation, ValidateSecurityContext). */
const ESCALATING_CAPABILITIES = new Set(['SYS_ADMIN', 'CAP_SYS_ADMIN']);

export interface HardenPlan {
  /** What the edit turns off that the API would reject beside `allowPrivilegeEscalation: false`. */
  dropped: string[];
  /** Whether `runAsNonRoot: true` is written with no `runAsUser`: it fails at start when the image runs as root. */
  warnsRoot: boolean;
  apply(fix: FixBuilder): void;
}

function scOf(value: unknown): Record<string, unknown> | undefined {
  return isObject(value) ? value : undefined;
}

/** The user the container runs as when the manifest says so: its own `runAsUser`, else the pod's. */
export function effectiveRunAsUser(workload: Workload, container: PodContainer): number | undefined {
  const own = scOf(container.spec.securityContext)?.runAsUser;
  if (typeof own === 'number') return own;
  const pod = scOf(workload.podSpec.securityContext)?.runAsUser;
  return typeof pod === 'number' ? pod : undefined;
}

/**
 * The restricted securityContext of RULES.md SEC2 merged into one container: fields it lacks are added,
 * `ALL` is appended to `capabilities.drop`, `add` is kept. Never `allowPrivilegeEscalation: false` alone
 * beside `privileged: true` or an added SYS_ADMIN (the API rejects the pod): those go in the same edit.
 * Windows pods get `runAsNonRoot` only; the API forbids the Linux fields there.
 */
export function hardenPlan(workload: Workload, container: PodContainer): HardenPlan | undefined {
  const resource = workload.resource;
  const scPath: Path = [...container.path, 'securityContext'];
  const sc = scOf(container.spec.securityContext);
  if (sc === undefined && container.spec.securityContext !== undefined && container.spec.securityContext !== null) return undefined;
  const podSc = scOf(workload.podSpec.securityContext) ?? {};
  const windows = isWindowsPod(workload);
  const entries: Record<string, unknown> = {};
  const deep: ((fix: FixBuilder) => void)[] = [];
  const scalars: ((fix: FixBuilder) => void)[] = [];
  const dropped: string[] = [];

  if (!windows && sc?.allowPrivilegeEscalation !== false) {
    if (sc && 'allowPrivilegeEscalation' in sc) scalars.push((fix) => fix.set(resource, [...scPath, 'allowPrivilegeEscalation'], false));
    else entries.allowPrivilegeEscalation = false;
    if (sc?.privileged === true) {
      dropped.push('privileged');
      scalars.push((fix) => fix.set(resource, [...scPath, 'privileged'], false));
    }
    const add = isObject(sc?.capabilities) ? sc.capabilities.add : undefined;
    if (Array.isArray(add)) {
      const escalating = add.flatMap((capability, index) => (typeof capability === 'string' && ESCALATING_CAPABILITIES.has(capability) ? [index] : []));
      for (const index of escalating) {
        dropped.push(String(add[index]));
        deep.push((fix) => removeWithoutComments(fix, resource, [...scPath, 'capabilities', 'add', index]));
      }
    }
  }

  const runAsUser = effectiveRunAsUser(workload, container);
  const ownNonRoot = sc?.runAsNonRoot;
  const needsNonRoot = ownNonRoot !== true && !(ownNonRoot === undefined && podSc.runAsNonRoot === true);
  const setsRunAsNonRoot = needsNonRoot && runAsUser !== 0;
  if (setsRunAsNonRoot) {
    if (sc && 'runAsNonRoot' in sc) scalars.push((fix) => fix.set(resource, [...scPath, 'runAsNonRoot'], true));
    else entries.runAsNonRoot = true;
  }

  if (!windows) {
    const profile = sc?.seccompProfile;
    const type = isObject(profile) ? profile.type : undefined;
    const podType = isObject(podSc.seccompProfile) ? podSc.seccompProfile.type : undefined;
    if (!(typeof type === 'string' && SECCOMP_ALLOWED.has(type))) {
      if (isObject(profile)) deep.push((fix) => fix.set(resource, [...scPath, 'seccompProfile', 'type'], 'RuntimeDefault'));
      else if (!(profile === undefined && typeof podType === 'string' && SECCOMP_ALLOWED.has(podType))) {
        if (sc && 'seccompProfile' in sc) deep.push((fix) => fix.replace(resource, [...scPath, 'seccompProfile'], { type: 'RuntimeDefault' }));
        else entries.seccompProfile = { type: 'RuntimeDefault' };
      }
    }

    const capabilities = sc?.capabilities;
    const drop = isObject(capabilities) ? capabilities.drop : undefined;
    if (!(Array.isArray(drop) && drop.includes('ALL'))) {
      if (Array.isArray(drop)) deep.unshift((fix) => fix.appendItem(resource, [...scPath, 'capabilities', 'drop'], 'ALL'));
      else if (drop !== undefined && drop !== null) return undefined;
      else if (isObject(capabilities) && Object.keys(capabilities).length > 0) {
        deep.unshift((fix) => mergeMap(fix, resource, [...scPath, 'capabilities'], capabilities, { drop: ['ALL'] }));
      } else if (sc && 'capabilities' in sc) deep.push((fix) => fix.replace(resource, [...scPath, 'capabilities'], { drop: ['ALL'] }));
      else entries.capabilities = { drop: ['ALL'] };
    }
  }

  if (deep.length === 0 && scalars.length === 0 && Object.keys(entries).length === 0) return undefined;
  return {
    dropped,
    warnsRoot: setsRunAsNonRoot && runAsUser === undefined,
    apply(fix) {
      // Deeper edits first: an insertion at the end of `capabilities` can share its offset with one at the end of `securityContext`.
      for (const edit of deep) edit(fix);
      for (const edit of scalars) edit(fix);
      if (Object.keys(entries).length > 0) mergeMap(fix, resource, scPath, sc, entries);
      joinInsertions(fix);
      if (fix.edits.length === 0) throw new FixNotPossible('nothing to change');
    },
  };
}
