//! The Archive: published documents in an arena (newest first), the issuer tree, years,
//! campaigns and types, with URLs decided once here. Later stages read it; the one change
//! made after it is built is [`Archive::replace_document`], serve's edit of a document in
//! place.

mod names;

use std::collections::BTreeMap;
use std::path::PathBuf;

use rayon::prelude::*;
use rustc_hash::FxHashMap;

use crate::config::Config;
use crate::diagnostics::Diagnostic;
use crate::ids::{CampaignId, DocId, DocTypeId, IdVec, IssuerId};
use crate::messages::Text;
use crate::model::Document;
use crate::number::number_key;
use crate::vietnamese::{compare, slugify};

pub(crate) use names::{NameTable, Named, unique_slugs};

/// The longest slug, in bytes (slugs are ASCII). A page is `<slug>.html` and its
/// attachments' folder `<slug>/`, on file systems whose names hold 255 bytes (ext4) or
/// characters (FAT, NTFS), in paths a copy on a USB stick must keep short.
pub(crate) const MAX_SLUG: usize = 120;

pub use crate::portable::is_reserved_name;

/// A slug made from names and numbers, fit for a file name: one longer than [`MAX_SLUG`] is
/// cut at a hyphen and ends with 8 hexadecimal digits of the whole slug's checksum, so the
/// same text always gives the same slug and two long ones that begin alike stay apart; a
/// name Windows reserves gets `-0`.
pub(crate) fn fit_slug(slug: String) -> String {
    if slug.len() > MAX_SLUG {
        let hash = xxhash_rust::xxh3::xxh3_64(slug.as_bytes()) as u32;
        let room = MAX_SLUG - 9;
        let cut = slug[..room]
            .rfind('-')
            .filter(|c| *c > room / 2)
            .unwrap_or(room);
        return format!("{}-{hash:08x}", &slug[..cut]);
    }
    if is_reserved_name(&slug) {
        return format!("{slug}-0");
    }
    slug
}

/// A published document and where it lives in the site.
#[derive(Debug)]
pub struct Entry {
    pub doc: Document,
    /// File name stem of the page: `44-cv-hu-huyen-uy-hon-quan`.
    pub slug: String,
    /// Folder under `van-ban/`: the year, or `du-thao` for an undated draft.
    pub folder: String,
    pub issuer: IssuerId,
    pub doc_type: DocTypeId,
    pub campaigns: Vec<CampaignId>,
    /// The number's resolution key (SPEC §4), if it has a number.
    pub number_key: Option<String>,
    /// Previous (older) and next (newer) document of the same issuer.
    pub prev: Option<DocId>,
    pub next: Option<DocId>,
    /// [`Entry::url`] and [`Entry::title`], made once when the archive is built: every
    /// document is linked from many pages. Edits that `serve` follows keep what they are
    /// made from (folder, slug, number, type, draft mark).
    url: String,
    title: String,
}

impl Entry {
    /// Path of the page from the site root: `van-ban/2018/<slug>.html`.
    pub fn url(&self) -> &str {
        &self.url
    }

    /// Folder holding the attachments, next to the page: `van-ban/2018/<slug>/`.
    pub fn attachment_dir(&self) -> String {
        crate::urls::attachments(&self.folder, &self.slug)
    }

    /// Page `page` (1-based) of one of the document's own lists, in its attachments' folder:
    /// `van-ban/2018/<slug>/duoc-trich-dan-thuc-hien.html`, then `…-trang-2.html`. No
    /// attachment can take the name: attachments are never `.html`.
    pub(crate) fn related_url(&self, list: &str, page: usize) -> String {
        let mut url = [self.attachment_dir().as_str(), "/", list].concat();
        if page > 1 {
            url.push_str("-trang-");
            url.push_str(itoa::Buffer::new().format(page));
        }
        url.push_str(".html");
        url
    }

    /// The title lists show: type and number, or the type alone for a draft.
    pub fn title(&self) -> &str {
        &self.title
    }

