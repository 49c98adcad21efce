//! Rendering the indexed site into output files.
//!
//! 1. [`theme`] loads templates, UI strings and static files (site override →
//!    theme folder → embedded default).
//! 2. [`context`] builds typed template contexts that borrow from the Index.
//! 3. [`render_site`] lists every page as a [`Job`] and renders them in
//!    parallel: home, models, taxonomy indexes, paginated term pages, static
//!    pages, 404, feeds, sitemap, robots.txt, and the statistics page
//!    ([`stats`], drawn with [`charts`]) and the search page.
//! 4. [`data`] writes the registry (`models.json`, `models.csv`), and
//!    [`crate::search`] the search index, through the same sink.

pub mod charts;
pub mod context;
pub mod data;
mod stats;
pub mod theme;
pub mod urls;

use minijinja::{Value, context};
use rayon::prelude::*;

use crate::cache::{Memo, Reuse};
use crate::config::Config;
use crate::diagnostic::Diagnostic;
use crate::fingerprint::Hasher;
use crate::index::{Index, TaxonomyKind};
use crate::output::{Contents, OutputFile};
use context::{Contexts, Crumb, PageLink, Paginator};
pub use theme::Theme;
pub use urls::Urls;

/// A serialisable value as a template value.
fn val<T: serde::Serialize>(x: T) -> Value {
    Value::from(minijinja::value::Serde(x))
}

/// Models in a feed.
const FEED_ENTRIES: usize = 50;
/// Units listed on the home page.
const HOME_UNITS: usize = 10;

/// One output file to render.
#[derive(Debug, Clone, Copy)]
enum Job {
    Home,
    Model(usize),
    Taxonomy(TaxonomyKind),
    Term {
        kind: TaxonomyKind,
        term: usize,
        page: usize,
    },
    Page(usize),
    NotFound,
    Feed {
        field: Option<usize>,
    },
    Sitemap,
    Robots,
    /// The statistics page (`thong-ke/`).
    Stats,
    /// The search page (`tim-kiem/`), rendered after the index is written.
    Search,
}

/// Where rendered files go: written to the staging folder, or dropped by `kheo check`.
pub type Sink<'a> = dyn Fn(OutputFile) -> Result<(), Diagnostic> + Sync + 'a;

/// Renders every page, data file and static file into `sink` as soon as it
/// is ready, so the whole site never sits in memory; returns the output paths.
///
/// A page whose template context and template are those of the previous
/// build (per `reuse`) is not rendered: it goes to the sink as
/// [`Contents::Unchanged`]; likewise the whole search index.
pub fn render_site(
    index: &Index,
    config: &Config,
    theme: &Theme,
    sink: &Sink<'_>,
    reuse: &Reuse<'_>,
) -> (Vec<String>, Vec<Diagnostic>) {
    let lap = crate::site::Laps::new();
    let urls = Urls::new(config);
    let mut renderer = Renderer::new(index, config, theme, &urls);
    renderer.inputs = Some(std::sync::Arc::new(Inputs::new(&renderer)));
    let jobs = renderer.jobs();
    lap.at("  page inputs");
    let results: Vec<Result<String, Diagnostic>> = jobs
        .par_iter()
        .map(|job| renderer.render_or_reuse(*job, sink, reuse))
        .collect();
    let mut paths = Vec::with_capacity(results.len() + 2);
    let mut diagnostics = Vec::new();
    for r in results {
        match r {
            Ok(p) => paths.push(p),
            Err(d) => diagnostics.push(d),
        }
    }
    lap.at("  pages");
    let all: Vec<usize> = (0..index.models.len()).collect();
    let mut h = reuse.hasher();
    h.str("registry");
    data::fingerprint(&mut h, index, &urls, &all);
    let registry = h.finish();
    const REGISTRY: [&str; 2] = ["models.json", "models.csv"];
    let mut rest = if reuse.reuse("registry", registry).is_some() {
        REGISTRY.map(OutputFile::unchanged).into()
    } else {
        reuse.record(
            "registry",
            Memo {
                fingerprint: registry,
                paths: REGISTRY.map(String::from).into(),
                extra: String::new(),
            },
        );
        let (json, csv) = rayon::join(
            || data::json(index, &urls, &all),
            || data::csv(index, &urls, &all),
        );
        vec![
            OutputFile::bytes(REGISTRY[0], json),
            OutputFile::bytes(REGISTRY[1], csv),
        ]
    };
    for (path, source) in &theme.static_files {
        let contents = match source {
            theme::StaticSource::Disk(p) => reuse.copy(path, p),
            theme::StaticSource::Embedded(b) => Contents::Static(b),
        };
        rest.push(OutputFile {
            path: path.clone(),
            contents,
        });
    }
    for file in rest {
        paths.push(file.path.clone());
        if let Err(d) = sink(file) {
            diagnostics.push(d);
        }
    }
    lap.at("  data and static files");
    // The search page carries the manifest of the index, so it is rendered last.
    let (search_paths, manifest) =
        search_index(index, config, &urls, sink, reuse, &mut diagnostics);
    paths.extend(search_paths);
    let renderer = Renderer {
        search_manifest: manifest,
        ..renderer
    };
    match renderer.render_or_reuse(Job::Search, sink, reuse) {
        Ok(p) => paths.push(p),
        Err(d) => diagnostics.push(d),
    }
    (paths, diagnostics)
}

