//! Offline search: the build writes the index as classic `<script>` files under `tim-kiem/`
//! (fetch, XHR and modules are blocked from file://), and `search.js` loads only the files a
//! query needs.
//!
//! Files, each calling into the global `VANBAN_SEARCH` registry:
//! - `tim-kiem/meta.js` (always loaded): facets with slugs, per-document issuer/type/year ids
//!   and subject lengths in words as columns ([`index::encode_column`]: runs, or values of a
//!   fixed width in bits), documents per campaign and drafts as doc sets
//!   ([`index::push_doc_set`]), and the list of term shard keys.
//! - `tim-kiem/t-<prefix>.js`: terms whose folded form starts with the prefix (2 characters,
//!   longer where a prefix would exceed [`index::TARGET_SHARD_BYTES`]). A term maps to
//!   `[df, exact spellings or 0, postings, rest]`; postings are (doc-id gap in a Golomb–Rice
//!   code, flags and spelling mask as a varint) packed six bits to a character
//!   ([`index::push_postings`]); `rest`, for a term in too many bodies to store them all, lists
//!   the other documents that have it (a doc set: Rice gaps or a bitmap after `!`, or
//!   relative to the term's candidates after `~` or `^`, see [`index::join`]). Terms are
//!   folded syllables, adjacent-syllable bigrams (`dan van`) and document-number compounds
//!   (`224tbbdvtu`).
//! - `tim-kiem/d-<n>.js`: url, number, subject, date and two short body passages of documents
//!   `n*DOC_BUCKET ..`, loaded only for the results shown.

pub(crate) mod index;
pub(crate) mod tokenize;

use crate::ids::{CampaignId, DocId, DocTypeId, Id, IdVec, IssuerId};
use index::{Builder, Field, encode_column, shard, shard_file};
/// The index's encoding, for the test that holds `search.js`'s decoder to it.
#[doc(hidden)]
pub use index::{decode_postings, push_doc_set, push_postings};
pub use tokenize::tokenize;

/// Documents per display bucket: small, because a results page touches up to one bucket per
/// result shown (8 rather than 16 halves what a first page loads, for 600 more files at
/// 10,000 documents).
pub const DOC_BUCKET: usize = 8;
/// The fewest documents indexed by one parallel task: below this, splitting costs more
/// than it saves.
const MIN_RUN_DOCS: usize = 256;
/// Characters of one stored passage of a body, for result snippets. A document keeps its
/// opening passage and the sentence that adds the most words not already shown (see
/// [`SentenceChoice`]); the page shows the one with the most query words.
pub const EXCERPT_CHARS: usize = 80;
/// Bytes of body text an excerpt is first cut from, normalised alone: plenty for
/// [`EXCERPT_CHARS`] chars of Vietnamese text.
const EXCERPT_HEAD_BYTES: usize = 8 * EXCERPT_CHARS;

/// One published document as search sees it.
pub struct SearchDoc<'a> {
    /// Relative to the site root: `van-ban/2018/44-cv-hu-huyen-uy-hon-quan.html`.
    pub url: &'a str,
    /// `44-CV/HU`, or "" for a draft without number.
    pub number: &'a str,
    pub subject: &'a str,
    /// Display name. The index reads the issuer's words from [`Facets::issuers`], the names
    /// `meta.js` gives the page, as it does the type's.
    pub issuer: &'a str,
    /// Index into [`Facets::issuers`].
    pub issuer_id: IssuerId,
    pub year: Option<i32>,
    pub doc_type: &'a str,
    /// Index into [`Facets::types`].
    pub type_id: DocTypeId,
    /// Indexes into [`Facets::campaigns`].
    pub campaign_ids: &'a [CampaignId],
    /// `11/11/2018` or "".
    pub date: &'a str,
    pub body: Body<'a>,
    pub draft: bool,
}

