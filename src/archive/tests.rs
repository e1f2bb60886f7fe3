use super::*;

fn doc(path: &str, number: &str, issuer: &str, date: (i32, u32, u32)) -> Document {
    crate::model::test_document(path, number, issuer, date)
}

fn build(docs: Vec<Document>) -> (Archive, Vec<Diagnostic>) {
    build_with(docs, &Config::default())
}

fn build_with(docs: Vec<Document>, config: &Config) -> (Archive, Vec<Diagnostic>) {
    let mut diags = Vec::new();
    let a = Archive::new(docs, config, &mut diags);
    (a, diags)
}

#[test]
fn newest_first_and_prev_next_within_issuer() {
    let (a, d) = build(vec![
        doc("content/a.md", "1-CV/HU", "Huyện ủy A", (2018, 1, 5)),
        doc("content/b.md", "2-CV/HU", "Huyện ủy A", (2018, 3, 5)),
        doc("content/c.md", "3-CV/HU", "Huyện ủy B", (2019, 1, 1)),
    ]);
    assert!(d.is_empty(), "{d:?}");
    let numbers: Vec<_> = a
        .entries
        .iter()
        .map(|e| e.doc.number.clone().unwrap())
        .collect();
    assert_eq!(numbers, ["3-CV/HU", "2-CV/HU", "1-CV/HU"]);
    assert_eq!(a.entries[DocId::new(1)].prev, Some(DocId::new(2)));
    assert_eq!(a.entries[DocId::new(2)].next, Some(DocId::new(1)));
    assert_eq!(a.entries[DocId::new(0)].prev, None);
    assert_eq!(
        a.years.iter().map(|(y, _)| *y).collect::<Vec<_>>(),
        [2019, 2018]
    );
    assert_eq!(
        a.entries[DocId::new(0)].url(),
        "van-ban/2019/3-cv-hu-huyen-uy-b.html"
    );
}

#[test]
fn spelling_variants_are_one_issuer() {
    let (a, _) = build(vec![
        doc("content/a.md", "1-CV/HU", "Huyện ủy Hón Quản", (2018, 1, 5)),
        doc("content/b.md", "2-CV/HU", "Huyện uỷ Hón Quản", (2018, 3, 5)),
        doc("content/c.md", "3-CV/HU", "HUYỆN ỦY HÓN QUẢN", (2019, 1, 1)),
        doc("content/d.md", "4-CV/HU", "Huyện ủy Hón Quản", (2019, 1, 2)),
    ]);
    assert_eq!(a.issuers.len(), 1);
    assert_eq!(a.issuers.get(IssuerId::new(0)).name, "Huyện ủy Hón Quản");
    assert_eq!(a.issuers.get(IssuerId::new(0)).slug, "huyen-uy-hon-quan");
}

#[test]
fn names_that_fold_alike_stay_apart_with_a_warning() {
    let (a, d) = build(vec![
        doc(
            "content/a.md",
            "1-CV/ĐU",
            "Đảng ủy xã Tân Hòa",
            (2018, 1, 5),
        ),
        doc(
            "content/b.md",
            "1-CV/ĐU",
            "Đảng ủy xã Tân Hóa",
            (2018, 3, 5),
        ),
    ]);
    assert_eq!(a.issuers.len(), 2);
    let slugs: Vec<_> = a.issuers.iter().map(|(_, n)| n.slug.clone()).collect();
    assert!(slugs.contains(&"dang-uy-xa-tan-hoa".to_string()));
    assert!(slugs.contains(&"dang-uy-xa-tan-hoa-2".to_string()));
    assert!(d.iter().any(|d| d.message.contains("fold alike")), "{d:?}");
    // The two documents share a page name too, so one is renamed.
    let urls: Vec<_> = a.entries.iter().map(Entry::url).collect();
    assert_ne!(urls[0], urls[1]);
}

