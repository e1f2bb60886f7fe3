//! `vanban build` on real site folders: the sample archive, small hand-made sites and broken
//! ones. Checks pages, links (SPEC §3 checker), error messages, atomicity and determinism.

mod common;

use common::{TestSite, check_site, doc, stderr};

const HON_QUAN_44: &str = "van-ban/2018/44-cv-hu-huyen-uy-hon-quan.html";

#[test]
fn sample_archive_builds_every_page_and_passes_the_site_rules() {
    let site = TestSite::sample();
    let report = site.build_ok();
    assert_eq!(
        report.documents, 4,
        "four signed seeds; the draft is withheld"
    );
    assert_eq!(report.withheld, 1);
    for page in [
        "index.html",
        "van-ban/index.html",
        HON_QUAN_44,
        "van-ban/2017/121-cv-du-dang-uy-xa-my-thanh.html",
        "van-ban/2018/1213-cv-tu-tinh-uy-binh-thuan.html",
        "van-ban/2019/118-cv-bdvhu-ban-dan-van-huyen-uy-don-duong.html",
        "co-quan/index.html",
        "co-quan/huyen-uy-hon-quan.html",
        "co-quan/dang-bo-tinh-binh-phuoc.html",
        "nam/index.html",
        "nam/2018.html",
        "phong-trao/index.html",
        "phong-trao/dan-van-kheo.html",
        "phong-trao/nam-dan-van-chinh-quyen-2018.html",
        "loai/index.html",
        "loai/cong-van.html",
        "static/style.css",
    ] {
        assert!(site.public().join(page).is_file(), "missing {page}");
    }
    assert!(
        !site.public().join("van-ban/2022").exists(),
        "the draft is not published"
    );
    check_site(&site.public());
}

#[test]
fn the_theme_fonts_are_written_and_every_url_in_the_style_sheet_resolves() {
    let site = TestSite::sample();
    site.build_ok();
    let css = site.read("static/style.css");
    let urls: Vec<&str> = css
        .split("url(\"")
        .skip(1)
        .map(|rest| &rest[..rest.find('"').unwrap()])
        .collect();
    assert!(urls.len() >= 7, "the style sheet names its fonts: {urls:?}");
    for url in urls {
        assert!(
            !url.contains(':') && !url.starts_with('/'),
            "{url} is not local"
        );
        let file = site.public().join("static").join(url);
        let bytes = std::fs::read(&file).unwrap_or_else(|e| panic!("{url}: {e}"));
        if url.ends_with(".woff2") {
            assert!(bytes.starts_with(b"wOF2"), "{url} is not WOFF2");
        }
    }
    assert!(
        site.read("static/fonts/OFL.txt")
            .contains("SIL OPEN FONT LICENSE")
    );
}

#[test]
fn document_page_is_laid_out_like_the_paper_original() {
    let site = TestSite::sample();
    site.build_ok();
    let html = site.read(HON_QUAN_44);
    for expected in [
        "<html lang=\"vi\">",
        // The parent's name breaks between its units, never inside one.
        "<span class=\"don-vi\">ĐẢNG BỘ</span> <span class=\"don-vi\">TỈNH BÌNH PHƯỚC</span>",
        "HUYỆN ỦY HÓN QUẢN",
        "ĐẢNG CỘNG SẢN VIỆT NAM",
        // A Party number has no colon after Số (Hướng dẫn 36-HD/VPTW).
        "<p class=\"so\">Số 44-CV/HU</p>",
        "Hón Quản, ngày 11 tháng 11 năm 2018",
        "V/v triển khai thực hiện Thông báo số 224-TB/BDVTU",
        "Kính gửi:",
        "<strong>trước ngày <span class=\"lien\">10/11</span></strong>",
        "Nơi nhận:",
        "Đăng website HU,",
        "T/M BAN THƯỜNG VỤ",
        "PHÓ BÍ THƯ THƯỜNG TRỰC",
        "Nguyễn Thị Kim Ngọc",
        "href=\"../../co-quan/huyen-uy-hon-quan.html\"",
        "href=\"../../nam/2018.html\"",
        "href=\"../../loai/cong-van.html\"",
        "href=\"../../phong-trao/dan-van-kheo.html\"",
        "href=\"../../phong-trao/nam-dan-van-chinh-quyen-2018.html\"",
    ] {
        assert!(html.contains(expected), "document page lacks {expected:?}");
    }
    // The state-style draft, when built, carries the national motto and is marked.
    let site = TestSite::sample();
    site.build_with(|o| o.drafts = true).unwrap();
    let draft = site.read("van-ban/2022/ubnd-vx-uy-ban-nhan-dan-huyen-binh-son.html");
    assert!(draft.contains("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"));
    assert!(draft.contains("Độc lập - Tự do - Hạnh phúc"));
    assert!(draft.contains("DỰ THẢO"));
    assert!(site.read("index.html").contains("Dự thảo"));
    check_site(&site.public());
}

