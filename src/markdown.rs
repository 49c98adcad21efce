//! Markdown to HTML: the one place that sets pulldown-cmark's options.
//!
//! Around pulldown-cmark's event stream this module adds what kheo needs:
//! heading ids from Vietnamese text, raw HTML escaped and links other than
//! http, https, mailto and tel refused unless the site trusts its editors,
//! fenced code highlighted by syntect (loaded on first use only), links to
//! other content files rewritten to their URLs, images and files checked and
//! collected for copying, and the first paragraph of text kept as a summary.

use std::collections::HashSet;
use std::path::{Component, Path, PathBuf};
use std::sync::OnceLock;

use pulldown_cmark::{CodeBlockKind, CowStr, Event, Options, Parser, Tag, TagEnd};

use crate::diagnostic::{Diagnostic, Pos};
use crate::vi;

/// What the renderer needs to know about the whole site.
pub struct SiteLinks<'a> {
    /// The site root folder.
    pub root: &'a Path,
    /// Base path of URLs: `/` or `/dan-van/`.
    pub base_path: &'a str,
    /// Source path (relative to the root) → site-relative URL, for every published file.
    pub urls: &'a rustc_hash::FxHashMap<String, String>,
    /// Raw HTML passes through when true.
    pub unsafe_html: bool,
}

/// One document to render.
pub struct Document<'a> {
    /// Source path relative to the root, e.g. `content/models/x.md`.
    pub source: &'a str,
    /// The Markdown.
    pub body: &'a str,
    /// File line of the body's first line.
    pub body_line: usize,
    /// Output folder of the page, relative to the output root, e.g. `mo-hinh/x/`.
    pub out_dir: &'a str,
}

/// A link to a site path, checked once every output file is known.
#[derive(Debug, Clone, serde::Serialize, serde::Deserialize)]
pub struct SiteLink {
    /// Site-relative path without base path, query or fragment, e.g. `/linh-vuc/`.
    pub path: String,
    /// Where it is written.
    pub pos: Pos,
    /// Whether it is the source of an image (`![…](/anh/x.png)`), so a broken one is called an image.
    pub is_image: bool,
}

/// A file referenced by a document and copied next to its page.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Asset {
    /// The file on disk.
    pub source: PathBuf,
    /// Its path in the output, relative to the output root.
    pub out_path: String,
}

/// The result of rendering one document.
#[derive(Debug, Default)]
pub struct Rendered {
    /// The HTML.
    pub html: String,
    /// Plain text of the first paragraph.
    pub first_paragraph: String,
    /// Site-absolute links to check later.
    pub links: Vec<SiteLink>,
    /// Files to copy.
    pub assets: Vec<Asset>,
    /// Problems found (without file: the caller adds it).
    pub diagnostics: Vec<Diagnostic>,
}

/// The Markdown extensions kheo enables, for the site and the booklet alike.
pub fn options() -> Options {
    Options::ENABLE_TABLES
        | Options::ENABLE_FOOTNOTES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_HEADING_ATTRIBUTES
}

