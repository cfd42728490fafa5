//! `tuteur rituals check` and the ritual loader: the built-ins are clean, every class of
//! mistake in a ritual file is reported at its file and line, and custom folders load on top
//! of the built-ins without taking their names.
//!
//! The bad files live in `tests/fixtures/rituals/bad/`, each offending line marked with a
//! trailing `# error: <text>` comment, so the expectation sits next to the mistake.

use std::fs;
use std::path::{Path, PathBuf};

use tuteur::model::Lang;
use tuteur::rituals::definition::{Family, StepKind};
use tuteur::rituals::load::{Diagnostic, Rituals, check_paths, parse_duration, parse_file};

fn fixtures() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/rituals")
}

/// The `*.toml` files of a folder, sorted.
fn toml_files(dir: &Path) -> Vec<PathBuf> {
    let mut files: Vec<PathBuf> = fs::read_dir(dir)
        .expect("fixture folder")
        .map(|e| e.expect("fixture entry").path())
        .filter(|p| p.extension().is_some_and(|e| e == "toml"))
        .collect();
    files.sort();
    files
}

/// (line, expected text) for each `# error: <text>` marker of a fixture.
fn markers(source: &str) -> Vec<(usize, String)> {
    source
        .lines()
        .enumerate()
        .filter_map(|(i, line)| {
            let (_, text) = line.split_once("# error: ")?;
            Some((i + 1, text.trim().to_owned()))
        })
        .collect()
}

fn render(diags: &[Diagnostic]) -> String {
    diags.iter().map(|d| format!("  {d}\n")).collect()
}

/// Parses an inline file and returns its diagnostics, which must exist.
fn errors(source: &str) -> Vec<Diagnostic> {
    match parse_file("inline.toml", source) {
        Ok(_) => panic!("expected diagnostics for:\n{source}"),
        Err(diags) => diags,
    }
}

/// Asserts one diagnostic at `line` whose message contains `text`.
fn assert_at(diags: &[Diagnostic], line: usize, text: &str) {
    assert!(
        diags
            .iter()
            .any(|d| d.line == line && d.render(Lang::En).contains(text)),
        "no diagnostic at line {line} containing {text:?}; got:\n{}",
        render(diags)
    );
}

#[test]
fn builtins_load_with_zero_diagnostics() {
    let diags = check_paths(&[]);
    assert!(
        diags.is_empty(),
        "built-in rituals have problems:\n{}",
        render(&diags)
    );
    let rituals = Rituals::builtin();
    assert_eq!(
        rituals.names(),
        [
            "meteo",
            "decision",
            "election",
            "cloture",
            "inclusion",
            "debrief",
            "codev"
        ]
    );
    assert_eq!(rituals.all().count(), 7);
}

#[test]
fn builtin_files_each_parse() {
    for path in toml_files(&PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("rituals")) {
        let source = fs::read_to_string(&path).expect("built-in file");
        let name = path.display().to_string();
        if let Err(diags) = parse_file(&name, &source) {
            panic!("{name} has problems:\n{}", render(&diags));
        }
    }
}

#[test]
fn every_bad_fixture_is_reported_at_its_marked_lines() {
    let files = toml_files(&fixtures().join("bad"));
    assert!(files.len() >= 10, "fixtures missing: {files:?}");
    let mut failures = String::new();
    for path in files {
        let name = path.display().to_string();
        let source = fs::read_to_string(&path).expect("fixture");
        let expected = markers(&source);
        assert!(!expected.is_empty(), "{name} has no `# error:` marker");
        let Err(diags) = parse_file(&name, &source) else {
            failures.push_str(&format!("{name}: accepted\n"));
            continue;
        };
        for d in &diags {
            assert_eq!(d.file, name, "diagnostic labelled with the wrong file");
            assert!(
                d.line > 0 && d.column > 0,
                "diagnostic without a position: {d}"
            );
        }
        for (line, text) in &expected {
            if !diags
                .iter()
                .any(|d| d.line == *line && d.render(Lang::En).contains(text.as_str()))
            {
                failures.push_str(&format!("{name}:{line}: expected {text:?}\n"));
            }
        }
        for d in &diags {
            if !expected.iter().any(|(line, _)| *line == d.line) {
                failures.push_str(&format!("unexpected: {d}\n"));
            }
        }
    }
    assert!(failures.is_empty(), "{failures}");
}

