//! The reference implementation of the search that `static/search.js`
//! runs in the browser: the same files fetched in the same way, the same
//! ranking. The unit tests rank with it, and it reports which files a query
//! reads, which is what the browser downloads.
//!
//! 1. The query is split into words like the indexed text ([`super::text`]),
//!    at most [`MAX_TERMS`](super::MAX_TERMS) of them; the last one is a
//!    prefix when the query ends inside it (the reader is still typing).
//! 2. Each word looks up its key, and a prefix also its commonest
//!    completions; a one-letter prefix that is no key is ignored until more
//!    is typed.
//! 3. Each pair of adjacent words (not split by punctuation) looks up the
//!    pair key; a pair ending in the prefix takes every pair key starting
//!    with it, in at most [`MAX_RANGE_SHARDS`](super::MAX_RANGE_SHARDS) shards.
//! 4. Scores and the choice of results are described in [`super`].

use std::collections::{BTreeSet, HashMap};

use serde_json::Value;

use super::encode::{self, PAIR_SCALE, WORD_SCALE, impact_value};
use super::{
    INEXACT_WEIGHT, MAX_EXPANSIONS, MAX_RANGE_SHARDS, MAX_TERMS, MIN_COMPLETION, PHRASE_WEIGHT,
    PREFIX_WEIGHT, js_cmp, text,
};

/// One word of a query.
#[derive(Debug, Clone, PartialEq)]
pub struct Word {
    /// Lower-case NFC, as typed.
    pub form: String,
    /// Folded.
    pub key: String,
    /// Separated from the previous word by punctuation.
    pub breaks: bool,
}

/// A parsed query.
#[derive(Debug, Clone, PartialEq)]
pub struct Query {
    /// Its words, at most [`MAX_TERMS`].
    pub words: Vec<Word>,
    /// The last word is still being typed: match it as a prefix.
    pub prefix: bool,
}

impl Query {
    /// Splits a query as the script does.
    pub fn parse(q: &str) -> Query {
        let q = crate::vi::nfc(q);
        let mut words: Vec<Word> = text::words(&q)
            .into_iter()
            .map(|(form, breaks)| Word {
                key: text::key(&form),
                form,
                breaks,
            })
            .filter(|w| !w.key.is_empty())
            .collect();
        let prefix = words.len() <= MAX_TERMS
            && q.chars().last().is_some_and(|c| {
                c.is_alphanumeric() || unicode_normalization::char::is_combining_mark(c)
            });
        words.truncate(MAX_TERMS);
        Query { words, prefix }
    }
}

/// Filters by field and year (indexes into the manifest's lists).
#[derive(Debug, Clone, Copy, Default)]
pub struct Filters {
    /// Only this field.
    pub field: Option<usize>,
    /// Only this year.
    pub year: Option<usize>,
}

/// What a search finds.
#[derive(Debug, Clone, Default)]
pub struct Results {
    /// Matching documents, best first.
    pub docs: Vec<u32>,
    /// Their scores.
    pub scores: Vec<f64>,
    /// Whether every word matched (else: documents with most of the words).
    pub all_words: bool,
    /// Results per field, with the year filter applied.
    pub field_counts: Vec<usize>,
    /// Results per year, with the field filter applied.
    pub year_counts: Vec<usize>,
}

/// A document of the store.
#[derive(Debug, Clone, PartialEq)]
pub struct Doc {
    /// URL slug.
    pub slug: String,
    /// Title.
    pub title: String,
    /// Unit.
    pub unit: String,
    /// Field index.
    pub field: usize,
    /// Year.
    pub year: i64,
    /// Snippet source text.
    pub text: String,
}

/// A word or pair record of a shard.
#[derive(Debug)]
struct Record {
    key: String,
    docs: Vec<u32>,
    impacts: Vec<u8>,
}

/// Spellings of a key with their documents (None: all documents of the key).
type Spellings = Vec<(String, Option<Vec<u32>>)>;

/// Reads the index files of one build, as the browser would.
pub struct Searcher<R: Fn(&str) -> Option<Vec<u8>>> {
    read: R,
    manifest: Value,
    docs: usize,
    shards: HashMap<String, HashMap<String, Record>>,
    spellings: HashMap<String, HashMap<String, Spellings>>,
    files: HashMap<String, Value>,
    /// Every file read so far, relative to the index folder.
    pub fetched: BTreeSet<String>,
}

