//! The build pipeline: discover → parse → index → render Markdown → render
//! pages → check links → write. [`build`] reads as that list of steps; `kheo
//! check` runs the same steps and stops before writing.

use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use rayon::prelude::*;

use crate::booklet;
use crate::config::Config;
use crate::content;
use crate::diagnostic::{Diagnostic, Diagnostics};
use crate::index::Index;
use crate::markdown::{self, Asset, Document, SiteLink, SiteLinks};
use crate::output::{self, Contents, OutputFile};
use crate::render::{self, Theme, Urls};
use crate::vi::Collator;

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
#[derive(Debug, Default)]
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
    let files = match content::discover(root) {
        Ok(f) => f,
        Err(d) => {
            diagnostics.push(d);
            return None;
        }
    };
    let (content, ds) = content::load(&files, drafts);
    diagnostics.extend(ds);
    let collator = Collator::new();
    let (index, ds) = Index::build(content, config, &collator);
    diagnostics.extend(ds);
    Some(index)
}

/// Builds (or checks) the site.
pub fn build(opts: &BuildOptions) -> BuildReport {
    let start = Instant::now();
    let mut report = BuildReport::default();
    let ds = &mut report.diagnostics;
    let mut config = match load_config(&opts.root, opts.base_url.as_deref()) {
        Ok(c) => c,
        Err(errs) => {
            ds.extend(errs);
            report.elapsed = start.elapsed();
            return report;
        }
    };
    config.with_booklet = opts.booklet && !opts.dry_run;
    if config.base_url.is_empty() {
        ds.push(
            Diagnostic::warning("base_url is not set, so feed.xml, sitemap.xml and canonical links use relative addresses")
                .in_file(crate::config::FILE_NAME)
                .hint("add `base_url: https://…` (the address the site is published at) to site.yaml, or pass --base-url"),
        );
    }
    if !opts.dry_run
        && let Err(d) = output::check_out_dir(&opts.root, &opts.out)
    {
        ds.push(d);
    }
    let theme = match Theme::load(&opts.root, &config.theme, config.language.code()) {
        Ok(t) => Some(t),
        Err(d) => {
            ds.push(d);
            None
        }
    };
    crate::progress::status("reading content/…");
    let Some(mut index) = load_index(&opts.root, &config, opts.drafts, ds) else {
        crate::progress::clear();
        report.elapsed = start.elapsed();
        return report;
    };
    crate::progress::status(&format!("rendering {} models…", index.models.len()));
    let (links, assets) = render_markdown(&mut index, &config, &opts.root, ds);
    report.models = index.models.len();
    let Some(theme) = theme else {
        crate::progress::clear();
        report.elapsed = start.elapsed();
        return report;
    };
    // Files are written as they are rendered into a staging folder that only a
    // fully successful build swaps in; `check` and a build that already has
    // errors render everything (to report template errors) but write nothing.
    let staging = if opts.dry_run || ds.has_errors() {
        None
    } else {
        match output::Staging::new(&opts.out) {
            Ok(s) => Some(s),
            Err(d) => {
                ds.push(d);
                None
            }
        }
    };
    let sink = |file: OutputFile| match &staging {
        Some(s) => s.write(&file),
        None => Ok(()),
    };
    let (mut paths, render_ds) = render::render_site(&index, &config, &theme, &sink);
    ds.extend(render_ds);
    for asset in assets {
        paths.push(asset.out_path.clone());
        let file = OutputFile {
            path: asset.out_path,
            contents: Contents::Copy(asset.source),
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
        let (booklet_paths, booklet_ds) = booklet::site::write_outputs(&job, &sink);
        paths.extend(booklet_paths);
        ds.extend(booklet_ds);
    }
    crate::progress::clear();
    check_site_links(&links, &paths, &config, ds);
    report.pages = paths.iter().filter(|p| p.ends_with(".html")).count();
    report.files = paths.len();
    if let Some(staging) = staging
        && !ds.has_errors()
    {
        match staging.commit() {
            Ok(()) => report.written = true,
            Err(d) => ds.push(d),
        }
    }
    report.elapsed = start.elapsed();
    report
}

/// Renders every body to HTML in parallel; returns the site links to check and the assets to copy.
fn render_markdown(
    index: &mut Index,
    config: &Config,
    root: &Path,
    ds: &mut Diagnostics,
) -> (Vec<(String, SiteLink)>, Vec<Asset>) {
    let urls = Urls::new(config);
    let mut url_of: HashMap<String, String> = HashMap::new();
    for m in &index.models {
        url_of.insert(m.source.clone(), format!("/{}", urls.model_dir(&m.slug)));
    }
    for p in &index.pages {
        url_of.insert(p.source.clone(), format!("/{}", urls.page_dir(&p.slug)));
    }
    if let Some(h) = &index.home {
        url_of.insert(h.source.clone(), "/".to_owned());
    }
    let site = SiteLinks {
        root,
        base_path: &config.base_path,
        urls: &url_of,
        unsafe_html: config.unsafe_html,
    };

    let mut all_links = Vec::new();
    let mut assets = Vec::new();
    let mut collect = |source: &str, r: markdown::Rendered, ds: &mut Diagnostics| {
        ds.extend(r.diagnostics.into_iter().map(|d| d.in_file(source)));
        all_links.extend(r.links.into_iter().map(|l| (source.to_owned(), l)));
        assets.extend(r.assets);
    };

    let rendered: Vec<markdown::Rendered> = index
        .models
        .par_iter_mut()
        .map(|m| {
            let out_dir = urls.model_dir(&m.slug);
            let doc = Document {
                source: &m.source,
                body: &m.body,
                body_line: m.body_line,
                out_dir: &out_dir,
            };
            let mut r = markdown::render(&doc, &site);
            if let Some(image) = m.image.clone() {
                let cover = format!("![]({image})");
                let line = m.positions.image.map_or(1, |p| p.line);
                let doc = Document {
                    source: &m.source,
                    body: &cover,
                    body_line: line,
                    out_dir: &out_dir,
                };
                let c = markdown::render(&doc, &site);
                r.diagnostics
                    .extend(c.diagnostics.into_iter().filter(|d| d.is_error()));
                if let Some(a) = c.assets.first() {
                    m.image = Some(format!("{}{}", config.base_path, a.out_path));
                }
                r.assets.extend(c.assets);
            }
            m.html = std::mem::take(&mut r.html);
            if m.summary.is_empty() {
                m.summary = shorten(&r.first_paragraph, 300);
            }
            m.body = String::new();
            r
        })
        .collect();
    for (m, r) in index.models.iter().zip(rendered) {
        collect(&m.source, r, ds);
    }
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
            p.summary = shorten(&r.first_paragraph, 300);
        }
        p.body = String::new();
        let source = p.source.clone();
        collect(&source, r, ds);
    }
    (all_links, assets)
}

