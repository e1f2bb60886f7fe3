//! The pipeline's one writer. Every file of a site — pages, feed, sitemap, the theme's
//! static files, attachments, the search index — is made by `render` or `search` as data
//! and put into a [`Sink`] here: the staging folder for `build`, the live folder for
//! serve's fast path. Neither render nor search touches the file system.

use rayon::prelude::*;

use crate::diagnostics::Diagnostic;
use crate::messages::Text;
use crate::output::Sink;
use crate::progress::Progress;
use crate::render::Site;

/// What the pages of a build came to.
#[derive(Debug, Default, Clone, Copy)]
pub struct RenderStats {
    pub pages: usize,
    pub bytes: usize,
}

/// Renders every page of `site` and writes it into `sink`, in parallel, then the files
/// made after the pages and the attachments. Every error is returned, not the first.
/// `progress` is told of each page written.
pub fn site(
    site: &Site,
    sink: &dyn Sink,
    progress: &dyn Progress,
) -> Result<RenderStats, Vec<Diagnostic>> {
    let jobs = site.page_jobs();
    progress.phase("render", jobs.len());
    let results: Vec<Result<(String, usize), Diagnostic>> = jobs
        .par_iter()
        .map(|job| {
            let (path, html) = site.render_page(job)?;
            put(sink, &path, html.as_bytes())?;
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
    for (path, bytes) in site.closing_files(&mut paths) {
        if let Err(d) = put(sink, &path, &bytes) {
            errors.push(d);
        }
    }
    let copies: Vec<Result<(), Diagnostic>> = site
        .attachments()
        .map(|att| {
            sink.copy(&att.path, att.source).map_err(|err| {
                Diagnostic::error(
                    att.named_in,
                    Text::new("attachment-not-copied")
                        .with("name", att.name)
                        .with("reason", Text::io(&err)),
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

/// Writes `files` (path from the site root, text) into `sink`, in parallel; their bytes
/// in all.
pub fn files(sink: &dyn Sink, files: &[(String, String)]) -> Result<usize, Text> {
    files
        .par_iter()
        .map(|(path, text)| {
            sink.write(path, text.as_bytes())
                .map(|()| text.len())
                .map_err(|e| Text::failed("cannot-write", std::path::Path::new(path), &e))
        })
        .sum()
}

/// The search index's files, which must agree with one another, into its folder in `sink`
/// ([`Sink::folder`]: swapped in whole in a live site); their bytes in all. A build writes
/// the index here, and so does `serve` when it renews the index after a quiet second.
pub fn search(sink: &dyn Sink, files: &[(String, String)]) -> Result<usize, Text> {
    sink.folder(crate::search::INDEX_DIR, files).map_err(|e| {
        Text::failed(
            "cannot-write",
            std::path::Path::new(crate::search::INDEX_DIR),
            &e,
        )
    })?;
    Ok(files.iter().map(|(_, text)| text.len()).sum())
}

/// One file into `sink`, its error a diagnostic on its path.
fn put(sink: &dyn Sink, path: &str, bytes: &[u8]) -> Result<(), Diagnostic> {
    sink.write(path, bytes)
        .map_err(|e| Diagnostic::error(path, Text::unwritable(&e)))
}
