//! From the Archive to pages. Each page kind gets a narrow context with exactly what its
//! template shows, with every link already made relative to that page (`root` is `""`,
//! `"../"` or `"../../"`), so the site works from file:// and under any sub-path. Pages are
//! rendered and written in parallel; order never matters because every list is sorted in
//! the Archive.

pub(crate) mod charts;
mod citations;
pub mod compiled;
pub(crate) mod feeds;
pub mod markdown;
pub mod theme;
pub mod words;

use std::borrow::Cow;
use std::sync::OnceLock;

use rayon::prelude::*;
use serde::Serialize;

use crate::archive::{Archive, Entry, TermId};
use crate::citations::Graph;
use crate::config::Config;
use crate::diagnostics::Diagnostic;
use crate::model::{DocDate, DocId};
use crate::output::Staging;
use crate::progress::Progress;
use crate::urls::{self, Index, root_of};
use crate::vietnamese::{long_date, short_date, upper};

pub use theme::Theme;

/// HTML-escapes text for use in element content and attribute values.
pub fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 8);
    escape_into(&mut out, s);
    out
}

/// [`escape`], appending to `out`.
pub fn escape_into(out: &mut String, s: &str) {
    let bytes = s.as_bytes();
    let mut done = 0;
    // The five specials are ASCII, so bytes can be scanned and runs copied whole; most
    // values (names, subjects, links) have none, and are scanned eight bytes at a time.
    while let Some(i) = next_special(bytes, done) {
        out.push_str(&s[done..i]);
        out.push_str(match bytes[i] {
            b'&' => "&amp;",
            b'<' => "&lt;",
            b'>' => "&gt;",
            b'"' => "&quot;",
            _ => "&#39;",
        });
        done = i + 1;
    }
    out.push_str(&s[done..]);
}

/// Whether a byte is one [`escape_into`] replaces.
fn is_special(b: u8) -> bool {
    matches!(b, b'&' | b'<' | b'>' | b'"' | b'\'')
}

/// The position of the first byte from `from` that [`escape_into`] replaces.
fn next_special(bytes: &[u8], from: usize) -> Option<usize> {
    const LOW: u64 = 0x0101_0101_0101_0101;
    const HIGH: u64 = 0x8080_8080_8080_8080;
    // High bit of each byte of `v` that is zero; the lowest one set marks the first zero
    // byte exactly (bits above it may be false alarms, but only above it).
    let zero = |v: u64| v.wrapping_sub(LOW) & !v & HIGH;
    let mut i = from;
    while i + 8 <= bytes.len() {
        let w = u64::from_le_bytes(bytes[i..i + 8].try_into().expect("eight bytes"));
        let hits = zero(w ^ (LOW * u64::from(b'&')))
            | zero(w ^ (LOW * u64::from(b'<')))
            | zero(w ^ (LOW * u64::from(b'>')))
            | zero(w ^ (LOW * u64::from(b'"')))
            | zero(w ^ (LOW * u64::from(b'\'')));
        if hits != 0 {
            return Some(i + hits.trailing_zeros() as usize / 8);
        }
        i += 8;
    }
    bytes[i..]
        .iter()
        .position(|&b| is_special(b))
        .map(|p| i + p)
}

/// `escape` in the signature Tera wants for autoescaping.
pub fn escape_fn(s: &str) -> String {
    escape(s)
}

/// What rendering needs besides the archive.
pub struct Site<'a> {
    archive: &'a Archive,
    citations: &'a Graph,
    config: &'a Config,
    theme: &'a Theme,
    /// Each document's list item (`doc_item.html`) per depth of the page showing it.
    items: Vec<[OnceLock<Result<String, Diagnostic>>; ITEM_DEPTHS]>,
    /// Each document's item in citation lists (`cited_item.html`), for document pages.
    cited: Vec<OnceLock<Result<String, Diagnostic>>>,
    /// Which templates are written by [`compiled`] rather than Tera.
    compiled: compiled::Compiled,
}

/// Pages run to tens of kilobytes besides a document's body: one buffer of this size.
const PAGE_CAPACITY: usize = 32 * 1024;

/// Pages sit at most this deep minus one below the site root (`van-ban/2018/x.html`).
const ITEM_DEPTHS: usize = 3;

#[derive(Debug, Default, Clone, Copy)]
pub struct RenderStats {
    pub pages: usize,
    pub bytes: usize,
}

#[derive(Serialize)]
struct SiteCtx<'a> {
    title: &'a str,
    description: Option<&'a str>,
    /// Whether `feed.xml` exists (only with a `base_url`), for the head's alternate link.
    feed: bool,
}

