//! The windows of a text the finder scans: most of a body cites nothing, and a citation
//! needs one of two things a byte scan finds cheaply (SPEC §4, see the module comment of
//! `find`): a symbol, which always holds a slash before a part (`-CV/HU`, `/KH-UBND`,
//! `44/ CV/HU`), or a type word, "số" or "Số:" right before a bare number ("Quyết định
//! 217"). Around each such place, its *chain* (the run of chars a number list and symbol
//! can be made of) is widened to a window that gives the scan of the whole text's result
//! for the numbers in it:
//! - before, at least [`LEAD_RUNS`] runs of white space (the words `Scanner::lead` looks
//!   back over) and a clause end (relations are decided by the last relation word or
//!   clause end before a number, see `Scanner::relation_events`; a date and issuer written
//!   before a number are read only when its lead is within that clause);
//! - after, some runs of white space for the date and issuer. Their words are counted
//!   only loosely, so the scanner tells when it looked past a cut end, and the window is
//!   widened (`Windows::widen`) and scanned again.
//!
//! Windows start at a clause-end mark or where a run of white space starts, and end where
//! one starts: there the tokens and NFC segments of the window are those of the whole text.
//! A window starts where the whole scan is never inside a number list or symbol, after the
//! first token no chain can run through, which lies before the window's first chain.
//! Windows closer than that are one window, so lists never join across windows.

use std::ops::Range;
use std::sync::LazyLock;

use unicode_normalization::char::canonical_combining_class;

use super::{TYPE_WORDS, eq_lower};
use crate::vietnamese::{is_letter, is_nfc};

/// Runs of white space kept before a chain: `Scanner::lead` looks back over at most seven
/// ("Chương trình hành động số số: 12").
const LEAD_RUNS: usize = 8;

/// Runs of white space kept after the last chain of a window at first: enough for "ngày
/// 12/10/2018 của Ban Thường vụ Huyện ủy về", doubled when the scanner needs more.
const FIRST_RUNS_AFTER: usize = 16;

/// A part of the caller's text to scan.
pub(super) struct Window {
    pub(super) range: Range<usize>,
    /// End of the window's last chain: numbers from here on are not the window's.
    pub(super) stop: usize,
    /// Runs of white space kept after `stop`.
    runs_after: usize,
}

impl Window {
    /// The whole text as one window.
    #[cfg(test)]
    pub(super) fn whole(text: &str) -> Window {
        Window {
            range: 0..text.len(),
            stop: text.len(),
            runs_after: 0,
        }
    }
}

/// The windows of one text, in text order.
pub(super) struct Windows<'a> {
    text: &'a str,
    chains: Vec<Range<usize>>,
    /// Index of the first chain not in a window yet.
    next: usize,
    /// Where the window of `chains[next]` starts.
    next_start: usize,
}

impl<'a> Windows<'a> {
    pub(super) fn new(text: &'a str) -> Self {
        let chains = chains(text);
        let next_start = chains
            .first()
            .map_or(0, |c| window_start(text, c.start, 0).unwrap_or(0));
        Windows {
            text,
            chains,
            next: 0,
            next_start,
        }
    }

    pub(super) fn next_window(&mut self) -> Option<Window> {
        let chain = self.chains.get(self.next)?;
        let mut window = Window {
            range: self.next_start..self.next_start,
            stop: chain.end,
            runs_after: FIRST_RUNS_AFTER,
        };
        self.next += 1;
        self.close(&mut window);
        Some(window)
    }

    /// Keeps twice as much text after the window's last chain, for a scan that looked past it.
    pub(super) fn widen(&mut self, window: &mut Window) {
        window.runs_after = window.runs_after.saturating_mul(2);
        self.close(window);
    }

    /// Sets the window's end, taking in the chains whose windows would start before it.
    fn close(&mut self, window: &mut Window) {
        loop {
            window.range.end = after_runs(self.text, window.stop, window.runs_after);
            let Some(chain) = self.chains.get(self.next) else {
                return;
            };
            match window_start(self.text, chain.start, window.range.end) {
                Some(start) => {
                    self.next_start = start;
                    return;
                }
                None => {
                    window.stop = chain.end;
                    self.next += 1;
                }
            }
        }
    }
}

/// Whether a number list or symbol may hold `c` of the caller's text: the chars of digit
/// runs, parts (with Ư), commas, dashes, slashes, dots and white space within a line, and
/// the Kelvin sign, which is a K in NFC.
fn in_chain(c: char) -> bool {
    c.is_ascii_alphanumeric()
        || matches!(
            c,
            ',' | '-' | '/' | '.' | '–' | '—' | 'Đ' | 'đ' | 'Ư' | '\u{212a}'
        )
        || (c.is_whitespace() && c != '\n')
}

