import { coreRule } from '../lib/core-rule';

export default coreRule({
  id: 'file-unreadable',
  severity: 'error',
  messages: { 'file-unreadable': '{{reason}}' },
  docs: {
    description: 'A file could not be read as a manifest: binary, invalid UTF-8, too large, unreadable or a symlink loop.',
    source: { title: 'YAML 1.2: Character set', url: 'https://yaml.org/spec/1.2.2/#51-character-set' },
  },
});
