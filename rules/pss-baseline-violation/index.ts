import { defineRule } from '../../server/src/engine/rule-api';
import { WORKLOAD_KINDS } from '../../server/src/engine/workload';
import { EKS } from '../lib/docs';
import { enforcementOf, enforceRelated } from '../lib/pod-security';
import { type Control, CONTROLS, baselineViolations } from './controls';

/** Controls that node agents in kube-system need by design: CNI, CSI, kube-proxy, log and metric collectors. */
const DEFAULT_KUBE_SYSTEM_EXEMPTIONS: Control[] = ['host-namespaces', 'hostpath'];

export default defineRule({
  meta: {
    id: 'pss-baseline-violation',
    category: 'security',
    severity: 'warning',
    signal: 'strong',
    fixable: 'unsafe',
    kinds: WORKLOAD_KINDS,
    messages: {
      'host-process': '{{subject}} runs as a Windows HostProcess container, with the node\'s own privileges: {{consequence}}.',
      'host-namespaces': '{{subject}} sets {{field}}: true and shares the node\'s {{namespace}} namespace, which lets it see and reach what the node does: {{consequence}}.',
      privileged: '{{subject}} runs privileged, with every device and capability of the node, so a compromise of it is a node takeover: {{consequence}}.',
      capabilities: '{{subject}} adds the capability {{capability}}, which is outside the baseline allow-list: {{consequence}}.',
      hostpath: 'hostPath volume "{{volume}}" of {{subject}} exposes the node\'s {{path}}{{hint}}: {{consequence}}.',
      'host-ports': '{{subject}} binds host port {{port}}, which exposes it on the node\'s address and allows one such pod per node: {{consequence}}.',
      apparmor: '{{subject}} runs with the AppArmor profile "{{profile}}", which turns off the runtime\'s confinement: {{consequence}}.',
      selinux: '{{subject}} sets seLinuxOptions.{{field}} to "{{value}}"{{reason}}: {{consequence}}.',
      'proc-mount': '{{subject}} sets procMount: {{value}}, which unmasks /proc and exposes the node\'s kernel interfaces: {{consequence}}.',
      seccomp: '{{subject}} sets seccompProfile.type: {{value}}, which lets it make any system call: {{consequence}}.',
      'host-probes': 'The {{handler}} of {{subject}} targets host "{{host}}", which makes the kubelet connect to any address from the node: {{consequence}}.',
      sysctls:
        '{{subject}} sets the sysctl {{sysctl}}, which is outside the safe set of Kubernetes {{version}}: the kubelet rejects the pod unless its node allows that sysctl, and the scheduler keeps placing it again, which strains the control plane; {{consequence}}.',
      setValue: 'Set {{field}} to {{value}}',
      remove: 'Remove {{field}}',
      mountReadOnly: 'Mount "{{volume}}" read-only in {{container}} (an interim step)',
      removeVolume: 'Remove the hostPath volume "{{volume}}" and its mounts',
    },
    docs: {
      description: 'Pod templates should meet the baseline Pod Security Standard: no host namespaces, privileged containers, hostPath volumes or unsafe sysctls.',
      source: {
        title: 'EKS Best Practices: Security › Pod Security › Pod Security Standards (PSS) and Pod Security Admission (PSA)',
        url: `${EKS}/pod-security.html`,
      },
    },
    options: {
      type: 'object',
      additionalProperties: false,
      properties: {
        kubeSystemDaemonSetExemptions: {
          description:
            'Controls not reported for DaemonSets in kube-system (CNI, CSI drivers, kube-proxy, node agents need them). With host-namespaces exempt, host ports of hostNetwork pods are exempt too.',
          type: 'array',
          items: { type: 'string', enum: [...CONTROLS] },
          uniqueItems: true,
          default: DEFAULT_KUBE_SYSTEM_EXEMPTIONS,
        },
      },
    },
  },
  check({ workload, namespace, relations, settings, options, report }) {
    if (!workload) return;
    const enforcement = enforcementOf(relations, namespace, settings);
    if (enforcement.level === 'privileged') return;
    const configured = Array.isArray(options.kubeSystemDaemonSetExemptions) ? (options.kubeSystemDaemonSetExemptions as Control[]) : DEFAULT_KUBE_SYSTEM_EXEMPTIONS;
    const exempt = new Set<Control>(workload.isDaemonSet && namespace === 'kube-system' ? configured : []);
    // With the host network, every container port is a host port: one finding (host-namespaces) says it.
    if (exempt.has('host-namespaces') && workload.podSpec.hostNetwork === true) exempt.add('host-ports');
    const rejected = enforcement.level === 'baseline' || enforcement.level === 'restricted';
    const consequence = rejected
      ? `namespace "${namespace}" enforces the ${enforcement.level} Pod Security Standard, so the API server rejects the pod`
      : 'the baseline Pod Security Standard forbids it';
    const related = rejected ? enforceRelated(enforcement) : [];
    for (const violation of baselineViolations(workload, enforcement.version)) {
      if (exempt.has(violation.control)) continue;
      report({
        at: violation.at,
        ...(violation.on ? { on: violation.on } : {}),
        messageId: violation.control,
        data: { ...violation.data, consequence },
        ...(rejected ? { severity: 'error' as const } : {}),
        related,
        suggest: violation.suggest,
      });
    }
  },
});
