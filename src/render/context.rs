//! What templates are given: the page contexts, each with exactly what its template shows
//! and every link already made relative to its page. The compiled writers read the same
//! structs (`compiled.rs`), Tera gets them serialised.

use serde::Serialize;

use super::markdown;
use crate::urls::{self, Index};

#[derive(Serialize)]
pub(super) struct SiteCtx<'a> {
    pub(super) title: &'a str,
    pub(super) description: Option<&'a str>,
    /// Whether `feed.xml` exists (only with a `base_url`), for the head's alternate link.
    pub(super) feed: bool,
}

/// A named link: a breadcrumb, a campaign, an attachment, a neighbouring list.
#[derive(Serialize)]
pub(super) struct Link {
    pub(super) name: String,
    pub(super) url: String,
}

/// A document as lists show it.
#[derive(Serialize)]
pub(super) struct DocItem<'a> {
    pub(super) url: String,
    pub(super) title: &'a str,
    pub(super) number: Option<&'a str>,
    pub(super) doc_type: &'a str,
    pub(super) subject: &'a str,
    /// The subject as HTML, its numbers kept whole ([`super::unbroken`]).
    pub(super) subject_html: String,
    pub(super) issuer: &'a str,
    pub(super) issuer_url: String,
    pub(super) date: String,
    pub(super) draft: bool,
}

/// A unit below an issuer, with its documents as a reader reads them.
#[derive(Serialize)]
pub(super) struct Unit {
    pub(super) name: String,
    pub(super) url: String,
    pub(super) count: String,
}

/// The list before and after this one: the previous (older) and next (newer) year.
#[derive(Serialize, Default)]
pub(super) struct Neighbours {
    pub(super) prev: Option<Link>,
    pub(super) next: Option<Link>,
}

impl Neighbours {
    /// The links, made from the site root, made from a page at `root`.
    pub(super) fn from(self, root: &str) -> Neighbours {
        let rel = |l: Link| Link {
            name: l.name,
            url: [root, l.url.as_str()].concat(),
        };
        Neighbours {
            prev: self.prev.map(rel),
            next: self.next.map(rel),
        }
    }
}

/// The section of the site a page belongs to, marked in the navigation. Decided by the
/// page's folder, which is its section.
#[derive(Serialize, Clone, Copy)]
pub(super) struct Nav {
    pub(super) van_ban: bool,
    pub(super) co_quan: bool,
    pub(super) nam: bool,
    pub(super) phong_trao: bool,
    pub(super) loai: bool,
}

impl Nav {
    pub(super) fn of(path: &str) -> Nav {
        let folder = path.split_once('/').map(|(folder, _)| folder);
        let is = |f: &str| folder == Some(f);
        Nav {
            van_ban: is(urls::DOCUMENTS),
            co_quan: is(Index::Issuers.folder()),
            nam: is(Index::Years.folder()),
            phong_trao: is(Index::Campaigns.folder()),
            loai: is(Index::Types.folder()),
        }
    }
}

#[derive(Serialize)]
pub(super) struct PageLink {
    pub(super) number: usize,
    pub(super) url: String,
    pub(super) current: bool,
}

#[derive(Serialize)]
pub(super) struct Pager {
    pub(super) current: usize,
    pub(super) total: usize,
    pub(super) prev: Option<String>,
    pub(super) next: Option<String>,
    pub(super) pages: Vec<Option<PageLink>>,
}

impl Pager {
    /// Page `current` of `total`, `url(n)` being the link to page n.
    pub(super) fn new(current: usize, total: usize, url: impl Fn(usize) -> String) -> Pager {
        Pager {
            current,
            total,
            prev: (current > 1).then(|| url(current - 1)),
            next: (current < total).then(|| url(current + 1)),
            pages: window(current, total)
                .into_iter()
                .map(|n| {
                    n.map(|n| PageLink {
                        number: n,
                        url: url(n),
                        current: n == current,
                    })
                })
                .collect(),
        }
    }
}

/// A name with its document count, for the index pages.
#[derive(Serialize)]
pub(super) struct TermItem<'a> {
    pub(super) name: &'a str,
    pub(super) url: String,
    /// Grouped as Vietnamese writes it (`vietnamese::count`).
    pub(super) count: String,
    pub(super) description: Option<&'a str>,
}

/// Which page numbers a pager shows: first, last, and two around the current one, with
/// `None` for a gap.
pub(super) fn window(current: usize, total: usize) -> Vec<Option<usize>> {
    let mut out = Vec::new();
    let mut last = 0;
    for n in 1..=total {
        if n == 1 || n == total || n.abs_diff(current) <= 2 {
            if n > last + 1 {
                out.push(None);
            }
            out.push(Some(n));
            last = n;
        }
    }
    out
}

