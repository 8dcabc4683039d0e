import { defineCases } from '../../test/support/rule-tester';

const storageClass = ({ name = 'gp3', provisioner = 'ebs.csi.aws.com', extra = '', annotations = '' } = {}) => `apiVersion: storage.k8s.io/v1
kind: StorageClass
metadata:
  name: ${name}
${annotations}provisioner: ${provisioner}
parameters:
  type: gp3
${extra}`;
const waitForFirstConsumer = 'volumeBindingMode: WaitForFirstConsumer\n';
const defaultAnnotation = '  annotations:\n    storageclass.kubernetes.io/is-default-class: "true"\n';

/** A StatefulSet with one claim template; `claimSpec` lines go before `resources` (line 23 on). */
const statefulSet = ({ replicas = 3, claimSpec = '        storageClassName: gp3\n', podSpec = '', claimMetadata = '' } = {}) => `apiVersion: apps/v1
kind: StatefulSet
metadata:
  name: db
spec:
  replicas: ${replicas}
  serviceName: db
  selector:
    matchLabels:
      app: db
  template:
    metadata:
      labels:
        app: db
    spec:
${podSpec}      containers:
        - name: db
          image: postgres:16.4
  volumeClaimTemplates:
    - metadata:
        name: data
${claimMetadata}      spec:
        accessModes: [ReadWriteOnce]
${claimSpec}        resources:
          requests:
            storage: 100Gi
`;

const spreadBlock = `      topologySpreadConstraints:
        - maxSkew: 1
          topologyKey: topology.kubernetes.io/zone
          whenUnsatisfiable: ScheduleAnyway
          labelSelector:
            matchLabels:
              app: db
        - maxSkew: 1
          topologyKey: kubernetes.io/hostname
          whenUnsatisfiable: ScheduleAnyway
          labelSelector:
            matchLabels:
              app: db
`;
/** The StatefulSet after the spread fix: the block goes after `containers`, at the end of the pod spec. */
const spread = (options: Parameters<typeof statefulSet>[0] = {}) =>
  statefulSet(options).replace('          image: postgres:16.4\n', `          image: postgres:16.4\n${spreadBlock}`);

const gp3 = { 'storage.yaml': storageClass({ extra: waitForFirstConsumer }) };