    /// Sets [`Entry::url`] and [`Entry::title`] from what they are made of.
    fn name_page(&mut self) {
        self.url = crate::urls::document(&self.folder, &self.slug);
        self.title = match &self.doc.number {
            Some(n) if !self.doc.draft => format!("{} {}", self.doc.doc_type, n),
            _ => self.doc.doc_type.clone(),
        };
    }
}

/// An issuer in the tree. Parents named only in `parent` keys are issuers too (with no
/// documents of their own), so the tree reads Đảng bộ tỉnh › Huyện ủy.
#[derive(Debug, Default)]
pub struct IssuerNode {
    pub parent: Option<IssuerId>,
    /// Children in Vietnamese order.
    pub children: Vec<IssuerId>,
    /// Documents issued under this name, newest first.
    pub docs: Vec<DocId>,
    /// Documents of this issuer and all below it, newest first: a parent body's page lists
    /// its whole subtree (SPEC §3).
    pub subtree: Vec<DocId>,
    /// `subtree.len()`.
    pub total: usize,
}

#[derive(Debug)]
pub struct Archive {
    /// Newest first: (date, number) descending. A `DocId` is a position here.
    pub entries: IdVec<DocId, Entry>,
    pub issuers: NameTable<IssuerId>,
    pub issuer_tree: IdVec<IssuerId, IssuerNode>,
    /// Issuers without a parent, in Vietnamese order.
    pub roots: Vec<IssuerId>,
    pub campaigns: NameTable<CampaignId>,
    /// Documents per campaign, in id order (newest first).
    pub campaign_docs: IdVec<CampaignId, Vec<DocId>>,
    pub types: NameTable<DocTypeId>,
    pub type_docs: IdVec<DocTypeId, Vec<DocId>>,
    /// Years, newest first, with their documents (undated drafts are in no year).
    pub years: Vec<(i32, Vec<DocId>)>,
}

