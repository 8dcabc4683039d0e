import type { FixBuilder } from '../../server/src/engine/fix-builder';
import { isObject } from '../../server/src/engine/parse';
import type { Data } from '../../server/src/engine/rule-api';
import { get, type Workload } from '../../server/src/engine/workload';
import type { Path } from '../../server/src/engine/yaml-path';
import {
  allowedSelinuxTypes,
  APPARMOR_ANNOTATION_PREFIX,
  APPARMOR_FIELD_ALLOWED,
  appArmorAnnotationAllowed,
  BASELINE_CAPABILITIES,
  describeContainer,
  type PodContainer,
  podContainers,
  removeWithoutComments,
  safeSysctls,
  SECCOMP_ALLOWED,
  usesUserNamespace,
} from '../lib/pod-security';
import { atLeast } from '../lib/versions';

/** The baseline controls, named as the `pss-baseline-violation/<control>` sub-ids of RULES.md SEC1. */
export const CONTROLS = [
  'host-process',
  'host-namespaces',
  'privileged',
  'capabilities',
  'hostpath',
  'host-ports',
  'apparmor',
  'selinux',
  'proc-mount',
  'seccomp',
  'host-probes',
  'sysctls',
] as const;
export type Control = (typeof CONTROLS)[number];

export interface Suggestion {
  messageId: 'setValue' | 'remove' | 'mountReadOnly' | 'removeVolume';
  data: Data;
  apply(fix: FixBuilder): void;
}

export interface Violation {
  control: Control;
  at: Path;
  on?: 'key' | 'value';
  data: Data;
  suggest: Suggestion[];
}

type Resource = Workload['resource'];

const HOST_NAMESPACE_FIELDS = { hostNetwork: 'network', hostPID: 'process', hostIPC: 'IPC' } as const;
const PROBES = ['livenessProbe', 'readinessProbe', 'startupProbe'] as const;
const LIFECYCLE_HANDLERS = ['postStart', 'preStop'] as const;

function capitalize(text: string): string {
  return text[0]!.toUpperCase() + text.slice(1);
}

function setValue(resource: Resource, path: Path, field: string, value: string | boolean): Suggestion {
  return { messageId: 'setValue', data: { field, value: String(value) }, apply: (fix) => void fix.set(resource, path, value) };
}

function removeKey(resource: Resource, path: Path, field: string): Suggestion {
  return { messageId: 'remove', data: { field }, apply: (fix) => removeWithoutComments(fix, resource, path) };
}

function removeItem(resource: Resource, seqPath: Path, index: number, field: string): Suggestion {
  return { messageId: 'remove', data: { field }, apply: (fix) => removeWithoutComments(fix, resource, [...seqPath, index]) };
}

/**
 * Every baseline violation of the pod template at a policy version, the way pod-security-admission's
 * `policy/check_*.go` decide them: pod-level fields, then every init, app and ephemeral container.
 */
