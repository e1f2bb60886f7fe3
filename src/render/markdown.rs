//! Document bodies from Markdown to HTML. Bodies are untrusted: links keep only safe
//! schemes, images from other hosts become links (no page loads anything from elsewhere),
//! and raw HTML, where a body has any, goes through ammonia. Bodies without raw HTML (nearly
//! all) skip the sanitiser, which would otherwise dominate build time. Raw HTML nested more
//! than [`MAX_HTML_DEPTH`] deep is shown as text instead: the HTML parser under ammonia walks
//! the open elements for each new one, so its time grows with the square of the depth
//! (100,000 nested `<div>` took half a minute); no real document nests so deep.

use std::sync::LazyLock;

use pulldown_cmark::{CowStr, Event, LinkType, Options, Parser, Tag, TagEnd, html};

fn options() -> Options {
    Options::ENABLE_TABLES | Options::ENABLE_STRIKETHROUGH
}

/// True for a link target that may stay a link: relative, fragment, http(s), mailto, tel.
pub(crate) fn is_safe_url(url: &str) -> bool {
    let trimmed: String = url
        .trim()
        .chars()
        .filter(|c| !c.is_control() && !c.is_whitespace())
        .collect();
    let lower = trimmed.to_ascii_lowercase();
    match lower.find(':') {
        None => true,
        Some(colon) => {
            // A colon after the first /, ? or # is part of a relative path, not a scheme.
            if lower[..colon].contains(['/', '?', '#']) {
                return true;
            }
            matches!(&lower[..colon], "http" | "https" | "mailto" | "tel")
        }
    }
}

/// The URL if it may stay a link target, else `#`: the link text stays, the target goes.
fn safe_or_stub(url: CowStr<'_>) -> CowStr<'_> {
    if is_safe_url(&url) {
        url
    } else {
        CowStr::from("#")
    }
}

/// A link start with its target made safe ([`safe_or_stub`]); images that may not load
/// become such links too.
fn safe_link<'a>(
    link_type: LinkType,
    dest_url: CowStr<'a>,
    title: CowStr<'a>,
    id: CowStr<'a>,
) -> Event<'a> {
    Event::Start(Tag::Link {
        link_type,
        dest_url: safe_or_stub(dest_url),
        title,
        id,
    })
}

fn is_external(url: &str) -> bool {
    let lower = url.trim().to_ascii_lowercase();
    lower.starts_with("http:") || lower.starts_with("https:") || lower.starts_with("//")
}

static SANITIZER: LazyLock<ammonia::Builder<'static>> = LazyLock::new(|| {
    let mut b = ammonia::Builder::default();
    // Images only through Markdown, where their source is checked; raw <img> could load
    // from another host.
    b.rm_tags(["img"]);
    b.url_schemes(["http", "https", "mailto", "tel"].into_iter().collect());
    b.link_rel(Some("noopener noreferrer"));
    b
});

/// Replaces a run of body text with HTML (see `to_html`).
pub(crate) type TextHook<'a> = &'a dyn Fn(&str, Option<usize>) -> Option<String>;

/// Renders a body. `text_hook`, when given, may replace a text run with HTML of its own
/// (citations become links); it receives the run, and the run's byte offset in `markdown`
/// when the run is written there as is (no escapes or entities), so that what was found in
/// the source can be placed in the run. It returns `None` to keep the run as text, or HTML
/// in which it has escaped the text it keeps (`render::escape`).
pub fn to_html(markdown: &str, text_hook: Option<TextHook<'_>>) -> String {
    let mut out = String::with_capacity(markdown.len() * 3 / 2);
    push_html(&mut out, markdown, text_hook);
    out
}

/// [`to_html`], appending to `out`: a page writes its body straight into its own buffer.
pub(crate) fn push_html(out: &mut String, markdown: &str, text_hook: Option<TextHook<'_>>) {
    push_html_anchored(out, markdown, text_hook, &[]);
}

