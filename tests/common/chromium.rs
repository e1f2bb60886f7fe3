//! Starting headless Chromium: one way for the browser tests (`browser.rs`) and for
//! `examples/search_latency.rs`, which includes this file by path.

use std::ffi::OsStr;
use std::path::{Path, PathBuf};
use std::time::Duration;

use headless_chrome::{Browser, LaunchOptions};

const INSTALL_HINT: &str =
    "Chromium is needed for the browser tests: run scripts/install-test-deps.sh";

/// The Chromium binary: `$CHROME` if set, else Debian's, else whatever `chromium` is on PATH.
fn chromium() -> PathBuf {
    if let Some(p) = std::env::var_os("CHROME") {
        return PathBuf::from(p);
    }
    let debian = Path::new("/usr/bin/chromium");
    if debian.exists() {
        return debian.to_path_buf();
    }
    headless_chrome::browser::default_executable()
        .unwrap_or_else(|e| panic!("{INSTALL_HINT} ({e})"))
}

/// Starts headless Chromium with a fresh temporary profile, 1280×800, in Vietnamese.
pub fn launch() -> Browser {
    let path = chromium();
    assert!(
        path.exists(),
        "{INSTALL_HINT} ({} not found)",
        path.display()
    );
    // headless_chrome already passes --disable-background-networking, --disable-sync
    // and --no-first-run; these keep the closed network quiet and screenshots stable.
    let args: Vec<&OsStr> = [
        "--disable-component-update",
        "--disable-gpu",
        "--hide-scrollbars",
        "--force-device-scale-factor=1",
        "--font-render-hinting=none",
        "--lang=vi",
    ]
    .iter()
    .map(OsStr::new)
    .collect();
    let options = LaunchOptions {
        headless: true,
        sandbox: false,
        path: Some(path),
        window_size: Some((1280, 800)),
        args,
        idle_browser_timeout: Duration::from_secs(600),
        ..LaunchOptions::default()
    };
    Browser::new(options)
        .unwrap_or_else(|e| panic!("Chromium did not start: {e:#}. {INSTALL_HINT}"))
}
