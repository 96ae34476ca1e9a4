#!/usr/bin/env bash
# Compiles the server, the CLI and the simulator into dist/ (tsconfig.build.json) only when a source
# file is newer than the last build, so `make run` stays quick. `npm run build` always rebuilds.
set -euo pipefail
stamp=dist/src/cli/main.js
if [ -f "$stamp" ] && [ -z "$(find src/server src/cli src/backup src/domain sim tsconfig.json tsconfig.build.json package-lock.json -newer "$stamp" -print -quit 2>/dev/null)" ]; then exit 0; fi
echo "compiling the server, CLI and simulator into dist/…"
rm -rf dist/src dist/sim
npx tsc -p tsconfig.build.json
