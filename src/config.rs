//! `site.yaml`: the raw file as serde reads it, and the resolved [`Config`]
//! every other module uses.
//!
//! Every key has a default, so a site without `site.yaml` builds. Unknown
//! keys are errors here (unlike front matter, where they are warnings),
//! because a misspelt setting silently ignored is worse than a stopped build.

use std::path::Path;

use serde::Deserialize;

use crate::diagnostic::{Diagnostic, Pos};
use crate::vi;

/// The file name of the site configuration.
pub const FILE_NAME: &str = "site.yaml";

/// The language of the interface text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Language {
    /// Vietnamese, the default.
    Vi,
    /// English.
    En,
}

impl Language {
    /// The BCP 47 code used in `lang=""`.
    pub fn code(self) -> &'static str {
        match self {
            Language::Vi => "vi",
            Language::En => "en",
        }
    }

    /// A date as readers of the language write it: `06/03/2024` in
    /// Vietnamese, `6 March 2024` in English.
    pub fn date(self, d: jiff::civil::Date) -> String {
        match self {
            Language::Vi => d.strftime("%d/%m/%Y").to_string(),
            Language::En => d.strftime("%-d %B %Y").to_string(),
        }
    }
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields, default)]
struct RawConfig {
    title: Option<String>,
    description: Option<String>,
    base_url: Option<String>,
    language: Option<String>,
    theme: Option<String>,
    page_size: Option<usize>,
    latest: Option<usize>,
    fields: Option<Vec<String>>,
    units: Option<Vec<String>>,
    markdown: RawMarkdown,
    urls: RawUrls,
    booklet: RawBooklet,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields, default)]
struct RawBooklet {
    title: Option<String>,
    subtitle: Option<String>,
    publisher: Option<String>,
    place: Option<String>,
    year: Option<i32>,
    paper: Option<String>,
    chapters: Option<Vec<String>>,
    filter: BookletFilter,
    max_models: Option<usize>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields, default)]
struct RawMarkdown {
    unsafe_html: bool,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields, default)]
struct RawUrls {
    models: Option<String>,
    fields: Option<String>,
    units: Option<String>,
    years: Option<String>,
    localities: Option<String>,
    page: Option<String>,
    search: Option<String>,
    stats: Option<String>,
    booklet: Option<String>,
}

/// The URL segments of the output, each renamable in `site.yaml` under `urls:`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UrlSegments {
    /// Model pages: `mo-hinh`.
    pub models: String,
    /// Fields: `linh-vuc`.
    pub fields: String,
    /// Units: `don-vi`.
    pub units: String,
    /// Years: `nam`.
    pub years: String,
    /// Localities: `dia-phuong`.
    pub localities: String,
    /// Pagination: `trang` (`/linh-vuc/x/trang/2/`).
    pub page: String,
    /// The search page: `tim-kiem`.
    pub search: String,
    /// The statistics page: `thong-ke`.
    pub stats: String,
    /// The booklet: `so-tay`.
    pub booklet: String,
}

/// Paper size of the booklet PDF.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Paper {
    /// A5 (148 × 210 mm), the default: a handbook.
    A5,
    /// A4 (210 × 297 mm).
    A4,
}

impl Paper {
    /// The name typst and CSS `@page` know it by.
    pub fn name(self) -> &'static str {
        match self {
            Paper::A5 => "a5",
            Paper::A4 => "a4",
        }
    }
}

/// Which models a booklet holds; every criterion given must match.
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct BookletFilter {
    /// Year of recognition.
    pub year: Option<i32>,
    /// Field, as written in front matter (case, spacing and tone marks aside).
    pub field: Option<String>,
    /// Unit, likewise.
    pub unit: Option<String>,
    /// Locality, likewise.
    pub locality: Option<String>,
}

impl BookletFilter {
    /// Whether no criterion is set.
    pub fn is_empty(&self) -> bool {
        *self == BookletFilter::default()
    }

    /// Whether a model meets every criterion; text compares folded, so
    /// "giai phong mat bang" matches "Giải phóng mặt bằng".
    pub fn matches(&self, m: &crate::content::Model) -> bool {
        let same = |want: &Option<String>, have: Option<&str>| match want {
            None => true,
            Some(w) => have.is_some_and(|h| vi::term_key(h) == vi::term_key(w)),
        };
        self.year.is_none_or(|y| y == m.year)
            && same(&self.field, Some(&m.field))
            && same(&self.unit, Some(&m.unit))
            && same(&self.locality, m.locality.as_deref())
    }
}

