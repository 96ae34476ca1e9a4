#!/usr/bin/env bash
# Node.js 24 LTS for make run/test/bench: the machine's own `node` when it is 24 or newer, else the
# npm registry's `node` package installed once into the git-ignored .build/node24 (the Makefile puts
# .build/node24/node_modules/.bin first on PATH). An up-to-date check costs one `node --version`.
set -euo pipefail
want=24.21.0
dir=.build/node24
local_node="$dir/node_modules/.bin/node"
if [ -x "$local_node" ] && [ "$("$local_node" --version)" = "v$want" ]; then exit 0; fi
major=$(node -p 'process.versions.node.split(".")[0]' 2>/dev/null || echo 0)
if [ "$major" -ge 24 ]; then exit 0; fi
echo "node: the machine has $(node --version 2>/dev/null || echo none); installing Node.js $want into $dir (once)…"
rm -rf "$dir"
mkdir -p "$dir"
npm install --prefix "$dir" --no-save --no-package-lock --no-audit --no-fund --loglevel=error "node@$want"
"$local_node" --version >/dev/null
