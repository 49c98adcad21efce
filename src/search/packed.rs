//! Many posting lists packed into one buffer, as the lists are kept
//! between builds: loading or saving them is a few large copies instead of
//! hundreds of thousands of small vectors, and finding the lists that hold
//! a document reads bytes in place.
//!
//! A list is its gaps (LEB128, as [`GapWriter`] writes them), then, when
//! the lists are weighted, one weight byte per document. A list replaced
//! by [`Packed::set`] is written at the end of the buffer; the bytes it
//! leaves behind are reclaimed once they are a quarter of the buffer.
//! Each list keeps a hash of its bytes, for the fingerprints of the shard
//! files, and the files of lists an edit left alone are not read again.

use serde::de::{self, Deserializer, SeqAccess, Visitor};
use serde::ser::{SerializeTuple, Serializer};

use xxhash_rust::xxh3::xxh3_64;

use super::encode::{self, GapWriter};

/// Where one list lies in [`Packed::bytes`].
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
struct Span {
    /// Offset of its first byte.
    start: usize,
    /// Bytes of gaps.
    gaps: u32,
    /// Documents (and weight bytes, when weighted).
    docs: u32,
    /// The last document (0 when empty): lists ending before a document
    /// cannot hold it.
    last: u32,
    /// A hash of its bytes, so the files made from unchanged lists are
    /// known without reading them.
    hash: u64,
}

impl Span {
    /// Bytes of a span in [`Packed`]'s saved form.
    const SAVED: usize = 28;

    fn end(&self, weighted: bool) -> usize {
        self.start + self.gaps as usize + if weighted { self.docs as usize } else { 0 }
    }
}

/// Posting lists by id, packed into one buffer.
#[derive(Debug, Default, Clone)]
pub struct Packed {
    /// Whether each document carries a weight byte.
    weighted: bool,
    bytes: Vec<u8>,
    spans: Vec<Span>,
    /// Bytes of lists replaced since the buffer was last compacted.
    garbage: usize,
}

/// A list being written document by document, before it is packed.
#[derive(Debug, Default)]
pub struct GrowingList {
    /// Ascending document numbers.
    pub docs: GapWriter,
    /// One weight byte per document (none for spellings).
    pub weights: Vec<u8>,
}

/// One list of [`Packed`]: its encoded gaps and its weights (empty when
/// the lists are not weighted).
#[derive(Debug, Clone, Copy)]
pub struct Posting<'a> {
    /// LEB128 gaps, the first counted from −1.
    pub gaps: &'a [u8],
    /// One byte per document, or none.
    pub weights: &'a [u8],
    /// How many documents.
    pub docs: usize,
}

impl Posting<'_> {
    /// The document numbers, in order.
    pub fn docs(&self) -> impl Iterator<Item = u32> + '_ {
        encode::docs_of_gaps(self.gaps)
    }

    /// The gaps in the text encoding of the index files.
    pub fn to_text(&self) -> String {
        encode::gaps_text(self.gaps)
    }
}

impl Packed {
    /// No lists; `weighted` says whether documents carry a weight byte.
    pub fn new(weighted: bool) -> Packed {
        Packed {
            weighted,
            ..Packed::default()
        }
    }

    /// Packs lists grown one by one (their weights ignored unless
    /// weighted), freeing each once copied.
    pub fn pack(weighted: bool, lists: Vec<GrowingList>) -> Packed {
        let total: usize = lists
            .iter()
            .map(|l| l.docs.len() + if weighted { l.weights.len() } else { 0 })
            .sum();
        let mut packed = Packed {
            weighted,
            bytes: Vec::with_capacity(total),
            spans: Vec::with_capacity(lists.len()),
            garbage: 0,
        };
        for l in lists {
            let start = packed.bytes.len();
            packed.bytes.extend_from_slice(l.docs.as_bytes());
            let docs = if weighted {
                packed.bytes.extend_from_slice(&l.weights);
                l.weights.len()
            } else {
                l.docs.count()
            };
            packed.spans.push(Span {
                start,
                gaps: l.docs.len() as u32,
                docs: docs as u32,
                last: l.docs.last().unwrap_or(0),
                hash: xxh3_64(&packed.bytes[start..]),
            });
        }
        packed
    }

    /// How many lists.
    pub fn len(&self) -> usize {
        self.spans.len()
    }

    /// Whether there are no lists.
    pub fn is_empty(&self) -> bool {
        self.spans.is_empty()
    }

