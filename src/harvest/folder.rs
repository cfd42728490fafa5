//! Writing the commons to a folder: one Markdown file per retour and `index.jsonld`. Used by
//! the commons deliverer and by `tuteur export`. Each file is written to a temporary name
//! and renamed, so a reader (a static site generator, a sync tool) never sees half a file.

use std::fs;
use std::io::Write;
use std::path::{Path, PathBuf};

use super::export::{ExportItem, file_name, jsonld_index, markdown};

/// The JSON-LD index's file name.
pub const INDEX_FILE: &str = "index.jsonld";

/// A file system failure, with the path it concerns.
#[derive(Debug, thiserror::Error)]
#[error("{action} {path}: {source}")]
pub struct FolderError {
    /// What was being done.
    pub action: &'static str,
    /// Where.
    pub path: PathBuf,
    /// What the system said.
    #[source]
    pub source: std::io::Error,
}

fn err<'a>(
    action: &'static str,
    path: &'a Path,
) -> impl FnOnce(std::io::Error) -> FolderError + 'a {
    move |source| FolderError {
        action,
        path: path.to_owned(),
        source,
    }
}

/// Creates the folder if needed.
pub fn ensure_dir(dir: &Path) -> Result<(), FolderError> {
    fs::create_dir_all(dir).map_err(err("creating", dir))
}

/// Writes `contents` to `dir/name` atomically (temporary file, sync, rename).
pub fn write_atomic(dir: &Path, name: &str, contents: &[u8]) -> Result<PathBuf, FolderError> {
    ensure_dir(dir)?;
    let path = dir.join(name);
    let tmp = dir.join(format!(".{name}.tmp"));
    let mut f = fs::File::create(&tmp).map_err(err("creating", &tmp))?;
    f.write_all(contents).map_err(err("writing", &tmp))?;
    f.sync_all().map_err(err("syncing", &tmp))?;
    drop(f);
    fs::rename(&tmp, &path).map_err(err("renaming to", &path))?;
    Ok(path)
}

/// Writes one retour's Markdown file.
pub fn write_markdown_one(dir: &Path, item: &ExportItem) -> Result<PathBuf, FolderError> {
    write_atomic(dir, &file_name(item), markdown(item).as_bytes())
}

/// Writes every retour's Markdown file; returns how many.
pub fn write_markdown(dir: &Path, items: &[ExportItem]) -> Result<usize, FolderError> {
    for item in items {
        write_markdown_one(dir, item)?;
    }
    Ok(items.len())
}

/// Writes the JSON-LD index of these retours, and beside it the concept scheme its
/// `DefinedTerm`s belong to (`communs.jsonld`).
pub fn write_index(dir: &Path, items: &[ExportItem]) -> Result<PathBuf, FolderError> {
    let index = jsonld_index(items);
    let text = serde_json::to_vec_pretty(&index).unwrap_or_else(|_| b"{}".to_vec());
    write_atomic(
        dir,
        crate::commons::vocab::SCHEME_FILE,
        crate::commons::vocab::SCHEME_JSONLD.as_bytes(),
    )?;
    write_atomic(dir, INDEX_FILE, &text)
}

/// The CSV file's name.
pub const CSV_FILE: &str = "retours.csv";

/// Writes every retour as one row of `retours.csv` (for spreadsheets).
pub fn write_csv(dir: &Path, items: &[ExportItem]) -> Result<PathBuf, FolderError> {
    let mut w = csv::Writer::from_writer(Vec::new());
    let io = |e: csv::Error| FolderError {
        action: "writing CSV for",
        path: dir.join(CSV_FILE),
        source: std::io::Error::other(e),
    };
    w.write_record(super::export::CSV_HEADER).map_err(io)?;
    for item in items {
        w.write_record(super::export::csv_row(item)).map_err(io)?;
    }
    let bytes = w.into_inner().map_err(|e| FolderError {
        action: "writing CSV for",
        path: dir.join(CSV_FILE),
        source: std::io::Error::other(e.to_string()),
    })?;
    write_atomic(dir, CSV_FILE, &bytes)
}

/// Removes a retour's Markdown file (a forgotten retour); absent is fine.
pub fn remove(dir: &Path, name: &str) -> Result<(), FolderError> {
    let path = dir.join(name);
    match fs::remove_file(&path) {
        Ok(()) => Ok(()),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(()),
        Err(e) => Err(err("removing", &path)(e)),
    }
}

/// What `tuteur export` writes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    /// One Markdown file with front matter per retour.
    Markdown,
    /// `index.jsonld`, the schema.org `CreativeWork` index, with `communs.jsonld` beside it.
    Jsonld,
    /// `retours.csv`, one row per retour, for spreadsheets.
    Csv,
}

/// Why `tuteur export` wrote nothing.
#[derive(Debug, thiserror::Error)]
pub enum ExportError {
    /// The store failed.
    #[error(transparent)]
    Store(#[from] crate::store::StoreError),
    /// Writing failed.
    #[error(transparent)]
    Folder(#[from] FolderError),
    /// No garden with this id in the store.
    #[error("no garden {0:?} in this store")]
    UnknownGarden(String),
    /// The garden does not share its harvest (organisation garden, or `communs non`).
    #[error(
        "the garden {0:?} does not share its harvest with the commons (organisation garden or `communs non`): nothing of it is exported"
    )]
    NotShared(String),
}

/// `tuteur export`: writes the exportable retours of the store (or of one garden) to
/// `out` in `format`; returns how many retours were written.
pub fn export(
    store: &dyn crate::store::Store,
    only: Option<&crate::model::GardenId>,
    format: Format,
    out: &Path,
) -> Result<usize, ExportError> {
    if let Some(id) = only {
        let tx = crate::store::Tx::new(store);
        let garden: Option<crate::garden::GardenState> =
            tx.get(crate::store::Tree::Gardens, id.as_str().as_bytes())?;
        match garden {
            None => return Err(ExportError::UnknownGarden(id.to_string())),
            Some(g) if !super::export::garden_shares(&g) => {
                return Err(ExportError::NotShared(id.to_string()));
            }
            Some(_) => {}
        }
    }
    let items = super::export::collect(store, only)?;
    match format {
        Format::Markdown => {
            ensure_dir(out)?;
            write_markdown(out, &items)?;
        }
        Format::Jsonld => {
            write_index(out, &items)?;
        }
        Format::Csv => {
            write_csv(out, &items)?;
        }
    }
    Ok(items.len())
}
