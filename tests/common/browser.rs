//! Headless Chromium for the browser tests, driven over the DevTools protocol by
//! `headless_chrome` (no driver process, no browser download: Debian's `/usr/bin/chromium`).
//!
//! ```ignore
//! mod common;
//! use common::{TestSite, browser::Browser};
//!
//! let site = TestSite::sample();
//! site.build_ok();
//! let b = Browser::start();                    // panics if Chromium is missing
//! b.open_page(&site, "index.html");            // file:// URL of a built page, waits for load
//! let title: String = b.eval("document.title"); // any JSON-able value; promises are awaited
//! b.wait_for("document.querySelectorAll('#ket-qua a').length > 0");
//! b.wait_for_page("/co-quan/index.html");      // after a click or Enter: address and load
//! b.navigate_by("history.back()", "/index.html"); // a script that leaves the page
//! b.press("Tab");                              // key names as in Puppeteer: Tab, Enter, ArrowDown…
//! b.type_text("dan van");
//! let png = b.screenshot(360);                 // whole page, 360 CSS px wide
//! b.emulate_media("print");                    // "" returns to screen
//! let pdf = b.print_pdf();                     // A4, the page's own @page rules
//! let problems = b.axe();                      // axe-core violations, one line each
//! assert_matches_baseline("home-360", &png);   // tests/baselines/home-360.png
//! ```
//!
//! One `Browser` is one Chromium process with one tab; dropping it kills the process and
//! removes its temporary profile, so a panicking test leaves nothing running. Tests in one
//! file run in parallel threads, so each test starts its own `Browser` (about half a second);
//! open several pages with one `Browser` inside a test rather than one test per page.
#![allow(dead_code)]

use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::{Duration, Instant};

use headless_chrome::Tab;
use headless_chrome::protocol::cdp::{CSS, DOM, Emulation, Page, Runtime};
use serde::de::DeserializeOwned;

use super::TestSite;

pub struct Browser {
    // Field order matters: the tab goes before the process that serves it.
    tab: Arc<Tab>,
    _browser: headless_chrome::Browser,
}

impl Browser {
    /// Starts headless Chromium with a fresh temporary profile and one blank tab, at
    /// 1280×800 on screen media.
    pub fn start() -> Browser {
        let browser = super::chromium::launch();
        let tab = browser.new_tab().expect("a tab");
        tab.set_default_timeout(Duration::from_secs(20));
        Browser {
            tab,
            _browser: browser,
        }
    }

    /// The tab, for anything this API does not cover (`tab.call_method(...)` sends any
    /// DevTools command).
    pub fn tab(&self) -> &Tab {
        &self.tab
    }

    /// Opens `rel` (for example `van-ban/2018/x.html?q=a`) in the site's built output.
    pub fn open_page(&self, site: &TestSite, rel: &str) {
        let (path, query) = rel.split_once('?').map_or((rel, ""), |(p, q)| (p, q));
        let file = site.public().join(path);
        assert!(file.is_file(), "{} was not built", file.display());
        let mut url = file_url(&file);
        if !query.is_empty() {
            url.push('?');
            url.push_str(query);
        }
        self.open_url(&url);
    }

    /// Opens a URL and waits until the page and its scripts have loaded.
    pub fn open_url(&self, url: &str) {
        self.tab
            .navigate_to(url)
            .and_then(|t| t.wait_until_navigated())
            .unwrap_or_else(|e| panic!("cannot open {url}: {e:#}"));
        self.wait_for("document.readyState === 'complete'");
    }

    /// The address of the page shown.
    pub fn url(&self) -> String {
        self.eval("location.href")
    }

    /// Evaluates a JavaScript expression in the page and returns its value as JSON
    /// deserialised into `T` (use `serde_json::Value` for anything). A promise is awaited.
    /// A thrown exception fails the test with its message.
    pub fn eval<T: DeserializeOwned>(&self, js: &str) -> T {
        let value = self.eval_json(js);
        serde_json::from_value(value.clone())
            .unwrap_or_else(|e| panic!("`{js}` returned {value}, not the expected type: {e}"))
    }

