//! The booklet as typst markup (`main.typ`), calling the layout functions of
//! `templates/booklet.typ`.
//!
//! Every text that comes from the site is written as a typst string literal
//! (`#"…";`), never as markup, so `#`, `*`, `$`, `@`, `_`, `<` or `//` in a
//! write-up print as themselves and cannot inject code. Labels are built
//! only from slugs (`a–z`, `0–9`, `-`), and a link to an anchor that the
//! book does not hold is written as its text alone.

use std::collections::HashSet;
use std::fmt::Write;

use super::doc::{Align, Block, Body, Inline, Target};
use super::{Booklet, Entry};

/// The virtual path of the layout template inside the typst world.
pub const TEMPLATE_PATH: &str = "/booklet.typ";
/// The folder of images inside the typst world.
pub const IMAGE_DIR: &str = "/img/";

/// Writes `s` as a typst string literal.
pub fn string(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            c if c.is_control() => {
                let _ = write!(out, "\\u{{{:x}}}", c as u32);
            }
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// An optional string: a literal or `none`.
fn opt(s: Option<&str>) -> String {
    s.map_or_else(|| "none".to_owned(), string)
}

/// A document of the cover page alone.
pub fn cover(b: &Booklet<'_>) -> String {
    let mut out = String::new();
    preamble(&mut out, b);
    out
}

/// The import of the template, the metadata, the cover and the page counter.
fn preamble(out: &mut String, b: &Booklet<'_>) {
    let date = b.date;
    let keywords: Vec<String> = b.chapters.iter().map(|c| string(&c.title)).collect();
    let _ = write!(
        out,
        "#import {}: *\n#let meta = (title: {}, subtitle: {}, volume: {}, publisher: {}, imprint: {}, paper: {}, date: datetime(year: {}, month: {}, day: {}), keywords: ({}))\n#show: booklet.with(meta)\n#cover(meta)\n",
        string(TEMPLATE_PATH),
        string(&b.full_title()),
        opt(b.settings.subtitle.as_deref()),
        opt(b.volume.as_deref()),
        opt(b.settings.publisher.as_deref()),
        string(&b.imprint()),
        string(b.settings.paper.name()),
        date.year(),
        date.month(),
        date.day(),
        keywords.iter().map(|k| format!("{k},")).collect::<String>(),
    );
}

/// The whole `main.typ` of a volume.
pub fn main(b: &Booklet<'_>) -> String {
    let s = b.strings;
    let mut w = Writer {
        out: String::with_capacity(16 * 1024 * b.count.max(1)),
        labels: &b.anchors,
    };
    preamble(&mut w.out, b);
    w.out.push_str("#front()\n");
    if let Some(f) = &b.foreword {
        let _ = writeln!(
            w.out,
            "#chapter-break()\n#heading(level: 1, {}) <loi-gioi-thieu>\n",
            string(&f.title)
        );
        w.body(&f.body);
    }
    let _ = writeln!(w.out, "#contents({})\n", string(&s.get("booklet_contents")));
    for ch in &b.chapters {
        let _ = writeln!(
            w.out,
            "#chapter-break()\n#heading(level: 1, {}) <{}>\n",
            string(&ch.title),
            ch.anchor
        );
        for e in &ch.entries {
            w.entry(b, e);
        }
    }
    if !b.units.is_empty() {
        w.out.push_str("#unit-index(");
        w.out.push_str(&string(&s.get("booklet_unit_index")));
        w.out.push_str(", (\n");
        for u in &b.units {
            let _ = write!(w.out, "  (name: {}, models: (", string(&u.name));
            for (anchor, title) in &u.models {
                let _ = write!(w.out, "(target: <{anchor}>, title: {}),", string(title));
            }
            w.out.push_str(")),\n");
        }
        w.out.push_str("))\n\n");
    }
    let lines: Vec<String> = b.colophon().iter().map(|l| string(l)).collect();
    let _ = writeln!(
        w.out,
        "#colophon({}, ({},))",
        string(&s.get("booklet_colophon")),
        lines.join(", ")
    );
    w.out
}

struct Writer<'a> {
    out: String,
    labels: &'a HashSet<String>,
}

