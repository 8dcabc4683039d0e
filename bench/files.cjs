const { readdirSync, statSync } = require('node:fs');
const { join } = require('node:path');

/** The manifests under the given paths, in a stable order (the same set the CLI lints). */
function filesFrom(paths) {
  const files = [];
  const walk = (path) => {
    const stat = statSync(path);
    if (stat.isDirectory()) for (const name of readdirSync(path).sort()) walk(join(path, name));
    else if (/\.(ya?ml|json)$/i.test(path)) files.push(path);
  };
  for (const path of paths) walk(path);
  return files;
}

module.exports = { filesFrom };
