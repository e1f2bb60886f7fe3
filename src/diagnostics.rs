//! Every problem found in a site's files, with where it is. A build collects them all and
//! reports them together, instead of stopping at the first.

use std::fmt;
use std::path::{Path, PathBuf};

use serde::Serialize;

use crate::messages::{self, Messages, Text};

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Error,
    Warning,
}

/// One problem: the file (as the user named it, relative to the site root where possible),
/// the line and column counted in that file (1-based), the key concerned, and what is wrong:
/// `text`, said in the webmaster's language when printed ([`Diagnostic::said`]), and
/// `message`, the same in English, for scripts (`check --format json`) and tests.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize)]
pub struct Diagnostic {
    pub path: PathBuf,
    pub line: Option<usize>,
    pub column: Option<usize>,
    pub severity: Severity,
    pub key: Option<String>,
    pub message: String,
    /// Boxed: a diagnostic is the error of many `Result`s, kept small.
    #[serde(skip)]
    pub text: Box<Text>,
}

impl Diagnostic {
    pub fn error(path: impl AsRef<Path>, message: impl Into<Text>) -> Self {
        let text = message.into();
        Diagnostic {
            path: path.as_ref().to_path_buf(),
            line: None,
            column: None,
            severity: Severity::Error,
            key: None,
            message: text.to_string(),
            text: Box::new(text),
        }
    }

    pub fn warning(path: impl AsRef<Path>, message: impl Into<Text>) -> Self {
        Diagnostic {
            severity: Severity::Warning,
            ..Diagnostic::error(path, message)
        }
    }

    pub fn at(mut self, line: usize, column: Option<usize>) -> Self {
        self.line = Some(line);
        self.column = column;
        self
    }

    pub fn at_line(self, line: Option<usize>) -> Self {
        match line {
            Some(l) => self.at(l, None),
            None => self,
        }
    }

    pub fn key(mut self, key: impl Into<String>) -> Self {
        self.key = Some(key.into());
        self
    }

    pub fn is_error(&self) -> bool {
        self.severity == Severity::Error
    }

    /// `content/2018/a.md:4:7: error: date: `31/02/2018` is not a real date`, the form
    /// editors and terminals turn into a link to the place, in the language of `m`: only
    /// the severity and the message are translated; the place, the key and what is quoted
    /// from the file stay as written.
    pub fn said_in(&self, m: &Messages) -> String {
        let mut place = self.path.display().to_string();
        if let Some(line) = self.line {
            place.push_str(&format!(":{line}"));
            if let Some(col) = self.column {
                place.push_str(&format!(":{col}"));
            }
        }
        let mut message = self.text.said_in(m);
        if let Some(key) = &self.key {
            message = format!("{key}: {message}");
        }
        let sev = match self.severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
        };
        format!("{place}: {}", m.format(sev, &[("message", message.into())]))
    }

    /// The diagnostic in the chosen language ([`messages::choose`]).
    pub fn said(&self) -> String {
        self.said_in(messages::current())
    }
}

impl fmt::Display for Diagnostic {
    /// In English: [`Diagnostic::said_in`].
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.said_in(messages::english()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn display_names_path_line_and_key() {
        let d = Diagnostic::error(
            "content/a.md",
            Text::plain("\"31/02/2018\" is not a real date"),
        )
        .at(4, Some(7))
        .key("date");
        assert_eq!(
            d.to_string(),
            "content/a.md:4:7: error: date: \"31/02/2018\" is not a real date"
        );
        let w = Diagnostic::warning("vanban.yaml", Text::plain("unknown key"));
        assert_eq!(w.to_string(), "vanban.yaml: warning: unknown key");
    }

    #[test]
    fn said_in_vietnamese_keeps_place_key_and_quotes() {
        use crate::messages::Lang;
        let vi = Messages::new(Lang::Vi);
        let d = Diagnostic::error(
            "content/a.md",
            Text::new("date-not-real").with("value", "31/02/2018"),
        )
        .at(4, Some(7))
        .key("date");
        assert_eq!(
            d.said_in(&vi),
            "content/a.md:4:7: lỗi: date: `31/02/2018` không phải là ngày có thật"
        );
        assert_eq!(
            d.to_string(),
            "content/a.md:4:7: error: date: `31/02/2018` is not a real date"
        );
        assert_eq!(d.message, "`31/02/2018` is not a real date");
        let w = Diagnostic::warning(
            "vanban.yaml",
            Text::new("unknown-key-near")
                .with("key", "titel")
                .with("near", "title"),
        )
        .at(2, None)
        .key("titel");
        assert_eq!(
            w.said_in(&vi),
            "vanban.yaml:2: cảnh báo: titel: khóa `titel` không có trong danh mục; có phải ý là `title`?"
        );
    }
}
