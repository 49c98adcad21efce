//! The search index: kheo's own, because Vietnamese needs it (tone marks
//! and `đ` folded, exact spellings ranked first, syllables paired into
//! words), written as static files that the browser fetches on demand.
//!
//! 1. [`text`] splits text into syllables ("words") and folds them to keys.
//! 2. [`postings`] builds, for every key, spelling and adjacent pair of keys,
//!    the documents that hold it and a per-field BM25 weight.
//! 3. [`write_index`] (this file) writes them under `<search>/index/`:
//!
//! ```text
//! meta.json     manifest: shard boundaries, fields, years, ranking constants, version
//! facets.json   field and year of every document, for filters and their counts
//! w/<n>.json    word shards: records [key, df, docs, impacts]
//! s/<n>.json    spellings of the keys of w/<n>.json: [key, [[spelling, docs]…]],
//!               read only for words typed with diacritics
//! p/<n>.json    pair shards: records ["key key", df, docs, impacts]
//! c/<n>.json    completions: per two-letter prefix, its commonest keys (one file per first letter)
//! d/<n>.json    document store: title, slug, unit, field, year, locality, text
//! ahead.json    copies of the files the page fetches ahead in one request:
//!               every c/, facets.json, the shards of the commonest words and pairs
//! ```
//!
//! Records are sorted by key and cut into shards of about [`SHARD_BYTES`];
//! `meta.json` lists the first key of each shard, so a query fetches the
//! manifest, one shard per word (more for a prefix), and the store chunks of
//! the results it shows. 4. [`query`] is the reference implementation of
//! the ranking that `static/search.js` runs in the browser.
//!
//! The score of a document is, over query words, the best
//! `impact × (1 or PREFIX_WEIGHT) × (1 or INEXACT_WEIGHT)` of the keys the
//! word matches, plus `PHRASE_WEIGHT ×` the impact of each adjacent pair of
//! query words found side by side. An impact is BM25 with per-field weights,
//! `ln(1 + N/df) × Σ_field weight × tf·(k1+1) / (tf + k1·(1 − b + b·len/avg))`,
//! quantised to 63 logarithmic steps ([`encode::WORD_SCALE`], coarser
//! [`encode::PAIR_SCALE`] for pairs). Every word must match; when no
//! document has them all, documents with most of them are shown.

pub mod encode;
pub mod packed;
pub mod postings;
pub mod query;
#[cfg(test)]
mod tests;
pub mod text;

use std::borrow::Cow;
use std::collections::BTreeMap;
use std::path::PathBuf;

use rayon::prelude::*;
use serde::Serialize;

use crate::config::Config;
use crate::diagnostic::Diagnostic;
use crate::fingerprint::{Fingerprint, Hasher};
use crate::index::{Index, TaxonomyKind};
use crate::output::OutputFile;
use crate::render::context::{Contexts, TermRef};
use crate::render::{Sink, Urls};
use encode::{
    FNV_SEED, PAIR_SCALE, WORD_SCALE, fnv1a, impact, push_impacts, push_number, weight_of,
};
use packed::Posting;
use postings::{FastMap, Lists};

/// Format version of the index files, checked by the script.
pub const VERSION: u32 = 2;

/// Weight and length normalisation (BM25 `b`) of one indexed field.
#[derive(Debug, Clone, Copy)]
pub struct FieldSpec {
    /// What the field holds.
    pub name: &'static str,
    /// Multiplies the field's saturated term frequency.
    pub weight: f64,
    /// BM25 `b`: how much a long field dilutes a match.
    pub b: f64,
}

/// The indexed fields: title > unit, field > locality, tags, summary > other facts > body.
pub const FIELD_SPECS: [FieldSpec; NFIELDS] = [
    FieldSpec {
        name: "title",
        weight: 10.0,
        b: 0.5,
    },
    FieldSpec {
        name: "unit",
        weight: 5.0,
        b: 0.5,
    },
    FieldSpec {
        name: "field",
        weight: 5.0,
        b: 0.5,
    },
    FieldSpec {
        name: "locality",
        weight: 3.0,
        b: 0.5,
    },
    FieldSpec {
        name: "tags",
        weight: 3.0,
        b: 0.5,
    },
    FieldSpec {
        name: "summary",
        weight: 3.0,
        b: 0.75,
    },
    FieldSpec {
        name: "facts",
        weight: 2.0,
        b: 0.5,
    },
    FieldSpec {
        name: "body",
        weight: 1.0,
        b: 0.75,
    },
];

/// Number of indexed fields.
pub const NFIELDS: usize = 8;

/// The texts of one document's fields, in [`FIELD_SPECS`] order.
pub type FieldTexts<'a> = [Cow<'a, str>; NFIELDS];

/// One document as the lists see it.
#[derive(Clone)]
pub struct DocText<'a> {
    /// Its fields' texts.
    pub fields: FieldTexts<'a>,
    /// Each field's length in bytes (the body's as HTML), for BM25's length
    /// normalisation; cheap to know before any text is extracted.
    pub lens: [f64; NFIELDS],
}