fn parse_record(v: &Value) -> Option<Record> {
    let a = v.as_array()?;
    let docs = encode::docs(a.get(2)?.as_str()?)?;
    let impacts = encode::impacts(a.get(3)?.as_str()?)?;
    (docs.len() == impacts.len()).then_some(Record {
        key: a.first()?.as_str()?.to_owned(),
        docs,
        impacts,
    })
}

fn parse_spellings(v: &Value) -> Option<(String, Spellings)> {
    let a = v.as_array()?;
    let mut out = Vec::new();
    for s in a.get(1)?.as_array()? {
        let form = s.get(0)?.as_str()?.to_owned();
        let d = s.get(1)?.as_str()?;
        out.push((form, (!d.is_empty()).then(|| encode::docs(d)).flatten()));
    }
    Some((a.first()?.as_str()?.to_owned(), out))
}

/// A term of the query: the records it matches, with their weights.
struct Term<'q> {
    word: &'q Word,
    prefix: bool,
    lists: Vec<(String, String, f64)>,
}

impl<R: Fn(&str) -> Option<Vec<u8>>> Searcher<R> {
    /// Opens an index through `read` (a path relative to the index folder → bytes).
    pub fn open(read: R) -> Option<Self> {
        let manifest: Value = serde_json::from_slice(&read("meta.json")?).ok()?;
        let docs = usize::try_from(manifest.get("docs")?.as_u64()?).ok()?;
        let mut fetched = BTreeSet::new();
        fetched.insert("meta.json".to_owned());
        Some(Searcher {
            read,
            manifest,
            docs,
            shards: HashMap::new(),
            spellings: HashMap::new(),
            files: HashMap::new(),
            fetched,
        })
    }

    fn file(&mut self, path: &str) -> Option<&Value> {
        if !self.files.contains_key(path) {
            let bytes = (self.read)(path)?;
            self.fetched.insert(path.to_owned());
            self.files
                .insert(path.to_owned(), serde_json::from_slice(&bytes).ok()?);
        }
        self.files.get(path)
    }

    fn firsts(&self, kind: &str) -> Vec<String> {
        self.manifest[kind]
            .as_array()
            .map(|a| {
                a.iter()
                    .filter_map(|v| v.as_str().map(str::to_owned))
                    .collect()
            })
            .unwrap_or_default()
    }

    /// The shard of `kind` ("w" or "p") that would hold `key`.
    fn shard_of(&self, kind: &str, key: &str) -> Option<usize> {
        let firsts = self.firsts(kind);
        firsts
            .partition_point(|f| js_cmp(f, key).is_le())
            .checked_sub(1)
    }

    fn load_shard(&mut self, kind: &str, s: usize) -> String {
        let path = format!("{kind}/{s}.json");
        if !self.shards.contains_key(&path) {
            let records: HashMap<String, Record> = self
                .file(&path)
                .and_then(Value::as_array)
                .map(|a| {
                    a.iter()
                        .filter_map(parse_record)
                        .map(|r| (r.key.clone(), r))
                        .collect()
                })
                .unwrap_or_default();
            self.files.remove(&path);
            self.shards.insert(path.clone(), records);
        }
        path
    }

    /// Loads the spellings shard beside word shard `path` (`w/3.json` → `s/3.json`).
    fn load_spellings(&mut self, path: &str) -> String {
        let spath = path.replacen("w/", "s/", 1);
        if !self.spellings.contains_key(&spath) {
            let records: HashMap<String, Spellings> = self
                .file(&spath)
                .and_then(Value::as_array)
                .map(|a| a.iter().filter_map(parse_spellings).collect())
                .unwrap_or_default();
            self.files.remove(&spath);
            self.spellings.insert(spath.clone(), records);
        }
        spath
    }

    /// The shard path holding `key`, when the key exists.
    fn find(&mut self, kind: &str, key: &str) -> Option<String> {
        let s = self.shard_of(kind, key)?;
        let path = self.load_shard(kind, s);
        self.shards[&path].contains_key(key).then_some(path)
    }

