//! Themes: templates, UI strings and static files, looked up in the site's
//! `templates/` and `static/`, then the theme folder, then the default theme
//! embedded in the binary, all resolved inside one minijinja loader so a
//! site's override always wins.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};

use minijinja::Environment;

use crate::diagnostic::{Diagnostic, Pos};

/// Where a theme author finds what a template receives: sites made by `kheo
/// init` have the default theme's templates but not kheo's docs/ folder.
const TEMPLATE_REFERENCE: &str = "docs/templates.md in kheo's source lists the variables each template receives, and the default theme's templates (`kheo init` copies them to themes/default/templates/) show them in use";

/// [`TEMPLATE_REFERENCE`] in Vietnamese.
const TEMPLATE_REFERENCE_VI: &str = "tệp docs/templates.md trong mã nguồn của kheo liệt kê các biến mà mỗi mẫu trang nhận được, và các mẫu của giao diện mặc định (`kheo init` chép chúng vào themes/default/templates/) cho thấy cách dùng";

/// The default theme, built into the binary: `(path inside the theme, bytes)`.
/// This table feeds `kheo init`, the loader fallback and a test that every
/// template parses.
pub static DEFAULT_THEME: &[(&str, &[u8])] = &[
    (
        "templates/base.html",
        include_bytes!("../../themes/default/templates/base.html"),
    ),
    (
        "templates/macros.html",
        include_bytes!("../../themes/default/templates/macros.html"),
    ),
    (
        "templates/index.html",
        include_bytes!("../../themes/default/templates/index.html"),
    ),
    (
        "templates/model.html",
        include_bytes!("../../themes/default/templates/model.html"),
    ),
    (
        "templates/taxonomy.html",
        include_bytes!("../../themes/default/templates/taxonomy.html"),
    ),
    (
        "templates/term.html",
        include_bytes!("../../themes/default/templates/term.html"),
    ),
    (
        "templates/page.html",
        include_bytes!("../../themes/default/templates/page.html"),
    ),
    (
        "templates/404.html",
        include_bytes!("../../themes/default/templates/404.html"),
    ),
    (
        "templates/stats.html",
        include_bytes!("../../themes/default/templates/stats.html"),
    ),
    (
        "templates/search.html",
        include_bytes!("../../themes/default/templates/search.html"),
    ),
    (
        "templates/booklet.html",
        include_bytes!("../../themes/default/templates/booklet.html"),
    ),
    (
        "templates/booklet.typ",
        include_bytes!("../../themes/default/templates/booklet.typ"),
    ),
    (
        "static/booklet.css",
        include_bytes!("../../themes/default/static/booklet.css"),
    ),
    (
        "templates/feed.xml",
        include_bytes!("../../themes/default/templates/feed.xml"),
    ),
    (
        "templates/sitemap.xml",
        include_bytes!("../../themes/default/templates/sitemap.xml"),
    ),
    (
        "templates/robots.txt",
        include_bytes!("../../themes/default/templates/robots.txt"),
    ),
    (
        "i18n/vi.yaml",
        include_bytes!("../../themes/default/i18n/vi.yaml"),
    ),
    (
        "i18n/en.yaml",
        include_bytes!("../../themes/default/i18n/en.yaml"),
    ),
    (
        "static/style.css",
        include_bytes!("../../themes/default/static/style.css"),
    ),
    (
        "static/kheo.js",
        include_bytes!("../../themes/default/static/kheo.js"),
    ),
    (
        "static/search.js",
        include_bytes!("../../themes/default/static/search.js"),
    ),
    (
        "static/favicon.svg",
        include_bytes!("../../themes/default/static/favicon.svg"),
    ),
];

fn embedded(path: &str) -> Option<&'static [u8]> {
    DEFAULT_THEME
        .iter()
        .find(|(p, _)| *p == path)
        .map(|(_, b)| *b)
}

