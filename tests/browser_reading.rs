//! The sample archive as a citizen reads it, in headless Chromium from file://: keyboard
//! use, accessibility (axe-core), navigation between documents, the charts, printing, and
//! screenshots on a phone, a desktop and paper compared with reviewed baselines in
//! `tests/baselines/` (`UPDATE_BASELINES=1` rewrites them; look at them before committing).

mod common;

use common::browser::{Browser, assert_matches_baseline};
use common::{TestSite, doc};

const HON_QUAN_44: &str = "van-ban/2018/44-cv-hu-huyen-uy-hon-quan.html";
const HON_QUAN: &str = "co-quan/huyen-uy-hon-quan.html";

/// The pages a citizen meets first: the home page, an issuer, a document.
const PAGES: [(&str, &str); 3] = [
    ("home", "index.html"),
    ("issuer", HON_QUAN),
    ("document", HON_QUAN_44),
];

/// A4 less the `@page` margins (210 mm − 30 mm − 15 mm) in CSS pixels: the width print
/// media lays the page out at.
const A4_TEXT_WIDTH: u32 = 624;

fn sample() -> TestSite {
    let site = TestSite::sample();
    site.build_ok();
    site
}

#[test]
fn pages_have_no_accessibility_violations() {
    let site = sample();
    let b = Browser::start();
    let mut pages: Vec<&str> = PAGES.iter().map(|(_, p)| *p).collect();
    // The search page comes from another branch; check it whenever the build has it.
    if site.public().join("tim-kiem.html").is_file() {
        pages.push("tim-kiem.html");
    }
    let mut problems = Vec::new();
    for page in pages {
        for width in [360, 1280] {
            b.set_viewport(width, 800);
            b.open_page(&site, page);
            problems.extend(
                b.axe()
                    .into_iter()
                    .map(|v| format!("{page} at {width}px: {v}")),
            );
        }
    }
    assert!(problems.is_empty(), "axe-core:\n{}", problems.join("\n"));
}

#[test]
fn keyboard_reaches_skip_link_then_main_then_search_and_links_with_visible_focus() {
    let site = sample();
    let b = Browser::start();
    for page in [HON_QUAN_44, HON_QUAN] {
        b.open_page(&site, page);
        b.press("Tab");
        let first: String = b.eval("document.activeElement.className");
        assert_eq!(
            first, "bo-qua",
            "{page}: the first Tab reaches the skip link"
        );
        let shown: bool = b.eval(
            "(r => r.left >= 0 && r.top >= 0 && r.width > 0)\
             (document.activeElement.getBoundingClientRect())",
        );
        assert!(shown, "{page}: the focused skip link is on screen");
        b.press("Enter");
        b.wait_for("document.activeElement.id === 'noi-dung'");
        assert!(b.url().ends_with("#noi-dung"));

        // From the top again: every link and the search box are reachable by Tab, and each
        // focused element shows a visible outline.
        b.open_page(&site, page);
        let links: usize = b.eval("document.querySelectorAll('a[href]').length");
        let mut reached = std::collections::BTreeSet::new();
        let mut search_box = false;
        for _ in 0..links + 4 {
            b.press("Tab");
            let (tag, id, outline): (String, String, String) = b.eval(
                "(e => [e.tagName, e.id, (s => s.outlineStyle + ' ' + s.outlineWidth)\
                 (getComputedStyle(e))])(document.activeElement)",
            );
            if tag == "BODY" {
                continue;
            }
            assert!(
                !outline.starts_with("none") && !outline.ends_with(" 0px"),
                "{page}: focused {tag}#{id} has no visible outline ({outline})"
            );
            search_box |= id == "tim-nhanh-q";
            let href: Option<String> = b.eval("document.activeElement.getAttribute('href')");
            reached.extend(href);
        }
        assert!(search_box, "{page}: the search box is reachable by Tab");
        let all: Vec<String> = b.eval(
            "[...new Set([...document.querySelectorAll('a[href]')].map(a => a.getAttribute('href')))]",
        );
        let missed: Vec<&String> = all.iter().filter(|h| !reached.contains(*h)).collect();
        assert!(missed.is_empty(), "{page}: Tab never reaches {missed:?}");
    }
}

