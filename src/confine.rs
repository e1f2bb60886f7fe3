//! The one rule for every file a build reads (SPEC §6): it must be inside the site folder.
//! The content folder, `themes/`, the theme, its `static/` and `templates/`, attachments and
//! `vanban.yaml` are all looked up here. A symbolic link is followed only when where it
//! leads is inside the folder it must stay in (its *bound*); a link leading out is refused
//! and named, before anything is read, so nothing of what it points to is ever shown. A
//! named pipe, socket or device is reported, never read (reading one blocks or never ends).

use std::fs;
use std::io;
use std::path::{Path, PathBuf};

use crate::diagnostics::Diagnostic;
use crate::messages::{Arg, Text};

/// Why a path cannot be read as an input.
#[derive(Debug)]
pub enum Refused {
    /// Nothing there (or a link to nothing).
    Missing,
    /// A symbolic link (this one, or one of the folders above it) leads outside the bound.
    Outside,
    /// Not a plain file: a pipe, socket or device (its kind), or a folder.
    Kind(&'static str),
    Unreadable(io::Error),
}

impl Refused {
    /// What is wrong, after the path: `bound` names the folder it must stay in.
    pub fn message(&self, bound: &str) -> Text {
        match self {
            Refused::Missing => Text::new("path-missing"),
            Refused::Outside => Text::new("link-outside").with("bound", bound_text(bound)),
            Refused::Kind("a file") => Text::new("not-a-folder"),
            Refused::Kind(kind) => Text::new("not-a-plain-file").with("kind", kind_text(kind)),
            Refused::Unreadable(e) => Text::unreadable(e),
        }
    }
}

/// The folder a path must stay in, in words: "the site folder", or a path as it is.
fn bound_text(bound: &str) -> Arg {
    match bound {
        "the site folder" => Text::new("the-site-folder").into(),
        other => other.into(),
    }
}

/// A kind of [`special`] file in words.
fn kind_text(kind: &str) -> Text {
    Text::new(match kind {
        "a named pipe" => "kind-pipe",
        "a socket" => "kind-socket",
        "a device" => "kind-device",
        "a folder" => "kind-folder",
        _ => "kind-other",
    })
}

/// What kind of thing a file type is, for a refusal: `None` for a plain file or folder.
fn special(t: fs::FileType) -> Option<&'static str> {
    use std::os::unix::fs::FileTypeExt;
    if t.is_fifo() {
        Some("a named pipe")
    } else if t.is_socket() {
        Some("a socket")
    } else if t.is_block_device() || t.is_char_device() {
        Some("a device")
    } else {
        None
    }
}

/// The real path of `path`, which must be inside `bound` (canonical) once every link is
/// followed, and of the kind asked: a plain file, or a folder when `folder`.
pub fn resolve(path: &Path, bound: &Path, folder: bool) -> Result<PathBuf, Refused> {
    let real = match path.canonicalize() {
        Ok(p) => p,
        Err(e) if e.kind() == io::ErrorKind::NotFound => {
            // A link that leads nowhere is missing too, but say so only if the link is there.
            return Err(Refused::Missing);
        }
        Err(e) => return Err(Refused::Unreadable(e)),
    };
    if !real.starts_with(bound) {
        return Err(Refused::Outside);
    }
    let meta = fs::metadata(&real).map_err(Refused::Unreadable)?;
    if let Some(kind) = special(meta.file_type()) {
        return Err(Refused::Kind(kind));
    }
    match (folder, meta.is_dir()) {
        (true, true) | (false, false) => Ok(real),
        (true, false) => Err(Refused::Kind("a file")),
        (false, true) => Err(Refused::Kind("a folder")),
    }
}

/// A folder the site is built from, if it is there: `Ok(None)` when absent, an error (with
/// `shown` as its path) when it is a link leading out of `bound` or not a folder.
pub fn folder(
    path: &Path,
    bound: &Path,
    bound_name: &str,
    shown: &Path,
) -> Result<Option<PathBuf>, Diagnostic> {
    existing(path, bound, bound_name, shown, true)
}

