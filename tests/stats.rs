//! The statistics page `thong-ke/`: charts drawn at build time as inline
//! SVG, each with its text alternative and a table of the same numbers whose
//! names link to their term pages; top units with ties in Vietnamese order;
//! Vietnamese number formatting; English; a site without models.

mod common;

use common::{SITE_YAML, Site, model};

/// Units with one model each, in Vietnamese collation order. Byte order
/// would put the `Đ…` and `Ủ…` names after `X…`.
const SINGLE_UNITS: [&str; 16] = [
    "Ban Dân vận Huyện ủy Sóc Sơn",
    "Chi bộ Thanh tra tỉnh Lâm Đồng",
    "Đảng ủy xã Nật Sơn",
    "Đoàn Thanh niên xã Tân Phong",
    "Hội Cựu chiến binh xã Phú Lộc",
    "Hội Liên hiệp Phụ nữ xã Tân Phong",
    "Hội Nông dân xã An Bình",
    "Mặt trận Tổ quốc xã Hòa Bình",
    "Phòng Tư pháp huyện Sóc Sơn",
    "Sở Xây dựng tỉnh Hòa Bình",
    "Trạm Y tế xã Yên Lạc",
    "Trường Tiểu học Yên Lạc",
    "Ủy ban nhân dân huyện Sóc Sơn",
    "Ủy ban nhân dân xã Đất Đỏ",
    "Văn phòng Huyện ủy Yên Thủy",
    "Xã đoàn Phú Mỹ",
];

/// A site of 21 models: "Thanh tra tỉnh Lâm Đồng" 3, "Công an huyện Yên Thủy" 2,
/// and the 16 single units; fields "Tiếp công dân" 12, "Văn hóa & xã hội" 9;
/// years 2023 (10), 2022 (7), 2021 (4).
fn site(site_yaml: &str) -> Site {
    let site = Site::empty();
    site.file("site.yaml", site_yaml);
    let mut units: Vec<&str> = vec!["Thanh tra tỉnh Lâm Đồng"; 3];
    units.extend(["Công an huyện Yên Thủy"; 2]);
    units.extend(SINGLE_UNITS);
    for (i, unit) in units.iter().enumerate() {
        let year = match i {
            0..10 => 2023,
            10..17 => 2022,
            _ => 2021,
        };
        let field = if i % 7 < 4 {
            "Tiếp công dân"
        } else {
            "Văn hóa & xã hội"
        };
        site.file(
            &format!("content/models/m{i:02}.md"),
            model(&format!(
                "title: \"Mô hình số {i}\"\nunit: \"{unit}\"\nyear: {year}\nfield: \"{field}\""
            )),
        );
    }
    site
}

/// The part of the page from a section heading's id to the end of its section.
fn section<'a>(html: &'a str, id: &str) -> &'a str {
    let start = html
        .find(&format!("<h2 id=\"{id}\">"))
        .unwrap_or_else(|| panic!("no section `{id}` in\n{html}"));
    let rest = &html[start..];
    &rest[..rest.find("</section>").expect("the section ends")]
}

/// A table row linking to a term page.
fn row(url: &str, name: &str, count: &str) -> String {
    format!("<tr><th scope=\"row\"><a href=\"{url}\">{name}</a></th><td>{count}</td></tr>")
}

