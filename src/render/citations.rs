//! The citation graph on a document page: numbers in the body linked to the documents they
//! resolved to, and the two lists "documents it cites" and "documents citing it", grouped by
//! relation as vbpl.vn groups them.

use std::borrow::Cow;
use std::collections::HashMap;

use serde::Serialize;

use super::charts::{Chain, ChainBox, citation_chain};
use super::words::Words;
use super::{Site, escape_into};
use crate::citations::{Cite, Relation, Unresolved, find_citations};
use crate::diagnostics::Diagnostic;
use crate::ids::DocId;
use crate::urls::DOCUMENT_ROOT;
use crate::vietnamese::short_date;

/// Documents drawn on each side of the chain diagram; the rest are counted.
const CHAIN_SIDE: usize = 4;

/// Relations in the order the page lists them, as vbpl.vn groups related documents.
pub(super) const RELATIONS: [Relation; 6] = [
    Relation::BasedOn,
    Relation::Implements,
    Relation::Replaces,
    Relation::Amends,
    Relation::Annuls,
    Relation::Mentions,
];

/// Documents a relation list shows on the document page; the rest are on its own pages.
pub(super) const SHOWN: usize = 10;

/// The name of a relation list's own pages (see [`crate::archive::Entry::related_url`]):
/// what the document cites (`trich-dan-…`) or what cites it (`duoc-trich-dan-…`).
pub(super) fn list_name(outgoing: bool, r: Relation) -> String {
    let relation = match r {
        Relation::BasedOn => "can-cu",
        Relation::Implements => "thuc-hien",
        Relation::Replaces => "thay-the",
        Relation::Amends => "sua-doi-bo-sung",
        Relation::Annuls => "bai-bo",
        Relation::Mentions => "nhac-den",
    };
    let direction = if outgoing {
        "trich-dan-"
    } else {
        "duoc-trich-dan-"
    };
    [direction, relation].concat()
}

pub(super) struct CitationGroup<'a> {
    pub(super) relation: Relation,
    heading: &'a str,
    /// Every document of the group; the page shows the first [`SHOWN`].
    pub(super) items: Vec<Listed<'a>>,
}

/// A document in a citation list, before it is shown: an archived document is shown from
/// the archive (its `<li>` rendered once for all pages), another as the citing text writes it.
pub(super) enum Listed<'a> {
    Archived(DocId),
    Written(CitedItem<'a>),
}

/// A [`CitationGroup`] as the template gets it: its first [`SHOWN`] items' `<li>`s from
/// `cited_item.html`, how many there are in all, and the link to the pages of all of them
/// when the page shows only some.
#[derive(Serialize)]
pub(super) struct CitationGroupCtx<'s> {
    pub(super) heading: &'s str,
    /// The number of documents in the group, grouped as Vietnamese writes it.
    pub(super) count: String,
    pub(super) all: Option<String>,
    pub(super) items: Vec<Cow<'s, str>>,
}

