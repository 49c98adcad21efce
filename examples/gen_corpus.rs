//! Benchmark corpus generator: writes a complete kheo site with N realistic
//! Vietnamese "Dân vận khéo" model write-ups.
//!
//! ```text
//! cargo run --release --example gen_corpus -- --models N --seed S --out DIR
//! ```
//!
//! `DIR` receives `site.yaml` (with a `fields:` vocabulary listing exactly the
//! fields used), `content/_index.md`, `content/pages/gioi-thieu.md` and N
//! models as `content/models/<locality>/m<counter>-<words>.md`. Each model has
//! full front matter (title, unit, year 2010–2025, field, summary, locality,
//! level, an award on about a third, 2–4 tags, date) and a body of 400–900
//! words: a lead paragraph, `##` sections, a bullet and a numbered list,
//! bold phrases, a table of figures by year in about one model out of five,
//! and one or two relative file links (`../<folder>/<file>.md`, or `<file>.md`
//! within one folder) to models with a smaller counter, so every target exists. Units (a few hundred, built
//! from real provinces, districts and communes) never share a slug, titles
//! and file names are unique by construction, and all text is NFC.
//!
//! The output depends only on `--models` and `--seed`: every model draws
//! from its own SplitMix64 stream, so files are byte-identical whatever the
//! number of threads. `DIR` must be empty or absent, or hold a marker file
//! `.gen_corpus` from an earlier run, in which case it is emptied first.
//! Each file is built in memory and written with one `write_all`, on all
//! cores. The program prints one summary line: models, files (including the
//! marker), bytes, seconds.

use std::collections::{HashMap, HashSet};
use std::fs;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::Instant;

/// Marker file that says a folder was written by this generator.
const MARKER: &str = ".gen_corpus";
/// Word budget of a body: targets are drawn in this range…
const TARGET_WORDS: (u64, u64) = (380, 830);
/// …and a body never grows past this many prose words.
const HARD_MAX_WORDS: usize = 850;

// ---------------------------------------------------------------------------
// Deterministic randomness

/// SplitMix64: tiny, fast and good enough for text generation.
struct Rng(u64);

impl Rng {
    /// An independent stream for one model (`stream` separates the phases).
    fn for_model(seed: u64, index: usize, stream: u64) -> Rng {
        let mut base = Rng(seed ^ 0x6B68_656F_2D67_656E);
        let s = base.next_u64()
            ^ (index as u64).wrapping_mul(0x9E37_79B9_7F4A_7C15)
            ^ stream.wrapping_mul(0xD1B5_4A32_D192_ED03);
        let mut rng = Rng(s);
        rng.next_u64();
        rng
    }

    fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// Uniform in `0..n` (`n > 0`).
    fn below(&mut self, n: usize) -> usize {
        ((u128::from(self.next_u64()) * n as u128) >> 64) as usize
    }

    /// Uniform in `lo..=hi`.
    fn range(&mut self, lo: u64, hi: u64) -> u64 {
        lo + self.below((hi - lo + 1) as usize) as u64
    }

    /// True with probability `num / den`.
    fn chance(&mut self, num: usize, den: usize) -> bool {
        self.below(den) < num
    }

    /// Uniform in `[0, 1)`.
    fn unit(&mut self) -> f64 {
        (self.next_u64() >> 11) as f64 / (1u64 << 53) as f64
    }

    fn pick<T: Copy>(&mut self, items: &[T]) -> T {
        items[self.below(items.len())]
    }

    /// All of `0..n` in random order.
    fn order(&mut self, n: usize) -> Vec<usize> {
        let mut v: Vec<usize> = (0..n).collect();
        for i in (1..n).rev() {
            let j = self.below(i + 1);
            v.swap(i, j);
        }
        v
    }
}

// ---------------------------------------------------------------------------
// Vocabulary: places

/// A province or centrally-run city, with three districts and one commune in each.
struct Province {
    name: &'static str,
    city: bool,
    /// "thôn" or "ấp": the word for a village.
    village: &'static str,
    districts: [(&'static str, &'static str); 3],
    communes: [(&'static str, &'static str); 3],
}

const fn p(
    name: &'static str,
    city: bool,
    village: &'static str,
    districts: [(&'static str, &'static str); 3],
    communes: [(&'static str, &'static str); 3],
) -> Province {
    Province {
        name,
        city,
        village,
        districts,
        communes,
    }
}

const H: &str = "huyện";
const Q: &str = "quận";
const TX: &str = "thị xã";
const TP: &str = "thành phố";
const X: &str = "xã";
const PH: &str = "phường";

#[rustfmt::skip]
const PROVINCES: &[Province] = &[
    p("Hà Nội", true, "thôn", [(H, "Sóc Sơn"), (H, "Ứng Hòa"), (H, "Đan Phượng")], [(X, "Minh Phú"), (X, "Vạn Thái"), (X, "Ô Diên")]),
    p("Hòa Bình", false, "thôn", [(H, "Lạc Thủy"), (H, "Yên Thủy"), (H, "Tân Lạc")], [(X, "Đồng Tâm"), (X, "Ngọc Lương"), (X, "Mãn Đức")]),
    p("Lâm Đồng", false, "thôn", [(H, "Đức Trọng"), (H, "Lâm Hà"), (H, "Di Linh")], [(X, "Hiệp Thạnh"), (X, "Đạ Đờn"), (X, "Gia Hiệp")]),
    p("Bình Dương", false, "ấp", [(H, "Bàu Bàng"), (H, "Dầu Tiếng"), (H, "Phú Giáo")], [(X, "Lai Uyên"), (X, "Định An"), (X, "An Bình")]),
    p("Đắk Lắk", false, "thôn", [(H, "Krông Pắc"), (H, "Ea Kar"), (H, "Buôn Đôn")], [(X, "Ea Kly"), (X, "Ea Đar"), (X, "Ea Wer")]),
    p("Đồng Nai", false, "ấp", [(H, "Long Thành"), (H, "Trảng Bom"), (H, "Định Quán")], [(X, "Bình Sơn"), (X, "Sông Trầu"), (X, "Phú Vinh")]),
    p("Thừa Thiên Huế", false, "thôn", [(H, "Phong Điền"), (H, "Quảng Điền"), (H, "A Lưới")], [(X, "Phong Hiền"), (X, "Quảng Thọ"), (X, "Hồng Kim")]),
    p("Bà Rịa – Vũng Tàu", false, "ấp", [(H, "Châu Đức"), (H, "Xuyên Mộc"), (H, "Đất Đỏ")], [(X, "Xuân Sơn"), (X, "Bưng Riềng"), (X, "Phước Hội")]),
    p("Hải Phòng", true, "thôn", [(H, "An Lão"), (H, "Vĩnh Bảo"), (H, "Tiên Lãng")], [(X, "An Thắng"), (X, "Dũng Tiến"), (X, "Kiến Thiết")]),
    p("Đà Nẵng", true, "thôn", [(H, "Hòa Vang"), (Q, "Liên Chiểu"), (Q, "Cẩm Lệ")], [(X, "Hòa Phú"), (PH, "Hòa Khánh Bắc"), (PH, "Hòa Xuân")]),
    p("Cần Thơ", true, "ấp", [(Q, "Ô Môn"), (H, "Thới Lai"), (H, "Cờ Đỏ")], [(PH, "Thới An"), (X, "Trường Xuân"), (X, "Trung An")]),
    p("Thành phố Hồ Chí Minh", true, "ấp", [(H, "Củ Chi"), (H, "Cần Giờ"), (TP, "Thủ Đức")], [(X, "Tân Thông Hội"), (X, "An Thới Đông"), (PH, "Linh Trung")]),
    p("Nghệ An", false, "thôn", [(H, "Nam Đàn"), (H, "Quỳnh Lưu"), (H, "Diễn Châu")], [(X, "Kim Liên"), (X, "Quỳnh Thạch"), (X, "Diễn Kim")]),
    p("Thanh Hóa", false, "thôn", [(H, "Thọ Xuân"), (H, "Nga Sơn"), (H, "Hoằng Hóa")], [(X, "Xuân Lập"), (X, "Nga Thái"), (X, "Hoằng Quỳ")]),
    p("Quảng Ninh", false, "thôn", [(H, "Tiên Yên"), (H, "Vân Đồn"), (TX, "Đông Triều")], [(X, "Đông Ngũ"), (X, "Quan Lạn"), (PH, "Mạo Khê")]),
    p("Bắc Giang", false, "thôn", [(H, "Lục Ngạn"), (H, "Yên Dũng"), (H, "Tân Yên")], [(X, "Phượng Sơn"), (X, "Lãng Sơn"), (X, "Ngọc Thiện")]),
    p("Hưng Yên", false, "thôn", [(H, "Ân Thi"), (H, "Khoái Châu"), (H, "Văn Giang")], [(X, "Đặng Lễ"), (X, "Đông Tảo"), (X, "Phụng Công")]),
    p("Nam Định", false, "thôn", [(H, "Hải Hậu"), (H, "Giao Thủy"), (H, "Ý Yên")], [(X, "Hải Đông"), (X, "Giao Xuân"), (X, "Yên Thắng")]),
    p("Thái Bình", false, "thôn", [(H, "Kiến Xương"), (H, "Tiền Hải"), (H, "Đông Hưng")], [(X, "Vũ Quý"), (X, "Đông Minh"), (X, "Đông La")]),
    p("Quảng Nam", false, "thôn", [(H, "Duy Xuyên"), (H, "Thăng Bình"), (H, "Núi Thành")], [(X, "Duy Phú"), (X, "Bình Minh"), (X, "Tam Hải")]),
    p("Quảng Ngãi", false, "thôn", [(H, "Bình Sơn"), (H, "Sơn Tịnh"), (H, "Tư Nghĩa")], [(X, "Bình Châu"), (X, "Tịnh Hà"), (X, "Nghĩa Kỳ")]),
    p("Bình Định", false, "thôn", [(H, "Tuy Phước"), (H, "Phù Cát"), (TX, "An Nhơn")], [(X, "Phước Hòa"), (X, "Cát Tân"), (PH, "Bình Định")]),
    p("Khánh Hòa", false, "thôn", [(H, "Diên Khánh"), (H, "Cam Lâm"), (H, "Vạn Ninh")], [(X, "Diên Phú"), (X, "Cam Hải Tây"), (X, "Vạn Thọ")]),
    p("Gia Lai", false, "thôn", [(H, "Chư Păh"), (H, "Ia Grai"), (H, "Đak Đoa")], [(X, "Ia Ka"), (X, "Ia Sao"), (X, "Hà Đông")]),
    p("Kon Tum", false, "thôn", [(H, "Đăk Hà"), (H, "Ngọc Hồi"), (H, "Kon Plông")], [(X, "Đăk Mar"), (X, "Bờ Y"), (X, "Măng Cành")]),
    p("An Giang", false, "ấp", [(H, "Tri Tôn"), (H, "Châu Phú"), (TX, "Tịnh Biên")], [(X, "Ô Lâm"), (X, "Ô Long Vỹ"), (X, "An Cư")]),
    p("Sóc Trăng", false, "ấp", [(H, "Mỹ Xuyên"), (H, "Trần Đề"), (H, "Kế Sách")], [(X, "Tham Đôn"), (X, "Lịch Hội Thượng"), (X, "An Lạc Tây")]),
    p("Lào Cai", false, "thôn", [(TX, "Sa Pa"), (H, "Bắc Hà"), (H, "Bát Xát")], [(X, "Tả Van"), (X, "Bản Phố"), (X, "Y Tý")]),
    p("Điện Biên", false, "thôn", [(H, "Điện Biên"), (H, "Mường Chà"), (H, "Tuần Giáo")], [(X, "Thanh Nưa"), (X, "Ma Thì Hồ"), (X, "Quài Tở")]),
    p("Tây Ninh", false, "ấp", [(H, "Gò Dầu"), (H, "Tân Biên"), (H, "Châu Thành")], [(X, "Thạnh Đức"), (X, "Tân Lập"), (X, "Hảo Đước")]),
    p("Long An", false, "ấp", [(H, "Đức Hòa"), (H, "Cần Giuộc"), (H, "Tân Thạnh")], [(X, "Hựu Thạnh"), (X, "Long Hậu"), (X, "Nhơn Ninh")]),
    p("Vĩnh Phúc", false, "thôn", [(H, "Tam Đảo"), (H, "Yên Lạc"), (H, "Lập Thạch")], [(X, "Đại Đình"), (X, "Trung Nguyên"), (X, "Sơn Đông")]),
];

