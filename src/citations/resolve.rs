//! Resolution: every citation a published document makes (in its body and in `references`)
//! matched against the archive, giving the citation graph that pages show both ways.
//!
//! SPEC §4 decides, in order: the number key (`number::number_key`), then the date where one
//! is written, then the issuer named after "của", then the nearest issuer in the tree; if
//! several documents still remain the citation is ambiguous: not linked, and a warning.
//! Every step is an index lookup or works on the few candidates sharing a number, so the
//! whole graph costs about one pass over the bodies.

use std::collections::HashMap;
use std::path::PathBuf;

use rayon::prelude::*;

use super::{Citation, Relation, find_citations};
use crate::archive::Archive;
use crate::diagnostics::Diagnostic;
use crate::ids::{DocId, DocTypeId, IdVec, IssuerId};
use crate::messages::Text;
use crate::number::{number_key, tidy, type_from_number};
use crate::vietnamese::fold;

/// Why a citation links to no archived document.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Unresolved {
    /// No archived document has the number. Secret and withheld documents are never in the
    /// archive, so citations of them end here too and show only what the citing text says.
    NotArchived,
    /// Documents have the number, but none the date written with it.
    DateMismatch,
    /// A type and bare number ("Quyết định 217 của Bộ Chính trị") that does not single out
    /// one archived document of that type, number and named issuer.
    Partial,
    /// Several documents remain after date, issuer and tree (ids, newest first).
    Ambiguous(Vec<DocId>),
}

/// One citation of a document and what it resolved to.
#[derive(Debug, Clone)]
pub struct Cite {
    pub citation: Citation,
    /// Line in the citing file: the body line of the span, or the `references` key's line.
    pub line: usize,
    /// Found in the body, so its number is a link there; else from `references`.
    pub in_body: bool,
    pub target: Result<DocId, Unresolved>,
}

/// A citation that links nowhere, as `vanban check` lists it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UnresolvedCitation {
    pub file: PathBuf,
    pub line: usize,
    pub number: String,
    pub reason: Unresolved,
}

/// The citation graph: for each document (by `DocId`) what it cites and what cites it.
#[derive(Debug, Default)]
pub struct Graph {
    cites: IdVec<DocId, Vec<Cite>>,
    /// Citing documents, newest first, each once with its strongest relation.
    cited_by: IdVec<DocId, Vec<(DocId, Relation)>>,
    /// Later documents that replace, amend or annul each document: its status.
    revised_by: IdVec<DocId, Vec<(DocId, Relation)>>,
}

impl Graph {
    /// Finds and resolves every citation of the archive. Ambiguous citations become warnings
    /// in `diags`; the other unresolved ones stay data (`unresolved`) for `vanban check`.
    pub fn new(archive: &Archive, diags: &mut Vec<Diagnostic>) -> Graph {
        let resolver = Resolver::new(archive);
        let cites: IdVec<DocId, Vec<Cite>> = (0..archive.len())
            .into_par_iter()
            .map(|i| resolver.cites_of(DocId::new(i)))
            .collect::<Vec<_>>()
            .into();
        let cited_by = cited_by_lists(&cites);
        let revised_by = revised_by_lists(archive, &cites);
        let graph = Graph {
            cites,
            cited_by,
            revised_by,
        };
        warn_ambiguous(archive, &graph.unresolved(archive), diags);
        graph
    }

    /// Finds and resolves again the citations of `docs`, whose entries were replaced in
    /// place by edits that changed nothing another document is resolved by (number, type,
    /// issuer, date…), and rebuilds the `cited_by` lists from the stored cites: the finder
    /// runs on these documents only, and the graph is the one `new` would give. Their
    /// ambiguous citations become warnings in `diags`, as in `new`.
    pub fn refresh(&mut self, archive: &Archive, docs: &[DocId], diags: &mut Vec<Diagnostic>) {
        let resolver = Resolver::new(archive);
        let mut unresolved = Vec::new();
        for &id in docs {
            self.cites[id] = resolver.cites_of(id);
            self.unresolved_of(archive, id, &mut unresolved);
        }
        self.cited_by = cited_by_lists(&self.cites);
        self.revised_by = revised_by_lists(archive, &self.cites);
        warn_ambiguous(archive, &unresolved, diags);
    }

    /// What `doc` cites, body citations in text order, then its `references`.
    pub fn cites(&self, doc: DocId) -> &[Cite] {
        self.cites.get(doc).map_or(&[], Vec::as_slice)
    }

