//! `kheo init`: a new site with site.yaml, the default theme and one sample model.

use std::path::{Path, PathBuf};

use super::{Outcome, print_one};
use crate::diagnostic::Diagnostic;
use crate::render::theme::DEFAULT_THEME;

/// Create a new site.
#[derive(clap::Args, Debug)]
pub struct Args {
    /// Folder of the new site (created when missing).
    #[arg(default_value = ".")]
    dir: PathBuf,
    /// The same as DIR, for symmetry with the other commands.
    #[arg(long, value_name = "DIR", conflicts_with = "dir")]
    root: Option<PathBuf>,
}

const SITE_YAML: &str = "# Cấu hình trang. Mọi khóa đều có giá trị mặc định; xem README của kheo.
title: \"Dân vận khéo\"
description: \"Các mô hình Dân vận khéo tiêu biểu\"
# base_url: \"https://danvan.example.gov.vn\"  # địa chỉ công bố trang, dùng cho feed và sitemap
language: vi
page_size: 20
# Danh mục lĩnh vực được phép (bỏ dấu # để bật kiểm tra):
# fields:
#   - \"Cải cách hành chính\"
#   - \"Dân chủ ở cơ sở\"
#   - \"Giải phóng mặt bằng\"
#   - \"Tiếp công dân\"
";

const HOME: &str = "---
title: \"Mô hình Dân vận khéo\"
---

Trang giới thiệu các mô hình \"Dân vận khéo\" tiêu biểu. Bạn đọc có thể xem theo lĩnh vực, đơn vị, năm và địa phương.
";

const ABOUT: &str = "---
title: \"Giới thiệu\"
---

Trang này do ban biên tập công bố. Mỗi mô hình là một bài viết trong thư mục `content/models/`.
";

const SAMPLE: &str = "---
title: \"Tiếp công dân bằng sự lắng nghe\"
unit: \"Thanh tra tỉnh\"
year: 2024
field: \"Tiếp công dân\"
summary: \"Mô hình mẫu: thay nội dung này bằng mô hình của đơn vị.\"
locality: \"Lâm Đồng\"
level: \"cấp tỉnh\"
tags: [\"tiếp công dân\"]
---

Đây là mô hình mẫu do `kheo init` tạo ra. Hãy sửa hoặc xóa tệp này và thêm mô hình của đơn vị bằng lệnh `kheo new`.

## Cách làm

- Lắng nghe ý kiến của người dân.
- Trả lời rõ ràng, đúng hẹn.

## Kết quả

Người dân hài lòng hơn với cách tiếp đón của cơ quan.
";

impl Args {
    /// Writes the new site, refusing to touch an existing one.
    pub fn run(self) -> Outcome {
        let dir = self.root.unwrap_or(self.dir);
        match create(&dir) {
            Ok(()) => {
                let shown = dir.display();
                println!("created a new kheo site in `{shown}`");
                println!(
                    "next: `kheo build --root {shown}` builds it into `{shown}/public`; `kheo new --root {shown}` adds a model"
                );
                Outcome::Success
            }
            Err(d) => {
                print_one(&d);
                Outcome::Failed
            }
        }
    }
}

fn create(dir: &Path) -> Result<(), Diagnostic> {
    for existing in ["site.yaml", "content"] {
        if dir.join(existing).exists() {
            return Err(Diagnostic::error(
                format!(
                    "`{}` already has a `{existing}`; kheo init never overwrites a site",
                    dir.display()
                ),
                format!(
                    "`{}` đã có `{existing}`; kheo init không bao giờ ghi đè lên một trang đã có",
                    dir.display()
                ),
            )
            .hint(
                "choose a new folder: `kheo init my-site`",
                "hãy chọn một thư mục mới: `kheo init my-site`",
            ));
        }
    }
    let mut files: Vec<(PathBuf, &[u8])> = vec![
        (dir.join("site.yaml"), SITE_YAML.as_bytes()),
        (dir.join("content/_index.md"), HOME.as_bytes()),
        (dir.join("content/pages/gioi-thieu.md"), ABOUT.as_bytes()),
        (
            dir.join("content/models/tiep-cong-dan.md"),
            SAMPLE.as_bytes(),
        ),
        (dir.join(".gitignore"), b"/public\n"),
    ];
    files.extend(
        DEFAULT_THEME
            .iter()
            .map(|(p, b)| (dir.join("themes/default").join(p), *b)),
    );
    for (path, bytes) in files {
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent).map_err(|e| io_error(parent, &e))?;
        }
        if path.exists() {
            continue;
        }
        std::fs::write(&path, bytes).map_err(|e| io_error(&path, &e))?;
    }
    Ok(())
}

fn io_error(path: &Path, e: &std::io::Error) -> Diagnostic {
    Diagnostic::error(
        format!("cannot write `{}`: {e}", path.display()),
        format!("không ghi được `{}`: {e}", path.display()),
    )
}
