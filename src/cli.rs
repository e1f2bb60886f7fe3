//! The `vanban` command line: parses arguments, calls the library, prints what it reports,
//! in the webmaster's language ([`crate::messages`]): its help, summaries and errors.
//! `src/main.rs` only calls [`main`].

use std::path::PathBuf;
use std::process::ExitCode;
use std::sync::Arc;
use std::sync::atomic::AtomicBool;
use std::time::Duration;

use crate::diagnostics::Diagnostic;
use crate::messages::{self, Lang, t, tr};
use crate::serve::{Reporter, ServeOptions};
use crate::site::{self, BuildOptions};
use crate::terminal::{self, Bar};
use clap::{Arg, ArgAction, CommandFactory, FromArgMatches, Parser, Subcommand, ValueEnum};

/// The help texts are the messages `cmd-NAME`, `arg-NAME-ARG` and `arg-ARG` of the chosen
/// language, set by [`localised`]; the doc comments here are for readers of the code.
#[derive(Parser)]
#[command(name = "vanban", version)]
struct Cli {
    #[command(subcommand)]
    command: Command,
    /// vi or en; by default the locale's (LC_ALL, LC_MESSAGES, LANG). Read before the
    /// arguments are parsed ([`lang_argument`]): declared here so that it is accepted.
    #[arg(long, global = true, value_parser = ["vi", "en"])]
    #[allow(dead_code)]
    lang: Option<String>,
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
        #[arg(long, value_parser = crate::new::parse_date)]
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
        let _ = writeln!(err, "{}", d.said());
    }
}

/// The language `--lang` asks for, read before the arguments are parsed, since the help
/// they print is in it.
fn lang_argument() -> Option<Lang> {
    let args: Vec<String> = std::env::args().take_while(|a| a != "--").collect();
    args.iter()
        .enumerate()
        .find_map(|(i, a)| match a.strip_prefix("--lang") {
            Some("") => args.get(i + 1).and_then(|v| Lang::parse(v)),
            Some(rest) => rest.strip_prefix('=').and_then(Lang::parse),
            None => None,
        })
}

/// The command line with every help text, heading and the help and version flags in the
/// chosen language.
fn localised() -> clap::Command {
    let template = format!(
        "{{about-with-newline}}\n{} {{usage}}\n\n{{all-args}}{{after-help}}",
        t("heading-usage")
    );
    let root = Cli::command()
        .about(t("app-about"))
        .disable_help_subcommand(true)
        .disable_version_flag(true)
        .arg(own_flag("version", 'V', ArgAction::Version));
    localise(root, None, &template)
}

/// One of clap's own flags (`--version`, `--help`), its help `arg-NAME` in the chosen
/// language.
fn own_flag(name: &'static str, short: char, action: ArgAction) -> Arg {
    Arg::new(name)
        .short(short)
        .long(name)
        .action(action)
        .help(t(&format!("arg-{name}")))
        .help_heading(t("heading-options"))
}

fn localise(mut cmd: clap::Command, name: Option<&str>, template: &str) -> clap::Command {
    let ids: Vec<String> = cmd
        .get_arguments()
        .map(|a| a.get_id().to_string())
        .filter(|id| id != "version")
        .collect();
    for id in ids {
        let own = name.map(|n| format!("arg-{n}-{id}"));
        let key = match own {
            Some(k) if messages::has(&k) => k,
            _ => format!("arg-{id}"),
        };
        cmd = cmd.mut_arg(&id, |a| {
            let heading = if a.is_positional() {
                "heading-arguments"
            } else {
                "heading-options"
            };
            a.help(t(&key)).help_heading(t(heading))
        });
    }
    cmd = cmd
        .help_template(template.to_string())
        .subcommand_help_heading(t("heading-commands"))
        .disable_help_flag(true)
        .arg(own_flag("help", 'h', ArgAction::Help));
    let names: Vec<String> = cmd
        .get_subcommands()
        .map(|s| s.get_name().to_string())
        .collect();
    for n in names {
        cmd = cmd.mut_subcommand(&n, |s| {
            localise(s.about(t(&format!("cmd-{n}"))), Some(&n), template)
        });
    }
    cmd
}

