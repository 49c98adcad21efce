//! `kheo serve` end to end: the real binary on a free loopback port against a
//! copy of a fixture site, spoken to with plain HTTP/1.1 over `TcpStream`.
//! Pages and content types, folders and the 404 page, path traversal, the
//! reload channel after a save, errors after a broken save and their
//! clearing, drafts, a port in use, and Ctrl-C.

mod common;

use std::io::{BufRead, BufReader, Read, Write};
use std::net::{TcpListener, TcpStream};
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::sync::mpsc::{self, Receiver};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use common::Site;

/// Generous: the machine may be busy building something else.
const WAIT: Duration = Duration::from_secs(60);

/// A running `kheo serve`, killed when dropped.
struct Server {
    child: Child,
    port: u16,
    stderr: Arc<Mutex<Vec<String>>>,
}

impl Server {
    /// Starts `kheo serve --root <site> --port 0 <args>` and waits for its address.
    fn start(site: &Site, args: &[&str]) -> Server {
        let mut child = Command::new(env!("CARGO_BIN_EXE_kheo"))
            .arg("serve")
            .args(["--root", site.path().to_str().expect("UTF-8 path")])
            .args(["--port", "0"])
            .args(args)
            .env("NO_COLOR", "1")
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::piped())
            .spawn()
            .expect("start kheo serve");
        let stderr = Arc::new(Mutex::new(Vec::new()));
        let lines = stderr.clone();
        let pipe = child.stderr.take().expect("piped stderr");
        std::thread::spawn(move || {
            for line in BufReader::new(pipe).lines() {
                let Ok(line) = line else { break };
                lines.lock().expect("lock").push(line);
            }
        });
        let mut server = Server {
            child,
            port: 0,
            stderr,
        };
        let line = server.wait_for_line(|l| l.starts_with("serving the site at "));
        let port = line
            .trim_start_matches("serving the site at http://127.0.0.1:")
            .split('/')
            .next()
            .and_then(|p| p.parse().ok())
            .unwrap_or_else(|| panic!("no loopback address in {line:?}"));
        server.port = port;
        server
    }

    /// Waits until stderr has a line matching `pred`, and returns it.
    fn wait_for_line(&mut self, pred: impl Fn(&str) -> bool) -> String {
        let deadline = Instant::now() + WAIT;
        loop {
            if let Some(l) = self.stderr.lock().expect("lock").iter().find(|l| pred(l)) {
                return l.clone();
            }
            if let Ok(Some(status)) = self.child.try_wait() {
                panic!(
                    "kheo serve exited ({status}); stderr:\n{}",
                    self.stderr_text()
                );
            }
            assert!(
                Instant::now() < deadline,
                "no such line; stderr:\n{}",
                self.stderr_text()
            );
            std::thread::sleep(Duration::from_millis(20));
        }
    }

    fn stderr_text(&self) -> String {
        self.stderr.lock().expect("lock").join("\n")
    }

    fn get(&self, path: &str) -> Response {
        request(self.port, "GET", path)
    }

    fn events(&self) -> Events {
        Events::open(self.port)
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// An HTTP response.
#[derive(Debug)]
struct Response {
    status: u16,
    headers: Vec<(String, String)>,
    body: Vec<u8>,
}

impl Response {
    fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(n, _)| n.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }

    fn text(&self) -> String {
        String::from_utf8(self.body.clone()).expect("UTF-8 body")
    }
}

/// One HTTP/1.1 request, the path sent exactly as given.
fn request(port: u16, method: &str, path: &str) -> Response {
    let mut stream = TcpStream::connect(("127.0.0.1", port)).expect("connect");
    stream.set_read_timeout(Some(WAIT)).expect("timeout");
    write!(
        stream,
        "{method} {path} HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nConnection: close\r\n\r\n"
    )
    .expect("send request");
    let mut raw = Vec::new();
    stream.read_to_end(&mut raw).expect("read response");
    let split = raw
        .windows(4)
        .position(|w| w == b"\r\n\r\n")
        .expect("end of headers");
    let head = String::from_utf8(raw[..split].to_vec()).expect("ASCII headers");
    let mut lines = head.split("\r\n");
    let status = lines
        .next()
        .and_then(|l| l.split(' ').nth(1))
        .and_then(|s| s.parse().ok())
        .expect("status line");
    let headers = lines
        .filter_map(|l| l.split_once(':'))
        .map(|(n, v)| (n.trim().to_owned(), v.trim().to_owned()))
        .collect();
    Response {
        status,
        headers,
        body: raw[split + 4..].to_vec(),
    }
}