#[test]
fn document_pages_lead_to_breadcrumb_neighbours_and_same_campaign() {
    let site = TestSite::empty();
    let with_campaign = |number: &str, date: &str, campaign: &str, body: &str| {
        doc(
            number,
            "Huyện ủy Hón Quản",
            date,
            &format!("V/v {number}"),
            body,
        )
        .replacen("---\n", "---\nparent: Đảng bộ tỉnh Bình Phước\n", 1)
        .replacen(
            "\n---\n",
            &format!("\ncampaigns: [\"{campaign}\"]\n---\n"),
            1,
        )
    };
    let implementing = "Thực hiện Công văn số 1-CV/HU ngày 05/01/2018 của Huyện ủy Hón Quản.";
    for (file, number, date, campaign, body) in [
        ("a", "1-CV/HU", "2018-01-05", "Dân vận khéo", "Nội dung."),
        ("b", "2-CV/HU", "2018-02-05", "Khác", "Nội dung."),
        ("c", "3-CV/HU", "2018-03-05", "Dân vận khéo", implementing),
    ] {
        site.write(
            &format!("content/{file}.md"),
            &with_campaign(number, date, campaign, body),
        );
    }
    site.build_ok();
    let b = Browser::start();
    b.open_page(&site, "van-ban/2018/2-cv-hu-huyen-uy-hon-quan.html");
    let crumbs: Vec<String> =
        b.eval("[...document.querySelectorAll('.vi-tri li')].map(l => l.textContent.trim())");
    assert_eq!(
        crumbs,
        [
            "Trang chủ",
            "Cơ quan",
            "Đảng bộ tỉnh Bình Phước",
            "Huyện ủy Hón Quản",
            "Công văn 2-CV/HU"
        ]
    );
    // Previous (older) and next (newer) documents of the same issuer, followed by Enter.
    b.eval::<()>("document.querySelector('.truoc-sau a[rel=prev]').focus()");
    b.press("Enter");
    b.wait_for_page("/1-cv-hu-huyen-uy-hon-quan.html");
    let next: String = b.eval("document.querySelector('.truoc-sau a[rel=next]').textContent");
    assert!(next.contains("2-CV/HU"), "{next}");
    // The same campaign: 1 and 3 share "Dân vận khéo"; 2 does not.
    let same: Vec<String> = b.eval(
        "[...document.querySelectorAll('.cung-phong-trao .tieu-de')].map(a => a.textContent)",
    );
    assert_eq!(same, ["Công văn 3-CV/HU"]);
    b.navigate_by(
        "document.querySelector('.cung-phong-trao .tieu-de').click()",
        "/3-cv-hu-huyen-uy-hon-quan.html",
    );
    // The citation chain: 3 implements 1, drawn above it as a link that Enter follows.
    let above: Vec<String> = b.eval(
        "[...document.querySelectorAll('svg.chuoi-van-ban a')].map(a => a.getAttribute('aria-label'))",
    );
    assert_eq!(above, ["Công văn 1-CV/HU, Huyện ủy Hón Quản · 05/01/2018"]);
    b.eval::<()>("document.querySelector('svg.chuoi-van-ban a').focus()");
    b.press("Enter");
    b.wait_for_page("/1-cv-hu-huyen-uy-hon-quan.html");
    let below: Vec<String> = b.eval(
        "[...document.querySelectorAll('svg.chuoi-van-ban a')].map(a => a.getAttribute('href'))",
    );
    assert_eq!(below, ["../../van-ban/2018/3-cv-hu-huyen-uy-hon-quan.html"]);
    b.navigate_by("history.back()", "/3-cv-hu-huyen-uy-hon-quan.html");
    // The breadcrumb leads back up to the issuer.
    b.navigate_by(
        "[...document.querySelectorAll('.vi-tri a')].at(-1).click()",
        "/co-quan/huyen-uy-hon-quan.html",
    );
    let chart: String = b.eval("document.querySelector('svg.bieu-do desc').textContent");
    assert_eq!(chart, "Tổng 3 văn bản; năm 2018: 3 văn bản.");
}

#[test]
fn pages_fit_a_phone_and_charts_are_drawn_without_script() {
    let site = sample();
    let b = Browser::start();
    b.set_viewport(360, 800);
    for (_, page) in PAGES {
        b.open_page(&site, page);
        let width: u32 = b.eval("document.documentElement.scrollWidth");
        assert!(
            width <= 360,
            "{page} scrolls sideways on a phone ({width}px)"
        );
    }
    b.open_page(&site, "index.html");
    let (role, title, desc, shown): (String, String, String, f64) = b.eval(
        "(s => [s.getAttribute('role'), s.querySelector('title').textContent, \
          s.querySelector('desc').textContent, s.getBoundingClientRect().width])\
         (document.querySelector('svg.bieu-do'))",
    );
    assert_eq!(role, "group", "its bars are links to the years");
    assert_eq!(title, "Số văn bản theo năm");
    assert_eq!(
        desc,
        "Tổng 4 văn bản; năm 2017: 1 văn bản; năm 2018: 2 văn bản; năm 2019: 1 văn bản."
    );
    assert!(shown > 200.0, "the chart is drawn ({shown}px wide)");
    b.open_page(&site, "phong-trao/dan-van-kheo.html");
    let campaign: String = b.eval("document.querySelector('svg.bieu-do desc').textContent");
    assert_eq!(
        campaign,
        "Tổng 2 văn bản; năm 2018: 1 văn bản; năm 2019: 1 văn bản."
    );
}

