//! `vanban-bench`: the build benchmark of issue 7. Generates synthetic archives (cached per
//! size and seed), builds each several times with the `vanban` binary next to this one, each
//! build a child process so that its peak memory is its own, and prints medians per phase,
//! memory, throughput, search index sizes and citation accuracy against the ground truth.

use std::collections::BTreeMap;
use std::fs;
use std::io::Read as _;
use std::path::{Path, PathBuf};
use std::process::{Command, ExitCode, Stdio};
use std::time::Instant;

use clap::Parser;
use vanban::site::{self, TIMINGS_ENV, TIMINGS_PREFIX, Timings};
use vanban::synth::{SynthOptions, citation_accuracy, generate};

/// Benchmark `vanban build` on synthetic archives.
#[derive(Parser)]
#[command(name = "vanban-bench")]
struct Args {
    /// Archive sizes, in documents.
    #[arg(long, value_delimiter = ',', default_value = "1000,10000")]
    docs: Vec<usize>,
    /// Builds per size; medians are reported.
    #[arg(long, default_value_t = 5)]
    runs: usize,
    /// Work folder (archives are cached here): use tmpfs so the disk is not measured.
    #[arg(long, default_value = "/dev/shm/vanban-bench")]
    out: PathBuf,
    #[arg(long, default_value_t = 1)]
    seed: u64,
    /// The `vanban` binary (default: the one next to this program).
    #[arg(long)]
    vanban: Option<PathBuf>,
}

/// One child build: phase seconds (from the `--timings` line), wall time, peak RSS, CPU.
struct Run {
    phases: Vec<(String, f64)>,
    wall: f64,
    max_rss_kib: u64,
    cpu: f64,
}

fn main() -> ExitCode {
    let args = Args::parse();
    let vanban = args.vanban.clone().unwrap_or_else(|| {
        std::env::current_exe()
            .expect("own path")
            .with_file_name("vanban")
    });
    if !vanban.is_file() {
        eprintln!(
            "vanban-bench: no {} (run `cargo build --release` first)",
            vanban.display()
        );
        return ExitCode::FAILURE;
    }
    let cores = std::thread::available_parallelism().map_or(1, |n| n.get());
    let load = fs::read_to_string("/proc/loadavg").unwrap_or_default();
    println!(
        "vanban-bench: {} runs per size, {cores} cores, load average {}",
        args.runs,
        load.split_whitespace()
            .take(3)
            .collect::<Vec<_>>()
            .join(" ")
    );
    for &docs in &args.docs {
        if let Err(e) = bench_size(&args, &vanban, docs) {
            eprintln!("vanban-bench: {docs} documents: {e}");
            return ExitCode::FAILURE;
        }
    }
    ExitCode::SUCCESS
}

fn bench_size(args: &Args, vanban: &Path, docs: usize) -> Result<(), String> {
    let site = args.out.join(format!("site-{docs}-seed{}", args.seed));
    let done = site.join(".complete");
    if !done.is_file() {
        let start = Instant::now();
        let opts = SynthOptions {
            docs,
            seed: args.seed,
            secret_every: None,
            draft_every: None,
        };
        generate(&opts, &site).map_err(|e| format!("generating: {e}"))?;
        fs::write(&done, "").map_err(|e| e.to_string())?;
        println!(
            "generated {} in {:.1} s",
            site.display(),
            start.elapsed().as_secs_f64()
        );
    }
    let output = args.out.join(format!("public-{docs}"));
    let mut runs = Vec::new();
    for _ in 0..args.runs.max(1) {
        runs.push(build_once(vanban, &site, &output)?);
    }

    println!("\n## {docs} documents (median of {} builds)\n", runs.len());
    println!("| phase | median s |\n|---|---|");
    let mut phase_names: Vec<String> = Vec::new();
    for r in &runs {
        for (p, _) in &r.phases {
            if !phase_names.contains(p) {
                phase_names.push(p.clone());
            }
        }
    }
    for p in &phase_names {
        let m = median(
            runs.iter()
                .filter_map(|r| r.phases.iter().find(|(n, _)| n == p).map(|(_, s)| *s)),
        );
        println!("| {} | {m:.3} |", label(p));
    }
    let wall = median(runs.iter().map(|r| r.wall));
    let cpu = median(runs.iter().map(|r| r.cpu));
    let rss = median(runs.iter().map(|r| r.max_rss_kib as f64));
    let pages = count_files(&output, "html");
    println!("| **wall (process)** | **{wall:.3}** |");
    println!("| CPU (user+sys) | {cpu:.3} |");
    println!(
        "\npeak RSS {:.0} MiB; {pages} pages, {:.0} pages/s",
        rss / 1024.0,
        pages as f64 / wall
    );

    search_figures(&output)?;
    accuracy(&site)?;
    Ok(())
}

