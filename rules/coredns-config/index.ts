import type { FixBuilder, TextEdit } from '../../server/src/engine/fix-builder';
import { isObject, type Resource } from '../../server/src/engine/parse';
import type { Relations } from '../../server/src/engine/relations';
import { defineRule, type FixSpec, type Related, type RuleContext } from '../../server/src/engine/rule-api';
import { type ContainerRef, WORKLOAD_KINDS, type Workload } from '../../server/src/engine/workload';
import type { Path } from '../../server/src/engine/yaml-path';
import { EKS } from '../lib/docs';
import { containerLabel } from '../lib/images';
import { coreDnsContainers, isCoreDns } from '../lib/network-policies';
import { type Corefile, directives, healthEdit, lameduckEdit, parseDuration, readCorefile, readyEdit, readyPort } from './corefile';

/** The lameduck the EKS guide recommends (EKS-SCALE-SVC "CoreDNS lameduck duration"). */
const LAMEDUCK_SECONDS = 30;

/**
 * The FixBuilder edits YAML structure; a Corefile change is a line edit inside a block scalar, so it is added
 * as a raw text edit (the engine merges and applies edits by offset, whatever built them).
 */
function pushEdit(fix: FixBuilder, edit: TextEdit | undefined): void {
  if (edit) fix.edits.push(edit);
}

/** ConfigMaps in the namespace whose `data.Corefile` a CoreDNS workload mounts, or the one named `coredns`. */
function corefileOf(workload: Workload, namespace: string, relations: Relations): Corefile | undefined {
  const configMaps = relations.ofKind(namespace, '', 'ConfigMap');
  const volumes = Array.isArray(workload.podSpec.volumes) ? workload.podSpec.volumes : [];
  const names = volumes.flatMap((volume) => (isObject(volume) && isObject(volume.configMap) && typeof volume.configMap.name === 'string' ? [volume.configMap.name] : []));
  for (const name of [...names, 'coredns']) {
    const configMap = configMaps.find((resource) => resource.name === name);
    const corefile = configMap && readCorefile(configMap, relations);
    if (corefile) return corefile;
  }
  return undefined;
}

/** Whether the ConfigMap holds CoreDNS's Corefile: named `coredns`, or mounted by a CoreDNS workload of the namespace. */
function isCoreDnsConfigMap(resource: Resource, namespace: string, relations: Relations): boolean {
  if (resource.name === 'coredns') return true;
  return relations.bucket(namespace).workloads.some((workload) => {
    if (!isCoreDns(workload)) return false;
    const volumes = Array.isArray(workload.podSpec.volumes) ? workload.podSpec.volumes : [];
    return volumes.some((volume) => isObject(volume) && isObject(volume.configMap) && volume.configMap.name === resource.name);
  });
}

/** The probe's port as a number: a number, or the name of one of the container's ports. */
function probePort(container: ContainerRef, port: unknown): number | undefined {
  if (typeof port === 'number') return port;
  if (typeof port !== 'string') return undefined;
  if (/^[0-9]{1,5}$/.test(port)) return Number(port);
  const ports = Array.isArray(container.spec.ports) ? container.spec.ports : [];
  const named = ports.find((p) => isObject(p) && p.name === port);
  return isObject(named) && typeof named.containerPort === 'number' ? named.containerPort : undefined;
}

export default defineRule({
  meta: {
    id: 'coredns-config',
    category: 'networking',
    severity: 'warning',
    signal: 'strong',
    fixable: 'safe',
    kinds: [...WORKLOAD_KINDS, 'ConfigMap'],
    messages: {
      healthReadiness:
        'CoreDNS {{container}} of {{kind}} "{{name}}" uses /health as its readiness probe: /health answers OK as soon as the process runs, before the kubernetes plugin has synced Services, so new replicas get queries they answer with errors during every scale-out and rollout. The ready plugin\'s /ready on port {{readyPort}} reports readiness.',
      noReadyPlugin:
        'CoreDNS {{container}} of {{kind}} "{{name}}" probes /ready, but the Corefile in ConfigMap "{{configMap}}" has no ready plugin: the probe always fails, so no CoreDNS pod becomes Ready and cluster DNS has no endpoints.',
      readyPort:
        'CoreDNS {{container}} of {{kind}} "{{name}}" probes /ready on port {{port}}, but the ready plugin of the Corefile in ConfigMap "{{configMap}}" listens on {{readyPort}}: the probe always fails, so no CoreDNS pod becomes Ready and cluster DNS has no endpoints.',
      lameduckMissing:
        'The Corefile in ConfigMap "{{name}}" has a health plugin without lameduck: CoreDNS stops answering as soon as it receives SIGTERM, while clients still send it queries until its endpoint is removed, so lookups fail during every scale-in, rollout and node drain.',
      lameduckShort:
        'The Corefile in ConfigMap "{{name}}" sets lameduck {{duration}}, below the 30s the EKS guide recommends: CoreDNS stops answering before every client has stopped sending it queries, so lookups fail during scale-in, rollouts and node drains.',
      healthMissing:
        'The Corefile in ConfigMap "{{name}}" has no health plugin, so CoreDNS has no lameduck period: it stops answering as soon as it receives SIGTERM, and lookups fail during every scale-in, rollout and node drain.',
      useReady: 'Probe /ready on port {{readyPort}}',
      useReadyAndAddPlugin: 'Probe /ready on port {{readyPort}} and add the ready plugin to the Corefile',
      addReadyPlugin: 'Add the ready plugin to the Corefile in ConfigMap "{{configMap}}"',
      setReadyPort: 'Probe port {{readyPort}}',
      setLameduck: 'Set lameduck {{seconds}}s in the health plugin',
      addHealth: 'Add the health plugin with lameduck {{seconds}}s',
    },
    docs: {
      description:
        'CoreDNS should report readiness through the ready plugin (/ready on 8181) and keep answering for 30 seconds after SIGTERM (health lameduck).',
      source: {
        title: 'EKS Best Practices: Scalability › Cluster services › CoreDNS lameduck duration, CoreDNS readiness probe',
        url: `${EKS}/scale-cluster-services.html`,
      },
    },
  },
  check(context) {
    const { resource, workload } = context;
    if (workload) checkWorkload(context, workload);
    else if (resource.kind === 'ConfigMap' && resource.group === '') checkCorefile(context);
  },
});

