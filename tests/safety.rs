//! SPEC §2 and §6 held against hostile and broken input: withheld documents leave no trace
//! in any output byte, no content can run script in a reader's browser, files stay inside
//! their folders, and no bad file, killed build or concurrent build damages the last good
//! site. Runs through the library and the `vanban` binary.

mod common;

use std::collections::BTreeMap;
use std::io::Read;
use std::os::unix::fs::{MetadataExt, symlink};
use std::path::{Path, PathBuf};
use std::process::{Command, ExitStatus, Stdio};
use std::time::{Duration, Instant};

use common::{TestSite, copy_dir, doc, read_tree};
use scraper::{Html, Selector};
use vanban::vietnamese::fold;

/// What a run of the binary did; `peak_kb` is its largest resident size seen.
struct Run {
    status: ExitStatus,
    stderr: String,
    peak_kb: u64,
}

/// Runs the binary in `root`, killing it (and failing the test) if it runs past `limit`: a
/// hang is a bug like a panic is.
fn run_limited(root: &Path, args: &[&str], limit: Duration) -> Run {
    let mut child = Command::new(env!("CARGO_BIN_EXE_vanban"))
        .args(args)
        .current_dir(root)
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    // Read while it runs: a full pipe would block the child and look like a hang.
    let mut pipe = child.stderr.take().unwrap();
    let reader = std::thread::spawn(move || {
        let mut stderr = String::new();
        pipe.read_to_string(&mut stderr).unwrap();
        stderr
    });
    let start = Instant::now();
    let mut peak_kb = 0;
    let status = loop {
        peak_kb = peak_kb.max(peak_rss_kb(child.id()).unwrap_or(0));
        if let Some(status) = child.try_wait().unwrap() {
            break status;
        }
        if start.elapsed() > limit {
            child.kill().unwrap();
            child.wait().unwrap();
            panic!("vanban {args:?} still running after {limit:?}: it hangs");
        }
        std::thread::sleep(Duration::from_millis(10));
    };
    let stderr = reader.join().unwrap();
    assert!(
        !stderr.contains("panicked"),
        "vanban {args:?} panicked:\n{stderr}"
    );
    Run {
        status,
        stderr,
        peak_kb,
    }
}

/// The kernel's high-water mark of a process's resident memory, in kB.
fn peak_rss_kb(pid: u32) -> Option<u64> {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status")).ok()?;
    let line = status.lines().find(|l| l.starts_with("VmHWM:"))?;
    line.split_whitespace().nth(1)?.parse().ok()
}

fn build_bin(site: &TestSite) -> Run {
    run_limited(site.root(), &["build"], Duration::from_secs(120))
}

fn messages(f: &vanban::site::BuildFailure) -> Vec<String> {
    f.diagnostics.iter().map(ToString::to_string).collect()
}

// ---------------------------------------------------------------------------------------
// Confidential and draft documents

/// Planted in every field of the confidential documents; its ASCII part survives any
/// escaping, its Vietnamese part is looked for folded (slugs, search keys).
const SECRET: &str = "Mậtđặc QZXK7";
const DRAFT: &str = "Bảnnháp QZDRF";
const UNMARKED: &str = "Riêngtư QZUNM";

