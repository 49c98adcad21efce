//! The site's content: finding the Markdown files under `content/` and
//! loading each into a [`Model`] or [`Page`].
//!
//! 1. [`discover`] walks `content/models/**/*.md`, `content/pages/*.md` and
//!    `content/_index.md`, skipping hidden files and editor backups. Files an
//!    editor probably meant to publish but kheo cannot (`x.MD`, `x.markdown`,
//!    a Word document, a `.md` in the wrong folder) are found too, as
//!    [`Kind::Skipped`], so the editor is told instead of left guessing.
//! 2. [`load`] reads, decodes and splits every file in parallel and checks
//!    its front matter, collecting every diagnostic rather than stopping at
//!    the first.

pub mod fields;
pub mod frontmatter;
pub mod model;
pub mod parsed;
pub mod shared;

use std::path::{Path, PathBuf};
use std::time::SystemTime;

use rayon::prelude::*;
use walkdir::WalkDir;

use crate::diagnostic::Diagnostic;
pub use model::{Model, Page};
pub use parsed::Parsed;
pub use shared::{SharedText, TextFile};

/// The kinds of content file.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub enum Kind {
    /// `content/models/**/*.md`.
    Model,
    /// `content/pages/*.md`.
    Page,
    /// `content/_index.md`.
    Home,
    /// A file that looks like content but is not published; it gets a warning.
    Skipped(Skipped),
}

/// Why a file under `content/` that looks like content is not published.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub enum Skipped {
    /// Markdown or text with another ending than `.md`: `x.MD`, `x.markdown`, `x.txt`.
    Extension,
    /// A word-processor document: `.docx`, `.doc`, `.odt`, `.rtf`.
    WordFile,
    /// A `.md` outside `content/models/`, directly in `content/pages/` or `content/_index.md`.
    Misplaced,
    /// `_index.md` in a sub-folder: a section page of Hugo or Zola.
    SectionIndex,
}

/// Endings of Markdown files other than `.md` (compared in lower case, so `.MD` too).
const MARKDOWN_ENDINGS: &[&str] = &["md", "markdown", "mdown", "mkd", "mkdn", "mdwn"];

/// Endings of word-processor documents, which kheo cannot read.
const WORD_ENDINGS: &[&str] = &["doc", "docx", "docm", "odt", "rtf"];

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
    name.starts_with('.')
        || name.starts_with("~$")
        || name.ends_with('~')
        || name.ends_with(".swp")
        || name.ends_with(".tmp")
}

/// Finds every content file under `root/content`, sorted by path, with the
/// files that look like content but are not published.
pub fn discover(root: &Path) -> Result<Vec<SourceFile>, Diagnostic> {
    discover_listed(root).map(|(files, _)| files)
}

/// What a walk of `content/` found, with the time of every folder it
/// read: while no folder's time has changed, no entry was added to any of
/// them, removed or renamed, so the same files are there and the next
/// build need not walk `content/` again ([`Listing::files`]). A file
/// edited in place does not change its folder's time; its own time tells
/// (see [`parsed`]).
#[derive(Debug, Clone, Default, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct Listing {
    /// `content` and every folder walked below it (relative to the site
    /// root, with `/`), with its modification time when it was read.
    folders: Vec<(String, (i64, u32))>,
    /// The files found, in [`discover`]'s order.
    files: Vec<(String, Kind)>,
}

impl Listing {
    /// The files of the walk, when every folder it read still has the
    /// time it had then (None otherwise: walk again).
    pub fn files(&self, root: &Path) -> Option<Vec<SourceFile>> {
        for (k, (rel, time)) in self.folders.iter().enumerate() {
            let path = root.join(rel);
            // `content` itself is followed if it is a link, as the walk does.
            let meta = if k == 0 {
                std::fs::metadata(&path)
            } else {
                std::fs::symlink_metadata(&path)
            };
            let meta = meta.ok().filter(std::fs::Metadata::is_dir)?;
            if crate::output::manifest::disk_stamp(&meta).1 != *time {
                return None;
            }
        }
        Some(
            self.files
                .iter()
                .map(|(rel, kind)| SourceFile {
                    path: root.join(rel),
                    rel: rel.clone(),
                    kind: *kind,
                })
                .collect(),
        )
    }
}

