//! Citations on the built site (SPEC §4, §3): body numbers linked to the documents they cite,
//! the "cited" and "citing" lists grouped by relation, and what stays unlinked: ambiguous
//! numbers, wrong dates, documents not archived, secret documents.

mod common;

use common::{TestSite, check_site};
use vanban::citations::{Relation, find_citations};
use vanban::number::number_key;

/// A document with a parent issuer; `extra` is more front matter (one key a line).
fn page(
    number: &str,
    issuer: &str,
    parent: &str,
    date: &str,
    subject: &str,
    extra: &str,
    body: &str,
) -> String {
    format!(
        "---\nnumber: \"{number}\"\nissuer: {issuer}\nparent: {parent}\ndate: {date}\n\
         subject: \"{subject}\"\n{extra}---\n{body}\n"
    )
}

/// The part of `html` from `start` to the first `end` after it.
fn between<'a>(html: &'a str, start: &str, end: &str) -> Option<&'a str> {
    let from = html.find(start)?;
    let to = html[from..].find(end).unwrap() + from;
    Some(&html[from..to])
}

/// The part of a page from the `<h2>` titled `title` to the end of its section.
fn section<'a>(html: &'a str, title: &str) -> &'a str {
    between(html, &format!("{title}</h2>"), "</section>")
        .unwrap_or_else(|| panic!("no section {title}"))
}

/// The list under the `<h3>` `heading` (followed by its count) inside a section.
fn group<'a>(section: &'a str, heading: &str) -> &'a str {
    let h3 = format!("<h3>{heading} <span class=\"so-dem\">(");
    between(section, &h3, "</ul>").unwrap_or_else(|| panic!("no group {heading} in {section}"))
}

const CITED: &str = "Văn bản được trích dẫn";
const CITING: &str = "Văn bản trích dẫn văn bản này";

const QD_TW: &str = "van-ban/2013/217-qd-tw-bo-chinh-tri.html";
const TB_TU: &str = "van-ban/2018/224-tb-bdvtu-ban-dan-van-tinh-uy-binh-phuoc.html";
const CV_HU: &str = "van-ban/2018/44-cv-hu-huyen-uy-hon-quan.html";
const CV_XA: &str = "van-ban/2018/5-cv-du-dang-uy-xa-tan-hung.html";
const CV_XA_OLD: &str = "van-ban/2018/3-cv-du-dang-uy-xa-tan-hung.html";

/// Trung ương ← Tỉnh ủy ← Huyện ủy ← Đảng ủy xã, each implementing the one above.
fn chain() -> TestSite {
    let site = TestSite::empty();
    site.write(
        "content/qd.md",
        &page(
            "217-QĐ/TW",
            "Bộ Chính trị",
            "Ban Chấp hành Trung ương",
            "2013-12-12",
            "Ban hành Quy chế giám sát và phản biện xã hội",
            "",
            "Bộ Chính trị ban hành Quy chế.",
        ),
    )
    .write(
        "content/tb.md",
        &page(
            "224-TB/BDVTU",
            "Ban Dân vận Tỉnh ủy Bình Phước",
            "Tỉnh ủy Bình Phước",
            "2018-10-12",
            "Kết luận hội nghị giao ban công tác dân vận",
            "",
            "Tiếp tục thực hiện Quyết định số 217-QĐ/TW ngày 12/12/2013 của Bộ Chính trị.",
        ),
    )
    .write(
        "content/hu.md",
        &page(
            "44-CV/HU",
            "Huyện ủy Hón Quản",
            "Tỉnh ủy Bình Phước",
            "2018-11-11",
            "Triển khai thực hiện Thông báo kết luận",
            "",
            "Căn cứ Quyết định số 217-QĐ/TW ngày 12/12/2013 của Bộ Chính trị;\n\n\
             Thực hiện Thông báo số 224-TB/BDVTU ngày 12/10/2018 của Ban Dân vận Tỉnh ủy về \
             kết luận hội nghị; Ban Thường vụ Huyện ủy đề nghị.",
        ),
    )
    .write(
        "content/xa-cu.md",
        &page(
            "3-CV/ĐU",
            "Đảng ủy xã Tân Hưng",
            "Huyện ủy Hón Quản",
            "2018-01-02",
            "Công văn cũ",
            "",
            "Nội dung cũ.",
        ),
    )
    .write(
        "content/xa.md",
        &page(
            "5-CV/ĐU",
            "Đảng ủy xã Tân Hưng",
            "Huyện ủy Hón Quản",
            "2018-12-01",
            "Triển khai công văn của Huyện ủy",
            "references:\n  - Thông báo số 224-TB/BDVTU\n",
            "Triển khai thực hiện Công văn số 44-CV/HU ngày 11/11/2018 của Ban Thường vụ \
             Huyện ủy.\n\nCông văn này thay thế Công văn số 3-CV/ĐU ngày 02/01/2018.",
        ),
    );
    site
}

