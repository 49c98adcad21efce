//! Incremental builds: after every kind of change (models edited, moved
//! between terms, added, deleted, renamed; images, templates, site.yaml,
//! static files, options), an incremental build's output folder equals a
//! clean build's, byte for byte; unchanged files keep their time; a failed
//! build changes nothing; a corrupt cache is a clean build.

mod common;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::time::SystemTime;

use common::Site;
use kheo::cache::BuildCache;
use kheo::site::{self, BuildOptions, BuildReport};

/// A real 1×1 PNG.
const PNG: &[u8] = b"\x89\x50\x4e\x47\x0d\x0a\x1a\x0a\x00\x00\x00\x0d\x49\x48\x44\x52\x00\x00\x00\x01\x00\x00\x00\x01\x08\x02\x00\x00\x00\x90\x77\x53\xde\x00\x00\x00\x0c\x49\x44\x41\x54\x78\x9c\x63\xf8\xff\xff\x3f\x00\x05\xfe\x02\xfe\x0d\xef\x46\xb8\x00\x00\x00\x00\x49\x45\x4e\x44\xae\x42\x60\x82";

/// Every file (path → bytes) and folder (path ending in `/`) under `dir`.
fn tree(dir: &Path) -> BTreeMap<String, Vec<u8>> {
    let mut out = BTreeMap::new();
    for entry in walkdir::WalkDir::new(dir).min_depth(1) {
        let entry = entry.expect("walk");
        let rel = entry
            .path()
            .strip_prefix(dir)
            .expect("under dir")
            .to_string_lossy()
            .replace('\\', "/");
        if entry.file_type().is_dir() {
            out.insert(format!("{rel}/"), Vec::new());
        } else {
            out.insert(rel, std::fs::read(entry.path()).expect("read"));
        }
    }
    out
}

/// Modification time of every file under `dir`.
fn mtimes(dir: &Path) -> BTreeMap<String, SystemTime> {
    walkdir::WalkDir::new(dir)
        .into_iter()
        .map(|e| e.expect("walk"))
        .filter(|e| e.file_type().is_file())
        .map(|e| {
            let rel = e.path().strip_prefix(dir).expect("under dir");
            let time = e.metadata().expect("stat").modified().expect("mtime");
            (rel.to_string_lossy().replace('\\', "/"), time)
        })
        .collect()
}

/// A site built incrementally into its `public/`, with the cache kept in memory.
struct Incremental {
    site: Site,
    cache: BuildCache,
    drafts: bool,
    base_url: Option<String>,
    booklet: bool,
}

impl Incremental {
    fn new(site: Site, booklet: bool) -> Self {
        let mut inc = Incremental {
            site,
            cache: BuildCache::new(),
            drafts: false,
            base_url: None,
            booklet,
        };
        let report = inc.build();
        assert!(
            report.written && !report.incremental,
            "first build is clean"
        );
        inc
    }

    fn opts(&self, out: PathBuf) -> BuildOptions {
        BuildOptions {
            root: self.site.path().to_path_buf(),
            out,
            drafts: self.drafts,
            base_url: self.base_url.clone(),
            dry_run: false,
            booklet: self.booklet,
        }
    }

    fn build(&mut self) -> BuildReport {
        let opts = self.opts(self.site.public());
        site::build_with_cache(&opts, &mut self.cache)
    }

    /// Builds incrementally, then cleanly into another folder, and compares.
    fn check(&mut self, what: &str) {
        let report = self.build();
        assert!(
            report.written && !report.diagnostics.has_errors(),
            "{what}: the incremental build failed: {:?}",
            report.diagnostics
        );
        assert!(report.incremental, "{what}: the build was not incremental");
        let clean_dir = tempfile::tempdir().expect("temp dir");
        let clean_out = clean_dir.path().join("public");
        let clean = site::build(&self.opts(clean_out.clone()));
        assert!(clean.written, "{what}: the clean build failed");
        let a = tree(&self.site.public());
        let b = tree(&clean_out);
        let differ: Vec<&String> = a
            .keys()
            .chain(b.keys())
            .filter(|k| a.get(*k) != b.get(*k))
            .collect();
        assert!(
            differ.is_empty(),
            "{what}: incremental and clean builds differ in {differ:?}"
        );
    }
}

fn registry() -> Site {
    Site::fixture("registry")
}