/// Hamlets that run their own models: (province index, commune index, name).
const HAMLETS: &[(usize, usize, &str)] = &[
    (3, 0, "Bàu Lòng"),
    (10, 1, "Trường Thọ"),
    (11, 0, "Trung"),
    (25, 0, "Phước Lộc"),
    (25, 1, "Long Hòa"),
    (26, 0, "Phú Giao"),
    (29, 0, "Bến Mương"),
    (30, 0, "Chánh"),
];

impl Province {
    /// "tỉnh Lâm Đồng", "thành phố Hà Nội", "Thành phố Hồ Chí Minh".
    fn full(&self) -> String {
        if self.name.starts_with("Thành phố") {
            self.name.to_owned()
        } else if self.city {
            format!("thành phố {}", self.name)
        } else {
            format!("tỉnh {}", self.name)
        }
    }

    /// "Tỉnh ủy Lâm Đồng", "Thành ủy Hà Nội".
    fn committee(&self) -> String {
        let name = self.name;
        if self.city {
            format!("Thành ủy {name}")
        } else {
            format!("Tỉnh ủy {name}")
        }
    }
}

/// "Huyện ủy", "Quận ủy", "Thị ủy", "Thành ủy" for a district kind.
fn district_committee(kind: &str) -> &'static str {
    match kind {
        Q => "Quận ủy",
        TX => "Thị ủy",
        TP => "Thành ủy",
        _ => "Huyện ủy",
    }
}

// ---------------------------------------------------------------------------
// Vocabulary: fields

/// A figure reported by year.
struct Metric {
    label: &'static str,
    lo: u64,
    hi: u64,
    /// Summed over the years (a flow) rather than the last value (a stock).
    total: bool,
    /// Written with one decimal.
    decimal: bool,
}

const fn m(label: &'static str, lo: u64, hi: u64, total: bool, decimal: bool) -> Metric {
    Metric {
        label,
        lo,
        hi,
        total,
        decimal,
    }
}

struct Field {
    name: &'static str,
    /// Used inside sentences: "tiếp công dân".
    topic: &'static str,
    heads: &'static [&'static str],
    practices: &'static [&'static str],
    tags: &'static [&'static str],
    metrics: [Metric; 2],
    /// Sentences quoting the figures: `{a}` is the first metric, `{b}` the second.
    results: [&'static str; 2],
}

const ANTT: usize = 0;
const BVMT: usize = 1;
const CCHC: usize = 2;
const CDS: usize = 3;
const DCCS: usize = 4;
const DTND: usize = 5;
const GPMB: usize = 6;
const GNBV: usize = 7;
const PTKT: usize = 8;
const TCD: usize = 9;
const VHXH: usize = 10;
const NTM: usize = 11;

