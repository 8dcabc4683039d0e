import { defineCases } from '../../test/support/rule-tester';

const pod = `apiVersion: v1
kind: Pod
metadata:
  name: debug
  labels:
    app: debug
  annotations:
    team: payments
spec:
  # the only container
  containers:
    - name: shell
      image: busybox:1.36
      command:
        - sh
        - -c
        - |
          echo hello

          sleep 3600
`;

const podAsDeployment = `apiVersion: apps/v1
kind: Deployment
metadata:
  name: debug
  labels:
    app: debug
  annotations:
    team: payments
spec:
  replicas: 2
  selector:
    matchLabels:
      app: debug
  template:
    metadata:
      labels:
        app: debug
      annotations:
        team: payments
    spec:
      # the only container
      containers:
        - name: shell
          image: busybox:1.36
          command:
            - sh
            - -c
            - |
              echo hello

              sleep 3600
`;

const unlabelled = `apiVersion: v1
kind: Pod
metadata:
  name: web
spec:
  containers:
    - name: web
      image: nginx:1.27
`;

const migration = `apiVersion: v1
kind: Pod
metadata:
  name: migrate
  namespace: shop
  labels:
    app: shop
    job: migrate
spec:
  restartPolicy: Never # run once
  containers:
    - name: migrate
      image: shop/migrate:2.0.1
`;

const withClaim = `apiVersion: v1
kind: Pod
metadata:
  name: db
  labels:
    app: db
spec:
  containers:
    - name: db
      image: postgres:16.4
      volumeMounts:
        - name: data
          mountPath: /var/lib/postgresql/data
  volumes:
    - name: data
      persistentVolumeClaim:
        claimName: db-data
`;

const withClaimWrapped = (replicas: number) => `apiVersion: apps/v1
kind: Deployment
metadata:
  name: db
  labels:
    app: db
spec:
  replicas: ${replicas}
  selector:
    matchLabels:
      app: db
  template:
    metadata:
      labels:
        app: db
    spec:
      containers:
        - name: db
          image: postgres:16.4
          volumeMounts:
            - name: data
              mountPath: /var/lib/postgresql/data
      volumes:
        - name: data
          persistentVolumeClaim:
            claimName: db-data
`;

const deployment = `apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
spec:
  replicas: 2
  selector:
    matchLabels:
      app: web
  template:
    metadata:
      labels:
        app: web
    spec:
      containers:
        - name: web
          image: nginx:1.27
`;

