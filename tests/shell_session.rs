//! The shell's session commands through the built binary with piped input, as a facilitator
//! tries a ritual: `/je`, `/fil`, `/salon`, `/dm`, lines without `name>` said by the current
//! speaker, a multi-line message, `/rituel ajouter FICHIER`, and clear answers to mistakes.

mod shell_support;

use shell_support::{line_with, shell};

#[test]
fn a_meteo_said_through_the_session_commands() {
    let dir = tempfile::tempdir().expect("tempdir");
    let out = shell(
        dir.path(),
        &["--members", "alice,bob,carol"],
        "/je alice\n\
         !météo\n\
         /fil M1\n\
         ☀️ en forme\n\
         /je bob\n\
         🌧 fatigué\n\
         /salon\n\
         !où\n\
         /je carol\n\
         /fil M1 ☀️ contente\n",
    );
    line_with(&out, "-- C'est alice qui parle.");
    line_with(&out, "alice> !météo");
    assert!(line_with(&out, "Météo M1").contains("tuteur> "), "{out}");
    line_with(&out, "-- Les lignes vont dans le fil de M1");
    line_with(&out, "alice [M1]> ☀️ en forme");
    line_with(&out, "bob [M1]> 🌧 fatigué");
    assert!(line_with(&out, "> !où").contains("bob> !où"), "{out}");
    line_with(&out, "carol [M1]> ☀️ contente");
    line_with(&out, "Météo M1 terminée");
    assert!(
        !out.lines().any(|l| l.starts_with("! ")),
        "no line refused:\n{out}"
    );
}

#[test]
fn a_ballot_in_a_dm_and_a_multi_line_proposal_without_name_prefixes() {
    let dir = tempfile::tempdir().expect("tempdir");
    let out = shell(
        dir.path(),
        &["--members", "alice,bob,carol"],
        "alice> !élection secrétaire pour 6 mois\n\
         /je bob\n\
         /dm !nomine @carol elle écoute\n\
         /dm\n\
         !aide\n\
         /salon\n\
         /je alice\n\
         !décision pour @bob : On se réunit le mardi\n\
         \x20 à 19h, dans la grande salle\n\
         /fil D1\n\
         pourquoi 19h ?\n",
    );
    let confirm = line_with(&out, "tuteur (dm bob)> C'est noté");
    assert!(confirm.contains("carol"), "{confirm}");
    line_with(&out, "bob (dm)> !aide");
    let proposal = out
        .find("alice> !décision pour @bob : On se réunit le mardi\n    à 19h, dans la grande salle")
        .expect("the proposal and its continuation line");
    let question = out.find("alice [D1]> pourquoi 19h ?").expect("asked in D1");
    assert!(proposal < question, "{out}");
    line_with(&out, "Décision D1");
}

#[test]
fn a_ritual_file_added_with_rituel_ajouter_then_run() {
    let dir = tempfile::tempdir().expect("tempdir");
    let file = dir.path().join("accueil.toml");
    std::fs::write(
        &file,
        "name = \"accueil\"\n\
         family = \"custom\"\n\
         title.fr = \"Accueil\"\n\
         title.en = \"Welcome\"\n\n\
         [[steps]]\n\
         id = \"bonjour\"\n\
         kind = \"announce\"\n\
         message.fr = \"👋 Accueil { $id } : bienvenue à toutes et tous.\"\n\
         message.en = \"👋 Welcome { $id }: welcome, everyone.\"\n\n\
         [[steps]]\n\
         id = \"fin\"\n\
         kind = \"record\"\n\
         message.fr = \"Accueil { $id } terminé.\"\n\
         message.en = \"Welcome { $id } is over.\"\n",
    )
    .expect("ritual written");
    let bad = dir.path().join("faux.toml");
    std::fs::write(
        &bad,
        "name = \"faux\"\n[[steps]]\nid = \"a\"\nkind = \"danse\"\n",
    )
    .expect("ritual written");
    let store = dir.path().join("store");
    let out = shell(
        &store,
        &["--members", "alice,bob"],
        &format!(
            "/rituel ajouter {}\n\
             /rituel ajouter {}\n\
             /rituel ajouter {}\n\
             alice> !rituel accueil\n\
             /je bob\n\
             /rituel ajouter {}\n\
             /rituel\n",
            dir.path().join("absent.toml").display(),
            bad.display(),
            file.display(),
            file.display(),
        ),
    );
    line_with(&out, "ce fichier n'existe pas");
    line_with(&out, "alice> !rituel ajouter faux.toml");
    line_with(&out, "Le rituel n'est pas gardé");
    line_with(
        &out,
        "ligne 4, colonne 8 : erreur : « kind = \"danse\" » est inconnu",
    );
    line_with(&out, "alice> !rituel ajouter accueil.toml");
    line_with(&out, "📎 accueil.toml (16 lignes)");
    line_with(
        &out,
        "Le rituel « Accueil » est gardé pour ce jardin (version 1)",
    );
    line_with(&out, "👋 Accueil");
    line_with(&out, "terminé.");
    // bob is no facilitator: the engine refuses him as it would in the room.
    line_with(&out, "bob> !rituel ajouter accueil.toml");
    line_with(&out, "« /rituel » : écris « /rituel ajouter FICHIER »");
    assert_eq!(out.matches("est gardé pour ce jardin").count(), 1, "{out}");
}

#[test]
fn shell_commands_answer_mistakes_and_help_in_english() {
    let dir = tempfile::tempdir().expect("tempdir");
    let out = shell(
        dir.path(),
        &["--lang", "en", "--members", "alice,bob"],
        "hello\n/me zoe\nhello again\n/dance\n/thread X9\n/help\n/me bob\nhello\n",
    );
    line_with(&out, "! Line not understood: “hello”");
    line_with(
        &out,
        "“zoe” is not a member of this garden (members: alice, bob)",
    );
    line_with(&out, "! Line not understood: “hello again”");
    line_with(&out, "Unknown shell command: “/dance”");
    line_with(&out, "Unknown thread in “/thread X9”");
    line_with(&out, "/thread D1 (/fil)");
    line_with(&out, "-- Now speaking: bob.");
    line_with(&out, "bob> hello");
}
