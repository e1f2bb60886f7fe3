//! `vanban import` against the five seed documents (expected fields filled by hand from the
//! paper), .docx files built here with runs, emphasis, tables and TCVN3 text, UTF-16 text,
//! the writer's no-overwrite rule, and property tests that nothing panics.

use std::io::{Cursor, Write};
use std::path::{Path, PathBuf};

use proptest::prelude::*;
use vanban::import::{
    Imported, ImportedFields, Signer, import_files, legacy, parse_text, read_docx, read_file,
    to_markdown,
};

/// Seed `i` of `tests/fixtures/seeds/` (the raw texts the project started from).
fn seed(i: usize) -> PathBuf {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/seeds");
    std::fs::read_dir(&dir)
        .unwrap()
        .flatten()
        .map(|e| e.path())
        .find(|p| {
            p.file_name()
                .unwrap()
                .to_string_lossy()
                .starts_with(&format!("00{i}_"))
        })
        .unwrap_or_else(|| panic!("seed {i} in {}", dir.display()))
}

fn seed_text(i: usize) -> String {
    std::fs::read_to_string(seed(i)).unwrap()
}

fn s(v: &str) -> Option<String> {
    Some(v.to_string())
}

fn v(items: &[&str]) -> Vec<String> {
    items.iter().map(|x| x.to_string()).collect()
}

/// What a careful clerk writes into the front matter of each seed.
fn expected(i: usize) -> ImportedFields {
    match i {
        0 => ImportedFields {
            number: s("44-CV/HU"),
            doc_type: s("Công văn"),
            issuer: s("Huyện ủy Hón Quản"),
            parent: s("Đảng bộ tỉnh Bình Phước"),
            date: s("2018-11-11"),
            place: s("Hón Quản"),
            subject: s(
                "V/v triển khai thực hiện Thông báo số 224-TB/BDVTU ngày 12/10/2018 của Ban Dân vận Tỉnh ủy",
            ),
            recipients: v(&[
                "UBND huyện,",
                "Các Ban xây dựng Đảng Huyện ủy,",
                "Các cơ quan, ban, ngành, đoàn thể huyện,",
                "Các chi bộ, đảng bộ trực thuộc Huyện ủy.",
            ]),
            distribution: v(&[
                "Ban Dân vận Tỉnh ủy,",
                "Như trên,",
                "Các đồng chí UVBCH,",
                "Đăng website HU,",
                "LĐVP, CV Trí,",
                "Lưu VPHU.",
            ]),
            signer: Signer {
                authority: s("T/M Ban Thường vụ"),
                title: s("Phó Bí thư Thường trực"),
                name: s("Nguyễn Thị Kim Ngọc"),
            },
            campaigns: v(&["Dân vận khéo", "Năm Dân vận chính quyền"]),
            draft: false,
        },
        1 => ImportedFields {
            number: s("121-CV/ĐU"),
            doc_type: s("Công văn"),
            issuer: s("Đảng ủy xã Mỹ Thạnh"),
            parent: None,
            date: s("2017-04-03"),
            place: s("Mỹ Thạnh"),
            subject: s("V/v tăng cường sự lãnh đạo của Đảng đối với công tác dân vận"),
            recipients: v(&[
                "Các đồng chí trong Đảng ủy;",
                "Các chi bộ trực thuộc Đảng ủy;",
                "Ban Thường vụ Hội cựu Chiến binh xã.",
            ]),
            distribution: v(&[
                "Ban Dân vận Huyện ủy;",
                "Các đồng chí trong Đảng ủy;",
                "Hội cựu chiến binh xã;",
                "Bí thư chi bộ trực thuộc ĐU;",
                "Lưu: VT,28b.",
            ]),
            signer: Signer {
                authority: s("T/M Ban Thường vụ"),
                title: None,
                name: None,
            },
            campaigns: v(&["Đồng khởi mới"]),
            draft: false,
        },
        2 => ImportedFields {
            number: s("/UBND-VX"),
            doc_type: s("Công văn"),
            issuer: s("Ủy ban nhân dân huyện Bình Sơn"),
            parent: None,
            date: s("2022"),
            place: s("Bình Sơn"),
            subject: s("V/v triển khai thực hiện công tác dân vận chính quyền năm 2022"),
            recipients: v(&["Các phòng, ban thuộc huyện;", "UBND các xã, thị trấn."]),
            distribution: v(&[
                "Như trên;",
                "TT. Huyện ủy (b/c);",
                "CT, PCT (VX) UBND huyện;",
                "VPH: C, PCVP, CVVX;",
                "Lưu VT.",
            ]),
            signer: Signer {
                authority: s("KT. Chủ tịch"),
                title: s("Phó Chủ tịch"),
                name: s("Phạm Quang Sự"),
            },
            campaigns: v(&[
                "Dân vận khéo",
                "Bình Sơn đoàn kết, chung sức, đồng lòng thi đua phòng, chống và chiến thắng đại dịch Covid-19",
                "Bình Sơn chung tay xây dựng nông thôn mới, đô thị văn minh",
            ]),
            draft: true,
        },
        3 => ImportedFields {
            number: s("1213-CV/TU"),
            doc_type: s("Công văn"),
            issuer: s("Tỉnh ủy Bình Thuận"),
            parent: None,
            date: s("2018-06-19"),
            place: s("Bình Thuận"),
            subject: s("Tăng cường công tác dân vận chính quyền"),
            recipients: v(&[
                "Đảng đoàn HĐND tỉnh,",
                "Ban Cán sự đảng UBND tỉnh,",
                "Mặt trận Tổ quốc Việt Nam, các đoàn thể chính trị - xã hội cấp tỉnh và các sở, ban, ngành,",
                "Các huyện, thị, thành ủy, đảng ủy trực thuộc.",
            ]),
            distribution: v(&[
                "Như kính gửi,",
                "Thường trực Tỉnh ủy,",
                "Lưu Văn phòng Tỉnh ủy. LTT",
            ]),
            signer: Signer {
                authority: s("T/M Ban Thường vụ"),
                title: s("Phó Bí thư"),
                name: s("Dương Văn An"),
            },
            campaigns: v(&["Năm dân vận chính quyền 2018"]),
            draft: false,
        },
        4 => ImportedFields {
            number: s("118-CV/BDVHU"),
            doc_type: s("Công văn"),
            issuer: s("Ban Dân vận Huyện ủy Đơn Dương"),
            parent: s("Huyện ủy Đơn Dương"),
            date: s("2019-10-11"),
            place: s("Đơn Dương"),
            subject: s(
                "V/v Thực hiện thông báo kết luận của Thường trực Huyện ủy tại hội nghị sơ kết công tác dân vận 9 tháng đầu năm 2019",
            ),
            recipients: v(&[
                "Thường trực HĐND, UBND, UBMTTQVN huyện;",
                "Công an huyện; Ban chỉ huy quân sự huyện;",
                "Phòng Nội vụ; Phòng dân tộc huyện;",
                "Phòng Y tế; TTYT; Phòng GD-ĐT huyện;",
                "Các đoàn thể huyện;",
                "Đảng ủy, Ủy ban nhân dân các xã, thị trấn;",
                "Khối Dân vận các xã, thị trấn;",
                "Các Tổ chức Hội quần chúng trên địa bàn huyện.",
            ]),
            distribution: v(&["TT Huyện ủy (b/c);", "Như kính gửi;", "Lưu BDVHU."]),
            signer: Signer {
                authority: None,
                title: None,
                name: s("Lê Đình Thủy"),
            },
            campaigns: v(&["Dân vận khéo", "Xây dựng khu dân cư kiểu mẫu"]),
            draft: false,
        },
        _ => unreachable!(),
    }
}

