//! YAML errors explained to editors, for front matter and for `site.yaml`.
//!
//! serde_yaml reports errors in parser terms ("mapping values are not allowed
//! in this context", "invalid type: string \"abc\", expected usize") and often
//! at a place after the mistake: an unclosed quote is reported where the text
//! ends, a repeated key at the top of the mapping. [`explain`] turns the
//! common cases into what is wrong in an editor's words, moves the position
//! to the line to fix when the text shows it, and picks a hint that fits.

use crate::diagnostic::Pos;

/// A YAML error in an editor's words.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Explained {
    /// What is wrong, lower case.
    pub message: String,
    /// The same in Vietnamese.
    pub message_vi: String,
    /// Where, in the file (already shifted by the first line of the YAML).
    pub pos: Option<Pos>,
    /// How to fix it.
    pub hint: String,
    /// The same in Vietnamese.
    pub hint_vi: String,
}

/// The hint when nothing more specific is known.
const GENERIC_HINT: &str = "each line is `key: value`; put text containing `:`, `#` or quotes inside double quotes, e.g. `title: \"Dân vận khéo: đối thoại\"`";

/// [`GENERIC_HINT`] in Vietnamese.
const GENERIC_HINT_VI: &str = "hãy viết mỗi dòng theo dạng `mục: giá trị`; chữ có dấu `:`, `#` hay dấu nháy thì đặt trong dấu ngoặc kép, ví dụ `title: \"Dân vận khéo: đối thoại\"`";

