//! Watching the site's sources: `content/`, `static/`, `templates/`,
//! `themes/` (each recursively) and `site.yaml`, debounced.
//!
//! Only changes count: a build opens every source, and those events are
//! dropped. The site folder itself is watched without recursion, to see `site.yaml`
//! and a source folder created after serve started; the output folders
//! (`public/`, `.kheo-cache/`) are never watched, so serve's own writes wake
//! nothing. Editor droppings (`.x.swp`, `x~`, `.#x`) are ignored as
//! `content/` ignores them.

use std::path::{Path, PathBuf};
use std::sync::mpsc::Sender;
use std::time::Duration;

use notify::event::{AccessKind, AccessMode};
use notify::{Event, EventKind, RecommendedWatcher, RecursiveMode, Watcher};

use super::Signal;
use crate::diagnostic::Diagnostic;

/// How long the sources must be quiet before a rebuild: editors write a
/// file in several steps (truncate and write, or a new file renamed over
/// it), each within a millisecond or two of the last.
pub const DEBOUNCE: Duration = Duration::from_millis(30);

/// The folders watched recursively, relative to the site.
pub const SOURCE_DIRS: [&str; 4] = ["content", "static", "templates", "themes"];

/// The configuration file, watched too.
pub const CONFIG_FILE: &str = crate::config::FILE_NAME;

/// Keeps watching while alive.
pub struct Watch {
    watcher: RecommendedWatcher,
    root: PathBuf,
}

impl Watch {
    /// Watches a source folder that appeared since the start (called from
    /// the serve loop: a watch cannot be added from the watcher's own thread).
    pub fn follow_new_folders(&mut self, changed: &[PathBuf]) {
        for p in changed {
            if p.parent() == Some(self.root.as_path()) && p.is_dir() {
                let _ = self.watcher.watch(p, RecursiveMode::Recursive);
            }
        }
    }
}

/// Starts watching the site at `root` (absolute); changes go to `tx` as
/// [`Signal::Changed`], one per file-system event: [`super::run`] debounces.
pub fn start(root: &Path, tx: Sender<Signal>) -> Result<Watch, Diagnostic> {
    let cannot = |e: notify::Error| {
        Diagnostic::error(
            format!("cannot watch the site for changes: {e}"),
            format!("không theo dõi được các thay đổi của trang: {e}"),
        )
        .hint(
            "on Linux, raise the number of watches: `sudo sysctl fs.inotify.max_user_watches=524288`",
            "trên Linux, hãy tăng số tệp được theo dõi: `sudo sysctl fs.inotify.max_user_watches=524288`",
        )
    };
    let handler_root = root.to_path_buf();
    let mut watcher = notify::recommended_watcher(move |result: notify::Result<Event>| {
        let Ok(event) = result else {
            return;
        };
        // Reading is not changing: a build opens every source, which must not wake another.
        if is_read(&event.kind) {
            return;
        }
        let paths: Vec<PathBuf> = event
            .paths
            .into_iter()
            .filter(|p| is_source(&handler_root, p))
            .collect();
        if !paths.is_empty() {
            let _ = tx.send(Signal::Changed(paths));
        }
    })
    .map_err(cannot)?;
    watcher
        .watch(root, RecursiveMode::NonRecursive)
        .map_err(cannot)?;
    for dir in SOURCE_DIRS {
        let path = root.join(dir);
        if path.is_dir() {
            watcher
                .watch(&path, RecursiveMode::Recursive)
                .map_err(cannot)?;
        }
    }
    Ok(Watch {
        watcher,
        root: root.to_path_buf(),
    })
}

/// Events that only say a file was opened, read or closed unchanged.
fn is_read(kind: &EventKind) -> bool {
    matches!(kind, EventKind::Access(a) if *a != AccessKind::Close(AccessMode::Write))
}

/// Whether a change to `path` (absolute, under `root`) calls for a rebuild.
pub fn is_source(root: &Path, path: &Path) -> bool {
    let Ok(rel) = path.strip_prefix(root) else {
        return false;
    };
    let mut parts = rel.components().map(|c| c.as_os_str().to_string_lossy());
    let Some(first) = parts.next() else {
        return false;
    };
    let top_ok =
        SOURCE_DIRS.contains(&&*first) || (first == CONFIG_FILE && parts.clone().next().is_none());
    top_ok
        && rel
            .components()
            .all(|c| !crate::content::is_ignored_name(&c.as_os_str().to_string_lossy()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_sources_wake_a_rebuild() {
        let root = Path::new("/site");
        for yes in [
            "content/models/x.md",
            "content",
            "site.yaml",
            "static/anh/a.jpg",
            "templates/base.html",
            "themes/default/static/style.css",
        ] {
            assert!(is_source(root, &root.join(yes)), "{yes}");
        }
        for no in [
            "public/index.html",
            ".kheo-cache/serve/1/index.html",
            "content/models/.x.md.swp",
            "content/models/x.md~",
            "content/.#x.md",
            "README.md",
            "site.yaml/x",
        ] {
            assert!(!is_source(root, &root.join(no)), "{no}");
        }
        assert!(!is_source(root, Path::new("/elsewhere/content/x.md")));
    }
}
