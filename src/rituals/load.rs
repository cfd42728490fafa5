//! Loading and checking ritual files: TOML in, a validated [`RitualDef`] or a list of
//! [`Diagnostic`]s pointing at file, line and column out.
//!
//! Ritual files are behaviour written by gardeners, not programmers, and a broken ritual shows
//! up in a room in front of everyone. So a file is checked whole before anything runs it:
//! unknown keys, step references, options the step kind would silently ignore, deadlines,
//! the closing `record`, what its family needs, and every message id in every locale. Every
//! problem is reported at once, at its line, so one `tuteur rituals check` run is enough to
//! fix a file. The same checks back start-up, `rituals check` and the tests of the built-ins.

use std::collections::HashMap;
use std::fmt;
use std::ops::Range;
use std::path::{Path, PathBuf};

use toml::Spanned;
use toml::de::{DeTable, DeValue};

use super::definition::{Family, RitualDef, StepDef, StepKind, Who};
use crate::model::Lang;
use crate::text::fold;

/// Every locale a ritual's message ids must exist in: a gap would show the raw id in a room.
const LOCALES: [Lang; 2] = [Lang::Fr, Lang::En];

/// The built-in rituals, embedded so the binary needs no source tree, in load order (which
/// makes them the ones [`Rituals::by_family`] returns). Names are the paths in the repository
/// so that diagnostics point at the file to edit.
const BUILTINS: [(&str, &str); 4] = [
    (
        "rituals/meteo.toml",
        include_str!("../../rituals/meteo.toml"),
    ),
    (
        "rituals/consent.toml",
        include_str!("../../rituals/consent.toml"),
    ),
    (
        "rituals/election.toml",
        include_str!("../../rituals/election.toml"),
    ),
    (
        "rituals/closing-round.toml",
        include_str!("../../rituals/closing-round.toml"),
    ),
];

/// One problem found in a ritual file, in the `file:line:column: message` form editors and
/// terminals understand, so a gardener can jump straight to it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Diagnostic {
    /// The file as given to the loader (a path, or `rituals/<x>.toml` for built-ins).
    pub file: String,
    /// 1-based line; 0 when the problem concerns the whole file or folder (unreadable...).
    pub line: usize,
    /// 1-based column in characters; 0 together with `line`.
    pub column: usize,
    /// What is wrong and, where it helps, how to fix it.
    pub message: String,
}

impl Diagnostic {
    /// A problem with no position: an unreadable file or folder.
    fn whole(file: impl Into<String>, message: impl Into<String>) -> Self {
        Diagnostic {
            file: file.into(),
            line: 0,
            column: 0,
            message: message.into(),
        }
    }
}

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.line == 0 {
            write!(f, "{}: {}", self.file, self.message)
        } else {
            write!(
                f,
                "{}:{}:{}: {}",
                self.file, self.line, self.column, self.message
            )
        }
    }
}

impl std::error::Error for Diagnostic {}

pub use super::definition::parse_duration;

/// Parses and validates one ritual file; `name` is only used to label diagnostics.
///
/// Either the ritual, ready to run, or every problem found (all of them, not the first).
/// It does not know about other rituals: name collisions are [`Rituals`]' business.
pub fn parse_file(name: &str, source: &str) -> Result<RitualDef, Vec<Diagnostic>> {
    let def = parse_structure(name, source)?;
    let diags = check_messages(&Source::new(name, source), &def);
    if diags.is_empty() {
        Ok(def)
    } else {
        Err(diags)
    }
}

/// Checks ritual files for `tuteur rituals check [DIR]`: the built-ins always, then each path
/// (a folder: every `*.toml` in it; a file: that file), in the order given.
///
/// Files are loaded on top of the built-ins exactly as the bot would load them, so a custom
/// ritual that reuses a built-in name is reported too. Empty when all is well.
pub fn check_paths(paths: &[PathBuf]) -> Vec<Diagnostic> {
    let (mut rituals, mut diags, messages) = Rituals::load_builtins();
    diags.extend(messages);
    for path in paths {
        let result = if path.is_dir() {
            rituals.load_dir(path)
        } else {
            rituals.load_file(path)
        };
        if let Err(found) = result {
            diags.extend(found);
        }
    }
    diags
}

