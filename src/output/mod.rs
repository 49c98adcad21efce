//! Writing the output folder safely.
//!
//! Every file is written into a fresh temporary folder beside the output
//! folder; only when all of them are written is the old output swapped out
//! and the new one renamed into place. A failed build therefore leaves the
//! previous output exactly as it was, and no path can point outside the
//! output folder: each one is checked before anything is written.
//!
//! That is a clean build. An incremental build ([`update`]) knows from the
//! previous build's [`Manifest`] the hash of every file it wrote, stages only
//! the files whose bytes changed, and on success renames each into place and
//! deletes the files the new build no longer makes: unchanged files keep
//! their bytes and their modification time.

use std::fs;
use std::io;
use std::path::{Component, Path, PathBuf};

use std::sync::Mutex;

use rayon::prelude::*;

use crate::diagnostic::Diagnostic;
use crate::fingerprint::Fingerprint;

pub mod manifest;
pub mod update;

pub use manifest::{Folders, Manifest, Stamp};
pub use update::Update;

/// The bytes of one output file.
#[derive(Debug, Clone)]
pub enum Contents {
    /// Generated in memory.
    Bytes(Vec<u8>),
    /// Copied from a file.
    Copy(PathBuf),
    /// Embedded in the binary.
    Static(&'static [u8]),
    /// The same bytes as the previous build's file at this path: an
    /// incremental build found the inputs unchanged and skipped the work.
    Unchanged,
}

/// One file to write, at a path relative to the output folder.
#[derive(Debug, Clone)]
pub struct OutputFile {
    /// Relative path with `/`, e.g. `mo-hinh/x/index.html`.
    pub path: String,
    /// Its bytes.
    pub contents: Contents,
}

impl OutputFile {
    /// A generated file.
    pub fn bytes(path: impl Into<String>, bytes: Vec<u8>) -> Self {
        OutputFile {
            path: path.into(),
            contents: Contents::Bytes(bytes),
        }
    }

    /// A file the previous build wrote, the same again.
    pub fn unchanged(path: impl Into<String>) -> Self {
        OutputFile {
            path: path.into(),
            contents: Contents::Unchanged,
        }
    }
}

/// An error unless `path` stays inside the output folder ([`is_safe_path`]).
fn check_path(path: &str) -> Result<(), Diagnostic> {
    if is_safe_path(path) {
        return Ok(());
    }
    Err(Diagnostic::error(
        format!("refusing to write `{path}`: the path leaves the output folder"),
        format!("không ghi `{path}`: đường dẫn này đi ra ngoài thư mục kết quả"),
    ))
}

/// Checks that a relative output path stays inside the output folder.
pub fn is_safe_path(path: &str) -> bool {
    !path.is_empty()
        && !path.contains('\\')
        && Path::new(path)
            .components()
            .all(|c| matches!(c, Component::Normal(_)))
}

/// Refuses output folders whose replacement would destroy the site itself.
pub fn check_out_dir(root: &Path, out: &Path) -> Result<(), Diagnostic> {
    let root = fs::canonicalize(root).unwrap_or_else(|_| root.to_path_buf());
    let parent = out
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    let parent = fs::canonicalize(parent).unwrap_or_else(|_| parent.to_path_buf());
    let out = match out.file_name() {
        Some(name) => parent.join(name),
        None => parent,
    };
    let protected = [
        root.clone(),
        root.join("content"),
        root.join("static"),
        root.join("templates"),
        root.join("themes"),
    ];
    if protected.iter().any(|p| p.starts_with(&out)) || out.starts_with(root.join("content")) {
        return Err(Diagnostic::error(
            format!(
                "refusing to use `{}` as the output folder: it would replace the site's own files",
                out.display()
            ),
            format!(
                "không dùng `{}` làm thư mục kết quả được: làm vậy sẽ ghi đè lên chính các tệp của trang",
                out.display()
            ),
        )
        .hint(
            "choose a separate folder, e.g. `--out public`",
            "hãy chọn một thư mục riêng, ví dụ `--out public`",
        ));
    }
    if out.is_dir()
        && !out.join(MARKER).exists()
        && fs::read_dir(&out)
            .map(|mut d| d.next().is_some())
            .unwrap_or(false)
    {
        return Err(Diagnostic::error(
            format!(
                "refusing to replace `{}`: it is not empty and was not written by kheo",
                out.display()
            ),
            format!(
                "không thay thế `{}`: thư mục này đang có tệp và không phải do kheo tạo ra",
                out.display()
            ),
        )
        .hint(
            "choose an empty or new folder with `--out`, or move its files elsewhere first",
            "hãy chọn một thư mục trống hoặc mới bằng `--out`, hoặc chuyển các tệp trong đó đi nơi khác trước",
        ));
    }
    Ok(())
}

/// A file kheo leaves in its output so it knows the folder is its own to replace.
pub const MARKER: &str = ".kheo-output";

/// What the marker file says.
pub(crate) const MARKER_TEXT: &[u8] =
    b"written by kheo; the whole folder is replaced on each build\n";

/// A temporary folder beside the output that files are written into as they
/// are rendered; [`Staging::commit`] swaps it in, and dropping it uncommitted
/// removes it, leaving the previous output untouched.
pub struct Staging {
    tmp: PathBuf,
    out: PathBuf,
    committed: bool,
    manifest: Mutex<Manifest>,
}

impl Staging {
    /// Creates the temporary folder beside `out`.
    pub fn new(out: &Path) -> Result<Staging, Diagnostic> {
        let (parent, name) = split_out(out);
        let tmp = parent.join(format!(".{name}.kheo-new-{}", std::process::id()));
        fs::create_dir_all(&parent).map_err(|e| io_error(("create", "tạo"), &parent, e))?;
        if tmp.exists() {
            fs::remove_dir_all(&tmp).map_err(|e| io_error(("clear", "dọn"), &tmp, e))?;
        }
        fs::create_dir(&tmp).map_err(|e| io_error(("create", "tạo"), &tmp, e))?;
        Ok(Staging {
            tmp,
            out: out.to_path_buf(),
            committed: false,
            manifest: Mutex::new(Manifest::default()),
        })
    }

