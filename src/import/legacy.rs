//! Vietnamese typed in the pre-Unicode 8-bit encodings that old office files still carry:
//! TCVN3 (ABC, the `.VnTime` fonts) and VNI (the `VNI-Times` fonts). Word keeps such text as
//! the Windows-1252 characters of its bytes, so "Việt" typed in `.VnTime` reaches us as
//! "ViÖt", and in `VNI-Times` as "Vieät". No maintained crate converts these, so the tables
//! are written out here from the published code charts.

use unicode_normalization::UnicodeNormalization;

/// A legacy encoding recognised in a text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Legacy {
    Tcvn3,
    Vni,
}

impl Legacy {
    /// How the import report names it.
    pub(crate) fn text(self) -> crate::messages::Text {
        crate::messages::Text::new(match self {
            Legacy::Tcvn3 => "enc-tcvn3",
            Legacy::Vni => "enc-vni",
        })
    }
}

/// TCVN3 (TCVN 5712:1993, VN3): byte → Unicode. Only lowercase letters carry tones; the
/// uppercase fonts (`.VnTimeH`) draw these same bytes as capitals.
const TCVN3: &[(u8, char)] = &[
    (0xA1, 'Ă'),
    (0xA2, 'Â'),
    (0xA3, 'Ê'),
    (0xA4, 'Ô'),
    (0xA5, 'Ơ'),
    (0xA6, 'Ư'),
    (0xA7, 'Đ'),
    (0xA8, 'ă'),
    (0xA9, 'â'),
    (0xAA, 'ê'),
    (0xAB, 'ô'),
    (0xAC, 'ơ'),
    (0xAD, 'ư'),
    (0xAE, 'đ'),
    (0xB5, 'à'),
    (0xB6, 'ả'),
    (0xB7, 'ã'),
    (0xB8, 'á'),
    (0xB9, 'ạ'),
    (0xBB, 'ằ'),
    (0xBC, 'ẳ'),
    (0xBD, 'ẵ'),
    (0xBE, 'ắ'),
    (0xC6, 'ặ'),
    (0xC7, 'ầ'),
    (0xC8, 'ẩ'),
    (0xC9, 'ẫ'),
    (0xCA, 'ấ'),
    (0xCB, 'ậ'),
    (0xCC, 'è'),
    (0xCE, 'ẻ'),
    (0xCF, 'ẽ'),
    (0xD0, 'é'),
    (0xD1, 'ẹ'),
    (0xD2, 'ề'),
    (0xD3, 'ể'),
    (0xD4, 'ễ'),
    (0xD5, 'ế'),
    (0xD6, 'ệ'),
    (0xD7, 'ì'),
    (0xD8, 'ỉ'),
    (0xDC, 'ĩ'),
    (0xDD, 'í'),
    (0xDE, 'ị'),
    (0xDF, 'ò'),
    (0xE1, 'ỏ'),
    (0xE2, 'õ'),
    (0xE3, 'ó'),
    (0xE4, 'ọ'),
    (0xE5, 'ồ'),
    (0xE6, 'ổ'),
    (0xE7, 'ỗ'),
    (0xE8, 'ố'),
    (0xE9, 'ộ'),
    (0xEA, 'ờ'),
    (0xEB, 'ở'),
    (0xEC, 'ỡ'),
    (0xED, 'ớ'),
    (0xEE, 'ợ'),
    (0xEF, 'ù'),
    (0xF1, 'ủ'),
    (0xF2, 'ũ'),
    (0xF3, 'ú'),
    (0xF4, 'ụ'),
    (0xF5, 'ừ'),
    (0xF6, 'ử'),
    (0xF7, 'ữ'),
    (0xF8, 'ứ'),
    (0xF9, 'ự'),
    (0xFA, 'ỳ'),
    (0xFB, 'ỷ'),
    (0xFC, 'ỹ'),
    (0xFD, 'ý'),
    (0xFE, 'ỵ'),
];

/// The Unicode letter a TCVN3 byte (seen as the Latin-1 character of the same code) stands for.
pub(crate) fn tcvn3_char(c: char) -> Option<char> {
    let code = u32::from(c);
    if !(0xA1..=0xFE).contains(&code) {
        return None;
    }
    TCVN3
        .iter()
        .find(|(b, _)| u32::from(*b) == code)
        .map(|(_, u)| *u)
}

