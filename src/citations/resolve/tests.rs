use std::path::PathBuf;

use super::*;
use crate::config::Config;
use crate::model::Document;

/// A document of `issuer` (under `parent`) dated `date` (y, m, d), body starting on line 10.
fn doc(
    path: &str,
    number: &str,
    issuer: &str,
    parent: Option<&str>,
    date: (i32, u32, u32),
    body: &str,
) -> Document {
    let mut d = crate::model::test_document(path, number, issuer, date);
    d.parent = parent.map(str::to_string);
    d.body = body.to_string();
    d
}

fn graph(docs: Vec<Document>) -> (Archive, Graph, Vec<Diagnostic>) {
    let mut diags = Vec::new();
    let archive = Archive::new(docs, &Config::default(), &mut diags);
    assert!(diags.is_empty(), "{diags:?}");
    let graph = Graph::new(&archive, &mut diags);
    (archive, graph, diags)
}

fn id_of(a: &Archive, path: &str) -> DocId {
    a.entries
        .iter_enumerated()
        .find(|(_, e)| e.doc.source == std::path::Path::new(path))
        .unwrap()
        .0
}

/// The targets of a document's citations, by number, as paths or unresolved reasons.
fn targets(a: &Archive, g: &Graph, path: &str) -> Vec<(String, Result<String, Unresolved>)> {
    g.cites(id_of(a, path))
        .iter()
        .map(|c| {
            let t = c
                .target
                .clone()
                .map(|id| a.entries[id].doc.source.display().to_string());
            (c.citation.number.clone(), t)
        })
        .collect()
}

/// Two districts of one province, each with a Huyện ủy issuing 12-CV/HU, and a xã below A.
fn two_districts(citing: Document) -> Vec<Document> {
    vec![
        doc(
            "a12.md",
            "12-CV/HU",
            "Huyện ủy An Phú",
            Some("Tỉnh ủy Bình Phước"),
            (2018, 3, 1),
            "",
        ),
        doc(
            "b12.md",
            "12-CV/HU",
            "Huyện ủy Bù Đăng",
            Some("Tỉnh ủy Bình Phước"),
            (2018, 4, 2),
            "",
        ),
        doc(
            "tu.md",
            "5-CV/TU",
            "Tỉnh ủy Bình Phước",
            None,
            (2018, 1, 1),
            "",
        ),
        citing,
    ]
}

/// `c.md`, of a xã below the An Phú district of [`two_districts`], with this body.
fn from_xa(body: &str) -> Document {
    doc(
        "c.md",
        "1-CV/ĐU",
        "Đảng ủy xã Tân Lợi",
        Some("Huyện ủy An Phú"),
        (2018, 6, 1),
        body,
    )
}

/// `c.md`, of the Tỉnh ủy Bình Phước above both districts of [`two_districts`], with this
/// body.
fn from_province(body: &str) -> Document {
    let province = "Tỉnh ủy Bình Phước";
    doc("c.md", "9-CV/TU", province, None, (2018, 6, 1), body)
}

#[test]
fn number_key_ignores_case_zeros_and_separators() {
    let (a, g, _) = graph(vec![
        doc(
            "t.md",
            "7/KH-UBND",
            "Ủy ban nhân dân huyện",
            None,
            (2018, 1, 5),
            "",
        ),
        doc(
            "c.md",
            "44-CV/HU",
            "Huyện ủy Hón Quản",
            None,
            (2018, 11, 11),
            "Thực hiện Kế hoạch số 07-KH/UBND ngày 05/01/2018.",
        ),
    ]);
    assert_eq!(
        targets(&a, &g, "c.md"),
        [("07-KH/UBND".to_string(), Ok("t.md".to_string()))]
    );
    let t = id_of(&a, "t.md");
    assert_eq!(g.cited_by(t), [(id_of(&a, "c.md"), Relation::Implements)]);
}

