//! The reader's site as the built files show it: Open Graph, canonical and
//! JSON-LD on model pages, cover images, breadcrumbs and previous/next, the
//! home and 404 pages, `rel=prev/next` on paginated term pages, per-field
//! feeds, robots.txt, page weights, the print stylesheet and the English UI.
//! What only a browser shows (layout, axe-core, print media) is in
//! tests/browser/.

mod common;

use std::path::Path;

use common::{Site, copy_dir};

/// `tests/fixtures/registry`, built: `page_size: 2`, three models in
/// "Dân chủ ở cơ sở" (in this order: dan-chu, doi-thoai, uy-tin).
fn registry() -> Site {
    let site = Site::fixture("registry");
    site.build_ok();
    site
}

/// `tests/fixtures/english` (`language: en`), built.
fn english() -> Site {
    let site = Site::fixture("english");
    site.build_ok();
    site
}

/// The `content` of `<meta property="…">` or `<meta name="…">`.
fn meta<'a>(html: &'a str, key: &str) -> Option<&'a str> {
    ["property", "name"].iter().find_map(|attr| {
        let start = format!("<meta {attr}=\"{key}\" content=\"");
        let i = html.find(&start)? + start.len();
        Some(&html[i..i + html[i..].find('"')?])
    })
}

/// The JSON-LD block of a page, parsed.
fn json_ld(html: &str) -> serde_json::Value {
    let start = "<script type=\"application/ld+json\">";
    let i = html.find(start).expect("a JSON-LD block") + start.len();
    let end = html[i..].find("</script>").expect("its end");
    serde_json::from_str(&html[i..i + end]).expect("JSON-LD parses")
}

/// Asserts that the parts occur in `html` in this order.
fn assert_in_order(html: &str, parts: &[&str]) {
    let mut at = 0;
    for part in parts {
        match html[at..].find(part) {
            Some(i) => at += i + part.len(),
            None => panic!("missing (or out of order): {part}\nin:\n{html}"),
        }
    }
}

/// The text between the first `open` and the next `close` after it.
fn between<'a>(html: &'a str, open: &str, close: &str) -> &'a str {
    let i = html.find(open).unwrap_or_else(|| panic!("no {open}")) + open.len();
    let end = html[i..]
        .find(close)
        .unwrap_or_else(|| panic!("no {close}"));
    &html[i..i + end]
}

#[test]
fn model_page_has_open_graph_canonical_and_article_json_ld() {
    let site = registry();
    let html = site.read("public/mo-hinh/ung-dung/index.html");
    let url = "https://example.org/mo-hinh/ung-dung/";
    assert!(html.contains(&format!("<link rel=\"canonical\" href=\"{url}\">")));
    assert_eq!(
        meta(&html, "og:title"),
        Some("Ứng dụng chuyển đổi số trong tiếp dân")
    );
    assert_eq!(meta(&html, "og:type"), Some("article"));
    assert_eq!(meta(&html, "og:url"), Some(url));
    assert_eq!(meta(&html, "og:site_name"), Some("Dân vận khéo"));
    assert_eq!(meta(&html, "og:locale"), Some("vi_VN"));
    let summary = "Người dân gửi kiến nghị qua ứng dụng và nhận trả lời trong ba ngày.";
    assert_eq!(meta(&html, "og:description"), Some(summary));
    assert_eq!(meta(&html, "description"), Some(summary));
    assert_eq!(meta(&html, "og:image"), None, "no cover, no og:image");

    let ld = json_ld(&html);
    assert_eq!(ld["@context"], "https://schema.org");
    assert_eq!(ld["@type"], "Article");
    assert_eq!(ld["headline"], "Ứng dụng chuyển đổi số trong tiếp dân");
    assert_eq!(ld["url"], url);
    assert_eq!(ld["mainEntityOfPage"], url);
    assert_eq!(ld["inLanguage"], "vi");
    assert_eq!(ld["datePublished"], "2024-03-06");
    assert_eq!(ld["description"], summary);
    assert_eq!(ld["articleSection"], "Cải cách hành chính");
    assert_eq!(ld["about"]["name"], "UBND phường Tân Phong");
    assert_eq!(ld["spatialCoverage"], "Hòa Bình");
    assert_eq!(
        ld["keywords"],
        "Cải cách hành chính, chuyển đổi số, một cửa"
    );
    assert!(ld.get("image").is_none());

    // Other pages are websites, each with its own canonical URL.
    let term = site.read("public/linh-vuc/dan-chu-o-co-so/trang/2/index.html");
    assert_eq!(meta(&term, "og:type"), Some("website"));
    assert!(term.contains(
        "<link rel=\"canonical\" href=\"https://example.org/linh-vuc/dan-chu-o-co-so/trang/2/\">"
    ));
}

