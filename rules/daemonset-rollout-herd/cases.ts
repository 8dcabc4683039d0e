import { defineCases } from '../../test/support/rule-tester';

const daemonSet = (strategy: string, image = 'example/node-agent:2.4.1', podSpec = '', top = '') => `apiVersion: apps/v1
kind: DaemonSet
metadata:
  name: node-agent
  namespace: logging
spec:
${top}  selector:
    matchLabels:
      app: node-agent
${strategy}  template:
    metadata:
      labels:
        app: node-agent
    spec:
${podSpec}      containers:
        - name: agent
          image: ${image}
          volumeMounts:
            - name: config
              mountPath: /fluent-bit/etc/
      volumes:
        - name: config
          configMap:
            name: agent-config
`;

const rolling = (fields: string, type = 'RollingUpdate') => `  updateStrategy:
    type: ${type}
    rollingUpdate:
${fields}`;

const fluentBit = 'public.ecr.aws/aws-observability/aws-for-fluent-bit:2.32.2';

const classicConfig = (filter: string) => `apiVersion: v1
kind: ConfigMap
metadata:
  name: agent-config
  namespace: logging
data:
  fluent-bit.conf: |
    [SERVICE]
        Flush         5
        Parsers_File  parsers.conf
    @INCLUDE application-log.conf
  application-log.conf: |
    [INPUT]
        Name                tail
        Tag                 application.*
        Path                /var/log/containers/*.log
${filter}    [OUTPUT]
        Name                cloudwatch_logs
        Match               application.*
`;

const kubernetesFilter = `    [FILTER]
        Name                kubernetes
        Match               application.*
        Merge_Log           On
`;

const yamlConfig = (useKubelet: string) => `apiVersion: v1
kind: ConfigMap
metadata:
  name: agent-config
  namespace: logging
data:
  fluent-bit.yaml: |
    pipeline:
      inputs:
        - name: tail
          path: /var/log/containers/*.log
      filters:
        - name: kubernetes
          match: kube.*
${useKubelet}      outputs:
        - name: stdout
          match: '*'
`;

/** The quick-fix output for `maxUnavailable: <value>` with no minReadySeconds. */
const slowed = (value: string, image?: string, podSpec = '') =>
  `${daemonSet(rolling(`      maxUnavailable: ${value}\n`), image, podSpec).replace(`maxUnavailable: ${value}`, 'maxUnavailable: 1')}  minReadySeconds: 60\n`;

