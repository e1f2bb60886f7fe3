//! `vanban serve`: build, serve the output on 127.0.0.1, rebuild when content, `vanban.yaml`
//! or the theme change, and reload open pages.
//!
//! A save that only edits archived documents is followed fast (`site::Live::edit`): those
//! files are loaded again and only their pages, and those of the documents they cite, are
//! rewritten in place. Anything else builds the whole site. The search index is the one
//! part of the site that such an edit leaves behind: after a second of quiet (`SETTLE`) it
//! is built again from the edited archive in memory and swapped in whole
//! (`Live::refresh_search`), which takes a fraction of a full build.
//!
//! Reloading needs no file on disk to change: HTML responses get a small script injected
//! that polls `/__vanban/version`, a counter bumped by every successful rebuild, and reloads
//! when it moves. A failed rebuild leaves the last good site in place (the build is atomic)
//! and its errors go to the terminal and, through the same endpoint, to an overlay on the
//! page, set as text so that nothing in a file can run as script.
//!
//! Only files inside the output folder are served: the path is percent-decoded, `..` and NUL
//! are refused, and the resolved file must still be inside the folder (symlinks included).
//! The HTTP side, and what keeps any one request from stopping it, is [`http`].

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use notify_debouncer_full::notify::{EventKind, RecursiveMode};
use notify_debouncer_full::{DebounceEventResult, DebouncedEvent, new_debouncer};

use crate::messages::Text;
use crate::site::{self, BuildFailure, BuildOptions, Live};

mod http;
use http::Body;

/// The endpoint the injected script polls.
pub const VERSION_PATH: &str = "/__vanban/version";
/// How long the watcher waits for a burst of saves to end before rebuilding. An editor's
/// save is a few events within a millisecond or two, so this still makes one rebuild of it,
/// and leaves most of the 200 ms in which an edit should be on screen to the rebuild.
const DEBOUNCE: Duration = Duration::from_millis(50);
/// How long nothing must change after a fast edit before the search index is built again.
const SETTLE: Duration = Duration::from_secs(1);
/// How often the loops look at the stop flag.
const TICK: Duration = Duration::from_millis(100);

#[derive(Debug, Clone)]
pub struct ServeOptions {
    pub root: PathBuf,
    /// 0: any free port.
    pub port: u16,
}

/// What the poll endpoint tells the pages: the build counter and the errors of the last
/// rebuild, if it failed.
#[derive(Debug, Default, Clone, serde::Serialize)]
struct Status {
    version: u64,
    errors: Vec<String>,
    /// Whether a site is there to serve while the errors last (a good build, this time or
    /// an earlier one): the overlay says the page is the last good one only then.
    serving: bool,
}

type Shared = Arc<Mutex<Status>>;

/// What `serve` reports as it goes; the command line prints it.
pub trait Reporter: Send + Sync {
    /// The server listens at `url`.
    fn ready(&self, url: &str);
    /// A build succeeded.
    fn built(&self, report: &site::BuildReport);
    /// An edit of these files (relative to the root) was followed by rewriting `pages` pages.
    fn edited(&self, files: &[PathBuf], pages: usize, took: Duration);
    /// The search index was renewed after edits.
    fn searchable(&self, took: Duration);
    /// A build failed; the lines say why (`path:line: error: …`). `serving`: whether a
    /// site built before is still served.
    fn failed(&self, lines: &[String], serving: bool);
}