/// A 1×1 PNG: the smallest real image a model can have as its cover.
const PNG: &[u8] = &[
    0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0x00, 0x00, 0x00, 0x0D, 0x49, 0x48, 0x44, 0x52,
    0x00, 0x00, 0x00, 0x01, 0x00, 0x00, 0x00, 0x01, 0x08, 0x06, 0x00, 0x00, 0x00, 0x1F, 0x15, 0xC4,
    0x89, 0x00, 0x00, 0x00, 0x0D, 0x49, 0x44, 0x41, 0x54, 0x78, 0x9C, 0x63, 0xF8, 0xCF, 0xC0, 0xF0,
    0x1F, 0x00, 0x05, 0x00, 0x01, 0xFF, 0x89, 0x99, 0x3D, 0x1D, 0x00, 0x00, 0x00, 0x00, 0x49, 0x45,
    0x4E, 0x44, 0xAE, 0x42, 0x60, 0x82,
];

#[test]
fn cover_image_is_shown_and_given_to_open_graph_and_json_ld() {
    let site = Site::new();
    site.file(
        "site.yaml",
        "title: \"Dân vận khéo\"\nbase_url: \"https://example.org/dan-van/\"\n",
    );
    site.file(
        "content/models/tiep-dan.md",
        common::model(
            "title: \"Tiếp dân bằng sự lắng nghe\"\nunit: \"Thanh tra tỉnh Lâm Đồng\"\nyear: 2022\nfield: \"Tiếp công dân\"\nimage: \"anh/bia.png\"",
        ),
    );
    site.file("content/models/anh/bia.png", PNG);
    site.build_ok();

    assert_eq!(
        std::fs::read(site.join("public/mo-hinh/tiep-dan/anh/bia.png")).expect("cover copied"),
        PNG
    );
    let html = site.read("public/mo-hinh/tiep-dan/index.html");
    // Decorative: the title right above says what it shows.
    assert!(html.contains(
        "<div class=\"model-cover\"><img src=\"/dan-van/mo-hinh/tiep-dan/anh/bia.png\" alt=\"\""
    ));
    assert_in_order(
        &html,
        &["<h1>", "class=\"facts\"", "model-cover", "class=\"prose\""],
    );
    let absolute = "https://example.org/dan-van/mo-hinh/tiep-dan/anh/bia.png";
    assert_eq!(meta(&html, "og:image"), Some(absolute));
    assert_eq!(json_ld(&html)["image"], absolute);

    // A model without a cover has neither.
    let other = Site::valid();
    other.build_ok();
    let html = other.read("public/mo-hinh/tiep-cong-dan/index.html");
    assert!(!html.contains("model-cover"));
    assert_eq!(meta(&html, "og:image"), None);
}

#[test]
fn the_sample_model_with_a_cover_shows_it() {
    let site = Site::empty();
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    copy_dir(&root.join("content"), &site.join("content"));
    std::fs::copy(root.join("site.yaml"), site.join("site.yaml")).expect("copy site.yaml");
    site.build_ok();
    let html = site.read("public/mo-hinh/doi-thoai-soc-son/index.html");
    let src = "/mo-hinh/doi-thoai-soc-son/doi-thoai-soc-son-bia.svg";
    assert!(html.contains(&format!("<img src=\"{src}\" alt=\"\"")));
    assert!(site.exists(&format!("public{src}")));
    assert_eq!(
        meta(&html, "og:image"),
        Some(format!("https://dan-van-kheo.example.vn{src}").as_str())
    );
}

