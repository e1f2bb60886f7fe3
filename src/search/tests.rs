use super::*;

const ISSUERS: &[&str] = &["Huyện ủy Hón Quản", "Ban Dân vận Tỉnh ủy"];
const TYPES: &[&str] = &["Công văn", "Thông báo"];
const CAMPAIGNS: &[&str] = &["Dân vận khéo"];
const YEARS: &[i32] = &[2018, 2017];

fn facets() -> Facets<'static> {
    Facets {
        issuers: ISSUERS.iter().copied().collect(),
        types: TYPES.iter().copied().collect(),
        campaigns: CAMPAIGNS.iter().copied().collect(),
        years: YEARS,
    }
}

fn doc<'a>(
    number: &'a str,
    subject: &'a str,
    body: &'a str,
    campaigns: &'a [CampaignId],
) -> SearchDoc<'a> {
    SearchDoc {
        url: "van-ban/2018/x.html",
        number,
        subject,
        issuer: ISSUERS[0],
        issuer_id: IssuerId::new(0),
        year: Some(2018),
        doc_type: TYPES[0],
        type_id: DocTypeId::new(0),
        campaign_ids: campaigns,
        date: "11/11/2018",
        body: Body::Text(body),
        draft: false,
    }
}

const FIRST_CAMPAIGN: &[CampaignId] = &[CampaignId::new(0)];

fn docs() -> Vec<SearchDoc<'static>> {
    let mut v = vec![
        doc(
            "44-CV/HU",
            "V/v triển khai phong trào Dân vận khéo",
            "Thực hiện Thông báo số 224-TB/BDVTU",
            FIRST_CAMPAIGN,
        ),
        doc(
            "224-TB/BDVTU",
            "Kết luận của Ban Dân vận",
            "Dân vận khéo năm 2018",
            &[],
        ),
        doc("", "Dự thảo <img src=x onerror=alert(1)>", "Nội dung", &[]),
    ];
    v[2].draft = true;
    v
}

fn file<'f>(files: &'f [(String, String)], path: &str) -> &'f str {
    &files.iter().find(|(p, _)| p == path).unwrap().1
}

#[test]
fn output_is_sorted_and_deterministic() {
    let a = build_index(&docs(), &facets());
    let b = build_index(&docs(), &facets());
    assert_eq!(a, b);
    let paths: Vec<&String> = a.iter().map(|(p, _)| p).collect();
    let mut sorted = paths.clone();
    sorted.sort();
    assert_eq!(paths, sorted);
    assert!(
        paths
            .iter()
            .all(|p| p.starts_with("tim-kiem/") && p.ends_with(".js"))
    );
}

