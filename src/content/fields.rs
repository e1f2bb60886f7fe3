//! The keys of SPEC §2 with their Vietnamese aliases, and turning each YAML value into the
//! typed field of a `Document`, with an error on the key's line when it does not fit.

use crate::messages::Text;
use chrono::NaiveDate;
use serde_yaml::Value;

use super::value::Val;
use crate::model::DocDate;
use crate::vietnamese::clean_name;

/// Canonical key and its Vietnamese alias.
pub(crate) const KEYS: &[(&str, &str)] = &[
    ("number", "so_ky_hieu"),
    ("type", "loai"),
    ("issuer", "co_quan_ban_hanh"),
    ("parent", "co_quan_chu_quan"),
    ("date", "ngay_ban_hanh"),
    ("place", "dia_danh"),
    ("subject", "trich_yeu"),
    ("recipients", "kinh_gui"),
    ("distribution", "noi_nhan"),
    ("signer", "nguoi_ky"),
    ("campaigns", "phong_trao"),
    ("references", "can_cu"),
    ("attachments", "dinh_kem"),
    ("secrecy", "do_mat"),
    ("draft", "du_thao"),
    ("slug", "slug"),
];

pub(crate) const SIGNER_KEYS: &[(&str, &str)] = &[
    ("name", "ho_ten"),
    ("title", "chuc_vu"),
    ("authority", "tham_quyen"),
];

/// The canonical key for a key or alias as written (case-insensitive).
pub fn canonical(
    key: &str,
    table: &'static [(&'static str, &'static str)],
) -> Option<&'static str> {
    let key = key.trim();
    // The table is lowercase ASCII; only an ASCII key lowercases to ASCII alone ('K', the
    // Kelvin sign, lowercases to `k`).
    if key.is_ascii() {
        return table
            .iter()
            .find(|(c, a)| c.eq_ignore_ascii_case(key) || a.eq_ignore_ascii_case(key))
            .map(|(c, _)| *c);
    }
    let lower = key.to_lowercase();
    table
        .iter()
        .find(|(c, a)| *c == lower || *a == lower)
        .map(|(c, _)| *c)
}

/// Every key and alias, for "did you mean".
pub(crate) fn all_names(
    table: &'static [(&'static str, &'static str)],
) -> impl Iterator<Item = &'static str> {
    table.iter().flat_map(|(c, a)| [*c, *a])
}

/// A scalar as text: strings as they are, numbers and booleans as YAML writes them.
pub fn text(value: &Val) -> Result<Option<String>, Text> {
    match value {
        Val::Null => Ok(None),
        Val::String(s) => {
            let s = clean_name(s);
            Ok(if s.is_empty() { None } else { Some(s) })
        }
        Val::Number(n) => Ok(Some(n.to_string())),
        Val::Bool(b) => Ok(Some(b.to_string())),
        Val::Sequence(_) => Err(Text::new("value-is-list")),
        Val::Mapping(_) => Err(Text::new("value-is-map")),
        Val::Tagged(t) => text(t),
    }
}

/// A list of texts; one text alone is a list of one.
pub fn list(value: &Val) -> Result<Vec<String>, Text> {
    match value {
        Val::Null => Ok(vec![]),
        Val::Sequence(items) => {
            let mut out = Vec::with_capacity(items.len());
            for (i, item) in items.iter().enumerate() {
                match text(item) {
                    Ok(Some(s)) => out.push(s),
                    Ok(None) => {}
                    Err(e) => {
                        return Err(Text::new("list-item")
                            .with("item", i + 1)
                            .with("message", e));
                    }
                }
            }
            Ok(out)
        }
        other => Ok(text(other)?.into_iter().collect()),
    }
}

pub(crate) fn boolean(value: &Val) -> Result<bool, Text> {
    match value {
        Val::Null => Ok(false),
        Val::Bool(b) => Ok(*b),
        Val::String(s) => match s.trim().to_lowercase().as_str() {
            "true" | "yes" | "có" | "co" => Ok(true),
            "false" | "no" | "không" | "khong" => Ok(false),
            other => Err(Text::new("value-not-boolean").with("value", other)),
        },
        _ => Err(Text::new("value-not-boolean-kind")),
    }
}