#[test]
fn issuer_tree_nests_parents_with_counts() {
    let site = TestSite::sample();
    site.build_ok();
    let tree = site.read("co-quan/index.html");
    let province = tree
        .find("Đảng bộ tỉnh Bình Phước")
        .expect("province listed");
    let district = tree.find("Huyện ủy Hón Quản").expect("district listed");
    assert!(province < district);
    let between = &tree[province..district];
    assert!(
        between.contains("<ul class=\"cay\">"),
        "the district is nested under the province"
    );
    let issuer = site.read("co-quan/huyen-uy-hon-quan.html");
    assert!(
        issuer.contains("href=\"../co-quan/dang-bo-tinh-binh-phuoc.html\""),
        "breadcrumb to the parent"
    );
}

#[test]
fn two_builds_are_byte_identical() {
    let site = TestSite::sample();
    site.build_with(|o| o.drafts = true).unwrap();
    let first = site.output_tree();
    site.build_with(|o| o.drafts = true).unwrap();
    assert_eq!(first, site.output_tree());
    let other = TestSite::sample();
    other.build_with(|o| o.drafts = true).unwrap();
    assert_eq!(
        first,
        other.output_tree(),
        "same input in another folder, same bytes"
    );
}

#[test]
fn a_broken_file_is_named_with_line_and_the_previous_site_survives() {
    let site = TestSite::sample();
    site.build_ok();
    let before = site.output_tree();
    site.write(
        "content/2020/hong.md",
        "---\nnumber: 5-CV/HU\nissuer: Huyện ủy Hón Quản\ndate: 31/02/2020\nsubject: x\n---\n",
    );
    site.write(
        "content/2020/hong2.md",
        "---\nnumber: 6-CV/HU\nissuer: [unclosed\n---\n",
    );
    let failure = site.build().unwrap_err();
    let messages: Vec<String> = failure
        .diagnostics
        .iter()
        .map(ToString::to_string)
        .collect();
    assert!(
        messages.contains(
            &"content/2020/hong.md:4: error: date: `31/02/2020` is not a real date".to_string()
        ),
        "{messages:#?}"
    );
    assert!(
        messages
            .iter()
            .any(|m| m.starts_with("content/2020/hong2.md:") && m.contains("line 3")),
        "both files reported, the YAML error pointing at line 3: {messages:#?}"
    );
    assert_eq!(messages.len(), 2, "one error per problem: {messages:#?}");
    assert_eq!(before, site.output_tree(), "public/ unchanged");

    let out = site.run(&["build"]);
    assert_eq!(out.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("content/2020/hong.md:4: error: date"),
        "{stderr}"
    );
    assert!(
        stderr.contains("previous output was left as it was"),
        "{stderr}"
    );
    assert_eq!(before, site.output_tree());
}

#[test]
fn unknown_keys_warn_with_the_nearest_key() {
    let site = TestSite::empty();
    site.write("content/a.md", "---\nnumber: 1-CV/HU\nissuer: Huyện ủy A\ndate: 2018-01-02\nsubject: x\nphong_trau: [A]\n---\n");
    let out = site.run(&["build"]);
    assert!(out.status.success());
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("content/a.md:6: warning: phong_trau: unknown key `phong_trau`; did you mean `phong_trao`?"),
        "{stderr}"
    );
}

