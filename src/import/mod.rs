//! `vanban import`: from the signed document as Word saved it (raw text or `.docx`) to a
//! content file whose front matter is filled from the header, the body and the signature,
//! so that a webmaster checks fields instead of typing them.

mod doc;
mod docx;
mod header;
mod html;
pub mod legacy;
mod pdf;
mod text;

use std::fmt;
use std::fs::{self, OpenOptions};
use std::io::Write;
use std::path::{Path, PathBuf};

use crate::content::frontmatter::Writer;
use crate::diagnostics::Diagnostic;
use crate::messages::Text;

pub use doc::read_doc;
pub use docx::read_docx;
pub use html::read_html;
pub use pdf::read_pdf;

/// Who signed (the model's type: import fills the same fields the loader reads).
pub use crate::model::Signer;

/// The front matter fields an import fills, under the contract's canonical keys.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ImportedFields {
    /// As the contract writes it: `44-CV/HU`; `/UBND-VX` on an unsigned draft.
    pub number: Option<String>,
    pub doc_type: Option<String>,
    pub issuer: Option<String>,
    pub parent: Option<String>,
    /// `2018-11-11`, or only the year (`2022`) on a draft whose day is blank.
    pub date: Option<String>,
    pub place: Option<String>,
    pub subject: Option<String>,
    pub recipients: Vec<String>,
    pub distribution: Vec<String>,
    pub signer: Signer,
    pub campaigns: Vec<String>,
    /// No number or no day: the document is not signed yet.
    pub draft: bool,
}

/// One document read from its text.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Imported {
    pub fields: ImportedFields,
    /// Markdown, without header, Kính gửi, Nơi nhận and signature.
    pub body: String,
    /// Keys it could not find and left out, for the user to fill in.
    pub missing: Vec<&'static str>,
    /// Which legacy encoding the text was in, when it was converted.
    pub encoding_note: Option<Text>,
    /// Fields filled but uncertain, each with why: marked `# kiểm tra: …` in the file.
    pub checks: Vec<(&'static str, Text)>,
}

