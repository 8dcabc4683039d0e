import { defineCases } from '../../test/support/rule-tester';

/** A Deployment whose pod spec ends with the given `containers` items (and optional `initContainers`). */
const deployment = (containers: string, initContainers = '') => `apiVersion: apps/v1
kind: Deployment
metadata:
  name: shop-api
spec:
  replicas: 3
  selector:
    matchLabels:
      app: shop-api
  template:
    metadata:
      labels:
        app: shop-api
    spec:
${initContainers}      containers:
${containers}`;

const DIGEST = 'sha256:0f9d3b5ad3e4c1f7b2a6f1e8d0c9b8a7f6e5d4c3b2a1f0e9d8c7b6a5f4e3d2c1';
const ECR = '123456789012.dkr.ecr.eu-west-1.amazonaws.com';

const cronJob = (policy: string) => `apiVersion: batch/v1
kind: CronJob
metadata:
  name: nightly-report
spec:
  schedule: "0 2 * * *"
  jobTemplate:
    spec:
      template:
        spec:
          restartPolicy: OnFailure
          containers:
            - name: report
              image: ${ECR}/reports/nightly:2024.06.1
              imagePullPolicy: ${policy}
`;

const rollout = (policy: string) => `apiVersion: argoproj.io/v1alpha1
kind: Rollout
metadata:
  name: shop-web
spec:
  replicas: 4
  selector:
    matchLabels:
      app: shop-web
  template:
    metadata:
      labels:
        app: shop-web
    spec:
      containers:
        - name: web
          image: shop/web:3.2.0
          imagePullPolicy: ${policy}
  strategy:
    canary:
      steps:
        - setWeight: 20
`;

const kustomization = `apiVersion: kustomize.config.k8s.io/v1beta1
kind: Kustomization
resources:
  - manifest.yaml
images:
  - name: shop/api
    newTag: 1.4.2
`;

