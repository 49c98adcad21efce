#!/usr/bin/env node
// End-to-end checks of a site built by kheo, in a real browser.
//
//   node run.mjs --site DIR --shots DIR [--all-pages] [--only crawl,browser,vnu]
//                [--chromium PATH] [--java PATH] [--lang vi] [--require KIND,...]
//
// 1. Serves DIR on 127.0.0.1 (a free port) with a small static server.
// 2. Crawls from `/` every site-internal <a href>, <link href>, <script src>,
//    <img src|srcset>, <source src|srcset> and CSS url(): each must answer 200.
//    Absolute URLs under the site's base URL (read from the home page's
//    canonical link) are checked against the local copy too. External links
//    are never fetched.
// 3. Loads one page of every page kind in Chromium at 360 px and 1280 px:
//    no console error, no page error, no failed request, no request to a
//    non-loopback host, zero axe-core violations, no horizontal overflow,
//    <html lang="vi">; full-page screenshots `<kind>-360.png`, `<kind>-1280.png`.
//    A page kind that may be absent (paginated, model-cover, …) is skipped
//    unless --require names it. The model page is also checked in print
//    media (no navigation; link URLs spelled out, absolute under a base URL),
//    and every feed.xml parses as Atom (a field's feed: one field only).
// 4. Runs the Nu Html Checker over every .html file of DIR.
// The last line printed is exactly `N passed, M failed`; exit 1 when M > 0.

import http from 'node:http';
import fs from 'node:fs';
import fsp from 'node:fs/promises';
import path from 'node:path';
import { execFile } from 'node:child_process';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
const started = Date.now();

// ---------------------------------------------------------------- options --
function parseArgs(argv) {
  const opts = {
    site: null,
    shots: null,
    allPages: false,
    chromium: process.env.CHROMIUM || '/usr/bin/chromium',
    java: process.env.JAVA || 'java',
    lang: 'vi',
    require: new Set(),
    only: new Set(['crawl', 'browser', 'vnu']),
  };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const val = () => {
      if (i + 1 >= argv.length) usage(`${a} needs a value`);
      return argv[++i];
    };
    if (a === '--site') opts.site = val();
    else if (a === '--shots') opts.shots = val();
    else if (a === '--all-pages') opts.allPages = true;
    else if (a === '--chromium') opts.chromium = val();
    else if (a === '--java') opts.java = val();
    else if (a === '--lang') opts.lang = val();
    else if (a === '--require') opts.require = new Set(val().split(',').map((x) => x.trim()).filter(Boolean));
    else if (a === '--only') {
      opts.only = new Set(val().split(',').map((x) => x.trim()).filter(Boolean));
      for (const x of opts.only) if (!['crawl', 'browser', 'vnu'].includes(x)) usage(`--only: unknown part ${x}`);
    }
    else if (a === '-h' || a === '--help') usage(null);
    else usage(`unknown argument ${a}`);
  }
  if (!opts.site || !opts.shots) usage('--site and --shots are required');
  opts.site = path.resolve(opts.site);
  opts.shots = path.resolve(opts.shots);
  return opts;
}

function usage(msg) {
  if (msg) console.error(`run.mjs: ${msg}`);
  console.error('usage: node run.mjs --site DIR --shots DIR [--all-pages] [--only crawl,browser,vnu] [--chromium PATH] [--java PATH] [--lang vi] [--require KIND,...]');
  process.exit(2);
}

const opts = parseArgs(process.argv.slice(2));

// URL segments of the default kheo output (each can be renamed in site.yaml).
const SEG = {
  model: 'mo-hinh',
  field: 'linh-vuc',
  unit: 'don-vi',
  year: 'nam',
  locality: 'dia-phuong',
  search: 'tim-kiem',
  stats: 'thong-ke',
  booklet: 'so-tay',
  about: 'gioi-thieu',
};
const MISSING_PATH = '/khong-ton-tai/';

// ----------------------------------------------------------------- checks --
const results = [];
function check(name, ok, details = []) {
  results.push({ name, ok, details });
  const mark = ok ? 'ok  ' : 'FAIL';
  console.log(`${mark} ${name}`);
  if (!ok) for (const d of details) console.log(`       ${d}`);
}
function info(msg) {
  console.log(`     · ${msg}`);
}
const warnings = [];
function warn(msg) {
  warnings.push(msg);
  console.log(`warn ${msg}`);
}
function section(title) {
  console.log(`\n== ${title}`);
}

// ---------------------------------------------------------- static server --
const CONTENT_TYPES = {
  '.html': 'text/html; charset=utf-8',
  '.htm': 'text/html; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.webmanifest': 'application/manifest+json; charset=utf-8',
  '.xml': 'application/xml; charset=utf-8',
  '.txt': 'text/plain; charset=utf-8',
  '.csv': 'text/csv; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.gif': 'image/gif',
  '.webp': 'image/webp',
  '.avif': 'image/avif',
  '.ico': 'image/x-icon',
  '.woff': 'font/woff',
  '.woff2': 'font/woff2',
  '.ttf': 'font/ttf',
  '.otf': 'font/otf',
  '.pdf': 'application/pdf',
  '.epub': 'application/epub+zip',
};

function contentType(file) {
  return CONTENT_TYPES[path.extname(file).toLowerCase()] || 'application/octet-stream';
}

