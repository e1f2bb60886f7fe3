//! Splitting Vietnamese text into search terms. `search.js` implements the same rules (a test
//! compares both on tricky input), because the index is only useful if the browser cuts a
//! query exactly as the build cut the documents.

use rustc_hash::FxHashMap;

use crate::vietnamese::{fold, nfc_cow};
use unicode_normalization::UnicodeNormalization;
use unicode_normalization::char::is_combining_mark;

/// Words longer than this are noise (URLs, base64, runs of dashes) and are not indexed.
pub const MAX_WORD_CHARS: usize = 30;

/// The five tone marks as combining characters: huyền, sắc, ngã, hỏi, nặng.
const TONES: [char; 5] = ['\u{300}', '\u{301}', '\u{303}', '\u{309}', '\u{323}'];

/// One syllable or word as the index sees it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Word {
    /// Lowercase, no diacritics, đ → d, leading zeros of a number dropped: the key a query
    /// typed without Telex finds (`uy`, `dan`, `7`).
    pub folded: String,
    /// Lowercase NFD with the tone mark moved to the end, so `ủy` and `uỷ` are one form while
    /// `dân` and `dẫn` stay apart: used to rank exact-diacritic matches first.
    pub exact: String,
    /// True when only white space separates this word from the previous one, so the two form
    /// a phrase (bigram) worth indexing.
    pub follows: bool,
}

/// A text cut into words and compound symbols.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Tokens {
    pub words: Vec<Word>,
    /// Document-number-like chains (`224-TB/BDVTU` → `224tbbdvtu`): words joined by a single
    /// `-` or `/` holding both a digit and a letter. Dates (`11/11/2018`) have no letter.
    pub compounds: Vec<String>,
}

/// Letters, digits and combining marks make words; everything else separates them. The JS
/// side uses `[\p{Alphabetic}\p{N}\p{M}]`, the same set.
#[inline]
pub fn is_word_char(c: char) -> bool {
    match c {
        'a'..='z' | 'A'..='Z' | '0'..='9' => true,
        // White space and ASCII punctuation, most of what separates words, skip the tables.
        '\0'..='\u{7f}' => false,
        _ => crate::vietnamese::is_letter(c) || c.is_numeric() || is_combining_mark(c),
    }
}

/// The folded key of one word: see [`Word::folded`].
pub fn fold_word(word: &str) -> String {
    let f = fold(word);
    if !f.is_empty() && f.bytes().all(|b| b.is_ascii_digit()) {
        let t = f.trim_start_matches('0');
        if t.is_empty() { "0".into() } else { t.into() }
    } else {
        f
    }
}

/// The exact key of one (lowercase) word: see [`Word::exact`]. The same as
/// `vietnamese::identity_key` for a single word.
pub fn exact_word(word: &str) -> String {
    let mut out = String::with_capacity(word.len() + 4);
    let mut tones = String::new();
    for c in word.nfd() {
        if TONES.contains(&c) {
            tones.push(c);
        } else {
            out.push(c);
        }
    }
    out.push_str(&tones);
    out
}

/// The bigram key of two adjacent words: folded forms joined by one space.
pub fn bigram(a: &str, b: &str) -> String {
    format!("{a} {b}")
}

/// Cuts a text into words and compounds (NFC first, so NFD input from Word cuts alike).
pub fn tokenize(text: &str) -> Tokens {
    Tokenizer::default().tokenize(text)
}

/// A tokenizer that remembers the keys of words it has seen: an archive repeats a few
/// thousand syllables millions of times, and normalising each occurrence would dominate the
/// build. Each distinct word gets a dense id, so that the index builder can cache what it
/// derives from a word in an array instead of hashing the word again.
#[derive(Default)]
pub struct Tokenizer {
    /// Lowercase word → its id, an index into `words`.
    ids: FxHashMap<String, u32>,
    /// Folded and exact keys per word id.
    words: Vec<(String, String)>,
    /// The current chain of words joined by single `-`/`/`: folded forms run together.
    chain: String,
    chain_words: usize,
}