#[test]
fn model_page_has_breadcrumbs_prev_next_in_its_field_and_a_dd_mm_yyyy_date() {
    let site = registry();
    let html = site.read("public/mo-hinh/doi-thoai/index.html");
    let crumbs = between(
        &html,
        "<nav class=\"crumbs\" aria-label=\"Bạn đang ở\">",
        "</nav>",
    );
    assert_in_order(
        crumbs,
        &[
            "<li><a href=\"/\">Trang chủ</a></li>",
            "<li><a href=\"/linh-vuc/\">Lĩnh vực</a></li>",
            "<li><a href=\"/linh-vuc/dan-chu-o-co-so/\">Dân chủ ở cơ sở</a></li>",
            "<li><span aria-current=\"page\">Đối thoại với Nhân dân ở cơ sở</span></li>",
        ],
    );
    // Its neighbours in "Dân chủ ở cơ sở", in the field's order.
    let nav = between(
        &html,
        "<nav class=\"prevnext\" aria-label=\"Mô hình khác cùng lĩnh vực\">",
        "</nav>",
    );
    assert_in_order(
        nav,
        &[
            "<a href=\"/mo-hinh/dan-chu/\" rel=\"prev\">",
            "Dân chủ ở cơ sở tại Sở Tài nguyên và Môi trường",
            "<a href=\"/mo-hinh/uy-tin/\" rel=\"next\">",
            "Uy tín của người đứng đầu",
        ],
    );
    assert!(html.contains("<link rel=\"prev\" href=\"/mo-hinh/dan-chu/\">"));
    assert!(html.contains("<link rel=\"next\" href=\"/mo-hinh/uy-tin/\">"));

    // The first of the field has no previous; a model alone in its field
    // (the other one is a draft) has no neighbours, though other fields have models.
    let first = site.read("public/mo-hinh/dan-chu/index.html");
    assert!(!first.contains("rel=\"prev\""));
    assert!(first.contains("<a href=\"/mo-hinh/doi-thoai/\" rel=\"next\">"));
    let alone = site.read("public/mo-hinh/ung-dung/index.html");
    assert!(!alone.contains("class=\"prevnext\""));
    assert!(!alone.contains("rel=\"next\"") && !alone.contains("rel=\"prev\""));

    // dd/mm/yyyy for readers, ISO for machines.
    assert!(
        alone
            .contains("<dt>Ngày đăng</dt><dd><time datetime=\"2024-03-06\">06/03/2024</time></dd>")
    );
    assert!(!html.contains("<time"), "an undated model shows no date");
}

#[test]
fn home_page_has_intro_totals_latest_models_and_browse_lists() {
    let site = Site::fixture("registry");
    site.file(
        "content/_index.md",
        "---\ntitle: \"Mô hình Dân vận khéo\"\n---\nSổ đăng ký công khai các mô hình tiêu biểu.\n",
    );
    site.build_ok();
    let html = site.read("public/index.html");
    assert!(html.contains("<h1 id=\"gioi-thieu\">Mô hình Dân vận khéo</h1>"));
    assert!(html.contains("<p>Sổ đăng ký công khai các mô hình tiêu biểu.</p>"));
    assert!(html.contains("<form class=\"search-form\" role=\"search\" action=\"/tim-kiem/\""));

    let totals = between(&html, "<dl class=\"stats\">", "</dl>");
    assert_in_order(
        totals,
        &[
            "<dt>Mô hình</dt><dd>5</dd>",
            "<dt>Lĩnh vực</dt><dd>3</dd>",
            "<dt>Đơn vị</dt><dd>5</dd>",
            "<dt>Năm</dt><dd>2</dd>",
            "<dt>Địa phương</dt><dd>2</dd>",
        ],
    );

    // Newest first: dated 06/03/2024, then the undated 2024 model, then 2023.
    let latest = between(
        &html,
        "<h2 id=\"moi-nhat\">Mô hình mới nhất</h2>",
        "</section>",
    );
    assert_in_order(
        latest,
        &[
            "<a href=\"/mo-hinh/ung-dung/\">",
            "<a href=\"/mo-hinh/vanh-dai-4/\">",
            "<a href=\"/mo-hinh/",
        ],
    );
    assert!(!latest.contains("ban-nhap"), "no draft");

    // Browse lists: fields in Vietnamese order with counts, years newest first.
    let fields = between(
        &html,
        "<h2 id=\"theo-linh-vuc\">Xem theo lĩnh vực</h2>",
        "</section>",
    );
    assert_in_order(
        fields,
        &[
            "<a href=\"/linh-vuc/cai-cach-hanh-chinh/\">Cải cách hành chính</a> <span class=\"count\">1",
            "<a href=\"/linh-vuc/dan-chu-o-co-so/\">Dân chủ ở cơ sở</a> <span class=\"count\">3",
            "<a href=\"/linh-vuc/giai-phong-mat-bang/\">Giải phóng mặt bằng</a> <span class=\"count\">1",
        ],
    );
    let years = between(&html, "<h2 id=\"theo-nam\">Xem theo năm</h2>", "</section>");
    assert_in_order(
        years,
        &[
            "<a href=\"/nam/2024/\">2024</a> <span class=\"count\">1",
            "<a href=\"/nam/2023/\">2023</a> <span class=\"count\">4",
        ],
    );
    let localities = between(&html, "<h2 id=\"theo-dia-phuong\">", "</section>");
    assert_in_order(
        localities,
        &[
            "<a href=\"/dia-phuong/ha-noi/\">Hà Nội</a>",
            "<a href=\"/dia-phuong/hoa-binh/\">Hòa Bình</a>",
        ],
    );
    assert!(html.contains("<a href=\"/don-vi/\">Xem tất cả đơn vị (5)</a>"));
}

