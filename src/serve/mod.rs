//! `kheo serve`: a preview that follows the editor.
//!
//! 1. [`bind`] takes the port first, so a port in use is a usage error before any work.
//! 2. [`Builder::build`] builds the site (without the booklet) in memory,
//!    never into `public/` (a published build must not contain drafts or the
//!    reload script). It keeps the parsed files and rendered Markdown of
//!    the previous build, so a save rereads and renders again only the
//!    files that changed, and renders pages only when asked for
//!    ([`snapshot::Snapshot`]).
//! 3. [`http`] serves the last good build; each request holds its
//!    [`Snapshot`], so a rebuild never shows a half-made site, and a
//!    script injected into HTML responses listens to the reload channel.
//! 4. [`watch`] reports changes to `content/`, `static/`, `templates/`,
//!    `themes/` and `site.yaml`; [`run`] waits for them to settle (debounce),
//!    rebuilds, then tells every open page to reload, or shows the build's
//!    errors over it ([`reload`]).

pub mod http;
pub mod reload;
pub mod snapshot;
pub mod watch;

use std::net::{IpAddr, SocketAddr, TcpListener};
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::mpsc;
use std::time::{Instant, SystemTime, UNIX_EPOCH};

use crate::content;
use crate::diagnostic::{Diagnostic, display_path, plural};
use crate::index::Index;
use crate::markdown::SiteLink;
use crate::site::{self, BuildOptions, BuildReport};

pub use reload::Live;
pub use snapshot::Snapshot;

/// Where serve used to build to, inside the site: removed on start.
const OLD_BUILDS: &str = ".kheo-cache/serve";

/// What `kheo serve` was asked to do.
#[derive(Debug, Clone)]
pub struct ServeOptions {
    /// The site folder.
    pub root: PathBuf,
    /// Include drafts (shown with a "bản nháp" badge).
    pub drafts: bool,
    /// Open the default browser once the site is served.
    pub open: bool,
}

/// Takes the address; a port in use or a refused address is the user's to fix (exit 2).
pub fn bind(ip: IpAddr, port: u16) -> Result<TcpListener, Diagnostic> {
    let addr = SocketAddr::new(ip, port);
    TcpListener::bind(addr).map_err(|e| {
        let next = port.checked_add(1).unwrap_or(1111);
        match e.kind() {
            std::io::ErrorKind::AddrInUse => Diagnostic::error(
                format!(
                    "port {port} is already in use on {ip}: another program (perhaps another `kheo serve`) listens there"
                ),
                format!(
                    "cổng {port} trên {ip} đang được dùng: một chương trình khác (có thể là một `kheo serve` khác) đang chiếm cổng này"
                ),
            )
            .hint(
                format!("stop that program, or choose another port, e.g. `--port {next}`"),
                format!("hãy tắt chương trình đó, hoặc chọn cổng khác, ví dụ `--port {next}`"),
            ),
            std::io::ErrorKind::PermissionDenied => Diagnostic::error(
                format!("not allowed to listen on port {port} of {ip}: {e}"),
                format!("không được phép mở cổng {port} trên {ip}: {e}"),
            )
            .hint(
                format!(
                    "ports below 1024 need special rights; choose e.g. `--port {}`",
                    1111
                ),
                format!(
                    "các cổng dưới 1024 cần quyền đặc biệt; hãy chọn ví dụ `--port {}`",
                    1111
                ),
            ),
            _ => Diagnostic::error(
                format!("cannot listen on {addr}: {e}"),
                format!("không mở được địa chỉ {addr}: {e}"),
            )
            .hint(
                format!(
                    "check `--bind` (the default, 127.0.0.1, is this computer only) or choose another port, e.g. `--port {next}`"
                ),
                format!(
                    "hãy kiểm tra `--bind` (mặc định là 127.0.0.1, chỉ máy này xem được) hoặc chọn cổng khác, ví dụ `--port {next}`"
                ),
            ),
        }
    })
}

/// Whether an address can be reached from other computers (and so deserves a warning).
pub fn is_exposed(ip: IpAddr) -> bool {
    !ip.is_loopback()
}