/// In Vietnamese collation order, as written to `site.yaml`.
#[rustfmt::skip]
const FIELDS: &[Field] = &[
    Field {
        name: "An ninh trật tự",
        topic: "giữ gìn an ninh trật tự",
        heads: &[
            "Tổ tự quản an ninh trật tự ở khu dân cư",
            "Camera an ninh, mắt thần của khu phố",
            "Ổn định an ninh trật tự từ cơ sở",
            "Dân vận khéo trong phòng, chống tội phạm",
            "Mỗi người dân là một chiến sĩ công an",
        ],
        practices: &[
            "thành lập tổ tự quản an ninh trật tự ở từng khu dân cư, mỗi tổ phụ trách từ 15 đến 20 hộ",
            "vận động các hộ kinh doanh lắp đặt camera hướng ra đường và chia sẻ hình ảnh với công an",
            "họp dân định kỳ để thông tin tình hình, lắng nghe phản ánh về tệ nạn xã hội",
            "lập nhóm Zalo giữa công an và người dân để tiếp nhận tin báo nhanh",
            "giao đảng viên theo dõi, giúp đỡ người lầm lỗi tái hòa nhập cộng đồng",
        ],
        tags: &["an ninh trật tự", "tự quản", "camera an ninh", "hòa giải", "phòng, chống tội phạm"],
        metrics: [
            m("Vụ việc hòa giải thành", 8, 90, true, false),
            m("Camera do dân lắp đặt", 10, 300, true, false),
        ],
        results: [
            "Từ năm {Y0} đến năm {Y}, các tổ hòa giải ở cơ sở đã hòa giải thành **{a} vụ việc**, không để phát sinh điểm nóng.",
            "Người dân đã tự nguyện lắp đặt **{b} camera an ninh**, góp phần kéo giảm các vụ trộm cắp tài sản.",
        ],
    },
    Field {
        name: "Bảo vệ môi trường",
        topic: "bảo vệ môi trường",
        heads: &[
            "Phân loại rác tại nguồn",
            "Con đường xanh, sạch, đẹp",
            "Ngày Chủ nhật xanh",
            "Nói không với rác thải nhựa",
            "Ủ phân hữu cơ từ rác thải sinh hoạt",
        ],
        practices: &[
            "hướng dẫn từng hộ phân loại rác hữu cơ, rác tái chế và rác còn lại ngay tại nhà",
            "tổ chức ngày Chủ nhật xanh hằng tháng, cán bộ cùng người dân dọn vệ sinh đường làng, kênh mương",
            "vận động hội viên phụ nữ dùng làn, túi vải thay túi ni lông khi đi chợ",
            "giao từng đoạn đường cho các chi hội đoàn thể nhận chăm sóc, trồng hoa",
            "đặt điểm thu gom bao bì thuốc bảo vệ thực vật ở đầu bờ ruộng",
        ],
        tags: &["môi trường", "phân loại rác", "đường hoa", "rác thải nhựa", "Chủ nhật xanh"],
        metrics: [
            m("Hộ phân loại rác tại nguồn", 100, 3000, false, false),
            m("Rác tái chế thu gom (tấn)", 30, 1200, true, true),
        ],
        results: [
            "Đến năm {Y}, **{a} hộ** đã phân loại rác tại nguồn; lượng rác phải chôn lấp giảm rõ rệt.",
            "Các chi hội đã thu gom **{b} tấn** rác tái chế, tiền bán phế liệu được dùng để giúp hội viên khó khăn.",
        ],
    },
    Field {
        name: "Cải cách hành chính",
        topic: "cải cách hành chính",
        heads: &[
            "Một cửa thân thiện, người dân hài lòng",
            "Trả kết quả đúng hẹn, xin lỗi khi trễ hẹn",
            "Rút ngắn thời gian giải quyết thủ tục hành chính",
            "Nói không với giấy tờ thừa",
            "Ứng dụng một cửa điện tử trong cải cách hành chính",
        ],
        practices: &[
            "niêm yết công khai quy trình, thời hạn và lệ phí của từng thủ tục tại bộ phận một cửa",
            "rà soát, cắt giảm thành phần hồ sơ không cần thiết, đơn giản hóa biểu mẫu",
            "gửi thư xin lỗi khi hồ sơ trễ hẹn và nêu rõ ngày trả kết quả mới",
            "hướng dẫn người dân nộp hồ sơ trực tuyến ngay tại bộ phận một cửa",
            "lấy ý kiến đánh giá mức độ hài lòng của người dân sau mỗi lần giao dịch",
        ],
        tags: &["một cửa", "thủ tục hành chính", "dịch vụ công", "cải cách hành chính", "sự hài lòng"],
        metrics: [
            m("Hồ sơ tiếp nhận", 400, 12000, true, false),
            m("Tỷ lệ đúng hạn (%)", 860, 999, false, true),
        ],
        results: [
            "Giai đoạn {Y0}–{Y}, bộ phận một cửa tiếp nhận **{a} hồ sơ**, tỷ lệ giải quyết đúng hạn năm {Y} đạt **{b}%**.",
            "Không hồ sơ nào phải bổ sung quá một lần; thời gian chờ bình quân của người dân giảm còn dưới **{w} phút**.",
        ],
    },
    Field {
        name: "Chuyển đổi số",
        topic: "chuyển đổi số",
        heads: &[
            "Tổ công nghệ số cộng đồng đến từng thôn",
            "Ứng dụng công nghệ số trong phục vụ Nhân dân",
            "Bình dân học vụ số",
            "Chợ 4.0 không dùng tiền mặt",
            "Ứng dụng Zalo kết nối chính quyền với người dân",
        ],
        practices: &[
            "thành lập tổ công nghệ số cộng đồng ở từng thôn, tổ dân phố, do đoàn viên thanh niên làm nòng cốt",
            "hướng dẫn người dân cài đặt và kích hoạt tài khoản định danh điện tử",
            "mở lớp “bình dân học vụ số” buổi tối cho người cao tuổi",
            "vận động tiểu thương niêm yết mã QR để thanh toán không dùng tiền mặt",
            "lập kênh Zalo của thôn để đăng thông báo và tiếp nhận phản ánh",
        ],
        tags: &["chuyển đổi số", "định danh điện tử", "dịch vụ công trực tuyến", "không dùng tiền mặt", "tổ công nghệ số"],
        metrics: [
            m("Tài khoản định danh điện tử", 200, 12000, false, false),
            m("Hồ sơ nộp trực tuyến", 100, 6000, true, false),
        ],
        results: [
            "Đến năm {Y}, **{a} người dân** đã kích hoạt tài khoản định danh điện tử mức độ 2.",
            "**{b} hồ sơ** được nộp trực tuyến, tiết kiệm thời gian và chi phí đi lại cho người dân.",
        ],
    },
    Field {
        name: "Dân chủ ở cơ sở",
        topic: "thực hiện dân chủ ở cơ sở",
        heads: &[
            "Dân biết, dân bàn, dân làm, dân kiểm tra",
            "Công khai để dân giám sát",
            "Hòm thư góp ý và ngày hội dân chủ",
            "Thực hiện quy chế dân chủ trong cơ quan",
            "Ban Thanh tra nhân dân hoạt động thực chất",
        ],
        practices: &[
            "công khai thu, chi ngân sách và các khoản đóng góp của Nhân dân trên bảng tin và nhóm Zalo của thôn",
            "tổ chức hội nghị cán bộ, công chức đầu năm để mọi người góp ý vào quy chế làm việc",
            "kiện toàn Ban Thanh tra nhân dân và Ban Giám sát đầu tư của cộng đồng",
            "đặt hòm thư góp ý và trả lời công khai mọi ý kiến nhận được",
            "lấy ý kiến người dân trước khi quyết định các công trình dùng tiền đóng góp",
        ],
        tags: &["dân chủ ở cơ sở", "công khai", "giám sát", "quy chế dân chủ", "thanh tra nhân dân"],
        metrics: [
            m("Hội nghị lấy ý kiến Nhân dân", 5, 60, true, false),
            m("Ý kiến được tiếp thu", 20, 600, true, false),
        ],
        results: [
            "Đã tổ chức **{a} hội nghị** lấy ý kiến Nhân dân về những việc liên quan trực tiếp đến đời sống người dân.",
            "**{b} ý kiến** góp ý được tiếp thu, giải quyết và trả lời công khai.",
        ],
    },
    Field {
        name: "Đối thoại với Nhân dân",
        topic: "đối thoại với Nhân dân",
        heads: &[
            "Đối thoại để đồng thuận",
            "Người đứng đầu đối thoại trực tiếp với Nhân dân",
            "Cà phê sáng với dân",
            "Lắng nghe dân nói, nói dân hiểu, làm dân tin",
            "Đối thoại định kỳ ở khu dân cư",
        ],
        practices: &[
            "người đứng đầu cấp ủy, chính quyền đối thoại trực tiếp với Nhân dân ít nhất mỗi quý một lần",
            "gửi trước nội dung đối thoại để người dân chuẩn bị ý kiến",
            "ghi biên bản từng ý kiến và thông báo công khai kết quả giải quyết",
            "mời đại diện các hộ liên quan và người có uy tín trong cộng đồng cùng tham dự",
            "phân công cán bộ theo dõi, đôn đốc việc thực hiện những điều đã hứa với dân",
        ],
        tags: &["đối thoại", "tiếp xúc cử tri", "người đứng đầu", "kiến nghị", "đồng thuận"],
        metrics: [
            m("Buổi đối thoại", 4, 40, true, false),
            m("Kiến nghị được giải quyết", 10, 400, true, false),
        ],
        results: [
            "Người đứng đầu đã chủ trì **{a} buổi đối thoại** với Nhân dân, trả lời trực tiếp nhiều kiến nghị ngay tại hội nghị.",
            "**{b} kiến nghị** của người dân được giải quyết dứt điểm, nhiều vụ việc tồn đọng lâu năm được tháo gỡ.",
        ],
    },
    Field {
        name: "Giải phóng mặt bằng",
        topic: "giải phóng mặt bằng",
        heads: &[
            "Dân vận khéo trong giải phóng mặt bằng",
            "Ổn định cuộc sống người dân vùng dự án",
            "Vận động bàn giao mặt bằng đúng tiến độ",
            "Đến từng nhà, gỡ từng vướng mắc",
            "Cán bộ, đảng viên đi trước trong bàn giao mặt bằng",
            "Đồng thuận nhường đất mở đường vành đai",
        ],
        practices: &[
            "rà soát hồ sơ nguồn gốc đất của từng thửa và công khai phương án bồi thường tại nhà văn hóa",
            "vận động đảng viên và người thân của cán bộ bàn giao mặt bằng trước để làm gương",
            "đối thoại riêng với các hộ còn vướng mắc, giải thích chính sách bằng lời lẽ dễ hiểu",
            "bố trí tái định cư trước khi thu hồi đất, hỗ trợ chuyển đổi nghề cho lao động mất đất",
            "phân công mỗi cán bộ phụ trách từ 3 đến 5 hộ, gặp gỡ cho đến khi hộ đồng thuận",
            "cắm mốc và công khai ranh giới của tuyến đường vành đai, đường cao tốc đi qua địa bàn để từng hộ biết rõ phần đất bị thu hồi",
        ],
        tags: &["giải phóng mặt bằng", "bồi thường", "tái định cư", "đất đai", "bàn giao mặt bằng", "đường vành đai"],
        metrics: [
            m("Hộ bàn giao mặt bằng", 20, 900, true, false),
            m("Diện tích bàn giao (ha)", 20, 1200, true, true),
        ],
        results: [
            "**{a} hộ** dân đã bàn giao mặt bằng với tổng diện tích **{b} ha**, không phải cưỡng chế trường hợp nào.",
            "Nhiều hộ bàn giao mặt bằng trước thời hạn, giúp dự án thi công đúng tiến độ đã cam kết.",
        ],
    },
    Field {
        name: "Giảm nghèo bền vững",
        topic: "giảm nghèo bền vững",
        heads: &[
            "Ươm mầm sinh kế cho hộ nghèo",
            "Tổ liên kết giúp nhau thoát nghèo",
            "Mái ấm tình thương cho hộ khó khăn",
            "Cầm tay chỉ việc, giúp hộ nghèo vươn lên",
            "Trao cần câu thay vì trao con cá",
        ],
        practices: &[
            "khảo sát từng hộ nghèo để biết nguyên nhân nghèo và nhu cầu thực tế",
            "giao mỗi đảng viên, hội viên khá giả giúp đỡ một hộ nghèo cụ thể",
            "hỗ trợ con giống, cây giống kèm hướng dẫn kỹ thuật thay vì cho tiền mặt",
            "vận động doanh nghiệp, nhà hảo tâm góp công, góp vốn xây nhà đại đoàn kết",
            "kết nối vốn vay ưu đãi của Ngân hàng Chính sách xã hội qua các tổ tiết kiệm và vay vốn",
        ],
        tags: &["giảm nghèo", "sinh kế", "nhà đại đoàn kết", "vốn vay ưu đãi", "an sinh xã hội"],
        metrics: [
            m("Hộ thoát nghèo", 5, 300, true, false),
            m("Nhà đại đoàn kết xây mới", 1, 60, true, false),
        ],
        results: [
            "Giai đoạn {Y0}–{Y}, **{a} hộ** thoát nghèo, tỷ lệ hộ nghèo giảm còn **{r}%**.",
            "Đã xây mới **{b} căn nhà đại đoàn kết** cho hộ nghèo, hộ có hoàn cảnh khó khăn.",
        ],
    },
    Field {
        name: "Phát triển kinh tế",
        topic: "phát triển kinh tế",
        heads: &[
            "Vận động Nhân dân chuyển đổi cơ cấu cây trồng",
            "Hợp tác xã kiểu mới, nông dân yên tâm",
            "Xây dựng thương hiệu nông sản địa phương",
            "Dồn điền đổi thửa, mở đường cho cơ giới hóa",
            "Đồng hành cùng hộ kinh doanh và doanh nghiệp nhỏ",
        ],
        practices: &[
            "xây dựng mô hình trình diễn để người dân tận mắt thấy hiệu quả trước khi chuyển đổi",
            "mời kỹ sư nông nghiệp về tận ruộng hướng dẫn quy trình sản xuất an toàn",
            "vận động nông dân liên kết thành tổ hợp tác, hợp tác xã để có đầu ra ổn định",
            "hỗ trợ đăng ký nhãn hiệu, mã số vùng trồng và sản phẩm OCOP",
            "gặp mặt doanh nghiệp hằng quý để tháo gỡ khó khăn về mặt bằng, thủ tục",
        ],
        tags: &["kinh tế", "hợp tác xã", "OCOP", "chuyển đổi cây trồng", "nông sản"],
        metrics: [
            m("Diện tích chuyển đổi (ha)", 50, 4000, true, true),
            m(
                "Thu nhập bình quân (triệu đồng/người/năm)",
                320,
                950,
                false,
                true,
            ),
        ],
        results: [
            "Toàn địa bàn đã chuyển đổi **{a} ha** sang cây trồng có giá trị kinh tế cao.",
            "Thu nhập bình quân đầu người năm {Y} đạt **{b} triệu đồng**, tăng đáng kể so với trước khi có mô hình.",
        ],
    },
    Field {
        name: "Tiếp công dân",
        topic: "tiếp công dân",
        heads: &[
            "Tiếp công dân bằng cả tấm lòng",
            "Giải quyết dứt điểm đơn thư từ cơ sở",
            "Ngày thứ Năm tiếp dân",
            "Lắng nghe để thấu hiểu, giải quyết để dân tin",
            "Không để đơn thư vượt cấp",
        ],
        practices: &[
            "bố trí phòng tiếp công dân ở tầng trệt, có nước uống, ghế chờ và bảng hướng dẫn rõ ràng",
            "người đứng đầu tiếp công dân định kỳ vào ngày thứ Năm hằng tuần",
            "phân loại đơn ngay khi tiếp nhận và hẹn lịch trả lời cụ thể",
            "đến tận nhà người dân để xác minh, đối chiếu hồ sơ với thực địa",
            "mời người có uy tín, hòa giải viên cùng tham gia giải quyết các vụ việc phức tạp",
        ],
        tags: &["tiếp công dân", "khiếu nại, tố cáo", "đơn thư", "hòa giải", "người đứng đầu"],
        metrics: [
            m("Lượt công dân được tiếp", 50, 2500, true, false),
            m("Đơn thư giải quyết dứt điểm", 10, 500, true, false),
        ],
        results: [
            "Đơn vị đã tiếp **{a} lượt công dân**, hướng dẫn, giải thích rõ ràng để người dân hiểu đúng chính sách.",
            "**{b} đơn thư** được giải quyết dứt điểm, số đơn thư vượt cấp giảm mạnh.",
        ],
    },
    Field {
        name: "Văn hóa – xã hội",
        topic: "xây dựng đời sống văn hóa",
        heads: &[
            "Ông bà mẫu mực, con cháu thảo hiền",
            "Nếp sống văn minh trong việc cưới, việc tang",
            "Tủ sách cộng đồng ở thôn, bản",
            "Ấm áp nghĩa tình khu dân cư",
            "Câu lạc bộ văn nghệ giữ gìn bản sắc",
        ],
        practices: &[
            "xây dựng hương ước, quy ước thôn với những điều cụ thể về việc cưới, việc tang",
            "vận động các gia đình đăng ký danh hiệu gia đình văn hóa và bình xét công khai cuối năm",
            "thành lập câu lạc bộ văn nghệ dân gian, mời nghệ nhân truyền dạy cho lớp trẻ",
            "mở tủ sách cộng đồng tại nhà văn hóa, mỗi tháng luân chuyển sách một lần",
            "thăm hỏi, tặng quà người cao tuổi, gia đình chính sách vào dịp lễ, Tết",
        ],
        tags: &["văn hóa", "nếp sống văn minh", "gia đình văn hóa", "hương ước", "câu lạc bộ"],
        metrics: [
            m("Gia đình văn hóa", 100, 4000, false, false),
            m(
                "Lượt người tham gia sinh hoạt văn hóa",
                200,
                8000,
                true,
                false,
            ),
        ],
        results: [
            "Năm {Y}, địa bàn có **{a} gia đình** đạt danh hiệu gia đình văn hóa.",
            "Các hoạt động văn hóa, văn nghệ thu hút **{b} lượt người** tham gia, trong đó có nhiều người cao tuổi và thiếu nhi.",
        ],
    },
    Field {
        name: "Xây dựng nông thôn mới",
        topic: "xây dựng nông thôn mới",
        heads: &[
            "Hiến đất làm đường, xây dựng nông thôn mới",
            "Thôn kiểu mẫu, vườn mẫu",
            "Cả làng chung sức xây dựng nông thôn mới",
            "Đường giao thông nông thôn do dân làm",
            "Nông thôn mới nâng cao từ sức dân",
        ],
        practices: &[
            "họp dân từng thôn để bàn, chọn công trình làm trước, làm sau",
            "vận động các hộ hiến đất, tháo dỡ tường rào để mở rộng đường giao thông nông thôn",
            "công khai danh sách đóng góp và kết quả thi công trên loa truyền thanh",
            "giao Ban Giám sát đầu tư của cộng đồng theo dõi chất lượng từng công trình",
            "tổ chức thi đua giữa các thôn, khen thưởng kịp thời hộ tiêu biểu",
        ],
        tags: &["nông thôn mới", "hiến đất", "giao thông nông thôn", "thôn kiểu mẫu", "sức dân"],
        metrics: [
            m("Đất hiến làm đường (m²)", 500, 25000, true, false),
            m("Đường được cứng hóa (km)", 10, 400, true, true),
        ],
        results: [
            "Nhân dân đã tự nguyện hiến **{a} m²** đất để mở rộng đường giao thông nông thôn.",
            "**{b} km** đường thôn, ngõ xóm được cứng hóa, bê tông hóa.",
        ],
    },
];

// ---------------------------------------------------------------------------
// Vocabulary: units

/// A unit that runs models.
struct Unit {
    name: String,
    province: usize,
    /// The district the unit belongs to, for awards; None for provincial units.
    district: Option<usize>,
    /// 0 provincial, 1 district, 2 commune or hamlet.
    scope: u8,
    /// "Bí thư Đảng ủy xã Minh Phú".
    leader: String,
    /// "thôn" / "ấp" / "tổ dân phố số": where the write-up's villages are.
    village: &'static str,
    prefer: &'static [usize],
}

/// Departments of a provincial People's Committee and their usual fields.
const DEPARTMENTS: &[(&str, &[usize])] = &[
    ("Tài nguyên và Môi trường", &[GPMB, BVMT, DCCS]),
    ("Xây dựng", &[CCHC, GPMB]),
    ("Nội vụ", &[CCHC, DCCS]),
    ("Tư pháp", &[CCHC, TCD]),
    ("Y tế", &[CCHC, VHXH]),
    ("Giáo dục và Đào tạo", &[VHXH, CDS]),
    ("Lao động – Thương binh và Xã hội", &[GNBV, VHXH]),
    ("Nông nghiệp và Phát triển nông thôn", &[NTM, PTKT]),
    ("Giao thông vận tải", &[GPMB, CCHC]),
    ("Công Thương", &[PTKT, CDS]),
    ("Kế hoạch và Đầu tư", &[PTKT, CCHC]),
    ("Văn hóa, Thể thao và Du lịch", &[VHXH]),
    ("Thông tin và Truyền thông", &[CDS, CCHC]),
    ("Tài chính", &[CCHC, DCCS]),
];

/// Where a unit sits: its district (0–2) or commune (0–2, in that district).
#[derive(Clone, Copy)]
enum Seat {
    District(usize),
    /// The district's Party committee: "Huyện ủy Sóc Sơn".
    Committee(usize),
    Commune(usize),
}