export function baselineViolations(workload: Workload, version: string): Violation[] {
  const violations: Violation[] = [];
  const resource = workload.resource;
  const pod = workload.podSpec;
  const podPath = workload.podSpecPath;
  const podSc = isObject(pod.securityContext) ? pod.securityContext : {};
  const podScPath: Path = [...podPath, 'securityContext'];
  const { kind } = workload;
  const name = resource.name;
  const podSubject = `${kind} "${name}"`;
  const containers = podContainers(workload);
  const subjectOf = (container: PodContainer) => `${capitalize(describeContainer(container))} of ${kind} "${name}"`;

  // host-namespaces
  for (const [field, namespace] of Object.entries(HOST_NAMESPACE_FIELDS)) {
    if (pod[field] !== true) continue;
    const at = [...podPath, field];
    violations.push({ control: 'host-namespaces', at, data: { subject: podSubject, field, namespace }, suggest: [setValue(resource, at, field, false)] });
  }

  // hostpath: a writable mount is reported on the mount (the read-only interim fix clears it), the volume otherwise.
  const volumes = Array.isArray(pod.volumes) ? pod.volumes : [];
  volumes.forEach((volume, index) => {
    if (!isObject(volume) || !isObject(volume.hostPath)) return;
    const volumeName = typeof volume.name === 'string' ? volume.name : `#${index + 1}`;
    const hostPath = typeof volume.hostPath.path === 'string' ? volume.hostPath.path : '?';
    const mounts = mountsOf(containers, volume.name);
    const writable = mounts.filter((mount) => mount.spec.readOnly !== true);
    for (const mount of writable) {
      const where = describeContainer(mount.container);
      violations.push({
        control: 'hostpath',
        at: [...mount.path, 'name'],
        on: 'value',
        data: { subject: podSubject, volume: volumeName, path: hostPath, hint: `, and ${where} mounts it read-write at ${String(mount.spec.mountPath ?? '?')}` },
        suggest: [
          {
            messageId: 'mountReadOnly',
            data: { volume: volumeName, container: where },
            apply: (fix) => void fix.set(resource, [...mount.path, 'readOnly'], true),
          },
        ],
      });
    }
    if (writable.length > 0) return;
    violations.push({
      control: 'hostpath',
      at: [...podPath, 'volumes', index, 'hostPath'],
      data: { subject: podSubject, volume: volumeName, path: hostPath, hint: '' },
      suggest: [
        {
          messageId: 'removeVolume',
          data: { volume: volumeName },
          apply: (fix) => {
            for (const mount of mounts) removeWithoutComments(fix, resource, mount.path);
            removeWithoutComments(fix, resource, [...podPath, 'volumes', index]);
          },
        },
      ],
    });
  });

  // sysctls: only the pod level can set them.
  const sysctls = Array.isArray(podSc.sysctls) ? podSc.sysctls : [];
  const safe = safeSysctls(version);
  sysctls.forEach((sysctl, index) => {
    if (!isObject(sysctl) || typeof sysctl.name !== 'string' || safe.has(sysctl.name)) return;
    violations.push({
      control: 'sysctls',
      at: [...podScPath, 'sysctls', index, 'name'],
      on: 'value',
      data: { subject: podSubject, sysctl: sysctl.name, version },
      suggest: [removeItem(resource, [...podScPath, 'sysctls'], index, `the sysctl ${sysctl.name}`)],
    });
  });

  // apparmor: the deprecated annotations are still read by PSA.
  const annotations = get(resource.object, [...workload.templateMetadataPath, 'annotations']);
  if (isObject(annotations)) {
    for (const [key, value] of Object.entries(annotations)) {
      if (!key.startsWith(APPARMOR_ANNOTATION_PREFIX) || typeof value !== 'string' || appArmorAnnotationAllowed(value)) continue;
      const at = [...workload.templateMetadataPath, 'annotations', key];
      const target = key.slice(APPARMOR_ANNOTATION_PREFIX.length);
      violations.push({
        control: 'apparmor',
        at,
        on: 'value',
        data: { subject: `Container "${target}" of ${kind} "${name}"`, profile: value },
        suggest: [setValue(resource, at, key, 'runtime/default')],
      });
    }
  }

  // Security-context fields that the pod and each container may set.
  const contexts: { subject: string; path: Path; sc: Record<string, unknown>; container?: PodContainer }[] = [
    { subject: podSubject, path: podScPath, sc: podSc },
    ...containers.map((container) => ({
      subject: subjectOf(container),
      path: [...container.path, 'securityContext'] as Path,
      sc: isObject(container.spec.securityContext) ? container.spec.securityContext : {},
      container,
    })),
  ];
  const selinuxTypes = allowedSelinuxTypes(version);
  for (const { subject, path, sc, container } of contexts) {
    const windows = sc.windowsOptions;
    if (isObject(windows) && windows.hostProcess === true) {
      const at = [...path, 'windowsOptions', 'hostProcess'];
      violations.push({ control: 'host-process', at, data: { subject }, suggest: [setValue(resource, at, 'hostProcess', false)] });
    }
    if (container && sc.privileged === true) {
      const at = [...path, 'privileged'];
      violations.push({ control: 'privileged', at, data: { subject }, suggest: [setValue(resource, at, 'privileged', false)] });
    }
    const add = get(sc, ['capabilities', 'add']);
    if (container && Array.isArray(add)) {
      add.forEach((capability, index) => {
        if (typeof capability !== 'string' || BASELINE_CAPABILITIES.has(capability)) return;
        violations.push({
          control: 'capabilities',
          at: [...path, 'capabilities', 'add', index],
          on: 'value',
          data: { subject, capability },
          suggest: [removeItem(resource, [...path, 'capabilities', 'add'], index, `${capability} from capabilities.add`)],
        });
      });
    }
    const appArmorType = get(sc, ['appArmorProfile', 'type']);
    if (typeof appArmorType === 'string' && !APPARMOR_FIELD_ALLOWED.has(appArmorType)) {
      const at = [...path, 'appArmorProfile', 'type'];
      violations.push({ control: 'apparmor', at, on: 'value', data: { subject, profile: appArmorType }, suggest: [setValue(resource, at, 'appArmorProfile.type', 'RuntimeDefault')] });
    }
    const selinux = sc.seLinuxOptions;
    if (isObject(selinux)) {
      if (typeof selinux.type === 'string' && !selinuxTypes.has(selinux.type)) {
        const at = [...path, 'seLinuxOptions', 'type'];
        violations.push({
          control: 'selinux',
          at,
          on: 'value',
          data: { subject, field: 'type', value: selinux.type, reason: ', a type outside the container types baseline allows' },
          suggest: [removeKey(resource, at, 'seLinuxOptions.type')],
        });
      }
      for (const field of ['user', 'role'] as const) {
        const value = selinux[field];
        if (typeof value !== 'string' || value === '') continue;
        const at = [...path, 'seLinuxOptions', field];
        violations.push({
          control: 'selinux',
          at,
          on: 'value',
          data: { subject, field, value, reason: `, and baseline forbids choosing the SELinux ${field}` },
          suggest: [removeKey(resource, at, `seLinuxOptions.${field}`)],
        });
      }
    }
    // procMount: relaxed for user-namespaced pods from policy 1.35 (restricted still forbids it).
    if (container && typeof sc.procMount === 'string' && sc.procMount !== 'Default' && !(usesUserNamespace(workload) && atLeast(version, '1.35'))) {
      const at = [...path, 'procMount'];
      violations.push({ control: 'proc-mount', at, on: 'value', data: { subject, value: sc.procMount }, suggest: [setValue(resource, at, 'procMount', 'Default')] });
    }
    const seccomp = get(sc, ['seccompProfile', 'type']);
    if (typeof seccomp === 'string' && !SECCOMP_ALLOWED.has(seccomp)) {
      const at = [...path, 'seccompProfile', 'type'];
      violations.push({ control: 'seccomp', at, on: 'value', data: { subject, value: seccomp }, suggest: [setValue(resource, at, 'seccompProfile.type', 'RuntimeDefault')] });
    }
  }

  for (const container of containers) {
    const subject = subjectOf(container);
    // host-ports
    const ports = Array.isArray(container.spec.ports) ? container.spec.ports : [];
    ports.forEach((port, index) => {
      if (!isObject(port) || typeof port.hostPort !== 'number' || port.hostPort === 0) return;
      const at = [...container.path, 'ports', index, 'hostPort'];
      violations.push({ control: 'host-ports', at, data: { subject, port: port.hostPort }, suggest: [removeKey(resource, at, `hostPort ${port.hostPort}`)] });
    });
    // host-probes (policy 1.34+): a host in a probe or lifecycle handler makes the kubelet connect anywhere.
    if (!atLeast(version, '1.34')) continue;
    const handlers: { label: string; path: Path; value: unknown }[] = [
      ...PROBES.map((probe) => ({ label: probe, path: [...container.path, probe] as Path, value: container.spec[probe] })),
      ...LIFECYCLE_HANDLERS.map((hook) => ({
        label: `${hook} hook`,
        path: [...container.path, 'lifecycle', hook] as Path,
        value: get(container.spec, ['lifecycle', hook]),
      })),
    ];
    for (const handler of handlers) {
      if (!isObject(handler.value)) continue;
      for (const action of ['httpGet', 'tcpSocket'] as const) {
        const host = get(handler.value, [action, 'host']);
        if (typeof host !== 'string' || host === '') continue;
        const at = [...handler.path, action, 'host'];
        violations.push({ control: 'host-probes', at, on: 'value', data: { subject, handler: handler.label, host }, suggest: [removeKey(resource, at, `host "${host}"`)] });
      }
    }
  }
  return violations;
}

interface Mount {
  container: PodContainer;
  path: Path;
  spec: Record<string, unknown>;
}

function mountsOf(containers: readonly PodContainer[], volumeName: unknown): Mount[] {
  const mounts: Mount[] = [];
  if (typeof volumeName !== 'string') return mounts;
  for (const container of containers) {
    const list = container.spec.volumeMounts;
    if (!Array.isArray(list)) continue;
    list.forEach((mount, index) => {
      if (isObject(mount) && mount.name === volumeName) mounts.push({ container, path: [...container.path, 'volumeMounts', index], spec: mount });
    });
  }
  return mounts;
}
