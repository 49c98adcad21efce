//! The booklet through the real binary: `kheo build` writes `so-tay/` (PDF,
//! EPUB, print page), `kheo booklet` one format for a selection.
//!
//! The PDF is read back with poppler's `pdftotext`, `pdffonts`, `pdfinfo`
//! and `pdftohtml` (Debian `poppler-utils`), the EPUB with `epubcheck`; CI
//! installs them. Where a tool is missing the test says so and checks what
//! it can without it.

mod common;

use std::collections::HashSet;
use std::path::Path;
use std::process::Command;

use common::Site;

/// Runs a tool; None when it is not installed.
fn tool(name: &str, args: &[&str]) -> Option<String> {
    match Command::new(name).args(args).output() {
        Ok(out) => {
            assert!(
                out.status.success(),
                "{name} {args:?} failed:\n{}{}",
                String::from_utf8_lossy(&out.stdout),
                String::from_utf8_lossy(&out.stderr)
            );
            Some(String::from_utf8_lossy(&out.stdout).into_owned())
        }
        Err(_) => {
            eprintln!(
                "note: {name} is not installed; install poppler-utils/epubcheck to run this check"
            );
            None
        }
    }
}

/// A checker is missing: a note locally, a failure in CI (which installs them all).
fn missing(name: &str) {
    assert!(
        std::env::var("CI").as_deref() != Ok("true"),
        "{name} is not installed, but CI must run this check"
    );
    eprintln!(
        "note: {name} is not installed; install poppler-utils and epubcheck to run this check"
    );
}

fn path_str(p: &Path) -> &str {
    p.to_str().expect("temporary paths are UTF-8")
}

/// Text of a PDF, with pdftotext's layout-free reading order.
fn pdf_text(pdf: &Path) -> Option<String> {
    tool("pdftotext", &["-enc", "UTF-8", path_str(pdf), "-"])
}

/// A site of four models in three fields, a foreword, and one model whose body is hostile.
fn booklet_site() -> Site {
    let site = Site::new();
    site.file(
        "site.yaml",
        "title: \"Dân vận khéo\"\nbase_url: \"https://example.org\"\nbooklet:\n  subtitle: \"Tuyển chọn mô hình tiêu biểu\"\n  publisher: \"Ban Dân vận Tỉnh ủy\"\n  place: \"Lâm Đồng\"\n  year: 2024\n  chapters: [\"Tiếp công dân\"]\n",
    );
    site.file(
        "content/booklet/foreword.md",
        "---\ntitle: \"Lời giới thiệu\"\n---\nCuốn sổ tay tập hợp các mô hình “Dân vận khéo” tiêu biểu.\n",
    );
    site.file(
        "content/models/tiep-dan.md",
        "---\ntitle: \"Tiếp công dân bằng sự lắng nghe\"\nunit: \"Thanh tra tỉnh Lâm Đồng\"\nyear: 2022\nfield: \"Tiếp công dân\"\nlocality: \"Lâm Đồng\"\nlevel: \"cấp tỉnh\"\naward: \"Bằng khen của Chủ tịch UBND tỉnh\"\n---\nMỗi buổi tiếp dân đều có biên bản. Xem thêm [đối thoại ở Sóc Sơn](doi-thoai.md).\n\n## Kết quả\n\nGiải quyết dứt điểm 208 đơn.\n",
    );
    site.file(
        "content/models/doi-thoai.md",
        "---\ntitle: \"Đối thoại định kỳ với Nhân dân\"\nunit: \"Huyện ủy Sóc Sơn\"\nyear: 2023\nfield: \"Đối thoại với Nhân dân\"\nlocality: \"Hà Nội\"\n---\nHuyện tổ chức 81 cuộc đối thoại trực tiếp.\n\n## Kết quả\n\nNgười dân đồng thuận.\n",
    );
    site.file(
        "content/models/vanh-dai.md",
        "---\ntitle: \"Giải phóng mặt bằng đường Vành đai 4\"\nunit: \"Sở Tài nguyên và Môi trường Hà Nội\"\nyear: 2023\nfield: \"Giải phóng mặt bằng\"\n---\nVận động 1.041 hộ dân bàn giao mặt bằng.\n",
    );
    site.file(
        "content/models/hostile.md",
        "---\ntitle: \"Ưu tiên người cao tuổi ở Ô Chợ Dừa\"\nunit: \"Ủy ban nhân dân phường Ô Chợ Dừa\"\nyear: 2021\nfield: \"Tiếp công dân\"\n---\n# Tiêu đề #hashtag $x^2$ @nhắc *không đóng _gạch\n\nCông thức $a + b$ và ký hiệu @ref <không-phải-thẻ> \\#include `#set page(\"a3\")` // không phải chú thích\n\nTừrấtdàikhôngcókhoảngtrắngTừrấtdàikhôngcókhoảngtrắngTừrấtdàikhôngcókhoảngtrắngTừrấtdàikhôngcókhoảngtrắng\n\n| Cột #1 | Cột $2 |\n|:--|--:|\n| `]` [ | ) \" \\ |\n\n- một\n  - hai\n    1. ba\n- bốn[^ghi]\n\n> Trích dẫn có **đậm** và ~~gạch~~.\n\n```\n#let x = 1\n```\n\n[^ghi]: Chú thích #1.\n",
    );
    site
}

