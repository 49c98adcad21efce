//! The command line: one file per command, each an `Args` struct with `run()`.
//!
//! Exit codes: 0 success (warnings allowed), 1 content or template errors,
//! 2 usage errors (clap's own, and ours such as a missing value with no
//! terminal to ask on).

mod booklet;
mod build;
mod check;
mod init;
mod list;
mod new;
mod serve;

use std::io::{IsTerminal, Write};
use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand};

pub use crate::diagnostic::plural;
use crate::diagnostic::{Diagnostic, Diagnostics};

/// kheo: publish "Dân vận khéo" models as a website and a booklet.
#[derive(Parser, Debug)]
#[command(name = "kheo", version, about, long_about = None, propagate_version = true)]
pub struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand, Debug)]
enum Command {
    /// Build the site from content/ into public/.
    Build(build::Args),
    /// Preview the site: build, serve, rebuild and reload the browser on every save.
    ///
    /// Builds the site into .kheo-cache/serve/ (never into public/) for
    /// http://127.0.0.1:1111/, whatever base_url says, and serves it. Watches
    /// content/, static/, templates/, themes/ and site.yaml: after a save,
    /// open pages reload by themselves; after a save with errors, they show
    /// the errors over the last good site (the terminal shows them too).
    /// The booklet is left out, as with `kheo build --no-booklet`: typesetting
    /// it is slow; make it with `kheo build` or `kheo booklet`. Ctrl-C stops.
    Serve(serve::Args),
    /// Build the booklet (PDF, EPUB or print HTML) for a selection of models.
    Booklet(booklet::Args),
    /// Check everything and write nothing; exit 1 on errors.
    Check(check::Args),
    /// List the models, filtered, as a table, JSON or CSV.
    List(list::Args),
    /// Create a new model file under content/models/.
    New(new::Args),
    /// Create a new site with site.yaml, the default theme and one sample model.
    Init(init::Args),
}

/// `--root`, shared by every command that reads a site.
#[derive(clap::Args, Debug, Clone)]
pub struct RootArg {
    /// The site folder (the one holding site.yaml and content/).
    #[arg(long, value_name = "DIR", default_value = ".")]
    pub root: PathBuf,
}

/// `--year --field --unit --locality`, shared by `list` and `booklet`.
#[derive(clap::Args, Debug, Clone)]
pub struct FilterArgs {
    /// Only models of this year.
    #[arg(long, value_name = "Y")]
    year: Option<i32>,
    /// Only models of this field (case, spacing and diacritics do not matter).
    #[arg(long, value_name = "F")]
    field: Option<String>,
    /// Only models of this unit.
    #[arg(long, value_name = "U")]
    unit: Option<String>,
    /// Only models of this locality.
    #[arg(long, value_name = "L")]
    locality: Option<String>,
}

impl FilterArgs {
    /// The filter the options give.
    pub fn filter(&self) -> crate::config::BookletFilter {
        crate::config::BookletFilter {
            year: self.year,
            field: self.field.clone(),
            unit: self.unit.clone(),
            locality: self.locality.clone(),
        }
    }
}

/// How a command ended.
pub enum Outcome {
    /// Done; warnings allowed.
    Success,
    /// Content or template errors.
    Failed,
    /// The command was used wrongly.
    Usage,
}

impl Command {
    /// The site folder a command reads, when it reads one.
    fn root(&self) -> Option<&std::path::Path> {
        match self {
            Command::Build(a) => Some(a.root()),
            Command::Serve(a) => Some(a.root()),
            Command::Booklet(a) => Some(a.root()),
            Command::Check(a) => Some(a.root()),
            Command::List(a) => Some(a.root()),
            Command::New(a) => Some(a.root()),
            Command::Init(_) => None,
        }
    }
}

/// Parses arguments, runs the command, prints errors, returns the exit code.
pub fn run() -> ExitCode {
    let cli = Cli::parse();
    // A --root that is not a folder is a usage error, before any work.
    if let Some(root) = cli.command.root()
        && !root.is_dir()
    {
        print_one(
            &Diagnostic::error(
                format!("--root `{}` is not a folder", root.display()),
                format!("--root `{}` không phải là một thư mục", root.display()),
            )
            .hint(
                "pass the folder that holds site.yaml and content/, or create a site with `kheo init DIR`",
                "hãy chỉ tới thư mục chứa site.yaml và content/, hoặc tạo trang mới bằng `kheo init DIR`",
            ),
        );
        return ExitCode::from(2);
    }
    let outcome = match cli.command {
        Command::Build(a) => a.run(),
        Command::Serve(a) => a.run(),
        Command::Booklet(a) => a.run(),
        Command::Check(a) => a.run(),
        Command::List(a) => a.run(),
        Command::New(a) => a.run(),
        Command::Init(a) => a.run(),
    };
    match outcome {
        Outcome::Success => ExitCode::SUCCESS,
        Outcome::Failed => ExitCode::from(1),
        Outcome::Usage => ExitCode::from(2),
    }
}

/// Whether stderr gets colour: only on a terminal, never with `NO_COLOR`.
pub fn color_enabled() -> bool {
    std::io::stderr().is_terminal()
        && std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty())
        && std::env::var("TERM").map_or(true, |t| t != "dumb")
}

/// Prints diagnostics to stderr, sorted.
pub fn print_diagnostics(ds: &Diagnostics) {
    let color = color_enabled();
    let stderr = std::io::stderr();
    let mut w = stderr.lock();
    for d in ds.sorted() {
        let _ = d.write_to(&mut w, color);
    }
    let _ = w.flush();
}

/// Prints one diagnostic to stderr.
pub fn print_one(d: &Diagnostic) {
    let _ = d.write_to(&mut std::io::stderr().lock(), color_enabled());
}
