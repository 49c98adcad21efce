//! Splitting a Markdown file into its YAML front matter and its body.
//!
//! The file is decoded first ([`decode`]): UTF-8 checked with the position of
//! the first bad byte, a BOM dropped, CRLF turned into LF, text put in NFC.
//! Line numbers are kept, so a line number in the split parts plus the
//! part's first line is a line number in the `.md` file.

use crate::diagnostic::{Diagnostic, Pos};
use crate::vi;

/// Files larger than this are refused: a write-up is text, not a container for pasted images.
pub const MAX_FILE_BYTES: usize = 4 * 1024 * 1024;

/// A file split into front matter and body.
#[derive(Debug, PartialEq, Eq)]
pub struct Split<'a> {
    /// The YAML between the fences.
    pub yaml: &'a str,
    /// Line number (1-based) of the first YAML line in the file.
    pub yaml_line: usize,
    /// The Markdown after the closing fence.
    pub body: &'a str,
    /// Line number of the first body line in the file.
    pub body_line: usize,
}

/// Turns the bytes of a file into NFC text with LF line ends, or explains why it cannot.
pub fn decode(bytes: Vec<u8>) -> Result<String, Diagnostic> {
    if bytes.len() > MAX_FILE_BYTES {
        let (size, limit) = (bytes.len() as f64 / 1_048_576.0, MAX_FILE_BYTES / 1_048_576);
        return Err(Diagnostic::error(
            format!("file is {size:.1} MB, larger than the {limit} MB limit for one content file"),
            format!(
                "tệp nặng {size:.1} MB, vượt giới hạn {limit} MB cho một tệp nội dung",
            ),
        )
        .hint(
            "a write-up is text: put images in their own files and link them, or split the text",
            "bài viết chỉ nên chứa chữ: hãy để ảnh trong các tệp riêng rồi chèn liên kết tới chúng, hoặc chia bài thành nhiều tệp",
        ));
    }
    let text = match String::from_utf8(bytes) {
        Ok(t) => t,
        Err(e) => {
            let good = e.utf8_error().valid_up_to();
            let bytes = e.as_bytes();
            let valid = std::str::from_utf8(&bytes[..good]).expect("valid up to this byte");
            let pos = Pos::of_offset(valid, valid.len(), 1);
            let byte = bytes[good];
            return Err(Diagnostic::error(
                format!("file is not valid UTF-8: byte 0x{byte:02X} cannot be read"),
                format!(
                    "tệp không được lưu theo bảng mã UTF-8: không đọc được byte 0x{byte:02X}"
                ),
            )
            .at(pos.line, pos.column)
            .hint(
                "save the file as UTF-8 (in Word: File → Save As → Plain Text, encoding Unicode (UTF-8); in Notepad: Save As, Encoding UTF-8)",
                "hãy lưu lại tệp theo bảng mã UTF-8 (trong Word: File → Save As → Plain Text, chọn mã Unicode (UTF-8); trong Notepad: Save As, mục Encoding chọn UTF-8)",
            ));
        }
    };
    let text = text.strip_prefix('\u{feff}').unwrap_or(&text);
    let text = if text.contains('\r') {
        text.replace("\r\n", "\n").replace('\r', "\n")
    } else {
        text.to_owned()
    };
    Ok(vi::nfc(&text))
}

/// What the front matter of a kind of file holds, as the hints of
/// [`split_document`] say it: in English, then in Vietnamese.
pub const MODEL_KEYS_TEXT: (&str, &str) = (
    "the keys title, unit, year and field",
    "các mục title, unit, year và field",
);
/// The same for a static page.
pub const PAGE_KEYS_TEXT: (&str, &str) = (
    "its title, e.g. `title: \"Giới thiệu\"`",
    "tiêu đề của trang, ví dụ `title: \"Giới thiệu\"`",
);
/// The same for the home intro, whose title is optional.
pub const HOME_KEYS_TEXT: (&str, &str) = (
    "a title if you want one, e.g. `title: \"Mô hình Dân vận khéo\"`",
    "một tiêu đề nếu muốn, ví dụ `title: \"Mô hình Dân vận khéo\"`",
);

/// Splits the decoded text of a model at its `---` fences.
pub fn split(text: &str) -> Result<Split<'_>, Diagnostic> {
    split_document(text, MODEL_KEYS_TEXT)
}

