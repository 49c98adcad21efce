//! The [`Model`] (one "Dân vận khéo" write-up) and [`Page`] types, and
//! turning a decoded file into one with every front-matter rule of SPEC
//! checked.

use jiff::civil::Date;

use super::fields::FrontMatter;
use super::frontmatter::Split;
use super::shared::SharedText;
use crate::diagnostic::{Diagnostic, Pos};
use crate::vi;

/// Front-matter keys of a model, in the order the README documents them.
pub const MODEL_KEYS: &[&str] = &[
    "title", "unit", "year", "field", "summary", "locality", "level", "award", "tags", "date",
    "slug", "draft", "image", "booklet", "weight",
];

/// Front-matter keys of a static page or the home intro.
pub const PAGE_KEYS: &[&str] = &["title", "summary", "slug", "draft", "date"];

/// Where a value came from in its file, for later diagnostics.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct KeyPositions {
    /// Position of the `unit` value.
    pub unit: Option<Pos>,
    /// Position of the `field` value.
    pub field: Option<Pos>,
    /// Position of the `locality` value.
    pub locality: Option<Pos>,
    /// Position of the `slug` value, or of `title` when the slug comes from the file name.
    pub slug: Option<Pos>,
    /// Position of the `image` value.
    pub image: Option<Pos>,
}

/// One model write-up.
#[derive(Debug, Clone, serde::Serialize, serde::Deserialize)]
pub struct Model {
    /// Path of the source file relative to the site root, with `/`.
    pub source: String,
    /// Title.
    pub title: String,
    /// The unit that runs the model.
    pub unit: String,
    /// Year of recognition.
    pub year: i32,
    /// The model's field.
    pub field: String,
    /// Summary given in front matter; when absent, the first paragraph fills it later.
    pub summary: String,
    /// Province or city.
    pub locality: Option<String>,
    /// Level of recognition.
    pub level: Option<String>,
    /// Award.
    pub award: Option<String>,
    /// Tags.
    pub tags: Vec<String>,
    /// Publication date.
    #[serde(with = "date_text")]
    pub date: Option<Date>,
    /// URL slug.
    pub slug: String,
    /// Drafts are built only with `--drafts`.
    pub draft: bool,
    /// Whether the model goes into the booklet.
    pub booklet: bool,
    /// Order inside a booklet chapter.
    pub weight: i64,
    /// Cover image path, relative to the file.
    pub image: Option<String>,
    /// The Markdown body; emptied once rendered to `html`.
    pub body: SharedText,
    /// File line of the body's first line.
    pub body_line: usize,
    /// The rendered body.
    pub html: SharedText,
    /// Positions of values for later diagnostics.
    pub positions: KeyPositions,
}

impl Model {
    /// Whether `self` and `other` differ at most in their Markdown, its
    /// rendering and a summary taken from it: then the site's index (terms,
    /// order, pages, URLs) is the same with either. `other` may be rendered
    /// already; `self` must be, when its cover is compared.
    pub fn same_but_body(&self, other: &Model) -> bool {
        let Model {
            source,
            title,
            unit,
            year,
            field,
            summary: _,
            locality,
            level,
            award,
            tags,
            date,
            slug,
            draft,
            booklet,
            weight,
            image,
            body: _,
            body_line,
            html: _,
            positions,
        } = self;
        *source == other.source
            && *title == other.title
            && *unit == other.unit
            && *year == other.year
            && *field == other.field
            && *locality == other.locality
            && *level == other.level
            && *award == other.award
            && *tags == other.tags
            && *date == other.date
            && *slug == other.slug
            && *draft == other.draft
            && *booklet == other.booklet
            && *weight == other.weight
            && *image == other.image
            && *body_line == other.body_line
            && *positions == other.positions
    }
}

/// A static page (`content/pages/*.md`) or the home intro (`content/_index.md`).
#[derive(Debug, Clone, serde::Serialize, serde::Deserialize)]
pub struct Page {
    /// Path of the source file relative to the site root.
    pub source: String,
    /// Title.
    pub title: String,
    /// Summary for the description meta tag.
    pub summary: String,
    /// URL slug.
    pub slug: String,
    /// Drafts are built only with `--drafts`.
    pub draft: bool,
    /// Publication or update date.
    #[serde(with = "date_text")]
    pub date: Option<Date>,
    /// The Markdown body; emptied once rendered.
    pub body: String,
    /// File line of the body's first line.
    pub body_line: usize,
    /// The rendered body.
    pub html: String,
    /// Position of the slug (or title) for later diagnostics.
    pub slug_pos: Option<Pos>,
}

/// The largest year a model may have: next year.
pub fn max_year() -> i32 {
    i32::from(jiff::Zoned::now().year()) + 1
}

