//! Loading `content/**/*.md` into validated `Document`s, in parallel, collecting every
//! diagnostic. Confidential documents, drafts (without `--drafts`) and, under
//! `publish: marked`, unmarked documents are withheld here, so no later stage ever sees them.

pub(crate) mod fields;
pub mod frontmatter;
pub mod value;

use std::borrow::Cow;
use std::path::{Path, PathBuf};
use std::sync::LazyLock;

use rayon::prelude::*;

use crate::config::Publish;
use crate::diagnostics::Diagnostic;
use crate::messages::Text;
use crate::model::{Attachment, Document, Signer};
use crate::vietnamese::{fold, identity_key, utf8_nfc};
use crate::yaml;
use value::Val;

/// Why a document that loaded without error is not published.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Withheld {
    /// Has a `secrecy` mark: never published.
    Secret,
    /// An unsigned draft, built only with `--drafts`.
    Draft,
    /// `publish: marked` and no "Đăng website" item in its Nơi nhận.
    NotMarked,
}

#[derive(Debug, Clone, Copy, Default)]
pub struct LoadOptions {
    pub drafts: bool,
    pub publish: Publish,
}

#[derive(Debug, Default)]
pub struct Loaded {
    /// Published documents, in path order.
    pub documents: Vec<Document>,
    /// Documents left out, with why (paths only: nothing else of them is kept).
    pub withheld: Vec<(PathBuf, Withheld)>,
    pub diagnostics: Vec<Diagnostic>,
}

/// The largest content file read; beyond this a file is reported, not read. Directives are
/// a few kilobytes; a file this large is a mistake (an export with embedded images, the
/// wrong file), and reading it would hold up every build.
pub(crate) const MAX_FILE_BYTES: u64 = 16 * 1024 * 1024;

/// Loads every `.md` file under `root/content`. Paths in diagnostics are relative to `root`.
pub fn load(root: &Path, opts: LoadOptions) -> Loaded {
    let content = root.join("content");
    let mut loaded = Loaded::default();
    let (files, mut diags) = find_files(root, &content);
    loaded.diagnostics.append(&mut diags);
    let canonical_content = content.canonicalize().unwrap_or(content.clone());
    let results: Vec<FileResult> = files
        .par_iter()
        .map(|rel| load_file(root, &canonical_content, rel, opts))
        .collect();
    for r in results {
        loaded.add(r);
    }
    loaded
}

/// Loads one `.md` file (`rel_path`, relative to `root`) as [`load`] would, with the same
/// diagnostics: for `serve`, which reloads only the files a save touched. `documents` holds
/// it if published, `withheld` says why if not.
pub(crate) fn load_one(root: &Path, rel_path: &Path, opts: LoadOptions) -> Loaded {
    let content = root.join("content");
    let canonical_content = content.canonicalize().unwrap_or(content);
    let mut loaded = Loaded::default();
    loaded.add(load_file(root, &canonical_content, rel_path, opts));
    loaded
}

impl Loaded {
    fn add(&mut self, r: FileResult) {
        self.diagnostics.extend(r.diagnostics);
        match r.outcome {
            Outcome::Published(doc) => self.documents.push(*doc),
            Outcome::Withheld(path, why) => self.withheld.push((path, why)),
            Outcome::Failed => {}
        }
    }
}

/// Every `.md` file below `content/`, sorted, relative to `root`, by the rule of
/// [`crate::confine`]: `content/` itself and every link in it must lead inside `content/`,
/// and pipes or devices are reported.
fn find_files(root: &Path, content: &Path) -> (Vec<PathBuf>, Vec<Diagnostic>) {
    let mut diags = Vec::new();
    let no_content = || {
        Diagnostic::error(
            "content",
            Text::new("content-missing").with("path", content.display().to_string()),
        )
    };
    let bound = root.canonicalize().unwrap_or(root.to_path_buf());
    let canonical_content =
        match crate::confine::folder(content, &bound, "the site folder", Path::new("content")) {
            Ok(Some(c)) => c,
            Ok(None) => return (Vec::new(), vec![no_content()]),
            Err(d) => return (Vec::new(), vec![d]),
        };
    let is_md = |p: &Path| p.extension().is_some_and(|e| e.eq_ignore_ascii_case("md"));
    let (found, mut walked) =
        crate::confine::walk(content, &canonical_content, "content/", root, is_md);
    diags.append(&mut walked);
    let files = found
        .into_iter()
        .filter(|f| is_md(&f.path))
        .map(|f| rel(root, &f.path))
        .collect();
    (files, diags)
}

fn rel(root: &Path, path: &Path) -> PathBuf {
    path.strip_prefix(root).unwrap_or(path).to_path_buf()
}

enum Outcome {
    Published(Box<Document>),
    Withheld(PathBuf, Withheld),
    Failed,
}

struct FileResult {
    outcome: Outcome,
    diagnostics: Vec<Diagnostic>,
}

