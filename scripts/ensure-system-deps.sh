#!/usr/bin/env bash
# Makes sure the two system programs the test suite drives for real are present:
# redis-server (queue tests) and Debian's chromium (sidebar browser tests).
# As root with apt it installs what is missing; otherwise it says what to install.
set -euo pipefail

missing=()
command -v redis-server >/dev/null 2>&1 || missing+=(redis-server)
[ -x /usr/bin/chromium ] || missing+=(chromium)
[ ${#missing[@]} -eq 0 ] && exit 0

if [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null 2>&1; then
  echo "signin-triage: installing ${missing[*]} from Debian (needed by the tests)…" >&2
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
  exit 0
fi

echo "signin-triage: the tests need ${missing[*]}. Install with: sudo apt-get install -y ${missing[*]}" >&2
exit 1
