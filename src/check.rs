//! `vanban check`: everything a webmaster should fix or know before publishing, as one report
//! that prints as text for people and as JSON (stable field names) for scripts.
//!
//! Secret documents appear only as a count: nothing of them, not even their paths, is in
//! the report's withheld section.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use serde::Serialize;

use crate::archive::Archive;
use crate::citations::{Graph, Unresolved, find_unreadable};
use crate::content::Withheld;
use crate::diagnostics::Diagnostic;
use crate::messages::{Messages, Text};
use crate::number::number_key;
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
    /// Citations that link to an archived document.
    pub resolved: usize,
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
    /// `not_archived`, `date_mismatch`, `partial`, `ambiguous`, or `unreadable`: written
    /// like a citation ("số 1498- cv/hu") but not readable whole, so it is not linked; the
    /// number is then the text as written.
    pub reason: &'static str,
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
        citations: citation_report(&p.archive, &p.citations),
    }
}

/// The graph's citations that link nowhere, split by why, and the numbers cited that no
/// archived document has, grouped: upload these next.
fn citation_report(archive: &Archive, graph: &Graph) -> CitationReport {
    let mut report = CitationReport {
        resolved: archive
            .entries
            .ids()
            .map(|d| graph.cites(d).iter().filter(|c| c.target.is_ok()).count())
            .sum(),
        ..Default::default()
    };
    let mut missing: BTreeMap<String, (String, Vec<Place>)> = BTreeMap::new();
    for u in graph.unresolved(archive) {
        let (reason, candidates) = match &u.reason {
            Unresolved::NotArchived => {
                missing
                    .entry(number_key(&u.number))
                    .or_insert_with(|| (u.number.clone(), Vec::new()))
                    .1
                    .push(Place {
                        path: u.file.clone(),
                        line: Some(u.line),
                    });
                ("not_archived", vec![])
            }
            Unresolved::DateMismatch => ("date_mismatch", vec![]),
            Unresolved::Partial => ("partial", vec![]),
            Unresolved::Ambiguous(ids) => (
                "ambiguous",
                ids.iter()
                    .map(|id| archive.entries[*id].doc.source.clone())
                    .collect(),
            ),
        };
        let issue = CitationIssue {
            path: u.file,
            line: Some(u.line),
            number: u.number,
            reason,
            candidates,
        };
        if reason == "ambiguous" {
            report.ambiguous.push(issue);
        } else {
            report.unresolved.push(issue);
        }
    }
    report.missing = missing
        .into_values()
        .map(|(number, mut cited_by)| {
            cited_by.sort();
            MissingDocument {
                number,
                count: cited_by.len(),
                cited_by,
            }
        })
        .collect();
    report
        .missing
        .sort_by(|a, b| b.count.cmp(&a.count).then_with(|| a.number.cmp(&b.number)));
    report.unresolved.extend(unreadable(archive));
    report
}

/// Citations written so that the finder cannot read them whole, by file and line.
fn unreadable(archive: &Archive) -> Vec<CitationIssue> {
    let mut out = Vec::new();
    for e in &archive.entries {
        let doc = &e.doc;
        for span in find_unreadable(&doc.body) {
            let line = doc.body_line + doc.body[..span.start].matches('\n').count();
            let written: Vec<&str> = doc.body[span].split_whitespace().collect();
            out.push(CitationIssue {
                path: doc.source.clone(),
                line: Some(line),
                number: written.join(" "),
                reason: "unreadable",
                candidates: vec![],
            });
        }
    }
    out
}

fn place(p: &Place) -> String {
    match p.line {
        Some(l) => format!("{}:{l}", p.path.display()),
        None => p.path.display().to_string(),
    }
}

/// The report for people, in the language of `m`: diagnostics in the `path:line: error: …`
/// form editors link, then what is withheld, what is missing, and a summary line.
pub fn to_text(r: &CheckReport, m: &Messages) -> String {
    let mut out = String::new();
    let mut line = |t: Text| {
        out.push_str(&t.said_in(m));
        out.push('\n');
    };
    for d in &r.diagnostics {
        line(Text::plain(d.said_in(m)));
    }
    let c = &r.citations;
    // Ambiguous citations are warnings among the diagnostics already; citations of documents
    // not in the archive are grouped below.
    for i in &c.unresolved {
        let why = Text::new(match i.reason {
            "date_mismatch" => "check-why-date",
            "partial" => "check-why-partial",
            "unreadable" => "check-why-unreadable",
            _ => continue,
        });
        let at = place(&Place {
            path: i.path.clone(),
            line: i.line,
        });
        line(
            Text::new("check-not-linked")
                .with("place", at)
                .with("number", i.number.as_str())
                .with("why", why),
        );
    }
    let w = &r.withheld;
    if w.secret > 0 {
        line(Text::new("check-secret").with("count", w.secret));
    }
    for p in &w.drafts {
        line(Text::new("check-draft").with("path", p.display().to_string()));
    }
    for p in &w.not_marked {
        line(Text::new("check-not-marked").with("path", p.display().to_string()));
    }
    if !c.missing.is_empty() {
        line(Text::new("check-missing-heading"));
        for d in c.missing.iter().take(MISSING_SHOWN) {
            let places: Vec<String> = d.cited_by.iter().map(place).collect();
            line(
                Text::new("check-missing")
                    .with("number", d.number.as_str())
                    .with("count", d.count)
                    .with("places", places.join(", ")),
            );
        }
        if c.missing.len() > MISSING_SHOWN {
            line(Text::new("check-missing-more").with("count", c.missing.len() - MISSING_SHOWN));
        }
    }
    line(
        Text::new("check-summary")
            .with("documents", r.documents)
            .with("resolved", c.resolved)
            .with("unresolved", c.unresolved.len() + c.ambiguous.len())
            .with("errors", r.errors)
            .with("warnings", r.warnings),
    );
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
            diagnostics: vec![
                Diagnostic::error("content/a.md", crate::messages::Text::plain("bad")).at(3, None),
            ],
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
        let t = to_text(&r, crate::messages::english());
        assert!(t.contains("content/a.md:3: error: bad\n"), "{t}");
        assert!(t.contains("2 secret documents,"), "{t}");
        assert!(t.contains("content/d.md is a draft"), "{t}");
        assert!(
            t.contains("224-TB/BDVTU — cited 2 times: content/a.md:9, content/b.md:4"),
            "{t}"
        );
        assert!(
            t.ends_with("2 documents, 0 citations resolved, 0 not, 1 error, 0 warnings\n"),
            "{t}"
        );
    }
}