    fn eval_json(&self, js: &str) -> serde_json::Value {
        self.try_eval_json(js)
            .unwrap_or_else(|e| panic!("`{}` could not run: {e}", short(js)))
    }

    /// Evaluates `js`; `Err` when the protocol call itself fails, which happens while the
    /// tab is between two pages ("Inspected target navigated or closed"). An exception
    /// thrown by the script fails the test.
    fn try_eval_json(&self, js: &str) -> Result<serde_json::Value, String> {
        let r = self.tab.call_method(Runtime::Evaluate {
            expression: js.to_string(),
            return_by_value: Some(true),
            await_promise: Some(true),
            user_gesture: Some(true),
            object_group: None,
            include_command_line_api: None,
            silent: None,
            context_id: None,
            generate_preview: None,
            throw_on_side_effect: None,
            timeout: None,
            disable_breaks: None,
            repl_mode: None,
            allow_unsafe_eval_blocked_by_csp: None,
            unique_context_id: None,
            serialization_options: None,
        });
        let r = r.map_err(|e| format!("{e:#}"))?;
        if let Some(ex) = r.exception_details {
            let what = ex.exception.and_then(|o| o.description).unwrap_or(ex.text);
            panic!("`{}` threw: {what}", short(js));
        }
        Ok(r.result.value.unwrap_or(serde_json::Value::Null))
    }

    /// Runs a script that leaves the page (`history.back()`, `a.click()`), then waits for
    /// the page whose address ends with `suffix`. The script runs from a timer, after the
    /// evaluation has returned: run directly, the navigation can tear down the page before
    /// DevTools answers, and the call fails with "Inspected target navigated or closed".
    pub fn navigate_by(&self, js: &str, suffix: &str) {
        let js = serde_json::to_string(js).unwrap();
        self.eval::<()>(&format!("void setTimeout(() => (0, eval)({js}), 0)"));
        self.wait_for_page(suffix);
    }

    /// Waits up to 10 s until the expression is truthy; fails the test otherwise.
    pub fn wait_for(&self, js: &str) {
        let deadline = Instant::now() + Duration::from_secs(10);
        loop {
            // A failed call means the tab is between pages: try again until the deadline.
            let value = self.try_eval_json(&format!("Boolean({js})"));
            if matches!(value, Ok(serde_json::Value::Bool(true))) {
                return;
            }
            assert!(Instant::now() < deadline, "timed out waiting for `{js}`");
            std::thread::sleep(Duration::from_millis(50));
        }
    }

    /// Waits until a link, key press or script has taken the tab to a page whose address
    /// ends with `suffix`, and that page has loaded.
    pub fn wait_for_page(&self, suffix: &str) {
        let suffix = serde_json::to_string(suffix).unwrap();
        self.wait_for(&format!(
            "location.href.endsWith({suffix}) && document.readyState === 'complete'"
        ));
    }

    /// Presses and releases a key in the focused element (`Tab`, `Enter`, `Escape`,
    /// `ArrowDown`, a letter…).
    pub fn press(&self, key: &str) {
        self.tab
            .press_key(key)
            .unwrap_or_else(|e| panic!("cannot press {key}: {e:#}"));
    }

    /// Types text into the focused element, character by character.
    pub fn type_text(&self, text: &str) {
        self.tab
            .type_str(text)
            .unwrap_or_else(|e| panic!("cannot type {text:?}: {e:#}"));
    }

    /// Emulates a CSS media type: `"print"`, `"screen"`, or `""` for none.
    pub fn emulate_media(&self, media: &str) {
        self.tab
            .call_method(Emulation::SetEmulatedMedia {
                media: Some(media.to_string()),
                features: None,
            })
            .expect("media emulation");
    }

    /// Sets the viewport to `width`×`height` CSS pixels at scale 1.
    pub fn set_viewport(&self, width: u32, height: u32) {
        self.tab
            .call_method(Emulation::SetDeviceMetricsOverride {
                width,
                height,
                device_scale_factor: 1.0,
                mobile: false,
                scale: None,
                screen_width: None,
                screen_height: None,
                position_x: None,
                position_y: None,
                dont_set_visible_size: None,
                screen_orientation: None,
                viewport: None,
                display_feature: None,
                device_posture: None,
            })
            .expect("viewport");
    }

