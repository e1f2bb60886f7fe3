//! `vanban sync DEST`: makes a folder (a USB stick, a mounted share) a verified copy of the
//! built site, and `vanban sync --verify DEST` checks such a copy against its manifest.
//!
//! A copy is vanban's by the same rule as an output folder ([`crate::output`]): DEST must be
//! empty or hold only files its manifest lists. Only files whose bytes differ from the
//! site's are copied, each to a temporary name and renamed into place; files the site no
//! longer has are removed. Before the first file is touched the site's manifest is written
//! into DEST as [`PENDING`]; the manifest itself is written last, once every copied file
//! has been flushed to the device and read back. A copy interrupted anywhere (a stick
//! pulled, Ctrl-C) thus leaves files that one of the two lists names, and the next sync
//! finds which are done by their checksum and copies the rest.

use std::collections::{BTreeMap, BTreeSet};
use std::fs::{self, File};
use std::io;
use std::path::{Path, PathBuf};

use rayon::prelude::*;

use crate::manifest::{self, Entry, Manifest};
use crate::messages::Text;
use crate::output;
use crate::site::Progress;

/// The list of the files a sync is putting in place, kept in DEST while it runs.
pub const PENDING: &str = "vanban-sync-pending.txt";

/// What a sync did.
#[derive(Debug, Default)]
pub struct SyncReport {
    pub dest: PathBuf,
    /// Files copied (new or with other bytes), and their bytes.
    pub copied: usize,
    pub bytes: u64,
    /// Files the site no longer has, removed.
    pub removed: usize,
    /// Files already as the site has them.
    pub unchanged: usize,
    /// Whether an earlier, interrupted sync was completed.
    pub completed: bool,
    /// Files listed in DEST whose bytes matched no list though their time did (damaged in
    /// place, or by an interrupted sync): they were copied again.
    pub repaired: Vec<String>,
}

/// What `sync --verify` found.
#[derive(Debug, Default)]
pub struct Verified {
    /// Files the manifest lists.
    pub files: usize,
    /// Listed files whose size or checksum is not the listed one.
    pub corrupted: Vec<String>,
    pub missing: Vec<String>,
    /// Files the manifest does not list.
    pub extra: Vec<String>,
    /// A sync was interrupted and not completed.
    pub interrupted: bool,
}

impl Verified {
    pub(crate) fn is_good(&self) -> bool {
        self.corrupted.is_empty()
            && self.missing.is_empty()
            && self.extra.is_empty()
            && !self.interrupted
    }
}

