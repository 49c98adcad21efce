#!/usr/bin/env node
// Browser tests of the search page of a site built by kheo, and its costs.
//
//   node search.mjs --site DIR [--shots DIR] [--chromium PATH]
//   node search.mjs --site DIR --measure [--queries "dan van kheo|giai phong mat bang"]
//
// Checks (the last line printed is exactly `N passed, M failed`; exit 1 when M > 0):
// 1. The script's engine (static/search.js, run in Node on the built index
//    files): every model of models.json is the first result of its title
//    typed without diacritics (đ as d), and is found by the first three
//    words of its title without diacritics; a last word being completed
//    costs no round trip of its own (its completions' word shards are asked
//    for with the completion file: the index cut into more shards in memory,
//    the engine's requests answered in waves).
// 2. In Chromium: typed queries without diacritics find the expected
//    models, an exact phrase ranks first, the URL round-trips (?q= on load,
//    typing updates it, back and forward), filters, keyboard, the polite
//    status, the header search box, the page without JavaScript, no console
//    errors, zero axe-core violations with results shown (360 px and 1280 px,
//    screenshots search-results-*.png).
// 3. Time to first results with the CPU throttled 4× (Chrome DevTools
//    Protocol), reported, not judged.
//
// --measure reports costs instead of checking (bench/search_scale.sh runs it):
// - the index: files, bytes raw and gzip -9, per kind (w, s, p, c, d, …);
// - per query, in a fresh browser context (cold cache): the index files it
//   fetched, raw and gzip -9, and the whole page (HTML, CSS, scripts) too;
// - per query and device profile (Chrome DevTools Protocol: CPU throttling
//   and network emulation), the time from submitting the query on the
//   loaded search page to the first result drawn (and to the whole first
//   page of results drawn: "all"), cold (no index file
//   fetched yet), settled (submitted once the page's network is idle: the
//   lists of the commonest words, which the page fetches ahead, are in), warm (the page loaded again, its files in the HTTP cache),
//   hot (submitted again on that page: the files in the script's memory, so
//   only computing and drawing), from navigation to the first result of
//   the query in the URL (a fresh browser: nothing cached), and from a
//   model page's own search box (the page read, the query typed in the
//   header's box BOX_KEY_DELAY ms a key, Enter at once or BOX_THINK ms
//   after the last key: from the navigation Enter starts to the first
//   result on the search page).
//   --profiles "name=cpu,latency ms,down kbit/s,up kbit/s;…", by default
//   "phone=4,150,1638.4,750;cpu=4,0,0,0": a mid-range phone on a slow 4G
//   network (Lighthouse's mobile profile), and the same CPU on a fast
//   network (0: not throttled);
// - --typed "giai pho|doi thoai": each query typed key by key (--key-delay
//   ms apart, e.g. "200,300" for both), per profile, on the page just loaded
//   and on a settled page: all index files fetched on the way, the time from
//   the last key to its first result drawn and to its whole first page
//   (the script's pause after typing included), and whether the results
//   are exactly those of the query submitted;
// - --runs N repeats each timing N times and keeps the median;
// - --json FILE writes it all as JSON.
// The server then behaves like a static host: HTTP/2 over TLS (a throwaway
// self-signed certificate; --http1 for plain HTTP/1.1), gzip -9 for text,
// ETag and Cache-Control: max-age=600.

import http from 'node:http';
import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';
import http2 from 'node:http2';
import os from 'node:os';
import crypto from 'node:crypto';
import { execFileSync } from 'node:child_process';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);

// "phone=4,150,1638.4,750;cpu=4,0,0,0" → [{name, cpu, latency, down, up}]
function parseProfiles(text) {
  return text.split(';').filter((p) => p.trim()).map((p) => {
    const [name, values] = p.split('=');
    const [cpu, latency, down, up] = (values || '').split(',').map(Number);
    if (![cpu, latency, down, up].every(Number.isFinite)) {
      console.error(`search.mjs: bad profile "${p}" (name=cpu,latency ms,down kbit/s,up kbit/s)`);
      process.exit(2);
    }
    return { name: name.trim(), cpu, latency, down, up };
  });
}

function parseArgs(argv) {
  const o = {
    site: null, shots: null, measure: false,
    queries: ['dan van kheo', 'giai phong mat bang', 'duong vanh dai', 'doi thoai', 'tiep cong dan', 'dang uy'],
    chromium: process.env.CHROMIUM || '/usr/bin/chromium',
    json: null, typed: [], keyDelays: [200], http1: false, runs: 1,
    profiles: parseProfiles('phone=4,150,1638.4,750;cpu=4,0,0,0'),
  };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const val = () => argv[++i];
    if (a === '--site') o.site = val();
    else if (a === '--shots') o.shots = val();
    else if (a === '--measure') o.measure = true;
    else if (a === '--queries') o.queries = val().split('|').map((q) => q.trim()).filter(Boolean);
    else if (a === '--chromium') o.chromium = val();
    else if (a === '--json') o.json = val();
    else if (a === '--typed') o.typed = val().split('|').filter((q) => q.trim());
    else if (a === '--key-delay') o.keyDelays = val().split(',').map(Number).filter((x) => x > 0);
    else if (a === '--http1') o.http1 = true;
    else if (a === '--runs') o.runs = Math.max(1, Number(val()) || 1);
    else if (a === '--profiles') o.profiles = parseProfiles(val());
    else {
      console.error(`search.mjs: unknown argument ${a}`);
      process.exit(2);
    }
  }
  if (!o.site) {
    console.error('usage: node search.mjs --site DIR [--shots DIR] [--chromium PATH]\n'
      + '       node search.mjs --site DIR --measure [--queries "q1|q2"] [--typed "q1|q2"] [--key-delay MS] [--runs N] [--json FILE]\n'
      + '                       [--profiles "name=cpu,latency,down,up;…"] [--http1]');
    process.exit(2);
  }
  o.site = path.resolve(o.site);
  return o;
}
const opts = parseArgs(process.argv.slice(2));

// ----------------------------------------------------------------- checks --
const results = [];
function check(name, ok, details = []) {
  results.push({ name, ok });
  console.log(`${ok ? 'ok  ' : 'FAIL'} ${name}`);
  if (!ok) for (const d of details) console.log(`       ${d}`);
}
const info = (m) => console.log(`     · ${m}`);
const section = (t) => console.log(`\n== ${t}`);

// ------------------------------------------------------------ the server --
const TYPES = { '.html': 'text/html; charset=utf-8', '.js': 'text/javascript; charset=utf-8', '.css': 'text/css; charset=utf-8', '.json': 'application/json; charset=utf-8', '.svg': 'image/svg+xml', '.xml': 'application/xml' };
const gzipped = new Map();
function gzipOf(file, body) {
  if (!gzipped.has(file)) gzipped.set(file, zlib.gzipSync(body, { level: 9 }));
  return gzipped.get(file);
}

