//! Loading and checking ritual files: TOML in, a validated [`RitualDef`] or a list of
//! [`Diagnostic`]s pointing at file, line and column out.
//!
//! Ritual files are behaviour written by gardeners, not programmers, and a broken ritual shows
//! up in a room in front of everyone. So a file is checked whole before anything runs it:
//! unknown keys, step references, options the step kind would silently ignore, deadlines,
//! the closing `record`, what its family needs, every message id in every locale, every text
//! of its own and the placeholders it uses. Every problem is reported at once, at its line,
//! in the reader's language, so one `tuteur rituals check` run is enough to fix a file. The
//! same checks back start-up, `rituals check`, `!rituel ajouter` and the tests of the
//! built-ins.

use std::collections::HashMap;
use std::ops::Range;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use toml::Spanned;
use toml::de::{DeTable, DeValue};

use super::definition::{Family, RitualDef, StepDef, StepKind, Who};
pub use super::diagnostic::{Diagnostic, Severity};
use crate::model::Msg;
use crate::text::fold;

/// The largest ritual file read, in bytes: a ritual is a page, not a book, and a garden's
/// own rituals are kept in its memory.
pub const MAX_FILE_BYTES: usize = 32 * 1024;

/// The most steps a ritual may have.
pub const MAX_STEPS: usize = 40;

/// Words `!rituel` reads as its own subcommands: no ritual may be called so.
pub const RESERVED: [&str; 10] = [
    "ajouter",
    "add",
    "liste",
    "list",
    "voir",
    "show",
    "retirer",
    "remove",
    "historique",
    "history",
];

/// The built-in rituals, embedded so the binary needs no source tree, in load order (which
/// makes them the ones [`Rituals::by_family`] returns). Names are the paths in the repository
/// so that diagnostics point at the file to edit.
const BUILTINS: [(&str, &str); 7] = [
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
    (
        "rituals/inclusion.toml",
        include_str!("../../rituals/inclusion.toml"),
    ),
    (
        "rituals/debrief.toml",
        include_str!("../../rituals/debrief.toml"),
    ),
    (
        "rituals/codev.toml",
        include_str!("../../rituals/codev.toml"),
    ),
];

pub use super::definition::parse_duration;

/// Parses and validates one ritual file; `name` is only used to label diagnostics.
///
/// Either the ritual, ready to run (its warnings dropped), or every problem found (all of
/// them, not the first, warnings included). It does not know about other rituals: name
/// collisions are [`Rituals`]' business.
pub fn parse_file(name: &str, source: &str) -> Result<RitualDef, Vec<Diagnostic>> {
    let (def, diags) = read(name, source);
    match def {
        Some(def) if !diags.iter().any(Diagnostic::is_error) => Ok(def),
        _ => Err(diags),
    }
}

/// Reads one ritual file whole: the ritual when it has no error, and every problem found
/// (errors and warnings), in file order.
pub fn read(file: &str, source: &str) -> (Option<RitualDef>, Vec<Diagnostic>) {
    let (def, diags) = read_all(file, source);
    let ok = !diags.iter().any(Diagnostic::is_error);
    (def.filter(|_| ok), diags)
}

/// Reads one ritual file whole: the ritual as read whenever its shape is sound, even when
/// its steps or words have errors (so that names can be checked too), and every problem.
fn read_all(file: &str, source: &str) -> (Option<RitualDef>, Vec<Diagnostic>) {
    let mut diags = Vec::new();
    let def = parse_structure(file, source, &mut diags);
    if let Some(def) = &def {
        let src = Source::new(file, source);
        for (span, severity, message) in super::texts::check(def) {
            let mut d = src.at(span, message);
            d.severity = severity;
            diags.push(d);
        }
    }
    sort(&mut diags);
    (def, diags)
}

