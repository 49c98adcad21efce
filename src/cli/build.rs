//! `kheo build`: the site from content/ into public/.

use std::path::PathBuf;

use super::{Outcome, RootArg, plural, print_diagnostics};
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
        let report = site::build(&opts);
        print_diagnostics(&report.diagnostics);
        eprintln!("{}", summary(&report, &out.display().to_string()));
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