function startServer(root) {
  const notFound = path.join(root, '404.html');
  const send = (req, res, status, file, extra = {}) => {
    const headers = {
      'Content-Type': contentType(file),
      'Cache-Control': 'no-store',
      'X-Content-Type-Options': 'nosniff',
      ...extra,
    };
    fs.stat(file, (err, st) => {
      if (err) {
        res.writeHead(status, { 'Content-Type': 'text/plain; charset=utf-8' });
        res.end(status === 404 ? 'Not found\n' : `${status}\n`);
        return;
      }
      headers['Content-Length'] = st.size;
      res.writeHead(status, headers);
      if (req.method === 'HEAD') return res.end();
      fs.createReadStream(file).pipe(res);
    });
  };
  const server = http.createServer((req, res) => {
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      res.writeHead(405, { Allow: 'GET, HEAD' });
      return res.end();
    }
    let pathname;
    try {
      pathname = decodeURIComponent(new URL(req.url, 'http://x').pathname);
    } catch {
      res.writeHead(400);
      return res.end();
    }
    const file = path.join(root, pathname);
    if (pathname.includes('\0') || (file !== root && !file.startsWith(root + path.sep))) {
      return send(req, res, 404, notFound);
    }
    fs.stat(file, (err, st) => {
      if (!err && st.isDirectory()) {
        if (!pathname.endsWith('/')) {
          const q = req.url.indexOf('?');
          const loc = new URL(req.url, 'http://x').pathname + '/' + (q >= 0 ? req.url.slice(q) : '');
          res.writeHead(301, { Location: loc });
          return res.end();
        }
        const index = path.join(file, 'index.html');
        return fs.stat(index, (e2, st2) =>
          !e2 && st2.isFile() ? send(req, res, 200, index) : send(req, res, 404, notFound));
      }
      if (!err && st.isFile()) return send(req, res, 200, file);
      return send(req, res, 404, notFound);
    });
  });
  return new Promise((resolve, reject) => {
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => resolve(server));
  });
}

// ------------------------------------------------------------ HTML parsing --
const ENTITIES = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", nbsp: '\u00a0' };
function decodeEntities(s) {
  return s.replace(/&(#x[0-9a-f]+|#[0-9]+|[a-z]+);/gi, (m, e) => {
    if (e[0] === '#') {
      const n = e[1] === 'x' || e[1] === 'X' ? parseInt(e.slice(2), 16) : parseInt(e.slice(1), 10);
      return Number.isFinite(n) ? String.fromCodePoint(n) : m;
    }
    return ENTITIES[e.toLowerCase()] ?? m;
  });
}