    /// Pair records whose key starts with `prefix`: (shard, key).
    fn range(&mut self, prefix: &str) -> Vec<(String, String)> {
        let firsts = self.firsts("p");
        let start = self.shard_of("p", prefix).unwrap_or(0);
        let mut out = Vec::new();
        let shards = firsts.iter().enumerate().skip(start).take(MAX_RANGE_SHARDS);
        for (s, first) in shards {
            if s > start && !first.starts_with(prefix) {
                break;
            }
            let path = self.load_shard("p", s);
            let mut keys: Vec<&String> = self.shards[&path]
                .keys()
                .filter(|k| k.starts_with(prefix))
                .collect();
            keys.sort_by(|a, b| js_cmp(a, b));
            out.extend(keys.into_iter().map(|k| (path.clone(), k.clone())));
        }
        out
    }

    /// Completions of a prefix of two or more letters, commonest first.
    fn completions(&mut self, key: &str) -> Vec<String> {
        let two: String = key.chars().take(2).collect();
        let first: String = key.chars().take(1).collect();
        let firsts = self.firsts("c");
        let Some(i) = firsts.iter().position(|p| *p == first) else {
            return Vec::new();
        };
        let path = format!("c/{i}.json");
        let Some(list) = self
            .file(&path)
            .and_then(|f| f.get(&two))
            .and_then(Value::as_array)
        else {
            return Vec::new();
        };
        list.iter()
            .filter_map(|e| e.get(0).and_then(Value::as_str))
            .filter(|k| *k != key && k.starts_with(key))
            .take(MAX_EXPANSIONS)
            .map(str::to_owned)
            .collect()
    }