/// A document's body as the caller has it.
#[derive(Clone, Copy)]
pub enum Body<'a> {
    /// Plain text.
    Text(&'a str),
    /// Markdown, stripped to its text while the document is indexed: the plain text of a
    /// whole archive is never held at once.
    Markdown(&'a str),
}

impl Body<'_> {
    fn text(&self) -> std::borrow::Cow<'_, str> {
        match *self {
            Body::Text(t) => t.into(),
            Body::Markdown(m) => crate::render::markdown::plain_text(m).into(),
        }
    }
}

/// Filter values, already in display order: the names of issuers, types and campaigns by
/// the ids [`SearchDoc`] gives, and the years.
pub struct Facets<'a> {
    pub issuers: IdVec<IssuerId, &'a str>,
    pub types: IdVec<DocTypeId, &'a str>,
    pub campaigns: IdVec<CampaignId, &'a str>,
    pub years: &'a [i32],
}

/// Sizes of a built index, for reports and budgets.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct IndexStats {
    pub files: usize,
    pub total_bytes: usize,
    pub meta_bytes: usize,
    pub largest_shard_bytes: usize,
}

/// The folder every index file is written to (relative to the site root).
pub const INDEX_DIR: &str = "tim-kiem";

/// Path of the always-loaded metadata file.
pub const META_FILE: &str = "tim-kiem/meta.js";

/// Builds the index files to write under the site root, sorted by path. `docs` come newest
/// first; a document's id is its position, and ties rank the lower id (newer) first.
pub fn build_index(docs: &[SearchDoc], facets: &Facets) -> Vec<(String, String)> {
    // Consecutive runs of documents, one per thread, are indexed and sealed in parallel and
    // joined in order, which gives the same index as one pass. Few runs keep few copies of
    // the common terms.
    use rayon::prelude::*;
    let run = docs
        .len()
        .div_ceil(rayon::current_num_threads())
        .max(MIN_RUN_DOCS);
    let (parts, per_doc): (Vec<index::Sealed>, Vec<Vec<(String, usize)>>) = docs
        .par_chunks(run)
        .enumerate()
        .map(|(n, chunk)| {
            let first = n * run;
            let mut part = Builder::default();
            let mut per_doc = Vec::with_capacity(chunk.len());
            for (i, doc) in chunk.iter().enumerate() {
                let body = doc.body.text();
                let opening = excerpt(&body);
                let mut choice = SentenceChoice::after(&body, &opening);
                let (subject_words, sentence) =
                    index_doc(&mut part, doc, &body, facets, &mut choice);
                part.finish_doc(DocId::new(first + i));
                per_doc.push((passages(&body, opening, sentence), subject_words));
            }
            (part.seal(), per_doc)
        })
        .unzip();
    // Per document: the excerpt for the result lists, the subject's length for ranking.
    let (excerpts, subject_words): (Vec<String>, Vec<usize>) =
        per_doc.into_iter().flatten().unzip();
    let entries = index::join(&parts, Some(docs.len() as u32));
    let shards = shard(&entries);

    // Shards and result buckets are assembled in parallel: at the end of the index, the
    // other thread may have nothing else to do.
    let mut files: Vec<(String, String)> = shards
        .par_iter()
        .map(|(key, range)| {
            let entries = &entries[range.clone()];
            let bytes: usize = entries.iter().map(|(t, e)| t.len() + e.len() + 4).sum();
            let mut js = String::with_capacity(bytes + key.len() + 32);
            js.push_str("VANBAN_SEARCH.shard(");
            push_json_str(&mut js, key);
            js.push_str(",{");
            for (i, (term, entry)) in entries.iter().enumerate() {
                if i > 0 {
                    js.push(',');
                }
                push_json_str(&mut js, term);
                js.push(':');
                js.push_str(entry);
            }
            js.push_str("});\n");
            (shard_file(key), js)
        })
        .collect();
    let issuers = with_slugs(facets.issuers.as_slice());
    files.par_extend(
        docs.par_chunks(DOC_BUCKET)
            .zip(excerpts.par_chunks(DOC_BUCKET))
            .enumerate()
            .map(|(n, (chunk, excerpts))| {
                let urls: Vec<std::borrow::Cow<str>> = chunk
                    .iter()
                    .map(|d| {
                        let issuer = issuers
                            .get(d.issuer_id.index())
                            .map_or("", |(_, s)| s.as_str());
                        short_url(d.url, d.year, issuer)
                    })
                    .collect();
                let rows: Vec<[&str; 5]> = chunk
                    .iter()
                    .zip(excerpts)
                    .zip(&urls)
                    .map(|((d, excerpt), url)| [url, d.number, d.subject, d.date, excerpt])
                    .collect();
                let js = format!("VANBAN_SEARCH.docs({n},{});\n", json(&rows));
                (format!("tim-kiem/d-{n}.js"), js)
            }),
    );
    let keys: Vec<&str> = shards.iter().map(|(k, _)| k.as_str()).collect();
    files.push((
        META_FILE.to_owned(),
        meta(docs, &subject_words, facets, &issuers, &keys),
    ));
    files.par_sort_unstable_by(|a, b| a.0.cmp(&b.0));
    files
}

