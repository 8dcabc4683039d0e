import { coreRule } from '../lib/core-rule';

export default coreRule({
  id: 'expired-ignore',
  severity: 'info',
  messages: { expired: 'This ignore has expired.' },
  docs: {
    description: 'A config-file ignore whose `expires` date has passed: it no longer suppresses anything.',
    source: { title: 'kubeready README › Suppressing findings', url: 'https://github.com/kubeready/kubeready#suppressing-findings' },
  },
});