// A throwaway self-signed certificate for 127.0.0.1 (HTTP/2 needs TLS), or null.
function certificate() {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kheo-cert-'));
  try {
    execFileSync('openssl', ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-days', '1', '-subj', '/CN=127.0.0.1',
      '-addext', 'subjectAltName=IP:127.0.0.1', '-keyout', path.join(dir, 'key.pem'), '-out', path.join(dir, 'cert.pem')], { stdio: 'ignore' });
    return { key: fs.readFileSync(path.join(dir, 'key.pem')), cert: fs.readFileSync(path.join(dir, 'cert.pem')) };
  } catch {
    return null;
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

// The tests: plain HTTP/1.1, no compression, no caching. host: like a static
// host (gzip, ETag, max-age; HTTP/2 when a certificate can be made).
function serve(root, host = false) {
  const handler = (req, res) => {
    let p = decodeURIComponent(new URL(req.url, 'http://x').pathname);
    let file = path.join(root, p);
    if (!file.startsWith(root)) file = path.join(root, '404.html');
    if (fs.existsSync(file) && fs.statSync(file).isDirectory()) {
      if (!p.endsWith('/')) {
        res.writeHead(301, { Location: p + '/' + (req.url.includes('?') ? req.url.slice(req.url.indexOf('?')) : '') });
        return res.end();
      }
      file = path.join(file, 'index.html');
    }
    const found = fs.existsSync(file) && fs.statSync(file).isFile();
    if (!found) file = path.join(root, '404.html');
    const type = TYPES[path.extname(found ? file : '.html')] || 'application/octet-stream';
    if (!host) {
      res.writeHead(found ? 200 : 404, { 'Content-Type': type, 'Cache-Control': 'no-cache' });
      return res.end(fs.readFileSync(file));
    }
    const st = fs.statSync(file);
    const etag = `"${st.size.toString(16)}-${Math.floor(st.mtimeMs).toString(16)}"`;
    const headers = { 'Content-Type': type, 'Cache-Control': 'max-age=600', ETag: etag, Vary: 'Accept-Encoding' };
    if (found && req.headers['if-none-match'] === etag) {
      res.writeHead(304, headers);
      return res.end();
    }
    let body = fs.readFileSync(file);
    if (/^(text\/|application\/(json|xml)|image\/svg)/.test(type) && /\bgzip\b/.test(req.headers['accept-encoding'] || '')) {
      body = gzipOf(file, body);
      headers['Content-Encoding'] = 'gzip';
    }
    res.writeHead(found ? 200 : 404, headers);
    res.end(body);
  };
  const tls = host && !opts.http1 ? certificate() : null;
  if (host && !opts.http1 && !tls) info('openssl failed: serving HTTP/1.1 without TLS');
  const server = tls ? http2.createSecureServer({ ...tls, allowHTTP1: true }, handler) : http.createServer(handler);
  server.scheme = tls ? 'https' : 'http';
  // Chromium trusts the certificate by its key (a certificate error would keep responses out of its cache).
  server.trust = tls ? [`--ignore-certificate-errors-spki-list=${crypto.createHash('sha256')
    .update(new crypto.X509Certificate(tls.cert).publicKey.export({ type: 'spki', format: 'der' })).digest('base64')}`] : [];
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(server)));
}

// ---------------------------------------------------------------- helpers --
const fold = (s) => s.normalize('NFD').replace(/[\u0300-\u036f]/g, '').replace(/đ/g, 'd').replace(/Đ/g, 'D').normalize('NFC');
// A title as a reader would type it: no diacritics, no punctuation, lower case.
const typed = (title) => fold(title).toLowerCase().replace(/[^\p{L}\p{N}]+/gu, ' ').trim();

function searchDir() {
  for (const seg of ['tim-kiem', 'search']) {
    if (fs.existsSync(path.join(opts.site, seg, 'index.html'))) return seg;
  }
  return null;
}

// extra: more Chromium switches.
async function launch(extra = []) {
  const { chromium } = await import('playwright-core');
  return chromium.launch({
    executablePath: opts.chromium,
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--no-first-run', '--disable-quic', ...extra],
  });
}

// A page that records console errors and requests to other hosts.
async function openPage(browser, width = 1280, extra = {}) {
  const context = await browser.newContext({ viewport: { width, height: width === 360 ? 800 : 900 }, deviceScaleFactor: 1, locale: 'vi-VN', serviceWorkers: 'block', ignoreHTTPSErrors: true, ...extra });
  const problems = [];
  // Measuring: no interception (it would sit between the page and the
  // emulated network); requests to other hosts are still reported.
  if (opts.measure) {
    const page = await context.newPage();
    page.on('request', (r) => { if (new URL(r.url()).hostname !== '127.0.0.1') problems.push(`request to another host: ${r.url()}`); });
    page.on('console', (m) => { if (m.type() === 'error') problems.push(`console.error: ${m.text()}`); });
    page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
    return { context, page, problems };
  }
  await context.route('**/*', (route) => {
    const u = new URL(route.request().url());
    if (u.hostname !== '127.0.0.1') {
      problems.push(`request to another host: ${u.href}`);
      return route.abort('blockedbyclient');
    }
    return route.continue();
  });
  const page = await context.newPage();
  page.on('console', (m) => { if (m.type() === 'error') problems.push(`console.error: ${m.text()}`); });
  page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
  return { context, page, problems };
}

async function resultsOf(page) {
  await page.waitForFunction(() => {
    const list = document.querySelector('#search-results');
    const status = document.querySelector('#search-status');
    return list && !list.hasAttribute('aria-busy') && status && status.textContent.trim() !== '';
  }, null, { timeout: 10000 });
  return page.evaluate(() => ({
    status: document.querySelector('#search-status').textContent.trim(),
    hits: [...document.querySelectorAll('#search-results .search-hit')].map((a) => ({
      title: a.querySelector('h2').textContent,
      href: a.querySelector('h2 a').getAttribute('href'),
      marks: [...a.querySelectorAll('mark')].map((m) => m.textContent),
      meta: a.querySelector('.search-hit-meta').textContent,
    })),
  }));
}

// Types a query key by key, then waits for the results drawn for it.
async function typeQuery(page, q) {
  await page.fill('#q', '');
  await page.type('#q', q, { delay: 5 });
  await page.waitForFunction((text) => {
    const list = document.querySelector('#search-results');
    return list.getAttribute('data-query') === text && !list.hasAttribute('aria-busy');
  }, q, { timeout: 10000 });
  return resultsOf(page);
}

