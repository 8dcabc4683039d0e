/**
 * Regression tests for the bugs the fuzzer (and `npm run fix-check`) found: each is the shrunk input of a
 * property that failed, checked for the property it broke, and, where a fix should still be offered, for the
 * exact text the fix writes. The properties themselves are in support.ts.
 */
import { describe, expect, it } from 'vitest';
import { applyEdits } from '../../server/src/engine/apply-edits';
import type { Fix } from '../../server/src/engine/findings';
import { parseFile } from '../../server/src/engine/parse';
import { sourceText } from '../../server/src/engine/text';
import { type FuzzProject, MAIN, newLinter, syntaxProblems, violations } from './support';

/** Every fix and quick-fix of a rule's findings on the target, with the target's text after it. */
function fixesOf(project: FuzzProject | string, ruleId: string): { fix: Fix; output: string; errors: string[] }[] {
  const p = typeof project === 'string' ? { files: { [MAIN]: project }, target: MAIN } : project;
  const linter = newLinter(p);
  const source = linter.index.getFile(p.target)!.source.text;
  return linter
    .lint(p.target)
    .findings.filter((f) => f.ruleId === ruleId)
    .flatMap((finding) => [...(finding.fix ? [finding.fix] : []), ...finding.suggestions])
    .filter((fix) => fix.edits.length > 0)
    .map((fix) => {
      const output = applyEdits(source, fix.edits.filter((edit) => edit.file === p.target));
      return { fix, output, errors: syntaxProblems(p.target, output) };
    });
}

function broken(project: FuzzProject | string, ruleId: string): string[] {
  return fixesOf(project, ruleId).flatMap(({ fix, errors }) => errors.map((error) => `${fix.messageId}: ${error}`));
}

/** The output of the one fix of a rule with this message id. */
function outputOf(text: string, ruleId: string, messageId: string): string {
  const found = fixesOf(text, ruleId).filter(({ fix }) => fix.messageId === messageId);
  expect(found.map(({ fix }) => fix.messageId), `${ruleId}/${messageId} is offered once`).toEqual([messageId]);
  return found[0]!.output;
}

const deployment = (container: string, name = 'web') => `apiVersion: apps/v1
kind: Deployment
metadata:
  name: ${name}
spec:
  replicas: 3
  selector:
    matchLabels: {app: ${name}}
  template:
    metadata:
      labels: {app: ${name}}
    spec:
      containers:
${container}`;

