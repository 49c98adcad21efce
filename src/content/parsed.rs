//! The parsed content files of the previous build, so a rebuild reads and
//! parses again only the files that changed.
//!
//! A file is taken from the cache when its size, modification time, change
//! time and inode are those it had when it was read, and the year limit of
//! models is the same. A file modified less than [`RACY`] before it was
//! read is read again next time: its modification time may not tell a
//! second save within the clock's granularity from the first.

use rayon::prelude::*;
use rustc_hash::{FxHashMap as HashMap, FxHashSet as HashSet};
use std::fs;
use std::time::{Duration, SystemTime};

use super::Loaded;
use crate::diagnostic::Diagnostic;
use crate::fingerprint::Fingerprint;

/// How recent a modification must be for the file to be read again anyway.
const RACY: Duration = Duration::from_secs(2);

/// What identifies a file's contents without reading it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct FileId {
    size: u64,
    modified: (i64, u32),
    changed: (i64, i64),
    inode: (u64, u64),
}

impl FileId {
    /// The identity of a file that cannot be looked at: never kept.
    pub const NONE: FileId = FileId {
        size: 0,
        modified: (0, 0),
        changed: (0, 0),
        inode: (0, 0),
    };

    /// The identity of the file `meta` describes.
    pub fn of(meta: &fs::Metadata) -> FileId {
        let (size, modified) = crate::output::manifest::disk_stamp(meta);
        #[cfg(unix)]
        let (changed, inode) = {
            use std::os::unix::fs::MetadataExt;
            ((meta.ctime(), meta.ctime_nsec()), (meta.dev(), meta.ino()))
        };
        #[cfg(not(unix))]
        let (changed, inode) = ((0, 0), (0, 0));
        FileId {
            size,
            modified,
            changed,
            inode,
        }
    }

    /// Whether the file was modified long enough before `read_at` for its
    /// identity to tell any later change.
    fn settled_at(&self, read_at: SystemTime) -> bool {
        settled_before(self.modified, read_at)
    }
}

/// Whether something modified at `modified` (seconds and nanoseconds since
/// 1970) was modified long enough before `at` for its time to tell any
/// later change.
pub(super) fn settled_before(modified: (i64, u32), at: SystemTime) -> bool {
    let modified = SystemTime::UNIX_EPOCH
        + Duration::from_secs(modified.0.max(0) as u64)
        + Duration::from_nanos(u64::from(modified.1));
    modified + RACY <= at
}

/// One file as the previous build loaded it.
#[derive(Debug, Clone, serde::Serialize, serde::Deserialize)]
pub(super) struct Entry {
    pub(super) id: FileId,
    /// The year limit of models it was checked against.
    pub(super) max_year: i32,
    pub(super) loaded: Loaded,
    pub(super) diagnostics: Vec<Diagnostic>,
    /// When the model's body was left out (kept on disk, not in memory):
    /// its fingerprint.
    pub(super) body: Option<Fingerprint>,
}

impl Entry {
    /// Whether the entry is that of a file with identity `id`, checked against `max_year`.
    pub(super) fn is_of(&self, id: &FileId, max_year: i32) -> bool {
        self.id == *id && self.max_year == max_year
    }
}

/// Parts the parsed files are saved in, by a hash of their path: each is
/// encoded and decoded on its own (on every core), and an edit encodes and
/// saves again only the part of the file edited.
pub const PARTS: usize = 16;

/// The part of the file at `rel`.
fn part_of(rel: &str) -> usize {
    (xxhash_rust::xxh3::xxh3_64(rel.as_bytes()) % PARTS as u64) as usize
}

/// One part as saved: its files, and the sort keys of their titles
/// (collation is a good part of sorting 10 000 models again).
type Part = (Vec<(String, Entry)>, Vec<(String, Vec<u8>)>);

/// The parsed files as a build's cache keeps them: [`PARTS`] parts, each
/// encoded (postcard), and which of them the last build changed.
#[derive(Debug, Default, Clone)]
pub struct Encoded {
    /// Each part's bytes.
    pub parts: Vec<Vec<u8>>,
    /// Whether each part differs from the one the build started from.
    pub changed: Vec<bool>,
    /// The parts decoded already (when the cache was loaded, beside the
    /// decoding of its other parts), for [`Encoded::take_decoded`].
    pub decoded: Option<Box<Parsed>>,
    /// The listing of `content/` ([`super::Listing`]), encoded (empty: none).
    pub listing: Vec<u8>,
    /// Whether the listing differs from the one the build started from.
    pub listing_changed: bool,
}