#[test]
fn incremental_equals_clean_after_every_kind_of_change() {
    let mut inc = Incremental::new(registry(), false);
    inc.check("nothing changed");

    let s = &inc.site;
    let body = s.read("content/models/dan-chu.md") + "\nMột đoạn mới về kết quả.\n";
    s.file("content/models/dan-chu.md", body);
    inc.check("a body edited");

    let s = &inc.site;
    let m = s.read("content/models/ha-noi/vanh-dai-4.md").replace(
        "title: \"Vành đai 4: giải phóng",
        "title: \"Vành đai bốn: giải phóng",
    );
    s.file("content/models/ha-noi/vanh-dai-4.md", m);
    inc.check("a title edited");

    let s = &inc.site;
    let m = s
        .read("content/models/hoa-binh/uy-tin.md")
        .replace("year: 2023", "year: 2022")
        .replace(
            "field: \"Dân chủ ở cơ sở\"",
            "field: \"Cải cách hành chính\"",
        );
    s.file("content/models/hoa-binh/uy-tin.md", m);
    inc.check("a year and a field edited (the model moves between term pages)");

    let s = &inc.site;
    let m = s
        .read("content/models/dan-chu.md")
        .replacen("\nyear:", "\ndate: 2026-03-01\nyear:", 1);
    s.file("content/models/dan-chu.md", m.clone());
    inc.check("a publication date added (the sitemap, the feeds' and home's newest change)");
    let s = &inc.site;
    s.file(
        "content/models/dan-chu.md",
        m.replace("date: 2026-03-01", "date: 2019-12-31"),
    );
    inc.check("a publication date moved back");

    let s = &inc.site;
    s.file("content/models/anh/hop.png", PNG);
    s.file(
        "content/models/moi.md",
        "---\ntitle: \"Ứng dụng số trong tiếp dân\"\nunit: \"UBND xã Tân Phong\"\nyear: 2024\nfield: \"Chuyển đổi số\"\nlocality: \"Lâm Đồng\"\nimage: \"anh/hop.png\"\n---\nXem thêm [mô hình Vành đai 4](ha-noi/vanh-dai-4.md).\n\n![Buổi họp](anh/hop.png)\n",
    );
    inc.check("a model with an image and a link added");

    let s = &inc.site;
    let mut png = PNG.to_vec();
    png.extend(b"trailing bytes");
    s.file("content/models/anh/hop.png", png);
    inc.check("an image's bytes changed");

    let s = &inc.site;
    let m = s
        .read("content/models/ha-noi/vanh-dai-4.md")
        .replace("slug: \"vanh-dai-4\"", "slug: \"vanh-dai-bon\"");
    s.file("content/models/ha-noi/vanh-dai-4.md", m);
    inc.check("the slug of a linked model changed (the linking page changes)");

    let s = &inc.site;
    s.remove("content/models/hoa-binh/ung-dung.md");
    inc.check("a model deleted");

    let s = &inc.site;
    let m = s.read("content/models/ha-noi/doi-thoai.md");
    s.remove("content/models/ha-noi/doi-thoai.md");
    s.file("content/models/ha-noi/doi-thoai-nhan-dan.md", m);
    inc.check("a model file renamed (its slug and URL change)");

    let s = &inc.site;
    let repo = Path::new(env!("CARGO_MANIFEST_DIR"));
    let template = std::fs::read_to_string(repo.join("themes/default/templates/model.html"))
        .expect("default model template");
    s.file(
        "templates/model.html",
        format!("{template}\n{{# site override #}}\n"),
    );
    inc.check("a template override added (same output)");
    let s = &inc.site;
    s.file(
        "templates/model.html",
        template.clone() + "\n<!-- sửa mẫu -->\n",
    );
    inc.check("a template edited");
    let s = &inc.site;
    s.remove("templates/model.html");
    inc.check("a template override removed");

    let s = &inc.site;
    let yaml = s.read("site.yaml").replace("page_size: 2", "page_size: 3");
    s.file("site.yaml", yaml + "description: \"Mô hình hay\"\n");
    inc.check("site.yaml edited");

    let s = &inc.site;
    s.file("static/tai-lieu/huong-dan.txt", "Hướng dẫn\n");
    inc.check("a static file added");
    let s = &inc.site;
    s.file("static/tai-lieu/huong-dan.txt", "Hướng dẫn mới\n");
    inc.check("a static file edited");
    let s = &inc.site;
    s.remove("static/tai-lieu/huong-dan.txt");
    inc.check("a static file removed (its folder goes too)");

    inc.drafts = true;
    inc.check("--drafts");
    inc.base_url = Some("https://dan-van.example.org/mo-hinh-hay".into());
    inc.check("--base-url");
    inc.drafts = false;
    inc.base_url = None;
    inc.check("options back");
}

