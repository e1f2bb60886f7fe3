//! The compiled pages (`render::compiled`) against the templates they mirror: every page of
//! several archives, rendered once by the compiled writers and once by Tera (documents from
//! `document.html`, lists from `list.html`, with the items they show from `doc_item.html`
//! and `cited_item.html`), must be the same bytes. A template edit not mirrored in a writer
//! fails here.

mod common;

use std::path::Path;

use common::TestSite;
use vanban::render::{Site, compiled, theme};
use vanban::site::{self, Timings};
use vanban_bench::synth::{SynthOptions, generate};

/// Renders every page of the site at `root` (documents and lists) both ways and compares
/// them; returns how many documents the archive has.
fn compare_pages(root: &Path, drafts: bool, base_url: Option<&str>) -> usize {
    let mut prepared =
        site::prepare(root, drafts, &mut Timings::default()).unwrap_or_else(|d| panic!("{d:?}"));
    if let Some(url) = base_url {
        prepared.config.base_url = Some(url.to_string());
    }
    let compiled = theme::load(root, prepared.config.theme()).unwrap();
    assert!(
        compiled.compiles(compiled::DOCUMENT) && compiled.compiles(compiled::LIST),
        "the default theme is compiled"
    );
    let mut tera = theme::load(root, prepared.config.theme()).unwrap();
    tera.compiled = false;
    let fast = Site::new(
        &prepared.archive,
        &prepared.citations,
        &prepared.config,
        &compiled,
    );
    let slow = Site::new(
        &prepared.archive,
        &prepared.citations,
        &prepared.config,
        &tera,
    );
    let (fast_pages, slow_pages) = (fast.pages(), slow.pages());
    assert_eq!(fast_pages.len(), slow_pages.len());
    assert!(fast_pages.len() > prepared.archive.len(), "lists too");
    for (a, b) in fast_pages.into_iter().zip(slow_pages) {
        let ((path, a), (_, b)) = (a.unwrap(), b.unwrap());
        if a != b {
            let at = a
                .bytes()
                .zip(b.bytes())
                .position(|(x, y)| x != y)
                .unwrap_or(a.len().min(b.len()));
            let from = at.saturating_sub(120);
            panic!(
                "{path}: compiled and Tera pages differ at byte {at}\ncompiled: {:?}\ntera:     {:?}",
                &a[from..(at + 120).min(a.len())],
                &b[from..(at + 120).min(b.len())]
            );
        }
    }
    prepared.archive.len()
}

#[test]
fn the_sample_archive_renders_alike_with_and_without_drafts() {
    let site = TestSite::sample();
    assert_eq!(compare_pages(site.root(), false, None), 4);
    assert_eq!(
        compare_pages(site.root(), true, Some("https://example.org/hu/")),
        5
    );
}

#[test]
fn a_synthetic_archive_renders_alike() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().join("site");
    generate(
        &SynthOptions {
            docs: 300,
            seed: 11,
            secret_every: None,
            draft_every: Some(17),
        },
        &root,
    )
    .unwrap();
    assert!(compare_pages(&root, true, None) > 250);
}

