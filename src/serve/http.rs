//! Answering requests: files of the served build only, the reload script and
//! the event stream under `/__kheo/`.
//!
//! A request path is percent-decoded once and must be made of plain names:
//! `..`, `.`, empty segments (`//etc/passwd`), backslashes, NUL and anything
//! the platform reads as a drive or root give 404. What remains is looked up
//! among the build's output paths, never on disk, so nothing outside the
//! build can be reached. A folder answers with its `index.html` (after a
//! redirect adding the final `/`), a missing file with the site's `404.html`
//! and status 404, a page that cannot be rendered with its error (500).

use std::io::Write;
use std::path::{Component, Path};
use std::sync::Arc;
use std::sync::mpsc::RecvTimeoutError;
use std::time::Duration;

use percent_encoding::percent_decode_str;
use tiny_http::{Header, Method, Request, Response};

use super::reload::{EVENTS_PATH, LIVE_JS, Live, SCRIPT_PATH};
use super::snapshot::Snapshot;
use crate::diagnostic::Diagnostic;

/// How often an idle event stream sends a comment, to notice closed pages.
const KEEP_ALIVE: Duration = Duration::from_secs(15);

/// Answers requests until the server stops, one thread per request.
pub fn serve(server: tiny_http::Server, live: Arc<Live>) {
    for request in server.incoming_requests() {
        let live = live.clone();
        std::thread::spawn(move || handle(request, &live));
    }
}

/// What a request path leads to inside a build folder.
#[derive(Debug, PartialEq, Eq)]
pub enum Target {
    /// A file of the build (its output path).
    File(String),
    /// A folder asked without its final `/`: redirect there.
    AddSlash,
    /// Nothing, or nothing that may be served.
    NotFound,
}

/// The output path a raw request path (`/mo-hinh/x/`, still percent-encoded)
/// asks for, among the paths for which `has` is true.
pub fn resolve(raw: &str, has: impl Fn(&str) -> bool) -> Target {
    let Some(rest) = raw.strip_prefix('/') else {
        return Target::NotFound;
    };
    let Ok(decoded) = percent_decode_str(rest).decode_utf8() else {
        return Target::NotFound;
    };
    if decoded.contains(['\\', '\0']) {
        return Target::NotFound;
    }
    let (body, dir_wanted) = match decoded.strip_suffix('/') {
        Some(b) => (b, true),
        None => (&*decoded, false),
    };
    if !body.is_empty() {
        for segment in body.split('/') {
            let mut parts = Path::new(segment).components();
            match (parts.next(), parts.next()) {
                (Some(Component::Normal(name)), None) if name == segment => {}
                _ => return Target::NotFound,
            }
        }
    }
    if body.is_empty() || dir_wanted {
        let index = if body.is_empty() {
            "index.html".to_owned()
        } else {
            format!("{body}/index.html")
        };
        return if has(&index) {
            Target::File(index)
        } else {
            Target::NotFound
        };
    }
    if has(body) {
        Target::File(body.to_owned())
    } else if has(&format!("{body}/index.html")) {
        Target::AddSlash
    } else {
        Target::NotFound
    }
}

/// The `Content-Type` of a file, UTF-8 for text.
pub fn content_type(path: &str) -> &'static str {
    let path = Path::new(path);
    let ext = path
        .extension()
        .map(|e| e.to_string_lossy().to_ascii_lowercase())
        .unwrap_or_default();
    match ext.as_str() {
        "html" | "htm" => "text/html; charset=utf-8",
        "css" => "text/css; charset=utf-8",
        "js" | "mjs" => "text/javascript; charset=utf-8",
        "json" | "map" => "application/json; charset=utf-8",
        "webmanifest" => "application/manifest+json; charset=utf-8",
        "xml" => "application/xml; charset=utf-8",
        "txt" => "text/plain; charset=utf-8",
        "csv" => "text/csv; charset=utf-8",
        "svg" => "image/svg+xml",
        "png" => "image/png",
        "jpg" | "jpeg" => "image/jpeg",
        "gif" => "image/gif",
        "webp" => "image/webp",
        "avif" => "image/avif",
        "ico" => "image/x-icon",
        "woff" => "font/woff",
        "woff2" => "font/woff2",
        "ttf" => "font/ttf",
        "otf" => "font/otf",
        "pdf" => "application/pdf",
        "epub" => "application/epub+zip",
        _ => "application/octet-stream",
    }
}

