//! One problem found in a ritual file: where it is (`file:line:column`, the form editors and
//! terminals understand) and what is wrong, said in the reader's language with what was
//! expected and an example (`locales/*/rituals.ftl`).

use std::fmt;

use crate::model::{Lang, Msg};

/// How serious a problem is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Severity {
    /// The ritual cannot be used: nothing is loaded or stored.
    Error,
    /// The ritual works, but probably not as meant (a text missing in one language, a
    /// built-in replaced by a folder's file).
    Warning,
}

/// One problem found in a ritual file.
#[derive(Debug, Clone, PartialEq)]
pub struct Diagnostic {
    /// The file as given to the loader (a path, `rituals/<x>.toml` for built-ins, the
    /// attachment's name for a garden's ritual).
    pub file: String,
    /// 1-based line; 0 when the problem concerns the whole file or folder (unreadable...).
    pub line: usize,
    /// 1-based column in characters; 0 together with `line`.
    pub column: usize,
    /// Error or warning.
    pub severity: Severity,
    /// What is wrong, what was expected, an example: a message of `rituals.ftl`.
    pub message: Msg,
}

impl Diagnostic {
    /// An error with no position: an unreadable file or folder.
    pub fn whole(file: impl Into<String>, message: Msg) -> Self {
        Diagnostic {
            file: file.into(),
            line: 0,
            column: 0,
            severity: Severity::Error,
            message,
        }
    }

    /// True for an error (the ritual cannot be used).
    pub fn is_error(&self) -> bool {
        self.severity == Severity::Error
    }

    /// The problem as a message (position, severity, what), for answers in a room, rendered
    /// in the garden's language at the edge.
    pub fn as_msg(&self) -> Msg {
        Msg::new("rituals-at")
            .num("line", self.line as i64)
            .num("column", self.column as i64)
            .label(
                "severity",
                match self.severity {
                    Severity::Error => "rituals-error",
                    Severity::Warning => "rituals-warning",
                },
            )
            .nested("what", self.message.clone())
    }

    /// The problem as one line in `lang`: `file:line:column: erreur : …`.
    pub fn render(&self, lang: Lang) -> String {
        let what = crate::i18n::tr(lang, chrono_tz::UTC, &self.message);
        let label = crate::i18n::tr(
            lang,
            chrono_tz::UTC,
            &Msg::new(match self.severity {
                Severity::Error => "rituals-error",
                Severity::Warning => "rituals-warning",
            }),
        );
        if self.line == 0 {
            format!("{}: {label} {what}", self.file)
        } else {
            format!(
                "{}:{}:{}: {label} {what}",
                self.file, self.line, self.column
            )
        }
    }
}

impl fmt::Display for Diagnostic {
    /// In English: logs are read by operators of any garden.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.render(Lang::En))
    }
}

/// Renders diagnostics one per line in `lang`, errors and warnings in file order.
pub fn render_all(diags: &[Diagnostic], lang: Lang) -> Vec<String> {
    diags.iter().map(|d| d.render(lang)).collect()
}
