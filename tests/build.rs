//! What `kheo build` writes: the registry, model and term pages, pagination,
//! drafts, feed and sitemap, base URL, NFC text, determinism, and the
//! repository's own sample site.

mod common;

use std::path::Path;

use common::{Site, snapshot};

/// The whole `models.json` of `tests/fixtures/registry`: 2024 first, then the
/// 2023 titles in Vietnamese order (D < Đ < U < Ư; byte order would give
/// D, U, Đ, Ư); absent values `null`, absent tags `[]`; the draft left out.
fn expected_registry() -> String {
    let generator = format!("kheo {}", env!("CARGO_PKG_VERSION"));
    r#"{
  "generator": "GENERATOR",
  "count": 5,
  "models": [
    {
      "title": "Vành đai 4: giải phóng mặt bằng bằng đối thoại",
      "slug": "vanh-dai-4",
      "url": "/mo-hinh/vanh-dai-4/",
      "unit": "Sở Tài nguyên và Môi trường Hà Nội",
      "year": 2024,
      "field": "Giải phóng mặt bằng",
      "locality": "Hà Nội",
      "level": null,
      "award": null,
      "tags": [],
      "summary": "Cán bộ đến từng nhà, nghe từng ý kiến trước khi bàn giao mặt bằng.",
      "date": null,
      "source": "content/models/ha-noi/vanh-dai-4.md"
    },
    {
      "title": "Dân chủ ở cơ sở tại Sở Tài nguyên và Môi trường",
      "slug": "dan-chu",
      "url": "/mo-hinh/dan-chu/",
      "unit": "Sở Tài nguyên và Môi trường tỉnh Bình Dương",
      "year": 2023,
      "field": "Dân chủ ở cơ sở",
      "locality": null,
      "level": null,
      "award": null,
      "tags": [],
      "summary": null,
      "date": null,
      "source": "content/models/dan-chu.md"
    },
    {
      "title": "Đối thoại với Nhân dân ở cơ sở",
      "slug": "doi-thoai",
      "url": "/mo-hinh/doi-thoai/",
      "unit": "UBND huyện Sóc Sơn",
      "year": 2023,
      "field": "Dân chủ ở cơ sở",
      "locality": "Hà Nội",
      "level": null,
      "award": null,
      "tags": [],
      "summary": "Mỗi quý một buổi đối thoại giữa lãnh đạo huyện và người dân.",
      "date": null,
      "source": "content/models/ha-noi/doi-thoai.md"
    },
    {
      "title": "Uy tín của người đứng đầu",
      "slug": "uy-tin",
      "url": "/mo-hinh/uy-tin/",
      "unit": "Công an huyện Yên Thủy",
      "year": 2023,
      "field": "Dân chủ ở cơ sở",
      "locality": null,
      "level": null,
      "award": null,
      "tags": [],
      "summary": "Người đứng đầu nói đi đôi với làm.",
      "date": null,
      "source": "content/models/hoa-binh/uy-tin.md"
    },
    {
      "title": "Ứng dụng chuyển đổi số trong tiếp dân",
      "slug": "ung-dung",
      "url": "/mo-hinh/ung-dung/",
      "unit": "UBND phường Tân Phong",
      "year": 2023,
      "field": "Cải cách hành chính",
      "locality": "Hòa Bình",
      "level": "cấp tỉnh",
      "award": "Bằng khen của Chủ tịch UBND tỉnh",
      "tags": [
        "chuyển đổi số",
        "một cửa"
      ],
      "summary": "Người dân gửi kiến nghị qua ứng dụng và nhận trả lời trong ba ngày.",
      "date": "2024-03-06",
      "source": "content/models/hoa-binh/ung-dung.md"
    }
  ]
}
"#
    .replace("GENERATOR", &generator)
}

fn built_registry() -> Site {
    let site = Site::fixture("registry");
    site.build_ok();
    site
}

#[test]
fn models_json_lists_published_models_by_year_then_vietnamese_title() {
    let site = built_registry();
    assert_eq!(site.read("public/models.json"), expected_registry());
}

#[test]
fn models_csv_starts_with_a_bom_and_a_header_row() {
    let site = built_registry();
    let csv = std::fs::read(site.join("public/models.csv")).expect("models.csv");
    assert!(csv.starts_with(b"\xEF\xBB\xBF"), "no UTF-8 BOM");
    let text = std::str::from_utf8(&csv[3..]).expect("UTF-8");
    let lines: Vec<&str> = text.lines().collect();
    assert_eq!(
        lines[0],
        "title,slug,url,unit,year,field,locality,level,award,tags,summary,date,source"
    );
    assert_eq!(lines.len(), 6, "{text}");
    assert_eq!(
        lines[5],
        "Ứng dụng chuyển đổi số trong tiếp dân,ung-dung,/mo-hinh/ung-dung/,UBND phường Tân Phong,2023,Cải cách hành chính,Hòa Bình,cấp tỉnh,Bằng khen của Chủ tịch UBND tỉnh,chuyển đổi số; một cửa,Người dân gửi kiến nghị qua ứng dụng và nhận trả lời trong ba ngày.,2024-03-06,content/models/hoa-binh/ung-dung.md"
    );
}

