//! The front matter nearly every file has, read line by line without a YAML parser: a
//! mapping of text keys whose values are plain or quoted text on their line, a block or flow
//! list of such text, or a mapping one level down (the signer). libyaml spends ~300
//! instructions a byte on it, more than all of a document's other checks together.
//!
//! The reader accepts only a subset whose meaning is plain, and gives up (None) at the
//! first thing outside it: any text serde_yaml could read as a number, boolean or null, an
//! escape, a comment, a tab, a multi-line scalar, an anchor, a tag, a duplicate key. Then
//! serde_yaml reads the file, so the result (and every error) is always serde_yaml's; a
//! property test holds the two to the same values.

use std::borrow::Cow;

use super::Val;

/// The front matter as serde_yaml would read it, or None when it is not of the plain kind.
pub fn parse(yaml: &str) -> Option<Val<'_>> {
    if has_indicator_or_break(yaml) {
        return None;
    }
    let mut lines = Lines::new(yaml);
    let mut entries: Vec<(Val, Val)> = Vec::new();
    let mut seen = super::SeenKeys::default();
    while let Some((indent, line)) = lines.next() {
        if indent != 0 {
            return None;
        }
        let (key, rest) = key_and_rest(line)?;
        if seen.seen(&entries, key) {
            return None;
        }
        let value = if rest.is_empty() {
            block(&mut lines)?
        } else {
            inline(rest)?
        };
        entries.push((text(key), value));
    }
    if entries.is_empty() {
        return None;
    }
    Some(Val::Mapping(entries))
}

/// Whether `yaml` holds an escape, comment, anchor, alias, tag, block scalar or directive
/// (one of ``\ # & * ! | > % @ ` ``), or a char libyaml treats as a line break or refuses
/// (a control but `\n`, DEL, U+0085, U+2028, U+2029, U+FEFF). One pass over the bytes:
/// each of these is ASCII or starts with a byte flagged here, and its next bytes tell.
fn has_indicator_or_break(yaml: &str) -> bool {
    const FLAGGED: [bool; 256] = {
        let mut table = [false; 256];
        let mut b = 0;
        while b < 0x20 {
            table[b] = b != b'\n' as usize;
            b += 1;
        }
        let indicators = b"\\#&*!|>%@`\x7f";
        let mut i = 0;
        while i < indicators.len() {
            table[indicators[i] as usize] = true;
            i += 1;
        }
        // The lead bytes of U+0085 (C2 85), U+2028 and U+2029 (E2 80 A8/A9), U+FEFF (EF BB BF).
        table[0xc2] = true;
        table[0xe2] = true;
        table[0xef] = true;
        table
    };
    let b = yaml.as_bytes();
    b.iter().enumerate().any(|(i, &c)| {
        FLAGGED[usize::from(c)]
            && match c {
                0xc2 => b[i + 1] == 0x85,
                0xe2 => b[i + 1] == 0x80 && matches!(b[i + 2], 0xa8 | 0xa9),
                0xef => b[i + 1] == 0xbb && b[i + 2] == 0xbf,
                _ => true,
            }
    })
}

/// Non-blank lines with their indentation.
struct Lines<'a> {
    rest: std::str::Lines<'a>,
    peeked: Option<(usize, &'a str)>,
}

impl<'a> Lines<'a> {
    fn new(yaml: &'a str) -> Self {
        Lines {
            rest: yaml.lines(),
            peeked: None,
        }
    }

    fn peek(&mut self) -> Option<(usize, &'a str)> {
        if self.peeked.is_none() {
            self.peeked = self.advance();
        }
        self.peeked
    }

    fn advance(&mut self) -> Option<(usize, &'a str)> {
        for line in self.rest.by_ref() {
            let body = line.trim_start_matches(' ');
            if body.trim_end_matches(' ').is_empty() {
                continue;
            }
            return Some((line.len() - body.len(), body.trim_end_matches(' ')));
        }
        None
    }
}

impl<'a> Iterator for Lines<'a> {
    type Item = (usize, &'a str);

    fn next(&mut self) -> Option<(usize, &'a str)> {
        self.peeked.take().or_else(|| self.advance())
    }
}

/// `key: rest` or `key:` (rest empty), for a key of ASCII letters, digits and `_`.
fn key_and_rest(line: &str) -> Option<(&str, &str)> {
    let colon = line.find(':')?;
    let key = &line[..colon];
    let first = key.bytes().next()?;
    if !(first.is_ascii_alphabetic() || first == b'_')
        || !key.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'_')
        || plain_word(key)
    {
        return None;
    }
    let rest = &line[colon + 1..];
    if rest.is_empty() {
        return Some((key, ""));
    }
    let rest = rest.strip_prefix(' ')?.trim_start_matches(' ');
    Some((key, rest))
}

