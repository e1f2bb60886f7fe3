//! Reading the fields of a directive from its text, as a clerk reads the paper: the header
//! block (issuer, number, subject, place and date), *Kính gửi*, the body, *Nơi nhận* and
//! the signature. Word exports flatten the two-column header and signature tables, so every
//! element is recognised by its own shape rather than by its position.

use crate::number::{tidy, type_for_code, type_from_number};
use crate::vietnamese::{clean_name, fold, identity_key};

use super::{ImportedFields, Signer};

/// One line of the source: `raw` keeps the Markdown emphasis for the body, `plain` drops it
/// and folds white space, for recognising header elements and filling fields.
struct Line {
    raw: String,
    plain: String,
}

fn lines_of(text: &str) -> Vec<Line> {
    text.split('\n')
        .map(|l| {
            let raw: String = l
                .chars()
                .filter(|c| !matches!(c, '\u{200b}' | '\u{feff}' | '\r'))
                .map(|c| if c == '\t' || c == '\u{a0}' { ' ' } else { c })
                .collect();
            let raw = raw.trim().to_string();
            let plain = clean_name(&raw.replace('*', ""));
            Line { raw, plain }
        })
        .collect()
}

/// `s` without the case-insensitive prefix `prefix`, or None.
fn strip_ci<'a>(s: &'a str, prefix: &str) -> Option<&'a str> {
    let mut chars = s.char_indices();
    for p in prefix.chars() {
        let (_, c) = chars.next()?;
        if !c.to_lowercase().eq(p.to_lowercase()) {
            return None;
        }
    }
    Some(match chars.next() {
        Some((i, _)) => &s[i..],
        None => "",
    })
}

/// Byte index of the first case-insensitive occurrence of `needle` in `hay`.
fn find_ci(hay: &str, needle: &str) -> Option<usize> {
    hay.char_indices()
        .map(|(i, _)| i)
        .find(|&i| strip_ci(&hay[i..], needle).is_some())
}

/// At least two letters and none lowercase: how headers, titles and authorities are set.
fn is_caps(s: &str) -> bool {
    let letters: Vec<char> = s.chars().filter(|c| c.is_alphabetic()).collect();
    letters.len() >= 2 && letters.iter().all(|c| !c.is_lowercase())
}

/// The text of a list item without its bullet (`- `, `+ `, `• `, `– `).
fn strip_bullet(s: &str) -> Option<&str> {
    let rest = s.strip_prefix(['-', '+', '•', '–', '—'])?;
    Some(rest.trim_start())
}

fn is_motto(plain: &str) -> bool {
    let f = fold(plain);
    let f = f.trim();
    f == "dang cong san viet nam"
        || f == "cong hoa xa hoi chu nghia viet nam"
        || f.starts_with("doc lap - tu do")
        || f.starts_with("doc lap – tu do")
}

/// Tidies a number as written, also putting back the dash of a Party-style number typed
/// with a slash: `44/ CV/HU` → `44-CV/HU`.
pub(crate) fn normalize_number(raw: &str) -> String {
    // Symbols are ASCII and Đ: `Ư` and `Ơ` in one are the OCR's `U` and `O`.
    let raw: String = raw
        .chars()
        .map(|c| match c {
            'Ư' => 'U',
            'Ơ' => 'O',
            '–' | '—' => '-',
            c => c,
        })
        .collect();
    let t = tidy(&raw);
    let t = t.trim_end_matches([',', '.', ';']).to_string();
    let parts: Vec<&str> = t.split('/').collect();
    if parts.len() == 3
        && !t.contains('-')
        && !parts[0].is_empty()
        && parts[0].chars().all(|c| c.is_ascii_digit())
        && type_for_code(parts[1]).is_some()
        && !parts[2].is_empty()
    {
        return format!("{}-{}/{}", parts[0], parts[1], parts[2]);
    }
    t
}

/// The number on a `Số …` line (`Số 44/ CV/HU`, `Số: /UBND-VX`, `Số:    111   /CV - UBND`).
fn number_of(plain: &str) -> Option<String> {
    let (start, end) = super::header::number_span(plain, 0)?;
    let first = plain[start..].chars().next()?;
    if !plain[end..].trim().is_empty() || !(first.is_ascii_digit() || first == '/') {
        return None;
    }
    Some(normalize_number(&plain[start..end]))
}

/// Place and date from `Hón Quản, ngày 11 tháng 11 năm 2018`; day and month may be blank on
/// an unsigned draft (`ngày tháng năm 2022`).
struct DateLine {
    place: String,
    day: Option<u32>,
    month: Option<u32>,
    year: i32,
}

fn leading_number(s: &str) -> Option<u32> {
    let digits: String = s
        .trim_start()
        .chars()
        .take_while(char::is_ascii_digit)
        .collect();
    digits.parse().ok()
}