/// District and commune units of every province: leader's title, organisation, seat, fields.
#[rustfmt::skip]
const LOCAL_UNITS: &[(&str, &str, Seat, &[usize])] = &[
    ("Chủ tịch", "Ủy ban nhân dân", Seat::District(0), &[GPMB, CCHC, DTND, TCD]),
    ("Trưởng", "Ban Dân vận", Seat::Committee(1), &[DTND, DCCS, GPMB]),
    ("Chủ tịch", "Ủy ban Mặt trận Tổ quốc Việt Nam", Seat::District(2), &[GNBV, DCCS, NTM]),
    ("Trưởng", "Công an", Seat::District(1), &[ANTT]),
    ("Bí thư", "Đảng ủy", Seat::Commune(0), &[NTM, DCCS, GPMB, ANTT]),
    ("Chủ tịch", "Hội Liên hiệp Phụ nữ", Seat::Commune(1), &[VHXH, GNBV, BVMT]),
    ("Bí thư", "Đoàn Thanh niên", Seat::Commune(2), &[CDS, BVMT, NTM]),
    ("Chủ tịch", "Hội Nông dân", Seat::Commune(0), &[PTKT, NTM]),
    ("Chủ tịch", "Ủy ban nhân dân", Seat::Commune(1), &[CCHC, TCD, CDS]),
    ("Chủ tịch", "Hội Cựu chiến binh", Seat::Commune(2), &[ANTT, GNBV, BVMT]),
    ("Trưởng", "Công an", Seat::Commune(0), &[ANTT]),
];

/// The few hundred units: a dozen or so per province, plus some hamlets.
/// Seed-independent, so every corpus has the same vocabulary of units.
fn build_units() -> Vec<Unit> {
    let mut units: Vec<Unit> = Vec::new();
    let mut seen = HashSet::new();
    let mut rng = Rng(0x756E_6974_7321);
    for (pi, prov) in PROVINCES.iter().enumerate() {
        let full = prov.full();
        let mut add = |role: &str, name: String, seat: Option<Seat>, prefer: &'static [usize]| {
            let mut name = name;
            if !seen.insert(slugify(&name)) {
                name = format!("{name}, {full}");
                assert!(seen.insert(slugify(&name)), "unit `{name}` is not unique");
            }
            let (district, scope, village) = match seat {
                None if prov.city && prov.village == "thôn" => (None, 0, "tổ dân phố số"),
                None => (None, 0, prov.village),
                Some(Seat::District(d) | Seat::Committee(d)) => (Some(d), 1, prov.village),
                Some(Seat::Commune(c)) if prov.communes[c].0 == PH => (Some(c), 2, "tổ dân phố số"),
                Some(Seat::Commune(c)) => (Some(c), 2, prov.village),
            };
            let leader = format!("{role} {name}");
            units.push(Unit {
                name,
                province: pi,
                district,
                scope,
                leader,
                village,
                prefer,
            });
        };
        let first = rng.below(DEPARTMENTS.len());
        let second = (first + 1 + rng.below(DEPARTMENTS.len() - 1)) % DEPARTMENTS.len();
        for d in [first, second] {
            let (dept, prefer) = DEPARTMENTS[d];
            add("Giám đốc", format!("Sở {dept} {full}"), None, prefer);
        }
        if pi % 2 == 0 {
            add("Chánh", format!("Thanh tra {full}"), None, &[TCD, DTND]);
        } else {
            let name = format!("Đảng ủy Khối các cơ quan {full}");
            add("Bí thư", name, None, &[DCCS, CCHC]);
        }
        for &(role, org, seat, prefer) in LOCAL_UNITS {
            let (kind, place) = match seat {
                Seat::District(d) => prov.districts[d],
                Seat::Committee(d) => {
                    (district_committee(prov.districts[d].0), prov.districts[d].1)
                }
                Seat::Commune(c) => prov.communes[c],
            };
            if org == "Hội Nông dân" && kind == PH {
                continue;
            }
            add(role, format!("{org} {kind} {place}"), Some(seat), prefer);
        }
        for &(_, c, hamlet) in HAMLETS.iter().filter(|h| h.0 == pi) {
            let (kind, commune) = prov.communes[c];
            let name = format!("Ấp {hamlet}, {kind} {commune}");
            assert!(seen.insert(slugify(&name)), "hamlet `{name}` is not unique");
            units.push(Unit {
                name,
                province: pi,
                district: Some(c),
                scope: 2,
                leader: format!("Trưởng ấp {hamlet}"),
                village: "tổ",
                prefer: &[ANTT, NTM, VHXH],
            });
        }
    }
    units
}

// ---------------------------------------------------------------------------
// Vocabulary: sentences. Slots: {U} unit, {L} locality, {T} topic, {LV} level,
// {P} provincial Party committee, {Y} year, {Y0} start year, {ny} years run,
// {a} {b} the field's figures, {V} a village, {h} households, {k} people,
// {S} a slogan, and random numbers {n} {N} {p} {q} {d} {v} {w} {r}.

const SUMMARIES: &[&str] = &[
    "{U} vận động Nhân dân cùng tham gia {T}, tạo sự đồng thuận cao ở {L}.",
    "Mô hình “Dân vận khéo” về {T} của {U}, được công nhận {LV} năm {Y}.",
    "Cách làm gần dân, trọng dân của {U} trong {T}: công khai, lắng nghe và giải quyết đến nơi đến chốn.",
    "Từ năm {Y0}, {U} đưa phong trào “Dân vận khéo” vào {T} với những kết quả cụ thể, đo đếm được.",
];

const LEADS: &[&str] = &[
    "Năm {Y0}, {U} bắt đầu xây dựng mô hình “Dân vận khéo” trong lĩnh vực {T}, xuất phát từ chính những việc khó mà người dân ở {L} quan tâm nhất.",
    "Từ một việc tưởng như nhỏ, {U} đã xây dựng nên một mô hình {T} được cấp ủy ghi nhận và nhiều nơi trong {L} đến học tập.",
    "Trong phong trào thi đua “Dân vận khéo” của {L}, mô hình về {T} của {U} là một trong những cách làm được nhắc đến nhiều nhất năm {Y}.",
    "Không hô hào, không làm thay, {U} chọn cách đến với từng hộ dân, lắng nghe và cùng họ tìm lời giải cho bài toán {T}.",
    "Mô hình ra đời khi {U} nhận thấy {T} là việc chạm trực tiếp đến quyền lợi và đời sống hằng ngày của Nhân dân.",
    "Sau {ny} năm thực hiện, mô hình “Dân vận khéo” về {T} của {U} đã mang lại những kết quả cụ thể, được Nhân dân đồng tình, ủng hộ.",
    "Gần dân, hiểu dân, trọng dân là cách {U} chọn để tháo gỡ những vướng mắc kéo dài trong {T}.",
    "Ở {L}, nhắc đến {T}, nhiều người nghĩ ngay đến cách làm của {U}: kiên trì, công khai và đặt người dân ở vị trí trung tâm.",
];

const CONTEXT: &[&str] = &[
    "Trước khi có mô hình, nhiều việc liên quan đến {T} ở địa phương còn chậm; một số hộ dân chưa hiểu hết chủ trương, chính sách nên còn băn khoăn, thậm chí có đơn thư kéo dài.",
    "Địa bàn có **{h} hộ** với khoảng {k} nhân khẩu, phần đông sống bằng nghề nông và buôn bán nhỏ, thu nhập chưa thật ổn định.",
    "Năm {Y0}, cấp ủy xác định {T} là khâu đột phá và giao {U} chủ trì xây dựng mô hình.",
    "Những năm trước, tỷ lệ người dân hài lòng với công tác {T} chỉ đạt khoảng {q}%, thấp hơn bình quân chung của {L}.",
    "Qua khảo sát, cán bộ nhận thấy nguyên nhân không nằm ở chính sách mà ở cách làm: thông tin đến với người dân chưa đầy đủ, chưa kịp thời.",
    "Lời dạy của Chủ tịch Hồ Chí Minh “Dân vận kém thì việc gì cũng kém. Dân vận khéo thì việc gì cũng thành công” được cấp ủy chọn làm kim chỉ nam cho mô hình.",
    "Cấp ủy ban hành nghị quyết chuyên đề, phân công rõ người phụ trách, thời gian hoàn thành và cách đánh giá kết quả.",
    "Ngay từ đầu, {U} xác định mô hình phải gắn với việc cụ thể, có địa chỉ rõ ràng, tránh hình thức, chạy theo số lượng.",
    "Trên địa bàn có đồng bào nhiều dân tộc cùng sinh sống, phong tục, tập quán đa dạng, nên công tác vận động đòi hỏi sự kiên trì và hiểu biết văn hóa.",
    "Lực lượng nòng cốt gồm {n}0 cán bộ, đảng viên và hội viên các đoàn thể, phần lớn là người sinh sống ngay tại địa bàn.",
    "Nhiều ý kiến của cử tri tại các kỳ tiếp xúc trước đó đều xoay quanh {T}, cho thấy đây là việc dân mong đợi nhất.",
];

const METHOD_INTROS: &[&str] = &[
    "Để mô hình đi vào thực chất, {U} tập trung vào những việc sau:",
    "Cách làm của {U} có thể tóm lại trong mấy việc chính:",
    "Mô hình được triển khai theo các bước cụ thể:",
    "{U} cụ thể hóa mô hình bằng những việc làm thiết thực:",
];

const METHOD: &[&str] = &[
    "Điểm mới của mô hình là phương châm **“{S}”**: mọi việc đều được bàn bạc công khai với Nhân dân trước khi triển khai.",
    "Mỗi tháng, {U} tổ chức ít nhất một buổi sinh hoạt chuyên đề để cán bộ trao đổi kinh nghiệm vận động, nhất là với những trường hợp khó.",
    "Cán bộ được tập huấn kỹ năng giao tiếp, cách lắng nghe và trả lời những câu hỏi thường gặp của người dân về {T}.",
    "Với những hộ còn băn khoăn, cán bộ không vội vàng mà kiên trì gặp gỡ, có trường hợp phải đến nhà **{n} lần** mới nhận được sự đồng thuận.",
    "Ban Dân vận phối hợp với Ủy ban Mặt trận Tổ quốc và các đoàn thể chính trị – xã hội để mỗi tổ chức nhận một phần việc phù hợp.",
    "Kết quả thực hiện được đưa vào tiêu chí đánh giá, xếp loại cán bộ, đảng viên cuối năm, tránh tình trạng “đầu voi đuôi chuột”.",
    "Thông tin về mô hình được phổ biến qua loa truyền thanh, nhóm Zalo của khu dân cư và trong các buổi sinh hoạt chi bộ.",
    "Đáng chú ý, mô hình huy động được sự tham gia của người có uy tín, già làng, trưởng bản, chức sắc tôn giáo – những người có tiếng nói trong cộng đồng.",
    "Kinh phí thực hiện chủ yếu từ sức dân và nguồn xã hội hóa, tổng cộng khoảng **{v} triệu đồng**; ngân sách nhà nước chỉ hỗ trợ một phần nhỏ.",
    "Mọi phản ánh của người dân đều được ghi vào sổ theo dõi, phân công người xử lý và trả lời trong vòng **{d} ngày làm việc**.",
    "Ở {V}, nơi được chọn làm điểm, cán bộ cùng người dân họp bàn nhiều buổi tối liền để thống nhất cách làm trước khi nhân rộng.",
    "Mỗi cán bộ, đảng viên đăng ký ít nhất một việc cụ thể và báo cáo kết quả tại buổi sinh hoạt chi bộ hằng tháng.",
];

const SLOGANS: &[&str] = &[
    "nghe dân nói, nói dân hiểu, làm dân tin",
    "đi từng ngõ, gõ từng nhà, rà từng đối tượng",
    "ba cùng: cùng ăn, cùng ở, cùng làm",
    "dân biết, dân bàn, dân làm, dân kiểm tra",
    "việc gì có lợi cho dân thì hết sức làm",
    "cán bộ đi trước, làng nước theo sau",
];