#[test]
fn a_chain_links_forward_and_back_by_relation() {
    let site = chain();
    let report = site.build_ok();
    assert!(report.warnings.is_empty(), "{:?}", report.warnings);

    let hu = site.read(CV_HU);
    assert!(
        hu.contains(&format!(
            "<a class=\"trich-dan\" href=\"../../{TB_TU}\" \
             title=\"Kết luận hội nghị giao ban công tác dân vận\">224-TB/BDVTU</a>"
        )),
        "{hu}"
    );
    assert!(hu.contains(&format!("href=\"../../{QD_TW}\" title=")));
    let cited = section(&hu, CITED);
    assert!(group(cited, "Văn bản được thực hiện").contains(&format!("../../{TB_TU}")));
    assert!(group(cited, "Văn bản căn cứ").contains(&format!("../../{QD_TW}")));
    assert!(!cited.contains("chưa có trong kho"));
    let citing = section(&hu, CITING);
    assert!(group(citing, "Văn bản thực hiện văn bản này").contains(&format!("../../{CV_XA}")));

    let qd = site.read(QD_TW);
    assert!(!qd.contains(CITED), "it cites nothing");
    let citing = section(&qd, CITING);
    assert!(group(citing, "Văn bản thực hiện văn bản này").contains(TB_TU));
    assert!(group(citing, "Văn bản căn cứ vào văn bản này").contains(CV_HU));

    let tb = site.read(TB_TU);
    let citing = section(&tb, CITING);
    assert!(group(citing, "Văn bản thực hiện văn bản này").contains(CV_HU));
    // Cited only through `references`, with no relation word: a mention.
    assert!(group(citing, "Văn bản nhắc đến văn bản này").contains(CV_XA));

    let xa = site.read(CV_XA);
    let cited = section(&xa, CITED);
    assert!(group(cited, "Văn bản được thực hiện").contains(CV_HU));
    assert!(group(cited, "Văn bản bị thay thế").contains(CV_XA_OLD));
    assert!(group(cited, "Văn bản được nhắc đến").contains(TB_TU));
    let old = site.read(CV_XA_OLD);
    assert!(group(section(&old, CITING), "Văn bản thay thế văn bản này").contains(CV_XA));

    // The sections sit in their print-hidden wrapper after the attribute table.
    let table = hu.find("tieu-de-thuoc-tinh").unwrap();
    let wrapper = hu.find("class=\"trich-dan-lien-quan\"").unwrap();
    assert!(table < wrapper && wrapper < hu.find(CITED).unwrap());
    check_site(&site.public());
}

/// Two districts of one province each issued a 12-CV/HU.
fn two_districts() -> TestSite {
    let site = TestSite::empty();
    for (file, district) in [("an-phu", "An Phú"), ("bu-dang", "Bù Đăng")] {
        site.write(
            &format!("content/{file}.md"),
            &page(
                "12-CV/HU",
                &format!("Huyện ủy {district}"),
                "Tỉnh ủy Bình Phước",
                "2018-03-01",
                &format!("Công văn số 12 của huyện {district}"),
                "",
                "Nội dung.",
            ),
        );
    }
    site
}

/// A letter of a xã below An Phú (one of [`two_districts`]) with this body.
fn xa_page(body: &str) -> String {
    page(
        "2-CV/ĐU",
        "Đảng ủy xã Phú Lợi",
        "Huyện ủy An Phú",
        "2018-07-01",
        "Thực hiện công văn của huyện",
        "",
        body,
    )
}

