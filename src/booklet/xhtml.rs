//! The booklet tree as XHTML, shared by the EPUB (one file per chapter) and
//! the print page (one page for the whole book). Every id is the anchor the
//! tree gave it, unique across the book; links to anchors go through
//! [`Refs::href`], so the EPUB can point into another chapter's file.
//! The output is well-formed XML: only `&amp; &lt; &gt; &quot;` entities,
//! void elements closed.

use std::fmt::Write;

use super::doc::{Align, Block, Body, Image, Inline, Target};
use super::{Booklet, Entry};

/// How a format refers to anchors and images.
pub trait Refs {
    /// The `href` of an anchor, or None when the book does not hold it.
    fn href(&self, anchor: &str) -> Option<String>;
    /// The `src` of an image.
    fn src(&self, image: &Image) -> String;
}

/// Escapes text for XML content and attribute values.
pub fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            // XML 1.0 forbids most control characters, even escaped.
            c if c.is_control() && !matches!(c, '\n' | '\t') => {}
            c => out.push(c),
        }
    }
    out
}

/// The opening of a model: its title (`h_level`), facts and cover image.
pub fn entry_head(b: &Booklet<'_>, e: &Entry, h_level: u8, refs: &dyn Refs) -> String {
    let m = &b.index.models[e.model];
    let mut out = String::new();
    let _ = writeln!(
        out,
        "<h{h_level} id=\"{}\" class=\"model-title\">{}</h{h_level}>",
        e.anchor,
        escape(&m.title)
    );
    out.push_str("<p class=\"bk-facts\">");
    for (i, (k, v)) in b.facts(e.model).iter().enumerate() {
        if i > 0 {
            out.push_str(" · ");
        }
        let _ = write!(out, "<b>{}:</b> {}", escape(k), escape(v));
    }
    out.push_str("</p>\n");
    if let Some(img) = &e.cover {
        let _ = writeln!(
            out,
            "<p class=\"cover-image\"><img src=\"{}\" alt=\"{}\" /></p>",
            escape(&refs.src(img)),
            escape(&img.alt)
        );
    }
    out
}

/// A body as XHTML; its headings start at `h_level` (a model's own h1/h2
/// become `h_level`, deeper ones `h_level + 1`), its footnotes follow it.
pub fn body(body: &Body, prefix: &str, h_level: u8, refs: &dyn Refs) -> String {
    let mut w = Writer {
        out: String::new(),
        refs,
        notes: &body.notes,
        prefix,
        h_level,
    };
    w.blocks(&body.blocks);
    if !body.notes.is_empty() {
        w.out
            .push_str("<section class=\"footnotes\" role=\"doc-endnotes\">\n<ol>\n");
        for (n, note) in body.notes.iter().enumerate() {
            let _ = write!(w.out, "<li id=\"{prefix}--fn-{}\">", n + 1);
            w.blocks(note);
            let _ = writeln!(
                w.out,
                " <a href=\"#{prefix}--ref-{}\" role=\"doc-backlink\">↩</a></li>",
                n + 1
            );
        }
        w.out.push_str("</ol>\n</section>\n");
    }
    w.out
}

struct Writer<'a> {
    out: String,
    refs: &'a dyn Refs,
    notes: &'a [Vec<Block>],
    prefix: &'a str,
    h_level: u8,
}

