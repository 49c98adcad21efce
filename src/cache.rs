//! The incremental-build cache: what the previous build made and from what,
//! so the next one redoes only the work an edit implies.
//!
//! A [`BuildCache`] holds
//! 1. the [`Manifest`] of the output folder (hash, size and time of every
//!    file written), so unchanged files are neither rewritten nor compared;
//! 2. [`Memo`]s: for each piece of output work (a page, the search index, a
//!    booklet volume) the [`Fingerprint`] of all its inputs and the files it
//!    produced, so work whose inputs are unchanged is skipped;
//! 3. the rendered Markdown of every document, keyed by the fingerprint of
//!    its text and of everything its rendering reads.
//!
//! `kheo build` loads it from `<root>/.kheo-cache/` and saves it after a
//! successful build; a long-running process keeps it in memory between
//! builds. The file is named after kheo's version and format, and starts
//! with them and the identity of the binary: a cache from another version or
//! build of kheo, or one that does not decode, is ignored (the build is a
//! clean one) and overwritten, never an error. It may be deleted at any time.

use std::collections::HashMap;
use std::fs;
use std::io;
use std::path::{Path, PathBuf};
use std::sync::Mutex;

use serde::{Deserialize, Serialize};

use crate::diagnostic::Diagnostic;
use crate::fingerprint::{Fingerprint, Hasher};
use crate::markdown::{Asset, SiteLink};
use crate::output::Manifest;

/// The cache folder, relative to the site root.
pub const DIR: &str = ".kheo-cache";

/// Bumped whenever the layout of [`BuildCache`] changes.
const FORMAT: u32 = 1;

/// The previous build's work, for the next build.
#[derive(Debug, Default, Serialize, Deserialize)]
pub struct BuildCache {
    /// The output folder the manifest describes.
    pub(crate) out: PathBuf,
    /// Every file of that output folder.
    pub(crate) manifest: Manifest,
    /// Output work by key (an output path, `search`, a booklet volume).
    pub(crate) memos: HashMap<String, Memo>,
    /// Rendered Markdown by source path.
    pub(crate) markdown: HashMap<String, RenderedDoc>,
}

/// A piece of output work: the fingerprint of its inputs and what it produced.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Memo {
    /// Fingerprint of every input.
    pub fingerprint: Fingerprint,
    /// Output paths it produced.
    pub paths: Vec<String>,
    /// A value the rest of the build needs from it (the search manifest).
    pub extra: String,
}

/// One Markdown document rendered, with what the rest of the build needs.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct RenderedDoc {
    /// Fingerprint of the text and of everything its rendering read.
    pub fingerprint: Fingerprint,
    /// The HTML.
    pub html: String,
    /// The summary taken from the first paragraph (used when front matter has none).
    pub first_paragraph: String,
    /// The cover image's output URL, for a model with `image:`.
    pub image: Option<String>,
    /// Site links to check.
    pub links: Vec<SiteLink>,
    /// Files copied beside the page.
    pub assets: Vec<Asset>,
    /// Warnings (documents with errors are not cached).
    pub diagnostics: Vec<Diagnostic>,
}

impl BuildCache {
    /// An empty cache: the next build is a clean one.
    pub fn new() -> Self {
        Self::default()
    }

    /// The cache file of this version of kheo.
    pub fn file(root: &Path) -> PathBuf {
        root.join(DIR)
            .join(format!("build-{}-{FORMAT}.bin", env!("CARGO_PKG_VERSION")))
    }

    /// Loads the cache of `root`; empty when there is none or it cannot be read.
    pub fn load(root: &Path) -> BuildCache {
        fs::read(Self::file(root))
            .ok()
            .and_then(|bytes| Self::decode(&bytes))
            .unwrap_or_default()
    }

    fn decode(bytes: &[u8]) -> Option<BuildCache> {
        let rest = bytes.strip_prefix(header().as_slice())?;
        postcard::from_bytes(rest).ok()
    }

    /// Saves the cache under `root` (written beside, then renamed).
    pub fn save(&self, root: &Path) -> io::Result<()> {
        let file = Self::file(root);
        let dir = root.join(DIR);
        fs::create_dir_all(&dir)?;
        let mut bytes = header();
        bytes.extend(postcard::to_stdvec(self).map_err(io::Error::other)?);
        let tmp = dir.join(format!(".build-{}.tmp", std::process::id()));
        fs::write(&tmp, &bytes)?;
        fs::rename(&tmp, &file)?;
        // Caches of other versions are dead weight.
        if let Ok(entries) = fs::read_dir(&dir) {
            for e in entries.flatten() {
                let name = e.file_name().to_string_lossy().into_owned();
                if name.starts_with("build-") && e.path() != file {
                    let _ = fs::remove_file(e.path());
                }
            }
        }
        Ok(())
    }

    /// Whether the cache describes an output folder at `out` it can update in place.
    pub(crate) fn can_update(&self, out: &Path) -> bool {
        !self.manifest.is_empty() && self.out == out && out.join(crate::output::MARKER).is_file()
    }
}