/// The address pages are built for: the server's own, whatever site.yaml says.
pub fn local_url(addr: SocketAddr) -> String {
    let ip = addr.ip();
    let host = if ip.is_unspecified() {
        match ip {
            IpAddr::V4(_) => "127.0.0.1".to_owned(),
            IpAddr::V6(_) => "[::1]".to_owned(),
        }
    } else if ip.is_ipv6() {
        format!("[{ip}]")
    } else {
        ip.to_string()
    };
    format!("http://{host}:{}", addr.port())
}

/// Builds the site for serving, in memory, keeping what the next build can reuse.
///
/// [`Builder::build`] is the one step the watch loop repeats.
pub struct Builder {
    options: BuildOptions,
    session: String,
    count: u64,
    /// The content files as last read.
    parsed: content::Parsed,
    /// The Markdown as last rendered.
    markdown: crate::cache::Rendered,
    /// The last build, when it succeeded.
    last: Option<Last>,
    /// A copy of the content as the last build read it, made while the
    /// editor is away ([`Builder::make_spare`]) for the next front matter
    /// edit, with the year limit it was checked against.
    spare: Option<(i32, content::Content)>,
}

/// The `/path` links written in each document's Markdown, by source path.
type Links = Vec<(String, SiteLink)>;

/// A successful build, and what a build that changes only the body of
/// models reuses of it ([`Builder::quick`]).
struct Last {
    snapshot: Arc<Snapshot>,
    /// The `/path` links of every document.
    links: Links,
    /// The URLs the Markdown was rendered with.
    bodies: site::BodyLinks,
    /// Its report (counts and warnings).
    report: BuildReport,
}

impl Builder {
    /// A builder for the site at `root`, with pages addressed to `base_url`.
    pub fn new(root: &Path, drafts: bool, base_url: String) -> Builder {
        let session = SystemTime::now()
            .duration_since(UNIX_EPOCH)
            .map_or(0, |d| d.as_millis());
        Builder {
            options: BuildOptions {
                root: root.to_path_buf(),
                out: root.join("public"),
                drafts,
                base_url: Some(base_url),
                dry_run: false,
                booklet: false,
            },
            session: format!("{session:x}"),
            count: 0,
            parsed: content::Parsed::default(),
            markdown: Default::default(),
            last: None,
            spare: None,
        }
    }

    /// Removes the builds that earlier versions of `kheo serve` wrote to disk.
    pub fn clear_stale(&self) {
        let _ = std::fs::remove_dir_all(self.options.root.join(OLD_BUILDS));
    }

    /// Builds the site once; the snapshot when the build succeeded. With
    /// `check_pages`, every page is rendered too, to report template errors
    /// now rather than when the page is asked for (after a change of
    /// templates or settings; a change of content cannot add such errors
    /// to pages it does not render).
    pub fn build(&mut self, check_pages: bool) -> (BuildReport, Option<Arc<Snapshot>>) {
        self.build_after(None, check_pages)
    }