/// The `booklet:` section of `site.yaml`.
#[derive(Debug, Clone)]
pub struct BookletConfig {
    /// Title on the cover; default "Dân vận khéo".
    pub title: String,
    /// Subtitle on the cover.
    pub subtitle: Option<String>,
    /// Publisher: on the cover, as the PDF's author, in the colophon.
    pub publisher: Option<String>,
    /// Place of publication, on the cover ("Hà Nội").
    pub place: Option<String>,
    /// Year on the cover; default the year of the build.
    pub year: Option<i32>,
    /// Paper size.
    pub paper: Paper,
    /// Fields in chapter order; fields not listed follow in Vietnamese order.
    pub chapters: Vec<String>,
    /// The default selection.
    pub filter: BookletFilter,
    /// A selection larger than this is split into volumes.
    pub max_models: usize,
}

/// The resolved site configuration.
#[derive(Debug, Clone)]
pub struct Config {
    /// Site title.
    pub title: String,
    /// One-sentence description.
    pub description: String,
    /// Absolute base URL without trailing slash, e.g. `https://example.org/dan-van`, or empty.
    pub base_url: String,
    /// The path part of `base_url` with leading and trailing slash: `/` or `/dan-van/`.
    pub base_path: String,
    /// Interface language.
    pub language: Language,
    /// Theme name, a folder under `themes/`.
    pub theme: String,
    /// Models per term page.
    pub page_size: usize,
    /// Models listed as "latest" on the home page.
    pub latest: usize,
    /// Controlled vocabulary of fields, when declared.
    pub fields: Option<Vec<String>>,
    /// Controlled vocabulary of units, when declared.
    pub units: Option<Vec<String>>,
    /// Whether raw HTML in Markdown passes through.
    pub unsafe_html: bool,
    /// URL segments.
    pub urls: UrlSegments,
    /// The booklet.
    pub booklet: BookletConfig,
    /// Whether this build makes the booklet; not a site.yaml key
    /// (`kheo build --no-booklet` turns it off for quick builds).
    pub with_booklet: bool,
}

impl Default for Config {
    fn default() -> Self {
        Config::resolve(RawConfig::default()).expect("the defaults are valid")
    }
}

impl Config {
    /// Reads `site.yaml` from `root`; defaults when the file is absent.
    pub fn load(root: &Path) -> Result<Config, Vec<Diagnostic>> {
        let path = root.join(FILE_NAME);
        let text = match std::fs::read(&path) {
            Ok(bytes) => match String::from_utf8(bytes) {
                Ok(s) => s,
                Err(_) => {
                    return Err(vec![
                        Diagnostic::error(
                            "site.yaml is not valid UTF-8",
                            "site.yaml không được lưu theo bảng mã UTF-8",
                        )
                        .in_file(FILE_NAME)
                        .hint(
                            "save the file with UTF-8 encoding",
                            "hãy lưu lại tệp theo bảng mã UTF-8",
                        ),
                    ]);
                }
            },
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(Config::default()),
            Err(e) => {
                return Err(vec![
                    Diagnostic::error(
                        format!("cannot read site.yaml: {e}"),
                        format!("không đọc được site.yaml: {e}"),
                    )
                    .in_file(FILE_NAME),
                ]);
            }
        };
        Config::parse(&text)
    }

    /// Parses the text of `site.yaml`.
    pub fn parse(text: &str) -> Result<Config, Vec<Diagnostic>> {
        let text = vi::nfc(text.trim_start_matches('\u{feff}'));
        let raw: RawConfig = if text.trim().is_empty() {
            RawConfig::default()
        } else {
            serde_yaml::from_str(&text).map_err(|e| vec![yaml_error(&e, &text)])?
        };
        Config::resolve(raw)
    }