/// Splits decoded text at its `---` fences; `keys` says what goes between
/// them (one of the `*_KEYS_TEXT`), for the hints.
pub fn split_document<'a>(
    text: &'a str,
    (keys, keys_vi): (&str, &str),
) -> Result<Split<'a>, Diagnostic> {
    if text.trim().is_empty() {
        return Err(Diagnostic::error("file is empty", "tệp đang trống").hint(
            format!(
                "start it with front matter (a line `---`, then {keys}, then `---`) and the text, or delete the file"
            ),
            format!(
                "hãy mở đầu tệp bằng phần thông tin (một dòng `---`, rồi {keys_vi}, rồi `---`) và sau đó là bài viết, hoặc xóa tệp này đi"
            ),
        ));
    }
    let first_line = text.lines().next().unwrap_or("");
    if first_line.trim_end() != "---" {
        return Err(Diagnostic::error(
            "missing front matter: the first line must be `---`",
            "thiếu phần thông tin đầu tệp: dòng đầu tiên phải là `---`",
        )
        .at(1, 1)
        .hint(
            format!("start the file with a line `---`, then {keys}, then a closing line `---`"),
            format!(
                "hãy mở đầu tệp bằng một dòng `---`, rồi {keys_vi}, rồi một dòng `---` để đóng lại"
            ),
        ));
    }
    let after_open = first_line.len() + 1;
    let rest = text.get(after_open..).unwrap_or("");
    let mut offset = 0;
    for line in rest.split_inclusive('\n') {
        let trimmed = line.trim_end();
        if trimmed == "---" || trimmed == "..." {
            let yaml = &rest[..offset];
            let body_start = (offset + line.len()).min(rest.len());
            let yaml_lines = yaml.matches('\n').count();
            return Ok(Split {
                yaml,
                yaml_line: 2,
                body: &rest[body_start..],
                body_line: 2 + yaml_lines + 1,
            });
        }
        offset += line.len();
    }
    Err(Diagnostic::error(
        "front matter is never closed: no line `---` after the opening one",
        "phần thông tin đầu tệp chưa được đóng lại: không có dòng `---` nào sau dòng mở đầu",
    )
    .at(1, 1)
    .hint(
        "add a line `---` after the last front-matter key, before the write-up",
        "hãy thêm một dòng `---` ngay sau mục cuối cùng của phần thông tin, trước bài viết",
    ))
}

/// The first tab used for indentation in the YAML, which YAML forbids.
pub fn find_indent_tab(yaml: &str, yaml_line: usize) -> Option<Diagnostic> {
    let pos = crate::yaml::indent_tab(yaml, yaml_line)?;
    Some(
        Diagnostic::error(
            "tab character in front matter indentation",
            "có ký tự tab ở đầu dòng trong phần thông tin đầu tệp",
        )
        .at(pos.line, pos.column)
        .hint(
            "YAML indents with spaces only: replace the tab with spaces",
            "hãy thay ký tự tab bằng dấu cách: đầu dòng chỉ được lùi vào bằng dấu cách",
        ),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn split_simple() {
        let s = split("---\ntitle: x\n---\nBody\n").expect("valid");
        assert_eq!(s.yaml, "title: x\n");
        assert_eq!(s.yaml_line, 2);
        assert_eq!(s.body, "Body\n");
        assert_eq!(s.body_line, 4);
    }

    #[test]
    fn split_empty_front_matter_and_no_body() {
        let s = split("---\n---").expect("valid");
        assert_eq!(s.yaml, "");
        assert_eq!(s.body, "");
    }

    #[test]
    fn decode_strips_bom_and_crlf() {
        let t = decode(b"\xEF\xBB\xBF---\r\ntitle: x\r\n---\r\nA\r\n".to_vec()).expect("valid");
        assert_eq!(t, "---\ntitle: x\n---\nA\n");
    }

    #[test]
    fn decode_normalises_to_nfc() {
        let t = decode("Ho\u{0300}a".as_bytes().to_vec()).expect("valid");
        assert_eq!(t, "Hòa");
    }

    #[test]
    fn decode_reports_bad_byte_position() {
        let e = decode(b"---\ntitle: ab\xE0\n".to_vec()).expect_err("invalid");
        assert_eq!((e.line, e.column), (Some(2), Some(10)));
        assert!(e.message.contains("0xE0"));
    }

    #[test]
    fn missing_front_matter() {
        let e = split("# Title\n").expect_err("no fence");
        assert!(e.message.starts_with("missing front matter"));
    }

    #[test]
    fn unclosed_front_matter() {
        let e = split("---\ntitle: x\nbody").expect_err("unclosed");
        assert!(e.message.contains("never closed"));
    }

    #[test]
    fn empty_file() {
        assert_eq!(split(" \n\n").expect_err("empty").message, "file is empty");
    }

    #[test]
    fn tab_in_indentation_found() {
        let d = find_indent_tab("tags:\n\t- a\n", 2).expect("tab found");
        assert_eq!((d.line, d.column), (Some(3), Some(1)));
    }
}
