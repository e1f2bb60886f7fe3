//! Writing the site without ever damaging the last good one. A build writes into a hidden
//! sibling folder (`.public.vanban-new-<pid>`) and, only when every page is written, swaps
//! it with the output folder in one atomic `renameat2(RENAME_EXCHANGE)`. A failed or killed
//! build leaves the previous output as it was; leftovers are removed by the next build. A
//! lock file next to the output makes a second concurrent build stop with a clear message;
//! `serve`, rewriting a few pages after an edit (`InPlace`), holds the same lock.

use std::collections::HashSet;
use std::fs::{self, File};
use std::io;
use std::path::{Path, PathBuf};
use std::sync::Mutex;

/// Written into every output folder, so that vanban never replaces a folder it did not make.
pub const MARKER: &str = ".vanban";
const MARKER_TEXT: &str = "Thư mục này do vanban tạo ra; mỗi lần build sẽ thay thế toàn bộ.\n";

/// The output folder rules of SPEC §5: not `/`, not the content folder, not a folder that
/// contains it or lies inside it, and not a folder of someone else's files.
pub fn check_output_dir(content: &Path, output: &Path) -> Result<(), String> {
    let out = absolute(output);
    let content = absolute(content);
    if out.parent().is_none() {
        return Err(format!(
            "refusing to write the site to {}: it is the root folder",
            out.display()
        ));
    }
    if out == content {
        return Err(format!(
            "refusing to write the site to {}: it is the content folder",
            out.display()
        ));
    }
    if content.starts_with(&out) {
        return Err(format!(
            "refusing to write the site to {}: it contains the content folder {}",
            out.display(),
            content.display()
        ));
    }
    if out.starts_with(&content) {
        return Err(format!(
            "refusing to write the site to {}: it is inside the content folder",
            out.display()
        ));
    }
    if let Ok(meta) = fs::symlink_metadata(&out) {
        if meta.file_type().is_symlink() {
            return Err(format!(
                "{} is a symbolic link; give --output the real folder",
                out.display()
            ));
        }
        if !meta.is_dir() {
            return Err(format!("{} exists and is not a folder", out.display()));
        }
        let empty = fs::read_dir(&out)
            .map(|mut d| d.next().is_none())
            .unwrap_or(false);
        if !empty && !out.join(MARKER).is_file() {
            return Err(format!(
                "{} already holds files that vanban did not write; move them or choose another --output",
                out.display()
            ));
        }
    }
    Ok(())
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

/// The folder a build writes into before it becomes the output.
pub struct Staging {
    pub dir: PathBuf,
    final_dir: PathBuf,
    committed: bool,
    /// Folders made so far: thousands of pages share a few folders, and asking the file
    /// system again for each page costs two system calls.
    made: Mutex<HashSet<PathBuf>>,
    _lock: File,
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

/// Takes the lock of the output folder `final_dir` (absolute), held until the file is
/// dropped: one writer at a time, whether it builds the whole site or rewrites some pages.
fn lock(final_dir: &Path) -> Result<File, String> {
    let parent = final_dir
        .parent()
        .ok_or("the output folder has no parent")?;
    fs::create_dir_all(parent).map_err(|e| format!("cannot create {}: {e}", parent.display()))?;
    let lock_path = sibling(final_dir, "lock", None);
    let lock = File::options()
        .create(true)
        .truncate(false)
        .write(true)
        .open(&lock_path)
        .map_err(|e| format!("cannot create the lock file {}: {e}", lock_path.display()))?;
    match lock.try_lock() {
        Ok(()) => Ok(lock),
        Err(fs::TryLockError::WouldBlock) => Err(format!(
            "another vanban build is writing {} right now (lock file {}); wait for it to finish",
            final_dir.display(),
            lock_path.display()
        )),
        Err(fs::TryLockError::Error(e)) => Err(format!("cannot lock {}: {e}", lock_path.display())),
    }
}

/// `rel` inside `dir`, refused if it is absolute or climbs out.
fn inside(dir: &Path, rel: &str) -> io::Result<PathBuf> {
    let rel = Path::new(rel);
    if rel.is_absolute()
        || rel
            .components()
            .any(|c| !matches!(c, std::path::Component::Normal(_)))
    {
        return Err(io::Error::new(
            io::ErrorKind::InvalidInput,
            format!("bad output path {}", rel.display()),
        ));
    }
    Ok(dir.join(rel))
}

/// Pages rewritten in the output folder itself, for `serve`'s edits: each file is written
/// beside its target and renamed over it, so a reader gets the old page or the new one,
/// never half of one, and the lock is held meanwhile, so a `vanban build` cannot swap the
/// folder between two of the pages.
pub struct InPlace {
    dir: PathBuf,
    _lock: File,
}

impl InPlace {
    /// Takes the lock of `final_dir`, which must be a folder vanban wrote.
    pub fn begin(final_dir: &Path) -> Result<InPlace, String> {
        let dir = absolute(final_dir);
        let lock = lock(&dir)?;
        if !dir.join(MARKER).is_file() {
            return Err(format!("{} is not a site vanban built", dir.display()));
        }
        Ok(InPlace { dir, _lock: lock })
    }

    /// Replaces (or adds) one file at a path relative to the site root.
    pub fn write(&self, rel: &str, bytes: &[u8]) -> io::Result<()> {
        let path = inside(&self.dir, rel)?;
        let folder = path.parent().unwrap_or(&self.dir);
        fs::create_dir_all(folder)?;
        let name = path
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        let temp = folder.join(format!(".{name}.vanban-tmp-{}", std::process::id()));
        fs::write(&temp, bytes)
            .and_then(|()| fs::rename(&temp, &path))
            .inspect_err(|_| {
                let _ = fs::remove_file(&temp);
            })
    }

    /// Replaces the folder `rel` (relative to the site root) with one holding exactly
    /// `files` (paths relative to the site root, each inside `rel`): written beside it and
    /// swapped in with one `RENAME_EXCHANGE`, so a reader sees the old folder or the new
    /// one, never a mix (the search index's files must agree with each other).
    pub fn replace_folder(&self, rel: &str, files: &[(String, String)]) -> io::Result<()> {
        let target = inside(&self.dir, rel)?;
        let new = sibling(&target, "new", Some(std::process::id()));
        let old = sibling(&target, "old", Some(std::process::id()));
        for leftover in [&new, &old] {
            if leftover.exists() {
                fs::remove_dir_all(leftover)?;
            }
        }
        fs::create_dir_all(&new)?;
        let written = files.iter().try_for_each(|(path, contents)| {
            let inner = Path::new(path).strip_prefix(rel).map_err(|_| {
                io::Error::new(
                    io::ErrorKind::InvalidInput,
                    format!("{path} is not inside {rel}"),
                )
            })?;
            let file = inside(&new, &inner.to_string_lossy())?;
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
        remove_tree(&old);
        Ok(())
    }
}

impl Staging {
    /// Takes the lock and creates a fresh staging folder next to `final_dir`.
    pub fn begin(final_dir: &Path) -> Result<Staging, String> {
        let final_dir = absolute(final_dir);
        let lock = lock(&final_dir)?;
        let parent = final_dir
            .parent()
            .ok_or("the output folder has no parent")?;
        // Leftovers of builds that were killed: safe to remove while we hold the lock.
        let prefix = sibling(&final_dir, "", None)
            .file_name()
            .unwrap()
            .to_string_lossy()
            .into_owned();
        if let Ok(entries) = fs::read_dir(parent) {
            for e in entries.flatten() {
                let n = e.file_name().to_string_lossy().into_owned();
                if (n.starts_with(&format!("{prefix}new-"))
                    || n.starts_with(&format!("{prefix}old-")))
                    && e.file_type().is_ok_and(|t| t.is_dir())
                {
                    let _ = fs::remove_dir_all(e.path());
                }
            }
        }
        let dir = sibling(&final_dir, "new", Some(std::process::id()));
        fs::create_dir(&dir).map_err(|e| format!("cannot create {}: {e}", dir.display()))?;
        let staging = Staging {
            dir,
            final_dir,
            committed: false,
            made: Mutex::default(),
            _lock: lock,
        };
        staging
            .write(MARKER, MARKER_TEXT.as_bytes())
            .map_err(|e| format!("cannot write: {e}"))?;
        Ok(staging)
    }

    fn target(&self, rel: &str) -> io::Result<PathBuf> {
        inside(&self.dir, rel)
    }

    /// Writes one file at a path relative to the site root, creating folders as needed.
    pub fn write(&self, rel: &str, bytes: &[u8]) -> io::Result<()> {
        let path = self.target(rel)?;
        self.make_parent(&path)?;
        fs::write(&path, bytes)
    }

    /// Copies a file (an attachment) into the site.
    pub fn copy(&self, rel: &str, source: &Path) -> io::Result<()> {
        let path = self.target(rel)?;
        self.make_parent(&path)?;
        fs::copy(source, &path).map(|_| ())
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

    /// Makes the staged site the output, atomically where the file system allows it.
    pub fn commit(mut self) -> io::Result<PathBuf> {
        let old = sibling(&self.final_dir, "old", Some(std::process::id()));
        swap_in(&self.dir, &self.final_dir, &old)?;
        self.committed = true;
        remove_tree(&old);
        Ok(self.final_dir.clone())
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

/// Removes a folder and everything in it, the files in parallel (a site is tens of
/// thousands of them); what cannot be removed is left for the next build.
fn remove_tree(dir: &Path) {
    use rayon::prelude::*;
    let files: Vec<PathBuf> = walkdir::WalkDir::new(dir)
        .into_iter()
        .flatten()
        .filter(|e| !e.file_type().is_dir())
        .map(walkdir::DirEntry::into_path)
        .collect();
    files.par_iter().for_each(|f| {
        let _ = fs::remove_file(f);
    });
    let _ = fs::remove_dir_all(dir);
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
                .contains("root folder")
        );
        assert!(
            check_output_dir(&content, &content)
                .unwrap_err()
                .contains("is the content folder")
        );
        assert!(
            check_output_dir(&content, root)
                .unwrap_err()
                .contains("contains the content folder")
        );
        assert!(
            check_output_dir(&content, &content.join("x"))
                .unwrap_err()
                .contains("inside the content")
        );
        assert!(check_output_dir(&content, &root.join("content/../content")).is_err());
        assert!(check_output_dir(&content, &root.join("public")).is_ok());
        let other = root.join("docs");
        fs::create_dir(&other).unwrap();
        fs::write(other.join("mine.txt"), "x").unwrap();
        assert!(
            check_output_dir(&content, &other)
                .unwrap_err()
                .contains("did not write")
        );
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
        assert!(out.join(MARKER).is_file());
        let leftovers: Vec<_> = fs::read_dir(t.path())
            .unwrap()
            .flatten()
            .map(|e| e.file_name().to_string_lossy().into_owned())
            .filter(|n| n.contains("vanban-new") || n.contains("vanban-old"))
            .collect();
        assert!(leftovers.is_empty(), "{leftovers:?}");
    }

    #[test]
    fn a_second_build_at_once_is_refused() {
        let t = tempfile::tempdir().unwrap();
        let out = t.path().join("public");
        let first = Staging::begin(&out).unwrap();
        let second = Staging::begin(&out);
        assert!(second.err().unwrap().contains("another vanban build"));
        drop(first);
        assert!(Staging::begin(&out).is_ok());
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
        drop(w);
        assert_eq!(fs::read(out.join("a/b.html")).unwrap(), b"two");
        let names: Vec<_> = fs::read_dir(out.join("a"))
            .unwrap()
            .flatten()
            .map(|e| e.file_name())
            .collect();
        assert_eq!(names, ["b.html"], "no temporary file is left");
        assert!(Staging::begin(&out).is_ok());
    }

    #[test]
    fn a_replaced_folder_holds_exactly_the_new_files() {
        let t = tempfile::tempdir().unwrap();
        let out = t.path().join("public");
        let s = Staging::begin(&out).unwrap();
        s.write("tim-kiem/old.js", b"old").unwrap();
        s.write("tim-kiem/meta.js", b"1").unwrap();
        s.write("index.html", b"page").unwrap();
        s.commit().unwrap();

        let w = InPlace::begin(&out).unwrap();
        let files = [
            ("tim-kiem/meta.js".to_string(), "2".to_string()),
            ("tim-kiem/t-dan.js".to_string(), "d".to_string()),
        ];
        w.replace_folder("tim-kiem", &files).unwrap();
        let bad = [("index.html".to_string(), "x".to_string())];
        assert!(w.replace_folder("tim-kiem", &bad).is_err());
        drop(w);
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
            .filter(|n| !n.starts_with(".vanban"))
            .collect();
        top.sort();
        assert_eq!(top, ["index.html", "tim-kiem"], "nothing left beside it");
    }

    #[test]
    fn paths_cannot_leave_the_staging_folder() {
        let t = tempfile::tempdir().unwrap();
        let s = Staging::begin(&t.path().join("public")).unwrap();
        assert!(s.write("../x.html", b"x").is_err());
        assert!(s.write("/etc/x", b"x").is_err());
    }
}
