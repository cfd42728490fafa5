//! The operator's commands through the built binary, without a homeserver: exit codes and
//! the one line each bad input gets, backup and restore of a store with a ritual in
//! progress, a store of a newer schema refused, `--help` that stands on its own, and the
//! operator messages rendered in both languages.

mod shell_support;

use std::path::Path;
use std::process::{Command, Output};

use tuteur::model::{Lang, Msg};
use tuteur::store::{Batch, SCHEMA_VERSION_KEY, SledStore, Store, Tree, Write as StoreWrite};

fn tuteur(args: &[&str], input: &str, env: &[(&str, &str)]) -> Output {
    let mut command = Command::new(env!("CARGO_BIN_EXE_tuteur"));
    command
        .args(args)
        .env_remove("TUTEUR_CONFIG")
        .env("LANG", "C.UTF-8")
        .envs(env.iter().copied());
    shell_support::fed(command, input)
}

fn text(out: &Output) -> String {
    format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    )
}

fn shell(store: &Path, input: &str) -> String {
    let out = tuteur(
        &["shell", "--store", store.to_str().expect("utf-8")],
        input,
        &[],
    );
    assert!(out.status.success(), "shell failed: {}", text(&out));
    String::from_utf8_lossy(&out.stdout).into_owned()
}

/// Every file below `dir`, as paths relative to it.
fn listing(dir: &Path) -> Vec<String> {
    let mut out = Vec::new();
    let mut pending = vec![dir.to_path_buf()];
    while let Some(d) = pending.pop() {
        for e in std::fs::read_dir(&d).expect("read dir").flatten() {
            if e.path().is_dir() {
                pending.push(e.path());
            } else {
                out.push(
                    e.path()
                        .strip_prefix(dir)
                        .expect("below")
                        .display()
                        .to_string(),
                );
            }
        }
    }
    out.sort();
    out
}

#[test]
fn a_backup_of_a_ritual_in_progress_restored_elsewhere_goes_on_in_the_shell() {
    let dir = tempfile::tempdir().expect("dir");
    let (store, copy, archive) = (
        dir.path().join("store"),
        dir.path().join("restored"),
        dir.path().join("jardin.backup"),
    );
    let out = shell(
        &store,
        "alice> !décision Jardiner le samedi\n\
         alice [D1]> !suivant\n",
    );
    assert!(out.contains("Réactions (D1)"), "{out}");

    let out = tuteur(
        &[
            "backup",
            "--store",
            store.to_str().expect("utf-8"),
            "--out",
            archive.to_str().expect("utf-8"),
            "--lang",
            "fr",
        ],
        "",
        &[],
    );
    assert_eq!(out.status.code(), Some(0), "{}", text(&out));
    let said = text(&out);
    assert!(said.contains("Sauvegarde écrite dans"), "{said}");
    assert!(said.contains("un jardin"), "{said}");
    assert!(said.contains("lue dans le store"), "{said}");
    assert!(
        !listing(dir.path())
            .iter()
            .any(|f| f.contains(".tuteur-backup-")),
        "no temporary file left"
    );

    let out = tuteur(
        &[
            "restore",
            "--store",
            copy.to_str().expect("utf-8"),
            "--from",
            archive.to_str().expect("utf-8"),
            "--lang",
            "en",
        ],
        "",
        &[],
    );
    assert_eq!(out.status.code(), Some(0), "{}", text(&out));
    assert!(
        text(&out).contains("Backup restored into"),
        "{}",
        text(&out)
    );

    // The restored store carries on: the reactions round of D1 is where it was, and
    // once everyone has reacted the amendment step comes.
    let out = shell(
        &copy,
        "alice [D1]> J'aime l'idée\n\
         bob [D1]> Ça me va\n\
         carol [D1]> Pourquoi pas\n\
         dominique [D1]> D'accord\n",
    );
    assert!(out.contains("Amendement (D1)"), "{out}");
    assert!(!out.contains("Décision D2"), "{out}");
}