/// Each field as (key, value) with lists joined, so that fields can be counted one by one.
fn field_values(f: &ImportedFields) -> Vec<(&'static str, Option<String>)> {
    let list = |l: &[String]| (!l.is_empty()).then(|| l.join(" | "));
    vec![
        ("number", f.number.clone()),
        ("type", f.doc_type.clone()),
        ("issuer", f.issuer.clone()),
        ("parent", f.parent.clone()),
        ("date", f.date.clone()),
        ("place", f.place.clone()),
        ("subject", f.subject.clone()),
        ("recipients", list(&f.recipients)),
        ("distribution", list(&f.distribution)),
        ("signer.authority", f.signer.authority.clone()),
        ("signer.title", f.signer.title.clone()),
        ("signer.name", f.signer.name.clone()),
        ("campaigns", list(&f.campaigns)),
        ("draft", Some(f.draft.to_string())),
    ]
}

/// Fields right over fields expected across the seeds, plus fields filled that the paper
/// does not have (which count against it too).
fn accuracy() -> (usize, usize, usize, Vec<String>) {
    let (mut right, mut expected_count, mut spurious) = (0, 0, 0);
    let mut wrong = Vec::new();
    for i in 0..5 {
        let got = parse_text(&seed_text(i)).fields;
        for ((key, want), (_, have)) in field_values(&expected(i))
            .into_iter()
            .zip(field_values(&got))
        {
            match (&want, &have) {
                (Some(_), _) => {
                    expected_count += 1;
                    if want == have {
                        right += 1;
                    } else {
                        wrong.push(format!("seed {i} {key}: want {want:?}, got {have:?}"));
                    }
                }
                (None, Some(_)) => {
                    spurious += 1;
                    wrong.push(format!("seed {i} {key}: not on the paper, got {have:?}"));
                }
                (None, None) => {}
            }
        }
    }
    (right, expected_count, spurious, wrong)
}

#[test]
fn accuracy_report_over_the_seeds() {
    let (right, total, spurious, wrong) = accuracy();
    println!(
        "import accuracy: {right}/{total} fields right ({:.1}%), {spurious} spurious",
        100.0 * right as f64 / total as f64
    );
    for w in &wrong {
        println!("  {w}");
    }
    assert!(right * 100 >= total * 95, "{wrong:#?}");
}

#[test]
fn each_seed_field_by_field() {
    for i in 0..5 {
        let got = parse_text(&seed_text(i)).fields;
        let want = expected(i);
        for ((key, w), (_, g)) in field_values(&want).into_iter().zip(field_values(&got)) {
            assert_eq!(g, w, "seed {i}, {key}");
        }
    }
}

#[test]
fn missing_fields_are_named() {
    assert!(parse_text(&seed_text(0)).missing.is_empty());
    assert_eq!(
        parse_text(&seed_text(1)).missing,
        vec!["parent", "signer.title", "signer.name"]
    );
    assert_eq!(
        parse_text(&seed_text(4)).missing,
        vec!["signer.authority", "signer.title"]
    );
    let empty = parse_text("");
    assert!(empty.missing.contains(&"number") && empty.missing.contains(&"issuer"));
}

#[test]
fn bodies_keep_numbering_and_drop_the_frame() {
    for i in 0..5 {
        let doc = parse_text(&seed_text(i));
        let body = &doc.body;
        for frame in ["Kính gửi", "Nơi nhận", "ĐẢNG CỘNG SẢN", "Số 1", "T/M"] {
            assert!(!body.contains(frame), "seed {i} body has {frame:?}");
        }
        if let Some(name) = &doc.fields.signer.name {
            assert!(
                !body.contains(name.as_str()),
                "seed {i} body has the signer"
            );
        }
        assert!(!body.contains("\n\n\n"), "seed {i}");
        assert!(
            body.lines().all(|l| l == l.trim()),
            "seed {i}: indented line"
        );
    }
    let b0 = parse_text(&seed_text(0)).body;
    assert!(b0.starts_with("Thực hiện Thông báo số 224-TB/BDVTU"));
    assert!(b0.contains("\n\n1\\. Các cấp ủy đảng"));
    assert!(b0.contains("\n\n6\\. Giao Ban Dân vận Huyện ủy"));
    assert!(b0.contains("**trước ngày 10/11**"));
    assert!(b0.contains("\n\n- Tăng cường đổi mới"));
    assert!(b0.trim_end().ends_with("theo quy định."));
    let b1 = parse_text(&seed_text(1)).body;
    assert!(b1.starts_with("Thực hiện Công văn số 467-CV/HU"));
    assert!(b1.trim_end().ends_with("tại Công văn này./."));
    let b2 = parse_text(&seed_text(2)).body;
    assert!(b2.contains("văn minh*\"; phát huy tốt các nguồn lực"));
    assert!(b2.contains("\n\n7\\. Trung tâm Truyền thông"));
    let b3 = parse_text(&seed_text(3)).body;
    assert!(b3.contains("tổ chức đảng trực thuộc tỉnh; chính quyền"));
    assert!(b3.contains("\n\n1- Tăng cường lãnh đạo"));
    let b4 = parse_text(&seed_text(4)).body;
    assert!(b4.starts_with("Ngày 07 tháng 10 năm 2019, Thường trực Huyện ủy"));
    assert!(b4.contains("\n\nI. Kết quả đạt được trong 9 tháng đầu năm 2019\n\n"));
    assert!(b4.contains("nhiều văn bản chỉ đạo Chính quyền"));
    assert!(b4.trim_end().ends_with("biết để thực hiện."));
}

#[test]
fn front_matter_round_trips_through_yaml() {
    for i in 0..5 {
        let doc = parse_text(&seed_text(i));
        let md = to_markdown(&doc);
        let rest = md.strip_prefix("---\n").unwrap();
        let (yaml, body) = rest.split_once("\n---\n").unwrap();
        assert_eq!(body, doc.body);
        let value: serde_yaml::Value = serde_yaml::from_str(yaml).unwrap();
        let f = &doc.fields;
        let get = |k: &str| value.get(k).and_then(|x| x.as_str()).map(str::to_string);
        assert_eq!(get("number"), f.number, "seed {i}");
        assert_eq!(get("issuer"), f.issuer);
        assert_eq!(get("date"), f.date, "seed {i}: a date stays a string");
        assert_eq!(get("subject"), f.subject);
        let list = |k: &str| -> Vec<String> {
            value
                .get(k)
                .and_then(|x| x.as_sequence())
                .map(|s| s.iter().map(|x| x.as_str().unwrap().to_string()).collect())
                .unwrap_or_default()
        };
        assert_eq!(list("recipients"), f.recipients);
        assert_eq!(list("distribution"), f.distribution);
        assert_eq!(list("campaigns"), f.campaigns);
        let signer = value.get("signer");
        assert_eq!(
            signer
                .and_then(|x| x.get("name"))
                .and_then(|x| x.as_str())
                .map(str::to_string),
            f.signer.name
        );
        assert_eq!(
            value
                .get("draft")
                .and_then(|x| x.as_bool())
                .unwrap_or(false),
            f.draft
        );
    }
}

#[test]
fn output_format_matches_the_contract() {
    let md = to_markdown(&parse_text(&seed_text(0)));
    assert!(md.starts_with(
        "---\nnumber: 44-CV/HU\ntype: Công văn\nissuer: Huyện ủy Hón Quản\nparent: Đảng bộ tỉnh Bình Phước\ndate: 2018-11-11\nplace: Hón Quản\nsubject: \"V/v triển khai thực hiện Thông báo số 224-TB/BDVTU ngày 12/10/2018 của Ban Dân vận Tỉnh ủy\"\nrecipients:\n  - UBND huyện,\n"
    ));
    assert!(md.contains("  - Đăng website HU,\n"));
    assert!(md.contains(
        "signer:\n  authority: T/M Ban Thường vụ\n  title: Phó Bí thư Thường trực\n  name: Nguyễn Thị Kim Ngọc\ncampaigns:\n  - Dân vận khéo\n"
    ));
    let draft = to_markdown(&parse_text(&seed_text(2)));
    assert!(draft.starts_with("---\ndraft: true\nnumber: \"/UBND-VX\"\n"));
    assert!(draft.contains("\ndate: \"2022\"\n"));
}