#[derive(Serialize)]
struct Crumb {
    name: String,
    url: String,
}

#[derive(Serialize)]
struct Link {
    name: String,
    url: String,
}

/// A document as lists show it.
#[derive(Serialize)]
struct DocItem<'a> {
    url: String,
    title: &'a str,
    number: Option<&'a str>,
    doc_type: &'a str,
    subject: &'a str,
    issuer: &'a str,
    issuer_url: String,
    date: String,
    draft: bool,
}

#[derive(Serialize)]
struct PageLink {
    number: usize,
    url: String,
    current: bool,
}

#[derive(Serialize)]
struct Pager {
    current: usize,
    total: usize,
    prev: Option<String>,
    next: Option<String>,
    pages: Vec<Option<PageLink>>,
}

/// A name with its document count, for the index pages.
#[derive(Serialize)]
struct TermItem<'a> {
    name: &'a str,
    url: String,
    count: usize,
    description: Option<&'a str>,
}

/// One job: a page to render.
enum Page {
    Home,
    Search,
    Document(DocId),
    AllDocs(usize),
    IssuerIndex,
    Issuer(TermId, usize),
    YearIndex,
    Year(usize, usize),
    CampaignIndex,
    Campaign(TermId, usize),
    TypeIndex,
    Type(TermId, usize),
}

fn page_count(len: usize, size: usize) -> usize {
    len.div_ceil(size).max(1)
}

impl Site<'_> {
    /// The page of one document, path and HTML, exactly as `render_all` writes it: for
    /// `serve`, which rewrites only the pages an edit touches.
    pub fn document_page(&self, id: DocId) -> Result<(String, String), Diagnostic> {
        self.render_page(&Page::Document(id))
    }

    /// Every page `render_all` writes (not feeds, static files or attachments), path and
    /// HTML, in memory: for comparing one way of rendering with another.
    pub fn pages(&self) -> Vec<Result<(String, String), Diagnostic>> {
        self.jobs()
            .iter()
            .map(|job| self.render_page(job))
            .collect()
    }
}