/// VNI letters that stand alone (not a mark after a vowel).
const VNI_SINGLE: &[(char, char)] = &[
    ('ñ', 'đ'),
    ('Ñ', 'Đ'),
    ('ô', 'ơ'),
    ('Ô', 'Ơ'),
    ('ö', 'ư'),
    ('Ö', 'Ư'),
    ('æ', 'ỉ'),
    ('Æ', 'Ỉ'),
    ('ó', 'ĩ'),
    ('Ó', 'Ĩ'),
    ('ò', 'ị'),
    ('Ò', 'Ị'),
    ('î', 'ỵ'),
    ('Î', 'Ỵ'),
];

const ACUTE: char = '\u{301}';
const GRAVE: char = '\u{300}';
const HOOK: char = '\u{309}';
const TILDE: char = '\u{303}';
const DOT: char = '\u{323}';
const CIRCUMFLEX: char = '\u{302}';
const BREVE: char = '\u{306}';

/// A VNI mark typed after its vowel: the diacritic it adds (circumflex or breve, if any)
/// and the tone.
fn vni_mark(c: char) -> Option<(Option<char>, Option<char>)> {
    let lower = c.to_lowercase().next()?;
    Some(match lower {
        'ù' => (None, Some(ACUTE)),
        'ø' => (None, Some(GRAVE)),
        'û' => (None, Some(HOOK)),
        'õ' => (None, Some(TILDE)),
        'ï' => (None, Some(DOT)),
        'â' => (Some(CIRCUMFLEX), None),
        'á' => (Some(CIRCUMFLEX), Some(ACUTE)),
        'à' => (Some(CIRCUMFLEX), Some(GRAVE)),
        'å' => (Some(CIRCUMFLEX), Some(HOOK)),
        'ã' => (Some(CIRCUMFLEX), Some(TILDE)),
        'ä' => (Some(CIRCUMFLEX), Some(DOT)),
        'ê' => (Some(BREVE), None),
        'é' => (Some(BREVE), Some(ACUTE)),
        'è' => (Some(BREVE), Some(GRAVE)),
        'ú' => (Some(BREVE), Some(HOOK)),
        'ü' => (Some(BREVE), Some(TILDE)),
        'ë' => (Some(BREVE), Some(DOT)),
        _ => return None,
    })
}

/// The vowel a VNI base character stands for (`ô` is ơ and `ö` is ư in VNI).
fn vni_base(c: char) -> Option<char> {
    match c {
        'a' | 'e' | 'i' | 'o' | 'u' | 'y' | 'A' | 'E' | 'I' | 'O' | 'U' | 'Y' => Some(c),
        'ô' => Some('ơ'),
        'Ô' => Some('Ơ'),
        'ö' => Some('ư'),
        'Ö' => Some('Ư'),
        _ => None,
    }
}

/// Converts VNI text to Unicode (NFC).
pub(crate) fn vni_to_unicode(s: &str) -> String {
    let chars: Vec<char> = s.chars().collect();
    let mut out = String::with_capacity(s.len());
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        if let (Some(base), Some(next)) = (vni_base(c), chars.get(i + 1))
            && let Some((shape, tone)) = vni_mark(*next)
        {
            let base_lower = base.to_lowercase().next().unwrap_or(base);
            let shape_fits = match shape {
                Some(CIRCUMFLEX) => matches!(base_lower, 'a' | 'e' | 'o'),
                Some(_) => base_lower == 'a',
                None => true,
            };
            if shape_fits {
                let mut composed = String::new();
                composed.push(base);
                composed.extend(shape);
                composed.extend(tone);
                out.extend(composed.nfc());
                i += 2;
                continue;
            }
        }
        match VNI_SINGLE.iter().find(|(v, _)| *v == c) {
            Some((_, u)) => out.push(*u),
            None => out.push(c),
        }
        i += 1;
    }
    out
}

/// Converts TCVN3 text to Unicode. Characters outside the table are kept.
pub(crate) fn tcvn3_to_unicode(s: &str) -> String {
    s.chars().map(|c| tcvn3_char(c).unwrap_or(c)).collect()
}

/// Letters that only Unicode Vietnamese has: their presence shows a line is already Unicode.
fn is_unicode_vietnamese(c: char) -> bool {
    matches!(
        u32::from(c),
        0x102
            | 0x103
            | 0x110
            | 0x111
            | 0x128
            | 0x129
            | 0x168
            | 0x169
            | 0x1A0
            | 0x1A1
            | 0x1AF
            | 0x1B0
            | 0x1EA0..=0x1EF9
    )
}

