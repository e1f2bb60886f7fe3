//! `tim-kiem.html` as a reader uses it, in headless Chromium from file:// (SPEC §3): a
//! synthetic archive of 2,000 documents plus the sample archive, so that real documents must
//! be found among many look-alikes. Expected results come from the built list pages
//! (`co-quan/`, `nam/`, `phong-trao/`, `loai/`), not from the search index itself. Also the
//! index size budget: sizes are deterministic, so they are asserted here; times are not (see
//! `examples/search_latency.rs`).

mod common;

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use common::browser::{Browser, file_url};
use percent_encoding::{NON_ALPHANUMERIC, utf8_percent_encode};
use serde::Deserialize;
use vanban::site::{self, BuildOptions, Timings};
use vanban_bench::synth::{self, SynthOptions};

/// The sample's unique number, in the sample's own spelling.
const BDVHU_118: &str = "van-ban/2019/118-cv-bdvhu-ban-dan-van-huyen-uy-don-duong.html";
/// A document whose subject is markup; the page must show it as text.
const XSS_DOC: &str = "---\nnumber: \"999-TB/HU\"\ntype: Thông báo\nissuer: Huyện ủy Hón Quản\n\
date: 2020-05-05\nsubject: \"Kiểm tra vanbanxss <img src=x onerror=window.vanbanXss=1> hiển thị\"\n\
---\nNội dung <script>window.vanbanXss=2</script> kiểm tra vanbanxss.\n";

/// Index bytes a reader's first query may load, and the index's share of the site's HTML.
const FIRST_QUERY_BUDGET: usize = 500 * 1024;
const INDEX_SHARE_OF_HTML: f64 = 0.20;

/// The site, built once per test binary under the target's tmp folder (rebuilt every run,
/// so a stale site never passes).
fn site() -> &'static Path {
    static SITE: OnceLock<PathBuf> = OnceLock::new();
    SITE.get_or_init(|| {
        let root = Path::new(env!("CARGO_TARGET_TMPDIR")).join("browser-search-2000");
        if root.exists() {
            std::fs::remove_dir_all(&root).unwrap();
        }
        synth::generate(
            &SynthOptions {
                docs: 2000,
                seed: 7,
                secret_every: None,
                draft_every: None,
            },
            &root,
        )
        .unwrap();
        let repo = Path::new(env!("CARGO_MANIFEST_DIR"));
        let sample = root.join("content/mau");
        common::copy_dir(&repo.join("content"), &sample);
        std::fs::create_dir_all(sample.join("2020")).unwrap();
        std::fs::write(sample.join("2020/999-tb-hu-kiem-tra.md"), XSS_DOC).unwrap();
        if let Err(f) = site::build(&BuildOptions {
            root: root.clone(),
            ..Default::default()
        }) {
            panic!("build failed: {:?} {:?}", f.message, f.diagnostics);
        }
        root.join("public")
    })
}

/// Documents listed on a list page and its following pages (`<slug>-trang-N.html`), as
/// root-relative URLs like the search results'.
fn listed(dir: &str, slug: &str) -> BTreeSet<String> {
    let mut out = BTreeSet::new();
    for n in 1.. {
        let name = if n == 1 {
            format!("{slug}.html")
        } else {
            format!("{slug}-trang-{n}.html")
        };
        let Ok(html) = std::fs::read_to_string(site().join(dir).join(name)) else {
            break;
        };
        for part in html.split("class=\"tieu-de\" href=\"").skip(1) {
            let href = &part[..part.find('"').unwrap()];
            out.insert(href.trim_start_matches("../").to_string());
        }
    }
    out
}

#[derive(Deserialize, Debug)]
struct Hit {
    href: String,
    text: String,
    info: String,
}

const HITS: &str = "Array.from(document.querySelectorAll('#ket-qua > li'), li => ({ \
    href: li.querySelector('a').getAttribute('href'), text: li.textContent, \
    info: li.querySelector('.thong-tin').textContent }))";
