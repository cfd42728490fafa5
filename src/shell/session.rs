//! What a shell session remembers between lines, pure so it is tested without a terminal:
//! who speaks and where the lines written without `name>` go (`/je bob`, `/fil D1`,
//! `/salon`, `/dm`), and how physical lines make messages (an indented line continues the
//! one before; in the editor, so does the line after one ending with `\`).
//!
//! Piped input and the terminal share this grammar. The one difference is where a session
//! starts: at a terminal a line without `name>` is said by the first member at once; in
//! piped input it is refused as it always was, until the script names a speaker or a
//! place (`/je`, `/fil`, `/salon`, `/dm`), so every existing script reads the same.

use super::line::{BadLine, Line, Where, parse_line, said};

/// Who speaks, and where, for the lines written without `name>`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Session {
    speaker: Option<String>,
    place: Where,
    /// Whether a line without `name>` is said by the speaker (else it is refused).
    bare: bool,
}

impl Session {
    /// A session whose speaker is `first` (the first member); `interactive` at a terminal.
    pub fn new(first: Option<&str>, interactive: bool) -> Self {
        Session {
            speaker: first.map(str::to_owned),
            place: Where::Main,
            bare: interactive,
        }
    }

    /// Who says the lines written without `name>`.
    pub fn speaker(&self) -> Option<&str> {
        self.speaker.as_deref()
    }

    /// Where the lines written without `name>` go.
    pub fn place(&self) -> Where {
        self.place
    }

    /// Reads one message (a line and its continuation lines) in this session, and moves to
    /// the speaker or place it names. `is_member` says whether a name is a member's: `/je`
    /// with another name changes nothing (the shell says who the members are).
    ///
    /// A line with `name>` is read exactly as in a script, whatever the session's place.
    pub fn read(&mut self, message: &str, is_member: &dyn Fn(&str) -> bool) -> Line {
        match parse_line(message) {
            Line::Bad(BadLine::NoSpeaker) if self.bare => match &self.speaker {
                Some(who) => said(who, self.place, message),
                None => Line::Bad(BadLine::NoSpeaker),
            },
            Line::Speaker(who) => {
                if is_member(&who) {
                    self.speaker = Some(who.clone());
                    self.bare = true;
                }
                Line::Speaker(who)
            }
            Line::Go { place, text: None } => {
                self.place = place;
                self.bare = true;
                Line::Go { place, text: None }
            }
            Line::Go {
                place,
                text: Some(text),
            } => {
                self.bare = true;
                match &self.speaker {
                    Some(who) => said(who, place, &text),
                    None => Line::Bad(BadLine::NoSpeaker),
                }
            }
            line => line,
        }
    }
}

/// Gathers physical lines into messages: an indented line continues the message before it
/// (a multi-line `!retour` or proposal), so a message is complete once the next line shows
/// it. With `backslash` (the editor), a line ending with `\` also continues on the next one,
/// indented or not, and the `\` is dropped.
#[derive(Debug, Default)]
pub struct Joiner {
    pending: Option<String>,
    open: bool,
    backslash: bool,
}

impl Joiner {
    /// A joiner for piped input (`backslash` false) or for the editor's entries (true).
    pub fn new(backslash: bool) -> Self {
        Joiner {
            backslash,
            ..Joiner::default()
        }
    }

    /// Takes one line; gives the message before it when this line starts another.
    pub fn push(&mut self, line: &str) -> Option<String> {
        let continues = self.open || line.starts_with([' ', '\t']);
        let (line, open) = match line.trim_end().strip_suffix('\\') {
            Some(kept) if self.backslash => (kept.trim_end(), true),
            _ => (line, false),
        };
        self.open = open;
        if continues && let Some(p) = self.pending.as_mut() {
            p.push('\n');
            p.push_str(line.trim_start());
            return None;
        }
        self.pending.replace(line.to_owned())
    }

    /// The last message, at the end of the input (or of an editor's entry).
    pub fn finish(&mut self) -> Option<String> {
        self.open = false;
        self.pending.take()
    }
}

/// An editor's entry starting with an indented line: the message it would continue is
/// already sent, so it is not sent on its own.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Indented;

