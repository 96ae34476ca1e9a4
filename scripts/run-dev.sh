#!/usr/bin/env bash
# `make run`: the dev database (unless MONGODB_URI is set), the Core/Proxy simulator, seed, and
# the server on http://localhost:3000, all from the compiled JavaScript in dist/ (`make build`).
# Ctrl-C stops everything this script started.
set -euo pipefail
export NODE_ENV=development
mkdir -p .devdb
pids=()
cleanup() {
  trap - EXIT INT TERM
  # Each child runs in its own process group (setsid), so its own children stop with it.
  for pid in "${pids[@]}"; do kill -TERM -- "-$pid" 2>/dev/null || kill "$pid" 2>/dev/null || true; done
  wait 2>/dev/null || true
}
trap cleanup EXIT INT TERM

wait_for_line() { # file pattern pid what
  for _ in $(seq 1 600); do
    grep -q "$2" "$1" 2>/dev/null && return 0
    kill -0 "$3" 2>/dev/null || { echo "$4 failed to start:" >&2; tail -20 "${1%.out}.err" >&2 || true; exit 1; }
    sleep 0.1
  done
  echo "$4 did not start in 60 s" >&2; exit 1
}

if [ -z "${MONGODB_URI:-}" ]; then
  if (exec 3<>/dev/tcp/127.0.0.1/27018) 2>/dev/null; then
    echo "dev database: already listening on 127.0.0.1:27018"
  else
    setsid ./.build/devdb -data .devdb/dev -port 27018 > .devdb/devdb.out 2> .devdb/devdb.err &
    pids+=($!)
    wait_for_line .devdb/devdb.out "devdb ready" $! "dev database"
    echo "dev database: mongodb://127.0.0.1:27018/ (data in .devdb/dev)"
  fi
fi

setsid node dist/sim/main.js --certs certs > .devdb/sim.out 2> .devdb/sim.err &
pids+=($!)
wait_for_line .devdb/sim.out "sim ready" $! "simulator"
echo "simulator: $(grep -o 'sim ready.*' .devdb/sim.out)"

node dist/src/cli/main.js seed | tee .devdb/seed.out
# .env now holds the generated development secrets, including the super admin's password.
set -a; source .env; set +a

export AUTO_MIGRATE="${AUTO_MIGRATE:-true}"
setsid node dist/src/server/main.js > .devdb/server.out 2> .devdb/server.err &
pids+=($!)
wait_for_line .devdb/server.out "listening on" $! "server"
email=$(grep -o 'super admin [a-z]*: .*' .devdb/seed.out | sed 's/.*: //')
password=$(grep -o 'generated password (shown once): .*' .devdb/seed.out | sed 's/.*: //' || true)
echo
echo "Message Center is running on http://localhost:${PORT:-3000}"
echo "  sign in as: ${email}"
if [ -n "$password" ]; then
  echo "  password:   ${password}   (generated now; shown once — keep it)"
else
  echo "  password:   ${SEED_SUPER_ADMIN_PASSWORD}   (from .env, unless changed since under Account)"
fi
echo "  logs: .devdb/server.out (JSON lines)   stop: Ctrl-C"
wait "${pids[-1]}"
