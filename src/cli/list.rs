//! `kheo list`: the models, filtered, as a table, JSON or CSV on stdout.
//!
//! Filters compare folded text, so `--field "giai phong mat bang"` finds
//! "Giải phóng mặt bằng".

use std::io::Write;

use clap::ValueEnum;
use unicode_width::UnicodeWidthStr;

use super::{FilterArgs, Outcome, RootArg, print_diagnostics};
use crate::config::Config;
use crate::index::Index;
use crate::render::{Urls, data};

/// Output formats.
#[derive(Debug, Clone, Copy, ValueEnum)]
enum Format {
    Table,
    Json,
    Csv,
}

/// List models.
#[derive(clap::Args, Debug)]
pub struct Args {
    #[command(flatten)]
    root: RootArg,
    #[command(flatten)]
    filter: FilterArgs,
    /// Include drafts.
    #[arg(long)]
    drafts: bool,
    /// Output format.
    #[arg(long, value_enum, default_value = "table")]
    format: Format,
}

impl Args {
    /// The site folder.
    pub fn root(&self) -> &std::path::Path {
        &self.root.root
    }

    /// Loads the site and prints the selected models.
    pub fn run(self) -> Outcome {
        let (index, ds) = crate::site::load_for_listing(&self.root.root, self.drafts);
        if ds.has_errors() {
            print_diagnostics(&ds);
            return Outcome::Failed;
        }
        let Some(index) = index else {
            print_diagnostics(&ds);
            return Outcome::Failed;
        };
        let selection = self.select(&index);
        let config = Config::load(&self.root.root).unwrap_or_default();
        let urls = Urls::new(&config);
        let bytes = match self.format {
            Format::Json => data::json(&index, &urls, &selection),
            Format::Csv => data::csv(&index, &urls, &selection),
            Format::Table => table(&index, &selection).into_bytes(),
        };
        let mut out = std::io::stdout().lock();
        if out.write_all(&bytes).and_then(|()| out.flush()).is_err() {
            return Outcome::Failed;
        }
        Outcome::Success
    }

    fn select(&self, index: &Index) -> Vec<usize> {
        let filter = self.filter.filter();
        (0..index.models.len())
            .filter(|&i| filter.matches(&index.models[i]))
            .collect()
    }
}

/// An aligned text table: year, field, unit, title.
fn table(index: &Index, selection: &[usize]) -> String {
    let rows: Vec<[String; 4]> = selection
        .iter()
        .map(|&i| {
            let m = &index.models[i];
            [
                m.year.to_string(),
                m.field.clone(),
                m.unit.clone(),
                m.title.clone(),
            ]
        })
        .collect();
    let header = ["NĂM", "LĨNH VỰC", "ĐƠN VỊ", "TÊN MÔ HÌNH"].map(String::from);
    let mut widths = [0usize; 4];
    for row in std::iter::once(&header).chain(&rows) {
        for (w, cell) in widths.iter_mut().zip(row) {
            *w = (*w).max(cell.width());
        }
    }
    let mut out = String::new();
    for row in std::iter::once(&header).chain(&rows) {
        for (k, cell) in row.iter().enumerate() {
            out.push_str(cell);
            if k < 3 {
                out.push_str(&" ".repeat(widths[k] - cell.width() + 2));
            }
        }
        out.push('\n');
    }
    out.push_str(&format!("{} mô hình\n", rows.len()));
    out
}