/// What follows `key:` on the lines below: an indented list or mapping, or nothing (null).
fn block<'a>(lines: &mut Lines<'a>) -> Option<Val<'a>> {
    let Some((indent, first)) = lines.peek() else {
        return Some(Val::Null);
    };
    if first.starts_with("- ") || first == "-" {
        // A list may sit at the key's own column.
        let mut items = Vec::new();
        while let Some((i, line)) = lines.peek() {
            if i != indent || !(line.starts_with("- ") || line == "-") {
                break;
            }
            lines.next();
            let item = line[1..].trim_start_matches(' ');
            if item.is_empty() {
                return None;
            }
            items.push(inline(item)?);
        }
        // What follows must be the next top-level key.
        match lines.peek() {
            Some((0, line)) if !line.starts_with('-') => {}
            None => {}
            _ => return None,
        }
        return Some(Val::Sequence(items));
    }
    if indent == 0 {
        return Some(Val::Null);
    }
    let mut entries: Vec<(Val, Val)> = Vec::new();
    let mut seen = super::SeenKeys::default();
    while let Some((i, line)) = lines.peek() {
        if i == 0 {
            break;
        }
        if i != indent {
            return None;
        }
        lines.next();
        let (key, rest) = key_and_rest(line)?;
        if rest.is_empty() || seen.seen(&entries, key) {
            return None;
        }
        entries.push((text(key), scalar(rest)?));
    }
    Some(Val::Mapping(entries))
}

/// A value on the key's line: a flow list of scalars, or a scalar.
fn inline(s: &str) -> Option<Val<'_>> {
    match s.strip_prefix('[') {
        Some(inner) => {
            let inner = inner.strip_suffix(']')?;
            if inner.contains(['[', ']', '{', '}', '"', '\'']) {
                return None;
            }
            if inner.trim_matches(' ').is_empty() {
                return Some(Val::Sequence(Vec::new()));
            }
            inner
                .split(',')
                .map(|item| {
                    let item = item.trim_matches(' ');
                    if item.is_empty() { None } else { plain(item) }
                })
                .collect::<Option<Vec<_>>>()
                .map(Val::Sequence)
        }
        None => scalar(s),
    }
}

/// Text in double or single quotes without escapes, a boolean (`draft: true`), or plain
/// text.
fn scalar(s: &str) -> Option<Val<'_>> {
    match s {
        "true" | "True" | "TRUE" => return Some(Val::Bool(true)),
        "false" | "False" | "FALSE" => return Some(Val::Bool(false)),
        _ => {}
    }
    for q in ['"', '\''] {
        if let Some(inner) = s.strip_prefix(q) {
            let inner = inner.strip_suffix(q)?;
            return (!inner.contains(q)).then(|| text(inner));
        }
    }
    plain(s)
}

/// Plain text that YAML reads as that text: no indicator at its start, no `: ` or flow
/// brackets in it, not a word or figure that YAML reads as something else.
fn plain(s: &str) -> Option<Val<'_>> {
    let first = s.bytes().next()?;
    let bytes = s.as_bytes();
    let flow_or_colon = |(i, &b): (usize, &u8)| {
        matches!(b, b'[' | b']' | b'{' | b'}' | b'"')
            || (b == b':' && bytes.get(i + 1) == Some(&b' '))
    };
    if b"-?:,[]{}#&*!|>'\"%@`".contains(&first)
        || s.ends_with(':')
        || bytes.iter().enumerate().any(flow_or_colon)
        || s.starts_with(' ')
        || s.ends_with(' ')
        || plain_word(s)
        || number_like(s)
    {
        return None;
    }
    Some(text(s))
}

/// The words YAML (1.1 or 1.2) reads as null or a boolean, in any case.
fn plain_word(s: &str) -> bool {
    const WORDS: &[&str] = &[
        "~", "null", "true", "false", "yes", "no", "on", "off", "y", "n",
    ];
    s.len() <= 5 && WORDS.iter().any(|w| s.eq_ignore_ascii_case(w))
}