export default defineCases({
  valid: [
    {
      name: 'an image pinned by a version tag defaults to IfNotPresent',
      code: deployment('        - name: api\n          image: shop/api:1.2.3\n'),
    },
    {
      name: 'an image pinned by a digest defaults to IfNotPresent',
      code: deployment(`        - name: api\n          image: shop/api@${DIGEST}\n`),
    },
    {
      name: 'a registry port is not a tag',
      code: deployment('        - name: api\n          image: my.registry:5000/team/app:1.2\n'),
    },
    {
      name: 'a mutable tag other than latest defaults to IfNotPresent (image-tag-mutable reports it)',
      code: deployment('        - name: api\n          image: nginx:stable\n'),
    },
    {
      name: 'latest with an explicit IfNotPresent (image-tag-mutable reports the tag)',
      code: deployment('        - name: api\n          image: nginx:latest\n          imagePullPolicy: IfNotPresent\n'),
    },
    {
      name: 'an untagged image with imagePullPolicy: Never',
      code: deployment('        - name: api\n          image: shop/api\n          imagePullPolicy: Never\n'),
    },
    {
      name: 'placeholders that a later step substitutes get no verdict',
      code: deployment(
        [
          '        - name: envsubst\n          image: ${IMAGE}\n',
          '        - name: make\n          image: $(REGISTRY)/api\n',
          '        - name: jinja\n          image: "{{ api_image }}"\n',
          '        - name: empty\n          image: ""\n',
          '        - name: missing\n',
        ].join(''),
      ),
    },
    {
      name: 'ephemeral containers are ignored',
      code: `apiVersion: v1
kind: Pod
metadata:
  name: debug-me
spec:
  containers:
    - name: app
      image: shop/api:1.2.3
  ephemeralContainers:
    - name: debugger
      image: busybox
      imagePullPolicy: Always
`,
    },
    {
      name: 'a custom resource with a pod-like spec is not a workload',
      code: `apiVersion: example.com/v1
kind: Pipeline
metadata:
  name: build
spec:
  template:
    spec:
      containers:
        - name: step
          image: busybox
          imagePullPolicy: Always
`,
    },
    {
      name: 'a kustomization in another file pins the tag (newTag)',
      code: deployment('        - name: api\n          image: shop/api\n'),
      files: { 'kustomization.yaml': kustomization },
    },
    {
      name: 'an overlay that lists the base folder pins the tag (digest)',
      filename: 'base/deployment.yaml',
      code: deployment('        - name: api\n          image: docker.io/shop/api:latest\n'),
      files: {
        'overlays/prod/kustomization.yaml': `resources:
  - ../../base
images:
  - name: shop/api
    digest: ${DIGEST}
`,
      },
    },
    {
      name: 'a deliberate Always, suppressed with a reason',
      code: deployment(
        '        - name: api\n          image: shop/api:1.2.3\n          # kubeready-disable-next-line image-pull-at-every-start -- multi-tenant nodes: re-check pull credentials\n          imagePullPolicy: Always\n',
      ),
    },
  ],
  invalid: [
    {
      name: 'Always on an image pinned by a version tag: safe fix in place',
      code: deployment('        - name: api\n          image: shop/api:1.2.3\n          imagePullPolicy: Always # set by the chart\n'),
      errors: [
        {
          messageId: 'always',
          line: 18,
          column: 28,
          endLine: 18,
          endColumn: 34,
          severity: 'warning',
          output: deployment('        - name: api\n          image: shop/api:1.2.3\n          imagePullPolicy: IfNotPresent # set by the chart\n'),
          suggestions: [],
        },
      ],
    },
    {
      name: 'a quoted "Always" stays quoted',
      code: deployment(`        - name: api\n          image: "${ECR}/shop/api:1.2.3"\n          imagePullPolicy: "Always"\n`),
      errors: [
        {
          messageId: 'always',
          line: 18,
          column: 28,
          endLine: 18,
          endColumn: 36,
          output: deployment(`        - name: api\n          image: "${ECR}/shop/api:1.2.3"\n          imagePullPolicy: "IfNotPresent"\n`),
        },
      ],
    },
    {
      name: 'Always on a digest-pinned image: safe fix',
      code: deployment(`        - name: api\n          image: shop/api@${DIGEST}\n          imagePullPolicy: Always\n`),
      errors: [
        {
          messageId: 'always',
          line: 18,
          column: 28,
          endLine: 18,
          endColumn: 34,
          output: deployment(`        - name: api\n          image: shop/api@${DIGEST}\n          imagePullPolicy: IfNotPresent\n`),
        },
      ],
    },
    {
      name: 'Always on latest: the same edit is only a suggestion, since IfNotPresent with latest lets nodes drift apart',
      code: deployment('        - name: api\n          image: nginx:latest\n          imagePullPolicy: Always\n'),
      errors: [
        {
          messageId: 'always',
          line: 18,
          column: 28,
          endLine: 18,
          endColumn: 34,
          output: null,
          suggestions: [
            {
              messageId: 'setIfNotPresent',
              output: deployment('        - name: api\n          image: nginx:latest\n          imagePullPolicy: IfNotPresent\n'),
            },
          ],
        },
      ],
    },
    {
      name: 'Always on a conventionally moving tag (stable): suggestion only',
      code: deployment('        - name: api\n          image: nginx:stable\n          imagePullPolicy: Always\n'),
      errors: [
        {
          messageId: 'always',
          line: 18,
          column: 28,
          endLine: 18,
          endColumn: 34,
          output: null,
          suggestions: [
            {
              messageId: 'setIfNotPresent',
              output: deployment('        - name: api\n          image: nginx:stable\n          imagePullPolicy: IfNotPresent\n'),
            },
          ],
        },
      ],
    },
    {
      name: 'Always with a placeholder image: the policy is known, the tag is not, so suggestion only',
      code: deployment('        - name: api\n          image: ${IMAGE}\n          imagePullPolicy: Always\n'),
      errors: [
        {
          messageId: 'always',
          line: 18,
          column: 28,
          endLine: 18,
          endColumn: 34,
          output: null,
          suggestions: [
            {
              messageId: 'setIfNotPresent',
              output: deployment('        - name: api\n          image: ${IMAGE}\n          imagePullPolicy: IfNotPresent\n'),
            },
          ],
        },
      ],
    },
    {
      name: 'latest and no policy defaults to Always: the policy is inserted after the last key, as a suggestion',
      code: deployment('        - name: api\n          image: nginx:latest\n          ports:\n            - containerPort: 80\n'),
      errors: [
        {
          messageId: 'defaultAlways',
          line: 17,
          column: 18,
          endLine: 17,
          endColumn: 30,
          output: null,
          suggestions: [
            {
              messageId: 'setIfNotPresent',
              output: deployment(
                '        - name: api\n          image: nginx:latest\n          ports:\n            - containerPort: 80\n          imagePullPolicy: IfNotPresent\n',
              ),
            },
          ],
        },
      ],
    },
    {
      name: 'an untagged image behind a registry port (localhost:5000/app) defaults to Always',
      code: deployment('        - name: api\n          image: localhost:5000/app\n'),
      errors: [
        {
          messageId: 'defaultAlways',
          line: 17,
          column: 18,
          endLine: 17,
          endColumn: 36,
          output: null,
          suggestions: [
            {
              messageId: 'setIfNotPresent',
              output: deployment('        - name: api\n          image: localhost:5000/app\n          imagePullPolicy: IfNotPresent\n'),
            },
          ],
        },
      ],
    },
    {
      name: 'docker.io/library/nginx with no tag, empty and null policies',
      code: deployment(
        '        - name: a\n          image: docker.io/library/nginx\n          imagePullPolicy: ""\n        - name: b\n          image: nginx\n          imagePullPolicy: ~ # defaulted\n',
      ),
      errors: [
        {
          messageId: 'defaultAlways',
          line: 17,
          column: 18,
          endLine: 17,
          endColumn: 41,
          output: null,
          suggestions: [
            {
              messageId: 'setIfNotPresent',
              output: deployment(
                '        - name: a\n          image: docker.io/library/nginx\n          imagePullPolicy: "IfNotPresent"\n        - name: b\n          image: nginx\n          imagePullPolicy: ~ # defaulted\n',
              ),
            },
          ],
        },
        {
          messageId: 'defaultAlways',
          line: 20,
          column: 18,
          endLine: 20,
          endColumn: 23,
          output: null,
          suggestions: [
            {
              messageId: 'setIfNotPresent',
              output: deployment(
                '        - name: a\n          image: docker.io/library/nginx\n          imagePullPolicy: ""\n        - name: b\n          image: nginx\n          imagePullPolicy: IfNotPresent # defaulted\n',
              ),
            },
          ],
        },
      ],
    },
    {
      name: 'latest pinned by a digest still defaults to Always (the tag decides), and the digest makes the fix safe',
      code: deployment(`        - name: api\n          image: shop/api:latest@${DIGEST}\n`),
      errors: [
        {
          messageId: 'defaultAlways',
          line: 17,
          column: 18,
          endLine: 17,
          endColumn: 105,
          output: deployment(`        - name: api\n          image: shop/api:latest@${DIGEST}\n          imagePullPolicy: IfNotPresent\n`),
          suggestions: [],
        },
      ],
    },
    {
      name: 'init containers and native sidecars',
      code: deployment(
        '        - name: api\n          image: shop/api:1.2.3\n',
        `      initContainers:\n        - name: migrate\n          image: 'shop/migrate'\n        - name: proxy\n          image: envoyproxy/envoy:v1.30.1\n          restartPolicy: Always\n          imagePullPolicy: Always\n`,
      ),
      errors: [
        {
          messageId: 'defaultAlways',
          line: 17,
          column: 18,
          endLine: 17,
          endColumn: 32,
          output: null,
          suggestions: [
            {
              messageId: 'setIfNotPresent',
              output: deployment(
                '        - name: api\n          image: shop/api:1.2.3\n',
                `      initContainers:\n        - name: migrate\n          image: 'shop/migrate'\n          imagePullPolicy: IfNotPresent\n        - name: proxy\n          image: envoyproxy/envoy:v1.30.1\n          restartPolicy: Always\n          imagePullPolicy: Always\n`,
              ),
            },
          ],
        },
        {
          messageId: 'always',
          line: 21,
          column: 28,
          endLine: 21,
          endColumn: 34,
          output: deployment(
            '        - name: api\n          image: shop/api:1.2.3\n',
            `      initContainers:\n        - name: migrate\n          image: 'shop/migrate'\n        - name: proxy\n          image: envoyproxy/envoy:v1.30.1\n          restartPolicy: Always\n          imagePullPolicy: IfNotPresent\n`,
          ),
        },
      ],
    },
    {
      name: 'a CronJob: every run starts a container',
      code: cronJob('Always'),
      errors: [{ messageId: 'always', line: 15, column: 32, endLine: 15, endColumn: 38, output: cronJob('IfNotPresent') }],
    },
    {
      name: 'an Argo Rollout',
      code: rollout('Always'),
      errors: [{ messageId: 'always', line: 18, column: 28, endLine: 18, endColumn: 34, output: rollout('IfNotPresent') }],
    },
    {
      name: 'containers written as flow mappings get the key inserted JSON-style before the brace',
      code: deployment('        - {name: api, image: nginx}\n        - {name: sidecar, image: "shop/agent:2.0", imagePullPolicy: Always}\n'),
      errors: [
        {
          messageId: 'defaultAlways',
          line: 16,
          column: 30,
          endLine: 16,
          endColumn: 35,
          output: null,
          suggestions: [
            {
              messageId: 'setIfNotPresent',
              output: deployment(
                '        - {name: api, image: nginx, imagePullPolicy: IfNotPresent}\n        - {name: sidecar, image: "shop/agent:2.0", imagePullPolicy: Always}\n',
              ),
            },
          ],
        },
        {
          messageId: 'always',
          line: 17,
          column: 69,
          endLine: 17,
          endColumn: 75,
          output: deployment('        - {name: api, image: nginx}\n        - {name: sidecar, image: "shop/agent:2.0", imagePullPolicy: IfNotPresent}\n'),
        },
      ],
    },
    {
      name: 'a JSON manifest',
      filename: 'pod.json',
      code: `{
  "apiVersion": "v1",
  "kind": "Pod",
  "metadata": {"name": "worker"},
  "spec": {
    "containers": [
      {"name": "worker", "image": "${ECR}/shop/worker:3.1.0", "imagePullPolicy": "Always"}
    ]
  }
}
`,
      errors: [
        {
          messageId: 'always',
          line: 7,
          column: 120,
          endLine: 7,
          endColumn: 128,
          output: `{
  "apiVersion": "v1",
  "kind": "Pod",
  "metadata": {"name": "worker"},
  "spec": {
    "containers": [
      {"name": "worker", "image": "${ECR}/shop/worker:3.1.0", "imagePullPolicy": "IfNotPresent"}
    ]
  }
}
`,
        },
      ],
    },
    {
      name: 'Always on an untagged image that the kustomization pins: safe fix',
      code: deployment('        - name: api\n          image: shop/api\n          imagePullPolicy: Always\n'),
      files: { 'kustomization.yaml': kustomization },
      errors: [
        {
          messageId: 'always',
          line: 18,
          column: 28,
          endLine: 18,
          endColumn: 34,
          output: deployment('        - name: api\n          image: shop/api\n          imagePullPolicy: IfNotPresent\n'),
        },
      ],
    },
    {
      name: 'a kustomization that does not list this file, or only renames the image, does not pin it',
      code: deployment('        - name: api\n          image: shop/api\n'),
      files: {
        'other/kustomization.yaml': kustomization,
        'kustomization.yaml': 'resources:\n  - manifest.yaml\nimages:\n  - name: shop/api\n    newName: registry.example.com/shop/api\n',
      },
      errors: [
        {
          messageId: 'defaultAlways',
          line: 17,
          column: 18,
          endLine: 17,
          endColumn: 26,
          output: null,
          suggestions: [
            {
              messageId: 'setIfNotPresent',
              output: deployment('        - name: api\n          image: shop/api\n          imagePullPolicy: IfNotPresent\n'),
            },
          ],
        },
      ],
    },
    {
      name: 'a container that merges another through an anchor: the merge key is reported, without an edit',
      code: deployment('        - &api\n          name: api\n          image: shop/api:1.2.3\n          imagePullPolicy: Always\n        - <<: *api\n          name: worker\n'),
      errors: [
        {
          messageId: 'always',
          line: 19,
          column: 28,
          endLine: 19,
          endColumn: 34,
          output: deployment('        - &api\n          name: api\n          image: shop/api:1.2.3\n          imagePullPolicy: IfNotPresent\n        - <<: *api\n          name: worker\n'),
        },
        { messageId: 'always', line: 20, column: 11, endLine: 20, endColumn: 13, output: null },
      ],
    },
  ],
});