/// The search index, or the previous build's when nothing it reads changed
/// (patched from the previous build's lists when only a few documents
/// changed): its paths and its manifest.
fn search_index(
    index: &Index,
    config: &Config,
    urls: &Urls<'_>,
    sink: &Sink<'_>,
    reuse: &Reuse<'_>,
    diagnostics: &mut Vec<Diagnostic>,
) -> (Vec<String>, String) {
    const KEY: &str = "search";
    let inputs = crate::search::Inputs::of(index);
    let mut h = reuse.hasher();
    h.str(KEY).fingerprint(inputs.all);
    let fingerprint = h.finish();
    if let Some(memo) = reuse.reuse(KEY, fingerprint) {
        for path in &memo.paths {
            let file = OutputFile {
                path: path.clone(),
                contents: Contents::Unchanged,
            };
            if let Err(d) = sink(file) {
                diagnostics.push(d);
            }
        }
        return (memo.paths.clone(), memo.extra.clone());
    }
    // The previous lists, if they are those of the files still in the output.
    let previous = reuse.take_search().filter(|s| {
        reuse
            .previous(KEY)
            .is_some_and(|m| s.tag == (m.fingerprint, reuse.global()))
    });
    let (search, mut state) =
        crate::search::write_index_from(index, config, urls, sink, &inputs, previous);
    state.tag = (fingerprint, reuse.global());
    reuse.put_search(state);
    reuse.record(
        KEY,
        Memo {
            fingerprint,
            paths: search.paths.clone(),
            extra: search.manifest.clone(),
        },
    );
    diagnostics.extend(search.diagnostics);
    (search.paths, search.manifest)
}

/// A page rendered outside [`render_site`] (the booklet's print page): a
/// template extending `base.html`, given `site`, `t`, `page` and `extra` under `key`.
pub struct ExtraPage<'a> {
    /// The template, e.g. `booklet.html`.
    pub template: &'a str,
    /// `page.kind`.
    pub kind: &'static str,
    /// Page title.
    pub title: &'a str,
    /// Output folder, e.g. `so-tay/`.
    pub dir: &'a str,
    /// Name of the extra variable.
    pub key: &'a str,
    /// Its value.
    pub value: Value,
}

/// Renders one [`ExtraPage`] to `<dir>index.html`.
pub fn render_extra_page(
    index: &Index,
    config: &Config,
    theme: &Theme,
    page: ExtraPage<'_>,
) -> Result<OutputFile, Diagnostic> {
    let urls = Urls::new(config);
    let renderer = Renderer::new(index, config, theme, &urls);
    let ctx = renderer.page_ctx(page.kind, page.title, "", page.dir);
    let mut extra = std::collections::BTreeMap::new();
    extra.insert(page.key.to_owned(), page.value);
    let value = context! { ..renderer.base(ctx), ..Value::from(extra) };
    let tmpl = theme
        .env
        .get_template(page.template)
        .map_err(|e| theme.error(&e))?;
    let html = tmpl.render(value).map_err(|e| theme.error(&e))?;
    Ok(OutputFile::bytes(
        format!("{}index.html", page.dir),
        html.into_bytes(),
    ))
}

/// One file of the site made from a template or from the registry, to be
/// rendered on its own: `kheo serve` renders a page when it is asked for.
#[derive(Debug, Clone, Copy)]
pub struct Output(OutputKind);

