//! Reading typed values out of parsed front matter, with a diagnostic for
//! every value that is missing, of the wrong kind or unknown.
//!
//! serde_yaml gives positions only for syntax errors, so the position of
//! each top-level key is found by scanning the YAML lines; front matter is
//! flat `key: value` lines, so that is exact for the keys kheo reads.

use std::collections::HashMap;

use serde_yaml::{Mapping, Value};

use crate::diagnostic::{Diagnostic, Pos};
use crate::vi;

/// Parsed front matter with the position of each key.
pub struct FrontMatter {
    map: Mapping,
    positions: HashMap<String, (Pos, Pos)>,
    /// Diagnostics found while reading values.
    pub diagnostics: Vec<Diagnostic>,
}

impl FrontMatter {
    /// Parses the YAML of a split file; `yaml_line` is the file line of its first line.
    pub fn parse(yaml: &str, yaml_line: usize) -> Result<FrontMatter, Diagnostic> {
        if let Some(d) = super::frontmatter::find_indent_tab(yaml, yaml_line) {
            return Err(d);
        }
        let value: Value = if yaml.trim().is_empty() {
            Value::Mapping(Mapping::new())
        } else {
            serde_yaml::from_str(yaml).map_err(|e| yaml_error(&e, yaml, yaml_line))?
        };
        let map = match value {
            Value::Mapping(m) => m,
            Value::Null => Mapping::new(),
            _ => {
                return Err(Diagnostic::error(
                    "front matter must be lines of `key: value`",
                    "phần thông tin đầu tệp phải gồm các dòng `mục: giá trị`",
                )
                .at(yaml_line, 1)
                .hint(
                    "write one key per line, e.g. `title: \"…\"`, `year: 2024`",
                    "hãy viết mỗi mục một dòng, ví dụ `title: \"…\"`, `year: 2024`",
                ));
            }
        };
        Ok(FrontMatter {
            map,
            positions: key_positions(yaml, yaml_line),
            diagnostics: Vec::new(),
        })
    }

    /// Position of a key's name.
    pub fn key_pos(&self, key: &str) -> Option<Pos> {
        self.positions.get(key).map(|p| p.0)
    }

    /// Position of a key's value.
    pub fn value_pos(&self, key: &str) -> Option<Pos> {
        self.positions.get(key).map(|p| p.1)
    }

    fn get(&self, key: &str) -> Option<&Value> {
        self.map.get(key).filter(|v| !v.is_null())
    }

    /// An error at `key`'s value: `(English, Vietnamese)` message and hint.
    fn error_at(&mut self, key: &str, message: (String, String), hint: (String, String)) {
        let d = Diagnostic::error(message.0, message.1)
            .at_pos(self.value_pos(key))
            .hint(hint.0, hint.1);
        self.diagnostics.push(d);
    }

    /// An optional text value, NFC and trimmed; numbers are accepted as text.
    pub fn text(&mut self, key: &str) -> Option<String> {
        let s = match self.get(key)? {
            Value::String(s) => s.clone(),
            Value::Number(n) => n.to_string(),
            Value::Bool(b) => b.to_string(),
            other => {
                let (kind, kind_vi) = (kind_of(other), kind_of_vi(other));
                self.error_at(
                    key,
                    (
                        format!("`{key}` must be text, found {kind}"),
                        format!("`{key}` phải là chữ, nhưng đang là {kind_vi}"),
                    ),
                    (
                        format!("write it on one line: `{key}: \"…\"`"),
                        format!("hãy viết trên một dòng: `{key}: \"…\"`"),
                    ),
                );
                return None;
            }
        };
        let s = vi::nfc(s.split_whitespace().collect::<Vec<_>>().join(" ").as_str());
        if s.is_empty() { None } else { Some(s) }
    }

