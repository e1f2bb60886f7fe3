//! The citation graph on a document page: numbers in the body linked to the documents they
//! resolved to, and the two lists "documents it cites" and "documents citing it", grouped by
//! relation as vbpl.vn groups them.

use std::borrow::Cow;
use std::collections::HashMap;

use serde::Serialize;

use super::charts::{Chain, ChainBox, citation_chain};
use super::words::Words;
use super::{Site, display_date, escape_into};
use crate::citations::{Cite, Relation, Unresolved, find_citations};
use crate::diagnostics::Diagnostic;
use crate::model::DocId;
use crate::urls::DOCUMENT_ROOT;
use crate::vietnamese::short_date;

/// Documents drawn on each side of the chain diagram; the rest are counted.
const CHAIN_SIDE: usize = 4;

/// Relations in the order the page lists them.
const RELATIONS: [Relation; 4] = [
    Relation::Implements,
    Relation::BasedOn,
    Relation::Replaces,
    Relation::Mentions,
];

pub(super) struct CitationGroup<'a> {
    relation: Relation,
    heading: &'a str,
    items: Vec<Listed<'a>>,
}

/// A document in a citation list, before it is shown: an archived document is shown from
/// the archive (its `<li>` rendered once for all pages), another as the citing text writes it.
pub(super) enum Listed<'a> {
    Archived(DocId),
    Written(CitedItem<'a>),
}

/// A [`CitationGroup`] as the template gets it: each item's `<li>` from `cited_item.html`.
#[derive(Serialize)]
pub(super) struct CitationGroupCtx<'s> {
    pub(super) heading: &'s str,
    pub(super) items: Vec<Cow<'s, str>>,
}

/// A document in a citation list: an archived one (with `url`), or one known only from
/// what the citing text writes (number, type, date, issuer), with `note` saying why.
#[derive(Serialize)]
pub(super) struct CitedItem<'a> {
    pub(super) title: String,
    pub(super) url: Option<String>,
    pub(super) subject: Option<String>,
    pub(super) date: String,
    pub(super) issuer: Option<String>,
    pub(super) note: Option<&'a str>,
}

/// The link a body number becomes: the cited page relative to this one, and its subject.
pub(super) struct BodyLink<'a> {
    url: String,
    subject: &'a str,
}

