//! The header as offices' files really deliver it, put back into one element a line before
//! it is read. Word's "save as text" runs the two columns of the header table together on
//! one line, a web page gives each cell its own lines between `|` lines and rules, a scanned
//! PDF's text layer splits letters and misreads `U` as `Ư`, a legal portal puts an attribute
//! block above the document, a news post a title and a date-time line, and a pasted page may
//! be one flattened line. Every element of the header has a fixed shape, an *anchor*: the
//! two mottos, `Số`/`Số hiệu`, `<place>, ngày … tháng … năm …`, `V/v` and `Về việc`, the type
//! title in capitals, `Kính gửi`. This pass finds the anchors wherever they are in the first
//! part of the text, cuts lines at them, drops mottos (whole or in pieces), rules and cell
//! bars, joins what was broken, and leaves a header of one element a line.
//!
//! Only a bounded window at the start is rewritten (the header is at most a few dozen lines),
//! so the pass is linear in the input; the body is passed through as it is.

use crate::number::type_for_code;
use crate::vietnamese::{fold, identity_key};

/// Characters of the text read for the header: enough for any real header and its preamble.
const WINDOW_CHARS: usize = 4000;
/// Lines of the text read for the header.
const WINDOW_LINES: usize = 80;

/// What a legal portal's attribute block said about the document (`Số hiệu: …`,
/// `Ngày ban hành: …`); used only for a field the document's own header does not give.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub(super) struct Portal {
    pub number: Option<String>,
    pub doc_type: Option<String>,
    pub issuer: Option<String>,
    pub date: Option<String>,
    pub signer: Option<String>,
}

/// The text with its header normalised, and what a portal block above it said.
pub(super) struct Normalized {
    pub text: String,
    pub portal: Portal,
    /// The number was read through an OCR slip (`TƯ` for `TU`).
    pub ocr_number: bool,
}

/// The folded (lowercase, no diacritics, đ → d) letters and digits of a line, each with the
/// byte range it came from and whether it starts or ends a word.
struct Skeleton {
    chars: Vec<char>,
    /// Byte offset of each char in the line, and of the end of the line last.
    at: Vec<usize>,
    word_start: Vec<bool>,
    word_end: Vec<bool>,
}

fn fold_one(c: char) -> char {
    let mut buf = [0u8; 4];
    fold(c.encode_utf8(&mut buf)).chars().next().unwrap_or(c)
}

fn skeleton(line: &str) -> Skeleton {
    let mut sk = Skeleton {
        chars: Vec::new(),
        at: Vec::new(),
        word_start: Vec::new(),
        word_end: Vec::new(),
    };
    let mut prev_alnum = false;
    for (i, c) in line.char_indices() {
        if c.is_alphanumeric() {
            sk.chars.push(fold_one(c));
            sk.at.push(i);
            sk.word_start.push(!prev_alnum);
            sk.word_end.push(false);
            prev_alnum = true;
        } else {
            if prev_alnum && let Some(last) = sk.word_end.last_mut() {
                *last = true;
            }
            prev_alnum = false;
        }
    }
    if let Some(last) = sk.word_end.last_mut() {
        *last = true;
    }
    sk.at.push(line.len());
    sk
}

/// The mottos, as words: national (with its subtitle) and Party.
const MOTTOS: &[&str] = &[
    "cong hoa xa hoi chu nghia viet nam",
    "doc lap tu do hanh phuc",
    "dang cong san viet nam",
    "doan tncs ho chi minh",
];

/// Each motto's letters without spaces and where its words start.
fn motto_skeletons() -> Vec<(Vec<char>, Vec<bool>)> {
    MOTTOS
        .iter()
        .map(|m| {
            let mut chars = Vec::new();
            let mut starts = Vec::new();
            for w in m.split(' ') {
                for (k, c) in w.chars().enumerate() {
                    chars.push(c);
                    starts.push(k == 0);
                }
            }
            starts.push(true);
            (chars, starts)
        })
        .collect()
}

/// Byte ranges of a line that are a motto or a piece of one (at least ten letters, or the
/// whole line of at least six: `CỘNG HÒA XÃ HỘI` on one line and `CHỦ NGHĨA VIỆT NAM` on the
/// next), in any case, with any spacing, glued to other text or not.
fn motto_spans(line: &str) -> Vec<(usize, usize)> {
    let sk = skeleton(line);
    let n = sk.chars.len();
    let mottos = motto_skeletons();
    let mut spans = Vec::new();
    let mut p = 0;
    while p < n {
        if !sk.word_start[p] {
            p += 1;
            continue;
        }
        let mut best = 0;
        for (m, starts) in &mottos {
            for k in (0..m.len()).filter(|&k| starts[k]) {
                let mut l = 0;
                while p + l < n && k + l < m.len() && sk.chars[p + l] == m[k + l] {
                    l += 1;
                }
                // Whole words on both sides.
                while l > 0 && !(sk.word_end[p + l - 1] && starts[k + l]) {
                    l -= 1;
                }
                let whole_line = p == 0 && l == n;
                if l > best && (l >= 10 || (whole_line && l >= 6)) {
                    best = l;
                }
            }
        }
        if best > 0 {
            spans.push((
                sk.at[p],
                sk.at[p + best - 1] + char_len(line, sk.at[p + best - 1]),
            ));
            p += best;
        } else {
            p += 1;
        }
    }
    spans
}

