//! `tuteur shell` at a terminal, through a pseudo-terminal: the line editor's prompt names
//! who speaks, `/je bob` hands the word to bob, bob's words get the bot's answer, a line
//! ending with `\` continues the same message, and lines typed ahead are not lost.

use std::process::Command;

use rexpect::session::{PtySession, spawn_command};

/// Waits for `needle` on the terminal, with the screen so far in the failure. rexpect reads
/// the terminal byte by byte, each byte a char: the needle is spelled the same way.
fn expect(term: &mut PtySession, needle: &str) {
    let bytes: String = needle.bytes().map(char::from).collect();
    if let Err(e) = term.exp_string(&bytes) {
        panic!("{needle:?} never appeared on the terminal: {e}");
    }
}

#[test]
fn at_a_terminal_bob_speaks_after_je_bob_and_is_answered() {
    let dir = tempfile::tempdir().expect("tempdir");
    let mut command = Command::new(env!("CARGO_BIN_EXE_tuteur"));
    command
        .arg("shell")
        .arg("--store")
        .arg(dir.path())
        .args(["--members", "alice,bob,carol"])
        .env("TERM", "xterm");
    let mut term = spawn_command(command, Some(30_000)).expect("tuteur starts on a pty");
    expect(&mut term, "Tu écris en tant que alice");
    // Each line is typed once the prompt is drawn, as a person would.
    expect(&mut term, "alice> ");
    term.send_line("/je bob").expect("typed");
    expect(&mut term, "-- C'est bob qui parle.");
    expect(&mut term, "bob> ");
    term.send_line("!météo").expect("typed");
    expect(&mut term, "#1 bob> !météo");
    expect(&mut term, "Météo M1");
    expect(&mut term, "bob> ");
    term.send_line("/fil M1").expect("typed");
    expect(&mut term, "bob [M1]> ");
    term.send_line("☀️ en forme \\").expect("typed");
    term.send_line("après une longue semaine").expect("typed");
    expect(
        &mut term,
        "bob [M1]> ☀️ en forme\r\n    après une longue semaine",
    );
    expect(&mut term, "bob [M1]> ");
    // Typed ahead while the shell still answers the line before: kept for the next prompt.
    term.send_line("/je carol").expect("typed");
    term.send_line("contente").expect("typed");
    expect(&mut term, "-- C'est carol qui parle.");
    if let Err(e) = term.exp_regex(r"#\d+ carol \[M1\]> contente") {
        panic!("carol's line typed ahead was lost: {e}");
    }
    expect(&mut term, "carol [M1]> ");
    term.send_control('d').expect("Ctrl-D");
    term.exp_eof().expect("the shell ends at Ctrl-D");
}