fn date_of(plain: &str) -> Option<DateLine> {
    let at = find_ci(plain, "ngày")?;
    let before = plain[..at].trim_end();
    let place = before.strip_suffix(',')?.trim();
    let words = place.split_whitespace().count();
    if words == 0 || words > 6 || !place.starts_with(|c: char| c.is_uppercase()) {
        return None;
    }
    let rest = strip_ci(&plain[at..], "ngày")?;
    let (day, month, year) = match find_ci(rest, "tháng") {
        Some(t) => {
            let day = leading_number(&rest[..t]);
            let after = strip_ci(&rest[t..], "tháng")?;
            let n = find_ci(after, "năm")?;
            let month = leading_number(&after[..n]);
            let year = leading_number(strip_ci(&after[n..], "năm")?)?;
            (day, month, year)
        }
        None => {
            let mut parts = rest.trim().split(['/', '-', '.']);
            let d = leading_number(parts.next()?);
            let m = leading_number(parts.next()?);
            (d, m, leading_number(parts.next()?)?)
        }
    };
    if !(1000..=9999).contains(&year) {
        return None;
    }
    Some(DateLine {
        place: place.to_string(),
        day,
        month,
        year: year as i32,
    })
}

fn is_subject_start(plain: &str) -> bool {
    strip_ci(plain, "v/v").is_some() || strip_ci(plain, "về việc ").is_some()
}

/// The type a title line names (`KẾ HOẠCH`, `THÔNG BÁO` …), as on a document whose
/// subject stands under its type instead of after "V/v".
fn type_title(plain: &str) -> Option<&'static str> {
    const CODES: &[&str] = &[
        "CV", "TB", "KH", "QĐ", "QĐI", "CT", "NQ", "KL", "HD", "BC", "CTR", "QC", "TTR", "ĐA",
        "PA", "TTr",
    ];
    let f = fold(plain);
    CODES
        .iter()
        .filter_map(|c| type_for_code(c))
        .find(|name| fold(name) == f.trim())
}

fn kinh_gui(plain: &str) -> Option<&str> {
    let s = strip_bullet(plain).unwrap_or(plain);
    let rest = strip_ci(s, "kính gửi")?;
    Some(rest.trim_start_matches([':', ' ']).trim())
}

fn noi_nhan(plain: &str) -> Option<&str> {
    let rest = strip_ci(plain, "nơi nhận")?;
    Some(rest.trim_start_matches([':', ' ']).trim())
}

/// Words that name bodies and offices, spelled as Vietnamese writes them in running text.
/// Matched longest first against an uppercase header, they give its normal case.
const PHRASES: &[&str] = &[
    "Ủy ban Mặt trận Tổ quốc Việt Nam",
    "Thủ tướng Chính phủ",
    "Chính phủ",
    "Đoàn Thanh niên Cộng sản Hồ Chí Minh",
    "Ủy ban nhân dân",
    "Hội đồng nhân dân",
    "Ủy ban Kiểm tra",
    "Mặt trận Tổ quốc",
    "Ban Thường vụ",
    "Ban Chấp hành",
    "Ban Dân vận",
    "Ban Tuyên giáo",
    "Ban Tổ chức",
    "Ban Nội chính",
    "Ban Kinh tế",
    "Ban Cán sự đảng",
    "Ban Bí thư",
    "Bộ Chính trị",
    "Phó Chánh Văn phòng",
    "Chánh Văn phòng",
    "Văn phòng",
    "Đảng đoàn",
    "Đảng ủy",
    "Đảng bộ",
    "Chi bộ",
    "Trung ương",
    "Việt Nam",
    "Bí thư",
    "Phó",
    "Thường trực",
    "Thường vụ",
    "Chủ tịch",
    "Trưởng ban",
    "Trưởng phòng",
    "Giám đốc",
    "Ủy viên",
    "Đảng",
];

/// Committees named after their place: the words after them are the place's name.
const COMMITTEES: &[&str] = &["Huyện ủy", "Tỉnh ủy", "Thành ủy", "Thị ủy", "Quận ủy"];

/// Administrative units, lowercase in running text; the place name follows.
const UNITS: &[&str] = &[
    "thị xã",
    "thị trấn",
    "thành phố",
    "tỉnh",
    "huyện",
    "xã",
    "phường",
    "quận",
];

/// Words that begin a signer's title; anything before them on the title line is noise.
const TITLE_STARTS: &[&str] = &[
    "Phó",
    "Bí thư",
    "Chủ tịch",
    "Trưởng ban",
    "Trưởng phòng",
    "Chánh Văn phòng",
    "Giám đốc",
    "Ủy viên",
    "Thường trực",
];

fn word_keys(s: &str) -> Vec<String> {
    s.split_whitespace().map(identity_key).collect()
}

/// Length in words of `phrase` if it starts `words` at `at`.
fn matches_at(words: &[String], at: usize, phrase: &str) -> Option<usize> {
    let p = word_keys(phrase);
    (words.len() >= at + p.len() && words[at..at + p.len()] == p[..]).then_some(p.len())
}

fn capitalize(w: &str) -> String {
    let mut cs = w.chars();
    match cs.next() {
        Some(first) => first.to_uppercase().chain(cs).collect(),
        None => String::new(),
    }
}