fn char_len(s: &str, at: usize) -> usize {
    s[at..].chars().next().map_or(0, char::len_utf8)
}

/// A line without the rules and stars glued into it (`TỈNH X ------- Số …`, `HUYỆN ỦY X *`):
/// words of `*` alone, or of three or more rule characters. A lone `-` stays (`367 - QĐ`).
fn drop_rule_tokens(line: &str) -> String {
    let is_rule_token = |w: &str| {
        let rule_chars = |c: char| matches!(c, '-' | '–' | '—' | '_' | '=' | '~' | '*' | '.');
        (w.chars().all(|c| c == '*') && !w.is_empty())
            || (w.chars().count() >= 3 && w.chars().all(rule_chars))
    };
    if !line.split(' ').any(is_rule_token) {
        return line.to_string();
    }
    let mut out = String::with_capacity(line.len());
    for (k, w) in line.split(' ').enumerate() {
        if k > 0 {
            out.push(' ');
        }
        if is_rule_token(w) {
            // Keep a gap where the rule stood: it separated two things.
            out.push(' ');
        } else {
            out.push_str(w);
        }
    }
    out
}

/// A whole line that is the first word or words of a motto, too short to be known alone.
fn is_motto_head(line: &str) -> bool {
    let sk = skeleton(line);
    let n = sk.chars.len();
    (3..10).contains(&n)
        && motto_skeletons()
            .iter()
            .any(|(m, starts)| m.len() > n && m[..n] == sk.chars[..] && starts[n])
}

/// A line of no letters or digits: a rule (`-----`, `––––`, `***`, `___`) or a cell bar.
fn is_rule(line: &str) -> bool {
    !line.chars().any(char::is_alphanumeric)
}

/// Words made of capitals (at least two letters, none lowercase).
fn is_caps_word(w: &str) -> bool {
    w.chars().filter(|c| c.is_alphabetic()).count() >= 1
        && !w.chars().any(char::is_lowercase)
        && w.chars().any(char::is_alphabetic)
}

fn is_caps_line(s: &str) -> bool {
    s.chars().filter(|c| c.is_uppercase()).count() >= 2 && !s.chars().any(char::is_lowercase)
}

/// `K ÉT LUẬN` → `KÉT LUẬN`: a capital standing alone before a word of capitals is a letter
/// the OCR split off. A second pass is not needed: the type title and the mottos are matched
/// on letters without spaces.
fn join_split_letters(line: &str) -> String {
    let words: Vec<&str> = line.split_whitespace().collect();
    let mut out = String::with_capacity(line.len());
    let mut i = 0;
    let single = |w: &str| w.chars().count() == 1 && w.chars().all(char::is_uppercase);
    while i < words.len() {
        let w = words[i];
        if !out.is_empty() {
            out.push(' ');
        }
        // Three or more lone capitals are a word printed letter-spaced (`T H Ô N G B Á O`):
        // joined, and split again where a type title's words split.
        let run = words[i..].iter().take_while(|w| single(w)).count();
        if run >= 3 {
            out.push_str(&spaced_letters(&words[i..i + run]));
            i += run;
            continue;
        }
        let single = single(w);
        out.push_str(w);
        if single
            && let Some(next) = words.get(i + 1)
            && is_caps_word(next)
            && next.chars().next().is_some_and(char::is_alphabetic)
        {
            out.push_str(next);
            i += 2;
            continue;
        }
        i += 1;
    }
    out
}

/// Letters printed one by one, joined into words: into a type title's words where their
/// letters spell one (`T H Ô N G B Á O` → `THÔNG BÁO`), else into one word.
fn spaced_letters(letters: &[&str]) -> String {
    let folded: Vec<char> = letters
        .iter()
        .flat_map(|l| l.chars().map(fold_one))
        .collect();
    for name in crate::number::type_names() {
        let f = fold(name);
        let lens: Vec<usize> = f.split(' ').map(|w| w.chars().count()).collect();
        if f.chars().filter(|c| *c != ' ').eq(folded.iter().copied()) {
            let mut out = String::new();
            let mut at = 0;
            for (k, len) in lens.iter().enumerate() {
                if k > 0 {
                    out.push(' ');
                }
                out.extend(letters[at..at + len].iter().copied());
                at += len;
            }
            return out;
        }
    }
    letters.concat()
}

/// `ƯBND` for `UBND`: the OCR's commonest slip on the committee's code.
fn fix_ocr_words(line: &str) -> String {
    if !line.contains('Ư') {
        return line.to_string();
    }
    line.split(' ')
        .map(|w| match w.strip_prefix("ƯBND") {
            Some(rest) => format!("UBND{rest}"),
            // Ủ read as Ư: no Vietnamese syllable has Ư before Y (`ƯỶ BAN` is `UỶ BAN`).
            None => match w.strip_prefix('Ư') {
                Some(rest) if rest.starts_with(['Y', 'Ý', 'Ỳ', 'Ỷ', 'Ỹ', 'Ỵ']) => {
                    format!("U{rest}")
                }
                _ => w.to_string(),
            },
        })
        .collect::<Vec<_>>()
        .join(" ")
}