/// A completion (a key longer than the typed prefix) counts this much.
pub const PREFIX_WEIGHT: f64 = 0.7;
/// A match in another spelling than the one typed with diacritics counts this much.
pub const INEXACT_WEIGHT: f64 = 0.3;
/// Weight of an adjacent pair of query words found side by side.
pub const PHRASE_WEIGHT: f64 = 1.0;
/// Query words beyond this many are ignored.
pub const MAX_TERMS: usize = 10;
/// Completions of the last query word looked up, besides the word itself.
pub const MAX_EXPANSIONS: usize = 3;
/// A last word is completed from this many letters on; a shorter one that
/// is no key of its own is left out while the reader is still typing.
pub const MIN_COMPLETION: usize = 3;
/// A list longer than twice this keeps the impacts of its best this many
/// documents; the others all get the median of theirs (see [`Shards::push_list`]).
pub const TOP_IMPACTS: usize = 1000;
/// Pair shards fetched for a pair whose second word is a prefix.
pub const MAX_RANGE_SHARDS: usize = 2;
/// Keys listed per two-letter prefix in a completion file.
pub const COMPLETIONS: usize = 64;
/// Target size of a shard, in bytes (a record is never split).
pub const SHARD_BYTES: usize = 32 * 1024;
/// Compressed bytes of the shards of the commonest words and pairs that the
/// search page fetches ahead, while the reader types (see [`Shards::hot`]).
pub const HOT_BYTES: usize = 64 * 1024;
/// The same shards' bytes once unzipped: what a phone parses and keeps.
pub const HOT_RAW_BYTES: usize = 768 * 1024;
/// How many of the commonest words, and of the commonest pairs, are candidates.
const HOT_KEYS: usize = 8;
/// Documents per store chunk: the ten results shown first sit in up to ten
/// chunks, so a small chunk wastes few bytes on the critical path.
pub const DOC_CHUNK: usize = 4;
/// Characters of body text kept for snippets.
pub const SNIPPET_CHARS: usize = 1000;

/// Output directory of the search page, e.g. `tim-kiem/`.
pub fn page_dir(config: &Config) -> String {
    format!("{}/", config.urls.search)
}

/// The folder of the index files inside the output, e.g. `tim-kiem/index/`.
pub fn index_dir(config: &Config) -> String {
    format!("{}index/", page_dir(config))
}

/// `search` on the search page.
#[derive(Serialize)]
pub struct PageCtx<'a> {
    /// URL of the index folder, for the script.
    pub index_url: String,
    /// Query parameter of the field filter (the fields URL segment, `linh-vuc`).
    pub field_param: &'a str,
    /// Query parameter of the year filter (the years URL segment, `nam`).
    pub year_param: &'a str,
    /// Every field, in Vietnamese order, for the filter.
    pub fields: Vec<TermRef<'a>>,
    /// Every year, newest first, for the filter.
    pub years: Vec<TermRef<'a>>,
    /// The manifest (`meta.json`), safe to print inside `<script>` (HTML).
    pub manifest: minijinja::Value,
}

/// The context of the search page; `manifest` is the JSON of `meta.json`.
pub fn page_context<'a>(ctx: &Contexts<'a>, manifest: &str) -> PageCtx<'a> {
    let terms = |kind: TaxonomyKind| -> Vec<TermRef<'a>> {
        ctx.index
            .taxonomy(kind)
            .terms
            .iter()
            .map(|t| ctx.term(kind, t))
            .collect()
    };
    PageCtx {
        index_url: ctx.urls.url(&index_dir(ctx.config)),
        field_param: &ctx.config.urls.fields,
        year_param: &ctx.config.urls.years,
        fields: terms(TaxonomyKind::Fields),
        years: terms(TaxonomyKind::Years),
        // `<` only occurs inside JSON strings, where `\u003c` means the same;
        // so no `</script>` or `<!--` can end the script element early.
        manifest: minijinja::Value::from_safe_string(manifest.replace('<', "\\u003c")),
    }
}

/// What [`write_index`] wrote.
pub struct Written {
    /// Output paths.
    pub paths: Vec<String>,
    /// Problems writing them.
    pub diagnostics: Vec<Diagnostic>,
    /// The JSON of `meta.json`, for the search page.
    pub manifest: String,
}

/// The field lengths of model `i` (see [`DocText::lens`]).
fn field_lens(index: &Index, i: usize) -> [f64; NFIELDS] {
    let m = &index.models[i];
    let joined = |v: &[String]| v.iter().map(|t| t.len() + 1).sum::<usize>();
    let facts = [&m.level, &m.award]
        .into_iter()
        .flatten()
        .map(|t| t.len() + 1)
        .sum::<usize>()
        + 4;
    [
        m.title.len(),
        m.unit.len(),
        m.field.len(),
        m.locality.as_ref().map_or(0, String::len),
        joined(&m.tags),
        m.summary.len(),
        facts,
        m.html.len(),
    ]
    .map(|l| l as f64)
}

/// The texts of model `i` to index.
fn doc_text(index: &Index, i: usize) -> DocText<'_> {
    let m = &index.models[i];
    let mut facts: Vec<String> = [&m.level, &m.award]
        .into_iter()
        .flatten()
        .cloned()
        .collect();
    facts.push(m.year.to_string());
    DocText {
        fields: [
            Cow::Borrowed(m.title.as_str()),
            Cow::Borrowed(m.unit.as_str()),
            Cow::Borrowed(m.field.as_str()),
            Cow::Borrowed(m.locality.as_deref().unwrap_or("")),
            Cow::Owned(m.tags.join("\n")),
            Cow::Borrowed(m.summary.as_str()),
            Cow::Owned(facts.join("\n")),
            Cow::Owned(text::html_text(&m.html)),
        ],
        lens: field_lens(index, i),
    }
}

/// Writes the search index of every model through `sink`.
pub fn write_index(index: &Index, config: &Config, urls: &Urls<'_>, sink: &Sink<'_>) -> Written {
    write_index_from(index, config, urls, sink, &Inputs::of(index), None).0
}

/// A file written: its path and the hash the manifest's version is made of.
type Emitted = Result<(String, u64), Diagnostic>;

/// Steps per doubling of the average field lengths that weigh matches:
/// BM25 reads them rounded to within 0.55 %, so an edit that lengthens one
/// document by a few words leaves them (and so every other document's
/// weights) as they were, and an incremental build patches the lists.
const AVG_STEPS: f64 = 64.0;