/// Explains a serde_yaml error in `yaml`, whose first line is line `first_line` of its file.
pub fn explain(e: &serde_yaml::Error, yaml: &str, first_line: usize) -> Explained {
    let raw = e.to_string();
    // serde_yaml appends " at line L column C" and sometimes ", while … at line L column C".
    let main = raw.split(" at line ").next().unwrap_or(&raw).to_owned();
    let shift = |line: usize, column: usize| Pos {
        line: first_line + line.saturating_sub(1),
        column,
    };
    let pos = e.location().map(|l| shift(l.line(), l.column()));
    let context = raw
        .split_once(", while ")
        .map(|(_, c)| c)
        .and_then(|c| Some((c, position_in(c)?)))
        .map(|(c, (line, column))| (c, shift(line, column)));
    let line_text = |p: Pos| yaml.lines().nth(p.line - first_line).unwrap_or("");
    let explained = |(message, message_vi): (String, String),
                     pos: Option<Pos>,
                     (hint, hint_vi): (String, String)| Explained {
        message,
        message_vi,
        pos,
        hint,
        hint_vi,
    };

    let about_tabs = main.contains("tab character")
        || (main.starts_with("found character that cannot start any token")
            && pos.is_some_and(|p| line_text(p).starts_with([' ', '\t'])));
    if about_tabs && let Some(tab) = indent_tab(yaml, first_line) {
        return explained(
            (
                "tab character in indentation".to_owned(),
                "có ký tự tab ở đầu dòng".to_owned(),
            ),
            Some(tab),
            (
                "YAML indents with spaces only: replace the tab with spaces".to_owned(),
                "hãy thay ký tự tab bằng dấu cách: đầu dòng chỉ được lùi vào bằng dấu cách"
                    .to_owned(),
            ),
        );
    }
    if let Some(key) = duplicate_key(&main) {
        return explained(
            (
                format!("the key `{key}` is written twice"),
                format!("mục `{key}` được viết hai lần"),
            ),
            second_key_line(yaml, key, first_line).or(pos),
            (
                "remove one of them: each key may appear only once".to_owned(),
                "hãy xóa một trong hai dòng: mỗi mục chỉ được viết một lần".to_owned(),
            ),
        );
    }
    // A quote left open swallows the lines below it up to the next quote
    // mark, so serde_yaml reports it far below, or at the end of the text.
    let open_quote = match context {
        Some((c, start)) if main.contains("end of stream") && c.contains("quoted scalar") => {
            let quote = line_text(start).chars().nth(start.column.saturating_sub(1));
            Some((start, quote.unwrap_or('"')))
        }
        // Only for syntax errors: a quoted value may legally span lines.
        _ if main.contains(": invalid ") => None,
        _ => pos.and_then(|p| unclosed_quote(yaml, first_line, p.line.saturating_sub(1))),
    };
    if let Some((start, quote)) = open_quote {
        return explained(
            (
                format!("the quote {quote} that starts this value is never closed"),
                format!("dấu nháy {quote} mở đầu giá trị này chưa được đóng lại"),
            ),
            Some(start),
            (
                "end the value with the same quote mark on the same line, e.g. `title: \"Dân vận khéo\"`; to write a quote inside the value, use the other kind around it: `title: 'Mô hình \"Dân vận khéo\"'`".to_owned(),
                "hãy kết thúc giá trị bằng đúng dấu nháy đó, trên cùng một dòng, ví dụ `title: \"Dân vận khéo\"`; muốn có dấu nháy bên trong giá trị thì dùng loại dấu nháy kia bao ngoài: `title: 'Mô hình \"Dân vận khéo\"'`".to_owned(),
            ),
        );
    }
    if let Some((c, start)) = context {
        if main.contains("expected ',' or ']'") && c.contains("flow sequence") {
            return explained(
                (
                    "the list opened with `[` here is not closed with `]`".to_owned(),
                    "danh sách mở bằng `[` ở đây chưa được đóng bằng `]`".to_owned(),
                ),
                Some(start),
                (
                    "close the list on the same line, e.g. `tags: [\"đối thoại\", \"một cửa\"]`; text that starts with `[` must be in double quotes".to_owned(),
                    "hãy đóng danh sách trên cùng một dòng, ví dụ `tags: [\"đối thoại\", \"một cửa\"]`; chữ bắt đầu bằng `[` phải đặt trong dấu ngoặc kép".to_owned(),
                ),
            );
        }
        if main.contains("expected ',' or '}'") && c.contains("flow mapping") {
            return explained(
                (
                    "the group opened with `{` here is not closed with `}`".to_owned(),
                    "nhóm mở bằng `{` ở đây chưa được đóng bằng `}`".to_owned(),
                ),
                Some(start),
                (
                    "close it on the same line, e.g. `markdown: {unsafe_html: false}`; text that starts with `{` must be in double quotes".to_owned(),
                    "hãy đóng nhóm trên cùng một dòng, ví dụ `markdown: {unsafe_html: false}`; chữ bắt đầu bằng `{` phải đặt trong dấu ngoặc kép".to_owned(),
                ),
            );
        }
    }
    if main.starts_with("mapping values are not allowed")
        && let Some(p) = pos
    {
        // At the line's first colon, the key itself is misplaced (indented
        // under a plain value); at a later one, the value holds a `: `.
        let line = line_text(p);
        let first_colon = line.chars().position(|c| c == ':').map(|i| i + 1);
        if let Some((key, value)) = line.split_once(':')
            && first_colon.is_some_and(|c| c < p.column)
        {
            let value = value.trim().replace('\\', "\\\\").replace('"', "\\\"");
            let key = key.trim();
            return explained(
                (
                    "text containing `: ` must be in quotes".to_owned(),
                    "chữ có dấu `: ` phải đặt trong dấu ngoặc kép".to_owned(),
                ),
                Some(p),
                (
                    format!("put the whole value in double quotes: `{key}: \"{value}\"`"),
                    format!("hãy đặt cả giá trị trong dấu ngoặc kép: `{key}: \"{value}\"`"),
                ),
            );
        }
        return explained(
            (
                "this line is indented, so it is read as part of the line above".to_owned(),
                "dòng này bị lùi vào nên được hiểu là một phần của dòng trên".to_owned(),
            ),
            Some(Pos { column: 1, ..p }),
            (
                "start each key at the beginning of its line; only the items of a list or of a group go indented under it".to_owned(),
                "hãy viết mỗi mục từ đầu dòng; chỉ các phần tử của một danh sách hay một nhóm mới lùi vào bên dưới nó".to_owned(),
            ),
        );
    }
    if let Some((path, found, expected)) = invalid_type(&main) {
        let leaf = path.rsplit('.').next().unwrap_or(path);
        let leaf = leaf.split('[').next().unwrap_or(leaf);
        let (must, hint) = expectation(expected, leaf);
        let (must_vi, hint_vi) = expectation_vi(expected, leaf);
        return explained(
            (
                format!(
                    "{} must be {must}, found {}",
                    shown_path(path),
                    found_value(found)
                ),
                format!(
                    "{} phải là {must_vi}, nhưng đang là {}",
                    shown_path_vi(path),
                    found_value_vi(found)
                ),
            ),
            pos,
            (hint, hint_vi),
        );
    }
    if main.starts_with("did not find expected key")
        && let Some(p) = pos
        && line_text(p)
            .chars()
            .take(p.column.saturating_sub(1))
            .any(|c| c == '"' || c == '\'')
    {
        return explained(
            (
                "text after the closing quote".to_owned(),
                "có chữ nằm sau dấu nháy đóng".to_owned(),
            ),
            Some(p),
            (
                "put the whole value inside the quotes, e.g. `title: \"Mô hình \\\"Dân vận khéo\\\" ở xã\"`, with `\\\"` for a quote inside".to_owned(),
                "hãy đặt cả giá trị trong dấu nháy, ví dụ `title: \"Mô hình \\\"Dân vận khéo\\\" ở xã\"`, và viết `\\\"` cho dấu ngoặc kép ở bên trong".to_owned(),
            ),
        );
    }
    let main_vi = format!("cách viết chưa đúng, trình đọc YAML báo: {main}");
    explained(
        (main, main_vi),
        pos,
        (GENERIC_HINT.to_owned(), GENERIC_HINT_VI.to_owned()),
    )
}

