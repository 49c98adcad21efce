//! Bar charts drawn at build time as inline SVG, so the statistics page loads
//! no chart library.
//!
//! Every chart is a horizontal bar chart: long Vietnamese unit and field
//! names read best on a 360 px phone when they run across the screen, and
//! the same layout serves short labels such as years. Sizes are in viewBox
//! units, so a chart scales with its container; the viewBox is about as wide
//! as a phone's column, so the text stays near body size where it matters.
//! Short labels (years) sit left of their bar; long ones sit above it,
//! wrapped at build time from an estimate of glyph widths (SVG text does not
//! wrap). Colours are the default theme's palette, also set by class so a
//! theme's stylesheet can restyle a chart.
//!
//! A chart carries its text alternative (`<title>` and `<desc>`, referenced
//! by `aria-labelledby`); with no data there is no chart, only a sentence.

use std::borrow::Cow;
use std::fmt::Write as _;

/// Width of every chart, in viewBox units.
const WIDTH: f64 = 360.0;
/// Font size of labels and values.
const FONT: f64 = 15.0;
/// Baseline-to-baseline distance of wrapped label lines.
const LINE: f64 = 19.0;
/// Thickness of a bar.
const BAR: f64 = 18.0;
/// Space between two rows when labels are beside the bars…
const GAP: f64 = 10.0;
/// …and when they are above, so a label sits nearer its own bar than the one before.
const GAP_ABOVE: f64 = 16.0;
/// Space between a bar's end and its value, and between a side label and the axis.
const PAD: f64 = 6.0;
/// Labels this wide or narrower (in viewBox units) go beside their bar.
const SIDE_LABEL_MAX: f64 = WIDTH * 0.25;
/// Labels above bars wrap at this width: the estimate of [`text_width`] is
/// a few per cent wider than Noto Sans, and this leaves room for system
/// fonts wider still.
const LABEL_MAX: f64 = WIDTH * 0.92;
/// Room kept for fonts wider than the estimate, times an estimated width.
const SLACK: f64 = 1.12;

/// Bar fill: the theme's accent (7.6:1 on the cream background, so the bars
/// are distinguishable as graphics well above the 3:1 that WCAG asks).
const BAR_COLOUR: &str = "#9b1c1c";
/// Text: the theme's body text colour (16:1 on the cream background).
const TEXT_COLOUR: &str = "#1f1a17";
/// The axis: the theme's muted colour (7:1).
const AXIS_COLOUR: &str = "#5c524a";

/// One bar: what it is called and how many models it counts.
#[derive(Debug, Clone)]
pub struct Bar<'a> {
    /// The label drawn beside or above the bar (a year, a field, a unit).
    pub label: &'a str,
    /// The count the bar's length shows.
    pub value: usize,
}

/// How numbers and counts are written in the site's language.
#[derive(Debug, Clone)]
pub struct Numbers<'a> {
    /// Thousands separator: "." in Vietnamese, "," in English.
    pub thousands_sep: &'a str,
    /// The noun after a count of one ("mô hình", "model").
    pub one: &'a str,
    /// The noun after any other count ("mô hình", "models").
    pub many: &'a str,
}

impl Numbers<'_> {
    /// `1041` → `1.041` (or `1,041`).
    pub fn number(&self, n: usize) -> String {
        let digits = n.to_string();
        let mut out = String::with_capacity(digits.len() + digits.len() / 3);
        for (i, c) in digits.chars().enumerate() {
            if i > 0 && (digits.len() - i).is_multiple_of(3) {
                out.push_str(self.thousands_sep);
            }
            out.push(c);
        }
        out
    }

    /// `4` → `4 mô hình`; `1` → `1 model`.
    pub fn count(&self, n: usize) -> String {
        let noun = if n == 1 { self.one } else { self.many };
        format!("{} {noun}", self.number(n))
    }
}

/// A chart to draw.
#[derive(Debug, Clone)]
pub struct BarChart<'a> {
    /// Prefix of the ids of the chart's `<title>` and `<desc>`; unique on the page.
    pub id: &'a str,
    /// What the chart shows: its `<title>`.
    pub title: &'a str,
    /// The bars, top to bottom.
    pub bars: Vec<Bar<'a>>,
    /// How one bar is said in the text alternative: `{label}` and `{count}`
    /// are replaced ("năm {label}: {count}" gives "năm 2023: 4 mô hình").
    pub item: &'a str,
    /// The sentence shown instead of a chart when there are no bars.
    pub empty: &'a str,
    /// Number formatting.
    pub numbers: &'a Numbers<'a>,
}