// ----------------------------------------------------- engine, in Node --
async function engineChecks(seg, models) {
  section('the search engine of search.js, in Node, on the built index');
  const api = require(path.join(opts.site, 'search.js'));
  const dir = path.join(opts.site, seg, 'index');
  const engine = new api.Engine((p) => Promise.resolve(JSON.parse(fs.readFileSync(path.join(dir, p.replace(/\?.*$/, '')), 'utf8'))));
  const meta = await engine.open();
  check(`index of ${meta.docs} documents = ${models.length} models in models.json`, meta.docs === models.length);
  const notFirst = [];
  const notFound = [];
  for (const m of models) {
    const q = typed(m.title);
    const r = await engine.search(q, { field: -1, year: -1 });
    const first = r.total ? await engine.doc(r.top(1)[0]) : null;
    if (!first || first.url !== m.url) notFirst.push(`"${q}" → ${first ? first.title : 'nothing'} (expected ${m.title})`);
    const short = q.split(' ').slice(0, 3).join(' ');
    const r2 = await engine.search(short, { field: -1, year: -1 });
    const urls = await Promise.all(r2.top(r2.total).map((d) => engine.doc(d).then((x) => x.url)));
    if (!urls.includes(m.url)) notFound.push(`"${short}" does not find ${m.title}`);
  }
  check(`every model (${models.length}) is the first result of its title typed without diacritics`, notFirst.length === 0, notFirst);
  check('every model is found by the first three words of its title without diacritics', notFound.length === 0, notFound);
  // Guessing the next key (search.js scores the likely next query while the
  // reader types): the guess of "duong vanh da" is "duong vanh dai", a
  // guessed search gives exactly the results of the same query searched
  // afterwards (the same object: it is kept, not scored again), and those
  // are exactly a fresh engine's.
  {
    const guess = await engine.likely('duong vanh da');
    check(`the next key after "duong vanh da" is guessed ("${guess}")`, guess === 'duong vanh dai');
    const all = { field: -1, year: -1 };
    const ahead = await engine.search('duong vanh dai', all, true);
    const typedNow = await engine.search('duong vanh dai', all);
    const fresh = new api.Engine((p) => Promise.resolve(JSON.parse(fs.readFileSync(path.join(dir, p.replace(/\?.*$/, '')), 'utf8'))));
    const expected = await fresh.search('duong vanh dai', all);
    const ids = (r) => JSON.stringify([r.total, r.top(10)]);
    check('a guessed search is kept and reused for the query typed, with the results of a fresh search',
      typedNow === ahead && ids(typedNow) === ids(expected) && expected.total > 0, [ids(typedNow), ids(expected)]);
  }
  // The practice search (search.js scores one query over the commonest
  // lists once the page is idle, so that the reader's first search runs
  // compiled code): it fetches nothing, keeps no result, runs once, never
  // after a search, and changes no ranking.
  {
    const asked = [];
    const all = { field: -1, year: -1 };
    const reading = (p) => { asked.push(p); return Promise.resolve(JSON.parse(fs.readFileSync(path.join(dir, p.replace(/\?.*$/, '')), 'utf8'))); };
    const practised = new api.Engine(reading);
    await practised.warm();
    await practised.file('facets.json');
    const before = asked.length;
    const q = await practised.practise();
    const again = await practised.practise();
    check(`the practice search ("${q}") fetches nothing, keeps no result and runs once`,
      typeof q === 'string' && q.trim().includes(' ') && asked.length === before && !(practised.memo && practised.memo.size) && again === null,
      [`fetched: ${asked.slice(before).join(', ')}`]);
    const ids = (r) => JSON.stringify([r.total, r.top(10)]);
    const fresh = new api.Engine(reading);
    const same = [];
    for (const text of ['doi thoai', 'dan van kheo', q.trim()]) {
      const [a, b] = [await practised.search(text, all), await fresh.search(text, all)];
      if (ids(a) !== ids(b)) same.push(`"${text}": ${ids(a)} ≠ ${ids(b)}`);
    }
    check('searches after the practice rank exactly as on a fresh engine', same.length === 0, same);
    const searched = new api.Engine(reading);
    await searched.warm();
    await searched.file('facets.json');
    await searched.search('doi thoai', all);
    check('no practice once the reader has searched', (await searched.practise()) === null);
  }
  await completionRoundTrips(api, dir);
  const withD = models.filter((m) => /đ/i.test(m.title));
  info(`${withD.length} of the ${models.length} titles have đ, typed as d in these queries`);
  const dQueries = [['duong', /đường/i], ['dang uy', /đảng ủy/i], ['doi thoai', /đối thoại/i], ['dia phuong', /địa phương/i]];
  for (const [q, re] of dQueries) {
    const r = await engine.search(q, { field: -1, year: -1 });
    const docs = await Promise.all(r.top(5).map((d) => engine.doc(d)));
    const hit = docs.find((d) => re.test(d.title) || re.test(d.unit) || re.test(d.text));
    check(`"${q}" (typed without đ) finds text with ${re.source}`, r.total > 0 && !!hit, [`results: ${docs.map((d) => d.title).join(' | ')}`]);
  }
}