/// What the search index reads of the site: a fingerprint of each
/// document's indexed and stored values, and of everything.
pub struct Inputs {
    /// Per document, in order.
    docs: Vec<Fingerprint>,
    /// Of every document and the fields' and years' names.
    pub all: Fingerprint,
}

impl Inputs {
    /// The inputs of the search index of `index`.
    pub fn of(index: &Index) -> Inputs {
        let docs: Vec<Fingerprint> = (0..index.models.len())
            .into_par_iter()
            .map(|i| {
                let m = &index.models[i];
                let t = &index.model_terms[i];
                let mut h = Hasher::new();
                h.str(&m.title)
                    .str(&m.unit)
                    .str(&m.field)
                    .str(&m.summary)
                    .str(&m.slug)
                    .fingerprint(m.html.fingerprint())
                    .binary(&(&m.locality, &m.tags, &m.level, &m.award, m.year))
                    .u64(t.field as u64)
                    .u64(t.year as u64);
                h.finish()
            })
            .collect();
        let mut h = Hasher::new();
        h.u64(docs.len() as u64);
        for d in &docs {
            h.fingerprint(*d);
        }
        for t in &index.fields.terms {
            h.str(&t.name).str(&t.slug);
        }
        h.str("years");
        for t in &index.years.terms {
            h.str(&t.name);
        }
        Inputs {
            docs,
            all: h.finish(),
        }
    }
}

/// What an incremental build keeps of the search index to patch it: the
/// inverted lists and what the files of the document store were made from.
#[derive(Debug, Serialize, serde::Deserialize)]
pub struct SearchState {
    /// Whose output this describes (set and checked by the caller: the
    /// fingerprint of the build's search work and the global fingerprint).
    pub tag: (Fingerprint, Fingerprint),
    /// [`Inputs::docs`] of the build.
    docs: Vec<Fingerprint>,
    /// The rounded average field lengths, in [`AVG_STEPS`].
    avg: [i32; NFIELDS],
    /// The hash of each store chunk file, as written to the manifest's version.
    store: Vec<u64>,
    /// Each word, spelling and pair shard file by name (`w/3.json`).
    shards: BTreeMap<String, ShardRecord>,
    /// The lists.
    lists: Lists,
    /// How many documents the build patched into the previous lists; None
    /// when it built them whole.
    #[serde(skip)]
    patched: Option<usize>,
}

/// What [`SearchState`] remembers of a shard file.
#[derive(Debug, Clone, Serialize, serde::Deserialize)]
struct ShardRecord {
    /// The fingerprint of what it was made from.
    fingerprint: Fingerprint,
    /// Its hash, as written to the manifest's version.
    hash: u64,
    /// Its size gzipped and raw, once [`Shards::hot`] weighed it.
    sizes: Option<(usize, usize)>,
}

impl SearchState {
    /// Saves the bytes of the lists, the three buffers each in its file of
    /// `files`; the rest (serde) describes them. A buffer read from its
    /// file has only what changed written into it ([`packed::Packed::save_bytes`]).
    pub fn save_lists(&self, files: &[PathBuf; 3]) -> std::io::Result<()> {
        self.lists
            .buffers()
            .into_iter()
            .zip(files)
            .try_for_each(|(packed, file)| packed.save_bytes(file))
    }

    /// Gives a state read from its description the bytes of its lists,
    /// from `files` ([`SearchState::save_lists`]); None when they cannot
    /// be read or are not the bytes it was saved with.
    pub fn with_lists(mut self, files: &[PathBuf; 3]) -> Option<SearchState> {
        for (packed, file) in self.lists.buffers_mut().into_iter().zip(files) {
            packed.attach(std::fs::read(file).ok()?).ok()?;
        }
        Some(self)
    }

    /// How many documents the build that made this state patched into the
    /// previous build's lists; None when it built them whole.
    pub fn patched(&self) -> Option<usize> {
        self.patched
    }
}