/// One server-sent event.
#[derive(Debug)]
struct Event {
    name: String,
    data: serde_json::Value,
}

/// The reload channel, as a page hears it.
struct Events {
    rx: Receiver<Event>,
}

impl Events {
    fn open(port: u16) -> Events {
        let mut stream = TcpStream::connect(("127.0.0.1", port)).expect("connect");
        write!(
            stream,
            "GET /__kheo/events HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nAccept: text/event-stream\r\n\r\n"
        )
        .expect("send request");
        let (tx, rx) = mpsc::channel();
        std::thread::spawn(move || {
            let mut reader = BufReader::new(stream);
            let mut line = String::new();
            let mut name = String::new();
            let mut head = true;
            while reader.read_line(&mut line).is_ok_and(|n| n > 0) {
                let l = line.trim_end_matches(['\r', '\n']).to_owned();
                line.clear();
                if head {
                    if l.starts_with("HTTP/1.1 ") {
                        assert!(l.starts_with("HTTP/1.1 200"), "{l}");
                    } else if let Some(t) = l.strip_prefix("Content-Type: ") {
                        assert_eq!(t, "text/event-stream; charset=utf-8");
                    }
                    head = !l.is_empty();
                } else if let Some(n) = l.strip_prefix("event: ") {
                    name = n.to_owned();
                } else if let Some(d) = l.strip_prefix("data: ") {
                    let data = serde_json::from_str(d).expect("JSON data");
                    let event = Event {
                        name: std::mem::take(&mut name),
                        data,
                    };
                    if tx.send(event).is_err() {
                        break;
                    }
                }
            }
        });
        Events { rx }
    }

    /// The next event, within the wait.
    fn next(&self) -> Event {
        self.rx.recv_timeout(WAIT).expect("an event in time")
    }
}

#[test]
fn pages_are_served_with_their_types_and_the_reload_script() {
    let site = Site::fixture("registry");
    let server = Server::start(&site, &[]);

    let home = server.get("/");
    assert_eq!(home.status, 200);
    assert_eq!(
        home.header("Content-Type"),
        Some("text/html; charset=utf-8")
    );
    assert_eq!(home.header("Cache-Control"), Some("no-store"));
    let html = home.text();
    assert!(
        html.contains("<script src=\"/__kheo/live.js\" data-build=\""),
        "{html}"
    );
    assert!(
        html.trim_end().ends_with("</script>\n</body>\n</html>")
            || html.contains("</script>\n</body>")
    );

    for (path, kind) in [
        ("/style.css", "text/css; charset=utf-8"),
        ("/kheo.js", "text/javascript; charset=utf-8"),
        ("/models.json", "application/json; charset=utf-8"),
        ("/feed.xml", "application/xml; charset=utf-8"),
        ("/sitemap.xml", "application/xml; charset=utf-8"),
        ("/__kheo/live.js", "text/javascript; charset=utf-8"),
    ] {
        let r = server.get(path);
        assert_eq!(
            (r.status, r.header("Content-Type")),
            (200, Some(kind)),
            "{path}"
        );
        assert!(!r.text().contains("/__kheo/live.js\" data-build"), "{path}");
    }

    // A folder answers with its index.html; without its final slash, a redirect adds it.
    let model = server.get("/mo-hinh/dan-chu/");
    assert_eq!(model.status, 200);
    assert!(model.text().contains("Dân chủ ở cơ sở tại Sở Tài nguyên"));
    let redirect = server.get("/mo-hinh/dan-chu?x=1");
    assert_eq!(redirect.status, 301);
    assert_eq!(redirect.header("Location"), Some("/mo-hinh/dan-chu/?x=1"));

    // A missing page is the site's own 404 page, with status 404 and the script.
    let missing = server.get("/khong-co-trang-nay/");
    assert_eq!(missing.status, 404);
    assert_eq!(
        missing.header("Content-Type"),
        Some("text/html; charset=utf-8")
    );
    assert!(missing.text().contains("Không tìm thấy trang"));
    assert!(missing.text().contains("/__kheo/live.js"));

    // Only GET and HEAD.
    assert_eq!(request(server.port, "POST", "/").status, 405);
    let head = request(server.port, "HEAD", "/");
    assert_eq!((head.status, head.body.len()), (200, 0));

    // The search page, and the index files it asks for, made on first use.
    let search = server.get("/tim-kiem/");
    assert_eq!(search.status, 200);
    let meta = server.get("/tim-kiem/index/meta.json");
    assert_eq!(
        (meta.status, meta.header("Content-Type")),
        (200, Some("application/json; charset=utf-8"))
    );

    // Serve builds in memory: nothing in public/ (a published build never
    // has the script), nothing anywhere else.
    assert!(!site.exists("public"), "serve wrote public/");
    assert!(!site.exists(".kheo-cache/serve"));
}

