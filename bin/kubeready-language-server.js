#!/usr/bin/env node
// The kubeready language server: `kubeready-language-server --stdio` for any LSP editor.
require('./code-cache').runWithCodeCache(require('node:path').join(__dirname, '..', 'dist', 'server.js'));
