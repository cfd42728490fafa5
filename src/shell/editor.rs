//! The shell at a terminal: a line editor with history (rustyline), whose prompt names who
//! speaks and where. Enter on a line ending with `\` opens the next line of the same
//! message (the editor's multi-line mode, so the whole message is edited and recalled from
//! history as one); a pasted block is read as piped input is, indented lines continuing
//! the message before them. What the lines mean is [`super::session`]'s, shared with piped
//! input.

use std::io::Write;

use rustyline::completion::Completer;
use rustyline::error::ReadlineError;
use rustyline::highlight::Highlighter;
use rustyline::hint::Hinter;
use rustyline::history::DefaultHistory;
use rustyline::validate::{ValidationContext, ValidationResult, Validator};
use rustyline::{Config, Editor, Helper};

use super::Shell;
use super::session::{Indented, entry_messages};
use crate::model::Msg;

/// The editor's helper: only its validator does something.
struct Continuation;

impl Validator for Continuation {
    fn validate(&self, ctx: &mut ValidationContext<'_>) -> rustyline::Result<ValidationResult> {
        Ok(if ctx.input().trim_end().ends_with('\\') {
            ValidationResult::Incomplete
        } else {
            ValidationResult::Valid(None)
        })
    }
}

impl Completer for Continuation {
    type Candidate = String;
}

impl Hinter for Continuation {
    type Hint = String;
}

impl Highlighter for Continuation {}

impl Helper for Continuation {}

/// Reads entries until Ctrl-D; Ctrl-C drops the entry being typed.
pub(super) fn run(shell: &mut Shell<'_>, members: &[String]) -> anyhow::Result<()> {
    let config = Config::builder().auto_add_history(false).build();
    let mut editor: Editor<Continuation, DefaultHistory> = Editor::with_config(config)?;
    editor.set_helper(Some(Continuation));
    let mut out = std::io::stdout();
    let welcome = Msg::new("shell-welcome")
        .text("members", members.join(", "))
        .text("who", members.first().cloned().unwrap_or_default());
    writeln!(out, "{}", shell.tr(welcome))?;
    loop {
        match editor.readline(&shell.prompt()) {
            Ok(entry) => {
                if !entry.trim().is_empty() {
                    editor.add_history_entry(entry.as_str())?;
                }
                match entry_messages(&entry) {
                    Ok(messages) if messages.is_empty() => shell.line("", &mut out)?,
                    Ok(messages) => {
                        for message in messages {
                            shell.line(&message, &mut out)?;
                        }
                    }
                    Err(Indented) => {
                        writeln!(out, "! {}", shell.tr(Msg::new("shell-continue-hint")))?;
                    }
                }
                out.flush()?;
            }
            Err(ReadlineError::Interrupted) => {}
            Err(ReadlineError::Eof) => break,
            Err(e) => return Err(e.into()),
        }
    }
    Ok(())
}
