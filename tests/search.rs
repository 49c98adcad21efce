//! The search index and page that `kheo build` writes: every model of the
//! repository's sample site is found by its title typed without diacritics,
//! the page and the header box, the renamed URL segment, and what the index
//! holds of drafts.

mod common;

use std::path::Path;

use common::Site;
use kheo::search::query::{Filters, Searcher};

/// A title as a reader types it on a phone: no tone marks, `đ` as `d`, no punctuation.
fn typed(title: &str) -> String {
    kheo::vi::fold_diacritics(title)
        .to_lowercase()
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .collect::<Vec<_>>()
        .join(" ")
}

fn searcher(index: &Path) -> Searcher<impl Fn(&str) -> Option<Vec<u8>> + '_> {
    Searcher::open(move |p: &str| std::fs::read(index.join(p)).ok()).expect("meta.json reads")
}

fn sample_site() -> Site {
    let repo = Path::new(env!("CARGO_MANIFEST_DIR"));
    let site = Site::empty();
    std::fs::copy(repo.join("site.yaml"), site.join("site.yaml")).expect("copy site.yaml");
    common::copy_dir(&repo.join("content"), &site.join("content"));
    site.build_ok();
    site
}

#[test]
fn every_sample_model_is_found_by_its_title_without_diacritics() {
    let site = sample_site();
    let registry: serde_json::Value =
        serde_json::from_str(&site.read("public/models.json")).expect("models.json");
    let models = registry["models"].as_array().expect("models");
    let index = site.join("public/tim-kiem/index");
    let mut s = searcher(&index);
    let mut with_d = 0;
    for m in models {
        let title = m["title"].as_str().expect("title");
        with_d += usize::from(title.to_lowercase().contains('đ'));
        let q = typed(title);
        let r = s.search(&q, Filters::default());
        let first = s.doc(r.docs[0]).expect("stored");
        assert_eq!(first.title, title, "query {q:?}");
        // The first three words are enough to find it.
        let short: Vec<&str> = q.split(' ').take(3).collect();
        let titles = s.titles(&short.join(" "));
        assert!(
            titles.iter().any(|t| t == title),
            "{short:?} misses {title}"
        );
    }
    assert!(
        with_d >= 3,
        "the sample should test đ: {with_d} titles have it"
    );
}

#[test]
fn the_search_page_and_the_header_box() {
    let site = sample_site();
    let page = site.read("public/tim-kiem/index.html");
    for needle in [
        "<form class=\"search-form search-main\" role=\"search\" action=\"/tim-kiem/\" method=\"get\">",
        "<input type=\"search\" id=\"q\" name=\"q\"",
        "role=\"status\" aria-live=\"polite\"",
        "<noscript>",
        "<select id=\"search-field\" name=\"linh-vuc\">",
        "<select id=\"search-year\" name=\"nam\">",
        "<option value=\"giai-phong-mat-bang\">Giải phóng mặt bằng</option>",
        "<script src=\"/search.js\" defer></script>",
        "data-index=\"/tim-kiem/index/\"",
        "<meta name=\"robots\" content=\"noindex, follow\">",
        "<script type=\"application/json\" id=\"search-manifest\">{\"version\":2,",
    ] {
        assert!(page.contains(needle), "search page lacks {needle}");
    }
    // The header box is on every page but those with their own box.
    // With the index's folder, for kheo.js to fetch ahead while the reader types.
    let header = "<form class=\"site-search\" role=\"search\" action=\"/tim-kiem/\" method=\"get\" data-search-index=\"/tim-kiem/index/\">";
    assert!(
        site.read("public/mo-hinh/vanh-dai-4/index.html")
            .contains(header)
    );
    assert!(site.read("public/linh-vuc/index.html").contains(header));
    assert!(!page.contains(header));
    assert!(!site.read("public/index.html").contains(header));
    assert!(
        site.read("public/index.html").contains(
            "action=\"/tim-kiem/\" method=\"get\" data-search-index=\"/tim-kiem/index/\""
        )
    );
    assert!(
        site.read("public/404.html").contains(
            "action=\"/tim-kiem/\" method=\"get\" data-search-index=\"/tim-kiem/index/\""
        )
    );
    assert!(site.exists("public/search.js"));
    // Not a page for search engines to list.
    assert!(!site.read("public/sitemap.xml").contains("tim-kiem"));
}

#[test]
fn the_search_segment_and_base_path_follow_the_configuration() {
    let site = Site::valid();
    site.file(
        "site.yaml",
        "base_url: \"https://example.org/dan-van\"\nurls:\n  search: search\n",
    );
    site.build_ok();
    let page = site.read("public/search/index.html");
    assert!(page.contains("data-index=\"/dan-van/search/index/\""));
    assert!(page.contains("\"model_url\":\"/dan-van/mo-hinh/{slug}/\""));
    assert!(
        site.read("public/mo-hinh/tiep-cong-dan/index.html")
            .contains("action=\"/dan-van/search/\" method=\"get\" data-search-index=\"/dan-van/search/index/\"")
    );
    let titles = searcher(&site.join("public/search/index")).titles("lang nghe");
    assert_eq!(titles, ["Tiếp công dân bằng sự lắng nghe"]);
}

