//! The commons through the built binary (issue 17): two gardens in one shell store — an
//! organisation garden and a local one — a multi-line `!retour` with facets and a
//! resource, `!communs` and `!communs ressource` from the other garden, a guided retour
//! answered in its thread, the Grand Jardin digest after `/avance`, and
//! `tuteur export --format csv`; in French and in English.

mod shell_support;

use shell_support::{Run, tuteur};

/// Transcripts here are read for the words of the commons' texts: a missing argument
/// must fail rather than hide behind them.
const RUN: Run = Run {
    without_lang: false,
    filled: true,
};

#[test]
fn two_gardens_search_the_commons_and_an_organisations_retours_stay_home() {
    let dir = tempfile::tempdir().expect("tempdir");
    let store = dir.path().join("store");
    let clinic = RUN.shell(
        &store,
        &["--garden", "clinique"],
        "alice> !jardin type organisation\n\
         bob> !retour Consentement de la direction #hôpital\n\
         \x20   Notre consentement interne.\n\
         \x20   Ressource : https://intranet.example.org/secret\n",
    );
    assert!(clinic.contains("Il reste dans le jardin"), "{clinic}");
    let lyon = RUN.shell(
        &store,
        &["--garden", "lyon"],
        "alice> !jardin nom Jardin de Lyon\n\
         alice> !jardin contexte #hôpitaux\n\
         bob> !retour Consentement en équipe de soins #fiche\n\
         \x20   On a testé la gestion par consentement.\n\
         \x20   Ressource : https://wiki.example.org/Fiche_Consentement\n\
         \x20   Amélioration : un exemple de planning\n\
         carol> !communs consentement #hôpital\n",
    );
    assert!(
        lyon.contains("tuteur (communs)> 🌾 Du jardin « Jardin de Lyon »"),
        "{lyon}"
    );
    assert!(lyon.contains("Un retour trouvé dans les communs"), "{lyon}");
    let nantes = RUN.shell(
        &store,
        &["--garden", "nantes", "--lang", "en"],
        "alice> !commons consent #hospital\n\
         alice [S1]> !commons resource https://wiki.example.org/Fiche_Consentement/\n\
         alice> !commons resource https://intranet.example.org/secret\n\
         alice> !commons #unicorn\n",
    );
    assert!(
        nantes.contains("One report found in the commons"),
        "{nantes}"
    );
    assert!(
        nantes.contains("“Consentement en équipe de soins” — Jardin de Lyon, by bob"),
        "{nantes}"
    );
    assert!(
        nantes.contains("tuteur [S1]> 1. “Consentement en équipe de soins”"),
        "{nantes}"
    );
    assert!(
        nantes.contains("used in one report — contexts: hospital (1); one improvement suggested."),
        "{nantes}"
    );
    assert!(
        nantes.contains("↳ Improvement suggested: un exemple de planning"),
        "{nantes}"
    );
    assert!(
        nantes
            .contains("No report of the commons has used https://intranet.example.org/secret yet."),
        "{nantes}"
    );
    assert!(
        nantes.contains("#unicorn is not a facet of the commons"),
        "{nantes}"
    );
    assert!(
        !nantes.contains("direction") && !nantes.contains("interne"),
        "{nantes}"
    );

    let csv_dir = dir.path().join("csv");
    let out = tuteur(
        &[
            "export",
            "--store",
            store.to_str().expect("UTF-8"),
            "--format",
            "csv",
            "--out",
            csv_dir.to_str().expect("UTF-8"),
        ],
        "",
    );
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let csv = std::fs::read_to_string(csv_dir.join("retours.csv")).expect("csv written");
    assert!(
        csv.starts_with("identifier,title,author,date,garden"),
        "{csv}"
    );
    assert!(
        csv.contains("lyon/R1,Consentement en équipe de soins,bob"),
        "{csv}"
    );
    assert!(!csv.contains("secret"), "{csv}");
}

