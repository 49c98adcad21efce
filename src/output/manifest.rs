//! The manifest of an output folder: every file a build wrote, with the
//! hash of its bytes and the size and modification time it had on disk.
//!
//! The next build trusts an entry only while the file still has that size
//! and time ([`Manifest::verify`]): a file edited, replaced or deleted by
//! hand since is rewritten, never assumed.

use rustc_hash::FxHashMap as HashMap;
use std::fs;
use std::path::Path;
use std::time::UNIX_EPOCH;

use rayon::prelude::*;
use serde::{Deserialize, Serialize};

use crate::fingerprint::Fingerprint;

/// What a build knows about one file it wrote.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Stamp {
    /// Hash of the bytes.
    pub hash: Fingerprint,
    /// Size in bytes.
    pub size: u64,
    /// Modification time: seconds and nanoseconds since 1970.
    pub mtime: (i64, u32),
}

impl Stamp {
    /// The stamp of a file just written with bytes of hash `hash`.
    pub fn new(hash: Fingerprint, meta: &fs::Metadata) -> Stamp {
        let (size, mtime) = disk_stamp(meta);
        Stamp { hash, size, mtime }
    }
}

/// Size and modification time of a file.
pub fn disk_stamp(meta: &fs::Metadata) -> (u64, (i64, u32)) {
    let mtime = meta
        .modified()
        .ok()
        .and_then(|t| t.duration_since(UNIX_EPOCH).ok())
        .map(|d| (d.as_secs() as i64, d.subsec_nanos()))
        .unwrap_or((-1, 0));
    (meta.len(), mtime)
}

/// Output path (relative, with `/`) → stamp.
pub type Manifest = HashMap<String, Stamp>;

/// Folder of the output (relative, with `/`; `""` for the output folder
/// itself) → modification time, for every folder that holds a file of the
/// manifest. A folder whose time is unchanged holds the entries it held
/// then, so a build need not read it to find files kheo did not write.
pub type Folders = HashMap<String, (i64, u32)>;

/// An output folder opened once, to look at many paths below it: each
/// look-up starts there instead of walking the folder's own path again
/// (an incremental build looks at every file and folder it wrote).
pub struct Root {
    #[cfg(unix)]
    fd: rustix::fd::OwnedFd,
    #[cfg(not(unix))]
    path: std::path::PathBuf,
}

/// What [`Root::stat`] found at a path (symbolic links not followed).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Found {
    pub is_file: bool,
    pub is_dir: bool,
    pub size: u64,
    pub mtime: (i64, u32),
}

impl Root {
    /// Opens `out`, which must be a folder.
    pub fn open(out: &Path) -> std::io::Result<Root> {
        #[cfg(unix)]
        {
            use rustix::fs::{Mode, OFlags};
            let flags = OFlags::RDONLY | OFlags::DIRECTORY | OFlags::CLOEXEC;
            Ok(Root {
                fd: rustix::fs::open(out, flags, Mode::empty())?,
            })
        }
        #[cfg(not(unix))]
        {
            if !fs::metadata(out)?.is_dir() {
                return Err(std::io::Error::other("not a folder"));
            }
            Ok(Root {
                path: out.to_path_buf(),
            })
        }
    }

    /// The type, size and time of `rel` (relative, with `/`; `""` for the
    /// folder itself), None when nothing is there or it cannot be read.
    pub fn stat(&self, rel: &str) -> Option<Found> {
        let rel = if rel.is_empty() { "." } else { rel };
        #[cfg(unix)]
        {
            use rustix::fs::{AtFlags, FileType};
            let st = rustix::fs::statat(&self.fd, rel, AtFlags::SYMLINK_NOFOLLOW).ok()?;
            let kind = FileType::from_raw_mode(st.st_mode as _);
            Some(Found {
                is_file: kind == FileType::RegularFile,
                is_dir: kind == FileType::Directory,
                size: st.st_size as u64,
                mtime: (st.st_mtime as i64, st.st_mtime_nsec as u32),
            })
        }
        #[cfg(not(unix))]
        {
            let meta = fs::symlink_metadata(self.path.join(rel)).ok()?;
            let (size, mtime) = disk_stamp(&meta);
            Some(Found {
                is_file: meta.is_file(),
                is_dir: meta.is_dir(),
                size,
                mtime,
            })
        }
    }