    /// Adds an empty list at the next id.
    pub fn push_empty(&mut self) {
        self.spans.push(Span::default());
    }

    /// List `id`.
    pub fn get(&self, id: u32) -> Posting<'_> {
        let s = self.spans[id as usize];
        let gaps_end = s.start + s.gaps as usize;
        Posting {
            gaps: &self.bytes[s.start..gaps_end],
            weights: &self.bytes[gaps_end..s.end(self.weighted)],
            docs: s.docs as usize,
        }
    }

    /// The bytes of list `id`: its gaps, then its weights.
    pub fn bytes_of(&self, id: u32) -> &[u8] {
        let s = self.spans[id as usize];
        &self.bytes[s.start..s.end(self.weighted)]
    }

    /// How many documents list `id` holds.
    pub fn docs_len(&self, id: u32) -> usize {
        self.spans[id as usize].docs as usize
    }

    /// Bytes of gaps of list `id`.
    pub fn gaps_len(&self, id: u32) -> usize {
        self.spans[id as usize].gaps as usize
    }

    /// Which of `docs` (ascending) list `id` holds, each with its index
    /// in the list: the gaps are summed in place, up to the largest of
    /// them, and lists ending before the smallest are not read at all.
    pub fn find(&self, id: u32, docs: &[u32]) -> Vec<(u32, usize)> {
        let mut found = Vec::new();
        let s = self.spans[id as usize];
        let (Some(&first), Some(&last)) = (docs.first(), docs.last()) else {
            return found;
        };
        if s.docs == 0 || s.last < first {
            return found;
        }
        let gaps = &self.bytes[s.start..s.start + s.gaps as usize];
        // The next of `docs` to look for, and where it is in `docs`.
        let (mut k, mut next) = (0, first);
        // The document read, plus one (gaps are counted from −1), and
        // the gap being read.
        let (mut doc, mut gap, mut shift) = (0u32, 0u32, 0);
        let mut index = 0;
        for &byte in gaps {
            // Wrapping: a damaged buffer gives wrong documents, not a panic.
            gap |= u32::from(byte & 0x7f).wrapping_shl(shift);
            shift += 7;
            if byte & 0x80 != 0 {
                continue;
            }
            doc = doc.wrapping_add(gap);
            (gap, shift) = (0, 0);
            index += 1;
            // Most documents come before the next one looked for.
            if doc <= next {
                continue;
            }
            let d = doc.wrapping_sub(1);
            while next < d {
                k += 1;
                match docs.get(k) {
                    Some(&w) => next = w,
                    None => return found,
                }
            }
            if next == d {
                found.push((d, index - 1));
            }
            if d >= last {
                break;
            }
        }
        found
    }

    /// Whether the documents carry weight bytes.
    pub fn weighted(&self) -> bool {
        self.weighted
    }

    /// The hash of list `id`'s bytes.
    pub fn hash_of(&self, id: u32) -> u64 {
        self.spans[id as usize].hash
    }

    /// Sets, in place, the weight of the document at each index of list
    /// `id` given in `weights`: a document whose terms stay those it had
    /// changes no gap.
    pub fn reweigh(&mut self, id: u32, weights: &[(usize, u8)]) {
        assert!(self.weighted, "only a weighted list has weights to set");
        let s = &mut self.spans[id as usize];
        let first = s.start + s.gaps as usize;
        for &(i, w) in weights {
            assert!(i < s.docs as usize, "a weight of the list's documents");
            self.bytes[first + i] = w;
        }
        s.hash = xxh3_64(&self.bytes[s.start..s.end(true)]);
    }

    /// Makes list `id` hold `docs` (ascending) with `weights` (one per
    /// document; ignored unless weighted). A list that does not change
    /// keeps its bytes.
    pub fn set(&mut self, id: u32, docs: &[u32], weights: &[u8]) {
        let writer = GapWriter::from_docs(docs.iter().copied());
        let weights = if self.weighted { weights } else { &[] };
        let old = self.spans[id as usize];
        let old_bytes = self.bytes_of(id);
        if old_bytes.len() == writer.len() + weights.len()
            && old_bytes[..writer.len()] == *writer.as_bytes()
            && old_bytes[writer.len()..] == *weights
        {
            return;
        }
        self.garbage += old.end(self.weighted) - old.start;
        let start = self.bytes.len();
        self.bytes.extend_from_slice(writer.as_bytes());
        self.bytes.extend_from_slice(weights);
        self.spans[id as usize] = Span {
            start,
            gaps: writer.len() as u32,
            docs: docs.len() as u32,
            last: docs.last().copied().unwrap_or(0),
            hash: xxh3_64(&self.bytes[start..]),
        };
        if self.garbage * 4 > self.bytes.len() {
            self.compact();
        }
    }

    /// Keeps the lists whose `live` entry is true, renumbered in order.
    pub fn retain(&mut self, live: &[bool]) {
        let mut i = 0;
        let weighted = self.weighted;
        let mut freed = 0;
        self.spans.retain(|s| {
            i += 1;
            if !live[i - 1] {
                freed += s.end(weighted) - s.start;
            }
            live[i - 1]
        });
        self.garbage += freed;
        if self.garbage * 4 > self.bytes.len() {
            self.compact();
        }
    }

    /// Copies the lists into a buffer of their own, in id order, dropping
    /// the bytes of lists replaced or removed.
    fn compact(&mut self) {
        let mut bytes = Vec::with_capacity(self.bytes.len() - self.garbage);
        for s in &mut self.spans {
            let range = s.start..s.end(self.weighted);
            s.start = bytes.len();
            bytes.extend_from_slice(&self.bytes[range]);
        }
        self.bytes = bytes;
        self.garbage = 0;
    }
}