#[test]
fn build_writes_pdf_epub_and_print_page() {
    let site = booklet_site();
    let run = site.kheo(&["build"]);
    run.assert_code(0);
    let pdf = site.join("public/so-tay/dan-van-kheo.pdf");
    let epub = site.join("public/so-tay/dan-van-kheo.epub");
    assert!(pdf.is_file() && epub.is_file(), "{}", run.stderr);
    let bytes = std::fs::read(&pdf).expect("the PDF");
    assert!(bytes.starts_with(b"%PDF-"));
    // The document language, for screen readers and hyphenation.
    assert!(bytes.windows(9).any(|w| w == b"/Lang(vi)"), "no /Lang(vi)");

    // The print page: every model, ids unique, links between models in-page.
    let page = site.read("public/so-tay/index.html");
    for title in [
        "Tiếp công dân bằng sự lắng nghe",
        "Đối thoại định kỳ với Nhân dân",
        "Giải phóng mặt bằng đường Vành đai 4",
        "Ưu tiên người cao tuổi ở Ô Chợ Dừa",
    ] {
        assert!(page.contains(title), "print page lacks {title}");
    }
    assert!(page.contains("<a href=\"#m-doi-thoai\">đối thoại ở Sóc Sơn</a>"));
    let mut ids = HashSet::new();
    for part in page.split(" id=\"").skip(1) {
        let id = &part[..part.find('"').expect("closed attribute")];
        assert!(ids.insert(id.to_owned()), "duplicate id {id}");
    }
    // Two models have a "Kết quả" heading: their ids differ.
    assert!(ids.contains("m-tiep-dan--ket-qua") && ids.contains("m-doi-thoai--ket-qua"));
    assert!(page.contains("size: A5"));
    assert!(page.contains("so-tay/dan-van-kheo.pdf") && page.contains("so-tay/dan-van-kheo.epub"));
    // Hostile text is text.
    assert!(page.contains("&lt;không-phải-thẻ&gt;"));

    let Some(text) = pdf_text(&pdf) else { return };
    // Lines wrap anywhere: compare with white space collapsed.
    let flat = text.split_whitespace().collect::<Vec<_>>().join(" ");
    for needle in [
        "Dân vận khéo",
        "Tuyển chọn mô hình tiêu biểu",
        "BAN DÂN VẬN TỈNH ỦY",
        "Lâm Đồng, 2024",
        "Lời giới thiệu",
        "Mục lục",
        "Tiếp công dân bằng sự lắng nghe",
        "Thanh tra tỉnh Lâm Đồng",
        "Bằng khen của Chủ tịch UBND tỉnh",
        "Huyện ủy Sóc Sơn",
        "Sở Tài nguyên và Môi trường Hà Nội",
        "Ủy ban nhân dân phường Ô Chợ Dừa",
        "Chỉ mục đơn vị",
        "Thông tin xuất bản",
        // Hostile Markdown comes out as text.
        "#hashtag",
        "$a + b$",
        "@ref",
        "<không-phải-thẻ>",
        "#set page(\"a3\")",
        "// không phải chú thích",
        "Chú thích #1.",
        "#let x = 1",
    ] {
        assert!(
            flat.contains(needle),
            "the PDF text lacks {needle:?}:\n{text}"
        );
    }
    // NFC, exactly as written: no decomposed marks.
    assert!(!text.contains('\u{301}') && !text.contains('\u{323}'));
    // Chapters: "Tiếp công dân" first (booklet.chapters), then Vietnamese order: Đối thoại < Giải phóng.
    // A chapter opens a page (pdftotext ends pages with a form feed), without running header.
    let at = |s: &str| {
        text.find(&format!("\u{c}{s}\n"))
            .unwrap_or_else(|| panic!("no page opens with chapter {s}"))
    };
    let chapters = [
        at("Tiếp công dân"),
        at("Đối thoại với Nhân dân"),
        at("Giải phóng mặt bằng"),
    ];
    assert!(chapters.windows(2).all(|w| w[0] < w[1]), "{chapters:?}");
    // Inside a chapter: year descending.
    let chapter = &text[chapters[0]..chapters[1]];
    let newer = chapter
        .find("Tiếp công dân bằng sự lắng nghe")
        .expect("2022 model");
    let older = chapter.find("Ưu tiên người cao tuổi").expect("2021 model");
    assert!(newer < older, "year descending inside a chapter");

    let info = tool("pdfinfo", &[path_str(&pdf)]).expect("pdfinfo comes with pdftotext");
    assert!(info.contains("Title:           Dân vận khéo"), "{info}");
    assert!(
        info.contains("Author:          Ban Dân vận Tỉnh ủy"),
        "{info}"
    );
    assert!(
        info.contains("Page size:       419.528 x 595.276 pts"),
        "A5: {info}"
    );
    let pages: usize = info
        .lines()
        .find_map(|l| l.strip_prefix("Pages:"))
        .and_then(|n| n.trim().parse().ok())
        .expect("page count");
    assert!((8..=40).contains(&pages), "{pages} pages");

    let fonts = tool("pdffonts", &[path_str(&pdf)]).expect("pdffonts");
    let rows: Vec<&str> = fonts.lines().skip(2).collect();
    assert!(!rows.is_empty());
    for row in rows {
        let cols: Vec<&str> = row.split_whitespace().collect();
        // name type encoding emb sub uni object ID: emb is the fourth column from the right.
        assert_eq!(cols[cols.len() - 5], "yes", "font not embedded: {row}");
    }

    // The outline (bookmarks) lists chapters and models.
    let xml = tool(
        "pdftohtml",
        &["-xml", "-i", "-stdout", "-q", path_str(&pdf)],
    )
    .expect("pdftohtml");
    let outline = &xml[xml.find("<outline>").expect("the PDF has an outline")..];
    for item in [
        "Tiếp công dân",
        "Đối thoại định kỳ với Nhân dân",
        "Chỉ mục đơn vị",
    ] {
        assert!(outline.contains(item), "outline lacks {item}");
    }
}

