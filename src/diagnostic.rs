//! Diagnostics: the errors and warnings an editor reads.
//!
//! Every problem kheo finds in a site becomes a [`Diagnostic`] that names the
//! file, the line and column when known, what is wrong and how to fix it, in
//! the shape compilers use: `content/models/x.md:4:7: error: …`. A build
//! collects all of them in [`Diagnostics`] and fails only at the end, so an
//! editor sees every problem of a run at once.
//!
//! Every diagnostic is written twice: in English, for the terminal (the
//! lines above), and in Vietnamese, for the overlay `kheo serve` shows over
//! the pages of a Vietnamese site. Both are required where a diagnostic is
//! made ([`Diagnostic::error`], [`Diagnostic::hint`], [`Diagnostic::note`]
//! each take the English then the Vietnamese text), so none can be forgotten.

use std::fmt;
use std::io::{self, Write};
use std::path::{Path, PathBuf};

use anstyle::{AnsiColor, Style};

/// How serious a diagnostic is: errors fail the command, warnings do not.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, serde::Serialize, serde::Deserialize,
)]
pub enum Severity {
    /// Something the editor should fix, but the site can still be built.
    Warning,
    /// Something that stops the build.
    Error,
}

/// One problem, with where it is and how to fix it.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Diagnostic {
    /// Error or warning.
    pub severity: Severity,
    /// The file, relative to the site root, when the problem is in a file.
    pub path: Option<PathBuf>,
    /// 1-based line in `path`.
    pub line: Option<usize>,
    /// 1-based column (in characters) in `line`.
    pub column: Option<usize>,
    /// What is wrong, lower case, no final full stop.
    pub message: String,
    /// The same in Vietnamese, for the preview's overlay.
    pub message_vi: String,
    /// How to fix it.
    pub hint: Option<String>,
    /// The same in Vietnamese (present exactly when `hint` is).
    pub hint_vi: Option<String>,
    /// Further places involved (other files using a spelling, the first of two slugs …).
    pub notes: Vec<String>,
    /// The same in Vietnamese, one for each of `notes`.
    pub notes_vi: Vec<String>,
}

impl Diagnostic {
    /// A new error with its message in English (the terminal) and in Vietnamese (the overlay).
    pub fn error(message: impl Into<String>, message_vi: impl Into<String>) -> Self {
        Self::new(Severity::Error, message.into(), message_vi.into())
    }

    /// A new warning with its message in English and in Vietnamese.
    pub fn warning(message: impl Into<String>, message_vi: impl Into<String>) -> Self {
        Self::new(Severity::Warning, message.into(), message_vi.into())
    }

    fn new(severity: Severity, message: String, message_vi: String) -> Self {
        Diagnostic {
            severity,
            path: None,
            line: None,
            column: None,
            message,
            message_vi,
            hint: None,
            hint_vi: None,
            notes: Vec::new(),
            notes_vi: Vec::new(),
        }
    }

    /// Points the diagnostic at a file.
    pub fn in_file(mut self, path: impl AsRef<Path>) -> Self {
        self.path = Some(path.as_ref().to_path_buf());
        self
    }

    /// Points the diagnostic at a line and column of its file.
    pub fn at(mut self, line: usize, column: usize) -> Self {
        self.line = Some(line);
        self.column = Some(column);
        self
    }

    /// Points the diagnostic at a line of its file.
    pub fn at_line(mut self, line: usize) -> Self {
        self.line = Some(line);
        self
    }

    /// Points at a position when one is known.
    pub fn at_pos(self, pos: Option<Pos>) -> Self {
        match pos {
            Some(p) => self.at(p.line, p.column),
            None => self,
        }
    }

    /// Adds the fix, in English and in Vietnamese.
    pub fn hint(mut self, hint: impl Into<String>, hint_vi: impl Into<String>) -> Self {
        self.hint = Some(hint.into());
        self.hint_vi = Some(hint_vi.into());
        self
    }

    /// Adds a note naming another place involved, in English and in Vietnamese.
    pub fn note(mut self, note: impl Into<String>, note_vi: impl Into<String>) -> Self {
        self.notes.push(note.into());
        self.notes_vi.push(note_vi.into());
        self
    }

    /// Whether this is an error.
    pub fn is_error(&self) -> bool {
        self.severity == Severity::Error
    }

    /// `path:line:col` as far as it is known.
    pub fn location(&self) -> Option<String> {
        let path = self.path.as_ref()?;
        let mut loc = display_path(path);
        if let Some(line) = self.line {
            loc.push_str(&format!(":{line}"));
            if let Some(col) = self.column {
                loc.push_str(&format!(":{col}"));
            }
        }
        Some(loc)
    }