impl<'a> Site<'a> {
    pub fn new(
        archive: &'a Archive,
        citations: &'a Graph,
        config: &'a Config,
        theme: &'a Theme,
    ) -> Site<'a> {
        Site {
            archive,
            citations,
            config,
            theme,
            items: (0..archive.len()).map(|_| Default::default()).collect(),
            cited: (0..archive.len()).map(|_| OnceLock::new()).collect(),
            compiled: compiled::Compiled::for_theme(theme),
        }
    }

    /// The link to document `id`'s page from a page at `root`.
    fn url_of(&self, root: &str, id: DocId) -> String {
        [root, self.archive.entries[id].url()].concat()
    }

    /// Renders `template` into a buffer of `capacity` bytes; `what` names it in an error.
    fn render_template(
        &self,
        template: &str,
        ctx: &tera::Context,
        capacity: usize,
        what: &str,
    ) -> Result<String, Diagnostic> {
        let mut html = Vec::with_capacity(capacity);
        self.theme
            .tera
            .render_to(template, ctx, &mut html)
            // Tera writes nothing but the bytes of `str`s (template text and rendered
            // values); checking costs a pass over the few pages Tera renders.
            .map(|()| String::from_utf8(html).expect("Tera writes UTF-8"))
            .map_err(|e| {
                Diagnostic::error(
                    format!("themes/{}/templates/{template}", self.config.theme()),
                    format!("cannot render {what}: {}", theme::error_chain(&e)),
                )
            })
    }

    /// A template rendered on its own, as part of pages (a list item).
    fn render_fragment(&self, template: &str, ctx: &tera::Context) -> Result<String, Diagnostic> {
        self.render_template(template, ctx, 512, "a list item")
    }

    fn page_size(&self) -> usize {
        self.config.page_size()
    }

    fn jobs(&self) -> Vec<Page> {
        let a = self.archive;
        let size = self.page_size();
        let mut jobs = vec![
            Page::Home,
            Page::Search,
            Page::IssuerIndex,
            Page::YearIndex,
            Page::CampaignIndex,
            Page::TypeIndex,
        ];
        jobs.extend((0..a.len()).map(Page::Document));
        jobs.extend((1..=page_count(a.len(), size)).map(Page::AllDocs));
        for (id, node) in a.issuer_tree.iter().enumerate() {
            jobs.extend((1..=page_count(node.docs.len(), size)).map(|p| Page::Issuer(id, p)));
        }
        for (i, (_, docs)) in a.years.iter().enumerate() {
            jobs.extend((1..=page_count(docs.len(), size)).map(|p| Page::Year(i, p)));
        }
        for (id, docs) in a.campaign_docs.iter().enumerate() {
            jobs.extend((1..=page_count(docs.len(), size)).map(|p| Page::Campaign(id, p)));
        }
        for (id, docs) in a.type_docs.iter().enumerate() {
            jobs.extend((1..=page_count(docs.len(), size)).map(|p| Page::Type(id, p)));
        }
        jobs
    }

    /// Renders every page into `staging`, in parallel. All template errors are returned.
    /// `progress` is told of each page written.
    pub fn render_all(
        &self,
        staging: &Staging,
        progress: &dyn Progress,
    ) -> Result<RenderStats, Vec<Diagnostic>> {
        let jobs = self.jobs();
        progress.phase("render", jobs.len());
        let results: Vec<Result<(String, usize), Diagnostic>> = jobs
            .par_iter()
            .map(|job| {
                let (path, html) = self.render_page(job)?;
                staging
                    .write(&path, html.as_bytes())
                    .map_err(|e| Diagnostic::error(&path, format!("cannot be written: {e}")))?;
                progress.step();
                Ok((path, html.len()))
            })
            .collect();
        let mut stats = RenderStats::default();
        let mut errors = Vec::new();
        let mut paths = Vec::with_capacity(results.len());
        for r in results {
            match r {
                Ok((path, bytes)) => {
                    stats.pages += 1;
                    stats.bytes += bytes;
                    paths.push(path);
                }
                Err(d) => errors.push(d),
            }
        }
        if let Some(base_url) = &self.config.base_url {
            paths.sort();
            let feed = feeds::atom(
                self.archive,
                self.config.title(),
                self.config.description.as_deref(),
                base_url,
            );
            let sitemap = feeds::sitemap(paths.iter().map(String::as_str), base_url);
            for (name, text) in [("feed.xml", feed), ("sitemap.xml", sitemap)] {
                if let Err(e) = staging.write(name, text.as_bytes()) {
                    errors.push(Diagnostic::error(name, format!("cannot be written: {e}")));
                }
            }
        }
        for (name, bytes) in &self.theme.static_files {
            if let Err(e) = staging.write(&format!("static/{name}"), bytes) {
                errors.push(Diagnostic::error(
                    format!("static/{name}"),
                    format!("cannot be written: {e}"),
                ));
            }
        }
        // Attachments, next to their page.
        let copies: Vec<Result<(), Diagnostic>> = self
            .archive
            .entries
            .par_iter()
            .flat_map_iter(|e| e.doc.attachments.iter().map(move |att| (e, att)))
            .map(|(e, att)| {
                let rel = format!("{}/{}", e.attachment_dir(), att.file_name);
                staging.copy(&rel, &att.source).map_err(|err| {
                    Diagnostic::error(
                        &e.doc.source,
                        format!("attachment `{}` cannot be copied: {err}", att.name),
                    )
                    .key("attachments")
                })
            })
            .collect();
        errors.extend(copies.into_iter().filter_map(Result::err));
        if errors.is_empty() {
            Ok(stats)
        } else {
            errors.sort();
            errors.dedup_by(|a, b| a.message == b.message);
            Err(errors)
        }
    }

    fn render_page(&self, job: &Page) -> Result<(String, String), Diagnostic> {
        let a = self.archive;
        let size = self.page_size();
        match *job {
            Page::Home => self.home(),
            Page::Search => self.render("search.html", urls::SEARCH, tera::Context::new()),
            Page::Document(id) => self.document(id),
            Page::AllDocs(p) => {
                let page_path = urls::all_documents;
                self.list(
                    &page_path(p),
                    &self.words().all_documents,
                    None,
                    &a.entries_ids(),
                    p,
                    size,
                    page_path,
                    vec![],
                    vec![],
                    false,
                )
            }
            Page::IssuerIndex => self.issuer_index(),
            Page::Issuer(id, p) => self.issuer(id, p),
            Page::YearIndex => {
                let items = a
                    .years
                    .iter()
                    .map(|(y, docs)| {
                        let y = y.to_string();
                        let url = Index::Years.term(&y, 1);
                        (y, url, docs.len(), None)
                    })
                    .collect::<Vec<_>>();
                self.terms(&Index::Years.page(), &self.words().year_index, &items)
            }
            Page::Year(i, p) => {
                let (y, docs) = &a.years[i];
                let slug = y.to_string();
                self.list(
                    &Index::Years.term(&slug, p),
                    &self.words().year(*y),
                    None,
                    docs,
                    p,
                    size,
                    |n| Index::Years.term(&slug, n),
                    vec![],
                    vec![crumb_to(&self.words().years, &Index::Years.page())],
                    false,
                )
            }
            Page::CampaignIndex => {
                let items = a
                    .campaigns
                    .iter()
                    .map(|(id, c)| {
                        (
                            c.name.clone(),
                            Index::Campaigns.term(&c.slug, 1),
                            a.campaign_docs[id].len(),
                            c.description.as_deref(),
                        )
                    })
                    .collect::<Vec<_>>();
                self.terms(
                    &Index::Campaigns.page(),
                    &self.words().campaign_index,
                    &items,
                )
            }
            Page::Campaign(id, p) => {
                let c = a.campaigns.get(id);
                self.list(
                    &Index::Campaigns.term(&c.slug, p),
                    &c.name,
                    c.description.as_deref(),
                    &a.campaign_docs[id],
                    p,
                    size,
                    |n| Index::Campaigns.term(&c.slug, n),
                    vec![],
                    vec![crumb_to(&self.words().campaigns, &Index::Campaigns.page())],
                    true,
                )
            }
            Page::TypeIndex => {
                let items = a
                    .types
                    .iter()
                    .map(|(id, t)| {
                        (
                            t.name.clone(),
                            Index::Types.term(&t.slug, 1),
                            a.type_docs[id].len(),
                            None,
                        )
                    })
                    .collect::<Vec<_>>();
                self.terms(&Index::Types.page(), &self.words().type_index, &items)
            }
            Page::Type(id, p) => {
                let t = a.types.get(id);
                self.list(
                    &Index::Types.term(&t.slug, p),
                    &t.name,
                    None,
                    &a.type_docs[id],
                    p,
                    size,
                    |n| Index::Types.term(&t.slug, n),
                    vec![],
                    vec![crumb_to(&self.words().types, &Index::Types.page())],
                    false,
                )
            }
        }
    }

    fn render(
        &self,
        template: &str,
        path: &str,
        mut ctx: tera::Context,
    ) -> Result<(String, String), Diagnostic> {
        ctx.insert("root", &root_of(path));
        ctx.insert("site", &self.site_ctx());
        ctx.insert("page_path", path);
        let html = self.render_template(template, &ctx, PAGE_CAPACITY, path)?;
        Ok((path.to_string(), html))
    }

    fn words(&self) -> &'a words::Words {
        &self.theme.words
    }

    fn site_ctx(&self) -> SiteCtx<'_> {
        SiteCtx {
            title: self.config.title(),
            description: self.config.description.as_deref(),
            feed: self.config.base_url.is_some(),
        }
    }

    /// Document `id`'s `<li>` for the lists of a page at `root`: rendered once per depth and
    /// reused, since every document appears in several lists (its issuer's, year's, type's,
    /// campaigns', all documents, and other documents' "same campaign").
    fn list_item(&self, root: &str, id: DocId) -> Result<Cow<'_, str>, Diagnostic> {
        let depth = root.len() / "../".len();
        let render = || {
            if self.compiled.doc_item {
                return Ok(compiled::doc_item(&self.doc_item(root, id)));
            }
            let mut ctx = tera::Context::new();
            ctx.insert("d", &self.doc_item(root, id));
            self.render_fragment("doc_item.html", &ctx)
        };
        match self.items.get(id).and_then(|slots| slots.get(depth)) {
            Some(slot) => slot
                .get_or_init(render)
                .as_deref()
                .map(Cow::Borrowed)
                .map_err(Clone::clone),
            None => render().map(Cow::Owned),
        }
    }

    /// A document's `<li>` in a citation list (`cited_item.html`).
    fn cited_item(&self, item: &citations::CitedItem) -> Result<String, Diagnostic> {
        if self.compiled.cited_item {
            return Ok(compiled::cited_item(item));
        }
        let mut ctx = tera::Context::new();
        ctx.insert("i", item);
        self.render_fragment("cited_item.html", &ctx)
    }

    /// The list items of `ids` for a page at `root`.
    fn list_items(
        &self,
        root: &str,
        ids: impl Iterator<Item = DocId>,
    ) -> Result<Vec<Cow<'_, str>>, Diagnostic> {
        ids.map(|id| self.list_item(root, id)).collect()
    }

    fn doc_item(&self, root: &str, id: DocId) -> DocItem<'_> {
        let e = &self.archive.entries[id];
        let issuer = self.archive.issuers.get(e.issuer);
        DocItem {
            url: self.url_of(root, id),
            title: e.title(),
            number: e.doc.number.as_deref(),
            doc_type: &e.doc.doc_type,
            subject: &e.doc.subject,
            issuer: &issuer.name,
            issuer_url: Index::Issuers.link(root, &issuer.slug),
            date: display_date(e.doc.date),
            draft: e.doc.draft,
        }
    }

    fn home(&self) -> Result<(String, String), Diagnostic> {
        let a = self.archive;
        let path = urls::HOME;
        let newest = self.list_items("", 0..a.len().min(10))?;
        let year_names: Vec<String> = a.years.iter().map(|(y, _)| y.to_string()).collect();
        let years: Vec<TermItem> = a
            .years
            .iter()
            .zip(&year_names)
            .map(|((_, docs), name)| TermItem {
                name,
                url: Index::Years.term(name, 1),
                count: docs.len(),
                description: None,
            })
            .collect();
        let mut ctx = tera::Context::new();
        ctx.insert(
            "chart",
            &charts::documents_per_year(
                &self.words().chart_years,
                &a.year_counts(&a.entries_ids()),
            ),
        );
        ctx.insert("newest", &newest);
        ctx.insert("years", &years);
        ctx.insert("issuers", &self.issuer_tree_items(""));
        ctx.insert(
            "campaigns",
            &a.campaigns
                .iter()
                .map(|(id, c)| TermItem {
                    name: &c.name,
                    url: Index::Campaigns.term(&c.slug, 1),
                    count: a.campaign_docs[id].len(),
                    description: None,
                })
                .collect::<Vec<_>>(),
        );
        ctx.insert(
            "types",
            &a.types
                .iter()
                .map(|(id, t)| TermItem {
                    name: &t.name,
                    url: Index::Types.term(&t.slug, 1),
                    count: a.type_docs[id].len(),
                    description: None,
                })
                .collect::<Vec<_>>(),
        );
        ctx.insert(
            "totals",
            &Totals {
                documents: a.len(),
                issuers: a.issuer_tree.iter().filter(|n| !n.docs.is_empty()).count(),
                campaigns: a.campaigns.len(),
                first_year: a.years.last().map(|(y, _)| *y),
                last_year: a.years.first().map(|(y, _)| *y),
            },
        );
        self.render("home.html", path, ctx)
    }

    fn issuer_tree_items(&self, root: &str) -> Vec<TreeItem<'_>> {
        fn node<'s>(site: &Site<'s>, root: &str, id: TermId, depth: usize) -> TreeItem<'s> {
            let a = site.archive;
            let n = a.issuers.get(id);
            let t = &a.issuer_tree[id];
            TreeItem {
                name: &n.name,
                url: Index::Issuers.link(root, &n.slug),
                own: t.docs.len(),
                total: t.total,
                children: if depth > 12 {
                    vec![]
                } else {
                    t.children
                        .iter()
                        .map(|c| node(site, root, *c, depth + 1))
                        .collect()
                },
            }
        }
        self.archive
            .roots
            .iter()
            .map(|r| node(self, root, *r, 0))
            .collect()
    }

    fn issuer_index(&self) -> Result<(String, String), Diagnostic> {
        let path = &Index::Issuers.page();
        let mut ctx = tera::Context::new();
        ctx.insert("tree", &self.issuer_tree_items(&root_of(path)));
        ctx.insert("title", &self.words().issuer_index);
        ctx.insert(
            "breadcrumb",
            &[Crumb {
                name: self.words().home.clone(),
                url: [&root_of(path), urls::HOME].concat(),
            }],
        );
        self.render("issuers.html", path, ctx)
    }

    fn issuer(&self, id: TermId, p: usize) -> Result<(String, String), Diagnostic> {
        let a = self.archive;
        let n = a.issuers.get(id);
        let path = Index::Issuers.term(&n.slug, p);
        let root = root_of(&path);
        let mut crumbs = vec![crumb_to(&self.words().issuers, &Index::Issuers.page())];
        for anc in a.issuer_path(id) {
            let an = a.issuers.get(anc);
            crumbs.push(crumb_to(&an.name, &Index::Issuers.term(&an.slug, 1)));
        }
        let children: Vec<Link> = a.issuer_tree[id]
            .children
            .iter()
            .map(|c| {
                let cn = a.issuers.get(*c);
                Link {
                    name: format!("{} ({})", cn.name, a.issuer_tree[*c].total),
                    url: Index::Issuers.link(&root, &cn.slug),
                }
            })
            .collect();
        self.list(
            &path,
            &n.name,
            n.description.as_deref(),
            &a.issuer_tree[id].docs,
            p,
            self.page_size(),
            |k| Index::Issuers.term(&n.slug, k),
            children,
            crumbs,
            true,
        )
    }

    fn terms(
        &self,
        path: &str,
        title: &str,
        items: &[(String, String, usize, Option<&str>)],
    ) -> Result<(String, String), Diagnostic> {
        let root = root_of(path);
        let items: Vec<TermItem> = items
            .iter()
            .map(|(name, url, count, description)| TermItem {
                name,
                url: format!("{root}{url}"),
                count: *count,
                description: *description,
            })
            .collect();
        let mut ctx = tera::Context::new();
        ctx.insert("title", title);
        ctx.insert("items", &items);
        ctx.insert(
            "breadcrumb",
            &[Crumb {
                name: self.words().home.clone(),
                url: [&root, urls::HOME].concat(),
            }],
        );
        self.render("terms.html", path, ctx)
    }

    /// A paginated list of documents. `page_path(n)` is the site path of page n.
    #[allow(clippy::too_many_arguments)]
    fn list(
        &self,
        path: &str,
        title: &str,
        description: Option<&str>,
        docs: &[DocId],
        page: usize,
        size: usize,
        page_path: impl Fn(usize) -> String,
        children: Vec<Link>,
        crumbs: Vec<(String, String)>,
        chart: bool,
    ) -> Result<(String, String), Diagnostic> {
        let root = root_of(path);
        let total = page_count(docs.len(), size);
        let slice = &docs[((page - 1) * size).min(docs.len())..(page * size).min(docs.len())];
        let items = self.list_items(&root, slice.iter().copied())?;
        let url = |n: usize| format!("{root}{}", page_path(n));
        let pager = Pager {
            current: page,
            total,
            prev: (page > 1).then(|| url(page - 1)),
            next: (page < total).then(|| url(page + 1)),
            pages: window(page, total)
                .into_iter()
                .map(|n| {
                    n.map(|n| PageLink {
                        number: n,
                        url: url(n),
                        current: n == page,
                    })
                })
                .collect(),
        };
        let mut breadcrumb = vec![Crumb {
            name: self.words().home.clone(),
            url: [&root, urls::HOME].concat(),
        }];
        breadcrumb.extend(crumbs.into_iter().map(|(name, url)| Crumb {
            name,
            url: format!("{root}{url}"),
        }));
        // The chart covers every page's documents, so it is drawn once, on the first page.
        let chart = if chart && page == 1 {
            charts::documents_per_year(
                &self.words().chart_years_of(title),
                &self.archive.year_counts(docs),
            )
        } else {
            String::new()
        };
        if self.compiled.list {
            let page = compiled::ListPage {
                site: &self.site_ctx(),
                root: &root,
                title,
                description,
                count: docs.len(),
                docs: &items,
                pager: &pager,
                children: &children,
                breadcrumb: &breadcrumb,
                chart: &chart,
            };
            let capacity = PAGE_CAPACITY + items.iter().map(|i| i.len()).sum::<usize>();
            return Ok((path.to_string(), compiled::list(&page, capacity)));
        }
        let mut ctx = tera::Context::new();
        ctx.insert("title", title);
        ctx.insert("description", &description);
        ctx.insert("count", &docs.len());
        ctx.insert("docs", &items);
        ctx.insert("pager", &pager);
        ctx.insert("children", &children);
        ctx.insert("breadcrumb", &breadcrumb);
        ctx.insert("chart", &chart);
        self.render("list.html", path, ctx)
    }

    fn document(&self, id: DocId) -> Result<(String, String), Diagnostic> {
        let a = self.archive;
        let e: &Entry = &a.entries[id];
        let d = &e.doc;
        let path = e.url().to_string();
        let root = root_of(&path);
        let issuer = a.issuers.get(e.issuer);
        let parent = a.issuer_tree[e.issuer].parent.map(|p| a.issuers.get(p));
        let doc_type = a.types.get(e.doc_type);
        let party = match &d.number {
            Some(n) if !n.starts_with('/') => crate::number::is_party_style(n),
            _ => is_party_issuer(&issuer.name),
        };
        let links = self.body_links(id, &root);
        let hook = |text: &str, offset: Option<usize>| links.link(text, offset);
        let body_html = Body {
            markdown: &d.body,
            hook: (!links.links.is_empty()).then_some(&hook as _),
        };
        let mut crumbs = vec![
            Crumb {
                name: self.words().home.clone(),
                url: [&root, urls::HOME].concat(),
            },
            Crumb {
                name: self.words().issuers.clone(),
                url: [root.as_str(), &Index::Issuers.page()].concat(),
            },
        ];
        for anc in a.issuer_path(e.issuer) {
            let an = a.issuers.get(anc);
            crumbs.push(Crumb {
                name: an.name.clone(),
                url: Index::Issuers.link(&root, &an.slug),
            });
        }
        crumbs.push(Crumb {
            name: issuer.name.clone(),
            url: Index::Issuers.link(&root, &issuer.slug),
        });
        let same_campaign: Vec<Cow<'_, str>> = {
            // The first five other documents of the campaigns together: each campaign's list
            // is in id order, so its first five suffice, and a page costs the same in a
            // campaign of ten documents or of ten thousand.
            let mut ids: Vec<DocId> = e
                .campaigns
                .iter()
                .flat_map(|c| {
                    a.campaign_docs[*c]
                        .iter()
                        .copied()
                        .filter(|x| *x != id)
                        .take(5)
                })
                .collect();
            ids.sort_unstable();
            ids.dedup();
            self.list_items(&root, ids.into_iter().take(5))?
        };
        let ctx_doc = DocCtx {
            number: d.number.as_deref(),
            title: e.title(),
            doc_type: &d.doc_type,
            doc_type_upper: upper(&d.doc_type),
            type_url: Index::Types.link(&root, &doc_type.slug),
            issuer: &issuer.name,
            issuer_upper: upper(&issuer.name),
            issuer_url: Index::Issuers.link(&root, &issuer.slug),
            parent: parent.map(|p| Link {
                name: p.name.clone(),
                url: Index::Issuers.link(&root, &p.slug),
            }),
            parent_upper: parent.map(|p| upper(&p.name)),
            party,
            is_letter: d.doc_type == "Công văn",
            place: d.place.as_deref(),
            date_long: match d.date {
                Some(DocDate::Day(day)) => Some(long_date(day)),
                Some(DocDate::Year(y)) => Some(format!("ngày      tháng      năm {y}")),
                None => None,
            },
            date_short: display_date(d.date),
            year: d.year(),
            year_url: d.year().map(|y| Index::Years.link(&root, &y.to_string())),
            subject: &d.subject,
            recipients: &d.recipients,
            distribution: &d.distribution,
            signer: SignerCtx {
                authority: d.signer.authority.as_deref().map(upper),
                title: d.signer.title.as_deref().map(upper),
                name: d.signer.name.as_deref(),
                summary: [
                    d.signer.authority.as_deref(),
                    d.signer.title.as_deref(),
                    d.signer.name.as_deref(),
                ]
                .into_iter()
                .flatten()
                .collect::<Vec<_>>()
                .join(" · "),
            },
            campaigns: e
                .campaigns
                .iter()
                .map(|c| {
                    let cn = a.campaigns.get(*c);
                    Link {
                        name: cn.name.clone(),
                        url: Index::Campaigns.link(&root, &cn.slug),
                    }
                })
                .collect(),
            attachments: d
                .attachments
                .iter()
                .map(|att| Link {
                    name: att.file_name.clone(),
                    url: urls::attachment_link(&e.slug, &att.file_name),
                })
                .collect(),
            draft: d.draft,
            body_html,
        };
        let prev = e.prev.map(|p| self.doc_item(&root, p));
        let next = e.next.map(|n| self.doc_item(&root, n));
        let cites = self.cites_groups(id);
        let cited_by = self.cited_by_groups(id);
        let chain = self.chain_svg(id, &root, &cites, &cited_by);
        let cites = self.groups_ctx(&cites, &root)?;
        let cited_by = self.groups_ctx(&cited_by, &root)?;
        if self.compiled.document {
            let page = compiled::DocumentPage {
                site: &self.site_ctx(),
                root: &root,
                doc: &ctx_doc,
                breadcrumb: &crumbs,
                prev: prev.as_ref(),
                next: next.as_ref(),
                same_campaign: &same_campaign,
                chain: &chain,
                cites: &cites,
                cited_by: &cited_by,
            };
            let html = compiled::document(&page, PAGE_CAPACITY + d.body.len() * 3 / 2);
            return Ok((path, html));
        }
        let mut ctx = tera::Context::new();
        ctx.insert("doc", &ctx_doc);
        ctx.insert("breadcrumb", &crumbs);
        ctx.insert("prev", &prev);
        ctx.insert("next", &next);
        ctx.insert("same_campaign", &same_campaign);
        ctx.insert("chain", &chain);
        ctx.insert("cites", &cites);
        ctx.insert("cited_by", &cited_by);
        self.render("document.html", &path, ctx)
    }
}

