//! The [`Index`]: every published model stored once, and the terms (field,
//! unit, year, locality) that list them, in Vietnamese order.
//!
//! Built once per build and borrowed by every renderer. Building it is also
//! where the cross-file rules live: controlled vocabularies, spellings of one
//! term merged under the most frequent one, and slugs that must be unique.

use rustc_hash::FxHashMap as HashMap;
use std::borrow::Cow;
use std::collections::BTreeMap;

use rayon::prelude::*;

use crate::config::Config;
use crate::content::{Content, Model, Page};
use crate::diagnostic::{Diagnostic, Pos};
use crate::vi::{self, Collator};

/// The four ways to browse models.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum TaxonomyKind {
    /// By field (`linh-vuc`).
    Fields,
    /// By unit (`don-vi`).
    Units,
    /// By year (`nam`).
    Years,
    /// By locality (`dia-phuong`).
    Localities,
}

impl TaxonomyKind {
    /// All kinds in menu order.
    pub const ALL: [TaxonomyKind; 4] = [Self::Fields, Self::Units, Self::Years, Self::Localities];

    /// The key used in templates and `site.yaml`.
    pub fn key(self) -> &'static str {
        match self {
            Self::Fields => "fields",
            Self::Units => "units",
            Self::Years => "years",
            Self::Localities => "localities",
        }
    }

    /// What one value is called in Vietnamese, for diagnostics: `lĩnh vực`, `đơn vị` …
    pub fn name_vi(self) -> &'static str {
        match self {
            Self::Fields => "lĩnh vực",
            Self::Units => "đơn vị",
            Self::Years => "năm",
            Self::Localities => "địa bàn",
        }
    }

    /// The front-matter key that holds a model's value.
    pub fn front_matter_key(self) -> &'static str {
        match self {
            Self::Fields => "field",
            Self::Units => "unit",
            Self::Years => "year",
            Self::Localities => "locality",
        }
    }
}

/// One value of a taxonomy and the models that have it.
#[derive(Debug, Clone)]
pub struct Term {
    /// The spelling shown (the most frequent one).
    pub name: String,
    /// URL segment.
    pub slug: String,
    /// Indices into [`Index::models`], in model order.
    pub models: Vec<usize>,
}

/// The terms of one kind, sorted.
#[derive(Debug, Clone)]
pub struct Taxonomy {
    /// Which kind.
    pub kind: TaxonomyKind,
    /// Terms in Vietnamese collation order (years newest first).
    pub terms: Vec<Term>,
}

/// The term indices of one model.
#[derive(Debug, Clone, Copy)]
pub struct ModelTerms {
    /// Index into the fields taxonomy.
    pub field: usize,
    /// Index into the units taxonomy.
    pub unit: usize,
    /// Index into the years taxonomy.
    pub year: usize,
    /// Index into the localities taxonomy.
    pub locality: Option<usize>,
}

/// The site's content, indexed.
#[derive(Debug, Clone)]
pub struct Index {
    /// Models: year descending, then title in Vietnamese order.
    pub models: Vec<Model>,
    /// Terms of each model, parallel to `models`.
    pub model_terms: Vec<ModelTerms>,
    /// Static pages, by title.
    pub pages: Vec<Page>,
    /// The home intro.
    pub home: Option<Page>,
    /// Fields.
    pub fields: Taxonomy,
    /// Units.
    pub units: Taxonomy,
    /// Years.
    pub years: Taxonomy,
    /// Localities.
    pub localities: Taxonomy,
}