/// Builds and serves until `stop` is set (by Ctrl-C). Returns when the server and the
/// watcher have both stopped.
pub fn serve(
    opts: &ServeOptions,
    stop: Arc<AtomicBool>,
    out: Arc<dyn Reporter>,
) -> Result<(), Text> {
    let root = opts
        .root
        .canonicalize()
        .map_err(|e| Text::failed("cannot-open", &opts.root, &e))?;
    let build_opts = BuildOptions {
        root: root.clone(),
        ..Default::default()
    };
    let output = build_opts.output_dir();
    let status: Shared = Arc::default();
    let mut builder = Builder {
        opts: build_opts,
        status: status.clone(),
        out: out.clone(),
        live: None,
        broken: None,
        settle: None,
    };
    // The port first: a port in use is said before a build that may take a while.
    let listener = std::net::TcpListener::bind(("127.0.0.1", opts.port)).map_err(|e| {
        Text::new("serve-cannot-listen")
            .with("port", u64::from(opts.port))
            .with("reason", Text::io(&e))
    })?;
    let port = listener
        .local_addr()
        .map_err(|e| Text::new("serve-no-address").with("reason", Text::io(&e)))?
        .port();
    builder.full(true);

    // The watcher: a debounced stream of changes, fed to a rebuild thread.
    let (tx, rx) = std::sync::mpsc::channel::<DebounceEventResult>();
    let cannot_watch = |path: &Path, e: notify_debouncer_full::notify::Error| {
        Text::new("serve-cannot-watch")
            .with("path", path.display().to_string())
            .with("reason", Text::plain(e.to_string()))
    };
    let mut debouncer = new_debouncer(DEBOUNCE, None, tx).map_err(|e| cannot_watch(&root, e))?;
    debouncer
        .watch(root.join("content"), RecursiveMode::Recursive)
        .map_err(|e| cannot_watch(&root.join("content"), e))?;
    // vanban.yaml is watched through its folder: editors save by replacing the file.
    debouncer
        .watch(&root, RecursiveMode::NonRecursive)
        .map_err(|e| cannot_watch(&root, e))?;
    if root.join("themes").is_dir() {
        debouncer
            .watch(root.join("themes"), RecursiveMode::Recursive)
            .map_err(|e| cannot_watch(&root.join("themes"), e))?;
    }
    let rebuilder = {
        let (stop, out) = (stop.clone(), out.clone());
        std::thread::spawn(move || {
            while !stop.load(Ordering::SeqCst) {
                match rx.recv_timeout(TICK) {
                    Ok(Ok(events)) => builder.changed(&events),
                    Ok(Err(errors)) => {
                        let lines: Vec<String> = errors
                            .iter()
                            .map(|e| format!("watching files failed: {e}"))
                            .collect();
                        out.failed(&lines, true);
                    }
                    Err(std::sync::mpsc::RecvTimeoutError::Timeout) => {}
                    Err(std::sync::mpsc::RecvTimeoutError::Disconnected) => break,
                }
                builder.quiet();
            }
        })
    };

    out.ready(&format!("http://127.0.0.1:{port}/"));
    let served = http::run(listener, output, status, stop.clone(), TICK);
    stop.store(true, Ordering::SeqCst);
    debouncer.stop();
    let _ = rebuilder.join();
    served
}

/// Whether an event changes a file the site is built from. Reads are not changes (the
/// build itself reads every source: counting them would rebuild forever), and neither is
/// anything in the output or the staging folder next to it.
fn is_change(root: &Path, e: &DebouncedEvent) -> bool {
    !matches!(e.event.kind, EventKind::Access(_))
        && e.event.paths.iter().any(|path| {
            path.starts_with(root.join("content"))
                || path.starts_with(root.join("themes"))
                || path == &root.join(crate::config::FILE_NAME)
        })
}

/// The rebuild thread: the last good build, and what decides between following an edit
/// and building in full.
struct Builder {
    opts: BuildOptions,
    status: Shared,
    out: Arc<dyn Reporter>,
    /// The last good build; None after a failed full build, so that every change builds in
    /// full, and reports every broken file, until one succeeds.
    live: Option<Live>,
    /// The files of a failed edit: the site is broken until they are saved again, so only
    /// an edit of all of them may be followed (else a full build reports them).
    broken: Option<BTreeSet<PathBuf>>,
    /// When the last edit was followed, if the search index has not been renewed since: it
    /// is due once nothing has changed for `SETTLE`. With whether a full build and a
    /// reload of open pages are due instead (after an edit that failed to write all its
    /// pages).
    settle: Option<(Instant, bool)>,
}

impl Builder {
    /// A batch of debounced events.
    fn changed(&mut self, events: &[DebouncedEvent]) {
        let root = &self.opts.root;
        if !events.iter().any(|e| is_change(root, e)) {
            return;
        }
        let files = self
            .live
            .as_ref()
            .and_then(|live| edited_documents(root, live, events))
            .filter(|files| {
                self.broken
                    .as_ref()
                    .is_none_or(|broken| broken.iter().all(|b| files.contains(b)))
            });
        match files {
            // Editor leftovers (swap and backup files) and nothing else.
            Some(files) if files.is_empty() => {}
            Some(files) => self.edit(&files.into_iter().collect::<Vec<_>>()),
            None => self.full(true),
        }
    }