/// Keys of a portal's attribute block and the field each gives.
const PORTAL_KEYS: &[(&str, &str)] = &[
    ("so hieu", "number"),
    ("loai van ban", "type"),
    ("noi ban hanh", "issuer"),
    ("co quan ban hanh", "issuer"),
    ("ngay ban hanh", "date"),
    ("nguoi ky", "signer"),
    ("ngay hieu luc", ""),
    ("ngay co hieu luc", ""),
    ("ngay het hieu luc", ""),
    ("ngay cong bao", ""),
    ("so cong bao", ""),
    ("tinh trang hieu luc", ""),
    ("tinh trang", ""),
    ("linh vuc", ""),
    ("chuc danh", ""),
    ("pham vi", ""),
    ("nguon thu thap", ""),
    ("ngay dang", ""),
];

/// Where a portal key starts in `line` (a capital at a word start, then a colon), with its
/// field, the key's byte range.
fn portal_keys(line: &str) -> Vec<(usize, usize, &'static str)> {
    let sk = skeleton(line);
    let mut found = Vec::new();
    let n = sk.chars.len();
    let mut p = 0;
    while p < n {
        let starts_upper = line[sk.at[p]..]
            .chars()
            .next()
            .is_some_and(char::is_uppercase);
        if !sk.word_start[p] || !starts_upper {
            p += 1;
            continue;
        }
        let mut hit = None;
        for (key, field) in PORTAL_KEYS {
            let letters: Vec<char> = key.chars().filter(|c| *c != ' ').collect();
            let l = letters.len();
            if p + l <= n && sk.chars[p..p + l] == letters[..] && sk.word_end[p + l - 1] {
                let end = sk.at[p + l - 1] + char_len(line, sk.at[p + l - 1]);
                if line[end..].trim_start().starts_with(':') {
                    hit = Some((l, end, *field));
                    break;
                }
            }
        }
        match hit {
            Some((l, end, field)) => {
                found.push((sk.at[p], end, field));
                p += l;
            }
            None => p += 1,
        }
    }
    found
}

/// A news post's date-time line: `25-09-2018 - 11:06`, `Thứ hai, 25/09/2018 11:06`.
fn is_datetime_line(line: &str) -> bool {
    let has_time = line
        .as_bytes()
        .windows(3)
        .any(|w| w[0].is_ascii_digit() && w[1] == b':' && w[2].is_ascii_digit());
    let has_date = line.as_bytes().windows(5).any(|w| {
        w[0].is_ascii_digit()
            && matches!(w[1], b'-' | b'/' | b'.')
            && w[2].is_ascii_digit()
            && (matches!(w[3], b'-' | b'/' | b'.') || w[3].is_ascii_digit())
    });
    has_time && has_date && line.chars().filter(|c| c.is_alphabetic()).count() <= 12
}

/// A token of a document number: digits, codes, `/` and `-` (`111`, `/CV`, `-`, `UBND`).
fn number_token(w: &str) -> bool {
    !w.is_empty()
        && w.chars()
            .all(|c| c.is_alphanumeric() || matches!(c, '/' | '-' | '–' | '.' | ','))
        && w.split(['/', '-', '–', '.', ','])
            .all(|part| !part.chars().any(char::is_lowercase) || is_mixed_code(part))
}

/// A code with a lowercase letter: a type (`CTr`, `QĐi`, `TTr`) or an issuer (`TTg`):
/// a capital first, at most four letters.
fn is_mixed_code(part: &str) -> bool {
    type_for_code(part).is_some()
        || (part.starts_with(char::is_uppercase)
            && part.chars().count() <= 4
            && part.chars().filter(|c| c.is_uppercase()).count() >= 2)
}

/// `Số`, `SỐ`, `Số hiệu` (and the OCR's `Sổ`) at byte `at` of `line` followed by a number:
/// the bytes where the number starts and ends. A number must hold a `/` (`Số 5 đồng chí` is
/// no number).
pub(super) fn number_span(line: &str, at: usize) -> Option<(usize, usize)> {
    let rest = &line[at..];
    let mut cs = rest.chars();
    let (s, o) = (cs.next()?, cs.next()?);
    if s != 'S' || o.is_ascii() || fold_one(o) != 'o' {
        return None;
    }
    let mut pos = at + s.len_utf8() + o.len_utf8();
    let after = &line[pos..];
    if after.starts_with(char::is_alphanumeric) {
        return None;
    }
    // `Số hiệu`, `Số, ký hiệu`.
    for suffix in [" hiệu", " HIỆU", ", ký hiệu", " ký hiệu"] {
        if after.starts_with(suffix) {
            pos += suffix.len();
            break;
        }
    }
    let after = &line[pos..];
    let trimmed = after.trim_start_matches([':', ' ', '.']);
    pos += after.len() - trimmed.len();
    let mut end = pos;
    let mut prev_joins = true;
    let mut saw_slash = false;
    let mut saw_token = false;
    for (i, w) in split_words(&line[pos..]) {
        let joins = w.contains(|c: char| c.is_ascii_digit() || c == '/' || c == '-' || c == '–');
        if !number_token(w) || !(joins || prev_joins) {
            break;
        }
        saw_slash |= w.contains('/');
        saw_token = true;
        prev_joins = w.ends_with(['/', '-', '–']) || w == "-";
        end = pos + i + w.len();
    }
    (saw_token && saw_slash).then_some((pos, end))
}