    /// The modification time of a folder, None when it is not one.
    fn folder_time(&self, rel: &str) -> Option<(i64, u32)> {
        self.stat(rel).filter(|f| f.is_dir).map(|f| f.mtime)
    }
}

/// The folders above `path` (a relative output path), nearest first, the output folder last.
pub fn parents(path: &str) -> impl Iterator<Item = &str> {
    let mut at = Some(path);
    std::iter::from_fn(move || {
        let p = at?;
        match p.rsplit_once('/') {
            Some((parent, _)) => {
                at = Some(parent);
                Some(parent)
            }
            None => {
                at = None;
                Some("")
            }
        }
    })
}

/// The folders holding the files of `manifest` and their times on disk now
/// (a folder that cannot be read is left out, so the next build reads it).
/// `known` gives times still true (of folders this build did not touch).
pub fn folders_of(
    out: &Path,
    manifest: &Manifest,
    known: &(dyn Fn(&str) -> Option<(i64, u32)> + Sync),
) -> Folders {
    let mut all: rustc_hash::FxHashSet<&str> = Default::default();
    for path in manifest.keys() {
        for parent in parents(path) {
            if !all.insert(parent) {
                break;
            }
        }
    }
    all.insert("");
    let Ok(root) = Root::open(out) else {
        return Folders::default();
    };
    all.into_par_iter()
        .filter_map(|d| {
            let time = known(d).or_else(|| root.folder_time(d))?;
            Some((d.to_owned(), time))
        })
        .collect()
}

/// Files and folders found in an output folder.
#[derive(Debug, Default)]
pub struct Listing {
    /// Relative path → (size, mtime), for every file.
    pub files: HashMap<String, (u64, (i64, u32))>,
    /// Relative paths of every folder below the top.
    pub dirs: Vec<String>,
    /// The folders that hold nothing.
    pub empty_dirs: Vec<String>,
}

/// Lists an output folder (no symbolic links followed), folders in parallel:
/// an output of 10 000 models has as many folders.
pub fn list(out: &Path) -> std::io::Result<Listing> {
    let mut listing = Listing::default();
    listing.add(list_dir(out, "")?);
    Ok(listing)
}

impl Listing {
    /// Adds what [`list_dir`] found.
    fn add(&mut self, items: Vec<Item>) {
        for item in items {
            match item {
                Item::File(rel, stamp) => {
                    self.files.insert(rel, stamp);
                }
                Item::Dir(rel, empty) => {
                    if empty {
                        self.empty_dirs.push(rel.clone());
                    }
                    self.dirs.push(rel);
                }
            }
        }
    }
}

enum Item {
    File(String, (u64, (i64, u32))),
    /// A folder and whether it is empty.
    Dir(String, bool),
}

fn list_dir(dir: &Path, rel: &str) -> std::io::Result<Vec<Item>> {
    let entries: Vec<fs::DirEntry> = fs::read_dir(dir)?.collect::<Result<_, _>>()?;
    let nested: Vec<Vec<Item>> = entries
        .par_iter()
        .map(|e| {
            let name = e.file_name().to_string_lossy().into_owned();
            let rel = if rel.is_empty() {
                name
            } else {
                format!("{rel}/{name}")
            };
            let kind = e.file_type()?;
            if kind.is_dir() {
                let mut items = list_dir(&e.path(), &rel)?;
                let empty = items.is_empty();
                items.push(Item::Dir(rel, empty));
                Ok(items)
            } else {
                let meta = e.metadata()?;
                Ok(vec![Item::File(rel, disk_stamp(&meta))])
            }
        })
        .collect::<std::io::Result<_>>()?;
    Ok(nested.into_iter().flatten().collect())
}

