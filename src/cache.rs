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
//! `kheo build` loads it from `<root>/.kheo-cache/` and saves what changed
//! after a successful build; a long-running process keeps it in memory
//! between builds. Its folder is named after kheo's version and format, and
//! each file starts with them and the identity of the binary: a cache from another version or
//! build of kheo, or one that does not decode, is ignored (the build is a
//! clean one) and overwritten, never an error. It may be deleted at any time.

use rustc_hash::FxHashMap as HashMap;
use std::fs;
use std::io;
use std::path::{Path, PathBuf};
use std::sync::Mutex;

use rayon::prelude::*;
use serde::{Deserialize, Serialize};

use crate::content::SharedText;
use crate::content::parsed::{Encoded, PARTS as PARSED_PARTS};
use crate::diagnostic::Diagnostic;
use crate::fingerprint::{Fingerprint, Hasher};
use crate::markdown::{Asset, SiteLink};
use crate::output::{Contents, Folders, Manifest};
use crate::search::SearchState;

/// The cache folder, relative to the site root.
pub const DIR: &str = ".kheo-cache";

/// Bumped whenever the layout of [`BuildCache`] changes.
const FORMAT: u32 = 8;

/// The previous build's work, for the next build.
#[derive(Debug, Default, Serialize, Deserialize)]
pub struct BuildCache {
    /// The output folder the manifest describes.
    pub(crate) out: PathBuf,
    /// Every file of that output folder.
    pub(crate) manifest: Manifest,
    /// The times of its folders, so an unchanged folder is not listed.
    pub(crate) folders: Folders,
    /// Output work by key (an output path, `search`, a booklet volume).
    pub(crate) memos: HashMap<String, Memo>,
    /// Rendered Markdown by source path.
    pub(crate) markdown: Rendered,
    /// The search index's lists, to patch (saved in a file of its own).
    #[serde(skip)]
    pub(crate) search: SearchSlot,
    /// Whether `search` is another than the previous build's.
    #[serde(skip)]
    pub(crate) search_changed: bool,
    /// The parsed content files, without the models' bodies, serialised
    /// (a third of their size in memory; saved in files of their own).
    #[serde(skip)]
    pub(crate) parsed: Option<Encoded>,
    /// What the last build changed (an unchanged part is not saved again).
    #[serde(skip)]
    pub(crate) changed: Changed,
    /// The site folder whose cache this is saved as after each build
    /// ([`BuildCache::saved_in`]), so the build can write its parts while
    /// it commits the output; None for a cache kept in memory only.
    #[serde(skip)]
    pub(crate) save_in: Option<PathBuf>,
}

/// The previous build's search lists: being read on a thread of their own
/// while the build reads the content and makes the pages (the lists are
/// needed only by the search index, at the end), or known.
#[derive(Debug, Default)]
pub(crate) enum SearchSlot {
    /// No lists: the index is made whole.
    #[default]
    Empty,
    /// The lists.
    Ready(Box<SearchState>),
    /// The lists, once read (None if the file cannot be read).
    Reading(std::thread::JoinHandle<Option<SearchState>>),
}

impl SearchSlot {
    /// The lists, waiting for them to be read.
    pub(crate) fn get(self) -> Option<SearchState> {
        match self {
            SearchSlot::Empty => None,
            SearchSlot::Ready(s) => Some(*s),
            SearchSlot::Reading(h) => h.join().ok().flatten(),
        }
    }

    /// The lists, if known.
    fn ready(&self) -> Option<&SearchState> {
        match self {
            SearchSlot::Ready(s) => Some(s),
            _ => None,
        }
    }
}

/// Which parts of the cache a build changed: the manifest and memos, each
/// Markdown shard, the search lists, each part of the parsed files.
#[derive(Debug, Default)]
pub(crate) struct Changed {
    parts: Vec<bool>,
    /// The parts written beside their places already, by [`BuildCache::stage`].
    staged: Vec<bool>,
}

/// What describes the output folder: the file of part [`MAIN_PART`],
/// written once the output is committed. The memos are in a file of their
/// own, the Markdown in [`SHARDS`] files and the parsed files in
/// [`PARSED_PARTS`], so an edit saves a small part of the cache, all but
/// this one while the output is committed.
type Main = (PathBuf, Manifest, Folders);

/// The file of [`Main`].
const MAIN: &str = "build.bin";

/// The file of [`BuildCache::memos`].
const MEMOS: &str = "memos.bin";

/// The file of the listing of `content/` kept with the parsed files.
const LISTING: &str = "files.bin";

