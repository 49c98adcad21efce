//! A model's body as the booklet sees it: a small tree of blocks and inlines,
//! converted once from Markdown and written out by every format (typst
//! markup for the PDF, XHTML for the EPUB and the print page).
//!
//! The conversion resolves what the site's pages leave as URLs: a link to a
//! model in the same booklet becomes an in-document anchor, a link to a model
//! left out becomes the site's absolute URL (or plain text without
//! `base_url`), headings get ids prefixed by the model's anchor so they stay
//! unique across the whole book, and images are resolved to files on disk.
//! Raw HTML never reaches a writer: it is kept as text unless the site
//! trusts HTML, and then dropped (`<br>` becomes a line break).

use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};

use pulldown_cmark::{Alignment, Event, Parser, Tag};

use crate::markdown::{has_scheme, heading_slug, normalize, options, percent_decode, unique_id};
use crate::vi;

/// A block of a body.
#[derive(Debug, Clone, PartialEq)]
pub enum Block {
    /// A paragraph.
    Para(Vec<Inline>),
    /// A heading inside a model (level 1–6 as written).
    Heading {
        /// Level as written in Markdown.
        level: u8,
        /// Unique id in the book.
        id: String,
        /// Its text.
        content: Vec<Inline>,
    },
    /// A bulleted (`start: None`) or numbered list.
    List {
        /// The first number of a numbered list.
        start: Option<u64>,
        /// Each item's blocks.
        items: Vec<Vec<Block>>,
    },
    /// A block quote.
    Quote(Vec<Block>),
    /// A code block, as plain text.
    Code(String),
    /// A table.
    Table {
        /// Column alignments.
        aligns: Vec<Align>,
        /// Header cells.
        head: Vec<Vec<Inline>>,
        /// Body rows.
        rows: Vec<Vec<Vec<Inline>>>,
    },
    /// A thematic break.
    Rule,
}

/// Alignment of a table column.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Align {
    /// As the writer likes.
    None,
    /// Left.
    Left,
    /// Centred.
    Center,
    /// Right.
    Right,
}

/// Inline content.
#[derive(Debug, Clone, PartialEq)]
pub enum Inline {
    /// Plain text (NFC).
    Text(String),
    /// Inline code.
    Code(String),
    /// Bold.
    Strong(Vec<Inline>),
    /// Italic.
    Emph(Vec<Inline>),
    /// Struck through.
    Strike(Vec<Inline>),
    /// A link.
    Link {
        /// Where it leads.
        target: Target,
        /// Its text.
        content: Vec<Inline>,
    },
    /// An image found on disk.
    Image(Image),
    /// A hard line break.
    Break,
    /// A footnote reference: an index into [`Body::notes`].
    Note(usize),
}

/// Where a link leads.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Target {
    /// An anchor in the booklet.
    Anchor(String),
    /// An absolute URL.
    Url(String),
    /// Nowhere the reader can follow: the text is kept, the link dropped.
    None,
}

/// An image of a body or a cover image.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Image {
    /// The file on disk.
    pub file: PathBuf,
    /// A unique name inside the booklet, e.g. `vanh-dai-4/anh/hop-dan.jpg`.
    pub name: String,
    /// Its description.
    pub alt: String,
}

/// A converted body.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Body {
    /// The blocks.
    pub blocks: Vec<Block>,
    /// Footnotes, in order of first reference.
    pub notes: Vec<Vec<Block>>,
    /// Images left out because their file is not a picture kheo can read.
    pub unreadable: Vec<String>,
}

/// What the conversion needs to resolve links and images.
pub struct Links<'a> {
    /// The site folder.
    pub root: &'a Path,
    /// `base_url` without trailing slash; empty when not set.
    pub base_url: &'a str,
    /// `base_path` of the site: `/` or `/dan-van/`.
    pub base_path: &'a str,
    /// Source path → anchor, for every model in this booklet.
    pub anchors: &'a HashMap<String, String>,
    /// Site path (`mo-hinh/x/`, no leading slash) → anchor, for the same models.
    pub paths: &'a HashMap<String, String>,
    /// Source path → site-relative URL (`/mo-hinh/x/`) of every published file.
    pub urls: &'a HashMap<String, String>,
    /// Raw HTML is trusted by the site (then dropped here rather than shown).
    pub unsafe_html: bool,
}

