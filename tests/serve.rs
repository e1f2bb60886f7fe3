//! `vanban serve` through the binary, on 127.0.0.1 only: pages with the reload script,
//! rebuild on save, errors on the version endpoint while the last good site is served,
//! paths that try to leave the output, and a clean stop on Ctrl-C. Every wait is bounded.

mod common;

use std::io::{BufRead, BufReader, Read, Write};
use std::net::{TcpListener, TcpStream};
use std::process::{Child, Command, Stdio};
use std::sync::mpsc;
use std::time::{Duration, Instant};

use common::TestSite;

const PAGE: &str = "/van-ban/2018/44-cv-hu-huyen-uy-hon-quan.html";
const SOURCE: &str = "content/2018/44-cv-hu-huyen-uy-hon-quan.md";
const WAIT: Duration = Duration::from_secs(10);

/// The server process; killed if a test fails before stopping it.
struct Served {
    child: Child,
    port: u16,
    /// What it writes on stderr, line by line.
    log: mpsc::Receiver<String>,
}

impl Served {
    /// Waits for a stderr line starting with `prefix`, skipping the others.
    fn logged(&self, prefix: &str) -> String {
        let start = Instant::now();
        loop {
            let left = WAIT.saturating_sub(start.elapsed());
            match self.log.recv_timeout(left) {
                Ok(line) if line.starts_with(prefix) => return line,
                Ok(_) => {}
                Err(_) => panic!("no line starting {prefix:?} on stderr"),
            }
        }
    }
}