// A last word being completed costs no round trip of its own: the word
// shards that can hold its completions are asked for together with the
// completion file (c/), not once it has named them. The sample's words fit
// one shard, so its index is cut again here (in memory) into one word shard
// per three-letter beginning: "dan van khe" then looks up "khe" in the
// shard of "kha…" while its completions (kheo, khen, khep) are in the next
// one. The engine runs in "waves": every file asked for while none is
// answered is one round trip, and all of them are answered at once.
async function completionRoundTrips(api, dir) {
  const read = (p) => JSON.parse(fs.readFileSync(path.join(dir, p), 'utf8'));
  const meta = read('meta.json');
  const words = meta.w.flatMap((_, i) => read(`w/${i}.json`));
  const spellings = new Map(meta.w.flatMap((_, i) => read(`s/${i}.json`)).map((r) => [r[0], r]));
  const files = new Map();
  const firsts = [];
  for (const r of words) {
    const start = Array.from(r[0]).slice(0, 3).join('');
    if (!firsts.length || Array.from(firsts[firsts.length - 1]).slice(0, 3).join('') !== start) firsts.push(r[0]);
    const n = firsts.length - 1;
    if (!files.has(`w/${n}.json`)) files.set(`w/${n}.json`, []).set(`s/${n}.json`, []);
    files.get(`w/${n}.json`).push(r);
    if (spellings.has(r[0])) files.get(`s/${n}.json`).push(spellings.get(r[0]));
  }
  const cut = { ...meta, w: firsts, hot: { w: [], p: [] }, ahead: [] };
  const fileOf = (p) => (files.has(p) ? files.get(p) : read(p));
  // Runs q on a fresh engine: {waves: [[paths asked for]…], result}.
  const inWaves = async (q, control) => {
    const pending = [];
    const engine = new api.Engine((p) => new Promise((ok) => pending.push([p.replace(/\?.*$/, ''), ok])), JSON.parse(JSON.stringify(cut)));
    // The control: as if the completion file were already in memory, so
    // that nothing is asked for ahead of it (the script before).
    if (control) engine.has = () => true;
    let result = null;
    const search = engine.search(q, { field: -1, year: -1 }).then((r) => { result = r; });
    const waves = [];
    for (let i = 0; i < 10 && !result; i++) {
      await new Promise((ok) => setImmediate(ok));
      if (result || !pending.length) break;
      const wave = pending.splice(0);
      waves.push(wave.map(([p]) => p));
      for (const [p, ok] of wave) ok(fileOf(p));
    }
    await search;
    return { waves, result };
  };
  const q = 'dan van khe';
  const last = 'khe';
  const shardOf = (key) => firsts.filter((f) => f <= key).length - 1;
  const groups = read(`c/${meta.c.indexOf(last[0])}.json`);
  const named = groups[last.slice(0, 2)].map((e) => e[0]).filter((k) => k !== last && k.startsWith(last)).slice(0, meta.rank.expand);
  const away = named.filter((k) => shardOf(k) !== shardOf(last));
  check(`the index cut again: ${firsts.length} word shards; "${last}" is looked up in w/${shardOf(last)}.json, c/ names ${named.join(', ')}, of which ${away.join(', ')} in another shard`,
    firsts.length > 1 && away.length > 0, [JSON.stringify(named)]);
  const now = await inWaves(q);
  const before = await inWaves(q, true);
  const fresh = new api.Engine((p) => Promise.resolve(read(p.replace(/\?.*$/, ''))));
  const expected = await fresh.search(q, { field: -1, year: -1 });
  const ids = (r) => JSON.stringify([r.total, r.top(r.total), r.allWords]);
  const words1 = now.waves.length ? now.waves[0].filter((p) => p.startsWith('w/')) : [];
  check(`"${q}" submitted cold asks for every file it scores with in one round trip, the completions' word shards with c/ (${words1.join(', ')})`,
    now.waves.length === 1 && now.waves[0].some((p) => p.startsWith('c/')) && away.every((k) => words1.includes(`w/${shardOf(k)}.json`)),
    now.waves.map((w, i) => `round trip ${i + 1}: ${w.join(', ')}`));
  check(`without asking ahead (the control) it takes ${before.waves.length} round trips, the completions' shards after c/`,
    before.waves.length === 2 && before.waves[1].every((p) => p.startsWith('w/')), before.waves.map((w, i) => `round trip ${i + 1}: ${w.join(', ')}`));
  check(`"${q}" on the index cut again ranks exactly as on the index built (${expected.total} results), with or without asking ahead`,
    expected.total > 0 && ids(now.result) === ids(expected) && ids(before.result) === ids(expected), [ids(now.result), ids(expected)]);
}