/// The loaded rituals: the built-ins, then any a garden added from a folder.
///
/// Names and aliases are unique after folding (case and accents), so `!rituel` always means
/// exactly one ritual.
#[derive(Debug, Clone, Default)]
pub struct Rituals {
    /// In load order: built-ins first.
    defs: Vec<RitualDef>,
}

impl Rituals {
    /// The four built-in rituals.
    ///
    /// # Panics
    /// When a built-in file does not parse or validate: that is a bug in this repository,
    /// caught by the tests, not something a garden can cause. A message id missing from a
    /// locale only logs an error (rendering falls back to French, then to the id), so an
    /// unfinished translation never stops the bot; the tests catch those too.
    pub fn builtin() -> Rituals {
        let (rituals, fatal, messages) = Rituals::load_builtins();
        if !fatal.is_empty() {
            let list: Vec<String> = fatal.iter().map(ToString::to_string).collect();
            panic!("built-in rituals are invalid:\n{}", list.join("\n"));
        }
        for d in &messages {
            tracing::error!(diagnostic = %d, "built-in ritual names a missing message");
        }
        rituals
    }

    /// Loads the built-ins, keeping the def of every file that is structurally sound. Returns
    /// (rituals, structural problems, missing message ids) so callers choose what is fatal.
    fn load_builtins() -> (Rituals, Vec<Diagnostic>, Vec<Diagnostic>) {
        let mut rituals = Rituals::default();
        let mut fatal = Vec::new();
        let mut messages = Vec::new();
        for (file, source) in BUILTINS {
            let checked = rituals.prepare(file, source);
            fatal.extend(checked.fatal);
            messages.extend(checked.messages);
            if let Some(def) = checked.def {
                rituals.defs.push(def);
            }
        }
        (rituals, fatal, messages)
    }

    /// Adds every `*.toml` file of `dir` (not sub-folders), in file-name order so the result
    /// does not depend on the file system.
    ///
    /// All or nothing: when any file has a problem (including a name or alias already used by
    /// a loaded ritual or by another file of the folder) nothing is added, and every problem
    /// of every file is returned. A garden never runs half of its folder.
    pub fn load_dir(&mut self, dir: &Path) -> Result<(), Vec<Diagnostic>> {
        let files = toml_files(dir).map_err(|d| vec![d])?;
        let mut staged = self.clone();
        let mut diags = Vec::new();
        for path in &files {
            if let Err(found) = staged.load_file(path) {
                diags.extend(found);
            }
        }
        if !diags.is_empty() {
            return Err(diags);
        }
        tracing::info!(dir = %dir.display(), count = files.len(), "loaded ritual folder");
        *self = staged;
        Ok(())
    }

    /// Adds one ritual file, labelled with its path in diagnostics.
    pub fn load_file(&mut self, path: &Path) -> Result<(), Vec<Diagnostic>> {
        let file = path.display().to_string();
        let source = std::fs::read_to_string(path).map_err(|e| {
            vec![Diagnostic::whole(
                &file,
                format!("cannot read the file: {e}"),
            )]
        })?;
        self.load_str(&file, &source)
    }

    /// Adds one ritual from its text, labelled `file` in diagnostics (for callers that hold
    /// the text already, and for tests). Nothing is added when there is any problem.
    pub fn load_str(&mut self, file: &str, source: &str) -> Result<(), Vec<Diagnostic>> {
        let checked = self.prepare(file, source);
        let mut diags = checked.fatal;
        diags.extend(checked.messages);
        match checked.def {
            Some(def) if diags.is_empty() => {
                self.defs.push(def);
                Ok(())
            }
            _ => {
                sort(&mut diags);
                Err(diags)
            }
        }
    }

    /// Parses and validates `source`, and checks its names against the loaded rituals.
    fn prepare(&self, file: &str, source: &str) -> Checked {
        let def = match parse_structure(file, source) {
            Ok(def) => def,
            Err(fatal) => {
                return Checked {
                    def: None,
                    fatal,
                    messages: Vec::new(),
                };
            }
        };
        let src = Source::new(file, source);
        let fatal = self.collisions(&src, &def);
        let messages = check_messages(&src, &def);
        let def = fatal.is_empty().then_some(def);
        Checked {
            def,
            fatal,
            messages,
        }
    }