/// Indexes one document; returns how many words its subject has, and the sentence of its
/// body `choice` found.
fn index_doc(
    b: &mut Builder,
    doc: &SearchDoc,
    body: &str,
    facets: &Facets,
    choice: &mut SentenceChoice,
) -> (usize, Option<std::ops::Range<usize>>) {
    b.add_number(doc.number);
    let subject_words = b.add_text(doc.subject, Field::Subject);
    // The metadata as `meta.js` names it, from which the page finds the documents whose
    // postings hold only the META flag (they are not stored).
    let names = [
        facets.issuers.get(doc.issuer_id),
        facets.types.get(doc.type_id),
    ];
    for name in names.into_iter().flatten() {
        b.add_text(name, Field::Meta);
    }
    for &c in doc.campaign_ids {
        if let Some(name) = facets.campaigns.get(c) {
            b.add_text(name, Field::Meta);
        }
    }
    if let Some(y) = doc.year.filter(|y| facets.years.contains(y)) {
        b.add_text(&y.to_string(), Field::Meta);
    }
    let sentence = b.add_body(body, choice);
    (subject_words, sentence)
}

/// A document's page address as a display row stores it: a page at
/// `van-ban/<year>/<stem>.html` is stored as its stem, and a stem ending in `-<issuer slug>`
/// (the slug `meta.js` gives the issuer) as the rest and `~`; `search.js` puts them back.
/// Slugs hold neither `/` nor `~`, so any other address is stored whole. About 40 bytes a
/// document: 4 MB of the display files at 100,000 documents.
fn short_url<'u>(url: &'u str, year: Option<i32>, issuer_slug: &str) -> std::borrow::Cow<'u, str> {
    let stem = year.and_then(|y| {
        let rest = url.strip_prefix("van-ban/")?;
        let rest = rest
            .strip_prefix(y.to_string().as_str())?
            .strip_prefix('/')?;
        rest.strip_suffix(".html")
            .filter(|s| !s.is_empty() && !s.contains(['/', '~']))
    });
    let Some(stem) = stem else {
        return url.into();
    };
    match stem
        .strip_suffix(issuer_slug)
        .and_then(|s| s.strip_suffix('-'))
    {
        Some(head) if !issuer_slug.is_empty() && !head.is_empty() => format!("{head}~").into(),
        _ => stem.into(),
    }
}

/// The passages of a body a result may show, joined by `\n`: its `opening` ([`excerpt`]) and,
/// when the body says more, the `sentence` found by [`SentenceChoice`], each cut to
/// [`EXCERPT_CHARS`] characters (`…` where cut). A query word found only deep in the body is
/// then often in a passage, for the bytes of a short excerpt.
fn passages(body: &str, mut opening: String, sentence: Option<std::ops::Range<usize>>) -> String {
    let Some(text) = sentence.and_then(|r| body.get(r)) else {
        return opening;
    };
    let text = crate::vietnamese::nfc_cow(text);
    let passage = first_words(text.trim(), false).unwrap_or_default();
    if !passage.is_empty() && !opening.contains(passage.trim_end_matches('…')) {
        opening.push_str("\n…");
        opening.push_str(&passage);
    }
    opening
}