// ------------------------------------------------------- browser checks --
async function browserChecks(browser, origin, seg, models) {
  section(`the search page /${seg}/ in Chromium`);
  const base = `${origin}/${seg}/`;
  const byUrl = new Map(models.map((m) => [m.url, m]));

  // URL → results, typing → URL, back and forward.
  {
    const { context, page, problems } = await openPage(browser);
    await page.goto(`${base}?q=dan+van+kheo`);
    const r = await resultsOf(page);
    check('/?q=dan+van+kheo shows results on load', r.hits.length > 0, [JSON.stringify(r)]);
    check('the box shows the query of the URL', (await page.inputValue('#q')) === 'dan van kheo');
    check(`the status announces the count politely ("${r.status}")`, /^\d[\d.]* kết quả$/.test(r.status)
      && (await page.getAttribute('#search-status', 'aria-live')) === 'polite');
    check('matched words are highlighted with <mark>', r.hits.some((h) => h.marks.some((m) => fold(m.toLowerCase()) === 'kheo')), [JSON.stringify(r.hits[0])]);
    check('"dan van kheo": the first result has "Dân vận khéo" in its title', /dân vận khéo/i.test(r.hits[0].title), [r.hits.map((h) => h.title).join(' | ')]);
    check('results show unit, field and year', r.hits.every((h) => byUrl.has(h.href) && h.meta.includes(byUrl.get(h.href).unit) && h.meta.includes(byUrl.get(h.href).field) && h.meta.includes(String(byUrl.get(h.href).year))));

    const r2 = await typeQuery(page, 'giai phong mat bang');
    const url2 = new URL(page.url());
    check('typing updates ?q= in the URL', url2.searchParams.get('q') === 'giai phong mat bang', [page.url()]);
    check('"giai phong mat bang" ranks a land-clearance model first', /giải phóng mặt bằng/i.test(r2.hits[0] && r2.hits[0].title), [r2.hits.map((h) => h.title).join(' | ')]);
    await page.goBack();
    const r3 = await resultsOf(page);
    check('the back button returns to the previous search', new URL(page.url()).searchParams.get('q') === 'dan van kheo'
      && (await page.inputValue('#q')) === 'dan van kheo' && r3.hits[0].href === r.hits[0].href, [page.url()]);
    await page.goForward();
    const r4 = await resultsOf(page);
    check('the forward button too', (await page.inputValue('#q')) === 'giai phong mat bang' && r4.hits[0].href === r2.hits[0].href);

    // Filters.
    const fieldSlug = await page.evaluate(() => {
      const o = [...document.querySelectorAll('#search-field option')].find((x) => x.value && /\(\d/.test(x.textContent));
      return o ? o.value : null;
    });
    await page.selectOption('#search-field', fieldSlug);
    const r5 = await resultsOf(page);
    const fieldName = await page.evaluate(() => document.querySelector('#search-field').selectedOptions[0].getAttribute('data-name'));
    check(`the field filter keeps only "${fieldName}" and goes into the URL`, r5.hits.length > 0 && r5.hits.every((h) => byUrl.get(h.href).field === fieldName)
      && new URL(page.url()).searchParams.get('linh-vuc') === fieldSlug, [page.url(), ...r5.hits.map((h) => h.title)]);
    await page.goBack();
    await resultsOf(page);
    check('back undoes the filter', (await page.inputValue('#search-field')) === '' && !new URL(page.url()).searchParams.has('linh-vuc'));

    // Keyboard: arrow down from the box into the results, up back.
    await page.focus('#q');
    await page.keyboard.press('ArrowDown');
    const focused = await page.evaluate(() => document.activeElement && document.activeElement.closest('.search-hit') !== null);
    await page.keyboard.press('ArrowDown');
    const second = await page.evaluate(() => [...document.querySelectorAll('.search-hit h2 a')].indexOf(document.activeElement));
    await page.keyboard.press('ArrowUp');
    await page.keyboard.press('ArrowUp');
    const back = await page.evaluate(() => document.activeElement.id);
    check('arrow keys move from the box through the results and back', focused && second === 1 && back === 'q', [`${focused} ${second} ${back}`]);

    // Typed queries without diacritics find the expected models.
    const expect = [
      ['duong vanh dai', /vành đai/i],
      ['doi thoai', /đối thoại/i],
      ['tiep cong dan', /tiếp công dân/i],
      ['dang uy', /đảng ủy/i],
    ];
    for (const [q, re] of expect) {
      const rr = await typeQuery(page, q);
      const ok = rr.hits.length > 0 && (re.test(rr.hits[0].title) || re.test(byUrl.get(rr.hits[0].href).unit));
      check(`typed "${q}": the first result has ${re.source}`, ok, [rr.hits.map((h) => h.title).join(' | ')]);
    }
    // An exact phrase ranks first: the same words out of order do not.
    const phrase = await typeQuery(page, 'thôn xóm');
    const shuffled = await typeQuery(page, 'xóm thôn');
    const hasPhrase = (h) => /thôn,? xóm/i.test(h.title);
    check('an exact phrase ranks first ("thôn xóm")', phrase.hits.length > 0 && hasPhrase(phrase.hits[0]), [phrase.hits.map((h) => h.title).join(' | ')]);
    check('words out of order find the same models', shuffled.hits.length === phrase.hits.length);
    // Typed slowly (each key searched, the next one guessed and scored
    // ahead): the results are those of the same query submitted.
    {
      await page.fill('#q', '');
      await page.type('#q', 'duong vanh dai', { delay: 250 });
      await page.waitForFunction(() => {
        const list = document.querySelector('#search-results');
        return list.getAttribute('data-query') === 'duong vanh dai' && !list.hasAttribute('aria-busy');
      }, null, { timeout: 10000 });
      const slow = await resultsOf(page);
      await page.press('#q', 'Enter');
      await page.waitForFunction(() => !document.querySelector('#search-results').hasAttribute('aria-busy'));
      const sent = await resultsOf(page);
      const key = (r) => JSON.stringify([r.status, r.hits.map((h) => h.href)]);
      check('typed key by key at 250 ms a key, the results are those of the query submitted', slow.hits.length > 0 && key(slow) === key(sent), [key(slow), key(sent)]);
    }
    const none = await typeQuery(page, 'xyzzyq');
    check(`a query with no match says so ("${none.status}")`, none.hits.length === 0 && /xyzzyq/.test(none.status));
    check('no console errors, no request to another host', problems.length === 0, problems);
    await context.close();
  }

  // The header box on another page leads to the search page. While the
  // reader types there, search.js (loaded once they are in the box) asks
  // for the files the search page will ask for, by the same URLs: from a
  // static host's HTTP cache, Enter then waits for the page only.
  {
    const { context, page, problems } = await openPage(browser);
    const model = models[0];
    const requested = [];
    page.on('request', (req) => {
      const u = new URL(req.url());
      if (u.origin === origin) requested.push(u.pathname + u.search);
    });
    await page.goto(origin + model.url, { waitUntil: 'networkidle' });
    check('the header box has a label', await page.evaluate(() => !!document.querySelector('label[for="site-q"]')));
    check('a model page does not load search.js before the reader is in its box', !requested.some((u) => u.endsWith('/search.js')), requested);
    // With its diacritics: the URL prefetched must encode them as the form does.
    const q = model.title.split(' ').slice(0, 4).join(' ');
    const rowsAsked = page.waitForRequest((req) => req.url().includes(`/${seg}/index/d/`), { timeout: 10000 }).catch(() => null);
    await page.focus('#site-q');
    await page.type('#site-q', q, { delay: 20 });
    await rowsAsked;
    await page.waitForTimeout(500);
    const before = new Set(requested.filter((u) => u.includes(`/${seg}/index/`)));
    const kept = await page.evaluate(() => JSON.parse(sessionStorage.getItem('kheo-search-first') || 'null'));
    check(`the box keeps the first page of results of "${q}" for the search page`, kept && kept.q === q && kept.docs.length > 0, [JSON.stringify(kept).slice(0, 300)]);
    const prefetchedPages = await page.evaluate(() => [...document.querySelectorAll('link[rel="prefetch"]')].map((l) => l.href));
    const from = requested.length;
    await page.press('#site-q', 'Enter');
    await page.waitForURL(new RegExp(`/${seg}/\\?q=`));
    const r = await resultsOf(page);
    check('the header search box of a model page leads to results', r.hits.some((h) => h.href === model.url), [page.url()]);
    check('the box prefetched the very URL that Enter opened', prefetchedPages.length === 1 && prefetchedPages[0] === page.url(), [page.url(), ...prefetchedPages]);
    // What the search page asked for to draw its first row: the manifest is
    // inline; ahead.json comes later, at idle; the first row's stored file
    // not at all when the kept first page was drawn.
    const index = requested.slice(from).filter((u) => u.includes(`/${seg}/index/`) && !u.includes('/ahead.json'));
    const lists = index.filter((u) => !u.includes('/index/d/'));
    const firstRow = index.find((u) => u.includes('/index/d/'));
    const missed = lists.filter((u) => !before.has(u));
    check(`typed in that box, "${q}": the model page asked for the search page's ${lists.length} list files (and any stored file of its first row) beforehand, by the same URLs`,
      lists.length > 0 && missed.length === 0 && (!firstRow || before.has(firstRow)), [`missed: ${missed.join(' ')}`, `first row: ${firstRow}`, `before: ${[...before].join(' ')}`]);
    // The page drew the kept results at once; its own search must agree,
    // and a kept page that does not match is replaced by the search's.
    const key = (x) => JSON.stringify([x.status, x.hits.map((h) => [h.href, h.title, h.marks])]);
    const fresh = async () => {
      await page.reload();
      return resultsOf(page);
    };
    await page.evaluate(() => sessionStorage.clear());
    const own = await fresh();
    check('the results drawn from the box\'s first page are those of the search page\'s own search', key(r) === key(own), [key(r), key(own)]);
    await page.evaluate(([k, v]) => sessionStorage.setItem('kheo-search-first', JSON.stringify(v)), ['kheo-search-first', {
      ...kept, total: 1, docs: [{ ...kept.docs[0], id: kept.docs[0].id + 1, url: '/forged/', title: 'Forged' }],
    }]);
    const forged = await fresh();
    check('a kept first page that the search does not confirm is replaced by its results', key(forged) === key(own), [key(forged)]);
    check('no console errors on the way', problems.length === 0, problems);
    await context.close();
  }

  // Without JavaScript: a message and the browse pages.
  {
    const { context, page } = await openPage(browser, 1280, { javaScriptEnabled: false });
    await page.goto(`${base}?q=dan+van`);
    const text = await page.evaluate(() => {
      const ns = document.querySelector('noscript');
      return ns ? ns.textContent : '';
    });
    const links = await page.$$eval('.search-noscript a', (as) => as.map((a) => a.getAttribute('href')));
    check('without JavaScript the page says so and links to the browse pages', /JavaScript/.test(text) && links.length >= 3, [text.slice(0, 200), links.join(' ')]);
    await context.close();
  }

  // axe-core with results shown, and screenshots.
  for (const width of [360, 1280]) {
    const { context, page, problems } = await openPage(browser, width);
    await page.goto(`${base}?q=dan+van+kheo`);
    await resultsOf(page);
    await page.addScriptTag({ path: require.resolve('axe-core/axe.min.js') });
    const axe = await page.evaluate(async () => {
      const tags = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22a', 'wcag22aa'];
      const rules = {};
      for (const r of window.axe.getRules(tags)) if (!r.tags.includes('experimental') && !r.tags.includes('deprecated')) rules[r.ruleId] = { enabled: true };
      const out = await window.axe.run(document, { rules, resultTypes: ['violations'] });
      return out.violations.map((v) => `[${v.id}] ${v.help}: ${v.nodes.slice(0, 5).map((n) => n.target.join(' ')).join(', ')}`);
    });
    check(`axe-core: zero violations with results shown at ${width} px`, axe.length === 0, axe);
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth);
    check(`no horizontal overflow at ${width} px`, overflow <= width, [`scrollWidth ${overflow}`]);
    if (opts.shots) {
      fs.mkdirSync(opts.shots, { recursive: true });
      await page.screenshot({ path: path.join(opts.shots, `search-results-${width}.png`), fullPage: true });
    }
    check(`no console errors at ${width} px`, problems.length === 0, problems);
    await context.close();
  }
}

