//! The commons' formats: a retour as Markdown with front matter, and as a
//! schema.org `CreativeWork` in a JSON-LD index. Pure functions of the records, shared by
//! the export folder, the webhook payload and `tuteur export`.
//!
//! Which retours may leave their garden is decided here too ([`exportable`]): only those
//! harvested while their garden shared, and only while it still shares; never anything of
//! an organisation garden.

use serde_json::{Value, json};

use crate::garden::GardenState;
use crate::model::{GardenId, Lang, RunId};
use crate::registers::{LICENCE_NAME, LICENCE_URL, RetourRecord, retours};
use crate::store::{Store, StoreError, Tree, Tx, decode};

/// A retour with what the formats need to know of its garden.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ExportItem {
    /// The garden's id.
    pub garden_id: GardenId,
    /// The garden's name.
    pub garden_name: String,
    /// The garden's language.
    pub lang: Lang,
    /// The retour.
    pub retour: RetourRecord,
}

/// Whether a garden's retours may leave it at all.
pub fn garden_shares(garden: &GardenState) -> bool {
    garden.settings.shares()
}

/// Whether this retour of this garden may leave it.
pub fn exportable(garden: &GardenState, r: &RetourRecord) -> bool {
    garden_shares(garden) && r.shared
}

/// Every exportable retour in the store, garden by garden (or of one garden), in number
/// order. A garden that does not share contributes nothing.
pub fn collect(store: &dyn Store, only: Option<&GardenId>) -> Result<Vec<ExportItem>, StoreError> {
    let tx = Tx::new(store);
    let gardens: Vec<GardenState> = match only {
        Some(id) => tx
            .get::<GardenState>(Tree::Gardens, id.as_str().as_bytes())?
            .into_iter()
            .collect(),
        None => store
            .scan_prefix(Tree::Gardens, &[])?
            .into_iter()
            .map(|(_, v)| decode(Tree::Gardens, &v))
            .collect::<Result<_, _>>()?,
    };
    let mut out = Vec::new();
    for g in gardens.iter().filter(|g| garden_shares(g)) {
        for r in retours::all(&tx, &g.id)? {
            if exportable(g, &r) {
                out.push(item(g, r));
            }
        }
    }
    Ok(out)
}

/// Builds the export item of one retour.
pub fn item(garden: &GardenState, retour: RetourRecord) -> ExportItem {
    ExportItem {
        garden_id: garden.id.clone(),
        garden_name: garden.display_name(),
        lang: garden.settings.lang,
        retour,
    }
}

/// A stable identifier for a retour across gardens: `<garden id>/R17`.
pub fn identifier(item: &ExportItem) -> String {
    format!("{}/{}", item.garden_id, item.retour.id)
}

/// The retour's facets as schema.org `DefinedTerm`s of the shipped scheme: node
/// references by IRI, so that any JSON-LD processor resolves them to the scheme's concepts
/// (exported beside the index as `communs.jsonld`).
pub fn defined_terms(r: &RetourRecord, lang: Lang) -> Vec<Value> {
    let s = crate::commons::vocab::scheme();
    r.facets
        .iter()
        .filter_map(|k| s.by_key(k))
        .map(|c| {
            json!({
                "@type": "DefinedTerm",
                "@id": c.iri,
                "termCode": c.key(),
                "name": c.label(lang),
                "inDefinedTermSet": { "@id": s.iri },
            })
        })
        .collect()
}

