//! The built-in theme's document and list pages and list items, compiled: byte for byte
//! what `document.html` and `list.html` (each with `base.html` and `macros.html`),
//! `doc_item.html` and `cited_item.html` render through Tera, written straight into one
//! buffer.
//!
//! Document and list pages are nearly all of a site's pages, and Tera spends thousands of
//! instructions on each `{{ doc.x }}` (a dotted-path walk through a JSON tree built from the
//! context) and copies the body several times. A theme gets the writer of each of these
//! templates it leaves alone (a page: all three of its templates), and Tera for the rest.
//! The templates stay the source of truth (themes copy them, the README documents them):
//! `tests/compiled.rs` renders every page of fixture archives both ways and requires the
//! same bytes, so a template edit that is not mirrored here fails the tests.

use super::citations::{CitationGroupCtx, CitedItem};
use super::{Crumb, DocCtx, DocItem, Link, Pager, SiteCtx, Theme, escape_into};

/// The templates a document page is made of: a theme that overrides any of them gets its
/// document pages from Tera.
pub const DOCUMENT: &[&str] = &["base.html", "document.html", "macros.html"];
/// The templates of a list page.
pub const LIST: &[&str] = &["base.html", "list.html", "macros.html"];

/// Which of the compiled writers a theme gets.
#[derive(Debug, Clone, Copy)]
pub(super) struct Compiled {
    pub document: bool,
    pub list: bool,
    pub doc_item: bool,
    pub cited_item: bool,
}

impl Compiled {
    pub fn for_theme(theme: &Theme) -> Compiled {
        Compiled {
            document: theme.compiles(DOCUMENT),
            list: theme.compiles(LIST),
            doc_item: theme.compiles(&["doc_item.html"]),
            cited_item: theme.compiles(&["cited_item.html"]),
        }
    }
}

/// What `document.html` is given, as [`super::Site::document`] builds it.
pub(super) struct DocumentPage<'p, 'a> {
    pub site: &'p SiteCtx<'a>,
    pub root: &'p str,
    pub doc: &'p DocCtx<'a>,
    pub breadcrumb: &'p [Crumb],
    pub prev: Option<&'p DocItem<'a>>,
    pub next: Option<&'p DocItem<'a>>,
    pub same_campaign: &'p [std::borrow::Cow<'a, str>],
    pub chain: &'p str,
    pub cites: &'p [CitationGroupCtx<'a>],
    pub cited_by: &'p [CitationGroupCtx<'a>],
}

/// A page being written: `t` for template text, `e` for a value (escaped, as Tera's
/// autoescape does), `raw` for a value the template marks `safe`.
struct Out(String);

impl Out {
    fn t(&mut self, s: &str) {
        self.0.push_str(s);
    }
    fn e(&mut self, s: &str) {
        escape_into(&mut self.0, s);
    }
    fn raw(&mut self, s: &str) {
        self.0.push_str(s);
    }
    /// `open`, the value, `close`: an element around one value.
    fn el(&mut self, open: &str, value: &str, close: &str) {
        self.t(open);
        self.e(value);
        self.t(close);
    }
    /// `<a href="url">name</a>`.
    fn a(&mut self, url: &str, name: &str) {
        self.el("<a href=\"", url, "\">");
        self.e(name);
        self.t("</a>");
    }
    /// `<li><a href="url">name</a></li>`.
    fn li_a(&mut self, url: &str, name: &str) {
        self.t("<li>");
        self.a(url, name);
        self.t("</li>");
    }
}

/// Tera's truthiness of an optional string: present and not empty.
fn some(s: Option<&str>) -> Option<&str> {
    s.filter(|s| !s.is_empty())
}

/// Tera's `truncate(length=n)`: the first `n` grapheme clusters and `…` when longer.
fn truncate(s: &str, n: usize) -> std::borrow::Cow<'_, str> {
    match grapheme_start(s, n) {
        Some(cut) => format!("{}…", &s[..cut]).into(),
        None => s.into(),
    }
}

