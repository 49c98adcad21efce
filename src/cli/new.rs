//! `kheo new`: scaffold a model file under content/models/, asking for
//! missing values when run on a terminal.

use std::io::{BufRead, IsTerminal, Write};
use std::path::{Path, PathBuf};

use super::{Outcome, RootArg, print_one};
use crate::config::Config;
use crate::content::model::max_year;
use crate::diagnostic::Diagnostic;
use crate::markdown::normalize;
use crate::vi;

/// Create a model file.
#[derive(clap::Args, Debug)]
pub struct Args {
    #[command(flatten)]
    root: RootArg,
    /// File to create, relative to content/models/ (e.g. `ha-noi/doi-thoai`); default: from the title.
    path: Option<PathBuf>,
    /// The model's title.
    #[arg(long, value_name = "T")]
    title: Option<String>,
    /// The unit that runs the model.
    #[arg(long, value_name = "U")]
    unit: Option<String>,
    /// The year of recognition.
    #[arg(long, value_name = "Y")]
    year: Option<String>,
    /// The model's field.
    #[arg(long, value_name = "F")]
    field: Option<String>,
}

/// The values a new model needs.
struct Values {
    title: String,
    unit: String,
    year: i32,
    field: String,
}

impl Args {
    /// The site folder.
    pub fn root(&self) -> &std::path::Path {
        &self.root.root
    }

    /// Asks for what is missing, then writes the file.
    pub fn run(self) -> Outcome {
        let config = match Config::load(&self.root.root) {
            Ok(c) => c,
            Err(errs) => {
                errs.iter().for_each(print_one);
                return Outcome::Failed;
            }
        };
        let interactive = std::io::stdin().is_terminal();
        let prepared = self
            .values(&config, interactive)
            .and_then(|v| self.target(&v).map(|rel| (v, rel)));
        let (values, rel) = match prepared {
            Ok(x) => x,
            Err(d) => {
                print_one(&d);
                return Outcome::Usage;
            }
        };
        match self.write(&rel, &values) {
            Ok(rel) => {
                println!("created {rel}");
                Outcome::Success
            }
            Err(d) => {
                print_one(&d);
                Outcome::Failed
            }
        }
    }

    fn values(&self, config: &Config, interactive: bool) -> Result<Values, Diagnostic> {
        let mut ask = Asker { interactive };
        let title = ask.text(
            self.title.clone(),
            "title",
            "Tên mô hình (title)",
            |_| Ok(()),
        )?;
        let unit = ask.text(
            self.unit.clone(),
            "unit",
            "Đơn vị thực hiện (unit)",
            |_| Ok(()),
        )?;
        let max = max_year();
        let year = ask.text(
            self.year.clone(),
            "year",
            "Năm được công nhận (year)",
            |y| parse_year(y, max).map(|_| ()),
        )?;
        let year = parse_year(&year, max)?;
        let vocab = config.fields.clone().unwrap_or_default();
        let field = ask.text(self.field.clone(), "field", "Lĩnh vực (field)", |f| {
            check_field(f, &vocab)
        })?;
        Ok(Values {
            title,
            unit,
            year,
            field,
        })
    }

    /// The file to create, relative to content/models/; it must stay inside.
    fn target(&self, v: &Values) -> Result<PathBuf, Diagnostic> {
        let mut rel = match &self.path {
            Some(p) => p.clone(),
            None => PathBuf::from(vi::slugify(&v.title)),
        };
        if rel.extension().is_none_or(|e| e != "md") {
            rel.as_mut_os_string().push(".md");
        }
        normalize(&rel)
            .filter(|p| p.file_stem().is_some())
            .ok_or_else(|| {
                Diagnostic::error(
                    format!(
                        "cannot create `{}`: the path must stay inside content/models/",
                        rel.display()
                    ),
                    format!(
                        "không tạo được `{}`: đường dẫn phải nằm trong content/models/",
                        rel.display()
                    ),
                )
                .hint(
                    "give a path such as `ha-noi/doi-thoai-voi-dan`",
                    "hãy ghi một đường dẫn như `ha-noi/doi-thoai-voi-dan`",
                )
            })
    }

    fn write(&self, rel: &Path, v: &Values) -> Result<String, Diagnostic> {
        let models = self.root.root.join("content").join("models");
        let path = models.join(rel);
        let shown = format!(
            "content/models/{}",
            rel.to_string_lossy().replace('\\', "/")
        );
        if path.exists() {
            return Err(Diagnostic::error(
                format!("`{shown}` already exists; kheo never overwrites content"),
                format!("`{shown}` đã có rồi; kheo không bao giờ ghi đè lên nội dung"),
            )
            .hint(
                "choose another path, or edit the existing file",
                "hãy chọn đường dẫn khác, hoặc sửa tệp đã có",
            ));
        }
        if let Some(dir) = path.parent() {
            std::fs::create_dir_all(dir).map_err(|e| write_error(dir, &e))?;
        }
        let mut file = std::fs::OpenOptions::new()
            .write(true)
            .create_new(true)
            .open(&path)
            .map_err(|e| write_error(&path, &e))?;
        file.write_all(scaffold(v).as_bytes())
            .map_err(|e| write_error(&path, &e))?;
        Ok(shown)
    }
}

fn write_error(path: &Path, e: &std::io::Error) -> Diagnostic {
    Diagnostic::error(
        format!("cannot write `{}`: {e}", path.display()),
        format!("không ghi được `{}`: {e}", path.display()),
    )
}

