//! The booklet as EPUB 3, with epub-builder: a cover (the PDF's cover page,
//! typeset by typst and drawn as SVG), the foreword, one XHTML file per
//! chapter, the index of units and the colophon; the navigation document
//! lists chapters and their models. Language `vi`, a fixed identifier and
//! dates, so the same input gives the same file.
//!
//! epub-builder is pinned to 0.8.2: 0.8.3 writes duplicate ids that
//! epubcheck rejects. Its `zip` library backend is used, never the `zip`
//! command.

use std::collections::HashMap;
use std::fmt::Write;

use epub_builder::{EpubBuilder, EpubContent, EpubVersion, ReferenceType, TocElement, ZipLibrary};

use super::doc::Image;
use super::xhtml::{self, Refs, escape};
use super::{Booklet, pdf};
use crate::diagnostic::Diagnostic;

/// The stylesheet of the EPUB.
const STYLESHEET: &str = "body { font-family: serif; line-height: 1.5; margin: 0 0.5em; }
h1, h2, h3, h4 { font-family: sans-serif; line-height: 1.25; }
h1 { color: #8b1a1a; margin-top: 2em; }
h2.model-title { margin-top: 2em; }
p.bk-facts { font-family: sans-serif; font-size: 0.85em; color: #444; }
p { text-align: justify; }
img { max-width: 100%; height: auto; }
p.cover-image { text-align: center; }
table { border-collapse: collapse; margin: 1em 0; }
th, td { border: 1px solid #999; padding: 0.2em 0.4em; vertical-align: top; }
td.right, th.right { text-align: right; }
td.center, th.center { text-align: center; }
blockquote { margin: 1em 1.5em; font-style: italic; }
pre { white-space: pre-wrap; font-size: 0.9em; }
section.footnotes { font-size: 0.85em; border-top: 1px solid #999; margin-top: 1.5em; }
ul.units { list-style: none; padding: 0; }
ul.units ul { list-style: none; padding-left: 1em; }
div.colophon { text-align: center; margin-top: 30%; }
div.cover { text-align: center; }
div.cover img { max-width: 100%; max-height: 100%; }
";

/// Anchors live in their chapter's file.
struct EpubRefs {
    files: HashMap<String, String>,
}

impl Refs for EpubRefs {
    fn href(&self, anchor: &str) -> Option<String> {
        self.files.get(anchor).map(|f| format!("{f}#{anchor}"))
    }

    fn src(&self, image: &Image) -> String {
        format!("img/{}", image.name)
    }
}

/// An XHTML file of the book.
fn page(lang: &str, title: &str, body: &str) -> String {
    format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<!DOCTYPE html>\n<html xmlns=\"http://www.w3.org/1999/xhtml\" xmlns:epub=\"http://www.idpf.org/2007/ops\" lang=\"{lang}\" xml:lang=\"{lang}\">\n<head>\n<meta charset=\"UTF-8\" />\n<title>{}</title>\n<link rel=\"stylesheet\" type=\"text/css\" href=\"stylesheet.css\" />\n</head>\n<body>\n{body}</body>\n</html>\n",
        escape(title)
    )
}

fn mime(name: &str) -> &'static str {
    match name.rsplit('.').next().unwrap_or("") {
        "png" => "image/png",
        "jpg" | "jpeg" => "image/jpeg",
        "gif" => "image/gif",
        "svg" => "image/svg+xml",
        "webp" => "image/webp",
        _ => "application/octet-stream",
    }
}

fn failed(e: impl std::fmt::Display) -> Diagnostic {
    Diagnostic::error(
        format!("cannot write the booklet EPUB: {e}"),
        format!("không ghi được sổ tay dạng EPUB: {e}"),
    )
}

/// Writes one volume as EPUB 3.
pub fn write(b: &Booklet<'_>, template: &pdf::Template) -> Result<Vec<u8>, Vec<Diagnostic>> {
    let cover = pdf::cover_svg(b, template)?;
    build(b, &cover).map_err(|d| vec![d])
}

fn build(b: &Booklet<'_>, cover_svg: &str) -> Result<Vec<u8>, Diagnostic> {
    let s = b.strings;
    let lang = "vi";
    let zip = ZipLibrary::new().map_err(failed)?;
    let mut epub = EpubBuilder::new(zip).map_err(failed)?;
    epub.epub_version(EpubVersion::V30);
    epub.set_title(b.full_title());
    epub.set_lang(lang);
    epub.set_generator(format!("kheo {}", env!("CARGO_PKG_VERSION")));
    epub.set_toc_name(s.get("booklet_contents"));
    if let Some(p) = &b.settings.publisher {
        epub.add_author(p.clone());
    }
    if let Some(sub) = &b.settings.subtitle {
        epub.add_description(sub.clone());
    }
    for ch in &b.chapters {
        epub.add_subject(ch.title.clone());
    }
    // Fixed identifier and dates: a hash of the title and slug, the compilation date.
    let mut id = [0u8; 16];
    let h1 =
        crate::search::encode::fnv1a(crate::search::encode::FNV_SEED, b.full_title().as_bytes());
    let h2 = crate::search::encode::fnv1a(h1, b.slug.as_bytes());
    id[..8].copy_from_slice(&h1.to_le_bytes());
    id[8..].copy_from_slice(&h2.to_le_bytes());
    epub.set_uuid(uuid::Builder::from_random_bytes(id).into_uuid());
    let date = chrono::NaiveDate::from_ymd_opt(
        i32::from(b.date.year()),
        b.date.month() as u32,
        b.date.day() as u32,
    )
    .and_then(|d| d.and_hms_opt(0, 0, 0))
    .map(|d| d.and_utc())
    .ok_or_else(|| failed("invalid date of compilation"))?;
    epub.set_publication_date(date);
    epub.set_modified_date(date);
    epub.stylesheet(STYLESHEET.as_bytes()).map_err(failed)?;

    epub.add_cover_image("img/cover.svg", cover_svg.as_bytes(), "image/svg+xml")
        .map_err(failed)?;
    let cover = page(
        lang,
        &b.full_title(),
        &format!(
            "<div class=\"cover\"><img src=\"img/cover.svg\" alt=\"{}\" /></div>\n",
            escape(&b.full_title())
        ),
    );
    epub.add_content(
        EpubContent::new("cover.xhtml", cover.as_bytes())
            .title(b.full_title())
            .reftype(ReferenceType::Cover),
    )
    .map_err(failed)?;
    for img in b.images() {
        let bytes = std::fs::read(&img.file).map_err(|e| {
            Diagnostic::error(
                format!("cannot read image `{}`: {e}", img.file.display()),
                format!("không đọc được ảnh `{}`: {e}", img.file.display()),
            )
        })?;
        epub.add_resource(
            format!("img/{}", img.name),
            bytes.as_slice(),
            mime(&img.name),
        )
        .map_err(failed)?;
    }

    // Which file holds each anchor.
    let mut files: HashMap<String, String> = HashMap::new();
    let chapter_file = |n: usize| format!("chuong-{}.xhtml", n + 1);
    for (n, ch) in b.chapters.iter().enumerate() {
        files.insert(ch.anchor.clone(), chapter_file(n));
        for e in &ch.entries {
            files.insert(e.anchor.clone(), chapter_file(n));
            for block in &e.body.blocks {
                if let super::doc::Block::Heading { id, .. } = block {
                    files.insert(id.clone(), chapter_file(n));
                }
            }
        }
    }
    let refs = EpubRefs { files };

    if let Some(f) = &b.foreword {
        let body = format!(
            "<section epub:type=\"foreword\">\n<h1>{}</h1>\n{}</section>\n",
            escape(&f.title),
            xhtml::body(&f.body, "loi-gioi-thieu", 2, &refs)
        );
        epub.add_content(
            EpubContent::new(
                "loi-gioi-thieu.xhtml",
                page(lang, &f.title, &body).as_bytes(),
            )
            .title(f.title.clone())
            .reftype(ReferenceType::Foreword),
        )
        .map_err(failed)?;
    }
    epub.inline_toc();
    for (n, ch) in b.chapters.iter().enumerate() {
        let mut body = format!(
            "<section epub:type=\"chapter\">\n<h1 id=\"{}\">{}</h1>\n",
            ch.anchor,
            escape(&ch.title)
        );
        let mut children = Vec::new();
        for e in &ch.entries {
            body.push_str("<section>\n");
            body.push_str(&xhtml::entry_head(b, e, 2, &refs));
            body.push_str(&xhtml::body(&e.body, &e.anchor, 3, &refs));
            body.push_str("</section>\n");
            children.push(TocElement::new(
                format!("{}#{}", chapter_file(n), e.anchor),
                b.index.models[e.model].title.clone(),
            ));
        }
        body.push_str("</section>\n");
        let xhtml = page(lang, &ch.title, &body);
        let mut content = EpubContent::new(chapter_file(n), xhtml.as_bytes())
            .title(ch.title.clone())
            .reftype(ReferenceType::Text);
        for child in children {
            content = content.child(child);
        }
        epub.add_content(content).map_err(failed)?;
    }
    if !b.units.is_empty() {
        let title = s.get("booklet_unit_index");
        let mut body = format!(
            "<section epub:type=\"index\">\n<h1>{}</h1>\n<ul class=\"units\">\n",
            escape(&title)
        );
        for u in &b.units {
            let _ = write!(body, "<li><b>{}</b>\n<ul>\n", escape(&u.name));
            for (anchor, t) in &u.models {
                let href = refs.href(anchor).unwrap_or_default();
                let _ = writeln!(body, "<li><a href=\"{href}\">{}</a></li>", escape(t));
            }
            body.push_str("</ul></li>\n");
        }
        body.push_str("</ul>\n</section>\n");
        epub.add_content(
            EpubContent::new("chi-muc-don-vi.xhtml", page(lang, &title, &body).as_bytes())
                .title(title)
                .reftype(ReferenceType::Index),
        )
        .map_err(failed)?;
    }
    let title = s.get("booklet_colophon");
    let lines: Vec<String> = b.colophon().iter().map(|l| escape(l)).collect();
    let body = format!(
        "<div class=\"colophon\">\n<h1>{}</h1>\n<p>{}</p>\n</div>\n",
        escape(&title),
        lines.join("<br />\n")
    );
    epub.add_content(
        EpubContent::new("thong-tin.xhtml", page(lang, &title, &body).as_bytes())
            .title(title)
            .reftype(ReferenceType::Colophon),
    )
    .map_err(failed)?;
    let mut out = Vec::new();
    epub.generate(&mut out).map_err(failed)?;
    stamp(&out, b.date)
}

/// Rewrites the archive with every entry dated `date` (the zip library
/// stamps the time of writing), so two builds give the same bytes. Entries
/// keep their order and compression: `mimetype` stays first and stored.
fn stamp(zipped: &[u8], date: jiff::civil::Date) -> Result<Vec<u8>, Diagnostic> {
    let time = zip::DateTime::from_date_and_time(
        u16::try_from(date.year()).unwrap_or(1980).max(1980),
        date.month() as u8,
        date.day() as u8,
        0,
        0,
        0,
    )
    .map_err(failed)?;
    let mut archive = zip::ZipArchive::new(std::io::Cursor::new(zipped)).map_err(failed)?;
    let mut writer = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    for i in 0..archive.len() {
        let entry = archive.by_index_raw(i).map_err(failed)?;
        writer
            .raw_copy_file_touch(entry, time, Some(0o644))
            .map_err(failed)?;
    }
    Ok(writer.finish().map_err(failed)?.into_inner())
}
