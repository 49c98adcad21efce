//! Rules that span the site: raw HTML, templates, links and images,
//! controlled vocabularies, spellings of one term, the output folder, and
//! every error of a run reported together.

mod common;

use common::{Site, VALID_MODEL, model};

const X: &str = "content/models/x.md";

const RAW_HTML_MODEL: &str = "---
title: \"Đối thoại\"
unit: \"UBND huyện Sóc Sơn\"
year: 2022
field: \"Tiếp công dân\"
---
Mở đầu <script>alert(1)</script> hết.
";

#[test]
fn raw_html_is_escaped_with_a_warning() {
    let site = Site::valid();
    site.file(X, RAW_HTML_MODEL);
    let run = site.kheo(&["build"]);
    run.assert_code(0);
    assert_eq!(
        run.diagnostics(),
        [
            "content/models/x.md:7:8: warning: raw HTML is shown as text, not as HTML",
            "  hint: write it in Markdown instead; if every editor of this site is trusted, set `markdown: {unsafe_html: true}` in site.yaml",
        ]
    );
    let page = site.read("public/mo-hinh/x/index.html");
    assert!(
        page.contains("&lt;script&gt;alert(1)&lt;/script&gt;"),
        "{page}"
    );
    assert!(
        !page.contains("<script>alert"),
        "raw script reached the page"
    );
}

#[test]
fn raw_html_passes_when_the_site_trusts_it() {
    let site = Site::valid();
    site.file(
        "site.yaml",
        "base_url: \"https://example.org\"\nmarkdown: {unsafe_html: true}\n",
    );
    site.file(X, RAW_HTML_MODEL);
    site.build_ok();
    let page = site.read("public/mo-hinh/x/index.html");
    assert!(
        page.contains("<p>Mở đầu <script>alert(1)</script> hết.</p>"),
        "{page}"
    );
}

#[test]
fn broken_site_template_is_reported_once_with_its_file_and_line() {
    let (site, before) = Site::built();
    site.file(
        "content/models/x.md",
        model("title: \"Đối thoại\"\nunit: \"UBND huyện Sóc Sơn\"\nyear: 2022\nfield: \"Tiếp công dân\""),
    );
    site.file(
        "templates/model.html",
        "{% extends \"base.html\" %}\n{% block main %}\n<h1>{{ model.title }</h1>\n{% endblock %}\n",
    );
    // Two models render model.html: still one broken template, one error.
    site.build_fails(
        &before,
        &[
            "templates/model.html:3:20: error: template error: syntax error: unexpected `}`, expected end of variable block",
            "  hint: fix the template; docs/templates.md in kheo's source lists the variables each template receives, and the default theme's templates (`kheo init` copies them to themes/default/templates/) show them in use",
        ],
        "0 warnings, 1 error",
    );
}

#[test]
fn broken_links_and_images_are_errors() {
    let (site, before) = Site::built();
    site.file(
        X,
        "---
title: \"Đối thoại\"
unit: \"UBND huyện Sóc Sơn\"
year: 2022
field: \"Tiếp công dân\"
---
Xem [x](../khong-co.md) và [y](/khong-co/).

![Hội nghị đối thoại](anh/khong-co.jpg)
",
    );
    site.build_fails(
        &before,
        &[
            "content/models/x.md:7:5: error: broken link `../khong-co.md`: there is no published file `content/khong-co.md`",
            "  hint: check the file name and the `../` steps; the path is relative to this file, e.g. `../ha-noi/vanh-dai-4.md`",
            "content/models/x.md:7:28: error: broken link `/khong-co/`: the site has no such page",
            "  hint: check the address against the built site (e.g. `/linh-vuc/`), or link to a model by its file, e.g. `../ha-noi/vanh-dai-4.md`",
            "content/models/x.md:9:1: error: broken image `anh/khong-co.jpg`: file `content/models/anh/khong-co.jpg` not found",
            "  hint: put the image file next to the Markdown file (or in a folder beside it) and give its path relative to this file",
        ],
        "0 warnings, 3 errors",
    );
}