impl Index {
    /// Indexes loaded content, checking the rules that span files.
    pub fn build(
        content: Content,
        config: &Config,
        collator: &Collator,
    ) -> (Index, Vec<Diagnostic>) {
        let Content {
            mut models,
            mut pages,
            home,
        } = content;
        let mut diagnostics = Vec::new();
        let mut keys = Memo::new(vi::term_key);
        check_vocabulary(
            &mut models,
            TaxonomyKind::Fields,
            config.fields.as_deref(),
            &mut diagnostics,
        );
        check_vocabulary(
            &mut models,
            TaxonomyKind::Units,
            config.units.as_deref(),
            &mut diagnostics,
        );
        for kind in [
            TaxonomyKind::Fields,
            TaxonomyKind::Units,
            TaxonomyKind::Localities,
        ] {
            merge_spellings(&mut models, kind, collator, &mut keys, &mut diagnostics);
        }
        check_unique_slugs(&models, &mut diagnostics);
        check_page_slugs(&pages, config, &mut diagnostics);

        // Newest first, then by title in Vietnamese order: an order of the
        // models sorted, then the models moved once.
        let keys: Vec<std::sync::Arc<[u8]>> = models
            .par_iter()
            .map(|m| collator.sort_key(&m.title))
            .collect();
        let mut order: Vec<usize> = (0..models.len()).collect();
        order.par_sort_unstable_by(|&a, &b| {
            let (ma, mb) = (&models[a], &models[b]);
            mb.year
                .cmp(&ma.year)
                .then_with(|| keys[a].cmp(&keys[b]))
                .then_with(|| ma.slug.cmp(&mb.slug))
                .then_with(|| ma.source.cmp(&mb.source))
        });
        let mut slots: Vec<Option<Model>> = models.into_iter().map(Some).collect();
        let models: Vec<Model> = order
            .into_iter()
            .map(|i| slots[i].take().expect("each model is taken once"))
            .collect();
        vi::sort_by_collation(&mut pages, collator, |p| &p.title);

        // The four taxonomies at once, their diagnostics in this order.
        let taxonomy = |kind| {
            let mut ds = Vec::new();
            let t = taxonomy(
                &models,
                kind,
                collator,
                &mut Memo::new(vi::slugify),
                &mut ds,
            );
            (t, ds)
        };
        let (((fields, ds_f), (units, ds_u)), ((years, ds_y), (localities, ds_l))) = rayon::join(
            || {
                rayon::join(
                    || taxonomy(TaxonomyKind::Fields),
                    || taxonomy(TaxonomyKind::Units),
                )
            },
            || {
                rayon::join(
                    || taxonomy(TaxonomyKind::Years),
                    || taxonomy(TaxonomyKind::Localities),
                )
            },
        );
        diagnostics.extend([ds_f, ds_u, ds_y, ds_l].into_iter().flatten());
        // Each model's term of each taxonomy, from the terms' lists of models.
        let term_of = |t: &Taxonomy| -> Vec<Option<usize>> {
            let mut of = vec![None; models.len()];
            for (k, term) in t.terms.iter().enumerate() {
                for &i in &term.models {
                    of[i] = Some(k);
                }
            }
            of
        };
        let (f, u, y, l) = (
            term_of(&fields),
            term_of(&units),
            term_of(&years),
            term_of(&localities),
        );
        let model_terms = (0..models.len())
            .map(|i| ModelTerms {
                field: f[i].unwrap_or(0),
                unit: u[i].unwrap_or(0),
                year: y[i].unwrap_or(0),
                locality: l[i],
            })
            .collect();
        let index = Index {
            models,
            model_terms,
            pages,
            home,
            fields,
            units,
            years,
            localities,
        };
        (index, diagnostics)
    }

    /// The taxonomy of a kind.
    pub fn taxonomy(&self, kind: TaxonomyKind) -> &Taxonomy {
        match kind {
            TaxonomyKind::Fields => &self.fields,
            TaxonomyKind::Units => &self.units,
            TaxonomyKind::Years => &self.years,
            TaxonomyKind::Localities => &self.localities,
        }
    }
}

/// A model's value for a taxonomy, as text.
pub fn value_of(model: &Model, kind: TaxonomyKind) -> Option<String> {
    match kind {
        TaxonomyKind::Fields => Some(model.field.clone()),
        TaxonomyKind::Units => Some(model.unit.clone()),
        TaxonomyKind::Years => Some(model.year.to_string()),
        TaxonomyKind::Localities => model.locality.clone(),
    }
}