/// A document with `marker` in every field, the body and an attachment.
fn marked_document(marker: &str, number: &str, extra: &str, attachment: &str) -> String {
    format!(
        "---
number: \"{number}\"
type: Công văn
issuer: \"Huyện ủy {marker} cq\"
parent: \"Đảng bộ {marker} cha\"
date: 2018-05-05
place: \"{marker} nơi\"
subject: \"V/v {marker} trích yếu\"
recipients: [\"{marker} kính gửi\"]
distribution: [\"Lưu {marker}\"]
signer:
  name: \"{marker} tên\"
  title: \"{marker} chức vụ\"
  authority: \"T/M {marker}\"
campaigns: [\"{marker} phong trào\", \"Dân vận khéo\"]
references: [\"12-CV/{marker}\"]
attachments: [\"{attachment}\"]
slug: \"{marker} slug\"
{extra}
---
{marker} thân bài. Căn cứ Công văn số 44-CV/HU ngày 11/11/2018 của Huyện ủy Hón Quản.
"
    )
}

/// Adds the confidential documents (every secrecy value, the alias, one that reuses a
/// published number and a name only the config knows) and a draft to `site`.
fn add_withheld(site: &TestSite) {
    let marks = [
        "secrecy: Mật",
        "secrecy: Tối mật",
        "secrecy: Tuyệt mật",
        "do_mat: Mật",
        "secrecy: true",
        "secrecy: \"\"",
        "secrecy: [x]",
        "secrecy: Mật\ndraft: true",
    ];
    for (i, mark) in marks.iter().enumerate() {
        let file = format!("qzxk7-{i}.pdf");
        site.write(
            &format!("content/mat/{i}.md"),
            &marked_document(SECRET, &format!("9{i}-CV/MATQZ"), mark, &file),
        );
        site.write(&format!("content/mat/{file}"), &format!("{SECRET} tệp"));
    }
    // Same number, issuer and year as a published seed: withheld, so neither a duplicate
    // nor a reason to give the seed another URL.
    site.write(
        "content/mat/trung-so.md",
        &doc(
            "44-CV/HU",
            "Huyện ủy Hón Quản",
            "2018-11-12",
            &format!("{SECRET} trùng số"),
            "",
        )
        .replace("---\nnumber", "---\nsecrecy: Mật\nnumber"),
    );
    // Issued by a name the config lists and nothing published uses.
    site.write(
        "content/mat/cau-hinh.md",
        &doc(
            "7-CV/BCH",
            "Ban Cấu hình Riêng",
            "2018-03-03",
            &format!("{SECRET} cấu hình"),
            "",
        )
        .replace("---\nnumber", "---\ndo_mat: Tối mật\nnumber"),
    );
    site.write(
        "content/du-thao.md",
        &marked_document(DRAFT, "/UBND-QZDRF", "draft: true", "qzdrf.pdf"),
    );
    site.write("content/qzdrf.pdf", &format!("%PDF-1.4 {DRAFT}"));
}

/// The sample archive, a config naming an issuer only a secret document uses, and a
/// published document citing a secret one by number.
fn published_site() -> TestSite {
    let site = TestSite::sample();
    let config = std::fs::read_to_string(site.root().join("vanban.yaml")).unwrap();
    site.write(
        "vanban.yaml",
        &config.replace(
            "issuers:\n",
            "issuers:\n  - name: Ban Cấu hình Riêng\n    description: Có trong cấu hình, không có văn bản công khai.\n",
        ),
    );
    site.write(
        "content/2018/trich-dan.md",
        &doc(
            "50-CV/HU",
            "Huyện ủy Hón Quản",
            "2018-12-01",
            "V/v trích dẫn",
            "Thực hiện Công văn số 90-CV/MATQZ ngày 05/05/2018 của Huyện ủy, các chi bộ triển khai.",
        ),
    );
    site
}

/// Fails if any output path or byte holds `marker` in any case, folded, or as a slug.
fn assert_no_trace(tree: &BTreeMap<PathBuf, Vec<u8>>, marker: &str) {
    let needles: Vec<String> = marker
        .split_whitespace()
        .map(|w| fold(w).to_lowercase())
        .collect();
    for (path, bytes) in tree {
        let folded_path = fold(&path.to_string_lossy()).to_lowercase();
        let folded_text = fold(&String::from_utf8_lossy(bytes)).to_lowercase();
        for needle in &needles {
            assert!(
                !folded_path.contains(needle.as_str()),
                "output path {} names a withheld document ({needle})",
                path.display()
            );
            assert!(
                !folded_text.contains(needle.as_str()),
                "{} holds text of a withheld document ({needle})",
                path.display()
            );
        }
    }
}

#[test]
fn confidential_and_draft_documents_leave_no_trace_in_any_output_byte() {
    let clean = published_site();
    let with_withheld = published_site();
    add_withheld(&with_withheld);

    // Without --drafts: the confidential documents and the draft change nothing at all,
    // not even a count, a pagination or a slug suffix.
    let report = with_withheld.build_ok();
    assert_eq!(report.withheld, 1 + 8 + 2 + 1, "seed draft, secrets, draft");
    let tree = with_withheld.output_tree();
    assert_no_trace(&tree, SECRET);
    assert_no_trace(&tree, DRAFT);
    clean.build_ok();
    assert_eq!(
        tree.keys().collect::<Vec<_>>(),
        clean.output_tree().keys().collect::<Vec<_>>()
    );
    assert!(
        tree == clean.output_tree(),
        "withheld documents changed output bytes"
    );

    // The citing page may show the secret number as written, never as a link to a page.
    let citing =
        String::from_utf8_lossy(&tree[Path::new("van-ban/2018/50-cv-hu-huyen-uy-hon-quan.html")])
            .into_owned();
    let html = Html::parse_document(&citing);
    for a in html.select(&Selector::parse("a").unwrap()) {
        let text: String = a.text().collect();
        assert!(
            !text.contains("MATQZ"),
            "a citation of a secret document is a link: {}",
            a.html()
        );
    }

    // With --drafts the draft appears, the confidential documents still do not.
    with_withheld.build_with(|o| o.drafts = true).unwrap();
    let tree = with_withheld.output_tree();
    assert_no_trace(&tree, SECRET);
    assert!(
        tree.values()
            .any(|b| String::from_utf8_lossy(b).contains("QZDRF")),
        "--drafts publishes the draft"
    );
    clean.write(
        "content/du-thao.md",
        &marked_document(DRAFT, "/UBND-QZDRF", "draft: true", "qzdrf.pdf"),
    );
    clean.write("content/qzdrf.pdf", &format!("%PDF-1.4 {DRAFT}"));
    clean.build_with(|o| o.drafts = true).unwrap();
    assert!(
        tree == clean.output_tree(),
        "secrets changed a --drafts build"
    );

    // The binary agrees with the library.
    let run = run_limited(
        with_withheld.root(),
        &["build", "--drafts"],
        Duration::from_secs(60),
    );
    assert!(run.status.success(), "{}", run.stderr);
    assert_no_trace(&with_withheld.output_tree(), SECRET);
}

#[test]
fn under_publish_marked_unmarked_documents_leave_no_trace() {
    let config = "publish: marked\n";
    let clean = published_site();
    clean.write("vanban.yaml", config);
    let with_unmarked = published_site();
    with_unmarked.write("vanban.yaml", config);
    with_unmarked.write(
        "content/rieng.md",
        &marked_document(UNMARKED, "3-CV/QZUNM", "", "qzunm.pdf"),
    );
    with_unmarked.write("content/qzunm.pdf", UNMARKED);
    with_unmarked.build_ok();
    clean.build_ok();
    let tree = with_unmarked.output_tree();
    assert_no_trace(&tree, UNMARKED);
    assert!(tree == clean.output_tree());
}

// ---------------------------------------------------------------------------------------
// Content cannot attack readers

/// Each payload ends up in every front matter field and in the body of one document.
const PAYLOADS: &[&str] = &[
    "<script>alert('vbx1')</script>",
    "<SCRIPT SRC=//evil.example/vbx2.js></SCRIPT>",
    "<img src=x onerror=alert('vbx3')>",
    "\"><img src=x onerror=alert('vbx4')>",
    "'><svg onload=alert('vbx5')>",
    "<svg><script>alert('vbx6')</script></svg>",
    "<iframe src=\"javascript:alert('vbx7')\"></iframe>",
    "<object data=\"data:text/html,<script>alert('vbx8')</script>\"></object>",
    "<embed src=\"javascript:alert('vbx9')\">",
    "<style>body{background:url(\"javascript:alert('vbx10')\")}</style>",
    "<a href=\"javascript:alert('vbx11')\">x</a>",
    "<a href=\"JaVaScRiPt:alert('vbx12')\">x</a>",
    "<a href=\"&#106;avascript:alert('vbx13')\">x</a>",
    "<a href=\" &#x09;java\tscript:alert('vbx14')\">x</a>",
    "<a href=\"vbscript:msgbox('vbx15')\">x</a>",
    "<a href=\"data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==\">vbx16</a>",
    "<div style=\"background:url(javascript:alert('vbx17'))\">x</div>",
    "<math><mtext><table><mglyph><style><img src=x onerror=alert('vbx18')>",
    "<meta http-equiv=\"refresh\" content=\"0;url=javascript:alert('vbx19')\">",
    "<form action=\"javascript:alert('vbx20')\"><button>x</button></form>",
    "<base href=\"javascript:alert('vbx21')//\">",
    "{{ 7*7 }} vbx22",
    "{% raw %}{{ config }}{% endraw %} vbx23",
    "</script><script>alert('vbx24')</script>",
    "\";alert('vbx25');//",
    "'-alert('vbx26')-'",
    "<!--<img src=\"--><img src=x onerror=alert('vbx27')//\">",
    "<details open ontoggle=alert('vbx28')>",
    "javascript:alert('vbx29')",
    "<noscript><p title=\"</noscript><img src=x onerror=alert('vbx30')>\">",
];

/// Markdown ways to a dangerous URL, on top of the raw payloads.
const MARKDOWN_ATTACKS: &str = "
[a](javascript:alert('vbx-md1')) [b](JAVASCRIPT:alert(1)) [c]( java\tscript:alert(1))
[d](&#106;avascript:alert(1)) [e](vbscript:msgbox(1)) [f](data:text/html,<script>alert(1)</script>)
![g](javascript:alert(1)) ![h](data:image/svg+xml,<svg/onload=alert(1)>) <javascript:alert(1)>
[i][r] [j](<javascript:alert(1)>)

[r]: vbscript:msgbox(1)
";

fn yaml_str(s: &str) -> String {
    // A JSON string is a valid YAML double-quoted scalar.
    serde_json::to_string(s).unwrap()
}

fn hostile_document(i: usize, payload: &str, attachment: Option<&str>) -> String {
    let q = |prefix: &str| yaml_str(&format!("{prefix}{payload}"));
    let attachments = attachment
        .map(|a| format!("attachments: [{}]\n", yaml_str(a)))
        .unwrap_or_default();
    format!(
        "---
number: {number}
type: {doc_type}
issuer: {issuer}
parent: {parent}
date: 2018-02-{day:02}
place: {place}
subject: {subject}
recipients: [{recipient}]
distribution: [{distribution}]
signer:
  name: {name}
  title: {title}
  authority: {authority}
campaigns: [{campaign}]
references: [{reference}]
slug: {slug}
{attachments}---
{payload}

Đoạn {i}: {payload} và **{payload}**

- {payload}

| a | b |
|---|---|
| {payload} | x |
{MARKDOWN_ATTACKS}",
        number = q(&format!("{i}-CV/HU ")),
        doc_type = q("Công văn "),
        issuer = q(&format!("Huyện ủy {i} ")),
        parent = q("Tỉnh ủy "),
        day = i % 28 + 1,
        place = q(""),
        subject = q("V/v "),
        recipient = q("Kính gửi "),
        distribution = q("Lưu "),
        name = q(""),
        title = q("Chức vụ "),
        authority = q("T/M "),
        campaign = q("Phong trào "),
        reference = q("12-CV/"),
        slug = q(""),
    )
}

/// Attribute names whose value the browser follows as a URL.
const URL_ATTRIBUTES: &[&str] = &[
    "href",
    "src",
    "action",
    "formaction",
    "data",
    "poster",
    "background",
    "cite",
    "ping",
    "srcset",
    "codebase",
    "manifest",
];

fn is_dangerous_url(value: &str) -> bool {
    let squeezed: String = value
        .chars()
        .filter(|c| !c.is_whitespace() && !c.is_control())
        .collect::<String>()
        .to_ascii_lowercase();
    ["javascript:", "vbscript:", "data:", "livescript:"]
        .iter()
        .any(|s| squeezed.starts_with(s))
}

/// Whether `marker` occurs in JavaScript source outside a double-quoted string literal (the
/// only way build-written data files quote content).
fn marker_outside_strings(js: &str, marker: &str) -> bool {
    let mut outside = String::with_capacity(js.len());
    let mut chars = js.chars();
    while let Some(c) = chars.next() {
        if c == '"' {
            while let Some(d) = chars.next() {
                match d {
                    '\\' => {
                        chars.next();
                    }
                    '"' => break,
                    _ => {}
                }
            }
            outside.push(' ');
        } else {
            outside.push(c);
        }
    }
    outside.contains(marker)
}

/// Everything in one HTML page that could run script, as a list of complaints.
fn executable_forms(page: &Path, html: &str, tree: &BTreeMap<PathBuf, Vec<u8>>) -> Vec<String> {
    let doc = Html::parse_document(html);
    let mut found = Vec::new();
    for el in doc.select(&Selector::parse("*").unwrap()) {
        let name = el.value().name();
        let show = || {
            let h = el.html();
            h.chars().take(160).collect::<String>()
        };
        if matches!(
            name,
            "iframe" | "frame" | "frameset" | "object" | "embed" | "applet" | "base"
        ) {
            found.push(format!("<{name}>: {}", show()));
        }
        if name == "meta"
            && el
                .value()
                .attr("http-equiv")
                .is_some_and(|v| v.eq_ignore_ascii_case("refresh"))
        {
            found.push(format!("meta refresh: {}", show()));
        }
        if name == "script" {
            let inline: String = el.text().collect();
            match el.value().attr("src") {
                Some(src) => {
                    let target = page.parent().unwrap().join(src);
                    let target = vanban::output::normalise(&target);
                    let known = (target.starts_with("static") || target.starts_with("tim-kiem"))
                        && tree.contains_key(&target);
                    if !known || !inline.trim().is_empty() || src.contains(':') {
                        found.push(format!("script not the site's own: {}", show()));
                    }
                }
                None if marker_outside_strings(&inline, "vbx") => {
                    found.push(format!("inline script runs content: {}", show()));
                }
                None => {}
            }
        }
        if name == "style" && el.text().any(|t| t.contains("vbx")) {
            found.push(format!("content in a style element: {}", show()));
        }
        for (attr, value) in el.value().attrs() {
            let attr = attr.to_ascii_lowercase();
            if attr.starts_with("on") {
                found.push(format!("event handler {attr}: {}", show()));
            }
            if URL_ATTRIBUTES.contains(&attr.as_str()) && is_dangerous_url(value) {
                found.push(format!("dangerous URL in {attr}: {}", show()));
            }
            if attr == "style" && value.contains("vbx") {
                found.push(format!("content in a style attribute: {}", show()));
            }
        }
    }
    found
}

#[test]
fn no_front_matter_field_or_body_can_run_script_in_a_reader_browser() {
    let site = TestSite::sample();
    for (i, payload) in PAYLOADS.iter().enumerate() {
        // Attachments take the payload as a file name where a file name can hold it.
        let attachment = (!payload.contains(['/', '\t', '\n'])).then(|| format!("{payload}.pdf"));
        if let Some(a) = &attachment {
            site.write(&format!("content/xss/{a}"), "%PDF-1.4");
        }
        site.write(
            &format!("content/xss/{i}.md"),
            &hostile_document(i, payload, attachment.as_deref()),
        );
    }
    let report = site.build_with(|o| o.drafts = true).unwrap_or_else(|f| {
        panic!(
            "hostile but valid documents must build: {:#?}",
            messages(&f)
        )
    });
    assert_eq!(report.documents, 5 + PAYLOADS.len());
    let tree = site.output_tree();
    let mut complaints = Vec::new();
    for (path, bytes) in &tree {
        let text = String::from_utf8_lossy(bytes);
        match path.extension().and_then(|e| e.to_str()) {
            Some("html") => {
                for c in executable_forms(path, &text, &tree) {
                    complaints.push(format!("{}: {c}", path.display()));
                }
            }
            Some("js") if marker_outside_strings(&text, "vbx") => {
                complaints.push(format!("{}: content outside a string", path.display()));
            }
            Some("xml") => {
                let lower = text.to_ascii_lowercase();
                for raw in ["<script", "<iframe", "<img", "onerror=", "<svg"] {
                    if lower.contains(raw) {
                        complaints.push(format!("{}: raw {raw}", path.display()));
                    }
                }
            }
            _ => {}
        }
    }
    assert!(complaints.is_empty(), "{complaints:#?}");

    // Template syntax in content is text, never evaluated.
    let page = tree
        .iter()
        .find(|(p, b)| {
            p.starts_with("van-ban/2018") && String::from_utf8_lossy(b).contains("vbx22")
        })
        .map(|(_, b)| String::from_utf8_lossy(b).into_owned())
        .expect("the page of the template-syntax document");
    let text: String = Html::parse_document(&page).root_element().text().collect();
    assert!(text.contains("{{ 7*7 }} vbx22"), "not shown literally");
    assert!(
        !text.contains("49 vbx22"),
        "content was evaluated as a template"
    );
    assert!(
        tree.values()
            .any(|b| String::from_utf8_lossy(b).contains("{% raw %}{{ config }}{% endraw %} vbx23")),
        "raw blocks shown literally"
    );
}

#[test]
fn script_attachments_are_refused() {
    // Finding 2 of the adversarial test: every name a browser may run script from, from
    // file:// or a server, and some it would hand to something else that might.
    let names = [
        "trang.html",
        "hinh.SVG",
        "ma.js",
        "du-lieu.xml",
        "a.xhtm",
        "a.shtm",
        "a.rss",
        "a.atom",
        "a.xsd",
        "a.xbl",
        "a.hta",
        "a.php",
        ".htaccess",
        "a.mht",
        "a.rdf",
        "a.xul",
        "a.mhtml",
        "a.exe",
        "a.bat",
        "khong-duoi",
    ];
    let site = TestSite::empty();
    for (i, name) in names.iter().enumerate() {
        site.write(&format!("content/{name}"), "<script>alert(1)</script>");
        site.write(
            &format!("content/{i}.md"),
            &format!(
                "---\nnumber: {i}-CV/HU\nissuer: Huyện ủy A\ndate: 2018-01-02\nsubject: x\nattachments: [\"{name}\"]\n---\n"
            ),
        );
    }
    let msgs = messages(&site.build().unwrap_err());
    assert_eq!(msgs.len(), names.len(), "{msgs:#?}");
    for (i, name) in names.iter().enumerate() {
        assert!(
            msgs.iter().any(|m| m.starts_with(&format!(
                "content/{i}.md:6: error: attachments: `{name}` is not a kind of file vanban publishes"
            ))),
            "{name}: {msgs:#?}"
        );
    }
}

#[test]
fn an_attachment_must_hold_what_its_name_says() {
    let site = TestSite::empty();
    let page = "<!doctype html><script>alert(1)</script>";
    let cases: [(&str, &[u8]); 7] = [
        ("gia.pdf", page.as_bytes()),
        ("gia.txt", page.as_bytes()),
        ("gia.csv", b"  <svg onload=alert(1)>"),
        ("gia.docx", page.as_bytes()),
        ("gia.png", b"GIF89a"),
        ("gia.jpg", b"<html>"),
        ("gia.doc", b"PK\x03\x04"),
    ];
    for (i, (name, bytes)) in cases.iter().enumerate() {
        std::fs::write(site.root().join("content").join(name), bytes).unwrap();
        site.write(
            &format!("content/{i}.md"),
            &format!(
                "---\nnumber: {i}-CV/HU\nissuer: Huyện ủy A\ndate: 2018-01-02\nsubject: x\nattachments:\n  - {name}\n---\n"
            ),
        );
    }
    let msgs = messages(&site.build().unwrap_err());
    assert_eq!(msgs.len(), cases.len(), "{msgs:#?}");
    for (i, (name, _)) in cases.iter().enumerate() {
        let ext = name.rsplit('.').next().unwrap();
        assert!(
            msgs.iter().any(|m| m.starts_with(&format!(
                "content/{i}.md:6: error: attachments: `{name}` is named .{ext} but does not hold one"
            ))),
            "{name}: {msgs:#?}"
        );
    }
}

#[test]
fn office_attachments_are_published_with_encoded_links() {
    let site = TestSite::empty();
    let files: [(&str, &[u8]); 9] = [
        ("a b#c?.pdf", b"%PDF-1.7\n"),
        ("Báo cáo.docx", b"PK\x03\x04rest"),
        ("bang.XLS", b"\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1rest"),
        ("anh.jpeg", b"\xFF\xD8\xFF\xE0"),
        ("anh.png", b"\x89PNG\r\n\x1A\nrest"),
        ("scan.tif", b"II*\0rest"),
        ("nen.7z", b"7z\xBC\xAF\x27\x1Crest"),
        ("ghi-chu.txt", "Ghi chú: số liệu < 5%".as_bytes()),
        ("so-lieu.csv", b"a,b\n1,2\n"),
    ];
    let mut list = String::new();
    for (name, bytes) in files {
        std::fs::create_dir_all(site.root().join("content/2018")).unwrap();
        std::fs::write(site.root().join("content/2018").join(name), bytes).unwrap();
        list.push_str(&format!("  - \"{name}\"\n"));
    }
    site.write(
        "content/2018/a.md",
        &format!("---\nnumber: 1-CV/HU\nissuer: Huyện ủy A\ndate: 2018-01-02\nsubject: x\nattachments:\n{list}---\n"),
    );
    let report = site.build_ok();
    let warnings: Vec<String> = report.warnings.iter().map(ToString::to_string).collect();
    assert_eq!(
        warnings,
        [
            "content/2018/a.md:6: warning: attachments: `a b#c?.pdf` has `?` in its name, which a FAT or NTFS stick cannot hold: a copy of the site there will lack it; rename the file"
        ]
    );
    let page = site.read("van-ban/2018/1-cv-hu-huyen-uy-a.html");
    assert!(
        page.contains("href=\"1-cv-hu-huyen-uy-a/a%20b%23c%3F.pdf\""),
        "{page}"
    );
    assert!(page.contains("href=\"1-cv-hu-huyen-uy-a/B%C3%A1o%20c%C3%A1o.docx\""));
    for (name, bytes) in files {
        let copied = std::fs::read(
            site.public()
                .join("van-ban/2018/1-cv-hu-huyen-uy-a")
                .join(name),
        );
        assert_eq!(copied.unwrap(), bytes, "{name}");
    }
}

// ---------------------------------------------------------------------------------------
// Files stay inside their folders

#[test]
fn attachments_and_content_files_cannot_lead_outside_content() {
    let outside = tempfile::tempdir().unwrap();
    std::fs::write(outside.path().join("passwd"), "root:x:0:0").unwrap();
    std::fs::write(
        outside.path().join("ngoai.md"),
        doc("1-CV/HU", "Huyện ủy A", "2018-01-02", "ngoài", ""),
    )
    .unwrap();
    let site = TestSite::sample();
    site.build_ok();
    let before = site.output_tree();
    site.write("bi-mat.txt", "s");
    symlink(
        outside.path().join("passwd"),
        site.root().join("content/2018/lien-ket.pdf"),
    )
    .unwrap();
    symlink(outside.path(), site.root().join("content/2018/thu-muc")).unwrap();
    symlink(
        outside.path().join("ngoai.md"),
        site.root().join("content/ngoai.md"),
    )
    .unwrap();
    site.write(
        "content/2018/x.md",
        "---\nnumber: 9-CV/HU\nissuer: Huyện ủy A\ndate: 2018-01-02\nsubject: x\nattachments:\n  - ../../bi-mat.txt\n  - /etc/passwd\n  - lien-ket.pdf\n  - thu-muc/passwd\n  - ../2018/../../content/../bi-mat.txt\n---\n",
    );
    let msgs = messages(&site.build().unwrap_err());
    for expected in [
        "content/2018/x.md:6: error: attachments: `../../bi-mat.txt` leads outside content/; refused",
        "content/2018/x.md:6: error: attachments: `/etc/passwd` is an absolute path; name a file next to the document",
        "content/2018/x.md:6: error: attachments: `lien-ket.pdf` leads outside content/; refused",
        "content/2018/x.md:6: error: attachments: `thu-muc/passwd` leads outside content/; refused",
        "content/2018/x.md:6: error: attachments: `../2018/../../content/../bi-mat.txt` leads outside content/; refused",
        "content/2018/thu-muc: error: is a symbolic link that leads outside content/; refused",
        "content/ngoai.md: error: is a symbolic link that leads outside content/; refused",
    ] {
        assert!(msgs.iter().any(|m| m == expected), "{expected}\n{msgs:#?}");
    }
    assert_eq!(before, site.output_tree(), "public/ untouched");
}

#[test]
fn a_link_inside_content_is_followed_and_slugs_cannot_escape() {
    let site = TestSite::empty();
    site.write(
        "content/goc/a.md",
        "---\nnumber: 1-CV/HU\nissuer: Huyện ủy A\ndate: 2018-01-02\nsubject: x\nslug: ../../../../thoat\n---\n",
    );
    site.write("content/goc/scan.pdf", "%PDF-1.4");
    std::fs::create_dir(site.root().join("content/khac")).unwrap();
    symlink("../goc/scan.pdf", site.root().join("content/khac/scan.pdf")).unwrap();
    site.write(
        "content/khac/b.md",
        "---\nnumber: 2-CV/HU\nissuer: Huyện ủy A\ndate: 2018-01-03\nsubject: y\nattachments: [scan.pdf]\n---\n",
    );
    site.build_ok();
    for path in site.output_tree().keys() {
        assert!(!path.to_string_lossy().contains(".."), "{}", path.display());
    }
    assert!(!site.root().join("thoat.html").exists());
    assert!(site.public().join("van-ban/2018/thoat.html").is_file());
    assert_eq!(
        site.read("van-ban/2018/2-cv-hu-huyen-uy-a/scan.pdf"),
        "%PDF-1.4"
    );
}

#[test]
fn theme_files_linking_outside_the_site_are_refused() {
    let outside = tempfile::tempdir().unwrap();
    std::fs::write(outside.path().join("home.html"), "{{ site.title }} NGOAI").unwrap();
    std::fs::write(outside.path().join("x.css"), "body{}").unwrap();
    let site = TestSite::sample();
    site.write("vanban.yaml", "theme: rieng\n");
    std::fs::create_dir_all(site.root().join("themes/rieng/templates")).unwrap();
    std::fs::create_dir_all(site.root().join("themes/rieng/static")).unwrap();
    symlink(
        outside.path().join("home.html"),
        site.root().join("themes/rieng/templates/home.html"),
    )
    .unwrap();
    symlink(
        outside.path().join("x.css"),
        site.root().join("themes/rieng/static/x.css"),
    )
    .unwrap();
    let msgs = messages(&site.build().unwrap_err());
    for expected in [
        "themes/rieng/templates/home.html: error: is a symbolic link that leads outside themes/; refused",
        "themes/rieng/static/x.css: error: is a symbolic link that leads outside themes/; refused",
    ] {
        assert!(msgs.iter().any(|m| m == expected), "{expected}\n{msgs:#?}");
    }
}

/// Finding 3 of the adversarial test, replayed through the binary: every input folder and
/// `vanban.yaml` as a link leading out of the site. Each is refused, named, with nothing of
/// what it points to printed or published.
#[test]
fn input_folders_and_the_config_leading_outside_the_site_are_refused() {
    let outside = tempfile::tempdir().unwrap();
    let elsewhere = outside.path().join("elsewhere");
    std::fs::create_dir_all(elsewhere.join("templates")).unwrap();
    std::fs::create_dir_all(elsewhere.join("static")).unwrap();
    std::fs::write(elsewhere.join("templates/home.html"), "NGOAI-TEMPLATE").unwrap();
    std::fs::write(elsewhere.join("static/ngoai.css"), "NGOAI-STATIC").unwrap();
    std::fs::write(outside.path().join("passwd"), "root:x:0:0:NGOAI-PASSWD\n").unwrap();
    copy_dir(
        &Path::new(env!("CARGO_MANIFEST_DIR")).join("content"),
        &outside.path().join("content"),
    );
    std::fs::create_dir_all(outside.path().join("themes/default")).unwrap();
    std::fs::create_dir_all(outside.path().join("themes/mine")).unwrap();

    type Setup = fn(&TestSite, &Path);
    let cases: [(&str, Setup, &str); 6] = [
        (
            "a theme folder",
            |site, out| {
                site.write("vanban.yaml", "theme: mine\n");
                std::fs::create_dir_all(site.root().join("themes")).unwrap();
                symlink(out.join("elsewhere"), site.root().join("themes/mine")).unwrap();
            },
            "themes/mine: error: is a symbolic link that leads outside themes/; refused",
        ),
        (
            "themes/ itself",
            |site, out| {
                site.write("vanban.yaml", "theme: mine\n");
                symlink(out.join("themes"), site.root().join("themes")).unwrap();
            },
            "themes: error: is a symbolic link that leads outside the site folder; refused",
        ),
        (
            "themes/default, with no theme key",
            |site, out| {
                site.write("vanban.yaml", "title: x\n");
                std::fs::create_dir_all(site.root().join("themes")).unwrap();
                symlink(out.join("elsewhere"), site.root().join("themes/default")).unwrap();
            },
            "themes/default: error: is a symbolic link that leads outside themes/; refused",
        ),
        (
            "a theme's static folder",
            |site, out| {
                site.write("vanban.yaml", "theme: mine\n");
                std::fs::create_dir_all(site.root().join("themes/mine")).unwrap();
                symlink(
                    out.join("elsewhere/static"),
                    site.root().join("themes/mine/static"),
                )
                .unwrap();
            },
            "themes/mine/static: error: is a symbolic link that leads outside themes/; refused",
        ),
        (
            "content/ itself",
            |site, out| {
                std::fs::remove_dir_all(site.root().join("content")).unwrap();
                symlink(out.join("content"), site.root().join("content")).unwrap();
            },
            "content: error: is a symbolic link that leads outside the site folder; refused",
        ),
        (
            "vanban.yaml",
            |site, out| {
                std::fs::remove_file(site.root().join("vanban.yaml")).unwrap();
                symlink(out.join("passwd"), site.root().join("vanban.yaml")).unwrap();
            },
            "vanban.yaml: error: is a symbolic link that leads outside the site folder; refused",
        ),
    ];
    for (what, setup, expected) in cases {
        let site = TestSite::sample();
        setup(&site, outside.path());
        let run = build_bin(&site);
        assert_eq!(run.status.code(), Some(1), "{what}: {}", run.stderr);
        assert!(
            run.stderr.lines().any(|l| l == expected),
            "{what}: expected {expected:?} in\n{}",
            run.stderr
        );
        assert!(!run.stderr.contains("NGOAI"), "{what}: {}", run.stderr);
        assert!(!run.stderr.contains("root:x"), "{what}: {}", run.stderr);
        assert!(!site.public().exists(), "{what}: nothing published");
    }
}

/// A named pipe where a document or a theme file would be is reported, not skipped (and not
/// read: that would block for ever).
#[test]
fn pipes_among_inputs_are_reported() {
    let site = TestSite::sample();
    site.write("vanban.yaml", "theme: mine\n");
    std::fs::create_dir_all(site.root().join("themes/mine/static")).unwrap();
    for fifo in ["content/2018/ong.md", "themes/mine/static/ong.css"] {
        assert!(
            Command::new("mkfifo")
                .arg(site.root().join(fifo))
                .status()
                .unwrap()
                .success()
        );
    }
    // The content is loaded before the theme: one build for each.
    for (expected, fifo) in [
        (
            "content/2018/ong.md: error: is a named pipe, not a plain file; refused",
            "content/2018/ong.md",
        ),
        (
            "themes/mine/static/ong.css: error: is a named pipe, not a plain file; refused",
            "themes/mine/static/ong.css",
        ),
    ] {
        let run = build_bin(&site);
        assert_eq!(run.status.code(), Some(1), "{}", run.stderr);
        assert!(
            run.stderr.lines().any(|l| l == expected),
            "{expected}\n{}",
            run.stderr
        );
        std::fs::remove_file(site.root().join(fifo)).unwrap();
    }
    assert!(build_bin(&site).status.success());
}

/// Finding 5 of the adversarial test: values that make a file name no file system holds.
/// A slug given by hand is an error on its line with the limit; slugs made from numbers
/// and names are shortened, the same way every time.
#[test]
fn values_that_make_impossible_file_names_are_named_or_shortened() {
    let long_issuer = format!("Huyện ủy {}", "Hón Quản ".repeat(50));
    let long_number = format!("{}-CV/HU", "9".repeat(100_000));
    let site = TestSite::empty();
    site.write(
        "content/a.md",
        &format!(
            "---\nnumber: 1-CV/HU\nissuer: Huyện ủy A\ndate: 2018-01-02\nsubject: x\nslug: {}\n---\n",
            "a".repeat(300)
        ),
    );
    site.write(
        "content/b.md",
        "---\nnumber: 2-CV/HU\nissuer: Huyện ủy A\ndate: 2018-01-02\nsubject: x\nslug: CON\n---\n",
    );
    let run = build_bin(&site);
    assert_eq!(run.status.code(), Some(1));
    assert!(
        run.stderr
            .lines()
            .any(|l| l.starts_with("content/a.md:6: error: slug: `aaaa")
                && l.contains("makes a file name of 300 characters; at most 120")),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr.lines().any(|l| l.starts_with("content/b.md:6: error: slug: `con` is a name Windows reserves")),
        "{}",
        run.stderr
    );
    std::fs::remove_file(site.root().join("content/a.md")).unwrap();
    std::fs::remove_file(site.root().join("content/b.md")).unwrap();
    site.write(
        "content/c.md",
        &format!("---\nnumber: 3-CV/HU\nissuer: {long_issuer}\ndate: 2018-01-02\nsubject: x\ntype: {long_issuer}\ncampaigns: [{long_issuer}]\n---\n"),
    );
    site.write(
        "content/d.md",
        &format!(
            "---\nnumber: {long_number}\nissuer: Huyện ủy A\ndate: 2018-01-02\nsubject: x\n---\n"
        ),
    );
    site.write(
        "content/e.md",
        &format!(
            "---\nnumber: {long_number}9\nissuer: Huyện ủy A\ndate: 2018-01-03\nsubject: y\n---\n"
        ),
    );
    site.write(
        "content/f.md",
        "---\nnumber: 4-CV/HU\nissuer: Con\ndate: 2018-01-02\nsubject: x\n---\n",
    );
    let run = build_bin(&site);
    assert!(run.status.success(), "{}", run.stderr);
    let tree = site.output_tree();
    for path in tree.keys() {
        for part in path.iter() {
            let part = part.to_string_lossy();
            assert!(part.len() <= 125, "{part}");
            let stem = part.split('.').next().unwrap();
            assert!(
                !vanban::archive::is_reserved_name(stem),
                "{}",
                path.display()
            );
        }
    }
    let pages: Vec<_> = tree
        .keys()
        .filter(|p| p.starts_with("van-ban/2018") && p.extension().is_some_and(|e| e == "html"))
        .collect();
    assert_eq!(
        pages.len(),
        4,
        "two long numbers alike, two pages: {pages:?}"
    );
    // The same input gives the same names.
    let again = build_bin(&site);
    assert!(again.status.success());
    assert_eq!(
        site.output_tree().keys().collect::<Vec<_>>(),
        tree.keys().collect::<Vec<_>>()
    );
}

// ---------------------------------------------------------------------------------------
// Bad input loses nothing

/// Whether the tests run as root, who can read a file whatever its mode.
fn running_as_root() -> bool {
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|s| {
            s.lines()
                .find(|l| l.starts_with("Uid:"))
                .map(|l| l.split_whitespace().nth(2) == Some("0"))
        })
        .unwrap_or(false)
}

/// One broken file: how to make it, and what the error says (path and line).
struct Broken {
    file: &'static str,
    make: fn(&Path),
    expect: &'static str,
}

fn write(path: &Path, bytes: &[u8]) {
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    std::fs::write(path, bytes).unwrap();
}

const GOOD_HEAD: &str =
    "---\nnumber: 5-CV/HU\nissuer: Huyện ủy Hón Quản\ndate: 2020-01-02\nsubject: x\n";

fn broken_files() -> Vec<Broken> {
    vec![
        Broken {
            file: "content/x/latin1.md",
            make: |p| write(p, b"---\nnumber: 5-CV/HU\nsubject: Huy\xEAn\n---\n"),
            expect: "content/x/latin1.md: error: is not UTF-8 text (first bad byte on line 3)",
        },
        Broken {
            file: "content/x/utf16.md",
            make: |p| {
                let mut b = vec![0xFF, 0xFE];
                b.extend(
                    "---\nnumber: 1\n---\n"
                        .encode_utf16()
                        .flat_map(u16::to_le_bytes),
                );
                write(p, &b)
            },
            expect: "content/x/utf16.md: error: is UTF-16 text",
        },
        Broken {
            file: "content/x/unclosed.md",
            make: |p| {
                write(
                    p,
                    format!("{GOOD_HEAD}Body without the closing line\n").as_bytes(),
                )
            },
            expect: "content/x/unclosed.md:1: error: the front matter opened by `---` is never closed",
        },
        Broken {
            file: "content/x/empty.md",
            make: |p| write(p, b""),
            expect: "content/x/empty.md:1: error: has no front matter",
        },
        Broken {
            file: "content/x/deep.md",
            make: |p| {
                let deep = format!(
                    "---\nnumber: {}{}\n---\n",
                    "[".repeat(100_000),
                    "]".repeat(100_000)
                );
                write(p, deep.as_bytes())
            },
            expect: "content/x/deep.md:2: error: invalid YAML: `[` or `{` nested more than 100 deep",
        },
        Broken {
            file: "content/x/laughs.md",
            make: |p| {
                let mut y = String::from(
                    "---\na: &a [\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\"]\n",
                );
                let mut prev = "a".to_string();
                for i in 0..9 {
                    let refs = vec![format!("*{prev}"); 9].join(",");
                    y.push_str(&format!("l{i}: &l{i} [{refs}]\n"));
                    prev = format!("l{i}");
                }
                y.push_str("---\n");
                write(p, y.as_bytes())
            },
            expect: "content/x/laughs.md:2: error: invalid YAML: repetition limit exceeded",
        },
        Broken {
            file: "content/x/binary.md",
            make: |p| write(p, &(0..=255u8).cycle().take(4096).collect::<Vec<u8>>()),
            expect: "content/x/binary.md: error: is a binary file, not Markdown text",
        },
        Broken {
            file: "content/x/sparse.md",
            make: |p| {
                std::fs::create_dir_all(p.parent().unwrap()).unwrap();
                let f = std::fs::File::create(p).unwrap();
                // Under the size limit, so it is read: all zero bytes.
                f.set_len(15 * 1024 * 1024).unwrap();
            },
            expect: "content/x/sparse.md: error: is a binary file, not Markdown text",
        },
        Broken {
            file: "content/x/huge.md",
            make: |p| {
                std::fs::create_dir_all(p.parent().unwrap()).unwrap();
                let f = std::fs::File::create(p).unwrap();
                f.set_len(100 * 1024 * 1024).unwrap();
            },
            expect: "content/x/huge.md: error: is 100 MB, larger than a document can be (16 MB)",
        },
        Broken {
            file: "content/x/dup.md",
            make: |p| write(p, format!("{GOOD_HEAD}subject: again\n---\n").as_bytes()),
            expect: "content/x/dup.md:6: error: invalid YAML: duplicate entry with key \"subject\"",
        },
        Broken {
            file: "content/x/list.md",
            make: |p| write(p, b"---\n- a\n- b\n---\n"),
            expect: "content/x/list.md:2: error: the front matter must be `key: value` lines",
        },
        Broken {
            file: "content/x/dangling.md",
            make: |p| {
                std::fs::create_dir_all(p.parent().unwrap()).unwrap();
                symlink("khong-co.md", p).unwrap()
            },
            expect: "content/x/dangling.md: error: is a symbolic link that leads nowhere",
        },
        Broken {
            file: "content/x/pipe.md",
            make: |p| {
                // A named pipe reached through a link: reading it would block forever.
                let dir = p.parent().unwrap();
                std::fs::create_dir_all(dir).unwrap();
                let fifo = dir.join("fifo");
                assert!(
                    Command::new("mkfifo")
                        .arg(&fifo)
                        .status()
                        .unwrap()
                        .success()
                );
                symlink("fifo", p).unwrap()
            },
            expect: "content/x/pipe.md: error: is a symbolic link to a named pipe, not to a plain file",
        },
    ]
}

#[test]
fn every_bad_file_gets_a_clear_error_and_public_stays_byte_identical() {
    let site = TestSite::sample();
    site.build_ok();
    let before = site.output_tree();
    let mut cases = broken_files();
    // chmod 000 stops everyone but root; as root (CI containers) it would read fine, and
    // the dangling link above is the unreadable file that fails for root too.
    if !running_as_root() {
        cases.push(Broken {
            file: "content/x/locked.md",
            make: |p| {
                use std::os::unix::fs::PermissionsExt;
                write(p, GOOD_HEAD.as_bytes());
                std::fs::set_permissions(p, std::fs::Permissions::from_mode(0o000)).unwrap();
            },
            expect: "content/x/locked.md: error: cannot be read",
        });
    }
    for case in &cases {
        let path = site.root().join(case.file);
        (case.make)(&path);
        let run = build_bin(&site);
        assert_eq!(run.status.code(), Some(1), "{}: {}", case.file, run.stderr);
        assert!(
            run.stderr.lines().any(|l| l.starts_with(case.expect)),
            "{}: expected a line starting {:?}, got\n{}",
            case.file,
            case.expect,
            run.stderr
        );
        assert!(
            run.stderr.lines().filter(|l| l.contains("error")).count() <= 3,
            "{}: one error, not a flood:\n{}",
            case.file,
            run.stderr
        );
        assert!(
            run.peak_kb < 1024 * 1024,
            "{}: {} kB",
            case.file,
            run.peak_kb
        );
        assert!(
            before == site.output_tree(),
            "{}: public/ changed",
            case.file
        );
        std::fs::remove_dir_all(path.parent().unwrap()).unwrap();
    }
}

#[test]
fn every_bad_file_is_reported_in_one_build() {
    let site = TestSite::sample();
    let cases = broken_files();
    for case in &cases {
        (case.make)(&site.root().join(case.file));
    }
    let msgs = messages(&site.build().unwrap_err());
    for case in &cases {
        assert!(
            msgs.iter().any(|m| m.starts_with(case.expect)),
            "{}: {msgs:#?}",
            case.expect
        );
    }
}

#[test]
fn crlf_bom_and_nfd_files_build_the_same_site() {
    let plain = TestSite::sample();
    plain.build_ok();
    let expected = plain.output_tree();
    for (name, transform) in [
        (
            "CRLF",
            (|t: &str| t.replace('\n', "\r\n")) as fn(&str) -> String,
        ),
        ("BOM", |t: &str| format!("\u{feff}{t}")),
        ("BOM and CRLF", |t: &str| {
            format!("\u{feff}{}", t.replace('\n', "\r\n"))
        }),
    ] {
        let site = TestSite::sample();
        for e in walkdir::WalkDir::new(site.root().join("content")) {
            let e = e.unwrap();
            if e.path().extension().is_some_and(|x| x == "md") {
                let text = std::fs::read_to_string(e.path()).unwrap();
                std::fs::write(e.path(), transform(&text)).unwrap();
            }
        }
        site.build_ok();
        let got = site.output_tree();
        assert_eq!(
            expected.keys().collect::<Vec<_>>(),
            got.keys().collect::<Vec<_>>(),
            "{name}"
        );
        for (path, bytes) in &expected {
            assert!(got[path] == *bytes, "{name}: {} differs", path.display());
        }
    }
}

#[test]
fn odd_but_harmless_folders_are_skipped() {
    let site = TestSite::sample();
    site.build_ok();
    let before = site.output_tree();
    std::fs::create_dir_all(site.root().join("content/trong/rong")).unwrap();
    std::fs::create_dir_all(site.root().join("content/thu-muc.md")).unwrap();
    site.write("content/ghi-chu.txt", "not a document");
    let run = build_bin(&site);
    assert!(run.status.success(), "{}", run.stderr);
    assert_eq!(run.stderr, "", "nothing to warn about");
    assert!(before == site.output_tree());
}

#[test]
fn a_fifty_megabyte_document_is_refused_in_bounded_time_and_memory() {
    let site = TestSite::empty();
    let mut text = String::from(GOOD_HEAD);
    text.push_str("---\n");
    let para = "Các cấp ủy thực hiện Công văn số 44-CV/HU ngày 11/11/2018 của Huyện ủy, \
                báo cáo kết quả về Ban Dân vận Huyện ủy trước ngày 10/11.\n\n";
    while text.len() < 50 * 1024 * 1024 {
        text.push_str(para);
    }
    site.write("content/lon.md", &text);
    drop(text);
    let run = run_limited(site.root(), &["build"], Duration::from_secs(120));
    // Far above any real directive: refused with the file named (the defined answer), never
    // a hang or runaway memory.
    assert!(!run.status.success());
    assert!(
        run.stderr.contains("larger than a document can be"),
        "{}",
        run.stderr
    );
    assert!(run.stderr.contains("content/lon.md"), "{}", run.stderr);
    assert!(run.peak_kb < 2 * 1024 * 1024, "peak {} kB", run.peak_kb);
}

// ---------------------------------------------------------------------------------------
// Killed and concurrent builds

/// Hashes of every file of a tree: enough to compare thousands of pages cheaply.
fn tree_hashes(dir: &Path) -> BTreeMap<PathBuf, u64> {
    use std::hash::{Hash, Hasher};
    read_tree(dir)
        .into_iter()
        .map(|(p, b)| {
            let mut h = std::hash::DefaultHasher::new();
            b.hash(&mut h);
            (p, h.finish())
        })
        .collect()
}

fn medium_site(documents: usize) -> TestSite {
    let site = TestSite::empty();
    let issuers = [
        "Huyện ủy Hón Quản",
        "Ban Dân vận Huyện ủy",
        "Đảng ủy xã Tân Hòa",
        "Ủy ban nhân dân huyện",
    ];
    for i in 0..documents {
        let issuer = issuers[i % issuers.len()];
        site.write(
            &format!("content/{}/{i}.md", 2015 + i % 8),
            &format!(
                "---\nnumber: \"{i}-CV/HU\"\nissuer: {issuer}\ndate: {}-{:02}-{:02}\nsubject: \"V/v triển khai số {i}\"\ncampaigns: [\"Dân vận khéo\"]\n---\nThực hiện Công văn số {}-CV/HU của Huyện ủy, các chi bộ báo cáo.\n",
                2015 + i % 8,
                i % 12 + 1,
                i % 28 + 1,
                i / 2
            ),
        );
    }
    site
}

fn leftovers(root: &Path) -> Vec<String> {
    std::fs::read_dir(root)
        .unwrap()
        .flatten()
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| n.starts_with(".public.vanban-new-") || n.starts_with(".public.vanban-old-"))
        .collect()
}

#[test]
fn a_broken_theme_fails_the_build_and_leaves_public_as_it_was() {
    // The staging folder is made before the theme is loaded (the search index is written
    // into it while citations resolve): a theme that fails must take it away again.
    let site = TestSite::sample();
    site.build_ok();
    let before = tree_hashes(&site.public());
    site.write("vanban.yaml", "theme: rieng\n");
    site.write(
        "themes/rieng/templates/document.html",
        "{% extends \"base.html\" %}{% block main %}{{ doc.title ",
    );
    let msgs = messages(&site.build().unwrap_err());
    assert!(
        msgs.iter()
            .any(|m| m.starts_with("themes/rieng: error: template error")
                && m.contains("document.html")),
        "{msgs:#?}"
    );
    assert!(tree_hashes(&site.public()) == before, "public/ unchanged");
    assert_eq!(leftovers(site.root()), Vec::<String>::new());
}

#[test]
fn a_build_killed_at_any_moment_leaves_a_whole_site() {
    let site = medium_site(1000);
    let run = build_bin(&site);
    assert!(run.status.success(), "{}", run.stderr);
    let old = tree_hashes(&site.public());

    // The next build has different input; its complete output, made elsewhere, is the
    // only other state public/ may be in.
    let edit = |s: &TestSite| {
        #[rustfmt::skip]
        s.write_docs(&[
            ["content/2015/0.md", "0-CV/HU", "Huyện ủy Hón Quản", "2015-01-01", "V/v đã sửa", ""],
            ["content/2023/moi.md", "9999-CV/HU", "Huyện ủy Hón Quản", "2023-01-01", "V/v mới", ""],
        ]);
    };
    let other = TestSite::empty();
    copy_dir(&site.root().join("content"), &other.root().join("content"));
    edit(&other);
    let started = Instant::now();
    let run = build_bin(&other);
    let full = started.elapsed();
    assert!(run.status.success(), "{}", run.stderr);
    let new = tree_hashes(&other.public());
    assert!(old != new);
    edit(&site);

    // Fixed early moments, moments spread over a whole build, and the moment right after
    // the swap (public/ replaced, the old site not yet removed).
    let mut kills: Vec<Option<Duration>> = [5, 20, 50, 100, 200]
        .map(|ms| Some(Duration::from_millis(ms)))
        .to_vec();
    kills.extend([0.3, 0.6, 0.9].map(|f| Some(full.mul_f64(f))));
    kills.push(None);
    let mut states = Vec::new();
    for kill in kills {
        let inode = || std::fs::metadata(site.public()).map(|m| m.ino()).ok();
        let before = inode();
        let mut child = Command::new(env!("CARGO_BIN_EXE_vanban"))
            .arg("build")
            .current_dir(site.root())
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        // Until the process shows in /proc it has not started running the build.
        while !Path::new(&format!("/proc/{}/status", child.id())).exists() {
            std::thread::sleep(Duration::from_millis(1));
        }
        match kill {
            Some(delay) => std::thread::sleep(delay),
            None => {
                let deadline = Instant::now() + Duration::from_secs(120);
                while inode() == before && Instant::now() < deadline {
                    std::thread::sleep(Duration::from_micros(200));
                }
            }
        }
        let _ = child.kill(); // SIGKILL: no destructor runs.
        child.wait().unwrap();
        let now = tree_hashes(&site.public());
        let state = if now == old {
            "old"
        } else if now == new {
            "new"
        } else {
            panic!("killed at {kill:?}: public/ is neither the old nor the new site");
        };
        states.push(format!(
            "{kill:?}: {state}, leftovers {:?}",
            leftovers(site.root())
        ));
    }
    eprintln!("{states:#?}");
    let run = build_bin(&site);
    assert!(run.status.success(), "{}", run.stderr);
    assert!(tree_hashes(&site.public()) == new);
    assert_eq!(
        leftovers(site.root()),
        Vec::<String>::new(),
        "leftovers cleaned"
    );
}

#[test]
fn two_builds_at_once_give_one_whole_site() {
    let site = medium_site(800);
    let reference = TestSite::empty();
    copy_dir(
        &site.root().join("content"),
        &reference.root().join("content"),
    );
    assert!(build_bin(&reference).status.success());
    let expected = tree_hashes(&reference.public());
    for _ in 0..2 {
        let spawn = || {
            Command::new(env!("CARGO_BIN_EXE_vanban"))
                .arg("build")
                .current_dir(site.root())
                .stdout(Stdio::null())
                .stderr(Stdio::piped())
                .spawn()
                .unwrap()
        };
        let (a, b) = (spawn(), spawn());
        let outs = [a.wait_with_output().unwrap(), b.wait_with_output().unwrap()];
        assert!(
            outs.iter().any(|o| o.status.success()),
            "one build succeeds"
        );
        for o in outs.iter().filter(|o| !o.status.success()) {
            let stderr = String::from_utf8_lossy(&o.stderr);
            assert!(
                stderr.contains("another vanban build is writing"),
                "{stderr}"
            );
            assert!(!stderr.contains("panicked"), "{stderr}");
        }
        assert!(tree_hashes(&site.public()) == expected, "public/ is whole");
        assert_eq!(leftovers(site.root()), Vec::<String>::new());
    }
}

#[test]
fn the_script_checker_finds_what_it_looks_for() {
    let tree = BTreeMap::new();
    let bad = r#"<html><body><script>alert('vbx')</script><a href=" jav&#x09;ascript:x">a</a>
        <img src=x onerror=y><iframe></iframe><script src="https://evil.example/x.js"></script>
        <div style="color:vbx"></div></body></html>"#;
    let found = executable_forms(Path::new("a.html"), bad, &tree);
    assert_eq!(found.len(), 6, "{found:#?}");
    let escaped = "<p>&lt;script&gt;alert('vbx')&lt;/script&gt;</p><script>f(\"vbx\\\"\")</script>";
    assert_eq!(
        executable_forms(Path::new("a.html"), escaped, &tree),
        Vec::<String>::new()
    );
}

/// Found by the `search_tokenizer` fuzz target: a combining mark with no letter before it
/// became a word whose folded key was empty.
#[test]
fn a_lone_combining_mark_makes_no_empty_search_term() {
    for text in ["quán \u{367}", "\u{301}", "a \u{323} b"] {
        let terms = vanban::search::query_terms(text);
        assert!(terms.iter().all(|t| !t.is_empty()), "{text:?}: {terms:?}");
        let words = vanban::search::tokenize(text).words;
        assert!(
            words.iter().all(|w| !w.folded.is_empty()),
            "{text:?}: {words:?}"
        );
    }
}

// ---------------------------------------------------------------------------------------
// The adversarial re-run (issue 24): variants the first run did not try.

#[test]
fn a_misspelled_withholding_key_is_an_error_not_a_published_document() {
    // `secercy: Mật` used to be an unknown key, warned of, and the document published.
    let cases = [
        "secercy: Mật",
        "secret: true",
        "do-mat: Mật",
        "do mat: Mật",
        "độ mật: Mật",
        "do_mật: Tối mật",
        "drafts: true",
        "du thao: có",
    ];
    let site = TestSite::empty();
    for (i, line) in cases.iter().enumerate() {
        site.write(
            &format!("content/{i}.md"),
            &format!(
                "---\nnumber: {i}-CV/HU\nissuer: Huyện ủy A\ndate: 2018-01-02\nsubject: x\n{line}\n---\n"
            ),
        );
    }
    let msgs = messages(&site.build().unwrap_err());
    for (i, line) in cases.iter().enumerate() {
        let key = line.split(':').next().unwrap();
        assert!(
            msgs.iter().any(|m| m.starts_with(&format!(
                "content/{i}.md:6: error: {key}: unknown key `{key}`; did you mean"
            )) && m.contains("would be published")),
            "{line}: {msgs:#?}"
        );
    }
    assert!(!site.public().exists());
    // A key of its own that is merely like one (độ khẩn, urgency) stays a warning.
    let site = TestSite::empty();
    site.write(
        "content/a.md",
        "---\nnumber: 1-CV/HU\nissuer: Huyện ủy A\ndate: 2018-01-02\nsubject: x\ndo_khan: Hỏa tốc\n---\n",
    );
    let report = site.build_ok();
    assert_eq!(report.warnings.len(), 1, "{:?}", report.warnings);
    assert!(
        report.warnings[0]
            .to_string()
            .contains("unknown key `do_khan`")
    );
}

#[test]
fn a_themes_path_that_is_a_file_is_named_as_such() {
    let site = TestSite::sample();
    site.write("vanban.yaml", "theme: mine\n");
    site.write("themes", "not a folder");
    let run = build_bin(&site);
    assert_eq!(run.status.code(), Some(1), "{}", run.stderr);
    assert!(
        run.stderr
            .lines()
            .any(|l| l == "themes: error: is a file, not a folder; refused"),
        "{}",
        run.stderr
    );
}

#[test]
fn a_theme_static_link_into_content_publishes_no_withheld_source() {
    let site = TestSite::sample();
    site.write(
        "content/2018/mat.md",
        &format!(
            "---\nnumber: 5-CV/HU\nissuer: Huyện ủy A\ndate: 2018-01-02\nsubject: \"{SECRET}\"\nsecrecy: Mật\n---\n{SECRET}\n"
        ),
    );
    site.write("vanban.yaml", "theme: mine\n");
    std::fs::create_dir_all(site.root().join("themes/mine/static")).unwrap();
    symlink(
        "../../../content/2018/mat.md",
        site.root().join("themes/mine/static/notes.txt"),
    )
    .unwrap();
    symlink("../../../content", site.root().join("themes/mine/static/c")).unwrap();
    let run = build_bin(&site);
    if run.status.success() {
        assert_no_trace(&site.output_tree(), SECRET);
    } else {
        assert!(
            run.stderr.contains("themes/mine/static/notes.txt"),
            "{}",
            run.stderr
        );
    }
    // The whole static folder as a link into content/.
    std::fs::remove_dir_all(site.root().join("themes/mine/static")).unwrap();
    symlink("../../content", site.root().join("themes/mine/static")).unwrap();
    let run = build_bin(&site);
    if run.status.success() {
        assert_no_trace(&site.output_tree(), SECRET);
    } else {
        assert!(run.stderr.contains("themes/mine/static"), "{}", run.stderr);
    }
}

#[test]
fn a_serve_killed_mid_edit_leaves_a_folder_the_next_build_takes() {
    // The state a kill leaves between a page renamed into place and the manifest written
    // (`forget` stands for the kill: no `finish`, no drop); `ownership` is what the next
    // build asks (without the lock, which the forgotten writer still holds).
    let site = TestSite::sample();
    site.build_ok();
    std::thread::sleep(Duration::from_millis(20));
    let writer = vanban::output::InPlace::begin(&site.public()).unwrap();
    writer
        .write(
            "van-ban/2018/44-cv-hu-huyen-uy-hon-quan.html",
            b"<html>the edited page",
        )
        .unwrap();
    std::mem::forget(writer);
    let verdict = vanban::output::ownership(&site.public());
    assert!(
        verdict.is_ok(),
        "{}",
        verdict.err().map(|e| e.to_string()).unwrap_or_default()
    );
    // The journal vouches for those bytes only: the same page edited by hand is refused.
    site.write(
        "public/van-ban/2018/44-cv-hu-huyen-uy-hon-quan.html",
        "<html>edited by hand",
    );
    let verdict = vanban::output::ownership(&site.public());
    assert!(
        verdict
            .as_ref()
            .is_err_and(|e| e.to_string().contains("44-cv-hu-huyen-uy-hon-quan.html")),
        "{:?}",
        verdict.err()
    );
}

#[test]
fn an_attachment_named_in_nfd_on_disk_is_found() {
    // A file from a Mac names `Báo cáo.pdf` in NFD; the front matter is read as NFC.
    use unicode_normalization::UnicodeNormalization;
    let site = TestSite::empty();
    let on_disk: String = "Báo cáo.pdf".nfd().collect();
    std::fs::write(site.root().join("content").join(&on_disk), "%PDF-1.4\n").unwrap();
    site.write(
        "content/a.md",
        "---\nnumber: 1-CV/HU\nissuer: Huyện ủy A\ndate: 2018-01-02\nsubject: x\nattachments: [Báo cáo.pdf]\n---\n",
    );
    site.build_ok();
    let folder = site.public().join("van-ban/2018/1-cv-hu-huyen-uy-a");
    let published: Vec<String> = std::fs::read_dir(&folder)
        .unwrap()
        .flatten()
        .map(|e| e.file_name().into_string().unwrap())
        .collect();
    assert_eq!(published.len(), 1, "{published:?}");
    let page = site.read("van-ban/2018/1-cv-hu-huyen-uy-a.html");
    let linked: Vec<String> = page
        .split("href=\"1-cv-hu-huyen-uy-a/")
        .skip(1)
        .map(|rest| {
            let href = &rest[..rest.find('"').unwrap()];
            percent_encoding::percent_decode_str(href)
                .decode_utf8()
                .unwrap()
                .into_owned()
        })
        .collect();
    assert!(!linked.is_empty(), "{page:.300}");
    assert!(linked.iter().all(|l| *l == published[0]), "{linked:?}");
}
