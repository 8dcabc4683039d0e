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

/** One container named `api` with the given image line(s). */
const api = (lines: string) => deployment(`        - name: api\n${lines}`);

const DIGEST = 'sha256:0f9d3b5ad3e4c1f7b2a6f1e8d0c9b8a7f6e5d4c3b2a1f0e9d8c7b6a5f4e3d2c1';
const ECR = '123456789012.dkr.ecr.eu-west-1.amazonaws.com';

const cronJob = (image: string, policy: string) => `apiVersion: batch/v1
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
              image: ${image}
${policy}`;

const job = (image: string, extra = '') => `apiVersion: batch/v1
kind: Job
metadata:
  name: backfill
spec:
  template:
    spec:
      containers:
        - name: backfill
          image: ${image}
          command: [sh, -c, "echo done"]
${extra}      restartPolicy: Never
`;

export default defineCases({
  valid: [
    { name: 'a version tag', code: api('          image: shop/api:1.2.3\n') },
    { name: 'a digest', code: api(`          image: shop/api@${DIGEST}\n`) },
    { name: 'latest pinned by a digest: the digest decides what runs', code: api(`          image: shop/api:latest@${DIGEST}\n`) },
    {
      name: 'registry ports are not tags',
      code: deployment(
        '        - name: a\n          image: my.registry:5000/team/app:1.2\n        - name: b\n          image: localhost:5000/app:v2.0.1\n',
      ),
    },
    { name: 'an ECR image with a version tag', code: api(`          image: ${ECR}/shop/api:2024.06.1-4f2c9e1\n`) },
    {
      name: 'tags that merely contain a mutable word',
      code: deployment(
        '        - name: a\n          image: nginx:1.27-mainline\n        - name: b\n          image: shop/api:1.2.3-latest\n        - name: c\n          image: shop/api:stable-2024.06\n',
      ),
    },
    {
      name: 'placeholders that a later step substitutes get no verdict',
      code: deployment(
        [
          '        - name: envsubst\n          image: ${IMAGE}\n',
          '        - name: make\n          image: $(REGISTRY)/api\n',
          '        - name: jinja\n          image: "{{ api_image }}"\n',
          '        - name: snippet\n          image: ${REPO}:<version>\n',
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
`,
    },
    {
      name: 'a kustomization in another file sets the tag',
      code: api('          image: shop/api\n'),
      files: {
        'kustomization.yaml': 'resources:\n  - manifest.yaml\nimages:\n  - name: shop/api\n    newTag: "1.4.2"\n',
      },
    },
    {
      name: 'an overlay that lists the base folder sets the digest',
      filename: 'base/deployment.yaml',
      code: api('          image: docker.io/shop/api:latest\n'),
      files: {
        'overlays/prod/kustomization.yaml': `resources:\n  - ../../base\nimages:\n  - name: shop/api\n    digest: ${DIGEST}\n`,
      },
    },
    {
      name: 'mutableTags can be emptied',
      code: api('          image: nginx:stable\n'),
      config: { rules: { 'image-tag-mutable': { options: { mutableTags: [] } } } },
    },
  ],
  invalid: [
    {
      name: 'latest: the tag becomes a placeholder and IfNotPresent is written, since the stored default would stay Always',
      code: api('          image: nginx:latest\n          ports:\n            - containerPort: 80\n'),
      errors: [
        {
          messageId: 'latest',
          line: 17,
          column: 18,
          endLine: 17,
          endColumn: 30,
          severity: 'warning',
          output: null,
          suggestions: [
            {
              messageId: 'pin',
              output: api('          image: nginx:<version>\n          ports:\n            - containerPort: 80\n          imagePullPolicy: IfNotPresent\n'),
            },
          ],
        },
      ],
    },
    {
      name: 'untagged, with an explicit policy that the fix leaves alone',
      code: api('          image: shop/api # the CI tags it\n          imagePullPolicy: Always\n'),
      errors: [
        {
          messageId: 'untagged',
          line: 17,
          column: 18,
          endLine: 17,
          endColumn: 26,
          severity: 'warning',
          output: null,
          suggestions: [{ messageId: 'pin', output: api('          image: shop/api:<version> # the CI tags it\n          imagePullPolicy: Always\n') }],
        },
      ],
    },
    {
      name: 'quoted images keep their quotes',
      code: deployment(`        - name: a\n          image: "nginx:latest"\n          imagePullPolicy: IfNotPresent\n        - name: b\n          image: '${ECR}/shop/api'\n`),
      errors: [
        {
          messageId: 'latest',
          line: 17,
          column: 18,
          endLine: 17,
          endColumn: 32,
          suggestions: [
            {
              messageId: 'pin',
              output: deployment(
                `        - name: a\n          image: "nginx:<version>"\n          imagePullPolicy: IfNotPresent\n        - name: b\n          image: '${ECR}/shop/api'\n`,
              ),
            },
          ],
        },
        {
          messageId: 'untagged',
          line: 20,
          column: 18,
          endLine: 20,
          endColumn: 73,
          suggestions: [
            {
              messageId: 'pin',
              output: deployment(
                `        - name: a\n          image: "nginx:latest"\n          imagePullPolicy: IfNotPresent\n        - name: b\n          image: '${ECR}/shop/api:<version>'\n          imagePullPolicy: IfNotPresent\n`,
              ),
            },
          ],
        },
      ],
    },
    {
      name: 'registry hosts with ports keep their port',
      code: deployment('        - name: a\n          image: localhost:5000/app\n        - name: b\n          image: my.registry:5000/team/app:latest\n'),
      errors: [
        {
          messageId: 'untagged',
          line: 17,
          column: 18,
          endLine: 17,
          endColumn: 36,
          suggestions: [
            {
              messageId: 'pin',
              output: deployment(
                '        - name: a\n          image: localhost:5000/app:<version>\n          imagePullPolicy: IfNotPresent\n        - name: b\n          image: my.registry:5000/team/app:latest\n',
              ),
            },
          ],
        },
        {
          messageId: 'latest',
          line: 19,
          column: 18,
          endLine: 19,
          endColumn: 50,
          suggestions: [
            {
              messageId: 'pin',
              output: deployment(
                '        - name: a\n          image: localhost:5000/app\n        - name: b\n          image: my.registry:5000/team/app:<version>\n          imagePullPolicy: IfNotPresent\n',
              ),
            },
          ],
        },
      ],
    },
    {
      name: 'docker.io/library/nginx and an upper-case LATEST',
      code: deployment('        - name: a\n          image: docker.io/library/nginx\n        - name: b\n          image: shop/api:LATEST\n'),
      errors: [
        {
          messageId: 'untagged',
          line: 17,
          column: 18,
          endLine: 17,
          endColumn: 41,
          suggestions: [
            {
              messageId: 'pin',
              output: deployment(
                '        - name: a\n          image: docker.io/library/nginx:<version>\n          imagePullPolicy: IfNotPresent\n        - name: b\n          image: shop/api:LATEST\n',
              ),
            },
          ],
        },
        {
          messageId: 'latest',
          line: 19,
          column: 18,
          endLine: 19,
          endColumn: 33,
          suggestions: [
            {
              messageId: 'pin',
              output: deployment(
                '        - name: a\n          image: docker.io/library/nginx\n        - name: b\n          image: shop/api:<version>\n          imagePullPolicy: IfNotPresent\n',
              ),
            },
          ],
        },
      ],
    },
    {
      name: 'conventionally moving tags are info',
      code: deployment('        - name: a\n          image: nginx:stable\n        - name: b\n          image: shop/api:nightly\n          imagePullPolicy: Always\n'),
      errors: [
        {
          messageId: 'mutableTag',
          line: 17,
          column: 18,
          endLine: 17,
          endColumn: 30,
          severity: 'info',
          suggestions: [
            {
              messageId: 'pin',
              output: deployment(
                '        - name: a\n          image: nginx:<version>\n          imagePullPolicy: IfNotPresent\n        - name: b\n          image: shop/api:nightly\n          imagePullPolicy: Always\n',
              ),
            },
          ],
        },
        {
          messageId: 'mutableTag',
          line: 19,
          column: 18,
          endLine: 19,
          endColumn: 34,
          severity: 'info',
          suggestions: [
            {
              messageId: 'pin',
              output: deployment(
                '        - name: a\n          image: nginx:stable\n        - name: b\n          image: shop/api:<version>\n          imagePullPolicy: Always\n',
              ),
            },
          ],
        },
      ],
    },
    {
      name: 'mutableTags replaces the default list and takes globs',
      code: deployment('        - name: a\n          image: nginx:stable\n        - name: b\n          image: shop/api:PR-1234\n'),
      config: { rules: { 'image-tag-mutable': { options: { mutableTags: ['develop', 'pr-*'] } } } },
      errors: [
        {
          messageId: 'mutableTag',
          line: 19,
          column: 18,
          endLine: 19,
          endColumn: 34,
          severity: 'info',
          suggestions: [
            {
              messageId: 'pin',
              output: deployment('        - name: a\n          image: nginx:stable\n        - name: b\n          image: shop/api:<version>\n          imagePullPolicy: IfNotPresent\n'),
            },
          ],
        },
      ],
    },
    {
      name: 'the strict preset makes latest an error, and leaves moving tags at info',
      code: deployment('        - name: a\n          image: nginx:latest\n          imagePullPolicy: IfNotPresent\n        - name: b\n          image: nginx:edge\n          imagePullPolicy: IfNotPresent\n'),
      config: { extends: 'strict' },
      errors: [
        {
          messageId: 'latest',
          line: 17,
          column: 18,
          endLine: 17,
          endColumn: 30,
          severity: 'error',
          suggestions: [
            {
              messageId: 'pin',
              output: deployment(
                '        - name: a\n          image: nginx:<version>\n          imagePullPolicy: IfNotPresent\n        - name: b\n          image: nginx:edge\n          imagePullPolicy: IfNotPresent\n',
              ),
            },
          ],
        },
        {
          messageId: 'mutableTag',
          line: 20,
          column: 18,
          endLine: 20,
          endColumn: 28,
          severity: 'info',
          suggestions: [
            {
              messageId: 'pin',
              output: deployment(
                '        - name: a\n          image: nginx:latest\n          imagePullPolicy: IfNotPresent\n        - name: b\n          image: nginx:<version>\n          imagePullPolicy: IfNotPresent\n',
              ),
            },
          ],
        },
      ],
    },
    {
      name: 'init containers and native sidecars',
      code: deployment(
        '        - name: api\n          image: shop/api:1.2.3\n',
        '      initContainers:\n        - name: migrate\n          image: shop/migrate:latest\n        - name: proxy\n          image: envoyproxy/envoy\n          restartPolicy: Always\n',
      ),
      errors: [
        {
          messageId: 'latest',
          line: 17,
          column: 18,
          endLine: 17,
          endColumn: 37,
          suggestions: [
            {
              messageId: 'pin',
              output: deployment(
                '        - name: api\n          image: shop/api:1.2.3\n',
                '      initContainers:\n        - name: migrate\n          image: shop/migrate:<version>\n          imagePullPolicy: IfNotPresent\n        - name: proxy\n          image: envoyproxy/envoy\n          restartPolicy: Always\n',
              ),
            },
          ],
        },
        {
          messageId: 'untagged',
          line: 19,
          column: 18,
          endLine: 19,
          endColumn: 34,
          suggestions: [
            {
              messageId: 'pin',
              output: deployment(
                '        - name: api\n          image: shop/api:1.2.3\n',
                '      initContainers:\n        - name: migrate\n          image: shop/migrate:latest\n        - name: proxy\n          image: envoyproxy/envoy:<version>\n          restartPolicy: Always\n          imagePullPolicy: IfNotPresent\n',
              ),
            },
          ],
        },
      ],
    },
    {
      name: 'a CronJob on ECR, with an empty imagePullPolicy',
      code: cronJob(`${ECR}/reports/nightly:latest`, '              imagePullPolicy: ""\n'),
      errors: [
        {
          messageId: 'latest',
          line: 14,
          column: 22,
          endLine: 14,
          endColumn: 89,
          suggestions: [
            { messageId: 'pin', output: cronJob(`${ECR}/reports/nightly:<version>`, '              imagePullPolicy: "IfNotPresent"\n') },
          ],
        },
      ],
    },
    {
      name: 'a Job',
      code: job('busybox:latest'),
      errors: [
        {
          messageId: 'latest',
          line: 10,
          column: 18,
          endLine: 10,
          endColumn: 32,
          suggestions: [{ messageId: 'pin', output: job('busybox:<version>', '          imagePullPolicy: IfNotPresent\n') }],
        },
      ],
    },
    {
      name: 'containers written as flow mappings',
      code: deployment('        - {name: api, image: nginx}\n        - {name: agent, image: "shop/agent:latest", imagePullPolicy: IfNotPresent}\n'),
      errors: [
        {
          messageId: 'untagged',
          line: 16,
          column: 30,
          endLine: 16,
          endColumn: 35,
          suggestions: [
            {
              messageId: 'pin',
              output: deployment(
                '        - {name: api, image: nginx:<version>, imagePullPolicy: IfNotPresent}\n        - {name: agent, image: "shop/agent:latest", imagePullPolicy: IfNotPresent}\n',
              ),
            },
          ],
        },
        {
          messageId: 'latest',
          line: 17,
          column: 32,
          endLine: 17,
          endColumn: 51,
          suggestions: [
            {
              messageId: 'pin',
              output: deployment(
                '        - {name: api, image: nginx}\n        - {name: agent, image: "shop/agent:<version>", imagePullPolicy: IfNotPresent}\n',
              ),
            },
          ],
        },
      ],
    },
    {
      name: 'the placeholder tag that the quick-fix writes, left in place, is an error',
      code: api('          image: shop/api:<version>\n          imagePullPolicy: IfNotPresent\n'),
      errors: [{ messageId: 'placeholderTag', line: 17, column: 18, endLine: 17, endColumn: 36, severity: 'error', output: null, suggestions: [] }],
    },
    {
      name: 'a kustomization that only renames the image leaves the tag as written',
      code: api('          image: shop/api:latest\n          imagePullPolicy: IfNotPresent\n'),
      files: { 'kustomization.yaml': 'resources:\n  - manifest.yaml\nimages:\n  - name: shop/api\n    newName: registry.example.com/shop/api\n' },
      errors: [
        {
          messageId: 'latest',
          line: 17,
          column: 18,
          endLine: 17,
          endColumn: 33,
          suggestions: [{ messageId: 'pin', output: api('          image: shop/api:<version>\n          imagePullPolicy: IfNotPresent\n') }],
        },
      ],
    },
  ],
});
