//! Folding, tokenising and ranking, through the files the index really
//! writes and the reference ranking that reads them like the browser.

use std::collections::BTreeMap;
use std::sync::Mutex;

use super::query::{Filters, Query, Searcher};
use super::*;
use crate::content::model::KeyPositions;
use crate::content::{Content, Model};
use crate::vi::Collator;

/// A model; `body` is Markdown-free text, one paragraph.
fn model(title: &str, unit: &str, field: &str, year: i32, body: &str) -> Model {
    Model {
        source: format!("content/models/{}.md", crate::vi::slugify(title)),
        title: title.to_owned(),
        unit: unit.to_owned(),
        year,
        field: field.to_owned(),
        summary: String::new(),
        locality: None,
        level: None,
        award: None,
        tags: Vec::new(),
        date: None,
        slug: crate::vi::slugify(title),
        draft: false,
        booklet: true,
        weight: 0,
        image: None,
        body: Default::default(),
        body_line: 1,
        html: format!("<p>{body}</p>\n").into(),
        positions: KeyPositions::default(),
    }
}

/// Every file of the index of `models`: path inside the index folder → bytes.
fn files_of(models: Vec<Model>) -> BTreeMap<String, Vec<u8>> {
    let config = Config::default();
    let content = Content {
        models,
        pages: Vec::new(),
        home: None,
    };
    let (index, _) = Index::build(content, &config, &Collator::new());
    let urls = Urls::new(&config);
    let files = Mutex::new(BTreeMap::new());
    let sink = |f: OutputFile| {
        let crate::output::Contents::Bytes(b) = f.contents else {
            panic!("index files are generated");
        };
        files.lock().expect("no panic while held").insert(f.path, b);
        Ok(())
    };
    let written = write_index(&index, &config, &urls, &sink);
    assert!(written.diagnostics.is_empty());
    let paths = written.paths;
    let files = files.into_inner().expect("no panic while held");
    assert_eq!(paths.len(), files.len());
    let dir = index_dir(&config);
    files
        .into_iter()
        .map(|(p, b)| {
            (
                p.strip_prefix(&dir).expect("inside the index").to_owned(),
                b,
            )
        })
        .collect()
}

fn searcher(files: &BTreeMap<String, Vec<u8>>) -> Searcher<impl Fn(&str) -> Option<Vec<u8>> + '_> {
    Searcher::open(move |p: &str| files.get(p).cloned()).expect("the manifest reads")
}

const UNIT: &str = "Ủy ban nhân dân xã";
const FIELD: &str = "Tiếp công dân";

fn corpus() -> BTreeMap<String, Vec<u8>> {
    files_of(vec![
        model(
            "Mở rộng đường giao thông nông thôn",
            UNIT,
            FIELD,
            2023,
            "Nhân dân hiến đất làm đường.",
        ),
        model(
            "Học tập và làm theo gương Bác",
            "Đảng ủy xã Nật Sơn",
            FIELD,
            2022,
            "Chi bộ họp bàn.",
        ),
        model("Cách làm khèo ở thôn", UNIT, FIELD, 2021, "Một câu chuyện."),
        model("Cách làm khéo ở thôn", UNIT, FIELD, 2021, "Một câu chuyện."),
        model("Cách làm kheo ở thôn", UNIT, FIELD, 2021, "Một câu chuyện."),
        model(
            "Vận động nhân dân hiến đất",
            UNIT,
            "Giải phóng mặt bằng",
            2020,
            "Cán bộ đến từng nhà.",
        ),
        model(
            "Dân vận khéo khi hiến đất",
            UNIT,
            "Giải phóng mặt bằng",
            2020,
            "Cán bộ đến từng nhà.",
        ),
        model(
            "Giải phóng mặt bằng Vành đai 4",
            UNIT,
            "Giải phóng mặt bằng",
            2019,
            "Đối thoại với 1.041 hộ dân.",
        ),
    ])
}

#[test]
fn duong_finds_the_word_with_d_stroke() {
    let files = corpus();
    let titles = searcher(&files).titles("duong");
    assert_eq!(titles, ["Mở rộng đường giao thông nông thôn"]);
}

#[test]
fn dang_uy_finds_dang_uy() {
    let files = corpus();
    let titles = searcher(&files).titles("dang uy");
    assert_eq!(titles, ["Học tập và làm theo gương Bác"]);
}

