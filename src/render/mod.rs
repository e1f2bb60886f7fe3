//! From the Archive to pages, as data: [`Site`] lists the page jobs and renders each into
//! its path and HTML; `crate::write` writes them. Each page kind gets a narrow context
//! (`context.rs`) with exactly what its template shows, with every link already made
//! relative to that page (`root` is `""`, `"../"` or `"../../"`), so the site works from
//! file:// and under any sub-path. Pages are rendered in parallel; order never matters
//! because every list is sorted in the Archive. `escape.rs` escapes text for HTML,
//! `compiled.rs` writes the built-in theme's pages without Tera, `citations.rs` makes the
//! citation links and lists, `charts.rs` the SVG charts, `feeds.rs` the feed and sitemap.

pub(crate) mod charts;
mod citations;
pub mod compiled;
mod context;
mod escape;
pub(crate) mod feeds;
pub mod markdown;
pub mod theme;
pub(crate) mod words;

use std::borrow::Cow;
use std::sync::OnceLock;

use rayon::prelude::*;
use serde::Serialize;

use crate::archive::{Archive, Entry, NameTable};
use crate::citations::Graph;
use crate::config::Config;
use crate::diagnostics::Diagnostic;
use crate::ids::{CampaignId, DocId, DocTypeId, Id, IdVec, IssuerId};
use crate::messages::Text;
use crate::model::DocDate;
use crate::urls::{self, DOCUMENT_ROOT, Index, root_of};
use crate::vietnamese::{count, long_date, short_date, upper};

pub(crate) use escape::{escape, escape_fn, escape_into, push_unbroken, unbroken};
pub(crate) use theme::Theme;

use context::{
    Body, DocCtx, DocItem, Link, Nav, Neighbours, PageLink, Pager, SignerCtx, SiteCtx, StatusLine,
    TermItem, Totals, TreeItem, Unit,
};

/// What rendering needs besides the archive.
pub struct Site<'a> {
    archive: &'a Archive,
    citations: &'a Graph,
    config: &'a Config,
    theme: &'a Theme,
    /// Each document's list item (`doc_item.html`) per depth of the page showing it.
    items: IdVec<DocId, [OnceLock<Result<String, Diagnostic>>; ITEM_DEPTHS]>,
    /// Each document's item in citation lists (`cited_item.html`), for document pages.
    cited: IdVec<DocId, OnceLock<Result<String, Diagnostic>>>,
    /// Each issuer's part of its documents' pages, made once for all of them.
    heads: IdVec<IssuerId, OnceLock<IssuerHead>>,
    /// Which templates are written by [`compiled`] rather than Tera.
    compiled: compiled::Compiled,
}

/// Pages run to tens of kilobytes besides a document's body: one buffer of this size.
const PAGE_CAPACITY: usize = 32 * 1024;

/// Pages sit at most this deep minus one below the site root (`van-ban/2018/x.html`).
const ITEM_DEPTHS: usize = 3;

/// What every page of one issuer's documents shows alike: its name in capitals, as the
/// header's lines, and the breadcrumb down to it.
struct IssuerHead {
    upper: String,
    units: Vec<String>,
    crumbs: Vec<Link>,
}

/// A file copied into the site as it is: a document's attachment.
pub struct Attachment<'s> {
    /// Where it goes, from the site root.
    pub path: String,
    pub source: &'s std::path::Path,
    /// The content file that names it, and the name it gives, for errors.
    pub named_in: &'s std::path::Path,
    pub name: &'s str,
}

/// What list pages show besides their documents, where it is not the default.
#[derive(Default)]
struct ListExtra {
    /// The count line, by default `3.000 văn bản`.
    summary: Option<String>,
    neighbours: Option<Neighbours>,
}