/// [`discover`], with the [`Listing`] of the walk for the next build; None
/// when a folder changed too soon before the walk for its time to tell a
/// later change (as for files, [`parsed`]), or a name is not UTF-8.
pub fn discover_listed(root: &Path) -> Result<(Vec<SourceFile>, Option<Listing>), Diagnostic> {
    let content = root.join("content");
    if !content.is_dir() {
        let root = root.display();
        return Err(Diagnostic::error(
            format!("no `content/` folder in `{root}`"),
            format!("không có thư mục `content/` trong `{root}`"),
        )
        .hint(
            "run kheo in a site folder, pass `--root DIR`, or create a site with `kheo init DIR`",
            "hãy chạy kheo trong thư mục của trang, hoặc chỉ rõ thư mục bằng `--root DIR`, hoặc tạo trang mới bằng `kheo init DIR`",
        ));
    }
    let started = std::time::SystemTime::now();
    // Each folder's time is taken before its entries are read (the walk
    // gives a folder before it opens it), so a later change shows.
    let mut folders = Vec::new();
    let mut listable = true;
    let mut note = |path: &Path, meta: std::io::Result<std::fs::Metadata>| {
        let rel = path.strip_prefix(root).ok().and_then(Path::to_str);
        match (rel, meta) {
            (Some(rel), Ok(meta)) => {
                let time = crate::output::manifest::disk_stamp(&meta).1;
                listable &= parsed::settled_before(time, started);
                folders.push((rel.replace('\\', "/"), time));
            }
            _ => listable = false,
        }
    };
    note(&content, std::fs::metadata(&content));
    let walker = WalkDir::new(&content)
        .min_depth(1)
        .into_iter()
        .filter_entry(|e| !is_ignored_name(&e.file_name().to_string_lossy()));
    let mut found = Vec::new();
    for entry in walker {
        let entry = entry.map_err(|e| {
            Diagnostic::error(
                format!("cannot read a content folder: {e}"),
                format!("không đọc được một thư mục nội dung: {e}"),
            )
            .in_file(relative(root, e.path().unwrap_or(&content)))
        })?;
        if entry.file_type().is_file() {
            found.push(entry.into_path());
        } else if entry.file_type().is_dir() {
            note(entry.path(), entry.metadata().map_err(std::io::Error::from));
        }
    }
    // In the order of a walk that takes each folder's entries by name
    // (sorting the paths with their separators as the lowest byte), which
    // costs a fraction of sorting each folder by `file_name`.
    let mut keyed: Vec<(Vec<u8>, PathBuf)> = found
        .into_par_iter()
        .map(|path| {
            let key = path
                .as_os_str()
                .as_encoded_bytes()
                .iter()
                .map(|&b| {
                    if std::path::is_separator(b as char) {
                        0
                    } else {
                        b
                    }
                })
                .collect();
            (key, path)
        })
        .collect();
    keyed.par_sort_unstable_by(|a, b| a.0.cmp(&b.0));
    // Told apart on every core (10 000 paths).
    let files: Vec<SourceFile> = keyed
        .into_par_iter()
        .map(|(_, path)| path)
        .filter_map(|path| {
            let in_content = path.strip_prefix(&content).unwrap_or(&path);
            let kind = classify(in_content)?;
            Some(source(root, path, kind))
        })
        .collect();
    // A name that is not UTF-8 would not come back from its `rel`.
    let listable = listable
        && files.iter().all(|f| {
            f.path
                .strip_prefix(root)
                .ok()
                .and_then(Path::to_str)
                .is_some()
        });
    let listing = listable.then(|| Listing {
        folders,
        files: files.iter().map(|f| (f.rel.clone(), f.kind)).collect(),
    });
    Ok((files, listing))
}

