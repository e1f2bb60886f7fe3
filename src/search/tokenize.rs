//! Splitting Vietnamese text into search terms. `search.js` implements the same rules (a test
//! compares both on tricky input), because the index is only useful if the browser cuts a
//! query exactly as the build cut the documents.

use std::ops::Range;

use rustc_hash::FxHashMap;

use crate::ids::{IdVec, WordId};
use crate::vietnamese::{fold, is_nfc_fast, nfc_cow};
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
///
/// Words are remembered as the text spells them (case kept), so a word seen before costs a
/// byte scan and one hash lookup: no lowercasing, no copy. That cuts like lowercasing the
/// text first because lowercasing never turns a word char into a separator or the other
/// way round, and changes no separator (a test checks every code point); the one char whose
/// lowercase depends on its neighbours, `Σ`, sends the text down the lowercase-first path.
#[derive(Default)]
pub struct Tokenizer {
    /// Words of up to 16 bytes, packed into an integer (no word holds a NUL byte), → id.
    short: FxHashMap<u128, WordId>,
    /// Recently seen short words, tried before `short`.
    recent: WordCache,
    /// Longer words → id.
    long: FxHashMap<Box<str>, WordId>,
    /// Folded and exact keys per word id.
    words: IdVec<WordId, (String, String)>,
    /// The current text's tokens, handed out once the whole text is cut: a text found not to
    /// be NFC halfway is cut again from its start.
    events: Vec<Event>,
    /// The current text's compounds, which `events` refer to by byte range.
    compounds: String,
    /// Where the current chain of words joined by single `-`/`/` starts in `events`, and its
    /// length in words.
    chain_start: usize,
    chain_words: usize,
}

/// Short words and their ids, direct-mapped by a hash of the packed word: a hit costs a
/// multiply and a compare, where the `short` map costs a probe, and a text repeats a few
/// thousand words millions of times. An empty slot holds 0, which no word packs to. Made
/// at the first text scanned, so that a default tokenizer costs nothing: the index builder
/// leaves one in its own place while it lends its tokenizer to a text.
#[derive(Default)]
struct WordCache(Vec<(u128, WordId)>);

/// The cache has `1 << WORD_CACHE_BITS` slots (32 bytes each).
const WORD_CACHE_BITS: u32 = 12;

impl WordCache {
    /// Fibonacci hashing of both halves of the packed word.
    #[inline(always)]
    fn slot(packed: u128) -> usize {
        let folded = packed as u64 ^ (packed >> 64) as u64;
        (folded.wrapping_mul(0x9e37_79b9_7f4a_7c15) >> (64 - WORD_CACHE_BITS)) as usize
    }
}

/// One word as [`Tokenizer::scan`] hands it out, borrowed: see [`Word`].
pub struct WordRef<'a> {
    /// The word's id in this tokenizer: equal ids, equal keys.
    pub id: WordId,
    pub folded: &'a str,
    pub exact: &'a str,
    pub follows: bool,
    /// Where the word is in the text that was cut (see [`Cut`]), in bytes.
    pub start: u32,
    pub end: u32,
}

/// Which text the byte ranges of a [`Tokenizer::scan`] refer to.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Cut {
    /// The text as given (nearly always).
    Given,
    /// Its NFC form: the text given was not NFC.
    Nfc,
    /// Its NFC form lowercased: it held a `Σ`.
    Lower,
}

/// What [`Tokenizer::scan`] finds, in text order.
pub enum Token<'a> {
    Word(WordRef<'a>),
    /// See [`Tokens::compounds`]; handed out when its chain ends.
    Compound(&'a str),
}

#[derive(Clone, Copy)]
enum Event {
    Word {
        id: WordId,
        follows: bool,
        start: u32,
        end: u32,
    },
    Compound {
        start: u32,
        end: u32,
    },
}

/// How [`Tokenizer::cut`] reads its text.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Pass {
    /// Text as given: checked for NFC on the way, words remembered as spelled.
    Raw,
    /// Text known to be NFC and free of `Σ`.
    Nfc,
    /// Text already NFC and lowercased as a whole.
    Lower,
}

