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
//!
//! The lists a clean build grows are kept as they grew until one changes
//! ([`Packed::grown`]), and saved in the packed form straight from them:
//! packing them in memory would hold every list twice at the peak of the
//! build (the allocator keeps the grown lists' memory once they are
//! freed), 200 MiB more at 100 000 models.
//!
//! Saved, a buffer is two things: its description (serde: the spans, the
//! length and a hash of the bytes) and its bytes, in a file of their own
//! ([`Packed::save_bytes`], read back with [`Packed::attach`]). A buffer
//! read from its file remembers what the file holds, so the next save
//! writes only the weights set again in place and the lists added at the
//! end: a few kilobytes after an edit instead of the whole buffer.

use std::fs;
use std::io::{self, Seek, SeekFrom, Write};
use std::path::Path;

use serde::de::{self, Deserializer, SeqAccess, Visitor};
use serde::ser::{SerializeTuple, Serializer};

use xxhash_rust::xxh3::{Xxh3Default, xxh3_64};

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
    /// The lists as a clean build grew them, until one changes: then
    /// `bytes` and `spans` are empty.
    grown: Option<Vec<GrowingList>>,
    /// What the file of the bytes holds, when the buffer was read from it.
    on_disk: Option<OnDisk>,
}

/// The file a buffer was read from ([`Packed::attach`]): its first `len`
/// bytes are the buffer's, but for the ranges set again since.
#[derive(Debug, Clone, Default)]
struct OnDisk {
    /// Its length.
    len: usize,
    /// The hash of its bytes, as the description read says.
    hash: u64,
    /// Ranges of its bytes whose values changed in memory since (weights
    /// set again in place); the buffer's bytes past `len` are all new.
    rewritten: Vec<(usize, usize)>,
}