describe('fix builders: regressions found by the fuzzer', () => {
  it('a value written inside a flow mapping is flow YAML (`resources: {}` in `{name: app, …}`)', () => {
    const text = deployment('        [{name: app, image: "nginx:1.25.3", resources: {}}]\n').replace('      containers:\n', '      containers: ');
    const fixes = fixesOf(text, 'resources-unset-or-unbalanced');
    expect(fixes.length).toBeGreaterThan(0);
    expect(fixes.filter(({ errors }) => errors.length)).toEqual([]);
    for (const { output } of fixes) expect(output).toMatch(/resources: \{"?requests"?: \{/);
  });

  it('a multi-line string written into a flow collection stays on one line (JSON-quoted)', () => {
    const text = 'apiVersion: batch/v1\nkind: CronJob\nmetadata:\n  name: |-\n    # not a comment\n    shop-api\nspec:\n  jobTemplate: {}\n';
    expect(broken(text, 'default-or-shared-sa')).toEqual([]);
    expect(outputOf(text, 'default-or-shared-sa', 'dedicated')).toContain('"# not a comment\\nshop-api"');
  });

  it('a string with a flow indicator written into a flow collection is quoted (`-[` would open a sequence)', () => {
    const text = 'apiVersion: v1\nkind: Pod\nmetadata: {name: "-[", namespace: default}\nspec: {}\n---\napiVersion: v1\nkind: Deployment\n';
    expect(broken(text, 'default-or-shared-sa')).toEqual([]);
    expect(outputOf(text, 'default-or-shared-sa', 'dedicated')).toContain('spec: {serviceAccountName: "-["}');
  });

  it('replacing a block scalar keeps its line break: the next line is not glued on', () => {
    const text = deployment('        - name: app\n          image: nginx:1.25.3\n          imagePullPolicy: |-\n            Always\n          ports: []\n');
    expect(outputOf(text, 'image-pull-at-every-start', 'setIfNotPresent')).toBe(text.replace('|-\n            Always\n', 'IfNotPresent\n'));
  });

  it('replacing a block sequence by a scalar keeps its line break', () => {
    const text = 'apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\nspec:\n  containers:\n    - name: app\n      image: nginx:1.25.3\n      securityContext:\n        runAsNonRoot:\n          - "no"\n        runAsUser: 1000\n';
    expect(broken(text, 'pss-restricted-violation')).toEqual([]);
    expect(fixesOf(text, 'pss-restricted-violation').map(({ output }) => output)).toContain(text.replace('runAsNonRoot:\n          - "no"\n', 'runAsNonRoot: true\n'));
  });

  it('no fix removes an anchor that an alias still uses (a hostPath volume `&sock` and a later `*sock`)', () => {
    const text = 'apiVersion: v1\nkind: Pod\nmetadata:\n  name: agent\nspec:\n  containers:\n    - name: agent\n      image: example.com/agent:1.0.0\n  volumes:\n    - name: docker\n      hostPath: &sock\n        path: /var/run/docker.sock\n    - name: docker-again\n      hostPath: *sock\n';
    expect(broken(text, 'pss-baseline-violation')).toEqual([]);
  });

  it('no fix edits an anchored value that another object of a List shares', () => {
    const text = 'apiVersion: v1\nkind: List\nitems:\n  - apiVersion: v1\n    kind: Pod\n    metadata: {name: a}\n    spec:\n      containers:\n        - &c\n          name: app\n          image: nginx:1.25.3\n          imagePullPolicy: Always\n  - apiVersion: v1\n    kind: Pod\n    metadata: {name: b}\n    spec:\n      containers:\n        - *c\n';
    expect(fixesOf(text, 'image-pull-at-every-start')).toEqual([]);
  });

  it('no fix drops a comment inside a flow sequence, or on the key line of a value it replaces', () => {
    const flow = 'apiVersion: v1\nkind: Pod\nmetadata:\n  name: fuse\nspec:\n  containers:\n    - name: app\n      image: example.com/fuse:1.0.0\n      securityContext:\n        capabilities:\n          add: [\n            SYS_ADMIN, # needed for FUSE mounts\n            NET_ADMIN,\n          ]\n';
    const replaced = deployment('        - name: app\n          image: nginx:1.25.3\n          resources: # TODO: size these after the load test\n            - cpu\n');
    const lost = [flow, replaced].flatMap((text) =>
      violations({ files: { [MAIN]: text }, target: MAIN }, { idempotence: false }).filter((v) => v.kind === 'fix-comments').map((v) => v.message),
    );
    expect(lost).toEqual([]);
  });

  it('no key is inserted inside an explicit `? key`, at the top or nested', () => {
    expect(fixesOf('apiVersion: apps/v1\nkind: Deployment\n? k: \n spec: x\n', 'history-limits-unset')).toEqual([]);
    expect(broken('kind: Pod\napiVersion: v1\nspec:\n\n ? k: (', 'automount-sa-token-enabled')).toEqual([]);
  });

  it('text written into a CRLF file uses CRLF, in flow collections too (the mountAsVolume quick-fix)', () => {
    const text = [
      'apiVersion: apps/v1',
      'kind: Deployment',
      'metadata: {name: api}',
      'spec:',
      '  replicas: 3',
      '  selector: {matchLabels: {app: api}}',
      '  template:',
      '    metadata: {labels: {app: api}}',
      '    spec:',
      '      containers: [{name: app, image: "example.com/api:1.0.0", env: [{name: PASSWORD, valueFrom: {secretKeyRef: {name: db, key: password}}}]}]',
      '',
    ].join('\r\n');
    const inserted = fixesOf(text, 'secret-in-env')
      .flatMap(({ fix }) => fix.edits)
      .map((edit) => edit.text);
    expect(inserted.length).toBeGreaterThan(0);
    expect(inserted.filter((t) => /(^|[^\r])\n/.test(t))).toEqual([]);
  });
});

describe('the engine: regressions found by the fuzzer', () => {
  it('a header value with a run of 32k spaces is read in linear time', () => {
    const text = `apiVersion: "${' '.repeat(32_000)}x"\nkind: ConfigMap\nmetadata:\n  name: a\n`;
    const started = performance.now();
    parseFile(sourceText(MAIN, text));
    // Linear work on 32 KB is a few milliseconds; the quadratic regex it replaced took over a second.
    expect(performance.now() - started).toBeLessThan(300);
  });

  it('a syntax error at the very end of the text (an unterminated quote) is reported inside the text', () => {
    const text = "apiVersion: apps/v1\nkind: Deployment\n'";
    const linter = newLinter({ files: { [MAIN]: text }, target: MAIN });
    for (const finding of linter.lint(MAIN).findings) expect(finding.end, finding.message).toBeLessThanOrEqual(text.length);
  });

  it('a collection as a mapping key makes the engine emit no process warning (the CLI would print it on stderr)', () => {
    const text = 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: a\ndata:\n  ? [a, b]\n  : c\n';
    const found = violations({ files: { [MAIN]: text }, target: MAIN }, { suggestions: false, idempotence: false });
    expect(found.filter((v) => v.kind === 'process-warning').map((v) => v.message)).toEqual([]);
  });
});

describe('rule fixes: regressions found by npm run fix-check on real manifests', () => {
  it('readiness-probe-missing: beside a liveness probe on the same port, the new readiness probe gives up first', () => {
    const container = '        - name: app\n          image: example.com/app:1.0.0\n          ports: [{name: tcp, containerPort: 9001}]\n          livenessProbe:\n            tcpSocket: {port: 9001}\n';
    const text = `${deployment(container)}---\napiVersion: v1\nkind: Service\nmetadata: {name: web}\nspec:\n  selector: {app: web}\n  ports: [{port: 9001, targetPort: 9001}]\n`;
    const output = outputOf(text, 'readiness-probe-missing', 'addTcpProbe');
    // Liveness: 3 × 10 s; readiness: 3 × 9 s, out of rotation before the restart.
    expect(output).toContain('          readinessProbe:\n            tcpSocket:\n              port: tcp\n            periodSeconds: 9\n            failureThreshold: 3\n');
    const after = newLinter({ files: { [MAIN]: output }, target: MAIN }).lint(MAIN).findings.map((f) => f.ruleId);
    expect(after).not.toContain('liveness-probe-risky');
    expect(after).not.toContain('readiness-probe-missing');
  });

  it('pdb-selector-no-match: no selector is offered under which the budget\'s own minAvailable blocks every eviction', () => {
    const pdb = 'apiVersion: policy/v1\nkind: PodDisruptionBudget\nmetadata: {name: single}\nspec:\n  minAvailable: 1\n  selector:\n    matchLabels: {app: nothing}\n';
    const single = deployment('        - name: app\n          image: example.com/app:1.0.0\n', 'one').replace('replicas: 3', 'replicas: 1');
    const three = deployment('        - name: app\n          image: example.com/app:1.0.0\n', 'three');
    const offered = fixesOf({ files: { [MAIN]: pdb, 'workloads.yaml': `${single}---\n${three}` }, target: MAIN }, 'pdb-selector-no-match').map(({ fix }) => fix.title);
    expect(offered).toEqual(['Select the pods of Deployment "three"']);
  });

  it('bare-pod: wrapping a Pod without labels picks labels that no Service already selects', () => {
    const pod = 'apiVersion: v1\nkind: Pod\nmetadata:\n  name: nginx\nspec:\n  containers:\n    - name: nginx\n      image: nginx:1.25.3\n';
    const service = 'apiVersion: v1\nkind: Service\nmetadata: {name: nginxsvc}\nspec:\n  selector: {app: nginx}\n  ports: [{port: 80}]\n';
    const [wrap] = fixesOf({ files: { [MAIN]: pod, 'service.yaml': service }, target: MAIN }, 'bare-pod');
    expect(wrap!.output).toContain('  selector:\n    matchLabels:\n      app.kubernetes.io/name: nginx\n');
    expect(wrap!.output).not.toContain('app: nginx');
    // Without a Service selecting `app: nginx`, that is the label.
    expect(fixesOf(pod, 'bare-pod')[0]!.output).toContain('  selector:\n    matchLabels:\n      app: nginx\n');
  });
});
