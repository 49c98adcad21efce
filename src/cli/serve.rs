//! `kheo serve`: build, serve, watch, rebuild and reload the browser.

use std::net::{IpAddr, Ipv4Addr};

use super::{Outcome, RootArg, print_one};
use crate::diagnostic::Diagnostic;
use crate::serve::{self, ServeOptions};

/// Preview the site while editing (the help text is on `Command::Serve`).
#[derive(clap::Args, Debug)]
pub struct Args {
    #[command(flatten)]
    root: RootArg,
    /// The port to listen on (0: any free port).
    #[arg(long, default_value_t = 1111)]
    port: u16,
    /// The address to listen on; the default is this computer only. Any other
    /// address (e.g. 0.0.0.0) lets other computers see the preview.
    #[arg(long, value_name = "ADDRESS", default_value_t = IpAddr::V4(Ipv4Addr::LOCALHOST))]
    bind: IpAddr,
    /// Include models and pages marked `draft: true`, with a "bản nháp" badge.
    #[arg(long)]
    drafts: bool,
    /// Open the site in the default browser once it is built.
    #[arg(long)]
    open: bool,
}

impl Args {
    /// The site folder.
    pub fn root(&self) -> &std::path::Path {
        &self.root.root
    }

    /// Serves until Ctrl-C.
    pub fn run(self) -> Outcome {
        let listener = match serve::bind(self.bind, self.port) {
            Ok(l) => l,
            Err(d) => {
                print_one(&d);
                return Outcome::Usage;
            }
        };
        if serve::is_exposed(self.bind) {
            print_one(
                &Diagnostic::warning(
                    format!(
                        "serving on {}, which other computers can reach: they will see the preview, drafts included",
                        self.bind
                    ),
                    format!(
                        "đang phục vụ trên {}, các máy tính khác truy cập được: họ sẽ xem được bản xem trước, kể cả các bản nháp",
                        self.bind
                    ),
                )
                .hint(
                    "leave out `--bind` to keep the preview on this computer (127.0.0.1)",
                    "hãy bỏ `--bind` để bản xem trước chỉ xem được trên máy này (127.0.0.1)",
                ),
            );
        }
        // Watched paths come back absolute; the root is made absolute once to match them.
        let root = std::fs::canonicalize(&self.root.root).unwrap_or(self.root.root);
        let opts = ServeOptions {
            root,
            drafts: self.drafts,
            open: self.open,
        };
        match serve::run(&opts, listener) {
            Ok(()) => Outcome::Success,
            Err(d) => {
                print_one(&d);
                Outcome::Failed
            }
        }
    }
}
