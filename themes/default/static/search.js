/* kheo search: Vietnamese-aware search over the static index that kheo
   writes under <search page>/index/ (see src/search/mod.rs for the files and
   the ranking; src/search/query.rs is the reference of `Engine` below, and
   src/search/text.rs of `words`). No dependencies, no build step; ES2017,
   plus the Unicode property escapes of ES2018 regular expressions.

   The engine fetches only what a query needs: the manifest, one shard per
   word (and a few completions of the word being typed, whose shards are
   asked for with the completion file), the pair shards
   for the phrase boost, the facets, and the store chunks of the results it
   shows; once the page is idle, ahead.json brings in one request what
   most queries need (completions, facets, the commonest lists), and one
   practice search over those lists compiles the scoring code. While the
   reader types, the next key is guessed and its query scored ahead, with
   the stored rows of its best results (guessAhead). The page
   part draws each result as soon as its stored document is in, and wires
   the engine to the form: ?q= and the filters live in
   the URL (replaceState while typing, pushState for each new search, so
   the back button steps through searches), the count is announced politely,
   and the arrow keys move between the box and the results. On another
   page, loaded by kheo.js once the reader is in a search box there, it
   fetches ahead what the search page will need, and keeps its first
   page of results for it (boxes). */
(function (global) {
  "use strict";

  // ------------------------------------------------------------- text --
  // Must match src/search/text.rs.
  var WORD = /[\p{Alphabetic}\p{N}\p{M}]+/gu;
  var WORD_END = /[\p{Alphabetic}\p{N}\p{M}]$/u;
  var MAX_WORD_CHARS = 40;

  function fold(s) {
    return s.normalize("NFD").replace(/[\u0300-\u036f]/g, "")
      .replace(/đ/g, "d").replace(/Đ/g, "D").normalize("NFC");
  }

  // Words of a text: {form (lower case), key (folded), brk, start, end}.
  function words(text) {
    var out = [];
    var cur = null;
    var lastEnd = -1;
    var m;
    function emit(c) {
      var raw = text.slice(c.start, c.end);
      var form = (c.joined ? raw.replace(/[.,]/g, "") : raw).toLowerCase();
      if (Array.from(form).length > MAX_WORD_CHARS) return;
      var brk = lastEnd < 0 || /\S/.test(text.slice(lastEnd, c.start));
      lastEnd = c.end;
      var key = fold(form);
      if (key) out.push({ form: form, key: key, brk: brk, start: c.start, end: c.end });
    }
    WORD.lastIndex = 0;
    while ((m = WORD.exec(text))) {
      var s = m.index;
      var e = s + m[0].length;
      if (cur && s === cur.end + 1 && (text[cur.end] === "." || text[cur.end] === ",") &&
          /[0-9]/.test(text[cur.end - 1]) && /[0-9]/.test(text[s])) {
        cur.end = e;
        cur.joined = true;
        continue;
      }
      if (cur) emit(cur);
      cur = { start: s, end: e, joined: false };
    }
    if (cur) emit(cur);
    return out;
  }

  function parseQuery(q, maxTerms) {
    var s = q.normalize("NFC");
    var ws = words(s);
    var prefix = ws.length <= maxTerms && WORD_END.test(s);
    return { words: ws.slice(0, maxTerms), prefix: prefix };
  }

  // ---------------------------------------------------------- decoding --
  var DIGITS = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz-_";
  var DIGIT = new Int8Array(128).fill(-1);
  for (var d = 0; d < 64; d++) DIGIT[DIGITS.charCodeAt(d)] = d;

  function numbers(s) {
    var out = new Int32Array(s.length);
    var count = 0;
    var n = 0;
    for (var i = 0; i < s.length; i++) {
      var v = DIGIT[s.charCodeAt(i)];
      n = n * 32 + (v & 31);
      if (v < 32) { out[count++] = n; n = 0; }
    }
    return out.subarray(0, count);
  }

  // Runs: "." then a count, then what repeats (see src/search/encode.rs).
  var RUN = 46;

  // Reads the number at s[at] and sets `after` to the index past it; a bad
  // number ends the string. (No array per number: lists are long.)
  var after = 0;
  function numberAt(s, at) {
    var n = 0;
    for (var i = at; i < s.length; i++) {
      var v = DIGIT[s.charCodeAt(i)];
      n = n * 32 + (v & 31);
      if (v < 32) { after = i + 1; return n; }
    }
    after = s.length;
    return 0;
  }

  // Ascending document numbers from their gaps; "." + n is n gaps of 1.
  function docs(s) {
    var count = 0;
    var i = 0;
    var n;
    while (i < s.length) {
      var run = s.charCodeAt(i) === RUN;
      n = numberAt(s, run ? i + 1 : i);
      count += run ? n : 1;
      i = after;
    }
    var out = new Int32Array(count);
    var k = 0;
    var prev = -1;
    i = 0;
    while (i < s.length && k < count) {
      if (s.charCodeAt(i) === RUN) {
        n = numberAt(s, i + 1);
        for (var j = 0; j < n && k < count; j++) out[k++] = ++prev;
      } else {
        prev += numberAt(s, i);
        out[k++] = prev;
      }
      i = after;
    }
    return out;
  }

  // One-character impacts; "." + n + a digit is n copies of it.
  function impacts(s) {
    var count = 0;
    var i = 0;
    while (i < s.length) {
      if (s.charCodeAt(i) === RUN) {
        count += numberAt(s, i + 1);
        i = after + 1;
      } else {
        count++;
        i++;
      }
    }
    var out = new Uint8Array(count);
    var k = 0;
    i = 0;
    while (i < s.length && k < count) {
      if (s.charCodeAt(i) === RUN) {
        var n = numberAt(s, i + 1);
        out.fill(DIGIT[s.charCodeAt(after)], k, k + n);
        k += n;
        i = after + 1;
      } else {
        out[k++] = DIGIT[s.charCodeAt(i++)];
      }
    }
    return out;
  }

  // Index of the last first-key <= key (JS string order), or -1.
  function shardOf(firsts, key) {
    var lo = 0;
    var hi = firsts.length;
    while (lo < hi) {
      var mid = (lo + hi) >> 1;
      if (firsts[mid] <= key) lo = mid + 1; else hi = mid;
    }
    return lo - 1;
  }

  // ------------------------------------------------------------ engine --
  // The file of files fetched ahead (src/search/mod.rs, AHEAD_FILE).
  var AHEAD = "ahead.json";

  // fetchJson(path, fresh, signal) → Promise of the parsed file (path
  // relative to the index folder; signal, when given, aborts it); meta: the
  // manifest when the page carries it.
  function Engine(fetchJson, meta) {
    this.fetchJson = fetchJson;
    // path → {promise, ctl (aborts it while on its way), gen}
    this.files = new Map();
    // shard path → Promise of its records by key
    this.shards = new Map();
    this.meta = null;
    this.inline = meta || null;
    // Bumped for each new query text: a file last asked for by an older
    // query is no longer wanted (see cancel).
    this.gen = 0;
    this.genText = null;
  }

  // The query text the engine works for now.
  Engine.prototype.want = function (q) {
    if (q !== this.genText) {
      this.genText = q;
      this.gen++;
    }
  };

  // Aborts the files on their way that no query since the last want() asked
  // for: on a slow network they would share the bandwidth with what the
  // query shown needs.
  Engine.prototype.cancel = function () {
    var self = this;
    this.files.forEach(function (e, path) {
      if (e.ctl && e.gen < self.gen) {
        e.ctl.abort();
        self.files.delete(path);
        self.shards.delete(path);
      }
    });
  };

  Engine.prototype.open = function () {
    var self = this;
    if (!this.opening) {
      var meta = this.inline ? Promise.resolve(this.inline) : this.fetchJson("meta.json", true);
      this.opening = meta.then(function (meta) {
        if (meta.version !== 2) throw new Error("unsupported index version " + meta.version);
        self.meta = meta;
        self.table = [];
        self.pairTable = [];
        for (var q = 0; q < 64; q++) {
          self.table.push(Math.exp(q / meta.rank.scale) - 1);
          self.pairTable.push(Math.exp(q / meta.rank.pair_scale) - 1);
        }
        self.prefixes = new Map(meta.c.map(function (p, i) { return [p, i]; }));
        self.ahead = new Set(meta.ahead || []);
        return meta;
      });
    }
    return this.opening;
  };

  // A file of the index: from ahead.json when that is fetched or on its
  // way and holds it, else on its own (abortable by cancel while on its way).
  Engine.prototype.file = function (path) {
    var self = this;
    var e = this.files.get(path);
    if (!e) {
      var hash = this.meta.hash;
      e = { ctl: null, gen: this.gen };
      var own = function () {
        e.ctl = typeof AbortController === "function" ? new AbortController() : null;
        return self.fetchJson(path + "?v=" + hash, false, e.ctl ? e.ctl.signal : undefined);
      };
      e.promise = this.bundle && this.ahead.has(path)
        ? this.bundle.then(function (b) { return path in b ? b[path] : own(); })
        : own();
      e.promise.then(function () { e.ctl = null; e.done = true; }, function () {
        if (self.files.get(path) === e) self.files.delete(path);
      });
      this.files.set(path, e);
    }
    e.gen = this.gen;
    return e.promise;
  };

  // Whether a file is in memory: fetched, or in ahead.json fetched.
  Engine.prototype.has = function (path) {
    var e = this.files.get(path);
    return e ? !!e.done : !!(this.bundleIn && this.ahead.has(path));
  };

  // A shard as a Map key → record, decoded lazily; kind "w", "p" or "s"
  // (spellings, cut like "w").
  Engine.prototype.shard = function (kind, s) {
    var path = kind + "/" + s + ".json";
    var self = this;
    var p = this.shards.get(path);
    if (p) {
      var e = this.files.get(path);
      if (e) e.gen = this.gen;
      return p;
    }
    p = this.file(path).then(function (records) {
      var map = new Map();
      records.forEach(function (r) { map.set(r[0], r); });
      self.files.delete(path);
      return map;
    });
    p.catch(function () { if (self.shards.get(path) === p) self.shards.delete(path); });
    this.shards.set(path, p);
    return p;
  };


  Engine.prototype.find = function (kind, key) {
    var s = shardOf(this.meta[kind === "s" ? "w" : kind], key);
    if (s < 0) return Promise.resolve(null);
    return this.shard(kind, s).then(function (map) { return map.get(key) || null; });
  };

  // The shards (numbers) that hold the keys starting with prefix, from the
  // one prefix itself would be in on, at most max of them.
  function span(firsts, prefix, max) {
    var start = Math.max(0, shardOf(firsts, prefix));
    var out = [];
    for (var s = start; s < firsts.length && s < start + max; s++) {
      if (s > start && firsts[s].indexOf(prefix) !== 0) break;
      out.push(s);
    }
    return out;
  }

  // Pair records whose key starts with prefix, in key order.
  Engine.prototype.range = function (prefix) {
    var self = this;
    var wanted = span(this.meta.p, prefix, this.meta.rank.range).map(function (s) { return self.shard("p", s); });
    return Promise.all(wanted).then(function (maps) {
      var out = [];
      maps.forEach(function (map) {
        var keys = [];
        map.forEach(function (r, k) { if (k.indexOf(prefix) === 0) keys.push(k); });
        keys.sort();
        keys.forEach(function (k) { out.push(map.get(k)); });
      });
      return out;
    });
  };

  // The completion file of a key's first letter, or null.
  Engine.prototype.completionFile = function (key) {
    var i = this.prefixes.get(Array.from(key)[0]);
    return i === undefined ? null : "c/" + i + ".json";
  };

  Engine.prototype.completions = function (key) {
    var chars = Array.from(key);
    var path = this.completionFile(key);
    if (!path) return Promise.resolve([]);
    var two = chars[0] + chars[1];
    var max = this.meta.rank.expand;
    return this.file(path).then(function (groups) {
      var list = Object.prototype.hasOwnProperty.call(groups, two) ? groups[two] : [];
      return list.map(function (e) { return e[0]; })
        .filter(function (k) { return k !== key && k.indexOf(key) === 0; })
        .slice(0, max);
    });
  };

  // Word shards asked for with the completion file, for a last word being
  // completed (see term).
  var COMPLETION_SHARDS = 3;

  // Lists of a word: [{record, weight, spellings}]; null when the word is
  // dropped. Spellings are fetched only for a word typed with diacritics.
  Engine.prototype.term = function (word, prefix) {
    var self = this;
    var R = this.meta.rank;
    var length = Array.from(word.key).length;
    var accented = word.form !== word.key;
    function lookup(key, weight) {
      return Promise.all([self.find("w", key), accented ? self.find("s", key) : null]).then(function (r) {
        return r[0] ? { record: r[0], weight: weight, spellings: r[1] ? r[1][1] : [] } : null;
      });
    }
    var exact = lookup(word.key, 1);
    var complete = prefix && length >= R.complete;
    var cfile = complete ? this.completionFile(word.key) : null;
    // Completions begin with the word, so their shards are the word's own
    // and the next ones whose first key begins with it: while the
    // completion file is not in, these are asked for with it rather than
    // once it names the completions, which saves a round trip (a cold
    // query ending in "dan" or "son" waited for c/, then w/, then d/). At
    // most COMPLETION_SHARDS of them: a common syllable's range can span
    // 20 shards at 100 000 models, but the word and its few completions
    // (meta.rank.expand) are mostly in the first 3 (docs/search-scale.md);
    // a completion further on is fetched once named, as before. This
    // changes when shards are fetched, never what is ranked.
    if (cfile && !this.has(cfile)) {
      span(this.meta.w, word.key, COMPLETION_SHARDS).forEach(function (s) {
        self.shard("w", s);
        if (accented) self.shard("s", s);
      });
    }
    var more = complete ? this.completions(word.key).then(function (keys) {
      return Promise.all(keys.map(function (k) { return lookup(k, R.prefix); }));
    }) : Promise.resolve([]);
    return Promise.all([exact, more]).then(function (found) {
      var lists = [found[0]].concat(found[1]).filter(Boolean);
      if (prefix && !lists.length && length < R.complete) return null;
      return { word: word, prefix: prefix, lists: lists };
    });
  };

  Engine.prototype.pair = function (a, b, prefix) {
    var key = a.key + " " + b.key;
    var R = this.meta.rank;
    if (prefix) {
      return this.range(key).then(function (records) {
        return records.map(function (r) { return { record: r, weight: r[0] === key ? 1 : R.prefix }; });
      });
    }
    return this.find("p", key).then(function (r) { return r ? [{ record: r, weight: 1 }] : []; });
  };

  // Fetches ahead.json (every completion file, the facets and the shards of
  // the commonest words and pairs, meta.hot), which most queries need, in
  // one request, so that a query on a loaded page waits for less.
  Engine.prototype.warm = function () {
    var self = this;
    return this.open().then(function (meta) {
      if (!self.bundle && self.ahead.size) {
        self.bundle = self.fetchJson(AHEAD + "?v=" + meta.hash, false);
        self.bundle.then(function () { self.bundleIn = true; }, function () { self.bundle = null; });
      }
      return self.bundle;
    }).then(function () {
      var hot = self.meta.hot || { w: [], p: [] };
      var all = hot.w.map(function (s) { return self.shard("w", s); })
        .concat(hot.p.map(function (s) { return self.shard("p", s); }));
      return Promise.all(all);
    });
  };

  // Scores one query over lists already in memory and throws the result
  // away, so that the reader's first search on the page runs the decoding
  // and scoring code compiled, not interpreted: in Chromium with the CPU
  // slowed 4×, at 100 000 models, a query submitted on a settled page
  // draws its first row 70–125 ms sooner after it (docs/search-scale.md).
  // The query is the first pair of the commonest (meta.hot) whose two
  // words' lists are in memory too, typed with a space after it (no
  // completions to look up); it needs the facets in memory as well. Fetches nothing, and does nothing once a search has
  // run or started. Resolves to the query scored, or null.
  Engine.prototype.practise = function () {
    var self = this;
    var hot = this.meta && this.meta.hot;
    if (!hot || this.practised || (this.memo && this.memo.size) || !this.has("facets.json")) {
      return Promise.resolve(null);
    }
    this.practised = true;
    var loaded = function (kind, s) { return hot[kind].indexOf(s) >= 0 && self.shards.has(kind + "/" + s + ".json"); };
    var wordIn = function (key) { return loaded("w", shardOf(self.meta.w, key)); };
    var pairs = hot.p.filter(function (s) { return loaded("p", s); });
    return Promise.all(pairs.map(function (s) { return self.shard("p", s); })).then(function (maps) {
      var q = null;
      maps.forEach(function (map) {
        map.forEach(function (r, key) {
          var two = key.split(" ");
          if (!q && two.length === 2 && wordIn(two[0]) && wordIn(two[1])) q = key + " ";
        });
      });
      if (!q) return null;
      return self.score(q, { field: -1, year: -1 }, { gen: self.gen }).then(function (r) {
        r.top(FIRST_PAGE);
        return q;
      });
    }).catch(function () { return null; });
  };
  // As many results as the page draws at first.
  var FIRST_PAGE = 10;

  // Starts fetching the files a query needs, without scoring it: called on
  // every keystroke, so that by the time the reader pauses most are here.
  // It also guesses what the last word, still being typed, will become,
  // so that the next keystrokes find their lists here (on a slow network a
  // large list takes longer than a keystroke to come): after another word,
  // the PAIR_GUESSES commonest pairs that begin with both (the pair lists
  // are fetched for the query anyway) name the likeliest words, and the
  // lists that each of their beginnings longer than the word typed needs
  // (the beginning and its completions: mostly the same few shards) are
  // fetched; a first word of fewer letters than completions start at gets
  // the list of its commonest completion.
  var PAIR_GUESSES = 2;
  Engine.prototype.prefetch = function (q) {
    var self = this;
    var ignore = function () { /* the search that follows reports errors */ };
    // Lists are decoded as they come, between keystrokes, rather than by
    // the search of the last key.
    var decode = function (lists) {
      (lists ? lists.lists || lists : []).forEach(function (l) { decoded(l.record); });
    };
    return this.open().then(function (meta) {
      self.want(q);
      var gen = self.gen;
      var query = parseQuery(q, meta.rank.terms);
      var ws = query.words;
      var last = ws.length - 1;
      var guess = function (keys, n) {
        if (gen !== self.gen) return;
        keys.filter(function (k) { return k !== ws[last].key; }).slice(0, n)
          .forEach(function (k) { self.find("w", k).catch(ignore); });
      };
      // The lists of the last word typed on towards each of keys.
      var guessNext = function (keys) {
        if (gen !== self.gen) return;
        var typed = Array.from(ws[last].key).length;
        var seen = new Set();
        keys.forEach(function (k) {
          var chars = Array.from(k);
          for (var n = typed + 1; n <= chars.length; n++) {
            var next = chars.slice(0, n).join("");
            if (seen.has(next)) continue;
            seen.add(next);
            self.term({ key: next, form: next }, true).then(decode).catch(ignore);
          }
        });
      };
      ws.forEach(function (w, i) {
        self.term(w, query.prefix && i === last).then(decode).catch(ignore);
        if (i >= last || ws[i + 1].brk) return;
        var pair = self.pair(w, ws[i + 1], query.prefix && i + 1 === last);
        pair.then(decode).catch(ignore);
        if (i + 1 < last || !query.prefix) return;
        var start = w.key.length + 1;
        pair.then(function (lists) {
          guessNext(lists.map(function (l) { return l.record; })
            .sort(function (a, b) { return b[1] - a[1]; })
            .map(function (r) { return r[0].slice(start); })
            .filter(function (k) { return k !== ws[last].key; })
            .slice(0, PAIR_GUESSES));
        }).catch(ignore);
      });
      var key = last >= 0 ? ws[last].key : "";
      if (query.prefix && key.length === meta.rank.complete - 1 && (!last || ws[last].brk)) {
        self.completions(key).then(function (keys) { guess(keys, 1); }).catch(ignore);
      }
    }).catch(ignore);
  };

  function decoded(record) {
    if (!record.docs) {
      record.docs = docs(record[2]);
      record.impacts = impacts(record[3]);
    }
    return record;
  }

  // Best weighted impact per document over lists; exact = {form, prefix} or null.
  Engine.prototype.best = function (lists, exact, table) {
    var n = this.meta.docs;
    var best = new Float64Array(n);
    var inexact = this.meta.rank.inexact;
    lists.forEach(function (l) {
      var r = decoded(l.record);
      var mark = null;
      if (exact) {
        mark = new Uint8Array(n);
        l.spellings.forEach(function (sp) {
          var hit = exact.prefix ? sp[0].indexOf(exact.form) === 0 : sp[0] === exact.form;
          if (!hit) return;
          var ds = sp[1] ? docs(sp[1]) : r.docs;
          for (var i = 0; i < ds.length; i++) mark[ds[i]] = 1;
        });
      }
      for (var i = 0; i < r.docs.length; i++) {
        var doc = r.docs[i];
        var v = table[r.impacts[i]] * l.weight * (mark && !mark[doc] ? inexact : 1);
        if (v > best[doc]) best[doc] = v;
      }
    });
    return best;
  };

  // The text the reader likely has after one more key, or null: q and the
  // next letter of the likeliest word that begins with the last word typed
  // (after another word, the commonest pair that begins with both, as the
  // guesses of prefetch; a word alone, its commonest completion).
  Engine.prototype.likely = function (q) {
    var self = this;
    return this.open().then(function (meta) {
      var query = parseQuery(q, meta.rank.terms);
      var ws = query.words;
      var last = ws.length - 1;
      if (!query.prefix || last < 0) return null;
      var typed = Array.from(ws[last].key);
      var next = function (keys) {
        for (var i = 0; i < keys.length; i++) {
          var k = Array.from(keys[i]);
          if (k.length > typed.length && keys[i].indexOf(ws[last].key) === 0) return q + k[typed.length];
        }
        return null;
      };
      if (last > 0 && !ws[last].brk) {
        var start = ws[last - 1].key.length + 1;
        return self.pair(ws[last - 1], ws[last], true).then(function (lists) {
          return next(lists.map(function (l) { return l.record; })
            .sort(function (a, b) { return b[1] - a[1]; })
            .map(function (r) { return r[0].slice(start); }));
        });
      }
      if (typed.length < meta.rank.complete - 1) return null;
      return self.completions(ws[last].key).then(next);
    });
  };

  // Runs a query: {total, top(k), allWords, fieldCounts, yearCounts, query,
  // terms}. ahead: a guess of the reader's next query (see likely), scored
  // before it is typed: it leaves the query the engine works for alone, and
  // gives up if the reader has typed something else by the time its lists
  // are in. The last few searches are kept (MEMO), so the same query and
  // filters asked again get the same results without scoring again.
  var MEMO = 2;
  Engine.prototype.search = function (q, filters, ahead) {
    var self = this;
    var key = q + "\n" + filters.field + "\n" + filters.year;
    this.memo = this.memo || new Map();
    var kept = this.memo.get(key);
    if (!ahead && this.meta) this.want(q);
    if (kept) {
      if (ahead) return kept;
      return kept.catch(function () { return self.score(q, filters, null); });
    }
    var p = this.score(q, filters, ahead ? { gen: this.gen } : null);
    this.memo.set(key, p);
    while (this.memo.size > MEMO) this.memo.delete(this.memo.keys().next().value);
    p.catch(function () { if (self.memo.get(key) === p) self.memo.delete(key); });
    return p;
  };

  // Asks for the stored rows of these documents (the best results of a
  // guessed query), so that they are here if the reader types it.
  Engine.prototype.fetchDocs = function (ids) {
    var self = this;
    ids.forEach(function (id) { self.doc(id).catch(function () { /* a guess */ }); });
  };

  Engine.prototype.score = async function (q, filters, ahead) {
    var self = this;
    var meta = await this.open();
    var R = meta.rank;
    if (!ahead) this.want(q);
    var query = parseQuery(q, R.terms);
    var ws = query.words;
    var last = ws.length - 1;
    var none = function () { return []; };
    var empty = { total: 0, top: none, allWords: true, fieldCounts: [], yearCounts: [], query: query, terms: [] };
    if (!ws.length) return empty;
    var facets = this.file("facets.json");
    var pairJobs = [];
    for (var i = 0; i < last; i++) {
      pairJobs.push(ws[i + 1].brk ? Promise.resolve([]) : this.pair(ws[i], ws[i + 1], query.prefix && i + 1 === last));
    }
    var terms = (await Promise.all(ws.map(function (w, i) {
      return self.term(w, query.prefix && i === last);
    }))).filter(Boolean);
    if (!terms.length) return empty;
    var pairs = await Promise.all(pairJobs);
    if (ahead && this.gen !== ahead.gen && this.genText !== q) throw new Error("guessed wrong");
    if (terms.length < ws.length) pairs = pairs.slice(0, terms.length - 1);
    var n = meta.docs;
    var score = new Float64Array(n);
    var hits = new Uint8Array(n);
    // A word or pair with one list (most of them) adds its impacts straight
    // to the scores, the same sums in the same order as through best(),
    // without an array and a pass over every document.
    terms.forEach(function (t) {
      var accented = t.word.form !== t.word.key;
      var i;
      if (t.lists.length === 1 && !accented) {
        var r = decoded(t.lists[0].record);
        var w = t.lists[0].weight;
        for (i = 0; i < r.docs.length; i++) { score[r.docs[i]] += self.table[r.impacts[i]] * w; hits[r.docs[i]]++; }
        return;
      }
      var b = self.best(t.lists, accented ? { form: t.word.form, prefix: t.prefix } : null, self.table);
      for (var d = 0; d < n; d++) if (b[d] > 0) { score[d] += b[d]; hits[d]++; }
    });
    pairs.forEach(function (lists) {
      if (lists.length === 1) {
        var r = decoded(lists[0].record);
        var w = lists[0].weight;
        for (var i = 0; i < r.docs.length; i++) score[r.docs[i]] += R.phrase * (self.pairTable[r.impacts[i]] * w);
        return;
      }
      var b = self.best(lists, null, self.pairTable);
      for (var d = 0; d < n; d++) score[d] += R.phrase * b[d];
    });
    var need = terms.length;
    var count = 0;
    for (var d = 0; d < n; d++) if (hits[d] === need) count++;
    var allWords = count > 0 || terms.length === 1;
    if (!allWords) need = 1;
    var f = await facets;
    var fields = f.fields || (f.fields = numbers(f.f));
    var years = f.years || (f.years = numbers(f.y));
    var fieldCounts = new Array(meta.fields.length).fill(0);
    var yearCounts = new Array(meta.years.length).fill(0);
    var cands = new Int32Array(n);
    count = 0;
    for (d = 0; d < n; d++) {
      if (hits[d] < need) continue;
      var fieldOk = filters.field < 0 || fields[d] === filters.field;
      var yearOk = filters.year < 0 || years[d] === filters.year;
      if (yearOk) fieldCounts[fields[d]]++;
      if (fieldOk) yearCounts[years[d]]++;
      if (fieldOk && yearOk) cands[count++] = d;
    }
    cands = cands.subarray(0, count);
    return {
      total: count, top: ranking(cands, hits, score), allWords: allWords,
      fieldCounts: fieldCounts, yearCounts: yearCounts, query: query, terms: terms,
    };
  };

  // top(k): the k best candidates, by words matched, then score, then
  // document order. Sorting all of 100 000 candidates with a comparator is
  // slow, so for a few of many one pass keeps the k best in a heap whose
  // root is the worst of them.
  function ranking(cands, hits, score) {
    var better = function (a, b) { return hits[b] - hits[a] || score[b] - score[a] || a - b; };
    var sorted = null;
    return function (k) {
      k = Math.max(0, Math.min(k, cands.length));
      if (cands.length <= 2000 || k * 4 >= cands.length) {
        sorted = sorted || Array.from(cands).sort(better);
        return sorted.slice(0, k);
      }
      var heap = [];
      var down = function (i) {
        for (;;) {
          var l = 2 * i + 1;
          var r = l + 1;
          var w = i;
          if (l < heap.length && better(heap[w], heap[l]) < 0) w = l;
          if (r < heap.length && better(heap[w], heap[r]) < 0) w = r;
          if (w === i) return;
          var t = heap[i]; heap[i] = heap[w]; heap[w] = t;
          i = w;
        }
      };
      for (var i = 0; i < cands.length; i++) {
        var d = cands[i];
        if (heap.length < k) {
          heap.push(d);
          for (var c = heap.length - 1; c > 0;) {
            var p = (c - 1) >> 1;
            if (better(heap[p], heap[c]) > 0) break;
            var t = heap[p]; heap[p] = heap[c]; heap[c] = t;
            c = p;
          }
        } else if (k && better(d, heap[0]) < 0) {
          heap[0] = d;
          down(0);
        }
      }
      return heap.sort(better);
    };
  }

  // Keeps the files of these documents' stored rows from cancel, if they are
  // on their way.
  Engine.prototype.keep = function (ids) {
    var self = this;
    ids.forEach(function (id) {
      var e = self.files.get("d/" + Math.floor(id / self.meta.chunk) + ".json");
      if (e) e.gen = self.gen;
    });
  };

  // A stored document: {id, slug, url, title, unit, field, year, locality, text}.
  Engine.prototype.doc = function (id) {
    var meta = this.meta;
    return this.file("d/" + Math.floor(id / meta.chunk) + ".json").then(function (chunk) {
      var r = chunk[id % meta.chunk];
      return {
        id: id, slug: r[0], url: meta.model_url.replace("{slug}", encodeURIComponent(r[0])),
        title: r[1], unit: r[2], field: meta.fields[r[3]] ? meta.fields[r[3]][0] : "",
        year: r[4], locality: r[5], text: r[6],
      };
    });
  };

  // --------------------------------------------------------- snippets --
  // Whether a word of the text matches the query (folded, the last word as a prefix).
  function matcher(query) {
    var keys = query.words.map(function (w) { return w.key; });
    var lastKey = query.prefix ? keys[keys.length - 1] : null;
    return function (key) {
      return keys.indexOf(key) >= 0 || (lastKey !== null && key.indexOf(lastKey) === 0);
    };
  }

  // Appends text to el with matched words in <mark>; from/to cut the text
  // (in words); line breaks between blocks of the store show as dashes.
  function highlight(el, text, ws, isMatch, from, to) {
    var doc = el.ownerDocument;
    var plain = function (t) { return doc.createTextNode(t.replace(/\s*\n\s*/g, " — ")); };
    var pos = from > 0 ? ws[from].start : 0;
    if (from > 0) el.appendChild(doc.createTextNode("… "));
    for (var i = from; i < to; i++) {
      if (!isMatch(ws[i].key)) continue;
      el.appendChild(plain(text.slice(pos, ws[i].start)));
      var mark = doc.createElement("mark");
      mark.textContent = text.slice(ws[i].start, ws[i].end);
      el.appendChild(mark);
      pos = ws[i].end;
    }
    var end = to < ws.length ? ws[to - 1].end : text.length;
    el.appendChild(plain(text.slice(pos, end)));
    if (to < ws.length) el.appendChild(doc.createTextNode(" …"));
  }

  // The window of `size` words with the most distinct matches (then most matches).
  function bestWindow(ws, isMatch, size) {
    if (ws.length <= size) return [0, ws.length];
    var best = 0;
    var bestScore = -1;
    for (var s = 0; s + size <= ws.length; s++) {
      if (s > 0 && !isMatch(ws[s].key)) continue;
      var seen = new Set();
      var count = 0;
      for (var i = s; i < s + size; i++) {
        if (isMatch(ws[i].key)) { seen.add(ws[i].key); count++; }
      }
      var sc = seen.size * 1000 + count;
      if (sc > bestScore) { bestScore = sc; best = s; }
    }
    var from = Math.max(0, best - (best > 0 ? 3 : 0));
    return [from, Math.min(ws.length, from + size)];
  }

  var api = { words: words, fold: fold, parseQuery: parseQuery, numbers: numbers, docs: docs, Engine: Engine, matcher: matcher };
  if (typeof module === "object" && module.exports) module.exports = api;
  if (typeof document === "undefined") return;

  // An engine over the index at indexUrl (a folder's URL), with its
  // manifest when the page has it inline.
  function pageEngine(indexUrl, manifest) {
    return new Engine(function (path, fresh, signal) {
      return fetch(indexUrl + path, { cache: fresh ? "no-cache" : "default", signal: signal }).then(function (res) {
        if (!res.ok) throw new Error(res.status + " " + path);
        return res.json();
      });
    }, manifest);
  }

  // ------------------------------------------------------ other pages --
  // A search box that leads to the search page, on another page (a form
  // with data-search-index, the URL of the index's folder: the header's,
  // the home page's): kheo.js loads this script once the reader is in the
  // box, and nothing is drawn here. What the search page that Enter opens
  // would wait for is fetched while the reader types:
  // - on every key, the files the query needs (prefetch, as on the search
  //   page), asked for by the URLs the search page asks for, so that it
  //   finds them in the HTTP cache;
  // - once the keys pause for BOX_PAUSE ms (as long as the search page
  //   waits when keys come quickly), the query is scored and the stored
  //   rows of its first page asked for; once they are in, and the reader
  //   has not typed on, that first page is kept in sessionStorage under
  //   STASH (the index's version, the query, the counts, the rows), which
  //   the search page draws as soon as it runs, before its own search
  //   confirms it (stashed), and the search page itself is prefetched
  //   (once per query; browsers keep a prefetch for the next navigation).
  // After a pause, then, the first results show without a round trip.
  var BOX_PAUSE = 120;
  var BOX_FIRST = 3;
  var STASH = "kheo-search-first";
  var prefetched = new Set();
  function stash(engine, form, input, q, r, ids) {
    var rows = function (n) { return Promise.all(ids.slice(0, n).map(function (id) { return engine.doc(id); })); };
    // The first few rows, then the others only if the reader has not typed
    // on meanwhile: each key would otherwise ask for ten files (as on the
    // search page, see draw).
    return rows(BOX_FIRST).then(function () {
      return input.value === q ? rows(ids.length) : null;
    }).then(function (docs) {
      // An older key's search may end after a newer one's.
      if (!docs || input.value !== q) return;
      sessionStorage.setItem(STASH, JSON.stringify({
        v: engine.meta.hash, q: q, total: r.total, allWords: r.allWords,
        fieldCounts: r.fieldCounts, yearCounts: r.yearCounts, docs: docs,
      }));
      if (typeof FormData !== "function") return;
      // The URL the form would open: its fields as a GET form sends them.
      var url = new URL(form.action);
      url.search = new URLSearchParams(new FormData(form)).toString();
      if (prefetched.has(url.href)) return;
      prefetched.add(url.href);
      var link = document.createElement("link");
      link.rel = "prefetch";
      link.href = url.href;
      document.head.appendChild(link);
    });
  }
  function boxes() {
    var forms = document.querySelectorAll("form[data-search-index]");
    Array.prototype.forEach.call(forms, function (form) {
      var input = form.querySelector('input[name="q"]');
      if (!input) return;
      var engine = null;
      var timer = 0;
      var ahead = function () {
        var q = input.value;
        clearTimeout(timer);
        if (!q.trim()) return;
        engine = engine || pageEngine(form.getAttribute("data-search-index"), null);
        engine.prefetch(q);
        timer = setTimeout(function () {
          engine.search(q, { field: -1, year: -1 }).then(function (r) {
            var ids = r.top(FIRST_PAGE);
            engine.keep(ids);
            engine.cancel();
            return stash(engine, form, input, q, r, ids);
          }).catch(function () { /* the search page reports errors; storage may be off */ });
        }, BOX_PAUSE);
      };
      input.addEventListener("input", ahead);
      // What was typed before this script came.
      if (document.activeElement === input) ahead();
    });
  }

  // -------------------------------------------------------------- page --
  if (!global.fetch) return;
  var root = document.getElementById("tim-kiem");
  if (!root) {
    boxes();
    return;
  }
  if (!global.history || !global.URLSearchParams) return;
  var form = root.querySelector("form");
  var input = root.querySelector("#q");
  var fieldSelect = root.querySelector("#search-field");
  var yearSelect = root.querySelector("#search-year");
  var status = root.querySelector("#search-status");
  var note = root.querySelector("#search-note");
  var list = root.querySelector("#search-results");
  var more = root.querySelector("#search-more");
  var stringsEl = root.querySelector("#search-strings");
  var filtersEl = root.querySelector(".search-filters");
  // A theme's own search.html must keep these (docs/templates.md).
  if (!form || !input || !fieldSelect || !yearSelect || !status || !note || !list || !more || !stringsEl || !filtersEl) return;
  var strings = JSON.parse(stringsEl.textContent);
  var fieldParam = root.getAttribute("data-field-param");
  var yearParam = root.getAttribute("data-year-param");
  var indexUrl = root.getAttribute("data-index");
  var PAGE = FIRST_PAGE;
  var SNIPPET_WORDS = 32;
  var baseTitle = document.title;

  filtersEl.hidden = false;

  var inline = root.querySelector("#search-manifest");
  var manifest = inline ? JSON.parse(inline.textContent) : null;
  var engine = pageEngine(indexUrl, manifest);

  function num(n) {
    return String(n).replace(/\B(?=(\d{3})+(?!\d))/g, strings.sep);
  }

  function say(template, values) {
    return template.replace(/\{(\w+)\}/g, function (m, k) { return k in values ? values[k] : m; });
  }

  function readUrl() {
    var p = new URLSearchParams(location.search);
    return { q: p.get("q") || "", field: p.get(fieldParam) || "", year: p.get(yearParam) || "" };
  }

  function current() {
    return { q: input.value, field: fieldSelect.value, year: yearSelect.value };
  }

  function urlOf(state) {
    var p = new URLSearchParams();
    if (state.q) p.set("q", state.q);
    if (state.field) p.set(fieldParam, state.field);
    if (state.year) p.set(yearParam, state.year);
    var s = p.toString();
    return location.pathname + (s ? "?" + s : "");
  }

  function show(state) {
    input.value = state.q;
    fieldSelect.value = state.field;
    if (fieldSelect.selectedIndex < 0) fieldSelect.value = "";
    yearSelect.value = state.year;
    if (yearSelect.selectedIndex < 0) yearSelect.value = "";
  }

  // One history entry per search: the first change after a committed
  // search pushes, later keystrokes replace it.
  var committed = true;
  function record(push) {
    var url = urlOf(current());
    if (url === location.pathname + location.search) return;
    if (push || committed) history.pushState(null, "", url);
    else history.replaceState(null, "", url);
    committed = !!push;
  }

  var shown = [];
  var results = null;
  var runId = 0;

  function optionCounts(select, counts, names) {
    for (var i = 1; i < select.options.length; i++) {
      var o = select.options[i];
      var k = names.indexOf(o.value);
      var c = k >= 0 && counts.length ? counts[k] : null;
      o.textContent = o.getAttribute("data-name") + (c === null ? "" : " (" + num(c) + ")");
    }
  }

  function renderHit(doc, query) {
    var isMatch = matcher(query);
    var li = document.createElement("li");
    var art = document.createElement("article");
    art.className = "search-hit";
    var h = document.createElement("h2");
    h.className = "search-hit-title";
    var a = document.createElement("a");
    a.href = doc.url;
    var tw = words(doc.title);
    highlight(a, doc.title, tw, isMatch, 0, tw.length);
    h.appendChild(a);
    art.appendChild(h);
    var meta = document.createElement("p");
    meta.className = "search-hit-meta";
    var unit = document.createElement("span");
    unit.className = "search-hit-unit";
    unit.textContent = doc.unit;
    meta.appendChild(unit);
    meta.appendChild(document.createTextNode(" " + [doc.field, doc.year].concat(doc.locality ? [doc.locality] : []).join(" · ")));
    art.appendChild(meta);
    if (doc.text) {
      var p = document.createElement("p");
      p.className = "search-hit-snippet";
      var ws = words(doc.text);
      var w = bestWindow(ws, isMatch, SNIPPET_WORDS);
      highlight(p, doc.text, ws, isMatch, w[0], w[1]);
      art.appendChild(p);
    }
    li.appendChild(art);
    return li;
  }

  // Draws the next results in rank order, each as soon as its stored
  // document and those of the results above it are in (they come in up to
  // ten files), so rows never move once drawn; `before` runs just before
  // the first row. While the reader types (`typing`), the stored documents
  // of the first FIRST rows are asked for at once and the others once the
  // first row is drawn: each keystroke's search would otherwise fetch ten
  // files that the next keystroke makes useless, sharing a slow network
  // with the lists the next search needs. Returns the first link drawn.
  var FIRST = 3;
  async function draw(before, typing) {
    var id = runId;
    var ids = results.top(shown.length + PAGE).slice(shown.length);
    var pending = [];
    var ask = function (n) {
      while (pending.length < n) {
        var p = engine.doc(ids[pending.length]);
        p.catch(function () { /* awaited below */ });
        pending.push(p);
      }
    };
    // A submitted query asks for the first row's file at once and the
    // others one per task: a request costs the main thread of a slow phone
    // about 5 ms, and the first row's answer is then read between them
    // rather than after all ten requests.
    var spread = function () {
      if (id !== runId || pending.length >= ids.length) return;
      ask(pending.length + 1);
      setTimeout(spread, 0);
    };
    if (typing) {
      ask(Math.min(FIRST, ids.length));
    } else {
      ask(Math.min(1, ids.length));
      setTimeout(spread, 0);
    }
    // What older queries asked for and still waits for (their results'
    // stored documents, mostly) would slow these.
    engine.keep(ids);
    engine.cancel();
    var first = null;
    for (var i = 0; i < ids.length; i++) {
      if (i === 1) ask(ids.length);
      var doc;
      try {
        doc = await pending[i];
      } catch (e) {
        // A newer search aborted it (cancel): not an error of this one.
        if (id !== runId) return null;
        throw e;
      }
      if (id !== runId) return null;
      if (i === 0 && before) before();
      var li = renderHit(doc, results.query);
      list.appendChild(li);
      first = first || li.querySelector("a");
      shown.push(doc.id);
    }
    more.hidden = shown.length >= results.total;
    return first;
  }

  async function showMore() {
    var first = await draw(null);
    if (first) first.focus();
  }

  // The first page of results that a search box on another page found
  // for this query on this version of the index (see boxes), or null.
  function stashed(state) {
    if (state.field || state.year || !manifest) return null;
    try {
      var s = JSON.parse(sessionStorage.getItem(STASH) || "null");
      return s && s.v === manifest.hash && s.q === state.q && s.docs && s.docs.length ? s : null;
    } catch (e) {
      return null;
    }
  }

  async function run(typing) {
    var id = ++runId;
    var state = current();
    // The page's first search, from the URL, may find its first page
    // stashed: drawn at once, then confirmed by the search.
    var early = id === 1 && !typing ? stashed(state) : null;
    document.title = state.q.trim() ? state.q.trim() + " – " + baseTitle : baseTitle;
    if (!state.q.trim()) {
      list.textContent = "";
      note.hidden = true;
      more.hidden = true;
      status.textContent = "";
      list.setAttribute("data-query", state.q);
      list.removeAttribute("aria-busy");
      results = null;
      return;
    }
    list.setAttribute("aria-busy", "true");
    searching++;
    try {
      var meta = await engine.open();
      var slugs = meta.fields.map(function (f) { return f[1]; });
      var filters = { field: slugs.indexOf(state.field), year: meta.years.indexOf(state.year) };
      // The head of a list of results r: the count, the note, the filters' counts.
      var begin = function (r) {
        optionCounts(fieldSelect, r.fieldCounts, slugs);
        optionCounts(yearSelect, r.yearCounts, meta.years);
        list.textContent = "";
        more.hidden = true;
        note.hidden = r.allWords || !r.total;
        status.textContent = r.total
          ? say(r.total === 1 ? strings.one : strings.many, { n: num(r.total) })
          : say(strings.none, { q: state.q.trim() });
        list.setAttribute("data-query", state.q);
      };
      if (early) {
        begin(early);
        var query = parseQuery(state.q, meta.rank.terms);
        early.docs.forEach(function (doc) { list.appendChild(renderHit(doc, query)); });
      }
      var r = await engine.search(state.q, filters);
      if (id !== runId) return;
      results = r;
      shown = [];
      var ids = early && early.docs.map(function (doc) { return doc.id; });
      var counts = function (x) { return JSON.stringify([x.total, x.allWords, x.fieldCounts, x.yearCounts]); };
      if (early && counts(r) === counts(early) && r.top(ids.length).join() === ids.join()) {
        shown = ids;
        more.hidden = shown.length >= r.total;
        return;
      }
      // The previous results stay until the first new row is drawn.
      if (!r.total) begin(r);
      // Drawing waits for the stored rows (a round trip): meanwhile, guess.
      var drawn = draw(function () { begin(r); }, typing);
      if (typing) guessAhead(state.q, filters, id);
      await drawn;
    } catch (e) {
      if (id !== runId) return;
      list.textContent = "";
      more.hidden = true;
      status.textContent = strings.error;
    } finally {
      if (id === runId) list.removeAttribute("aria-busy");
      searching--;
      if (!searching && warmWanted) warmUp();
    }
  }

  // While the reader types, the next key is guessed (engine.likely) and its
  // query scored once its lists are in, and the stored rows of its first
  // FIRST results asked for: when the guess is right, the next key finds
  // its results scored and their rows here or on their way, and draws them
  // at once instead of after a round trip. Only after the search of the
  // key typed, and not once another key has started a search.
  function guessAhead(q, filters, id) {
    engine.likely(q).then(function (next) {
      if (!next || id !== runId) return null;
      return engine.search(next, filters, true).then(function (r) {
        if (r.total) engine.fetchDocs(r.top(FIRST));
      });
    }).catch(function () { /* only a guess */ });
  }

  // The files fetched ahead wait while a search fetches its own: on a slow
  // network they would share its bandwidth.
  var searching = 0;
  var warmWanted = false;
  function warmUp() {
    if (searching) {
      warmWanted = true;
      return;
    }
    warmWanted = false;
    engine.warm().then(function () {
      // Once idle again, and unless the reader has started a search.
      later(function () { if (!searching) engine.practise(); });
    }).catch(function () { /* reported by run() when a search needs it */ });
  }

  // A keystroke searches at once, unless it follows the previous one
  // closely (a fast typist, or a word pasted key by key): then the search
  // waits for a pause of PAUSE ms, so as not to score every key.
  var PAUSE = 120;
  var timer = 0;
  var lastKey = -Infinity;
  input.addEventListener("input", function () {
    clearTimeout(timer);
    // The rows of the search before this key are no longer drawn: on a
    // slow phone, drawing the rest of them would hold this key's search.
    runId++;
    var now = Date.now();
    var quick = now - lastKey < PAUSE;
    lastKey = now;
    engine.prefetch(input.value);
    timer = setTimeout(function () { record(false); run(true); }, quick ? PAUSE : 0);
  });
  input.addEventListener("change", function () { committed = true; });
  form.addEventListener("submit", function (e) {
    e.preventDefault();
    clearTimeout(timer);
    record(false);
    committed = true;
    run();
  });
  [fieldSelect, yearSelect].forEach(function (s) {
    s.addEventListener("change", function () { record(true); run(); });
  });
  more.addEventListener("click", function () { showMore(); });
  global.addEventListener("popstate", function () {
    clearTimeout(timer);
    show(readUrl());
    committed = true;
    run();
  });

  // Arrow keys: from the box into the results and between them.
  root.addEventListener("keydown", function (e) {
    if (e.key !== "ArrowDown" && e.key !== "ArrowUp") return;
    var links = Array.prototype.slice.call(list.querySelectorAll(".search-hit-title a"));
    var i = links.indexOf(document.activeElement);
    if (document.activeElement === input) {
      if (e.key !== "ArrowDown" || !links.length) return;
      links[0].focus();
    } else if (i >= 0) {
      if (e.key === "ArrowDown" && i + 1 < links.length) links[i + 1].focus();
      else if (e.key === "ArrowUp") (i > 0 ? links[i - 1] : input).focus();
      else return;
    } else {
      return;
    }
    e.preventDefault();
  });

  Array.prototype.forEach.call(root.querySelectorAll("select option"), function (o) {
    o.setAttribute("data-name", o.textContent);
  });
  show(readUrl());
  if (input.value.trim()) run();
  // Once the page is idle (after the query from the URL, if any, asked for
  // its own files first), fetch the commonest lists ahead.
  var later = global.requestIdleCallback || function (f) { return setTimeout(f, 200); };
  later(warmUp);
})(typeof window !== "undefined" ? window : globalThis);