#[test]
fn duplicate_numbers_name_both_files() {
    let site = TestSite::empty();
    #[rustfmt::skip]
    site.write_docs(&[
        ["content/a.md", "44-CV/HU", "Huyện ủy A", "2018-01-02", "x", ""],
        ["content/b.md", "44-CV/HU", "HUYỆN UỶ A", "2018-05-02", "y", ""],
    ]);
    let f = site.build().unwrap_err();
    let msg = f
        .diagnostics
        .iter()
        .find(|d| d.is_error())
        .unwrap()
        .to_string();
    assert!(
        msg.contains("content/a.md") && msg.contains("content/b.md"),
        "{msg}"
    );
}

#[test]
fn spelling_variants_share_one_issuer_page_and_tone_differences_do_not() {
    let site = TestSite::empty();
    #[rustfmt::skip]
    site.write_docs(&[
        ["content/a.md", "1-CV/ĐU", "Đảng ủy xã Tân Hòa", "2018-01-02", "a", ""],
        ["content/b.md", "2-CV/ĐU", "Đảng uỷ xã Tân Hòa", "2018-02-02", "b", ""],
        ["content/c.md", "3-CV/ĐU", "ĐẢNG ỦY XÃ TÂN HÓA", "2018-03-02", "c", ""],
    ]);
    let r = site.build_ok();
    assert!(
        r.warnings.iter().any(|w| w.message.contains("fold alike")),
        "{:?}",
        r.warnings
    );
    let hoa = site.read("co-quan/dang-uy-xa-tan-hoa.html");
    let hoa2 = site.read("co-quan/dang-uy-xa-tan-hoa-2.html");
    assert!(
        hoa.contains("2 văn bản") ^ hoa2.contains("2 văn bản"),
        "one page has both Tân Hòa documents"
    );
    check_site(&site.public());
}

#[test]
fn names_are_listed_in_vietnamese_alphabetical_order() {
    let site = TestSite::empty();
    for (i, issuer) in [
        "Ủy ban nhân dân xã Đông",
        "Ủy ban nhân dân xã Dương",
        "Ủy ban nhân dân xã Ân",
        "Ủy ban nhân dân xã Bình",
        "Ủy ban nhân dân xã An",
    ]
    .iter()
    .enumerate()
    {
        site.write(
            &format!("content/{i}.md"),
            &doc(
                &format!("{}/UBND-VX", i + 1),
                issuer,
                "2018-01-02",
                "V/v x",
                "",
            ),
        );
    }
    site.build_ok();
    let page = site.read("co-quan/index.html");
    let pos = |s: &str| page.find(s).unwrap_or_else(|| panic!("{s} missing"));
    let order = ["xã An<", "xã Ân<", "xã Bình<", "xã Dương<", "xã Đông<"];
    for w in order.windows(2) {
        assert!(pos(w[0]) < pos(w[1]), "{} before {}", w[0], w[1]);
    }
}

#[test]
fn long_lists_are_paginated_and_links_hold() {
    let site = TestSite::empty();
    site.write("vanban.yaml", "page_size: 20\n");
    for i in 1..=45 {
        site.write(
            &format!("content/{i}.md"),
            &doc(
                &format!("{i}-CV/HU"),
                "Huyện ủy A",
                &format!("2018-01-{:02}", i % 28 + 1),
                "V/v x",
                "",
            ),
        );
    }
    site.build_ok();
    for p in [
        "nam/2018.html",
        "nam/2018-trang-2.html",
        "nam/2018-trang-3.html",
        "van-ban/trang-3.html",
        "co-quan/huyen-uy-a-trang-3.html",
    ] {
        assert!(site.public().join(p).is_file(), "{p}");
    }
    assert!(!site.public().join("nam/2018-trang-4.html").exists());
    assert!(
        site.read("nam/2018-trang-2.html")
            .contains("aria-current=\"page\">2<")
    );
    check_site(&site.public());
}

