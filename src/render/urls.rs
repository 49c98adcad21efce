//! URLs and output paths of every page, in one place so links and files agree.

use crate::config::Config;
use crate::index::TaxonomyKind;

/// Builds site-relative URLs (with the base path) and output paths.
pub struct Urls<'a> {
    config: &'a Config,
}

impl<'a> Urls<'a> {
    /// URLs for a configuration.
    pub fn new(config: &'a Config) -> Self {
        Urls { config }
    }

    /// The URL segment of a taxonomy.
    pub fn segment(&self, kind: TaxonomyKind) -> &'a str {
        let u = &self.config.urls;
        match kind {
            TaxonomyKind::Fields => &u.fields,
            TaxonomyKind::Units => &u.units,
            TaxonomyKind::Years => &u.years,
            TaxonomyKind::Localities => &u.localities,
        }
    }

    /// Turns an output-relative directory (`mo-hinh/x/`) into a URL.
    pub fn url(&self, dir: &str) -> String {
        format!("{}{dir}", self.config.base_path)
    }

    /// Scheme and host of `base_url` (`https://example.org`), empty without one.
    pub fn origin(&self) -> &'a str {
        if self.config.base_url.is_empty() {
            return "";
        }
        let origin_end = self.config.base_url.len() - (self.config.base_path.len() - 1);
        &self.config.base_url[..origin_end]
    }

    /// Absolute URL when `base_url` is set, else the site-relative one.
    pub fn permalink(&self, url: &str) -> String {
        format!("{}{url}", self.origin())
    }

    /// Absolute URL of a link that may already be absolute (`https://…`,
    /// `//host/…`), such as a cover image given as a URL.
    pub fn absolute(&self, url: &str) -> String {
        let scheme = url.split_once(':').is_some_and(|(s, _)| {
            !s.is_empty()
                && s.chars()
                    .all(|c| c.is_ascii_alphanumeric() || "+-.".contains(c))
        });
        if scheme || url.starts_with("//") {
            url.to_owned()
        } else {
            self.permalink(url)
        }
    }

    /// The home page.
    pub fn home(&self) -> String {
        self.url("")
    }

    /// A file at the output root (`feed.xml`).
    pub fn file(&self, name: &str) -> String {
        self.url(name)
    }

    /// Output directory of a model page.
    pub fn model_dir(&self, slug: &str) -> String {
        format!("{}/{slug}/", self.config.urls.models)
    }

    /// URL of a model page.
    pub fn model(&self, slug: &str) -> String {
        self.url(&self.model_dir(slug))
    }

    /// Output directory of a taxonomy index.
    pub fn taxonomy_dir(&self, kind: TaxonomyKind) -> String {
        format!("{}/", self.segment(kind))
    }

    /// URL of a taxonomy index.
    pub fn taxonomy(&self, kind: TaxonomyKind) -> String {
        self.url(&self.taxonomy_dir(kind))
    }

    /// Output directory of page `page` (1-based) of a term.
    pub fn term_dir(&self, kind: TaxonomyKind, slug: &str, page: usize) -> String {
        if page <= 1 {
            format!("{}/{slug}/", self.segment(kind))
        } else {
            format!(
                "{}/{slug}/{}/{page}/",
                self.segment(kind),
                self.config.urls.page
            )
        }
    }

    /// URL of page `page` of a term.
    pub fn term(&self, kind: TaxonomyKind, slug: &str, page: usize) -> String {
        self.url(&self.term_dir(kind, slug, page))
    }

    /// Output directory of a static page.
    pub fn page_dir(&self, slug: &str) -> String {
        format!("{slug}/")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn urls_with_base_path() {
        let c = Config::parse("base_url: https://example.org/dan-van").expect("valid");
        let u = Urls::new(&c);
        assert_eq!(u.model("x"), "/dan-van/mo-hinh/x/");
        assert_eq!(
            u.permalink(&u.model("x")),
            "https://example.org/dan-van/mo-hinh/x/"
        );
        assert_eq!(
            u.term(TaxonomyKind::Years, "2023", 2),
            "/dan-van/nam/2023/trang/2/"
        );
        assert_eq!(u.origin(), "https://example.org");
    }

    #[test]
    fn absolute_keeps_urls_that_already_are() {
        let c = Config::parse("base_url: https://example.org/dan-van").expect("valid");
        let u = Urls::new(&c);
        assert_eq!(
            u.absolute("/dan-van/mo-hinh/x/bia.svg"),
            "https://example.org/dan-van/mo-hinh/x/bia.svg"
        );
        assert_eq!(
            u.absolute("https://cdn.example/a.jpg"),
            "https://cdn.example/a.jpg"
        );
        assert_eq!(u.absolute("//cdn.example/a.jpg"), "//cdn.example/a.jpg");
    }

    #[test]
    fn permalink_without_base_url_is_relative() {
        let c = Config::default();
        let u = Urls::new(&c);
        assert_eq!(u.permalink(&u.home()), "/");
        assert_eq!(u.origin(), "");
        assert_eq!(u.absolute("/mo-hinh/x/bia.svg"), "/mo-hinh/x/bia.svg");
    }
}
