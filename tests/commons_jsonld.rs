//! The commons' exports read by machines (issue 17): the JSON-LD index parsed by a real
//! JSON-LD processor (PyLD, installed into `.venv` by `scripts/synapse.sh install`), every
//! item's facets resolving to concepts of the shipped scheme exported beside it, and the
//! CSV read back by a CSV reader.
//!
//! The processor works offline: the test's document loader answers `https://schema.org`
//! with schema.org's default vocabulary (`@vocab`), and anything else fails the test.

mod common;

use std::path::{Path, PathBuf};
use std::process::Command;

use common::*;
use tuteur::harvest::folder::{self, Format};

const SCRIPT: &str = r#"
import json, sys
from pyld import jsonld

def loader(url, options=None):
    if url.rstrip('/') in ('https://schema.org', 'http://schema.org'):
        return {'contentType': 'application/ld+json', 'contextUrl': None,
                'documentUrl': url, 'document': {'@context': {'@vocab': 'http://schema.org/'}}}
    raise Exception('offline: no document ' + url)

jsonld.set_document_loader(loader)
folder = sys.argv[1]
index = jsonld.expand(json.load(open(folder + '/index.jsonld')))
scheme = jsonld.expand(json.load(open(folder + '/communs.jsonld')))
SKOS = 'http://www.w3.org/2004/02/skos/core#'
concepts = {n['@id'] for n in scheme if SKOS + 'Concept' in n.get('@type', [])}
schemes = {n['@id'] for n in scheme if SKOS + 'ConceptScheme' in n.get('@type', [])}
items, terms, unresolved, based = 0, 0, [], []
for node in index:
    for item in node.get('@graph', [node]):
        if 'http://schema.org/CreativeWork' not in item.get('@type', []):
            continue
        if 'http://schema.org/name' not in item:
            continue
        items += 1
        for term in item.get('http://schema.org/about', []):
            terms += 1
            sets = [s.get('@id') for s in term.get('http://schema.org/inDefinedTermSet', [])]
            if term.get('@id') not in concepts or not sets or any(s not in schemes for s in sets):
                unresolved.append(term.get('@id'))
        for b in item.get('http://schema.org/isBasedOn', []):
            based.append(b.get('@id'))
print(json.dumps({'items': items, 'terms': terms, 'unresolved': unresolved,
                  'based': based, 'concepts': len(concepts)}))
"#;

fn python() -> PathBuf {
    let venv = std::env::var_os("TUTEUR_VENV")
        .map(PathBuf::from)
        .unwrap_or_else(|| Path::new(env!("CARGO_MANIFEST_DIR")).join(".venv"));
    let py = venv.join("bin").join("python");
    assert!(
        py.is_file(),
        "no Python venv at {} (run: bash scripts/synapse.sh install, which installs PyLD)",
        venv.display()
    );
    py
}

fn harvested() -> Script {
    let mut s = Script::new(&["alice", "bob", "carol"]);
    s.say("alice", "!jardin contexte #école");
    s.say(
        "bob",
        "!retour Conseil coopératif #Fiches #associations-employeuses #gouvernance\n\
         On a tenté le consentement.\n\
         Ressource : https://wiki.example.org/Fiche_Conseil\n\
         Amélioration : un exemple en primaire",
    )
    .expect("retour-recorded");
    s.say(
        "carol",
        "!retour anonyme Au service de soins #hôpitaux #ONG\nUn essai.",
    )
    .expect("retour-recorded");
    s.say("bob", "!retour Sans facette du tout\nRien que du texte.")
        .expect("retour-recorded");
    s
}

#[test]
fn the_json_ld_export_expands_and_every_facet_is_a_concept_of_the_scheme() {
    let s = harvested();
    let dir = tempfile::tempdir().expect("tempdir");
    let n = folder::export(&s.store, None, Format::Jsonld, dir.path()).expect("export");
    assert_eq!(n, 3);
    assert!(
        dir.path().join("communs.jsonld").is_file(),
        "the scheme beside the index"
    );
    let out = Command::new(python())
        .arg("-c")
        .arg(SCRIPT)
        .arg(dir.path())
        .output()
        .expect("python runs");
    assert!(
        out.status.success(),
        "the JSON-LD processor failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    let report: serde_json::Value =
        serde_json::from_slice(&out.stdout).expect("the script's report");
    assert_eq!(report["items"], 3, "{report}");
    // R1: context (garden default), sheet, staffed association; R2: hospital, NGO; R3:
    // the garden's default context only.
    assert_eq!(report["terms"], 3 + 2 + 1, "{report}");
    assert_eq!(report["unresolved"], serde_json::json!([]), "{report}");
    assert_eq!(
        report["based"],
        serde_json::json!(["https://wiki.example.org/Fiche_Conseil"])
    );
    assert!(
        report["concepts"].as_u64().is_some_and(|c| c >= 20),
        "{report}"
    );

    let index: serde_json::Value = serde_json::from_str(
        &std::fs::read_to_string(dir.path().join("index.jsonld")).expect("index"),
    )
    .expect("JSON");
    let r2 = &index["@graph"][1];
    assert_eq!(r2["author"]["name"], "anonyme");
    assert_eq!(r2["inLanguage"], "fr");
    assert_eq!(
        r2["license"],
        "https://creativecommons.org/licenses/by-sa/4.0/"
    );
    assert_eq!(r2["about"][0]["@type"], "DefinedTerm");
    assert_eq!(r2["about"][0]["name"], "hôpital");
    let r1 = &index["@graph"][0];
    assert_eq!(r1["isBasedOn"]["comment"]["text"], "un exemple en primaire");
}

#[test]
fn the_csv_export_has_one_row_per_retour_with_its_facets() {
    let s = harvested();
    let dir = tempfile::tempdir().expect("tempdir");
    let n = folder::export(&s.store, None, Format::Csv, dir.path()).expect("export");
    assert_eq!(n, 3);
    let mut reader = csv::Reader::from_path(dir.path().join("retours.csv")).expect("csv");
    let header: Vec<String> = reader
        .headers()
        .expect("header")
        .iter()
        .map(str::to_owned)
        .collect();
    assert_eq!(header, tuteur::harvest::export::CSV_HEADER);
    let rows: Vec<csv::StringRecord> = reader.records().map(|r| r.expect("row")).collect();
    assert_eq!(rows.len(), 3);
    let col = |name: &str| header.iter().position(|h| h == name).expect("column");
    assert_eq!(&rows[0][col("title")], "Conseil coopératif");
    assert_eq!(&rows[0][col("contexts")], "éducation");
    assert_eq!(&rows[0][col("resource_kinds")], "fiche");
    assert_eq!(&rows[0][col("structures")], "association avec salarié·e·s");
    assert_eq!(&rows[0][col("keywords")], "gouvernance");
    assert_eq!(
        &rows[0][col("resource")],
        "https://wiki.example.org/Fiche_Conseil"
    );
    assert_eq!(&rows[1][col("author")], "anonyme");
    assert_eq!(&rows[1][col("contexts")], "hôpital");
    assert!(
        rows[0][col("text")].contains('\n'),
        "the text keeps its lines"
    );
}