#[test]
fn confidential_documents_reach_no_output_byte() {
    let site = TestSite::sample();
    let marker = "MARKER7f3a";
    site.write(
        "content/2018/mat.md",
        &format!(
            "---\nnumber: 99-CV/{marker}\nissuer: Huyện ủy {marker}\ndate: 2018-05-05\nsubject: {marker}\nsecrecy: Mật\ncampaigns: [{marker}]\nattachments: [{marker}.pdf]\n---\n{marker}\n"
        ),
    );
    site.write(&format!("content/2018/{marker}.pdf"), marker);
    site.build_ok();
    for (path, bytes) in site.output_tree() {
        assert!(
            !String::from_utf8_lossy(&bytes).contains(marker),
            "{} leaks",
            path.display()
        );
        assert!(
            !path
                .to_string_lossy()
                .to_lowercase()
                .contains(&marker.to_lowercase()),
            "{}",
            path.display()
        );
    }
}

#[test]
fn attachments_are_copied_beside_the_page_and_cannot_leave_content() {
    let site = TestSite::empty();
    site.write("content/2018/a.md", "---\nnumber: 1-CV/HU\nissuer: Huyện ủy A\ndate: 2018-01-02\nsubject: x\nattachments: [scan.pdf]\n---\n");
    site.write("content/2018/scan.pdf", "%PDF-1.4");
    site.build_ok();
    assert_eq!(
        site.read("van-ban/2018/1-cv-hu-huyen-uy-a/scan.pdf"),
        "%PDF-1.4"
    );
    assert!(
        site.read("van-ban/2018/1-cv-hu-huyen-uy-a.html")
            .contains("href=\"1-cv-hu-huyen-uy-a/scan.pdf\"")
    );
    check_site(&site.public());

    site.write("secret.txt", "s");
    site.write("content/2018/a.md", "---\nnumber: 1-CV/HU\nissuer: Huyện ủy A\ndate: 2018-01-02\nsubject: x\nattachments: [../../secret.txt, /etc/passwd]\n---\n");
    let f = site.build().unwrap_err();
    let msgs: Vec<String> = f.diagnostics.iter().map(ToString::to_string).collect();
    assert!(
        msgs.iter().any(|m| m.contains("leads outside content/")),
        "{msgs:?}"
    );
    assert!(msgs.iter().any(|m| m.contains("absolute path")), "{msgs:?}");
    assert!(
        msgs.iter().all(|m| m.starts_with("content/2018/a.md:6")),
        "{msgs:?}"
    );
}

#[test]
fn a_site_theme_overrides_a_template() {
    let site = TestSite::sample();
    site.write("vanban.yaml", "title: Kho thử\ntheme: rieng\n");
    site.write("themes/rieng/templates/home.html", "{% extends \"base.html\" %}{% block main %}<h1>TRANG RIÊNG {{ totals.documents }}</h1>{% endblock main %}");
    site.write("themes/rieng/static/extra.css", "body{}");
    site.build_ok();
    assert!(site.read("index.html").contains("TRANG RIÊNG 4"));
    assert!(site.read("static/extra.css").contains("body"));
    assert!(
        site.read(HON_QUAN_44).contains("Kho thử"),
        "other templates stay the default"
    );

    site.write(
        "themes/rieng/templates/home.html",
        "{% include \"../../../etc/passwd\" %}",
    );
    assert!(
        site.build().is_err(),
        "templates cannot include files outside the theme"
    );
}

#[test]
fn a_theme_item_template_is_used_by_every_list() {
    let site = TestSite::sample();
    site.write("vanban.yaml", "theme: rieng\n");
    site.write(
        "themes/rieng/templates/doc_item.html",
        "<li class=\"rieng\"><a href=\"{{ d.url }}\">MỤC {{ d.title }}</a></li>\n",
    );
    site.write(
        "themes/rieng/templates/cited_item.html",
        "<li class=\"rieng\">TRÍCH {{ i.title }}</li>\n",
    );
    site.build_ok();
    let all = site.read("van-ban/index.html");
    assert_eq!(all.matches("<li class=\"rieng\">").count(), 4, "{all}");
    assert!(
        all.contains("<a href=\"../van-ban/2018/"),
        "links made for the list's depth"
    );
    assert!(site.read("index.html").contains("<a href=\"van-ban/2018/"));
    assert!(
        site.read(HON_QUAN_44).contains("TRÍCH "),
        "citation lists use it too"
    );
}

