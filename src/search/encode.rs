//! The compact encodings of the index files, and the quantised scores.
//!
//! Numbers are written as text so that every static host compresses the
//! files (`application/json`): each number is base-32 digits, most
//! significant first, the last from `0-9A-V` and the others from `W-Za-z-_`,
//! so one character holds 0–31 and the common small gaps of a posting list
//! take one byte. A posting list is the gaps between its ascending document
//! numbers (the first counted from −1); an impact is one character, 1–63,
//! on a logarithmic scale.
//!
//! Runs: `.`, a count, then what repeats. In a list of gaps `.` + n stands
//! for n gaps of 1 (documents side by side: a syllable in most documents is
//! mostly such runs); in impacts `.` + n + a digit stands for n copies of
//! that impact (the flattened tail of a long list). `.` is no digit, so a
//! reader cannot mistake it, and a phone parses a few characters instead of
//! one per document.

/// The 64 digits: the first 32 end a number, the last 32 continue it.
pub const DIGITS: &[u8; 64] = b"0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz-_";

/// Appends one number.
pub fn push_number(out: &mut String, n: u32) {
    let mut digits = [0u8; 7];
    let mut len = 0;
    let mut rest = n;
    loop {
        digits[len] = (rest & 31) as u8;
        len += 1;
        rest >>= 5;
        if rest == 0 {
            break;
        }
    }
    for (i, &d) in digits[..len].iter().enumerate().rev() {
        let d = if i == 0 { d } else { d + 32 };
        out.push(char::from(DIGITS[usize::from(d)]));
    }
}

/// Starts a run (see the module's documentation).
pub const RUN: char = '.';
/// Shortest run written as one: `.` and a count take at least two characters.
const MIN_RUN: usize = 4;

/// Appends one-character impacts, runs of one value as runs.
pub fn push_impacts(out: &mut String, digits: &[u8]) {
    let mut i = 0;
    while i < digits.len() {
        let d = digits[i];
        let len = digits[i..].iter().take_while(|&&x| x == d).count();
        let c = char::from(DIGITS[usize::from(d)]);
        if len >= MIN_RUN {
            out.push(RUN);
            push_number(out, len as u32);
            out.push(c);
        } else {
            out.extend(std::iter::repeat_n(c, len));
        }
        i += len;
    }
}

/// Reads a number from `bytes` at `*i`, moving past it.
fn read_number(bytes: &[u8], i: &mut usize) -> Option<u32> {
    let mut n: u32 = 0;
    loop {
        let d = digit(*bytes.get(*i)?)?;
        *i += 1;
        n = n.checked_mul(32)?.checked_add(d & 31)?;
        if d < 32 {
            return Some(n);
        }
    }
}

/// Value of a digit character, or None.
fn digit(c: u8) -> Option<u32> {
    DIGITS.iter().position(|&d| d == c).map(|p| p as u32)
}

/// Decodes a string of numbers; None when it is malformed.
pub fn numbers(s: &str) -> Option<Vec<u32>> {
    let mut out = Vec::new();
    let mut n: u32 = 0;
    for &c in s.as_bytes() {
        let d = digit(c)?;
        n = n.checked_mul(32)?.checked_add(d & 31)?;
        if d < 32 {
            out.push(n);
            n = 0;
        }
    }
    (n == 0).then_some(out)
}

/// Decodes a posting list (gaps, and runs of gaps of 1) into ascending document numbers.
pub fn docs(s: &str) -> Option<Vec<u32>> {
    let bytes = s.as_bytes();
    let mut out = Vec::new();
    let mut prev: i64 = -1;
    let mut i = 0;
    while i < bytes.len() {
        let run = bytes[i] == RUN as u8;
        if run {
            i += 1;
        }
        let n = read_number(bytes, &mut i)?;
        let (count, gap) = if run { (n, 1) } else { (1, n) };
        for _ in 0..count {
            prev += i64::from(gap);
            out.push(u32::try_from(prev).ok()?);
        }
    }
    Some(out)
}

/// Decodes a string of one-character impacts and runs of them.
pub fn impacts(s: &str) -> Option<Vec<u8>> {
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == RUN as u8 {
            i += 1;
            let n = read_number(bytes, &mut i)?;
            let d = digit(*bytes.get(i)?)? as u8;
            i += 1;
            out.extend(std::iter::repeat_n(d, n as usize));
        } else {
            out.push(digit(bytes[i])? as u8);
            i += 1;
        }
    }
    Some(out)
}