/// Makes `dest` a copy of the site built in `site` (a folder with a vanban manifest).
/// `checksum`: read every file of `dest` rather than trust its manifest for a file whose
/// size and time are as listed (what finds a file a device damaged in place).
pub fn sync(
    site: &Path,
    dest: &Path,
    checksum: bool,
    progress: &dyn Progress,
) -> Result<SyncReport, Text> {
    let source = output::absolute(site);
    let dest = output::absolute(dest);
    let wanted = Manifest::read(&source)?.ok_or_else(|| {
        Text::new("sync-no-site")
            .with("path", source.display().to_string())
            .with("manifest", manifest::FILE_NAME)
    })?;
    check_dest(&source, &dest)?;
    fs::create_dir_all(&dest).map_err(|e| Text::failed("cannot-create", &dest, &e))?;
    let found = Found::read(&dest)?;
    let current = found.current(&dest, checksum);

    let mut report = SyncReport {
        dest: dest.clone(),
        completed: found.pending.is_some(),
        ..SyncReport::default()
    };
    let copy: Vec<(&String, &Entry)> = wanted
        .files
        .iter()
        .filter(|(rel, entry)| current.get(*rel) != Some(*entry))
        .collect();
    let remove: Vec<&String> = current
        .keys()
        .filter(|rel| !wanted.files.contains_key(*rel))
        .collect();
    report.unchanged = wanted.files.len() - copy.len();
    let (edited, damaged) = found.unlisted_bytes(&dest, &current);
    if !edited.is_empty() {
        return Err(output::refusal(&dest, "why-changed", &edited, "then-sync"));
    }
    report.repaired = damaged;
    let settled = found.listed.as_ref() == Some(&wanted) && found.pending.is_none();
    if copy.is_empty() && remove.is_empty() && found.leftovers.is_empty() && settled {
        return Ok(report);
    }

    let failed = |e: io::Error, what: &Path| Text::failed("cannot-write", what, &e);
    wanted
        .write_as(&dest, PENDING)
        .map_err(|e| failed(e, &dest.join(PENDING)))?;
    for leftover in &found.leftovers {
        let _ = fs::remove_file(dest.join(leftover));
    }
    progress.phase("copy", copy.len());
    for (rel, entry) in &copy {
        copy_one(&source, &dest, rel, entry)?;
        report.copied += 1;
        report.bytes += entry.size;
        progress.step();
    }
    for rel in &remove {
        let path = dest.join(rel);
        fs::remove_file(&path).map_err(|e| Text::failed("cannot-remove", &path, &e))?;
        remove_empty_parents(&dest, &path);
        report.removed += 1;
    }
    flush(&dest)?;

    // Read back from the device, not from memory: what the stick holds is what is proved.
    progress.phase("verify", copy.len());
    let bad: Vec<String> = copy
        .par_iter()
        .filter(|(rel, entry)| {
            progress.step();
            read_back(&dest.join(rel)).ok() != Some(**entry)
        })
        .map(|(rel, _)| (*rel).clone())
        .collect();
    if !bad.is_empty() {
        return Err(Text::new("sync-read-back-bad")
            .with("count", bad.len())
            .with(
                "files",
                crate::messages::Arg::Lines(bad.iter().map(Text::plain).collect()),
            ));
    }
    wanted
        .write(&dest)
        .map_err(|e| failed(e, &dest.join(manifest::FILE_NAME)))?;
    let pending = dest.join(PENDING);
    fs::remove_file(&pending).map_err(|e| Text::failed("cannot-remove", &pending, &e))?;
    flush(&dest)?;
    Ok(report)
}

/// Checks `dest` against the manifest it holds, reading every file from the device.
pub fn verify(dest: &Path, progress: &dyn Progress) -> Result<Verified, Text> {
    let dest = output::absolute(dest);
    let listed = Manifest::read(&dest)?;
    if listed.is_none() && dest.join(PENDING).is_file() {
        // The first sync into it did not finish: there is nothing proved to check against.
        return Ok(Verified {
            interrupted: true,
            ..Verified::default()
        });
    }
    let listed = listed.ok_or_else(|| {
        Text::new("verify-not-a-copy")
            .with("path", dest.display().to_string())
            .with("manifest", manifest::FILE_NAME)
    })?;
    let files = output::list_files(&dest)?;
    let mut found = Verified {
        files: listed.files.len(),
        ..Verified::default()
    };
    let present: BTreeSet<&String> = files.iter().collect();
    for rel in &files {
        if rel == PENDING {
            found.interrupted = true;
        } else if !listed.files.contains_key(rel) {
            found.extra.push(rel.clone());
        }
    }
    progress.phase("verify", listed.files.len());
    let (missing, corrupted): (Vec<_>, Vec<_>) = listed
        .files
        .par_iter()
        .filter_map(|(rel, entry)| {
            progress.step();
            if !present.contains(rel) {
                Some((rel.clone(), true))
            } else if read_back(&dest.join(rel)).ok() != Some(*entry) {
                Some((rel.clone(), false))
            } else {
                None
            }
        })
        .partition(|(_, missing)| *missing);
    found.missing = missing.into_iter().map(|(r, _)| r).collect();
    found.corrupted = corrupted.into_iter().map(|(r, _)| r).collect();
    found.missing.sort();
    found.corrupted.sort();
    Ok(found)
}

