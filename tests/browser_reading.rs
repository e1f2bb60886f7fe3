//! The sample archive as a citizen reads it, in headless Chromium from file://: keyboard
//! use, accessibility (axe-core), navigation between documents, and screenshots on a phone,
//! on a desktop and on paper compared with reviewed baselines in `tests/baselines/`.

mod common;

use common::TestSite;
use common::browser::Browser;

const HON_QUAN_44: &str = "van-ban/2018/44-cv-hu-huyen-uy-hon-quan.html";

#[test]
fn harness_opens_a_page_and_runs_script() {
    let site = TestSite::sample();
    site.build_ok();
    let b = Browser::start();
    b.open_page(&site, HON_QUAN_44);
    let lang: String = b.eval("document.documentElement.lang");
    assert_eq!(lang, "vi");
    assert!(b.url().starts_with("file:///"));
}