/// A list being written document by document, before it is packed.
#[derive(Debug, Default, Clone)]
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

    /// Lists grown one by one (their weights ignored unless weighted),
    /// kept as they are: packed when one of them changes, saved packed.
    pub fn grown(weighted: bool, lists: Vec<GrowingList>) -> Packed {
        Packed {
            weighted,
            grown: Some(lists),
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
            ..Packed::default()
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

    /// Packs the lists kept as they grew, if they are: before a change.
    pub fn settle(&mut self) {
        if let Some(lists) = self.grown.take() {
            *self = Packed::pack(self.weighted, lists);
        }
    }

    /// How many lists.
    pub fn len(&self) -> usize {
        self.grown.as_ref().map_or(self.spans.len(), Vec::len)
    }

    /// Whether there are no lists.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// Adds an empty list at the next id.
    pub fn push_empty(&mut self) {
        self.settle();
        self.spans.push(Span::default());
    }

    /// List `id`.
    pub fn get(&self, id: u32) -> Posting<'_> {
        if let Some(lists) = &self.grown {
            let l = &lists[id as usize];
            let weights: &[u8] = if self.weighted { &l.weights } else { &[] };
            return Posting {
                gaps: l.docs.as_bytes(),
                weights,
                docs: if self.weighted {
                    l.weights.len()
                } else {
                    l.docs.count()
                },
            };
        }
        let s = self.spans[id as usize];
        let gaps_end = s.start + s.gaps as usize;
        Posting {
            gaps: &self.bytes[s.start..gaps_end],
            weights: &self.bytes[gaps_end..s.end(self.weighted)],
            docs: s.docs as usize,
        }
    }

    /// The bytes of list `id` of packed lists: its gaps, then its weights.
    fn bytes_of(&self, id: u32) -> &[u8] {
        let s = self.spans[id as usize];
        &self.bytes[s.start..s.end(self.weighted)]
    }

    /// How many documents list `id` holds.
    pub fn docs_len(&self, id: u32) -> usize {
        match &self.grown {
            Some(_) => self.get(id).docs,
            None => self.spans[id as usize].docs as usize,
        }
    }

    /// Bytes of gaps of list `id`.
    pub fn gaps_len(&self, id: u32) -> usize {
        match &self.grown {
            Some(lists) => lists[id as usize].docs.len(),
            None => self.spans[id as usize].gaps as usize,
        }
    }

    /// The last document of list `id` (0 when empty).
    fn last_of(&self, id: u32) -> u32 {
        match &self.grown {
            Some(lists) => lists[id as usize].docs.last().unwrap_or(0),
            None => self.spans[id as usize].last,
        }
    }

    /// Which of `docs` (ascending) list `id` holds, each with its index
    /// in the list: the gaps are summed in place, up to the largest of
    /// them, and lists ending before the smallest are not read at all.
    pub fn find(&self, id: u32, docs: &[u32]) -> Vec<(u32, usize)> {
        let mut found = Vec::new();
        let (Some(&first), Some(&last)) = (docs.first(), docs.last()) else {
            return found;
        };
        let list = self.get(id);
        if list.docs == 0 || self.last_of(id) < first {
            return found;
        }
        let gaps = list.gaps;
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

    /// The hash of list `id`'s bytes (its gaps, then its weights).
    pub fn hash_of(&self, id: u32) -> u64 {
        match &self.grown {
            Some(_) => {
                let list = self.get(id);
                let mut h = Xxh3Default::new();
                h.update(list.gaps);
                h.update(list.weights);
                h.digest()
            }
            None => self.spans[id as usize].hash,
        }
    }

    /// Sets, in place, the weight of the document at each index of list
    /// `id` given in `weights`: a document whose terms stay those it had
    /// changes no gap.
    pub fn reweigh(&mut self, id: u32, weights: &[(usize, u8)]) {
        assert!(self.weighted, "only a weighted list has weights to set");
        self.settle();
        let s = &mut self.spans[id as usize];
        let first = s.start + s.gaps as usize;
        for &(i, w) in weights {
            assert!(i < s.docs as usize, "a weight of the list's documents");
            self.bytes[first + i] = w;
        }
        s.hash = xxh3_64(&self.bytes[s.start..s.end(true)]);
        if let Some(disk) = &mut self.on_disk
            && first < disk.len
        {
            disk.rewritten.push((first, s.end(true).min(disk.len)));
        }
    }

    /// Makes list `id` hold `docs` (ascending) with `weights` (one per
    /// document; ignored unless weighted). A list that does not change
    /// keeps its bytes.
    pub fn set(&mut self, id: u32, docs: &[u32], weights: &[u8]) {
        self.settle();
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
        self.settle();
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
        self.on_disk = None;
    }

    /// The bytes of the buffer, as they are saved, in pieces: packed,
    /// whether the lists are or are still as they grew.
    fn saved_pieces(&self) -> impl Iterator<Item = &[u8]> {
        let grown = self.grown.as_ref().map(|lists| {
            (0..lists.len() as u32).flat_map(|id| {
                let list = self.get(id);
                [list.gaps, list.weights]
            })
        });
        let packed = self.grown.is_none().then_some(self.bytes.as_slice());
        grown.into_iter().flatten().chain(packed)
    }

    /// Writes the bytes of the buffer as they are saved.
    fn write_bytes(&self, out: &mut impl Write) -> io::Result<()> {
        self.saved_pieces()
            .try_for_each(|piece| out.write_all(piece))
    }

    /// Saves the bytes in `file`, the description being saved elsewhere
    /// (serde). When the buffer was read from `file` and the file has not
    /// changed length since, only what changed is written into it: the
    /// weights set again in place and the lists added at the end.
    /// Otherwise the file is written whole.
    pub fn save_bytes(&self, file: &Path) -> io::Result<()> {
        if let (None, Some(disk)) = (&self.grown, &self.on_disk)
            && disk.len <= self.bytes.len()
            && fs::metadata(file).is_ok_and(|m| m.len() == disk.len as u64)
        {
            let mut out = fs::OpenOptions::new().write(true).open(file)?;
            for &(start, end) in &disk.rewritten {
                out.seek(SeekFrom::Start(start as u64))?;
                out.write_all(&self.bytes[start..end])?;
            }
            out.seek(SeekFrom::Start(disk.len as u64))?;
            return out.write_all(&self.bytes[disk.len..]);
        }
        let mut out = io::BufWriter::with_capacity(1 << 20, fs::File::create(file)?);
        self.write_bytes(&mut out)?;
        out.into_inner().map_err(|e| e.into_error())?;
        Ok(())
    }

    /// Gives a buffer read from its description the bytes saved with it
    /// ([`Packed::save_bytes`]), refused unless they are the bytes the
    /// description was saved with (their length and hash).
    pub fn attach(&mut self, bytes: Vec<u8>) -> Result<(), &'static str> {
        let disk = self.on_disk.as_ref().ok_or("no bytes are expected")?;
        if bytes.len() != disk.len || xxh3_64(&bytes) != disk.hash {
            return Err("packed bytes other than described");
        }
        if self
            .spans
            .iter()
            .any(|s| s.end(self.weighted) > bytes.len())
        {
            return Err("a packed span out of its buffer");
        }
        let live: usize = self
            .spans
            .iter()
            .map(|s| s.end(self.weighted) - s.start)
            .sum();
        self.garbage = bytes.len().saturating_sub(live);
        self.bytes = bytes;
        Ok(())
    }

    /// The bytes [`Packed::save_bytes`] saves (for tests).
    #[cfg(test)]
    pub fn bytes_saved(&self) -> Vec<u8> {
        let mut bytes = Vec::new();
        self.write_bytes(&mut bytes).expect("written in memory");
        bytes
    }

    /// The length of the saved bytes and their hash.
    fn saved_length_and_hash(&self) -> (usize, u64) {
        let mut h = Xxh3Default::new();
        let mut length = 0;
        for piece in self.saved_pieces() {
            h.update(piece);
            length += piece.len();
        }
        (length, h.digest())
    }
}