/// Bytes of a sentence whose words count for it: about what a passage of [`EXCERPT_CHARS`]
/// characters shows of it.
const SENTENCE_WINDOW_BYTES: usize = 3 * EXCERPT_CHARS / 2;

/// Chooses, as the index builder reads a body word by word, the sentence after the opening
/// passage whose first [`SENTENCE_WINDOW_BYTES`] bring the most words new to the document
/// (not in its number, subject, metadata or any earlier sentence): the likeliest place of a
/// query word found only in the body. The builder knows already whether a word is new to the
/// document, so the choice costs a compare per word, where reading the body again for it
/// cost the 10,000-document build a fifth of a second of CPU.
///
/// Sentences end after `.`, `;`, `:`, `!`, `?` or `…` followed by white space, and at line
/// breaks (paragraphs, list items), as `search.js` cuts passages.
pub struct SentenceChoice {
    /// Sentences starting before this byte are in the opening passage.
    skip: usize,
    /// The current sentence's start, and how many new words its window has so far.
    start: usize,
    new: u32,
    /// Where the last word ended.
    prev_end: usize,
    best: Option<(u32, std::ops::Range<usize>)>,
}

impl SentenceChoice {
    /// A choice over `body`, whose first passage is `opening` ([`excerpt`]).
    fn after(body: &str, opening: &str) -> SentenceChoice {
        let words = opening.trim_end_matches('…').split_whitespace().count();
        let skip = match words.checked_sub(1) {
            None => 0,
            Some(last) => body.split_whitespace().nth(last).map_or(body.len(), |w| {
                w.as_ptr() as usize - body.as_ptr() as usize + w.len()
            }),
        };
        SentenceChoice {
            skip,
            start: 0,
            new: 0,
            prev_end: 0,
            best: None,
        }
    }

    /// The next word of the body `text` (bytes), and whether it is new to the document.
    #[inline(always)]
    pub(crate) fn word(&mut self, text: &[u8], w: &tokenize::WordRef, new: bool) {
        let (start, end) = (w.start as usize, w.end as usize);
        // Most words follow a single space: nothing to look at.
        let after_space =
            w.follows && start == self.prev_end + 1 && text.get(self.prev_end) == Some(&b' ');
        if !after_space && let Some(stop) = sentence_break(text, self.prev_end, start) {
            self.close(stop);
            self.start = start;
        }
        if new && self.start >= self.skip && end - self.start <= SENTENCE_WINDOW_BYTES {
            self.new += 1;
        }
        self.prev_end = end;
    }

    /// Ends the current sentence at byte `end`.
    fn close(&mut self, end: usize) {
        if self.new > self.best.as_ref().map_or(0, |b| b.0) {
            self.best = Some((self.new, self.start..end));
        }
        self.new = 0;
    }

    /// The chosen sentence of a body of `len` bytes, once every word was seen.
    pub(crate) fn best(&mut self, len: usize) -> Option<std::ops::Range<usize>> {
        self.close(len);
        self.best.take().map(|(_, r)| r)
    }
}

/// Where a sentence ends in the gap `text[from..to]` between two words, if it does there.
#[inline(never)]
fn sentence_break(text: &[u8], from: usize, to: usize) -> Option<usize> {
    let gap = text.get(from..to)?;
    let space_after = |i: usize| gap.get(i).is_some_and(u8::is_ascii_whitespace);
    for (i, &b) in gap.iter().enumerate() {
        match b {
            b'\n' => return Some(from + i),
            b'.' | b';' | b':' | b'!' | b'?' if space_after(i + 1) => return Some(from + i + 1),
            0xe2 if gap[i..].starts_with("…".as_bytes()) && space_after(i + 3) => {
                return Some(from + i + 3);
            }
            _ => {}
        }
    }
    None
}