/// Characters in ¡–¾ that TCVN3 uses for its commonest letters (ă â ê ô ơ ư đ, a with
/// tones) and that neither Unicode Vietnamese nor VNI text has in any number.
fn tcvn3_signal(c: char) -> bool {
    (0xA1..=0xBE).contains(&u32::from(c)) && tcvn3_char(c).is_some()
}

/// Characters no Vietnamese word in Unicode contains but VNI uses for marks and letters.
fn vni_signal(prev: Option<char>, c: char) -> bool {
    let standalone = matches!(c, 'ñ' | 'Ñ' | 'ö' | 'Ö' | 'æ' | 'Æ' | 'î' | 'Î');
    let mark = matches!(
        c,
        'ø' | 'û' | 'ï' | 'ä' | 'å' | 'ë' | 'ü' | 'Ø' | 'Û' | 'Ï' | 'Ä' | 'Å' | 'Ë' | 'Ü'
    );
    standalone || (mark && prev.and_then(vni_base).is_some())
}

fn line_counts(line: &str) -> (usize, usize, usize) {
    let (mut uni, mut tcvn, mut vni) = (0, 0, 0);
    let mut prev = None;
    for c in line.chars() {
        if is_unicode_vietnamese(c) {
            uni += 1;
        }
        if tcvn3_signal(c) {
            tcvn += 1;
        }
        if vni_signal(prev, c) {
            vni += 1;
        }
        prev = Some(c);
    }
    (uni, tcvn, vni)
}

/// Which legacy encoding, if any, the lines of `text` that hold no Unicode Vietnamese letter
/// are written in. Two signals are needed, so that one stray `§` or `©` converts nothing;
/// TCVN3 wins as soon as one of its own ¡–¾ letters is among them, since VNI never uses those
/// while TCVN3 text also shows the characters VNI uses (`ñ` is ủ in TCVN3, đ in VNI).
pub(crate) fn detect(text: &str) -> Option<Legacy> {
    let (mut tcvn, mut vni) = (0, 0);
    for line in text.lines() {
        let (uni, t, v) = line_counts(line);
        if uni == 0 {
            tcvn += t;
            vni += v;
        }
    }
    if tcvn >= 1 && tcvn + vni >= 2 {
        Some(Legacy::Tcvn3)
    } else if vni >= 2 {
        Some(Legacy::Vni)
    } else {
        None
    }
}

/// Converts a line typed in an uppercase-only font: TCVN3 has no tone-marked capitals, so
/// `.VnTimeH` headers come out as "HUYệN ủY" and are uppercased when every ASCII letter is.
fn restore_caps(line: &str) -> String {
    let has_lower_ascii = line.chars().any(|c| c.is_ascii_lowercase());
    let caps_words = line
        .split_whitespace()
        .filter(|w| !w.chars().any(|c| c.is_ascii_digit()))
        .filter(|w| w.chars().filter(|c| c.is_ascii_uppercase()).count() >= 2)
        .count();
    if !has_lower_ascii && caps_words >= 2 {
        crate::vietnamese::upper(line)
    } else {
        line.to_string()
    }
}

/// Converts one piece of text known to be in `enc` (a run whose font says so).
pub(crate) fn convert_as(enc: Legacy, s: &str) -> String {
    match enc {
        Legacy::Tcvn3 => tcvn3_to_unicode(s),
        Legacy::Vni => vni_to_unicode(s),
    }
}

/// Finds legacy text and converts it to Unicode, line by line. In a text that is mostly
/// Unicode Vietnamese, only lines carrying a legacy signal are converted, so that "Tô Lâm"
/// in a Unicode paragraph is not read as TCVN3.
pub fn convert(text: &str) -> (String, Option<Legacy>) {
    let Some(enc) = detect(text) else {
        return (text.to_string(), None);
    };
    // Mostly legacy with a few Unicode lines (a table pasted in later): every line without
    // Unicode letters is legacy, signals or not ("Sè 44" has none). Mostly Unicode: only
    // lines that show a signal are.
    let (mut unicode_lines, mut legacy_lines) = (0, 0);
    for line in text.split('\n') {
        let (uni, t, v) = line_counts(line);
        if uni > 0 {
            unicode_lines += 1;
        } else if t + v > 0 {
            legacy_lines += 1;
        }
    }
    let mixed = unicode_lines >= legacy_lines;
    let mut out = String::with_capacity(text.len() + text.len() / 4);
    for (i, line) in text.split('\n').enumerate() {
        if i > 0 {
            out.push('\n');
        }
        let (uni, t, v) = line_counts(line);
        let signal = match enc {
            Legacy::Tcvn3 => t + v,
            Legacy::Vni => v,
        };
        if uni == 0 && (!mixed || signal > 0) {
            out.push_str(&restore_caps(&convert_as(enc, line)));
        } else {
            out.push_str(line);
        }
    }
    (out, Some(enc))
}