/// One job: a page to render.
pub enum Page {
    Home,
    Search,
    Document(DocId),
    /// Page `page` of a document's list of what it cites (`outgoing`) or what cites it.
    Related {
        id: DocId,
        outgoing: bool,
        relation: crate::citations::Relation,
        page: usize,
    },
    AllDocs(usize),
    IssuerIndex,
    Issuer(IssuerId, usize),
    YearIndex,
    Year(usize, usize),
    CampaignIndex,
    Campaign(CampaignId, usize),
    TypeIndex,
    Type(DocTypeId, usize),
}

fn page_count(len: usize, size: usize) -> usize {
    len.div_ceil(size).max(1)
}

impl Site<'_> {
    /// The pages of one document, its own and those of its long relation lists, path and
    /// HTML, exactly as a build writes them: for `serve`.
    pub(crate) fn document_pages(&self, id: DocId) -> Result<Vec<(String, String)>, Diagnostic> {
        let size = self.page_size();
        let mut pages = vec![self.render_page(&Page::Document(id))?];
        for (outgoing, relation, n) in self.long_lists(id) {
            for page in 1..=page_count(n, size) {
                pages.push(self.render_page(&Page::Related {
                    id,
                    outgoing,
                    relation,
                    page,
                })?);
            }
        }
        Ok(pages)
    }

    /// Which pages of its own lists document `id` has: a change of them is a change of the
    /// site's set of files, which `serve` leaves to a full build.
    pub(crate) fn document_lists(
        &self,
        id: DocId,
    ) -> Vec<(bool, crate::citations::Relation, usize)> {
        let size = self.page_size();
        self.long_lists(id)
            .into_iter()
            .map(|(outgoing, relation, n)| (outgoing, relation, page_count(n, size)))
            .collect()
    }

    /// Every page a build writes (not feeds, static files or attachments), path and
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
            items: IdVec::from_fn(archive.len(), |_| Default::default()),
            cited: IdVec::from_fn(archive.len(), |_| OnceLock::new()),
            heads: IdVec::from_fn(archive.issuers.len(), |_| OnceLock::new()),
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
                    Text::new("cannot-render")
                        .with("what", what)
                        .with("message", theme::error_chain(&e)),
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
        jobs.extend(a.entries.ids().map(Page::Document));
        for id in a.entries.ids() {
            for (outgoing, relation, n) in self.long_lists(id) {
                jobs.extend((1..=page_count(n, size)).map(|page| Page::Related {
                    id,
                    outgoing,
                    relation,
                    page,
                }));
            }
        }
        jobs.extend((1..=page_count(a.len(), size)).map(Page::AllDocs));
        // Withheld documents leave no trace: a body or campaign named only in vanban.yaml,
        // or whose documents are all withheld, has no page.
        for (id, node) in a.issuer_tree.iter_enumerated() {
            if node.total > 0 {
                jobs.extend((1..=page_count(node.total, size)).map(|p| Page::Issuer(id, p)));
            }
        }
        for (i, (_, docs)) in a.years.iter().enumerate() {
            jobs.extend((1..=page_count(docs.len(), size)).map(|p| Page::Year(i, p)));
        }
        for (id, docs) in a.campaign_docs.iter_enumerated() {
            if !docs.is_empty() {
                jobs.extend((1..=page_count(docs.len(), size)).map(|p| Page::Campaign(id, p)));
            }
        }
        for (id, docs) in a.type_docs.iter_enumerated() {
            jobs.extend((1..=page_count(docs.len(), size)).map(|p| Page::Type(id, p)));
        }
        jobs
    }

    /// Every page of the site, to be rendered with [`Site::render_page`] (in parallel, by
    /// the writer).
    pub(crate) fn page_jobs(&self) -> Vec<Page> {
        self.jobs()
    }

    /// The files made once the pages are: the feed and sitemap (with a `base_url`; they
    /// list `page_paths`) and the theme's static files, path and bytes.
    pub(crate) fn closing_files(&self, page_paths: &mut [String]) -> Vec<(String, Cow<'_, [u8]>)> {
        let mut files = Vec::new();
        if let Some(base_url) = &self.config.base_url {
            page_paths.sort();
            let feed = feeds::atom(
                self.archive,
                self.config.title(),
                self.config.description.as_deref(),
                base_url,
            );
            let sitemap = feeds::sitemap(page_paths.iter().map(String::as_str), base_url);
            for (name, text) in [("feed.xml", feed), ("sitemap.xml", sitemap)] {
                files.push((name.to_string(), Cow::Owned(text.into_bytes())));
            }
        }
        for (name, bytes) in &self.theme.static_files {
            files.push((format!("static/{name}"), Cow::Borrowed(&bytes[..])));
        }
        files
    }

    /// Every attachment to copy next to its document's page.
    pub fn attachments(&self) -> impl ParallelIterator<Item = Attachment<'_>> {
        self.archive
            .entries
            .par_iter()
            .flat_map_iter(|e| e.doc.attachments.iter().map(move |att| (e, att)))
            .map(|(e, att)| Attachment {
                path: format!("{}/{}", e.attachment_dir(), att.file_name),
                source: &att.source,
                named_in: &e.doc.source,
                name: &att.name,
            })
    }

    /// One page, path and HTML.
    pub(crate) fn render_page(&self, job: &Page) -> Result<(String, String), Diagnostic> {
        let a = self.archive;
        let size = self.page_size();
        match *job {
            Page::Home => self.home(),
            Page::Search => self.render("search.html", urls::SEARCH, tera::Context::new()),
            Page::Document(id) => self.document(id),
            Page::Related {
                id,
                outgoing,
                relation,
                page,
            } => self.related_page(id, outgoing, relation, page),
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
                    ListExtra::default(),
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
                    ListExtra {
                        neighbours: Some(self.year_neighbours(i)),
                        ..ListExtra::default()
                    },
                )
            }
            Page::CampaignIndex => self.term_index(self.campaigns()),
            Page::Campaign(id, p) => self.term_page(self.campaigns(), id, p, size),
            Page::TypeIndex => self.term_index(self.types()),
            Page::Type(id, p) => self.term_page(self.types(), id, p, size),
        }
    }

    fn campaigns(&self) -> Terms<'a, CampaignId> {
        Terms {
            index: Index::Campaigns,
            names: &self.archive.campaigns,
            docs: &self.archive.campaign_docs,
            title: &self.words().campaign_index,
            crumb: &self.words().campaigns,
            chart: true,
        }
    }

    fn types(&self) -> Terms<'a, DocTypeId> {
        Terms {
            index: Index::Types,
            names: &self.archive.types,
            docs: &self.archive.type_docs,
            title: &self.words().type_index,
            crumb: &self.words().types,
            chart: false,
        }
    }

    /// The index page of campaigns or types: each one with its documents and description,
    /// linked to its first list page.
    fn term_index<I: Id>(&self, t: Terms<'_, I>) -> Result<(String, String), Diagnostic> {
        let items: Vec<_> = t
            .names
            .iter()
            .map(|(id, n)| {
                let url = t.index.term(&n.slug, 1);
                (
                    n.name.clone(),
                    url,
                    t.docs[id].len(),
                    n.description.as_deref(),
                )
            })
            .collect();
        self.terms(&t.index.page(), t.title, &items)
    }

    /// Page `p` of one campaign's or type's documents, with a breadcrumb to its index page.
    fn term_page<I: Id>(
        &self,
        t: Terms<'_, I>,
        id: I,
        p: usize,
        size: usize,
    ) -> Result<(String, String), Diagnostic> {
        let (index, n) = (t.index, t.names.get(id));
        self.list(
            &index.term(&n.slug, p),
            &n.name,
            n.description.as_deref(),
            &t.docs[id],
            p,
            size,
            |page| index.term(&n.slug, page),
            vec![],
            vec![crumb_to(t.crumb, &index.page())],
            t.chart,
            ListExtra::default(),
        )
    }

    fn render(
        &self,
        template: &str,
        path: &str,
        mut ctx: tera::Context,
    ) -> Result<(String, String), Diagnostic> {
        ctx.insert("root", &root_of(path));
        ctx.insert("nav", &Nav::of(path));
        ctx.insert("site", &self.site_ctx());
        ctx.insert("page_path", path);
        let html = self.render_template(template, &ctx, PAGE_CAPACITY, path)?;
        Ok((path.to_string(), html))
    }

    /// A page whose context is one of the compiled writers' page structs, through the
    /// theme's template: the same fields either way.
    fn render_struct(
        &self,
        template: &str,
        path: &str,
        page: &impl Serialize,
    ) -> Result<(String, String), Diagnostic> {
        let mut ctx = tera::Context::from_serialize(page).expect("a page context is a struct");
        ctx.insert("page_path", path);
        let html = self.render_template(template, &ctx, PAGE_CAPACITY, path)?;
        Ok((path.to_string(), html))
    }

    fn words(&self) -> &'a words::Words {
        &self.theme.words
    }

    /// Dates in lists: `11/11/2018`, or `năm 2022` for a draft dated only by year.
    fn display_date(&self, d: Option<DocDate>) -> String {
        match d {
            Some(DocDate::Day(day)) => short_date(day),
            Some(DocDate::Year(y)) => self.words().dated_year(y),
            None => String::new(),
        }
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
            subject_html: unbroken(&e.doc.subject),
            issuer: &issuer.name,
            issuer_url: Index::Issuers.link(root, &issuer.slug),
            date: self.display_date(e.doc.date),
            draft: e.doc.draft,
        }
    }

    fn home(&self) -> Result<(String, String), Diagnostic> {
        let a = self.archive;
        let path = urls::HOME;
        let newest = self.list_items("", a.entries.ids().take(10))?;
        let year_names: Vec<String> = a.years.iter().map(|(y, _)| y.to_string()).collect();
        let years: Vec<TermItem> = a
            .years
            .iter()
            .zip(&year_names)
            .map(|((_, docs), name)| TermItem {
                name,
                url: Index::Years.term(name, 1),
                count: count(docs.len()),
                description: None,
            })
            .collect();
        let mut ctx = tera::Context::new();
        ctx.insert(
            "chart",
            &charts::documents_per_year(
                self.words(),
                &self.words().chart_years,
                &a.year_counts(&a.entries_ids()),
                Some(""),
            ),
        );
        ctx.insert("newest", &newest);
        ctx.insert("years", &years);
        ctx.insert("issuers", &self.issuer_tree_items("", 0));
        // The home page shows the campaigns and types with the most documents, so that both
        // sit above the fold of a desktop screen; their index pages list them all.
        let campaigns = biggest(
            a.campaigns
                .iter()
                .map(|(id, c)| (a.campaign_docs[id].len(), c)),
            HOME_TERMS,
        );
        let types = biggest(
            a.types.iter().map(|(id, t)| (a.type_docs[id].len(), t)),
            HOME_TERMS,
        );
        let term_items = |index: Index, shown: &[(usize, &'a crate::archive::Named)]| {
            shown
                .iter()
                .map(|(n, t)| TermItem {
                    name: &t.name,
                    url: index.term(&t.slug, 1),
                    count: count(*n),
                    description: None,
                })
                .collect::<Vec<_>>()
        };
        ctx.insert("campaigns", &term_items(Index::Campaigns, &campaigns.0));
        ctx.insert("campaigns_all", &campaigns.1.map(count));
        ctx.insert("types", &term_items(Index::Types, &types.0));
        ctx.insert("types_all", &types.1.map(count));
        ctx.insert(
            "totals",
            &Totals {
                documents: count(a.len()),
                issuers: count(a.issuer_tree.iter().filter(|n| !n.docs.is_empty()).count()),
                campaigns: count(a.campaign_docs.iter().filter(|d| !d.is_empty()).count()),
                first_year: a.years.last().map(|(y, _)| *y),
                last_year: a.years.first().map(|(y, _)| *y),
            },
        );
        self.render("home.html", path, ctx)
    }

    /// The issuer tree for a page at `root`, `depth` levels below the top-level bodies
    /// (0: those alone). Bodies with no published document below them are left out.
    fn issuer_tree_items(&self, root: &str, depth: usize) -> Vec<TreeItem<'_>> {
        fn node<'s>(site: &Site<'s>, root: &str, id: IssuerId, depth: usize) -> TreeItem<'s> {
            let a = site.archive;
            let n = a.issuers.get(id);
            let t = &a.issuer_tree[id];
            TreeItem {
                name: &n.name,
                url: Index::Issuers.link(root, &n.slug),
                count: site.words().documents(t.total, t.docs.len()),
                own: count(t.docs.len()),
                total: count(t.total),
                children: if depth == 0 {
                    vec![]
                } else {
                    t.children
                        .iter()
                        .filter(|c| a.issuer_tree[**c].total > 0)
                        .map(|c| node(site, root, *c, depth - 1))
                        .collect()
                },
            }
        }
        self.archive
            .roots
            .iter()
            .filter(|r| self.archive.issuer_tree[**r].total > 0)
            .map(|r| node(self, root, *r, depth))
            .collect()
    }

    /// The years before and after the `i`th (newest first) that have documents, linked
    /// from the site root.
    fn year_neighbours(&self, i: usize) -> Neighbours {
        let years = &self.archive.years;
        let link = |j: usize| {
            let y = years[j].0;
            Link {
                name: self.words().year_name(y),
                url: Index::Years.term(&y.to_string(), 1),
            }
        };
        Neighbours {
            prev: years.get(i + 1).map(|_| link(i + 1)),
            next: i.checked_sub(1).map(link),
        }
    }

    fn issuer_index(&self) -> Result<(String, String), Diagnostic> {
        let path = &Index::Issuers.page();
        let mut ctx = tera::Context::new();
        ctx.insert("tree", &self.issuer_tree_items(&root_of(path), 12));
        ctx.insert("title", &self.words().issuer_index);
        ctx.insert(
            "breadcrumb",
            &[Link {
                name: self.words().home.clone(),
                url: [&root_of(path), urls::HOME].concat(),
            }],
        );
        self.render("issuers.html", path, ctx)
    }

    fn issuer(&self, id: IssuerId, p: usize) -> Result<(String, String), Diagnostic> {
        let a = self.archive;
        let n = a.issuers.get(id);
        let path = Index::Issuers.term(&n.slug, p);
        let root = root_of(&path);
        let mut crumbs = vec![crumb_to(&self.words().issuers, &Index::Issuers.page())];
        for anc in a.issuer_path(id) {
            let an = a.issuers.get(anc);
            crumbs.push(crumb_to(&an.name, &Index::Issuers.term(&an.slug, 1)));
        }
        let children: Vec<Unit> = a.issuer_tree[id]
            .children
            .iter()
            .filter(|c| a.issuer_tree[**c].total > 0)
            .map(|c| {
                let cn = a.issuers.get(*c);
                let t = &a.issuer_tree[*c];
                Unit {
                    name: cn.name.clone(),
                    url: Index::Issuers.link(&root, &cn.slug),
                    count: self.words().documents(t.total, t.docs.len()),
                }
            })
            .collect();
        let node = &a.issuer_tree[id];
        self.list(
            &path,
            &n.name,
            n.description.as_deref(),
            &a.issuer_tree[id].subtree,
            p,
            self.page_size(),
            |k| Index::Issuers.term(&n.slug, k),
            children,
            crumbs,
            true,
            ListExtra {
                summary: Some(self.words().documents(node.total, node.docs.len())),
                ..ListExtra::default()
            },
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
            .filter(|(_, _, n, _)| *n > 0)
            .map(|(name, url, n, description)| TermItem {
                name,
                url: format!("{root}{url}"),
                count: count(*n),
                description: *description,
            })
            .collect();
        let mut ctx = tera::Context::new();
        ctx.insert("title", title);
        ctx.insert("items", &items);
        ctx.insert(
            "breadcrumb",
            &[Link {
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
        children: Vec<Unit>,
        crumbs: Vec<(String, String)>,
        chart: bool,
        extra: ListExtra,
    ) -> Result<(String, String), Diagnostic> {
        let root = root_of(path);
        let summary = extra
            .summary
            .unwrap_or_else(|| self.words().documents(docs.len(), docs.len()));
        let neighbours = extra
            .neighbours
            .filter(|n| n.prev.is_some() || n.next.is_some())
            .map(|n| n.from(&root));
        let total = page_count(docs.len(), size);
        let slice = &docs[((page - 1) * size).min(docs.len())..(page * size).min(docs.len())];
        let items = self.list_items(&root, slice.iter().copied())?;
        let pager = Pager::new(page, total, |n| format!("{root}{}", page_path(n)));
        let mut breadcrumb = vec![Link {
            name: self.words().home.clone(),
            url: [&root, urls::HOME].concat(),
        }];
        breadcrumb.extend(crumbs.into_iter().map(|(name, url)| Link {
            name,
            url: format!("{root}{url}"),
        }));
        // The chart covers every page's documents, so it is drawn once, on the first page.
        let chart = if chart && page == 1 {
            charts::documents_per_year(
                self.words(),
                &self.words().chart_years_of(title),
                &self.archive.year_counts(docs),
                Some(&root),
            )
        } else {
            String::new()
        };
        let page = compiled::ListPage {
            site: &self.site_ctx(),
            root: &root,
            title,
            description,
            docs: &items,
            pager: &pager,
            nav: &Nav::of(path),
            summary: &summary,
            neighbours: neighbours.as_ref(),
            children: &children,
            breadcrumb: &breadcrumb,
            chart: &chart,
        };
        if self.compiled.list {
            let capacity = PAGE_CAPACITY + items.iter().map(|i| i.len()).sum::<usize>();
            return Ok((path.to_string(), compiled::list(&page, capacity)));
        }
        self.render_struct("list.html", path, &page)
    }

    /// The breadcrumb of document `id`'s pages at `root`: home, the issuer tree down to its
    /// issuer, and, for the pages of its lists (`with_self`), the document itself.
    fn document_crumbs(&self, id: DocId, root: &str, with_self: bool) -> Vec<Link> {
        let e = &self.archive.entries[id];
        let mut crumbs = self.issuer_crumbs(e.issuer, root);
        if with_self {
            crumbs.push(Link {
                name: e.title().to_string(),
                url: self.url_of(root, id),
            });
        }
        crumbs
    }

    /// Home, the issuer index and the issuer tree down to `issuer`, linked from `root`.
    fn issuer_crumbs(&self, issuer: IssuerId, root: &str) -> Vec<Link> {
        let a = self.archive;
        let mut crumbs = vec![
            Link {
                name: self.words().home.clone(),
                url: [root, urls::HOME].concat(),
            },
            Link {
                name: self.words().issuers.clone(),
                url: [root, &Index::Issuers.page()].concat(),
            },
        ];
        for anc in a.issuer_path(issuer).into_iter().chain([issuer]) {
            let an = a.issuers.get(anc);
            crumbs.push(Link {
                name: an.name.clone(),
                url: Index::Issuers.link(root, &an.slug),
            });
        }
        crumbs
    }

    /// [`IssuerHead`] of `issuer`, for document pages.
    fn head(&self, issuer: IssuerId) -> &IssuerHead {
        self.heads[issuer].get_or_init(|| {
            let upper = upper(&self.archive.issuers.get(issuer).name);
            IssuerHead {
                units: crate::vietnamese::name_units(&upper),
                upper,
                crumbs: self.issuer_crumbs(issuer, DOCUMENT_ROOT),
            }
        })
    }

    /// What the top of document `id`'s page says of its force: the later documents that
    /// replace, amend or annul it, and what it replaces, amends or annuls itself.
    fn status_lines<'s>(
        &'s self,
        id: DocId,
        root: &str,
    ) -> (Vec<StatusLine<'s>>, Vec<StatusLine<'s>>) {
        let a = self.archive;
        let archived = |words: &'s str, t: DocId| {
            let e = &a.entries[t];
            StatusLine {
                words,
                title: e.title().to_string(),
                url: Some(self.url_of(root, t)),
                date: self.display_date(e.doc.date),
            }
        };
        let revised_by = self
            .citations
            .revised_by(id)
            .iter()
            .map(|(by, r)| archived(self.words().revised_by.of(*r), *by))
            .collect();
        let mut revises: Vec<StatusLine<'s>> = Vec::new();
        let mut seen = Vec::new();
        for c in self.citations.cites(id) {
            let r = c.citation.relation;
            if !r.revises() {
                continue;
            }
            let line = match c.target {
                Ok(t) if self.citations.revised_by(t).iter().any(|(by, _)| *by == id) => {
                    archived(self.words().revises.of(r), t)
                }
                Ok(_) => continue,
                Err(_) => StatusLine {
                    words: self.words().revises.of(r),
                    title: match &c.citation.doc_type {
                        Some(t) => [t.as_str(), " ", &c.citation.number].concat(),
                        None => c.citation.number.clone(),
                    },
                    url: None,
                    date: c.citation.date.map(short_date).unwrap_or_default(),
                },
            };
            if !seen.contains(&line.title) {
                seen.push(line.title.clone());
                revises.push(line);
            }
        }
        (revised_by, revises)
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
        let toc = markdown::sections(&d.body);
        let body_html = Body {
            markdown: &d.body,
            hook: Some(&hook as _),
            anchors: toc.iter().map(|s| s.start).collect(),
        };
        let (revised_by, revises) = self.status_lines(id, &root);
        let head = self.head(e.issuer);
        // Every document page sits at DOCUMENT_ROOT, where the issuer's breadcrumb is made.
        let elsewhere;
        let crumbs: &[Link] = if root == DOCUMENT_ROOT {
            &head.crumbs
        } else {
            elsewhere = self.issuer_crumbs(e.issuer, &root);
            &elsewhere
        };
        let parent_head = a.issuer_tree[e.issuer].parent.map(|p| self.head(p));
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
            issuer_upper: &head.upper,
            issuer_url: Index::Issuers.link(&root, &issuer.slug),
            parent: parent.map(|p| Link {
                name: p.name.clone(),
                url: Index::Issuers.link(&root, &p.slug),
            }),
            parent_upper: parent_head.map(|h| h.upper.as_str()),
            issuer_units: &head.units,
            parent_units: parent_head.map_or(&[], |h| &h.units),
            number_label: if party { "Số" } else { "Số:" },
            revised_by,
            revises,
            toc,
            party,
            is_letter: d.doc_type == "Công văn",
            place: d.place.as_deref(),
            date_long: match d.date {
                Some(DocDate::Day(day)) => Some(long_date(day)),
                Some(DocDate::Year(y)) => Some(format!("ngày      tháng      năm {y}")),
                None => None,
            },
            date_short: self.display_date(d.date),
            year: d.year(),
            year_url: d.year().map(|y| Index::Years.link(&root, &y.to_string())),
            subject: &d.subject,
            subject_html: unbroken(&d.subject),
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
        let cites = self.groups_ctx(id, true, &cites, &root)?;
        let cited_by = self.groups_ctx(id, false, &cited_by, &root)?;
        let page = compiled::DocumentPage {
            site: &self.site_ctx(),
            root: &root,
            nav: &Nav::of(&path),
            doc: &ctx_doc,
            breadcrumb: crumbs,
            prev: prev.as_ref(),
            next: next.as_ref(),
            same_campaign: &same_campaign,
            chain: &chain,
            cites: &cites,
            cited_by: &cited_by,
        };
        if self.compiled.document {
            let html = compiled::document(&page, PAGE_CAPACITY + d.body.len() * 3 / 2);
            return Ok((path, html));
        }
        let (_, html) = self.render_struct("document.html", &path, &page)?;
        Ok((path, html))
    }
}

impl Archive {
    /// Every document id, newest first.
    pub(crate) fn entries_ids(&self) -> Vec<DocId> {
        self.entries.ids().collect()
    }

    /// How many of these documents each year has (documents without a year are left out).
    pub(crate) fn year_counts(&self, docs: &[DocId]) -> Vec<(i32, usize)> {
        let mut counts = std::collections::BTreeMap::new();
        for y in docs.iter().filter_map(|id| self.entries[*id].doc.year()) {
            *counts.entry(y).or_insert(0) += 1;
        }
        counts.into_iter().collect()
    }
}

/// One term of an index with a list page of its own (a campaign, a type).
/// Campaigns or types: the names of one kind, their documents, and the words of their pages.
struct Terms<'t, I> {
    index: Index,
    names: &'t NameTable<I>,
    docs: &'t IdVec<I, Vec<DocId>>,
    /// The index page's title, and the breadcrumb's word for it.
    title: &'t str,
    crumb: &'t str,
    /// Whether a term's page draws the chart of documents per year.
    chart: bool,
}
fn crumb_to(name: &str, url: &str) -> (String, String) {
    (name.to_string(), url.to_string())
}

