//! Updating an output folder in place, for an incremental build.
//!
//! A file whose bytes hash as the previous build's (per the verified
//! [`Manifest`]) is left alone; a new or changed one is written into a
//! private folder beside the output. Nothing in the output changes until
//! [`Update::commit`], after the whole build succeeded: each staged file is
//! then renamed into place (one atomic rename per file, on the same disk),
//! and every file the build no longer makes is deleted, including files
//! kheo did not write: the result is the folder a clean build would swap in.

use std::fs;
use std::path::{Path, PathBuf};
use std::sync::Mutex;

use super::manifest::{self, Folders, Listing, Manifest, Stamp};
use super::{Contents, MARKER, OutputFile, bytes_of, check_path, io_error, split_out};
use crate::diagnostic::Diagnostic;
use crate::fingerprint::Fingerprint;

/// An incremental update of an output folder; dropping it uncommitted
/// removes its staged files and leaves the output untouched.
pub struct Update {
    out: PathBuf,
    tmp: PathBuf,
    /// What is on disk now.
    listing: Listing,
    /// The previous build's folder times, without those found changed.
    folders: Folders,
    /// The folders read because they changed since (or were not recorded).
    read: Vec<String>,
    /// The previous manifest, restricted to files still as written.
    previous: Manifest,
    /// Every file of this build: unchanged ones with their old stamp.
    next: Mutex<Manifest>,
    /// Files staged in `tmp`, with their hash (a file written twice is staged once).
    staged: Mutex<std::collections::BTreeMap<String, Fingerprint>>,
}

impl Update {
    /// Prepares to update `out`, which the previous build wrote with
    /// `manifest`, leaving its folders with the times in `folders`.
    pub fn new(out: &Path, manifest: &Manifest, folders: &Folders) -> Result<Update, Diagnostic> {
        let (listing, read) = manifest::survey(out, manifest, folders)
            .map_err(|e| io_error(("read", "đọc"), out, e))?;
        let previous = manifest::verify(manifest, &listing);
        let mut folders = folders.clone();
        for d in &read {
            folders.remove(d);
        }
        let (parent, name) = split_out(out);
        let tmp = parent.join(format!(".{name}.kheo-update-{}", std::process::id()));
        if tmp.exists() {
            fs::remove_dir_all(&tmp).map_err(|e| io_error(("clear", "dọn"), &tmp, e))?;
        }
        fs::create_dir(&tmp).map_err(|e| io_error(("create", "tạo"), &tmp, e))?;
        Ok(Update {
            out: out.to_path_buf(),
            tmp,
            listing,
            folders,
            read,
            previous,
            next: Mutex::new(Manifest::with_capacity_and_hasher(
                manifest.len(),
                Default::default(),
            )),
            staged: Mutex::new(std::collections::BTreeMap::new()),
        })
    }

    /// The files of the previous build that are still as it wrote them.
    pub fn trusted(&self) -> &Manifest {
        &self.previous
    }

    /// Keeps, or stages, one file.
    pub fn write(&self, f: &OutputFile) -> Result<(), Diagnostic> {
        check_path(&f.path)?;
        let old = self.previous.get(&f.path).copied();
        let keep = |stamp: Stamp| {
            self.next
                .lock()
                .unwrap_or_else(|e| e.into_inner())
                .insert(f.path.clone(), stamp);
        };
        if let (Contents::Unchanged, Some(stamp)) = (&f.contents, old) {
            keep(stamp);
            return Ok(());
        }
        let bytes = bytes_of(f)?;
        let hash = Fingerprint::of(&bytes);
        if let Some(stamp) = old.filter(|s| s.hash == hash) {
            keep(stamp);
            return Ok(());
        }
        let path = self.tmp.join(&f.path);
        if let Some(p) = path.parent() {
            fs::create_dir_all(p).map_err(|e| {
                Diagnostic::error(
                    format!("cannot create `{}`: {e}", p.display()),
                    format!("không tạo được `{}`: {e}", p.display()),
                )
            })?;
        }
        fs::write(&path, &bytes).map_err(|e| {
            Diagnostic::error(
                format!("cannot write `{}`: {e}", f.path),
                format!("không ghi được `{}`: {e}", f.path),
            )
        })?;
        self.staged
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .insert(f.path.clone(), hash);
        Ok(())
    }

