//! The build pipeline: discover → parse → index → render Markdown → render
//! pages → check links → write. [`build`] reads as that list of steps; `kheo
//! check` runs the same steps and stops before writing.
//!
//! [`build_with_cache`] is the same build, incremental: with the previous
//! build's [`BuildCache`] it reuses rendered Markdown, skips pages, the
//! search index and booklet volumes whose inputs are unchanged, and updates
//! the output folder in place, writing only files whose bytes changed.

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use rayon::prelude::*;

use crate::booklet;
use crate::cache::{BuildCache, RenderedDoc, Reuse};
use crate::config::Config;
use crate::content;
use crate::diagnostic::{Diagnostic, Diagnostics};
use crate::fingerprint::{Fingerprint, Hasher};
use crate::index::Index;
use crate::markdown::{self, Asset, Document, SiteLink, SiteLinks};
use crate::output::{self, OutputFile, Writer};
use crate::render::{self, Theme, Urls};

/// What a build needs to know.
#[derive(Debug, Clone)]
pub struct BuildOptions {
    /// The site folder.
    pub root: PathBuf,
    /// The output folder (default `<root>/public`).
    pub out: PathBuf,
    /// Include drafts.
    pub drafts: bool,
    /// Overrides `base_url` of site.yaml.
    pub base_url: Option<String>,
    /// Stop before writing (`kheo check`).
    pub dry_run: bool,
    /// Make the booklet (`so-tay/`: PDF, EPUB, print page); off with `--no-booklet` and in `check`.
    pub booklet: bool,
}

/// What a build did.
#[derive(Debug, Default, Clone)]
pub struct BuildReport {
    /// Every diagnostic of the run.
    pub diagnostics: Diagnostics,
    /// Published models.
    pub models: usize,
    /// HTML pages rendered.
    pub pages: usize,
    /// Files written (or that would be).
    pub files: usize,
    /// Wall time.
    pub elapsed: Duration,
    /// Whether the output was written.
    pub written: bool,
    /// Whether the output was updated in place from the previous build's cache.
    pub incremental: bool,
}

/// Loads the configuration, applying `--base-url`.
pub fn load_config(root: &Path, base_url: Option<&str>) -> Result<Config, Vec<Diagnostic>> {
    let mut config = Config::load(root)?;
    if let Some(url) = base_url {
        config.set_base_url(url).map_err(|d| vec![d])?;
    }
    Ok(config)
}

/// Loads and indexes the site, collecting diagnostics; None when it cannot go on.
pub fn load_index(
    root: &Path,
    config: &Config,
    drafts: bool,
    diagnostics: &mut Diagnostics,
) -> Option<Index> {
    load_index_with(
        root,
        config,
        drafts,
        diagnostics,
        &mut content::Parsed::default(),
    )
}

/// [`load_index`], reading again only the files changed since `parsed`
/// was made, and leaving there the files as now read.
pub fn load_index_with(
    root: &Path,
    config: &Config,
    drafts: bool,
    diagnostics: &mut Diagnostics,
    parsed: &mut content::Parsed,
) -> Option<Index> {
    let lap = Laps::new();
    // The files: those a watcher vouches for (`kheo serve`), or those of
    // the last walk while no folder of `content/` changed, or a new walk.
    let found = match parsed.known_files().or_else(|| parsed.listed_files(root)) {
        Some(files) => Ok(files),
        None => content::discover_listed(root).map(|(files, listing)| {
            parsed.set_listing(listing);
            files
        }),
    };
    lap.at("  discover");
    let files = match found {
        Ok(f) => f,
        Err(d) => {
            diagnostics.push(d);
            return None;
        }
    };
    let (content, ds) = content::load_with(files, drafts, parsed);
    lap.at("  read");
    diagnostics.extend(ds);
    let (index, ds) = Index::build(content, config, parsed.collator());
    lap.at("  index");
    diagnostics.extend(ds);
    Some(index)
}

/// Builds (or checks) the site from scratch: a clean build, swapped in whole.
pub fn build(opts: &BuildOptions) -> BuildReport {
    build_with_cache(opts, &mut BuildCache::new())
}