fn load_file(root: &Path, content: &Path, rel_path: &Path, opts: LoadOptions) -> FileResult {
    let fail = |d: Diagnostic| FileResult {
        outcome: Outcome::Failed,
        diagnostics: vec![d],
    };
    let full = root.join(rel_path);
    let too_big = |len: u64| {
        fail(Diagnostic::error(
            rel_path,
            Text::new("file-too-large")
                .with("size", len / (1024 * 1024))
                .with("max", MAX_FILE_BYTES / (1024 * 1024)),
        ))
    };
    let cannot = |e: std::io::Error| fail(Diagnostic::error(rel_path, Text::unreadable(&e)));
    // One open gives the size and the bytes. If it fails, the size is still looked at first,
    // so a file both too large and unreadable is reported as too large, as it always was.
    let opened = std::fs::File::open(&full).and_then(|f| Ok((f.metadata()?.len(), f)));
    let (len, mut file) = match opened {
        Ok(opened) => opened,
        Err(open_error) => {
            return match std::fs::metadata(&full) {
                Ok(m) if m.len() > MAX_FILE_BYTES => too_big(m.len()),
                Ok(_) => cannot(open_error),
                Err(e) => cannot(e),
            };
        }
    };
    if len > MAX_FILE_BYTES {
        return too_big(len);
    }
    let mut bytes = Vec::with_capacity(len as usize);
    // Through `Take`, which has no size hint of its own: `File`'s would ask the size and the
    // position again (two more system calls a file), and the size is known. The limit also
    // holds a file that grew since it was measured.
    if let Err(e) = std::io::Read::read_to_end(
        &mut std::io::Read::take(&mut file, MAX_FILE_BYTES + 1),
        &mut bytes,
    ) {
        return cannot(e);
    }
    if bytes.len() as u64 > MAX_FILE_BYTES {
        return too_big(bytes.len() as u64);
    }
    let text = match decode(&bytes) {
        Ok(t) => t,
        Err(d) => return fail(Diagnostic::error(rel_path, d)),
    };
    parse_document(&text, rel_path, content, opts)
}

/// One file's bytes through the loader (decoding, front matter, validation) without reading
/// the disk: the entry point for fuzzing. There is no content folder, so a document that
/// names an attachment fails; a withheld document gives `None` and no error.
pub fn parse_bytes(
    bytes: &[u8],
    path: &Path,
    opts: LoadOptions,
) -> (Option<Document>, Vec<Diagnostic>) {
    let text = match decode(bytes) {
        Ok(t) => t,
        Err(d) => return (None, vec![Diagnostic::error(path, d)]),
    };
    let r = parse_document(&text, path, Path::new("/nonexistent-content"), opts);
    match r.outcome {
        Outcome::Published(doc) => (Some(*doc), r.diagnostics),
        Outcome::Withheld(..) | Outcome::Failed => (None, r.diagnostics),
    }
}

/// NFC UTF-8 text without its BOM (normalised only if it is not NFC already); anything
/// else is an error that says what was found.
fn decode(bytes: &[u8]) -> Result<Cow<'_, str>, Text> {
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    if bytes.starts_with(b"\xFF\xFE") || bytes.starts_with(b"\xFE\xFF") {
        return Err(Text::new("file-utf16"));
    }
    if contains_byte(bytes, 0) {
        return Err(Text::new("file-binary"));
    }
    utf8_nfc(bytes).map_err(|valid_up_to| {
        let line = bytes[..valid_up_to].iter().filter(|b| **b == b'\n').count() + 1;
        Text::new("file-not-utf8").with("line", line)
    })
}

/// Whether `b` holds byte `x`: every file is searched whole for a NUL and its body for a
/// CR, which nearly none has. Blocks are tested without an early exit inside one, so that
/// the test compiles to vector compares (a quarter of `<[u8]>::contains`'s instructions).
fn contains_byte(b: &[u8], x: u8) -> bool {
    const BLOCK: usize = 32;
    let mut blocks = b.chunks_exact(BLOCK);
    blocks
        .by_ref()
        .any(|block| block.iter().fold(false, |any, &c| any | (c == x)))
        || blocks.remainder().contains(&x)
}

