//! Search text: splitting Vietnamese text into syllables ("words"), their
//! folded keys, and the plain text of a rendered body.
//!
//! `static/search.js` splits queries and snippets with the same rules, so
//! keep the two in step:
//!
//! 1. A word is a maximal run of letters, digits and combining marks
//!    (`[\p{Alphabetic}\p{N}\p{M}]+`), lower-cased.
//! 2. Digit groups joined by one `.` or `,` are one word without the
//!    separator: "1.041" → `1041`, so "1.041 mô hình" is found by `1041`.
//! 3. A word longer than [`MAX_WORD_CHARS`] is dropped (URLs, hashes).
//! 4. A word *breaks* from the previous one when anything other than
//!    white space lies between them ("thôn, xóm"); two words form a phrase
//!    pair only without a break.
//! 5. The key of a word is [`vi::fold_diacritics`] of it: tone marks and
//!    other diacritics removed, `đ` → `d` ("đường" → `duong`).

use crate::vi;

/// Longer words are not indexed.
pub const MAX_WORD_CHARS: usize = 40;

/// The search key of a lower-case word: diacritics folded, `đ` → `d`.
pub fn key(word: &str) -> String {
    vi::fold_diacritics(word)
}

/// Letters, digits and combining marks; Vietnamese letters take a fast path.
pub fn is_word_char(c: char) -> bool {
    match c {
        'a'..='z' | 'A'..='Z' | '0'..='9' => true,
        '\0'..='\u{7f}' | '\u{d7}' | '\u{f7}' => false,
        '\u{c0}'..='\u{24f}' | '\u{1ea0}'..='\u{1ef9}' => true,
        _ => c.is_alphanumeric() || unicode_normalization::char::is_combining_mark(c),
    }
}

/// Calls `f(word, breaks)` for every word of `text`, in order, as written
/// (the caller lower-cases); `breaks` is true for the first word and for a
/// word that punctuation separates from the previous one.
pub fn for_each_word(text: &str, mut f: impl FnMut(&str, bool)) {
    let bytes = text.as_bytes();
    let mut scratch = String::new();
    let mut last_end: Option<usize> = None;
    // The word being built: (start, end, joined digit groups).
    let mut current: Option<(usize, usize, bool)> = None;
    let mut emit = |(start, end, joined): (usize, usize, bool), last_end: &mut Option<usize>| {
        let word = if joined {
            scratch.clear();
            scratch.extend(text[start..end].chars().filter(|c| !matches!(c, '.' | ',')));
            scratch.as_str()
        } else {
            &text[start..end]
        };
        if word.len() > MAX_WORD_CHARS && word.chars().nth(MAX_WORD_CHARS).is_some() {
            return;
        }
        let breaks = match *last_end {
            None => true,
            Some(e) => !text[e..start].chars().all(char::is_whitespace),
        };
        *last_end = Some(end);
        f(word, breaks);
    };
    for (start, end) in runs(text) {
        if let Some(cur) = current.as_mut()
            && start == cur.1 + 1
            && matches!(bytes[cur.1], b'.' | b',')
            && bytes[cur.1 - 1].is_ascii_digit()
            && bytes[start].is_ascii_digit()
        {
            cur.1 = end;
            cur.2 = true;
            continue;
        }
        if let Some(cur) = current.take() {
            emit(cur, &mut last_end);
        }
        current = Some((start, end, false));
    }
    if let Some(cur) = current {
        emit(cur, &mut last_end);
    }
}

/// Byte ranges of the maximal runs of word characters.
fn runs(text: &str) -> impl Iterator<Item = (usize, usize)> + '_ {
    let mut chars = text.char_indices().peekable();
    std::iter::from_fn(move || {
        let start = loop {
            let (i, c) = chars.next()?;
            if is_word_char(c) {
                break i;
            }
        };
        let mut end = text.len();
        while let Some(&(i, c)) = chars.peek() {
            if !is_word_char(c) {
                end = i;
                break;
            }
            chars.next();
        }
        Some((start, end))
    })
}

/// The words of a text as `(word, breaks)` pairs, lower-cased.
pub fn words(text: &str) -> Vec<(String, bool)> {
    let lower = text.to_lowercase();
    let mut out = Vec::new();
    for_each_word(&lower, |w, b| out.push((vi::nfc(w), b)));
    out
}

/// Inline elements: their tags join the text around them; every other tag
/// (paragraphs, list items, cells, `<br>`, `<sup>`) separates words.
const INLINE: &[&str] = &[
    "a", "abbr", "b", "bdi", "cite", "code", "del", "dfn", "em", "i", "ins", "kbd", "mark", "q",
    "s", "samp", "small", "span", "strong", "time", "u", "var",
];

/// The plain text of rendered HTML: tags removed (block ones become line
/// breaks), `<script>`/`<style>` contents and comments dropped, character
/// references decoded.
pub fn html_text(html: &str) -> String {
    let mut out = String::with_capacity(html.len() / 2);
    let mut rest = html;
    while let Some(i) = rest.find(['<', '&']) {
        out.push_str(&rest[..i]);
        rest = &rest[i..];
        if rest.starts_with('&') {
            let (decoded, used) = entity(rest);
            out.push_str(&decoded);
            rest = &rest[used..];
            continue;
        }
        if let Some(after) = rest.strip_prefix("<!--") {
            rest = after.find("-->").map_or("", |e| &after[e + 3..]);
            continue;
        }
        let Some(end) = tag_end(rest) else {
            break;
        };
        let tag = &rest[1..end - 1];
        let name: String = tag
            .trim_start_matches('/')
            .chars()
            .take_while(|c| c.is_ascii_alphanumeric())
            .collect::<String>()
            .to_ascii_lowercase();
        rest = &rest[end..];
        if (name == "script" || name == "style") && !tag.starts_with('/') {
            let close = format!("</{name}");
            rest = find_ascii_ci(rest, &close).map_or("", |e| &rest[e..]);
            continue;
        }
        if !INLINE.contains(&name.as_str()) {
            out.push('\n');
        }
    }
    out.push_str(rest);
    out
}