    /// A required text value; missing or empty is an error pointing at `fence_line`.
    pub fn required_text(&mut self, key: &str, example: &str) -> Option<String> {
        let present = self.map.contains_key(key);
        let v = self.text(key);
        if v.is_none()
            && !self
                .diagnostics
                .iter()
                .any(|d| d.message.starts_with(&format!("`{key}`")))
        {
            let (message, message_vi, pos) = if present {
                (
                    format!("`{key}` is empty"),
                    format!("`{key}` đang để trống"),
                    self.value_pos(key),
                )
            } else {
                (
                    format!("missing required key `{key}`"),
                    format!("thiếu mục bắt buộc `{key}`"),
                    Some(Pos { line: 1, column: 1 }),
                )
            };
            let hint = if present {
                format!("hãy điền giá trị, ví dụ `{key}: {example}`")
            } else {
                format!("hãy thêm vào phần thông tin đầu tệp một dòng `{key}: {example}`")
            };
            self.diagnostics
                .push(Diagnostic::error(message, message_vi).at_pos(pos).hint(
                    format!("add a line to the front matter: `{key}: {example}`"),
                    hint,
                ));
        }
        v
    }

    /// An optional boolean.
    pub fn boolean(&mut self, key: &str) -> Option<bool> {
        match self.get(key)? {
            Value::Bool(b) => Some(*b),
            other => {
                let (found, found_vi) = (describe(other), describe_vi(other));
                self.error_at(
                    key,
                    (
                        format!("`{key}` must be true or false, found {found}"),
                        format!("`{key}` phải là true hoặc false, nhưng đang là {found_vi}"),
                    ),
                    (
                        format!("write `{key}: true` or `{key}: false`"),
                        format!("hãy viết `{key}: true` hoặc `{key}: false`"),
                    ),
                );
                None
            }
        }
    }

    /// An optional integer.
    pub fn integer(&mut self, key: &str) -> Option<i64> {
        match self.get(key)? {
            Value::Number(n) if n.as_i64().is_some() => n.as_i64(),
            other => {
                let (found, found_vi) = (describe(other), describe_vi(other));
                self.error_at(
                    key,
                    (
                        format!("`{key}` must be a whole number, found {found}"),
                        format!("`{key}` phải là một số nguyên, nhưng đang là {found_vi}"),
                    ),
                    (
                        format!("write e.g. `{key}: 0`"),
                        format!("hãy viết một số, ví dụ `{key}: 0`"),
                    ),
                );
                None
            }
        }
    }

    /// The year of recognition: an integer or a string of digits between 1900 and `max`.
    pub fn year(&mut self, max: i32) -> Option<i32> {
        let Some(value) = self.get("year") else {
            self.required_text("year", "2024");
            return None;
        };
        let parsed = match value {
            Value::Number(n) => n.as_i64().filter(|y| (1900..=i64::from(max)).contains(y)),
            Value::String(s) => {
                let s = s.trim();
                s.parse::<i64>().ok().filter(|y| {
                    s.chars().all(|c| c.is_ascii_digit()) && (1900..=i64::from(max)).contains(y)
                })
            }
            _ => None,
        };
        if let Some(y) = parsed {
            return i32::try_from(y).ok();
        }
        let (found, found_vi) = (describe(value), describe_vi(value));
        let hint = match value {
            Value::String(s) if s.contains(['-', '–', '/']) => (
                "a model has one year: the year it was recognised, e.g. `year: 2024`".to_owned(),
                "mỗi mô hình chỉ có một năm: hãy ghi năm mô hình được công nhận, ví dụ `year: 2024`"
                    .to_owned(),
            ),
            _ => (
                "write the year the model was recognised, e.g. `year: 2024`".to_owned(),
                "hãy ghi năm mô hình được công nhận, ví dụ `year: 2024`".to_owned(),
            ),
        };
        self.error_at(
            "year",
            (
                format!("year must be a number between 1900 and {max}, found {found}"),
                format!("năm (`year`) phải là một số từ 1900 đến {max}, nhưng đang là {found_vi}"),
            ),
            hint,
        );
        None
    }

