//! `serve`'s fast path through the library (`site::Live::edit`): an edit it follows leaves
//! the output byte for byte as a full build of the edited site writes it (the search index
//! aside, which the full build after a second of quiet renews), an edit of anything other
//! pages show is left to a full build, and a broken edit changes nothing and says where.

mod common;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use common::{copy_dir, read_tree};
use vanban::ids::DocId;
use vanban::model::DocDate;
use vanban::site::{self, BuildOptions, Live};
use vanban_bench::synth::{SynthOptions, generate};

const BASE_URL: &str = "https://example.vn/van-ban/";

/// A synthetic archive with citations, and a feed and sitemap (a `base_url`).
fn synth_site() -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().join("site");
    let opts = SynthOptions {
        docs: 120,
        seed: 11,
        secret_every: None,
        draft_every: None,
    };
    generate(&opts, &root).unwrap();
    (dir, root)
}

fn options(root: &Path) -> BuildOptions {
    BuildOptions {
        root: root.to_path_buf(),
        base_url: Some(BASE_URL.into()),
        ..Default::default()
    }
}

fn build_live(root: &Path) -> Live {
    match site::build_live(&options(root)) {
        Ok((_, live)) => live,
        Err(f) => panic!("build failed: {:?} {:?}", f.message, f.diagnostics),
    }
}

/// The output a full build of a copy of `root`'s sources writes.
fn fresh_build(root: &Path) -> BTreeMap<PathBuf, Vec<u8>> {
    let dir = tempfile::tempdir().unwrap();
    copy_dir(&root.join("content"), &dir.path().join("content"));
    std::fs::copy(root.join("vanban.yaml"), dir.path().join("vanban.yaml")).unwrap();
    let report = site::build(&options(dir.path())).unwrap();
    read_tree(&report.output)
}

/// The files that differ between two outputs, or are in only one.
fn differing(a: &BTreeMap<PathBuf, Vec<u8>>, b: &BTreeMap<PathBuf, Vec<u8>>) -> Vec<PathBuf> {
    let mut paths: Vec<PathBuf> = a.keys().chain(b.keys()).cloned().collect();
    paths.sort();
    paths.dedup();
    paths.retain(|p| a.get(p) != b.get(p));
    paths
}

/// A document file's text with its body replaced.
fn with_body(text: &str, body: &str) -> String {
    let end = text[4..].find("\n---\n").unwrap() + 4 + "\n---\n".len();
    format!("{}{body}", &text[..end])
}

/// How a body cites document `id`: type, number, date and issuer, so it resolves to it.
fn citation_of(live: &Live, id: DocId) -> String {
    let e = &live.archive.entries[id];
    let Some(DocDate::Day(day)) = e.doc.date else {
        panic!("a dated document");
    };
    format!(
        "{} số {} ngày {} của {}",
        e.doc.doc_type,
        e.doc.number.as_deref().unwrap(),
        day.format("%d/%m/%Y"),
        live.archive.issuers.get(e.issuer).name
    )
}