// Time from navigation (or a keystroke) to the first result on screen, CPU throttled 4×.
async function timing(browser, origin, seg, q) {
  section('time to first results, CPU throttled 4× (reported)');
  const out = {};
  const { context, page } = await openPage(browser, 360);
  await page.addInitScript(() => {
    window.__firstResult = null;
    new MutationObserver(() => {
      if (window.__firstResult === null && document.querySelector('.search-hit')) window.__firstResult = performance.now();
    }).observe(document, { childList: true, subtree: true });
  });
  const cdp = await context.newCDPSession(page);
  await cdp.send('Emulation.setCPUThrottlingRate', { rate: 4 });
  await page.goto(`${origin}/${seg}/?q=${encodeURIComponent(q).replace(/%20/g, '+')}`);
  await page.waitForFunction(() => window.__firstResult !== null, null, { timeout: 30000 });
  out.load = await page.evaluate(() => Math.round(window.__firstResult));
  out.dcl = await page.evaluate(() => Math.round(performance.getEntriesByType('navigation')[0].domContentLoadedEventEnd));
  // Typing on the loaded page: keystroke to new results (a lone keystroke: no pause).
  const t = await page.evaluate(() => new Promise((resolve) => {
    const input = document.querySelector('#q');
    const list = document.querySelector('#search-results');
    const start = performance.now();
    const obs = new MutationObserver(() => {
      if (!list.hasAttribute('aria-busy') && list.querySelector('.search-hit')) { obs.disconnect(); resolve(Math.round(performance.now() - start)); }
    });
    input.value = 'giai phong mat bang';
    input.dispatchEvent(new Event('input', { bubbles: true }));
    obs.observe(list, { childList: true, attributes: true });
  }));
  out.typing = t;
  await context.close();
  info(`"${q}" loaded from the URL: first result ${out.load} ms after navigation start (DOMContentLoaded ${out.dcl} ms)`);
  info(`typing "giai phong mat bang" on the loaded page: results ${out.typing} ms after the keystroke (a lone keystroke is searched at once)`);
  return out;
}

// ---------------------------------------------------------- measuring --
const KB = (n) => (n / 1024).toFixed(1);
const median = (xs) => {
  const v = [...xs].sort((a, b) => a - b);
  return v.length ? Math.round((v[(v.length - 1) >> 1] + v[v.length >> 1]) / 2) : null;
};
const sizeCache = new Map();
// Raw and gzip -9 size of a file of the site, by URL path.
function sizeOf(p) {
  if (!sizeCache.has(p)) {
    let file = path.join(opts.site, p);
    if (fs.existsSync(file) && fs.statSync(file).isDirectory()) file = path.join(file, 'index.html');
    const buf = fs.existsSync(file) ? fs.readFileSync(file) : Buffer.alloc(0);
    sizeCache.set(p, { raw: buf.length, gz: buf.length ? zlib.gzipSync(buf, { level: 9 }).length : 0 });
  }
  return sizeCache.get(p);
}

// The kind of an index file: its folder (w, s, p, c, d) or its name.
const kindOf = (rel) => (rel.includes('/') ? rel.split('/')[0] : rel.replace(/\.json$/, ''));

// Sums the sizes of URL paths: {files, raw, gz, kinds: {kind: {files, raw, gz}}} (kinds of index files).
function tally(paths, seg) {
  const out = { files: 0, raw: 0, gz: 0, kinds: {} };
  for (const p of paths) {
    const sz = sizeOf(p);
    out.files++;
    out.raw += sz.raw;
    out.gz += sz.gz;
    const prefix = `/${seg}/index/`;
    const kind = p.startsWith(prefix) ? kindOf(p.slice(prefix.length)) : 'page';
    const k = (out.kinds[kind] = out.kinds[kind] || { files: 0, raw: 0, gz: 0 });
    k.files++;
    k.raw += sz.raw;
    k.gz += sz.gz;
  }
  return out;
}

// Every index file: count, raw and gzip -9 bytes, per kind and in all, and the largest.
function indexStats(seg) {
  const dir = path.join(opts.site, seg, 'index');
  const out = { files: 0, raw: 0, gz: 0, largest: null, kinds: {} };
  const walk = (d) => {
    for (const e of fs.readdirSync(d, { withFileTypes: true })) {
      const full = path.join(d, e.name);
      if (e.isDirectory()) { walk(full); continue; }
      const rel = path.relative(dir, full);
      const buf = fs.readFileSync(full);
      const gz = zlib.gzipSync(buf, { level: 9 }).length;
      const k = (out.kinds[kindOf(rel)] = out.kinds[kindOf(rel)] || { files: 0, raw: 0, gz: 0, largest: null });
      for (const t of [out, k]) {
        t.files++;
        t.raw += buf.length;
        t.gz += gz;
        if (!t.largest || buf.length > t.largest.raw) t.largest = { file: rel, raw: buf.length, gz };
      }
    }
  };
  walk(dir);
  section(`the index: ${out.files} files, ${KB(out.raw)} KB raw, ${KB(out.gz)} KB gzip -9`);
  for (const [k, v] of Object.entries(out.kinds).sort()) {
    info(`${k}: ${v.files} files, ${KB(v.raw)} KB raw, ${KB(v.gz)} KB gzip -9; largest ${v.largest.file} ${KB(v.largest.raw)} KB (${KB(v.largest.gz)} KB gzip -9)`);
  }
  return out;
}

const describe = (p) => `CPU ${p.cpu}×, ` + (p.latency || p.down ? `${p.latency} ms, ${p.down}/${p.up} kbit/s` : 'network not throttled');