    /// A list of text values; a single text value is a list of one.
    pub fn text_list(&mut self, key: &str) -> Vec<String> {
        let items = match self.get(key) {
            None => return Vec::new(),
            Some(Value::String(s)) => vec![Value::String(s.clone())],
            Some(Value::Sequence(seq)) => seq.clone(),
            Some(other) => {
                let (found, found_vi) = (describe(other), describe_vi(other));
                self.error_at(
                    key,
                    (
                        format!("`{key}` must be a list of text, found {found}"),
                        format!("`{key}` phải là một danh sách chữ, nhưng đang là {found_vi}"),
                    ),
                    (
                        format!("write e.g. `{key}: [\"đối thoại\", \"một cửa\"]`"),
                        format!("hãy viết ví dụ `{key}: [\"đối thoại\", \"một cửa\"]`"),
                    ),
                );
                return Vec::new();
            }
        };
        let mut out = Vec::new();
        for item in items {
            match item {
                Value::String(s) => out.push(vi::nfc(s.trim())),
                Value::Number(n) => out.push(n.to_string()),
                other => {
                    let (found, found_vi) = (describe(&other), describe_vi(&other));
                    self.error_at(
                        key,
                        (
                            format!("every item of `{key}` must be text, found {found}"),
                            format!("mọi phần tử của `{key}` phải là chữ, nhưng có {found_vi}"),
                        ),
                        (
                            format!("write e.g. `{key}: [\"đối thoại\", \"một cửa\"]`"),
                            format!("hãy viết ví dụ `{key}: [\"đối thoại\", \"một cửa\"]`"),
                        ),
                    );
                }
            }
        }
        out.retain(|s| !s.is_empty());
        out
    }

    /// Warns about every key not in `known`, with a did-you-mean.
    pub fn warn_unknown_keys(&mut self, known: &[&str]) {
        let keys: Vec<String> = self
            .map
            .keys()
            .map(|k| match k {
                Value::String(s) => s.clone(),
                other => describe(other),
            })
            .collect();
        for key in keys {
            if known.contains(&key.as_str()) {
                continue;
            }
            let (hint, hint_vi) = match vi::did_you_mean(&key, known) {
                Some(s) => (
                    format!("did you mean `{s}`?"),
                    format!("có phải ý bạn là `{s}`? Nếu vậy, hãy sửa lại tên mục"),
                ),
                None => (
                    format!("the keys kheo reads are: {}", known.join(", ")),
                    format!(
                        "hãy dùng một trong các mục kheo đọc được: {}",
                        known.join(", ")
                    ),
                ),
            };
            let d = Diagnostic::warning(
                format!("unknown key `{key}` is ignored"),
                format!("mục lạ `{key}` sẽ bị bỏ qua"),
            )
            .at_pos(self.key_pos(&key))
            .hint(hint, hint_vi);
            self.diagnostics.push(d);
        }
    }
}

/// The position of each top-level `key:` line, and of its value.
fn key_positions(yaml: &str, yaml_line: usize) -> HashMap<String, (Pos, Pos)> {
    let mut out = HashMap::new();
    for (i, line) in yaml.lines().enumerate() {
        if line.starts_with([' ', '\t', '#', '-']) {
            continue;
        }
        let Some(colon) = line.find(':') else {
            continue;
        };
        let key = line[..colon].trim().trim_matches(['"', '\'']);
        let after = &line[colon + 1..];
        let value_col =
            line[..colon + 1].chars().count() + 1 + (after.len() - after.trim_start().len());
        out.entry(key.to_owned()).or_insert((
            Pos {
                line: yaml_line + i,
                column: 1,
            },
            Pos {
                line: yaml_line + i,
                column: value_col,
            },
        ));
    }
    out
}

fn kind_of(v: &Value) -> &'static str {
    match v {
        Value::Sequence(_) => "a list",
        Value::Mapping(_) => "a nested mapping",
        Value::Tagged(_) => "a tagged value",
        Value::Bool(_) => "true/false",
        Value::Number(_) => "a number",
        Value::String(_) => "text",
        Value::Null => "nothing",
    }
}

