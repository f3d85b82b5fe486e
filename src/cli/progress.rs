//! A row counter on standard error, shown only when it is a terminal and not `--quiet`.

use std::io::IsTerminal;
use std::time::Instant;

/// Rows done so far, redrawn at most five times a second.
pub struct Progress {
    enabled: bool,
    last: Instant,
    shown: bool,
}

impl Progress {
    pub fn new(quiet: bool) -> Progress {
        Progress {
            enabled: !quiet && std::io::stderr().is_terminal(),
            last: Instant::now(),
            shown: false,
        }
    }

    pub fn update(&mut self, rows: usize) {
        if self.enabled && self.last.elapsed().as_millis() >= 200 {
            eprint!("\rnewsdesk: {rows} rows");
            self.last = Instant::now();
            self.shown = true;
        }
    }

    /// Clears the counter's line.
    pub fn finish(&self) {
        if self.shown {
            eprint!("\r\x1b[K");
        }
    }
}
