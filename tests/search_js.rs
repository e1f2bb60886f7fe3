//! Runs `search.js` under Node (tests/search_harness.js, a fake DOM whose `<script>` tags load
//! files from disk) against an index built from a tiny archive: ranking, numbers, filters,
//! safe rendering, and that the JS cuts text exactly as the Rust tokenizer does.

use std::path::{Path, PathBuf};
use std::process::Command;

use serde_json::Value;
use vanban::ids::{CampaignId, DocId, DocTypeId, Id, IssuerId};
use vanban::search::tokenize;
use vanban::search::{Body, Facets, SearchDoc, build_index};

const ISSUERS: &[&str] = &[
    "Huyện ủy Hón Quản",
    "Ban Dân vận Tỉnh ủy",
    "UBND xã Thanh Lương",
];
const TYPES: &[&str] = &["Công văn", "Thông báo", "Kế hoạch", "Báo cáo"];
const CAMPAIGNS: &[&str] = &["Dân vận khéo"];
const YEARS: &[i32] = &[2019, 2018, 2017];

struct D {
    number: &'static str,
    subject: &'static str,
    issuer: usize,
    year: i32,
    kind: usize,
    campaigns: &'static [CampaignId],
    body: &'static str,
}

/// Newest first; ids are positions. Several documents are newer than the one a query should
/// find, so ranking, not order, has to put it first.
const DOCS: &[D] = &[
    D {
        number: "45-CV/HU",
        subject: "V/v tham gia vận động nhân dân",
        issuer: 0,
        year: 2019,
        kind: 0,
        campaigns: &[],
        body: "Nhân dân tham gia, vận động khéo léo; căn cứ văn bản 44 của tỉnh.",
    },
    D {
        number: "30-KH/HU",
        subject: "Kế hoạch triển khai phong trào thi đua Dân vận khéo năm 2019",
        issuer: 0,
        year: 2019,
        kind: 2,
        campaigns: &[CampaignId::new(0)],
        body: "Thực hiện Thông báo số 224-TB/BDVTU ngày 12/10/2018 của Ban Dân vận Tỉnh ủy.",
    },
    D {
        number: "",
        subject: "Dự thảo <img src=x onerror=alert(1)> quy chế giữ uy tín",
        issuer: 2,
        year: 2019,
        kind: 3,
        campaigns: &[],
        body: "<script>alert('x')</script> nội dung dự thảo",
    },
    D {
        number: "12-BC/HU",
        subject: "Báo cáo sơ kết mô hình Dân vận khéo",
        issuer: 0,
        year: 2018,
        kind: 3,
        campaigns: &[],
        body: "Kết quả mô hình.",
    },
    D {
        number: "07/KH-UBND",
        subject: "Hướng dẫn công tác văn thư",
        issuer: 2,
        year: 2018,
        kind: 2,
        campaigns: &[],
        body: "Văn thư.",
    },
    D {
        number: "44-CV/HU",
        subject: "V/v tổ chức hội nghị",
        issuer: 0,
        year: 2018,
        kind: 0,
        campaigns: &[],
        body: "Nâng cao uy tín của cán bộ.",
    },
    D {
        number: "224-TB/BDVTU",
        subject: "Thông báo kết luận về công tác dân tộc",
        issuer: 1,
        year: 2018,
        kind: 1,
        campaigns: &[],
        body: "Ủy ban nhân dân các xã.",
    },
    D {
        number: "9-CV/HU",
        subject: "Về việc kiện toàn Ủy ban kiểm tra",
        issuer: 0,
        year: 2017,
        kind: 0,
        campaigns: &[],
        body: "Huyện ủy Hón Quản năm 2017.",
    },
    D {
        number: "3-BC/UBND",
        subject: "Báo cáo công tác dân tộc của Ủy ban nhân dân xã Thanh Lương năm 2017 và phương hướng",
        issuer: 2,
        year: 2017,
        kind: 3,
        campaigns: &[],
        body: "Văn thư.",
    },
];

fn node_available() -> bool {
    Command::new("node")
        .arg("--version")
        .output()
        .is_ok_and(|o| o.status.success())
}

/// Whether node is here to run the test; without it the test fails, unless
/// `VANBAN_SKIP_NODE` says to skip it.
fn node_or_skip() -> bool {
    if node_available() {
        return true;
    }
    assert!(
        std::env::var_os("VANBAN_SKIP_NODE").is_some(),
        "node is needed for this test"
    );
    false
}