#[derive(Debug, Clone, Copy)]
enum OutputKind {
    Page(Job),
    Json,
    Csv,
}

/// Every file of the site made from a template or from the registry, by
/// output path: the files [`render_site`] writes, less the search index and
/// the static files.
pub fn outputs(
    index: &Index,
    config: &Config,
    theme: &Theme,
    shared: &Shared,
) -> Vec<(String, Output)> {
    let urls = Urls::new(config);
    let renderer = Renderer::with_shared(index, config, theme, &urls, shared.clone());
    let mut outputs: Vec<(String, Output)> = renderer
        .jobs()
        .into_iter()
        .chain([Job::Search])
        .map(|job| (renderer.path_of(job), Output(OutputKind::Page(job))))
        .collect();
    outputs.push(("models.json".to_owned(), Output(OutputKind::Json)));
    outputs.push(("models.csv".to_owned(), Output(OutputKind::Csv)));
    outputs
}

/// Renders one of the [`outputs`]; `search_manifest` (the JSON of the search
/// index's `meta.json`) is needed by the search page only.
pub fn render_output(
    index: &Index,
    config: &Config,
    theme: &Theme,
    shared: &Shared,
    output: Output,
    search_manifest: impl FnOnce() -> String,
) -> Result<Vec<u8>, Diagnostic> {
    let urls = Urls::new(config);
    let all = || (0..index.models.len()).collect::<Vec<usize>>();
    let job = match output.0 {
        OutputKind::Json => return Ok(data::json(index, &urls, &all())),
        OutputKind::Csv => return Ok(data::csv(index, &urls, &all())),
        OutputKind::Page(job) => job,
    };
    let mut renderer = Renderer::with_shared(index, config, theme, &urls, shared.clone());
    if matches!(job, Job::Search) {
        renderer.search_manifest = search_manifest();
    }
    let (template, ctx) = renderer.prepare(job);
    renderer.render_bytes(template, ctx)
}

/// What every page of a site reads besides its own context, made once per
/// build: pass it to each [`render_output`].
#[derive(Clone)]
pub struct Shared {
    site: Value,
    strings: Value,
    /// Previous and next model in the same field, per model.
    neighbours: std::sync::Arc<[(Option<usize>, Option<usize>)]>,
    /// Every model, newest first (by publication date, the year when
    /// undated; index order on ties): the home page and each feed list
    /// the first ones.
    newest: std::sync::Arc<[usize]>,
    /// Each model's place in `newest`.
    newest_rank: std::sync::Arc<[usize]>,
}

impl Shared {
    /// The shared part of every page of `index`.
    pub fn new(index: &Index, config: &Config, theme: &Theme) -> Shared {
        let urls = Urls::new(config);
        let ctx = Contexts {
            index,
            config,
            urls: &urls,
            strings: &theme.strings,
        };
        let mut neighbours = vec![(None, None); index.models.len()];
        for term in &index.fields.terms {
            for (k, &i) in term.models.iter().enumerate() {
                let prev = k.checked_sub(1).map(|p| term.models[p]);
                neighbours[i] = (prev, term.models.get(k + 1).copied());
            }
        }
        let models = &index.models;
        let mut newest: Vec<usize> = (0..models.len()).collect();
        let key = |i: usize| {
            models[i]
                .date
                .map(|d| (d.year(), d.month(), d.day()))
                .unwrap_or((models[i].year as i16, 1, 1))
        };
        newest.sort_by_key(|&i| std::cmp::Reverse(key(i)));
        let mut newest_rank = vec![0; newest.len()];
        for (rank, &i) in newest.iter().enumerate() {
            newest_rank[i] = rank;
        }
        Shared {
            site: val(ctx.site()),
            strings: val(&theme.strings),
            neighbours: neighbours.into(),
            newest: newest.into(),
            newest_rank: newest_rank.into(),
        }
    }
}

struct Renderer<'a> {
    ctx: Contexts<'a>,
    theme: &'a Theme,
    shared: Shared,
    /// The search index's manifest (JSON), inlined in the search page.
    search_manifest: String,
    /// Fingerprints of what model and term pages read, so that an
    /// incremental build skips them without building their context.
    inputs: Option<std::sync::Arc<Inputs>>,
}