/// [`parse_date`] of a `serde_yaml::Value`, for `vanban new`.
pub fn date(value: &Value) -> Result<Option<DocDate>, Text> {
    parse_date(&Val::from(value))
}

/// `2018-11-11` or `11/11/2018` (day first, always; `-` and `.` accepted between parts), or a
/// year alone (`2022`), which only an unsigned draft may have.
pub fn parse_date(value: &Val) -> Result<Option<DocDate>, Text> {
    let Some(raw) = text(value)? else {
        return Ok(None);
    };
    let s = raw.trim();
    if s.len() == 4 && s.chars().all(|c| c.is_ascii_digit()) {
        let y: i32 = s
            .parse()
            .map_err(|_| Text::new("date-not-year").with("value", s))?;
        return Ok(Some(DocDate::Year(y)));
    }
    let parts: Vec<&str> = s.split(['-', '/', '.']).map(str::trim).collect();
    let nums: Option<Vec<u32>> = parts.iter().map(|p| p.parse::<u32>().ok()).collect();
    let (y, m, d) = match (parts.len(), nums) {
        (3, Some(n)) if parts[0].len() == 4 => (n[0] as i32, n[1], n[2]),
        (3, Some(n)) if parts[2].len() == 4 => (n[2] as i32, n[1], n[0]),
        _ => {
            return Err(Text::new("date-not-date").with("value", s));
        }
    };
    NaiveDate::from_ymd_opt(y, m, d)
        .map(|d| Some(DocDate::Day(d)))
        .ok_or_else(|| Text::new("date-not-real").with("value", s))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn v(s: &str) -> Val<'_> {
        super::super::value::parse(s).unwrap()
    }

    #[test]
    fn aliases_map_to_canonical_keys() {
        assert_eq!(canonical("so_ky_hieu", KEYS), Some("number"));
        assert_eq!(canonical("Trich_Yeu", KEYS), Some("subject"));
        assert_eq!(canonical("number", KEYS), Some("number"));
        assert_eq!(canonical("ho_ten", SIGNER_KEYS), Some("name"));
        assert_eq!(canonical("numbr", KEYS), None);
        assert_eq!(canonical(" NUMBER ", KEYS), Some("number"));
        assert_eq!(canonical("\u{212a}inh_gui", KEYS), Some("recipients"));
    }

    #[test]
    fn dates_day_first_or_iso() {
        let d = |s: &str| date(&Value::String(s.into()));
        let nov11 = DocDate::Day(NaiveDate::from_ymd_opt(2018, 11, 11).unwrap());
        assert_eq!(d("2018-11-11"), Ok(Some(nov11)));
        assert_eq!(d("11/11/2018"), Ok(Some(nov11)));
        assert_eq!(
            d("3/4/2017"),
            Ok(Some(DocDate::Day(
                NaiveDate::from_ymd_opt(2017, 4, 3).unwrap()
            )))
        );
        assert_eq!(parse_date(&v("2022")), Ok(Some(DocDate::Year(2022))));
        assert!(
            d("31/02/2018")
                .unwrap_err()
                .to_string()
                .contains("not a real date")
        );
        assert!(d("tháng 3").unwrap_err().to_string().contains("not a date"));
    }

    #[test]
    fn lists_accept_one_text() {
        assert_eq!(list(&v("a")), Ok(vec!["a".to_string()]));
        assert_eq!(
            list(&v("[a, b]")),
            Ok(vec!["a".to_string(), "b".to_string()])
        );
        assert!(list(&v("[[a]]")).is_err());
    }

    #[test]
    fn texts_are_cleaned() {
        assert_eq!(
            text(&v("'  Huyện   ủy '")),
            Ok(Some("Huyện ủy".to_string()))
        );
        assert_eq!(text(&v("44")), Ok(Some("44".to_string())));
        assert!(text(&v("{a: 1}")).is_err());
    }
}