/// Where grapheme cluster `n` (0-based) of `s` starts, if `s` has that many. Segmenting
/// costs thousands of instructions per title; text made only of characters that are each
/// a cluster of their own (see [`alone`]) is cut at its `n`th character instead.
fn grapheme_start(s: &str, n: usize) -> Option<usize> {
    for (i, (at, c)) in s.char_indices().enumerate() {
        if !alone(c) {
            use unicode_segmentation::UnicodeSegmentation;
            return s.grapheme_indices(true).nth(n).map(|(at, _)| at);
        }
        if i == n {
            return Some(at);
        }
    }
    None
}

/// A character with a grapheme boundary before and after it whatever its neighbours are
/// of this kind (Grapheme_Cluster_Break "Other", UAX #29 GB999): printable ASCII, Latin-1
/// and Latin Extended-A/B, IPA and spacing modifiers, the precomposed Vietnamese letters
/// (Latin Extended Additional), and the dashes, quotes and ellipsis of General
/// Punctuation. Not combining marks, joiners, controls or the soft hyphen.
fn alone(c: char) -> bool {
    matches!(c, ' '..='~' | '\u{a0}'..='\u{2ff}' | '\u{1e00}'..='\u{1eff}' | '\u{2010}'..='\u{2027}')
        && c != '\u{ad}'
}

/// What `base.html` shows of a page besides its blocks.
struct Frame<'p, 'a> {
    site: &'p SiteCtx<'a>,
    root: &'p str,
    breadcrumb: &'p [Crumb],
}

/// `base.html` around a page's blocks `title`, `crumb_here` and `main` (the built-in
/// pages override no other block).
fn base(
    o: &mut Out,
    f: &Frame,
    title: impl FnOnce(&mut Out),
    crumb_here: impl FnOnce(&mut Out),
    main: impl FnOnce(&mut Out),
) {
    let (site, root) = (f.site, f.root);
    o.t("<!doctype html>\n<html lang=\"vi\">\n<head>\n<meta charset=\"utf-8\">\n<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<title>");
    title(o);
    o.t("</title>\n");
    if let Some(desc) = some(site.description) {
        o.el("<meta name=\"description\" content=\"", desc, "\">");
    }
    o.el(
        "\n<link rel=\"stylesheet\" href=\"",
        root,
        "static/style.css\">\n",
    );
    if site.feed {
        o.el(
            "<link rel=\"alternate\" type=\"application/atom+xml\" title=\"",
            site.title,
            "\" href=\"",
        );
        o.e(root);
        o.t("feed.xml\">");
    }
    o.el("\n\n</head>\n<body>\n<a class=\"bo-qua\" href=\"#noi-dung\">Bỏ qua, đến nội dung chính</a>\n<header class=\"dau-trang\">\n  <div class=\"khung\">\n    <a class=\"ten-trang\" href=\"", root, "index.html\">");
    o.e(site.title);
    o.t("</a>\n    <nav class=\"dieu-huong\" aria-label=\"Duyệt văn bản\">\n      <a href=\"");
    for (url, name) in [
        ("van-ban/index.html", "Văn bản"),
        ("co-quan/index.html", "Cơ quan"),
        ("nam/index.html", "Năm"),
        ("phong-trao/index.html", "Phong trào"),
    ] {
        o.e(root);
        o.t(url);
        o.t("\">");
        o.t(name);
        o.t("</a>\n      <a href=\"");
    }
    o.e(root);
    o.el("loai/index.html\">Loại</a>\n    </nav>\n    \n    <form class=\"tim-nhanh\" role=\"search\" aria-label=\"Tìm nhanh\" action=\"", root, "tim-kiem.html\" method=\"get\">\n      <label for=\"tim-nhanh-q\" class=\"an\">Tìm văn bản</label>\n      <input id=\"tim-nhanh-q\" name=\"q\" type=\"search\" placeholder=\"Số ký hiệu hoặc từ khóa\" autocomplete=\"off\">\n      <button type=\"submit\">Tìm</button>\n    </form>\n    \n  </div>\n</header>\n");
    if !f.breadcrumb.is_empty() {
        o.t("\n<nav class=\"vi-tri khung\" aria-label=\"Vị trí\">\n  <ol>\n    ");
        for c in f.breadcrumb {
            o.li_a(&c.url, &c.name);
        }
        o.t("\n    ");
        crumb_here(o);
        o.t("\n  </ol>\n</nav>\n");
    }
    o.t("\n<main id=\"noi-dung\" class=\"khung\" tabindex=\"-1\">\n");
    main(o);
    o.t("\n</main>\n<footer class=\"chan-trang\">\n  <div class=\"khung\">\n    <p>");
    o.e(site.title);
    if let Some(desc) = some(site.description) {
        o.t(" — ");
        o.e(desc);
    }
    o.t("</p>\n    <p>Trang tĩnh, xem được khi không có mạng. Tạo bởi vanban.</p>\n  </div>\n</footer>\n\n</body>\n</html>\n");
}

