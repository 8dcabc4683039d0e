/** Where each rule's docs page is published: its Markdown file in the repository. */
export const DOCS_BASE = 'https://github.com/kubeready/kubeready/blob/main/rules';

export function docsUrl(id: string): string {
  return `${DOCS_BASE}/${id}/${id}.md`;
}

/** The EKS Best Practices Guide, as published on docs.aws.amazon.com. */
export const EKS = 'https://docs.aws.amazon.com/eks/latest/best-practices';
export const K8S = 'https://kubernetes.io/docs';