/// Text serde_yaml may read as a number: what Rust reads as a float (which covers integers,
/// exponents and the spellings of infinity and not-a-number), anything starting with a dot
/// after its sign (`.inf`, `.5`), a `0x`, `0o` or `0b` figure, and figures with `_`.
/// `2018-05-18` is none of these: serde_yaml keeps dates as text.
fn number_like(s: &str) -> bool {
    let unsigned = s.trim_start_matches(['+', '-']);
    let figure_bytes = |b: u8| b.is_ascii_hexdigit() || b"+-._xXoObB".contains(&b);
    // After its one sign, a float starts with a digit, a dot, or the `i` or `n` of `inf`
    // and `nan`: nearly all text is told apart here, before the float parser.
    let float_start = s
        .strip_prefix(['+', '-'])
        .unwrap_or(s)
        .starts_with(|c: char| c.is_ascii_digit() || matches!(c, '.' | 'i' | 'I' | 'n' | 'N'));
    (float_start && s.parse::<f64>().is_ok())
        || unsigned.is_empty()
        || unsigned.starts_with('.')
        || (unsigned.starts_with('0') && unsigned[1..].starts_with(['x', 'X', 'o', 'O', 'b', 'B']))
        || (s.contains('_') && s.bytes().all(figure_bytes))
}

