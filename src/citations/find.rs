//! The citation finder: a single left-to-right pass over tokens (runs of letters and digits,
//! runs of white space, single punctuation marks), so that it is linear in the text and
//! never needs backtracking.
//!
//! A citation starts at a run of digits that does not continue a date, a decimal or a phone
//! number (the token before it is not `/`, `-`, `.`), optionally a list (`217,218`,
//! `18, 19`), then a symbol:
//! - Party style: `-` (or a space before a known type code) CODE `/` ISSUER (`-`|`/` PART)*:
//!   `224-TB/BDVTU`, `70-KH/BDVTU-BCSDUB`, `08- QĐi/TW`, `118 -CV/BDVHU`, `48 CT/TW`;
//! - state style: `/` [YEAR `/`] PART ((`-`|`/`) PART)*: `16/CT-TTg`, `30/2020/NĐ-CP`,
//!   `197/STTTT`; while the symbol has one part, or once it was written sloppily, parts may
//!   also be joined by spaces or a spaced dash (`282/QĐ TTg`, `819/NQ – UVBTVQH 14`).
//!
//! A PART is ASCII letters, digits and Đ, starting with a capital, with at most a final
//! lowercase letter after two capitals (`TTg`, `QĐi`, `CTr`): Vietnamese words ("Ban",
//! "Tăng", "ĐẢNG") are never parts, and dates (`12/10/2018`), ranges (`2019-2025`) and
//! figures (`27,1%`) never have one, which is what keeps them out.

use std::cell::{Cell, OnceCell};
use std::ops::Range;

use chrono::NaiveDate;

use super::text::NfcText;
use super::{Citation, Relation};
use crate::number::{number_key, type_for_code, type_from_number};
use crate::vietnamese::{is_letter, is_nfc, lower_char};
use windows::{Window, Windows};

/// Type words written before a number, lowercase, word by word, longest first so that
/// "Nghị quyết liên tịch" wins over "Nghị quyết"; with the type they name (None: "văn bản"
/// names no type).
const TYPE_WORDS: &[(&[&str], Option<&str>)] = &[
    (
        &["nghị", "quyết", "liên", "tịch"],
        Some("Nghị quyết liên tịch"),
    ),
    (&["thông", "tư", "liên", "tịch"], Some("Thông tư liên tịch")),
    (
        &["chương", "trình", "hành", "động"],
        Some("Chương trình hành động"),
    ),
    (&["thông", "báo", "kết", "luận"], Some("Thông báo")),
    (&["nghị", "quyết"], Some("Nghị quyết")),
    (&["thông", "tư"], Some("Thông tư")),
    (&["chương", "trình"], Some("Chương trình")),
    (&["công", "văn"], Some("Công văn")),
    (&["thông", "báo"], Some("Thông báo")),
    (&["kế", "hoạch"], Some("Kế hoạch")),
    (&["quyết", "định"], Some("Quyết định")),
    (&["quy", "định"], Some("Quy định")),
    (&["chỉ", "thị"], Some("Chỉ thị")),
    (&["kết", "luận"], Some("Kết luận")),
    (&["hướng", "dẫn"], Some("Hướng dẫn")),
    (&["báo", "cáo"], Some("Báo cáo")),
    (&["quy", "chế"], Some("Quy chế")),
    (&["tờ", "trình"], Some("Tờ trình")),
    (&["nghị", "định"], Some("Nghị định")),
    (&["phương", "án"], Some("Phương án")),
    (&["đề", "án"], Some("Đề án")),
    (&["công", "điện"], Some("Công điện")),
    (&["thông", "cáo"], Some("Thông cáo")),
    (&["thông", "tri"], Some("Thông tri")),
    (&["biên", "bản"], Some("Biên bản")),
    (&["giấy", "mời"], Some("Giấy mời")),
    (&["pháp", "lệnh"], Some("Pháp lệnh")),
    (&["luật"], Some("Luật")),
    (&["văn", "bản"], None),
];

/// Two-word phrases that set the relation of the citations after them in their clause.
const RELATION_WORDS: &[(&str, &str, Relation)] = &[
    ("thực", "hiện", Relation::Implements),
    ("triển", "khai", Relation::Implements),
    ("quán", "triệt", Relation::Implements),
    ("thi", "hành", Relation::Implements),
    ("căn", "cứ", Relation::BasedOn),
    ("thay", "thế", Relation::Replaces),
    ("sửa", "đổi", Relation::Amends),
    ("bãi", "bỏ", Relation::Annuls),
    ("hủy", "bỏ", Relation::Annuls),
    ("huỷ", "bỏ", Relation::Annuls),
];

/// The first bytes, either case, of the relation phrases' first words. They are ASCII
/// letters, which in NFC text only ASCII letters lowercase to, so a word starting with
/// any other byte is no relation word and is passed over without comparing.
const RELATION_FIRST_BYTES: [bool; 256] = {
    let mut table = [false; 256];
    let mut i = 0;
    while i < RELATION_WORDS.len() {
        let first = RELATION_WORDS[i].0.as_bytes()[0];
        assert!(first.is_ascii_lowercase());
        table[first as usize] = true;
        table[first.to_ascii_uppercase() as usize] = true;
        i += 1;
    }
    table
};

/// Lowercase words that end an issuer name: what follows "của Ban Thường vụ Huyện ủy" is the
/// subject ("về", "tại"), a date, or the sentence going on. None of them occurs in the name
/// of a body, unlike "tỉnh", "huyện", "nhân dân".
const ISSUER_STOP_WORDS: &[&str] = &[
    "về", "tại", "mời", "đã", "đến", "theo", "trong", "gắn", "nhằm", "để", "giữa", "ngày", "năm",
    "số", "từ", "cho", "với", "nay", "này", "là", "được", "có", "do", "của", "khóa", "khoá", "sau",
    "trước", "kèm", "nêu",
];

/// Lowercase two-word phrases that end an issuer name ("Tỉnh ủy ban hành Quy chế"); their
/// first words alone do occur in names ("Ủy ban nhân dân").
const ISSUER_STOP_PAIRS: &[(&str, &str)] = &[
    ("ban", "hành"),
    ("thực", "hiện"),
    ("triển", "khai"),
    ("đối", "với"),
    ("quy", "định"),
    ("hướng", "dẫn"),
    ("chỉ", "đạo"),
];

/// Words after a bare number that make it a quantity, not a document ("Báo cáo số 6 tháng").
const MEASURE_WORDS: &[&str] = &[
    "tháng", "năm", "quý", "tuần", "ngày", "lần", "tỷ", "triệu", "nghìn", "ngàn", "người", "đồng",
    "giờ", "phút", "điểm", "xã", "huyện", "km", "ha",
];

/// Longest issuer kept, in words: enough for "Chính phủ và Ủy ban Trung ương Mặt trận Tổ quốc
/// Việt Nam", short enough that a missed boundary cannot swallow a paragraph.
const MAX_ISSUER_WORDS: usize = 16;

/// Longest run of digits taken as a document number (phone numbers and amounts are longer).
const MAX_NUMBER_DIGITS: usize = 6;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    /// Letters and digits, at least one letter.
    Word,
    /// ASCII digits only.
    Digits,
    /// White space; how many line breaks it holds.
    Space(usize),
    /// Anything else, one char at a time.
    Punct(char),
}

#[derive(Debug, Clone, Copy)]
struct Tok {
    kind: Kind,
    start: usize,
    end: usize,
}

/// What a char is to the tokenizer.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Class {
    Digit,
    /// A letter, or a numeric char that is not an ASCII digit.
    Letter,
    Space,
    Punct,
}

/// ASCII, most of every text, by a match; other chars through `is_letter` and the tables.
#[inline]
fn class(c: char) -> Class {
    match c {
        '0'..='9' => Class::Digit,
        'a'..='z' | 'A'..='Z' => Class::Letter,
        ' ' | '\t'..='\r' => Class::Space,
        '\0'..='\u{7f}' => Class::Punct,
        c if is_letter(c) || c.is_numeric() => Class::Letter,
        c if c.is_whitespace() => Class::Space,
        _ => Class::Punct,
    }
}

/// The char at byte `i` of `s` and its length; ASCII without decoding.
#[inline]
fn char_at(s: &str, i: usize) -> (char, usize) {
    match s.as_bytes()[i] {
        b @ 0..0x80 => (char::from(b), 1),
        _ => {
            let c = s[i..].chars().next().unwrap_or_default();
            (c, c.len_utf8())
        }
    }
}

/// The tokens of `s` into `toks` (cleared first), so that one buffer serves every window
/// of a text: runs of letters and digits (`Digits` when only ASCII digits), runs of white
/// space, and single other chars.
fn tokenize_into(s: &str, toks: &mut Vec<Tok>) {
    toks.clear();
    // About one token every three bytes in Vietnamese prose: one allocation, not a dozen.
    toks.reserve(s.len() / 3);
    let mut i = 0;
    while i < s.len() {
        let start = i;
        let (c, width) = char_at(s, i);
        i += width;
        let kind = match class(c) {
            Class::Punct => Kind::Punct(c),
            Class::Space => {
                let mut newlines = usize::from(c == '\n');
                while i < s.len() {
                    let (d, width) = char_at(s, i);
                    if class(d) != Class::Space {
                        break;
                    }
                    newlines += usize::from(d == '\n');
                    i += width;
                }
                Kind::Space(newlines)
            }
            first => {
                let mut digits = first == Class::Digit;
                while i < s.len() {
                    let (d, width) = char_at(s, i);
                    match class(d) {
                        Class::Digit => {}
                        Class::Letter => digits = false,
                        Class::Space | Class::Punct => break,
                    }
                    i += width;
                }
                if digits { Kind::Digits } else { Kind::Word }
            }
        };
        toks.push(Tok {
            kind,
            start,
            end: i,
        });
    }
}

/// Case-insensitive comparison with a lowercase word, without allocating. Called for nearly
/// every word against every type and relation word, so the length test that ends most calls
/// is inlined, and the rest goes by the `lower_char` table.
#[inline]
fn eq_lower(word: &str, lower: &str) -> bool {
    // Lowercasing keeps the UTF-8 length of every letter of Vietnamese, and text here is NFC
    // (which has no Kelvin or Ångström sign): a word of another length lowercases to
    // something else, or to letters no type or relation word holds (`İ` → `i̇`).
    word.len() == lower.len() && eq_lower_same_len(word, lower)
}

fn eq_lower_same_len(word: &str, lower: &str) -> bool {
    // Most calls end here: ASCII lowercases to ASCII, and most first letters are ASCII.
    match (word.as_bytes().first(), lower.as_bytes().first()) {
        (Some(w), Some(l)) if w.is_ascii() && (!l.is_ascii() || w.to_ascii_lowercase() != *l) => {
            return false;
        }
        _ => {}
    }
    if word.is_ascii() {
        return word.eq_ignore_ascii_case(lower);
    }
    let mut want = lower.chars();
    for c in word.chars() {
        if let Some(l) = lower_char(c) {
            if want.next() != Some(l) {
                return false;
            }
        } else {
            for l in c.to_lowercase() {
                if want.next() != Some(l) {
                    return false;
                }
            }
        }
    }
    want.next().is_none()
}

fn starts_upper(word: &str) -> bool {
    word.chars().next().is_some_and(char::is_uppercase)
}

/// A capital of a symbol's part: ASCII, Đ, and Ư, which writers put for U (`TƯ` for `TU`).
fn is_capital(c: char) -> bool {
    c.is_ascii_uppercase() || c == 'Đ' || c == 'Ư'
}

/// A part of a symbol: see the module comment.
fn is_part(word: &str) -> bool {
    let mut chars = word.chars().peekable();
    if !chars.peek().copied().is_some_and(is_capital) {
        return false;
    }
    let mut capitals = 0;
    while let Some(c) = chars.next() {
        if is_capital(c) {
            capitals += 1;
        } else if c.is_ascii_lowercase() || c == 'đ' {
            if capitals < 2 || chars.peek().is_some() {
                return false;
            }
        } else if !c.is_ascii_digit() {
            return false;
        }
    }
    true
}

/// A part written in lower or mixed case (`cv`, `Hu`): ASCII letters and digits, đ and ư,
/// starting with a letter. Read only after "số" or a type word (see `Scanner::loose_part`).
fn is_loose_part(word: &str) -> bool {
    let ok = |c: char| c.is_ascii_alphanumeric() || matches!(c, 'đ' | 'Đ' | 'ư' | 'Ư');
    word.len() <= 16
        && word
            .chars()
            .next()
            .is_some_and(|c| !c.is_ascii_digit() && ok(c))
        && word.chars().all(ok)
}