/// Checks ritual files for `tuteur rituals check [DIR]` and `tuteur check`: the built-ins
/// always, then each path (a folder: every `*.toml` in it; a file: that file), in the order
/// given.
///
/// Files are loaded on top of the built-ins exactly as the bot would load them, so a file
/// that reuses a built-in name is reported (as a warning: it replaces the built-in). Empty
/// when all is well; see [`Diagnostic::is_error`] for what stops the bot.
pub fn check_paths(paths: &[PathBuf]) -> Vec<Diagnostic> {
    let (mut rituals, mut diags) = Rituals::load_builtins();
    for path in paths {
        let result = if path.is_dir() {
            rituals.load_dir(path)
        } else {
            rituals.load_file(path)
        };
        match result {
            Ok(warnings) => diags.extend(warnings),
            Err(found) => diags.extend(found),
        }
    }
    diags
}

/// Where a loaded ritual comes from: what it may replace.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Origin {
    /// Shipped in the binary.
    Builtin,
    /// A file of the operator's folder (`bot.rituals`, `--rituals`): may replace a
    /// built-in of the same name, with a warning.
    Folder,
    /// A garden's own, added from its room: takes no name already used.
    Garden,
}

/// The loaded rituals: the built-ins, then those of a folder, then (for one garden) its own.
///
/// Names and aliases are unique after folding (case and accents), so `!rituel` always means
/// exactly one ritual. Definitions are shared (`Arc`), so a garden's set over the common
/// one costs a few pointers.
#[derive(Debug, Clone, Default)]
pub struct Rituals {
    /// In load order: built-ins first; each with where it comes from and its file.
    defs: Vec<(Arc<RitualDef>, Origin, Arc<str>)>,
}

impl Rituals {
    /// The built-in rituals (`rituals/*.toml`, embedded).
    ///
    /// # Panics
    /// When a built-in file does not parse or validate: that is a bug in this repository,
    /// caught by the tests, not something a garden can cause.
    pub fn builtin() -> Rituals {
        let (rituals, diags) = Rituals::load_builtins();
        let fatal: Vec<String> = diags
            .iter()
            .filter(|d| d.is_error())
            .map(ToString::to_string)
            .collect();
        if !fatal.is_empty() {
            panic!("built-in rituals are invalid:\n{}", fatal.join("\n"));
        }
        for d in diags {
            tracing::warn!(diagnostic = %d, "built-in ritual");
        }
        rituals
    }

    /// Loads the built-ins, keeping each that has no error, and every problem found.
    fn load_builtins() -> (Rituals, Vec<Diagnostic>) {
        let mut rituals = Rituals::default();
        let mut diags = Vec::new();
        for (file, source) in BUILTINS {
            let (def, found) = rituals.check_str(file, source, Origin::Builtin);
            diags.extend(found);
            if let Some(def) = def {
                rituals.insert(def, Origin::Builtin, source);
            }
        }
        (rituals, diags)
    }

    /// Adds every `*.toml` file of `dir` (not sub-folders), in file-name order so the result
    /// does not depend on the file system. A file with the name of a built-in replaces it
    /// (a warning says so); its other names must be free.
    ///
    /// All or nothing: when any file has an error (including a name or alias already used
    /// by another file of the folder) nothing is added, and every problem of every file is
    /// returned. A garden never runs half of its folder. `Ok` holds the warnings.
    pub fn load_dir(&mut self, dir: &Path) -> Result<Vec<Diagnostic>, Vec<Diagnostic>> {
        let files = toml_files(dir).map_err(|d| vec![d])?;
        let mut staged = self.clone();
        let mut diags = Vec::new();
        let mut failed = false;
        for path in &files {
            match staged.load_file(path) {
                Ok(w) => diags.extend(w),
                Err(found) => {
                    failed = true;
                    diags.extend(found);
                }
            }
        }
        if failed {
            return Err(diags);
        }
        tracing::info!(dir = %dir.display(), count = files.len(), "loaded ritual folder");
        *self = staged;
        Ok(diags)
    }

    /// Adds one ritual file of the operator's, labelled with its path in diagnostics.
    pub fn load_file(&mut self, path: &Path) -> Result<Vec<Diagnostic>, Vec<Diagnostic>> {
        let file = path.display().to_string();
        let source = read_limited(path).map_err(|d| vec![d])?;
        self.load_str(&file, &source)
    }