/// The destination rules: not `/`, not the site nor inside it nor holding it, and a real
/// folder if it exists.
fn check_dest(source: &Path, dest: &Path) -> Result<(), Text> {
    let refuse = |why: &'static str| {
        Err(Text::new("sync-refused")
            .with("path", dest.display().to_string())
            .with("why", Text::new(why)))
    };
    if dest.parent().is_none() {
        return refuse("dest-is-root");
    }
    if dest == source {
        return refuse("dest-is-site");
    }
    if dest.starts_with(source) {
        return refuse("dest-in-site");
    }
    if source.starts_with(dest) {
        return refuse("dest-holds-site");
    }
    match fs::symlink_metadata(dest) {
        Ok(m) if m.file_type().is_symlink() => refuse("dest-symlink"),
        Ok(m) if !m.is_dir() => refuse("dest-not-folder"),
        _ => Ok(()),
    }
}

/// What DEST holds, as far as its lists tell.
struct Found {
    /// Its manifest: what the last completed sync copied.
    listed: Option<Manifest>,
    /// What an interrupted sync was copying.
    pending: Option<Manifest>,
    /// When the manifest was written.
    since: Option<std::time::SystemTime>,
    /// Files one of the lists names.
    owned: Vec<String>,
    /// Temporary files of an interrupted sync.
    leftovers: Vec<String>,
}

impl Found {
    /// Reads DEST's lists and files; refuses a folder holding a file neither lists.
    fn read(dest: &Path) -> Result<Found, Text> {
        let damaged = |e: Text| {
            Text::new("sync-manifest-damaged")
                .with("path", dest.display().to_string())
                .with("reason", e)
        };
        let listed = Manifest::read(dest).map_err(damaged)?;
        let pending = Manifest::read_at(&dest.join(PENDING)).map_err(damaged)?;
        let mut found = Found {
            since: output::listed_at(dest),
            listed,
            pending,
            owned: Vec::new(),
            leftovers: Vec::new(),
        };
        let mut foreign = Vec::new();
        for rel in output::list_files(dest)? {
            if rel == PENDING {
                continue;
            }
            if found.lists(&rel) {
                found.owned.push(rel);
            } else if found.is_leftover(&rel) {
                found.leftovers.push(rel);
            } else {
                foreign.push(rel);
            }
        }
        if foreign.is_empty() {
            Ok(found)
        } else {
            Err(output::refusal(
                dest,
                "why-foreign",
                &foreign,
                "then-sync-empty",
            ))
        }
    }

    fn lists(&self, rel: &str) -> bool {
        [&self.listed, &self.pending]
            .into_iter()
            .flatten()
            .any(|m| m.files.contains_key(rel))
    }

    /// A file a sync writes before renaming it: the temporary name of a listed file, or of
    /// one of the lists.
    fn is_leftover(&self, rel: &str) -> bool {
        let (folder, file) = match rel.rsplit_once('/') {
            Some((d, f)) => (Some(d), f),
            None => (None, rel),
        };
        let Some(name) = file
            .strip_prefix('.')
            .and_then(|f| f.rsplit_once(".vanban-tmp-"))
            .map(|(n, _)| n)
        else {
            return false;
        };
        if !manifest::is_temp_of(file, name) {
            return false;
        }
        match folder {
            None if name == manifest::FILE_NAME || name == PENDING => true,
            None => self.lists(name),
            Some(d) => self.lists(&format!("{d}/{name}")),
        }
    }

