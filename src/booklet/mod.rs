//! The "Dân vận khéo" booklet, compiled from the same [`Index`] as the site:
//! a typeset PDF, an EPUB 3 and a print-ready HTML page.
//!
//! 1. [`plan`] selects the models (`booklet: true`, no drafts, the filter of
//!    `site.yaml` or the command line) and, past `booklet.max_models`, splits
//!    them into volumes: one per year, then per field, then in parts.
//! 2. [`Booklet::assemble`] builds one volume: chapters (one per field, in
//!    `booklet.chapters` order, then Vietnamese order), models in each by
//!    `weight`, year descending, title; the foreword; the index of units.
//!    Bodies are read again from their files and converted by [`doc`] into
//!    a tree every format writes: links between models become anchors.
//! 3. [`markup`] writes the tree as typst markup in which every text is a
//!    string literal, [`world`] gives typst its files and fonts, and [`pdf`]
//!    compiles and exports the PDF.
//! 4. [`xhtml`] writes the tree as XHTML, for [`epub`] (epub-builder) and
//!    for the print page that [`site`] renders with the theme.
//!
//! Why typst for the PDF: it typesets inside the binary (no browser, no
//! LaTeX, no external program), shapes Vietnamese stacked diacritics
//! correctly with rustybuzz, embeds subset fonts, writes a PDF outline,
//! links and metadata, and the text it writes extracts back exactly. The
//! alternatives fall short: printpdf and genpdf leave line breaking, page
//! layout and shaping to us, and a headless browser is not allowed at run
//! time. Its cost is build time and about 1 ms of CPU per page.

pub mod doc;
pub mod epub;
pub mod markup;
pub mod pdf;
pub mod site;
pub mod world;
pub mod xhtml;

use std::collections::{BTreeMap, HashMap};
use std::path::Path;

use crate::config::{BookletConfig, BookletFilter, Config};
use crate::content::frontmatter;
use crate::diagnostic::Diagnostic;
use crate::index::Index;
use crate::render::Urls;
use crate::vi;
use doc::{Body, Image, Links};

/// The file holding the foreword, relative to the site root.
pub const FOREWORD: &str = "content/booklet/foreword.md";

/// One volume: a label (none when the selection fits one book) and its models.
#[derive(Debug, Clone)]
pub struct Volume {
    /// "2024" or "2024 – Cải cách hành chính (2)"; None for a single book.
    pub label: Option<String>,
    /// File stem: the slug of the booklet title, plus the label's.
    pub slug: String,
    /// Indices into [`Index::models`].
    pub models: Vec<usize>,
}

/// Whether model `i` belongs to the selection: in the booklet, not a draft, matching the filter.
fn matches(index: &Index, i: usize, filter: &BookletFilter) -> bool {
    let m = &index.models[i];
    m.booklet && !m.draft && filter.matches(m)
}

/// Field term indices in chapter order: `booklet.chapters` first, then the rest in Vietnamese order.
fn chapter_order(index: &Index, settings: &BookletConfig) -> Vec<usize> {
    let mut order: Vec<usize> = Vec::new();
    for name in &settings.chapters {
        let key = vi::term_key(name);
        if let Some(t) = index
            .fields
            .terms
            .iter()
            .position(|t| vi::term_key(&t.name) == key)
            && !order.contains(&t)
        {
            order.push(t);
        }
    }
    let rest: Vec<usize> = (0..index.fields.terms.len())
        .filter(|t| !order.contains(t))
        .collect();
    order.extend(rest);
    order
}

/// Checks `booklet.chapters` against the fields of the site.
pub fn check_chapters(index: &Index, settings: &BookletConfig) -> Vec<Diagnostic> {
    let names: Vec<&str> = index.fields.terms.iter().map(|t| t.name.as_str()).collect();
    settings
        .chapters
        .iter()
        .filter(|c| !names.iter().any(|n| vi::term_key(n) == vi::term_key(c)))
        .map(|c| {
            let (hint, hint_vi) = match vi::did_you_mean(c, &names) {
                Some(s) => (
                    format!("did you mean `{s}`?"),
                    format!("có phải ý bạn là `{s}`? Nếu vậy, hãy sửa lại tên chương"),
                ),
                None => (
                    "list fields as models write them in `field:`".to_owned(),
                    "hãy ghi tên lĩnh vực đúng như các mô hình viết ở dòng `field:`".to_owned(),
                ),
            };
            Diagnostic::warning(
                format!("booklet.chapters names `{c}`, which no model has as its field"),
                format!(
                    "`booklet.chapters` có chương `{c}`, nhưng không mô hình nào thuộc lĩnh vực này"
                ),
            )
            .in_file(crate::config::FILE_NAME)
            .hint(hint, hint_vi)
        })
        .collect()
}

