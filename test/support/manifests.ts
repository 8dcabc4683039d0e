import { stringify } from 'yaml';
import { RULES } from '../../rules';

/** A config that turns off every catalog rule except `ids`, so a test sees only the findings it is about. */
export function only(ids: string[], extra: Record<string, unknown> = {}): string {
  const off = Object.fromEntries(RULES.filter((r) => r.meta.category !== 'kubeready' && !ids.includes(r.meta.id)).map((r) => [r.meta.id, 'off']));
  return stringify({ ...extra, rules: { ...off, ...((extra.rules as object) ?? {}) } });
}

/** A Deployment of 3 replicas with one container; `extra` is appended to its image line (more container fields). */
export const deployment = (name: string, extra = '') => `apiVersion: apps/v1
kind: Deployment
metadata:
  name: ${name}
spec:
  replicas: 3
  selector:
    matchLabels:
      app: ${name}
  template:
    metadata:
      labels:
        app: ${name}
    spec:
      containers:
        - name: app
          image: registry.example.com/${name}:1.0.0${extra}
`;

export const pdb = (name: string) => `apiVersion: policy/v1
kind: PodDisruptionBudget
metadata:
  name: ${name}
spec:
  maxUnavailable: 1
  selector:
    matchLabels:
      app: ${name}
`;

/** A CRD, a kind no rule reads; 1.5 KB each, so a few hundred make the bytes that are syntax-checked aside. */
export const crd = (n: number) => `apiVersion: apiextensions.k8s.io/v1
kind: CustomResourceDefinition
metadata:
  name: widgets${n}.example.com
spec:
  group: example.com
  names: {kind: Widget${n}, plural: widgets${n}}
  scope: Namespaced
  versions:
    - name: v1
      served: true
      storage: true
      schema:
        openAPIV3Schema:
          type: object
          description: ${'A widget. '.repeat(150)}
`;

/** A Gateway (a kind no rule reads) whose listener item is indented past its key: a syntax error on line 8. */
export const brokenGateway = 'apiVersion: gateway.networking.k8s.io/v1\nkind: Gateway\nmetadata:\n  name: g\nspec:\n      listeners:\n      -   name: http\n        port: 80\n';