    fn resolve(raw: RawConfig) -> Result<Config, Vec<Diagnostic>> {
        let mut errors = Vec::new();
        let language = match raw.language.as_deref().unwrap_or("vi") {
            "vi" => Language::Vi,
            "en" => Language::En,
            other => {
                errors.push(
                    config_error(
                        format!("language must be `vi` or `en`, found `{other}`"),
                        format!("ngôn ngữ (`language`) phải là `vi` hoặc `en`, nhưng đang là `{other}`"),
                    )
                    .hint(
                        "write `language: vi` (Vietnamese interface) or `language: en`",
                        "hãy viết `language: vi` (giao diện tiếng Việt) hoặc `language: en` (tiếng Anh)",
                    ),
                );
                Language::Vi
            }
        };
        let base_url = raw
            .base_url
            .as_deref()
            .unwrap_or("")
            .trim()
            .trim_end_matches('/');
        let base_path = match base_path_of(base_url) {
            Some(p) => p,
            None => {
                errors.push(
                    config_error(
                        format!("base_url must start with http:// or https://, found `{base_url}`"),
                        format!("`base_url` phải bắt đầu bằng http:// hoặc https://, nhưng đang là `{base_url}`"),
                    )
                    .hint(
                        "write the address the site is published at, e.g. `base_url: https://danvan.example.gov.vn`",
                        "hãy ghi địa chỉ nơi trang được đăng, ví dụ `base_url: https://danvan.example.gov.vn`",
                    ),
                );
                "/".to_owned()
            }
        };
        let page_size = raw.page_size.unwrap_or(20);
        if page_size == 0 {
            errors.push(
                config_error(
                    "page_size must be at least 1",
                    "`page_size` (số mô hình mỗi trang) phải từ 1 trở lên",
                )
                .hint(
                    "write e.g. `page_size: 20`",
                    "hãy viết ví dụ `page_size: 20`",
                ),
            );
        }
        let urls = raw.urls;
        let segment = |value: Option<String>,
                       default: &str,
                       key: &str,
                       errors: &mut Vec<Diagnostic>| {
            let v = value.unwrap_or_else(|| default.to_owned());
            if vi::slugify(&v) != v || v.is_empty() {
                let example = if vi::slugify(&v).is_empty() {
                    default.to_owned()
                } else {
                    vi::slugify(&v)
                };
                errors.push(
                        config_error(
                            format!(
                                "urls.{key} must be a URL segment of a–z, 0–9 and '-', found `{v}`"
                            ),
                            format!(
                                "`urls.{key}` phải là một phần địa chỉ chỉ gồm chữ a–z, số 0–9 và dấu '-', nhưng đang là `{v}`"
                            ),
                        )
                        .hint(
                            format!("write e.g. `{key}: {example}`"),
                            format!("hãy viết ví dụ `{key}: {example}`"),
                        ),
                    );
            }
            v
        };
        let urls = UrlSegments {
            models: segment(urls.models, "mo-hinh", "models", &mut errors),
            fields: segment(urls.fields, "linh-vuc", "fields", &mut errors),
            units: segment(urls.units, "don-vi", "units", &mut errors),
            years: segment(urls.years, "nam", "years", &mut errors),
            localities: segment(urls.localities, "dia-phuong", "localities", &mut errors),
            page: segment(urls.page, "trang", "page", &mut errors),
            search: segment(urls.search, "tim-kiem", "search", &mut errors),
            stats: segment(urls.stats, "thong-ke", "stats", &mut errors),
            booklet: segment(urls.booklet, "so-tay", "booklet", &mut errors),
        };
        let trim_list = |list: Option<Vec<String>>| {
            list.map(|v| {
                v.iter()
                    .map(|s| s.trim().to_owned())
                    .filter(|s| !s.is_empty())
                    .collect()
            })
        };
        let booklet = resolve_booklet(raw.booklet, &mut errors);
        let config = Config {
            title: raw
                .title
                .unwrap_or_else(|| "Dân vận khéo".to_owned())
                .trim()
                .to_owned(),
            description: raw.description.unwrap_or_default().trim().to_owned(),
            base_url: base_url.to_owned(),
            base_path,
            language,
            theme: raw.theme.unwrap_or_else(|| "default".to_owned()),
            page_size: page_size.max(1),
            latest: raw.latest.unwrap_or(10),
            fields: trim_list(raw.fields),
            units: trim_list(raw.units),
            unsafe_html: raw.markdown.unsafe_html,
            urls,
            booklet,
            with_booklet: true,
        };
        if config.theme.contains(['/', '\\']) || config.theme.starts_with('.') {
            errors.push(
                config_error(
                    format!(
                        "theme must be a folder name under themes/, found `{}`",
                        config.theme
                    ),
                    format!(
                        "giao diện (`theme`) phải là tên một thư mục trong themes/, nhưng đang là `{}`",
                        config.theme
                    ),
                )
                .hint(
                    "write e.g. `theme: default`",
                    "hãy viết ví dụ `theme: default`",
                ),
            );
        }
        if errors.is_empty() {
            Ok(config)
        } else {
            Err(errors)
        }
    }

