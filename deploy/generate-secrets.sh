#!/bin/sh
# Writes deploy/mc.env (or the file given) from mc.env.example with every secret replaced by
# fresh random bytes; mode 0600. A production server refuses the example values (issue 18).
# CORE_ADMIN_API_KEY and BFF_PROXY_PASSWORD are generated for the compose simulator: with a real
# Core and Proxy, put their credentials there instead.
set -eu
here=$(dirname "$0")
out=${1:-"$here/mc.env"}
if [ -e "$out" ]; then
  echo "$out exists: not overwriting it (delete it first to start over)" >&2
  exit 1
fi
random() { head -c 32 /dev/urandom | base64 | tr -d '\n=' | tr '+/' '-_'; }
umask 077
while IFS= read -r line; do
  case "$line" in
    NEXTAUTH_SECRET=* | METRICS_TOKEN=* | CORE_ADMIN_API_KEY=* | BFF_PROXY_PASSWORD=* | SEED_SUPER_ADMIN_PASSWORD=*)
      printf '%s=%s\n' "${line%%=*}" "$(random)" ;;
    *) printf '%s\n' "$line" ;;
  esac
done < "$here/mc.env.example" > "$out"
echo "wrote $out (the seeded super admin must change SEED_SUPER_ADMIN_PASSWORD at first sign-in)"