#[test]
fn dangerous_output_folders_are_refused() {
    let site = TestSite::sample();
    for out in ["content", ".", "/"] {
        let o = site.run(&["build", "--output", out]);
        assert_eq!(o.status.code(), Some(1), "{out}");
        assert!(stderr(&o).contains("refusing"), "{out}");
    }
    std::fs::create_dir(site.root().join("docs")).unwrap();
    site.write("docs/important.txt", "keep me");
    let o = site.run(&["build", "--output", "docs"]);
    assert_eq!(o.status.code(), Some(1));
    assert_eq!(
        std::fs::read_to_string(site.root().join("docs/important.txt")).unwrap(),
        "keep me"
    );
    let o = site.run(&["build", "--output", "site-out"]);
    assert!(o.status.success(), "{}", stderr(&o));
    check_site(&site.root().join("site-out"));
}

/// Every file below `dir`, relative path → bytes (the manifest left out when `manifest` is
/// false).
fn files(dir: &std::path::Path) -> std::collections::BTreeMap<std::path::PathBuf, Vec<u8>> {
    common::read_tree(dir)
}

#[test]
fn a_home_folder_with_a_forged_marker_is_refused_and_kept() {
    // Finding 1 of the adversarial test, replayed: `echo x > H/.vanban; vanban build
    // --output H` used to replace H whole.
    let site = TestSite::sample();
    let home = site.root().join("H");
    std::fs::create_dir_all(home.join("Documents")).unwrap();
    std::fs::write(home.join(".bashrc"), "export PATH").unwrap();
    std::fs::write(home.join("Documents/thesis.docx"), "PK thesis").unwrap();
    let before = files(&home);
    for forged in ["x\n", ""] {
        std::fs::write(home.join(".vanban"), forged).unwrap();
        let o = site.run(&["build", "--output", "H"]);
        assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
        let err = stderr(&o);
        assert!(
            err.contains("holds files that vanban did not write"),
            "{err}"
        );
        assert!(
            err.contains(".bashrc") && err.contains("Documents/thesis.docx"),
            "{err}"
        );
        std::fs::remove_file(home.join(".vanban")).unwrap();
        assert_eq!(files(&home), before, "nothing of H was touched");
    }
    // A manifest written by hand that lists nothing, or lists a file with other bytes, makes
    // no folder vanban's either; one that is not a manifest at all is named as such.
    for manifest in [
        "vanban-manifest 1\n".to_string(),
        format!(
            "vanban-manifest 1\n{:032x} 11 .bashrc\n{:032x} 9 Documents/thesis.docx\n",
            1, 2
        ),
        "not a manifest\n".to_string(),
    ] {
        std::fs::write(home.join(vanban::manifest::FILE_NAME), &manifest).unwrap();
        let o = site.run(&["build", "--output", "H"]);
        assert_eq!(o.status.code(), Some(1), "{manifest}: {}", stderr(&o));
        let err = stderr(&o);
        assert!(err.contains("refusing to replace"), "{err}");
        assert!(
            err.contains(".bashrc") || err.contains("damaged or was edited"),
            "{err}"
        );
        std::fs::remove_file(home.join(vanban::manifest::FILE_NAME)).unwrap();
        assert_eq!(files(&home), before, "nothing of H was touched");
    }
}

