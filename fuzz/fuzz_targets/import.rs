//! Any bytes as a file given to `vanban import`: a .docx (zip) or text in any encoding. No
//! panic, and what it writes is a content file the loader reads without a YAML error.
#![no_main]

use std::path::Path;

use libfuzzer_sys::fuzz_target;
use vanban::content::{LoadOptions, parse_bytes};
use vanban::import::{decode_text, parse_text, read_docx, to_markdown};

fuzz_target!(|bytes: &[u8]| {
    let text = if bytes.starts_with(b"PK") {
        read_docx(bytes).ok().map(|(t, _)| t)
    } else {
        decode_text(bytes).ok().map(|(t, _)| t)
    };
    let Some(text) = text else { return };
    let markdown = to_markdown(&parse_text(&text));
    let (_, diags) = parse_bytes(
        markdown.as_bytes(),
        Path::new("content/x.md"),
        LoadOptions::default(),
    );
    for d in &diags {
        assert!(
            !d.message.contains("invalid YAML") && !d.message.contains("front matter"),
            "import wrote a file the loader cannot split or parse: {d}\n{markdown}"
        );
    }
});