    /// Moves the staged files into the output and deletes what the build no
    /// longer makes; returns the new manifest and the folders' times.
    pub fn commit(self) -> Result<(Manifest, Folders), Diagnostic> {
        let mut next = std::mem::take(&mut *self.next.lock().unwrap_or_else(|e| e.into_inner()));
        let staged = std::mem::take(&mut *self.staged.lock().unwrap_or_else(|e| e.into_inner()));
        let mut produced: rustc_hash::FxHashSet<&str> = next.keys().map(String::as_str).collect();
        produced.extend(staged.keys().map(String::as_str));
        // Files first, so a file that becomes a folder (or the reverse) has room.
        let stale: Vec<&String> = self
            .listing
            .files
            .keys()
            .filter(|p| !produced.contains(p.as_str()) && p.as_str() != MARKER)
            .collect();
        // Folders that may be left empty: those that were, and those of removed files.
        let mut maybe_empty: std::collections::BTreeSet<&str> =
            self.listing.empty_dirs.iter().map(String::as_str).collect();
        // Folders whose entries this commit changes: their times are read again.
        let mut touched: rustc_hash::FxHashSet<&str> =
            self.read.iter().map(String::as_str).collect();
        for path in stale.iter().copied().chain(staged.keys()) {
            touched.extend(manifest::parents(path));
        }
        for path in stale {
            let file = self.out.join(path);
            fs::remove_file(&file).map_err(|e| io_error(("remove", "xóa"), &file, e))?;
            let mut at = path.as_str();
            while let Some((parent, _)) = at.rsplit_once('/') {
                maybe_empty.insert(parent);
                at = parent;
            }
        }
        for (path, hash) in &staged {
            let target = self.out.join(path);
            if target.is_dir() {
                fs::remove_dir_all(&target)
                    .map_err(|e| io_error(("replace", "thay"), &target, e))?;
            }
            if let Some(p) = target.parent() {
                make_dir(&self.out, p)?;
            }
            fs::rename(self.tmp.join(path), &target)
                .map_err(|e| io_error(("move into place", "đưa vào chỗ"), &target, e))?;
            let meta = fs::metadata(&target).map_err(|e| io_error(("read", "đọc"), &target, e))?;
            next.insert(path.clone(), Stamp::new(*hash, &meta));
        }
        // Folders left empty go, deepest first, as a clean build would not have them.
        let mut maybe_empty: Vec<&str> = maybe_empty.into_iter().collect();
        maybe_empty.sort_by_key(|d| std::cmp::Reverse(d.matches('/').count()));
        for dir in &maybe_empty {
            let dir = self.out.join(dir);
            if fs::read_dir(&dir).is_ok_and(|mut d| d.next().is_none()) {
                fs::remove_dir(&dir).map_err(|e| io_error(("remove", "xóa"), &dir, e))?;
            }
        }
        for dir in &maybe_empty {
            touched.extend(manifest::parents(dir));
        }
        let marker = self.out.join(MARKER);
        if !marker.exists() {
            fs::write(&marker, super::MARKER_TEXT)
                .map_err(|e| io_error(("write", "ghi"), &marker, e))?;
            touched.insert("");
        }
        let known = |d: &str| {
            if touched.contains(d) {
                None
            } else {
                self.folders.get(d).copied()
            }
        };
        let folders = manifest::folders_of(&self.out, &next, &known);
        Ok((next, folders))
    }
}

/// Creates `dir` under `out`, replacing a file that stands where a folder must be.
fn make_dir(out: &Path, dir: &Path) -> Result<(), Diagnostic> {
    if dir.is_dir() {
        return Ok(());
    }
    let mut at = out.to_path_buf();
    for part in dir.strip_prefix(out).unwrap_or(dir).components() {
        at.push(part);
        if at.is_file() {
            fs::remove_file(&at).map_err(|e| io_error(("replace", "thay"), &at, e))?;
        }
    }
    fs::create_dir_all(dir).map_err(|e| io_error(("create", "tạo"), dir, e))
}