#[test]
fn a_written_date_must_match() {
    let (a, g, diags) = graph(vec![
        doc("t.md", "12-CV/HU", "Huyện ủy A", None, (2018, 3, 1), ""),
        doc(
            "c.md",
            "44-CV/HU",
            "Huyện ủy A",
            None,
            (2018, 11, 11),
            "Theo Công văn số 12-CV/HU ngày 02/03/2018 của Huyện ủy.",
        ),
    ]);
    assert_eq!(
        targets(&a, &g, "c.md"),
        [("12-CV/HU".to_string(), Err(Unresolved::DateMismatch))]
    );
    assert!(g.cited_by(id_of(&a, "t.md")).is_empty());
    assert!(diags.is_empty(), "only ambiguity warns: {diags:?}");
    let u = g.unresolved(&a);
    assert_eq!(u.len(), 1);
    assert_eq!(u[0].file, PathBuf::from("c.md"));
    assert_eq!(u[0].line, 10);
}

#[test]
fn the_issuer_named_after_cua_wins() {
    let citing =
        from_xa("Thực hiện Công văn số 12-CV/HU của Ban Thường vụ Huyện ủy Bù Đăng về việc.");
    let (a, g, _) = graph(two_districts(citing));
    // The tree would pick An Phú (the xã's own district); the named issuer overrides it.
    assert_eq!(
        targets(&a, &g, "c.md"),
        [("12-CV/HU".to_string(), Ok("b12.md".to_string()))]
    );
}

#[test]
fn a_named_issuer_matches_through_its_ancestors() {
    // "Ban Dân vận Tỉnh ủy" in a Huyện document: the Ban Dân vận under the Tỉnh ủy, not the
    // Huyện's own Ban Dân vận with the same number.
    let (a, g, _) = graph(vec![
        doc(
            "tu.md",
            "1-CV/TU",
            "Tỉnh ủy Bình Phước",
            None,
            (2018, 1, 1),
            "",
        ),
        doc(
            "bdvtu.md",
            "224-TB/BDV",
            "Ban Dân vận",
            Some("Tỉnh ủy Bình Phước"),
            (2018, 10, 12),
            "",
        ),
        doc(
            "bdvhu.md",
            "224-TB/BDV",
            "Ban Dân vận Huyện ủy Hón Quản",
            Some("Huyện ủy Hón Quản"),
            (2018, 10, 12),
            "",
        ),
        doc(
            "c.md",
            "44-CV/HU",
            "Huyện ủy Hón Quản",
            Some("Tỉnh ủy Bình Phước"),
            (2018, 11, 11),
            "Thực hiện Thông báo số 224-TB/BDV ngày 12/10/2018 của Ban Dân vận Tỉnh ủy về kết luận.",
        ),
    ]);
    assert_eq!(
        targets(&a, &g, "c.md"),
        [("224-TB/BDV".to_string(), Ok("bdvtu.md".to_string()))]
    );
}

#[test]
fn without_an_issuer_the_nearest_in_the_tree_wins() {
    let (a, g, diags) = graph(two_districts(from_xa("Thực hiện Công văn số 12-CV/HU.")));
    assert_eq!(
        targets(&a, &g, "c.md"),
        [("12-CV/HU".to_string(), Ok("a12.md".to_string()))]
    );
    assert!(diags.is_empty(), "{diags:?}");
}

#[test]
fn still_several_is_ambiguous_and_warned() {
    let mut citing = from_province("Mở đầu.\n\nTheo Công văn số 12-CV/HU của Huyện ủy.");
    citing.body_line = 20;
    let (a, g, diags) = graph(two_districts(citing));
    let ambiguous = Unresolved::Ambiguous(vec![id_of(&a, "b12.md"), id_of(&a, "a12.md")]);
    assert_eq!(
        targets(&a, &g, "c.md"),
        [("12-CV/HU".to_string(), Err(ambiguous))]
    );
    assert_eq!(diags.len(), 1, "{diags:?}");
    assert_eq!(diags[0].path, PathBuf::from("c.md"));
    assert_eq!(diags[0].line, Some(22));
    assert!(!diags[0].is_error());
    assert!(
        diags[0].message.contains("12-CV/HU"),
        "{}",
        diags[0].message
    );
}

