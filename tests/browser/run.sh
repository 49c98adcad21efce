#!/usr/bin/env bash
# Browser end-to-end tests of the sample site: builds it with the release
# binary into a temporary folder and runs run.mjs against it (crawl, Chromium
# checks with axe-core, Nu Html Checker), then search.mjs (the search page).
# Screenshots go to ci-artifacts/screenshots/ at the repository root. The
# last line sums both scripts: `N passed, M failed`.
#
#   bash tests/browser/run.sh [extra run.mjs options, e.g. --all-pages]
#
# Needs `cargo build --release` first (or KHEO_BIN=/path/to/kheo).
# Installs what is missing: Debian's chromium (never a downloaded browser),
# a Java runtime for the Nu Html Checker, and the npm packages (npm ci).
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/../.." && pwd)"

as_root() {
  if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo "$@"; fi
}

# --- system packages (only what is absent)
need=()
[ -x /usr/bin/chromium ] || need+=(chromium)
command -v java >/dev/null 2>&1 || need+=(default-jre-headless)
command -v node >/dev/null 2>&1 || need+=(nodejs npm)
if [ ${#need[@]} -gt 0 ]; then
  echo "browser tests: installing ${need[*]}"
  export DEBIAN_FRONTEND=noninteractive
  as_root apt-get update -qq
  as_root apt-get install -y -qq --no-install-recommends "${need[@]}"
fi
node_major="$(node -p 'process.versions.node.split(".")[0]')"
if [ "$node_major" -lt 20 ]; then
  echo "browser tests: Node.js 20 or newer is needed (found $(node --version))" >&2
  exit 1
fi

# --- npm packages, exactly as locked. --ignore-scripts: vnu-jar's postinstall
# would download a Java runtime; the system one is used instead.
if [ ! -f "$here/node_modules/.package-lock.json" ] \
  || [ "$here/package-lock.json" -nt "$here/node_modules/.package-lock.json" ] \
  || [ "${CI:-}" = "true" ]; then
  (cd "$here" && npm ci --ignore-scripts --no-audit --no-fund --loglevel=error)
fi

# --- build the sample site with the release binary
kheo="${KHEO_BIN:-${CARGO_TARGET_DIR:-$root/target}/release/kheo}"
if [ ! -x "$kheo" ]; then
  echo "browser tests: no release binary at $kheo; run 'cargo build --release' first (or set KHEO_BIN)" >&2
  exit 1
fi
tmp="$(mktemp -d "${TMPDIR:-/tmp}/kheo-browser.XXXXXX")"
trap 'rm -rf "$tmp"' EXIT
"$kheo" build --root "$root" --out "$tmp/site"

# --- run the suite
shots="$root/ci-artifacts/screenshots"
mkdir -p "$shots"
rm -f "$shots"/*.png
status=0
node "$here/run.mjs" --site "$tmp/site" --shots "$shots" "$@" | tee "$tmp/run.log" || status=$?
# The search page: typed queries, ranking, URL, filters, axe-core, timing.
echo
echo "== search (search.mjs)"
node "$here/search.mjs" --site "$tmp/site" --shots "$shots" | tee "$tmp/search.log" || status=$?

# One last line for both scripts: `N passed, M failed`.
passed=0
failed=0
for log in "$tmp/run.log" "$tmp/search.log"; do
  last="$(tail -n 1 "$log")"
  if [[ "$last" =~ ^([0-9]+)\ passed,\ ([0-9]+)\ failed$ ]]; then
    passed=$((passed + BASH_REMATCH[1]))
    failed=$((failed + BASH_REMATCH[2]))
  else
    failed=$((failed + 1)) # the script stopped before its summary
  fi
done
echo
echo "== all browser tests (run.mjs + search.mjs)"
echo "$passed passed, $failed failed"
exit "$status"