/// Selects the models and splits them into volumes of at most `max_models`.
pub fn plan(index: &Index, settings: &BookletConfig, filter: &BookletFilter) -> Vec<Volume> {
    let selected: Vec<usize> = (0..index.models.len())
        .filter(|&i| matches(index, i, filter))
        .collect();
    let base = booklet_slug(&settings.title);
    let max = settings.max_models.max(1);
    if selected.len() <= max {
        return vec![Volume {
            label: None,
            slug: base,
            models: selected,
        }];
    }
    let mut volumes = Vec::new();
    let chapters = chapter_order(index, settings);
    for year in &index.years.terms {
        let of_year: Vec<usize> = selected
            .iter()
            .copied()
            .filter(|&i| index.models[i].year.to_string() == year.name)
            .collect();
        if of_year.is_empty() {
            continue;
        }
        if of_year.len() <= max {
            volumes.push(Volume {
                label: Some(year.name.clone()),
                slug: format!("{base}-{}", year.slug),
                models: of_year,
            });
            continue;
        }
        for &f in &chapters {
            let of_field: Vec<usize> = of_year
                .iter()
                .copied()
                .filter(|&i| index.model_terms[i].field == f)
                .collect();
            let term = &index.fields.terms[f];
            let parts = of_field.len().div_ceil(max);
            for (p, chunk) in of_field.chunks(max).enumerate() {
                let (label, slug) = if parts == 1 {
                    (
                        format!("{} – {}", year.name, term.name),
                        format!("{base}-{}-{}", year.slug, term.slug),
                    )
                } else {
                    (
                        format!("{} – {} ({})", year.name, term.name, p + 1),
                        format!("{base}-{}-{}-{}", year.slug, term.slug, p + 1),
                    )
                };
                volumes.push(Volume {
                    label: Some(label),
                    slug,
                    models: chunk.to_vec(),
                });
            }
        }
    }
    volumes
}

/// The file stem of a booklet: its title slugified (`dan-van-kheo`).
pub fn booklet_slug(title: &str) -> String {
    let s = vi::slugify(title);
    if s.is_empty() { "so-tay".to_owned() } else { s }
}

/// Interface strings the booklet uses, from the theme's string table.
#[derive(Debug, Clone)]
pub struct Strings(BTreeMap<String, String>);

impl Strings {
    /// Wraps the theme's strings.
    pub fn new(strings: BTreeMap<String, String>) -> Self {
        Strings(strings)
    }

    /// One string; its key when the theme lacks it.
    pub fn get(&self, key: &str) -> String {
        self.0.get(key).cloned().unwrap_or_else(|| key.to_owned())
    }
}

/// The foreword.
#[derive(Debug, Clone)]
pub struct Foreword {
    /// Its title (front matter `title`, else "Lời giới thiệu").
    pub title: String,
    /// Its body.
    pub body: Body,
}

/// One model in the booklet.
#[derive(Debug, Clone)]
pub struct Entry {
    /// Index into [`Index::models`].
    pub model: usize,
    /// Anchor: `m-<slug>`.
    pub anchor: String,
    /// Its cover image.
    pub cover: Option<Image>,
    /// Its body.
    pub body: Body,
}

/// One chapter: a field.
#[derive(Debug, Clone)]
pub struct Chapter {
    /// The field's name.
    pub title: String,
    /// Anchor: `c-<slug>`.
    pub anchor: String,
    /// Its models.
    pub entries: Vec<Entry>,
}

/// One line of the index of units.
#[derive(Debug, Clone)]
pub struct UnitEntry {
    /// The unit.
    pub name: String,
    /// Its models in the booklet: (anchor, title).
    pub models: Vec<(String, String)>,
}