#[test]
fn a_one_model_edit_rewrites_only_the_files_it_changes() {
    let mut inc = Incremental::new(registry(), false);
    let public = inc.site.public();
    let before = mtimes(&public);
    let tree_before = tree(&public);
    std::thread::sleep(std::time::Duration::from_millis(20));
    let s = &inc.site;
    let body = s.read("content/models/hoa-binh/uy-tin.md") + "\nThêm một câu.\n";
    s.file("content/models/hoa-binh/uy-tin.md", body);
    inc.check("one body edited");
    let after = mtimes(&public);
    let tree_after = tree(&public);
    assert_eq!(
        before.keys().collect::<Vec<_>>(),
        after.keys().collect::<Vec<_>>()
    );
    for (path, time) in &before {
        let same_bytes = tree_before.get(path) == tree_after.get(path);
        assert_eq!(
            same_bytes,
            after[path] == *time,
            "`{path}`: a file keeps its time exactly when its bytes are unchanged"
        );
    }
    let rewritten: Vec<&String> = before.keys().filter(|p| after[*p] != before[*p]).collect();
    assert!(rewritten.contains(&&"mo-hinh/uy-tin/index.html".to_owned()));
    assert!(
        !rewritten.contains(&&"mo-hinh/vanh-dai-4/index.html".to_owned()),
        "an unrelated model page was rewritten"
    );
    assert!(
        rewritten.len() * 3 < before.len(),
        "too many files rewritten: {rewritten:?}"
    );
}

#[test]
fn a_failed_build_changes_nothing_and_the_next_one_is_right() {
    let mut inc = Incremental::new(registry(), false);
    let public = inc.site.public();
    let before = tree(&public);
    let times = mtimes(&public);
    let s = &inc.site;
    let good = s.read("content/models/dan-chu.md");
    s.file(
        "content/models/dan-chu.md",
        good.replace("year: 2023", "year: 2021-2024"),
    );
    s.file("content/models/moi.md", common::VALID_MODEL);
    let report = inc.build();
    assert!(!report.written && report.diagnostics.has_errors());
    assert!(tree(&public) == before, "a failed build changed the output");
    assert_eq!(mtimes(&public), times, "a failed build touched files");
    let leftovers: Vec<String> = std::fs::read_dir(inc.site.path())
        .expect("list")
        .map(|e| e.expect("entry").file_name().to_string_lossy().into_owned())
        .filter(|n| n.contains("kheo-") && n != ".kheo-cache")
        .collect();
    assert!(leftovers.is_empty(), "staging left behind: {leftovers:?}");
    let s = &inc.site;
    s.file(
        "content/models/dan-chu.md",
        good.replace("year: 2023", "year: 2021"),
    );
    inc.check("fixed after a failed build");
}

#[test]
fn files_changed_or_added_by_hand_in_the_output_are_put_right() {
    let mut inc = Incremental::new(registry(), false);
    let public = inc.site.public();
    std::fs::write(public.join("mo-hinh/uy-tin/index.html"), "sửa tay").expect("edit");
    std::fs::remove_file(public.join("models.csv")).expect("delete");
    std::fs::write(public.join("la.txt"), "không phải của kheo").expect("stray");
    std::fs::create_dir_all(public.join("thu-muc-rong")).expect("stray folder");
    inc.check("output edited by hand");
}

/// Asserts that the site's output is what a clean build makes of it.
fn same_as_clean(site: &Site, what: &str) {
    let dir = tempfile::tempdir().expect("temp dir");
    let out = dir.path().join("public");
    let opts = BuildOptions {
        root: site.path().to_path_buf(),
        out: out.clone(),
        drafts: false,
        base_url: None,
        dry_run: false,
        booklet: false,
    };
    assert!(site::build(&opts).written);
    assert!(
        tree(&site.public()) == tree(&out),
        "{what}: differs from a clean build"
    );
}