/// The image extensions every format can show.
const IMAGE_EXTENSIONS: &[&str] = &["png", "jpg", "jpeg", "gif", "svg", "webp"];

/// Converts one Markdown body; `source` is its path relative to the root and
/// `anchor` the booklet anchor of the model (heading ids are prefixed with it).
pub fn convert(markdown: &str, source: &str, anchor: &str, links: &Links<'_>) -> Body {
    let markdown = vi::nfc(markdown);
    let mut b = Builder {
        links,
        source,
        anchor,
        stack: vec![Frame::Blocks(Container::Root, Vec::new(), Vec::new())],
        ids: HashSet::new(),
        definitions: HashMap::new(),
        note_labels: Vec::new(),
        unreadable: Vec::new(),
    };
    for event in Parser::new_ext(&markdown, options()) {
        b.event(event);
    }
    while b.stack.len() > 1 {
        b.close();
    }
    let blocks = match b.stack.pop() {
        Some(Frame::Blocks(_, mut blocks, pending)) => {
            flush(&mut blocks, pending);
            blocks
        }
        _ => Vec::new(),
    };
    let notes = b
        .note_labels
        .iter()
        .map(|l| b.definitions.remove(l).unwrap_or_default())
        .collect();
    Body {
        blocks,
        notes,
        unreadable: b.unreadable,
    }
}

/// Resolves a cover image path given in front matter (relative to the model file).
pub fn cover_image(path: &str, source: &str, anchor: &str, links: &Links<'_>) -> Option<Image> {
    resolve_image(path, source, anchor, links, String::new())
}

enum Container {
    Root,
    Quote,
    Item,
    Note(String),
}

enum InlineKind {
    Para,
    Heading(u8, Option<String>),
    Strong,
    Emph,
    Strike,
    Link(Target),
    Image(String),
    Cell,
}

enum Frame {
    /// Blocks, and inlines not yet wrapped in a paragraph (tight list items).
    Blocks(Container, Vec<Block>, Vec<Inline>),
    List(Option<u64>, Vec<Vec<Block>>),
    Inlines(InlineKind, Vec<Inline>),
    Table {
        aligns: Vec<Align>,
        head: Vec<Vec<Inline>>,
        rows: Vec<Vec<Vec<Inline>>>,
        in_head: bool,
    },
    Row(Vec<Vec<Inline>>),
    Code(String),
    /// Raw HTML of a trusted site: dropped.
    Skip,
}

struct Builder<'a, 'l> {
    links: &'a Links<'l>,
    source: &'a str,
    anchor: &'a str,
    stack: Vec<Frame>,
    ids: HashSet<String>,
    definitions: HashMap<String, Vec<Block>>,
    note_labels: Vec<String>,
    unreadable: Vec<String>,
}

fn flush(blocks: &mut Vec<Block>, pending: Vec<Inline>) {
    if pending
        .iter()
        .any(|i| !matches!(i, Inline::Text(t) if t.trim().is_empty()))
    {
        blocks.push(Block::Para(pending));
    }
}

impl Builder<'_, '_> {
    fn event(&mut self, event: Event<'_>) {
        match event {
            Event::Start(tag) => self.open(tag),
            Event::End(_) => self.close(),
            Event::Text(t) => {
                if let Some(Frame::Code(buf)) = self.stack.last_mut() {
                    buf.push_str(&t);
                } else {
                    self.inline(Inline::Text(t.into_string()));
                }
            }
            Event::Code(t) => self.inline(Inline::Code(t.into_string())),
            Event::Html(h) => {
                // A line of an HTML block: kept as a line of text.
                self.html(h.trim_end_matches('\n'));
                if !self.links.unsafe_html {
                    self.inline(Inline::Break);
                }
            }
            Event::InlineHtml(h) => self.html(&h),
            Event::SoftBreak => self.inline(Inline::Text(" ".into())),
            Event::HardBreak => self.inline(Inline::Break),
            Event::Rule => self.block(Block::Rule),
            Event::FootnoteReference(label) => {
                let label = label.into_string();
                let n = match self.note_labels.iter().position(|l| *l == label) {
                    Some(n) => n,
                    None => {
                        self.note_labels.push(label);
                        self.note_labels.len() - 1
                    }
                };
                self.inline(Inline::Note(n));
            }
            Event::TaskListMarker(done) => {
                self.inline(Inline::Text(if done { "☑ " } else { "☐ " }.into()))
            }
            Event::InlineMath(t) | Event::DisplayMath(t) => {
                self.inline(Inline::Code(t.into_string()))
            }
        }
    }