#[test]
fn hostile_values_still_round_trip() {
    let doc = Imported {
        fields: ImportedFields {
            number: s("true"),
            issuer: s("- a: b # c"),
            subject: s("\"quoted\"\nand 'more'\t\\"),
            recipients: v(&["null", "1.5", "@x", "a: b", "x\u{7f}\u{feff}\u{85}y"]),
            ..Default::default()
        },
        body: "x\n".into(),
        ..Default::default()
    };
    let md = to_markdown(&doc);
    let yaml = md
        .strip_prefix("---\n")
        .unwrap()
        .split_once("\n---\n")
        .unwrap()
        .0;
    let value: serde_yaml::Value = serde_yaml::from_str(yaml).unwrap();
    assert_eq!(value["number"].as_str(), Some("true"));
    assert_eq!(value["issuer"].as_str(), Some("- a: b # c"));
    assert_eq!(value["subject"].as_str(), doc.fields.subject.as_deref());
    assert_eq!(value["recipients"][0].as_str(), Some("null"));
    assert_eq!(value["recipients"][1].as_str(), Some("1.5"));
    assert_eq!(value["recipients"][3].as_str(), Some("a: b"));
    assert_eq!(
        value["recipients"][4].as_str(),
        Some("x\u{7f}\u{feff}\u{85}y")
    );
}

// ---- .docx built here ----

fn xml_escape(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
}