/// The chains holding a slash before a part or a number after a lead word, in text order.
fn chains(text: &str) -> Vec<Range<usize>> {
    let b = text.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    while let Some(k) = slash_or_digit(&b[i..]) {
        let at = i + k;
        let (found, past) = if b[at] == b'/' {
            (slash_before_part(text, at), at + 1)
        } else {
            // The scan goes from run to run, so `at` starts a run of digits.
            let run = b[at..].iter().take_while(|c| c.is_ascii_digit()).count();
            (after_lead_word(text, at), at + run)
        };
        if found {
            let chain = chain_around(text, at);
            i = chain.end.max(past);
            out.push(chain);
        } else {
            i = past;
        }
    }
    out
}

/// The first slash or digit in `b`. Nearly every byte of a body is neither, so blocks of
/// bytes are tested at once ('/' and the digits are neighbours in ASCII).
fn slash_or_digit(b: &[u8]) -> Option<usize> {
    const BLOCK: usize = 32;
    let hit = |c: u8| c.wrapping_sub(b'/') <= b'9' - b'/';
    let mut skipped = 0;
    for block in b.chunks_exact(BLOCK) {
        // No early exit inside a block, so that it compiles to vector compares.
        if block.iter().fold(false, |any, &c| any | hit(c)) {
            break;
        }
        skipped += BLOCK;
    }
    b[skipped..]
        .iter()
        .position(|&c| hit(c))
        .map(|k| skipped + k)
}

/// A slash followed, after any white space, by what may start a part (a capital, or a
/// char that NFC may make one, which is any non-ASCII char here).
fn slash_before_part(text: &str, at: usize) -> bool {
    text[at + 1..]
        .chars()
        .find(|c| !c.is_whitespace())
        .is_some_and(|c| c.is_ascii_uppercase() || !c.is_ascii())
}

/// Last words of the type phrases, and "số" or "sô": what `Scanner::lead` needs right before
/// a bare number (after one run of white space) for it to be a citation. Grouped by length in
/// bytes, which `eq_lower` needs equal: the word before every run of digits of a body is
/// compared with the few of its own length.
static LEAD_WORDS: LazyLock<Vec<Vec<&'static str>>> = LazyLock::new(|| {
    let mut words: Vec<&str> = TYPE_WORDS
        .iter()
        .filter_map(|(phrase, _)| phrase.last().copied())
        .chain(["số", "sô"])
        .collect();
    words.sort_unstable();
    words.dedup();
    let mut by_len: Vec<Vec<&str>> = Vec::new();
    for w in words {
        if by_len.len() <= w.len() {
            by_len.resize(w.len() + 1, Vec::new());
        }
        by_len[w.len()].push(w);
    }
    by_len
});

/// A char that does not start an NFC segment (see `NfcText`).
pub(super) fn is_mark(c: char) -> bool {
    !c.is_ascii() && canonical_combining_class(c) != 0
}

/// Whether the run of digits at `at` may follow a lead word or "Số:".
fn after_lead_word(text: &str, at: usize) -> bool {
    let before = &text[..at];
    let trimmed = before.trim_end_matches(char::is_whitespace);
    if trimmed.ends_with(':') {
        return true;
    }
    if trimmed.len() == before.len() {
        // Digits right after a letter are one token with it; after anything else they have
        // no word before them.
        return false;
    }
    let word_start = trimmed
        .trim_end_matches(|c: char| is_letter(c) || c.is_numeric() || is_mark(c))
        .len();
    let run = &trimmed[word_start..];
    if !is_nfc(run) {
        // Compared in NFC by the scanner; rare enough to be scanned.
        return true;
    }
    // In NFC text a mark left uncomposed is a token of its own.
    let word = run.rsplit(is_mark).next().unwrap_or_default();
    LEAD_WORDS
        .get(word.len())
        .is_some_and(|same_len| same_len.iter().any(|w| eq_lower(word, w)))
}

/// The chars around byte `at` that a number list or symbol may hold.
fn chain_around(text: &str, at: usize) -> Range<usize> {
    let start = text[..at]
        .char_indices()
        .rev()
        .find(|&(_, c)| !in_chain(c))
        .map_or(0, |(i, c)| i + c.len_utf8());
    let end = text[at..]
        .char_indices()
        .find(|&(_, c)| !in_chain(c))
        .map_or(text.len(), |(i, _)| at + i);
    start..end
}