/// Parses one file's text (NFC, as [`decode`] gives it) into a document, or the reasons it
/// cannot be one.
fn parse_document(text: &str, path: &Path, content: &Path, opts: LoadOptions) -> FileResult {
    let mut diags: Vec<Diagnostic> = Vec::new();
    let failed = |diags: Vec<Diagnostic>| FileResult {
        outcome: Outcome::Failed,
        diagnostics: diags,
    };
    let split = match frontmatter::split(text) {
        Ok(s) => s,
        Err(frontmatter::SplitError::NoFrontMatter) => {
            return failed(vec![
                Diagnostic::error(path, Text::new("front-matter-missing")).at(1, None),
            ]);
        }
        Err(frontmatter::SplitError::Unclosed(line)) => {
            return failed(vec![
                Diagnostic::error(path, Text::new("front-matter-unclosed")).at(line, None),
            ]);
        }
    };
    if let Err(d) = yaml::check_nesting(path, split.yaml, split.yaml_line) {
        return failed(vec![d]);
    }
    let map: Vec<(Val, Val)> = match value::parse(split.yaml) {
        Ok(Val::Mapping(m)) => m,
        Ok(Val::Null) => Vec::new(),
        Ok(_) => {
            return failed(vec![
                Diagnostic::error(path, Text::new("front-matter-not-mapping"))
                    .at(split.yaml_line, None),
            ]);
        }
        Err(e) => {
            return failed(vec![yaml::parse_error(
                path,
                &e,
                split.yaml,
                split.yaml_line,
            )]);
        }
    };
    let key_lines = yaml::top_level_key_lines(split.yaml, split.yaml_line);
    // A key's line by a scan among the few keys of a real file, through a map among many.
    let key_index: Option<rustc_hash::FxHashMap<&str, usize>> = (key_lines.len() > 32).then(|| {
        let mut m = rustc_hash::FxHashMap::default();
        for (k, l) in &key_lines {
            m.entry(k.as_str()).or_insert(*l);
        }
        m
    });
    let line_of = |key: &str| match &key_index {
        Some(m) => m.get(key).copied(),
        None => key_lines.iter().find(|(k, _)| k == key).map(|(_, l)| *l),
    };
    // Unknown keys are warned of one by one up to this many, then counted.
    const UNKNOWN_NAMED: usize = 50;
    let mut unknown = 0usize;

    // Each canonical key once, with the name it was written under.
    let mut values: Vec<(&'static str, &str, &Val)> = Vec::new();
    for (k, v) in &map {
        let Some(written) = k.as_str() else {
            diags
                .push(Diagnostic::error(path, Text::new("key-not-text")).at(split.yaml_line, None));
            continue;
        };
        match fields::canonical(written, fields::KEYS) {
            Some(canon) => {
                if let Some((_, first, _)) = values.iter().find(|(c, _, _)| *c == canon) {
                    diags.push(
                        Diagnostic::error(
                            path,
                            Text::new("key-twice")
                                .with("first", *first)
                                .with("written", written),
                        )
                        .at_line(line_of(written))
                        .key(canon),
                    );
                } else {
                    values.push((canon, written, v));
                }
            }
            None if withholding_misspelled(written).is_some() => {
                let near = withholding_misspelled(written).unwrap_or_default();
                diags.push(
                    Diagnostic::error(
                        path,
                        Text::new("unknown-key-withholding")
                            .with("key", written)
                            .with("near", near),
                    )
                    .at_line(line_of(written))
                    .key(written),
                );
            }
            None if unknown >= UNKNOWN_NAMED => unknown += 1,
            None => {
                unknown += 1;
                let msg = yaml::unknown_key(written, None, fields::all_names(fields::KEYS));
                diags.push(
                    Diagnostic::warning(path, msg)
                        .at_line(line_of(written))
                        .key(written),
                );
            }
        }
    }
    if unknown > UNKNOWN_NAMED {
        diags.push(
            Diagnostic::warning(
                path,
                Text::new("unknown-keys-more")
                    .with("count", unknown - UNKNOWN_NAMED)
                    .with("named", UNKNOWN_NAMED),
            )
            .at(split.yaml_line, None),
        );
    }
    let get = |canon: &str| {
        values
            .iter()
            .find(|(c, _, _)| *c == canon)
            .map(|(_, w, v)| (*w, *v))
    };
    let mut err = |canon: &str, msg: Text| {
        let written = get(canon).map(|(w, _)| w).unwrap_or(canon);
        diags.push(
            Diagnostic::error(path, msg)
                .at_line(line_of(written))
                .key(canon),
        );
    };
    macro_rules! field {
        ($canon:expr, $parse:path, $default:expr) => {
            match get($canon) {
                Some((_, v)) => match $parse(v) {
                    Ok(x) => x,
                    Err(m) => {
                        err($canon, m);
                        $default
                    }
                },
                None => $default,
            }
        };
    }
    let secret = match get("secrecy") {
        Some((_, Val::Null)) | None => false,
        Some(_) => true,
    };
    let draft = field!("draft", fields::boolean, false);
    let number = field!("number", fields::text, None).map(|n| crate::number::tidy(&n));
    let type_given = field!("type", fields::text, None);
    let issuer = field!("issuer", fields::text, None);
    let parent = field!("parent", fields::text, None);
    let date = field!("date", fields::parse_date, None);
    let place = field!("place", fields::text, None);
    let subject = field!("subject", fields::text, None);
    let recipients = field!("recipients", fields::list, Vec::new());
    let distribution = field!("distribution", fields::list, Vec::new());
    let campaigns = field!("campaigns", fields::list, Vec::new());
    let references = field!("references", fields::list, Vec::new());
    let attachment_names = field!("attachments", fields::list, Vec::new());
    let slug = field!("slug", fields::text, None);
    if let Some(given) = &slug {
        // A slug given is the page's file name: refused here, on its line, if no file system
        // can hold it, rather than at the write with the page's path.
        let made = crate::vietnamese::slugify(given);
        let shown: String = given.chars().take(40).collect();
        if made.len() > crate::archive::MAX_SLUG {
            err(
                "slug",
                Text::new("slug-too-long")
                    .with("value", shown)
                    .with("length", made.len())
                    .with("max", crate::archive::MAX_SLUG),
            );
        } else if crate::archive::is_reserved_name(&made) {
            err("slug", Text::new("slug-reserved").with("value", made));
        }
    }

    let signer = match get("signer") {
        None | Some((_, Val::Null)) => Signer::default(),
        Some((written, Val::Mapping(m))) => {
            let mut s = Signer::default();
            for (k, v) in m {
                let name = k.as_str().unwrap_or_default();
                // Only a diagnostic needs the line.
                let line = || {
                    yaml::nested_key_line(split.yaml, split.yaml_line, written, name)
                        .or(line_of(written))
                };
                let slot = match fields::canonical(name, fields::SIGNER_KEYS) {
                    Some("name") => &mut s.name,
                    Some("title") => &mut s.title,
                    Some("authority") => &mut s.authority,
                    _ => {
                        let msg = yaml::unknown_key(
                            name,
                            Some(Text::new("in-key").with("key", "signer")),
                            fields::all_names(fields::SIGNER_KEYS),
                        );
                        diags.push(Diagnostic::warning(path, msg).at_line(line()).key("signer"));
                        continue;
                    }
                };
                match fields::text(v) {
                    Ok(t) => *slot = t,
                    Err(m) => diags.push(Diagnostic::error(path, m).at_line(line()).key("signer")),
                }
            }
            s
        }
        Some((_, v)) => match fields::text(v) {
            // A bare name is the signer's name.
            Ok(name) => Signer {
                name,
                ..Signer::default()
            },
            Err(m) => {
                err("signer", m);
                Signer::default()
            }
        },
    };

    // Required keys (SPEC §2).
    let line1 = Some(split.yaml_line.saturating_sub(1).max(1));
    // A key written with no value is reported on its own line (as `vanban new` leaves them).
    let mut missing = |canon: &str, alias: &str| {
        let line = get(canon)
            .and_then(|(written, _)| line_of(written))
            .or(line1);
        diags.push(
            Diagnostic::error(
                path,
                Text::new("key-required")
                    .with("key", canon)
                    .with("alias", alias),
            )
            .at_line(line)
            .key(canon),
        );
    };
    // A key given with a bad value has its own error already; an empty text is no value.
    let absent = |canon: &str| {
        get(canon)
            .is_none_or(|(_, v)| v.is_null() || v.as_str().is_some_and(|s| s.trim().is_empty()))
    };
    if issuer.is_none() && absent("issuer") {
        missing("issuer", "co_quan_ban_hanh");
    }
    if subject.is_none() && absent("subject") {
        missing("subject", "trich_yeu");
    }
    if !draft {
        if number.is_none() && absent("number") {
            missing("number", "so_ky_hieu");
        }
        if date.is_none() && absent("date") {
            missing("date", "ngay_ban_hanh");
        }
    }
    if let Some(crate::model::DocDate::Year(y)) = date
        && !draft
    {
        diags.push(
            Diagnostic::error(
                path,
                Text::new("date-only-year").with("value", y.to_string()),
            )
            .at_line(line_of(get("date").map(|(w, _)| w).unwrap_or("date")))
            .key("date"),
        );
    }
    let doc_type = match type_given {
        Some(t) => Some(canonical_type(&t)),
        None => derive_type(number.as_deref(), subject.as_deref()),
    };
    if doc_type.is_none() && (number.is_some() || subject.is_some()) {
        diags.push(
            Diagnostic::error(
                path,
                Text::new("type-unknown").with("value", number.as_deref().unwrap_or("")),
            )
            .at_line(line_of(get("number").map(|(w, _)| w).unwrap_or("number")).or(line1))
            .key("type"),
        );
    }

    if diags.iter().any(Diagnostic::is_error) {
        return failed(diags);
    }

    // Withheld documents are decided before their attachments are even looked at.
    let withheld = if secret {
        Some(Withheld::Secret)
    } else if draft && !opts.drafts {
        Some(Withheld::Draft)
    } else if opts.publish == Publish::Marked && !is_marked_for_website(&distribution) {
        Some(Withheld::NotMarked)
    } else {
        None
    };
    if let Some(why) = withheld {
        return FileResult {
            outcome: Outcome::Withheld(path.to_path_buf(), why),
            diagnostics: diags,
        };
    }

    let attachments_line = line_of(get("attachments").map(|(w, _)| w).unwrap_or("attachments"));
    let attachments = resolve_attachments(
        &attachment_names,
        path,
        content,
        attachments_line,
        &mut diags,
    );
    if diags.iter().any(Diagnostic::is_error) {
        return failed(diags);
    }

    if split.body.contains('<')
        && let Some(line) = crate::render::markdown::too_deep_html(split.body)
    {
        diags.push(
            Diagnostic::warning(
                path,
                Text::new("html-too-deep").with("depth", crate::render::markdown::MAX_HTML_DEPTH),
            )
            .at(split.body_line + line - 1, None),
        );
    }
    let doc = Document {
        source: path.to_path_buf(),
        number,
        doc_type: doc_type.unwrap_or_default(),
        issuer: issuer.unwrap_or_default(),
        parent,
        date,
        place,
        subject: subject.unwrap_or_default(),
        recipients,
        distribution,
        signer,
        campaigns,
        references,
        attachments,
        draft,
        slug,
        body: if contains_byte(split.body.as_bytes(), b'\r') {
            split.body.replace("\r\n", "\n")
        } else {
            split.body.to_string()
        },
        body_line: split.body_line,
        key_lines,
    };
    FileResult {
        outcome: Outcome::Published(Box::new(doc)),
        diagnostics: diags,
    }
}

/// "Đăng website HU", "- đăng Website Huyện ủy;" … (SPEC §2: any case, any unit after it).
pub(crate) fn is_marked_for_website(distribution: &[String]) -> bool {
    distribution.iter().any(|item| {
        fold(item)
            .trim_start_matches(|c: char| c == '-' || c == '+' || c.is_whitespace())
            .starts_with("dang website")
    })
}

/// A type as written, with its capitalisation made canonical when it is a known type
/// (`công văn` → `Công văn`).
fn canonical_type(written: &str) -> String {
    /// Each known type with its identity key, and, for a type written exactly as known, the
    /// first known type of the same identity: most documents write it so, and need no key.
    static KNOWN: LazyLock<Vec<(&'static str, String, &'static str)>> = LazyLock::new(|| {
        let keyed: Vec<(&str, String)> = crate::number::type_names()
            .map(|name| (name, identity_key(name)))
            .collect();
        keyed
            .iter()
            .map(|(name, key)| {
                let first = keyed
                    .iter()
                    .find(|(_, k)| k == key)
                    .map_or(*name, |(n, _)| *n);
                (*name, key.clone(), first)
            })
            .collect()
    });
    if let Some((_, _, first)) = KNOWN.iter().find(|(name, _, _)| *name == written) {
        return first.to_string();
    }
    let key = identity_key(written);
    KNOWN
        .iter()
        .find(|(_, k, _)| *k == key)
        .map(|(name, _, _)| name.to_string())
        .unwrap_or_else(|| {
            let mut chars = written.chars();
            match chars.next() {
                Some(first) => first.to_uppercase().chain(chars).collect(),
                None => String::new(),
            }
        })
}

/// The type a number's code implies; a state-style number without a type code, or a draft
/// whose subject starts "V/v", is a Công văn (Nghị định 30/2020, Phụ lục III).
fn derive_type(number: Option<&str>, subject: Option<&str>) -> Option<String> {
    if let Some(n) = number {
        if let Some(t) = crate::number::type_from_number(n) {
            return Some(t.to_string());
        }
        if !crate::number::is_party_style(n) {
            return Some("Công văn".to_string());
        }
    }
    subject
        .filter(|s| fold(s).starts_with("v/v"))
        .map(|_| "Công văn".to_string())
}

/// Checks each attachment stays inside `content/` ([`crate::confine`]), is a plain file and
/// is of a kind offices attach, by its name and by its first bytes ([`attachment_kind`]);
/// returns them with the file names they get next to the page.
fn resolve_attachments(
    names: &[String],
    doc_path: &Path,
    content: &Path,
    line: Option<usize>,
    diags: &mut Vec<Diagnostic>,
) -> Vec<Attachment> {
    let mut out: Vec<Attachment> = Vec::new();
    // doc_path is relative to the root: content/…/x.md; its folder inside content/.
    let doc_dir = doc_path
        .parent()
        .and_then(|p| p.strip_prefix("content").ok())
        .map(|p| content.join(p))
        .unwrap_or_else(|| content.to_path_buf());
    for name in names {
        let err = |msg: Text| {
            Diagnostic::error(doc_path, msg)
                .at_line(line)
                .key("attachments")
        };
        let candidate = Path::new(name);
        if candidate.is_absolute() || name.starts_with('/') || name.starts_with('\\') {
            diags.push(err(Text::new("attachment-absolute").with("name", name)));
            continue;
        }
        // Names are read as NFC; a file copied from a Mac or out of a zip made there may be
        // named in NFD (`Báo` as `Ba` + a combining accent) and is the same name to a reader.
        let mut path = doc_dir.join(candidate);
        if std::fs::symlink_metadata(&path).is_err() {
            use unicode_normalization::UnicodeNormalization;
            let nfd = doc_dir.join(name.nfd().collect::<String>());
            if std::fs::symlink_metadata(&nfd).is_ok() {
                path = nfd;
            }
        }
        let resolved = match crate::confine::resolve(&path, content, false) {
            Ok(p) => p,
            Err(crate::confine::Refused::Missing) => {
                diags.push(err(Text::new("attachment-missing").with("name", name)));
                continue;
            }
            Err(crate::confine::Refused::Outside) => {
                diags.push(err(Text::new("attachment-outside").with("name", name)));
                continue;
            }
            Err(r) => {
                diags.push(err(Text::new("attachment-refused")
                    .with("name", name)
                    .with("message", r.message("content/"))));
                continue;
            }
        };
        let file_name = resolved
            .file_name()
            .map(|f| f.to_string_lossy().into_owned())
            .unwrap_or_default();
        if file_name.contains(|c: char| c.is_control() || c == '\\') {
            diags.push(err(
                Text::new("attachment-control").with("name", name.escape_debug().to_string())
            ));
            continue;
        }
        if let Some(why) = crate::portable::name_problem(&file_name) {
            diags.push(
                Diagnostic::warning(
                    doc_path,
                    Text::new("attachment-not-portable")
                        .with("name", name)
                        .with("why", why),
                )
                .at_line(line)
                .key("attachments"),
            );
        }
        if let Err(why) = attachment_kind(&file_name, &resolved) {
            diags.push(err(Text::new("attachment-refused")
                .with("name", name)
                .with("message", why)));
            continue;
        }
        if out.iter().any(|a| a.file_name == file_name) {
            diags.push(err(Text::new("attachment-twice").with("name", &file_name)));
            continue;
        }
        out.push(Attachment {
            name: name.clone(),
            source: resolved,
            file_name,
            line,
        });
    }
    out
}

/// The withholding key (`secrecy`, `do_mat`, `draft`, `du_thao`) an unknown key was most
/// likely meant to be (`secercy`, `do-mat`, `độ mật`, `drafts`…), if any: such a key is an
/// error, not a warning, since the document it was meant to withhold would be published.
fn withholding_misspelled(written: &str) -> Option<&'static str> {
    const WITHHOLDING: [&str; 4] = ["secrecy", "do_mat", "draft", "du_thao"];
    let folded = crate::vietnamese::slugify(written).replace('-', "_");
    let distance = |k: &str| strsim::damerau_levenshtein(&folded, k);
    // Within two edits, and nearer to it than to any other key: `do_khan` (độ khẩn, urgency)
    // is not `do_mat`. The four names first: most unknown keys are near none of them.
    let (d, near) = WITHHOLDING.iter().map(|k| (distance(k), *k)).min()?;
    if d > 2 {
        return None;
    }
    let nearest_other = fields::all_names(fields::KEYS)
        .filter(|k| !WITHHOLDING.contains(k))
        .map(distance)
        .min()
        .unwrap_or(usize::MAX);
    (d < nearest_other).then_some(near)
}