#[test]
fn one_number_in_two_districts_is_ambiguous_unless_named_or_near() {
    let site = two_districts();
    site.write(
        "content/tu.md",
        &page(
            "9-CV/TU",
            "Tỉnh ủy Bình Phước",
            "Đảng bộ tỉnh Bình Phước",
            "2018-06-01",
            "Đôn đốc các huyện",
            "",
            "Mở đầu.\n\nTheo Công văn số 12-CV/HU ngày 01/3/2018 của Huyện ủy, các huyện báo cáo.",
        ),
    )
    .write(
        "content/tu-ten.md",
        &page(
            "10-CV/TU",
            "Tỉnh ủy Bình Phước",
            "Đảng bộ tỉnh Bình Phước",
            "2018-06-02",
            "Đôn đốc huyện Bù Đăng",
            "",
            "Theo Công văn số 12-CV/HU ngày 01/3/2018 của Huyện ủy Bù Đăng.",
        ),
    )
    .write(
        "content/xa.md",
        &xa_page("Thực hiện Công văn số 12-CV/HU của Ban Thường vụ Huyện ủy."),
    );
    let report = site.build_ok();
    let ambiguous: Vec<_> = report
        .warnings
        .iter()
        .filter(|w| w.message.contains("12-CV/HU"))
        .collect();
    assert_eq!(ambiguous.len(), 1, "{:?}", report.warnings);
    assert_eq!(ambiguous[0].path, std::path::Path::new("content/tu.md"));
    assert_eq!(ambiguous[0].line, Some(10), "the body line of the citation");

    let tu = site.read("van-ban/2018/9-cv-tu-tinh-uy-binh-phuoc.html");
    assert!(!tu.contains("class=\"trich-dan\""), "not linked");
    assert!(section(&tu, CITED).contains("nhiều văn bản cùng số"));

    let named = site.read("van-ban/2018/10-cv-tu-tinh-uy-binh-phuoc.html");
    assert!(named.contains("href=\"../../van-ban/2018/12-cv-hu-huyen-uy-bu-dang.html\""));
    let near = site.read("van-ban/2018/2-cv-du-dang-uy-xa-phu-loi.html");
    assert!(near.contains("href=\"../../van-ban/2018/12-cv-hu-huyen-uy-an-phu.html\""));
    check_site(&site.public());
}

#[test]
fn a_citation_with_another_date_is_not_linked() {
    let site = two_districts();
    site.write(
        "content/xa.md",
        &xa_page("Thực hiện Công văn số 12-CV/HU ngày 05/5/2018 của Huyện ủy An Phú."),
    );
    let report = site.build_ok();
    assert!(report.warnings.is_empty(), "{:?}", report.warnings);
    let xa = site.read("van-ban/2018/2-cv-du-dang-uy-xa-phu-loi.html");
    assert!(!xa.contains("class=\"trich-dan\""));
    let listed = group(section(&xa, CITED), "Văn bản được thực hiện");
    assert!(listed.contains("Công văn 12-CV/HU"), "{listed}");
    assert!(
        listed.contains("ngày 05/05/2018 của Huyện ủy An Phú"),
        "{listed}"
    );
    assert!(listed.contains("chưa có trong kho"));
    let an_phu = site.read("van-ban/2018/12-cv-hu-huyen-uy-an-phu.html");
    assert!(!an_phu.contains(CITING));
    check_site(&site.public());
}

#[test]
fn documents_not_archived_are_listed_as_written() {
    let site = TestSite::empty();
    site.write(
        "content/a.md",
        &page(
            "8-CV/HU",
            "Huyện ủy Hón Quản",
            "Tỉnh ủy Bình Phước",
            "2019-01-01",
            "Tổng hợp",
            "references:\n  - Căn cứ Nghị quyết số 25-NQ/TW ngày 03/6/2013\n",
            "Thực hiện Chỉ thị số 16/CT-TTg ngày 16/5/2016 của Thủ tướng Chính phủ.",
        ),
    );
    site.build_ok();
    let a = site.read("van-ban/2019/8-cv-hu-huyen-uy-hon-quan.html");
    let cited = section(&a, CITED);
    let implemented = group(cited, "Văn bản được thực hiện");
    assert!(
        implemented.contains(
            "Chỉ thị 16/CT-TTg</span> ngày 16/05/2016 của Thủ tướng Chính phủ \
             <em class=\"chua-co\">(chưa có trong kho)</em>"
        ),
        "{implemented}"
    );
    assert!(group(cited, "Văn bản căn cứ").contains("Nghị quyết 25-NQ/TW"));
    assert!(!a.contains("class=\"trich-dan\""));
    check_site(&site.public());
}

