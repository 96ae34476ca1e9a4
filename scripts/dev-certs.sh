#!/usr/bin/env bash
# Development PKI for the Core/Proxy simulator and MC's mTLS client.
# Usage: scripts/dev-certs.sh [DIR]   (or CERTS_DIR=DIR; default ./certs, git-ignored)
# Idempotent: when every file exists and each certificate is valid for more than 7 days,
# it changes nothing. Otherwise it regenerates the whole set, so the pieces always chain.
# Concurrent runs are serialised with flock, so parallel test workers cannot race.
set -euo pipefail

dir="${1:-${CERTS_DIR:-certs}}"
mkdir -p "$dir"
chmod 0700 "$dir"
cd "$dir"

exec 9>".lock"
flock -w 120 9

days=825
min_valid_seconds=$((7 * 24 * 3600))
certs=(ca.crt server.crt mc-client.crt mc-client-2.crt rogue-ca.crt rogue-client.crt)
keys=(ca.key server.key mc-client.key mc-client-2.key rogue-ca.key rogue-client.key)

all_valid() {
  local f
  for f in "${certs[@]}" "${keys[@]}"; do [[ -s "$f" ]] || return 1; done
  for f in "${certs[@]}"; do
    openssl x509 -in "$f" -noout -checkend "$min_valid_seconds" >/dev/null 2>&1 || return 1
  done
}

if all_valid; then
  echo "dev-certs: valid certificates already in $(pwd) (nothing to do)"
  exit 0
fi

umask 077
tmp="$(mktemp -d .gen.XXXXXX)"
trap 'rm -rf "$tmp"' EXIT

new_ca() { # name cn
  openssl req -x509 -newkey rsa:2048 -nodes -sha256 -days "$days" \
    -subj "/CN=$2" -keyout "$tmp/$1.key" -out "$tmp/$1.crt" \
    -addext "basicConstraints=critical,CA:TRUE" -addext "keyUsage=critical,keyCertSign,cRLSign" 2>/dev/null
}

new_leaf() { # name cn ca usage [san]
  local ext="$tmp/$1.ext"
  {
    echo "basicConstraints=critical,CA:FALSE"
    echo "keyUsage=critical,digitalSignature,keyEncipherment"
    echo "extendedKeyUsage=$4"
    [[ -n "${5:-}" ]] && echo "subjectAltName=$5"
  } >"$ext"
  openssl req -new -newkey rsa:2048 -nodes -subj "/CN=$2" \
    -keyout "$tmp/$1.key" -out "$tmp/$1.csr" 2>/dev/null
  openssl x509 -req -sha256 -days "$days" -in "$tmp/$1.csr" \
    -CA "$tmp/$3.crt" -CAkey "$tmp/$3.key" -set_serial "0x$(openssl rand -hex 16)" \
    -extfile "$ext" -out "$tmp/$1.crt" 2>/dev/null
}

new_ca ca "MC Dev CA"
new_leaf server "localhost" ca serverAuth "DNS:localhost,IP:127.0.0.1"
new_leaf mc-client "mc-client" ca clientAuth
new_leaf mc-client-2 "mc-client-2" ca clientAuth
new_ca rogue-ca "Rogue CA"
new_leaf rogue-client "rogue-client" rogue-ca clientAuth

for f in "${certs[@]}"; do chmod 0644 "$tmp/$f"; mv -f "$tmp/$f" "$f"; done
for f in "${keys[@]}"; do chmod 0600 "$tmp/$f"; mv -f "$tmp/$f" "$f"; done
rm -f ca.srl

echo "dev-certs: wrote CA, server (localhost,127.0.0.1), mc-client, mc-client-2, rogue-client to $(pwd) (valid $days days)"