/// The kinds of file an attachment may be, by extension: what offices attach (documents,
/// sheets, slides, scans, archives, plain text), and what its first bytes must be. Nothing
/// a browser runs script from (pages, SVG, XML and its dialects, scripts, web archives) is
/// here: a name not listed is refused, so a new dangerous extension is refused too.
const ATTACHMENT_KINDS: &[(&str, Magic)] = &[
    ("pdf", Magic::Pdf),
    ("doc", Magic::Ole),
    ("xls", Magic::Ole),
    ("ppt", Magic::Ole),
    ("docx", Magic::Zip),
    ("xlsx", Magic::Zip),
    ("pptx", Magic::Zip),
    ("odt", Magic::Zip),
    ("ods", Magic::Zip),
    ("odp", Magic::Zip),
    ("zip", Magic::Zip),
    ("rtf", Magic::Starts(b"{\\rtf")),
    ("jpg", Magic::Starts(b"\xFF\xD8\xFF")),
    ("jpeg", Magic::Starts(b"\xFF\xD8\xFF")),
    ("png", Magic::Starts(b"\x89PNG\r\n\x1A\n")),
    ("gif", Magic::Gif),
    ("webp", Magic::Webp),
    ("tif", Magic::Tiff),
    ("tiff", Magic::Tiff),
    ("bmp", Magic::Starts(b"BM")),
    ("rar", Magic::Starts(b"Rar!\x1A\x07")),
    ("7z", Magic::Starts(b"7z\xBC\xAF\x27\x1C")),
    ("txt", Magic::Text),
    ("csv", Magic::Text),
];