    /// What follows fast edits once changes stop, if it is due: the search index, or a full
    /// build after an edit whose pages were not all written.
    fn quiet(&mut self) {
        let Some((since, repair)) = self.settle else {
            return;
        };
        if since.elapsed() < SETTLE {
            return;
        }
        self.settle = None;
        match self.live.as_ref() {
            Some(live) if !repair => {
                // Open pages do not reload: none of them shows the index until searched.
                let start = Instant::now();
                match live.refresh_search() {
                    Ok(()) => self.out.searchable(start.elapsed()),
                    Err(e) => {
                        self.out.failed(
                            &[format!(
                                "warning: the search index could not be renewed ({e}); building in full"
                            )],
                            true,
                        );
                        self.full(false);
                    }
                }
            }
            _ => self.full(repair),
        }
    }

    /// Follows an edit of `files` (relative to the root), or builds in full when the edit
    /// is more than `Live::edit` follows. A follow moves the version and clears errors as a
    /// full build does; a file that fails to load is reported as a full build reports it,
    /// and the pages stay as they were.
    fn edit(&mut self, files: &[PathBuf]) {
        let start = Instant::now();
        let Some(live) = self.live.as_mut() else {
            return self.full(true);
        };
        match live.edit(files) {
            Ok(Some(report)) => {
                self.broken = None;
                self.settle = Some((Instant::now(), false));
                self.succeeded(true);
                self.out.edited(files, report.pages.len(), start.elapsed());
            }
            Ok(None) => self.full(true),
            Err(failure) => {
                if failure.message.is_some() {
                    // Some pages may be written and some not: the full build repairs that.
                    self.live = None;
                    self.settle = Some((Instant::now(), true));
                } else {
                    self.broken = Some(files.iter().cloned().collect());
                    self.settle = None;
                }
                self.failed(&failure);
            }
        }
    }

    /// A full build, which also renews the state edits are followed from. `bump`: whether
    /// open pages reload. The full build after fast edits does not bump: the pages the edits
    /// wrote are byte for byte those it writes (`tests/live.rs`), and only the search
    /// index, which no page shows until it is searched again, changes.
    fn full(&mut self, bump: bool) {
        self.settle = None;
        self.broken = None;
        match site::build_live(&self.opts) {
            Ok((report, live)) => {
                self.live = Some(live);
                self.succeeded(bump);
                self.out.built(&report);
            }
            Err(failure) => {
                self.live = None;
                self.failed(&failure);
            }
        }
    }

    /// The version moves (if `bump`) and errors clear.
    fn succeeded(&self, bump: bool) {
        let mut s = self.status.lock().unwrap_or_else(|p| p.into_inner());
        if bump {
            s.version += 1;
        }
        s.errors.clear();
        s.serving = true;
    }

    /// The last good site stays; the errors go to the terminal and are kept for the pages.
    fn failed(&self, failure: &BuildFailure) {
        let mut lines: Vec<String> = failure
            .diagnostics
            .iter()
            .filter(|d| d.is_error())
            .map(crate::diagnostics::Diagnostic::said)
            .collect();
        lines.extend(
            failure
                .message
                .iter()
                .map(|m| crate::messages::tr("error", &[("message", m.said().into())])),
        );
        // A site is served if one was ever built there, by this serve or before it.
        let serving = self
            .opts
            .output_dir()
            .join(crate::manifest::FILE_NAME)
            .is_file();
        // Kept before they are told: whoever reads the terminal and then asks the status
        // finds them there.
        {
            let mut s = self.status.lock().unwrap_or_else(|p| p.into_inner());
            s.errors = lines.clone();
            s.serving = serving;
        }
        self.out.failed(&lines, serving);
    }
}

/// The archived documents a batch of changes edited, relative to the root, if editing
/// them is all it did; None when the whole site must be built again.
///
/// Editors that save by writing a temporary file and renaming it over the document, or by
/// moving the old one to a backup first, send create, rename and remove events as well:
/// what counts is how things end. Every `.md` path touched must be an archived document's
/// file and still a plain file. Any other path under `content/` must not be a folder or a
/// symbolic link now, nor have held an archived document, nor be an attachment: the rest
/// (swap files, backups) is not read by a build. `vanban.yaml` and the theme always need a
/// full build.
fn edited_documents(
    root: &Path,
    live: &Live,
    events: &[DebouncedEvent],
) -> Option<BTreeSet<PathBuf>> {
    let content = root.join("content");
    let mut files = BTreeSet::new();
    for e in events
        .iter()
        .filter(|e| !matches!(e.event.kind, EventKind::Access(_)))
    {
        if e.event.need_rescan() || e.event.paths.is_empty() {
            return None;
        }
        for path in &e.event.paths {
            if !path.starts_with(&content) {
                if path.starts_with(root.join("themes"))
                    || path == &root.join(crate::config::FILE_NAME)
                {
                    return None;
                }
                continue;
            }
            let rel = path.strip_prefix(root).ok()?;
            let meta = std::fs::symlink_metadata(path);
            if path
                .extension()
                .is_some_and(|x| x.eq_ignore_ascii_case("md"))
            {
                live.document_at(rel)?;
                if !meta.is_ok_and(|m| m.is_file()) {
                    return None;
                }
                files.insert(rel.to_path_buf());
            } else if meta.is_ok_and(|m| !m.is_file())
                || holds_documents(live, rel)
                || is_attachment(root, live, path)
            {
                return None;
            }
        }
    }
    Some(files)
}