/// Renders one document.
pub fn render(doc: &Document<'_>, site: &SiteLinks<'_>) -> Rendered {
    let mut out = Rendered::default();
    let mut events: Vec<Event<'_>> = Vec::new();
    let mut ids = HashSet::new();
    let mut heading: Option<(Vec<Event<'_>>, Tag<'_>)> = None;
    let mut code: Option<(String, String)> = None;
    let mut paragraph = ParagraphState::default();
    let mut warned_html = false;
    let pos = |offset: usize| Pos::of_offset(doc.body, offset, doc.body_line);

    for (event, range) in Parser::new_ext(doc.body, options()).into_offset_iter() {
        let event = match event {
            Event::Html(html) | Event::InlineHtml(html) if !site.unsafe_html => {
                if html.trim_start().starts_with("<!--") {
                    continue;
                }
                if !warned_html {
                    warned_html = true;
                    out.diagnostics.push(raw_html_warning(pos(range.start)));
                }
                Event::Text(html)
            }
            Event::Start(Tag::HtmlBlock) if !site.unsafe_html => {
                Event::Html("<p class=\"raw-html\">".into())
            }
            Event::End(TagEnd::HtmlBlock) if !site.unsafe_html => Event::Html("</p>\n".into()),
            Event::Start(Tag::Link {
                link_type,
                dest_url,
                title,
                id,
            }) => {
                let dest_url = rewrite(&dest_url, false, doc, site, pos(range.start), &mut out);
                Event::Start(Tag::Link {
                    link_type,
                    dest_url: dest_url.into(),
                    title,
                    id,
                })
            }
            Event::Start(Tag::Image {
                link_type,
                dest_url,
                title,
                id,
            }) => {
                let dest_url = rewrite(&dest_url, true, doc, site, pos(range.start), &mut out);
                let alt_missing = doc
                    .body
                    .get(range.clone())
                    .is_some_and(|s| s.starts_with("![]"));
                if alt_missing {
                    out.diagnostics.push(
                        Diagnostic::warning(
                            "image has no description (alt text)",
                            "ảnh chưa có lời mô tả",
                        )
                        .at_pos(Some(pos(range.start)))
                        .hint(
                            "describe the picture for readers who cannot see it: `![Cán bộ đối thoại với người dân](anh.jpg)`",
                            "hãy viết vài chữ mô tả ảnh cho người đọc không xem được ảnh: `![Cán bộ đối thoại với người dân](anh.jpg)`",
                        ),
                    );
                }
                Event::Start(Tag::Image {
                    link_type,
                    dest_url: dest_url.into(),
                    title,
                    id,
                })
            }
            Event::Start(Tag::CodeBlock(CodeBlockKind::Fenced(lang)))
                if !lang.trim().is_empty() =>
            {
                code = Some((
                    lang.split_whitespace().next().unwrap_or("").to_owned(),
                    String::new(),
                ));
                continue;
            }
            Event::Text(text) if code.is_some() => {
                if let Some((_, buf)) = code.as_mut() {
                    buf.push_str(&text);
                }
                continue;
            }
            Event::End(TagEnd::CodeBlock) if code.is_some() => {
                let (lang, text) = code.take().expect("checked above");
                Event::Html(highlight(&lang, &text).into())
            }
            other => other,
        };
        paragraph.observe(&event);
        match (&mut heading, event) {
            (None, Event::Start(tag @ Tag::Heading { .. })) => heading = Some((Vec::new(), tag)),
            (Some(_), Event::End(end @ TagEnd::Heading(_))) => {
                let (inner, tag) = heading.take().expect("inside a heading");
                events.push(Event::Start(with_id(tag, &inner, &mut ids)));
                events.extend(inner);
                events.push(Event::End(end));
            }
            (Some((inner, _)), e) => inner.push(e),
            (None, e) => events.push(e),
        }
    }
    out.first_paragraph = paragraph
        .text
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ");
    pulldown_cmark::html::push_html(&mut out.html, events.into_iter());
    out
}

#[derive(Default)]
struct ParagraphState {
    depth: usize,
    done: bool,
    inside: bool,
    /// Nesting of images inside the paragraph: their alt text is not the write-up's text.
    images: usize,
    text: String,
}

impl ParagraphState {
    /// Keeps the text of the first top-level paragraph that has text besides
    /// images, so a picture opening the write-up does not become its summary.
    fn observe(&mut self, event: &Event<'_>) {
        if self.done {
            return;
        }
        match event {
            Event::Start(Tag::Paragraph) if self.depth == 0 => self.inside = true,
            Event::End(TagEnd::Paragraph) if self.inside => {
                self.inside = false;
                self.done = !self.text.trim().is_empty();
            }
            Event::Start(_) if !self.inside => self.depth += 1,
            Event::End(_) if !self.inside => self.depth = self.depth.saturating_sub(1),
            Event::Start(Tag::Image { .. }) => self.images += 1,
            Event::End(TagEnd::Image) => self.images = self.images.saturating_sub(1),
            Event::Text(_) | Event::Code(_) if self.images > 0 => {}
            Event::Text(t) | Event::Code(t) if self.inside => self.text.push_str(t),
            Event::SoftBreak | Event::HardBreak if self.inside => self.text.push(' '),
            _ => {}
        }
    }
}