/// The value of a kind given as text (not the year).
fn text_value(model: &Model, kind: TaxonomyKind) -> Option<&str> {
    match kind {
        TaxonomyKind::Fields => Some(&model.field),
        TaxonomyKind::Units => Some(&model.unit),
        TaxonomyKind::Localities => model.locality.as_deref(),
        TaxonomyKind::Years => None,
    }
}

/// [`value_of`], borrowed when it can be.
fn value_ref(model: &Model, kind: TaxonomyKind) -> Option<Cow<'_, str>> {
    match kind {
        TaxonomyKind::Fields => Some(Cow::Borrowed(&model.field)),
        TaxonomyKind::Units => Some(Cow::Borrowed(&model.unit)),
        TaxonomyKind::Years => Some(Cow::Owned(model.year.to_string())),
        TaxonomyKind::Localities => model.locality.as_deref().map(Cow::Borrowed),
    }
}

fn value_mut(model: &mut Model, kind: TaxonomyKind) -> Option<&mut String> {
    match kind {
        TaxonomyKind::Fields => Some(&mut model.field),
        TaxonomyKind::Units => Some(&mut model.unit),
        TaxonomyKind::Localities => model.locality.as_mut(),
        TaxonomyKind::Years => None,
    }
}

fn value_pos(model: &Model, kind: TaxonomyKind) -> Option<Pos> {
    match kind {
        TaxonomyKind::Fields => model.positions.field,
        TaxonomyKind::Units => model.positions.unit,
        TaxonomyKind::Localities => model.positions.locality,
        TaxonomyKind::Years => None,
    }
}

/// A string function's results, each computed once: 10 000 models share a
/// few hundred units, a dozen fields and a few dozen localities.
struct Memo {
    f: fn(&str) -> String,
    done: rustc_hash::FxHashMap<String, String>,
}

impl Memo {
    fn new(f: fn(&str) -> String) -> Memo {
        Memo {
            f,
            done: Default::default(),
        }
    }

    fn get(&mut self, s: &str) -> &str {
        if !self.done.contains_key(s) {
            let value = (self.f)(s);
            self.done.insert(s.to_owned(), value);
        }
        &self.done[s]
    }
}

/// A value outside a declared vocabulary is an error with the nearest entry;
/// one that differs only in case, spacing or diacritics takes the declared
/// spelling, with a warning in each file that spells it otherwise.
fn check_vocabulary(
    models: &mut [Model],
    kind: TaxonomyKind,
    vocab: Option<&[String]>,
    out: &mut Vec<Diagnostic>,
) {
    let Some(vocab) = vocab else { return };
    let by_key: HashMap<String, &String> = vocab.iter().map(|v| (vi::term_key(v), v)).collect();
    let candidates: Vec<&str> = vocab.iter().map(String::as_str).collect();
    let allowed: rustc_hash::FxHashSet<&str> = candidates.iter().copied().collect();
    let key = kind.front_matter_key();
    let (list, name) = (kind.key(), kind.name_vi());
    for model in models.iter_mut() {
        if text_value(model, kind).is_none_or(|v| allowed.contains(v)) {
            continue;
        }
        let pos = value_pos(model, kind);
        let source = model.source.clone();
        let Some(value) = value_mut(model, kind) else {
            continue;
        };
        if let Some(declared) = by_key.get(&vi::term_key(value)) {
            out.push(
                Diagnostic::warning(
                    format!(
                        "{key} `{value}` is spelled `{declared}` in the list of {list} in site.yaml; the site uses `{declared}`"
                    ),
                    format!(
                        "{name} `{value}` được viết là `{declared}` trong danh sách `{list}` của site.yaml; trang sẽ dùng cách viết `{declared}`"
                    ),
                )
                .in_file(&source)
                .at_pos(pos)
                .hint(
                    format!("write `{key}: \"{declared}\"` as site.yaml spells it"),
                    format!("hãy viết `{key}: \"{declared}\"` đúng như trong site.yaml"),
                ),
            );
            *value = (*declared).clone();
            continue;
        }
        let (hint, hint_vi) = match vi::did_you_mean(value, &candidates) {
            Some(s) => (
                format!(
                    "did you mean `{s}`? The {key} values allowed are listed under `{list}:` in site.yaml"
                ),
                format!(
                    "có phải ý bạn là `{s}`? Hãy chọn một {name} trong danh sách `{list}:` của site.yaml"
                ),
            ),
            None => (
                format!(
                    "use one of the values listed under `{list}:` in site.yaml, or add this one there"
                ),
                format!(
                    "hãy chọn một {name} trong danh sách `{list}:` của site.yaml, hoặc thêm {name} này vào danh sách đó"
                ),
            ),
        };
        out.push(
            Diagnostic::error(
                format!("{key} `{value}` is not in the list of {list} in site.yaml"),
                format!("{name} `{value}` không có trong danh sách `{list}` của site.yaml"),
            )
            .in_file(source)
            .at_pos(pos)
            .hint(hint, hint_vi),
        );
    }
}

