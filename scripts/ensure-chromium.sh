#!/usr/bin/env bash
# Browser tests need Debian's chromium (test tools' own browser downloads are blocked here).
# Install it when we can; otherwise fail loudly with the fix, never skip silently.
set -euo pipefail
CHROMIUM="${CHROMIUM_PATH:-/usr/bin/chromium}"
if [ -x "$CHROMIUM" ]; then
  exit 0
fi
if [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null 2>&1; then
  echo "ensure-chromium: $CHROMIUM is missing; installing Debian's chromium with apt-get" >&2
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq >/dev/null
  apt-get install -y -qq --no-install-recommends chromium fonts-liberation >/dev/null
  [ -x "$CHROMIUM" ] && exit 0
fi
cat >&2 <<MSG
ensure-chromium: the browser tests need Chromium at $CHROMIUM and it is not installed.
Install it with:   sudo apt-get install chromium
or point CHROMIUM_PATH at another Chromium binary. The browser tests will not be skipped.
MSG
exit 1
