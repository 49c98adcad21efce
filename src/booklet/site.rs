//! The booklet as part of a site build: `so-tay/` with the print page, the
//! PDF and the EPUB of every volume, written through the build's sink; and
//! the single-file outputs of `kheo booklet`.
//!
//! Volumes are built one after another, so peak memory is that of the
//! largest volume (typst holds a whole document while it lays it out).

use std::path::Path;

use minijinja::Value;
use serde::Serialize;

use super::xhtml::{self, Refs};
use super::{Booklet, Sources, Strings, Volume, doc::Image, epub, pdf, plan};
use crate::cache::{Memo, Reuse};
use crate::config::{BookletFilter, Config};
use crate::diagnostic::Diagnostic;
use crate::fingerprint::Fingerprint;
use crate::index::Index;
use crate::output::{Contents, OutputFile};
use crate::render::{self, ExtraPage, Sink, Theme};

/// The formats of a booklet.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    /// Typeset PDF.
    Pdf,
    /// EPUB 3.
    Epub,
    /// One print-ready HTML page (with the site's theme).
    Html,
}

/// What the print page template receives as `booklet`.
#[derive(Serialize)]
struct PageCtx {
    /// The booklet's title (with the volume).
    title: String,
    subtitle: Option<String>,
    publisher: Option<String>,
    imprint: String,
    /// `a5` or `a4`, for `@page`.
    paper: &'static str,
    /// URL of the booklet stylesheet.
    css_url: String,
    /// The volume's downloads, when this page shows one volume.
    pdf_url: Option<String>,
    epub_url: Option<String>,
    /// The volumes, when the booklet has several (this page then lists them).
    volumes: Vec<VolumeCtx>,
    /// The whole book as HTML (empty on a list of volumes).
    html: Value,
}

#[derive(Serialize)]
struct VolumeCtx {
    label: String,
    count: usize,
    url: String,
    pdf_url: String,
    epub_url: String,
}

/// In-page anchors; images copied beside the page.
struct PageRefs<'a> {
    book: &'a Booklet<'a>,
    images_url: String,
}

impl Refs for PageRefs<'_> {
    fn href(&self, anchor: &str) -> Option<String> {
        self.book.has_anchor(anchor).then(|| format!("#{anchor}"))
    }

    fn src(&self, image: &Image) -> String {
        format!("{}{}", self.images_url, image.name)
    }
}

/// The whole book as HTML for the print page: cover, foreword, contents,
/// chapters, index of units, colophon. Ids are the book's anchors.
fn print_html(b: &Booklet<'_>, images_url: String) -> String {
    let refs = PageRefs {
        book: b,
        images_url,
    };
    let s = b.strings;
    let e = xhtml::escape;
    let mut out = String::new();
    out.push_str("<section class=\"bk-cover\">\n");
    if let Some(p) = &b.settings.publisher {
        out.push_str(&format!("<p class=\"bk-publisher\">{}</p>\n", e(p)));
    }
    out.push_str(&format!("<h1>{}</h1>\n", e(&b.full_title())));
    if let Some(sub) = &b.settings.subtitle {
        out.push_str(&format!("<p class=\"bk-subtitle\">{}</p>\n", e(sub)));
    }
    out.push_str(&format!(
        "<p class=\"bk-imprint\">{}</p>\n</section>\n",
        e(&b.imprint())
    ));
    if let Some(f) = &b.foreword {
        out.push_str(&format!(
            "<section class=\"bk-front\" id=\"loi-gioi-thieu\">\n<h2>{}</h2>\n{}</section>\n",
            e(&f.title),
            xhtml::body(&f.body, "loi-gioi-thieu", 3, &refs)
        ));
    }
    out.push_str(&format!(
        "<nav class=\"bk-toc\" aria-labelledby=\"muc-luc\">\n<h2 id=\"muc-luc\">{}</h2>\n<ol>\n",
        e(&s.get("booklet_contents"))
    ));
    for ch in &b.chapters {
        out.push_str(&format!(
            "<li><a href=\"#{}\">{}</a>\n<ol>\n",
            ch.anchor,
            e(&ch.title)
        ));
        for en in &ch.entries {
            out.push_str(&format!(
                "<li><a href=\"#{}\">{}</a></li>\n",
                en.anchor,
                e(&b.index.models[en.model].title)
            ));
        }
        out.push_str("</ol></li>\n");
    }
    out.push_str("</ol>\n</nav>\n");
    for ch in &b.chapters {
        out.push_str(&format!(
            "<section class=\"bk-chapter\" aria-labelledby=\"{a}\">\n<h2 id=\"{a}\" class=\"bk-chapter-title\">{}</h2>\n",
            e(&ch.title),
            a = ch.anchor
        ));
        for en in &ch.entries {
            out.push_str("<article class=\"bk-model\">\n");
            out.push_str(&xhtml::entry_head(b, en, 3, &refs));
            out.push_str(&xhtml::body(&en.body, &en.anchor, 4, &refs));
            out.push_str("</article>\n");
        }
        out.push_str("</section>\n");
    }
    if !b.units.is_empty() {
        out.push_str(&format!(
            "<section class=\"bk-units\" aria-labelledby=\"chi-muc\">\n<h2 id=\"chi-muc\">{}</h2>\n<ul>\n",
            e(&s.get("booklet_unit_index"))
        ));
        for u in &b.units {
            out.push_str(&format!("<li><b>{}</b><ul>\n", e(&u.name)));
            for (anchor, title) in &u.models {
                out.push_str(&format!(
                    "<li><a href=\"#{anchor}\">{}</a></li>\n",
                    e(title)
                ));
            }
            out.push_str("</ul></li>\n");
        }
        out.push_str("</ul>\n</section>\n");
    }
    out.push_str(&format!(
        "<section class=\"bk-colophon\">\n<h2>{}</h2>\n<p>{}</p>\n</section>\n",
        e(&s.get("booklet_colophon")),
        b.colophon()
            .iter()
            .map(|l| e(l))
            .collect::<Vec<_>>()
            .join("<br>\n")
    ));
    out
}

