//! Layout points of reading a large archive (issue 21), in headless Chromium from file://:
//! numbers and header units that never break, the footer at the bottom of short pages,
//! charts readable on a phone, headings that step down, the current section marked, and
//! printed pages numbered from the second.

mod common;

use common::browser::Browser;
use common::{TestSite, doc};

/// Twelve years of documents of two Huyện ủy under a Tỉnh ủy, with long numbers, one
/// Chỉ thị carried out by all of them, and a People's Committee with a long name.
fn archive() -> TestSite {
    let site = TestSite::empty();
    site.write(
        "content/ct.md",
        &doc(
            "16-CT/BDVTU-BCSDUB",
            "Ban Dân vận Tỉnh ủy Bình Phước",
            "2012-03-02",
            "Về tăng cường công tác dân vận",
            "Các cấp ủy thực hiện tốt công tác dân vận.",
        ),
    );
    for i in 0..24 {
        let year = 2012 + i % 12;
        site.write(
            &format!("content/kh{i}.md"),
            &doc(
                &format!("{}-KH/BDVHU-MTTQ", 224 + i),
                if i % 2 == 0 {
                    "Ban Dân vận Huyện ủy Hón Quản"
                } else {
                    "Ủy ban nhân dân huyện Bình Sơn"
                },
                &format!("{year}-05-{:02}", 1 + i),
                "Kế hoạch triển khai thực hiện Chỉ thị số 16-CT/BDVTU-BCSDUB về công tác dân vận giai đoạn 2012-2025",
                "Thực hiện Chỉ thị số 16-CT/BDVTU-BCSDUB ngày 02/3/2012 của Ban Dân vận Tỉnh ủy Bình Phước \
                 và Công văn số 1498-CV/HU-MTTQ ngày 24/9/2011 của Huyện ủy (chưa có trong kho), \
                 các cơ quan báo cáo trước ngày 15/12/2012.",
            )
            .replacen("---\n", "---\nparent: Tỉnh ủy Bình Phước\n", 1),
        );
    }
    site.build_ok();
    site
}

const CT: &str = "van-ban/2012/16-ct-bdvtu-bcsdub-ban-dan-van-tinh-uy-binh-phuoc.html";
const UBND: &str = "van-ban/2013/225-kh-bdvhu-mttq-uy-ban-nhan-dan-huyen-binh-son.html";

#[test]
fn numbers_and_header_units_never_break_on_a_phone() {
    let site = archive();
    let b = Browser::start();
    b.set_viewport(390, 800);
    for page in [CT, UBND, "nam/2013.html", "co-quan/tinh-uy-binh-phuoc.html"] {
        b.open_page(&site, page);
        let broken: Vec<String> = b.eval(
            "[...document.querySelectorAll('.so-ky-hieu, .muc-van-ban .tieu-de, .danh-sach-trich-dan a, .don-vi, .lien, a.trich-dan')]\
             .filter(e => e.getClientRects().length > 1 || e.getBoundingClientRect().height > 2 * parseFloat(getComputedStyle(e).lineHeight || 30))\
             .map(e => e.textContent)",
        );
        assert!(broken.is_empty(), "{page}: broken over lines: {broken:?}");
        // Numbers in running text, the subject's and the body's, are kept whole too.
        let kept: usize = b.eval("document.querySelectorAll('.trich-yeu .lien, .vv .lien, .trich-yeu-lon .lien, .van-ban .lien, .van-ban a.trich-dan').length");
        // (The Chỉ thị's own subject and body hold none.)
        assert!(page == CT || kept > 0, "{page}: no number kept whole");
        let width: u32 = b.eval("document.documentElement.scrollWidth");
        assert!(width <= 390, "{page} scrolls sideways ({width}px)");
    }
    // The People's Committee's name breaks between its units, not inside one.
    b.open_page(&site, UBND);
    let lines: Vec<String> =
        b.eval("[...document.querySelectorAll('.ban-hanh .don-vi')].map(e => e.textContent)");
    assert_eq!(lines, ["ỦY BAN NHÂN DÂN", "HUYỆN BÌNH SƠN"]);
}

#[test]
fn campaigns_and_types_sit_above_the_fold_of_a_desktop_home_page() {
    // Sixteen top-level bodies, twelve years, ten campaigns and eight types.
    let site = TestSite::empty();
    let types = [
        "Công văn",
        "Kế hoạch",
        "Thông báo",
        "Quyết định",
        "Hướng dẫn",
        "Báo cáo",
        "Chỉ thị",
        "Nghị quyết",
    ];
    for i in 0..48 {
        let text = doc(
            &format!("{}-KH/HU", 100 + i),
            &format!("Huyện ủy Số {}", i % 16 + 1),
            &format!("{}-04-02", 2010 + i % 12),
            "Về công tác dân vận",
            "Nội dung.",
        )
        .replacen(
            "---\n",
            &format!(
                "---\ntype: {}\ncampaigns:\n  - Phong trào {}\n",
                types[i % 8],
                i % 10 + 1
            ),
            1,
        );
        site.write(&format!("content/d{i}.md"), &text);
    }
    site.build_ok();
    let b = Browser::start();
    b.set_viewport(1280, 800);
    b.open_page(&site, "index.html");
    for link in ["phong-trao/index.html", "loai/index.html", "nam/index.html"] {
        let bottom: f64 = b.eval(&format!(
            "document.querySelector('.duyet h2 a[href=\"{link}\"]').getBoundingClientRect().bottom"
        ));
        assert!(bottom <= 800.0, "{link} is {bottom}px down, below the fold");
    }
    let more: Vec<String> =
        b.eval("[...document.querySelectorAll('.duyet p a')].map(a => a.textContent)");
    assert!(
        more.contains(&"Xem tất cả 10 phong trào ›".to_string())
            && more.contains(&"Xem tất cả 8 loại văn bản ›".to_string()),
        "{more:?}"
    );
}