/// Whether the folder `rel` (relative to the root) holds an archived document.
fn holds_documents(live: &Live, rel: &Path) -> bool {
    live.archive
        .entries
        .iter()
        .any(|e| e.doc.source.starts_with(rel))
}

/// Whether `path` is a file an archived document attaches, as written or as resolved.
fn is_attachment(root: &Path, live: &Live, path: &Path) -> bool {
    let resolved = path.canonicalize().ok();
    live.archive.entries.iter().any(|e| {
        e.doc.attachments.iter().any(|a| {
            let written = e.doc.source.parent().map(|d| root.join(d).join(&a.name));
            a.source == path
                || resolved.as_deref() == Some(a.source.as_path())
                || written.is_some_and(|w| crate::output::normalise(&w) == path)
        })
    })
}

/// What the server answers to a GET of a path.
struct Reply {
    code: u16,
    kind: &'static str,
    body: Body,
    location: Option<String>,
    /// `Content-Disposition`, for files a browser would otherwise open as a page.
    disposition: Option<&'static str>,
    /// Whether `Content-Security-Policy: sandbox` goes with it: no script runs in it, even
    /// if a browser takes it for a page.
    sandbox: bool,
}

impl Reply {
    fn new(code: u16, kind: &'static str, body: Vec<u8>) -> Reply {
        Reply {
            code,
            kind,
            body: Body::bytes(body),
            location: None,
            disposition: None,
            sandbox: false,
        }
    }
}

/// The reply to a GET of the URL path `path`.
fn answer(path: &str, output: &Path, status: &Status) -> Reply {
    if path == VERSION_PATH {
        let json = serde_json::to_vec(status).expect("status serialises");
        return Reply::new(200, "application/json", json);
    }
    let not_found = |code: u16| {
        let text = if code == 403 {
            "403 — không được phép"
        } else {
            "404 — không tìm thấy trang"
        };
        let page = format!(
            "<!doctype html><html lang=\"vi\"><meta charset=\"utf-8\"><title>{text}</title><body><h1>{text}</h1></body></html>"
        );
        Reply::new(
            code,
            "text/html; charset=utf-8",
            inject(page.as_bytes(), status.version),
        )
    };
    let file = match resolve(path, output) {
        Resolved::File(f) => f,
        Resolved::Folder => {
            return Reply {
                location: Some(format!("{path}/")),
                ..Reply::new(301, "text/plain; charset=utf-8", Vec::new())
            };
        }
        Resolved::Forbidden => return not_found(403),
        Resolved::Missing => return not_found(404),
    };
    let served = content_type(&file);
    if served.kind.starts_with("text/html") {
        let Ok(bytes) = std::fs::read(&file) else {
            return not_found(404);
        };
        return Reply::new(200, served.kind, inject(&bytes, status.version));
    }
    let Ok(body) = Body::file(&file) else {
        return not_found(404);
    };
    Reply {
        body,
        disposition: served.download.then_some("attachment"),
        sandbox: served.sandbox,
        ..Reply::new(200, served.kind, Vec::new())
    }
}

#[derive(Debug, PartialEq, Eq)]
enum Resolved {
    File(PathBuf),
    /// A folder asked for without its trailing slash: redirected, so relative links work.
    Folder,
    Forbidden,
    Missing,
}

