//! Publishing through the binary: unchanged outputs keep their modification time across
//! builds (so a sync by time and size sends only what changed) and the build says which
//! pages it added, changed and removed; `vanban sync` and `--verify`; names a FAT stick
//! cannot hold; and messages that say what happened, on the right line, in correct English.

mod common;

use std::collections::BTreeMap;
use std::fs;
use std::path::{Path, PathBuf};
use std::time::{Duration, SystemTime};

use common::{TestSite, doc, stderr, stdout};

fn build(site: &TestSite) -> String {
    let out = site.run(&["build"]);
    assert!(out.status.success(), "{}", stderr(&out));
    stdout(&out)
}

/// The pages added, changed and removed that a build's output says.
fn counts(out: &str) -> (usize, usize, usize) {
    let line = out
        .lines()
        .find_map(|l| l.split_once("pages: ").map(|(_, r)| r))
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

/// Appends a sentence to the body of one sample document (Công văn 121-CV/ĐU); its file.
fn add_a_sentence(site: &TestSite) -> PathBuf {
    let source = site
        .root()
        .join("content/2017/121-cv-du-dang-uy-xa-my-thanh.md");
    let mut text = fs::read_to_string(&source).unwrap();
    text.push_str("\nMột câu thêm vào cuối văn bản.\n");
    fs::write(&source, text).unwrap();
    source
}

#[test]
fn a_rebuild_changes_the_time_of_only_the_files_that_changed() {
    let site = TestSite::sample();
    let first = build(&site);
    assert!(
        first.contains("pages: 25 added, 0 changed, 0 removed"),
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
    add_a_sentence(&site);
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

/// `vanban sync DEST` in the site folder; its output.
fn sync(site: &TestSite, dest: &Path) -> std::process::Output {
    site.run(&["sync", dest.to_str().unwrap()])
}

fn sync_ok(site: &TestSite, dest: &Path) -> String {
    let out = sync(site, dest);
    assert!(out.status.success(), "{}{}", stdout(&out), stderr(&out));
    stdout(&out)
}

/// The sample archive built and synced to `usb` in a temporary folder (kept while the
/// returned `TempDir` lives).
fn built_and_synced() -> (TestSite, tempfile::TempDir, PathBuf) {
    let site = TestSite::sample();
    build(&site);
    let usb = tempfile::tempdir().unwrap();
    let dest = usb.path().join("usb");
    sync_ok(&site, &dest);
    (site, usb, dest)
}

/// The first number after `word` in `text`.
fn number_before(text: &str, word: &str) -> usize {
    let at = text
        .find(word)
        .unwrap_or_else(|| panic!("no `{word}` in {text}"));
    text[..at]
        .split(|c: char| !c.is_ascii_digit())
        .rfind(|w| !w.is_empty())
        .and_then(|w| w.parse().ok())
        .unwrap_or_else(|| panic!("no number before `{word}` in {text}"))
}

/// The copy holds exactly the site's files, with their bytes and times.
fn assert_same(site: &TestSite, dest: &Path) {
    assert_same_within(site, dest, Duration::ZERO);
}

/// [`assert_same`], times `within` apart at most (FAT keeps them to two seconds).
fn assert_same_within(site: &TestSite, dest: &Path, within: Duration) {
    let (a, b) = (files(&site.public()), files(dest));
    assert_eq!(
        a.keys().collect::<Vec<_>>(),
        b.keys().collect::<Vec<_>>(),
        "the same files"
    );
    for (path, (bytes, time)) in &a {
        assert!(
            b[path].0 == *bytes,
            "{} has the site's bytes",
            path.display()
        );
        let apart = match b[path].1.duration_since(*time) {
            Ok(d) => d,
            Err(e) => e.duration(),
        };
        assert!(
            apart <= within,
            "{} has the site's time ({apart:?} apart)",
            path.display()
        );
    }
    assert_eq!(
        fs::read(site.public().join("vanban-manifest.txt")).unwrap(),
        fs::read(dest.join("vanban-manifest.txt")).unwrap()
    );
}

#[test]
fn sync_copies_only_what_changed_and_removes_what_the_site_dropped() {
    let site = TestSite::sample();
    let usb = tempfile::tempdir().unwrap();
    let dest = usb.path().join("USB");
    let out = sync(&site, &dest);
    assert!(!out.status.success());
    assert!(
        stderr(&out).contains("run `vanban build` first"),
        "{}",
        stderr(&out)
    );

    build(&site);
    let first = sync_ok(&site, &dest);
    let total = files(&site.public()).len();
    assert_eq!(number_before(&first, "copied"), total, "{first}");
    assert_same(&site, &dest);
    let again = sync_ok(&site, &dest);
    assert!(again.contains("nothing to copy"), "{again}");

    // One edit: the files the build says are new, and only them, are copied.
    let source = add_a_sentence(&site);
    let built = build(&site);
    let new = number_before(&built, "new or changed");
    assert!(new > 0 && new < total / 10, "{built}");
    let synced = sync_ok(&site, &dest);
    assert_eq!(number_before(&synced, "copied"), new, "{synced}");
    assert_eq!(number_before(&synced, "removed"), 0, "{synced}");
    assert_same(&site, &dest);

    // A document taken out: its pages go from the copy too.
    fs::remove_file(&source).unwrap();
    build(&site);
    let synced = sync_ok(&site, &dest);
    assert!(number_before(&synced, "removed") > 0, "{synced}");
    assert!(
        !dest.join("van-ban/2017").exists(),
        "an emptied folder goes"
    );
    assert_same(&site, &dest);
    let out = site.run(&["sync", "--verify", dest.to_str().unwrap()]);
    assert!(out.status.success(), "{}", stdout(&out));
    assert!(stdout(&out).contains("match the list"), "{}", stdout(&out));
}

#[test]
fn an_interrupted_sync_is_completed_by_the_next() {
    let (site, _usb, dest) = built_and_synced();
    // The state a sync leaves when the stick is pulled before its manifest is written: the
    // list of what it was copying, a file half copied under its temporary name, one not
    // copied yet, one renamed into place.
    fs::rename(
        dest.join("vanban-manifest.txt"),
        dest.join("vanban-sync-pending.txt"),
    )
    .unwrap();
    let page = "van-ban/2018/44-cv-hu-huyen-uy-hon-quan.html";
    fs::remove_file(dest.join(page)).unwrap();
    fs::write(
        dest.join("van-ban/2018/.44-cv-hu-huyen-uy-hon-quan.html.vanban-tmp-4242"),
        "<!doctype html><ht",
    )
    .unwrap();
    let truncated = dest.join("index.html");
    let f = fs::File::options().write(true).open(&truncated).unwrap();
    f.set_len(100).unwrap();
    drop(f);
    let out = site.run(&["sync", "--verify", dest.to_str().unwrap()]);
    assert!(!out.status.success());
    assert!(stdout(&out).contains("did not finish"), "{}", stdout(&out));

    let synced = sync_ok(&site, &dest);
    assert_eq!(number_before(&synced, "copied"), 2, "{synced}");
    assert_same(&site, &dest);
    assert!(!dest.join("vanban-sync-pending.txt").exists());
    let out = site.run(&["sync", "--verify", dest.to_str().unwrap()]);
    assert!(out.status.success(), "{}", stdout(&out));
}

#[test]
fn verify_finds_corrupted_missing_and_extra_files_and_sync_repairs_its_own() {
    let (site, _usb, dest) = built_and_synced();
    let corrupted = dest.join("nam/index.html");
    let mut bytes = fs::read(&corrupted).unwrap();
    let time = fs::metadata(&corrupted).unwrap().modified().unwrap();
    bytes[50] ^= 0x20;
    fs::write(&corrupted, &bytes).unwrap();
    // A stick that flips a bit keeps the time; only reading the bytes finds it.
    fs::File::options()
        .write(true)
        .open(&corrupted)
        .unwrap()
        .set_modified(time)
        .unwrap();
    fs::remove_file(dest.join("loai/index.html")).unwrap();
    fs::write(dest.join("ghi-chu.txt"), "của tôi").unwrap();
    let out = site.run(&["sync", "--verify", dest.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(1));
    let report = stdout(&out);
    for line in [
        "corrupted: nam/index.html",
        "missing: loai/index.html",
        "extra: ghi-chu.txt",
        "1 corrupted, 1 missing, 1 extra",
    ] {
        assert!(report.contains(line), "{line} in {report}");
    }

    // A file vanban did not write stops the sync, and stays.
    refused_and_kept(&site, &dest, "did not write", "ghi-chu.txt", "của tôi");
    fs::remove_file(dest.join("ghi-chu.txt")).unwrap();
    // A plain sync trusts the list for a file of the listed size and time: the missing
    // file is copied; `--checksum` reads every file and copies the damaged one again.
    let synced = sync_ok(&site, &dest);
    assert_eq!(number_before(&synced, "copied"), 1, "{synced}");
    let out = site.run(&["sync", "--verify", dest.to_str().unwrap()]);
    assert!(stdout(&out).contains("--checksum"), "{}", stdout(&out));
    let out = site.run(&["sync", "--checksum", dest.to_str().unwrap()]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(
        stderr(&out).contains("nam/index.html"),
        "the repaired file is named: {}",
        stderr(&out)
    );
    assert_eq!(
        number_before(&stdout(&out), "copied"),
        1,
        "{}",
        stdout(&out)
    );
    assert_same(&site, &dest);
    // One the webmaster edited on the copy (a later time) is no longer vanban's: the sync
    // stops and names it, and copies it again once it is moved away.
    fs::write(dest.join("index.html"), "sửa tay").unwrap();
    refused_and_kept(
        &site,
        &dest,
        "changed after vanban wrote",
        "index.html",
        "sửa tay",
    );
    fs::remove_file(dest.join("index.html")).unwrap();
    sync_ok(&site, &dest);
    assert_same(&site, &dest);
}

/// A sync into `dest` stops, saying `why` and naming `file`, which still holds `text`.
fn refused_and_kept(site: &TestSite, dest: &Path, why: &str, file: &str, text: &str) {
    let out = sync(site, dest);
    assert_eq!(out.status.code(), Some(1));
    let err = stderr(&out);
    assert!(err.contains(why) && err.contains(file), "{err}");
    assert_eq!(fs::read_to_string(dest.join(file)).unwrap(), text);
}

#[test]
fn names_a_fat_stick_cannot_hold_are_reported_where_they_come_from() {
    let site = TestSite::empty();
    let long = format!("{}.pdf", "bao-cao-dai-".repeat(18));
    let files: [(&str, &[u8]); 4] = [
        ("Báo cáo.pdf", b"%PDF-1.7\n"),
        ("báo cáo.pdf", b"%PDF-1.7\n"),
        ("aux.pdf", b"%PDF-1.7\n"),
        (long.as_str(), b"%PDF-1.7\n"),
    ];
    let mut list = String::new();
    fs::create_dir_all(site.root().join("content/2018")).unwrap();
    for (name, bytes) in files {
        fs::write(site.root().join("content/2018").join(name), bytes).unwrap();
        list.push_str(&format!("  - \"{name}\"\n"));
    }
    site.write(
        "content/2018/a.md",
        &format!(
            "---\nnumber: 1-CV/HU\nissuer: Huyện ủy A\ndate: 2018-01-02\nsubject: x\nattachments:\n{list}---\n"
        ),
    );
    let out = site.run(&["build"]);
    assert_eq!(out.status.code(), Some(1));
    let err = stderr(&out);
    for line in [
        "content/2018/a.md:6: error: attachments: `van-ban/2018/1-cv-hu-huyen-uy-a/báo cáo.pdf` differs from `van-ban/2018/1-cv-hu-huyen-uy-a/Báo cáo.pdf` only in letter case",
        "content/2018/a.md:6: warning: attachments: `aux.pdf` is a name Windows reserves for a device, which a FAT or NTFS stick cannot hold",
        &format!(
            "content/2018/a.md:6: error: attachments: `van-ban/2018/1-cv-hu-huyen-uy-a/{long}` is {} characters long",
            32 + long.len()
        ),
    ] {
        assert!(err.contains(line), "{line}\nin\n{err}");
    }
    assert!(!site.public().exists(), "nothing is written");

    // A slug given in the file is refused on its own line.
    site.write(
        "content/2018/a.md",
        "---\nnumber: 1-CV/HU\nissuer: Huyện ủy A\ndate: 2018-01-02\nsubject: x\nslug: COM1\n---\n",
    );
    let out = site.run(&["build"]);
    assert!(
        stderr(&out)
            .contains("content/2018/a.md:6: error: slug: `com1` is a name Windows reserves"),
        "{}",
        stderr(&out)
    );
}

/// The 1-based number of the first line of `text` that starts with `start`.
fn line_of(text: &str, start: &str) -> usize {
    text.lines()
        .position(|l| l.starts_with(start))
        .unwrap_or_else(|| panic!("no line starting `{start}`"))
        + 1
}

#[test]
fn a_new_files_empty_values_are_reported_on_their_own_lines() {
    let site = TestSite::empty();
    let out = site.run(&["new", "--date", "11/11/2018"]);
    assert!(out.status.success(), "{}", stderr(&out));
    let rel = stdout(&out).trim().to_string();
    let rel = rel.rsplit_once("content/").map(|(_, r)| r).unwrap();
    let text = fs::read_to_string(site.root().join("content").join(rel)).unwrap();
    let out = site.run(&["build"]);
    assert_eq!(out.status.code(), Some(1));
    let err = stderr(&out);
    for key in ["number", "issuer", "subject"] {
        let line = line_of(&text, &format!("{key}:"));
        assert!(line > 1);
        let want = format!("content/{rel}:{line}: error: {key}: is required");
        assert!(err.contains(&want), "{want}\nin\n{err}");
    }
    assert!(err.contains(" errors; nothing was written"), "{err}");
}

/// A build of the site with `content/x.md` dated 31/02 (and `more` front matter) fails
/// and says `said`.
fn failed_build(site: &TestSite, more: &str, said: &str) {
    site.write(
        "content/x.md",
        &format!("---\nnumber: 1-CV/HU\nissuer: X\ndate: 31/02/2018\n{more}---\n"),
    );
    let err = stderr(&site.run(&["build"]));
    assert!(err.contains(said), "{err}");
}

#[test]
fn messages_say_what_happened_in_correct_english() {
    let site = TestSite::sample();
    // A first build that fails has no previous output to keep.
    failed_build(
        &site,
        "subject: y\n",
        "build failed with 1 error; nothing was written",
    );
    fs::remove_file(site.root().join("content/x.md")).unwrap();

    let summary = build(&site);
    assert!(
        summary.contains("43 citations point outside the archive;"),
        "{summary}"
    );
    assert!(!summary.contains("0 citations"), "{summary}");
    assert!(
        summary.contains("built 4 documents (1 withheld), 25 pages into"),
        "{summary}"
    );
    assert!(summary.trim_end().ends_with("; no warnings"), "{summary}");
    assert_eq!(summary.lines().count(), 1, "one summary line: {summary}");

    // No lock file is left beside the output, nor beside one given with --output.
    let left = |dir: &Path| -> Vec<String> {
        fs::read_dir(dir)
            .unwrap()
            .flatten()
            .map(|e| e.file_name().into_string().unwrap())
            .filter(|n| n.contains("vanban-"))
            .collect()
    };
    assert_eq!(left(site.root()), Vec::<String>::new());
    let elsewhere = tempfile::tempdir().unwrap();
    let out_dir = elsewhere.path().join("site");
    let out = site.run(&["build", "--output", out_dir.to_str().unwrap()]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert_eq!(left(elsewhere.path()), Vec::<String>::new());

    // A failure with an output in place says it was kept; two errors are plural.
    failed_build(
        &site,
        "",
        "build failed with 2 errors; the previous output was left as it was in ",
    );
    assert_eq!(left(site.root()), Vec::<String>::new());
}

#[test]
fn the_command_line_speaks_the_webmasters_language() {
    let site = TestSite::sample();
    let help = stdout(&site.run(&["--lang", "vi", "--help"]));
    for said in [
        "Dựng trang lưu trữ",
        "Cách dùng:",
        "Lệnh:",
        "In hướng dẫn",
        "Tùy chọn:",
    ] {
        assert!(help.contains(said), "{said} in {help}");
    }
    assert!(
        !help.contains("Usage:") && !help.contains("Print help"),
        "{help}"
    );
    let help = stdout(&site.run(&["build", "--help", "--lang=vi"]));
    assert!(help.contains("Thư mục trang, chứa content/"), "{help}");
    assert!(help.contains("Đăng cả dự thảo chưa ký"), "{help}");
    let help = stdout(&site.run(&["build", "--help"]));
    assert!(
        help.contains("Usage:") && help.contains("Include unsigned drafts"),
        "{help}"
    );

    // The locale decides when --lang is not given.
    let in_locale = |lang: &str, args: &[&str]| common::in_locale(&site, lang, args);
    let help = stdout(&in_locale("vi_VN.UTF-8", &["sync", "--help"]));
    assert!(help.contains("Chỉ kiểm tra DEST"), "{help}");
    let help = stdout(&in_locale("en_US.UTF-8", &["sync", "--help"]));
    assert!(help.contains("Only check DEST"), "{help}");

    let built = stdout(&in_locale("vi_VN.UTF-8", &["build"]));
    assert!(
        built.starts_with("đã dựng 4 văn bản (1 không đăng), 25 trang"),
        "{built}"
    );
    assert!(
        built.contains("43 trích dẫn trỏ tới văn bản ngoài kho"),
        "{built}"
    );
    let usb = tempfile::tempdir().unwrap();
    let dest = usb.path().join("usb");
    let out = in_locale("vi_VN.UTF-8", &["sync", dest.to_str().unwrap()]);
    assert!(
        stdout(&out).starts_with("đã chép sang "),
        "{}",
        stdout(&out)
    );
    let out = in_locale("vi_VN.UTF-8", &["sync", "--verify", dest.to_str().unwrap()]);
    assert!(
        stdout(&out).contains("đều khớp với danh sách"),
        "{}",
        stdout(&out)
    );
    site.write(
        "content/x.md",
        "---\nnumber: 1-CV/HU\nissuer: X\ndate: 2018-01-02\n---\n",
    );
    let err = stderr(&in_locale("vi_VN.UTF-8", &["build"]));
    assert!(
        err.contains("dựng trang không thành (1 lỗi); bản đã dựng trước ở "),
        "{err}"
    );
}

/// The file systems of USB sticks.
#[derive(Debug, Clone, Copy, PartialEq)]
enum Stick {
    Fat32,
    ExFat,
}

/// A stick's file system in an image file, mounted through FUSE, unmounted when dropped:
/// FAT32 made by `mkfs.vfat` (dosfstools) and mounted by `fusefat` from the image; exFAT made
/// by `mkfs.exfat` (exfatprogs) and mounted by `mount.exfat-fuse` (exfat-fuse) from a loop
/// device. All installed by `scripts/install-test-deps.sh`; the kernel needs neither module.
struct Mounted {
    kind: Stick,
    dir: tempfile::TempDir,
    /// The loop device an exFAT image is mounted from.
    device: Option<String>,
    mounted: bool,
}

impl Mounted {
    fn image(&self) -> PathBuf {
        self.dir.path().join("stick.img")
    }

    fn mount_point(&self) -> PathBuf {
        self.dir.path().join("mnt")
    }

    /// A new, empty 64 MB stick, mounted; `Err` (why) where FUSE or a loop device is not
    /// to be had.
    fn new(kind: Stick) -> Result<Mounted, String> {
        let dir = tempfile::tempdir().unwrap();
        let image = dir.path().join("stick.img");
        fs::File::create(&image).unwrap().set_len(64 << 20).unwrap();
        let mkfs = match kind {
            Stick::Fat32 => run(sbin("mkfs.vfat"), &["-F", "32"], &image),
            Stick::ExFat => run(sbin("mkfs.exfat"), &[], &image),
        };
        assert!(mkfs.status.success(), "{}", stderr(&mkfs));
        fs::create_dir(dir.path().join("mnt")).unwrap();
        let mut stick = Mounted {
            kind,
            dir,
            device: None,
            mounted: false,
        };
        stick.mount()?;
        Ok(stick)
    }

    fn mount(&mut self) -> Result<(), String> {
        if !Path::new("/dev/fuse").exists() {
            return Err("this machine has no /dev/fuse".into());
        }
        let mounted = match self.kind {
            Stick::Fat32 => std::process::Command::new("fusefat")
                .args(["-o", "rw+"])
                .arg(self.image())
                .arg(self.mount_point())
                .output()
                .expect("fusefat is installed by scripts/install-test-deps.sh"),
            Stick::ExFat => {
                if self.device.is_none() {
                    let made = run(sbin("losetup"), &["-f", "--show"], &self.image());
                    if !made.status.success() {
                        return Err(format!("no loop device: {}", stderr(&made)));
                    }
                    self.device = Some(stdout(&made).trim().to_string());
                }
                std::process::Command::new(sbin("mount.exfat-fuse"))
                    .arg(self.device.as_ref().unwrap())
                    .arg(self.mount_point())
                    .output()
                    .expect("exfat-fuse is installed by scripts/install-test-deps.sh")
            }
        };
        if !mounted.status.success() {
            return Err(format!("cannot mount: {}", stderr(&mounted)));
        }
        self.mounted = true;
        Ok(())
    }

    /// Unmounts (everything is then on the image) and checks the file system with
    /// `fsck.fat -n` or `fsck.exfat -n`, which change nothing.
    fn unmount_and_check(&mut self) {
        self.unmount();
        let fsck = match self.kind {
            Stick::Fat32 => "fsck.fat",
            Stick::ExFat => "fsck.exfat",
        };
        let out = run(sbin(fsck), &["-n"], &self.image());
        assert!(
            out.status.success(),
            "the {:?} file system is sound:\n{}{}",
            self.kind,
            stdout(&out),
            stderr(&out)
        );
    }

    fn unmount(&mut self) {
        if self.mounted {
            let out = run("fusermount".into(), &["-u"], &self.mount_point());
            assert!(out.status.success(), "{}", stderr(&out));
            self.mounted = false;
            // The file system's process writes its last blocks to the image after the
            // unmount returns: wait for it to end, as a stick is pulled only then.
            let point = self.mount_point().display().to_string();
            let deadline = std::time::Instant::now() + Duration::from_secs(20);
            while serving(&point) {
                assert!(
                    std::time::Instant::now() < deadline,
                    "{point} is still served"
                );
                std::thread::sleep(Duration::from_millis(20));
            }
        }
    }
}

impl Drop for Mounted {
    fn drop(&mut self) {
        if self.mounted {
            let _ = run("fusermount".into(), &["-u"], &self.mount_point());
        }
        if let Some(device) = &self.device {
            let _ = run(sbin("losetup"), &["-d"], Path::new(device));
        }
    }
}

/// Whether a process was started with `point` among its arguments (the FUSE process that
/// serves that mount point).
fn serving(point: &str) -> bool {
    fs::read_dir("/proc").unwrap().flatten().any(|p| {
        fs::read(p.path().join("cmdline"))
            .is_ok_and(|c| c.split(|b| *b == 0).any(|arg| arg == point.as_bytes()))
    })
}

/// `program ARGS PATH`, its output.
fn run(program: PathBuf, args: &[&str], path: &Path) -> std::process::Output {
    std::process::Command::new(&program)
        .args(args)
        .arg(path)
        .output()
        .unwrap_or_else(|e| {
            panic!(
                "{}: {e} (installed by scripts/install-test-deps.sh)",
                program.display()
            )
        })
}

/// A program Debian puts in /usr/sbin (not on every user's PATH).
fn sbin(name: &str) -> PathBuf {
    let path = Path::new("/usr/sbin").join(name);
    if path.exists() { path } else { name.into() }
}

/// How far apart a stick's times may be from the site's: FAT keeps them to two seconds.
const FAT_TIME: Duration = Duration::from_secs(2);

#[test]
fn sync_to_a_fat32_stick_copies_proves_and_updates_the_copy() {
    sync_to_a_stick(Stick::Fat32);
}

#[test]
fn sync_to_an_exfat_stick_copies_proves_and_updates_the_copy() {
    sync_to_a_stick(Stick::ExFat);
}

/// A first copy, nothing copied again, an edit's files copied, the stick taken out (a sound
/// file system) and put back (the copy proves itself), and a damaged byte found and copied
/// again.
fn sync_to_a_stick(kind: Stick) {
    let mut stick = match Mounted::new(kind) {
        Ok(stick) => stick,
        Err(why) => {
            // Where no such file system can be mounted, the name rules a stick imposes are
            // still checked directly, by names_a_fat_stick_cannot_hold_are_reported_where_they_come_from.
            eprintln!("NOTE: no {kind:?} file system could be mounted here ({why})");
            return;
        }
    };
    let site = TestSite::sample();
    build(&site);
    // Times far from the copy's: a stick that kept the time of copying is caught.
    age(&site.public());
    let dest = stick.mount_point().join("VANBAN");
    let total = files(&site.public()).len();
    let first = sync_ok(&site, &dest);
    assert_eq!(number_before(&first, "copied"), total, "{first}");
    assert_same_within(&site, &dest, FAT_TIME);
    let again = sync_ok(&site, &dest);
    assert!(again.contains("nothing to copy"), "{again}");

    // One edit: only the files the build says are new are copied, over the old ones.
    add_a_sentence(&site);
    let built = build(&site);
    let new = number_before(&built, "new or changed");
    let synced = sync_ok(&site, &dest);
    assert_eq!(number_before(&synced, "copied"), new, "{synced}");
    assert_same_within(&site, &dest, FAT_TIME);

    // What the stick holds after it is taken out and put back: a sound file system, and a
    // copy that proves itself against its manifest.
    stick.unmount_and_check();
    stick.mount().unwrap();
    let verify = |dest: &Path| site.run(&["sync", "--verify", dest.to_str().unwrap()]);
    let out = verify(&dest);
    assert!(out.status.success(), "{}{}", stdout(&out), stderr(&out));
    assert!(stdout(&out).contains("match the list"), "{}", stdout(&out));
    assert_same_within(&site, &dest, FAT_TIME);

    // A byte the stick lost is found by `--verify` and copied again by `--checksum`.
    let damaged = dest.join("index.html");
    let time = fs::metadata(&damaged).unwrap().modified().unwrap();
    let byte = fs::read(&damaged).unwrap()[40] ^ 0x20;
    // In place (fusefat cannot truncate a file), then its time back, by path (fusefat
    // refuses a time set through an open handle).
    std::os::unix::fs::FileExt::write_at(
        &fs::File::options().write(true).open(&damaged).unwrap(),
        &[byte],
        40,
    )
    .unwrap();
    let secs = time
        .duration_since(SystemTime::UNIX_EPOCH)
        .unwrap()
        .as_secs();
    let touched = std::process::Command::new("touch")
        .arg("-d")
        .arg(format!("@{secs}"))
        .arg(&damaged)
        .status()
        .unwrap();
    assert!(touched.success());
    let out = verify(&dest);
    assert_eq!(out.status.code(), Some(1));
    assert!(
        stdout(&out).contains("corrupted: index.html"),
        "{}",
        stdout(&out)
    );
    let out = site.run(&["sync", "--checksum", dest.to_str().unwrap()]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert_eq!(
        number_before(&stdout(&out), "copied"),
        1,
        "{}",
        stdout(&out)
    );
    assert!(verify(&dest).status.success());
    stick.unmount_and_check();
}