/// Exits on a command line clap refused. In English, as clap words it (with its usage);
/// in Vietnamese, the common kinds of mistake in Fluent messages, naming the argument and
/// value as they were typed. Help and version are printed as they are.
fn argument_error(e: clap::Error, lang: Lang) -> ! {
    use clap::error::{ContextKind, ContextValue, ErrorKind};
    if lang == Lang::En
        || matches!(
            e.kind(),
            ErrorKind::DisplayHelp
                | ErrorKind::DisplayVersion
                | ErrorKind::DisplayHelpOnMissingArgumentOrSubcommand
        )
    {
        e.exit()
    }
    let context = |kind: ContextKind| match e.get(kind) {
        Some(ContextValue::String(s)) => s.clone(),
        Some(ContextValue::Strings(v)) => v.join(", "),
        Some(other) => other.to_string(),
        None => String::new(),
    };
    let value = context(ContextKind::InvalidValue);
    let text = messages::Text::new(match e.kind() {
        ErrorKind::UnknownArgument => "clap-unknown-argument",
        ErrorKind::InvalidSubcommand => "clap-unknown-command",
        ErrorKind::InvalidValue if value.is_empty() => "clap-missing-value",
        ErrorKind::InvalidValue => "clap-invalid-value",
        ErrorKind::ValueValidation => "clap-value-validation",
        ErrorKind::MissingRequiredArgument => "clap-missing-argument",
        ErrorKind::MissingSubcommand => "clap-missing-command",
        ErrorKind::ArgumentConflict
            if context(ContextKind::InvalidArg) == context(ContextKind::PriorArg) =>
        {
            "clap-repeated"
        }
        ErrorKind::ArgumentConflict => "clap-conflict",
        ErrorKind::TooManyValues => "clap-too-many",
        _ => "clap-other",
    });
    let reason = std::error::Error::source(&e)
        .map(ToString::to_string)
        .unwrap_or_default();
    let mut message = text
        .with("arg", context(ContextKind::InvalidArg))
        .with("value", value)
        .with("reason", reason)
        .with("other", context(ContextKind::PriorArg))
        .with("command", context(ContextKind::InvalidSubcommand))
        .said();
    let valid = context(ContextKind::ValidValue);
    if !valid.is_empty() {
        message.push_str(&tr("clap-valid-values", &[("values", valid.into())]));
    }
    let suggested = [ContextKind::SuggestedArg, ContextKind::SuggestedSubcommand]
        .into_iter()
        .map(context)
        .find(|s| !s.is_empty());
    if let Some(s) = suggested {
        message.push_str(&tr("clap-suggested", &[("suggested", s.into())]));
    }
    eprintln!("{}", tr("error", &[("message", message.into())]));
    eprintln!("\n{}", t("clap-more"));
    std::process::exit(e.exit_code())
}

/// Runs the command the arguments name; what the process exits with.
pub fn main() -> ExitCode {
    let lang = lang_argument().unwrap_or_else(Lang::from_env);
    messages::choose(lang);
    let matches = localised()
        .try_get_matches()
        .unwrap_or_else(|e| argument_error(e, lang));
    let cli = Cli::from_arg_matches(&matches).unwrap_or_else(|e| argument_error(e, lang));
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
            let outcome = crate::import::import_files(&root, &files);
            for report in &outcome.reports {
                println!("{}", report.said());
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
            let report = crate::check::check(&root);
            match format {
                Format::Text => print!("{}", crate::check::to_text(&report, messages::current())),
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
            let opts = crate::new::NewOptions {
                number,
                issuer,
                date,
                doc_type,
            };
            match crate::new::create(&root, &opts) {
                Ok(path) => {
                    println!("{}", path.display());
                    ExitCode::SUCCESS
                }
                Err(e) => {
                    eprintln!("{}", tr("error", &[("message", e.said().into())]));
                    ExitCode::FAILURE
                }
            }
        }
    }
}