/// The position of the first tab used for indentation, which YAML forbids.
pub fn indent_tab(yaml: &str, first_line: usize) -> Option<Pos> {
    yaml.lines().enumerate().find_map(|(i, line)| {
        let indent = line
            .chars()
            .take_while(|c| *c == ' ' || *c == '\t')
            .collect::<Vec<_>>();
        let column = indent.iter().position(|c| *c == '\t')?;
        Some(Pos {
            line: first_line + i,
            column: column + 1,
        })
    })
}

/// The first `key: "value` line, up to `last_line`, whose quote is not closed on the same line.
fn unclosed_quote(yaml: &str, first_line: usize, last_line: usize) -> Option<(Pos, char)> {
    for (i, line) in yaml.lines().enumerate() {
        if first_line + i > last_line {
            break;
        }
        let Some((key, value)) = line.split_once(": ") else {
            continue;
        };
        let trimmed = value.trim_start();
        let Some(quote) = trimmed.chars().next().filter(|q| *q == '"' || *q == '\'') else {
            continue;
        };
        if !is_closed(&trimmed[1..], quote) {
            let lead = &value[..value.len() - trimmed.len()];
            let column = key.chars().count() + 2 + lead.chars().count() + 1;
            return Some((
                Pos {
                    line: first_line + i,
                    column,
                },
                quote,
            ));
        }
    }
    None
}

/// Whether the rest of a quoted value has its closing quote (`\"` and `''` are quotes inside).
fn is_closed(rest: &str, quote: char) -> bool {
    let mut chars = rest.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\\' if quote == '"' => {
                chars.next();
            }
            '\'' if quote == '\'' && chars.peek() == Some(&'\'') => {
                chars.next();
            }
            c if c == quote => return true,
            _ => {}
        }
    }
    false
}

/// `line L column C` at the end of serde_yaml's context text.
fn position_in(context: &str) -> Option<(usize, usize)> {
    let rest = context.rsplit_once(" at line ")?.1;
    let (line, column) = rest.split_once(" column ")?;
    Some((line.trim().parse().ok()?, column.trim().parse().ok()?))
}

/// The key of a duplicate-key error, for a `Value` (`duplicate entry with key "x"`) or a struct (``duplicate field `x` ``).
fn duplicate_key(main: &str) -> Option<&str> {
    if let Some(rest) = main.strip_prefix("duplicate entry with key \"") {
        return rest.strip_suffix('"');
    }
    main.strip_prefix("duplicate field `")?.strip_suffix('`')
}

/// The second top-level line that defines `key`.
fn second_key_line(yaml: &str, key: &str, first_line: usize) -> Option<Pos> {
    yaml.lines()
        .enumerate()
        .filter(|(_, line)| !line.starts_with([' ', '\t', '#', '-']))
        .filter(|(_, line)| {
            line.split_once(':')
                .is_some_and(|(k, _)| k.trim().trim_matches(['"', '\'']) == key)
        })
        .nth(1)
        .map(|(i, _)| Pos {
            line: first_line + i,
            column: 1,
        })
}

