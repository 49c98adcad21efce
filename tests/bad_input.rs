//! Bad content files: each gets a clear `path:line:col: error:` with a hint,
//! never a panic, and a failed build leaves the previous `public/` exactly as
//! it was (SPEC "Bad input gets a clear error, and nothing is lost").

mod common;

use common::{Site, VALID_MODEL, model, next_year};

const X: &str = "content/models/x.md";

#[test]
fn malformed_yaml_points_at_the_line_in_the_md_file() {
    let (site, before) = Site::built();
    site.file(
        X,
        "---\ntitle: \"Đối thoại\"\nunit: [Sở Xây dựng\nyear: 2022\nfield: \"Tiếp công dân\"\n---\nNội dung.\n",
    );
    site.build_fails(
        &before,
        &[
            "content/models/x.md:3:7: error: invalid front matter: the list opened with `[` here is not closed with `]`",
            "  hint: close the list on the same line, e.g. `tags: [\"đối thoại\", \"một cửa\"]`; text that starts with `[` must be in double quotes",
        ],
        "0 warnings, 1 error",
    );
}

#[test]
fn missing_front_matter_is_an_error() {
    let (site, before) = Site::built();
    site.file(X, "# Đối thoại với dân\n\nNội dung.\n");
    site.build_fails(
        &before,
        &[
            "content/models/x.md:1:1: error: missing front matter: the first line must be `---`",
            "  hint: start the file with a line `---`, then the keys title, unit, year and field, then a closing line `---`",
        ],
        "0 warnings, 1 error",
    );
}

#[test]
fn missing_closing_fence_is_an_error() {
    let (site, before) = Site::built();
    site.file(
        X,
        "---\ntitle: \"Đối thoại\"\nunit: \"UBND huyện Sóc Sơn\"\nyear: 2022\nfield: \"Tiếp công dân\"\n\nNội dung.\n",
    );
    site.build_fails(
        &before,
        &[
            "content/models/x.md:1:1: error: front matter is never closed: no line `---` after the opening one",
            "  hint: add a line `---` after the last front-matter key, before the write-up",
        ],
        "0 warnings, 1 error",
    );
}

#[test]
fn bom_and_crlf_file_builds_cleanly() {
    let site = Site::new();
    let text = format!("\u{feff}{}", VALID_MODEL.replace('\n', "\r\n"));
    site.file("content/models/tiep-cong-dan.md", text);
    site.build_ok();
    let page = site.read("public/mo-hinh/tiep-cong-dan/index.html");
    assert!(page.contains("<h1>Tiếp công dân bằng sự lắng nghe</h1>"));
    assert!(!page.contains('\u{feff}'), "BOM leaked into the page");
    assert!(!page.contains('\r'), "CR leaked into the page");
    assert!(
        site.read("public/models.json")
            .contains("\"unit\": \"Thanh tra tỉnh Lâm Đồng\",")
    );
}

#[test]
fn tab_in_front_matter_indentation_is_an_error() {
    let (site, before) = Site::built();
    site.file(
        X,
        "---\ntitle: \"Đối thoại\"\nunit: \"UBND huyện Sóc Sơn\"\nyear: 2022\nfield: \"Tiếp công dân\"\ntags:\n\t- \"đối thoại\"\n---\nNội dung.\n",
    );
    site.build_fails(
        &before,
        &[
            "content/models/x.md:7:1: error: tab character in front matter indentation",
            "  hint: YAML indents with spaces only: replace the tab with spaces",
        ],
        "0 warnings, 1 error",
    );
}

#[test]
fn non_utf8_byte_is_reported_with_line_and_column() {
    let (site, before) = Site::built();
    // "Già làng" saved as Latin-1 / Windows-1258: `à` is the single byte 0xE0.
    let mut bytes = b"---\ntitle: \"Gi".to_vec();
    bytes.extend(b"\xE0 l\xE0ng\"\nunit: \"UBND x\xE3\"\nyear: 2022\nfield: \"F\"\n---\nA\n");
    site.file(X, bytes);
    site.build_fails(
        &before,
        &[
            "content/models/x.md:2:11: error: file is not valid UTF-8: byte 0xE0 cannot be read",
            "  hint: save the file as UTF-8 (in Word: File → Save As → Plain Text, encoding Unicode (UTF-8); in Notepad: Save As, Encoding UTF-8)",
        ],
        "0 warnings, 1 error",
    );
}