    /// Writes one file; its path must stay inside the output folder.
    pub fn write(&self, f: &OutputFile) -> Result<(), Diagnostic> {
        check_path(&f.path)?;
        let stamp = write_one(&self.tmp, f)?;
        self.manifest
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .insert(f.path.clone(), stamp);
        Ok(())
    }

    /// Replaces the output folder with the staged one; returns what it
    /// holds and the times of its folders.
    pub fn commit(mut self) -> Result<(Manifest, Folders), Diagnostic> {
        let marker = self.tmp.join(MARKER);
        fs::write(&marker, MARKER_TEXT).map_err(|e| io_error(("write", "ghi"), &marker, e))?;
        let (parent, name) = split_out(&self.out);
        let old = parent.join(format!(".{name}.kheo-old-{}", std::process::id()));
        if self.out.exists() {
            fs::rename(&self.out, &old)
                .map_err(|e| io_error(("move aside", "dời sang bên"), &self.out, e))?;
        }
        if let Err(e) = fs::rename(&self.tmp, &self.out) {
            let _ = fs::rename(&old, &self.out);
            return Err(io_error(("move into place", "đưa vào chỗ"), &self.out, e));
        }
        self.committed = true;
        if old.exists() {
            fs::remove_dir_all(&old).map_err(|e| {
                io_error(
                    ("remove the previous output", "xóa bản dựng trước"),
                    &old,
                    e,
                )
            })?;
        }
        let manifest =
            std::mem::take(&mut *self.manifest.lock().unwrap_or_else(|e| e.into_inner()));
        let folders = manifest::folders_of(&self.out, &manifest, &|_| None);
        Ok((manifest, folders))
    }
}

impl Drop for Staging {
    fn drop(&mut self) {
        if !self.committed {
            let _ = fs::remove_dir_all(&self.tmp);
        }
    }
}

pub(crate) fn split_out(out: &Path) -> (PathBuf, String) {
    let parent = out
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    let name = out
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| "public".into());
    (parent.to_path_buf(), name)
}

/// An error doing `what` (in English, then in Vietnamese: `("create", "tạo")`) to `path`.
pub(crate) fn io_error((what, what_vi): (&str, &str), path: &Path, e: io::Error) -> Diagnostic {
    let path = path.display();
    Diagnostic::error(
        format!("cannot {what} `{path}`: {e}"),
        format!("không {what_vi} được `{path}`: {e}"),
    )
    .hint(
        "check that the folder is writable and the disk is not full; the previous output is unchanged",
        "hãy kiểm tra thư mục có cho phép ghi và ổ đĩa còn chỗ trống; bản dựng trước vẫn được giữ nguyên",
    )
}

/// Writes all files into a temporary folder beside `out`, then swaps it in.
pub fn write_atomic(out: &Path, files: &[OutputFile]) -> Result<(), Diagnostic> {
    let staging = Staging::new(out)?;
    files.par_iter().try_for_each(|f| staging.write(f))?;
    staging.commit().map(|_| ())
}