/// One volume of the booklet, ready for every writer.
#[derive(Debug)]
pub struct Booklet<'a> {
    /// The index the models come from.
    pub index: &'a Index,
    /// `site.yaml`'s `booklet:` settings.
    pub settings: &'a BookletConfig,
    /// Interface strings.
    pub strings: &'a Strings,
    /// The volume's label on the cover.
    pub volume: Option<String>,
    /// File stem.
    pub slug: String,
    /// The foreword.
    pub foreword: Option<Foreword>,
    /// Chapters in order.
    pub chapters: Vec<Chapter>,
    /// Index of units, in Vietnamese order.
    pub units: Vec<UnitEntry>,
    /// Date of compilation.
    pub date: jiff::civil::Date,
    /// The language its dates are written in.
    pub language: crate::config::Language,
    /// Number of models.
    pub count: usize,
    /// Every anchor the book defines (chapters, models, headings, foreword).
    anchors: std::collections::HashSet<String>,
}

/// What assembling needs besides the volume.
pub struct Sources<'a> {
    /// The site folder.
    pub root: &'a Path,
    /// The site configuration.
    pub config: &'a Config,
    /// Interface strings.
    pub strings: &'a Strings,
    /// Date of compilation.
    pub date: jiff::civil::Date,
}

impl<'a> Booklet<'a> {
    /// Builds one volume: reads and converts every body; problems reading a file are diagnostics.
    pub fn assemble(
        index: &'a Index,
        volume: &Volume,
        src: &Sources<'a>,
    ) -> (Booklet<'a>, Vec<Diagnostic>) {
        let config = src.config;
        let settings = &config.booklet;
        let mut diagnostics = Vec::new();
        let urls = Urls::new(config);
        let anchors: HashMap<String, String> = volume
            .models
            .iter()
            .map(|&i| {
                (
                    index.models[i].source.clone(),
                    anchor_of(&index.models[i].slug),
                )
            })
            .collect();
        let paths: HashMap<String, String> = volume
            .models
            .iter()
            .map(|&i| {
                let m = &index.models[i];
                (urls.model_dir(&m.slug), anchor_of(&m.slug))
            })
            .collect();
        let mut site_urls: HashMap<String, String> = HashMap::new();
        for m in &index.models {
            site_urls.insert(m.source.clone(), format!("/{}", urls.model_dir(&m.slug)));
        }
        for p in &index.pages {
            site_urls.insert(p.source.clone(), format!("/{}", urls.page_dir(&p.slug)));
        }
        let links = Links {
            root: src.root,
            base_url: &config.base_url,
            base_path: &config.base_path,
            anchors: &anchors,
            paths: &paths,
            urls: &site_urls,
            unsafe_html: config.unsafe_html,
        };

        let mut by_field: BTreeMap<usize, Vec<usize>> = BTreeMap::new();
        for &i in &volume.models {
            by_field
                .entry(index.model_terms[i].field)
                .or_default()
                .push(i);
        }
        let mut chapters = Vec::new();
        for f in chapter_order(index, settings) {
            let Some(mut models) = by_field.remove(&f) else {
                continue;
            };
            // Index order is year descending, then title: a stable sort keeps it within a weight.
            models.sort_by_key(|&i| index.models[i].weight);
            let entries = models
                .into_iter()
                .map(|i| {
                    let m = &index.models[i];
                    let anchor = anchor_of(&m.slug);
                    let (markdown, image) = match read_source(src.root, &m.source) {
                        Ok(b) => b,
                        Err(d) => {
                            diagnostics.push(d);
                            (String::new(), None)
                        }
                    };
                    let cover = image
                        .as_deref()
                        .and_then(|p| doc::cover_image(p, &m.source, &anchor, &links))
                        .filter(|img| doc::is_picture(&img.file));
                    let body = doc::convert(&markdown, &m.source, &anchor, &links);
                    for dest in &body.unreadable {
                        diagnostics.push(
                            Diagnostic::warning(
                                format!(
                                    "image `{dest}` is not a PNG, JPEG, GIF, WebP or SVG picture, so the booklet leaves it out"
                                ),
                                format!(
                                    "ảnh `{dest}` không phải ảnh PNG, JPEG, GIF, WebP hay SVG, nên sổ tay sẽ bỏ qua ảnh này"
                                ),
                            )
                            .in_file(&m.source)
                            .hint(
                                "open the picture in an image editor and save it again as PNG or JPEG",
                                "hãy mở ảnh bằng một phần mềm sửa ảnh rồi lưu lại dưới dạng PNG hoặc JPEG",
                            ),
                        );
                    }
                    Entry {
                        model: i,
                        anchor,
                        cover,
                        body,
                    }
                })
                .collect();
            let term = &index.fields.terms[f];
            chapters.push(Chapter {
                title: term.name.clone(),
                anchor: format!("c-{}", term.slug),
                entries,
            });
        }

        // Unit term indices are in Vietnamese order already.
        let mut by_unit: BTreeMap<usize, Vec<(String, String)>> = BTreeMap::new();
        for e in chapters.iter().flat_map(|c| &c.entries) {
            by_unit
                .entry(index.model_terms[e.model].unit)
                .or_default()
                .push((e.anchor.clone(), index.models[e.model].title.clone()));
        }
        let units = by_unit
            .into_iter()
            .map(|(u, models)| UnitEntry {
                name: index.units.terms[u].name.clone(),
                models,
            })
            .collect();

        let foreword = match read_foreword(src.root, &links, src.strings) {
            Ok(f) => f,
            Err(d) => {
                diagnostics.push(d);
                None
            }
        };
        let mut anchors = std::collections::HashSet::new();
        if foreword.is_some() {
            anchors.insert("loi-gioi-thieu".to_owned());
        }
        let bodies = foreword.iter().map(|f| &f.body).chain(
            chapters
                .iter()
                .flat_map(|c| c.entries.iter().map(|e| &e.body)),
        );
        for body in bodies {
            for block in &body.blocks {
                if let doc::Block::Heading { id, .. } = block {
                    anchors.insert(id.clone());
                }
            }
        }
        for c in &chapters {
            anchors.insert(c.anchor.clone());
            anchors.extend(c.entries.iter().map(|e| e.anchor.clone()));
        }
        let booklet = Booklet {
            anchors,
            index,
            settings,
            strings: src.strings,
            volume: volume.label.clone(),
            slug: volume.slug.clone(),
            foreword,
            count: volume.models.len(),
            chapters,
            units,
            date: src.date,
            language: config.language,
        };
        (booklet, diagnostics)
    }

