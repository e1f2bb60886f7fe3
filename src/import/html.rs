//! Text of a saved web page (`.html`), read with an HTML parser (`scraper`): the document's
//! main text (`<article>` or `<main>` when there is one, else `<body>`), without scripts,
//! styles, navigation, headers, footers and forms. Block elements end lines; a table whose
//! cells hold several lines (the header's layout table) is read cell by cell, any other
//! table row by row as Markdown rows.

use scraper::{ElementRef, Html, Node, Selector};

/// The text of an HTML page.
pub fn read_html(source: &str) -> String {
    let page = Html::parse_document(source);
    let pick = |css: &str| {
        Selector::parse(css)
            .ok()
            .and_then(|s| page.select(&s).next())
    };
    let root = pick("article")
        .or_else(|| pick("main"))
        .or_else(|| pick("body"))
        .unwrap_or_else(|| page.root_element());
    let mut out = String::new();
    walk(root, &mut out);
    let mut text = String::with_capacity(out.len());
    let mut blank = false;
    for line in out.lines() {
        let words: Vec<&str> = line.split_whitespace().collect();
        if words.is_empty() {
            if !blank && !text.is_empty() {
                text.push('\n');
            }
            blank = true;
            continue;
        }
        blank = false;
        text.push_str(&words.join(" "));
        text.push('\n');
    }
    if text.ends_with("\n\n") {
        text.pop();
    }
    text
}

const SKIPPED: &[&str] = &[
    "script", "style", "nav", "header", "footer", "form", "noscript", "iframe", "button", "select",
    "aside", "template", "svg", "head",
];

const BLOCKS: &[&str] = &[
    "p",
    "div",
    "br",
    "li",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "section",
    "article",
    "tr",
    "td",
    "th",
    "table",
    "ul",
    "ol",
    "blockquote",
    "pre",
    "hr",
    "dd",
    "dt",
    "center",
];

fn walk(el: ElementRef, out: &mut String) {
    let name = el.value().name();
    if SKIPPED.contains(&name) {
        return;
    }
    if name == "table" {
        table(el, out);
        return;
    }
    let block = BLOCKS.contains(&name);
    if block {
        out.push('\n');
    }
    for child in el.children() {
        match child.value() {
            Node::Text(t) => out.push_str(&t.replace('\n', " ")),
            Node::Element(_) => {
                if let Some(c) = ElementRef::wrap(child) {
                    walk(c, out);
                }
            }
            _ => {}
        }
    }
    if block {
        out.push('\n');
    }
}

/// The rows of a table, each a list of cells, each cell its text (lines kept).
fn table(el: ElementRef, out: &mut String) {
    let mut rows: Vec<Vec<String>> = Vec::new();
    collect_rows(el, &mut rows, true);
    let layout = rows
        .iter()
        .flatten()
        .any(|cell| cell.trim().lines().filter(|l| !l.trim().is_empty()).count() > 1);
    out.push('\n');
    for row in &rows {
        if layout {
            for cell in row {
                out.push_str(cell);
                out.push('\n');
            }
        } else {
            let cells: Vec<String> = row
                .iter()
                .map(|c| c.split_whitespace().collect::<Vec<_>>().join(" "))
                .collect();
            if cells.iter().all(String::is_empty) {
                continue;
            }
            out.push_str(&format!("| {} |\n", cells.join(" | ")));
        }
    }
    out.push('\n');
}

/// Rows of this table, not of tables nested in its cells (those are read with the cell).
fn collect_rows(el: ElementRef, rows: &mut Vec<Vec<String>>, top: bool) {
    for child in el.children().filter_map(ElementRef::wrap) {
        match child.value().name() {
            "table" if !top => {}
            "tr" => {
                let mut cells = Vec::new();
                for cell in child.children().filter_map(ElementRef::wrap) {
                    if matches!(cell.value().name(), "td" | "th") {
                        let mut text = String::new();
                        walk(cell, &mut text);
                        cells.push(text);
                    }
                }
                rows.push(cells);
            }
            _ => collect_rows(child, rows, false),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn main_text_tables_and_no_scripts() {
        let html = r#"<html><head><title>T</title><script>var x=1;</script></head><body>
<nav>Trang chủ | Tin tức</nav>
<article><table><tr><td><p>HUYỆN ỦY AN PHÚ</p><p>*</p><p>Số 12-CV/HU</p></td>
<td><p>ĐẢNG CỘNG SẢN VIỆT NAM</p><p>An Phú, ngày 3 tháng 4 năm 2020</p></td></tr></table>
<p>Nội dung <b>chính</b>.</p>
<table><tr><th>Xã</th><th>Số</th></tr><tr><td>An Lạc</td><td>5</td></tr></table>
<script>track()</script></article><footer>Bản quyền</footer></body></html>"#;
        let text = read_html(html);
        assert_eq!(
            text,
            "HUYỆN ỦY AN PHÚ\n\n*\n\nSố 12-CV/HU\n\nĐẢNG CỘNG SẢN VIỆT NAM\n\nAn Phú, ngày 3 tháng 4 năm 2020\n\nNội dung chính.\n\n| Xã | Số |\n| An Lạc | 5 |\n"
        );
    }
}
