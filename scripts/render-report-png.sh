#!/usr/bin/env bash
# Renders an HTML report (kit grade/render --format html) to a PNG with
# headless Chromium, to look at it or put it in the docs.
#
#   scripts/render-report-png.sh REPORT.html OUT.png [WIDTHxHEIGHT]
#
# The default window is 1100x1600 CSS pixels: the summary and the start of the
# check-by-check section. Needs `chromium` (apt-get install chromium) or
# `chromium-browser`/`google-chrome`; set CHROMIUM to choose one.
set -euo pipefail

if [ $# -lt 2 ] || [ $# -gt 3 ]; then
  echo "usage: $0 REPORT.html OUT.png [WIDTHxHEIGHT]" >&2
  exit 2
fi
html=$1
out=$2
size=${3:-1100x1600}
if [ ! -f "$html" ]; then
  echo "$0: $html: no such file" >&2
  exit 2
fi
browser=${CHROMIUM:-}
if [ -z "$browser" ]; then
  for candidate in chromium chromium-browser google-chrome; do
    if command -v "$candidate" >/dev/null; then
      browser=$candidate
      break
    fi
  done
fi
if [ -z "$browser" ]; then
  echo "$0: no chromium found (apt-get install chromium, or set CHROMIUM)" >&2
  exit 3
fi

abs_html=$(cd "$(dirname "$html")" && pwd)/$(basename "$html")
abs_out=$(cd "$(dirname "$out")" && pwd)/$(basename "$out")
# A throwaway profile: no state shared with another run or a user's browser.
profile=$(mktemp -d)
trap 'rm -rf "$profile"' EXIT

"$browser" --headless --no-sandbox --disable-gpu --hide-scrollbars \
  --user-data-dir="$profile" --no-first-run --disable-extensions \
  --force-device-scale-factor=1 \
  --window-size="${size/x/,}" --screenshot="$abs_out" "file://$abs_html" \
  >/dev/null 2>&1 || true

if [ ! -s "$abs_out" ]; then
  echo "$0: $browser wrote no screenshot" >&2
  exit 1
fi
echo "$out"
