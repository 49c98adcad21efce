//! Vietnamese text handling: Unicode normalisation, diacritic folding, slugs,
//! near-duplicate term keys, Vietnamese collation and "did you mean" hints.

use std::cmp::Ordering;

use icu_collator::CollatorBorrowed;
use icu_collator::options::CollatorOptions;
use icu_locale::locale;
use unicode_normalization::{IsNormalized, UnicodeNormalization, is_nfc_quick};

/// NFC-normalise text (Word and macOS paste NFD).
pub fn nfc(s: &str) -> String {
    match is_nfc_quick(s.chars()) {
        IsNormalized::Yes => s.to_owned(),
        _ => s.nfc().collect(),
    }
}

/// Remove tone marks and other diacritics, map đ→d Đ→D, keep case. "Đảng ủy" → "Dang uy".
pub fn fold_diacritics(s: &str) -> String {
    s.nfd()
        .filter(|c| !('\u{0300}'..='\u{036F}').contains(c))
        .map(|c| match c {
            'đ' => 'd',
            'Đ' => 'D',
            other => other,
        })
        .nfc()
        .collect()
}

/// Slug per SPEC: lower-case ASCII; tone marks removed; đ→d; every run of other characters → a single '-'; no leading/trailing '-'.
pub fn slugify(s: &str) -> String {
    let mut slug = String::with_capacity(s.len());
    let mut pending_dash = false;
    for c in fold_diacritics(s).chars() {
        if c.is_ascii_alphanumeric() {
            if pending_dash && !slug.is_empty() {
                slug.push('-');
            }
            pending_dash = false;
            slug.push(c.to_ascii_lowercase());
        } else {
            pending_dash = true;
        }
    }
    slug
}

/// A key for grouping near-duplicate spellings: slugify of the NFC text (differs only in case, spacing, punctuation or diacritics → same key).
pub fn term_key(s: &str) -> String {
    slugify(&nfc(s))
}

/// Sort keys by string, kept by a [`Collator`].
pub type KeptKeys = rustc_hash::FxHashMap<String, std::sync::Arc<[u8]>>;

/// Vietnamese collation (ICU root+vi tailoring, compiled data); tone marks are a secondary difference.
#[derive(Debug)]
pub struct Collator {
    inner: CollatorBorrowed<'static>,
    /// Sort keys made so far, when kept (see [`Collator::keeping_keys`]).
    keys: Option<std::sync::Mutex<KeptKeys>>,
}

impl Collator {
    /// A collator for the `vi` locale at the default (tertiary) strength.
    pub fn new() -> Collator {
        let inner =
            icu_collator::Collator::try_new(locale!("vi").into(), CollatorOptions::default())
                .expect("compiled collation data for `vi` is built into icu_collator");
        Collator { inner, keys: None }
    }

    /// A collator that keeps every sort key it makes, for a process that
    /// sorts the same titles again and again (`kheo serve`).
    pub fn keeping_keys() -> Collator {
        Collator {
            keys: Some(Default::default()),
            ..Collator::new()
        }
    }

    /// A collator that keeps every sort key it makes, starting with `keys`
    /// (those another process made: see [`Collator::with_kept_keys`]).
    pub fn keeping(keys: Vec<(String, Vec<u8>)>) -> Collator {
        let keys = keys.into_iter().map(|(s, k)| (s, k.into())).collect();
        Collator {
            keys: Some(std::sync::Mutex::new(keys)),
            ..Collator::new()
        }
    }

    /// `f` of the sort keys kept, by string (none for a collator that
    /// keeps none).
    pub fn with_kept_keys<R>(&self, f: impl FnOnce(&KeptKeys) -> R) -> R {
        match &self.keys {
            Some(keys) => f(&keys.lock().unwrap_or_else(|e| e.into_inner())),
            None => f(&KeptKeys::default()),
        }
    }