/// Where a static file comes from.
#[derive(Debug, Clone)]
pub enum StaticSource {
    /// A file on disk.
    Disk(PathBuf),
    /// A file of the embedded default theme.
    Embedded(&'static [u8]),
}

/// A loaded theme, ready to render.
pub struct Theme {
    /// The template environment; templates are compiled once, on first use.
    pub env: Environment<'static>,
    /// UI strings of the site's language.
    pub strings: BTreeMap<String, String>,
    /// Static files: output path → source; the site's `static/` wins over the theme's.
    pub static_files: BTreeMap<String, StaticSource>,
    origins: Arc<Mutex<BTreeMap<String, String>>>,
    /// Template folders in lookup order, with the label used in messages.
    template_dirs: Vec<(PathBuf, String)>,
}

impl Theme {
    /// Loads the theme `name` for the site at `root`.
    pub fn load(root: &Path, name: &str, language: &str) -> Result<Theme, Diagnostic> {
        let theme_dir = root.join("themes").join(name);
        let theme_dir = if theme_dir.is_dir() {
            Some(theme_dir)
        } else if name == "default" {
            None
        } else {
            return Err(Diagnostic::error(
                format!("theme `{name}` not found: there is no folder `themes/{name}`"),
                format!("không tìm thấy giao diện `{name}`: không có thư mục `themes/{name}`"),
            )
            .in_file(crate::config::FILE_NAME)
            .hint(
                "remove the `theme:` line to use the built-in default theme, or create the folder",
                "hãy xóa dòng `theme:` để dùng giao diện mặc định có sẵn, hoặc tạo thư mục đó",
            ));
        };
        let origins = Arc::new(Mutex::new(BTreeMap::new()));
        let mut template_dirs = vec![(root.join("templates"), "templates".to_owned())];
        if let Some(dir) = &theme_dir {
            template_dirs.push((dir.join("templates"), format!("themes/{name}/templates")));
        }
        let env = environment(
            root.join("templates"),
            theme_dir.clone(),
            name,
            origins.clone(),
        );
        let strings = load_strings(theme_dir.as_deref(), name, language)?;
        let mut static_files = BTreeMap::new();
        match &theme_dir {
            Some(dir) => collect_static(&dir.join("static"), &mut static_files)?,
            None => {
                for (path, bytes) in DEFAULT_THEME {
                    if let Some(rel) = path.strip_prefix("static/") {
                        static_files.insert(rel.to_owned(), StaticSource::Embedded(bytes));
                    }
                }
            }
        }
        collect_static(&root.join("static"), &mut static_files)?;
        Ok(Theme {
            env,
            strings,
            static_files,
            origins,
            template_dirs,
        })
    }

    /// A template file that is not a minijinja template (the booklet's typst
    /// layout), looked up in the same order: the text and where it came from.
    pub fn raw_template(&self, name: &str) -> Result<(String, String), Diagnostic> {
        for (dir, label) in &self.template_dirs {
            let path = dir.join(name);
            match std::fs::read_to_string(&path) {
                Ok(text) => return Ok((text, format!("{label}/{name}"))),
                Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
                Err(e) => {
                    return Err(Diagnostic::error(
                        format!("cannot read `{label}/{name}`: {e}"),
                        format!("không đọc được mẫu trang `{label}/{name}`: {e}"),
                    )
                    .in_file(format!("{label}/{name}"))
                    .hint(
                        "save the file as UTF-8 text, or delete it to use the built-in one",
                        "hãy lưu tệp dưới dạng văn bản UTF-8, hoặc xóa nó đi để dùng mẫu có sẵn",
                    ));
                }
            }
        }
        match embedded(&format!("templates/{name}")) {
            Some(bytes) => Ok((
                String::from_utf8_lossy(bytes).into_owned(),
                format!("{name} (built-in default theme)"),
            )),
            None => Err(Diagnostic::error(
                format!("template `{name}` not found"),
                format!("không tìm thấy mẫu trang `{name}`"),
            )
            .hint(
                format!("add `templates/{name}` to the site or the theme"),
                format!("hãy thêm tệp `templates/{name}` vào trang hoặc vào giao diện"),
            )),
        }
    }

    /// The file a template was loaded from, for error messages.
    pub fn origin(&self, template: &str) -> String {
        let origins = self.origins.lock().unwrap_or_else(|e| e.into_inner());
        origins
            .get(template)
            .cloned()
            .unwrap_or_else(|| format!("templates/{template}"))
    }

