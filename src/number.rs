//! Số, ký hiệu: the document number as written (`44-CV/HU`, `07/KH-UBND`), its type code,
//! and the key under which citations find it.

use crate::vietnamese::fold;

/// Type codes of Vietnamese document symbols and the type names they stand for.
const TYPE_CODES: &[(&str, &str)] = &[
    ("CV", "Công văn"),
    ("TB", "Thông báo"),
    ("KH", "Kế hoạch"),
    ("QĐ", "Quyết định"),
    ("QĐI", "Quy định"),
    ("CT", "Chỉ thị"),
    ("NQ", "Nghị quyết"),
    ("NQLT", "Nghị quyết liên tịch"),
    ("KL", "Kết luận"),
    ("HD", "Hướng dẫn"),
    ("BC", "Báo cáo"),
    ("CTR", "Chương trình"),
    ("QC", "Quy chế"),
    ("TTR", "Tờ trình"),
    ("TT", "Thông tư"),
    ("TTLT", "Thông tư liên tịch"),
    ("NĐ", "Nghị định"),
    ("PA", "Phương án"),
    ("ĐA", "Đề án"),
    ("BB", "Biên bản"),
    ("GM", "Giấy mời"),
    ("CĐ", "Công điện"),
    ("TC", "Thông cáo"),
    ("QY", "Quy định"),
    ("HĐ", "Hợp đồng"),
];

/// The type name for a type code, case-insensitively (`QĐi` → Quy định).
pub(crate) fn type_for_code(code: &str) -> Option<&'static str> {
    let upper = code.trim().to_uppercase();
    TYPE_CODES
        .iter()
        .find(|(c, _)| *c == upper)
        .map(|(_, name)| *name)
}

/// Every known type name, for matching a `type` written in another case.
pub(crate) fn type_names() -> impl Iterator<Item = &'static str> {
    TYPE_CODES.iter().map(|(_, name)| *name)
}

/// The type code inside a number: after the first `-` in Party style (`44-CV/HU`), after the
/// first `/` in state style (`07/KH-UBND`). None when the symbol carries no type code, as in
/// a state-style công văn (`121/UBND-VX`).
pub(crate) fn type_code(number: &str) -> Option<&str> {
    let n = number.trim();
    let digits_end = n
        .char_indices()
        .find(|(_, c)| !c.is_ascii_digit() && *c != ' ' && *c != ',')
        .map(|(i, _)| i)?;
    let rest = &n[digits_end..];
    let sep = rest.chars().next()?;
    if sep != '-' && sep != '/' {
        return None;
    }
    let rest = rest[sep.len_utf8()..].trim_start();
    let code: &str = rest
        .split(['/', '-', ' '])
        .next()
        .filter(|c| !c.is_empty())?;
    type_for_code(code).map(|_| code)
}

/// The type name a number implies, if its symbol has a known type code.
pub fn type_from_number(number: &str) -> Option<&'static str> {
    type_code(number).and_then(type_for_code)
}

/// True for Party style (`44-CV/HU`: number, dash, code, slash, issuer), false for state
/// style (`07/KH-UBND`). Decides the motto printed in the header.
pub fn is_party_style(number: &str) -> bool {
    let n = number.trim();
    let after_digits = n.trim_start_matches(|c: char| c.is_ascii_digit() || c == ' ');
    after_digits.starts_with('-') && n.starts_with(|c: char| c.is_ascii_digit())
}

/// Tidies a number as typed: drops a leading `Số`/`Số:` and every space (`Số 118 -CV/BDVHU`
/// → `118-CV/BDVHU`). `-` and `/` are kept as written, since the page shows them.
pub(crate) fn tidy(number: &str) -> String {
    let n = crate::vietnamese::nfc(number);
    let n = n.trim();
    let n = n
        .strip_prefix("Số:")
        .or_else(|| n.strip_prefix("Số"))
        .unwrap_or(n);
    n.chars().filter(|c| !c.is_whitespace()).collect()
}

/// The number's normal form (SPEC §4), the one place where the ways of writing a number are
/// folded: white space, `-` versus `/` versus `.` between parts (`26/TB-VP.UBND`), case,
/// diacritics (đ/d, `TƯ` for `TU`) and leading zeros of numeric parts are ignored. The
/// citation finder, the resolver, the archive's index and `check` compare numbers by it.
/// `07/KH-UBND` and `7-kh/ubnd` share the key `7/KH/UBND`.
pub fn number_key(number: &str) -> String {
    let folded = key_letters(number);
    let mut key = String::with_capacity(folded.len());
    for part in folded.split(['-', '/', '.']).filter(|p| !p.is_empty()) {
        if !key.is_empty() {
            key.push('/');
        }
        let trimmed = part.trim_start_matches('0');
        if trimmed.is_empty() || !part.chars().all(|c| c.is_ascii_digit()) {
            key.push_str(if trimmed.is_empty() && part.chars().all(|c| c == '0') {
                "0"
            } else {
                part
            });
        } else {
            key.push_str(trimmed);
        }
    }
    key
}

