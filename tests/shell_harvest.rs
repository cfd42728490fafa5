//! Scenario tests of the harvest through the built binary: a défi with weekly check-ins
//! across `/avance 7j`, a digest appearing once per week, the 🌱 harvest answered with
//! `+✅`, and `tuteur export` / `tuteur digest` reading the shell's store.

mod shell_support;

use std::path::Path;

use chrono::{Datelike, Duration, Timelike, Utc};
use shell_support::{count, shell, tuteur};

/// A weekly slot `days` from now in Paris (the shell's default timezone), as `!jardin`
/// takes it: the scenario must not depend on the weekday the tests run.
fn slot_in(days: i64) -> String {
    const DAYS: [&str; 7] = [
        "lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi", "dimanche",
    ];
    let t = Utc::now().with_timezone(&chrono_tz::Europe::Paris) + Duration::days(days);
    let day = DAYS[t.weekday().num_days_from_monday() as usize];
    format!("{day} {:02}:{:02}", t.hour(), t.minute())
}

/// The transcript number of the first line containing `needle`.
fn number_of(out: &str, needle: &str) -> u64 {
    out.lines()
        .find(|l| l.contains(needle))
        .and_then(|l| l.strip_prefix('#'))
        .and_then(|l| l.split_whitespace().next()?.parse().ok())
        .unwrap_or_else(|| panic!("no numbered line with {needle:?} in:\n{out}"))
}

#[test]
fn a_defi_with_weekly_check_ins_and_one_digest_a_week() {
    let dir = tempfile::tempdir().expect("tempdir");
    let script = format!(
        "alice> !jardin points {}\n\
         alice> !jardin récolte {}\n\
         alice> !défi Tenir un conseil coopératif | dans 3 semaines\n\
         bob> !défi rejoindre F1\n\
         bob [F1]> !point F1 J'ai réservé la salle\n\
         /avance 7j\n\
         alice [F1]> !point F1 Premier conseil tenu\n\
         /avance 1h\n\
         /avance 7j\n",
        slot_in(2),
        slot_in(3)
    );
    let out = shell(dir.path(), &[], &script);
    assert!(
        out.contains("tuteur> 🎯 Défi F1 : « Tenir un conseil coopératif »"),
        "{out}"
    );
    let (first_week, second_week) = out.split_once("Premier conseil tenu").expect("split");
    assert_eq!(
        count(first_week, "tuteur [F1]> 📣 Point hebdo du défi F1"),
        1,
        "{out}"
    );
    assert_eq!(
        count(second_week, "tuteur [F1]> 📣 Point hebdo du défi F1"),
        1,
        "{out}"
    );
    assert!(
        first_week.contains("alice et bob, où en êtes-vous ?"),
        "{out}"
    );
    // One digest a week: none after `/avance 1h`, the next one a week later.
    assert_eq!(count(first_week, "tuteur> 🧺 Récolte H1"), 1, "{out}");
    assert_eq!(count(&out, "tuteur> 🧺 Récolte H1"), 1, "{out}");
    assert_eq!(count(second_week, "tuteur> 🧺 Récolte H2"), 1, "{out}");
    assert_eq!(count(&out, "🧺 Récolte"), 2, "{out}");
    assert!(
        out.contains("tuteur [H1]> Détail de la récolte H1"),
        "{out}"
    );
    let h2 = &second_week[second_week.find("Récolte H2").expect("H2")..];
    assert!(h2.contains("un point d'étape"), "{out}");
}