impl Encoded {
    /// The parts as read from the cache, decoded at once (on the cores
    /// that the rest of the cache leaves free while it loads).
    pub fn loaded(parts: Vec<Vec<u8>>, listing: Vec<u8>) -> Encoded {
        let mut encoded = Encoded {
            changed: vec![false; parts.len()],
            parts,
            decoded: None,
            listing,
            listing_changed: false,
        };
        encoded.decoded = encoded.decode().map(Box::new);
        encoded
    }

    /// The parsed files the parts hold: decoded when loaded, or now.
    pub fn take_decoded(&mut self) -> Option<Parsed> {
        match self.decoded.take() {
            Some(parsed) => Some(*parsed),
            None => self.decode(),
        }
    }

    /// The parsed files the parts hold, decoded in parallel; None when the
    /// parts are not all there or one does not decode.
    pub fn decode(&self) -> Option<Parsed> {
        if self.parts.len() != PARTS {
            return None;
        }
        let parts: Vec<Part> = self
            .parts
            .par_iter()
            .map(|p| postcard::from_bytes(p).ok())
            .collect::<Option<_>>()?;
        let counts = parts.iter().map(|(entries, _)| entries.len()).collect();
        let mut keys = Vec::new();
        let mut entries = HashMap::default();
        for (part, part_keys) in parts {
            entries.extend(part);
            keys.extend(part_keys);
        }
        // Made directly: a default one would make a collator for nothing.
        let mut parsed = Parsed::with(entries, crate::vi::Collator::keeping(keys), counts);
        parsed.listing = postcard::from_bytes(&self.listing).ok();
        Some(parsed)
    }
}

/// Parsed content files by path relative to the site root.
#[derive(Debug, Clone)]
pub struct Parsed {
    pub(super) entries: HashMap<String, Entry>,
    /// Readings of files that had changed too soon before to trust their
    /// time: never reused, only compared with the next reading.
    recent: HashMap<String, Entry>,
    /// The files found by the last load.
    files: Vec<super::SourceFile>,
    /// The only files that may have changed since the last load, when known.
    changes: Option<HashSet<String>>,
    /// The collator that sorts the content, keeping the sort keys of titles.
    collator: std::sync::Arc<crate::vi::Collator>,
    /// How many files each part held when decoded (empty: none was).
    counts: Vec<usize>,
    /// What the last walk of `content/` found, while it holds.
    listing: Option<super::Listing>,
    /// The parts of the files read (or dropped) since then.
    touched: Vec<bool>,
}

impl Default for Parsed {
    fn default() -> Self {
        Parsed::with(
            HashMap::default(),
            crate::vi::Collator::keeping_keys(),
            Vec::new(),
        )
    }
}

impl Parsed {
    /// `entries`, sorted with `collator`, decoded from parts of `counts` entries.
    fn with(
        entries: HashMap<String, Entry>,
        collator: crate::vi::Collator,
        counts: Vec<usize>,
    ) -> Parsed {
        Parsed {
            entries,
            recent: HashMap::default(),
            files: Vec::new(),
            changes: None,
            collator: std::sync::Arc::new(collator),
            counts,
            listing: None,
            touched: vec![false; PARTS],
        }
    }
}

impl Parsed {
    /// Tells the next load that, of the whole site, only the files at
    /// `paths` (relative to the site root, with `/`) may have changed since
    /// the last load: a file watcher knows. If they are all content files
    /// the last load found, and still files, the next load neither looks
    /// for files again nor at any other file.
    /// Changes told before a load that did not happen add up.
    pub fn expect_changes(&mut self, paths: Vec<String>) {
        self.changes.get_or_insert_default().extend(paths);
    }

    /// The files of the last load, when [`Parsed::expect_changes`] allows
    /// their reuse: every changed file under `content/` is one of them and
    /// still a file.
    pub fn known_files(&self) -> Option<Vec<super::SourceFile>> {
        let changes = self.changes.as_ref()?;
        if self.files.is_empty() {
            return None;
        }
        let known: HashMap<&str, &super::SourceFile> =
            self.files.iter().map(|f| (f.rel.as_str(), f)).collect();
        for rel in changes.iter().filter(|r| r.starts_with("content/")) {
            if !known.get(rel.as_str()).is_some_and(|f| f.path.is_file()) {
                return None;
            }
        }
        Some(self.files.clone())
    }