impl<'a> Site<'a> {
    /// The links of the body of document `id`: number key → link, where a key whose body
    /// citations did not all resolve to one document maps to None and stays text.
    pub(super) fn body_links(&self, id: DocId, root: &str) -> BodyCitations<'_> {
        let mut links: HashMap<String, Option<BodyLink>> = HashMap::new();
        let mut targets: HashMap<&str, Option<DocId>> = HashMap::new();
        for c in self.citations.cites(id).iter().filter(|c| c.in_body) {
            let target = c.target.as_ref().ok().copied();
            targets
                .entry(c.citation.key.as_str())
                .and_modify(|t| {
                    if *t != target {
                        *t = None;
                    }
                })
                .or_insert(target);
        }
        for (key, target) in targets {
            let link = target.map(|t| BodyLink {
                url: self.url_of(root, t),
                subject: &self.archive.entries[t].doc.subject,
            });
            links.insert(key.to_string(), link);
        }
        let found = self
            .citations
            .cites(id)
            .iter()
            .filter(|c| c.in_body)
            .map(|c| (c.citation.span.clone(), c.citation.key.as_str()))
            .collect();
        BodyCitations { links, found }
    }

    /// What document `id` cites, by relation; each document (or unarchived number) once,
    /// under the strongest relation it is cited with, in order of first citation.
    pub(super) fn cites_groups(&self, id: DocId) -> Vec<CitationGroup<'a>> {
        // Archived targets dedupe by document, others by number key.
        let mut first: HashMap<Result<DocId, &str>, usize> = HashMap::new();
        let mut listed: Vec<(Relation, &Cite)> = Vec::new();
        for c in self.citations.cites(id) {
            let key = c
                .target
                .as_ref()
                .copied()
                .map_err(|_| c.citation.key.as_str());
            match first.get(&key) {
                Some(&i) => listed[i].0 = listed[i].0.min(c.citation.relation),
                None => {
                    first.insert(key, listed.len());
                    listed.push((c.citation.relation, c));
                }
            }
        }
        group(listed.into_iter().map(|(relation, c)| {
            let item = match &c.target {
                Ok(t) => Listed::Archived(*t),
                Err(why) => Listed::Written(written_item(c, why, self.words())),
            };
            (relation, item)
        }))
        .map(|(r, items)| CitationGroup {
            relation: r,
            heading: self.words().cites.of(r),
            items,
        })
        .collect()
    }

    /// The documents citing document `id`, by relation, newest first.
    pub(super) fn cited_by_groups(&self, id: DocId) -> Vec<CitationGroup<'a>> {
        group(
            self.citations
                .cited_by(id)
                .iter()
                .map(|(from, relation)| (*relation, Listed::Archived(*from))),
        )
        .map(|(r, items)| CitationGroup {
            relation: r,
            heading: self.words().cited_by.of(r),
            items,
        })
        .collect()
    }

    /// The chain diagram of document `id`: what it implements above, what implements it
    /// below (`charts::citation_chain`), or `""` when it has neither. `cites` and `cited_by`
    /// are the document's lists, from which the "implements" groups are drawn.
    pub(super) fn chain_svg(
        &self,
        id: DocId,
        root: &str,
        cites: &[CitationGroup],
        cited_by: &[CitationGroup],
    ) -> String {
        let to_box = |item: &Listed| match item {
            Listed::Archived(t) => self.chain_box(*t, Some(root)),
            Listed::Written(w) => ChainBox {
                detail: detail(w.issuer.as_deref().unwrap_or_default(), &w.date),
                label: w.title.clone(),
                url: None,
            },
        };
        let implementing = |groups: &[CitationGroup]| -> Vec<ChainBox> {
            groups
                .iter()
                .filter(|g| g.relation == Relation::Implements)
                .flat_map(|g| g.items.iter().map(to_box))
                .collect()
        };
        let chain = Chain {
            this: self.chain_box(id, None),
            implements: implementing(cites),
            implemented_by: implementing(cited_by),
        };
        citation_chain(&chain, CHAIN_SIDE)
    }

    /// The groups as the template shows them. An archived document's item is rendered once
    /// for all document pages (they all sit at `DOCUMENT_ROOT`), as it is listed on the page of
    /// every document it cites or is cited by.
    pub(super) fn groups_ctx(
        &self,
        groups: &[CitationGroup<'a>],
        root: &str,
    ) -> Result<Vec<CitationGroupCtx<'_>>, Diagnostic> {
        let render = |item: &CitedItem| self.cited_item(item);
        groups
            .iter()
            .map(|g| {
                let items = g
                    .items
                    .iter()
                    .map(|item| match item {
                        Listed::Archived(id) if root == DOCUMENT_ROOT => self.cited[*id]
                            .get_or_init(|| render(&self.archived_item(*id, root)))
                            .as_deref()
                            .map(Cow::Borrowed)
                            .map_err(Clone::clone),
                        Listed::Archived(id) => {
                            render(&self.archived_item(*id, root)).map(Cow::Owned)
                        }
                        Listed::Written(w) => render(w).map(Cow::Owned),
                    })
                    .collect::<Result<_, _>>()?;
                Ok(CitationGroupCtx {
                    heading: g.heading,
                    items,
                })
            })
            .collect()
    }

    fn archived_item(&self, id: DocId, root: &str) -> CitedItem<'a> {
        let e = &self.archive.entries[id];
        CitedItem {
            title: e.title().to_string(),
            url: Some(self.url_of(root, id)),
            subject: Some(e.doc.subject.clone()),
            date: display_date(e.doc.date),
            issuer: Some(self.archive.issuers.get(e.issuer).name.clone()),
            note: None,
        }
    }

    /// Archived document `id` in the chain diagram: a link from a page at `root`, or the
    /// page's own document (no link) for `None`.
    fn chain_box(&self, id: DocId, root: Option<&str>) -> ChainBox {
        let e = &self.archive.entries[id];
        ChainBox {
            detail: detail(
                &self.archive.issuers.get(e.issuer).name,
                &display_date(e.doc.date),
            ),
            label: e.title().to_string(),
            url: root.map(|root| self.url_of(root, id)),
        }
    }
}

/// A chain box's second line: issuer and date, either may be missing.
fn detail(issuer: &str, date: &str) -> String {
    match (issuer.is_empty(), date.is_empty()) {
        (false, false) => [issuer, " · ", date].concat(),
        (false, true) => issuer.to_string(),
        (true, _) => date.to_string(),
    }
}

/// A cited document not in the archive, as the citing text writes it.
fn written_item<'a>(c: &Cite, why: &Unresolved, words: &'a Words) -> CitedItem<'a> {
    let w = &c.citation;
    CitedItem {
        title: match &w.doc_type {
            Some(t) => format!("{t} {}", w.number),
            None => w.number.clone(),
        },
        url: None,
        subject: None,
        date: w.date.map(short_date).unwrap_or_default(),
        issuer: w.issuer.clone(),
        note: Some(match why {
            Unresolved::Ambiguous(_) => &words.ambiguous,
            _ => &words.not_archived,
        }),
    }
}