#[test]
fn empty_file_is_an_error() {
    let (site, before) = Site::built();
    site.file(X, "");
    site.build_fails(
        &before,
        &[
            "content/models/x.md: error: file is empty",
            "  hint: start it with front matter (a line `---`, then the keys title, unit, year and field, then `---`) and the text, or delete the file",
        ],
        "0 warnings, 1 error",
    );
}

#[test]
fn ten_megabyte_file_is_refused() {
    let (site, before) = Site::built();
    let mut text = model("title: \"Lớn\"\nunit: \"U\"\nyear: 2022\nfield: \"F\"");
    let line = "Đoạn văn dán từ Word với rất nhiều chữ.\n";
    while text.len() < 10_000_000 {
        text.push_str(line);
    }
    site.file(X, &text);
    let mb = text.len() as f64 / 1_048_576.0;
    let message = format!(
        "content/models/x.md: error: file is {mb:.1} MB, larger than the 4 MB limit for one content file"
    );
    site.build_fails(
        &before,
        &[
            &message,
            "  hint: a write-up is text: put images in their own files and link them, or split the text",
        ],
        "0 warnings, 1 error",
    );
}

#[test]
fn year_range_is_an_error_saying_to_pick_one_year() {
    let (site, before) = Site::built();
    site.file(
        X,
        model("title: \"Đối thoại\"\nunit: \"UBND huyện Sóc Sơn\"\nyear: \"2021-2024\"\nfield: \"Tiếp công dân\""),
    );
    let message = format!(
        "content/models/x.md:4:7: error: year must be a number between 1900 and {}, found \"2021-2024\"",
        next_year()
    );
    site.build_fails(
        &before,
        &[
            &message,
            "  hint: a model has one year: the year it was recognised, e.g. `year: 2024`",
        ],
        "0 warnings, 1 error",
    );
}

#[test]
fn year_before_1900_is_an_error() {
    let (site, before) = Site::built();
    site.file(
        X,
        model("title: \"Đối thoại\"\nunit: \"UBND huyện Sóc Sơn\"\nyear: 1850\nfield: \"Tiếp công dân\""),
    );
    let message = format!(
        "content/models/x.md:4:7: error: year must be a number between 1900 and {}, found 1850",
        next_year()
    );
    site.build_fails(
        &before,
        &[
            &message,
            "  hint: write the year the model was recognised, e.g. `year: 2024`",
        ],
        "0 warnings, 1 error",
    );
}

#[test]
fn year_as_a_string_of_digits_is_accepted() {
    let site = Site::new();
    site.file(
        X,
        model("title: \"Đối thoại\"\nunit: \"UBND huyện Sóc Sơn\"\nyear: \"2023\"\nfield: \"Tiếp công dân\""),
    );
    site.build_ok();
    assert!(site.exists("public/nam/2023/index.html"));
}

#[test]
fn missing_required_key_is_an_error() {
    let (site, before) = Site::built();
    site.file(
        X,
        model("title: \"Đối thoại\"\nyear: 2022\nfield: \"Tiếp công dân\""),
    );
    site.build_fails(
        &before,
        &[
            "content/models/x.md:1:1: error: missing required key `unit`",
            "  hint: add a line to the front matter: `unit: \"Sở Tài nguyên và Môi trường Hà Nội\"`",
        ],
        "0 warnings, 1 error",
    );
}

#[test]
fn unknown_key_is_a_warning_with_did_you_mean_and_the_build_succeeds() {
    let site = Site::valid();
    site.file(
        X,
        model("title: \"Đối thoại\"\nunit: \"UBND huyện Sóc Sơn\"\nyear: 2022\nyaer: 2022\nfield: \"Tiếp công dân\""),
    );
    let run = site.kheo(&["build"]);
    run.assert_code(0);
    assert_eq!(
        run.diagnostics(),
        [
            "content/models/x.md:5:1: warning: unknown key `yaer` is ignored",
            "  hint: did you mean `year`?",
        ]
    );
    assert!(
        run.summary().starts_with("built 2 models and "),
        "{}",
        run.summary()
    );
    assert!(
        run.summary().ends_with("; 1 warning, 0 errors"),
        "{}",
        run.summary()
    );
    assert!(site.exists("public/mo-hinh/x/index.html"));
}