/// [`push_html`], the blocks starting at the bytes `anchors` (the starts of
/// [`sections`], in order) given the ids `muc-1`, `muc-2`…, which the table of contents
/// links.
pub(crate) fn push_html_anchored(
    out: &mut String,
    markdown: &str,
    text_hook: Option<TextHook<'_>>,
    anchors: &[usize],
) {
    let start = out.len();
    let has_raw_html = push_events(out, markdown, text_hook, false, anchors);
    if !has_raw_html {
        return;
    }
    if too_deep_html(markdown).is_some() {
        out.truncate(start);
        push_events(out, markdown, text_hook, true, anchors);
        return;
    }
    let clean = SANITIZER.clean(&out[start..]).to_string();
    out.truncate(start);
    out.push_str(&clean);
}

/// The body's HTML appended to `out`, raw HTML passed on (for the sanitiser) or, with
/// `raw_as_text`, escaped as text; whether it had raw HTML.
fn push_events(
    out: &mut String,
    markdown: &str,
    text_hook: Option<TextHook<'_>>,
    raw_as_text: bool,
    anchors: &[usize],
) -> bool {
    let mut has_raw_html = false;
    let mut next_anchor = 0;
    let mut anchor_at = |at: usize| -> Option<usize> {
        while anchors.get(next_anchor).is_some_and(|a| *a < at) {
            next_anchor += 1;
        }
        (anchors.get(next_anchor) == Some(&at)).then(|| {
            next_anchor += 1;
            next_anchor
        })
    };
    // For each open image: whether it was turned into a link.
    let mut images: Vec<bool> = Vec::new();
    let events = Parser::new_ext(markdown, options())
        .into_offset_iter()
        .map(|(event, range)| match event {
            Event::Html(h) | Event::InlineHtml(h) if raw_as_text => Event::Text(h),
            Event::Html(h) | Event::InlineHtml(h) => {
                has_raw_html = true;
                Event::Html(h)
            }
            Event::Start(Tag::Link {
                link_type,
                dest_url,
                title,
                id,
            }) => safe_link(link_type, dest_url, title, id),
            Event::Start(Tag::Image {
                link_type,
                dest_url,
                title,
                id,
            }) => {
                let external = is_external(&dest_url) || !is_safe_url(&dest_url);
                images.push(external);
                if external {
                    safe_link(link_type, dest_url, title, id)
                } else {
                    Event::Start(Tag::Image {
                        link_type,
                        dest_url,
                        title,
                        id,
                    })
                }
            }
            Event::Start(Tag::Paragraph) if !anchors.is_empty() => match anchor_at(range.start) {
                Some(n) => Event::Html(CowStr::from(format!("<p id=\"muc-{n}\">"))),
                None => Event::Start(Tag::Paragraph),
            },
            Event::Start(Tag::Item) if !anchors.is_empty() => match anchor_at(range.start) {
                Some(n) => Event::Html(CowStr::from(format!("<li id=\"muc-{n}\">"))),
                None => Event::Start(Tag::Item),
            },
            Event::Start(Tag::Heading {
                level,
                id,
                classes,
                attrs,
            }) if !anchors.is_empty() => Event::Start(Tag::Heading {
                level,
                id: anchor_at(range.start)
                    .map(|n| CowStr::from(format!("muc-{n}")))
                    .or(id),
                classes,
                attrs,
            }),
            Event::End(TagEnd::Image) => {
                if images.pop() == Some(true) {
                    Event::End(TagEnd::Link)
                } else {
                    Event::End(TagEnd::Image)
                }
            }
            Event::Text(t) => {
                let offset = (markdown.get(range.clone()) == Some(&*t)).then_some(range.start);
                match text_hook.and_then(|hook| hook(&t, offset)) {
                    Some(replaced) => Event::InlineHtml(CowStr::from(replaced)),
                    None => Event::Text(t),
                }
            }
            other => other,
        });
    html::push_html(out, events);
    has_raw_html
}

/// A numbered section of a body, for the table of contents of a long document.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Section {
    /// Byte where its block starts in the Markdown.
    #[serde(skip)]
    pub start: usize,
    /// Its number and the start of its text: `II. NHIỆM VỤ, GIẢI PHÁP`.
    pub title: String,
}