    /// A diagnostic for each name or alias of `def` that folds to one a loaded ritual uses.
    fn collisions(&self, src: &Source<'_>, def: &RitualDef) -> Vec<Diagnostic> {
        let candidates = std::iter::once((def.name.get_ref().as_str(), def.name.span())).chain(
            def.aliases
                .iter()
                .enumerate()
                .map(|(i, a)| (a.as_str(), src.alias_span(i).unwrap_or(def.name.span()))),
        );
        let mut diags = Vec::new();
        for (word, span) in candidates {
            if let Some(other) = self.find(word) {
                diags.push(src.at(
                    span,
                    format!(
                        "`{word}` is already the name or an alias of the ritual `{}`: \
                         `!rituel {word}` must mean one ritual",
                        other.name.get_ref()
                    ),
                ));
            }
        }
        diags
    }

    /// The ritual called `name` or one of its aliases, ignoring case and accents, so that
    /// `!rituel CLÔTURE` and `!rituel cloture` both work.
    pub fn find(&self, name: &str) -> Option<&RitualDef> {
        // Runs name their ritual exactly: skip the folding, a few µs per event.
        if let Some(def) = self.defs.iter().find(|def| def.name.get_ref() == name) {
            return Some(def);
        }
        let wanted = fold(name);
        self.defs.iter().find(|def| {
            fold(def.name.get_ref()) == wanted || def.aliases.iter().any(|a| fold(a) == wanted)
        })
    }

    /// The ritual the family's own command starts (`!météo`, `!décision`, `!élection`): the
    /// first loaded of that family, i.e. the built-in, whatever a garden's folder adds.
    pub fn by_family(&self, family: Family) -> Option<&RitualDef> {
        self.defs.iter().find(|def| *def.family.get_ref() == family)
    }

    /// Every loaded ritual, built-ins first.
    pub fn all(&self) -> impl Iterator<Item = &RitualDef> {
        self.defs.iter()
    }

    /// The names of every loaded ritual, in load order: what `!rituel` suggests when it does
    /// not know a name.
    pub fn names(&self) -> Vec<String> {
        self.defs
            .iter()
            .map(|def| def.name.get_ref().clone())
            .collect()
    }
}

/// What checking one file against a set of rituals found.
struct Checked {
    /// The ritual, when it has no structural problem and no name collision.
    def: Option<RitualDef>,
    /// Problems that make the file unusable.
    fatal: Vec<Diagnostic>,
    /// Message ids missing from a locale.
    messages: Vec<Diagnostic>,
}

/// The `*.toml` files directly in `dir`, sorted by file name.
fn toml_files(dir: &Path) -> Result<Vec<PathBuf>, Diagnostic> {
    let label = || dir.display().to_string();
    let entries = std::fs::read_dir(dir)
        .map_err(|e| Diagnostic::whole(label(), format!("cannot read the folder: {e}")))?;
    let mut files = Vec::new();
    for entry in entries {
        let entry = entry
            .map_err(|e| Diagnostic::whole(label(), format!("cannot read the folder: {e}")))?;
        let path = entry.path();
        if path.extension().is_some_and(|ext| ext == "toml") && path.is_file() {
            files.push(path);
        }
    }
    files.sort_by(|a, b| a.file_name().cmp(&b.file_name()));
    Ok(files)
}

/// Orders diagnostics of one file by position, so they read top to bottom.
fn sort(diags: &mut [Diagnostic]) {
    diags.sort_by(|a, b| (&a.file, a.line, a.column).cmp(&(&b.file, b.line, b.column)));
}

/// Deserializes and validates everything but message ids (which depend on the locales, not on
/// the file).
fn parse_structure(file: &str, source: &str) -> Result<RitualDef, Vec<Diagnostic>> {
    let src = Source::new(file, source);
    let def: RitualDef = match toml::from_str(source) {
        Ok(def) => def,
        Err(e) => {
            let span = e.span().unwrap_or(0..0);
            return Err(vec![src.at(span, e.message().trim().to_owned())]);
        }
    };
    let mut check = Checker {
        src: &src,
        diags: Vec::new(),
    };
    check.ritual(&def);
    let mut diags = check.diags;
    if diags.is_empty() {
        Ok(def)
    } else {
        sort(&mut diags);
        Err(diags)
    }
}

