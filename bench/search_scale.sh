#!/usr/bin/env bash
# The search index at scale: index size and per-query cost at 1 000, 10 000
# and 100 000 models. See docs/search-scale.md for the results and what they
# mean.
#
#   bash bench/search_scale.sh                       1 000, 10 000, 100 000 models
#   bash bench/search_scale.sh --sizes "1000 10000"  any list of sizes
#
# Options: --runs N (browser timings per query and profile; the median is
# kept; default 3), --seed S (default 1), --work DIR (default
# $TMPDIR/kheo-search-scale; each size's folder is emptied), --keep (keep the
# corpora and sites; by default each is deleted once measured, they are
# large: about 1.3 GB at 100 000 models), --no-build (use the binaries
# already in the cargo target dir), --queries "q1|q2" and --typed "q1|q2"
# (the queries; defaults below), --key-delay "200,300" (ms between the keys
# of the typed queries; default 200).
# Environment: KHEO_BIN and GEN_CORPUS_BIN override the programs;
# CARGO_TARGET_DIR is honoured; CHROMIUM (default /usr/bin/chromium).
#
# For every size: `gen_corpus --models N --seed S` writes the corpus, `kheo
# build` builds it (wall time and peak RSS with /usr/bin/time; with
# --no-booklet when the binary has it: the booklet is not searched), then
# `tests/browser/search.mjs --measure` (Chromium through playwright-core,
# serving the site like a static host: HTTP/2, gzip, ETag, max-age) reports
# the index files (count, bytes raw and gzip -9, the largest), and for each
# query the index files a fresh browser fetches for it (raw, gzip -9) and the
# time to its first results on two device profiles: "phone" (CPU 4× slower,
# 150 ms latency, 1.6 Mbit/s down, 750 kbit/s up: Lighthouse's mobile
# profile) and "cpu" (CPU 4× slower, network not throttled). Prints markdown
# tables and writes them to $WORK/results.md. Exits non-zero only on errors,
# never on a missed target.
set -euo pipefail

repo="$(cd "$(dirname "$0")/.." && pwd)"
sizes="1000 10000 100000"
runs=3
seed=1
build=1
keep=0
work="${TMPDIR:-/tmp}/kheo-search-scale"
queries="dan van kheo|giai phong mat bang|duong vanh dai|doi thoai|tiep cong dan|dang uy|dân vận khéo|giai pho"
typed="giai pho|dan van kheo|duong vanh dai|doi thoai"
key_delay=200

usage() { sed -n '2,30p' "$0" | sed 's/^# \{0,1\}//'; }
die() { echo "search_scale: $*" >&2; exit 1; }

while [ $# -gt 0 ]; do
  case "$1" in
    --sizes) sizes="${2:?--sizes needs a value}"; shift ;;
    --runs) runs="${2:?--runs needs a value}"; shift ;;
    --seed) seed="${2:?--seed needs a value}"; shift ;;
    --work) work="${2:?--work needs a value}"; shift ;;
    --queries) queries="${2:?--queries needs a value}"; shift ;;
    --typed) typed="${2?--typed needs a value}"; shift ;;
    --key-delay) key_delay="${2:?--key-delay needs a value}"; shift ;;
    --keep) keep=1 ;;
    --no-build) build=0 ;;
    -h|--help) usage; exit 0 ;;
    *) usage >&2; die "unknown option \`$1\`" ;;
  esac
  shift
done
[ "$runs" -ge 1 ] 2>/dev/null || die "--runs must be a number of at least 1"

export LC_ALL=C.UTF-8 NO_COLOR=1 CARGO_TERM_COLOR=never

# --- tools -----------------------------------------------------------------
command -v node >/dev/null || die "node is needed (Node.js 20 or newer)"
[ -x "${CHROMIUM:-/usr/bin/chromium}" ] || die "no Chromium at ${CHROMIUM:-/usr/bin/chromium} (apt-get install chromium, or set CHROMIUM)"
[ -x /usr/bin/time ] || die "/usr/bin/time is needed (apt-get install time)"
target="${CARGO_TARGET_DIR:-$repo/target}"
kheo="${KHEO_BIN:-$target/release/kheo}"
gen="${GEN_CORPUS_BIN:-$target/release/examples/gen_corpus}"
if [ "$build" = 1 ] && [ -z "${KHEO_BIN:-}${GEN_CORPUS_BIN:-}" ]; then
  (cd "$repo" && cargo build --release --quiet --bin kheo --example gen_corpus)