    /// The entry of each owned file as it is now: the manifest's when a look at the file
    /// proves it unchanged (its size, and its time not after the manifest) and `checksum`
    /// is not asked, else its checksum, read. A file the two lists disagree on is always
    /// read: an interrupted sync may have put either version there.
    fn current(&self, dest: &Path, checksum: bool) -> BTreeMap<String, Entry> {
        self.owned
            .par_iter()
            .filter_map(|rel| {
                let path = dest.join(rel);
                let listed = self.listed.as_ref().and_then(|m| m.files.get(rel));
                let pending = self.pending.as_ref().and_then(|m| m.files.get(rel));
                let agreed = !checksum && (pending.is_none() || pending == listed);
                if let Some(entry) = listed.filter(|_| agreed)
                    && output::unchanged(&path, entry, self.since)
                {
                    return Some((rel.clone(), *entry));
                }
                read_back(&path).ok().map(|e| (rel.clone(), e))
            })
            .collect()
    }

    /// The owned files whose bytes neither list gives: those edited (modified after the
    /// manifest was written, by someone else than an interrupted sync), which are not
    /// vanban's any more, and those damaged in place (their time is the listed one), which
    /// a sync copies again.
    fn unlisted_bytes(
        &self,
        dest: &Path,
        current: &BTreeMap<String, Entry>,
    ) -> (Vec<String>, Vec<String>) {
        current
            .iter()
            .filter(|(rel, entry)| {
                [&self.listed, &self.pending]
                    .into_iter()
                    .flatten()
                    .all(|m| m.files.get(*rel) != Some(*entry))
            })
            .map(|(rel, _)| rel.clone())
            .partition(|rel| {
                self.pending.is_none()
                    && fs::metadata(dest.join(rel))
                        .and_then(|m| m.modified())
                        .is_ok_and(|m| self.since.is_none_or(|s| m > s))
            })
    }
}

/// Copies one file of the site into DEST under a temporary name, checking it against the
/// site's manifest as it is read, and renames it into place with the site file's time.
fn copy_one(source: &Path, dest: &Path, rel: &str, entry: &Entry) -> Result<(), Text> {
    let from_path = source.join(rel);
    let target = dest.join(rel);
    let folder = target.parent().unwrap_or(dest);
    let name = target
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let temp = folder.join(manifest::temp_name(&name));
    let written = (|| -> io::Result<Entry> {
        fs::create_dir_all(folder)?;
        let mut from = File::open(&from_path)?;
        let mut to = File::create(&temp)?;
        let copied = manifest::copy_hashing(&mut from, &mut to)?;
        Ok(copied)
    })();
    let fail = |msg: Text| {
        let _ = fs::remove_file(&temp);
        Err(msg)
    };
    match written {
        Err(e) => fail(
            Text::failed("cannot-copy", &from_path, &e).with("to", target.display().to_string()),
        ),
        Ok(copied) if copied != *entry => {
            fail(Text::new("sync-source-changed").with("path", from_path.display().to_string()))
        }
        Ok(_) => {
            fs::rename(&temp, &target)
                .or_else(|e| fail(Text::failed("cannot-put-in-place", &target, &e)))?;
            // After the rename, which gives some file systems' files (fusefat's) a new time.
            // FAT keeps times to two seconds and some shares none at all: not an error.
            if let Ok(time) = fs::metadata(&from_path).and_then(|m| m.modified()) {
                let _ = set_time(&target, time);
            }
            Ok(())
        }
    }
}

/// Sets the modification (and access) time of the closed file at `path`, by its path: some
/// FUSE file systems (fusefat) refuse it through an open handle.
fn set_time(path: &Path, time: std::time::SystemTime) -> io::Result<()> {
    let since = time
        .duration_since(std::time::UNIX_EPOCH)
        .map_err(io::Error::other)?;
    let at = rustix::fs::Timespec {
        tv_sec: since.as_secs() as i64,
        tv_nsec: since.subsec_nanos().into(),
    };
    let times = rustix::fs::Timestamps {
        last_access: at,
        last_modification: at,
    };
    rustix::fs::utimensat(rustix::fs::CWD, path, &times, rustix::fs::AtFlags::empty())?;
    Ok(())
}