/// What a file is, from its path inside `content/`; None for files that are
/// not content (images, PDFs and other files next to the write-ups).
fn classify(path: &Path) -> Option<Kind> {
    let parts: Vec<String> = path
        .components()
        .map(|c| c.as_os_str().to_string_lossy().into_owned())
        .collect();
    let ending = path
        .extension()
        .map(|x| x.to_string_lossy().to_lowercase())
        .unwrap_or_default();
    let stem = path.file_stem().map(|s| s.to_string_lossy());
    if parts.len() > 1
        && parts[0] != "booklet"
        && stem.as_deref() == Some("_index")
        && ending == "md"
    {
        return Some(Kind::Skipped(Skipped::SectionIndex));
    }
    let place = match parts.first().map(String::as_str) {
        // The booklet reads its own files (`content/booklet/foreword.md`).
        Some("booklet") if parts.len() > 1 => return None,
        Some("models") if parts.len() > 1 => Some(Kind::Model),
        Some("pages") if parts.len() == 2 => Some(Kind::Page),
        _ if parts.len() == 1 && stem.as_deref() == Some("_index") => Some(Kind::Home),
        _ => None,
    };
    if path.extension().is_some_and(|x| x == "md") {
        return Some(place.unwrap_or(Kind::Skipped(Skipped::Misplaced)));
    }
    let why = if WORD_ENDINGS.contains(&ending.as_str()) {
        Skipped::WordFile
    } else if MARKDOWN_ENDINGS.contains(&ending.as_str()) && place.is_none() {
        Skipped::Misplaced
    } else if MARKDOWN_ENDINGS.contains(&ending.as_str()) || (ending == "txt" && place.is_some()) {
        Skipped::Extension
    } else {
        return None;
    };
    Some(Kind::Skipped(why))
}

/// The warning for a file kheo does not publish, saying what to do with it.
fn skipped_warning(file: &SourceFile, why: Skipped) -> Diagnostic {
    let stem = file
        .path
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_default();
    let name = file
        .path
        .file_name()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_default();
    const NOT_MD: &str =
        "file not published: kheo reads only Markdown files whose name ends in `.md`";
    const NOT_MD_VI: &str =
        "tệp không được đăng: kheo chỉ đọc các tệp Markdown có tên kết thúc bằng `.md`";
    let (message, message_vi, hint, hint_vi) = match why {
        Skipped::Extension if name.to_lowercase().ends_with(".txt") => (
            NOT_MD,
            NOT_MD_VI,
            format!(
                "if it is a write-up, rename it to `{stem}.md` and start it with front matter; if it is for readers to download, link to it from a model, e.g. `[tài liệu]({name})`"
            ),
            format!(
                "nếu đây là một bài viết, hãy đổi tên thành `{stem}.md` và mở đầu bằng phần thông tin đầu tệp; nếu đây là tài liệu để bạn đọc tải về, hãy chèn liên kết tới nó trong một mô hình, ví dụ `[tài liệu]({name})`"
            ),
        ),
        Skipped::Extension => (
            NOT_MD,
            NOT_MD_VI,
            format!("rename it to `{stem}.md`"),
            format!("hãy đổi tên tệp thành `{stem}.md`"),
        ),
        Skipped::WordFile => (
            "file not published: kheo cannot read Word documents, only Markdown files ending in `.md`",
            "tệp không được đăng: kheo không đọc được tài liệu Word, chỉ đọc các tệp Markdown có tên kết thúc bằng `.md`",
            format!(
                "make a model with `kheo new` and paste the text into it (or in Word: File → Save As → Plain Text, encoding UTF-8, then rename the file to `{stem}.md` and add the front matter); to offer the document for download, link to it from a model, e.g. `[tải về]({name})`"
            ),
            format!(
                "hãy tạo một mô hình bằng `kheo new` rồi dán nội dung vào đó (hoặc trong Word: File → Save As → Plain Text, chọn mã UTF-8, rồi đổi tên tệp thành `{stem}.md` và thêm phần thông tin đầu tệp); muốn cho bạn đọc tải tài liệu về, hãy chèn liên kết tới nó trong một mô hình, ví dụ `[tải về]({name})`"
            ),
        ),
        Skipped::SectionIndex => (
            "file not published: `_index.md` describes a section in Hugo or Zola; kheo makes the lists of models by itself",
            "tệp không được đăng: `_index.md` là tệp mô tả chuyên mục của Hugo hay Zola; kheo tự lập danh sách các mô hình",
            "delete it, or move its text to `content/_index.md` (the introduction of the home page) or to a page in `content/pages/`".to_owned(),
            "hãy xóa tệp này, hoặc chuyển nội dung của nó sang `content/_index.md` (phần giới thiệu ở trang chủ) hay sang một trang trong `content/pages/`".to_owned(),
        ),
        Skipped::Misplaced => (
            "file not published: kheo reads models from `content/models/`, pages from `content/pages/` (not its sub-folders) and the home intro from `content/_index.md`",
            "tệp không được đăng: kheo đọc các mô hình trong `content/models/`, các trang trong `content/pages/` (không đọc thư mục con của nó) và phần giới thiệu trang chủ ở `content/_index.md`",
            format!(
                "move it to `content/models/{stem}.md` if it is a model, or to `content/pages/{stem}.md` if it is a page"
            ),
            format!(
                "hãy chuyển tệp tới `content/models/{stem}.md` nếu đây là một mô hình, hoặc tới `content/pages/{stem}.md` nếu đây là một trang"
            ),
        ),
    };
    Diagnostic::warning(message, message_vi)
        .in_file(&file.rel)
        .hint(hint, hint_vi)
}