#[test]
fn filtered_booklet_holds_exactly_the_selection() {
    let site = booklet_site();
    let out = site.join("nam-2023.pdf");
    let run = site.kheo(&["booklet", "--year", "2023", "--out", path_str(&out)]);
    run.assert_code(0);
    assert!(run.stderr.contains("2 models"), "{}", run.stderr);
    let Some(text) = pdf_text(&out) else { return };
    assert!(text.contains("Đối thoại định kỳ với Nhân dân"));
    assert!(text.contains("Giải phóng mặt bằng đường Vành đai 4"));
    assert!(!text.contains("Tiếp công dân bằng sự lắng nghe"));
    assert!(!text.contains("Ưu tiên người cao tuổi"));

    let run = site.kheo(&[
        "booklet",
        "--field",
        "tiep cong dan",
        "--format",
        "html",
        "--out",
        path_str(&site.join("x.html")),
    ]);
    run.assert_code(0);
    let html = site.read("x.html");
    assert!(html.contains("Tiếp công dân bằng sự lắng nghe") && !html.contains("Vành đai 4"));

    let run = site.kheo(&["booklet", "--year", "1999"]);
    run.assert_code(1);
    run.assert_stderr_line("error: no model matches the selection, so there is no booklet to make");
}

#[test]
fn epub_passes_epubcheck() {
    let site = booklet_site();
    let out = site.join("so-tay.epub");
    site.kheo(&["booklet", "--format", "epub", "--out", path_str(&out)])
        .assert_code(0);
    let bytes = std::fs::read(&out).expect("the EPUB");
    assert!(bytes.starts_with(b"PK"));
    // Debian's `epubcheck` is the jar itself, run through binfmt where that is set up.
    let jar = Path::new("/usr/share/java/epubcheck.jar");
    let checked = if jar.is_file() {
        Command::new("java").arg("-jar").arg(jar).arg(&out).output()
    } else {
        Command::new("epubcheck").arg(&out).output()
    };
    if let Ok(o) = checked {
        let report = format!(
            "{}{}",
            String::from_utf8_lossy(&o.stdout),
            String::from_utf8_lossy(&o.stderr)
        );
        assert!(o.status.success(), "epubcheck:\n{report}");
        assert!(
            report.contains("No errors or warnings detected"),
            "epubcheck:\n{report}"
        );
    } else {
        missing("epubcheck");
    }
}