/// Why [`Tokenizer::cut`] gave up on a text, to be cut again after normalising.
enum Restart {
    NotNfc,
    Sigma,
}

/// What a run of word chars turns out to be.
enum Kind {
    Word(WordId),
    /// Only combining marks, this many chars: a gap.
    Marks(usize),
    /// Longer than [`MAX_WORD_CHARS`].
    Junk,
}

/// The separators since the last word.
struct Gap {
    /// Separator chars since the last word.
    len: usize,
    /// All of them white space.
    space: bool,
    /// Exactly one `-` or `/`.
    joins: bool,
    /// A word came before (since the start or the last junk).
    have_word: bool,
}

impl Gap {
    #[inline]
    fn separator(&mut self, space: bool, join: bool) {
        self.len += 1;
        self.space &= space;
        self.joins = self.len == 1 && join;
    }

    fn reset(&mut self) {
        self.len = 0;
        self.space = true;
        self.joins = false;
    }
}

/// [`BYTE_CLASS`] bit: an ASCII letter or digit.
const WORD_BYTE: u8 = 1;
/// [`BYTE_CLASS`] bit: ASCII white space (what `char::is_whitespace` says of it).
const SPACE_BYTE: u8 = 2;
/// [`BYTE_CLASS`] bit: `-` or `/`, which join the words of a document number.
const JOIN_BYTE: u8 = 4;

/// What the scan needs to know of a byte, in one load: ASCII bytes by [`WORD_BYTE`],
/// [`SPACE_BYTE`] and [`JOIN_BYTE`]; bytes of wider chars have no bit and are decoded.
static BYTE_CLASS: [u8; 256] = {
    let mut class = [0u8; 256];
    let mut x = 0;
    while x < 0x80 {
        let b = x as u8;
        class[x] = if b.is_ascii_alphanumeric() {
            WORD_BYTE
        } else if b.is_ascii_whitespace() || b == 0x0b {
            SPACE_BYTE
        } else if b == b'-' || b == b'/' {
            JOIN_BYTE
        } else {
            0
        };
        x += 1;
    }
    class
};

/// The char starting at byte `i` of `b` (valid UTF-8, `b[i]` a lead byte ≥ 0x80) and its
/// width: decoded by hand because the scan reads bytes and `str::chars` would start over.
#[inline]
fn decode(b: &[u8], i: usize) -> (char, usize) {
    let x = u32::from(b[i]);
    let cont = |k: usize| u32::from(b[i + k] & 0x3f);
    let (u, w) = if x < 0xe0 {
        ((x & 0x1f) << 6 | cont(1), 2)
    } else if x < 0xf0 {
        ((x & 0x0f) << 12 | cont(1) << 6 | cont(2), 3)
    } else {
        ((x & 0x07) << 18 | cont(1) << 12 | cont(2) << 6 | cont(3), 4)
    };
    (char::from_u32(u).expect("valid UTF-8"), w)
}

/// The word `b[start..end]`, if it has 1 to 16 bytes, as an integer, zero-padded: no word
/// holds a NUL byte. Read as one 16-byte load, masked, where the text has 16 bytes from
/// `start`: a copy of the word's own length would cost a `memcpy` call per word.
#[inline]
fn pack(b: &[u8], start: usize, end: usize) -> Option<u128> {
    let len = end - start;
    if len > 16 {
        return None;
    }
    /// Per length, the mask that keeps that many low bytes.
    const KEEP: [u128; 17] = {
        let mut keep = [0u128; 17];
        let mut n = 1;
        while n <= 16 {
            keep[n] = u128::MAX >> (8 * (16 - n));
            n += 1;
        }
        keep
    };
    let v = match b.get(start..start + 16) {
        Some(window) => u128::from_le_bytes(window.try_into().expect("16 bytes")),
        None => {
            let mut packed = [0u8; 16];
            packed[..len].copy_from_slice(&b[start..end]);
            u128::from_le_bytes(packed)
        }
    };
    Some(v & KEEP[len])
}

