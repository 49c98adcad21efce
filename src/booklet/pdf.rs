//! The booklet PDF: typst compiles `main.typ` with the layout template, and
//! typst-pdf writes it with embedded subset fonts, the outline (bookmarks)
//! of chapters and models, links and metadata.
//!
//! A typst warning is an error here: an unknown font or a missing glyph is
//! only a warning to typst, but it prints as a blank or a wrong letter.
//! Errors in the template name the template file and line; errors in the
//! generated markup would be kheo's bug, and say so.

use std::path::PathBuf;

use typst::WorldExt;
use typst::diag::{Severity, SourceDiagnostic};
use typst_layout::PagedDocument;

use super::Booklet;
use super::markup::{self, IMAGE_DIR};
use super::world::BookletWorld;
use crate::diagnostic::{Diagnostic, Pos};

/// The template's text and the file it came from (for messages).
pub struct Template {
    /// Its typst source.
    pub text: String,
    /// `templates/booklet.typ`, `themes/x/templates/booklet.typ`, or the built-in one.
    pub origin: String,
}

/// What a compilation produced.
pub struct Pdf {
    /// The file.
    pub bytes: Vec<u8>,
    /// Number of pages.
    pub pages: usize,
}

/// Typesets one volume.
pub fn write(b: &Booklet<'_>, template: &Template) -> Result<Pdf, Vec<Diagnostic>> {
    let images: Vec<(String, PathBuf)> = b
        .images()
        .into_iter()
        .map(|img| (format!("{IMAGE_DIR}{}", img.name), img.file.clone()))
        .collect();
    let world = BookletWorld::new(markup::main(b), template.text.clone(), images, b.date);
    let document = compile(&world, template)?;
    let pages = document.pages().len();
    let options = typst_pdf::PdfOptions {
        ident: typst::foundations::Smart::Custom(format!("kheo/{}", b.slug)),
        creator: typst::foundations::Smart::Custom(Some(format!(
            "kheo {}",
            env!("CARGO_PKG_VERSION")
        ))),
        ..Default::default()
    };
    let pdf = typst_pdf::pdf(&document, &options);
    // typst memoises layout across compilations; a build of several volumes
    // (or `kheo serve`) must not keep one volume's cache while typesetting the next.
    drop(document);
    typst::comemo::evict(0);
    match pdf {
        Ok(bytes) => Ok(Pdf { bytes, pages }),
        Err(errors) => Err(errors
            .iter()
            .map(|e| diagnostic(&world, e, template))
            .collect()),
    }
}

/// The cover page alone, as SVG (text drawn as paths), for the EPUB.
pub fn cover_svg(b: &Booklet<'_>, template: &Template) -> Result<String, Vec<Diagnostic>> {
    let world = BookletWorld::new(markup::cover(b), template.text.clone(), Vec::new(), b.date);
    let document = compile(&world, template)?;
    let page = document.pages().first().ok_or_else(|| {
        vec![Diagnostic::error(
            "the booklet template made no cover page",
            "mẫu sổ tay không tạo ra trang bìa nào",
        )]
    })?;
    let svg = typst_svg::svg(page, &typst_svg::SvgOptions::default());
    drop(document);
    typst::comemo::evict(0);
    Ok(svg)
}

/// Compiles a world; any warning is an error.
fn compile(world: &BookletWorld, template: &Template) -> Result<PagedDocument, Vec<Diagnostic>> {
    let result = typst::compile::<PagedDocument>(world);
    let mut problems: Vec<Diagnostic> = result
        .warnings
        .iter()
        .map(|w| diagnostic(world, w, template))
        .collect();
    match result.output {
        Ok(document) if problems.is_empty() => Ok(document),
        Ok(_) => Err(problems),
        Err(errors) => {
            problems.extend(errors.iter().map(|e| diagnostic(world, e, template)));
            Err(problems)
        }
    }
}

/// A typst diagnostic as kheo's: in the template when it points there, else a bug report.
fn diagnostic(world: &BookletWorld, d: &SourceDiagnostic, template: &Template) -> Diagnostic {
    let (what, what_vi) = match d.severity {
        Severity::Error => ("error", "lỗi"),
        Severity::Warning => ("warning", "cảnh báo"),
    };
    let mut message = format!("booklet typesetting {what}: {}", d.message);
    // typst's own words are kept after a Vietnamese lead.
    let mut message_vi = format!("{what_vi} khi dàn trang sổ tay: {}", d.message);
    let span = d.span;
    let in_template = span.id() == Some(world.template_source().id());
    let in_main = span.id() == Some(world.main_source().id());
    let mut out = if in_template {
        let text = world.template_source().text();
        let pos = world
            .range(span)
            .map(|r| Pos::of_offset(text, r.start.min(text.len()), 1));
        let (hint, hint_vi) = if d.message.contains("image") {
            (
                "a picture of a model could not be read: open it in an image editor and save it again as PNG or JPEG",
                "không đọc được một ảnh của mô hình: hãy mở ảnh bằng một phần mềm sửa ảnh rồi lưu lại dưới dạng PNG hoặc JPEG",
            )
        } else {
            (
                "fix the booklet template; the typst documentation is at typst.app/docs",
                "hãy sửa mẫu sổ tay (hoặc nhờ người phụ trách kỹ thuật); tài liệu về typst có ở typst.app/docs",
            )
        };
        Diagnostic::error(message, message_vi)
            .in_file(&template.origin)
            .at_pos(pos)
            .hint(hint, hint_vi)
    } else {
        if in_main && let Some(r) = world.range(span) {
            let text = world.main_source().text();
            let start = r.start.min(text.len());
            let line_start = text[..start].rfind('\n').map_or(0, |i| i + 1);
            let line_end = text[start..].find('\n').map_or(text.len(), |i| start + i);
            let line: String = text[line_start..line_end].chars().take(160).collect();
            message.push_str(&format!(" (in generated markup: `{line}`)"));
            message_vi.push_str(&format!(" (trong mã kheo tạo ra: `{line}`)"));
        }
        Diagnostic::error(message, message_vi).hint(
            "this is a problem in kheo itself, or in a model's text it did not expect; please report it with the model file",
            "đây là lỗi của chính kheo, hoặc do một đoạn trong bài mô hình mà kheo chưa lường trước; hãy báo lỗi này cho người phụ trách kỹ thuật, kèm theo tệp mô hình",
        )
    };
    for h in &d.hints {
        out = out.note(format!("typst: {}", h.v), format!("typst: {}", h.v));
    }
    out
}