/// Writes the search index through `sink`, patching `previous` (the state
/// of the build that wrote the output being updated, its files still as
/// written) when only a few documents changed and the rounded averages did
/// not; returns what was written and the state for the next build. The
/// files are the same, byte for byte, either way.
pub fn write_index_from(
    index: &Index,
    config: &Config,
    urls: &Urls<'_>,
    sink: &Sink<'_>,
    inputs: &Inputs,
    mut previous: Option<SearchState>,
) -> (Written, SearchState) {
    let dir = index_dir(config);
    let lap = crate::site::Laps::new();
    let n = index.models.len();
    let mut files: Vec<Emitted> = Vec::new();
    let emit = |name: String, bytes: Vec<u8>| -> Emitted {
        let path = format!("{dir}{name}");
        let hash = fnv1a(fnv1a(FNV_SEED, path.as_bytes()), &bytes);
        sink(OutputFile::bytes(path.clone(), bytes))?;
        Ok((path, hash))
    };
    let chunk_json = |first: usize, texts: &[DocText<'_>]| -> Vec<u8> {
        let entries: Vec<StoredDoc<'_>> = texts
            .iter()
            .enumerate()
            .map(|(j, d)| stored_doc(index, first + j, &d.fields[NFIELDS - 1]))
            .collect();
        serde_json::to_vec(&entries).expect("strings and numbers serialise")
    };

    // 1. The inverted lists; the document store is written on the way.
    let totals = (0..n).into_par_iter().map(|i| field_lens(index, i)).reduce(
        || [0.0; NFIELDS],
        |a, b| std::array::from_fn(|f| a[f] + b[f]),
    );
    let steps: [i32; NFIELDS] = std::array::from_fn(|f| {
        let avg = (totals[f] / n.max(1) as f64).max(1.0);
        (avg.log2() * AVG_STEPS).round() as i32
    });
    let avg: [f64; NFIELDS] = std::array::from_fn(|f| (f64::from(steps[f]) / AVG_STEPS).exp2());
    let changed: Option<Vec<usize>> = previous.as_ref().and_then(|p| {
        if p.docs.len() != n || p.avg != steps {
            return None;
        }
        let changed: Vec<usize> = (0..n).filter(|&i| p.docs[i] != inputs.docs[i]).collect();
        (changed.len() <= n / 8).then_some(changed)
    });
    let patched = changed.as_ref().map(Vec::len);
    lap.at("  search changed documents");
    let previous_shards = previous
        .as_mut()
        .map(|p| std::mem::take(&mut p.shards))
        .unwrap_or_default();
    let (lists, store) = match (previous, changed) {
        (Some(previous), Some(changed)) => {
            let SearchState {
                mut lists,
                mut store,
                ..
            } = previous;
            let texts: Vec<(u32, DocText<'_>)> = changed
                .iter()
                .map(|&i| (i as u32, doc_text(index, i)))
                .collect();
            lists.patch(&texts, &avg);
            lap.at("  search lists patched");
            let mut chunks: Vec<usize> = changed.iter().map(|i| i / DOC_CHUNK).collect();
            chunks.dedup();
            let made: Vec<(usize, Emitted)> = chunks
                .par_iter()
                .map(|&c| {
                    let first = c * DOC_CHUNK;
                    let texts: Vec<DocText<'_>> = (first..(first + DOC_CHUNK).min(n))
                        .map(|i| doc_text(index, i))
                        .collect();
                    (c, emit(format!("d/{c}.json"), chunk_json(first, &texts)))
                })
                .collect();
            let mut made = made.into_iter().peekable();
            for (c, hash) in store.iter_mut().enumerate() {
                let result = match made.next_if(|(m, _)| *m == c) {
                    Some((_, r)) => r,
                    None => {
                        let path = format!("{dir}d/{c}.json");
                        sink(OutputFile {
                            path: path.clone(),
                            contents: crate::output::Contents::Unchanged,
                        })
                        .map(|()| (path, *hash))
                    }
                };
                if let Ok((_, h)) = &result {
                    *hash = *h;
                }
                files.push(result);
            }
            (lists, store)
        }
        _ => {
            let stored = std::sync::Mutex::new(Vec::new());
            let visit = |range: std::ops::Range<usize>, docs: &[DocText<'_>]| {
                let mut out = Vec::new();
                for (k, group) in docs.chunks(DOC_CHUNK).enumerate() {
                    let first = range.start + k * DOC_CHUNK;
                    let c = first / DOC_CHUNK;
                    out.push((c, emit(format!("d/{c}.json"), chunk_json(first, group))));
                }
                stored.lock().unwrap_or_else(|e| e.into_inner()).extend(out);
            };
            let mut lists = Lists::build(n, |i| doc_text(index, i), &avg, &visit);
            lists.forget_ids();
            let mut stored = stored.into_inner().unwrap_or_else(|e| e.into_inner());
            stored.sort_by_key(|(c, _)| *c);
            let store = stored
                .iter()
                .map(|(_, r)| r.as_ref().map_or(0, |(_, h)| *h))
                .collect();
            files.extend(stored.into_iter().map(|(_, r)| r));
            (lists, store)
        }
    };
    lap.at("  search lists+store");
    let shards = Shards::new(&lists, n);
    lap.at("  search shards new");
    let word_firsts = shards.word_firsts();
    let pair_firsts = shards.pair_firsts();
    // Every word, spelling and pair shard, by name, with the fingerprint
    // of what it is made from and the previous build's record of the file
    // of that name when it was made from the same.
    let kinds: Vec<(&str, usize)> = (0..shards.words.len())
        .map(|s| ("w", s))
        .chain((0..shards.words.len()).map(|s| ("s", s)))
        .chain((0..shards.pairs.len()).map(|s| ("p", s)))
        .collect();
    let named: Vec<(String, Fingerprint, Option<&ShardRecord>)> = kinds
        .par_iter()
        .map(|&(kind, s)| {
            let name = format!("{kind}/{s}.json");
            let fingerprint = shards.fingerprint(kind, s);
            let same = previous_shards
                .get(&name)
                .filter(|r| r.fingerprint == fingerprint);
            (name, fingerprint, same)
        })
        .collect();
    let index_of = |kind: &str, s: usize| match kind {
        "w" => s,
        "s" => shards.words.len() + s,
        _ => 2 * shards.words.len() + s,
    };
    lap.at("  search shard fingerprints");
    let mut measured: BTreeMap<usize, (usize, usize)> = BTreeMap::new();
    let hot = shards.hot(|is_pair, s| {
        let i = index_of(if is_pair { "p" } else { "w" }, s);
        let sizes = named[i]
            .2
            .and_then(|r| r.sizes)
            .unwrap_or_else(|| shards.sizes(is_pair, s));
        measured.insert(i, sizes);
        sizes
    });
    lap.at("  search hot");
    // A shard made from the same lists as the previous build's file of the
    // same name is that file: it is not made again.
    let shard_files: Vec<(ShardRecord, Emitted)> = kinds
        .par_iter()
        .zip(&named)
        .enumerate()
        .map(|(i, (&(kind, s), (name, fingerprint, same)))| {
            let result = match same {
                Some(record) => {
                    let path = format!("{dir}{name}");
                    sink(OutputFile {
                        path: path.clone(),
                        contents: crate::output::Contents::Unchanged,
                    })
                    .map(|()| (path, record.hash))
                }
                None => {
                    let text = match kind {
                        "w" => shards.word_shard(s),
                        "s" => shards.spelling_shard(s),
                        _ => shards.pair_shard(s),
                    };
                    emit(name.clone(), text.into_bytes())
                }
            };
            let record = ShardRecord {
                fingerprint: *fingerprint,
                hash: result.as_ref().map_or(0, |(_, h)| *h),
                sizes: measured.get(&i).copied(),
            };
            (record, result)
        })
        .collect();
    let mut shard_records = BTreeMap::new();
    for ((name, _, _), (record, result)) in named.iter().zip(shard_files) {
        if result.is_ok() {
            shard_records.insert(name.clone(), record);
        }
        files.push(result);
    }
    lap.at("  search shard text");
    let completions = completions(&lists);
    let prefixes: Vec<String> = completions.iter().map(|(p, _)| p.clone()).collect();
    let mut ahead = Ahead::default();
    for (i, (_, groups)) in completions.into_iter().enumerate() {
        let json = serde_json::to_string(&groups).expect("strings and numbers serialise");
        let path = format!("c/{i}.json");
        ahead.push(&path, &json);
        files.push(emit(path, json.into_bytes()));
    }
    for (kind, list) in [("w", &hot.w), ("p", &hot.p)] {
        for &s in list {
            let text = match kind {
                "w" => shards.word_shard(s),
                _ => shards.pair_shard(s),
            };
            ahead.push(&format!("{kind}/{s}.json"), &text);
        }
    }
    drop(shards);
    lap.at("  search completions ahead");

    // 3. Facets, the files fetched ahead, and the manifest, whose version
    // hashes every other file.
    let facets = facets(index);
    ahead.push("facets.json", &String::from_utf8_lossy(&facets));
    files.push(emit("facets.json".into(), facets));
    let (ahead_paths, ahead_json) = ahead.finish();
    files.push(emit(AHEAD_FILE.into(), ahead_json.into_bytes()));
    let mut written = Vec::new();
    let mut diagnostics = Vec::new();
    let mut hashes = Vec::new();
    for f in files {
        match f {
            Ok((path, hash)) => {
                written.push(path.clone());
                hashes.push((path, hash));
            }
            Err(d) => diagnostics.push(d),
        }
    }
    hashes.sort();
    let version = hashes
        .iter()
        .fold(FNV_SEED, |h, (_, x)| fnv1a(h, &x.to_le_bytes()));
    let manifest = Manifest {
        version: VERSION,
        hash: format!("{version:016x}"),
        docs: n,
        chunk: DOC_CHUNK,
        model_url: urls.model("{slug}"),
        fields: index
            .fields
            .terms
            .iter()
            .map(|t| (t.name.as_str(), t.slug.as_str()))
            .collect(),
        years: index.years.terms.iter().map(|t| t.name.as_str()).collect(),
        w: word_firsts,
        p: pair_firsts,
        c: prefixes,
        hot,
        ahead: ahead_paths,
        rank: Rank {
            scale: WORD_SCALE,
            pair_scale: PAIR_SCALE,
            prefix: PREFIX_WEIGHT,
            inexact: INEXACT_WEIGHT,
            phrase: PHRASE_WEIGHT,
            terms: MAX_TERMS,
            expand: MAX_EXPANSIONS,
            complete: MIN_COMPLETION,
            range: MAX_RANGE_SHARDS,
        },
    };
    let json = serde_json::to_string(&manifest).expect("strings and numbers serialise");
    match emit("meta.json".into(), json.clone().into_bytes()) {
        Ok((path, _)) => written.push(path),
        Err(d) => diagnostics.push(d),
    }
    let state = SearchState {
        tag: (Fingerprint(0), Fingerprint(0)),
        docs: inputs.docs.clone(),
        avg: steps,
        store,
        shards: shard_records,
        lists,
        patched,
    };
    (
        Written {
            paths: written,
            diagnostics,
            manifest: json,
        },
        state,
    )
}

/// `meta.json`.
#[derive(Serialize)]
struct Manifest<'a> {
    version: u32,
    hash: String,
    docs: usize,
    chunk: usize,
    model_url: String,
    fields: Vec<(&'a str, &'a str)>,
    years: Vec<&'a str>,
    w: Vec<String>,
    p: Vec<String>,
    c: Vec<String>,
    hot: Hot,
    /// The files that [`AHEAD_FILE`] holds, by path.
    ahead: Vec<String>,
    rank: Rank,
}