/// The parts of the cache, each a file: see [`BuildCache::part_name`].
const MAIN_PART: usize = 0;
const MEMOS_PART: usize = 1;
const SEARCH_PART: usize = 2;
const LISTING_PART: usize = 3;
const fn shard_part(s: usize) -> usize {
    4 + s
}
const fn parsed_part(p: usize) -> usize {
    4 + SHARDS + p
}
const PARTS: usize = 4 + SHARDS + PARSED_PARTS;

/// Number of files the rendered Markdown is spread over.
const SHARDS: usize = 32;

fn shard_of(source: &str) -> usize {
    (xxhash_rust::xxh3::xxh3_64(source.as_bytes()) % SHARDS as u64) as usize
}

/// The file of [`BuildCache::search`].
const SEARCH: &str = "search.bin";
/// The bytes of the search lists, which `search.bin` describes: written in
/// place, only what changed ([`SearchState::save_lists`]).
const SEARCH_LISTS: [&str; 3] = ["search-words.bin", "search-forms.bin", "search-pairs.bin"];

/// The files of the search lists' bytes in `folder`.
fn search_lists(folder: &Path) -> [PathBuf; 3] {
    SEARCH_LISTS.map(|name| folder.join(name))
}

/// The file of part `p` of [`BuildCache::parsed`].
fn parsed_name(p: usize) -> String {
    format!("parsed-{p:02}.bin")
}

fn shard_name(s: usize) -> String {
    format!("markdown-{s:02}.bin")
}

/// Reads one part; None when it is missing, of another version or damaged.
fn read<T: serde::de::DeserializeOwned>(file: &Path) -> Option<T> {
    let bytes = fs::read(file).ok()?;
    let rest = bytes.strip_prefix(header().as_slice())?;
    postcard::from_bytes(rest).ok()
}

/// Where a part is written before it is renamed to `name`.
fn beside(folder: &Path, name: &str) -> PathBuf {
    folder.join(format!(".{name}.{}.tmp", std::process::id()))
}

/// How old a file written beside its place ([`beside`]) must be for a
/// save to delete it: left by a save that stopped halfway. Another build
/// writing its own at the same time is never that slow.
const STALE: std::time::Duration = std::time::Duration::from_secs(3600);

/// Deletes the files in `folder` written beside their places that are
/// older than [`STALE`].
fn remove_stale_beside(folder: &Path) {
    let Ok(entries) = fs::read_dir(folder) else {
        return;
    };
    for e in entries.flatten() {
        let name = e.file_name();
        let name = name.to_string_lossy();
        let stale = || {
            e.metadata()
                .and_then(|m| m.modified())
                .ok()
                .and_then(|t| t.elapsed().ok())
                .is_some_and(|age| age > STALE)
        };
        if name.starts_with('.') && name.ends_with(".tmp") && stale() {
            let _ = fs::remove_file(e.path());
        }
    }
}

/// Writes one part beside its place ([`beside`]); streamed, so a large
/// part (the search lists) is never held twice in memory.
fn write<T: Serialize>(folder: &Path, name: &str, value: &T) -> io::Result<()> {
    use std::io::Write;
    let mut file = io::BufWriter::with_capacity(1 << 20, fs::File::create(beside(folder, name))?);
    file.write_all(&header())?;
    let file = postcard::to_io(value, file).map_err(io::Error::other)?;
    file.into_inner().map_err(|e| e.into_error())?;
    Ok(())
}

/// Writes one part already serialised beside its place ([`beside`]).
fn write_raw(folder: &Path, name: &str, bytes: &[u8]) -> io::Result<()> {
    let mut all = header();
    all.extend_from_slice(bytes);
    fs::write(beside(folder, name), all)
}