/// The file a URL path names inside `output`, or why there is none.
fn resolve(url_path: &str, output: &Path) -> Resolved {
    let Ok(decoded) = percent_encoding::percent_decode_str(url_path).decode_utf8() else {
        return Resolved::Forbidden;
    };
    if decoded.contains('\0') || decoded.contains('\\') {
        return Resolved::Forbidden;
    }
    let mut rel = PathBuf::new();
    for part in decoded.split('/') {
        match part {
            "" | "." => {}
            ".." => return Resolved::Forbidden,
            p if Path::new(p).is_absolute() || p.contains(':') => return Resolved::Forbidden,
            p => rel.push(p),
        }
    }
    let Ok(base) = output.canonicalize() else {
        return Resolved::Missing;
    };
    // Inside the output by the rule every input follows (a link leading out is refused; a
    // pipe or device is not served).
    use crate::confine::{Refused, resolve as confined};
    let full = base.join(&rel);
    match confined(&full, &base, false) {
        Ok(f) => Resolved::File(f),
        Err(Refused::Kind("a folder")) if !decoded.ends_with('/') => Resolved::Folder,
        Err(Refused::Kind("a folder")) => match confined(&full.join("index.html"), &base, false) {
            Ok(f) => Resolved::File(f),
            Err(Refused::Outside) => Resolved::Forbidden,
            Err(_) => Resolved::Missing,
        },
        Err(Refused::Outside) => Resolved::Forbidden,
        Err(_) => Resolved::Missing,
    }
}

/// How a file is served.
struct Served {
    kind: &'static str,
    /// Whether it is sent as a download (`Content-Disposition: attachment`): anything not
    /// of the site's own kinds, which a browser might otherwise render.
    download: bool,
    /// Whether `Content-Security-Policy: sandbox` goes with it.
    sandbox: bool,
}