struct Asker {
    interactive: bool,
}

impl Asker {
    /// The given value, or one read from the terminal, checked by `valid`.
    fn text(
        &mut self,
        given: Option<String>,
        key: &str,
        prompt: &str,
        valid: impl Fn(&str) -> Result<(), Diagnostic>,
    ) -> Result<String, Diagnostic> {
        if let Some(v) = given {
            let v = vi::nfc(v.trim());
            if v.is_empty() {
                return Err(Diagnostic::error(
                    format!("--{key} is empty"),
                    format!("--{key} đang để trống"),
                )
                .hint(
                    format!("give a value, e.g. --{key} \"…\""),
                    format!("hãy ghi một giá trị, ví dụ --{key} \"…\""),
                ));
            }
            valid(&v)?;
            return Ok(v);
        }
        if !self.interactive {
            return Err(Diagnostic::error(
                format!("missing --{key}"),
                format!("thiếu --{key}"),
            )
            .hint(
                format!("kheo asks for missing values only on a terminal; pass --{key} \"…\""),
                format!(
                    "kheo chỉ hỏi các giá trị còn thiếu khi chạy trong cửa sổ dòng lệnh; hãy ghi --{key} \"…\""
                ),
            ));
        }
        let stdin = std::io::stdin();
        loop {
            eprint!("{prompt}: ");
            let _ = std::io::stderr().flush();
            let mut line = String::new();
            if stdin.lock().read_line(&mut line).unwrap_or(0) == 0 {
                return Err(Diagnostic::error(
                    format!("no value given for {key}"),
                    format!("chưa có giá trị cho {key}"),
                ));
            }
            let v = vi::nfc(line.trim());
            if v.is_empty() {
                continue;
            }
            match valid(&v) {
                Ok(()) => return Ok(v),
                Err(d) => print_one(&d),
            }
        }
    }
}

fn parse_year(text: &str, max: i32) -> Result<i32, Diagnostic> {
    text.trim()
        .parse::<i32>()
        .ok()
        .filter(|y| (1900..=max).contains(y))
        .ok_or_else(|| {
            Diagnostic::error(
                format!("year must be a number between 1900 and {max}, found \"{text}\""),
                format!("năm phải là một số từ 1900 đến {max}, nhưng đang là \"{text}\""),
            )
            .hint(
                "give the year the model was recognised, e.g. 2024",
                "hãy ghi năm mô hình được công nhận, ví dụ 2024",
            )
        })
}

fn check_field(field: &str, vocab: &[String]) -> Result<(), Diagnostic> {
    if vocab.is_empty() || vocab.iter().any(|v| vi::term_key(v) == vi::term_key(field)) {
        return Ok(());
    }
    let candidates: Vec<&str> = vocab.iter().map(String::as_str).collect();
    let (hint, hint_vi) = match vi::did_you_mean(field, &candidates) {
        Some(s) => (
            format!("did you mean `{s}`?"),
            format!("có phải ý bạn là `{s}`? Nếu vậy, hãy ghi lại cho đúng"),
        ),
        None => (
            format!("site.yaml allows: {}", vocab.join(", ")),
            format!(
                "hãy chọn một lĩnh vực site.yaml cho phép: {}",
                vocab.join(", ")
            ),
        ),
    };
    Err(Diagnostic::error(
        format!("field `{field}` is not in the list of fields in site.yaml"),
        format!("lĩnh vực `{field}` không có trong danh sách `fields` của site.yaml"),
    )
    .hint(hint, hint_vi))
}

/// The text of a new model file.
fn scaffold(v: &Values) -> String {
    let q = |s: &str| serde_json::to_string(s).expect("a string serialises");
    let today = jiff::Zoned::now().date();
    format!(
        "---\ntitle: {}\nunit: {}\nyear: {}\nfield: {}\nsummary: \"\"\n# locality: \"Hà Nội\"\n# level: \"cấp tỉnh\"\n# award: \"Bằng khen của Chủ tịch UBND tỉnh\"\ntags: []\ndate: {today}\n---\n\nĐoạn mở đầu: đơn vị nào, làm gì, từ khi nào, để giải quyết vấn đề gì của người dân.\n\n## Cách làm\n\n## Kết quả\n\n## Bài học kinh nghiệm\n",
        q(&v.title),
        q(&v.unit),
        v.year,
        q(&v.field)
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn scaffold_parses_as_a_model() {
        let v = Values {
            title: "Dân vận \"khéo\"".into(),
            unit: "Sở X".into(),
            year: 2024,
            field: "Tiếp công dân".into(),
        };
        let text = scaffold(&v);
        let split = crate::content::frontmatter::split(&text).expect("splits");
        let (model, ds) = crate::content::model::parse_model("x.md", "x", &split, 2027);
        assert!(ds.is_empty(), "{ds:?}");
        assert_eq!(model.expect("valid model").title, "Dân vận \"khéo\"");
    }

    #[test]
    fn field_outside_vocabulary_suggests() {
        let vocab = vec!["Tiếp công dân".to_owned()];
        let d = check_field("Tiep cong dan x", &vocab).expect_err("not in list");
        assert_eq!(d.hint.as_deref(), Some("did you mean `Tiếp công dân`?"));
        assert!(check_field("tiep cong dan", &vocab).is_ok());
    }
}