/// Writes a growing posting list in memory: LEB128 gaps, cheap to append.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct GapWriter {
    bytes: Vec<u8>,
    last: Option<u32>,
}

impl GapWriter {
    /// Appends a document number larger than the previous one.
    pub fn push(&mut self, doc: u32) {
        let gap = match self.last {
            Some(last) => doc - last,
            None => doc + 1,
        };
        self.last = Some(doc);
        let mut rest = gap;
        loop {
            let byte = (rest & 0x7f) as u8;
            rest >>= 7;
            if rest == 0 {
                self.bytes.push(byte);
                break;
            }
            self.bytes.push(byte | 0x80);
        }
    }

    /// The list of these ascending document numbers.
    pub fn from_docs(docs: impl IntoIterator<Item = u32>) -> GapWriter {
        let mut w = GapWriter::default();
        for d in docs {
            w.push(d);
        }
        w
    }

    /// The document numbers, in order.
    pub fn docs(&self) -> impl Iterator<Item = u32> + '_ {
        docs_of_gaps(&self.bytes)
    }

    /// The gaps in the text encoding of the index files, runs of gaps of 1 as runs.
    pub fn to_text(&self) -> String {
        gaps_text(&self.bytes)
    }

    /// The encoded gaps.
    pub fn as_bytes(&self) -> &[u8] {
        &self.bytes
    }

    /// The last document pushed.
    pub fn last(&self) -> Option<u32> {
        self.last
    }

    /// How many documents were pushed (one gap ends in each byte below 128).
    pub fn count(&self) -> usize {
        self.bytes.iter().filter(|&&b| b < 0x80).count()
    }

    /// Bytes held.
    pub fn len(&self) -> usize {
        self.bytes.len()
    }

    /// Whether nothing was pushed.
    pub fn is_empty(&self) -> bool {
        self.bytes.is_empty()
    }
}

/// The gaps of LEB128 `bytes` (as [`GapWriter`] writes them), in order.
pub fn gaps(bytes: &[u8]) -> impl Iterator<Item = u32> + '_ {
    let mut i = 0;
    std::iter::from_fn(move || {
        let mut n = 0u32;
        let mut shift = 0;
        loop {
            let byte = *bytes.get(i)?;
            i += 1;
            n |= u32::from(byte & 0x7f) << shift;
            shift += 7;
            if byte & 0x80 == 0 {
                return Some(n);
            }
        }
    })
}

/// The document numbers of LEB128 gaps (as [`GapWriter`] writes them), in order.
pub fn docs_of_gaps(bytes: &[u8]) -> impl Iterator<Item = u32> + '_ {
    let mut prev: Option<u32> = None;
    gaps(bytes).map(move |gap| {
        let doc = match prev {
            Some(p) => p + gap,
            None => gap - 1,
        };
        prev = Some(doc);
        doc
    })
}

/// LEB128 gaps in the text encoding of the index files, runs of gaps of 1 as runs.
pub fn gaps_text(bytes: &[u8]) -> String {
    let mut out = String::with_capacity(bytes.len() + bytes.len() / 4);
    let mut ones = 0;
    let flush = |out: &mut String, ones: usize| {
        if ones >= MIN_RUN {
            out.push(RUN);
            push_number(out, ones as u32);
        } else {
            out.extend(std::iter::repeat_n('1', ones));
        }
    };
    for gap in gaps(bytes) {
        if gap == 1 {
            ones += 1;
            continue;
        }
        flush(&mut out, ones);
        ones = 0;
        push_number(&mut out, gap);
    }
    flush(&mut out, ones);
    out
}

/// The in-memory resolution of a term's weight in a document before the
/// IDF is known: 255 steps of ln(1 + w) up to [`WEIGHT_MAX`].
const WEIGHT_STEPS: f64 = 255.0;
/// The largest weight kept exactly (larger ones are clamped).
const WEIGHT_MAX: f64 = 200.0;

/// A weight (sum of saturated field frequencies) as one byte.
pub fn weight_byte(w: f64) -> u8 {
    let scale = WEIGHT_STEPS / WEIGHT_MAX.ln_1p();
    (w.ln_1p() * scale).round().clamp(1.0, WEIGHT_STEPS) as u8
}