/// The body's first words (NFC), white space collapsed, cut at a word boundary.
fn excerpt(body: &str) -> String {
    // Only the body's head is normalised when the excerpt ends in it. Cut before ASCII white
    // space, which composes with nothing, the head normalises as it does in the whole body.
    let head = body.as_bytes().get(EXCERPT_HEAD_BYTES..).and_then(|rest| {
        let cut = rest.iter().position(u8::is_ascii_whitespace)?;
        Some(&body[..EXCERPT_HEAD_BYTES + cut])
    });
    if let Some(e) = head.and_then(|h| first_words(&crate::vietnamese::nfc_cow(h), true)) {
        return e;
    }
    first_words(&crate::vietnamese::nfc_cow(body), false).unwrap_or_default()
}

/// [`excerpt`] of NFC `text`, or None if `text` is only the `head` of the body and ran out
/// before the excerpt was full.
fn first_words(text: &str, head: bool) -> Option<String> {
    let mut out = String::new();
    let mut chars = 0;
    for word in text.split_whitespace() {
        let n = word.chars().count();
        if chars + n + 1 > EXCERPT_CHARS {
            out.push('…');
            return Some(out);
        }
        if !out.is_empty() {
            out.push(' ');
            chars += 1;
        }
        out.push_str(word);
        chars += n;
    }
    (!head).then_some(out)
}

/// Names with the slugs their pages have, for URL parameters.
fn with_slugs(names: &[&str]) -> Vec<(String, String)> {
    names
        .iter()
        .zip(crate::archive::unique_slugs(names.iter().copied()))
        .map(|(n, (_, slug))| (n.to_string(), slug))
        .collect()
}

fn meta(
    docs: &[SearchDoc],
    subject_words: &[usize],
    facets: &Facets,
    issuers: &[(String, String)],
    shard_keys: &[&str],
) -> String {
    let column = |f: &dyn Fn(&SearchDoc) -> usize| {
        encode_column(&docs.iter().map(|d| f(d) as u32).collect::<Vec<_>>())
    };
    let di = column(&|d| d.issuer_id.index());
    let dt = column(&|d| d.type_id.index());
    let dy = column(&|d| {
        d.year
            .and_then(|y| facets.years.iter().position(|&f| f == y))
            .map_or(0, |i| i + 1)
    });
    let sl = encode_column(&subject_words.iter().map(|&n| n as u32).collect::<Vec<_>>());
    let doc_set = |ids: Vec<u32>| {
        let mut s = String::new();
        push_doc_set(&mut s, &ids);
        s
    };
    let dc: Vec<String> = facets
        .campaigns
        .ids()
        .map(|c| {
            doc_set(
                docs.iter()
                    .enumerate()
                    .filter(|(_, d)| d.campaign_ids.contains(&c))
                    .map(|(i, _)| i as u32)
                    .collect(),
            )
        })
        .collect();
    let drafts = doc_set(
        docs.iter()
            .enumerate()
            .filter(|(_, d)| d.draft)
            .map(|(i, _)| i as u32)
            .collect(),
    );
    format!(
        "VANBAN_SEARCH.meta({{\"v\":1,\"n\":{},\"bucket\":{},\"issuers\":{},\"types\":{},\
         \"campaigns\":{},\"years\":{},\"di\":{},\"dt\":{},\"dy\":{},\"dc\":{},\"drafts\":{},\
         \"sl\":{},\"shards\":{}}});\n",
        docs.len(),
        DOC_BUCKET,
        json(issuers),
        json(&with_slugs(facets.types.as_slice())),
        json(&with_slugs(facets.campaigns.as_slice())),
        json(&facets.years),
        json(&di),
        json(&dt),
        json(&dy),
        json(&dc),
        json(&drafts),
        json(&sl),
        json(&shard_keys),
    )
}

/// JSON for a script file, with `<` written `\u003c`, so no string in the index can ever
/// read as markup (`</script>`, `<!--`) wherever the script ends up.
pub(crate) fn json<T: serde::Serialize + ?Sized>(v: &T) -> String {
    serde_json::to_string(v)
        .expect("plain data serialises")
        .replace('<', "\\u003c")
}

/// Appends `s` as [`json`] would write it, without its allocations for the common string
/// that needs no escape.
pub(crate) fn push_json_str(out: &mut String, s: &str) {
    if s.bytes()
        .all(|b| b >= 0x20 && b != b'"' && b != b'\\' && b != b'<')
    {
        out.push('"');
        out.push_str(s);
        out.push('"');
    } else {
        out.push_str(&json(s));
    }
}