#[test]
fn the_command_line_keeps_its_cache_and_survives_a_corrupt_one() {
    let site = registry();
    site.kheo(&["build", "--no-booklet"]).assert_code(0);
    let cache_dir = site.join(".kheo-cache");
    let folders: Vec<PathBuf> = std::fs::read_dir(&cache_dir)
        .expect("the cache folder exists after a build")
        .map(|e| e.expect("entry").path())
        .collect();
    assert_eq!(folders.len(), 1, "one folder, of this version: {folders:?}");
    let files: Vec<PathBuf> = std::fs::read_dir(&folders[0])
        .expect("the cache of this version")
        .map(|e| e.expect("entry").path())
        .collect();
    let public = site.public();
    let times = mtimes(&public);
    std::thread::sleep(std::time::Duration::from_millis(20));
    // Nothing changed: nothing is rewritten.
    site.kheo(&["build", "--no-booklet"]).assert_code(0);
    assert_eq!(mtimes(&public), times, "an unchanged site rewrote files");

    let clean = |what: &str| same_as_clean(&site, what);
    // A corrupt cache is ignored: the build is a clean one.
    for file in &files {
        std::fs::write(file, b"kheo-cache garbage").expect("corrupt");
    }
    let body = site.read("content/models/dan-chu.md") + "\nThêm.\n";
    site.file("content/models/dan-chu.md", body);
    let run = site.kheo(&["build", "--no-booklet"]);
    run.assert_code(0);
    assert!(
        run.stderr.lines().count() == 1,
        "no message: {}",
        run.stderr
    );
    clean("after a corrupt cache");
    // --no-cache builds from scratch and still leaves a cache behind.
    std::fs::remove_dir_all(&cache_dir).expect("delete the cache");
    site.kheo(&["build", "--no-booklet", "--no-cache"])
        .assert_code(0);
    assert!(cache_dir.is_dir());
    clean("with --no-cache");
    // Deleting the cache at any time is fine.
    std::fs::remove_dir_all(&cache_dir).expect("delete the cache");
    site.file("content/models/moi.md", common::VALID_MODEL);
    site.kheo(&["build", "--no-booklet"]).assert_code(0);
    clean("after the cache was deleted");
}

/// Through the command line, what was changed by hand in the output is
/// put right, and a cache whose memos do not read makes a clean build
/// that leaves nothing beside the output.
#[test]
fn the_command_line_puts_right_what_was_changed_by_hand_in_the_output() {
    let site = registry();
    site.kheo(&["build", "--no-booklet"]).assert_code(0);
    let public = site.public();
    let clean = |what: &str| {
        same_as_clean(&site, what);
        let beside: Vec<String> = std::fs::read_dir(site.path())
            .expect("site folder")
            .map(|e| e.expect("entry").file_name().to_string_lossy().into_owned())
            .filter(|n| n.contains("kheo-update"))
            .collect();
        assert!(beside.is_empty(), "{what}: left behind {beside:?}");
    };
    std::fs::write(public.join("mo-hinh/uy-tin/index.html"), "sửa tay").expect("edit");
    std::fs::remove_file(public.join("models.csv")).expect("delete");
    std::fs::write(public.join("la.txt"), "không phải của kheo").expect("stray");
    let body = site.read("content/models/dan-chu.md") + "\nThêm.\n";
    site.file("content/models/dan-chu.md", body);
    site.kheo(&["build", "--no-booklet"]).assert_code(0);
    clean("output edited by hand");
    // The manifest reads but the memos do not.
    let folder = std::fs::read_dir(site.join(".kheo-cache"))
        .expect("cache folder")
        .map(|e| e.expect("entry").path())
        .next()
        .expect("the cache of this version");
    std::fs::write(folder.join("memos.bin"), b"kheo-cache garbage").expect("corrupt");
    std::fs::write(public.join("la.txt"), "lại một tệp lạ").expect("stray");
    site.kheo(&["build", "--no-booklet"]).assert_code(0);
    clean("memos unreadable");
}

