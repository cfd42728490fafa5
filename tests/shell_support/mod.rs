//! The shell tests' runner of the built `tuteur` binary: arguments, a script piped on
//! stdin, and what it printed once it ends; with the few searches of a transcript that
//! several of those tests make.

#![allow(dead_code)]

use std::io::Write;
use std::path::Path;
use std::process::{Command, Output, Stdio};

/// What a test file asks of its runs beyond a clean exit of `tuteur shell`. The two are
/// apart because each file was written with its own: turning either on where it was off
/// would add a check (or change the language) that file never made.
#[derive(Clone, Copy)]
pub struct Run {
    /// `LANG` is taken out of the environment: operator output (`tuteur rituals check`,
    /// the shell refusing to start) follows it, so a test that reads those words must not
    /// depend on the locale of the machine running it.
    pub without_lang: bool,
    /// A shell transcript showing `{$` or `{ $` fails: a text missing one of its
    /// arguments prints its placeholder, which a check on the words around it would pass.
    pub filled: bool,
}

impl Run {
    /// The environment as it is, and no check of the transcript beyond a clean exit.
    pub const PLAIN: Run = Run {
        without_lang: false,
        filled: false,
    };

    /// `tuteur` with `args`, fed `input`; its exit and output, unchecked.
    pub fn tuteur(self, args: &[&str], input: &str) -> Output {
        let mut command = self.command();
        command.args(args);
        fed(command, input)
    }

    /// `tuteur shell` on `store` with `args`, fed `input`; what it printed. It must end
    /// well: a test reading a transcript of a shell that failed would mislead.
    pub fn shell(self, store: &Path, args: &[&str], input: &str) -> String {
        let mut command = self.command();
        command.arg("shell").arg("--store").arg(store).args(args);
        let out = fed(command, input);
        let stdout = String::from_utf8_lossy(&out.stdout).into_owned();
        assert!(
            out.status.success(),
            "tuteur shell failed: {}\n{stdout}",
            String::from_utf8_lossy(&out.stderr)
        );
        if self.filled {
            assert!(
                !stdout.contains("{$") && !stdout.contains("{ $"),
                "a placeholder left unfilled:\n{stdout}"
            );
        }
        stdout
    }

    fn command(self) -> Command {
        let mut command = Command::new(env!("CARGO_BIN_EXE_tuteur"));
        if self.without_lang {
            command.env_remove("LANG");
        }
        command
    }
}

/// [`Run::tuteur`] with [`Run::PLAIN`].
pub fn tuteur(args: &[&str], input: &str) -> Output {
    Run::PLAIN.tuteur(args, input)
}

/// [`Run::shell`] with [`Run::PLAIN`].
pub fn shell(store: &Path, args: &[&str], input: &str) -> String {
    Run::PLAIN.shell(store, args, input)
}

/// Runs `command` with `input` on its stdin, to its end. Stdin is closed once written, so
/// the shell sees the end of its script and exits instead of waiting for more.
pub fn fed(mut command: Command, input: &str) -> Output {
    let mut child = command
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("tuteur starts");
    child
        .stdin
        .take()
        .expect("stdin")
        .write_all(input.as_bytes())
        .expect("script written");
    child.wait_with_output().expect("tuteur ends")
}

/// The first line of `out` containing `needle`; with the whole transcript in the failure,
/// since a missing line is best understood next to the lines that came instead.
pub fn line_with<'a>(out: &'a str, needle: &str) -> &'a str {
    out.lines()
        .find(|l| l.contains(needle))
        .unwrap_or_else(|| panic!("no line with {needle:?} in:\n{out}"))
}

/// How many lines of `out` contain `needle`.
pub fn count(out: &str, needle: &str) -> usize {
    out.lines().filter(|l| l.contains(needle)).count()
}

/// Fails unless `out` contains `words`, showing the transcript for the same reason as
/// [`line_with`].
pub fn has(out: &str, words: &str) {
    assert!(out.contains(words), "expected {words:?} in:\n{out}");
}