#[test]
fn a_secret_document_cited_shows_its_number_only() {
    let site = TestSite::empty();
    let subject = "SUBJECT-6c1e kế hoạch riêng";
    site.write(
        "content/mat.md",
        &page(
            "77-CV/HU",
            "Huyện ủy Hón Quản",
            "Tỉnh ủy Bình Phước",
            "2018-05-05",
            subject,
            "secrecy: Mật\n",
            "Nội dung mật.",
        ),
    )
    .write(
        "content/a.md",
        &page(
            "80-CV/HU",
            "Huyện ủy Hón Quản",
            "Tỉnh ủy Bình Phước",
            "2018-06-06",
            "Đôn đốc",
            "",
            "Thực hiện Công văn số 77-CV/HU ngày 05/5/2018 của Ban Thường vụ Huyện ủy.",
        ),
    );
    site.build_ok();
    let a = site.read("van-ban/2018/80-cv-hu-huyen-uy-hon-quan.html");
    assert!(!a.contains("class=\"trich-dan\""));
    assert!(group(section(&a, CITED), "Văn bản được thực hiện").contains("chưa có trong kho"));
    for (path, bytes) in site.output_tree() {
        assert!(
            !String::from_utf8_lossy(&bytes).contains("SUBJECT-6c1e"),
            "{} shows the secret subject",
            path.display()
        );
    }
    check_site(&site.public());
}

/// The seed texts (header included) and the page each became in the sample archive.
const SEEDS: [(&str, &str); 5] = [
    (
        include_str!("fixtures/seeds/000_5aa3c4687815ebe1.txt"),
        "van-ban/2018/44-cv-hu-huyen-uy-hon-quan.html",
    ),
    (
        include_str!("fixtures/seeds/001_722184abcb64ec0c.txt"),
        "van-ban/2017/121-cv-du-dang-uy-xa-my-thanh.html",
    ),
    (
        include_str!("fixtures/seeds/002_10dca3358ca28552.txt"),
        "van-ban/2022/ubnd-vx-uy-ban-nhan-dan-huyen-binh-son.html",
    ),
    (
        include_str!("fixtures/seeds/003_e53e942f7120bd4d.txt"),
        "van-ban/2018/1213-cv-tu-tinh-uy-binh-thuan.html",
    ),
    (
        include_str!("fixtures/seeds/004_323d4286c9b22a84.txt"),
        "van-ban/2019/118-cv-bdvhu-ban-dan-van-huyen-uy-don-duong.html",
    ),
];

#[test]
fn the_sample_archive_lists_every_seed_citation() {
    let site = TestSite::sample();
    let report = site.build_with(|o| o.drafts = true).unwrap();
    assert!(report.warnings.is_empty(), "{:?}", report.warnings);

    let hu = site.read(SEEDS[0].1);
    let implemented = group(section(&hu, CITED), "Văn bản được thực hiện");
    // What the seed carries out, none of it archived: the six numbers its finder test
    // lists after its own (224-TB/BDVTU twice), 999 being a bare number.
    let mut carried_out: Vec<String> = find_citations(SEEDS[0].0)
        .into_iter()
        .filter(|c| c.relation == Relation::Implements && !c.partial)
        .map(|c| c.number)
        .collect();
    carried_out.dedup();
    assert_eq!(carried_out.len(), 6, "{carried_out:?}");
    for number in carried_out {
        let item = implemented
            .split("<li>")
            .find(|li| li.contains(&format!("{number}</span>")))
            .unwrap_or_else(|| panic!("{number} not listed: {implemented}"));
        assert!(item.contains("chưa có trong kho"), "{item}");
    }

    for (text, page) in SEEDS {
        let html = site.read(page);
        // `Số 44-CV/HU` (Party) or `Số: 12/UBND-VX` (state).
        let own = html
            .split("<p class=\"so\">Số")
            .nth(1)
            .and_then(|s| s.split('<').next())
            .map(|s| s.trim_start_matches(':').trim())
            .map(number_key)
            .unwrap_or_default();
        let cited = section(&html, CITED);
        for c in find_citations(text) {
            if c.key != own {
                assert!(
                    cited.contains(&format!("{}</span>", c.number)),
                    "{page}: {} not listed",
                    c.number
                );
            }
        }
    }
    check_site(&site.public());
}

