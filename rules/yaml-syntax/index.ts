import { coreRule } from '../lib/core-rule';
import { K8S } from '../lib/docs';

export default coreRule({
  id: 'yaml-syntax',
  severity: 'error',
  messages: { 'yaml-syntax': 'YAML syntax error: {{reason}}' },
  docs: {
    description: 'The file is not valid YAML; the broken document is not linted, the others are.',
    source: { title: 'Kubernetes: Managing resources › Organizing resource configurations', url: `${K8S}/concepts/cluster-administration/manage-deployment/` },
  },
});
