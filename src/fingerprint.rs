//! Fingerprints: 128-bit hashes (XXH3) of the inputs of a piece of work,
//! so an incremental build can tell that an input is unchanged and reuse
//! what the previous build made from it.
//!
//! A [`Hasher`] takes bytes, strings, numbers and any `serde::Serialize`
//! value (written as JSON into the hash, which is how a template context is
//! fingerprinted). Every variable-length input is preceded by its length, so
//! `("ab", "c")` and `("a", "bc")` differ.

use std::io;

use serde::{Deserialize, Serialize};
use xxhash_rust::xxh3::Xxh3Default;

/// A 128-bit fingerprint.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub struct Fingerprint(pub u128);

impl Fingerprint {
    /// The fingerprint of one byte string.
    pub fn of(bytes: &[u8]) -> Fingerprint {
        Fingerprint(xxhash_rust::xxh3::xxh3_128(bytes))
    }
}

/// Builds a [`Fingerprint`] from several inputs.
#[derive(Default, Clone)]
pub struct Hasher(Xxh3Default);

impl Hasher {
    /// A hasher with nothing in it.
    pub fn new() -> Self {
        Hasher(Xxh3Default::new())
    }

    /// Adds bytes, length first.
    pub fn bytes(&mut self, b: &[u8]) -> &mut Self {
        self.0.update(&(b.len() as u64).to_le_bytes());
        self.0.update(b);
        self
    }

    /// Adds a string.
    pub fn str(&mut self, s: &str) -> &mut Self {
        self.bytes(s.as_bytes())
    }

    /// Adds a number.
    pub fn u64(&mut self, n: u64) -> &mut Self {
        self.0.update(&n.to_le_bytes());
        self
    }

    /// Adds another fingerprint.
    pub fn fingerprint(&mut self, f: Fingerprint) -> &mut Self {
        self.0.update(&f.0.to_le_bytes());
        self
    }

    /// Adds a value as its `Debug` text: for plain data types whose `Debug`
    /// shows every field (the configuration), which is all a fingerprint needs.
    pub fn debug(&mut self, x: &impl std::fmt::Debug) -> &mut Self {
        self.str(&format!("{x:?}"))
    }

    /// Adds a serialisable value, as JSON; a value that cannot be serialised
    /// makes a fingerprint that matches nothing, ever (template contexts are
    /// plain data, so it does not happen).
    pub fn serialize(&mut self, x: &impl Serialize) -> &mut Self {
        let mut w = Writer::new(&mut self.0);
        let ok = serde_json::to_writer(&mut w, x).is_ok();
        let n = w.finish();
        if !ok {
            // Never the same twice, so the work is always done again.
            static FAILURES: std::sync::atomic::AtomicU64 = std::sync::atomic::AtomicU64::new(0);
            let n = FAILURES.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
            let now = std::time::SystemTime::now()
                .duration_since(std::time::UNIX_EPOCH)
                .map(|d| d.as_nanos())
                .unwrap_or_default();
            self.0.update(&now.to_le_bytes());
            self.0.update(&n.to_le_bytes());
        }
        self.u64(n)
    }

    /// Adds a serialisable value in a compact binary form (postcard): much
    /// cheaper than [`Hasher::serialize`]'s JSON, for many values at once.
    pub fn binary(&mut self, x: &impl Serialize) -> &mut Self {
        let mut w = Writer::new(&mut self.0);
        let ok = postcard::to_io(x, &mut w).is_ok();
        let n = w.finish();
        self.u64(if ok { n } else { u64::MAX })
    }

    /// The fingerprint of everything added.
    pub fn finish(&self) -> Fingerprint {
        Fingerprint(self.0.digest128())
    }
}

/// Feeds serialised bytes into the hash, counting them. They come in many
/// small pieces, each costly to hash alone, so they go through a buffer on
/// the stack (a buffer on the heap costs more than hashing a small value).
struct Writer<'a> {
    hash: &'a mut Xxh3Default,
    count: u64,
    buf: [u8; 512],
    len: usize,
}

impl<'a> Writer<'a> {
    fn new(hash: &'a mut Xxh3Default) -> Self {
        Writer {
            hash,
            count: 0,
            buf: [0; 512],
            len: 0,
        }
    }

    /// Hashes what is left in the buffer; returns the number of bytes written.
    fn finish(self) -> u64 {
        self.hash.update(&self.buf[..self.len]);
        self.count
    }
}

impl io::Write for Writer<'_> {
    fn write(&mut self, bytes: &[u8]) -> io::Result<usize> {
        self.count += bytes.len() as u64;
        if self.len + bytes.len() > self.buf.len() {
            self.hash.update(&self.buf[..self.len]);
            self.len = 0;
        }
        if bytes.len() > self.buf.len() {
            self.hash.update(bytes);
        } else {
            self.buf[self.len..self.len + bytes.len()].copy_from_slice(bytes);
            self.len += bytes.len();
        }
        Ok(bytes.len())
    }

    fn flush(&mut self) -> io::Result<()> {
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn boundaries_between_inputs_count() {
        let a = Hasher::new().str("ab").str("c").finish();
        let b = Hasher::new().str("a").str("bc").finish();
        assert_ne!(a, b);
    }

    #[test]
    fn same_inputs_same_fingerprint() {
        let a = Hasher::new().str("Dân vận").u64(7).finish();
        let b = Hasher::new().str("Dân vận").u64(7).finish();
        assert_eq!(a, b);
        assert_ne!(a, Hasher::new().str("Dân vận").u64(8).finish());
    }

    #[test]
    fn serialised_values_are_fingerprinted_by_content() {
        #[derive(Serialize)]
        struct Ctx<'a> {
            title: &'a str,
            count: usize,
        }
        let one = Hasher::new()
            .serialize(&Ctx {
                title: "x",
                count: 1,
            })
            .finish();
        let same = Hasher::new()
            .serialize(&Ctx {
                title: "x",
                count: 1,
            })
            .finish();
        let other = Hasher::new()
            .serialize(&Ctx {
                title: "x",
                count: 2,
            })
            .finish();
        assert_eq!(one, same);
        assert_ne!(one, other);
    }

    #[test]
    fn serialised_bytes_hash_as_one_piece_however_they_come() {
        // Pieces of every size around the buffer's, and one much longer.
        let words: Vec<String> = (0..300)
            .map(|i| "đường ".repeat(i % 9) + &i.to_string())
            .collect();
        let long = ("vành đai ".repeat(200), words);
        let json = serde_json::to_vec(&long).expect("json");
        let binary = postcard::to_stdvec(&long).expect("postcard");
        for (bytes, got) in [
            (json, Hasher::new().serialize(&long).finish()),
            (binary, Hasher::new().binary(&long).finish()),
        ] {
            let mut whole = Xxh3Default::new();
            whole.update(&bytes);
            whole.update(&(bytes.len() as u64).to_le_bytes());
            assert_eq!(got, Fingerprint(whole.digest128()));
        }
    }
}