/// A Markdown shard as written: the length of the heads, every document
/// but its HTML ([`HeadRef`]), then the documents' HTML one after the
/// other, read only when a page shows it ([`read_markdown`]).
fn write_markdown(
    folder: &Path,
    name: &str,
    docs: &HashMap<&String, &RenderedDoc>,
) -> io::Result<()> {
    use std::io::Write;
    let mut docs: Vec<(&String, &RenderedDoc)> = docs.iter().map(|(k, d)| (*k, *d)).collect();
    docs.sort_by_key(|(k, _)| *k);
    let heads: Vec<(&str, HeadRef<'_>)> = docs
        .iter()
        .map(|(k, d)| {
            let head = HeadRef {
                fingerprint: d.fingerprint,
                html_len: d.html.len(),
                html_fingerprint: d.html.fingerprint(),
                first_paragraph: &d.first_paragraph,
                image: &d.image,
                links: &d.links,
                assets: &d.assets,
                diagnostics: &d.diagnostics,
            };
            (k.as_str(), head)
        })
        .collect();
    let heads = postcard::to_allocvec(&heads).map_err(io::Error::other)?;
    let mut file = io::BufWriter::with_capacity(1 << 20, fs::File::create(beside(folder, name))?);
    file.write_all(&header())?;
    file.write_all(&(heads.len() as u64).to_le_bytes())?;
    file.write_all(&heads)?;
    for (_, d) in &docs {
        file.write_all(d.html.as_bytes())?;
    }
    file.into_inner().map_err(|e| e.into_error())?;
    Ok(())
}

/// Reads a Markdown shard written by [`write_markdown`]; None when it is
/// missing, of another version or damaged. The HTML stays in the file,
/// kept open, until a page shows it: after an edit, a handful of the
/// thousands of documents (the heads hold the others' fingerprints).
fn read_markdown(path: &Path) -> Option<Rendered> {
    use std::io::Read;
    let mut file = fs::File::open(path).ok()?;
    let size = file.metadata().ok()?.len();
    let header = header();
    let mut start = vec![0; header.len() + 8];
    file.read_exact(&mut start).ok()?;
    let heads_len = start.strip_prefix(header.as_slice())?.try_into().ok()?;
    let heads_len = u64::from_le_bytes(heads_len);
    let mut heads = vec![0; usize::try_from(heads_len).ok()?];
    file.read_exact(&mut heads).ok()?;
    let heads = postcard::from_bytes::<Vec<(String, Head)>>(&heads).ok()?;
    let mut offset = start.len() as u64 + heads_len;
    let html_len: u64 = heads.iter().map(|(_, h)| h.html_len as u64).sum();
    if offset + html_len != size {
        return None;
    }
    let file = std::sync::Arc::new(crate::content::TextFile::from_file(path, file));
    let docs = heads.into_iter().map(|(k, h)| {
        let html = SharedText::stored(&file, offset, h.html_len, h.html_fingerprint);
        offset += h.html_len as u64;
        let doc = RenderedDoc {
            fingerprint: h.fingerprint,
            html,
            first_paragraph: h.first_paragraph,
            image: h.image,
            links: h.links,
            assets: h.assets,
            diagnostics: h.diagnostics,
        };
        (k, doc)
    });
    Some(docs.collect())
}

/// A [`RenderedDoc`] without its HTML, as written.
#[derive(Serialize)]
struct HeadRef<'a> {
    fingerprint: Fingerprint,
    html_len: usize,
    html_fingerprint: Fingerprint,
    first_paragraph: &'a str,
    image: &'a Option<String>,
    links: &'a [SiteLink],
    assets: &'a [Asset],
    diagnostics: &'a [Diagnostic],
}

/// A [`RenderedDoc`] without its HTML, as read.
#[derive(Deserialize)]
struct Head {
    fingerprint: Fingerprint,
    html_len: usize,
    html_fingerprint: Fingerprint,
    first_paragraph: String,
    image: Option<String>,
    links: Vec<SiteLink>,
    assets: Vec<Asset>,
    diagnostics: Vec<Diagnostic>,
}

/// Rendered Markdown by source path.
pub type Rendered = HashMap<String, RenderedDoc>;

