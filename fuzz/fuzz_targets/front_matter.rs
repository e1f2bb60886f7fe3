//! Any bytes as a content file: the loader must answer with a document or diagnostics that
//! name the file, never panic, and never publish a document that carries a secrecy mark.
#![no_main]

use std::path::Path;

use libfuzzer_sys::fuzz_target;
use vanban::content::{LoadOptions, parse_bytes};

fuzz_target!(|bytes: &[u8]| {
    let path = Path::new("content/fuzz.md");
    for drafts in [false, true] {
        let opts = LoadOptions {
            drafts,
            ..Default::default()
        };
        let (doc, diags) = parse_bytes(bytes, path, opts);
        assert!(diags.iter().all(|d| d.path == path));
        if let Some(doc) = doc {
            assert!(!diags.iter().any(|d| d.is_error()));
            assert!(drafts || !doc.draft, "a draft published without --drafts");
        }
    }
});