/// Puts the reload script before the last `</body>` (or at the end).
pub fn inject(html: &[u8], build: &str) -> Vec<u8> {
    let tag = format!("<script src=\"{SCRIPT_PATH}\" data-build=\"{build}\"></script>\n");
    let at = html
        .windows(7)
        .rposition(|w| w.eq_ignore_ascii_case(b"</body>"))
        .unwrap_or(html.len());
    let mut out = Vec::with_capacity(html.len() + tag.len());
    out.extend_from_slice(&html[..at]);
    out.extend_from_slice(tag.as_bytes());
    out.extend_from_slice(&html[at..]);
    out
}

fn handle(request: Request, live: &Live) {
    if !matches!(request.method(), Method::Get | Method::Head) {
        let response =
            text(405, "only GET and HEAD are served\n").with_header(header("Allow", "GET, HEAD"));
        let _ = request.respond(response);
        return;
    }
    let url = request.url().to_owned();
    // An absolute-form target (`GET http://host/x`) is the same path.
    let url = match url.split_once("://") {
        Some((_, rest)) if !url.starts_with('/') => {
            rest.find('/').map_or("/", |i| &rest[i..]).to_owned()
        }
        _ => url,
    };
    let (path, query) = match url.split_once('?') {
        Some((p, q)) => (p, Some(q)),
        None => (url.as_str(), None),
    };
    match path {
        EVENTS_PATH => return events(request, live),
        SCRIPT_PATH => {
            let response = Response::from_data(LIVE_JS.as_bytes())
                .with_header(header("Content-Type", "text/javascript; charset=utf-8"));
            let _ = request.respond(common(response));
            return;
        }
        _ => {}
    }
    let Some(site) = live.site() else {
        let _ = request.respond(placeholder(&live.lang()));
        return;
    };
    let response = match resolve(path, |p| site.has(p)) {
        Target::File(file) => file_response(&site, &file, 200),
        Target::AddSlash if is_plain(path) => {
            let location = match query {
                Some(q) => format!("{path}/?{q}"),
                None => format!("{path}/"),
            };
            common(Response::from_data(Vec::new()).with_status_code(301))
                .with_header(header("Location", &location))
        }
        Target::AddSlash | Target::NotFound => not_found(&site),
    };
    let _ = request.respond(response);
}

/// Only printable ASCII goes back into a `Location` header.
fn is_plain(path: &str) -> bool {
    path.bytes().all(|b| b.is_ascii_graphic())
}

fn file_response(site: &Snapshot, path: &str, status: u16) -> Response<std::io::Cursor<Vec<u8>>> {
    let bytes = match site.get(path) {
        Some(Ok(bytes)) => bytes,
        Some(Err(d)) => return render_error(site, &d),
        None => return text(404, "not found\n"),
    };
    let kind = content_type(path);
    let bytes = if kind.starts_with("text/html") {
        inject(&bytes, &site.id)
    } else {
        bytes.to_vec()
    };
    common(Response::from_data(bytes).with_status_code(status))
        .with_header(header("Content-Type", kind))
}

fn not_found(site: &Snapshot) -> Response<std::io::Cursor<Vec<u8>>> {
    if site.has("404.html") {
        file_response(site, "404.html", 404)
    } else {
        text(404, "not found\n")
    }
}

/// A page whose rendering failed: the error, in the page's place, until a rebuild.
fn render_error(site: &Snapshot, d: &Diagnostic) -> Response<std::io::Cursor<Vec<u8>>> {
    let lang = site.config().language.code();
    let title = if lang == "en" {
        "This page could not be rendered"
    } else {
        "Không dựng được trang này"
    };
    let message = escape(&d.to_string());
    let html = format!(
        "<!DOCTYPE html>\n<html lang=\"{lang}\">\n<head>\n<meta charset=\"utf-8\">\n<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<title>{title}</title>\n</head>\n<body>\n<main>\n<h1>{title}</h1>\n<pre>{message}</pre>\n</main>\n</body>\n</html>\n"
    );
    common(Response::from_data(inject(html.as_bytes(), &site.id)).with_status_code(500))
        .with_header(header("Content-Type", "text/html; charset=utf-8"))
}

/// Text made safe inside HTML.
fn escape(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
}

/// The page served before any build has succeeded: the script shows the errors over it.
fn placeholder(lang: &str) -> Response<std::io::Cursor<Vec<u8>>> {
    let (title, text_) = if lang == "en" {
        (
            "The site could not be built",
            "Fix the errors listed above (also printed in the terminal) and save: this page reloads by itself.",
        )
    } else {
        (
            "Chưa dựng được trang",
            "Hãy sửa các lỗi được liệt kê (cũng được in trong cửa sổ dòng lệnh) rồi lưu tệp: trang này sẽ tự tải lại.",
        )
    };
    let html = format!(
        "<!DOCTYPE html>\n<html lang=\"{lang}\">\n<head>\n<meta charset=\"utf-8\">\n<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<title>{title}</title>\n</head>\n<body>\n<main>\n<h1>{title}</h1>\n<p>{text_}</p>\n</main>\n</body>\n</html>\n"
    );
    common(Response::from_data(inject(html.as_bytes(), "")).with_status_code(503))
        .with_header(header("Content-Type", "text/html; charset=utf-8"))
}

