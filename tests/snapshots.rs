//! Snapshots of the seed documents as rendered (the `<article>` laid out like paper), so a
//! change to the Markdown, the templates or the header logic shows up as a reviewed diff.
//! Update with `INSTA_UPDATE=always cargo test --test snapshots` and review the `.snap` diff.

mod common;

use common::TestSite;

fn article(html: &str) -> &str {
    let start = html.find("<article").expect("an article");
    let end = html.find("</article>").expect("its end") + "</article>".len();
    &html[start..end]
}

#[test]
fn seed_document_pages() {
    let site = TestSite::sample();
    site.build_with(|o| o.drafts = true).unwrap();
    for page in [
        "van-ban/2018/44-cv-hu-huyen-uy-hon-quan.html",
        "van-ban/2017/121-cv-du-dang-uy-xa-my-thanh.html",
        "van-ban/2022/ubnd-vx-uy-ban-nhan-dan-huyen-binh-son.html",
        "van-ban/2018/1213-cv-tu-tinh-uy-binh-thuan.html",
        "van-ban/2019/118-cv-bdvhu-ban-dan-van-huyen-uy-don-duong.html",
    ] {
        let html = site.read(page);
        let name = page.rsplit('/').next().unwrap().trim_end_matches(".html");
        insta::assert_snapshot!(name, article(&html));
    }
}
