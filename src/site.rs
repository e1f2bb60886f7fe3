//! Runs the pipeline for the commands: load and validate everything, build the archive,
//! and only then touch the output (Zola's rule: fail before destroying).

use crate::messages::Text;
use std::collections::{BTreeSet, HashMap};
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::{Duration, Instant};

use rayon::prelude::*;

use crate::archive::Archive;
use crate::citations::Graph;
use crate::config::{self, Config};
use crate::content::{self, LoadOptions, Withheld};
use crate::diagnostics::Diagnostic;
use crate::ids::{DocId, IdVec};
use crate::model::Document;
use crate::output::{self, InPlace, Staging};
pub(crate) use crate::progress::{NoProgress, Progress};
use crate::render::{self, Site, Theme};

#[derive(Debug, Clone, Default)]
pub struct BuildOptions {
    /// The site folder, holding `content/` (and optionally `vanban.yaml`, `themes/`).
    pub root: PathBuf,
    /// Defaults to `root/public`.
    pub output: Option<PathBuf>,
    /// Build unsigned drafts too, marked DỰ THẢO.
    pub drafts: bool,
    /// Overrides `base_url` of `vanban.yaml`.
    pub base_url: Option<String>,
    /// Told of the build's phases and pages; `None` for silence.
    pub progress: Option<Arc<dyn Progress>>,
}

impl BuildOptions {
    pub fn output_dir(&self) -> PathBuf {
        self.output
            .clone()
            .unwrap_or_else(|| self.root.join("public"))
    }
}

/// Wall time of each build phase, in order, for the summary line and the benchmark. Phases
/// may overlap (the search index is built while citations resolve and pages render), so the
/// total is measured on its own rather than summed.
#[derive(Debug, Clone)]
pub struct Timings {
    pub phases: Vec<(&'static str, Duration)>,
    started: Instant,
    /// Set when the build is done; until then the total is the time so far.
    finished: Option<Instant>,
}

impl Default for Timings {
    fn default() -> Self {
        Timings {
            phases: Vec::new(),
            started: Instant::now(),
            finished: None,
        }
    }
}

impl Timings {
    fn time<T>(&mut self, phase: &'static str, f: impl FnOnce() -> T) -> T {
        let (out, took) = timed(f);
        self.phases.push((phase, took));
        out
    }

    fn finish(&mut self) {
        self.finished = Some(Instant::now());
    }

    /// Wall time from the start of the build to its end.
    pub fn total(&self) -> Duration {
        self.finished
            .unwrap_or_else(Instant::now)
            .duration_since(self.started)
    }

    /// `vanban-timings: load=0.1234 archive=… total=…` (seconds): the line `vanban-bench`
    /// reads from a child build's stderr.
    pub fn line(&self) -> String {
        let mut out = String::from(TIMINGS_PREFIX);
        for (phase, d) in &self.phases {
            out.push_str(&format!(" {phase}={:.6}", d.as_secs_f64()));
        }
        out.push_str(&format!(" total={:.6}", self.total().as_secs_f64()));
        out
    }
}

/// What `f` returns, and how long it took.
fn timed<T>(f: impl FnOnce() -> T) -> (T, Duration) {
    let start = Instant::now();
    let out = f();
    (out, start.elapsed())
}

/// Set (to anything) to make `vanban build` print [`Timings::line`] on stderr.
pub const TIMINGS_ENV: &str = "VANBAN_TIMINGS";
/// How the timings line starts.
pub const TIMINGS_PREFIX: &str = "vanban-timings:";

/// Everything loaded and validated, ready to render or to report on.
pub struct Prepared {
    pub config: Config,
    pub archive: Archive,
    /// Which document cites which, and the citations that link nowhere.
    pub citations: Graph,
    pub withheld: Vec<(PathBuf, Withheld)>,
    /// Warnings (errors make `prepare` fail; `inspect` keeps them here).
    pub diagnostics: Vec<Diagnostic>,
}

/// Loads config and content and builds the archive. Fails with every diagnostic (errors and
/// warnings, sorted) if any is an error.
pub fn prepare(
    root: &Path,
    drafts: bool,
    timings: &mut Timings,
) -> Result<Prepared, Vec<Diagnostic>> {
    Ok(load_archive(root, drafts, timings)
        .or_fail(timings)?
        .resolve(timings))
}

/// `prepare` that keeps going past errors, for `check`: the archive holds the documents that
/// loaded, and `diagnostics` holds errors too.
pub(crate) fn inspect(root: &Path, drafts: bool, timings: &mut Timings) -> Prepared {
    load_archive(root, drafts, timings).resolve(timings)
}

/// Config, content and archive, before citations are found: all the search index needs, so
/// that a build can index while citations resolve.
struct Archived {
    config: Config,
    /// Loaded with the configuration, before any document: `None` when it has errors.
    theme: Option<Theme>,
    archive: Archive,
    withheld: Vec<(PathBuf, Withheld)>,
    diagnostics: Vec<Diagnostic>,
}

impl Archived {
    /// Itself if no diagnostic is an error, else every diagnostic, the citations' warnings
    /// too, sorted. Citations add only warnings, so they need not be resolved to know.
    fn or_fail(self, timings: &mut Timings) -> Result<Archived, Vec<Diagnostic>> {
        if self.diagnostics.iter().any(Diagnostic::is_error) {
            return Err(self.resolve(timings).diagnostics);
        }
        Ok(self)
    }