/// The document page, with `capacity` bytes reserved.
pub(super) fn document(p: &DocumentPage, capacity: usize) -> String {
    let mut o = Out(String::with_capacity(capacity));
    let d = p.doc;
    let frame = Frame {
        site: p.site,
        root: p.root,
        breadcrumb: p.breadcrumb,
    };
    base(
        &mut o,
        &frame,
        // document.html, block title.
        |o| {
            if d.draft {
                o.t("[Dự thảo] ");
            }
            o.e(d.title);
            o.el(": ", &truncate(d.subject, 90), " · ");
            o.e(p.site.title);
        },
        // Block crumb_here.
        |o| o.el("<li aria-current=\"page\">", d.title, "</li>"),
        |o| main(o, p),
    );
    o.0
}

/// What `list.html` is given, as [`super::Site::list`] builds it.
pub(super) struct ListPage<'p, 'a> {
    pub site: &'p SiteCtx<'a>,
    pub root: &'p str,
    pub title: &'p str,
    pub description: Option<&'p str>,
    pub count: usize,
    pub docs: &'p [std::borrow::Cow<'a, str>],
    pub pager: &'p Pager,
    pub children: &'p [Link],
    pub breadcrumb: &'p [Crumb],
    pub chart: &'p str,
}

/// A paginated list of documents (`list.html`), with `capacity` bytes reserved.
pub(super) fn list(p: &ListPage, capacity: usize) -> String {
    let mut o = Out(String::with_capacity(capacity));
    let frame = Frame {
        site: p.site,
        root: p.root,
        breadcrumb: p.breadcrumb,
    };
    let pager = p.pager;
    base(
        &mut o,
        &frame,
        |o| {
            o.e(p.title);
            if pager.current > 1 {
                o.t(" — trang ");
                o.t(&pager.current.to_string());
            }
            o.t(" · ");
            o.e(p.site.title);
        },
        |_| {},
        |o| {
            o.el("\n<h1>", p.title, "</h1>\n");
            if let Some(desc) = some(p.description) {
                o.el("<p class=\"mo-ta\">", desc, "</p>");
            }
            o.t("\n");
            if !p.children.is_empty() {
                o.t("\n<section class=\"truc-thuoc\" aria-labelledby=\"tieu-de-truc-thuoc\">\n  <h2 id=\"tieu-de-truc-thuoc\">Cơ quan trực thuộc</h2>\n  <ul>");
                for c in p.children {
                    o.li_a(&c.url, &c.name);
                }
                o.t("</ul>\n</section>\n");
            }
            o.t("\n<p class=\"tong-so\">");
            o.t(&p.count.to_string());
            o.t(" văn bản");
            if pager.total > 1 {
                o.t(" · trang ");
                o.t(&pager.current.to_string());
                o.t("/");
                o.t(&pager.total.to_string());
            }
            o.t("</p>\n");
            if !p.chart.is_empty() {
                o.t("<div class=\"bieu-do-khung\">");
                o.raw(p.chart);
                o.t("</div>");
            }
            o.t("\n");
            if p.docs.is_empty() {
                o.t("<p>Chưa có văn bản nào.</p>");
            } else {
                doc_list(o, p.docs);
            }
            o.t("\n");
            pager_nav(o, pager);
            o.t("\n");
        },
    );
    o.0
}