/// A piece of output work: the fingerprint of its inputs and what it produced.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
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
    /// The HTML, shared with the previous build's memo rather than copied.
    pub html: SharedText,
    /// The summary made from the first paragraph, cut to length (used when
    /// front matter has none).
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

    /// This cache, to be saved in `root`'s cache folder after each build
    /// ([`BuildCache::save_if_changed`]).
    pub fn saved_in(mut self, root: &Path) -> Self {
        self.save_in = Some(root.to_path_buf());
        self
    }

    /// The cache folder of this version of kheo.
    pub fn folder(root: &Path) -> PathBuf {
        root.join(DIR)
            .join(format!("{}-f{FORMAT}", env!("CARGO_PKG_VERSION")))
    }

    /// Loads the cache of `root`; empty when there is none or it cannot be
    /// read (a shard of rendered Markdown that cannot be read is left out).
    pub fn load(root: &Path) -> BuildCache {
        let folder = Self::folder(root);
        let lap = crate::site::Laps::new();
        if !folder.join(MAIN).is_file() {
            return BuildCache::default();
        }
        let search_file = folder.join(SEARCH);
        let lists = search_lists(&folder);
        let search = std::thread::Builder::new()
            .name("kheo-search-cache".into())
            .spawn(move || read::<SearchState>(&search_file)?.with_lists(&lists))
            .map_or(SearchSlot::Empty, SearchSlot::Reading);
        // The main part and the memos decode on one core each while the
        // parts split in many decode on the others.
        let ((main, memos), (parsed, markdown)) = rayon::join(
            || {
                rayon::join(
                    || read::<Main>(&folder.join(MAIN)),
                    || read::<HashMap<String, Memo>>(&folder.join(MEMOS)),
                )
            },
            || {
                rayon::join(
                    || {
                        let header = header();
                        let raw = |name: &str| {
                            let mut bytes = fs::read(folder.join(name)).ok()?;
                            bytes.starts_with(&header).then(|| {
                                bytes.drain(..header.len());
                                bytes
                            })
                        };
                        let parts = (0..PARSED_PARTS)
                            .into_par_iter()
                            .map(|p| raw(&parsed_name(p)))
                            .collect::<Option<Vec<Vec<u8>>>>()?;
                        Some(Encoded::loaded(parts, raw(LISTING).unwrap_or_default()))
                    },
                    || {
                        let shards = (0..SHARDS)
                            .into_par_iter()
                            .map(|s| read_markdown(&folder.join(shard_name(s))).unwrap_or_default())
                            .collect::<Vec<_>>();
                        let mut markdown = Rendered::with_capacity_and_hasher(
                            shards.iter().map(HashMap::len).sum(),
                            Default::default(),
                        );
                        for shard in shards {
                            markdown.extend(shard);
                        }
                        markdown
                    },
                )
            },
        );
        let (Some((out, manifest, folders)), Some(memos)) = (main, memos) else {
            return BuildCache::default();
        };
        lap.at("  main part, parsed files and Markdown");
        BuildCache {
            out,
            manifest,
            folders,
            memos,
            markdown,
            search,
            search_changed: false,
            parsed,
            changed: Changed::default(),
            save_in: None,
        }
    }

    /// Saves what the last build changed (everything when the folder is missing).
    pub fn save_if_changed(&self, root: &Path) -> io::Result<()> {
        let all = !Self::folder(root).join(MAIN).is_file();
        self.write(root, |part| {
            all || self.changed.parts.get(part).is_some_and(|c| *c)
        })
    }

    /// Saves the whole cache under `root`.
    pub fn save(&self, root: &Path) -> io::Result<()> {
        self.write(root, |_| true)
    }

    /// The file of part `part`: [`MAIN_PART`] the output's manifest,
    /// [`MEMOS_PART`] the memos, [`SEARCH_PART`] the search lists,
    /// [`shard_part`] a Markdown shard, [`parsed_part`] a part of the parsed
    /// files.
    fn part_name(part: usize) -> String {
        match part {
            MAIN_PART => MAIN.to_owned(),
            MEMOS_PART => MEMOS.to_owned(),
            SEARCH_PART => SEARCH.to_owned(),
            LISTING_PART => LISTING.to_owned(),
            p if p < shard_part(SHARDS) => shard_name(p - shard_part(0)),
            p => parsed_name(p - parsed_part(0)),
        }
    }

    /// Writes the parts `which` selects ([`BuildCache::part_name`]), each
    /// beside its place ([`beside`]) then renamed there; a part staged
    /// already ([`BuildCache::stage`]) is only renamed.
    fn write(&self, root: &Path, which: impl Fn(usize) -> bool + Sync) -> io::Result<()> {
        let folder = Self::folder(root);
        fs::create_dir_all(&folder)?;
        let staged = |part: usize| self.changed.staged.get(part).is_some_and(|s| *s);
        self.write_parts(&folder, |p| which(p) && !staged(p))?;
        // The output's manifest last: it is what a load starts from.
        for part in (0..PARTS).rev().filter(|&p| which(p) && self.has(p)) {
            let name = Self::part_name(part);
            fs::rename(beside(&folder, &name), folder.join(&name))?;
        }
        if which(SEARCH_PART) && matches!(self.search, SearchSlot::Empty) {
            for file in [folder.join(SEARCH)]
                .into_iter()
                .chain(search_lists(&folder))
            {
                match fs::remove_file(file) {
                    Err(e) if e.kind() != io::ErrorKind::NotFound => return Err(e),
                    _ => {}
                }
            }
        }
        remove_stale_beside(&folder);
        // Caches of other versions are dead weight.
        if let Ok(entries) = fs::read_dir(root.join(DIR)) {
            for e in entries.flatten() {
                if e.path() != folder {
                    let _ = fs::remove_dir_all(e.path()).or_else(|_| fs::remove_file(e.path()));
                }
            }
        }
        Ok(())
    }

    /// Whether this cache has something to write as part `part` (the
    /// search lists only once known, the parsed files only when kept).
    fn has(&self, part: usize) -> bool {
        match part {
            SEARCH_PART => matches!(self.search, SearchSlot::Ready(_)),
            LISTING_PART => self.parsed.is_some(),
            p if p >= parsed_part(0) => self
                .parsed
                .as_ref()
                .is_some_and(|e| p - parsed_part(0) < e.parts.len()),
            _ => true,
        }
    }

    /// Writes the parts `which` selects and [`BuildCache::has`] beside
    /// their places, in parallel.
    fn write_parts(&self, folder: &Path, which: impl Fn(usize) -> bool + Sync) -> io::Result<()> {
        let main = || {
            if which(MAIN_PART) {
                write(folder, MAIN, &(&self.out, &self.manifest, &self.folders))?;
            }
            if which(MEMOS_PART) {
                write(folder, MEMOS, &self.memos)?;
            }
            io::Result::Ok(())
        };
        let mut shards: Vec<HashMap<&String, &RenderedDoc>> = vec![HashMap::default(); SHARDS];
        for (k, r) in &self.markdown {
            shards[shard_of(k)].insert(k, r);
        }
        let search = || match &self.search {
            SearchSlot::Ready(state) if which(SEARCH_PART) => {
                // The lists first: `search.bin`, renamed into place after,
                // says which bytes they must hold.
                state.save_lists(&search_lists(folder))?;
                write(folder, SEARCH, state)
            }
            _ => Ok(()),
        };
        let parsed = || match &self.parsed {
            Some(parsed) => {
                if which(LISTING_PART) {
                    write_raw(folder, LISTING, &parsed.listing)?;
                }
                parsed
                    .parts
                    .par_iter()
                    .enumerate()
                    .filter(|(p, _)| which(parsed_part(*p)))
                    .try_for_each(|(p, bytes)| write_raw(folder, &parsed_name(p), bytes))
            }
            None => Ok(()),
        };
        let ((main, (searched, parsed)), written) = rayon::join(
            || rayon::join(main, || rayon::join(search, parsed)),
            || {
                shards
                    .par_iter()
                    .enumerate()
                    .filter(|(s, _)| which(shard_part(*s)))
                    .try_for_each(|(s, docs)| write_markdown(folder, &shard_name(s), docs))
            },
        );
        main?;
        searched?;
        parsed?;
        written
    }

    /// Writes, beside their places, the parts of the cache of the build
    /// that made `next` that differ from this one, but the output's
    /// manifest (which waits for the output's commit): `kheo
    /// build` writes them while it commits the output, and they are
    /// renamed into place by the save that follows a successful commit.
    /// Returns which parts differ and were written (empty when one could
    /// not be: then none was).
    pub(crate) fn stage(&self, next: &BuildCache, root: &Path) -> Vec<bool> {
        let mut parts = self.changed_parts(next);
        parts[MAIN_PART] = false;
        let folder = Self::folder(root);
        let written =
            fs::create_dir_all(&folder).and_then(|()| next.write_parts(&folder, |p| parts[p]));
        if written.is_err() {
            // Saved after the build instead, as if not staged.
            Self::unstage(root, &parts);
            return Vec::new();
        }
        parts
    }

    /// Removes the parts that [`BuildCache::stage`] wrote, for a build
    /// that does not save its cache after all.
    pub(crate) fn unstage(root: &Path, parts: &[bool]) {
        let folder = Self::folder(root);
        for (part, _) in parts.iter().enumerate().filter(|(_, s)| **s) {
            let _ = fs::remove_file(beside(&folder, &Self::part_name(part)));
        }
    }

    /// Whether `next` describes the output otherwise than this cache (its
    /// folder, manifest or folder times: the main part).
    fn output_changed(&self, next: &BuildCache) -> bool {
        self.out != next.out || self.manifest != next.manifest || self.folders != next.folders
    }

    /// Which parts of the cache of the build that made `next` differ from
    /// this one's ([`BuildCache::part_name`]).
    fn changed_parts(&self, next: &BuildCache) -> Vec<bool> {
        let mut parts = vec![false; PARTS];
        parts[SEARCH_PART] = next.search_changed || matches!(next.search, SearchSlot::Empty);
        if let Some(parsed) = &next.parsed {
            parts[parsed_part(0)..].copy_from_slice(&parsed.changed);
            parts[LISTING_PART] = parsed.listing_changed;
        }
        parts[MAIN_PART] = self.output_changed(next);
        parts[MEMOS_PART] = self.memos != next.memos;
        for (k, r) in &next.markdown {
            if self
                .markdown
                .get(k)
                .is_none_or(|o| o.fingerprint != r.fingerprint)
            {
                parts[shard_part(shard_of(k))] = true;
            }
        }
        for k in self.markdown.keys() {
            if !next.markdown.contains_key(k) {
                parts[shard_part(shard_of(k))] = true;
            }
        }
        parts
    }

    /// Replaces this cache with a build's, noting which parts differ and
    /// which of them `staged` ([`BuildCache::stage`]) wrote already.
    pub(crate) fn replace(&mut self, next: BuildCache, staged: Vec<bool>) {
        let parts = if staged.is_empty() {
            self.changed_parts(&next)
        } else {
            // The other parts were compared when staged.
            let mut parts = staged.clone();
            parts[MAIN_PART] = self.output_changed(&next);
            parts
        };
        let save_in = self.save_in.take();
        let previous = std::mem::replace(
            self,
            BuildCache {
                changed: Changed { parts, staged },
                save_in,
                ..next
            },
        );
        crate::site::discard(previous);
    }

    /// How many documents the last build patched into the previous search
    /// lists: None when it built them whole or kept them (for tests).
    pub fn search_patched(&self) -> Option<usize> {
        self.search
            .ready()
            .filter(|_| self.search_changed)
            .and_then(SearchState::patched)
    }

    /// Whether the cache describes an output folder at `out` it can update
    /// in place (the same folder, however it is named: `public` from the
    /// site folder and `/srv/site/public` from elsewhere are one).
    pub(crate) fn can_update(&self, out: &Path) -> bool {
        let same = self.out == out
            || fs::canonicalize(&self.out)
                .ok()
                .is_some_and(|a| fs::canonicalize(out).ok() == Some(a));
        !self.manifest.is_empty() && same && out.join(crate::output::MARKER).is_file()
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
    /// The files of the output still as the previous build wrote them:
    /// a memo is reused only when all its files are (None: all are).
    intact: Option<&'a Manifest>,
    next: Mutex<HashMap<String, Memo>>,
    /// The previous build's search lists (until taken) and this build's.
    search: Mutex<(SearchSlot, Option<SearchState>)>,
}