#[test]
fn a_folded_query_matches_every_spelling() {
    let files = corpus();
    let mut titles = searcher(&files).titles("kheo");
    titles.sort();
    assert_eq!(
        titles,
        [
            "Cách làm kheo ở thôn",
            "Cách làm khèo ở thôn",
            "Cách làm khéo ở thôn",
            "Dân vận khéo khi hiến đất"
        ]
    );
}

#[test]
fn exact_diacritics_rank_first() {
    let files = corpus();
    let mut s = searcher(&files);
    let titles = s.titles("làm khéo");
    assert_eq!(titles[0], "Cách làm khéo ở thôn");
    assert_eq!(titles.len(), 3);
    let titles = s.titles("làm khèo");
    assert_eq!(titles[0], "Cách làm khèo ở thôn");
    let r = s.search("khéo", Filters::default());
    let score_of = |title: &str, s: &mut Searcher<_>| {
        let i = r
            .docs
            .iter()
            .position(|&d| s.doc(d).expect("stored").title == title)
            .expect("found");
        r.scores[i]
    };
    let exact = score_of("Cách làm khéo ở thôn", &mut s);
    let other = score_of("Cách làm khèo ở thôn", &mut s);
    assert!(exact > 2.0 * other, "{exact} vs {other}");
}

#[test]
fn adjacent_words_in_order_rank_first() {
    let files = corpus();
    let mut s = searcher(&files);
    for q in ["dan van", "dân vận", "Dân Vận"] {
        let titles = s.titles(q);
        assert_eq!(
            titles[..2],
            ["Dân vận khéo khi hiến đất", "Vận động nhân dân hiến đất"],
            "{q}"
        );
    }
    // Punctuation between the words: no pair, and the two titles nearly tie.
    let r = s.search("dan, van", Filters::default());
    assert!(r.scores[0] < 1.2 * r.scores[1], "{:?}", r.scores);
    let r = s.search("dan van", Filters::default());
    assert!(r.scores[0] > 1.5 * r.scores[1], "{:?}", r.scores);
}

#[test]
fn the_last_word_is_a_prefix_while_typing() {
    let files = corpus();
    let mut s = searcher(&files);
    // The field "Giải phóng mặt bằng" matches too; the title ranks first.
    let titles = s.titles("giai pho");
    assert_eq!(titles.len(), 3);
    assert_eq!(titles[0], "Giải phóng mặt bằng Vành đai 4");
    assert_eq!(
        s.titles("giai phong mat b")[0],
        "Giải phóng mặt bằng Vành đai 4"
    );
    // A finished word (followed by a space) is not a prefix.
    assert!(
        s.titles("giai pho ").is_empty() || !s.search("giai pho ", Filters::default()).all_words
    );
    // One letter that is no key yet is ignored until more is typed.
    assert_eq!(s.titles("duong g"), ["Mở rộng đường giao thông nông thôn"]);
}

#[test]
fn numbers_with_thousands_separators_are_one_word() {
    let files = corpus();
    let mut s = searcher(&files);
    assert_eq!(s.titles("1041"), ["Giải phóng mặt bằng Vành đai 4"]);
    assert_eq!(s.titles("1.041 hộ"), ["Giải phóng mặt bằng Vành đai 4"]);
}

#[test]
fn title_outranks_body() {
    let files = corpus();
    let titles = searcher(&files).titles("hien dat");
    assert_eq!(titles.len(), 3);
    assert_eq!(titles[2], "Mở rộng đường giao thông nông thôn");
}

#[test]
fn every_word_must_match_else_the_best_partial_matches() {
    let files = corpus();
    let mut s = searcher(&files);
    let r = s.search("duong xyzzy", Filters::default());
    assert!(!r.all_words);
    assert_eq!(
        s.doc(r.docs[0]).expect("stored").title,
        "Mở rộng đường giao thông nông thôn"
    );
    let r = s.search("duong thon", Filters::default());
    assert!(r.all_words);
    assert_eq!(r.docs.len(), 1);
    assert!(s.titles("xyzzy").is_empty());
    assert!(s.titles("  ").is_empty());
}

#[test]
fn filters_narrow_results_and_count_the_others() {
    let files = corpus();
    let mut s = searcher(&files);
    // Fields in Vietnamese order: Giải phóng mặt bằng (0), Tiếp công dân (1).
    let r = s.search(
        "thon",
        Filters {
            field: Some(1),
            year: None,
        },
    );
    assert_eq!(r.docs.len(), 4);
    assert_eq!(r.field_counts, [0, 4]);
    let r = s.search(
        "dat",
        Filters {
            field: Some(0),
            year: Some(3),
        },
    );
    assert_eq!(r.docs.len(), 2, "{r:?}");
    assert_eq!(r.field_counts, [2, 0]);
    assert_eq!(r.year_counts, [0, 0, 0, 2, 0]);
}

