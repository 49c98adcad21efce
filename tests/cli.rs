//! The command line: `check`, usage errors and `--help`, `new`, `init` and
//! `list`, each through the real binary.

mod common;

use common::{Site, model, snapshot};

#[test]
fn check_on_a_valid_site_succeeds_and_writes_nothing() {
    let site = Site::valid();
    let before = snapshot(site.path());
    let run = site.kheo(&["check"]);
    run.assert_code(0);
    assert_eq!(run.stdout, "");
    assert!(
        run.summary().starts_with("checked 1 model and "),
        "{}",
        run.summary()
    );
    assert!(
        run.summary().ends_with(": 0 warnings, 0 errors"),
        "{}",
        run.summary()
    );
    assert!(!site.exists("public"), "check created public/");
    assert!(
        snapshot(site.path()) == before,
        "check changed the site folder"
    );
}

#[test]
fn check_on_an_invalid_site_fails_with_the_diagnostics() {
    let site = Site::valid();
    site.file(
        "content/models/x.md",
        model("title: \"Đối thoại\"\nunit: \"UBND huyện Sóc Sơn\"\nyear: 2022"),
    );
    let run = site.kheo(&["check"]);
    run.assert_code(1);
    assert_eq!(
        run.diagnostics(),
        [
            "content/models/x.md:1:1: error: missing required key `field`",
            "  hint: add a line to the front matter: `field: \"Giải phóng mặt bằng\"`",
        ]
    );
    assert!(
        run.summary().starts_with("checked 1 model and "),
        "{}",
        run.summary()
    );
    assert!(
        run.summary().ends_with(": 0 warnings, 1 error"),
        "{}",
        run.summary()
    );
    assert!(!site.exists("public"), "check created public/");
}

#[test]
fn unknown_option_is_a_usage_error() {
    let site = Site::valid();
    let run = site.kheo(&["build", "--nonsense"]);
    run.assert_code(2);
    run.assert_stderr_line("error: unexpected argument '--nonsense' found");
    run.assert_stderr_line("Usage: kheo build [OPTIONS]");
    assert!(!site.exists("public"));
}

#[test]
fn unknown_list_format_is_a_usage_error() {
    let site = Site::valid();
    let run = site.kheo(&["list", "--format", "xml"]);
    run.assert_code(2);
    run.assert_stderr_lines(&[
        "error: invalid value 'xml' for '--format <FORMAT>'",
        "  [possible values: table, json, csv]",
    ]);
    assert_eq!(run.stdout, "");
}

#[test]
fn every_command_has_help() {
    let site = Site::empty();
    for command in ["build", "booklet", "check", "list", "new", "init"] {
        let run = site.kheo_raw(&[command, "--help"]);
        run.assert_code(0);
        let usage = format!("Usage: kheo {command} ");
        assert!(
            run.stdout.contains(&usage),
            "{command} --help:\n{}",
            run.stdout
        );
    }
    let run = site.kheo_raw(&["--help"]);
    run.assert_code(0);
    for command in ["build", "booklet", "check", "list", "new", "init"] {
        assert!(
            run.stdout.contains(&format!("  {command} ")),
            "{}",
            run.stdout
        );
    }
}

fn new_model(site: &Site, extra: &[&str]) -> common::Run {
    let mut args = vec!["new"];
    args.extend_from_slice(extra);
    args.extend([
        "--title",
        "Đối thoại với Nhân dân ở Sóc Sơn",
        "--unit",
        "UBND huyện Sóc Sơn",
        "--year",
        "2024",
        "--field",
        "Đối thoại với Nhân dân",
    ]);
    site.kheo(&args)
}