#[test]
fn a4_paper_and_no_booklet() {
    let site = booklet_site();
    let yaml = site
        .read("site.yaml")
        .replace("booklet:\n", "booklet:\n  paper: a4\n");
    site.file("site.yaml", yaml);
    site.kheo(&["build"]).assert_code(0);
    let pdf = site.join("public/so-tay/dan-van-kheo.pdf");
    if let Some(info) = tool("pdfinfo", &[path_str(&pdf)]) {
        assert!(
            info.contains("Page size:       595.276 x 841.89 pts"),
            "A4: {info}"
        );
    }
    assert!(site.read("public/so-tay/index.html").contains("size: A4"));
    site.kheo(&["build", "--no-booklet"]).assert_code(0);
    assert!(!site.exists("public/so-tay"));
    // Without the booklet, no page links to it.
    assert!(!site.read("public/index.html").contains("/so-tay/"));
}

#[test]
fn booklet_false_and_drafts_are_left_out() {
    let site = booklet_site();
    site.file(
        "content/models/ngoai.md",
        "---\ntitle: \"Mô hình không in\"\nunit: \"Xã Tân Phong\"\nyear: 2023\nfield: \"Giải phóng mặt bằng\"\nbooklet: false\n---\nNội dung.\n",
    );
    site.file(
        "content/models/nhap.md",
        "---\ntitle: \"Bản nháp chưa duyệt\"\nunit: \"Xã Tân Phong\"\nyear: 2023\nfield: \"Giải phóng mặt bằng\"\ndraft: true\n---\nNội dung.\n",
    );
    site.kheo(&["build", "--drafts"]).assert_code(0);
    let page = site.read("public/so-tay/index.html");
    assert!(!page.contains("Mô hình không in") && !page.contains("Bản nháp chưa duyệt"));
    // The site itself still shows both.
    assert!(
        site.exists("public/mo-hinh/ngoai/index.html")
            && site.exists("public/mo-hinh/nhap/index.html")
    );
}

#[test]
fn a_broken_booklet_template_names_the_file() {
    let site = booklet_site();
    site.build_ok();
    site.file("templates/booklet.typ", "#let booklet(meta, body) = {\n  set text(font: \"Noto Serif\")\n  body\n}\n#let cover(meta) = undefined-function()\n");
    let before = site.snapshot_public();
    let run = site.kheo(&["build"]);
    run.assert_code(1);
    assert!(
        run.stderr
            .lines()
            .any(|l| l.starts_with("templates/booklet.typ:5:")
                && l.contains("booklet typesetting error")),
        "{}",
        run.stderr
    );
    site.assert_public_unchanged(&before);
}