#[test]
fn queries_split_like_the_index() {
    let q = Query::parse("Dân vận, KHÉO");
    let keys: Vec<&str> = q.words.iter().map(|w| w.key.as_str()).collect();
    assert_eq!(keys, ["dan", "van", "kheo"]);
    assert_eq!(q.words[2].form, "khéo");
    assert!(q.words[2].breaks && !q.words[1].breaks);
    assert!(q.prefix);
    assert!(!Query::parse("dan van ").prefix);
    assert!(!Query::parse("dan van.").prefix);
    assert_eq!(Query::parse(&"a ".repeat(20)).words.len(), MAX_TERMS);
}

/// Many documents, so that records spread over several shards of each kind.
fn big_corpus() -> Vec<Model> {
    (0..300)
        .map(|i| {
            let own: Vec<String> = (0..10).map(|k| format!("từ{i}x{k}")).collect();
            let body = format!(
                "Mô hình số {i} có từ riêng mãriêng{i} và cặp cặpđầu{i} cặpcuối{i}. {}. {}",
                own.join(", "),
                "Nhân dân đồng thuận, cán bộ gần dân, hiểu dân, trọng dân. ".repeat(20)
            );
            model(
                &format!("Mô hình thứ {i}"),
                UNIT,
                FIELD,
                2000 + (i % 20),
                &body,
            )
        })
        .collect()
}

#[test]
fn every_record_is_found_across_shards() {
    let files = files_of(big_corpus());
    let shards = files.keys().filter(|p| p.starts_with("w/")).count();
    let pair_shards = files.keys().filter(|p| p.starts_with("p/")).count();
    assert!(shards > 2 && pair_shards > 2, "{shards} {pair_shards}");
    let mut s = searcher(&files);
    for i in (0..300).step_by(7) {
        assert_eq!(
            s.titles(&format!("marieng{i} ")),
            [format!("Mô hình thứ {i}")]
        );
        assert!(
            s.titles(&format!("marieng{i}"))
                .contains(&format!("Mô hình thứ {i}"))
        );
        assert_eq!(
            s.titles(&format!("capdau{i} capcuoi{i}"))[0],
            format!("Mô hình thứ {i}")
        );
    }
    // Every query reads the manifest, its shards and the store, nothing else.
    assert!(s.fetched.iter().all(|f| f == "meta.json"
        || f == "facets.json"
        || f.starts_with("w/")
        || f.starts_with("p/")
        || f.starts_with("c/")
        || f.starts_with("d/")));
}

#[test]
fn a_query_reads_only_the_shards_it_needs() {
    let files = files_of(big_corpus());
    let mut s = searcher(&files);
    s.titles("marieng42 ");
    let words: Vec<&String> = s.fetched.iter().filter(|f| f.starts_with("w/")).collect();
    assert_eq!(words.len(), 1, "{:?}", s.fetched);
    assert!(
        !s.fetched
            .iter()
            .any(|f| f.starts_with("p/") || f.starts_with("c/"))
    );
}

#[test]
fn the_index_is_byte_identical_whatever_the_thread_count() {
    let build = |threads: usize| {
        rayon::ThreadPoolBuilder::new()
            .num_threads(threads)
            .build()
            .expect("a thread pool")
            .install(|| files_of(big_corpus()))
    };
    let one = build(1);
    let four = build(4);
    assert_eq!(
        one.keys().collect::<Vec<_>>(),
        four.keys().collect::<Vec<_>>()
    );
    for (path, bytes) in &one {
        assert!(four[path] == *bytes, "{path} differs");
    }
}

#[test]
fn records_are_sorted_and_well_formed() {
    let files = files_of(big_corpus());
    let mut last: Option<String> = None;
    let shards = files.keys().filter(|p| p.starts_with("w/")).count();
    for s in 0..shards {
        let v: serde_json::Value =
            serde_json::from_slice(&files[&format!("w/{s}.json")]).expect("JSON");
        for r in v.as_array().expect("array") {
            let key = r[0].as_str().expect("key").to_owned();
            if let Some(prev) = &last {
                assert!(js_cmp(prev, &key).is_lt(), "{prev} < {key}");
            }
            let docs = encode::docs(r[2].as_str().expect("docs")).expect("valid");
            let impacts = encode::impacts(r[3].as_str().expect("impacts")).expect("valid");
            assert_eq!(docs.len(), impacts.len());
            assert_eq!(docs.len() as u64, r[1].as_u64().expect("df"));
            assert!(docs.windows(2).all(|w| w[0] < w[1]));
            last = Some(key);
        }
    }
}

