//! What the commands show on the terminal while they work: a progress bar for builds long
//! enough to need one. The library reports progress through `progress::Progress`; only this
//! module draws.

use std::io::IsTerminal;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::{Duration, Instant};

use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};

use crate::progress::Progress;

/// A build shorter than this shows no bar: it would only flicker.
const SHOW_AFTER: Duration = Duration::from_secs(1);

/// Whether a bar may be drawn: stderr is a terminal and this is not CI (where bars fill
/// logs with redraws).
pub fn bar_wanted() -> bool {
    std::env::var_os("CI").is_none() && std::io::stderr().is_terminal()
}

/// A progress bar on stderr that stays hidden for the first second of a build.
pub struct Bar {
    bar: ProgressBar,
    start: Instant,
    shown: AtomicBool,
}

impl Default for Bar {
    fn default() -> Self {
        Self::new()
    }
}

impl Bar {
    /// A bar counting pages.
    pub fn new() -> Bar {
        Bar::counting("trang")
    }

    /// A bar counting `unit`s (`trang`, `tệp`).
    pub fn counting(unit: &str) -> Bar {
        let bar = ProgressBar::with_draw_target(None, ProgressDrawTarget::hidden());
        bar.set_style(
            ProgressStyle::with_template(&format!(
                "{{msg:>8}} [{{bar:40}}] {{pos}}/{{len}} {unit}"
            ))
            .expect("a valid template")
            .progress_chars("=> "),
        );
        Bar {
            bar,
            start: Instant::now(),
            shown: AtomicBool::new(false),
        }
    }

    fn show_if_slow(&self) {
        if !self.shown.load(Ordering::Relaxed)
            && self.start.elapsed() >= SHOW_AFTER
            && !self.shown.swap(true, Ordering::Relaxed)
        {
            self.bar.set_draw_target(ProgressDrawTarget::stderr());
        }
    }

    /// Removes the bar before the summary line is printed.
    pub fn finish(&self) {
        self.bar.finish_and_clear();
    }
}

impl Progress for Bar {
    fn phase(&self, name: &'static str, total: usize) {
        // The phase in the chosen language; a phase without words is shown as it is named.
        let said = crate::messages::Text::new(match name {
            "load" => "phase-load",
            "render" => "phase-render",
            "copy" => "phase-copy",
            "verify" => "phase-verify",
            _ => "plain",
        })
        .with("message", name)
        .said();
        self.bar.set_message(said);
        self.bar.set_position(0);
        self.bar.set_length(total as u64);
        self.show_if_slow();
    }

    fn step(&self) {
        self.bar.inc(1);
        self.show_if_slow();
    }
}