/// An uppercase header in normal Vietnamese case: `HUYỆN ỦY HÓN QUẢN` → `Huyện ủy Hón
/// Quản`, `ỦY BAN NHÂN DÂN HUYỆN BÌNH SƠN` → `Ủy ban nhân dân huyện Bình Sơn`.
pub(crate) fn vn_case(caps: &str) -> String {
    // The committees' abbreviations, spelled out as a name is written.
    let lower: Vec<String> = caps
        .split_whitespace()
        .flat_map(|w| {
            let expanded = match w {
                "UBND" => "ủy ban nhân dân",
                "HĐND" => "hội đồng nhân dân",
                "UBMTTQ" => "ủy ban mặt trận tổ quốc",
                "TNCS" => "thanh niên cộng sản",
                _ => "",
            };
            if expanded.is_empty() {
                vec![crate::vietnamese::nfc(&w.to_lowercase())]
            } else {
                expanded.split(' ').map(str::to_string).collect()
            }
        })
        .collect();
    let keys: Vec<String> = lower.iter().map(|w| identity_key(w)).collect();
    let mut out: Vec<String> = Vec::new();
    let mut in_place = false;
    let mut i = 0;
    while i < lower.len() {
        let committee = COMMITTEES
            .iter()
            .filter_map(|p| matches_at(&keys, i, p).map(|n| (n, *p)))
            .max_by_key(|(n, _)| *n);
        let unit = UNITS
            .iter()
            .filter_map(|p| matches_at(&keys, i, p).map(|n| (n, *p)))
            .max_by_key(|(n, _)| *n);
        let phrase = PHRASES
            .iter()
            .filter_map(|p| matches_at(&keys, i, p).map(|n| (n, *p)))
            .max_by_key(|(n, _)| *n);
        if let Some((n, p)) = committee {
            out.push(p.to_string());
            in_place = true;
            i += n;
        } else if let Some((n, p)) = phrase.filter(|(n, _)| unit.is_none_or(|(u, _)| n > &u)) {
            out.push(p.to_string());
            in_place = false;
            i += n;
        } else if let Some((n, p)) = unit {
            out.push(p.to_string());
            in_place = true;
            i += n;
        } else if (keys[i] == identity_key("sở") || keys[i] == identity_key("phòng"))
            && i + 1 < lower.len()
        {
            // `SỞ NỘI VỤ` → `Sở Nội vụ`: the department's name starts with a capital.
            out.push(capitalize(&lower[i]));
            out.push(capitalize(&lower[i + 1]));
            in_place = false;
            i += 2;
        } else {
            out.push(if in_place || out.is_empty() {
                capitalize(&lower[i])
            } else {
                lower[i].clone()
            });
            i += 1;
        }
    }
    let joined = out.join(" ");
    capitalize(&joined)
}

/// `T/M BAN THƯỜNG VỤ` → `T/M Ban Thường vụ`, `KT. CHỦ TỊCH` → `KT. Chủ tịch`.
fn authority_of(plain: &str) -> Option<String> {
    const PREFIXES: &[&str] = &[
        "T/M",
        "TM.",
        "TM",
        "KT.",
        "KT",
        "TL.",
        "TUQ.",
        "Q.",
        "THỪA LỆNH",
        "THỪA ỦY QUYỀN",
        "THAY MẶT",
        "KÝ THAY",
    ];
    if !is_caps(plain) {
        return None;
    }
    PREFIXES.iter().find_map(|p| {
        let rest = plain.strip_prefix(p)?;
        if !rest.starts_with(' ') || rest.trim().is_empty() {
            return None;
        }
        Some(format!("{p} {}", vn_case(rest.trim())))
    })
}

/// A signer's title without what OCR left before it: ` SAN PHÓ BÍ THƯ` → `Phó Bí thư`.
fn title_of(plain: &str) -> String {
    let keys = word_keys(&plain.to_lowercase());
    let start = (0..keys.len())
        .find(|&i| {
            TITLE_STARTS
                .iter()
                .any(|t| matches_at(&keys, i, t).is_some())
        })
        .unwrap_or(0);
    let words: Vec<&str> = plain.split_whitespace().skip(start).collect();
    vn_case(&words.join(" "))
}

/// A person's name as signed: two to six capitalised words of letters only.
fn is_name(plain: &str) -> bool {
    let words: Vec<&str> = plain.split_whitespace().collect();
    (2..=6).contains(&words.len())
        && words.iter().all(|w| {
            w.chars().next().is_some_and(char::is_uppercase) && w.chars().all(char::is_alphabetic)
        })
}

/// Where the header's uppercase lines name bodies: each line one body, except that a line
/// starting with a unit (`HUYỆN BÌNH SƠN`) finishes the line above (`ỦY BAN NHÂN DÂN`).
fn merge_org_lines(lines: &[String]) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for l in lines {
        let keys = word_keys(&l.to_lowercase());
        let starts_committee = COMMITTEES.iter().any(|c| matches_at(&keys, 0, c).is_some());
        let starts_unit = UNITS.iter().any(|u| matches_at(&keys, 0, u).is_some());
        let starts_body = starts_committee
            || NAME_HEADS
                .iter()
                .any(|h| matches_at(&keys, 0, h).is_some_and(|n| n > 1 || keys.len() > 1));
        // A word alone that begins a body's name (`HUYỆN` of `HUYỆN ỦY`) waits for the rest.
        let head_alone = keys.len() == 1
            && NAME_HEADS
                .iter()
                .chain(COMMITTEES)
                .any(|h| word_keys(&h.to_lowercase()).first() == keys.first());
        let joins = match out.last() {
            Some(prev) => {
                let one_word = |s: &str| s.split_whitespace().count() == 1;
                (starts_unit && !starts_committee)
                    || one_word(prev)
                    || (one_word(l) && !head_alone)
                    || (is_unfinished(prev) && !starts_body)
            }
            None => false,
        };
        match out.last_mut() {
            // A name broken over lines: a unit finishes the line above, and so does any
            // word left alone and the rest of a name cut after a word that needs one.
            Some(prev) if joins => {
                prev.push(' ');
                prev.push_str(l);
            }
            _ => out.push(l.clone()),
        }
    }
    out
}