/// What the first bytes of a kind of file are.
#[derive(Clone, Copy)]
enum Magic {
    Starts(&'static [u8]),
    /// `%PDF-` within the first kilobyte (readers accept a little before it).
    Pdf,
    /// An OLE compound file (Word 97–2003 and its kin).
    Ole,
    /// A ZIP archive (Office Open XML and OpenDocument are ZIP files), or an empty one.
    Zip,
    Gif,
    Webp,
    Tiff,
    /// Text that no browser would take for a page: no NUL, no markup at its start, no
    /// `<script`, `<html`… in its first kilobytes.
    Text,
}

impl Magic {
    fn matches(self, head: &[u8]) -> bool {
        match self {
            Magic::Starts(m) => head.starts_with(m),
            Magic::Pdf => head.windows(5).take(1024).any(|w| w == b"%PDF-"),
            Magic::Ole => head.starts_with(b"\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1"),
            Magic::Zip => head.starts_with(b"PK\x03\x04") || head.starts_with(b"PK\x05\x06"),
            Magic::Gif => head.starts_with(b"GIF87a") || head.starts_with(b"GIF89a"),
            Magic::Webp => head.len() >= 12 && head.starts_with(b"RIFF") && &head[8..12] == b"WEBP",
            Magic::Tiff => head.starts_with(b"II*\0") || head.starts_with(b"MM\0*"),
            Magic::Text => !looks_like_markup(head) && !head.contains(&0),
        }
    }