    /// The files under `content/` as the last walk found them, when no
    /// folder it read has changed since (see [`super::Listing`]).
    pub fn listed_files(&self, root: &std::path::Path) -> Option<Vec<super::SourceFile>> {
        self.listing.as_ref()?.files(root)
    }

    /// Keeps the listing of a new walk of `content/` (None: none to trust).
    pub fn set_listing(&mut self, listing: Option<super::Listing>) {
        self.listing = listing;
    }

    /// The collator to sort the content with; it keeps the sort keys it
    /// makes, for the next load.
    pub fn collator(&self) -> &crate::vi::Collator {
        &self.collator
    }

    /// Whether the file at `rel` may have changed since the last load.
    pub(super) fn may_have_changed(&self, rel: &str) -> bool {
        self.changes.as_ref().is_none_or(|c| c.contains(rel))
    }

    /// The files the last load found.
    pub(super) fn files(&self) -> &[super::SourceFile] {
        &self.files
    }

    /// The last reading of the file at `rel`.
    pub(super) fn reading(&self, rel: &str) -> Option<&Entry> {
        self.entries.get(rel).or_else(|| self.recent.get(rel))
    }

    /// Whether the last load found a content file at `rel`.
    pub fn knows(&self, rel: &str) -> bool {
        self.file(rel).is_some()
    }

    /// The file at `rel` as the last load found it.
    pub(super) fn file(&self, rel: &str) -> Option<&super::SourceFile> {
        self.files.iter().find(|f| f.rel == rel)
    }

    /// Keeps `entry`, read at `read_at`, as the reading of `rel`, unless the
    /// file changed too soon before to trust its time (then it is read again
    /// next time).
    pub(super) fn put(&mut self, rel: &str, entry: Entry, read_at: SystemTime) {
        self.touched[part_of(rel)] = true;
        if entry.id.settled_at(read_at) {
            self.recent.remove(rel);
            self.entries.insert(rel.to_owned(), entry);
        } else {
            self.entries.remove(rel);
            self.recent.insert(rel.to_owned(), entry);
        }
    }

    /// The model that the file at `rel` held when last read, as read (before
    /// indexing or rendering), with the file's diagnostics.
    pub fn last_model(&self, rel: &str) -> Option<(&super::Model, &[Diagnostic])> {
        let entry = self.reading(rel)?;
        match &entry.loaded {
            Loaded::Model(m) => Some((m, &entry.diagnostics)),
            _ => None,
        }
    }

    /// Takes out the entry of `rel`.
    pub(super) fn take(&mut self, rel: &str) -> Option<Entry> {
        self.entries.remove(rel)
    }

    /// The cache made by a load from its `entries` (path, entry, when read,
    /// or None when taken from the cache); an entry read too soon after its
    /// file changed is left out.
    pub(super) fn next(
        &self,
        files: Vec<super::SourceFile>,
        entries: Vec<(String, Entry, Option<SystemTime>)>,
    ) -> Parsed {
        let mut touched = self.touched.clone();
        for (rel, _, read_at) in &entries {
            if read_at.is_some() {
                touched[part_of(rel)] = true;
            }
        }
        let mut settled = HashMap::with_capacity_and_hasher(entries.len(), Default::default());
        let mut recent = HashMap::default();
        for (rel, entry, read_at) in entries {
            if entry.id == FileId::NONE {
                continue;
            }
            if read_at.is_none_or(|t| entry.id.settled_at(t)) {
                settled.insert(rel, entry);
            } else {
                recent.insert(rel, entry);
            }
        }
        Parsed {
            entries: settled,
            recent,
            files,
            changes: None,
            collator: self.collator.clone(),
            counts: self.counts.clone(),
            listing: self.listing.clone(),
            touched,
        }
    }

    /// Leaves out the body of every model (after its fingerprint is
    /// noted): a build's cache keeps the front matter of every file, the
    /// bodies are read again only when a rendering must be made again.
    pub fn drop_model_bodies(&mut self) {
        self.entries.par_iter_mut().for_each(|(_, e)| {
            if let (Loaded::Model(m), None) = (&mut e.loaded, e.body) {
                e.body = Some(m.body.fingerprint());
                m.body = Default::default();
            }
        });
    }

