//! `tuteur backup` and `tuteur restore`.
//!
//! A backup is taken from the running bot when one answers on the store's control socket
//! (it makes the archive between two batches, so the archive is consistent), else from
//! the store directly (taking sled's lock, so never beside a running bot). The archive is
//! written to a temporary file next to `--out`, fsynced, then renamed over it: a reader
//! never sees half an archive and a failed backup leaves the previous one in place.
//!
//! A restore goes only into an empty or missing folder, and leaves out what belonged to the
//! old Matrix device (the sync position, undecryptable events kept for it): the restored
//! bot logs in as a new device and carries on from the backup's state.

use std::io::Write as _;
use std::path::Path;

use super::exit::{self, Failure};
use super::say;
use crate::archive::{Archive, ArchiveError};
use crate::model::Lang;
use crate::store::Tree;
use crate::store_dir::{OpenError, open_store};

/// What a backup or restore did, for its one line of output.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Done {
    /// Entries written.
    pub entries: u64,
    /// Gardens in the archive.
    pub gardens: usize,
    /// True when the running bot made the archive.
    pub from_bot: bool,
}

fn io_failure(lang: Lang, path: &Path, e: &std::io::Error) -> Failure {
    Failure::new(
        exit::IO,
        say(
            lang,
            "backup-cannot-write",
            &[
                ("path", &path.display().to_string()),
                ("problem", &e.to_string()),
            ],
        ),
    )
}

fn open_failure(e: OpenError) -> Failure {
    Failure::new(exit::open_code(&e), e.to_string())
}

/// `tuteur backup`: writes the archive of the store in `store` to `out`.
pub async fn backup(store: &Path, out: &Path, lang: Lang) -> Result<Done, Failure> {
    let folder = match out.parent() {
        Some(p) if !p.as_os_str().is_empty() => p,
        _ => Path::new("."),
    };
    // Before asking anything of the bot: can the archive be written at all?
    let mut tmp = tempfile::Builder::new()
        .prefix(".tuteur-backup-")
        .tempfile_in(folder)
        .map_err(|e| io_failure(lang, out, &e))?;
    let (bytes, from_bot) = match crate::control::request_backup(store).await {
        Ok(Some(bytes)) => (bytes, true),
        Ok(None) => {
            let s = open_store(store, false).map_err(open_failure)?;
            let archive =
                Archive::of(&s).map_err(|e| Failure::new(exit::FAILURE, e.to_string()))?;
            (archive.to_bytes(), false)
        }
        Err(e) => return Err(Failure::new(exit::TEMP, e.to_string())),
    };
    let archive =
        Archive::from_bytes(&bytes).map_err(|e| Failure::new(exit::FAILURE, e.to_string()))?;
    tmp.write_all(&bytes)
        .and_then(|()| tmp.as_file().sync_all())
        .map_err(|e| io_failure(lang, out, &e))?;
    tmp.persist(out)
        .map_err(|e| io_failure(lang, out, &e.error))?;
    // The rename itself is durable once the folder is synced.
    if let Ok(dir) = std::fs::File::open(folder) {
        dir.sync_all().ok();
    }
    Ok(Done {
        entries: archive.count,
        gardens: archive.entries_in(Tree::Gardens),
        from_bot,
    })
}

/// `tuteur restore`: writes the archive at `from` into the store folder `store`, which
/// must be empty or missing.
pub fn restore(store: &Path, from: &Path, lang: Lang) -> Result<Done, Failure> {
    let bytes = std::fs::read(from).map_err(|e| {
        Failure::new(
            exit::IO,
            say(
                lang,
                "restore-cannot-read",
                &[
                    ("path", &from.display().to_string()),
                    ("problem", &e.to_string()),
                ],
            ),
        )
    })?;
    let archive = Archive::from_bytes(&bytes).map_err(|e| {
        let code = match e {
            ArchiveError::Newer { .. } => exit::CONFIG,
            _ => exit::DATA,
        };
        Failure::new(
            code,
            say(
                lang,
                "restore-bad-archive",
                &[
                    ("path", &from.display().to_string()),
                    ("problem", &e.to_string()),
                ],
            ),
        )
    })?;
    let not_empty = std::fs::read_dir(store).map(|mut d| d.next().is_some());
    match not_empty {
        Ok(true) => {
            return Err(Failure::new(
                exit::CANT_CREATE,
                say(
                    lang,
                    "restore-not-empty",
                    &[("path", &store.display().to_string())],
                ),
            ));
        }
        Ok(false) => {}
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
        Err(e) => return Err(io_failure(lang, store, &e)),
    }
    std::fs::create_dir_all(store).map_err(|e| io_failure(lang, store, &e))?;
    let s = open_store(store, true).map_err(open_failure)?;
    let entries = archive
        .restore_into(&s, &|tree, key| {
            crate::matrix::left_out_of_restore(tree, key)
        })
        .map_err(|e| Failure::new(exit::FAILURE, e.to_string()))?;
    drop(s);
    // Reopened once, so that a backup of an older schema is migrated now.
    open_store(store, false).map_err(open_failure)?;
    Ok(Done {
        entries,
        gardens: archive.entries_in(Tree::Gardens),
        from_bot: false,
    })
}

/// The line printed after a backup or restore.
pub fn done_line(lang: Lang, id: &str, path: &Path, done: &Done) -> String {
    crate::i18n::tr(
        lang,
        chrono_tz::UTC,
        &crate::model::Msg::new(id)
            .text("path", path.display().to_string())
            .num("entries", done.entries as i64)
            .num("gardens", done.gardens as i64)
            .text("source", if done.from_bot { "bot" } else { "store" }),
    )
}