    /// Replaces the base URL (from `--base-url`).
    pub fn set_base_url(&mut self, url: &str) -> Result<(), Diagnostic> {
        let url = url.trim().trim_end_matches('/');
        match base_path_of(url) {
            Some(path) => {
                self.base_url = url.to_owned();
                self.base_path = path;
                Ok(())
            }
            None => Err(Diagnostic::error(
                format!("--base-url must start with http:// or https://, found `{url}`"),
                format!(
                    "--base-url phải bắt đầu bằng http:// hoặc https://, nhưng đang là `{url}`"
                ),
            )
            .hint(
                "e.g. `--base-url https://danvan.example.gov.vn`",
                "hãy viết ví dụ `--base-url https://danvan.example.gov.vn`",
            )),
        }
    }
}

/// `/` or `/path/` for a base URL; None when it is not empty and not http(s).
fn base_path_of(base_url: &str) -> Option<String> {
    if base_url.is_empty() {
        return Some("/".to_owned());
    }
    let rest = base_url
        .strip_prefix("https://")
        .or_else(|| base_url.strip_prefix("http://"))?;
    let host_end = rest.find('/').unwrap_or(rest.len());
    if host_end == 0 {
        return None;
    }
    let path = rest[host_end..].trim_matches('/');
    Some(if path.is_empty() {
        "/".to_owned()
    } else {
        format!("/{path}/")
    })
}

fn resolve_booklet(raw: RawBooklet, errors: &mut Vec<Diagnostic>) -> BookletConfig {
    let text = |v: Option<String>| v.map(|s| s.trim().to_owned()).filter(|s| !s.is_empty());
    let paper = match raw.paper.as_deref().map(str::trim) {
        None | Some("a5") | Some("A5") => Paper::A5,
        Some("a4") | Some("A4") => Paper::A4,
        Some(other) => {
            errors.push(
                config_error(
                    format!("booklet.paper must be `a5` or `a4`, found `{other}`"),
                    format!(
                        "khổ giấy của sổ tay (`booklet.paper`) phải là `a5` hoặc `a4`, nhưng đang là `{other}`"
                    ),
                )
                .hint(
                    "write `paper: a5` (a handbook, the default) or `paper: a4`",
                    "hãy viết `paper: a5` (khổ sổ tay, mặc định) hoặc `paper: a4`",
                ),
            );
            Paper::A5
        }
    };
    let max_models = raw.max_models.unwrap_or(1000);
    if max_models == 0 {
        errors.push(
            config_error(
                "booklet.max_models must be at least 1",
                "`booklet.max_models` (số mô hình tối đa mỗi tập) phải từ 1 trở lên",
            )
            .hint(
                "write e.g. `max_models: 1000`; larger selections are split into volumes",
                "hãy viết ví dụ `max_models: 1000`; nếu có nhiều mô hình hơn, sổ tay sẽ được chia thành nhiều tập",
            ),
        );
    }
    let mut filter = raw.filter;
    filter.field = text(filter.field);
    filter.unit = text(filter.unit);
    filter.locality = text(filter.locality);
    BookletConfig {
        title: text(raw.title).unwrap_or_else(|| "Dân vận khéo".to_owned()),
        subtitle: text(raw.subtitle),
        publisher: text(raw.publisher),
        place: text(raw.place),
        year: raw.year,
        paper,
        chapters: raw
            .chapters
            .unwrap_or_default()
            .into_iter()
            .filter_map(|c| text(Some(c)))
            .collect(),
        filter,
        max_models: max_models.max(1),
    }
}

fn config_error(message: impl Into<String>, message_vi: impl Into<String>) -> Diagnostic {
    Diagnostic::error(message, message_vi).in_file(FILE_NAME)
}