    /// [`Builder::build`] when a watcher says that, since the last build,
    /// only the files at `changed` (absolute) may have changed.
    pub fn build_after(
        &mut self,
        changed: Option<&[PathBuf]>,
        check_pages: bool,
    ) -> (BuildReport, Option<Arc<Snapshot>>) {
        let start = Instant::now();
        self.count += 1;
        let id = format!("{}-{}", self.session, self.count);
        if let Some(changed) = changed
            && !check_pages
            && let Some(snapshot) = self.quick(changed, &id)
        {
            let mut report = self
                .last
                .as_ref()
                .map(|l| l.report.clone())
                .unwrap_or_default();
            report.incremental = true;
            report.elapsed = start.elapsed();
            return (report, Some(snapshot));
        }
        self.last = None;
        self.spare = None;
        if let Some(changed) = changed {
            let root = &self.options.root;
            let rel = changed
                .iter()
                .filter_map(|p| p.strip_prefix(root).ok())
                .map(|p| p.to_string_lossy().replace('\\', "/"))
                .collect();
            self.parsed.expect_changes(rel);
        }
        let lap = site::Laps::new();
        let mut report = BuildReport::default();
        let ds = &mut report.diagnostics;
        let Some(prepared) =
            site::prepare(&self.options, &mut self.parsed, &self.markdown, ds, &lap)
        else {
            report.elapsed = start.elapsed();
            return (report, None);
        };
        let site::Prepared {
            config,
            theme,
            index,
            links,
            assets,
            rendered,
            bodies,
            ..
        } = prepared;
        self.markdown = rendered;
        report.models = index.models.len();
        let snapshot = Snapshot::new(id, config, theme, index, assets);
        let paths = snapshot.paths();
        site::check_site_links(&links, &paths, snapshot.config(), ds);
        report.pages = paths.iter().filter(|p| p.ends_with(".html")).count();
        report.files = paths.len();
        lap.at("routes and links");
        if check_pages && !ds.has_errors() {
            ds.extend(snapshot.check_pages());
            lap.at("check pages");
        }
        report.elapsed = start.elapsed();
        if ds.has_errors() {
            return (report, None);
        }
        report.written = true;
        let snapshot = Arc::new(snapshot);
        self.last = Some(Last {
            snapshot: snapshot.clone(),
            links,
            bodies,
            report: report.clone(),
        });
        (report, Some(snapshot))
    }

    /// Copies the content as the last build read it, for the next save
    /// that changes front matter: done after a build is published, so the
    /// copy (tens of milliseconds at 10 000 models) is not on the way from
    /// that save to the screen.
    pub fn make_spare(&mut self) {
        if self.last.is_some() && self.spare.is_none() {
            let year = content::model::max_year();
            self.spare = content::content_of(&self.parsed, self.options.drafts).map(|c| (year, c));
        }
    }

    /// The content as last read, with the models at `rels` as read again
    /// since: the spare copy when there is one, else a new copy.
    fn spare_with(&mut self, rels: &[String]) -> Option<content::Content> {
        match self.spare.take() {
            Some((year, c)) if year == content::model::max_year() => patched(c, &self.parsed, rels),
            _ => content::content_of(&self.parsed, self.options.drafts),
        }
    }

    /// The build after a change of known model files only (the watcher's
    /// `changed` files), made from the last good build without looking at
    /// any other file: each changed model is read again and its body
    /// rendered. When only bodies changed, the index is the last one with
    /// those models' HTML and summaries replaced and the table of paths is
    /// shared; when front matter changed, the index is made again from the
    /// files as last read, with every other body as last rendered, and the
    /// paths listed again. None, and the whole build is needed, when more
    /// may have changed (another file, a model's URL, a picture, the files
    /// a body copies) or when a diagnostic, new or old, is involved.
    fn quick(&mut self, changed: &[PathBuf], id: &str) -> Option<Arc<Snapshot>> {
        let last = self.last.take()?;
        match self.quick_from(&last, changed, id) {
            Some((snapshot, links)) => {
                let mut report = last.report;
                report.models = snapshot.models();
                (report.pages, report.files) = snapshot.counts();
                self.last = Some(Last {
                    snapshot: snapshot.clone(),
                    links,
                    report,
                    ..last
                });
                Some(snapshot)
            }
            None => {
                self.last = Some(last);
                None
            }
        }
    }

