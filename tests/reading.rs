//! Reading a large archive (issue 21): relation lists that stay short and link pages of
//! their own, a document's status from the documents that revise it, a parent body's page
//! with its whole subtree, counts as Vietnamese writes them, and what the portals give
//! readers (contents, the original file, neighbouring years, the current section).

mod common;

use common::{TestSite, check_site, doc};

const CT: &str = "van-ban/2015/5-ct-tu-tinh-uy-binh-phuoc.html";

/// A Chỉ thị of the Tỉnh ủy that `n` Kế hoạch of two Huyện ủy under it carry out, over
/// three years, with lists of `page_size` a page.
fn implemented_by(n: usize, page_size: usize) -> TestSite {
    let site = TestSite::empty();
    site.write(
        "vanban.yaml",
        &format!(
            "page_size: {page_size}\nissuers:\n  - name: Huyện ủy An Phú\n    parent: Tỉnh ủy Bình Phước\n  - name: Huyện ủy Bù Đăng\n    parent: Tỉnh ủy Bình Phước\n  - name: Huyện ủy Chơn Thành\n    parent: Tỉnh ủy Bình Phước\n"
        ),
    );
    site.write(
        "content/ct.md",
        &doc(
            "5-CT/TU",
            "Tỉnh ủy Bình Phước",
            "2015-03-02",
            "Về tăng cường công tác dân vận",
            "Các cấp ủy thực hiện tốt công tác dân vận.",
        ),
    );
    for i in 1..=n {
        let issuer = if i % 3 == 0 {
            "Huyện ủy Bù Đăng"
        } else {
            "Huyện ủy An Phú"
        };
        let year = 2016 + i % 3;
        site.write(
            &format!("content/kh{i}.md"),
            &doc(
                &format!("{i}-KH/HU"),
                issuer,
                &format!("{year}-04-{:02}", 1 + i % 27),
                &format!("Kế hoạch thực hiện Chỉ thị 5-CT/TU, đợt {i}"),
                "Thực hiện Chỉ thị số 5-CT/TU ngày 02/3/2015 của Tỉnh ủy Bình Phước, Huyện ủy xây dựng kế hoạch.",
            ),
        );
    }
    site
}

/// The `<li>`s of the list under the heading that starts with `heading` in `html`.
fn items_under<'a>(html: &'a str, heading: &str) -> Vec<&'a str> {
    let start = html
        .find(&format!("<h3>{heading}"))
        .unwrap_or_else(|| panic!("no heading {heading}"));
    let end = html[start..].find("</ul>").unwrap() + start;
    html[start..end].matches("<li>").collect()
}

#[test]
fn a_long_relation_list_shows_ten_with_its_count_and_links_its_own_pages() {
    let site = implemented_by(25, 10);
    site.build_ok();
    check_site(&site.public());
    let page = site.read(CT);
    assert!(
        page.contains("<h3>Văn bản thực hiện văn bản này <span class=\"so-dem\">(25)</span></h3>"),
        "the count is in the heading"
    );
    assert_eq!(
        items_under(&page, "Văn bản thực hiện văn bản này").len(),
        10
    );
    let all = "../../van-ban/2015/5-ct-tu-tinh-uy-binh-phuoc/duoc-trich-dan-thuc-hien.html";
    assert!(
        page.contains(&format!("<a href=\"{all}\">Xem tất cả (25)</a>")),
        "{}",
        &page[page.find("Xem tất cả").unwrap_or(0).saturating_sub(200)..]
    );
    // The chain draws four and links the rest to the same list.
    assert!(page.contains("… và 21 văn bản khác"));
    assert!(page.contains(&format!("<a href=\"{all}\" class=\"xem-them\">")));

    // Its own pages: 25 documents, ten a page, grouped by year, newest year first.
    let base = "van-ban/2015/5-ct-tu-tinh-uy-binh-phuoc/duoc-trich-dan-thuc-hien";
    let first = site.read(&format!("{base}.html"));
    assert!(
        first.contains(
            "<h1>Văn bản thực hiện Chỉ thị 5-CT/TU <span class=\"so-dem\">(25)</span></h1>"
        )
    );
    assert!(first.contains("href=\"../../../van-ban/2015/5-ct-tu-tinh-uy-binh-phuoc.html\""));
    let years: Vec<usize> = ["Năm 2018", "Năm 2017", "Năm 2016"]
        .iter()
        .filter_map(|y| first.find(&format!(">{y} <")))
        .collect();
    assert!(years.windows(2).all(|w| w[0] < w[1]), "newest year first");
    assert_eq!(first.matches("-kh-hu-huyen-uy-").count(), 10, "ten a page");
    let third = site.read(&format!("{base}-trang-3.html"));
    assert!(third.contains("Trang 3/3"));
    assert!(!site.public().join(format!("{base}-trang-4.html")).exists());
    // Each citing document once, on exactly one of the pages.
    let mut seen = 0;
    for p in ["", "-trang-2", "-trang-3"] {
        seen += site
            .read(&format!("{base}{p}.html"))
            .matches("-kh-hu-huyen-uy-")
            .count();
    }
    assert_eq!(seen, 25);
}

