//! The facilitators' guide (`docs/fr/rituels.md`, `docs/en/rituals.md`) says what the code
//! does: its example rituals check clean, every key of a ritual file and of a step is
//! explained, and its tables of placeholders are exactly what each step kind gives.

use std::collections::BTreeSet;
use std::path::PathBuf;

use tuteur::rituals::definition::{Family, StepKind};
use tuteur::rituals::load::parse_file;
use tuteur::rituals::shape::{RITUAL_KEYS, STEP_KEYS};
use tuteur::rituals::steps::behaviour;
use tuteur::rituals::voice::base_args;

const GUIDES: [&str; 2] = ["docs/fr/rituels.md", "docs/en/rituals.md"];

const KINDS: [StepKind; 9] = [
    StepKind::Announce,
    StepKind::Round,
    StepKind::Open,
    StepKind::Answer,
    StepKind::Consent,
    StepKind::Nominate,
    StepKind::Reveal,
    StepKind::Propose,
    StepKind::Record,
];

fn guide(path: &str) -> String {
    std::fs::read_to_string(PathBuf::from(env!("CARGO_MANIFEST_DIR")).join(path))
        .unwrap_or_else(|e| panic!("{path}: {e}"))
}

/// The ```toml blocks of a guide.
fn toml_blocks(text: &str) -> Vec<String> {
    let mut blocks = Vec::new();
    let mut rest = text;
    while let Some(open) = rest.find("```toml\n") {
        let after = &rest[open + "```toml\n".len()..];
        let close = after.find("```").expect("a closed block");
        blocks.push(after[..close].to_owned());
        rest = &after[close..];
        rest = &rest[3..];
    }
    blocks
}

/// The `$names` of the table rows that follow `heading` (until the first blank line after
/// the table), by the row's first cell.
fn table(text: &str, heading: &str) -> Vec<(String, BTreeSet<String>)> {
    let at = text
        .find(heading)
        .unwrap_or_else(|| panic!("no {heading:?} in the guide"));
    let mut rows = Vec::new();
    let mut started = false;
    for line in text[at..].lines().skip(1) {
        if line.starts_with('|') {
            started = true;
            let cells: Vec<&str> = line.split('|').map(str::trim).collect();
            let (Some(first), Some(rest)) = (cells.get(1), cells.get(2)) else {
                continue;
            };
            let names = rest
                .split('`')
                .skip(1)
                .step_by(2)
                .filter_map(|w| w.strip_prefix('$'))
                .map(str::to_owned)
                .collect();
            rows.push((first.trim_matches('`').to_owned(), names));
        } else if started {
            break;
        }
    }
    rows
}

#[test]
fn the_guides_example_rituals_check_clean() {
    for path in GUIDES {
        let text = guide(path);
        let whole: Vec<String> = toml_blocks(&text)
            .into_iter()
            .filter(|b| b.contains("name = ") && b.contains("[[steps]]"))
            .collect();
        assert!(!whole.is_empty(), "{path} has no whole ritual");
        for block in whole {
            if let Err(diags) = parse_file(path, &block) {
                panic!("{path}: an example does not check clean: {diags:?}\n{block}");
            }
        }
    }
}

#[test]
fn the_guides_explain_every_key_and_step_kind() {
    for path in GUIDES {
        let text = guide(path);
        for key in RITUAL_KEYS.iter().chain(STEP_KEYS.iter()) {
            assert!(
                text.contains(&format!("`{key}")) || text.contains(&format!("[[{key}]]")),
                "{path} never explains `{key}`"
            );
        }
        for kind in KINDS {
            assert!(
                text.contains(&format!("### `{}`", kind.name()))
                    || text.contains(&format!(", `{}`", kind.name())),
                "{path} has no section for the step kind `{}`",
                kind.name()
            );
        }
    }
}

#[test]
fn the_guides_placeholders_are_those_the_code_gives() {
    let headings = [
        (
            "docs/fr/rituels.md",
            "Toute séance :",
            "Ce que chaque sorte d'étape ajoute",
        ),
        (
            "docs/en/rituals.md",
            "Every run:",
            "What each step kind adds",
        ),
    ];
    for (path, every_run, per_kind) in headings {
        let text = guide(path);
        let listed: BTreeSet<String> = table(&text, every_run)
            .into_iter()
            .flat_map(|(first, _)| first.strip_prefix('$').map(str::to_owned))
            .collect();
        let mut given: BTreeSet<String> = base_args(Family::Custom)
            .iter()
            .map(|a| (*a).to_owned())
            .collect();
        given.insert("deadline".to_owned());
        assert_eq!(listed, given, "{path}: the placeholders of every run");

        let rows = table(&text, per_kind);
        assert_eq!(
            rows.len(),
            KINDS.len() + 2,
            "{path}: a row per kind (and the header and its rule)"
        );
        for kind in KINDS {
            let (_, listed) = rows
                .iter()
                .find(|(first, _)| first == kind.name())
                .unwrap_or_else(|| panic!("{path}: no row for `{}`", kind.name()));
            let given: BTreeSet<String> = behaviour(kind)
                .placeholders(Family::Custom)
                .iter()
                .map(|a| (*a).to_owned())
                .collect();
            assert_eq!(
                listed,
                &given,
                "{path}: what a `{}` step gives",
                kind.name()
            );
        }
    }
}
