//! Writing the site without ever damaging the last good one, nor anything of anyone else's.
//! A build writes into a hidden sibling folder (`.public.vanban-new-<pid>`) and, only when
//! every page is written, swaps it with the output folder in one atomic
//! `renameat2(RENAME_EXCHANGE)`. A failed or killed build leaves the previous output as it
//! was; leftovers are removed by the next build. A lock file next to the output, there only
//! while a build runs, makes a second concurrent build stop with a clear message; `serve`,
//! rewriting a few pages after an edit (`InPlace`), holds the same lock.
//!
//! What is vanban's is what its [`Manifest`] lists, with the size listed: a build lists every
//! file it writes, refuses an output folder holding any other file (naming them), and removes
//! of the previous output only the files listed there. A folder an earlier vanban wrote (its
//! `.vanban` marker, no manifest) is not removed but kept whole beside the new output.

use crate::messages::Text;
use std::collections::HashSet;
use std::fs::{self, File};
use std::io;
use std::path::{Path, PathBuf};
use std::sync::Mutex;
use std::time::SystemTime;

use rayon::prelude::*;

use crate::manifest::{self, Entry, Manifest};

/// The marker file earlier versions wrote into every output folder, and its exact text: a
/// folder with it and no manifest is one such version's output (see [`Previous::Legacy`]).
pub(crate) const LEGACY_MARKER: &str = ".vanban";
const LEGACY_MARKER_TEXT: &str =
    "Thư mục này do vanban tạo ra; mỗi lần build sẽ thay thế toàn bộ.\n";
/// What a refused build tells to do.
/// What a refused build asks the webmaster to do.
const REFUSED_THEN: &str = "then-build";
/// How many foreign files a refusal names before it counts the rest.
const NAMED: usize = 20;

/// The output folder rules of SPEC §5: not `/`, not the content folder, not a folder that
/// contains it or lies inside it, and not a symbolic link or a file. Whose files the folder
/// holds is decided under the lock, by [`Staging::begin`].
pub(crate) fn check_output_dir(content: &Path, output: &Path) -> Result<(), Text> {
    let out = absolute(output);
    let content = absolute(content);
    let refuse = |id| Err(Text::new(id).with("path", out.display().to_string()));
    if out.parent().is_none() {
        return refuse("out-is-root");
    }
    if out == content {
        return refuse("out-is-content");
    }
    if content.starts_with(&out) {
        return Err(Text::new("out-holds-content")
            .with("path", out.display().to_string())
            .with("content", content.display().to_string()));
    }
    if out.starts_with(&content) {
        return refuse("out-in-content");
    }
    if let Ok(meta) = fs::symlink_metadata(&out) {
        if meta.file_type().is_symlink() {
            return refuse("out-symlink");
        }
        if !meta.is_dir() {
            return refuse("exists-not-folder");
        }
    }
    Ok(())
}

/// What the output folder held before a build, as far as vanban can prove: decides what
/// the build may remove once its own output is in place.
#[derive(Debug)]
pub enum Previous {
    /// No folder, or an empty one.
    Nothing,
    /// A site vanban built: every file in it is listed in its manifest, unchanged.
    Built(Manifest),
    /// The output of a version that wrote a `.vanban` marker and no manifest: which files
    /// are its own cannot be told, so none is removed; the folder is kept whole beside the
    /// new output, and the build says where.
    Legacy,
}

/// Decides whose files `dir` holds: [`Previous`], or a refusal naming the files vanban did
/// not write (or that changed since it wrote them).
pub fn ownership(dir: &Path) -> Result<Previous, Text> {
    match fs::symlink_metadata(dir) {
        Err(e) if e.kind() == io::ErrorKind::NotFound => return Ok(Previous::Nothing),
        Err(e) => return Err(Text::failed("cannot-read", dir, &e)),
        Ok(m) if !m.is_dir() => {
            return Err(Text::new("exists-not-folder").with("path", dir.display().to_string()));
        }
        Ok(_) => {}
    }
    let manifest = Manifest::read(dir).map_err(|e| {
        Text::new("out-manifest-damaged")
            .with("path", dir.display().to_string())
            .with("reason", e)
    })?;
    let files = list_files(dir)?;
    let Some(manifest) = manifest else {
        if files.is_empty() {
            return Ok(Previous::Nothing);
        }
        if is_legacy(dir) {
            return Ok(Previous::Legacy);
        }
        return Err(refusal(dir, "why-foreign", &files, REFUSED_THEN));
    };
    let since = listed_at(dir);
    // Files an in-place writer was killed while making are vanban's if they hold what its
    // journal says (a damaged journal vouches for nothing).
    let journal = Manifest::read_at(&dir.join(manifest::JOURNAL))
        .ok()
        .flatten()
        .unwrap_or_default();
    let vouched: std::collections::BTreeMap<String, Entry> = journal
        .files
        .into_iter()
        .filter(|(rel, e)| unchanged(&dir.join(rel), e, None))
        .collect();
    use rayon::prelude::*;
    let (foreign, changed): (Vec<_>, Vec<_>) = files
        .par_iter()
        .filter_map(|rel| match manifest.files.get(rel) {
            _ if vouched.contains_key(rel) => None,
            None => Some((rel.clone(), true)),
            Some(entry) if !unchanged(&dir.join(rel), entry, since) => Some((rel.clone(), false)),
            Some(_) => None,
        })
        .partition_map(|(rel, foreign)| {
            if foreign {
                rayon::iter::Either::Left(rel)
            } else {
                rayon::iter::Either::Right(rel)
            }
        });
    let mut manifest = manifest;
    manifest.files.extend(vouched);
    if let Ok(entry) = Entry::of_file(&dir.join(manifest::JOURNAL)) {
        manifest.files.insert(manifest::JOURNAL.to_string(), entry);
    }
    match (foreign.is_empty(), changed.is_empty()) {
        (true, true) => Ok(Previous::Built(manifest)),
        (false, true) => Err(refusal(dir, "why-foreign", &foreign, REFUSED_THEN)),
        (true, false) => Err(refusal(dir, "why-changed", &changed, REFUSED_THEN)),
        (false, false) => {
            let mut both: Vec<Text> = foreign.iter().map(Text::plain).collect();
            both.extend(
                changed
                    .iter()
                    .map(|c| Text::new("changed-after").with("path", c)),
            );
            Err(refusal_of(dir, "why-both", both, REFUSED_THEN))
        }
    }
}

/// Whether the file at `path` is still the one `entry` lists: a plain file of that size, and,
/// if it was modified after the manifest was written, of that checksum.
pub(crate) fn unchanged(path: &Path, entry: &Entry, since: Option<SystemTime>) -> bool {
    let Ok(meta) = fs::symlink_metadata(path) else {
        return false;
    };
    if !meta.is_file() || meta.len() != entry.size {
        return false;
    }
    let touched = match (meta.modified(), since) {
        (Ok(m), Some(s)) => m > s,
        _ => true,
    };
    !touched || Entry::of_file(path).is_ok_and(|e| e == *entry)
}