/// The width of the char at byte `i` of `b` if it is one of the letters that make most
/// non-ASCII Vietnamese text, told from its first two bytes without decoding: U+00C0–U+023F
/// but × and ÷, and U+1E00–U+1EFF. All are word chars, NFC-fast and not `Σ`.
#[inline]
fn latin_letter(b: &[u8], i: usize) -> Option<usize> {
    match b[i] {
        0xc3 => (b[i + 1] != 0x97 && b[i + 1] != 0xb7).then_some(2),
        0xc4..=0xc8 => Some(2),
        0xe1 if (0xb8..=0xbb).contains(&b[i + 1]) => Some(3),
        _ => None,
    }
}

/// How far the word starting at byte `start` of `b` runs on chars the scan takes without
/// decoding (ASCII letters and digits, [`latin_letter`]s), read 16 bytes at once: where it
/// stops, the byte-at-a-time loop goes on. That loop's branches follow the text's mix of
/// one- and many-byte chars, which no predictor learns; this reads a syllable in one go.
/// Returns a char boundary, `start` itself where fewer than 16 bytes are left.
#[cfg(all(target_arch = "x86_64", target_feature = "sse2"))]
#[target_feature(enable = "sse2")]
fn fast_word_end(b: &[u8], start: usize) -> usize {
    use std::arch::x86_64::*;
    /// The 16 bytes' lanes that hold `x`.
    macro_rules! is {
        ($v:expr, $x:expr) => {
            _mm_cmpeq_epi8($v, _mm_set1_epi8(($x as u8) as i8))
        };
    }
    /// The lanes that hold `lo..=hi`. Compares are signed: bytes of 0x80 and above are
    /// negative, below every ASCII byte.
    macro_rules! within {
        ($v:expr, $lo:expr, $hi:expr) => {
            _mm_and_si128(
                _mm_cmpgt_epi8($v, _mm_set1_epi8(($lo as u8).wrapping_sub(1) as i8)),
                _mm_cmplt_epi8($v, _mm_set1_epi8(($hi as u8).wrapping_add(1) as i8)),
            )
        };
    }
    let Some(window) = b.get(start..start + 16) else {
        return start;
    };
    let half = |h: &[u8]| u64::from_le_bytes(h.try_into().expect("8 bytes")) as i64;
    let v = _mm_set_epi64x(half(&window[8..]), half(&window[..8]));
    let alnum = _mm_or_si128(
        within!(v, b'0', b'9'),
        within!(_mm_or_si128(v, _mm_set1_epi8(0x20)), b'a', b'z'),
    );
    let ascii = _mm_cmpgt_epi8(v, _mm_set1_epi8(-1));
    let separator = _mm_andnot_si128(alnum, ascii);
    // Any lead byte but a latin letter's stops the scan. U+00C0–U+023F start with C3–C8,
    // U+1E00–U+1EFF with E1 and a second byte of B8–BB.
    let latin_lead = _mm_or_si128(within!(v, 0xc3, 0xc8), is!(v, 0xe1));
    let other_lead = _mm_andnot_si128(latin_lead, within!(v, 0xc0, 0xff));
    // Second bytes that make a latin lead something else: × and ÷ (C3 97, C3 B7), and E1
    // outside B8–BB. The byte before each byte, the first's is 0.
    let before = _mm_slli_si128::<1>(v);
    let bad_second = _mm_or_si128(
        _mm_and_si128(is!(before, 0xc3), _mm_or_si128(is!(v, 0x97), is!(v, 0xb7))),
        _mm_andnot_si128(within!(v, 0xb8, 0xbb), is!(before, 0xe1)),
    );
    // A bad second byte stops the scan at its lead.
    let stops = _mm_movemask_epi8(_mm_or_si128(separator, other_lead)) as u32
        | (_mm_movemask_epi8(bad_second) as u32) >> 1;
    if stops != 0 {
        return start + stops.trailing_zeros() as usize;
    }
    // All 16 bytes are word chars: stop at the last char that starts in the window.
    let mut end = start + 16;
    while b.get(end).is_some_and(|&x| x & 0xc0 == 0x80) {
        end -= 1;
    }
    end
}