impl Archive {
    /// Every document id, newest first.
    pub fn entries_ids(&self) -> Vec<DocId> {
        (0..self.entries.len()).collect()
    }

    /// How many of these documents each year has (documents without a year are left out).
    pub fn year_counts(&self, docs: &[DocId]) -> Vec<(i32, usize)> {
        let mut counts = std::collections::BTreeMap::new();
        for y in docs.iter().filter_map(|id| self.entries[*id].doc.year()) {
            *counts.entry(y).or_insert(0) += 1;
        }
        counts.into_iter().collect()
    }
}

fn crumb_to(name: &str, url: &str) -> (String, String) {
    (name.to_string(), url.to_string())
}

/// Which page numbers a pager shows: first, last, and two around the current one, with
/// `None` for a gap.
fn window(current: usize, total: usize) -> Vec<Option<usize>> {
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

/// Dates in lists: `11/11/2018`, or `năm 2022` for a draft dated only by year.
fn display_date(d: Option<DocDate>) -> String {
    match d {
        Some(DocDate::Day(day)) => short_date(day),
        Some(DocDate::Year(y)) => format!("năm {y}"),
        None => String::new(),
    }
}

/// For a document without a Party-style number: is the issuer a Party body (its header
/// then carries "ĐẢNG CỘNG SẢN VIỆT NAM" rather than the national motto)?
fn is_party_issuer(name: &str) -> bool {
    let f = crate::vietnamese::fold(name);
    !f.contains("uy ban") && (f.contains("dang") || f.contains(" uy") || f.starts_with("ban "))
}

#[derive(Serialize)]
struct Totals {
    documents: usize,
    issuers: usize,
    campaigns: usize,
    first_year: Option<i32>,
    last_year: Option<i32>,
}

#[derive(Serialize)]
struct TreeItem<'a> {
    name: &'a str,
    url: String,
    own: usize,
    total: usize,
    children: Vec<TreeItem<'a>>,
}