/// Builds (or checks) the site, reusing what `cache` holds of the previous
/// build into the same output folder, and leaves in `cache` what the next
/// build needs. The output is the same, byte for byte, as [`build`]'s; with
/// an empty cache it is [`build`]. A failed build leaves `cache` as it was.
pub fn build_with_cache(opts: &BuildOptions, cache: &mut BuildCache) -> BuildReport {
    let start = Instant::now();
    let lap = Laps::new();
    let mut report = BuildReport::default();
    let ds = &mut report.diagnostics;
    if !opts.dry_run
        && let Err(d) = output::check_out_dir(&opts.root, &opts.out)
    {
        ds.push(d);
    }
    // The files parsed by the previous build, kept without the models'
    // bodies (read again only for a rendering that must be made again).
    let mut previous_parsed = cache.parsed.take();
    let mut parsed = previous_parsed
        .as_mut()
        .and_then(content::parsed::Encoded::take_decoded)
        .unwrap_or_default();
    lap.at("decode parsed files");
    // The output folder is surveyed (every file and folder the previous
    // build wrote, checked) while the content is read and rendered.
    let (prepared, survey) = std::thread::scope(|scope| {
        let (manifest, folders) = (&cache.manifest, &cache.folders);
        let survey = (!opts.dry_run && cache.can_update(&opts.out)).then(|| {
            std::thread::Builder::new()
                .name("kheo-survey".into())
                .spawn_scoped(scope, || output::Update::new(&opts.out, manifest, folders))
        });
        let prepared = prepare(opts, &mut parsed, &cache.markdown, ds, &lap);
        let survey = survey.map(|s| match s {
            Ok(thread) => thread
                .join()
                .unwrap_or_else(|panic| std::panic::resume_unwind(panic)),
            // No thread to spare: surveyed now.
            Err(_) => output::Update::new(&opts.out, manifest, folders),
        });
        (prepared, survey)
    });
    lap.at("survey output");
    parsed.drop_model_bodies();
    // Held serialised until the cache is saved: a third of the memory.
    let encoded = parsed.encode(previous_parsed);
    discard(parsed);
    let Some(prepared) = prepared else {
        report.elapsed = start.elapsed();
        return report;
    };
    let Prepared {
        config,
        theme,
        index,
        global,
        links,
        assets,
        rendered,
        bodies,
    } = prepared;
    discard(bodies);
    report.models = index.models.len();
    // Files are written as they are rendered into a staging folder that only a
    // fully successful build swaps in (or, incremental, only changed files are
    // staged and applied on success); `check` and a build that already has
    // errors render everything (to report template errors) but write nothing.
    let writer = if opts.dry_run || ds.has_errors() {
        None
    } else if let Some(survey) = survey {
        match survey {
            Ok(u) => Some(Writer::Update(Box::new(u))),
            Err(d) => {
                ds.push(d);
                None
            }
        }
    } else {
        match output::Staging::new(&opts.out) {
            Ok(s) => Some(Writer::Clean(s)),
            Err(d) => {
                ds.push(d);
                None
            }
        }
    };
    lap.at("encode parsed files, stage");
    let reuse = match &writer {
        Some(Writer::Update(u)) => Reuse::new(global, Some(&cache.memos)).intact(u.trusted()),
        _ => Reuse::new(global, None),
    }
    .with_search(std::mem::take(&mut cache.search));
    let sink = |file: OutputFile| match &writer {
        Some(w) => w.write(&file),
        None => Ok(()),
    };
    let (mut paths, render_ds) = render::render_site(&index, &config, &theme, &sink, &reuse);
    ds.extend(render_ds);
    lap.at("pages, data, search");
    for asset in assets {
        paths.push(asset.out_path.clone());
        let file = OutputFile {
            contents: reuse.copy(&asset.out_path, &asset.source),
            path: asset.out_path,
        };
        if let Err(d) = sink(file) {
            ds.push(d);
        }
    }
    // The booklet is typeset only when everything else is right: it is the slow part.
    if config.with_booklet && !ds.has_errors() {
        let job = booklet::site::Job {
            root: &opts.root,
            index: &index,
            config: &config,
            theme: &theme,
            filter: &config.booklet.filter,
        };
        let (booklet_paths, booklet_ds) = booklet::site::write_outputs(&job, &sink, &reuse);
        paths.extend(booklet_paths);
        ds.extend(booklet_ds);
    }
    crate::progress::clear();
    lap.at("assets, booklet");
    check_site_links(&links, &paths, &config, ds);
    report.pages = paths.iter().filter(|p| p.ends_with(".html")).count();
    report.files = paths.len();
    let (memos, search, search_changed) = reuse.into_parts();
    if let Some(writer) = writer
        && !ds.has_errors()
    {
        report.incremental = matches!(writer, Writer::Update(_));
        let mut next = BuildCache {
            parsed: Some(encoded),
            out: opts.out.clone(),
            memos,
            markdown: rendered,
            search,
            search_changed,
            ..BuildCache::default()
        };
        // The cache's parts that do not describe the output are written
        // while the output is committed (when the cache is saved at all).
        let (committed, staged) = std::thread::scope(|scope| {
            let staging = cache.save_in.as_deref().map(|root| {
                let (cache, next) = (&*cache, &next);
                std::thread::Builder::new()
                    .name("kheo-cache".into())
                    .spawn_scoped(scope, move || cache.stage(next, root))
            });
            let committed = writer.commit();
            let staged = match staging {
                Some(Ok(thread)) => thread
                    .join()
                    .unwrap_or_else(|panic| std::panic::resume_unwind(panic)),
                // No thread to spare: saved after the build, as a whole.
                Some(Err(_)) | None => Vec::new(),
            };
            (committed, staged)
        });
        match committed {
            Ok((manifest, folders)) => {
                report.written = true;
                next.manifest = manifest;
                next.folders = folders;
                cache.replace(next, staged);
            }
            Err(d) => {
                if let Some(root) = &cache.save_in {
                    BuildCache::unstage(root, &staged);
                }
                ds.push(d);
            }
        }
    }
    discard((index, theme, config, links, paths));
    lap.at("commit");
    report.elapsed = start.elapsed();
    report
}