#[test]
fn a_number_shared_by_many_names_a_few_of_them() {
    let mut docs: Vec<Document> = (0..8)
        .map(|i| {
            doc(
                &format!("d{i}.md"),
                "12-CV/HU",
                &format!("Huyện ủy Số {i}"),
                Some("Tỉnh ủy Bình Phước"),
                (2018, 3, 1),
                "",
            )
        })
        .collect();
    docs.push(from_province("Theo Công văn số 12-CV/HU."));
    let (_, _, diags) = graph(docs);
    assert_eq!(diags.len(), 1, "{diags:?}");
    let m = &diags[0].message;
    assert!(m.contains("matches 8 documents"), "{m}");
    assert_eq!(m.matches(".md").count(), 5, "{m}");
    assert!(m.contains(", and 3 more)"), "{m}");
}

#[test]
fn partial_citations_need_one_match_of_type_number_and_issuer() {
    let (a, g, _) = graph(vec![
        doc(
            "qd217.md",
            "217-QĐ/TW",
            "Bộ Chính trị",
            None,
            (2013, 12, 12),
            "",
        ),
        doc(
            "kh217.md",
            "217-KH/TU",
            "Tỉnh ủy Bình Phước",
            None,
            (2014, 1, 2),
            "",
        ),
        doc(
            "qd218.md",
            "218-QĐ/TW",
            "Bộ Chính trị",
            None,
            (2013, 12, 12),
            "",
        ),
        doc(
            "qd218tu.md",
            "218-QĐ/TU",
            "Tỉnh ủy Bình Phước",
            None,
            (2014, 1, 2),
            "",
        ),
        doc(
            "c.md",
            "121-CV/ĐU",
            "Đảng ủy xã Mỹ Thạnh",
            None,
            (2017, 4, 3),
            "Theo Quyết định 217, 218 của Bộ Chính trị. Quyết định số 218 ngày 02/01/2014. \
             Kế hoạch số 999 của Tỉnh ủy.",
        ),
    ]);
    assert_eq!(
        targets(&a, &g, "c.md"),
        [
            ("217".to_string(), Ok("qd217.md".to_string())),
            ("218".to_string(), Ok("qd218.md".to_string())),
            // A date alone does not single out a bare number: the issuer must be named.
            ("218".to_string(), Err(Unresolved::Partial)),
            ("999".to_string(), Err(Unresolved::NotArchived)),
        ]
    );
}

#[test]
fn citing_oneself_is_ignored() {
    let (a, g, _) = graph(vec![doc(
        "c.md",
        "44-CV/HU",
        "Huyện ủy Hón Quản",
        None,
        (2018, 11, 11),
        "Số 44/ CV/HU. Giao Ban Dân vận theo dõi Công văn số 44-CV/HU này.",
    )]);
    assert!(g.cites(id_of(&a, "c.md")).is_empty());
    assert!(g.unresolved(&a).is_empty());
}

#[test]
fn references_add_citations_with_their_relation() {
    let mut citing = doc(
        "c.md",
        "44-CV/HU",
        "Huyện ủy A",
        None,
        (2018, 11, 11),
        "Thực hiện Công văn số 12-CV/HU.",
    );
    citing.references = vec![
        "Căn cứ Quyết định số 217-QĐ/TW ngày 12/12/2013".into(),
        "12-CV/HU".into(),
        "Nghị quyết 18-NQ/TW".into(),
    ];
    let (a, g, _) = graph(vec![
        doc("t.md", "12-CV/HU", "Huyện ủy A", None, (2018, 3, 1), ""),
        doc(
            "qd.md",
            "217-QĐ/TW",
            "Bộ Chính trị",
            None,
            (2013, 12, 12),
            "",
        ),
        citing,
    ]);
    let cites = g.cites(id_of(&a, "c.md"));
    let summary: Vec<(&str, Relation, bool, usize)> = cites
        .iter()
        .map(|c| {
            (
                c.citation.number.as_str(),
                c.citation.relation,
                c.in_body,
                c.line,
            )
        })
        .collect();
    assert_eq!(
        summary,
        [
            ("12-CV/HU", Relation::Implements, true, 10),
            ("217-QĐ/TW", Relation::BasedOn, false, 7),
            ("12-CV/HU", Relation::Mentions, false, 7),
            ("18-NQ/TW", Relation::Mentions, false, 7),
        ]
    );
    let c = id_of(&a, "c.md");
    assert_eq!(g.cited_by(id_of(&a, "qd.md")), [(c, Relation::BasedOn)]);
    // Cited twice, listed once with the strongest relation.
    assert_eq!(g.cited_by(id_of(&a, "t.md")), [(c, Relation::Implements)]);
    assert_eq!(cites[3].target, Err(Unresolved::NotArchived));
}