#[derive(Serialize)]
struct SignerCtx<'a> {
    authority: Option<String>,
    title: Option<String>,
    name: Option<&'a str>,
    summary: String,
}

#[derive(Serialize)]
struct DocCtx<'a> {
    number: Option<&'a str>,
    title: &'a str,
    doc_type: &'a str,
    doc_type_upper: String,
    type_url: String,
    issuer: &'a str,
    issuer_upper: String,
    issuer_url: String,
    parent: Option<Link>,
    parent_upper: Option<String>,
    party: bool,
    /// A công văn prints its subject under the number, not as a centred title.
    is_letter: bool,
    place: Option<&'a str>,
    date_long: Option<String>,
    date_short: String,
    year: Option<i32>,
    year_url: Option<String>,
    subject: &'a str,
    recipients: &'a [String],
    distribution: &'a [String],
    signer: SignerCtx<'a>,
    campaigns: Vec<Link>,
    attachments: Vec<Link>,
    draft: bool,
    body_html: Body<'a>,
}

/// A document's body, rendered where it is written: straight into the page's buffer
/// ([`Body::write`]), or as a string for a Tera template.
struct Body<'a> {
    markdown: &'a str,
    hook: Option<markdown::TextHook<'a>>,
}

impl Body<'_> {
    fn write(&self, out: &mut String) {
        markdown::push_html(out, self.markdown, self.hook);
    }
}