    /// The documents citing `doc`, newest first, each with its strongest relation.
    pub fn cited_by(&self, doc: DocId) -> &[(DocId, Relation)] {
        self.cited_by.get(doc).map_or(&[], Vec::as_slice)
    }

    /// The later archived documents that replace, amend or annul `doc` (SPEC §3: a document
    /// says so at its top), newest first, each once with the first of those relations.
    pub fn revised_by(&self, doc: DocId) -> &[(DocId, Relation)] {
        self.revised_by.get(doc).map_or(&[], Vec::as_slice)
    }

    /// Every citation that links nowhere, by file and line.
    pub fn unresolved(&self, archive: &Archive) -> Vec<UnresolvedCitation> {
        let mut out = Vec::new();
        for id in self.cites.ids() {
            self.unresolved_of(archive, id, &mut out);
        }
        out
    }

    fn unresolved_of(&self, archive: &Archive, id: DocId, out: &mut Vec<UnresolvedCitation>) {
        for c in self.cites(id) {
            if let Err(reason) = &c.target {
                out.push(UnresolvedCitation {
                    file: archive.entries[id].doc.source.clone(),
                    line: c.line,
                    number: c.citation.number.clone(),
                    reason: reason.clone(),
                });
            }
        }
    }
}

/// For each document, the documents citing it, newest first (ids are in archive order),
/// each once with its strongest relation.
fn cited_by_lists(cites: &IdVec<DocId, Vec<Cite>>) -> IdVec<DocId, Vec<(DocId, Relation)>> {
    let mut cited_by: IdVec<DocId, Vec<(DocId, Relation)>> =
        IdVec::from_fn(cites.len(), |_| Vec::new());
    for (from, list) in cites.iter_enumerated() {
        for c in list {
            if let Ok(to) = c.target {
                cited_by[to].push((from, c.citation.relation));
            }
        }
    }
    for list in &mut cited_by {
        // Relations order strongest first, so the first of each citing document is kept.
        list.sort_unstable();
        list.dedup_by_key(|(from, _)| *from);
    }
    cited_by
}

/// For each document, the documents that revise it ([`Relation::revises`]) and are not
/// older than it: a document dated before the one it names as replaced is a citation of
/// history ("Quyết định 12 đã thay thế Quyết định 5"), not the revision. Newest first,
/// each citing document once.
fn revised_by_lists(
    archive: &Archive,
    cites: &IdVec<DocId, Vec<Cite>>,
) -> IdVec<DocId, Vec<(DocId, Relation)>> {
    let mut revised_by: IdVec<DocId, Vec<(DocId, Relation)>> =
        IdVec::from_fn(cites.len(), |_| Vec::new());
    let date = |id: DocId| archive.entries[id].doc.date.map(|d| d.sort_key());
    for (from, list) in cites.iter_enumerated() {
        for c in list.iter().filter(|c| c.citation.relation.revises()) {
            if let Ok(to) = c.target
                && to != from
                && date(from) >= date(to)
            {
                revised_by[to].push((from, c.citation.relation));
            }
        }
    }
    for list in &mut revised_by {
        list.sort_unstable();
        list.dedup_by_key(|(from, _)| *from);
    }
    revised_by
}

/// A warning for each ambiguous citation among `found`.
/// Candidate files named in an ambiguity warning; a number that hundreds of documents
/// share would otherwise fill the terminal with one line.
const AMBIGUOUS_FILES_SHOWN: usize = 5;

fn warn_ambiguous(archive: &Archive, found: &[UnresolvedCitation], diags: &mut Vec<Diagnostic>) {
    for u in found {
        if let Unresolved::Ambiguous(ids) = &u.reason {
            let mut files: Vec<Text> = ids
                .iter()
                .take(AMBIGUOUS_FILES_SHOWN)
                .map(|id| Text::plain(archive.entries[*id].doc.source.display().to_string()))
                .collect();
            if ids.len() > AMBIGUOUS_FILES_SHOWN {
                files.push(Text::new("and-more").with("count", ids.len() - AMBIGUOUS_FILES_SHOWN));
            }
            diags.push(
                Diagnostic::warning(
                    &u.file,
                    Text::new("citation-ambiguous")
                        .with("number", u.number.as_str())
                        .with("count", ids.len())
                        .with("files", files),
                )
                .at(u.line, None),
            );
        }
    }
}