/// The retour as a schema.org `CreativeWork` (without `@context`, for use in a graph).
pub fn creative_work(item: &ExportItem) -> Value {
    let r = &item.retour;
    let mut v = json!({
        "@type": "CreativeWork",
        "identifier": identifier(item),
        "name": r.title,
        "text": r.text,
        "author": { "@type": "Person", "name": r.credit() },
        "dateCreated": r.at.to_rfc3339_opts(chrono::SecondsFormat::Secs, true),
        "keywords": r.tags,
        "inLanguage": item.lang.tag(),
        "license": LICENCE_URL,
        "creditText": format!("{}, {LICENCE_NAME}", r.credit()),
        "isPartOf": {
            "@type": "CreativeWork",
            "name": item.garden_name,
            "identifier": item.garden_id.as_str(),
        },
        "about": defined_terms(r, item.lang),
    });
    if let (Some(url), Value::Object(map)) = (&r.resource, &mut v) {
        let mut based = json!({ "@type": "CreativeWork", "@id": url, "url": url });
        if let (Some(imp), Value::Object(b)) = (&r.improvement, &mut based) {
            // The author's suggestion for the resource, as a comment on it.
            b.insert(
                "comment".to_owned(),
                json!({ "@type": "Comment", "text": imp, "author": { "@type": "Person", "name": r.credit() } }),
            );
        }
        map.insert("isBasedOn".to_owned(), based);
    }
    v
}

/// The columns of `tuteur export --format csv`, in order.
pub const CSV_HEADER: [&str; 15] = [
    "identifier",
    "title",
    "author",
    "date",
    "garden",
    "garden_id",
    "language",
    "contexts",
    "resource_kinds",
    "structures",
    "keywords",
    "resource",
    "improvement",
    "license",
    "text",
];

/// One retour as a CSV row ([`CSV_HEADER`]); several values in a cell are joined by `; `.
pub fn csv_row(item: &ExportItem) -> Vec<String> {
    use crate::commons::vocab::{Facet, scheme};
    let r = &item.retour;
    let s = scheme();
    let facet = |f: Facet| -> String {
        r.facets
            .iter()
            .filter_map(|k| s.by_key(k))
            .filter(|c| c.facet == f)
            .map(|c| c.label(item.lang).to_owned())
            .collect::<Vec<_>>()
            .join("; ")
    };
    vec![
        identifier(item),
        r.title.clone(),
        r.credit().to_owned(),
        r.at.to_rfc3339_opts(chrono::SecondsFormat::Secs, true),
        item.garden_name.clone(),
        item.garden_id.to_string(),
        item.lang.tag().to_owned(),
        facet(Facet::Context),
        facet(Facet::Resource),
        facet(Facet::Structure),
        s.free_keywords(&r.tags).join("; "),
        r.resource.clone().unwrap_or_default(),
        r.improvement.clone().unwrap_or_default(),
        LICENCE_URL.to_owned(),
        r.text.clone(),
    ]
}

/// One retour as a standalone JSON-LD document (the webhook's payload).
pub fn jsonld_document(item: &ExportItem) -> Value {
    let mut v = creative_work(item);
    if let Value::Object(map) = &mut v {
        map.insert("@context".to_owned(), json!("https://schema.org"));
    }
    v
}

/// The JSON-LD index of many retours: one document with a `@graph`.
pub fn jsonld_index(items: &[ExportItem]) -> Value {
    json!({
        "@context": "https://schema.org",
        "@graph": items.iter().map(creative_work).collect::<Vec<_>>(),
    })
}

/// The YAML front matter of a retour's Markdown file.
#[derive(serde::Serialize)]
struct FrontMatter<'a> {
    id: String,
    title: &'a str,
    author: &'a str,
    date: String,
    garden: &'a str,
    garden_id: &'a str,
    lang: &'a str,
    keywords: &'a [String],
    license: &'a str,
    license_url: &'a str,
}