fn number_anchor(line: &str, at: usize) -> Option<usize> {
    number_span(line, at).map(|(_, end)| end)
}

/// Words of `s` with their byte offsets.
fn split_words(s: &str) -> impl Iterator<Item = (usize, &str)> {
    s.split(' ')
        .scan(0usize, |off, w| {
            let at = *off;
            *off += w.len() + 1;
            Some((at, w))
        })
        .filter(|(_, w)| !w.is_empty())
}

/// `An Hòa, ngày …` at or after `from`: the byte where the place starts and where the date
/// ends (after `năm 2011`, or after `05/3/2020`), when both are on the line.
fn date_anchor(line: &str) -> Option<(usize, usize)> {
    let lower = line.to_lowercase();
    if lower.len() != line.len() {
        return None;
    }
    let mut from = 0;
    while let Some(rel) = lower[from..].find("ngày") {
        let at = from + rel;
        from = at + "ngày".len();
        if !line.is_char_boundary(at) || !line.is_char_boundary(from) {
            return None;
        }
        let before = line[..at].trim_end();
        let Some(place_end) = before.strip_suffix(',') else {
            continue;
        };
        let place_start = place_start(place_end)?;
        let end = date_end(&line[from..]).map(|e| from + e);
        return Some((place_start, end.unwrap_or(line.len())));
    }
    None
}

/// Where the place before `, ngày` starts: up to five capitalised words, the last of which
/// ends the text (`TỈNH AN HÒA An Hòa` gives `An Hòa`; `TP. Hồ Chí Minh` all four).
fn place_start(text: &str) -> Option<usize> {
    let words: Vec<(usize, &str)> = split_words(text).collect();
    let mut start = None;
    for (i, w) in words.iter().rev().take(5) {
        let first_upper = w.chars().next().is_some_and(char::is_uppercase);
        // A word in capitals belongs to the issuer's column (`XÃ TÂN HÓA Tân Hóa`), except
        // an abbreviation with its dot (`TP.`).
        let all_caps = w.chars().filter(|c| c.is_alphabetic()).count() >= 2
            && !w.chars().any(char::is_lowercase);
        let short_caps = w.ends_with('.') && w.chars().count() <= 4;
        if !first_upper
            || (all_caps && !short_caps)
            || w.contains(|c: char| c.is_ascii_digit())
            || STOP_WORDS.contains(w)
        {
            break;
        }
        start = Some(*i);
        // Two spaces or a tab before it: a column boundary.
        if text[..*i].ends_with("  ") {
            break;
        }
    }
    start
}

/// Capitalised words that never start or stand in a place name: the end of a subject in
/// the other column (`… của Đảng`).
const STOP_WORDS: &[&str] = &["Đảng", "Nhà", "Nước", "Nhân", "Ủy", "Uỷ", "Ban", "V/v"];

/// Byte where a date after `ngày` ends: after the year of `… tháng … năm 2011`, or of
/// `05/3/2020`.
fn date_end(s: &str) -> Option<usize> {
    let lower = s.to_lowercase();
    if lower.len() != s.len() {
        return None;
    }
    let year_after = |from: usize| -> Option<usize> {
        let rest = &s[from..];
        let digits_at = rest.find(|c: char| c.is_ascii_digit())?;
        if rest[..digits_at].trim().len() > 1 {
            return None;
        }
        let d = rest[digits_at..]
            .find(|c: char| !c.is_ascii_digit())
            .unwrap_or(rest.len() - digits_at);
        (d == 4).then_some(from + digits_at + d)
    };
    if let Some(n) = lower.find("năm") {
        let t = lower.find("tháng")?;
        if t < n && n < 60 && s.is_char_boundary(n + "năm".len()) {
            return year_after(n + "năm".len());
        }
        return None;
    }
    // `05/3/2020`: two separators then four digits.
    let mut cut = s.len().min(16);
    while !s.is_char_boundary(cut) {
        cut -= 1;
    }
    let head = &s[..cut];
    let mut seps = 0;
    for (i, c) in head.char_indices() {
        if matches!(c, '/' | '-' | '.') {
            seps += 1;
            if seps == 2 {
                return year_after(i + 1);
            }
        }
    }
    None
}