impl Drop for Served {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn start(site: &TestSite) -> Served {
    let mut child = Command::new(env!("CARGO_BIN_EXE_vanban"))
        .args(["serve", "--port", "0", "--root"])
        .arg(site.root())
        .env("CI", "1")
        // Its lines are read in English whatever the machine's locale.
        .env_remove("LC_ALL")
        .env_remove("LC_MESSAGES")
        .env("LANG", "C.UTF-8")
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let (tx, rx) = mpsc::channel();
    let stdout = child.stdout.take().unwrap();
    std::thread::spawn(move || {
        for line in BufReader::new(stdout).lines().map_while(Result::ok) {
            let _ = tx.send(line);
        }
    });
    // Drained so the server never blocks on a full pipe.
    let stderr = child.stderr.take().unwrap();
    let (log_tx, log) = mpsc::channel();
    std::thread::spawn(move || {
        for line in BufReader::new(stderr).lines().map_while(Result::ok) {
            eprintln!("[serve] {line}");
            let _ = log_tx.send(line);
        }
    });
    let line = rx.recv_timeout(WAIT).expect("serve prints its URL");
    let url = line
        .split_whitespace()
        .find(|w| w.starts_with("http://"))
        .unwrap_or_else(|| panic!("no URL in {line:?}"));
    let rest = url
        .strip_prefix("http://127.0.0.1:")
        .expect("127.0.0.1 only");
    let port = rest.trim_end_matches('/').parse().unwrap();
    Served { child, port, log }
}

/// A GET with a raw request line, so `..` reaches the server as typed.
fn get(port: u16, path: &str) -> (u16, String) {
    let mut s = TcpStream::connect(("127.0.0.1", port)).unwrap();
    s.set_read_timeout(Some(WAIT)).unwrap();
    write!(
        s,
        "GET {path} HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n"
    )
    .unwrap();
    let mut raw = Vec::new();
    s.read_to_end(&mut raw).unwrap();
    let text = String::from_utf8_lossy(&raw).into_owned();
    let code = text
        .split_whitespace()
        .nth(1)
        .and_then(|c| c.parse().ok())
        .unwrap_or_else(|| panic!("no status in {text:?}"));
    let body = text
        .split_once("\r\n\r\n")
        .map(|(_, b)| b.to_string())
        .unwrap_or_default();
    (code, body)
}

fn status(port: u16) -> serde_json::Value {
    let (code, body) = get(port, "/__vanban/version");
    assert_eq!(code, 200);
    serde_json::from_str(&body).unwrap()
}

/// Polls until `pred` holds, at most `WAIT`.
fn until(what: &str, mut pred: impl FnMut() -> bool) {
    let start = Instant::now();
    while !pred() {
        assert!(start.elapsed() < WAIT, "timed out waiting for {what}");
        std::thread::sleep(Duration::from_millis(100));
    }
}

#[test]
fn serve_rebuilds_reports_errors_guards_paths_and_stops_cleanly() {
    let site = TestSite::sample();
    let mut served = start(&site);
    let port = served.port;

    let (code, page) = get(port, PAGE);
    assert_eq!(code, 200);
    assert!(page.contains("Số: 44-CV/HU"));
    assert!(
        page.contains("/__vanban/version"),
        "the reload script is injected"
    );
    let on_disk = std::fs::read_to_string(site.public().join(&PAGE[1..])).unwrap();
    assert!(!on_disk.contains("__vanban"), "but not into the file");
    assert_eq!(status(port)["version"], 1);
    assert!(status(port)["errors"].as_array().unwrap().is_empty());

    // Folders: index.html, after a redirect to the slash form that relative links need.
    assert_eq!(get(port, "/nam/").0, 200);
    assert_eq!(get(port, "/nam").0, 301);

    // A save is rebuilt and shows.
    let source = site.root().join(SOURCE);
    let text = std::fs::read_to_string(&source).unwrap();
    let edited = format!("{text}\nĐoạn mới thêm khi đang xem.\n");
    std::fs::write(&source, &edited).unwrap();
    until("the edit on the page", || {
        get(port, PAGE).1.contains("Đoạn mới thêm khi đang xem.")
    });
    // The new files are in place a moment before the counter moves; one save may also
    // arrive as more than one burst of events, each a rebuild.
    until("the version to move", || {
        status(port)["version"].as_u64().unwrap() >= 2
    });
    let good = status(port)["version"].as_u64().unwrap();

    // A broken save: errors on the endpoint with path and line, the last good page stays.
    std::fs::write(
        &source,
        edited.replace("date: 2018-11-11", "date: 31/02/2018"),
    )
    .unwrap();
    until("the error", || {
        !status(port)["errors"].as_array().unwrap().is_empty()
    });
    let s = status(port);
    assert_eq!(s["version"], good, "a failed build does not count");
    let first = s["errors"][0].as_str().unwrap();
    assert!(
        first.starts_with(&format!("{SOURCE}:")) && first.contains("not a real date"),
        "{first}"
    );
    let (code, page) = get(port, PAGE);
    assert_eq!(code, 200);
    assert!(page.contains("Đoạn mới thêm khi đang xem."));

    // Nothing outside the output folder.
    for path in [
        "/../Cargo.toml",
        "/%2e%2e/vanban.yaml",
        "/nam/%2E%2E/%2e%2e/vanban.yaml",
        "/index.html%00",
    ] {
        let (code, body) = get(port, path);
        assert!(code == 403 || code == 404, "{path}: {code}");
        assert!(!body.contains("base_url"), "{path}");
    }
    assert_eq!(get(port, "/khong-co-trang-nay.html").0, 404);

    // Ctrl-C: the process ends by itself and the port is free again.
    let pid = rustix::process::Pid::from_child(&served.child);
    rustix::process::kill_process(pid, rustix::process::Signal::INT).unwrap();
    let start = Instant::now();
    let exit = loop {
        if let Some(st) = served.child.try_wait().unwrap() {
            break st;
        }
        assert!(start.elapsed() < WAIT, "serve did not stop on Ctrl-C");
        std::thread::sleep(Duration::from_millis(50));
    };
    assert!(exit.success(), "{exit:?}");
    assert!(TcpListener::bind(("127.0.0.1", port)).is_ok(), "port freed");
}

#[test]
fn serve_follows_body_edits_fast_and_builds_the_rest_in_full() {
    let site = TestSite::sample();
    let served = start(&site);
    let port = served.port;
    served.logged("built ");
    assert_eq!(status(port)["version"], 1);
    let source = site.root().join(SOURCE);
    let text = std::fs::read_to_string(&source).unwrap();

    // A body edit: only the pages it touches are rewritten, and the page shows it. (First
    // in the body, so that the search index's excerpt has it.)
    let edited = text.replacen("\n---\n", "\n---\nMột đoạn viết thêm.\n", 1);
    std::fs::write(&source, &edited).unwrap();
    let line = served.logged("updated ");
    assert!(line.starts_with(&format!("updated {SOURCE}: ")), "{line}");
    assert!(get(port, PAGE).1.contains("Một đoạn viết thêm."));
    assert_eq!(status(port)["version"], 2);
    // A quiet second later the search index is renewed, and open pages are not reloaded
    // for it.
    served.logged("search index renewed in ");
    assert_eq!(status(port)["version"], 2);
    let index = std::fs::read_dir(site.public().join("tim-kiem"))
        .unwrap()
        .flatten()
        .any(|e| std::fs::read_to_string(e.path()).is_ok_and(|t| t.contains("Một đoạn viết thêm")));
    assert!(index, "the search index has the new paragraph");

    // A new subject shows in lists too: a full build.
    let subject = "subject: V/v một trích yếu mới";
    let retitled = edited
        .lines()
        .map(|l| {
            if l.starts_with("subject:") {
                subject
            } else {
                l
            }
        })
        .collect::<Vec<_>>()
        .join("\n");
    std::fs::write(&source, format!("{retitled}\n")).unwrap();
    served.logged("built ");
    assert!(
        get(port, "/van-ban/index.html")
            .1
            .contains("V/v một trích yếu mới")
    );
    assert!(get(port, PAGE).1.contains("V/v một trích yếu mới"));
    assert_eq!(status(port)["version"], 3);

    // Broken YAML: the error with its path and line, and the last good page.
    let line_no = retitled.lines().position(|l| l == subject).unwrap() + 1;
    std::fs::write(
        &source,
        retitled.replace(subject, "subject: [V/v chưa đóng ngoặc"),
    )
    .unwrap();
    served.logged("build failed");
    let s = status(port);
    assert_eq!(s["version"], 3);
    let first = s["errors"][0].as_str().unwrap();
    assert!(
        first.starts_with(&format!("{SOURCE}:")) && first.contains("invalid YAML"),
        "{first}"
    );
    let at: usize = first.split(':').nth(1).unwrap().parse().unwrap();
    assert!(
        at.abs_diff(line_no) <= 1,
        "{first}: the subject is on line {line_no}"
    );
    assert!(get(port, PAGE).1.contains("V/v một trích yếu mới"));

    // Mended with a body edit: followed fast, the error cleared.
    std::fs::write(&source, format!("{retitled}\nĐã sửa.\n")).unwrap();
    served.logged("updated ");
    assert!(get(port, PAGE).1.contains("Đã sửa."));
    let s = status(port);
    assert_eq!(s["version"], 4);
    assert!(s["errors"].as_array().unwrap().is_empty());
}

#[test]
fn serve_binds_127_0_0_1_only() {
    let site = TestSite::sample();
    let served = start(&site);
    // Another interface of this machine, if it has one, must refuse.
    if let Some(ip) = local_non_loopback() {
        assert!(
            TcpStream::connect_timeout(&(ip, served.port).into(), Duration::from_secs(2)).is_err()
        );
    }
    assert_eq!(get(served.port, "/").0, 200);
}

/// The address this machine uses towards the outside, found without sending anything.
fn local_non_loopback() -> Option<std::net::IpAddr> {
    let s = std::net::UdpSocket::bind("0.0.0.0:0").ok()?;
    s.connect("192.0.2.1:9").ok()?;
    let ip = s.local_addr().ok()?.ip();
    (!ip.is_loopback() && !ip.is_unspecified()).then_some(ip)
}

/// Sends `request` on a new connection and reads the whole answer (the server closes it).
fn raw(port: u16, request: &[u8]) -> String {
    let mut s = TcpStream::connect(("127.0.0.1", port)).unwrap();
    s.set_read_timeout(Some(WAIT)).unwrap();
    s.write_all(request).unwrap();
    let mut answer = Vec::new();
    let _ = s.read_to_end(&mut answer);
    String::from_utf8_lossy(&answer).into_owned()
}

/// How long a GET of the home page takes, the best of a few tries (each bounded by `WAIT`).
fn page_time(port: u16) -> Duration {
    (0..5)
        .map(|_| {
            let start = Instant::now();
            assert_eq!(get(port, "/").0, 200);
            start.elapsed()
        })
        .min()
        .unwrap()
}

#[test]
fn no_request_can_stop_the_preview() {
    let site = TestSite::sample();
    // A large attachment, for a client that asks for it and never reads.
    let source = site.root().join(SOURCE);
    let text = std::fs::read_to_string(&source).unwrap();
    std::fs::write(
        &source,
        text.replacen(
            "campaigns:",
            "attachments: [lon.pdf, bang.xlsx]\ncampaigns:",
            1,
        ),
    )
    .unwrap();
    let mut big = b"%PDF-1.4\n".to_vec();
    big.resize(30 * 1024 * 1024, b'x');
    std::fs::write(site.root().join("content/2018/lon.pdf"), &big).unwrap();
    std::fs::write(
        site.root().join("content/2018/bang.xlsx"),
        b"PK\x03\x04xlsx",
    )
    .unwrap();
    let served = start(&site);
    let port = served.port;
    let attachment = "/van-ban/2018/44-cv-hu-huyen-uy-hon-quan/lon.pdf";

    // Finding 6: a body announced far larger than memory is refused, not allocated; the
    // server lives on.
    for method in ["GET", "POST"] {
        let answer = raw(
            port,
            format!(
                "{method} / HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: 99999999999999\r\n\r\nabc"
            )
            .as_bytes(),
        );
        assert!(
            answer.starts_with("HTTP/1.1 413"),
            "{method}: {answer:.200}"
        );
        assert_eq!(get(port, "/").0, 200, "still serving after {method}");
    }
    let answer = raw(
        port,
        b"POST / HTTP/1.1\r\nHost: 127.0.0.1\r\nTransfer-Encoding: chunked\r\n\r\nffffffffff\r\n",
    );
    assert!(answer.starts_with("HTTP/1.1 413"), "{answer:.200}");
    let answer = raw(port, b"DELETE / HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n");
    assert!(answer.starts_with("HTTP/1.1 405"), "{answer:.200}");
    // Headers past the limit close the connection instead of growing a buffer.
    let mut huge = b"GET / HTTP/1.1\r\nHost: 127.0.0.1\r\nX-A: ".to_vec();
    huge.resize(200_000, b'a');
    let mut s = TcpStream::connect(("127.0.0.1", port)).unwrap();
    s.set_read_timeout(Some(WAIT)).unwrap();
    let _ = s.write_all(&huge);
    let mut answer = Vec::new();
    let _ = s.read_to_end(&mut answer);
    assert!(!String::from_utf8_lossy(&answer).contains(" 200 "));

    // Finding 8: another name for 127.0.0.1 (DNS rebinding) gets nothing of the preview.
    for host in ["evil.example", "evil.example:80", "127.0.0.1.evil.example"] {
        let answer = raw(
            port,
            format!("GET /__vanban/version HTTP/1.1\r\nHost: {host}\r\nConnection: close\r\n\r\n")
                .as_bytes(),
        );
        assert!(answer.starts_with("HTTP/1.1 421"), "{host}: {answer:.200}");
        assert!(!answer.contains("\"version\""), "{host}");
    }
    for host in [
        format!("localhost:{port}"),
        format!("127.0.0.1:{port}"),
        format!("[::1]:{port}"),
    ] {
        let answer = raw(
            port,
            format!("GET /__vanban/version HTTP/1.1\r\nHost: {host}\r\nConnection: close\r\n\r\n")
                .as_bytes(),
        );
        assert!(answer.starts_with("HTTP/1.1 200"), "{host}: {answer:.200}");
    }

    // Attachments: a type a browser will not run, nosniff, and office files as downloads.
    let answer = raw(
        port,
        b"HEAD /van-ban/2018/44-cv-hu-huyen-uy-hon-quan/bang.xlsx HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n",
    )
    .to_ascii_lowercase();
    assert!(
        answer.contains("content-disposition: attachment"),
        "{answer}"
    );
    assert!(
        answer.contains("x-content-type-options: nosniff"),
        "{answer}"
    );
    assert!(
        answer.contains("content-type: application/vnd.openxmlformats"),
        "{answer}"
    );

    // Finding 7: one client asks for the large file and never reads; another pipelines
    // 2,000 requests and reads nothing. Pages still come.
    let mut hoarder = TcpStream::connect(("127.0.0.1", port)).unwrap();
    write!(
        hoarder,
        "GET {attachment} HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n"
    )
    .unwrap();
    let mut pipeliner = TcpStream::connect(("127.0.0.1", port)).unwrap();
    let one = format!("GET {PAGE} HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n");
    pipeliner.set_write_timeout(Some(WAIT)).unwrap();
    let _ = pipeliner.write_all(one.repeat(2000).as_bytes());
    std::thread::sleep(Duration::from_millis(300));
    let (code, page) = get(port, PAGE);
    assert_eq!(code, 200);
    assert!(page.contains("Số: 44-CV/HU"));
    // And the large file itself, to a client that reads, whole.
    let mut reader = TcpStream::connect(("127.0.0.1", port)).unwrap();
    reader.set_read_timeout(Some(WAIT)).unwrap();
    write!(
        reader,
        "GET {attachment} HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n"
    )
    .unwrap();
    let mut all = Vec::new();
    reader.read_to_end(&mut all).unwrap();
    assert!(all.ends_with(&big), "the attachment arrives whole");
    drop((hoarder, pipeliner));
}

#[test]
fn two_hundred_slow_clients_leave_pages_fast() {
    let site = TestSite::sample();
    let served = start(&site);
    let port = served.port;
    let alone = page_time(port);
    // Slowloris: 200 connections, each sending half a request and then nothing.
    let slow: Vec<TcpStream> = (0..200)
        .map(|i| {
            let mut s = TcpStream::connect(("127.0.0.1", port)).unwrap();
            let half = if i % 2 == 0 {
                "GET / HTTP/1.1\r\nHo"
            } else {
                "GE"
            };
            s.write_all(half.as_bytes()).unwrap();
            s
        })
        .collect();
    let crowded = page_time(port);
    assert!(
        crowded < Duration::from_millis(200),
        "a page took {crowded:?} among 200 slow clients ({alone:?} alone)"
    );
    drop(slow);
}

#[test]
fn the_host_a_request_names_in_any_form_is_checked() {
    // The adversarial re-run (issue 24): a request in absolute form names its host in the
    // request line, which then counts instead of `Host`; two `Host` fields are refused.
    let site = TestSite::sample();
    let served = start(&site);
    let port = served.port;
    for request in [
        format!(
            "GET http://evil.example/__vanban/version HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nConnection: close\r\n\r\n"
        ),
        "GET http://evil.example/__vanban/version HTTP/1.1\r\nConnection: close\r\n\r\n"
            .to_string(),
        format!(
            "GET /__vanban/version HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nHost: evil.example\r\nConnection: close\r\n\r\n"
        ),
        format!(
            "GET /__vanban/version HTTP/1.1\r\nHost: evil.example\r\nHost: 127.0.0.1:{port}\r\nConnection: close\r\n\r\n"
        ),
    ] {
        let answer = raw(port, request.as_bytes());
        assert!(
            answer.starts_with("HTTP/1.1 421"),
            "{request:?}: {answer:.200}"
        );
        assert!(!answer.contains("\"version\""), "{request:?}");
    }
    for request in [
        format!(
            "GET http://127.0.0.1:{port}/__vanban/version HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nConnection: close\r\n\r\n"
        ),
        format!(
            "GET http://localhost:{port}/__vanban/version HTTP/1.1\r\nConnection: close\r\n\r\n"
        ),
        "GET /__vanban/version HTTP/1.0\r\n\r\n".to_string(),
    ] {
        let answer = raw(port, request.as_bytes());
        assert!(answer.contains(" 200 OK"), "{request:?}: {answer:.200}");
    }
}

#[test]
fn a_thousand_idle_connections_leave_pages_fast() {
    let site = TestSite::sample();
    let served = start(&site);
    let idle: Vec<TcpStream> = (0..1100)
        .map(|_| TcpStream::connect(("127.0.0.1", served.port)).unwrap())
        .collect();
    let took = page_time(served.port);
    drop(idle);
    assert!(took < Duration::from_millis(200), "{took:?}");
}
