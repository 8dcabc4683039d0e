import { readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { writeAtomically } from '../../server/src/node/write-atomically';
import { project, runCli } from '../support/cli';
import { only } from '../support/manifests';

const deployment = `# Payment API: owned by team-payments
apiVersion: apps/v1
kind: Deployment
metadata:
  name: payments   # do not rename
spec:
  replicas: 3
  selector:
    matchLabels:
      app: payments
  template:
    metadata:
      labels:
        app: payments
    spec:
      containers:
      - name: api
        image: 'registry.example.com/payments:4.1.0'
        imagePullPolicy: "Always"   # TODO
`;

const spread = `      topologySpreadConstraints:
      - maxSkew: 1
        topologyKey: topology.kubernetes.io/zone
        whenUnsatisfiable: ScheduleAnyway
        labelSelector:
          matchLabels:
            app: payments
        matchLabelKeys:
        - pod-template-hash
      - maxSkew: 1
        topologyKey: kubernetes.io/hostname
        whenUnsatisfiable: ScheduleAnyway
        labelSelector:
          matchLabels:
            app: payments
`;

const fixed = `${deployment.replace('imagePullPolicy: "Always"', 'imagePullPolicy: "IfNotPresent"')}${spread}`;

describe('kubeready lint --fix', () => {
  it('applies safe fixes and changes nothing else: comments, quoting, key order, indentation', () => {
    const root = project({ '.kubeready.yaml': only(['image-pull-at-every-start', 'zone-spread-missing']), 'deploy.yaml': deployment });
    const result = runCli(['lint', '--fix', '.'], { cwd: root });
    expect(readFileSync(join(root, 'deploy.yaml'), 'utf8')).toBe(fixed);
    expect(result.stdout).toBe('✔ No problems found in 1 file.\n');
    expect(result.code).toBe(0);
  });

  it('keeps CRLF line endings, the byte-order mark and the file mode', () => {
    const crlf = `\uFEFF${deployment.replace(/\n/g, '\r\n')}`;
    const root = project({ '.kubeready.yaml': only(['image-pull-at-every-start', 'zone-spread-missing']), 'deploy.yaml': crlf });
    const path = join(root, 'deploy.yaml');
    const { chmodSync } = require('node:fs') as typeof import('node:fs');
    chmodSync(path, 0o640);
    runCli(['lint', '--fix', '.'], { cwd: root });
    expect(readFileSync(path).toString('utf8')).toBe(`\uFEFF${fixed.replace(/\n/g, '\r\n')}`);
    expect(statSync(path).mode & 0o777).toBe(0o640);
  });

  it('adds the final newline it needs before appending at the end of a file that lacks one', () => {
    const root = project({ '.kubeready.yaml': only(['zone-spread-missing']), 'deploy.yaml': deployment.replace(/\n$/, '') });
    runCli(['lint', '--fix', '.'], { cwd: root });
    expect(readFileSync(join(root, 'deploy.yaml'), 'utf8')).toBe(`${deployment}${spread}`);
  });

  it('leaves files without safe fixes byte for byte alone', () => {
    const root = project({ '.kubeready.yaml': only(['pdb-missing']), 'deploy.yaml': deployment });
    const before = statSync(join(root, 'deploy.yaml')).mtimeMs;
    const result = runCli(['lint', '--fix', '.'], { cwd: root });
    expect(readFileSync(join(root, 'deploy.yaml'), 'utf8')).toBe(deployment);
    expect(statSync(join(root, 'deploy.yaml')).mtimeMs).toBe(before);
    expect(result.stdout).toContain('pdb-missing');
  });

  it('--fix-dry-run prints a unified diff and writes nothing', () => {
    const root = project({ '.kubeready.yaml': only(['image-pull-at-every-start']), 'deploy.yaml': deployment });
    const result = runCli(['lint', '--fix-dry-run', '.'], { cwd: root });
    expect(readFileSync(join(root, 'deploy.yaml'), 'utf8')).toBe(deployment);
    expect(result.stdout).toBe(
      [
        '===================================================================',
        '--- a/deploy.yaml',
        '+++ b/deploy.yaml',
        '@@ -16,4 +16,4 @@',
        '       containers:',
        '       - name: api',
        "         image: 'registry.example.com/payments:4.1.0'",
        '-        imagePullPolicy: "Always"   # TODO',
        '+        imagePullPolicy: "IfNotPresent"   # TODO',
        '',
      ].join('\n'),
    );
    expect(result.code).toBe(0);
  });
});

describe('atomic writes', () => {
  it('refuses to write a file that changed since it was read', () => {
    const root = project({ 'a.yaml': 'a: 1\n' });
    const path = join(root, 'a.yaml');
    const original = { bytes: readFileSync(path), mode: statSync(path).mode };
    writeFileSync(path, 'a: 2\n');
    expect(writeAtomically(path, 'a: 3\n', original)).toEqual({ ok: false, reason: 'the file changed since it was read; not written' });
    expect(readFileSync(path, 'utf8')).toBe('a: 2\n');
  });

  it('writes through a symbolic link to the real file', () => {
    const root = project({ 'real.yaml': 'a: 1\n' });
    const { symlinkSync, lstatSync } = require('node:fs') as typeof import('node:fs');
    symlinkSync(join(root, 'real.yaml'), join(root, 'link.yaml'));
    const path = join(root, 'link.yaml');
    expect(writeAtomically(path, 'a: 2\n', { bytes: readFileSync(path), mode: statSync(path).mode })).toEqual({ ok: true });
    expect(lstatSync(path).isSymbolicLink()).toBe(true);
    expect(readFileSync(join(root, 'real.yaml'), 'utf8')).toBe('a: 2\n');
  });
});