#[test]
fn the_footer_sits_at_the_bottom_of_a_short_page() {
    let site = archive();
    let b = Browser::start();
    for (width, height) in [(1280, 900), (390, 800)] {
        b.set_viewport(width, height);
        b.open_page(&site, "loai/index.html");
        let (bottom, page): (f64, f64) = b.eval(
            "[document.querySelector('.chan-trang').getBoundingClientRect().bottom, window.innerHeight]",
        );
        assert!(
            (bottom - page).abs() < 1.0,
            "{width}px: the footer ends at {bottom}, the window at {page}"
        );
    }
}

#[test]
fn charts_stay_legible_on_a_phone_and_bars_lead_to_their_year() {
    let site = archive();
    let b = Browser::start();
    b.set_viewport(390, 800);
    for page in ["index.html", "co-quan/tinh-uy-binh-phuoc.html"] {
        b.open_page(&site, page);
        let smallest: f64 = b.eval(
            "Math.min(...[...document.querySelectorAll('svg.bieu-do text')].map(t => t.getBoundingClientRect().height))",
        );
        assert!(smallest >= 12.0, "{page}: chart text {smallest}px high");
    }
    b.open_page(&site, "index.html");
    b.navigate_by(
        "document.querySelector('svg.bieu-do a[href$=\"2013.html\"]').dispatchEvent(new MouseEvent('click', {bubbles: true}))",
        "/nam/2013.html",
    );
    let (prev, next): (String, String) = b.eval(
        "[document.querySelector('.nam-lien-ke a[rel=prev]').textContent, document.querySelector('.nam-lien-ke a[rel=next]').textContent]",
    );
    assert_eq!((prev.as_str(), next.as_str()), ("‹ Năm 2012", "Năm 2014 ›"));
}

#[test]
fn headings_step_down_and_the_section_is_marked() {
    let site = archive();
    let b = Browser::start();
    b.set_viewport(1280, 900);
    b.open_page(&site, CT);
    let size = |s: &str| -> f64 {
        b.eval(&format!(
            "parseFloat(getComputedStyle(document.querySelector('{s}')).fontSize)"
        ))
    };
    let (h2, h3) = (
        size(".trich-dan-lien-quan h2"),
        size(".trich-dan-lien-quan h3"),
    );
    assert!(
        h2 > h3 * 1.15,
        "a list's heading is under its section's: {h2} {h3}"
    );
    b.open_page(&site, "co-quan/tinh-uy-binh-phuoc.html");
    let (h1, h2) = (size("h1"), size("h2"));
    assert!(h1 > h2 * 1.15, "h1 {h1}, h2 {h2}");
    b.open_page(&site, CT);
    let (current, weight): (String, String) = b.eval(
        "(a => [a.textContent, getComputedStyle(a).fontWeight])(document.querySelector('.dieu-huong a[aria-current=page]'))",
    );
    assert_eq!((current.as_str(), weight.as_str()), ("Văn bản", "700"));
    b.open_page(&site, "co-quan/tinh-uy-binh-phuoc.html");
    let current: String =
        b.eval("document.querySelector('.dieu-huong a[aria-current=page]').textContent");
    assert_eq!(current, "Cơ quan");
}

#[test]
fn printed_pages_are_numbered_from_the_second() {
    let site = archive();
    let b = Browser::start();
    b.open_page(&site, CT);
    // The page rules as the browser parses them (a file:// sheet's rules cannot be read
    // from the page, so the sheet is added again inline): a number at the top centre,
    // none on the first page.
    let css = std::fs::read_to_string(site.public().join("static/style.css")).unwrap();
    b.eval::<()>(&format!(
        "(() => {{ const s = document.createElement('style'); s.textContent = {}; document.head.append(s); }})()",
        serde_json::to_string(&css).unwrap()
    ));
    let rules: Vec<String> = b.eval(
        "[...document.querySelector('head style:last-of-type').sheet.cssRules]\
         .filter(r => r instanceof CSSPageRule)\
         .map(r => r.selectorText + ' ' + [...r.cssRules].map(m => m.name + '=' + m.style.getPropertyValue('content')).join(','))",
    );
    assert!(
        rules.contains(&" top-center=counter(page)".to_string()),
        "{rules:?}"
    );
    assert!(
        rules.contains(&":first top-center=none".to_string()),
        "{rules:?}"
    );
    let pdf = b.print_pdf();
    assert!(pdf.starts_with(b"%PDF"));
}