/// Indexes built once over the archive, so that resolving a citation never scans it.
struct Resolver<'a> {
    archive: &'a Archive,
    /// Folded words of each issuer's name, sorted, for the loose match of a named issuer.
    issuer_words: IdVec<IssuerId, Vec<String>>,
    /// Each issuer's path from its root down to itself.
    issuer_paths: IdVec<IssuerId, Vec<IssuerId>>,
    /// Folded word → the issuers (ascending) whose own name or an ancestor's holds it: the
    /// only issuers a named issuer with that word can mean.
    issuers_with_word: HashMap<String, Vec<IssuerId>>,
    /// Number key → documents, as candidates sorted by day (see [`Pool`]).
    by_number: HashMap<&'a str, Pool>,
    /// Numeric part of the number and type → documents, for partial citations.
    by_leading_number: HashMap<(&'a str, usize), Pool>,
    /// Folded type name → its index in `by_leading_number`'s keys: types whose names fold
    /// alike are one.
    type_index: HashMap<String, usize>,
}

/// The candidates of one key, sorted by day then id, so that a dated citation finds those
/// of its day by binary search, and again by issuer, so that an undated one with a named
/// issuer weighs each issuer once: a common number ("1-CV/HU") has hundreds of documents in
/// a large archive, and a scan of them for each citation made resolution grow with the
/// square of the archive.
#[derive(Debug, Default)]
struct Pool {
    by_day: Vec<Candidate>,
    by_issuer: Vec<Candidate>,
    /// Each issuer of `by_issuer` (ascending) and the range of its candidates there.
    runs: Vec<(IssuerId, std::ops::Range<usize>)>,
}

impl Pool {
    fn push(&mut self, k: Candidate) {
        self.by_day.push(k);
    }

    fn seal(&mut self) {
        self.by_day.sort_unstable_by_key(|k| (k.day, k.id));
        self.by_issuer = self.by_day.clone();
        self.by_issuer.sort_by_key(|k| k.issuer);
        let mut start = 0;
        for run in self.by_issuer.chunk_by(|a, b| a.issuer == b.issuer) {
            self.runs.push((run[0].issuer, start..start + run.len()));
            start += run.len();
        }
    }

    /// The candidates of `issuer`.
    fn of_issuer(&self, issuer: IssuerId) -> &[Candidate] {
        match self.runs.binary_search_by_key(&issuer, |(i, _)| *i) {
            Ok(r) => &self.by_issuer[self.runs[r].1.clone()],
            Err(_) => &[],
        }
    }

    /// The candidates of `day`, or all of them when the citation gives no date.
    fn of_day(&self, day: Option<chrono::NaiveDate>) -> &[Candidate] {
        match day {
            None => &self.by_day,
            Some(d) => {
                let from = self.by_day.partition_point(|k| k.day < Some(d));
                let to = from + self.by_day[from..].partition_point(|k| k.day == Some(d));
                &self.by_day[from..to]
            }
        }
    }
}

/// What the filters read of a document that has a cited number, in one small record: a
/// common number ("1-CV/HU") is shared by hundreds of documents in a large archive, and
/// reading each one's entry for its date was most of the time citations took.
#[derive(Debug, Clone, Copy)]
struct Candidate {
    id: DocId,
    day: Option<chrono::NaiveDate>,
    issuer: IssuerId,
}

/// Words before the name of a body that mean its leadership, which signs in the body's
/// name: "Ban Thường vụ Huyện ủy" is the Huyện ủy's document.
const LEADERSHIP: &[&[&str]] = &[
    &["ban", "thuong", "vu"],
    &["thuong", "truc"],
    &["ban", "chap", "hanh"],
];

fn words(s: &str) -> Vec<String> {
    fold(s)
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(str::to_string)
        .collect()
}

/// The named issuer's words that must be found in a candidate's names.
fn named_words(issuer: &str) -> Vec<String> {
    let w = words(issuer);
    for prefix in LEADERSHIP {
        if w.len() > prefix.len() && w.iter().zip(prefix.iter()).all(|(a, b)| a == b) {
            return w[prefix.len()..].to_vec();
        }
    }
    w
}