/// A drawn chart.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Chart {
    /// The `<svg>` element, or `None` when there was nothing to draw.
    pub svg: Option<String>,
    /// The text alternative ("Năm 2023: 4 mô hình; năm 2022: 2 mô hình."),
    /// or the `empty` sentence.
    pub text: String,
}

impl BarChart<'_> {
    /// Draws the chart and writes its text alternative.
    pub fn render(&self) -> Chart {
        if self.bars.is_empty() {
            return Chart {
                svg: None,
                text: self.empty.to_owned(),
            };
        }
        let text = self.describe();
        Chart {
            svg: Some(self.svg(&text)),
            text,
        }
    }

    /// Every bar in words, in drawing order: the chart's text alternative.
    fn describe(&self) -> String {
        let items: Vec<String> = self
            .bars
            .iter()
            .map(|b| {
                self.item
                    .replace("{label}", b.label)
                    .replace("{count}", &self.numbers.count(b.value))
            })
            .collect();
        let mut text = capitalise(&items.join("; "));
        text.push('.');
        text
    }

    fn svg(&self, text: &str) -> String {
        let layout = Layout::new(self);
        let mut out = String::with_capacity(400 + self.bars.len() * 220);
        let height = layout.height.ceil();
        let _ = write!(
            out,
            "<svg class=\"chart\" role=\"img\" aria-labelledby=\"{id}-title {id}-desc\" \
             viewBox=\"0 0 {WIDTH} {height}\" width=\"{WIDTH}\" height=\"{height}\" font-size=\"{FONT}\">\
             <title id=\"{id}-title\">{title}</title><desc id=\"{id}-desc\">{desc}</desc>",
            id = escape(self.id),
            title = escape(self.title),
            desc = escape(text),
        );
        let _ = write!(out, "<g class=\"chart-bars\" fill=\"{BAR_COLOUR}\">");
        for row in &layout.rows {
            let _ = write!(
                out,
                "<rect x=\"{}\" y=\"{}\" width=\"{}\" height=\"{BAR}\"/>",
                num(layout.axis),
                num(row.bar_top),
                num(row.length)
            );
        }
        out.push_str("</g>");
        let _ = write!(out, "<g class=\"chart-text\" fill=\"{TEXT_COLOUR}\">");
        for (bar, row) in self.bars.iter().zip(&layout.rows) {
            self.write_label(&mut out, &layout, row);
            let _ = write!(
                out,
                "<text class=\"chart-value\" x=\"{}\" y=\"{}\" font-weight=\"700\">{}</text>",
                num(layout.axis + row.length + PAD),
                num(row.bar_top + BAR / 2.0 + FONT * 0.35),
                escape(&self.numbers.number(bar.value))
            );
        }
        out.push_str("</g>");
        // The axis would run through labels drawn above the bars.
        if layout.side_labels {
            let _ = write!(
                out,
                "<line class=\"chart-axis\" x1=\"{x}\" y1=\"0\" x2=\"{x}\" y2=\"{height}\" stroke=\"{AXIS_COLOUR}\"/>",
                x = num(layout.axis - 0.5),
            );
        }
        out.push_str("</svg>");
        out
    }

    fn write_label(&self, out: &mut String, layout: &Layout, row: &Row) {
        if layout.side_labels {
            let _ = write!(
                out,
                "<text x=\"{}\" y=\"{}\" text-anchor=\"end\">{}</text>",
                num(layout.axis - PAD),
                num(row.bar_top + BAR / 2.0 + FONT * 0.35),
                escape(&row.lines[0])
            );
            return;
        }
        let _ = write!(out, "<text x=\"0\" y=\"{}\">", num(row.top + FONT));
        for (i, line) in row.lines.iter().enumerate() {
            if i == 0 {
                out.push_str(&escape(line));
            } else {
                let _ = write!(out, "<tspan x=\"0\" dy=\"{LINE}\">{}</tspan>", escape(line));
            }
        }
        out.push_str("</text>");
    }
}

/// Where everything goes, in viewBox units.
struct Layout {
    /// Labels beside the bars (short labels) rather than above them.
    side_labels: bool,
    /// x of the axis, where bars start.
    axis: f64,
    rows: Vec<Row>,
    height: f64,
}

struct Row {
    /// Top of the row (of its label when labels are above bars).
    top: f64,
    bar_top: f64,
    length: f64,
    lines: Vec<String>,
}