impl Archive {
    /// Builds the archive from loaded documents. Errors (duplicate numbers) and warnings
    /// (names that fold to one slug, conflicting parents) go to `diags`.
    pub fn new(docs: Vec<Document>, config: &Config, diags: &mut Vec<Diagnostic>) -> Archive {
        let docs = newest_first(docs);

        // Issuers: documents' issuers and parents, canonical names from the config.
        let mut issuers = NameTable::new(&config.issuers);
        let mut doc_issuer = Vec::with_capacity(docs.len());
        for d in &docs {
            doc_issuer.push(issuers.intern(&d.issuer, &d.source));
            if let Some(p) = &d.parent {
                issuers.intern(p, &d.source);
            }
        }
        for entry in &config.issuers {
            if let Some(p) = &entry.parent {
                issuers.intern(p, std::path::Path::new(crate::config::FILE_NAME));
            }
        }
        let mut campaigns = NameTable::new(&config.campaigns);
        let mut doc_campaigns = Vec::with_capacity(docs.len());
        for d in &docs {
            let mut ids: Vec<CampaignId> = d
                .campaigns
                .iter()
                .map(|c| campaigns.intern(c, &d.source))
                .collect();
            ids.sort_unstable();
            ids.dedup();
            doc_campaigns.push(ids);
        }
        let mut types = NameTable::new(&[]);
        let doc_types: Vec<DocTypeId> = docs
            .iter()
            .map(|d| types.intern(&d.doc_type, &d.source))
            .collect();

        let issuer_order = issuers.finish("co-quan", diags);
        let campaign_order = campaigns.finish("phong-trao", diags);
        let type_order = types.finish("loai", diags);

        // Slugs and number keys fold text char by char: each document's on its own core.
        let derived: Vec<(String, Option<String>)> = docs
            .par_iter()
            .enumerate()
            .map(|(i, doc)| {
                let slug = doc
                    .slug
                    .as_deref()
                    .map(slugify)
                    .filter(|s| !s.is_empty())
                    .unwrap_or_else(|| {
                        let issuer_name = &issuers.get(issuer_order[doc_issuer[i]]).name;
                        let base = match &doc.number {
                            Some(n) => format!("{n} {issuer_name}"),
                            None => {
                                format!("du thao {issuer_name} {}", truncate_words(&doc.subject, 8))
                            }
                        };
                        slugify(&base)
                    });
                let slug = fit_slug(slug);
                let key = doc
                    .number
                    .as_deref()
                    .map(number_key)
                    .filter(|k| !k.is_empty());
                (slug, key)
            })
            .collect();
        let mut entries: IdVec<DocId, Entry> = Vec::with_capacity(docs.len()).into();
        for (i, (doc, (slug, number_key))) in docs.into_iter().zip(derived).enumerate() {
            let folder = match doc.year() {
                Some(y) => y.to_string(),
                None => "du-thao".to_string(),
            };
            let mut campaigns: Vec<CampaignId> = doc_campaigns[i]
                .iter()
                .map(|c| campaign_order[*c])
                .collect();
            campaigns.sort_unstable();
            entries.push(Entry {
                number_key,
                issuer: issuer_order[doc_issuer[i]],
                doc_type: type_order[doc_types[i]],
                campaigns,
                slug,
                folder,
                prev: None,
                next: None,
                url: String::new(),
                title: String::new(),
                doc,
            });
        }
        dedupe_slugs(&mut entries, diags);
        entries.par_iter_mut().for_each(Entry::name_page);
        check_duplicate_numbers(&entries, diags);

        // Indexes, each list newest first because entries are.
        let mut issuer_tree: IdVec<IssuerId, IssuerNode> =
            IdVec::from_fn(issuers.len(), |_| IssuerNode::default());
        let mut campaign_docs: IdVec<CampaignId, Vec<DocId>> =
            IdVec::from_fn(campaigns.len(), |_| Vec::new());
        let mut type_docs: IdVec<DocTypeId, Vec<DocId>> =
            IdVec::from_fn(types.len(), |_| Vec::new());
        let mut years: BTreeMap<i32, Vec<DocId>> = BTreeMap::new();
        for (id, e) in entries.iter_enumerated() {
            issuer_tree[e.issuer].docs.push(id);
            type_docs[e.doc_type].push(id);
            for c in &e.campaigns {
                campaign_docs[*c].push(id);
            }
            if let Some(y) = e.doc.year() {
                years.entry(y).or_default().push(id);
            }
        }
        // Previous/next within an issuer: its list is newest first.
        for node in &issuer_tree {
            for (pos, id) in node.docs.iter().enumerate() {
                let older = node.docs.get(pos + 1).copied();
                let newer = pos.checked_sub(1).map(|p| node.docs[p]);
                entries[*id].prev = older;
                entries[*id].next = newer;
            }
        }
        let parents = decide_parents(&entries, &issuers, diags);
        for (child, parent) in parents.iter_enumerated() {
            issuer_tree[child].parent = *parent;
            if let Some(p) = parent {
                issuer_tree[*p].children.push(child);
            }
        }
        let mut roots: Vec<IssuerId> = issuers
            .ids()
            .filter(|i| issuer_tree[*i].parent.is_none())
            .collect();
        // Ids are already in display order (NameTable::finish), so sorting ids sorts names.
        roots.sort_unstable();
        for node in issuer_tree.iter_mut() {
            node.children.sort_unstable();
        }
        for r in roots.clone() {
            total_below(&mut issuer_tree, r);
        }

        Archive {
            entries,
            issuers,
            issuer_tree,
            roots,
            campaigns,
            campaign_docs,
            types,
            type_docs,
            years: years.into_iter().rev().collect(),
        }
    }

    /// Puts `doc` in document `id`'s place and gives back the one it replaces. Only for a
    /// document of the same shape (`site::same_shape`: the same number, issuer, date,
    /// subject, campaigns… so the same place in every index and the same URL): serve's
    /// edit of a body or signer, which rewrites that document's pages in place.
    pub(crate) fn replace_document(&mut self, id: DocId, doc: Document) -> Document {
        std::mem::replace(&mut self.entries[id].doc, doc)
    }