/// Length of the tag at the start of `s` (through its `>`, quotes respected).
fn tag_end(s: &str) -> Option<usize> {
    let mut quote: Option<char> = None;
    for (i, c) in s.char_indices().skip(1) {
        match (quote, c) {
            (Some(q), c) if c == q => quote = None,
            (Some(_), _) => {}
            (None, '"' | '\'') => quote = Some(c),
            (None, '>') => return Some(i + 1),
            _ => {}
        }
    }
    None
}

fn find_ascii_ci(haystack: &str, needle: &str) -> Option<usize> {
    let h = haystack.as_bytes();
    let n = needle.as_bytes();
    (0..h.len().saturating_sub(n.len() - 1)).find(|&i| h[i..i + n.len()].eq_ignore_ascii_case(n))
}

/// Decodes the character reference at the start of `s` (which begins with
/// `&`); returns the text and the bytes used. An unknown one stays as is.
fn entity(s: &str) -> (String, usize) {
    let Some(semi) = s.bytes().take(12).position(|b| b == b';') else {
        return ("&".into(), 1);
    };
    let name = &s[1..semi];
    let decoded = match name {
        "amp" => Some('&'),
        "lt" => Some('<'),
        "gt" => Some('>'),
        "quot" => Some('"'),
        "apos" => Some('\''),
        "nbsp" => Some('\u{a0}'),
        _ => {
            let code = if let Some(hex) = name.strip_prefix("#x").or(name.strip_prefix("#X")) {
                u32::from_str_radix(hex, 16).ok()
            } else {
                name.strip_prefix('#').and_then(|d| d.parse().ok())
            };
            code.and_then(char::from_u32)
        }
    };
    match decoded {
        Some(c) => (c.to_string(), semi + 1),
        None => ("&".into(), 1),
    }
}

/// Cuts text to at most `max` characters at a word boundary.
pub fn clip(text: &str, max: usize) -> &str {
    match text.char_indices().nth(max) {
        None => text,
        Some((cut, _)) => {
            let head = &text[..cut];
            head.rfind(char::is_whitespace)
                .map_or(head, |i| &head[..i])
                .trim_end()
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn plain(text: &str) -> Vec<String> {
        words(text).into_iter().map(|(w, _)| w).collect()
    }

    #[test]
    fn words_are_lower_case_syllables() {
        assert_eq!(
            plain("Đảng ủy Khối các cơ quan"),
            ["đảng", "ủy", "khối", "các", "cơ", "quan"]
        );
    }

    #[test]
    fn keys_fold_tone_marks_and_d_stroke() {
        assert_eq!(key("đường"), "duong");
        assert_eq!(key("khéo"), "kheo");
        assert_eq!(key("ủy"), "uy");
        assert_eq!(key("nghiêng"), "nghieng");
    }

    #[test]
    fn digit_groups_join() {
        assert_eq!(
            plain("1.041 mô hình, 62,6 km"),
            ["1041", "mô", "hình", "626", "km"]
        );
        assert_eq!(plain("năm 2023. Sau đó"), ["năm", "2023", "sau", "đó"]);
    }

    #[test]
    fn punctuation_breaks_phrases() {
        let w = words("“Dân vận khéo” ở thôn, xóm");
        let breaks: Vec<bool> = w.iter().map(|(_, b)| *b).collect();
        assert_eq!(breaks, [true, false, false, true, false, true]);
    }

    #[test]
    fn long_words_are_dropped_and_break() {
        let long = "x".repeat(MAX_WORD_CHARS + 1);
        let w = words(&format!("dân {long} vận"));
        assert_eq!(w, [("dân".to_owned(), true), ("vận".to_owned(), true)]);
    }

    #[test]
    fn decomposed_text_gives_composed_words() {
        assert_eq!(plain("khe\u{301}o"), ["khéo"]);
    }

    #[test]
    fn html_text_drops_tags_and_decodes_references() {
        let html = "<h2 id=\"a\">Cách làm</h2>\n<p>Họp <strong>dân</strong> &amp; bàn<sup>1</sup></p><ul><li>một</li><li>hai &#8211; ba</li></ul><!-- x --><script>var a = 1 < 2;</script>";
        assert_eq!(
            html_text(html),
            "\nCách làm\n\n\nHọp dân & bàn\n1\n\n\n\nmột\n\nhai – ba\n\n\n"
        );
        assert_eq!(
            plain(&html_text(html)).join(" "),
            "cách làm họp dân bàn 1 một hai ba"
        );
    }

    #[test]
    fn html_text_keeps_lone_ampersands_and_quoted_brackets() {
        assert_eq!(html_text("a & b"), "a & b");
        assert_eq!(html_text("&đường đường;"), "&đường đường;");
        assert_eq!(html_text("<a title=\"x>y\">c</a>"), "c");
    }

    #[test]
    fn clip_cuts_at_a_space() {
        assert_eq!(clip("một hai ba", 100), "một hai ba");
        assert_eq!(clip("một hai ba", 6), "một");
    }
}