    /// Writes the diagnostic, coloured when `color` is on.
    pub fn write_to(&self, w: &mut dyn Write, color: bool) -> io::Result<()> {
        let paint = |style: Style, text: &str| -> String {
            if color {
                format!("{}{text}{}", style.render(), style.render_reset())
            } else {
                text.to_owned()
            }
        };
        let bold = Style::new().bold();
        let (label, style) = match self.severity {
            Severity::Error => ("error", AnsiColor::Red.on_default().bold()),
            Severity::Warning => ("warning", AnsiColor::Yellow.on_default().bold()),
        };
        if let Some(loc) = self.location() {
            write!(w, "{}: ", paint(bold, &loc))?;
        }
        writeln!(w, "{}: {}", paint(style, label), paint(bold, &self.message))?;
        let blue = AnsiColor::Cyan.on_default().bold();
        for note in &self.notes {
            writeln!(w, "  {} {note}", paint(blue, "note:"))?;
        }
        if let Some(hint) = &self.hint {
            writeln!(w, "  {} {hint}", paint(blue, "hint:"))?;
        }
        Ok(())
    }
}

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut buf = Vec::new();
        self.write_to(&mut buf, false).map_err(|_| fmt::Error)?;
        f.write_str(String::from_utf8_lossy(&buf).trim_end())
    }
}

/// A 1-based line and column in a file.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, serde::Serialize, serde::Deserialize,
)]
pub struct Pos {
    /// 1-based line.
    pub line: usize,
    /// 1-based column, counted in characters.
    pub column: usize,
}

impl Pos {
    /// The position of byte `offset` in `text`, with `first_line` the line number of the text's first line.
    pub fn of_offset(text: &str, offset: usize, first_line: usize) -> Pos {
        let offset = offset.min(text.len());
        let before = &text[..floor_char_boundary(text, offset)];
        let line = first_line + before.matches('\n').count();
        let line_start = before.rfind('\n').map_or(0, |i| i + 1);
        let column = before[line_start..].chars().count() + 1;
        Pos { line, column }
    }
}

fn floor_char_boundary(text: &str, mut i: usize) -> usize {
    while i > 0 && !text.is_char_boundary(i) {
        i -= 1;
    }
    i
}

/// `1 error`, `2 warnings`.
pub fn plural(n: usize, word: &str) -> String {
    if n == 1 {
        format!("{n} {word}")
    } else {
        format!("{n} {word}s")
    }
}

/// A path as shown to the user: forward slashes, as given.
pub fn display_path(path: &Path) -> String {
    path.to_string_lossy().replace('\\', "/")
}

/// All diagnostics of one run.
#[derive(Debug, Default, Clone)]
pub struct Diagnostics {
    items: Vec<Diagnostic>,
}

impl Diagnostics {
    /// An empty collection.
    pub fn new() -> Self {
        Self::default()
    }

    /// Adds one diagnostic.
    pub fn push(&mut self, d: Diagnostic) {
        self.items.push(d);
    }

    /// Adds many.
    pub fn extend(&mut self, ds: impl IntoIterator<Item = Diagnostic>) {
        self.items.extend(ds);
    }

    /// Whether any is an error.
    pub fn has_errors(&self) -> bool {
        self.items.iter().any(Diagnostic::is_error)
    }

    /// Number of distinct errors (as printed).
    pub fn errors(&self) -> usize {
        self.sorted().iter().filter(|d| d.is_error()).count()
    }

    /// Number of distinct warnings (as printed).
    pub fn warnings(&self) -> usize {
        self.sorted().iter().filter(|d| !d.is_error()).count()
    }

    /// The diagnostics in a stable order: by file, then line, then column, then message.
    pub fn sorted(&self) -> Vec<&Diagnostic> {
        let mut v: Vec<&Diagnostic> = self.items.iter().collect();
        v.sort_by(|a, b| {
            (&a.path, a.line, a.column, &a.message).cmp(&(&b.path, b.line, b.column, &b.message))
        });
        v.dedup();
        v
    }

    /// All diagnostics in the order they were found.
    pub fn iter(&self) -> impl Iterator<Item = &Diagnostic> {
        self.items.iter()
    }

    /// Whether there are none.
    pub fn is_empty(&self) -> bool {
        self.items.is_empty()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn display_reads_like_a_compiler() {
        let d = Diagnostic::error("year must be a number", "năm phải là một con số")
            .in_file("content/models/x.md")
            .at(4, 7)
            .hint("write `year: 2024`", "hãy viết `year: 2024`");
        assert_eq!(
            d.to_string(),
            "content/models/x.md:4:7: error: year must be a number\n  hint: write `year: 2024`"
        );
    }

    #[test]
    fn position_of_offset_counts_lines_and_characters() {
        let text = "ab\nđường x";
        let off = text.find('x').expect("x is in the text");
        assert_eq!(
            Pos::of_offset(text, off, 10),
            Pos {
                line: 11,
                column: 7
            }
        );
        assert_eq!(Pos::of_offset(text, 0, 1), Pos { line: 1, column: 1 });
    }

    #[test]
    fn sorted_orders_by_file_and_line() {
        let mut ds = Diagnostics::new();
        ds.push(Diagnostic::error("b", "b").in_file("b.md").at(2, 1));
        ds.push(Diagnostic::warning("a", "a").in_file("a.md").at(9, 1));
        ds.push(Diagnostic::error("c", "c").in_file("a.md").at(3, 1));
        ds.push(Diagnostic::error("c", "c").in_file("a.md").at(3, 1));
        let msgs: Vec<_> = ds.sorted().iter().map(|d| d.message.clone()).collect();
        assert_eq!(msgs, ["c", "a", "b"]);
        assert_eq!((ds.errors(), ds.warnings()), (2, 1));
    }
}