/// The template's every branch: no parent, no number, no recipients, no signer, a year-only
/// date, attachments, a long subject, markup in names, a site description; list items of
/// a draft without a date, cited items in and not in the archive.
#[test]
fn every_branch_of_the_template_renders_alike() {
    let site = TestSite::empty();
    site.write(
        "vanban.yaml",
        "title: \"Kho <văn bản> & \\\"trích\\\"\"\ndescription: \"Mô tả 'một' & <hai>\"\n",
    )
    .write(
        "content/a.md",
        "---\nnumber: \"12/QĐ-UBND\"\nissuer: Ủy ban nhân dân huyện Bình Sơn\nparent: Ủy ban nhân dân tỉnh Quảng Ngãi\ndate: 2020-03-04\nplace: Bình Sơn\nsubject: \"Về việc ban hành quy chế làm việc của Ủy ban nhân dân huyện nhiệm kỳ 2021 - 2026 và những nội dung <liên quan> & khác\"\nrecipients: [\"Các phòng & ban\", \"UBND các xã\"]\ndistribution: [\"Như trên;\", \"Đăng website HU;\"]\nsigner: {authority: TM. ỦY BAN NHÂN DÂN, title: Chủ tịch, name: Nguyễn Văn \"A\"}\ncampaigns: [Dân vận khéo, Năm Dân vận chính quyền 2018]\nattachments: [phu-luc.pdf]\n---\nCăn cứ Công văn số 44-CV/HU ngày 11/11/2018 của Huyện ủy Hón Quản.\n\n<b>in đậm</b> và <script>x</script>\n",
    )
    .write("content/phu-luc.pdf", "%PDF-1.4\n")
    .write(
        "content/b.md",
        "---\nnumber: \"44-CV/HU\"\nissuer: Huyện ủy Hón Quản\ndate: 11/11/2018\nsubject: V/v ngắn\n---\nThân.\n",
    )
    .write(
        "content/c.md",
        "---\ndraft: true\nissuer: Huyện ủy Hón Quản\nsubject: Dự thảo kế hoạch\ntype: Kế hoạch\ncampaigns: [Dân vận khéo]\n---\nThực hiện Công văn số 44-CV/HU, Quyết định số 99-QĐ/TW.\n",
    )
    .write(
        "content/d.md",
        "---\nnumber: \"5-TB/HU\"\nissuer: Huyện ủy Hón Quản\ndate: 2019-01-02\nsubject: Thông báo\nsigner: {name: Trần B}\ncampaigns: [Dân vận khéo]\n---\nThực hiện Công văn số 44-CV/HU ngày 11/11/2018.\n",
    );
    assert_eq!(
        compare_pages(site.root(), true, Some("https://example.org/")),
        4
    );
    assert_eq!(compare_pages(site.root(), false, None), 3);
}

#[test]
fn a_theme_overriding_a_page_template_goes_through_tera() {
    let site = TestSite::empty();
    site.write("vanban.yaml", "title: T\ntheme: mine\n")
        .write(
            "themes/mine/templates/document.html",
            "{% extends \"base.html\" %}{% block main %}<p>riêng: {{ doc.title }}</p>{% endblock main %}",
        )
        .write(
            "content/b.md",
            "---\nnumber: \"44-CV/HU\"\nissuer: Huyện ủy Hón Quản\ndate: 11/11/2018\nsubject: V/v ngắn\n---\nThân.\n",
        );
    let theme = theme::load(site.root(), "mine").unwrap();
    assert!(!theme.compiles(compiled::DOCUMENT));
    assert!(theme.compiles(&["doc_item.html"]));
    // An override of something else keeps the compiled page.
    site.write("themes/mine/templates/document.html", "").write(
        "themes/mine/templates/doc_item.html",
        "<li>{{ d.title }}</li>",
    );
    std::fs::remove_file(site.root().join("themes/mine/templates/document.html")).unwrap();
    let theme = theme::load(site.root(), "mine").unwrap();
    assert!(theme.compiles(compiled::DOCUMENT));
    assert!(!theme.compiles(&["doc_item.html"]));
    site.write(
        "themes/mine/templates/base.html",
        "<html lang=\"vi\"><title>x</title>{% block main %}{% endblock main %}</html>",
    );
    let theme = theme::load(site.root(), "mine").unwrap();
    assert!(!theme.compiles(compiled::DOCUMENT) && !theme.compiles(compiled::LIST));
    let report = site.build_ok();
    assert_eq!(report.documents, 1);
    let page = site.read("van-ban/2018/44-cv-hu-huyen-uy-hon-quan.html");
    assert!(
        page.starts_with("<html lang=\"vi\"><title>x</title>"),
        "{page}"
    );
}