fn build(mut opts: BuildOptions) -> ExitCode {
    let bar = terminal::bar_wanted().then(|| Arc::new(Bar::counting(&t("unit-pages"))));
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
                eprintln!("{}", tr("error", &[("message", m.said().into())]));
            }
            let errors = failure.diagnostics.iter().filter(|d| d.is_error()).count();
            let output = out_dir.display().to_string();
            let id = if previous {
                "build-failed-kept"
            } else {
                "build-failed-nothing"
            };
            eprintln!(
                "{}",
                tr(id, &[("errors", errors.into()), ("output", output.into())])
            );
            ExitCode::FAILURE
        }
    }
}

/// The line that ends a build, for `build` and `serve` alike: what was built, where, how
/// fast, what changed since the last build, what became of the citations, and the warnings.
fn summary(r: &site::BuildReport) -> String {
    let c = r.changes;
    let mut citations: Vec<String> = [
        ("citations-linked", r.citations_resolved),
        ("citations-outside", r.citations_outside),
        ("citations-unlinked", r.citations_unlinked),
    ]
    .into_iter()
    .filter(|(_, n)| *n > 0)
    .map(|(id, n)| tr(id, &[("count", n.into())]))
    .collect();
    if citations.is_empty() {
        citations.push(t("citations-none"));
    }
    tr(
        "build-summary",
        &[
            ("documents", r.documents.into()),
            ("withheld", r.withheld.into()),
            ("pages", r.pages.into()),
            ("output", r.output.display().to_string().into()),
            (
                "seconds",
                format!("{:.2}", r.timings.total().as_secs_f64()).into(),
            ),
            ("added", c.added.into()),
            ("changed", c.changed.into()),
            ("removed", c.removed.into()),
            ("files", c.files.into()),
            ("citations", citations.join(", ").into()),
            ("warnings", r.warnings.len().into()),
        ],
    )
}

/// Prints what `serve` reports: the URL on stdout (scripts read it), the rest on stderr.
struct Console;

impl Reporter for Console {
    fn ready(&self, url: &str) {
        println!("{}", tr("serve-ready", &[("url", url.into())]));
    }

    fn built(&self, report: &site::BuildReport) {
        eprintln!("{}", summary(report));
    }

    fn edited(&self, files: &[PathBuf], pages: usize, took: Duration) {
        let files: Vec<String> = files.iter().map(|f| f.display().to_string()).collect();
        eprintln!(
            "{}",
            tr(
                "serve-updated",
                &[
                    ("files", files.join(", ").into()),
                    ("pages", pages.into()),
                    ("ms", (took.as_millis() as u64).into()),
                ]
            )
        );
    }

    fn searchable(&self, took: Duration) {
        eprintln!(
            "{}",
            tr(
                "serve-searchable",
                &[("ms", (took.as_millis() as u64).into())]
            )
        );
    }

    fn failed(&self, lines: &[String], serving: bool) {
        for l in lines {
            eprintln!("{l}");
        }
        if serving {
            eprintln!("{}", t("serve-failed-serving"));
        } else {
            eprintln!("{}", t("serve-failed-nothing"));
        }
    }
}

