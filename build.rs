//! Embeds every `locales/<lang>/*.ftl` file into the binary.
//!
//! `fluent-templates`' `static_loader!` lists the folder when the macro expands, so an
//! edited file triggers a rebuild but a new file does not (a proc macro cannot declare a
//! folder dependency on stable Rust). Here the folder itself is declared with
//! `rerun-if-changed`, and each file is pulled in with `include_str!`, so both edits and
//! new files rebuild the crate. `src/i18n.rs` includes the generated list.

use std::error::Error;
use std::fmt::Write as _;
use std::fs;
use std::path::{Path, PathBuf};

fn main() -> Result<(), Box<dyn Error>> {
    let root = PathBuf::from(std::env::var("CARGO_MANIFEST_DIR")?);
    let locales = root.join("locales");
    println!("cargo::rerun-if-changed=build.rs");
    println!("cargo::rerun-if-changed=locales");

    let mut code = String::from(
        "/// Every embedded locale file: (language tag, file name, Fluent source).\n\
         pub(crate) static LOCALE_FILES: &[(&str, &str, &str)] = &[\n",
    );
    for (lang, dir) in sorted_entries(&locales, |p| p.is_dir())? {
        for (name, file) in sorted_entries(&dir, |p| {
            p.is_file() && p.extension().is_some_and(|e| e == "ftl")
        })? {
            let path = file.to_str().ok_or("locale path is not UTF-8")?;
            writeln!(code, "    ({lang:?}, {name:?}, include_str!({path:?})),")?;
        }
    }
    code.push_str("];\n");

    let out = PathBuf::from(std::env::var("OUT_DIR")?).join("locales.rs");
    fs::write(out, code)?;
    Ok(())
}

/// The entries of `dir` that pass `keep`, as (file name, path), sorted by name so the
/// generated code (and the bundle's resource order) is stable. A missing folder is empty.
fn sorted_entries(
    dir: &Path,
    keep: impl Fn(&Path) -> bool,
) -> Result<Vec<(String, PathBuf)>, Box<dyn Error>> {
    if !dir.is_dir() {
        return Ok(Vec::new());
    }
    let mut found = Vec::new();
    for entry in fs::read_dir(dir)? {
        let path = entry?.path();
        let name = path
            .file_name()
            .and_then(|n| n.to_str())
            .ok_or("locale file name is not UTF-8")?
            .to_owned();
        // Editors' lock and swap files (`.#tuteur.ftl`) are not locales.
        if name.starts_with('.') || !keep(&path) {
            continue;
        }
        found.push((name, path));
    }
    found.sort();
    Ok(found)
}