/// Everything a booklet build needs.
pub struct Job<'a> {
    /// The site folder.
    pub root: &'a Path,
    /// The index.
    pub index: &'a Index,
    /// The configuration.
    pub config: &'a Config,
    /// The theme (strings, print page template, typst layout).
    pub theme: &'a Theme,
    /// The selection.
    pub filter: &'a BookletFilter,
}

impl Job<'_> {
    /// The typst layout (the site's, the theme's or the built-in one) and the strings.
    fn prepare(&self) -> Result<(pdf::Template, Strings), Diagnostic> {
        let (text, origin) = self.theme.raw_template("booklet.typ")?;
        Ok((
            pdf::Template { text, origin },
            Strings::new(self.theme.strings.clone()),
        ))
    }
}

/// Writes `so-tay/` of a site build: the print page (or a list of volumes
/// with a print page each), and the PDF and EPUB of every volume. A
/// volume whose every input is that of the previous build (per `reuse`)
/// is not typeset again: its PDF and EPUB stay as they are.
pub fn write_outputs(
    job: &Job<'_>,
    sink: &Sink<'_>,
    reuse: &Reuse<'_>,
) -> (Vec<String>, Vec<Diagnostic>) {
    let config = job.config;
    let dir = format!("{}/", config.urls.booklet);
    let mut paths = Vec::new();
    let mut diagnostics = super::check_chapters(job.index, &config.booklet);
    let (template, strings) = match job.prepare() {
        Ok(t) => t,
        Err(d) => {
            diagnostics.push(d);
            return (paths, diagnostics);
        }
    };
    let src = Sources {
        root: job.root,
        config,
        strings: &strings,
        date: compilation_date(),
    };
    let volumes = plan(job.index, &config.booklet, job.filter);
    let many = volumes.len() > 1;
    let mut listed = Vec::new();
    let emit = |file: OutputFile, paths: &mut Vec<String>, ds: &mut Vec<Diagnostic>| {
        let path = file.path.clone();
        match sink(file) {
            Ok(()) => paths.push(path),
            Err(d) => ds.push(d),
        }
    };
    for (n, volume) in volumes.iter().enumerate() {
        if many {
            crate::progress::status(&format!(
                "{}: {}/{} ({})",
                config.urls.booklet,
                n + 1,
                volumes.len(),
                volume.label.as_deref().unwrap_or("")
            ));
        }
        if !many {
            crate::progress::status(&format!(
                "{}: {} models",
                config.urls.booklet,
                volume.models.len()
            ));
        }
        let (book, ds) = Booklet::assemble(job.index, volume, &src);
        diagnostics.extend(ds);
        let pdf_path = format!("{dir}{}.pdf", volume.slug);
        let epub_path = format!("{dir}{}.epub", volume.slug);
        if volume.models.is_empty() {
            // Nothing to typeset: the page says so.
            let mut ctx = page_context(job, &book, volume, &dir, false);
            ctx.pdf_url = None;
            ctx.epub_url = None;
            match render_page(job, &book.full_title(), &dir, ctx) {
                Ok(f) => emit(f, &mut paths, &mut diagnostics),
                Err(d) => diagnostics.push(d),
            }
            continue;
        }
        let key = format!("booklet:{pdf_path}");
        let fingerprint = typeset_fingerprint(reuse, &book, &template);
        if reuse.reuse(&key, fingerprint).is_some() {
            for path in [&pdf_path, &epub_path] {
                let file = OutputFile {
                    path: path.clone(),
                    contents: Contents::Unchanged,
                };
                emit(file, &mut paths, &mut diagnostics);
            }
        } else {
            let before = diagnostics.len();
            match pdf::write(&book, &template) {
                Ok(p) => emit(
                    OutputFile::bytes(pdf_path.clone(), p.bytes),
                    &mut paths,
                    &mut diagnostics,
                ),
                Err(ds) => diagnostics.extend(ds),
            }
            match epub::write(&book, &template) {
                Ok(bytes) => emit(
                    OutputFile::bytes(epub_path.clone(), bytes),
                    &mut paths,
                    &mut diagnostics,
                ),
                Err(ds) => diagnostics.extend(ds),
            }
            if diagnostics.len() == before {
                let memo = Memo {
                    fingerprint,
                    paths: vec![pdf_path.clone(), epub_path.clone()],
                    extra: String::new(),
                };
                reuse.record(&key, memo);
            }
        }
        // Images once per booklet folder, for the print pages.
        for img in book.images() {
            emit(
                {
                    let path = format!("{dir}img/{}", img.name);
                    OutputFile {
                        contents: reuse.copy(&path, &img.file),
                        path,
                    }
                },
                &mut paths,
                &mut diagnostics,
            );
        }
        let page_dir = if many {
            format!("{dir}{}/", volume.slug)
        } else {
            dir.clone()
        };
        let ctx = page_context(job, &book, volume, &dir, true);
        match render_page(job, &book.full_title(), &page_dir, ctx) {
            Ok(f) => emit(f, &mut paths, &mut diagnostics),
            Err(d) => diagnostics.push(d),
        }
        if many {
            listed.push(VolumeCtx {
                label: volume.label.clone().unwrap_or_default(),
                count: volume.models.len(),
                url: format!("{}{page_dir}", config.base_path),
                pdf_url: format!("{}{pdf_path}", config.base_path),
                epub_url: format!("{}{epub_path}", config.base_path),
            });
        }
    }
    if many {
        let ctx = PageCtx {
            title: config.booklet.title.clone(),
            subtitle: config.booklet.subtitle.clone(),
            publisher: config.booklet.publisher.clone(),
            imprint: String::new(),
            paper: config.booklet.paper.name(),
            css_url: css_url(config),
            pdf_url: None,
            epub_url: None,
            volumes: listed,
            html: Value::from_safe_string(String::new()),
        };
        match render_page(job, &config.booklet.title, &dir, ctx) {
            Ok(f) => emit(f, &mut paths, &mut diagnostics),
            Err(d) => diagnostics.push(d),
        }
    }
    (paths, diagnostics)
}

