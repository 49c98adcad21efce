#!/usr/bin/env bash
# Incremental builds at scale: on a generated corpus (`--no-booklet`), the
# clean build (`kheo build --no-cache`) against a rebuild after one model's
# body is edited, after one model's title is edited, and with nothing
# changed. SPEC: a rebuild after editing one model of 10 000 takes at most
# 0.1× a clean build.
#
#   bash bench/incremental.sh                  10 000 models, 5 runs each
#   bash bench/incremental.sh --models 1000 --runs 10
#
# Needs `cargo build --release --all-targets` (or KHEO_BIN and GEN_CORPUS_BIN)
# and hyperfine. Each edit alternates between two versions of the file, so
# every timed run has exactly one changed model. Prints hyperfine's table
# (median and mean per scenario) and the load average.
set -euo pipefail

repo="$(cd "$(dirname "$0")/.." && pwd)"
models=10000
runs=5
seed=1
while [ $# -gt 0 ]; do
  case "$1" in
    --models) models="${2:?}"; shift ;;
    --runs) runs="${2:?}"; shift ;;
    --seed) seed="${2:?}"; shift ;;
    -h|--help) sed -n '2,14p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) echo "bench/incremental.sh: unknown option \`$1\`" >&2; exit 2 ;;
  esac
  shift
done
target="${CARGO_TARGET_DIR:-$repo/target}/release"
kheo="${KHEO_BIN:-$target/kheo}"
gen="${GEN_CORPUS_BIN:-$target/examples/gen_corpus}"
[ -x "$kheo" ] && [ -x "$gen" ] || { echo "bench/incremental.sh: build first: cargo build --release --all-targets" >&2; exit 1; }
command -v hyperfine >/dev/null || { echo "bench/incremental.sh: needs hyperfine" >&2; exit 1; }

work="$(mktemp -d "${TMPDIR:-/tmp}/kheo-incremental-bench.XXXXXX")"
trap 'rm -rf "$work"' EXIT
site="$work/site"
"$gen" --models "$models" --seed "$seed" --out "$site" >/dev/null
model="$(find "$site/content/models" -name '*.md' | sort | sed -n 1p)"
cp "$model" "$work/original.md"

# Two versions of the file for each edit; `toggle KIND` swaps in the other one.
python3 - "$work/original.md" "$work" <<'EOF'
import sys, re
text = open(sys.argv[1], encoding="utf-8").read()
out = sys.argv[2]
open(f"{out}/body-a.md", "w", encoding="utf-8").write(text)
open(f"{out}/body-b.md", "w", encoding="utf-8").write(text + "\nMột câu thêm vào nội dung.\n")
titled = re.sub(r'^title: "(.*)"$', r'title: "\1 (sửa)"', text, count=1, flags=re.M)
assert titled != text, "no title line"
open(f"{out}/title-a.md", "w", encoding="utf-8").write(text)
open(f"{out}/title-b.md", "w", encoding="utf-8").write(titled)
EOF
cat > "$work/toggle" <<EOF
#!/bin/sh
if [ -e "$work/\$1.state" ]; then cp "$work/\$1-a.md" "$model"; rm "$work/\$1.state"
else cp "$work/\$1-b.md" "$model"; touch "$work/\$1.state"; fi
EOF
chmod +x "$work/toggle"

build="$kheo build --root $site --no-booklet"
"$kheo" build --root "$site" --no-booklet >/dev/null 2>&1
echo "load average before: $(cut -d' ' -f1-3 /proc/loadavg)"
hyperfine --runs "$runs" --warmup 1 --export-json "$work/clean.json" \
  -n clean "$build --no-cache"
# The clean runs above rewrote the cache for this output: incremental from here.
hyperfine --runs "$runs" --warmup 1 --export-json "$work/incr.json" \
  -n "nothing changed" --prepare true "$build" \
  -n "one body edited" --prepare "$work/toggle body" "$build" \
  -n "one title edited" --prepare "$work/toggle title" "$build"
echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg)"
python3 - "$work/clean.json" "$work/incr.json" <<'EOF'
import json, sys
clean = json.load(open(sys.argv[1]))["results"][0]
print(f"clean: median {clean['median']:.2f} s")
for r in json.load(open(sys.argv[2]))["results"]:
    print(f"{r['command']}: median {r['median']:.3f} s = {r['median'] / clean['median']:.3f}× clean")
EOF