/// Words that begin a body's name on its own line.
const NAME_HEADS: &[&str] = &[
    "Ủy ban",
    "Ban",
    "Văn phòng",
    "Sở",
    "Phòng",
    "Đảng bộ",
    "Đảng ủy",
    "Chi bộ",
    "Bộ Chính trị",
    "Hội đồng",
    "Thủ tướng",
    "Chính phủ",
];

/// A name cut after a word that cannot end it: a unit (`… HUYỆN`), a committee without its
/// place (`HUYỆN ỦY`), or a piece of a longer name (`ỦY BAN NHÂN`, `BAN DÂN`).
fn is_unfinished(prev: &str) -> bool {
    let keys = word_keys(&prev.to_lowercase());
    let Some(last) = keys.last() else {
        return false;
    };
    let ends_with = |p: &str| {
        let p = word_keys(&p.to_lowercase());
        keys.len() >= p.len() && keys[keys.len() - p.len()..] == p[..]
    };
    const OPEN: &[&str] = &[
        "ủy ban",
        "ủy ban nhân",
        "ban dân",
        "ban tuyên",
        "ban tổ",
        "ban nội",
        "ban chấp",
        "ban chấp hành",
        "ban thường",
        "văn",
        "đảng",
        "chi",
        "ủy ban kiểm",
        "thị",
        "thành",
    ];
    UNITS.iter().any(|u| ends_with(u))
        || COMMITTEES.iter().any(|c| ends_with(c))
        || OPEN.iter().any(|o| ends_with(o))
        || *last == identity_key("ban")
}

/// True when a body's name carries no place (`Ban Dân vận`, `Văn phòng`): it is a part of
/// the body named on the line above it.
fn is_bare_department(caps: &str) -> bool {
    let keys = word_keys(&caps.to_lowercase());
    let has_place = (0..keys.len()).any(|i| {
        COMMITTEES
            .iter()
            .chain(UNITS)
            .any(|p| matches_at(&keys, i, p).is_some())
    });
    let department = ["ban", "văn", "phòng", "ủy", "trung", "đảng", "sở"]
        .iter()
        .any(|d| keys.first().is_some_and(|k| *k == identity_key(d)));
    department && !has_place && !is_committee_level(&keys)
}

fn is_committee_level(keys: &[String]) -> bool {
    ["Ủy ban nhân dân", "Hội đồng nhân dân", "Đảng bộ", "Đảng ủy"]
        .iter()
        .any(|p| matches_at(keys, 0, p).is_some())
}

/// Issuer codes of the symbol (`HU`, `BDVHU`, `UBND`) and the names they stand for.
const COMMITTEE_CODES: &[(&str, &str)] = &[
    ("HU", "Huyện ủy"),
    ("TU", "Tỉnh ủy"),
    ("ĐU", "Đảng ủy"),
    ("DU", "Đảng ủy"),
    ("QU", "Quận ủy"),
    ("TXU", "Thị ủy"),
    ("THU", "Thành ủy"),
    ("TPU", "Thành ủy"),
    ("UBND", "Ủy ban nhân dân"),
    ("HĐND", "Hội đồng nhân dân"),
];

const DEPARTMENT_CODES: &[(&str, &str)] = &[
    ("BDV", "Ban Dân vận"),
    ("BTG", "Ban Tuyên giáo"),
    ("BTC", "Ban Tổ chức"),
    ("BNC", "Ban Nội chính"),
    ("UBKT", "Ủy ban Kiểm tra"),
    ("VP", "Văn phòng"),
];

/// The issuer code of a number: `121-CV/ĐU` → `ĐU`, `07/KH-UBND` → `UBND`,
/// `/UBND-VX` → `UBND`, `70-KH/BDVTU-BCSDUB` → `BDVTU`.
fn issuer_code(number: &str) -> Option<String> {
    let (_, after) = number.split_once('/')?;
    let parts: Vec<&str> = after.split(['-', '/']).filter(|p| !p.is_empty()).collect();
    let code = if crate::number::is_party_style(number) {
        parts.first()?
    } else if parts.first().and_then(|c| type_for_code(c)).is_some() {
        parts.get(1)?
    } else {
        parts.first()?
    };
    Some(code.to_uppercase())
}

/// The unit level a Party committee or People's Committee works at, read from the body: the
/// unit word it most often uses bare of a name ("Ủy ban nhân dân xã", "các đoàn thể xã").
/// "các xã" names units below it and does not count.
fn level_from_body(body: &str, candidates: &[&str]) -> Option<&'static str> {
    let words: Vec<&str> = body
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .collect();
    let mut best: Option<(&'static str, usize)> = None;
    for unit in UNITS {
        if !candidates.contains(unit) {
            continue;
        }
        let u: Vec<&str> = unit.split(' ').collect();
        let mut count = 0;
        for i in 0..words.len().saturating_sub(u.len() - 1) {
            if words[i..i + u.len()] != u[..] {
                continue;
            }
            let prev = i.checked_sub(1).map(|p| words[p].to_lowercase());
            let next = words.get(i + u.len());
            let named = next.is_some_and(|n| n.starts_with(char::is_uppercase));
            if prev.as_deref() != Some("các") && !named {
                count += 1;
            }
        }
        if count > 0 && best.is_none_or(|(_, c)| count > c) {
            best = Some((unit, count));
        }
    }
    best.map(|(u, _)| u)
}