#[test]
fn document_prints_like_the_paper_original_on_a4() {
    let site = sample();
    let b = Browser::start();
    b.open_page(&site, HON_QUAN_44);
    b.set_viewport(A4_TEXT_WIDTH, 800);
    b.emulate_media("print");
    let hidden: Vec<String> = b.eval(
        "['.dau-trang', '.vi-tri', 'form', '.chan-trang', '.truoc-sau', '.thuoc-tinh', '.bo-qua']\
         .filter(s => [...document.querySelectorAll(s)].some(e => getComputedStyle(e).display !== 'none'))",
    );
    assert!(hidden.is_empty(), "shown on paper: {hidden:?}");
    // Header block in two columns (issuer left, motto right), as is the signature block
    // beside the Nơi nhận.
    let side_by_side = |a: &str, c: &str| -> bool {
        b.eval(&format!(
            "(([x, y]) => x.right <= y.left && x.top === y.top)\
             ([document.querySelector('{a}'), document.querySelector('{c}')]\
             .map(e => e.getBoundingClientRect()))"
        ))
    };
    assert!(side_by_side(".co-quan", ".quoc-hieu"));
    assert!(side_by_side(".noi-nhan", ".chu-ky"));
    // The body in the serif face, black on white.
    let (font, colour): (String, String) = b.eval(
        "(s => [s.fontFamily, s.color])(getComputedStyle(document.querySelector('.noi-dung')))",
    );
    assert!(font.starts_with("Tinos"), "{font}");
    assert_eq!(colour, "rgb(0, 0, 0)");
    b.emulate_media("");
    let pdf = b.print_pdf();
    assert!(pdf.starts_with(b"%PDF"));
    let pages = pdf.windows(11).filter(|w| w == b"/Type /Page").count()
        - pdf.windows(12).filter(|w| w == b"/Type /Pages").count();
    assert!(
        (1..=2).contains(&pages),
        "the letter prints on {pages} A4 pages"
    );
    // Every font embedded in the PDF is a subset of the theme's own faces: no glyph of the
    // printed letter came from a font of this machine.
    let fonts = pdf_fonts(&pdf);
    assert!(!fonts.is_empty(), "no font found in the PDF");
    for font in &fonts {
        let face = font.split_once('+').map_or(font.as_str(), |(_, f)| f);
        let family = face.split('-').next().unwrap_or_default();
        assert!(
            family == "Tinos" || family == "Arimo",
            "the printed page embeds {font}: {fonts:?}"
        );
    }
}

/// The `/BaseFont` names of a PDF (Chromium writes font dictionaries uncompressed), e.g.
/// `AAAAAA+Tinos-Regular` for a subset of Tinos.
fn pdf_fonts(pdf: &[u8]) -> std::collections::BTreeSet<String> {
    const KEY: &[u8] = b"/BaseFont /";
    pdf.windows(KEY.len())
        .enumerate()
        .filter(|(_, w)| *w == KEY)
        .map(|(i, _)| {
            let name = &pdf[i + KEY.len()..];
            let end = name
                .iter()
                .position(|b| b.is_ascii_whitespace() || b"/<>[]()".contains(b))
                .unwrap_or(name.len());
            String::from_utf8_lossy(&name[..end]).into_owned()
        })
        .collect()
}

#[test]
fn every_glyph_is_drawn_in_the_themes_own_fonts() {
    // Whatever fonts the machine has, the pages' text (every Vietnamese letter included:
    // ơ ư ố ể ự ủ Ộ Ư …) is drawn in the fonts the theme ships, on screen and on paper.
    let site = sample();
    let b = Browser::start();
    for (_, page) in PAGES {
        b.open_page(&site, page);
        // The phone width lays out the same text as the desktop one, in the same faces.
        for (media, width) in [("screen", 1280), ("print", A4_TEXT_WIDTH)] {
            b.emulate_media(media);
            b.set_viewport(width, 800);
            let fonts = b.platform_fonts("body, body *");
            assert!(
                fonts.keys().all(|f| f == "Tinos" || f == "Arimo"),
                "{page} ({media}, {width} px) is drawn in {fonts:?}"
            );
        }
        b.emulate_media("");
    }
    b.open_page(&site, HON_QUAN_44);
    let body = b.platform_fonts(".van-ban, .van-ban *");
    assert_eq!(
        body.keys().collect::<Vec<_>>(),
        ["Tinos"],
        "the document itself is set in one serif: {body:?}"
    );
}

#[test]
fn screenshots_match_reviewed_baselines() {
    let site = sample();
    let b = Browser::start();
    let mut failures = Vec::new();
    for (name, page) in PAGES {
        b.open_page(&site, page);
        for (media, width) in [("screen", 360), ("screen", 1280), ("print", A4_TEXT_WIDTH)] {
            b.emulate_media(media);
            let png = b.screenshot(width);
            let shot = match media {
                "print" => format!("{name}-print"),
                _ => format!("{name}-{width}"),
            };
            // Every picture is compared (and written when new) before the test fails.
            if let Err(e) = std::panic::catch_unwind(|| assert_matches_baseline(&shot, &png)) {
                failures.push(
                    e.downcast_ref::<String>()
                        .cloned()
                        .unwrap_or_else(|| shot.clone()),
                );
            }
        }
        b.emulate_media("");
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}