#[test]
fn a_followed_edit_writes_what_a_full_build_writes() {
    let (_dir, root) = synth_site();
    let mut live = build_live(&root);
    let output = live.options.output_dir();

    // A document citing others, and one it does not cite.
    let targets = |live: &Live, id: DocId| -> Vec<DocId> {
        live.citations
            .cites(id)
            .iter()
            .filter_map(|c| c.target.clone().ok())
            .collect()
    };
    let a = live
        .archive
        .entries
        .ids()
        .find(|id| targets(&live, *id).len() >= 2)
        .expect("a document citing two others");
    let mut before = targets(&live, a);
    before.sort_unstable();
    before.dedup();
    let b = live
        .archive
        .entries
        .ids()
        .rev()
        .find(|id| {
            *id != a
                && !before.contains(id)
                && live.archive.entries[*id].doc.number.is_some()
                && !live.archive.entries[*id].doc.draft
        })
        .unwrap();
    let source = live.archive.entries[a].doc.source.clone();
    let url = |live: &Live, id: DocId| live.archive.entries[id].url().to_string();
    let b_page_before = std::fs::read(output.join(url(&live, b))).unwrap();

    // The body now implements B only: the pages of the documents it cited lose it from
    // their "cited by" lists and chains, and B's page gains it.
    let text = std::fs::read_to_string(root.join(&source)).unwrap();
    let body = format!(
        "\nThực hiện {}, đề nghị các cơ quan, đơn vị triển khai.\n\nĐoạn mới của bản sửa.\n",
        citation_of(&live, b)
    );
    std::fs::write(root.join(&source), with_body(&text, &body)).unwrap();
    let report = live
        .edit(std::slice::from_ref(&source))
        .unwrap()
        .expect("a body edit is followed");
    assert_eq!(targets(&live, a), vec![b], "the new citation resolves");
    for id in before.iter().chain([&a, &b]) {
        assert!(
            report.pages.contains(&url(&live, *id)),
            "{:?}",
            report.pages
        );
    }
    assert_eq!(report.pages.len(), before.len() + 2, "{:?}", report.pages);
    assert_ne!(
        std::fs::read(output.join(url(&live, b))).unwrap(),
        b_page_before
    );

    // Every file as a full build of the edited site writes it, but the search index (and
    // the manifest, which lists the index's files).
    let fresh = fresh_build(&root);
    let served = read_tree(&output);
    let stale = differing(&served, &fresh);
    assert!(
        stale
            .iter()
            .all(|p| p.starts_with("tim-kiem") || p == Path::new(vanban::manifest::FILE_NAME)),
        "pages differ from a full build: {stale:?}"
    );
    assert!(!stale.is_empty(), "the index holds the old body until then");
    // The search index renewed after a quiet second leaves nothing different.
    live.refresh_search().unwrap();
    assert_eq!(
        differing(&read_tree(&output), &fresh),
        Vec::<PathBuf>::new()
    );
}

#[test]
fn edits_of_what_other_pages_show_are_left_to_a_full_build() {
    let (_dir, root) = synth_site();
    let mut live = build_live(&root);
    let output = live.options.output_dir();
    let served = read_tree(&output);
    let id = live
        .archive
        .entries
        .ids()
        .find(|id| !live.archive.entries[*id].doc.campaigns.is_empty())
        .unwrap();
    let doc = live.archive.entries[id].doc.clone();
    let path = root.join(&doc.source);
    let text = std::fs::read_to_string(&path).unwrap();
    let number = doc.number.clone().unwrap();
    let subject_line = text
        .lines()
        .find(|l| l.starts_with("subject:"))
        .unwrap()
        .to_string();
    let new_subject = "subject: \"Về một trích yếu đã sửa\"";
    let edits = [
        ("subject", text.replace(&subject_line, new_subject)),
        (
            "number",
            text.replacen(&format!("number: {number}"), "number: 999-CV/XX", 1),
        ),
        (
            "campaigns",
            text.replacen("campaigns:\n", "campaigns:\n  - Phong trào mới\n", 1),
        ),
        ("secrecy", text.replacen("---\n", "---\nsecrecy: Mật\n", 1)),
        ("draft", text.replacen("---\n", "---\ndraft: true\n", 1)),
    ];
    for (what, edited) in &edits {
        assert_ne!(edited, &text, "{what}: the fixture has the field");
        std::fs::write(&path, edited).unwrap();
        let outcome = live.edit(std::slice::from_ref(&doc.source)).unwrap();
        assert!(outcome.is_none(), "{what}: not followed");
        assert_eq!(live.archive.entries[id].doc.subject, doc.subject, "{what}");
        assert!(differing(&read_tree(&output), &served).is_empty(), "{what}");
    }

    // The full build serve then runs is the site of the edited file, lists included.
    std::fs::write(&path, &edits[0].1).unwrap();
    let live = build_live(&root);
    let issuer = live.archive.issuers.get(live.archive.entries[id].issuer);
    let list = std::fs::read_to_string(output.join(format!("co-quan/{}.html", issuer.slug)));
    assert!(list.unwrap().contains("Về một trích yếu đã sửa"));
    assert!(differing(&read_tree(&output), &fresh_build(&root)).is_empty());
}