/// Fingerprints of the inputs of the many pages (one per model, the term
/// pages), computed once per build: a page's fingerprint is made from them
/// instead of from its template context, which costs as much to build as
/// the page to render. Every value a model's or term page's context reads
/// is covered (the configuration, strings and templates by the global
/// fingerprint [`Reuse::hasher`] starts with).
struct Inputs {
    /// `site` and `t`, shared by every page.
    shared: crate::fingerprint::Fingerprint,
    /// What the card of each model shows: its title, slug, summary, date,
    /// draft flag and the name, slug and count of each of its terms.
    card: Vec<crate::fingerprint::Fingerprint>,
    /// The card and everything else of the model page: level, award, tags,
    /// image, source and rendered body.
    model: Vec<crate::fingerprint::Fingerprint>,
}

impl Inputs {
    fn new(r: &Renderer<'_>) -> Inputs {
        let index = r.ctx.index;
        let mut h = Hasher::new();
        h.serialize(&r.shared.site).serialize(&r.shared.strings);
        let shared = h.finish();
        let term_ref = |h: &mut Hasher, kind: TaxonomyKind, t: usize| {
            let term = &index.taxonomy(kind).terms[t];
            h.str(kind.key())
                .str(&term.name)
                .str(&term.slug)
                .u64(term.models.len() as u64);
        };
        let (card, model): (Vec<_>, Vec<_>) = index
            .models
            .par_iter()
            .zip(index.model_terms.par_iter())
            .map(|(m, t)| {
                let mut h = Hasher::new();
                h.str(&m.title)
                    .str(&m.slug)
                    .str(&m.summary)
                    .binary(&(m.date.map(|d| (d.year(), d.month(), d.day())), m.draft));
                term_ref(&mut h, TaxonomyKind::Units, t.unit);
                term_ref(&mut h, TaxonomyKind::Fields, t.field);
                term_ref(&mut h, TaxonomyKind::Years, t.year);
                match t.locality {
                    Some(l) => term_ref(&mut h, TaxonomyKind::Localities, l),
                    None => {
                        h.str("no locality");
                    }
                }
                let card = h.finish();
                h.binary(&(&m.level, &m.award, &m.tags, &m.image))
                    .str(&m.source)
                    .fingerprint(m.html.fingerprint());
                (card, h.finish())
            })
            .unzip();
        Inputs {
            shared,
            card,
            model,
        }
    }
}

impl<'a> Renderer<'a> {
    fn new(index: &'a Index, config: &'a Config, theme: &'a Theme, urls: &'a Urls<'a>) -> Self {
        Self::with_shared(
            index,
            config,
            theme,
            urls,
            Shared::new(index, config, theme),
        )
    }

    fn with_shared(
        index: &'a Index,
        config: &'a Config,
        theme: &'a Theme,
        urls: &'a Urls<'a>,
        shared: Shared,
    ) -> Self {
        let ctx = Contexts {
            index,
            config,
            urls,
            strings: &theme.strings,
        };
        Renderer {
            ctx,
            theme,
            shared,
            search_manifest: String::new(),
            inputs: None,
        }
    }

    fn jobs(&self) -> Vec<Job> {
        let index = self.ctx.index;
        let mut jobs = vec![
            Job::Home,
            Job::NotFound,
            Job::Sitemap,
            Job::Robots,
            Job::Feed { field: None },
            Job::Stats,
        ];
        jobs.extend((0..index.models.len()).map(Job::Model));
        jobs.extend((0..index.pages.len()).map(Job::Page));
        for kind in TaxonomyKind::ALL {
            let taxonomy = index.taxonomy(kind);
            if kind == TaxonomyKind::Localities && taxonomy.terms.is_empty() {
                continue;
            }
            jobs.push(Job::Taxonomy(kind));
            for (t, term) in taxonomy.terms.iter().enumerate() {
                for page in 1..=self.pages_of(term.models.len()) {
                    jobs.push(Job::Term {
                        kind,
                        term: t,
                        page,
                    });
                }
            }
        }
        jobs.extend((0..index.fields.terms.len()).map(|f| Job::Feed { field: Some(f) }));
        jobs
    }

    fn pages_of(&self, count: usize) -> usize {
        count.div_ceil(self.ctx.config.page_size).max(1)
    }