#[test]
fn bad_date_format_is_an_error() {
    let (site, before) = Site::built();
    site.file(
        X,
        model("title: \"Đối thoại\"\nunit: \"UBND huyện Sóc Sơn\"\nyear: 2022\nfield: \"Tiếp công dân\"\ndate: 06/03/2024"),
    );
    site.build_fails(
        &before,
        &[
            "content/models/x.md:6:7: error: date must be a date written YYYY-MM-DD, found \"06/03/2024\"",
            "  hint: write e.g. `date: 2024-03-06` for 6 March 2024",
        ],
        "0 warnings, 1 error",
    );
}

#[test]
fn slug_climbing_out_of_the_output_is_rejected() {
    let (site, before) = Site::built();
    site.file(
        X,
        model("title: \"Đối thoại\"\nunit: \"UBND huyện Sóc Sơn\"\nyear: 2022\nfield: \"Tiếp công dân\"\nslug: \"../../x\""),
    );
    site.build_fails(
        &before,
        &[
            "content/models/x.md:6:7: error: slug `../../x` is not allowed: a slug has only a–z, 0–9 and '-'",
            "  hint: write `slug: x`",
        ],
        "0 warnings, 1 error",
    );
    assert!(!site.exists("x"), "wrote outside the output folder");
}

#[test]
fn two_models_with_one_slug_name_both_files() {
    let (site, before) = Site::built();
    site.file(
        X,
        model("title: \"Đối thoại\"\nunit: \"UBND huyện Sóc Sơn\"\nyear: 2022\nfield: \"Tiếp công dân\"\nslug: \"tiep-cong-dan\""),
    );
    site.build_fails(
        &before,
        &[
            "content/models/x.md:6:7: error: two models have the slug `tiep-cong-dan`: `content/models/tiep-cong-dan.md` and `content/models/x.md`",
            "  hint: give one of them its own `slug:` in the front matter, or rename one file",
        ],
        "0 warnings, 1 error",
    );
}

#[test]
fn editor_backups_and_hidden_files_are_ignored() {
    let site = Site::valid();
    for name in [".hidden.md", "x.md~", ".#x.md", "x.md.swp", ".trash/y.md"] {
        site.file(&format!("content/models/{name}"), "not a model at all");
    }
    let run = site.kheo(&["build"]);
    run.assert_code(0);
    assert_eq!(run.diagnostics(), Vec::<&str>::new());
    assert!(
        run.summary().starts_with("built 1 model and "),
        "{}",
        run.summary()
    );
    let models: Vec<String> = site
        .snapshot_public()
        .into_keys()
        .filter(|p| p.starts_with("mo-hinh/"))
        .collect();
    assert_eq!(models, ["mo-hinh/tiep-cong-dan/index.html"]);
}

#[test]
fn script_link_is_an_error_and_never_published() {
    let (site, before) = Site::built();
    site.file(
        X,
        "---\ntitle: \"Đối thoại\"\nunit: \"UBND huyện Sóc Sơn\"\nyear: 2022\nfield: \"Tiếp công dân\"\n---\nXem [bấm vào đây](javascript:alert(1)).\n",
    );
    site.build_fails(
        &before,
        &[
            "content/models/x.md:7:5: error: link `javascript:alert(1)` is not allowed: only http, https, mailto and tel addresses are published",
            "  hint: `javascript:` addresses can run code in the reader's browser; link to a web page (`https://…`), an e-mail address (`mailto:…`), a phone number (`tel:…`) or a file of the site. If the text was pasted from Word, remove this link and add it again by hand",
        ],
        "0 warnings, 1 error",
    );
}