/// The bytes of a file to write (a copied file is read).
pub(crate) fn bytes_of(f: &OutputFile) -> Result<std::borrow::Cow<'_, [u8]>, Diagnostic> {
    use std::borrow::Cow;
    match &f.contents {
        Contents::Bytes(b) => Ok(Cow::Borrowed(b)),
        Contents::Static(b) => Ok(Cow::Borrowed(b)),
        Contents::Copy(src) => fs::read(src).map(Cow::Owned).map_err(|e| {
            Diagnostic::error(
                format!("cannot read `{}`: {e}", src.display()),
                format!("không đọc được `{}`: {e}", src.display()),
            )
            .hint(
                "check that the file exists and is readable",
                "hãy kiểm tra tệp có tồn tại và đọc được không",
            )
        }),
        Contents::Unchanged => Err(Diagnostic::error(
            format!(
                "internal error: `{}` was kept from a previous build that a clean build does not have",
                f.path
            ),
            format!(
                "lỗi bên trong kheo: `{}` được giữ lại từ một lần dựng trước mà lần dựng mới hoàn toàn không có",
                f.path
            ),
        )
        .hint(
            "run `kheo build --no-cache`; please report this",
            "hãy chạy `kheo build --no-cache` và báo lỗi này cho người phụ trách kỹ thuật",
        )),
    }
}

/// Writes one file under `dir`; returns its stamp for the manifest.
fn write_one(dir: &Path, f: &OutputFile) -> Result<Stamp, Diagnostic> {
    let path = dir.join(&f.path);
    if let Some(p) = path.parent() {
        fs::create_dir_all(p).map_err(|e| {
            Diagnostic::error(
                format!("cannot create `{}`: {e}", p.display()),
                format!("không tạo được `{}`: {e}", p.display()),
            )
        })?;
    }
    let bytes = bytes_of(f)?;
    let hash = Fingerprint::of(&bytes);
    fs::write(&path, &bytes)
        .and_then(|()| fs::metadata(&path))
        .map(|meta| Stamp::new(hash, &meta))
        .map_err(|e| {
            Diagnostic::error(
                format!("cannot write `{}`: {e}", f.path),
                format!("không ghi được `{}`: {e}", f.path),
            )
        })
}

/// Where a build writes: a fresh folder swapped in, or an update in place.
pub enum Writer {
    /// A clean build: every file into a staging folder, then swapped in.
    Clean(Staging),
    /// An incremental build: changed files only, applied on success.
    Update(Box<Update>),
}

impl Writer {
    /// Writes (or keeps) one file.
    pub fn write(&self, f: &OutputFile) -> Result<(), Diagnostic> {
        match self {
            Writer::Clean(s) => s.write(f),
            Writer::Update(u) => u.write(f),
        }
    }

    /// Makes the output what the build produced; returns its manifest and the times of its folders.
    pub fn commit(self) -> Result<(Manifest, Folders), Diagnostic> {
        match self {
            Writer::Clean(s) => s.commit(),
            Writer::Update(u) => u.commit(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn unsafe_paths_are_rejected() {
        for p in ["../x", "/etc/passwd", "a/../../b", "", "a\\..\\b", "./a"] {
            assert!(!is_safe_path(p), "{p}");
        }
        assert!(is_safe_path("mo-hinh/x/index.html"));
    }

    #[test]
    fn swap_replaces_the_folder() {
        let tmp = tempfile::tempdir().expect("temp dir");
        let out = tmp.path().join("public");
        write_atomic(&out, &[OutputFile::bytes("a.txt", b"1".to_vec())]).expect("first write");
        write_atomic(&out, &[OutputFile::bytes("b/c.txt", b"2".to_vec())]).expect("second write");
        assert!(!out.join("a.txt").exists());
        assert_eq!(fs::read(out.join("b/c.txt")).expect("written"), b"2");
        let leftovers: Vec<_> = fs::read_dir(tmp.path()).expect("list").collect();
        assert_eq!(leftovers.len(), 1);
    }

    #[test]
    fn an_unsafe_path_writes_nothing() {
        let tmp = tempfile::tempdir().expect("temp dir");
        let out = tmp.path().join("public");
        write_atomic(&out, &[OutputFile::bytes("a.txt", b"1".to_vec())]).expect("first write");
        let err =
            write_atomic(&out, &[OutputFile::bytes("../evil", vec![])]).expect_err("rejected");
        assert!(err.message.contains("leaves the output folder"));
        assert!(out.join("a.txt").exists());
        assert!(!tmp.path().join("evil").exists());
    }

    #[test]
    fn out_dir_must_not_be_the_site() {
        let tmp = tempfile::tempdir().expect("temp dir");
        fs::create_dir(tmp.path().join("content")).expect("mkdir");
        assert!(check_out_dir(tmp.path(), tmp.path()).is_err());
        assert!(check_out_dir(tmp.path(), &tmp.path().join("content")).is_err());
        assert!(check_out_dir(tmp.path(), &tmp.path().join("public")).is_ok());
    }
}
