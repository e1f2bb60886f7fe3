//! The content model of SPEC §2: one `Document` per Markdown file, after validation and
//! normalisation. Stages after loading see only this, never raw YAML.

use std::path::PathBuf;

use chrono::{Datelike, NaiveDate};
use serde::Serialize;

/// Ngày ban hành: a full date, or only a year for an unsigned draft ("ngày tháng năm 2022").
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum DocDate {
    Day(NaiveDate),
    Year(i32),
}

impl DocDate {
    pub fn year(self) -> i32 {
        match self {
            DocDate::Day(d) => d.year(),
            DocDate::Year(y) => y,
        }
    }

    pub(crate) fn day(self) -> Option<NaiveDate> {
        match self {
            DocDate::Day(d) => Some(d),
            DocDate::Year(_) => None,
        }
    }

    /// Sort key: a year-only date sorts after every day of that year (it is the newest guess).
    pub(crate) fn sort_key(self) -> (i32, u32) {
        match self {
            DocDate::Day(d) => (d.year(), d.ordinal()),
            DocDate::Year(y) => (y, 400),
        }
    }
}

/// Người ký: any part may be missing (a scan without a name, a draft without a signer).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Signer {
    pub authority: Option<String>,
    pub title: Option<String>,
    pub name: Option<String>,
}

impl Signer {
    pub fn is_empty(&self) -> bool {
        self.authority.is_none() && self.title.is_none() && self.name.is_none()
    }
}

/// A file next to the document, checked to stay inside `content/`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Attachment {
    /// As written in front matter, relative to the document's folder.
    pub name: String,
    /// Absolute path of the file on disk (canonicalised, inside `content/`).
    pub source: PathBuf,
    /// The file name used in the output, next to the document page.
    pub file_name: String,
    /// The line of the `attachments` key, for what is found of it later (a path too long
    /// once the page's folder is known).
    pub line: Option<usize>,
}

/// One document as loaded and validated. Names are NFC and cleaned; identities (issuer,
/// campaigns) are resolved later by the archive, which may replace a spelling with the
/// canonical one from `vanban.yaml`.
#[derive(Debug, Clone)]
pub struct Document {
    /// Path relative to the site root (`content/2018/a.md`), as diagnostics show it.
    pub source: PathBuf,
    pub number: Option<String>,
    pub doc_type: String,
    pub issuer: String,
    pub parent: Option<String>,
    pub date: Option<DocDate>,
    pub place: Option<String>,
    pub subject: String,
    pub recipients: Vec<String>,
    pub distribution: Vec<String>,
    pub signer: Signer,
    pub campaigns: Vec<String>,
    pub references: Vec<String>,
    pub attachments: Vec<Attachment>,
    pub draft: bool,
    /// The `slug` key, if given; the archive otherwise derives one from number and issuer.
    pub slug: Option<String>,
    /// Markdown body, NFC.
    pub body: String,
    /// Line in the file where the body starts, so body positions map to file lines.
    pub body_line: usize,
    /// Line of each top-level key in the file, for diagnostics raised after loading.
    pub key_lines: Vec<(String, usize)>,
}

impl Document {
    pub fn year(&self) -> Option<i32> {
        self.date.map(DocDate::year)
    }

    pub(crate) fn line_of(&self, key: &str) -> Option<usize> {
        self.key_lines
            .iter()
            .find(|(k, _)| k == key)
            .map(|(_, l)| *l)
    }
}

/// A valid signed document for unit tests of later stages, which then change what they test.
#[cfg(test)]
pub(crate) fn test_document(
    path: &str,
    number: &str,
    issuer: &str,
    date: (i32, u32, u32),
) -> Document {
    Document {
        source: PathBuf::from(path),
        number: Some(number.to_string()),
        doc_type: crate::number::type_from_number(number)
            .unwrap_or("Công văn")
            .to_string(),
        issuer: issuer.to_string(),
        parent: None,
        date: Some(DocDate::Day(
            NaiveDate::from_ymd_opt(date.0, date.1, date.2).expect("a real date"),
        )),
        place: None,
        subject: format!("V/v {number}"),
        recipients: vec![],
        distribution: vec![],
        signer: Signer::default(),
        campaigns: vec![],
        references: vec![],
        attachments: vec![],
        draft: false,
        slug: None,
        body: String::new(),
        body_line: 10,
        key_lines: vec![("number".into(), 2), ("references".into(), 7)],
    }
}