#[test]
fn a_file_added_to_a_built_site_is_never_lost() {
    let site = TestSite::sample();
    let o = site.run(&["build", "--output", "usb"]);
    assert!(o.status.success(), "{}", stderr(&o));
    let usb = site.root().join("usb");
    assert!(usb.join(vanban::manifest::FILE_NAME).is_file());
    assert!(
        !usb.join(".vanban").exists(),
        "no marker: the manifest says whose files"
    );
    let listed = vanban::manifest::Manifest::read(&usb).unwrap().unwrap();
    for (path, bytes) in files(&usb) {
        let rel = path.to_string_lossy().into_owned();
        if rel != vanban::manifest::FILE_NAME {
            assert_eq!(
                listed.files[&rel],
                vanban::manifest::Entry::of(&bytes),
                "{rel}"
            );
        }
    }
    assert_eq!(listed.files.len() + 1, files(&usb).len());

    // The everyday case: a report of one's own put beside the site, then a rebuild.
    std::fs::write(usb.join("bao-cao-cua-toi.docx"), "PK mine").unwrap();
    std::fs::write(usb.join("van-ban/ghi-chu.txt"), "mine too").unwrap();
    let o = site.run(&["build", "--output", "usb"]);
    assert_eq!(o.status.code(), Some(1));
    let err = stderr(&o);
    assert!(
        err.contains("bao-cao-cua-toi.docx") && err.contains("van-ban/ghi-chu.txt"),
        "{err}"
    );
    assert_eq!(
        std::fs::read(usb.join("bao-cao-cua-toi.docx")).unwrap(),
        b"PK mine"
    );
    std::fs::remove_file(usb.join("bao-cao-cua-toi.docx")).unwrap();
    std::fs::remove_file(usb.join("van-ban/ghi-chu.txt")).unwrap();

    // A page edited by hand is not vanban's any more: named, not replaced.
    let page = usb.join("index.html");
    std::thread::sleep(std::time::Duration::from_millis(20));
    let edited = std::fs::read_to_string(&page)
        .unwrap()
        .replace("<body", "<body data-x");
    std::fs::write(&page, &edited).unwrap();
    let o = site.run(&["build", "--output", "usb"]);
    assert_eq!(o.status.code(), Some(1));
    assert!(
        stderr(&o).contains("changed after vanban wrote them"),
        "{}",
        stderr(&o)
    );
    assert_eq!(std::fs::read_to_string(&page).unwrap(), edited);

    // A page removed is simply written again.
    std::fs::remove_file(&page).unwrap();
    let o = site.run(&["build", "--output", "usb"]);
    assert!(
        o.status.success(),
        "a missing page is rebuilt: {}",
        stderr(&o)
    );
    let manifest = usb.join(vanban::manifest::FILE_NAME);
    let text = std::fs::read_to_string(&manifest).unwrap();
    // A line taken out of the manifest by hand, or one added for a file of one's own: the
    // list no longer matches its seal, and is not believed.
    std::fs::write(usb.join("mine.txt"), "mine").unwrap();
    let cut: String = text
        .lines()
        .filter(|l| !l.ends_with(" index.html"))
        .map(|l| format!("{l}\n"))
        .collect();
    let added = format!(
        "{text}{} 4 mine.txt\n",
        vanban::manifest::Entry::of(b"mine").hash_hex()
    );
    for edited in [cut, added] {
        std::fs::write(&manifest, edited).unwrap();
        let o = site.run(&["build", "--output", "usb"]);
        assert_eq!(o.status.code(), Some(1));
        assert!(stderr(&o).contains("edited by hand"), "{}", stderr(&o));
        assert_eq!(std::fs::read(usb.join("mine.txt")).unwrap(), b"mine");
        assert!(page.is_file());
    }
}

#[test]
fn an_earlier_versions_output_rebuilds_and_is_kept_beside() {
    // What a version before the manifest left: its marker, its pages, and maybe a file of
    // the user's that it would have deleted.
    let site = TestSite::sample();
    let public = site.public();
    std::fs::create_dir_all(public.join("van-ban")).unwrap();
    std::fs::write(
        public.join(".vanban"),
        "Thư mục này do vanban tạo ra; mỗi lần build sẽ thay thế toàn bộ.\n",
    )
    .unwrap();
    std::fs::write(public.join("index.html"), "<p>old</p>").unwrap();
    std::fs::write(public.join("van-ban/cua-toi.docx"), "PK mine").unwrap();
    let o = site.run(&["build"]);
    assert!(o.status.success(), "{}", stderr(&o));
    let err = stderr(&o);
    assert!(err.contains("public.vanban-previous"), "{err}");
    assert!(site.read("index.html").contains("<html"));
    let kept = site.root().join("public.vanban-previous");
    assert_eq!(
        std::fs::read(kept.join("van-ban/cua-toi.docx")).unwrap(),
        b"PK mine"
    );
    // From then on an ordinary rebuild, and nothing more is moved.
    let o = site.run(&["build"]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(!site.root().join("public.vanban-previous-2").exists());
}

#[test]
fn front_matter_values_are_escaped_in_pages() {
    let site = TestSite::empty();
    let xss = "<script>alert(1)</script>";
    site.write(
        "content/a.md",
        &format!("---\nnumber: 1-CV/HU\nissuer: \"Huyện ủy {xss}\"\ndate: 2018-01-02\nsubject: \"{xss}\"\nrecipients: [\"{xss}\"]\n---\nText <script>alert(2)</script> [x](javascript:alert(3))\n"),
    );
    site.build_ok();
    for (path, bytes) in site.output_tree() {
        let text = String::from_utf8_lossy(&bytes);
        assert!(
            !text.contains("<script>alert"),
            "{} has a live script",
            path.display()
        );
        assert!(!text.contains("javascript:alert"), "{}", path.display());
    }
}

#[test]
fn an_empty_content_folder_builds_an_empty_site() {
    let site = TestSite::empty();
    let r = site.build_ok();
    assert_eq!(r.documents, 0);
    assert!(site.read("index.html").contains("Chưa có văn bản nào"));
}

#[test]
fn a_missing_content_folder_is_an_error() {
    let dir = tempfile::tempdir().unwrap();
    let o = std::process::Command::new(env!("CARGO_BIN_EXE_vanban"))
        .args(["build", "--root"])
        .arg(dir.path())
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(1));
    assert!(stderr(&o).contains("no content folder"));
}