/// Whether the process ends after this build (see [`process_ends_after_build`]).
static PROCESS_ENDS: std::sync::atomic::AtomicBool = std::sync::atomic::AtomicBool::new(false);

/// Tells the build that the process ends once it is over (`kheo build`,
/// not `kheo serve`): what [`discard`] is given is then left for the
/// system to take back with the whole process, rather than freed.
pub fn process_ends_after_build() {
    PROCESS_ENDS.store(true, std::sync::atomic::Ordering::Relaxed);
}

/// Frees `value`, unless the process ends after this build: freeing the
/// many small parts of 10 000 models one by one (their texts, terms,
/// rendered memos) takes 20–30 ms, a tenth of a small edit's build,
/// while the system takes a process's memory back at once.
pub fn discard<T>(value: T) {
    if PROCESS_ENDS.load(std::sync::atomic::Ordering::Relaxed) {
        std::mem::forget(value);
    }
}

/// The site read, checked and indexed, with its Markdown rendered: what
/// every page is made from.
pub struct Prepared {
    /// The configuration, with `--base-url` applied.
    pub config: Config,
    /// Templates, strings and static files.
    pub theme: Theme,
    /// Every published document, rendered to HTML, and the taxonomies.
    pub index: Index,
    /// What every piece of output work reads ([`global_fingerprint`]).
    pub global: Fingerprint,
    /// The `/path` links written in Markdown, checked once every output path is known.
    pub links: Vec<(String, SiteLink)>,
    /// Files the Markdown refers to, copied into the output.
    pub assets: Vec<Asset>,
    /// The rendered Markdown by source path, for the next run's memo.
    pub rendered: crate::cache::Rendered,
    /// Where each document is published, as its Markdown was rendered with.
    pub bodies: BodyLinks,
}