fn manifest() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn build_site(dir: &Path) {
    let urls: Vec<String> = (0..DOCS.len())
        .map(|i| format!("van-ban/d{i}.html"))
        .collect();
    let docs: Vec<SearchDoc> = DOCS
        .iter()
        .zip(&urls)
        .map(|(d, url)| SearchDoc {
            url,
            number: d.number,
            subject: d.subject,
            issuer: ISSUERS[d.issuer],
            issuer_id: IssuerId::new(d.issuer),
            year: Some(d.year),
            doc_type: TYPES[d.kind],
            type_id: DocTypeId::new(d.kind),
            campaign_ids: d.campaigns,
            date: "01/01/2018",
            body: Body::Text(d.body),
            draft: d.number.is_empty(),
        })
        .collect();
    let facets = Facets {
        issuers: ISSUERS.iter().copied().collect(),
        types: TYPES.iter().copied().collect(),
        campaigns: CAMPAIGNS.iter().copied().collect(),
        years: YEARS,
    };
    for (path, contents) in build_index(&docs, &facets) {
        let p = dir.join(path);
        std::fs::create_dir_all(p.parent().unwrap()).unwrap();
        std::fs::write(p, contents).unwrap();
    }
}

fn run_node(site: &Path, mode: &str, input: &Value) -> Value {
    let arg = site.join(format!("{mode}-input.json"));
    std::fs::write(&arg, input.to_string()).unwrap();
    let out = Command::new("node")
        .arg(manifest().join("tests/search_harness.js"))
        .arg(manifest().join("themes/default/static/search.js"))
        .arg(site)
        .arg(mode)
        .arg(&arg)
        .output()
        .expect("node runs");
    assert!(
        out.status.success(),
        "node failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice(&out.stdout).expect("harness prints JSON")
}

/// Result ids (from `van-ban/d<i>.html`) per page URL query string.
fn ids(page: &Value) -> Vec<usize> {
    page["links"]
        .as_array()
        .unwrap()
        .iter()
        .map(|l| {
            l.as_str()
                .unwrap()
                .trim_start_matches("van-ban/d")
                .trim_end_matches(".html")
                .parse()
                .unwrap()
        })
        .collect()
}

#[test]
fn search_page_in_node() {
    if !node_or_skip() {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    build_site(dir.path());
    let queries = [
        "?q=dan+van+kheo",
        "?q=224-tb%2Fbdvtu",
        "?q=224+TB+BDVTU",
        "?q=cong+van+44",
        "?q=huyen+uy+hon+quan+2018",
        "?q=d%C3%A2n", // dân
        "?q=dan",
        "?q=u%E1%BB%B7", // uỷ, new tone placement
        "?q=uy",
        "?q=img+onerror",
        "?nam=2017",
        "?q=dan&co-quan=ban-dan-van-tinh-uy",
        "?q=khong+co+tu+nay",
        "?q=07%2Fkh-ubnd",
        "?phong-trao=dan-van-kheo",
        "?q=%22van+dong%22",
        "?q=%22dong+van%22",
        "?q=dan+van+kheo+xyz",
    ];
    let input = Value::from(queries.iter().map(|q| Value::from(*q)).collect::<Vec<_>>());
    let pages = run_node(dir.path(), "pages", &input);
    let page = |q: &str| &pages[queries.iter().position(|x| *x == q).unwrap()];

    // The two Dân vận khéo documents first, above the newer one with the words scattered.
    let r = ids(page("?q=dan+van+kheo"));
    let mut top: Vec<usize> = r[..2].to_vec();
    top.sort();
    assert_eq!(top, [1, 3], "{r:?}");
    assert!(r.contains(&0), "scattered words still match: {r:?}");
    assert!(
        page("?q=dan+van+kheo")["status"]
            .as_str()
            .unwrap()
            .starts_with("Tìm thấy")
    );

    // Quoted words must stand side by side; every word counts, the rest is apart.
    assert_eq!(ids(page("?q=%22van+dong%22")), [0]);
    assert_eq!(ids(page("?q=%22dong+van%22")), Vec::<usize>::new());
    let missing = page("?q=dan+van+kheo+xyz");
    assert_eq!(ids(missing), Vec::<usize>::new());
    assert_eq!(missing["count"], "0");
    let partial = missing["partial"].as_array().unwrap();
    assert_eq!(&partial[..2], ["van-ban/d1.html", "van-ban/d3.html"]);
    assert_eq!(page("?q=dan+van+kheo")["count"], "3");

    // A number in any spacing or case finds its document before documents citing it, and
    // the status says when it is one document's.
    assert_eq!(ids(page("?q=224-tb%2Fbdvtu"))[0], 6);
    let status = page("?q=224+TB+BDVTU")["status"]
        .as_str()
        .unwrap()
        .to_owned();
    assert!(status.contains("đúng một văn bản"), "{status}");
    assert_eq!(ids(page("?q=224+TB+BDVTU"))[0], 6);
    assert_eq!(ids(page("?q=07%2Fkh-ubnd"))[0], 4);
    assert_eq!(
        ids(page("?q=cong+van+44"))[0],
        5,
        "{:?}",
        ids(page("?q=cong+van+44"))
    );

    // Issuer name and year: Huyện ủy Hón Quản's 2018 documents first.
    let r = ids(page("?q=huyen+uy+hon+quan+2018"));
    let mut top: Vec<usize> = r[..2].to_vec();
    top.sort();
    assert_eq!(top, [3, 5], "{r:?}");

    // Exact diacritics above folded matches: "dân" puts the older "dân tộc" (8) above the
    // newer "Hướng dẫn" (4); typed without diacritics both match alike and the newer wins.
    let pos = |r: &[usize], id: usize| r.iter().position(|&i| i == id).unwrap();
    let exact = ids(page("?q=d%C3%A2n"));
    let folded = ids(page("?q=dan"));
    assert!(pos(&exact, 8) < pos(&exact, 4), "{exact:?}");
    assert!(pos(&folded, 4) < pos(&folded, 8), "{folded:?}");
    assert_eq!(exact.len(), folded.len());
    // ủy/uỷ are one spelling: typed "uỷ" ranks the older "Ủy ban" (8) above the newer
    // "uy tín" (2), which it still finds, folded.
    let uy = ids(page("?q=u%E1%BB%B7"));
    assert!(pos(&uy, 8) < pos(&uy, 2), "{uy:?}");
    let plain = ids(page("?q=uy"));
    assert!(pos(&plain, 2) < pos(&plain, 8), "{plain:?}");

    // Untrusted text is text: no element from document content, markup shown escaped.
    let xss = page("?q=img+onerror");
    assert_eq!(ids(xss), [2]);
    let tags: Vec<&str> = xss["tags"]
        .as_array()
        .unwrap()
        .iter()
        .map(|t| t.as_str().unwrap())
        .collect();
    assert!(
        tags.iter()
            .all(|t| ["A", "LI", "MARK", "OL", "P", "SPAN"].contains(t)),
        "{tags:?}"
    );
    let html = xss["html"].as_str().unwrap();
    assert!(
        html.contains("&lt;<mark>img</mark> src=x <mark>onerror</mark>=alert(1)&gt;"),
        "{html}"
    );
    assert!(html.contains("DỰ THẢO"));

    // Filters, with or without a query.
    assert_eq!(ids(page("?nam=2017")), [7, 8]);
    assert_eq!(ids(page("?q=dan&co-quan=ban-dan-van-tinh-uy")), [6]);
    assert_eq!(ids(page("?phong-trao=dan-van-kheo")), [1]);
    // The fake select starts empty; the template holds the "Tất cả" option.
    assert_eq!(page("?nam=2017")["options"], ISSUERS.len());

    let none = page("?q=khong+co+tu+nay");
    assert_eq!(ids(none), Vec::<usize>::new());
    assert_eq!(none["status"], "Không tìm thấy văn bản nào.");

    // Only the metadata, the shards the query touches and the buckets shown are loaded.
    let loaded: Vec<&str> = page("?q=dan+van+kheo")["loaded"]
        .as_array()
        .unwrap()
        .iter()
        .map(|l| l.as_str().unwrap())
        .collect();
    assert_eq!(loaded[0], "tim-kiem/meta.js");
    assert!(loaded.iter().all(|l| l.starts_with("tim-kiem/")));
    assert!(loaded.contains(&"tim-kiem/t-kh.js"), "{loaded:?}");
}

#[test]
fn js_tokenizer_matches_rust() {
    if !node_or_skip() {
        return;
    }
    let nfd: String =
        unicode_normalization::UnicodeNormalization::nfd("Huyện ủy Hón Quản").collect();
    let texts = [
        "Dân vận khéo, phong trào",
        "HUYỆN UỶ Hón Quản",
        nfd.as_str(),
        "Thông báo 224-TB/BDVTU ngày 12/10/2018; số 07/KH-UBND",
        "Quyết định số 217,218-QĐ/TW — Đảng bộ",
        "hòa hoà Hóa Ưu tiên ĐOÀN 0012",
        "x  \t y\n z - w / v",
        "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa next",
        "tiếng Việt: 27,1% năm 2018 (Điều 3)",
    ];
    let input = Value::from(texts.iter().map(|t| Value::from(*t)).collect::<Vec<_>>());
    let dir = tempfile::tempdir().unwrap();
    let js = run_node(dir.path(), "tokenize", &input);
    for (i, text) in texts.iter().enumerate() {
        let t = tokenize(text);
        let words: Vec<Value> = t
            .words
            .iter()
            .map(
                |w| serde_json::json!({"folded": w.folded, "exact": w.exact, "follows": w.follows}),
            )
            .collect();
        assert_eq!(js[i]["words"], Value::from(words), "{text}");
        assert_eq!(js[i]["compounds"], serde_json::json!(t.compounds), "{text}");
    }
}

#[test]
fn js_decodes_the_sets_and_postings_rust_writes() {
    use vanban::search::{decode_postings, push_doc_set, push_postings};
    if !node_or_skip() {
        return;
    }
    // Sets of every density over 100,000 ids (a hash decides each id), and the edges.
    let mut sets: Vec<Vec<u32>> = vec![
        vec![],
        vec![0],
        vec![99_999],
        vec![0, 1 << 23],
        (0..5000).collect(),
        (0..5000).step_by(2).collect(),
    ];
    for per_1024 in [1u64, 3, 10, 40, 100, 170, 300, 512, 700, 1000] {
        sets.push(
            (0..100_000u32)
                .filter(|&id| {
                    (u64::from(id) ^ per_1024).wrapping_mul(0x9e37_79b9_7f4a_7c15) >> 54 < per_1024
                })
                .collect(),
        );
    }
    let written: Vec<String> = sets
        .iter()
        .map(|ids| {
            let mut s = String::new();
            push_doc_set(&mut s, ids);
            s
        })
        .collect();
    // Postings with spelling masks (values of 32 and more), and with flags alone.
    let postings: Vec<String> = sets
        .iter()
        .flat_map(|ids| [97, 32].map(|m| (ids, m)))
        .map(|(ids, m)| {
            let kept: Vec<(u32, u32)> = ids.iter().map(|&d| (d, d % m * (d % 13) % m)).collect();
            let mut s = String::new();
            push_postings(&mut s, &kept);
            s
        })
        .collect();
    let dir = tempfile::tempdir().unwrap();
    let input = serde_json::json!({"sets": written, "postings": postings});
    let js = run_node(dir.path(), "decode", &input);
    for (i, ids) in sets.iter().enumerate() {
        assert_eq!(
            js["sets"][i],
            serde_json::json!(ids),
            "set {i}: {}",
            written[i]
        );
    }
    for (i, p) in postings.iter().enumerate() {
        // search.js reads postings as flat (gap, value) pairs.
        let mut flat = Vec::new();
        let mut next = 0;
        for (doc, value) in decode_postings(p) {
            flat.extend([u64::from(doc - next), value]);
            next = doc + 1;
        }
        assert_eq!(js["postings"][i], serde_json::json!(flat), "postings {i}");
    }
}

/// The reference search: per document, the folded words of everything the index reads
/// (number, subject, issuer, type, campaigns, year, body), in order with whether each
/// follows the previous one after white space only; found by brute force, no index.
struct Reference {
    docs: Vec<RefDoc>,
}

struct RefDoc {
    words: std::collections::HashSet<String>,
    /// "a b" for each word b that follows word a (as `"…"` phrases need).
    pairs: std::collections::HashSet<String>,
    subject: Vec<String>,
    number: String,
    issuer: usize,
    doc_type: usize,
    year: Option<i32>,
    campaigns: Vec<usize>,
}

impl Reference {
    fn new(archive: &vanban::archive::Archive) -> Reference {
        let docs = archive
            .entries
            .iter()
            .map(|e| {
                let mut words = std::collections::HashSet::new();
                let mut pairs = std::collections::HashSet::new();
                let year = e.doc.year().map(|y| y.to_string()).unwrap_or_default();
                let mut texts: Vec<String> = vec![
                    e.doc.number.clone().unwrap_or_default(),
                    e.doc.subject.clone(),
                    archive.issuers.get(e.issuer).name.clone(),
                    e.doc.doc_type.clone(),
                    year,
                    vanban::render::markdown::plain_text(&e.doc.body),
                ];
                texts.extend(
                    e.campaigns
                        .iter()
                        .map(|&c| archive.campaigns.get(c).name.clone()),
                );
                for text in &texts {
                    let t = tokenize(text);
                    for (i, w) in t.words.iter().enumerate() {
                        words.insert(w.folded.clone());
                        if i > 0 && w.follows {
                            pairs.insert(format!("{} {}", t.words[i - 1].folded, w.folded));
                        }
                    }
                }
                RefDoc {
                    words,
                    pairs,
                    subject: folded_words(&e.doc.subject),
                    number: e.doc.number.clone().unwrap_or_default(),
                    issuer: e.issuer.index(),
                    doc_type: e.doc_type.index(),
                    year: e.doc.year(),
                    campaigns: e.campaigns.iter().map(|c| c.index()).collect(),
                }
            })
            .collect();
        Reference { docs }
    }

    /// Documents with every word of `q` and every pair of its `"…"` phrases, in id order.
    fn full(&self, q: &str) -> Vec<usize> {
        let words = folded_words(q);
        let mut pairs = Vec::new();
        for phrase in q.split('"').skip(1).step_by(2) {
            let t = tokenize(phrase);
            for (i, w) in t.words.iter().enumerate().skip(1) {
                if w.follows {
                    pairs.push(format!("{} {}", t.words[i - 1].folded, w.folded));
                }
            }
        }
        (0..self.docs.len())
            .filter(|&d| {
                let doc = &self.docs[d];
                words.iter().all(|w| doc.words.contains(w))
                    && pairs.iter().all(|p| doc.pairs.contains(p))
            })
            .collect()
    }
}

fn folded_words(text: &str) -> Vec<String> {
    tokenize(text).words.into_iter().map(|w| w.folded).collect()
}

/// A text without diacritics, as typed on a keyboard without Vietnamese input.
fn unaccented(text: &str) -> String {
    use unicode_normalization::UnicodeNormalization;
    text.nfd()
        .filter(|c| !unicode_normalization::char::is_combining_mark(*c))
        .map(|c| match c {
            'đ' => 'd',
            'Đ' => 'D',
            c => c,
        })
        .collect()
}

/// xorshift64*: queries drawn the same way on every run.
struct Rng(u64);

impl Rng {
    fn below(&mut self, n: usize) -> usize {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        (self.0.wrapping_mul(0x2545_f491_4f6c_dd1d) >> 33) as usize % n
    }
}

/// Filter slugs by facet, as meta.js lists them.
fn slugs(meta: &str, key: &str) -> Vec<String> {
    let start = meta.find("VANBAN_SEARCH.meta(").unwrap() + "VANBAN_SEARCH.meta(".len();
    let end = meta.rfind(");").unwrap();
    let m: Value = serde_json::from_str(&meta[start..end]).unwrap();
    m[key]
        .as_array()
        .unwrap()
        .iter()
        .map(|v| match v {
            Value::Array(pair) => pair[1].as_str().unwrap().to_owned(),
            other => other.to_string(),
        })
        .collect()
}

/// Hundreds of generated queries against the shipped index and `search.js`: the documents
/// with every word, found by brute force over the archive's text, are exactly the full
/// matches, counted alike; a filter restricts them without reordering; a subject's words put
/// their document in the top three; a number in any spelling puts its document first.
#[test]
fn search_js_agrees_with_a_brute_force_reference() {
    if !node_or_skip() {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().join("site");
    // More documents than a term keeps body-only postings for, so that common words are
    // listed in part, as in any real archive.
    vanban_bench::synth::generate(
        &vanban_bench::synth::SynthOptions {
            docs: 1800,
            seed: 20,
            secret_every: None,
            draft_every: Some(97),
        },
        &root,
    )
    .unwrap();
    let prepared =
        vanban::site::prepare(&root, false, &mut vanban::site::Timings::default()).unwrap();
    let archive = &prepared.archive;
    let files = vanban::search::index_archive(archive);
    let site = dir.path().join("public");
    for (path, contents) in &files {
        let p = site.join(path);
        std::fs::create_dir_all(p.parent().unwrap()).unwrap();
        std::fs::write(p, contents).unwrap();
    }
    let meta = &files
        .iter()
        .find(|(p, _)| p == vanban::search::META_FILE)
        .unwrap()
        .1;
    let listed_in_part = files
        .iter()
        .filter(|(p, _)| p.starts_with("tim-kiem/t-"))
        .flat_map(|(_, c)| {
            let start = c.find(",{").unwrap() + 1;
            let terms: serde_json::Map<String, Value> =
                serde_json::from_str(&c[start..c.rfind(");").unwrap()]).unwrap();
            terms.into_values()
        })
        .filter(|e| e.as_array().unwrap().len() == 4)
        .count();
    assert!(
        listed_in_part > 10,
        "common words are listed in part, their other documents apart"
    );
    let reference = Reference::new(archive);
    let n = reference.docs.len();
    let (issuers, types, campaigns, years) = (
        slugs(meta, "issuers"),
        slugs(meta, "types"),
        slugs(meta, "campaigns"),
        slugs(meta, "years"),
    );

    #[derive(Clone)]
    enum Kind {
        Subject(usize),
        Words,
        Number(usize),
    }
    let mut rng = Rng(0x5eed_2020);
    let mut queries: Vec<(String, Kind)> = Vec::new();
    let bodies: Vec<Vec<String>> = archive
        .entries
        .iter()
        .map(|e| {
            vanban::render::markdown::plain_text(&e.doc.body)
                .split_whitespace()
                .map(str::to_owned)
                .collect()
        })
        .collect();
    for i in 0..420 {
        let d = rng.below(n);
        let accents = i % 2 == 0;
        let spell = |s: String| if accents { s } else { unaccented(&s) };
        // Words of the metadata, which the index does not store where they are a document's
        // only mention: the page finds those documents from meta.js.
        let e = &archive.entries[DocId::new(d)];
        match i % 14 {
            0 => {
                let year = e.doc.year().map(|y| y.to_string()).unwrap_or_default();
                let issuer = &archive.issuers.get(e.issuer).name;
                queries.push((spell(format!("{issuer} {year}")), Kind::Words));
            }
            7 => {
                let campaign = e
                    .campaigns
                    .first()
                    .map(|&c| archive.campaigns.get(c).name.as_str());
                let q = format!("{} {}", e.doc.doc_type, campaign.unwrap_or("khéo"));
                queries.push((spell(q), Kind::Words));
            }
            _ => {}
        }
        match i % 6 {
            // A subject, whole: its document in the top three.
            0 | 1 => {
                let s = &archive.entries[DocId::new(d)].doc.subject;
                queries.push((spell(s.clone()), Kind::Subject(d)));
            }
            // A few words in a row from a body, or from a subject.
            2 | 3 => {
                let words = if i % 6 == 2 {
                    bodies[d].clone()
                } else {
                    archive.entries[DocId::new(d)]
                        .doc
                        .subject
                        .split_whitespace()
                        .map(str::to_owned)
                        .collect()
                };
                if words.is_empty() {
                    continue;
                }
                let len = 1 + rng.below(3);
                let at = rng.below(words.len());
                let q = words[at..words.len().min(at + len)].join(" ");
                queries.push((spell(q.clone()), Kind::Words));
                if i % 12 == 3 {
                    queries.push((format!("\"{}\"", spell(q)), Kind::Words));
                }
            }
            // Words from two documents: few or no documents have them all.
            4 => {
                let a = &bodies[d];
                let b = &bodies[rng.below(n)];
                if a.is_empty() || b.is_empty() {
                    continue;
                }
                let q = format!("{} {}", a[rng.below(a.len())], b[rng.below(b.len())]);
                queries.push((spell(q), Kind::Words));
            }
            // A number, spelled several ways.
            _ => {
                let number = &reference.docs[d].number;
                if number.is_empty() {
                    continue;
                }
                let parts: Vec<&str> = number.split(['-', '/']).collect();
                let spelled = match i % 4 {
                    0 => number.clone(),
                    1 => parts.join(" ").to_lowercase(),
                    2 if parts.len() == 3 => format!("{}/{}-{}", parts[0], parts[1], parts[2]),
                    _ => number.replace('-', " - ").to_uppercase(),
                };
                queries.push((spelled, Kind::Number(d)));
            }
        }
    }
    assert!(queries.len() >= 400, "{}", queries.len());

    // Each query alone, then with one filter: the filter of a random document.
    let mut input = Vec::new();
    let mut filtered = Vec::new();
    for (q, _) in &queries {
        input.push(serde_json::json!({ "q": q }));
        let d = &reference.docs[rng.below(n)];
        type Keep = Box<dyn Fn(&RefDoc) -> bool>;
        let (field, key, keep): (&str, &str, Keep) = match rng.below(4) {
            0 => {
                let v = d.issuer;
                (
                    "issuer",
                    &issuers[v],
                    Box::new(move |x: &RefDoc| x.issuer == v),
                )
            }
            1 => {
                let v = d.doc_type;
                (
                    "type",
                    &types[v],
                    Box::new(move |x: &RefDoc| x.doc_type == v),
                )
            }
            2 if !d.campaigns.is_empty() => {
                let v = d.campaigns[0];
                (
                    "campaign",
                    &campaigns[v],
                    Box::new(move |x: &RefDoc| x.campaigns.contains(&v)),
                )
            }
            _ => match years.iter().find(|y| d.year == y.parse().ok()) {
                Some(slug) => {
                    let v = d.year;
                    ("year", slug, Box::new(move |x: &RefDoc| x.year == v))
                }
                None => ("year", "", Box::new(|_: &RefDoc| true)),
            },
        };
        let mut f = serde_json::json!({ "q": q });
        f[field] = Value::from(key);
        input.push(f);
        filtered.push(keep);
    }
    let out = run_node(&site, "search", &Value::from(input));
    let list = |v: &Value| -> Vec<usize> {
        v.as_array()
            .unwrap()
            .iter()
            .map(|x| x.as_u64().unwrap() as usize)
            .collect()
    };
    let mut checked_numbers = 0;
    let mut checked_subjects = 0;
    let mut missed = Vec::new();
    for (k, (q, kind)) in queries.iter().enumerate() {
        let (all, with_filter) = (&out[2 * k], &out[2 * k + 1]);
        let full = list(&all["full"]);
        let mut got = full.clone();
        got.sort_unstable();
        let want = reference.full(q);
        assert_eq!(got.len(), want.len(), "{q}: full-match count");
        assert_eq!(got, want, "{q}: full matches");
        // Partial matches are never among the full ones.
        let partial = list(&all["partial"]);
        assert!(
            partial.iter().all(|d| want.binary_search(d).is_err()),
            "{q}"
        );
        // A filter restricts, in the same order.
        let keep = &filtered[k];
        let restricted: Vec<usize> = full
            .iter()
            .copied()
            .filter(|&d| keep(&reference.docs[d]))
            .collect();
        assert_eq!(
            list(&with_filter["full"]),
            restricted,
            "{q} {:?}",
            with_filter
        );
        let restricted: Vec<usize> = partial
            .iter()
            .copied()
            .filter(|&d| keep(&reference.docs[d]))
            .collect();
        assert_eq!(list(&with_filter["partial"]), restricted, "{q}");
        match *kind {
            Kind::Subject(d) => {
                // Documents with the same subject (folded) are as good as the target.
                let same = |x: usize| reference.docs[x].subject == reference.docs[d].subject;
                let others: Vec<usize> = full
                    .iter()
                    .copied()
                    .filter(|&x| !same(x) || x == d)
                    .collect();
                let top = &others[..others.len().min(3)];
                if !top.contains(&d) {
                    let subject = |x: usize| archive.entries[DocId::new(x)].doc.subject.clone();
                    missed.push(format!(
                        "{q}: document {d} not in the top three {:?}",
                        top.iter().map(|&x| subject(x)).collect::<Vec<_>>()
                    ));
                }
                checked_subjects += 1;
            }
            Kind::Number(d) => {
                let key = vanban::number::number_key(&reference.docs[d].number);
                let first = full[0];
                assert_eq!(
                    vanban::number::number_key(&reference.docs[first].number),
                    key,
                    "{q}: {first} is first, not a document numbered so"
                );
                let named = list(&all["numbered"]);
                assert!(named.contains(&d), "{q}: {named:?}");
                checked_numbers += 1;
            }
            Kind::Words => {}
        }
    }
    assert!(
        missed.is_empty(),
        "{} of {checked_subjects}:\n{}",
        missed.len(),
        missed.join("\n")
    );
    assert!(checked_subjects >= 100 && checked_numbers >= 40);
}