/// Issuer and parent from the number's issuer code, the place and the body, for documents
/// whose header lines are missing: `121-CV/ĐU` at Mỹ Thạnh → `Đảng ủy xã Mỹ Thạnh`.
fn issuer_from_code(
    number: &str,
    place: Option<&str>,
    body: &str,
) -> Option<(String, Option<String>)> {
    let code = issuer_code(number)?;
    let place = place?;
    let committee_name = |code: &str| -> Option<String> {
        let (_, name) = COMMITTEE_CODES.iter().find(|(c, _)| *c == code)?;
        let level = match *name {
            "Đảng ủy" => {
                Some(level_from_body(body, &["xã", "phường", "thị trấn"]).unwrap_or("xã"))
            }
            "Ủy ban nhân dân" | "Hội đồng nhân dân" => level_from_body(body, UNITS),
            _ => None,
        };
        Some(match level {
            Some(l) => format!("{name} {l} {place}"),
            None => format!("{name} {place}"),
        })
    };
    if let Some(name) = committee_name(&code) {
        return Some((name, None));
    }
    DEPARTMENT_CODES.iter().find_map(|(prefix, dept)| {
        let rest = code.strip_prefix(prefix)?;
        let parent = committee_name(rest)?;
        Some((format!("{dept} {parent}"), Some(parent)))
    })
}

fn is_opening_quote(c: char) -> Option<char> {
    match c {
        '“' => Some('”'),
        '"' => Some('"'),
        '«' => Some('»'),
        '„' => Some('”'),
        _ => None,
    }
}

/// Campaigns named in quotes right after "phong trào", "phong trào thi đua", "cuộc vận
/// động" or "chủ trương" (the Government's "Năm Dân vận chính quyền"), with the quoted
/// names that follow in the same list: `phong trào thi đua “Dân vận khéo”, “Năm …”`.
/// Quotes after other words (phương châm, mô hình) are slogans or models, not campaigns.
fn campaigns_of(body: &str) -> Vec<String> {
    const TRIGGERS: &[&str] = &["phong trào", "cuộc vận động", "chủ trương"];
    let text = body.replace('*', "");
    let chars: Vec<char> = text.chars().collect();
    let lower: Vec<char> = chars
        .iter()
        .map(|c| c.to_lowercase().next().unwrap_or(*c))
        .collect();
    let mut found: Vec<String> = Vec::new();
    let mut keys: Vec<String> = Vec::new();
    for trigger in TRIGGERS {
        let t: Vec<char> = crate::vietnamese::nfc(trigger).chars().collect();
        let mut i = 0;
        while i + t.len() <= lower.len() {
            let boundary = i == 0 || !lower[i - 1].is_alphanumeric();
            if !boundary || lower[i..i + t.len()] != t[..] {
                i += 1;
                continue;
            }
            let mut j = i + t.len();
            if lower[j..].starts_with(&[' ', 't', 'h', 'i', ' ', 'đ', 'u', 'a']) {
                j += 8;
            }
            let mut first = true;
            loop {
                let mut k = j;
                while k < chars.len() && chars[k] == ' ' {
                    k += 1;
                }
                if !first {
                    while k < chars.len() && matches!(chars[k], ',' | ';' | ' ') {
                        k += 1;
                    }
                    if lower[k..].starts_with(&['v', 'à', ' ']) {
                        k += 3;
                    }
                }
                let Some(close) = chars.get(k).and_then(|c| is_opening_quote(*c)) else {
                    break;
                };
                let Some(len) = chars[k + 1..]
                    .iter()
                    .take(300)
                    .position(|c| *c == close || *c == '\n')
                else {
                    break;
                };
                if chars[k + 1 + len] != close {
                    break;
                }
                let name = clean_name(&chars[k + 1..k + 1 + len].iter().collect::<String>());
                let key = identity_key(&name);
                if !name.is_empty() && !keys.contains(&key) {
                    keys.push(key);
                    found.push(name);
                }
                j = k + len + 2;
                first = false;
            }
            i += t.len();
        }
    }
    // Keep the order of appearance, not of triggers.
    let positions: Vec<usize> = found
        .iter()
        .map(|n| text.find(n.as_str()).unwrap_or(usize::MAX))
        .collect();
    let mut order: Vec<usize> = (0..found.len()).collect();
    order.sort_by_key(|&i| positions[i]);
    order.into_iter().map(|i| found[i].clone()).collect()
}

/// A numbered paragraph as Markdown that keeps its number as written: `1. Text` would be
/// renumbered as an ordered list, so the dot is escaped (`1\. Text`).
fn body_paragraph(raw: &str) -> String {
    let digits = raw.chars().take_while(char::is_ascii_digit).count();
    if digits > 0 && digits <= 3 {
        let rest = &raw[digits..];
        if let Some(after) = rest.strip_prefix('.').or_else(|| rest.strip_prefix(')'))
            && (after.starts_with(' ') || after.is_empty())
        {
            let mark = &rest[..1];
            return format!("{}\\{mark}{after}", &raw[..digits]);
        }
    }
    if raw.starts_with(['#', '>', '=']) {
        return format!("\\{raw}");
    }
    raw.to_string()
}