/// One file holding others that the search page fetches ahead, once it is
/// idle: every completion file, the facets, and the shards of the commonest
/// words and pairs ([`Shards::hot`]). One request instead of 40 or 50: each
/// request costs a phone main-thread time, even from the HTTP cache.
pub const AHEAD_FILE: &str = "ahead.json";

/// Builds [`AHEAD_FILE`]: `{"<path>": <that file's JSON>, …}`.
#[derive(Default)]
struct Ahead {
    paths: Vec<String>,
    json: String,
}

impl Ahead {
    fn push(&mut self, path: &str, json: &str) {
        self.json
            .push(if self.paths.is_empty() { '{' } else { ',' });
        self.json.push_str(&json_string(path));
        self.json.push(':');
        self.json.push_str(json.trim_end());
        self.json.push('\n');
        self.paths.push(path.to_owned());
    }

    fn finish(mut self) -> (Vec<String>, String) {
        if self.paths.is_empty() {
            self.json.push('{');
        }
        self.json.push_str("}\n");
        (self.paths, self.json)
    }
}

/// Shards the search page fetches ahead: `{"w": [shard…], "p": [shard…]}`.
#[derive(Serialize, Default, Debug, PartialEq)]
struct Hot {
    w: Vec<usize>,
    p: Vec<usize>,
}