    /// [`Builder::quick`] from `last`: the new build and its links.
    fn quick_from(
        &mut self,
        last: &Last,
        changed: &[PathBuf],
        id: &str,
    ) -> Option<(Arc<Snapshot>, Links)> {
        let root = &self.options.root;
        let content = root.join("content");
        let mut rels: Vec<String> = changed
            .iter()
            .map(|p| {
                p.strip_prefix(&content)
                    .ok()
                    .map(|r| format!("content/{}", r.to_string_lossy().replace('\\', "/")))
            })
            .collect::<Option<_>>()?;
        // An editor's file made and removed while saving (vim's `4913`,
        // `sed -i`'s copy) was never content.
        rels.retain(|rel| self.parsed.knows(rel) || root.join(rel).exists());
        rels.sort();
        rels.dedup();
        let snapshot = &last.snapshot;
        let config = snapshot.config();
        let lap = site::Laps::new();
        let mut edits = Vec::with_capacity(rels.len());
        let mut bodies_only = true;
        for rel in &rels {
            let (before, problems) = self.parsed.last_model(rel)?;
            if !problems.is_empty() || last.report.diagnostics.iter().any(|d| is_in(d, rel)) {
                return None;
            }
            let before = before.clone();
            let (mut model, problems) = content::reload_model(&mut self.parsed, rel)?;
            // Its URL, and so every link to it and every path, stays.
            if !problems.is_empty()
                || model.slug != before.slug
                || model.draft != before.draft
                || (model.draft && !self.options.drafts)
            {
                return None;
            }
            bodies_only &= model.same_but_body(&before);
            let rendered =
                site::render_model_body(&mut model, &last.bodies, config, root, &self.markdown);
            if !rendered.diagnostics.is_empty()
                || self
                    .markdown
                    .get(rel)
                    .is_none_or(|r| r.assets != rendered.assets)
            {
                return None;
            }
            edits.push((model, rendered));
        }
        lap.at("read and render the changed files");
        let mut links: Links = last
            .links
            .iter()
            .filter(|(source, _)| rels.binary_search(source).is_err())
            .cloned()
            .collect();
        for (model, rendered) in &edits {
            links.extend(
                rendered
                    .links
                    .iter()
                    .map(|l| (model.source.clone(), l.clone())),
            );
        }
        let next = if bodies_only {
            // The same index but for the HTML and summaries of the edited models.
            let mut index = snapshot.index().clone();
            for (model, _) in &edits {
                let m = index.models.iter_mut().find(|m| m.source == model.source)?;
                m.html = model.html.clone();
                m.summary = model.summary.clone();
            }
            // The spare copy follows: the same front matter, new bodies.
            if let Some((year, c)) = self.spare.take() {
                self.spare = patched(c, &self.parsed, &rels).map(|c| (year, c));
            }
            snapshot.with_index(id.to_owned(), index)
        } else {
            // Front matter changed: the index is made again from the files as
            // read, every other body taken as the last build rendered it. Only
            // for a site without diagnostics, since the index's own are not
            // told apart from the others.
            if !last.report.diagnostics.is_empty() {
                return None;
            }
            let content = self.spare_with(&rels)?;
            lap.at("content as last read");
            let (mut index, problems) = Index::build(content, config, self.parsed.collator());
            if !problems.is_empty() {
                return None;
            }
            lap.at("index");
            let mut rendered: rustc_hash::FxHashMap<&str, &content::Model> = snapshot
                .index()
                .models
                .iter()
                .map(|m| (m.source.as_str(), m))
                .collect();
            rendered.extend(edits.iter().map(|(m, _)| (m.source.as_str(), m)));
            for m in &mut index.models {
                let from = rendered.get(m.source.as_str())?;
                m.html = from.html.clone();
                if m.image.is_some() {
                    m.image = from.image.clone();
                }
                if m.summary.is_empty() {
                    m.summary = from.summary.clone();
                }
                m.body = Default::default();
            }
            let old = snapshot.index();
            let pages: rustc_hash::FxHashMap<&str, &content::Page> = old
                .pages
                .iter()
                .chain(old.home.as_ref())
                .map(|p| (p.source.as_str(), p))
                .collect();
            for p in index.pages.iter_mut().chain(index.home.as_mut()) {
                let from = pages.get(p.source.as_str())?;
                p.html = from.html.clone();
                if p.summary.is_empty() {
                    p.summary = from.summary.clone();
                }
                p.body = String::new();
            }
            lap.at("bodies as last rendered");
            snapshot.reindexed(id.to_owned(), index)
        };
        lap.at("routes");
        // The edited bodies' links; after a front matter change, every link
        // (a term page may have gone).
        let mut problems = crate::diagnostic::Diagnostics::default();
        let check: &[(String, SiteLink)] = if bodies_only {
            &links[links.len() - edits.iter().map(|(_, r)| r.links.len()).sum::<usize>()..]
        } else {
            &links
        };
        site::check_links_with(check, |p| next.has(p), config, &mut problems);
        if !problems.is_empty() {
            return None;
        }
        lap.at("links");
        for (model, rendered) in edits {
            self.markdown.insert(model.source, rendered);
        }
        Some((Arc::new(next), links))
    }
}