/// Where `V/v`, `Về việc`, `Kính gửi` start in `line` (not at its start).
fn marker_starts(line: &str) -> Vec<usize> {
    let mut out = Vec::new();
    for (i, _) in line.char_indices().skip(1) {
        let prev = line[..i].chars().next_back().unwrap_or(' ');
        if prev.is_alphanumeric() {
            continue;
        }
        let rest = &line[i..];
        if rest.starts_with("V/v")
            || rest.starts_with("V/V ")
            || rest.starts_with("Về việc ")
            || rest.starts_with("VỀ VIỆC ")
            || rest.starts_with("Kính gửi")
            || rest.starts_with("KÍNH GỬI")
        {
            out.push(i);
        }
    }
    out
}

/// Names of types, folded, without spaces, as a title line spells them.
fn type_title_words() -> Vec<(Vec<char>, usize)> {
    crate::number::type_names()
        .map(|n| {
            let f = fold(n);
            (
                f.chars().filter(|c| *c != ' ').collect(),
                f.split(' ').count(),
            )
        })
        .collect()
}

/// A type title in capitals inside a line (`… năm 2020 KẾ HOẠCH Triển khai …`): the byte
/// range of the title when text in lowercase (or nothing) follows it.
fn type_title_span(line: &str) -> Option<(usize, usize)> {
    let words: Vec<(usize, &str)> = split_words(line).collect();
    let titles = type_title_words();
    for (wi, (at, _)) in words.iter().enumerate() {
        for (letters, count) in &titles {
            if wi + count > words.len() {
                continue;
            }
            let span = &words[wi..wi + count];
            if !span.iter().all(|(_, w)| is_caps_word(w)) {
                continue;
            }
            let joined: Vec<char> = span
                .iter()
                .flat_map(|(_, w)| w.chars().filter(|c| c.is_alphanumeric()).map(fold_one))
                .collect();
            if joined != *letters {
                continue;
            }
            let end = span.last().map_or(*at, |(a, w)| a + w.len());
            let next_lower = words
                .get(wi + count)
                .is_none_or(|(_, w)| w.chars().any(char::is_lowercase));
            let before_caps = words[..wi].iter().any(|(_, w)| is_caps_word(w));
            if next_lower && !(before_caps && wi + count == words.len()) {
                return Some((*at, end));
            }
        }
    }
    None
}

/// Departments that stand under a body on the line above (`HUYỆN ỦY X` / `BAN DÂN VẬN`),
/// folded: a line of capitals holding both is cut before the department.
const DEPARTMENTS: &[&str] = &[
    "ban dân vận",
    "ban tuyên giáo",
    "ban tổ chức",
    "ban nội chính",
    "ban kinh tế",
    "ủy ban kiểm tra",
    "văn phòng",
    "sở",
    "phòng",
];

/// Bodies that head a name (`HUYỆN ỦY`, `ĐẢNG BỘ`, `BỘ CHÍNH TRỊ`): a second one on a line
/// of capitals, after a name that ends in a place, starts a second line
/// (`ĐẢNG BỘ TỈNH X HUYỆN ỦY Y`).
const BODIES: &[&str] = &[
    "huyện ủy",
    "tỉnh ủy",
    "thành ủy",
    "thị ủy",
    "quận ủy",
    "đảng ủy",
    "đảng bộ",
    "chi bộ",
    "ủy ban nhân dân",
    "bộ chính trị",
    "ban bí thư",
];

/// Unit words: a name that holds one (and a word after it) is complete.
const PLACE_UNITS: &[&str] = &[
    "tỉnh",
    "huyện",
    "xã",
    "phường",
    "quận",
    "thị trấn",
    "thị xã",
    "thành phố",
    "trung ương",
    "ủy",
    "khối",
];

/// Where a line of capitals (or its leading run of capitals) holds a second body's name.
fn department_cut(line: &str) -> Option<usize> {
    let words: Vec<(usize, &str)> = split_words(line)
        .take_while(|(_, w)| !w.chars().any(char::is_lowercase))
        .collect();
    if words.len() < 3 || words.iter().filter(|(_, w)| is_caps_word(w)).count() < 3 {
        return None;
    }
    let keys: Vec<String> = words.iter().map(|(_, w)| identity_key(w)).collect();
    let phrases = |list: &[&str]| -> Vec<Vec<String>> {
        list.iter()
            .map(|d| d.split(' ').map(identity_key).collect())
            .collect()
    };
    let (departments, bodies, units) =
        (phrases(DEPARTMENTS), phrases(BODIES), phrases(PLACE_UNITS));
    let starts = |wi: usize, list: &[Vec<String>]| {
        list.iter()
            .any(|d| keys.len() >= wi + d.len() && keys[wi..wi + d.len()] == d[..])
    };
    let (van, uy) = (identity_key("văn"), identity_key("ủy"));
    // Whether a unit word stands before the word in hand, with a word after it.
    let mut placed = false;
    for wi in 2..words.len() {
        placed |= starts(wi - 2, &units);
        // `VĂN PHÒNG` is one department, not `PHÒNG` after `VĂN`.
        let inside = keys[wi - 1] == van || keys[wi - 1] == uy;
        if inside {
            continue;
        }
        if starts(wi, &departments) || (placed && starts(wi, &bodies)) {
            return Some(words[wi].0);
        }
    }
    None
}

