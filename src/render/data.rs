//! The registry files: `models.json` and `models.csv` (UTF-8 with BOM so
//! Excel shows Vietnamese), in index order: year descending, then title.

use serde::Serialize;

use super::urls::Urls;
use crate::index::Index;

#[derive(Serialize)]
struct Registry<'a> {
    generator: &'static str,
    count: usize,
    models: Vec<Entry<'a>>,
}

/// One model as the registry lists it; absent values are `null`.
#[derive(Serialize)]
struct Entry<'a> {
    title: &'a str,
    slug: &'a str,
    url: String,
    unit: &'a str,
    year: i32,
    field: &'a str,
    locality: Option<&'a str>,
    level: Option<&'a str>,
    award: Option<&'a str>,
    tags: &'a [String],
    summary: Option<&'a str>,
    date: Option<String>,
    source: &'a str,
}

fn entries<'a>(index: &'a Index, urls: &Urls<'_>, selection: &[usize]) -> Vec<Entry<'a>> {
    selection.iter().map(|&i| entry(index, urls, i)).collect()
}

/// Model `i` as the registry lists it.
fn entry<'a>(index: &'a Index, urls: &Urls<'_>, i: usize) -> Entry<'a> {
    let m = &index.models[i];
    Entry {
        title: &m.title,
        slug: &m.slug,
        url: format!("/{}", urls.model_dir(&m.slug)),
        unit: &m.unit,
        year: m.year,
        field: &m.field,
        locality: m.locality.as_deref(),
        level: m.level.as_deref(),
        award: m.award.as_deref(),
        tags: &m.tags,
        summary: Some(m.summary.as_str()).filter(|s| !s.is_empty()),
        date: m.date.map(|d| d.to_string()),
        source: &m.source,
    }
}

/// A fingerprint of what [`json`] and [`csv`] write of the selected models.
pub fn fingerprint(
    h: &mut crate::fingerprint::Hasher,
    index: &Index,
    urls: &Urls<'_>,
    selection: &[usize],
) {
    use rayon::prelude::*;
    let per_model: Vec<crate::fingerprint::Fingerprint> = selection
        .par_iter()
        .map(|&i| {
            let mut h = crate::fingerprint::Hasher::new();
            h.binary(&entry(index, urls, i));
            h.finish()
        })
        .collect();
    h.u64(per_model.len() as u64);
    for f in per_model {
        h.fingerprint(f);
    }
}

/// `models.json` of the selected models (indices into the index, in order).
pub fn json(index: &Index, urls: &Urls<'_>, selection: &[usize]) -> Vec<u8> {
    let registry = Registry {
        generator: concat!("kheo ", env!("CARGO_PKG_VERSION")),
        count: selection.len(),
        models: entries(index, urls, selection),
    };
    let mut out = serde_json::to_vec_pretty(&registry).expect("the registry serialises");
    out.push(b'\n');
    out
}

/// `models.csv`: a header row, tags joined with `; `.
pub fn csv(index: &Index, urls: &Urls<'_>, selection: &[usize]) -> Vec<u8> {
    let mut out = b"\xEF\xBB\xBF".to_vec();
    {
        let mut w = csv::Writer::from_writer(&mut out);
        let header = [
            "title", "slug", "url", "unit", "year", "field", "locality", "level", "award", "tags",
            "summary", "date", "source",
        ];
        w.write_record(header)
            .expect("writing to memory cannot fail");
        for e in entries(index, urls, selection) {
            let year = e.year.to_string();
            let tags = e.tags.join("; ");
            let date = e.date.unwrap_or_default();
            let row = [
                e.title,
                e.slug,
                &e.url,
                e.unit,
                &year,
                e.field,
                e.locality.unwrap_or(""),
                e.level.unwrap_or(""),
                e.award.unwrap_or(""),
                &tags,
                e.summary.unwrap_or(""),
                &date,
                e.source,
            ];
            w.write_record(row).expect("writing to memory cannot fail");
        }
        w.flush().expect("writing to memory cannot fail");
    }
    out
}