/// Sub-item markers that start with a lowercase letter (`a)`, `đ)`) and so begin a
/// paragraph rather than continue one.
fn is_letter_item(s: &str) -> bool {
    let mut cs = s.chars();
    matches!((cs.next(), cs.next()), (Some(c), Some(')')) if c.is_lowercase())
}

/// The body as Markdown: one paragraph a line, a paragraph that Word split mid-sentence
/// (the next line starts in lowercase) joined again.
fn body_markdown(lines: &[Line]) -> String {
    let mut paras: Vec<String> = Vec::new();
    for l in lines {
        if l.raw.is_empty() {
            continue;
        }
        let raw = clean_spaces(&l.raw);
        let starts_lower = raw
            .trim_start_matches(['*', '_'])
            .starts_with(char::is_lowercase);
        match paras.last_mut() {
            Some(prev) if starts_lower && !is_letter_item(&raw) && !prev.starts_with('|') => {
                prev.push(' ');
                prev.push_str(&raw);
            }
            _ => paras.push(raw),
        }
    }
    let mut out = String::new();
    for (i, p) in paras.iter().enumerate() {
        if i > 0 {
            let table_row = p.starts_with('|') && paras[i - 1].starts_with('|');
            out.push_str(if table_row { "\n" } else { "\n\n" });
        }
        out.push_str(&body_paragraph(p));
    }
    if !out.is_empty() {
        out.push('\n');
    }
    out
}