/// The content type of a file of the site by its extension. The site's pages, styles and
/// scripts are served as themselves; images, PDF and text inline, with no script allowed;
/// everything else (office files, archives, anything unknown) as a download.
fn content_type(path: &Path) -> Served {
    let ext = path
        .extension()
        .map(|e| e.to_string_lossy().to_ascii_lowercase())
        .unwrap_or_default();
    let page = |kind| Served {
        kind,
        download: false,
        sandbox: false,
    };
    let inline = |kind| Served {
        kind,
        download: false,
        sandbox: true,
    };
    let download = |kind| Served {
        kind,
        download: true,
        sandbox: true,
    };
    match ext.as_str() {
        "html" | "htm" => page("text/html; charset=utf-8"),
        "css" => page("text/css; charset=utf-8"),
        "js" | "mjs" => page("text/javascript; charset=utf-8"),
        "json" => page("application/json"),
        "woff2" => page("font/woff2"),
        "xml" => inline("application/xml"),
        "txt" | "md" | "csv" => inline("text/plain; charset=utf-8"),
        "svg" => inline("image/svg+xml"),
        "png" => inline("image/png"),
        "jpg" | "jpeg" => inline("image/jpeg"),
        "gif" => inline("image/gif"),
        "webp" => inline("image/webp"),
        "ico" => inline("image/x-icon"),
        // Chromium's viewer shows no PDF under a sandbox policy; PDF runs no page script.
        "pdf" => page("application/pdf"),
        "doc" => download("application/msword"),
        "docx" => {
            download("application/vnd.openxmlformats-officedocument.wordprocessingml.document")
        }
        "xls" => download("application/vnd.ms-excel"),
        "xlsx" => download("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
        "odt" => download("application/vnd.oasis.opendocument.text"),
        "ods" => download("application/vnd.oasis.opendocument.spreadsheet"),
        "zip" => download("application/zip"),
        _ => download("application/octet-stream"),
    }
}

/// The reload script, for a page of build `version`. Errors are shown with `textContent`,
/// never as HTML.
fn script(version: u64) -> String {
    format!(
        r#"<script>
(function () {{
  var version = {version}, box = null;
  function show(errors, serving) {{
    if (!errors.length) {{ if (box) {{ box.remove(); box = null; }} return; }}
    if (!box) {{
      box = document.createElement("pre");
      box.id = "vanban-loi";
      box.setAttribute("role", "alert");
      box.style.cssText = "position:fixed;left:0;right:0;bottom:0;max-height:50vh;overflow:auto;margin:0;padding:1em;background:#fff4f4;color:#700;border-top:3px solid #b00;font:14px/1.4 monospace;white-space:pre-wrap;z-index:2147483647";
      document.body.appendChild(box);
    }}
    box.textContent = (serving
      ? "vanban: lần dựng mới bị lỗi, trang đang hiện bản tốt gần nhất."
      : "vanban: dựng trang bị lỗi, chưa có bản nào dựng được; sửa lỗi rồi lưu lại.") + "\n\n" + errors.join("\n");
  }}
  function poll() {{
    fetch("{VERSION_PATH}", {{ cache: "no-store" }})
      .then(function (r) {{ return r.json(); }})
      .then(function (s) {{
        if (s.version !== version) {{ location.reload(); return; }}
        show(s.errors || [], s.serving);
        setTimeout(poll, 500);
      }}, function () {{ setTimeout(poll, 1000); }});
  }}
  poll();
}})();
</script>
"#
    )
}

/// The page with the reload script before its last `</body>` (or at its end).
fn inject(html: &[u8], version: u64) -> Vec<u8> {
    let script = script(version);
    let at = html
        .windows(7)
        .rposition(|w| w.eq_ignore_ascii_case(b"</body>"))
        .unwrap_or(html.len());
    let mut out = Vec::with_capacity(html.len() + script.len());
    out.extend_from_slice(&html[..at]);
    out.extend_from_slice(script.as_bytes());
    out.extend_from_slice(&html[at..]);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_cannot_leave_the_output() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("public");
        std::fs::create_dir_all(out.join("nam")).unwrap();
        std::fs::write(out.join("index.html"), "x").unwrap();
        std::fs::write(out.join("nam/index.html"), "x").unwrap();
        std::fs::write(dir.path().join("secret.txt"), "s").unwrap();
        std::os::unix::fs::symlink(dir.path().join("secret.txt"), out.join("link.txt")).unwrap();
        let file = |p: &str| matches!(resolve(p, &out), Resolved::File(_));
        assert!(file("/"));
        assert!(file("/index.html"));
        assert!(file("/nam/"));
        assert!(file("/%6Eam/index.html"));
        assert_eq!(resolve("/nam", &out), Resolved::Folder);
        assert_eq!(resolve("/../secret.txt", &out), Resolved::Forbidden);
        assert_eq!(resolve("/%2e%2e/secret.txt", &out), Resolved::Forbidden);
        assert_eq!(
            resolve("/nam/%2E%2E/%2e%2e/secret.txt", &out),
            Resolved::Forbidden
        );
        assert_eq!(resolve("/index.html%00.txt", &out), Resolved::Forbidden);
        assert_eq!(resolve("/link.txt", &out), Resolved::Forbidden);
        assert_eq!(resolve("/..%5csecret.txt", &out), Resolved::Forbidden);
        assert_eq!(resolve("/khong-co.html", &out), Resolved::Missing);
    }

    /// Tells of a failed build what the status holds at that moment.
    struct Witness {
        status: Shared,
        seen: Mutex<Vec<Vec<String>>>,
    }

    impl Reporter for Witness {
        fn ready(&self, _: &str) {}
        fn built(&self, _: &site::BuildReport) {}
        fn edited(&self, _: &[PathBuf], _: usize, _: Duration) {}
        fn searchable(&self, _: Duration) {}
        fn failed(&self, _: &[String], serving: bool) {
            assert!(!serving, "nothing was ever built here");
            let errors = self.status.lock().unwrap().errors.clone();
            self.seen.lock().unwrap().push(errors);
        }
    }

    #[test]
    fn a_failed_build_is_in_the_status_before_it_is_told() {
        let dir = tempfile::tempdir().unwrap();
        let status = Shared::default();
        let witness = Arc::new(Witness {
            status: status.clone(),
            seen: Mutex::default(),
        });
        let mut builder = Builder {
            opts: BuildOptions {
                root: dir.path().to_path_buf(),
                ..BuildOptions::default()
            },
            status: status.clone(),
            out: witness.clone(),
            live: None,
            broken: None,
            settle: None,
        };
        // No content folder: the build fails.
        builder.full(true);
        let seen = witness.seen.lock().unwrap();
        assert_eq!(seen.len(), 1);
        assert!(
            seen[0].iter().any(|e| e.contains("no content folder")),
            "{seen:?}"
        );
        assert_eq!(seen[0], status.lock().unwrap().errors);
    }

    #[test]
    fn script_goes_before_the_last_body_end() {
        let page = inject(b"<html><body><p>a</p></BODY></html>", 7);
        let s = String::from_utf8(page).unwrap();
        assert!(s.contains("var version = 7"));
        assert!(s.find("<script>").unwrap() < s.find("</BODY>").unwrap());
        assert!(s.contains("textContent") && !s.contains("innerHTML"));
    }
}