/// Cuts a line at every anchor it holds, so that each element stands on its own line.
fn cut_at_anchors(line: &str, out: &mut Vec<String>) {
    let mut cuts: Vec<usize> = Vec::new();
    // Mottos (whole or pieces) are removed: what stands beside them is another column.
    let spans = motto_spans(line);
    let mut pieces: Vec<&str> = Vec::new();
    let mut last = 0;
    for (a, b) in &spans {
        pieces.push(&line[last..*a]);
        last = *b;
    }
    pieces.push(&line[last..]);
    if !spans.is_empty() {
        for p in pieces {
            let p = p.trim();
            if !p.is_empty() && !is_rule(p) {
                cut_at_anchors(p, out);
            }
        }
        return;
    }
    for (i, _) in line.char_indices() {
        let at_word = i == 0 || !line[..i].ends_with(|c: char| c.is_alphanumeric());
        if at_word && let Some(end) = number_anchor(line, i) {
            cuts.push(i);
            cuts.push(end);
            break;
        }
    }
    if let Some((a, b)) = date_anchor(line) {
        cuts.push(a);
        cuts.push(b);
    }
    cuts.extend(marker_starts(line));
    if let Some((a, b)) = type_title_span(line) {
        cuts.push(a);
        cuts.push(b);
    }
    if let Some(c) = department_cut(line) {
        cuts.push(c);
    }
    cuts.retain(|&c| c > 0 && c < line.len() && line.is_char_boundary(c));
    if cuts.is_empty() {
        out.push(line.trim().to_string());
        return;
    }
    cuts.sort_unstable();
    cuts.dedup();
    let mut last = 0;
    for c in cuts.into_iter().chain([line.len()]) {
        let piece = line[last..c].trim();
        if !piece.is_empty() && !is_rule(piece) {
            out.push(piece.to_string());
        }
        last = c;
    }
}

/// One to three capitalised words in lower case (`Tân`, `Bình Sơn,`): a piece of a place.
fn is_place_piece(line: &str) -> bool {
    let words: Vec<&str> = line.split_whitespace().collect();
    (1..=3).contains(&words.len())
        && words.iter().all(|w| {
            w.starts_with(char::is_uppercase)
                && !w.contains(|c: char| c.is_ascii_digit())
                && (w.chars().count() == 1 || w.chars().skip(1).any(char::is_lowercase))
        })
        && !STOP_WORDS.contains(&words[0])
}

/// A line of the number alone, waiting for its number (`Số:`).
fn is_bare_number_key(line: &str) -> bool {
    let f = fold(line);
    let f = f.trim().trim_end_matches([':', '.']).trim();
    f == "so" || f == "so hieu" || f == "so, ky hieu"
}

/// A date line whose date goes on on the next line (`An Hòa, ngày` / `27 tháng 09 năm 2022`).
fn is_open_date(line: &str) -> bool {
    let f = fold(line);
    let f = f.trim_end();
    (f.contains(", ngay") || f.starts_with("ngay"))
        && (f.ends_with("ngay") || f.ends_with("thang") || f.ends_with("nam") || {
            let tail = f.rsplit(' ').next().unwrap_or("");
            tail.chars().all(|c| c.is_ascii_digit()) && !f.contains("nam")
        })
}

/// Whether a line holds a `Số …` number anywhere.
fn has_number(line: &str) -> bool {
    line.char_indices().any(|(i, c)| {
        c == 'S'
            && (i == 0 || !line[..i].ends_with(char::is_alphanumeric))
            && number_anchor(line, i).is_some()
    })
}

