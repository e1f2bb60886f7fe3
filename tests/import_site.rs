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

#[test]
fn word_97_pdf_and_saved_pages_import_and_build() {
    let site = TestSite::empty();
    let import = common::fixtures().join("import");
    // A portal's copy, where the date comes from the attribute block: marked for checking.
    let portal = site.root().join("portal.txt");
    std::fs::write(
        &portal,
        "Số hiệu: 40/KH-UBND Loại văn bản: Kế hoạch\nNgày ban hành: 12/03/2021\n\nỦY BAN NHÂN DÂN\nHUYỆN TÂN LỘC\nSố: 40/KH-UBND\n\nKẾ HOẠCH\nTriển khai công tác dân vận chính quyền năm 2021\n\nỦy ban nhân dân huyện ban hành kế hoạch triển khai công tác dân vận.\n",
    )
    .unwrap();
    let files = [
        import.join("party.doc"),
        import.join("state.pdf"),
        portal.clone(),
    ];
    let mut args = vec!["import".to_string()];
    args.extend(files.iter().map(|p| p.display().to_string()));
    let out = site.run(&args.iter().map(String::as_str).collect::<Vec<_>>());
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert_eq!(stdout.lines().count(), 3, "{stdout}");
    assert!(
        stdout.contains("portal.txt)") && stdout.contains("check: date (taken from the web page"),
        "{stdout}"
    );
    let written = std::fs::read_to_string(
        site.root()
            .join("content/2021/40-kh-ubnd-uy-ban-nhan-dan-huyen-tan-loc.md"),
    )
    .unwrap();
    assert!(
        written.contains("date: 2021-03-12 # kiểm tra: "),
        "{written}"
    );
    assert!(
        site.root()
            .join("content/2020/25-cv-bdvhu-ban-dan-van-huyen-uy-phu-lac.md")
            .is_file()
    );
    site.build_ok();
    common::check_site(&site.public());
}

/// A PDF whose objects point to one that is missing (found by fuzzing) is named with its
/// error, without a panic message, and the other files are still imported.
#[test]
fn a_broken_pdf_is_an_error_without_a_panic() {
    let site = TestSite::empty();
    let broken = common::fixtures().join("import/broken-reference.pdf");
    let seed = common::fixtures().join("seeds/000_5aa3c4687815ebe1.txt");
    let out = site.run(&[
        "import",
        &broken.display().to_string(),
        &seed.display().to_string(),
    ]);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{stderr}");
    assert!(stderr.contains("broken-reference.pdf"), "{stderr}");
    assert!(stderr.contains("cannot be extracted"), "{stderr}");
    assert!(!stderr.contains("panicked"), "{stderr}");
    assert!(
        site.root()
            .join("content/2018/44-cv-hu-huyen-uy-hon-quan.md")
            .is_file()
    );
}
