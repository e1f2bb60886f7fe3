//! The `vanban` command line: parses arguments, calls the library, prints what it reports.

use std::path::PathBuf;
use std::process::ExitCode;
use std::sync::Arc;
use std::sync::atomic::AtomicBool;
use std::time::Duration;

use clap::{Parser, Subcommand, ValueEnum};
use vanban::diagnostics::Diagnostic;
use vanban::serve::{Reporter, ServeOptions};
use vanban::site::{self, BuildOptions};
use vanban::terminal::{self, Bar, count};

#[derive(Parser)]
#[command(
    name = "vanban",
    version,
    about = "Dựng trang lưu trữ văn bản chỉ đạo từ thư mục Markdown"
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Clone, Copy, ValueEnum)]
enum Format {
    Text,
    Json,
}

#[derive(Subcommand)]
enum Command {
    /// Build DIR/content/ into DIR/public/ (or --output).
    Build {
        /// The site folder (holding content/).
        #[arg(long, default_value = ".")]
        root: PathBuf,
        /// Where to write the site (default: ROOT/public).
        #[arg(long)]
        output: Option<PathBuf>,
        /// Include unsigned drafts, marked DỰ THẢO.
        #[arg(long)]
        drafts: bool,
        /// The address the site is published at (for the feed and sitemap).
        #[arg(long)]
        base_url: Option<String>,
    },
    /// Turn signed documents (.txt, .docx, .doc, .pdf, .html) into content files, fields filled from the text.
    Import {
        /// The files to import.
        #[arg(required = true)]
        files: Vec<PathBuf>,
        #[arg(long, default_value = ".")]
        root: PathBuf,
    },
    /// Build, serve on 127.0.0.1, rebuild on change and reload open pages.
    Serve {
        #[arg(long, default_value = ".")]
        root: PathBuf,
        /// The port to listen on; 0 picks a free one.
        #[arg(long, default_value_t = 8000)]
        port: u16,
    },
    /// Make DEST (a USB stick, a shared folder) a verified copy of the built site, copying only what changed.
    Sync {
        /// The folder to copy the site into: empty, or a copy vanban made before.
        dest: PathBuf,
        /// The site folder (its built site is ROOT/public).
        #[arg(long, default_value = ".")]
        root: PathBuf,
        /// Only check DEST against its list of files: report corrupted, missing and extra files.
        #[arg(long)]
        verify: bool,
        /// Read every file on DEST instead of trusting its size and time: copies again what --verify found corrupted.
        #[arg(long, conflicts_with = "verify")]
        checksum: bool,
    },
    /// Report every error and warning without writing anything; exit 1 on errors.
    Check {
        #[arg(long, default_value = ".")]
        root: PathBuf,
        /// `json` for scripts.
        #[arg(long, value_enum, default_value = "text")]
        format: Format,
    },
    /// Write a new document file with every key, prefilled; never overwrites.
    New {
        #[arg(long, default_value = ".")]
        root: PathBuf,
        /// Số, ký hiệu: 44-CV/HU.
        #[arg(long)]
        number: Option<String>,
        /// Cơ quan ban hành.
        #[arg(long)]
        issuer: Option<String>,
        /// Ngày ban hành (default: today).
        #[arg(long, value_parser = vanban::new::parse_date)]
        date: Option<chrono::NaiveDate>,
        /// Loại văn bản.
        #[arg(long = "type")]
        doc_type: Option<String>,
    },
}

fn print_diagnostics(diags: &[Diagnostic]) {
    use std::io::Write;
    // Standard error is unbuffered: one write per diagnostic, not one per piece of it.
    let mut err = std::io::BufWriter::new(std::io::stderr().lock());
    for d in diags {
        let _ = writeln!(err, "{d}");
    }
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    match cli.command {
        Command::Build {
            root,
            output,
            drafts,
            base_url,
        } => build(BuildOptions {
            root,
            output,
            drafts,
            base_url,
            progress: None,
        }),
        Command::Import { files, root } => {
            let outcome = vanban::import::import_files(&root, &files);
            for report in &outcome.reports {
                println!("{report}");
            }
            print_diagnostics(&outcome.errors);
            if outcome.errors.is_empty() {
                ExitCode::SUCCESS
            } else {
                ExitCode::FAILURE
            }
        }
        Command::Serve { root, port } => serve(ServeOptions { root, port }),
        Command::Sync {
            dest,
            root,
            verify,
            checksum,
        } => {
            if verify {
                verify_copy(&dest)
            } else {
                sync(&root.join("public"), &dest, checksum)
            }
        }
        Command::Check { root, format } => {
            let report = vanban::check::check(&root);
            match format {
                Format::Text => print!("{}", vanban::check::to_text(&report)),
                Format::Json => println!(
                    "{}",
                    serde_json::to_string_pretty(&report).expect("the report serialises")
                ),
            }
            if report.has_errors() {
                ExitCode::FAILURE
            } else {
                ExitCode::SUCCESS
            }
        }
        Command::New {
            root,
            number,
            issuer,
            date,
            doc_type,
        } => {
            let opts = vanban::new::NewOptions {
                number,
                issuer,
                date,
                doc_type,
            };
            match vanban::new::create(&root, &opts) {
                Ok(path) => {
                    println!("{}", path.display());
                    ExitCode::SUCCESS
                }
                Err(e) => {
                    eprintln!("error: {e}");
                    ExitCode::FAILURE
                }
            }
        }
    }
}