/// What wakes the serve loop.
#[derive(Debug)]
pub enum Signal {
    /// Source files changed (absolute paths).
    Changed(Vec<PathBuf>),
    /// Ctrl-C.
    Stop,
}

/// Builds, serves and rebuilds until Ctrl-C; `listener` is already bound.
pub fn run(opts: &ServeOptions, listener: TcpListener) -> Result<(), Diagnostic> {
    let addr = listener.local_addr().map_err(|e| {
        Diagnostic::error(
            format!("cannot read the listening address: {e}"),
            format!("không đọc được địa chỉ đang mở: {e}"),
        )
    })?;
    let url = local_url(addr);
    let (tx, rx) = mpsc::channel();
    let stop = tx.clone();
    ctrlc::set_handler(move || {
        let _ = stop.send(Signal::Stop);
    })
    .map_err(|e| {
        Diagnostic::error(
            format!("cannot catch Ctrl-C: {e}"),
            format!("không bắt được phím Ctrl-C: {e}"),
        )
    })?;

    let mut builder = Builder::new(&opts.root, opts.drafts, url.clone());
    builder.clear_stale();
    let live = Arc::new(Live::new());
    eprintln!("building the site for preview (without the booklet)…");
    rebuild(&mut builder, &live, None, true);
    builder.make_spare();

    let server = tiny_http::Server::from_listener(listener, None).map_err(|e| {
        Diagnostic::error(
            format!("cannot start the web server: {e}"),
            format!("không khởi động được máy chủ web: {e}"),
        )
    })?;
    let server_live = live.clone();
    std::thread::spawn(move || http::serve(server, server_live));
    let mut watch = watch::start(&opts.root, tx)?;
    eprintln!("serving the site at {url}/ (press Ctrl-C to stop)");
    eprintln!("watching content/, static/, templates/, themes/ and site.yaml for changes");
    if opts.open
        && let Err(e) = opener::open(format!("{url}/"))
    {
        crate::cli::print_one(
            &Diagnostic::warning(
                format!("cannot open a browser: {e}"),
                format!("không mở được trình duyệt: {e}"),
            )
            .hint(
                format!("open {url}/ yourself"),
                format!("hãy tự mở {url}/ trong trình duyệt"),
            ),
        );
    }

    while let Ok(signal) = rx.recv() {
        let Signal::Changed(first) = signal else {
            break;
        };
        let Some(changed) = settle(&rx, first) else {
            break;
        };
        watch.follow_new_folders(&changed);
        // Content is rendered page by page when asked for; templates and
        // settings are checked on every page at once.
        let content_only = changed
            .iter()
            .all(|p| p.starts_with(opts.root.join("content")));
        rebuild(&mut builder, &live, Some(&changed), !content_only);
        builder.make_spare();
    }
    live.shut_down();
    eprintln!("stopped");
    Ok(())
}

/// Waits until the sources have been quiet for [`watch::DEBOUNCE`] (at most
/// [`SETTLE_MAX`]), gathering every changed path; None on Ctrl-C.
fn settle(rx: &mpsc::Receiver<Signal>, first: Vec<PathBuf>) -> Option<Vec<PathBuf>> {
    let start = Instant::now();
    let mut changed = first;
    loop {
        match rx.recv_timeout(watch::DEBOUNCE) {
            Ok(Signal::Changed(paths)) => changed.extend(paths),
            Ok(Signal::Stop) => return None,
            Err(mpsc::RecvTimeoutError::Timeout) => return Some(changed),
            Err(mpsc::RecvTimeoutError::Disconnected) => return None,
        }
        // A file written without pause (a long copy) still gets a build now and then.
        if start.elapsed() >= SETTLE_MAX {
            return Some(changed);
        }
    }
}