fn yaml_error(e: &serde_yaml::Error, text: &str) -> Diagnostic {
    let msg = e.to_string();
    let d = if msg.contains("unknown field") {
        // serde_yaml appends " at line L column C"; the position goes in front instead.
        let msg = msg.split(" at line ").next().unwrap_or(&msg);
        let quoted: Vec<&str> = msg.split('`').skip(1).step_by(2).collect();
        let (hint, hint_vi) = match quoted
            .split_first()
            .and_then(|(key, known)| vi::did_you_mean(key, known))
        {
            Some(s) => (
                format!("did you mean `{s}`? The keys are listed in README.md"),
                format!(
                    "có phải ý bạn là `{s}`? Nếu vậy, hãy sửa lại tên mục; danh sách các mục có trong README.md"
                ),
            ),
            None => (
                "remove the key or correct its spelling; the keys are listed in README.md"
                    .to_owned(),
                "hãy xóa mục này hoặc sửa lại cho đúng chính tả; danh sách các mục có trong README.md"
                    .to_owned(),
            ),
        };
        let message_vi = match quoted.first() {
            Some(key) => format!("site.yaml có mục lạ `{key}` (trình đọc YAML báo: {msg})"),
            None => format!("site.yaml viết chưa đúng: {msg}"),
        };
        let pos = e.location().map(|l| Pos {
            line: l.line(),
            column: l.column(),
        });
        Diagnostic::error(format!("invalid site.yaml: {msg}"), message_vi)
            .at_pos(pos)
            .hint(hint, hint_vi)
    } else {
        let x = crate::yaml::explain(e, text, 1);
        Diagnostic::error(
            format!("invalid site.yaml: {}", x.message),
            format!("site.yaml viết chưa đúng: {}", x.message_vi),
        )
        .at_pos(x.pos)
        .hint(x.hint, x.hint_vi)
    };
    d.in_file(FILE_NAME)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn defaults_without_file() {
        let c = Config::parse("").expect("empty config is valid");
        assert_eq!(c.title, "Dân vận khéo");
        assert_eq!(c.language, Language::Vi);
        assert_eq!(c.urls.models, "mo-hinh");
        assert_eq!(c.base_path, "/");
        assert_eq!(c.page_size, 20);
    }

    #[test]
    fn base_url_with_path() {
        let c = Config::parse("base_url: https://example.org/dan-van/").expect("valid");
        assert_eq!(c.base_url, "https://example.org/dan-van");
        assert_eq!(c.base_path, "/dan-van/");
    }

    #[test]
    fn unknown_key_is_an_error_with_line() {
        let errs = Config::parse("title: x\ntitel: y\n").expect_err("unknown key");
        assert_eq!(errs[0].line, Some(2));
        assert!(
            errs[0].message.contains("unknown field `titel`"),
            "{}",
            errs[0].message
        );
        let hint = errs[0].hint.as_deref().unwrap_or("");
        assert!(hint.starts_with("did you mean `title`?"), "{hint}");
    }

    #[test]
    fn booklet_section() {
        let c = Config::parse(
            "booklet:\n  subtitle: Tuyển tập 2024\n  paper: a4\n  filter:\n    year: 2024\n",
        )
        .expect("valid");
        assert_eq!(c.booklet.title, "Dân vận khéo");
        assert_eq!(c.booklet.paper, Paper::A4);
        assert_eq!(c.booklet.filter.year, Some(2024));
        assert_eq!(c.booklet.max_models, 1000);
        let errs = Config::parse("booklet:\n  paper: letter\n").expect_err("invalid paper");
        assert!(
            errs[0]
                .message
                .contains("booklet.paper must be `a5` or `a4`")
        );
        let errs = Config::parse("booklet:\n  titel: x\n").expect_err("unknown key");
        assert!(
            errs[0].message.contains("unknown field `titel`"),
            "{}",
            errs[0].message
        );
    }

    #[test]
    fn yaml_errors_are_explained_with_their_line() {
        let errs = Config::parse("title: x\npage_size: abc\n").expect_err("not a number");
        assert_eq!(
            errs[0].to_string(),
            "site.yaml:2:12: error: invalid site.yaml: `page_size` must be a whole number (0, 1, 2 …), found \"abc\"\n  hint: write the number without quotes, e.g. `page_size: 20`"
        );
        let errs = Config::parse("title: x\nfields:\n\t- a\n").expect_err("tab");
        assert_eq!(
            errs[0].to_string(),
            "site.yaml:3:1: error: invalid site.yaml: tab character in indentation\n  hint: YAML indents with spaces only: replace the tab with spaces"
        );
        let errs = Config::parse("title: x\nlatest: 3\ntitle: y\n").expect_err("repeated key");
        assert_eq!(
            errs[0].to_string(),
            "site.yaml:3:1: error: invalid site.yaml: the key `title` is written twice\n  hint: remove one of them: each key may appear only once"
        );
    }

    #[test]
    fn dates_are_written_as_readers_of_the_language_write_them() {
        let d = jiff::civil::date(2024, 3, 6);
        assert_eq!(Language::Vi.date(d), "06/03/2024");
        assert_eq!(Language::En.date(d), "6 March 2024");
        assert_eq!(
            Language::En.date(jiff::civil::date(2019, 11, 20)),
            "20 November 2019"
        );
    }

    #[test]
    fn bad_language_and_segment() {
        let errs = Config::parse("language: fr\nurls:\n  models: Mô hình\n").expect_err("invalid");
        assert_eq!(errs.len(), 2);
        assert!(errs[1].hint.as_deref().unwrap_or("").contains("mo-hinh"));
    }
}