fn build(mut opts: BuildOptions) -> ExitCode {
    let bar = terminal::bar_wanted().then(|| Arc::new(Bar::new()));
    opts.progress = bar.clone().map(|b| b as Arc<dyn site::Progress>);
    let out_dir = opts.output_dir();
    // Whether there is an output the failure leaves as it was, asked before the build.
    let previous = std::fs::read_dir(&out_dir).is_ok_and(|mut d| d.next().is_some());
    let result = site::build(&opts);
    if let Some(b) = &bar {
        b.finish();
    }
    match result {
        Ok(report) => {
            print_diagnostics(&report.warnings);
            if std::env::var_os(site::TIMINGS_ENV).is_some() {
                eprintln!("{}", report.timings.line());
            }
            println!("{}", summary(&report));
            ExitCode::SUCCESS
        }
        Err(failure) => {
            print_diagnostics(&failure.diagnostics);
            if let Some(m) = &failure.message {
                eprintln!("error: {m}");
            }
            let errors = failure.diagnostics.iter().filter(|d| d.is_error()).count();
            let with = match errors {
                0 => String::new(),
                n => format!(" with {}", count(n, "error", "errors")),
            };
            if previous {
                eprintln!(
                    "build failed{with}; the previous output was left as it was in {}",
                    out_dir.display()
                );
            } else {
                eprintln!("build failed{with}; nothing was written");
            }
            ExitCode::FAILURE
        }
    }
}

/// The line that ends a build, for `build` and `serve` alike: what was built, where, how
/// fast, what changed since the last build, what became of the citations, and the warnings.
fn summary(r: &site::BuildReport) -> String {
    let c = r.changes;
    let mut citations = Vec::new();
    if r.citations_resolved > 0 {
        citations.push(format!(
            "{} to archived documents",
            count(r.citations_resolved, "citation links", "citations link")
        ));
    }
    if r.citations_outside > 0 {
        citations.push(format!(
            "{} outside the archive",
            count(r.citations_outside, "citation points", "citations point")
        ));
    }
    if r.citations_unlinked > 0 {
        citations.push(format!(
            "{} not linked (see vanban check)",
            count(r.citations_unlinked, "citation", "citations")
        ));
    }
    if citations.is_empty() {
        citations.push("no citations".into());
    }
    let warnings = match r.warnings.len() {
        0 => "no warnings".to_string(),
        n => count(n, "warning", "warnings"),
    };
    format!(
        "built {} ({} withheld), {} into {} in {:.2} s; pages: {} added, {} changed, {} removed ({} new or changed); {}; {warnings}",
        count(r.documents, "document", "documents"),
        r.withheld,
        count(r.pages, "page", "pages"),
        r.output.display(),
        r.timings.total().as_secs_f64(),
        c.added,
        c.changed,
        c.removed,
        count(c.files, "file", "files"),
        citations.join(", "),
    )
}

/// Prints what `serve` reports: the URL on stdout (scripts read it), the rest on stderr.
struct Console;

impl Reporter for Console {
    fn ready(&self, url: &str) {
        println!("Serving {url} (Ctrl-C to stop)");
    }

    fn built(&self, report: &site::BuildReport) {
        eprintln!("{}", summary(report));
    }

    fn edited(&self, files: &[PathBuf], pages: usize, took: Duration) {
        let files: Vec<String> = files.iter().map(|f| f.display().to_string()).collect();
        eprintln!(
            "updated {}: {} in {} ms",
            files.join(", "),
            count(pages, "page", "pages"),
            took.as_millis()
        );
    }