#[test]
fn a_broken_edit_keeps_the_pages_and_says_where() {
    let (_dir, root) = synth_site();
    let mut live = build_live(&root);
    let output = live.options.output_dir();
    let served = read_tree(&output);
    let source = live.archive.entries[DocId::new(3)].doc.source.clone();
    let path = root.join(&source);
    let text = std::fs::read_to_string(&path).unwrap();
    let line = text
        .lines()
        .position(|l| l.starts_with("subject:"))
        .unwrap()
        + 1;
    let broken: String = text
        .lines()
        .map(|l| {
            if l.starts_with("subject:") {
                "subject: [Về việc chưa đóng ngoặc"
            } else {
                l
            }
        })
        .collect::<Vec<_>>()
        .join("\n");
    std::fs::write(&path, format!("{broken}\n")).unwrap();
    let failure = live.edit(std::slice::from_ref(&source)).unwrap_err();
    let first = failure.diagnostics[0].to_string();
    assert!(
        first.starts_with(&format!("{}:", source.display())) && first.contains("invalid YAML"),
        "{first}"
    );
    let at = failure.diagnostics[0].line.unwrap();
    assert!(
        at.abs_diff(line) <= 1,
        "line {at}, the subject is on {line}"
    );
    assert!(differing(&read_tree(&output), &served).is_empty());

    // Mended, with a new paragraph: followed from the last good state.
    std::fs::write(&path, format!("{text}\nĐoạn thêm sau khi sửa lỗi.\n")).unwrap();
    let report = live.edit(std::slice::from_ref(&source)).unwrap().unwrap();
    let url = live.archive.entries[DocId::new(3)].url().to_string();
    assert!(report.pages.contains(&url), "{:?}", report.pages);
    let page = std::fs::read_to_string(output.join(&url)).unwrap();
    assert!(page.contains("Đoạn thêm sau khi sửa lỗi."));
}

/// A document cited by ten with "Thực hiện": its list shows all ten, and has no pages of its
/// own. An edit that keeps ten is followed and writes what a full build writes; an edit
/// that makes it eleven adds the list's own pages, and is left to a full build.
#[test]
fn an_edit_that_adds_or_drops_a_list_s_own_pages_is_left_to_a_full_build() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().join("site");
    let doc = |number: &str, date: &str, body: &str| {
        format!(
            "---\nnumber: \"{number}\"\nissuer: Huyện ủy Hón Quản\ndate: {date}\nsubject: \"V/v {number}\"\n---\n{body}\n"
        )
    };
    let write = |rel: &str, text: &str| {
        let p = root.join(rel);
        std::fs::create_dir_all(p.parent().unwrap()).unwrap();
        std::fs::write(p, text).unwrap();
    };
    write("vanban.yaml", "title: Kho\n");
    write("content/ct.md", &doc("5-CT/HU", "2018-01-02", "Nội dung."));
    let citing = "Thực hiện Chỉ thị số 5-CT/HU ngày 02/01/2018 của Huyện ủy Hón Quản.";
    for i in 1..=10 {
        write(
            &format!("content/k{i}.md"),
            &doc(&format!("{i}-KH/HU"), "2019-03-04", citing),
        );
    }
    write(
        "content/other.md",
        &doc("99-CV/HU", "2019-05-06", "Nội dung khác."),
    );
    let mut live = build_live(&root);
    let output = live.options.output_dir();
    let ct = live
        .archive
        .entries
        .iter_enumerated()
        .find(|(_, e)| e.doc.number.as_deref() == Some("5-CT/HU"))
        .unwrap()
        .0;
    let lists = output.join(live.archive.entries[ct].attachment_dir());
    assert!(!lists.exists());

    // Still ten: followed, as a full build writes it.
    write(
        "content/k1.md",
        &doc("1-KH/HU", "2019-03-04", &format!("{citing}\n\nĐoạn mới.")),
    );
    let report = live
        .edit(&[PathBuf::from("content/k1.md")])
        .unwrap()
        .expect("followed");
    assert!(
        report
            .pages
            .iter()
            .any(|p| p.ends_with("5-ct-hu-huyen-uy-hon-quan.html"))
    );
    let mut fresh = fresh_build(&root);
    let mut served = read_tree(&output);
    for t in [&mut fresh, &mut served] {
        t.retain(|p, _| !p.starts_with("tim-kiem") && p != Path::new("vanban-manifest.txt"));
    }
    assert_eq!(differing(&fresh, &served), Vec::<PathBuf>::new());

    // Eleven: the list gets pages of its own, which only a full build writes.
    write("content/other.md", &doc("99-CV/HU", "2019-05-06", citing));
    let outcome = live.edit(&[PathBuf::from("content/other.md")]).unwrap();
    assert!(outcome.is_none(), "left to a full build");
    assert_eq!(
        live.citations.cited_by(ct).len(),
        10,
        "the graph is as it was before the edit"
    );
}
