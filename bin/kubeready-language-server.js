#!/usr/bin/env node
// The kubeready language server: `kubeready-language-server --stdio` for any LSP editor.
require('../dist/server.js');
