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
        // Through a buffer: JSON comes in many small pieces, each costly to hash alone.
        let mut w = io::BufWriter::with_capacity(16 * 1024, Writer(&mut self.0, 0));
        let ok = serde_json::to_writer(&mut w, x).is_ok();
        let n = match w.into_inner() {
            Ok(w) => w.1,
            Err(_) => u64::MAX,
        };
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
        let mut w = io::BufWriter::with_capacity(16 * 1024, Writer(&mut self.0, 0));
        let ok = postcard::to_io(x, &mut w).is_ok();
        let n = match w.into_inner() {
            Ok(w) if ok => w.1,
            _ => u64::MAX,
        };
        self.u64(n)
    }

    /// The fingerprint of everything added.
    pub fn finish(&self) -> Fingerprint {
        Fingerprint(self.0.digest128())
    }
}

/// Feeds JSON text into the hash, counting bytes.
struct Writer<'a>(&'a mut Xxh3Default, u64);

impl io::Write for Writer<'_> {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        self.0.update(buf);
        self.1 += buf.len() as u64;
        Ok(buf.len())
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
}
