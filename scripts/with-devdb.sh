#!/usr/bin/env bash
# Runs a command against MONGODB_URI, or against the dev database on 127.0.0.1:27018,
# starting it for the command's duration when it is not already running.
set -euo pipefail
if [ -n "${MONGODB_URI:-}" ] || (exec 3<>/dev/tcp/127.0.0.1/27018) 2>/dev/null; then
  export NODE_ENV="${NODE_ENV:-development}"
  exec "$@"
fi
mkdir -p .devdb
./.build/devdb -data .devdb/dev -port 27018 > .devdb/ready.log 2> .devdb/devdb.log &
pid=$!
trap 'kill $pid 2>/dev/null; wait $pid 2>/dev/null || true' EXIT
for _ in $(seq 1 600); do
  grep -q "devdb ready" .devdb/ready.log 2>/dev/null && break
  kill -0 $pid 2>/dev/null || { cat .devdb/devdb.log >&2; exit 1; }
  sleep 0.1
done
export NODE_ENV="${NODE_ENV:-development}"
"$@"