/// When the manifest of `dir` was written.
pub(crate) fn listed_at(dir: &Path) -> Option<SystemTime> {
    fs::metadata(dir.join(manifest::FILE_NAME))
        .and_then(|m| m.modified())
        .ok()
}

/// Every entry of `dir` but its folders and its manifest, relative (`/`-separated; names
/// that are not UTF-8 shown lossily, so they never match the manifest), sorted. Nothing is
/// asked of each file but its type, which the folder listing gives.
pub(crate) fn list_files(dir: &Path) -> Result<Vec<String>, Text> {
    let mut out = Vec::new();
    for entry in walkdir::WalkDir::new(dir).min_depth(1).sort_by_file_name() {
        let entry = entry.map_err(|e| {
            let path = e.path().unwrap_or(dir).to_path_buf();
            Text::failed("cannot-read", &path, &io::Error::from(e))
        })?;
        if entry.file_type().is_dir() {
            continue;
        }
        let rel = entry.path().strip_prefix(dir).unwrap_or(entry.path());
        let rel = rel
            .to_string_lossy()
            .replace(std::path::MAIN_SEPARATOR, "/");
        if rel == manifest::FILE_NAME || rel == manifest::JOURNAL {
            continue;
        }
        out.push(rel);
    }
    Ok(out)
}

/// Whether `dir` holds the exact marker an earlier vanban wrote (a file named `.vanban` with
/// anything else in it makes no folder vanban's).
fn is_legacy(dir: &Path) -> bool {
    let marker = dir.join(LEGACY_MARKER);
    fs::symlink_metadata(&marker).is_ok_and(|m| m.is_file() && m.len() < 1024)
        && fs::read(&marker).is_ok_and(|b| b == LEGACY_MARKER_TEXT.as_bytes())
}

/// "refusing to replace DIR: it WHY, and vanban never removes those: NAMES… THEN", `why`
/// and `then` being message ids.
pub(crate) fn refusal(dir: &Path, why: &'static str, names: &[String], then: &'static str) -> Text {
    refusal_of(dir, why, names.iter().map(Text::plain).collect(), then)
}

/// [`refusal`] of files named by messages.
fn refusal_of(dir: &Path, why: &'static str, names: Vec<Text>, then: &'static str) -> Text {
    let more = names.len().saturating_sub(NAMED);
    let mut names: Vec<Text> = names.into_iter().take(NAMED).collect();
    if more > 0 {
        names.push(Text::new("refusal-more").with("count", more));
    }
    Text::new("refusal")
        .with("path", dir.display().to_string())
        .with("why", Text::new(why))
        .with("names", crate::messages::Arg::Lines(names))
        .with("then", Text::new(then))
}

/// An absolute, normalised path even for a folder that does not exist yet (its deepest
/// existing ancestor is canonicalised, so symlinked parents compare correctly).
pub fn absolute(path: &Path) -> PathBuf {
    let path = if path.is_absolute() {
        path.to_path_buf()
    } else {
        std::env::current_dir().unwrap_or_default().join(path)
    };
    let mut existing = path.clone();
    let mut rest = Vec::new();
    loop {
        if let Ok(c) = existing.canonicalize() {
            let mut out = c;
            for part in rest.iter().rev() {
                out.push(part);
            }
            return normalise(&out);
        }
        match (existing.file_name(), existing.parent()) {
            (Some(name), Some(parent)) => {
                rest.push(name.to_os_string());
                existing = parent.to_path_buf();
            }
            _ => return normalise(&path),
        }
    }
}

/// `a/b/../c` → `a/c`, lexically (no file system access).
pub fn normalise(path: &Path) -> PathBuf {
    let mut out = PathBuf::new();
    for c in path.components() {
        match c {
            std::path::Component::ParentDir => {
                out.pop();
            }
            std::path::Component::CurDir => {}
            other => out.push(other),
        }
    }
    out
}

/// Where the files of a site go: [`Staging`] for a build, [`InPlace`] for serve's fast
/// path. The pipeline's one writer (`crate::write`) is what puts files into one.
pub(crate) trait Sink: Sync {
    /// One file at a path relative to the site root.
    fn write(&self, rel: &str, bytes: &[u8]) -> io::Result<()>;
    /// A file copied as it is (an attachment): read whole and written, unless the sink
    /// streams it.
    fn copy(&self, rel: &str, source: &Path) -> io::Result<()> {
        self.write(rel, &fs::read(source)?)
    }
    /// Makes the folder `rel` hold exactly `files` (paths from the site root, inside `rel`),
    /// files that must agree with one another (the search index): written one by one into
    /// a fresh folder, unless the sink's folder may be read meanwhile and is swapped whole.
    fn folder(&self, _rel: &str, files: &[(String, String)]) -> io::Result<()> {
        files.par_iter().try_for_each(|(path, text)| {
            self.write(path, text.as_bytes())
                .map_err(|e| io::Error::new(e.kind(), format!("{path}: {e}")))
        })
    }
}

impl Sink for Staging {
    fn write(&self, rel: &str, bytes: &[u8]) -> io::Result<()> {
        Staging::write(self, rel, bytes)
    }
    /// Streamed and hashed on the way (attachments may be large).
    fn copy(&self, rel: &str, source: &Path) -> io::Result<()> {
        Staging::copy(self, rel, source)
    }
}

impl Sink for InPlace {
    fn write(&self, rel: &str, bytes: &[u8]) -> io::Result<()> {
        InPlace::write(self, rel, bytes)
    }
    /// Swapped in whole: a reader of the live site sees the old folder or the new one.
    fn folder(&self, rel: &str, files: &[(String, String)]) -> io::Result<()> {
        InPlace::replace_folder(self, rel, files)
    }
}

/// The folder a build writes into before it becomes the output.
pub(crate) struct Staging {
    pub dir: PathBuf,
    final_dir: PathBuf,
    committed: bool,
    /// Folders made so far: thousands of pages share a few folders, and asking the file
    /// system again for each page costs two system calls.
    made: Mutex<HashSet<PathBuf>>,
    /// Every file written, with its entry: the manifest of the new output.
    written: Mutex<Vec<(String, Entry)>>,
    /// What the output held before: decides what the commit removes.
    previous: Previous,
    _lock: Lock,
}

fn sibling(final_dir: &Path, kind: &str, pid: Option<u32>) -> PathBuf {
    let name = final_dir
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let file = match pid {
        Some(p) => format!(".{name}.vanban-{kind}-{p}"),
        None => format!(".{name}.vanban-{kind}"),
    };
    final_dir.with_file_name(file)
}