/// Whether a word written without diacritics reads as a Vietnamese syllable (onset, vowels,
/// final: "ban", "cho", "hu"), which symbol codes ("vp", "ubnd", "tw", "bcsdub") do not.
fn is_syllable(word: &str) -> bool {
    const ONSETS: &[&str] = &[
        "ngh", "ng", "nh", "ch", "gh", "gi", "kh", "ph", "qu", "th", "tr", "b", "c", "d", "g", "h",
        "k", "l", "m", "n", "p", "r", "s", "t", "v", "x", "",
    ];
    const FINALS: &[&str] = &["ng", "nh", "ch", "c", "m", "n", "p", "t", ""];
    let w: String = word
        .chars()
        .map(|c| match c {
            'đ' | 'Đ' => 'd',
            'ư' | 'Ư' => 'u',
            c => c.to_ascii_lowercase(),
        })
        .collect();
    ONSETS.iter().filter(|o| w.starts_with(*o)).any(|o| {
        let rest = &w[o.len()..];
        FINALS.iter().filter(|f| rest.ends_with(*f)).any(|f| {
            let vowels = &rest[..rest.len() - f.len()];
            (1..=3).contains(&vowels.len()) && vowels.bytes().all(|b| b"aeiouy".contains(&b))
        })
    })
}

/// A symbol after the number(s): its display form (starting with the separator) and the
/// token index and byte offset where it ends.
struct Symbol {
    suffix: String,
    end: usize,
    next: usize,
}

/// The words before a number: where the citation's lead starts, its type word, and whether
/// "số" was written.
struct Lead {
    start: usize,
    /// The type the type word names; None also for the generic "văn bản".
    doc_type: Option<&'static str>,
    /// A type word, "văn bản" too, was written.
    typed: bool,
    had_so: bool,
    /// The lead's first token.
    first: usize,
}

/// Numbers sharing one symbol (or, partial, none) and what is written after them.
struct Group {
    lead_start: usize,
    numbers: Vec<Range<usize>>,
    /// Display suffix shared by the numbers ("-QĐ/TW"); empty for a partial citation.
    suffix: String,
    /// End of the last number-symbol.
    end: usize,
    doc_type: Option<String>,
    date: Option<NaiveDate>,
    issuer: Option<String>,
    partial: bool,
}

struct Scanner<'s> {
    s: &'s str,
    toks: &'s [Tok],
    /// `s` is a window that stops before the end of the caller's text (see `windows`).
    cut_end: bool,
    /// Set when a look went past the end of a cut window: what it saw may differ from the
    /// whole text, so the window must be widened.
    cut_reached: Cell<bool>,
    /// The symbol being read follows "số" or a type word, so its parts may be in any case.
    led: Cell<bool>,
    /// The symbol being read has a part in lower case: it was written so, and later parts
    /// after a spaced separator may be too.
    lower: Cell<bool>,
}