fn raw_html_warning(pos: Pos) -> Diagnostic {
    Diagnostic::warning(
        "raw HTML is shown as text, not as HTML",
        "mã HTML viết trong bài sẽ hiện ra nguyên dạng chữ, không được hiểu là HTML",
    )
    .at_pos(Some(pos))
    .hint(
        "write it in Markdown instead; if every editor of this site is trusted, set `markdown: {unsafe_html: true}` in site.yaml",
        "hãy viết lại bằng Markdown; nếu mọi người biên tập trang này đều tin cậy được, hãy đặt `markdown: {unsafe_html: true}` trong site.yaml",
    )
}

fn with_id<'a>(tag: Tag<'a>, inner: &[Event<'a>], ids: &mut HashSet<String>) -> Tag<'a> {
    let Tag::Heading {
        level,
        id,
        classes,
        attrs,
    } = tag
    else {
        return tag;
    };
    let base = match &id {
        Some(given) => given.to_string(),
        None => {
            let text: String = inner
                .iter()
                .filter_map(|e| match e {
                    Event::Text(t) | Event::Code(t) => Some(t.as_ref()),
                    _ => None,
                })
                .collect();
            heading_slug(&text)
        }
    };
    let unique = unique_id(&base, ids);
    Tag::Heading {
        level,
        id: Some(CowStr::from(unique)),
        classes,
        attrs,
    }
}

/// The id of a heading from its text: its slug, or `muc` ("section") when it has no letters.
pub fn heading_slug(text: &str) -> String {
    let slug = vi::slugify(text);
    if slug.is_empty() {
        "muc".to_owned()
    } else {
        slug
    }
}

/// `base`, else `base-1`, `base-2` …: the first not yet in `ids`, which records it.
pub fn unique_id(base: &str, ids: &mut HashSet<String>) -> String {
    let mut unique = base.to_owned();
    let mut n = 1;
    while !ids.insert(unique.clone()) {
        unique = format!("{base}-{n}");
        n += 1;
    }
    unique
}

/// Rewrites one link or image destination, recording what must be checked or copied.
fn rewrite(
    dest: &str,
    is_image: bool,
    doc: &Document<'_>,
    site: &SiteLinks<'_>,
    pos: Pos,
    out: &mut Rendered,
) -> String {
    let what = if is_image { "image" } else { "link" };
    let what_vi = if is_image { "ảnh" } else { "liên kết" };
    if !site.unsafe_html
        && let Some(scheme) = url_scheme(dest)
        && !SAFE_SCHEMES.contains(&scheme.as_str())
    {
        out.diagnostics
            .push(unsafe_scheme_error(dest, &scheme, is_image).at_pos(Some(pos)));
        return String::new();
    }
    if is_image
        && !site.unsafe_html
        && (dest.starts_with("//") || url_scheme(dest).is_some_and(|s| s == "http" || s == "https"))
    {
        // A picture from another website would make every reader's browser
        // ask that host for it: the site must carry its own pictures.
        let shown: String = dest.chars().take(60).collect();
        out.diagnostics.push(
            Diagnostic::error(
                format!(
                    "image `{shown}` is on another website: the page would make every reader's browser fetch it from there"
                ),
                format!(
                    "ảnh `{shown}` nằm trên một trang web khác: trình duyệt của mọi người đọc sẽ phải tải ảnh từ trang đó"
                ),
            )
            .at_pos(Some(pos))
            .hint(
                "download the picture, save it next to this model and write `![mô tả](anh.jpg)`",
                "hãy tải ảnh về, lưu cạnh tệp mô hình này rồi viết `![mô tả](anh.jpg)`",
            ),
        );
        return String::new();
    }
    if dest.is_empty() || dest.starts_with('#') || dest.starts_with("//") || has_scheme(dest) {
        return dest.to_owned();
    }
    let (path, suffix) = match dest.find(['#', '?']) {
        Some(i) => (&dest[..i], &dest[i..]),
        None => (dest, ""),
    };
    let path = percent_decode(path);
    if let Some(site_path) = path.strip_prefix('/') {
        out.links.push(SiteLink {
            path: format!("/{site_path}"),
            pos,
            is_image,
        });
        return format!("{}{site_path}{suffix}", site.base_path);
    }
    let from_dir = Path::new(doc.source).parent().unwrap_or(Path::new(""));
    let Some(target) = normalize(&from_dir.join(&path)) else {
        out.diagnostics.push(
            Diagnostic::error(
                format!("{what} `{dest}` points outside the site folder"),
                format!("{what_vi} `{dest}` trỏ ra ngoài thư mục của trang"),
            )
            .at_pos(Some(pos))
            .hint(
                "link only to files inside the site's content/ folder",
                "hãy chỉ liên kết tới các tệp nằm trong thư mục content/ của trang",
            ),
        );
        return dest.to_owned();
    };
    let target_str = target.to_string_lossy().replace('\\', "/");
    if target_str.ends_with(".md") {
        if let Some(url) = site.urls.get(&target_str) {
            return format!("{}{}{suffix}", site.base_path, url.trim_start_matches('/'));
        }
        out.diagnostics.push(
            Diagnostic::error(
                format!("broken link `{dest}`: there is no published file `{target_str}`"),
                format!(
                    "liên kết `{dest}` bị hỏng: không có tệp `{target_str}` nào được đăng"
                ),
            )
            .at_pos(Some(pos))
            .hint(
                "check the file name and the `../` steps; the path is relative to this file, e.g. `../ha-noi/vanh-dai-4.md`",
                "hãy kiểm tra tên tệp và các bước `../`; đường dẫn tính từ tệp này, ví dụ `../ha-noi/vanh-dai-4.md`",
            ),
        );
        return dest.to_owned();
    }
    let file = site.root.join(&target);
    if !target_str.starts_with("content/") || !file.is_file() {
        let (hint, hint_vi, message_vi) = if is_image {
            (
                "put the image file next to the Markdown file (or in a folder beside it) and give its path relative to this file",
                "hãy đặt tệp ảnh cạnh tệp Markdown (hoặc trong một thư mục bên cạnh) và ghi đường dẫn tính từ tệp này",
                format!("không tìm thấy ảnh `{dest}`: không có tệp `{target_str}`"),
            )
        } else {
            (
                "link to another model by its file, e.g. `../ha-noi/vanh-dai-4.md`, or to a page of the site with a path from `/`, e.g. `/linh-vuc/`",
                "hãy liên kết tới một mô hình khác bằng tên tệp của nó, ví dụ `../ha-noi/vanh-dai-4.md`, hoặc tới một trang của trang web bằng đường dẫn bắt đầu từ `/`, ví dụ `/linh-vuc/`",
                format!("liên kết `{dest}` bị hỏng: không có tệp `{target_str}`"),
            )
        };
        out.diagnostics.push(
            Diagnostic::error(
                format!("broken {what} `{dest}`: file `{target_str}` not found"),
                message_vi,
            )
            .at_pos(Some(pos))
            .hint(hint, hint_vi),
        );
        return dest.to_owned();
    }
    let asset_rel = match normalize(Path::new(&path)) {
        Some(p) => p.to_string_lossy().replace('\\', "/"),
        None => target
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default(),
    };
    let out_path = format!("{}{}", doc.out_dir, asset_rel);
    out.assets.push(Asset {
        source: file,
        out_path: out_path.clone(),
    });
    format!("{}{out_path}{suffix}", site.base_path)
}

/// The URL schemes a page may link to when editors are not trusted with raw HTML.
const SAFE_SCHEMES: &[&str] = &["http", "https", "mailto", "tel"];

const SAFE_TARGETS: &str = "a web page (`https://…`), an e-mail address (`mailto:…`), a phone number (`tel:…`) or a file of the site";
/// [`SAFE_TARGETS`] in Vietnamese.
const SAFE_TARGETS_VI: &str = "một trang web (`https://…`), một địa chỉ thư điện tử (`mailto:…`), một số điện thoại (`tel:…`) hoặc một tệp của trang";

/// The scheme of a destination as a browser reads it, lower case: leading
/// spaces and control characters are dropped and tabs and line breaks removed
/// anywhere (WHATWG URL), so `" Java\tScript:"` is `javascript`. Character
/// references such as `&#58;` are already decoded by pulldown-cmark.
fn url_scheme(dest: &str) -> Option<String> {
    let cleaned: String = dest
        .trim_start_matches(|c: char| c <= ' ')
        .chars()
        .filter(|c| !matches!(c, '\t' | '\n' | '\r'))
        .collect();
    let scheme = &cleaned[..cleaned.find(':')?];
    let mut chars = scheme.chars();
    let valid = chars.next()?.is_ascii_alphabetic()
        && chars.all(|c| c.is_ascii_alphanumeric() || "+-.".contains(c));
    valid.then(|| scheme.to_ascii_lowercase())
}

/// The error for a link or image whose scheme could run code or reach the editor's own disk.
fn unsafe_scheme_error(dest: &str, scheme: &str, is_image: bool) -> Diagnostic {
    let what = if is_image { "image" } else { "link" };
    let shown: String = dest.trim().chars().take(40).collect();
    let shown = if shown.len() < dest.trim().len() {
        format!("{shown}…")
    } else {
        shown
    };
    let what_vi = if is_image { "ảnh" } else { "liên kết" };
    let message = format!(
        "{what} `{shown}` is not allowed: only http, https, mailto and tel addresses are published"
    );
    let message_vi = format!(
        "không được dùng {what_vi} `{shown}`: trang chỉ đăng các địa chỉ http, https, mailto và tel"
    );
    let (hint, hint_vi) = match scheme {
        "data" if is_image => (
            "the picture is pasted inside the text (this happens when copying from Word): save it as a file next to this model and write `![mô tả](anh.jpg)`".to_owned(),
            "ảnh đang bị dán thẳng vào bài (thường gặp khi sao chép từ Word): hãy lưu ảnh thành tệp cạnh tệp mô hình này rồi viết `![mô tả](anh.jpg)`".to_owned(),
        ),
        "file" => (
            "this address is a file on your own computer, which readers cannot open: copy the file next to this model and link to it by name, e.g. `[báo cáo](bao-cao.pdf)`".to_owned(),
            "địa chỉ này là một tệp trên máy tính của bạn, người đọc không mở được: hãy chép tệp đó vào cạnh tệp mô hình này rồi liên kết bằng tên tệp, ví dụ `[báo cáo](bao-cao.pdf)`".to_owned(),
        ),
        s if s.len() == 1 => (
            "this is a path on your own computer (a drive letter), which readers cannot open: copy the file next to this model and link to it by name, e.g. `[báo cáo](bao-cao.pdf)`".to_owned(),
            "đây là một đường dẫn trên máy tính của bạn (có tên ổ đĩa), người đọc không mở được: hãy chép tệp đó vào cạnh tệp mô hình này rồi liên kết bằng tên tệp, ví dụ `[báo cáo](bao-cao.pdf)`".to_owned(),
        ),
        "javascript" | "vbscript" | "data" => (
            format!("`{scheme}:` addresses can run code in the reader's browser; link to {SAFE_TARGETS}. If the text was pasted from Word, remove this link and add it again by hand"),
            format!("địa chỉ `{scheme}:` có thể chạy mã trong trình duyệt của người đọc; hãy liên kết tới {SAFE_TARGETS_VI}. Nếu bài được dán từ Word, hãy xóa liên kết này rồi tự thêm lại"),
        ),
        _ => (
            format!("link to {SAFE_TARGETS}"),
            format!("hãy liên kết tới {SAFE_TARGETS_VI}"),
        ),
    };
    Diagnostic::error(message, message_vi).hint(hint, hint_vi)
}

/// Whether a link destination starts with a URL scheme (`https:`, `mailto:`).
pub fn has_scheme(dest: &str) -> bool {
    match dest.find(':') {
        Some(i) => {
            let scheme = &dest[..i];
            !scheme.is_empty()
                && scheme
                    .chars()
                    .all(|c| c.is_ascii_alphanumeric() || "+-.".contains(c))
                && !dest[..i].contains('/')
        }
        None => false,
    }
}

/// Resolves `.` and `..` without touching the disk; None when the path climbs above its start.
pub fn normalize(path: &Path) -> Option<PathBuf> {
    let mut out = PathBuf::new();
    for c in path.components() {
        match c {
            Component::Normal(p) => out.push(p),
            Component::CurDir => {}
            Component::ParentDir => {
                if !out.pop() {
                    return None;
                }
            }
            Component::RootDir | Component::Prefix(_) => return None,
        }
    }
    Some(out)
}

/// Decodes `%XX` escapes of a link path.
pub fn percent_decode(s: &str) -> String {
    if !s.contains('%') {
        return s.to_owned();
    }
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        let hex = bytes
            .get(i + 1..i + 3)
            .and_then(|h| std::str::from_utf8(h).ok())
            .and_then(|h| u8::from_str_radix(h, 16).ok());
        match (bytes[i], hex) {
            (b'%', Some(b)) => {
                out.push(b);
                i += 3;
            }
            (b, _) => {
                out.push(b);
                i += 1;
            }
        }
    }
    String::from_utf8_lossy(&out).into_owned()
}

