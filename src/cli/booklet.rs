//! `kheo booklet`: one booklet, in one format, on demand, e.g. "Dân vận khéo
//! 2024" as a PDF to send to the printer.

use std::path::PathBuf;

use super::{FilterArgs, Outcome, RootArg, plural, print_diagnostics};
use crate::booklet::site::{self as booklet_site, Format, Job};
use crate::booklet::{booklet_slug, plan};
use crate::diagnostic::{Diagnostic, Diagnostics};
use crate::render::Theme;
use crate::site;

/// Build the booklet.
#[derive(clap::Args, Debug)]
pub struct Args {
    #[command(flatten)]
    root: RootArg,
    /// Output format.
    #[arg(long, value_enum, default_value = "pdf")]
    format: Format,
    /// Output file [default: <slug of the booklet title>.<format> in the current folder].
    #[arg(long, value_name = "FILE")]
    out: Option<PathBuf>,
    /// The selection; with any of these given, site.yaml's booklet.filter is ignored.
    #[command(flatten)]
    filter: FilterArgs,
}

impl Args {
    /// The site folder.
    pub fn root(&self) -> &std::path::Path {
        &self.root.root
    }

    /// Builds the booklet and writes it to the file.
    pub fn run(self) -> Outcome {
        let root = &self.root.root;
        let mut ds = Diagnostics::new();
        let config = match site::load_config(root, None) {
            Ok(c) => c,
            Err(errs) => {
                ds.extend(errs);
                print_diagnostics(&ds);
                return Outcome::Failed;
            }
        };
        let theme = match Theme::load(root, &config.theme, config.language.code()) {
            Ok(t) => t,
            Err(d) => {
                ds.push(d);
                print_diagnostics(&ds);
                return Outcome::Failed;
            }
        };
        let (index, load_ds) = site::load_for_listing(root, false);
        ds.extend(load_ds.iter().cloned());
        let Some(index) = index.filter(|_| !ds.has_errors()) else {
            print_diagnostics(&ds);
            eprintln!("booklet not made: {}", plural(ds.errors(), "error"));
            return Outcome::Failed;
        };
        let given = self.filter.filter();
        let filter = if given.is_empty() {
            config.booklet.filter.clone()
        } else {
            given
        };
        let selected: usize = plan(&index, &config.booklet, &filter)
            .iter()
            .map(|v| v.models.len())
            .sum();
        if selected == 0 {
            ds.push(
                Diagnostic::error(
                    "no model matches the selection, so there is no booklet to make",
                    "không có mô hình nào khớp với điều kiện chọn, nên không có sổ tay nào để làm",
                )
                .hint(
                    "check the filters with `kheo list` (e.g. `kheo list --year 2024`); models with `booklet: false` and drafts are never included",
                    "hãy kiểm tra điều kiện chọn bằng `kheo list` (ví dụ `kheo list --year 2024`); các mô hình có `booklet: false` và các bản nháp không bao giờ được đưa vào sổ tay",
                ),
            );
            print_diagnostics(&ds);
            return Outcome::Failed;
        }
        let ext = match self.format {
            Format::Pdf => "pdf",
            Format::Epub => "epub",
            Format::Html => "html",
        };
        let out = self.out.unwrap_or_else(|| {
            PathBuf::from(format!("{}.{ext}", booklet_slug(&config.booklet.title)))
        });
        let job = Job {
            root,
            index: &index,
            config: &config,
            theme: &theme,
            filter: &filter,
        };
        let start = std::time::Instant::now();
        let (bytes, count) = match booklet_site::single(&job, self.format) {
            Ok(r) => r,
            Err(errs) => {
                ds.extend(errs);
                print_diagnostics(&ds);
                eprintln!("booklet not made: {}", plural(ds.errors(), "error"));
                return Outcome::Failed;
            }
        };
        if let Err(d) = write_file(&out, &bytes) {
            ds.push(d);
            print_diagnostics(&ds);
            return Outcome::Failed;
        }
        print_diagnostics(&ds);
        eprintln!(
            "wrote `{}`: {} ({} KB) in {:.2} s; {}",
            out.display(),
            plural(count, "model"),
            bytes.len().div_ceil(1024),
            start.elapsed().as_secs_f64(),
            plural(ds.warnings(), "warning")
        );
        Outcome::Success
    }
}

/// Writes beside the target, then renames, so a reader never sees half a file.
fn write_file(out: &std::path::Path, bytes: &[u8]) -> Result<(), Diagnostic> {
    let name = out
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let tmp = out.with_file_name(format!(".{name}.kheo-tmp"));
    let fail = |e: std::io::Error| {
        Diagnostic::error(
            format!("cannot write `{}`: {e}", out.display()),
            format!("không ghi được `{}`: {e}", out.display()),
        )
        .hint(
            "check that the folder exists and that you may write there, or pass another --out",
            "hãy kiểm tra thư mục có tồn tại và bạn có quyền ghi vào đó, hoặc chọn nơi khác bằng --out",
        )
    };
    std::fs::write(&tmp, bytes).map_err(fail)?;
    std::fs::rename(&tmp, out).map_err(|e| {
        let _ = std::fs::remove_file(&tmp);
        fail(e)
    })
}