    /// A PNG of the whole page laid out `width` CSS pixels wide (its full height, up to
    /// 8000 px), with focus and caret hidden and the theme's fonts loaded, so that it depends
    /// only on the page.
    pub fn screenshot(&self, width: u32) -> Vec<u8> {
        self.set_viewport(width, 800);
        let _: serde_json::Value = self.eval(
            "(document.activeElement && document.activeElement.blur(), \
             document.fonts.ready.then(() => \
               new Promise(r => requestAnimationFrame(() => requestAnimationFrame(r)))))",
        );
        let height: u32 = self.eval("Math.ceil(document.documentElement.scrollHeight)");
        self.set_viewport(width, height.clamp(1, 8000));
        let png = self
            .tab
            .capture_screenshot(Page::CaptureScreenshotFormatOption::Png, None, None, true)
            .expect("a screenshot");
        self.set_viewport(width, 800);
        png
    }

    /// The fonts the browser really drew the text of every element matching `selector`
    /// with, as DevTools reports them: family name → glyphs drawn, with " (system)" after the
    /// name of a font the machine supplied rather than the page. A glyph that a face lacks
    /// falls back to another family, which shows up here as a second name.
    pub fn platform_fonts(&self, selector: &str) -> std::collections::BTreeMap<String, u64> {
        let _: serde_json::Value = self.eval("document.fonts.ready.then(() => null)");
        self.tab
            .call_method(DOM::Enable {
                include_whitespace: None,
            })
            .expect("DOM.enable");
        self.tab.call_method(CSS::Enable(None)).expect("CSS.enable");
        let root = self
            .tab
            .call_method(DOM::GetDocument {
                depth: Some(0),
                pierce: None,
            })
            .expect("DOM.getDocument")
            .root
            .node_id;
        let nodes = self
            .tab
            .call_method(DOM::QuerySelectorAll {
                node_id: root,
                selector: selector.to_owned(),
            })
            .expect("DOM.querySelectorAll")
            .node_ids;
        let mut used = std::collections::BTreeMap::new();
        for node_id in nodes {
            let fonts = self
                .tab
                .call_method(CSS::GetPlatformFontsForNode { node_id })
                .expect("CSS.getPlatformFontsForNode")
                .fonts;
            for f in fonts {
                let name = match f.is_custom_font {
                    true => f.family_name,
                    false => format!("{} (system)", f.family_name),
                };
                *used.entry(name).or_insert(0) += f.glyph_count as u64;
            }
        }
        used
    }

    /// The page printed to PDF as the browser's print dialog would (A4 from `@page`).
    pub fn print_pdf(&self) -> Vec<u8> {
        let _: serde_json::Value = self.eval("document.fonts.ready.then(() => null)");
        self.tab
            .print_to_pdf(Some(headless_chrome::types::PrintToPdfOptions {
                prefer_css_page_size: Some(true),
                print_background: Some(false),
                ..Default::default()
            }))
            .expect("a PDF")
    }

    /// Runs axe-core (WCAG 2.0/2.1 A and AA rules and best practices) on the page and
    /// returns its violations, one readable line per rule with the elements it names.
    pub fn axe(&self) -> Vec<String> {
        let script = axe_script();
        let _: serde_json::Value = self.eval(&format!("{script};null"));
        self.eval(
            "axe.run(document, { runOnly: { type: 'tag', values: \
               ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa', 'best-practice'] } })\
             .then(r => r.violations.map(v => `${v.id} (${v.impact}): ${v.help} — ` + \
               v.nodes.map(n => n.target.join(' ') + (n.failureSummary ? ' [' + \
               n.failureSummary.replace(/\\s+/g, ' ') + ']' : '')).join('; ')))",
        )
    }
}