export default defineCases({
  valid: [
    { name: 'the apps/v1 default rollout (one node at a time) of an agent that does not call the API', code: daemonSet('') },
    {
      name: 'the EKS guide rollout for an API client',
      code: daemonSet(rolling('      maxUnavailable: 1\n      maxSurge: 0\n'), fluentBit, '', '  minReadySeconds: 60\n'),
      files: { 'config.yaml': classicConfig(kubernetesFilter) },
    },
    { name: 'OnDelete: pods change only when someone deletes them', code: daemonSet('  updateStrategy:\n    type: OnDelete\n') },
    { name: 'a percentage below 10%', code: daemonSet(rolling('      maxUnavailable: 5%\n')) },
    { name: 'a percentage below a raised threshold', code: daemonSet(rolling('      maxUnavailable: 25%\n')), config: { rules: { 'daemonset-rollout-herd': { options: { maxUnavailablePercent: 30 } } } } },
    {
      name: 'Fluent Bit with Use_Kubelet On asks the kubelet, not the API server',
      code: daemonSet('', fluentBit),
      files: { 'config.yaml': classicConfig(kubernetesFilter.replace('Merge_Log           On\n', 'Merge_Log           On\n        Use_Kubelet         On\n        Kubelet_Port        10250\n')) },
    },
    { name: 'Fluent Bit without a kubernetes filter', code: daemonSet('', fluentBit), files: { 'config.yaml': classicConfig('') } },
    {
      name: 'an API client without a token cannot call the API: no minReadySeconds finding',
      code: daemonSet('', 'bitnami/kubectl:1.30', '      automountServiceAccountToken: false\n'),
    },
    {
      name: 'a Deployment is not a DaemonSet',
      code: daemonSet(rolling('      maxUnavailable: 50%\n')).replace('kind: DaemonSet', 'kind: Deployment').replace('  updateStrategy:', '  strategy:'),
    },
  ],
  invalid: [
    {
      name: 'a quarter of the nodes at once, for an agent that does not call the API: info',
      code: daemonSet(rolling('      maxUnavailable: 25%\n')),
      errors: [
        {
          messageId: 'aggressive',
          line: 13,
          column: 23,
          endLine: 13,
          endColumn: 26,
          severity: 'info',
          output: null,
          suggestions: [{ messageId: 'slowRollout', output: slowed('25%') }],
        },
      ],
    },
    {
      name: 'Fluent Bit whose kubernetes filter asks the API server: warning',
      code: daemonSet(rolling('      maxUnavailable: "25%"\n'), fluentBit),
      files: { 'config.yaml': classicConfig(kubernetesFilter) },
      errors: [
        {
          messageId: 'aggressive',
          line: 13,
          column: 23,
          endLine: 13,
          endColumn: 28,
          severity: 'warning',
          suggestions: [{ messageId: 'slowRollout', output: slowed('"25%"', fluentBit) }],
        },
      ],
    },
    {
      name: 'Fluent Bit whose configuration is not in the project counts as an API client',
      code: daemonSet(rolling('      maxUnavailable: 10%\n'), 'fluent/fluent-bit:3.0.4'),
      errors: [
        {
          messageId: 'aggressive',
          line: 13,
          column: 23,
          endLine: 13,
          endColumn: 26,
          severity: 'warning',
          suggestions: [{ messageId: 'slowRollout', output: slowed('10%', 'fluent/fluent-bit:3.0.4') }],
        },
      ],
    },
    {
      name: 'the YAML configuration format is read too',
      code: daemonSet(rolling('      maxUnavailable: 20%\n'), fluentBit),
      files: { 'config.yaml': yamlConfig('          use_kubelet: false\n') },
      errors: [
        {
          messageId: 'aggressive',
          line: 13,
          column: 23,
          endLine: 13,
          endColumn: 26,
          severity: 'warning',
          suggestions: [{ messageId: 'slowRollout', output: slowed('20%', fluentBit) }],
        },
      ],
    },
    {
      name: 'a token-less pod cannot call the API: info even for an enrichment agent',
      code: daemonSet(rolling('      maxUnavailable: 3\n'), 'grafana/promtail:3.0.0', '      automountServiceAccountToken: false\n'),
      errors: [
        {
          messageId: 'aggressive',
          line: 13,
          column: 23,
          endLine: 13,
          endColumn: 24,
          severity: 'info',
          suggestions: [{ messageId: 'slowRollout', output: slowed('3', 'grafana/promtail:3.0.0', '      automountServiceAccountToken: false\n') }],
        },
      ],
    },
    {
      name: 'a ServiceAccount that disables the token, with a projected API token volume, still has access',
      code: daemonSet(rolling('      maxUnavailable: 2\n'), 'grafana/promtail:3.0.0', '      serviceAccountName: agent\n').replace(
        '            name: agent-config\n',
        '            name: agent-config\n        - name: token\n          projected:\n            sources:\n              - serviceAccountToken:\n                  path: token\n',
      ),
      files: { 'sa.yaml': 'apiVersion: v1\nkind: ServiceAccount\nmetadata:\n  name: agent\n  namespace: logging\nautomountServiceAccountToken: false\n' },
      errors: [
        {
          messageId: 'aggressive',
          line: 13,
          column: 23,
          endLine: 13,
          endColumn: 24,
          severity: 'warning',
          suggestions: [
            {
              messageId: 'slowRollout',
              output: `${daemonSet(rolling('      maxUnavailable: 1\n'), 'grafana/promtail:3.0.0', '      serviceAccountName: agent\n').replace(
                '            name: agent-config\n',
                '            name: agent-config\n        - name: token\n          projected:\n            sources:\n              - serviceAccountToken:\n                  path: token\n',
              )}  minReadySeconds: 60\n`,
            },
          ],
        },
      ],
    },
    {
      name: 'a sidecar that polls the API with kubectl, surging on every node',
      code: daemonSet(rolling('      maxUnavailable: 0\n      maxSurge: 1\n'), 'example/node-agent:2.4.1', '', '  minReadySeconds: 30\n').replace(
        '      volumes:',
        '        - name: labeler\n          image: bitnami/kubectl:1.30\n          command: [sh, -c, "while true; do kubectl label node $NODE_NAME seen=1 --overwrite; sleep 60; done"]\n      volumes:',
      ),
      errors: [
        {
          messageId: 'aggressive',
          line: 15,
          column: 17,
          endLine: 15,
          endColumn: 18,
          severity: 'warning',
          suggestions: [
            {
              messageId: 'slowRollout',
              output: daemonSet(rolling('      maxUnavailable: 1\n      maxSurge: 0\n'), 'example/node-agent:2.4.1', '', '  minReadySeconds: 30\n').replace(
                '      volumes:',
                '        - name: labeler\n          image: bitnami/kubectl:1.30\n          command: [sh, -c, "while true; do kubectl label node $NODE_NAME seen=1 --overwrite; sleep 60; done"]\n      volumes:',
              ),
            },
          ],
        },
      ],
    },
    {
      name: 'a lower percentage threshold',
      code: daemonSet(rolling('      maxUnavailable: 5%\n')),
      config: { rules: { 'daemonset-rollout-herd': { options: { maxUnavailablePercent: 5 } } } },
      errors: [{ messageId: 'aggressive', line: 13, column: 23, endLine: 13, endColumn: 25, severity: 'info', suggestions: [{ messageId: 'slowRollout', output: slowed('5%') }] }],
    },
    {
      name: 'an API client without minReadySeconds, on the default rollout',
      code: daemonSet('', 'grafana/promtail:3.0.0'),
      errors: [
        {
          messageId: 'noMinReady',
          line: 6,
          column: 1,
          endLine: 6,
          endColumn: 5,
          severity: 'info',
          output: null,
          suggestions: [{ messageId: 'setMinReady', output: `${daemonSet('', 'grafana/promtail:3.0.0')}  minReadySeconds: 60\n` }],
        },
      ],
    },
    {
      name: 'minReadySeconds: 0, with an init container that calls the API',
      code: daemonSet('', 'example/node-agent:2.4.1', '      initContainers:\n        - name: register\n          image: curlimages/curl:8.8.0\n          command: [sh, -c, "curl -sf https://kubernetes.default.svc/healthz"]\n', '  minReadySeconds: 0\n'),
      errors: [
        {
          messageId: 'noMinReady',
          line: 7,
          column: 3,
          endLine: 7,
          endColumn: 18,
          severity: 'info',
          suggestions: [
            {
              messageId: 'setMinReady',
              output: daemonSet(
                '',
                'example/node-agent:2.4.1',
                '      initContainers:\n        - name: register\n          image: curlimages/curl:8.8.0\n          command: [sh, -c, "curl -sf https://kubernetes.default.svc/healthz"]\n',
                '  minReadySeconds: 60\n',
              ),
            },
          ],
        },
      ],
    },
  ],
});
