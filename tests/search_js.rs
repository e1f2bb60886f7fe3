//! Runs `search.js` under Node (tests/search_harness.js, a fake DOM whose `<script>` tags load
//! files from disk) against an index built from a tiny archive: ranking, numbers, filters,
//! safe rendering, and that the JS cuts text exactly as the Rust tokenizer does.

use std::path::{Path, PathBuf};
use std::process::Command;

use serde_json::Value;
use vanban::search::tokenize::tokenize;
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
    campaigns: &'static [usize],
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
        campaigns: &[0],
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
        subject: "Báo cáo công tác dân tộc của Ủy ban",
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
            issuer_id: d.issuer,
            year: Some(d.year),
            doc_type: TYPES[d.kind],
            type_id: d.kind,
            campaign_ids: d.campaigns,
            date: "01/01/2018",
            body: Body::Text(d.body),
            draft: d.number.is_empty(),
        })
        .collect();
    let facets = Facets {
        issuers: ISSUERS,
        types: TYPES,
        campaigns: CAMPAIGNS,
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
    if !node_available() {
        assert!(
            std::env::var_os("VANBAN_SKIP_NODE").is_some(),
            "node is needed for this test"
        );
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

    // A number in any spacing or case finds its document before documents citing it.
    assert_eq!(ids(page("?q=224-tb%2Fbdvtu"))[0], 6);
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
    if !node_available() {
        assert!(
            std::env::var_os("VANBAN_SKIP_NODE").is_some(),
            "node is needed for this test"
        );
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