    /// Whether the book defines `anchor`.
    pub fn has_anchor(&self, anchor: &str) -> bool {
        self.anchors.contains(anchor)
    }

    /// The title with the volume: "Dân vận khéo – 2024".
    pub fn full_title(&self) -> String {
        match &self.volume {
            Some(v) => format!("{} – {v}", self.settings.title),
            None => self.settings.title.clone(),
        }
    }

    /// The year on the cover: `booklet.year`, else the year of compilation.
    pub fn year(&self) -> i32 {
        self.settings
            .year
            .unwrap_or_else(|| i32::from(self.date.year()))
    }

    /// "Hà Nội, 2024" (place and year) for the cover.
    pub fn imprint(&self) -> String {
        match &self.settings.place {
            Some(p) => format!("{p}, {}", self.year()),
            None => self.year().to_string(),
        }
    }

    /// The facts line of a model: (label, value) for unit, locality, year, level, award.
    pub fn facts(&self, model: usize) -> Vec<(String, String)> {
        let m = &self.index.models[model];
        let s = self.strings;
        let mut out = vec![(s.get("unit"), m.unit.clone())];
        if let Some(l) = &m.locality {
            out.push((s.get("locality"), l.clone()));
        }
        out.push((s.get("year"), m.year.to_string()));
        if let Some(l) = &m.level {
            out.push((s.get("level"), l.clone()));
        }
        if let Some(a) = &m.award {
            out.push((s.get("award"), a.clone()));
        }
        out
    }

    /// The colophon's lines.
    pub fn colophon(&self) -> Vec<String> {
        let s = self.strings;
        let mut lines = vec![self.full_title()];
        if let Some(p) = &self.settings.publisher {
            lines.push(format!("{}: {p}", s.get("booklet_publisher")));
        }
        lines.push(format!(
            "{}: {}",
            s.get("booklet_compiled"),
            self.language.date(self.date)
        ));
        lines.push(format!("{}: {}", s.get("booklet_count"), self.count));
        lines.push(s.get("booklet_generator"));
        lines
    }