#[test]
fn working_links_and_images_are_rewritten_and_copied() {
    let site = Site::valid();
    site.file(
        "content/models/anh/hoi-nghi.png",
        // A real 1×1 PNG: the booklet decodes the pictures it prints.
        b"\x89\x50\x4e\x47\x0d\x0a\x1a\x0a\x00\x00\x00\x0d\x49\x48\x44\x52\x00\x00\x00\x01\x00\x00\x00\x01\x08\x02\x00\x00\x00\x90\x77\x53\xde\x00\x00\x00\x0c\x49\x44\x41\x54\x78\x9c\x63\xf8\xff\xff\x3f\x00\x05\xfe\x02\xfe\x0d\xef\x46\xb8\x00\x00\x00\x00\x49\x45\x4e\x44\xae\x42\x60\x82",
    );
    site.file(
        X,
        "---
title: \"Đối thoại\"
unit: \"UBND huyện Sóc Sơn\"
year: 2022
field: \"Tiếp công dân\"
---
Xem [mô hình](tiep-cong-dan.md) và [lĩnh vực](/linh-vuc/).

![Hội nghị đối thoại](anh/hoi-nghi.png)
",
    );
    site.build_ok();
    let page = site.read("public/mo-hinh/x/index.html");
    assert!(page.contains("href=\"/mo-hinh/tiep-cong-dan/\""), "{page}");
    assert!(page.contains("href=\"/linh-vuc/\""), "{page}");
    assert!(
        page.contains("src=\"/mo-hinh/x/anh/hoi-nghi.png\""),
        "{page}"
    );
    assert!(site.exists("public/mo-hinh/x/anh/hoi-nghi.png"));
}

#[test]
fn field_outside_the_vocabulary_is_an_error_with_the_nearest_match() {
    let (site, before) = Site::built();
    site.file(
        "site.yaml",
        "base_url: \"https://example.org\"\nfields:\n  - \"Tiếp công dân\"\n  - \"Dân chủ ở cơ sở\"\n",
    );
    site.file(
        X,
        model("title: \"Đối thoại\"\nunit: \"UBND huyện Sóc Sơn\"\nyear: 2022\nfield: \"Tiếp côn dân\""),
    );
    site.build_fails(
        &before,
        &[
            "content/models/x.md:5:8: error: field `Tiếp côn dân` is not in the list of fields in site.yaml",
            "  hint: did you mean `Tiếp công dân`? The field values allowed are listed under `fields:` in site.yaml",
        ],
        "0 warnings, 1 error",
    );
}

#[test]
fn minority_spelling_of_a_unit_is_a_warning_per_file_and_the_majority_wins() {
    let site = Site::valid();
    for name in ["b", "c"] {
        site.file(
            &format!("content/models/{name}.md"),
            model(&format!("title: \"Mô hình {name}\"\nunit: \"Thanh tra tỉnh Lâm Đồng\"\nyear: 2023\nfield: \"Tiếp công dân\"")),
        );
    }
    for name in ["d", "e"] {
        site.file(
            &format!("content/models/{name}.md"),
            model(&format!("title: \"Mô hình {name}\"\nunit: \"Thanh tra tinh Lam Dong\"\nyear: 2023\nfield: \"Tiếp công dân\"")),
        );
    }
    let expected = |file: &str| {
        [
            format!("content/models/{file}.md:3:7: warning: unit `Thanh tra tinh Lam Dong` is another spelling of `Thanh tra tỉnh Lâm Đồng` (used in 3 files); the site uses `Thanh tra tỉnh Lâm Đồng`"),
            "  hint: write `unit: \"Thanh tra tỉnh Lâm Đồng\"` so every model spells it the same way".to_owned(),
        ]
    };
    let warnings: Vec<String> = expected("d").into_iter().chain(expected("e")).collect();

    let check = site.kheo(&["check"]);
    check.assert_code(0);
    assert_eq!(check.diagnostics(), warnings);
    assert!(
        check.summary().starts_with("checked 5 models and "),
        "{}",
        check.summary()
    );
    assert!(
        check.summary().ends_with(": 2 warnings, 0 errors"),
        "{}",
        check.summary()
    );

    let build = site.kheo(&["build"]);
    build.assert_code(0);
    assert_eq!(build.diagnostics(), warnings);
    let page = site.read("public/mo-hinh/d/index.html");
    assert!(page.contains("Thanh tra tỉnh Lâm Đồng"));
    assert!(!page.contains("Thanh tra tinh Lam Dong"));
    assert!(
        !site
            .read("public/models.json")
            .contains("Thanh tra tinh Lam Dong")
    );
    let units: Vec<String> = site
        .snapshot_public()
        .into_keys()
        .filter(|p| p.starts_with("don-vi/") && p.ends_with("/index.html"))
        .collect();
    assert_eq!(
        units,
        [
            "don-vi/index.html",
            "don-vi/thanh-tra-tinh-lam-dong/index.html"
        ]
    );
}