impl Writer<'_> {
    fn entry(&mut self, b: &Booklet<'_>, e: &Entry) {
        let m = &b.index.models[e.model];
        let _ = writeln!(
            self.out,
            "#heading(level: 2, {}) <{}>",
            string(&m.title),
            e.anchor
        );
        let facts: Vec<String> = b
            .facts(e.model)
            .iter()
            .map(|(k, v)| format!("({}, {})", string(k), string(v)))
            .collect();
        let _ = writeln!(self.out, "#facts(({},))", facts.join(", "));
        if let Some(img) = &e.cover {
            let _ = writeln!(
                self.out,
                "#cover-image({}, {})",
                string(&format!("{IMAGE_DIR}{}", img.name)),
                string(&img.alt)
            );
        }
        self.out.push('\n');
        self.body(&e.body);
    }

    fn body(&mut self, body: &Body) {
        for block in &body.blocks {
            self.block(block, &body.notes);
        }
    }

    fn blocks(&mut self, blocks: &[Block], notes: &[Vec<Block>]) {
        for block in blocks {
            self.block(block, notes);
        }
    }

    fn block(&mut self, block: &Block, notes: &[Vec<Block>]) {
        match block {
            Block::Para(inlines) => {
                self.inlines(inlines, notes);
                self.out.push_str("\n\n");
            }
            Block::Heading { level, id, content } => {
                let level = if *level <= 2 { 3 } else { 4 };
                let _ = write!(
                    self.out,
                    "#heading(level: {level}, outlined: false, bookmarked: false)["
                );
                self.inlines(content, notes);
                let _ = write!(self.out, "] <{id}>\n\n");
            }
            Block::List { start, items } => {
                match start {
                    Some(n) => {
                        let _ = write!(self.out, "#enum(start: {n}");
                    }
                    None => self.out.push_str("#list("),
                }
                for (i, item) in items.iter().enumerate() {
                    if i > 0 || start.is_some() {
                        self.out.push_str(", ");
                    }
                    self.out.push('[');
                    self.blocks(item, notes);
                    trim_end(&mut self.out);
                    self.out.push(']');
                }
                self.out.push_str(")\n\n");
            }
            Block::Quote(blocks) => {
                self.out.push_str("#quote(block: true)[");
                self.blocks(blocks, notes);
                trim_end(&mut self.out);
                self.out.push_str("]\n\n");
            }
            Block::Code(text) => {
                let _ = write!(self.out, "#raw(block: true, {})\n\n", string(text));
            }
            Block::Table { aligns, head, rows } => {
                let columns = aligns
                    .len()
                    .max(head.len())
                    .max(rows.iter().map(Vec::len).max().unwrap_or(0))
                    .max(1);
                let align: Vec<&str> = (0..columns)
                    .map(|c| match aligns.get(c) {
                        Some(Align::Center) => "center",
                        Some(Align::Right) => "right",
                        _ => "left",
                    })
                    .collect();
                let _ = write!(
                    self.out,
                    "#table(columns: {columns}, align: ({},)",
                    align.join(", ")
                );
                if !head.is_empty() {
                    self.out.push_str(", table.header(");
                    self.cells(head, columns, notes, true);
                    self.out.push(')');
                }
                for row in rows {
                    self.cells(row, columns, notes, false);
                }
                self.out.push_str(")\n\n");
            }
            Block::Rule => self.out.push_str("#divider()\n\n"),
        }
    }

    /// A row of cells, padded to `columns`.
    fn cells(&mut self, row: &[Vec<Inline>], columns: usize, notes: &[Vec<Block>], head: bool) {
        for c in 0..columns {
            if !(head && c == 0) {
                self.out.push_str(", ");
            }
            self.out.push_str(if head { "strong[" } else { "[" });
            if let Some(cell) = row.get(c) {
                self.inlines(cell, notes);
            }
            self.out.push(']');
        }
    }

    fn inlines(&mut self, inlines: &[Inline], notes: &[Vec<Block>]) {
        for inline in inlines {
            self.inline(inline, notes);
        }
    }

    fn inline(&mut self, inline: &Inline, notes: &[Vec<Block>]) {
        match inline {
            Inline::Text(t) => {
                self.out.push('#');
                self.out.push_str(&string(t));
                self.out.push(';');
            }
            Inline::Code(t) => {
                let _ = write!(self.out, "#raw({});", string(t));
            }
            Inline::Strong(c) => self.wrapped("strong", c, notes),
            Inline::Emph(c) => self.wrapped("emph", c, notes),
            Inline::Strike(c) => self.wrapped("strike", c, notes),
            Inline::Link { target, content } => match target {
                Target::Anchor(a) if self.labels.contains(a) => {
                    let _ = write!(self.out, "#link(<{a}>)[");
                    self.inlines(content, notes);
                    self.out.push(']');
                }
                Target::Url(u) => {
                    let _ = write!(self.out, "#link({})[", string(u));
                    self.inlines(content, notes);
                    self.out.push(']');
                }
                _ => self.inlines(content, notes),
            },
            Inline::Image(img) => {
                let _ = write!(
                    self.out,
                    "#picture({}, {});",
                    string(&format!("{IMAGE_DIR}{}", img.name)),
                    string(&img.alt)
                );
            }
            Inline::Break => self.out.push_str("#linebreak();"),
            Inline::Note(n) => {
                self.out.push_str("#footnote[");
                if let Some(note) = notes.get(*n) {
                    self.blocks(note, notes);
                    trim_end(&mut self.out);
                }
                self.out.push(']');
            }
        }
    }

    fn wrapped(&mut self, func: &str, content: &[Inline], notes: &[Vec<Block>]) {
        self.out.push('#');
        self.out.push_str(func);
        self.out.push('[');
        self.inlines(content, notes);
        self.out.push(']');
    }
}

fn trim_end(s: &mut String) {
    while s.ends_with('\n') {
        s.pop();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn strings_escape_quotes_backslashes_and_controls() {
        assert_eq!(string("a\"b\\c"), "\"a\\\"b\\\\c\"");
        assert_eq!(string("x\ny\u{7}"), "\"x\\ny\\u{7}\"");
        assert_eq!(string("#*$@_<a>//"), "\"#*$@_<a>//\"");
    }
}