    /// The fingerprint of the body of the model at `rel` when it was left
    /// out ([`Parsed::drop_model_bodies`]); None when the body is there.
    pub fn left_out_body(&self, rel: &str) -> Option<Fingerprint> {
        self.entries.get(rel).and_then(|e| e.body)
    }

    /// The files, encoded for the cache: a part none of whose files was
    /// read or dropped since `previous` was decoded is taken from it as it
    /// is, the others are encoded again.
    pub fn encode(&self, previous: Option<Encoded>) -> Encoded {
        let mut parts: Vec<Vec<(&String, &Entry)>> = vec![Vec::new(); PARTS];
        for entry in &self.entries {
            parts[part_of(entry.0)].push(entry);
        }
        let mut previous =
            previous.filter(|p| p.parts.len() == PARTS && self.counts.len() == PARTS);
        let changed: Vec<bool> = (0..PARTS)
            .map(|p| previous.is_none() || self.touched[p] || self.counts[p] != parts[p].len())
            .collect();
        let encoded: Vec<Option<Vec<u8>>> = self.collator.with_kept_keys(|keys| {
            parts
                .par_iter_mut()
                .zip(&changed)
                .map(|(part, changed)| {
                    if !changed {
                        return None;
                    }
                    // The same bytes for the same files, whatever the map's order.
                    part.sort_unstable_by_key(|(rel, _)| *rel);
                    let mut part_keys: Vec<(&str, &[u8])> = part
                        .iter()
                        .filter_map(|(_, e)| match &e.loaded {
                            Loaded::Model(m) => keys.get_key_value(m.title.as_str()),
                            _ => None,
                        })
                        .map(|(t, k)| (t.as_str(), &**k))
                        .collect();
                    part_keys.sort_unstable();
                    part_keys.dedup();
                    Some(postcard::to_stdvec(&(&*part, part_keys)).unwrap_or_default())
                })
                .collect()
        });
        let parts = encoded
            .into_iter()
            .enumerate()
            .map(|(p, bytes)| match (bytes, &mut previous) {
                (Some(bytes), _) => bytes,
                (None, Some(previous)) => std::mem::take(&mut previous.parts[p]),
                (None, None) => unreachable!("every part is encoded without a previous one"),
            })
            .collect();
        let listing = self
            .listing
            .as_ref()
            .and_then(|l| postcard::to_stdvec(l).ok())
            .unwrap_or_default();
        let listing_changed = previous.as_ref().is_none_or(|p| p.listing != listing);
        Encoded {
            parts,
            changed,
            decoded: None,
            listing,
            listing_changed,
        }
    }

    /// Number of files cached.
    pub fn len(&self) -> usize {
        self.entries.len()
    }

    /// Whether no file is cached.
    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }
}

#[cfg(test)]
mod tests {
    use std::fs;
    use std::path::Path;
    use std::time::{Duration, SystemTime};

    use super::{PARTS, Parsed, part_of};
    use crate::content::{discover, load_with};

    fn model(title: &str) -> String {
        format!(
            "---\ntitle: \"{title}\"\nunit: \"Xã A\"\nyear: 2024\nfield: \"Y tế\"\n---\nThân bài.\n"
        )
    }

    /// Writes `text` to `path`, modified an hour ago (long enough to be cached).
    fn write_old(path: &Path, text: &str) {
        fs::write(path, text).expect("write");
        let file = fs::File::options().write(true).open(path).expect("open");
        file.set_modified(SystemTime::now() - Duration::from_secs(3600))
            .expect("set mtime");
    }

    fn titles(root: &Path, parsed: &mut Parsed) -> Vec<String> {
        let files = match parsed.known_files() {
            Some(f) => f,
            None => discover(root).expect("content"),
        };
        let (content, _) = load_with(files, false, parsed);
        content.models.into_iter().map(|m| m.title).collect()
    }

