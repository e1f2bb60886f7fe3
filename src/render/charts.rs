//! Pictures drawn at build time as inline SVG, so they show from file:// with no script and
//! print. Each is a pure function from a few numbers or names to markup: every text is
//! escaped, the figures are also given as text for screen readers, and the drawing scales
//! to the width of a phone (`viewBox`, `width="100%"`). Colours are the theme's, with AA
//! contrast on white.

use std::fmt::Write as _;

use super::words::{Words, fill};
use super::{escape, escape_into};
use crate::vietnamese::count;

/// Bars, and the boxes of the citation chain: the theme's red (8.9:1 on white).
const INK: &str = "#8a1414";
/// Labels (16:1 on white).
const TEXT: &str = "#1b1b1b";
/// Axis and box borders of documents outside the archive (4.7:1 on white).
const MUTED: &str = "#5f5f5f";
/// Years without documents between the first and the last are drawn as empty bars up to
/// this span, so the time axis is honest; wider spans show only years that have documents.
const MAX_FILLED_SPAN: i32 = 40;

/// Up to this many years the chart stands (a column a year); more are drawn as rows, a
/// year a line, so that on a phone its labels stay as large as the text around it.
const MAX_COLUMNS: usize = 8;

/// A bar chart of documents per year, oldest first. `data` may be in any order; a year
/// listed twice is counted once with the sum. With `root` (the way from the page to the
/// site root), each year's bar links to its year page. Returns `""` when there is nothing
/// to draw. The `<title>` names the chart and the `<desc>` lists every figure.
pub fn documents_per_year(
    words: &Words,
    title: &str,
    data: &[(i32, usize)],
    root: Option<&str>,
) -> String {
    let mut years: Vec<(i32, usize)> = Vec::new();
    let mut sorted = data.to_vec();
    sorted.sort_unstable();
    for (y, n) in sorted {
        match years.last_mut() {
            Some((last, count)) if *last == y => *count += n,
            _ => years.push((y, n)),
        }
    }
    let (Some(&(first, _)), Some(&(last, _))) = (years.first(), years.last()) else {
        return String::new();
    };
    if last - first <= MAX_FILLED_SPAN {
        let given = years;
        years = (first..=last)
            .map(|y| {
                let n = given.iter().find(|(g, _)| *g == y).map_or(0, |(_, n)| *n);
                (y, n)
            })
            .collect();
    }
    let max = years.iter().map(|(_, n)| *n).max().unwrap_or(0).max(1);
    let total: usize = years.iter().map(|(_, n)| n).sum();
    let desc = years
        .iter()
        .filter(|(_, n)| *n > 0)
        .map(|(y, n)| {
            fill(
                &words.chart_year_count,
                &[("{year}", &y.to_string()), ("{count}", &count(*n))],
            )
        })
        .collect::<Vec<_>>()
        .join("; ");
    let rows = years.len() > MAX_COLUMNS;
    // Columns: one slot of 56 units a year, at least 320 wide. Rows: 26 units a year in a
    // picture 340 wide, which a phone shows at about its own size.
    const SLOT: usize = 56;
    const TOP: usize = 24;
    const PLOT: usize = 120;
    const BOTTOM: usize = 28;
    const ROW: usize = 26;
    const LABEL: usize = 52;
    const BAR: usize = 210;
    let (width, height) = if rows {
        (340, years.len() * ROW + 8)
    } else {
        ((years.len() * SLOT).max(320), TOP + PLOT + BOTTOM)
    };
    let mut svg = String::new();
    // A picture of links is a group (its bars are reached by keyboard); without, an image.
    let role = if root.is_some() { "group" } else { "img" };
    let _ = write!(
        svg,
        r#"<svg class="bieu-do" role="{role}" aria-label="{}" viewBox="0 0 {width} {height}" width="100%" style="max-width:{width}px" xmlns="http://www.w3.org/2000/svg"><title>{}</title><desc>{}; {}.</desc>"#,
        escape(title),
        escape(title),
        escape(&fill(&words.chart_total, &[("{count}", &count(total))])),
        escape(&desc)
    );
    let left = (width.saturating_sub(years.len() * SLOT)) / 2;
    let base = TOP + PLOT;
    for (i, (y, n)) in years.iter().enumerate() {
        let link = root.filter(|_| *n > 0);
        if let Some(root) = link {
            // Named by its visible text, the year and its count; the figures in words are
            // in the picture's `<desc>`.
            let _ = write!(svg, r#"<a href="{root}nam/{y}.html">"#);
        }
        if rows {
            let top = 4 + i * ROW;
            let w = if *n == 0 { 0 } else { (n * BAR / max).max(2) };
            let _ = write!(
                svg,
                r#"<text x="{}" y="{}" text-anchor="end" font-size="15" fill="{TEXT}">{y}</text>"#,
                LABEL - 8,
                top + 17
            );
            if w > 0 {
                let _ = write!(
                    svg,
                    r#"<rect x="{LABEL}" y="{}" width="{w}" height="{}" fill="{INK}"/><text x="{}" y="{}" font-size="15" fill="{TEXT}">{}</text>"#,
                    top + 3,
                    ROW - 8,
                    LABEL + w + 6,
                    top + 17,
                    count(*n)
                );
            }
        } else {
            let x = left + i * SLOT;
            let centre = x + SLOT / 2;
            let h = if *n == 0 { 0 } else { (n * PLOT / max).max(2) };
            // The year before its count, as in rows: a link reads "2017 1".
            let _ = write!(
                svg,
                r#"<text x="{centre}" y="{}" text-anchor="middle" font-size="15" fill="{TEXT}">{y}</text>"#,
                base + 20
            );
            if h > 0 {
                let _ = write!(
                    svg,
                    r#"<rect x="{}" y="{}" width="{}" height="{h}" fill="{INK}"/><text x="{centre}" y="{}" text-anchor="middle" font-size="15" fill="{TEXT}">{}</text>"#,
                    x + 10,
                    base - h,
                    SLOT - 20,
                    base - h - 6,
                    count(*n)
                );
            }
        }
        if link.is_some() {
            svg.push_str("</a>");
        }
    }
    if rows {
        let _ = write!(
            svg,
            r#"<line x1="{LABEL}.5" y1="0" x2="{LABEL}.5" y2="{height}" stroke="{MUTED}"/></svg>"#
        );
    } else {
        let _ = write!(
            svg,
            r#"<line x1="{left}" y1="{base}.5" x2="{}" y2="{base}.5" stroke="{MUTED}"/></svg>"#,
            left + years.len() * SLOT
        );
    }
    svg
}

/// A piece of a drawing `put!` appends: text as it is, or a number in decimal.
trait Piece {
    fn put(self, out: &mut String);
}

impl Piece for &str {
    fn put(self, out: &mut String) {
        out.push_str(self);
    }
}

impl Piece for usize {
    fn put(self, out: &mut String) {
        out.push_str(itoa::Buffer::new().format(self));
    }
}

/// Appends each piece to `out`: the chain diagram writes dozens of coordinates per page,
/// and `write!` spends several times as many instructions on each.
macro_rules! put {
    ($out:expr, $($piece:expr),+ $(,)?) => {{
        let out: &mut String = $out;
        $(Piece::put($piece, out);)+
    }};
}

/// One document in the citation chain. `url` is `None` for a document the archive lacks.
#[derive(Debug, Clone)]
pub struct ChainBox {
    /// What the document is: `Thông báo 224-TB/BDVTU`.
    pub label: String,
    /// The second line: issuer (shortened to fit) and date (always whole), either may be
    /// empty.
    pub issuer: String,
    pub date: String,
    pub url: Option<String>,
}

/// The documents around one document: those it implements above, those implementing it
/// below.
#[derive(Debug, Clone)]
pub struct Chain {
    pub this: ChainBox,
    pub implements: Vec<ChainBox>,
    pub implemented_by: Vec<ChainBox>,
    /// The pages listing every document of each side, which "… và N văn bản khác" links.
    pub implements_all: Option<String>,
    pub implemented_by_all: Option<String>,
}

/// Characters of a box's line that fit its width at the chain's font size.
const BOX_CHARS: usize = 40;

/// The citation chain as a column of linked boxes: up to `max` documents it implements,
/// an arrow, this document, an arrow, up to `max` documents that implement it; more are
/// counted in a line. Boxes of archived documents are links (keyboard-focusable, named by
/// their full text); the others are dashed and say they are not in the archive. Returns
/// `""` when the document has neither side.
pub fn citation_chain(words: &Words, chain: &Chain, max: usize) -> String {
    if chain.implements.is_empty() && chain.implemented_by.is_empty() {
        return String::new();
    }
    const W: usize = 360;
    const BOX_W: usize = 340;
    const BOX_H: usize = 48;
    const GAP: usize = 8;
    const ARROW: usize = 30;
    const NOTE: usize = 22;
    let x = (W - BOX_W) / 2;
    let mut body = String::new();
    let mut y = 0;

    let group = |body: &mut String, y: &mut usize, boxes: &[ChainBox], all: Option<&str>| {
        for b in boxes.iter().take(max) {
            draw_box(body, &words.not_archived, x, *y, BOX_W, BOX_H, b, false);
            *y += BOX_H + GAP;
        }
        if boxes.len() > max {
            if let Some(url) = all {
                body.push_str("<a href=\"");
                escape_into(body, url);
                body.push_str("\" class=\"xem-them\">");
            }
            put!(
                body,
                "<text x=\"",
                W / 2,
                "\" y=\"",
                *y + 14,
                "\" text-anchor=\"middle\" font-size=\"14\" fill=\"",
                TEXT,
                "\">",
                escape(&fill(
                    &words.chain_more,
                    &[("{count}", &count(boxes.len() - max))]
                ))
                .as_ref(),
                "</text>",
            );
            if all.is_some() {
                body.push_str("</a>");
            }
            *y += NOTE;
        }
    };
    let arrow = |body: &mut String, y: &mut usize, label: &str| {
        let cx = W / 2;
        let top = *y - GAP / 2;
        let bottom = *y + ARROW - 2;
        put!(
            body,
            "<line x1=\"",
            cx,
            "\" y1=\"",
            top,
            "\" x2=\"",
            cx,
            "\" y2=\"",
            bottom - 6,
            "\" stroke=\"",
            TEXT,
            "\" stroke-width=\"1.5\"/><path d=\"M",
            cx - 5,
            " ",
            bottom - 7,
            " L",
            cx,
            " ",
            bottom,
            " L",
            cx + 5,
            " ",
            bottom - 7,
            " Z\" fill=\"",
            TEXT,
            "\"/><text x=\"",
            cx + 10,
            "\" y=\"",
            *y + ARROW / 2 + 4,
            "\" font-size=\"13\" fill=\"",
            TEXT,
            "\">",
        );
        escape_into(body, label);
        body.push_str("</text>");
        *y += ARROW;
    };

    if !chain.implements.is_empty() {
        group(
            &mut body,
            &mut y,
            &chain.implements,
            chain.implements_all.as_deref(),
        );
        // The arrow points from a document to the one that implements it.
        arrow(&mut body, &mut y, &words.chain_arrow);
    }
    draw_box(
        &mut body,
        &words.not_archived,
        x,
        y,
        BOX_W,
        BOX_H,
        &chain.this,
        true,
    );
    y += BOX_H + GAP;
    if !chain.implemented_by.is_empty() {
        arrow(&mut body, &mut y, &words.chain_arrow);
        group(
            &mut body,
            &mut y,
            &chain.implemented_by,
            chain.implemented_by_all.as_deref(),
        );
    }
    let any_missing = (chain.implements.iter().take(max))
        .chain(chain.implemented_by.iter().take(max))
        .any(|b| b.url.is_none());
    if any_missing {
        put!(
            &mut body,
            "<rect x=\"",
            x,
            ".5\" y=\"",
            y + 2,
            ".5\" width=\"24\" height=\"12\" fill=\"none\" stroke=\"",
            MUTED,
            "\" stroke-dasharray=\"5 4\"/><text x=\"",
            x + 32,
            "\" y=\"",
            y + 13,
            "\" font-size=\"13\" fill=\"",
            TEXT,
            "\">",
            escape(&words.chain_missing).as_ref(),
            "</text>",
        );
        y += NOTE;
    }
    let height = y;
    let mut svg = String::with_capacity(body.len() + 400);
    svg.push_str("<svg class=\"chuoi-van-ban\" role=\"group\" aria-label=\"");
    escape_into(
        &mut svg,
        &fill(&words.chain, &[("{title}", &chain.this.label)]),
    );
    put!(
        &mut svg,
        "\" viewBox=\"0 0 ",
        W,
        " ",
        height,
        "\" width=\"100%\" style=\"max-width:",
        W,
        "px\" xmlns=\"http://www.w3.org/2000/svg\">",
        body.as_str(),
        "</svg>",
    );
    svg
}

/// Box `b` (`this`: the page's own document) at `x`, `y`; a box of a document the archive
/// lacks is named with `missing_word`.
#[allow(clippy::too_many_arguments)]
fn draw_box(
    out: &mut String,
    missing_word: &str,
    x: usize,
    y: usize,
    w: usize,
    h: usize,
    b: &ChainBox,
    this: bool,
) {
    let (fill, stroke, dash, colour) = match (this, &b.url) {
        (true, _) => (INK, INK, "", "#ffffff"),
        (false, Some(_)) => ("#ffffff", INK, "", TEXT),
        (false, None) => ("#ffffff", MUTED, r#" stroke-dasharray="5 4""#, TEXT),
    };
    let missing = b.url.is_none() && !this;
    // The box is named by its full text: label, detail and, for a missing document, why.
    let detail = detail(&b.issuer, &b.date);
    let name = [
        b.label.as_str(),
        detail.as_str(),
        if missing { missing_word } else { "" },
    ];
    match (&b.url, this) {
        (Some(url), false) => {
            out.push_str("<a href=\"");
            escape_into(out, url);
            out.push_str("\" aria-label=\"");
        }
        _ => out.push_str("<g role=\"note\" aria-label=\""),
    }
    for (i, part) in name.iter().filter(|s| !s.is_empty()).enumerate() {
        if i > 0 {
            out.push_str(", ");
        }
        escape_into(out, part);
    }
    put!(
        out,
        "\"><rect x=\"",
        x,
        ".5\" y=\"",
        y,
        ".5\" width=\"",
        w,
        "\" height=\"",
        h,
        "\" rx=\"4\" fill=\"",
        fill,
        "\" stroke=\"",
        stroke,
        "\"",
        dash,
        "/><text x=\"",
        x + w / 2,
        "\" y=\"",
        y + 20,
        "\" text-anchor=\"middle\" font-size=\"15\" font-weight=\"bold\" fill=\"",
        colour,
        "\">",
    );
    clip_into(out, &b.label);
    put!(
        out,
        "</text><text x=\"",
        x + w / 2,
        "\" y=\"",
        y + 38,
        "\" text-anchor=\"middle\" font-size=\"13\" fill=\"",
        colour,
        "\">",
    );
    // The date is whole ("21/02/2…" tells nothing); the issuer gives way to it.
    let room = BOX_CHARS.saturating_sub(b.date.chars().count() + 3);
    match (b.issuer.is_empty(), b.date.is_empty()) {
        (false, false) => {
            clip_to(out, &b.issuer, room);
            out.push_str(" · ");
            escape_into(out, &b.date);
        }
        (false, true) => clip_into(out, &b.issuer),
        (true, _) => escape_into(out, &b.date),
    }
    out.push_str("</text>");
    out.push_str(match (&b.url, this) {
        (Some(_), false) => "</a>",
        _ => "</g>",
    });
}

/// A chain box's second line in full: issuer and date, either may be missing.
fn detail(issuer: &str, date: &str) -> String {
    match (issuer.is_empty(), date.is_empty()) {
        (false, false) => [issuer, " · ", date].concat(),
        (false, true) => issuer.to_string(),
        (true, _) => date.to_string(),
    }
}

/// Appends a line shortened to what fits in a box, escaped, marking the cut with `…`.
fn clip_into(out: &mut String, s: &str) {
    clip_to(out, s, BOX_CHARS);
}

/// Appends `s` shortened to `chars` characters (the last one `…` when cut), escaped.
fn clip_to(out: &mut String, s: &str, chars: usize) {
    match s.char_indices().nth(chars) {
        None => escape_into(out, s),
        Some(_) => {
            let cut = s
                .char_indices()
                .nth(chars.saturating_sub(1))
                .map_or(0, |(at, _)| at);
            escape_into(out, &s[..cut]);
            out.push('…');
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn words() -> Words {
        super::super::words::load(None, std::path::Path::new("words.yaml")).0
    }

    fn count(s: &str, pat: &str) -> usize {
        s.matches(pat).count()
    }

    /// Each of `parts` is in `s`, in this order.
    fn assert_in_order(s: &str, parts: &[&str]) {
        let at: Vec<usize> = parts
            .iter()
            .map(|p| {
                s.find(p)
                    .unwrap_or_else(|| panic!("{p} is missing from {s}"))
            })
            .collect();
        assert!(at.is_sorted(), "{parts:?} are out of order in {s}");
    }

    #[test]
    fn bars_oldest_first_with_empty_years_and_figures_as_text() {
        let svg = documents_per_year(
            &words(),
            "Số văn bản theo năm",
            &[(2019, 1), (2017, 2), (2017, 1)],
            None,
        );
        assert!(svg.starts_with("<svg class=\"bieu-do\" role=\"img\""));
        assert!(svg.contains("<title>Số văn bản theo năm</title>"));
        assert!(
            svg.contains("<desc>Tổng 4 văn bản; năm 2017: 3 văn bản; năm 2019: 1 văn bản.</desc>")
        );
        // 2017, 2018 (empty), 2019: three year labels, two bars.
        assert_eq!(count(&svg, "<rect"), 2);
        assert_in_order(&svg, &[">2017<", ">2018<", ">2019<"]);
        assert!(svg.contains("viewBox=\"0 0 320 172\""));
        assert!(svg.contains("width=\"100%\""));
        // The tallest bar is the full plot height; the other is a third of it.
        assert!(svg.contains("height=\"120\""));
        assert!(svg.contains("height=\"40\""));
    }

    #[test]
    fn bars_skip_empty_years_across_a_long_span() {
        let svg = documents_per_year(&words(), "t", &[(1930, 1), (2018, 5)], None);
        assert_eq!(count(&svg, "text-anchor"), 4, "two counts and two years");
    }

    #[test]
    fn bars_draw_nothing_without_data() {
        assert_eq!(documents_per_year(&words(), "t", &[], None), "");
    }

    #[test]
    fn bars_escape_the_title() {
        let svg = documents_per_year(&words(), "<script>&\"", &[(2018, 1)], None);
        assert!(svg.contains("<title>&lt;script&gt;&amp;&quot;</title>"));
        assert!(!svg.contains("<script>"));
    }

    #[test]
    fn many_years_become_rows_that_a_phone_shows_at_their_size() {
        let data: Vec<(i32, usize)> = (2000..2008).map(|y| (y, 1)).collect();
        assert!(documents_per_year(&words(), "t", &data, None).contains("viewBox=\"0 0 448 172\""));
        let data: Vec<(i32, usize)> = (2000..2010).map(|y| (y, 1200)).collect();
        let svg = documents_per_year(&words(), "t", &data, None);
        assert!(svg.contains("viewBox=\"0 0 340 268\""), "{svg}");
        assert!(svg.contains(">1.200</text>"), "counts are grouped");
        assert!(svg.contains("Tổng 12.000 văn bản"));
        assert_in_order(&svg, &[">2000<", ">2009<"]);
    }

    #[test]
    fn bars_link_to_their_year_pages() {
        let svg = documents_per_year(&words(), "t", &[(2017, 2), (2019, 1)], Some("../"));
        assert!(svg.starts_with("<svg class=\"bieu-do\" role=\"group\""));
        assert!(svg.contains("<a href=\"../nam/2017.html\"><text"));
        assert!(svg.contains("<a href=\"../nam/2019.html\""));
        assert!(!svg.contains("nam/2018.html"), "an empty year has no page");
        assert_eq!(count(&svg, "<a "), count(&svg, "</a>"));
    }

    #[test]
    fn a_chain_box_keeps_its_date_whole() {
        let mut out = String::new();
        let b = ChainBox {
            label: "Kế hoạch 1-KH/HU".into(),
            issuer: "Ban Thường vụ Huyện ủy Hón Quản tỉnh Bình Phước xa xôi".into(),
            date: "21/02/2020".into(),
            url: Some("x.html".into()),
        };
        draw_box(&mut out, "chưa có trong kho", 0, 0, 340, 48, &b, false);
        assert!(out.contains("… · 21/02/2020</text>"), "{out}");
        assert!(out.contains("aria-label=\"Kế hoạch 1-KH/HU, Ban Thường vụ Huyện ủy Hón Quản tỉnh Bình Phước xa xôi · 21/02/2020\""));
    }

    fn doc(label: &str, url: Option<&str>) -> ChainBox {
        ChainBox {
            label: label.into(),
            issuer: "Tỉnh ủy".into(),
            date: "12/10/2018".into(),
            url: url.map(Into::into),
        }
    }

    #[test]
    fn chain_links_archived_documents_and_marks_missing_ones() {
        let chain = Chain {
            this: doc("Công văn 44-CV/HU", Some("self.html")),
            implements: vec![
                doc("Thông báo 224-TB/BDVTU", Some("../2018/224.html")),
                doc("Chỉ thị 16/CT-TTg", None),
            ],
            implemented_by: vec![doc("Kế hoạch 07/KH-UBND", Some("07.html"))],
            implements_all: None,
            implemented_by_all: None,
        };
        let svg = citation_chain(&words(), &chain, 3);
        assert!(svg.contains("role=\"group\""));
        assert!(svg.contains("aria-label=\"Chuỗi văn bản thực hiện: Công văn 44-CV/HU\""));
        assert_eq!(count(&svg, "<a href="), 2, "the two archived neighbours");
        assert!(svg.contains("<a href=\"../2018/224.html\" aria-label=\"Thông báo 224-TB/BDVTU, Tỉnh ủy · 12/10/2018\">"));
        assert!(
            !svg.contains("href=\"self.html\""),
            "this document is not a link to itself"
        );
        assert!(
            svg.contains(
                "aria-label=\"Chỉ thị 16/CT-TTg, Tỉnh ủy · 12/10/2018, chưa có trong kho\""
            )
        );
        assert_eq!(count(&svg, "stroke-dasharray"), 2, "the box and its legend");
        assert!(svg.contains(">văn bản chưa có trong kho</text>"));
        assert_eq!(count(&svg, "được thực hiện bởi"), 2);
        // Above, this, below, in that order.
        assert_in_order(&svg, &["224-TB", ">Công văn 44", "07/KH"]);
    }

    #[test]
    fn chain_caps_each_side_and_counts_the_rest() {
        let many: Vec<ChainBox> = (0..5)
            .map(|i| doc(&format!("Kế hoạch {i}"), Some("k.html")))
            .collect();
        let chain = Chain {
            this: doc("Chỉ thị 1", None),
            implements: vec![],
            implemented_by: many,
            implements_all: None,
            implemented_by_all: Some("44/duoc-trich-dan-thuc-hien.html".into()),
        };
        let svg = citation_chain(&words(), &chain, 2);
        assert_eq!(count(&svg, "<a href="), 3, "two boxes and the rest");
        assert!(svg.contains("<a href=\"44/duoc-trich-dan-thuc-hien.html\" class=\"xem-them\">"));
        assert!(svg.contains("… và 3 văn bản khác</text></a>"));
        assert_eq!(
            count(&svg, "được thực hiện bởi"),
            1,
            "nothing above, one arrow"
        );
    }

    #[test]
    fn chain_is_empty_for_a_lone_document() {
        let chain = Chain {
            this: doc("Công văn 1", None),
            implements: vec![],
            implemented_by: vec![],
            implements_all: None,
            implemented_by_all: None,
        };
        assert_eq!(citation_chain(&words(), &chain, 3), "");
    }

    #[test]
    fn chain_escapes_and_clips_text() {
        let long = "Nghị quyết ".repeat(10);
        let chain = Chain {
            this: doc("<b>&", None),
            implements: vec![ChainBox {
                label: long.clone(),
                issuer: String::new(),
                date: String::new(),
                url: Some("a\".html".into()),
            }],
            implemented_by: vec![],
            implements_all: None,
            implemented_by_all: None,
        };
        let svg = citation_chain(&words(), &chain, 3);
        assert!(svg.contains("&lt;b&gt;&amp;"));
        assert!(svg.contains("href=\"a&quot;.html\""));
        assert!(!svg.contains("<b>"));
        let clipped: String = long.chars().take(BOX_CHARS - 1).collect::<String>() + "…";
        assert!(svg.contains(&escape(&clipped)));
        assert!(svg.contains(&format!("aria-label=\"{}\"", escape(&long))));
    }
}