/// Documents of one year on a relation list's page.
#[derive(Serialize)]
pub(super) struct YearGroup<'s> {
    year: String,
    count: String,
    items: Vec<Cow<'s, str>>,
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
    /// The year it is listed under on a relation list's page.
    #[serde(skip)]
    pub(super) year: Option<i32>,
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
    /// under the strongest relation it is cited with, in order of first citation. A type
    /// and bare number that is not resolved on its own ("Quyết định 217") is the document
    /// of the full number of that type the text also cites ("Quyết định 217-QĐ/TW").
    pub(super) fn cites_groups(&self, id: DocId) -> Vec<CitationGroup<'a>> {
        let cites = self.citations.cites(id);
        let mut first: HashMap<Result<DocId, &str>, usize> = HashMap::new();
        let mut listed: Vec<(Relation, &Cite)> = Vec::new();
        for c in cites {
            let (key, shown) = match cites.iter().find(|full| same_document(c, full)) {
                Some(full) => (dedupe_key(full), full),
                None => (dedupe_key(c), c),
            };
            match first.get(&key) {
                Some(&i) => listed[i].0 = listed[i].0.min(c.citation.relation),
                None => {
                    first.insert(key, listed.len());
                    listed.push((c.citation.relation, shown));
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
                issuer: w.issuer.clone().unwrap_or_default(),
                date: w.date.clone(),
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
        // "… và N văn bản khác" links to the list of every document of that side: its own
        // pages when long, else its list further down this page.
        let all = |groups: &[CitationGroup], outgoing: bool| {
            let n: usize = groups
                .iter()
                .filter(|g| g.relation == Relation::Implements)
                .map(|g| g.items.len())
                .sum();
            match n {
                n if n > SHOWN => {
                    Some(self.related_url(root, id, outgoing, Relation::Implements, 1))
                }
                n if n > CHAIN_SIDE && outgoing => Some("#tieu-de-duoc-trich-dan".to_string()),
                n if n > CHAIN_SIDE => Some("#tieu-de-trich-dan-den".to_string()),
                _ => None,
            }
        };
        let chain = Chain {
            this: self.chain_box(id, None),
            implements: implementing(cites),
            implemented_by: implementing(cited_by),
            implements_all: all(cites, true),
            implemented_by_all: all(cited_by, false),
        };
        citation_chain(self.words(), &chain, CHAIN_SIDE)
    }

    /// The groups as the template shows them. An archived document's item is rendered once
    /// for all document pages (they all sit at `DOCUMENT_ROOT`), as it is listed on the page of
    /// every document it cites or is cited by.
    pub(super) fn groups_ctx(
        &self,
        id: DocId,
        outgoing: bool,
        groups: &[CitationGroup<'a>],
        root: &str,
    ) -> Result<Vec<CitationGroupCtx<'_>>, Diagnostic> {
        groups
            .iter()
            .map(|g| {
                let items = self.items_ctx(g.items.iter().take(SHOWN), root)?;
                Ok(CitationGroupCtx {
                    heading: g.heading,
                    count: crate::vietnamese::count(g.items.len()),
                    all: (g.items.len() > SHOWN)
                        .then(|| self.related_url(root, id, outgoing, g.relation, 1)),
                    items,
                })
            })
            .collect()
    }

    /// The `<li>`s of citation list items for a page at `root`.
    pub(super) fn items_ctx<'i>(
        &self,
        items: impl Iterator<Item = &'i Listed<'a>>,
        root: &str,
    ) -> Result<Vec<Cow<'_, str>>, Diagnostic>
    where
        'a: 'i,
    {
        let render = |item: &CitedItem| self.cited_item(item);
        items
            .map(|item| match item {
                Listed::Archived(id) if root == DOCUMENT_ROOT => self.cited[*id]
                    .get_or_init(|| render(&self.archived_item(*id, root)))
                    .as_deref()
                    .map(Cow::Borrowed)
                    .map_err(Clone::clone),
                Listed::Archived(id) => render(&self.archived_item(*id, root)).map(Cow::Owned),
                Listed::Written(w) => render(w).map(Cow::Owned),
            })
            .collect()
    }

    /// The relation lists of document `id` long enough for pages of their own: whether
    /// outgoing, the relation, and how many documents. What it cites is grouped only when
    /// it cites more than a page shows: most documents cite a few.
    pub(super) fn long_lists(&self, id: DocId) -> Vec<(bool, Relation, usize)> {
        let mut out = Vec::new();
        if self.citations.cites(id).len() > SHOWN {
            for g in self.cites_groups(id) {
                if g.items.len() > SHOWN {
                    out.push((true, g.relation, g.items.len()));
                }
            }
        }
        let mut counts = [0usize; RELATIONS.len()];
        for (_, r) in self.citations.cited_by(id) {
            if let Some(slot) = RELATIONS.iter().position(|x| x == r) {
                counts[slot] += 1;
            }
        }
        for (r, n) in RELATIONS.into_iter().zip(counts) {
            if n > SHOWN {
                out.push((false, r, n));
            }
        }
        out
    }

    /// Page `page` of one of document `id`'s relation lists, grouped by year, newest first.
    pub(super) fn related_page(
        &self,
        id: DocId,
        outgoing: bool,
        relation: Relation,
        page: usize,
    ) -> Result<(String, String), Diagnostic> {
        let a = self.archive;
        let e = &a.entries[id];
        let path = e.related_url(&list_name(outgoing, relation), page);
        let root = super::root_of(&path);
        let groups = if outgoing {
            self.cites_groups(id)
        } else {
            self.cited_by_groups(id)
        };
        let group = groups.into_iter().find(|g| g.relation == relation);
        let (heading, mut items) = group.map_or(("", Vec::new()), |g| (g.heading, g.items));
        let year = |item: &Listed| match item {
            Listed::Archived(t) => a.entries[*t].doc.year(),
            Listed::Written(w) => w.year,
        };
        // Newest year first; within a year, as listed (newest first, or as cited).
        items.sort_by_key(|item| std::cmp::Reverse(year(item)));
        let size = self.page_size();
        let pages = super::page_count(items.len(), size);
        let shown = &items[((page - 1) * size).min(items.len())..(page * size).min(items.len())];
        let mut years: Vec<YearGroup> = Vec::new();
        for chunk in shown.chunk_by(|x, y| year(x) == year(y)) {
            years.push(YearGroup {
                year: year(&chunk[0]).map_or_else(
                    || self.words().year_unknown.clone(),
                    |y| self.words().year_name(y),
                ),
                count: crate::vietnamese::count(chunk.len()),
                items: self.items_ctx(chunk.iter(), &root)?,
            });
        }
        let url = |n: usize| self.related_url(&root, id, outgoing, relation, n);
        let pager = super::Pager::new(page, pages, url);
        let mut ctx = tera::Context::new();
        // "Văn bản thực hiện Kế hoạch 12-KH/HU", "Văn bản căn cứ của Kế hoạch 12-KH/HU".
        let heading = self.words().related_title(heading, e.title(), outgoing);
        ctx.insert("title", &heading);
        ctx.insert("heading", &heading);
        ctx.insert("doc_title", e.title());
        ctx.insert("doc_subject", &e.doc.subject);
        ctx.insert("doc_url", &self.url_of(&root, id));
        ctx.insert("count", &crate::vietnamese::count(items.len()));
        ctx.insert("years", &years);
        ctx.insert("pager", &pager);
        ctx.insert("breadcrumb", &self.document_crumbs(id, &root, true));
        ctx.insert("section", "van-ban");
        self.render("relations.html", &path, ctx)
    }

    /// The link from a page at `root` to page `page` of document `id`'s list of what it
    /// cites (`outgoing`) or what cites it, with `relation`.
    pub(super) fn related_url(
        &self,
        root: &str,
        id: DocId,
        outgoing: bool,
        relation: Relation,
        page: usize,
    ) -> String {
        let e = &self.archive.entries[id];
        [root, &e.related_url(&list_name(outgoing, relation), page)].concat()
    }

    fn archived_item(&self, id: DocId, root: &str) -> CitedItem<'a> {
        let e = &self.archive.entries[id];
        CitedItem {
            title: e.title().to_string(),
            url: Some(self.url_of(root, id)),
            subject: Some(e.doc.subject.clone()),
            date: self.display_date(e.doc.date),
            issuer: Some(self.archive.issuers.get(e.issuer).name.clone()),
            note: None,
            year: e.doc.year(),
        }
    }

    /// Archived document `id` in the chain diagram: a link from a page at `root`, or the
    /// page's own document (no link) for `None`.
    fn chain_box(&self, id: DocId, root: Option<&str>) -> ChainBox {
        let e = &self.archive.entries[id];
        ChainBox {
            issuer: self.archive.issuers.get(e.issuer).name.clone(),
            date: self.display_date(e.doc.date),
            label: e.title().to_string(),
            url: root.map(|root| self.url_of(root, id)),
        }
    }
}