/// Spellings of one term (same key) are merged under the most frequent; each
/// file using another spelling gets a warning.
fn merge_spellings(
    models: &mut [Model],
    kind: TaxonomyKind,
    collator: &Collator,
    keys: &mut Memo,
    out: &mut Vec<Diagnostic>,
) {
    // Each spelling counted, then the spellings grouped by key: one key
    // per spelling, not per model.
    let mut counts: HashMap<&str, usize> = HashMap::default();
    for m in models.iter() {
        if let Some(v) = text_value(m, kind) {
            *counts.entry(v).or_default() += 1;
        }
    }
    let mut groups: BTreeMap<String, BTreeMap<&str, usize>> = BTreeMap::new();
    for (v, n) in counts {
        groups
            .entry(keys.get(v).to_owned())
            .or_default()
            .insert(v, n);
    }
    let mut canonical: HashMap<String, (String, usize)> = HashMap::default();
    for (key, spellings) in groups.into_iter().filter(|(_, s)| s.len() > 1) {
        let best = spellings
            .iter()
            .max_by(|a, b| {
                let marks = |s: &str| s.chars().filter(|c| !c.is_ascii()).count();
                a.1.cmp(b.1)
                    .then_with(|| marks(a.0).cmp(&marks(b.0)))
                    .then_with(|| collator.compare(b.0, a.0))
            })
            .map(|(s, n)| ((*s).to_owned(), *n))
            .expect("a group has at least two spellings");
        canonical.insert(key, best);
    }
    if canonical.is_empty() {
        return;
    }
    let fm_key = kind.front_matter_key();
    for model in models.iter_mut() {
        let Some((best, count)) = text_value(model, kind)
            .and_then(|v| canonical.get(keys.get(v)))
            .filter(|(best, _)| text_value(model, kind) != Some(best.as_str()))
        else {
            continue;
        };
        let pos = value_pos(model, kind);
        let source = model.source.clone();
        let Some(value) = value_mut(model, kind) else {
            continue;
        };
        out.push(
            Diagnostic::warning(
                format!(
                    "{fm_key} `{value}` is another spelling of `{best}` (used in {}); the site uses `{best}`",
                    crate::diagnostic::plural(*count, "file")
                ),
                format!(
                    "{} `{value}` là một cách viết khác của `{best}` (có trong {count} tệp); trang sẽ dùng cách viết `{best}`",
                    kind.name_vi()
                ),
            )
            .in_file(source)
            .at_pos(pos)
            .hint(
                format!("write `{fm_key}: \"{best}\"` so every model spells it the same way"),
                format!(
                    "hãy viết `{fm_key}: \"{best}\"` để mọi mô hình đều viết giống nhau"
                ),
            ),
        );
        *value = best.clone();
    }
}