    /// What the file should start with, for the error.
    fn described(self) -> Text {
        Text::new(match self {
            Magic::Pdf => "magic-pdf",
            Magic::Ole | Magic::Zip => "magic-office",
            Magic::Text => "magic-text",
            _ => "magic-other",
        })
    }
}

/// Whether text bytes look like a page, SVG or XML to a browser's sniffer: markup at the start
/// (after a BOM and white space), or a tag that runs script anywhere in the head.
fn looks_like_markup(head: &[u8]) -> bool {
    let start = head.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(head);
    if start.trim_ascii_start().starts_with(b"<") {
        return true;
    }
    let lower = head.to_ascii_lowercase();
    const TAGS: &[&[u8]] = &[
        b"<script",
        b"<html",
        b"<!doctype",
        b"<svg",
        b"<iframe",
        b"<body",
        b"<?xml",
        b"<head",
    ];
    TAGS.iter().any(|t| lower.windows(t.len()).any(|w| w == *t))
}

/// How many bytes of an attachment are looked at.
const SNIFFED: usize = 4096;

/// Whether the file `path`, published as `file_name`, may be an attachment: its extension is
/// in [`ATTACHMENT_KINDS`] and its first bytes are what that kind starts with (a `.pdf` that
/// holds a web page is refused). The error says why, after the name.
fn attachment_kind(file_name: &str, path: &Path) -> Result<(), Text> {
    let ext = Path::new(file_name)
        .extension()
        .and_then(|e| e.to_str())
        .map(str::to_ascii_lowercase)
        .unwrap_or_default();
    let Some((_, magic)) = ATTACHMENT_KINDS.iter().find(|(e, _)| *e == ext) else {
        let allowed: Vec<&str> = ATTACHMENT_KINDS.iter().map(|(e, _)| *e).collect();
        return Err(Text::new("attachment-kind").with("allowed", allowed.join(", ")));
    };
    let mut head = Vec::with_capacity(SNIFFED);
    std::fs::File::open(path)
        .and_then(|f| {
            std::io::Read::read_to_end(&mut std::io::Read::take(f, SNIFFED as u64), &mut head)
        })
        .map_err(|e| Text::unreadable(&e))?;
    if head.is_empty() && matches!(magic, Magic::Text) {
        return Ok(());
    }
    if magic.matches(&head) && !magic.is_text_masquerade(&head) {
        Ok(())
    } else {
        Err(Text::new("attachment-masquerade")
            .with("ext", ext)
            .with("found", magic.described()))
    }
}

impl Magic {
    /// A binary signature followed by a page is still a page to no browser, except a PDF's,
    /// whose signature may come after other bytes: there, markup before `%PDF-` is refused.
    fn is_text_masquerade(self, head: &[u8]) -> bool {
        matches!(self, Magic::Pdf) && !head.starts_with(b"%PDF-") && looks_like_markup(head)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(text: &str) -> FileResult {
        parse_document(
            text,
            Path::new("content/a.md"),
            Path::new("/nonexistent"),
            LoadOptions::default(),
        )
    }

    fn doc(text: &str) -> Document {
        match parse(text) {
            FileResult {
                outcome: Outcome::Published(d),
                ..
            } => *d,
            FileResult { diagnostics, .. } => panic!("not published: {diagnostics:?}"),
        }
    }

    fn errors(text: &str) -> Vec<String> {
        parse(text)
            .diagnostics
            .iter()
            .map(ToString::to_string)
            .collect()
    }

    const GOOD: &str = "---\nnumber: 44-CV/HU\nissuer: Huyện uỷ Hón Quản\ndate: 11/11/2018\nsubject: V/v triển khai\n---\nBody\n";

    #[test]
    fn loads_a_document_with_derived_type() {
        let d = doc(GOOD);
        assert_eq!(d.number.as_deref(), Some("44-CV/HU"));
        assert_eq!(d.doc_type, "Công văn");
        assert_eq!(d.issuer, "Huyện uỷ Hón Quản");
        assert_eq!(d.year(), Some(2018));
        assert_eq!(d.body, "Body\n");
        assert_eq!(d.body_line, 7);
    }

    #[test]
    fn vietnamese_aliases_are_accepted() {
        let d = doc(
            "---\nso_ky_hieu: 07/KH-UBND\nco_quan_ban_hanh: UBND huyện\nngay_ban_hanh: 17/01/2022\ntrich_yeu: Kế hoạch\nnguoi_ky:\n  ho_ten: A\n  chuc_vu: B\n  tham_quyen: KT. Chủ tịch\nphong_trao: Dân vận khéo\n---\n",
        );
        assert_eq!(d.doc_type, "Kế hoạch");
        assert_eq!(d.signer.name.as_deref(), Some("A"));
        assert_eq!(d.signer.authority.as_deref(), Some("KT. Chủ tịch"));
        assert_eq!(d.campaigns, vec!["Dân vận khéo"]);
    }

    #[test]
    fn every_error_has_its_line_and_key() {
        let errs = errors("---\nnumber: 44-CV/HU\nissuer: X\ndate: 31/02/2018\nsubjet: y\n---\n");
        assert!(
            errs.contains(
                &"content/a.md:4: error: date: `31/02/2018` is not a real date".to_string()
            ),
            "{errs:?}"
        );
        assert!(
            errs.contains(
                &"content/a.md:5: warning: subjet: unknown key `subjet`; did you mean `subject`?"
                    .to_string()
            ),
            "{errs:?}"
        );
        assert!(
            errs.iter().any(|e| e.contains("subject: is required")),
            "{errs:?}"
        );
    }

    #[test]
    fn empty_required_texts_are_missing_on_their_own_line() {
        let errs = errors("---\nnumber: \"\"\nissuer: X\ndate: 2018-01-01\nsubject: '  '\n---\n");
        assert!(
            errs.iter()
                .any(|e| e.contains(":2: error: number: is required")),
            "{errs:?}"
        );
        assert!(
            errs.iter()
                .any(|e| e.contains(":5: error: subject: is required")),
            "{errs:?}"
        );
        let errs = errors("---\nnumber: 1-CV/HU\ndate: 2018-01-01\nsubject: x\n---\n");
        assert!(
            errs.iter()
                .any(|e| e.contains(":1: error: issuer: is required")),
            "a key not written at all is reported at the front matter's start: {errs:?}"
        );
    }

    #[test]
    fn key_and_alias_together_is_an_error() {
        let errs = errors(
            "---\nnumber: 1-CV/HU\nso_ky_hieu: 2-CV/HU\nissuer: X\ndate: 2018-01-01\nsubject: y\n---\n",
        );
        assert!(
            errs.iter()
                .any(|e| e.contains(":3: error: number: given twice")),
            "{errs:?}"
        );
    }

    #[test]
    fn yaml_errors_are_on_file_lines() {
        let errs = errors("---\nnumber: 1-CV/HU\nissuer: [X\n---\n");
        assert!(errs[0].starts_with("content/a.md:"), "{errs:?}");
        assert!(errs[0].contains("invalid YAML"), "{errs:?}");
    }

    #[test]
    fn missing_closing_line_and_no_front_matter() {
        assert!(errors("---\nnumber: 1\n")[0].contains(":1: error: the front matter opened"));
        assert!(errors("# Title\n")[0].contains(":1: error: has no front matter"));
    }

    #[test]
    fn drafts_need_neither_number_nor_day() {
        let r = parse(
            "---\ndraft: true\nnumber: /UBND-VX\nissuer: UBND huyện Bình Sơn\ndate: \"2022\"\nsubject: V/v x\n---\n",
        );
        assert!(
            matches!(r.outcome, Outcome::Withheld(_, Withheld::Draft)),
            "{:?}",
            r.diagnostics
        );
        let r = parse_document(
            "---\ndraft: true\nissuer: UBND\ndate: 2022\nsubject: V/v x\n---\n",
            Path::new("content/a.md"),
            Path::new("/x"),
            LoadOptions {
                drafts: true,
                ..Default::default()
            },
        );
        match r.outcome {
            Outcome::Published(d) => assert_eq!(d.doc_type, "Công văn"),
            _ => panic!("{:?}", r.diagnostics),
        }
        let errs = errors("---\nnumber: 1-CV/HU\nissuer: X\ndate: 2022\nsubject: y\n---\n");
        assert!(errs[0].contains("only a year"), "{errs:?}");
    }

    #[test]
    fn any_secrecy_value_withholds() {
        for mark in ["Mật", "Tối mật", "true", "'x'"] {
            let text = GOOD.replace("subject:", &format!("secrecy: {mark}\nsubject:"));
            assert!(
                matches!(parse(&text).outcome, Outcome::Withheld(_, Withheld::Secret)),
                "{mark}"
            );
        }
    }

    #[test]
    fn marked_publishing_reads_noi_nhan() {
        assert!(is_marked_for_website(&["- Đăng website HU,".into()]));
        assert!(is_marked_for_website(&["đăng Website Huyện ủy;".into()]));
        assert!(!is_marked_for_website(&["Lưu VPHU.".into()]));
    }

    #[test]
    fn contains_byte_is_contains() {
        let text = "Căn cứ “Hướng dẫn”\r\n".repeat(5);
        for len in 0..text.len() {
            let b = &text.as_bytes()[..len];
            for x in [0, b'\r', b'\n', 0xbb, b'C', 0xff] {
                assert_eq!(contains_byte(b, x), b.contains(&x), "{len} {x}");
            }
        }
    }

    #[test]
    fn bad_bytes_are_named() {
        assert!(
            decode(b"\xFF\xFEa\0")
                .unwrap_err()
                .to_string()
                .contains("UTF-16")
        );
        assert!(
            decode(b"---\n\x00\x01")
                .unwrap_err()
                .to_string()
                .contains("binary")
        );
        assert!(
            decode(b"---\na\n\xC3\x28")
                .unwrap_err()
                .to_string()
                .contains("line 3")
        );
        assert_eq!(decode(b"\xEF\xBB\xBF---").unwrap(), "---");
    }

    #[test]
    fn nfd_files_load_as_nfc() {
        use unicode_normalization::UnicodeNormalization;
        let text = GOOD.replace("Body", "Căn cứ “Hướng dẫn”");
        let nfd: String = text.nfd().collect();
        let (d, diags) = parse_bytes(
            nfd.as_bytes(),
            Path::new("content/a.md"),
            LoadOptions::default(),
        );
        let d = d.unwrap_or_else(|| panic!("{diags:?}"));
        assert_eq!(d.issuer, "Huyện uỷ Hón Quản");
        assert_eq!(d.body, "Căn cứ “Hướng dẫn”\n");
        let (same, _) = parse_bytes(
            text.as_bytes(),
            Path::new("content/a.md"),
            LoadOptions::default(),
        );
        assert_eq!(same.map(|d| d.body), Some(d.body));
    }

    #[test]
    fn yaml_bombs_fail_cleanly() {
        let deep = format!(
            "---\na: {}{}\n---\n",
            "[".repeat(10_000),
            "]".repeat(10_000)
        );
        assert!(errors(&deep)[0].contains("invalid YAML"));
        let mut bomb = String::from("---\na: &a [x,x,x,x,x,x,x,x,x,x]\n");
        for i in 0..12 {
            let prev = if i == 0 {
                "a".to_string()
            } else {
                format!("b{}", i - 1)
            };
            bomb.push_str(&format!("b{i}: &b{i} [*{prev},*{prev},*{prev},*{prev},*{prev},*{prev},*{prev},*{prev},*{prev},*{prev}]\n"));
        }
        bomb.push_str("---\n");
        let r = parse(&bomb);
        assert!(matches!(r.outcome, Outcome::Failed) || !r.diagnostics.is_empty());
    }

    #[test]
    fn duplicate_yaml_keys_are_errors() {
        let errs = errors(
            "---\nnumber: 1-CV/HU\nnumber: 2-CV/HU\nissuer: X\ndate: 2018-01-01\nsubject: y\n---\n",
        );
        assert!(errs[0].contains("error"), "{errs:?}");
    }
}