    fn html(&mut self, html: &str) {
        if html.trim_start().starts_with("<!--") {
            return;
        }
        if !self.links.unsafe_html {
            self.inline(Inline::Text(html.to_owned()));
            return;
        }
        let tag = html.trim().to_ascii_lowercase();
        if tag.starts_with("<br") {
            self.inline(Inline::Break);
        }
    }

    fn open(&mut self, tag: Tag<'_>) {
        let frame = match tag {
            Tag::Paragraph => Frame::Inlines(InlineKind::Para, Vec::new()),
            Tag::Heading { level, id, .. } => Frame::Inlines(
                InlineKind::Heading(level as u8, id.map(|i| i.into_string())),
                Vec::new(),
            ),
            Tag::BlockQuote(_) => Frame::Blocks(Container::Quote, Vec::new(), Vec::new()),
            Tag::CodeBlock(_) => Frame::Code(String::new()),
            Tag::HtmlBlock => {
                // Shown as text (a paragraph of its lines) or dropped.
                if self.links.unsafe_html {
                    Frame::Skip
                } else {
                    Frame::Inlines(InlineKind::Para, Vec::new())
                }
            }
            Tag::List(start) => Frame::List(start, Vec::new()),
            Tag::Item => Frame::Blocks(Container::Item, Vec::new(), Vec::new()),
            Tag::FootnoteDefinition(label) => {
                Frame::Blocks(Container::Note(label.into_string()), Vec::new(), Vec::new())
            }
            Tag::Table(aligns) => Frame::Table {
                aligns: aligns.iter().map(|a| align(*a)).collect(),
                head: Vec::new(),
                rows: Vec::new(),
                in_head: false,
            },
            Tag::TableHead => {
                if let Some(Frame::Table { in_head, .. }) = self.stack.last_mut() {
                    *in_head = true;
                }
                Frame::Row(Vec::new())
            }
            Tag::TableRow => Frame::Row(Vec::new()),
            Tag::TableCell => Frame::Inlines(InlineKind::Cell, Vec::new()),
            Tag::Emphasis => Frame::Inlines(InlineKind::Emph, Vec::new()),
            Tag::Strong => Frame::Inlines(InlineKind::Strong, Vec::new()),
            Tag::Strikethrough => Frame::Inlines(InlineKind::Strike, Vec::new()),
            Tag::Link { dest_url, .. } => {
                Frame::Inlines(InlineKind::Link(self.target(&dest_url)), Vec::new())
            }
            Tag::Image { dest_url, .. } => {
                Frame::Inlines(InlineKind::Image(dest_url.into_string()), Vec::new())
            }
            // Definition lists, superscript and the like are not enabled; keep their text.
            _ => Frame::Inlines(InlineKind::Emph, Vec::new()),
        };
        self.stack.push(frame);
    }