#[test]
fn unknown_key_is_refused_with_its_line() {
    let diags = errors(
        "name = \"x\"\nfamily = \"custom\"\ncolour = \"red\"\ntitle = \"ritual-closing-title\"\n\
         [[steps]]\nid = \"fin\"\nkind = \"record\"\nmessage = \"closing-done\"\n",
    );
    assert_eq!(diags.len(), 1, "{}", render(&diags));
    assert_at(&diags, 3, "unknown key `colour`");
    assert_eq!(diags[0].column, 1);
    assert_eq!(diags[0].file, "inline.toml");
}

#[test]
fn syntax_error_is_reported_with_its_line() {
    let source = "name = \"x\"\nfamily = \"custom\"\ntitle = \"ritual-closing-title\"\n\n\
                  [[steps]\nid = \"a\"\n";
    let diags = errors(source);
    assert_eq!(diags.len(), 1, "{}", render(&diags));
    assert_eq!(diags[0].line, 5, "{}", render(&diags));
}

#[test]
fn unknown_step_kind_is_reported_with_its_line() {
    let source = "name = \"x\"\nfamily = \"custom\"\ntitle = \"ritual-closing-title\"\n\n\
                  [[steps]]\nid = \"a\"\nkind = \"dance\"\nmessage = \"closing-done\"\n";
    assert_at(&errors(source), 7, "dance");
}

#[test]
fn missing_field_is_reported() {
    let diags = errors("name = \"x\"\nfamily = \"custom\"\ntitle = \"ritual-closing-title\"\n");
    assert!(
        diags[0].render(Lang::En).contains("steps"),
        "{}",
        render(&diags)
    );
}

#[test]
fn an_unknown_message_id_is_named_with_each_missing_locale() {
    let source = "name = \"x\"\nfamily = \"custom\"\ntitle = \"no-such-message-xyz\"\n\n\
                  [[steps]]\nid = \"fin\"\nkind = \"record\"\nmessage = \"closing-done\"\n";
    let diags = errors(source);
    assert_eq!(diags.len(), 1, "{}", render(&diags));
    assert_at(
        &diags,
        3,
        "`no-such-message-xyz`, which is missing from the locales fr, en",
    );
}

#[test]
fn diagnostics_display_as_file_line_column() {
    let diags = errors("name = \"x\"\nfamily = \"nope\"\n");
    let shown: Vec<String> = diags.iter().map(ToString::to_string).collect();
    assert!(
        shown
            .iter()
            .any(|s| s.starts_with("inline.toml:2:10: error: `family = \"nope\"`")),
        "{shown:?}"
    );
    // In the operator's language too.
    let fr: Vec<String> = diags.iter().map(|d| d.render(Lang::Fr)).collect();
    assert!(
        fr.iter()
            .any(|s| s.starts_with("inline.toml:2:10: erreur : « family = \"nope\" »")),
        "{fr:?}"
    );
}

#[test]
fn durations_accept_minutes_hours_and_days() {
    assert_eq!(parse_duration("30m"), Some(chrono::Duration::minutes(30)));
    assert_eq!(parse_duration("24h"), Some(chrono::Duration::hours(24)));
    assert_eq!(parse_duration("3j"), parse_duration("3d"));
    assert_eq!(parse_duration("0m"), None);
    assert_eq!(parse_duration("366j"), None);
    assert_eq!(parse_duration("demain"), None);
}

#[test]
fn find_ignores_case_and_accents() {
    let rituals = Rituals::builtin();
    let name = |q: &str| rituals.find(q).map(|d| d.name().to_owned());
    assert_eq!(name("CLÔTURE").as_deref(), Some("cloture"));
    assert_eq!(name("closing").as_deref(), Some("cloture"));
    assert_eq!(name("Météo").as_deref(), Some("meteo"));
    assert_eq!(name("weather").as_deref(), Some("meteo"));
    assert_eq!(name("Décision").as_deref(), Some("decision"));
    assert_eq!(name("ÉLECTION").as_deref(), Some("election"));
    assert_eq!(name("inconnu"), None);
}