/// Loads the configuration and theme, reads and indexes the content and
/// renders its Markdown: every step before pages. Files unchanged since
/// `parsed` was made are not read again (`parsed` is left up to date), and
/// a document whose rendering `markdown` holds is not rendered again. None,
/// with the reasons in `ds`, when the build cannot go on.
pub fn prepare(
    opts: &BuildOptions,
    parsed: &mut content::Parsed,
    markdown: &crate::cache::Rendered,
    ds: &mut Diagnostics,
    lap: &Laps,
) -> Option<Prepared> {
    let mut config = match load_config(&opts.root, opts.base_url.as_deref()) {
        Ok(c) => c,
        Err(errs) => {
            ds.extend(errs);
            return None;
        }
    };
    config.with_booklet = opts.booklet && !opts.dry_run;
    if config.base_url.is_empty() {
        ds.push(
            Diagnostic::warning(
                "base_url is not set, so feed.xml, sitemap.xml and canonical links use relative addresses",
                "chưa khai báo `base_url`, nên feed.xml, sitemap.xml và các liên kết chính tắc chỉ dùng địa chỉ tương đối",
            )
            .in_file(crate::config::FILE_NAME)
            .hint(
                "add `base_url: https://…` (the address the site is published at) to site.yaml, or pass --base-url",
                "hãy thêm vào site.yaml dòng `base_url: https://…` (địa chỉ nơi trang được đăng), hoặc dùng tùy chọn --base-url",
            ),
        );
    }
    let theme = match Theme::load(&opts.root, &config.theme, config.language.code()) {
        Ok(t) => Some(t),
        Err(d) => {
            ds.push(d);
            None
        }
    };
    lap.at("  configuration and theme");
    crate::progress::status("reading content/…");
    let index = load_index_with(&opts.root, &config, opts.drafts, ds, parsed);
    let (Some(mut index), Some(theme)) = (index, theme) else {
        crate::progress::clear();
        return None;
    };
    lap.at("read and index");
    let global = global_fingerprint(opts, &config, &theme);
    crate::progress::status(&format!("rendering {} models…", index.models.len()));
    let memo = MarkdownMemo {
        global,
        previous: markdown,
        parsed: Some(parsed),
    };
    let (links, assets, rendered, bodies) =
        render_markdown(&mut index, &config, &opts.root, ds, &memo);
    lap.at("markdown");
    Some(Prepared {
        config,
        theme,
        index,
        global,
        links,
        assets,
        rendered,
        bodies,
    })
}

/// Time of each step on stderr when `KHEO_TIMINGS` is set, for benchmarks.
pub struct Laps(Option<std::cell::Cell<Instant>>);

impl Default for Laps {
    fn default() -> Self {
        Laps::new()
    }
}

impl Laps {
    /// Timing from now, if `KHEO_TIMINGS` is set.
    pub fn new() -> Laps {
        Laps(std::env::var_os("KHEO_TIMINGS").map(|_| std::cell::Cell::new(Instant::now())))
    }

    /// Prints the time since the last step (or since [`Laps::new`]) as `step`'s.
    pub fn at(&self, step: &str) {
        if let Some(last) = &self.0 {
            eprintln!(
                "{step}: {:.0} ms",
                last.get().elapsed().as_secs_f64() * 1000.0
            );
            last.set(Instant::now());
        }
    }
}

/// What every piece of work reads besides its own inputs: kheo's version,
/// the options, the configuration and the theme's templates and strings.
fn global_fingerprint(opts: &BuildOptions, config: &Config, theme: &Theme) -> Fingerprint {
    let mut h = Hasher::new();
    h.str(env!("CARGO_PKG_VERSION"))
        .debug(&(opts.drafts, &opts.base_url, opts.booklet))
        .debug(config)
        .debug(&theme.strings);
    // Every file a template lookup can reach: the site's and the theme's templates.
    let mut dirs = vec![opts.root.join("templates")];
    dirs.push(opts.root.join("themes").join(&config.theme));
    for dir in dirs {
        for entry in walkdir::WalkDir::new(&dir)
            .sort_by_file_name()
            .into_iter()
            .flatten()
        {
            if entry.file_type().is_file() {
                h.str(&entry.path().to_string_lossy());
                match std::fs::read(entry.path()) {
                    Ok(bytes) => h.bytes(&bytes),
                    Err(e) => h.str(&e.to_string()),
                };
            }
        }
    }
    h.finish()
}

/// What rendering the bodies gives the rest of the build: the site links to
/// check, the assets to copy, and the rendered models for the cache.
type Bodies = (
    Vec<(String, SiteLink)>,
    Vec<Asset>,
    crate::cache::Rendered,
    BodyLinks,
);

/// The previous build's rendered Markdown, and what every rendering reads.
struct MarkdownMemo<'a> {
    global: Fingerprint,
    previous: &'a crate::cache::Rendered,
    /// The parsed files, which know the bodies left out of the models.
    parsed: Option<&'a content::Parsed>,
}