/// The messages of one entry typed (or pasted) in the editor: its lines gathered as piped
/// input's are, plus the `\` continuation.
pub fn entry_messages(entry: &str) -> Result<Vec<String>, Indented> {
    if entry.starts_with([' ', '\t']) && !entry.trim().is_empty() {
        return Err(Indented);
    }
    let mut joiner = Joiner::new(true);
    let mut messages: Vec<String> = entry.lines().filter_map(|l| joiner.push(l)).collect();
    messages.extend(joiner.finish());
    Ok(messages)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{RunId, RunKind};

    fn members(name: &str) -> bool {
        ["alice", "bob", "carol"].contains(&name)
    }

    fn say(who: &str, place: Where, text: &str) -> Line {
        Line::Say {
            who: who.into(),
            place,
            text: text.into(),
        }
    }

    fn d1() -> Where {
        Where::Thread(RunId::new(RunKind::Decision, 1))
    }

    #[test]
    fn at_a_terminal_a_bare_line_is_said_by_the_first_member_in_the_room() {
        let mut s = Session::new(Some("alice"), true);
        assert_eq!(
            s.read("!météo", &members),
            say("alice", Where::Main, "!météo")
        );
        assert_eq!(
            s.read("+✅", &members),
            Line::React {
                who: "alice".into(),
                place: Where::Main,
                key: "✅".into(),
                target: None
            }
        );
        // A `>` inside a text does not make it a `name>` line.
        assert_eq!(
            s.read("a -> b, je pense", &members),
            say("alice", Where::Main, "a -> b, je pense")
        );
    }

    #[test]
    fn je_changes_the_speaker_only_to_a_member() {
        let mut s = Session::new(Some("alice"), true);
        assert_eq!(s.read("/je bob", &members), Line::Speaker("bob".into()));
        assert_eq!(s.speaker(), Some("bob"));
        assert_eq!(s.read("salut", &members), say("bob", Where::Main, "salut"));
        assert_eq!(
            s.read("/me @carol", &members),
            Line::Speaker("carol".into())
        );
        assert_eq!(s.speaker(), Some("carol"));
        assert_eq!(s.read("/je zoé", &members), Line::Speaker("zoé".into()));
        assert_eq!(s.speaker(), Some("carol"), "zoé is not a member");
        assert_eq!(s.read("/je", &members), Line::Bad(BadLine::NoName));
        assert_eq!(
            s.read("/je bob carol", &members),
            Line::Bad(BadLine::NoName)
        );
    }

    #[test]
    fn fil_enters_a_thread_and_salon_leaves_it() {
        let mut s = Session::new(Some("alice"), true);
        assert_eq!(
            s.read("/fil D1", &members),
            Line::Go {
                place: d1(),
                text: None
            }
        );
        assert_eq!(s.place(), d1());
        assert_eq!(s.read("ça me va", &members), say("alice", d1(), "ça me va"));
        // A `name>` line is read as in a script: no tag is the room.
        assert_eq!(s.read("bob> ok", &members), say("bob", Where::Main, "ok"));
        assert_eq!(s.read("bob [D1]> ok", &members), say("bob", d1(), "ok"));
        assert_eq!(s.read("/fil X9", &members), Line::Bad(BadLine::BadThread));
        assert_eq!(s.read("/thread", &members), Line::Bad(BadLine::BadThread));
        assert_eq!(s.place(), d1());
        assert_eq!(
            s.read("/salon", &members),
            Line::Go {
                place: Where::Main,
                text: None
            }
        );
        assert_eq!(s.read("re", &members), say("alice", Where::Main, "re"));
        s.read("/thread D1", &members);
        s.read("/room", &members);
        assert_eq!(s.place(), Where::Main);
    }

    #[test]
    fn dm_writes_to_the_bot_for_one_message_or_from_now_on() {
        let mut s = Session::new(Some("bob"), true);
        assert_eq!(
            s.read("/dm !nomine @carol", &members),
            say("bob", Where::Direct, "!nomine @carol")
        );
        assert_eq!(
            s.place(),
            Where::Main,
            "a message after /dm leaves the place"
        );
        assert_eq!(
            s.read("/fil D1 pareil", &members),
            say("bob", d1(), "pareil")
        );
        s.read("/dm", &members);
        assert_eq!(s.place(), Where::Direct);
        assert_eq!(
            s.read("!nomine carol", &members),
            say("bob", Where::Direct, "!nomine carol")
        );
    }

    #[test]
    fn piped_input_refuses_bare_lines_until_a_speaker_or_place_is_named() {
        let mut s = Session::new(Some("alice"), false);
        assert_eq!(s.read("bonjour", &members), Line::Bad(BadLine::NoSpeaker));
        assert_eq!(
            s.read("alice> bonjour", &members),
            say("alice", Where::Main, "bonjour")
        );
        // An unknown name changes nothing, not even the grammar.
        s.read("/je zoé", &members);
        assert_eq!(s.read("bonjour", &members), Line::Bad(BadLine::NoSpeaker));
        s.read("/je bob", &members);
        assert_eq!(
            s.read("bonjour", &members),
            say("bob", Where::Main, "bonjour")
        );

        let mut s = Session::new(Some("alice"), false);
        s.read("/fil D1", &members);
        assert_eq!(s.read("ok", &members), say("alice", d1(), "ok"));

        let mut nobody = Session::new(None, true);
        assert_eq!(
            nobody.read("hello", &members),
            Line::Bad(BadLine::NoSpeaker)
        );
    }

    #[test]
    fn shell_commands_unknown_help_and_ritual_files() {
        let mut s = Session::new(Some("alice"), true);
        assert_eq!(s.read("/danse", &members), Line::Bad(BadLine::UnknownSlash));
        assert_eq!(s.read("/aide", &members), Line::Help);
        assert_eq!(s.read("/HELP", &members), Line::Help);
        assert_eq!(
            s.read("/rituel ajouter rituels/inclusion.toml", &members),
            Line::AddRitual("rituels/inclusion.toml".into())
        );
        assert_eq!(
            s.read("/ritual add \"my rituals/a b.toml\"", &members),
            Line::AddRitual("my rituals/a b.toml".into())
        );
        assert_eq!(
            s.read("/rituel ajouter", &members),
            Line::Bad(BadLine::BadRitual)
        );
        assert_eq!(
            s.read("/rituel liste", &members),
            Line::Bad(BadLine::BadRitual)
        );
        // The piped commands are unchanged.
        assert!(matches!(s.read("/avance 2h", &members), Line::Advance(_)));
        assert_eq!(s.read("/départ bob", &members), Line::Leave("bob".into()));
        assert_eq!(s.read("# note", &members), Line::Skip);
    }

    #[test]
    fn piped_lines_join_on_indentation_only() {
        let mut j = Joiner::new(false);
        assert_eq!(j.push("alice> !retour Titre"), None);
        assert_eq!(j.push("  première ligne"), None);
        assert_eq!(j.push("\tdeuxième \\"), None);
        assert_eq!(
            j.push("bob> suite"),
            Some("alice> !retour Titre\npremière ligne\ndeuxième \\".into())
        );
        assert_eq!(j.push("carol> fin \\"), Some("bob> suite".into()));
        assert_eq!(j.push("dominique> autre"), Some("carol> fin \\".into()));
        assert_eq!(j.finish(), Some("dominique> autre".into()));
        assert_eq!(j.finish(), None);
    }

    #[test]
    fn editor_entries_continue_after_a_backslash_or_an_indented_line() {
        assert_eq!(
            entry_messages("!retour Titre \\\nce qui a marché\\\n  et ce que je garde"),
            Ok(vec![
                "!retour Titre\nce qui a marché\net ce que je garde".to_owned()
            ])
        );
        // A pasted script: each unindented line is a message.
        assert_eq!(
            entry_messages("alice> !proposition Mardi\n  à 19h\nbob> ok"),
            Ok(vec![
                "alice> !proposition Mardi\nà 19h".to_owned(),
                "bob> ok".to_owned()
            ])
        );
        assert_eq!(entry_messages("   suite du message"), Err(Indented));
        assert_eq!(entry_messages(""), Ok(vec![]));
        assert_eq!(entry_messages("   "), Ok(vec!["   ".to_owned()]));
    }
}