const RESULTS: &[&str] = &[
    "Sau {ny} năm thực hiện, mô hình đã tạo chuyển biến rõ nét trong công tác {T} ở địa phương.",
    "Tỷ lệ người dân hài lòng tăng lên **{p}%**; không còn đơn thư vượt cấp liên quan đến {T}.",
    "Năm {Y}, mô hình được công nhận là mô hình “Dân vận khéo” {LV} và được đề nghị nhân rộng.",
    "Toàn địa phương hiện có **{N} mô hình “Dân vận khéo” cấp cơ sở**, trong đó nhiều mô hình học tập cách làm của {U}.",
    "Từ mô hình này, đã có {n} cơ quan, đơn vị trong và ngoài {L} đến tham quan, học tập kinh nghiệm.",
    "Quan trọng hơn các con số, niềm tin của Nhân dân với cấp ủy, chính quyền được củng cố, mối quan hệ giữa cán bộ và người dân ngày càng gắn bó.",
    "Nhân dân đã đóng góp **{N} ngày công** và hơn **{v} triệu đồng** để cùng thực hiện mô hình.",
    "Đoàn kiểm tra của Ban Dân vận {P} đánh giá cao cách làm bài bản, sát thực tế của {U}.",
    "Không có vụ việc phức tạp, khiếu kiện đông người nào phát sinh trong thời gian thực hiện mô hình.",
    "Nhiều cá nhân, tập thể có thành tích tiêu biểu trong thực hiện mô hình đã được khen thưởng kịp thời.",
];

const TABLE_INTROS: &[&str] = &[
    "Kết quả qua các năm được tổng hợp trong bảng sau:",
    "Một số chỉ tiêu chính từ năm {Y0} đến năm {Y}:",
];

const LESSON_INTROS: &[&str] = &[
    "Từ thực tiễn triển khai, {U} rút ra một số kinh nghiệm:",
    "Những kinh nghiệm chính rút ra từ mô hình:",
    "Qua {ny} năm thực hiện, có thể rút ra mấy bài học:",
];

const LESSONS: &[&str] = &[
    "Cấp ủy, người đứng đầu phải vào cuộc quyết liệt, nói đi đôi với làm.",
    "Chọn đúng việc khó, việc dân cần để xây dựng mô hình, không dàn trải theo số lượng.",
    "Công khai, minh bạch thông tin ngay từ đầu để người dân hiểu và đồng thuận.",
    "Lắng nghe ý kiến Nhân dân, tôn trọng và tiếp thu những ý kiến hợp lý.",
    "Phát huy vai trò của người có uy tín và các đoàn thể chính trị – xã hội.",
    "Kiên trì, mềm dẻo trong vận động; không áp đặt, không làm thay dân.",
    "Thường xuyên sơ kết, rút kinh nghiệm và biểu dương kịp thời cá nhân, tập thể tiêu biểu.",
    "Gắn kết quả thực hiện mô hình với đánh giá, xếp loại cán bộ, đảng viên.",
    "Cán bộ, đảng viên phải gương mẫu đi trước để Nhân dân noi theo.",
    "Bảo đảm quyền lợi chính đáng của người dân là cơ sở để vận động bền vững.",
];

const CLOSINGS: &[&str] = &[
    "Thời gian tới, {U} tiếp tục duy trì mô hình, mở rộng sang các lĩnh vực khác và chia sẻ cách làm với các đơn vị bạn.",
    "Mô hình cho thấy khi cán bộ thật sự gần dân, lắng nghe dân thì những việc khó nhất cũng tìm được lời giải.",
    "Cấp ủy đề nghị các địa phương trong {L} nghiên cứu, vận dụng linh hoạt cách làm này vào điều kiện cụ thể của mình.",
    "Với những kết quả đạt được, mô hình tiếp tục được bổ sung, hoàn thiện trong giai đoạn tới.",
];

/// Sentences around a link: `{LT}` is the target's title, `{LP}` its relative path.
const LINKS: &[&str] = &[
    "Bạn đọc có thể tham khảo thêm mô hình [{LT}]({LP}), cùng tinh thần “trọng dân, gần dân”.",
    "Cách làm này có nhiều điểm tương đồng với mô hình [{LT}]({LP}).",
    "Kinh nghiệm của mô hình [{LT}]({LP}) cũng được {U} nghiên cứu, vận dụng trong quá trình triển khai.",
    "Xem thêm: [{LT}]({LP}).",
];

const EXTRA_HEADINGS: &[&str] = &["Nhân rộng mô hình", "Khó khăn và cách tháo gỡ"];

const EXTRA: &[&str] = &[
    "Sau khi sơ kết, cấp ủy chỉ đạo nhân rộng mô hình ra {n} thôn, tổ dân phố còn lại trên địa bàn.",
    "Mỗi nơi áp dụng đều được khuyến khích điều chỉnh cách làm cho phù hợp với đặc điểm dân cư của mình, không rập khuôn.",
    "Tài liệu hướng dẫn thực hiện mô hình được biên soạn ngắn gọn, dễ hiểu và phát đến từng chi bộ.",
    "Ban Dân vận thường xuyên theo dõi, hướng dẫn và kịp thời tháo gỡ khó khăn cho các nơi mới triển khai.",
    "Khó khăn lớn nhất lúc đầu là tâm lý e ngại của một bộ phận người dân và sự lúng túng của cán bộ cơ sở.",
    "Một số việc vượt thẩm quyền của cấp cơ sở phải chờ ý kiến của cấp trên nên đôi khi kéo dài thời gian giải quyết.",
    "Để khắc phục, {U} chủ động báo cáo, kiến nghị và thông tin kịp thời cho người dân về tiến độ xử lý.",
    "Hằng năm, các điển hình tiêu biểu được biểu dương tại hội nghị tổng kết phong trào thi đua “Dân vận khéo” của {L}.",
];

const LEADER_QUOTES: &[&str] = &[
    "Dân vận khéo không phải là điều gì cao siêu, mà là biết đặt mình vào vị trí của người dân để lắng nghe và giải quyết.",
    "Cái khó nhất là làm sao để dân tin. Khi dân đã tin thì việc khó mấy cũng làm được.",
    "Chúng tôi không chạy theo thành tích: mô hình phải bắt đầu từ việc dân cần và kết thúc bằng sự hài lòng của dân.",
    "Mỗi cán bộ phải là một tuyên truyền viên, nói để dân hiểu và làm để dân tin.",
    "Mô hình chỉ bền vững khi người dân coi đó là việc của chính mình.",
];

const CITIZEN_QUOTES: &[&str] = &[
    "Trước đây mỗi lần làm giấy tờ phải đi lại mấy lần, giờ cán bộ hướng dẫn tận tình, một lần là xong.",
    "Cán bộ đến nhà nói chuyện nhiều lần, giải thích rõ ràng nên gia đình tôi thấy yên tâm.",
    "Có việc gì chưa rõ, bà con nhắn vào nhóm Zalo là có người trả lời ngay.",
    "Thấy cán bộ, đảng viên làm trước nên bà con cũng làm theo.",
    "Mình được bàn, được góp ý từ đầu nên làm gì cũng thấy là việc của mình.",
    "Nhờ có mô hình, xóm giềng đoàn kết hơn, có chuyện gì cũng ngồi lại với nhau.",
];

const SAY: &[&str] = &["chia sẻ", "cho biết", "nói", "kể"];

const SURNAMES: &[&str] = &[
    "Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Vũ", "Đặng", "Bùi", "Đỗ", "Hồ", "Ngô", "Dương", "Lý",
    "Đinh", "Lương",
];
const MALE_MIDDLE: &[&str] = &["Văn", "Đức", "Minh", "Hữu", "Quang", "Xuân"];
const MALE_GIVEN: &[&str] = &[
    "Hùng", "Dũng", "Thắng", "Sơn", "Tuấn", "Bình", "Hòa", "Cường", "Toàn", "Ước", "Phúc", "Long",
];
const FEMALE_MIDDLE: &[&str] = &["Thị", "Thị Thu", "Thị Hồng", "Ngọc", "Thị Thanh"];
const FEMALE_GIVEN: &[&str] = &[
    "Lan", "Hạnh", "Hương", "Nga", "Tâm", "Hoa", "Yến", "Thủy", "Oanh", "Ánh", "Uyên", "Ân",
];

const GENERAL_TAGS: &[&str] = &[
    "dân vận khéo",
    "người có uy tín",
    "cán bộ gương mẫu",
    "đồng thuận xã hội",
];

const LEVELS: [&str; 3] = ["cấp tỉnh", "cấp huyện", "cấp cơ sở"];

// ---------------------------------------------------------------------------
// Text helpers

/// ASCII base of a Vietnamese letter (lower-cased), or None for other characters.
fn fold_char(c: char) -> Option<char> {
    const GROUPS: [(char, &str); 7] = [
        ('a', "àáảãạăằắẳẵặâầấẩẫậ"),
        ('e', "èéẻẽẹêềếểễệ"),
        ('i', "ìíỉĩị"),
        ('o', "òóỏõọôồốổỗộơờớởỡợ"),
        ('u', "ùúủũụưừứửữự"),
        ('y', "ỳýỷỹỵ"),
        ('d', "đ"),
    ];
    let lc = c.to_lowercase().next()?;
    if lc.is_ascii_alphanumeric() {
        return Some(lc);
    }
    GROUPS
        .iter()
        .find(|(_, set)| set.contains(lc))
        .map(|(base, _)| *base)
}

/// kheo's slug rule: lower-case ASCII, tone marks removed, đ→d, other runs → '-'.
fn slugify(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut dash = false;
    for c in s.chars() {
        match fold_char(c) {
            Some(a) => {
                if dash && !out.is_empty() {
                    out.push('-');
                }
                dash = false;
                out.push(a);
            }
            None => dash = true,
        }
    }
    out
}

/// `1041` → "1.041".
fn push_int(out: &mut String, n: u64) {
    let digits = n.to_string();
    let len = digits.len();
    for (i, ch) in digits.chars().enumerate() {
        if i > 0 && (len - i).is_multiple_of(3) {
            out.push('.');
        }
        out.push(ch);
    }
}

fn int(n: u64) -> String {
    let mut s = String::new();
    push_int(&mut s, n);
    s
}

/// Tenths: `12345` → "1.234,5".
fn tenths(t: u64) -> String {
    let mut s = String::new();
    push_int(&mut s, t / 10);
    s.push(',');
    s.push(char::from(b'0' + (t % 10) as u8));
    s
}

fn capitalize(s: &str) -> String {
    let mut chars = s.chars();
    match chars.next() {
        Some(c) => c.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}

fn words(s: &str) -> usize {
    s.split_whitespace().count()
}

/// A person's name with "Ông"/"Bà", or without it.
fn person(rng: &mut Rng, honorific: bool) -> String {
    let surname = rng.pick(SURNAMES);
    if rng.chance(1, 2) {
        let name = format!(
            "{surname} {} {}",
            rng.pick(MALE_MIDDLE),
            rng.pick(MALE_GIVEN)
        );
        if honorific {
            format!("Ông {name}")
        } else {
            name
        }
    } else {
        let name = format!(
            "{surname} {} {}",
            rng.pick(FEMALE_MIDDLE),
            rng.pick(FEMALE_GIVEN)
        );
        if honorific {
            format!("Bà {name}")
        } else {
            name
        }
    }
}

// ---------------------------------------------------------------------------
// One model

/// What the first, sequential pass decides for each model.
struct Meta {
    unit: u32,
    field: u8,
    year: u16,
    title: String,
    stem: String,
}

/// Values filling the slots of sentence templates.
struct Ctx<'a> {
    unit: &'a Unit,
    field: &'a Field,
    locality: &'a str,
    level: &'a str,
    committee: String,
    year: u16,
    start: u16,
    a: String,
    b: String,
    households: u64,
    link_title: String,
    link_path: String,
}