#[test]
fn paths_out_of_the_output_are_not_found() {
    let site = Site::fixture("registry");
    let server = Server::start(&site, &[]);
    // From one to four folders up: the site's own files, whatever depth the
    // output had on disk.
    let mut paths = Vec::new();
    for depth in 1..=4 {
        let up =
            |step: &str, sep: &str| format!("/{}site.yaml", format!("{step}{sep}").repeat(depth));
        paths.extend([
            up("..", "/"),
            up("%2e%2e", "/"),
            up("%2E%2E", "%2F"),
            up("..", "%2f"),
            up("..", "%5c"),
            format!("/mo-hinh/dan-chu/{}site.yaml", "../".repeat(depth)),
        ]);
    }
    paths.extend([
        "//etc/passwd".to_owned(),
        "/%2Fetc%2Fpasswd".to_owned(),
        format!("/{}", site.join("site.yaml").display()),
        site.join("site.yaml").display().to_string(),
    ]);
    for path in &paths {
        let r = server.get(path);
        assert_eq!(r.status, 404, "{path}");
        assert!(
            !r.text().contains("base_url") && !r.text().contains("root:"),
            "{path} leaked a file"
        );
    }
    // The site's own files (site.yaml, content/) are not part of the output either.
    assert_eq!(server.get("/site.yaml").status, 404);
    assert_eq!(server.get("/content/models/dan-chu.md").status, 404);
}

#[test]
fn a_saved_model_reloads_open_pages_with_the_new_text() {
    let site = Site::fixture("registry");
    let mut server = Server::start(&site, &[]);
    let events = server.events();
    let hello = events.next();
    assert_eq!(hello.name, "hello");
    assert_eq!(hello.data["diagnostics"], serde_json::json!([]));
    let first = hello.data["build"].as_str().expect("build id").to_owned();
    assert!(!first.is_empty());
    assert!(
        server
            .get("/mo-hinh/dan-chu/")
            .text()
            .contains(&format!("data-build=\"{first}\""))
    );

    let model = site.read("content/models/dan-chu.md");
    site.file(
        "content/models/dan-chu.md",
        format!("{model}\nĐoạn mới thêm sau khi lưu.\n"),
    );
    let reload = events.next();
    assert_eq!(reload.name, "reload");
    let second = reload.data["build"].as_str().expect("build id");
    assert_ne!(second, first);
    let page = server.get("/mo-hinh/dan-chu/").text();
    assert!(page.contains("Đoạn mới thêm sau khi lưu."), "{page}");
    assert!(page.contains(&format!("data-build=\"{second}\"")));
    server.wait_for_line(|l| {
        l.starts_with("`content/models/dan-chu.md` changed: built 5 models and ")
            && l.ends_with("0 warnings, 0 errors; open pages reload")
    });
}