/// Builds a model from a split file; `stem` is the file name without `.md`.
pub fn parse_model(
    source: &str,
    stem: &str,
    split: &Split<'_>,
    max_year: i32,
) -> (Option<Model>, Vec<Diagnostic>) {
    let mut fm = match FrontMatter::parse(split.yaml, split.yaml_line) {
        Ok(fm) => fm,
        Err(d) => return (None, vec![d]),
    };
    fm.warn_unknown_keys(MODEL_KEYS);
    let title = fm.required_text("title", "\"Dân vận khéo trong …\"");
    let unit = fm.required_text("unit", "\"Sở Tài nguyên và Môi trường Hà Nội\"");
    let year = fm.year(max_year);
    let field = fm.required_text("field", "\"Giải phóng mặt bằng\"");
    let summary = fm.text("summary").unwrap_or_default();
    let locality = fm.text("locality");
    let level = fm.text("level");
    let award = fm.text("award");
    let tags = fm.text_list("tags");
    let date = parse_date(&mut fm);
    let (slug, slug_pos) = parse_slug(&mut fm, stem, "title");
    let draft = fm.boolean("draft").unwrap_or(false);
    let booklet = fm.boolean("booklet").unwrap_or(true);
    let weight = fm.integer("weight").unwrap_or(0);
    let image = fm.text("image");
    let positions = KeyPositions {
        unit: fm.value_pos("unit"),
        field: fm.value_pos("field"),
        locality: fm.value_pos("locality"),
        slug: slug_pos,
        image: fm.value_pos("image"),
    };
    let diagnostics = fm.diagnostics;
    let model = match (title, unit, year, field, slug) {
        (Some(title), Some(unit), Some(year), Some(field), Some(slug)) => Some(Model {
            source: source.to_owned(),
            title,
            unit,
            year,
            field,
            summary,
            locality,
            level,
            award,
            tags,
            date,
            slug,
            draft,
            booklet,
            weight,
            image,
            body: split.body.into(),
            body_line: split.body_line,
            html: SharedText::default(),
            positions,
        }),
        _ => None,
    };
    (model, diagnostics)
}

/// Builds a page from a split file.
pub fn parse_page(
    source: &str,
    stem: &str,
    split: &Split<'_>,
    title_required: bool,
) -> (Option<Page>, Vec<Diagnostic>) {
    let mut fm = match FrontMatter::parse(split.yaml, split.yaml_line) {
        Ok(fm) => fm,
        Err(d) => return (None, vec![d]),
    };
    fm.warn_unknown_keys(PAGE_KEYS);
    let title = if title_required {
        fm.required_text("title", "\"Giới thiệu\"")
    } else {
        Some(fm.text("title").unwrap_or_default())
    };
    let summary = fm.text("summary").unwrap_or_default();
    let (slug, slug_pos) = parse_slug(&mut fm, stem, "title");
    let draft = fm.boolean("draft").unwrap_or(false);
    let date = parse_date(&mut fm);
    let page = match (title, slug) {
        (Some(title), Some(slug)) => Some(Page {
            source: source.to_owned(),
            title,
            summary,
            slug,
            draft,
            date,
            body: split.body.to_owned(),
            body_line: split.body_line,
            html: String::new(),
            slug_pos,
        }),
        _ => None,
    };
    (page, fm.diagnostics)
}

fn parse_date(fm: &mut FrontMatter) -> Option<Date> {
    let text = fm.text("date")?;
    match text.parse::<Date>() {
        Ok(d) if text.len() == 10 => Some(d),
        _ => {
            fm.diagnostics.push(
                Diagnostic::error(
                    format!("date must be a date written YYYY-MM-DD, found \"{text}\""),
                    format!(
                        "ngày (`date`) phải viết theo dạng năm-tháng-ngày YYYY-MM-DD, nhưng đang là \"{text}\""
                    ),
                )
                .at_pos(fm.value_pos("date"))
                .hint(
                    "write e.g. `date: 2024-03-06` for 6 March 2024",
                    "hãy viết ví dụ `date: 2024-03-06` cho ngày 6 tháng 3 năm 2024",
                ),
            );
            None
        }
    }
}

/// The slug from `slug:` (which must already be a clean slug) or from the file name.
fn parse_slug(
    fm: &mut FrontMatter,
    stem: &str,
    fallback_key: &str,
) -> (Option<String>, Option<Pos>) {
    match fm.text("slug") {
        Some(given) => {
            let pos = fm.value_pos("slug");
            let clean = vi::slugify(&given);
            if clean == given {
                return (Some(given), pos);
            }
            let (hint, hint_vi) = if clean.is_empty() {
                (
                    "remove the `slug:` line to use the file name".to_owned(),
                    "hãy xóa dòng `slug:` để dùng tên tệp làm địa chỉ trang".to_owned(),
                )
            } else {
                (
                    format!("write `slug: {clean}`"),
                    format!("hãy viết `slug: {clean}`"),
                )
            };
            fm.diagnostics.push(
                Diagnostic::error(
                    format!("slug `{given}` is not allowed: a slug has only a–z, 0–9 and '-'"),
                    format!(
                        "slug (tên trong địa chỉ trang) `{given}` không hợp lệ: slug chỉ gồm chữ a–z, số 0–9 và dấu '-'"
                    ),
                )
                .at_pos(pos)
                .hint(hint, hint_vi),
            );
            (None, pos)
        }
        None => {
            let slug = vi::slugify(stem);
            if slug.is_empty() {
                fm.diagnostics.push(
                    Diagnostic::error(
                        format!("the file name `{stem}` gives an empty slug"),
                        format!(
                            "tên tệp `{stem}` không tạo ra được địa chỉ trang (slug trống)"
                        ),
                    )
                    .at(1, 1)
                    .hint(
                        "rename the file with letters or digits, or add e.g. `slug: doi-thoai-voi-dan`",
                        "hãy đặt lại tên tệp bằng chữ cái hoặc chữ số, hoặc thêm một dòng, ví dụ `slug: doi-thoai-voi-dan`",
                    ),
                );
                return (None, None);
            }
            (Some(slug), fm.key_pos(fallback_key))
        }
    }
}

/// Dates in the cache of parsed files, as `YYYY-MM-DD`.
mod date_text {
    use super::Date;
    use serde::{Deserialize, Deserializer, Serializer};

    pub fn serialize<S: Serializer>(d: &Option<Date>, s: S) -> Result<S::Ok, S::Error> {
        match d {
            Some(d) => s.serialize_some(&d.to_string()),
            None => s.serialize_none(),
        }
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<Option<Date>, D::Error> {
        Option::<String>::deserialize(d)?
            .map(|t| t.parse().map_err(serde::de::Error::custom))
            .transpose()
    }
}
