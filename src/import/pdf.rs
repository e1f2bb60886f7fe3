//! Text of a `.pdf` from its text layer, pages in order, read by `pdf-extract` (which maps
//! each font's glyphs back to Unicode through its ToUnicode map or encoding). A scan without
//! a text layer, a file that needs a password and a corrupt file are errors that say so.

use std::cell::Cell;
use std::panic::{self, UnwindSafe};
use std::sync::Once;

use crate::messages::Text;

thread_local! {
    /// Set while the extractor runs on this thread: its panics are caught and reported as
    /// this file's error, so the panic message must not reach the terminal too.
    static QUIET: Cell<bool> = const { Cell::new(false) };
}

/// Runs `f`, catching a panic without printing it. The panic hook in place (the default
/// one, or a fuzzer's) still hears every other panic, on every thread.
fn quietly<T>(f: impl FnOnce() -> T + UnwindSafe) -> std::thread::Result<T> {
    static HOOK: Once = Once::new();
    HOOK.call_once(|| {
        let previous = panic::take_hook();
        panic::set_hook(Box::new(move |info| {
            if !QUIET.with(Cell::get) {
                previous(info);
            }
        }));
    });
    QUIET.with(|q| q.set(true));
    let result = panic::catch_unwind(f);
    QUIET.with(|q| q.set(false));
    result
}

/// The text of a `.pdf`, pages in order, one line a text line.
pub fn read_pdf(bytes: &[u8]) -> Result<String, Text> {
    let mut doc = pdf_extract::Document::load_mem(bytes)
        .map_err(|e| Text::new("pdf-unreadable").with("reason", Text::plain(e.to_string())))?;
    if doc.is_encrypted() && doc.decrypt("").is_err() {
        return Err(Text::new("pdf-encrypted"));
    }
    // The extractor's own parser runs on bytes already shown to load; a panic inside it
    // (some malformed fonts) is an error for this file, not the end of the import.
    let pages = quietly(|| pdf_extract::extract_text_from_mem_by_pages(bytes))
        .map_err(|_| Text::new("pdf-malformed"))?
        .map_err(|e| Text::new("pdf-no-extract").with("reason", Text::plain(e.to_string())))?;
    let text = pages.join("\n");
    if text.chars().filter(|c| c.is_alphabetic()).count() < 20 {
        return Err(Text::new("pdf-scan"));
    }
    Ok(tidy_lines(&text))
}

/// Lines without the runs of spaces the extractor puts for column gaps, kept as single
/// spaces; three or more blank lines become one.
fn tidy_lines(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut blanks = 0;
    for line in text.lines() {
        let words: Vec<&str> = line.split_whitespace().collect();
        if words.is_empty() {
            blanks += 1;
            if blanks == 1 {
                out.push('\n');
            }
            continue;
        }
        blanks = 0;
        out.push_str(&words.join(" "));
        out.push('\n');
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn not_a_pdf_is_an_error() {
        assert!(read_pdf(b"%PDF-1.4\n garbage").is_err());
        assert!(read_pdf(b"").is_err());
    }

    /// Found by the `import` fuzz target: an object reference to nothing makes the
    /// extractor panic (`missing object reference`), which is this file's error.
    #[test]
    fn a_reference_to_a_missing_object_is_an_error() {
        let bytes = include_bytes!("../../tests/fixtures/import/broken-reference.pdf");
        let err = read_pdf(bytes).unwrap_err().to_string();
        assert!(err.contains("cannot be extracted"), "{err}");
    }

    #[test]
    fn column_gaps_fold() {
        assert_eq!(tidy_lines("A    B\n\n\n\nC"), "A B\n\nC\n");
    }
}