/// Everything the PDF and EPUB of a volume are made of: the assembled book
/// (bodies, covers, links already resolved, foreword, units, date), the
/// facts of each of its models, the bytes of every picture, the layout and
/// the strings; the configuration and kheo's version come with `reuse`.
fn typeset_fingerprint(
    reuse: &Reuse<'_>,
    book: &Booklet<'_>,
    template: &pdf::Template,
) -> Fingerprint {
    let mut h = reuse.hasher();
    h.str("booklet")
        .str(&template.text)
        .str(&template.origin)
        .debug(book.strings)
        .debug(book.settings)
        .debug(&(&book.volume, &book.slug, book.date, book.count))
        .debug(&book.foreword)
        .debug(&book.chapters)
        .debug(&book.units);
    for e in book.chapters.iter().flat_map(|c| &c.entries) {
        let mut m = book.index.models[e.model].clone();
        m.body = Default::default();
        h.debug(&m).debug(&book.index.model_terms[e.model]);
    }
    for img in book.images() {
        match std::fs::read(&img.file) {
            Ok(bytes) => h.bytes(&bytes),
            Err(e) => h.str(&e.to_string()),
        };
    }
    h.finish()
}

fn css_url(config: &Config) -> String {
    format!("{}booklet.css", config.base_path)
}

