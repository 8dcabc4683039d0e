#!/usr/bin/env node
require('./code-cache').runWithCodeCache(require('node:path').join(__dirname, '..', 'dist', 'cli.js'));