#[test]
fn duplicate_number_same_issuer_same_year_is_an_error_naming_both() {
    let (_, d) = build(vec![
        doc("content/a.md", "44-CV/HU", "Huyện ủy A", (2018, 1, 5)),
        doc("content/b.md", "44-CV/HU", "Huyện uỷ A", (2018, 3, 5)),
        doc("content/c.md", "44-CV/HU", "Huyện ủy A", (2019, 3, 5)),
    ]);
    let errors: Vec<_> = d.iter().filter(|d| d.is_error()).collect();
    assert_eq!(errors.len(), 1, "{d:?}");
    assert!(errors[0].to_string().contains("content/a.md"));
    assert!(errors[0].message.contains("content/b.md"));
    assert_eq!(errors[0].line, Some(2));
}

#[test]
fn issuer_tree_from_parents_with_totals() {
    let mut a1 = doc("content/a.md", "1-CV/HU", "Huyện ủy A", (2018, 1, 5));
    a1.parent = Some("Đảng bộ tỉnh X".into());
    let mut b1 = doc(
        "content/b.md",
        "2-CV/BDVHU",
        "Ban Dân vận Huyện ủy A",
        (2018, 2, 5),
    );
    b1.parent = Some("Huyện ủy A".into());
    let (a, d) = build(vec![a1, b1]);
    assert!(d.is_empty(), "{d:?}");
    let tinh = a.issuers.find("Đảng bộ tỉnh X").unwrap();
    let huyen = a.issuers.find("Huyện ủy A").unwrap();
    let ban = a.issuers.find("Ban Dân vận Huyện ủy A").unwrap();
    assert_eq!(a.roots, vec![tinh]);
    assert_eq!(a.issuer_tree[tinh].total, 2);
    assert_eq!(a.issuer_tree[huyen].total, 2);
    assert_eq!(a.issuer_tree[huyen].docs.len(), 1);
    assert_eq!(a.issuer_path(ban), vec![tinh, huyen]);
}

#[test]
fn a_parent_holds_its_whole_subtree_newest_first() {
    let under = |path: &str, number: &str, issuer: &str, parent: &str, date| {
        let mut d = doc(path, number, issuer, date);
        d.parent = Some(parent.into());
        d
    };
    let (a, d) = build(vec![
        under(
            "content/a.md",
            "1-CV/HU",
            "Huyện ủy A",
            "Tỉnh ủy X",
            (2018, 1, 5),
        ),
        under(
            "content/b.md",
            "2-CV/BDVHU",
            "Ban Dân vận Huyện ủy A",
            "Huyện ủy A",
            (2019, 2, 5),
        ),
        under(
            "content/c.md",
            "3-CV/HU",
            "Huyện ủy B",
            "Tỉnh ủy X",
            (2018, 6, 1),
        ),
        doc("content/d.md", "4-CV/TU", "Tỉnh ủy X", (2017, 1, 1)),
        doc("content/e.md", "5-CV/HU", "Huyện ủy C", (2020, 1, 1)),
    ]);
    assert!(d.is_empty(), "{d:?}");
    let tinh = a.issuers.find("Tỉnh ủy X").unwrap();
    let huyen = a.issuers.find("Huyện ủy A").unwrap();
    let sources = |ids: &[DocId]| -> Vec<String> {
        ids.iter()
            .map(|id| a.entries[*id].doc.source.display().to_string())
            .collect()
    };
    assert_eq!(
        sources(&a.issuer_tree[tinh].subtree),
        [
            "content/b.md",
            "content/c.md",
            "content/a.md",
            "content/d.md"
        ]
    );
    assert_eq!(a.issuer_tree[tinh].total, 4);
    assert_eq!(a.issuer_tree[tinh].docs.len(), 1);
    assert_eq!(
        sources(&a.issuer_tree[huyen].subtree),
        ["content/b.md", "content/a.md"]
    );
}

