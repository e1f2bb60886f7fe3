//! Any text through the search tokenizer and query parser: no panic, no empty term.
#![no_main]

use libfuzzer_sys::fuzz_target;
use vanban::search::query_terms;
use vanban::search::tokenize;

fuzz_target!(|text: &str| {
    let _ = tokenize(text);
    for term in query_terms(text) {
        assert!(!term.is_empty(), "empty query term from {text:?}");
    }
});