/// The longest a stream of changes delays a rebuild.
const SETTLE_MAX: std::time::Duration = std::time::Duration::from_millis(500);

/// One rebuild: build, print, then reload the pages or show them the errors.
fn rebuild(builder: &mut Builder, live: &Live, changed: Option<&[PathBuf]>, check_pages: bool) {
    let start = Instant::now();
    let (report, snapshot) = builder.build_after(changed, check_pages);
    let changed = changed.map(|c| changed_list(&builder.options.root, c));
    let changed = changed.as_deref();
    crate::cli::print_diagnostics(&report.diagnostics);
    let counts = format!(
        "{}, {}",
        plural(report.diagnostics.warnings(), "warning"),
        plural(report.diagnostics.errors(), "error")
    );
    let what = match changed {
        Some(files) => format!("{files} changed: "),
        None => String::new(),
    };
    match snapshot {
        Some(snapshot) => {
            live.publish(snapshot);
            let reload = if changed.is_some() {
                "; open pages reload"
            } else {
                ""
            };
            eprintln!(
                "{what}built {} and {} in {} ms; {counts}{reload}",
                plural(report.models, "model"),
                plural(report.pages, "page"),
                start.elapsed().as_millis()
            );
        }
        None => {
            let had_site = live.fail(&report.diagnostics, builder.options.root.as_path());
            let served = if had_site {
                "the last good build is still served, with the errors shown over every open page"
            } else {
                "open pages show the errors until they are fixed"
            };
            eprintln!(
                "{what}build failed in {} ms: {counts}; {served}",
                start.elapsed().as_millis()
            );
        }
    }
}

/// `content` with the models at `rels` as `parsed` last read them; None
/// when one is not among its models.
fn patched(
    mut content: content::Content,
    parsed: &content::Parsed,
    rels: &[String],
) -> Option<content::Content> {
    for rel in rels {
        let (model, _) = parsed.last_model(rel)?;
        let at = content.models.iter().position(|m| m.source == *rel)?;
        content.models[at] = model.clone();
    }
    Some(content)
}

/// Whether `d` is about the file at `rel` (relative to the site root).
fn is_in(d: &Diagnostic, rel: &str) -> bool {
    d.path
        .as_deref()
        .is_some_and(|p| p.to_string_lossy().replace('\\', "/") == rel)
}

/// `content/models/x.md`, or `content/models/x.md and 2 more files`.
fn changed_list(root: &Path, paths: &[PathBuf]) -> String {
    let mut names: Vec<String> = paths
        .iter()
        .map(|p| display_path(p.strip_prefix(root).unwrap_or(p)))
        .collect();
    names.sort();
    names.dedup();
    match names.len() {
        0 => "a file".to_owned(),
        1 => format!("`{}`", names[0]),
        n => format!("`{}` and {}", names[0], plural(n - 1, "more file")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn local_url_names_a_reachable_host() {
        let a: SocketAddr = "127.0.0.1:1111".parse().expect("address");
        assert_eq!(local_url(a), "http://127.0.0.1:1111");
        let a: SocketAddr = "0.0.0.0:80".parse().expect("address");
        assert_eq!(local_url(a), "http://127.0.0.1:80");
        let a: SocketAddr = "[::1]:1111".parse().expect("address");
        assert_eq!(local_url(a), "http://[::1]:1111");
    }

    #[test]
    fn only_loopback_is_private() {
        assert!(!is_exposed("127.0.0.1".parse().expect("ip")));
        assert!(!is_exposed("::1".parse().expect("ip")));
        assert!(is_exposed("0.0.0.0".parse().expect("ip")));
        assert!(is_exposed("192.168.1.5".parse().expect("ip")));
    }

    #[test]
    fn changed_files_are_listed_relative_to_the_site() {
        let root = Path::new("/s");
        let one = [root.join("content/models/x.md")];
        assert_eq!(changed_list(root, &one), "`content/models/x.md`");
        let three = [root.join("site.yaml"), root.join("a.md"), root.join("a.md")];
        assert_eq!(changed_list(root, &three), "`a.md` and 1 more file");
    }
}