/// A paragraph from a line of the seed's Markdown: `**` toggles bold, `*` italic; `font`
/// names the run font (a legacy one for TCVN3 fixtures).
fn para(line: &str, font: Option<&str>) -> String {
    let mut runs = String::new();
    let (mut bold, mut italic) = (false, false);
    let mut rest = line;
    while !rest.is_empty() {
        let next = rest.find('*').unwrap_or(rest.len());
        let text = &rest[..next];
        if !text.is_empty() {
            let mut props = String::new();
            if let Some(f) = font {
                props.push_str(&format!(r#"<w:rFonts w:ascii="{f}" w:hAnsi="{f}"/>"#));
            }
            if bold {
                props.push_str("<w:b/>");
            }
            if italic {
                props.push_str("<w:i/>");
            }
            runs.push_str(&format!(
                r#"<w:r><w:rPr>{props}</w:rPr><w:t xml:space="preserve">{}</w:t></w:r>"#,
                xml_escape(text)
            ));
        }
        rest = &rest[next..];
        if let Some(r) = rest.strip_prefix("**") {
            bold = !bold;
            rest = r;
        } else if let Some(r) = rest.strip_prefix('*') {
            italic = !italic;
            rest = r;
        }
    }
    format!("<w:p>{runs}</w:p>")
}

fn cell(
    lines: &[&str],
    enc: &dyn Fn(&str) -> String,
    font: &dyn Fn(&str) -> Option<String>,
) -> String {
    let paras: String = lines
        .iter()
        .map(|l| para(&enc(l), font(l).as_deref()))
        .collect();
    format!("<w:tc>{paras}</w:tc>")
}

fn docx_bytes(body: &str) -> Vec<u8> {
    let xml = format!(
        r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body>{body}<w:sectPr/></w:body></w:document>"#
    );
    let mut zip = zip::ZipWriter::new(Cursor::new(Vec::new()));
    let opts = zip::write::SimpleFileOptions::default();
    zip.start_file("[Content_Types].xml", opts).unwrap();
    zip.write_all(br#"<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"/>"#)
        .unwrap();
    zip.start_file("word/document.xml", opts).unwrap();
    zip.write_all(xml.as_bytes()).unwrap();
    zip.finish().unwrap().into_inner()
}

/// Seed 000 laid out as Word lays it out: a two-column header table, the body paragraphs,
/// a data table, and a two-column signature table. `enc` turns each piece of text into what
/// the file would hold, and `font` names the font of each line.
fn seed0_docx(enc: &dyn Fn(&str) -> String, font: &dyn Fn(&str) -> Option<String>) -> Vec<u8> {
    let text = seed_text(0);
    let lines: Vec<&str> = text.lines().map(str::trim).collect();
    let kg = lines
        .iter()
        .position(|l| l.starts_with("Kính gửi"))
        .unwrap();
    let nn = lines
        .iter()
        .position(|l| l.starts_with("Nơi nhận"))
        .unwrap();
    let mut body = format!(
        "<w:tbl><w:tr>{}{}</w:tr></w:tbl>",
        cell(&lines[2..13], enc, font),
        cell(&lines[13..15], enc, font)
    );
    for l in &lines[kg..nn] {
        body.push_str(&para(&enc(l), font(l).as_deref()));
    }
    body.push_str("<w:tbl>");
    for row in [
        ["Chỉ tiêu", "Kế hoạch", "Đạt"],
        ["Hộ dân", "120", "118"],
        ["Tổ tự quản", "12", "12"],
    ] {
        body.push_str("<w:tr>");
        for c in row {
            body.push_str(&format!("<w:tc>{}</w:tc>", para(c, None)));
        }
        body.push_str("</w:tr>");
    }
    body.push_str("</w:tbl>");
    body.push_str(&format!(
        "<w:tbl><w:tr>{}{}</w:tr></w:tbl>",
        cell(&lines[nn..nn + 8], enc, font),
        cell(&lines[nn + 8..], enc, font)
    ));
    docx_bytes(&body)
}

fn write_temp(dir: &Path, name: &str, bytes: &[u8]) -> PathBuf {
    let p = dir.join(name);
    std::fs::write(&p, bytes).unwrap();
    p
}

#[test]
fn docx_with_tables_runs_and_emphasis() {
    let bytes = seed0_docx(&|l| l.to_string(), &|_| None);
    let (text, enc) = read_docx(&bytes).unwrap();
    assert_eq!(enc, None);
    let doc = parse_text(&text);
    let want = parse_text(&seed_text(0));
    assert_eq!(doc.fields, want.fields);
    assert!(doc.body.contains("**trước ngày 10/11**"), "{}", doc.body);
    assert!(
        doc.body
            .contains("về *giám sát của Mặt trận Tổ quốc Việt Nam")
    );
    assert!(doc.body.contains(
        "| Chỉ tiêu | Kế hoạch | Đạt |\n| --- | --- | --- |\n| Hộ dân | 120 | 118 |\n| Tổ tự quản | 12 | 12 |"
    ));
}

#[test]
fn docx_in_tcvn3_fonts_is_converted() {
    // Capitals typed in the uppercase font .VnTimeH, the rest in .VnTime.
    let font = |l: &str| -> Option<String> {
        let caps = l.chars().any(char::is_alphabetic) && !l.chars().any(char::is_lowercase);
        Some(if caps { ".VnTimeH" } else { ".VnTime" }.to_string())
    };
    let bytes = seed0_docx(&|l| legacy::unicode_to_tcvn3(l), &font);
    let dir = tempfile::tempdir().unwrap();
    let path = write_temp(dir.path(), "cv44.docx", &bytes);
    let (text, note) = read_file(&path).unwrap();
    assert!(note.unwrap().to_string().contains("TCVN3"));
    let doc = parse_text(&text);
    assert_eq!(doc.fields, parse_text(&seed_text(0)).fields);
}

#[test]
fn docx_with_tcvn3_text_but_no_font_is_recognised() {
    let bytes = seed0_docx(&|l| legacy::unicode_to_tcvn3(l), &|_| None);
    let dir = tempfile::tempdir().unwrap();
    let path = write_temp(dir.path(), "cv44.docx", &bytes);
    let (text, note) = read_file(&path).unwrap();
    assert!(note.unwrap().to_string().contains("TCVN3"));
    let doc = parse_text(&text);
    let want = parse_text(&seed_text(0)).fields;
    assert_eq!(doc.fields.number, want.number);
    assert_eq!(doc.fields.issuer, want.issuer);
    assert_eq!(doc.fields.parent, want.parent);
    assert_eq!(doc.fields.date, want.date);
    assert_eq!(doc.fields.subject, want.subject);
    assert_eq!(doc.fields.signer, want.signer);
    assert_eq!(doc.fields.recipients, want.recipients);
}

#[test]
fn eight_bit_tcvn3_text_file() {
    let tcvn = legacy::unicode_to_tcvn3(&seed_text(3));
    let bytes: Vec<u8> = tcvn
        .chars()
        .map(|c| match u32::from(c) {
            n @ 0..=0xFF => n as u8,
            _ => b'"',
        })
        .collect();
    let dir = tempfile::tempdir().unwrap();
    let path = write_temp(dir.path(), "1213.txt", &bytes);
    let (text, note) = read_file(&path).unwrap();
    assert!(note.unwrap().to_string().contains("TCVN3"));
    let f = parse_text(&text).fields;
    assert_eq!(f.issuer.as_deref(), Some("Tỉnh ủy Bình Thuận"));
    assert_eq!(f.signer.name.as_deref(), Some("Dương Văn An"));
    assert_eq!(
        f.subject.as_deref(),
        Some("Tăng cường công tác dân vận chính quyền")
    );
}

#[test]
fn utf16_text_files() {
    let dir = tempfile::tempdir().unwrap();
    let text = seed_text(2);
    let mut le = vec![0xFF, 0xFE];
    le.extend(text.encode_utf16().flat_map(u16::to_le_bytes));
    let mut be = vec![0xFE, 0xFF];
    be.extend(text.encode_utf16().flat_map(u16::to_be_bytes));
    let no_bom: Vec<u8> = text.encode_utf16().flat_map(u16::to_le_bytes).collect();
    for (name, bytes, want_note) in [
        ("le.txt", le, "UTF-16 LE"),
        ("be.txt", be, "UTF-16 BE"),
        ("nobom.txt", no_bom, "UTF-16 LE"),
    ] {
        let path = write_temp(dir.path(), name, &bytes);
        let (read, note) = read_file(&path).unwrap();
        assert_eq!(read, text, "{name}");
        assert_eq!(note.map(|n| n.to_string()).as_deref(), Some(want_note));
    }
}

#[test]
fn import_writes_content_files_and_never_overwrites() {
    let root = tempfile::tempdir().unwrap();
    let files: Vec<PathBuf> = (0..5)
        .map(seed)
        .chain([root.path().join("missing.txt")])
        .collect();
    let out = import_files(root.path(), &files);
    let rel: Vec<String> = out
        .written
        .iter()
        .map(|p| {
            p.strip_prefix(root.path())
                .unwrap()
                .to_string_lossy()
                .into_owned()
        })
        .collect();
    assert_eq!(
        rel,
        vec![
            "content/2018/44-cv-hu-huyen-uy-hon-quan.md",
            "content/2017/121-cv-du-dang-uy-xa-my-thanh.md",
            "content/2022/ubnd-vx-uy-ban-nhan-dan-huyen-binh-son.md",
            "content/2018/1213-cv-tu-tinh-uy-binh-thuan.md",
            "content/2019/118-cv-bdvhu-ban-dan-van-huyen-uy-don-duong.md",
        ]
    );
    assert_eq!(out.errors.len(), 1);
    assert!(out.errors[0].path.ends_with("missing.txt"));
    assert_eq!(
        out.reports[1].missing,
        vec!["parent", "signer.title", "signer.name"]
    );
    assert!(out.reports[2].draft);
    assert!(
        out.reports[1]
            .to_string()
            .contains("not found, left empty: parent")
    );
    let written = std::fs::read_to_string(&out.written[0]).unwrap();
    assert_eq!(written, to_markdown(&parse_text(&seed_text(0))));

    // A second import of the same document names the existing file and leaves it alone.
    std::fs::write(&out.written[0], "edited by hand").unwrap();
    let again = import_files(root.path(), &files[..1]);
    assert!(again.written.is_empty());
    assert_eq!(again.errors.len(), 1);
    assert_eq!(again.errors[0].path, out.written[0]);
    assert!(again.errors[0].message.contains("already exists"));
    assert_eq!(
        std::fs::read_to_string(&out.written[0]).unwrap(),
        "edited by hand"
    );
}

#[test]
fn unreadable_inputs_are_errors_naming_the_file() {
    let dir = tempfile::tempdir().unwrap();
    let bad_docx = write_temp(dir.path(), "bad.docx", b"PK\x03\x04 truncated");
    let binary = write_temp(dir.path(), "junk.txt", &[0x81, 0x00, 0xC3, 0x28, 0xFF]);
    let good = seed(3);
    let out = import_files(dir.path(), &[bad_docx.clone(), binary.clone(), good]);
    assert_eq!(out.written.len(), 1);
    let paths: Vec<&Path> = out.errors.iter().map(|d| d.path.as_path()).collect();
    assert_eq!(paths, vec![bad_docx.as_path(), binary.as_path()]);
}

// ---- nothing panics ----

fn doc_like() -> impl Strategy<Value = String> {
    let piece = prop_oneof![
        Just("Số ".to_string()),
        Just("Số: /".to_string()),
        Just("Kính gửi:".to_string()),
        Just("Nơi nhận:".to_string()),
        Just("\n".to_string()),
        Just("\n\n".to_string()),
        Just("- ".to_string()),
        Just("T/M BAN ".to_string()),
        Just("KT. ".to_string()),
        Just(", ngày ".to_string()),
        Just(" tháng ".to_string()),
        Just(" năm ".to_string()),
        Just("“".to_string()),
        Just("\"".to_string()),
        Just("phong trào thi đua ".to_string()),
        Just(" và ".to_string()),
        Just("1. ".to_string()),
        Just("V/v ".to_string()),
        Just("HUYỆN ỦY ".to_string()),
        Just("HUYỆN ".to_string()),
        Just("BAN DÂN VẬN".to_string()),
        Just("§¶ng ".to_string()),
        Just("Ñaûng ".to_string()),
        Just("**".to_string()),
        "[0-9]{1,4}".prop_map(|s| s),
        "[A-Za-zĐđÀ-ỹ/.,:;\\- ]{0,12}".prop_map(|s| s),
        any::<char>().prop_map(|c| c.to_string()),
    ];
    prop::collection::vec(piece, 0..80).prop_map(|v| v.concat())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(200))]

    #[test]
    fn parse_text_never_panics(s in any::<String>()) {
        let doc = parse_text(&s);
        let _ = to_markdown(&doc);
    }

    #[test]
    fn parse_text_never_panics_on_document_like_text(s in doc_like()) {
        let doc = parse_text(&s);
        let md = to_markdown(&doc);
        let yaml = md[3..].split_once("\n---\n").unwrap().0;
        prop_assert!(serde_yaml::from_str::<serde_yaml::Value>(yaml).is_ok(), "{}", yaml);
    }

    #[test]
    fn docx_reading_never_panics(bytes in prop::collection::vec(any::<u8>(), 0..512)) {
        let _ = read_docx(&bytes);
        let _ = vanban::import::decode_text(&bytes);
    }

    #[test]
    fn docx_with_arbitrary_document_xml_never_panics(s in any::<String>(), inner in doc_like()) {
        let _ = read_docx(&docx_bytes(&s));
        let _ = read_docx(&docx_bytes(&format!("<w:p><w:r><w:t>{}</w:t></w:r></w:p>", xml_escape(&inner))));
    }
}

// ---- header variants: the corpus of layouts, and the distorter ----

/// Fields measured, in the order reports show them.
const MEASURED: [&str; 6] = ["number", "date", "place", "issuer", "type", "parent"];

/// The five fields held to the floor (parent is reported, not held).
const HELD: [&str; 5] = ["number", "date", "place", "issuer", "type"];

struct Variant {
    id: String,
    class: String,
    expected: Vec<(String, Option<String>)>,
    text: String,
}

/// The entries of a corpus file in `tests/fixtures/import/`.
fn header_corpus_in(file: &str) -> Vec<Variant> {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/import")
        .join(file);
    let all = std::fs::read_to_string(path).unwrap();
    let mut out = Vec::new();
    for chunk in all.split("\n=== ").skip(1) {
        let (head, rest) = chunk.split_once('\n').unwrap();
        let (id, class) = head.split_once(' ').unwrap();
        let (fields, text) = rest.split_once("\n---\n").unwrap();
        let mut expected: Vec<(String, Option<String>)> =
            MEASURED.iter().map(|k| (k.to_string(), None)).collect();
        for line in fields.lines() {
            let (k, v) = line.split_once(':').unwrap();
            let v = v.trim();
            let slot = expected.iter_mut().find(|(key, _)| key == k.trim());
            slot.unwrap_or_else(|| panic!("entry {id}: unknown key {k}"))
                .1 = (!v.is_empty()).then(|| v.to_string());
        }
        out.push(Variant {
            id: id.to_string(),
            class: class.to_string(),
            expected,
            text: text.trim_end().to_string() + "\n",
        });
    }
    out
}

fn measured_value(f: &ImportedFields, key: &str) -> Option<String> {
    match key {
        "number" => f.number.clone(),
        "date" => f.date.clone(),
        "place" => f.place.clone(),
        "issuer" => f.issuer.clone(),
        "type" => f.doc_type.clone(),
        "parent" => f.parent.clone(),
        _ => unreachable!(),
    }
}

/// Right and total per (class, field).
#[derive(Default)]
struct Tally {
    cells: std::collections::BTreeMap<(String, String), (usize, usize)>,
    wrong: Vec<String>,
}

impl Tally {
    fn add(&mut self, class: &str, key: &str, right: bool) {
        for c in [class, "all"] {
            let e = self
                .cells
                .entry((c.to_string(), key.to_string()))
                .or_default();
            e.0 += usize::from(right);
            e.1 += 1;
        }
    }

    fn percent(&self, class: &str, key: &str) -> f64 {
        let (r, t) = self
            .cells
            .get(&(class.to_string(), key.to_string()))
            .copied()
            .unwrap_or((0, 0));
        if t == 0 {
            100.0
        } else {
            100.0 * r as f64 / t as f64
        }
    }

    /// A Markdown table: one row a class, one column a field, then the documents measured.
    fn table(&self) -> String {
        let mut classes: Vec<&String> = self.cells.keys().map(|(c, _)| c).collect();
        classes.dedup();
        classes.retain(|c| *c != "all");
        let mut out = format!("| class | {} | n |\n|---|", MEASURED.join(" | "));
        out.push_str(&"---|".repeat(MEASURED.len() + 1));
        out.push('\n');
        let all = "all".to_string();
        for c in classes.iter().copied().chain([&all]) {
            let n = self
                .cells
                .get(&(c.clone(), "number".to_string()))
                .map_or(0, |e| e.1);
            let cols: Vec<String> = MEASURED
                .iter()
                .map(|k| format!("{:.0}%", self.percent(c, k)))
                .collect();
            out.push_str(&format!("| {c} | {} | {n} |\n", cols.join(" | ")));
        }
        out
    }
}

/// Issuer names compare as the site does (SPEC §2: case, NFC and ủy/uỷ ignored); the
/// other fields exactly.
fn same(key: &str, got: &Option<String>, want: &Option<String>) -> bool {
    match (key, got, want) {
        ("issuer" | "parent", Some(g), Some(w)) => {
            vanban::vietnamese::identity_key(g) == vanban::vietnamese::identity_key(w)
        }
        _ => got == want,
    }
}

fn measure(
    tally: &mut Tally,
    class: &str,
    label: &str,
    text: &str,
    want: &[(String, Option<String>)],
) {
    let got = parse_text(text).fields;
    for (key, w) in want {
        let g = measured_value(&got, key);
        let right = same(key, &g, w);
        tally.add(class, key, right);
        if !right {
            tally
                .wrong
                .push(format!("{label} [{class}] {key}: want {w:?}, got {g:?}"));
        }
    }
}

/// Measures every entry of a corpus file, prints its table and misses, and holds each of
/// number, date, place, issuer and type at 90% or more.
fn hold_corpus(file: &str, min_entries: usize) {
    let corpus = header_corpus_in(file);
    assert!(
        corpus.len() >= min_entries,
        "{file}: {} variants",
        corpus.len()
    );
    let mut tally = Tally::default();
    for v in &corpus {
        measure(&mut tally, &v.class, &v.id, &v.text, &v.expected);
    }
    println!("{file}, {} variants:\n{}", corpus.len(), tally.table());
    for w in &tally.wrong {
        println!("  {w}");
    }
    for key in HELD {
        let p = tally.percent("all", key);
        assert!(
            p >= 90.0,
            "{key}: {p:.1}% on {file}\n{}",
            tally.wrong.join("\n")
        );
    }
}

#[test]
fn header_corpus_accuracy_by_field_and_class() {
    hold_corpus("headers.txt", 40);
}

#[test]
fn second_header_set_accuracy_by_field() {
    // Written apart from headers.txt, after the importer: its figure is the closest this
    // suite has to documents the importer was not developed on.
    hold_corpus("headers-second.txt", 16);
}

/// A well-formed document as a paper shows it: its header lines (in the order Word's cell by
/// cell reading gives them), the rest, and the fields a clerk reads off it.
struct Paper {
    label: String,
    header: Vec<String>,
    rest: String,
    want: Vec<(String, Option<String>)>,
}

fn want_of(f: &ImportedFields) -> Vec<(String, Option<String>)> {
    MEASURED
        .iter()
        .map(|k| (k.to_string(), measured_value(f, k)))
        .collect()
}

/// The seeds, cut before Kính gửi.
fn seed_papers() -> Vec<Paper> {
    (0..5)
        .map(|i| {
            let text = seed_text(i).replace('\r', "");
            let lines: Vec<&str> = text.lines().collect();
            let kg = lines
                .iter()
                .position(|l| {
                    l.trim_start_matches(['-', ' ', '\t'])
                        .starts_with("Kính gửi")
                })
                .unwrap();
            Paper {
                label: format!("seed {i}"),
                header: lines[..kg]
                    .iter()
                    .map(|l| l.trim().replace("**", ""))
                    .filter(|l| !l.is_empty())
                    .collect(),
                rest: lines[kg..].join("\n"),
                want: want_of(&expected(i)),
            }
        })
        .collect()
}

fn yaml_str(fm: &serde_yaml::Value, keys: &[&str]) -> Option<String> {
    keys.iter().find_map(|k| {
        fm.get(*k).and_then(|v| match v {
            serde_yaml::Value::String(s) => Some(s.clone()),
            serde_yaml::Value::Number(n) => Some(n.to_string()),
            _ => None,
        })
    })
}

/// Documents of the synthetic generator, printed as the format rules lay out a paper:
/// issuer lines (the body above, then the issuer), `*` or a rule, the number, the subject of
/// a công văn, the motto, place and date, the type title and subject, Kính gửi, the body,
/// Nơi nhận and the signature.
fn synth_papers(n: usize) -> Vec<Paper> {
    let dir = tempfile::tempdir().unwrap();
    let opts = vanban_bench::synth::SynthOptions {
        docs: n,
        seed: 18,
        secret_every: None,
        draft_every: None,
    };
    vanban_bench::synth::generate(&opts, dir.path()).unwrap();
    let mut files: Vec<PathBuf> = walk_md(&dir.path().join("content"));
    files.sort();
    let caps = |s: &str| vanban::vietnamese::upper(s);
    files
        .iter()
        .map(|p| {
            let text = std::fs::read_to_string(p).unwrap();
            let (fm, body) = text[4..].split_once("\n---\n").unwrap();
            let fm: serde_yaml::Value = serde_yaml::from_str(fm).unwrap();
            let nfc = |s: String| vanban::vietnamese::nfc(&s);
            let number = yaml_str(&fm, &["number", "so_ky_hieu"]).unwrap();
            let issuer = nfc(yaml_str(&fm, &["issuer", "co_quan_ban_hanh"]).unwrap());
            let parent = yaml_str(&fm, &["parent", "co_quan_chu_quan"]).map(nfc);
            let place = yaml_str(&fm, &["place", "dia_danh"]).unwrap();
            let date = yaml_str(&fm, &["date", "ngay_ban_hanh"]).unwrap();
            let (y, m, d) = match date.split_once('/') {
                Some((d, rest)) => {
                    let (m, y) = rest.split_once('/').unwrap();
                    (y.to_string(), m.to_string(), d.to_string())
                }
                None => (
                    date[..4].to_string(),
                    date[5..7].to_string(),
                    date[8..10].to_string(),
                ),
            };
            let ty = yaml_str(&fm, &["type", "loai"])
                .or_else(|| vanban::number::type_from_number(&number).map(str::to_string))
                .unwrap();
            let subject = yaml_str(&fm, &["subject", "trich_yeu"]).unwrap();
            let party = vanban::number::is_party_style(&number);
            let mut header: Vec<String> = Vec::new();
            let mut issuer_lines: Vec<String> = Vec::new();
            if let Some(p) = &parent {
                issuer_lines.push(caps(p));
                // A department under its body is printed by its own name (`BAN DÂN VẬN`).
                let short = issuer.strip_suffix(p.as_str()).map(str::trim).filter(|s| {
                    ["Ban ", "Văn phòng", "Ủy ban Kiểm tra", "Sở ", "Phòng "]
                        .iter()
                        .any(|d| s.starts_with(d))
                });
                issuer_lines.push(caps(short.unwrap_or(&issuer)));
            } else if let Some(rest) = issuer.strip_prefix("Ủy ban nhân dân ") {
                issuer_lines.push("ỦY BAN NHÂN DÂN".into());
                issuer_lines.push(caps(rest));
            } else {
                issuer_lines.push(caps(&issuer));
            }
            header.extend(issuer_lines);
            header.push(if party { "*".into() } else { "-------".into() });
            header.push(if party {
                format!("Số {number}")
            } else {
                format!("Số: {number}")
            });
            let cong_van = ty == "Công văn";
            if cong_van {
                header.push(format!("V/v {}", subject.trim_start_matches("V/v ")));
            }
            if party {
                header.push("ĐẢNG CỘNG SẢN VIỆT NAM".into());
            } else {
                header.push("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM".into());
                header.push("Độc lập - Tự do - Hạnh phúc".into());
            }
            header.push(format!(
                "{place}, ngày {d} tháng {m} năm {y}",
                d = d.trim_start_matches('0').to_string().as_str().max(""),
                m = m.trim_start_matches('0')
            ));
            let mut rest = String::new();
            if !cong_van {
                rest.push_str(&format!("{}\n{subject}\n\n", caps(&ty)));
            }
            let list = |key: &[&str]| -> Vec<String> {
                key.iter()
                    .find_map(|k| fm.get(*k).and_then(|v| v.as_sequence()).cloned())
                    .unwrap_or_default()
                    .iter()
                    .filter_map(|v| v.as_str().map(str::to_string))
                    .collect()
            };
            let recipients = list(&["recipients", "kinh_gui"]);
            if !recipients.is_empty() {
                rest.push_str("Kính gửi:\n");
                for r in &recipients {
                    rest.push_str(&format!("- {r}\n"));
                }
                rest.push('\n');
            }
            rest.push_str(&body.replace("**", "").replace("\\.", "."));
            rest.push_str("\nNơi nhận:\n");
            for r in list(&["distribution", "noi_nhan"]) {
                rest.push_str(&format!("- {r}\n"));
            }
            let signer = fm.get("signer").or_else(|| fm.get("nguoi_ky"));
            for k in ["authority", "title", "name"] {
                if let Some(v) = signer.and_then(|s| s.get(k)).and_then(|v| v.as_str()) {
                    rest.push_str(&if k == "name" { v.to_string() } else { caps(v) });
                    rest.push('\n');
                }
            }
            let want = vec![
                ("number".to_string(), Some(number.clone())),
                ("date".to_string(), Some(format!("{y}-{m:0>2}-{d:0>2}"))),
                ("place".to_string(), Some(place)),
                ("issuer".to_string(), Some(issuer)),
                ("type".to_string(), Some(ty)),
                ("parent".to_string(), parent),
            ];
            Paper {
                label: p.file_name().unwrap().to_string_lossy().into_owned(),
                header,
                rest,
                want,
            }
        })
        .collect()
}

fn walk_md(dir: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    for e in std::fs::read_dir(dir).unwrap().flatten() {
        let p = e.path();
        if p.is_dir() {
            out.extend(walk_md(&p));
        } else if p.extension().is_some_and(|x| x == "md") {
            out.push(p);
        }
    }
    out
}

/// A small deterministic generator for the distorter's choices.
struct Dice(u64);

impl Dice {
    fn below(&mut self, n: u64) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0 % n.max(1)
    }

    fn gap(&mut self) -> &'static str {
        ["  ", "   ", "\t", "      ", " ", "\t\t"][self.below(6) as usize]
    }
}

