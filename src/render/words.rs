//! The theme's words: what pages show that comes from the archive's structure rather than
//! from a template (page titles, breadcrumbs, the headings of citation lists, chart
//! captions). `themes/default/words.yaml` holds them; a theme's own `words.yaml` replaces
//! any of them key by key, so a theme can reword every page without touching Rust.

use std::path::Path;

use serde::Deserialize;

use crate::citations::Relation;
use crate::diagnostics::Diagnostic;
use crate::messages::Text;
use crate::vietnamese::count;
use crate::yaml;

/// The default theme's words.
pub(crate) const DEFAULT: &str = include_str!("../../themes/default/words.yaml");

/// The file a theme rewords its pages in.
pub const FILE_NAME: &str = "words.yaml";

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Words {
    pub home: String,
    pub issuers: String,
    pub years: String,
    pub campaigns: String,
    pub types: String,
    pub issuer_index: String,
    pub year_index: String,
    pub campaign_index: String,
    pub type_index: String,
    pub all_documents: String,
    /// With `{year}`.
    pub year: String,
    /// With `{year}`.
    pub year_name: String,
    pub year_unknown: String,
    /// With `{year}`.
    pub dated_year: String,
    /// With `{count}`.
    pub documents: String,
    /// With `{count}`.
    pub documents_below: String,
    /// With `{count}` and `{own}`.
    pub documents_with_own: String,
    pub chart_years: String,
    /// With `{title}`, the list's.
    pub chart_years_of: String,
    /// With `{count}`.
    pub chart_total: String,
    /// With `{year}` and `{count}`.
    pub chart_year_count: String,
    /// With `{title}`, the document's.
    pub chain: String,
    pub chain_arrow: String,
    /// With `{count}`.
    pub chain_more: String,
    pub chain_missing: String,
    pub cites: ByRelation,
    pub cited_by: ByRelation,
    /// What [`Words::cited_by`] headings call the document.
    pub this_document: String,
    /// With `{heading}` (of [`Words::cites`]) and `{title}`.
    pub cites_of: String,
    /// The status at the top of a document that later documents revise…
    pub revised_by: ByRevision,
    /// …and at the top of the document revising others.
    pub revises: ByRevision,
    pub not_archived: String,
    pub ambiguous: String,
}

/// A heading for each relation between documents.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ByRelation {
    pub implements: String,
    pub based_on: String,
    pub replaces: String,
    pub amends: String,
    pub annuls: String,
    pub mentions: String,
}

impl ByRelation {
    pub fn of(&self, r: Relation) -> &str {
        match r {
            Relation::Implements => &self.implements,
            Relation::BasedOn => &self.based_on,
            Relation::Replaces => &self.replaces,
            Relation::Amends => &self.amends,
            Relation::Annuls => &self.annuls,
            Relation::Mentions => &self.mentions,
        }
    }
}

/// Words for each relation by which a document revises another (`Relation::revises`).
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ByRevision {
    pub replaces: String,
    pub amends: String,
    pub annuls: String,
}

impl ByRevision {
    /// The words of `r`, or `""` for a relation that revises nothing.
    pub fn of(&self, r: Relation) -> &str {
        match r {
            Relation::Replaces => &self.replaces,
            Relation::Amends => &self.amends,
            Relation::Annuls => &self.annuls,
            _ => "",
        }
    }
}

impl Words {
    /// The title of year `year`'s list.
    pub fn year(&self, year: impl std::fmt::Display) -> String {
        fill(&self.year, &[("{year}", &year.to_string())])
    }

    /// Year `year` as a link or a heading in lists.
    pub(crate) fn year_name(&self, year: i32) -> String {
        fill(&self.year_name, &[("{year}", &year.to_string())])
    }

    /// The date in lists of a document dated only by year `year`.
    pub(crate) fn dated_year(&self, year: i32) -> String {
        fill(&self.dated_year, &[("{year}", &year.to_string())])
    }

    /// The caption of the chart of a list titled `title`.
    pub(crate) fn chart_years_of(&self, title: &str) -> String {
        fill(&self.chart_years_of, &[("{title}", title)])
    }