/// Whether some loaded write-up mentions the file's name, i.e. links to it for download.
fn is_linked(file: &SourceFile, content: &Content) -> bool {
    let Some(name) = file.path.file_name().map(|n| n.to_string_lossy()) else {
        return false;
    };
    let encoded = name.replace(' ', "%20");
    let bodies = content.models.iter().map(|m| m.body.as_str()).chain(
        content
            .pages
            .iter()
            .chain(&content.home)
            .map(|p| p.body.as_str()),
    );
    for body in bodies {
        if body.contains(name.as_ref()) || body.contains(&encoded) {
            return true;
        }
    }
    false
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
    load_with(files.to_vec(), drafts, &mut Parsed::default())
}

/// [`load`], taking from `parsed` every file unchanged since it was read
/// there, and leaving there the files as now read for the next load.
pub fn load_with(
    files: Vec<SourceFile>,
    drafts: bool,
    parsed: &mut Parsed,
) -> (Content, Vec<Diagnostic>) {
    let max_year = model::max_year();
    let mut previous = std::mem::take(parsed);
    // A download is linked from a body: every body is needed to tell.
    let need_bodies = files.iter().any(|f| matches!(f.kind, Kind::Skipped(_)));
    let work: Vec<(&SourceFile, Option<parsed::Entry>, bool)> = files
        .iter()
        .filter(|f| !matches!(f.kind, Kind::Skipped(_)))
        .map(|f| (f, previous.take(&f.rel), previous.may_have_changed(&f.rel)))
        .collect();
    let results: Vec<(String, parsed::Entry, Option<SystemTime>)> = work
        .into_par_iter()
        .map(|(f, old, may_have_changed)| {
            let old = old.filter(|o| !(need_bodies && o.body.is_some()));
            let old = match old {
                // A file watcher said it has not changed.
                Some(o) if !may_have_changed && o.max_year == max_year => {
                    return (f.rel.clone(), o, None);
                }
                o => o,
            };
            let id = std::fs::metadata(&f.path).map(|m| parsed::FileId::of(&m));
            if let (Ok(id), Some(old)) = (&id, old)
                && old.is_of(id, max_year)
            {
                return (f.rel.clone(), old, None);
            }
            let read_at = SystemTime::now();
            let (loaded, diagnostics) = load_one(f, max_year);
            let entry = parsed::Entry {
                // A file that cannot be looked at is read again next time.
                id: id.unwrap_or(parsed::FileId::NONE),
                max_year,
                loaded,
                diagnostics,
                body: None,
            };
            (f.rel.clone(), entry, Some(read_at))
        })
        .collect();
    let mut content = Content {
        // The models are copied out of the readings kept for the next build
        // on every core (10 000 of them, each with its terms and texts).
        models: results
            .par_iter()
            .filter_map(|(_, entry, _)| match &entry.loaded {
                Loaded::Model(m) if drafts || !m.draft => Some((**m).clone()),
                _ => None,
            })
            .collect(),
        ..Content::default()
    };
    let mut diagnostics = Vec::new();
    for (_, entry, _) in &results {
        diagnostics.extend(entry.diagnostics.iter().cloned());
        match &entry.loaded {
            Loaded::Page(p) if drafts || !p.draft => content.pages.push((**p).clone()),
            Loaded::Home(p) => content.home = Some((**p).clone()),
            _ => {}
        }
    }
    let skipped: Vec<SourceFile> = files
        .iter()
        .filter(|f| matches!(f.kind, Kind::Skipped(_)))
        .cloned()
        .collect();
    *parsed = previous.next(files, results);
    for file in &skipped {
        let Kind::Skipped(why) = file.kind else {
            continue;
        };
        // A Word or text file linked from a write-up is a download, not a mistake.
        let download =
            matches!(why, Skipped::WordFile) || file.rel.to_lowercase().ends_with(".txt");
        if !(download && is_linked(file, &content)) {
            diagnostics.push(skipped_warning(file, why));
        }
    }
    (content, diagnostics)
}