/// [`kind_of`] in Vietnamese.
fn kind_of_vi(v: &Value) -> &'static str {
    match v {
        Value::Sequence(_) => "một danh sách",
        Value::Mapping(_) => "một nhóm mục lồng nhau",
        Value::Tagged(_) => "một giá trị có gắn thẻ",
        Value::Bool(_) => "true/false",
        Value::Number(_) => "một con số",
        Value::String(_) => "chữ",
        Value::Null => "để trống",
    }
}

/// [`describe`] in Vietnamese.
fn describe_vi(v: &Value) -> String {
    match v {
        Value::String(_) | Value::Number(_) | Value::Bool(_) => describe(v),
        other => kind_of_vi(other).to_owned(),
    }
}

fn describe(v: &Value) -> String {
    match v {
        Value::String(s) => format!("\"{s}\""),
        Value::Number(n) => n.to_string(),
        Value::Bool(b) => b.to_string(),
        other => kind_of(other).to_owned(),
    }
}

fn yaml_error(e: &serde_yaml::Error, yaml: &str, yaml_line: usize) -> Diagnostic {
    let x = crate::yaml::explain(e, yaml, yaml_line);
    let d = Diagnostic::error(
        format!("invalid front matter: {}", x.message),
        format!("phần thông tin đầu tệp viết chưa đúng: {}", x.message_vi),
    )
    .hint(x.hint, x.hint_vi);
    match x.pos {
        Some(pos) => d.at_pos(Some(pos)),
        None => d.at_line(yaml_line),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fm(yaml: &str) -> FrontMatter {
        FrontMatter::parse(yaml, 2).expect("valid yaml")
    }

    #[test]
    fn year_accepts_integer_and_digit_string() {
        assert_eq!(fm("year: 2023").year(2027), Some(2023));
        assert_eq!(fm("year: \"2019\"").year(2027), Some(2019));
    }

    #[test]
    fn year_range_is_an_error_with_hint() {
        let mut f = fm("title: x\nyear: \"2021-2024\"");
        assert_eq!(f.year(2027), None);
        let d = &f.diagnostics[0];
        assert_eq!(
            d.message,
            "year must be a number between 1900 and 2027, found \"2021-2024\""
        );
        assert_eq!((d.line, d.column), (Some(3), Some(7)));
        assert!(
            d.hint
                .as_deref()
                .unwrap_or("")
                .contains("year it was recognised")
        );
    }

    #[test]
    fn year_out_of_range() {
        let mut f = fm("year: 1850");
        assert_eq!(f.year(2027), None);
        assert!(f.diagnostics[0].message.ends_with("found 1850"));
    }

    #[test]
    fn yaml_error_line_points_into_file() {
        let e = FrontMatter::parse("title: x\nunit: [a\n", 2)
            .err()
            .expect("invalid yaml");
        assert!(e.line.unwrap_or(0) >= 3, "{e}");
    }

    #[test]
    fn unknown_key_did_you_mean() {
        let mut f = fm("title: x\nyaer: 2020");
        f.warn_unknown_keys(&["title", "year"]);
        let d = &f.diagnostics[0];
        assert_eq!(d.message, "unknown key `yaer` is ignored");
        assert_eq!(d.hint.as_deref(), Some("did you mean `year`?"));
        assert_eq!(d.line, Some(3));
    }

    #[test]
    fn missing_required_key() {
        let mut f = fm("title: x");
        assert_eq!(f.required_text("unit", "\"…\""), None);
        assert_eq!(f.diagnostics[0].message, "missing required key `unit`");
    }

    #[test]
    fn text_collapses_whitespace() {
        assert_eq!(
            fm("unit: \"  Sở   Xây dựng \"").text("unit").as_deref(),
            Some("Sở Xây dựng")
        );
    }
}