/// macros.html, `doc_list`: the documents' `<li>`s, each rendered already.
fn doc_list(o: &mut Out, docs: &[std::borrow::Cow<str>]) {
    o.t("\n<ol class=\"danh-sach-van-ban\">\n");
    for item in docs {
        o.raw(item);
    }
    o.t("\n</ol>\n");
}

/// macros.html, `pager`.
fn pager_nav(o: &mut Out, p: &Pager) {
    o.t("\n");
    if p.total > 1 {
        o.t("\n<nav class=\"phan-trang\" aria-label=\"Phân trang\">\n  ");
        if let Some(prev) = some(p.prev.as_deref()) {
            o.el("<a rel=\"prev\" href=\"", prev, "\">‹ Trang trước</a>");
        }
        o.t("\n  <ol>\n  ");
        for l in &p.pages {
            o.t("\n    ");
            match l {
                Some(l) => {
                    o.t("<li>");
                    if l.current {
                        o.t("<span aria-current=\"page\">");
                        o.t(&l.number.to_string());
                        o.t("</span>");
                    } else {
                        o.el("<a href=\"", &l.url, "\">");
                        o.t(&l.number.to_string());
                        o.t("</a>");
                    }
                    o.t("</li>");
                }
                None => o.t("<li class=\"cach\">…</li>"),
            }
            o.t("\n  ");
        }
        o.t("\n  </ol>\n  ");
        if let Some(next) = some(p.next.as_deref()) {
            o.el("<a rel=\"next\" href=\"", next, "\">Trang sau ›</a>");
        }
        o.t("\n</nav>\n");
    }
    o.t("\n");
}