/// Cuts text at a word boundary near `max` characters, with an ellipsis.
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
fn check_site_links(
    links: &[(String, SiteLink)],
    files: &[String],
    config: &Config,
    ds: &mut Diagnostics,
) {
    if links.is_empty() {
        return;
    }
    let existing: HashSet<&str> = files.iter().map(String::as_str).collect();
    let base = config.base_path.trim_start_matches('/');
    for (source, link) in links {
        let path = link.path.trim_start_matches('/');
        let path = path
            .strip_prefix(base)
            .filter(|_| !base.is_empty())
            .unwrap_or(path);
        let found = if path.is_empty() {
            existing.contains("index.html")
        } else if path.ends_with('/') {
            existing.contains(format!("{path}index.html").as_str())
        } else {
            existing.contains(path) || existing.contains(format!("{path}/index.html").as_str())
        };
        if !found {
            let (what, noun) = if link.is_image {
                ("image", "file")
            } else if Path::new(path).extension().is_some_and(|x| x != "html") {
                ("link", "file")
            } else {
                ("link", "page")
            };
            let hint = if link.is_image {
                "put the image next to the Markdown file and give its path relative to it, e.g. `anh/hop-dan.jpg`; a path from `/` must match a file of the built site"
            } else {
                "check the address against the built site (e.g. `/linh-vuc/`), or link to a model by its file, e.g. `../ha-noi/vanh-dai-4.md`"
            };
            ds.push(
                Diagnostic::error(format!(
                    "broken {what} `{}`: the site has no such {noun}",
                    link.path
                ))
                .in_file(source)
                .at_pos(Some(link.pos))
                .hint(hint),
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
        render_markdown(index, &config, root, &mut Diagnostics::new());
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