/// Highlights a fenced code block; syntect's data is loaded on the first call only.
fn highlight(lang: &str, code: &str) -> String {
    use syntect::highlighting::ThemeSet;
    use syntect::parsing::SyntaxSet;
    static SYNTAXES: OnceLock<SyntaxSet> = OnceLock::new();
    static THEMES: OnceLock<ThemeSet> = OnceLock::new();
    let syntaxes = SYNTAXES.get_or_init(SyntaxSet::load_defaults_newlines);
    let plain = || {
        let mut s = String::from("<pre><code>");
        pulldown_cmark_escape::escape_html(&mut s, code).expect("writing to a String cannot fail");
        s.push_str("</code></pre>\n");
        s
    };
    let Some(syntax) = syntaxes.find_syntax_by_token(lang) else {
        return plain();
    };
    let themes = THEMES.get_or_init(ThemeSet::load_defaults);
    let Some(theme) = themes.themes.get("InspiredGitHub") else {
        return plain();
    };
    syntect::html::highlighted_html_for_string(code, syntaxes, syntax, theme)
        .unwrap_or_else(|_| plain())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn render_str(body: &str, unsafe_html: bool) -> Rendered {
        let urls: rustc_hash::FxHashMap<String, String> =
            [("content/models/b.md".to_owned(), "/mo-hinh/b/".to_owned())]
                .into_iter()
                .collect();
        let site = SiteLinks {
            root: Path::new("/nonexistent"),
            base_path: "/",
            urls: &urls,
            unsafe_html,
        };
        let doc = Document {
            source: "content/models/a.md",
            body,
            body_line: 5,
            out_dir: "mo-hinh/a/",
        };
        render(&doc, &site)
    }

    #[test]
    fn heading_ids_from_vietnamese_text_are_unique() {
        let r = render_str("## Cách làm\n\n## Cách làm\n", false);
        assert!(
            r.html.contains("<h2 id=\"cach-lam\">Cách làm</h2>"),
            "{}",
            r.html
        );
        assert!(r.html.contains("<h2 id=\"cach-lam-1\">"), "{}", r.html);
    }

    #[test]
    fn raw_html_is_escaped_with_one_warning() {
        let r = render_str("a <b>x</b> <i>y</i>\n", false);
        assert!(r.html.contains("&lt;b&gt;"), "{}", r.html);
        assert_eq!(r.diagnostics.len(), 1);
        assert_eq!(r.diagnostics[0].line, Some(5));
    }

    #[test]
    fn raw_html_passes_when_trusted() {
        let r = render_str("a <b>x</b>\n", true);
        assert!(r.html.contains("<b>x</b>"));
        assert!(r.diagnostics.is_empty());
    }

    #[test]
    fn tables_footnotes_strikethrough() {
        let r = render_str(
            "| a | b |\n|---|---|\n| 1 | 2 |\n\n~~x~~ y[^1]\n\n[^1]: note\n",
            false,
        );
        assert!(r.html.contains("<table>"));
        assert!(r.html.contains("<del>x</del>"));
        assert!(r.html.contains("footnote"));
    }

    #[test]
    fn md_links_become_urls_and_broken_ones_are_errors() {
        let r = render_str("[b](b.md#x) [c](c.md)\n", false);
        assert!(r.html.contains("href=\"/mo-hinh/b/#x\""), "{}", r.html);
        assert_eq!(r.diagnostics.len(), 1);
        assert_eq!(
            r.diagnostics[0].message,
            "broken link `c.md`: there is no published file `content/models/c.md`"
        );
        assert_eq!(
            (r.diagnostics[0].line, r.diagnostics[0].column),
            (Some(5), Some(13))
        );
    }

    #[test]
    fn site_links_are_collected_for_checking() {
        let r = render_str(
            "see [fields](/linh-vuc/) and [web](https://example.org)\n",
            false,
        );
        assert_eq!(r.links.len(), 1);
        assert_eq!(r.links[0].path, "/linh-vuc/");
        assert!(!r.links[0].is_image);
        let r = render_str("![Hội nghị](/anh/hoi-nghi.png)\n", false);
        assert!(r.links[0].is_image);
    }

    #[test]
    fn link_outside_site_is_rejected() {
        let r = render_str("![x](../../../../etc/passwd)\n", false);
        assert!(r.diagnostics[0].message.contains("outside the site folder"));
    }

    #[test]
    fn escaped_html_stays_in_the_summary() {
        let r = render_str("Text <b>bold</b> end\n", false);
        assert_eq!(r.first_paragraph, "Text <b>bold</b> end");
    }

    #[test]
    fn first_paragraph_is_the_summary() {
        let r = render_str(
            "## Heading\n\nThe *first* one\ncontinues.\n\nSecond.\n",
            false,
        );
        assert_eq!(r.first_paragraph, "The first one continues.");
    }

    #[test]
    fn fenced_code_is_highlighted() {
        let r = render_str("```rust\nfn main() {}\n```\n", false);
        assert!(r.html.contains("<pre style="), "{}", r.html);
    }
    fn only_error(r: &Rendered) -> &Diagnostic {
        assert_eq!(r.diagnostics.len(), 1, "{:?}", r.diagnostics);
        &r.diagnostics[0]
    }

    #[test]
    fn javascript_link_is_an_error_and_not_published() {
        let r = render_str("Xem [bấm](javascript:alert(1)) nhé\n", false);
        let d = only_error(&r);
        assert_eq!(
            d.message,
            "link `javascript:alert(1)` is not allowed: only http, https, mailto and tel addresses are published"
        );
        assert_eq!((d.line, d.column), (Some(5), Some(5)));
        assert_eq!(
            d.hint.as_deref(),
            Some(
                "`javascript:` addresses can run code in the reader's browser; link to a web page (`https://…`), an e-mail address (`mailto:…`), a phone number (`tel:…`) or a file of the site. If the text was pasted from Word, remove this link and add it again by hand"
            )
        );
        assert!(!r.html.contains("javascript"), "{}", r.html);
    }

    #[test]
    fn disguised_script_links_are_caught() {
        for body in [
            "[a](JaVaScRiPt:alert(1))",
            "[a](javascript&#58;alert(1))",
            "[a](&#106;avascript:alert(1))",
            "[a](java&#9;script:alert(1))",
            "[a](&#1;javascript:alert(1))",
            "[a](<  javascript:alert(1)>)",
            "<javascript:alert(1)>",
            "[a][r]\n\n[r]: vbscript:msgbox",
            "[a](data:text/html;base64,PHNjcmlwdD4=)",
        ] {
            let r = render_str(body, false);
            assert_eq!(r.diagnostics.len(), 1, "{body}: {:?}", r.diagnostics);
            assert!(
                r.diagnostics[0].message.contains("is not allowed"),
                "{body}"
            );
            let hrefs: Vec<&str> = r.html.split("href=\"").skip(1).collect();
            assert!(
                !hrefs.is_empty() && hrefs.iter().all(|h| h.starts_with('"')),
                "{body}: {}",
                r.html
            );
        }
    }

    #[test]
    fn pasted_data_image_and_file_links_get_a_fitting_hint() {
        let r = render_str(
            "![Ảnh](data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAAAEAAAAB)\n",
            false,
        );
        let d = only_error(&r);
        assert_eq!(
            d.message,
            "image `data:image/png;base64,iVBORw0KGgoAAAANSU…` is not allowed: only http, https, mailto and tel addresses are published"
        );
        assert!(
            d.hint
                .as_deref()
                .unwrap_or("")
                .starts_with("the picture is pasted inside the text")
        );
        assert!(!r.html.contains("data:"), "{}", r.html);
        let r = render_str("[báo cáo](file:///C:/Users/bt/bao-cao.docx)\n", false);
        assert!(
            only_error(&r)
                .hint
                .as_deref()
                .unwrap_or("")
                .starts_with("this address is a file on your own computer")
        );
    }

    #[test]
    fn web_mail_and_phone_links_pass() {
        let r = render_str(
            "[a](https://x.vn) [b](HTTP://x.vn) [c](mailto:a@x.vn) [d](tel:+84241234) <https://x.vn>\n",
            false,
        );
        assert!(r.diagnostics.is_empty(), "{:?}", r.diagnostics);
        assert!(r.html.contains("href=\"tel:+84241234\""), "{}", r.html);
    }

    #[test]
    fn pictures_from_other_websites_are_refused() {
        for body in [
            "![Hội nghị](https://baochinhphu.vn/anh.jpg)\n",
            "![x](//cdn.example.vn/a.png)\n",
        ] {
            let r = render_str(body, false);
            let d = only_error(&r);
            assert!(d.message.contains("is on another website"), "{}", d.message);
            assert!(
                !r.html.contains("src=\"http") && !r.html.contains("src=\"//"),
                "{}",
                r.html
            );
        }
        // A link to another website is fine; a trusted site may embed remote pictures.
        assert!(
            render_str("[báo](https://baochinhphu.vn/)\n", false)
                .diagnostics
                .is_empty()
        );
        assert!(
            render_str("![x](https://x.vn/a.png)\n", true)
                .diagnostics
                .is_empty()
        );
    }

    #[test]
    fn trusted_sites_may_use_any_scheme() {
        let r = render_str("[a](javascript:void(0))\n", true);
        assert!(r.diagnostics.is_empty());
        assert!(r.html.contains("href=\"javascript:void(0)\""), "{}", r.html);
    }
    #[test]
    fn a_paragraph_of_images_is_not_the_summary() {
        let r = render_str(
            "![ảnh](a.png) ![ảnh hai](b.png)\n\nCán bộ *đối thoại* với dân ![sơ đồ](c.png) mỗi tháng.\n",
            false,
        );
        assert_eq!(r.first_paragraph, "Cán bộ đối thoại với dân mỗi tháng.");
    }
}
