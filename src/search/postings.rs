//! Building the inverted lists: for every word key, every spelling of it and
//! every adjacent pair of keys, the documents that hold it and how strongly.
//!
//! Documents are read in batches; the words of a batch are counted in
//! parallel, each chunk with its own small dictionary, then appended in
//! document order to the global lists (while the next batch is counted), so
//! every list comes out sorted without a sort and memory stays at about the
//! size of the compressed lists.

use std::cmp::Ordering;
use std::collections::HashMap;

use rayon::prelude::*;

use super::encode::weight_byte;
use super::packed::{GrowingList, Packed};
use super::text;
use super::{DocText, FIELD_SPECS, NFIELDS, js_cmp};

/// BM25's term-frequency saturation.
const K1: f64 = 1.2;
/// Documents counted together by one task (a multiple of the store's chunk).
const CHUNK: usize = 256;
/// Documents per batch (counted in parallel while the previous one is appended).
const BATCH: usize = 8 * CHUNK;
const _: () = assert!(
    CHUNK.is_multiple_of(super::DOC_CHUNK),
    "a store chunk never spans two count chunks"
);

/// The lists while [`Lists::build`] appends to them, by id.
#[derive(Default)]
struct Growing {
    words: Vec<GrowingList>,
    forms: Vec<GrowingList>,
    pairs: Vec<GrowingList>,
}

/// All lists of the corpus.
///
/// Ids are given in order of first appearance by [`Lists::build`], and new
/// keys are appended by [`Lists::patch`]: nothing written depends on them
/// (the files order keys by their text), so patched lists give the same
/// files as lists built from scratch.
#[derive(Debug, serde::Serialize, serde::Deserialize)]
pub struct Lists {
    /// Word keys (folded), by id.
    pub keys: Vec<String>,
    #[serde(skip)]
    key_ids: FastMap<String, u32>,
    /// Documents of each word key, weighted.
    pub words: Packed,
    /// Spellings: (lower-case NFC form, key id), by id.
    pub forms: Vec<(String, u32)>,
    #[serde(skip)]
    form_ids: FastMap<String, u32>,
    /// Documents of each spelling (no weights).
    pub form_docs: Packed,
    /// Adjacent key pairs, by id.
    pub pairs: Vec<(u32, u32)>,
    #[serde(skip)]
    pair_ids: FastMap<(u32, u32), u32>,
    /// Documents of each pair, weighted.
    pub pair_lists: Packed,
    /// Key ids in the order of their keys ([`js_cmp`]), kept up to date
    /// by [`Lists::patch`] so a build does not sort them again.
    word_order: Vec<u32>,
    /// Pair ids in the order of their keys, `"a b"`.
    pair_order: Vec<u32>,
}

impl Default for Lists {
    fn default() -> Self {
        Lists {
            keys: Vec::new(),
            key_ids: FastMap::default(),
            words: Packed::new(true),
            forms: Vec::new(),
            form_ids: FastMap::default(),
            form_docs: Packed::new(false),
            pairs: Vec::new(),
            pair_ids: FastMap::default(),
            pair_lists: Packed::new(true),
            word_order: Vec::new(),
            pair_order: Vec::new(),
        }
    }
}

/// The items of two sequences sorted by `key` (the second's without a
/// key of the first), in order: a list patched with a few documents is
/// merged in one pass, not sorted again.
fn merge_sorted<T: Copy>(
    a: impl Iterator<Item = T>,
    b: impl Iterator<Item = T>,
    key: impl Fn(&T) -> u32,
) -> Vec<T> {
    merge_by(a, b, |x, y| key(x) < key(y))
}

/// The items of two sequences sorted by `less`, in order.
fn merge_by<T>(
    a: impl Iterator<Item = T>,
    b: impl Iterator<Item = T>,
    less: impl Fn(&T, &T) -> bool,
) -> Vec<T> {
    let mut out = Vec::with_capacity(a.size_hint().0 + b.size_hint().0);
    let mut b = b.peekable();
    for x in a {
        while let Some(y) = b.next_if(|y| less(y, &x)) {
            out.push(y);
        }
        out.push(x);
    }
    out.extend(b);
    out
}