#[test]
fn not_found_page_has_a_search_box_and_browse_links_and_is_not_indexed() {
    let site = registry();
    let html = site.read("public/404.html");
    assert!(html.contains("<h1>Không tìm thấy trang</h1>"));
    assert!(html.contains("<form class=\"search-form\" role=\"search\" action=\"/tim-kiem/\""));
    assert!(html.contains("<a class=\"button\" href=\"/\">Về trang chủ</a>"));
    let browse = between(&html, "<h2>Tra cứu mô hình</h2>", "</ul>");
    assert_in_order(
        browse,
        &[
            "<a href=\"/linh-vuc/\">Lĩnh vực</a>",
            "<a href=\"/don-vi/\">Đơn vị</a>",
            "<a href=\"/nam/\">Năm</a>",
            "<a href=\"/dia-phuong/\">Địa phương</a>",
        ],
    );
    // Served at any missing address: no URL of its own, not for search engines.
    assert_eq!(meta(&html, "robots"), Some("noindex"));
    assert!(!html.contains("rel=\"canonical\""), "{html}");
    assert_eq!(meta(&html, "og:url"), None);
    assert!(!html.contains("404.html"));
    assert!(!site.read("public/sitemap.xml").contains("404"));
}

#[test]
fn paginated_term_pages_have_rel_prev_and_next_link_elements() {
    let site = registry();
    let first = site.read("public/linh-vuc/dan-chu-o-co-so/index.html");
    let second = site.read("public/linh-vuc/dan-chu-o-co-so/trang/2/index.html");
    let head = |html: &str| between(html, "<head>", "</head>").to_owned();
    assert!(
        head(&first).contains("<link rel=\"next\" href=\"/linh-vuc/dan-chu-o-co-so/trang/2/\">")
    );
    assert!(!head(&first).contains("rel=\"prev\""));
    assert!(head(&second).contains("<link rel=\"prev\" href=\"/linh-vuc/dan-chu-o-co-so/\">"));
    assert!(!head(&second).contains("rel=\"next\""));
    // The visible pager says the same.
    assert!(second.contains("<a href=\"/linh-vuc/dan-chu-o-co-so/\" rel=\"prev\">Trang trước</a>"));
    assert!(second.contains("Trang 2/2"));
    // A term on one page has neither.
    let single = site.read("public/linh-vuc/giai-phong-mat-bang/index.html");
    assert!(!single.contains("rel=\"prev\"") && !single.contains("rel=\"next\""));
}

