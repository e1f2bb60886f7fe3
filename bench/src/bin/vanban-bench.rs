//! `vanban-bench`: the build benchmark of issue 7. Generates synthetic archives (cached per
//! size and seed), builds each several times with the `vanban` binary next to this one, each
//! build a child process so that its peak memory is its own, and prints medians per phase,
//! memory, throughput, search index sizes and citation accuracy against the ground truth.
//! Then the incremental figure: how long an edited document takes to be on screen in
//! `vanban serve`, from the file write until the page served over HTTP has the edit.

use std::collections::BTreeMap;
use std::fs;
use std::io::{BufRead as _, BufReader, Read as _, Write as _};
use std::net::TcpStream;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, ExitCode, Stdio};
use std::sync::mpsc::{self, Receiver};
use std::time::{Duration, Instant};

use clap::Parser;
use vanban::ids::DocId;
use vanban::site::{self, TIMINGS_ENV, TIMINGS_PREFIX, Timings};
use vanban_bench::synth::{SynthOptions, citation_accuracy, generate};

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
    /// Edits timed in `vanban serve` per size, for the incremental figure (0: none).
    #[arg(long, default_value_t = 5)]
    edits: usize,
    /// Only the incremental figure: no full builds, search figures or citation accuracy.
    #[arg(long)]
    incremental_only: bool,
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
    if !args.incremental_only {
        bench_builds(args, vanban, &site, docs)?;
    }
    if args.edits > 0 {
        bench_serve(args, vanban, &site, docs)?;
    }
    Ok(())
}