/// The words of one chunk, with chunk-local ids.
struct Chunk {
    first: u32,
    keys: Vec<String>,
    /// (spelling, local key)
    forms: Vec<(String, u32)>,
    /// (local key, local key)
    pairs: Vec<(u32, u32)>,
    docs: Vec<DocTerms>,
}

/// The terms of one document, in no particular order: (local key, weight),
/// local forms, (local pair, weight).
#[derive(Default)]
struct DocTerms {
    words: Vec<(u32, u8)>,
    forms: Vec<u32>,
    pairs: Vec<(u32, u8)>,
}

/// The new documents and weights of the lists a patch adds to, by id.
type Added = FastMap<u32, Vec<(u32, u8)>>;

impl Lists {
    /// The three buffers of lists (words, spellings, pairs), whose bytes
    /// are saved apart from the rest ([`Packed::save_bytes`]).
    pub fn buffers(&self) -> [&Packed; 3] {
        [&self.words, &self.form_docs, &self.pair_lists]
    }

    /// The three buffers of lists, to give them their saved bytes
    /// ([`Packed::attach`]).
    pub fn buffers_mut(&mut self) -> [&mut Packed; 3] {
        [&mut self.words, &mut self.form_docs, &mut self.pair_lists]
    }

    /// Builds the lists of `n` documents; `doc(i)` gives document `i`,
    /// `avg` the average length of each field, and `visit(range, docs)`
    /// sees the documents of each chunk once counted (for the store).
    pub fn build<'a, F, V>(n: usize, doc: F, avg: &[f64; NFIELDS], visit: &V) -> Lists
    where
        F: Fn(usize) -> DocText<'a> + Sync,
        V: Fn(std::ops::Range<usize>, &[DocText<'a>]) + Sync,
    {
        let mut lists = Lists::default();
        let mut growing = Growing::default();
        let count = |range: std::ops::Range<usize>| -> Vec<Chunk> {
            let starts: Vec<usize> = range.clone().step_by(CHUNK).collect();
            starts
                .into_par_iter()
                .map(|s| {
                    let docs: Vec<DocText<'a>> =
                        (s..(s + CHUNK).min(range.end)).map(&doc).collect();
                    let chunk = count_chunk(s as u32, &docs, avg);
                    visit(s..s + docs.len(), &docs);
                    chunk
                })
                .collect()
        };
        let mut pending: Option<Vec<Chunk>> = None;
        let mut start = 0;
        while start < n || pending.is_some() {
            let range = start..(start + BATCH).min(n);
            start = range.end;
            let (_, counted) = rayon::join(
                || {
                    if let Some(chunks) = pending.take() {
                        for c in chunks {
                            lists.append(&mut growing, c);
                        }
                    }
                },
                || (!range.is_empty()).then(|| count(range)),
            );
            pending = counted;
        }
        // Kept as grown: packed when an edit patches them (see `packed`).
        lists.words = Packed::grown(true, growing.words);
        lists.form_docs = Packed::grown(false, growing.forms);
        lists.pair_lists = Packed::grown(true, growing.pairs);
        let mut word_order: Vec<u32> = (0..lists.keys.len() as u32).collect();
        word_order.par_sort_by(|&a, &b| lists.key_cmp(a, b));
        let mut pair_order: Vec<u32> = (0..lists.pairs.len() as u32).collect();
        pair_order.par_sort_by(|&a, &b| lists.pair_cmp(a, b));
        Lists {
            word_order,
            pair_order,
            ..lists
        }
    }

    /// Key ids in the order of their keys ([`js_cmp`]).
    pub fn word_order(&self) -> &[u32] {
        &self.word_order
    }

    /// Pair ids in the order of their keys, `"a b"` ([`js_cmp`]).
    pub fn pair_order(&self) -> &[u32] {
        &self.pair_order
    }

    /// The key of pair `id`: its two keys with a space between.
    pub fn pair_key(&self, id: u32) -> String {
        let (a, b) = self.pairs[id as usize];
        format!("{} {}", self.keys[a as usize], self.keys[b as usize])
    }

    /// Compares keys `a` and `b` as the index files order them.
    fn key_cmp(&self, a: u32, b: u32) -> Ordering {
        js_cmp(&self.keys[a as usize], &self.keys[b as usize])
    }

    /// Compares the keys of pairs `a` and `b` as the index files order them,
    /// without writing them out.
    pub fn pair_cmp(&self, a: u32, b: u32) -> Ordering {
        let units = |id: u32| {
            let (x, y) = self.pairs[id as usize];
            self.keys[x as usize]
                .encode_utf16()
                .chain(" ".encode_utf16())
                .chain(self.keys[y as usize].encode_utf16())
        };
        units(a).cmp(units(b))
    }

    /// Makes the lists those of the same documents after `changed` (sorted
    /// document numbers, with their new texts) changed: their old postings
    /// are removed from every list and their new ones merged in; lists left
    /// empty are removed. The result lists the same documents with the
    /// same weights as [`Lists::build`] of the whole corpus with the same
    /// `avg` (ids may differ).
    pub fn patch(&mut self, changed: &[(u32, DocText<'_>)], avg: &[f64; NFIELDS]) {
        // The new terms of the changed documents, with ids in these lists.
        let chunks: Vec<Chunk> = changed
            .par_iter()
            .map(|(d, doc)| count_chunk(*d, std::slice::from_ref(doc), avg))
            .collect();
        self.index_ids(&chunks);
        let (old_keys, old_pairs) = (self.keys.len(), self.pairs.len());
        let mut words = Added::default();
        let mut forms = Added::default();
        let mut pairs = Added::default();
        for chunk in chunks {
            let (keys, form_ids, pair_ids) = self.ids_of(&chunk);
            let doc = chunk.first;
            for d in chunk.docs {
                for (k, w) in d.words {
                    words.entry(keys[k as usize]).or_default().push((doc, w));
                }
                for f in d.forms {
                    let docs = forms.entry(form_ids[f as usize]).or_default();
                    if docs.last().map(|e| e.0) != Some(doc) {
                        docs.push((doc, 0));
                    }
                }
                for (p, w) in d.pairs {
                    pairs
                        .entry(pair_ids[p as usize])
                        .or_default()
                        .push((doc, w));
                }
            }
        }
        self.forget_ids();
        let gone: Vec<u32> = changed.iter().map(|(d, _)| *d).collect();
        merge_into(&mut self.words, &words, &gone);
        merge_into(&mut self.pair_lists, &pairs, &gone);
        merge_into(&mut self.form_docs, &forms, &gone);
        // The new keys and pairs, into the orders.
        let mut new_keys: Vec<u32> = (old_keys as u32..self.keys.len() as u32).collect();
        new_keys.sort_by(|&a, &b| self.key_cmp(a, b));
        let order = std::mem::take(&mut self.word_order);
        self.word_order = merge_by(order.into_iter(), new_keys.into_iter(), |&a, &b| {
            self.key_cmp(a, b).is_lt()
        });
        let mut new_pairs: Vec<u32> = (old_pairs as u32..self.pairs.len() as u32).collect();
        new_pairs.sort_by(|&a, &b| self.pair_cmp(a, b));
        let order = std::mem::take(&mut self.pair_order);
        self.pair_order = merge_by(order.into_iter(), new_pairs.into_iter(), |&a, &b| {
            self.pair_cmp(a, b).is_lt()
        });
        self.remove_empty();
    }

    /// Drops the maps from text to id, needed only while lists grow.
    pub fn forget_ids(&mut self) {
        self.key_ids = FastMap::default();
        self.form_ids = FastMap::default();
        self.pair_ids = FastMap::default();
    }

    /// Fills the maps from text to id with the keys, spellings and pairs of
    /// `chunks` these lists have (looked for in one pass over each, rather
    /// than mapping every one).
    fn index_ids(&mut self, chunks: &[Chunk]) {
        self.forget_ids();
        let mut keys: FastMap<&str, ()> = FastMap::default();
        let mut forms: FastMap<&str, ()> = FastMap::default();
        for c in chunks {
            keys.extend(c.keys.iter().map(|k| (k.as_str(), ())));
            forms.extend(c.forms.iter().map(|(f, _)| (f.as_str(), ())));
        }
        for (i, k) in self.keys.iter().enumerate() {
            if keys.contains_key(k.as_str()) {
                self.key_ids.insert(k.clone(), i as u32);
            }
        }
        for (i, (f, _)) in self.forms.iter().enumerate() {
            if forms.contains_key(f.as_str()) {
                self.form_ids.insert(f.clone(), i as u32);
            }
        }
        let mut pairs: FastMap<(u32, u32), ()> = FastMap::default();
        for c in chunks {
            for &(a, b) in &c.pairs {
                let ids = (
                    self.key_ids.get(&c.keys[a as usize]),
                    self.key_ids.get(&c.keys[b as usize]),
                );
                if let (Some(&a), Some(&b)) = ids {
                    pairs.insert((a, b), ());
                }
            }
        }
        for (i, p) in self.pairs.iter().enumerate() {
            if pairs.contains_key(p) {
                self.pair_ids.insert(*p, i as u32);
            }
        }
    }

    /// Removes the keys, spellings and pairs no document holds any more.
    fn remove_empty(&mut self) {
        let live = |p: &Packed| -> Vec<bool> {
            (0..p.len() as u32).map(|id| p.docs_len(id) > 0).collect()
        };
        let live_key = live(&self.words);
        let live_form = live(&self.form_docs);
        let live_pair = live(&self.pair_lists);
        if live_key
            .iter()
            .chain(&live_form)
            .chain(&live_pair)
            .all(|l| *l)
        {
            return;
        }
        // New ids of the kept keys and pairs.
        let renumber = |live: &[bool]| -> Vec<u32> {
            let mut next = 0;
            live.iter()
                .map(|&l| {
                    if l {
                        next += 1;
                        next - 1
                    } else {
                        u32::MAX
                    }
                })
                .collect()
        };
        let (key_map, pair_map) = (renumber(&live_key), renumber(&live_pair));
        fn keep<T>(v: &mut Vec<T>, live: &[bool]) {
            let mut i = 0;
            v.retain(|_| {
                i += 1;
                live[i - 1]
            });
        }
        fn remap(order: &mut Vec<u32>, map: &[u32]) {
            order.retain_mut(|id| {
                *id = map[*id as usize];
                *id != u32::MAX
            });
        }
        keep(&mut self.keys, &live_key);
        self.words.retain(&live_key);
        keep(&mut self.forms, &live_form);
        self.form_docs.retain(&live_form);
        for (_, k) in &mut self.forms {
            *k = key_map[*k as usize];
        }
        keep(&mut self.pairs, &live_pair);
        self.pair_lists.retain(&live_pair);
        for (a, b) in &mut self.pairs {
            *a = key_map[*a as usize];
            *b = key_map[*b as usize];
        }
        remap(&mut self.word_order, &key_map);
        remap(&mut self.pair_order, &pair_map);
    }

    fn key_id(&mut self, key: &str) -> u32 {
        if let Some(&id) = self.key_ids.get(key) {
            return id;
        }
        let id = self.keys.len() as u32;
        self.keys.push(key.to_owned());
        self.key_ids.insert(key.to_owned(), id);
        self.words.push_empty();
        id
    }

    fn form_id(&mut self, form: &str, key: u32) -> u32 {
        if let Some(&id) = self.form_ids.get(form) {
            return id;
        }
        let id = self.forms.len() as u32;
        self.forms.push((form.to_owned(), key));
        self.form_ids.insert(form.to_owned(), id);
        self.form_docs.push_empty();
        id
    }

    fn pair_id(&mut self, pair: (u32, u32)) -> u32 {
        if let Some(&id) = self.pair_ids.get(&pair) {
            return id;
        }
        let id = self.pairs.len() as u32;
        self.pairs.push(pair);
        self.pair_ids.insert(pair, id);
        self.pair_lists.push_empty();
        id
    }

    /// The ids in these lists of a chunk's keys, spellings and pairs (new
    /// ones added), by the chunk's local ids.
    fn ids_of(&mut self, chunk: &Chunk) -> (Vec<u32>, Vec<u32>, Vec<u32>) {
        let keys: Vec<u32> = chunk.keys.iter().map(|k| self.key_id(k)).collect();
        let forms: Vec<u32> = chunk
            .forms
            .iter()
            .map(|(f, k)| self.form_id(f, keys[*k as usize]))
            .collect();
        let pairs: Vec<u32> = chunk
            .pairs
            .iter()
            .map(|&(a, b)| self.pair_id((keys[a as usize], keys[b as usize])))
            .collect();
        (keys, forms, pairs)
    }

    /// Appends a counted chunk; chunks arrive in document order.
    fn append(&mut self, growing: &mut Growing, chunk: Chunk) {
        let (keys, forms, pairs) = self.ids_of(&chunk);
        growing
            .words
            .resize_with(self.keys.len(), GrowingList::default);
        growing
            .forms
            .resize_with(self.forms.len(), GrowingList::default);
        growing
            .pairs
            .resize_with(self.pairs.len(), GrowingList::default);
        for (i, d) in chunk.docs.into_iter().enumerate() {
            let doc = chunk.first + i as u32;
            for (k, w) in d.words {
                let list = &mut growing.words[keys[k as usize] as usize];
                list.docs.push(doc);
                list.weights.push(w);
            }
            for f in d.forms {
                let docs = &mut growing.forms[forms[f as usize] as usize].docs;
                // Two local spellings may be one global one (NFC): once per document.
                if docs.last() != Some(doc) {
                    docs.push(doc);
                }
            }
            for (p, w) in d.pairs {
                let list = &mut growing.pairs[pairs[p as usize] as usize];
                list.docs.push(doc);
                list.weights.push(w);
            }
        }
    }
}

/// How [`merge_into`] changes one list.
enum Update {
    /// The same documents, some with new weights: (index, weight).
    Reweigh(Vec<(usize, u8)>),
    /// Other documents: all of them, with their weights.
    Replace(Vec<(u32, u8)>),
}

/// Removes the documents `gone` (ascending) from every list of `packed`
/// and merges in `added`. Lists are read only up to the last of `gone`
/// (not at all when they end before the first), and a list that holds
/// the same documents after the edit only has its weights set in place:
/// an edit mostly reweighs a document's terms.
fn merge_into(packed: &mut Packed, added: &Added, gone: &[u32]) {
    let is_gone = |d: u32| gone.binary_search(&d).is_ok();
    let updates: Vec<(u32, Update)> = (0..packed.len() as u32)
        .into_par_iter()
        .filter_map(|id| {
            let new = added.get(&id).map_or(&[][..], Vec::as_slice);
            let found = packed.find(id, gone);
            if new.is_empty() && found.is_empty() {
                return None;
            }
            let list = packed.get(id);
            if found.len() == new.len() && found.iter().zip(new).all(|(f, n)| f.0 == n.0) {
                let weights: Vec<(usize, u8)> = found
                    .iter()
                    .zip(new)
                    .filter(|(f, n)| packed.weighted() && list.weights[f.1] != n.1)
                    .map(|(f, n)| (f.1, n.1))
                    .collect();
                return (!weights.is_empty()).then_some((id, Update::Reweigh(weights)));
            }
            let weights = list.weights.iter().copied().chain(std::iter::repeat(0));
            let kept = list.docs().zip(weights).filter(|(d, _)| !is_gone(*d));
            let entries = merge_sorted(kept, new.iter().copied(), |e| e.0);
            Some((id, Update::Replace(entries)))
        })
        .collect();
    for (id, update) in updates {
        match update {
            Update::Reweigh(weights) => packed.reweigh(id, &weights),
            Update::Replace(entries) => {
                let docs: Vec<u32> = entries.iter().map(|e| e.0).collect();
                let weights: Vec<u8> = entries.iter().map(|e| e.1).collect();
                packed.set(id, &docs, &weights);
            }
        }
    }
}

/// A fast hasher for the small keys of the build (strings of a few bytes,
/// ids): FxHash's multiply-rotate. Not DoS-resistant, which a build is not exposed to.
#[derive(Default, Clone, Copy)]
pub struct FastHasher(u64);

impl std::hash::Hasher for FastHasher {
    fn finish(&self) -> u64 {
        self.0
    }
    fn write(&mut self, bytes: &[u8]) {
        for chunk in bytes.chunks(8) {
            let mut word = [0u8; 8];
            word[..chunk.len()].copy_from_slice(chunk);
            self.write_u64(u64::from_le_bytes(word));
        }
    }
    fn write_u8(&mut self, i: u8) {
        self.write_u64(u64::from(i));
    }
    fn write_u32(&mut self, i: u32) {
        self.write_u64(u64::from(i));
    }
    fn write_u64(&mut self, i: u64) {
        self.0 = (self.0.rotate_left(5) ^ i).wrapping_mul(0x51_7c_c1_b7_27_22_0a_95);
    }
    fn write_usize(&mut self, i: usize) {
        self.write_u64(i as u64);
    }
}

/// A HashMap with [`FastHasher`].
pub type FastMap<K, V> = HashMap<K, V, std::hash::BuildHasherDefault<FastHasher>>;

/// Counts the words of `docs`, numbered from `first`.
fn count_chunk(first: u32, docs: &[DocText<'_>], avg: &[f64; NFIELDS]) -> Chunk {
    let mut chunk = Chunk {
        first,
        keys: Vec::new(),
        forms: Vec::new(),
        pairs: Vec::new(),
        docs: Vec::with_capacity(docs.len()),
    };
    // Word as written → (local form, local key): the cache that makes counting cheap.
    let mut seen: FastMap<String, (u32, u32)> = FastMap::default();
    let mut key_ids: FastMap<String, u32> = FastMap::default();
    let mut form_ids: FastMap<String, u32> = FastMap::default();
    let mut pair_ids: FastMap<u64, u32> = FastMap::default();
    // Per local key and pair: frequency in each field of the current
    // document, and which of them the document touched.
    let mut tf: Vec<[u16; NFIELDS]> = Vec::new();
    let mut touched: Vec<u32> = Vec::new();
    let mut pair_tf: Vec<[u16; NFIELDS]> = Vec::new();
    let mut pairs_touched: Vec<u32> = Vec::new();
    // Per local form: 1 + the last document (in this chunk) that used it.
    let mut form_last: Vec<u32> = Vec::new();
    for (n, doc) in docs.iter().enumerate() {
        let mark = n as u32 + 1;
        let mut forms = Vec::new();
        for (f, field_text) in doc.fields.iter().enumerate() {
            let mut prev: Option<u32> = None;
            text::for_each_word(field_text, |word, breaks| {
                let (form, key) = match seen.get(word) {
                    Some(&ids) => ids,
                    None => {
                        let form_text = crate::vi::nfc(&word.to_lowercase());
                        let key_text = text::key(&form_text);
                        if key_text.is_empty() {
                            return;
                        }
                        let next = key_ids.len() as u32;
                        let key = *key_ids.entry(key_text.clone()).or_insert_with(|| {
                            chunk.keys.push(key_text);
                            tf.push([0; NFIELDS]);
                            next
                        });
                        let next = chunk.forms.len() as u32;
                        let form = *form_ids.entry(form_text.clone()).or_insert_with(|| {
                            chunk.forms.push((form_text, key));
                            form_last.push(0);
                            next
                        });
                        seen.insert(word.to_owned(), (form, key));
                        (form, key)
                    }
                };
                let counts = &mut tf[key as usize];
                if counts.iter().all(|&c| c == 0) {
                    touched.push(key);
                }
                counts[f] = counts[f].saturating_add(1);
                if form_last[form as usize] != mark {
                    form_last[form as usize] = mark;
                    forms.push(form);
                }
                if let (Some(p), false) = (prev, breaks) {
                    let next = chunk.pairs.len() as u32;
                    let id = *pair_ids
                        .entry(u64::from(p) << 32 | u64::from(key))
                        .or_insert_with(|| {
                            chunk.pairs.push((p, key));
                            pair_tf.push([0; NFIELDS]);
                            next
                        });
                    let counts = &mut pair_tf[id as usize];
                    if counts.iter().all(|&c| c == 0) {
                        pairs_touched.push(id);
                    }
                    counts[f] = counts[f].saturating_add(1);
                }
                prev = Some(key);
            });
        }
        let mut weigh = Weigher::new(&doc.lens, avg);
        let mut weight = |counts: &mut [u16; NFIELDS]| -> u8 {
            let w = weigh.weight(counts);
            *counts = [0; NFIELDS];
            w
        };
        let words = touched
            .drain(..)
            .map(|k| (k, weight(&mut tf[k as usize])))
            .collect();
        let pairs = pairs_touched
            .drain(..)
            .map(|p| (p, weight(&mut pair_tf[p as usize])))
            .collect();
        chunk.docs.push(DocTerms {
            words,
            forms,
            pairs,
        });
    }
    chunk
}

/// The weight byte of a term in one document: BM25 summed over fields.
struct Weigher {
    /// `k1 × (1 − b + b·len/avg)` of each field.
    norm: [f64; NFIELDS],
    /// The byte of a term found `tf` times in one field only (most terms),
    /// by field and `tf`, once known (0 until then): a logarithm saved.
    single: [[u8; SINGLE]; NFIELDS],
}

/// Frequencies in one field whose weight [`Weigher`] remembers.
const SINGLE: usize = 8;

impl Weigher {
    fn new(lens: &[f64; NFIELDS], avg: &[f64; NFIELDS]) -> Weigher {
        Weigher {
            norm: std::array::from_fn(|f| {
                let b = FIELD_SPECS[f].b;
                K1 * (1.0 - b + b * lens[f] / avg[f].max(1.0))
            }),
            single: [[0; SINGLE]; NFIELDS],
        }
    }

    fn weight(&mut self, counts: &[u16; NFIELDS]) -> u8 {
        let mut fields = (0..NFIELDS).filter(|&f| counts[f] > 0);
        if let (Some(f), None) = (fields.next(), fields.next())
            && usize::from(counts[f]) < SINGLE
        {
            let tf = usize::from(counts[f]);
            if self.single[f][tf] == 0 {
                self.single[f][tf] = self.compute(counts);
            }
            return self.single[f][tf];
        }
        self.compute(counts)
    }

    fn compute(&self, counts: &[u16; NFIELDS]) -> u8 {
        let w: f64 = (0..NFIELDS)
            .filter(|&f| counts[f] > 0)
            .map(|f| {
                let tf = f64::from(counts[f]);
                FIELD_SPECS[f].weight * tf * (K1 + 1.0) / (tf + self.norm[f])
            })
            .sum();
        weight_byte(w)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::borrow::Cow;
    use std::collections::BTreeMap;

    fn doc(title: &str, body: &str) -> DocText<'static> {
        let mut fields: [Cow<'static, str>; NFIELDS] = Default::default();
        fields[0] = Cow::Owned(title.to_owned());
        fields[NFIELDS - 1] = Cow::Owned(body.to_owned());
        let mut lens = [0.0; NFIELDS];
        lens[0] = title.len() as f64;
        lens[NFIELDS - 1] = body.len() as f64;
        DocText { fields, lens }
    }

    type Canonical = (
        BTreeMap<String, (Vec<u32>, Vec<u8>)>,
        BTreeMap<String, (String, Vec<u32>, usize)>,
        BTreeMap<(String, String), (Vec<u32>, Vec<u8>)>,
        (Vec<String>, Vec<String>),
    );

    /// The lists by text rather than id, and the orders of their keys.
    fn canonical(l: &Lists) -> Canonical {
        let list = |p: &Packed, id: usize| {
            let list = p.get(id as u32);
            (list.docs().collect(), list.weights.to_vec())
        };
        let words = l
            .keys
            .iter()
            .enumerate()
            .map(|(id, k)| (k.clone(), list(&l.words, id)))
            .collect();
        let forms = l
            .forms
            .iter()
            .enumerate()
            .map(|(id, (f, k))| {
                let (docs, _) = list(&l.form_docs, id);
                let count = l.form_docs.docs_len(id as u32);
                (f.clone(), (l.keys[*k as usize].clone(), docs, count))
            })
            .collect();
        let pairs = l
            .pairs
            .iter()
            .enumerate()
            .map(|(id, &(a, b))| {
                (
                    (l.keys[a as usize].clone(), l.keys[b as usize].clone()),
                    list(&l.pair_lists, id),
                )
            })
            .collect();
        let orders = (
            l.word_order()
                .iter()
                .map(|&id| l.keys[id as usize].clone())
                .collect(),
            l.pair_order().iter().map(|&id| l.pair_key(id)).collect(),
        );
        (words, forms, pairs, orders)
    }

    fn build(docs: &[DocText<'static>], avg: &[f64; NFIELDS]) -> Lists {
        Lists::build(docs.len(), |i| docs[i].clone(), avg, &|_, _| {})
    }

    #[test]
    fn patched_lists_are_the_lists_of_the_edited_documents() {
        let avg = [20.0; NFIELDS];
        let before: Vec<DocText<'static>> = (0..300)
            .map(|i| {
                doc(
                    &format!("Mô hình {i}"),
                    &format!(
                        "Dân vận khéo ở xã {} thôn {} với hộ {}",
                        i % 7,
                        i % 11,
                        i % 13
                    ),
                )
            })
            .collect();
        let mut after = before.clone();
        // New words, spellings and pairs, others of the old texts gone.
        after[5] = doc(
            "Đường làng sạch",
            "Dân vận khéo: đường làng sáng điện, lạ lùng",
        );
        after[200] = doc("Mô hình 200", "Hộ gia đình góp công");
        // The same words, more often: only weights change.
        after[7] = doc(
            "Mô hình 7 mô hình 7",
            &format!("{0} {0}", "Dân vận khéo ở xã 0 thôn 7 với hộ 7"),
        );
        after[299] = doc("", "");
        // Patched as the next build finds them: saved and read back.
        let built = build(&before, &avg);
        let saved = postcard::to_allocvec(&built).expect("lists serialise");
        let mut patched: Lists = postcard::from_bytes(&saved).expect("lists deserialise");
        for (packed, saved) in patched.buffers_mut().into_iter().zip(built.buffers()) {
            packed
                .attach(saved.bytes_saved())
                .expect("the bytes described");
        }
        let changed: Vec<(u32, DocText<'static>)> = [5u32, 7, 200, 299]
            .into_iter()
            .map(|i| (i, after[i as usize].clone()))
            .collect();
        patched.patch(&changed, &avg);
        assert_eq!(canonical(&patched), canonical(&build(&after, &avg)));
        // And back: the words only the edit brought are gone again.
        let back: Vec<(u32, DocText<'static>)> = [5u32, 7, 200, 299]
            .into_iter()
            .map(|i| (i, before[i as usize].clone()))
            .collect();
        patched.patch(&back, &avg);
        assert_eq!(canonical(&patched), canonical(&build(&before, &avg)));
        assert!(!patched.keys.iter().any(|k| k == "lung"));
    }
}