/// axe-core as installed by `npm ci` (scripts/install-test-deps.sh).
fn axe_script() -> String {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("node_modules/axe-core/axe.min.js");
    std::fs::read_to_string(&path).unwrap_or_else(|e| {
        panic!(
            "{}: {e}: axe-core is needed for the accessibility tests: run scripts/install-test-deps.sh",
            path.display()
        )
    })
}

/// `file://` URL of an absolute path, percent-encoding everything but unreserved bytes.
pub fn file_url(path: &Path) -> String {
    let path = path.canonicalize().unwrap_or_else(|_| path.to_path_buf());
    let mut url = String::from("file://");
    for b in path.to_string_lossy().bytes() {
        if b.is_ascii_alphanumeric() || b"/-._~".contains(&b) {
            url.push(b as char);
        } else {
            url.push_str(&format!("%{b:02X}"));
        }
    }
    url
}

fn short(js: &str) -> &str {
    match js.char_indices().nth(80) {
        Some((i, _)) => &js[..i],
        None => js,
    }
}

/// Where reviewed screenshots live: `tests/baselines/<name>.png`.
pub fn baseline_path(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join(format!("tests/baselines/{name}.png"))
}

/// A channel differing by more than this (of 255) makes a pixel count as different:
/// anti-aliasing and font hinting stay below it.
const CHANNEL_TOLERANCE: u8 = 48;
/// The share of pixels that may differ before two screenshots are different pages.
const PIXEL_SHARE: f64 = 0.002;

/// Compares a PNG with its reviewed baseline, allowing small rendering noise. When the
/// baseline is missing or `UPDATE_BASELINES=1` is set, writes it and fails, so that a new
/// or changed picture is always looked at and committed before a run can pass. On a
/// mismatch the new picture and a difference map go to the target's tmp folder.
pub fn assert_matches_baseline(name: &str, png: &[u8]) {
    let path = baseline_path(name);
    let update = std::env::var_os("UPDATE_BASELINES").is_some_and(|v| v == "1");
    if update || !path.exists() {
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(&path, png).unwrap();
        panic!(
            "wrote baseline {}: look at it, commit it, and run again without UPDATE_BASELINES",
            path.display()
        );
    }
    let expected = image::load_from_memory(&std::fs::read(&path).unwrap())
        .unwrap_or_else(|e| panic!("{}: {e}", path.display()))
        .to_rgba8();
    let actual = image::load_from_memory(png)
        .expect("a PNG screenshot")
        .to_rgba8();
    let out = Path::new(env!("CARGO_TARGET_TMPDIR")).join("screenshots");
    std::fs::create_dir_all(&out).unwrap();
    let actual_path = out.join(format!("{name}.png"));
    std::fs::write(&actual_path, png).unwrap();
    assert_eq!(
        expected.dimensions(),
        actual.dimensions(),
        "{name}: the page changed size (new picture: {}; UPDATE_BASELINES=1 rewrites the baseline)",
        actual_path.display()
    );
    let mut diff = image::RgbaImage::new(actual.width(), actual.height());
    let mut differing = 0usize;
    for ((e, a), d) in expected
        .pixels()
        .zip(actual.pixels())
        .zip(diff.pixels_mut())
    {
        let far =
            e.0.iter()
                .zip(a.0)
                .any(|(x, y)| x.abs_diff(y) > CHANNEL_TOLERANCE);
        *d = if far {
            differing += 1;
            image::Rgba([255, 0, 0, 255])
        } else {
            image::Rgba([a.0[0] / 4 + 190, a.0[1] / 4 + 190, a.0[2] / 4 + 190, 255])
        };
    }
    let share = differing as f64 / (actual.width() as f64 * actual.height() as f64);
    if share > PIXEL_SHARE {
        let diff_path = out.join(format!("{name}.diff.png"));
        diff.save(&diff_path).unwrap();
        panic!(
            "{name}: {:.2}% of pixels differ from {} (new picture: {}; differences in red: {}; \
             UPDATE_BASELINES=1 rewrites the baseline)",
            share * 100.0,
            path.display(),
            actual_path.display(),
            diff_path.display()
        );
    }
}