/// A body shorter than this (about a screen of text) has no table of contents.
pub(crate) const LONG_BODY: usize = 4000;

/// The sections a table of contents lists, for a body of at least [`LONG_BODY`] bytes
/// with three numbered sections or more: the blocks that start with a part, chapter or
/// article (`I.`, `Phần`, `Chương`, `Mục`, `Điều 3.`) or are headings, or, in a document
/// without those, with an Arabic number (`1.`, `1\.`). A body with raw HTML has none (the
/// sanitiser would drop the anchors).
pub fn sections(markdown: &str) -> Vec<Section> {
    if markdown.len() < LONG_BODY {
        return Vec::new();
    }
    // Starts and lines of the level-1 and level-2 blocks; titles are made for the chosen
    // level only, as most of a body's numbered lines never reach the contents. One pass
    // finds both line ends and raw HTML: every document page pays for it.
    let mut major: Vec<(usize, &str)> = Vec::new();
    let mut minor: Vec<(usize, &str)> = Vec::new();
    let mut block_start = true;
    let mut at = 0;
    let bytes = markdown.as_bytes();
    let mut stops = memchr::memchr2_iter(b'\n', b'<', bytes);
    while at < bytes.len() {
        let end = match stops.next() {
            Some(i) if bytes[i] == b'<' => return Vec::new(),
            Some(i) => i + 1,
            None => bytes.len(),
        };
        let text = markdown[at..end].trim_end();
        let start = at;
        at = end;
        if text.is_empty() {
            block_start = true;
            continue;
        }
        if block_start && !text.starts_with([' ', '\t']) {
            match section_level(text) {
                Some(1) => major.push((start, text)),
                Some(_) => minor.push((start, text)),
                None => {}
            }
        }
        block_start = false;
    }
    let chosen = if major.len() >= 2 { major } else { minor };
    if chosen.len() < 3 {
        return Vec::new();
    }
    chosen
        .into_iter()
        .map(|(start, text)| Section {
            start,
            title: section_title(text),
        })
        .collect()
}

/// 1 for a part, chapter, article or heading, 2 for an Arabic-numbered block.
fn section_level(line: &str) -> Option<u8> {
    if line.starts_with('#') {
        return Some(1);
    }
    // "**Điều 1.** Ban hành …": the number in bold.
    let line = line.trim_start_matches(['*', '_']);
    let first = line.split_whitespace().next()?;
    if [
        "Phần", "PHẦN", "Chương", "CHƯƠNG", "Mục", "MỤC", "Điều", "ĐIỀU",
    ]
    .contains(&first)
    {
        return Some(1);
    }
    let number = first.trim_end_matches(['.', ')']).trim_end_matches('\\');
    let marked = first.len() > number.len();
    if !marked || number.is_empty() {
        return None;
    }
    if number.len() <= 5 && number.bytes().all(|b| matches!(b, b'I' | b'V' | b'X')) {
        return Some(1);
    }
    (number.len() <= 2 && number.bytes().all(|b| b.is_ascii_digit())).then_some(2)
}

/// A section's line as the table of contents shows it: without Markdown marks, up to its
/// first colon, at most 80 characters.
fn section_title(line: &str) -> String {
    // Only the start of the line can show: read up to the first colon, and a few hundred
    // characters at most, rather than whole paragraph-long lines.
    const READ: usize = 400;
    let mut plain = String::new();
    let mut read = 0;
    // Whether no text has come yet, and whether a colon ends the title: not when the title
    // starts with one.
    let mut first = true;
    let mut colon_ends = true;
    for c in line.trim_start_matches('#').trim_start().chars() {
        if matches!(c, '\\' | '*' | '_') {
            continue;
        }
        if c == ':' {
            if first {
                colon_ends = false;
            } else if colon_ends {
                break;
            }
        }
        first &= c.is_whitespace();
        plain.push(c);
        read += 1;
        if read == READ {
            break;
        }
    }
    let plain = plain.trim();
    match plain.char_indices().nth(80) {
        Some(_) => {
            let cut = plain.char_indices().nth(79).map_or(0, |(at, _)| at);
            let cut = plain[..cut].rfind(' ').filter(|s| *s > 40).unwrap_or(cut);
            [plain[..cut].trim_end(), "…"].concat()
        }
        None => plain.to_string(),
    }
}

