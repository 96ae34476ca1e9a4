#!/usr/bin/env bash
# Builds the web UI into dist/web only when a source file is newer than the last build.
set -euo pipefail
stamp=dist/web/index.html
if [ -f "$stamp" ] && [ -z "$(find src/web vite.config.ts package-lock.json -newer "$stamp" -print -quit 2>/dev/null)" ]; then exit 0; fi
echo "building the web UI…"
npx vite build --logLevel warn