fn check_unique_slugs(models: &[Model], out: &mut Vec<Diagnostic>) {
    let slugs = models
        .iter()
        .map(|m| (m.slug.as_str(), m.source.as_str(), m.positions.slug));
    check_duplicate_slugs(slugs, ("models", "mô hình"), out);
}

fn check_page_slugs(pages: &[Page], config: &Config, out: &mut Vec<Diagnostic>) {
    let u = &config.urls;
    let reserved = [
        &u.models,
        &u.fields,
        &u.units,
        &u.years,
        &u.localities,
        &u.search,
        &u.stats,
        &u.booklet,
    ];
    let mut free = Vec::with_capacity(pages.len());
    for p in pages {
        if reserved.iter().any(|r| **r == p.slug) || p.slug == "404" {
            out.push(
                Diagnostic::error(
                    format!(
                        "page slug `{}` is already used by a section of the site",
                        p.slug
                    ),
                    format!(
                        "địa chỉ trang (slug) `{}` đã được một chuyên mục của trang web dùng",
                        p.slug
                    ),
                )
                .in_file(&p.source)
                .at_pos(p.slug_pos)
                .hint(
                    "rename the file or give the page another `slug:`",
                    "hãy đổi tên tệp hoặc đặt cho trang một dòng `slug:` khác",
                ),
            );
        } else {
            free.push((p.slug.as_str(), p.source.as_str(), p.slug_pos));
        }
    }
    check_duplicate_slugs(free, ("pages", "trang"), out);
}

/// One error for each file (slug, source, where its slug is written) whose
/// slug an earlier one has, naming both; `what` names them in English
/// (plural) and in Vietnamese.
fn check_duplicate_slugs<'a>(
    slugs: impl IntoIterator<Item = (&'a str, &'a str, Option<Pos>)>,
    (what, what_vi): (&str, &str),
    out: &mut Vec<Diagnostic>,
) {
    let mut seen: HashMap<&str, &str> = HashMap::default();
    for (slug, source, pos) in slugs {
        let Some(first) = seen.get(slug) else {
            seen.insert(slug, source);
            continue;
        };
        out.push(
            Diagnostic::error(
                format!("two {what} have the slug `{slug}`: `{first}` and `{source}`"),
                format!(
                    "hai {what_vi} trùng địa chỉ trang (slug) `{slug}`: `{first}` và `{source}`"
                ),
            )
            .in_file(source)
            .at_pos(pos)
            .hint(
                "give one of them its own `slug:` in the front matter, or rename one file",
                format!(
                    "hãy đặt cho một trong hai {what_vi} một dòng `slug:` riêng ở phần thông tin đầu tệp, hoặc đổi tên một tệp"
                ),
            ),
        );
    }
}