/// Renders every body to HTML in parallel (or takes it from `memo` when the
/// document and what its rendering reads are unchanged); returns the site
/// links to check, the assets to copy, and the rendered models for the cache.
fn render_markdown(
    index: &mut Index,
    config: &Config,
    root: &Path,
    ds: &mut Diagnostics,
    memo: &MarkdownMemo<'_>,
) -> Bodies {
    let urls = Urls::new(config);
    let bodies = BodyLinks::new(index, config, memo.global);
    let site = bodies.site(root, config);
    let mut all_links = Vec::new();
    let mut assets = Vec::new();

    // Each model's links, assets and diagnostics are copied out of its
    // rendering (kept for the next build) on every core.
    let rendered: Vec<(RenderedDoc, Links, Vec<Asset>, Vec<Diagnostic>)> = index
        .models
        .par_iter_mut()
        .map(|m| {
            let r = render_model_memo(m, &bodies, &site, config, root, memo);
            let links = r
                .links
                .iter()
                .map(|l| (m.source.clone(), l.clone()))
                .collect();
            let found = r
                .diagnostics
                .iter()
                .map(|d| d.clone().in_file(&m.source))
                .collect();
            let assets = r.assets.clone();
            (r, links, assets, found)
        })
        .collect();
    let mut cached =
        crate::cache::Rendered::with_capacity_and_hasher(rendered.len(), Default::default());
    for (m, (r, links, copied, found)) in index.models.iter().zip(rendered) {
        // A document with errors is rendered again next time: the errors may
        // be about files (images, links) that appear in the meantime.
        if !r.diagnostics.iter().any(Diagnostic::is_error) {
            cached.insert(m.source.clone(), r);
        }
        ds.extend(found);
        all_links.extend(links);
        assets.extend(copied);
    }
    let mut collect = |source: &str, r: markdown::Rendered, ds: &mut Diagnostics| {
        ds.extend(r.diagnostics.into_iter().map(|d| d.in_file(source)));
        all_links.extend(r.links.into_iter().map(|l| (source.to_owned(), l)));
        assets.extend(r.assets);
    };
    let pages = index.pages.iter_mut().chain(index.home.as_mut());
    for p in pages {
        let out_dir = if p.slug == "index" && p.source.ends_with("_index.md") {
            String::new()
        } else {
            urls.page_dir(&p.slug)
        };
        let doc = Document {
            source: &p.source,
            body: &p.body,
            body_line: p.body_line,
            out_dir: &out_dir,
        };
        let mut r = markdown::render(&doc, &site);
        p.html = std::mem::take(&mut r.html);
        if p.summary.is_empty() {
            p.summary = shorten(&r.first_paragraph, SUMMARY_CHARS);
        }
        p.body = String::new();
        let source = p.source.clone();
        collect(&source, r, ds);
    }
    (all_links, assets, cached, bodies)
}

/// Site links found in Markdown, each with the source of its document.
type Links = Vec<(String, SiteLink)>;

/// What rendering a body reads besides the document itself: the URL of
/// every document (a link to another document renders as its URL).
pub struct BodyLinks {
    url_of: rustc_hash::FxHashMap<String, String>,
    /// The global fingerprint and every URL: what every rendering reads.
    fingerprint: Fingerprint,
}

impl BodyLinks {
    /// The URLs of the documents of `index`, with the build's `global` fingerprint.
    fn new(index: &Index, config: &Config, global: Fingerprint) -> BodyLinks {
        let urls = Urls::new(config);
        let mut url_of: rustc_hash::FxHashMap<String, String> = Default::default();
        for m in &index.models {
            url_of.insert(m.source.clone(), format!("/{}", urls.model_dir(&m.slug)));
        }
        for p in &index.pages {
            url_of.insert(p.source.clone(), format!("/{}", urls.page_dir(&p.slug)));
        }
        if let Some(h) = &index.home {
            url_of.insert(h.source.clone(), "/".to_owned());
        }
        let mut links_map: Vec<(&String, &String)> = url_of.iter().collect();
        links_map.sort_unstable();
        let mut h = Hasher::new();
        h.fingerprint(global).u64(links_map.len() as u64);
        for (source, url) in links_map {
            h.str(source).str(url);
        }
        BodyLinks {
            fingerprint: h.finish(),
            url_of,
        }
    }

    fn site<'a>(&'a self, root: &'a Path, config: &'a Config) -> SiteLinks<'a> {
        SiteLinks {
            root,
            base_path: &config.base_path,
            urls: &self.url_of,
            unsafe_html: config.unsafe_html,
        }
    }
}