const STATUS: &str = "document.getElementById('trang-thai').textContent";
/// The status line once a search has finished (found or not): it then counts the full
/// matches in `data-count`.
const DONE: &str = "document.getElementById('trang-thai').hasAttribute('data-count')";

fn search_url(q: &str) -> String {
    format!(
        "{}?q={}",
        file_url(&site().join("tim-kiem.html")),
        utf8_percent_encode(q, NON_ALPHANUMERIC)
    )
}

/// Opens `tim-kiem.html?q=…` and returns the results shown, best first.
fn search(b: &Browser, q: &str) -> Vec<Hit> {
    b.open_url(&search_url(q));
    b.wait_for(DONE);
    b.eval(HITS)
}

/// Every matching document id, sorted: the whole result set, not just the page shown.
fn result_set(b: &Browser) -> Vec<u32> {
    b.eval("VANBAN_SEARCH.page.ids.slice().sort((a, b) => a - b)")
}

/// The full matches, best first: every one, not just the page shown.
fn full_matches(b: &Browser) -> Vec<u32> {
    b.eval("VANBAN_SEARCH.page.ids.slice(0, VANBAN_SEARCH.page.full)")
}

/// `n` with Vietnamese digit grouping.
fn grouped(n: usize) -> String {
    let digits = n.to_string();
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push('.');
        }
        out.push(c);
    }
    out
}

#[test]
fn folded_campaign_name_finds_the_campaign() {
    let b = Browser::start();
    let hits = search(&b, "dan van kheo");
    let campaign = listed("phong-trao", "dan-van-kheo");
    assert!(!campaign.is_empty());
    assert!(hits.len() >= 10, "{hits:?}");
    for h in &hits[..10] {
        assert!(
            h.text.to_lowercase().contains("dân vận khéo") || campaign.contains(&h.href),
            "not about Dân vận khéo: {h:?}"
        );
    }
    // What the first query made the page load: meta, term shards and display buckets.
    let loaded: Vec<String> = b.eval(
        "Array.from(document.querySelectorAll('script[src*=\"tim-kiem/\"]'), s => s.getAttribute('src'))",
    );
    assert!(loaded.iter().any(|s| s.ends_with("meta.js")), "{loaded:?}");
    let bytes: u64 = loaded
        .iter()
        .map(|s| std::fs::metadata(site().join(s)).unwrap().len())
        .sum();
    assert!(
        bytes < FIRST_QUERY_BUDGET as u64,
        "first query loaded {bytes} bytes: {loaded:?}"
    );
}

#[test]
fn a_number_in_other_spacing_and_case_comes_first_and_opens_its_page() {
    let b = Browser::start();
    for q in ["118 cv bdvhu", "118-cv/bdvhu", "118 CV-BDVHU"] {
        let hits = search(&b, q);
        assert_eq!(
            hits.first().map(|h| h.href.as_str()),
            Some(BDVHU_118),
            "{q}"
        );
    }
    let sample_1213 = "van-ban/2018/1213-cv-tu-tinh-uy-binh-thuan.html";
    let hits = search(&b, "1213 cv tu");
    assert_eq!(hits[0].href, sample_1213);

    // The result is a link to the document page.
    b.navigate_by("document.querySelector('#ket-qua a').click()", sample_1213);
    let title: String = b.eval("document.title");
    assert!(title.contains("1213-CV/TU"), "{title}");
}