    /// Adds one ritual of the operator's from its text, labelled `file` in diagnostics.
    /// Nothing is added when there is any error; `Ok` holds the warnings.
    pub fn load_str(
        &mut self,
        file: &str,
        source: &str,
    ) -> Result<Vec<Diagnostic>, Vec<Diagnostic>> {
        let (def, diags) = self.check_str(file, source, Origin::Folder);
        match def {
            Some(def) => {
                self.insert(def, Origin::Folder, source);
                Ok(diags)
            }
            None => Err(diags),
        }
    }

    /// Checks a ritual as if it were added to this set from `origin`: every problem of the
    /// file, and its names against the loaded ones. The ritual when it has no error.
    pub fn check_str(
        &self,
        file: &str,
        source: &str,
        origin: Origin,
    ) -> (Option<RitualDef>, Vec<Diagnostic>) {
        let src = Source::new(file, source);
        if source.len() > MAX_FILE_BYTES {
            let d = Diagnostic::whole(
                file,
                Msg::new("rituals-file-too-big")
                    .num("size", source.len() as i64)
                    .num("max", MAX_FILE_BYTES as i64),
            );
            return (None, vec![d]);
        }
        let (def, mut diags) = read_all(file, source);
        let Some(def) = def else {
            return (None, diags);
        };
        diags.extend(self.collisions(&src, &def, origin));
        sort(&mut diags);
        let ok = !diags.iter().any(Diagnostic::is_error);
        (ok.then_some(def), diags)
    }

    /// Adds a checked ritual and its file: in place of the one it replaces (same name),
    /// else at the end.
    pub fn insert(&mut self, def: RitualDef, origin: Origin, source: &str) {
        let entry = (Arc::new(def), origin, Arc::from(source));
        match self
            .defs
            .iter()
            .position(|(d, _, _)| d.name() == entry.0.name())
        {
            Some(i) => self.defs[i] = entry,
            None => self.defs.push(entry),
        }
    }

    /// The file of the ritual called `name` (exactly), as it was loaded.
    pub fn source(&self, name: &str) -> Option<&str> {
        self.defs
            .iter()
            .find(|(def, _, _)| def.name() == name)
            .map(|(_, _, s)| s.as_ref())
    }

    /// This set with a garden's own rituals after it (those checked when they were added;
    /// one whose name the set took since is left out, with a log line).
    pub fn with_garden(
        &self,
        own: impl IntoIterator<Item = (Arc<RitualDef>, Arc<str>)>,
    ) -> Rituals {
        let mut set = self.clone();
        for (def, source) in own {
            let taken = std::iter::once(def.name())
                .chain(def.aliases.iter().map(String::as_str))
                .any(|w| set.find(w).is_some());
            if taken {
                tracing::warn!(
                    ritual = def.name(),
                    "a garden's ritual shadowed by a loaded one"
                );
                continue;
            }
            set.defs.push((def, Origin::Garden, source));
        }
        set
    }

    /// A diagnostic for each name or alias of `def` that folds to one a loaded ritual uses
    /// (a built-in replaced by a folder file is a warning) or to a word of `!rituel`.
    fn collisions(&self, src: &Source<'_>, def: &RitualDef, origin: Origin) -> Vec<Diagnostic> {
        let replaced = self.defs.iter().find(|(d, o, _)| {
            d.name() == def.name()
                && match origin {
                    // A folder's file may replace a built-in; a garden, its own ritual
                    // (a new version).
                    Origin::Folder => *o == Origin::Builtin,
                    Origin::Garden => *o == Origin::Garden,
                    Origin::Builtin => false,
                }
        });
        let mut diags = Vec::new();
        if let Some((old, _, _)) = replaced.filter(|_| origin == Origin::Folder) {
            let mut d = src.at(
                def.name.span(),
                Msg::new("rituals-replaces-builtin").text("name", old.name().to_owned()),
            );
            d.severity = Severity::Warning;
            diags.push(d);
            if old.family() != def.family() {
                diags.push(
                    src.at(
                        def.family.span(),
                        Msg::new("rituals-replaces-family")
                            .text("name", old.name().to_owned())
                            .text("family", format!("{:?}", old.family()).to_lowercase()),
                    ),
                );
            }
        }
        let candidates = std::iter::once((def.name.get_ref().as_str(), def.name.span())).chain(
            def.aliases
                .iter()
                .enumerate()
                .map(|(i, a)| (a.as_str(), src.alias_span(i).unwrap_or(def.name.span()))),
        );
        for (word, span) in candidates {
            if RESERVED.iter().any(|r| fold(r) == fold(word)) {
                diags.push(src.at(
                    span.clone(),
                    Msg::new("rituals-name-reserved").text("word", word.to_owned()),
                ));
            }
            let other = self.defs.iter().find(|(d, _, _)| {
                !replaced.is_some_and(|(old, _, _)| Arc::ptr_eq(old, d))
                    && (fold(d.name()) == fold(word)
                        || d.aliases.iter().any(|a| fold(a) == fold(word)))
            });
            if let Some((other, other_origin, _)) = other {
                let id = match (origin, other_origin) {
                    (Origin::Garden, Origin::Builtin | Origin::Folder) => {
                        "rituals-name-taken-garden"
                    }
                    _ => "rituals-name-taken",
                };
                diags.push(
                    src.at(
                        span,
                        Msg::new(id)
                            .text("word", word.to_owned())
                            .text("other", other.name().to_owned()),
                    ),
                );
            }
        }
        diags
    }