/// A diagnostic for each message id (title, step messages, reminders) missing from a locale.
fn check_messages(src: &Source<'_>, def: &RitualDef) -> Vec<Diagnostic> {
    let ids = std::iter::once(&def.title).chain(def.steps.iter().flat_map(|s| {
        std::iter::once(&s.message)
            .chain(&s.reminder)
            .chain(&s.label)
    }));
    let mut diags = Vec::new();
    for id in ids {
        if id.get_ref().is_empty() {
            diags.push(src.at(id.span(), "empty message id"));
            continue;
        }
        let missing: Vec<&str> = LOCALES
            .iter()
            .filter(|lang| !crate::i18n::has_message(**lang, id.get_ref()))
            .map(|lang| lang.tag())
            .collect();
        if !missing.is_empty() {
            diags.push(src.at(
                id.span(),
                format!(
                    "message id `{}` is missing from the locale(s): {}",
                    id.get_ref(),
                    missing.join(", ")
                ),
            ));
        }
    }
    diags
}

/// A file's name and text, and its raw TOML tree to locate keys that serde does not span
/// (booleans, aliases, an empty `steps`).
struct Source<'a> {
    file: &'a str,
    text: &'a str,
    doc: Option<Spanned<DeTable<'a>>>,
}

impl<'a> Source<'a> {
    fn new(file: &'a str, text: &'a str) -> Self {
        Source {
            file,
            text,
            doc: DeTable::parse(text).ok(),
        }
    }

    /// A diagnostic at the start of `span`.
    fn at(&self, span: Range<usize>, message: impl Into<String>) -> Diagnostic {
        let (line, column) = line_column(self.text, span.start);
        Diagnostic {
            file: self.file.to_owned(),
            line,
            column,
            message: message.into(),
        }
    }

    /// The span of a top-level key.
    fn key_span(&self, key: &str) -> Option<Range<usize>> {
        let (k, _) = self.doc.as_ref()?.get_ref().get_key_value(key)?;
        Some(k.span())
    }

    /// The span of the `index`th alias.
    fn alias_span(&self, index: usize) -> Option<Range<usize>> {
        let aliases = self.doc.as_ref()?.get_ref().get("aliases")?;
        Some(aliases.get_ref().get(index)?.span())
    }

    /// The span of `key` in the `index`th step.
    fn step_key_span(&self, index: usize, key: &str) -> Option<Range<usize>> {
        let steps = self.doc.as_ref()?.get_ref().get("steps")?;
        let DeValue::Table(step) = steps.get_ref().get(index)?.get_ref() else {
            return None;
        };
        let (k, _) = step.get_key_value(key)?;
        Some(k.span())
    }
}

/// 1-based line and column (in characters) of a byte offset, clamped into the text.
fn line_column(text: &str, offset: usize) -> (usize, usize) {
    let mut offset = offset.min(text.len());
    while !text.is_char_boundary(offset) {
        offset -= 1;
    }
    let before = text.get(..offset).unwrap_or_default();
    let line_start = before.rfind('\n').map_or(0, |i| i + 1);
    let line = before.matches('\n').count() + 1;
    let column = before.get(line_start..).unwrap_or_default().chars().count() + 1;
    (line, column)
}

/// The lowercase name of a step kind, as written in files.
fn kind_name(kind: StepKind) -> &'static str {
    kind.name()
}

/// Validation of one parsed ritual, collecting every problem.
struct Checker<'s, 'a> {
    src: &'s Source<'a>,
    diags: Vec<Diagnostic>,
}

impl Checker<'_, '_> {
    fn report(&mut self, span: Range<usize>, message: impl Into<String>) {
        let d = self.src.at(span, message);
        self.diags.push(d);
    }

    fn ritual(&mut self, def: &RitualDef) {
        self.name(def);
        if def.steps.is_empty() {
            let span = self.src.key_span("steps").unwrap_or(def.name.span());
            self.report(span, "the ritual has no steps");
            return;
        }
        let ids = self.step_ids(def);
        for (index, step) in def.steps.iter().enumerate() {
            self.step(index, step, &ids);
        }
        self.record(def);
        self.loops(def);
        self.family(def);
    }

    /// Steps chained into a loop that never waits for anyone: a run would spin.
    fn loops(&mut self, def: &RitualDef) {
        for cycle in super::loops::find(def) {
            let names: Vec<String> = cycle
                .iter()
                .chain(cycle.first())
                .map(|&i| format!("`{}`", def.steps[i].id()))
                .collect();
            let Some(last) = cycle.last().map(|&i| &def.steps[i]) else {
                continue;
            };
            let span = last.next.as_ref().map_or(last.kind.span(), |n| n.span());
            self.report(
                span,
                format!(
                    "steps {} form a loop without any step that waits for people (round, \
                     open, answer, consent, nominate or propose): a run would post their \
                     messages over and over",
                    names.join(" → ")
                ),
            );
        }
    }