#[test]
fn by_family_returns_the_builtin() {
    let mut rituals = Rituals::builtin();
    rituals
        .load_dir(&fixtures().join("custom"))
        .expect("custom folder loads");
    let family = |f| rituals.by_family(f).map(|d| d.name().to_owned());
    assert_eq!(family(Family::Meteo).as_deref(), Some("meteo"));
    assert_eq!(family(Family::Decision).as_deref(), Some("decision"));
    assert_eq!(family(Family::Election).as_deref(), Some("election"));
    assert_eq!(family(Family::Custom).as_deref(), Some("cloture"));
}

#[test]
fn definition_helpers() {
    let rituals = Rituals::builtin();
    let decision = rituals.find("decision").expect("decision");
    assert_eq!(decision.family(), Family::Decision);
    assert_eq!(decision.step_index("levee"), Some(5));
    assert_eq!(decision.step_index("nope"), None);
    assert_eq!(decision.steps[4].kind(), StepKind::Consent);
    assert_eq!(decision.steps[4].id(), "objections");
    let closing = rituals.find("cloture").expect("closing");
    assert_eq!(
        closing.steps[1].deadline(),
        Some(chrono::Duration::hours(24))
    );
    assert_eq!(closing.steps[0].deadline(), None);
}

#[test]
fn load_dir_adds_a_custom_ritual() {
    let mut rituals = Rituals::builtin();
    rituals
        .load_dir(&fixtures().join("custom"))
        .expect("custom folder loads");
    assert_eq!(
        rituals.names(),
        [
            "meteo",
            "decision",
            "election",
            "cloture",
            "inclusion",
            "debrief",
            "codev",
            "accueil"
        ]
    );
    assert_eq!(rituals.find("WELCOME").map(|d| d.name()), Some("accueil"));
    assert_eq!(
        rituals.find("tour-d-accueil").map(|d| d.name()),
        Some("accueil")
    );
}

fn write(dir: &Path, file: &str, source: &str) -> PathBuf {
    let path = dir.join(file);
    fs::write(&path, source).expect("write temp ritual");
    path
}

const VALID_TAIL: &str = "family = \"custom\"\ntitle = \"ritual-closing-title\"\n\n\
                          [[steps]]\nid = \"fin\"\nkind = \"record\"\nmessage = \"closing-done\"\n";

#[test]
fn load_dir_refuses_a_name_collision_with_a_builtin() {
    let dir = tempfile::tempdir().expect("tempdir");
    write(
        dir.path(),
        "a-fine.toml",
        &format!("name = \"fine\"\n{VALID_TAIL}"),
    );
    let clash = write(
        dir.path(),
        "meteo2.toml",
        &format!("name = \"meteo2\"\naliases = [\"x\", \"Météo\"]\n{VALID_TAIL}"),
    );
    let mut rituals = Rituals::builtin();
    let diags = rituals.load_dir(dir.path()).expect_err("collision refused");
    assert_eq!(diags.len(), 1, "{}", render(&diags));
    assert_eq!(diags[0].file, clash.display().to_string());
    assert_at(
        &diags,
        2,
        "`Météo` is already the name or an alias of the ritual `meteo`",
    );
    assert_eq!(diags[0].column, 17);
    // All or nothing: the valid file of the folder was not added either.
    assert_eq!(rituals.names().len(), 7);
    assert!(rituals.find("fine").is_none());
}

#[test]
fn load_dir_refuses_a_collision_between_its_own_files() {
    let dir = tempfile::tempdir().expect("tempdir");
    write(
        dir.path(),
        "a.toml",
        &format!("name = \"partage\"\n{VALID_TAIL}"),
    );
    let second = write(
        dir.path(),
        "b.toml",
        &format!("name = \"partage\"\n{VALID_TAIL}"),
    );
    write(dir.path(), "notes.txt", "not a ritual");
    let diags = Rituals::builtin()
        .load_dir(dir.path())
        .expect_err("collision refused");
    assert_eq!(diags.len(), 1, "{}", render(&diags));
    assert_eq!(diags[0].file, second.display().to_string());
    assert_at(&diags, 1, "`partage` is already the name");
}