#[test]
fn out_pointing_at_the_site_root_is_refused() {
    let (site, before) = Site::built();
    let root = site.path().to_str().expect("UTF-8 path").to_owned();
    let run = site.kheo(&["build", "--out", &root]);
    run.assert_code(1);
    run.assert_stderr_lines(&[
        &format!(
            "error: refusing to use `{}` as the output folder: it would replace the site's own files",
            site.path().canonicalize().expect("canonical").display()
        ),
        "  hint: choose a separate folder, e.g. `--out public`",
    ]);
    site.assert_public_unchanged(&before);
    assert_eq!(
        site.read("content/models/tiep-cong-dan.md"),
        common::VALID_MODEL
    );
    assert!(site.exists("site.yaml"));
}

#[test]
fn every_error_of_several_files_is_reported_in_one_run() {
    let (site, before) = Site::built();
    site.file(
        "content/models/a-nam-sai.md",
        model("title: \"A\"\nunit: \"U\"\nyear: \"2021-2024\"\nfield: \"F\""),
    );
    site.file(
        "content/models/b-thieu-don-vi.md",
        model("title: \"B\"\nyear: 2022\nfield: \"F\""),
    );
    site.file(
        "content/models/c-lien-ket.md",
        "---\ntitle: \"C\"\nunit: \"U\"\nyear: 2022\nfield: \"F\"\n---\nXem [x](/khong-co/).\n",
    );
    let run = site.kheo(&["build"]);
    run.assert_code(1);
    let errors: Vec<&str> = run
        .stderr
        .lines()
        .filter(|l| l.contains(": error: "))
        .collect();
    assert_eq!(errors.len(), 3, "{}", run.stderr);
    assert!(errors[0].starts_with("content/models/a-nam-sai.md:4:7: error: year must be"));
    assert_eq!(
        errors[1],
        "content/models/b-thieu-don-vi.md:1:1: error: missing required key `unit`"
    );
    assert_eq!(
        errors[2],
        "content/models/c-lien-ket.md:7:5: error: broken link `/khong-co/`: the site has no such page"
    );
    assert_eq!(run.summary(), site.failed_summary("0 warnings, 3 errors"));
    site.assert_public_unchanged(&before);
}

#[test]
fn out_pointing_at_a_folder_kheo_did_not_write_is_refused() {
    let site = Site::valid();
    site.file("tai-lieu/bao-cao.docx", "báo cáo của ban");
    let out = site.join("tai-lieu");
    let run = site.kheo(&["build", "--out", out.to_str().expect("UTF-8 path")]);
    run.assert_code(1);
    run.assert_stderr_is(&[
        format!(
            "error: refusing to replace `{}`: it is not empty and was not written by kheo",
            out.display()
        ),
        "  hint: choose an empty or new folder with `--out`, or move its files elsewhere first"
            .to_owned(),
        format!(
            "build failed: 0 warnings, 1 error; `{}` was left unchanged",
            out.display()
        ),
    ]);
    assert_eq!(site.read("tai-lieu/bao-cao.docx"), "báo cáo của ban");
    assert_eq!(common::snapshot(&out).len(), 1);
}

#[test]
fn unknown_key_in_site_yaml_is_an_error_with_its_line() {
    let (site, before) = Site::built();
    site.file(
        "site.yaml",
        "base_url: \"https://example.org\"\ntitel: \"Dân vận khéo\"\n",
    );
    site.build_fails(
        &before,
        &[
            "site.yaml:2:1: error: invalid site.yaml: unknown field `titel`, expected one of `title`, `description`, `base_url`, `language`, `theme`, `page_size`, `latest`, `fields`, `units`, `markdown`, `urls`, `booklet`",
            "  hint: did you mean `title`? The keys are listed in README.md",
        ],
        "0 warnings, 1 error",
    );
}

