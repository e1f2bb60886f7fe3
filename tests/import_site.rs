//! `vanban import` through the binary: the five seeds, imported into an empty site, build into
//! the same document pages as the hand transcription in `content/` (SPEC §5, issue 6).

mod common;

use common::TestSite;

fn article(html: &str) -> String {
    let start = html.find("<article").expect("an article");
    let end = html.find("</article>").expect("its end");
    html[start..end].to_string()
}

#[test]
fn imported_seeds_build_the_same_document_pages_as_the_transcription() {
    let seeds = common::fixtures().join("seeds");
    let mut files: Vec<_> = std::fs::read_dir(&seeds)
        .unwrap()
        .flatten()
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|e| e == "txt"))
        .collect();
    files.sort();
    assert_eq!(files.len(), 5);

    let imported = TestSite::empty();
    let mut args = vec!["import".to_string()];
    args.extend(files.iter().map(|p| p.display().to_string()));
    let out = imported.run(&args.iter().map(String::as_str).collect::<Vec<_>>());
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert_eq!(
        stdout.lines().count(),
        5,
        "one line per file written: {stdout}"
    );

    // Importing again never overwrites, names the file and exits 1.
    let again = imported.run(&args.iter().map(String::as_str).collect::<Vec<_>>());
    assert_eq!(again.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&again.stderr).contains("already exists"));

    imported.build_with(|o| o.drafts = true).unwrap();
    let sample = TestSite::sample();
    sample.build_with(|o| o.drafts = true).unwrap();
    let pages: Vec<_> = sample
        .output_tree()
        .into_keys()
        .filter(|p| {
            p.starts_with("van-ban")
                && p.extension().is_some_and(|e| e == "html")
                && !p.ends_with("index.html")
        })
        .collect();
    assert_eq!(pages.len(), 5);
    for page in pages {
        let page = page.to_string_lossy();
        assert_eq!(
            article(&imported.read(&page)),
            article(&sample.read(&page)),
            "{page}"
        );
    }
    common::check_site(&imported.public());
}

#[test]
fn an_unreadable_file_is_named_and_the_others_are_still_imported() {
    let site = TestSite::empty();
    let seed = common::fixtures().join("seeds/000_5aa3c4687815ebe1.txt");
    let out = site.run(&["import", "/nonexistent/a.txt", &seed.display().to_string()]);
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stderr).contains("/nonexistent/a.txt"));
    assert!(
        site.root()
            .join("content/2018/44-cv-hu-huyen-uy-hon-quan.md")
            .is_file()
    );
}
