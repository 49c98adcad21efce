// kheo serve: reloads this page when the site is rebuilt and shows the
// errors of a failed build over it. Added by `kheo serve` to the pages it
// serves; never part of a built site. No dependency, nothing from another host.
(() => {
  'use strict';
  const script = document.currentScript;
  const build = script ? script.dataset.build || '' : '';
  const en = /^en\b/i.test(document.documentElement.lang || '');
  const T = en ? {
    title: (n) => n === 1 ? 'The site could not be built: 1 error' : `The site could not be built: ${n} errors`,
    lead: 'Fix the file as shown below and save it: this page updates by itself. Until then, the last good version of the site is shown underneath.',
    error: 'Error',
    warning: 'Warning',
    at: (line, col) => col ? `line ${line}, column ${col}` : `line ${line}`,
    hint: 'How to fix:',
    close: 'Close',
  } : {
    title: (n) => `Không dựng được trang: ${n} lỗi`,
    lead: 'Hãy sửa tệp theo chỉ dẫn dưới đây rồi lưu lại: trang này sẽ tự cập nhật. Trong lúc chờ, bên dưới vẫn là bản tốt gần nhất của trang.',
    error: 'Lỗi',
    warning: 'Cảnh báo',
    at: (line, col) => col ? `dòng ${line}, cột ${col}` : `dòng ${line}`,
    hint: 'Cách sửa:',
    close: 'Đóng',
  };

  const CSS = `
:host { all: initial; }
.box { position: fixed; inset: 0 0 auto 0; max-height: 100vh; overflow: auto; box-sizing: border-box;
  z-index: 2147483647; margin: 0; padding: 1rem; background: #fff; color: #1a1a1a;
  border-bottom: 4px solid #b00020; box-shadow: 0 4px 16px rgba(0,0,0,.35);
  font: 16px/1.5 system-ui, "Noto Sans", "Segoe UI", Arial, sans-serif; overflow-wrap: anywhere; }
.head { display: flex; gap: .75rem; align-items: flex-start; justify-content: space-between; }
h2 { margin: 0; font-size: 1.25rem; line-height: 1.3; color: #b00020; }
p { margin: .5rem 0; }
ol { margin: .75rem 0 0; padding: 0; list-style: none; }
li { margin: 0 0 .75rem; padding: .75rem; border: 1px solid #d0d0d0; border-left: 4px solid #b00020; border-radius: 4px; background: #fafafa; }
li.warning { border-left-color: #8a5a00; }
.where { font-weight: 600; }
code { font: .95em/1.4 ui-monospace, "Noto Sans Mono", monospace; background: #eee; padding: 0 .2em; border-radius: 3px; }
.sev { display: inline-block; margin-right: .4em; padding: 0 .4em; border-radius: 3px; background: #b00020; color: #fff; font-size: .85em; font-weight: 700; }
li.warning .sev { background: #7a4f00; }
.msg { margin: .25rem 0; }
.hint b { font-weight: 700; }
button { flex: none; font: inherit; font-weight: 600; min-height: 44px; min-width: 44px; padding: .25rem .9rem;
  color: #fff; background: #1a1a1a; border: 2px solid #1a1a1a; border-radius: 4px; cursor: pointer; }
button:focus-visible { outline: 3px solid #0b57d0; outline-offset: 2px; }
`;

  let host = null;

  function el(tag, attrs, ...kids) {
    const e = document.createElement(tag);
    for (const [k, v] of Object.entries(attrs || {})) e.setAttribute(k, v);
    for (const k of kids) e.append(k);
    return e;
  }

  // Each diagnostic comes in English (as the terminal prints it) and in
  // Vietnamese: the page's language picks, Vietnamese unless it is English.
  function text(d, key) {
    const vi = d[`${key}_vi`];
    return en || vi === undefined || vi === null ? d[key] : vi;
  }

  // Messages are written lower case, like a compiler's: a sentence on screen.
  function sentence(s) {
    return s ? s.charAt(0).toUpperCase() + s.slice(1) : s;
  }

  // The `quoted` parts of a text (keys, values, file names) shown as code.
  function rich(s) {
    const parts = String(s).split('`');
    if (parts.length % 2 === 0) return [s];
    return parts.map((p, i) => (i % 2 ? el('code', {}, p) : p)).filter((p) => p !== '');
  }

  function item(d) {
    const li = el('li', { class: d.severity });
    const where = el('p', { class: 'where' }, el('span', { class: 'sev' }, d.severity === 'error' ? T.error : T.warning));
    if (d.file) {
      where.append(el('code', {}, d.file));
      if (d.line) where.append(` — ${T.at(d.line, d.column)}`);
    }
    li.append(where, el('p', { class: 'msg' }, ...rich(sentence(text(d, 'message')))));
    for (const n of text(d, 'notes') || []) li.append(el('p', { class: 'note' }, ...rich(n)));
    const hint = text(d, 'hint');
    if (hint) li.append(el('p', { class: 'hint' }, el('b', {}, T.hint), ' ', ...rich(sentence(hint))));
    return li;
  }

  function show(diagnostics) {
    const errors = diagnostics.filter((d) => d.severity === 'error');
    if (!errors.length) return hide();
    hide();
    host = el('div', { id: 'kheo-live-errors' });
    const root = host.attachShadow({ mode: 'open' });
    const close = el('button', { type: 'button' }, T.close);
    close.addEventListener('click', hide);
    const box = el('div', {
      class: 'box', role: 'alertdialog', 'aria-modal': 'false',
      'aria-labelledby': 'kheo-title', 'aria-describedby': 'kheo-lead', tabindex: '-1',
    },
    el('div', { class: 'head' }, el('h2', { id: 'kheo-title' }, T.title(errors.length)), close),
    el('p', { id: 'kheo-lead' }, T.lead),
    el('ol', {}, ...errors.concat(diagnostics.filter((d) => d.severity !== 'error')).map(item)));
    root.append(el('style', {}, CSS), box);
    document.body.append(host);
    box.focus({ preventScroll: true });
  }

  function hide() {
    if (host) host.remove();
    host = null;
  }

  document.addEventListener('keydown', (e) => {
    if (e.key === 'Escape') hide();
  });

  const source = new EventSource('/__kheo/events');
  source.addEventListener('hello', (e) => {
    const s = JSON.parse(e.data);
    // Built while this page was away (or by an earlier run): fetch it again.
    if (s.build && s.build !== build) return location.reload();
    show(s.diagnostics);
  });
  source.addEventListener('reload', () => location.reload());
  source.addEventListener('errors', (e) => show(JSON.parse(e.data).diagnostics));
})();