// A page that notes the URL paths it requests, on a device profile (or none).
async function measuredPage(browser, profile = null) {
  const { context, page, problems } = await openPage(browser, 360);
  const requested = [];
  page.on('request', (r) => {
    const u = new URL(r.url());
    if (u.hostname === '127.0.0.1') requested.push(u.pathname);
  });
  // When the first result of a query is drawn: window.__first[query] = time
  // (results drawn before the query was submitted are marked data-old); when
  // its whole list is (no longer aria-busy): window.__shown[query] = time.
  await page.addInitScript(() => {
    window.__shown = {};
    window.__first = {};
    window.__lastInput = null;
    document.addEventListener('input', () => { window.__lastInput = performance.now(); }, true);
    const note = () => {
      const list = document.querySelector('#search-results');
      if (!list || !list.querySelector('.search-hit:not([data-old])')) return;
      const q = list.getAttribute('data-query');
      if (q === null) return;
      if (!(q in window.__first)) window.__first[q] = performance.now();
      if (!list.hasAttribute('aria-busy') && !(q in window.__shown)) window.__shown[q] = performance.now();
    };
    new MutationObserver(note).observe(document, { childList: true, subtree: true, attributes: true });
  });
  if (profile) {
    const cdp = await context.newCDPSession(page);
    await cdp.send('Emulation.setCPUThrottlingRate', { rate: profile.cpu });
    if (profile.latency || profile.down || profile.up) {
      await cdp.send('Network.enable');
      await cdp.send('Network.emulateNetworkConditions', {
        offline: false, latency: profile.latency,
        downloadThroughput: profile.down ? (profile.down * 1024) / 8 : -1, uploadThroughput: profile.up ? (profile.up * 1024) / 8 : -1,
      });
    }
  }
  return { context, page, problems, requested };
}

const shownAt = (page, q) => page.waitForFunction((text) => window.__shown[text] || null, q, { timeout: 60000 }).then((h) => h.jsonValue());
// [first result drawn, whole list drawn], ms after navigation start.
const drawnAt = async (page, q) => {
  const all = await shownAt(page, q);
  return [await page.evaluate((text) => window.__first[text], q), all];
};

// Submits q in the box of the loaded search page: ms from submit to the
// first result drawn, and to the whole list drawn.
async function submitted(page, q) {
  const t0 = await page.evaluate((text) => {
    delete window.__shown[text];
    delete window.__first[text];
    for (const hit of document.querySelectorAll('.search-hit')) hit.setAttribute('data-old', '');
    const input = document.querySelector('#q');
    input.value = text;
    const t = performance.now();
    input.form.requestSubmit();
    return t;
  }, q);
  return (await drawnAt(page, q)).map((t) => Math.round(t - t0));
}

