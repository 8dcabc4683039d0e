import { coreRule } from '../lib/core-rule';

export default coreRule({
  id: 'helm-template-unrendered',
  severity: 'info',
  messages: { 'helm-template-unrendered': 'Unrendered Helm template: render it first.' },
  docs: {
    description: 'An unrendered Helm chart template is reported once and not linted; lint the rendered output instead.',
    source: { title: 'Helm: helm template', url: 'https://helm.sh/docs/helm/helm_template/' },
  },
});
