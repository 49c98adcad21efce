//! The statistics page (`thong-ke/`): models per year, per field and for the
//! units with the most models, each as a chart ([`super::charts`]) and as a
//! table of the same numbers whose names link to their term pages.

use serde::Serialize;

use super::charts::{Bar, BarChart, Numbers};
use super::context::{Contexts, TermRef};
use crate::config::Config;
use crate::index::TaxonomyKind;

/// Units shown on the statistics page.
pub const TOP_UNITS: usize = 15;

/// Output directory of the statistics page.
pub fn dir(config: &Config) -> String {
    format!("{}/", config.urls.stats)
}

/// `stats` on the statistics page.
#[derive(Serialize)]
pub struct StatsCtx<'a> {
    /// The earliest year of recognition, or `None` without models.
    pub first_year: Option<&'a str>,
    /// The latest year of recognition.
    pub last_year: Option<&'a str>,
    /// Per year (newest first), per field, top units.
    pub charts: Vec<ChartCtx<'a>>,
}

/// One chart with its table.
#[derive(Serialize)]
pub struct ChartCtx<'a> {
    /// `years`, `fields` or `units`.
    pub key: &'static str,
    /// Id of the section heading.
    pub id: &'static str,
    /// Heading, and the chart's `<title>`.
    pub title: String,
    /// How the chart is ordered (the figure caption).
    pub note: String,
    /// Caption of the table.
    pub caption: String,
    /// Header of the name column ("Năm", "Lĩnh vực", "Đơn vị").
    pub label: String,
    /// The `<svg>` (HTML), or `none` without data.
    pub svg: Option<minijinja::Value>,
    /// The text alternative, or the "no models" sentence.
    pub text: String,
    /// The terms drawn, in chart order.
    pub rows: Vec<TermRef<'a>>,
    /// How many terms of this kind there are (more than `rows` for units).
    pub total: usize,
    /// URL of the taxonomy index ("all units").
    pub url: String,
}

/// The element ids and UI-string keys of one chart.
struct Spec {
    /// Id of the section heading.
    id: &'static str,
    /// Id prefix of the chart's `<title>` and `<desc>`.
    chart_id: &'static str,
    label: &'static str,
    title: &'static str,
    note: &'static str,
    caption: &'static str,
    /// How one bar is said: "năm {label}: {count}".
    item: &'static str,
}

const YEARS: Spec = Spec {
    id: "theo-nam",
    chart_id: "bieu-do-nam",
    label: "year",
    title: "stats_years_title",
    note: "stats_years_note",
    caption: "stats_years_table",
    item: "stats_year_item",
};

const FIELDS: Spec = Spec {
    id: "theo-linh-vuc",
    chart_id: "bieu-do-linh-vuc",
    label: "field",
    title: "stats_fields_title",
    note: "stats_order_note",
    caption: "stats_fields_table",
    item: "stats_item",
};

/// Units; the title becomes `stats_top_units_title` when only the top ones are shown.
const UNITS: Spec = Spec {
    id: "theo-don-vi",
    chart_id: "bieu-do-don-vi",
    label: "unit",
    title: "stats_units_title",
    note: "stats_order_note",
    caption: "stats_units_table",
    item: "stats_item",
};

/// The `stats` variable.
pub fn context<'a>(ctx: &Contexts<'a>) -> StatsCtx<'a> {
    let years = &ctx.index.years.terms;
    let sep = ctx.string("thousands_sep");
    let one = ctx.string("model_unit");
    let many = ctx.string("models_unit");
    let numbers = Numbers {
        thousands_sep: &sep,
        one: &one,
        many: &many,
    };
    let charts = vec![
        chart(ctx, &numbers, TaxonomyKind::Years, usize::MAX),
        chart(ctx, &numbers, TaxonomyKind::Fields, usize::MAX),
        chart(ctx, &numbers, TaxonomyKind::Units, TOP_UNITS),
    ];
    StatsCtx {
        // Years are sorted newest first.
        first_year: years.last().map(|t| t.name.as_str()),
        last_year: years.first().map(|t| t.name.as_str()),
        charts,
    }
}

/// The chart of one taxonomy: years in the index's order (newest first);
/// fields and units by count, most first, ties in the index's Vietnamese
/// order (the sort is stable); at most `limit` terms.
fn chart<'a>(
    ctx: &Contexts<'a>,
    numbers: &Numbers<'_>,
    kind: TaxonomyKind,
    limit: usize,
) -> ChartCtx<'a> {
    let terms = &ctx.index.taxonomy(kind).terms;
    let mut rows: Vec<TermRef<'a>> = terms.iter().map(|t| ctx.term(kind, t)).collect();
    if kind != TaxonomyKind::Years {
        rows.sort_by_key(|r| std::cmp::Reverse(r.count));
    }
    rows.truncate(limit);
    let cut = rows.len() < terms.len();
    let spec = match kind {
        TaxonomyKind::Years => &YEARS,
        TaxonomyKind::Fields => &FIELDS,
        _ => &UNITS,
    };
    let title = if cut {
        ctx.string("stats_top_units_title")
            .replace("{n}", &numbers.number(rows.len()))
    } else {
        ctx.string(spec.title)
    };
    let mut note = ctx.string(spec.note);
    if cut {
        let shown = ctx
            .string("stats_shown")
            .replace("{shown}", &numbers.number(rows.len()))
            .replace("{total}", &numbers.number(terms.len()));
        note = format!("{note} {shown}");
    }
    let item = ctx.string(spec.item);
    let empty = ctx.string("no_models");
    let drawn = BarChart {
        id: spec.chart_id,
        title: &title,
        bars: rows
            .iter()
            .map(|r| Bar {
                label: r.name,
                value: r.count,
            })
            .collect(),
        item: &item,
        empty: &empty,
        numbers,
    }
    .render();
    ChartCtx {
        key: kind.key(),
        id: spec.id,
        title,
        note,
        caption: ctx.string(spec.caption),
        label: ctx.string(spec.label),
        svg: drawn.svg.map(minijinja::Value::from_safe_string),
        text: drawn.text,
        rows,
        total: terms.len(),
        url: ctx.urls.taxonomy(kind),
    }
}
