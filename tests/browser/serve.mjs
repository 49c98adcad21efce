#!/usr/bin/env node
// `kheo serve` in a real browser: an open page follows the editor's saves.
//
//   node serve.mjs --kheo BIN --site FIXTURE --model REL --url PATH --shots DIR
//                  [--lang vi|en] [--chromium PATH]
//
// 1. Copies FIXTURE (a site folder) to a temporary folder and starts
//    `kheo serve --port 0` on it.
// 2. Opens PATH in headless Chromium at 360 px, changes the model file REL,
//    and waits for the page to reload by itself and show the new text.
// 3. Breaks the model's front matter (`year: "2021-2024"`) and waits for the
//    error overlay: role alertdialog, the file, the line, the message and the
//    hint, in the site's language (the diagnostic's Vietnamese text on a
//    Vietnamese site, its English one on an English site, `code` as code);
//    the page underneath is the last good one;
//    axe-core finds no violation; nothing overflows 360 px; the close button
//    hides it. Reloaded by hand, the page shows the overlay again.
// 4. Fixes the file and waits for the page to reload without the overlay.
// The last line printed is exactly `N passed, M failed`; exit 1 when M > 0.

import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { spawn } from 'node:child_process';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
const WAIT = 60_000;
const WCAG_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22a', 'wcag22aa'];

function parseArgs(argv) {
  const opts = { kheo: null, site: null, model: null, url: null, shots: null, lang: 'vi', chromium: process.env.CHROMIUM || '/usr/bin/chromium' };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const val = () => argv[++i];
    if (a === '--kheo') opts.kheo = val();
    else if (a === '--site') opts.site = val();
    else if (a === '--model') opts.model = val();
    else if (a === '--url') opts.url = val();
    else if (a === '--shots') opts.shots = val();
    else if (a === '--lang') opts.lang = val();
    else if (a === '--chromium') opts.chromium = val();
    else {
      console.error(`serve.mjs: unknown argument ${a}`);
      process.exit(2);
    }
  }
  for (const k of ['kheo', 'site', 'model', 'url', 'shots']) {
    if (!opts[k]) {
      console.error(`serve.mjs: --${k} is required`);
      process.exit(2);
    }
  }
  return opts;
}
const opts = parseArgs(process.argv.slice(2));

// The overlay's chrome, and the diagnostic of `year: "2021-2024"` in the
// site's language (code spans show as code, so without their backticks).
const STRINGS = {
  vi: {
    title: 'Không dựng được trang: 1 lỗi', line: 'dòng 4, cột 7', hint: 'Cách sửa:', close: 'Đóng',
    message: 'Năm (year) phải là một số từ 1900 đến ',
    fix: 'Mỗi mô hình chỉ có một năm: hãy ghi năm mô hình được công nhận, ví dụ year: 2024',
    other: 'year must be a number',
  },
  en: {
    title: 'The site could not be built: 1 error', line: 'line 4, column 7', hint: 'How to fix:', close: 'Close',
    message: 'Year must be a number between 1900 and ',
    fix: 'A model has one year: the year it was recognised, e.g. year: 2024',
    other: 'phải là một số',
  },
}[opts.lang];

const results = [];
function check(name, ok, details = []) {
  results.push(ok);
  console.log(`${ok ? 'ok  ' : 'FAIL'} ${name}`);
  if (!ok) for (const d of details) console.log(`       ${d}`);
  return ok;
}
function info(msg) {
  console.log(`     · ${msg}`);
}