fi
[ -x "$kheo" ] || die "no kheo binary at $kheo"
[ -x "$gen" ] || die "no gen_corpus binary at $gen"
browser="$repo/tests/browser"
if [ ! -d "$browser/node_modules/playwright-core" ]; then
  (cd "$browser" && npm ci --ignore-scripts --no-audit --no-fund --loglevel=error)
fi

mkdir -p "$work"
work="$(cd "$work" && pwd)"
build_flags=()
if "$kheo" build --help 2>/dev/null | grep -q -- '--no-booklet'; then build_flags+=(--no-booklet); fi

# --- measure ---------------------------------------------------------------
results=()
for n in $sizes; do
  dir="$work/site-$n"
  rm -rf "$dir"
  echo "== $n models: corpus" >&2
  "$gen" --models "$n" --seed "$seed" --out "$dir" >&2
  echo "== $n models: kheo build" >&2
  /usr/bin/time -f '%e %M' -o "$work/time-$n.txt" "$kheo" build --root "$dir" ${build_flags[@]+"${build_flags[@]}"} >&2
  read -r secs rss < "$work/time-$n.txt"
  echo "== $n models: search.mjs --measure" >&2
  node "$browser/search.mjs" --site "$dir/public" --measure --runs "$runs" \
    --queries "$queries" --typed "$typed" --key-delay "$key_delay" --json "$work/measure-$n.json" >&2
  # The build figures go into the same JSON.
  node -e '
    const fs = require("fs");
    const [file, secs, rss] = process.argv.slice(1);
    const j = JSON.parse(fs.readFileSync(file, "utf8"));
    j.build = { seconds: Number(secs), maxRssKb: Number(rss), flags: process.argv[4] || "" };
    fs.writeFileSync(file, JSON.stringify(j, null, 1));
  ' "$work/measure-$n.json" "$secs" "$rss" "${build_flags[*]+${build_flags[*]}}"
  results+=("$work/measure-$n.json")
  if [ "$keep" = 0 ]; then rm -rf "$dir"; fi
done

# --- report ----------------------------------------------------------------
node - "${results[@]}" > "$work/results.md" <<'EOF'
const fs = require('fs');
const runs = process.argv.slice(2).map((f) => JSON.parse(fs.readFileSync(f, 'utf8')));
const kb = (b) => (b / 1024).toFixed(1);
const mb = (b) => (b / 1048576).toFixed(1);
const num = (n) => String(n).replace(/\B(?=(\d{3})+(?!\d))/g, '\u202f');
const median = (xs) => { const v = [...xs].sort((a, b) => a - b); return v.length ? (v[(v.length - 1) >> 1] + v[v.length >> 1]) / 2 : 0; };
const row = (cells) => `| ${cells.join(' | ')} |`;
const out = [];
const profiles = runs.length ? runs[0].profiles : [];
const desc = (p) => `CPU ${p.cpu}× slower, ` + (p.latency || p.down ? `${p.latency} ms latency, ${p.down} kbit/s down, ${p.up} kbit/s up` : 'network not throttled');