/// The ranking constants, so the script and [`query`] share one source.
#[derive(Serialize)]
struct Rank {
    scale: f64,
    pair_scale: f64,
    prefix: f64,
    inexact: f64,
    phrase: f64,
    terms: usize,
    expand: usize,
    complete: usize,
    range: usize,
}

/// One entry of the document store: `[slug, title, unit, field, year, locality, text]`.
type StoredDoc<'a> = (&'a str, &'a str, &'a str, usize, i32, &'a str, String);

fn stored_doc<'a>(index: &'a Index, i: usize, body: &str) -> StoredDoc<'a> {
    let m = &index.models[i];
    let summary = m.summary.trim();
    // Only the start of the body is kept: collapse its white space, keeping
    // one line break between blocks (the script shows it as a dash).
    let head = text::clip(
        body.trim_start(),
        summary.chars().count() + SNIPPET_CHARS + 50,
    );
    let body = head
        .lines()
        .map(|l| l.split_whitespace().collect::<Vec<_>>().join(" "))
        .filter(|l| !l.is_empty())
        .collect::<Vec<_>>()
        .join("\n");
    let body = body
        .strip_prefix(summary.trim_end_matches('…'))
        .unwrap_or(&body)
        .trim_start();
    let mut snippet = summary.to_owned();
    let body = text::clip(body, SNIPPET_CHARS);
    if !body.is_empty() {
        if !snippet.is_empty() {
            snippet.push('\n');
        }
        snippet.push_str(body);
    }
    (
        &m.slug,
        &m.title,
        &m.unit,
        index.model_terms[i].field,
        m.year,
        m.locality.as_deref().unwrap_or(""),
        snippet,
    )
}

/// `facets.json`: `{"f": field of each document, "y": year of each document}`,
/// as indexes into the manifest's lists, in the number encoding.
fn facets(index: &Index) -> Vec<u8> {
    let mut f = String::new();
    let mut y = String::new();
    for t in &index.model_terms {
        push_number(&mut f, t.field as u32);
        push_number(&mut y, t.year as u32);
    }
    serde_json::to_vec(&serde_json::json!({ "f": f, "y": y })).expect("strings serialise")
}

/// Compares strings as JavaScript does (UTF-16 code units), so the script's
/// binary searches agree with the order of the files.
pub fn js_cmp(a: &str, b: &str) -> std::cmp::Ordering {
    a.encode_utf16().cmp(b.encode_utf16())
}

/// The inverted lists in key order, cut into shards.
struct Shards<'a> {
    lists: &'a Lists,
    n: usize,
    /// Spellings of each key, commonest first.
    forms_of: Vec<Vec<u32>>,
    /// Word ids of each shard, in key order.
    words: Vec<Vec<u32>>,
    /// Pair ids of each shard, in key order.
    pairs: Vec<Vec<u32>>,
}

impl<'a> Shards<'a> {
    fn new(lists: &'a Lists, n: usize) -> Self {
        let mut forms_of: Vec<Vec<u32>> = vec![Vec::new(); lists.keys.len()];
        for (f, (_, key)) in lists.forms.iter().enumerate() {
            forms_of[*key as usize].push(f as u32);
        }
        for forms in &mut forms_of {
            forms.sort_by(|&a, &b| {
                let (da, db) = (lists.form_docs.docs_len(a), lists.form_docs.docs_len(b));
                db.cmp(&da)
                    .then_with(|| js_cmp(&lists.forms[a as usize].0, &lists.forms[b as usize].0))
            });
        }
        let words = cut(lists.word_order(), |id| {
            let list = &lists.words;
            lists.keys[id as usize].len() + list.gaps_len(id) + list.docs_len(id) + 16
        });
        let pairs = cut(lists.pair_order(), |id| {
            let (a, b) = lists.pairs[id as usize];
            let key_len = lists.keys[a as usize].len() + 1 + lists.keys[b as usize].len();
            let list = &lists.pair_lists;
            key_len + list.gaps_len(id) + list.docs_len(id) + 16
        });
        Shards {
            lists,
            n,
            forms_of,
            words,
            pairs,
        }
    }

    /// The shards holding the commonest words and pairs, commonest first,
    /// as many as fit in [`HOT_BYTES`] gzipped and [`HOT_RAW_BYTES`] raw. Nearly every query has some
    /// of them (`dân`, `vận`, `dân vận` …) and they are the largest lists, so
    /// a page that has them before the reader submits saves a round trip and
    /// most of the bytes of a query. `sizes(is_pair, s)` gives a shard's
    /// size gzipped and raw (remembered from the previous build when the
    /// shard is the same: gzipping is most of the work).
    fn hot(&self, mut sizes: impl FnMut(bool, usize) -> (usize, usize)) -> Hot {
        let lists = self.lists;
        let shard_of = |shards: &[Vec<u32>]| -> FastMap<u32, usize> {
            let mut map = FastMap::default();
            for (s, ids) in shards.iter().enumerate() {
                for &id in ids {
                    map.insert(id, s);
                }
            }
            map
        };
        let (word_shard, pair_shard) = (shard_of(&self.words), shard_of(&self.pairs));
        let words = top(&lists.words, |a, b| {
            js_cmp(&lists.keys[a as usize], &lists.keys[b as usize])
        });
        let pairs = top(&lists.pair_lists, |a, b| lists.pair_cmp(a, b));
        // Candidates of both kinds, commonest first.
        let mut candidates: Vec<(usize, bool, usize)> = words
            .into_iter()
            .map(|id| (lists.words.docs_len(id), false, word_shard[&id]))
            .chain(
                pairs
                    .into_iter()
                    .map(|id| (lists.pair_lists.docs_len(id), true, pair_shard[&id])),
            )
            .collect();
        candidates.sort_by(|a, b| b.0.cmp(&a.0).then(a.1.cmp(&b.1)).then(a.2.cmp(&b.2)));
        let mut hot = Hot::default();
        let (mut bytes, mut raw) = (0, 0);
        for (_, is_pair, s) in candidates {
            let chosen = if is_pair { &mut hot.p } else { &mut hot.w };
            if chosen.contains(&s) {
                continue;
            }
            let (size, len) = sizes(is_pair, s);
            if bytes + size <= HOT_BYTES && raw + len <= HOT_RAW_BYTES {
                bytes += size;
                raw += len;
                chosen.push(s);
            }
        }
        hot
    }

