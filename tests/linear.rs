//! Inputs that grow cost time in proportion: a front matter of many unknown keys, deeply
//! nested raw HTML, very long lines, deep lists and block quotes. Each is measured at an
//! eighth of 1 MB and at 1 MB, through the loader and the body renderer: eight times the
//! input may cost at most 32 times the time, where a quadratic cost is 64 times (caches and
//! a busy machine make a linear cost up to about 20 times; the two quadratic cases this
//! guards took 47 s and 28 s at 1 MB, about 100 times their time at an eighth). The best of
//! five runs is taken, the tests of this file run one at a time, and a run fast in absolute
//! terms (under 100 ms at 1 MB) passes whatever the ratio.

use std::path::Path;
use std::time::{Duration, Instant};

use vanban::content::{LoadOptions, parse_bytes};
use vanban::render::markdown::to_html;

const MB: usize = 1 << 20;

/// The tests of this file, one at a time: each measures time.
static ONE_AT_A_TIME: std::sync::Mutex<()> = std::sync::Mutex::new(());

fn best_of(runs: usize, f: &dyn Fn()) -> Duration {
    (0..runs)
        .map(|_| {
            let start = Instant::now();
            f();
            start.elapsed()
        })
        .min()
        .unwrap()
}

/// Checks that `work(make(size))` grows linearly from an eighth of 1 MB to 1 MB.
fn linear(what: &str, make: &dyn Fn(usize) -> String, work: &dyn Fn(&str)) {
    let _alone = ONE_AT_A_TIME.lock().unwrap_or_else(|p| p.into_inner());
    let small = make(MB / 8);
    let large = make(MB);
    let t_small = best_of(5, &|| work(&small));
    let t_large = best_of(5, &|| work(&large));
    eprintln!(
        "{what}: {} B {t_small:?}, {} B {t_large:?}",
        small.len(),
        large.len()
    );
    assert!(
        t_large < Duration::from_millis(100) || t_large < t_small * 32,
        "{what}: {t_small:?} at {} bytes, {t_large:?} at {} bytes: not linear",
        small.len(),
        large.len()
    );
}

fn load(text: &str) {
    let _ = parse_bytes(
        text.as_bytes(),
        Path::new("content/a.md"),
        LoadOptions::default(),
    );
}

fn render(body: &str) {
    let _ = to_html(body, None);
}

const HEAD: &str = "---\nnumber: 1-CV/HU\nissuer: Huyện ủy A\ndate: 2018-01-02\nsubject: x\n";

fn document(body: &str) -> String {
    format!("{HEAD}---\n{body}")
}

#[test]
fn unknown_keys_cost_in_proportion() {
    linear(
        "unknown keys",
        &|size| {
            let mut s = HEAD.to_string();
            let mut i = 0;
            while s.len() < size {
                s.push_str(&format!("khoa_{i}: gia tri\n"));
                i += 1;
            }
            s.push_str("---\nBody\n");
            s
        },
        &load,
    );
}

#[test]
fn nested_html_costs_in_proportion() {
    let make = |size: usize| {
        let n = size / 11;
        format!("{}x{}", "<div>".repeat(n), "</div>".repeat(n))
    };
    linear("nested <div>", &|s| make(s), &render);
    linear("nested <div>, loaded", &|s| document(&make(s)), &load);
}

#[test]
fn long_lines_cost_in_proportion() {
    linear(
        "one long line",
        &|size| "Căn cứ 44-CV/HU ".repeat(size / 18),
        &render,
    );
    linear(
        "one long line, loaded",
        &|size| document(&"Căn cứ ".repeat(size / 9)),
        &load,
    );
}

#[test]
fn deep_lists_and_quotes_cost_in_proportion() {
    linear(
        "deep list",
        &|size| {
            let mut s = String::new();
            let mut depth = 0;
            while s.len() < size {
                s.push_str(&" ".repeat(depth * 2));
                s.push_str("- x\n");
                depth += 1;
            }
            s
        },
        &render,
    );
    linear(
        "deep list, one line",
        &|size| "- ".repeat(size / 2),
        &render,
    );
    linear("deep quote", &|size| "> ".repeat(size / 2), &render);
    linear(
        "many list items",
        &|size| "- mục\n".repeat(size / 8),
        &render,
    );
}