fn taxonomy(
    models: &[Model],
    kind: TaxonomyKind,
    collator: &Collator,
    slugs: &mut Memo,
    out: &mut Vec<Diagnostic>,
) -> Taxonomy {
    let mut by_slug: HashMap<String, Term> = HashMap::default();
    for (i, m) in models.iter().enumerate() {
        let Some(name) = value_ref(m, kind) else {
            continue;
        };
        let slug = slugs.get(&name);
        if slug.is_empty() {
            out.push(
                Diagnostic::error(
                    format!(
                        "{} `{name}` has no letters or digits to make its web address",
                        kind.front_matter_key()
                    ),
                    format!(
                        "{} `{name}` không có chữ cái hay chữ số nào để làm địa chỉ trang",
                        kind.name_vi()
                    ),
                )
                .in_file(&m.source)
                .at_pos(value_pos(m, kind))
                .hint(
                    "write the name with letters, e.g. the unit's full name",
                    "hãy viết tên bằng chữ cái, ví dụ tên đầy đủ của đơn vị",
                ),
            );
            continue;
        }
        if let Some(term) = by_slug.get_mut(slug) {
            term.models.push(i);
            continue;
        }
        let slug = slug.to_owned();
        by_slug.insert(
            slug.clone(),
            Term {
                name: name.into_owned(),
                slug,
                models: vec![i],
            },
        );
    }
    let mut terms: Vec<Term> = by_slug.into_values().collect();
    if kind == TaxonomyKind::Years {
        terms.sort_by(|a, b| {
            b.name
                .len()
                .cmp(&a.name.len())
                .then_with(|| b.name.cmp(&a.name))
        });
    } else {
        terms.sort_by(|a, b| {
            collator
                .compare(&a.name, &b.name)
                .then_with(|| a.slug.cmp(&b.slug))
        });
    }
    Taxonomy { kind, terms }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::content::model::KeyPositions;

    fn model(source: &str, title: &str, unit: &str, field: &str, year: i32) -> Model {
        Model {
            source: source.into(),
            title: title.into(),
            unit: unit.into(),
            year,
            field: field.into(),
            summary: String::new(),
            locality: None,
            level: None,
            award: None,
            tags: vec![],
            date: None,
            slug: vi::slugify(title),
            draft: false,
            booklet: true,
            weight: 0,
            image: None,
            body: Default::default(),
            body_line: 1,
            html: Default::default(),
            positions: KeyPositions::default(),
        }
    }

    fn build(models: Vec<Model>, config: &Config) -> (Index, Vec<Diagnostic>) {
        let content = Content {
            models,
            pages: vec![],
            home: None,
        };
        Index::build(content, config, &Collator::new())
    }

    #[test]
    fn models_by_year_then_title_in_vietnamese_order() {
        let (idx, ds) = build(
            vec![
                model("a.md", "Đối thoại", "U", "F", 2022),
                model("b.md", "Dân chủ", "U", "F", 2022),
                model("c.md", "Ấn tượng", "U", "F", 2023),
                model("d.md", "Ưu tiên", "U", "F", 2022),
            ],
            &Config::default(),
        );
        assert!(ds.is_empty());
        let titles: Vec<_> = idx.models.iter().map(|m| m.title.as_str()).collect();
        assert_eq!(titles, ["Ấn tượng", "Dân chủ", "Đối thoại", "Ưu tiên"]);
    }

    #[test]
    fn terms_in_collation_order_years_newest_first() {
        let (idx, _) = build(
            vec![
                model("a.md", "A", "Ủy ban", "Đối thoại", 2019),
                model("b.md", "B", "Sở Xây dựng", "Dân chủ", 2023),
                model("c.md", "C", "Ban Dân vận", "Cải cách", 2021),
            ],
            &Config::default(),
        );
        let names = |t: &Taxonomy| t.terms.iter().map(|t| t.name.clone()).collect::<Vec<_>>();
        assert_eq!(names(&idx.fields), ["Cải cách", "Dân chủ", "Đối thoại"]);
        assert_eq!(names(&idx.units), ["Ban Dân vận", "Sở Xây dựng", "Ủy ban"]);
        assert_eq!(names(&idx.years), ["2023", "2021", "2019"]);
    }

    #[test]
    fn minority_spelling_is_merged_with_a_warning() {
        let (idx, ds) = build(
            vec![
                model("a.md", "A", "Sở Xây dựng", "F", 2020),
                model("b.md", "B", "Sở Xây dựng", "F", 2020),
                model("c.md", "C", "sở xây  dựng", "F", 2020),
            ],
            &Config::default(),
        );
        assert_eq!(idx.units.terms.len(), 1);
        assert_eq!(idx.units.terms[0].models.len(), 3);
        assert_eq!(ds.len(), 1);
        assert_eq!(ds[0].path.as_deref(), Some(std::path::Path::new("c.md")));
        assert!(
            ds[0].message.contains("another spelling of `Sở Xây dựng`"),
            "{}",
            ds[0].message
        );
    }

    #[test]
    fn duplicate_slug_names_both_files() {
        let (_, ds) = build(
            vec![
                model("a.md", "Cùng tên", "U", "F", 2020),
                model("b.md", "Cung ten", "U", "F", 2021),
            ],
            &Config::default(),
        );
        assert_eq!(ds.len(), 1);
        assert_eq!(
            ds[0].message,
            "two models have the slug `cung-ten`: `a.md` and `b.md`"
        );
    }

    #[test]
    fn page_slugs_taken_or_used_twice_name_the_files() {
        let page = |source: &str, slug: &str| Page {
            source: source.into(),
            title: "Trang".into(),
            summary: String::new(),
            slug: slug.into(),
            draft: false,
            date: None,
            body: String::new(),
            body_line: 1,
            html: String::new(),
            slug_pos: None,
        };
        let config = Config::default();
        let search = config.urls.search.clone();
        let content = Content {
            models: vec![],
            pages: vec![
                page("a.md", "gioi-thieu"),
                page("b.md", &search),
                page("c.md", "gioi-thieu"),
                page("d.md", &search),
            ],
            home: None,
        };
        let (_, ds) = Index::build(content, &config, &Collator::new());
        let messages: Vec<(&str, &str)> = ds
            .iter()
            .map(|d| (d.message.as_str(), d.message_vi.as_str()))
            .collect();
        let taken = format!("page slug `{search}` is already used by a section of the site");
        assert_eq!(
            messages.iter().map(|m| m.0).collect::<Vec<_>>(),
            [
                taken.as_str(),
                taken.as_str(),
                "two pages have the slug `gioi-thieu`: `a.md` and `c.md`",
            ]
        );
        assert_eq!(
            messages[2].1,
            "hai trang trùng địa chỉ trang (slug) `gioi-thieu`: `a.md` và `c.md`"
        );
        assert!(ds.iter().all(|d| d.is_error()));
    }

    #[test]
    fn vocabulary_error_suggests_nearest() {
        let config =
            Config::parse("fields: [\"Giải phóng mặt bằng\", \"Tiếp công dân\"]").expect("valid");
        let (_, ds) = build(
            vec![model("a.md", "A", "U", "Giải phóng mặt bẳng x", 2020)],
            &config,
        );
        assert_eq!(ds.len(), 1);
        assert!(ds[0].is_error());
        assert!(
            ds[0]
                .hint
                .as_deref()
                .unwrap_or("")
                .contains("did you mean `Giải phóng mặt bằng`")
        );
    }

    #[test]
    fn vocabulary_accepts_other_spellings_with_a_warning_and_uses_the_declared_one() {
        let config = Config::parse("fields: [\"Tiếp công dân\"]").expect("valid");
        let mut models = vec![
            model("a.md", "A", "U", "tiếp công dân", 2020),
            model("b.md", "B", "U", "Tiep  cong dan", 2020),
            model("c.md", "C", "U", "Tiếp công dân", 2020),
        ];
        models[1].positions.field = Some(crate::diagnostic::Pos { line: 5, column: 8 });
        let (idx, ds) = build(models, &config);
        assert!(idx.models.iter().all(|m| m.field == "Tiếp công dân"));
        let shown: Vec<String> = ds.iter().map(ToString::to_string).collect();
        assert_eq!(
            shown,
            [
                "a.md: warning: field `tiếp công dân` is spelled `Tiếp công dân` in the list of fields in site.yaml; the site uses `Tiếp công dân`\n  hint: write `field: \"Tiếp công dân\"` as site.yaml spells it",
                "b.md:5:8: warning: field `Tiep  cong dan` is spelled `Tiếp công dân` in the list of fields in site.yaml; the site uses `Tiếp công dân`\n  hint: write `field: \"Tiếp công dân\"` as site.yaml spells it",
            ]
        );
    }
}