/// `(path, found, expected)` of `path: invalid type: found, expected what`.
fn invalid_type(main: &str) -> Option<(&str, &str, &str)> {
    let (path, rest) = main.split_once(": invalid type: ")?;
    let (found, expected) = rest.rsplit_once(", expected ")?;
    Some((path, found, expected))
}

/// `` `page_size` ``, `` item 2 of `fields` ``.
fn shown_path(path: &str) -> String {
    if let Some((list, index)) = path.strip_suffix(']').and_then(|p| p.rsplit_once('['))
        && let Ok(i) = index.parse::<usize>()
    {
        return format!("item {} of `{list}`", i + 1);
    }
    format!("`{path}`")
}

/// [`shown_path`] in Vietnamese: `` mục `page_size` ``, `` phần tử thứ 2 của `fields` ``.
fn shown_path_vi(path: &str) -> String {
    if let Some((list, index)) = path.strip_suffix(']').and_then(|p| p.rsplit_once('['))
        && let Ok(i) = index.parse::<usize>()
    {
        return format!("phần tử thứ {} của `{list}`", i + 1);
    }
    format!("mục `{path}`")
}

/// [`found_value`] in Vietnamese.
fn found_value_vi(found: &str) -> String {
    match found {
        "sequence" => "một danh sách".to_owned(),
        "map" => "một nhóm mục".to_owned(),
        "unit value" => "để trống".to_owned(),
        f => found_value(f),
    }
}

/// serde's description of the value found, as an editor would write it.
fn found_value(found: &str) -> String {
    let quoted = found.split('`').nth(1);
    match found {
        f if f.starts_with("string ") => f["string ".len()..].to_owned(),
        f if f.starts_with("integer ")
            || f.starts_with("floating point ")
            || f.starts_with("boolean ") =>
        {
            quoted.unwrap_or(f).to_owned()
        }
        "sequence" => "a list".to_owned(),
        "map" => "a group of keys".to_owned(),
        "unit value" => "nothing".to_owned(),
        f => f.to_owned(),
    }
}

/// What a value of the expected type is, and how to write one.
fn expectation(expected: &str, key: &str) -> (&'static str, String) {
    let whole = [
        "u8", "u16", "u32", "u64", "usize", "i8", "i16", "i32", "i64", "isize",
    ];
    if whole.contains(&expected) {
        let must = if expected.starts_with('u') {
            "a whole number (0, 1, 2 …)"
        } else {
            "a whole number"
        };
        return (
            must,
            format!("write the number without quotes, e.g. `{key}: 20`"),
        );
    }
    match expected {
        "a sequence" => (
            "a list",
            format!(
                "write e.g. `{key}: [\"…\", \"…\"]`, or one line `- \"…\"` per item, indented under `{key}:`"
            ),
        ),
        "a string" | "a character" => (
            "text",
            format!("write it on one line in double quotes: `{key}: \"…\"`"),
        ),
        "a boolean" => (
            "true or false",
            format!("write `{key}: true` or `{key}: false`"),
        ),
        "f32" | "f64" => (
            "a number",
            format!("write the number without quotes, e.g. `{key}: 1.5`"),
        ),
        e if e.starts_with("struct ") || e == "a map" => (
            "a group of keys",
            format!(
                "write `{key}:` and under it one `name: value` line per key, indented with two spaces; README.md lists the keys"
            ),
        ),
        _ => ("another kind of value", GENERIC_HINT.to_owned()),
    }
}