impl Layout {
    fn new(chart: &BarChart<'_>) -> Layout {
        let widest_label = chart
            .bars
            .iter()
            .map(|b| text_width(b.label, 1.0))
            .fold(0.0, f64::max);
        let side_labels = widest_label <= SIDE_LABEL_MAX;
        let (axis, gap) = if side_labels {
            (widest_label * SLACK + PAD, GAP)
        } else {
            (0.0, GAP_ABOVE)
        };
        let max = chart.bars.iter().map(|b| b.value).max().unwrap_or(0);
        let widest_value = text_width(&chart.numbers.number(max), 1.1) * SLACK;
        let longest_bar = WIDTH - axis - PAD - widest_value;
        let mut rows = Vec::with_capacity(chart.bars.len());
        let mut y = gap / 2.0;
        for bar in &chart.bars {
            let lines = if side_labels {
                vec![bar.label.to_owned()]
            } else {
                wrap(bar.label, LABEL_MAX)
            };
            let label_height = if side_labels {
                0.0
            } else {
                FONT + LINE * (lines.len() - 1) as f64 + 6.0
            };
            let length = if max == 0 {
                0.0
            } else {
                longest_bar * bar.value as f64 / max as f64
            };
            rows.push(Row {
                top: y,
                bar_top: y + label_height,
                length,
                lines,
            });
            y += label_height + BAR + gap;
        }
        Layout {
            side_labels,
            axis,
            rows,
            height: y - gap / 2.0,
        }
    }
}

/// Estimated width of `text` at [`FONT`] in a system sans-serif, times
/// `weight` (1.1 for bold). Errs wide, so wrapped labels never overflow.
fn text_width(text: &str, weight: f64) -> f64 {
    let ems: f64 =
        text.chars()
            .map(|c| match c {
                ' ' | '.' | ',' | ':' | ';' | '\'' | '|' | '!' => 0.3,
                'i' | 'l' | 'j' | 'í' | 'ì' | 'ỉ' | 'ĩ' | 'ị' | 'I' | 'Í' | 'Ì' | 'Ỉ' | 'Ĩ'
                | 'Ị' => 0.3,
                'f' | 't' | 'r' | '(' | ')' | '-' | '1' => 0.4,
                'm' | 'w' | '–' | '—' => 0.9,
                'M' | 'W' => 1.0,
                c if c.is_uppercase() => 0.72,
                _ => 0.58,
            })
            .sum();
    ems * FONT * weight
}

/// Splits a label into lines no wider than `max`, at spaces; a single word
/// wider than a line keeps a line of its own.
fn wrap(label: &str, max: f64) -> Vec<String> {
    let mut lines: Vec<String> = Vec::new();
    let mut line = String::new();
    for word in label.split_whitespace() {
        if line.is_empty() {
            line.push_str(word);
            continue;
        }
        let candidate = format!("{line} {word}");
        if text_width(&candidate, 1.0) <= max {
            line = candidate;
        } else {
            lines.push(std::mem::take(&mut line));
            line.push_str(word);
        }
    }
    if !line.is_empty() || lines.is_empty() {
        lines.push(line);
    }
    lines
}

/// A coordinate with at most one decimal, without a trailing `.0`.
fn num(x: f64) -> String {
    let rounded = (x * 10.0).round() / 10.0;
    if rounded.fract() == 0.0 {
        format!("{rounded:.0}")
    } else {
        format!("{rounded:.1}")
    }
}

/// Escapes text for XML (element content and attribute values alike).
pub fn escape(text: &str) -> Cow<'_, str> {
    if !text.contains(['&', '<', '>', '"', '\'']) {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len() + 16);
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    Cow::Owned(out)
}