#[test]
fn a_short_relation_list_has_no_pages_of_its_own() {
    let site = implemented_by(10, 10);
    site.build_ok();
    let page = site.read(CT);
    assert!(page.contains("(10)</span></h3>"));
    assert!(!page.contains("Xem tất cả"));
    assert!(
        !site
            .public()
            .join("van-ban/2015/5-ct-tu-tinh-uy-binh-phuoc")
            .exists()
    );
    // The chain's rest links to the list further down the page.
    assert!(page.contains("<a href=\"#tieu-de-trich-dan-den\" class=\"xem-them\">"));
}

#[test]
fn a_parent_body_lists_its_subtree_by_unit_and_no_entry_shows_zero() {
    let site = implemented_by(12, 50);
    site.build_ok();
    let tinh = site.read("co-quan/tinh-uy-binh-phuoc.html");
    assert!(
        tinh.contains("13 văn bản, trong đó 1 của chính cơ quan"),
        "{}",
        &tinh[tinh.find("<h1>").unwrap()..][..600]
    );
    assert_eq!(
        tinh.matches("class=\"muc-van-ban").count(),
        13,
        "the whole subtree"
    );
    assert!(tinh.contains("Huyện ủy An Phú</a> <span class=\"so-luong\">8 văn bản</span>"));
    assert!(tinh.contains("Huyện ủy Bù Đăng</a> <span class=\"so-luong\">4 văn bản</span>"));
    // Named in vanban.yaml but without a published document: nowhere.
    assert!(!tinh.contains("Chơn Thành"));
    assert!(!site.read("co-quan/index.html").contains("Chơn Thành"));
    assert!(
        !site
            .public()
            .join("co-quan/huyen-uy-chon-thanh.html")
            .exists()
    );
    for page in ["index.html", "co-quan/index.html", "phong-trao/index.html"] {
        let html = site.read(page);
        assert!(
            !html.contains(">0 văn bản") && !html.contains("\">0<"),
            "{page}"
        );
    }
    let tree = site.read("co-quan/index.html");
    assert!(tree.contains("13 văn bản, trong đó 1 của chính cơ quan"));
    // The home page names only the top-level bodies; the tree is on co-quan/.
    let home = site.read("index.html");
    assert!(home.contains(">Tỉnh ủy Bình Phước</a>"));
    assert!(!home.contains(">Huyện ủy An Phú</a> <span"));
    assert!(home.contains("href=\"co-quan/index.html\""));
}