#[test]
fn every_model_and_term_has_its_page() {
    let site = built_registry();
    for page in [
        "index.html",
        "404.html",
        "mo-hinh/vanh-dai-4/index.html",
        "mo-hinh/dan-chu/index.html",
        "mo-hinh/doi-thoai/index.html",
        "mo-hinh/uy-tin/index.html",
        "mo-hinh/ung-dung/index.html",
        "linh-vuc/index.html",
        "linh-vuc/dan-chu-o-co-so/index.html",
        "linh-vuc/giai-phong-mat-bang/index.html",
        "don-vi/index.html",
        "don-vi/ubnd-huyen-soc-son/index.html",
        "don-vi/cong-an-huyen-yen-thuy/index.html",
        "nam/index.html",
        "nam/2023/index.html",
        "nam/2024/index.html",
        "dia-phuong/index.html",
        "dia-phuong/ha-noi/index.html",
        "dia-phuong/hoa-binh/index.html",
    ] {
        assert!(
            site.exists(&format!("public/{page}")),
            "missing public/{page}"
        );
    }
    let model = site.read("public/mo-hinh/doi-thoai/index.html");
    assert!(model.contains("<html lang=\"vi\""), "no lang=vi");
    assert!(model.contains("<h1>Đối thoại với Nhân dân ở cơ sở</h1>"));
}

#[test]
fn localities_section_exists_only_when_a_model_has_a_locality() {
    let site = Site::valid();
    site.build_ok();
    assert!(site.exists("public/linh-vuc/tiep-cong-dan/index.html"));
    assert!(
        !site.exists("public/dia-phuong"),
        "dia-phuong/ without any locality"
    );
}

#[test]
fn term_pages_are_paginated_by_page_size() {
    // page_size: 2 and three models in "Dân chủ ở cơ sở".
    let site = built_registry();
    let first = site.read("public/linh-vuc/dan-chu-o-co-so/index.html");
    let second = site.read("public/linh-vuc/dan-chu-o-co-so/trang/2/index.html");
    assert!(first.contains("Dân chủ ở cơ sở tại Sở Tài nguyên và Môi trường"));
    assert!(first.contains("Đối thoại với Nhân dân ở cơ sở"));
    assert!(!first.contains("Uy tín của người đứng đầu"));
    assert!(second.contains("Uy tín của người đứng đầu"));
    assert!(first.contains("href=\"/linh-vuc/dan-chu-o-co-so/trang/2/\""));
    assert!(!site.exists("public/linh-vuc/dan-chu-o-co-so/trang/3"));
    assert!(!site.exists("public/linh-vuc/giai-phong-mat-bang/trang"));
}

#[test]
fn drafts_are_built_only_with_the_drafts_flag() {
    let site = built_registry();
    assert!(!site.exists("public/mo-hinh/ban-nhap"));
    assert!(!site.read("public/models.json").contains("Bản nháp"));

    let run = site.kheo(&["build", "--drafts"]);
    run.assert_code(0);
    assert!(site.exists("public/mo-hinh/ban-nhap/index.html"));
    let json = site.read("public/models.json");
    assert!(json.contains("\"count\": 6,"));
    assert!(json.contains("\"title\": \"Bản nháp chưa công bố\","));
}