#[test]
fn image_pasted_from_word_as_data_is_an_error_saying_to_save_it_as_a_file() {
    let (site, before) = Site::built();
    site.file(
        X,
        "---\ntitle: \"Đối thoại\"\nunit: \"UBND huyện Sóc Sơn\"\nyear: 2022\nfield: \"Tiếp công dân\"\n---\n![Buổi đối thoại](data:image/png;base64,iVBORw0KGgo=)\n",
    );
    site.build_fails(
        &before,
        &[
            "content/models/x.md:7:1: error: image `data:image/png;base64,iVBORw0KGgo=` is not allowed: only http, https, mailto and tel addresses are published",
            "  hint: the picture is pasted inside the text (this happens when copying from Word): save it as a file next to this model and write `![mô tả](anh.jpg)`",
        ],
        "0 warnings, 1 error",
    );
}

#[test]
fn content_files_kheo_cannot_publish_get_a_warning_saying_what_to_do() {
    let site = Site::valid();
    for name in [
        "content/models/b.MD",
        "content/models/c.markdown",
        "content/lac.md",
        "content/pages/sub/x.md",
    ] {
        site.file(name, VALID_MODEL);
    }
    site.file("content/models/bao-cao.docx", b"PK\x03\x04 not text");
    // Files next to the write-ups, a linked download, Word's lock file and the booklet's foreword stay silent.
    site.file("content/models/anh/hop-dan.jpg", b"\xFF\xD8\xFF");
    site.file("content/models/so-do.svg", "<svg/>");
    site.file("content/models/quy-che.pdf", "%PDF-1.4");
    site.file("content/models/~$o-cao.docx", "lock");
    site.file("content/pages/anh/x.png", b"\x89PNG");
    site.file(
        "content/booklet/foreword.md",
        "---\ntitle: \"Lời nói đầu\"\n---\nA\n",
    );
    site.file("content/models/tai-lieu.docx", b"PK\x03\x04");
    site.file(
        "content/models/d.md",
        "---\ntitle: \"Có tài liệu\"\nunit: \"UBND huyện Sóc Sơn\"\nyear: 2022\nfield: \"Tiếp công dân\"\n---\nNội dung. [Tải quy chế](tai-lieu.docx)\n",
    );
    let run = site.kheo(&["build"]);
    run.assert_code(0);
    assert_eq!(
        run.diagnostics(),
        [
            "content/lac.md: warning: file not published: kheo reads models from `content/models/`, pages from `content/pages/` (not its sub-folders) and the home intro from `content/_index.md`",
            "  hint: move it to `content/models/lac.md` if it is a model, or to `content/pages/lac.md` if it is a page",
            "content/models/b.MD: warning: file not published: kheo reads only Markdown files whose name ends in `.md`",
            "  hint: rename it to `b.md`",
            "content/models/bao-cao.docx: warning: file not published: kheo cannot read Word documents, only Markdown files ending in `.md`",
            "  hint: make a model with `kheo new` and paste the text into it (or in Word: File → Save As → Plain Text, encoding UTF-8, then rename the file to `bao-cao.md` and add the front matter); to offer the document for download, link to it from a model, e.g. `[tải về](bao-cao.docx)`",
            "content/models/c.markdown: warning: file not published: kheo reads only Markdown files whose name ends in `.md`",
            "  hint: rename it to `c.md`",
            "content/pages/sub/x.md: warning: file not published: kheo reads models from `content/models/`, pages from `content/pages/` (not its sub-folders) and the home intro from `content/_index.md`",
            "  hint: move it to `content/models/x.md` if it is a model, or to `content/pages/x.md` if it is a page",
        ]
    );
    assert!(
        run.summary().starts_with("built 2 models and "),
        "{}",
        run.summary()
    );
    assert!(
        run.summary().ends_with("; 5 warnings, 0 errors"),
        "{}",
        run.summary()
    );
    assert!(site.exists("public/mo-hinh/d/tai-lieu.docx"));
}