/// Renders the body of `m`, a model as read, into it (HTML, cover, summary
/// from the first paragraph when it has none; the Markdown is dropped), as
/// a whole build would, taking the rendering from `previous` when its
/// inputs are unchanged. For `kheo serve`, which renders again only the
/// model that changed when no URL did.
pub fn render_model_body(
    m: &mut crate::content::Model,
    bodies: &BodyLinks,
    config: &Config,
    root: &Path,
    previous: &crate::cache::Rendered,
) -> RenderedDoc {
    let memo = MarkdownMemo {
        global: bodies.fingerprint,
        previous,
        parsed: None,
    };
    render_model_memo(m, bodies, &bodies.site(root, config), config, root, &memo)
}

/// [`render_model_body`] with the links made once for every model.
fn render_model_memo(
    m: &mut crate::content::Model,
    bodies: &BodyLinks,
    site: &SiteLinks<'_>,
    config: &Config,
    root: &Path,
    memo: &MarkdownMemo<'_>,
) -> RenderedDoc {
    // A body left out of a parsed file kept from the previous build
    // counts by its fingerprint, and is read again if needed.
    let left_out = memo
        .parsed
        .and_then(|p| p.left_out_body(&m.source))
        .filter(|_| m.body.is_empty());
    let body = left_out.unwrap_or_else(|| m.body.fingerprint());
    // The slug stands for the output folder (made from it and the
    // configuration, which the global fingerprint covers).
    let mut h = Hasher::new();
    h.fingerprint(bodies.fingerprint)
        .str(&m.source)
        .str(&m.slug)
        .fingerprint(body)
        .u64(m.body_line as u64)
        .binary(&(&m.image, m.positions.image));
    let fingerprint = h.finish();
    let r = match memo.previous.get(&m.source) {
        // The files it copies must still be there.
        Some(r) if r.fingerprint == fingerprint && r.assets.iter().all(|a| a.source.is_file()) => {
            r.clone()
        }
        _ => {
            let mut unread = None;
            if left_out.is_some() {
                match content::read_body(&root.join(&m.source)) {
                    Some(b) => m.body = b.into(),
                    None => {
                        unread = Some(
                            Diagnostic::error(
                                "cannot read the file again",
                                "không đọc lại được tệp",
                            )
                            .in_file(&m.source)
                            .hint(
                                "check that the file is still there and can be read, then build again",
                                "hãy kiểm tra tệp vẫn còn và mở đọc được, rồi dựng lại trang",
                            ),
                        )
                    }
                }
            }
            let out_dir = Urls::new(config).model_dir(&m.slug);
            let mut r = render_model(m, &out_dir, site, config, fingerprint);
            r.diagnostics.extend(unread);
            r
        }
    };
    m.html = r.html.clone();
    if m.image.is_some() {
        m.image = r.image.clone();
    }
    if m.summary.is_empty() {
        m.summary = r.first_paragraph.clone();
    }
    m.body = Default::default();
    r
}

/// Renders one model's body and cover image.
fn render_model(
    m: &crate::content::Model,
    out_dir: &str,
    site: &SiteLinks<'_>,
    config: &Config,
    fingerprint: Fingerprint,
) -> RenderedDoc {
    let doc = Document {
        source: &m.source,
        body: &m.body,
        body_line: m.body_line,
        out_dir,
    };
    let mut r = markdown::render(&doc, site);
    let mut image = None;
    if let Some(cover_path) = &m.image {
        let cover = format!("![]({cover_path})");
        let line = m.positions.image.map_or(1, |p| p.line);
        let doc = Document {
            source: &m.source,
            body: &cover,
            body_line: line,
            out_dir,
        };
        let c = markdown::render(&doc, site);
        r.diagnostics
            .extend(c.diagnostics.into_iter().filter(|d| d.is_error()));
        image = Some(match c.assets.first() {
            Some(a) => format!("{}{}", config.base_path, a.out_path),
            None => cover_path.clone(),
        });
        r.assets.extend(c.assets);
    }
    RenderedDoc {
        fingerprint,
        html: r.html.into(),
        // Kept only as long as a summary uses it: the cache reads it back
        // for every model on every build.
        first_paragraph: shorten(&r.first_paragraph, SUMMARY_CHARS),
        image,
        links: r.links,
        assets: r.assets,
        diagnostics: r.diagnostics,
    }
}

/// Cuts text at a word boundary near `max` characters, with an ellipsis.
/// The most characters of a summary made from a document's first paragraph.
const SUMMARY_CHARS: usize = 300;

/// `text` cut at a word to about `max` characters, with `…` when cut.
fn shorten(text: &str, max: usize) -> String {
    if text.chars().count() <= max {
        return text.to_owned();
    }
    let mut out = String::new();
    for word in text.split_whitespace() {
        if out.chars().count() + word.chars().count() + 1 > max {
            break;
        }
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(word);
    }
    out.push('…');
    out
}

