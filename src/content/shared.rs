//! [`SharedText`]: a model's Markdown or HTML, shared rather than copied,
//! known by its fingerprint, and (the HTML the cache keeps) read from its
//! file only when something reads it.
//!
//! An incremental build after one edit renders a handful of pages, yet
//! every page's and the search index's fingerprints cover every model's
//! HTML (47 MB at 10 000 models). Each text therefore carries its
//! fingerprint, taken once when it is made (or stored with it in the
//! cache), and the cache's HTML stays on disk until a page that shows it
//! is rendered again.

use std::fs;
use std::io::{self, Read, Seek, SeekFrom};
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex, OnceLock};

use crate::fingerprint::Fingerprint;

/// Text shared, not copied, when its holder is cloned; stored as a string.
/// It may be part of a [`TextFile`], read on first use. Two texts are equal when their lengths and fingerprints are.
#[derive(Clone)]
pub struct SharedText {
    text: Text,
    len: usize,
    fingerprint: Fingerprint,
}

#[derive(Clone)]
enum Text {
    /// In memory.
    Here(Arc<str>),
    /// In a file, until read.
    Stored(Arc<Stored>),
}

/// A text of a [`TextFile`] and, once read, its bytes.
struct Stored {
    file: Arc<TextFile>,
    offset: u64,
    read: OnceLock<Box<str>>,
}

/// A file holding texts one after the other, kept open so that it can be
/// read while the build goes on even if it is replaced (the cache writes
/// its files beside and renames them over the old ones).
pub struct TextFile {
    path: PathBuf,
    file: Mutex<fs::File>,
}

impl TextFile {
    /// Opens `path`.
    pub fn open(path: &Path) -> io::Result<TextFile> {
        Ok(TextFile::from_file(path, fs::File::open(path)?))
    }

    /// `file`, opened from `path` (named in errors).
    pub fn from_file(path: &Path, file: fs::File) -> TextFile {
        TextFile {
            path: path.to_owned(),
            file: Mutex::new(file),
        }
    }

    /// The `len` bytes at `offset`, which must be UTF-8.
    fn read(&self, offset: u64, len: usize) -> io::Result<Box<str>> {
        let mut bytes = vec![0; len];
        {
            let mut file = self.file.lock().unwrap_or_else(|e| e.into_inner());
            file.seek(SeekFrom::Start(offset))?;
            file.read_exact(&mut bytes)?;
        }
        String::from_utf8(bytes)
            .map(String::into_boxed_str)
            .map_err(|e| io::Error::new(io::ErrorKind::InvalidData, e))
    }
}

impl SharedText {
    /// The text.
    pub fn as_str(&self) -> &str {
        match &self.text {
            Text::Here(text) => text,
            Text::Stored(s) => s.read.get_or_init(|| {
                s.file.read(s.offset, self.len).unwrap_or_else(|e| {
                    // The file is open, so only another program writing into
                    // it (or a failing disk) gets here.
                    panic!(
                        "cannot read {} again ({e}): delete the folder `{}` and build again",
                        s.file.path.display(),
                        crate::cache::DIR
                    )
                })
            }),
        }
    }

    /// Its length in bytes (known without reading a stored text).
    pub fn len(&self) -> usize {
        self.len
    }

    /// Whether it is empty.
    pub fn is_empty(&self) -> bool {
        self.len == 0
    }

    /// Its fingerprint: [`Fingerprint::of`] its bytes.
    pub fn fingerprint(&self) -> Fingerprint {
        self.fingerprint
    }

    /// The text of `len` bytes at `offset` in `file`, whose fingerprint is
    /// `fingerprint` (as it was when written), read when first used.
    pub fn stored(
        file: &Arc<TextFile>,
        offset: u64,
        len: usize,
        fingerprint: Fingerprint,
    ) -> SharedText {
        SharedText {
            text: Text::Stored(Arc::new(Stored {
                file: file.clone(),
                offset,
                read: OnceLock::new(),
            })),
            len,
            fingerprint,
        }
    }

    /// Whether the text is in memory.
    #[cfg(test)]
    fn is_read(&self) -> bool {
        match &self.text {
            Text::Here(_) => true,
            Text::Stored(s) => s.read.get().is_some(),
        }
    }
}

impl Default for SharedText {
    fn default() -> Self {
        SharedText::from("")
    }
}

impl std::ops::Deref for SharedText {
    type Target = str;

    fn deref(&self) -> &str {
        self.as_str()
    }
}

impl PartialEq for SharedText {
    fn eq(&self, other: &Self) -> bool {
        self.len == other.len && self.fingerprint == other.fingerprint
    }
}

impl Eq for SharedText {}

impl std::fmt::Debug for SharedText {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        std::fmt::Debug::fmt(self.as_str(), f)
    }
}

impl From<&str> for SharedText {
    fn from(s: &str) -> Self {
        SharedText::from(Arc::<str>::from(s))
    }
}

impl From<String> for SharedText {
    fn from(s: String) -> Self {
        SharedText::from(Arc::<str>::from(s))
    }
}

impl From<Arc<str>> for SharedText {
    fn from(all: Arc<str>) -> Self {
        SharedText {
            fingerprint: Fingerprint::of(all.as_bytes()),
            len: all.len(),
            text: Text::Here(all),
        }
    }
}

impl serde::Serialize for SharedText {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.as_str())
    }
}

impl<'de> serde::Deserialize<'de> for SharedText {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        <String as serde::Deserialize>::deserialize(d).map(SharedText::from)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_stored_text_is_read_when_first_used_even_after_its_file_is_replaced() {
        let dir = tempfile::tempdir().expect("temporary folder");
        let path = dir.path().join("texts");
        fs::write(&path, "đầu<p>Dân vận khéo</p>cuối").expect("write");
        let file = Arc::new(TextFile::open(&path).expect("open"));
        let html = "<p>Dân vận khéo</p>";
        let offset = "đầu".len() as u64;
        let text = SharedText::stored(&file, offset, html.len(), Fingerprint::of(html.as_bytes()));
        assert!(!text.is_read());
        assert_eq!(text.len(), html.len());
        assert_eq!(text, SharedText::from(html));
        // Replaced as the cache replaces its files: written beside, renamed.
        let beside = dir.path().join("texts.tmp");
        fs::write(&beside, "something else entirely").expect("write");
        fs::rename(&beside, &path).expect("rename");
        assert_eq!(text.as_str(), html);
        assert!(text.is_read());
        assert_eq!(text.clone().as_str(), html);
    }

    #[test]
    fn a_text_in_memory_knows_its_fingerprint_and_length() {
        let text = SharedText::from("đường vành đai");
        assert_eq!(
            text.fingerprint(),
            Fingerprint::of("đường vành đai".as_bytes())
        );
        assert_eq!(text.len(), "đường vành đai".len());
        assert_eq!(SharedText::default().fingerprint(), Fingerprint::of(b""));
        assert_ne!(text, SharedText::from("đường vành đai "));
    }
}