/// A visible sibling of `final_dir` that does not exist yet, for a folder kept rather than
/// removed: `public.vanban-previous`, then `public.vanban-previous-2`…
fn kept_name(final_dir: &Path, kind: &str) -> PathBuf {
    let name = final_dir
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    (1..)
        .map(|i| match i {
            1 => final_dir.with_file_name(format!("{name}.vanban-{kind}")),
            i => final_dir.with_file_name(format!("{name}.vanban-{kind}-{i}")),
        })
        .find(|p| fs::symlink_metadata(p).is_err())
        .expect("some name is free")
}

/// The lock of an output folder: a file beside it (`.public.vanban-lock`), locked while a
/// build or `serve` writes the folder, and removed when they are done, so that nothing is
/// left beside the site.
struct Lock {
    file: File,
    path: PathBuf,
}

impl Drop for Lock {
    /// The file is removed while it is still locked: whoever opened it meanwhile finds,
    /// once it has the lock, that the path no longer leads to it, and starts again.
    fn drop(&mut self) {
        let _ = fs::remove_file(&self.path);
        let _ = self.file.unlock();
    }
}

/// Takes the lock of the output folder `final_dir` (absolute), held until it is dropped:
/// one writer at a time, whether it builds the whole site or rewrites some pages.
fn lock(final_dir: &Path) -> Result<Lock, Text> {
    use std::os::unix::fs::{MetadataExt, OpenOptionsExt};
    let parent = final_dir
        .parent()
        .ok_or_else(|| Text::new("out-is-root").with("path", final_dir.display().to_string()))?;
    fs::create_dir_all(parent).map_err(|e| Text::failed("cannot-create", parent, &e))?;
    let path = sibling(final_dir, "lock", None);
    loop {
        // Never through a link: a `.public.vanban-lock` pointing elsewhere would make vanban
        // create (and later write) a file outside the folders it owns.
        let file = File::options()
            .create(true)
            .truncate(false)
            .read(true)
            .write(true)
            .custom_flags(rustix::fs::OFlags::NOFOLLOW.bits() as i32)
            .open(&path)
            .map_err(|e| Text::failed("lock-create", &path, &e))?;
        match file.try_lock() {
            Ok(()) => {}
            Err(fs::TryLockError::WouldBlock) => {
                return Err(Text::new("lock-busy")
                    .with("output", final_dir.display().to_string())
                    .with("path", path.display().to_string()));
            }
            Err(fs::TryLockError::Error(e)) => {
                return Err(Text::failed("cannot-lock", &path, &e));
            }
        }
        // Locked: but a writer that finished may have removed the file just before.
        let same = match (file.metadata(), fs::metadata(&path)) {
            (Ok(held), Ok(named)) => held.dev() == named.dev() && held.ino() == named.ino(),
            _ => false,
        };
        if same {
            return Ok(Lock { file, path });
        }
    }
}

/// The name of the staging folder the last build holding `lock` made (it may have been
/// killed before removing it), as [`write_lock_note`] wrote it.
fn read_lock_note(lock: &mut File) -> Option<String> {
    use std::io::{Read, Seek};
    let mut text = String::new();
    lock.seek(io::SeekFrom::Start(0)).ok()?;
    lock.take(4096).read_to_string(&mut text).ok()?;
    let name = text.lines().next()?.trim();
    (!name.is_empty() && !name.contains('/')).then(|| name.to_string())
}

/// Writes the file name of `staging` into the lock file.
fn write_lock_note(lock: &mut File, staging: &Path) -> io::Result<()> {
    use std::io::{Seek, Write};
    let name = staging
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    lock.set_len(0)?;
    lock.seek(io::SeekFrom::Start(0))?;
    lock.write_all(format!("{name}\n").as_bytes())
}

/// Whether every folder between `dir` and its file `rel` is a real folder, not a link: a
/// file removed by a list is removed where the list says, never through a link to elsewhere.
fn no_link_above(dir: &Path, rel: &str) -> bool {
    let mut at = dir.to_path_buf();
    let mut parts: Vec<&str> = rel.split('/').collect();
    parts.pop();
    parts.into_iter().all(|p| {
        at.push(p);
        fs::symlink_metadata(&at).is_ok_and(|m| m.is_dir())
    })
}

/// `rel` inside `dir`, refused if it is absolute, climbs out, or could not be listed in the
/// manifest (the manifest itself included).
fn inside(dir: &Path, rel: &str) -> io::Result<PathBuf> {
    if !manifest::is_listable(rel) || Path::new(rel).is_absolute() {
        return Err(io::Error::new(
            io::ErrorKind::InvalidInput,
            format!("bad output path {rel:?}"),
        ));
    }
    Ok(dir.join(rel))
}

/// Pages rewritten in the output folder itself, for `serve`'s edits: each file is written
/// beside its target and renamed over it, so a reader gets the old page or the new one,
/// never half of one, and the lock is held meanwhile, so a `vanban build` cannot swap the
/// folder between two of the pages. The manifest is rewritten with the new entries when
/// the writer is finished (or dropped).
pub struct InPlace {
    dir: PathBuf,
    manifest: Mutex<Manifest>,
    /// Files about to be written, each with what it will hold, written to
    /// [`manifest::JOURNAL`] before any of them is: the next build takes them as vanban's
    /// even if this writer is killed before the manifest lists them.
    journal: Mutex<Manifest>,
    /// Whether the manifest has entries not written yet.
    dirty: std::sync::atomic::AtomicBool,
    _lock: Lock,
}

impl InPlace {
    /// Takes the lock of `final_dir`, which must be a folder vanban wrote.
    pub fn begin(final_dir: &Path) -> Result<InPlace, Text> {
        let dir = absolute(final_dir);
        let lock = lock(&dir)?;
        let manifest = Manifest::read(&dir)?
            .ok_or_else(|| Text::new("not-built").with("path", dir.display().to_string()))?;
        Ok(InPlace {
            dir,
            manifest: Mutex::new(manifest),
            journal: Mutex::default(),
            dirty: false.into(),
            _lock: lock,
        })
    }

    /// Adds `files` to the journal and writes it, before they are made.
    fn expect(&self, files: impl IntoIterator<Item = (String, Entry)>) -> io::Result<()> {
        let mut journal = self.journal.lock().unwrap_or_else(|p| p.into_inner());
        journal.files.extend(files);
        journal.write_as(&self.dir, manifest::JOURNAL)
    }

    fn list(&self, rel: &str, entry: Entry) {
        let mut m = self.manifest.lock().unwrap_or_else(|p| p.into_inner());
        m.files.insert(rel.to_string(), entry);
        self.dirty.store(true, std::sync::atomic::Ordering::SeqCst);
    }

