//! Keystroke-to-results time of `tim-kiem.html` in headless Chromium from file://:
//!
//! ```text
//! cargo run --release -p vanban-bench --bin vanban-synth -- --docs 10000 --out /tmp/s10k
//! (cd /tmp/s10k && cargo run --release --manifest-path $REPO/Cargo.toml -- build)
//! cargo run --example search_latency -- /tmp/s10k [runs]
//! ```
//!
//! Each query is typed key by key into the box, as a reader would. Times are taken in the page
//! with `performance.now()`: from the last `input` event to the status line saying how many
//! were found (the results are in `#ket-qua` by then), and from the start of the search (the
//! status turns to "Đang tìm…" once the 200 ms typing pause has passed) to the same moment.
//! "cold" is the first query of a freshly opened page (meta already loaded, term shards and
//! display buckets not); "warm" types the same query again on that page. It also prints the
//! index bytes each query made the page load. Times go here, never into tests: they depend on
//! the machine.

use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::{Duration, Instant};

use headless_chrome::Tab;
use serde_json::Value;

#[path = "../tests/common/chromium.rs"]
mod chromium;

const QUERIES: &[&str] = &[
    "dan van kheo",
    "dân vận khéo",
    "huyen uy bu dop 2018",
    "12 tb hu",
    "chuyển đổi số",
];

/// Records input events and status changes with their time, from before the page's own
/// listeners run (capture phase on the document).
const PROBE: &str = r#"(() => {
  window.__probe = [];
  document.addEventListener('input', () => __probe.push([performance.now(), 'input']), true);
  const status = document.getElementById('trang-thai');
  new MutationObserver(() => __probe.push([performance.now(), status.textContent]))
    .observe(status, { childList: true, characterData: true, subtree: true });
  return true;
})()"#;

fn main() {
    let mut args = std::env::args().skip(1);
    let site = PathBuf::from(args.next().expect("usage: search_latency SITE_DIR [runs]"));
    let runs: usize = args.next().and_then(|a| a.parse().ok()).unwrap_or(5);
    let page = site.join("public/tim-kiem.html");
    assert!(
        page.is_file(),
        "{} missing: build the site first",
        page.display()
    );
    let url = format!("file://{}", page.canonicalize().unwrap().display());

    let browser = chromium::launch();
    let tab = browser.new_tab().expect("a tab");
    tab.set_default_timeout(Duration::from_secs(30));
    open(&tab, &url);
    let docs = eval(&tab, "VANBAN_SEARCH.page.engine.meta.n");
    let meta = index_bytes(&tab, &site);
    println!(
        "{docs} documents, meta.js {} KB; {runs} runs per query; median ms",
        meta / 1024
    );
    println!(
        "{:<24} {:>10} {:>10} {:>10} {:>10} {:>10}",
        "query", "cold", "cold srch", "warm", "warm srch", "index KB"
    );
    for q in QUERIES {
        let mut cold = Vec::new();
        let mut warm = Vec::new();
        let mut loaded = 0;
        for _ in 0..runs {
            open(&tab, &url);
            loaded = index_bytes(&tab, &site);
            cold.push(type_and_time(&tab, q));
            loaded = index_bytes(&tab, &site) - loaded;
            warm.push(type_and_time(&tab, q));
        }
        let (c, cs) = medians(&cold);
        let (w, ws) = medians(&warm);
        println!(
            "{:<24} {c:>10.1} {cs:>10.1} {w:>10.1} {ws:>10.1} {:>10}",
            format!("{q:?}"),
            loaded / 1024
        );
    }
}

/// The value of an expression (awaited), through JSON: `Tab::evaluate` returns objects as
/// references, not values.
fn eval(tab: &Tab, js: &str) -> Value {
    let r = tab
        .evaluate(
            &format!("Promise.resolve({js}).then(v => JSON.stringify(v ?? null))"),
            true,
        )
        .unwrap_or_else(|e| panic!("{js}: {e:#}"));
    let text = r.value.and_then(|v| v.as_str().map(str::to_owned));
    serde_json::from_str(&text.unwrap_or_else(|| "null".into())).unwrap()
}

fn wait_for(tab: &Tab, js: &str) {
    let deadline = Instant::now() + Duration::from_secs(60);
    while eval(tab, &format!("Boolean({js})")) != Value::Bool(true) {
        assert!(Instant::now() < deadline, "timed out waiting for {js}");
        std::thread::sleep(Duration::from_millis(20));
    }
}

/// Opens the search page and waits until the index metadata is in and the page is idle.
fn open(tab: &Arc<Tab>, url: &str) {
    tab.navigate_to(url)
        .and_then(|t| t.wait_until_navigated())
        .expect("page opens");
    wait_for(
        tab,
        "window.VANBAN_SEARCH && VANBAN_SEARCH.page && VANBAN_SEARCH.page.engine.meta && /Nhập/.test(document.getElementById('trang-thai').textContent)",
    );
    eval(tab, PROBE);
}

/// Clears the box, types the query and returns (last keystroke → results, search start →
/// results) in milliseconds.
fn type_and_time(tab: &Tab, q: &str) -> (f64, f64) {
    eval(
        tab,
        "(() => { const i = document.getElementById('q'); i.value = ''; i.focus(); \
         VANBAN_SEARCH.page.update(); __probe.length = 0; return true; })()",
    );
    tab.type_str(q).expect("typing");
    let want = serde_json::to_string(q).unwrap();
    wait_for(
        tab,
        &format!(
            "document.getElementById('q').value === {want} && (() => {{ \
               const p = __probe, last = p.map(e => e[1]).lastIndexOf('input'); \
               const s = p.findIndex((e, k) => k > last && e[1] === 'Đang tìm…'); \
               return s >= 0 && p.some((e, k) => k > s && /tìm thấy/i.test(e[1])); }})()"
        ),
    );
    let t = eval(
        tab,
        "(() => { const p = __probe, last = p.map(e => e[1]).lastIndexOf('input'); \
           const s = p.findIndex((e, k) => k > last && e[1] === 'Đang tìm…'); \
           const d = p.find((e, k) => k > s && /tìm thấy/i.test(e[1])); \
           return [d[0] - p[last][0], d[0] - p[s][0]]; })()",
    );
    (t[0].as_f64().unwrap(), t[1].as_f64().unwrap())
}

/// Bytes of the index files the page has added so far (read from disk: file:// reports no
/// transfer sizes).
fn index_bytes(tab: &Tab, site: &Path) -> usize {
    let srcs = eval(
        tab,
        "Array.from(document.querySelectorAll('script[src*=\"tim-kiem/\"]'), s => s.getAttribute('src'))",
    );
    srcs.as_array()
        .unwrap()
        .iter()
        .map(|s| {
            let p = site.join("public").join(s.as_str().unwrap());
            std::fs::metadata(&p).map_or(0, |m| m.len() as usize)
        })
        .sum()
}

fn medians(v: &[(f64, f64)]) -> (f64, f64) {
    let med = |mut x: Vec<f64>| {
        x.sort_by(f64::total_cmp);
        x[x.len() / 2]
    };
    (
        med(v.iter().map(|t| t.0).collect()),
        med(v.iter().map(|t| t.1).collect()),
    )
}