/// Issue 19: every way real documents write a number is found and linked both ways, and
/// what looks like a citation but cannot be read is named by `check` with its line.
#[test]
fn every_written_form_links_both_ways() {
    let site = TestSite::empty();
    let cited = [
        ("1498-CV/HU", "Huyện ủy Hón Quản", "2018-09-24"),
        (
            "26/TB-VP.UBND",
            "Văn phòng UBND tỉnh Bình Phước",
            "2018-02-06",
        ),
        ("16-CT/TW", "Ban Bí thư", "2017-12-22"),
        ("12-TB/HU", "Huyện ủy Hón Quản", "2018-01-05"),
        ("13-TB/HU", "Huyện ủy Hón Quản", "2018-01-06"),
        ("14-TB/HU", "Huyện ủy Hón Quản", "2018-01-07"),
        ("17/UBND-VX", "UBND huyện Hón Quản", "2018-03-02"),
        ("24-CT/TU", "Tỉnh ủy Bình Phước", "2018-02-27"),
        (
            "70-KH/BDVTU-BCSDUB",
            "Ban Dân vận Tỉnh ủy Bình Phước",
            "2018-03-14",
        ),
    ];
    for (i, (number, issuer, date)) in cited.iter().enumerate() {
        site.write(
            &format!("content/c{i}.md"),
            &common::doc(number, issuer, date, "Văn bản được trích dẫn", "Nội dung."),
        );
    }
    let body = "Thực hiện công văn số 1498- CV/ HU ngày 24/9/2018 của Huyện ủy; \
         Thông báo số 26/TB-VP.UBND ngày 06/02/2018 của Văn phòng UBND tỉnh.\n\n\
         Ngày 22 tháng 12 năm 2017, Ban Bí thư ban hành Chỉ thị số 16-CT/TW về tăng cường.\n\n\
         Quán triệt các Thông báo số 12, 13 và 14-TB/HU của Huyện ủy; Công văn sô 17/ UBND-\n\
         VX của UBND huyện; Chỉ thị số số 24-CT/TƯ của Tỉnh ủy; Kế hoạch Số: 70 - KH/BDVTU - \
         BCSDUB.\n\n\
         Công văn số 1499- CV của Huyện ủy.";
    site.write(
        "content/citing.md",
        &common::doc(
            "5-CV/ĐU",
            "Đảng ủy xã Tân Hưng",
            "2019-01-02",
            "Trích dẫn",
            body,
        ),
    );
    let report = site.build_ok();
    assert!(report.warnings.is_empty(), "{:?}", report.warnings);

    let citing_page = site.page_named("5-cv");
    let html = site.read(&citing_page);
    let cited_section = section(&html, CITED);
    assert!(
        !cited_section.contains("chưa có trong kho"),
        "{cited_section}"
    );
    for (number, _, _) in cited {
        let prefix = number
            .to_lowercase()
            .replace(['/', '.'], "-")
            .replace('đ', "d");
        let page = site.page_named(&prefix);
        assert!(
            html.contains(&format!("class=\"trich-dan\" href=\"../../{page}\"")),
            "{number} not linked in the body"
        );
        assert!(cited_section.contains(&page), "{number} not listed");
        let back = site.read(&page);
        assert!(
            section(&back, CITING).contains(&citing_page),
            "{number} does not list its citing document"
        );
    }

    let out = site.run(&["check", "--format", "json"]);
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).expect("valid JSON");
    let unreadable: Vec<_> = v["citations"]["unresolved"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|u| u["reason"] == "unreadable")
        .collect();
    assert_eq!(unreadable.len(), 1, "{unreadable:?}");
    assert_eq!(unreadable[0]["number"], "1499- CV");
    assert_eq!(unreadable[0]["path"], "content/citing.md");
    // The body starts on line 7; the unreadable citation is on its eighth line.
    assert_eq!(unreadable[0]["line"], 7 + 7);
    let text = String::from_utf8_lossy(&site.run(&["check"]).stdout).into_owned();
    assert!(
        text.contains("content/citing.md:14: note: citation `1499- CV` is not linked"),
        "{text}"
    );
    check_site(&site.public());
}
