#!/usr/bin/env bash
# kheo against Hugo on the same generated corpus. See BENCHMARKS.md.
#
#   bash bench/run.sh                 1 000 and 10 000 models
#   bash bench/run.sh --full          also 100 000 models
#   bash bench/run.sh --sizes "1000"  any list of sizes
#
# Options: --runs N (hyperfine runs per command, default 5), --alt-runs N
# (alternating /usr/bin/time -v runs per tool, default 3), --seed S
# (default 1), --work DIR (default $TMPDIR/kheo-bench; each size's folder is
# emptied), --no-build (use the binaries already in the cargo target dir).
# Environment: KHEO_BIN, GEN_CORPUS_BIN, HUGO_BIN override the programs;
# CARGO_TARGET_DIR is honoured.
#
# For every size: gen_corpus writes the corpus twice (a kheo site and its
# Hugo twin). One hyperfine invocation times, after one warm-up run each, a
# clean `kheo build`, a clean `hugo` and `cp -r` of the kheo corpus (the
# floor), every run preceded by moving all output aside (deleted at the end
# of the size: ext4 makes files slowly right after a large deletion) and
# removing anything the tools left in the site folders (caches, locks,
# Hugo's resources/). Then kheo and
# Hugo alternate under /usr/bin/time -v: peak RSS, and wall and CPU time as a
# cross-check that load drift on a shared machine did not favour either.
# Last, one model is edited before each of several `kheo build` runs into the
# existing output: the rebuild after one edit. Prints medians and ratios and
# writes them to $WORK/results.md. Exits non-zero only on errors (a failed
# build, a missing tool), never on a missed target.
set -euo pipefail

repo="$(cd "$(dirname "$0")/.." && pwd)"
sizes="1000 10000"
runs=5
alt_runs=3
seed=1
build=1
work="${TMPDIR:-/tmp}/kheo-bench"

usage() { sed -n '2,26p' "$0" | sed 's/^# \{0,1\}//'; }
die() { echo "bench: $*" >&2; exit 1; }

while [ $# -gt 0 ]; do
  case "$1" in
    --full) sizes="1000 10000 100000" ;;
    --sizes) sizes="${2:?--sizes needs a value}"; shift ;;
    --runs) runs="${2:?--runs needs a value}"; shift ;;
    --alt-runs) alt_runs="${2:?--alt-runs needs a value}"; shift ;;
    --seed) seed="${2:?--seed needs a value}"; shift ;;
    --work) work="${2:?--work needs a value}"; shift ;;
    --no-build) build=0 ;;
    -h|--help) usage; exit 0 ;;
    *) usage >&2; die "unknown option \`$1\`" ;;
  esac
  shift
done
[ "$runs" -ge 2 ] 2>/dev/null || die "--runs must be a number of at least 2"
[ "$alt_runs" -ge 1 ] 2>/dev/null || die "--alt-runs must be a number of at least 1"

export LC_ALL=C.UTF-8 NO_COLOR=1 CARGO_TERM_COLOR=never