function checkWorkload({ namespace, relations, report }: RuleContext, workload: Workload): void {
  if (!isCoreDns(workload)) return;
  const corefile = corefileOf(workload, namespace, relations);
  const ready = corefile ? directives(corefile, 'ready')[0] : undefined;
  const port = ready ? readyPort(ready) : 8181;
  if (port === undefined) return;
  const configMap = corefile?.resource.name ?? '';
  const related: Related[] = corefile ? [{ resource: corefile.resource, at: ['data', 'Corefile'], message: `The Corefile is in ConfigMap "${configMap}".` }] : [];
  const { resource } = workload;

  for (const container of coreDnsContainers(workload)) {
    const probe = container.spec.readinessProbe;
    const httpGet = isObject(probe) ? probe.httpGet : undefined;
    if (!isObject(httpGet) || typeof httpGet.path !== 'string') continue;
    const path = httpGet.path.trim();
    const httpGetPath: Path = [...container.path, 'readinessProbe', 'httpGet'];
    const data = { container: containerLabel(container), kind: workload.kind, name: resource.name, readyPort: port, configMap };
    const setProbe = (fix: FixBuilder) => {
      fix.set(resource, [...httpGetPath, 'path'], '/ready');
      if (probePort(container, httpGet.port) !== port) fix.set(resource, [...httpGetPath, 'port'], port);
    };

    if (path === '/health' || path.startsWith('/health?')) {
      if (corefile && !ready) {
        // Probing /ready without the plugin would fail every probe: the fix adds both.
        report({
          at: [...httpGetPath, 'path'],
          on: 'value',
          messageId: 'healthReadiness',
          data,
          related,
          suggest: corefile.editable
            ? [{ messageId: 'useReadyAndAddPlugin', data, apply: (fix) => (setProbe(fix), pushEdit(fix, readyEdit(corefile))) }]
            : [],
        });
        continue;
      }
      const fix: FixSpec = { messageId: 'useReady', data, apply: setProbe };
      // Without the Corefile in the project the ready plugin is an assumption (the EKS default has it): editor only.
      report({ at: [...httpGetPath, 'path'], on: 'value', messageId: 'healthReadiness', data, related, ...(corefile ? { fix } : { suggest: [fix] }) });
      continue;
    }

    if (path !== '/ready' || !corefile) continue;
    if (!ready) {
      report({
        at: [...httpGetPath, 'path'],
        on: 'value',
        messageId: 'noReadyPlugin',
        data,
        severity: 'error',
        related,
        suggest: corefile.editable ? [{ messageId: 'addReadyPlugin', data, apply: (fix) => pushEdit(fix, readyEdit(corefile)) }] : [],
      });
      continue;
    }
    const actual = probePort(container, httpGet.port);
    if (actual === undefined || actual === port) continue;
    report({
      at: [...httpGetPath, 'port'],
      on: 'value',
      messageId: 'readyPort',
      data: { ...data, port: actual },
      severity: 'error',
      related,
      fix: { messageId: 'setReadyPort', data, apply: (fix) => fix.set(resource, [...httpGetPath, 'port'], port) },
    });
  }
}

function checkCorefile({ resource, namespace, relations, report }: RuleContext): void {
  if (!isCoreDnsConfigMap(resource, namespace, relations)) return;
  const corefile = readCorefile(resource, relations);
  if (!corefile || corefile.servers.length === 0) return;
  const at: Path = ['data', 'Corefile'];
  const data = { name: resource.name, seconds: LAMEDUCK_SECONDS };
  const healths = directives(corefile, 'health');
  if (healths.length === 0) {
    report({
      at,
      messageId: 'healthMissing',
      data,
      suggest: corefile.editable ? [{ messageId: 'addHealth', data, apply: (fix) => pushEdit(fix, healthEdit(corefile, LAMEDUCK_SECONDS)) }] : [],
    });
    return;
  }
  for (const health of healths) {
    const lameduck = health.block?.statements.find((statement) => statement.tokens[0]?.text === 'lameduck');
    const duration = lameduck?.tokens[1]?.text;
    const seconds = duration === undefined ? undefined : parseDuration(duration);
    if (lameduck && duration !== undefined && (seconds === undefined || seconds >= LAMEDUCK_SECONDS)) continue;
    const suggest: FixSpec[] = corefile.editable
      ? [{ messageId: 'setLameduck', data, apply: (fix) => pushEdit(fix, lameduckEdit(corefile, health, LAMEDUCK_SECONDS)) }]
      : [];
    report({
      at,
      messageId: lameduck && duration !== undefined ? 'lameduckShort' : 'lameduckMissing',
      data: { ...data, duration: duration ?? '' },
      suggest,
    });
    return;
  }
}