    fn name(&mut self, def: &RitualDef) {
        let name = def.name.get_ref();
        if name.is_empty() {
            self.report(def.name.span(), "the ritual's `name` is empty");
        } else if !name
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-')
        {
            self.report(
                def.name.span(),
                format!(
                    "ritual name `{name}` may only use lowercase ASCII letters, digits and `-` \
                     (other spellings go in `aliases`)"
                ),
            );
        }
        for (i, alias) in def.aliases.iter().enumerate() {
            if alias.trim().is_empty() {
                let span = self.src.alias_span(i).unwrap_or(def.name.span());
                self.report(span, "empty alias");
            }
        }
    }

    /// Step ids mapped to their index; duplicates and empty ids reported.
    fn step_ids<'d>(&mut self, def: &'d RitualDef) -> HashMap<&'d str, usize> {
        let mut ids: HashMap<&str, usize> = HashMap::new();
        for (index, step) in def.steps.iter().enumerate() {
            let id = step.id.get_ref().as_str();
            if id.is_empty() {
                self.report(step.id.span(), "empty step id");
            } else if let Some(&first) = ids.get(id) {
                let (line, _) = line_column(self.src.text, def.steps[first].id.span().start);
                self.report(
                    step.id.span(),
                    format!("step id `{id}` is already used by the step on line {line}"),
                );
            } else {
                ids.insert(id, index);
            }
        }
        ids
    }

    fn step(&mut self, index: usize, step: &StepDef, ids: &HashMap<&str, usize>) {
        let kind = *step.kind.get_ref();
        for (key, target) in [("on_objection", &step.on_objection), ("next", &step.next)] {
            if let Some(target) = target
                && !ids.contains_key(target.get_ref().as_str())
            {
                self.report(
                    target.span(),
                    format!(
                        "`{key}` refers to `{}`, which is not a step id",
                        target.get_ref()
                    ),
                );
            }
        }
        if kind == StepKind::Answer && step.who.is_none() {
            self.report(
                step.kind.span(),
                "an answer step needs `who` (\"proposer\" or \"nominee\"): who answers?",
            );
        }
        // Options the interpreter only reads for some kinds: elsewhere they would be silently
        // ignored, which is never what the author meant.
        use StepKind::{Announce, Answer, Consent, Open, Record, Round};
        let options: [(&str, bool, &[StepKind]); 10] = [
            ("on_objection", step.on_objection.is_some(), &[Consent]),
            ("last", step.last.is_some(), &[Consent]),
            ("who", step.who.is_some(), &[Answer, Open]),
            ("shuffle", step.shuffle, &[Round]),
            ("newcomers_not_first", step.newcomers_not_first, &[Round]),
            ("revote", step.revote, &[Round]),
            ("strict_order", step.strict_order, &[Round]),
            ("ask_objectors", step.ask_objectors, &[Answer]),
            ("summary", step.summary.is_some(), &[Round, Record]),
            (
                "questions_only",
                step.questions_only,
                &[Announce, Open, Round],
            ),
        ];
        for (key, set, allowed) in options {
            if set && !allowed.contains(&kind) {
                self.wrong_kind(index, step, key, allowed);
            }
        }
        if let Some(deadline) = &step.deadline
            && parse_duration(deadline.get_ref()).is_none()
        {
            self.report(
                deadline.span(),
                format!(
                    "deadline `{}` is not a duration: a whole number and a unit, as in \
                     `30m`, `24h`, `3j` or `2 semaines`, more than zero and at most 365 days",
                    deadline.get_ref()
                ),
            );
        }
    }

    /// Reports an option set on a step kind that would ignore it.
    fn wrong_kind(&mut self, index: usize, step: &StepDef, key: &str, allowed: &[StepKind]) {
        let kinds: Vec<&str> = allowed.iter().map(|k| kind_name(*k)).collect();
        let kinds = match kinds.split_last() {
            Some((last, rest)) if !rest.is_empty() => format!("{} and {last}", rest.join(", ")),
            _ => kinds.concat(),
        };
        let span = self.src.step_key_span(index, key).unwrap_or(step.id.span());
        self.report(
            span,
            format!(
                "`{key}` only applies to {} steps; this step is `{}`",
                kinds,
                kind_name(*step.kind.get_ref())
            ),
        );
    }

    /// Exactly one `record`, and the list cannot run off its end without reaching it.
    fn record(&mut self, def: &RitualDef) {
        let records: Vec<&StepDef> = def
            .steps
            .iter()
            .filter(|s| *s.kind.get_ref() == StepKind::Record)
            .collect();
        let Some(last) = def.steps.last() else {
            return;
        };
        match records.as_slice() {
            [] => self.report(
                last.kind.span(),
                "the ritual has no `record` step: nothing would close the run and write its \
                 outcome",
            ),
            [_] => {}
            [_, extra @ ..] => {
                for step in extra {
                    self.report(
                        step.kind.span(),
                        "a second `record` step: a ritual has exactly one, which closes the run",
                    );
                }
            }
        }
        // Without any record the next rule is implied: say it once.
        if !records.is_empty() && *last.kind.get_ref() != StepKind::Record && last.next.is_none() {
            self.report(
                last.kind.span(),
                "the last step must be the `record` or have a `next`: otherwise the run would \
                 end without being recorded",
            );
        }
    }

    /// What the family's engine code relies on.
    fn family(&mut self, def: &RitualDef) {
        let has = |kind: StepKind| def.steps.iter().any(|s| *s.kind.get_ref() == kind);
        let span = def.family.span();
        match def.family.get_ref() {
            Family::Decision => {
                let proposer_answers = def.steps.iter().any(|s| {
                    *s.kind.get_ref() == StepKind::Answer
                        && s.who
                            .as_ref()
                            .is_some_and(|w| *w.get_ref() == Who::Proposer)
                });
                if !proposer_answers {
                    self.report(
                        span.clone(),
                        "a `decision` ritual needs an `answer` step with `who = \"proposer\"` \
                         (the amendment)",
                    );
                }
                if !has(StepKind::Consent) {
                    self.report(span, "a `decision` ritual needs a `consent` step");
                }
            }
            Family::Election => {
                let wanted = [
                    StepKind::Nominate,
                    StepKind::Reveal,
                    StepKind::Propose,
                    StepKind::Consent,
                ];
                let missing: Vec<&str> = wanted
                    .into_iter()
                    .filter(|k| !has(*k))
                    .map(kind_name)
                    .collect();
                if !missing.is_empty() {
                    self.report(
                        span,
                        format!(
                            "an `election` ritual needs nominate, reveal, propose and consent \
                             steps; missing: {}",
                            missing.join(", ")
                        ),
                    );
                }
            }
            Family::Meteo => {
                if !has(StepKind::Round) {
                    self.report(span, "a `meteo` ritual needs a `round` step");
                }
            }
            Family::Custom => {}
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::Duration;

    #[test]
    fn durations() {
        assert_eq!(parse_duration("30m"), Some(Duration::minutes(30)));
        assert_eq!(parse_duration("24h"), Some(Duration::hours(24)));
        assert_eq!(parse_duration("3j"), Some(Duration::days(3)));
        assert_eq!(parse_duration("3d"), Some(Duration::days(3)));
        assert_eq!(parse_duration("365d"), Some(Duration::days(365)));
        assert_eq!(parse_duration("2 semaines"), Some(Duration::days(14)));
        for bad in ["", "m", "0h", "366d", "-3h", "+3h", "3", "3x", "1.5h", "3é"] {
            assert_eq!(parse_duration(bad), None, "{bad:?}");
        }
        assert_eq!(parse_duration("99999999999999999999d"), None);
    }

    #[test]
    fn positions() {
        let text = "ab\ncdé\nf";
        assert_eq!(line_column(text, 0), (1, 1));
        assert_eq!(line_column(text, 3), (2, 1));
        assert_eq!(line_column(text, 8), (3, 1));
        // Columns count characters, not bytes; offsets inside a character or past the end
        // are clamped.
        assert_eq!(line_column(text, 6), (2, 3));
        assert_eq!(line_column(text, 7), (2, 4));
        assert_eq!(line_column(text, 100), (3, 2));
    }

    #[test]
    fn display() {
        let d = Diagnostic {
            file: "a.toml".into(),
            line: 3,
            column: 7,
            message: "oops".into(),
        };
        assert_eq!(d.to_string(), "a.toml:3:7: oops");
        assert_eq!(Diagnostic::whole("dir", "gone").to_string(), "dir: gone");
    }
}