    fn close(&mut self) {
        let Some(frame) = self.stack.pop() else {
            return;
        };
        match frame {
            Frame::Blocks(container, mut blocks, pending) => {
                flush(&mut blocks, pending);
                match container {
                    Container::Root => {
                        self.stack
                            .push(Frame::Blocks(container, blocks, Vec::new()))
                    }
                    Container::Quote => self.block(Block::Quote(blocks)),
                    Container::Item => {
                        if let Some(Frame::List(_, items)) = self.stack.last_mut() {
                            items.push(blocks);
                        }
                    }
                    Container::Note(label) => {
                        self.definitions.insert(label, blocks);
                    }
                }
            }
            Frame::List(start, items) => self.block(Block::List { start, items }),
            Frame::Code(text) => self.block(Block::Code(text.trim_end_matches('\n').to_owned())),
            Frame::Skip => {}
            Frame::Table {
                aligns, head, rows, ..
            } => self.block(Block::Table { aligns, head, rows }),
            Frame::Row(cells) => {
                if let Some(Frame::Table {
                    head,
                    rows,
                    in_head,
                    ..
                }) = self.stack.last_mut()
                {
                    if *in_head {
                        *head = cells;
                        *in_head = false;
                    } else {
                        rows.push(cells);
                    }
                }
            }
            Frame::Inlines(kind, content) => match kind {
                InlineKind::Para => {
                    let mut content = content;
                    while matches!(content.last(), Some(Inline::Break)) {
                        content.pop();
                    }
                    self.block(Block::Para(content))
                }
                InlineKind::Heading(level, id) => {
                    let id = self.heading_id(id, &content);
                    self.block(Block::Heading { level, id, content })
                }
                InlineKind::Strong => self.inline(Inline::Strong(content)),
                InlineKind::Emph => self.inline(Inline::Emph(content)),
                InlineKind::Strike => self.inline(Inline::Strike(content)),
                InlineKind::Link(target) => self.inline(Inline::Link { target, content }),
                InlineKind::Image(dest) => {
                    let alt = plain_text(&content);
                    match resolve_image(&dest, self.source, self.anchor, self.links, alt.clone()) {
                        Some(image) if !is_picture(&image.file) => {
                            self.unreadable.push(dest);
                            if !alt.is_empty() {
                                self.inline(Inline::Emph(vec![Inline::Text(alt)]));
                            }
                        }
                        Some(image) => self.inline(Inline::Image(image)),
                        None if alt.is_empty() => {}
                        None => self.inline(Inline::Emph(vec![Inline::Text(alt)])),
                    }
                }
                InlineKind::Cell => {
                    if let Some(Frame::Row(cells)) = self.stack.last_mut() {
                        cells.push(content);
                    }
                }
            },
        }
    }

    fn inline(&mut self, inline: Inline) {
        match self.stack.last_mut() {
            Some(Frame::Inlines(_, content)) => content.push(inline),
            Some(Frame::Blocks(_, _, pending)) => pending.push(inline),
            Some(Frame::Code(buf)) => {
                if let Inline::Text(t) = inline {
                    buf.push_str(&t);
                }
            }
            _ => {}
        }
    }

    fn block(&mut self, block: Block) {
        if let Some(Frame::Blocks(_, blocks, pending)) = self.stack.last_mut() {
            flush(blocks, std::mem::take(pending));
            blocks.push(block);
        }
    }

    fn heading_id(&mut self, given: Option<String>, content: &[Inline]) -> String {
        // A given id is slugified too: the id becomes a typst label.
        let base = given
            .map(|g| vi::slugify(&g))
            .filter(|s| !s.is_empty())
            .unwrap_or_else(|| heading_slug(&plain_text(content)));
        format!("{}--{}", self.anchor, unique_id(&base, &mut self.ids))
    }

    fn target(&self, dest: &str) -> Target {
        let links = self.links;
        if let Some(fragment) = dest.strip_prefix('#') {
            return Target::Anchor(format!("{}--{}", self.anchor, vi::slugify(fragment)));
        }
        if dest.starts_with("//") || has_scheme(dest) {
            return Target::Url(dest.to_owned());
        }
        let (path, suffix) = match dest.find(['#', '?']) {
            Some(i) => (&dest[..i], &dest[i..]),
            None => (dest, ""),
        };
        let path = percent_decode(path);
        let absolute = |site_path: &str| {
            if links.base_url.is_empty() {
                Target::None
            } else {
                Target::Url(format!("{}/{site_path}{suffix}", links.base_url))
            }
        };
        if let Some(site_path) = path.strip_prefix('/') {
            let base = links.base_path.trim_start_matches('/');
            let rel = site_path.strip_prefix(base).unwrap_or(site_path);
            let key = if rel.ends_with('/') || rel.is_empty() {
                rel.to_owned()
            } else {
                format!("{rel}/")
            };
            return match links.paths.get(&key) {
                Some(anchor) => Target::Anchor(anchor.clone()),
                None => absolute(rel),
            };
        }
        let from = Path::new(self.source).parent().unwrap_or(Path::new(""));
        let Some(target) = normalize(&from.join(&path)) else {
            return Target::None;
        };
        let target = target.to_string_lossy().replace('\\', "/");
        if let Some(anchor) = links.anchors.get(&target) {
            return Target::Anchor(anchor.clone());
        }
        match links.urls.get(&target) {
            Some(url) => absolute(url.trim_start_matches('/')),
            None => Target::None,
        }
    }
}

