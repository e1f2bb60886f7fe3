//! How far a build has come, told to whoever draws it: `site` and `render` report through
//! [`Progress`] and stay free of terminal code (`terminal` draws the bar).

use std::fmt;

/// Told how far a build has come, so a command can draw a progress bar while `site` and
/// `render` stay free of terminal code. Called from several threads at once.
pub trait Progress: Send + Sync {
    /// A phase starts; `total` steps follow (0: not counted).
    fn phase(&self, name: &'static str, total: usize);
    /// One step of the current phase is done.
    fn step(&self);
}

/// The observer of a build nobody watches.
pub struct NoProgress;

impl Progress for NoProgress {
    fn phase(&self, _: &'static str, _: usize) {}
    fn step(&self) {}
}

impl fmt::Debug for dyn Progress {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Progress")
    }
}