/// Items grouped by relation in page order, empty groups left out.
fn group<T>(
    items: impl Iterator<Item = (Relation, T)>,
) -> impl Iterator<Item = (Relation, Vec<T>)> {
    let mut groups: [Vec<T>; 4] = [Vec::new(), Vec::new(), Vec::new(), Vec::new()];
    for (r, item) in items {
        let slot = RELATIONS.iter().position(|x| *x == r).unwrap_or(3);
        groups[slot].push(item);
    }
    RELATIONS
        .into_iter()
        .zip(groups)
        .filter(|(_, items)| !items.is_empty())
}

/// The links of one document's body: number key → link, and the citations the graph found
/// in the body (span and key, in text order), so that most runs are linked without running
/// the finder again.
pub(super) struct BodyCitations<'a> {
    pub(super) links: HashMap<String, Option<BodyLink<'a>>>,
    pub(super) found: Vec<(std::ops::Range<usize>, &'a str)>,
}

impl BodyCitations<'_> {
    /// The [`super::markdown::TextHook`]: a run written verbatim at `offset` of the body gets
    /// the graph's citations inside it; any other run (one with escapes or entities) is
    /// searched on its own.
    pub(super) fn link(&self, text: &str, offset: Option<usize>) -> Option<String> {
        let Some(offset) = offset else {
            return link_citations(text, &self.links);
        };
        let end = offset + text.len();
        let first = self.found.partition_point(|(span, _)| span.start < offset);
        let inside = self.found[first..]
            .iter()
            .take_while(|(span, _)| span.start < end)
            .filter(|(span, _)| span.end <= end)
            .map(|(span, key)| (span.start - offset..span.end - offset, *key));
        link_spans(text, inside, &self.links)
    }
}

/// A text run of the body with every linked citation in it made an `<a class="trich-dan">`;
/// None when it has none, so the run stays text.
pub(super) fn link_citations(
    text: &str,
    links: &HashMap<String, Option<BodyLink<'_>>>,
) -> Option<String> {
    // A linked citation's span holds the digits of its number, which are its key's first
    // part (leading zeros aside): a run holding none of them has nothing to link, and most
    // runs are passed over without running the finder.
    let may_link = links.iter().any(|(key, link)| {
        let first = key.split('/').next().unwrap_or_default();
        link.is_some()
            && (first.is_empty()
                || !first.bytes().all(|b| b.is_ascii_digit())
                || text.contains(first))
    });
    if !may_link {
        return None;
    }
    let found = find_citations(text);
    link_spans(
        text,
        found.iter().map(|c| (c.span.clone(), c.key.as_str())),
        links,
    )
}

/// `text` with the spans (in order, each with its number key) whose key links somewhere
/// made anchors, the rest escaped; None when no span links.
fn link_spans<'k>(
    text: &str,
    spans: impl Iterator<Item = (std::ops::Range<usize>, &'k str)>,
    links: &HashMap<String, Option<BodyLink<'_>>>,
) -> Option<String> {
    let mut out = String::new();
    let mut done = 0;
    for (span, key) in spans {
        let Some(Some(link)) = links.get(key) else {
            continue;
        };
        escape_into(&mut out, &text[done..span.start]);
        out.push_str("<a class=\"trich-dan\" href=\"");
        escape_into(&mut out, &link.url);
        out.push_str("\" title=\"");
        escape_into(&mut out, link.subject);
        out.push_str("\">");
        escape_into(&mut out, &text[span.clone()]);
        out.push_str("</a>");
        done = span.end;
    }
    if done == 0 {
        return None;
    }
    escape_into(&mut out, &text[done..]);
    Some(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn linked_numbers_become_anchors_and_the_rest_is_escaped() {
        let mut links = HashMap::new();
        links.insert(
            crate::number::number_key("224-TB/BDVTU"),
            Some(BodyLink {
                url: "../../van-ban/2018/x.html".into(),
                subject: "Về \"kết luận\"",
            }),
        );
        links.insert(crate::number::number_key("12-CV/HU"), None);
        let html = link_citations(
            "Thực hiện Thông báo số 224-TB/BDVTU & Công văn số 12-CV/HU <b>",
            &links,
        )
        .unwrap();
        assert_eq!(
            html,
            "Thực hiện Thông báo số <a class=\"trich-dan\" href=\"../../van-ban/2018/x.html\" \
             title=\"Về &quot;kết luận&quot;\">224-TB/BDVTU</a> &amp; Công văn số 12-CV/HU &lt;b&gt;"
        );
        assert_eq!(link_citations("Công văn số 12-CV/HU", &links), None);
    }
}
