//! `vanban check`: everything a webmaster should fix or know before publishing, as one report
//! that prints as text for people and as JSON (stable field names) for scripts.
//!
//! Secret documents appear only as a count: nothing of them, not even their paths, is in
//! the report's withheld section.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use serde::Serialize;

use crate::archive::Archive;
use crate::content::Withheld;
use crate::diagnostics::Diagnostic;
use crate::number::{number_key, tidy};
use crate::site::{self, Prepared, Timings};

/// How many missing documents the text report lists.
const MISSING_SHOWN: usize = 20;

#[derive(Debug, Serialize)]
pub struct CheckReport {
    /// Documents that would be published.
    pub documents: usize,
    pub errors: usize,
    pub warnings: usize,
    /// Every error and warning, sorted by file and line.
    pub diagnostics: Vec<Diagnostic>,
    pub withheld: WithheldReport,
    pub citations: CitationReport,
}

#[derive(Debug, Default, Serialize)]
pub struct WithheldReport {
    /// Documents with a secrecy mark: counted, never named.
    pub secret: usize,
    /// Unsigned drafts (published only with `--drafts`).
    pub drafts: Vec<PathBuf>,
    /// Under `publish: marked`, documents whose Nơi nhận has no "Đăng website" item.
    pub not_marked: Vec<PathBuf>,
}

#[derive(Debug, Default, Serialize)]
pub struct CitationReport {
    /// Citations that match no archived document under the resolution rules (SPEC §4).
    pub unresolved: Vec<CitationIssue>,
    /// Citations with several equally good candidates; they are not linked.
    pub ambiguous: Vec<CitationIssue>,
    /// Numbers cited that no archived document has, most cited first: upload these next.
    pub missing: Vec<MissingDocument>,
}

#[derive(Debug, Serialize)]
pub struct CitationIssue {
    pub path: PathBuf,
    pub line: Option<usize>,
    pub number: String,
    /// For an ambiguous citation, the files it could mean.
    pub candidates: Vec<PathBuf>,
}

#[derive(Debug, Serialize)]
pub struct MissingDocument {
    /// As first written by a citing document.
    pub number: String,
    /// How many citations name it.
    pub count: usize,
    /// Where: each citing file and line.
    pub cited_by: Vec<Place>,
}

#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize)]
pub struct Place {
    pub path: PathBuf,
    pub line: Option<usize>,
}

impl CheckReport {
    pub fn has_errors(&self) -> bool {
        self.errors > 0
    }
}

/// Checks the site at `root` without writing anything.
pub fn check(root: &Path) -> CheckReport {
    let mut timings = Timings::default();
    let prepared = site::inspect(root, false, &mut timings);
    report(&prepared)
}

fn report(p: &Prepared) -> CheckReport {
    let errors = p.diagnostics.iter().filter(|d| d.is_error()).count();
    let mut withheld = WithheldReport::default();
    for (path, why) in &p.withheld {
        match why {
            Withheld::Secret => withheld.secret += 1,
            Withheld::Draft => withheld.drafts.push(path.clone()),
            Withheld::NotMarked => withheld.not_marked.push(path.clone()),
        }
    }
    CheckReport {
        documents: p.archive.len(),
        errors,
        warnings: p.diagnostics.len() - errors,
        diagnostics: p.diagnostics.clone(),
        withheld,
        citations: CitationReport {
            // Filled from the citation graph once resolution lands in `Prepared`.
            unresolved: Vec::new(),
            ambiguous: Vec::new(),
            missing: missing_documents(&p.archive),
        },
    }
}

/// Numbers cited in bodies or `references` that no archived document carries. A number
/// absent from the archive cannot resolve under any rule, so this needs no resolution.
/// Partial citations ("Kết luận 57", no symbol) are left out: their number alone means little.
pub fn missing_documents(archive: &Archive) -> Vec<MissingDocument> {
    let mut by_key: BTreeMap<String, (String, Vec<Place>)> = BTreeMap::new();
    let mut add = |number: &str, key: String, place: Place| {
        if key.is_empty() || archive.by_number.contains_key(&key) {
            return;
        }
        by_key
            .entry(key)
            .or_insert_with(|| (number.to_string(), Vec::new()))
            .1
            .push(place);
    };
    for e in &archive.entries {
        let d = &e.doc;
        for c in crate::citations::find_citations(&d.body) {
            if c.partial {
                continue;
            }
            let line = d.body_line
                + d.body[..c.span.start.min(d.body.len())]
                    .matches('\n')
                    .count();
            add(
                &c.number,
                c.key.clone(),
                Place {
                    path: d.source.clone(),
                    line: Some(line),
                },
            );
        }
        let refs_line = d.line_of("references").or_else(|| d.line_of("can_cu"));
        for r in &d.references {
            let number = tidy(r);
            add(
                &number,
                number_key(&number),
                Place {
                    path: d.source.clone(),
                    line: refs_line,
                },
            );
        }
    }
    let mut out: Vec<MissingDocument> = by_key
        .into_values()
        .map(|(number, mut cited_by)| {
            cited_by.sort();
            (number, cited_by)
        })
        .map(|(number, cited_by)| MissingDocument {
            number,
            count: cited_by.len(),
            cited_by,
        })
        .collect();
    out.sort_by(|a, b| b.count.cmp(&a.count).then_with(|| a.number.cmp(&b.number)));
    out
}