    /// Compare two strings in Vietnamese collation order.
    pub fn compare(&self, a: &str, b: &str) -> Ordering {
        self.inner.compare(a, b)
    }

    /// The sort key of `s`: keys compare as bytes the way [`Collator::compare`]
    /// compares their strings, so a long list is sorted by computing each
    /// key once instead of collating at every comparison.
    pub fn sort_key(&self, s: &str) -> std::sync::Arc<[u8]> {
        let lock = || {
            self.keys
                .as_ref()
                .map(|k| k.lock().unwrap_or_else(|e| e.into_inner()))
        };
        if let Some(key) = lock().and_then(|k| k.get(s).cloned()) {
            return key;
        }
        let mut key = Vec::with_capacity(s.len() * 3);
        let Ok(()) = self.inner.write_sort_key_to(s, &mut key);
        let key: std::sync::Arc<[u8]> = key.into();
        if let Some(mut keys) = lock() {
            keys.insert(s.to_owned(), key.clone());
        }
        key
    }
}

impl Default for Collator {
    fn default() -> Self {
        Collator::new()
    }
}

/// Sort a slice by a string key in Vietnamese collation order; ties keep input order (stable).
pub fn sort_by_collation<T>(items: &mut [T], collator: &Collator, key: impl Fn(&T) -> &str) {
    items.sort_by(|a, b| collator.compare(key(a), key(b)));
}

/// Minimum normalised Damerau-Levenshtein similarity (on folded, lower-cased text) for a suggestion.
const SUGGESTION_THRESHOLD: f64 = 0.7;

/// The closest candidate to `word` among `candidates` for a "did you mean" hint, or None when nothing is close enough.
pub fn did_you_mean<'a>(word: &str, candidates: &[&'a str]) -> Option<&'a str> {
    let comparable = |s: &str| fold_diacritics(s).to_lowercase();
    let word = comparable(word);
    let mut best: Option<(&'a str, f64)> = None;
    for &candidate in candidates {
        let score = strsim::normalized_damerau_levenshtein(&word, &comparable(candidate));
        if score >= SUGGESTION_THRESHOLD && best.is_none_or(|(_, top)| score > top) {
            best = Some((candidate, score));
        }
    }
    best.map(|(candidate, _)| candidate)
}

#[cfg(test)]
mod tests {
    use super::*;

    const FIELDS: &[&str] = &["year", "field", "locality", "title", "Giải phóng mặt bằng"];