fn is_motto_line(l: &str) -> bool {
    let f = vanban::vietnamese::fold(l);
    f.contains("cong hoa xa hoi") || f.contains("doc lap") || f.contains("dang cong san")
}

fn is_date_line(l: &str) -> bool {
    l.contains(", ngày")
}

/// The right column of the header (mottos, the date, the rule under the motto) and the left.
fn columns(header: &[String]) -> (Vec<String>, Vec<String>) {
    let mut left = Vec::new();
    let mut right = Vec::new();
    for l in header {
        if is_motto_line(l) || is_date_line(l) {
            right.push(l.clone());
        } else {
            left.push(l.clone());
        }
    }
    (left, right)
}

/// What Word's "save as text", web pages, PDF text layers and OCR do to a header. Each
/// returns the whole text.
const DISTORTIONS: &[&str] = &[
    "columns",
    "cells",
    "breaks",
    "ocr",
    "number",
    "portal",
    "news",
    "signature",
    "flat",
    "columns+ocr",
    "cells+portal",
    "news+columns+number",
];

fn distort(paper: &Paper, how: &str, dice: &mut Dice) -> String {
    let mut header = paper.header.clone();
    let mut rest = paper.rest.clone();
    let mut before = String::new();
    for step in how.split('+') {
        match step {
            // The two columns run together row by row.
            "columns" => {
                let (left, right) = columns(&header);
                let rows = left.len().max(right.len());
                header = (0..rows)
                    .map(|i| {
                        let l = left.get(i).map_or("", String::as_str);
                        let r = right.get(i).map_or("", String::as_str);
                        format!("{l}{}{r}", dice.gap()).trim().to_string()
                    })
                    .collect();
            }
            // Each cell on its own lines between `|` lines and rules; the motto and the date
            // broken where the page's narrow cell wrapped them.
            "cells" => {
                let (left, right) = columns(&header);
                let mut out = vec!["|".to_string()];
                for col in [left, right] {
                    for l in col {
                        if let Some(i) = l.find(" CHỦ NGHĨA") {
                            out.push(l[..i].to_string());
                            out.push(l[i + 1..].to_string());
                        } else if let Some(i) = l.find(", ngày").filter(|_| dice.below(2) == 0) {
                            out.push(l[..i + ", ngày".len()].to_string());
                            out.push(l[i + ", ngày".len() + 1..].to_string());
                        } else {
                            out.push(l);
                        }
                    }
                    out.push(["-------", "––––––", "***", "|---|"][dice.below(4) as usize].into());
                    out.push("|".into());
                }
                header = out;
            }
            // Lines broken at a word, as a PDF's text layer breaks them.
            "breaks" => {
                let mut out = Vec::new();
                for l in header {
                    let words: Vec<&str> = l.split(' ').collect();
                    if words.len() >= 4 && dice.below(2) == 0 {
                        let at = 1 + dice.below(words.len() as u64 - 2) as usize;
                        out.push(words[..at].join(" "));
                        out.push(words[at..].join(" "));
                    } else {
                        out.push(l);
                    }
                }
                header = out;
            }
            // A scan's text layer: a capital split off its word, `U` read as `Ư` in codes.
            "ocr" => {
                header = header
                    .into_iter()
                    .map(|l| {
                        let mut l = l.replace("UBND", "ƯBND");
                        if l.starts_with("Số") && dice.below(2) == 0 {
                            l = l.replacen("TU", "TƯ", 1).replacen("HU", "HƯ", 1);
                        }
                        let caps_line = !l.chars().any(char::is_lowercase);
                        if caps_line && dice.below(2) == 0 {
                            l = l
                                .split(' ')
                                .map(|w| {
                                    let mut cs = w.chars();
                                    match (cs.next(), w.chars().count() > 2) {
                                        (Some(c), true) if dice.below(3) == 0 => {
                                            format!("{c} {}", cs.as_str())
                                        }
                                        _ => w.to_string(),
                                    }
                                })
                                .collect::<Vec<_>>()
                                .join(" ");
                        }
                        l
                    })
                    .collect();
                rest = rest.replacen("THÔNG BÁO", "T HÔNG B ÁO", 1);
            }
            // Numbers typed loosely: spaces around the separators, a colon or not.
            "number" => {
                header = header
                    .into_iter()
                    .map(|l| match l.strip_prefix("Số: ").or(l.strip_prefix("Số ")) {
                        Some(n) => {
                            let loose = n
                                .replacen('/', [" / ", "/ ", "   /"][dice.below(3) as usize], 1)
                                .replacen('-', " - ", 1);
                            format!(
                                "{}{loose}",
                                ["Số:    ", "Số ", "Số : "][dice.below(3) as usize]
                            )
                        }
                        None => l,
                    })
                    .collect();
            }
            // A legal portal's attribute block above the document.
            "portal" => {
                let get = |k: &str| {
                    paper
                        .want
                        .iter()
                        .find(|(key, _)| key == k)
                        .and_then(|(_, v)| v.clone())
                        .unwrap_or_default()
                };
                let date = get("date");
                let shown = match date.split('-').collect::<Vec<_>>()[..] {
                    [y, m, d] => format!("{d}/{m}/{y}"),
                    _ => date.clone(),
                };
                before.push_str(&format!(
                    "Số hiệu: {} Loại văn bản: {}\nNơi ban hành: {}\nNgày ban hành: {shown} Ngày hiệu lực: Đã biết\nTình trạng: Còn hiệu lực\n\n",
                    get("number"),
                    get("type"),
                    get("issuer"),
                ));
            }
            // A news post: its title and date-time line above the document.
            "news" => {
                let d = dice.below(28) + 1;
                before.push_str(&format!(
                    "Tin hoạt động của cơ quan trong tuần\n{d:02}-09-2018 - 11:0{}\n",
                    dice.below(10)
                ));
            }
            // Signature lines glued, `(đã ký)` between title and name.
            "signature" => {
                let lines: Vec<&str> = rest.lines().collect();
                let n = lines.len();
                if n >= 2 {
                    let mut out: Vec<String> =
                        lines[..n - 2].iter().map(|s| s.to_string()).collect();
                    if dice.below(2) == 0 {
                        out.push(format!("{}{}", lines[n - 2], lines[n - 1]));
                    } else {
                        out.push(lines[n - 2].to_string());
                        out.push("(đã ký)".into());
                        out.push(lines[n - 1].to_string());
                    }
                    rest = out.join("\n");
                }
            }
            // The whole document on one line.
            "flat" => {
                let all = format!("{}\n{rest}", header.join("\n"));
                return before + &all.split_whitespace().collect::<Vec<_>>().join(" ");
            }
            _ => unreachable!("{step}"),
        }
    }
    format!("{before}{}\n\n{rest}", header.join("\n"))
}