    /// Shard `s`'s size gzipped and raw (`is_pair`: a pair shard, else a word shard).
    fn sizes(&self, is_pair: bool, s: usize) -> (usize, usize) {
        let text = if is_pair {
            self.pair_shard(s)
        } else {
            self.word_shard(s)
        };
        (gzip_len(text.as_bytes()), text.len())
    }

    fn word_firsts(&self) -> Vec<String> {
        self.words
            .iter()
            .map(|s| self.lists.keys[s[0] as usize].clone())
            .collect()
    }

    fn pair_firsts(&self) -> Vec<String> {
        self.pairs
            .iter()
            .map(|s| self.lists.pair_key(s[0]))
            .collect()
    }

    /// Appends the docs and impacts of a list: `"docs","impacts"`.
    ///
    /// Every document of a list is kept, so counts, the all-words rule and
    /// the filters stay exact; but in a list of a syllable most documents
    /// hold (`dân`, `vận`: 60–100 % of them at 100 000 models) the impacts
    /// would be most of the bytes a query fetches, and they barely matter:
    /// such a word's IDF is small. So a long list keeps the impacts of its
    /// [`TOP_IMPACTS`] best documents (those above a cut, so ties stay
    /// together) and gives all the others the median of theirs: one
    /// repeated character, which gzip all but removes.
    fn push_list(&self, out: &mut String, list: Posting<'_>, scale: f64) {
        let df = list.docs;
        let idf = (1.0 + self.n as f64 / df.max(1) as f64).ln();
        // Impacts of the weights met so far (0: not yet): most lists are
        // short, so a whole table of 256 logarithms would be mostly waste.
        let mut table = [0u8; 256];
        let mut digits: Vec<u8> = list
            .weights
            .iter()
            .map(|&w| {
                let d = &mut table[usize::from(w)];
                if *d == 0 {
                    *d = impact(idf * weight_of(w), scale);
                }
                *d
            })
            .collect();
        if df > 2 * TOP_IMPACTS {
            flatten_tail(&mut digits, TOP_IMPACTS);
        }
        out.push('"');
        out.push_str(&list.to_text());
        out.push_str("\",\"");
        push_impacts(out, &digits);
        out.push('"');
    }

    /// A fingerprint of everything shard `s` of `kind` (`w`, `s` or `p`)
    /// is made from, far cheaper than making it: its keys, and the hash
    /// each of their lists keeps of its bytes ([`packed::Packed::hash_of`]).
    fn fingerprint(&self, kind: &str, s: usize) -> Fingerprint {
        let lists = self.lists;
        let mut seen = Vec::with_capacity(64 * self.words.get(s).map_or(0, Vec::len));
        seen.extend_from_slice(kind.as_bytes());
        seen.extend_from_slice(&(self.n as u64).to_le_bytes());
        // 0xff occurs in no UTF-8 text: it ends a key.
        let text = |seen: &mut Vec<u8>, t: &str| {
            seen.extend_from_slice(t.as_bytes());
            seen.push(0xff);
        };
        let list = |seen: &mut Vec<u8>, packed: &packed::Packed, id: u32| {
            seen.extend_from_slice(&packed.hash_of(id).to_le_bytes());
            seen.extend_from_slice(&(packed.gaps_len(id) as u64).to_le_bytes());
            seen.extend_from_slice(&(packed.docs_len(id) as u64).to_le_bytes());
        };
        match kind {
            "w" | "s" => {
                for &id in &self.words[s] {
                    text(&mut seen, &lists.keys[id as usize]);
                    list(&mut seen, &lists.words, id);
                    if kind == "s" {
                        for &f in &self.forms_of[id as usize] {
                            text(&mut seen, &lists.forms[f as usize].0);
                            list(&mut seen, &lists.form_docs, f);
                        }
                    }
                }
            }
            _ => {
                for &id in &self.pairs[s] {
                    let (a, b) = lists.pairs[id as usize];
                    text(&mut seen, &lists.keys[a as usize]);
                    text(&mut seen, &lists.keys[b as usize]);
                    list(&mut seen, &lists.pair_lists, id);
                }
            }
        }
        Fingerprint::of(&seen)
    }

    /// `[[key, df, docs, impacts]…]`
    fn word_shard(&self, s: usize) -> String {
        let lists = self.lists;
        let mut out = String::from("[");
        for (i, &id) in self.words[s].iter().enumerate() {
            let list = lists.words.get(id);
            if i > 0 {
                out.push_str(",\n");
            }
            out.push('[');
            out.push_str(&json_string(&lists.keys[id as usize]));
            out.push_str(&format!(",{},", list.docs));
            self.push_list(&mut out, list, WORD_SCALE);
            out.push(']');
        }
        out.push_str("]\n");
        out
    }