#[test]
fn the_booklet_is_typeset_again_only_when_its_inputs_change() {
    let site = registry();
    site.file(
        "content/models/khong-in.md",
        "---\ntitle: \"Mô hình không in\"\nunit: \"Xã Tân Phong\"\nyear: 2023\nfield: \"Giải phóng mặt bằng\"\nbooklet: false\n---\nNội dung.\n",
    );
    let mut inc = Incremental::new(site, true);
    let pdf = inc.site.public().join("so-tay/dan-van-kheo.pdf");
    let epub = inc.site.public().join("so-tay/dan-van-kheo.epub");
    let time = |p: &Path| {
        std::fs::metadata(p)
            .and_then(|m| m.modified())
            .expect("mtime")
    };
    let (pdf_time, epub_time) = (time(&pdf), time(&epub));
    std::thread::sleep(std::time::Duration::from_millis(20));

    // A model outside the booklet and a static file do not reach it.
    let s = &inc.site;
    let m = s.read("content/models/khong-in.md") + "\nThêm nội dung.\n";
    s.file("content/models/khong-in.md", m);
    s.file("static/ghi-chu.txt", "ghi chú\n");
    inc.check("booklet: a change that does not reach it");
    assert_eq!(time(&pdf), pdf_time, "the PDF was rewritten");
    assert_eq!(time(&epub), epub_time, "the EPUB was rewritten");

    // A model in it does.
    let before = std::fs::read(&pdf).expect("pdf");
    let s = &inc.site;
    let m = s.read("content/models/dan-chu.md") + "\nKết quả: 1.041 mô hình cấp cơ sở.\n";
    s.file("content/models/dan-chu.md", m);
    inc.check("booklet: a model in it edited");
    assert_ne!(
        std::fs::read(&pdf).expect("pdf"),
        before,
        "the PDF did not change"
    );
}

/// A site of `n` models of a few paragraphs each: enough documents that an
/// edit leaves the search index's averages alone, so it is patched. Every
/// field name has the same length, and so do the words edits swap.
fn many_models(n: usize) -> Site {
    let site = Site::new();
    let words = [
        "dân",
        "vận",
        "khéo",
        "xã",
        "thôn",
        "hộ",
        "nông",
        "đường",
        "làng",
        "cây",
        "họp",
        "bàn",
        "góp",
        "công",
        "của",
        "tiền",
        "nước",
        "sạch",
        "điện",
        "sáng",
    ];
    let fields = ["Lĩnh vực A", "Lĩnh vực B", "Lĩnh vực C"];
    for i in 0..n {
        let mut body = String::new();
        for p in 0..3 {
            let para: Vec<&str> = (0..40)
                .map(|j| words[(i * 7 + p * 11 + j * 13 + j * j) % words.len()])
                .collect();
            body.push_str(&para.join(" "));
            body.push_str(".\n\n");
        }
        site.file(
            &format!("content/models/m{i:03}.md"),
            format!(
                "---\ntitle: \"Mô hình {i:03} về cây\"\nunit: \"Xã số {}\"\nyear: {}\nfield: \"{}\"\n---\n{body}",
                i % 5,
                2015 + i % 4,
                fields[i % 3]
            ),
        );
    }
    site
}

#[test]
fn the_search_index_is_patched_after_small_edits_and_equals_a_clean_one() {
    let mut inc = Incremental::new(many_models(48), false);
    let edit = |inc: &Incremental, file: &str, from: &str, to: &str| {
        let path = format!("content/models/{file}.md");
        let text = inc.site.read(&path);
        assert!(text.contains(from), "{file} has no `{from}`");
        inc.site.file(&path, text.replacen(from, to, 1));
    };
    let patched = |inc: &mut Incremental, what: &str, expected: Option<usize>| {
        inc.check(what);
        assert_eq!(inc.cache.search_patched(), expected, "{what}");
    };

    edit(&inc, "m005", "cây", "lúa");
    patched(&mut inc, "a word of a body replaced by another", Some(1));
    edit(&inc, "m006", "nước", "zzzzzzz");
    patched(&mut inc, "a word no document had", Some(1));
    edit(&inc, "m006", "zzzzzzz", "nước");
    patched(&mut inc, "that word gone again (its key goes)", Some(1));
    edit(&inc, "m007", "về cây", "về lúa");
    patched(&mut inc, "a title edited", Some(1));
    edit(&inc, "m008", "Lĩnh vực C", "Lĩnh vực A");
    patched(&mut inc, "a model moved to another field", Some(1));
    edit(&inc, "m009", "về cây", "về lúa");
    edit(&inc, "m010", "về cây", "về mía");
    patched(&mut inc, "two models edited", Some(2));
    inc.check("nothing changed");
    assert_eq!(inc.cache.search_patched(), None, "nothing changed");

    let text = inc.site.read("content/models/m011.md");
    inc.site
        .file("content/models/m011.md", text.replacen("cây", "cây mới", 3));
    inc.check("a body lengthened (the averages may change)");
    inc.site.file(
        "content/models/m100.md",
        inc.site
            .read("content/models/m012.md")
            .replace("012", "100"),
    );
    patched(&mut inc, "a model added (documents renumbered)", None);
    inc.site.remove("content/models/m001.md");
    patched(&mut inc, "a model deleted", None);
    edit(&inc, "m020", "cây", "lúa");
    patched(&mut inc, "an edit after a whole rebuild", Some(1));
}