fn place(p: &Place) -> String {
    match p.line {
        Some(l) => format!("{}:{l}", p.path.display()),
        None => p.path.display().to_string(),
    }
}

/// The report for people: diagnostics in the `path:line: error: …` form editors link, then
/// what is withheld, what is missing, and a summary line.
pub fn to_text(r: &CheckReport) -> String {
    let mut out = String::new();
    for d in &r.diagnostics {
        out.push_str(&format!("{d}\n"));
    }
    let c = &r.citations;
    for (what, list) in [("unresolved", &c.unresolved), ("ambiguous", &c.ambiguous)] {
        for i in list {
            let at = place(&Place {
                path: i.path.clone(),
                line: i.line,
            });
            out.push_str(&format!("{at}: warning: {what} citation `{}`", i.number));
            if !i.candidates.is_empty() {
                let names: Vec<String> = i
                    .candidates
                    .iter()
                    .map(|p| p.display().to_string())
                    .collect();
                out.push_str(&format!(" (could be {})", names.join(", ")));
            }
            out.push('\n');
        }
    }
    let w = &r.withheld;
    if w.secret > 0 {
        out.push_str(&format!(
            "withheld: {} secret document(s), never published\n",
            w.secret
        ));
    }
    for p in &w.drafts {
        out.push_str(&format!(
            "withheld: {} is a draft (published only with --drafts)\n",
            p.display()
        ));
    }
    for p in &w.not_marked {
        out.push_str(&format!(
            "withheld: {} has no \"Đăng website\" line in Nơi nhận (publish: marked)\n",
            p.display()
        ));
    }
    if !c.missing.is_empty() {
        out.push_str("cited but not in the archive (upload these next):\n");
        for m in c.missing.iter().take(MISSING_SHOWN) {
            let places: Vec<String> = m.cited_by.iter().map(place).collect();
            out.push_str(&format!(
                "  {} — cited {} time(s): {}\n",
                m.number,
                m.count,
                places.join(", ")
            ));
        }
        if c.missing.len() > MISSING_SHOWN {
            out.push_str(&format!(
                "  … and {} more (see --format json)\n",
                c.missing.len() - MISSING_SHOWN
            ));
        }
    }
    out.push_str(&format!(
        "{} documents, {} errors, {} warnings\n",
        r.documents, r.errors, r.warnings
    ));
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_names_places_and_counts_secrets_only() {
        let r = CheckReport {
            documents: 2,
            errors: 1,
            warnings: 0,
            diagnostics: vec![Diagnostic::error("content/a.md", "bad").at(3, None)],
            withheld: WithheldReport {
                secret: 2,
                drafts: vec!["content/d.md".into()],
                not_marked: vec![],
            },
            citations: CitationReport {
                missing: vec![MissingDocument {
                    number: "224-TB/BDVTU".into(),
                    count: 2,
                    cited_by: vec![
                        Place {
                            path: "content/a.md".into(),
                            line: Some(9),
                        },
                        Place {
                            path: "content/b.md".into(),
                            line: Some(4),
                        },
                    ],
                }],
                ..Default::default()
            },
        };
        let t = to_text(&r);
        assert!(t.contains("content/a.md:3: error: bad\n"), "{t}");
        assert!(t.contains("2 secret document(s)"), "{t}");
        assert!(t.contains("content/d.md is a draft"), "{t}");
        assert!(
            t.contains("224-TB/BDVTU — cited 2 time(s): content/a.md:9, content/b.md:4"),
            "{t}"
        );
        assert!(t.ends_with("2 documents, 1 errors, 0 warnings\n"), "{t}");
    }
}