/// Saved as `(weighted, bytes, spans)`, the spans as little-endian
/// `start: u64, gaps, docs, last: u32, hash: u64` each, so both byte
/// strings are copied whole.
impl serde::Serialize for Packed {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut spans = Vec::with_capacity(self.spans.len() * Span::SAVED);
        for s in &self.spans {
            spans.extend_from_slice(&(s.start as u64).to_le_bytes());
            for n in [s.gaps, s.docs, s.last] {
                spans.extend_from_slice(&n.to_le_bytes());
            }
            spans.extend_from_slice(&s.hash.to_le_bytes());
        }
        let mut t = serializer.serialize_tuple(3)?;
        t.serialize_element(&self.weighted)?;
        t.serialize_element(&Bytes(&self.bytes))?;
        t.serialize_element(&Bytes(&spans))?;
        t.end()
    }
}

/// A byte string serialised as one (serde writes a `&[u8]` byte by byte).
struct Bytes<'a>(&'a [u8]);

impl serde::Serialize for Bytes<'_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_bytes(self.0)
    }
}

/// A byte string read as one.
struct ByteBuf(Vec<u8>);

impl<'de> serde::Deserialize<'de> for ByteBuf {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct V;
        impl Visitor<'_> for V {
            type Value = ByteBuf;
            fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                f.write_str("a byte string")
            }
            fn visit_bytes<E: de::Error>(self, v: &[u8]) -> Result<ByteBuf, E> {
                Ok(ByteBuf(v.to_vec()))
            }
            fn visit_byte_buf<E: de::Error>(self, v: Vec<u8>) -> Result<ByteBuf, E> {
                Ok(ByteBuf(v))
            }
        }
        deserializer.deserialize_byte_buf(V)
    }
}

