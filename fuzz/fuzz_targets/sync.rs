//! `vanban sync` into a destination folder in any state: files, folders, links (some
//! leading outside), and a manifest and a pending list that may lie about them, sealed
//! as vanban seals them (the seal is a checksum, so a forger can make one).
//!
//! Each input line builds the destination: `f PATH TEXT` a file, `d PATH` a folder,
//! `s PATH TARGET` a symbolic link, `m PATH TEXT` / `p PATH TEXT` an entry of the manifest /
//! pending list saying PATH holds TEXT, `x PATH` an entry for a file of the site.
//! Whatever sync answers: nothing outside the destination changes, no file the lists do
//! not name is changed or removed, and a sync that says it is done leaves a copy that
//! holds the site's bytes and that `sync --verify` finds good, but for files a plain sync
//! trusts by size and time and left as they were.
#![no_main]

use std::collections::BTreeMap;
use std::fs;
use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use libfuzzer_sys::fuzz_target;
use vanban::manifest::{Entry, Manifest};
use vanban::progress::NoProgress;
use vanban::sync::{PENDING, sync, verify};

const SITE: &[(&str, &str)] = &[
    ("index.html", "<p>trang chủ</p>"),
    ("van-ban/2018/a.html", "<p>văn bản</p>"),
    ("tim-kiem/meta.js", "var m=1;"),
    ("vanban-feed.xml", "<rss/>"),
];

struct Dirs {
    site: PathBuf,
    work: PathBuf,
}

fn dirs() -> &'static Dirs {
    static DIRS: OnceLock<Dirs> = OnceLock::new();
    DIRS.get_or_init(|| {
        let base = std::env::temp_dir().join(format!("vanban-fuzz-sync-{}", std::process::id()));
        let site = base.join("site");
        let mut manifest = Manifest::default();
        for (path, text) in SITE {
            let file = site.join(path);
            fs::create_dir_all(file.parent().unwrap()).unwrap();
            fs::write(&file, text).unwrap();
            manifest.files.insert(path.to_string(), Entry::of(text.as_bytes()));
        }
        manifest.write(&site).unwrap();
        Dirs { site, work: base.join("work") }
    })
}

/// Every file below `dir`, with its bytes (links as their targets).
fn tree(dir: &Path) -> BTreeMap<PathBuf, Vec<u8>> {
    let mut out = BTreeMap::new();
    for e in walkdir::WalkDir::new(dir).follow_links(false).into_iter().flatten() {
        let t = e.file_type();
        if t.is_symlink() {
            let target = fs::read_link(e.path()).unwrap_or_default();
            out.insert(e.path().to_path_buf(), target.into_os_string().into_encoded_bytes());
        } else if t.is_file() {
            out.insert(e.path().to_path_buf(), fs::read(e.path()).unwrap_or_default());
        }
    }
    out
}

/// A path of the destination from fuzz text: relative, no `..`, a few parts.
fn inside(p: &str) -> Option<&str> {
    let ok = !p.is_empty()
        && !p.starts_with('/')
        && p.len() < 60
        && p.split('/').all(|c| !c.is_empty() && c != ".." && c != ".");
    ok.then_some(p)
}

fuzz_target!(|bytes: &[u8]| {
    let dirs = dirs();
    let _ = fs::remove_dir_all(&dirs.work);
    let dest = dirs.work.join("dest");
    let outside = dirs.work.join("outside");
    fs::create_dir_all(&dest).unwrap();
    fs::create_dir_all(&outside).unwrap();
    fs::write(outside.join("thesis.docx"), "mine").unwrap();

    let text = String::from_utf8_lossy(bytes);
    let checksum = bytes.first().is_some_and(|b| b & 1 == 1);
    let (mut listed, mut pending) = (Manifest::default(), Manifest::default());
    let (mut any_listed, mut any_pending) = (false, false);
    for line in text.lines().take(64) {
        let mut parts = line.splitn(3, ' ');
        let (Some(kind), Some(path)) = (parts.next(), parts.next().and_then(inside)) else {
            continue;
        };
        let rest = parts.next().unwrap_or("");
        let at = dest.join(path);
        match kind {
            "f" => {
                let _ = fs::create_dir_all(at.parent().unwrap());
                let _ = fs::write(&at, rest);
            }
            "d" => {
                let _ = fs::create_dir_all(&at);
            }
            "s" => {
                let _ = fs::create_dir_all(at.parent().unwrap());
                let target = match rest {
                    "out" => outside.clone(),
                    "out-file" => outside.join("thesis.docx"),
                    other => PathBuf::from(other),
                };
                let _ = std::os::unix::fs::symlink(target, &at);
            }
            "m" | "p" | "x" => {
                let entry = match kind {
                    "x" => SITE
                        .iter()
                        .find(|(p, _)| *p == path)
                        .map_or(Entry::of(rest.as_bytes()), |(_, t)| Entry::of(t.as_bytes())),
                    _ => Entry::of(rest.as_bytes()),
                };
                if kind == "p" {
                    pending.files.insert(path.to_string(), entry);
                    any_pending = true;
                } else {
                    listed.files.insert(path.to_string(), entry);
                    any_listed = true;
                }
            }
            _ => {}
        }
    }
    if any_listed {
        let _ = listed.write(&dest);
    }
    if any_pending {
        let _ = pending.write_as(&dest, PENDING);
    }

    let outside_before = tree(&outside);
    let before = tree(&dest);
    let result = sync(&dirs.site, &dest, checksum, &NoProgress);
    assert_eq!(outside_before, tree(&outside), "a file outside the destination changed");
    let after = tree(&dest);
    let named = |p: &Path| {
        let rel = p.strip_prefix(&dest).unwrap().to_string_lossy().into_owned();
        listed.files.contains_key(&rel)
            || pending.files.contains_key(&rel)
            || rel == vanban::manifest::FILE_NAME
            || rel == PENDING
    };
    for (path, bytes) in &before {
        if !named(path) {
            assert_eq!(
                after.get(path),
                Some(bytes),
                "{}: not vanban's, yet changed or removed ({result:?})",
                path.display()
            );
        }
    }
    if result.is_ok() {
        let verified = verify(&dest, &NoProgress).expect("a finished copy verifies");
        // Without --checksum a file its list vouches for by size and time is trusted (as
        // rsync trusts them): one damaged in place, left as it was, is --verify's to find.
        let trusted = |rel: &String| {
            let path = dest.join(rel);
            !checksum && before.get(&path).is_some_and(|b| after.get(&path) == Some(b))
        };
        assert!(verified.corrupted.iter().all(trusted), "{verified:?}");
        assert!(verified.missing.is_empty() && verified.extra.is_empty(), "{verified:?}");
        for (path, text) in SITE {
            let copied = fs::read(dest.join(path)).ok();
            assert!(
                copied.as_deref() == Some(text.as_bytes()) || trusted(&path.to_string()),
                "{path}"
            );
        }
    }
});