// Starts `kheo serve` and resolves with its address once it serves.
function startServe(root) {
  const child = spawn(opts.kheo, ['serve', '--root', root, '--port', '0'], {
    env: { ...process.env, NO_COLOR: '1' },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  const log = [];
  return new Promise((resolve, reject) => {
    let buf = '';
    const timer = setTimeout(() => reject(new Error(`kheo serve did not start:\n${log.join('\n')}`)), WAIT);
    child.stderr.setEncoding('utf8');
    child.stderr.on('data', (chunk) => {
      buf += chunk;
      let i;
      while ((i = buf.indexOf('\n')) >= 0) {
        const line = buf.slice(0, i);
        buf = buf.slice(i + 1);
        log.push(line);
        const m = /^serving the site at (http:\/\/127\.0\.0\.1:\d+)\//.exec(line);
        if (m) {
          clearTimeout(timer);
          resolve({ child, origin: m[1], log });
        }
      }
    });
    child.on('exit', (code) => reject(new Error(`kheo serve exited with ${code}:\n${log.join('\n')}`)));
  });
}

// Polls `fn` in the page until it returns a truthy value; survives the page's own reloads.
async function waitInPage(page, fn, arg) {
  const deadline = Date.now() + WAIT;
  for (;;) {
    try {
      const v = await page.evaluate(fn, arg);
      if (v) return v;
    } catch { /* the page is reloading */ }
    if (Date.now() > deadline) return null;
    await new Promise((r) => setTimeout(r, 25));
  }
}

// What the overlay shows, read through its shadow root; null when absent.
function readOverlay() {
  const host = document.getElementById('kheo-live-errors');
  if (!host || !host.shadowRoot) return null;
  const box = host.shadowRoot.querySelector('[role="alertdialog"]');
  const title = host.shadowRoot.getElementById(box.getAttribute('aria-labelledby'));
  const rect = box.getBoundingClientRect();
  return {
    role: box.getAttribute('role'),
    title: title ? title.textContent : null,
    text: box.textContent,
    codes: [...box.querySelectorAll('code')].map((c) => c.textContent),
    width: rect.width,
    scrollWidth: document.documentElement.scrollWidth,
    focused: host.shadowRoot.activeElement === box,
  };
}

async function main() {
  fs.mkdirSync(opts.shots, { recursive: true });
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'kheo-serve-browser-'));
  const root = path.join(tmp, 'site');
  fs.cpSync(opts.site, root, { recursive: true });
  const modelPath = path.join(root, opts.model);
  const original = fs.readFileSync(modelPath, 'utf8');
  const { chromium } = await import('playwright-core');
  const { child, origin, log } = await startServe(root);
  console.log(`kheo serve at ${origin}, site ${opts.site} copied to ${root}`);
  let browser = null;
  try {
    browser = await chromium.launch({
      executablePath: opts.chromium,
      args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
    });
    const context = await browser.newContext({ viewport: { width: 360, height: 800 }, deviceScaleFactor: 1 });
    const page = await context.newPage();
    const problems = [];
    page.on('console', (msg) => {
      if (msg.type() === 'error') problems.push(`console.error: ${msg.text()}`);
    });
    page.on('pageerror', (err) => problems.push(`page error: ${err.message}`));
    page.on('request', (req) => {
      const host = new URL(req.url()).hostname;
      if (host !== '127.0.0.1') problems.push(`request to another host: ${req.url()}`);
    });

    // --- 1. a save reloads the page by itself
    const channel = page.waitForResponse((r) => r.url() === `${origin}/__kheo/events` && r.status() === 200, { timeout: WAIT })
      .then(() => true, () => false);
    const res = await page.goto(origin + opts.url, { waitUntil: 'load' });
    check(`${opts.url} answers 200`, res && res.status() === 200, [`status ${res && res.status()}`]);
    // A mark that only a reload (not ours: we never navigate again) removes.
    await page.evaluate(() => { window.kheoTestMark = true; });
    // The page is listening before the save (a save before would reload it too, on connecting).
    check('the page opens the reload channel /__kheo/events', await channel);
    const added = `Đoạn văn thêm lúc ${Date.now()}.`;
    const saved = Date.now();
    fs.writeFileSync(modelPath, `${original}\n${added}\n`);
    const shown = await waitInPage(page, (text) => !window.kheoTestMark && document.body.innerText.includes(text), added);
    const latency = Date.now() - saved;
    check('after a save, the open page reloads by itself and shows the new text', !!shown,
      [`not shown within ${WAIT} ms; serve said:`, ...log.slice(-5)]);
    info(`save → new text on screen: ${latency} ms (small site, a busy machine counts too)`);

    // --- 2. a broken front matter shows the overlay over the last good page
    await page.evaluate(() => { window.kheoTestMark = true; });
    fs.writeFileSync(modelPath, original.replace(/^year: .*$/m, 'year: "2021-2024"') + `\n${added}\n`);
    const overlay = await waitInPage(page, readOverlay);
    check('a broken save shows the error overlay on the open page', !!overlay, ['no #kheo-live-errors', ...log.slice(-5)]);
    if (overlay) {
      const wantFile = opts.model.split(path.sep).join('/');
      check('the overlay is an alert dialog titled with the error count', overlay.role === 'alertdialog' && overlay.title === STRINGS.title,
        [`role ${overlay.role}, title ${JSON.stringify(overlay.title)}`]);
      check(`the overlay names the file, the line, the message and the fix (${opts.lang})`,
        overlay.text.includes(wantFile) && overlay.text.includes(STRINGS.line) && overlay.text.includes(STRINGS.hint),
        [overlay.text]);
      check(`the overlay's message and fix are in the site's language (${opts.lang})`,
        overlay.text.includes(STRINGS.message) && overlay.text.includes(STRINGS.fix) && !overlay.text.includes(STRINGS.other),
        [overlay.text]);
      check('the keys the message names are shown as code', overlay.codes.includes('year: 2024'), [JSON.stringify(overlay.codes)]);
      check('the overlay takes the focus', overlay.focused);
      check('the overlay fits 360 px', overlay.width <= 360 && overlay.scrollWidth <= 360, [`box ${overlay.width} px, page ${overlay.scrollWidth} px`]);
      const still = await page.evaluate((text) => !!window.kheoTestMark && document.body.innerText.includes(text), added);
      check('the last good page stays underneath (not reloaded)', still);
      await page.screenshot({ path: path.join(opts.shots, `serve-overlay-${opts.lang}-360.png`) });
      await page.addScriptTag({ path: require.resolve('axe-core/axe.min.js') });
      const axe = await page.evaluate(async (tags) => {
        const rules = {};
        for (const rule of window.axe.getRules(tags)) {
          if (!rule.tags.includes('experimental') && !rule.tags.includes('deprecated')) rules[rule.ruleId] = { enabled: true };
        }
        const out = await window.axe.run(document, { rules, resultTypes: ['violations'] });
        return out.violations.map((v) => `${v.id}: ${v.help} — ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
      }, WCAG_TAGS);
      check('axe-core: no violation on the page with the overlay', axe.length === 0, axe);
      await page.evaluate(() => document.getElementById('kheo-live-errors').shadowRoot.querySelector('button').click());
      check(`the "${STRINGS.close}" button hides the overlay`, (await page.evaluate(readOverlay)) === null);
      // Opened (or reloaded) while the error is pending, a page shows it at once.
      await page.reload({ waitUntil: 'load' });
      check('a page loaded while the error is pending shows the overlay', !!(await waitInPage(page, readOverlay)));
    }

    // --- 3. fixing the file clears the overlay
    await page.evaluate(() => { window.kheoTestMark = true; });
    const fixed = `Đã sửa lúc ${Date.now()}.`;
    fs.writeFileSync(modelPath, `${original}\n${fixed}\n`);
    const cleared = await waitInPage(page, (text) => !window.kheoTestMark && document.body.innerText.includes(text)
      && !document.getElementById('kheo-live-errors'), fixed);
    check('fixing the file reloads the page without the overlay', !!cleared, log.slice(-5));
    check('no console error, page error or request to another host', problems.length === 0, problems);
  } finally {
    if (browser) await browser.close();
    child.kill('SIGINT');
    await new Promise((r) => child.once('exit', r));
    fs.rmSync(tmp, { recursive: true, force: true });
  }
}

try {
  await main();
} catch (e) {
  check('harness ran to the end', false, [String((e && e.stack) || e)]);
}
const passed = results.filter(Boolean).length;
const failed = results.length - passed;
console.log(`${passed} passed, ${failed} failed`);
process.exitCode = failed > 0 ? 1 : 0;