/// Reads the fields of one document. Pure: text in, fields out; never panics.
pub fn parse_text(text: &str) -> Imported {
    let (converted, legacy) = legacy::convert(&crate::vietnamese::nfc(text));
    let text = crate::vietnamese::nfc(&converted);
    let normalized = header::normalize(&text);
    let (mut fields, body, mut checks) = text::parse(&normalized.text);
    if normalized.ocr_number {
        checks.push(("number", Text::new("check-number-ocr")));
    }
    fill_from_portal(&mut fields, &normalized.portal, &mut checks);
    let f = &fields;
    let found: [(&'static str, bool); 12] = [
        ("number", f.number.is_some()),
        ("type", f.doc_type.is_some()),
        ("issuer", f.issuer.is_some()),
        ("parent", f.parent.is_some()),
        ("date", f.date.is_some()),
        ("place", f.place.is_some()),
        ("subject", f.subject.is_some()),
        ("recipients", !f.recipients.is_empty()),
        ("distribution", !f.distribution.is_empty()),
        ("signer.authority", f.signer.authority.is_some()),
        ("signer.title", f.signer.title.is_some()),
        ("signer.name", f.signer.name.is_some()),
    ];
    let missing = found
        .iter()
        .filter(|(_, found)| !found)
        .map(|(k, _)| *k)
        .collect();
    Imported {
        fields,
        body,
        missing,
        encoding_note: legacy.map(note),
        checks,
    }
}

/// Fields the document's own header did not give, taken from a portal's attribute block
/// above it and marked for checking.
fn fill_from_portal(
    f: &mut ImportedFields,
    portal: &header::Portal,
    checks: &mut Vec<(&'static str, Text)>,
) {
    let why = || Text::new("check-from-portal");
    if f.number.is_none()
        && let Some(n) = &portal.number
    {
        f.number = Some(text::normalize_number(n));
        checks.push(("number", why()));
    }
    if f.doc_type.is_none()
        && let Some(t) = &portal.doc_type
    {
        let folded = crate::vietnamese::fold(t);
        if let Some(name) =
            crate::number::type_names().find(|n| crate::vietnamese::fold(n) == folded)
        {
            f.doc_type = Some(name.to_string());
            checks.push(("type", why()));
        }
    }
    if f.date.is_none()
        && let Some(d) = &portal.date
    {
        let parts: Vec<u32> = d
            .split(['/', '-', '.'])
            .filter_map(|p| p.trim().parse().ok())
            .collect();
        if let [day, month, year] = parts[..]
            && chrono::NaiveDate::from_ymd_opt(year as i32, month, day).is_some()
        {
            f.date = Some(format!("{year:04}-{month:02}-{day:02}"));
            checks.push(("date", why()));
        }
    }
    if f.issuer.is_none()
        && let Some(i) = &portal.issuer
    {
        f.issuer = Some(i.clone());
        checks.push(("issuer", why()));
    }
    if f.signer.name.is_none()
        && let Some(n) = &portal.signer
    {
        f.signer.name = Some(n.clone());
        checks.push(("signer.name", why()));
    }
}

fn note(enc: legacy::Legacy) -> Text {
    Text::new("import-converted").with("encoding", enc.text())
}

/// The content file: front matter under the canonical keys, in the order a clerk reads the
/// paper, then the body. Keys not found are left out and reported instead.
pub fn to_markdown(doc: &Imported) -> String {
    let f = &doc.fields;
    let mut w = Writer::default();
    // `  # kiểm tra: …` after the value of a field the reader is unsure of: in Vietnamese,
    // the language of the file, whatever the terminal's.
    let vi = crate::messages::vietnamese();
    let check = |w: &mut Writer, key: &str| {
        let why: Vec<String> = doc
            .checks
            .iter()
            .filter(|(k, _)| *k == key)
            .map(|(_, w)| w.said_in(vi))
            .collect();
        if !why.is_empty() {
            let said = Text::new("import-check").with("fields", why.join("; "));
            w.note(&said.said_in(vi).replace('\n', " "));
        }
    };
    if f.draft {
        w.plain("draft", "true");
    }
    for (key, value) in [
        ("number", &f.number),
        ("type", &f.doc_type),
        ("issuer", &f.issuer),
        ("parent", &f.parent),
        ("date", &f.date),
        ("place", &f.place),
    ] {
        if let Some(v) = value {
            w.field(key, v);
            check(&mut w, key);
        }
    }
    // Quoted always: a subject is a sentence and may hold anything.
    if let Some(v) = &f.subject {
        w.quoted("subject", v);
        check(&mut w, "subject");
    }
    w.list("recipients", &f.recipients);
    w.list("distribution", &f.distribution);
    if !f.signer.is_empty() {
        w.open("signer");
        for (k, v) in [
            ("authority", &f.signer.authority),
            ("title", &f.signer.title),
            ("name", &f.signer.name),
        ] {
            if let Some(v) = v {
                w.field(k, v);
                check(&mut w, &format!("signer.{k}"));
            }
        }
        w.close();
    }
    w.list("campaigns", &f.campaigns);
    w.finish(&doc.body)
}

/// Why a file could not be read.
#[derive(Debug)]
pub enum ImportError {
    Io(std::io::Error),
    /// A .docx that is not a readable Word document.
    Docx(Text),
    /// A .doc, .pdf or .html that cannot be read (corrupt, encrypted, no text layer).
    Format(Text),
    /// Bytes that are neither UTF-8, UTF-16 nor a recognised legacy Vietnamese encoding.
    Encoding(Text),
}

impl fmt::Display for ImportError {
    /// In English, as [`ImportError::text`] says it.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.text().fmt(f)
    }
}

impl std::error::Error for ImportError {}

impl ImportError {
    /// As a diagnostic's message: a system error in the webmaster's language where it is a
    /// common one; what a reader of a format found, with the reader's own words quoted.
    pub fn text(&self) -> Text {
        match self {
            ImportError::Io(e) => Text::new("import-unreadable").with("reason", Text::io(e)),
            ImportError::Docx(t) | ImportError::Format(t) | ImportError::Encoding(t) => t.clone(),
        }
    }
}

/// Decodes a text file: UTF-8 (with or without BOM), UTF-16 LE/BE (BOM, or the zero bytes
/// of mostly-ASCII text), or 8-bit TCVN3/VNI saved by an old editor.
pub fn decode_text(bytes: &[u8]) -> Result<(String, Option<Text>), ImportError> {
    let utf16 = |bytes: &[u8], le: bool| -> String {
        let units: Vec<u16> = bytes
            .chunks_exact(2)
            .map(|p| {
                if le {
                    u16::from_le_bytes([p[0], p[1]])
                } else {
                    u16::from_be_bytes([p[0], p[1]])
                }
            })
            .collect();
        String::from_utf16_lossy(&units)
    };
    if let Some(rest) = bytes.strip_prefix(&[0xEF, 0xBB, 0xBF]) {
        return decode_text(rest);
    }
    if let Some(rest) = bytes.strip_prefix(&[0xFF, 0xFE]) {
        return Ok((utf16(rest, true), Some(Text::plain("UTF-16 LE"))));
    }
    if let Some(rest) = bytes.strip_prefix(&[0xFE, 0xFF]) {
        return Ok((utf16(rest, false), Some(Text::plain("UTF-16 BE"))));
    }
    if bytes.len() >= 4 && bytes.len().is_multiple_of(2) {
        let zeros_odd = bytes.iter().skip(1).step_by(2).filter(|b| **b == 0).count();
        let zeros_even = bytes.iter().step_by(2).filter(|b| **b == 0).count();
        let half = bytes.len() / 2;
        if zeros_odd * 3 > half && zeros_even == 0 {
            return Ok((utf16(bytes, true), Some(Text::plain("UTF-16 LE"))));
        }
        if zeros_even * 3 > half && zeros_odd == 0 {
            return Ok((utf16(bytes, false), Some(Text::plain("UTF-16 BE"))));
        }
    }
    match std::str::from_utf8(bytes) {
        Ok(s) => Ok((s.to_string(), None)),
        Err(_) => {
            // An 8-bit file: each byte is a character of the legacy code page.
            let latin: String = bytes.iter().map(|b| char::from(*b)).collect();
            match legacy::detect(&latin) {
                Some(enc) => Ok((
                    latin,
                    Some(Text::new("import-8bit").with("encoding", enc.text())),
                )),
                None => Err(ImportError::Encoding(Text::new("import-not-text"))),
            }
        }
    }
}

/// The text of a source file and a note on how it was encoded, when that was not plain
/// UTF-8. The format is recognised by the file's signature whatever its extension: .docx
/// (zip), .doc (compound file), .pdf; a saved web page by its extension or its `<html`.
pub fn read_file(path: &Path) -> Result<(String, Option<Text>), ImportError> {
    let bytes = fs::read(path).map_err(ImportError::Io)?;
    read_bytes(&bytes, path)
}

/// [`read_file`] on bytes already read; `path` only tells a web page by its extension.
pub fn read_bytes(bytes: &[u8], path: &Path) -> Result<(String, Option<Text>), ImportError> {
    let (text, mut notes) = if bytes.starts_with(b"PK\x03\x04") {
        let (text, enc) = read_docx(bytes).map_err(ImportError::Docx)?;
        (text, enc.map(note))
    } else if bytes.starts_with(&[0xD0, 0xCF, 0x11, 0xE0]) {
        (read_doc(bytes).map_err(ImportError::Format)?, None)
    } else if bytes.starts_with(b"%PDF") {
        (read_pdf(bytes).map_err(ImportError::Format)?, None)
    } else {
        let (text, enc) = decode_text(bytes)?;
        if is_html(path, &text) {
            (read_html(&text), enc)
        } else {
            (text, enc)
        }
    };
    let (converted, enc) = legacy::convert(&text);
    if let Some(enc) = enc {
        let n = note(enc);
        notes = Some(match notes {
            Some(prev) if prev != n => Text::new("notes-two").with("first", prev).with("second", n),
            _ => n,
        });
    }
    Ok((converted, notes))
}

/// A saved web page: named `.html`/`.htm`, or text that opens with its markup.
fn is_html(path: &Path, text: &str) -> bool {
    let ext = path.extension().map(|e| e.to_string_lossy().to_lowercase());
    if matches!(ext.as_deref(), Some("html" | "htm" | "xhtml")) {
        return true;
    }
    let head: String = text
        .trim_start()
        .chars()
        .take(64)
        .collect::<String>()
        .to_lowercase();
    head.starts_with("<!doctype html") || head.starts_with("<html")
}

/// What one import did for one source file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FileReport {
    pub source: PathBuf,
    pub written: PathBuf,
    /// Keys it could not find and left out.
    pub missing: Vec<&'static str>,
    pub encoding_note: Option<Text>,
    pub draft: bool,
    /// Fields to check, each `key (why)`.
    pub checks: Vec<(&'static str, Text)>,
}

impl FileReport {
    /// `content/2018/44-cv-hu-huyen-uy-hon-quan.md (from a.txt); not found, left empty:
    /// parent`, in the language of `m`; keys and paths as they are.
    pub(crate) fn said_in(&self, m: &crate::messages::Messages) -> String {
        let mut out = Text::new("import-wrote")
            .with("path", self.written.display().to_string())
            .with("source", self.source.display().to_string())
            .said_in(m);
        if self.draft {
            out.push_str("; ");
            out.push_str(&Text::new("import-draft").said_in(m));
        }
        if let Some(n) = &self.encoding_note {
            out.push_str("; ");
            out.push_str(&n.said_in(m));
        }
        if !self.missing.is_empty() {
            out.push_str("; ");
            let missing = Text::new("import-missing").with("keys", self.missing.join(", "));
            out.push_str(&missing.said_in(m));
        }
        if !self.checks.is_empty() {
            out.push_str("; ");
            let fields: Vec<Text> = self
                .checks
                .iter()
                .map(|(key, why)| {
                    Text::new("check-field")
                        .with("key", *key)
                        .with("why", why.clone())
                })
                .collect();
            let checks = Text::new("import-check").with("fields", fields);
            out.push_str(&checks.said_in(m));
        }
        out
    }

    /// In the chosen language.
    pub fn said(&self) -> String {
        self.said_in(crate::messages::current())
    }
}

impl fmt::Display for FileReport {
    /// [`FileReport::said_in`] English.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.said_in(crate::messages::english()))
    }
}

