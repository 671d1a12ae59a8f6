//! Which folders under `$HOME` a sandboxed program may see: the toolchains
//! on `PATH` (pyenv, nvm, rustup, ...), read-only, by their own paths, so
//! `python3` or `node` installed per user still runs. Nothing else of the
//! home folder is visible.

use std::path::{Path, PathBuf};

/// Per-user toolchain managers: a `PATH` entry under one of these (relative
/// to `$HOME`) exposes the manager's whole folder, since its shims and
/// versions live side by side.
const TOOLCHAIN_ROOTS: &[&str] = &[
    ".pyenv",
    ".nvm",
    ".rbenv",
    ".asdf",
    ".volta",
    ".rustup",
    ".bun",
    ".deno",
    ".sdkman",
    ".fnm",
    ".local/share/fnm",
    ".local/share/mise",
];

/// The folders under `home` to make visible for a program run with `path`
/// (a `PATH` value): each toolchain root whose `bin` or shims are on it,
/// else the `PATH` entry alone. `~/.cargo/bin` brings `~/.rustup` (the
/// proxies need it) but never the rest of `~/.cargo` (registry
/// credentials). Sorted, without duplicates or folders that do not exist.
pub fn toolchains_under_home(home: &Path, path: &str) -> Vec<PathBuf> {
    let mut exposed = Vec::new();
    for entry in std::env::split_paths(path) {
        let Ok(relative) = entry.strip_prefix(home) else {
            continue;
        };
        if relative.as_os_str().is_empty() {
            // `$HOME` itself on PATH: never exposed whole.
            continue;
        }
        if relative.starts_with(".cargo") {
            exposed.push(home.join(".cargo/bin"));
            exposed.push(home.join(".rustup"));
            continue;
        }
        match TOOLCHAIN_ROOTS
            .iter()
            .find(|root| relative.starts_with(root))
        {
            Some(root) => exposed.push(home.join(root)),
            None => exposed.push(entry.clone()),
        }
    }
    exposed.retain(|dir| dir.is_dir());
    exposed.sort();
    exposed.dedup();
    exposed
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn exposes_toolchain_roots_and_plain_entries_but_never_home_or_cargo_credentials() {
        let home = tempfile::tempdir().unwrap_or_else(|error| panic!("{error}"));
        for dir in [
            ".pyenv/shims",
            ".pyenv/versions/3.11/bin",
            ".cargo/bin",
            ".rustup",
            ".local/bin",
            ".ssh",
        ] {
            std::fs::create_dir_all(home.path().join(dir))
                .unwrap_or_else(|error| panic!("{error}"));
        }
        let h = home.path().display();
        let path = format!(
            "{h}/.pyenv/shims:{h}/.pyenv/versions/3.11/bin:{h}/.cargo/bin:{h}/.local/bin:{h}:/usr/bin:{h}/missing"
        );
        let exposed = toolchains_under_home(home.path(), &path);
        let names: Vec<String> = exposed
            .iter()
            .map(|dir| {
                dir.strip_prefix(home.path())
                    .map_or_else(|_| dir.display().to_string(), |p| p.display().to_string())
            })
            .collect();
        assert_eq!(names, [".cargo/bin", ".local/bin", ".pyenv", ".rustup"]);
    }
}