#[test]
fn a_replaced_document_says_so_at_its_top_and_the_replacing_one_says_what_it_replaces() {
    let site = TestSite::empty();
    site.write(
        "content/old.md",
        &doc(
            "12-QĐ/HU",
            "Huyện ủy Hón Quản",
            "2017-01-05",
            "Ban hành Quy chế làm việc",
            "Ban hành kèm theo Quyết định này Quy chế làm việc.",
        ),
    );
    site.write(
        "content/amend.md",
        &doc(
            "20-QĐ/HU",
            "Huyện ủy Hón Quản",
            "2018-06-01",
            "Sửa đổi Quy chế",
            "Sửa đổi, bổ sung Điều 3 Quyết định số 12-QĐ/HU ngày 05/01/2017.",
        ),
    );
    site.write(
        "content/new.md",
        &doc("31-QĐ/HU", "Huyện ủy Hón Quản", "2020-02-21", "Ban hành Quy chế làm việc mới", "Quyết định này thay thế Quyết định số 12-QĐ/HU ngày 05/01/2017 và bãi bỏ Quyết định số 99-QĐ/HU."),
    );
    site.build_ok();
    check_site(&site.public());
    let old = site.read("van-ban/2017/12-qd-hu-huyen-uy-hon-quan.html");
    let banner = old
        .find("class=\"tinh-trang\"")
        .expect("a status at the top");
    assert!(
        banner < old.find("class=\"the-thuc\"").unwrap(),
        "above the document"
    );
    assert!(old.contains(
        "<strong>Đã bị thay thế bởi</strong> <a href=\"../2020/31-qd-hu-huyen-uy-hon-quan.html\">Quyết định 31-QĐ/HU</a> ngày 21/02/2020"
    ) || old.contains(
        "<strong>Đã bị thay thế bởi</strong> <a href=\"../../van-ban/2020/31-qd-hu-huyen-uy-hon-quan.html\">Quyết định 31-QĐ/HU</a> ngày 21/02/2020"
    ), "{}", &old[banner..banner + 600]);
    assert!(old.contains("<strong>Đã được sửa đổi, bổ sung bởi</strong>"));
    let new = site.read("van-ban/2020/31-qd-hu-huyen-uy-hon-quan.html");
    assert!(new.contains("<strong>Thay thế</strong> <a href=\"../../van-ban/2017/12-qd-hu-huyen-uy-hon-quan.html\">Quyết định 12-QĐ/HU</a> ngày 05/01/2017"));
    assert!(
        new.contains("<strong>Bãi bỏ</strong> Quyết định 99-QĐ/HU"),
        "an unarchived one, unlinked"
    );
    assert!(!new.contains("Đã bị thay thế"));
    // The relation groups as vbpl.vn names them.
    assert!(new.contains("<h3>Văn bản bị thay thế <span class=\"so-dem\">(1)</span></h3>"));
    assert!(new.contains("<h3>Văn bản bị bãi bỏ <span class=\"so-dem\">(1)</span></h3>"));
    assert!(
        old.contains("<h3>Văn bản thay thế văn bản này <span class=\"so-dem\">(1)</span></h3>")
    );
    assert!(old.contains(
        "<h3>Văn bản sửa đổi, bổ sung văn bản này <span class=\"so-dem\">(1)</span></h3>"
    ));
}

#[test]
fn a_cited_document_is_listed_once_whether_written_with_its_symbol_or_not() {
    let site = TestSite::empty();
    site.write(
        "content/a.md",
        &doc("44-CV/HU", "Huyện ủy Hón Quản", "2018-11-11", "V/v dân vận", "Thực hiện Quyết định số 217-QĐ/TW ngày 12/12/2013 của Bộ Chính trị; theo Quyết định 217 của Bộ Chính trị, các cấp ủy giám sát."),
    );
    site.build_ok();
    let page = site.read("van-ban/2018/44-cv-hu-huyen-uy-hon-quan.html");
    let cited = &page[page.find("Văn bản được trích dẫn</h2>").unwrap()..];
    assert_eq!(cited.matches("Quyết định 217").count(), 1, "{cited:.1200}");
}