/// `fold(&tidy(number)).to_uppercase()`: the letters [`number_key`] splits into parts.
/// Numbers of ASCII and Đ alone (nearly all) are read char by char without the three
/// copies: they are NFC and cannot start with "Số", so tidying only drops white space, and
/// folding then uppercasing makes Đ a D and the rest ASCII capitals.
fn key_letters(number: &str) -> String {
    let mut out = String::with_capacity(number.len());
    for c in number.chars() {
        match c {
            'Đ' | 'đ' => out.push('D'),
            c if c.is_whitespace() => {}
            c if c.is_ascii() => out.push(c.to_ascii_uppercase()),
            _ => return fold(&tidy(number)).to_uppercase(),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;

    use super::*;

    #[test]
    fn type_from_party_and_state_numbers() {
        assert_eq!(type_from_number("44-CV/HU"), Some("Công văn"));
        assert_eq!(type_from_number("224-TB/BDVTU"), Some("Thông báo"));
        assert_eq!(type_from_number("07/KH-UBND"), Some("Kế hoạch"));
        assert_eq!(type_from_number("1669-QĐ/TU"), Some("Quyết định"));
        assert_eq!(type_from_number("08-QĐi/TW"), Some("Quy định"));
        assert_eq!(type_from_number("20-CTr/HU"), Some("Chương trình"));
        assert_eq!(type_from_number("16/CT-TTg"), Some("Chỉ thị"));
        assert_eq!(type_from_number("121/UBND-VX"), None);
        assert_eq!(type_from_number("/UBND-VX"), None);
    }

    #[test]
    fn party_or_state_style() {
        assert!(is_party_style("44-CV/HU"));
        assert!(is_party_style("118 -CV/BDVHU"));
        assert!(!is_party_style("07/KH-UBND"));
        assert!(!is_party_style("/UBND-VX"));
    }

    #[test]
    fn tidy_removes_spaces_and_prefix() {
        assert_eq!(tidy("Số 44/ CV/HU"), "44/CV/HU");
        assert_eq!(tidy("118 -CV/BDVHU"), "118-CV/BDVHU");
        assert_eq!(tidy("Số: 07/KH-UBND"), "07/KH-UBND");
    }

    #[test]
    fn keys_ignore_case_dash_slash_d_and_zeros() {
        let k = number_key("07/KH-UBND");
        assert_eq!(k, "7/KH/UBND");
        assert_eq!(number_key("7-kh/ubnd"), k);
        assert_eq!(number_key("44/ CV/HU"), number_key("44-CV/HU"));
        assert_eq!(number_key("1669-QĐ/TU"), number_key("1669-QD/TU"));
        assert_eq!(number_key("1669-qđ/tu"), "1669/QD/TU");
        assert_ne!(number_key("44-CV/HU"), number_key("45-CV/HU"));
    }

    #[test]
    fn keys_fold_dots_spaces_and_the_horn() {
        assert_eq!(number_key("26/TB-VP.UBND"), number_key("26/TB-VP-UBND"));
        assert_eq!(number_key("1498- CV/ HU"), number_key("1498-CV/HU"));
        assert_eq!(
            number_key("Số:    111   /CV - UBND"),
            number_key("111/CV-UBND")
        );
        assert_eq!(number_key("12-CT/TƯ"), "12/CT/TU");
        assert_eq!(number_key("08-QĐi/TW"), number_key("8/qdi/tw"));
        assert_ne!(number_key("26/TB-VP.UBND"), number_key("26/TB-VP"));
    }

    proptest! {
        #[test]
        fn key_letters_agree_with_fold_and_uppercase(
            chars in prop::collection::vec(prop::sample::select(vec![
                '4', '0', '7', '-', '/', ' ', '\t', '\u{b}', '\u{a0}', 'C', 'v', 'Đ', 'đ', 'i',
                'ß', 'ố', 'S', 'Q', '\u{301}', 'K', '\u{212a}', 'ı',
            ]), 0..12),
            prefix in prop::sample::select(vec!["", "Số", "Số:", " Số ", "số"]),
        ) {
            let number = format!("{prefix}{}", chars.iter().collect::<String>());
            prop_assert_eq!(key_letters(&number), fold(&tidy(&number)).to_uppercase());
        }
    }
}
