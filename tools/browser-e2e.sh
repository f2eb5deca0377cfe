#!/usr/bin/env bash
# The browser e2e (apps/web-e2e) in Debian's Chromium, which it installs with apt when missing (as root, or
# with password-less sudo). Without a Chromium it skips with a clear line, unless REQUIRE_BROWSER=1 (CI).
set -euo pipefail
cd "$(dirname "$0")/.."
chromium=${CHROMIUM_PATH:-/usr/bin/chromium}

if [ ! -x "$chromium" ] && [ "$chromium" = /usr/bin/chromium ]; then
  if [ "$(id -u)" = 0 ]; then sudo=""; elif sudo -n true 2>/dev/null; then sudo="sudo"; else sudo="none"; fi
  if [ "$sudo" != none ]; then
    echo "Installing Debian's chromium for the browser tests (never a downloaded browser)"
    $sudo apt-get update -qq && $sudo apt-get install -y -qq chromium >/dev/null || true
  fi
fi

if [ ! -x "$chromium" ]; then
  if [ "${REQUIRE_BROWSER:-0}" = 1 ]; then
    echo "REQUIRE_BROWSER=1 but $chromium is missing (apt-get install -y chromium)" >&2
    exit 1
  fi
  echo "Browser e2e skipped: $chromium is missing and could not be installed (apt-get install -y chromium)."
  exit 0
fi

exec npx nx run web-e2e:e2e --outputStyle=static