/// Where the window of the chain starting at `chain_start` starts: before [`LEAD_RUNS`] runs
/// of white space and a clause end, at one of them. None when that is not after `floor`,
/// the end of the window before, which then takes the chain in; the text's start is the
/// start when `floor` is 0.
fn window_start(text: &str, chain_start: usize, floor: usize) -> Option<usize> {
    let mut runs = 0;
    let mut lead_start = None;
    let mut clause_end = None;
    let mut next = text[chain_start..].chars().next();
    let mut run: Option<(usize, usize)> = None;
    for (i, c) in text[floor.min(chain_start)..chain_start]
        .char_indices()
        .rev()
    {
        let i = i + floor.min(chain_start);
        if c.is_whitespace() {
            let newlines = run.map_or(0, |(_, n)| n) + usize::from(c == '\n');
            run = Some((i, newlines));
        } else {
            if let Some((start, newlines)) = run.take() {
                // A non-space before it: the run starts at `start`.
                runs += 1;
                if runs == LEAD_RUNS {
                    lead_start = Some(start);
                }
                if newlines >= 2 {
                    clause_end = clause_end.or(Some(start));
                }
            }
            // The clause ends of `Scanner::relation_events`; a '.' only when the next char
            // is sure to be a space or a mark in NFC too.
            let ends = matches!(c, ';' | '!' | '?')
                || (c == '.' && next.is_none_or(|n| n.is_ascii() && !n.is_ascii_alphanumeric()));
            if ends {
                clause_end = clause_end.or(Some(i));
            }
        }
        if let (Some(a), Some(b)) = (lead_start, clause_end) {
            return Some(a.min(b));
        }
        next = Some(c);
    }
    (floor == 0).then_some(0)
}

/// Where the run of white space starts that follows `runs` whole runs after byte `from`, or
/// the text's end.
fn after_runs(text: &str, from: usize, runs: usize) -> usize {
    let mut in_space = text[..from]
        .chars()
        .next_back()
        .is_some_and(char::is_whitespace);
    let mut seen = 0;
    for (i, c) in text[from..].char_indices() {
        let space = c.is_whitespace();
        if space && !in_space {
            if seen == runs {
                return from + i;
            }
            seen += 1;
        }
        in_space = space;
    }
    text.len()
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;
    use unicode_normalization::UnicodeNormalization;

    fn all_chars() -> impl Iterator<Item = char> {
        (0..=0x10ffff).filter_map(char::from_u32)
    }

    #[test]
    fn nfc_makes_no_chain_char_out_of_another_char() {
        for c in all_chars().filter(|&c| !in_chain(c)) {
            let nfc: String = c.to_string().nfc().collect();
            assert!(!nfc.chars().any(in_chain), "{c:?} → {nfc:?}");
        }
    }

    #[test]
    fn nfc_makes_no_slash_or_clause_end_out_of_another_char_but_the_greek_question_mark() {
        // `window_start` only needs to find some clause end, and U+037E is ';' in NFC: it
        // is an extra one that windows then hold, never a missing one.
        for c in all_chars().filter(|c| !matches!(c, '/' | ';' | '.' | '!' | '?' | '\u{37e}')) {
            let nfc: String = c.to_string().nfc().collect();
            assert!(!nfc.contains(['/', ';', '.', '!', '?']), "{c:?} → {nfc:?}");
        }
    }

    #[test]
    fn lead_words_are_the_last_words_of_the_type_phrases_and_so() {
        for w in ["số", "định", "tịch", "động", "luật", "bản", "văn"] {
            assert!(LEAD_WORDS[w.len()].contains(&w), "{w}");
        }
        // At the last run of digits.
        let lead = |s: &str| {
            let at = s.char_indices().rev().find(|(_, c)| !c.is_ascii_digit());
            after_lead_word(s, at.map_or(0, |(i, c)| i + c.len_utf8()))
        };
        assert!(lead("Quyết định 217"));
        assert!(lead("QUYẾT ĐỊNH\n217"));
        assert!(lead("Số: 44"));
        assert!(lead("Số:44"));
        assert!(lead(&"Thông báo số 50".nfd().collect::<String>()));
        assert!(!lead("năm 2019"));
        assert!(!lead("QĐ217"));
        assert!(!lead("12/10"));
    }

    #[test]
    fn a_body_without_citations_has_no_window() {
        let text =
            "Ngày 12/10/2018, các cơ quan, đơn vị làm việc 6 tháng đầu năm 2019 (đạt 27,1%).";
        assert!(Windows::new(text).next_window().is_none());
    }

    #[test]
    fn windows_hold_the_lead_and_clause_end_before_and_skip_the_rest() {
        let filler = "các cơ quan, đơn vị và Ban Thường vụ Huyện ủy. ".repeat(50);
        let text = format!("{filler}Thực hiện Công văn số 1-CV/HU ngày 01/01/2019. {filler}");
        let mut windows = Windows::new(&text);
        let w = windows.next_window().expect("a window");
        assert!(windows.next_window().is_none());
        let held = &text[w.range.clone()];
        assert!(
            held.contains("Huyện ủy. Thực hiện Công văn số 1-CV/HU ngày"),
            "{held}"
        );
        assert!(held.len() < text.len() / 10, "{held}");
    }

    proptest! {
        #[test]
        fn slash_or_digit_is_the_first_one(bytes in prop::collection::vec(any::<u8>(), 0..200)) {
            let want = bytes.iter().position(|&c| c == b'/' || c.is_ascii_digit());
            prop_assert_eq!(slash_or_digit(&bytes), want);
        }
    }
}
