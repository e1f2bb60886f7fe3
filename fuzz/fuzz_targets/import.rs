//! Any bytes as a file given to `vanban import`: .docx (zip), .doc (compound file), .pdf,
//! a saved web page, or text in any encoding, recognised as `vanban import` recognises them.
//! No panic, and what it writes is a content file the loader reads without a YAML error.
#![no_main]

use std::path::Path;

use libfuzzer_sys::fuzz_target;
use vanban::content::{LoadOptions, parse_bytes};
use vanban::import::{parse_text, read_bytes, to_markdown};

fuzz_target!(|bytes: &[u8]| {
    // The first byte picks the name, so that a page without `<html` is read as one too.
    let (name, bytes) = match bytes.split_first() {
        Some((b, rest)) if b % 4 == 0 => ("page.html", rest),
        Some((_, rest)) => ("file.txt", rest),
        None => return,
    };
    let Ok((text, _)) = read_bytes(bytes, Path::new(name)) else {
        return;
    };
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
