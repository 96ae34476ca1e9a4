#!/usr/bin/env bash
# Node.js 24 LTS for make run/test/bench: the machine's own `node` when it is 24 or newer, else the
# npm registry's `node` package. It is installed once per machine into the user's cache folder and
# linked as the git-ignored .build/node24 (the Makefile puts .build/node24/node_modules/.bin first
# on PATH), so a fresh clone (CI) only makes the link; an up-to-date check is one `node --version`.
set -euo pipefail
want=24.21.0
link=.build/node24
local_node="$link/node_modules/.bin/node"
if [ -x "$local_node" ] && [ "$("$local_node" --version)" = "v$want" ]; then exit 0; fi
major=$(node -p 'process.versions.node.split(".")[0]' 2>/dev/null || echo 0)
if [ "$major" -ge 24 ]; then exit 0; fi

cache="${XDG_CACHE_HOME:-${HOME:-/nonexistent}/.cache}/message-center/node-$want"
if ! mkdir -p "$(dirname "$cache")" 2>/dev/null; then cache="$PWD/.build/node-$want"; fi
if ! [ -x "$cache/node_modules/.bin/node" ] || [ "$("$cache/node_modules/.bin/node" --version)" != "v$want" ]; then
  echo "node: the machine has $(node --version 2>/dev/null || echo none); installing Node.js $want into $cache (once)…"
  rm -rf "$cache.tmp.$$"
  mkdir -p "$cache.tmp.$$"
  npm install --prefix "$cache.tmp.$$" --no-save --no-package-lock --no-audit --no-fund --loglevel=error "node@$want"
  "$cache.tmp.$$/node_modules/.bin/node" --version >/dev/null
  rm -rf "$cache" # an unusable earlier install
  # Another make may have finished first: then its copy stays and ours goes.
  mv -T "$cache.tmp.$$" "$cache" 2>/dev/null || rm -rf "$cache.tmp.$$"
fi
mkdir -p .build
rm -rf "$link"
ln -s "$cache" "$link"
"$local_node" --version >/dev/null