#[test]
fn a_bare_reference_is_taken_as_a_number() {
    let cites = reference_citations("Số 12 -CV/HU");
    assert_eq!(cites.len(), 1);
    assert_eq!(cites[0].key, number_key("12-CV/HU"));
    assert!(reference_citations("văn bản của huyện").is_empty());
}

/// Everything a graph says about every document, to compare two graphs.
fn summary(g: &Graph, n: usize) -> Vec<String> {
    (0..n)
        .map(DocId::new)
        .map(|id| {
            let cites: Vec<String> = g
                .cites(id)
                .iter()
                .map(|c| {
                    format!(
                        "{} {:?} {} {} {:?}",
                        c.citation.number, c.target, c.line, c.in_body, c.citation.relation
                    )
                })
                .collect();
            format!("{id:?}: {cites:?} <- {:?}", g.cited_by(id))
        })
        .collect()
}

#[test]
fn refresh_after_an_edit_is_the_graph_new_gives() {
    let citing = from_province("Thực hiện Công văn số 12-CV/HU của Huyện ủy An Phú.");
    let (mut a, mut g, _) = graph(two_districts(citing));
    let c = id_of(&a, "c.md");
    let a12 = id_of(&a, "a12.md");
    assert_eq!(g.cited_by(a12).len(), 1);

    // The body now cites the Tỉnh ủy's letter and, ambiguously, both 12-CV/HU.
    let body = "Căn cứ Công văn số 5-CV/TU.\n\nTheo Công văn số 12-CV/HU của Huyện ủy.";
    a.entries[c].doc.body = body.to_string();
    let mut diags = Vec::new();
    g.refresh(&a, &[c], &mut diags);

    let mut edited = two_districts(from_province(body));
    edited.sort_by(|x, y| x.source.cmp(&y.source));
    let mut fresh_diags = Vec::new();
    let fresh_archive = Archive::new(edited, &Config::default(), &mut fresh_diags);
    let fresh = Graph::new(&fresh_archive, &mut fresh_diags);
    assert_eq!(summary(&g, a.len()), summary(&fresh, a.len()));
    assert!(g.cited_by(a12).is_empty());
    assert_eq!(diags, fresh_diags);
    assert_eq!(
        diags.len(),
        1,
        "the ambiguous citation is warned: {diags:?}"
    );
}

/// Numbers of every shape issue 19 lists, each held by two documents of one number (told
/// apart by date or issuer), so that a wrong reading can resolve to the wrong one.
const SHAPES: &[(&str, &str, &str)] = &[
    ("1498-CV/HU", "Huyện ủy An Phú", "Công văn"),
    ("17/UBND-VX", "UBND huyện An Phú", "Công văn"),
    (
        "367-QĐ/TWĐTN",
        "Ban Chấp hành Trung ương Đoàn",
        "Quyết định",
    ),
    ("26/TB-VP.UBND", "Văn phòng UBND tỉnh", "Thông báo"),
    ("70-KH/BDVTU-BCSDUB", "Ban Dân vận Tỉnh ủy", "Kế hoạch"),
    ("01/2011/TT-BNV", "Bộ Nội vụ", "Thông tư"),
    ("08-QĐi/TW", "Ban Chấp hành Trung ương", "Quy định"),
    ("24-CT/TƯ", "Tỉnh ủy Bình Phước", "Chỉ thị"),
];

/// `number` with `spaces[k]` (before, after) around its k-th `-` or `/`, and its letters
/// in lower case where `lower` says so.
fn rewritten(number: &str, spaces: &[(usize, usize)], lower: &[bool]) -> String {
    let mut out = String::new();
    let mut k = 0;
    for (i, c) in number.chars().enumerate() {
        if matches!(c, '-' | '/') {
            let (before, after) = spaces[k % spaces.len()];
            k += 1;
            out.push_str(&" ".repeat(before));
            out.push(c);
            out.push_str(&" ".repeat(after));
        } else if lower[i % lower.len()] {
            out.extend(c.to_lowercase());
        } else {
            out.push(c);
        }
    }
    out
}

