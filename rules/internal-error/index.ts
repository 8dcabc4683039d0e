import { coreRule } from '../lib/core-rule';

export default coreRule({
  id: 'internal-error',
  severity: 'error',
  messages: { 'internal-error': 'Internal error in rule {{rule}}.' },
  docs: {
    description: 'A rule failed on one resource; the other rules still ran. This is a kubeready bug: please report it.',
    source: { title: 'kubeready issue tracker', url: 'https://github.com/kubeready/kubeready/issues' },
  },
});
