//! The commands through the binary: exit codes, output, `check --format json`, `new`, and the
//! Atom feed and sitemap read back with an XML parser.

mod common;

use common::{TestSite, doc, stderr, stdout};

#[test]
fn build_exits_zero_with_a_summary_and_one_on_errors() {
    let site = TestSite::sample();
    let out = site.run(&["build"]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(
        stdout(&out).contains("built 4 documents (1 withheld)"),
        "{}",
        stdout(&out)
    );
    site.write(
        "content/x.md",
        "---\nnumber: 1-CV/HU\nissuer: X\ndate: 31/02/2018\nsubject: y\n---\n",
    );
    let out = site.run(&["build"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(
        stderr(&out).contains("content/x.md:4: error: date: `31/02/2018` is not a real date"),
        "{}",
        stderr(&out)
    );
    let out = site.run(&["build", "--base-url", "ftp://x"]);
    assert_eq!(out.status.code(), Some(1));
}

#[test]
fn check_reports_errors_withheld_and_missing_citations() {
    let site = TestSite::sample();
    let out = site.run(&["check"]);
    assert!(out.status.success(), "{}", stdout(&out));
    let text = stdout(&out);
    assert!(
        text.contains(
            "withheld: content/2022/ubnd-vx-uy-ban-nhan-dan-huyen-binh-son.md is a draft"
        ),
        "{text}"
    );
    // Chỉ thị 16/CT-TTg is cited three times in the sample and is not in the archive.
    assert!(text.contains("upload these next"), "{text}");
    assert!(
        text.contains("  16/CT-TTg — cited 3 times: content/2017/121-cv-du-dang-uy-xa-my-thanh.md:26, content/2017/121-cv-du-dang-uy-xa-my-thanh.md:30, content/2018/1213-cv-tu-tinh-uy-binh-thuan.md:31\n"),
        "{text}"
    );

    site.write(
        "content/mat.md",
        "---\nnumber: 9-CV/HU\nissuer: Huyện ủy Hón Quản\ndate: 01/01/2019\nsubject: Nội dung tuyệt mật\nsecrecy: Tối mật\n---\nThực hiện Kế hoạch số 99-KH/TU.\n",
    );
    site.write(
        "content/hong.md",
        "---\nnumber: 1-CV/HU\nissuer: X\nsubjet: y\n---\n",
    );
    let out = site.run(&["check"]);
    assert_eq!(out.status.code(), Some(1));
    let text = stdout(&out);
    assert!(
        text.contains("content/hong.md:4: warning: subjet: unknown key"),
        "{text}"
    );
    assert!(
        text.contains("content/hong.md:1: error: date: is required"),
        "{text}"
    );
    assert!(text.contains("1 secret document,"), "{text}");
    assert!(
        !text.contains("mat.md") && !text.contains("tuyệt mật"),
        "{text}"
    );
    assert!(
        !text.contains("99-KH/TU"),
        "secret citations are not reported: {text}"
    );
}

#[test]
fn check_json_has_stable_fields() {
    let site = TestSite::sample();
    site.write(
        "content/a.md",
        &doc(
            "5-CV/HU",
            "Huyện ủy Hón Quản",
            "2019-02-01",
            "V/v a",
            "Căn cứ Chỉ thị số 16/CT-TTg ngày 16/5/2016 và Chỉ thị số 16/CT-TTg.",
        ),
    );
    let out = site.run(&["check", "--format", "json"]);
    assert!(out.status.success(), "{}", stderr(&out));
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).expect("valid JSON");
    assert_eq!(v["documents"], 5);
    assert_eq!(v["errors"], 0);
    assert!(v["warnings"].is_u64());
    assert!(v["diagnostics"].is_array());
    assert_eq!(v["withheld"]["secret"], 0);
    assert_eq!(v["withheld"]["drafts"].as_array().unwrap().len(), 1);
    assert!(v["withheld"]["not_marked"].as_array().unwrap().is_empty());
    assert!(v["citations"]["resolved"].is_u64());
    assert!(v["citations"]["unresolved"].is_array());
    assert!(v["citations"]["ambiguous"].is_array());
    let missing = v["citations"]["missing"].as_array().unwrap();
    let ct = missing
        .iter()
        .find(|m| m["number"] == "16/CT-TTg")
        .expect("16/CT-TTg is missing");
    assert_eq!(ct["count"], 5, "three in the sample, two here");
    let here: Vec<&serde_json::Value> = ct["cited_by"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|p| p["path"] == "content/a.md")
        .collect();
    assert_eq!(here.len(), 2);
    assert_eq!(here[0]["line"], 7);
    // Most cited first.
    let counts: Vec<u64> = missing
        .iter()
        .map(|m| m["count"].as_u64().unwrap())
        .collect();
    assert!(counts.windows(2).all(|w| w[0] >= w[1]), "{counts:?}");
}

#[test]
fn check_lists_unmarked_documents_under_publish_marked() {
    let site = TestSite::sample();
    let yaml = std::fs::read_to_string(site.root().join("vanban.yaml")).unwrap();
    site.write("vanban.yaml", &format!("publish: marked\n{yaml}"));
    let out = site.run(&["check", "--format", "json"]);
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let not_marked = v["withheld"]["not_marked"].as_array().unwrap();
    assert!(!not_marked.is_empty(), "{v}");
    assert!(
        !not_marked
            .iter()
            .any(|p| p == "content/2018/44-cv-hu-huyen-uy-hon-quan.md"),
        "44-CV/HU says Đăng website HU"
    );
}

#[test]
fn new_writes_a_file_that_builds_once_filled_and_never_overwrites() {
    let site = TestSite::empty();
    let args = [
        "new",
        "--number",
        "44-CV/HU",
        "--issuer",
        "Huyện ủy Hón Quản",
        "--date",
        "11/11/2018",
    ];
    let out = site.run(&args);
    assert!(out.status.success(), "{}", stderr(&out));
    let rel = "content/2018/44-cv-hu-huyen-uy-hon-quan.md";
    assert!(stdout(&out).trim().ends_with(rel), "{}", stdout(&out));
    let text = std::fs::read_to_string(site.root().join(rel)).unwrap();
    assert!(text.contains("# Số, ký hiệu: 44-CV/HU (kiểu Đảng) hoặc 07/KH-UBND (kiểu Nhà nước)"));
    assert!(text.contains("number: \"44-CV/HU\""));
    assert!(text.contains("date: 11/11/2018"));

    // Only the subject is left to fill; unfilled, it is named.
    let out = site.run(&["check"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(
        stdout(&out).contains("subject: is required"),
        "{}",
        stdout(&out)
    );
    site.write(
        rel,
        &text.replace("subject: \"\"", "subject: \"V/v triển khai\""),
    );
    let out = site.run(&["check"]);
    assert!(out.status.success(), "{}", stdout(&out));
    assert!(
        stdout(&out).contains("1 document, 0 citations resolved, 0 not, 0 errors, 0 warnings"),
        "{}",
        stdout(&out)
    );
    site.build_ok();
    assert!(
        site.public()
            .join("van-ban/2018/44-cv-hu-huyen-uy-hon-quan.html")
            .is_file()
    );

    let before = std::fs::read(site.root().join(rel)).unwrap();
    let out = site.run(&args);
    assert_eq!(out.status.code(), Some(1));
    assert!(
        stderr(&out).contains("already exists; not overwritten"),
        "{}",
        stderr(&out)
    );
    assert_eq!(std::fs::read(site.root().join(rel)).unwrap(), before);
}

#[test]
fn new_without_arguments_uses_today_and_a_placeholder_name() {
    let site = TestSite::empty();
    let out = site.run(&["new"]);
    assert!(out.status.success(), "{}", stderr(&out));
    let path = stdout(&out).trim().to_string();
    assert!(path.contains("van-ban-moi-"), "{path}");
    let today = vanban::new::today();
    assert!(
        path.contains(&today.format("%Y-%m-%d").to_string()),
        "{path}"
    );
}

#[test]
fn feed_and_sitemap_are_valid_and_absolute_only_with_a_base_url() {
    let site = TestSite::sample();
    site.build_ok();
    assert!(!site.public().join("feed.xml").exists());
    assert!(!site.public().join("sitemap.xml").exists());
    assert!(!site.read("index.html").contains("application/atom+xml"));

    let out = site.run(&["build", "--base-url", "https://vb.example.vn/kho"]);
    assert!(out.status.success(), "{}", stderr(&out));
    let feed_text = site.read("feed.xml");
    let feed = roxmltree::Document::parse(&feed_text).expect("feed.xml parses");
    let atom = "http://www.w3.org/2005/Atom";
    let root = feed.root_element();
    assert!(root.has_tag_name((atom, "feed")));
    let child = |n: roxmltree::Node<'_, '_>, name: &str| {
        n.children()
            .find(|c| c.has_tag_name((atom, name)))
            .and_then(|c| c.text().map(str::to_string))
    };
    assert_eq!(
        child(root, "id").as_deref(),
        Some("https://vb.example.vn/kho/")
    );
    assert_eq!(
        child(root, "title").as_deref(),
        Some("Kho văn bản chỉ đạo công tác dân vận")
    );
    // The newest document's date, not the clock.
    assert_eq!(
        child(root, "updated").as_deref(),
        Some("2019-10-11T00:00:00+07:00"),
        "{feed_text}"
    );
    let entries: Vec<_> = root
        .children()
        .filter(|c| c.has_tag_name((atom, "entry")))
        .collect();
    assert_eq!(entries.len(), 4);
    for e in &entries {
        let id = child(*e, "id").unwrap();
        assert!(id.starts_with("https://vb.example.vn/kho/van-ban/"), "{id}");
        assert!(child(*e, "title").is_some_and(|t| !t.is_empty()));
        assert!(child(*e, "updated").is_some());
        let link = e
            .children()
            .find(|c| c.has_tag_name((atom, "link")))
            .and_then(|l| l.attribute("href"))
            .unwrap();
        assert_eq!(link, id);
        let page = link.strip_prefix("https://vb.example.vn/kho/").unwrap();
        assert!(site.public().join(page).is_file(), "{page}");
    }

    let map_text = site.read("sitemap.xml");
    let map = roxmltree::Document::parse(&map_text).expect("sitemap.xml parses");
    let sm = "http://www.sitemaps.org/schemas/sitemap/0.9";
    assert!(map.root_element().has_tag_name((sm, "urlset")));
    let locs: Vec<&str> = map
        .descendants()
        .filter(|n| n.has_tag_name((sm, "loc")))
        .filter_map(|n| n.text())
        .collect();
    let pages = site
        .output_tree()
        .keys()
        .filter(|p| p.extension().is_some_and(|e| e == "html"))
        .count();
    assert_eq!(locs.len(), pages);
    for loc in &locs {
        let page = loc.strip_prefix("https://vb.example.vn/kho/").expect(loc);
        assert!(site.public().join(page).is_file(), "{page}");
    }
    assert!(locs.contains(&"https://vb.example.vn/kho/index.html"));
    let home = site.read("index.html");
    assert!(
        home.contains(r#"<link rel="alternate" type="application/atom+xml""#)
            && home.contains(r#"href="feed.xml""#),
        "home page links the feed"
    );
    common::check_site(&site.public());
}

#[test]
fn feed_escapes_what_documents_say() {
    let site = TestSite::empty();
    site.write(
        "content/a.md",
        &doc(
            "1-CV/HU",
            "Huyện ủy <A&B>",
            "2020-01-02",
            "V/v <script>alert(1)</script> & \\\"x\\\"",
            "x",
        ),
    );
    site.write(
        "vanban.yaml",
        "title: \"Kho <&>\"\nbase_url: https://x.vn\n",
    );
    site.build_ok();
    let text = site.read("feed.xml");
    let feed = roxmltree::Document::parse(&text).expect("parses despite markup in values");
    let titles: Vec<&str> = feed
        .descendants()
        .filter(|n| n.has_tag_name("title"))
        .filter_map(|n| n.text())
        .collect();
    assert_eq!(titles[0], "Kho <&>");
    assert!(
        titles[1].contains("<script>alert(1)</script> & \"x\""),
        "{titles:?}"
    );
    assert!(!text.contains("<script>"));
}

#[test]
fn check_names_ambiguous_citations_with_their_candidates() {
    let site = TestSite::empty();
    #[rustfmt::skip]
    site.write_docs(&[
        ["content/a.md", "5-TB/HU", "Huyện ủy Alpha", "2019-01-02", "V/v a", "x"],
        ["content/b.md", "5-TB/HU", "Huyện ủy Beta", "2019-01-02", "V/v b", "x"],
        ["content/c.md", "6-CV/HU", "Huyện ủy Gamma", "2019-03-04", "V/v c", "Thực hiện Thông báo số 5-TB/HU."],
    ]);
    let out = site.run(&["check", "--format", "json"]);
    assert!(out.status.success(), "{}", stdout(&out));
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let amb = &v["citations"]["ambiguous"][0];
    assert_eq!(amb["path"], "content/c.md");
    assert_eq!(amb["line"], 7);
    assert_eq!(amb["reason"], "ambiguous");
    assert_eq!(amb["candidates"].as_array().unwrap().len(), 2);
    let text = stdout(&site.run(&["check"]));
    assert!(
        text.contains("content/c.md:7: warning: citation 5-TB/HU matches 2 documents"),
        "{text}"
    );
}