/// One word as [`Tokenizer::scan`] hands it out, borrowed: see [`Word`].
pub struct WordRef<'a> {
    /// The word's id in this tokenizer: equal ids, equal keys.
    pub id: u32,
    pub folded: &'a str,
    pub exact: &'a str,
    pub follows: bool,
}

/// What [`Tokenizer::scan`] finds, in text order.
pub enum Token<'a> {
    Word(WordRef<'a>),
    /// See [`Tokens::compounds`]; handed out when its chain ends.
    Compound(&'a str),
}

impl Tokenizer {
    /// See [`tokenize`].
    pub fn tokenize(&mut self, text: &str) -> Tokens {
        let mut out = Tokens::default();
        self.scan(text, |t| match t {
            Token::Word(w) => out.words.push(Word {
                folded: w.folded.to_owned(),
                exact: w.exact.to_owned(),
                follows: w.follows,
            }),
            Token::Compound(c) => out.compounds.push(c.to_owned()),
        });
        out
    }

    /// The id of a word of [`is_word_char`]s, or None for one that is no word: marks with no
    /// letter to sit on (the fuzzer found them), which are a gap, and junk longer than
    /// [`MAX_WORD_CHARS`]. Only words are remembered, so the checks run once per word.
    fn word_id(&mut self, word: &str) -> Option<u32> {
        if let Some(&id) = self.ids.get(word) {
            return Some(id);
        }
        if word.chars().all(is_combining_mark) || word.chars().count() > MAX_WORD_CHARS {
            return None;
        }
        let keys = if word.is_ascii() && !word.starts_with('0') {
            // Lowercase ASCII folds to itself (leading zeros aside).
            (word.to_owned(), word.to_owned())
        } else if word.is_ascii() {
            (fold_word(word), word.to_owned())
        } else {
            (fold_word(word), exact_word(word))
        };
        let id = self.words.len() as u32;
        self.words.push(keys);
        self.ids.insert(word.to_owned(), id);
        Some(id)
    }

    /// Cuts `text` like [`tokenize`], handing out each word and compound without allocating
    /// for it: the index builder's path.
    pub fn scan(&mut self, text: &str, mut f: impl FnMut(Token<'_>)) {
        let text = nfc_cow(text);
        let lower = crate::vietnamese::lowercase(&text);
        self.chain.clear();
        self.chain_words = 0;
        // The separators since the last word: whether there were any, whether all were
        // white space, and whether they were exactly one `-` or `/`.
        let mut gap_len = 0;
        let mut gap_space = true;
        let mut gap_joins = false;
        let mut have_word = false;
        let mut chars = lower.char_indices().peekable();
        while let Some((start, c)) = chars.next() {
            if !is_word_char(c) {
                gap_len += 1;
                gap_space &= c.is_whitespace();
                gap_joins = gap_len == 1 && (c == '-' || c == '/');
                continue;
            }
            let mut end = start + c.len_utf8();
            while let Some(&(i, d)) = chars.peek() {
                if !is_word_char(d) {
                    break;
                }
                end = i + d.len_utf8();
                chars.next();
            }
            let word = &lower[start..end];
            let Some(id) = self.word_id(word) else {
                if word.chars().all(is_combining_mark) {
                    gap_len += word.chars().count();
                    gap_space = false;
                    gap_joins = false;
                } else {
                    // Junk: it ends any chain and any phrase.
                    self.flush_chain(&mut f);
                    have_word = false;
                    gap_len = 0;
                    gap_space = true;
                    gap_joins = false;
                }
                continue;
            };
            let joined = gap_joins;
            let follows = have_word && gap_len > 0 && gap_space;
            if !(have_word && joined) {
                self.flush_chain(&mut f);
            }
            gap_len = 0;
            gap_space = true;
            gap_joins = false;
            let (folded, exact) = &self.words[id as usize];
            self.chain.push_str(folded);
            self.chain_words += 1;
            f(Token::Word(WordRef {
                id,
                folded,
                exact,
                follows,
            }));
            have_word = true;
        }
        self.flush_chain(&mut f);
    }

    fn flush_chain(&mut self, f: &mut impl FnMut(Token<'_>)) {
        if self.chain_words >= 2 {
            let digit = self.chain.bytes().any(|b| b.is_ascii_digit());
            let letter = self.chain.chars().any(|c| !c.is_ascii_digit());
            if digit && letter {
                f(Token::Compound(&self.chain));
            }
        }
        self.chain.clear();
        self.chain_words = 0;
    }
}

/// The key of a document number as a whole (`Số 224 - TB/BDVTU` → `224tbbdvtu`): all its
/// folded words run together, so any spacing or separator finds it.
pub fn number_term(number: &str) -> Option<String> {
    let tidy = crate::number::tidy(number);
    let words = tokenize(&tidy).words;
    if words.is_empty() {
        return None;
    }
    Some(words.iter().map(|w| w.folded.as_str()).collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn folded(t: &Tokens) -> Vec<&str> {
        t.words.iter().map(|w| w.folded.as_str()).collect()
    }

    #[test]
    fn nfc_and_nfd_input_cut_alike() {
        let s = "Huyện ủy Hón Quản";
        let nfd: String = s.nfd().collect();
        assert_eq!(tokenize(s), tokenize(&nfd));
        assert_eq!(folded(&tokenize(s)), ["huyen", "uy", "hon", "quan"]);
    }

    #[test]
    fn tone_placement_and_case_do_not_matter_for_exact() {
        let a = tokenize("Huyện ủy");
        let b = tokenize("HUYỆN UỶ");
        assert_eq!(a, b);
        assert_eq!(exact_word("hòa"), exact_word("hoà"));
        assert_ne!(exact_word("hòa"), exact_word("hóa"));
        assert_ne!(exact_word("dân"), exact_word("dẫn"));
        assert_eq!(fold_word("dân"), fold_word("dẫn"));
    }

    #[test]
    fn d_stroke_folds_to_d() {
        let t = tokenize("Đảng bộ ĐOÀN");
        assert_eq!(folded(&t), ["dang", "bo", "doan"]);
        assert_ne!(t.words[0].exact, "dang");
    }

    #[test]
    fn numbers_are_one_token_plus_parts() {
        let t = tokenize("Thông báo 224-TB/BDVTU ngày 12/10/2018, số 07/KH-UBND");
        assert_eq!(t.compounds, ["224tbbdvtu", "7khubnd"]);
        assert!(folded(&t).contains(&"224"));
        assert!(folded(&t).contains(&"bdvtu"));
        assert!(folded(&t).contains(&"7"));
        assert_eq!(
            number_term("Số 224 -TB/BDVTU").as_deref(),
            Some("224tbbdvtu")
        );
        assert_eq!(number_term("224-tb/bdvtu"), number_term("224 TB BDVTU"));
        assert_eq!(number_term("217,218-QĐ/TW").as_deref(), Some("217218qdtw"));
        assert_eq!(number_term(""), None);
    }

    #[test]
    fn bigrams_only_across_white_space() {
        let t = tokenize("Dân vận khéo, phong trào");
        let follows: Vec<bool> = t.words.iter().map(|w| w.follows).collect();
        assert_eq!(follows, [false, true, true, false, true]);
        assert_eq!(bigram("dan", "van"), "dan van");
    }

    #[test]
    fn word_chars_are_letters_numbers_and_marks() {
        for c in (0..0x3000).filter_map(char::from_u32) {
            let unicode = c.is_alphabetic() || c.is_numeric() || is_combining_mark(c);
            assert_eq!(is_word_char(c), unicode, "{c:?}");
        }
    }

    #[test]
    fn long_junk_is_skipped() {
        let t = tokenize(&format!("a {} b", "x".repeat(40)));
        assert_eq!(folded(&t), ["a", "b"]);
        assert!(!t.words[1].follows, "no phrase across skipped junk");
    }
}