#[test]
fn stats_page_has_a_chart_and_a_table_per_year_field_and_top_units() {
    let site = site(SITE_YAML);
    site.build_ok();
    let html = site.read("public/thong-ke/index.html");

    assert!(html.contains("<html lang=\"vi\">"));
    assert!(html.contains("<h1>Thống kê mô hình</h1>"));
    assert!(
        html.contains("Số liệu tổng hợp từ 21 mô hình đã đăng trên trang, được công nhận từ năm 2021 đến năm 2023."),
        "{html}"
    );
    assert!(html.contains("<li><a href=\"/thong-ke/\" aria-current=\"page\">Thống kê</a></li>"));
    assert_eq!(html.matches("<svg class=\"chart\" role=\"img\"").count(), 3);
    assert!(
        !html.contains("<script src=\"http"),
        "no chart library is loaded"
    );

    let years = section(&html, "theo-nam");
    assert!(years.contains("aria-labelledby=\"bieu-do-nam-title bieu-do-nam-desc\""));
    assert!(years.contains("<title id=\"bieu-do-nam-title\">Số mô hình theo năm</title>"));
    assert!(years.contains(
        "<desc id=\"bieu-do-nam-desc\">Năm 2023: 10 mô hình; năm 2022: 7 mô hình; năm 2021: 4 mô hình.</desc>"
    ));
    assert!(years.contains("<figcaption>"));
    assert!(years.contains("<caption>Bảng số mô hình theo năm</caption>"));
    assert!(years.contains("<th scope=\"col\">Năm</th><th scope=\"col\">Số mô hình</th>"));
    let order = [
        row("/nam/2023/", "2023", "10"),
        row("/nam/2022/", "2022", "7"),
        row("/nam/2021/", "2021", "4"),
    ];
    assert_in_order(years, &order);
    assert!(years.contains("<tfoot><tr><th scope=\"row\">Tổng cộng</th><td>21</td></tr></tfoot>"));

    // Fields by count, names escaped in the chart and in the table.
    let fields = section(&html, "theo-linh-vuc");
    assert!(fields.contains(
        "<desc id=\"bieu-do-linh-vuc-desc\">Tiếp công dân: 12 mô hình; Văn hóa &amp; xã hội: 9 mô hình.</desc>"
    ));
    assert!(fields.contains(">Văn hóa &amp; xã hội</text>"));
    assert_in_order(
        fields,
        &[
            row("/linh-vuc/tiep-cong-dan/", "Tiếp công dân", "12"),
            row("/linh-vuc/van-hoa-xa-hoi/", "Văn hóa &amp; xã hội", "9"),
        ],
    );

    // The top 15 of 18 units: by count, ties in Vietnamese order, the last three left out.
    let units = section(&html, "theo-don-vi");
    assert!(units.contains("<h2 id=\"theo-don-vi\">15 đơn vị có nhiều mô hình nhất</h2>"));
    assert!(units.contains("Hiển thị 15 trên tổng số 18 đơn vị."));
    assert!(units.contains("<a href=\"/don-vi/\">Xem tất cả đơn vị (18)</a>"));
    assert!(!units.contains("<tfoot>"), "a cut list has no total");
    let mut expected = vec![
        row(
            "/don-vi/thanh-tra-tinh-lam-dong/",
            "Thanh tra tỉnh Lâm Đồng",
            "3",
        ),
        row(
            "/don-vi/cong-an-huyen-yen-thuy/",
            "Công an huyện Yên Thủy",
            "2",
        ),
    ];
    expected.extend(SINGLE_UNITS[..13].iter().map(|u| {
        let slug = kheo::vi::slugify(u);
        row(&format!("/don-vi/{slug}/"), u, "1")
    }));
    assert_in_order(units, &expected);
    assert_eq!(units.matches("<tr><th scope=\"row\">").count(), 15);
    for left_out in &SINGLE_UNITS[13..] {
        assert!(!units.contains(left_out), "{left_out} is not in the top 15");
    }
    assert_eq!(units.matches("<rect ").count(), 15);

    // Every linked term page exists.
    for href in html.split("<th scope=\"row\"><a href=\"").skip(1) {
        let url = &href[..href.find('"').expect("closing quote")];
        assert!(
            site.exists(&format!("public{url}index.html")),
            "{url} has no page"
        );
    }
    assert!(
        site.read("public/sitemap.xml")
            .contains("<loc>https://example.org/thong-ke/</loc>")
    );
    let home = site.read("public/index.html");
    assert!(home.contains("<li><a href=\"/thong-ke/\">Thống kê</a></li>"));
}

#[test]
fn numbers_use_the_thousands_separator_of_the_language() {
    for (yaml, number, intro) in [
        (
            "",
            "1.041",
            "1.041 mô hình đã đăng trên trang, được công nhận năm 2023.",
        ),
        (
            "language: en\n",
            "1,041",
            "the 1,041 models published on this site, recognised in 2023.",
        ),
    ] {
        let site = Site::empty();
        site.file("site.yaml", format!("{SITE_YAML}{yaml}"));
        for i in 0..1041 {
            site.file(
                &format!("content/models/m{i:04}.md"),
                model(&format!(
                    "title: \"Mô hình {i}\"\nunit: \"Thanh tra tỉnh Lâm Đồng\"\nyear: 2023\nfield: \"Tiếp công dân\""
                )),
            );
        }
        site.build_ok();
        let html = site.read("public/thong-ke/index.html");
        assert!(html.contains(intro), "{html}");
        assert!(html.contains(&format!("<td>{number}</td>")));
        assert!(html.contains(&format!("font-weight=\"700\">{number}</text>")));
    }
}

#[test]
fn stats_page_in_english() {
    let site = site(&format!("{SITE_YAML}language: en\n"));
    site.build_ok();
    let html = site.read("public/thong-ke/index.html");
    assert!(html.contains("<html lang=\"en\">"));
    assert!(html.contains("<h1>Statistics</h1>"));
    assert!(html.contains("<li><a href=\"/thong-ke/\" aria-current=\"page\">Statistics</a></li>"));
    assert!(html.contains("<h2 id=\"theo-nam\">Models per year</h2>"));
    assert!(html.contains(
        "<desc id=\"bieu-do-nam-desc\">2023: 10 models; 2022: 7 models; 2021: 4 models.</desc>"
    ));
    assert!(html.contains("<h2 id=\"theo-don-vi\">The 15 units with the most models</h2>"));
    assert!(html.contains("Showing 15 of 18 units."));
    assert!(html.contains("<th scope=\"col\">Field</th><th scope=\"col\">Models</th>"));
}

#[test]
fn stats_page_without_models_says_so_and_draws_nothing() {
    let site = Site::new();
    site.file(
        "content/_index.md",
        "---\ntitle: \"Dân vận khéo\"\n---\nGiới thiệu.\n",
    );
    site.kheo(&["build"]).assert_code(0);
    let html = site.read("public/thong-ke/index.html");
    assert!(
        html.contains("<p class=\"empty\">Chưa có mô hình nào.</p>"),
        "{html}"
    );
    assert!(!html.contains("<svg"));
    assert!(!html.contains("<table"));
}

/// Asserts every string occurs in `html`, one after the other.
fn assert_in_order(html: &str, parts: &[String]) {
    let mut from = 0;
    for part in parts {
        match html[from..].find(part.as_str()) {
            Some(at) => from += at + part.len(),
            None => panic!("`{part}` is missing or out of order in\n{html}"),
        }
    }
}