    /// The ritual called `name` or one of its aliases, ignoring case and accents, so that
    /// `!rituel CLÔTURE` and `!rituel cloture` both work.
    pub fn find(&self, name: &str) -> Option<&RitualDef> {
        // Runs name their ritual exactly: skip the folding, a few µs per event.
        if let Some((def, _, _)) = self.defs.iter().find(|(def, _, _)| def.name() == name) {
            return Some(def);
        }
        let wanted = fold(name);
        self.defs
            .iter()
            .find(|(def, _, _)| {
                fold(def.name()) == wanted || def.aliases.iter().any(|a| fold(a) == wanted)
            })
            .map(|(def, _, _)| def.as_ref())
    }

    /// Where the ritual called `name` (exactly) comes from.
    pub fn origin(&self, name: &str) -> Option<Origin> {
        self.defs
            .iter()
            .find(|(def, _, _)| def.name() == name)
            .map(|(_, o, _)| *o)
    }

    /// The ritual the family's own command starts (`!météo`, `!décision`, `!élection`): the
    /// first loaded of that family, i.e. the built-in or the folder file replacing it.
    pub fn by_family(&self, family: Family) -> Option<&RitualDef> {
        self.defs
            .iter()
            .find(|(def, _, _)| def.family() == family)
            .map(|(def, _, _)| def.as_ref())
    }

    /// Every loaded ritual, built-ins first.
    pub fn all(&self) -> impl Iterator<Item = &RitualDef> {
        self.defs.iter().map(|(def, _, _)| def.as_ref())
    }

    /// The names of every loaded ritual, in load order: what `!rituel` suggests when it does
    /// not know a name.
    pub fn names(&self) -> Vec<String> {
        self.defs
            .iter()
            .map(|(def, _, _)| def.name().to_owned())
            .collect()
    }
}

/// Reads a file of at most [`MAX_FILE_BYTES`].
fn read_limited(path: &Path) -> Result<String, Diagnostic> {
    let file = path.display().to_string();
    let size = std::fs::metadata(path)
        .map_err(|e| {
            Diagnostic::whole(
                &file,
                Msg::new("rituals-file-unreadable").text("error", e.to_string()),
            )
        })?
        .len();
    if size > MAX_FILE_BYTES as u64 {
        return Err(Diagnostic::whole(
            &file,
            Msg::new("rituals-file-too-big")
                .num("size", size as i64)
                .num("max", MAX_FILE_BYTES as i64),
        ));
    }
    std::fs::read_to_string(path).map_err(|e| {
        Diagnostic::whole(
            &file,
            Msg::new("rituals-file-unreadable").text("error", e.to_string()),
        )
    })
}