/// Sets every file under `dir` an hour back, so the cache keeps it parsed
/// (a file changed in the last two seconds is read again anyway).
fn age(dir: &Path) {
    // Folders too: while their times hold, a build does not walk them again.
    for entry in walkdir::WalkDir::new(dir).into_iter().flatten() {
        let file = if entry.file_type().is_dir() {
            std::fs::File::open(entry.path())
        } else {
            std::fs::File::options().write(true).open(entry.path())
        };
        file.expect("open")
            .set_modified(SystemTime::now() - std::time::Duration::from_secs(3600))
            .expect("set mtime");
    }
}

#[test]
fn bodies_left_out_of_the_cache_are_read_again_when_their_rendering_changes() {
    let site = registry();
    site.file(
        "content/models/lien-ket.md",
        "---\ntitle: \"Liên kết\"\nunit: \"Xã A\"\nyear: 2024\nfield: \"Chuyển đổi số\"\n---\nXem [Vành đai 4](ha-noi/vanh-dai-4.md).\n",
    );
    age(&site.path().join("content"));
    let mut inc = Incremental::new(site, false);
    inc.check("nothing changed (every file parsed from the cache)");

    let repo = Path::new(env!("CARGO_MANIFEST_DIR"));
    let template = std::fs::read_to_string(repo.join("themes/default/templates/model.html"))
        .expect("default model template");
    inc.site
        .file("templates/model.html", template + "\n<!-- sửa mẫu -->\n");
    inc.check("a template edited: every body rendered again, read again from its file");

    let s = &inc.site;
    let m = s
        .read("content/models/ha-noi/vanh-dai-4.md")
        .replace("slug: \"vanh-dai-4\"", "slug: \"vanh-dai-bon\"");
    s.file("content/models/ha-noi/vanh-dai-4.md", m);
    age(&inc.site.path().join("content"));
    inc.check("the slug of a linked model changed: the linking body is read again");
    assert!(
        std::fs::read_to_string(inc.site.public().join("mo-hinh/lien-ket/index.html"))
            .expect("linking page")
            .contains("vanh-dai-bon"),
        "the link follows the new slug"
    );

    let s = &inc.site;
    let body = s.read("content/models/dan-chu.md") + "\nMột đoạn mới.\n";
    s.file("content/models/dan-chu.md", body);
    inc.check("a body edited");
    age(&inc.site.path().join("content"));
    inc.check("the same, once the file is settled");

    // Files added to and removed from folders whose times had settled.
    inc.site
        .file("content/models/ha-noi/moi.md", common::VALID_MODEL);
    inc.check("a model added to a settled folder");
    age(&inc.site.path().join("content"));
    std::fs::remove_file(inc.site.join("content/models/ha-noi/moi.md")).expect("remove");
    inc.check("a model removed from a settled folder");
}

/// Search lists whose bytes on disk are not those `search.bin` describes
/// (a save cut short) are made again, not patched: the build is right.
#[test]
fn search_lists_other_than_described_are_made_again() {
    let site = many_models(48);
    site.kheo(&["build", "--no-booklet"]).assert_code(0);
    let folder = std::fs::read_dir(site.join(".kheo-cache"))
        .expect("cache folder")
        .map(|e| e.expect("entry").path())
        .next()
        .expect("the cache of this version");
    let edit = |to: &str| {
        let text = site.read("content/models/m007.md");
        site.file("content/models/m007.md", text.replacen("về cây", to, 1));
    };
    // Saved by what changed, the bytes read back are right.
    edit("về làng");
    site.kheo(&["build", "--no-booklet"]).assert_code(0);
    same_as_clean(&site, "after an edit");
    let words = folder.join("search-words.bin");
    let spoilt: Vec<u8> = std::fs::read(&words)
        .expect("the search lists' bytes")
        .iter()
        .map(|b| b ^ 0x55)
        .collect();
    std::fs::write(&words, spoilt).expect("spoil");
    // A word of the body replaced by a new one everywhere takes the model
    // out of that word's list: patched from the spoilt bytes, the list
    // would be wrong.
    let text = site.read("content/models/m007.md");
    assert!(text.contains("dân"));
    site.file("content/models/m007.md", text.replace("dân", "mía"));
    site.kheo(&["build", "--no-booklet"]).assert_code(0);
    same_as_clean(&site, "after the search lists' bytes were spoilt");
}
