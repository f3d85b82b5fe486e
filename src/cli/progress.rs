//! A row counter on standard error, shown only when it is a terminal and not `--quiet`, and
//! the warnings of a streamed run printed around it.

use std::io::IsTerminal;
use std::time::Instant;

/// Rows done so far, redrawn at most five times a second.
pub struct Progress {
    quiet: bool,
    enabled: bool,
    last: Instant,
    shown: bool,
}

impl Progress {
    pub fn new(quiet: bool) -> Progress {
        Progress {
            quiet,
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

    /// Prints a warning (`warning: …`) on a line of its own, unless quiet: the counter's line
    /// is cleared first and drawn again at the next update.
    pub fn warn(&mut self, w: &str) {
        if self.quiet {
            return;
        }
        if self.shown {
            eprint!("\r\x1b[K");
            self.shown = false;
        }
        eprintln!("newsdesk: {w}");
    }

    /// Clears the counter's line.
    pub fn finish(&self) {
        if self.shown {
            eprint!("\r\x1b[K");
        }
    }
}