#[test]
fn a_document_s_own_lists_live_in_its_folder() {
    let (a, _) = build(vec![doc(
        "content/a.md",
        "44-CV/HU",
        "Huyện ủy A",
        (2018, 1, 5),
    )]);
    let e = &a.entries[DocId::new(0)];
    assert_eq!(
        e.related_url("duoc-trich-dan-thuc-hien", 1),
        "van-ban/2018/44-cv-hu-huyen-uy-a/duoc-trich-dan-thuc-hien.html"
    );
    assert_eq!(
        e.related_url("duoc-trich-dan-thuc-hien", 3),
        "van-ban/2018/44-cv-hu-huyen-uy-a/duoc-trich-dan-thuc-hien-trang-3.html"
    );
}

#[test]
fn config_aliases_and_order() {
    let (config, _) = crate::config::parse(
        "campaigns:\n  - name: Năm Dân vận chính quyền 2018\n    aliases: [Năm Dân vận chính quyền]\n",
        std::path::Path::new("vanban.yaml"),
    );
    let mut a1 = doc("content/a.md", "1-CV/HU", "Huyện ủy A", (2018, 1, 5));
    a1.campaigns = vec!["Năm dân vận chính quyền 2018".into(), "Dân vận khéo".into()];
    let mut b1 = doc("content/b.md", "2-CV/HU", "Huyện ủy A", (2018, 2, 5));
    b1.campaigns = vec!["Năm Dân vận chính quyền".into()];
    let (a, _) = build_with(vec![a1, b1], &config);
    assert_eq!(a.campaigns.len(), 2);
    let names: Vec<_> = a.campaigns.iter().map(|(_, n)| n.name.clone()).collect();
    assert_eq!(names, ["Dân vận khéo", "Năm Dân vận chính quyền 2018"]);
    assert_eq!(a.campaign_docs[CampaignId::new(1)].len(), 2);
}

#[test]
fn conflicting_parents_warn_and_cycles_break() {
    let mut a1 = doc("content/a.md", "1-CV/HU", "A", (2018, 1, 5));
    a1.parent = Some("B".into());
    let mut b1 = doc("content/b.md", "2-CV/HU", "B", (2018, 2, 5));
    b1.parent = Some("A".into());
    let (a, d) = build(vec![a1, b1]);
    assert!(
        d.iter().any(|d| d.message.contains("each other's parent")),
        "{d:?}"
    );
    assert!(!a.roots.is_empty());
}

#[test]
fn pages_that_share_a_name_are_numbered() {
    let docs = [
        ("9", "trang-2"),
        ("3", "trang"),
        ("2", "trang"),
        ("1", "trang"),
    ]
    .iter()
    .map(|(n, slug)| {
        let mut d = doc(
            &format!("content/{n}.md"),
            &format!("{n}-CV/HU"),
            "Huyện ủy A",
            (2018, 1, 5),
        );
        d.slug = Some(slug.to_string());
        d
    })
    .collect();
    let (a, d) = build(docs);
    let slugs: Vec<_> = a.entries.iter().map(|e| e.slug.as_str()).collect();
    assert_eq!(slugs, ["trang-2", "trang", "trang-3", "trang-4"]);
    let warnings: Vec<_> = d.iter().map(|d| d.message.as_str()).collect();
    assert_eq!(
        warnings,
        [
            "its page name `trang` is taken by content/3.md; this page is `trang-2.html`",
            "its page name `trang` is taken by content/3.md; this page is `trang-2.html`",
        ]
    );
}

#[test]
fn numbers_sort_by_their_leading_digits() {
    assert_eq!(leading_number("44-CV/HU"), Some(44));
    assert_eq!(leading_number("007/KH"), Some(7));
    assert_eq!(leading_number("/UBND"), None);
    assert_eq!(leading_number(""), None);
    assert_eq!(leading_number("18446744073709551615"), Some(u64::MAX));
    assert_eq!(leading_number("18446744073709551616"), None);
}
