//! `vanban-synth`: writes a synthetic archive (content/, vanban.yaml, citations.tsv) for load
//! tests and for measuring citation resolution against a known ground truth.

use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Instant;

use clap::Parser;
use vanban_bench::synth::{SynthOptions, generate};

/// Generate a realistic synthetic archive of Vietnamese directive documents.
#[derive(Parser)]
#[command(name = "vanban-synth", version)]
struct Args {
    /// Number of documents.
    #[arg(long, default_value_t = 1000)]
    docs: usize,
    /// Seed: the same arguments give byte-identical output.
    #[arg(long, default_value_t = 1)]
    seed: u64,
    /// Site folder to write (content/, vanban.yaml, citations.tsv).
    #[arg(long)]
    out: PathBuf,
    /// Mark every Nth document `secrecy: Mật`.
    #[arg(long, value_parser = clap::value_parser!(u64).range(1..))]
    secret_every: Option<u64>,
    /// Make every Nth document an unsigned draft.
    #[arg(long, value_parser = clap::value_parser!(u64).range(1..))]
    draft_every: Option<u64>,
}

fn main() -> ExitCode {
    let args = Args::parse();
    let opts = SynthOptions {
        docs: args.docs,
        seed: args.seed,
        secret_every: args.secret_every.map(|n| n as usize),
        draft_every: args.draft_every.map(|n| n as usize),
    };
    let start = Instant::now();
    match generate(&opts, &args.out) {
        Ok(s) => {
            println!(
                "{}: {} documents from {} issuers, {} citations planted, {:.1} MB in {:.2} s",
                args.out.display(),
                s.docs,
                s.issuers,
                s.citations_planted,
                s.bytes as f64 / 1e6,
                start.elapsed().as_secs_f64()
            );
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("vanban-synth: {e}");
            ExitCode::FAILURE
        }
    }
}