impl<'de> serde::Deserialize<'de> for Packed {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct V;
        impl<'de> Visitor<'de> for V {
            type Value = Packed;
            fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                f.write_str("packed posting lists")
            }
            fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Packed, A::Error> {
                let missing = || de::Error::custom("packed lists cut short");
                let weighted: bool = seq.next_element()?.ok_or_else(missing)?;
                let ByteBuf(bytes) = seq.next_element()?.ok_or_else(missing)?;
                let ByteBuf(saved) = seq.next_element()?.ok_or_else(missing)?;
                if !saved.len().is_multiple_of(Span::SAVED) {
                    return Err(de::Error::custom("packed spans of a wrong length"));
                }
                let spans: Vec<Span> = saved
                    .chunks_exact(Span::SAVED)
                    .map(|c| {
                        let u32_at = |i: usize| {
                            u32::from_le_bytes(c[i..i + 4].try_into().expect("four bytes"))
                        };
                        let u64_at = |i: usize| {
                            u64::from_le_bytes(c[i..i + 8].try_into().expect("eight bytes"))
                        };
                        Span {
                            start: u64_at(0) as usize,
                            gaps: u32_at(8),
                            docs: u32_at(12),
                            last: u32_at(16),
                            hash: u64_at(20),
                        }
                    })
                    .collect();
                if spans.iter().any(|s| s.end(weighted) > bytes.len()) {
                    return Err(de::Error::custom("a packed span out of its buffer"));
                }
                let live: usize = spans.iter().map(|s| s.end(weighted) - s.start).sum();
                Ok(Packed {
                    weighted,
                    garbage: bytes.len().saturating_sub(live),
                    bytes,
                    spans,
                })
            }
        }
        deserializer.deserialize_tuple(3, V)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn list(docs: &[u32], weights: &[u8]) -> GrowingList {
        GrowingList {
            docs: GapWriter::from_docs(docs.iter().copied()),
            weights: weights.to_vec(),
        }
    }

    fn lists(p: &Packed) -> Vec<(Vec<u32>, Vec<u8>)> {
        (0..p.len() as u32)
            .map(|id| {
                let l = p.get(id);
                assert_eq!(l.docs().count(), l.docs);
                (l.docs().collect(), l.weights.to_vec())
            })
            .collect()
    }

    #[test]
    fn packed_lists_round_trip_through_postcard() {
        let docs: [&[u32]; 3] = [&[0, 5, 300, 70_000], &[], &[9]];
        let weights = vec![vec![1, 2, 3, 4], vec![], vec![200]];
        let lists_in = docs.iter().zip(&weights).map(|(d, w)| list(d, w));
        let mut p = Packed::pack(true, lists_in.collect());
        p.set(2, &[1, 9], &[7, 8]);
        let bytes = postcard::to_allocvec(&p).expect("serialises");
        let back: Packed = postcard::from_bytes(&bytes).expect("deserialises");
        assert_eq!(back.garbage, 2);
        assert_eq!(
            lists(&back),
            vec![
                (docs[0].to_vec(), weights[0].clone()),
                (vec![], vec![]),
                (vec![1, 9], vec![7, 8]),
            ]
        );
        // A span pointing past the buffer is refused, not trusted.
        let mut bad = p.clone();
        bad.spans[0].gaps = 1000;
        let bytes = postcard::to_allocvec(&bad).expect("serialises");
        assert!(postcard::from_bytes::<Packed>(&bytes).is_err());
    }

    #[test]
    fn replaced_and_removed_lists_are_compacted_away() {
        let gaps = (0..4).map(|i| list(&[i, i + 10], &[9, 9]));
        let mut p = Packed::pack(false, gaps.collect());
        assert_eq!(p.get(1).weights, &[] as &[u8]);
        p.set(1, &[1, 11], &[]);
        assert_eq!(p.garbage, 0, "an unchanged list keeps its bytes");
        p.set(1, &[2, 3, 4], &[]);
        p.set(3, &[], &[]);
        p.retain(&[true, true, false, false]);
        assert_eq!(
            lists(&p),
            vec![(vec![0, 10], vec![]), (vec![2, 3, 4], vec![])]
        );
        assert_eq!(p.garbage, 0, "compacted once a quarter is garbage");
        assert_eq!(p.bytes.len(), 2 + 3);
    }

    #[test]
    fn find_gives_exactly_the_documents_listed_and_their_places() {
        let docs = [3u32, 4, 200, 201, 5000, 70_000];
        let p = Packed::pack(true, vec![list(&docs, &[1; 6])]);
        for d in 0..71_000 {
            let at = docs.iter().position(|&x| x == d);
            assert_eq!(
                p.find(0, &[d]),
                at.map(|i| (d, i)).into_iter().collect::<Vec<_>>()
            );
        }
        assert_eq!(p.find(0, &[0, 1, 2, 70_000]), [(70_000, 5)]);
        assert_eq!(p.find(0, &[3, 201, 90_000]), [(3, 0), (201, 3)]);
        assert_eq!(p.find(0, &[5, 202, 90_000]), []);
        assert_eq!(p.find(0, &[]), []);
        let empty = Packed::pack(true, vec![GrowingList::default()]);
        assert_eq!(empty.find(0, &[0]), []);
    }

    #[test]
    fn reweighed_lists_keep_their_documents_and_change_their_hash() {
        let mut p = Packed::pack(true, vec![list(&[1, 5, 9], &[10, 20, 30])]);
        let before = p.hash_of(0);
        p.reweigh(0, &[(1, 21), (2, 31)]);
        assert_eq!(lists(&p), [(vec![1, 5, 9], vec![10, 21, 31])]);
        assert_ne!(p.hash_of(0), before);
        let fresh = Packed::pack(true, vec![list(&[1, 5, 9], &[10, 21, 31])]);
        assert_eq!(p.hash_of(0), fresh.hash_of(0));
    }
}