#[test]
fn feed_and_sitemap_use_the_base_url() {
    let site = built_registry();
    let feed = site.read("public/feed.xml");
    assert!(feed.starts_with("<?xml"));
    assert!(feed.contains("<feed xmlns=\"http://www.w3.org/2005/Atom\""));
    assert!(
        feed.contains("<id>https://example.org/feed.xml</id>"),
        "{feed}"
    );
    assert!(!feed.contains("https://example.orghttps://"), "{feed}");
    assert!(feed.contains("<id>https://example.org/mo-hinh/vanh-dai-4/</id>"));
    assert_eq!(feed.matches("<entry>").count(), 5);
    assert!(feed.trim_end().ends_with("</feed>"));

    let sitemap = site.read("public/sitemap.xml");
    assert!(sitemap.contains("<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">"));
    assert!(sitemap.contains("<loc>https://example.org/mo-hinh/doi-thoai/</loc>"));
    assert!(sitemap.contains("<loc>https://example.org/linh-vuc/dan-chu-o-co-so/trang/2/</loc>"));
    assert!(sitemap.trim_end().ends_with("</urlset>"));
}

/// Every `href="…"` and `src="…"` value of a page.
fn links_of(html: &str) -> Vec<&str> {
    let mut out = Vec::new();
    for attr in ["href=\"", "src=\""] {
        for (i, _) in html.match_indices(attr) {
            let rest = &html[i + attr.len()..];
            out.push(&rest[..rest.find('"').expect("closing quote")]);
        }
    }
    out
}

#[test]
fn base_url_with_a_path_prefixes_canonical_and_internal_links() {
    let site = Site::fixture("registry");
    site.kheo(&["build", "--base-url", "https://example.org/dv"])
        .assert_code(0);
    for page in [
        "mo-hinh/doi-thoai/index.html",
        "index.html",
        "linh-vuc/dan-chu-o-co-so/index.html",
    ] {
        let html = site.read(&format!("public/{page}"));
        let links = links_of(&html);
        assert!(!links.is_empty());
        for link in links {
            assert!(
                link.starts_with("/dv/")
                    || link.starts_with("https://example.org/dv/")
                    || link.starts_with('#'),
                "{page}: link `{link}` ignores the base path"
            );
        }
    }
    let model = site.read("public/mo-hinh/doi-thoai/index.html");
    assert!(
        model.contains(
            "<link rel=\"canonical\" href=\"https://example.org/dv/mo-hinh/doi-thoai/\">"
        )
    );
    assert!(
        site.read("public/sitemap.xml")
            .contains("<loc>https://example.org/dv/mo-hinh/doi-thoai/</loc>")
    );
    // The registry's url stays site-relative.
    assert!(
        site.read("public/models.json")
            .contains("\"url\": \"/mo-hinh/doi-thoai/\",")
    );
}

#[test]
fn decomposed_vietnamese_input_becomes_nfc_output() {
    let site = Site::new();
    // "Tiếp công dân" and "Lâm Đồng" as macOS and Word paste them: NFD.
    let nfd_title = "Tie\u{302}\u{301}p co\u{302}ng da\u{302}n";
    let nfd_unit = "Thanh tra ti\u{309}nh La\u{302}m \u{110}o\u{302}\u{300}ng";
    site.file(
        "content/models/nfd.md",
        format!("---\ntitle: \"{nfd_title}\"\nunit: \"{nfd_unit}\"\nyear: 2022\nfield: \"{nfd_title}\"\n---\nNo\u{323}\u{302}i dung.\n"),
    );
    site.build_ok();
    let page = site.read("public/mo-hinh/nfd/index.html");
    assert!(page.contains("<h1>Tiếp công dân</h1>"));
    assert!(page.contains("Thanh tra tỉnh Lâm Đồng"));
    assert!(page.contains("Nội dung."));
    // Text files only: the booklet's PDF and EPUB are compressed (tests/booklet.rs reads their text).
    let text_files = site
        .snapshot_public()
        .into_iter()
        .filter(|(p, _)| !p.ends_with(".pdf") && !p.ends_with(".epub"));
    for (path, bytes) in text_files {
        let text = String::from_utf8_lossy(&bytes);
        let combining = text.chars().find(|c| ('\u{300}'..='\u{36f}').contains(c));
        assert_eq!(combining, None, "{path} has a combining mark (NFD text)");
    }
    assert!(site.exists("public/linh-vuc/tiep-cong-dan/index.html"));
    assert!(site.exists("public/don-vi/thanh-tra-tinh-lam-dong/index.html"));
}

#[test]
fn two_builds_of_one_site_are_byte_identical() {
    let site = Site::fixture("registry");
    let first = site.build_ok();
    let second = site.build_ok();
    assert_eq!(
        first.keys().collect::<Vec<_>>(),
        second.keys().collect::<Vec<_>>()
    );
    assert!(first == second, "a second build changed some bytes");

    // The same site in another folder gives the same bytes too: no absolute paths leak.
    let elsewhere = Site::fixture("registry");
    assert!(
        elsewhere.build_ok() == first,
        "output depends on the site's folder"
    );
}

#[test]
fn the_repository_sample_site_builds_without_errors_or_warnings() {
    let repo = Path::new(env!("CARGO_MANIFEST_DIR"));
    let site = Site::empty();
    std::fs::copy(repo.join("site.yaml"), site.join("site.yaml")).expect("copy site.yaml");
    common::copy_dir(&repo.join("content"), &site.join("content"));
    common::copy_dir(&repo.join("themes"), &site.join("themes"));
    let before = snapshot(site.path());
    site.build_ok();
    let models = site
        .snapshot_public()
        .into_keys()
        .filter(|p| p.starts_with("mo-hinh/") && p.ends_with("/index.html"))
        .count();
    assert!(models >= 5, "only {models} model pages");
    // Building never rewrites the sources.
    let after: common::Tree = snapshot(site.path())
        .into_iter()
        .filter(|(p, _)| !p.starts_with("public/") && !p.starts_with(".kheo-cache/"))
        .collect();
    assert!(before == after, "the build changed files outside public/");
}