/// Magic bytes, kheo's version, the format and the size and time of the
/// running binary, so the file of another version, or of another build of
/// this version (whose templates or rendering may differ), is refused.
fn header() -> Vec<u8> {
    let binary = std::env::current_exe()
        .and_then(fs::metadata)
        .map(|m| crate::output::manifest::disk_stamp(&m))
        .unwrap_or_default();
    format!(
        "kheo-cache {} {FORMAT} {binary:?}\n",
        env!("CARGO_PKG_VERSION")
    )
    .into_bytes()
}

/// The memos of a build in progress: the previous build's to reuse (only
/// those whose files are still intact in the output) and this build's.
pub struct Reuse<'a> {
    global: Fingerprint,
    previous: Option<&'a HashMap<String, Memo>>,
    next: Mutex<HashMap<String, Memo>>,
}

impl<'a> Reuse<'a> {
    /// Nothing to reuse: every piece of work is done and recorded.
    pub fn none() -> Reuse<'static> {
        Reuse {
            global: Fingerprint(0),
            previous: None,
            next: Mutex::new(HashMap::new()),
        }
    }

    /// Reuses `previous`; `global` is the fingerprint of what every piece of work reads.
    pub fn new(global: Fingerprint, previous: Option<&'a HashMap<String, Memo>>) -> Reuse<'a> {
        Reuse {
            global,
            previous,
            next: Mutex::new(HashMap::new()),
        }
    }

    /// A hasher that starts with the global fingerprint.
    pub fn hasher(&self) -> Hasher {
        let mut h = Hasher::new();
        h.fingerprint(self.global);
        h
    }

    /// The previous build's memo for `key` when its inputs had this
    /// fingerprint; it is recorded for the next build too.
    pub fn reuse(&self, key: &str, fingerprint: Fingerprint) -> Option<Memo> {
        let memo = self
            .previous?
            .get(key)
            .filter(|m| m.fingerprint == fingerprint)?
            .clone();
        self.record(key, memo.clone());
        Some(memo)
    }

    /// Records this build's memo for `key`.
    pub fn record(&self, key: &str, memo: Memo) {
        self.next
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .insert(key.to_owned(), memo);
    }

    /// This build's memos.
    pub fn into_memos(self) -> HashMap<String, Memo> {
        self.next.into_inner().unwrap_or_else(|e| e.into_inner())
    }
}

/// The memos whose every file is still in the output as written.
pub(crate) fn intact_memos(
    memos: &HashMap<String, Memo>,
    trusted: &Manifest,
) -> HashMap<String, Memo> {
    memos
        .iter()
        .filter(|(_, m)| m.paths.iter().all(|p| trusted.contains_key(p)))
        .map(|(k, m)| (k.clone(), m.clone()))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::output::Stamp;

    fn cache_with_page() -> BuildCache {
        let mut c = BuildCache::new();
        c.out = PathBuf::from("/x/public");
        c.manifest.insert(
            "index.html".into(),
            Stamp {
                hash: Fingerprint(1),
                size: 1,
                mtime: (2, 3),
            },
        );
        c.memos.insert(
            "index.html".into(),
            Memo {
                fingerprint: Fingerprint(9),
                paths: vec!["index.html".into()],
                extra: String::new(),
            },
        );
        c
    }

    #[test]
    fn a_saved_cache_loads_back() {
        let tmp = tempfile::tempdir().expect("temp dir");
        cache_with_page().save(tmp.path()).expect("save");
        let loaded = BuildCache::load(tmp.path());
        assert_eq!(loaded.manifest.len(), 1);
        assert_eq!(loaded.memos["index.html"].fingerprint, Fingerprint(9));
    }

    #[test]
    fn a_corrupt_or_foreign_cache_is_empty() {
        let tmp = tempfile::tempdir().expect("temp dir");
        fs::create_dir_all(tmp.path().join(DIR)).expect("mkdir");
        fs::write(BuildCache::file(tmp.path()), b"garbage").expect("write");
        assert!(BuildCache::load(tmp.path()).manifest.is_empty());
        let mut bytes = header();
        bytes.extend([0xff; 40]);
        fs::write(BuildCache::file(tmp.path()), bytes).expect("write");
        assert!(BuildCache::load(tmp.path()).manifest.is_empty());
        let mut old = b"kheo-cache 0.0.1 1 (0, (0, 0))\n".to_vec();
        old.extend(postcard::to_stdvec(&cache_with_page()).expect("encode"));
        fs::write(BuildCache::file(tmp.path()), old).expect("write");
        assert!(BuildCache::load(tmp.path()).manifest.is_empty());
    }

    #[test]
    fn a_memo_is_reused_only_with_the_same_fingerprint() {
        let cache = cache_with_page();
        let reuse = Reuse::new(Fingerprint(0), Some(&cache.memos));
        assert!(reuse.reuse("index.html", Fingerprint(8)).is_none());
        assert!(reuse.reuse("index.html", Fingerprint(9)).is_some());
        assert!(Reuse::none().reuse("index.html", Fingerprint(9)).is_none());
        assert_eq!(reuse.into_memos().len(), 1);
    }

    #[test]
    fn memos_of_files_changed_on_disk_are_dropped() {
        let cache = cache_with_page();
        assert_eq!(intact_memos(&cache.memos, &cache.manifest).len(), 1);
        assert!(intact_memos(&cache.memos, &Manifest::new()).is_empty());
    }
}