    /// Replaces (or adds) one file at a path relative to the site root; a file listed with
    /// these very bytes is left alone, keeping its modification time.
    pub fn write(&self, rel: &str, bytes: &[u8]) -> io::Result<()> {
        let path = inside(&self.dir, rel)?;
        let entry = Entry::of(bytes);
        let listed = self
            .manifest
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .files
            .get(rel)
            == Some(&entry);
        if listed && fs::symlink_metadata(&path).is_ok_and(|m| m.is_file() && m.len() == entry.size)
        {
            return Ok(());
        }
        let folder = path.parent().unwrap_or(&self.dir);
        fs::create_dir_all(folder)?;
        let name = path
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        let temp = folder.join(manifest::temp_name(&name));
        let temp_rel = match rel.rsplit_once('/') {
            Some((parent, _)) => format!("{parent}/{}", manifest::temp_name(&name)),
            None => manifest::temp_name(&name),
        };
        self.expect([(rel.to_string(), entry), (temp_rel, entry)])?;
        fs::write(&temp, bytes)
            .and_then(|()| fs::rename(&temp, &path))
            .inspect_err(|_| {
                let _ = fs::remove_file(&temp);
            })?;
        self.list(rel, entry);
        Ok(())
    }

    /// Replaces the folder `rel` (relative to the site root) with one holding exactly
    /// `files` (paths relative to the site root, each inside `rel`): written beside it and
    /// swapped in with one `RENAME_EXCHANGE`, so a reader sees the old folder or the new
    /// one, never a mix (the search index's files must agree with each other).
    fn replace_folder(&self, rel: &str, files: &[(String, String)]) -> io::Result<()> {
        let target = inside(&self.dir, rel)?;
        let new = sibling(&target, "new", Some(std::process::id()));
        let old = sibling(&target, "old", Some(std::process::id()));
        for leftover in [&new, &old] {
            if leftover.exists() {
                fs::remove_dir_all(leftover)?;
            }
        }
        let prefix = format!("{rel}/");
        // The new files at their places and in the new folder, and the old ones in the old
        // folder they are swapped into.
        let under = |folder: &Path, inner: &str| {
            let folder = folder.strip_prefix(&self.dir).unwrap_or(folder);
            format!("{}/{inner}", folder.to_string_lossy())
        };
        let listed_before: Vec<(String, Entry)> = {
            let m = self.manifest.lock().unwrap_or_else(|p| p.into_inner());
            m.files
                .range(prefix.clone()..)
                .take_while(|(p, _)| p.starts_with(&prefix))
                .map(|(p, e)| (under(&old, &p[prefix.len()..]), *e))
                .collect()
        };
        let mut expected = listed_before;
        for (path, contents) in files {
            let entry = Entry::of(contents.as_bytes());
            if let Some(inner) = path.strip_prefix(&prefix) {
                expected.push((under(&new, inner), entry));
            }
            expected.push((path.clone(), entry));
        }
        self.expect(expected)?;
        fs::create_dir_all(&new)?;
        let written = files.iter().try_for_each(|(path, contents)| {
            let inner = path.strip_prefix(&prefix).ok_or_else(|| {
                io::Error::new(
                    io::ErrorKind::InvalidInput,
                    format!("{path} is not inside {rel}"),
                )
            })?;
            let file = inside(&new, inner)?;
            if let Some(parent) = file.parent() {
                fs::create_dir_all(parent)?;
            }
            fs::write(file, contents)
        });
        if let Err(e) = written {
            let _ = fs::remove_dir_all(&new);
            return Err(e);
        }
        swap_in(&new, &target, &old)?;
        let mut m = self.manifest.lock().unwrap_or_else(|p| p.into_inner());
        let before: Vec<(String, Entry)> = m
            .files
            .range(prefix.clone()..)
            .take_while(|(p, _)| p.starts_with(&prefix))
            .map(|(p, e)| (p[prefix.len()..].to_string(), *e))
            .collect();
        m.files.retain(|p, _| !p.starts_with(&prefix));
        for (path, contents) in files {
            m.files.insert(path.clone(), Entry::of(contents.as_bytes()));
        }
        self.dirty.store(true, std::sync::atomic::Ordering::SeqCst);
        drop(m);
        remove_owned(&old, &before, Check::AsListed(None));
        let _ = fs::remove_dir(&old);
        Ok(())
    }

    /// Writes the manifest with the files written so far.
    pub fn finish(self) -> Result<(), Text> {
        self.save()
            .map_err(|e| Text::failed("cannot-write", &self.dir.join(manifest::FILE_NAME), &e))
    }

    fn save(&self) -> io::Result<()> {
        if self.dirty.swap(false, std::sync::atomic::Ordering::SeqCst) {
            let m = self.manifest.lock().unwrap_or_else(|p| p.into_inner());
            m.write(&self.dir)?;
        }
        let mut journal = self.journal.lock().unwrap_or_else(|p| p.into_inner());
        if !journal.files.is_empty() {
            journal.files.clear();
            match fs::remove_file(self.dir.join(manifest::JOURNAL)) {
                Err(e) if e.kind() != io::ErrorKind::NotFound => return Err(e),
                _ => {}
            }
        }
        Ok(())
    }
}

impl Drop for InPlace {
    /// A writer dropped on an error still lists what it wrote.
    fn drop(&mut self) {
        let _ = self.save();
    }
}

/// Gives `file` the modification time of `old`, where the file system allows (a file that
/// keeps a new time is only sent again by a sync, never wrong).
fn keep_time(file: &File, old: &Path) {
    if let Ok(time) = fs::metadata(old).and_then(|m| m.modified()) {
        let _ = file.set_modified(time);
    }
}

impl Staging {
    /// Takes the lock, decides whose files the output folder holds ([`ownership`]: a folder
    /// holding files vanban did not write is refused here) and creates a fresh staging
    /// folder next to `final_dir`.
    pub fn begin(final_dir: &Path) -> Result<Staging, Text> {
        let final_dir = absolute(final_dir);
        let lock = lock(&final_dir)?;
        let parent = final_dir.parent().ok_or_else(|| {
            Text::new("out-is-root").with("path", final_dir.display().to_string())
        })?;
        let previous = ownership(&final_dir)?;
        // Leftovers of builds that were killed, safe to clear while we hold the lock: the
        // staging folder the lock names is one a build made (a folder that only has such a
        // name is anyone's, and stays); a previous output being removed is removed as a
        // commit removes it, by its manifest.
        let mut lock = lock;
        let staged_before = read_lock_note(&mut lock.file);
        let prefix = sibling(&final_dir, "", None)
            .file_name()
            .unwrap()
            .to_string_lossy()
            .into_owned();
        if let Ok(entries) = fs::read_dir(parent) {
            for e in entries.flatten() {
                let n = e.file_name().to_string_lossy().into_owned();
                if !e.file_type().is_ok_and(|t| t.is_dir()) {
                    continue;
                }
                if n.starts_with(&format!("{prefix}new-")) && staged_before.as_deref() == Some(&n) {
                    let _ = fs::remove_dir_all(e.path());
                } else if n.starts_with(&format!("{prefix}old-")) {
                    let _ = retire(&e.path(), &final_dir, None);
                }
            }
        }
        let dir = sibling(&final_dir, "new", Some(std::process::id()));
        // Named in the lock before it exists, so that a build killed at any moment leaves
        // nothing the next one cannot tell as its own.
        write_lock_note(&mut lock.file, &dir)
            .map_err(|e| Text::failed("cannot-write", &lock.path, &e))?;
        fs::create_dir(&dir).map_err(|e| Text::failed("cannot-create", &dir, &e))?;
        Ok(Staging {
            dir,
            final_dir,
            committed: false,
            made: Mutex::default(),
            written: Mutex::default(),
            previous,
            _lock: lock,
        })
    }