impl Serialize for Body<'_> {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&markdown::to_html(self.markdown, self.hook))
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

    #[test]
    fn escape_covers_attributes() {
        assert_eq!(
            escape("<a href=\"x\">'&"),
            "&lt;a href=&quot;x&quot;&gt;&#39;&amp;"
        );
    }

    proptest::proptest! {
        #[test]
        fn escape_replaces_exactly_the_five_specials(s in "[a-zđ&<>\"' ợ\u{301}]{0,40}") {
            let mut naive = String::new();
            for c in s.chars() {
                match c {
                    '&' => naive.push_str("&amp;"),
                    '<' => naive.push_str("&lt;"),
                    '>' => naive.push_str("&gt;"),
                    '"' => naive.push_str("&quot;"),
                    '\'' => naive.push_str("&#39;"),
                    c => naive.push(c),
                }
            }
            proptest::prop_assert_eq!(escape(&s), naive);
        }
    }

    #[test]
    fn party_issuers() {
        assert!(is_party_issuer("Huyện ủy Hón Quản"));
        assert!(is_party_issuer("Đảng ủy xã Mỹ Thạnh"));
        assert!(is_party_issuer("Ban Dân vận Huyện ủy Đơn Dương"));
        assert!(!is_party_issuer("Ủy ban nhân dân huyện Bình Sơn"));
    }
}
