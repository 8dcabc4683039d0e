import { isObject } from '../../server/src/engine/parse';
import { defineRule, type FixSpec } from '../../server/src/engine/rule-api';
import { WORKLOAD_KINDS } from '../../server/src/engine/workload';
import type { Path } from '../../server/src/engine/yaml-path';
import { EKS } from '../lib/docs';
import {
  BASELINE_CAPABILITIES,
  containerAnchor,
  describeContainer,
  enforcementOf,
  enforceRelated,
  isWindowsPod,
  OTHER_VOLUME_SOURCES,
  type PodContainer,
  podContainers,
  removeWithoutComments,
  SECCOMP_ALLOWED,
  SYSTEM_NAMESPACES,
  usesUserNamespace,
} from '../lib/pod-security';
import { atLeast } from '../lib/versions';
import { effectiveRunAsUser, hardenPlan } from './harden';

/**
 * Only what restricted adds to baseline is reported here: a hostPath volume, an Unconfined seccomp profile
 * or a capability outside the baseline list is a `pss-baseline-violation` finding, never two findings.
 */
export default defineRule({
  meta: {
    id: 'pss-restricted-violation',
    category: 'security',
    severity: 'warning',
    signal: 'strong',
    fixable: 'safe',
    kinds: WORKLOAD_KINDS,
    messages: {
      'volume-types':
        'Volume "{{volume}}" of {{subject}} uses the {{source}} source, which restricted pods may not mount directly (only configMap, csi, downwardAPI, emptyDir, ephemeral, image, persistentVolumeClaim, projected and secret): {{consequence}}.',
      'privilege-escalation':
        '{{Subject}} {{detail}}, so a setuid binary or file capability can give its process more privileges than it started with: {{consequence}}.',
      'run-as-non-root': '{{Subject}} {{detail}}: {{consequence}}.',
      'run-as-user': '{{Subject}} sets runAsUser: 0 and runs as root, so a container escape lands as root on the node: {{consequence}}.',
      seccomp:
        '{{Subject}} sets no seccompProfile of type RuntimeDefault or Localhost (nor does the pod), so it runs without system-call filtering: {{consequence}}.',
      capabilities: '{{Subject}} {{detail}}: {{consequence}}.',
      'proc-mount': '{{Subject}} sets procMount: {{value}}, which restricted forbids even for pods with hostUsers: false: {{consequence}}.',
      harden: 'Apply the restricted securityContext to {{container}}{{note}}',
      setRunAsNonRoot: 'Set runAsNonRoot: true ({{container}} runs as user {{user}}, so nothing changes at runtime)',
      setPodRunAsNonRoot: 'Set runAsNonRoot: true on the pod{{note}}',
      removeCapability: 'Remove {{capability}} from capabilities.add',
    },
    docs: {
      description:
        'Pod templates should meet the restricted Pod Security Standard: no privilege escalation, non-root users, a seccomp profile and all capabilities dropped.',
      source: {
        title: 'EKS Best Practices: Security › Pod Security › Pod Security Standards (PSS) and Pod Security Admission (PSA)',
        url: `${EKS}/pod-security.html`,
      },
    },
    options: {
      type: 'object',
      additionalProperties: false,
      properties: {
        exemptNamespaces: {
          description:
            'Namespaces whose workloads are not checked against restricted: the add-ons of the control plane and EKS run there with the privileges their vendors chose (baseline still applies).',
          type: 'array',
          items: { type: 'string', minLength: 1 },
          default: [...SYSTEM_NAMESPACES],
        },
      },
    },
  },
  check({ workload, namespace, relations, settings, options, report }) {
    if (!workload) return;
    const exempt = Array.isArray(options.exemptNamespaces) ? (options.exemptNamespaces as string[]) : SYSTEM_NAMESPACES;
    if (exempt.includes(namespace)) return;
    const enforcement = enforcementOf(relations, namespace, settings);
    if (enforcement.level === 'privileged') return;
    const version = enforcement.version;
    const rejected = enforcement.level === 'restricted';
    const consequence = rejected
      ? `namespace "${namespace}" enforces the restricted Pod Security Standard, so the API server rejects the pod`
      : 'the restricted Pod Security Standard forbids it';
    const common = { ...(rejected ? { severity: 'error' as const } : {}), related: rejected ? enforceRelated(enforcement) : [] };
    const resource = workload.resource;
    const { kind } = workload;
    const name = resource.name;
    const podSubject = `${kind} "${name}"`;
    const pod = workload.podSpec;
    const podSc = isObject(pod.securityContext) ? pod.securityContext : {};
    const podScPath: Path = [...workload.podSpecPath, 'securityContext'];
    // From policy 1.25, Windows pods are exempt from the Linux-only controls.
    const windows = isWindowsPod(workload) && atLeast(version, '1.25');
    // From policy 1.35, user-namespaced pods are exempt from the user controls (KEP-127).
    const userNamespaced = usesUserNamespace(workload) && atLeast(version, '1.35');
    const containers = podContainers(workload);
    const subjectOf = (container: PodContainer) => `${describeContainer(container)} of ${kind} "${name}"`;
    const data = (subject: string, extra: Record<string, string | number> = {}) => ({
      Subject: subject[0]!.toUpperCase() + subject.slice(1),
      subject,
      consequence,
      ...extra,
    });

    const hardenFor = new Map<PodContainer, FixSpec | undefined>();
    const harden = (container: PodContainer): FixSpec[] => {
      if (!hardenFor.has(container)) {
        const plan = hardenPlan(workload, container);
        const notes = [
          ...(plan?.dropped.length ? [`, turning off ${plan.dropped.join(' and ')} (the API rejects allowPrivilegeEscalation: false beside it)`] : []),
          ...(plan?.warnsRoot ? ['; the container fails to start if its image runs as root, so set runAsUser too'] : []),
        ];
        hardenFor.set(
          container,
          plan ? { messageId: 'harden', data: { container: describeContainer(container), note: notes.join('') }, apply: (fix) => plan.apply(fix) } : undefined,
        );
      }
      const spec = hardenFor.get(container);
      return spec ? [spec] : [];
    };

    // volume-types (hostPath is baseline's finding)
    const volumes = Array.isArray(pod.volumes) ? pod.volumes : [];
    volumes.forEach((volume, index) => {
      if (!isObject(volume)) return;
      for (const [source, value] of Object.entries(volume)) {
        if (source === 'hostPath' || !OTHER_VOLUME_SOURCES.has(source) || value === null || value === undefined) continue;
        report({
          at: [...workload.podSpecPath, 'volumes', index, source],
          messageId: 'volume-types',
          data: data(podSubject, { volume: typeof volume.name === 'string' ? volume.name : `#${index + 1}`, source }),
          ...common,
        });
      }
    });

    // Pod-level settings that restricted forbids outright.
    if (!userNamespaced && podSc.runAsNonRoot === false) {
      const allNonRootUsers = containers.length > 0 && containers.every((c) => (effectiveRunAsUser(workload, c) ?? 0) > 0);
      const spec: FixSpec = {
        messageId: 'setPodRunAsNonRoot',
        data: { note: allNonRootUsers ? '' : ' (containers whose image runs as root then fail to start)' },
        apply: (fix) => void fix.set(resource, [...podScPath, 'runAsNonRoot'], true),
      };
      report({
        at: [...podScPath, 'runAsNonRoot'],
        messageId: 'run-as-non-root',
        data: data(podSubject, { detail: 'sets runAsNonRoot: false, which lets every container run as root' }),
        ...common,
        ...(allNonRootUsers ? { fix: spec } : { suggest: [spec] }),
      });
    }
    if (!userNamespaced && podSc.runAsUser === 0 && atLeast(version, '1.23')) {
      report({ at: [...podScPath, 'runAsUser'], on: 'value', messageId: 'run-as-user', data: data(podSubject), ...common });
    }

    for (const container of containers) {
      const subject = subjectOf(container);
      const sc = isObject(container.spec.securityContext) ? container.spec.securityContext : {};
      const scPath: Path = [...container.path, 'securityContext'];

      if (!windows && sc.allowPrivilegeEscalation !== false) {
        const explicit = 'allowPrivilegeEscalation' in sc;
        report({
          at: explicit ? [...scPath, 'allowPrivilegeEscalation'] : containerAnchor(container),
          messageId: 'privilege-escalation',
          data: data(subject, { detail: explicit ? `sets allowPrivilegeEscalation: ${String(sc.allowPrivilegeEscalation)}` : 'does not set allowPrivilegeEscalation: false' }),
          ...common,
          suggest: harden(container),
        });
      }

      if (!userNamespaced) {
        const own = sc.runAsNonRoot;
        const user = effectiveRunAsUser(workload, container);
        if (own === false || (own !== true && podSc.runAsNonRoot !== true && podSc.runAsNonRoot !== false)) {
          const safe: FixSpec | undefined =
            user !== undefined && Number.isInteger(user) && user > 0
              ? { messageId: 'setRunAsNonRoot', data: { container: describeContainer(container), user }, apply: (fix) => void fix.set(resource, [...scPath, 'runAsNonRoot'], true) }
              : undefined;
          report({
            at: own === false ? [...scPath, 'runAsNonRoot'] : containerAnchor(container),
            messageId: 'run-as-non-root',
            data: data(subject, {
              detail:
                own === false
                  ? 'sets runAsNonRoot: false, so it may run as root'
                  : 'does not set runAsNonRoot: true (nor does the pod), so nothing stops it from running as root when its image does',
            }),
            ...common,
            ...(safe ? { fix: safe } : {}),
            // A container with runAsUser: 0 cannot get runAsNonRoot: true: it would never start.
            suggest: user === 0 ? [] : harden(container),
          });
        }
        if (sc.runAsUser === 0 && atLeast(version, '1.23')) {
          report({ at: [...scPath, 'runAsUser'], on: 'value', messageId: 'run-as-user', data: data(subject), ...common });
        }
      }

      if (!windows && atLeast(version, '1.19')) {
        const profile = sc.seccompProfile;
        const type = isObject(profile) ? profile.type : undefined;
        const podType = isObject(podSc.seccompProfile) ? podSc.seccompProfile.type : undefined;
        // An explicit type outside the allowed set is baseline's finding.
        const explicitType = typeof type === 'string';
        const coveredByPod = !isObject(profile) && typeof podType === 'string' && SECCOMP_ALLOWED.has(podType);
        if (!explicitType && !coveredByPod) {
          report({
            at: 'seccompProfile' in sc ? [...scPath, 'seccompProfile'] : containerAnchor(container),
            messageId: 'seccomp',
            data: data(subject),
            ...common,
            suggest: harden(container),
          });
        }
      }

      if (!windows && atLeast(version, '1.22')) {
        const capabilities = isObject(sc.capabilities) ? sc.capabilities : undefined;
        const drop = capabilities?.drop;
        if (!(Array.isArray(drop) && drop.includes('ALL'))) {
          report({
            at: capabilities && 'drop' in capabilities ? [...scPath, 'capabilities', 'drop'] : containerAnchor(container, ['capabilities']),
            messageId: 'capabilities',
            data: data(subject, { detail: 'does not drop ALL capabilities, so it keeps the runtime defaults such as NET_RAW' }),
            ...common,
            suggest: harden(container),
          });
        }
        const add = capabilities?.add;
        if (Array.isArray(add)) {
          add.forEach((capability, index) => {
            // Outside the baseline list it is baseline's finding.
            if (typeof capability !== 'string' || capability === 'NET_BIND_SERVICE' || !BASELINE_CAPABILITIES.has(capability)) return;
            report({
              at: [...scPath, 'capabilities', 'add', index],
              on: 'value',
              messageId: 'capabilities',
              data: data(subject, { detail: `adds the capability ${capability}, and restricted allows adding only NET_BIND_SERVICE` }),
              ...common,
              suggest: [
                { messageId: 'removeCapability', data: { capability }, apply: (fix) => removeWithoutComments(fix, resource, [...scPath, 'capabilities', 'add', index]) },
              ],
            });
          });
        }
      }

      // procMount: baseline relaxes it for user-namespaced pods from 1.35; restricted does not.
      if (usesUserNamespace(workload) && atLeast(version, '1.35') && typeof sc.procMount === 'string' && sc.procMount !== 'Default') {
        report({ at: [...scPath, 'procMount'], on: 'value', messageId: 'proc-mount', data: data(subject, { value: sc.procMount }), ...common });
      }
    }
  },
});