/// How deep raw HTML may nest before it is shown as text.
pub(crate) const MAX_HTML_DEPTH: usize = 128;

/// The line (1-based, in `markdown`) where raw HTML opens an element more than
/// [`MAX_HTML_DEPTH`] deep, if it does. A linear scan of the tags, not a parse: elements
/// that close themselves (void elements, `<p>`, `<li>`, table cells…) do not count.
pub(crate) fn too_deep_html(markdown: &str) -> Option<usize> {
    const SELF_CLOSING: &[&str] = &[
        "area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "param",
        "source", "track", "wbr", "p", "li", "dt", "dd", "tr", "td", "th", "thead", "tbody",
        "tfoot", "option", "optgroup", "rb", "rt", "rp", "colgroup", "caption",
    ];
    let b = markdown.as_bytes();
    let mut depth = 0usize;
    let mut i = 0;
    while let Some(at) = b[i..].iter().position(|&c| c == b'<') {
        let tag = i + at + 1;
        i = tag;
        let closing = b.get(tag) == Some(&b'/');
        let name_start = tag + usize::from(closing);
        let name_len = b[name_start..]
            .iter()
            .take_while(|c| c.is_ascii_alphanumeric())
            .count();
        if name_len == 0 || !b[name_start].is_ascii_alphabetic() {
            continue;
        }
        let name = markdown[name_start..name_start + name_len].to_ascii_lowercase();
        if SELF_CLOSING.contains(&name.as_str()) {
            continue;
        }
        if closing {
            depth = depth.saturating_sub(1);
            continue;
        }
        let end = b[name_start..].iter().position(|&c| c == b'>');
        if end.is_some_and(|e| e > 0 && b[name_start + e - 1] == b'/') {
            continue;
        }
        depth += 1;
        if depth > MAX_HTML_DEPTH {
            return Some(1 + b[..tag].iter().filter(|&&c| c == b'\n').count());
        }
    }
    None
}