#[test]
fn issuer_name_without_diacritics_and_year_finds_that_issuers_year() {
    let issuers: Vec<String> = std::fs::read_dir(site().join("co-quan"))
        .unwrap()
        .map(|e| e.unwrap().file_name().into_string().unwrap())
        .filter_map(|n| n.strip_suffix(".html").map(str::to_string))
        .filter(|s| s != "index" && !s.contains("-trang-"))
        .collect();
    // Documents per year of an issuer and of the boards whose names contain its name
    // (`Ban Dân vận Tỉnh ủy X` under `Tỉnh ủy X`): the query names them all.
    let by_year = |slug: &str| {
        let mut out: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
        for s in issuers
            .iter()
            .filter(|s| *s == slug || s.ends_with(&format!("-{slug}")))
        {
            for url in listed("co-quan", s) {
                let year = url.split('/').nth(1).unwrap().to_string();
                out.entry(year).or_default().insert(url);
            }
        }
        out
    };
    // The issuer with the most documents of its own in one year (slugs are names folded).
    let mut best: Option<(usize, String, String)> = None;
    for slug in issuers.iter().filter(|s| !s.ends_with(char::is_numeric)) {
        let mut own: BTreeMap<String, usize> = BTreeMap::new();
        for url in listed("co-quan", slug) {
            *own.entry(url.split('/').nth(1).unwrap().to_string())
                .or_default() += 1;
        }
        for (year, n) in own {
            if best.as_ref().is_none_or(|b| n > b.0) {
                best = Some((n, slug.clone(), year));
            }
        }
    }
    let (count, slug, year) = best.unwrap();
    assert!(count >= 3, "{slug} {year}");
    let docs = &by_year(&slug)[&year];
    let q = format!("{} {year}", slug.replace('-', " "));
    let b = Browser::start();
    let hits = search(&b, &q);
    let top = docs.len().min(hits.len());
    assert!(top >= count, "{q}: {hits:?}");
    for h in &hits[..top] {
        assert!(docs.contains(&h.href), "{q}: {h:?} is not one of {docs:?}");
    }
}

#[test]
fn diacritics_change_the_order_not_the_documents() {
    // The synthetic archive holds both Đảng ủy xã Mỹ Thạnh and Đảng ủy xã Mỹ Thành.
    let b = Browser::start();
    let folded = search(&b, "dang uy xa my thanh");
    let folded_set = result_set(&b);
    assert!(!folded.is_empty());
    for exact in ["Đảng ủy xã Mỹ Thạnh", "Đảng ủy xã Mỹ Thành"] {
        let hits = search(&b, exact);
        assert_eq!(result_set(&b), folded_set, "{exact}");
        assert!(
            hits[0].info.starts_with(exact),
            "{exact} should rank its own documents first: {:?}",
            hits[0]
        );
    }
    let hits = search(&b, "dân vận khéo");
    let set = result_set(&b);
    let folded = search(&b, "dan van kheo");
    assert_eq!(set, result_set(&b));
    assert_eq!(hits[0].href, folded[0].href);
}

#[test]
fn every_result_belongs_to_the_chosen_filter() {
    let b = Browser::start();
    search(&b, "dan van");
    for (select, dir, value) in [
        ("co-quan", "co-quan", "huyen-uy-hon-quan"),
        ("nam", "nam", "2018"),
        ("phong-trao", "phong-trao", "dan-van-kheo"),
        ("loai", "loai", "ke-hoach"),
    ] {
        let members = listed(dir, value);
        assert!(!members.is_empty(), "{dir}/{value}.html lists no document");
        // Choose as a reader does: the option, then the change event the select fires.
        let chosen: bool = b.eval(&format!(
            "(() => {{ const s = document.getElementById('{select}'); \
               if (!Array.from(s.options).some(o => o.value === '{value}')) return false; \
               s.value = '{value}'; s.dispatchEvent(new Event('change')); return true; }})()"
        ));
        assert!(chosen, "#{select} has no option {value}");
        b.wait_for(DONE);
        let hits: Vec<Hit> = b.eval(HITS);
        assert!(!hits.is_empty(), "{select}={value}");
        for h in &hits {
            assert!(members.contains(&h.href), "{select}={value}: {h:?}");
        }
        let url: String = b.url();
        assert!(url.contains(&format!("{select}={value}")), "{url}");
        let _: bool = b.eval(&format!(
            "(() => {{ const s = document.getElementById('{select}'); s.value = ''; \
               s.dispatchEvent(new Event('change')); return true; }})()"
        ));
        b.wait_for(DONE);
    }
}