    fn sorted(words: &[&'static str]) -> Vec<&'static str> {
        let mut v = words.to_vec();
        sort_by_collation(&mut v, &Collator::new(), |s| s);
        v
    }

    #[test]
    fn slug_organisation_name() {
        assert_eq!(
            slugify("Đảng ủy Khối các cơ quan tỉnh"),
            "dang-uy-khoi-cac-co-quan-tinh"
        );
    }

    #[test]
    fn slug_en_dash() {
        assert_eq!(slugify("Văn hóa – xã hội"), "van-hoa-xa-hoi");
    }

    #[test]
    fn slug_digits() {
        assert_eq!(slugify("2023"), "2023");
    }

    #[test]
    fn slug_path_traversal() {
        assert_eq!(slugify("../../x"), "x");
    }

    #[test]
    fn slug_empty() {
        assert_eq!(slugify(""), "");
    }

    #[test]
    fn slug_people_committee() {
        assert_eq!(
            slugify("Ủy ban nhân dân huyện Sóc Sơn"),
            "uy-ban-nhan-dan-huyen-soc-son"
        );
    }

    #[test]
    fn slug_nfd_equals_nfc() {
        let precomposed = "Ủy ban nhân dân huyện Sóc Sơn";
        let decomposed: String = precomposed.nfd().collect();
        assert_ne!(precomposed, decomposed);
        assert_eq!(slugify(&decomposed), slugify(precomposed));
    }

    #[test]
    fn slug_extra_spaces() {
        assert_eq!(slugify("  Hà   Nội  "), "ha-noi");
    }

    #[test]
    fn slug_ampersand() {
        assert_eq!(slugify("Sở TN&MT"), "so-tn-mt");
    }

    #[test]
    fn collation_letter_order() {
        let shuffled = ["Ưu", "Đà", "An", "Uy", "Ân", "Dương", "Ăn"];
        let expected = ["An", "Ăn", "Ân", "Dương", "Đà", "Uy", "Ưu"];
        assert_eq!(sorted(&shuffled), expected);
    }

    #[test]
    fn collation_tone_is_secondary() {
        assert_eq!(sorted(&["b", "à", "a"]), ["a", "à", "b"]);
    }

    #[test]
    fn collation_d_stroke_between_d_and_e() {
        assert_eq!(
            sorted(&["Em", "Đà Lạt", "Dương"]),
            ["Dương", "Đà Lạt", "Em"]
        );
    }

    #[test]
    fn collation_o_horn_after_o_circumflex() {
        assert_eq!(sorted(&["Ơ", "O", "Ô"]), ["O", "Ô", "Ơ"]);
    }

    #[test]
    fn collation_sort_is_stable() {
        let mut items = [("b", 1), ("a", 1), ("b", 2), ("a", 2)];
        sort_by_collation(&mut items, &Collator::default(), |item| item.0);
        assert_eq!(items, [("a", 1), ("a", 2), ("b", 1), ("b", 2)]);
    }

    #[test]
    fn collator_is_send_and_sync() {
        fn assert_sync<T: Send + Sync>() {}
        assert_sync::<Collator>();
    }

    #[test]
    fn nfc_composes_decomposed() {
        let decomposed = "Ho\u{0300}a";
        assert_eq!(nfc(decomposed), "Hòa");
        assert_eq!(nfc("Hòa"), "Hòa");
    }

    #[test]
    fn fold_road_name() {
        assert_eq!(fold_diacritics("Đường Vành đai"), "Duong Vanh dai");
    }

    #[test]
    fn fold_keeps_non_latin_punctuation() {
        assert_eq!(fold_diacritics("Đảng ủy – “x”"), "Dang uy – “x”");
    }

    #[test]
    fn term_key_groups_variants() {
        let key = term_key("Cải cách hành chính");
        assert_eq!(term_key("cải cách  hành chính"), key);
        assert_eq!(term_key("Cai cach hanh chinh"), key);
    }

    #[test]
    fn suggest_yaer() {
        assert_eq!(did_you_mean("yaer", FIELDS), Some("year"));
    }

    #[test]
    fn suggest_feild() {
        assert_eq!(did_you_mean("feild", FIELDS), Some("field"));
    }

    #[test]
    fn suggest_locallity() {
        assert_eq!(did_you_mean("locallity", FIELDS), Some("locality"));
    }

    #[test]
    fn suggest_titel() {
        assert_eq!(did_you_mean("titel", FIELDS), Some("title"));
    }

    #[test]
    fn suggest_unaccented_field_name() {
        assert_eq!(
            did_you_mean("Giai phong mat bang", FIELDS),
            Some("Giải phóng mặt bằng")
        );
    }

    #[test]
    fn suggest_chanh_to_chinh() {
        let terms = [
            "Cải cách hành chính",
            "Cải cách giáo dục",
            "Hành chính công",
        ];
        assert_eq!(
            did_you_mean("Cải cách hành chánh", &terms),
            Some("Cải cách hành chính")
        );
    }

    #[test]
    fn suggest_nothing_for_unrelated_word() {
        assert_eq!(did_you_mean("xyz", FIELDS), None);
        assert_eq!(did_you_mean("budget", FIELDS), None);
    }

    #[test]
    fn suggest_nothing_for_shared_first_words() {
        let terms = ["Cải cách hành chính"];
        assert_eq!(did_you_mean("Cải cách thủ tục", &terms), None);
    }
}