impl Writer<'_> {
    fn blocks(&mut self, blocks: &[Block]) {
        for b in blocks {
            self.block(b);
        }
    }

    fn block(&mut self, block: &Block) {
        match block {
            Block::Para(inlines) => {
                self.out.push_str("<p>");
                self.inlines(inlines);
                self.out.push_str("</p>\n");
            }
            Block::Heading { level, id, content } => {
                let h = (if *level <= 2 {
                    self.h_level
                } else {
                    self.h_level + 1
                })
                .min(6);
                let _ = write!(self.out, "<h{h} id=\"{id}\">");
                self.inlines(content);
                let _ = writeln!(self.out, "</h{h}>");
            }
            Block::List { start, items } => {
                let tag = match start {
                    Some(1) => {
                        self.out.push_str("<ol>\n");
                        "ol"
                    }
                    Some(n) => {
                        let _ = writeln!(self.out, "<ol start=\"{n}\">");
                        "ol"
                    }
                    None => {
                        self.out.push_str("<ul>\n");
                        "ul"
                    }
                };
                for item in items {
                    self.out.push_str("<li>");
                    // A tight item is one paragraph: no <p> inside.
                    match item.as_slice() {
                        [Block::Para(inlines)] => self.inlines(inlines),
                        _ => self.blocks(item),
                    }
                    self.out.push_str("</li>\n");
                }
                let _ = writeln!(self.out, "</{tag}>");
            }
            Block::Quote(blocks) => {
                self.out.push_str("<blockquote>\n");
                self.blocks(blocks);
                self.out.push_str("</blockquote>\n");
            }
            Block::Code(text) => {
                let _ = writeln!(self.out, "<pre><code>{}</code></pre>", escape(text));
            }
            Block::Table { aligns, head, rows } => {
                self.out.push_str("<table>\n");
                let style = |c: usize| match aligns.get(c) {
                    Some(Align::Center) => " class=\"center\"",
                    Some(Align::Right) => " class=\"right\"",
                    _ => "",
                };
                if !head.is_empty() {
                    self.out.push_str("<thead><tr>");
                    for (c, cell) in head.iter().enumerate() {
                        let _ = write!(self.out, "<th{}>", style(c));
                        self.inlines(cell);
                        self.out.push_str("</th>");
                    }
                    self.out.push_str("</tr></thead>\n");
                }
                self.out.push_str("<tbody>\n");
                for row in rows {
                    self.out.push_str("<tr>");
                    for (c, cell) in row.iter().enumerate() {
                        let _ = write!(self.out, "<td{}>", style(c));
                        self.inlines(cell);
                        self.out.push_str("</td>");
                    }
                    self.out.push_str("</tr>\n");
                }
                self.out.push_str("</tbody>\n</table>\n");
            }
            Block::Rule => self.out.push_str("<hr />\n"),
        }
    }

    fn inlines(&mut self, inlines: &[Inline]) {
        for i in inlines {
            self.inline(i);
        }
    }

    fn wrapped(&mut self, tag: &str, content: &[Inline]) {
        let _ = write!(self.out, "<{tag}>");
        self.inlines(content);
        let _ = write!(self.out, "</{tag}>");
    }

    fn inline(&mut self, inline: &Inline) {
        match inline {
            Inline::Text(t) => self.out.push_str(&escape(t)),
            Inline::Code(t) => {
                let _ = write!(self.out, "<code>{}</code>", escape(t));
            }
            Inline::Strong(c) => self.wrapped("strong", c),
            Inline::Emph(c) => self.wrapped("em", c),
            Inline::Strike(c) => self.wrapped("del", c),
            Inline::Link { target, content } => {
                let href = match target {
                    Target::Anchor(a) => self.refs.href(a),
                    Target::Url(u) => Some(u.clone()),
                    Target::None => None,
                };
                match href {
                    Some(h) => {
                        let _ = write!(self.out, "<a href=\"{}\">", escape(&h));
                        self.inlines(content);
                        self.out.push_str("</a>");
                    }
                    None => self.inlines(content),
                }
            }
            Inline::Image(img) => {
                let _ = write!(
                    self.out,
                    "<img src=\"{}\" alt=\"{}\" />",
                    escape(&self.refs.src(img)),
                    escape(&img.alt)
                );
            }
            Inline::Break => self.out.push_str("<br />"),
            Inline::Note(n) => {
                let n = n + 1;
                let _ = write!(
                    self.out,
                    "<sup><a id=\"{p}--ref-{n}\" href=\"#{p}--fn-{n}\" role=\"doc-noteref\">{n}</a></sup>",
                    p = self.prefix
                );
            }
        }
        let _ = self.notes;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    struct Plain;
    impl Refs for Plain {
        fn href(&self, anchor: &str) -> Option<String> {
            (anchor == "m-b").then(|| format!("#{anchor}"))
        }
        fn src(&self, image: &Image) -> String {
            image.name.clone()
        }
    }

    #[test]
    fn escapes_and_resolves() {
        let body = Body {
            blocks: vec![Block::Para(vec![
                Inline::Text("a < b & \"c\"".into()),
                Inline::Link {
                    target: Target::Anchor("m-b".into()),
                    content: vec![Inline::Text("B".into())],
                },
                Inline::Link {
                    target: Target::Anchor("m-x".into()),
                    content: vec![Inline::Text("X".into())],
                },
                Inline::Note(0),
            ])],
            notes: vec![vec![Block::Para(vec![Inline::Text("ghi chú".into())])]],
            unreadable: Vec::new(),
        };
        let html = body_html(&body);
        assert!(
            html.starts_with("<p>a &lt; b &amp; &quot;c&quot;<a href=\"#m-b\">B</a>X<sup>"),
            "{html}"
        );
        assert!(html.contains("id=\"m-a--fn-1\""), "{html}");
    }

    fn body_html(b: &Body) -> String {
        body(b, "m-a", 3, &Plain)
    }
}