fn bench_builds(args: &Args, vanban: &Path, site: &Path, docs: usize) -> Result<(), String> {
    let output = args.out.join(format!("public-{docs}"));
    let mut runs = Vec::new();
    for _ in 0..args.runs.max(1) {
        runs.push(build_once(vanban, site, &output)?);
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
    accuracy(site)?;
    Ok(())
}

/// A `vanban serve` child, stopped (Ctrl-C, then killed) when dropped.
struct Server {
    child: Child,
    port: u16,
    /// Its stderr, line by line.
    log: Receiver<String>,
}

impl Server {
    fn start(vanban: &Path, root: &Path) -> Result<Server, String> {
        // Its lines are read in English whatever the machine's locale.
        let mut child = Command::new(vanban)
            .args(["serve", "--port", "0", "--root"])
            .arg(root)
            .env_remove("LC_ALL")
            .env_remove("LC_MESSAGES")
            .env("LANG", "C.UTF-8")
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .map_err(|e| format!("cannot run {}: {e}", vanban.display()))?;
        let (tx, log) = mpsc::channel();
        let stderr = child.stderr.take().expect("piped");
        std::thread::spawn(move || {
            for line in BufReader::new(stderr).lines().map_while(Result::ok) {
                let _ = tx.send(line);
            }
        });
        let mut server = Server {
            child,
            port: 0,
            log,
        };
        // The URL comes on stdout once the first build is done; stdout is drained after.
        let (tx, urls) = mpsc::channel();
        let stdout = server.child.stdout.take().expect("piped");
        std::thread::spawn(move || {
            for line in BufReader::new(stdout).lines().map_while(Result::ok) {
                let _ = tx.send(line);
            }
        });
        let first = urls
            .recv_timeout(Duration::from_secs(600))
            .map_err(|_| "serve printed no URL".to_string())?;
        server.port = first
            .split_whitespace()
            .find_map(|w| w.strip_prefix("http://127.0.0.1:"))
            .and_then(|p| p.trim_end_matches('/').parse().ok())
            .ok_or_else(|| format!("serve printed no URL: {first:?}"))?;
        Ok(server)
    }

    /// The next stderr line starting with one of `prefixes`, within `wait`.
    fn logged(&self, prefixes: &[&str], wait: Duration) -> Result<String, String> {
        let start = Instant::now();
        loop {
            let left = wait.saturating_sub(start.elapsed());
            match self.log.recv_timeout(left) {
                Ok(line) if prefixes.iter().any(|p| line.starts_with(p)) => return Ok(line),
                Ok(_) => {}
                Err(_) => return Err(format!("serve said none of {prefixes:?} in {wait:?}")),
            }
        }
    }

    /// The body of a GET of `path`, or None if the request failed.
    fn get(&self, path: &str) -> Option<String> {
        let mut s = TcpStream::connect(("127.0.0.1", self.port)).ok()?;
        s.set_read_timeout(Some(Duration::from_secs(10))).ok()?;
        write!(
            s,
            "GET {path} HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n"
        )
        .ok()?;
        let mut raw = Vec::new();
        s.read_to_end(&mut raw).ok()?;
        Some(String::from_utf8_lossy(&raw).into_owned())
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        // Our own child, not reaped yet: the pid is still its own.
        let pid = rustix::process::Pid::from_child(&self.child);
        let _ = rustix::process::kill_process(pid, rustix::process::Signal::INT);
        let start = Instant::now();
        while start.elapsed() < Duration::from_secs(10) {
            if let Ok(Some(_)) = self.child.try_wait() {
                return;
            }
            std::thread::sleep(Duration::from_millis(20));
        }
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// The incremental figure of issue 1: `vanban serve` on a copy of the archive (the cached
/// one is left as it is), then, `args.edits` times, a marker sentence appended to one
/// document's body and the time from the write until its page, fetched from the server
/// every 5 ms, has it. Each edit waits for the search index renewed after a quiet second,
/// so that it measures an edit, not an edit queued behind that.
fn bench_serve(args: &Args, vanban: &Path, site: &Path, docs: usize) -> Result<(), String> {
    let work = args.out.join(format!("serve-{docs}-seed{}", args.seed));
    let _ = fs::remove_dir_all(&work);
    copy_tree(&site.join("content"), &work.join("content")).map_err(|e| e.to_string())?;
    fs::copy(site.join("vanban.yaml"), work.join("vanban.yaml")).map_err(|e| e.to_string())?;
    let result = time_edits(args, vanban, &work);
    let _ = fs::remove_dir_all(&work);
    let (times, inside, renewed, full, pages) = result?;
    let ms = |s: f64| s * 1000.0;
    let median_ms = ms(median(times.iter().copied()));
    println!(
        "\n## {docs} documents: an edit in `vanban serve` (median of {} edits)\n",
        times.len()
    );
    println!("| measure | ms |\n|---|---|");
    println!("| **save to page served with the edit** | **{median_ms:.0}** |");
    println!(
        "| of which serve's own update ({pages} pages rewritten) | {:.0} |",
        median(inside.iter().copied())
    );
    println!(
        "| fastest, slowest edit | {:.0}, {:.0} |",
        ms(times.iter().copied().fold(f64::INFINITY, f64::min)),
        ms(times.iter().copied().fold(0.0, f64::max))
    );
    println!(
        "| search index renewed after a quiet second (median) | {:.0} |",
        median(renewed.iter().copied())
    );
    println!(
        "| full build in serve (first; and any edit not taken by the fast path) | {:.0} |",
        median(full.iter().copied())
    );
    Ok(())
}

/// Seconds from each write to the edit on the page, serve's own milliseconds for each
/// update and for each search index renewal, its full builds' milliseconds, and the pages
/// an update rewrote.
type EditTimes = (Vec<f64>, Vec<f64>, Vec<f64>, Vec<f64>, usize);

fn time_edits(args: &Args, vanban: &Path, root: &Path) -> Result<EditTimes, String> {
    const FULL_BUILD: Duration = Duration::from_secs(600);
    let mut timings = Timings::default();
    let prepared = site::prepare(root, false, &mut timings)
        .map_err(|d| format!("{} errors preparing the archive", d.len()))?;
    // A document in the middle of the archive that cites others and is cited, so that an
    // edit rewrites several pages, as most edits of a real archive do.
    let a = &prepared.archive;
    let g = &prepared.citations;
    let id = (a.len() / 2..a.len())
        .chain(0..a.len() / 2)
        .map(DocId::new)
        .find(|id| !g.cites(*id).is_empty() && !g.cited_by(*id).is_empty())
        .unwrap_or(DocId::new(a.len() / 2));
    let source = root.join(&a.entries[id].doc.source);
    let page = format!("/{}", a.entries[id].url());
    drop(prepared);
    let original = fs::read_to_string(&source).map_err(|e| e.to_string())?;

    let server = Server::start(vanban, root)?;
    // `… in 12 ms` (an edit followed) or `… in 1.23 s; …` (a build's summary).
    let ms_of = |line: &str| -> f64 {
        line.rsplit(" in ")
            .find_map(|t| {
                let mut words = t.split([' ', ';']);
                let n: f64 = words.next()?.parse().ok()?;
                match words.next()? {
                    "ms" => Some(n),
                    "s" => Some(n * 1000.0),
                    _ => None,
                }
            })
            .unwrap_or(f64::NAN)
    };
    let mut full = vec![ms_of(&server.logged(&["built "], FULL_BUILD)?)];
    let (mut times, mut inside, mut renewed, mut pages) = (Vec::new(), Vec::new(), Vec::new(), 0);
    let result = (|| -> Result<(), String> {
        for i in 0..args.edits {
            let stamp = std::time::SystemTime::now()
                .duration_since(std::time::UNIX_EPOCH)
                .map_or(0, |d| d.as_nanos());
            let marker = format!("Dấu đo lần {i} mã {stamp}.");
            let start = Instant::now();
            fs::write(&source, format!("{original}\n{marker}\n")).map_err(|e| e.to_string())?;
            loop {
                if server.get(&page).is_some_and(|body| body.contains(&marker)) {
                    break;
                }
                if start.elapsed() > FULL_BUILD {
                    return Err(format!("edit {i} never showed on {page}"));
                }
                std::thread::sleep(Duration::from_millis(5));
            }
            times.push(start.elapsed().as_secs_f64());
            let line = server.logged(&["updated ", "built "], FULL_BUILD)?;
            if let Some(n) = line
                .split(": ")
                .nth(1)
                .and_then(|t| t.split_whitespace().next())
                .and_then(|n| n.parse().ok())
            {
                pages = n;
            }
            if line.starts_with("updated ") {
                inside.push(ms_of(&line));
                renewed.push(ms_of(
                    &server.logged(&["search index renewed in ", "built "], FULL_BUILD)?,
                ));
            } else {
                println!("edit {i} was not taken by the fast path: {line}");
                full.push(ms_of(&line));
            }
        }
        Ok(())
    })();
    let restored = fs::write(&source, &original).map_err(|e| e.to_string());
    drop(server);
    result?;
    restored?;
    Ok((times, inside, renewed, full, pages))
}

fn copy_tree(from: &Path, to: &Path) -> std::io::Result<()> {
    fs::create_dir_all(to)?;
    for e in fs::read_dir(from)? {
        let e = e?;
        let target = to.join(e.file_name());
        if e.file_type()?.is_dir() {
            copy_tree(&e.path(), &target)?;
        } else {
            fs::copy(e.path(), &target)?;
        }
    }
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
        "search" => "search index, built and written (alongside citations and render)",
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