/// Normalises the header of `text` (see the module's doc).
pub(super) fn normalize(text: &str) -> Normalized {
    let mut portal = Portal::default();
    // The window: the first lines, up to `Kính gửi` and a bounded size; a flattened text's
    // first line is cut at the window's end.
    let mut window: Vec<String> = Vec::new();
    let mut taken = 0;
    let (mut seen_number, mut seen_date) = (false, false);
    let mut rest_at = text.len();
    let mut offset = 0;
    for (n, line) in text.split('\n').enumerate() {
        let start = offset;
        offset += line.len() + 1;
        if n >= WINDOW_LINES || taken >= WINDOW_CHARS {
            rest_at = start;
            break;
        }
        let mut line = line.to_string();
        if line.len() > WINDOW_CHARS {
            let mut cut = WINDOW_CHARS;
            while !line.is_char_boundary(cut) {
                cut -= 1;
            }
            // Cut at a space so that no word is split; the rest is body, left as it is.
            let cut = line[..cut].rfind(' ').unwrap_or(cut);
            line.truncate(cut);
            window.push(line);
            rest_at = start + cut;
            break;
        }
        // Once the number and the date have been seen, a long line or a table row is the
        // body: it is left as it is (a data table keeps its bars).
        let body_like = line.chars().count() > 120 || line.trim_start().starts_with('|');
        if seen_number && seen_date && body_like {
            rest_at = start;
            break;
        }
        seen_number |= has_number(&line);
        seen_date |= date_anchor(&line).is_some();
        taken += line.len();
        let kinh_gui = fold(line.trim_start_matches(['-', ' ', '*'])).starts_with("kinh gui");
        window.push(line);
        if kinh_gui {
            rest_at = offset.min(text.len());
            break;
        }
    }
    let rest = if rest_at < text.len() {
        text[rest_at..].trim_start_matches(' ')
    } else {
        ""
    };

    // Cells and rules: `|` bars cut lines, rules become blank lines.
    let mut lines: Vec<String> = Vec::new();
    for l in &window {
        let clean: String = l
            .chars()
            .map(|c| if c == '\u{a0}' { ' ' } else { c })
            .filter(|c| !matches!(c, '\r' | '\u{200b}' | '\u{feff}'))
            .collect::<String>()
            .replace('\t', "  ");
        let clean = drop_rule_tokens(&clean);
        if clean.trim().is_empty() {
            lines.push(String::new());
            continue;
        }
        for cell in clean.split('|') {
            let cell = cell.trim();
            if is_rule(cell) {
                lines.push(String::new());
            } else {
                lines.push(fix_ocr_words(&join_split_letters(cell)));
            }
        }
    }

    // The portal's attribute block: each `Key: value` cut out and remembered.
    let mut kept: Vec<String> = Vec::new();
    let mut pending: Option<&'static str> = None;
    for l in lines {
        let keys = portal_keys(&l);
        if keys.is_empty() {
            if let Some(field) = pending.take()
                && !l.trim().is_empty()
            {
                set_portal(&mut portal, field, l.trim());
                continue;
            }
            kept.push(l);
            continue;
        }
        if keys[0].0 > 0 {
            kept.push(l[..keys[0].0].trim().to_string());
        }
        for (k, (_, end, field)) in keys.iter().enumerate() {
            let stop = keys.get(k + 1).map_or(l.len(), |n| n.0);
            let value = l[*end..stop].trim().trim_start_matches(':').trim();
            if value.is_empty() {
                pending = Some(field);
            } else {
                set_portal(&mut portal, field, value);
            }
        }
    }

    // A news post's date-time line: what stands above it is the page's, not the document's.
    if let Some(dt) = kept.iter().take(12).position(|l| is_datetime_line(l)) {
        kept.drain(..=dt);
    }
    // A motto broken after a short head (`ĐẢNG` / `CỘNG SẢN VIỆT NAM`): the head is put
    // back on the line below, where the whole motto is found.
    let mut k = 0;
    while k + 1 < kept.len() {
        if is_motto_head(&kept[k])
            && let Some(j) = (k + 1..kept.len().min(k + 3)).find(|&j| !kept[j].trim().is_empty())
        {
            kept[j] = format!("{} {}", kept[k].trim(), kept[j].trim());
            kept[k].clear();
        }
        k += 1;
    }
    // Anchors cut lines; mottos, rules and news date-time lines go.
    let mut cut: Vec<String> = Vec::new();
    for l in kept {
        if l.trim().is_empty() {
            cut.push(String::new());
        } else if !is_datetime_line(&l) {
            cut_at_anchors(&l, &mut cut);
        }
    }

    // What was broken over lines is joined: `Số:` and its number, a date and its rest.
    let mut joined: Vec<String> = Vec::new();
    let mut i = 0;
    while i < cut.len() {
        let l = &cut[i];
        if is_bare_number_key(l) || is_open_date(l) {
            let next = (i + 1..cut.len().min(i + 4)).find(|&j| !cut[j].is_empty());
            if let Some(j) = next {
                let both = format!("{} {}", l.trim(), cut[j].trim());
                let mut parts = Vec::new();
                cut_at_anchors(&both, &mut parts);
                joined.extend(parts);
                i = j + 1;
                continue;
            }
        }
        // A place broken off its date (`Tân` / `Hóa, ngày …`, `Bình Sơn,` / `ngày …`).
        if let Some(prev) = joined.last()
            && is_place_piece(prev)
            && (date_anchor(l).is_some_and(|(a, _)| a == 0)
                || (prev.ends_with(',') && fold(l).starts_with("ngay")))
        {
            let both = format!("{} {}", prev.trim(), l.trim());
            joined.pop();
            cut_at_anchors(&both, &mut joined);
            i += 1;
            continue;
        }
        joined.push(l.clone());
        i += 1;
    }

    // A news post's title above the header: prose lines before the first element.
    // Only when the window does hold a header: a text without one keeps its first lines.
    let first_element = joined
        .iter()
        .position(|l| is_caps_line(l) || number_anchor(l, 0).is_some() || date_anchor(l).is_some())
        .filter(|&f| f <= 8 && joined.iter().any(|l| number_anchor(l, 0).is_some()));
    let mut out = String::with_capacity(text.len() + 64);
    for (k, l) in joined.iter().enumerate() {
        if first_element.is_some_and(|f| k < f) && !l.is_empty() {
            continue;
        }
        out.push_str(l);
        out.push('\n');
    }
    if rest.is_empty() {
        out.pop();
    } else {
        out.push_str(rest);
    }
    let ocr_number = joined
        .iter()
        .any(|l| number_anchor(l, 0).is_some_and(|end| l[..end].contains(['Ư', 'Ơ'])));
    Normalized {
        text: out,
        portal,
        ocr_number,
    }
}