#[test]
fn a_broken_save_shows_its_errors_and_the_last_good_site_stays() {
    let site = Site::fixture("registry");
    let mut server = Server::start(&site, &[]);
    let events = server.events();
    let good = events.next().data["build"]
        .as_str()
        .expect("build id")
        .to_owned();

    let model = site.read("content/models/dan-chu.md");
    site.file(
        "content/models/dan-chu.md",
        model.replace("year: 2023", "year: \"2021-2024\""),
    );
    let errors = events.next();
    assert_eq!(errors.name, "errors");
    let first = &errors.data["diagnostics"][0];
    assert_eq!(first["severity"], "error");
    assert_eq!(first["file"], "content/models/dan-chu.md");
    assert_eq!(first["line"], 4);
    assert_eq!(first["column"], 7);
    let message = first["message"].as_str().expect("message");
    assert!(
        message.starts_with("year must be a number between 1900 and "),
        "{message}"
    );
    assert!(first["hint"].as_str().is_some_and(|h| h.contains("year")));
    // The overlay of this Vietnamese site shows the same error in Vietnamese.
    assert!(
        first["message_vi"].as_str().is_some_and(|m| m
            .starts_with("năm (`year`) phải là một số từ 1900 đến ")
            && m.ends_with(", nhưng đang là \"2021-2024\"")),
        "{first}"
    );
    assert_eq!(
        first["hint_vi"],
        "mỗi mô hình chỉ có một năm: hãy ghi năm mô hình được công nhận, ví dụ `year: 2024`"
    );

    // The same error in the terminal, and the last good build is still served.
    server.wait_for_line(|l| {
        l.starts_with("content/models/dan-chu.md:4:7: error: year must be a number")
    });
    server.wait_for_line(|l| {
        l.starts_with("`content/models/dan-chu.md` changed: build failed in ")
            && l.ends_with(
                "the last good build is still served, with the errors shown over every open page",
            )
    });
    let page = server.get("/mo-hinh/dan-chu/");
    assert_eq!(page.status, 200);
    assert!(page.text().contains(&format!("data-build=\"{good}\"")));
    // A page opened now hears the errors at once.
    let late = server.events().next();
    assert_eq!(late.name, "hello");
    assert_eq!(late.data["build"], good.as_str());
    assert_eq!(late.data["diagnostics"][0]["line"], 4);

    // Fixing the file clears them: a reload, and no errors for a page opened after.
    site.file("content/models/dan-chu.md", &model);
    let reload = events.next();
    assert_eq!(reload.name, "reload");
    let after = server.events().next();
    assert_eq!(after.data["diagnostics"], serde_json::json!([]));
    assert_ne!(after.data["build"], good.as_str());
}

#[test]
fn a_site_broken_from_the_start_shows_the_errors_until_fixed() {
    let site = Site::fixture("registry");
    let model = site.read("content/models/dan-chu.md");
    site.file("content/models/dan-chu.md", model.replacen("---\n", "", 1));
    let server = Server::start(&site, &[]);
    let page = server.get("/");
    assert_eq!(page.status, 503);
    assert!(page.text().contains("Chưa dựng được trang"));
    assert!(page.text().contains("/__kheo/live.js"));
    let events = server.events();
    let hello = events.next();
    assert_eq!(hello.data["build"], "");
    assert_eq!(
        hello.data["diagnostics"][0]["file"],
        "content/models/dan-chu.md"
    );
    site.file("content/models/dan-chu.md", &model);
    assert_eq!(events.next().name, "reload");
    assert_eq!(server.get("/").status, 200);
}

#[test]
fn drafts_are_shown_only_with_drafts_and_carry_a_badge() {
    let site = Site::fixture("registry");
    {
        let server = Server::start(&site, &[]);
        assert_eq!(server.get("/mo-hinh/ban-nhap/").status, 404);
    }
    let server = Server::start(&site, &["--drafts"]);
    let page = server.get("/mo-hinh/ban-nhap/");
    assert_eq!(page.status, 200);
    assert!(
        page.text().contains("<p class=\"badge\">Bản nháp</p>"),
        "{}",
        page.text()
    );
}

#[test]
fn pages_work_at_the_local_address_whatever_the_base_url() {
    let site = Site::fixture("registry");
    site.file(
        "site.yaml",
        "title: \"Dân vận khéo\"\nbase_url: \"https://example.org/dan-van/\"\n",
    );
    let server = Server::start(&site, &[]);
    let home = server.get("/").text();
    assert!(home.contains("href=\"/style.css\""), "{home}");
    let canonical = format!(
        "<link rel=\"canonical\" href=\"http://127.0.0.1:{}/\">",
        server.port
    );
    assert!(home.contains(&canonical), "{home}");
}