fn page_context(
    job: &Job<'_>,
    book: &Booklet<'_>,
    volume: &Volume,
    dir: &str,
    whole: bool,
) -> PageCtx {
    let config = job.config;
    let base = &config.base_path;
    PageCtx {
        title: book.full_title(),
        subtitle: config.booklet.subtitle.clone(),
        publisher: config.booklet.publisher.clone(),
        imprint: book.imprint(),
        paper: config.booklet.paper.name(),
        css_url: css_url(config),
        pdf_url: Some(format!("{base}{dir}{}.pdf", volume.slug)),
        epub_url: Some(format!("{base}{dir}{}.epub", volume.slug)),
        volumes: Vec::new(),
        html: if whole {
            Value::from_safe_string(print_html(book, format!("{base}{dir}img/")))
        } else {
            Value::from_safe_string(String::new())
        },
    }
}

fn render_page(
    job: &Job<'_>,
    title: &str,
    dir: &str,
    ctx: PageCtx,
) -> Result<OutputFile, Diagnostic> {
    render::render_extra_page(
        job.index,
        job.config,
        job.theme,
        ExtraPage {
            template: "booklet.html",
            kind: "booklet",
            title,
            dir,
            key: "booklet",
            value: Value::from(minijinja::value::Serde(&ctx)),
        },
    )
}

/// The date printed in the colophon: `SOURCE_DATE_EPOCH` when set (reproducible builds), else today.
pub fn compilation_date() -> jiff::civil::Date {
    if let Some(secs) = std::env::var("SOURCE_DATE_EPOCH")
        .ok()
        .and_then(|s| s.trim().parse::<i64>().ok())
        && let Ok(ts) = jiff::Timestamp::from_second(secs)
    {
        return ts.to_zoned(jiff::tz::TimeZone::UTC).date();
    }
    jiff::Zoned::now().date()
}

/// `kheo booklet`: one volume in one format, as bytes, with the number of
/// models (and of volumes the selection would need).
pub fn single(job: &Job<'_>, format: Format) -> Result<(Vec<u8>, usize), Vec<Diagnostic>> {
    let config = job.config;
    let (template, strings) = job.prepare().map_err(|d| vec![d])?;
    let src = Sources {
        root: job.root,
        config,
        strings: &strings,
        date: compilation_date(),
    };
    // One book, however large: the command line asks for exactly this selection.
    let mut settings = config.booklet.clone();
    settings.max_models = usize::MAX;
    let volume = plan(job.index, &settings, job.filter)
        .into_iter()
        .next()
        .expect("a plan without a limit has one volume");
    let (book, mut ds) = Booklet::assemble(job.index, &volume, &src);
    if ds.iter().any(Diagnostic::is_error) {
        return Err(ds);
    }
    let count = volume.models.len();
    let bytes = match format {
        Format::Pdf => pdf::write(&book, &template).map(|p| p.bytes),
        Format::Epub => epub::write(&book, &template),
        Format::Html => {
            // A standalone page: images next to the file are not copied, so they are left out.
            let ctx = page_context(
                job,
                &book,
                &volume,
                &format!("{}/", config.urls.booklet),
                true,
            );
            render_page(job, &book.full_title(), "", ctx)
                .map(|f| match f.contents {
                    Contents::Bytes(b) => b,
                    _ => Vec::new(),
                })
                .map_err(|d| vec![d])
        }
    };
    match bytes {
        Ok(b) => Ok((b, count)),
        Err(more) => {
            ds.extend(more);
            Err(ds)
        }
    }
}