fn set_portal(portal: &mut Portal, field: &str, value: &str) {
    let v = Some(value.to_string());
    match field {
        "number" => portal.number = portal.number.take().or(v),
        "type" => portal.doc_type = portal.doc_type.take().or(v),
        "issuer" => portal.issuer = portal.issuer.take().or(v),
        "date" => portal.date = portal.date.take().or(v),
        "signer" => portal.signer = portal.signer.take().or(v),
        _ => {}
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn norm(s: &str) -> Vec<String> {
        normalize(s)
            .text
            .lines()
            .filter(|l| !l.is_empty())
            .map(str::to_string)
            .collect()
    }

    #[test]
    fn joined_columns_are_cut_at_their_anchors() {
        let got = norm(
            "ỦY BAN NHÂN DÂN CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nTỈNH AN HÒA Độc lập - Tự do - Hạnh phúc\nSố: 12/UBND-VX An Hòa, ngày 6 tháng 4 năm 2011\nV/v một việc",
        );
        assert_eq!(
            got,
            [
                "ỦY BAN NHÂN DÂN",
                "TỈNH AN HÒA",
                "Số: 12/UBND-VX",
                "An Hòa, ngày 6 tháng 4 năm 2011",
                "V/v một việc"
            ]
        );
    }

    #[test]
    fn cells_rules_and_broken_lines() {
        let got = norm(
            "| HUYỆN ỦY AN PHÚ | CỘNG HÒA XÃ HỘI |\n|---|---|\nBAN DÂN VẬN\n***\nCHỦ NGHĨA VIỆT NAM\n––––\nSố:\n12-CV/BDVHU\nAn Phú, ngày\n27 tháng 09 năm 2022",
        );
        assert_eq!(
            got,
            [
                "HUYỆN ỦY AN PHÚ",
                "BAN DÂN VẬN",
                "Số: 12-CV/BDVHU",
                "An Phú, ngày 27 tháng 09 năm 2022"
            ]
        );
    }

    #[test]
    fn portal_block_and_news_lines() {
        let n = normalize(
            "Tin tức sự kiện của huyện\n25-09-2018 - 11:06\nSố hiệu: 155/KH-UBND Loại văn bản: Kế hoạch\nNơi ban hành: Tỉnh An Hòa\nNgày ban hành: 26/05/2017\nỦY BAN NHÂN DÂN\nTỈNH AN HÒA",
        );
        assert_eq!(n.portal.number.as_deref(), Some("155/KH-UBND"));
        assert_eq!(n.portal.doc_type.as_deref(), Some("Kế hoạch"));
        assert_eq!(n.portal.date.as_deref(), Some("26/05/2017"));
        assert_eq!(n.text.trim(), "ỦY BAN NHÂN DÂN\nTỈNH AN HÒA");
    }

    #[test]
    fn ocr_slips_and_split_letters() {
        assert_eq!(join_split_letters("K ÉT LUẬN"), "KÉT LUẬN");
        assert_eq!(fix_ocr_words("ƯỶ BAN NHÂN DÂN"), "UỶ BAN NHÂN DÂN");
        assert_eq!(fix_ocr_words("TƯ ƯU TIÊN"), "TƯ ƯU TIÊN");
        assert_eq!(join_split_letters("T H Ô N G B Á O"), "THÔNG BÁO");
        assert_eq!(join_split_letters("B Á O  C Á O"), "BÁO CÁO");
        assert_eq!(join_split_letters("K Ế H O Ạ C H năm"), "KẾ HOẠCH năm");
        assert_eq!(join_split_letters("V Ă N B Ả N"), "VĂNBẢN");
        assert_eq!(fix_ocr_words("ƯBND HUYỆN"), "UBND HUYỆN");
        let n = normalize("HUYỆN ỦY X\nSố 12-CV/TƯ\n");
        assert!(n.ocr_number);
    }

    #[test]
    fn loose_numbers_end_where_the_place_starts() {
        let l = "Số:    111   /CV - UBND An Hòa, ngày 1 tháng 2 năm 2020";
        let end = number_anchor(l, 0).unwrap();
        assert_eq!(&l[..end], "Số:    111   /CV - UBND");
        assert!(number_anchor("Số 5 đồng chí", 0).is_none());
        assert!(number_anchor("Số liệu 12/2018", 0).is_none());
    }

    #[test]
    fn flattened_text_is_cut() {
        let got = norm(
            "HUYỆN ỦY AN PHÚ BAN DÂN VẬN ĐẢNG CỘNG SẢN VIỆT NAM Số 12-CV/BDVHU An Phú, ngày 3 tháng 4 năm 2020 V/v một việc Kính gửi: các chi bộ. Nội dung.",
        );
        assert_eq!(
            got,
            [
                "HUYỆN ỦY AN PHÚ",
                "BAN DÂN VẬN",
                "Số 12-CV/BDVHU",
                "An Phú, ngày 3 tháng 4 năm 2020",
                "V/v một việc",
                "Kính gửi: các chi bộ. Nội dung."
            ]
        );
    }
}