/// document.html, block main.
fn main(o: &mut Out, p: &DocumentPage) {
    let d = p.doc;
    o.t("\n<article class=\"van-ban");
    if d.draft {
        o.t(" la-du-thao");
    }
    o.t("\" aria-labelledby=\"trich-yeu\">\n");
    if d.draft {
        o.t("<p class=\"dau-du-thao\" role=\"note\">DỰ THẢO — văn bản chưa ký ban hành</p>");
    }
    o.t("\n<header class=\"the-thuc\">\n  <div class=\"co-quan\">\n    ");
    if let Some(parent) = some(d.parent_upper.as_deref()) {
        o.el("<p class=\"chu-quan\">", parent, "</p>");
    }
    o.el(
        "\n    <p class=\"ban-hanh\"><strong>",
        &d.issuer_upper,
        "</strong></p>\n    ",
    );
    if d.party {
        o.t("<p class=\"sao\" aria-hidden=\"true\">*</p>");
    } else {
        o.t("<p class=\"gach\" aria-hidden=\"true\"></p>");
    }
    o.t("\n    <p class=\"so\">Số: ");
    match some(d.number) {
        Some(n) => o.e(n),
        None => o.t("&nbsp;&nbsp;&nbsp;&nbsp;&nbsp;"),
    }
    o.t("</p>\n    ");
    if d.is_letter {
        o.el("<p class=\"vv\" id=\"trich-yeu\">", d.subject, "</p>");
    }
    o.t("\n  </div>\n  <div class=\"quoc-hieu\">\n    ");
    if d.party {
        o.t("\n    <p class=\"tieu-ngu\"><strong>ĐẢNG CỘNG SẢN VIỆT NAM</strong></p>\n    ");
    } else {
        o.t("\n    <p><strong>CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM</strong></p>\n    <p class=\"tieu-ngu\"><strong>Độc lập - Tự do - Hạnh phúc</strong></p>\n    ");
    }
    o.t("\n    ");
    if let Some(date) = some(d.date_long.as_deref()) {
        o.t("<p class=\"ngay\"><em>");
        if let Some(place) = some(d.place) {
            o.e(place);
            o.t(", ");
        }
        o.e(date);
        o.t("</em></p>");
    }
    o.t("\n  </div>\n</header>\n");
    if !d.is_letter {
        o.el(
            "\n<h1 class=\"ten-loai\">",
            &d.doc_type_upper,
            "<span class=\"trich-yeu-lon\" id=\"trich-yeu\">",
        );
        o.e(d.subject);
        o.t("</span></h1>\n");
    } else {
        o.el("\n<h1 class=\"an\">", d.title, ": ");
        o.e(d.subject);
        o.t("</h1>\n");
    }
    o.t("\n");
    if !d.recipients.is_empty() {
        o.t("\n<div class=\"kinh-gui\">\n  <p><em>Kính gửi:</em></p>\n  <ul>");
        for r in d.recipients {
            o.el("<li>", r, "</li>");
        }
        o.t("</ul>\n</div>\n");
    }
    o.t("\n<div class=\"noi-dung\">\n");
    d.body_html.write(&mut o.0);
    o.t("\n</div>\n<footer class=\"ky\">\n  <div class=\"noi-nhan\">\n    ");
    if !d.distribution.is_empty() {
        o.t("\n    <p><strong><em>Nơi nhận:</em></strong></p>\n    <ul>");
        for r in d.distribution {
            o.el("<li>", r, "</li>");
        }
        o.t("</ul>\n    ");
    }
    o.t("\n  </div>\n  <div class=\"chu-ky\">\n    ");
    let s = &d.signer;
    if let Some(a) = some(s.authority.as_deref()) {
        o.el("<p><strong>", a, "</strong></p>");
    }
    o.t("\n    ");
    if let Some(t) = some(s.title.as_deref()) {
        o.el("<p><strong>", t, "</strong></p>");
    }
    o.t("\n    ");
    if let Some(n) = some(s.name) {
        o.el("<p class=\"ten-nguoi-ky\"><strong>", n, "</strong></p>");
    }
    o.t("\n  </div>\n</footer>\n</article>\n\n<section class=\"thuoc-tinh\" aria-labelledby=\"tieu-de-thuoc-tinh\">\n  <h2 id=\"tieu-de-thuoc-tinh\">Thuộc tính văn bản</h2>\n  <table>\n    <tbody>\n      <tr><th scope=\"row\">Số, ký hiệu</th><td>");
    match some(d.number) {
        Some(n) => o.e(n),
        None => o.t("(chưa có số)"),
    }
    o.t("</td></tr>\n      <tr><th scope=\"row\">Loại văn bản</th><td>");
    o.a(&d.type_url, d.doc_type);
    o.el(
        "</td></tr>\n      <tr><th scope=\"row\">Cơ quan ban hành</th><td><a href=\"",
        &d.issuer_url,
        "\">",
    );
    o.e(d.issuer);
    o.t("</a></td></tr>\n      ");
    if let Some(parent) = &d.parent {
        o.t("<tr><th scope=\"row\">Cơ quan chủ quản</th><td>");
        o.a(&parent.url, &parent.name);
        o.t("</td></tr>");
    }
    o.t("\n      <tr><th scope=\"row\">Ngày ban hành</th><td>");
    o.e(&d.date_short);
    if let Some(url) = some(d.year_url.as_deref()) {
        o.el(" (<a href=\"", url, "\">năm ");
        if let Some(y) = d.year {
            o.t(&y.to_string());
        }
        o.t("</a>)");
    }
    o.t("</td></tr>\n      ");
    if let Some(place) = some(d.place) {
        o.el(
            "<tr><th scope=\"row\">Địa danh</th><td>",
            place,
            "</td></tr>",
        );
    }
    o.el(
        "\n      <tr><th scope=\"row\">Trích yếu</th><td>",
        d.subject,
        "</td></tr>\n      ",
    );
    if !s.summary.is_empty() {
        o.el(
            "<tr><th scope=\"row\">Người ký</th><td>",
            &s.summary,
            "</td></tr>",
        );
    }
    o.t("\n      ");
    if !d.campaigns.is_empty() {
        o.t("<tr><th scope=\"row\">Phong trào</th><td>");
        for (i, c) in d.campaigns.iter().enumerate() {
            o.a(&c.url, &c.name);
            if i + 1 < d.campaigns.len() {
                o.t("; ");
            }
        }
        o.t("</td></tr>");
    }
    o.t("\n      ");
    if d.draft {
        o.t("<tr><th scope=\"row\">Tình trạng</th><td>Dự thảo, chưa ký ban hành</td></tr>");
    }
    o.t("\n    </tbody>\n  </table>\n  ");
    if !d.attachments.is_empty() {
        o.t("\n  <h3>Tệp đính kèm</h3>\n  <ul class=\"dinh-kem\">");
        for a in &d.attachments {
            o.li_a(&a.url, &a.name);
        }
        o.t("</ul>\n  ");
    }
    o.t("\n</section>\n\n");
    if !p.cites.is_empty() || !p.cited_by.is_empty() {
        o.t("\n<div class=\"trich-dan-lien-quan\">\n  ");
        if !p.chain.is_empty() {
            o.t("\n  <section aria-labelledby=\"tieu-de-chuoi\">\n    <h2 id=\"tieu-de-chuoi\">Chuỗi văn bản thực hiện</h2>\n    <div class=\"bieu-do-khung\">");
            o.raw(p.chain);
            o.t("</div>\n  </section>\n  ");
        }
        o.t("\n  ");
        if !p.cites.is_empty() {
            o.t("\n  <section aria-labelledby=\"tieu-de-duoc-trich-dan\">\n    <h2 id=\"tieu-de-duoc-trich-dan\">Văn bản được trích dẫn</h2>\n    ");
            citation_groups(o, p.cites);
            o.t("\n  </section>\n  ");
        }
        o.t("\n  ");
        if !p.cited_by.is_empty() {
            o.t("\n  <section aria-labelledby=\"tieu-de-trich-dan-den\">\n    <h2 id=\"tieu-de-trich-dan-den\">Văn bản trích dẫn văn bản này</h2>\n    ");
            citation_groups(o, p.cited_by);
            o.t("\n  </section>\n  ");
        }
        o.t("\n</div>\n");
    }
    o.t("\n\n");
    if !p.same_campaign.is_empty() {
        o.t("\n<section class=\"cung-phong-trao\" aria-labelledby=\"tieu-de-cung-phong-trao\">\n  <h2 id=\"tieu-de-cung-phong-trao\">Văn bản cùng phong trào</h2>\n  ");
        doc_list(o, p.same_campaign);
        o.t("\n</section>\n");
    }
    o.t("\n\n");
    if p.prev.is_some() || p.next.is_some() {
        o.el(
            "\n<nav class=\"truoc-sau\" aria-label=\"Văn bản khác của ",
            d.issuer,
            "\">\n  ",
        );
        if let Some(prev) = p.prev {
            o.el(
                "<a rel=\"prev\" href=\"",
                &prev.url,
                "\"><span>‹ Văn bản trước</span> ",
            );
            o.e(prev.title);
            o.t("</a>");
        }
        o.t("\n  ");
        if let Some(next) = p.next {
            o.el(
                "<a rel=\"next\" href=\"",
                &next.url,
                "\"><span>Văn bản sau ›</span> ",
            );
            o.e(next.title);
            o.t("</a>");
        }
        o.t("\n</nav>\n");
    }
    o.t("\n");
}