    /// `n` documents, of which `own` the issuer's own (`own == n`: all of them).
    pub(crate) fn documents(&self, n: usize, own: usize) -> String {
        let template = if own == n {
            &self.documents
        } else if own == 0 {
            &self.documents_below
        } else {
            &self.documents_with_own
        };
        fill(template, &[("{count}", &count(n)), ("{own}", &count(own))])
    }

    /// The page title for every document of one relation to the document titled `title`,
    /// under the relation's `heading`; `outgoing`: the documents it cites.
    pub(crate) fn related_title(&self, heading: &str, title: &str, outgoing: bool) -> String {
        if outgoing {
            fill(
                &self.cites_of,
                &[("{heading}", heading), ("{title}", title)],
            )
        } else {
            heading.replace(self.this_document.as_str(), title)
        }
    }
}

/// `template` with each placeholder replaced by its value.
pub(crate) fn fill(template: &str, values: &[(&str, &str)]) -> String {
    let mut out = template.to_string();
    for (key, value) in values {
        if out.contains(key) {
            out = out.replace(key, value);
        }
    }
    out
}

/// The default words with those of `text` (a theme's `words.yaml`, shown as `shown`) in
/// their place. A key the default does not have is a warning naming the nearest one; a
/// value that is not text is an error.
pub fn load(text: Option<&str>, shown: &Path) -> (Words, Vec<Diagnostic>) {
    let mut words: serde_yaml::Mapping =
        serde_yaml::from_str(DEFAULT).expect("the default words are a mapping");
    let Some(text) = text else {
        return (defaults(), Vec::new());
    };
    let theirs: serde_yaml::Mapping = match serde_yaml::from_str(text) {
        Ok(serde_yaml::Value::Mapping(m)) => m,
        Ok(serde_yaml::Value::Null) => serde_yaml::Mapping::new(),
        Ok(_) => {
            let d = Diagnostic::error(shown, Text::new("words-not-mapping"));
            return (defaults(), vec![d]);
        }
        Err(e) => return (defaults(), vec![yaml::parse_error(shown, &e, text, 1)]),
    };
    let mut diags = Vec::new();
    let lines = yaml::top_level_key_lines(text, 1);
    let line_of = |key: &str| lines.iter().find(|(k, _)| k == key).map(|(_, l)| *l);
    for (key, value) in theirs {
        let name = key.as_str().unwrap_or_default().to_string();
        match words.get_mut(&key) {
            Some(serde_yaml::Value::Mapping(inner)) => {
                let serde_yaml::Value::Mapping(value) = value else {
                    diags.push(
                        Diagnostic::error(shown, Text::new("words-relations-not-mapping"))
                            .at_line(line_of(&name))
                            .key(&name),
                    );
                    continue;
                };
                let known: Vec<String> = inner
                    .keys()
                    .filter_map(|k| k.as_str())
                    .map(String::from)
                    .collect();
                for (k, v) in value {
                    let sub = k.as_str().unwrap_or_default().to_string();
                    match inner.get_mut(&k) {
                        Some(slot) => *slot = v,
                        None => diags.push(
                            Diagnostic::warning(
                                shown,
                                yaml::unknown_key(
                                    &sub,
                                    Some(Text::new("in-key").with("key", &name)),
                                    known.iter().map(String::as_str),
                                ),
                            )
                            .at_line(line_of(&name))
                            .key(&name),
                        ),
                    }
                }
            }
            Some(slot) => *slot = value,
            None => {
                let known = words_keys();
                diags.push(
                    Diagnostic::warning(
                        shown,
                        yaml::unknown_key(&name, None, known.iter().map(String::as_str)),
                    )
                    .at_line(line_of(&name))
                    .key(&name),
                );
            }
        }
    }
    match parse(&words) {
        Ok(w) => (w, diags),
        Err(e) => {
            diags.push(Diagnostic::error(
                shown,
                Text::new("words-not-text").with("message", e.to_string()),
            ));
            (defaults(), diags)
        }
    }
}

fn defaults() -> Words {
    serde_yaml::from_str(DEFAULT).expect("the default words are complete")
}