/// The content as the last load of `parsed` left it, with the files read
/// again since ([`reload_model`]), without looking at any file: for
/// `kheo serve`, when a watcher says which files changed. None when a file
/// of that load has no reading kept, did not read as content, or was
/// checked against another year limit.
pub fn content_of(parsed: &Parsed, drafts: bool) -> Option<Content> {
    let max_year = model::max_year();
    let mut content = Content::default();
    for file in parsed.files() {
        if matches!(file.kind, Kind::Skipped(_)) {
            continue;
        }
        let entry = parsed.reading(&file.rel)?;
        if entry.max_year != max_year {
            return None;
        }
        match &entry.loaded {
            Loaded::Model(m) if drafts || !m.draft => content.models.push((**m).clone()),
            Loaded::Page(p) if drafts || !p.draft => content.pages.push((**p).clone()),
            Loaded::Home(p) => content.home = Some((**p).clone()),
            Loaded::Nothing => return None,
            _ => {}
        }
    }
    Some(content)
}

/// Reads again the model file at `rel` (relative to the site root, with
/// `/`), one that the last load of `parsed` found: the model as read and the
/// file's own diagnostics; None when `rel` was not a model file then, or no
/// longer reads as one. `parsed` keeps the new reading, as a load would.
/// For `kheo serve`, which rebuilds a site in place when only the body of
/// a model changed.
pub fn reload_model(parsed: &mut Parsed, rel: &str) -> Option<(Model, Vec<Diagnostic>)> {
    let file = parsed.file(rel)?.clone();
    if !matches!(file.kind, Kind::Model) {
        return None;
    }
    let max_year = model::max_year();
    let id = std::fs::metadata(&file.path)
        .map(|m| parsed::FileId::of(&m))
        .ok()?;
    let read_at = SystemTime::now();
    let (loaded, diagnostics) = load_one(&file, max_year);
    let model = match &loaded {
        Loaded::Model(m) => Some((**m).clone()),
        _ => None,
    };
    let entry = parsed::Entry {
        id,
        max_year,
        loaded,
        diagnostics: diagnostics.clone(),
        body: None,
    };
    parsed.put(rel, entry, read_at);
    Some((model?, diagnostics))
}

