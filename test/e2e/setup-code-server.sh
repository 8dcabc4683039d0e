#!/usr/bin/env bash
# Installs code-server from the npm registry, with no download from anywhere else, into a folder of its own
# (never the project's node_modules: code-server's install scripts fetch ripgrep from GitHub, so it cannot be
# a devDependency that `npm ci` installs). Used by test/e2e/run.mjs, which caches the result between runs.
#
# Usage: setup-code-server.sh <version> <install-dir>
# Needs: node 20, g++/make/python3 (node-gyp), and the Debian packages ripgrep and libkrb5-dev.
set -euo pipefail
VER=${1:?code-server version}; DIR=${2:?install dir}
echo "setup-code-server: code-server $VER into $DIR (node $(node --version), npm $(npm --version))"
command -v rg >/dev/null || { echo "setup-code-server: needs ripgrep (apt-get install -y ripgrep)" >&2; exit 1; }
rm -f "$DIR/.complete"
mkdir -p "$DIR"; cd "$DIR"; [ -f package.json ] || npm init -y >/dev/null
# 1. code-server itself, without its postinstall: that would run `npm install` in lib/vscode, where
#    @vscode/ripgrep's postinstall downloads rg from GitHub (ENOTFOUND api.github.com offline).
npm install --ignore-scripts --no-audit --no-fund --loglevel=error "code-server@$VER"
# argon2 tries a GitHub prebuilt first, then builds from source: fine offline.
npm rebuild argon2 >/dev/null
cd node_modules/code-server/lib/vscode
# 2. what code-server's postinstall.sh does, by hand:
npm install --omit=dev --ignore-scripts --no-audit --no-fund --loglevel=error
# @vscode/ripgrep's postinstall sees bin/ and does nothing.
mkdir -p node_modules/@vscode/ripgrep/bin && cp "$(command -v rg)" node_modules/@vscode/ripgrep/bin/rg
# Native modules through node-gyp; yes=true lets node-pty's postinstall run `npx node-gyp` without a prompt.
npm_config_yes=true npm rebuild >/dev/null
ln -sfn node_modules node_modules.asar
(cd bin/remote-cli && ln -sfn code-linux.sh code-server)
(cd bin/helpers && ln -sfn browser-linux.sh browser.sh)
(cd extensions && npm install --omit=dev --no-audit --no-fund --loglevel=error)
cd "$DIR"
# (code-server writes a default config.yaml on any start: keep it out of the home folder)
XDG_CONFIG_HOME="$DIR/.xdg/config" XDG_DATA_HOME="$DIR/.xdg/data" ./node_modules/.bin/code-server --version
touch "$DIR/.complete"