#[test]
fn page_without_front_matter_is_told_to_add_only_a_title() {
    let (site, before) = Site::built();
    site.file(
        "content/pages/gioi-thieu.md",
        "# Giới thiệu\n\nBan Dân vận.\n",
    );
    site.file("content/_index.md", "");
    site.build_fails(
        &before,
        &[
            "content/_index.md: error: file is empty",
            "  hint: start it with front matter (a line `---`, then a title if you want one, e.g. `title: \"Mô hình Dân vận khéo\"`, then `---`) and the text, or delete the file",
            "content/pages/gioi-thieu.md:1:1: error: missing front matter: the first line must be `---`",
            "  hint: start the file with a line `---`, then its title, e.g. `title: \"Giới thiệu\"`, then a closing line `---`",
        ],
        "0 warnings, 2 errors",
    );
}

#[test]
fn repeated_key_points_at_its_second_line() {
    let (site, before) = Site::built();
    site.file(
        X,
        model("title: \"Đối thoại\"\nunit: \"UBND huyện Sóc Sơn\"\nyear: 2022\ntitle: \"Đối thoại với dân\"\nfield: \"Tiếp công dân\""),
    );
    site.build_fails(
        &before,
        &[
            "content/models/x.md:5:1: error: invalid front matter: the key `title` is written twice",
            "  hint: remove one of them: each key may appear only once",
        ],
        "0 warnings, 1 error",
    );
}

#[test]
fn unclosed_quote_points_at_the_quote_not_the_closing_fence() {
    let (site, before) = Site::built();
    site.file(
        X,
        model("title: \"Đối thoại\nunit: \"UBND huyện Sóc Sơn\"\nyear: 2022\nfield: \"Tiếp công dân\""),
    );
    site.build_fails(
        &before,
        &[
            "content/models/x.md:2:8: error: invalid front matter: the quote \" that starts this value is never closed",
            "  hint: end the value with the same quote mark on the same line, e.g. `title: \"Dân vận khéo\"`; to write a quote inside the value, use the other kind around it: `title: 'Mô hình \"Dân vận khéo\"'`",
        ],
        "0 warnings, 1 error",
    );
    // The last value: serde_yaml reports the end of the text, the closing `---`.
    site.file(
        X,
        model("title: \"Đối thoại\"\nunit: \"UBND huyện Sóc Sơn\"\nyear: 2022\nfield: \"Tiếp công dân"),
    );
    site.build_fails(
        &before,
        &[
            "content/models/x.md:5:8: error: invalid front matter: the quote \" that starts this value is never closed",
            "  hint: end the value with the same quote mark on the same line, e.g. `title: \"Dân vận khéo\"`; to write a quote inside the value, use the other kind around it: `title: 'Mô hình \"Dân vận khéo\"'`",
        ],
        "0 warnings, 1 error",
    );
}

#[test]
fn colon_in_an_unquoted_value_says_to_quote_it() {
    let (site, before) = Site::built();
    site.file(
        X,
        model("title: Dân vận khéo: đối thoại với dân\nunit: \"UBND huyện Sóc Sơn\"\nyear: 2022\nfield: \"Tiếp công dân\""),
    );
    site.build_fails(
        &before,
        &[
            "content/models/x.md:2:20: error: invalid front matter: text containing `: ` must be in quotes",
            "  hint: put the whole value in double quotes: `title: \"Dân vận khéo: đối thoại với dân\"`",
        ],
        "0 warnings, 1 error",
    );
}

/// Every diagnostic of a build by `kheo serve`'s builder, whose diagnostics
/// the preview's overlay shows.
fn serve_diagnostics(site: &Site) -> Vec<kheo::diagnostic::Diagnostic> {
    let mut builder = kheo::serve::Builder::new(site.path(), false, "http://127.0.0.1:1".into());
    let (report, _) = builder.build(true);
    report.diagnostics.sorted().into_iter().cloned().collect()
}