#[test]
fn a_restore_into_a_store_that_is_not_empty_changes_nothing() {
    let dir = tempfile::tempdir().expect("dir");
    let (store, archive) = (dir.path().join("store"), dir.path().join("a.backup"));
    shell(&store, "alice> !météo\n");
    let out = tuteur(
        &[
            "backup",
            "--store",
            store.to_str().expect("utf-8"),
            "--out",
            archive.to_str().expect("utf-8"),
        ],
        "",
        &[],
    );
    assert_eq!(out.status.code(), Some(0), "{}", text(&out));
    let before = listing(&store);
    let out = tuteur(
        &[
            "restore",
            "--store",
            store.to_str().expect("utf-8"),
            "--from",
            archive.to_str().expect("utf-8"),
            "--lang",
            "en",
        ],
        "",
        &[],
    );
    assert_eq!(out.status.code(), Some(73), "{}", text(&out));
    let said = text(&out);
    assert!(said.contains("is not empty"), "{said}");
    assert!(said.contains(store.to_str().expect("utf-8")), "{said}");
    assert_eq!(said.trim().lines().count(), 1, "one line: {said}");
    assert_eq!(listing(&store), before, "nothing changed");

    // Not an archive at all.
    std::fs::write(dir.path().join("junk"), "hello").expect("write");
    let out = tuteur(
        &[
            "restore",
            "--store",
            dir.path().join("new").to_str().expect("utf-8"),
            "--from",
            dir.path().join("junk").to_str().expect("utf-8"),
            "--lang",
            "en",
        ],
        "",
        &[],
    );
    assert_eq!(out.status.code(), Some(65), "{}", text(&out));
    assert!(text(&out).contains("not a tuteur backup"), "{}", text(&out));
    assert!(!dir.path().join("new").exists(), "nothing created");
}

#[test]
fn a_backup_path_that_cannot_be_written_or_a_locked_store_is_one_clear_line() {
    let dir = tempfile::tempdir().expect("dir");
    let store = dir.path().join("store");
    shell(&store, "alice> !météo\n");
    let out = tuteur(
        &[
            "backup",
            "--store",
            store.to_str().expect("utf-8"),
            "--out",
            "/nonexistent-folder/a.backup",
            "--lang",
            "en",
        ],
        "",
        &[],
    );
    assert_eq!(out.status.code(), Some(74), "{}", text(&out));
    let said = text(&out);
    assert!(
        said.contains("Cannot write /nonexistent-folder/a.backup"),
        "{said}"
    );
    assert_eq!(said.trim().lines().count(), 1, "{said}");

    // This test holds the store, as a running bot would, but answers no control socket.
    let held = SledStore::open(&store).expect("open");
    let out = tuteur(
        &[
            "backup",
            "--store",
            store.to_str().expect("utf-8"),
            "--out",
            dir.path().join("b.backup").to_str().expect("utf-8"),
        ],
        "",
        &[],
    );
    assert_eq!(out.status.code(), Some(75), "{}", text(&out));
    assert!(text(&out).contains("setting bot.store"), "{}", text(&out));
    assert!(text(&out).contains("in use"), "{}", text(&out));
    assert!(!dir.path().join("b.backup").exists());
    drop(held);
}

#[test]
fn a_store_of_a_newer_schema_is_refused_naming_the_versions() {
    let dir = tempfile::tempdir().expect("dir");
    let store = dir.path().join("store");
    shell(&store, "alice> !météo\n");
    {
        let s = SledStore::open(&store).expect("open");
        s.apply(&Batch {
            writes: vec![StoreWrite {
                tree: Tree::Meta,
                key: SCHEMA_VERSION_KEY.to_vec(),
                value: Some(vec![99]),
            }],
        })
        .expect("apply");
        s.flush().expect("flush");
    }
    let out = tuteur(
        &[
            "backup",
            "--store",
            store.to_str().expect("utf-8"),
            "--out",
            dir.path().join("x").to_str().expect("utf-8"),
        ],
        "",
        &[],
    );
    assert_eq!(out.status.code(), Some(78), "{}", text(&out));
    assert!(text(&out).contains("schema version 99"), "{}", text(&out));
}

fn write_config(dir: &Path, extra_matrix: &str, bot: &str) -> std::path::PathBuf {
    let path = dir.join("tuteur.toml");
    std::fs::write(
        &path,
        format!(
            "[matrix]\nhomeserver = \"http://127.0.0.1:9\"\nuser = \"@tuteur:localhost\"\n\
             {extra_matrix}\n[bot]\nstore = \"data\"\n{bot}\n"
        ),
    )
    .expect("config");
    path
}

#[test]
fn check_and_run_name_a_missing_secret_and_exit_78() {
    let dir = tempfile::tempdir().expect("dir");
    let config = write_config(dir.path(), "password_env = \"TUTEUR_OPS_TEST_NOPE\"", "");
    let config = config.to_str().expect("utf-8");
    for args in [
        vec!["check", "--config", config, "--lang", "en"],
        vec!["run", "--config", config],
    ] {
        let out = tuteur(&args, "", &[]);
        assert_eq!(out.status.code(), Some(78), "{args:?}: {}", text(&out));
        let said = text(&out);
        assert!(said.contains("matrix.password_env"), "{said}");
        assert!(said.contains("TUTEUR_OPS_TEST_NOPE"), "{said}");
    }
    assert!(!dir.path().join("data").exists(), "nothing created");
}

