//! Progress on a terminal: one status line on stderr, rewritten in place
//! ("rendering 10 000 models…", "so-tay: 3/12 (2021)"), cleared when the
//! work ends. Nothing is printed when stderr is not a terminal, so logs,
//! pipes and tests see only the diagnostics and the summary.

use std::io::{IsTerminal, Write};

/// Shows `message` as the status line, when stderr is a terminal.
pub fn status(message: &str) {
    let stderr = std::io::stderr();
    if !stderr.is_terminal() {
        return;
    }
    let mut w = stderr.lock();
    // Keep to one line of a narrow terminal: a wrapped line cannot be rewritten.
    let shown: String = message.chars().take(70).collect();
    let _ = write!(w, "\r\x1b[2K{shown}");
    let _ = w.flush();
}

/// Clears the status line.
pub fn clear() {
    let stderr = std::io::stderr();
    if stderr.is_terminal() {
        let _ = write!(stderr.lock(), "\r\x1b[2K");
    }
}