#[test]
fn distorted_documents_accuracy_by_field_and_distortion() {
    let mut papers = seed_papers();
    papers.extend(synth_papers(40));
    let mut tally = Tally::default();
    let mut clean = Tally::default();
    for (i, p) in papers.iter().enumerate() {
        let whole = format!("{}\n\n{}", p.header.join("\n"), p.rest);
        measure(&mut clean, "well-formed", &p.label, &whole, &p.want);
        for (k, how) in DISTORTIONS.iter().enumerate() {
            let mut dice = Dice(0x9E37_79B9_7F4A_7C15 ^ ((i as u64) << 8 | k as u64));
            let text = distort(p, how, &mut dice);
            measure(&mut tally, how, &p.label, &text, &p.want);
        }
    }
    println!(
        "well-formed, {} documents:\n{}\ndistorted, {} documents:\n{}",
        papers.len(),
        clean.table(),
        papers.len() * DISTORTIONS.len(),
        tally.table()
    );
    for w in clean.wrong.iter().chain(&tally.wrong) {
        println!("  {w}");
    }
    for key in HELD {
        let p = tally.percent("all", key);
        assert!(p >= 90.0, "{key}: {p:.1}% over the distorted documents");
        assert!(
            clean.percent("all", key) >= 95.0,
            "{key} on well-formed papers"
        );
    }
}