    /// Every path written so far, sorted.
    pub fn paths(&self) -> Vec<String> {
        let written = self.written.lock().unwrap_or_else(|p| p.into_inner());
        let mut paths: Vec<String> = written.iter().map(|(p, _)| p.clone()).collect();
        paths.sort_unstable();
        paths
    }

    fn target(&self, rel: &str) -> io::Result<PathBuf> {
        inside(&self.dir, rel)
    }

    fn list(&self, rel: &str, entry: Entry) {
        self.written
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .push((rel.to_string(), entry));
    }

    /// The previous output's file at `rel` when its manifest lists it with `entry`: the same
    /// bytes, already written.
    fn unchanged_before(&self, rel: &str, entry: &Entry) -> Option<PathBuf> {
        match &self.previous {
            Previous::Built(m) if m.files.get(rel) == Some(entry) => Some(self.final_dir.join(rel)),
            _ => None,
        }
    }

    /// Writes one file at a path relative to the site root, creating folders as needed.
    /// A file whose bytes the previous output already holds is that file, hard-linked into
    /// the staging folder: it keeps its modification time, so that a sync by time and size
    /// sends only what changed (and one link costs less than a write).
    pub fn write(&self, rel: &str, bytes: &[u8]) -> io::Result<()> {
        let path = self.target(rel)?;
        self.make_parent(&path)?;
        let entry = Entry::of(bytes);
        match self.unchanged_before(rel, &entry) {
            Some(old) if fs::hard_link(&old, &path).is_ok() => {}
            Some(old) => {
                let file = File::create(&path)?;
                io::Write::write_all(&mut &file, bytes)?;
                keep_time(&file, &old);
            }
            None => fs::write(&path, bytes)?,
        }
        self.list(rel, entry);
        Ok(())
    }

    /// Copies a file (an attachment) into the site; one whose bytes the previous output
    /// already holds keeps that file's modification time.
    pub fn copy(&self, rel: &str, source: &Path) -> io::Result<()> {
        let path = self.target(rel)?;
        self.make_parent(&path)?;
        let mut from = File::open(source)?;
        let mut to = File::create(&path)?;
        let entry = manifest::copy_hashing(&mut from, &mut to)?;
        if let Some(old) = self.unchanged_before(rel, &entry) {
            keep_time(&to, &old);
        }
        self.list(rel, entry);
        Ok(())
    }

    fn make_parent(&self, path: &Path) -> io::Result<()> {
        let Some(parent) = path.parent() else {
            return Ok(());
        };
        let mut made = self.made.lock().unwrap_or_else(|p| p.into_inner());
        if !made.contains(parent) {
            fs::create_dir_all(parent)?;
            made.insert(parent.to_path_buf());
        }
        Ok(())
    }

    /// Lists the staged files in the manifest and makes the staged site the output,
    /// atomically where the file system allows it. Of the previous output, only the files
    /// its manifest lists are removed; what else is found is kept beside the output, and the
    /// notes returned say where.
    pub fn commit(mut self) -> io::Result<Committed> {
        let manifest = Manifest {
            files: std::mem::take(&mut *self.written.lock().unwrap_or_else(|p| p.into_inner()))
                .into_iter()
                .collect(),
        };
        let changes = match &self.previous {
            Previous::Built(before) => Changes::between(before, &manifest),
            _ => Changes::between(&Manifest::default(), &manifest),
        };
        manifest.write(&self.dir)?;
        let old = sibling(&self.final_dir, "old", Some(std::process::id()));
        swap_in(&self.dir, &self.final_dir, &old)?;
        self.committed = true;
        let mut notes = Vec::new();
        match std::mem::replace(&mut self.previous, Previous::Nothing) {
            Previous::Legacy => {
                let kept = kept_name(&self.final_dir, "previous");
                fs::rename(&old, &kept)?;
                notes.push(
                    Text::new("output-legacy-kept")
                        .with("output", self.final_dir.display().to_string())
                        .with("kept", kept.display().to_string()),
                );
            }
            previous => {
                let verified = match previous {
                    Previous::Built(m) => Some(m),
                    _ => None,
                };
                if let Some(kept) = retire(&old, &self.final_dir, verified) {
                    notes.push(
                        Text::new("output-added-kept")
                            .with("output", self.final_dir.display().to_string())
                            .with("kept", kept.display().to_string()),
                    );
                }
            }
        }
        Ok(Committed {
            output: self.final_dir.clone(),
            notes,
            changes,
        })
    }
}

/// What a committed build left: where, what to tell of files kept, and what changed.
#[derive(Debug)]
pub(crate) struct Committed {
    pub output: PathBuf,
    /// Where files that were not removed were kept, and why.
    pub notes: Vec<Text>,
    pub changes: Changes,
}

/// The pages (`.html` files) a build added, changed (other bytes) and removed, against
/// the previous output's manifest (all added when there was none), and every file whose
/// bytes are new: what a sync or upload will send.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Changes {
    pub added: usize,
    pub changed: usize,
    pub removed: usize,
    /// Files of any kind added or changed.
    pub files: usize,
}

impl Changes {
    pub fn between(before: &Manifest, after: &Manifest) -> Changes {
        let page = |p: &str| p.ends_with(".html");
        let mut c = Changes::default();
        for (path, entry) in &after.files {
            let new = match before.files.get(path) {
                None => {
                    c.added += usize::from(page(path));
                    true
                }
                Some(e) if e != entry => {
                    c.changed += usize::from(page(path));
                    true
                }
                Some(_) => false,
            };
            c.files += usize::from(new);
        }
        c.removed = before
            .files
            .keys()
            .filter(|p| page(p) && !after.files.contains_key(*p))
            .count();
        c
    }
}