fn text(s: &str) -> Val<'_> {
    Val::String(Cow::Borrowed(s))
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    /// What serde_yaml gives, through the `Value` parse.
    fn by_value(yaml: &str) -> Option<Val<'static>> {
        serde_yaml::from_str::<serde_yaml::Value>(yaml)
            .ok()
            .map(|v| Val::from(&v))
    }

    fn agrees(yaml: &str) {
        if let Some(fast) = parse(yaml) {
            assert_eq!(Some(fast), by_value(yaml), "{yaml:?}");
        }
    }

    #[test]
    fn reads_the_common_front_matter() {
        let yaml = "number: 1-CV/BDVHU\ntype: Công văn\nissuer: Ban Dân vận Huyện ủy Đô Lương\n\
                    subject: \"V/v đối thoại, với Nhân dân\"\nrecipients:\n  - UBND huyện,\n  - Các chi bộ.\n\
                    campaigns: [Dân vận khéo, Năm Dân vận chính quyền 2018]\n\
                    signer:\n  authority: KT. Trưởng ban\n  name: Hoàng Văn Hải\nreferences: []\nplace: 'Đô Lương'\n";
        assert!(parse(yaml).is_some());
        agrees(yaml);
    }

    #[test]
    fn gives_up_on_what_yaml_reads_otherwise() {
        for yaml in [
            "a: 12\n",
            "a: -1.5e3\n",
            "a: 0x1F\n",
            "a: .inf\n",
            "a: NaN\n",
            "draft: yes\n",
            "draft: [true]\n",
            "a: ~\n",
            "a: null\n",
            "a: x # comment\n",
            "a: \"esc\\u0301\"\n",
            "a: b\n  c\n",
            "a: b: c\n",
            "a: [b, [c]]\n",
            "a: &x b\n",
            "a: b\na: c\n",
            "a:\n  b:\n    c: d\n",
            "a:\n  - b: c\n",
            "a:\n\tb\n",
            "- a\n",
            "a: 'it''s'\n",
            "true: x\n",
            "a: [b,]\n",
        ] {
            assert_eq!(parse(yaml), None, "{yaml:?}");
        }
    }

    #[test]
    fn agrees_with_serde_yaml_on_the_cases() {
        for yaml in [
            "a:\nb: x\n",
            "a:\n- x\n- y\nb: z\n",
            "a:\n  - x\n\n  - y\n",
            "s:\n  n: A\n  t: 'B'\n",
            "a: x  \nb:   y\n",
            "a: V/v (b/c), số 44/ CV-HU\n",
            "a: []\n",
            "a: [ x ,y ]\n",
            "a: \"\"\n",
            "a: ''\n",
            "a: -x\n",
            "a: x:y\n",
            "a: 2018\n",
            "a: Năm 2018\n",
            "date: 2018-05-18\n",
        ] {
            agrees(yaml);
        }
        assert!(parse("a: x:y\n").is_some());
        assert!(parse("date: 2018-05-18\n").is_some());
    }

    /// The fast reader is what loading uses for the front matter of the sample archive and
    /// of generated archives (both written as webmasters write them), and it agrees with
    /// serde_yaml on every one.
    #[test]
    fn reads_the_sample_and_generated_archives() {
        let dir = tempfile::tempdir().unwrap();
        let synth = vanban_bench::synth::SynthOptions {
            docs: 200,
            seed: 5,
            secret_every: Some(9),
            draft_every: Some(11),
        };
        vanban_bench::synth::generate(&synth, dir.path()).unwrap();
        let sample = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("content");
        let (mut read, mut all) = (0, 0);
        for root in [sample.as_path(), dir.path()] {
            for entry in walkdir::WalkDir::new(root) {
                let path = entry.unwrap().into_path();
                if path.extension().is_none_or(|e| e != "md") {
                    continue;
                }
                let text = std::fs::read_to_string(&path).unwrap();
                let split = crate::content::frontmatter::split(&text).unwrap();
                all += 1;
                if parse(split.yaml).is_some() {
                    read += 1;
                    agrees(split.yaml);
                }
            }
        }
        assert!(all > 150, "{all} files");
        assert!(
            read * 10 >= all * 9,
            "{read} of {all} read without serde_yaml"
        );
    }

    /// Lines of the shapes front matter has, with values drawn from text that YAML reads in
    /// many ways.
    fn front_matter() -> impl Strategy<Value = String> {
        let atom = prop::sample::select(vec![
            "Huyện ủy",
            "44-CV/HU",
            "2018-11-11",
            "11/11/2018",
            "12",
            "-3",
            "1.5",
            "1e3",
            "0x1",
            ".inf",
            "true",
            "True",
            "FALSE",
            "tRue",
            "yes",
            "No",
            "~",
            "null",
            "x: y",
            "a:b",
            "(b/c),",
            "Đăng website HU,",
            "-",
            "- a",
            "[a]",
            "a, b",
            "'q'",
            "\"d\"",
            "\"\"",
            "it's",
            "x ",
            " y",
            "?",
            ":",
            "Năm 2018",
            "TM.",
            "a #b",
        ]);
        let value = prop_oneof![
            atom.clone().prop_map(|a| a.to_string()),
            prop::collection::vec(atom.clone(), 0..3).prop_map(|v| format!("[{}]", v.join(", "))),
            prop::collection::vec(atom.clone(), 1..3)
                .prop_map(|v| v.iter().map(|a| format!("\n  - {a}")).collect::<String>()),
            prop::collection::vec(atom.clone(), 1..3).prop_map(|v| {
                v.iter()
                    .enumerate()
                    .map(|(i, a)| format!("\n  k{i}: {a}"))
                    .collect::<String>()
            }),
            Just(String::new()),
        ];
        let key = prop::sample::select(vec!["number", "so_ky_hieu", "issuer", "x", "y", "true"]);
        prop::collection::vec((key, value), 1..6).prop_map(|entries| {
            entries
                .iter()
                .map(|(k, v)| {
                    if v.starts_with('\n') || v.is_empty() {
                        format!("{k}:{v}\n")
                    } else {
                        format!("{k}: {v}\n")
                    }
                })
                .collect()
        })
    }

    proptest! {
        #[test]
        fn whatever_it_reads_serde_yaml_reads_alike(yaml in front_matter()) {
            agrees(&yaml);
        }

        #[test]
        fn indicators_and_breaks_are_found_in_one_pass(
            yaml in "(\\PC|[\\\\#&*!|>%@`\u{7f}\u{85}\u{a0}\u{2028}\u{2029}\u{2027}\u{feff}\u{fefe}\u{1}\t\r\n aĐ“])*"
        ) {
            let by_chars = yaml.contains(['\\', '#', '&', '*', '!', '|', '>', '%', '@', '`'])
                || yaml.bytes().any(|b| (b < b' ' && b != b'\n') || b == 0x7f)
                || yaml.contains(['\u{85}', '\u{2028}', '\u{2029}', '\u{feff}']);
            prop_assert_eq!(has_indicator_or_break(&yaml), by_chars);
        }

        #[test]
        fn float_start_leaves_every_float_to_the_parser(s in "[+-]?(\\PC|[0-9.eEinfINFaAtyY_x])*") {
            if s.parse::<f64>().is_ok() {
                prop_assert!(number_like(&s), "{:?}", s);
            }
        }
    }
}