    /// With its citations found: what [`inspect`] gives.
    fn resolve(mut self, timings: &mut Timings) -> Prepared {
        let citations = resolve_citations(&self.archive, &mut self.diagnostics, timings);
        Prepared {
            config: self.config,
            archive: self.archive,
            citations,
            withheld: self.withheld,
            diagnostics: self.diagnostics,
        }
    }
}

/// The citations of `archive`, their warnings added to `diagnostics`, which end sorted.
fn resolve_citations(
    archive: &Archive,
    diagnostics: &mut Vec<Diagnostic>,
    timings: &mut Timings,
) -> Graph {
    let citations = timings.time("citations", || Graph::new(archive, diagnostics));
    diagnostics.sort();
    citations
}

/// Config, theme, content and archive, with their diagnostics (errors too). The theme is
/// loaded and checked first, so that a template error is reported with the content's.
fn load_archive(root: &Path, drafts: bool, timings: &mut Timings) -> Archived {
    let (config, mut diags) = config::load(root);
    let theme = match render::theme::load(root, config.theme()) {
        Ok(mut theme) => {
            diags.append(&mut theme.warnings);
            Some(theme)
        }
        Err(found) => {
            diags.extend(found);
            None
        }
    };
    let loaded = timings.time("load", || {
        content::load(
            root,
            LoadOptions {
                drafts,
                publish: config.publish,
            },
        )
    });
    diags.extend(loaded.diagnostics);
    let archive = timings.time("archive", || {
        Archive::new(loaded.documents, &config, &mut diags)
    });
    Archived {
        config,
        theme,
        archive,
        withheld: loaded.withheld,
        diagnostics: diags,
    }
}

#[derive(Debug)]
pub struct BuildReport {
    pub output: PathBuf,
    pub documents: usize,
    pub withheld: usize,
    pub pages: usize,
    /// Bytes of HTML pages written.
    pub bytes: usize,
    /// Bytes of the search index written.
    pub search_bytes: usize,
    /// Citations that link to an archived document, those of documents not in the archive,
    /// and those the archive has candidates for but could not link (a date that does not
    /// match, several candidates, a bare number).
    pub citations_resolved: usize,
    pub citations_outside: usize,
    pub citations_unlinked: usize,
    /// What changed in the output since the previous build.
    pub changes: output::Changes,
    pub warnings: Vec<Diagnostic>,
    pub timings: Timings,
}

#[derive(Debug)]
pub struct BuildFailure {
    /// Every diagnostic of the build, errors and warnings.
    pub diagnostics: Vec<Diagnostic>,
    /// A failure that is not about one file (the output folder, the lock).
    pub message: Option<Text>,
}

impl From<Text> for BuildFailure {
    fn from(message: Text) -> Self {
        BuildFailure {
            diagnostics: vec![],
            message: Some(message),
        }
    }
}

/// `vanban build`: the whole site into a staging folder, swapped into place at the end.
/// On any error the previous output is left exactly as it was.
pub fn build(opts: &BuildOptions) -> Result<BuildReport, BuildFailure> {
    let (report, built) = build_site(opts)?;
    // What the site was built from is hundreds of thousands of allocations: they are freed
    // on a thread of their own, so that a build returns when its output is in place (a
    // process that exits meanwhile does not wait for it).
    std::thread::spawn(move || drop(built));
    Ok(report)
}

/// [`build`], handing back what the site was built from as well, for `serve`.
pub fn build_live(opts: &BuildOptions) -> Result<(BuildReport, Live), BuildFailure> {
    let (report, built) = build_site(opts)?;
    let Built {
        config,
        archive,
        citations,
        theme,
    } = built;
    let by_source = archive
        .entries
        .iter_enumerated()
        .map(|(id, e)| (e.doc.source.clone(), id))
        .collect();
    let live = Live {
        options: opts.clone(),
        config,
        archive,
        citations,
        theme,
        by_source,
    };
    Ok((report, live))
}

/// What a site was built from.
struct Built {
    config: Config,
    archive: Archive,
    citations: Graph,
    theme: Theme,
}

fn build_site(opts: &BuildOptions) -> Result<(BuildReport, Built), BuildFailure> {
    let mut timings = Timings::default();
    let progress: &dyn Progress = opts.progress.as_deref().unwrap_or(&NoProgress);
    progress.phase("load", 0);
    let out_dir = opts.output_dir();
    output::check_output_dir(&opts.root.join("content"), &out_dir)?;
    let archived = load_archive(&opts.root, opts.drafts, &mut timings)
        .or_fail(&mut timings)
        .map_err(|diagnostics| BuildFailure {
            diagnostics,
            message: None,
        })?;
    let Archived {
        mut config,
        theme,
        archive,
        withheld,
        mut diagnostics,
    } = archived;
    if let Some(url) = &opts.base_url {
        if !(url.starts_with("http://") || url.starts_with("https://")) {
            return Err(Text::new("base-url-scheme").with("url", url).into());
        }
        config.base_url = Some(url.clone());
    }
    let staging = Staging::begin(&out_dir)?;
    // The search index needs only the archive: it is built while citations resolve and the
    // pages render, so that each keeps the cores busy while the other is in a serial stretch.
    let write_index = || -> Result<usize, Text> {
        crate::write::search(&staging, &crate::search::index_archive(&archive))
    };
    let pages = || -> Result<(Graph, Theme, crate::write::RenderStats), BuildFailure> {
        let citations = resolve_citations(&archive, &mut diagnostics, &mut timings);
        // A late failure reports the warnings found earlier too.
        let fail_with = |mut d: Vec<Diagnostic>| {
            d.extend(diagnostics.iter().cloned());
            d.sort();
            BuildFailure {
                diagnostics: d,
                message: None,
            }
        };
        let theme = theme.expect("or_fail: a theme with errors fails the build");
        let site = Site::new(&archive, &citations, &config, &theme);
        let (rendered, render_time) = timed(|| crate::write::site(&site, &staging, progress));
        timings.phases.push(("render", render_time));
        let stats = rendered.map_err(fail_with)?;
        Ok((citations, theme, stats))
    };
    let (rendered, (indexed, search_time)) = rayon::join(pages, || timed(write_index));
    timings.phases.push(("search", search_time));
    let (citations, theme, stats) = rendered?;
    let index_bytes = indexed?;
    let portable = portability(&staging.paths(), &archive);
    if portable.iter().any(Diagnostic::is_error) {
        let mut all = portable;
        all.extend(diagnostics);
        all.sort();
        return Err(BuildFailure {
            diagnostics: all,
            message: None,
        });
    }
    diagnostics.extend(portable);
    let committed = timings
        .time("commit", || staging.commit())
        .map_err(|e| Text::failed("cannot-put-site", &out_dir, &e))?;
    let output = committed.output;
    diagnostics.extend(
        committed
            .notes
            .into_iter()
            .map(|n| Diagnostic::warning(&output, n)),
    );
    timings.finish();
    let (mut resolved, mut outside, mut unlinked) = (0, 0, 0);
    for c in archive.entries.ids().flat_map(|d| citations.cites(d)) {
        match c.target {
            Ok(_) => resolved += 1,
            Err(crate::citations::Unresolved::NotArchived) => outside += 1,
            Err(_) => unlinked += 1,
        }
    }
    let report = BuildReport {
        output,
        documents: archive.len(),
        withheld: withheld.len(),
        pages: stats.pages,
        bytes: stats.bytes,
        search_bytes: index_bytes,
        citations_resolved: resolved,
        citations_outside: outside,
        citations_unlinked: unlinked,
        changes: committed.changes,
        warnings: diagnostics,
        timings,
    };
    let built = Built {
        config,
        archive,
        citations,
        theme,
    };
    Ok((report, built))
}

/// What a copy of the site on a FAT32 or exFAT stick could not hold ([`crate::portable`]),
/// said of the file each path comes from: an attachment at its document's `attachments`
/// line (a name it cannot hold was reported when it was loaded), anything else (the
/// theme's files) at its path in the site. Paths too long and paths that differ only in
/// case are errors: a copy would lack a file or hold the wrong one.
fn portability(paths: &[String], archive: &Archive) -> Vec<Diagnostic> {
    let problems = crate::portable::check(paths.iter().map(String::as_str));
    if problems.is_empty() {
        return Vec::new();
    }
    let attachments: HashMap<String, (&Path, Option<usize>)> = archive
        .entries
        .iter()
        .flat_map(|e| {
            e.doc.attachments.iter().map(move |a| {
                (
                    format!("{}/{}", e.attachment_dir(), a.file_name),
                    (e.doc.source.as_path(), a.line),
                )
            })
        })
        .collect();
    problems
        .into_iter()
        .filter_map(|(path, problem)| {
            let message = Text::new("attachment-refused")
                .with("name", path.as_str())
                .with("message", problem.message());
            let named = matches!(problem, crate::portable::Problem::Name(_));
            match attachments.get(&path) {
                Some(_) if named => None,
                Some((source, line)) => Some(
                    Diagnostic::error(source, message)
                        .at_line(*line)
                        .key("attachments"),
                ),
                None if named => Some(Diagnostic::warning(&path, problem.message())),
                None => Some(Diagnostic::error(&path, problem.message())),
            }
        })
        .collect()
}

/// What `serve` keeps of its last good build, so that an edit rewrites only the pages it
/// touches ([`Live::edit`]) instead of building the whole site again.
pub struct Live {
    pub options: BuildOptions,
    /// As the pages were rendered with (`--base-url` applied).
    pub config: Config,
    pub archive: Archive,
    pub citations: Graph,
    pub theme: Theme,
    /// Each archived document by its file, relative to the root.
    by_source: HashMap<PathBuf, DocId>,
}

/// What [`Live::edit`] rewrote.
#[derive(Debug)]
pub struct EditReport {
    /// Site paths of the pages rewritten: the edited documents' and those of the documents
    /// they cited before the edit or cite now, whose "cited by" lists and chains show them.
    pub pages: Vec<String>,
    /// Warnings of the edited files: loading and ambiguous citations.
    pub warnings: Vec<Diagnostic>,
}

impl Live {
    /// The search index of the archive as edited, swapped into the output whole: the one
    /// part of the site that [`Live::edit`] leaves as it was, and a fraction of the cost of
    /// a full build.
    pub fn refresh_search(&self) -> Result<(), Text> {
        let files = crate::search::index_archive(&self.archive);
        let out = output::InPlace::begin(&self.options.output_dir())?;
        crate::write::search(&out, &files)?;
        out.finish()
    }

