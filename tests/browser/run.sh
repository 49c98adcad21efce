#!/usr/bin/env bash
# Browser end-to-end tests: builds three sites with the release binary into a
# temporary folder and runs run.mjs against each (crawl, Chromium checks with
# axe-core, Nu Html Checker), then search.mjs on the sample site:
#   1. the repository's sample site (Vietnamese);
#   2. tests/fixtures/english (`language: en`, a cover image, page_size 2);
#   3. a corpus of 150 models from examples/gen_corpus (Vietnamese, with more
#      than 20 models in a field, so term pages paginate at the default size).
# Screenshots go to ci-artifacts/screenshots/ at the repository root (the
# English site's into en/, the corpus's into corpus/). Then serve.mjs runs
# `kheo serve` on copies of tests/fixtures/registry (Vietnamese) and
# tests/fixtures/english: an open page reloads by itself after a save, shows
# the error overlay after a broken one (axe-core on it), and clears it when
# fixed (screenshots into serve/). The last line sums every script:
# `N passed, M failed`.
#
#   bash tests/browser/run.sh [extra run.mjs options, e.g. --all-pages]
#
# Needs `cargo build --release` first (or KHEO_BIN=/path/to/kheo); the
# corpus generator is taken from beside it (release/examples/gen_corpus, which
# `cargo test --release` builds) or built with cargo when missing.
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
gen="$(dirname "$kheo")/examples/gen_corpus"
if [ ! -x "$gen" ]; then
  echo "browser tests: building the corpus generator (cargo build --release --example gen_corpus)"
  (cd "$root" && cargo build --release --quiet --example gen_corpus)
  gen="${CARGO_TARGET_DIR:-$root/target}/release/examples/gen_corpus"
fi
tmp="$(mktemp -d "${TMPDIR:-/tmp}/kheo-browser.XXXXXX")"
trap 'rm -rf "$tmp"' EXIT
"$kheo" build --root "$root" --out "$tmp/site"
"$kheo" build --root "$root/tests/fixtures/english" --out "$tmp/en"
"$gen" --models 150 --seed 1 --out "$tmp/corpus-src"
"$kheo" build --root "$tmp/corpus-src" --out "$tmp/corpus"

# --- run the suite
shots="$root/ci-artifacts/screenshots"
mkdir -p "$shots" "$shots/en" "$shots/corpus" "$shots/serve"
rm -f "$shots"/*.png "$shots"/en/*.png "$shots"/corpus/*.png "$shots"/serve/*.png
status=0
logs=()
echo "== the sample site (run.mjs)"
node "$here/run.mjs" --site "$tmp/site" --shots "$shots" "$@" | tee "$tmp/run.log" || status=$?
logs+=("$tmp/run.log")
# The search page: typed queries, ranking, URL, filters, axe-core, timing.
echo
echo "== search (search.mjs)"
node "$here/search.mjs" --site "$tmp/site" --shots "$shots" | tee "$tmp/search.log" || status=$?
logs+=("$tmp/search.log")
# English UI: <html lang="en">, longer labels at 360 px, a cover image, and a
# paginated field at page_size 2.
echo
echo "== the English fixture site, tests/fixtures/english (run.mjs --lang en)"
node "$here/run.mjs" --site "$tmp/en" --shots "$shots/en" --lang en --require paginated,model-cover "$@" \
  | tee "$tmp/en.log" || status=$?
logs+=("$tmp/en.log")
# A generated corpus: page 2 of a field at the default page size of 20.
echo
echo "== a generated corpus of 150 models (run.mjs, gen_corpus --models 150 --seed 1)"
node "$here/run.mjs" --site "$tmp/corpus" --shots "$shots/corpus" --require paginated "$@" \
  | tee "$tmp/corpus.log" || status=$?
logs+=("$tmp/corpus.log")

# `kheo serve`: a page follows the editor's saves, and shows a broken one's errors.
echo
echo "== kheo serve in Chromium, tests/fixtures/registry (serve.mjs)"
node "$here/serve.mjs" --kheo "$kheo" --site "$root/tests/fixtures/registry" \
  --model content/models/dan-chu.md --url /mo-hinh/dan-chu/ --shots "$shots/serve" \
  | tee "$tmp/serve.log" || status=$?
logs+=("$tmp/serve.log")
echo
echo "== kheo serve in Chromium, tests/fixtures/english (serve.mjs --lang en)"
node "$here/serve.mjs" --kheo "$kheo" --site "$root/tests/fixtures/english" --lang en \
  --model content/models/hanoi-ring-road.md --url /mo-hinh/hanoi-ring-road/ --shots "$shots/serve" \
  | tee "$tmp/serve-en.log" || status=$?
logs+=("$tmp/serve-en.log")

# One last line for every script: `N passed, M failed`.
passed=0
failed=0
for log in "${logs[@]}"; do
  last="$(tail -n 1 "$log")"
  if [[ "$last" =~ ^([0-9]+)\ passed,\ ([0-9]+)\ failed$ ]]; then
    passed=$((passed + BASH_REMATCH[1]))
    failed=$((failed + BASH_REMATCH[2]))
  else
    failed=$((failed + 1)) # the script stopped before its summary
  fi
done
echo
echo "== all browser tests (run.mjs on three sites, search.mjs, serve.mjs on two)"
echo "$passed passed, $failed failed"
exit "$status"
