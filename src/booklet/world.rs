//! The typst [`World`] of a booklet: the generated `main.typ`, the layout
//! template, the images of the volume and the fonts embedded in kheo.
//! Nothing is read from the system (no system fonts, no packages, no
//! network), so a booklet looks the same on every machine.

use std::collections::HashMap;
use std::path::PathBuf;
use std::sync::OnceLock;

use typst::diag::{FileError, FileResult};
use typst::foundations::{Bytes, Datetime, Duration};
use typst::syntax::{FileId, RootedPath, Source, VirtualPath, VirtualRoot};
use typst::text::{Font, FontBook};
use typst::utils::LazyHash;
use typst::{Library, LibraryExt, World};

/// The fonts embedded in the binary (SIL OFL 1.1, see `themes/default/fonts/OFL.txt`).
pub static FONTS: &[(&str, &[u8])] = &[
    (
        "NotoSerif-Regular.ttf",
        include_bytes!("../../themes/default/fonts/NotoSerif-Regular.ttf"),
    ),
    (
        "NotoSerif-Bold.ttf",
        include_bytes!("../../themes/default/fonts/NotoSerif-Bold.ttf"),
    ),
    (
        "NotoSerif-Italic.ttf",
        include_bytes!("../../themes/default/fonts/NotoSerif-Italic.ttf"),
    ),
    (
        "NotoSerif-BoldItalic.ttf",
        include_bytes!("../../themes/default/fonts/NotoSerif-BoldItalic.ttf"),
    ),
    (
        "NotoSans-Regular.ttf",
        include_bytes!("../../themes/default/fonts/NotoSans-Regular.ttf"),
    ),
    (
        "NotoSans-Bold.ttf",
        include_bytes!("../../themes/default/fonts/NotoSans-Bold.ttf"),
    ),
    (
        "NotoSansMono-Regular.ttf",
        include_bytes!("../../themes/default/fonts/NotoSansMono-Regular.ttf"),
    ),
];

/// The parsed fonts and their book, made once per process.
fn fonts() -> &'static (LazyHash<FontBook>, Vec<Font>) {
    static FONTS_LOADED: OnceLock<(LazyHash<FontBook>, Vec<Font>)> = OnceLock::new();
    FONTS_LOADED.get_or_init(|| {
        let fonts: Vec<Font> = FONTS
            .iter()
            .flat_map(|(_, data)| Font::iter(Bytes::new(*data)))
            .collect();
        (LazyHash::new(FontBook::from_fonts(&fonts)), fonts)
    })
}

fn library() -> &'static LazyHash<Library> {
    static LIBRARY: OnceLock<LazyHash<Library>> = OnceLock::new();
    LIBRARY.get_or_init(|| LazyHash::new(Library::default()))
}

/// The id of a file at `path` in the booklet's virtual project.
pub fn file_id(path: &str) -> FileId {
    let vpath = VirtualPath::new(path).expect("kheo's virtual paths are valid");
    RootedPath::new(VirtualRoot::Project, vpath).intern()
}

/// One booklet's files.
pub struct BookletWorld {
    main: Source,
    template: Source,
    images: HashMap<FileId, PathBuf>,
    today: Datetime,
}

impl BookletWorld {
    /// A world of `main.typ`, the template's text, and images (virtual path → file on disk).
    pub fn new(
        main: String,
        template: String,
        images: Vec<(String, PathBuf)>,
        today: jiff::civil::Date,
    ) -> Self {
        let today = Datetime::from_ymd(
            i32::from(today.year()),
            today.month() as u8,
            today.day() as u8,
        )
        .expect("a civil date is a valid typst date");
        BookletWorld {
            main: Source::new(file_id("/main.typ"), main),
            template: Source::new(file_id(super::markup::TEMPLATE_PATH), template),
            images: images
                .into_iter()
                .map(|(path, file)| (file_id(&path), file))
                .collect(),
            today,
        }
    }

    /// The generated markup, for error messages.
    pub fn main_source(&self) -> &Source {
        &self.main
    }

    /// The template, for error messages.
    pub fn template_source(&self) -> &Source {
        &self.template
    }
}

impl World for BookletWorld {
    fn library(&self) -> &LazyHash<Library> {
        library()
    }

    fn book(&self) -> &LazyHash<FontBook> {
        &fonts().0
    }

    fn main(&self) -> FileId {
        self.main.id()
    }

    fn source(&self, id: FileId) -> FileResult<Source> {
        if id == self.main.id() {
            Ok(self.main.clone())
        } else if id == self.template.id() {
            Ok(self.template.clone())
        } else if self.images.contains_key(&id) {
            Err(FileError::NotSource)
        } else {
            Err(FileError::NotFound(
                id.get().vpath().get_without_slash().into(),
            ))
        }
    }

    fn file(&self, id: FileId) -> FileResult<Bytes> {
        if let Some(path) = self.images.get(&id) {
            return std::fs::read(path)
                .map(Bytes::new)
                .map_err(|e| FileError::from_io(e, path));
        }
        self.source(id)
            .map(|s| Bytes::from_string(s.text().to_owned()))
    }

    fn font(&self, index: usize) -> Option<Font> {
        fonts().1.get(index).cloned()
    }

    fn today(&self, _offset: Option<Duration>) -> Option<Datetime> {
        Some(self.today)
    }
}