out.push('### The index and per-query transfer');
out.push('');
out.push(row(['models', `build: wall, peak RSS${runs[0] && runs[0].build.flags ? ` (${runs[0].build.flags})` : ''}`, 'index files', 'index raw', 'index gzip -9', 'largest file (raw / gzip -9)', 'per query gzip -9: max / median', 'per query raw: max / median', 'page (HTML, CSS, JS) gzip -9', `"${runs[0] ? runs[0].typed.map((t) => t.q).join(', ') : ''}" typed key by key, gzip -9`]));
out.push(row(Array(10).fill('---')));
for (const r of runs) {
  const gz = r.queries.map((q) => q.index.gz);
  const raw = r.queries.map((q) => q.index.raw);
  const l = r.index.largest;
  const typed = r.typed.map((t) => `${kb(t.index.gz)} KB (${t.index.files} files)`).join(', ');
  out.push(row([num(r.docs), `${r.build.seconds.toFixed(1)} s, ${num(Math.round(r.build.maxRssKb / 1024))} MB`, num(r.index.files), `${mb(r.index.raw)} MB`, `${mb(r.index.gz)} MB`,
    `${l.file} ${kb(l.raw)} / ${kb(l.gz)} KB`, `**${kb(Math.max(...gz))}** / ${kb(median(gz))} KB`, `${kb(Math.max(...raw))} / ${kb(median(raw))} KB`,
    `${kb(median(r.queries.map((q) => q.page.gz)))} KB`, typed]));
}
out.push('');
out.push(`Time to first results (the first row drawn; the whole first page of 10 in the last column), median of ${runs[0] ? runs[0].runs : 0} runs, ms: **cold** = query submitted on the loaded search page, no index file fetched yet; **settled** = submitted on the page once its network is idle (the lists it fetches ahead are in, as for a reader who reads the page before typing); **warm** = the same on the page loaded again, index files in the HTTP cache; **hot** = submitted once more on that page, the files already in the script's memory (computing and drawing only); **nav** = from navigation to \`?q=\` to the first result (page included, nothing cached); **box** / **box+** = typed in a model page's header box, 150 ms a key, then Enter at once / 600 ms after the last key: from that navigation to the first result. Profiles: ${profiles.map((p) => `**${p.name}**: ${desc(p)}`).join('; ')}.`);
for (const r of runs) {
  out.push('');
  const m = r.machine || {};
  out.push(`### ${num(r.docs)} models (${r.protocol}; load average ${m.loadStart === undefined ? '?' : m.loadStart.toFixed(1)} → ${m.loadEnd === undefined ? '?' : m.loadEnd.toFixed(1)} on ${m.cpus || '?'} CPUs while measuring)`);
  out.push('');
  const head = ['query', 'results', 'index files', 'raw KB', 'gzip -9 KB', 'of which (gzip -9 KB)'];
  for (const p of profiles) head.push(`${p.name}: cold / settled / warm / hot / nav / box / box+`);
  head.push(`${profiles[0].name}, whole first page drawn: cold / settled / warm / hot / nav / box / box+`);
  out.push(row(head));
  out.push(row(head.map(() => '---')));
  for (const q of r.queries) {
    const kinds = Object.entries(q.index.kinds).sort((a, b) => b[1].gz - a[1].gz).map(([k, v]) => `${k} ${v.files}: ${kb(v.gz)}`).join(', ');
    const count = /^[\d.,\s\u202f]+ /.test(q.status) ? num(Number(q.status.replace(/\D/g, ''))) : q.status;
    const cells = [`"${q.q}"`, count, q.index.files, kb(q.index.raw), kb(q.index.gz), kinds];
    for (const p of profiles) { const t = q.times[p.name]; cells.push(`${t.cold} / ${t.settled} / ${t.warm} / ${t.hot} / ${t.load} / ${t.box} / ${t.boxThink}`); }
    const a = q.times[profiles[0].name].all;
    cells.push(a ? `${a.cold} / ${a.settled} / ${a.warm} / ${a.hot} / ${a.load} / ${a.box} / ${a.boxThink}` : '');
    out.push(row(cells));
  }
  for (const t of r.typed) {
    const cells = [`"${t.q}" typed, ${t.keyDelay} ms a key`, '', t.index.files, kb(t.index.raw), kb(t.index.gz), 'all keystrokes'];
    for (const p of profiles) {
      const x = t.times[p.name];
      cells.push(`first ${x.ms} / ${x.settled}, whole page ${x.all} / ${x.settledAll} ms after the last key (typed at once / on a settled page)${t.same ? '' : '; NOT the results of the query submitted'}`);
    }
    cells.push('');
    out.push(row(cells));
  }
  const problems = [...r.queries, ...r.typed].flatMap((q) => q.problems || []);
  if (problems.length) out.push('', `Problems seen: ${[...new Set(problems)].join('; ')}`);
}
console.log(out.join('\n'));
EOF
cat "$work/results.md"
echo >&2
echo "search_scale: results in $work/results.md (JSON: $work/measure-*.json)" >&2
