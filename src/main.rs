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
use vanban::terminal::{self, Bar};

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
            println!(
                "built {} documents ({} withheld), {} pages, {} citations resolved ({} not) into {} in {:.2} s; {} warnings",
                report.documents,
                report.withheld,
                report.pages,
                report.citations_resolved,
                report.citations_unresolved,
                report.output.display(),
                report.timings.total().as_secs_f64(),
                report.warnings.len()
            );
            let c = report.changes;
            println!(
                "pages: {} added, {} changed, {} removed ({} files new or changed)",
                c.added, c.changed, c.removed, c.files
            );
            ExitCode::SUCCESS
        }
        Err(failure) => {
            print_diagnostics(&failure.diagnostics);
            if let Some(m) = &failure.message {
                eprintln!("error: {m}");
            }
            let errors = failure.diagnostics.iter().filter(|d| d.is_error()).count();
            eprintln!(
                "build failed{}; the previous output was left as it was",
                if errors > 0 {
                    format!(" with {errors} errors")
                } else {
                    String::new()
                }
            );
            ExitCode::FAILURE
        }
    }
}

/// Prints what `serve` reports: the URL on stdout (scripts read it), the rest on stderr.
struct Console;

impl Reporter for Console {
    fn ready(&self, url: &str) {
        println!("Serving {url} (Ctrl-C to stop)");
    }

    fn built(&self, documents: usize, pages: usize, took: Duration) {
        eprintln!(
            "built {documents} documents, {pages} pages in {} ms",
            took.as_millis()
        );
    }

    fn edited(&self, files: &[PathBuf], pages: usize, took: Duration) {
        let files: Vec<String> = files.iter().map(|f| f.display().to_string()).collect();
        eprintln!(
            "updated {}: {pages} pages in {} ms",
            files.join(", "),
            took.as_millis()
        );
    }

    fn searchable(&self, took: Duration) {
        eprintln!("search index renewed in {} ms", took.as_millis());
    }

    fn failed(&self, lines: &[String]) {
        for l in lines {
            eprintln!("{l}");
        }
        eprintln!("build failed; still serving the last good site");
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