# --- tools -----------------------------------------------------------------
need=()
command -v "${HUGO_BIN:-hugo}" >/dev/null || need+=(hugo)
command -v hyperfine >/dev/null || need+=(hyperfine)
[ -x /usr/bin/time ] || need+=(time)
if [ ${#need[@]} -gt 0 ]; then
  command -v apt-get >/dev/null || die "missing ${need[*]} and no apt-get to install them"
  echo "bench: installing ${need[*]} (Debian packages)"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq "${need[@]}" >/dev/null
fi
hugo_bin="$(command -v "${HUGO_BIN:-hugo}")"

target="${CARGO_TARGET_DIR:-$repo/target}"
if [ "$build" = 1 ] && [ -z "${KHEO_BIN:-}${GEN_CORPUS_BIN:-}" ]; then
  echo "bench: cargo build --release --bin kheo --example gen_corpus"
  (cd "$repo" && cargo build --release --quiet --bin kheo --example gen_corpus) ||
    die "cargo build failed"
fi
kheo_src="${KHEO_BIN:-$target/release/kheo}"
gen_src="${GEN_CORPUS_BIN:-$target/release/examples/gen_corpus}"
[ -x "$kheo_src" ] || die "no kheo binary at $kheo_src (build it, or set KHEO_BIN)"
[ -x "$gen_src" ] || die "no gen_corpus binary at $gen_src (cargo build --release --example gen_corpus)"

# Private copies, so a rebuild by someone else during the run changes nothing.
mkdir -p "$work/bin"
cp "$kheo_src" "$work/bin/kheo"
cp "$gen_src" "$work/bin/gen_corpus"
kheo="$work/bin/kheo"
gen="$work/bin/gen_corpus"

# `--no-booklet` once kheo has it (the booklet is timed on its own, not here).
kheo_flags=""
if "$kheo" build --help 2>&1 | grep -q -- '--no-booklet'; then
  kheo_flags="--no-booklet"
fi

commit="$(cd "$repo" && git rev-parse --short HEAD 2>/dev/null || echo unknown)"

# --- helpers ---------------------------------------------------------------
# median of the numbers on stdin
median() { sort -g | awk '{ v[NR] = $1 } END { if (NR == 0) { print "nan"; exit }
  if (NR % 2) print v[(NR + 1) / 2]; else print (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { if (b + 0 == 0) print "n/a"; else printf "%.2f", a / b }'; }
secs() { awk -v s="$1" 'BEGIN { printf (s < 10 ? "%.2f" : "%.1f"), s }'; }
mib() { awk -v k="$1" 'BEGIN { printf "%.0f", k / 1024 }'; }
load() { sed 's/.*load average: //' /proc/loadavg 2>/dev/null | cut -d' ' -f1-3 || true; }
# column $3 (4 median, 5 user mean, 6 system mean) of a hyperfine CSV row named $2
hf_col() { awk -F, -v name="$2" -v col="$3" 'NR > 1 && $1 == name { print $col }' "$1"; }
hf_cpu() { awk -F, -v name="$2" 'NR > 1 && $1 == name { print $5 + $6 }' "$1"; }
# from a /usr/bin/time -v report: wall seconds, CPU (user + system) seconds, peak RSS KiB
gnu_wall() { awk -F': ' '/Elapsed \(wall clock\)/ { n = split($2, p, ":"); s = 0
  for (i = 1; i <= n; i++) s = s * 60 + p[i]; print s }' "$1"; }
gnu_cpu() { awk -F': ' '/User time/ { u = $2 } /System time/ { s = $2 } END { print u + s }' "$1"; }
gnu_rss() { awk -F': ' '/Maximum resident set size/ { print $2 }' "$1"; }

# Removes everything in a site folder that gen_corpus did not write.
clean_site_cmd() { # $1 = site dir, $2 = list of what gen_corpus wrote
  printf '(cd %q && ls -A | { grep -vxF -f %q || true; } | xargs -r rm -rf --)' "$1" "$2"
}

results="$work/results.md"
{
  echo "- date: $(date -u '+%Y-%m-%d %H:%M UTC')"
  echo "- machine: $(nproc) CPUs ($(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ *//')), $(free -g | awk '/^Mem:/ { print $2 }') GiB RAM, $(uname -sr)"
  echo "- kheo: $("$kheo" --version 2>/dev/null | head -1), commit $commit, \`kheo build\` flags: ${kheo_flags:-(none; no --no-booklet yet)}"
  echo "- hugo: $("$hugo_bin" version | head -1)"
  echo "- hyperfine $(hyperfine --version | cut -d' ' -f2): $runs runs per command after 1 warm-up; $alt_runs alternating /usr/bin/time -v runs per tool"
} >"$results"
cat "$results"

time_rows=()
mem_rows=()

# --- one size ----------------------------------------------------------------
bench_size() {
  local n="$1"
  local dir="$work/$n"
  local ksite="$dir/kheo-site" hsite="$dir/hugo-site" out="$dir/out"
  local kout="$out/kheo" hout="$out/hugo" cpout="$out/copy"
  local load_before
  load_before="$(load)"
  echo
  echo "== $n models (load average: $load_before)"
  rm -rf "$dir"
  mkdir -p "$dir" "$out"
  "$gen" --models "$n" --seed "$seed" --out "$ksite" --hugo "$hsite"
  ls -A "$ksite" >"$dir/kheo-manifest"
  ls -A "$hsite" >"$dir/hugo-manifest"

  local kheo_cmd hugo_cmd cp_cmd
  kheo_cmd="$(printf '%q build --root %q --out %q' "$kheo" "$ksite" "$kout") $kheo_flags"
  hugo_cmd="$(printf '%q --quiet --source %q --destination %q' "$hugo_bin" "$hsite" "$hout")"
  cp_cmd="$(printf 'cp -r %q %q' "$ksite" "$cpout")"
  local wipe prep_k prep_h
  # The last run's output is moved aside, not deleted: for 30 s after a
  # deletion ext4 skips the freed inodes when it makes new ones, so a run
  # right after deleting 15 000 files pays for them (kernel time 1.6–7.4 s
  # between runs of the same build). Deleted once the size is done.
  local trash="$dir/trash"
  wipe="t=$(printf '%q' "$trash")/\$(date +%s%N) && mkdir -p \"\$t\" && find $(printf '%q' "$out") -mindepth 1 -maxdepth 1 -exec mv -t \"\$t\" {} +"
  prep_k="$wipe && $(clean_site_cmd "$ksite" "$dir/kheo-manifest")"
  prep_h="$wipe && $(clean_site_cmd "$hsite" "$dir/hugo-manifest")"

  # One checked build of each first: a failure here is an error, not a number.
  local kfiles hfiles
  eval "$prep_k"
  eval "$kheo_cmd" >"$dir/kheo-build.log" 2>&1 || { cat "$dir/kheo-build.log" >&2; die "kheo build failed ($n models)"; }
  [ "$(find "$kout/mo-hinh" -mindepth 1 -maxdepth 1 -type d | wc -l)" -eq "$n" ] || die "kheo did not write $n model pages"
  kfiles=$(find "$kout" -type f | wc -l)
  eval "$prep_h"
  eval "$hugo_cmd" >"$dir/hugo-build.log" 2>&1 || { cat "$dir/hugo-build.log" >&2; die "hugo failed ($n models)"; }
  [ "$(find "$hout/mo-hinh" -mindepth 1 -maxdepth 1 -type d | wc -l)" -eq "$n" ] || die "hugo did not write $n model pages"
  hfiles=$(find "$hout" -type f | wc -l)
  echo "outputs: kheo $kfiles files, Hugo $hfiles files"

  # Wall time: one hyperfine invocation, the three commands.
  hyperfine --style basic --warmup 1 --runs "$runs" \
    --export-csv "$dir/hyperfine.csv" --export-json "$dir/hyperfine.json" \
    -n kheo --prepare "$prep_k" "$kheo_cmd" \
    -n hugo --prepare "$prep_h" "$hugo_cmd" \
    -n cp --prepare "$wipe" "$cp_cmd" \
    >"$dir/hyperfine.log" 2>&1 || { cat "$dir/hyperfine.log" >&2; die "hyperfine failed ($n models)"; }
  cat "$dir/hyperfine.log"
  local tk th tc
  tk=$(hf_col "$dir/hyperfine.csv" kheo 4)
  th=$(hf_col "$dir/hyperfine.csv" hugo 4)
  tc=$(hf_col "$dir/hyperfine.csv" cp 4)

  # Alternating runs under /usr/bin/time -v: peak RSS, wall and CPU time.
  local i tool f wk=() wh=() ck=() ch=() rk=() rh=()
  for ((i = 1; i <= alt_runs; i++)); do
    for tool in kheo hugo; do
      f="$dir/time-$tool-$i.txt"
      if [ "$tool" = kheo ]; then
        eval "$prep_k"
        eval "/usr/bin/time -v -o $(printf '%q' "$f") $kheo_cmd" >/dev/null 2>&1 ||
          die "kheo build failed under /usr/bin/time ($n models)"
        wk+=("$(gnu_wall "$f")"); ck+=("$(gnu_cpu "$f")"); rk+=("$(gnu_rss "$f")")
      else
        eval "$prep_h"
        eval "/usr/bin/time -v -o $(printf '%q' "$f") $hugo_cmd" >/dev/null 2>&1 ||
          die "hugo failed under /usr/bin/time ($n models)"
        wh+=("$(gnu_wall "$f")"); ch+=("$(gnu_cpu "$f")"); rh+=("$(gnu_rss "$f")")
      fi
    done
  done
  local awk_ awh ack ach mk mh
  awk_=$(printf '%s\n' "${wk[@]}" | median)
  awh=$(printf '%s\n' "${wh[@]}" | median)
  ack=$(printf '%s\n' "${ck[@]}" | median)
  ach=$(printf '%s\n' "${ch[@]}" | median)
  mk=$(printf '%s\n' "${rk[@]}" | median)
  mh=$(printf '%s\n' "${rh[@]}" | median)

  # Rebuild after one edit: the output of a clean build is in place; before
  # each timed run the middle model gets one more sentence.
  eval "$prep_k"
  eval "$kheo_cmd" >/dev/null 2>&1 || die "kheo build failed ($n models)"
  local victim
  victim="$(find "$ksite/content/models" -name '*.md' | sort | sed -n "$(((n + 1) / 2))p")"
  {
    echo 'n=$(date +%s%N)'
    printf 'printf "\\nĐoạn bổ sung khi đo tốc độ, lần %%s.\\n" "$n" >> %q\n' "$victim"
  } >"$dir/edit.sh"
  hyperfine --style basic --warmup 1 --runs "$runs" \
    --export-csv "$dir/rebuild.csv" --export-json "$dir/rebuild.json" \
    -n kheo-rebuild --prepare "sh $(printf '%q' "$dir/edit.sh")" "$kheo_cmd" \
    >"$dir/rebuild.log" 2>&1 || { cat "$dir/rebuild.log" >&2; die "kheo rebuild failed ($n models)"; }
  cat "$dir/rebuild.log"
  local tr cr ckh
  tr=$(hf_col "$dir/rebuild.csv" kheo-rebuild 4)
  cr=$(hf_cpu "$dir/rebuild.csv" kheo-rebuild)
  ckh=$(hf_cpu "$dir/hyperfine.csv" kheo)
  local load_after
  load_after="$(load)"

  time_rows+=("| $n | $(secs "$tk") | $(secs "$th") | **$(ratio "$tk" "$th")** | $(secs "$tc") | $(ratio "$tk" "$tc") | $(secs "$awk_") / $(secs "$awh") = $(ratio "$awk_" "$awh") | $(secs "$ack") / $(secs "$ach") = $(ratio "$ack" "$ach") | $load_before → $load_after |")
  mem_rows+=("| $n | $(mib "$mk") | $(mib "$mh") | **$(ratio "$mk" "$mh")** | $(secs "$tr") | **$(ratio "$tr" "$tk")** | $(ratio "$cr" "$ckh") | $kfiles / $hfiles |")
  echo "== $n models: kheo $(secs "$tk") s, Hugo $(secs "$th") s (kheo/Hugo $(ratio "$tk" "$th")), cp -r $(secs "$tc") s;" \
    "alternating: wall $(ratio "$awk_" "$awh"), CPU $(ratio "$ack" "$ach");" \
    "peak RSS kheo $(mib "$mk") MiB, Hugo $(mib "$mh") MiB ($(ratio "$mk" "$mh"));" \
    "rebuild after one edit $(secs "$tr") s ($(ratio "$tr" "$tk") of a clean build); load $load_after"
  # The corpora and outputs of large sizes are big; keep only the logs.
  rm -rf "$ksite" "$hsite" "$out" "$dir/trash"
}

for n in $sizes; do
  bench_size "$n"
done

{
  echo
  echo "| models | kheo (s) | Hugo (s) | kheo/Hugo | cp -r (s) | kheo/cp | alternating wall (s): kheo / Hugo | alternating CPU (s): kheo / Hugo | load average before → after |"
  echo "|---:|---:|---:|---:|---:|---:|---:|---:|---|"
  printf '%s\n' "${time_rows[@]}"
  echo
  echo "| models | kheo peak RSS (MiB) | Hugo peak RSS (MiB) | kheo/Hugo | kheo rebuild after one edit (s) | rebuild/clean (wall) | rebuild/clean (CPU) | output files kheo / Hugo |"
  echo "|---:|---:|---:|---:|---:|---:|---:|---:|"
  printf '%s\n' "${mem_rows[@]}"
  echo
  echo "Wall times are hyperfine medians (kheo, Hugo, cp -r: one invocation;" \
    "rebuild: a second one); alternating wall and CPU (user + system) times" \
    "and peak RSS are medians of the /usr/bin/time -v runs."
} | tee -a "$results"
echo
echo "bench: results in $results; logs and exports in $work/<models>/"