/// Everything an import run did: files written, a report for each, and the files it could
/// not read or write, each an error naming it.
#[derive(Debug, Default)]
pub struct ImportOutcome {
    pub written: Vec<PathBuf>,
    pub reports: Vec<FileReport>,
    pub errors: Vec<Diagnostic>,
}

/// Where an imported document goes: `content/<year>/<slug>.md`, the slug of its page.
pub(crate) fn target_path(root: &Path, doc: &Imported, source: &Path) -> PathBuf {
    let f = &doc.fields;
    let key = [f.number.as_deref(), f.issuer.as_deref()]
        .into_iter()
        .flatten()
        .collect::<Vec<_>>()
        .join(" ");
    let mut slug = crate::vietnamese::slugify(&key);
    if slug.is_empty() {
        let stem = source.file_stem().map(|s| s.to_string_lossy().into_owned());
        slug = crate::vietnamese::slugify(&stem.unwrap_or_default());
    }
    if slug.is_empty() {
        slug = "van-ban".into();
    }
    let year = f
        .date
        .as_deref()
        .map(|d| d.chars().take(4).collect::<String>())
        .filter(|y| y.len() == 4 && y.chars().all(|c| c.is_ascii_digit()));
    let mut path = root.join("content");
    if let Some(y) = year {
        path.push(y);
    }
    path.join(format!("{slug}.md"))
}