/// A small well-formedness check of generated XML: tags nest and close,
/// attributes are quoted, `&` starts an entity. (No XML parser is a
/// dependency; the browser suite parses every feed with Chromium's.)
fn assert_well_formed_xml(xml: &str) {
    let body = xml
        .strip_prefix("<?xml version=\"1.0\" encoding=\"utf-8\"?>\n")
        .expect("an XML declaration");
    let mut stack: Vec<&str> = Vec::new();
    let mut rest = body;
    while let Some(lt) = rest.find('<') {
        let text = &rest[..lt];
        assert!(!text.contains('>'), "stray `>` in text: {text}");
        for (i, _) in text.match_indices('&') {
            let entity = &text[i..text[i..].find(';').map_or(text.len(), |e| i + e + 1)];
            assert!(
                ["&amp;", "&lt;", "&gt;", "&quot;", "&#39;", "&apos;"].contains(&entity),
                "bad entity {entity}"
            );
        }
        let gt = rest[lt..].find('>').expect("tag closes") + lt;
        let tag = &rest[lt + 1..gt];
        assert!(!tag.contains('<'), "`<` inside a tag: {tag}");
        assert_eq!(tag.matches('"').count() % 2, 0, "unbalanced quotes: {tag}");
        if let Some(name) = tag.strip_prefix('/') {
            assert_eq!(stack.pop(), Some(name), "closing </{name}>");
        } else if !tag.ends_with('/') {
            stack.push(tag.split_whitespace().next().expect("a tag name"));
        }
        rest = &rest[gt + 1..];
    }
    assert!(rest.trim().is_empty(), "text after the root: {rest}");
    assert!(stack.is_empty(), "unclosed: {stack:?}");
}

#[test]
fn every_field_has_a_valid_atom_feed_of_its_own_models_linked_from_its_pages() {
    let site = registry();
    let feed = site.read("public/linh-vuc/dan-chu-o-co-so/feed.xml");
    assert_well_formed_xml(&feed);
    assert!(feed.contains("<feed xmlns=\"http://www.w3.org/2005/Atom\" xml:lang=\"vi\">"));
    assert!(feed.contains("<title>Dân vận khéo – Dân chủ ở cơ sở</title>"));
    assert!(feed.contains("<id>https://example.org/linh-vuc/dan-chu-o-co-so/feed.xml</id>"));
    assert!(feed.contains(
        "<link rel=\"self\" type=\"application/atom+xml\" href=\"https://example.org/linh-vuc/dan-chu-o-co-so/feed.xml\"/>"
    ));
    assert!(feed.contains(
        "<link rel=\"alternate\" type=\"text/html\" href=\"https://example.org/linh-vuc/dan-chu-o-co-so/\"/>"
    ));
    assert_eq!(feed.matches("<entry>").count(), 3);
    assert_eq!(
        feed.matches("<updated>").count(),
        4,
        "the feed's and each entry's"
    );
    assert_eq!(
        feed.matches("<category term=\"Dân chủ ở cơ sở\" label=\"Dân chủ ở cơ sở\"/>")
            .count(),
        3,
        "every entry in the field"
    );
    for slug in ["dan-chu", "doi-thoai", "uy-tin"] {
        assert!(feed.contains(&format!("<id>https://example.org/mo-hinh/{slug}/</id>")));
    }
    assert!(!feed.contains("vanh-dai-4") && !feed.contains("ung-dung"));

    let other = site.read("public/linh-vuc/giai-phong-mat-bang/feed.xml");
    assert_well_formed_xml(&other);
    assert_eq!(other.matches("<entry>").count(), 1);
    assert!(other.contains("<id>https://example.org/mo-hinh/vanh-dai-4/</id>"));
    assert_well_formed_xml(&site.read("public/feed.xml"));
    assert_well_formed_xml(&site.read("public/sitemap.xml").replace("UTF-8", "utf-8"));

    // Each page of the field links its feed, in <head> and visibly.
    let link = "<link rel=\"alternate\" type=\"application/atom+xml\" title=\"Dân vận khéo – Dân chủ ở cơ sở – Tin mới (Atom)\" href=\"/linh-vuc/dan-chu-o-co-so/feed.xml\">";
    for page in ["", "trang/2/"] {
        let html = site.read(&format!("public/linh-vuc/dan-chu-o-co-so/{page}index.html"));
        assert!(html.contains(link), "{page}: {html}");
        assert!(html.contains(
            "<p class=\"feed-link\"><a href=\"/linh-vuc/dan-chu-o-co-so/feed.xml\" type=\"application/atom+xml\">Tin mới của lĩnh vực này (Atom)</a></p>"
        ));
    }
    // Other term pages have no field feed; every page has the site feed.
    let unit = site.read("public/don-vi/ubnd-huyen-soc-son/index.html");
    assert!(!unit.contains("feed-link") && !unit.contains("/linh-vuc/dan-chu-o-co-so/feed.xml"));
    for page in [
        "index.html",
        "404.html",
        "mo-hinh/doi-thoai/index.html",
        "nam/index.html",
        "thong-ke/index.html",
        "tim-kiem/index.html",
    ] {
        assert!(
            site.read(&format!("public/{page}")).contains(
                "<link rel=\"alternate\" type=\"application/atom+xml\" title=\"Dân vận khéo – Tin mới (Atom)\" href=\"/feed.xml\">"
            ),
            "{page} links the site feed"
        );
    }
}