/// Encodes Unicode text as TCVN3 seen through Windows-1252, the inverse of
/// [`tcvn3_to_unicode`] for letters in the table; used by tests to make legacy fixtures.
pub fn unicode_to_tcvn3(s: &str) -> String {
    crate::vietnamese::nfc(s)
        .chars()
        .map(|c| {
            TCVN3
                .iter()
                .find(|(_, u)| *u == c)
                .map(|(b, _)| char::from(*b))
                .or_else(|| {
                    // Tone-marked capitals do not exist in TCVN3: typists used the lowercase.
                    let lower = c.to_lowercase().next()?;
                    if lower == c || lower.is_ascii() {
                        return None;
                    }
                    TCVN3
                        .iter()
                        .find(|(_, u)| *u == lower)
                        .map(|(b, _)| char::from(*b))
                })
                .unwrap_or(c)
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tcvn3_known_phrases() {
        assert_eq!(
            tcvn3_to_unicode("Céng hoµ x· héi chñ nghÜa ViÖt Nam"),
            "Cộng hoà xã hội chủ nghĩa Việt Nam"
        );
        assert_eq!(tcvn3_to_unicode("§¶ng bé HuyÖn ñy"), "Đảng bộ Huyện ủy");
        assert_eq!(tcvn3_to_unicode("Hå ChÝ Minh"), "Hồ Chí Minh");
        assert_eq!(tcvn3_to_unicode("®ång chÝ"), "đồng chí");
    }

    #[test]
    fn tcvn3_table_is_a_bijection_and_round_trips() {
        for (i, (b, u)) in TCVN3.iter().enumerate() {
            assert!(
                TCVN3[i + 1..].iter().all(|(b2, u2)| b2 != b && u2 != u),
                "{b:#x}"
            );
        }
        let s = "Ban Dân vận Huyện ủy Đơn Dương tăng cường công tác dân vận, ỷ ỹ ỵ ợ ữ";
        assert_eq!(tcvn3_to_unicode(&unicode_to_tcvn3(s)), s);
    }

    #[test]
    fn vni_known_phrases() {
        assert_eq!(
            vni_to_unicode("Coäng hoøa xaõ hoäi chuû nghóa Vieät Nam"),
            "Cộng hòa xã hội chủ nghĩa Việt Nam"
        );
        assert_eq!(vni_to_unicode("Ñaûng uûy Huyeän"), "Đảng ủy Huyện");
        assert_eq!(vni_to_unicode("Möôøng Chaêm ñoàng"), "Mường Chăm đồng");
        assert_eq!(vni_to_unicode("YÙ kieán"), "Ý kiến");
    }

    #[test]
    fn detection() {
        assert_eq!(detect("§¶ng bé HuyÖn ñy"), Some(Legacy::Tcvn3));
        assert_eq!(detect("Ñaûng uûy Huyeän Ñôn Döông"), Some(Legacy::Vni));
        assert_eq!(detect("Đảng bộ Huyện ủy, § 2 ©"), None);
        assert_eq!(detect("Tô Lâm, Hà Nội, café"), None);
        assert_eq!(detect(""), None);
    }

    #[test]
    fn convert_only_legacy_lines_in_mixed_text() {
        let text = "HUYÖN ñY HãN QU¶N\nHuyện ủy Hón Quản và Tô Lâm\nTô Lâm";
        let (out, enc) = convert(text);
        assert_eq!(enc, Some(Legacy::Tcvn3));
        assert_eq!(
            out,
            "HUYỆN ỦY HÓN QUẢN\nHuyện ủy Hón Quản và Tô Lâm\nTô Lâm"
        );
    }

    #[test]
    fn unicode_text_is_untouched() {
        let text = "Thực hiện Thông báo số 224-TB/BDVTU «Dân vận khéo» §3";
        assert_eq!(convert(text), (text.to_string(), None));
    }
}