impl<'a> Resolver<'a> {
    fn new(archive: &'a Archive) -> Self {
        let issuer_words: IdVec<IssuerId, Vec<String>> = archive
            .issuers
            .ids()
            .map(|id| {
                let mut w = words(&archive.issuers.get(id).name);
                w.sort_unstable();
                w.dedup();
                w
            })
            .collect();
        let issuer_paths: IdVec<IssuerId, Vec<IssuerId>> = archive
            .issuers
            .ids()
            .map(|id| {
                let mut p = archive.issuer_path(id);
                p.push(id);
                p
            })
            .collect();
        let mut issuers_with_word: HashMap<String, Vec<IssuerId>> = HashMap::new();
        for (id, path) in issuer_paths.iter_enumerated() {
            let mut on_path: Vec<&String> = path.iter().flat_map(|p| &issuer_words[*p]).collect();
            on_path.sort_unstable();
            on_path.dedup();
            for w in on_path {
                issuers_with_word.entry(w.clone()).or_default().push(id);
            }
        }
        let mut type_index: HashMap<String, usize> = HashMap::new();
        let type_of_term: IdVec<DocTypeId, usize> = archive
            .types
            .iter()
            .map(|(_, t)| {
                let n = type_index.len();
                *type_index.entry(fold(&t.name)).or_insert(n)
            })
            .collect();
        let mut by_number: HashMap<&str, Pool> = HashMap::new();
        let mut by_leading_number: HashMap<(&str, usize), Pool> = HashMap::new();
        for (id, e) in archive.entries.iter_enumerated() {
            let Some(key) = e.number_key.as_deref() else {
                continue;
            };
            let candidate = Candidate {
                id,
                day: e.doc.date.and_then(|d| d.day()),
                issuer: e.issuer,
            };
            by_number.entry(key).or_default().push(candidate);
            if let Some(lead) = key.split('/').next() {
                let ty = type_of_term[e.doc_type];
                by_leading_number
                    .entry((lead, ty))
                    .or_default()
                    .push(candidate);
            }
        }
        for pool in by_number.values_mut().chain(by_leading_number.values_mut()) {
            pool.seal();
        }
        Resolver {
            archive,
            issuer_words,
            issuer_paths,
            issuers_with_word,
            by_number,
            by_leading_number,
            type_index,
        }
    }

    /// Citations of document `id`: its body, then its `references`; self-citations dropped.
    fn cites_of(&self, id: DocId) -> Vec<Cite> {
        let doc = &self.archive.entries[id].doc;
        let mut out = Vec::new();
        let mut line = doc.body_line;
        let mut counted = 0;
        for citation in find_citations(&doc.body) {
            line += doc.body[counted..citation.span.start].matches('\n').count();
            counted = citation.span.start;
            if let Some(target) = self.resolve(id, &citation) {
                out.push(Cite {
                    citation,
                    line,
                    in_body: true,
                    target,
                });
            }
        }
        let ref_line = doc
            .line_of("references")
            .or_else(|| doc.line_of("can_cu"))
            .unwrap_or(1);
        for reference in &doc.references {
            for citation in reference_citations(reference) {
                if let Some(target) = self.resolve(id, &citation) {
                    out.push(Cite {
                        citation,
                        line: ref_line,
                        in_body: false,
                        target,
                    });
                }
            }
        }
        out
    }