    /// Every image of the booklet (covers and bodies), each once.
    pub fn images(&self) -> Vec<&Image> {
        let mut all: Vec<&Image> = Vec::new();
        if let Some(f) = &self.foreword {
            collect_images(&f.body, &mut all);
        }
        for e in self.chapters.iter().flat_map(|c| &c.entries) {
            all.extend(e.cover.iter());
            collect_images(&e.body, &mut all);
        }
        let mut names = std::collections::HashSet::new();
        all.retain(|img| names.insert(img.name.as_str()));
        all
    }
}

fn collect_images<'b>(body: &'b Body, out: &mut Vec<&'b Image>) {
    fn blocks<'b>(bs: &'b [doc::Block], out: &mut Vec<&'b Image>) {
        for b in bs {
            match b {
                doc::Block::Para(i) | doc::Block::Heading { content: i, .. } => inlines(i, out),
                doc::Block::List { items, .. } => items.iter().for_each(|it| blocks(it, out)),
                doc::Block::Quote(q) => blocks(q, out),
                doc::Block::Table { head, rows, .. } => {
                    head.iter().for_each(|c| inlines(c, out));
                    rows.iter().flatten().for_each(|c| inlines(c, out));
                }
                doc::Block::Code(_) | doc::Block::Rule => {}
            }
        }
    }
    fn inlines<'b>(is: &'b [doc::Inline], out: &mut Vec<&'b Image>) {
        for i in is {
            match i {
                doc::Inline::Image(img) => out.push(img),
                doc::Inline::Strong(c) | doc::Inline::Emph(c) | doc::Inline::Strike(c) => {
                    inlines(c, out)
                }
                doc::Inline::Link { content, .. } => inlines(content, out),
                _ => {}
            }
        }
    }
    blocks(&body.blocks, out);
    body.notes.iter().for_each(|n| blocks(n, out));
}

/// The anchor of a model: `m-<slug>`.
pub fn anchor_of(slug: &str) -> String {
    format!("m-{slug}")
}

/// Reads a model file again: its Markdown body and its `image` as written
/// (the index keeps only the rendered HTML and the image's output URL).
fn read_source(root: &Path, source: &str) -> Result<(String, Option<String>), Diagnostic> {
    let bytes = std::fs::read(root.join(source)).map_err(|e| {
        Diagnostic::error(
            format!("cannot read the file again for the booklet: {e}"),
            format!("không đọc lại được tệp để làm sổ tay: {e}"),
        )
        .in_file(source)
    })?;
    let text = frontmatter::decode(bytes).map_err(|d| d.in_file(source))?;
    let split = frontmatter::split(&text).map_err(|d| d.in_file(source))?;
    let image = serde_yaml::from_str::<serde_yaml::Value>(split.yaml)
        .ok()
        .and_then(|v| v.get("image").and_then(|t| t.as_str()).map(str::to_owned));
    Ok((split.body.to_owned(), image))
}

fn read_foreword(
    root: &Path,
    links: &Links<'_>,
    strings: &Strings,
) -> Result<Option<Foreword>, Diagnostic> {
    let path = root.join(FOREWORD);
    if !path.is_file() {
        return Ok(None);
    }
    let bytes = std::fs::read(&path).map_err(|e| {
        Diagnostic::error(
            format!("cannot read the foreword: {e}"),
            format!("không đọc được lời giới thiệu: {e}"),
        )
        .in_file(FOREWORD)
    })?;
    let text = frontmatter::decode(bytes).map_err(|d| d.in_file(FOREWORD))?;
    let (title, body) = match frontmatter::split(&text) {
        Ok(split) => {
            let title = serde_yaml::from_str::<serde_yaml::Value>(split.yaml)
                .ok()
                .and_then(|v| v.get("title").and_then(|t| t.as_str()).map(vi::nfc));
            (title, split.body.to_owned())
        }
        // A foreword without front matter is all body.
        Err(_) => (None, text.clone()),
    };
    Ok(Some(Foreword {
        title: title.unwrap_or_else(|| strings.get("booklet_foreword")),
        body: doc::convert(&body, FOREWORD, "loi-gioi-thieu", links),
    }))
}