export default defineCases({
  valid: [
    { name: 'a Deployment recreates its pods', code: deployment },
    {
      name: 'a Helm test hook pod',
      code: unlabelled.replace('  name: web\n', '  name: web\n  annotations:\n    helm.sh/hook: test\n'),
    },
    {
      name: 'a static pod manifest under /etc/kubernetes/manifests (the kubelet restarts it)',
      code: unlabelled,
      filename: 'nodes/etc/kubernetes/manifests/kube-proxy.yaml',
    },
    {
      name: 'a static pod manifest under a configured path',
      code: unlabelled,
      filename: 'infra/node-agents/agent.yaml',
      config: { rules: { 'bare-pod': { options: { staticPodPaths: ['node-agents/*.yaml'] } } } },
    },
    {
      name: 'an exported mirror pod of a static pod',
      code: unlabelled.replace('  name: web\n', '  name: web\n  annotations:\n    kubernetes.io/config.mirror: 3c1e7b\n'),
    },
    {
      name: 'an exported pod that a ReplicaSet owns',
      code: unlabelled.replace(
        '  name: web\n',
        '  name: web\n  ownerReferences:\n    - apiVersion: apps/v1\n      kind: ReplicaSet\n      name: web-7d9f\n      uid: 0b1c\n      controller: true\n',
      ),
    },
    { name: 'a custom resource that happens to be called Pod', code: unlabelled.replace('apiVersion: v1', 'apiVersion: example.com/v1') },
  ],
  invalid: [
    {
      name: 'a bare pod: wrapped in a Deployment, its comments and block scalars moved with the spec',
      code: pod,
      errors: [
        {
          messageId: 'bare',
          line: 2,
          column: 7,
          endLine: 2,
          endColumn: 10,
          severity: 'warning',
          output: null,
          suggestions: [{ messageId: 'wrapDeployment', output: podAsDeployment }],
        },
      ],
    },
    {
      name: 'a pod without labels gets app: <name> in the selector and the template',
      code: unlabelled,
      errors: [
        {
          messageId: 'bare',
          line: 2,
          column: 7,
          endLine: 2,
          endColumn: 10,
          suggestions: [
            {
              messageId: 'wrapDeployment',
              output: `apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
spec:
  replicas: 2
  selector:
    matchLabels:
      app: web
  template:
    metadata:
      labels:
        app: web
    spec:
      containers:
        - name: web
          image: nginx:1.27
`,
            },
          ],
        },
      ],
    },
    {
      name: 'a run-to-completion pod is wrapped in a Job',
      code: migration,
      errors: [
        {
          messageId: 'bareToCompletion',
          line: 2,
          column: 7,
          endLine: 2,
          endColumn: 10,
          suggestions: [
            {
              messageId: 'wrapJob',
              output: `apiVersion: batch/v1
kind: Job
metadata:
  name: migrate
  namespace: shop
  labels:
    app: shop
    job: migrate
spec:
  template:
    metadata:
      labels:
        app: shop
        job: migrate
    spec:
      restartPolicy: Never # run once
      containers:
        - name: migrate
          image: shop/migrate:2.0.1
`,
            },
          ],
        },
      ],
    },
    {
      name: 'an unlabelled OnFailure pod becomes a Job without template metadata',
      code: unlabelled.replace('spec:\n', 'spec:\n  restartPolicy: OnFailure\n'),
      errors: [
        {
          messageId: 'bareToCompletion',
          line: 2,
          column: 7,
          endLine: 2,
          endColumn: 10,
          suggestions: [
            {
              messageId: 'wrapJob',
              output: `apiVersion: batch/v1
kind: Job
metadata:
  name: web
spec:
  template:
    spec:
      restartPolicy: OnFailure
      containers:
        - name: web
          image: nginx:1.27
`,
            },
          ],
        },
      ],
    },
    {
      name: 'a pod with a ReadWriteOnce volume claim is wrapped with one replica',
      code: withClaim,
      errors: [
        {
          messageId: 'bare',
          line: 2,
          column: 7,
          endLine: 2,
          endColumn: 10,
          suggestions: [{ messageId: 'wrapDeploymentSingle', output: withClaimWrapped(1) }],
        },
      ],
    },
    {
      name: 'a claim that allows ReadWriteMany (EFS) can be shared by two replicas',
      code: withClaim,
      files: {
        'pvc.yaml': `apiVersion: v1
kind: PersistentVolumeClaim
metadata:
  name: db-data
spec:
  accessModes: [ReadWriteMany]
  storageClassName: efs
  resources:
    requests:
      storage: 5Gi
`,
      },
      errors: [
        {
          messageId: 'bare',
          line: 2,
          column: 7,
          endLine: 2,
          endColumn: 10,
          suggestions: [{ messageId: 'wrapDeployment', output: withClaimWrapped(2) }],
        },
      ],
    },
    {
      name: 'preferredReplicas sets the replica count of the Deployment',
      code: unlabelled,
      config: { preferredReplicas: 3 },
      errors: [
        {
          messageId: 'bare',
          line: 2,
          column: 7,
          endLine: 2,
          endColumn: 10,
          suggestions: [
            {
              messageId: 'wrapDeployment',
              output: `apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
spec:
  replicas: 3
  selector:
    matchLabels:
      app: web
  template:
    metadata:
      labels:
        app: web
    spec:
      containers:
        - name: web
          image: nginx:1.27
`,
            },
          ],
        },
      ],
    },
    {
      name: 'four-space indentation, unindented sequences, quoted scalars and flow labels keep their style',
      code: `apiVersion: "v1"
kind: "Pod"
metadata:
    name: api
    labels: {app: api, tier: backend}
spec:
    containers:
    - name: api
      image: "shop/api:1.2.3"
      ports:
      - containerPort: 8080
`,
      errors: [
        {
          messageId: 'bare',
          line: 2,
          column: 7,
          endLine: 2,
          endColumn: 12,
          suggestions: [
            {
              messageId: 'wrapDeployment',
              output: `apiVersion: "apps/v1"
kind: "Deployment"
metadata:
    name: api
    labels: {app: api, tier: backend}
spec:
    replicas: 2
    selector:
        matchLabels:
            app: api
            tier: backend
    template:
        metadata:
            labels:
                app: api
                tier: backend
        spec:
            containers:
            - name: api
              image: "shop/api:1.2.3"
              ports:
              - containerPort: 8080
`,
            },
          ],
        },
      ],
    },
    {
      name: 'an exported pod loses its status and keeps the template free of last-applied-configuration',
      code: `apiVersion: v1
kind: Pod
metadata:
  name: web
  labels:
    app: web
  annotations:
    kubectl.kubernetes.io/last-applied-configuration: '{}'
spec:
  containers:
    - name: web
      image: nginx:1.27
status:
  phase: Running
`,
      errors: [
        {
          messageId: 'bare',
          line: 2,
          column: 7,
          endLine: 2,
          endColumn: 10,
          suggestions: [
            {
              messageId: 'wrapDeployment',
              output: `apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
  labels:
    app: web
  annotations:
    kubectl.kubernetes.io/last-applied-configuration: '{}'
spec:
  replicas: 2
  selector:
    matchLabels:
      app: web
  template:
    metadata:
      labels:
        app: web
    spec:
      containers:
        - name: web
          image: nginx:1.27
`,
            },
          ],
        },
      ],
    },
    {
      name: 'a pod in a List is wrapped in place',
      code: `apiVersion: v1
kind: List
items:
  - apiVersion: v1
    kind: Pod
    metadata:
      name: web
    spec:
      containers:
        - name: web
          image: nginx:1.27
`,
      errors: [
        {
          messageId: 'bare',
          line: 5,
          column: 11,
          endLine: 5,
          endColumn: 14,
          suggestions: [
            {
              messageId: 'wrapDeployment',
              output: `apiVersion: v1
kind: List
items:
  - apiVersion: apps/v1
    kind: Deployment
    metadata:
      name: web
    spec:
      replicas: 2
      selector:
        matchLabels:
          app: web
      template:
        metadata:
          labels:
            app: web
        spec:
          containers:
            - name: web
              image: nginx:1.27
`,
            },
          ],
        },
      ],
    },
    {
      name: 'a pod whose spec is written in flow style is reported without a fix',
      code: `apiVersion: v1
kind: Pod
metadata:
  name: web
spec: {containers: [{name: web, image: "nginx:1.27"}]}
`,
      errors: [{ messageId: 'bare', line: 2, column: 7, endLine: 2, endColumn: 10, suggestions: [] }],
    },
  ],
});
