//! `kheo build`: the site from content/ into public/.

use std::path::PathBuf;

use super::{Outcome, RootArg, plural, print_diagnostics};
use crate::cache::BuildCache;
use crate::site::{self, BuildOptions, BuildReport};

/// Build the site.
#[derive(clap::Args, Debug)]
pub struct Args {
    #[command(flatten)]
    root: RootArg,
    /// Output folder [default: <root>/public].
    #[arg(long, value_name = "DIR")]
    out: Option<PathBuf>,
    /// Include models and pages marked `draft: true`.
    #[arg(long)]
    drafts: bool,
    /// The address the site is published at, for feed, sitemap and canonical links (overrides site.yaml).
    #[arg(long, value_name = "URL")]
    base_url: Option<String>,
    /// Skip the booklet (so-tay/: PDF, EPUB, print page), for quick builds.
    #[arg(long)]
    no_booklet: bool,
    /// Build from scratch, ignoring the cache in <root>/.kheo-cache/ (which is rewritten).
    #[arg(long)]
    no_cache: bool,
}

impl Args {
    /// The site folder.
    pub fn root(&self) -> &std::path::Path {
        &self.root.root
    }

    /// Runs the build and prints its diagnostics and summary.
    pub fn run(self) -> Outcome {
        // A malformed --base-url is a usage error (exit 2), found before any work.
        if let Some(url) = &self.base_url
            && let Err(d) = crate::config::Config::default().set_base_url(url)
        {
            super::print_one(&d);
            return Outcome::Usage;
        }
        let out = self.out.unwrap_or_else(|| default_out(&self.root.root));
        let opts = BuildOptions {
            root: self.root.root,
            out: out.clone(),
            drafts: self.drafts,
            base_url: self.base_url,
            dry_run: false,
            booklet: !self.no_booklet,
        };
        // Incremental: the previous build's cache, unless told to start afresh.
        let loading = std::time::Instant::now();
        let cache = if self.no_cache {
            BuildCache::new()
        } else {
            BuildCache::load(&opts.root)
        };
        let mut cache = cache.saved_in(&opts.root);
        if std::env::var_os("KHEO_TIMINGS").is_some() {
            eprintln!(
                "load cache: {:.0} ms",
                loading.elapsed().as_secs_f64() * 1000.0
            );
        }
        site::process_ends_after_build();
        let report = site::build_with_cache(&opts, &mut cache);
        print_diagnostics(&report.diagnostics);
        let saving = std::time::Instant::now();
        let saved = if report.written {
            cache.save_if_changed(&opts.root)
        } else {
            Ok(())
        };
        if std::env::var_os("KHEO_TIMINGS").is_some() {
            eprintln!(
                "save cache: {:.0} ms",
                saving.elapsed().as_secs_f64() * 1000.0
            );
        }
        if let Err(e) = saved {
            // The site is built; only the next build is slower.
            super::print_one(
                &crate::diagnostic::Diagnostic::warning(
                    format!(
                        "cannot save the build cache in `{}`: {e}",
                        opts.root.join(crate::cache::DIR).display()
                    ),
                    format!(
                        "không lưu được bộ nhớ đệm của lần dựng vào `{}`: {e}",
                        opts.root.join(crate::cache::DIR).display()
                    ),
                )
                .hint(
                    "the next build will be a full one; check that the site folder is writable",
                    "lần dựng sau sẽ phải dựng lại toàn bộ; hãy kiểm tra thư mục của trang có cho phép ghi không",
                ),
            );
        }
        eprintln!("{}", summary(&report, &out.display().to_string()));
        // The process ends here: the system takes its memory back at once,
        // while freeing the cache's many small parts one by one (the search
        // lists alone are millions) would take longer than a small edit's build.
        site::discard(cache);
        if report.written {
            Outcome::Success
        } else {
            Outcome::Failed
        }
    }
}

/// `<root>/public`, shown as `public` when the root is the current folder.
pub fn default_out(root: &std::path::Path) -> PathBuf {
    if root == std::path::Path::new(".") {
        PathBuf::from("public")
    } else {
        root.join("public")
    }
}

/// The last line of a build.
pub fn summary(r: &BuildReport, out: &str) -> String {
    let counts = format!(
        "{}, {}",
        plural(r.diagnostics.warnings(), "warning"),
        plural(r.diagnostics.errors(), "error")
    );
    if r.written {
        format!(
            "built {} and {} ({} files) into `{out}` in {:.2} s; {counts}",
            plural(r.models, "model"),
            plural(r.pages, "page"),
            r.files,
            r.elapsed.as_secs_f64()
        )
    } else {
        format!("build failed: {counts}; `{out}` was left unchanged")
    }
}