fn align(a: Alignment) -> Align {
    match a {
        Alignment::None => Align::None,
        Alignment::Left => Align::Left,
        Alignment::Center => Align::Center,
        Alignment::Right => Align::Right,
    }
}

/// An image path relative to a model file, when the file exists and every format can show it.
fn resolve_image(
    dest: &str,
    source: &str,
    anchor: &str,
    links: &Links<'_>,
    alt: String,
) -> Option<Image> {
    if dest.starts_with("//") || dest.starts_with('/') || has_scheme(dest) {
        return None;
    }
    let path = percent_decode(dest.split(['#', '?']).next().unwrap_or(""));
    let from = Path::new(source).parent().unwrap_or(Path::new(""));
    let target = normalize(&from.join(&path))?;
    let ext = target.extension()?.to_str()?.to_ascii_lowercase();
    if !IMAGE_EXTENSIONS.contains(&ext.as_str()) {
        return None;
    }
    let file = links.root.join(&target);
    if !target.starts_with("content") || !file.is_file() {
        return None;
    }
    // A name safe in every format: the model's slug, then the path slugified.
    let rel = normalize(Path::new(&path))?.with_extension("");
    let stem = vi::slugify(&rel.to_string_lossy());
    let name = format!("{}/{stem}.{ext}", anchor.trim_start_matches("m-"));
    Some(Image { file, name, alt })
}

/// Whether a file starts like a PNG, JPEG, GIF, WebP or SVG image.
pub fn is_picture(file: &Path) -> bool {
    use std::io::Read;
    let mut head = [0u8; 512];
    let n = std::fs::File::open(file)
        .and_then(|mut f| f.read(&mut head))
        .unwrap_or(0);
    let head = &head[..n];
    (head.starts_with(b"\x89PNG\r\n\x1a\n") && head.get(12..16) == Some(b"IHDR"))
        || head.starts_with(&[0xFF, 0xD8, 0xFF])
        || head.starts_with(b"GIF87a")
        || head.starts_with(b"GIF89a")
        || (head.starts_with(b"RIFF") && head.get(8..12) == Some(b"WEBP"))
        || String::from_utf8_lossy(head).contains("<svg")
}