impl<'s> Scanner<'s> {
    fn text(&self, t: usize) -> &'s str {
        let tok = self.toks[t];
        &self.s[tok.start..tok.end]
    }

    fn kind(&self, t: usize) -> Option<Kind> {
        let kind = self.toks.get(t).map(|tok| tok.kind);
        if kind.is_none() && self.cut_end {
            self.cut_reached.set(true);
        }
        kind
    }

    fn is_punct(&self, t: usize, set: &[char]) -> bool {
        matches!(self.kind(t), Some(Kind::Punct(c)) if set.contains(&c))
    }

    fn is_dash(&self, t: usize) -> bool {
        self.is_punct(t, &['-', '–', '—'])
    }

    /// White space within one line.
    fn is_inline_space(&self, t: usize) -> bool {
        matches!(self.kind(t), Some(Kind::Space(0)))
    }

    fn is_part(&self, t: usize) -> bool {
        self.kind(t) == Some(Kind::Word) && is_part(self.text(t))
    }

    fn is_word(&self, t: usize, lower: &str) -> bool {
        self.kind(t) == Some(Kind::Word) && eq_lower(self.text(t), lower)
    }

    fn digits(&self, t: usize) -> Option<&'s str> {
        (self.kind(t) == Some(Kind::Digits)).then(|| self.text(t))
    }

    /// The word before token `t`, skipping one run of white space.
    fn prev_word(&self, t: usize) -> Option<usize> {
        let mut p = t.checked_sub(1)?;
        if matches!(self.kind(p), Some(Kind::Space(_))) {
            p = p.checked_sub(1)?;
        }
        (self.kind(p) == Some(Kind::Word)).then_some(p)
    }

    /// The word after token `t`, skipping one run of white space within the line.
    fn next_word(&self, t: usize) -> Option<usize> {
        let mut n = t + 1;
        if self.is_inline_space(n) {
            n += 1;
        }
        (self.kind(n) == Some(Kind::Word)).then_some(n)
    }

    /// The type phrase whose last word is token `t`, and its first token.
    fn type_phrase_ending_at(&self, t: usize) -> Option<(usize, Option<&'static str>)> {
        'phrases: for (phrase, name) in TYPE_WORDS {
            let mut at = t;
            for (n, word) in phrase.iter().rev().enumerate() {
                if n > 0 {
                    match self.prev_word(at) {
                        Some(p) => at = p,
                        None => continue 'phrases,
                    }
                }
                if !self.is_word(at, word) {
                    continue 'phrases;
                }
            }
            return Some((at, *name));
        }
        None
    }

    fn type_phrase_starts_at(&self, t: usize) -> bool {
        TYPE_WORDS.iter().any(|(phrase, _)| {
            let mut at = Some(t);
            phrase.iter().enumerate().all(|(n, word)| {
                if n > 0 {
                    at = at.and_then(|a| self.next_word(a));
                }
                at.is_some_and(|a| self.is_word(a, word))
            })
        })
    }

    /// "số", or "sô" as it is often mistyped.
    fn is_so(&self, t: usize) -> bool {
        self.is_word(t, "số") || self.is_word(t, "sô")
    }

    fn lead(&self, first: usize) -> Lead {
        let mut lead = Lead {
            start: self.toks[first].start,
            doc_type: None,
            typed: false,
            had_so: false,
            first,
        };
        let mut at = first;
        // "Số: 44", "Số : 44": step back over the colon when "số" is written before it.
        let colon = match first.checked_sub(1) {
            Some(b) if matches!(self.kind(b), Some(Kind::Space(_))) => b.checked_sub(1),
            b => b,
        };
        if let Some(c) = colon
            && self.is_punct(c, &[':'])
            && self.prev_word(c).is_some_and(|p| self.is_so(p))
        {
            at = c;
        }
        // "số số 24": doubled when a line was retyped.
        for _ in 0..2 {
            match self.prev_word(at) {
                Some(p) if self.is_so(p) => {
                    lead.had_so = true;
                    lead.start = self.toks[p].start;
                    lead.first = p;
                    at = p;
                }
                _ => break,
            }
        }
        if let Some(p) = self.prev_word(at)
            && let Some((first_tok, name)) = self.type_phrase_ending_at(p)
        {
            lead.start = self.toks[first_tok].start;
            lead.doc_type = name;
            lead.typed = true;
            lead.first = first_tok;
        }
        lead
    }

    /// "Ngày 22 tháng 12 năm 2017, Ban Bí thư (đã) ban hành `<lead>`": the date and issuer
    /// written before a citation whose lead starts at token `first`. Only this sentence
    /// shape, where the date is the cited document's own, not any date earlier in the clause.
    fn dated_before(&self, first: usize) -> Option<(NaiveDate, String)> {
        // The word before `t` in its clause: a blank line ends the clause (and a window
        // holds the clause, see `windows`).
        let prev = |t: usize| {
            let p = t.checked_sub(1)?;
            if !matches!(self.kind(p), Some(Kind::Space(0 | 1))) {
                return None;
            }
            let w = p.checked_sub(1)?;
            (self.kind(w) == Some(Kind::Word)).then_some(w)
        };
        let mut v = prev(first)?;
        if self.is_word(v, "hành") {
            v = prev(v).filter(|&b| self.is_word(b, "ban"))?;
            if let Some(k) = prev(v).filter(|&k| self.is_word(k, "ký")) {
                v = k;
            }
        } else if !(self.is_word(v, "có") || self.is_word(v, "ký")) {
            return None;
        }
        if let Some(d) = prev(v).filter(|&d| self.is_word(d, "đã")) {
            v = d;
        }
        // The issuer: the words back to the date, the first one capitalised.
        let mut t = v;
        let mut first_word = None;
        let mut words = 0;
        while let Some(p) = t.checked_sub(1) {
            match self.kind(p) {
                Some(Kind::Space(0)) => {}
                Some(Kind::Word) if words < MAX_ISSUER_WORDS => {
                    words += 1;
                    first_word = Some(p);
                }
                // Longer than a name: the date is not right before it.
                Some(Kind::Word) => return None,
                Some(Kind::Punct('-' | '–')) if words > 0 => {}
                // "Huyện ủy M'Đrắk": an apostrophe inside a name.
                Some(Kind::Punct('\'' | '’')) if p + 1 == t && words > 0 => {}
                _ => break,
            }
            t = p;
        }
        let first_word = first_word?;
        if !starts_upper(self.text(first_word)) {
            return None;
        }
        let issuer_end = self.toks[v - 1].start;
        let issuer = self.s[self.toks[first_word].start..issuer_end].trim_end();
        // The date ends right before it, after an optional comma.
        let mut e = first_word.checked_sub(1)?;
        if self.is_inline_space(e) {
            e = e.checked_sub(1)?;
        }
        if self.is_punct(e, &[',']) {
            e = e.checked_sub(1)?;
            if self.is_inline_space(e) {
                e = e.checked_sub(1)?;
            }
        }
        self.digits(e)?;
        // "ngày dd/mm/yyyy" is 7 tokens, "ngày dd tháng mm năm yyyy" 11.
        let date_end = self.toks[e].end;
        (e.saturating_sub(12)..e)
            .rev()
            .filter(|&n| self.is_word(n, "ngày"))
            .find_map(|n| match date_after(self.s, self.toks[n].start).0 {
                Some((d, end)) if end == date_end => Some(d),
                _ => None,
            })
            .map(|d| (d, issuer.to_string()))
    }

    /// `217`, `217,218`, `18, 19`, `12, 13 và 14`: the digit tokens of a list starting at `t`.
    fn number_list(&self, t: usize) -> Vec<usize> {
        let mut nums = vec![t];
        let mut k = t + 1;
        loop {
            let mut m = k;
            let spaced = self.is_inline_space(m);
            if spaced {
                m += 1;
            }
            let comma = self.is_punct(m, &[',']);
            if comma {
                m += 1;
                if self.is_inline_space(m) {
                    m += 1;
                }
            }
            // "12, 13 và 14", "12, 13, và 14".
            if (comma || spaced) && self.is_word(m, "và") && self.is_inline_space(m + 1) {
                m += 2;
            } else if !comma {
                break;
            }
            match self.digits(m) {
                Some(d) if d.len() <= MAX_NUMBER_DIGITS => {
                    nums.push(m);
                    k = m + 1;
                }
                _ => break,
            }
        }
        nums
    }

    /// White space inside a symbol: within a line, or one line break or a page break (a
    /// form feed), where a symbol was broken over lines or pages of its source.
    fn is_symbol_space(&self, t: usize) -> bool {
        match self.kind(t) {
            Some(Kind::Space(n)) => n <= 1 || self.text(t).contains('\u{c}'),
            _ => false,
        }
    }

    /// A separator between a symbol's parts at token `t`, white space allowed on either side
    /// (`- `, ` /`, ` – `; after it also a line or page break, where lines are wrapped), or
    /// with `dots` a `.` without spaces (`VP.UBND`): the separator as displayed, the token
    /// after it, and whether it had white space around it.
    fn separator(&self, t: usize, dots: bool) -> Option<(char, usize, bool)> {
        let mut u = t;
        let before = self.is_inline_space(u);
        if before {
            u += 1;
        }
        let sep = if self.is_dash(u) {
            '-'
        } else if self.is_punct(u, &['/']) {
            '/'
        } else if dots && !before && self.is_punct(u, &['.']) {
            '.'
        } else {
            return None;
        };
        u += 1;
        let after = sep != '.' && self.is_symbol_space(u);
        if after {
            u += 1;
        }
        Some((sep, u, before || after))
    }

    /// The symbol after the last number, which is token `k - 1`; `led` when "số" or a type
    /// word comes before the number, which makes a sloppy one-part symbol ("197 /STTTT") one.
    fn symbol(&self, k: usize, led: bool) -> Option<Symbol> {
        self.led.set(led);
        self.lower.set(false);
        if let Some((sep, t, spaced)) = self.separator(k, false) {
            return if sep == '/' {
                self.state_symbol(t, spaced, led)
            } else {
                self.party_symbol(t)
            };
        }
        // "48 CT/TW": a space for the hyphen, before a known type code.
        if !self.is_inline_space(k) {
            return None;
        }
        type_for_code(self.code_part(k + 1)?)?;
        self.party_symbol(k + 1)
    }

    fn text_if_part(&self, t: usize) -> Option<&'s str> {
        self.is_part(t).then(|| self.text(t))
    }

    /// A part at token `t` where the grammar needs one (a code, a Party issuer, a state
    /// symbol's first part): in capitals, or in any case after "số" or a type word, as
    /// numbers match ignoring case (SPEC §4).
    fn loose_part(&self, t: usize) -> Option<&'s str> {
        if let Some(p) = self.text_if_part(t) {
            return Some(p);
        }
        let word = (self.kind(t) == Some(Kind::Word)).then(|| self.text(t))?;
        let loose = self.led.get() && is_loose_part(word);
        if loose {
            self.lower.set(true);
        }
        loose.then_some(word)
    }

    /// A code at token `t`: a part, and a known type code when not in capitals.
    fn code_part(&self, t: usize) -> Option<&'s str> {
        self.text_if_part(t)
            .or_else(|| self.loose_part(t).filter(|c| type_for_code(c).is_some()))
    }

    /// CODE `/` ISSUER (SEPARATOR PART)* starting at the code, token `t`.
    fn party_symbol(&self, t: usize) -> Option<Symbol> {
        let code = self.code_part(t)?;
        let (sep, u, _) = self.separator(t + 1, false)?;
        if sep != '/' {
            return None;
        }
        let issuer = self.loose_part(u)?;
        let mut suffix = ["-", code, "/", issuer].concat();
        let next = self.more_parts(u + 1, &mut suffix).0;
        Some(Symbol {
            suffix,
            end: self.toks[next - 1].end,
            next,
        })
    }

    /// More parts after a separator, from token `t` (`-BCSDUB`, `.UBND`, ` - VX`). After a
    /// separator with white space a part has two chars at least ("Số 44-CV/HU - V/v" ends
    /// before the V of "V/v"), and is in capitals, or no Vietnamese word, unless the symbol
    /// was written in lower case ("12/QĐ-UBND - ban hành" ends before "ban"). Returns the
    /// token after the last, how many parts were added, and whether a separator had white
    /// space.
    fn more_parts(&self, mut t: usize, suffix: &mut String) -> (usize, usize, bool) {
        let mut parts = 0;
        let mut any_spaced = false;
        while let Some((sep, u, spaced)) = self.separator(t, true) {
            let word = (self.kind(u) == Some(Kind::Word)).then(|| self.text(u));
            let part = if spaced && !self.lower.get() && word.is_some_and(is_syllable) {
                self.text_if_part(u)
            } else {
                self.loose_part(u)
            };
            let Some(part) = part.filter(|p| !spaced || p.chars().nth(1).is_some()) else {
                break;
            };
            suffix.push(sep);
            suffix.push_str(part);
            parts += 1;
            any_spaced |= spaced;
            t = u + 1;
        }
        (t, parts, any_spaced)
    }

    /// [YEAR `/`] PART … after the first slash, token `t`; `spaced` when that slash had
    /// spaces around it ("2221 /UBND-TH", "44/ CV/HU").
    fn state_symbol(&self, mut t: usize, spaced: bool, led: bool) -> Option<Symbol> {
        let mut suffix = String::from("/");
        let mut year = false;
        if let Some(y) = self.digits(t)
            && y.len() == 4
            && let Some(('/', u, _)) = self.separator(t + 1, false)
            && (self.is_part(u) || self.led.get() && self.kind(u) == Some(Kind::Word))
        {
            suffix.push_str(y);
            suffix.push('/');
            year = true;
            t = u;
        }
        let first = self.loose_part(t)?;
        t += 1;
        // "44/ CV/HU", "646/QĐ/QUTW": a Party symbol typed with a slash after the number.
        if !year
            && type_for_code(first).is_some()
            && let Some(('/', u, _)) = self.separator(t, false)
            && self.kind(u) == Some(Kind::Word)
            && (self.is_part(u) || self.led.get() && is_loose_part(self.text(u)))
        {
            return self.party_symbol(t - 1);
        }
        suffix.push_str(first);
        let mut parts = 1;
        let mut sloppy = spaced;
        loop {
            let (next, added, added_spaced) = self.more_parts(t, &mut suffix);
            if added > 0 {
                t = next;
                parts += added;
                sloppy |= added_spaced;
                continue;
            }
            if !self.is_inline_space(t) {
                break;
            }
            // "282/QĐ TTg", "05/CT BCA V28": parts joined by a space alone, while the symbol
            // has one part or was written sloppily.
            if (parts == 1 || sloppy) && self.is_part(t + 1) {
                suffix.push('-');
                suffix.push_str(self.text(t + 1));
                parts += 1;
                sloppy = true;
                t += 2;
                continue;
            }
            // "UVBTVQH 14": the term of the National Assembly typed apart.
            if let Some(d) = self.digits(t + 1) {
                let ends_here = !(self.is_dash(t + 2) || self.is_punct(t + 2, &['/', '.', ',']));
                if d.len() <= 2 && suffix.ends_with("QH") && ends_here {
                    suffix.push_str(d);
                    t += 2;
                    continue;
                }
            }
            break;
        }
        // "1/ UBND huyện": a numbered item, unless "số" or a type word is written before.
        if spaced && parts < 2 && !led {
            return None;
        }
        Some(Symbol {
            suffix,
            end: self.toks[t - 1].end,
            next: t,
        })
    }

    /// True when the bare number at token `t` reads as a quantity or figure, not a document;
    /// `dated` when a date follows it ("Quyết định 217 ngày 12/12/2013" is not "5 ngày").
    fn is_quantity(&self, t: usize, dated: bool) -> bool {
        if self.is_punct(t + 1, &['%', '/', '-', '–', '—', '+', '*', '×']) {
            return true;
        }
        if self.is_punct(t + 1, &['.', ',']) && self.digits(t + 2).is_some() {
            return true;
        }
        !dated
            && self
                .next_word(t)
                .is_some_and(|w| MEASURE_WORDS.iter().any(|m| self.is_word(w, m)))
    }

    /// "của" + issuer, after white space from byte `from`.
    fn issuer(&self, from: usize) -> Option<String> {
        let mut t = self.toks.partition_point(|tok| tok.start < from);
        if matches!(self.kind(t), Some(Kind::Space(_))) {
            t += 1;
        }
        if !self.is_word(t, "của") || !self.is_inline_space(t + 1) {
            return None;
        }
        let first = t + 2;
        if self.kind(first) != Some(Kind::Word) || !starts_upper(self.text(first)) {
            return None;
        }
        let mut end = self.toks[first].end;
        let mut words = 1;
        let mut t = first + 1;
        while words < MAX_ISSUER_WORDS {
            match self.kind(t) {
                Some(Kind::Space(0)) => t += 1,
                Some(Kind::Punct('-' | '–')) if self.is_inline_space(t - 1) => {
                    // "Bộ Nội vụ - Văn phòng Chính phủ": a joint issuer.
                    match self.next_word(t) {
                        Some(w) if starts_upper(self.text(w)) => t = w,
                        _ => break,
                    }
                }
                // "Huyện ủy M'Đrắk", "Ea H'Leo": an apostrophe inside a name.
                Some(Kind::Punct('\'' | '’'))
                    if self.kind(t - 1) == Some(Kind::Word)
                        && self.kind(t + 1) == Some(Kind::Word) =>
                {
                    t += 1;
                }
                Some(Kind::Word) => {
                    let word = self.text(t);
                    if !starts_upper(word) && self.ends_issuer(t) {
                        break;
                    }
                    end = self.toks[t].end;
                    words += 1;
                    t += 1;
                }
                _ => break,
            }
        }
        Some(self.s[self.toks[first].start..end].to_string())
    }

    /// Whether the lowercase word at `t` ends an issuer name.
    fn ends_issuer(&self, t: usize) -> bool {
        let word = self.text(t);
        if word == "và" {
            // "Chính phủ và Ủy ban Trung ương …" goes on; "… Tỉnh ủy và Kết luận số …" not.
            return match self.next_word(t) {
                Some(w) => !starts_upper(self.text(w)) || self.type_phrase_starts_at(w),
                None => true,
            };
        }
        if ISSUER_STOP_WORDS.contains(&word) {
            return true;
        }
        ISSUER_STOP_PAIRS
            .iter()
            .any(|(a, b)| word == *a && self.next_word(t).is_some_and(|w| self.text(w) == *b))
    }

    /// The group of citations whose first number is token `t`, or None; in both cases the
    /// token where scanning goes on.
    fn group(&self, t: usize) -> (Option<Group>, usize) {
        let nums = self.number_list(t);
        let last = *nums.last().expect("a list has its first number");
        let lead = self.lead(t);
        let symbol = self.symbol(last + 1, lead.had_so || lead.typed);
        let numbers: Vec<Range<usize>> = nums
            .iter()
            .map(|&n| self.toks[n].start..self.toks[n].end)
            .collect();
        let (suffix, end, next, partial) = match symbol {
            Some(sym) => (sym.suffix, sym.end, sym.next, false),
            None => (String::new(), self.toks[last].end, last + 1, true),
        };
        let (date_at, reached_end) = date_after(self.s, end);
        if reached_end && self.cut_end {
            self.cut_reached.set(true);
        }
        let mut issuer = self.issuer(date_at.map_or(end, |(_, e)| e));
        let mut date = date_at.map(|(d, _)| d);
        // Only a lead within the clause of its number: a window holds that clause (see
        // `windows`), where the date and issuer before are read.
        let lead_in_clause =
            || (lead.first..t).all(|k| !matches!(self.kind(k), Some(Kind::Space(n)) if n >= 2));
        if (date.is_none() || issuer.is_none())
            && lead_in_clause()
            && let Some((d, who)) = self.dated_before(lead.first)
        {
            date = date.or(Some(d));
            issuer = issuer.or(Some(who));
        }
        let type_word = lead.doc_type;
        if partial {
            if type_word.is_none() {
                return (None, next);
            }
            let first_digits = self.text(t);
            let looks_like_year = first_digits.len() == 4
                && (first_digits.starts_with("19") || first_digits.starts_with("20"));
            let marked = lead.had_so || date.is_some() || issuer.is_some();
            if !marked
                || self.is_quantity(last, date.is_some())
                || (looks_like_year && !lead.had_so)
            {
                return (None, next);
            }
        }
        let doc_type = type_word.map(str::to_string).or_else(|| {
            let written = format!("{}{}", self.text(last), suffix);
            type_of_number(&written).map(str::to_string)
        });
        let group = Group {
            lead_start: lead.start,
            numbers,
            suffix,
            end,
            doc_type,
            date,
            issuer,
            partial,
        };
        (Some(group), next)
    }

    /// Whether a number may start at token `t`: not the middle of a date, decimal, range or
    /// phone number.
    fn may_start(&self, t: usize) -> bool {
        let Some(d) = self.digits(t) else {
            return false;
        };
        if d.len() > MAX_NUMBER_DIGITS {
            return false;
        }
        t == 0 || !self.is_punct(t - 1, &['/', '-', '–', '—', '.', ',', '+', '%'])
    }

    /// Whether a number list or symbol may run through token `t` (a digit run, a part, a
    /// comma, dash or slash, white space within a line; a dot between parts, a line or page
    /// break after a separator, "và" before a number): a scan is never inside one just
    /// after any other token.
    fn in_chain(&self, t: usize) -> bool {
        match self.toks[t].kind {
            Kind::Digits | Kind::Space(0) => true,
            Kind::Punct('.') => self.kind(t + 1) == Some(Kind::Word),
            Kind::Punct(c) => matches!(c, ',' | '-' | '–' | '—' | '/'),
            Kind::Word if self.text(t) == "và" => {
                self.is_inline_space(t + 1) && self.digits(t + 2).is_some()
            }
            Kind::Word => is_part(self.text(t)) || is_loose_part(self.text(t)),
            Kind::Space(_) => {
                self.is_symbol_space(t)
                    && t.checked_sub(1)
                        .is_some_and(|p| self.is_dash(p) || self.is_punct(p, &['/']))
            }
        }
    }

    /// Byte offsets where the relation changes: a relation word, or a clause end (None).
    /// Only tokens starting before byte `before` are read: an event there or later decides
    /// no citation before it.
    fn relation_events(&self, before: usize) -> Vec<(usize, Option<Relation>)> {
        let mut events = Vec::new();
        let toks = self.toks.iter().take_while(|tok| tok.start < before);
        for (t, tok) in toks.enumerate() {
            match tok.kind {
                Kind::Word if RELATION_FIRST_BYTES[usize::from(self.s.as_bytes()[tok.start])] => {
                    let found = RELATION_WORDS.iter().find(|(a, b, _)| {
                        self.is_word(t, a) && self.next_word(t).is_some_and(|w| self.is_word(w, b))
                    });
                    if let Some((_, _, rel)) = found {
                        events.push((tok.start, Some(*rel)));
                    }
                }
                Kind::Punct(';' | '!' | '?') => events.push((tok.start, None)),
                Kind::Punct('.') => {
                    // "1.3" and "0271.3879" go on; "đã ban hành. Công văn" does not.
                    let ends_sentence = matches!(
                        self.kind(t + 1),
                        None | Some(Kind::Space(_) | Kind::Punct(_))
                    );
                    if ends_sentence {
                        events.push((tok.start, None));
                    }
                }
                Kind::Space(n) if n >= 2 => events.push((tok.start, None)),
                _ => {}
            }
        }
        events
    }
}

