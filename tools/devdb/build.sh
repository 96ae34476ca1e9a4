#!/usr/bin/env bash
# Builds <repo>/.build/devdb, only when it is missing or older than a file in tools/devdb,
# so callers (make, .ci/run, test setup) can run it every time. The first build takes about 2 minutes
# (it downloads and compiles FerretDB); an up-to-date check takes milliseconds.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
repo="$(cd "$here/../.." && pwd)"
out="$repo/.build/devdb"

if [[ -x "$out" && -z "$(find "$here" -type f -newer "$out" -print -quit)" ]]; then
  echo "devdb: $out is up to date"
  exit 0
fi

command -v go >/dev/null || { echo "devdb: Go is not installed; cannot build $out" >&2; exit 1; }
cd "$here"
# -diff changes nothing and fails when go.mod/go.sum are incomplete.
if ! go mod tidy -diff >/dev/null 2>&1; then
  echo "devdb: go mod tidy"
  go mod tidy
fi
echo "devdb: building $out"
mkdir -p "$repo/.build"
# Build beside the target and rename, so a parallel build or a running devdb never sees half a file.
CGO_ENABLED=0 go build -buildvcs=false -o "$out.tmp.$$" .
mv -f "$out.tmp.$$" "$out"
echo "devdb: built $out"