#[test]
fn a_port_in_use_is_a_usage_error_naming_another_port() {
    let site = Site::fixture("registry");
    let taken = TcpListener::bind("127.0.0.1:0").expect("bind");
    let port = taken.local_addr().expect("address").port();
    let run = site.kheo(&["serve", "--port", &port.to_string()]);
    run.assert_code(2);
    run.assert_stderr_is(&[
        format!(
            "error: port {port} is already in use on 127.0.0.1: another program (perhaps another `kheo serve`) listens there"
        ),
        format!(
            "  hint: stop that program, or choose another port, e.g. `--port {}`",
            port + 1
        ),
    ]);
    assert!(!site.exists(".kheo-cache") && !site.exists("public"));
}

#[test]
fn binding_beyond_loopback_warns() {
    let site = Site::fixture("registry");
    let mut server = Server::start(&site, &["--bind", "0.0.0.0"]);
    server.wait_for_line(|l| {
        l == "warning: serving on 0.0.0.0, which other computers can reach: they will see the preview, drafts included"
    });
    assert_eq!(server.get("/").status, 200);
}

#[cfg(unix)]
#[test]
fn ctrl_c_stops_cleanly_and_leaves_nothing_behind() {
    let site = Site::fixture("registry");
    let mut server = Server::start(&site, &[]);
    let stderr = server.stderr_text();
    assert!(
        !stderr.contains("warning:"),
        "the default bind is quiet:\n{stderr}"
    );
    let status = Command::new("kill")
        .args(["-INT", &server.child.id().to_string()])
        .status()
        .expect("run kill");
    assert!(status.success());
    let deadline = Instant::now() + WAIT;
    let code = loop {
        if let Some(s) = server.child.try_wait().expect("wait") {
            break s.code();
        }
        assert!(Instant::now() < deadline, "still running after Ctrl-C");
        std::thread::sleep(Duration::from_millis(20));
    };
    assert_eq!(code, Some(0));
    server.wait_for_line(|l| l == "stopped");
    assert!(!site.exists(".kheo-cache/serve"), "serve left files behind");
    assert!(Path::new(&site.join("content/models/dan-chu.md")).is_file());
}

#[test]
fn a_broken_template_is_shown_too_even_in_a_folder_made_after_start() {
    let site = Site::fixture("registry");
    let mut server = Server::start(&site, &[]);
    let events = server.events();
    assert_eq!(events.next().name, "hello");
    // templates/ does not exist yet: serve notices the new folder and what is in it.
    site.file(
        "templates/model.html",
        "{% extends \"base.html\" %}\n{% block main %}{{ model.title }\n{% endblock %}\n",
    );
    let errors = events.next();
    assert_eq!(errors.name, "errors", "{:?}", errors.data);
    let first = &errors.data["diagnostics"][0];
    assert_eq!(first["file"], "templates/model.html");
    assert_eq!(first["line"], 2);
    assert!(
        first["message"]
            .as_str()
            .is_some_and(|m| m.starts_with("template error: syntax error")),
        "{first}"
    );
    // minijinja's words after a Vietnamese lead naming the file.
    assert!(
        first["message_vi"].as_str().is_some_and(
            |m| m.starts_with("lỗi trong mẫu trang `templates/model.html`: syntax error")
        ),
        "{first}"
    );
    server.wait_for_line(|l| l.starts_with("templates/model.html:2"));
    site.remove("templates/model.html");
    assert_eq!(events.next().name, "reload");
}

/// Every path of `a` and `b`, with its bytes: the two builds must be the same site.
fn assert_same_site(a: &kheo::serve::Snapshot, b: &kheo::serve::Snapshot) {
    let mut paths = a.paths();
    paths.sort();
    let mut other = b.paths();
    other.sort();
    assert_eq!(paths, other, "the two builds have different paths");
    for path in &paths {
        let x = a.get(path).expect("path").expect("renders");
        let y = b.get(path).expect("path").expect("renders");
        assert!(
            x == y,
            "`{path}` differs:\n{}\n---\n{}",
            String::from_utf8_lossy(&x),
            String::from_utf8_lossy(&y)
        );
    }
}

/// A whole build of `site` by a new builder, as `kheo serve` starts.
fn whole_build(site: &Site) -> Arc<kheo::serve::Snapshot> {
    let mut builder = kheo::serve::Builder::new(site.path(), false, "http://127.0.0.1:1".into());
    let (report, snapshot) = builder.build(true);
    snapshot.unwrap_or_else(|| panic!("the site builds: {:?}", report.diagnostics))
}