function parseAttrs(s) {
  const attrs = {};
  const re = /([^\s=/>"']+)(?:\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'=<>`]+)))?/g;
  let m;
  while ((m = re.exec(s))) {
    const name = m[1].toLowerCase();
    if (!(name in attrs)) attrs[name] = decodeEntities(m[2] ?? m[3] ?? m[4] ?? '');
  }
  return attrs;
}

function stripNonMarkup(html) {
  return html
    .replace(/<!--[\s\S]*?-->/g, '')
    .replace(/(<script\b[^>]*>)[\s\S]*?<\/script\s*>/gi, '$1')
    .replace(/(<style\b[^>]*>)[\s\S]*?<\/style\s*>/gi, '$1')
    .replace(/(<template\b[^>]*>)[\s\S]*?<\/template\s*>/gi, '$1');
}

function srcsetUrls(v) {
  return v.split(',').map((p) => p.trim().split(/\s+/)[0]).filter(Boolean);
}

// Returns { refs: [{url, tag, attr, rel}], ids: Set, base: string|null, lang, canonical }
function parseHtml(html) {
  const clean = stripNonMarkup(html);
  const refs = [];
  const ids = new Set();
  let base = null;
  let lang = null;
  let canonical = null;
  let kind = null;
  let cover = false;
  const tagRe = /<([a-zA-Z][a-zA-Z0-9-]*)(\s[^>]*)?>/g;
  let m;
  while ((m = tagRe.exec(clean))) {
    const tag = m[1].toLowerCase();
    const a = parseAttrs(m[2] || '');
    if (a.id) ids.add(a.id);
    if (tag === 'a' && a.name) ids.add(a.name);
    const rel = (a.rel || '').toLowerCase().split(/\s+/).filter(Boolean);
    switch (tag) {
      case 'html':
        lang = a.lang ?? null;
        break;
      case 'body': {
        // kheo's templates mark the page kind: <body class="kind-model">.
        const k = (a.class || '').split(/\s+/).find((c) => c.startsWith('kind-'));
        if (k) kind = k.slice(5);
        break;
      }
      case 'div':
        if ((a.class || '').split(/\s+/).includes('model-cover')) cover = true;
        break;
      case 'base':
        if (a.href) base = a.href;
        break;
      case 'a':
      case 'area':
        if ('href' in a) refs.push({ url: a.href, tag, attr: 'href', rel });
        break;
      case 'link':
        if ('href' in a) refs.push({ url: a.href, tag, attr: 'href', rel });
        if (rel.includes('canonical')) canonical = a.href;
        if (a.imagesrcset) for (const u of srcsetUrls(a.imagesrcset)) refs.push({ url: u, tag, attr: 'imagesrcset', rel });
        break;
      case 'script':
      case 'iframe':
      case 'audio':
      case 'video':
      case 'track':
      case 'embed':
        if (a.src) refs.push({ url: a.src, tag, attr: 'src', rel });
        if (a.poster) refs.push({ url: a.poster, tag, attr: 'poster', rel });
        break;
      case 'img':
      case 'source':
        if (a.src) refs.push({ url: a.src, tag, attr: 'src', rel });
        if (a.srcset) for (const u of srcsetUrls(a.srcset)) refs.push({ url: u, tag, attr: 'srcset', rel });
        break;
      case 'object':
        if (a.data) refs.push({ url: a.data, tag, attr: 'data', rel });
        break;
      case 'meta': {
        const p = (a.property || a.name || '').toLowerCase();
        if ((p === 'og:url' || p === 'og:image' || p === 'twitter:image') && a.content) {
          refs.push({ url: a.content, tag, attr: p, rel });
        }
        break;
      }
      default:
        break;
    }
  }
  return { refs, ids, base, lang, canonical, kind, cover };
}

function cssUrls(css) {
  const out = [];
  const clean = css.replace(/\/\*[\s\S]*?\*\//g, '');
  const re = /url\(\s*(?:"([^"]*)"|'([^']*)'|([^)\s]*))\s*\)|@import\s+(?:"([^"]*)"|'([^']*)')/g;
  let m;
  while ((m = re.exec(clean))) {
    const u = m[1] ?? m[2] ?? m[3] ?? m[4] ?? m[5];
    if (u) out.push(u);
  }
  return out;
}

// Resource references that make the browser fetch something by itself.
const FETCHING_RELS = new Set([
  'stylesheet', 'icon', 'shortcut', 'apple-touch-icon', 'apple-touch-icon-precomposed', 'mask-icon',
  'preload', 'modulepreload', 'prefetch', 'preconnect', 'dns-prefetch', 'prerender', 'manifest',
]);
function isFetchingRef(ref) {
  if (ref.tag === 'a' || ref.tag === 'area' || ref.tag === 'meta') return false;
  if (ref.tag === 'link') return ref.rel.some((r) => FETCHING_RELS.has(r));
  return true;
}

// ------------------------------------------------------------------ crawl --
// Base URL of the published site, from the home page's canonical link:
// absolute links under it are checked against the local copy.
async function findBaseUrl(origin) {
  let baseUrl = null;
  const home = await fetch(origin + '/', { redirect: 'manual' }).catch(() => null);
  if (home && home.status === 200) {
    const { canonical } = parseHtml(await home.text());
    if (canonical) {
      try {
        const c = new URL(canonical, origin + '/');
        if (c.origin !== origin) baseUrl = c.origin + c.pathname.replace(/[^/]*$/, '');
      } catch { /* ignore */ }
    }
  }
  return baseUrl;
}

function makeCrawler(origin, baseUrl) {
  const toLocal = (abs) => {
    // abs: URL object. Returns a local path+search, or null when external.
    if (abs.protocol !== 'http:' && abs.protocol !== 'https:') return null;
    if (abs.origin === origin) return abs.pathname + abs.search;
    if (baseUrl && (abs.href === baseUrl.replace(/\/$/, '') || abs.href.startsWith(baseUrl))) {
      const rest = abs.href.slice(baseUrl.length);
      return '/' + rest.replace(/#.*$/, '');
    }
    return null;
  };

  const status = new Map(); // local url -> {status, location, type}
  const foundOn = new Map(); // local url -> Set of pages
  const pages = new Map(); // local url -> {ids, lang}
  const fragments = []; // {target, frag, from}
  const externalAssets = []; // {page, url, tag}
  const externalLinks = new Set();
  const queue = [];
  const seen = new Set();

  const enqueue = (u, from) => {
    if (!foundOn.has(u)) foundOn.set(u, new Set());
    foundOn.get(u).add(from);
    if (!seen.has(u)) {
      seen.add(u);
      queue.push(u);
    }
  };

  const handleRefs = (pageUrl, refs, baseHref) => {
    const docBase = new URL(baseHref || pageUrl, origin + pageUrl);
    for (const ref of refs) {
      const raw = ref.url.trim();
      if (raw === '' && ref.tag !== 'a') continue;
      if (/^(mailto|tel|sms|javascript|data|blob|about):/i.test(raw)) continue;
      let abs;
      try {
        abs = new URL(raw, docBase);
      } catch {
        enqueue(`(malformed URL ${JSON.stringify(raw)})`, pageUrl);
        continue;
      }
      const local = toLocal(abs);
      if (local === null) {
        if (abs.protocol === 'http:' || abs.protocol === 'https:') {
          if (isFetchingRef(ref)) externalAssets.push({ page: pageUrl, url: abs.href, tag: `<${ref.tag} ${ref.attr}>` });
          else if (ref.tag !== 'meta') externalLinks.add(abs.href);
        }
        continue;
      }
      if (abs.hash && abs.hash.length > 1 && ref.tag !== 'meta') {
        fragments.push({ target: local, frag: decodeURIComponent(abs.hash.slice(1)), from: pageUrl });
      }
      enqueue(local, pageUrl);
    }
  };

  const visit = async (u) => {
    if (u.startsWith('(')) {
      status.set(u, { status: 'malformed' });
      return;
    }
    let res;
    try {
      res = await fetch(origin + u, { redirect: 'manual' });
    } catch (e) {
      status.set(u, { status: `fetch error: ${e.message}` });
      return;
    }
    const type = (res.headers.get('content-type') || '').split(';')[0].trim();
    status.set(u, { status: res.status, location: res.headers.get('location'), type });
    if (res.status !== 200) {
      await res.arrayBuffer().catch(() => {});
      return;
    }
    if (type === 'text/html') {
      const html = await res.text();
      const parsed = parseHtml(html);
      pages.set(u, { ids: parsed.ids, lang: parsed.lang, kind: parsed.kind, cover: parsed.cover, size: Buffer.byteLength(html) });
      handleRefs(u, parsed.refs, parsed.base);
    } else if (type === 'text/css') {
      const css = await res.text();
      handleRefs(u, cssUrls(css).map((url) => ({ url, tag: 'css', attr: 'url()', rel: [] })), null);
    } else {
      await res.arrayBuffer();
    }
  };

  // Crawls from the seeds (local paths), with a small pool of parallel fetches.
  const run = async (seeds, from) => {
    for (const u of seeds) enqueue(u, from);
    let inFlight = 0;
    const workers = Array.from({ length: 8 }, async () => {
      for (;;) {
        const u = queue.shift();
        if (u === undefined) {
          if (inFlight === 0) return;
          await new Promise((r) => setTimeout(r, 5));
          continue;
        }
        inFlight++;
        try {
          await visit(u);
        } finally {
          inFlight--;
        }
      }
    });
    await Promise.all(workers);
  };

  return { run, status, foundOn, pages, fragments, externalAssets, externalLinks, baseUrl };
}

// ---------------------------------------------------------------- browser --
const LOOPBACK = new Set(['127.0.0.1', 'localhost', '[::1]', '::1']);

const WCAG_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22a', 'wcag22aa'];

async function inspect(browser, origin, kind, urlPath, { screenshots, axe, expectStatus }) {
  const problems = { console: [], external: [], failed: [] };
  const perWidth = {};
  let lang;
  for (const [width, height] of [[360, 800], [1280, 900]]) {
    const context = await browser.newContext({
      viewport: { width, height },
      deviceScaleFactor: 1,
      serviceWorkers: 'block',
      locale: 'vi-VN',
    });
    const blocked = new Set();
    await context.route('**/*', (route) => {
      const u = route.request().url();
      let host = null;
      try {
        host = new URL(u).hostname;
      } catch { /* not a URL */ }
      if (host !== null && /^(https?|wss?|ftp):/i.test(u) && !LOOPBACK.has(host)) {
        blocked.add(u);
        problems.external.push(`${u} (at ${width} px)`);
        return route.abort('blockedbyclient');
      }
      return route.continue();
    });
    const page = await context.newPage();
    const pageUrl = origin + urlPath;
    page.on('console', (msg) => {
      if (msg.type() !== 'error') return;
      const loc = msg.location();
      const text = msg.text();
      // The document's own 404 status on the not-found page is expected.
      if (expectStatus === 404 && loc.url === pageUrl && /status of 404/.test(text)) return;
      // Requests we blocked are reported as external requests, not twice.
      if (/ERR_BLOCKED_BY_CLIENT/.test(text) && blocked.size > 0) return;
      problems.console.push(`console.error at ${width} px: ${text}${loc.url ? ` (${loc.url.replace(origin, '')}:${loc.lineNumber})` : ''}`);
    });
    page.on('pageerror', (err) => {
      problems.console.push(`page error at ${width} px: ${err.message}`);
    });
    page.on('response', (res) => {
      const u = res.url();
      if (u === pageUrl && expectStatus === 404) return;
      if (res.status() >= 400) problems.failed.push(`${res.status()} ${u.replace(origin, '')} (at ${width} px)`);
    });
    page.on('requestfailed', (req) => {
      if (blocked.has(req.url())) return;
      problems.failed.push(`${req.failure()?.errorText || 'failed'} ${req.url().replace(origin, '')} (at ${width} px)`);
    });

    const res = await page.goto(pageUrl, { waitUntil: 'load' });
    await page.evaluate(() => document.fonts && document.fonts.ready).catch(() => {});
    const r = { status: res ? res.status() : null };
    lang = await page.evaluate(() => document.documentElement.getAttribute('lang'));

    r.overflow = await page.evaluate((w) => {
      const sw = document.documentElement.scrollWidth;
      const culprits = [];
      if (sw > w) {
        const describe = (el) => {
          let s = el.tagName.toLowerCase();
          if (el.id) s += '#' + el.id;
          if (el.classList.length) s += '.' + [...el.classList].join('.');
          return s;
        };
        for (const el of document.body.querySelectorAll('*')) {
          const rect = el.getBoundingClientRect();
          if (rect.width > 0 && rect.right > w + 0.5) {
            // report the outermost overflowing elements only
            const p = el.parentElement;
            const pr = p ? p.getBoundingClientRect() : null;
            if (!pr || pr.right <= w + 0.5) {
              const path = [];
              for (let e = el; e && e !== document.body; e = e.parentElement) path.unshift(describe(e));
              culprits.push(`${path.slice(-4).join(' > ')} (right edge ${Math.round(rect.right)} px, width ${Math.round(rect.width)} px)`);
            }
          }
          if (culprits.length >= 8) break;
        }
      }
      return { scrollWidth: sw, culprits };
    }, width);

    if (screenshots) {
      const file = path.join(opts.shots, `${kind}-${width}.png`);
      await page.screenshot({ path: file, fullPage: true });
      r.shot = file;
    }

    if (axe) {
      await page.addScriptTag({ path: require.resolve('axe-core/axe.min.js') });
      r.axe = await page.evaluate(async (tags) => {
        // Default rule set, plus every non-experimental WCAG 2 A/AA rule
        // (some are off by default).
        const rules = {};
        for (const rule of window.axe.getRules(tags)) {
          if (!rule.tags.includes('experimental') && !rule.tags.includes('deprecated')) rules[rule.ruleId] = { enabled: true };
        }
        const out = await window.axe.run(document, { rules, resultTypes: ['violations', 'incomplete'] });
        const slim = (list) => list.map((v) => ({
          id: v.id,
          impact: v.impact,
          help: v.help,
          helpUrl: v.helpUrl,
          nodes: v.nodes.map((n) => ({ target: n.target.join(' '), summary: n.failureSummary, html: n.html })),
        }));
        return { violations: slim(out.violations), incomplete: slim(out.incomplete), version: window.axe.version };
      }, WCAG_TAGS);
    }
    if (width === 1280) await fontCoverage(context, page, urlPath);
    perWidth[width] = r;
    await context.close();
  }
  return { problems, perWidth, lang };
}

// Vietnamese letters: every vowel with every tone mark, đ, in both cases.
const VI_LETTERS = (() => {
  const vowels = ['a', 'ă', 'â', 'e', 'ê', 'i', 'o', 'ô', 'ơ', 'u', 'ư', 'y'];
  const tones = ['', '\u0300', '\u0301', '\u0309', '\u0303', '\u0323'];
  const out = ['đ'];
  for (const v of vowels) for (const t of tones) out.push((v + t).normalize('NFC'));
  return [...out, ...out.map((c) => c.toUpperCase())];
})();
const fontStacksSeen = new Map(); // font-family stack -> result

// Warns (does not fail) when a font stack used for text on the page resolves
// to a font that lacks Vietnamese letters, so that the browser mixes in
// glyphs from a fallback font. Which fonts are installed decides this, so it
// is reported for the machine the suite runs on.
async function fontCoverage(context, page, urlPath) {
  const stacks = await page.evaluate(() => {
    const out = {};
    const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
    for (let n = walker.nextNode(); n; n = walker.nextNode()) {
      if (!/[^\s\u0000-\u007f]/.test(n.data)) continue;
      const el = n.parentElement;
      const cs = getComputedStyle(el);
      if (cs.display === 'none' || cs.visibility === 'hidden') continue;
      const key = cs.fontFamily;
      if (!(key in out)) {
        let sel = el.tagName.toLowerCase();
        // getAttribute, not className: on SVG elements className is an
        // SVGAnimatedString, not a string.
        const classes = (e) => (e.getAttribute('class') || '').trim().split(/\s+/).filter(Boolean);
        if (classes(el).length) sel += '.' + classes(el).join('.');
        const p = el.closest('[class]');
        if (p && p !== el && classes(p).length) sel = `.${classes(p)[0]} ${sel}`;
        out[key] = { sel, weight: cs.fontWeight, style: cs.fontStyle };
      }
    }
    return out;
  });
  const todo = Object.entries(stacks).filter(([k]) => !fontStacksSeen.has(k));
  if (!todo.length) return;
  const cdp = await context.newCDPSession(page);
  try {
    await cdp.send('DOM.enable');
    await cdp.send('CSS.enable');
    for (const [stack, where] of todo) {
      // One probe span per letter, laid out off screen in that font stack.
      await page.evaluate(({ stack, letters, where }) => {
        const box = document.createElement('div');
        box.id = '__kheo_font_probe';
        box.setAttribute('aria-hidden', 'true');
        box.style.cssText = 'position:absolute;left:-10000px;top:0;white-space:nowrap';
        box.style.fontFamily = stack;
        box.style.fontWeight = where.weight;
        box.style.fontStyle = where.style;
        for (const ch of letters) {
          const s = document.createElement('span');
          s.textContent = ch;
          box.appendChild(s);
        }
        document.body.appendChild(box);
      }, { stack, letters: VI_LETTERS, where });
      const { root } = await cdp.send('DOM.getDocument', { depth: 0 });
      const { nodeIds } = await cdp.send('DOM.querySelectorAll', { nodeId: root.nodeId, selector: '#__kheo_font_probe > span' });
      const missing = [];
      const fallbacks = new Set();
      let main = null;
      const perLetter = [];
      for (let i = 0; i < nodeIds.length; i++) {
        const { fonts } = await cdp.send('CSS.getPlatformFontsForNode', { nodeId: nodeIds[i] });
        const name = fonts[0]?.familyName || '?';
        perLetter.push(name);
      }
      // The stack's own font is the one that draws a plain Latin letter.
      main = perLetter[VI_LETTERS.indexOf('a')];
      perLetter.forEach((f, i) => {
        if (f !== main) {
          missing.push(VI_LETTERS[i]);
          fallbacks.add(f);
        }
      });
      await page.evaluate(() => document.getElementById('__kheo_font_probe')?.remove());
      const res = { main, missing, fallbacks: [...fallbacks] };
      fontStacksSeen.set(stack, res);
      if (missing.length) {
        warn(`font: on ${urlPath} (${where.sel}), the stack ${stack} resolves to "${main}", which lacks ${missing.length} Vietnamese letters (${missing.join('')}); they are drawn in ${res.fallbacks.map((f) => `"${f}"`).join(', ')}: mixed typefaces within words`);
      } else {
        info(`font stack ${stack} → "${main}" covers Vietnamese`);
      }
    }
  } finally {
    await cdp.detach().catch(() => {});
  }
}

function reportKind(kind, urlPath, expectStatus, out, { screenshots, axe }) {
  const label = `${kind} ${urlPath}`;
  const statuses = Object.entries(out.perWidth).map(([w, r]) => [w, r.status]);
  const badStatus = statuses.filter(([, s]) => s !== expectStatus);
  check(`${label}: answers ${expectStatus}`, badStatus.length === 0,
    badStatus.map(([w, s]) => `status ${s} at ${w} px`));
  check(`${label}: no console or page errors`, out.problems.console.length === 0, dedupe(out.problems.console));
  check(`${label}: no failed requests`, out.problems.failed.length === 0, dedupe(out.problems.failed));
  check(`${label}: no request to a non-loopback host`, out.problems.external.length === 0, dedupe(out.problems.external));
  check(`${label}: <html lang="${opts.lang}">`, out.lang === opts.lang, [`lang is ${JSON.stringify(out.lang)}`]);
  for (const [w, r] of Object.entries(out.perWidth)) {
    const ok = r.overflow.scrollWidth <= Number(w);
    check(`${label}: no horizontal overflow at ${w} px`, ok,
      [`document scrollWidth ${r.overflow.scrollWidth} px > ${w} px`, ...r.overflow.culprits.map((c) => `overflowing: ${c}`)]);
  }
  if (axe) {
    for (const [w, r] of Object.entries(out.perWidth)) {
      const details = [];
      for (const v of r.axe.violations) {
        details.push(`[${v.id}] impact=${v.impact}: ${v.help} (${v.helpUrl})`);
        for (const n of v.nodes.slice(0, 10)) {
          details.push(`    target: ${n.target}`);
          details.push(`      html: ${n.html.replace(/\s+/g, ' ').slice(0, 200)}`);
          if (n.summary) details.push(`      ${n.summary.replace(/\s*\n\s*/g, ' | ').slice(0, 300)}`);
        }
        if (v.nodes.length > 10) details.push(`    … and ${v.nodes.length - 10} more nodes`);
      }
      check(`${label}: axe-core, zero violations at ${w} px`, r.axe.violations.length === 0, details);
      if (r.axe.incomplete.length) {
        info(`axe "needs review" at ${w} px (not failures): ${r.axe.incomplete.map((v) => `${v.id}×${v.nodes.length}`).join(', ')}`);
      }
    }
  }
  if (screenshots) {
    const shots = Object.values(out.perWidth).map((r) => r.shot).filter(Boolean);
    const missing = shots.filter((f) => !fs.existsSync(f));
    check(`${label}: screenshots ${shots.map((f) => path.basename(f)).join(', ')}`, missing.length === 0 && shots.length === 2,
      missing.map((f) => `missing ${f}`));
  }
}

function dedupe(list) {
  return [...new Set(list)];
}

// -------------------------------------------------------------------- vnu --
async function listFiles(dir, ext) {
  const out = [];
  const walk = async (d) => {
    for (const e of await fsp.readdir(d, { withFileTypes: true })) {
      const p = path.join(d, e.name);
      if (e.isDirectory()) await walk(p);
      else if (e.isFile() && p.toLowerCase().endsWith(ext)) out.push(p);
    }
  };
  await walk(dir);
  return out.sort();
}

function runVnu(files) {
  const jar = String(require('vnu-jar'));
  return new Promise((resolve) => {
    execFile(opts.java, ['-jar', jar, '--errors-only', '--format', 'json', ...files],
      { maxBuffer: 256 * 1024 * 1024 },
      (error, stdout, stderr) => {
        let json = null;
        try {
          json = JSON.parse(stderr || stdout);
        } catch { /* reported below */ }
        resolve({ error, json, stderr, stdout });
      });
  });
}

// ------------------------------------------------------------------- main --
async function main() {
  if (!fs.existsSync(path.join(opts.site, 'index.html'))) {
    check(`site ${opts.site} has an index.html`, false, ['build the site first']);
    return;
  }
  await fsp.mkdir(opts.shots, { recursive: true });

  const server = await startServer(opts.site);
  const origin = `http://127.0.0.1:${server.address().port}`;
  console.log(`kheo browser tests — site ${opts.site}, served at ${origin}`);
  console.log(`screenshots into ${opts.shots}`);

  try {
    // --- crawl
    section('crawl: every internal link and asset answers 200');
    const t0 = Date.now();
    const baseUrl = await findBaseUrl(origin);
    if (baseUrl) info(`base URL of the published site (from the home canonical link): ${baseUrl}`);
    const c = makeCrawler(origin, baseUrl);
    await c.run(['/'], '(start)');
    // HTML files of the build that no page links to: reported, and crawled
    // too so that their own links are checked.
    const htmlFiles = await listFiles(opts.site, '.html');
    const reached = new Set([...c.pages.keys()].map((u) => u.replace(/\?.*$/, '')));
    const orphans = htmlFiles
      .map((f) => '/' + path.relative(opts.site, f).split(path.sep).join('/'))
      .map((p) => p.replace(/(^|\/)index\.html$/, '$1'))
      .filter((p) => !reached.has(p) && p !== '/404.html');
    await c.run(orphans, '(not linked from any page; found in the output folder)');
    const urls = [...c.status.keys()].sort();
    if (opts.only.has('crawl')) for (const u of urls) {
      const s = c.status.get(u);
      const from = [...(c.foundOn.get(u) || [])].sort();
      const where = from.length > 3 ? `${from.slice(0, 3).join(', ')} and ${from.length - 3} more` : from.join(', ');
      const details = [];
      if (s.status !== 200) {
        details.push(`status ${s.status}${s.location ? ` → ${s.location}` : ''}`);
        details.push(`found on: ${where}`);
      }
      check(`GET ${u}`, s.status === 200, details);
    }
    info(`${urls.length} internal URLs, ${c.pages.size} HTML pages, ${c.externalLinks.size} external links (not fetched), ${Date.now() - t0} ms`);

    // In-page targets of internal links with a #fragment.
    const badFrags = [];
    for (const f of c.fragments) {
      const target = c.pages.get(f.target);
      if (!target) continue; // non-HTML or broken: reported above
      if (f.frag === 'top') continue;
      if (!target.ids.has(f.frag)) badFrags.push(`${f.target}#${f.frag} (linked from ${f.from}): no element with that id`);
    }
    if (opts.only.has('crawl')) {
      check('every #fragment of an internal link has a target', badFrags.length === 0, dedupe(badFrags));
      check('no page loads a script, stylesheet, image, font or icon from another host', c.externalAssets.length === 0,
        dedupe(c.externalAssets.map((a) => `${a.page}: ${a.tag} ${a.url}`)));
    }

    if (orphans.length) info(`HTML pages no page links to (not failures; their links were checked too): ${orphans.join(', ')}`);

    if (opts.only.has('browser')) await browserChecks(origin, c);
    if (opts.only.has('vnu')) await vnuChecks(htmlFiles);
  } finally {
    server.close();
  }
}

async function browserChecks(origin, c) {
  // --- page kinds
  section('page kinds in Chromium (360 px and 1280 px)');
  const pagesList = [...c.pages.keys()].filter((u) => c.status.get(u).status === 200);
  const pickWhere = (pred) => {
    // the largest matching page: the richest example of its kind
    const cands = pagesList.filter((u) => pred(u, c.pages.get(u)));
    cands.sort((a, b) => c.pages.get(b).size - c.pages.get(a).size || a.localeCompare(b));
    return cands[0] || null;
  };
  const pick = (re) => pickWhere((u) => re.test(u));
  const kinds = [
    ['home', '/', true],
    ['model', pick(new RegExp(`^/${SEG.model}/[^/]+/$`)), true],
    ['model-cover', pickWhere((u, p) => p.kind === 'model' && p.cover), false],
    ['fields-index', pick(new RegExp(`^/${SEG.field}/$`)), true],
    ['field', pick(new RegExp(`^/${SEG.field}/[^/]+/$`)), true],
    ['units-index', pick(new RegExp(`^/${SEG.unit}/$`)), false],
    ['unit', pick(new RegExp(`^/${SEG.unit}/[^/]+/$`)), true],
    ['years-index', pick(new RegExp(`^/${SEG.year}/$`)), false],
    ['year', pick(new RegExp(`^/${SEG.year}/[^/]+/$`)), true],
    ['localities-index', pick(new RegExp(`^/${SEG.locality}/$`)), false],
    ['locality', pick(new RegExp(`^/${SEG.locality}/[^/]+/$`)), false],
    ['paginated', pick(new RegExp(`^/(${SEG.field}|${SEG.unit}|${SEG.year}|${SEG.locality})/[^/]+/.+/$`)), false],
    ['statistics', pick(new RegExp(`^/${SEG.stats}/$`)), false],
    ['search', pick(new RegExp(`^/${SEG.search}/$`)), false],
    ['booklet', pick(new RegExp(`^/${SEG.booklet}/$`)), false],
    ['static', pick(new RegExp(`^/${SEG.about}/$`)) || pickWhere((u, p) => p.kind === 'page'), true],
    ['not-found', MISSING_PATH, true],
  ];
  for (const k of kinds) if (opts.require.has(k[0])) k[2] = true;
  const unknown = [...opts.require].filter((r) => !kinds.some(([k]) => k === r));
  if (unknown.length) check('--require names known page kinds', false, [`unknown: ${unknown.join(', ')}`]);
  const absent = kinds.filter(([, u, req]) => !u && !req).map(([k]) => k);
  if (absent.length) info(`page kinds not in this build (skipped): ${absent.join(', ')}`);

  const { chromium } = await import('playwright-core');
  const browser = await chromium.launch({
    executablePath: opts.chromium,
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update',
      '--disable-sync', '--no-first-run', '--disable-quic'],
  });
  info(`Chromium ${browser.version()}, axe-core ${require('axe-core/package.json').version}`);
  const covered = new Set();
  try {
    for (const [kind, u, required] of kinds) {
      if (!u) {
        if (required) check(`page kind "${kind}" found by the crawl`, false, ['no such page is linked from the site']);
        continue;
      }
      covered.add(u);
      const expectStatus = kind === 'not-found' ? 404 : 200;
      const out = await inspect(browser, origin, kind, u, { screenshots: true, axe: true, expectStatus });
      reportKind(kind, u, expectStatus, out, { screenshots: true, axe: true });
      if (kind === 'model') await printChecks(browser, origin, kind, u, c.baseUrl);
    }
    await feedChecks(browser, origin, c);
    if (opts.allPages) {
      section('every other page in Chromium (--all-pages)');
      for (const u of pagesList.sort()) {
        if (covered.has(u)) continue;
        const out = await inspect(browser, origin, 'page', u, { screenshots: false, axe: true, expectStatus: 200 });
        reportKind('page', u, 200, out, { screenshots: false, axe: true });
      }
    }
  } finally {
    await browser.close();
  }
}

// The print stylesheet: no navigation, header, footer or button on paper; the
// article stays; a link within the site shows its URL, absolute when the
// site has a base URL (style.css reads --origin, which base.html sets).
async function printChecks(browser, origin, kind, urlPath, baseUrl) {
  const label = `${kind} ${urlPath} printed`;
  const context = await browser.newContext({ viewport: { width: 800, height: 1100 }, deviceScaleFactor: 1 });
  try {
    const page = await context.newPage();
    await page.goto(origin + urlPath, { waitUntil: 'load' });
    await page.emulateMedia({ media: 'print' });
    const r = await page.evaluate(() => {
      const shown = (el) => el.getClientRects().length > 0 && getComputedStyle(el).visibility !== 'hidden';
      const describe = (el) => el.tagName.toLowerCase() + (el.getAttribute('class') ? '.' + el.getAttribute('class').trim().split(/\s+/).join('.') : '');
      const hideable = [...document.querySelectorAll('nav, header.site-header, footer, form, button, .skip')];
      const link = document.querySelector('.prose a[href^="/"]:not([href^="//"])');
      return {
        visible: hideable.filter(shown).map(describe),
        checked: hideable.length,
        title: !!document.querySelector('h1') && shown(document.querySelector('h1')),
        link: link ? { href: link.getAttribute('href'), after: getComputedStyle(link, '::after').content } : null,
      };
    });
    await page.screenshot({ path: path.join(opts.shots, `${kind}-print.png`), fullPage: true });
    check(`${label}: navigation, header, footer, forms and buttons are hidden (${r.checked} elements)`,
      r.checked > 0 && r.visible.length === 0, r.visible.map((v) => `still shown: ${v}`));
    check(`${label}: the title is shown`, r.title);
    if (!r.link) {
      info(`${label}: no site-internal link in the text to check`);
    } else {
      // Chromium resolves attr() and var() in the computed value: " (https://host/x/)".
      const want = (baseUrl ? baseUrl.replace(/^(\w+:\/\/[^/]+).*$/, '$1') : '') + r.link.href;
      check(`${label}: a link shows its URL ${want}`, r.link.after.includes(want),
        [`a[href="${r.link.href}"]::after content is ${r.link.after}`]);
    }
  } finally {
    await context.close();
  }
}

// Every feed.xml the crawl reached parses as Atom (the browser's own XML
// parser); in the feed of one field, every entry has that one category.
async function feedChecks(browser, origin, c) {
  const feeds = [...c.status.keys()].filter((u) => /(^|\/)feed\.xml$/.test(u) && c.status.get(u).status === 200).sort();
  check('the crawl reached the site feed /feed.xml', feeds.includes('/feed.xml'));
  const context = await browser.newContext();
  try {
    const page = await context.newPage();
    await page.goto(origin + '/', { waitUntil: 'load' });
    for (const u of feeds) {
      const r = await page.evaluate(async (url) => {
        const text = await (await fetch(url)).text();
        const doc = new DOMParser().parseFromString(text, 'application/xml');
        const err = doc.querySelector('parsererror');
        if (err) return { error: err.textContent.slice(0, 300) };
        const NS = 'http://www.w3.org/2005/Atom';
        const root = doc.documentElement;
        const kids = (el, name) => [...el.children].filter((k) => k.namespaceURI === NS && k.localName === name);
        const problems = [];
        if (root.namespaceURI !== NS || root.localName !== 'feed') problems.push(`root is <${root.tagName}> in ${root.namespaceURI}`);
        for (const n of ['id', 'title', 'updated']) if (kids(root, n).length !== 1) problems.push(`feed has ${kids(root, n).length} <${n}>`);
        if (!kids(root, 'link').some((l) => l.getAttribute('rel') === 'self')) problems.push('feed has no <link rel="self">');
        const entries = kids(root, 'entry');
        const cats = new Set();
        entries.forEach((e, i) => {
          for (const n of ['id', 'title', 'updated']) if (kids(e, n).length !== 1) problems.push(`entry ${i + 1} has ${kids(e, n).length} <${n}>`);
          if (!kids(e, 'link').some((l) => l.getAttribute('href'))) problems.push(`entry ${i + 1} has no link`);
          for (const cat of kids(e, 'category')) cats.add(cat.getAttribute('term'));
        });
        return { problems, entries: entries.length, cats: [...cats] };
      }, u);
      if (r.error) {
        check(`feed ${u}: well-formed XML`, false, [r.error]);
        continue;
      }
      check(`feed ${u}: Atom with ${r.entries} entries`, r.problems.length === 0 && r.entries > 0, r.problems);
      if (u !== '/feed.xml') {
        check(`feed ${u}: every entry in one field`, r.cats.length === 1, [`categories: ${r.cats.join(' | ')}`]);
      }
    }
  } finally {
    await context.close();
  }
}

async function vnuChecks(htmlFiles) {
  // --- Nu Html Checker
  section('Nu Html Checker (vnu.jar --errors-only) over every .html file');
  const t1 = Date.now();
  const byFile = new Map(htmlFiles.map((f) => [f, []]));
  const other = [];
  for (let i = 0; i < htmlFiles.length; i += 400) {
    const chunk = htmlFiles.slice(i, i + 400);
    const r = await runVnu(chunk);
    if (!r.json) {
      other.push(`vnu did not produce JSON: ${(r.error?.message || '').slice(0, 300)} ${(r.stderr || '').slice(0, 500)}`);
      for (const f of chunk) byFile.get(f).push('not checked');
      continue;
    }
    for (const m of r.json.messages || []) {
      if (m.type === 'info') continue;
      const file = m.url ? decodeURIComponent(m.url.replace(/^file:(\/\/)?/, '')) : null;
      const where = m.lastLine ? `line ${m.firstLine ?? m.lastLine}${m.firstColumn ? `:${m.firstColumn}` : ''}` : '';
      const text = `${m.type}${m.subType ? `/${m.subType}` : ''} ${where}: ${m.message}${m.extract ? ` — “${m.extract.replace(/\s+/g, ' ').trim().slice(0, 160)}”` : ''}`;
      const key = file && byFile.has(file) ? file : [...byFile.keys()].find((f) => file && file.endsWith(f));
      if (key) byFile.get(key).push(text);
      else other.push(`${m.url || '(no file)'}: ${text}`);
    }
  }
  for (const [f, msgs] of byFile) {
    check(`vnu ${path.relative(opts.site, f)}`, msgs.length === 0, msgs);
  }
  if (other.length) check('vnu ran cleanly', false, other);
  info(`${htmlFiles.length} HTML files checked in ${Date.now() - t1} ms`);
}

let crashed = null;
try {
  await main();
} catch (e) {
  crashed = e;
  check('harness ran to the end', false, [String(e && e.stack || e)]);
}
const passed = results.filter((r) => r.ok).length;
const failed = results.length - passed;
section('summary');
const failures = results.filter((r) => !r.ok);
if (failures.length) {
  console.log('failed checks:');
  for (const r of failures) console.log(`  - ${r.name}`);
}
if (warnings.length) {
  console.log(`warnings (not counted as failures): ${warnings.length}`);
  for (const w of warnings) console.log(`  - ${w}`);
}
console.log(`time: ${((Date.now() - started) / 1000).toFixed(1)} s; screenshots: ${opts.shots}`);
console.log(`${passed} passed, ${failed} failed`);
process.exitCode = failed > 0 || crashed ? 1 : 0;