/// What a cited document is told apart by in a list: an archived one by itself, another
/// by its number key.
fn dedupe_key(c: &Cite) -> Result<DocId, &str> {
    c.target
        .as_ref()
        .copied()
        .map_err(|_| c.citation.key.as_str())
}

/// Whether `partial`, an unresolved type and bare number ("Quyết định 217"), names the
/// document `full` does: a full number ("217-QĐ/TW") of the same type with that number.
fn same_document(partial: &Cite, full: &Cite) -> bool {
    let (p, f) = (&partial.citation, &full.citation);
    p.partial
        && partial.target.is_err()
        && !f.partial
        && p.doc_type.is_some()
        && p.doc_type == f.doc_type
        && f.key.split(|c: char| !c.is_ascii_digit()).next() == Some(p.key.as_str())
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
        year: w.date.map(|d| chrono::Datelike::year(&d)),
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
    let mut groups: [Vec<T>; RELATIONS.len()] = Default::default();
    for (r, item) in items {
        let slot = RELATIONS
            .iter()
            .position(|x| *x == r)
            .unwrap_or(RELATIONS.len() - 1);
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
        let linked = match offset {
            None => link_citations(text, &self.links),
            Some(offset) => {
                let end = offset + text.len();
                let first = self.found.partition_point(|(span, _)| span.start < offset);
                let inside = self.found[first..]
                    .iter()
                    .take_while(|(span, _)| span.start < end)
                    .filter(|(span, _)| span.end <= end)
                    .map(|(span, key)| (span.start - offset..span.end - offset, *key));
                link_spans(text, inside, &self.links)
            }
        };
        // A run without links still keeps its numbers whole.
        linked.or_else(|| {
            let mut out = String::new();
            super::push_unbroken(&mut out, text).then_some(out)
        })
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
        super::push_unbroken(&mut out, &text[done..span.start]);
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
    super::push_unbroken(&mut out, &text[done..]);
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
             title=\"Về &quot;kết luận&quot;\">224-TB/BDVTU</a> &amp; Công văn số \
             <span class=\"lien\">12-CV/HU</span> &lt;b&gt;",
            "an unlinked number is kept whole too"
        );
        assert_eq!(link_citations("Công văn số 12-CV/HU", &links), None);
    }
}
