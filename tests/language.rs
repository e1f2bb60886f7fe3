//! The command line in the webmaster's language, through the binary: a file's diagnostics,
//! `check`'s report and `import`'s lines in Vietnamese under `--lang vi` or a Vietnamese
//! locale, in English under `--lang en`; the place, the key and what is quoted from the file
//! stay as written.

mod common;

use common::{TestSite, in_locale};

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

/// A site whose one document has a date that does not exist (line 5) and an unknown key
/// (line 7).
fn site_with_mistakes() -> TestSite {
    let site = TestSite::empty();
    site.write(
        "content/2018/a.md",
        "---\n\
         number: 12-CV/HU\n\
         issuer: Huyện ủy Hòn Quán\n\
         # ngày ký\n\
         date: 31/02/2018\n\
         subject: Về việc thử\n\
         ngay_ky: 2018-02-01\n\
         ---\n\
         Nội dung.\n",
    );
    site
}

const DATE_VI: &str = "content/2018/a.md:5: lỗi: date: `31/02/2018` không phải là ngày có thật";
const KEY_VI: &str =
    "content/2018/a.md:7: cảnh báo: ngay_ky: khóa `ngay_ky` không có trong danh mục";
const DATE_EN: &str = "content/2018/a.md:5: error: date: `31/02/2018` is not a real date";
const KEY_EN: &str = "content/2018/a.md:7: warning: ngay_ky: unknown key `ngay_ky`";

#[test]
fn a_files_diagnostics_are_said_in_the_webmasters_language() {
    let site = site_with_mistakes();
    for (lang, args) in [
        ("C.UTF-8", &["build", "--lang", "vi"][..]),
        ("vi_VN.UTF-8", &["build"][..]),
    ] {
        let out = in_locale(&site, lang, args);
        assert!(!out.status.success());
        let err = text(&out.stderr);
        assert!(err.contains(DATE_VI), "{lang} {args:?}:\n{err}");
        assert!(err.contains(KEY_VI), "{lang} {args:?}:\n{err}");
        assert!(
            err.contains("dựng trang không thành (1 lỗi)"),
            "{lang} {args:?}:\n{err}"
        );
        assert!(
            !err.contains("error:") && !err.contains("is not"),
            "{lang} {args:?}:\n{err}"
        );
    }
    let out = in_locale(&site, "vi_VN.UTF-8", &["build", "--lang", "en"]);
    let err = text(&out.stderr);
    assert!(err.contains(DATE_EN), "{err}");
    assert!(err.contains(KEY_EN), "{err}");
    assert!(!err.contains("lỗi") && !err.contains("cảnh báo"), "{err}");
}

#[test]
fn check_reports_in_the_webmasters_language() {
    let site = site_with_mistakes();
    let out = in_locale(&site, "vi_VN.UTF-8", &["check"]);
    assert_eq!(out.status.code(), Some(1));
    let said = text(&out.stdout);
    assert!(said.contains(DATE_VI), "{said}");
    assert!(said.contains(KEY_VI), "{said}");
    assert!(
        said.ends_with("0 văn bản, 0 trích dẫn đã nối, 0 chưa nối, 1 lỗi, 1 cảnh báo\n"),
        "{said}"
    );
    let out = in_locale(&site, "vi_VN.UTF-8", &["check", "--lang", "en"]);
    let said = text(&out.stdout);
    assert!(said.contains(DATE_EN), "{said}");
    assert!(
        said.ends_with("0 documents, 0 citations resolved, 0 not, 1 error, 1 warning\n"),
        "{said}"
    );

    // The sample's report: what is withheld and what is cited but missing.
    let sample = TestSite::sample();
    let said = text(&in_locale(&sample, "C", &["check", "--lang=vi"]).stdout);
    assert!(
        said.contains("được trích dẫn nhưng chưa có trong kho (nên đưa lên tiếp):"),
        "{said}"
    );
    assert!(said.contains(" lần: content/"), "{said}");
    assert!(
        !said.contains("cited") && !said.contains("withheld"),
        "{said}"
    );
    // JSON is for scripts: its messages stay English whatever the language.
    let json = text(&in_locale(&site, "vi_VN.UTF-8", &["check", "--format", "json"]).stdout);
    assert!(
        json.contains("\"message\": \"`31/02/2018` is not a real date\""),
        "{json}"
    );
}