fn parse(words: &serde_yaml::Mapping) -> Result<Words, serde_yaml::Error> {
    serde_yaml::from_value(serde_yaml::Value::Mapping(words.clone()))
}

/// The top-level keys of the default words.
fn words_keys() -> Vec<String> {
    let words: serde_yaml::Mapping = serde_yaml::from_str(DEFAULT).expect("a mapping");
    words
        .keys()
        .filter_map(|k| k.as_str())
        .map(String::from)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_default_words_are_complete() {
        let (w, diags) = load(None, Path::new("words.yaml"));
        assert!(diags.is_empty());
        assert_eq!(w.home, "Trang chủ");
        assert_eq!(w.year(2018), "Văn bản năm 2018");
        assert_eq!(
            w.cited_by.of(Relation::BasedOn),
            "Văn bản căn cứ vào văn bản này"
        );
    }

    #[test]
    fn counts_and_related_titles_fill_their_placeholders() {
        let (w, _) = load(None, Path::new("words.yaml"));
        assert_eq!(w.documents(3000, 3000), "3.000 văn bản");
        assert_eq!(w.documents(12, 0), "12 văn bản của các cơ quan trực thuộc");
        assert_eq!(
            w.documents(147, 12),
            "147 văn bản, trong đó 12 của chính cơ quan"
        );
        let kh = "Kế hoạch 12-KH/HU";
        assert_eq!(
            w.related_title(w.cites.of(Relation::BasedOn), kh, true),
            "Văn bản căn cứ của Kế hoạch 12-KH/HU"
        );
        assert_eq!(
            w.related_title(w.cited_by.of(Relation::Implements), kh, false),
            "Văn bản thực hiện Kế hoạch 12-KH/HU"
        );
        let (w, diags) = load(
            Some(concat!(
                "documents_with_own: \"{count} documents, {own} its own\"\n",
                "this_document: this one\n",
                "cites_of: \"{title}: {heading}\"\n",
                "cited_by:\n  implements: Carrying out this one\n",
            )),
            Path::new("themes/x/words.yaml"),
        );
        assert!(diags.is_empty(), "{diags:?}");
        assert_eq!(w.documents(1200, 3), "1.200 documents, 3 its own");
        assert_eq!(
            w.related_title("Based on", kh, true),
            "Kế hoạch 12-KH/HU: Based on"
        );
        assert_eq!(
            w.related_title(w.cited_by.of(Relation::Implements), kh, false),
            "Carrying out Kế hoạch 12-KH/HU"
        );
    }

    #[test]
    fn a_theme_rewords_key_by_key() {
        let (w, diags) = load(
            Some("home: Home\ncited_by:\n  mentions: Mentioned in\n"),
            Path::new("themes/x/words.yaml"),
        );
        assert!(diags.is_empty(), "{diags:?}");
        assert_eq!(w.home, "Home");
        assert_eq!(w.cited_by.mentions, "Mentioned in");
        assert_eq!(w.cited_by.implements, "Văn bản thực hiện văn bản này");
        assert_eq!(w.issuers, "Cơ quan");
    }

    #[test]
    fn unknown_keys_are_named_with_the_nearest() {
        let (w, diags) = load(
            Some("# words\nhome: Home\nhomme: x\ncites:\n  mention: y\n"),
            Path::new("themes/x/words.yaml"),
        );
        assert_eq!(w.home, "Home");
        let shown: Vec<String> = diags.iter().map(|d| d.to_string()).collect();
        assert_eq!(
            shown,
            [
                "themes/x/words.yaml:3: warning: homme: unknown key `homme`; did you mean `home`?",
                "themes/x/words.yaml:4: warning: cites: unknown key `mention` in cites; did you mean `mentions`?",
            ]
        );
    }

    #[test]
    fn words_that_are_not_text_are_an_error() {
        let (w, diags) = load(Some("home: [a, b]\n"), Path::new("words.yaml"));
        assert_eq!(w.home, "Trang chủ");
        assert!(diags.iter().any(Diagnostic::is_error), "{diags:?}");
    }
}