/// [`expectation`] in Vietnamese.
fn expectation_vi(expected: &str, key: &str) -> (&'static str, String) {
    let whole = [
        "u8", "u16", "u32", "u64", "usize", "i8", "i16", "i32", "i64", "isize",
    ];
    if whole.contains(&expected) {
        let must = if expected.starts_with('u') {
            "một số nguyên (0, 1, 2 …)"
        } else {
            "một số nguyên"
        };
        return (
            must,
            format!("hãy viết con số, không có dấu nháy, ví dụ `{key}: 20`"),
        );
    }
    match expected {
        "a sequence" => (
            "một danh sách",
            format!(
                "hãy viết ví dụ `{key}: [\"…\", \"…\"]`, hoặc mỗi phần tử một dòng `- \"…\"`, lùi vào dưới `{key}:`"
            ),
        ),
        "a string" | "a character" => (
            "chữ",
            format!("hãy viết trên một dòng, trong dấu ngoặc kép: `{key}: \"…\"`"),
        ),
        "a boolean" => (
            "true hoặc false",
            format!("hãy viết `{key}: true` hoặc `{key}: false`"),
        ),
        "f32" | "f64" => (
            "một con số",
            format!("hãy viết con số, không có dấu nháy, ví dụ `{key}: 1.5`"),
        ),
        e if e.starts_with("struct ") || e == "a map" => (
            "một nhóm mục",
            format!(
                "hãy viết `{key}:` rồi bên dưới, mỗi mục một dòng `tên: giá trị`, lùi vào hai dấu cách; README.md liệt kê các mục"
            ),
        ),
        _ => ("một kiểu giá trị khác", GENERIC_HINT_VI.to_owned()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(serde::Deserialize, Debug)]
    #[allow(dead_code)]
    struct Settings {
        title: Option<String>,
        page_size: Option<usize>,
        fields: Option<Vec<String>>,
        draft: Option<bool>,
    }

    /// Parses `yaml` (as a file whose YAML starts on line 2) and explains the error.
    fn value_error(yaml: &str) -> Explained {
        let e = serde_yaml::from_str::<serde_yaml::Value>(yaml).expect_err("invalid YAML");
        explain(&e, yaml, 2)
    }

    fn settings_error(yaml: &str) -> Explained {
        let e = serde_yaml::from_str::<Settings>(yaml).expect_err("invalid settings");
        explain(&e, yaml, 1)
    }

    fn at(line: usize, column: usize) -> Option<Pos> {
        Some(Pos { line, column })
    }

    #[test]
    fn whole_number_expected() {
        let x = settings_error("page_size: abc\n");
        assert_eq!(
            x.message,
            "`page_size` must be a whole number (0, 1, 2 …), found \"abc\""
        );
        assert_eq!(
            x.hint,
            "write the number without quotes, e.g. `page_size: 20`"
        );
        assert_eq!(x.pos, at(1, 12));
        let x = settings_error("page_size: 2.5\n");
        assert_eq!(
            x.message,
            "`page_size` must be a whole number (0, 1, 2 …), found 2.5"
        );
    }

    #[test]
    fn list_expected() {
        let x = settings_error("fields: Tiếp công dân\n");
        assert_eq!(
            x.message,
            "`fields` must be a list, found \"Tiếp công dân\""
        );
        assert_eq!(
            x.hint,
            "write e.g. `fields: [\"…\", \"…\"]`, or one line `- \"…\"` per item, indented under `fields:`"
        );
        let x = settings_error("fields: [\"a\", [\"b\"]]\n");
        assert_eq!(x.message, "item 2 of `fields` must be text, found a list");
    }

    #[test]
    fn text_and_boolean_expected() {
        assert_eq!(
            settings_error("title: [a]\n").message,
            "`title` must be text, found a list"
        );
        let x = settings_error("draft: \"có\"\n");
        assert_eq!(x.message, "`draft` must be true or false, found \"có\"");
        assert_eq!(x.hint, "write `draft: true` or `draft: false`");
    }

    #[test]
    fn repeated_key_points_at_its_second_line() {
        let x = value_error("title: \"a\"\nunit: b\ntitle: c\n");
        assert_eq!(x.message, "the key `title` is written twice");
        assert_eq!(x.pos, at(4, 1));
        assert_eq!(x.hint, "remove one of them: each key may appear only once");
        let x = settings_error("title: x\npage_size: 3\ntitle: y\n");
        assert_eq!(x.message, "the key `title` is written twice");
        assert_eq!(x.pos, at(3, 1));
    }

    #[test]
    fn unclosed_quote_points_at_the_quote() {
        let x = value_error("title: \"Đối thoại\nunit: x\nyear: 2020\n");
        assert_eq!(
            x.message,
            "the quote \" that starts this value is never closed"
        );
        assert_eq!(x.pos, at(2, 8));
        let x = value_error("unit: x\ntitle: 'Đối thoại\n");
        assert_eq!(
            x.message,
            "the quote ' that starts this value is never closed"
        );
        assert_eq!(x.pos, at(3, 8));
    }

    #[test]
    fn unclosed_quote_followed_by_quoted_values_points_at_the_quote() {
        let x = value_error("title: \"Đối thoại\nunit: \"UBND\"\nyear: 2020\n");
        assert_eq!(
            x.message,
            "the quote \" that starts this value is never closed"
        );
        assert_eq!(x.pos, at(2, 8));
        let x = value_error("title: 'It''s \"ok\"'\nunit:  'Sở\nfield: 'x'\n");
        assert_eq!(
            x.message,
            "the quote ' that starts this value is never closed"
        );
        assert_eq!(x.pos, at(3, 8));
    }

    #[test]
    fn quoted_text_over_two_lines_is_not_an_unclosed_quote() {
        let x = settings_error("title: \"dòng một\n  dòng hai\"\npage_size: abc\n");
        assert_eq!(
            x.message,
            "`page_size` must be a whole number (0, 1, 2 …), found \"abc\""
        );
    }

    #[test]
    fn colon_in_a_value_must_be_quoted() {
        let x = value_error("unit: x\ntitle: Dân vận khéo: đối thoại\n");
        assert_eq!(x.message, "text containing `: ` must be in quotes");
        assert_eq!(x.pos, at(3, 20));
        assert_eq!(
            x.hint,
            "put the whole value in double quotes: `title: \"Dân vận khéo: đối thoại\"`"
        );
    }

    #[test]
    fn colon_in_a_nested_value_must_be_quoted() {
        let x = value_error("title: x\nurls:\n  models: mô hình: khéo\n");
        assert_eq!(x.message, "text containing `: ` must be in quotes");
        assert_eq!(
            x.hint,
            "put the whole value in double quotes: `models: \"mô hình: khéo\"`"
        );
    }

    #[test]
    fn indented_key_is_not_a_colon_problem() {
        let x = value_error("title: a\n  unit: b\n");
        assert_eq!(
            x.message,
            "this line is indented, so it is read as part of the line above"
        );
        assert_eq!(x.pos, at(3, 1));
    }

    #[test]
    fn tab_is_named() {
        let x = settings_error("title: x\nfields:\n\t- a\n");
        assert_eq!(x.message, "tab character in indentation");
        assert_eq!(x.pos, at(3, 1));
        let x = settings_error("fields:\n  - a\n\t- b\n");
        assert_eq!(x.message, "tab character in indentation");
        assert_eq!(x.pos, at(3, 1));
    }

    #[test]
    fn unclosed_list_points_at_its_start() {
        let x = value_error("title: x\nunit: [Sở Xây dựng\nyear: 2022\n");
        assert_eq!(
            x.message,
            "the list opened with `[` here is not closed with `]`"
        );
        assert_eq!(x.pos, at(3, 7));
    }

    #[test]
    fn text_after_a_closing_quote() {
        let x = value_error("title: \"Mô hình\" Dân vận\n");
        assert_eq!(x.message, "text after the closing quote");
        assert_eq!(x.pos, at(2, 18));
    }

    #[test]
    fn explanations_are_in_vietnamese_too() {
        let x = settings_error("page_size: abc\n");
        assert_eq!(
            x.message_vi,
            "mục `page_size` phải là một số nguyên (0, 1, 2 …), nhưng đang là \"abc\""
        );
        assert_eq!(
            x.hint_vi,
            "hãy viết con số, không có dấu nháy, ví dụ `page_size: 20`"
        );
        let x = value_error("unit: x\ntitle: Dân vận khéo: đối thoại\n");
        assert_eq!(
            x.hint_vi,
            "hãy đặt cả giá trị trong dấu ngoặc kép: `title: \"Dân vận khéo: đối thoại\"`"
        );
        let x = value_error("title: \"a\\q\"\n");
        assert_eq!(
            x.message_vi,
            "cách viết chưa đúng, trình đọc YAML báo: found unknown escape character"
        );
        assert_eq!(x.hint_vi, GENERIC_HINT_VI);
    }

    #[test]
    fn other_errors_keep_serde_yaml_words() {
        let x = value_error("title: \"a\\q\"\n");
        assert_eq!(x.message, "found unknown escape character");
        assert_eq!(x.hint, GENERIC_HINT);
    }
}