/// A file the site reads, if it is there (`vanban.yaml`): `Ok(None)` when absent.
pub fn file(
    path: &Path,
    bound: &Path,
    bound_name: &str,
    shown: &Path,
) -> Result<Option<PathBuf>, Diagnostic> {
    existing(path, bound, bound_name, shown, false)
}

fn existing(
    path: &Path,
    bound: &Path,
    bound_name: &str,
    shown: &Path,
    folder: bool,
) -> Result<Option<PathBuf>, Diagnostic> {
    if fs::symlink_metadata(path).is_err() {
        return Ok(None);
    }
    match resolve(path, bound, folder) {
        Ok(p) => Ok(Some(p)),
        Err(Refused::Missing) => Err(Diagnostic::error(shown, Text::new("link-dangling"))),
        Err(r) => Err(Diagnostic::error(shown, r.message(bound_name))),
    }
}

/// One file found by [`walk`].
pub struct Found {
    /// As found under the walked folder (links not resolved).
    pub path: PathBuf,
}

/// Every plain file below `dir`, sorted by path, with a diagnostic for each thing that
/// cannot be one: a link leading out of `bound` (canonical), a link to nothing, a pipe, a
/// socket or a device, a folder that cannot be read. `wanted` says which names the caller
/// reads: a special file among those is an error, among the others a warning. Links to
/// folders are not followed (what they lead to is inside the bound, and walked as itself).
/// Paths in diagnostics are shown relative to `root`.
pub fn walk(
    dir: &Path,
    bound: &Path,
    bound_name: &str,
    root: &Path,
    wanted: impl Fn(&Path) -> bool,
) -> (Vec<Found>, Vec<Diagnostic>) {
    let mut files = Vec::new();
    let mut diags = Vec::new();
    let shown = |p: &Path| p.strip_prefix(root).unwrap_or(p).to_path_buf();
    // Siblings are their parent's path and a name, so whole paths compare as the names do
    // (bytes, as `sort_by_file_name` compares them), without parsing each name out of its path
    // on every comparison: that was most of the content walk's time.
    let walker = walkdir::WalkDir::new(dir)
        .follow_links(false)
        .sort_by(|a, b| a.path().as_os_str().cmp(b.path().as_os_str()));
    for entry in walker {
        let entry = match entry {
            Ok(e) => e,
            Err(e) => {
                let path = e.path().map_or_else(|| shown(dir), shown);
                diags.push(Diagnostic::error(path, Text::plain(e.to_string())));
                continue;
            }
        };
        let path = entry.path();
        let t = entry.file_type();
        if t.is_file() {
            files.push(Found {
                path: entry.into_path(),
            });
            continue;
        }
        if t.is_dir() {
            continue;
        }
        let severity = |d: Diagnostic| {
            if wanted(path) {
                d
            } else {
                Diagnostic {
                    severity: crate::diagnostics::Severity::Warning,
                    ..d
                }
            }
        };
        if t.is_symlink() {
            match resolve(path, bound, false) {
                Ok(_) => files.push(Found {
                    path: entry.into_path(),
                }),
                // Not followed: the folder it points to is inside, and walked as itself.
                Err(Refused::Kind("a folder")) => {}
                Err(Refused::Missing) => diags.push(severity(Diagnostic::error(
                    shown(path),
                    Text::new("link-dangling"),
                ))),
                Err(Refused::Kind(kind)) => diags.push(severity(Diagnostic::error(
                    shown(path),
                    Text::new("link-not-plain").with("kind", kind_text(kind)),
                ))),
                // Out of bounds is an error whatever the name: nothing there is read.
                Err(r) => diags.push(Diagnostic::error(shown(path), r.message(bound_name))),
            }
            continue;
        }
        let kind = special(t).unwrap_or("not a plain file");
        diags.push(severity(Diagnostic::error(
            shown(path),
            Refused::Kind(kind).message(bound_name),
        )));
    }
    (files, diags)
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::os::unix::fs::symlink;

    #[test]
    fn links_out_pipes_and_dangling_links_are_reported_not_skipped() {
        let t = tempfile::tempdir().unwrap();
        let site = t.path().join("site");
        let dir = site.join("content");
        fs::create_dir_all(dir.join("sub")).unwrap();
        fs::write(t.path().join("secret"), "s").unwrap();
        fs::write(dir.join("a.md"), "a").unwrap();
        fs::write(dir.join("sub/b.md"), "b").unwrap();
        symlink(t.path().join("secret"), dir.join("out.md")).unwrap();
        symlink(dir.join("a.md"), dir.join("in.md")).unwrap();
        symlink(dir.join("sub"), dir.join("subdir")).unwrap();
        symlink(dir.join("none"), dir.join("dangling.md")).unwrap();
        rustix::fs::mknodat(
            rustix::fs::CWD,
            dir.join("pipe.md"),
            rustix::fs::FileType::Fifo,
            rustix::fs::Mode::RUSR | rustix::fs::Mode::WUSR,
            0,
        )
        .unwrap();
        let bound = site.canonicalize().unwrap();
        let (files, diags) = walk(&dir, &bound, "the site folder", &site, |_| true);
        let names: Vec<_> = files
            .iter()
            .map(|f| f.path.strip_prefix(&dir).unwrap().to_path_buf())
            .collect();
        assert_eq!(
            names,
            [Path::new("a.md"), Path::new("in.md"), Path::new("sub/b.md")]
        );
        let shown: Vec<String> = diags.iter().map(ToString::to_string).collect();
        assert!(
            shown
                .iter()
                .any(|d| d.contains("content/out.md") && d.contains("outside the site folder")),
            "{shown:?}"
        );
        assert!(
            shown
                .iter()
                .any(|d| d.contains("content/pipe.md") && d.contains("named pipe")),
            "{shown:?}"
        );
        assert!(
            shown
                .iter()
                .any(|d| d.contains("content/dangling.md") && d.contains("nowhere")),
            "{shown:?}"
        );
        assert!(diags.iter().all(|d| d.is_error()));
        let (_, diags) = walk(&dir, &bound, "the site folder", &site, |_| false);
        let errors: Vec<String> = diags
            .iter()
            .filter(|d| d.is_error())
            .map(ToString::to_string)
            .collect();
        assert_eq!(
            errors,
            [
                "content/out.md: error: is a symbolic link that leads outside the site folder; refused"
            ],
            "among names not read, a pipe or a dangling link only warns; a link out is an error"
        );
    }

    #[test]
    fn a_folder_or_file_leading_out_is_refused() {
        let t = tempfile::tempdir().unwrap();
        let site = t.path().join("site");
        fs::create_dir_all(site.join("themes")).unwrap();
        fs::create_dir_all(t.path().join("elsewhere")).unwrap();
        symlink(t.path().join("elsewhere"), site.join("themes/mine")).unwrap();
        symlink("/etc/passwd", site.join("vanban.yaml")).unwrap();
        let bound = site.canonicalize().unwrap();
        let e = folder(
            &site.join("themes/mine"),
            &bound,
            "the site folder",
            Path::new("themes/mine"),
        )
        .err()
        .unwrap();
        assert!(
            e.to_string()
                .contains("themes/mine: error: is a symbolic link that leads outside"),
            "{e}"
        );
        assert!(
            folder(&site.join("themes"), &bound, "x", Path::new("themes"))
                .unwrap()
                .is_some()
        );
        assert!(
            folder(&site.join("nope"), &bound, "x", Path::new("nope"))
                .unwrap()
                .is_none()
        );
        let e = file(
            &site.join("vanban.yaml"),
            &bound,
            "the site folder",
            Path::new("vanban.yaml"),
        )
        .err()
        .unwrap();
        assert!(!e.to_string().contains("root:"), "{e}");
        assert!(e.to_string().contains("outside the site folder"), "{e}");
    }
}