    pub fn len(&self) -> usize {
        self.entries.len()
    }

    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    /// Ancestors of an issuer, outermost first.
    pub(crate) fn issuer_path(&self, id: IssuerId) -> Vec<IssuerId> {
        let mut path = Vec::new();
        let mut cur = self.issuer_tree[id].parent;
        while let Some(p) = cur {
            if path.contains(&p) {
                break;
            }
            path.push(p);
            cur = self.issuer_tree[p].parent;
        }
        path.reverse();
        path
    }
}

/// Newest first by date, then by number (numeric part, descending), then by path, so that
/// the order is total and the same on every run. The keys are taken once per document, not
/// per comparison.
fn newest_first(docs: Vec<Document>) -> Vec<Document> {
    let keys: Vec<_> = docs
        .iter()
        .map(|d| {
            let date = d.date.map(|x| x.sort_key());
            (date, d.number.as_deref().and_then(leading_number))
        })
        .collect();
    let mut order: Vec<usize> = (0..docs.len()).collect();
    order.sort_by(|&a, &b| {
        keys[b]
            .cmp(&keys[a])
            .then_with(|| docs[a].source.cmp(&docs[b].source))
    });
    let mut slots: Vec<Option<Document>> = docs.into_iter().map(Some).collect();
    order.iter().filter_map(|&i| slots[i].take()).collect()
}

/// The number the text starts with, if it starts with digits and the number fits a u64.
fn leading_number(s: &str) -> Option<u64> {
    let digits = s.bytes().take_while(u8::is_ascii_digit);
    let mut n: Option<u64> = None;
    for d in digits {
        n = Some(
            n.unwrap_or(0)
                .checked_mul(10)?
                .checked_add(u64::from(d - b'0'))?,
        );
    }
    n
}

fn truncate_words(s: &str, n: usize) -> String {
    s.split_whitespace().take(n).collect::<Vec<_>>().join(" ")
}

/// Two pages may not share a URL: the later (older) one gets `-2`, `-3`… and a warning.
fn dedupe_slugs(entries: &mut IdVec<DocId, Entry>, diags: &mut Vec<Diagnostic>) {
    // `folder/slug` → the entry whose page it is; neither part can hold a `/`.
    let mut seen: FxHashMap<String, DocId> = FxHashMap::default();
    // Concatenated, not formatted: this runs for every document, on one core.
    let page = |e: &Entry| [e.folder.as_str(), "/", e.slug.as_str()].concat();
    for i in entries.ids() {
        let mut key = page(&entries[i]);
        if let Some(&first) = seen.get(&key) {
            let base = std::mem::take(&mut entries[i].slug);
            diags.push(Diagnostic::warning(
                &entries[i].doc.source,
                Text::new("page-name-taken")
                    .with("name", base.as_str())
                    .with("path", entries[first].doc.source.display().to_string()),
            ));
            let mut n = 2;
            loop {
                entries[i].slug = format!("{base}-{n}");
                key = page(&entries[i]);
                if !seen.contains_key(&key) {
                    break;
                }
                n += 1;
            }
        }
        seen.insert(key, i);
    }
}

/// SPEC §2: two published documents with one number, issuer and year are an error naming
/// both files.
fn check_duplicate_numbers(entries: &IdVec<DocId, Entry>, diags: &mut Vec<Diagnostic>) {
    let mut seen: FxHashMap<(&str, IssuerId, Option<i32>), &Entry> = FxHashMap::default();
    for e in entries {
        if e.doc.draft {
            continue;
        }
        let Some(key) = e.number_key.as_deref() else {
            continue;
        };
        if let Some(first) = seen.insert((key, e.issuer, e.doc.year()), e) {
            diags.push(
                Diagnostic::error(
                    &e.doc.source,
                    Text::new("number-twice")
                        .with("value", e.doc.number.as_deref().unwrap_or_default())
                        .with("path", first.doc.source.display().to_string()),
                )
                .at_line(e.doc.line_of("number").or(e.doc.line_of("so_ky_hieu")))
                .key("number"),
            );
        }
    }
}

