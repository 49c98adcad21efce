#!/usr/bin/env node
// Round trips a query submitted cold needs before search.js can score it,
// counted in Node, without a browser or a network: the engine's requests
// are answered in "waves", every file asked for while none is answered
// being one round trip, all of them answered at once (from disk). The
// store (d/) comes after, one more round trip, and is not counted.
//
//   node bench/search_round_trips.cjs SITE/public QUERIES [BEFORE.js]
//
// QUERIES: a file of queries, one a line (# starts a comment), or
// "q1|q2". The script is SITE/public/search.js; with BEFORE.js, that one
// runs too, and each line compares the two: round trips, gzip -9 KB of
// the files scored with, whether the results (count and every document,
// in order) are the same. The manifest is given inline, as the page does.
// See docs/search-scale.md.
const fs = require('fs');
const path = require('path');
const zlib = require('zlib');

const [site, queriesArg, before] = process.argv.slice(2);
if (!site || !queriesArg) {
  console.error('usage: node search_round_trips.cjs SITE/public QUERIES [BEFORE.js]');
  process.exit(2);
}
const seg = ['tim-kiem', 'search'].find((s) => fs.existsSync(path.join(site, s, 'index', 'meta.json')));
const dir = path.join(site, seg, 'index');
const meta = JSON.parse(fs.readFileSync(path.join(dir, 'meta.json'), 'utf8'));
const queries = fs.existsSync(queriesArg)
  ? fs.readFileSync(queriesArg, 'utf8').split('\n').map((l) => l.trim()).filter((l) => l && !l.startsWith('#'))
  : queriesArg.split('|').map((q) => q.trim()).filter(Boolean);
const gzipped = new Map();
const gz = (p) => {
  if (!gzipped.has(p)) gzipped.set(p, zlib.gzipSync(fs.readFileSync(path.join(dir, p)), { level: 9 }).length);
  return gzipped.get(p);
};

async function run(api, q) {
  const pending = [];
  const engine = new api.Engine((p) => new Promise((ok) => pending.push([p.replace(/\?.*$/, ''), ok])),
    JSON.parse(JSON.stringify(meta)));
  let result = null;
  const search = engine.search(q, { field: -1, year: -1 }).then((r) => { result = r; });
  const waves = [];
  for (;;) {
    await new Promise((ok) => setImmediate(ok));
    if (result) break;
    if (!pending.length) throw new Error(`"${q}": waiting, and nothing asked for`);
    const wave = pending.splice(0);
    waves.push(wave.map(([p]) => p));
    for (const [p, ok] of wave) ok(JSON.parse(fs.readFileSync(path.join(dir, p), 'utf8')));
  }
  await search;
  return { waves, kb: waves.flat().reduce((a, p) => a + gz(p), 0) / 1e3, ranked: JSON.stringify([result.total, result.top(result.total)]) };
}

(async () => {
  const now = require(path.resolve(site, 'search.js'));
  const old = before ? require(path.resolve(before)) : null;
  let more = [0, 0];
  for (const q of queries) {
    const a = await run(now, q);
    const late = (r) => (r.waves.length > 1 ? `; after the first: ${r.waves.slice(1).map((w) => w.join(' ')).join(' | ')}` : '');
    if (!old) {
      console.log(`"${q}": ${a.waves.length} round trip(s) before scoring, ${a.kb.toFixed(1)} KB gzip -9${late(a)}`);
      if (a.waves.length > 1) more[1]++;
      continue;
    }
    const b = await run(old, q);
    if (b.waves.length > 1) more[0]++;
    if (a.waves.length > 1) more[1]++;
    console.log(`"${q}": round trips before scoring ${b.waves.length} → ${a.waves.length}, ${b.kb.toFixed(1)} → ${a.kb.toFixed(1)} KB gzip -9, `
      + `${a.ranked === b.ranked ? 'the same results' : 'DIFFERENT RESULTS'}${late(b).replace('after the first', 'before, after the first')}`);
  }
  console.log(`${meta.docs} models, ${queries.length} queries: more than one round trip before scoring: `
    + (old ? `${more[0]} before, ${more[1]} now` : `${more[1]}`));
})();