#[test]
fn numbers_are_written_as_each_system_writes_them_and_headers_break_between_units() {
    let site = TestSite::sample();
    site.build_ok();
    let party = site.read("van-ban/2018/44-cv-hu-huyen-uy-hon-quan.html");
    assert!(party.contains("<p class=\"so\">Số 44-CV/HU</p>"));
    site.build_with(|o| o.drafts = true).unwrap();
    let state = site.read("van-ban/2022/ubnd-vx-uy-ban-nhan-dan-huyen-binh-son.html");
    assert!(
        state.contains("<p class=\"so\">Số: /UBND-VX</p>"),
        "{}",
        &state[state.find("class=\"so\"").unwrap()..][..200]
    );
    assert!(state.contains(
        "<span class=\"don-vi\">ỦY BAN NHÂN DÂN</span> <span class=\"don-vi\">HUYỆN BÌNH SƠN</span>"
    ));
}

#[test]
fn a_long_document_has_contents_and_its_original_file_near_the_top() {
    let site = TestSite::sample();
    site.build_ok();
    let page = site.read("van-ban/2018/44-cv-hu-huyen-uy-hon-quan.html");
    let toc = page.find("class=\"muc-luc\"").expect("contents");
    assert!(toc < page.find("class=\"noi-dung\"").unwrap());
    for n in 1..=6 {
        assert!(
            page.contains(&format!("<a href=\"#muc-{n}\">")),
            "entry {n}"
        );
        assert!(page.contains(&format!("id=\"muc-{n}\"")), "anchor {n}");
    }
    assert!(
        page.contains(
            "<a href=\"#muc-1\">1. Các cấp ủy đảng, chính quyền tập trung chỉ đạo sơ kết"
        )
    );

    let site = TestSite::empty();
    site.write("content/2020/a.md", "---\nnumber: 1-CV/HU\nissuer: Huyện ủy A\ndate: 2020-01-02\nsubject: Về việc X\nattachments: [ban-goc.pdf]\n---\nNội dung.\n");
    site.write("content/2020/ban-goc.pdf", "%PDF-1.4\n%%EOF\n");
    site.build_ok();
    let page = site.read("van-ban/2020/1-cv-hu-huyen-uy-a.html");
    assert!(
        !page.contains("class=\"muc-luc\""),
        "a short one has no contents"
    );
    let download = page.find("Tải văn bản gốc").expect("offered");
    assert!(
        download < page.find("class=\"the-thuc\"").unwrap(),
        "above the document"
    );
    assert!(page.contains("<a href=\"1-cv-hu-huyen-uy-a/ban-goc.pdf\" download>ban-goc.pdf</a>"));
}

#[test]
fn year_pages_link_the_years_around_them_and_the_section_is_marked() {
    let site = implemented_by(3, 50);
    site.build_ok();
    let y2016 = site.read("nam/2016.html");
    assert!(y2016.contains("<a rel=\"prev\" href=\"../nam/2015.html\">‹ Năm 2015</a>"));
    assert!(y2016.contains("<a rel=\"next\" href=\"../nam/2017.html\">Năm 2017 ›</a>"));
    let y2015 = site.read("nam/2015.html");
    assert!(
        !y2015.contains("href=\"../nam/2014.html"),
        "no year before the first"
    );
    assert!(y2016.contains("<a href=\"../nam/index.html\" aria-current=\"page\">Năm</a>"));
    let doc = site.read(CT);
    assert!(doc.contains("<a href=\"../../van-ban/index.html\" aria-current=\"page\">Văn bản</a>"));
    let home = site.read("index.html");
    assert!(
        !home.contains("aria-current=\"page\">"),
        "home is no section"
    );
    // Chart bars link their year.
    let issuer = site.read("co-quan/tinh-uy-binh-phuoc.html");
    assert!(issuer.contains("<a href=\"../nam/2016.html\"><text"));
}

#[test]
fn counts_of_thousands_are_grouped() {
    let site = TestSite::empty();
    for i in 1..=1001 {
        site.write(
            &format!("content/{i}.md"),
            &doc(
                &format!("{i}-CV/HU"),
                "Huyện ủy A",
                "2020-01-02",
                "Về việc X",
                ".",
            ),
        );
    }
    site.build_ok();
    let home = site.read("index.html");
    assert!(home.contains("<strong>1.001</strong> văn bản"));
    assert!(site.read("nam/2020.html").contains("1.001 văn bản"));
    assert!(site.read("co-quan/index.html").contains("1.001 văn bản"));
}