/// Builds `site` into `output` as a child process, reaped with `wait4` for its own rusage.
fn build_once(vanban: &Path, site: &Path, output: &Path) -> Result<Run, String> {
    let start = Instant::now();
    let mut child = Command::new(vanban)
        .arg("build")
        .arg("--root")
        .arg(site)
        .arg("--output")
        .arg(output)
        .env(TIMINGS_ENV, "1")
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .map_err(|e| format!("cannot run {}: {e}", vanban.display()))?;
    let mut stderr = String::new();
    child
        .stderr
        .take()
        .expect("piped")
        .read_to_string(&mut stderr)
        .map_err(|e| e.to_string())?;
    let (status, usage) = wait4(child.id());
    let wall = start.elapsed().as_secs_f64();
    if status != 0 {
        return Err(format!("build failed:\n{stderr}"));
    }
    let line = stderr
        .lines()
        .find_map(|l| l.strip_prefix(TIMINGS_PREFIX))
        .ok_or("no timings line: is the vanban binary older than the benchmark?")?;
    let phases = line
        .split_whitespace()
        .filter_map(|kv| {
            let (k, v) = kv.split_once('=')?;
            Some((k.to_owned(), v.parse().ok()?))
        })
        .collect();
    let tv = |t: libc::timeval| t.tv_sec as f64 + t.tv_usec as f64 / 1e6;
    Ok(Run {
        phases,
        wall,
        max_rss_kib: usage.ru_maxrss as u64,
        cpu: tv(usage.ru_utime) + tv(usage.ru_stime),
    })
}

fn wait4(pid: u32) -> (i32, libc::rusage) {
    let mut status = 0;
    // SAFETY: rusage is plain data, and the child is ours and not yet reaped.
    let mut usage: libc::rusage = unsafe { std::mem::zeroed() };
    let r = unsafe { libc::wait4(pid as libc::pid_t, &mut status, 0, &mut usage) };
    assert_eq!(r, pid as libc::pid_t, "wait4 failed");
    (status, usage)
}

fn label(phase: &str) -> &str {
    match phase {
        "load" => "load and parse",
        "archive" => "archive (indexes)",
        "citations" => "resolve citations",
        "render" => "render and write pages",
        "search" => "search index, built and written (alongside render)",
        "commit" => "swap folders",
        "total" => "total (in process, wall)",
        other => other,
    }
}

fn median(values: impl Iterator<Item = f64>) -> f64 {
    let mut v: Vec<f64> = values.collect();
    if v.is_empty() {
        return 0.0;
    }
    v.sort_by(f64::total_cmp);
    v[v.len() / 2]
}

fn walk(dir: &Path, f: &mut dyn FnMut(&Path, u64)) {
    let Ok(entries) = fs::read_dir(dir) else {
        return;
    };
    for e in entries.flatten() {
        let p = e.path();
        match e.file_type() {
            Ok(t) if t.is_dir() => walk(&p, f),
            Ok(_) => f(&p, e.metadata().map_or(0, |m| m.len())),
            Err(_) => {}
        }
    }
}

fn count_files(dir: &Path, ext: &str) -> usize {
    let mut n = 0;
    walk(dir, &mut |p, _| {
        n += usize::from(p.extension().is_some_and(|e| e == ext));
    });
    n
}

/// Typical queries: a word, a phrase with and without diacritics, a document number.
const QUERIES: &[&str] = &[
    "dân vận",
    "dan van kheo",
    "phòng chống dịch",
    "224-TB/BDVTU",
    "Huyện ủy",
];

fn search_figures(output: &Path) -> Result<(), String> {
    let mut html = 0u64;
    let mut index: BTreeMap<String, String> = BTreeMap::new();
    walk(output, &mut |p, len| {
        if p.extension().is_some_and(|e| e == "html") {
            html += len;
        }
    });
    let dir = output.join("tim-kiem");
    for e in fs::read_dir(&dir).map_err(|e| format!("{}: {e}", dir.display()))? {
        let e = e.map_err(|e| e.to_string())?;
        let name = format!("tim-kiem/{}", e.file_name().to_string_lossy());
        index.insert(
            name,
            fs::read_to_string(e.path()).map_err(|e| e.to_string())?,
        );
    }
    let files: Vec<(String, String)> = index.into_iter().collect();
    let stats = vanban::search::stats(&files);
    println!(
        "search index: {} files, {:.1} MiB = {:.1}% of the {:.1} MiB of HTML; meta.js {:.0} KiB, \
         largest shard {:.0} KiB",
        stats.files,
        stats.total_bytes as f64 / 1048576.0,
        100.0 * stats.total_bytes as f64 / html as f64,
        html as f64 / 1048576.0,
        stats.meta_bytes as f64 / 1024.0,
        stats.largest_shard_bytes as f64 / 1024.0
    );
    let size_of = |path: &str| {
        files
            .iter()
            .find(|(p, _)| p == path)
            .map_or(0, |(_, c)| c.len())
    };
    for q in QUERIES {
        let shards = vanban::search::query_files(&files, q);
        let bytes: usize = shards.iter().map(|s| size_of(s)).sum();
        println!(
            "  query {q:?}: meta + {} shards = {:.0} KiB before results",
            shards.len(),
            (stats.meta_bytes + bytes) as f64 / 1024.0
        );
    }
    Ok(())
}

fn accuracy(site: &Path) -> Result<(), String> {
    let tsv = fs::read_to_string(site.join("citations.tsv")).map_err(|e| e.to_string())?;
    let mut timings = Timings::default();
    let prepared = site::prepare(site, false, &mut timings)
        .map_err(|d| format!("{} errors preparing the archive", d.len()))?;
    let a = citation_accuracy(&tsv, &prepared.archive, &prepared.citations);
    println!(
        "citations: {}/{} archived targets linked both ways ({:.2}%), {} wrong links \
         ({} of them worded ambiguously on purpose), {}/{} ambiguous left unlinked",
        a.linked_both_ways,
        a.archived,
        a.percent(),
        a.wrong,
        a.wrong_ambiguous,
        a.ambiguous_unlinked,
        a.ambiguous
    );
    Ok(())
}