    fn searchable(&self, took: Duration) {
        eprintln!("search index renewed in {} ms", took.as_millis());
    }

    fn failed(&self, lines: &[String], serving: bool) {
        for l in lines {
            eprintln!("{l}");
        }
        if serving {
            eprintln!("build failed; still serving the last good site");
        } else {
            eprintln!("build failed; there is no site to serve until a build succeeds");
        }
    }
}

fn serve(opts: ServeOptions) -> ExitCode {
    let stop = Arc::new(AtomicBool::new(false));
    let flag = stop.clone();
    if let Err(e) =
        ctrlc::set_handler(move || flag.store(true, std::sync::atomic::Ordering::SeqCst))
    {
        eprintln!("error: cannot handle Ctrl-C: {e}");
        return ExitCode::FAILURE;
    }
    match vanban::serve::serve(&opts, stop, Arc::new(Console)) {
        Ok(()) => {
            eprintln!("stopped");
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("error: {e}");
            ExitCode::FAILURE
        }
    }
}

/// A byte size for people: `812 B`, `45.3 kB`, `12.0 MB`.
fn size(bytes: u64) -> String {
    match bytes {
        b if b < 1000 => format!("{b} B"),
        b if b < 1_000_000 => format!("{:.1} kB", b as f64 / 1e3),
        b => format!("{:.1} MB", b as f64 / 1e6),
    }
}

fn sync(site: &std::path::Path, dest: &std::path::Path, checksum: bool) -> ExitCode {
    let bar = terminal::bar_wanted().then(|| Bar::counting("tệp"));
    let progress: &dyn site::Progress = match &bar {
        Some(b) => b,
        None => &site::NoProgress,
    };
    let result = vanban::sync::sync(site, dest, checksum, progress);
    if let Some(b) = &bar {
        b.finish();
    }
    match result {
        Ok(r) => {
            if r.completed {
                eprintln!("completed the sync that was interrupted before");
            }
            if !r.repaired.is_empty() {
                eprintln!(
                    "warning: {} on {} did not hold the listed bytes (damaged on the device, or by the sync interrupted) and {} copied again:\n    {}",
                    count(r.repaired.len(), "file", "files"),
                    r.dest.display(),
                    if r.repaired.len() == 1 { "was" } else { "were" },
                    r.repaired.join("\n    ")
                );
            }
            if r.copied == 0 && r.removed == 0 {
                println!(
                    "{} is up to date: nothing to copy ({} unchanged)",
                    r.dest.display(),
                    count(r.unchanged, "file", "files")
                );
            } else {
                println!(
                    "synced {}: {} copied ({}) and read back, {} removed, {} unchanged",
                    r.dest.display(),
                    count(r.copied, "file", "files"),
                    size(r.bytes),
                    r.removed,
                    r.unchanged
                );
            }
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("error: {e}");
            ExitCode::FAILURE
        }
    }
}

fn verify_copy(dest: &std::path::Path) -> ExitCode {
    let bar = terminal::bar_wanted().then(|| Bar::counting("tệp"));
    let progress: &dyn site::Progress = match &bar {
        Some(b) => b,
        None => &site::NoProgress,
    };
    let result = vanban::sync::verify(dest, progress);
    if let Some(b) = &bar {
        b.finish();
    }
    match result {
        Ok(v) => {
            for (kind, files) in [
                ("corrupted", &v.corrupted),
                ("missing", &v.missing),
                ("extra", &v.extra),
            ] {
                for f in files {
                    println!("{kind}: {f}");
                }
            }
            if v.interrupted {
                println!(
                    "interrupted: the last sync to {} did not finish; run `vanban sync` again",
                    dest.display()
                );
            }
            if v.is_good() {
                println!(
                    "{}: all {} match the list",
                    dest.display(),
                    count(v.files, "file", "files")
                );
                ExitCode::SUCCESS
            } else {
                println!(
                    "{}: {} corrupted, {} missing, {} extra of {} listed",
                    dest.display(),
                    v.corrupted.len(),
                    v.missing.len(),
                    v.extra.len(),
                    count(v.files, "file", "files")
                );
                if v.extra.is_empty() && !(v.corrupted.is_empty() && v.missing.is_empty()) {
                    println!(
                        "`vanban sync --checksum {}` copies the damaged and missing files again",
                        dest.display()
                    );
                }
                ExitCode::FAILURE
            }
        }
        Err(e) => {
            eprintln!("error: {e}");
            ExitCode::FAILURE
        }
    }
}