impl Ctx<'_> {
    /// Appends `tpl` with its slots filled; random slots draw from `rng`.
    fn fill(&self, out: &mut String, tpl: &str, rng: &mut Rng) {
        let mut rest = tpl;
        while let Some(open) = rest.find('{') {
            out.push_str(&rest[..open]);
            let after = &rest[open + 1..];
            let close = after.find('}').expect("a template slot is closed");
            let slot = &after[..close];
            rest = &after[close + 1..];
            match slot {
                "U" => out.push_str(&self.unit.name),
                "L" => out.push_str(self.locality),
                "T" => out.push_str(self.field.topic),
                "LV" => out.push_str(self.level),
                "P" => out.push_str(&self.committee),
                "Y" => out.push_str(&self.year.to_string()),
                "Y0" => out.push_str(&self.start.to_string()),
                "ny" => push_int(out, u64::from(self.year - self.start + 1)),
                "a" => out.push_str(&self.a),
                "b" => out.push_str(&self.b),
                "h" => push_int(out, self.households),
                "k" => push_int(out, self.households * 37 / 10),
                "V" => {
                    out.push_str(self.unit.village);
                    out.push(' ');
                    push_int(out, rng.range(1, 12));
                }
                "S" => out.push_str(rng.pick(SLOGANS)),
                "LT" => out.push_str(&self.link_title),
                "LP" => out.push_str(&self.link_path),
                "n" => push_int(out, rng.range(2, 9)),
                "N" => push_int(out, rng.range(120, 9800)),
                "p" => out.push_str(&tenths(rng.range(900, 995))),
                "q" => push_int(out, rng.range(55, 79)),
                "d" => push_int(out, rng.range(3, 10)),
                "v" => push_int(out, rng.range(50, 2500)),
                "w" => push_int(out, rng.range(10, 30)),
                "r" => out.push_str(&tenths(rng.range(5, 49))),
                other => panic!("unknown template slot {{{other}}}"),
            }
        }
        out.push_str(rest);
    }

    fn sentence(&self, tpl: &str, rng: &mut Rng) -> String {
        let mut s = String::with_capacity(tpl.len() + 64);
        self.fill(&mut s, tpl, rng);
        s
    }
}

/// A figure series over `years` years, and what the prose quotes of it.
fn series(metric: &Metric, years: usize, rng: &mut Rng) -> (Vec<u64>, String) {
    let mut values = Vec::with_capacity(years);
    for k in 0..years {
        let frac = (0.35 + 0.65 * (k + 1) as f64 / years as f64) * (0.85 + 0.15 * rng.unit());
        let v = metric.lo + ((metric.hi - metric.lo) as f64 * frac) as u64;
        values.push(v);
    }
    let quoted = if metric.total {
        values.iter().sum()
    } else {
        *values.last().expect("at least one year")
    };
    let text = if metric.decimal {
        tenths(quoted)
    } else {
        int(quoted)
    };
    (values, text)
}

fn push_yaml(out: &mut String, key: &str, value: &str) {
    debug_assert!(!value.contains(['"', '\\', '\n']), "{value}");
    out.push_str(key);
    out.push_str(": \"");
    out.push_str(value);
    out.push_str("\"\n");
}

/// Pushes sentences as paragraphs of at most four sentences.
fn push_paragraphs(out: &mut String, sentences: &[String]) {
    for chunk in sentences.chunks(4) {
        out.push_str(&chunk.join(" "));
        out.push_str("\n\n");
    }
}

/// Takes the next unused template of a shuffled bank.
struct Bank {
    items: &'static [&'static str],
    order: Vec<usize>,
}

impl Bank {
    fn new(items: &'static [&'static str], rng: &mut Rng) -> Bank {
        let mut order = rng.order(items.len());
        order.reverse();
        Bank { items, order }
    }

    fn next(&mut self) -> Option<&'static str> {
        self.order.pop().map(|i| self.items[i])
    }
}

/// Fills the next template of `bank`, adding its words to `count`.
fn take(bank: &mut Bank, rng: &mut Rng, ctx: &Ctx, count: &mut usize) -> Option<String> {
    let s = ctx.sentence(bank.next()?, rng);
    *count += words(&s);
    Some(s)
}

/// Writes the whole file of model `i` into `out`.
fn write_model(
    out: &mut String,
    i: usize,
    seed: u64,
    metas: &[Meta],
    units: &[Unit],
    folders: &[String],
) {
    let meta = &metas[i];
    let unit = &units[meta.unit as usize];
    let field = &FIELDS[meta.field as usize];
    let prov = &PROVINCES[unit.province];
    let mut rng = Rng::for_model(seed, i, 2);

    // Front matter values.
    let level_idx = match unit.scope {
        0 => 0,
        1 => {
            if rng.chance(3, 10) {
                0
            } else {
                1
            }
        }
        _ => match rng.below(10) {
            0 => 0,
            1..=3 => 1,
            _ => 2,
        },
    };
    let level = LEVELS[level_idx];
    let award = rng
        .chance(1, 3)
        .then(|| award(&mut rng, prov, unit, level_idx));
    let start = meta.year - rng.range(1, 3) as u16;
    let years = usize::from(meta.year - start + 1);
    let (s1, a) = series(&field.metrics[0], years, &mut rng);
    let (s2, b) = series(&field.metrics[1], years, &mut rng);
    let mut ctx = Ctx {
        unit,
        field,
        locality: prov.name,
        level,
        committee: prov.committee(),
        year: meta.year,
        start,
        a,
        b,
        households: rng.range(400, 6500),
        link_title: String::new(),
        link_path: String::new(),
    };

    out.push_str("---\n");
    push_yaml(out, "title", &meta.title);
    push_yaml(out, "unit", &unit.name);
    out.push_str("year: ");
    out.push_str(&meta.year.to_string());
    out.push('\n');
    push_yaml(out, "field", field.name);
    let summary = ctx.sentence(rng.pick(SUMMARIES), &mut rng);
    push_yaml(out, "summary", &summary);
    push_yaml(out, "locality", prov.name);
    push_yaml(out, "level", level);
    if let Some(award) = &award {
        push_yaml(out, "award", award);
    }
    out.push_str("tags: [");
    let tag_count = rng.range(2, 4) as usize;
    let mut tags: Vec<&str> = rng
        .order(field.tags.len())
        .into_iter()
        .map(|t| field.tags[t])
        .collect();
    if rng.chance(1, 3) {
        tags.insert(1, rng.pick(GENERAL_TAGS));
    }
    for (k, tag) in tags.iter().take(tag_count).enumerate() {
        if k > 0 {
            out.push_str(", ");
        }
        out.push('"');
        out.push_str(tag);
        out.push('"');
    }
    out.push_str("]\n");
    let date_year = u64::from(meta.year) + rng.range(0, 1);
    let last_month = if date_year >= 2026 { 10 } else { 12 };
    out.push_str(&format!(
        "date: {date_year}-{:02}-{:02}\n",
        rng.range(1, last_month),
        rng.range(1, 28)
    ));
    out.push_str("---\n\n");

    // Body: sections of sentences, grown to a word target.
    let target = rng.range(TARGET_WORDS.0, TARGET_WORDS.1) as usize;
    let mut count = 0usize;
    let mut leads = Bank::new(LEADS, &mut rng);
    let mut contexts = Bank::new(CONTEXT, &mut rng);
    let mut methods = Bank::new(METHOD, &mut rng);
    let mut results = Bank::new(RESULTS, &mut rng);
    let mut extras = Bank::new(EXTRA, &mut rng);
    let mut lessons = Bank::new(LESSONS, &mut rng);

    let mut lead = Vec::new();
    for _ in 0..2 {
        lead.extend(take(&mut leads, &mut rng, &ctx, &mut count));
    }
    lead.extend(take(&mut contexts, &mut rng, &ctx, &mut count));
    let mut context = Vec::new();
    for _ in 0..2 {
        context.extend(take(&mut contexts, &mut rng, &ctx, &mut count));
    }
    let method_intro = ctx.sentence(rng.pick(METHOD_INTROS), &mut rng);
    count += words(&method_intro);
    let bullets: Vec<String> = rng
        .order(field.practices.len())
        .into_iter()
        .take(rng.range(4, 5) as usize)
        .map(|p| format!("{}.", capitalize(field.practices[p])))
        .collect();
    count += bullets.iter().map(|b| words(b)).sum::<usize>();
    let mut method = Vec::new();
    for _ in 0..2 {
        method.extend(take(&mut methods, &mut rng, &ctx, &mut count));
    }
    if rng.chance(1, 2) {
        let s = format!(
            "Đồng chí {}, {}, {}: “{}”",
            person(&mut rng, false),
            unit.leader,
            rng.pick(SAY),
            rng.pick(LEADER_QUOTES)
        );
        count += words(&s);
        method.push(s);
    }
    let mut result_a = vec![ctx.sentence(field.results[0], &mut rng)];
    result_a.extend(take(&mut results, &mut rng, &ctx, &mut count));
    let mut result_b = vec![ctx.sentence(field.results[1], &mut rng)];
    result_b.extend(take(&mut results, &mut rng, &ctx, &mut count));
    count += words(&result_a[0]) + words(&result_b[0]);
    if rng.chance(1, 2) {
        let mut village = String::new();
        ctx.fill(&mut village, "{V}", &mut rng);
        let s = format!(
            "{}, người dân {village}, {}: “{}”",
            person(&mut rng, true),
            rng.pick(SAY),
            rng.pick(CITIZEN_QUOTES)
        );
        count += words(&s);
        result_b.push(s);
    }
    let lesson_intro = ctx.sentence(rng.pick(LESSON_INTROS), &mut rng);
    count += words(&lesson_intro);
    let mut lesson_items = Vec::new();
    for _ in 0..rng.range(3, 4) {
        lesson_items.extend(take(&mut lessons, &mut rng, &ctx, &mut count));
    }
    let mut closing = vec![ctx.sentence(rng.pick(CLOSINGS), &mut rng)];
    count += words(&closing[0]);

    // Links to earlier models only, so every target exists.
    let link_count = if i == 0 {
        0
    } else if i == 1 {
        1
    } else {
        rng.range(1, 2) as usize
    };
    let mut targets: Vec<usize> = Vec::new();
    while targets.len() < link_count {
        let j = if rng.chance(1, 2) {
            i - 1 - rng.below(i.min(40))
        } else {
            rng.below(i)
        };
        if !targets.contains(&j) {
            targets.push(j);
        }
    }
    let mut link_templates = Bank::new(LINKS, &mut rng);
    let own_folder = &folders[unit.province];
    for &j in &targets {
        let target_folder = &folders[units[metas[j].unit as usize].province];
        let path = if target_folder == own_folder {
            format!("{}.md", metas[j].stem)
        } else {
            format!("../{target_folder}/{}.md", metas[j].stem)
        };
        ctx.link_title.clone_from(&metas[j].title);
        ctx.link_path = path;
        let tpl = link_templates
            .next()
            .expect("more link templates than links");
        let s = ctx.sentence(tpl, &mut rng);
        count += words(&s);
        closing.push(s);
    }

    // Grow towards the target: an extra section first, then longer sections.
    let mut extra = Vec::new();
    if target > count + 150 {
        for _ in 0..rng.range(3, 5) {
            extra.extend(take(&mut extras, &mut rng, &ctx, &mut count));
        }
    }
    let mut turn = 0;
    while count < target {
        let (bank, section) = match turn % 3 {
            0 => (&mut contexts, &mut context),
            1 => (&mut methods, &mut method),
            _ => (&mut results, &mut result_a),
        };
        turn += 1;
        let Some(tpl) = bank.next() else {
            if turn > 30 {
                break;
            }
            continue;
        };
        let s = ctx.sentence(tpl, &mut rng);
        if count + words(&s) > HARD_MAX_WORDS {
            break;
        }
        count += words(&s);
        section.push(s);
    }

    push_paragraphs(out, &lead);
    out.push_str(if rng.chance(2, 3) {
        "## Bối cảnh\n\n"
    } else {
        "## Từ yêu cầu thực tiễn\n\n"
    });
    push_paragraphs(out, &context);
    out.push_str(if rng.chance(3, 4) {
        "## Cách làm\n\n"
    } else {
        "## Những cách làm hay\n\n"
    });
    out.push_str(&method_intro);
    out.push_str("\n\n");
    for b in &bullets {
        out.push_str("- ");
        out.push_str(b);
        out.push('\n');
    }
    out.push('\n');
    push_paragraphs(out, &method);
    out.push_str(if rng.chance(3, 4) {
        "## Kết quả\n\n"
    } else {
        "## Kết quả đạt được\n\n"
    });
    push_paragraphs(out, &result_a);
    if rng.chance(1, 5) {
        ctx.fill(out, rng.pick(TABLE_INTROS), &mut rng);
        out.push_str("\n\n| Năm | ");
        out.push_str(field.metrics[0].label);
        out.push_str(" | ");
        out.push_str(field.metrics[1].label);
        out.push_str(" |\n|---|---:|---:|\n");
        for k in 0..years {
            out.push_str("| ");
            out.push_str(&(usize::from(start) + k).to_string());
            for (metric, values) in field.metrics.iter().zip([&s1, &s2]) {
                out.push_str(" | ");
                if metric.decimal {
                    out.push_str(&tenths(values[k]));
                } else {
                    push_int(out, values[k]);
                }
            }
            out.push_str(" |\n");
        }
        out.push('\n');
    }
    push_paragraphs(out, &result_b);
    if !extra.is_empty() {
        out.push_str("## ");
        out.push_str(rng.pick(EXTRA_HEADINGS));
        out.push_str("\n\n");
        push_paragraphs(out, &extra);
    }
    out.push_str("## Bài học kinh nghiệm\n\n");
    out.push_str(&lesson_intro);
    out.push_str("\n\n");
    for (k, item) in lesson_items.iter().enumerate() {
        push_int(out, k as u64 + 1);
        out.push_str(". ");
        out.push_str(item);
        out.push('\n');
    }
    out.push('\n');
    out.push_str(&closing.join(" "));
    out.push('\n');
}