// Words typed key by key, keyDelay ms apart, on the search page just loaded
// ("loaded": the reader types at once, the files the page fetches ahead
// are still on the way) and on a page left to settle first ("settled").
// Per run: ms from the last key to the first result drawn and to the whole
// first page; the index files fetched from the page's load on (the most
// of any run); whether the results are those of the same query submitted
// again on that page (rank, links and count); and the index requests
// still running or started after the last key.
async function typedRow(browser, base, seg, q, keyDelay) {
  const onIndex = (p) => p.startsWith(`/${seg}/index/`);
  const row = { q, keyDelay, times: {}, problems: [], same: true };
  for (const pr of opts.profiles) {
    const t = { loaded: [], settled: [], after: [] };
    for (let run = 0; run < opts.runs; run++) {
      for (const start of ['loaded', 'settled']) {
        const { context, page, problems, requested } = await measuredPage(browser, pr);
        await page.goto(base, { waitUntil: start === 'loaded' ? 'load' : 'networkidle' });
        await page.type('#q', q, { delay: keyDelay });
        const [first, all] = await drawnAt(page, q);
        const last = await page.evaluate(() => window.__lastInput);
        t[start].push([Math.round(first - last), Math.round(all - last)]);
        const index = tally(requested.filter(onIndex), seg);
        if (!row.index || index.gz > row.index.gz) row.index = index;
        if (start === 'loaded') {
          // Index requests not finished at the last key: [file, start, end] in ms after it.
          t.after.push(await page.evaluate((lastKey) => performance.getEntriesByType('resource')
            .filter((e) => e.name.includes('/index/') && e.responseEnd > lastKey)
            .map((e) => [new URL(e.name).pathname.replace(/^.*\/index\//, ''), Math.round(e.startTime - lastKey), Math.round(e.responseEnd - lastKey)]), last));
        }
        const shown = await page.evaluate(() => ({
          status: document.querySelector('#search-status').textContent.trim(),
          links: [...document.querySelectorAll('#search-results .search-hit h2 a')].map((a) => a.getAttribute('href')),
        }));
        await submitted(page, q);
        const again = await page.evaluate(() => ({
          status: document.querySelector('#search-status').textContent.trim(),
          links: [...document.querySelectorAll('#search-results .search-hit h2 a')].map((a) => a.getAttribute('href')),
        }));
        if (JSON.stringify(shown) !== JSON.stringify(again)) {
          row.same = false;
          row.problems.push(`"${q}" typed shows ${JSON.stringify(shown)}, submitted ${JSON.stringify(again)}`);
        }
        if (run === 0) row.problems.push(...problems);
        await context.close();
      }
    }
    const m = (xs, i) => median(xs.map((x) => x[i]));
    row.times[pr.name] = {
      ms: m(t.loaded, 0), all: m(t.loaded, 1), settled: m(t.settled, 0), settledAll: m(t.settled, 1),
      runs: { loaded: t.loaded, settled: t.settled }, after: t.after,
    };
  }
  info(`"${q}" typed key by key (${keyDelay} ms apart): index ${row.index.files} files ${KB(row.index.raw)} KB raw ${KB(row.index.gz)} KB gzip from the page's load on (most of any run); `
    + `results after the last key, first / whole page, median of ${opts.runs}: ${opts.profiles.map((pr) => {
      const x = row.times[pr.name];
      return `${pr.name} loaded ${x.ms} / ${x.all}, settled ${x.settled} / ${x.settledAll}`;
    }).join('; ')} ms; ${row.same ? 'the same results as the query submitted' : 'NOT the results of the query submitted'}`
    + `${row.problems.length ? '; ' + row.problems.join('; ') : ''}`);
  return row;
}

// The reader types in a page's box at this pace (ms a key), and presses
// Enter at once or after this pause (ms).
const BOX_KEY_DELAY = 150;
const BOX_THINK = 600;

async function measure(browser, origin, seg, fromPage) {
  const out = {
    docs: JSON.parse(fs.readFileSync(path.join(opts.site, seg, 'index', 'meta.json'), 'utf8')).docs,
    protocol: origin.startsWith('https') ? 'HTTP/2' : 'HTTP/1.1',
    profiles: opts.profiles, runs: opts.runs,
    index: indexStats(seg), queries: [], typed: [],
    // The timings are only as good as the machine is idle.
    machine: { cpus: os.cpus().length, loadStart: os.loadavg()[0] },
  };
  const base = `${origin}/${seg}/`;
  const urlOf = (q) => `${base}?q=${encodeURIComponent(q).replace(/%20/g, '+')}`;
  const onIndex = (p) => p.startsWith(`/${seg}/index/`);
  section(`per query: transfer in a fresh browser (gzip -9); first results in ms, cold / settled / warm / hot / from navigation / from a page's box, Enter at once / Enter after a pause, median of ${opts.runs} (${out.protocol})`);
  for (const pr of opts.profiles) info(`profile ${pr.name}: ${describe(pr)}`);
  for (const q of opts.queries) {
    const row = { q, times: {} };
    // Transfer: the page with ?q=, not throttled, fresh context.
    {
      const { context, page, problems, requested } = await measuredPage(browser);
      await page.goto(urlOf(q));
      await resultsOf(page);
      row.status = (await page.textContent('#search-status')).trim();
      row.index = tally(requested.filter(onIndex), seg);
      row.page = tally(requested.filter((p) => !onIndex(p)), seg);
      row.problems = problems;
      await context.close();
    }
    for (const pr of opts.profiles) {
      // Each: [first result, whole list] per run.
      const cold = [];
      const settled = [];
      const warm = [];
      const hot = [];
      const load = [];
      const box = [];
      const boxThink = [];
      for (let run = 0; run < opts.runs; run++) {
        // Submit on the loaded page (cold), then load the page again (without
        // ?q=, which would start a search) and submit again (warm: HTTP cache).
        {
          const { context, page, problems } = await measuredPage(browser, pr);
          await page.goto(base, { waitUntil: 'load' });
          cold.push(await submitted(page, q));
          await page.goto(base, { waitUntil: 'load' });
          warm.push(await submitted(page, q));
          hot.push(await submitted(page, q));
          if (run === 0) row.problems.push(...problems);
          await context.close();
        }
        // Submit on a page left to settle first (as a reader who reads the
        // page before typing): the shards it fetches ahead are in.
        {
          const { context, page } = await measuredPage(browser, pr);
          await page.goto(base, { waitUntil: 'networkidle' });
          settled.push(await submitted(page, q));
          await context.close();
        }
        // Navigation to the first result of ?q= (fresh context).
        {
          const { context, page } = await measuredPage(browser, pr);
          await page.goto(urlOf(q));
          load.push((await drawnAt(page, q)).map(Math.round));
          await context.close();
        }
        // From a model page's own search box: the reader reads the page,
        // types the query in the header's box and presses Enter, at once
        // or BOX_THINK ms after the last key; from the navigation Enter
        // starts to the first result.
        for (const [think, into] of [[0, box], [BOX_THINK, boxThink]]) {
          const { context, page } = await measuredPage(browser, pr);
          await page.goto(origin + fromPage, { waitUntil: 'networkidle' });
          await page.type('#site-q', q, { delay: BOX_KEY_DELAY });
          if (think) await page.waitForTimeout(think);
          await Promise.all([page.waitForURL((u) => u.pathname === `/${seg}/`), page.press('#site-q', 'Enter')]);
          into.push((await drawnAt(page, q)).map(Math.round));
          await context.close();
        }
      }
      const first = (xs) => median(xs.map((x) => x[0]));
      const whole = (xs) => median(xs.map((x) => x[1]));
      row.times[pr.name] = {
        cold: first(cold), settled: first(settled), warm: first(warm), hot: first(hot), load: first(load), box: first(box), boxThink: first(boxThink),
        all: { cold: whole(cold), settled: whole(settled), warm: whole(warm), hot: whole(hot), load: whole(load), box: whole(box), boxThink: whole(boxThink) },
        runs: { cold, settled, warm, hot, load, box, boxThink },
      };
    }
    out.queries.push(row);
    const top = Object.entries(row.index.kinds).sort((a, b) => b[1].gz - a[1].gz).map(([k, v]) => `${k} ${v.files}/${KB(v.gz)}`).join(', ');
    const times = opts.profiles.map((pr) => {
      const t = row.times[pr.name];
      return `${pr.name} ${t.cold}/${t.settled}/${t.warm}/${t.hot}/${t.load}/${t.box}/${t.boxThink} (all drawn ${t.all.cold}/${t.all.settled}/${t.all.warm}/${t.all.hot}/${t.all.load}/${t.all.box}/${t.all.boxThink})`;
    }).join(', ');
    info(`"${q}": ${row.status}; index ${row.index.files} files ${KB(row.index.raw)} KB raw ${KB(row.index.gz)} KB gzip (${top}); page ${KB(row.page.gz)} KB gzip; `
      + `first results ${times} ms${row.problems.length ? '; ' + row.problems.join('; ') : ''}`);
  }
  for (const q of opts.typed) {
    for (const keyDelay of opts.keyDelays) out.typed.push(await typedRow(browser, base, seg, q, keyDelay));
  }
  const gz = out.queries.map((r) => r.index.gz).sort((a, b) => a - b);
  info(`per-query index transfer, gzip -9: max ${KB(gz[gz.length - 1] || 0)} KB, median ${KB(median(gz) || 0)} KB`);
  out.machine.loadEnd = os.loadavg()[0];
  info(`load average (1 min) ${out.machine.loadStart.toFixed(1)} at the start, ${out.machine.loadEnd.toFixed(1)} at the end, on ${out.machine.cpus} CPUs`);
  if (opts.json) fs.writeFileSync(opts.json, JSON.stringify(out, null, 1));
  return out;
}

// ------------------------------------------------------------------- main --
let crashed = null;
const server = await serve(opts.site, opts.measure);
const origin = `${server.scheme}://127.0.0.1:${server.address().port}`;
try {
  const seg = searchDir();
  if (!seg) {
    check('the site has a search page', false, ['no tim-kiem/index.html']);
  } else {
    const models = JSON.parse(fs.readFileSync(path.join(opts.site, 'models.json'), 'utf8')).models;
    const browser = await launch(server.trust);
    try {
      if (opts.measure) {
        await measure(browser, origin, seg, models[0].url);
      } else {
        await engineChecks(seg, models);
        await browserChecks(browser, origin, seg, models);
        await timing(browser, origin, seg, 'dan van kheo');
      }
    } finally {
      await browser.close();
    }
  }
} catch (e) {
  crashed = e;
  check('search tests ran to the end', false, [String((e && e.stack) || e)]);
} finally {
  server.close();
}
const passed = results.filter((r) => r.ok).length;
const failed = results.length - passed;
console.log(`${passed} passed, ${failed} failed`);
process.exitCode = failed > 0 || crashed ? 1 : 0;