    /// Turns a minijinja error into a diagnostic naming the template file and line.
    pub fn error(&self, e: &minijinja::Error) -> Diagnostic {
        let mut detail = e.kind().to_string();
        if let Some(more) = e.detail() {
            detail.push_str(&format!(": {more}"));
        }
        let message = format!("template error: {detail}");
        // minijinja's own words are kept after a Vietnamese lead.
        let message_vi = match e.name() {
            Some(name) => format!("lỗi trong mẫu trang `{}`: {detail}", self.origin(name)),
            None => format!("lỗi trong mẫu trang: {detail}"),
        };
        let (hint, hint_vi) = if e.kind() == minijinja::ErrorKind::UndefinedError {
            (
                format!("check the spelling of the name: {TEMPLATE_REFERENCE}"),
                format!(
                    "hãy kiểm tra lại chính tả của tên được dùng trong mẫu trang; {TEMPLATE_REFERENCE_VI}"
                ),
            )
        } else {
            (
                format!("fix the template; {TEMPLATE_REFERENCE}"),
                format!(
                    "hãy sửa mẫu trang ở chỗ được chỉ ra (hoặc nhờ người phụ trách kỹ thuật); {TEMPLATE_REFERENCE_VI}"
                ),
            )
        };
        let mut d = Diagnostic::error(message, message_vi).hint(hint, hint_vi);
        if let Some(name) = e.name() {
            d = d.in_file(self.origin(name));
            let pos = e
                .template_source()
                .zip(e.range())
                .map(|(source, range)| Pos::of_offset(source, range.start, 1));
            match (pos, e.line()) {
                (Some(pos), Some(line)) if pos.line == line => d = d.at_pos(Some(pos)),
                (_, Some(line)) => d = d.at_line(line),
                _ => {}
            }
        }
        let mut source = std::error::Error::source(e);
        while let Some(cause) = source {
            d = d.note(
                format!("caused by: {cause}"),
                format!("nguyên nhân: {cause}"),
            );
            source = cause.source();
        }
        d
    }
}

fn environment(
    site_templates: PathBuf,
    theme_dir: Option<PathBuf>,
    theme_name: &str,
    origins: Arc<Mutex<BTreeMap<String, String>>>,
) -> Environment<'static> {
    let theme_label = format!("themes/{theme_name}/templates");
    let mut env = Environment::new();
    // Debug mode names the undefined value in an error ("`modle` is
    // undefined"); it costs nothing until a template fails.
    env.set_debug(true);
    env.set_loader(move |name: &str| {
        if name
            .split(['/', '\\'])
            .any(|part| part == ".." || part.is_empty())
        {
            return Ok(None);
        }
        let record = |origin: String| {
            origins
                .lock()
                .unwrap_or_else(|e| e.into_inner())
                .insert(name.to_owned(), origin);
        };
        let candidates = [
            Some((site_templates.join(name), format!("templates/{name}"))),
            theme_dir.as_ref().map(|d| {
                (
                    d.join("templates").join(name),
                    format!("{theme_label}/{name}"),
                )
            }),
        ];
        for (path, label) in candidates.into_iter().flatten() {
            match std::fs::read_to_string(&path) {
                Ok(text) => {
                    record(label);
                    return Ok(Some(text));
                }
                Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
                Err(e) => {
                    return Err(minijinja::Error::new(
                        minijinja::ErrorKind::InvalidOperation,
                        format!("cannot read `{label}`: {e}"),
                    ));
                }
            }
        }
        match embedded(&format!("templates/{name}")) {
            Some(bytes) => {
                record(format!("{name} (built-in default theme)"));
                Ok(Some(String::from_utf8_lossy(bytes).into_owned()))
            }
            None => Ok(None),
        }
    });
    let syntax = minijinja::syntax::SyntaxConfig::builder()
        .trim_blocks(true)
        .lstrip_blocks(true)
        .build()
        .expect("the default delimiters are valid");
    env.set_syntax(syntax);
    env.set_formatter(escape_html_text);
    env
}

/// Escapes text for HTML and XML like minijinja, but leaves `/` alone so URLs stay readable.
fn escape_html_text(
    out: &mut minijinja::Output<'_>,
    state: &mut minijinja::State<'_, '_>,
    value: &minijinja::Value,
) -> Result<(), minijinja::Error> {
    let is_html = matches!(state.auto_escape(), minijinja::AutoEscape::Html);
    match value.as_str() {
        Some(text) if is_html && !value.is_safe() => {
            let mut escaped = String::with_capacity(text.len());
            pulldown_cmark_escape::escape_html(&mut escaped, text)
                .expect("writing to a String cannot fail");
            out.write_str(&escaped.replace('\'', "&#39;"))
                .map_err(minijinja::Error::from)
        }
        _ => minijinja::escape_formatter(out, state, value),
    }
}