/// The index of a whole archive: every published document, newest first, with the facets in
/// the archive's display order.
pub fn index_archive(archive: &crate::archive::Archive) -> Vec<(String, String)> {
    use rayon::prelude::*;
    let dates: Vec<String> = archive
        .entries
        .par_iter()
        .map(|e| {
            e.doc
                .date
                .and_then(|d| d.day())
                .map(crate::vietnamese::short_date)
                .unwrap_or_default()
        })
        .collect();
    let docs: Vec<SearchDoc> = archive
        .entries
        .iter()
        .zip(&dates)
        .map(|(e, date)| SearchDoc {
            url: e.url(),
            number: e.doc.number.as_deref().unwrap_or(""),
            subject: &e.doc.subject,
            issuer: &archive.issuers.get(e.issuer).name,
            issuer_id: e.issuer,
            year: e.doc.year(),
            doc_type: &e.doc.doc_type,
            type_id: e.doc_type,
            campaign_ids: &e.campaigns,
            date,
            body: Body::Markdown(&e.doc.body),
            draft: e.doc.draft,
        })
        .collect();
    fn names<I: Id>(t: &crate::archive::NameTable<I>) -> IdVec<I, &str> {
        t.iter().map(|(_, n)| n.name.as_str()).collect()
    }
    let years: Vec<i32> = archive.years.iter().map(|(y, _)| *y).collect();
    build_index(
        &docs,
        &Facets {
            issuers: names(&archive.issuers),
            types: names(&archive.types),
            campaigns: names(&archive.campaigns),
            years: &years,
        },
    )
}

/// Sizes of the files [`build_index`] returned.
pub fn stats(files: &[(String, String)]) -> IndexStats {
    IndexStats {
        files: files.len(),
        total_bytes: files.iter().map(|(_, c)| c.len()).sum(),
        meta_bytes: files
            .iter()
            .find(|(p, _)| p == META_FILE)
            .map_or(0, |(_, c)| c.len()),
        largest_shard_bytes: files
            .iter()
            .filter(|(p, _)| p.starts_with("tim-kiem/t-"))
            .map(|(_, c)| c.len())
            .max()
            .unwrap_or(0),
    }
}

/// The term files a query loads (as `search.js` picks them): its words, bigrams, compounds and
/// number runs, each in the shard whose key is the longest prefix of the term.
pub fn query_files(files: &[(String, String)], query: &str) -> Vec<String> {
    let keys: Vec<String> = files
        .iter()
        .find(|(p, _)| p == META_FILE)
        .and_then(|(_, c)| {
            let start = c.find("\"shards\":")? + "\"shards\":".len();
            let end = c.rfind("});")?;
            serde_json::from_str(&c[start..end]).ok()
        })
        .unwrap_or_default();
    let mut out: Vec<String> = query_terms(query)
        .iter()
        .filter_map(|t| index::shard_for(&keys, t).map(shard_file))
        .collect();
    out.sort();
    out.dedup();
    out
}

/// Every term a query looks up: folded words, bigrams of words typed next to each other,
/// compounds, and runs of up to six words starting with a number (`224 TB BDVTU`).
pub fn query_terms(query: &str) -> Vec<String> {
    let t = tokenize(query);
    let mut terms: Vec<String> = Vec::new();
    for (i, w) in t.words.iter().enumerate() {
        terms.push(w.folded.clone());
        if i > 0 && w.follows {
            terms.push(tokenize::bigram(&t.words[i - 1].folded, &w.folded));
        }
        if w.folded.starts_with(|c: char| c.is_ascii_digit()) {
            let mut run = w.folded.clone();
            for next in t.words.iter().skip(i + 1).take(5) {
                run.push_str(&next.folded);
                terms.push(run.clone());
            }
        }
    }
    terms.extend(t.compounds);
    terms.sort();
    terms.dedup();
    terms
}

#[cfg(test)]
mod tests;