    /// Output directory of an HTML job, for the sitemap.
    fn dir_of(&self, job: Job) -> Option<String> {
        let urls = self.ctx.urls;
        let index = self.ctx.index;
        Some(match job {
            Job::Home => String::new(),
            Job::Model(i) => urls.model_dir(&index.models[i].slug),
            Job::Taxonomy(kind) => urls.taxonomy_dir(kind),
            Job::Term { kind, term, page } => {
                urls.term_dir(kind, &index.taxonomy(kind).terms[term].slug, page)
            }
            Job::Page(i) => urls.page_dir(&index.pages[i].slug),
            Job::Stats => stats::dir(self.ctx.config),
            _ => return None,
        })
    }

    /// Renders one job into the sink, unless the previous build rendered the
    /// same template with the same context; returns its path.
    fn render_or_reuse(
        &self,
        job: Job,
        sink: &Sink<'_>,
        reuse: &Reuse<'_>,
    ) -> Result<String, Diagnostic> {
        let mut prepared = None;
        let path = self.path_of(job);
        let fingerprint = match self.inputs_fingerprint(job, &path, reuse) {
            Some(f) => f,
            None => {
                let (template, ctx) = self.prepare(job);
                let mut h = reuse.hasher();
                h.str(template).str(&path).serialize(&ctx);
                prepared = Some((template, ctx));
                h.finish()
            }
        };
        if reuse.reuse(&path, fingerprint).is_some() {
            sink(OutputFile {
                path: path.clone(),
                contents: Contents::Unchanged,
            })?;
            return Ok(path);
        }
        let (template, ctx) = match prepared {
            Some(p) => p,
            None => self.prepare(job),
        };
        let file = self.render_prepared(template, path.clone(), ctx)?;
        sink(file)?;
        reuse.record(
            &path,
            Memo {
                fingerprint,
                paths: vec![path.clone()],
                extra: String::new(),
            },
        );
        Ok(path)
    }

    /// The fingerprint of a model or term page or the sitemap, written to
    /// `path`, from its inputs ([`Inputs`]), without building its context;
    /// None for the other jobs, few enough to be fingerprinted by their
    /// context.
    fn inputs_fingerprint(
        &self,
        job: Job,
        path: &str,
        reuse: &Reuse<'_>,
    ) -> Option<crate::fingerprint::Fingerprint> {
        let inputs = self.inputs.as_deref()?;
        let index = self.ctx.index;
        let mut h = reuse.hasher();
        h.str("inputs").fingerprint(inputs.shared);
        match job {
            Job::Model(i) => {
                let (prev, next) = self.shared.neighbours[i];
                h.str("model.html").str(path).fingerprint(inputs.model[i]);
                for n in [prev, next] {
                    match n {
                        Some(n) => h.fingerprint(inputs.card[n]),
                        None => h.str("none"),
                    };
                }
            }
            Job::Term { kind, term, page } => {
                let t = &index.taxonomy(kind).terms[term];
                let per_page = self.ctx.config.page_size;
                h.str("term.html")
                    .str(path)
                    .str(kind.key())
                    .u64(page as u64)
                    .str(&t.name)
                    .str(&t.slug)
                    .u64(t.models.len() as u64);
                for &i in t.models.iter().skip((page - 1) * per_page).take(per_page) {
                    h.fingerprint(inputs.card[i]);
                }
            }
            // Besides `site` and `t`, the address and date of every page.
            Job::Sitemap => {
                h.str("sitemap.xml");
                for job in self.jobs() {
                    let Some(dir) = self.dir_of(job) else {
                        continue;
                    };
                    let date = match job {
                        Job::Model(i) => index.models[i].date,
                        Job::Page(i) => index.pages[i].date,
                        _ => None,
                    };
                    h.str(&dir)
                        .binary(&date.map(|d| (d.year(), d.month(), d.day())));
                }
            }
            _ => return None,
        }
        Some(h.finish())
    }

    /// The template and context of a job.
    fn prepare(&self, job: Job) -> (&'static str, Value) {
        let (template, ctx) = match job {
            Job::Home => ("index.html", self.home()),
            Job::Model(i) => ("model.html", self.model(i)),
            Job::Taxonomy(kind) => ("taxonomy.html", self.taxonomy(kind)),
            Job::Term { kind, term, page } => ("term.html", self.term(kind, term, page)),
            Job::Page(i) => ("page.html", self.page(i)),
            Job::NotFound => ("404.html", self.not_found()),
            Job::Feed { field } => ("feed.xml", self.feed(field)),
            Job::Sitemap => ("sitemap.xml", self.sitemap()),
            Job::Robots => ("robots.txt", self.robots()),
            Job::Stats => ("stats.html", self.stats()),
            Job::Search => ("search.html", self.search()),
        };
        (template, ctx)
    }