/// The Markdown body of the model file at `path`, read again (a parsed
/// file kept without its body, whose rendering must be made again).
pub fn read_body(path: &std::path::Path) -> Option<String> {
    let text = frontmatter::decode(std::fs::read(path).ok()?).ok()?;
    let split = frontmatter::split_document(&text, frontmatter::MODEL_KEYS_TEXT).ok()?;
    Some(split.body.to_owned())
}

/// What a content file holds once read and checked.
#[derive(Debug, Clone, serde::Serialize, serde::Deserialize)]
enum Loaded {
    Model(Box<Model>),
    Page(Box<Page>),
    Home(Box<Page>),
    Nothing,
}

fn load_one(file: &SourceFile, max_year: i32) -> (Loaded, Vec<Diagnostic>) {
    if let Kind::Skipped(_) = file.kind {
        // Reported by `load` once every write-up is known.
        return (Loaded::Nothing, Vec::new());
    }
    let in_file = |ds: Vec<Diagnostic>| -> Vec<Diagnostic> {
        ds.into_iter().map(|d| d.in_file(&file.rel)).collect()
    };
    let bytes = match std::fs::read(&file.path) {
        Ok(b) => b,
        Err(e) => {
            let d = Diagnostic::error(
                format!("cannot read the file: {e}"),
                format!("không đọc được tệp: {e}"),
            );
            return (Loaded::Nothing, in_file(vec![d]));
        }
    };
    let text = match frontmatter::decode(bytes) {
        Ok(t) => t,
        Err(d) => return (Loaded::Nothing, in_file(vec![d])),
    };
    let keys = match file.kind {
        Kind::Page => frontmatter::PAGE_KEYS_TEXT,
        Kind::Home => frontmatter::HOME_KEYS_TEXT,
        _ => frontmatter::MODEL_KEYS_TEXT,
    };
    let split = match frontmatter::split_document(&text, keys) {
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
        Kind::Skipped(_) => (Loaded::Nothing, Vec::new()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Sets the time of every file and folder under `dir` an hour back.
    fn age(dir: &Path) {
        let past = std::time::SystemTime::now() - std::time::Duration::from_secs(3600);
        for entry in WalkDir::new(dir).contents_first(true).into_iter().flatten() {
            let file = if entry.file_type().is_dir() {
                std::fs::File::open(entry.path())
            } else {
                std::fs::File::options().write(true).open(entry.path())
            };
            file.and_then(|f| f.set_modified(past))
                .expect("set the time");
        }
    }

    #[test]
    fn a_listing_of_content_holds_until_a_folder_changes() {
        let tmp = tempfile::tempdir().expect("temp dir");
        let root = tmp.path();
        for rel in [
            "models/ha-noi/a.md",
            "models/ha-noi/b.md",
            "models/c.md",
            "pages/gioi-thieu.md",
        ] {
            let path = root.join("content").join(rel);
            std::fs::create_dir_all(path.parent().expect("parent")).expect("mkdir");
            std::fs::write(&path, "---\ntitle: x\n---\n").expect("write");
        }
        let rels = |files: &[SourceFile]| files.iter().map(|f| f.rel.clone()).collect::<Vec<_>>();
        // Just written: the folders' times cannot tell a change yet.
        let (_, listing) = discover_listed(root).expect("content");
        assert!(
            listing.is_none(),
            "folders changed a moment ago are walked again"
        );
        age(&root.join("content"));
        let (files, listing) = discover_listed(root).expect("content");
        let listing = listing.expect("settled folders are listed");
        let again = listing.files(root).expect("nothing changed");
        assert_eq!(rels(&again), rels(&files));
        assert_eq!(
            again.iter().map(|f| f.kind).collect::<Vec<_>>(),
            files.iter().map(|f| f.kind).collect::<Vec<_>>()
        );
        assert_eq!(again[0].path, files[0].path);
        // A file edited in place leaves its folder as it was.
        std::fs::write(
            root.join("content/models/ha-noi/a.md"),
            "---\ntitle: y\n---\n",
        )
        .expect("edit");
        assert!(listing.files(root).is_some());
        // A file added deep down, a folder added, a file removed: each shows.
        for change in [
            |r: &Path| std::fs::write(r.join("content/models/ha-noi/d.md"), "x"),
            |r: &Path| std::fs::create_dir(r.join("content/models/hue")),
            |r: &Path| std::fs::remove_file(r.join("content/pages/gioi-thieu.md")),
        ] {
            age(&root.join("content"));
            let (_, listing) = discover_listed(root).expect("content");
            let listing = listing.expect("listed");
            change(root).expect("change");
            assert!(
                listing.files(root).is_none(),
                "a change in a folder is seen"
            );
        }
    }

    #[test]
    fn files_are_found_in_the_order_of_a_walk_by_name() {
        let tmp = tempfile::tempdir().expect("temp dir");
        let models = tmp.path().join("content/models");
        for rel in ["ab-c.md", "ab/x.md", "a.md", "ab/đ.md", "b.md"] {
            let path = models.join(rel);
            std::fs::create_dir_all(path.parent().expect("parent")).expect("mkdir");
            std::fs::write(&path, "---\ntitle: x\n---\n").expect("write");
        }
        let found: Vec<String> = discover(tmp.path())
            .expect("content")
            .into_iter()
            .map(|f| f.rel)
            .collect();
        // The folder `ab` before `ab-c.md` (a plain sort of the paths
        // would put `-` before `/`).
        let expected = ["a.md", "ab/x.md", "ab/đ.md", "ab-c.md", "b.md"]
            .map(|r| format!("content/models/{r}"));
        assert_eq!(found, expected);
    }

    #[test]
    fn editor_backups_are_ignored() {
        for name in [".hidden.md", "x.md~", ".#x.md", "x.md.swp"] {
            assert!(is_ignored_name(name), "{name}");
        }
        assert!(!is_ignored_name("vanh-dai-4.md"));
        assert!(is_ignored_name("~$o-cao.docx"), "Word's lock file");
    }

    #[test]
    fn files_are_classified_by_place_and_ending() {
        let kind = |p: &str| classify(Path::new(p));
        let skipped = |why| Some(Kind::Skipped(why));
        assert_eq!(kind("_index.md"), Some(Kind::Home));
        assert_eq!(kind("models/ha-noi/vanh-dai-4.md"), Some(Kind::Model));
        assert_eq!(kind("pages/gioi-thieu.md"), Some(Kind::Page));
        assert_eq!(kind("models/b.MD"), skipped(Skipped::Extension));
        assert_eq!(kind("models/c.markdown"), skipped(Skipped::Extension));
        assert_eq!(kind("_index.MD"), skipped(Skipped::Extension));
        assert_eq!(kind("models/_index.md"), skipped(Skipped::SectionIndex));
        assert_eq!(
            kind("models/ha-noi/_index.md"),
            skipped(Skipped::SectionIndex)
        );
        assert_eq!(kind("pages/_index.md"), skipped(Skipped::SectionIndex));
        assert_eq!(kind("pages/ghi-chu.txt"), skipped(Skipped::Extension));
        assert_eq!(kind("models/bao-cao.docx"), skipped(Skipped::WordFile));
        assert_eq!(kind("bao-cao.DOC"), skipped(Skipped::WordFile));
        assert_eq!(kind("lac.md"), skipped(Skipped::Misplaced));
        assert_eq!(kind("pages/sub/x.md"), skipped(Skipped::Misplaced));
        assert_eq!(kind("mo-hinh/x.markdown"), skipped(Skipped::Misplaced));
        for asset in [
            "models/anh/hop-dan.jpg",
            "models/so-do.svg",
            "models/bao-cao.pdf",
            "models/anh.PNG",
            "pages/anh/x.png",
            "ghi-chu.txt",
            "booklet/foreword.md",
            "booklet/loi-noi-dau.docx",
        ] {
            assert_eq!(kind(asset), None, "{asset}");
        }
    }
}