/// How many campaigns and types the home page lists.
const HOME_TERMS: usize = 6;

/// Of terms with their document counts (in the archive's order), the `n` with the most
/// documents, in the archive's order, and how many terms have documents when some are
/// left out. Terms without documents are never shown.
fn biggest<T>(
    terms: impl Iterator<Item = (usize, T)>,
    n: usize,
) -> (Vec<(usize, T)>, Option<usize>) {
    let mut all: Vec<(usize, usize, T)> = terms
        .filter(|(docs, _)| *docs > 0)
        .enumerate()
        .map(|(i, (docs, t))| (docs, i, t))
        .collect();
    let total = all.len();
    if total > n {
        all.sort_by(|x, y| y.0.cmp(&x.0).then(x.1.cmp(&y.1)));
        all.truncate(n);
        all.sort_by_key(|x| x.1);
    }
    (
        all.into_iter().map(|(docs, _, t)| (docs, t)).collect(),
        (total > n).then_some(total),
    )
}

/// For a document without a Party-style number: is the issuer a Party body (its header
/// then carries "ĐẢNG CỘNG SẢN VIỆT NAM" rather than the national motto)?
fn is_party_issuer(name: &str) -> bool {
    let f = crate::vietnamese::fold(name);
    !f.contains("uy ban") && (f.contains("dang") || f.contains(" uy") || f.starts_with("ban "))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_home_page_lists_the_biggest_terms_in_their_order() {
        let terms = [(3, "a"), (0, "b"), (9, "c"), (3, "d"), (1, "e")];
        assert_eq!(
            biggest(terms.into_iter(), 3),
            (vec![(3, "a"), (9, "c"), (3, "d")], Some(4)),
            "ties go to the first; empty terms are not counted"
        );
        assert_eq!(
            biggest(terms.into_iter(), 4),
            (vec![(3, "a"), (9, "c"), (3, "d"), (1, "e")], None)
        );
    }

    #[test]
    fn party_issuers() {
        assert!(is_party_issuer("Huyện ủy Hón Quản"));
        assert!(is_party_issuer("Đảng ủy xã Mỹ Thạnh"));
        assert!(is_party_issuer("Ban Dân vận Huyện ủy Đơn Dương"));
        assert!(!is_party_issuer("Ủy ban nhân dân huyện Bình Sơn"));
    }
}