#[test]
fn a_selection_past_max_models_is_split_into_volumes() {
    let site = booklet_site();
    let yaml = site
        .read("site.yaml")
        .replace("booklet:\n", "booklet:\n  max_models: 1\n");
    site.file("site.yaml", yaml);
    site.kheo(&["build"]).assert_code(0);
    // One model a year, except 2023 with two fields: split by field.
    let volumes = [
        "dan-van-kheo-2023-doi-thoai-voi-nhan-dan",
        "dan-van-kheo-2023-giai-phong-mat-bang",
        "dan-van-kheo-2022",
        "dan-van-kheo-2021",
    ];
    let list = site.read("public/so-tay/index.html");
    let mut last = 0;
    for v in volumes {
        assert!(site.exists(&format!("public/so-tay/{v}.pdf")), "{v}.pdf");
        assert!(site.exists(&format!("public/so-tay/{v}.epub")), "{v}.epub");
        let page = site.read(&format!("public/so-tay/{v}/index.html"));
        assert_eq!(page.matches("class=\"bk-model\"").count(), 1, "{v}");
        let at = list
            .find(&format!("/so-tay/{v}/"))
            .unwrap_or_else(|| panic!("{v} not listed"));
        assert!(at > last, "volumes newest first");
        last = at;
    }
    assert!(list.contains("2023 – Giải phóng mặt bằng"));
    assert!(!site.exists("public/so-tay/dan-van-kheo.pdf"));
    // `kheo booklet` makes the one book asked for, however large.
    let out = site.join("all.pdf");
    let run = site.kheo(&["booklet", "--out", path_str(&out)]);
    run.assert_code(0);
    assert!(run.stderr.contains("4 models"), "{}", run.stderr);
}

#[test]
fn weight_orders_models_and_body_pictures_are_placed() {
    let site = booklet_site();
    // The 2021 model comes before the 2022 one of its chapter when it weighs less.
    let hostile = site.read("content/models/hostile.md").replace(
        "field: \"Tiếp công dân\"\n",
        "field: \"Tiếp công dân\"\nweight: -1\n",
    );
    site.file("content/models/hostile.md", hostile);
    // A real 1×1 PNG in the body of another model.
    site.file(
        "content/models/anh/hop.png",
        b"\x89\x50\x4e\x47\x0d\x0a\x1a\x0a\x00\x00\x00\x0d\x49\x48\x44\x52\x00\x00\x00\x01\x00\x00\x00\x01\x08\x02\x00\x00\x00\x90\x77\x53\xde\x00\x00\x00\x0c\x49\x44\x41\x54\x78\x9c\x63\xf8\xff\xff\x3f\x00\x05\xfe\x02\xfe\x0d\xef\x46\xb8\x00\x00\x00\x00\x49\x45\x4e\x44\xae\x42\x60\x82",
    );
    let body = site.read("content/models/vanh-dai.md") + "\n![Buổi họp dân](anh/hop.png)\n";
    site.file("content/models/vanh-dai.md", body);
    site.kheo(&["build"]).assert_code(0);
    let page = site.read("public/so-tay/index.html");
    let light = page.find("Ưu tiên người cao tuổi").expect("weighted model");
    let heavy = page.find("id=\"m-tiep-dan\"").expect("2022 model");
    assert!(light < heavy, "weight -1 comes first");
    assert!(page.contains("<img src=\"/so-tay/img/vanh-dai/anh-hop.png\" alt=\"Buổi họp dân\" />"));
    assert!(site.exists("public/so-tay/img/vanh-dai/anh-hop.png"));
    // The picture is in the PDF: it has an image XObject.
    let pdf = std::fs::read(site.join("public/so-tay/dan-van-kheo.pdf")).expect("the PDF");
    assert!(
        pdf.windows(14).any(|w| w == b"/Subtype/Image"),
        "no image in the PDF"
    );
}
