//! The site's content: finding the Markdown files under `content/` and
//! loading each into a [`Model`] or [`Page`].
//!
//! 1. [`discover`] walks `content/models/**/*.md`, `content/pages/*.md` and
//!    `content/_index.md`, skipping hidden files and editor backups.
//! 2. [`load`] reads, decodes and splits every file in parallel and checks
//!    its front matter, collecting every diagnostic rather than stopping at
//!    the first.

pub mod fields;
pub mod frontmatter;
pub mod model;

use std::path::{Path, PathBuf};

use rayon::prelude::*;
use walkdir::WalkDir;

use crate::diagnostic::Diagnostic;
pub use model::{Model, Page};

/// The kinds of content file.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// `content/models/**/*.md`.
    Model,
    /// `content/pages/*.md`.
    Page,
    /// `content/_index.md`.
    Home,
}

/// A content file found on disk.
#[derive(Debug, Clone)]
pub struct SourceFile {
    /// Absolute (or root-joined) path.
    pub path: PathBuf,
    /// Path relative to the site root, with `/`.
    pub rel: String,
    /// What it holds.
    pub kind: Kind,
}

/// Everything loaded from `content/`.
#[derive(Debug, Default)]
pub struct Content {
    /// Models, in discovery order.
    pub models: Vec<Model>,
    /// Static pages.
    pub pages: Vec<Page>,
    /// The home intro.
    pub home: Option<Page>,
}

/// Whether a file or folder name is hidden or an editor's backup.
pub fn is_ignored_name(name: &str) -> bool {
    name.starts_with('.') || name.ends_with('~') || name.ends_with(".swp") || name.ends_with(".tmp")
}

/// Finds every content file under `root/content`, sorted by path.
pub fn discover(root: &Path) -> Result<Vec<SourceFile>, Diagnostic> {
    let content = root.join("content");
    if !content.is_dir() {
        return Err(Diagnostic::error(format!(
            "no `content/` folder in `{}`",
            root.display()
        ))
        .hint("run kheo in a site folder, pass `--root DIR`, or create a site with `kheo init DIR`"));
    }
    let mut files = Vec::new();
    let home = content.join("_index.md");
    if home.is_file() {
        files.push(source(root, home, Kind::Home));
    }
    files.extend(walk(
        root,
        &content.join("models"),
        usize::MAX,
        Kind::Model,
    )?);
    files.extend(walk(root, &content.join("pages"), 1, Kind::Page)?);
    Ok(files)
}

fn walk(root: &Path, dir: &Path, depth: usize, kind: Kind) -> Result<Vec<SourceFile>, Diagnostic> {
    if !dir.is_dir() {
        return Ok(Vec::new());
    }
    let mut out = Vec::new();
    let walker = WalkDir::new(dir)
        .max_depth(depth)
        .sort_by_file_name()
        .into_iter()
        .filter_entry(|e| e.depth() == 0 || !is_ignored_name(&e.file_name().to_string_lossy()));
    for entry in walker {
        let entry = entry.map_err(|e| {
            Diagnostic::error(format!("cannot read a content folder: {e}"))
                .in_file(relative(root, e.path().unwrap_or(dir)))
        })?;
        let is_md = entry.path().extension().is_some_and(|x| x == "md");
        if entry.file_type().is_file() && is_md {
            out.push(source(root, entry.into_path(), kind));
        }
    }
    Ok(out)
}

fn source(root: &Path, path: PathBuf, kind: Kind) -> SourceFile {
    SourceFile {
        rel: relative(root, &path),
        path,
        kind,
    }
}

/// `path` relative to `root`, with `/`.
pub fn relative(root: &Path, path: &Path) -> String {
    let rel = path.strip_prefix(root).unwrap_or(path);
    rel.to_string_lossy().replace('\\', "/")
}

/// Reads and checks every file; drafts are dropped unless `drafts` is set.
pub fn load(files: &[SourceFile], drafts: bool) -> (Content, Vec<Diagnostic>) {
    let max_year = model::max_year();
    let results: Vec<(Loaded, Vec<Diagnostic>)> =
        files.par_iter().map(|f| load_one(f, max_year)).collect();
    let mut content = Content::default();
    let mut diagnostics = Vec::new();
    for (loaded, ds) in results {
        diagnostics.extend(ds);
        match loaded {
            Loaded::Model(m) if drafts || !m.draft => content.models.push(*m),
            Loaded::Page(p) if drafts || !p.draft => content.pages.push(*p),
            Loaded::Home(p) => content.home = Some(*p),
            _ => {}
        }
    }
    (content, diagnostics)
}

enum Loaded {
    Model(Box<Model>),
    Page(Box<Page>),
    Home(Box<Page>),
    Nothing,
}

fn load_one(file: &SourceFile, max_year: i32) -> (Loaded, Vec<Diagnostic>) {
    let in_file = |ds: Vec<Diagnostic>| -> Vec<Diagnostic> {
        ds.into_iter().map(|d| d.in_file(&file.rel)).collect()
    };
    let bytes = match std::fs::read(&file.path) {
        Ok(b) => b,
        Err(e) => {
            let d = Diagnostic::error(format!("cannot read the file: {e}"));
            return (Loaded::Nothing, in_file(vec![d]));
        }
    };
    let text = match frontmatter::decode(bytes) {
        Ok(t) => t,
        Err(d) => return (Loaded::Nothing, in_file(vec![d])),
    };
    let split = match frontmatter::split(&text) {
        Ok(s) => s,
        Err(d) => return (Loaded::Nothing, in_file(vec![d])),
    };
    let stem = file
        .path
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_default();
    match file.kind {
        Kind::Model => {
            let (m, ds) = model::parse_model(&file.rel, &stem, &split, max_year);
            (
                m.map_or(Loaded::Nothing, |m| Loaded::Model(Box::new(m))),
                in_file(ds),
            )
        }
        Kind::Page => {
            let (p, ds) = model::parse_page(&file.rel, &stem, &split, true);
            (
                p.map_or(Loaded::Nothing, |p| Loaded::Page(Box::new(p))),
                in_file(ds),
            )
        }
        Kind::Home => {
            let (p, ds) = model::parse_page(&file.rel, "index", &split, false);
            (
                p.map_or(Loaded::Nothing, |p| Loaded::Home(Box::new(p))),
                in_file(ds),
            )
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn editor_backups_are_ignored() {
        for name in [".hidden.md", "x.md~", ".#x.md", "x.md.swp"] {
            assert!(is_ignored_name(name), "{name}");
        }
        assert!(!is_ignored_name("vanh-dai-4.md"));
    }
}