#[test]
fn results_follow_typing_and_the_keyboard() {
    let b = Browser::start();
    b.open_url(&file_url(&site().join("tim-kiem.html")));
    b.wait_for(&format!("/Nhập từ khóa/.test({STATUS})"));
    let mut tabs = 0;
    while !b.eval::<bool>("document.activeElement.id === 'q'") {
        assert!(tabs < 15, "Tab never reaches the search box");
        b.press("Tab");
        tabs += 1;
    }
    b.type_text("dan van kheo");
    // No Enter: the page searches on its own once typing pauses.
    b.wait_for(&format!(
        "new URLSearchParams(location.search).get('q') === 'dan van kheo' && {DONE}"
    ));
    let hits: Vec<Hit> = b.eval(HITS);
    assert!(!hits.is_empty());
    let (live, total, count): (String, usize, String) = b.eval(
        "[document.getElementById('trang-thai').getAttribute('aria-live'), \
          VANBAN_SEARCH.page.full, document.getElementById('trang-thai').dataset.count]",
    );
    assert_eq!(live, "polite");
    assert_eq!(count, total.to_string());
    let status: String = b.eval(STATUS);
    assert!(
        status.starts_with(&format!("Tìm thấy {} văn bản", grouped(total))),
        "{status}"
    );
    let mut tabs = 0;
    while !b.eval::<bool>("document.activeElement.matches('#ket-qua a')") {
        assert!(tabs < 15, "Tab never reaches the results");
        b.press("Tab");
        tabs += 1;
    }
    let focused: String = b.eval("document.activeElement.getAttribute('href')");
    assert_eq!(focused, hits[0].href);
}

#[test]
fn markup_in_a_subject_is_shown_as_text() {
    let b = Browser::start();
    let hits = search(&b, "vanbanxss");
    assert_eq!(hits.len(), 1, "{hits:?}");
    assert!(
        hits[0]
            .text
            .contains("<img src=x onerror=window.vanbanXss=1>"),
        "{hits:?}"
    );
    let (images, scripts, flag): (usize, usize, bool) = b.eval(
        "[document.querySelectorAll('#ket-qua img').length, \
          document.querySelectorAll('#ket-qua script').length, 'vanbanXss' in window]",
    );
    assert_eq!((images, scripts, flag), (0, 0, false));
}

#[test]
fn index_stays_under_a_fifth_of_the_html() {
    let (mut index, mut html) = (0u64, 0u64);
    for e in walkdir::WalkDir::new(site()).into_iter().flatten() {
        let len = e.metadata().unwrap().len();
        let rel = e.path().strip_prefix(site()).unwrap();
        if rel.starts_with("tim-kiem") {
            index += len;
        } else if rel.extension().is_some_and(|x| x == "html") {
            html += len;
        }
    }
    assert!(
        (index as f64) < INDEX_SHARE_OF_HTML * html as f64,
        "index {index} bytes, HTML {html} bytes"
    );
}

