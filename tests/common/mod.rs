//! `Site`: a throw-away site folder and the real `kheo` binary run against it,
//! in the manner of mdBook's `BookTest`.
//!
//! A test writes the files of a tiny site into a temporary folder, runs
//! `kheo <args> --root <dir>` with `NO_COLOR=1` and no terminal on stdin, and
//! asserts on the exit code, the exact diagnostic lines and the files written.
// Each test crate uses only some of these helpers.
#![allow(dead_code)]

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

use tempfile::TempDir;

/// The `site.yaml` of most fixture sites: with `base_url`, so a valid site builds without warnings.
pub const SITE_YAML: &str = "title: \"Dân vận khéo\"\nbase_url: \"https://example.org\"\n";

/// A valid minimal model.
pub const VALID_MODEL: &str = "---
title: \"Tiếp công dân bằng sự lắng nghe\"
unit: \"Thanh tra tỉnh Lâm Đồng\"
year: 2022
field: \"Tiếp công dân\"
---
Nội dung mô hình.
";

/// A model file with the given front-matter lines and a one-paragraph body.
pub fn model(front_matter: &str) -> String {
    format!("---\n{front_matter}\n---\nNội dung mô hình.\n")
}

/// Every file under a folder: path relative to it (with `/`) → bytes.
pub type Tree = BTreeMap<String, Vec<u8>>;

/// A site folder in a temporary directory, deleted when dropped.
pub struct Site {
    dir: TempDir,
}

impl Site {
    /// An empty folder.
    pub fn empty() -> Site {
        Site {
            dir: tempfile::tempdir().expect("create a temporary folder"),
        }
    }

    /// A site with `site.yaml` (with `base_url`) and no content yet.
    pub fn new() -> Site {
        let site = Site::empty();
        site.file("site.yaml", SITE_YAML);
        site
    }

    /// A site with `site.yaml` and one valid model, `content/models/tiep-cong-dan.md`.
    pub fn valid() -> Site {
        let site = Site::new();
        site.file("content/models/tiep-cong-dan.md", VALID_MODEL);
        site
    }

    /// `Site::valid()` built once, so `public/` holds a previous good build; with its snapshot.
    pub fn built() -> (Site, Tree) {
        let site = Site::valid();
        let before = site.build_ok();
        (site, before)
    }

    /// A copy of the fixture site `tests/fixtures/<name>/`.
    pub fn fixture(name: &str) -> Site {
        let site = Site::empty();
        let from = Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("tests/fixtures")
            .join(name);
        copy_dir(&from, site.path());
        site
    }

    /// The site folder.
    pub fn path(&self) -> &Path {
        self.dir.path()
    }

    /// A path inside the site folder.
    pub fn join(&self, rel: &str) -> PathBuf {
        self.dir.path().join(rel)
    }

    /// The output folder of a default build.
    pub fn public(&self) -> PathBuf {
        self.join("public")
    }

    /// Writes a file (creating its folders).
    pub fn file(&self, rel: &str, contents: impl AsRef<[u8]>) -> &Site {
        let path = self.join(rel);
        let dir = path.parent().expect("a file has a parent folder");
        std::fs::create_dir_all(dir).expect("create folders");
        std::fs::write(&path, contents).expect("write file");
        self
    }

    /// Removes a file.
    pub fn remove(&self, rel: &str) {
        std::fs::remove_file(self.join(rel)).expect("remove file");
    }

    /// Whether a file or folder exists in the site.
    pub fn exists(&self, rel: &str) -> bool {
        self.join(rel).exists()
    }

    /// A file of the site as text.
    pub fn read(&self, rel: &str) -> String {
        let path = self.join(rel);
        std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("read {}: {e}", path.display()))
    }

    /// Runs `kheo <args> --root <site>`.
    pub fn kheo(&self, args: &[&str]) -> Run {
        let root = self.path().to_str().expect("temp path is UTF-8");
        let mut all: Vec<&str> = args.to_vec();
        all.extend(["--root", root]);
        run_kheo(&all, self.path())
    }

    /// Runs `kheo <args>` as given (no `--root`), in the site folder.
    pub fn kheo_raw(&self, args: &[&str]) -> Run {
        run_kheo(args, self.path())
    }

    /// Builds the site, asserts success without warnings, returns a snapshot of `public/`.
    pub fn build_ok(&self) -> Tree {
        let run = self.kheo(&["build"]);
        run.assert_code(0);
        assert!(
            run.stderr.ends_with("; 0 warnings, 0 errors\n") && run.stderr.lines().count() == 1,
            "expected a clean build, stderr was:\n{}",
            run.stderr
        );
        self.snapshot_public()
    }

    /// Runs `kheo build` expecting failure: exit 1, stderr exactly `lines`
    /// followed by the summary, and `public/` byte-for-byte as in `before`.
    pub fn build_fails(&self, before: &Tree, lines: &[&str], summary_counts: &str) -> Run {
        let run = self.kheo(&["build"]);
        run.assert_code(1);
        let mut expected: Vec<String> = lines.iter().map(|l| (*l).to_owned()).collect();
        expected.push(self.failed_summary(summary_counts));
        run.assert_stderr_is(&expected);
        self.assert_public_unchanged(before);
        run
    }

    /// `build failed: <counts>; `<site>/public` was left unchanged`.
    pub fn failed_summary(&self, counts: &str) -> String {
        format!(
            "build failed: {counts}; `{}` was left unchanged",
            self.public().display()
        )
    }

    /// Every file under `public/`.
    pub fn snapshot_public(&self) -> Tree {
        snapshot(&self.public())
    }

    /// Asserts `public/` is exactly `before` and no half-written output is left beside it.
    pub fn assert_public_unchanged(&self, before: &Tree) {
        assert!(!before.is_empty(), "the snapshot of public/ is empty");
        let after = self.snapshot_public();
        let changed: Vec<&String> = before
            .keys()
            .chain(after.keys())
            .filter(|k| before.get(*k) != after.get(*k))
            .collect();
        assert!(changed.is_empty(), "public/ changed: {changed:?}");
        let leftovers: Vec<String> = std::fs::read_dir(self.path())
            .expect("list the site folder")
            .map(|e| e.expect("entry").file_name().to_string_lossy().into_owned())
            // The build cache (`.kheo-cache/`) belongs beside the output.
            .filter(|n| n.contains("kheo-") && n != ".kheo-cache")
            .collect();
        assert!(leftovers.is_empty(), "temporary output left: {leftovers:?}");
    }
}