#[test]
fn new_scaffolds_a_model_that_builds() {
    let site = Site::valid();
    let run = new_model(&site, &[]);
    run.assert_code(0);
    assert_eq!(
        run.stdout,
        "created content/models/doi-thoai-voi-nhan-dan-o-soc-son.md\n"
    );
    let text = site.read("content/models/doi-thoai-voi-nhan-dan-o-soc-son.md");
    assert!(text.starts_with("---\ntitle: \"Đối thoại với Nhân dân ở Sóc Sơn\"\nunit: \"UBND huyện Sóc Sơn\"\nyear: 2024\nfield: \"Đối thoại với Nhân dân\"\n"), "{text}");
    site.build_ok();
    assert!(site.exists("public/mo-hinh/doi-thoai-voi-nhan-dan-o-soc-son/index.html"));
}

#[test]
fn new_writes_into_a_subfolder_given_as_path() {
    let site = Site::valid();
    new_model(&site, &["ha-noi/soc-son"]).assert_code(0);
    assert!(site.exists("content/models/ha-noi/soc-son.md"));
}

#[test]
fn new_without_title_and_no_terminal_is_a_usage_error() {
    let site = Site::valid();
    let run = site.kheo(&["new", "--unit", "U", "--year", "2024", "--field", "F"]);
    run.assert_code(2);
    run.assert_stderr_is(&[
        "error: missing --title",
        "  hint: kheo asks for missing values only on a terminal; pass --title \"…\"",
    ]);
    assert_eq!(snapshot(&site.join("content/models")).len(), 1);
}

#[test]
fn new_never_overwrites_an_existing_file() {
    let site = Site::valid();
    site.file(
        "content/models/doi-thoai-voi-nhan-dan-o-soc-son.md",
        "bản của biên tập viên\n",
    );
    let run = new_model(&site, &[]);
    run.assert_code(1);
    run.assert_stderr_is(&[
        "error: `content/models/doi-thoai-voi-nhan-dan-o-soc-son.md` already exists; kheo never overwrites content",
        "  hint: choose another path, or edit the existing file",
    ]);
    assert_eq!(
        site.read("content/models/doi-thoai-voi-nhan-dan-o-soc-son.md"),
        "bản của biên tập viên\n"
    );
}

#[test]
fn new_refuses_a_path_outside_content_models() {
    let site = Site::valid();
    let run = new_model(&site, &["../../x"]);
    // A path argument that leaves content/models/ is a usage error (SPEC: exit 2).
    run.assert_code(2);
    run.assert_stderr_is(&[
        "error: cannot create `../../x.md`: the path must stay inside content/models/",
        "  hint: give a path such as `ha-noi/doi-thoai-voi-dan`",
    ]);
    assert!(!site.exists("x.md"));
    assert!(!site.exists("content/x.md"));
    assert_eq!(snapshot(&site.join("content/models")).len(), 1);
}

#[test]
fn init_creates_a_site_that_builds() {
    let parent = Site::empty();
    let dir = parent.join("trang-moi");
    let dir_str = dir.to_str().expect("UTF-8 path");
    let run = parent.kheo_raw(&["init", dir_str]);
    run.assert_code(0);
    assert_eq!(
        run.stdout.lines().next(),
        Some(format!("created a new kheo site in `{dir_str}`").as_str())
    );
    for file in [
        "site.yaml",
        "content/_index.md",
        "themes/default/templates/base.html",
    ] {
        assert!(dir.join(file).exists(), "init did not write {file}");
    }
    let build = parent.kheo_raw(&["build", "--root", dir_str]);
    build.assert_code(0);
    assert!(build.summary().ends_with(", 0 errors"), "{}", build.stderr);
    assert!(dir.join("public/index.html").exists());
    assert!(dir.join("public/models.json").exists());
}

#[test]
fn init_refuses_an_existing_site() {
    let site = Site::valid();
    let root = site.path().to_str().expect("UTF-8 path");
    let run = site.kheo_raw(&["init", root]);
    run.assert_code(1);
    run.assert_stderr_is(&[
        format!("error: `{root}` already has a `site.yaml`; kheo init never overwrites a site"),
        "  hint: choose a new folder: `kheo init my-site`".to_owned(),
    ]);
    assert_eq!(site.read("site.yaml"), common::SITE_YAML);
    assert!(!site.exists("themes"));
}