#[test]
fn harvested_retours_are_exported_as_markdown_and_json_ld() {
    let dir = tempfile::tempdir().expect("tempdir");
    let store = dir.path().join("store");
    let first = shell(
        &store,
        &[],
        "alice> !jardin nom Jardin de Lyon\n\
         bob> !retour Notre premier conseil #éducation #fiche\n\
         \x20   On a tenu notre premier conseil.\n\
         carol> !retour anonyme Ce que j'ai appris #partage\n\
         \x20   Écouter d'abord.\n\
         dominique> J'ai animé ma première météo : quelle écoute !\n",
    );
    assert!(
        first.contains("tuteur (communs)> 🌾 Du jardin « Jardin de Lyon »"),
        "{first}"
    );
    // A second session on the same store: the 🌱 and the author's ✅.
    let n = number_of(&first, "dominique> J'ai animé");
    let second = shell(&store, &[], &format!("alice> +🌱 #{n}\ndominique> +✅\n"));
    assert!(
        second.contains("tuteur> 🌱 dominique, alice propose de récolter"),
        "{second}"
    );
    assert!(second.contains("Retour R3 récolté"), "{second}");

    // An organisation garden in the same store: nothing of it is exported.
    let orga = shell(
        &store,
        &["--garden", "orga"],
        "alice> !jardin type organisation\nbob> !retour Notre rétro interne\n    Interne.\n",
    );
    assert!(!orga.contains("(communs)"), "{orga}");

    let store_arg = store.to_str().expect("UTF-8");
    let json_dir = dir.path().join("jsonld");
    let out = tuteur(
        &[
            "export",
            "--store",
            store_arg,
            "--format",
            "jsonld",
            "--out",
            json_dir.to_str().expect("UTF-8"),
        ],
        "",
    );
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let index: serde_json::Value = serde_json::from_slice(
        &std::fs::read(json_dir.join("index.jsonld")).expect("index written"),
    )
    .expect("the JSON-LD parses");
    assert_eq!(index["@context"], "https://schema.org");
    let items = index["@graph"].as_array().expect("a graph");
    assert_eq!(items.len(), 3, "the three retours of the demo garden only");
    for item in items {
        assert_eq!(item["@type"], "CreativeWork");
        assert_eq!(
            item["license"],
            "https://creativecommons.org/licenses/by-sa/4.0/"
        );
        assert!(item["author"]["name"].is_string(), "{item}");
        assert_eq!(item["isPartOf"]["name"], "Jardin de Lyon");
        assert!(item["dateCreated"].is_string() && item["name"].is_string());
    }
    let authors: Vec<&str> = items
        .iter()
        .filter_map(|i| i["author"]["name"].as_str())
        .collect();
    assert_eq!(authors, vec!["bob", "anonyme", "dominique"]);
    assert_eq!(
        items[0]["keywords"],
        serde_json::json!(["éducation", "fiche"])
    );

    let md_dir = dir.path().join("md");
    let out = tuteur(
        &[
            "export",
            "--store",
            store_arg,
            "--garden",
            "demo",
            "--format",
            "markdown",
            "--out",
            md_dir.to_str().expect("UTF-8"),
        ],
        "",
    );
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let md = std::fs::read_to_string(md_dir.join("demo-R1.md")).expect("R1 written");
    assert!(
        md.starts_with("---\nid: demo/R1\ntitle: Notre premier conseil\n"),
        "{md}"
    );
    assert!(md.contains("license_url: https://creativecommons.org/licenses/by-sa/4.0/\n"));
    assert_eq!(std::fs::read_dir(&md_dir).expect("folder").count(), 3);

    let out = tuteur(
        &[
            "export",
            "--store",
            store_arg,
            "--garden",
            "orga",
            "--format",
            "jsonld",
            "--out",
            json_dir.to_str().expect("UTF-8"),
        ],
        "",
    );
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("does not share"));

    let out = tuteur(&["digest", "--garden", "demo", "--store", store_arg], "");
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(
        text.contains("🧺 Récolte H1 (du ") && text.contains(": 3 retours,"),
        "{text}"
    );
    assert!(
        text.contains("R1 « Notre premier conseil » — bob — #éducation #fiche"),
        "{text}"
    );
    let out = tuteur(
        &["digest", "--garden", "nulle-part", "--store", store_arg],
        "",
    );
    assert!(!out.status.success());
}

#[test]
fn export_finds_the_store_through_the_bots_config_without_its_secrets() {
    let dir = tempfile::tempdir().expect("tempdir");
    let store = dir.path().join("store");
    shell(
        &store,
        &[],
        "bob> !retour Une fiche de facilitation #fiche\n    Le déroulé.\n",
    );
    let write_config = |webhook: &str| {
        let path = dir.path().join("tuteur.toml");
        std::fs::write(
            &path,
            format!(
                "[matrix]\nhomeserver = \"https://matrix.example.org\"\n\
                 user = \"@tuteur:example.org\"\npassword_env = \"TUTEUR_EXPORT_TEST_UNSET\"\n\
                 [bot]\nstore = {:?}\n[commons]\nwebhook = {webhook:?}\n",
                store.to_str().expect("UTF-8")
            ),
        )
        .expect("config written");
        path
    };
    let out_dir = dir.path().join("out");
    let export = |config: &Path| {
        tuteur(
            &[
                "export",
                "--config",
                config.to_str().expect("UTF-8"),
                "--format",
                "markdown",
                "--out",
                out_dir.to_str().expect("UTF-8"),
            ],
            "",
        )
    };

    // The bot's password is not needed to read its store.
    let out = export(&write_config("https://wiki.example.org/api/retours"));
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let md = std::fs::read_to_string(out_dir.join("demo-R1.md")).expect("R1 written");
    assert!(md.contains("\ntitle: Une fiche de facilitation\n"), "{md}");

    // A wrong setting is still named.
    let out = export(&write_config("ftp://wiki.example.org/retours"));
    assert!(!out.status.success());
    assert!(
        String::from_utf8_lossy(&out.stderr).contains("commons.webhook"),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );

    // Neither a config nor a store: told what to give.
    let out = tuteur(&["export", "--format", "jsonld", "--out", "x"], "");
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("--config"));
}

#[test]
fn tuteur_run_refuses_a_webhook_that_is_not_http_naming_the_setting() {
    let dir = tempfile::tempdir().expect("tempdir");
    let config = dir.path().join("tuteur.toml");
    std::fs::write(
        &config,
        format!(
            "[matrix]\nhomeserver = \"http://127.0.0.1:9\"\nuser = \"@tuteur:localhost\"\n\
             password_env = \"PATH\"\n[bot]\nstore = {:?}\n\
             [commons]\nwebhook = \"ftp://wiki.example.org/retours\"\n",
            dir.path().join("store").to_str().expect("UTF-8")
        ),
    )
    .expect("config written");
    let out = tuteur(&["run", "--config", config.to_str().expect("UTF-8")], "");
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(!out.status.success());
    assert!(
        err.contains("commons.webhook") && err.contains("ftp://"),
        "{err}"
    );
    // Refused before anything was written.
    assert!(!dir.path().join("store").exists());
}