/// Removes a previous output folder `old` as far as its manifest proves it vanban's; if
/// anything else is left in it, renames it to a visible sibling of `final_dir` and returns
/// that. `verified`: its manifest, every file of which [`ownership`] found as listed when
/// the build began, so they are removed without a second look (a stat each: a site is
/// tens of thousands of files); without it (a leftover of a killed build) each file is
/// looked at first.
fn retire(old: &Path, final_dir: &Path, verified: Option<Manifest>) -> Option<PathBuf> {
    let (listed, check) = match verified {
        Some(m) => (Some(m), Check::Verified),
        None => (
            Manifest::read(old).ok().flatten(),
            Check::AsListed(listed_at(old)),
        ),
    };
    if let Some(m) = listed {
        let files: Vec<(String, Entry)> = m.files.into_iter().collect();
        remove_owned(old, &files, check);
        let _ = fs::remove_file(old.join(manifest::FILE_NAME));
    }
    let _ = fs::remove_dir(old);
    if fs::symlink_metadata(old).is_err() {
        return None;
    }
    let kept = kept_name(final_dir, "kept");
    fs::rename(old, &kept).ok().map(|()| kept)
}

/// How far a listed file is looked at before it is removed.
#[derive(Clone, Copy)]
enum Check {
    /// Found as listed already.
    Verified,
    /// Still a plain file of the size listed, and, when the time the list was written is
    /// known, not modified after it.
    AsListed(Option<SystemTime>),
}

/// Removes from `dir` the listed files (as far as `check` says), the files in parallel (a
/// site is tens of thousands of them), then every folder left empty. Anything else stays.
fn remove_owned(dir: &Path, files: &[(String, Entry)], check: Check) {
    use rayon::prelude::*;
    files.par_iter().for_each(|(rel, entry)| {
        let path = dir.join(rel);
        let still = match check {
            Check::Verified => true,
            Check::AsListed(since) => {
                no_link_above(dir, rel)
                    && fs::symlink_metadata(&path).is_ok_and(|meta| {
                        meta.is_file()
                            && meta.len() == entry.size
                            && since.is_none_or(|s| meta.modified().is_ok_and(|m| m <= s))
                    })
            }
        };
        if still {
            let _ = fs::remove_file(&path);
        }
    });
    for e in walkdir::WalkDir::new(dir)
        .min_depth(1)
        .contents_first(true)
        .into_iter()
        .flatten()
    {
        if e.file_type().is_dir() {
            let _ = fs::remove_dir(e.path());
        }
    }
}

/// Puts the folder `new` where `target` is, in one atomic `renameat2(RENAME_EXCHANGE)`
/// where the file system has it; the previous `target`, if any, ends up at `old` for the
/// caller to remove.
fn swap_in(new: &Path, target: &Path, old: &Path) -> io::Result<()> {
    if fs::symlink_metadata(target).is_err() {
        return fs::rename(new, target);
    }
    let exchanged = rustix::fs::renameat_with(
        rustix::fs::CWD,
        new,
        rustix::fs::CWD,
        target,
        rustix::fs::RenameFlags::EXCHANGE,
    );
    match exchanged {
        // `new` now holds the previous folder.
        Ok(()) => fs::rename(new, old),
        Err(_) => {
            // No RENAME_EXCHANGE on this file system: two renames, the window between
            // them as short as it can be.
            fs::rename(target, old)?;
            fs::rename(new, target)
        }
    }
}