/// Removes the folders left empty between `path` and `dest`.
fn remove_empty_parents(dest: &Path, path: &Path) {
    let mut folder = path.parent();
    while let Some(d) = folder {
        if d == dest || fs::remove_dir(d).is_err() {
            break;
        }
        folder = d.parent();
    }
}

/// Writes everything cached for DEST's file system to the device.
fn flush(dest: &Path) -> Result<(), Text> {
    let dir = File::open(dest).map_err(|e| Text::failed("cannot-open", dest, &e))?;
    rustix::fs::syncfs(&dir).map_err(|e| Text::failed("cannot-flush", dest, &e.into()))
}

/// The entry of the file at `path` as the device holds it: its cached pages are dropped
/// first (they are clean after [`flush`]), so the bytes are read again from the device.
fn read_back(path: &Path) -> io::Result<Entry> {
    let mut file = File::open(path)?;
    let _ = rustix::fs::fadvise(&file, 0, None, rustix::fs::Advice::DontNeed);
    manifest::copy_hashing(&mut file, &mut io::sink())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::site::NoProgress;

    fn site(files: &[(&str, &str)]) -> tempfile::TempDir {
        let t = tempfile::tempdir().unwrap();
        let mut m = Manifest::default();
        for (rel, text) in files {
            let p = t.path().join(rel);
            fs::create_dir_all(p.parent().unwrap()).unwrap();
            fs::write(&p, text).unwrap();
            m.files.insert(rel.to_string(), Entry::of(text.as_bytes()));
        }
        m.write(t.path()).unwrap();
        t
    }

    #[test]
    fn temporary_names_of_listed_files_are_leftovers_and_nothing_else_is() {
        let mut m = Manifest::default();
        m.files.insert("a/b.html".into(), Entry::of(b"x"));
        let found = Found {
            listed: None,
            pending: Some(m),
            since: None,
            owned: vec![],
            leftovers: vec![],
        };
        assert!(found.is_leftover("a/.b.html.vanban-tmp-12"));
        assert!(found.is_leftover(".vanban-manifest.txt.vanban-tmp-3"));
        assert!(!found.is_leftover("a/.c.html.vanban-tmp-12"));
        assert!(!found.is_leftover("a/.b.html.vanban-tmp-"));
        assert!(!found.is_leftover("a/.b.html.vanban-tmp-1x"));
        assert!(!found.is_leftover(".b.html.vanban-tmp-12"));
    }

    #[test]
    fn a_copy_is_refused_inside_or_around_the_site() {
        let s = site(&[("a.html", "a")]);
        let e = sync(s.path(), &s.path().join("usb"), false, &NoProgress)
            .unwrap_err()
            .to_string();
        assert!(e.contains("inside the built site"), "{e}");
        let e = sync(s.path(), s.path(), false, &NoProgress)
            .unwrap_err()
            .to_string();
        assert!(e.contains("the built site itself"), "{e}");
        let e = sync(
            &s.path().join("x"),
            &s.path().join("usb"),
            false,
            &NoProgress,
        )
        .unwrap_err()
        .to_string();
        assert!(e.contains("run `vanban build` first"), "{e}");
    }

    #[test]
    fn a_file_changed_in_the_site_since_the_build_is_not_copied() {
        let s = site(&[("a.html", "a")]);
        fs::write(s.path().join("a.html"), "b").unwrap();
        let t = tempfile::tempdir().unwrap();
        let e = sync(s.path(), &t.path().join("usb"), false, &NoProgress)
            .unwrap_err()
            .to_string();
        assert!(e.contains("changed since the site was built"), "{e}");
        let names: Vec<_> = fs::read_dir(t.path().join("usb"))
            .unwrap()
            .flatten()
            .map(|e| e.file_name().into_string().unwrap())
            .collect();
        assert_eq!(names, [PENDING], "no temporary file is left");
    }
}
