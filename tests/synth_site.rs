//! A synthetic archive end to end (issue 3's done-when): ~300 generated documents build into
//! a site that passes the SPEC §3 checker, and the citations planted in them (ground truth in
//! `citations.tsv`) are linked both ways, none to the wrong document.

mod common;

use vanban::site::{self, BuildOptions, Timings};
use vanban_bench::synth::{SynthOptions, citation_accuracy, generate};

#[test]
fn a_synthetic_archive_builds_clean_and_links_its_citations() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().join("site");
    let opts = SynthOptions {
        docs: 300,
        seed: 7,
        secret_every: Some(41),
        draft_every: None,
    };
    generate(&opts, &root).unwrap();
    let report = site::build(&BuildOptions {
        root: root.clone(),
        ..Default::default()
    })
    .unwrap_or_else(|f| panic!("build failed: {:?} {:?}", f.message, f.diagnostics));
    assert!(report.documents > 250, "{} documents", report.documents);
    common::check_site(&report.output);

    let tsv = std::fs::read_to_string(root.join("citations.tsv")).unwrap();
    let prepared = site::prepare(&root, false, &mut Timings::default()).unwrap();
    let a = citation_accuracy(&tsv, &prepared.archive, &prepared.citations);
    assert!(a.archived > 100, "{a:?}");
    assert!(a.percent() >= 99.0, "{a:?}");
    assert_eq!(a.wrong, 0, "{a:?}");
}