// ---- .doc, .pdf and saved web pages ----

/// `tests/fixtures/import/<name>`: `party.html` and `state.html` are pages as a committee's
/// website serves them (layout table, navigation, scripts); the `.doc` and `.pdf` files were
/// made from them once with `soffice --headless --convert-to doc|pdf`.
fn office_fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/import")
        .join(name)
}

fn office_expected(stem: &str) -> ImportedFields {
    match stem {
        "party" => ImportedFields {
            number: s("25-CV/BDVHU"),
            doc_type: s("Công văn"),
            issuer: s("Ban Dân vận Huyện ủy Phú Lạc"),
            parent: s("Huyện ủy Phú Lạc"),
            date: s("2020-02-06"),
            place: s("Phú Lạc"),
            subject: s("V/v hướng dẫn xây dựng mô hình \"Dân vận khéo\""),
            recipients: v(&["Khối dân vận các xã, thị trấn."]),
            distribution: v(&["Như trên;", "Thường trực Huyện ủy (b/c);", "Lưu BDVHU."]),
            signer: Signer {
                authority: None,
                title: s("Trưởng ban"),
                name: s("Phan Thị Mỹ"),
            },
            campaigns: vec![],
            draft: false,
        },
        _ => ImportedFields {
            number: s("33/UBND-NC"),
            doc_type: s("Công văn"),
            issuer: s("Ủy ban nhân dân huyện Đông Giang"),
            parent: None,
            date: s("2022-09-27"),
            place: s("Đông Giang"),
            subject: s("V/v rà soát hồ sơ khiếu nại tồn đọng"),
            recipients: v(&["Thanh tra huyện."]),
            distribution: v(&["Như trên;", "Lưu: VT."]),
            signer: Signer {
                authority: s("KT. Chủ tịch"),
                title: s("Phó Chủ tịch"),
                name: s("Võ Thị Lan"),
            },
            campaigns: vec![],
            draft: false,
        },
    }
}