#[test]
fn load_dir_reports_a_missing_folder() {
    let dir = tempfile::tempdir().expect("tempdir");
    let missing = dir.path().join("absent");
    let diags = Rituals::builtin()
        .load_dir(&missing)
        .expect_err("missing folder");
    assert_eq!(diags.len(), 1);
    assert_eq!(diags[0].line, 0);
    assert!(
        diags[0].render(Lang::En).contains("cannot read"),
        "{}",
        render(&diags)
    );
}

#[test]
fn check_paths_reports_every_bad_file_and_accepts_good_ones() {
    let bad = fixtures().join("bad");
    let diags = check_paths(std::slice::from_ref(&bad));
    for path in toml_files(&bad) {
        let name = path.display().to_string();
        assert!(
            diags.iter().any(|d| d.file == name),
            "nothing reported for {name}"
        );
    }
    assert!(check_paths(&[fixtures().join("custom")]).is_empty());
    let single = fixtures().join("custom/accueil.toml");
    assert!(check_paths(&[single]).is_empty());
    let one_bad = bad.join("no-record.toml");
    let diags = check_paths(std::slice::from_ref(&one_bad));
    assert_eq!(diags.len(), 1, "{}", render(&diags));
    assert_eq!(diags[0].file, one_bad.display().to_string());
}

#[test]
fn a_folder_file_with_a_builtin_name_replaces_it_with_a_warning() {
    let dir = tempfile::tempdir().expect("tempdir");
    write(
        dir.path(),
        "cloture.toml",
        &format!("name = \"cloture\"\n{VALID_TAIL}"),
    );
    let diags = check_paths(&[dir.path().to_path_buf()]);
    assert_eq!(diags.len(), 1, "{}", render(&diags));
    assert!(!diags[0].is_error(), "{}", render(&diags));
    assert_at(&diags, 1, "replaces the built-in ritual `cloture`");
    let mut rituals = Rituals::builtin();
    let warnings = rituals.load_dir(dir.path()).expect("loads");
    assert_eq!(warnings.len(), 1);
    assert_eq!(rituals.names().len(), 7, "replaced in place");
    let def = rituals.find("cloture").expect("found");
    assert_eq!(def.steps.len(), 1, "the folder's version");
    // Its old aliases went with it.
    assert!(rituals.find("closing").is_none());

    // Replacing a family's ritual keeps the family, so `!décision` still finds one.
    write(
        dir.path(),
        "decision.toml",
        &format!("name = \"decision\"\n{VALID_TAIL}"),
    );
    let diags = check_paths(&[dir.path().to_path_buf()]);
    assert_at(&diags, 2, "must keep family = \"decision\"");
}

#[test]
fn optional_options_filled_wrongly_are_read_past_and_the_rest_is_checked() {
    let source = "name = \"x\"\naliases = \"y\"\nfamily = \"custom\"\ntitle.fr = \"X\"\ntitle.en = \"X\"\n\n\
                  [[steps]]\nid = \"libre\"\nkind = \"open\"\nmessage.fr = \"{ $order }\"\nmessage.en = \"M\"\n\
                  who = \"porteur\"\ndeadline = \"bientôt\"\n\n\
                  [[steps]]\nid = \"fin\"\nkind = \"record\"\nmessage.fr = \"F\"\nmessage.en = \"F\"\n";
    let diags = errors(source);
    assert_at(&diags, 2, "`aliases` is a list of names between quotes");
    assert_at(&diags, 10, "uses $order, which a `open` step does not give");
    assert_at(&diags, 12, "`who = \"porteur\"` is not known");
    assert_at(&diags, 13, "deadline `bientôt` is not a duration");
    assert_eq!(diags.len(), 4, "{}", render(&diags));
}
