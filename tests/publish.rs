//! Publishing through the binary: unchanged outputs keep their modification time across
//! builds (so a sync by time and size sends only what changed), and the build says which
//! pages it added, changed and removed.

mod common;

use std::collections::BTreeMap;
use std::fs;
use std::path::{Path, PathBuf};
use std::time::{Duration, SystemTime};

use common::{TestSite, doc};

fn stdout(o: &std::process::Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

fn stderr(o: &std::process::Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

fn build(site: &TestSite) -> String {
    let out = site.run(&["build"]);
    assert!(out.status.success(), "{}", stderr(&out));
    stdout(&out)
}

/// The pages added, changed and removed that a build's output says.
fn counts(out: &str) -> (usize, usize, usize) {
    let line = out
        .lines()
        .find_map(|l| l.strip_prefix("pages: "))
        .unwrap_or_else(|| panic!("no count of pages in {out}"));
    let n: Vec<usize> = line
        .split(|c: char| !c.is_ascii_digit())
        .filter_map(|w| w.parse().ok())
        .collect();
    (n[0], n[1], n[2])
}

/// A time long before any build: files set to it and kept by a build still have it.
fn long_ago() -> SystemTime {
    SystemTime::UNIX_EPOCH + Duration::from_secs(1_000_000_000)
}

/// Every file of `dir` (the manifest aside) with its bytes and modification time.
fn files(dir: &Path) -> BTreeMap<PathBuf, (Vec<u8>, SystemTime)> {
    walkdir::WalkDir::new(dir)
        .into_iter()
        .flatten()
        .filter(|e| e.file_type().is_file() && e.file_name() != "vanban-manifest.txt")
        .map(|e| {
            let meta = e.metadata().unwrap();
            (
                e.path().strip_prefix(dir).unwrap().to_path_buf(),
                (fs::read(e.path()).unwrap(), meta.modified().unwrap()),
            )
        })
        .collect()
}

/// Sets every output file's modification time to [`long_ago`] (earlier than the manifest, so
/// the folder stays vanban's).
fn age(dir: &Path) {
    for path in files(dir).keys() {
        let f = fs::File::options()
            .write(true)
            .open(dir.join(path))
            .unwrap();
        f.set_modified(long_ago()).unwrap();
    }
}

#[test]
fn a_rebuild_changes_the_time_of_only_the_files_that_changed() {
    let site = TestSite::sample();
    let first = build(&site);
    assert!(
        first.contains("pages: 28 added, 0 changed, 0 removed"),
        "{first}"
    );
    age(&site.public());
    let before = files(&site.public());

    // The same input: nothing is new.
    let again = build(&site);
    assert!(
        again.contains("pages: 0 added, 0 changed, 0 removed"),
        "{again}"
    );
    assert_eq!(files(&site.public()), before);

    // One document's body edited: its page and the search index change, nothing else.
    let source = site
        .root()
        .join("content/2017/121-cv-du-dang-uy-xa-my-thanh.md");
    let mut text = fs::read_to_string(&source).unwrap();
    text.push_str("\nMột câu thêm vào cuối văn bản.\n");
    fs::write(&source, text).unwrap();
    let edited = build(&site);
    let after = files(&site.public());
    assert_eq!(
        after.keys().collect::<Vec<_>>(),
        before.keys().collect::<Vec<_>>()
    );
    let mut changed = Vec::new();
    for (path, (bytes, time)) in &after {
        if *bytes == before[path].0 {
            assert_eq!(*time, long_ago(), "{} kept its bytes", path.display());
        } else {
            assert_ne!(*time, long_ago(), "{} has new bytes", path.display());
            changed.push(path.to_string_lossy().into_owned());
        }
    }
    assert!(
        changed.contains(&"van-ban/2017/121-cv-du-dang-uy-xa-my-thanh.html".to_string()),
        "{changed:?}"
    );
    let pages = changed.iter().filter(|p| p.ends_with(".html")).count();
    assert!(
        changed.len() < after.len() / 10,
        "{} of {} files: {changed:?}",
        changed.len(),
        after.len()
    );
    assert!(
        edited.contains(&format!("pages: 0 added, {pages} changed, 0 removed")),
        "{edited}"
    );

    // A document added and one taken out: counted as such.
    site.write(
        "content/2020/5-tb-hu.md",
        &doc(
            "5-TB/HU",
            "Huyện ủy Hớn Quản",
            "2020-05-05",
            "Thông báo mới",
            "Nội dung.",
        ),
    );
    let (added, _, removed) = counts(&build(&site));
    assert!(added >= 1 && removed == 0, "{added} {removed}");
    fs::remove_file(site.root().join("content/2020/5-tb-hu.md")).unwrap();
    let (again, _, removed) = counts(&build(&site));
    assert_eq!((again, removed), (0, added));
}