    /// The output path of a job.
    fn path_of(&self, job: Job) -> String {
        match job {
            Job::Home => "index.html".to_owned(),
            Job::NotFound => "404.html".to_owned(),
            Job::Feed { field } => self.feed_path(field),
            Job::Sitemap => "sitemap.xml".to_owned(),
            Job::Robots => "robots.txt".to_owned(),
            Job::Search => format!("{}index.html", crate::search::page_dir(self.ctx.config)),
            Job::Model(_) | Job::Taxonomy(_) | Job::Term { .. } | Job::Page(_) | Job::Stats => {
                self.html_path(job)
            }
        }
    }

    fn render_prepared(
        &self,
        template: &str,
        path: String,
        ctx: Value,
    ) -> Result<OutputFile, Diagnostic> {
        Ok(OutputFile::bytes(path, self.render_bytes(template, ctx)?))
    }

    /// `template` rendered with `ctx`, ending with a newline.
    fn render_bytes(&self, template: &str, ctx: Value) -> Result<Vec<u8>, Diagnostic> {
        let tmpl = self
            .theme
            .env
            .get_template(template)
            .map_err(|e| self.theme.error(&e))?;
        let mut text = tmpl.render(ctx).map_err(|e| self.theme.error(&e))?;
        if !text.ends_with('\n') {
            text.push('\n');
        }
        Ok(text.into_bytes())
    }

    fn html_path(&self, job: Job) -> String {
        format!("{}index.html", self.dir_of(job).unwrap_or_default())
    }

    fn feed_path(&self, field: Option<usize>) -> String {
        match field {
            None => "feed.xml".to_owned(),
            Some(f) => {
                let slug = &self.ctx.index.fields.terms[f].slug;
                format!(
                    "{}feed.xml",
                    self.ctx.urls.term_dir(TaxonomyKind::Fields, slug, 1)
                )
            }
        }
    }

    fn page_ctx(&self, kind: &'static str, title: &str, description: &str, dir: &str) -> Value {
        val(self.page_info(kind, title, description, dir))
    }