export default defineCases({
  valid: [
    { name: 'an EBS class that waits for the first consumer', code: storageClass({ extra: waitForFirstConsumer }) },
    { name: 'EFS is multi-AZ', code: storageClass({ name: 'efs', provisioner: 'efs.csi.aws.com' }) },
    { name: 'FSx for Lustre', code: storageClass({ name: 'fsx', provisioner: 'fsx.csi.aws.com' }) },
    {
      name: 'allowedTopologies with two zones',
      code: storageClass({
        extra: `${waitForFirstConsumer}allowedTopologies:
  - matchLabelExpressions:
      - key: topology.ebs.csi.aws.com/zone
        values: [us-east-1a, us-east-1b]
`,
      }),
    },
    {
      name: 'ORed allowedTopologies terms that allow two zones',
      code: storageClass({
        extra: `${waitForFirstConsumer}allowedTopologies:
  - matchLabelExpressions:
      - {key: topology.kubernetes.io/zone, values: [us-east-1a]}
  - matchLabelExpressions:
      - {key: topology.kubernetes.io/zone, values: [us-east-1b]}
`,
      }),
    },
    { name: 'a single-zone cluster (zones: 1)', code: storageClass(), config: { zones: 1 } },
    { name: 'a StatefulSet spread across zones', code: spread(), files: gp3 },
    { name: 'a single replica', code: statefulSet({ replicas: 1 }), files: gp3 },
    { name: 'an empty storageClassName binds a pre-provisioned volume', code: statefulSet({ claimSpec: '        storageClassName: ""\n' }) },
    {
      name: 'claims on EFS',
      code: statefulSet({ claimSpec: '        storageClassName: efs\n' }),
      files: { 'storage.yaml': storageClass({ name: 'efs', provisioner: 'efs.csi.aws.com' }) },
    },
    { name: 'a class the project does not define (and EKS does not create)', code: statefulSet({ claimSpec: '        storageClassName: fast\n' }) },
    {
      name: 'no class, and the default class is EFS',
      code: statefulSet({ claimSpec: '' }),
      files: { 'storage.yaml': storageClass({ name: 'efs', provisioner: 'efs.csi.aws.com', annotations: defaultAnnotation }) },
    },
    {
      name: 'a zone-pinned StatefulSet is single-zone-pinning\'s finding',
      code: statefulSet({ podSpec: '      nodeSelector:\n        topology.kubernetes.io/zone: us-east-1a\n' }),
      files: gp3,
    },
  ],
  invalid: [
    {
      name: 'an EBS class without volumeBindingMode binds immediately',
      code: storageClass(),
      errors: [
        {
          messageId: 'immediateDefault',
          line: 5,
          column: 1,
          endLine: 5,
          endColumn: 12,
          severity: 'warning',
          output: null,
          suggestions: [{ messageId: 'waitForFirstConsumer', output: storageClass({ extra: waitForFirstConsumer }) }],
        },
      ],
    },
    {
      name: 'the in-tree EBS plugin with an explicit Immediate',
      code: storageClass({ name: 'standard', provisioner: 'kubernetes.io/aws-ebs', extra: 'volumeBindingMode: Immediate\n' }),
      errors: [
        {
          messageId: 'immediate',
          line: 8,
          column: 20,
          endLine: 8,
          endColumn: 29,
          suggestions: [
            {
              messageId: 'waitForFirstConsumer',
              output: storageClass({ name: 'standard', provisioner: 'kubernetes.io/aws-ebs', extra: waitForFirstConsumer }),
            },
          ],
        },
      ],
    },
    {
      name: 'an EKS Auto Mode class restricted to one zone',
      code: storageClass({
        name: 'auto-ebs-sc',
        provisioner: 'ebs.csi.eks.amazonaws.com',
        extra: `${waitForFirstConsumer}allowedTopologies:
  - matchLabelExpressions:
      - key: topology.kubernetes.io/zone
        values:
          - us-east-1a
`,
      }),
      errors: [
        {
          messageId: 'singleZone',
          line: 9,
          column: 1,
          endLine: 9,
          endColumn: 18,
          suggestions: [
            { messageId: 'removeAllowedTopologies', output: storageClass({ name: 'auto-ebs-sc', provisioner: 'ebs.csi.eks.amazonaws.com', extra: waitForFirstConsumer }) },
          ],
        },
      ],
    },
    {
      name: 'a StatefulSet on an EBS class with no zone spread: the safe fix spreads it',
      code: statefulSet(),
      files: gp3,
      errors: [{ messageId: 'unspreadStatefulSet', line: 24, column: 27, endLine: 24, endColumn: 30, severity: 'warning', output: spread() }],
    },
    {
      name: 'no storageClassName: the project\'s default class is EBS',
      code: statefulSet({ claimSpec: '' }),
      files: { 'storage.yaml': storageClass({ annotations: defaultAnnotation, extra: waitForFirstConsumer }) },
      errors: [{ messageId: 'unspreadStatefulSet', line: 21, column: 15, endLine: 21, endColumn: 19, output: spread({ claimSpec: '' }) }],
    },
    {
      name: 'no storageClassName and no default class in the project: the EKS default is EBS',
      code: statefulSet({ claimSpec: '' }),
      errors: [{ messageId: 'unspreadStatefulSet', line: 21, column: 15, endLine: 21, endColumn: 19, severity: 'warning', output: spread({ claimSpec: '' }) }],
    },
    {
      name: 'the same with manifestSet: partial is info, since the default class may be defined elsewhere',
      code: statefulSet({ claimSpec: '' }),
      config: { manifestSet: 'partial' },
      errors: [{ messageId: 'unspreadStatefulSet', line: 21, column: 15, endLine: 21, endColumn: 19, severity: 'info', output: spread({ claimSpec: '' }) }],
    },
    {
      name: 'gp2, the class EKS creates, is EBS without being in the project',
      code: statefulSet({ claimSpec: '        storageClassName: gp2\n' }),
      errors: [
        {
          messageId: 'unspreadStatefulSet',
          line: 24,
          column: 27,
          endLine: 24,
          endColumn: 30,
          output: spread({ claimSpec: '        storageClassName: gp2\n' }),
        },
      ],
    },
    {
      name: 'the beta storage-class annotation names the class',
      code: statefulSet({ claimSpec: '', claimMetadata: '        annotations:\n          volume.beta.kubernetes.io/storage-class: gp3\n' }),
      files: gp3,
      errors: [
        {
          messageId: 'unspreadStatefulSet',
          line: 23,
          column: 52,
          endLine: 23,
          endColumn: 55,
          output: spread({ claimSpec: '', claimMetadata: '        annotations:\n          volume.beta.kubernetes.io/storage-class: gp3\n' }),
        },
      ],
    },
    {
      name: 'a class and its StatefulSet in one file: both are reported',
      code: `${storageClass()}---\n${statefulSet()}`,
      errors: [
        {
          messageId: 'immediateDefault',
          line: 5,
          column: 1,
          endLine: 5,
          endColumn: 12,
          suggestions: [{ messageId: 'waitForFirstConsumer', output: `${storageClass({ extra: waitForFirstConsumer })}---\n${statefulSet()}` }],
        },
        { messageId: 'unspreadStatefulSet', line: 32, column: 27, endLine: 32, endColumn: 30, output: `${storageClass()}---\n${spread()}` },
      ],
    },
  ],
});
