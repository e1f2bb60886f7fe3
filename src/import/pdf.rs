//! Text of a `.pdf` from its text layer, pages in order, read by `pdf-extract` (which maps
//! each font's glyphs back to Unicode through its ToUnicode map or encoding). A scan without
//! a text layer, a file that needs a password and a corrupt file are errors that say so.

/// The text of a `.pdf`, pages in order, one line a text line.
pub fn read_pdf(bytes: &[u8]) -> Result<String, String> {
    let mut doc =
        pdf_extract::Document::load_mem(bytes).map_err(|e| format!("not a readable PDF: {e}"))?;
    if doc.is_encrypted() && doc.decrypt("").is_err() {
        return Err("the PDF is encrypted (needs a password): save a copy without one".into());
    }
    // The extractor's own parser runs on bytes already shown to load; a panic inside it
    // (some malformed fonts) is an error for this file, not the end of the import.
    let pages = std::panic::catch_unwind(|| pdf_extract::extract_text_from_mem_by_pages(bytes))
        .map_err(|_| {
            "a PDF whose text cannot be extracted (malformed fonts or content)".to_string()
        })?
        .map_err(|e| format!("a PDF whose text cannot be extracted: {e}"))?;
    let text = pages.join("\n");
    if text.chars().filter(|c| c.is_alphabetic()).count() < 20 {
        return Err(
            "the PDF has no text layer (a scan): run OCR on it first, or import the Word file"
                .into(),
        );
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

    #[test]
    fn column_gaps_fold() {
        assert_eq!(tidy_lines("A    B\n\n\n\nC"), "A B\n\nC\n");
    }
}