#[test]
fn field_spelled_otherwise_than_the_vocabulary_is_a_warning_per_file() {
    let site = Site::new();
    site.file(
        "site.yaml",
        "base_url: \"https://example.org\"\nfields:\n  - \"Tiếp công dân\"\n  - \"Dân chủ ở cơ sở\"\n",
    );
    site.file("content/models/tiep-cong-dan.md", VALID_MODEL);
    for (name, field) in [("b", "Tiep cong dan"), ("c", "TIẾP CÔNG DÂN")] {
        site.file(
            &format!("content/models/{name}.md"),
            model(&format!("title: \"Mô hình {name}\"\nunit: \"Thanh tra tỉnh Lâm Đồng\"\nyear: 2023\nfield: \"{field}\"")),
        );
    }
    let run = site.kheo(&["build"]);
    run.assert_code(0);
    assert_eq!(
        run.diagnostics(),
        [
            "content/models/b.md:5:8: warning: field `Tiep cong dan` is spelled `Tiếp công dân` in the list of fields in site.yaml; the site uses `Tiếp công dân`",
            "  hint: write `field: \"Tiếp công dân\"` as site.yaml spells it",
            "content/models/c.md:5:8: warning: field `TIẾP CÔNG DÂN` is spelled `Tiếp công dân` in the list of fields in site.yaml; the site uses `Tiếp công dân`",
            "  hint: write `field: \"Tiếp công dân\"` as site.yaml spells it",
        ]
    );
    let json = site.read("public/models.json");
    assert_eq!(
        json.matches("\"field\": \"Tiếp công dân\"").count(),
        3,
        "{json}"
    );
}

#[test]
fn site_yaml_type_errors_and_tabs_are_explained() {
    let (site, before) = Site::built();
    site.file(
        "site.yaml",
        "base_url: \"https://example.org\"\npage_size: mười\n",
    );
    site.build_fails(
        &before,
        &[
            "site.yaml:2:12: error: invalid site.yaml: `page_size` must be a whole number (0, 1, 2 …), found \"mười\"",
            "  hint: write the number without quotes, e.g. `page_size: 20`",
        ],
        "0 warnings, 1 error",
    );
    site.file(
        "site.yaml",
        "base_url: \"https://example.org\"\nfields: \"Tiếp công dân\"\n",
    );
    site.build_fails(
        &before,
        &[
            "site.yaml:2:9: error: invalid site.yaml: `fields` must be a list, found \"Tiếp công dân\"",
            "  hint: write e.g. `fields: [\"…\", \"…\"]`, or one line `- \"…\"` per item, indented under `fields:`",
        ],
        "0 warnings, 1 error",
    );
    site.file(
        "site.yaml",
        "base_url: \"https://example.org\"\nfields:\n\t- \"Tiếp công dân\"\n",
    );
    site.build_fails(
        &before,
        &[
            "site.yaml:3:1: error: invalid site.yaml: tab character in indentation",
            "  hint: YAML indents with spaces only: replace the tab with spaces",
        ],
        "0 warnings, 1 error",
    );
}

#[test]
fn undefined_value_in_a_template_is_named() {
    let (site, before) = Site::built();
    site.file(
        "templates/page.html",
        "{% extends \"base.html\" %}\n{% block main %}\n<h1>{{ pgae.title }}</h1>\n{% endblock %}\n",
    );
    site.file(
        "content/pages/gioi-thieu.md",
        "---\ntitle: \"Giới thiệu\"\n---\nBan Dân vận.\n",
    );
    site.build_fails(
        &before,
        &[
            "templates/page.html:3:8: error: template error: undefined value: `pgae` is undefined",
            "  hint: check the spelling of the name: docs/templates.md in kheo's source lists the variables each template receives, and the default theme's templates (`kheo init` copies them to themes/default/templates/) show them in use",
        ],
        "0 warnings, 1 error",
    );
}