fn text(status: u16, body: &str) -> Response<std::io::Cursor<Vec<u8>>> {
    common(Response::from_data(body.as_bytes().to_vec()).with_status_code(status))
        .with_header(header("Content-Type", "text/plain; charset=utf-8"))
}

/// Headers of every response: nothing cached (a reload must show the new bytes), no sniffing.
fn common<R: std::io::Read>(response: Response<R>) -> Response<R> {
    response
        .with_header(header("Cache-Control", "no-store"))
        .with_header(header("X-Content-Type-Options", "nosniff"))
}

fn header(name: &str, value: &str) -> Header {
    Header::from_bytes(name.as_bytes(), value.as_bytes())
        .expect("header names and values here are plain ASCII")
}

/// The event stream of one page: `hello`, then every change, until the page goes.
fn events(request: Request, live: &Live) {
    let rx = live.subscribe();
    let mut w = request.into_writer();
    let head = "HTTP/1.1 200 OK\r\nContent-Type: text/event-stream; charset=utf-8\r\nCache-Control: no-store\r\nX-Content-Type-Options: nosniff\r\nConnection: close\r\n\r\nretry: 1000\n\n";
    if w.write_all(head.as_bytes())
        .and_then(|()| w.flush())
        .is_err()
    {
        return;
    }
    loop {
        let chunk = match rx.recv_timeout(KEEP_ALIVE) {
            Ok(event) => event,
            Err(RecvTimeoutError::Timeout) => ": keep-alive\n\n".into(),
            Err(RecvTimeoutError::Disconnected) => return,
        };
        if w.write_all(chunk.as_bytes())
            .and_then(|()| w.flush())
            .is_err()
        {
            return;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn has(path: &str) -> bool {
        ["index.html", "mo-hinh/x/index.html", "style.css"].contains(&path)
    }

    fn file(path: &str) -> Target {
        Target::File(path.to_owned())
    }

    #[test]
    fn files_and_folders_resolve() {
        assert_eq!(resolve("/", has), file("index.html"));
        assert_eq!(resolve("/mo-hinh/x/", has), file("mo-hinh/x/index.html"));
        assert_eq!(resolve("/mo-hinh/x", has), Target::AddSlash);
        assert_eq!(resolve("/style.css", has), file("style.css"));
        assert_eq!(resolve("/style%2Ecss", has), file("style.css"));
        assert_eq!(resolve("/style.css/", has), Target::NotFound);
        assert_eq!(resolve("/missing.html", has), Target::NotFound);
        assert_eq!(resolve("/mo-hinh/", has), Target::NotFound);
    }

    #[test]
    fn nothing_but_plain_names_resolves() {
        // Every output path is "there", so only the path's form can refuse it.
        let all = |_: &str| true;
        for raw in [
            "/../secret.txt",
            "/%2e%2e/secret.txt",
            "/%2E%2E%2Fsecret.txt",
            "/mo-hinh/../../secret.txt",
            "/mo-hinh/%2e%2e/%2e%2e/secret.txt",
            "//etc/passwd",
            "/%2Fetc%2Fpasswd",
            "/..%5Csecret.txt",
            "/./index.html",
            "/index.html%00",
            "/%ff",
            "secret.txt",
        ] {
            assert_eq!(resolve(raw, all), Target::NotFound, "{raw}");
        }
    }

    #[test]
    fn the_script_goes_before_the_last_body_end() {
        let html = b"<html><body><p>a</p></BODY></html>";
        assert_eq!(
            String::from_utf8(inject(html, "7")).expect("UTF-8"),
            "<html><body><p>a</p><script src=\"/__kheo/live.js\" data-build=\"7\"></script>\n</BODY></html>"
        );
        assert!(
            String::from_utf8(inject(b"<p>no body end", "7"))
                .expect("UTF-8")
                .ends_with("</script>\n")
        );
    }

    #[test]
    fn text_types_are_utf8() {
        for f in ["a.html", "a.css", "a.js", "a.json", "a.xml", "feed.XML"] {
            assert!(content_type(f).ends_with("; charset=utf-8"), "{f}");
        }
        assert_eq!(content_type("a.png"), "image/png");
        assert_eq!(content_type("a"), "application/octet-stream");
    }
}
