//! The site as served: held in memory, each page rendered when first asked
//! for and kept while its build is served.
//!
//! A rebuild after a save rereads and renders again only what changed (see
//! [`super::Builder`]) and then renders nothing ahead: the page the editor
//! looks at is rendered when it reloads, in milliseconds, whatever the size
//! of the site. The search index, whose making reads every model, is made
//! when the search page or one of its files is first asked for.

use rustc_hash::FxHashMap as HashMap;
use std::path::PathBuf;
use std::sync::{Arc, Mutex, OnceLock};

use rayon::prelude::*;

use crate::config::Config;
use crate::diagnostic::Diagnostic;
use crate::index::Index;
use crate::markdown::Asset;
use crate::output::{Contents, OutputFile};
use crate::render::{self, Output, Theme, Urls, theme::StaticSource};

/// How to make the bytes of one path.
enum Route {
    /// A page or data file rendered from the index.
    Output(Output),
    /// A file copied as it is (a picture next to a model, a static file).
    File(PathBuf),
    /// A file of the embedded default theme.
    Embedded(&'static [u8]),
}

/// The search index, made on first use.
struct Search {
    files: HashMap<String, Arc<Vec<u8>>>,
    manifest: String,
}

/// One successful build, served until a newer one replaces it.
pub struct Snapshot {
    /// Identifies the build to the pages it served (`data-build` of the script).
    pub id: String,
    config: Arc<Config>,
    theme: Arc<Theme>,
    index: Index,
    shared: render::Shared,
    routes: Arc<HashMap<String, Route>>,
    /// The folder of the search index's files (`tim-kiem/index/`).
    search_dir: String,
    search: OnceLock<Search>,
    /// Pages rendered so far.
    rendered: Mutex<HashMap<String, Arc<Vec<u8>>>>,
}

impl Snapshot {
    /// The site made of `index` with `config` and `theme`, and the files
    /// its Markdown refers to.
    pub fn new(id: String, config: Config, theme: Theme, index: Index, assets: Vec<Asset>) -> Self {
        let mut routes: HashMap<String, Route> = HashMap::default();
        for (path, source) in &theme.static_files {
            let route = match source {
                StaticSource::Disk(p) => Route::File(p.clone()),
                StaticSource::Embedded(b) => Route::Embedded(b),
            };
            routes.insert(path.clone(), route);
        }
        for asset in assets {
            routes.insert(asset.out_path, Route::File(asset.source));
        }
        let shared = render::Shared::new(&index, &config, &theme);
        for (path, output) in render::outputs(&index, &config, &theme, &shared) {
            routes.insert(path, Route::Output(output));
        }
        let search_dir = crate::search::index_dir(&config);
        Snapshot {
            id,
            config: Arc::new(config),
            theme: Arc::new(theme),
            index,
            shared,
            routes: Arc::new(routes),
            search_dir,
            search: OnceLock::new(),
            rendered: Mutex::new(HashMap::default()),
        }
    }

    /// The same site made of `index`, whose documents differ from this
    /// build's only in their Markdown (so in their HTML and summaries): the
    /// same paths, configuration and theme, shared; no page rendered yet.
    pub fn with_index(&self, id: String, index: Index) -> Snapshot {
        Snapshot {
            id,
            config: self.config.clone(),
            theme: self.theme.clone(),
            shared: render::Shared::new(&index, &self.config, &self.theme),
            index,
            routes: self.routes.clone(),
            search_dir: self.search_dir.clone(),
            search: OnceLock::new(),
            rendered: Mutex::new(HashMap::default()),
        }
    }

    /// The same site made of `index`, whose documents have the same URLs and
    /// the same files as this build's (the index's terms and order may
    /// differ): configuration, theme and copied files shared, the pages of
    /// `index` listed again; no page rendered yet.
    pub fn reindexed(&self, id: String, index: Index) -> Snapshot {
        let shared = render::Shared::new(&index, &self.config, &self.theme);
        let mut routes: HashMap<String, Route> = HashMap::default();
        routes.reserve(self.routes.len());
        for (path, route) in self.routes.iter() {
            match route {
                Route::File(p) => routes.insert(path.clone(), Route::File(p.clone())),
                Route::Embedded(b) => routes.insert(path.clone(), Route::Embedded(b)),
                Route::Output(_) => None,
            };
        }
        for (path, output) in render::outputs(&index, &self.config, &self.theme, &shared) {
            routes.insert(path, Route::Output(output));
        }
        Snapshot {
            id,
            config: self.config.clone(),
            theme: self.theme.clone(),
            index,
            shared,
            routes: Arc::new(routes),
            search_dir: self.search_dir.clone(),
            search: OnceLock::new(),
            rendered: Mutex::new(HashMap::default()),
        }
    }