// ---------------------------------------------------------------------------------------
// The adversarial re-run (issue 24): variants of the ownership class the first run did not
// try.

#[test]
fn a_folder_that_only_has_a_leftovers_name_is_never_removed() {
    // A build removes the staging folder a killed build left, which the lock file names; a
    // folder of one's own that merely has such a name (`.public.vanban-new-…`) is anyone's.
    let site = TestSite::sample();
    for name in [".public.vanban-new-backup", ".public.vanban-new-4242"] {
        let dir = site.root().join(name);
        std::fs::create_dir_all(&dir).unwrap();
        std::fs::write(dir.join("notes.txt"), "mine").unwrap();
    }
    for _ in 0..2 {
        let o = site.run(&["build"]);
        assert!(o.status.success(), "{}", stderr(&o));
    }
    for name in [".public.vanban-new-backup", ".public.vanban-new-4242"] {
        assert_eq!(
            std::fs::read(site.root().join(name).join("notes.txt")).unwrap(),
            b"mine",
            "{name}"
        );
    }
}

#[test]
fn a_leftover_is_never_emptied_through_a_link_inside_it() {
    // A previous output left by a killed build (`.public.vanban-old-<pid>`) is removed by its
    // manifest; a folder in it that is a link to elsewhere must not lead the removal there,
    // even with a manifest sealed as vanban seals it and dated after the files.
    let site = TestSite::sample();
    let elsewhere = tempfile::tempdir().unwrap();
    std::fs::write(elsewhere.path().join(".bashrc"), "export PATH=/x\n").unwrap();
    std::fs::create_dir(elsewhere.path().join("Documents")).unwrap();
    std::fs::write(elsewhere.path().join("Documents/thesis.docx"), "PK thesis").unwrap();
    let before = files(elsewhere.path());
    let old = site.root().join(".public.vanban-old-6");
    std::fs::create_dir(&old).unwrap();
    std::os::unix::fs::symlink(elsewhere.path(), old.join("x")).unwrap();
    let mut m = vanban::manifest::Manifest::default();
    m.files.insert(
        "x/.bashrc".into(),
        vanban::manifest::Entry::of(b"export PATH=/x\n"),
    );
    m.files.insert(
        "x/Documents/thesis.docx".into(),
        vanban::manifest::Entry::of(b"PK thesis"),
    );
    m.write(&old).unwrap();
    let later = std::time::SystemTime::now() + std::time::Duration::from_secs(3600);
    std::fs::File::options()
        .write(true)
        .open(old.join(vanban::manifest::FILE_NAME))
        .unwrap()
        .set_modified(later)
        .unwrap();
    let o = site.run(&["build"]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert_eq!(files(elsewhere.path()), before, "nothing elsewhere removed");
}

#[test]
fn a_lock_file_that_is_a_link_is_not_followed() {
    let site = TestSite::sample();
    let elsewhere = tempfile::tempdir().unwrap();
    let target = elsewhere.path().join("created-by-vanban");
    std::os::unix::fs::symlink(&target, site.root().join(".public.vanban-lock")).unwrap();
    let o = site.run(&["build"]);
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    assert!(stderr(&o).contains("lock file"), "{}", stderr(&o));
    assert!(!target.exists(), "no file made where the link points");
}

#[test]
fn a_name_that_reads_as_a_later_page_does_not_overwrite_it() {
    // `Cơ quan A trang 2` folds to `co-quan-a-trang-2`, the name of page 2 of `Cơ quan A`'s
    // list: one of the two pages used to be lost without a word. Campaigns and types alike.
    let site = TestSite::empty();
    for i in 1..=52 {
        site.write(
            &format!("content/{i}.md"),
            &format!(
                "---\nnumber: {i}-CV/HU\nissuer: Cơ quan A\ndate: 2018-01-02\nsubject: x\ncampaigns: [Dân vận]\n---\n"
            ),
        );
    }
    site.write(
        "content/z.md",
        "---\nnumber: 99-CV/HU\nissuer: Cơ quan A trang 2\ndate: 2018-01-02\nsubject: x\ncampaigns: [Dân vận trang 2]\n---\n",
    );
    let report = site.build_ok();
    let written = site
        .output_tree()
        .keys()
        .filter(|p| p.extension().is_some_and(|e| e == "html"))
        .count();
    assert_eq!(
        report.pages, written,
        "every page counted is a file of its own"
    );
    for (folder, list, other) in [
        ("co-quan", "Cơ quan A", "Cơ quan A trang 2"),
        ("phong-trao", "Dân vận", "Dân vận trang 2"),
    ] {
        let slug = vanban::vietnamese::slugify(list);
        let page2 = site.read(&format!("{folder}/{slug}-trang-2.html"));
        assert!(
            page2.contains(&format!("<title>{list}"))
                && !page2.contains(&format!("<title>{other} ")),
            "{folder}: page 2 of {list} is its own: {page2:.300}"
        );
        let own = site.read(&format!("{folder}/{slug}-trang-2-2.html"));
        assert!(
            own.contains(&format!("<title>{other} ")),
            "{folder}: {own:.300}"
        );
    }
}

#[test]
fn a_themes_words_reword_counts_charts_and_the_citation_chain() {
    let site = TestSite::empty();
    site.write("vanban.yaml", "title: T\ntheme: mine\n").write(
        "themes/mine/words.yaml",
        "documents: \"{count} documents\"\n\
         year_name: \"Year {year}\"\n\
         chart_total: \"{count} in all\"\n\
         chart_year_count: \"{year}: {count}\"\n\
         chain: \"Chain of {title}\"\n\
         chain_arrow: carried out by\n\
         chain_missing: not in the archive\n\
         not_archived: missing\n",
    );
    #[rustfmt::skip]
    site.write_docs(&[
        ["content/a.md", "1-KH/HU", "Huyện ủy Alpha", "2018-01-02", "V/v a", "Kế hoạch."],
        ["content/b.md", "2-CV/HU", "Huyện ủy Alpha", "2019-03-04", "V/v b",
         "Thực hiện Kế hoạch số 1-KH/HU và Chỉ thị số 9-CT/TU về việc c."],
    ]);
    site.build_ok();
    let page = site.page_named("2-cv-hu");
    let expected = [
        ("nam/2018.html", "1 documents"),
        ("nam/2018.html", ">Year 2019 ›</a>"),
        ("index.html", "<desc>2 in all; 2018: 1; 2019: 1.</desc>"),
        (&page, "aria-label=\"Chain of Công văn 2-CV/HU"),
        (&page, ">carried out by<"),
        (&page, ">not in the archive</text>"),
        (&page, "Chỉ thị 9-CT/TU, missing"),
    ];
    for (file, words) in expected {
        assert!(site.read(file).contains(words), "{file} lacks {words}");
    }
    for default in [
        "văn bản",
        "được thực hiện bởi",
        "chưa có trong kho",
        "Năm 2019",
    ] {
        for file in ["nam/2018.html", &page] {
            let html = site.read(file);
            assert!(
                !html.contains(&format!(">{default}")),
                "{file} says {default}"
            );
        }
    }
}