/// The text with its first letter in upper case ("năm 2023: …" → "Năm 2023: …").
fn capitalise(text: &str) -> String {
    let mut chars = text.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const VI: Numbers<'static> = Numbers {
        thousands_sep: ".",
        one: "mô hình",
        many: "mô hình",
    };

    fn chart<'a>(bars: Vec<Bar<'a>>, item: &'a str) -> BarChart<'a> {
        BarChart {
            id: "bieu-do",
            title: "Số mô hình",
            bars,
            item,
            empty: "Chưa có mô hình nào.",
            numbers: &VI,
        }
    }

    fn bar(label: &str, value: usize) -> Bar<'_> {
        Bar { label, value }
    }

    /// The `width` attributes of the `<rect>`s, in order.
    fn bar_widths(svg: &str) -> Vec<f64> {
        svg.split("<rect ")
            .skip(1)
            .map(|r| {
                let w = r.split("width=\"").nth(1).expect("a rect has a width");
                w[..w.find('"').expect("closing quote")]
                    .parse()
                    .expect("a number")
            })
            .collect()
    }

    #[test]
    fn bar_lengths_are_proportional_to_values() {
        let c = chart(
            vec![
                bar("2024", 8),
                bar("2023", 4),
                bar("2022", 2),
                bar("2021", 6),
            ],
            "năm {label}: {count}",
        );
        let svg = c.render().svg.expect("a chart");
        let w = bar_widths(&svg);
        assert_eq!(w.len(), 4);
        for (width, value) in w.iter().zip([8.0, 4.0, 2.0, 6.0]) {
            let ratio = width / w[0];
            assert!(
                (ratio - value / 8.0).abs() < 0.01,
                "bar of {value} is {width}, the bar of 8 is {}",
                w[0]
            );
        }
        assert!(w[0] < WIDTH, "the longest bar fits: {}", w[0]);
    }

    #[test]
    fn long_labels_sit_above_bars_and_wrap_inside_the_chart() {
        let long = "Ban Dân vận Huyện ủy và Ủy ban Mặt trận Tổ quốc Việt Nam huyện Sóc Sơn, thành phố Hà Nội";
        let c = chart(
            vec![bar(long, 3), bar("Thanh tra tỉnh", 1)],
            "{label}: {count}",
        );
        let svg = c.render().svg.expect("a chart");
        assert!(svg.contains("<tspan x=\"0\" dy=\"19\">"), "{svg}");
        for line in wrap(long, LABEL_MAX) {
            assert!(text_width(&line, 1.0) <= LABEL_MAX, "{line}");
        }
        assert_eq!(wrap(long, LABEL_MAX).join(" "), long);
    }

    #[test]
    fn short_labels_sit_beside_bars() {
        let svg = chart(vec![bar("2023", 1)], "{label}: {count}")
            .render()
            .svg
            .expect("a chart");
        assert!(svg.contains("text-anchor=\"end\">2023</text>"), "{svg}");
        assert!(!svg.contains("<tspan"));
    }

    #[test]
    fn names_are_escaped_for_xml() {
        let c = chart(vec![bar("Văn hóa & <xã hội>", 2)], "{label}: {count}");
        let drawn = c.render();
        let svg = drawn.svg.expect("a chart");
        assert!(svg.contains("Văn hóa &amp; &lt;xã hội&gt;"), "{svg}");
        assert!(!svg.contains("& <"), "{svg}");
        assert!(
            svg.contains(
                "<desc id=\"bieu-do-desc\">Văn hóa &amp; &lt;xã hội&gt;: 2 mô hình.</desc>"
            )
        );
        assert_eq!(drawn.text, "Văn hóa & <xã hội>: 2 mô hình.");
        assert_eq!(escape("\"a\" 'b'"), "&quot;a&quot; &#39;b&#39;");
    }

    #[test]
    fn text_alternative_lists_every_bar_in_order() {
        let drawn = chart(
            vec![bar("2023", 4), bar("2022", 1_041)],
            "năm {label}: {count}",
        )
        .render();
        assert_eq!(drawn.text, "Năm 2023: 4 mô hình; năm 2022: 1.041 mô hình.");
        let svg = drawn.svg.expect("a chart");
        assert!(svg.starts_with(
            "<svg class=\"chart\" role=\"img\" aria-labelledby=\"bieu-do-title bieu-do-desc\""
        ));
        assert!(svg.contains("<title id=\"bieu-do-title\">Số mô hình</title>"));
        assert!(svg.contains(">1.041</text>"), "{svg}");
    }

    #[test]
    fn empty_data_gives_no_chart_but_a_sentence() {
        let drawn = chart(Vec::new(), "{label}: {count}").render();
        assert_eq!(drawn.svg, None);
        assert_eq!(drawn.text, "Chưa có mô hình nào.");
    }

    #[test]
    fn numbers_use_the_language_separator() {
        let en = Numbers {
            thousands_sep: ",",
            one: "model",
            many: "models",
        };
        assert_eq!(VI.number(0), "0");
        assert_eq!(VI.number(999), "999");
        assert_eq!(VI.number(1_041), "1.041");
        assert_eq!(VI.number(1_234_567), "1.234.567");
        assert_eq!(en.count(1), "1 model");
        assert_eq!(en.count(12_000), "12,000 models");
    }
}