#[test]
fn a_guided_retour_in_its_thread_then_the_grand_jardin_digest() {
    let dir = tempfile::tempdir().expect("tempdir");
    let store = dir.path().join("store");
    let out = RUN.shell(
        &store,
        &[],
        "bob> !retour Notre premier conseil coopératif #éducation\n\
         bob [B1]> Une classe de CM2\n\
         carol [B1]> Je réponds à sa place\n\
         bob [B1]> passer\n\
         bob [B1]> Les élèves ont tenu le conseil.\n\
         bob [B1]> Laisser du silence.\n\
         bob [B1]> https://wiki.example.org/Conseil\n\
         bob [B1]> passer\n\
         bob [B1]> oui\n\
         /avance 8j\n",
    );
    assert!(
        out.contains("tuteur> 🌿 Retour guidé B1 : « Notre premier conseil coopératif »"),
        "{out}"
    );
    assert!(
        out.contains("tuteur [B1]> 2/5 · Qu'avez-vous tenté ?"),
        "{out}"
    );
    assert!(out.contains("seul·e son auteur·rice y répond"), "{out}");
    assert!(out.contains("Contexte : Une classe de CM2"), "{out}");
    assert!(
        out.contains("Ressource : https://wiki.example.org/Conseil"),
        "{out}"
    );
    assert!(out.contains("tuteur [B1]> 🌾 Retour R1 récolté"), "{out}");
    assert_eq!(
        out.matches("tuteur (communs)> 🌳 Grand Jardin").count(),
        1,
        "{out}"
    );
    assert!(
        out.contains("un nouveau retour partagé, d'un jardin."),
        "{out}"
    );
    assert!(out.contains("• éducation : 1"), "{out}");
    // A later session on the same store: the digest is not posted again.
    let again = RUN.shell(&store, &[], "/avance 1h\n");
    assert!(!again.contains("Grand Jardin"), "{again}");
}

#[test]
fn a_guided_retour_names_a_fiche_of_another_garden_in_english() {
    let dir = tempfile::tempdir().expect("tempdir");
    let store = dir.path().join("store");
    RUN.shell(
        &store,
        &["--garden", "lyon"],
        "alice> !jardin nom Jardin de Lyon\n\
         bob> !retour Consentement en équipe de soins #fiche\n\
         \x20   On a testé la gestion par consentement.\n\
         \x20   Ressource : https://wiki.example.org/Fiche_Consentement\n\
         carol> !retour Consentement en équipe d'accueil #déroulé\n\
         \x20   Un déroulé pour l'accueil.\n\
         \x20   Ressource : https://wiki.example.org/Deroule_Accueil\n",
    );
    let out = RUN.shell(
        &store,
        &["--garden", "berlin", "--lang", "en"],
        "bob> !share Our first council\n\
         bob [B1]> skip\n\
         bob [B1]> skip\n\
         bob [B1]> skip\n\
         bob [B1]> skip\n\
         bob [B1]> the green sheet\n\
         bob [B1]> consentement équipe\n\
         bob [B1]> the sheet consentement soins\n\
         bob [B1]> skip\n\
         bob [B1]> yes\n",
    );
    assert!(
        out.contains("or the name of a sheet of the commons, or “skip”."),
        "{out}"
    );
    assert!(
        out.contains("“the green sheet” is neither a web address nor the name of a sheet"),
        "{out}"
    );
    assert!(
        out.contains("2 sheets of the commons answer to “consentement équipe”"),
        "{out}"
    );
    assert!(
        out.contains(
            "• “Consentement en équipe d'accueil” (Jardin de Lyon): https://wiki.example.org/Deroule_Accueil"
        ),
        "{out}"
    );
    assert!(
        out.contains("Resource: https://wiki.example.org/Fiche_Consentement"),
        "{out}"
    );
    assert!(out.contains("tuteur [B1]> 🌾 Report R1 harvested"), "{out}");
}