fn load_strings(
    theme_dir: Option<&Path>,
    name: &str,
    language: &str,
) -> Result<BTreeMap<String, String>, Diagnostic> {
    let rel = format!("i18n/{language}.yaml");
    let parse = |text: &str, label: &str| -> Result<BTreeMap<String, String>, Diagnostic> {
        serde_yaml::from_str(text).map_err(|e| {
            let d = Diagnostic::error(
                format!("invalid UI strings file: {e}"),
                format!("tệp chữ giao diện viết chưa đúng: {e}"),
            )
            .in_file(label)
            .hint(
                "each line is `key: \"text\"`",
                "hãy viết mỗi dòng theo dạng `mục: \"chữ\"`",
            );
            match e.location() {
                Some(l) => d.at(l.line(), l.column()),
                None => d,
            }
        })
    };
    let base = embedded(&rel)
        .map(|b| String::from_utf8_lossy(b).into_owned())
        .unwrap_or_default();
    let mut strings = parse(&base, &rel)?;
    if let Some(dir) = theme_dir {
        let path = dir.join(&rel);
        if let Ok(text) = std::fs::read_to_string(&path) {
            strings.extend(parse(&text, &format!("themes/{name}/{rel}"))?);
        }
    }
    Ok(strings)
}

fn collect_static(dir: &Path, out: &mut BTreeMap<String, StaticSource>) -> Result<(), Diagnostic> {
    if !dir.is_dir() {
        return Ok(());
    }
    let walker = walkdir::WalkDir::new(dir)
        .sort_by_file_name()
        .into_iter()
        .filter_entry(|e| {
            e.depth() == 0 || !crate::content::is_ignored_name(&e.file_name().to_string_lossy())
        });
    for entry in walker {
        let entry = entry.map_err(|e| {
            Diagnostic::error(
                format!("cannot read a static folder: {e}"),
                format!("không đọc được một thư mục tệp tĩnh (static): {e}"),
            )
        })?;
        if entry.file_type().is_file() {
            let rel = crate::content::relative(dir, entry.path());
            out.insert(rel, StaticSource::Disk(entry.into_path()));
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_embedded_template_parses() {
        let env = environment(
            PathBuf::from("/nonexistent"),
            None,
            "default",
            Default::default(),
        );
        for (path, _) in DEFAULT_THEME {
            if let Some(name) = path
                .strip_prefix("templates/")
                .filter(|n| !n.ends_with(".typ"))
            {
                env.get_template(name)
                    .unwrap_or_else(|e| panic!("{name}: {e:#}"));
            }
        }
    }

    #[test]
    fn embedded_table_matches_the_theme_folder() {
        let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("themes/default");
        let mut on_disk: Vec<String> = walkdir::WalkDir::new(&dir)
            .into_iter()
            .filter_map(Result::ok)
            .filter(|e| e.file_type().is_file())
            .map(|e| crate::content::relative(&dir, e.path()))
            .filter(|p| !p.ends_with(".md") && !p.starts_with("fonts/"))
            .collect();
        on_disk.sort();
        let mut table: Vec<String> = DEFAULT_THEME.iter().map(|(p, _)| (*p).to_owned()).collect();
        table.sort();
        assert_eq!(table, on_disk);
    }

    #[test]
    fn undefined_value_is_named() {
        let dir = tempfile::tempdir().expect("temporary folder");
        let templates = dir.path().join("templates");
        std::fs::create_dir_all(&templates).expect("create templates/");
        std::fs::write(
            templates.join("page.html"),
            "<h1>{{ page.title }}</h1>\n<p>{{ pgae.summary }}</p>\n",
        )
        .expect("write template");
        let theme = Theme::load(dir.path(), "default", "vi").expect("theme loads");
        let e = theme
            .env
            .get_template("page.html")
            .and_then(|t| {
                t.render(minijinja::context! { page => minijinja::context! { title => "A" } })
            })
            .expect_err("pgae is undefined");
        assert_eq!(
            theme.error(&e).to_string(),
            format!(
                "templates/page.html:2:7: error: template error: undefined value: `pgae` is undefined\n  hint: check the spelling of the name: {TEMPLATE_REFERENCE}"
            )
        );
    }

    #[test]
    fn strings_have_the_same_keys_in_both_languages() {
        let vi = load_strings(None, "default", "vi").expect("vi parses");
        let en = load_strings(None, "default", "en").expect("en parses");
        assert_eq!(vi.keys().collect::<Vec<_>>(), en.keys().collect::<Vec<_>>());
        assert_eq!(vi.get("home").map(String::as_str), Some("Trang chủ"));
    }
}