#[test]
fn list_filters_by_field_without_diacritics() {
    let site = Site::fixture("registry");
    let run = site.kheo(&["list", "--format", "json", "--field", "dan chu o co so"]);
    run.assert_code(0);
    assert!(run.stdout.contains("\"count\": 3,"), "{}", run.stdout);
    let titles: Vec<&str> = run
        .stdout
        .lines()
        .filter_map(|l| l.trim().strip_prefix("\"title\": "))
        .collect();
    assert_eq!(
        titles,
        [
            "\"Dân chủ ở cơ sở tại Sở Tài nguyên và Môi trường\",",
            "\"Đối thoại với Nhân dân ở cơ sở\",",
            "\"Uy tín của người đứng đầu\","
        ]
    );
}

#[test]
fn list_finds_the_sample_model_by_folded_field() {
    let site = Site::valid();
    let run = site.kheo(&["list", "--format", "json", "--field", "tiep cong dan"]);
    run.assert_code(0);
    assert!(run.stdout.contains("\"count\": 1,"), "{}", run.stdout);
    assert!(
        run.stdout
            .contains("\"title\": \"Tiếp công dân bằng sự lắng nghe\",")
    );
}

#[test]
fn list_filters_by_year() {
    let site = Site::fixture("registry");
    let run = site.kheo(&["list", "--year", "2024"]);
    run.assert_code(0);
    let lines: Vec<&str> = run.stdout.lines().collect();
    assert_eq!(lines.len(), 3, "{}", run.stdout);
    assert!(
        lines[1].starts_with(
            "2024  Giải phóng mặt bằng  Sở Tài nguyên và Môi trường Hà Nội  Vành đai 4"
        )
    );
    assert_eq!(lines[2], "1 mô hình");
    let none = site.kheo(&["list", "--year", "2022", "--format", "csv"]);
    none.assert_code(0);
    assert_eq!(
        none.stdout.lines().count(),
        1,
        "only the header row: {}",
        none.stdout
    );
}

#[test]
fn list_json_is_the_same_registry_as_models_json() {
    let site = Site::fixture("registry");
    site.build_ok();
    let run = site.kheo(&["list", "--format", "json"]);
    run.assert_code(0);
    let registry = site.read("public/models.json");
    let first_difference = run
        .stdout
        .lines()
        .zip(registry.lines())
        .find(|(listed, built)| listed != built);
    assert_eq!(first_difference, None, "kheo list vs public/models.json");
    assert_eq!(run.stdout, registry);
}

#[test]
fn a_root_that_is_not_a_folder_is_a_usage_error() {
    let site = Site::empty();
    let missing = site.join("khong-co");
    let missing = missing.to_str().expect("UTF-8 path");
    for command in ["build", "check", "list", "booklet"] {
        let run = site.kheo_raw(&[command, "--root", missing]);
        run.assert_code(2);
        run.assert_stderr_is(&[
            format!("error: --root `{missing}` is not a folder"),
            "  hint: pass the folder that holds site.yaml and content/, or create a site with `kheo init DIR`".to_owned(),
        ]);
    }
}

#[test]
fn a_malformed_base_url_is_a_usage_error() {
    let (site, before) = Site::built();
    let run = site.kheo(&["build", "--base-url", "ftp://x"]);
    run.assert_code(2);
    run.assert_stderr_line(
        "error: --base-url must start with http:// or https://, found `ftp://x`",
    );
    site.assert_public_unchanged(&before);
}

#[test]
fn init_takes_root_like_every_command() {
    let parent = Site::empty();
    let dir = parent.join("trang");
    let dir_str = dir.to_str().expect("UTF-8 path");
    parent.kheo_raw(&["init", "--root", dir_str]).assert_code(0);
    assert!(dir.join("site.yaml").is_file());
    assert!(dir.join("themes/default/templates/booklet.typ").is_file());
}