/// The body as plain text (for search and summaries): words of every text run, blocks
/// separated by new lines.
pub fn plain_text(markdown: &str) -> String {
    let mut out = String::with_capacity(markdown.len());
    for event in Parser::new_ext(markdown, options()) {
        match event {
            Event::Text(t) | Event::Code(t) => out.push_str(&t),
            Event::SoftBreak | Event::HardBreak => out.push(' '),
            Event::End(
                TagEnd::Paragraph | TagEnd::Item | TagEnd::Heading(_) | TagEnd::TableCell,
            ) => out.push('\n'),
            _ => {}
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn long_body(sections: &[&str]) -> String {
        let filler =
            "Nội dung của mục này được viết khá dài để văn bản vượt quá một màn hình. ".repeat(20);
        sections
            .iter()
            .map(|s| format!("{s} {filler}\n\n"))
            .collect()
    }

    #[test]
    fn long_documents_list_their_numbered_sections_and_anchor_them() {
        let md = long_body(&[
            "1\\. Các cấp ủy đảng:",
            "2\\. UBND huyện",
            "3\\. Ban Dân vận",
        ]);
        let found = sections(&md);
        let titles: Vec<&str> = found.iter().map(|s| s.title.as_str()).collect();
        assert_eq!(titles[0], "1. Các cấp ủy đảng", "up to the colon");
        assert!(titles[1].starts_with("2. UBND huyện Nội dung") && titles[1].ends_with("…"));
        assert!(
            titles[1].chars().count() <= 80,
            "cut at a word: {}",
            titles[1]
        );
        assert_eq!(titles.len(), 3);
        let starts: Vec<usize> = found.iter().map(|s| s.start).collect();
        let mut html = String::new();
        push_html_anchored(&mut html, &md, None, &starts);
        assert!(
            html.starts_with("<p id=\"muc-1\">1. Các cấp ủy"),
            "{html:.80}"
        );
        assert!(html.contains("<p id=\"muc-3\">3. Ban Dân vận"));
        // Without anchors, the same HTML as before.
        let plain = to_html(&md, None);
        assert_eq!(
            html.replace(" id=\"muc-1\"", "")
                .replace(" id=\"muc-2\"", "")
                .replace(" id=\"muc-3\"", ""),
            plain
        );
    }

    #[test]
    fn a_title_is_read_from_the_start_of_its_line_only() {
        let long = format!("**1\\.** {}", "Tăng cường công tác dân vận ".repeat(500));
        let t = section_title(&long);
        assert!(t.starts_with("1. Tăng cường") && t.ends_with('…'), "{t}");
        assert!(t.chars().count() <= 80);
        assert_eq!(section_title("## II. NHIỆM VỤ: các việc"), "II. NHIỆM VỤ");
        assert_eq!(section_title("** : giữ cả dòng: này"), ": giữ cả dòng: này");
    }

    #[test]
    fn parts_come_before_arabic_numbers_and_short_bodies_have_no_contents() {
        let md = long_body(&[
            "I. MỤC ĐÍCH",
            "1\\. Một",
            "2\\. Hai",
            "II. NHIỆM VỤ",
            "1\\. Ba",
            "## Tổ chức thực hiện",
        ]);
        let titles: Vec<String> = sections(&md).into_iter().map(|s| s.title).collect();
        assert_eq!(titles.len(), 3);
        assert!(titles[0].starts_with("I. MỤC ĐÍCH"));
        assert!(titles[2].starts_with("Tổ chức thực hiện"));
        let md = long_body(&[
            "**Điều 1.** Ban hành",
            "**Điều 2.** Hiệu lực",
            "**Điều 3.** Thi hành",
        ]);
        let titles: Vec<String> = sections(&md).into_iter().map(|s| s.title).collect();
        assert!(titles[1].starts_with("Điều 2. Hiệu lực"), "{titles:?}");
        let md = long_body(&["1. Một", "2. Hai", "3. Ba"]);
        let starts: Vec<usize> = sections(&md).iter().map(|s| s.start).collect();
        assert_eq!(starts.len(), 3, "a Markdown list's items");
        let mut html = String::new();
        push_html_anchored(&mut html, &md, None, &starts);
        assert!(html.contains("<li id=\"muc-2\">"), "{html:.300}");
        assert!(sections("I. Một\n\nII. Hai\n\nIII. Ba").is_empty(), "short");
        assert!(sections(&(md.clone() + "<b>x</b>")).is_empty(), "raw HTML");
        assert!(
            sections(&long_body(&["1\\. Một", "2\\. Hai"])).is_empty(),
            "two sections"
        );
        // A number inside a paragraph is not a section.
        let md = long_body(&["Văn bản\n1. không phải", "Tiếp\n2. không", "Nữa\n3. không"]);
        assert!(sections(&md).is_empty());
    }

    #[test]
    fn html_nested_too_deep_is_shown_as_text() {
        let deep = |n: usize| format!("x\n\n{}y{}", "<div>".repeat(n), "</div>".repeat(n));
        assert_eq!(too_deep_html(&deep(MAX_HTML_DEPTH)), None);
        assert_eq!(too_deep_html(&deep(MAX_HTML_DEPTH + 1)), Some(3));
        let flat = "<p>a<br><p>b<img src=x/><li>c</li>".repeat(1000);
        assert_eq!(
            too_deep_html(&flat),
            None,
            "self-closing elements do not nest"
        );
        assert_eq!(too_deep_html(&"<div/>".repeat(1000)), None);
        assert_eq!(too_deep_html(&"a < b << c </ d".repeat(1000)), None);
        let html = to_html(&deep(MAX_HTML_DEPTH + 1), None);
        assert!(
            html.contains("&lt;div&gt;") && !html.contains("<div>"),
            "{html:.200}"
        );
        let html = to_html(&deep(3), None);
        assert!(html.contains("<div><div><div>y</div>"), "{html}");
    }

    #[test]
    fn keeps_bold_italic_and_escaped_numbering() {
        let html = to_html(
            "1\\. Các cấp ủy **trước ngày 10/11** và *giám sát*.\n",
            None,
        );
        assert_eq!(
            html,
            "<p>1. Các cấp ủy <strong>trước ngày 10/11</strong> và <em>giám sát</em>.</p>\n"
        );
    }

    #[test]
    fn raw_html_is_sanitised() {
        let html = to_html(
            "a <script>alert(1)</script> <b onclick=\"x()\">b</b> <img src=\"http://evil/x.png\">\n\n<iframe src=\"x\"></iframe>",
            None,
        );
        assert!(!html.contains("<script"), "{html}");
        assert!(!html.contains("onclick"), "{html}");
        assert!(!html.contains("<img"), "{html}");
        assert!(!html.contains("<iframe"), "{html}");
        assert!(html.contains("<b>b</b>"), "{html}");
    }

    #[test]
    fn unsafe_link_schemes_are_dropped() {
        for url in [
            "javascript:alert(1)",
            "JaVaScRiPt:alert(1)",
            "data:text/html,x",
            "vbscript:x",
            "<java\tscript:x>",
        ] {
            let html = to_html(&format!("[x]({url})"), None);
            let lower = html.to_lowercase();
            assert!(
                !lower.contains("href=\"java")
                    && !lower.contains("href=\"data")
                    && !lower.contains("href=\"vb"),
                "{url}: {html}"
            );
        }
        assert!(to_html("[x](javascript:alert(1))", None).contains("href=\"#\""));
        assert!(!is_safe_url("java\tscript:x"));
        assert!(to_html("[x](https://example.org)", None).contains("href=\"https://example.org\""));
        assert!(to_html("[x](../a.html)", None).contains("href=\"../a.html\""));
        assert!(to_html("[x](a/b:c.html)", None).contains("href=\"a/b:c.html\""));
    }

    #[test]
    fn external_images_become_links() {
        let html = to_html(
            "![scan](https://example.org/a.png) ![local](scan.png)",
            None,
        );
        assert!(
            html.contains("<a href=\"https://example.org/a.png\">scan</a>"),
            "{html}"
        );
        assert!(
            html.contains("<img src=\"scan.png\" alt=\"local\""),
            "{html}"
        );
    }

    #[test]
    fn text_hook_replaces_runs() {
        let hook = |t: &str, _: Option<usize>| {
            t.contains("44")
                .then(|| t.replace("44", "<a href=\"x.html\">44</a>"))
        };
        let html = to_html("Số 44 và 45", Some(&hook));
        assert_eq!(html, "<p>Số <a href=\"x.html\">44</a> và 45</p>\n");
    }

    #[test]
    fn text_hook_gets_the_offset_of_verbatim_runs_only() {
        let runs = std::cell::RefCell::new(Vec::new());
        let hook = |t: &str, offset: Option<usize>| {
            runs.borrow_mut().push((t.to_string(), offset));
            None
        };
        to_html("# Số 44\n\nA **b** c\\. d &amp; e", Some(&hook));
        assert_eq!(
            runs.into_inner(),
            [
                ("Số 44".to_string(), Some(2)),
                ("A ".into(), Some(11)),
                ("b".into(), Some(15)),
                (" c".into(), Some(18)),
                // The escaping backslash is not part of the run; what follows it is
                // written as is.
                (". d ".into(), Some(21)),
                ("&".into(), None),
                (" e".into(), Some(30)),
            ]
        );
    }

    #[test]
    fn pushed_bodies_follow_what_is_there() {
        for body in ["**a** <b onclick=\"x()\">b</b>", "Số 44 & *c*"] {
            let mut out = "<div>".to_string();
            push_html(&mut out, body, None);
            assert_eq!(out, format!("<div>{}", to_html(body, None)));
        }
    }

    #[test]
    fn plain_text_drops_markup() {
        assert_eq!(plain_text("# T\n\n**a** *b*\n- c\n"), "T\na b\nc\n");
    }
}