    #[test]
    fn an_edit_is_seen_even_with_the_same_size_and_time() {
        let tmp = tempfile::tempdir().expect("temp dir");
        let dir = tmp.path().join("content/models");
        fs::create_dir_all(&dir).expect("mkdir");
        let file = dir.join("a.md");
        write_old(&file, &model("Mô hình A1"));
        let mut parsed = Parsed::default();
        assert_eq!(titles(tmp.path(), &mut parsed), ["Mô hình A1"]);
        assert_eq!(parsed.len(), 1, "an old file is kept");
        // Same length, same modification time: the change time tells.
        write_old(&file, &model("Mô hình B2"));
        assert_eq!(titles(tmp.path(), &mut parsed), ["Mô hình B2"]);
    }

    #[test]
    fn a_watcher_s_list_limits_what_is_looked_at() {
        let tmp = tempfile::tempdir().expect("temp dir");
        let dir = tmp.path().join("content/models");
        fs::create_dir_all(&dir).expect("mkdir");
        write_old(&dir.join("a.md"), &model("Một"));
        write_old(&dir.join("b.md"), &model("Hai"));
        let mut parsed = Parsed::default();
        assert_eq!(titles(tmp.path(), &mut parsed), ["Một", "Hai"]);

        // Told that only b.md changed: a.md is not looked at again.
        write_old(&dir.join("a.md"), &model("Một (sửa)"));
        write_old(&dir.join("b.md"), &model("Hai (sửa)"));
        parsed.expect_changes(vec!["content/models/b.md".into()]);
        assert_eq!(titles(tmp.path(), &mut parsed), ["Một", "Hai (sửa)"]);

        // Without a list every file is looked at.
        assert_eq!(titles(tmp.path(), &mut parsed), ["Một (sửa)", "Hai (sửa)"]);

        // A file the last load did not know: the folders are searched again.
        write_old(&dir.join("c.md"), &model("Ba"));
        parsed.expect_changes(vec!["content/models/c.md".into()]);
        assert!(parsed.known_files().is_none());
        assert_eq!(
            titles(tmp.path(), &mut parsed),
            ["Một (sửa)", "Hai (sửa)", "Ba"]
        );

        // A deleted file too.
        fs::remove_file(dir.join("a.md")).expect("remove");
        parsed.expect_changes(vec!["content/models/a.md".into()]);
        assert_eq!(titles(tmp.path(), &mut parsed), ["Hai (sửa)", "Ba"]);
    }

    #[test]
    fn only_the_parts_of_files_read_or_deleted_are_encoded_again() {
        let tmp = tempfile::tempdir().expect("temp dir");
        let dir = tmp.path().join("content/models");
        fs::create_dir_all(&dir).expect("mkdir");
        // Files in at least three parts.
        let names: Vec<String> = (0..40).map(|i| format!("m{i}.md")).collect();
        for (i, name) in names.iter().enumerate() {
            write_old(&dir.join(name), &model(&format!("Mô hình {i}")));
        }
        let part = |name: &str| part_of(&format!("content/models/{name}"));
        let mut parsed = Parsed::default();
        titles(tmp.path(), &mut parsed);
        let first = parsed.encode(None);
        assert!(first.changed.iter().all(|c| *c), "no previous: every part");

        // A build that reads nothing keeps every part's bytes.
        let mut parsed = first.decode().expect("decodes");
        titles(tmp.path(), &mut parsed);
        let same = parsed.encode(Some(first.clone()));
        assert!(same.changed.iter().all(|c| !c));
        assert_eq!(same.parts, first.parts);

        // One file edited, another deleted: their parts only.
        let (edited, deleted) = (&names[0], &names[1]);
        let deleted = names[1..]
            .iter()
            .find(|n| part(n) != part(edited))
            .unwrap_or(deleted);
        write_old(&dir.join(edited), &model("Mô hình đã sửa"));
        fs::remove_file(dir.join(deleted)).expect("remove");
        let mut parsed = same.decode().expect("decodes");
        titles(tmp.path(), &mut parsed);
        let next = parsed.encode(Some(same.clone()));
        for p in 0..PARTS {
            let expected = p == part(edited) || p == part(deleted);
            assert_eq!(next.changed[p], expected, "part {p}");
            if !expected {
                assert_eq!(next.parts[p], same.parts[p]);
            }
        }
        // And what the parts hold is what was read.
        let mut parsed = next.decode().expect("decodes");
        let read = titles(tmp.path(), &mut parsed);
        assert_eq!(read.len(), 39);
        assert!(read.contains(&"Mô hình đã sửa".to_owned()));
        assert_eq!(parsed.len(), 39);
    }
}
