#!/usr/bin/env bash
# The booklet at scale: `kheo booklet` on a generated corpus, timed with
# /usr/bin/time -v. SPEC: a booklet of 1 000 models in under 30 s on a
# 2-core machine; peak memory is reported (typst holds the whole volume).
#
#   bash bench/booklet.sh                  1 000 models, 3 runs
#   bash bench/booklet.sh --models 500 --runs 5 --paper a4
#
# Needs `cargo build --release --all-targets` (or KHEO_BIN and GEN_CORPUS_BIN),
# /usr/bin/time (Debian `time`) and pdfinfo (Debian `poppler-utils`).
# Prints the median wall time, CPU time and peak RSS, and the page count.
set -euo pipefail

repo="$(cd "$(dirname "$0")/.." && pwd)"
models=1000
runs=3
paper=a5
seed=1
while [ $# -gt 0 ]; do
  case "$1" in
    --models) models="${2:?}"; shift ;;
    --runs) runs="${2:?}"; shift ;;
    --paper) paper="${2:?}"; shift ;;
    --seed) seed="${2:?}"; shift ;;
    -h|--help) sed -n '2,11p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) echo "bench/booklet.sh: unknown option \`$1\`" >&2; exit 2 ;;
  esac
  shift
done
target="${CARGO_TARGET_DIR:-$repo/target}/release"
kheo="${KHEO_BIN:-$target/kheo}"
gen="${GEN_CORPUS_BIN:-$target/examples/gen_corpus}"
[ -x "$kheo" ] && [ -x "$gen" ] || { echo "bench/booklet.sh: build first: cargo build --release --all-targets" >&2; exit 1; }
[ -x /usr/bin/time ] || { echo "bench/booklet.sh: needs /usr/bin/time (apt-get install time)" >&2; exit 1; }

work="$(mktemp -d "${TMPDIR:-/tmp}/kheo-booklet-bench.XXXXXX")"
trap 'rm -rf "$work"' EXIT
"$gen" --models "$models" --seed "$seed" --out "$work/site" >/dev/null
printf 'booklet:\n  paper: %s\n  max_models: %s\n' "$paper" "$models" >> "$work/site/site.yaml"

walls=(); cpus=(); rss=()
for i in $(seq "$runs"); do
  /usr/bin/time -v -o "$work/time.txt" "$kheo" booklet --root "$work/site" --out "$work/b.pdf" >/dev/null 2>&1
  walls+=("$(awk -F': ' '/Elapsed/ { n = split($2, t, ":"); s = 0; for (j = 1; j <= n; j++) s = s * 60 + t[j]; print s }' "$work/time.txt")")
  cpus+=("$(awk -F': ' '/User time/ { u = $2 } /System time/ { s = $2 } END { print u + s }' "$work/time.txt")")
  rss+=("$(awk -F': ' '/Maximum resident set size/ { print $2 }' "$work/time.txt")")
done
median() { sort -g | awk '{ a[NR] = $1 } END { print (NR % 2) ? a[(NR + 1) / 2] : (a[NR / 2] + a[NR / 2 + 1]) / 2 }'; }
pages="$(pdfinfo "$work/b.pdf" 2>/dev/null | awk '/^Pages:/ { print $2 }')"
echo "kheo booklet, $models models, $paper, $runs runs on $(nproc) cores ($(date -u +%F)):"
echo "  median wall $(printf '%s\n' "${walls[@]}" | median) s, CPU $(printf '%s\n' "${cpus[@]}" | median) s, peak RSS $(( $(printf '%s\n' "${rss[@]}" | median | cut -d. -f1) / 1024 )) MiB; ${pages:-?} pages, $(( $(stat -c %s "$work/b.pdf") / 1024 )) KiB"
