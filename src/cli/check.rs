//! `kheo check`: every check of a build, nothing written.

use super::{Outcome, RootArg, plural, print_diagnostics};
use crate::site::{self, BuildOptions};

/// Check the site.
#[derive(clap::Args, Debug)]
pub struct Args {
    #[command(flatten)]
    root: RootArg,
    /// Check drafts too.
    #[arg(long)]
    drafts: bool,
}

impl Args {
    /// The site folder.
    pub fn root(&self) -> &std::path::Path {
        &self.root.root
    }

    /// Runs every check and prints the diagnostics.
    pub fn run(self) -> Outcome {
        let opts = BuildOptions {
            out: self.root.root.join("public"),
            root: self.root.root,
            drafts: self.drafts,
            base_url: None,
            dry_run: true,
            booklet: false,
        };
        let report = site::build(&opts);
        print_diagnostics(&report.diagnostics);
        let ds = &report.diagnostics;
        eprintln!(
            "checked {} and {}: {}, {}",
            plural(report.models, "model"),
            plural(report.pages, "page"),
            plural(ds.warnings(), "warning"),
            plural(ds.errors(), "error")
        );
        if ds.has_errors() || report.files == 0 {
            Outcome::Failed
        } else {
            Outcome::Success
        }
    }
}