fn clean_spaces(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// A field the reader is unsure of, and why (in Vietnamese, for the webmaster).
pub(super) type Check = (&'static str, crate::messages::Text);

/// Reads every field the text gives; the second value is the body as Markdown, the third the
/// fields to check.
pub(super) fn parse(text: &str) -> (ImportedFields, String, Vec<Check>) {
    let mut checks: Vec<Check> = Vec::new();
    let lines = lines_of(text);
    let n = lines.len();
    let mut f = ImportedFields::default();

    let kg = lines.iter().position(|l| kinh_gui(&l.plain).is_some());
    let nn = (kg.unwrap_or(0)..n)
        .rev()
        .find(|&j| noi_nhan(&lines[j].plain).is_some());

    // The header: every recognised element up to Kính gửi, or up to the first line that is
    // plainly body text when there is no Kính gửi.
    let header_limit = kg.or(nn).unwrap_or(n);
    let mut org_lines: Vec<String> = Vec::new();
    let mut date_line: Option<DateLine> = None;
    let mut title_type: Option<&'static str> = None;
    let mut subject: Option<String> = None;
    let mut title_subject: Option<String> = None;
    let mut body_start = header_limit;
    let is_element = |p: &str| {
        p.is_empty()
            || is_motto(p)
            || number_of(p).is_some()
            || date_of(p).is_some()
            || kinh_gui(p).is_some()
            || is_subject_start(p)
    };
    let mut i = 0;
    while i < header_limit {
        let p = lines[i].plain.as_str();
        if p.is_empty() || is_motto(p) || p.chars().all(|c| !c.is_alphanumeric()) {
            i += 1;
            continue;
        }
        if let Some(num) = number_of(p) {
            f.number.get_or_insert(num);
            i += 1;
            continue;
        }
        if let Some(d) = date_of(p) {
            if date_line.is_none() {
                date_line = Some(d);
            }
            i += 1;
            continue;
        }
        // A subject and the lines that carry it on, up to a blank line or another element.
        let take_run = |i: &mut usize| {
            let mut parts = vec![lines[*i].plain.clone()];
            *i += 1;
            while *i < header_limit && !is_element(&lines[*i].plain) {
                parts.push(lines[*i].plain.clone());
                *i += 1;
            }
            clean_name(&parts.join(" "))
        };
        if is_subject_start(p) {
            let s = take_run(&mut i);
            subject.get_or_insert(s);
            continue;
        }
        if is_caps(p) {
            if let Some(t) = type_title(p) {
                title_type = Some(t);
            } else if subject.is_none() && title_subject.is_none() {
                org_lines.push(p.to_string());
            }
            i += 1;
            continue;
        }
        let long = p.chars().count() > 150;
        if !long && title_subject.is_none() && (f.number.is_some() || title_type.is_some()) {
            title_subject = Some(take_run(&mut i));
            continue;
        }
        if kg.is_none() {
            body_start = i;
            break;
        }
        i += 1;
    }

    // Kính gửi: the items after it, on its own line or the ones below.
    if let Some(k) = kg {
        let tail = kinh_gui(&lines[k].plain).unwrap_or("");
        let tail = strip_bullet(tail).unwrap_or(tail);
        if !tail.is_empty() {
            f.recipients.push(tail.to_string());
        }
        let mut j = k + 1;
        body_start = j;
        while j < n {
            let p = &lines[j].plain;
            if p.is_empty() {
                j += 1;
                continue;
            }
            match strip_bullet(p) {
                Some(item) if !item.is_empty() => {
                    f.recipients.push(item.to_string());
                    body_start = j + 1;
                }
                _ => break,
            }
            j += 1;
        }
        // Recipients written one a line without bullets, up to a blank line.
        if f.recipients.is_empty() {
            let mut j = k + 1;
            while j < n && lines[j].plain.is_empty() {
                j += 1;
            }
            while j < n
                && !lines[j].plain.is_empty()
                && lines[j].plain.chars().count() <= 120
                && lines[j].plain.ends_with([',', ';', '.'])
            {
                f.recipients.push(lines[j].plain.clone());
                j += 1;
                body_start = j;
            }
        }
    }

    // The body ends at Nơi nhận or at the signature's authority line, whichever comes first.
    let first_authority = (body_start..n).find(|&j| authority_of(&lines[j].plain).is_some());
    let body_end = match (nn, first_authority) {
        (Some(a), Some(b)) => a.min(b),
        (Some(a), None) | (None, Some(a)) => a,
        (None, None) => n,
    };
    let body_end = body_end.max(body_start);
    let body = body_markdown(&lines[body_start..body_end]);

    // Nơi nhận and the signature, in whatever order the table was flattened.
    let mut signer = Signer::default();
    let mut in_distribution = false;
    for l in &lines[body_end..] {
        let p = l.plain.as_str();
        if p.is_empty() {
            continue;
        }
        if let Some(tail) = noi_nhan(p) {
            in_distribution = true;
            let tail = strip_bullet(tail).unwrap_or(tail);
            if !tail.is_empty() {
                f.distribution.push(tail.to_string());
            }
            continue;
        }
        if let Some(item) = strip_bullet(p) {
            if !item.is_empty() {
                f.distribution.push(item.to_string());
            }
            continue;
        }
        if let Some(a) = authority_of(p) {
            signer.authority.get_or_insert(a);
            continue;
        }
        if is_caps(p) {
            if signer.title.is_none() {
                signer.title = Some(title_of(p));
            } else if signer.name.is_none() && is_name(p) {
                signer.name = Some(
                    p.split_whitespace()
                        .map(|w| capitalize(&w.to_lowercase()))
                        .collect::<Vec<_>>()
                        .join(" "),
                );
            }
            continue;
        }
        if is_name(p) {
            signer.name = Some(p.to_string());
            continue;
        }
        // An item that Word wrapped onto a second line.
        if in_distribution
            && p.starts_with(char::is_lowercase)
            && let Some(last) = f.distribution.last_mut()
        {
            last.push(' ');
            last.push_str(p);
        }
    }
    f.signer = signer;

    if let Some(d) = &date_line {
        f.place = Some(d.place.clone());
        f.date = Some(match (d.day, d.month) {
            (Some(day), Some(month))
                if chrono::NaiveDate::from_ymd_opt(d.year, month, day).is_some() =>
            {
                format!("{:04}-{month:02}-{day:02}", d.year)
            }
            _ => d.year.to_string(),
        });
    }

    if let Some(d) = &date_line
        && let (Some(day), Some(month)) = (d.day, d.month)
        && chrono::NaiveDate::from_ymd_opt(d.year, month, day).is_none()
    {
        checks.push((
            "date",
            crate::messages::Text::new("check-date-unreal")
                .with("date", format!("{day}/{month}/{}", d.year)),
        ));
    }
    if let Some(d) = &date_line
        && d.place.split_whitespace().count() > 4
    {
        checks.push(("place", crate::messages::Text::new("check-place-long")));
    }

    f.subject = subject.or(title_subject);
    let number_type = f.number.as_deref().and_then(type_from_number);
    if let (Some(n), Some(t)) = (number_type, title_type)
        && n != t
    {
        checks.push((
            "type",
            crate::messages::Text::new("check-type-differs")
                .with("number", n)
                .with("title", t),
        ));
    }
    f.doc_type = number_type
        .or(title_type)
        .or_else(|| {
            f.subject
                .as_deref()
                .filter(|s| is_subject_start(s))
                .map(|_| "Công văn")
        })
        .map(str::to_string);

    // Issuer and parent: the header's body lines, else the number's issuer code.
    let orgs = merge_org_lines(&org_lines);
    match orgs.as_slice() {
        [] => {
            if let Some((issuer, parent)) = f
                .number
                .as_deref()
                .and_then(|num| issuer_from_code(num, f.place.as_deref(), &body))
            {
                checks.push(("issuer", crate::messages::Text::new("check-issuer-guessed")));
                f.issuer = Some(issuer);
                f.parent = parent;
            }
        }
        [.., parent_caps, issuer_caps] => {
            let parent = vn_case(parent_caps);
            let issuer = vn_case(issuer_caps);
            if is_bare_department(issuer_caps) {
                // A department is named with its place (`Sở Nội vụ tỉnh X`), but the office
                // that serves a committee with the committee (`Văn phòng Ủy ban nhân dân
                // tỉnh X`, as citations of `…/TB-VP.UBND` name it).
                let serves_committee = word_keys(&issuer.to_lowercase())
                    .first()
                    .is_some_and(|k| *k == identity_key("văn"));
                let of = match serves_committee {
                    true => parent.as_str(),
                    false => parent.strip_prefix("Ủy ban nhân dân ").unwrap_or(&parent),
                };
                f.issuer = Some(format!("{issuer} {of}"));
            } else {
                f.issuer = Some(issuer);
            }
            f.parent = Some(parent);
        }
        [only] => f.issuer = Some(vn_case(only)),
    }

    f.campaigns = campaigns_of(&body);
    let number_incomplete = f
        .number
        .as_deref()
        .is_some_and(|num| !num.starts_with(|c: char| c.is_ascii_digit()));
    let date_incomplete = date_line
        .as_ref()
        .is_some_and(|d| d.day.is_none() || d.month.is_none());
    f.draft = number_incomplete || date_incomplete;
    if orgs.len() > 2 {
        checks.push((
            "issuer",
            crate::messages::Text::new("check-issuer-lines").with("count", orgs.len()),
        ));
    }
    (f, body, checks)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn header_case() {
        assert_eq!(vn_case("HUYỆN ỦY HÓN QUẢN"), "Huyện ủy Hón Quản");
        assert_eq!(
            vn_case("ỦY BAN NHÂN DÂN HUYỆN BÌNH SƠN"),
            "Ủy ban nhân dân huyện Bình Sơn"
        );
        assert_eq!(
            vn_case("ĐẢNG BỘ TỈNH BÌNH PHƯỚC"),
            "Đảng bộ tỉnh Bình Phước"
        );
        assert_eq!(vn_case("BAN DÂN VẬN"), "Ban Dân vận");
        assert_eq!(vn_case("PHÓ BÍ THƯ THƯỜNG TRỰC"), "Phó Bí thư Thường trực");
        assert_eq!(
            vn_case("UỶ BAN NHÂN DÂN THÀNH PHỐ HỒ CHÍ MINH"),
            "Ủy ban nhân dân thành phố Hồ Chí Minh"
        );
        assert_eq!(vn_case("ĐẢNG ỦY XÃ MỸ THẠNH"), "Đảng ủy xã Mỹ Thạnh");
    }

    #[test]
    fn numbers() {
        assert_eq!(number_of("Số 44/ CV/HU").as_deref(), Some("44-CV/HU"));
        assert_eq!(
            number_of("Số 118 -CV/BDVHU").as_deref(),
            Some("118-CV/BDVHU")
        );
        assert_eq!(number_of("Số: /UBND-VX").as_deref(), Some("/UBND-VX"));
        assert_eq!(number_of("Số: 07/KH-UBND").as_deref(), Some("07/KH-UBND"));
        assert_eq!(number_of("Số liệu 12/2018"), None);
        assert_eq!(number_of("Số 5 đồng chí"), None);
    }

    #[test]
    fn dates() {
        let d = date_of("Hón Quản, ngày 11 tháng 11 năm 2018").unwrap();
        assert_eq!(
            (d.place.as_str(), d.day, d.month, d.year),
            ("Hón Quản", Some(11), Some(11), 2018)
        );
        let d = date_of("Bình Sơn, ngày tháng năm 2022").unwrap();
        assert_eq!((d.day, d.month, d.year), (None, None, 2022));
        assert!(date_of("Ngày 07 tháng 10 năm 2019, Thường trực Huyện ủy tổ chức").is_none());
        let d = date_of("Hà Nội, ngày 05/3/2020").unwrap();
        assert_eq!((d.day, d.month, d.year), (Some(5), Some(3), 2020));
    }

    #[test]
    fn signer_parts() {
        assert_eq!(
            authority_of("T/M BAN THƯỜNG VỤ").as_deref(),
            Some("T/M Ban Thường vụ")
        );
        assert_eq!(
            authority_of("KT. CHỦ TỊCH").as_deref(),
            Some("KT. Chủ tịch")
        );
        assert_eq!(authority_of("TM BAN"), Some("TM Ban".to_string()));
        assert_eq!(authority_of("Thay mặt"), None);
        assert_eq!(title_of("SAN PHÓ BÍ THƯ"), "Phó Bí thư");
        assert_eq!(title_of("PHÓ CHỦ TỊCH"), "Phó Chủ tịch");
    }

    #[test]
    fn issuer_codes() {
        assert_eq!(issuer_code("121-CV/ĐU").as_deref(), Some("ĐU"));
        assert_eq!(issuer_code("07/KH-UBND").as_deref(), Some("UBND"));
        assert_eq!(issuer_code("/UBND-VX").as_deref(), Some("UBND"));
        assert_eq!(issuer_code("70-KH/BDVTU-BCSDUB").as_deref(), Some("BDVTU"));
        assert_eq!(
            issuer_from_code("5-CV/BDVHU", Some("Đơn Dương"), ""),
            Some((
                "Ban Dân vận Huyện ủy Đơn Dương".into(),
                Some("Huyện ủy Đơn Dương".into())
            ))
        );
        assert_eq!(
            issuer_from_code(
                "5-CV/ĐU",
                Some("Tân Hòa"),
                "các phường, Ủy ban nhân dân phường và đoàn thể phường."
            ),
            Some(("Đảng ủy phường Tân Hòa".into(), None))
        );
    }

    #[test]
    fn campaigns_after_their_words_only() {
        let body = "phong trào thi đua “Dân vận khéo”, “Năm Dân vận chính quyền”; phương châm “mưa dầm thấm sâu”; cuộc vận động \"*Toàn dân đoàn kết*\" và \"Ngày vì người nghèo\"; phong trào thi đua yêu nước, mô hình “Dân vận khéo”";
        assert_eq!(
            campaigns_of(body),
            vec![
                "Dân vận khéo",
                "Năm Dân vận chính quyền",
                "Toàn dân đoàn kết",
                "Ngày vì người nghèo"
            ]
        );
    }

    #[test]
    fn body_numbering_and_joins() {
        let lines = lines_of("1. Một\n\ncủa hai;\n2- Ba\na) bốn\n# năm");
        assert_eq!(
            body_markdown(&lines),
            "1\\. Một của hai;\n\n2- Ba\n\na) bốn\n\n\\# năm\n"
        );
    }
}