/// `{% for g in groups %}{{ m::citation_group(g=g) }}{% endfor %}`.
fn citation_groups(o: &mut Out, groups: &[CitationGroupCtx]) {
    for g in groups {
        o.el(
            "\n<h3>",
            g.heading,
            "</h3>\n<ul class=\"danh-sach-trich-dan\">\n",
        );
        for item in &g.items {
            o.raw(item);
        }
        o.t("\n</ul>\n");
    }
}

/// `doc_item.html`: a document in lists.
pub(super) fn doc_item(d: &DocItem) -> String {
    let mut o = Out(String::with_capacity(512));
    o.t("\n  <li class=\"muc-van-ban");
    if d.draft {
        o.t(" du-thao");
    }
    o.el("\">\n    <a class=\"tieu-de\" href=\"", &d.url, "\">");
    if d.draft {
        o.t("<span class=\"nhan-du-thao\">Dự thảo</span> ");
    }
    o.e(d.title);
    o.el(
        "</a>\n    <p class=\"trich-yeu\">",
        d.subject,
        "</p>\n    <p class=\"thong-tin\">",
    );
    o.a(&d.issuer_url, d.issuer);
    if !d.date.is_empty() {
        o.el(" · <span>", &d.date, "</span>");
    }
    o.t("</p>\n  </li>\n");
    o.0
}