/// The type a number's code names; for state-style numbers with a year (`30/2020/NĐ-CP`)
/// the code comes after the year.
fn type_of_number(number: &str) -> Option<&'static str> {
    type_from_number(number).or_else(|| {
        let (n, rest) = number.split_once('/')?;
        let (year, code) = rest.split_once('/')?;
        (year.len() == 4 && year.bytes().all(|b| b.is_ascii_digit()))
            .then(|| type_from_number(&format!("{n}/{code}")))
            .flatten()
    })
}

/// `ngày 12/10/2018`, `, ngày 26/11/2021`, `ngày 01 tháng 3 năm 2017`, `ngày 01-10-1997`,
/// `ngày06/5/2005` directly after byte `from` (same line); the date and where it ends, and
/// whether the grammar looked at the end of `s` (where a longer text might read otherwise).
fn date_after(s: &str, from: usize) -> (Option<(NaiveDate, usize)>, bool) {
    let mut p = Cursor {
        s,
        at: from,
        reached_end: false,
    };
    let date = p.date();
    (date, p.reached_end)
}

/// A position in a string for the small date grammar.
struct Cursor<'s> {
    s: &'s str,
    at: usize,
    /// Some step needed more of `s` than there is.
    reached_end: bool,
}

impl<'s> Cursor<'s> {
    fn date(&mut self) -> Option<(NaiveDate, usize)> {
        self.skip_inline_space();
        if self.eat(",") {
            self.skip_inline_space();
        }
        if !self.eat_word_ci("ngày") {
            return None;
        }
        self.skip_inline_space();
        let day = self.number(2)?;
        let (month, year);
        if self.eat("/") || self.eat("-") || self.eat(".") {
            month = self.number(2)?;
            if !(self.eat("/") || self.eat("-") || self.eat(".")) {
                return None;
            }
            year = self.number(4)?;
        } else {
            self.skip_inline_space();
            if !self.eat_word_ci("tháng") {
                return None;
            }
            self.skip_inline_space();
            month = self.number(2)?;
            self.skip_inline_space();
            if !self.eat_word_ci("năm") {
                return None;
            }
            self.skip_inline_space();
            year = self.number(4)?;
        }
        let year = i32::try_from(year).ok()?;
        let date = NaiveDate::from_ymd_opt(year, month, day)?;
        Some((date, self.at))
    }

    fn rest(&self) -> &'s str {
        &self.s[self.at..]
    }

    fn skip_inline_space(&mut self) {
        let rest = self.rest();
        let trimmed = rest.trim_start_matches(|c: char| c.is_whitespace() && c != '\n');
        self.reached_end |= trimmed.is_empty();
        self.at += rest.len() - trimmed.len();
    }

    fn eat(&mut self, lit: &str) -> bool {
        let rest = self.rest();
        self.reached_end |= rest.len() < lit.len();
        let ok = rest.starts_with(lit);
        if ok {
            self.at += lit.len();
        }
        ok
    }

    /// A word, case-insensitively, not followed by a letter ("ngày06" is "ngày" + "06").
    fn eat_word_ci(&mut self, lower: &str) -> bool {
        let n = lower.chars().count();
        let rest = self.rest();
        // Only the first `n` chars are looked at, so that this stays constant-time.
        let end = rest.char_indices().nth(n).map_or(rest.len(), |(i, _)| i);
        self.reached_end |= end == rest.len();
        let ok = eq_lower(&rest[..end], lower) && !rest[end..].starts_with(char::is_alphabetic);
        if ok {
            self.at += end;
        }
        ok
    }

    /// Up to `max` ASCII digits, not followed by another digit.
    fn number(&mut self, max: usize) -> Option<u32> {
        let rest = self.rest();
        let len = rest.bytes().take_while(u8::is_ascii_digit).count();
        self.reached_end |= len == rest.len();
        if len == 0 || len > max {
            return None;
        }
        let value = rest[..len].parse().ok();
        self.at += len;
        value
    }
}

/// Whether only a list connector (",", "và", white space) lies between two groups.
fn is_connector(between: &str) -> bool {
    if between.len() > 24 {
        return false;
    }
    let rest = between.trim_start_matches(|c: char| c.is_whitespace() || c == ',');
    let rest = ["và", "Và", "cùng"]
        .iter()
        .find_map(|w| rest.strip_prefix(w))
        .unwrap_or(rest);
    rest.trim_start_matches(|c: char| c.is_whitespace() || c == ',')
        .is_empty()
}

/// Every citation in `text`, in text order. The caller passes NFC text (documents are
/// normalised on reading); other text is matched in NFC too, and spans still index `text`.
/// Linear in the length of the text; never panics.
///
/// Most of a body cites nothing, so only the windows `windows` picks around the places a
/// citation needs (a symbol's slash, a number after a type word) are scanned; each gives
/// what the scan of the whole text gives there, or is widened until it does.
pub fn find_citations(text: &str) -> Vec<Citation> {
    let mut out = Vec::new();
    let whole_is_nfc = OnceCell::new();
    let mut toks = Vec::new();
    let mut windows = Windows::new(text);
    while let Some(mut window) = windows.next_window() {
        loop {
            if let Some(found) = find_in_window(text, &window, &whole_is_nfc, &mut toks) {
                out.extend(found);
                break;
            }
            windows.widen(&mut window);
        }
    }
    out
}

/// Places in `text` that look like a citation but that [`find_citations`] cannot read
/// whole: "số", "Số:" or a type word, a number, then a `-` or `/` followed by letters
/// (`Công văn số 1498- cv/hu`, `Quyết định số 217-QĐ/`), where no citation was found. Their
/// byte ranges in `text`, from the number to the end of what follows it on the line, so that
/// `check` names them with their line instead of losing them without a word. A pass over
/// the whole text: for `check`, not for the build.
pub fn find_unreadable(text: &str) -> Vec<Range<usize>> {
    let found = find_citations(text);
    let nfc = NfcText::new(text);
    let mut toks = Vec::new();
    tokenize_into(nfc.as_str(), &mut toks);
    let scanner = Scanner {
        s: nfc.as_str(),
        toks: &toks,
        cut_end: false,
        cut_reached: Cell::new(false),
        led: Cell::new(false),
        lower: Cell::new(false),
    };
    let mut out = Vec::new();
    let mut t = 0;
    while t < toks.len() {
        if !scanner.may_start(t) {
            t += 1;
            continue;
        }
        let lead = scanner.lead(t);
        let mut k = t + 1;
        if scanner.is_inline_space(k) {
            k += 1;
        }
        let sep = scanner.is_dash(k) || scanner.is_punct(k, &['/']);
        let mut w = k + 1;
        if scanner.is_inline_space(w) {
            w += 1;
        }
        let letters_after = matches!(scanner.kind(w), Some(Kind::Word) | None);
        if !(sep && letters_after && (lead.had_so || lead.typed)) {
            t += 1;
            continue;
        }
        let span = nfc.original_span(toks[t].start..toks[t].end);
        if found
            .iter()
            .any(|c| c.span.start <= span.start && span.start < c.span.end)
        {
            t += 1;
            continue;
        }
        // What follows on the line while it could be a symbol: not a Vietnamese word ("của",
        // "ngày"), and a few parts at most.
        let mut end = t;
        while let Some(kind) = scanner.kind(end + 1) {
            let goes_on = match kind {
                Kind::Digits | Kind::Space(0) => true,
                Kind::Word => scanner
                    .text(end + 1)
                    .chars()
                    .all(|c| c.is_ascii_alphanumeric() || matches!(c, 'Đ' | 'đ' | 'Ư' | 'ư')),
                Kind::Punct(c) => matches!(c, '-' | '–' | '—' | '/' | '.'),
                Kind::Space(_) => false,
            };
            if !goes_on || end + 1 > w + 6 {
                break;
            }
            end += 1;
        }
        while end > t && matches!(toks[end].kind, Kind::Space(_) | Kind::Punct('.')) {
            end -= 1;
        }
        let span = nfc.original_span(toks[t].start..toks[end].end);
        out.push(span);
        t = end + 1;
    }
    out
}

/// The citations of `text` whose numbers start in `window`, or None when telling them
/// needed text past the window's end. `toks` is the buffer for the window's tokens.
fn find_in_window(
    text: &str,
    window: &Window,
    whole_is_nfc: &OnceCell<bool>,
    toks: &mut Vec<Tok>,
) -> Option<Vec<Citation>> {
    let base = window.range.start;
    let nfc = NfcText::new(&text[window.range.clone()]);
    tokenize_into(nfc.as_str(), toks);
    let scanner = Scanner {
        s: nfc.as_str(),
        toks,
        cut_end: window.range.end < text.len(),
        cut_reached: Cell::new(false),
        led: Cell::new(false),
        lower: Cell::new(false),
    };
    // Where the scan of the whole text would be too: after a token no number list or symbol
    // runs through (see `Scanner::in_chain`).
    let first = if base == 0 {
        0
    } else {
        (0..scanner.toks.len())
            .find(|&t| !scanner.in_chain(t))
            .map_or(scanner.toks.len(), |k| k + 1)
    };
    let stop = nfc.nfc_offset_ceil(window.stop - base);

    let mut groups: Vec<Group> = Vec::new();
    // Indices into `groups` of the list still open (no date or issuer yet).
    let mut open: Vec<usize> = Vec::new();
    let mut t = first;
    while t < scanner.toks.len() && scanner.toks[t].start < stop {
        if !scanner.may_start(t) {
            t += 1;
            continue;
        }
        let (group, next) = scanner.group(t);
        if scanner.cut_reached.get() {
            return None;
        }
        t = next.max(t + 1);
        let Some(group) = group else { continue };
        let joins = open.last().is_some_and(|&g| {
            let prev_end = groups[g].end;
            prev_end <= group.lead_start && is_connector(&scanner.s[prev_end..group.lead_start])
        });
        if !joins {
            open.clear();
        }
        let closes = group.date.is_some() || group.issuer.is_some();
        if closes {
            for &g in &open {
                let member = &mut groups[g];
                if member.suffix == group.suffix {
                    member.date = member.date.or(group.date);
                    member.issuer = member.issuer.take().or_else(|| group.issuer.clone());
                }
            }
            open.clear();
        } else {
            open.push(groups.len());
        }
        groups.push(group);
    }

    let mut out = Vec::new();
    if groups.is_empty() {
        return Some(out);
    }
    // The window holds a clause end before its first citation, so the relation words and
    // clause ends in it are all that decide relations.
    let last_number = groups
        .iter()
        .flat_map(|g| &g.numbers)
        .map(|n| n.start)
        .max();
    let events = scanner.relation_events(last_number.unwrap_or(0));
    let mut next_event = 0;
    let mut relation = Relation::Mentions;
    for mut group in groups {
        let count = group.numbers.len();
        for (i, digits) in group.numbers.iter().enumerate() {
            let last = i + 1 == count;
            while next_event < events.len() && events[next_event].0 < digits.start {
                relation = events[next_event].1.unwrap_or(Relation::Mentions);
                next_event += 1;
            }
            let end = if last { group.end } else { digits.end };
            let number = [&scanner.s[digits.clone()], group.suffix.as_str()].concat();
            let span = nfc.original_span(digits.start..end);
            let mut span = span.start + base..span.end + base;
            // A text that is not NFC has its spans widened over the marks after them (whole
            // NFC segments); a window of it may be NFC, and then is widened here alike.
            if nfc.is_borrowed()
                && text[span.end..].starts_with(windows::is_mark)
                && !*whole_is_nfc.get_or_init(|| is_nfc(text))
            {
                let rest = &text[span.end..];
                span.end += rest.find(|c| !windows::is_mark(c)).unwrap_or(rest.len());
            }
            // A symbol broken over lines links its first line: a link cannot hold a line
            // break of the Markdown source.
            if let Some(nl) = text[span.clone()].find('\n') {
                span.end = span.start + text[span.start..span.start + nl].trim_end().len();
            }
            out.push(Citation {
                span,
                key: number_key(&number),
                number,
                // The group's last citation takes its texts; the others copy them.
                doc_type: if last {
                    group.doc_type.take()
                } else {
                    group.doc_type.clone()
                },
                date: group.date,
                issuer: if last {
                    group.issuer.take()
                } else {
                    group.issuer.clone()
                },
                relation,
                partial: group.partial,
            });
        }
    }
    Some(out)
}

