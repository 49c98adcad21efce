//! Typed template contexts, built in one place and borrowing from the
//! [`Index`]. docs/templates.md documents them for theme authors.

use serde::Serialize;

use super::urls::Urls;
use crate::config::Config;
use crate::content::Model;
use crate::index::{Index, TaxonomyKind, Term};

/// `site`: what every template receives about the site.
#[derive(Serialize)]
pub struct SiteCtx<'a> {
    pub title: &'a str,
    pub description: &'a str,
    pub language: &'static str,
    pub base_url: &'a str,
    /// Scheme and host of `base_url` (`https://example.org`), empty without one:
    /// the print stylesheet puts it before site-relative link URLs.
    pub origin: &'a str,
    pub home_url: String,
    pub generator: &'static str,
    pub totals: Totals,
    pub sections: Vec<Section>,
    pub pages: Vec<Crumb>,
    pub feed_url: String,
    pub models_json_url: String,
    pub models_csv_url: String,
    /// URL of the statistics page (`thong-ke/`).
    pub stats_url: String,
    /// URL of the search page (`tim-kiem/`).
    pub search_url: String,
    /// URL of the folder of the search index (`tim-kiem/index/`).
    pub search_index_url: String,
    /// URL of the booklet page (`so-tay/`), when this build makes the booklet.
    pub booklet_url: Option<String>,
}

/// Counts for the home page.
#[derive(Serialize)]
pub struct Totals {
    pub models: usize,
    pub fields: usize,
    pub units: usize,
    pub years: usize,
    pub localities: usize,
}

/// A browse section in the menu.
#[derive(Serialize, Clone)]
pub struct Section {
    pub key: &'static str,
    pub title: String,
    pub url: String,
}

/// `page`: the page being rendered.
#[derive(Serialize)]
pub struct PageCtx<'a> {
    pub kind: &'static str,
    pub title: &'a str,
    pub description: &'a str,
    pub url: String,
    pub permalink: String,
    /// Absolute URL of the page's image (`og:image`), when it has one.
    pub image: Option<String>,
}

/// A term with its URL and count.
#[derive(Serialize)]
pub struct TermRef<'a> {
    pub name: &'a str,
    pub slug: &'a str,
    pub url: String,
    pub count: usize,
}

/// A model as listed in cards.
#[derive(Serialize)]
pub struct Card<'a> {
    pub title: &'a str,
    pub url: String,
    pub summary: &'a str,
    pub unit: TermRef<'a>,
    pub field: TermRef<'a>,
    pub year: TermRef<'a>,
    pub locality: Option<TermRef<'a>>,
    pub date: Option<String>,
    pub date_iso: Option<String>,
    pub draft: bool,
}

/// A model on its own page.
#[derive(Serialize)]
pub struct ModelCtx<'a> {
    #[serde(flatten)]
    pub card: Card<'a>,
    pub level: Option<&'a str>,
    pub award: Option<&'a str>,
    pub tags: &'a [String],
    /// URL of the cover image (`image:` in front matter), as the page links it.
    pub image: Option<&'a str>,
    pub content: minijinja::Value,
    pub source: &'a str,
}

/// A link in a breadcrumb trail.
#[derive(Serialize)]
pub struct Crumb {
    pub title: String,
    pub url: String,
}

/// `taxonomy` on taxonomy and term pages.
#[derive(Serialize)]
pub struct TaxonomyCtx {
    pub key: &'static str,
    pub title: String,
    pub url: String,
}

/// `paginator` on term pages.
#[derive(Serialize)]
pub struct Paginator {
    pub page: usize,
    pub pages: usize,
    pub total: usize,
    pub per_page: usize,
    pub prev: Option<String>,
    pub next: Option<String>,
    pub links: Vec<PageLink>,
}

/// One numbered page link.
#[derive(Serialize)]
pub struct PageLink {
    pub number: usize,
    pub url: String,
    pub current: bool,
}

/// Builds contexts from the index; shared by every renderer.
pub struct Contexts<'a> {
    pub index: &'a Index,
    pub config: &'a Config,
    pub urls: &'a Urls<'a>,
    pub strings: &'a std::collections::BTreeMap<String, String>,
}