/// `cited_item.html`: a document in a citation list.
pub(super) fn cited_item(i: &CitedItem) -> String {
    let mut o = Out(String::with_capacity(256));
    o.t("\n  <li>");
    match some(i.url.as_deref()) {
        Some(url) => {
            o.a(url, &i.title);
        }
        None => {
            o.el("<span class=\"so-hieu\">", &i.title, "</span>");
        }
    }
    if !i.date.is_empty() {
        o.t(" ngày ");
        o.e(&i.date);
    }
    if let Some(issuer) = some(i.issuer.as_deref()) {
        o.t(" của ");
        o.e(issuer);
    }
    if let Some(subject) = some(i.subject.as_deref()) {
        o.t(": ");
        o.e(subject);
    }
    if let Some(note) = some(i.note) {
        o.el(" <em class=\"chua-co\">(", note, ")</em>");
    }
    o.t("</li>\n");
    o.0
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn truncate_counts_graphemes_as_tera_does() {
        assert_eq!(truncate("Huyện ủy", 90), "Huyện ủy");
        assert_eq!(truncate("Huyện ủy", 5), "Huyện…");
        // A decomposed letter is one grapheme, as in Tera.
        assert_eq!(truncate("e\u{301}a", 1), "e\u{301}…");
        assert_eq!(truncate("abc", 3), "abc");
    }

    /// Tera's own cut, for comparing.
    fn graphemes_start(s: &str, n: usize) -> Option<usize> {
        use unicode_segmentation::UnicodeSegmentation;
        s.grapheme_indices(true).nth(n).map(|(at, _)| at)
    }

    #[test]
    fn the_cut_falls_where_tera_cuts() {
        for s in [
            "Về việc tổ chức Đại hội đại biểu Đảng bộ xã",
            "Ve viec to chuc Dai hoi",
            "Ve\u{323} vie\u{302}\u{323}c đ Đ",
            "a\r\nb\u{ad}c\u{200d}d — “e” …",
            "\u{1ef9}\u{300}x",
            "",
        ] {
            for n in 0..50 {
                assert_eq!(grapheme_start(s, n), graphemes_start(s, n), "{s:?} {n}");
            }
        }
    }

    proptest::proptest! {
        #[test]
        fn cuts_agree_with_grapheme_segmentation(
            s in "[a-zA-Z0-9 đĐơƯăâêôạảãàáẫậộụủũùúữựỳỷỹ\u{300}\u{301}\u{303}\u{309}\u{323}\u{ad}\u{200d}\r\n—“”…🇻🇳]{0,40}",
            n in 0usize..45,
        ) {
            proptest::prop_assert_eq!(grapheme_start(&s, n), graphemes_start(&s, n));
        }
    }

    #[test]
    fn empty_strings_are_false_as_in_tera() {
        assert_eq!(some(Some("")), None);
        assert_eq!(some(Some("x")), Some("x"));
        assert_eq!(some(None), None);
    }
}