/// The weight a byte stands for.
pub fn weight_of(b: u8) -> f64 {
    let scale = WEIGHT_STEPS / WEIGHT_MAX.ln_1p();
    (f64::from(b) / scale).exp_m1()
}

/// Word impacts are `round(WORD_SCALE × ln(1 + score))`, 1–63: steps of
/// about 18 %, fine enough to rank and coarse enough to compress well.
pub const WORD_SCALE: f64 = 6.0;
/// Pair impacts only boost a phrase, so they are coarser: steps of about 40 %.
pub const PAIR_SCALE: f64 = 3.0;

/// Quantises a score to an impact, 1–63.
pub fn impact(score: f64, scale: f64) -> u8 {
    (score.ln_1p() * scale).round().clamp(1.0, 63.0) as u8
}

/// The score an impact stands for; the browser computes the same table.
pub fn impact_value(q: u8, scale: f64) -> f64 {
    (f64::from(q) / scale).exp_m1()
}

/// FNV-1a, 64 bits: a stable fingerprint of the index files for cache busting.
pub fn fnv1a(seed: u64, bytes: &[u8]) -> u64 {
    let mut h = seed;
    for &b in bytes {
        h ^= u64::from(b);
        h = h.wrapping_mul(0x100_0000_01b3);
    }
    h
}

/// The FNV-1a offset basis.
pub const FNV_SEED: u64 = 0xcbf2_9ce4_8422_2325;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_round_trip() {
        let values = [0, 1, 31, 32, 33, 1023, 1024, 99_999, u32::MAX];
        let mut s = String::new();
        for v in values {
            push_number(&mut s, v);
        }
        assert_eq!(numbers(&s).expect("valid"), values);
    }

    #[test]
    fn small_numbers_take_one_character() {
        let mut s = String::new();
        push_number(&mut s, 1);
        push_number(&mut s, 31);
        assert_eq!(s, "1V");
        s.clear();
        push_number(&mut s, 32);
        assert_eq!(s, "X0");
    }

    #[test]
    fn malformed_numbers_are_refused() {
        assert_eq!(numbers("X"), None);
        assert_eq!(numbers("1!"), None);
    }

    #[test]
    fn gap_writer_round_trips_through_text() {
        let ids = [0, 1, 2, 40, 41, 5000, 100_000];
        let mut w = GapWriter::default();
        for id in ids {
            w.push(id);
        }
        assert_eq!(docs(&w.to_text()).expect("valid"), ids);
    }

    #[test]
    fn runs_of_neighbours_and_of_one_impact_are_short_and_round_trip() {
        let ids: Vec<u32> = (0..10)
            .chain([12, 13, 14])
            .chain(100..1100)
            .chain([5000])
            .collect();
        let mut w = GapWriter::default();
        for &id in &ids {
            w.push(id);
        }
        let text = w.to_text();
        // 0–9: ten gaps of 1; 12: a gap of 3; 13, 14: two of 1 (too short for a run).
        assert!(text.starts_with(".A311"), "{text}");
        assert!(text.len() < 16, "{text}");
        assert_eq!(docs(&text).expect("valid"), ids);

        let digits: Vec<u8> = [9, 9, 9, 40]
            .into_iter()
            .chain([7; 500])
            .chain([1, 1, 1, 1])
            .collect();
        let mut s = String::new();
        push_impacts(&mut s, &digits);
        assert_eq!(s, "999e.lK7.41");
        assert_eq!(impacts(&s).expect("valid"), digits);
        // Cut short or with a bad count: refused, not misread.
        for bad in [".", ".X", ".4", "9.!1"] {
            assert_eq!(impacts(bad), None, "{bad}");
        }
        assert_eq!(docs(".X"), None);
    }

    #[test]
    fn weights_and_impacts_are_monotonic() {
        let mut last = 0;
        for w in [0.1, 0.5, 1.0, 2.0, 5.0, 20.0, 100.0] {
            let b = weight_byte(w);
            assert!(b >= last, "{w}");
            last = b;
            assert!((weight_of(b) - w).abs() <= 0.05 * w + 0.02, "{w}");
        }
        assert_eq!(impact(0.0, WORD_SCALE), 1);
        assert_eq!(impact(1e9, WORD_SCALE), 63);
        assert!(impact(2.0, WORD_SCALE) < impact(3.0, WORD_SCALE));
        let back = impact_value(impact(5.0, WORD_SCALE), WORD_SCALE);
        assert!((back - 5.0).abs() < 0.5, "{back}");
    }
}