/// Imports each file into `root/content/`. A file that cannot be read, or whose target
/// already exists (never overwritten), is an error naming it; the others are still imported.
pub fn import_files(root: &Path, files: &[PathBuf]) -> ImportOutcome {
    let mut outcome = ImportOutcome::default();
    for source in files {
        let (text, read_note) = match read_file(source) {
            Ok(r) => r,
            Err(e) => {
                outcome.errors.push(Diagnostic::error(source, e.text()));
                continue;
            }
        };
        let mut doc = parse_text(&text);
        doc.encoding_note = read_note.or(doc.encoding_note);
        let target = target_path(root, &doc, source);
        let written = target
            .parent()
            .map_or(Ok(()), fs::create_dir_all)
            .and_then(|_| {
                let mut file = OpenOptions::new()
                    .write(true)
                    .create_new(true)
                    .open(&target)?;
                file.write_all(to_markdown(&doc).as_bytes())
            });
        match written {
            Ok(()) => {
                outcome.written.push(target.clone());
                outcome.reports.push(FileReport {
                    source: source.clone(),
                    written: target,
                    missing: doc.missing.clone(),
                    encoding_note: doc.encoding_note.clone(),
                    draft: doc.fields.draft,
                    checks: doc.checks.clone(),
                });
            }
            Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => {
                outcome.errors.push(Diagnostic::error(
                    &target,
                    Text::new("import-exists").with("source", source.display().to_string()),
                ));
            }
            Err(e) => outcome.errors.push(Diagnostic::error(
                &target,
                Text::new("import-unwritable")
                    .with("source", source.display().to_string())
                    .with("reason", Text::io(&e)),
            )),
        }
    }
    outcome
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The terminal's line names the fields to check in the webmaster's language; the file's
    /// comment is Vietnamese whatever the terminal's.
    #[test]
    fn fields_to_check_are_said_in_each_language() {
        let report = FileReport {
            source: "a.txt".into(),
            written: "content/2020/a.md".into(),
            missing: vec![],
            encoding_note: Some(note(legacy::Legacy::Tcvn3)),
            draft: false,
            checks: vec![("number", Text::new("check-number-ocr"))],
        };
        let vi = report.said_in(crate::messages::vietnamese());
        assert!(
            vi.contains("văn bản mã TCVN3 (ABC, phông .VnTime) đã chuyển sang Unicode")
                && vi.contains("kiểm tra: number (đọc qua lỗi nhận dạng chữ (Ư thay U))"),
            "{vi}"
        );
        let en = report.said_in(crate::messages::english());
        assert!(
            en.contains("text in TCVN3 (ABC, .VnTime fonts) converted to Unicode")
                && en.contains("check: number (read through a character-recognition error"),
            "{en}"
        );
        let mut doc = parse_text("");
        doc.checks = report.checks.clone();
        doc.fields.number = Some("12-CV/HU".into());
        let file = to_markdown(&doc);
        assert!(
            file.contains("# kiểm tra: đọc qua lỗi nhận dạng chữ (Ư thay U)"),
            "{file}"
        );
    }
}