#[derive(Serialize)]
pub(super) struct Totals {
    pub(super) documents: String,
    pub(super) issuers: String,
    pub(super) campaigns: String,
    pub(super) first_year: Option<i32>,
    pub(super) last_year: Option<i32>,
}

#[derive(Serialize)]
pub(super) struct TreeItem<'a> {
    pub(super) name: &'a str,
    pub(super) url: String,
    /// "147 văn bản, trong đó 12 của chính cơ quan" ([`super::words::Words::documents`]).
    pub(super) count: String,
    /// Its own documents and those of its subtree, grouped as Vietnamese writes them.
    pub(super) own: String,
    pub(super) total: String,
    pub(super) children: Vec<TreeItem<'a>>,
}

/// A line of a document's status: "Đã bị thay thế bởi" + a document, linked when archived.
#[derive(Serialize)]
pub(super) struct StatusLine<'a> {
    pub(super) words: &'a str,
    pub(super) title: String,
    pub(super) url: Option<String>,
    pub(super) date: String,
}

#[derive(Serialize)]
pub(super) struct SignerCtx<'a> {
    pub(super) authority: Option<String>,
    pub(super) title: Option<String>,
    pub(super) name: Option<&'a str>,
    pub(super) summary: String,
}

#[derive(Serialize)]
pub(super) struct DocCtx<'a> {
    pub(super) number: Option<&'a str>,
    pub(super) title: &'a str,
    pub(super) doc_type: &'a str,
    pub(super) doc_type_upper: String,
    pub(super) type_url: String,
    pub(super) issuer: &'a str,
    pub(super) issuer_upper: &'a str,
    pub(super) issuer_url: String,
    pub(super) parent: Option<Link>,
    pub(super) parent_upper: Option<&'a str>,
    /// The header's name lines, each kept whole (`vietnamese::name_units`).
    pub(super) issuer_units: &'a [String],
    pub(super) parent_units: &'a [String],
    /// `Số` before a Party number (Hướng dẫn 36-HD/VPTW), `Số:` before a state one (Nghị
    /// định 30/2020).
    pub(super) number_label: &'static str,
    /// Later documents replacing, amending or annulling this one; what this one does so to.
    pub(super) revised_by: Vec<StatusLine<'a>>,
    pub(super) revises: Vec<StatusLine<'a>>,
    /// The numbered sections of a long body.
    pub(super) toc: Vec<markdown::Section>,
    pub(super) party: bool,
    /// A công văn prints its subject under the number, not as a centred title.
    pub(super) is_letter: bool,
    pub(super) place: Option<&'a str>,
    pub(super) date_long: Option<String>,
    pub(super) date_short: String,
    pub(super) year: Option<i32>,
    pub(super) year_url: Option<String>,
    pub(super) subject: &'a str,
    /// The subject as HTML, its numbers kept whole ([`super::unbroken`]).
    pub(super) subject_html: String,
    pub(super) recipients: &'a [String],
    pub(super) distribution: &'a [String],
    pub(super) signer: SignerCtx<'a>,
    pub(super) campaigns: Vec<Link>,
    pub(super) attachments: Vec<Link>,
    pub(super) draft: bool,
    pub(super) body_html: Body<'a>,
}

/// A document's body, rendered where it is written: straight into the page's buffer
/// ([`Body::write`]), or as a string for a Tera template.
pub(super) struct Body<'a> {
    pub(super) markdown: &'a str,
    pub(super) hook: Option<markdown::TextHook<'a>>,
    /// Where the sections of the table of contents start, whose blocks get ids.
    pub(super) anchors: Vec<usize>,
}

impl Body<'_> {
    pub(super) fn write(&self, out: &mut String) {
        markdown::push_html_anchored(out, self.markdown, self.hook, &self.anchors);
    }
}

impl Serialize for Body<'_> {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut html = String::with_capacity(self.markdown.len() * 3 / 2);
        self.write(&mut html);
        s.serialize_str(&html)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pager_window() {
        assert_eq!(window(1, 1), vec![Some(1)]);
        assert_eq!(
            window(5, 10),
            vec![
                Some(1),
                None,
                Some(3),
                Some(4),
                Some(5),
                Some(6),
                Some(7),
                None,
                Some(10)
            ]
        );
        assert_eq!(window(1, 3), vec![Some(1), Some(2), Some(3)]);
    }
}