    /// The archived document loaded from `source` (relative to the root).
    pub(crate) fn document_at(&self, source: &Path) -> Option<DocId> {
        self.by_source.get(source).copied()
    }

    /// Puts back the documents an edit replaced, and their citations.
    fn undo(&mut self, before: Vec<(DocId, Document)>) {
        let ids: Vec<DocId> = before.iter().map(|(id, _)| *id).collect();
        for (id, doc) in before {
            self.archive.replace_document(id, doc);
        }
        self.citations.refresh(&self.archive, &ids, &mut Vec::new());
    }

    /// Follows edits of archived documents' files (paths relative to the root) by loading
    /// only them and rewriting only the pages they touch, in the output folder itself, each
    /// page exactly as a full build writes it. `Ok(None)` when an edit is more than that can
    /// follow (see [`same_shape`]; or a file no longer published): build in full then.
    ///
    /// A file that fails to load gives the diagnostics a full build would, and nothing is
    /// changed. A page that fails to render also leaves everything as it was. A failure to
    /// write (`message`) may leave some pages new and some old: build in full then too.
    /// Pages that depend on the body but are not a document's (the search index) stay as
    /// they were until the next full build.
    pub fn edit(&mut self, files: &[PathBuf]) -> Result<Option<EditReport>, BuildFailure> {
        let opts = LoadOptions {
            drafts: self.options.drafts,
            publish: self.config.publish,
        };
        let mut diagnostics = Vec::new();
        let mut edits: Vec<(DocId, Document)> = Vec::new();
        let mut followed = true;
        for rel in files {
            let Some(id) = self.document_at(rel) else {
                return Ok(None);
            };
            let mut loaded = content::load_one(&self.options.root, rel, opts);
            diagnostics.append(&mut loaded.diagnostics);
            match loaded.documents.pop() {
                Some(doc) if same_shape(&self.archive.entries[id].doc, &doc) => {
                    edits.push((id, doc));
                }
                _ => followed = false,
            }
        }
        if diagnostics.iter().any(Diagnostic::is_error) {
            diagnostics.sort();
            return Err(BuildFailure {
                diagnostics,
                message: None,
            });
        }
        if !followed {
            return Ok(None);
        }

        let ids: Vec<DocId> = edits.iter().map(|(id, _)| *id).collect();
        let cited = |graph: &Graph, pages: &mut BTreeSet<DocId>| {
            for id in &ids {
                pages.extend(
                    graph
                        .cites(*id)
                        .iter()
                        .filter_map(|c| c.target.clone().ok()),
                );
            }
        };
        let mut pages: BTreeSet<DocId> = ids.iter().copied().collect();
        cited(&self.citations, &mut pages);
        // The pages of long relation lists each document has: an edit that adds or drops
        // one of those files is left to a full build.
        let lists_before: IdVec<DocId, _> = {
            let site = Site::new(&self.archive, &self.citations, &self.config, &self.theme);
            self.archive
                .entries
                .ids()
                .map(|id| site.document_lists(id))
                .collect()
        };
        let before: Vec<(DocId, Document)> = edits
            .into_iter()
            .map(|(id, doc)| (id, self.archive.replace_document(id, doc)))
            .collect();
        self.citations
            .refresh(&self.archive, &ids, &mut diagnostics);
        cited(&self.citations, &mut pages);

        let lists_changed = {
            let site = Site::new(&self.archive, &self.citations, &self.config, &self.theme);
            pages
                .iter()
                .any(|id| site.document_lists(*id) != lists_before[*id])
        };
        if lists_changed {
            self.undo(before);
            return Ok(None);
        }
        let site = Site::new(&self.archive, &self.citations, &self.config, &self.theme);
        let (rendered, mut errors): (Vec<Vec<_>>, Vec<_>) = pages
            .par_iter()
            .map(|id| site.document_pages(*id))
            .partition_map(|r| match r {
                Ok(pages) => rayon::iter::Either::Left(pages),
                Err(d) => rayon::iter::Either::Right(d),
            });
        let rendered: Vec<(String, String)> = rendered.into_iter().flatten().collect();
        if !errors.is_empty() {
            self.undo(before);
            errors.extend(diagnostics);
            errors.sort();
            errors.dedup_by(|a, b| a.message == b.message);
            return Err(BuildFailure {
                diagnostics: errors,
                message: None,
            });
        }
        let out = InPlace::begin(&self.options.output_dir())?;
        crate::write::files(&out, &rendered)?;
        out.finish()?;
        let written = rendered.into_iter().map(|(path, _)| path).collect();
        diagnostics.sort();
        Ok(Some(EditReport {
            pages: written,
            warnings: diagnostics,
        }))
    }
}

/// Whether an edit leaves alone everything of a document that pages other than its own show
/// (number, type, issuer, date, subject and draft mark in lists, neighbours' links, citation
/// lists and chains) or that the archive and the citations of other documents are built
/// from (issuer and parent spellings, campaigns, slug, date, number): then only its own
/// page, and those of the documents it cites, change. The body, signer, place, recipients
/// and distribution show on its own page only (distribution decides publishing under
/// `publish: marked`, which loading has checked). `references` and attachments are kept to
/// full builds, which copy attachments and are rare to edit.
fn same_shape(old: &Document, new: &Document) -> bool {
    old.number == new.number
        && old.doc_type == new.doc_type
        && old.issuer == new.issuer
        && old.parent == new.parent
        && old.date == new.date
        && old.subject == new.subject
        && old.campaigns == new.campaigns
        && old.references == new.references
        && old.attachments == new.attachments
        && old.draft == new.draft
        && old.slug == new.slug
}