/// An award consistent with the level of recognition.
fn award(rng: &mut Rng, prov: &Province, unit: &Unit, level_idx: usize) -> String {
    let district = unit.district.filter(|_| level_idx > 0 && unit.scope > 0);
    match district {
        Some(d) => {
            let (kind, name) = prov.districts[d];
            if rng.chance(1, 2) {
                format!(
                    "Giấy khen của Ban Thường vụ {} {name}",
                    district_committee(kind)
                )
            } else {
                format!("Giấy khen của Chủ tịch Ủy ban nhân dân {kind} {name}")
            }
        }
        None => match rng.below(7) {
            0..=2 => format!("Bằng khen của Chủ tịch Ủy ban nhân dân {}", prov.full()),
            3..=4 => format!("Bằng khen của Ban Thường vụ {}", prov.committee()),
            5 => format!("Giấy khen của Ban Dân vận {}", prov.committee()),
            _ => "Bằng khen của Ban Dân vận Trung ương".to_owned(),
        },
    }
}

/// The first pass: unit, field, year, a unique title and file name for every model.
fn plan(models: usize, seed: u64, units: &[Unit]) -> Vec<Meta> {
    let width = models.to_string().len().max(6);
    let mut metas = Vec::with_capacity(models);
    let mut bases: HashMap<String, u32> = HashMap::new();
    let mut with_year: HashSet<String> = HashSet::new();
    for i in 0..models {
        let mut rng = Rng::for_model(seed, i, 1);
        let unit_idx = rng.below(units.len());
        let unit = &units[unit_idx];
        let field_idx = if rng.chance(3, 5) {
            rng.pick(unit.prefer)
        } else {
            rng.below(FIELDS.len())
        };
        let field = &FIELDS[field_idx];
        let year = rng.range(2010, 2025) as u16;
        let head = rng.pick(field.heads);
        let base = format!("{head} – {}", unit.name);
        let seen = bases.entry(base.clone()).or_insert(0);
        *seen += 1;
        let title = if *seen == 1 {
            base
        } else {
            let dated = format!("{base} ({year})");
            if with_year.insert(dated.clone()) {
                dated
            } else {
                format!("{base} ({year}, mô hình thứ {seen})")
            }
        };
        let mut stem = format!("m{i:0width$}-");
        stem.push_str(&slugify(head));
        metas.push(Meta {
            unit: unit_idx as u32,
            field: field_idx as u8,
            year,
            title,
            stem,
        });
    }
    metas
}

// ---------------------------------------------------------------------------
// Site files

fn site_yaml(models: usize, seed: u64, fields_used: &[bool]) -> String {
    let mut s = String::new();
    s.push_str(&format!(
        "# Generated by `cargo run --release --example gen_corpus -- --models {models} --seed {seed}`.\n"
    ));
    s.push_str("title: \"Dân vận khéo – kho mô hình\"\n");
    s.push_str("description: \"Kho mô hình “Dân vận khéo” dùng để đo tốc độ của kheo: cách làm hay, kết quả cụ thể, bài học kinh nghiệm.\"\n");
    s.push_str("base_url: \"https://example.org\"\n");
    s.push_str("language: vi\n");
    s.push_str("page_size: 20\n");
    s.push_str("fields:\n");
    for (f, used) in FIELDS.iter().zip(fields_used) {
        if *used {
            s.push_str(&format!("  - \"{}\"\n", f.name));
        }
    }
    s
}

fn home_md(models: usize) -> String {
    let mut n = String::new();
    push_int(&mut n, models as u64);
    format!(
        "---\ntitle: \"Kho mô hình “Dân vận khéo”\"\n---\n\n\
Kho này tập hợp {n} mô hình “Dân vận khéo” của các cơ quan, đơn vị và địa phương trên cả nước: \
mỗi bài nêu đơn vị thực hiện, năm được công nhận, lĩnh vực, địa phương, cách làm, kết quả và bài học kinh nghiệm.\n\n\
Bạn đọc có thể tra cứu theo **lĩnh vực**, theo **đơn vị**, theo **năm** hoặc theo **địa phương**. \
Ô tìm kiếm hiểu cả chữ gõ không dấu, chẳng hạn “dan van kheo”.\n"
    )
}

const ABOUT_MD: &str = "---
title: \"Giới thiệu\"
summary: \"Kho mô hình “Dân vận khéo” giúp cán bộ, đảng viên và Nhân dân tham khảo, học tập và nhân rộng những cách làm hay.\"
---

Kho mô hình do cơ quan dân vận các cấp tổng hợp từ báo cáo của cơ quan, đơn vị có mô hình được công nhận. Mỗi mô hình được biên tập thành một bài ngắn, có số liệu minh chứng và ý kiến của người dân.

## Mô hình được lựa chọn như thế nào?

Mô hình được công nhận ở **cấp cơ sở**, **cấp huyện** hoặc **cấp tỉnh** khi có cách làm mới, kết quả đo đếm được, được Nhân dân đồng tình và áp dụng được ở nơi khác.

## Góp ý

Đơn vị muốn giới thiệu mô hình hoặc đề nghị đính chính nội dung gửi văn bản về ban dân vận cùng cấp để tổng hợp.
";

// ---------------------------------------------------------------------------
// The Hugo twin

/// A file of the Hugo site that does not depend on the corpus: the config
/// and templates kept in `bench/hugo/` (every file there must be listed in
/// [`HUGO_FILES`]; [`check_hugo_files`] warns otherwise), kheo's Vietnamese
/// interface strings (as Hugo's i18n file) and the default theme's static files.
macro_rules! hugo_files {
    ($($path:literal => $source:literal),* $(,)?) => {
        &[$(($path, include_str!($source))),*]
    };
}

const HUGO_FILES: &[(&str, &str)] = hugo_files![
    "hugo.toml" => "../bench/hugo/hugo.toml",
    "layouts/404.html" => "../bench/hugo/layouts/404.html",
    "layouts/index.html" => "../bench/hugo/layouts/index.html",
    "layouts/index.atom.xml" => "../bench/hugo/layouts/index.atom.xml",
    "layouts/index.registry.json" => "../bench/hugo/layouts/index.registry.json",
    "layouts/index.registrycsv.csv" => "../bench/hugo/layouts/index.registrycsv.csv",
    "layouts/robots.txt" => "../bench/hugo/layouts/robots.txt",
    "layouts/sitemap.xml" => "../bench/hugo/layouts/sitemap.xml",
    "layouts/_default/_markup/render-heading.html" => "../bench/hugo/layouts/_default/_markup/render-heading.html",
    "layouts/_default/_markup/render-link.html" => "../bench/hugo/layouts/_default/_markup/render-link.html",
    "layouts/_default/baseof.html" => "../bench/hugo/layouts/_default/baseof.html",
    "layouts/_default/search.html" => "../bench/hugo/layouts/_default/search.html",
    "layouts/_default/search.searchindex.json" => "../bench/hugo/layouts/_default/search.searchindex.json",
    "layouts/_default/single.html" => "../bench/hugo/layouts/_default/single.html",
    "layouts/_default/stats.html" => "../bench/hugo/layouts/_default/stats.html",
    "layouts/_default/taxonomy.html" => "../bench/hugo/layouts/_default/taxonomy.html",
    "layouts/_default/term.html" => "../bench/hugo/layouts/_default/term.html",
    "layouts/_default/term.atom.xml" => "../bench/hugo/layouts/_default/term.atom.xml",
    "layouts/mo-hinh/single.html" => "../bench/hugo/layouts/mo-hinh/single.html",
    "layouts/partials/by-count.html" => "../bench/hugo/layouts/partials/by-count.html",
    "layouts/partials/card.html" => "../bench/hugo/layouts/partials/card.html",
    "layouts/partials/cards.html" => "../bench/hugo/layouts/partials/cards.html",
    "layouts/partials/chart.html" => "../bench/hugo/layouts/partials/chart.html",
    "layouts/partials/csv.html" => "../bench/hugo/layouts/partials/csv.html",
    "layouts/partials/feed.xml" => "../bench/hugo/layouts/partials/feed.xml",
    "layouts/partials/footer.html" => "../bench/hugo/layouts/partials/footer.html",
    "layouts/partials/header.html" => "../bench/hugo/layouts/partials/header.html",
    "layouts/partials/index-order.html" => "../bench/hugo/layouts/partials/index-order.html",
    "layouts/partials/latest.html" => "../bench/hugo/layouts/partials/latest.html",
    "layouts/partials/meta.html" => "../bench/hugo/layouts/partials/meta.html",
    "layouts/partials/num.html" => "../bench/hugo/layouts/partials/num.html",
    "layouts/partials/sorted-terms.html" => "../bench/hugo/layouts/partials/sorted-terms.html",
    "layouts/partials/term-models.html" => "../bench/hugo/layouts/partials/term-models.html",
    "layouts/partials/terms.html" => "../bench/hugo/layouts/partials/terms.html",
    "layouts/partials/totals.html" => "../bench/hugo/layouts/partials/totals.html",
    "i18n/vi.yaml" => "../themes/default/i18n/vi.yaml",
    "static/style.css" => "../themes/default/static/style.css",
    "static/kheo.js" => "../themes/default/static/kheo.js",
    "static/search.js" => "../themes/default/static/search.js",
    "static/favicon.svg" => "../themes/default/static/favicon.svg",
];

/// Warns about files in the repository's `bench/hugo/` that [`HUGO_FILES`]
/// does not embed (only where the generator runs from its own checkout).
fn check_hugo_files() {
    fn walk(dir: &Path, base: &Path, found: &mut Vec<String>) {
        let Ok(entries) = fs::read_dir(dir) else {
            return;
        };
        for entry in entries.flatten() {
            let path = entry.path();
            if path.is_dir() {
                walk(&path, base, found);
            } else if let Ok(rel) = path.strip_prefix(base) {
                found.push(rel.to_string_lossy().replace('\\', "/"));
            }
        }
    }
    let base = Path::new(concat!(env!("CARGO_MANIFEST_DIR"), "/bench/hugo"));
    let mut found = Vec::new();
    walk(base, base, &mut found);
    for rel in found {
        if !HUGO_FILES.iter().any(|(path, _)| *path == rel) {
            eprintln!(
                "gen_corpus: warning: bench/hugo/{rel} is not in HUGO_FILES, so the Hugo site lacks it"
            );
        }
    }
}

/// Hugo's taxonomies: (front matter key and URL segment, title of the index page).
const HUGO_TAXONOMIES: [(&str, &str); 4] = [
    ("linh-vuc", "Lĩnh vực"),
    ("don-vi", "Đơn vị"),
    ("nam", "Năm"),
    ("dia-phuong", "Địa phương"),
];

const HUGO_STATS_MD: &str = "---
title: \"Thống kê mô hình\"
summary: \"Số mô hình theo năm, theo lĩnh vực và theo đơn vị, bằng biểu đồ và bảng số liệu.\"
layout: stats
---
";

