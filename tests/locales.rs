//! The locale files against each other and against the code that names their messages.
//!
//! A message id missing from a locale only shows up as a warning and a fallback at run time,
//! so these tests are where gaps are caught: every id the code, the ritual files and the
//! command table name must exist in every language, and the languages must agree.

use std::collections::{BTreeMap, BTreeSet};
use std::fs;
use std::path::{Path, PathBuf};
use std::sync::LazyLock;

use regex::Regex;
use tuteur::command::CommandName;
use tuteur::i18n;
use tuteur::model::Lang;

const LANGS: [Lang; 2] = [Lang::Fr, Lang::En];

/// Where each id is named: id -> places (`src/engine/views.rs:15`, `rituals/meteo.toml`...).
type Uses = BTreeMap<String, BTreeSet<String>>;

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// Every file under `dir` with extension `ext`, sorted, as paths relative to the crate.
fn files(dir: &Path, ext: &str) -> Vec<PathBuf> {
    let mut found = Vec::new();
    let mut pending = vec![dir.to_path_buf()];
    while let Some(d) = pending.pop() {
        let Ok(entries) = fs::read_dir(&d) else {
            continue;
        };
        for entry in entries.flatten() {
            let path = entry.path();
            if path.is_dir() {
                pending.push(path);
            } else if path.extension().is_some_and(|e| e == ext) {
                found.push(path);
            }
        }
    }
    found.sort();
    found
}

fn relative(path: &Path) -> String {
    path.strip_prefix(root())
        .unwrap_or(path)
        .display()
        .to_string()
}

#[test]
fn locale_files_load_cleanly() {
    let errors = i18n::load_errors();
    assert!(
        errors.is_empty(),
        "problems in locales/:\n  {}",
        errors.join("\n  ")
    );
    for lang in LANGS {
        assert!(
            !i18n::message_ids(lang).is_empty(),
            "no message loaded for {}",
            lang.tag()
        );
    }
}

#[test]
fn french_and_english_define_the_same_ids() {
    let fr: BTreeSet<String> = i18n::message_ids(Lang::Fr).into_iter().collect();
    let en: BTreeSet<String> = i18n::message_ids(Lang::En).into_iter().collect();
    let only_fr: Vec<&String> = fr.difference(&en).collect();
    let only_en: Vec<&String> = en.difference(&fr).collect();
    assert!(
        only_fr.is_empty() && only_en.is_empty(),
        "locales differ\n  only in fr ({}): {}\n  only in en ({}): {}",
        only_fr.len(),
        join(&only_fr),
        only_en.len(),
        join(&only_en),
    );
}

fn join(ids: &[&String]) -> String {
    ids.iter()
        .map(|s| s.as_str())
        .collect::<Vec<_>>()
        .join(", ")
}

/// Ids passed as literals in `src/**/*.rs`: `Msg::new("id")` and `.label("name", "id")`.
///
/// A file's `#[cfg(test)] mod` is skipped to its end (test modules sit at the bottom by
/// convention): unit tests build their own catalogs with made-up ids. Ids built at run time
/// (`format!("step-{step}")`) cannot be seen here; the ones with a known pattern are added
/// by the other collectors.
fn ids_in_code(uses: &mut Uses) {
    static MSG_NEW: LazyLock<Regex> =
        LazyLock::new(|| Regex::new(r#"Msg::new\(\s*"([^"]+)""#).expect("valid regex"));
    static LABEL: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r#"label\(\s*"[^"]*",\s*"([^"]+)"\s*\)"#).expect("valid regex")
    });
    static TEST_MOD: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r"(?m)^\s*#\[cfg\(test\)\]\s*(pub(\([^)]*\))?\s+)?mod\s").expect("valid regex")
    });
    for path in files(&root().join("src"), "rs") {
        let Ok(source) = fs::read_to_string(&path) else {
            continue;
        };
        let code = match TEST_MOD.find(&source) {
            Some(m) => &source[..m.start()],
            None => &source,
        };
        for re in [&*MSG_NEW, &*LABEL] {
            for c in re.captures_iter(code) {
                let (Some(all), Some(id)) = (c.get(0), c.get(1)) else {
                    continue;
                };
                let line = code[..all.start()].matches('\n').count() + 1;
                uses.entry(id.as_str().to_owned())
                    .or_default()
                    .insert(format!("{}:{line}", relative(&path)));
            }
        }
    }
}

/// Ids named by `rituals/*.toml`: `title`, `message` and `reminder` at any depth (the
/// ritual itself and each of its `steps`), and `step-<kind>` for each step kind, which is
/// how `!où` names the current step.
fn ids_in_rituals(uses: &mut Uses) {
    fn walk(value: &toml::Value, place: &str, uses: &mut Uses) {
        match value {
            toml::Value::Table(table) => {
                for (key, v) in table {
                    match (key.as_str(), v) {
                        ("title" | "message" | "reminder", toml::Value::String(id)) => {
                            uses.entry(id.clone()).or_default().insert(place.to_owned());
                        }
                        ("kind", toml::Value::String(kind)) => {
                            uses.entry(format!("step-{kind}"))
                                .or_default()
                                .insert(format!("{place} (step kind)"));
                        }
                        _ => walk(v, place, uses),
                    }
                }
            }
            toml::Value::Array(items) => {
                for v in items {
                    walk(v, place, uses);
                }
            }
            _ => {}
        }
    }
    for path in files(&root().join("rituals"), "toml") {
        let place = relative(&path);
        let parsed = fs::read_to_string(&path)
            .map_err(|e| e.to_string())
            .and_then(|s| toml::from_str::<toml::Table>(&s).map_err(|e| e.to_string()));
        match parsed {
            Ok(table) => walk(&toml::Value::Table(table), &place, uses),
            Err(e) => panic!("{place} is not valid TOML: {e}"),
        }
    }
}

/// `usage-<slug>` and `help-<slug>` for every command: `!aide` shows both.
fn ids_of_commands(uses: &mut Uses) {
    for name in CommandName::ALL {
        for id in [name.usage_id(), format!("help-{}", name.slug())] {
            uses.entry(id)
                .or_default()
                .insert(format!("CommandName::{name:?}"));
        }
    }
}

#[test]
fn every_id_named_by_the_code_exists_in_every_language() {
    let mut uses = Uses::new();
    // Each collector must find something, or a broken scan would pass silently.
    ids_in_code(&mut uses);
    let from_code = uses.len();
    assert!(
        from_code > 0,
        "no Msg::new(\"...\") found in src/: is the scan broken?"
    );
    ids_in_rituals(&mut uses);
    assert!(
        uses.len() > from_code,
        "no message id found in rituals/*.toml"
    );
    ids_of_commands(&mut uses);

    let mut report = String::new();
    let mut missing_count = 0;
    for lang in LANGS {
        let missing: Vec<(&String, &BTreeSet<String>)> = uses
            .iter()
            .filter(|(id, _)| !i18n::has_message(lang, id))
            .collect();
        if missing.is_empty() {
            continue;
        }
        missing_count += missing.len();
        report.push_str(&format!(
            "\nmissing in locales/{}/ ({} ids):\n",
            lang.tag(),
            missing.len()
        ));
        for (id, places) in missing {
            let places: Vec<&str> = places.iter().map(String::as_str).collect();
            report.push_str(&format!("  {id}  <- {}\n", places.join(", ")));
        }
    }
    assert!(
        missing_count == 0,
        "{missing_count} message ids are used but not defined:{report}"
    );
}