impl<'a> Reuse<'a> {
    /// Nothing to reuse: every piece of work is done and recorded.
    pub fn none() -> Reuse<'static> {
        Reuse {
            global: Fingerprint(0),
            previous: None,
            intact: None,
            next: Mutex::new(HashMap::default()),
            search: Mutex::new((SearchSlot::Empty, None)),
        }
    }

    /// Reuses `previous`; `global` is the fingerprint of what every piece of work reads.
    pub fn new(global: Fingerprint, previous: Option<&'a HashMap<String, Memo>>) -> Reuse<'a> {
        Reuse {
            global,
            previous,
            intact: None,
            // As many as last time, most likely: the map is not grown piecemeal.
            next: Mutex::new(HashMap::with_capacity_and_hasher(
                previous.map_or(0, HashMap::len),
                Default::default(),
            )),
            search: Mutex::new((SearchSlot::Empty, None)),
        }
    }

    /// Reuses only the memos whose every file is in `intact` (the files
    /// still in the output as written).
    pub fn intact(self, intact: &'a Manifest) -> Self {
        Reuse {
            intact: Some(intact),
            ..self
        }
    }

    /// Gives the previous build's search lists, to patch.
    pub(crate) fn with_search(self, search: SearchSlot) -> Self {
        *self.search.lock().unwrap_or_else(|e| e.into_inner()) = (search, None);
        self
    }

    /// Takes the previous build's search lists (waiting for them to be read).
    pub fn take_search(&self) -> Option<SearchState> {
        let slot = std::mem::take(&mut self.search.lock().unwrap_or_else(|e| e.into_inner()).0);
        slot.get()
    }

    /// Records this build's search lists.
    pub fn put_search(&self, state: SearchState) {
        self.search.lock().unwrap_or_else(|e| e.into_inner()).1 = Some(state);
    }

    /// The previous build's memo for `key`, whatever its fingerprint, if
    /// its files are intact.
    pub fn previous(&self, key: &str) -> Option<&'a Memo> {
        let memo = self.previous?.get(key)?;
        match self.intact {
            Some(files) if !memo.paths.iter().all(|p| files.contains_key(p)) => None,
            _ => Some(memo),
        }
    }

    /// What every piece of work reads.
    pub fn global(&self) -> Fingerprint {
        self.global
    }

    /// A hasher that starts with the global fingerprint.
    pub fn hasher(&self) -> Hasher {
        let mut h = Hasher::new();
        h.fingerprint(self.global);
        h
    }

    /// The previous build's memo for `key` when its inputs had this
    /// fingerprint; it is recorded for the next build too.
    pub fn reuse(&self, key: &str, fingerprint: Fingerprint) -> Option<&'a Memo> {
        let memo = self
            .previous(key)
            .filter(|m| m.fingerprint == fingerprint)?;
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

    /// The contents of a copied file: [`Contents::Unchanged`] when the
    /// previous build copied the same source, unchanged since (same size,
    /// modification and change time, and file), to the same place; so
    /// pictures are not read again on every build.
    pub fn copy(&self, out_path: &str, source: &Path) -> Contents {
        let Ok(meta) = fs::metadata(source) else {
            return Contents::Copy(source.to_path_buf());
        };
        let mut h = self.hasher();
        h.str("copy")
            .str(out_path)
            .str(&source.to_string_lossy())
            .debug(&crate::output::manifest::disk_stamp(&meta));
        #[cfg(unix)]
        {
            use std::os::unix::fs::MetadataExt;
            h.debug(&(meta.ctime(), meta.ctime_nsec(), meta.ino(), meta.dev()));
        }
        let fingerprint = h.finish();
        let key = format!("copy:{out_path}");
        if self.reuse(&key, fingerprint).is_some() {
            return Contents::Unchanged;
        }
        self.record(
            &key,
            Memo {
                fingerprint,
                paths: vec![out_path.to_owned()],
                extra: String::new(),
            },
        );
        Contents::Copy(source.to_path_buf())
    }

    /// This build's memos.
    pub fn into_memos(self) -> HashMap<String, Memo> {
        self.next.into_inner().unwrap_or_else(|e| e.into_inner())
    }

    /// This build's memos, its search lists (the previous build's when it
    /// made none) and whether they are new.
    pub(crate) fn into_parts(self) -> (HashMap<String, Memo>, SearchSlot, bool) {
        let (previous, next) = self.search.into_inner().unwrap_or_else(|e| e.into_inner());
        let memos = self.next.into_inner().unwrap_or_else(|e| e.into_inner());
        match next {
            Some(next) => (memos, SearchSlot::Ready(Box::new(next)), true),
            None => (memos, previous, false),
        }
    }
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
        assert!(BuildCache::load(tmp.path()).manifest.is_empty());
        cache_with_page().save(tmp.path()).expect("save");
        let loaded = BuildCache::load(tmp.path());
        assert_eq!(loaded.manifest.len(), 1);
        assert_eq!(loaded.memos["index.html"].fingerprint, Fingerprint(9));
    }

    #[test]
    fn a_corrupt_or_foreign_cache_is_empty() {
        let tmp = tempfile::tempdir().expect("temp dir");
        cache_with_page().save(tmp.path()).expect("save");
        let main = BuildCache::folder(tmp.path()).join(MAIN);
        fs::write(&main, b"garbage").expect("write");
        assert!(BuildCache::load(tmp.path()).manifest.is_empty());
        let mut bytes = header();
        bytes.extend([0xff; 40]);
        fs::write(&main, bytes).expect("write");
        assert!(BuildCache::load(tmp.path()).manifest.is_empty());
        let c = cache_with_page();
        let mut old = b"kheo-cache 0.0.1 1 (0, (0, 0))\n".to_vec();
        old.extend(
            postcard::to_stdvec(&(&c.out, &c.manifest, &c.folders, &c.memos)).expect("encode"),
        );
        fs::write(&main, old).expect("write");
        assert!(BuildCache::load(tmp.path()).manifest.is_empty());
    }

    #[test]
    fn only_changed_parts_are_saved_again() {
        let tmp = tempfile::tempdir().expect("temp dir");
        let doc = |f: u128| RenderedDoc {
            fingerprint: Fingerprint(f),
            html: String::from("<p>x</p>").into(),
            first_paragraph: "x".into(),
            image: None,
            links: Vec::new(),
            assets: Vec::new(),
            diagnostics: Vec::new(),
        };
        let mut cache = cache_with_page();
        cache.markdown.insert("content/models/a.md".into(), doc(1));
        cache.markdown.insert("content/models/b.md".into(), doc(2));
        cache.save(tmp.path()).expect("save");
        let folder = BuildCache::folder(tmp.path());
        let time = |name: &str| {
            fs::metadata(folder.join(name))
                .and_then(|m| m.modified())
                .expect("mtime")
        };
        let a = shard_name(shard_of("content/models/a.md"));
        let b = shard_name(shard_of("content/models/b.md"));
        let (main_time, a_time, b_time) = (time(MAIN), time(&a), time(&b));
        std::thread::sleep(std::time::Duration::from_millis(20));
        let mut next = cache_with_page();
        next.markdown.insert("content/models/a.md".into(), doc(3));
        next.markdown.insert("content/models/b.md".into(), doc(2));
        let mut loaded = BuildCache::load(tmp.path());
        assert_eq!(loaded.markdown.len(), 2);
        // Written beside while the output commits, then put in place.
        let staged = loaded.stage(&next, tmp.path());
        assert!(staged[shard_part(shard_of("content/models/a.md"))]);
        assert!(!staged[MAIN_PART], "the manifest waits for the commit");
        assert_eq!(time(&a), a_time, "nothing is in place before the save");
        loaded.replace(next, staged);
        loaded.save_if_changed(tmp.path()).expect("save");
        assert_eq!(time(MAIN), main_time, "the manifest did not change");
        if a != b {
            assert_eq!(time(&b), b_time, "b's shard did not change");
        }
        let left: Vec<_> = fs::read_dir(&folder)
            .expect("cache folder")
            .flatten()
            .filter(|e| e.file_name().to_string_lossy().ends_with(".tmp"))
            .collect();
        assert!(left.is_empty(), "nothing left beside: {left:?}");
        let again = BuildCache::load(tmp.path());
        assert_eq!(
            again.markdown["content/models/a.md"].fingerprint,
            Fingerprint(3)
        );
    }

    #[test]
    fn a_save_deletes_what_an_old_save_left_beside_but_not_a_fresh_one() {
        let tmp = tempfile::tempdir().expect("temp dir");
        let cache = cache_with_page();
        cache.save(tmp.path()).expect("save");
        let folder = BuildCache::folder(tmp.path());
        let old = folder.join(".memos.bin.1.tmp");
        let fresh = folder.join(".memos.bin.2.tmp");
        fs::write(&old, b"half").expect("write");
        fs::write(&fresh, b"half").expect("write");
        let long_ago = std::time::SystemTime::now() - 2 * STALE;
        fs::File::options()
            .write(true)
            .open(&old)
            .and_then(|f| f.set_modified(long_ago))
            .expect("age");
        cache.save(tmp.path()).expect("save");
        assert!(!old.exists(), "left by a save long ago");
        assert!(fresh.exists(), "maybe another build's, being written");
    }

    #[test]
    fn the_output_folder_is_the_same_however_it_is_named() {
        let tmp = tempfile::tempdir().expect("temp dir");
        let out = tmp.path().join("public");
        fs::create_dir(&out).expect("mkdir");
        fs::write(out.join(crate::output::MARKER), b"kheo").expect("marker");
        let mut cache = cache_with_page();
        cache.out = out.clone();
        assert!(cache.can_update(&out));
        assert!(cache.can_update(&tmp.path().join(".").join("public")));
        assert!(cache.can_update(&out.join("..").join("public")));
        assert!(!cache.can_update(&tmp.path().join("other")));
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
    fn a_copy_is_skipped_only_while_its_source_is_unchanged() {
        let tmp = tempfile::tempdir().expect("temp dir");
        let src = tmp.path().join("anh.png");
        fs::write(&src, b"png").expect("write");
        let first = Reuse::none();
        assert!(matches!(first.copy("a/anh.png", &src), Contents::Copy(_)));
        let memos = first.into_memos();
        let second = Reuse::new(Fingerprint(0), Some(&memos));
        assert!(matches!(
            second.copy("a/anh.png", &src),
            Contents::Unchanged
        ));
        assert!(matches!(second.copy("b/anh.png", &src), Contents::Copy(_)));
        std::thread::sleep(std::time::Duration::from_millis(20));
        fs::write(&src, b"PNG").expect("rewrite, same size");
        assert!(matches!(second.copy("a/anh.png", &src), Contents::Copy(_)));
    }

    #[test]
    fn memos_of_files_changed_on_disk_are_dropped() {
        let cache = cache_with_page();
        let all = Reuse::new(Fingerprint(0), Some(&cache.memos)).intact(&cache.manifest);
        assert!(all.previous("index.html").is_some());
        let none = Manifest::default();
        let none = Reuse::new(Fingerprint(0), Some(&cache.memos)).intact(&none);
        assert!(none.previous("index.html").is_none());
    }
}