#[test]
fn a_long_list_keeps_its_best_impacts_and_flattens_the_rest() {
    // 10 documents at 40, 3 at 30, 5 at 20, 7 at 10, 5 at 5.
    let mut digits: Vec<u8> = [40; 10]
        .into_iter()
        .chain([30; 3])
        .chain([20; 5])
        .chain([10; 7])
        .chain([5; 5])
        .collect();
    flatten_tail(&mut digits, 14);
    // 13 exceed 20 (a 14th would split the tie at 20): they stay; the 17
    // others (5 × 20, 7 × 10, 5 × 5) take their median, 10.
    assert_eq!(digits.iter().filter(|&&d| d == 40).count(), 10);
    assert_eq!(digits.iter().filter(|&&d| d == 30).count(), 3);
    assert_eq!(digits.iter().filter(|&&d| d == 10).count(), 17);
    assert_eq!(digits.len(), 30);
    // Nothing to keep: all take the median.
    let mut flat = vec![3, 9, 9, 1];
    flatten_tail(&mut flat, 0);
    assert_eq!(flat, vec![9, 9, 9, 9]);
}

#[test]
fn the_commonest_lists_are_named_for_fetching_ahead_within_budget() {
    let files = files_of(big_corpus());
    let meta: serde_json::Value = serde_json::from_slice(&files["meta.json"]).expect("JSON");
    let shards = |kind: &str| -> Vec<usize> {
        meta["hot"][kind]
            .as_array()
            .expect("a list")
            .iter()
            .map(|v| v.as_u64().expect("a shard number") as usize)
            .collect()
    };
    let (w, p) = (shards("w"), shards("p"));
    assert!(!w.is_empty() && !p.is_empty(), "{}", meta["hot"]);
    let (mut bytes, mut raw) = (0, 0);
    for (kind, list) in [("w", &w), ("p", &p)] {
        for s in list {
            let file = &files[&format!("{kind}/{s}.json")];
            bytes += gzip_len(file);
            raw += file.len();
        }
    }
    assert!(bytes <= HOT_BYTES && raw <= HOT_RAW_BYTES, "{bytes} {raw}");
    // The commonest word of the corpus is among them.
    let mut best = (0u64, String::new(), 0usize);
    for s in 0..meta["w"].as_array().expect("firsts").len() {
        let v: serde_json::Value =
            serde_json::from_slice(&files[&format!("w/{s}.json")]).expect("JSON");
        for r in v.as_array().expect("records") {
            let df = r[1].as_u64().expect("df");
            if df > best.0 {
                best = (df, r[0].as_str().expect("key").to_owned(), s);
            }
        }
    }
    assert!(
        w.contains(&best.2),
        "`{}` (df {}) in w/{}: {w:?}",
        best.1,
        best.0,
        best.2
    );
}

#[test]
fn the_file_fetched_ahead_holds_exact_copies_of_the_files_it_names() {
    let files = files_of(big_corpus());
    let meta: serde_json::Value = serde_json::from_slice(&files["meta.json"]).expect("JSON");
    let ahead: serde_json::Value = serde_json::from_slice(&files[AHEAD_FILE]).expect("JSON");
    let named: Vec<&str> = meta["ahead"]
        .as_array()
        .expect("a list")
        .iter()
        .map(|p| p.as_str().expect("a path"))
        .collect();
    let held: Vec<&String> = ahead.as_object().expect("an object").keys().collect();
    assert_eq!(held.len(), named.len());
    for path in &named {
        let own: serde_json::Value = serde_json::from_slice(&files[*path]).expect("JSON");
        assert!(ahead[*path] == own, "{path} differs in {AHEAD_FILE}");
    }
    // Every completion file, the facets, and every shard named hot.
    let hot = meta["hot"]["w"]
        .as_array()
        .expect("a list")
        .iter()
        .map(|s| format!("w/{s}.json"))
        .chain(
            meta["hot"]["p"]
                .as_array()
                .expect("a list")
                .iter()
                .map(|s| format!("p/{s}.json")),
        );
    let completions = files.keys().filter(|p| p.starts_with("c/")).cloned();
    for path in hot.chain(completions).chain(["facets.json".to_owned()]) {
        assert!(
            named.contains(&path.as_str()),
            "{path} is not fetched ahead"
        );
    }
}
