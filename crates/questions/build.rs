//! Embeds the question bank (`docs/questions/*.toml`) so that `kit` proposes
//! questions wherever its binary runs, not only inside the repository.

use std::fmt::Write as _;
use std::path::{Path, PathBuf};

fn main() {
    let manifest_dir = PathBuf::from(std::env::var_os("CARGO_MANIFEST_DIR").unwrap_or_default());
    let bank = manifest_dir.join("../../docs/questions");
    // A directory is watched whole: adding, editing or removing a file rebuilds.
    println!("cargo:rerun-if-changed={}", bank.display());

    let mut files: Vec<PathBuf> = match std::fs::read_dir(&bank) {
        Ok(entries) => entries
            .filter_map(Result::ok)
            .map(|entry| entry.path())
            .filter(|path| path.extension().is_some_and(|ext| ext == "toml"))
            .collect(),
        Err(error) => panic!("cannot read the question bank {}: {error}", bank.display()),
    };
    files.sort();

    let mut code = String::from("pub(crate) const FILES: &[(&str, &str)] = &[\n");
    for file in &files {
        let name = file
            .file_name()
            .map(|name| name.to_string_lossy().into_owned())
            .unwrap_or_default();
        let absolute = file.canonicalize().unwrap_or_else(|_| file.clone());
        let _ = writeln!(
            code,
            "    ({name:?}, include_str!({:?})),",
            absolute.display().to_string()
        );
    }
    code.push_str("];\n");

    let out_dir = PathBuf::from(std::env::var_os("OUT_DIR").unwrap_or_default());
    let out = Path::new(&out_dir).join("bank_files.rs");
    if let Err(error) = std::fs::write(&out, code) {
        panic!("cannot write {}: {error}", out.display());
    }
}