/// Every `/path` link written in Markdown must lead to a file of the output.
pub fn check_site_links(
    links: &[(String, SiteLink)],
    files: &[String],
    config: &Config,
    ds: &mut Diagnostics,
) {
    if links.is_empty() {
        return;
    }
    let existing: rustc_hash::FxHashSet<&str> = files.iter().map(String::as_str).collect();
    check_links_with(links, |p| existing.contains(p), config, ds);
}

/// [`check_site_links`] against `exists`, which tells whether the output has a file.
pub fn check_links_with(
    links: &[(String, SiteLink)],
    exists: impl Fn(&str) -> bool,
    config: &Config,
    ds: &mut Diagnostics,
) {
    let base = config.base_path.trim_start_matches('/');
    for (source, link) in links {
        let path = link.path.trim_start_matches('/');
        let path = path
            .strip_prefix(base)
            .filter(|_| !base.is_empty())
            .unwrap_or(path);
        let found = if path.is_empty() {
            exists("index.html")
        } else if path.ends_with('/') {
            exists(&format!("{path}index.html"))
        } else {
            exists(path) || exists(&format!("{path}/index.html"))
        };
        if !found {
            let (what, noun) = if link.is_image {
                ("image", "file")
            } else if Path::new(path).extension().is_some_and(|x| x != "html") {
                ("link", "file")
            } else {
                ("link", "page")
            };
            let (hint, hint_vi) = if link.is_image {
                (
                    "put the image next to the Markdown file and give its path relative to it, e.g. `anh/hop-dan.jpg`; a path from `/` must match a file of the built site",
                    "hãy đặt ảnh cạnh tệp Markdown và ghi đường dẫn tính từ tệp đó, ví dụ `anh/hop-dan.jpg`; đường dẫn bắt đầu bằng `/` phải trùng với một tệp của trang đã dựng",
                )
            } else {
                (
                    "check the address against the built site (e.g. `/linh-vuc/`), or link to a model by its file, e.g. `../ha-noi/vanh-dai-4.md`",
                    "hãy kiểm tra lại địa chỉ so với trang đã dựng (ví dụ `/linh-vuc/`), hoặc liên kết tới một mô hình bằng tên tệp của nó, ví dụ `../ha-noi/vanh-dai-4.md`",
                )
            };
            let message_vi = match (link.is_image, noun) {
                (true, _) => format!(
                    "không tìm thấy ảnh `{}`: trang web không có tệp này",
                    link.path
                ),
                (false, "file") => format!(
                    "liên kết `{}` bị hỏng: trang web không có tệp này",
                    link.path
                ),
                _ => format!(
                    "liên kết `{}` bị hỏng: trang web không có trang nào ở địa chỉ này",
                    link.path
                ),
            };
            ds.push(
                Diagnostic::error(
                    format!("broken {what} `{}`: the site has no such {noun}", link.path),
                    message_vi,
                )
                .in_file(source)
                .at_pos(Some(link.pos))
                .hint(hint, hint_vi),
            );
        }
    }
}

/// Loads a site's content without rendering, for `kheo list`.
pub fn load_for_listing(root: &Path, drafts: bool) -> (Option<Index>, Diagnostics) {
    let mut ds = Diagnostics::new();
    let config = match Config::load(root) {
        Ok(c) => c,
        Err(errs) => {
            ds.extend(errs);
            return (None, ds);
        }
    };
    let mut index = load_index(root, &config, drafts, &mut ds);
    if let Some(index) = index.as_mut() {
        // Summaries default to the first paragraph; link problems are for build and check to report.
        let empty = crate::cache::Rendered::default();
        let memo = MarkdownMemo {
            global: Fingerprint(0),
            previous: &empty,
            parsed: None,
        };
        render_markdown(index, &config, root, &mut Diagnostics::new(), &memo);
    }
    (index, ds)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::content::Content;

    #[test]
    fn shorten_cuts_at_words() {
        assert_eq!(shorten("một hai ba", 100), "một hai ba");
        assert_eq!(shorten("một hai ba bốn", 8), "một hai…");
    }

    #[test]
    fn content_default_is_empty() {
        let c = Content::default();
        assert!(c.models.is_empty() && c.pages.is_empty() && c.home.is_none());
    }
}