/// What an output folder holds, read without listing the folders whose
/// time is the one `folders` recorded (they hold the files of `manifest`
/// and the folders of `folders` that are in them): the files of `manifest`
/// are looked at one by one, and only a folder changed since (or not
/// recorded) is read, whole, for the entries kheo did not write. Also
/// returns the folders read. Without a record, the whole folder is listed.
pub fn survey(
    out: &Path,
    manifest: &Manifest,
    folders: &Folders,
) -> std::io::Result<(Listing, Vec<String>)> {
    if !folders.contains_key("") {
        let listing = list(out)?;
        let mut read = listing.dirs.clone();
        read.push(String::new());
        return Ok((listing, read));
    }
    let root = Root::open(out)?;
    let (changed, files) = rayon::join(
        || {
            folders
                .par_iter()
                .filter(|(d, t)| root.folder_time(d) != Some(**t))
                .map(|(d, _)| d.clone())
                .collect::<Vec<String>>()
        },
        || {
            manifest
                .par_iter()
                .filter_map(|(p, _)| {
                    let found = root.stat(p).filter(|f| f.is_file)?;
                    Some((p.clone(), (found.size, found.mtime)))
                })
                .collect::<HashMap<_, _>>()
        },
    );
    let mut listing = Listing {
        files,
        ..Listing::default()
    };
    let mut read = Vec::new();
    for dir in changed {
        let Ok(entries) = fs::read_dir(out.join(&dir)) else {
            continue;
        };
        let mut empty = true;
        for e in entries {
            let e = e?;
            empty = false;
            let name = e.file_name().to_string_lossy().into_owned();
            let rel = if dir.is_empty() {
                name
            } else {
                format!("{dir}/{name}")
            };
            if e.file_type()?.is_dir() {
                if !folders.contains_key(&rel) {
                    let items = list_dir(&e.path(), &rel)?;
                    let empty = items.is_empty();
                    let dirs = listing.dirs.len();
                    listing.add(items);
                    listing.add(vec![Item::Dir(rel, empty)]);
                    read.extend(listing.dirs[dirs..].iter().cloned());
                }
            } else if !manifest.contains_key(&rel) {
                listing.files.insert(rel, disk_stamp(&e.metadata()?));
            }
        }
        if empty && !dir.is_empty() {
            listing.empty_dirs.push(dir.clone());
        }
        read.push(dir);
    }
    Ok((listing, read))
}

/// Keeps the entries whose file is on disk with the recorded size and time.
pub fn verify(manifest: &Manifest, listing: &Listing) -> Manifest {
    manifest
        .iter()
        .filter(|(path, stamp)| listing.files.get(*path) == Some(&(stamp.size, stamp.mtime)))
        .map(|(p, s)| (p.clone(), *s))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn entry(dir: &Path, name: &str, bytes: &[u8]) -> (String, Stamp) {
        let path = dir.join(name);
        fs::write(&path, bytes).expect("write");
        let meta = fs::metadata(&path).expect("stat");
        (name.to_owned(), Stamp::new(Fingerprint::of(bytes), &meta))
    }

    #[test]
    fn a_file_changed_by_hand_is_not_trusted() {
        let tmp = tempfile::tempdir().expect("temp dir");
        let mut manifest = Manifest::default();
        manifest.extend([
            entry(tmp.path(), "same.html", b"a"),
            entry(tmp.path(), "edited.html", b"b"),
            entry(tmp.path(), "deleted.html", b"c"),
        ]);
        fs::write(tmp.path().join("edited.html"), b"edited by hand").expect("edit");
        fs::remove_file(tmp.path().join("deleted.html")).expect("delete");
        let listing = list(tmp.path()).expect("list");
        let trusted = verify(&manifest, &listing);
        assert_eq!(trusted.len(), 1);
        assert!(trusted.contains_key("same.html"));
    }

    #[test]
    fn listing_has_files_and_folders() {
        let tmp = tempfile::tempdir().expect("temp dir");
        fs::create_dir_all(tmp.path().join("a/b")).expect("mkdir");
        fs::write(tmp.path().join("a/b/x.txt"), b"12345").expect("write");
        fs::create_dir_all(tmp.path().join("a/e")).expect("mkdir");
        let listing = list(tmp.path()).expect("list");
        assert_eq!(listing.files["a/b/x.txt"].0, 5);
        let mut dirs = listing.dirs.clone();
        dirs.sort();
        assert_eq!(dirs, vec!["a", "a/b", "a/e"]);
        assert_eq!(listing.empty_dirs, vec!["a/e"]);
    }
}