/// At 10,000 documents, computed from the library's index (building the whole site in a debug
/// test would take minutes): meta + the query's term shards + the display buckets of a first
/// page of results, at worst one bucket per result.
#[test]
fn first_query_loads_under_500_kb_at_ten_thousand_documents() {
    use vanban::search::{META_FILE, index_archive, query_files};
    let root = Path::new(env!("CARGO_TARGET_TMPDIR")).join("search-budget-10000");
    if root.exists() {
        std::fs::remove_dir_all(&root).unwrap();
    }
    let opts = SynthOptions {
        docs: 10_000,
        seed: 11,
        secret_every: None,
        draft_every: None,
    };
    synth::generate(&opts, &root).unwrap();
    let prepared =
        site::prepare(&root, false, &mut Timings::default()).unwrap_or_else(|d| panic!("{d:?}"));
    assert_eq!(prepared.archive.entries.len(), 10_000);
    let files = index_archive(&prepared.archive);
    let size = |p: &str| {
        files
            .iter()
            .find(|(f, _)| f == p)
            .map_or(0, |(_, c)| c.len())
    };
    let mut buckets: Vec<usize> = files
        .iter()
        .filter(|(p, _)| p.starts_with("tim-kiem/d-"))
        .map(|(_, c)| c.len())
        .collect();
    buckets.sort_unstable_by(|a, b| b.cmp(a));
    // search.js shows 20 results per page.
    let page: usize = buckets.iter().take(20).sum();
    // Typical first queries. A sentence of common words loads more: the 11 words of "ke
    // hoach trien khai nghi quyet ve cong tac dan van chinh quyen" take 568 KB.
    for q in [
        "dan van kheo",
        "dân vận khéo",
        "huyen uy hon quan 2018",
        "224 tb bdvtu",
        "ke hoach trien khai",
    ] {
        let shards: usize = query_files(&files, q).iter().map(|f| size(f)).sum();
        let first = size(META_FILE) + shards + page;
        assert!(
            first < FIRST_QUERY_BUDGET,
            "{q}: meta {} + shards {shards} + buckets {page} bytes",
            size(META_FILE)
        );
    }
    std::fs::remove_dir_all(&root).unwrap();
}

/// What a result's full text holds, folded: its subject, number, type, issuer and date.
const FOLD: &str = "(s => s.normalize('NFD').replace(/\\p{M}/gu, '').replace(/đ/g, 'd').replace(/Đ/g, 'D').toLowerCase())";

#[test]
fn full_matches_are_counted_and_partial_ones_listed_apart() {
    let b = Browser::start();
    // The sample's XSS document has "vanbanxss" but not "kheo"; many have "kheo" alone.
    search(&b, "vanbanxss kheo");
    let (count, shown, partial, label, inside): (String, usize, Vec<String>, String, bool) = b
        .eval(
            "[document.getElementById('trang-thai').dataset.count, \
          document.querySelectorAll('#ket-qua > li').length, \
          Array.from(document.querySelectorAll('#ket-qua-mot-phan > li a'), a => a.getAttribute('href')), \
          document.getElementById('mot-phan').hidden ? '' : document.querySelector('#mot-phan h2').textContent, \
          !!document.querySelector('#ket-qua #ket-qua-mot-phan')]",
        );
    assert_eq!((count.as_str(), shown), ("0", 0));
    assert_eq!(label, "Khớp một phần");
    assert!(!inside);
    assert!(partial.len() > 1, "{partial:?}");
    let status: String = b.eval(STATUS);
    assert!(
        status.starts_with("Không có văn bản nào chứa đủ"),
        "{status}"
    );

    // Every full match has every word; the count is theirs alone, with digit grouping.
    let hits = search(&b, "huyen uy");
    let (count, full, all): (String, usize, usize) = b.eval(
        "[document.getElementById('trang-thai').dataset.count, VANBAN_SEARCH.page.full, \
          VANBAN_SEARCH.page.ids.length]",
    );
    assert_eq!(count, full.to_string());
    assert!(full > 1000 && all >= full, "{full} {all}");
    let status: String = b.eval(STATUS);
    assert!(
        status.starts_with(&format!("Tìm thấy {} văn bản", grouped(full))),
        "{status}"
    );
    assert!(!hits.is_empty());
}