#[test]
fn robots_txt_allows_everything_and_names_the_sitemap_when_it_can() {
    let site = registry();
    assert_eq!(
        site.read("public/robots.txt"),
        "User-agent: *\nAllow: /\nSitemap: https://example.org/sitemap.xml\n"
    );
    // Without base_url a Sitemap line could only be relative, which robots.txt does not allow.
    let bare = Site::empty();
    bare.file("site.yaml", "title: \"Dân vận khéo\"\n");
    bare.file("content/models/tiep-cong-dan.md", common::VALID_MODEL);
    let run = bare.kheo(&["build"]);
    run.assert_code(0);
    assert_eq!(bare.read("public/robots.txt"), "User-agent: *\nAllow: /\n");
}

#[test]
fn page_weights_stay_small() {
    let site = Site::empty();
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    copy_dir(&root.join("content"), &site.join("content"));
    std::fs::copy(root.join("site.yaml"), site.join("site.yaml")).expect("copy site.yaml");
    site.build_ok();
    let css = std::fs::metadata(site.join("public/style.css"))
        .expect("style.css")
        .len();
    assert!(
        css < 20 * 1024,
        "the default CSS is {css} bytes, over 20 KB"
    );
    let mut heaviest = (0, String::new());
    for entry in std::fs::read_dir(site.join("public/mo-hinh")).expect("model pages") {
        let page = entry.expect("entry").path().join("index.html");
        let size = std::fs::metadata(&page).expect("a model page").len();
        if size > heaviest.0 {
            heaviest = (size, page.display().to_string());
        }
    }
    assert!(heaviest.0 > 0);
    assert!(
        heaviest.0 + css < 60 * 1024,
        "{} is {} bytes; with the CSS {} bytes, over 60 KB",
        heaviest.1,
        heaviest.0,
        heaviest.0 + css
    );
}

/// The rules inside every `@media print { … }` block of a stylesheet.
fn print_rules(css: &str) -> String {
    let mut css = css.to_owned();
    while let Some(start) = css.find("/*") {
        let end = start + css[start..].find("*/").expect("comment closes") + 2;
        css.replace_range(start..end, "");
    }
    let mut out = String::new();
    for (i, _) in css.match_indices("@media print {") {
        let mut depth = 0;
        for (j, c) in css[i..].char_indices() {
            match c {
                '{' => depth += 1,
                '}' => {
                    depth -= 1;
                    if depth == 0 {
                        out.push_str(&css[i + "@media print {".len()..i + j]);
                        out.push('\n');
                        break;
                    }
                }
                _ => {}
            }
        }
    }
    out
}

/// The declarations of the print rule whose selector list contains `selector`.
fn print_declarations_for(print: &str, selector: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut rest = print;
    while let Some(open) = rest.find('{') {
        let selectors = rest[..open].rsplit(['}', ';']).next().unwrap_or("");
        let close = open + rest[open..].find('}').expect("rule closes");
        if selectors
            .split(',')
            .any(|s| s.split_whitespace().collect::<Vec<_>>().join(" ") == selector)
        {
            out.push(rest[open + 1..close].trim().to_owned());
        }
        rest = &rest[close + 1..];
    }
    out
}