proptest::proptest! {
    #[test]
    fn spaces_around_separators_and_case_never_change_the_target(
        shape in 0..SHAPES.len(),
        spaces in proptest::collection::vec((0..3usize, 0..3usize), 1..4),
        lower in proptest::collection::vec(proptest::bool::ANY, 1..6),
        lower_words in proptest::bool::ANY,
        dated in proptest::bool::ANY,
    ) {
        let (number, issuer, ty) = SHAPES[shape];
        let mut docs = vec![
            doc("a.md", number, issuer, None, (2018, 3, 1), ""),
            doc("b.md", number, "Huyện ủy Bù Đăng", None, (2019, 4, 2), ""),
        ];
        let date = if dated { " ngày 01/3/2018" } else { "" };
        let ty = if lower_words { ty.to_lowercase() } else { ty.to_string() };
        let so = if lower_words { "số" } else { "Số" };
        let cite = |n: &str| format!("Thực hiện {ty} {so} {n}{date} của {issuer} về việc.");
        let plain = cite(number);
        let written = cite(&rewritten(number, &spaces, &lower));
        docs.push(doc("c.md", "5-CV/ĐU", "Đảng ủy xã Tân Hưng", None, (2020, 1, 1), &plain));
        docs.push(doc("d.md", "6-CV/ĐU", "Đảng ủy xã Tân Hưng", None, (2020, 1, 2), &written));
        let (a, g, _) = graph(docs);
        let want = targets(&a, &g, "c.md");
        proptest::prop_assert_eq!(&want[0].1, &Ok("a.md".to_string()), "{}", plain);
        let got = targets(&a, &g, "d.md");
        proptest::prop_assert_eq!(got.len(), 1, "{}", written);
        proptest::prop_assert_eq!(&got[0].1, &want[0].1, "{}", written);
        proptest::prop_assert_eq!(
            number_key(&got[0].0),
            number_key(number),
            "{}",
            written
        );
    }
}

#[test]
fn a_later_document_replacing_amending_or_annulling_one_is_its_status() {
    let (a, g, _) = graph(vec![
        doc(
            "old.md",
            "5-QĐ/HU",
            "Huyện ủy Hón Quản",
            None,
            (2017, 1, 1),
            "",
        ),
        doc(
            "amend.md",
            "8-QĐ/HU",
            "Huyện ủy Hón Quản",
            None,
            (2018, 1, 1),
            "Sửa đổi, bổ sung Điều 2 Quyết định số 5-QĐ/HU ngày 01/01/2017.",
        ),
        doc(
            "new.md",
            "12-QĐ/HU",
            "Huyện ủy Hón Quản",
            None,
            (2019, 1, 1),
            "Căn cứ Quy chế làm việc; Quyết định này thay thế Quyết định số 5-QĐ/HU ngày \
             01/01/2017 và bãi bỏ Quyết định số 8-QĐ/HU.",
        ),
        // Older than what it names: history, not a revision.
        doc(
            "history.md",
            "1-CV/HU",
            "Huyện ủy Hón Quản",
            None,
            (2016, 1, 1),
            "Quyết định này thay thế Quyết định số 12-QĐ/HU.",
        ),
        doc(
            "mention.md",
            "2-CV/HU",
            "Huyện ủy Hón Quản",
            None,
            (2020, 1, 1),
            "Theo Quyết định số 12-QĐ/HU.",
        ),
    ]);
    let (old, amend, new) = (
        id_of(&a, "old.md"),
        id_of(&a, "amend.md"),
        id_of(&a, "new.md"),
    );
    assert_eq!(
        g.revised_by(old),
        [(new, Relation::Replaces), (amend, Relation::Amends)]
    );
    assert_eq!(g.revised_by(amend), [(new, Relation::Annuls)]);
    assert_eq!(g.revised_by(new), []);
    assert_eq!(g.cited_by(new).len(), 2, "still listed as citing it");
}