impl Drop for Staging {
    fn drop(&mut self) {
        if !self.committed {
            let _ = fs::remove_dir_all(&self.dir);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn refuses_dangerous_output_folders() {
        let t = tempfile::tempdir().unwrap();
        let root = t.path();
        let content = root.join("content");
        fs::create_dir(&content).unwrap();
        assert!(
            check_output_dir(&content, Path::new("/"))
                .unwrap_err()
                .to_string()
                .contains("root folder")
        );
        assert!(
            check_output_dir(&content, &content)
                .unwrap_err()
                .to_string()
                .contains("is the content folder")
        );
        assert!(
            check_output_dir(&content, root)
                .unwrap_err()
                .to_string()
                .contains("contains the content folder")
        );
        assert!(
            check_output_dir(&content, &content.join("x"))
                .unwrap_err()
                .to_string()
                .contains("inside the content")
        );
        assert!(check_output_dir(&content, &root.join("content/../content")).is_err());
        assert!(check_output_dir(&content, &root.join("public")).is_ok());
    }

    fn names(dir: &Path) -> Vec<String> {
        let mut n: Vec<String> = list_files(dir).unwrap();
        n.sort();
        n
    }

    #[test]
    fn a_folder_is_vanbans_only_by_its_manifest() {
        let t = tempfile::tempdir().unwrap();
        let home = t.path().join("home");
        fs::create_dir_all(home.join("Documents")).unwrap();
        fs::write(home.join(".bashrc"), "alias x=y").unwrap();
        fs::write(home.join("Documents/thesis.docx"), "thesis").unwrap();
        // A marker file, forged or not, makes no folder vanban's.
        fs::write(home.join(LEGACY_MARKER), "x\n").unwrap();
        let e = Staging::begin(&home).err().unwrap().to_string();
        assert!(e.contains("did not write"), "{e}");
        assert!(
            e.contains(".bashrc") && e.contains("Documents/thesis.docx"),
            "{e}"
        );
        assert_eq!(
            names(&home),
            [".bashrc", ".vanban", "Documents/thesis.docx"]
        );

        // Nor does an empty manifest: every file it does not list is foreign.
        Manifest::default().write(&home).unwrap();
        let e = Staging::begin(&home).err().unwrap().to_string();
        assert!(e.contains(".bashrc"), "{e}");
        // Nor one that lists a file with a size it does not have.
        let mut m = Manifest::default();
        m.files.insert(".bashrc".into(), Entry::of(b"other"));
        m.write(&home).unwrap();
        let e = Staging::begin(&home).err().unwrap().to_string();
        assert!(e.contains(".bashrc"), "{e}");
        // Nor one with a checksum that is not the file's, modified after it.
        m.files
            .insert("Documents/thesis.docx".into(), Entry::of(b"thesis"));
        m.files.insert(".bashrc".into(), Entry::of(b"alias x=z"));
        m.write(&home).unwrap();
        std::thread::sleep(std::time::Duration::from_millis(20));
        fs::write(home.join(".bashrc"), "alias x=y").unwrap();
        let e = Staging::begin(&home).err().unwrap().to_string();
        assert!(e.contains(".bashrc (changed after vanban wrote it)"), "{e}");
        fs::write(home.join("vanban-manifest.txt"), "garbage").unwrap();
        let e = Staging::begin(&home).err().unwrap().to_string();
        assert!(e.contains("damaged or was edited"), "{e}");
        assert_eq!(fs::read(home.join(".bashrc")).unwrap(), b"alias x=y");
    }

    #[test]
    fn a_changed_page_is_not_replaced() {
        let t = tempfile::tempdir().unwrap();
        let out = t.path().join("public");
        let s = Staging::begin(&out).unwrap();
        s.write("a.html", b"one").unwrap();
        s.commit().unwrap();
        // Same size, later time: the checksum decides.
        std::thread::sleep(std::time::Duration::from_millis(20));
        fs::write(out.join("a.html"), b"two").unwrap();
        let e = Staging::begin(&out).err().unwrap().to_string();
        assert!(
            e.contains("changed after vanban wrote") && e.contains("a.html"),
            "{e}"
        );
        // The same bytes written again are still vanban's.
        fs::write(out.join("a.html"), b"one").unwrap();
        assert!(Staging::begin(&out).is_ok());
    }

    #[test]
    fn an_earlier_versions_output_is_kept_whole_beside_the_new_one() {
        let t = tempfile::tempdir().unwrap();
        let out = t.path().join("public");
        fs::create_dir_all(out.join("van-ban")).unwrap();
        fs::write(out.join(LEGACY_MARKER), LEGACY_MARKER_TEXT).unwrap();
        fs::write(out.join("index.html"), "old").unwrap();
        fs::write(out.join("van-ban/my-report.docx"), "mine").unwrap();
        let s = Staging::begin(&out).unwrap();
        s.write("index.html", b"new").unwrap();
        let notes = s.commit().unwrap().notes;
        assert_eq!(fs::read(out.join("index.html")).unwrap(), b"new");
        let kept = t.path().join("public.vanban-previous");
        assert_eq!(
            fs::read(kept.join("van-ban/my-report.docx")).unwrap(),
            b"mine"
        );
        assert!(
            notes[0].to_string().contains("public.vanban-previous"),
            "{notes:?}"
        );
        // The next build is an ordinary one.
        let s = Staging::begin(&out).unwrap();
        s.write("index.html", b"newer").unwrap();
        assert!(s.commit().unwrap().notes.is_empty());
    }

    #[test]
    fn commit_replaces_and_failure_keeps_previous() {
        let t = tempfile::tempdir().unwrap();
        let out = t.path().join("public");
        let s = Staging::begin(&out).unwrap();
        s.write("a/index.html", b"one").unwrap();
        s.commit().unwrap();
        assert_eq!(fs::read(out.join("a/index.html")).unwrap(), b"one");

        // A build that fails (dropped without commit) leaves the output as it was.
        let s = Staging::begin(&out).unwrap();
        s.write("a/index.html", b"two").unwrap();
        let staged = s.dir.clone();
        drop(s);
        assert!(!staged.exists());
        assert_eq!(fs::read(out.join("a/index.html")).unwrap(), b"one");

        // A second build replaces everything, stale files included.
        let s = Staging::begin(&out).unwrap();
        s.write("b.html", b"three").unwrap();
        s.commit().unwrap();
        assert!(!out.join("a/index.html").exists());
        assert!(out.join(manifest::FILE_NAME).is_file());
        assert!(!out.join(LEGACY_MARKER).exists());
        let leftovers: Vec<_> = fs::read_dir(t.path())
            .unwrap()
            .flatten()
            .map(|e| e.file_name().to_string_lossy().into_owned())
            .filter(|n| n.contains("vanban-new") || n.contains("vanban-old"))
            .collect();
        assert!(leftovers.is_empty(), "{leftovers:?}");
    }

    #[test]
    fn a_second_build_at_once_is_refused_and_no_lock_is_left() {
        let t = tempfile::tempdir().unwrap();
        let out = t.path().join("public");
        let first = Staging::begin(&out).unwrap();
        assert!(t.path().join(".public.vanban-lock").is_file());
        let second = Staging::begin(&out);
        assert!(
            second
                .err()
                .unwrap()
                .to_string()
                .contains("another vanban build")
        );
        drop(first);
        assert!(!t.path().join(".public.vanban-lock").exists());
        let s = Staging::begin(&out).unwrap();
        s.write("a.html", b"a").unwrap();
        s.commit().unwrap();
        let left: Vec<_> = fs::read_dir(t.path())
            .unwrap()
            .flatten()
            .map(|e| e.file_name().into_string().unwrap())
            .collect();
        assert_eq!(left, ["public"]);
    }

    #[test]
    fn a_lock_file_removed_under_a_waiting_writer_is_not_held_twice() {
        let t = tempfile::tempdir().unwrap();
        let out = t.path().join("public");
        // A writer that opened the lock file just before the holder removed it gets the
        // lock of a file nobody else can see: it must take the new one instead.
        let first = lock(&out).unwrap();
        let stale = File::open(&first.path).unwrap();
        drop(first);
        stale.try_lock().unwrap();
        let second = lock(&out).unwrap();
        assert!(lock(&out).is_err(), "the file in place is locked");
        drop(second);
        drop(stale);
    }

    #[test]
    fn in_place_writes_replace_pages_under_the_lock() {
        let t = tempfile::tempdir().unwrap();
        let out = t.path().join("public");
        assert!(InPlace::begin(&out).is_err(), "no site there yet");
        let s = Staging::begin(&out).unwrap();
        s.write("a/b.html", b"one").unwrap();
        s.commit().unwrap();

        let w = InPlace::begin(&out).unwrap();
        assert!(Staging::begin(&out).is_err(), "a build waits for the pages");
        w.write("a/b.html", b"two").unwrap();
        assert!(w.write("../x.html", b"x").is_err());
        w.finish().unwrap();
        let listed = Manifest::read(&out).unwrap().unwrap();
        assert_eq!(listed.files["a/b.html"], Entry::of(b"two"));
        assert_eq!(fs::read(out.join("a/b.html")).unwrap(), b"two");
        let names: Vec<_> = fs::read_dir(out.join("a"))
            .unwrap()
            .flatten()
            .map(|e| e.file_name())
            .collect();
        assert_eq!(names, ["b.html"], "no temporary file is left");
        assert!(!out.join(manifest::JOURNAL).exists(), "the journal is gone");
        assert!(Staging::begin(&out).is_ok());
    }

    /// A writer killed after it swapped a folder in, or in the middle of it (its new and old
    /// folders, a temporary page), leaves files its journal names: the next build takes
    /// them as vanban's and removes them, and then the journal too.
    #[test]
    fn what_a_killed_writer_leaves_is_vanbans() {
        let t = tempfile::tempdir().unwrap();
        let out = t.path().join("public");
        let s = Staging::begin(&out).unwrap();
        s.write("tim-kiem/meta.js", b"1").unwrap();
        s.write("index.html", b"page").unwrap();
        s.commit().unwrap();

        let w = InPlace::begin(&out).unwrap();
        let files = [("tim-kiem/meta.js".to_string(), "2".to_string())];
        w.replace_folder("tim-kiem", &files).unwrap();
        w.write("index.html", b"new page").unwrap();
        // Killed: no manifest written, the lock file left behind; and a half-made swap.
        w._lock.file.unlock().unwrap();
        std::mem::forget(w);
        let new = sibling(&out.join("tim-kiem"), "new", Some(std::process::id()));
        fs::create_dir_all(&new).unwrap();
        fs::write(new.join("meta.js"), "2").unwrap();
        fs::write(out.join(manifest::temp_name("index.html")), "new page").unwrap();
        let Ok(Previous::Built(listed)) = ownership(&out) else {
            panic!("{:?}", ownership(&out).err());
        };
        assert_eq!(listed.files["index.html"], Entry::of(b"new page"));
        assert!(listed.files.contains_key(manifest::JOURNAL));
        // What is not as the journal says stays foreign.
        fs::write(new.join("meta.js"), "edited").unwrap();
        assert!(ownership(&out).is_err());
        fs::write(new.join("meta.js"), "2").unwrap();
        // The next build takes the folder and leaves nothing of the killed writer.
        let s = Staging::begin(&out).unwrap();
        s.write("index.html", b"rebuilt").unwrap();
        s.commit().unwrap();
        let mut left = list_files(&out).unwrap();
        left.sort();
        assert_eq!(left, ["index.html"]);
        assert!(!out.join(manifest::JOURNAL).exists());
        let beside: Vec<_> = fs::read_dir(t.path())
            .unwrap()
            .flatten()
            .map(|e| e.file_name().to_string_lossy().into_owned())
            .filter(|n| !n.ends_with("vanban-lock"))
            .collect();
        assert_eq!(beside, ["public"], "nothing kept beside it");
    }

    #[test]
    fn a_replaced_folder_holds_exactly_the_new_files() {
        let t = tempfile::tempdir().unwrap();
        let out = t.path().join("public");
        let s = Staging::begin(&out).unwrap();
        let first = [
            ("tim-kiem/old.js".to_string(), "old".to_string()),
            ("tim-kiem/meta.js".to_string(), "1".to_string()),
        ];
        assert_eq!(crate::write::search(&s, &first), Ok(4));
        s.write("index.html", b"page").unwrap();
        s.commit().unwrap();

        // Serve's renewal goes through the same writer, which swaps the folder in place.
        let w = InPlace::begin(&out).unwrap();
        let files = [
            ("tim-kiem/meta.js".to_string(), "2".to_string()),
            ("tim-kiem/t-dan.js".to_string(), "d".to_string()),
        ];
        assert_eq!(crate::write::search(&w, &files), Ok(2));
        let bad = [("index.html".to_string(), "x".to_string())];
        assert!(crate::write::search(&w, &bad).is_err());
        w.finish().unwrap();
        let listed = Manifest::read(&out).unwrap().unwrap();
        let listed: Vec<&str> = listed.files.keys().map(String::as_str).collect();
        assert_eq!(
            listed,
            ["index.html", "tim-kiem/meta.js", "tim-kiem/t-dan.js"]
        );
        assert!(Staging::begin(&out).is_ok(), "the folder is still vanban's");
        let mut names: Vec<_> = fs::read_dir(out.join("tim-kiem"))
            .unwrap()
            .flatten()
            .map(|e| e.file_name().into_string().unwrap())
            .collect();
        names.sort();
        assert_eq!(names, ["meta.js", "t-dan.js"]);
        assert_eq!(fs::read(out.join("tim-kiem/meta.js")).unwrap(), b"2");
        assert_eq!(fs::read(out.join("index.html")).unwrap(), b"page");
        let mut top: Vec<_> = fs::read_dir(&out)
            .unwrap()
            .flatten()
            .map(|e| e.file_name().into_string().unwrap())
            .filter(|n| n != manifest::FILE_NAME)
            .collect();
        top.sort();
        assert_eq!(top, ["index.html", "tim-kiem"], "nothing left beside it");
    }

    #[test]
    fn unchanged_files_keep_their_time_and_changes_are_counted() {
        let t = tempfile::tempdir().unwrap();
        let out = t.path().join("public");
        let s = Staging::begin(&out).unwrap();
        for (rel, bytes) in [
            ("a.html", "a"),
            ("b.html", "b"),
            ("c.html", "c"),
            ("s.js", "s"),
        ] {
            s.write(rel, bytes.as_bytes()).unwrap();
        }
        let first = s.commit().unwrap().changes;
        assert_eq!((first.added, first.changed, first.files), (3, 0, 4));
        let old = SystemTime::UNIX_EPOCH + std::time::Duration::from_secs(1_000_000_000);
        for rel in ["a.html", "b.html", "s.js"] {
            let f = File::options().write(true).open(out.join(rel)).unwrap();
            f.set_modified(old).unwrap();
        }
        let attachment = t.path().join("s.pdf");
        fs::write(&attachment, "pdf").unwrap();
        let s = Staging::begin(&out).unwrap();
        s.write("a.html", b"a").unwrap();
        s.write("b.html", b"B").unwrap();
        s.write("d.html", b"d").unwrap();
        s.write("s.js", b"s").unwrap();
        s.copy("s.pdf", &attachment).unwrap();
        let changes = s.commit().unwrap().changes;
        assert_eq!(
            changes,
            Changes {
                added: 1,
                changed: 1,
                removed: 1,
                files: 3
            }
        );
        let time = |rel: &str| fs::metadata(out.join(rel)).unwrap().modified().unwrap();
        assert_eq!(time("a.html"), old);
        assert_eq!(time("s.js"), old);
        assert_ne!(time("b.html"), old);
        assert_eq!(fs::read(out.join("b.html")).unwrap(), b"B");
        assert!(!out.join("c.html").exists());

        // An attachment copied again, and a page serve rewrites with the same bytes.
        let pdf = File::options().write(true).open(out.join("s.pdf")).unwrap();
        pdf.set_modified(old).unwrap();
        let s = Staging::begin(&out).unwrap();
        s.copy("s.pdf", &attachment).unwrap();
        s.write("a.html", b"a").unwrap();
        s.commit().unwrap();
        assert_eq!(time("s.pdf"), old);
        let w = InPlace::begin(&out).unwrap();
        w.write("a.html", b"a").unwrap();
        w.finish().unwrap();
        assert_eq!(time("a.html"), old);
    }

    #[test]
    fn paths_cannot_leave_the_staging_folder() {
        let t = tempfile::tempdir().unwrap();
        let s = Staging::begin(&t.path().join("public")).unwrap();
        assert!(s.write("../x.html", b"x").is_err());
        assert!(s.write("/etc/x", b"x").is_err());
        assert!(s.write(manifest::FILE_NAME, b"x").is_err());
    }
}
