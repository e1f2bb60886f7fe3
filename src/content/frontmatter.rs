//! Splitting a content file into its YAML front matter and its Markdown body.

/// A file split at its `---` lines. Lines are 1-based and counted in the file.
#[derive(Debug, PartialEq, Eq)]
pub struct Split<'a> {
    pub yaml: &'a str,
    /// File line of the first YAML line (2 when the file starts with `---`).
    pub yaml_line: usize,
    pub body: &'a str,
    /// File line of the first body line.
    pub body_line: usize,
}

#[derive(Debug, PartialEq, Eq)]
pub enum SplitError {
    /// The file does not start with a `---` line.
    NoFrontMatter,
    /// The opening `---` is never closed; holds the opening line.
    Unclosed(usize),
}

/// Splits `text` (BOM already removed; CRLF allowed) at the opening `---` on line 1 and the
/// next line that is exactly `---` or `...`.
pub fn split(text: &str) -> Result<Split<'_>, SplitError> {
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

#[cfg(test)]
mod tests {
    use super::*;

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