    /// The document a citation in document `citing` names; None when it names `citing`.
    fn resolve(&self, citing: DocId, c: &Citation) -> Option<Result<DocId, Unresolved>> {
        let pool = if c.partial {
            // A partial citation's type is folded once, not once per candidate.
            let ty = c.doc_type.as_deref().map(fold);
            ty.and_then(|t| self.type_index.get(&t))
                .and_then(|&ty| self.by_leading_number.get(&(c.key.as_str(), ty)))
        } else {
            self.by_number.get(c.key.as_str())
        };
        // No candidate of the number (and type) means not archived; candidates whose dates
        // all differ, a mismatch.
        let Some(pool) = pool.filter(|p| !p.by_day.is_empty()) else {
            return Some(Err(Unresolved::NotArchived));
        };
        let dated = pool.of_day(c.date);
        let own = &self.archive.entries[citing];
        let cites_itself = if c.partial {
            dated.iter().any(|k| k.id == citing)
        } else {
            // In the pool of its own key, and of the day if one is written.
            own.number_key.as_deref() == Some(c.key.as_str())
                && c.date
                    .is_none_or(|d| own.doc.date.and_then(|x| x.day()) == Some(d))
        };
        if cites_itself {
            return None;
        }
        if dated.is_empty() {
            return Some(Err(Unresolved::DateMismatch));
        }
        // Folding the issuer's words costs more than the rest: only when candidates remain.
        let named = || c.issuer.as_deref().map(named_words);
        // The candidates a named issuer finds, with its distance: all of the pool by issuer
        // runs, each issuer weighed once, or the few of the day one by one.
        let found_by = |n: &[String]| -> Vec<(Candidate, usize)> {
            let runs: Vec<&[Candidate]> = if c.date.is_some() {
                dated.chunks(1).collect()
            } else {
                self.issuer_runs(pool, n)
            };
            let mut out = Vec::new();
            for run in runs {
                if let Some(d) = self.issuer_distance(n, run[0].issuer) {
                    out.extend(run.iter().map(|k| (*k, d)));
                }
            }
            out
        };
        if c.partial {
            // A bare number is shared by many documents: only a named issuer may pick one.
            let matching = named().map(|n| found_by(&n)).unwrap_or_default();
            return Some(match matching[..] {
                [(one, _)] => Ok(one.id),
                _ => Err(Unresolved::Partial),
            });
        }
        if let [one] = dated[..] {
            return Some(Ok(one.id));
        }
        let found = named().map(|n| found_by(&n)).unwrap_or_default();
        let mut remaining: Vec<Candidate> = match found.iter().map(|(_, d)| *d).min() {
            Some(best) => found
                .into_iter()
                .filter(|(_, d)| *d == best)
                .map(|(k, _)| k)
                .collect(),
            None => dated.to_vec(),
        };
        if let [one] = remaining[..] {
            return Some(Ok(one.id));
        }
        let own = &self.issuer_paths[self.archive.entries[citing].issuer];
        let shared = |k: &Candidate| {
            let path = &self.issuer_paths[k.issuer];
            own.iter().zip(path).take_while(|(a, b)| a == b).count()
        };
        let nearest = remaining.iter().map(shared).max().unwrap_or(0);
        remaining.retain(|k| shared(k) == nearest);
        Some(match remaining[..] {
            [one] => Ok(one.id),
            _ => {
                // In archive order (newest first), not the pool's order by day.
                let mut ids: Vec<DocId> = remaining.iter().map(|k| k.id).collect();
                ids.sort_unstable();
                Err(Unresolved::Ambiguous(ids))
            }
        })
    }

    /// The runs of one issuer in `pool` that the named words may find: those of the issuers
    /// holding the named word fewest issuers hold, when they are fewer than the pool's
    /// issuers, so that a common number's candidates are not all weighed.
    fn issuer_runs<'p>(&self, pool: &'p Pool, named: &[String]) -> Vec<&'p [Candidate]> {
        let lists: Option<Vec<&Vec<IssuerId>>> = named
            .iter()
            .map(|w| self.issuers_with_word.get(w))
            .collect();
        let Some(rarest) = lists.and_then(|l| l.into_iter().min_by_key(|l| l.len())) else {
            // A word no issuer holds (or none named): none matches.
            return Vec::new();
        };
        if rarest.len() < pool.runs.len() {
            rarest
                .iter()
                .map(|&i| pool.of_issuer(i))
                .filter(|run| !run.is_empty())
                .collect()
        } else {
            pool.runs
                .iter()
                .map(|(_, r)| &pool.by_issuer[r.clone()])
                .collect()
        }
    }

    /// How far up the tree a named issuer is found from issuer `id`: 0 when its own name
    /// holds every named word, else the distance of the farthest ancestor needed for a word
    /// ("Ban Dân vận Tỉnh ủy" is 1 for a "Ban Dân vận" under a Tỉnh ủy, 2 for the Ban Dân
    /// vận of a Huyện ủy under it); None when some word is nowhere on the way up.
    fn issuer_distance(&self, named: &[String], id: IssuerId) -> Option<usize> {
        if named.is_empty() {
            return None;
        }
        let up = &self.issuer_paths[id];
        named.iter().try_fold(0, |far, w| {
            let d = up
                .iter()
                .rev()
                .position(|p| self.issuer_words[*p].binary_search(w).is_ok())?;
            Some(far.max(d))
        })
    }
}

/// Citations of one `references` entry: what the finder reads in it ("Căn cứ Quyết định số
/// 217-QĐ/TW" is BasedOn), or, when it finds nothing, the entry taken as a bare number.
fn reference_citations(reference: &str) -> Vec<Citation> {
    let found = find_citations(reference);
    if !found.is_empty() {
        return found;
    }
    let number = tidy(reference);
    if !number.starts_with(|c: char| c.is_ascii_digit()) {
        return Vec::new();
    }
    let key = number_key(&number);
    vec![Citation {
        span: 0..reference.len(),
        doc_type: type_from_number(&number).map(str::to_string),
        key,
        number,
        date: None,
        issuer: None,
        relation: Relation::Mentions,
        partial: false,
    }]
}

#[cfg(test)]
mod tests;