#[test]
fn check_says_when_the_homeserver_cannot_be_reached_and_exits_69() {
    let dir = tempfile::tempdir().expect("dir");
    std::fs::write(dir.path().join("pw"), "secret\n").expect("pw");
    let config = write_config(
        dir.path(),
        "password_file = \"pw\"",
        "allowed_inviters = [\"@*:localhost\"]",
    );
    let out = tuteur(
        &["check", "--config", config.to_str().expect("utf-8")],
        "",
        &[("LANG", "fr_FR.UTF-8")],
    );
    assert_eq!(out.status.code(), Some(69), "{}", text(&out));
    let said = text(&out);
    assert!(said.contains("✓ Configuration"), "{said}");
    assert!(
        said.contains("✗ matrix.homeserver : http://127.0.0.1:9 ne répond pas"),
        "{said}"
    );
    assert!(said.contains("⚠ Les stores Matrix"), "{said}");
    assert!(
        said.contains("Un point à corriger (code de sortie 69)"),
        "{said}"
    );
    assert!(!dir.path().join("data").exists(), "nothing created");
}

#[test]
fn help_lists_the_values_and_cites_no_outside_document() {
    let mut all = String::new();
    for cmd in [
        vec!["--help"],
        vec!["shell", "--help"],
        vec!["run", "--help"],
        vec!["check", "--help"],
        vec!["backup", "--help"],
        vec!["restore", "--help"],
        vec!["export", "--help"],
        vec!["digest", "--help"],
        vec!["rituals", "check", "--help"],
    ] {
        let out = tuteur(&cmd, "", &[]);
        assert!(out.status.success(), "{cmd:?}");
        all.push_str(&text(&out));
    }
    for banned in ["SPEC", "§", "DESIGN", "shared/"] {
        assert!(!all.contains(banned), "--help cites {banned}:\n{all}");
    }
    for value in [
        "- markdown:",
        "- jsonld:",
        "- fr: French",
        "- en: English",
        "- json:",
    ] {
        assert!(all.contains(value), "{value} not listed:\n{all}");
    }
    assert!(all.contains("[env: TUTEUR_CONFIG="), "{all}");
}

#[test]
fn the_example_configuration_is_accepted() {
    let dir = tempfile::tempdir().expect("dir");
    let example =
        std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/tuteur.example.toml"))
            .expect("example");
    for f in ["password", "store-passphrase"] {
        std::fs::write(dir.path().join(f), "s3cret\n").expect("secret");
    }
    let text = example.replace("/run/credentials/tuteur.service/", "");
    let config = tuteur::config::Config::parse(&text, &dir.path().join("tuteur.toml"), &|_| None)
        .expect("the example is valid");
    assert_eq!(config.matrix.user, "@tuteur:example.org");
    assert!(config.matrix.store_passphrase.is_some());
    // Every commented setting is a real one: uncommented alone, it is accepted too.
    let commented: Vec<&str> = example
        .lines()
        .filter(|l| {
            l.starts_with("# ")
                && l.contains(" = ")
                && !l.contains("_env")
                && !l.contains("access_token")
        })
        .collect();
    assert!(commented.len() >= 8, "{commented:?}");
    for line in commented {
        let one = text.replace(
            line,
            &line[2..].replace("/run/credentials/tuteur.service/", ""),
        );
        if let Err(e) =
            tuteur::config::Config::parse(&one, &dir.path().join("tuteur.toml"), &|_| None)
        {
            assert!(
                !e.to_string().contains("unknown field"),
                "{line:?} is not a setting: {e}"
            );
        }
    }
}

#[test]
fn operator_messages_render_in_both_languages() {
    let source =
        std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/locales/fr/ops.ftl"))
            .expect("ops.ftl");
    let ids: Vec<&str> = source
        .lines()
        .filter_map(|l| l.split_once(" = ").map(|(id, _)| id))
        .filter(|id| !id.starts_with(['#', ' ']))
        .collect();
    assert!(ids.len() >= 20, "{ids:?}");
    for lang in [Lang::Fr, Lang::En] {
        for id in &ids {
            let mut msg = Msg::new(*id);
            for arg in [
                "path",
                "problem",
                "server",
                "url",
                "configured",
                "versions",
                "user",
                "device",
                "setting",
                "address",
            ] {
                msg = msg.text(arg, "X");
            }
            let msg = msg
                .num("count", 2)
                .num("code", 78)
                .num("entries", 3)
                .num("gardens", 1)
                .text("source", "bot");
            let shown = tuteur::i18n::tr(lang, chrono_tz::UTC, &msg);
            assert!(
                !shown.contains('{') && !shown.contains(id) && !shown.is_empty(),
                "{lang:?} {id}: {shown}"
            );
        }
    }
}
