//! A content file's YAML front matter: split from its Markdown body when read, and written
//! (by `import`, `new` and the synthetic archives) through one [`Writer`].

/// A file split at its `---` lines. Lines are 1-based and counted in the file.
#[derive(Debug, PartialEq, Eq)]
pub(crate) struct Split<'a> {
    pub yaml: &'a str,
    /// File line of the first YAML line (2 when the file starts with `---`).
    pub yaml_line: usize,
    pub body: &'a str,
    /// File line of the first body line.
    pub body_line: usize,
}

#[derive(Debug, PartialEq, Eq)]
pub(crate) enum SplitError {
    /// The file does not start with a `---` line.
    NoFrontMatter,
    /// The opening `---` is never closed; holds the opening line.
    Unclosed(usize),
}

/// Splits `text` (BOM already removed; CRLF allowed) at the opening `---` on line 1 and the
/// next line that is exactly `---` or `...`.
pub(crate) fn split(text: &str) -> Result<Split<'_>, SplitError> {
    let mut lines = text.split_inclusive('\n');
    let first = lines.next().ok_or(SplitError::NoFrontMatter)?;
    if first.trim_end() != "---" {
        return Err(SplitError::NoFrontMatter);
    }
    let yaml_start = first.len();
    let mut offset = yaml_start;
    for (line_no, line) in (2..).zip(lines) {
        let bare = line.trim_end_matches(['\n', '\r']);
        if bare == "---" || bare == "..." {
            return Ok(Split {
                yaml: &text[yaml_start..offset],
                yaml_line: 2,
                body: &text[offset + line.len()..],
                body_line: line_no + 1,
            });
        }
        offset += line.len();
    }
    Err(SplitError::Unclosed(1))
}

/// A YAML double-quoted scalar. Characters YAML does not allow raw (controls, DEL, C1,
/// U+FEFF, U+FFFE/FFFF) are escaped, which a JSON encoder would not all do.
pub fn quoted(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\t' => out.push_str("\\t"),
            '\r' => out.push_str("\\r"),
            ' '..='~'
            | '\u{a0}'..='\u{d7ff}'
            | '\u{e000}'..='\u{fefe}'
            | '\u{ff00}'..='\u{fffd}' => out.push(c),
            c if u32::from(c) >= 0x10000 => out.push(c),
            c => out.push_str(&format!("\\u{:04X}", u32::from(c))),
        }
    }
    out.push('"');
    out
}

/// A YAML scalar: plain where YAML reads it back as the same string, else double-quoted.
pub fn scalar(s: &str) -> String {
    let quoted = || quoted(s);
    let risky_start = s.starts_with([
        '-', '?', ':', ',', '[', ']', '{', '}', '#', '&', '*', '!', '|', '>', '\'', '"', '%', '@',
        '`', '/', ' ',
    ]);
    if s.is_empty()
        || risky_start
        || s != s.trim()
        || s.contains(": ")
        || s.contains(" #")
        || s.ends_with(':')
        || s.chars().any(char::is_control)
    {
        return quoted();
    }
    let reread: Result<serde_yaml::Value, _> = serde_yaml::from_str(&format!("k: {s}"));
    let same = reread
        .ok()
        .and_then(|v| v.get("k").and_then(|x| x.as_str().map(|x| x == s)));
    if same == Some(true) {
        s.to_string()
    } else {
        quoted()
    }
}

/// Front matter being written: one key a line, each value quoted only where YAML would read
/// it back otherwise ([`scalar`]). Every file vanban writes goes through here.
pub struct Writer {
    out: String,
    /// Indentation of the keys of the mapping being written (`signer`).
    indent: &'static str,
}

impl Default for Writer {
    fn default() -> Self {
        Writer {
            out: String::from("---\n"),
            indent: "",
        }
    }
}

impl Writer {
    /// `key: value`, the value as [`scalar`] writes it.
    pub fn field(&mut self, key: &str, value: &str) -> &mut Self {
        self.plain(key, &scalar(value))
    }

    /// `key: "value"`: text quoted whatever it holds (a subject is a sentence).
    pub fn quoted(&mut self, key: &str, value: &str) -> &mut Self {
        self.plain(key, &quoted(value))
    }

    /// `key: value` with the value as it is: a date, a type name, `true`.
    pub fn plain(&mut self, key: &str, value: &str) -> &mut Self {
        for part in [self.indent, key, ": ", value, "\n"] {
            self.out.push_str(part);
        }
        self
    }

