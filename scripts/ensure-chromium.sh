#!/usr/bin/env bash
# The end-to-end tests drive Debian's Chromium; install it when missing and we may.
set -euo pipefail
if command -v chromium >/dev/null 2>&1; then exit 0; fi
if [ "$(id -u)" -eq 0 ] && command -v apt-get >/dev/null 2>&1; then
  echo "installing Debian's chromium for the end-to-end tests…"
  apt-get update -qq >/dev/null
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null
else
  echo "chromium is missing: install Debian's package 'chromium' (sudo apt-get install chromium) to run the end-to-end tests" >&2
  exit 1
fi