/// The retour as Markdown: YAML front matter (written by serde), then its text.
pub fn markdown(item: &ExportItem) -> String {
    let r = &item.retour;
    let front = FrontMatter {
        id: identifier(item),
        title: &r.title,
        author: r.credit(),
        date: r.at.to_rfc3339_opts(chrono::SecondsFormat::Secs, true),
        garden: &item.garden_name,
        garden_id: item.garden_id.as_str(),
        lang: item.lang.tag(),
        keywords: &r.tags,
        license: LICENCE_NAME,
        license_url: LICENCE_URL,
    };
    let mut out = String::with_capacity(r.text.len() + 512);
    out.push_str("---\n");
    out.push_str(&serde_norway::to_string(&front).unwrap_or_default());
    out.push_str("---\n\n");
    out.push_str(&format!("# {}\n\n", r.title));
    out.push_str(r.text.trim_end());
    out.push_str(&format!(
        "\n\n---\n{} — {LICENCE_NAME} ({LICENCE_URL})\n",
        r.credit()
    ));
    out
}

/// A file name for a retour: the garden id made safe for every file system, and the id
/// (`jardin-lyon-example-org-R17.md`).
pub fn file_name(item: &ExportItem) -> String {
    file_name_of(&item.garden_id, item.retour.id)
}

/// The file name of retour `id` of `garden` (also to remove the file of a forgotten one).
pub fn file_name_of(garden: &GardenId, id: RunId) -> String {
    let mut slug = String::new();
    for c in garden.as_str().chars() {
        let c = if c.is_ascii_alphanumeric() {
            c.to_ascii_lowercase()
        } else {
            '-'
        };
        if !(c == '-' && (slug.is_empty() || slug.ends_with('-'))) {
            slug.push(c);
        }
    }
    let slug = slug.trim_end_matches('-');
    let slug = if slug.is_empty() { "jardin" } else { slug };
    let slug: String = slug.chars().take(80).collect();
    format!("{slug}-{id}.md")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{RunKind, UserId};
    use crate::registers::retours::RetourSource;
    use chrono::{TimeZone, Utc};

    fn sample() -> ExportItem {
        ExportItem {
            garden_id: GardenId::new("!lyon:example.org"),
            garden_name: "Jardin de Lyon".into(),
            lang: Lang::Fr,
            retour: RetourRecord {
                id: RunId::new(RunKind::Retour, 3),
                garden: GardenId::new("!lyon:example.org"),
                author: Some(UserId::new("@alice:example.org")),
                author_name: "Alice".into(),
                anonymous: false,
                title: "Titre: \"citation\"".into(),
                text: "Titre\n---\nsuite".into(),
                tags: vec!["éducation".into()],
                at: Utc
                    .with_ymd_and_hms(2026, 11, 23, 9, 0, 0)
                    .single()
                    .expect("date"),
                source_event: None,
                source: RetourSource::Command,
                licence: LICENCE_NAME.into(),
                shared: true,
                facets: Vec::new(),
                resource: None,
                improvement: None,
            },
        }
    }

    #[test]
    fn formats() {
        let item = sample();
        let md = markdown(&item);
        let (front, body) = md
            .strip_prefix("---\n")
            .and_then(|rest| rest.split_once("\n---\n"))
            .expect("front matter");
        let front: serde_norway::Value = serde_norway::from_str(front).expect("YAML");
        assert_eq!(front["id"].as_str(), Some("!lyon:example.org/R3"));
        assert_eq!(front["title"].as_str(), Some("Titre: \"citation\""));
        assert_eq!(front["author"].as_str(), Some("Alice"));
        assert_eq!(front["keywords"][0].as_str(), Some("éducation"));
        assert_eq!(front["date"].as_str(), Some("2026-11-23T09:00:00Z"));
        assert!(body.contains("Titre\n---\nsuite"), "{body}");
        assert_eq!(file_name(&item), "lyon-example-org-R3.md");
        let v = jsonld_index(std::slice::from_ref(&item));
        assert_eq!(v["@graph"][0]["license"], LICENCE_URL);
        assert_eq!(v["@graph"][0]["author"]["name"], "Alice");
        assert_eq!(v["@graph"][0]["isPartOf"]["name"], "Jardin de Lyon");
        let mut anon = item;
        anon.retour.anonymise();
        assert_eq!(jsonld_document(&anon)["author"]["name"], "anonyme");
    }
}