impl Drop for Update {
    fn drop(&mut self) {
        let _ = fs::remove_dir_all(&self.tmp);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::output::Staging;

    fn clean(out: &Path, files: &[OutputFile]) -> (Manifest, Folders) {
        let s = Staging::new(out).expect("staging");
        for f in files {
            s.write(f).expect("write");
        }
        s.commit().expect("commit")
    }

    fn mtime(p: &Path) -> std::time::SystemTime {
        fs::metadata(p).and_then(|m| m.modified()).expect("mtime")
    }

    #[test]
    fn only_changed_files_are_rewritten_and_stale_ones_go() {
        let tmp = tempfile::tempdir().expect("temp dir");
        let out = tmp.path().join("public");
        let (manifest, folders) = clean(
            &out,
            &[
                OutputFile::bytes("same.html", b"1".to_vec()),
                OutputFile::bytes("changed.html", b"2".to_vec()),
                OutputFile::bytes("gone/x.html", b"3".to_vec()),
            ],
        );
        fs::write(out.join("stray.txt"), b"not kheo's").expect("stray");
        let before = mtime(&out.join("same.html"));
        std::thread::sleep(std::time::Duration::from_millis(20));
        let u = Update::new(&out, &manifest, &folders).expect("update");
        u.write(&OutputFile::bytes("same.html", b"1".to_vec()))
            .expect("same");
        u.write(&OutputFile::bytes("changed.html", b"22".to_vec()))
            .expect("changed");
        u.write(&OutputFile::bytes("new/y.html", b"4".to_vec()))
            .expect("new");
        // Nothing moves before the commit.
        assert_eq!(fs::read(out.join("changed.html")).expect("read"), b"2");
        assert!(!out.join("new").exists());
        let (next, _) = u.commit().expect("commit");
        assert_eq!(mtime(&out.join("same.html")), before);
        assert_eq!(fs::read(out.join("changed.html")).expect("read"), b"22");
        assert_eq!(fs::read(out.join("new/y.html")).expect("read"), b"4");
        assert!(!out.join("gone").exists());
        assert!(!out.join("stray.txt").exists());
        assert!(out.join(MARKER).exists());
        assert_eq!(next.len(), 3);
        let leftovers = fs::read_dir(tmp.path()).expect("list").count();
        assert_eq!(leftovers, 1, "the staging folder is removed");
    }

    #[test]
    fn an_uncommitted_update_changes_nothing() {
        let tmp = tempfile::tempdir().expect("temp dir");
        let out = tmp.path().join("public");
        let (manifest, folders) = clean(&out, &[OutputFile::bytes("a.html", b"1".to_vec())]);
        {
            let u = Update::new(&out, &manifest, &folders).expect("update");
            u.write(&OutputFile::bytes("a.html", b"2".to_vec()))
                .expect("write");
        }
        assert_eq!(fs::read(out.join("a.html")).expect("read"), b"1");
        assert_eq!(fs::read_dir(tmp.path()).expect("list").count(), 1);
    }

    #[test]
    fn a_hand_edited_file_is_rewritten() {
        let tmp = tempfile::tempdir().expect("temp dir");
        let out = tmp.path().join("public");
        let (manifest, folders) = clean(&out, &[OutputFile::bytes("a.html", b"1".to_vec())]);
        fs::write(out.join("a.html"), b"edited").expect("edit");
        let u = Update::new(&out, &manifest, &folders).expect("update");
        assert!(u.trusted().is_empty());
        u.write(&OutputFile::bytes("a.html", b"1".to_vec()))
            .expect("write");
        u.commit().expect("commit");
        assert_eq!(fs::read(out.join("a.html")).expect("read"), b"1");
    }

    /// Folders read by an update of `out`, and the files it found that kheo did not write.
    fn survey(out: &Path, manifest: &Manifest, folders: &Folders) -> (Vec<String>, Vec<String>) {
        let (listing, mut read) = manifest::survey(out, manifest, folders).expect("survey");
        let mut strays: Vec<String> = listing
            .files
            .keys()
            .filter(|p| !manifest.contains_key(*p) && p.as_str() != MARKER)
            .cloned()
            .collect();
        read.sort();
        strays.sort();
        (read, strays)
    }

    #[test]
    fn only_folders_changed_since_the_last_build_are_read() {
        let tmp = tempfile::tempdir().expect("temp dir");
        let out = tmp.path().join("public");
        let files = [
            OutputFile::bytes("index.html", b"1".to_vec()),
            OutputFile::bytes("a/index.html", b"2".to_vec()),
            OutputFile::bytes("a/b/index.html", b"3".to_vec()),
            OutputFile::bytes("c/index.html", b"4".to_vec()),
        ];
        let (manifest, folders) = clean(&out, &files);
        assert_eq!(folders.len(), 4, "{folders:?}");
        assert_eq!(survey(&out, &manifest, &folders), (vec![], vec![]));
        // Files kheo did not write, in a folder of its own and in a new one.
        std::thread::sleep(std::time::Duration::from_millis(20));
        fs::write(out.join("a/b/stray.txt"), b"x").expect("stray");
        fs::create_dir_all(out.join("a/new/deeper")).expect("mkdir");
        fs::write(out.join("a/new/deeper/stray.txt"), b"y").expect("stray");
        fs::create_dir(out.join("empty")).expect("mkdir");
        let (read, strays) = survey(&out, &manifest, &folders);
        assert_eq!(read, ["", "a", "a/b", "a/new", "a/new/deeper", "empty"]);
        assert_eq!(strays, ["a/b/stray.txt", "a/new/deeper/stray.txt"]);
        // An update removes them and records the folders it changed.
        let u = Update::new(&out, &manifest, &folders).expect("update");
        for f in &files {
            u.write(f).expect("write");
        }
        let (manifest, folders) = u.commit().expect("commit");
        assert!(!out.join("a/b/stray.txt").exists());
        assert!(!out.join("a/new").exists());
        assert!(!out.join("empty").exists());
        assert_eq!(survey(&out, &manifest, &folders), (vec![], vec![]));
        // A page that is new, and one that goes.
        let u = Update::new(&out, &manifest, &folders).expect("update");
        u.write(&files[0]).expect("write");
        u.write(&files[1]).expect("write");
        u.write(&files[2]).expect("write");
        u.write(&OutputFile::bytes("d/e/index.html", b"5".to_vec()))
            .expect("write");
        let (manifest, folders) = u.commit().expect("commit");
        assert!(!out.join("c").exists());
        assert!(folders.contains_key("d/e") && !folders.contains_key("c"));
        assert_eq!(survey(&out, &manifest, &folders), (vec![], vec![]));
        // Without a record of the folders, every folder is read.
        let (read, strays) = survey(&out, &manifest, &Folders::default());
        assert_eq!(read, ["", "a", "a/b", "d", "d/e"]);
        assert!(strays.is_empty());
    }
}
