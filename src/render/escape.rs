//! Escaping for HTML: text and attribute values, and numbers kept whole on one line.

/// HTML-escapes text for use in element content and attribute values.
pub(crate) fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 8);
    escape_into(&mut out, s);
    out
}

/// [`escape`], appending to `out`.
pub(crate) fn escape_into(out: &mut String, s: &str) {
    let bytes = s.as_bytes();
    let mut done = 0;
    // The five specials are ASCII, so bytes can be scanned and runs copied whole; most
    // values (names, subjects, links) have none, and are scanned eight bytes at a time.
    while let Some(i) = next_special(bytes, done) {
        out.push_str(&s[done..i]);
        out.push_str(match bytes[i] {
            b'&' => "&amp;",
            b'<' => "&lt;",
            b'>' => "&gt;",
            b'"' => "&quot;",
            _ => "&#39;",
        });
        done = i + 1;
    }
    out.push_str(&s[done..]);
}

/// [`escape_into`], each number or date in `text` (`224-TB/BDVTU`, `24/9/2018`) kept on
/// one line: browsers may break a line after `-` or `/`, which cuts a number in two.
/// Whether anything was kept so is returned; text without `-` or `/` is only escaped.
pub(crate) fn push_unbroken(out: &mut String, text: &str) -> bool {
    if memchr::memchr2(b'-', b'/', text.as_bytes()).is_none() {
        escape_into(out, text);
        return false;
    }
    let mut done = 0;
    for (start, word) in text
        .split_whitespace()
        .map(|w| (w.as_ptr() as usize - text.as_ptr() as usize, w))
    {
        if is_number_like(word) {
            escape_into(out, &text[done..start]);
            out.push_str("<span class=\"lien\">");
            escape_into(out, word);
            out.push_str("</span>");
            done = start + word.len();
        }
    }
    escape_into(out, &text[done..]);
    done > 0
}

/// [`push_unbroken`] into a new string.
pub(crate) fn unbroken(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 32);
    push_unbroken(&mut out, text);
    out
}

/// A word that holds a digit and a `-` or `/` and is short enough to never need a break
/// (a long one would overflow a phone's line).
fn is_number_like(word: &str) -> bool {
    let b = word.as_bytes();
    b.len() <= 32 && b.iter().any(u8::is_ascii_digit) && b.iter().any(|c| matches!(c, b'-' | b'/'))
}

/// Whether a byte is one [`escape_into`] replaces.
fn is_special(b: u8) -> bool {
    matches!(b, b'&' | b'<' | b'>' | b'"' | b'\'')
}

/// The position of the first byte from `from` that [`escape_into`] replaces.
fn next_special(bytes: &[u8], from: usize) -> Option<usize> {
    const LOW: u64 = 0x0101_0101_0101_0101;
    const HIGH: u64 = 0x8080_8080_8080_8080;
    // High bit of each byte of `v` that is zero; the lowest one set marks the first zero
    // byte exactly (bits above it may be false alarms, but only above it).
    let zero = |v: u64| v.wrapping_sub(LOW) & !v & HIGH;
    let mut i = from;
    while i + 8 <= bytes.len() {
        let w = u64::from_le_bytes(bytes[i..i + 8].try_into().expect("eight bytes"));
        let hits = zero(w ^ (LOW * u64::from(b'&')))
            | zero(w ^ (LOW * u64::from(b'<')))
            | zero(w ^ (LOW * u64::from(b'>')))
            | zero(w ^ (LOW * u64::from(b'"')))
            | zero(w ^ (LOW * u64::from(b'\'')));
        if hits != 0 {
            return Some(i + hits.trailing_zeros() as usize / 8);
        }
        i += 8;
    }
    bytes[i..]
        .iter()
        .position(|&b| is_special(b))
        .map(|p| i + p)
}

/// `escape` in the signature Tera wants for autoescaping.
pub(crate) fn escape_fn(s: &str) -> String {
    escape(s)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_and_dates_in_running_text_are_kept_whole() {
        assert_eq!(
            unbroken("Thực hiện Kế hoạch số 224-KH/TU ngày 24/9/2018, <b> & kinh tế-xã hội"),
            "Thực hiện Kế hoạch số <span class=\"lien\">224-KH/TU</span> ngày \
             <span class=\"lien\">24/9/2018,</span> &lt;b&gt; &amp; kinh tế-xã hội"
        );
        assert_eq!(unbroken("Về công tác dân vận"), "Về công tác dân vận");
        let long = "1-".repeat(20);
        assert_eq!(unbroken(&long), long, "too long to keep on a phone's line");
    }

    #[test]
    fn escape_covers_attributes() {
        assert_eq!(
            escape("<a href=\"x\">'&"),
            "&lt;a href=&quot;x&quot;&gt;&#39;&amp;"
        );
    }

    proptest::proptest! {
        #[test]
        fn escape_replaces_exactly_the_five_specials(s in "[a-zđ&<>\"' ợ\u{301}]{0,40}") {
            let mut naive = String::new();
            for c in s.chars() {
                match c {
                    '&' => naive.push_str("&amp;"),
                    '<' => naive.push_str("&lt;"),
                    '>' => naive.push_str("&gt;"),
                    '"' => naive.push_str("&quot;"),
                    '\'' => naive.push_str("&#39;"),
                    c => naive.push(c),
                }
            }
            proptest::prop_assert_eq!(escape(&s), naive);
        }
    }
}