    /// How many HTML pages and files in all (but the search index's) the site has.
    pub fn counts(&self) -> (usize, usize) {
        let pages = self.routes.keys().filter(|p| p.ends_with(".html")).count();
        (pages, self.routes.len())
    }

    /// The site's content, indexed.
    pub fn index(&self) -> &Index {
        &self.index
    }

    /// The configuration the site was built with.
    pub fn config(&self) -> &Config {
        &self.config
    }

    /// Number of published models.
    pub fn models(&self) -> usize {
        self.index.models.len()
    }

    /// Every output path but the search index's files.
    pub fn paths(&self) -> Vec<String> {
        self.routes.keys().cloned().collect()
    }

    /// Whether the site has a file at `path` (relative, with `/`).
    pub fn has(&self, path: &str) -> bool {
        self.routes.contains_key(path)
            || (path.starts_with(&self.search_dir) && self.search().files.contains_key(path))
    }

    /// The bytes of the file at `path`, rendered now if not yet; None when
    /// the site has no such file; the error when it cannot be rendered.
    pub fn get(&self, path: &str) -> Option<Result<Arc<Vec<u8>>, Diagnostic>> {
        let Some(route) = self.routes.get(path) else {
            if path.starts_with(&self.search_dir) {
                return self.search().files.get(path).cloned().map(Ok);
            }
            return None;
        };
        Some(match route {
            Route::Embedded(bytes) => Ok(Arc::new(bytes.to_vec())),
            Route::File(source) => std::fs::read(source).map(Arc::new).map_err(|e| {
                Diagnostic::error(
                    format!("cannot read `{}` for `{path}`: {e}", source.display()),
                    format!(
                        "không đọc được `{}` để phục vụ `{path}`: {e}",
                        source.display()
                    ),
                )
            }),
            Route::Output(output) => {
                if let Some(bytes) = self.lock().get(path) {
                    return Some(Ok(bytes.clone()));
                }
                let bytes = Arc::new(match self.render(*output) {
                    Ok(b) => b,
                    Err(d) => return Some(Err(d)),
                });
                self.lock().insert(path.to_owned(), bytes.clone());
                Ok(bytes)
            }
        })
    }

    /// Renders every page, in parallel, and returns the errors (the pages
    /// are not kept): after a change of templates or settings, so their
    /// errors show at once and not page by page.
    pub fn check_pages(&self) -> Vec<Diagnostic> {
        let outputs: Vec<Output> = self
            .routes
            .values()
            .filter_map(|r| match r {
                Route::Output(o) => Some(*o),
                _ => None,
            })
            .collect();
        let mut errors: Vec<Diagnostic> = outputs
            .par_iter()
            .filter_map(|o| self.render(*o).err())
            .collect();
        // The same template error on every model page is one error.
        errors.sort_by_key(|d| d.to_string());
        errors.dedup();
        errors
    }

    fn render(&self, output: Output) -> Result<Vec<u8>, Diagnostic> {
        render::render_output(
            &self.index,
            &self.config,
            &self.theme,
            &self.shared,
            output,
            || self.search().manifest.clone(),
        )
    }

    fn search(&self) -> &Search {
        self.search.get_or_init(|| {
            let files = Mutex::new(HashMap::default());
            let sink = |file: OutputFile| {
                let bytes = match file.contents {
                    Contents::Bytes(b) => b,
                    Contents::Static(b) => b.to_vec(),
                    Contents::Copy(p) => std::fs::read(&p).unwrap_or_default(),
                    Contents::Unchanged => Vec::new(),
                };
                files
                    .lock()
                    .unwrap_or_else(|e| e.into_inner())
                    .insert(file.path, Arc::new(bytes));
                Ok(())
            };
            let urls = Urls::new(&self.config);
            let written = crate::search::write_index(&self.index, &self.config, &urls, &sink);
            Search {
                files: files.into_inner().unwrap_or_else(|e| e.into_inner()),
                manifest: written.manifest,
            }
        })
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, HashMap<String, Arc<Vec<u8>>>> {
        self.rendered.lock().unwrap_or_else(|e| e.into_inner())
    }
}
