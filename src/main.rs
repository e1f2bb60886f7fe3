//! The `vanban` command line: parses arguments, calls the library, prints diagnostics.

use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand};
use vanban::diagnostics::Diagnostic;
use vanban::site::{self, BuildOptions};

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
    /// Turn signed documents (.txt or .docx) into content files, fields filled from the text.
    Import {
        /// The files to import.
        #[arg(required = true)]
        files: Vec<PathBuf>,
        #[arg(long, default_value = ".")]
        root: PathBuf,
    },
    /// Report every error and warning without writing anything; exit 1 on errors.
    Check {
        #[arg(long, default_value = ".")]
        root: PathBuf,
    },
}

fn print_diagnostics(diags: &[Diagnostic]) {
    for d in diags {
        eprintln!("{d}");
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
        } => {
            let opts = BuildOptions {
                root,
                output,
                drafts,
                base_url,
            };
            match site::build(&opts) {
                Ok(report) => {
                    print_diagnostics(&report.warnings);
                    println!(
                        "built {} documents ({} withheld), {} pages into {} in {:.2} s; {} warnings",
                        report.documents,
                        report.withheld,
                        report.pages,
                        report.output.display(),
                        report.timings.total().as_secs_f64(),
                        report.warnings.len()
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
        Command::Check { root } => {
            let mut timings = site::Timings::default();
            match site::prepare(&root, true, &mut timings) {
                Ok(p) => {
                    print_diagnostics(&p.diagnostics);
                    println!(
                        "{} documents, 0 errors, {} warnings",
                        p.archive.len(),
                        p.diagnostics.len()
                    );
                    ExitCode::SUCCESS
                }
                Err(diags) => {
                    print_diagnostics(&diags);
                    let errors = diags.iter().filter(|d| d.is_error()).count();
                    println!("{errors} errors, {} warnings", diags.len() - errors);
                    ExitCode::FAILURE
                }
            }
        }
    }
}