    /// `[[key, [[spelling, docs or "" for all the key's]…]]…]`, commonest spelling first.
    fn spelling_shard(&self, s: usize) -> String {
        let lists = self.lists;
        let mut out = String::from("[");
        for (i, &id) in self.words[s].iter().enumerate() {
            let df = lists.words.docs_len(id);
            if i > 0 {
                out.push_str(",\n");
            }
            out.push('[');
            out.push_str(&json_string(&lists.keys[id as usize]));
            out.push_str(",[");
            for (j, &f) in self.forms_of[id as usize].iter().enumerate() {
                let docs = lists.form_docs.get(f);
                if j > 0 {
                    out.push(',');
                }
                out.push('[');
                out.push_str(&json_string(&lists.forms[f as usize].0));
                out.push_str(",\"");
                if docs.docs != df {
                    out.push_str(&docs.to_text());
                }
                out.push_str("\"]");
            }
            out.push_str("]]");
        }
        out.push_str("]\n");
        out
    }

    /// `[["key key", df, docs, impacts]…]`
    fn pair_shard(&self, s: usize) -> String {
        let mut out = String::from("[");
        for (i, &id) in self.pairs[s].iter().enumerate() {
            let list = self.lists.pair_lists.get(id);
            if i > 0 {
                out.push_str(",\n");
            }
            out.push('[');
            out.push_str(&json_string(&self.lists.pair_key(id)));
            out.push_str(&format!(",{},", list.docs));
            self.push_list(&mut out, list, PAIR_SCALE);
            out.push(']');
        }
        out.push_str("]\n");
        out
    }
}

/// The [`HOT_KEYS`] commonest lists of `packed`, commonest first, ties by
/// key (`cmp`), not by id: ids depend on the order documents were indexed
/// in, and patched lists must give the same files. Only the lists at least
/// as common as the last of them are sorted.
fn top(packed: &packed::Packed, cmp: impl Fn(u32, u32) -> std::cmp::Ordering) -> Vec<u32> {
    let df = |id: u32| packed.docs_len(id);
    let mut dfs: Vec<usize> = (0..packed.len() as u32).map(df).collect();
    let least = if dfs.len() >= HOT_KEYS {
        *dfs.select_nth_unstable_by(HOT_KEYS - 1, |a, b| b.cmp(a)).1
    } else {
        0
    };
    let mut ids: Vec<u32> = (0..packed.len() as u32)
        .filter(|&id| df(id) >= least)
        .collect();
    ids.sort_by(|&a, &b| df(b).cmp(&df(a)).then_with(|| cmp(a, b)));
    ids.truncate(HOT_KEYS);
    ids
}

/// Size of `bytes` gzipped, as a static host would send them.
fn gzip_len(bytes: &[u8]) -> usize {
    use std::io::Write;
    let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::new(6));
    // Writing to memory cannot fail.
    let _ = gz.write_all(bytes);
    gz.finish().map_or(bytes.len(), |v| v.len())
}

/// Keeps the `keep` highest impacts (fewer when a tie straddles the cut)
/// and sets every other one to the median of those others.
fn flatten_tail(digits: &mut [u8], keep: usize) {
    let mut counts = [0usize; 64];
    for &d in digits.iter() {
        counts[usize::from(d)] += 1;
    }
    // The cut: the smallest value such that at most `keep` impacts exceed it.
    let mut above = 0;
    let mut cut = 63;
    while cut > 0 && above + counts[cut] <= keep {
        above += counts[cut];
        cut -= 1;
    }
    let rest = digits.len() - above;
    let mut seen = 0;
    let mut median = 0;
    for (v, &c) in counts.iter().enumerate().take(cut + 1) {
        seen += c;
        if 2 * seen > rest {
            median = v as u8;
            break;
        }
    }
    for d in digits.iter_mut() {
        if usize::from(*d) <= cut {
            *d = median;
        }
    }
}

/// Cuts ids (in key order) into shards of about [`SHARD_BYTES`].
fn cut(order: &[u32], size: impl Fn(u32) -> usize) -> Vec<Vec<u32>> {
    let mut shards = Vec::new();
    let mut current = Vec::new();
    let mut bytes = 0;
    for &id in order {
        let s = size(id);
        if !current.is_empty() && bytes + s > SHARD_BYTES {
            shards.push(std::mem::take(&mut current));
            bytes = 0;
        }
        current.push(id);
        bytes += s;
    }
    if !current.is_empty() {
        shards.push(current);
    }
    shards
}

/// Two-letter prefix → its commonest keys as `[key, df]`.
type Completions<'a> = BTreeMap<String, Vec<(&'a str, usize)>>;

/// Completion files, one per first letter (in script order): for each
/// two-letter prefix, the commonest keys of two or more letters starting
/// with it, at most [`COMPLETIONS`].
fn completions(lists: &Lists) -> Vec<(String, Completions<'_>)> {
    let mut files: BTreeMap<String, Completions<'_>> = BTreeMap::new();
    for (id, key) in lists.keys.iter().enumerate() {
        let mut chars = key.chars();
        let (Some(a), Some(b)) = (chars.next(), chars.next()) else {
            continue;
        };
        files
            .entry(a.to_string())
            .or_default()
            .entry(format!("{a}{b}"))
            .or_default()
            .push((key, lists.words.docs_len(id as u32)));
    }
    let mut out: Vec<(String, Completions<'_>)> = files
        .into_iter()
        .map(|(first, mut groups)| {
            for keys in groups.values_mut() {
                keys.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| js_cmp(a.0, b.0)));
                keys.truncate(COMPLETIONS);
            }
            (first, groups)
        })
        .collect();
    out.sort_by(|a, b| js_cmp(&a.0, &b.0));
    out
}

fn json_string(s: &str) -> String {
    serde_json::to_string(s).expect("a string serialises")
}