#[test]
fn a_filter_keeps_the_order_and_back_returns_to_the_previous_query() {
    let b = Browser::start();
    search(&b, "dân vận khéo");
    let unfiltered = full_matches(&b);
    let years: Vec<u32> = b.eval(
        "VANBAN_SEARCH.page.ids.slice(0, VANBAN_SEARCH.page.full).map(id => \
           VANBAN_SEARCH.page.engine.meta.years[VANBAN_SEARCH.page.engine.yearOf[id] - 1] || 0)",
    );
    let _: bool = b.eval(
        "(() => { const s = document.getElementById('nam'); s.value = '2018'; \
           s.dispatchEvent(new Event('change')); return true; })()",
    );
    b.wait_for(&format!("location.search.includes('nam=2018') && {DONE}"));
    let filtered = full_matches(&b);
    let want: Vec<u32> = unfiltered
        .iter()
        .zip(&years)
        .filter(|(_, y)| **y == 2018)
        .map(|(d, _)| *d)
        .collect();
    assert!(!want.is_empty());
    assert_eq!(filtered, want, "the filter reordered the results");
    // Reopened from the address: the same results, the folded filters open on the one set.
    let url = b.url();
    b.open_url(&url);
    b.wait_for(DONE);
    assert_eq!(full_matches(&b), want, "reopened from the address");
    let reopened: (String, bool) =
        b.eval("[document.getElementById('nam').value, document.getElementById('bo-loc').open]");
    assert_eq!(reopened, ("2018".to_string(), true));

    // A new query, then Back: the previous query and filter again.
    let _: bool = b.eval(
        "(() => { document.getElementById('q').value = 'chuyển đổi số'; \
           document.getElementById('tim-kiem').requestSubmit(); return true; })()",
    );
    b.wait_for(&format!(
        "new URLSearchParams(location.search).get('q') === 'chuyển đổi số' && {DONE}"
    ));
    let _: bool = b.eval("history.back(), true");
    b.wait_for(&format!(
        "new URLSearchParams(location.search).get('q') === 'dân vận khéo' && \
         document.getElementById('q').value === 'dân vận khéo' && {DONE}"
    ));
    assert_eq!(full_matches(&b), want);
    let year: String = b.eval("document.getElementById('nam').value");
    assert_eq!(year, "2018");
}

#[test]
fn marks_follow_the_accents_typed() {
    let b = Browser::start();
    let marks = |b: &Browser| -> Vec<String> {
        b.eval("Array.from(document.querySelectorAll('#ket-qua mark'), m => m.textContent.toLowerCase())")
    };
    search(&b, "dân vận");
    let typed = marks(&b);
    assert!(!typed.is_empty());
    for m in &typed {
        assert!(
            ["dân", "vận"].contains(&m.as_str()),
            "{m} marked for dân vận"
        );
    }
    search(&b, "dan van");
    let any = marks(&b);
    assert!(any.iter().any(|m| m == "dân"), "{any:?}");
    let folded: Vec<String> = b.eval(&format!(
        "Array.from(document.querySelectorAll('#ket-qua mark'), m => {FOLD}(m.textContent))"
    ));
    assert!(
        folded.iter().all(|m| m == "dan" || m == "van"),
        "{folded:?}"
    );
}

#[test]
fn titles_name_type_and_number_and_a_unique_number_is_said() {
    let b = Browser::start();
    let hits = search(&b, "118 cv bdvhu");
    assert_eq!(hits[0].href, BDVHU_118);
    let (title, below): (String, String) = b.eval(
        "[document.querySelector('#ket-qua > li > a').textContent, \
          document.querySelector('#ket-qua > li .thong-tin').textContent]",
    );
    assert!(title.starts_with("Công văn 118-CV/BDVHU — "), "{title}");
    assert!(below.contains("Ban Dân vận Huyện ủy Đơn Dương"), "{below}");
    assert!(below.contains("2019"), "{below}");
    let status: String = b.eval(STATUS);
    assert!(status.contains("đúng một văn bản"), "{status}");
}

#[test]
fn on_a_phone_the_first_result_is_on_the_first_screen() {
    let b = Browser::start();
    b.set_viewport(375, 667);
    search(&b, "dan van kheo");
    let (top, boxes): (f64, usize) = b.eval(
        "[document.querySelector('#ket-qua > li').getBoundingClientRect().top, \
          Array.from(document.querySelectorAll('input[type=search]')).filter(e => e.offsetParent).length]",
    );
    assert_eq!(boxes, 1, "one search box");
    assert!(top + 60.0 < 667.0, "first result at {top}px");
}