#[test]
fn a_save_of_known_models_is_built_from_the_last_build_and_gives_the_same_site() {
    let site = Site::fixture("registry");
    let mut builder = kheo::serve::Builder::new(site.path(), false, "http://127.0.0.1:1".into());
    let (_, first) = builder.build(true);
    assert!(first.is_some());
    let rel = "content/models/dan-chu.md";
    let front = "---\ntitle: \"Dân chủ ở cơ sở tại Sở Tài nguyên và Môi trường\"\nunit: \"Sở Tài nguyên và Môi trường tỉnh Bình Dương\"\nyear: 2023\nfield: \"Dân chủ ở cơ sở\"\n---\n";
    let changed = [site.join(rel)];

    // A new first paragraph (so a new summary, shown on other pages) and a link to a model.
    for (i, body) in [
        "Đối thoại định kỳ với người lao động, lần một.\n\n## Cách làm\n\nXem [Vành đai 4](ha-noi/vanh-dai-4.md).\n",
        "Đối thoại định kỳ, lần hai: **mọi** ý kiến được trả lời.\n\n## Cách làm\n",
    ]
    .iter()
    .enumerate()
    {
        // `kheo serve` makes a spare copy of the content after each build;
        // a body edit patches it, a front matter edit uses it.
        builder.make_spare();
        // Saved as vim does: a test file made and removed, then the file.
        site.file("content/models/4913", "");
        site.remove("content/models/4913");
        site.file(rel, format!("{front}{body}"));
        let saved = [site.join("content/models/4913"), site.join(rel)];
        let (report, quick) = builder.build_after(Some(&saved), false);
        let quick = quick.unwrap_or_else(|| panic!("edit {i} builds: {:?}", report.diagnostics));
        assert!(report.incremental, "edit {i}: a body edit is built from the last build");
        assert_eq!(report.models, 5, "edit {i}: the counts are the last build's");
        let page = quick.get("mo-hinh/dan-chu/index.html").expect("page").expect("renders");
        assert!(String::from_utf8_lossy(&page).contains(if i == 0 { "lần một" } else { "lần hai" }));
        assert_same_site(&quick, &whole_build(&site));
    }

    // A link to a page that does not exist is an error: the whole build says so.
    site.file(rel, format!("{front}Xem [trang mất](/khong-co/).\n"));
    let (report, broken) = builder.build_after(Some(&changed), false);
    assert!(broken.is_none() && !report.incremental);
    assert!(report.diagnostics.has_errors(), "{:?}", report.diagnostics);

    // Fixed, the next save needs the whole build (the last one failed), then bodies are quick again.
    site.file(rel, format!("{front}Đã sửa.\n"));
    let (report, fixed) = builder.build_after(Some(&changed), false);
    assert!(
        fixed.is_some() && !report.incremental,
        "{:?}",
        report.diagnostics
    );
    site.file(rel, format!("{front}Đã sửa, lần nữa.\n"));
    let (report, again) = builder.build_after(Some(&changed), false);
    assert!(report.incremental);
    assert_same_site(&again.expect("builds"), &whole_build(&site));

    // Front matter values change the index (order, terms, pages): made again
    // from the files as read, it is the same site as a new build's.
    for (i, edit) in [
        front.replace("2023", "2021"),
        front.replace("Dân chủ ở cơ sở tại", "Ấm áp dân chủ tại"),
        front.replace("Sở Tài nguyên và Môi trường tỉnh", "Ủy ban nhân dân tỉnh"),
    ]
    .iter()
    .enumerate()
    {
        if i != 1 {
            builder.make_spare();
        }
        site.file(rel, format!("{edit}Đã sửa, lần nữa.\n"));
        let (report, moved) = builder.build_after(Some(&changed), false);
        let moved = moved.unwrap_or_else(|| panic!("edit {i} builds: {:?}", report.diagnostics));
        assert!(
            report.incremental,
            "front matter edit {i} is built from the last build"
        );
        assert_same_site(&moved, &whole_build(&site));
    }

    // A new slug changes the URL others link to: the whole build.
    site.file(
        rel,
        format!(
            "{}slug: dan-chu-moi\n---\nMới.\n",
            front.trim_end_matches("---\n")
        ),
    );
    let (report, renamed) = builder.build_after(Some(&changed), false);
    assert!(
        !report.incremental,
        "a new slug is not built from the last build"
    );
    assert_same_site(&renamed.expect("builds"), &whole_build(&site));
}
