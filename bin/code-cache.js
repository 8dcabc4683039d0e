'use strict';
// Runs a bundle from dist/ with V8's code cache kept beside it (`<bundle>.cache`). Compiling the 1.4 MB bundle
// and the functions a lint run calls is most of kubeready's start-up; with the cache a pre-commit run starts
// about 70 ms sooner (`npm run bench`, cold start). The build writes the cache (esbuild.mjs warms it with a lint
// of examples/). When it is missing, or V8 rejects it (another Node version, other flags, a rebuilt bundle),
// the bundle is compiled from source and the cache is rewritten when the run ends, atomically; where the
// package is read-only it simply stays uncached. An accepted cache is never written, so runs stay read-only.
const { readFileSync, renameSync, unlinkSync, writeFileSync } = require('node:fs');
const Module = require('node:module');
const { dirname } = require('node:path');
const { Script } = require('node:vm');

function runWithCodeCache(bundle) {
  const cacheFile = `${bundle}.cache`;
  let cachedData;
  try {
    cachedData = readFileSync(cacheFile);
  } catch {
    cachedData = undefined;
  }
  const source = readFileSync(bundle, 'utf8').replace(/^#!.*/, '');
  const script = new Script(Module.wrap(source), { filename: bundle, cachedData });
  if (cachedData === undefined || script.cachedDataRejected) process.once('exit', () => writeCache(script, cacheFile));
  const module = new Module(bundle, null);
  module.filename = bundle;
  module.paths = Module._nodeModulePaths(dirname(bundle));
  module.loaded = true;
  script.runInThisContext().call(module.exports, module.exports, Module.createRequire(bundle), module, bundle, dirname(bundle));
}

function writeCache(script, cacheFile) {
  const temporary = `${cacheFile}.${process.pid}`;
  try {
    writeFileSync(temporary, script.createCachedData());
    renameSync(temporary, cacheFile);
  } catch {
    try {
      unlinkSync(temporary);
    } catch {
      // Nothing was written.
    }
  }
}

module.exports = { runWithCodeCache };