/// Every file under `dir`: relative path (with `/`) → bytes; empty when `dir` is missing.
pub fn snapshot(dir: &Path) -> Tree {
    fn walk(base: &Path, dir: &Path, out: &mut Tree) {
        let Ok(entries) = std::fs::read_dir(dir) else {
            return;
        };
        for entry in entries {
            let path = entry.expect("directory entry").path();
            if path.is_dir() {
                walk(base, &path, out);
            } else {
                let rel = path.strip_prefix(base).expect("under base");
                let rel = rel.to_string_lossy().replace('\\', "/");
                out.insert(rel, std::fs::read(&path).expect("read output file"));
            }
        }
    }
    let mut out = Tree::new();
    walk(dir, dir, &mut out);
    out
}

/// The result of one run of the binary.
#[derive(Debug)]
pub struct Run {
    /// Exit code.
    pub code: i32,
    /// Standard output.
    pub stdout: String,
    /// Standard error.
    pub stderr: String,
}

/// Runs the real binary with `NO_COLOR=1` and stdin that is not a terminal.
pub fn run_kheo(args: &[&str], cwd: &Path) -> Run {
    let out = Command::new(env!("CARGO_BIN_EXE_kheo"))
        .args(args)
        .current_dir(cwd)
        .env("NO_COLOR", "1")
        .stdin(Stdio::null())
        .output()
        .expect("run kheo");
    Run {
        code: out
            .status
            .code()
            .expect("kheo exits with a code, not a signal"),
        stdout: String::from_utf8(out.stdout).expect("stdout is UTF-8"),
        stderr: String::from_utf8(out.stderr).expect("stderr is UTF-8"),
    }
}

impl Run {
    /// Asserts the exit code.
    pub fn assert_code(&self, code: i32) -> &Run {
        assert_eq!(
            self.code, code,
            "exit code\nstdout:\n{}\nstderr:\n{}",
            self.stdout, self.stderr
        );
        self
    }

    /// Asserts stderr has exactly this line.
    pub fn assert_stderr_line(&self, line: &str) -> &Run {
        assert!(
            self.stderr.lines().any(|l| l == line),
            "stderr has no line\n  {line}\nstderr was:\n{}",
            self.stderr
        );
        self
    }

    /// Asserts stderr has these lines one after the other (e.g. an error and its hint).
    pub fn assert_stderr_lines(&self, lines: &[&str]) -> &Run {
        let have: Vec<&str> = self.stderr.lines().collect();
        assert!(
            have.windows(lines.len()).any(|w| w == lines),
            "stderr lacks the lines\n{}\nstderr was:\n{}",
            lines.join("\n"),
            self.stderr
        );
        self
    }

    /// Asserts stderr is exactly these lines.
    pub fn assert_stderr_is<S: AsRef<str>>(&self, lines: &[S]) -> &Run {
        let have: Vec<&str> = self.stderr.lines().collect();
        let want: Vec<&str> = lines.iter().map(AsRef::as_ref).collect();
        assert_eq!(have, want, "stderr was:\n{}", self.stderr);
        self
    }

    /// The last line of stderr (the summary of `build` and `check`).
    pub fn summary(&self) -> &str {
        self.stderr.lines().last().unwrap_or("")
    }

    /// Stderr without its last (summary) line, which carries a timing on success.
    pub fn diagnostics(&self) -> Vec<&str> {
        let lines: Vec<&str> = self.stderr.lines().collect();
        lines[..lines.len().saturating_sub(1)].to_vec()
    }
}

/// Next year (UTC), the upper bound of `year:`.
pub fn next_year() -> i64 {
    let secs = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .expect("the clock is after 1970")
        .as_secs();
    civil_year(i64::try_from(secs / 86_400).expect("days fit")) + 1
}

/// The proleptic Gregorian year of a day count since 1970-01-01 (Howard Hinnant's algorithm).
fn civil_year(days: i64) -> i64 {
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    yoe + era * 400 + i64::from(month <= 2)
}

/// Copies a folder tree.
pub fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).expect("create folder");
    for entry in std::fs::read_dir(from).expect("list folder") {
        let entry = entry.expect("entry");
        let target = to.join(entry.file_name());
        if entry.path().is_dir() {
            copy_dir(&entry.path(), &target);
        } else {
            std::fs::copy(entry.path(), &target).expect("copy file");
        }
    }
}