#[test]
fn import_reports_in_the_webmasters_language() {
    let site = TestSite::empty();
    let seed = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/seeds/000_5aa3c4687815ebe1.txt");
    let seed = seed.to_str().unwrap();
    let out = in_locale(&site, "vi_VN.UTF-8", &["import", seed]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    let said = text(&out.stdout);
    assert!(said.contains("content/2018/"), "{said}");
    assert!(said.contains(" (từ "), "{said}");
    assert!(!said.contains("(from "), "{said}");
    // Imported again: the file is there, and is not overwritten.
    let out = in_locale(&site, "vi_VN.UTF-8", &["import", seed]);
    assert!(!out.status.success());
    let err = text(&out.stderr);
    assert!(
        err.contains(": lỗi: đã có, không ghi đè (khi nhập "),
        "{err}"
    );
    let out = in_locale(&site, "vi_VN.UTF-8", &["import", seed, "--lang", "en"]);
    let err = text(&out.stderr);
    assert!(
        err.contains(": error: already exists, not overwritten (importing "),
        "{err}"
    );
    let missing = site.root().join("khong-co.txt");
    let out = in_locale(&site, "vi_VN.UTF-8", &["import", missing.to_str().unwrap()]);
    let err = text(&out.stderr);
    assert!(
        err.contains(": lỗi: không đọc được: không tồn tại"),
        "{err}"
    );
}

#[test]
fn the_command_lines_own_mistakes_are_said_in_vietnamese() {
    let site = TestSite::empty();
    let said = |lang: &str, args: &[&str]| {
        let out = in_locale(&site, lang, args);
        assert_eq!(out.status.code(), Some(2), "{args:?}");
        text(&out.stderr)
    };
    let err = said("vi_VN.UTF-8", &["build", "--ouput", "x"]);
    assert!(
        err.starts_with("lỗi: không có đối số '--ouput'; có phải ý là '--output'?"),
        "{err}"
    );
    assert!(err.contains("Chạy với '--help' để xem hướng dẫn."), "{err}");
    let err = said("C", &["--lang", "vi", "buld"]);
    assert!(
        err.starts_with("lỗi: không có lệnh 'buld'; có phải ý là 'build'?"),
        "{err}"
    );
    let err = said("vi_VN.UTF-8", &["build", "--root"]);
    assert!(
        err.starts_with("lỗi: '--root <ROOT>' cần một giá trị nhưng chưa được cho"),
        "{err}"
    );
    let err = said("vi_VN.UTF-8", &["check", "--format", "xml"]);
    assert!(
        err.starts_with(
            "lỗi: giá trị 'xml' không hợp lệ cho '--format <FORMAT>'; các giá trị được phép: text, json"
        ),
        "{err}"
    );
    let err = said("vi_VN.UTF-8", &["new", "--date", "31/02/2018"]);
    assert!(
        err.contains("không hợp lệ cho '--date <DATE>': `31/02/2018` không phải là ngày có thật"),
        "{err}"
    );
    let err = said("vi_VN.UTF-8", &["sync"]);
    assert!(
        err.starts_with("lỗi: thiếu đối số bắt buộc: <DEST>"),
        "{err}"
    );
    let err = said("vi_VN.UTF-8", &["sync", "x", "--verify", "--checksum"]);
    assert!(
        err.starts_with("lỗi: không dùng được '--verify' cùng với '--checksum'"),
        "{err}"
    );
    // In English, clap's own words.
    let err = said("vi_VN.UTF-8", &["build", "--ouput", "x", "--lang", "en"]);
    assert!(
        err.starts_with("error: unexpected argument '--ouput'"),
        "{err}"
    );
}

/// The errors that stop a command (not about one file: the output folder, a copy, the
/// server's port, `new`'s file) are in Vietnamese too, naming the same folders and files.
#[test]
fn errors_that_stop_a_command_are_said_in_vietnamese() {
    let vi = |site: &TestSite, args: &[&str]| {
        let out = in_locale(site, "vi_VN.UTF-8", args);
        assert!(!out.status.success(), "{args:?} fails");
        let err = text(&out.stderr);
        assert!(err.starts_with("lỗi: "), "{args:?}:\n{err}");
        assert!(
            !err.contains("error") && !err.contains("cannot") && !err.contains("refusing"),
            "{args:?} says nothing in English:\n{err}"
        );
        err
    };
    let site = TestSite::sample();

    // An output folder holding a file vanban did not write: named, and kept.
    site.write("public/ghi-chu.txt", "của tôi");
    let err = vi(&site, &["build"]);
    assert!(
        err.contains("có tệp không do vanban ghi") && err.contains("\n    ghi-chu.txt"),
        "{err}"
    );
    assert!(err.contains("hãy chuyển chúng ra khỏi thư mục"), "{err}");
    std::fs::remove_file(site.root().join("public/ghi-chu.txt")).unwrap();
    let err = vi(&site, &["build", "--output", "content"]);
    assert!(err.contains("đó là thư mục nội dung"), "{err}");

    // A sync before any build, a sync into the site, a verify of a folder that is no copy.
    let usb = tempfile::tempdir().unwrap();
    let dest = usb.path().join("usb");
    let err = vi(&site, &["sync", dest.to_str().unwrap()]);
    assert!(err.contains("hãy chạy `vanban build` trước"), "{err}");
    assert!(in_locale(&site, "C", &["build"]).status.success());
    let err = vi(&site, &["sync", "public/van-ban"]);
    assert!(err.contains("nằm trong trang đã dựng"), "{err}");
    let err = vi(&site, &["sync", "--verify", usb.path().to_str().unwrap()]);
    assert!(err.contains("không phải bản chép do vanban làm"), "{err}");

    // A port another program holds.
    let held = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let port = held.local_addr().unwrap().port().to_string();
    let err = vi(&site, &["serve", "--port", &port]);
    assert!(
        err.contains(&format!("không lắng nghe được ở 127.0.0.1:{port}"))
            && err.contains("chọn cổng khác bằng --port"),
        "{err}"
    );

    // `new` never overwrites, and says so.
    let made = in_locale(
        &site,
        "C",
        &["new", "--number", "9-CV/HU", "--issuer", "Huyện ủy A"],
    );
    assert!(made.status.success(), "{}", text(&made.stderr));
    let err = vi(
        &site,
        &["new", "--number", "9-CV/HU", "--issuer", "Huyện ủy A"],
    );
    assert!(err.contains("đã có; không ghi đè"), "{err}");

    // Files import cannot read: what is wrong with each, in Vietnamese; the reader's own
    // words (a zip library's) quoted after it.
    site.write("hong.docx", "PK\u{3}\u{4} không phải zip");
    site.write("quet.pdf", "%PDF-1.4\n%%EOF\n");
    let out = in_locale(&site, "vi_VN.UTF-8", &["import", "hong.docx", "quet.pdf"]);
    assert!(!out.status.success());
    let err = text(&out.stderr);
    assert!(
        err.contains("hong.docx: lỗi: không phải tệp .docx (zip): "),
        "{err}"
    );
    assert!(
        err.contains("quet.pdf: lỗi: không phải PDF đọc được: "),
        "{err}"
    );
}
