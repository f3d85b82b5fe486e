//! What a long `train`, `eval` or `cv` run is doing, on standard error: a spinner with the
//! phase and the units read, or a bar while units are scored. Drawn only on a terminal and
//! without `--quiet` (indicatif hides itself when standard error is not a terminal).

use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};
use std::io::IsTerminal;
use std::time::Duration;

/// One line of progress, replaced phase by phase and cleared at the end.
pub struct Status(ProgressBar);

impl Status {
    /// A status line on standard error, hidden with `quiet` or when it is not a terminal.
    pub fn new(quiet: bool) -> Status {
        let target = if quiet || !std::io::stderr().is_terminal() {
            ProgressDrawTarget::hidden()
        } else {
            ProgressDrawTarget::stderr()
        };
        let bar = ProgressBar::with_draw_target(None, target);
        bar.set_style(spinner());
        Status(bar)
    }

    /// A phase of unknown length: a spinner, the message and the time so far.
    /// The message comes first, so no frame shows the spinner without a phase.
    pub fn phase(&self, message: String) {
        self.0.set_message(message);
        self.0.set_style(spinner());
        self.0.unset_length();
        self.0.enable_steady_tick(Duration::from_millis(120));
    }

    /// A phase of `len` steps: a bar, `done/len` and the time left. The message changes
    /// before the style, so no frame shows the new bar with the old phase.
    pub fn steps(&self, message: String, len: usize) {
        self.0.disable_steady_tick();
        self.0.set_message(message);
        self.0.set_position(0);
        self.0.set_length(len as u64);
        self.0.set_style(
            ProgressStyle::with_template("newsdesk: {msg} [{bar:30}] {pos}/{len} ({eta} left)")
                .unwrap_or_else(|_| ProgressStyle::default_bar())
                .progress_chars("=> "),
        );
    }

    /// One step done.
    pub fn step(&self) {
        self.0.inc(1);
    }

    /// Prints a line (a warning) above the status line.
    pub fn println(&self, line: &str) {
        if self.0.is_hidden() {
            eprintln!("{line}");
        } else {
            self.0.println(line);
        }
    }

    /// Clears the status line.
    pub fn finish(&self) {
        self.0.finish_and_clear();
    }
}

fn spinner() -> ProgressStyle {
    ProgressStyle::with_template("newsdesk: {spinner} {msg} ({elapsed})")
        .unwrap_or_else(|_| ProgressStyle::default_spinner())
}

impl Drop for Status {
    fn drop(&mut self) {
        self.0.finish_and_clear();
    }
}