/// The `*.toml` files directly in `dir`, sorted by file name.
fn toml_files(dir: &Path) -> Result<Vec<PathBuf>, Diagnostic> {
    let label = || dir.display().to_string();
    let unreadable = |e: std::io::Error| {
        Diagnostic::whole(
            label(),
            Msg::new("rituals-dir-unreadable").text("error", e.to_string()),
        )
    };
    let entries = std::fs::read_dir(dir).map_err(unreadable)?;
    let mut files = Vec::new();
    for entry in entries {
        let path = entry.map_err(unreadable)?.path();
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

/// Reads the file's shape (every unknown key, kind, family, language and type at once),
/// deserializes it and validates its structure (steps, references, options, deadlines,
/// loops, what its family needs), each problem into `diags`. The ritual whenever its shape
/// is sound, errors or not; words are checked by [`super::texts`].
fn parse_structure(file: &str, source: &str, diags: &mut Vec<Diagnostic>) -> Option<RitualDef> {
    structure(file, source, diags, true)
}

/// [`parse_structure`]; `retry`: whether a file with unknown keys is read again without them.
fn structure(
    file: &str,
    source: &str,
    diags: &mut Vec<Diagnostic>,
    retry: bool,
) -> Option<RitualDef> {
    let src = Source::new(file, source);
    let (doc, errors) = DeTable::parse_recoverable(source);
    if !errors.is_empty() {
        for e in errors {
            let span = e.span().unwrap_or(0..0);
            diags.push(src.at(
                span,
                Msg::new("rituals-toml-syntax").text("detail", e.message().trim().to_owned()),
            ));
        }
        return None;
    }
    let shape = super::shape::problems(&doc);
    if !shape.is_empty() {
        // Mistyped keys and options are the commonest mistakes: said, then left out
        // (blanked in place, so lines and columns stay) to read the rest of the file and
        // say its problems too.
        let skipped = super::shape::skippable_entries(&doc);
        let only_skippable = retry
            && skipped.len() == shape.len()
            && shape
                .iter()
                .all(|(_, m)| super::shape::SKIPPABLE.contains(&m.id.as_str()));
        diags.extend(shape.into_iter().map(|(span, m)| src.at(span, m)));
        if !only_skippable {
            return None;
        }
        let blanked = blank(source, &skipped);
        return structure(file, &blanked, diags, false);
    }
    let def: RitualDef = match toml::from_str(source) {
        Ok(def) => def,
        Err(e) => {
            let span = e.span().unwrap_or(0..0);
            diags.push(src.at(
                span,
                Msg::new("rituals-toml-value").text("detail", e.message().trim().to_owned()),
            ));
            return None;
        }
    };
    let mut check = Checker {
        src: &src,
        diags: Vec::new(),
    };
    check.ritual(&def);
    diags.extend(check.diags);
    // Returned with its problems: its words and names are checked as well, so that one
    // check says everything; the callers keep it only without errors.
    Some(def)
}

/// `source` with the bytes of `spans` turned into spaces (line breaks kept), so that every
/// other byte keeps its offset, line and column.
fn blank(source: &str, spans: &[Range<usize>]) -> String {
    let mut bytes = source.as_bytes().to_vec();
    for span in spans {
        let end = span.end.min(bytes.len());
        for b in bytes
            .get_mut(span.start.min(end)..end)
            .into_iter()
            .flatten()
        {
            if *b != b'\n' && *b != b'\r' {
                *b = b' ';
            }
        }
    }
    // Spans start and end on character boundaries, and spaces are ASCII.
    String::from_utf8(bytes).unwrap_or_else(|_| source.to_owned())
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

    /// An error at the start of `span`.
    fn at(&self, span: Range<usize>, message: Msg) -> Diagnostic {
        let (line, column) = line_column(self.text, span.start);
        Diagnostic {
            file: self.file.to_owned(),
            line,
            column,
            severity: Severity::Error,
            message,
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

/// Validation of one parsed ritual, collecting every problem.
struct Checker<'s, 'a> {
    src: &'s Source<'a>,
    diags: Vec<Diagnostic>,
}

impl Checker<'_, '_> {
    fn report(&mut self, span: Range<usize>, message: Msg) {
        let d = self.src.at(span, message);
        self.diags.push(d);
    }

    fn ritual(&mut self, def: &RitualDef) {
        self.name(def);
        if def.steps.is_empty() {
            let span = self.src.key_span("steps").unwrap_or(def.name.span());
            self.report(span, Msg::new("rituals-no-steps"));
            return;
        }
        if def.steps.len() > MAX_STEPS {
            let span = self.src.key_span("steps").unwrap_or(def.name.span());
            self.report(
                span,
                Msg::new("rituals-too-many-steps")
                    .num("count", def.steps.len() as i64)
                    .num("max", MAX_STEPS as i64),
            );
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
                Msg::new("rituals-loop").text("steps", names.join(" → ")),
            );
        }
        for cycle in super::loops::no_way_out(def) {
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
                Msg::new("rituals-no-way-out").text("steps", names.join(" → ")),
            );
        }
    }

    fn name(&mut self, def: &RitualDef) {
        let name = def.name.get_ref();
        if name.is_empty() {
            self.report(def.name.span(), Msg::new("rituals-name-empty"));
        } else if !name
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-')
        {
            self.report(
                def.name.span(),
                Msg::new("rituals-name-chars").text("name", name.clone()),
            );
        }
        for (i, alias) in def.aliases.iter().enumerate() {
            if alias.trim().is_empty() {
                let span = self.src.alias_span(i).unwrap_or(def.name.span());
                self.report(span, Msg::new("rituals-alias-empty"));
            }
        }
    }

    /// Step ids mapped to their index; duplicates and empty ids reported.
    fn step_ids<'d>(&mut self, def: &'d RitualDef) -> HashMap<&'d str, usize> {
        let mut ids: HashMap<&str, usize> = HashMap::new();
        for (index, step) in def.steps.iter().enumerate() {
            let id = step.id.get_ref().as_str();
            if id.is_empty() {
                self.report(step.id.span(), Msg::new("rituals-step-id-empty"));
            } else if let Some(&first) = ids.get(id) {
                let (line, _) = line_column(self.src.text, def.steps[first].id.span().start);
                self.report(
                    step.id.span(),
                    Msg::new("rituals-step-id-taken")
                        .text("id", id)
                        .num("line", line as i64),
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
                let mut known: Vec<&str> = ids.keys().copied().collect();
                known.sort_unstable();
                self.report(
                    target.span(),
                    Msg::new("rituals-bad-ref")
                        .text("key", key)
                        .text("target", target.get_ref().clone())
                        .text("ids", known.join(", ")),
                );
            }
        }
        if kind == StepKind::Answer && step.who.is_none() {
            self.report(step.kind.span(), Msg::new("rituals-answer-who"));
        }
        // Options the interpreter only reads for some kinds: elsewhere they would be silently
        // ignored, which is never what the author meant.
        use StepKind::{Answer, Consent, Open, Record, Round};
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
            ("questions_only", step.questions_only, &[Open]),
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
                Msg::new("rituals-deadline").text("value", deadline.get_ref().clone()),
            );
        }
    }

    /// Reports an option set on a step kind that would ignore it.
    fn wrong_kind(&mut self, index: usize, step: &StepDef, key: &str, allowed: &[StepKind]) {
        let kinds: Vec<&str> = allowed.iter().map(|k| k.name()).collect();
        let span = self.src.step_key_span(index, key).unwrap_or(step.id.span());
        self.report(
            span,
            Msg::new("rituals-option-kind")
                .text("key", key)
                .text("kinds", kinds.join(", "))
                .num("count", kinds.len() as i64)
                .text("kind", step.kind().name()),
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
            [] => self.report(last.kind.span(), Msg::new("rituals-no-record")),
            [_] => {}
            [_, extra @ ..] => {
                for step in extra {
                    self.report(step.kind.span(), Msg::new("rituals-second-record"));
                }
            }
        }
        // Without any record the next rule is implied: say it once.
        if !records.is_empty() && *last.kind.get_ref() != StepKind::Record && last.next.is_none() {
            self.report(last.kind.span(), Msg::new("rituals-last-step"));
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
                    self.report(span.clone(), Msg::new("rituals-decision-answer"));
                }
                if !has(StepKind::Consent) {
                    self.report(span, Msg::new("rituals-decision-consent"));
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
                    .map(StepKind::name)
                    .collect();
                if !missing.is_empty() {
                    self.report(
                        span,
                        Msg::new("rituals-election-steps").text("missing", missing.join(", ")),
                    );
                }
            }
            Family::Meteo => {
                if !has(StepKind::Round) {
                    self.report(span, Msg::new("rituals-meteo-round"));
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
}