#[test]
fn meta_lists_facets_and_shards() {
    let files = build_index(&docs(), &facets());
    let meta = file(&files, META_FILE);
    assert!(meta.starts_with("VANBAN_SEARCH.meta({"));
    assert!(meta.contains(r#"["Huyện ủy Hón Quản","huyen-uy-hon-quan"]"#));
    assert!(meta.contains(r#""n":3"#));
    // Campaign 0 holds doc 0 only; doc 2 is the draft (sets this small are bitmaps).
    assert!(meta.contains(r#""dc":["!1"]"#));
    assert!(meta.contains(r#""drafts":"!4""#));
    // All three documents are of issuer 0 and the year 2018, the first of `years`.
    let json = &meta["VANBAN_SEARCH.meta(".len()..meta.len() - ");\n".len()];
    let v: serde_json::Value = serde_json::from_str(json).unwrap();
    let column = |k: &str| index::decode_column(v[k].as_str().unwrap(), 3);
    assert_eq!(column("di"), [0, 0, 0]);
    assert_eq!(column("dy"), [1, 1, 1]);
    let s = stats(&files);
    assert_eq!(s.meta_bytes, meta.len());
    assert!(s.largest_shard_bytes > 0 && s.total_bytes > s.meta_bytes);
}

#[test]
fn doc_buckets_hold_display_fields_as_data() {
    let files = build_index(&docs(), &facets());
    let d = file(&files, "tim-kiem/d-0.js");
    // JSON-escaped text, never markup (`<` as \u003c): the page puts it in with textContent.
    assert!(d.contains(r#""Dự thảo \u003cimg src=x onerror=alert(1)>""#));
    assert!(!d.contains('<'));
    assert!(d.contains("\"44-CV/HU\""));
}

#[test]
fn query_files_follow_shard_keys() {
    let files = build_index(&docs(), &facets());
    let q = query_files(&files, "dan van kheo");
    assert!(q.contains(&"tim-kiem/t-da.js".to_owned()), "{q:?}");
    assert!(q.contains(&"tim-kiem/t-kh.js".to_owned()), "{q:?}");
    assert!(q.iter().all(|p| files.iter().any(|(f, _)| f == p)));
    let terms = query_terms("224 TB BDVTU");
    assert!(terms.contains(&"224tbbdvtu".to_owned()));
    assert!(query_terms("224-tb/bdvtu").contains(&"224tbbdvtu".to_owned()));
}

#[test]
fn number_compound_is_indexed_with_number_flag() {
    let files = build_index(&docs(), &facets());
    let shard = file(&files, "tim-kiem/t-22.js");
    let start = shard.find("\"224tbbdvtu\":").unwrap();
    let entry = &shard[start + "\"224tbbdvtu\":".len()..];
    let entry: serde_json::Value = serde_json::Deserializer::from_str(entry)
        .into_iter()
        .next()
        .unwrap()
        .unwrap();
    let p = index::decode_postings(entry[2].as_str().unwrap());
    // Doc 0 cites it in the body; doc 1 carries it as its number.
    assert_eq!(p, [(0, 1), (1, u64::from(index::NUMBER))]);
}

#[test]
fn excerpt_cuts_at_a_word() {
    let long = "từ ".repeat(100);
    let e = excerpt(&long);
    assert!(e.ends_with('…'));
    assert!(e.chars().count() <= EXCERPT_CHARS + 1);
    assert_eq!(excerpt("  Dân   vận "), "Dân vận");
}

#[test]
fn excerpt_of_the_head_equals_excerpt_of_the_whole() {
    use unicode_normalization::UnicodeNormalization;
    // The old rule, on the whole body.
    let whole = |body: &str| {
        let text: String = body.nfc().collect();
        let mut out = String::new();
        for word in text.split_whitespace() {
            if out.chars().count() + word.chars().count() + 1 > EXCERPT_CHARS {
                out.push('…');
                break;
            }
            if !out.is_empty() {
                out.push(' ');
            }
            out.push_str(word);
        }
        out
    };
    let nfd: String = "Huyện ủy Hón Quản ".nfd().collect();
    let bodies = [
        "Dân vận khéo ".repeat(200),
        nfd.repeat(150),
        format!("{} tail", "x".repeat(EXCERPT_HEAD_BYTES + 10)),
        format!("{}\u{301} b", "a ".repeat(EXCERPT_HEAD_BYTES / 2)),
        format!(
            "{} \u{301}{}",
            "a".repeat(EXCERPT_HEAD_BYTES),
            "b ".repeat(100)
        ),
        "ngắn".to_owned(),
        String::new(),
    ];
    for body in &bodies {
        assert_eq!(excerpt(body), whole(body), "{body:?}");
    }
}

#[test]
fn json_strings_are_written_as_serde_writes_them() {
    for s in [
        "dan van",
        "đã",
        "",
        "a\"b",
        "a\\b",
        "<x>",
        "tab\t",
        "\u{7f}\u{1f}",
        "日本",
    ] {
        let mut out = String::new();
        push_json_str(&mut out, s);
        assert_eq!(out, json(s), "{s:?}");
    }
}

#[test]
fn addresses_are_stored_short_when_search_js_can_rebuild_them() {
    let url = "van-ban/2019/118-cv-bdvhu-ban-dan-van-huyen-uy-don-duong.html";
    let issuer = "ban-dan-van-huyen-uy-don-duong";
    assert_eq!(short_url(url, Some(2019), issuer), "118-cv-bdvhu~");
    assert_eq!(
        short_url(url, Some(2019), "huyen-uy-don-duong-2"),
        "118-cv-bdvhu-ban-dan-van-huyen-uy-don-duong"
    );
    // Another year's folder, no year, another layout, or only the issuer: stored whole.
    assert_eq!(short_url(url, Some(2018), issuer), url);
    assert_eq!(short_url(url, None, issuer), url);
    assert_eq!(
        short_url("van-ban/2019/a/b.html", Some(2019), issuer),
        "van-ban/2019/a/b.html"
    );
    let only = "van-ban/2019/ban-dan-van-huyen-uy-don-duong.html";
    assert_eq!(
        short_url(only, Some(2019), issuer),
        "ban-dan-van-huyen-uy-don-duong"
    );
    assert_eq!(
        short_url(url, Some(2019), ""),
        "118-cv-bdvhu-ban-dan-van-huyen-uy-don-duong"
    );
}

#[test]
fn passages_are_the_opening_and_the_sentence_that_adds_most() {
    let body = "Thực hiện Hướng dẫn số 24-HD/BDVTU của Ban Dân vận Tỉnh ủy về công tác dân vận \
                năm 2018 trên địa bàn huyện.\n\nCác cơ quan thực hiện tốt.\n\n\
                - Phòng Nội vụ huyện: củng cố hoạt động của Ban Công tác Mặt trận và các chi hội.\n\
                Cuối cùng, dân vận khéo.";
    let p = doc_passages(body, "Về công tác dân vận");
    let lines: Vec<&str> = p.split('\n').collect();
    assert_eq!(lines.len(), 2, "{p}");
    assert!(lines[0].starts_with("Thực hiện Hướng dẫn") && lines[0].ends_with('…'));
    assert_eq!(
        lines[1],
        "…củng cố hoạt động của Ban Công tác Mặt trận và các chi hội."
    );
    for line in &lines {
        assert!(
            line.trim_matches('…').chars().count() <= EXCERPT_CHARS + 1,
            "{line}"
        );
    }
    // A body said in its opening keeps only that.
    assert_eq!(
        doc_passages("Dân vận khéo. Dân vận khéo.", ""),
        "Dân vận khéo. Dân vận khéo."
    );
    assert_eq!(doc_passages("", "x"), "");
    // Line breaks end sentences; the words of the subject are not new.
    let p = doc_passages(
        &format!(
            "{}\nkế hoạch số một\nmười hai mười ba mười bốn",
            "mở đầu ".repeat(20)
        ),
        "Kế hoạch",
    );
    assert_eq!(
        p.split('\n').nth(1),
        Some("…mười hai mười ba mười bốn"),
        "{p}"
    );
}

/// The passages `build_index` stores for a body under a subject.
fn doc_passages(body: &str, subject: &str) -> String {
    let mut b = Builder::default();
    b.add_text(subject, Field::Subject);
    let opening = excerpt(body);
    let mut choice = SentenceChoice::after(body, &opening);
    let sentence = b.add_body(body, &mut choice);
    passages(body, opening, sentence)
}