/// Described as `(weighted, length, hash, spans)`: the length and hash of
/// the bytes, saved apart ([`Packed::save_bytes`]), and the spans as
/// little-endian `(start: u64, gaps, docs, last: u32, hash: u64)`, one
/// byte string. Lists as they grew are described as packing them would
/// make them.
impl serde::Serialize for Packed {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        // The spans of grown lists, as packing them would make them.
        let grown_spans: Vec<Span>;
        let spans = match &self.grown {
            Some(lists) => {
                let mut start = 0;
                grown_spans = (0..lists.len() as u32)
                    .map(|id| {
                        let list = self.get(id);
                        let span = Span {
                            start,
                            gaps: list.gaps.len() as u32,
                            docs: list.docs as u32,
                            last: self.last_of(id),
                            hash: self.hash_of(id),
                        };
                        start += list.gaps.len() + list.weights.len();
                        span
                    })
                    .collect();
                &grown_spans
            }
            None => &self.spans,
        };
        let mut saved = Vec::with_capacity(spans.len() * Span::SAVED);
        for s in spans {
            saved.extend_from_slice(&(s.start as u64).to_le_bytes());
            for n in [s.gaps, s.docs, s.last] {
                saved.extend_from_slice(&n.to_le_bytes());
            }
            saved.extend_from_slice(&s.hash.to_le_bytes());
        }
        let (length, hash) = self.saved_length_and_hash();
        let mut t = serializer.serialize_tuple(4)?;
        t.serialize_element(&self.weighted)?;
        t.serialize_element(&(length as u64))?;
        t.serialize_element(&hash)?;
        t.serialize_element(&Bytes(&saved))?;
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

/// A buffer's description, without its bytes: [`Packed::attach`] must
/// give them before any list is read.
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
                let length: u64 = seq.next_element()?.ok_or_else(missing)?;
                let hash: u64 = seq.next_element()?.ok_or_else(missing)?;
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
                let len = usize::try_from(length)
                    .map_err(|_| de::Error::custom("packed bytes too long"))?;
                Ok(Packed {
                    weighted,
                    spans,
                    on_disk: Some(OnDisk {
                        len,
                        hash,
                        rewritten: Vec::new(),
                    }),
                    ..Packed::default()
                })
            }
        }
        deserializer.deserialize_tuple(4, V)
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
        let back = saved_and_read(&p).expect("read back");
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
        assert!(saved_and_read(&bad).is_err());
    }

    /// `p` saved, its description through postcard and its bytes as
    /// they are saved, and read back.
    fn saved_and_read(p: &Packed) -> Result<Packed, String> {
        let description = postcard::to_allocvec(p).map_err(|e| e.to_string())?;
        let mut back: Packed = postcard::from_bytes(&description).map_err(|e| e.to_string())?;
        back.attach(p.bytes_saved())?;
        Ok(back)
    }

    #[test]
    fn bytes_read_from_their_file_are_saved_again_by_what_changed() {
        let tmp = tempfile::tempdir().expect("temp dir");
        let file = tmp.path().join("lists.bin");
        let docs: [&[u32]; 3] = [&[0, 5, 300], &[2, 3], &[9]];
        let make = || docs.iter().map(|d| list(d, &vec![1; d.len()])).collect();
        let read = |described: &Packed| {
            let description = postcard::to_allocvec(described).expect("serialises");
            let mut back: Packed = postcard::from_bytes(&description).expect("deserialises");
            back.attach(std::fs::read(&file).expect("saved"))
                .map(|()| back)
        };
        let saved = Packed::grown(true, make());
        saved.save_bytes(&file).expect("saved whole");
        let mut p = read(&saved).expect("the bytes described");
        // A weight set in place and a list added at the end.
        p.reweigh(0, &[(1, 7)]);
        p.set(2, &[9, 10], &[4, 4]);
        // A byte no change touches, spoilt on disk: saving in place
        // leaves it, and reading the file again sees it.
        let mut spoilt = std::fs::read(&file).expect("saved");
        spoilt[1] ^= 0x40;
        std::fs::write(&file, &spoilt).expect("spoilt");
        p.save_bytes(&file).expect("saved in place");
        let on_disk = std::fs::read(&file).expect("saved");
        assert_eq!(on_disk.len(), p.bytes.len());
        assert_eq!(on_disk[..1], p.bytes[..1]);
        assert_ne!(
            on_disk[1], p.bytes[1],
            "an unchanged byte is not written again"
        );
        assert_eq!(on_disk[2..], p.bytes[2..]);
        assert_eq!(read(&p).err(), Some("packed bytes other than described"));
        // A file of another length than read is written whole.
        std::fs::write(&file, b"short").expect("shortened");
        p.save_bytes(&file).expect("saved whole");
        let back = read(&p).expect("the bytes described");
        assert_eq!(
            lists(&back),
            [
                (vec![0, 5, 300], vec![1, 7, 1]),
                (vec![2, 3], vec![1, 1]),
                (vec![9, 10], vec![4, 4])
            ]
        );
        // Compacted, the lists are written whole again.
        let mut q = back.clone();
        q.retain(&[true, false, false]);
        assert!(q.on_disk.is_none());
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

    #[test]
    fn grown_lists_read_and_save_as_the_same_lists_packed() {
        let docs: [&[u32]; 4] = [&[0, 5, 300, 70_000], &[], &[9], &[1, 2, 3]];
        let weights = [vec![1, 2, 3, 4], vec![], vec![200], vec![7, 7, 7]];
        let make = || docs.iter().zip(&weights).map(|(d, w)| list(d, w)).collect();
        for weighted in [true, false] {
            let grown = Packed::grown(weighted, make());
            let packed = Packed::pack(weighted, make());
            assert_eq!(lists(&grown), lists(&packed));
            for id in 0..4 {
                assert_eq!(grown.hash_of(id), packed.hash_of(id));
                assert_eq!(grown.docs_len(id), packed.docs_len(id));
                assert_eq!(grown.gaps_len(id), packed.gaps_len(id));
                assert_eq!(grown.find(id, &[3, 9, 300]), packed.find(id, &[3, 9, 300]));
            }
            // Saved from the grown lists, read back packed.
            let back = saved_and_read(&grown).expect("read back");
            assert!(back.grown.is_none());
            assert_eq!(
                (back.bytes.clone(), back.spans.clone()),
                (packed.bytes.clone(), packed.spans.clone())
            );
            // A change packs them first.
            let mut changed = Packed::grown(weighted, make());
            changed.set(1, &[4], &[9]);
            assert!(changed.grown.is_none());
            let mut expected = Packed::pack(weighted, make());
            expected.set(1, &[4], &[9]);
            assert_eq!(lists(&changed), lists(&expected));
        }
        // Bytes other than those described are refused: shorter, or changed.
        let packed = Packed::pack(true, make());
        let description = postcard::to_allocvec(&packed).expect("serialises");
        let read = || postcard::from_bytes::<Packed>(&description).expect("deserialises");
        let mut bytes = packed.bytes_saved();
        assert!(read().attach(bytes[1..].to_vec()).is_err());
        bytes[3] ^= 1;
        assert!(read().attach(bytes).is_err());
        assert!(read().attach(packed.bytes_saved()).is_ok());
    }
}
