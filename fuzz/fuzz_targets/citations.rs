//! Any text through the citation finder: no panic, spans inside the text on char
//! boundaries, in text order.
#![no_main]

use libfuzzer_sys::fuzz_target;
use vanban::citations::find_citations;

fuzz_target!(|text: &str| {
    let mut last = 0;
    for c in find_citations(text) {
        assert!(c.span.start <= c.span.end && c.span.end <= text.len());
        assert!(text.is_char_boundary(c.span.start) && text.is_char_boundary(c.span.end));
        assert!(c.span.start >= last, "citations out of order");
        last = c.span.start;
        assert!(!c.number.is_empty());
    }
});