    fn terms<'q>(&mut self, query: &'q Query) -> Vec<Term<'q>> {
        let last = query.words.len().saturating_sub(1);
        let mut terms = Vec::new();
        for (i, word) in query.words.iter().enumerate() {
            let prefix = query.prefix && i == last;
            let mut lists = Vec::new();
            if let Some(path) = self.find("w", &word.key) {
                lists.push((path, word.key.clone(), 1.0));
            }
            let letters = word.key.chars().count();
            if prefix && letters >= MIN_COMPLETION {
                for k in self.completions(&word.key) {
                    if let Some(path) = self.find("w", &k) {
                        lists.push((path, k, PREFIX_WEIGHT));
                    }
                }
            }
            if prefix && lists.is_empty() && letters < MIN_COMPLETION {
                continue;
            }
            terms.push(Term {
                word,
                prefix,
                lists,
            });
        }
        terms
    }

    /// Pairs of adjacent query words: their records and weights.
    fn pairs(&mut self, terms: &[Term<'_>]) -> Vec<Vec<(String, String, f64)>> {
        let mut out = Vec::new();
        for w in terms.windows(2) {
            let (a, b) = (&w[0], &w[1]);
            if b.word.breaks {
                continue;
            }
            let key = format!("{} {}", a.word.key, b.word.key);
            let lists = if b.prefix {
                self.range(&key)
                    .into_iter()
                    .map(|(p, k)| {
                        let weight = if k == key { 1.0 } else { PREFIX_WEIGHT };
                        (p, k, weight)
                    })
                    .collect()
            } else {
                self.find("p", &key)
                    .map(|p| vec![(p, key, 1.0)])
                    .unwrap_or_default()
            };
            out.push(lists);
        }
        out
    }

    /// Best weighted impact of each document over some records; with
    /// `exact` (the form typed, whether a prefix), other spellings count less.
    fn best(
        &mut self,
        lists: &[(String, String, f64)],
        exact: Option<(&str, bool)>,
        scale: f64,
    ) -> Vec<f64> {
        let mut best = vec![0.0f64; self.docs];
        for (path, key, weight) in lists {
            let mut is_exact = vec![exact.is_none(); self.docs];
            if let Some((form, prefix)) = exact {
                let spath = self.load_spellings(path);
                let r = &self.shards[path][key];
                for (s, docs) in self.spellings[&spath].get(key).into_iter().flatten() {
                    let hit = if prefix {
                        s.starts_with(form)
                    } else {
                        s == form
                    };
                    if !hit {
                        continue;
                    }
                    for &d in docs.as_ref().unwrap_or(&r.docs) {
                        is_exact[d as usize] = true;
                    }
                }
            }
            let r = &self.shards[path][key];
            for (&d, &q) in r.docs.iter().zip(&r.impacts) {
                let factor = if is_exact[d as usize] {
                    1.0
                } else {
                    INEXACT_WEIGHT
                };
                let v = impact_value(q, scale) * weight * factor;
                if v > best[d as usize] {
                    best[d as usize] = v;
                }
            }
        }
        best
    }

    /// Runs a query with filters.
    pub fn search(&mut self, q: &str, filters: Filters) -> Results {
        let query = Query::parse(q);
        let terms = self.terms(&query);
        if terms.is_empty() {
            return Results {
                all_words: true,
                ..Results::default()
            };
        }
        let pairs = self.pairs(&terms);
        let mut score = vec![0.0f64; self.docs];
        let mut hits = vec![0usize; self.docs];
        for t in &terms {
            let accented = t.word.form != t.word.key;
            let exact = accented.then_some((t.word.form.as_str(), t.prefix));
            for (d, b) in self
                .best(&t.lists, exact, WORD_SCALE)
                .into_iter()
                .enumerate()
            {
                if b > 0.0 {
                    score[d] += b;
                    hits[d] += 1;
                }
            }
        }
        for p in &pairs {
            for (d, b) in self.best(p, None, PAIR_SCALE).into_iter().enumerate() {
                score[d] += PHRASE_WEIGHT * b;
            }
        }
        let mut all_words = true;
        let mut cands: Vec<u32> = (0..self.docs as u32)
            .filter(|&d| hits[d as usize] == terms.len())
            .collect();
        if cands.is_empty() && terms.len() > 1 {
            all_words = false;
            cands = (0..self.docs as u32)
                .filter(|&d| hits[d as usize] > 0)
                .collect();
        }
        let (fields, years) = self.facets();
        let nf = self.manifest["fields"].as_array().map_or(0, Vec::len);
        let ny = self.manifest["years"].as_array().map_or(0, Vec::len);
        let mut field_counts = vec![0; nf];
        let mut year_counts = vec![0; ny];
        let field_ok = |d: u32| {
            filters
                .field
                .is_none_or(|f| fields[d as usize] as usize == f)
        };
        let year_ok = |d: u32| filters.year.is_none_or(|y| years[d as usize] as usize == y);
        for &d in &cands {
            if year_ok(d)
                && let Some(c) = field_counts.get_mut(fields[d as usize] as usize)
            {
                *c += 1;
            }
            if field_ok(d)
                && let Some(c) = year_counts.get_mut(years[d as usize] as usize)
            {
                *c += 1;
            }
        }
        cands.retain(|&d| field_ok(d) && year_ok(d));
        cands.sort_by(|&a, &b| {
            let (a, b) = (a as usize, b as usize);
            hits[b]
                .cmp(&hits[a])
                .then(score[b].total_cmp(&score[a]))
                .then(a.cmp(&b))
        });
        Results {
            scores: cands.iter().map(|&d| score[d as usize]).collect(),
            docs: cands,
            all_words,
            field_counts,
            year_counts,
        }
    }

    fn facets(&mut self) -> (Vec<u32>, Vec<u32>) {
        let n = self.docs;
        let Some(f) = self.file("facets.json") else {
            return (vec![0; n], vec![0; n]);
        };
        let get = |k: &str| {
            f.get(k)
                .and_then(Value::as_str)
                .and_then(encode::numbers)
                .filter(|v| v.len() == n)
                .unwrap_or_else(|| vec![0; n])
        };
        (get("f"), get("y"))
    }

    /// A document of the store.
    pub fn doc(&mut self, id: u32) -> Option<Doc> {
        let chunk = usize::try_from(self.manifest.get("chunk")?.as_u64()?).ok()?;
        let i = id as usize;
        let v = self
            .file(&format!("d/{}.json", i / chunk))?
            .get(i % chunk)?;
        Some(Doc {
            slug: v.get(0)?.as_str()?.to_owned(),
            title: v.get(1)?.as_str()?.to_owned(),
            unit: v.get(2)?.as_str()?.to_owned(),
            field: usize::try_from(v.get(3)?.as_u64()?).ok()?,
            year: v.get(4)?.as_i64()?,
            text: v.get(6)?.as_str()?.to_owned(),
        })
    }

    /// Titles of the results of a query, best first (for tests and tools).
    pub fn titles(&mut self, q: &str) -> Vec<String> {
        let results = self.search(q, Filters::default());
        results
            .docs
            .iter()
            .filter_map(|&d| self.doc(d).map(|d| d.title))
            .collect()
    }
}