#[test]
fn print_stylesheet_hides_navigation_and_spells_out_absolute_link_urls() {
    let site = registry();
    let css = site.read("public/style.css");
    let print = print_rules(&css);
    for selector in [
        ".skip",
        ".site-header",
        ".site-nav",
        ".site-footer",
        ".crumbs",
        ".prevnext",
        ".pager",
        ".search-form",
        ".site-search",
        ".feed-link",
        ".print-button",
    ] {
        let decls = print_declarations_for(&print, selector);
        assert!(
            decls.iter().any(|d| d.contains("display: none")),
            "{selector} is not hidden in print: {decls:?}"
        );
    }
    let link_urls =
        print_declarations_for(&print, ".prose a[href^=\"/\"]:not([href^=\"//\"])::after");
    assert!(
        link_urls
            .iter()
            .any(|d| d.contains("content: \" (\" var(--origin, \"\") attr(href) \")\"")),
        "site-relative links print with the origin: {link_urls:?}"
    );
    assert!(print.contains(".print-only { display: block;"));

    // base.html gives the stylesheet the origin of base_url…
    let html = site.read("public/mo-hinh/doi-thoai/index.html");
    assert!(html.contains("<style>:root { --origin: \"https://example.org\"; }</style>"));
    assert!(html.contains(
        "<p class=\"print-only\">Nguồn: Dân vận khéo — https://example.org/mo-hinh/doi-thoai/</p>"
    ));
    // …and without one, printed links stay site-relative.
    let bare = Site::empty();
    bare.file("site.yaml", "title: \"Dân vận khéo\"\n");
    bare.file("content/models/tiep-cong-dan.md", common::VALID_MODEL);
    bare.kheo(&["build"]).assert_code(0);
    assert!(
        !bare
            .read("public/mo-hinh/tiep-cong-dan/index.html")
            .contains("--origin")
    );
}

#[test]
fn language_en_switches_the_ui_strings_html_lang_and_dates() {
    let site = english();
    let home = site.read("public/index.html");
    assert!(
        home.starts_with("<!doctype html><html lang=\"en\">"),
        "{home}"
    );
    assert_eq!(meta(&home, "og:locale"), Some("en_US"));
    for s in [
        "Skip to main content",
        "aria-label=\"Main navigation\"",
        "<a href=\"/linh-vuc/\">Fields</a>",
        "<a href=\"/don-vi/\">Units</a>",
        "<a href=\"/nam/\">Years</a>",
        "<h2 id=\"moi-nhat\">Latest models</h2>",
        "Browse by field",
        "<dt>Models</dt><dd>4</dd>",
        "<label for=\"q\">Search models</label>",
        "<button type=\"submit\">Search</button>",
    ] {
        assert!(home.contains(s), "missing {s}");
    }
    for vi in [
        "Trang chủ",
        "Lĩnh vực",
        "Tìm kiếm",
        "Mô hình mới nhất",
        "Bỏ qua",
    ] {
        assert!(
            !home.contains(vi),
            "Vietnamese UI string {vi} on an English site"
        );
    }
    let model = site.read("public/mo-hinh/soc-son-dialogue/index.html");
    assert!(model.contains("<html lang=\"en\">"));
    assert!(
        model.contains(
            "<dt>Published</dt><dd><time datetime=\"2024-03-06\">6 March 2024</time></dd>"
        )
    );
    assert!(model.contains("<nav class=\"crumbs\" aria-label=\"Breadcrumb\">"));
    assert!(model.contains("<span class=\"dir\">Next</span>"));
    assert_eq!(json_ld(&model)["inLanguage"], "en");
    assert_eq!(
        meta(&model, "og:image"),
        Some("https://example.org/mo-hinh/soc-son-dialogue/dialogue-cover.svg")
    );
    let not_found = site.read("public/404.html");
    assert!(not_found.contains("<h1>Page not found</h1>"));
    assert!(not_found.contains("<h2>Browse models</h2>"));
    let feed = site.read("public/linh-vuc/dialogue-with-citizens/feed.xml");
    assert!(feed.contains("xml:lang=\"en\""));
    assert_well_formed_xml(&feed);
    let term = site.read("public/linh-vuc/dialogue-with-citizens/index.html");
    assert!(term.contains(">Atom feed of this field</a>"));
    assert!(term.contains("Page 1/2"));
}

#[test]
fn without_a_base_url_no_open_graph_url_is_made_up() {
    let site = Site::valid();
    site.file("site.yaml", "title: Dân vận khéo\n");
    let run = site.kheo(&["build", "--no-booklet"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let html = site.read("public/mo-hinh/tiep-cong-dan/index.html");
    // Open Graph wants an absolute address; a relative one would be wrong.
    assert_eq!(meta(&html, "og:url"), None, "{html}");
    assert_eq!(meta(&html, "og:type"), Some("article"));
}
