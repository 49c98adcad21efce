//! What indexing one document gives before any other document is known:
//! its distinct keys, spellings and adjacent pairs of keys, how often each
//! occurs in each field, and the snippet kept in the document store.
//!
//! Tokenising (splitting, lower-casing, NFC, folding) is most of the cost of
//! the index, and it depends on the document's own texts only; so the build
//! cache keeps the [`DocTerms`] of every document, keyed by a fingerprint of
//! those texts ([`super::doc_fingerprint`]), and a rebuild tokenises only the
//! documents that changed. The weights depend on every document's lengths
//! and the IDFs on every list, so [`super::postings`] computes them from
//! these terms on every build.

use std::collections::HashMap;

use serde::{Deserialize, Serialize};

use super::postings::FastMap;
use super::{DocText, NFIELDS, text};
use crate::fingerprint::Fingerprint;

/// The terms of every document of a build, by [`super::doc_fingerprint`].
pub type TermCache = HashMap<Fingerprint, DocTerms>;

/// How often one term (a key or a pair, by its index) occurs in one field.
pub type Count = (u32, u8, u16);

/// The terms of one document.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct DocTerms {
    /// The distinct keys in order of first appearance, then the distinct
    /// spellings likewise, each followed by a space (no word holds one):
    /// one string rather than hundreds, cheap to load and to clone.
    words: String,
    /// How many of `words` are keys.
    keys: u32,
    /// The key (an index into the keys) of each spelling.
    form_keys: Vec<u32>,
    /// The distinct adjacent pairs of keys, in order of first appearance.
    pairs: Vec<(u32, u32)>,
    /// Frequencies of the keys, by key, then field; only non-zero ones.
    key_counts: Vec<Count>,
    /// Frequencies of the pairs, likewise.
    pair_counts: Vec<Count>,
    /// The text of the document store's entry (summary and start of the body).
    pub snippet: String,
}

impl DocTerms {
    /// The keys, in order of first appearance.
    pub fn keys(&self) -> impl Iterator<Item = &str> {
        self.words.split_terminator(' ').take(self.keys as usize)
    }

    /// The spellings with their keys, in order of first appearance.
    pub fn forms(&self) -> impl Iterator<Item = (&str, u32)> {
        self.words
            .split_terminator(' ')
            .skip(self.keys as usize)
            .zip(self.form_keys.iter().copied())
    }

    /// Number of keys.
    pub fn key_count(&self) -> usize {
        self.keys as usize
    }

    /// The adjacent pairs of keys.
    pub fn pairs(&self) -> &[(u32, u32)] {
        &self.pairs
    }

    /// Frequencies of the keys: (key, field, count), by key, then field.
    pub fn key_counts(&self) -> &[Count] {
        &self.key_counts
    }

    /// Frequencies of the pairs: (pair, field, count), by pair, then field.
    pub fn pair_counts(&self) -> &[Count] {
        &self.pair_counts
    }
}

/// Calls `f(term, counts)` for each term of `counts` (sorted by term, then
/// field) with its frequency in every field.
pub fn per_term(counts: &[Count], mut f: impl FnMut(u32, &[u16; NFIELDS])) {
    let mut i = 0;
    while i < counts.len() {
        let term = counts[i].0;
        let mut tf = [0u16; NFIELDS];
        while i < counts.len() && counts[i].0 == term {
            tf[usize::from(counts[i].1)] = counts[i].2;
            i += 1;
        }
        f(term, &tf);
    }
}

/// Tokenises documents (their snippets left empty). The documents share a
/// cache of the words already seen, which is what makes tokenising cheap:
/// most words recur, and lower-casing, NFC and folding are done once per
/// distinct word of the batch.
pub fn tokenise(docs: &[DocText<'_>]) -> Vec<DocTerms> {
    // Word as written → (spelling, key), ids into `forms` and `keys`.
    let mut seen: FastMap<String, (u32, u32)> = FastMap::default();
    let mut keys: Vec<String> = Vec::new();
    let mut key_ids: FastMap<String, u32> = FastMap::default();
    let mut forms: Vec<(String, u32)> = Vec::new();
    let mut form_ids: FastMap<String, u32> = FastMap::default();
    // Per batch key and spelling: 1 + the last document that used it, and its index there.
    let mut key_local: Vec<(u32, u32)> = Vec::new();
    let mut form_local: Vec<(u32, u32)> = Vec::new();
    let mut pair_local: FastMap<u64, u32> = FastMap::default();
    let mut out = Vec::with_capacity(docs.len());
    for (n, doc) in docs.iter().enumerate() {
        let mark = n as u32 + 1;
        let mut doc_keys: Vec<u32> = Vec::new();
        let mut doc_forms: Vec<u32> = Vec::new();
        let mut pairs: Vec<(u32, u32)> = Vec::new();
        let mut tf: Vec<[u16; NFIELDS]> = Vec::new();
        let mut pair_tf: Vec<[u16; NFIELDS]> = Vec::new();
        pair_local.clear();
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
                        let next = keys.len() as u32;
                        let key = *key_ids.entry(key_text.clone()).or_insert_with(|| {
                            keys.push(key_text);
                            key_local.push((0, 0));
                            next
                        });
                        let next = forms.len() as u32;
                        let form = *form_ids.entry(form_text.clone()).or_insert_with(|| {
                            forms.push((form_text, key));
                            form_local.push((0, 0));
                            next
                        });
                        seen.insert(word.to_owned(), (form, key));
                        (form, key)
                    }
                };
                let (m, local) = &mut key_local[key as usize];
                if *m != mark {
                    *m = mark;
                    *local = doc_keys.len() as u32;
                    doc_keys.push(key);
                    tf.push([0; NFIELDS]);
                }
                let local = *local;
                tf[local as usize][f] = tf[local as usize][f].saturating_add(1);
                let (m, _) = &mut form_local[form as usize];
                if *m != mark {
                    *m = mark;
                    doc_forms.push(form);
                }
                if let (Some(p), false) = (prev, breaks) {
                    let next = pairs.len() as u32;
                    let id = *pair_local
                        .entry(u64::from(p) << 32 | u64::from(local))
                        .or_insert_with(|| {
                            pairs.push((p, local));
                            pair_tf.push([0; NFIELDS]);
                            next
                        });
                    let counts = &mut pair_tf[id as usize];
                    counts[f] = counts[f].saturating_add(1);
                }
                prev = Some(local);
            });
        }
        let mut words = String::new();
        for &k in &doc_keys {
            words.push_str(&keys[k as usize]);
            words.push(' ');
        }
        let mut form_keys = Vec::with_capacity(doc_forms.len());
        for &f in &doc_forms {
            let (form, key) = &forms[f as usize];
            words.push_str(form);
            words.push(' ');
            form_keys.push(key_local[*key as usize].1);
        }
        out.push(DocTerms {
            words,
            keys: doc_keys.len() as u32,
            form_keys,
            pairs,
            key_counts: sparse(&tf),
            pair_counts: sparse(&pair_tf),
            snippet: String::new(),
        });
    }
    out
}

/// The non-zero frequencies of each term, by term, then field.
fn sparse(tf: &[[u16; NFIELDS]]) -> Vec<Count> {
    let mut out = Vec::with_capacity(tf.len());
    for (t, counts) in tf.iter().enumerate() {
        for (f, &c) in counts.iter().enumerate() {
            if c > 0 {
                out.push((t as u32, f as u8, c));
            }
        }
    }
    out
}