#[test]
fn every_diagnostic_of_a_site_full_of_mistakes_is_in_vietnamese_too() {
    // Mistakes of front matter, of values, of slugs and of files.
    let site = Site::valid();
    site.file(
        X,
        "---\ntitle: \"Đối thoại\nunit: x\nyear: 2022\n---\nBài.\n",
    );
    site.file(
        "content/models/y.md",
        model("title: \"Đối thoại\"\nunit: \"UBND huyện Sóc Sơn\"\nyear: 1850\nyaer: 2022\nfield: \"Tiếp công dân\"\ndate: 06/03/2024"),
    );
    site.file(
        "content/models/z.md",
        model("title: \"Z\"\nyear: \"2021-2024\""),
    );
    for folder in ["ha-noi", "hue"] {
        site.file(
            &format!("content/models/{folder}/trung.md"),
            model(&format!(
                "title: \"{folder}\"\nunit: \"U\"\nyear: 2022\nfield: \"F\""
            )),
        );
    }
    site.file("content/models/bao-cao.docx", "PK");
    site.file("content/pages/a.md", "Chưa có phần thông tin.\n");
    let mut ds = serve_diagnostics(&site);

    // Mistakes in the text: links, images, HTML.
    let site = Site::valid();
    site.file(
        X,
        model("title: \"Đối thoại\"\nunit: \"UBND huyện Sóc Sơn\"\nyear: 2022\nfield: \"Tiếp công dân\"")
            .replace(
                "Nội dung mô hình.",
                "Xem [mô hình](khong-co.md), [trang](/khong-co/) và [mã](javascript:alert(1)).\n\n![Ảnh](anh/khong-co.jpg) ![](https://example.org/a.jpg)\n\n<b>đậm</b>\n",
            ),
    );
    ds.extend(serve_diagnostics(&site));

    // Mistakes in site.yaml, and in a template.
    let site = Site::valid();
    site.file("site.yaml", "title: x\npage_size: abc\n");
    ds.extend(serve_diagnostics(&site));
    let site = Site::valid();
    site.file("site.yaml", "titel: x\n");
    ds.extend(serve_diagnostics(&site));
    let site = Site::valid();
    site.file(
        "templates/model.html",
        "{% extends \"base.html\" %}\n{% block main %}{{ model.title }\n{% endblock %}\n",
    );
    ds.extend(serve_diagnostics(&site));

    let messages: Vec<&str> = ds.iter().map(|d| d.message.as_str()).collect();
    for kind in [
        "invalid front matter: the quote",
        "year must be a number between 1900 and",
        "unknown key `yaer` is ignored",
        "date must be a date written YYYY-MM-DD",
        "missing required key `unit`",
        "two models have the slug `trung`",
        "file not published: kheo cannot read Word documents",
        "missing front matter",
        "broken link `khong-co.md`",
        "broken link `/khong-co/`",
        "link `javascript:alert(1)` is not allowed",
        "broken image `anh/khong-co.jpg`",
        "image `https://example.org/a.jpg` is on another website",
        "image has no description",
        "raw HTML is shown as text",
        "invalid site.yaml: `page_size` must be a whole number",
        "invalid site.yaml: unknown field `titel`",
        "template error: syntax error",
    ] {
        assert!(
            messages.iter().any(|m| m.starts_with(kind)),
            "no diagnostic starts with {kind:?}: {messages:#?}"
        );
    }
    for d in &ds {
        let vi = d.message_vi.trim();
        assert!(!vi.is_empty() && vi != d.message, "{d:?}");
        let (hint, hint_vi) = (d.hint.as_deref(), d.hint_vi.as_deref());
        assert!(
            hint.is_some(),
            "every one of these says how to fix it: {d:?}"
        );
        assert!(
            hint_vi.is_some_and(|h| !h.trim().is_empty() && Some(h) != hint),
            "{d:?}"
        );
        assert_eq!(d.notes.len(), d.notes_vi.len(), "{d:?}");
        // Written for an editor: Vietnamese words, and the hint says what to do.
        assert!(has_vietnamese_words(vi), "{d:?}");
        assert!(
            hint_vi.is_some_and(|h| h.to_lowercase().contains("hãy")),
            "the hint says what to do (\"hãy …\"): {d:?}"
        );
    }
}

/// Whether `text`, outside its `code` and "quoted" parts (keys, values,
/// paths, which stay as written), has a letter with a Vietnamese diacritic.
fn has_vietnamese_words(text: &str) -> bool {
    let mut inside: Option<char> = None;
    text.chars().any(|c| match inside {
        Some(close) => {
            if c == close {
                inside = None;
            }
            false
        }
        None if c == '`' || c == '"' => {
            inside = Some(c);
            false
        }
        None => ('À'..='ỹ').contains(&c),
    })
}