mod windows;

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::Datelike;
    use proptest::prelude::*;
    use unicode_normalization::UnicodeNormalization;

    /// The tokenizer as it was, char by char merging into the last token: what
    /// `tokenize_into` must give.
    fn tokenize_by_chars(s: &str) -> Vec<Tok> {
        let mut toks: Vec<Tok> = Vec::new();
        for (i, c) in s.char_indices() {
            let end = i + c.len_utf8();
            let kind = if is_letter(c) || c.is_numeric() {
                if c.is_ascii_digit() {
                    Kind::Digits
                } else {
                    Kind::Word
                }
            } else if c.is_whitespace() {
                Kind::Space(usize::from(c == '\n'))
            } else {
                toks.push(Tok {
                    kind: Kind::Punct(c),
                    start: i,
                    end,
                });
                continue;
            };
            if let Some(last) = toks.last_mut() {
                match (last.kind, kind) {
                    (Kind::Word | Kind::Digits, Kind::Word | Kind::Digits) => {
                        last.kind = if last.kind == Kind::Digits && kind == Kind::Digits {
                            Kind::Digits
                        } else {
                            Kind::Word
                        };
                        last.end = end;
                        continue;
                    }
                    (Kind::Space(a), Kind::Space(b)) => {
                        last.kind = Kind::Space(a + b);
                        last.end = end;
                        continue;
                    }
                    _ => {}
                }
            }
            toks.push(Tok {
                kind,
                start: i,
                end,
            });
        }
        toks
    }

    fn tokens(s: &str) -> Vec<(Kind, usize, usize)> {
        let mut toks = Vec::new();
        tokenize_into(s, &mut toks);
        toks.iter().map(|t| (t.kind, t.start, t.end)).collect()
    }

    #[test]
    fn tokenizer_agrees_with_the_char_by_char_one() {
        let mut all = String::new();
        for c in (0..0x3100).filter_map(char::from_u32) {
            all.push(c);
            all.push(if c.is_ascii_digit() { 'x' } else { '1' });
        }
        for s in [
            all.as_str(),
            "",
            "a",
            " \n\n ",
            "12ab 3 4\u{301}–5/CV\u{b}\u{85}x",
        ] {
            let want: Vec<_> = tokenize_by_chars(s)
                .iter()
                .map(|t| (t.kind, t.start, t.end))
                .collect();
            assert_eq!(tokens(s), want, "{s:?}");
        }
    }

    fn numbers(text: &str) -> Vec<String> {
        find_citations(text).into_iter().map(|c| c.number).collect()
    }

    #[test]
    fn eq_lower_matches_every_capital_of_the_latin_blocks() {
        let latin = (0x41..0x5b).chain(0xc0..0x250).chain(0x1e00..0x1f00);
        let mut other_length = Vec::new();
        for c in latin.filter_map(char::from_u32) {
            let upper = format!("T{c}");
            let lower = upper.to_lowercase();
            if lower.len() == upper.len() {
                assert!(eq_lower(&upper, &lower), "{c:?}");
            } else {
                other_length.push(c);
            }
        }
        // None of these lowercases to a letter of Vietnamese.
        assert_eq!(other_length, ['İ', 'Ⱥ', 'Ⱦ', 'ẞ']);
        assert!(eq_lower("THỰC", "thực") && eq_lower("Căn", "căn") && !eq_lower("Căn", "cản"));
    }

    fn date(y: i32, m: u32, d: u32) -> Option<NaiveDate> {
        NaiveDate::from_ymd_opt(y, m, d)
    }

    fn one(text: &str) -> Citation {
        let mut found = find_citations(text);
        assert_eq!(found.len(), 1, "{text}: {found:?}");
        found.remove(0)
    }

    /// The expected numbers of every line of citation_examples.txt, in order.
    const EXAMPLES: &[&[&str]] = &[
        &["224-TB/BDVTU"],
        &[],
        &["467-CV/HU"],
        &["217-QĐ/TW", "218-QĐ/TW"],
        &["217-QĐ/TW", "218-QĐ/TW"],
        &["217-QĐ/TW", "218-QĐ/TW", "119-KL/HU"],
        &["16/CT-TTg"],
        &["33/CT-TTg"],
        &["18-NQ/TW", "19-NQ/TW"],
        &["1669-QĐ/TU"],
        &["24-CT/TU"],
        &["70-KH/BDVTU-BCSDUB"],
        &["36/HD-SNV"],
        &["1030/QĐ-UBND"],
        &["07/KH-UBND"],
        &["20-CTr/HU", "13-CTr/ĐU", "25-NQ/TW"],
        &["114-KL/TW"],
        &["124-QĐ/TW"],
        &["08-QĐi/TW"],
        &["08-QĐi/TW"],
        &["646-QĐ/QUTW"],
        &["1449-CV/HU"],
        &["25-CT/HU"],
        &["8011-CV/BTCTW"],
        &["121-KL/TW"],
        &["11997-CV/VPTW"],
        &["22/CT-TW"],
        &["238/UBND-KGVX"],
        &["164-KH/TU", "12-CT/TW"],
        &["819/NQ-UVBTVQH14"],
        &["35/2023/UBTVQH15"],
        &["714-TB/TU"],
        &["316/PA-UBND"],
        &["101/QĐ-TTG"],
        &["21/KH-UBND", "197/STTTT"],
        &["19/2008/NQLT/CP-UBTUMTTQVN"],
        &["55/2005/TTLT-BNV-VPCP"],
        &["31-QĐ/TW"],
        &["30/2020/NĐ-CP"],
        &["36-HD/VPTW"],
        &["4912/UBND-NC"],
        &["2221/UBND-TH"],
        &["63/2010/NĐCP"],
        &["282/QĐ-TTg", "48-CT/TW"],
        &["05/CT-BCA-V28"],
        &["62-KH/BDVTU"],
        &["110-NQ/TU"],
        &["1518-QĐ/TW", "38-TB/BNCTU"],
        &["217", "218"],
        &["50"],
        &["999", "35-CT/TW"],
        &["57"],
    ];

    #[test]
    fn every_line_of_citation_examples() {
        let file = include_str!("../../tests/fixtures/citation_examples.txt");
        let lines: Vec<&str> = file.lines().filter(|l| !l.starts_with('#')).collect();
        assert_eq!(lines.len(), EXAMPLES.len(), "one expectation a line");
        for (line, expected) in lines.iter().zip(EXAMPLES) {
            assert_eq!(numbers(line), *expected, "{line}");
            for c in find_citations(line) {
                assert_eq!(c.key, number_key(&c.number));
                assert!(!line[c.span.clone()].is_empty());
            }
        }
    }

    #[test]
    fn windows_agree_with_the_whole_scan_on_the_fixtures_and_seeds() {
        let texts = [
            include_str!("../../tests/fixtures/citation_examples.txt"),
            include_str!("../../tests/fixtures/seeds/000_5aa3c4687815ebe1.txt"),
            include_str!("../../tests/fixtures/seeds/001_722184abcb64ec0c.txt"),
            include_str!("../../tests/fixtures/seeds/002_10dca3358ca28552.txt"),
            include_str!("../../tests/fixtures/seeds/003_e53e942f7120bd4d.txt"),
            include_str!("../../tests/fixtures/seeds/004_323d4286c9b22a84.txt"),
        ];
        for text in texts {
            check_invariants(text);
            check_invariants(&text.nfd().collect::<String>());
            for line in text.lines() {
                check_invariants(line);
            }
        }
    }

    #[test]
    fn a_relation_word_far_before_its_citation_still_governs_it() {
        let filler = " các cơ quan, đơn vị và Ban Thường vụ Huyện ủy".repeat(40);
        let text = format!("Thực hiện{filler} Công văn số 1-CV/HU. Kế hoạch số 2-KH/HU");
        let found = find_citations(&text);
        assert_eq!(
            found.iter().map(|c| c.relation).collect::<Vec<_>>(),
            [Relation::Implements, Relation::Mentions]
        );
        check_invariants(&text);
    }

    #[test]
    fn a_long_issuer_after_a_cut_window_is_read_whole() {
        let issuer = "Ban Thường vụ Huyện ủy Hón Quản Bình Phước và Ủy ban Mặt trận Tổ quốc";
        let text = format!(
            "Công văn số 1-CV/HU ngày 01 tháng 3 năm 2017 của {issuer} về việc {}",
            "các đơn vị ".repeat(100)
        );
        assert_eq!(one(&text).issuer.as_deref(), Some(issuer));
        check_invariants(&text);
    }

    #[test]
    fn spec_section_4_forms() {
        let c = one("Thông báo số 224-TB/BDVTU ngày 12/10/2018 của Ban Dân vận Tỉnh ủy");
        assert_eq!(c.number, "224-TB/BDVTU");
        assert_eq!(c.key, "224/TB/BDVTU");
        assert_eq!(c.doc_type.as_deref(), Some("Thông báo"));
        assert_eq!(c.date, date(2018, 10, 12));
        assert_eq!(c.issuer.as_deref(), Some("Ban Dân vận Tỉnh ủy"));
        assert_eq!(c.relation, Relation::Mentions);
        assert!(!c.partial);

        let c = one("Công văn số 467-CV/HU ngày 01 tháng 3 năm 2017 của Ban Thường vụ Huyện ủy");
        assert_eq!(c.date, date(2017, 3, 1));
        assert_eq!(c.issuer.as_deref(), Some("Ban Thường vụ Huyện ủy"));

        let c = one("Quyết định 1669-QĐ/TU ngày 17/5/2010 của Tỉnh ủy");
        assert_eq!(
            (c.number.as_str(), c.doc_type.as_deref()),
            ("1669-QĐ/TU", Some("Quyết định"))
        );
        assert_eq!(c.issuer.as_deref(), Some("Tỉnh ủy"));

        let c = one("Chỉ thị số 16/CT-TTg ngày 16/5/2016 của Thủ tướng Chính phủ");
        assert_eq!(c.number, "16/CT-TTg");
        assert_eq!(c.issuer.as_deref(), Some("Thủ tướng Chính phủ"));
        let c = one("Chỉ thị số 33/CT-TTg, ngày 26/11/2021");
        assert_eq!(c.date, date(2021, 11, 26));

        let c = one("Kế hoạch số 70-KH/BDVTU-BCSDUB, ngày 14/3/2018");
        assert_eq!(c.number, "70-KH/BDVTU-BCSDUB");
        assert_eq!(c.date, date(2018, 3, 14));

        let found =
            find_citations("Quyết định số 217-QĐ/TW và Quyết định số 218-QĐ/TW ngày 12/12/2013");
        assert_eq!(found.len(), 2);
        assert!(found.iter().all(|c| c.date == date(2013, 12, 12)));

        let text = "Quyết định số 217,218-QĐ/TW";
        let found = find_citations(text);
        assert_eq!(numbers(text), ["217-QĐ/TW", "218-QĐ/TW"]);
        assert_eq!(&text[found[0].span.clone()], "217");
        assert_eq!(&text[found[1].span.clone()], "218-QĐ/TW");
        assert!(
            found
                .iter()
                .all(|c| c.doc_type.as_deref() == Some("Quyết định"))
        );

        let text = "Nghị quyết 18, 19-NQ/TW";
        let found = find_citations(text);
        assert_eq!(numbers(text), ["18-NQ/TW", "19-NQ/TW"]);
        assert_eq!(&text[found[0].span.clone()], "18");
        assert_eq!(&text[found[1].span.clone()], "19-NQ/TW");

        let c = one("Chỉ thị số số 24-CT/TU");
        assert_eq!(
            (c.number.as_str(), c.doc_type.as_deref()),
            ("24-CT/TU", Some("Chỉ thị"))
        );

        let text = "Số 44/ CV/HU";
        let c = one(text);
        assert_eq!(&text[c.span.clone()], "44/ CV/HU");
        assert_eq!(c.number, "44-CV/HU");
        assert_eq!(c.key, number_key("44-CV/HU"));
        assert_eq!(c.doc_type.as_deref(), Some("Công văn"));
    }

    /// One form of issue 19: the text, then each citation's number, date and issuer.
    type Expect = (&'static str, Option<(i32, u32, u32)>, Option<&'static str>);

    fn check_forms(forms: &[(&str, &[Expect])]) {
        for (text, want) in forms {
            let found = find_citations(text);
            let got: Vec<Expect> = found
                .iter()
                .map(|c| {
                    (
                        want.iter()
                            .map(|w| w.0)
                            .find(|n| *n == c.number)
                            .unwrap_or("?"),
                        c.date.map(|d| (d.year(), d.month(), d.day())),
                        want.iter()
                            .filter_map(|w| w.2)
                            .find(|i| Some(*i) == c.issuer.as_deref())
                            .or(c.issuer.as_ref().map(|_| "?")),
                    )
                })
                .collect();
            assert_eq!(
                (got.as_slice(), numbers(text)),
                (
                    *want,
                    want.iter().map(|w| w.0.to_string()).collect::<Vec<_>>()
                ),
                "{text}: {found:?}"
            );
            check_invariants(text);
        }
    }

    #[test]
    fn spaces_around_dash_and_slash_anywhere() {
        check_forms(&[
            (
                "công văn số 1498- CV/ HU ngày 24/9/2018 của huyện ủy về việc",
                &[("1498-CV/HU", Some((2018, 9, 24)), None)],
            ),
            (
                "Công văn số 12- CV/ HU của Ban Thường vụ Huyện ủy",
                &[("12-CV/HU", None, Some("Ban Thường vụ Huyện ủy"))],
            ),
            (
                "Công văn số 17/ UBND- VX ngày 02/01/2019 của UBND huyện",
                &[("17/UBND-VX", Some((2019, 1, 2)), Some("UBND huyện"))],
            ),
            (
                "Quyết định số 367 - QĐ/TWĐTN ngày 5/3/2019",
                &[("367-QĐ/TWĐTN", Some((2019, 3, 5)), None)],
            ),
            (
                "Quyết định số 367 – QĐ / TWĐTN, ngày 5/3/2019",
                &[("367-QĐ/TWĐTN", Some((2019, 3, 5)), None)],
            ),
            ("Số 118 -CV/BDVHU", &[("118-CV/BDVHU", None, None)]),
            ("Số:    111   /CV - UBND", &[("111/CV-UBND", None, None)]),
            (
                "Quyết định số 84 QĐ/TWĐTN ngày 01 tháng 6 năm 2020",
                &[("84-QĐ/TWĐTN", Some((2020, 6, 1)), None)],
            ),
            (
                "văn bản số 197 /STTTT về việc",
                &[("197/STTTT", None, None)],
            ),
        ]);
    }

    #[test]
    fn dots_and_extra_parts_in_the_code() {
        check_forms(&[
            (
                "Thông báo số 26/TB-VP.UBND ngày 06/02/2018 của Văn phòng UBND tỉnh",
                &[(
                    "26/TB-VP.UBND",
                    Some((2018, 2, 6)),
                    Some("Văn phòng UBND tỉnh"),
                )],
            ),
            (
                "Kế hoạch số 70-KH/BDVTU-BCSDUB, ngày 14/3/2018",
                &[("70-KH/BDVTU-BCSDUB", Some((2018, 3, 14)), None)],
            ),
            (
                "Thông tư số 01/2011/TT-BNV ngày 19/01/2011 của Bộ Nội vụ",
                &[("01/2011/TT-BNV", Some((2011, 1, 19)), Some("Bộ Nội vụ"))],
            ),
            (
                "Nghị định số 30/2020/NĐ-CP ngày 05/3/2020 của Chính phủ",
                &[("30/2020/NĐ-CP", Some((2020, 3, 5)), Some("Chính phủ"))],
            ),
            (
                "Quy định số 08-QĐi/TW ngày 25/10/2018",
                &[("08-QĐi/TW", Some((2018, 10, 25)), None)],
            ),
            (
                "Chỉ thị số 24-CT/TƯ ngày 27/2/2018 của Ban Thường vụ Tỉnh ủy",
                &[(
                    "24-CT/TƯ",
                    Some((2018, 2, 27)),
                    Some("Ban Thường vụ Tỉnh ủy"),
                )],
            ),
            // A sentence's end is no dot inside a code.
            (
                "theo Công văn số 12-CV/HU. UBND huyện",
                &[("12-CV/HU", None, None)],
            ),
        ]);
        // Any case after "số" or a type word; capitals elsewhere, and after a spaced
        // separator unless the symbol is in lower case already.
        check_forms(&[
            (
                "công văn số 1498-cv/hu ngày 24/9/2018",
                &[("1498-cv/hu", Some((2018, 9, 24)), None)],
            ),
            (
                "Kế hoạch số 70 - kh / bdvtu - bcsdub",
                &[("70-kh/bdvtu-bcsdub", None, None)],
            ),
            (
                "Quyết định số 12/QĐ-UBND - ban hành quy chế",
                &[("12/QĐ-UBND", None, None)],
            ),
        ]);
        assert_eq!(one("số 1498-cv/hu").key, number_key("1498-CV/HU"));
        assert_eq!(numbers("theo 1498-cv/hu"), Vec::<String>::new());
        let c = one("Chỉ thị số 24-CT/TƯ");
        assert_eq!(c.key, number_key("24-CT/TU"));
        let c = one("Thông báo số 26/TB-VP.UBND");
        assert_eq!(c.key, number_key("26/TB-VP-UBND"));
        assert_eq!(c.doc_type.as_deref(), Some("Thông báo"));
    }

    #[test]
    fn the_word_before_misspelt_doubled_or_with_a_colon_and_types_in_lower_case() {
        check_forms(&[
            (
                "Công văn sô 44-CV/HU ngày 01/3/2017",
                &[("44-CV/HU", Some((2017, 3, 1)), None)],
            ),
            (
                "Chỉ thị số số 24-CT/TU ngày 27/2/2018",
                &[("24-CT/TU", Some((2018, 2, 27)), None)],
            ),
            ("Số: 44-CV/HU", &[("44-CV/HU", None, None)]),
            ("Công văn Số : 44-CV/HU", &[("44-CV/HU", None, None)]),
            (
                "theo công văn số 467-CV/HU của Ban Thường vụ Huyện ủy",
                &[("467-CV/HU", None, Some("Ban Thường vụ Huyện ủy"))],
            ),
            (
                "thực hiện chỉ thị số 16/CT-TTg ngày 16/5/2016",
                &[("16/CT-TTg", Some((2016, 5, 16)), None)],
            ),
        ]);
        assert_eq!(
            one("công văn sô 44-CV/HU").doc_type.as_deref(),
            Some("Công văn")
        );
        assert_eq!(
            one("Thông báo sô 50 mời tiếp dân").doc_type.as_deref(),
            Some("Thông báo")
        );
        assert_eq!(
            one("chỉ thị số 16/CT-TTg").doc_type.as_deref(),
            Some("Chỉ thị")
        );
    }

    #[test]
    fn a_citation_broken_over_a_line_or_a_page() {
        check_forms(&[
            (
                "Công văn số 1498-\nCV/HU ngày 24/9/2018",
                &[("1498-CV/HU", Some((2018, 9, 24)), None)],
            ),
            (
                "Thông báo số 224-TB/\nBDVTU ngày 12/10/2018 của Ban Dân vận Tỉnh ủy",
                &[(
                    "224-TB/BDVTU",
                    Some((2018, 10, 12)),
                    Some("Ban Dân vận Tỉnh ủy"),
                )],
            ),
            (
                "Thông báo số\n224-TB/BDVTU ngày 12/10/2018",
                &[("224-TB/BDVTU", Some((2018, 10, 12)), None)],
            ),
            (
                "Quyết định số 1030/QĐ-\u{c}UBND ngày 01/6/2018",
                &[("1030/QĐ-UBND", Some((2018, 6, 1)), None)],
            ),
            (
                "Quyết định số 1030/QĐ-\n\u{c}\nUBND ngày 01/6/2018",
                &[("1030/QĐ-UBND", Some((2018, 6, 1)), None)],
            ),
        ]);
        // A blank line ends the symbol: the next paragraph is not its part.
        assert_eq!(numbers("Số 12/UBND-\n\nVX"), ["12/UBND"]);
    }

    #[test]
    fn date_and_issuer_before_the_number_or_after_it() {
        check_forms(&[
            (
                "Ngày 22 tháng 12 năm 2017, Ban Bí thư ban hành Chỉ thị số 16-CT/TW về tăng cường",
                &[("16-CT/TW", Some((2017, 12, 22)), Some("Ban Bí thư"))],
            ),
            (
                "Ngày 12/9/2018, Ban Dân vận Tỉnh ủy đã ban hành Kế hoạch số 62-KH/BDVTU về tổ chức",
                &[(
                    "62-KH/BDVTU",
                    Some((2018, 9, 12)),
                    Some("Ban Dân vận Tỉnh ủy"),
                )],
            ),
            (
                "Ngày 25/4/2020 Văn phòng Trung ương Đảng đã có Công văn số 11997-CV/VPTW về việc",
                &[(
                    "11997-CV/VPTW",
                    Some((2020, 4, 25)),
                    Some("Văn phòng Trung ương Đảng"),
                )],
            ),
            (
                "Ngày 01 tháng 7 năm 2024, Huyện ủy M'Đrắk ban hành Kết luận số 18-KL/HU về",
                &[("18-KL/HU", Some((2024, 7, 1)), Some("Huyện ủy M'Đrắk"))],
            ),
            (
                "Kết luận số 18-KL/HU của Huyện ủy M’Đrắk về",
                &[("18-KL/HU", None, Some("Huyện ủy M’Đrắk"))],
            ),
            (
                "Chỉ thị số 33/CT-TTg, ngày 26/11/2021 của Thủ tướng Chính phủ",
                &[(
                    "33/CT-TTg",
                    Some((2021, 11, 26)),
                    Some("Thủ tướng Chính phủ"),
                )],
            ),
            (
                "Công văn số 467-CV/HU ngày 01 tháng 3 năm 2017 của Ban Thường vụ Huyện ủy",
                &[(
                    "467-CV/HU",
                    Some((2017, 3, 1)),
                    Some("Ban Thường vụ Huyện ủy"),
                )],
            ),
            // A date without its year, or not followed by who issued, is not the citation's.
            (
                "Ngày 04/12, UBND tỉnh ban hành Công văn số 2221 /UBND-TH",
                &[("2221/UBND-TH", None, None)],
            ),
            (
                "Ngày 04/12/2019 tổ chức hội nghị quán triệt Công văn số 1-CV/HU",
                &[("1-CV/HU", None, None)],
            ),
        ]);
    }

    #[test]
    fn lists_of_numbers_with_one_symbol() {
        check_forms(&[
            (
                "Quyết định số 217,218-QĐ/TW ngày 12/12/2013",
                &[
                    ("217-QĐ/TW", Some((2013, 12, 12)), None),
                    ("218-QĐ/TW", Some((2013, 12, 12)), None),
                ],
            ),
            (
                "Nghị quyết 18, 19-NQ/TW của Ban Chấp hành Trung ương Đảng",
                &[
                    ("18-NQ/TW", None, Some("Ban Chấp hành Trung ương Đảng")),
                    ("19-NQ/TW", None, Some("Ban Chấp hành Trung ương Đảng")),
                ],
            ),
            (
                "các Thông báo số 12, 13 và 14-TB/HU của Huyện ủy",
                &[
                    ("12-TB/HU", None, Some("Huyện ủy")),
                    ("13-TB/HU", None, Some("Huyện ủy")),
                    ("14-TB/HU", None, Some("Huyện ủy")),
                ],
            ),
            (
                "các Thông báo số 12, 13, và 14-TB/HU",
                &[
                    ("12-TB/HU", None, None),
                    ("13-TB/HU", None, None),
                    ("14-TB/HU", None, None),
                ],
            ),
        ]);
        let found = find_citations("các Thông báo số 12, 13 và 14-TB/HU");
        assert!(
            found
                .iter()
                .all(|c| c.doc_type.as_deref() == Some("Thông báo") && !c.partial)
        );
    }

    #[test]
    fn not_citations() {
        for text in [
            "kỷ niệm (15/10/1930 - 15/10/2018) và 15/10/1930-15/10/2018",
            "tăng 27,1% so với cùng kỳ, đạt 100 %",
            "tổng kinh phí 77 tỷ 560 triệu đồng, số tiền 1.250.000 đồng",
            "Điện thoại: 0271.3879.123 - 0918 123 456, Số điện thoại 0263 3822 123",
            "Số ĐT: 0263.3822.123",
            "vào lúc 14 giờ 30 phút, từ 7h30 - 11h30, lúc 14:00 ngày 12/10/2018",
            "Thời gian: 8 giờ 00, ngày 12/10/2018",
            "giai đoạn 2021 - 2025 và 2019-2025",
            "1/ UBND huyện chỉ đạo; 2/ Ban Dân vận",
            "1- Tăng cường lãnh đạo\n2- Ban Cán sự đảng",
            "Báo cáo số liệu 6 tháng đầu năm",
        ] {
            assert_eq!(numbers(text), Vec::<String>::new(), "{text}");
            check_invariants(text);
            assert_eq!(find_unreadable(text), Vec::<Range<usize>>::new(), "{text}");
        }
    }

    #[test]
    fn what_looks_like_a_citation_but_cannot_be_read_is_named() {
        let text = "Thực hiện Công văn số 1498- CV của Huyện ủy\nvà Quyết định số 217-QĐ/ ngày";
        let spans = find_unreadable(text);
        let written: Vec<&str> = spans.iter().map(|r| &text[r.clone()]).collect();
        assert_eq!(written, ["1498- CV", "217-QĐ/"]);
        assert!(find_unreadable("Công văn số 1498- CV/ HU và số 26/TB-VP.UBND").is_empty());
    }

    #[test]
    fn stray_spaces_and_dashes_keep_the_written_span() {
        for (text, written, number) in [
            ("Quy định số 08- QĐi/TW của", "08- QĐi/TW", "08-QĐi/TW"),
            ("Số 118 -CV/BDVHU\n", "118 -CV/BDVHU", "118-CV/BDVHU"),
            (
                "Công văn số 2221 /UBND-TH, tổng hợp",
                "2221 /UBND-TH",
                "2221/UBND-TH",
            ),
            (
                "Nghị Quyết số 819/NQ – UVBTVQH 14",
                "819/NQ – UVBTVQH 14",
                "819/NQ-UVBTVQH14",
            ),
            ("Quyết định số 282/QĐ TTg ngày", "282/QĐ TTg", "282/QĐ-TTg"),
            ("Chỉ thị số 48 CT/TW ngày", "48 CT/TW", "48-CT/TW"),
            (
                "Chỉ thị số 05/CT BCA V28 ngày",
                "05/CT BCA V28",
                "05/CT-BCA-V28",
            ),
            (
                "Nghị định số 63/2010/NĐCP ngày",
                "63/2010/NĐCP",
                "63/2010/NĐCP",
            ),
        ] {
            let c = one(text);
            assert_eq!(&text[c.span.clone()], written, "{text}");
            assert_eq!(c.number, number, "{text}");
        }
    }

    #[test]
    fn doc_type_from_type_word_else_from_code() {
        let ty = |t: &str| one(t).doc_type;
        assert_eq!(ty("Quy định số 646/QĐ/QUTW").as_deref(), Some("Quy định"));
        assert_eq!(ty("Số 1213-CV/TU").as_deref(), Some("Công văn"));
        assert_eq!(ty("theo số 08-QĐi/TW").as_deref(), Some("Quy định"));
        assert_eq!(ty("số 30/2020/NĐ-CP").as_deref(), Some("Nghị định"));
        assert_eq!(ty("văn bản số 238/UBND-KGVX"), None);
        assert_eq!(
            ty("Nghị quyết Liên tịch số 19/2008/NQLT/CP-UBTUMTTQVN").as_deref(),
            Some("Nghị quyết liên tịch")
        );
        assert_eq!(
            ty("Chương trình hành động số 20-CTr/HU").as_deref(),
            Some("Chương trình hành động")
        );
        assert_eq!(
            ty("Nghị Quyết số 819/NQ – UVBTVQH 14").as_deref(),
            Some("Nghị quyết")
        );
    }

    #[test]
    fn relation_words_govern_their_clause() {
        let rel = |t: &str| {
            find_citations(t)
                .into_iter()
                .map(|c| c.relation)
                .collect::<Vec<_>>()
        };
        use Relation::*;
        assert_eq!(rel("Thực hiện Thông báo số 224-TB/BDVTU"), [Implements]);
        assert_eq!(
            rel("V/v triển khai thực hiện Thông báo số\n224-TB/BDVTU"),
            [Implements]
        );
        assert_eq!(rel("Quán triệt Quy định số 08- QĐi/TW"), [Implements]);
        assert_eq!(rel("Thi hành Điều 2 Quyết định số 31-QĐ/TW"), [Implements]);
        assert_eq!(rel("Căn cứ Nghị định số 30/2020/NĐ-CP"), [BasedOn]);
        assert_eq!(
            rel("Quyết định này thay thế Quyết định số 12-QĐ/HU"),
            [Replaces]
        );
        assert_eq!(
            rel("Sửa đổi, bổ sung một số điều của Quy định số 08-QĐi/TW"),
            [Amends]
        );
        assert_eq!(rel("Bãi bỏ Quyết định số 12-QĐ/HU"), [Annuls]);
        assert_eq!(rel("HỦY BỎ Quyết định số 12-QĐ/HU"), [Annuls]);
        assert_eq!(rel("huỷ bỏ Quyết định số 12-QĐ/HU"), [Annuls]);
        assert_eq!(
            rel("Ngày 12/9/2018, Ban đã ban hành Kế hoạch số 62-KH/BDVTU"),
            [Mentions]
        );
        // The word governs the whole list, until ';'.
        assert_eq!(
            rel(
                "thực hiện Quyết định số 217-QĐ/TW và Quyết định số 218-QĐ/TW; Công văn số 1-CV/HU"
            ),
            [Implements, Implements, Mentions]
        );
        // A sentence end or a blank line ends it too; "1.3" does not.
        assert_eq!(rel("Thực hiện việc này. Công văn số 1-CV/HU"), [Mentions]);
        assert_eq!(rel("Thực hiện\n\nCông văn số 1-CV/HU"), [Mentions]);
        assert_eq!(
            rel("Căn cứ Điểm 1.3 Khoản 1 Hướng dẫn 36-HD/VPTW"),
            [BasedOn]
        );
        // A new relation word takes over.
        assert_eq!(
            rel("Căn cứ Quyết định số 282/QĐ TTg ban hành Kế hoạch thực hiện Chỉ thị số 48 CT/TW"),
            [BasedOn, Implements]
        );
    }

    #[test]
    fn dates_and_issuers() {
        let c = one(
            "Thông tư liên tịch số 55/2005/TTLT-BNV-VPCP ngày06/5/2005 của Bộ Nội vụ - Văn phòng Chính phủ",
        );
        assert_eq!(c.date, date(2005, 5, 6));
        assert_eq!(c.issuer.as_deref(), Some("Bộ Nội vụ - Văn phòng Chính phủ"));
        let c = one("Quyết định số 31-QĐ/TW, ngày 01-10-1997 ban hành Quy định");
        assert_eq!((c.date, c.issuer), (date(1997, 10, 1), None));
        let c = one("Nghị quyết 18-NQ/TW của Ban Chấp hành Trung ương Đảng (khóa XII)");
        assert_eq!(c.issuer.as_deref(), Some("Ban Chấp hành Trung ương Đảng"));
        let c = one(
            "Thông báo số\n224-TB/BDVTU ngày 12/10/2018\ncủa Ban Dân vận Tỉnh ủy\n\nĐẢNG CỘNG SẢN",
        );
        assert_eq!(c.issuer.as_deref(), Some("Ban Dân vận Tỉnh ủy"));
        let c = one("Quyết định 1669-QĐ/TU ngày 17/5/2010 của Tỉnh ủy ban hành Quy chế");
        assert_eq!(c.issuer.as_deref(), Some("Tỉnh ủy"));
        let c = one("Quyết định số 1030/QĐ-UBND ngày 01/6/2018 của UBND tỉnh Lâm Đồng về ban hành");
        assert_eq!(c.issuer.as_deref(), Some("UBND tỉnh Lâm Đồng"));
        let c = one(
            "Nghị quyết Liên tịch số 19/2008/NQLT/CP-UBTUMTTQVN ngày 22/8/2008 của Chính phủ và Ủy ban Trung ương Mặt trận Tổ quốc Việt Nam",
        );
        assert_eq!(
            c.issuer.as_deref(),
            Some("Chính phủ và Ủy ban Trung ương Mặt trận Tổ quốc Việt Nam")
        );
        let c = one("Phương án số 316/PA-UBND ngày 19/01/2024 của Ủy ban nhân dân tỉnh");
        assert_eq!(c.issuer.as_deref(), Some("Ủy ban nhân dân tỉnh"));
        // An impossible date is no date.
        assert_eq!(one("Công văn số 1-CV/HU ngày 31/2/2018").date, None);
        // A date before the citation is its date only when its issuer issues it there.
        let c = one("Ngày 25/4/2020 Văn phòng có Công văn số 11997-CV/VPTW");
        assert_eq!(
            (c.date, c.issuer.as_deref()),
            (date(2020, 4, 25), Some("Văn phòng"))
        );
        assert_eq!(
            one("Ngày 25/4/2020 tổ chức triển khai Công văn số 11997-CV/VPTW").date,
            None
        );
        // "của" starting a lowercase phrase names no issuer.
        assert_eq!(one("Công văn số 1-CV/HU của đ/c Trang").issuer, None);
    }

    #[test]
    fn a_date_after_a_list_covers_the_same_series_only() {
        let found = find_citations(
            "Quyết định số 217-QĐ/TW, Quyết định số 218-QĐ/TW ngày 12/12/2013 của Bộ Chính trị",
        );
        assert!(
            found.iter().all(
                |c| c.date == date(2013, 12, 12) && c.issuer.as_deref() == Some("Bộ Chính trị")
            )
        );
        let found = find_citations(
            "Quyết định số 217,218-QĐ/TW và Kết luận số 119-KL/HU ngày 15/5/2019 của Ban Thường vụ Huyện ủy",
        );
        assert_eq!(found[0].date, None);
        assert_eq!(found[1].date, None);
        assert_eq!(found[2].date, date(2019, 5, 15));
        // A citation that has its own date closes the list.
        let found = find_citations(
            "Chỉ thị số 1-CT/TU ngày 01/01/2019 và Chỉ thị số 2-CT/TU ngày 02/02/2020",
        );
        assert_eq!(found[0].date, date(2019, 1, 1));
        assert_eq!(found[1].date, date(2020, 2, 2));
        // Text other than a connector breaks the list.
        let found =
            find_citations("Chỉ thị số 1-CT/TU về việc A, Chỉ thị số 2-CT/TU ngày 02/02/2020");
        assert_eq!(found[0].date, None);
    }

    #[test]
    fn bare_numbers_after_a_type_word_are_partial() {
        let c = one("Ban Nội chính Tỉnh ủy ban hành Thông báo số 50 mời tiếp dân định kỳ");
        assert!(c.partial);
        assert_eq!((c.number.as_str(), c.key.as_str()), ("50", "50"));
        assert_eq!(c.doc_type.as_deref(), Some("Thông báo"));

        let found = find_citations("theo Quyết định 217, 218 của Bộ Chính trị.");
        assert_eq!(
            numbers("theo Quyết định 217, 218 của Bộ Chính trị."),
            ["217", "218"]
        );
        assert!(
            found
                .iter()
                .all(|c| c.partial && c.issuer.as_deref() == Some("Bộ Chính trị"))
        );

        let c = one("Quán triệt Kết luận 57 của Bộ Chính trị về tiếp tục");
        assert!(c.partial && c.relation == Relation::Implements);
        assert!(one("Đề án 999 của Tỉnh ủy: Đề nghị").partial);
        assert!(one("Quyết định 217 ngày 12/12/2013").partial);
        // A full citation is never partial.
        assert!(!one("Chỉ thị 35-CT/TW của Bộ Chính trị").partial);
    }

    #[test]
    fn no_false_hits() {
        for text in [
            "ngày 12/10/2018",
            "kỷ niệm 88 năm ngày truyền thống (15/10/1930 - 15/10/2018) và (15/10/1999 - 15/10/2018)",
            "Ngày truyền thống công tác dân vận của Đảng 15/10/1930-15/10/2019 và",
            "Ngày 24-10, UBND tỉnh có",
            "Ngày 04/12, UBND tỉnh ban hành",
            "ước thực hiện được 134 tỷ 869 triệu đồng đạt 106% dự toán, tăng 27,1% cùng kỳ",
            "có từ 30% đến 40% thôn đạt khu dân cư kiểu mẫu",
            "Điện thoại: 0271.3879.123, di động 0918 123 456",
            "giai đoạn 2019-2025, giai đoạn 2021 - 2025, giai đoạn 2017 – 2020",
            "- Lưu: VT,28b.",
            "công tác dân vận 09 tháng đầu năm; phương hướng nhiệm vụ 03 tháng cuối năm 2018",
            "nhân dịp Noel 2019.",
            "Ban Chỉ đạo 502 và Đề án 61 của huyện tổng kết",
            "Nghị quyết Đại hội Đảng bộ tỉnh lần thứ XX",
            "các Nghị quyết TW 7 khóa IX",
            "1- Tăng cường lãnh đạo\n2- Ban Cán sự đảng UBND tỉnh\n4- Mặt trận Tổ quốc",
            "1/ UBND huyện chỉ đạo; 2/ Ban Dân vận",
            "Số: /UBND-VX",
            "Covid-19/2021",
            "Báo cáo 6 tháng đầu năm, Kế hoạch 2019 của UBND",
            "Điểm 1.3 Khoản 1 Mục II",
            "V/v triển khai thực hiện Thông báo số",
        ] {
            assert_eq!(numbers(text), Vec::<String>::new(), "{text}");
        }
    }

    #[test]
    fn every_citation_in_the_seeds() {
        let seeds: [(&str, &[&str]); 5] = [
            (
                include_str!("../../tests/fixtures/seeds/000_5aa3c4687815ebe1.txt"),
                &[
                    "44-CV/HU",
                    "224-TB/BDVTU",
                    "224-TB/BDVTU",
                    "217-QĐ/TW",
                    "218-QĐ/TW",
                    "124-QĐ/TW",
                    "18-NQ/TW",
                    "19-NQ/TW",
                    "999",
                ],
            ),
            (
                include_str!("../../tests/fixtures/seeds/001_722184abcb64ec0c.txt"),
                &[
                    "121-CV/ĐU",
                    "467-CV/HU",
                    "20-CTr/HU",
                    "13-CTr/ĐU",
                    "25-NQ/TW",
                    "1669-QĐ/TU",
                    "16/CT-TTg",
                    "81-CV/ĐU",
                    "114-KL/TW",
                    "16-CT/TU",
                    "217",
                    "218",
                    "16/CT-TTg",
                ],
            ),
            (
                include_str!("../../tests/fixtures/seeds/002_10dca3358ca28552.txt"),
                &[
                    "919-CV/HU",
                    "43-KL/TW",
                    "120-KL/TW",
                    "217-QĐ/TW",
                    "218-QĐ/TW",
                    "872-QĐ/HU",
                    "33/CT-TTg",
                    "552-CV/HU",
                    "07/KH-UBND",
                ],
            ),
            (
                include_str!("../../tests/fixtures/seeds/003_e53e942f7120bd4d.txt"),
                &[
                    "1213-CV/TU",
                    "16/CT-TTg",
                    "03-CT/TU",
                    "2898-QĐ/TU",
                    "70-KH/BDVTU-BCSDUB",
                    "05-CT/TW",
                    "217-QĐ/TW",
                    "218-QĐ/TW",
                    "124-QĐ/TW",
                ],
            ),
            (
                include_str!("../../tests/fixtures/seeds/004_323d4286c9b22a84.txt"),
                &[
                    "118-CV/BDVHU",
                    "09-NQ/HU",
                    "12-NQ/HU",
                    "24-CT/TU",
                    "19-CT/TU",
                    "118-KL/HU",
                    "217-QĐ/TW",
                    "218-QĐ/TW",
                    "119-KL/HU",
                    "25-NQ/TW",
                    "137-QĐ/HU",
                    "24-CT/TU",
                    "36/HD-SNV",
                    "09-NQ/HU",
                    "13-CT/HU",
                    "61-KL/TW",
                    "1030/QĐ-UBND",
                ],
            ),
        ];
        for (n, (text, expected)) in seeds.iter().enumerate() {
            assert_eq!(numbers(text), *expected, "seed {n}");
        }
        // A few of their details.
        let s1 = find_citations(seeds[1].0);
        assert_eq!(s1[1].relation, Relation::Implements);
        assert_eq!(s1[1].date, date(2017, 3, 1));
        assert!(s1[10].partial && s1[11].partial);
        let s4 = find_citations(seeds[4].0);
        assert_eq!(
            s4[9].issuer.as_deref(),
            Some("Ban chấp hành Trung ương"),
            "\"của\" after a blank line still names the issuer"
        );
    }

    #[test]
    fn nfd_input_is_matched_and_spans_index_the_original() {
        let nfc = "Thực hiện Quyết định số 217-QĐ/TW ngày 12/12/2013 của Bộ Chính trị";
        let nfd: String = nfc.nfd().collect();
        assert_ne!(nfd, nfc);
        let a = find_citations(nfc);
        let b = find_citations(&nfd);
        assert_eq!(b.len(), 1);
        assert_eq!(
            &nfd[b[0].span.clone()],
            "217-QĐ/TW".nfd().collect::<String>()
        );
        assert_eq!(
            (&b[0].number, &b[0].issuer, b[0].relation),
            (&a[0].number, &a[0].issuer, a[0].relation)
        );
    }

    #[test]
    fn adversarial_inputs_are_handled() {
        let inputs = [
            "1,".repeat(50_000),
            format!("{}1", "số ".repeat(50_000)),
            "1/QH 1 QH ".repeat(20_000),
            "Quyết định 1 và ".repeat(20_000),
            "1-CV/HU của A ".repeat(20_000),
            format!("1-CV/HU ngày {}", " ".repeat(100_000)),
            "Thực hiện ".repeat(50_000),
        ];
        // Inputs that would make a backtracking or quadratic finder crawl. Their cost is
        // measured by the benchmark (phase "citations" grows linearly from 1k to 100k
        // documents), not timed here: a timed test fails on a busy machine.
        for input in &inputs {
            let found = find_citations(input);
            for c in &found {
                assert!(input.is_char_boundary(c.span.start) && input.is_char_boundary(c.span.end));
            }
        }
    }

    const FRAGMENTS: &[&str] = &[
        "Quyết định",
        "số",
        "số số",
        "217",
        "218",
        ",",
        ", ",
        "-",
        " - ",
        "–",
        "/",
        "/ ",
        "QĐ",
        "QĐi",
        "TTg",
        "TW",
        "2020",
        "NĐ",
        "CP",
        " ",
        "\n",
        "\n\n",
        "ngày",
        "12/12/2013",
        "tháng",
        "năm",
        "của",
        "Bộ Chính trị",
        "và",
        ";",
        ".",
        "Thực hiện",
        "Căn cứ",
        "Đ",
        "\u{301}",
        "ủ",
        "UVBTVQH",
        "14",
        "%",
        ":",
        "(khóa XI)",
        "Đề án",
        "50",
        "sô",
        " và ",
        "TƯ",
        "VP",
        "\u{c}",
        " /",
        "- ",
        "\n",
        "ban hành",
        "Ngày",
    ];

    /// Words and marks around citations, for long texts that have several windows, lists
    /// joined and not, relation words far from their citations and long issuers.
    const PROSE: &[&str] = &[
        " các cơ quan, đơn vị",
        " về việc",
        " Ban Thường vụ Huyện ủy",
        " thực hiện",
        " Thực hiện",
        " triển khai",
        " THỰC HIỆN",
        " Căn cứ",
        " thay thế",
        " sửa đổi, bổ sung",
        " Bãi bỏ",
        " hủy bỏ",
        " Kế hoạch",
        " Quyết định",
        " Chương trình hành động",
        " Công văn số",
        " số",
        " Số:",
        " số số",
        " văn bản",
        " V/v",
        " 1-CV/HU",
        " 217,218-QĐ/TW",
        " 18, 19-NQ/TW",
        " 12, 13 và 14-TB/HU",
        " 1498- CV/ HU",
        " 17/ UBND- VX",
        " 367 - QĐ/TWĐTN",
        " 111   /CV - UBND",
        " 26/TB-VP.UBND",
        " 24-CT/TƯ",
        " 1498-\nCV/HU",
        " 1030/QĐ-\u{c}UBND",
        " sô",
        " Ngày 22 tháng 12 năm 2017, Ban Bí thư ban hành",
        " Ngày 12/9/2018 Văn phòng đã có",
        "\u{c}",
        " 30/2020/NĐ-CP",
        " 44/ CV/HU",
        " 48 CT/TW",
        " 819/NQ – UVBTVQH 14",
        " 12/12/2013",
        " ngày 01 tháng 3 năm 2017",
        " ngày 12/10/2018",
        " ngày",
        " của",
        " của Bộ Nội vụ - Văn phòng Chính phủ",
        " của Chính phủ và Ủy ban Trung ương Mặt trận Tổ quốc Việt Nam",
        " A B C D E F G H I J K L M N O P Q",
        " và",
        " 217",
        " 2019",
        " 6 tháng",
        " 27,1%",
        ";",
        ".",
        ". ",
        ",",
        "\n",
        "\n\n",
        "\u{301}",
        "\u{212a}H",
        "\u{37e}",
        "    ",
    ];

    #[test]
    fn only_ascii_letters_lowercase_to_the_first_letters_of_relation_words() {
        for c in (0x80..=0x10ffff).filter_map(char::from_u32) {
            let first = c.to_lowercase().next().unwrap_or(c);
            let ascii_first = first.is_ascii() && RELATION_FIRST_BYTES[first as usize];
            assert!(!ascii_first || !is_nfc(c.encode_utf8(&mut [0; 4])), "{c:?}");
        }
    }

    proptest! {
        #[test]
        fn tokenizer_agrees_with_the_char_by_char_one_on_any_text(
            text in "(\\PC|[ \t\n0-9a-zA-Zđ\u{301}\u{a0}\u{2003}/,.-]){0,60}"
        ) {
            let want: Vec<_> = tokenize_by_chars(&text).iter().map(|t| (t.kind, t.start, t.end)).collect();
            prop_assert_eq!(tokens(&text), want);
        }

        #[test]
        fn windows_find_what_the_whole_scan_finds(
            parts in prop::collection::vec(prop::sample::select(PROSE), 0..300),
            nfd in any::<bool>(),
        ) {
            let text: String = parts.concat();
            let text = if nfd { text.nfd().collect() } else { text };
            check_invariants(&text);
        }

        #[test]
        fn never_panics_and_spans_are_char_boundaries(text in any::<String>()) {
            check_invariants(&text);
        }

        #[test]
        fn citation_like_text_keeps_invariants(
            parts in prop::collection::vec(prop::sample::select(FRAGMENTS), 0..40),
            nfd in any::<bool>(),
        ) {
            let text: String = parts.concat();
            let text = if nfd { text.nfd().collect() } else { text };
            check_invariants(&text);
        }
    }

    /// The scan of the whole text as one window: what the windows must give.
    fn whole_scan(text: &str) -> Vec<Citation> {
        find_in_window(
            text,
            &Window::whole(text),
            &OnceCell::new(),
            &mut Vec::new(),
        )
        .expect("the whole text has no cut end")
    }

    fn check_invariants(text: &str) {
        let found = find_citations(text);
        assert_eq!(
            found,
            whole_scan(text),
            "windows and whole scan differ on {text:?}"
        );
        let mut last = 0;
        for c in &found {
            assert!(c.span.start < c.span.end && c.span.end <= text.len());
            assert!(text.is_char_boundary(c.span.start) && text.is_char_boundary(c.span.end));
            assert!(c.span.start >= last, "text order");
            last = c.span.start;
            assert_eq!(c.key, number_key(&c.number));
        }
    }
}
