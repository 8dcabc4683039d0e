import { coreRule } from '../lib/core-rule';

export default coreRule({
  id: 'unused-suppression',
  severity: 'info',
  messages: { unused: 'Unused suppression.', unknown: 'Suppression names an unknown rule id.' },
  docs: {
    description: 'A suppression comment, annotation or config ignore that suppresses nothing, or names an unknown rule.',
    source: { title: 'kubeready README › Suppressing findings', url: 'https://github.com/kubeready/kubeready#suppressing-findings' },
  },
});