const HUGO_SEARCH_MD: &str = "---
title: \"Tìm kiếm\"
summary: \"Tìm mô hình “Dân vận khéo” theo tên, đơn vị, lĩnh vực, địa phương hay nội dung; gõ có dấu hoặc không dấu đều được.\"
layout: search
outputs: [\"html\", \"searchindex\"]
---
";

/// The Hugo version of a model file: kheo's file with the four taxonomy
/// keys added to the front matter, holding kheo's slugs of the terms (Hugo
/// would keep the tone marks in its URLs), so both sites have the same URLs.
fn hugo_model(kheo: &str, meta: &Meta, units: &[Unit]) -> String {
    let unit = &units[meta.unit as usize];
    let end = kheo[4..]
        .find("\n---\n")
        .map(|k| k + 5)
        .expect("a model has front matter");
    let mut out = String::with_capacity(kheo.len() + 256);
    out.push_str(&kheo[..end]);
    let terms = [
        slugify(FIELDS[usize::from(meta.field)].name),
        slugify(&unit.name),
        meta.year.to_string(),
        slugify(PROVINCES[unit.province].name),
    ];
    for ((key, _), slug) in HUGO_TAXONOMIES.iter().zip(&terms) {
        out.push_str(key);
        out.push_str(": [\"");
        out.push_str(slug);
        out.push_str("\"]\n");
    }
    out.push_str(&kheo[end..]);
    out
}

/// The `_index.md` of a term: its display name, and for fields a feed.
fn hugo_term(name: &str, feed: bool) -> String {
    let mut s = String::from("---\n");
    push_yaml(&mut s, "title", name);
    if feed {
        s.push_str("outputs: [\"html\", \"atom\"]\n");
    }
    s.push_str("---\n");
    s
}

/// Writes everything of the Hugo site except the models; returns (files, bytes).
fn write_hugo_site(
    dir: &Path,
    models: usize,
    metas: &[Meta],
    units: &[Unit],
) -> Result<(u64, u64), String> {
    check_hugo_files();
    let mut files = 0;
    let mut bytes = 0;
    let mut put = |rel: &str, text: &str| -> Result<(), String> {
        let path = dir.join(rel);
        if let Some(parent) = path.parent() {
            fs::create_dir_all(parent)
                .map_err(|e| format!("cannot create `{}`: {e}", parent.display()))?;
        }
        bytes += write_file(&path, text)?;
        files += 1;
        Ok(())
    };
    for (rel, text) in HUGO_FILES {
        put(rel, text)?;
    }
    put("content/_index.md", &home_md(models))?;
    put("content/pages/gioi-thieu.md", ABOUT_MD)?;
    put("content/thong-ke.md", HUGO_STATS_MD)?;
    put("content/tim-kiem.md", HUGO_SEARCH_MD)?;

    let mut fields = vec![false; FIELDS.len()];
    let mut unit_used = vec![false; units.len()];
    let mut years = Vec::new();
    let mut provinces = vec![false; PROVINCES.len()];
    for m in metas {
        fields[usize::from(m.field)] = true;
        unit_used[m.unit as usize] = true;
        provinces[units[m.unit as usize].province] = true;
        if !years.contains(&m.year) {
            years.push(m.year);
        }
    }
    for (key, title) in HUGO_TAXONOMIES {
        put(
            &format!("content/{key}/_index.md"),
            &hugo_term(title, false),
        )?;
    }
    let [fields_key, units_key, years_key, localities_key] = HUGO_TAXONOMIES.map(|(k, _)| k);
    for (f, _) in FIELDS.iter().zip(&fields).filter(|(_, used)| **used) {
        let rel = format!("content/{fields_key}/{}/_index.md", slugify(f.name));
        put(&rel, &hugo_term(f.name, true))?;
    }
    for (u, _) in units.iter().zip(&unit_used).filter(|(_, used)| **used) {
        let rel = format!("content/{units_key}/{}/_index.md", slugify(&u.name));
        put(&rel, &hugo_term(&u.name, false))?;
    }
    for y in &years {
        let rel = format!("content/{years_key}/{y}/_index.md");
        put(&rel, &hugo_term(&y.to_string(), false))?;
    }
    for (p, _) in PROVINCES.iter().zip(&provinces).filter(|(_, used)| **used) {
        let rel = format!("content/{localities_key}/{}/_index.md", slugify(p.name));
        put(&rel, &hugo_term(p.name, false))?;
    }
    Ok((files, bytes))
}

// ---------------------------------------------------------------------------
// Command line

struct Args {
    models: usize,
    seed: u64,
    /// The kheo site.
    out: Option<PathBuf>,
    /// The Hugo site.
    hugo: Option<PathBuf>,
}

const USAGE: &str = "usage: cargo run --release --example gen_corpus -- --models N --seed S [--out DIR] [--hugo DIR]
  --out DIR    write the corpus as a kheo site
  --hugo DIR   write the same corpus as a Hugo site with templates equivalent to kheo's
               (at least one of the two)";

fn parse_args() -> Result<Args, String> {
    let mut models = None;
    let mut seed = None;
    let mut out = None;
    let mut hugo = None;
    let mut args = std::env::args().skip(1);
    while let Some(arg) = args.next() {
        let (key, inline) = match arg.split_once('=') {
            Some((k, v)) => (k.to_owned(), Some(v.to_owned())),
            None => (arg.clone(), None),
        };
        if key == "-h" || key == "--help" {
            return Err(String::new());
        }
        let value = match inline.or_else(|| args.next()) {
            Some(v) => v,
            None => return Err(format!("`{key}` needs a value")),
        };
        match key.as_str() {
            "--models" => {
                let n: usize = value
                    .parse()
                    .map_err(|_| format!("--models must be a whole number, found `{value}`"))?;
                if n == 0 {
                    return Err("--models must be at least 1".to_owned());
                }
                models = Some(n);
            }
            "--seed" => {
                seed = Some(
                    value
                        .parse()
                        .map_err(|_| format!("--seed must be a whole number, found `{value}`"))?,
                );
            }
            "--out" => out = Some(PathBuf::from(value)),
            "--hugo" => hugo = Some(PathBuf::from(value)),
            other => return Err(format!("unknown option `{other}`")),
        }
    }
    if out.is_none() && hugo.is_none() {
        return Err("--out or --hugo is required".to_owned());
    }
    if out.is_some() && out == hugo {
        return Err("--out and --hugo must be different folders".to_owned());
    }
    match (models, seed) {
        (Some(models), Some(seed)) => Ok(Args {
            models,
            seed,
            out,
            hugo,
        }),
        _ => Err("--models and --seed are required".to_owned()),
    }
}

/// Creates `dir`, or empties it when an earlier run of the generator wrote it.
fn prepare_dir(dir: &Path) -> Result<(), String> {
    let show = dir.display();
    match fs::read_dir(dir) {
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
            return fs::create_dir_all(dir).map_err(|e| format!("cannot create `{show}`: {e}"));
        }
        Err(e) => return Err(format!("cannot read `{show}`: {e}")),
        Ok(mut entries) => {
            if entries.next().is_none() {
                return Ok(());
            }
        }
    }
    if !dir.join(MARKER).is_file() {
        return Err(format!(
            "`{show}` is not empty and was not written by gen_corpus (no `{MARKER}` file): refusing to touch it"
        ));
    }
    let entries = fs::read_dir(dir).map_err(|e| format!("cannot read `{show}`: {e}"))?;
    for entry in entries {
        let entry = entry.map_err(|e| format!("cannot read `{show}`: {e}"))?;
        let path = entry.path();
        let is_dir = entry.file_type().map(|t| t.is_dir()).unwrap_or(false);
        let removed = if is_dir {
            fs::remove_dir_all(&path)
        } else {
            fs::remove_file(&path)
        };
        removed.map_err(|e| format!("cannot remove `{}`: {e}", path.display()))?;
    }
    Ok(())
}

fn write_file(path: &Path, text: &str) -> Result<u64, String> {
    let mut f =
        fs::File::create(path).map_err(|e| format!("cannot create `{}`: {e}", path.display()))?;
    f.write_all(text.as_bytes())
        .map_err(|e| format!("cannot write `{}`: {e}", path.display()))?;
    Ok(text.len() as u64)
}

/// Files and bytes written.
#[derive(Default)]
struct Written {
    files: u64,
    bytes: u64,
}

/// Writes the requested sites; returns what went into (kheo, Hugo).
fn run(args: &Args) -> Result<(Written, Written), String> {
    let mut kheo = Written::default();
    let mut hugo = Written::default();
    let marker = format!("gen_corpus --models {} --seed {}\n", args.models, args.seed);
    for (dir, written) in [(&args.out, &mut kheo), (&args.hugo, &mut hugo)] {
        if let Some(dir) = dir {
            prepare_dir(dir)?;
            written.bytes += write_file(&dir.join(MARKER), &marker)?;
            written.files += 1;
        }
    }
    let units = build_units();
    let metas = plan(args.models, args.seed, &units);
    let folders: Vec<String> = PROVINCES.iter().map(|p| slugify(p.name)).collect();

    let mut folder_used = vec![false; PROVINCES.len()];
    let mut fields_used = vec![false; FIELDS.len()];
    for m in &metas {
        folder_used[units[m.unit as usize].province] = true;
        fields_used[usize::from(m.field)] = true;
    }
    let kheo_models = args.out.as_ref().map(|d| d.join("content").join("models"));
    let hugo_models = args
        .hugo
        .as_ref()
        .map(|d| d.join("content").join("mo-hinh"));
    for root in kheo_models.iter().chain(&hugo_models) {
        for (folder, used) in folders.iter().zip(&folder_used) {
            if *used {
                let dir = root.join(folder);
                fs::create_dir_all(&dir)
                    .map_err(|e| format!("cannot create `{}`: {e}", dir.display()))?;
            }
        }
    }
    if let Some(out) = &args.out {
        let content = out.join("content");
        let pages = content.join("pages");
        fs::create_dir_all(&pages)
            .map_err(|e| format!("cannot create `{}`: {e}", pages.display()))?;
        kheo.bytes += write_file(
            &out.join("site.yaml"),
            &site_yaml(args.models, args.seed, &fields_used),
        )?;
        kheo.bytes += write_file(&content.join("_index.md"), &home_md(args.models))?;
        kheo.bytes += write_file(&pages.join("gioi-thieu.md"), ABOUT_MD)?;
        kheo.files += 3 + args.models as u64;
    }
    if let Some(dir) = &args.hugo {
        let (files, bytes) = write_hugo_site(dir, args.models, &metas, &units)?;
        hugo.files += files + args.models as u64;
        hugo.bytes += bytes;
    }

    let threads = std::thread::available_parallelism()
        .map_or(1, |n| n.get())
        .min(16);
    let results: Vec<Result<(u64, u64), String>> = std::thread::scope(|scope| {
        let handles: Vec<_> = (0..threads)
            .map(|t| {
                let (metas, units, folders) = (&metas, &units, &folders);
                let (kheo_models, hugo_models) = (&kheo_models, &hugo_models);
                scope.spawn(move || -> Result<(u64, u64), String> {
                    let mut buf = String::with_capacity(16 * 1024);
                    let (mut to_kheo, mut to_hugo) = (0, 0);
                    for i in (t..metas.len()).step_by(threads) {
                        buf.clear();
                        write_model(&mut buf, i, args.seed, metas, units, folders);
                        let folder = &folders[units[metas[i].unit as usize].province];
                        let file = format!("{}.md", metas[i].stem);
                        if let Some(root) = kheo_models {
                            to_kheo += write_file(&root.join(folder).join(&file), &buf)?;
                        }
                        if let Some(root) = hugo_models {
                            let text = hugo_model(&buf, &metas[i], units);
                            to_hugo += write_file(&root.join(folder).join(&file), &text)?;
                        }
                    }
                    Ok((to_kheo, to_hugo))
                })
            })
            .collect();
        handles
            .into_iter()
            .map(|h| {
                h.join()
                    .unwrap_or_else(|_| Err("a writer thread panicked".to_owned()))
            })
            .collect()
    });
    for r in results {
        let (to_kheo, to_hugo) = r?;
        kheo.bytes += to_kheo;
        hugo.bytes += to_hugo;
    }
    Ok((kheo, hugo))
}

fn main() -> ExitCode {
    let args = match parse_args() {
        Ok(a) => a,
        Err(e) if e.is_empty() => {
            println!("{USAGE}");
            return ExitCode::SUCCESS;
        }
        Err(e) => {
            eprintln!("gen_corpus: {e}\n{USAGE}");
            return ExitCode::from(2);
        }
    };
    let started = Instant::now();
    match run(&args) {
        Ok((kheo, hugo)) => {
            let seconds = started.elapsed().as_secs_f64();
            for (dir, w, what) in [(&args.out, kheo, "kheo"), (&args.hugo, hugo, "Hugo")] {
                if let Some(dir) = dir {
                    println!(
                        "gen_corpus: {} models, {} files, {} bytes ({:.1} MiB) in {seconds:.2} s into `{}` ({what} site)",
                        args.models,
                        w.files,
                        w.bytes,
                        w.bytes as f64 / 1_048_576.0,
                        dir.display()
                    );
                }
            }
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("gen_corpus: {e}");
            ExitCode::FAILURE
        }
    }
}