fn serve(opts: ServeOptions) -> ExitCode {
    let stop = Arc::new(AtomicBool::new(false));
    let flag = stop.clone();
    if let Err(e) =
        ctrlc::set_handler(move || flag.store(true, std::sync::atomic::Ordering::SeqCst))
    {
        let reason = tr("serve-no-ctrlc", &[("reason", e.to_string().into())]);
        eprintln!("{}", tr("error", &[("message", reason.into())]));
        return ExitCode::FAILURE;
    }
    match crate::serve::serve(&opts, stop, Arc::new(Console)) {
        Ok(()) => {
            eprintln!("{}", t("serve-stopped"));
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("{}", tr("error", &[("message", e.said().into())]));
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

/// A bar counting files, on a terminal.
fn file_bar() -> Option<Bar> {
    terminal::bar_wanted().then(|| Bar::counting(&t("unit-files")))
}

fn sync(site: &std::path::Path, dest: &std::path::Path, checksum: bool) -> ExitCode {
    let bar = file_bar();
    let progress: &dyn site::Progress = match &bar {
        Some(b) => b,
        None => &site::NoProgress,
    };
    let result = crate::sync::sync(site, dest, checksum, progress);
    if let Some(b) = &bar {
        b.finish();
    }
    match result {
        Ok(r) => {
            let dest = r.dest.display().to_string();
            if r.completed {
                eprintln!("{}", t("sync-completed"));
            }
            if !r.repaired.is_empty() {
                let what = tr(
                    "sync-repaired",
                    &[
                        ("count", r.repaired.len().into()),
                        ("dest", dest.as_str().into()),
                    ],
                );
                let message = format!("{what}\n    {}", r.repaired.join("\n    "));
                eprintln!("{}", tr("warning", &[("message", message.into())]));
            }
            if r.copied == 0 && r.removed == 0 {
                println!(
                    "{}",
                    tr(
                        "sync-up-to-date",
                        &[("dest", dest.into()), ("unchanged", r.unchanged.into())]
                    )
                );
            } else {
                println!(
                    "{}",
                    tr(
                        "sync-done",
                        &[
                            ("dest", dest.into()),
                            ("copied", r.copied.into()),
                            ("size", size(r.bytes).into()),
                            ("removed", r.removed.into()),
                            ("unchanged", r.unchanged.into()),
                        ]
                    )
                );
            }
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("{}", tr("error", &[("message", e.said().into())]));
            ExitCode::FAILURE
        }
    }
}

fn verify_copy(dest: &std::path::Path) -> ExitCode {
    let bar = file_bar();
    let progress: &dyn site::Progress = match &bar {
        Some(b) => b,
        None => &site::NoProgress,
    };
    let result = crate::sync::verify(dest, progress);
    if let Some(b) = &bar {
        b.finish();
    }
    let shown = dest.display().to_string();
    match result {
        Ok(v) => {
            for (id, files) in [
                ("verify-corrupted", &v.corrupted),
                ("verify-missing", &v.missing),
                ("verify-extra", &v.extra),
            ] {
                for f in files {
                    println!("{}", tr(id, &[("path", f.as_str().into())]));
                }
            }
            if v.interrupted {
                println!(
                    "{}",
                    tr("verify-interrupted", &[("dest", shown.as_str().into())])
                );
            }
            if v.is_good() {
                println!(
                    "{}",
                    tr(
                        "verify-good",
                        &[("dest", shown.into()), ("files", v.files.into())]
                    )
                );
                return ExitCode::SUCCESS;
            }
            println!(
                "{}",
                tr(
                    "verify-bad",
                    &[
                        ("dest", shown.as_str().into()),
                        ("corrupted", v.corrupted.len().into()),
                        ("missing", v.missing.len().into()),
                        ("extra", v.extra.len().into()),
                        ("files", v.files.into()),
                    ]
                )
            );
            if v.extra.is_empty() && !(v.corrupted.is_empty() && v.missing.is_empty()) {
                println!("{}", tr("verify-hint", &[("dest", shown.into())]));
            }
            ExitCode::FAILURE
        }
        Err(e) => {
            eprintln!("{}", tr("error", &[("message", e.said().into())]));
            ExitCode::FAILURE
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::messages::Messages;

    /// Every command and argument has its help text in both languages.
    #[test]
    fn every_help_text_is_in_both_languages() {
        for lang in [Lang::En, Lang::Vi] {
            let m = Messages::new(lang);
            let root = Cli::command();
            for arg in root.get_arguments() {
                assert!(m.has(&format!("arg-{}", arg.get_id())), "{lang:?}: {arg:?}");
            }
            for sub in root.get_subcommands() {
                let n = sub.get_name();
                assert!(m.has(&format!("cmd-{n}")), "{lang:?}: cmd-{n}");
                for arg in sub.get_arguments() {
                    let id = arg.get_id();
                    assert!(
                        m.has(&format!("arg-{n}-{id}")) || m.has(&format!("arg-{id}")),
                        "{lang:?}: arg-{n}-{id}"
                    );
                }
            }
        }
        // The help is built for each without a panic.
        localised().debug_assert();
    }
}