    /// The `page` variable, before it becomes a template value.
    fn page_info<'s>(
        &'s self,
        kind: &'static str,
        title: &'s str,
        description: &'s str,
        dir: &str,
    ) -> context::PageCtx<'s> {
        let url = self.ctx.urls.url(dir);
        let permalink = self.ctx.urls.permalink(&url);
        let description = if description.is_empty() {
            &self.ctx.config.description
        } else {
            description
        };
        context::PageCtx {
            kind,
            title,
            description,
            url,
            permalink,
            image: None,
        }
    }

    fn base(&self, page: Value) -> Value {
        context! { site => self.shared.site.clone(), t => self.shared.strings.clone(), page => page }
    }

    fn home(&self) -> Value {
        let index = self.ctx.index;
        let intro_title = index
            .home
            .as_ref()
            .map(|h| h.title.as_str())
            .filter(|t| !t.is_empty());
        let title = intro_title.unwrap_or(&self.ctx.config.title);
        let description = index
            .home
            .as_ref()
            .map(|h| h.summary.as_str())
            .unwrap_or("");
        let latest: Vec<_> = self
            .latest(self.ctx.config.latest)
            .into_iter()
            .map(|i| self.ctx.card(i))
            .collect();
        let terms = |kind: TaxonomyKind| -> Vec<_> {
            index
                .taxonomy(kind)
                .terms
                .iter()
                .map(|t| self.ctx.term(kind, t))
                .collect()
        };
        let mut units = terms(TaxonomyKind::Units);
        units.sort_by_key(|u| std::cmp::Reverse(u.count));
        units.truncate(HOME_UNITS);
        let intro = index
            .home
            .as_ref()
            .map(|h| h.html.clone())
            .unwrap_or_default();
        context! {
            ..self.base(self.page_ctx("home", title, description, "")),
            ..context! {
                intro => Value::from_safe_string(intro),
                intro_title => intro_title,
                latest => val(latest),
                fields => val(terms(TaxonomyKind::Fields)),
                years => val(terms(TaxonomyKind::Years)),
                localities => val(terms(TaxonomyKind::Localities)),
                units => val(units),
            }
        }
    }

    /// The `n` newest models by publication date (year when undated), index order on ties.
    fn latest(&self, n: usize) -> Vec<usize> {
        let newest = &self.shared.newest;
        newest[..n.min(newest.len())].to_vec()
    }

    fn model(&self, i: usize) -> Value {
        let m = &self.ctx.index.models[i];
        let card_field = self.ctx.index.model_terms[i].field;
        let field = &self.ctx.index.fields.terms[card_field];
        let urls = self.ctx.urls;
        let breadcrumbs = vec![
            Crumb {
                title: self.ctx.string("home"),
                url: urls.home(),
            },
            Crumb {
                title: self.ctx.string("fields"),
                url: urls.taxonomy(TaxonomyKind::Fields),
            },
            Crumb {
                title: field.name.clone(),
                url: urls.term(TaxonomyKind::Fields, &field.slug, 1),
            },
        ];
        let (prev, next) = self.shared.neighbours[i];
        let mut page = self.page_info("model", &m.title, &m.summary, &urls.model_dir(&m.slug));
        page.image = m.image.as_deref().map(|image| urls.absolute(image));
        context! {
            ..self.base(val(page)),
            ..context! {
                model => val(self.ctx.model(i)),
                prev => prev.map(|p| val(self.ctx.card(p))),
                next => next.map(|n| val(self.ctx.card(n))),
                breadcrumbs => val(breadcrumbs),
            }
        }
    }

    fn taxonomy(&self, kind: TaxonomyKind) -> Value {
        let tax = self.ctx.taxonomy(kind);
        let terms: Vec<_> = self
            .ctx
            .index
            .taxonomy(kind)
            .terms
            .iter()
            .map(|t| self.ctx.term(kind, t))
            .collect();
        let page = self.page_ctx(
            "taxonomy",
            &tax.title,
            "",
            &self.ctx.urls.taxonomy_dir(kind),
        );
        context! {
            ..self.base(page),
            ..context! { taxonomy => val(tax), terms => val(terms) }
        }
    }

    fn term(&self, kind: TaxonomyKind, t: usize, page: usize) -> Value {
        let term = &self.ctx.index.taxonomy(kind).terms[t];
        let per_page = self.ctx.config.page_size;
        let pages = self.pages_of(term.models.len());
        let urls = self.ctx.urls;
        let url_of = |p: usize| urls.term(kind, &term.slug, p);
        let paginator = Paginator {
            page,
            pages,
            total: term.models.len(),
            per_page,
            prev: (page > 1).then(|| url_of(page - 1)),
            next: (page < pages).then(|| url_of(page + 1)),
            links: (1..=pages)
                .map(|n| PageLink {
                    number: n,
                    url: url_of(n),
                    current: n == page,
                })
                .collect(),
        };
        let models: Vec<_> = term
            .models
            .iter()
            .skip((page - 1) * per_page)
            .take(per_page)
            .map(|&i| self.ctx.card(i))
            .collect();
        let tax = self.ctx.taxonomy(kind);
        let title = if page > 1 {
            format!(
                "{} ({} {page})",
                term.name,
                self.ctx.string("page").to_lowercase()
            )
        } else {
            term.name.clone()
        };
        let description = format!("{}: {}", tax.title, term.name);
        let page_ctx = self.page_ctx(
            "term",
            &title,
            &description,
            &urls.term_dir(kind, &term.slug, page),
        );
        // A field has its own feed (`linh-vuc/<term>/feed.xml`), linked from its pages.
        let feed_url = (kind == TaxonomyKind::Fields).then(|| urls.url(&self.feed_path(Some(t))));
        context! {
            ..self.base(page_ctx),
            ..context! {
                taxonomy => val(tax),
                term => val(self.ctx.term(kind, term)),
                models => val(models),
                paginator => val(paginator),
                feed_url => feed_url,
            }
        }
    }

    fn page(&self, i: usize) -> Value {
        let p = &self.ctx.index.pages[i];
        let page = self.page_ctx(
            "page",
            &p.title,
            &p.summary,
            &self.ctx.urls.page_dir(&p.slug),
        );
        context! { ..self.base(page), ..context! { content => Value::from_safe_string(p.html.clone()) } }
    }

    fn not_found(&self) -> Value {
        let title = self.ctx.string("not_found_title");
        self.base(self.page_ctx("not_found", &title, "", "404.html"))
    }

    fn feed(&self, field: Option<usize>) -> Value {
        let index = self.ctx.index;
        let urls = self.ctx.urls;
        let config = self.ctx.config;
        let (title, html_url, models): (String, String, Vec<usize>) = match field {
            None => (config.title.clone(), urls.home(), self.latest(FEED_ENTRIES)),
            Some(f) => {
                let term = &index.fields.terms[f];
                let mut models = term.models.clone();
                models.sort_by_key(|&i| self.shared.newest_rank[i]);
                models.truncate(FEED_ENTRIES);
                (
                    format!("{} – {}", config.title, term.name),
                    urls.term(TaxonomyKind::Fields, &term.slug, 1),
                    models,
                )
            }
        };
        let feed_url = urls.url(&self.feed_path(field));
        let self_url = urls.permalink(&feed_url);
        let id = |url: &str| -> String {
            if config.base_url.is_empty() {
                format!("urn:kheo:{}", url.trim_matches('/').replace('/', ":"))
            } else {
                urls.permalink(url)
            }
        };
        let updated_of = |i: usize| -> String {
            let m = &index.models[i];
            match m.date {
                Some(d) => format!("{d}T00:00:00Z"),
                None => format!("{:04}-01-01T00:00:00Z", m.year),
            }
        };
        let entries: Vec<Value> = models
            .iter()
            .map(|&i| {
                let m = &index.models[i];
                let url = urls.model(&m.slug);
                context! {
                    title => &m.title, id => id(&url), permalink => urls.permalink(&url), updated => updated_of(i),
                    summary => &m.summary, unit => &m.unit, field => &m.field, year => m.year,
                }
            })
            .collect();
        let updated = models
            .iter()
            .map(|&i| updated_of(i))
            .max()
            .unwrap_or_else(|| "2000-01-01T00:00:00Z".to_owned());
        let feed = context! { title => title, id => id(&feed_url), url => urls.permalink(&html_url), self_url => self_url, updated => updated };
        context! { ..self.base(self.page_ctx("feed", "", "", "feed.xml")), ..context! { feed => feed, entries => entries } }
    }

    fn sitemap(&self) -> Value {
        let index = self.ctx.index;
        let entries: Vec<Value> = self
            .jobs()
            .into_iter()
            .filter_map(|job| {
                let dir = self.dir_of(job)?;
                let lastmod = match job {
                    Job::Model(i) => index.models[i].date.map(|d| d.to_string()),
                    Job::Page(i) => index.pages[i].date.map(|d| d.to_string()),
                    _ => None,
                };
                Some(context! { loc => self.ctx.urls.permalink(&self.ctx.urls.url(&dir)), lastmod => lastmod })
            })
            .collect();
        context! { ..self.base(self.page_ctx("sitemap", "", "", "sitemap.xml")), ..context! { entries => entries } }
    }

    /// The statistics page: charts and tables built by [`stats`].
    fn stats(&self) -> Value {
        let title = self.ctx.string("stats_title");
        let description = self.ctx.string("stats_description");
        let page = self.page_ctx("stats", &title, &description, &stats::dir(self.ctx.config));
        context! { ..self.base(page), ..context! { stats => val(stats::context(&self.ctx)) } }
    }

    /// The search page; not in the sitemap (it shows nothing without a query).
    fn search(&self) -> Value {
        let title = self.ctx.string("search");
        let description = self.ctx.string("search_description");
        let dir = crate::search::page_dir(self.ctx.config);
        let page = self.page_ctx("search", &title, &description, &dir);
        let search = crate::search::page_context(&self.ctx, &self.search_manifest);
        context! { ..self.base(page), ..context! { search => val(search) } }
    }

    fn robots(&self) -> Value {
        let urls = self.ctx.urls;
        // A `Sitemap:` line must be an absolute URL, so it needs base_url.
        let sitemap_url = (!self.ctx.config.base_url.is_empty())
            .then(|| urls.permalink(&urls.file("sitemap.xml")));
        context! { ..self.base(self.page_ctx("robots", "", "", "robots.txt")), ..context! { sitemap_url => sitemap_url } }
    }
}