#[test]
fn doc_pdf_and_html_import_like_docx() {
    for stem in ["party", "state"] {
        for ext in ["doc", "pdf", "html"] {
            let path = office_fixture(&format!("{stem}.{ext}"));
            let (text, _) = read_file(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
            let doc = parse_text(&text);
            assert_eq!(doc.fields, office_expected(stem), "{}", path.display());
            assert!(
                doc.body.contains("Ủy ban nhân dân huyện đề nghị")
                    || doc.body.contains("Mỗi xã, thị trấn xây dựng"),
                "{}: {}",
                path.display(),
                doc.body
            );
            // The page's navigation, scripts and footer are not the document (the .doc and
            // .pdf were made from the whole page, so they carry them as text).
            if ext == "html" {
                for gone in ["Trang chủ", "track()", "dataLayer", "Bản quyền"] {
                    assert!(!text.contains(gone), "{}: {gone}", path.display());
                }
            }
        }
    }
    // A saved page keeps its data tables as rows.
    let (text, _) = read_file(&office_fixture("state.html")).unwrap();
    assert!(text.contains("| Năm | Số hồ sơ |\n| 2020 | 12 |"), "{text}");
}

/// A minimal PDF of one page whose content stream is `content`, with an `/Encrypt`
/// dictionary when `encrypt` is given.
fn tiny_pdf(content: &str, encrypt: bool) -> Vec<u8> {
    let mut objects = vec![
        "<< /Type /Catalog /Pages 2 0 R >>".to_string(),
        "<< /Type /Pages /Kids [3 0 R] /Count 1 >>".to_string(),
        "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R /Resources << /Font << /F1 5 0 R >> >> >>".to_string(),
        format!("<< /Length {} >>\nstream\n{content}\nendstream", content.len()),
        "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>".to_string(),
    ];
    if encrypt {
        objects.push(
            "<< /Filter /Standard /V 2 /R 3 /Length 128 /P -4 /O <00112233445566778899aabbccddeeff00112233445566778899aabbccddeeff> /U <00112233445566778899aabbccddeeff00112233445566778899aabbccddeeff> >>".to_string(),
        );
    }
    let mut out = b"%PDF-1.4\n".to_vec();
    let mut offsets = Vec::new();
    for (i, o) in objects.iter().enumerate() {
        offsets.push(out.len());
        out.extend(format!("{} 0 obj\n{o}\nendobj\n", i + 1).as_bytes());
    }
    let xref = out.len();
    out.extend(format!("xref\n0 {}\n0000000000 65535 f \n", objects.len() + 1).as_bytes());
    for off in offsets {
        out.extend(format!("{off:010} 00000 n \n").as_bytes());
    }
    let enc = if encrypt {
        format!(
            " /Encrypt {} 0 R /ID [<00112233445566778899aabbccddeeff> <00112233445566778899aabbccddeeff>]",
            objects.len()
        )
    } else {
        String::new()
    };
    out.extend(
        format!(
            "trailer\n<< /Size {} /Root 1 0 R{enc} >>\nstartxref\n{xref}\n%%EOF\n",
            objects.len() + 1
        )
        .as_bytes(),
    );
    out
}

#[test]
fn office_files_that_cannot_be_read_are_errors_naming_them() {
    let dir = tempfile::tempdir().unwrap();
    let mut doc = std::fs::read(office_fixture("party.doc")).unwrap();
    doc.truncate(2048);
    let cut_doc = write_temp(dir.path(), "cut.doc", &doc);
    let scan = write_temp(
        dir.path(),
        "scan.pdf",
        &tiny_pdf("q 100 0 0 100 0 0 cm Q", false),
    );
    let locked = write_temp(
        dir.path(),
        "locked.pdf",
        &tiny_pdf("BT /F1 12 Tf (x) Tj ET", true),
    );
    let broken = write_temp(
        dir.path(),
        "broken.pdf",
        b"%PDF-1.7\n1 0 obj << /Type /Catalog",
    );
    let good = office_fixture("state.doc");
    let files = [
        cut_doc.clone(),
        scan.clone(),
        locked.clone(),
        broken.clone(),
        good,
    ];
    let out = import_files(dir.path(), &files);
    assert_eq!(out.written.len(), 1, "{:?}", out.errors);
    let paths: Vec<&Path> = out.errors.iter().map(|d| d.path.as_path()).collect();
    assert_eq!(
        paths,
        [&cut_doc, &scan, &locked, &broken].map(PathBuf::as_path)
    );
    let message = |i: usize| out.errors[i].message.clone();
    assert!(message(1).contains("no text layer"), "{}", message(1));
    assert!(
        message(2).contains("encrypted") || message(2).contains("not a readable PDF"),
        "{}",
        message(2)
    );
    // A PDF with a text layer of its own reads.
    let text = vanban::import::read_pdf(&tiny_pdf(
        "BT /F1 12 Tf 72 700 Td (HUYEN UY AN PHU so 12 van ban cong van ngay thang) Tj ET",
        false,
    ))
    .unwrap();
    assert!(text.contains("HUYEN UY AN PHU"), "{text}");
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]

    #[test]
    fn office_readers_never_panic_on_damaged_files(
        which in 0usize..6,
        flips in prop::collection::vec((any::<prop::sample::Index>(), any::<u8>()), 1..8),
        cut in any::<prop::sample::Index>(),
    ) {
        let name = ["party.doc", "state.doc", "party.pdf", "state.pdf", "party.html", "state.html"][which];
        let mut bytes = std::fs::read(office_fixture(name)).unwrap();
        for (at, b) in flips {
            let i = at.index(bytes.len());
            bytes[i] = b;
        }
        if which % 2 == 0 {
            bytes.truncate(cut.index(bytes.len()) + 1);
        }
        if let Ok((text, _)) = vanban::import::read_bytes(&bytes, Path::new(name)) {
            let _ = to_markdown(&parse_text(&text));
        }
    }

    #[test]
    fn office_readers_never_panic_on_any_bytes(bytes in prop::collection::vec(any::<u8>(), 0..600)) {
        let _ = vanban::import::read_doc(&bytes);
        let _ = vanban::import::read_pdf(&bytes);
        let _ = vanban::import::read_html(&String::from_utf8_lossy(&bytes));
        let mut doc = b"\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1".to_vec();
        doc.extend(&bytes);
        let _ = vanban::import::read_doc(&doc);
        let mut pdf = b"%PDF-1.4\n".to_vec();
        pdf.extend(&bytes);
        let _ = vanban::import::read_pdf(&pdf);
    }
}

// ---- what the reader is unsure of ----

#[test]
fn uncertain_fields_are_marked_in_the_file_and_listed() {
    // No header lines: the issuer is guessed from the number's code; the date comes from a
    // portal's attribute block; the number was read through an OCR slip.
    let text = "Số hiệu: 12-CV/HU Ngày ban hành: 03/04/2020\n\nSố 12-CV/HƯ\nV/v một việc\n\nKính gửi: Các chi bộ.\n\nNội dung của công văn ở huyện.\n";
    let doc = parse_text(text);
    let keys: Vec<&str> = doc.checks.iter().map(|(k, _)| *k).collect();
    assert!(keys.contains(&"number"), "{:?}", doc.checks);
    assert!(keys.contains(&"date"), "{:?}", doc.checks);
    assert_eq!(doc.fields.number.as_deref(), Some("12-CV/HU"));
    assert_eq!(doc.fields.date.as_deref(), Some("2020-04-03"));
    let md = to_markdown(&doc);
    let line = |key: &str| {
        md.lines()
            .find(|l| l.starts_with(&format!("{key}:")))
            .unwrap_or_default()
            .to_string()
    };
    assert!(line("number").contains(" # kiểm tra: "), "{md}");
    assert!(line("date").contains(" # kiểm tra: "), "{md}");
    assert!(!line("type").contains('#'), "{md}");
    // The comments leave the values as they were.
    let fm = md.split("---\n").nth(1).unwrap();
    let y: serde_yaml::Value = serde_yaml::from_str(fm).unwrap();
    assert_eq!(y["number"].as_str(), Some("12-CV/HU"));
    assert_eq!(y["date"].as_str(), Some("2020-04-03"));

    // The terminal lists them.
    let dir = tempfile::tempdir().unwrap();
    let src = write_temp(dir.path(), "a.txt", text.as_bytes());
    let out = import_files(dir.path(), &[src]);
    let report = out.reports[0].to_string();
    assert!(
        report.contains("check: number (read through a character-recognition error"),
        "{report}"
    );
    // A clean header has nothing to check.
    assert!(parse_text(&seed_text(0)).checks.is_empty());
}