/// Each issuer's parent: from `vanban.yaml` if given there, else the one its documents
/// name most often (ties: Vietnamese order). Conflicts and cycles are warnings.
fn decide_parents(
    entries: &IdVec<DocId, Entry>,
    issuers: &NameTable<IssuerId>,
    diags: &mut Vec<Diagnostic>,
) -> IdVec<IssuerId, Option<IssuerId>> {
    let n = issuers.len();
    let mut votes: IdVec<IssuerId, BTreeMap<IssuerId, (usize, &PathBuf)>> =
        IdVec::from_fn(n, |_| BTreeMap::new());
    for e in entries {
        if let Some(p) = &e.doc.parent
            && let Some(pid) = issuers.find(p)
            && pid != e.issuer
        {
            let v = votes[e.issuer].entry(pid).or_insert((0, &e.doc.source));
            v.0 += 1;
        }
    }
    let mut parents: IdVec<IssuerId, Option<IssuerId>> = IdVec::from_fn(n, |_| None);
    for id in issuers.ids() {
        let slot = &mut parents[id];
        let configured = issuers
            .get(id)
            .config_parent
            .as_deref()
            .and_then(|p| issuers.find(p))
            .filter(|p| *p != id);
        if let Some(p) = configured {
            *slot = Some(p);
            continue;
        }
        let v = &votes[id];
        if let Some((best, _)) = v
            .iter()
            .max_by(|a, b| a.1.0.cmp(&b.1.0).then_with(|| b.0.cmp(a.0)))
        {
            if v.len() > 1 {
                let others: Vec<Text> = v
                    .iter()
                    .filter(|(p, _)| *p != best)
                    .map(|(p, (_, src))| {
                        Text::new("name-in-file")
                            .with("name", issuers.get(*p).name.as_str())
                            .with("path", src.display().to_string())
                    })
                    .collect();
                diags.push(Diagnostic::warning(
                    v[best].1,
                    Text::new("parents-differ")
                        .with("name", issuers.get(id).name.as_str())
                        .with("used", issuers.get(*best).name.as_str())
                        .with("others", others)
                        .with("config", crate::config::FILE_NAME),
                ));
            }
            *slot = Some(*best);
        }
    }
    // Break cycles: walking up from any node must end.
    for start in issuers.ids() {
        let mut seen = vec![start];
        let mut cur = parents[start];
        while let Some(p) = cur {
            if seen.contains(&p) {
                diags.push(Diagnostic::warning(
                    crate::config::FILE_NAME,
                    Text::new("parents-cycle")
                        .with("first", issuers.get(start).name.as_str())
                        .with("second", issuers.get(p).name.as_str()),
                ));
                parents[start] = None;
                break;
            }
            seen.push(p);
            cur = parents[p];
        }
    }
    parents
}

/// Fills `subtree` and `total` of `id` and every node below it. Ids are positions in the
/// newest-first arena, so sorting them puts the subtree newest first.
fn total_below(tree: &mut IdVec<IssuerId, IssuerNode>, id: IssuerId) {
    let children = tree[id].children.clone();
    let mut subtree = tree[id].docs.clone();
    for c in children {
        total_below(tree, c);
        subtree.extend_from_slice(&tree[c].subtree);
    }
    subtree.sort_unstable();
    tree[id].total = subtree.len();
    tree[id].subtree = subtree;
}

/// Sorting helper shared by the tables: configured order first, then Vietnamese order.
pub(crate) fn display_order(a: &Named, b: &Named) -> std::cmp::Ordering {
    a.order
        .unwrap_or(i64::MAX)
        .cmp(&b.order.unwrap_or(i64::MAX))
        .then_with(|| compare(&a.name, &b.name))
}

#[cfg(test)]
mod tests;