/// The text of inlines, without markup.
pub fn plain_text(inlines: &[Inline]) -> String {
    let mut out = String::new();
    fn walk(inlines: &[Inline], out: &mut String) {
        for i in inlines {
            match i {
                Inline::Text(t) | Inline::Code(t) => out.push_str(t),
                Inline::Strong(c) | Inline::Emph(c) | Inline::Strike(c) => walk(c, out),
                Inline::Link { content, .. } => walk(content, out),
                Inline::Image(img) => out.push_str(&img.alt),
                Inline::Break => out.push(' '),
                Inline::Note(_) => {}
            }
        }
    }
    walk(inlines, &mut out);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn links_for(root: &Path) -> (HashMap<String, String>, HashMap<String, String>) {
        let _ = root;
        let mut anchors = HashMap::new();
        anchors.insert("content/models/b.md".to_owned(), "m-b".to_owned());
        let mut urls = HashMap::new();
        urls.insert("content/models/c.md".to_owned(), "/mo-hinh/c/".to_owned());
        (anchors, urls)
    }

    fn conv(md: &str, base_url: &str, unsafe_html: bool) -> Body {
        let root = Path::new("/nonexistent");
        let (anchors, urls) = links_for(root);
        let mut paths = HashMap::new();
        paths.insert("mo-hinh/b/".to_owned(), "m-b".to_owned());
        let links = Links {
            root,
            base_url,
            base_path: "/",
            anchors: &anchors,
            paths: &paths,
            urls: &urls,
            unsafe_html,
        };
        convert(md, "content/models/a.md", "m-a", &links)
    }

    fn text(s: &str) -> Inline {
        Inline::Text(s.to_owned())
    }

    #[test]
    fn paragraphs_and_emphasis() {
        let b = conv("Một **hai** _ba_", "", false);
        assert_eq!(
            b.blocks,
            [Block::Para(vec![
                text("Một "),
                Inline::Strong(vec![text("hai")]),
                text(" "),
                Inline::Emph(vec![text("ba")])
            ])]
        );
    }

    #[test]
    fn nfd_input_becomes_nfc() {
        let b = conv("Đa\u{300}", "", false);
        assert_eq!(b.blocks, [Block::Para(vec![text("Đà")])]);
    }

    #[test]
    fn links_resolve_to_anchors_urls_or_nothing() {
        let b = conv(
            "[b](b.md) [c](c.md) [x](/mo-hinh/b/) [w](https://x.vn) [h](#ket-qua)",
            "https://s.vn",
            false,
        );
        let Block::Para(inl) = &b.blocks[0] else {
            panic!("a paragraph")
        };
        let targets: Vec<&Target> = inl
            .iter()
            .filter_map(|i| match i {
                Inline::Link { target, .. } => Some(target),
                _ => None,
            })
            .collect();
        assert_eq!(
            targets,
            [
                &Target::Anchor("m-b".into()),
                &Target::Url("https://s.vn/mo-hinh/c/".into()),
                &Target::Anchor("m-b".into()),
                &Target::Url("https://x.vn".into()),
                &Target::Anchor("m-a--ket-qua".into()),
            ]
        );
        let b = conv("[c](c.md)", "", false);
        assert!(matches!(
            &b.blocks[0],
            Block::Para(i) if matches!(&i[0], Inline::Link { target: Target::None, .. })
        ));
    }

    #[test]
    fn heading_ids_are_prefixed_and_unique() {
        let b = conv("## Kết quả\n\n## Kết quả\n", "", false);
        let ids: Vec<&str> = b
            .blocks
            .iter()
            .filter_map(|bl| match bl {
                Block::Heading { id, .. } => Some(id.as_str()),
                _ => None,
            })
            .collect();
        assert_eq!(ids, ["m-a--ket-qua", "m-a--ket-qua-1"]);
    }

    #[test]
    fn raw_html_is_text_or_dropped() {
        let b = conv("a <b>x</b>\n\n<div>khối</div>\n", "", false);
        let all = format!("{b:?}");
        assert!(
            all.contains("<b>") && all.contains("<div>khối</div>"),
            "{all}"
        );
        let b = conv("a<br>b <span>x</span>", "", true);
        assert_eq!(
            b.blocks,
            [Block::Para(vec![
                text("a"),
                Inline::Break,
                text("b "),
                text("x")
            ])]
        );
    }

    #[test]
    fn tight_lists_tables_and_footnotes() {
        let md = "- một\n- hai[^1]\n\n| A | B |\n|:--|--:|\n| 1 | 2 |\n\n[^1]: Chú thích.\n";
        let b = conv(md, "", false);
        assert!(matches!(&b.blocks[0], Block::List { start: None, items } if items.len() == 2));
        assert!(matches!(
            &b.blocks[1],
            Block::Table { aligns, rows, .. } if aligns == &[Align::Left, Align::Right] && rows.len() == 1
        ));
        assert_eq!(b.notes, [vec![Block::Para(vec![text("Chú thích.")])]]);
    }

    #[test]
    fn missing_image_keeps_its_description() {
        let b = conv("![Hội nghị](khong-co.jpg)", "", false);
        assert_eq!(
            b.blocks,
            [Block::Para(vec![Inline::Emph(vec![text("Hội nghị")])])]
        );
    }
}