impl<'a> Contexts<'a> {
    /// A UI string, or its key when the theme lacks it.
    pub fn string(&self, key: &str) -> String {
        self.strings
            .get(key)
            .cloned()
            .unwrap_or_else(|| key.to_owned())
    }

    /// The `site` variable.
    pub fn site(&self) -> SiteCtx<'a> {
        let idx = self.index;
        SiteCtx {
            title: &self.config.title,
            description: &self.config.description,
            language: self.config.language.code(),
            base_url: &self.config.base_url,
            origin: self.urls.origin(),
            home_url: self.urls.home(),
            generator: concat!("kheo ", env!("CARGO_PKG_VERSION")),
            totals: Totals {
                models: idx.models.len(),
                fields: idx.fields.terms.len(),
                units: idx.units.terms.len(),
                years: idx.years.terms.len(),
                localities: idx.localities.terms.len(),
            },
            sections: self.sections(),
            pages: idx
                .pages
                .iter()
                .map(|p| Crumb {
                    title: p.title.clone(),
                    url: self.urls.url(&self.urls.page_dir(&p.slug)),
                })
                .collect(),
            feed_url: self.urls.file("feed.xml"),
            models_json_url: self.urls.file("models.json"),
            models_csv_url: self.urls.file("models.csv"),
            stats_url: self.urls.url(&format!("{}/", self.config.urls.stats)),
            search_url: self.urls.url(&format!("{}/", self.config.urls.search)),
            search_index_url: self.urls.url(&crate::search::index_dir(self.config)),
            booklet_url: self
                .config
                .with_booklet
                .then(|| self.urls.url(&format!("{}/", self.config.urls.booklet))),
        }
    }

    /// The browse sections that have something to show.
    pub fn sections(&self) -> Vec<Section> {
        TaxonomyKind::ALL
            .into_iter()
            .filter(|k| *k != TaxonomyKind::Localities || !self.index.localities.terms.is_empty())
            .map(|k| Section {
                key: k.key(),
                title: self.string(k.key()),
                url: self.urls.taxonomy(k),
            })
            .collect()
    }

    /// The `taxonomy` variable.
    pub fn taxonomy(&self, kind: TaxonomyKind) -> TaxonomyCtx {
        TaxonomyCtx {
            key: kind.key(),
            title: self.string(kind.key()),
            url: self.urls.taxonomy(kind),
        }
    }

    /// A term reference.
    pub fn term(&self, kind: TaxonomyKind, term: &'a Term) -> TermRef<'a> {
        TermRef {
            name: &term.name,
            slug: &term.slug,
            url: self.urls.term(kind, &term.slug, 1),
            count: term.models.len(),
        }
    }

    fn term_at(&self, kind: TaxonomyKind, i: usize) -> TermRef<'a> {
        self.term(kind, &self.index.taxonomy(kind).terms[i])
    }

    /// The card of model `i`.
    pub fn card(&self, i: usize) -> Card<'a> {
        let m: &'a Model = &self.index.models[i];
        let t = self.index.model_terms[i];
        Card {
            title: &m.title,
            url: self.urls.model(&m.slug),
            summary: &m.summary,
            unit: self.term_at(TaxonomyKind::Units, t.unit),
            field: self.term_at(TaxonomyKind::Fields, t.field),
            year: self.term_at(TaxonomyKind::Years, t.year),
            locality: t
                .locality
                .map(|l| self.term_at(TaxonomyKind::Localities, l)),
            date: m.date.map(|d| self.config.language.date(d)),
            date_iso: m.date.map(|d| d.to_string()),
            draft: m.draft,
        }
    }

    /// The full context of model `i`.
    pub fn model(&self, i: usize) -> ModelCtx<'a> {
        let m: &'a Model = &self.index.models[i];
        ModelCtx {
            card: self.card(i),
            level: m.level.as_deref(),
            award: m.award.as_deref(),
            tags: &m.tags,
            image: m.image.as_deref(),
            content: minijinja::Value::from_safe_string(m.html.to_string()),
            source: &m.source,
        }
    }
}