/// [`fast_word_end`] where there is no vector scan: the byte loop does it all.
#[cfg(not(all(target_arch = "x86_64", target_feature = "sse2")))]
#[inline]
fn fast_word_end(_: &[u8], start: usize) -> usize {
    start
}

/// The start of the char that ends just before byte `i` of `b` (valid UTF-8, `i > 0`).
#[inline]
fn char_before(b: &[u8], i: usize) -> usize {
    let mut p = i - 1;
    while b[p] & 0xc0 == 0x80 {
        p -= 1;
    }
    p
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

    /// Cuts `text` like [`tokenize`], handing out each word and compound without allocating
    /// for it: the index builder's path. Text that is NFC and has no `Σ`, as nearly all is,
    /// is read once; the NFC check rides along the scan. Returns which text the words' byte
    /// ranges refer to.
    pub fn scan(&mut self, text: &str, mut f: impl FnMut(Token<'_>)) -> Cut {
        if self.recent.0.is_empty() {
            self.recent.0 = vec![(0, WordId::new(0)); 1 << WORD_CACHE_BITS];
        }
        let mut cut = Cut::Given;
        if self.cut(text, Pass::Raw).is_err() {
            let nfc = nfc_cow(text);
            if nfc.contains('Σ') {
                let lower = crate::vietnamese::lowercase(&nfc);
                let done = self.cut(&lower, Pass::Lower);
                debug_assert!(done.is_ok());
                cut = Cut::Lower;
            } else {
                let done = self.cut(&nfc, Pass::Nfc);
                debug_assert!(done.is_ok());
                cut = Cut::Nfc;
            }
        }
        let Tokenizer {
            events,
            words,
            compounds,
            ..
        } = self;
        for e in events.iter() {
            match *e {
                Event::Word {
                    id,
                    follows,
                    start,
                    end,
                } => {
                    let (folded, exact) = &words[id];
                    f(Token::Word(WordRef {
                        id,
                        folded,
                        exact,
                        follows,
                        start,
                        end,
                    }));
                }
                Event::Compound { start, end } => {
                    f(Token::Compound(&compounds[start as usize..end as usize]));
                }
            }
        }
        cut
    }

    /// Cuts `text` into `events`, or gives up (with `events` in any state) when the text
    /// must be normalised first: not NFC, or holding a `Σ`. Word chars and separators are
    /// told apart on the bytes, ASCII without decoding.
    fn cut(&mut self, text: &str, pass: Pass) -> Result<(), Restart> {
        self.events.clear();
        self.compounds.clear();
        self.chain_words = 0;
        let b = text.as_bytes();
        let mut check_nfc = pass == Pass::Raw;
        let mut gap = Gap {
            len: 0,
            space: true,
            joins: false,
            have_word: false,
        };
        // The start of the char before `i`, where an NFC check must begin.
        let mut prev = 0;
        let mut i = 0;
        // A non-ASCII char at `i`, after the checks that let the scan go on.
        let wide =
            |i: usize, prev: usize, check_nfc: &mut bool| -> Result<(char, usize), Restart> {
                let (c, w) = decode(b, i);
                if pass != Pass::Lower && c == 'Σ' {
                    return Err(Restart::Sigma);
                }
                if *check_nfc && !is_nfc_fast(c) {
                    if !crate::vietnamese::is_nfc(&text[prev..]) {
                        return Err(Restart::NotNfc);
                    }
                    *check_nfc = false;
                }
                Ok((c, w))
            };
        while i < b.len() {
            // Separators.
            while i < b.len() {
                let x = b[i];
                if x < 0x80 {
                    let class = BYTE_CLASS[x as usize];
                    if class & WORD_BYTE != 0 {
                        break;
                    }
                    gap.separator(class & SPACE_BYTE != 0, class & JOIN_BYTE != 0);
                    prev = i;
                    i += 1;
                } else {
                    if latin_letter(b, i).is_some() {
                        break;
                    }
                    let (c, w) = wide(i, prev, &mut check_nfc)?;
                    if is_word_char(c) {
                        break;
                    }
                    gap.separator(c.is_whitespace(), false);
                    prev = i;
                    i += w;
                }
            }
            if i == b.len() {
                break;
            }
            // A word.
            let start = i;
            // SAFETY: the vector scan is compiled only for targets with SSE2.
            #[allow(unused_unsafe)]
            {
                i = unsafe { fast_word_end(b, i) };
            }
            if i > start {
                prev = char_before(b, i);
            }
            loop {
                // A run of ASCII letters and digits, in a loop of its own.
                let run = i;
                while i < b.len() && BYTE_CLASS[b[i] as usize] & WORD_BYTE != 0 {
                    i += 1;
                }
                if i > run {
                    prev = i - 1;
                }
                if i == b.len() || b[i] < 0x80 {
                    break;
                }
                if let Some(w) = latin_letter(b, i) {
                    prev = i;
                    i += w;
                } else {
                    let (c, w) = wide(i, prev, &mut check_nfc)?;
                    if !is_word_char(c) {
                        break;
                    }
                    prev = i;
                    i += w;
                }
            }
            self.end_word(text, start..i, pass, &mut gap);
        }
        self.flush_chain();
        Ok(())
    }

    /// Takes a run of word chars: a word (which may follow the last one as a phrase, or
    /// join its chain), a gap of stray marks, or junk that ends any chain and phrase.
    #[inline]
    fn end_word(&mut self, text: &str, word: Range<usize>, pass: Pass, gap: &mut Gap) {
        let (start, end) = (word.start as u32, word.end as u32);
        match self.word_id(text, word, pass) {
            Kind::Marks(chars) => {
                gap.len += chars;
                gap.space = false;
                gap.joins = false;
            }
            Kind::Junk => {
                self.flush_chain();
                gap.have_word = false;
                gap.reset();
            }
            Kind::Word(id) => {
                let follows = gap.have_word && gap.len > 0 && gap.space;
                if !(gap.have_word && gap.joins) {
                    self.flush_chain();
                }
                gap.reset();
                if self.chain_words == 0 {
                    self.chain_start = self.events.len();
                }
                self.chain_words += 1;
                self.events.push(Event::Word {
                    id,
                    follows,
                    start,
                    end,
                });
                gap.have_word = true;
            }
        }
    }

    /// What the run of word chars `text[word]` is, with its id if it is a word. Only words
    /// are remembered, so the checks for stray marks (the fuzzer found them) and junk run
    /// once per word.
    #[inline]
    fn word_id(&mut self, text: &str, word: Range<usize>, pass: Pass) -> Kind {
        let short = pack(text.as_bytes(), word.start, word.end);
        // The text is sliced only off the path of a short word seen before: the slice's
        // char-boundary checks cost as much as the lookup.
        let known = match short {
            Some(k) => {
                let slot = WordCache::slot(k);
                match self.recent.0[slot] {
                    (cached, id) if cached == k => return Kind::Word(id),
                    _ => self
                        .short
                        .get(&k)
                        .inspect(|&&id| self.recent.0[slot] = (k, id)),
                }
            }
            None => self.long.get(&text[word.clone()]),
        };
        if let Some(&id) = known {
            return Kind::Word(id);
        }
        self.new_word(&text[word], short, pass)
    }

    /// [`Tokenizer::word_id`] for a run not seen before.
    #[inline(never)]
    fn new_word(&mut self, word: &str, short: Option<u128>, pass: Pass) -> Kind {
        let lower: std::borrow::Cow<str> = if pass == Pass::Lower {
            word.into()
        } else {
            crate::vietnamese::lowercase(word).into()
        };
        if lower.chars().all(is_combining_mark) {
            return Kind::Marks(lower.chars().count());
        }
        if lower.chars().count() > MAX_WORD_CHARS {
            return Kind::Junk;
        }
        let keys = if lower.is_ascii() && !lower.starts_with('0') {
            // Lowercase ASCII folds to itself (leading zeros aside).
            (lower.clone().into_owned(), lower.into_owned())
        } else if lower.is_ascii() {
            (fold_word(&lower), lower.into_owned())
        } else {
            (fold_word(&lower), exact_word(&lower))
        };
        let id = self.words.push(keys);
        match short {
            Some(k) => self.short.insert(k, id),
            None => self.long.insert(word.into(), id),
        };
        Kind::Word(id)
    }

    /// Ends the current chain, handing it out as a compound if it is one.
    #[inline]
    fn flush_chain(&mut self) {
        if self.chain_words >= 2 {
            self.push_compound();
        }
        self.chain_words = 0;
    }

    /// The current chain of two or more words as a compound, if it holds a digit and a
    /// letter. Apart from [`Tokenizer::flush_chain`], which runs after nearly every word and
    /// mostly finds no chain.
    #[inline(never)]
    fn push_compound(&mut self) {
        let start = self.compounds.len();
        for e in &self.events[self.chain_start..] {
            if let Event::Word { id, .. } = *e {
                self.compounds.push_str(&self.words[id].0);
            }
        }
        let chain = &self.compounds[start..];
        let digit = chain.bytes().any(|b| b.is_ascii_digit());
        let letter = chain.chars().any(|c| !c.is_ascii_digit());
        if digit && letter {
            let end = self.compounds.len() as u32;
            self.events.push(Event::Compound {
                start: start as u32,
                end,
            });
        } else {
            self.compounds.truncate(start);
        }
    }
}

/// The key of a document number as a whole (`Số 224 - TB/BDVTU` → `224tbbdvtu`): all its
/// folded words run together, so any spacing or separator finds it.
#[cfg(test)]
pub fn number_term(number: &str) -> Option<String> {
    Tokenizer::default().number_term(number)
}

impl Tokenizer {
    /// The key of a document number as a whole (`Số 224 - TB/BDVTU` → `224tbbdvtu`), with
    /// the words this tokenizer knows.
    pub fn number_term(&mut self, number: &str) -> Option<String> {
        let tidy = crate::number::tidy(number);
        let mut key = String::new();
        let mut any = false;
        self.scan(&tidy, |t| {
            if let Token::Word(w) = t {
                key.push_str(w.folded);
                any = true;
            }
        });
        any.then_some(key)
    }
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

    /// The tokenizer as it was before the byte-level scan: NFC, lowercase the whole text,
    /// cut it char by char. The scan must agree with it on any text.
    fn reference(text: &str) -> Tokens {
        let text = nfc_cow(text);
        let lower = crate::vietnamese::lowercase(&text);
        let mut out = Tokens::default();
        let mut chain = String::new();
        let mut chain_words = 0;
        let flush = |chain: &mut String, chain_words: &mut usize, out: &mut Tokens| {
            let digit = chain.bytes().any(|b| b.is_ascii_digit());
            let letter = chain.chars().any(|c| !c.is_ascii_digit());
            if *chain_words >= 2 && digit && letter {
                out.compounds.push(chain.clone());
            }
            chain.clear();
            *chain_words = 0;
        };
        let (mut gap_len, mut gap_space, mut gap_joins, mut have_word) = (0, true, false, false);
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
            if word.chars().all(is_combining_mark) {
                gap_len += word.chars().count();
                gap_space = false;
                gap_joins = false;
                continue;
            }
            if word.chars().count() > MAX_WORD_CHARS {
                flush(&mut chain, &mut chain_words, &mut out);
                (have_word, gap_len, gap_space, gap_joins) = (false, 0, true, false);
                continue;
            }
            let follows = have_word && gap_len > 0 && gap_space;
            if !(have_word && gap_joins) {
                flush(&mut chain, &mut chain_words, &mut out);
            }
            (gap_len, gap_space, gap_joins) = (0, true, false);
            let folded = fold_word(word);
            chain.push_str(&folded);
            chain_words += 1;
            out.words.push(Word {
                folded,
                exact: exact_word(word),
                follows,
            });
            have_word = true;
        }
        flush(&mut chain, &mut chain_words, &mut out);
        out
    }

    /// Pieces that make hard text: Vietnamese in NFC and NFD, đ/Đ, case, digits and leading
    /// zeros, document numbers, every kind of separator, stray marks, `Σ` (context-dependent
    /// lowercase), `İ` (two-char lowercase), singletons NFC replaces (`Å` U+212B) and junk.
    const PIECES: &[&str] = &[
        "a",
        "A",
        "b",
        "d",
        "đ",
        "Đ",
        "o",
        "u",
        "y",
        "ủ",
        "Ủ",
        "uỷ",
        "Huyện",
        "HUYỆN",
        "dân",
        "DẪN",
        "hoà",
        "hòa",
        "Thông",
        "0",
        "007",
        "1",
        "224",
        "2018",
        "x",
        "TB",
        "KH",
        "\u{300}",
        "\u{301}",
        "\u{302}",
        "\u{303}",
        "\u{309}",
        "\u{323}",
        "\u{306}",
        "\u{345}",
        "Σ",
        "σ",
        "ΌΣΟΣ",
        "İ",
        "ß",
        "ẞ",
        "Å",
        "\u{212b}",
        "ǅ",
        "½",
        "²",
        "Ⅻ",
        "ⓐ",
        "日本",
        " ",
        " ",
        "  ",
        "\n",
        "\t",
        "\u{b}",
        "\u{a0}",
        "\u{2003}",
        "-",
        "/",
        "--",
        ",",
        ".",
        "–",
        "“",
        "”",
        "→",
        "…",
        "₫",
        "😀",
        "'",
        "(",
        ")",
        "xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx",
        "ngườiiiiiiiiiiiiiiiiiiiiiiiiiii",
        "aaaaaaaaaaaaaaaaa",
        // Around the edges of the vector scan's byte ranges.
        "×",
        "÷",
        "ȿ",
        "ɀ",
        "ḁ",
        "ỿ",
        "ἀ",
        "À",
        "@",
        "[",
        "`",
        "{",
        "Z",
        "z",
        "9",
    ];

    /// What [`fast_word_end`] must give: ASCII letters and digits and latin letters from
    /// `start`, cut at the last char that fits in 16 bytes; nothing when fewer are left.
    fn fast_word_end_reference(b: &[u8], start: usize) -> usize {
        if b.len() < start + 16 {
            return start;
        }
        let mut i = start;
        while i < start + 16 {
            let w = if b[i].is_ascii_alphanumeric() {
                1
            } else if b[i] >= 0x80 {
                match latin_letter(b, i) {
                    Some(w) => w,
                    None => break,
                }
            } else {
                break;
            };
            if i + w > start + 16 {
                break;
            }
            i += w;
        }
        i
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(4000))]
        #[test]
        fn fast_word_end_takes_what_the_byte_loop_would(
            pieces in proptest::collection::vec(proptest::sample::select(PIECES), 0..30),
            skip in 0usize..4,
        ) {
            let text: String = pieces.concat();
            let b = text.as_bytes();
            // From every char start among the first few.
            for (start, _) in text.char_indices().take(skip + 1) {
                // SAFETY: as in `Tokenizer::cut`.
                #[allow(unused_unsafe)]
                let fast = unsafe { fast_word_end(b, start) };
                #[cfg(all(target_arch = "x86_64", target_feature = "sse2"))]
                proptest::prop_assert_eq!(fast, fast_word_end_reference(b, start), "{:?} from {}", text, start);
                #[cfg(not(all(target_arch = "x86_64", target_feature = "sse2")))]
                proptest::prop_assert_eq!(fast, start);
            }
        }
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(2000))]
        #[test]
        fn scan_agrees_with_reference(
            texts in proptest::collection::vec(
                proptest::collection::vec(proptest::sample::select(PIECES), 0..40), 1..4)
        ) {
            // One tokenizer for all texts, so that remembered words are exercised too.
            let mut t = Tokenizer::default();
            for pieces in texts {
                let text: String = pieces.concat();
                proptest::prop_assert_eq!(t.tokenize(&text), reference(&text), "{:?}", text);
            }
        }
    }

    #[test]
    fn words_sharing_a_cache_slot_keep_their_own_keys() {
        // Two words the cache puts in one slot, found by trying numbered words.
        let packed = |w: &str| pack(w.as_bytes(), 0, w.len()).unwrap();
        let mut first_in_slot = std::collections::HashMap::new();
        let (a, b) = (0..100_000)
            .map(|n| format!("tu{n}"))
            .find_map(|w| {
                let slot = WordCache::slot(packed(&w));
                match first_in_slot.get(&slot) {
                    Some(other) => Some((String::clone(other), w)),
                    None => {
                        first_in_slot.insert(slot, w);
                        None
                    }
                }
            })
            .expect("a shared slot");
        let text = format!("{a} {b} {a} {b} {b} {a}");
        let mut tokenizer = Tokenizer::default();
        let mut seen = Vec::new();
        tokenizer.scan(&text, |t| {
            if let Token::Word(w) = t {
                seen.push((w.id, w.folded.to_owned()));
            }
        });
        let (ia, ib) = (seen[0].0, seen[1].0);
        assert_ne!(ia, ib);
        let want: Vec<(WordId, String)> =
            [(ia, &a), (ib, &b), (ia, &a), (ib, &b), (ib, &b), (ia, &a)]
                .into_iter()
                .map(|(id, w)| (id, w.clone()))
                .collect();
        assert_eq!(seen, want);
    }

    #[test]
    fn scan_agrees_with_reference_on_samples() {
        let nfd: String = "Huyện ủy Hón Quản, 224-TB/BDVTU ngày 12/10/2018"
            .nfd()
            .collect();
        for text in [
            "Thông báo 224-TB/BDVTU ngày 12/10/2018, số 07/KH-UBND",
            &nfd,
            "“Dân vận khéo” – 5.000₫… Đảng ủy ĐOÀN",
            "ΌΣΟΣ Huyện ỦY aΣ.b",
            "\u{301}a \u{301} b\u{301}\u{301} İstanbul",
            "Å\u{212b} A\u{30a}",
        ] {
            assert_eq!(tokenize(text), reference(text), "{text:?}");
        }
    }

    #[test]
    fn lowercase_keeps_word_boundaries() {
        // What lets the scan cut the text as spelled: per char, lowercase keeps a word char
        // made of word chars and a separator as it is, and lowercasing twice changes nothing.
        for c in (0..0x11_0000).filter_map(char::from_u32) {
            let lower: Vec<char> = c.to_lowercase().collect();
            if is_word_char(c) {
                assert!(lower.iter().all(|&l| is_word_char(l)), "{c:?}");
            } else {
                assert_eq!(lower, [c], "{c:?}");
            }
            let again: Vec<char> = lower.iter().flat_map(|l| l.to_lowercase()).collect();
            assert_eq!(again, lower, "{c:?}");
        }
    }

    #[test]
    fn latin_letters_are_word_chars_and_nfc_fast() {
        for c in (0x80..0x11_0000).filter_map(char::from_u32) {
            let s = c.to_string();
            if let Some(w) = latin_letter(s.as_bytes(), 0) {
                assert_eq!(w, s.len(), "{c:?}");
                assert!(is_word_char(c) && is_nfc_fast(c) && c != 'Σ', "{c:?}");
            }
        }
        assert_eq!(latin_letter("ệ".as_bytes(), 0), Some(3));
        assert_eq!(latin_letter("×".as_bytes(), 0), None);
    }

    #[test]
    fn byte_classes_agree_with_chars() {
        for x in 0..=u8::MAX {
            let class = BYTE_CLASS[x as usize];
            if x >= 0x80 {
                assert_eq!(class, 0, "{x:#x}");
                continue;
            }
            let c = x as char;
            assert_eq!(class & WORD_BYTE != 0, is_word_char(c), "{c:?}");
            assert_eq!(class & SPACE_BYTE != 0, c.is_whitespace(), "{c:?}");
            assert_eq!(class & JOIN_BYTE != 0, c == '-' || c == '/', "{c:?}");
        }
    }

    #[test]
    fn long_junk_is_skipped() {
        let t = tokenize(&format!("a {} b", "x".repeat(40)));
        assert_eq!(folded(&t), ["a", "b"]);
        assert!(!t.words[1].follows, "no phrase across skipped junk");
    }
}
