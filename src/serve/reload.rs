//! The reload channel: the state every page of the preview follows.
//!
//! [`Live`] holds the build being served and the errors of the last failed
//! build, and tells every open page about each change through server-sent
//! events (`/__kheo/events`):
//! - `hello` on connecting: `{"build": id, "diagnostics": […]}`; a page built
//!   by another build reloads, one with errors pending shows them;
//! - `reload` after a good build: `{"build": id}`;
//! - `errors` after a failed one: `{"build": id, "diagnostics": […]}`, each
//!   `{severity, file, line, column, message, hint, notes, message_vi,
//!   hint_vi, notes_vi}`: the English texts (as the terminal prints them)
//!   and the Vietnamese ones, which the page shows unless its `<html lang>`
//!   is English.
//!
//! The page side is `live.js`, injected by [`super::http`] into HTML responses only.

use std::path::Path;
use std::sync::mpsc::{self, Receiver, Sender};
use std::sync::{Arc, Mutex, RwLock};

use serde_json::{Value, json};

use super::Snapshot;
use crate::diagnostic::{Diagnostic, Diagnostics, display_path};

/// The script every served HTML page loads: reloads the page, shows build errors.
pub const LIVE_JS: &str = include_str!("live.js");

/// Where the script is served from (same origin, a path no site uses).
pub const SCRIPT_PATH: &str = "/__kheo/live.js";

/// Where the event stream is served from.
pub const EVENTS_PATH: &str = "/__kheo/events";

/// One server-sent event, ready to write.
pub type Event = Arc<str>;

#[derive(Default)]
struct State {
    site: Option<Arc<Snapshot>>,
    /// The diagnostics of the last build when it failed, else empty.
    failed: Vec<Value>,
    /// `<html lang>` of the page shown when no build has succeeded yet.
    lang: String,
}

/// The served build, the pending errors and the open pages.
#[derive(Default)]
pub struct Live {
    state: RwLock<State>,
    clients: Mutex<Vec<Sender<Event>>>,
}

impl Live {
    /// Nothing built yet, no page open.
    pub fn new() -> Live {
        Live::default()
    }

    /// The build to serve this request from, if any build has succeeded.
    pub fn site(&self) -> Option<Arc<Snapshot>> {
        self.read().site.clone()
    }

    /// The language of the placeholder page shown before a first good build.
    pub fn lang(&self) -> String {
        let lang = self.read().lang.clone();
        if lang.is_empty() {
            "vi".to_owned()
        } else {
            lang
        }
    }

    /// Serves a new build and tells every page to reload.
    pub fn publish(&self, snapshot: Arc<Snapshot>) {
        let data = json!({ "build": snapshot.id });
        let old = {
            let mut state = self.write();
            state.failed.clear();
            state.site.replace(snapshot)
        };
        self.broadcast(event("reload", &data));
        // Freeing a large site takes a while: not before the pages hear of the new one.
        if let Some(old) = old {
            std::thread::spawn(move || drop(old));
        }
    }

    /// Keeps the last good build and shows every page the errors; whether a good build exists.
    pub fn fail(&self, diagnostics: &Diagnostics, root: &Path) -> bool {
        let list: Vec<Value> = diagnostics.sorted().into_iter().map(to_json).collect();
        let (had_site, data) = {
            let mut state = self.write();
            state.failed = list.clone();
            if state.site.is_none() {
                state.lang = crate::config::Config::load(root)
                    .map(|c| c.language.code().to_owned())
                    .unwrap_or_default();
            }
            (
                state.site.is_some(),
                json!({ "build": build_id(&state), "diagnostics": list }),
            )
        };
        self.broadcast(event("errors", &data));
        had_site
    }

    /// Registers a page; its first event is `hello` with the current state.
    pub fn subscribe(&self) -> Receiver<Event> {
        let (tx, rx) = mpsc::channel();
        let hello = {
            let state = self.read();
            json!({ "build": build_id(&state), "diagnostics": state.failed })
        };
        let _ = tx.send(event("hello", &hello));
        self.clients
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .push(tx);
        rx
    }

    /// Closes every event stream (on exit).
    pub fn shut_down(&self) {
        self.clients
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .clear();
    }

    fn broadcast(&self, event: Event) {
        self.clients
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .retain(|tx| tx.send(event.clone()).is_ok());
    }

    fn read(&self) -> std::sync::RwLockReadGuard<'_, State> {
        self.state.read().unwrap_or_else(|e| e.into_inner())
    }

    fn write(&self) -> std::sync::RwLockWriteGuard<'_, State> {
        self.state.write().unwrap_or_else(|e| e.into_inner())
    }
}

fn build_id(state: &State) -> String {
    state
        .site
        .as_ref()
        .map(|s| s.id.clone())
        .unwrap_or_default()
}

/// `event: NAME` and one `data:` line (JSON has no raw newline).
fn event(name: &str, data: &Value) -> Event {
    format!("event: {name}\ndata: {data}\n\n").into()
}

fn to_json(d: &Diagnostic) -> Value {
    json!({
        "severity": if d.is_error() { "error" } else { "warning" },
        "file": d.path.as_deref().map(display_path),
        "line": d.line,
        "column": d.column,
        "message": d.message,
        "hint": d.hint,
        "notes": d.notes,
        "message_vi": d.message_vi,
        "hint_vi": d.hint_vi,
        "notes_vi": d.notes_vi,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_overlay_gets_the_vietnamese_message_hint_and_notes() {
        // A real mistake in site.yaml, as a build reports it.
        let errors = crate::config::Config::parse("language: fr\n").expect_err("not a language");
        let d = errors[0].clone().note("caused by: x", "nguyên nhân: x");
        let json = to_json(&d);
        assert_eq!(
            json["message"], "language must be `vi` or `en`, found `fr`",
            "the English text is the terminal's"
        );
        assert_eq!(
            json["message_vi"],
            "ngôn ngữ (`language`) phải là `vi` hoặc `en`, nhưng đang là `fr`"
        );
        assert_eq!(
            json["hint_vi"],
            "hãy viết `language: vi` (giao diện tiếng Việt) hoặc `language: en` (tiếng Anh)"
        );
        assert_eq!(json["notes_vi"], json!(["nguyên nhân: x"]));
        assert_eq!(json["file"], "site.yaml");
    }

    #[test]
    fn a_page_hears_hello_then_errors() {
        let live = Live::new();
        let rx = live.subscribe();
        let hello = rx.recv().expect("hello");
        assert_eq!(
            &*hello,
            "event: hello\ndata: {\"build\":\"\",\"diagnostics\":[]}\n\n"
        );
        let mut ds = Diagnostics::new();
        ds.push(
            Diagnostic::error("year must be a number", "năm phải là một con số")
                .in_file("content/models/x.md")
                .at(4, 7)
                .hint("write `year: 2024`", "hãy viết `year: 2024`"),
        );
        assert!(!live.fail(&ds, Path::new("/nonexistent")));
        let errors = rx.recv().expect("errors");
        assert_eq!(
            &*errors,
            "event: errors\ndata: {\"build\":\"\",\"diagnostics\":[{\"column\":7,\"file\":\"content/models/x.md\",\"hint\":\"write `year: 2024`\",\"hint_vi\":\"hãy viết `year: 2024`\",\"line\":4,\"message\":\"year must be a number\",\"message_vi\":\"năm phải là một con số\",\"notes\":[],\"notes_vi\":[],\"severity\":\"error\"}]}\n\n"
        );
        // A page opened later hears the pending errors at once.
        let late = live.subscribe();
        assert!(
            late.recv()
                .expect("hello")
                .contains("year must be a number")
        );
    }
}