    /// A list, one [`scalar`] a line; nothing when `items` is empty.
    pub fn list<S: AsRef<str>>(&mut self, key: &str, items: &[S]) -> &mut Self {
        if !items.is_empty() {
            self.open(key);
            for item in items {
                self.out.push_str("  - ");
                self.out.push_str(&scalar(item.as_ref()));
                self.out.push('\n');
            }
            self.indent = "";
        }
        self
    }

    /// `key:`, after which fields are written indented under it until [`Writer::close`].
    pub fn open(&mut self, key: &str) -> &mut Self {
        for part in [key, ":\n"] {
            self.out.push_str(part);
        }
        self.indent = "  ";
        self
    }

    /// Back to top-level keys.
    pub fn close(&mut self) -> &mut Self {
        self.indent = "";
        self
    }

    /// `key:` with no value (YAML's null: a key left to fill in).
    pub fn empty(&mut self, key: &str) -> &mut Self {
        for part in [self.indent, key, ":\n"] {
            self.out.push_str(part);
        }
        self
    }

    /// A `# comment` line, at the indentation of the keys being written.
    pub(crate) fn comment(&mut self, comment: &str) -> &mut Self {
        for part in [self.indent, "# ", comment, "\n"] {
            self.out.push_str(part);
        }
        self
    }

    /// ` # note` at the end of the line just written.
    pub fn note(&mut self, note: &str) -> &mut Self {
        self.out.pop();
        self.out.push_str(" # ");
        self.out.push_str(note);
        self.out.push('\n');
        self
    }

    /// The closing `---` and `body`.
    pub fn finish(&mut self, body: &str) -> String {
        let mut out = std::mem::take(&mut self.out);
        out.push_str("---\n");
        out.push_str(body);
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn yaml_scalars_round_trip() {
        for s in [
            "Lưu: VT.",
            "- Như trên",
            "Cư M'gar",
            "2022",
            "true",
            "Học tập và làm theo tư tưởng, đạo đức, phong cách Hồ Chí Minh",
            "a #b",
            "\"quoted\"",
            "",
            " lề",
        ] {
            for written in [scalar(s), quoted(s)] {
                let v: std::collections::BTreeMap<String, String> =
                    serde_yaml::from_str(&format!("k: {written}")).unwrap();
                assert_eq!(v["k"], s);
            }
        }
    }

    #[test]
    fn the_writer_writes_front_matter_the_loader_reads() {
        let text = Writer::default()
            .field("number", "44-CV/HU")
            .note("kiểm tra: số")
            .quoted("subject", "Về việc: \"x\"")
            .list("recipients", &["- Như trên,", "Lưu VT."])
            .list::<&str>("campaigns", &[])
            .open("signer")
            .field("name", "Nguyễn Văn A")
            .close()
            .plain("draft", "true")
            .finish("Nội dung.\n");
        assert_eq!(
            text,
            "---\nnumber: 44-CV/HU # kiểm tra: số\nsubject: \"Về việc: \\\"x\\\"\"\n\
             recipients:\n  - \"- Như trên,\"\n  - Lưu VT.\nsigner:\n  name: Nguyễn Văn A\n\
             draft: true\n---\nNội dung.\n"
        );
        let split = split(&text).unwrap();
        let v: serde_yaml::Value = serde_yaml::from_str(split.yaml).unwrap();
        assert_eq!(v["signer"]["name"], "Nguyễn Văn A");
        assert_eq!(v["subject"], "Về việc: \"x\"");
    }

    #[test]
    fn splits_and_counts_lines() {
        let s = split("---\na: 1\nb: 2\n---\nBody\n").unwrap();
        assert_eq!(s.yaml, "a: 1\nb: 2\n");
        assert_eq!(s.yaml_line, 2);
        assert_eq!(s.body, "Body\n");
        assert_eq!(s.body_line, 5);
    }

    #[test]
    fn accepts_crlf_and_dots() {
        let s = split("---\r\na: 1\r\n...\r\nBody").unwrap();
        assert_eq!(s.yaml, "a: 1\r\n");
        assert_eq!(s.body, "Body");
    }

    #[test]
    fn reports_missing_and_unclosed() {
        assert_eq!(split("no front matter"), Err(SplitError::NoFrontMatter));
        assert_eq!(split(""), Err(SplitError::NoFrontMatter));
        assert_eq!(split("---\na: 1\n"), Err(SplitError::Unclosed(1)));
    }

    #[test]
    fn a_rule_inside_the_body_is_body() {
        let s = split("---\na: 1\n---\nx\n---\ny\n").unwrap();
        assert_eq!(s.body, "x\n---\ny\n");
    }
}