#[test]
fn drafts_are_searchable_only_when_built() {
    let site = Site::valid();
    site.file(
        "content/models/nhap.md",
        "---\ntitle: \"Bản nháp về đường làng\"\nunit: \"Xã A\"\nyear: 2024\nfield: \"Tiếp công dân\"\ndraft: true\n---\nNội dung.\n",
    );
    site.build_ok();
    let index = site.join("public/tim-kiem/index");
    assert!(searcher(&index).titles("ban nhap").is_empty());
    assert_eq!(searcher(&index).titles("lang nghe").len(), 1);
    site.kheo(&["build", "--drafts"]);
    assert_eq!(
        searcher(&index).titles("ban nhap"),
        ["Bản nháp về đường làng"]
    );
}

#[test]
fn a_field_name_cannot_break_out_of_the_inline_manifest() {
    let site = Site::new();
    site.file(
        "content/models/x.md",
        "---\ntitle: \"Mô hình\"\nunit: \"Xã A\"\nyear: 2024\nfield: \"</script><b>x\"\n---\nNội dung.\n",
    );
    site.build_ok();
    let page = site.read("public/tim-kiem/index.html");
    let manifest = page
        .split("id=\"search-manifest\">")
        .nth(1)
        .and_then(|rest| rest.split("</script>").next())
        .expect("the manifest script");
    assert!(manifest.contains("\\u003c/script>\\u003cb>x"), "{manifest}");
    let meta: serde_json::Value = serde_json::from_str(manifest).expect("valid JSON");
    assert_eq!(meta["fields"][0][0], "</script><b>x");
}

/// Runs the ranking of `static/search.js` in Node on an index folder:
/// per query `[total, [every result, best first], all words matched]`.
/// None when Node is not installed (CI installs it before the tests).
fn script_results(index: &Path, queries: &[(&str, Filters)]) -> Option<serde_json::Value> {
    const SCRIPT: &str = r#"
const fs = require('fs'), path = require('path');
const api = require(process.argv[1]);
const dir = process.argv[2];
(async () => {
  const out = [];
  for (const [q, field, year] of JSON.parse(process.argv[3])) {
    const engine = new api.Engine((p) => Promise.resolve(
      JSON.parse(fs.readFileSync(path.join(dir, p.replace(/\?.*$/, '')), 'utf8'))));
    const r = await engine.search(q, { field, year });
    out.push([r.total, r.top(r.total), r.allWords]);
  }
  console.log(JSON.stringify(out));
})();
"#;
    let script = Path::new(env!("CARGO_MANIFEST_DIR")).join("themes/default/static/search.js");
    let queries: Vec<(&str, i64, i64)> = queries
        .iter()
        .map(|(q, f)| {
            let idx = |x: Option<usize>| x.map_or(-1, |v| v as i64);
            (*q, idx(f.field), idx(f.year))
        })
        .collect();
    let out = std::process::Command::new("node")
        .arg("-e")
        .arg(SCRIPT)
        .arg(&script)
        .arg(index)
        .arg(serde_json::to_string(&queries).expect("queries serialise"))
        .output()
        .ok()?;
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    Some(serde_json::from_slice(&out.stdout).expect("the script prints JSON"))
}

#[test]
fn the_script_ranks_exactly_like_the_reference() {
    let site = sample_site();
    let index = site.join("public/tim-kiem/index");
    let none = Filters::default();
    let queries = [
        ("dan van kheo", none),
        ("Dân vận khéo", none),
        ("khéo", none),
        ("giai phong mat b", none),
        ("duong vanh dai 4", none),
        ("dang uy", none),
        ("doi thoai, tiep dan", none),
        ("1.041 mô hình", none),
        ("xyzzy soc son", none),
        ("thôn xóm", none),
        ("g", none),
        (
            "can bo",
            Filters {
                field: Some(0),
                year: None,
            },
        ),
        (
            "can bo",
            Filters {
                field: None,
                year: Some(1),
            },
        ),
    ];
    let Some(script) = script_results(&index, &queries) else {
        eprintln!(
            "note: node is not installed; the script's ranking is checked by the browser tests only"
        );
        return;
    };
    let mut s = searcher(&index);
    for (i, (q, filters)) in queries.iter().enumerate() {
        let r = s.search(q, *filters);
        let expected = serde_json::json!([r.docs.len(), r.docs, r.all_words]);
        assert_eq!(
            script[i], expected,
            "query {q:?} ranks differently in search.js"
        );
        assert!(!r.docs.is_empty() || *q == "g", "{q:?} finds nothing");
    }
}
