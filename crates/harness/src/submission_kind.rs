//! How a submission folder runs, read from what it holds: a cargo crate
//! (`Cargo.toml`), a run manifest ([`RUN_MANIFEST`], which `kit package`
//! writes for other languages), or a Python or Node project recognised by
//! its files. One answer for `kit grade` and `kit batch` alike.

use std::path::Path;

use serde::Deserialize;

use crate::target::{Target, Toolchain};

/// The file a submission holds to say how it runs.
pub const RUN_MANIFEST: &str = "interview-kit.toml";

/// What `interview-kit.toml` may say.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RunManifest {
    /// A shell command run from the submission's folder: `python main.py`.
    command: String,
    /// `python`, `typescript`, `javascript` or `node`: the kit installs the
    /// project's dependencies first. Without it the command runs as it is.
    #[serde(default)]
    language: Option<String>,
}

/// The target `dir` stands for: `Ok(None)` when nothing in it says how it
/// runs, `Err` when a manifest says so unreadably (with why).
pub fn detect(dir: &Path) -> Result<Option<Target>, String> {
    if dir.join("Cargo.toml").is_file() {
        return Ok(Some(Target::Cargo {
            path: dir.to_path_buf(),
        }));
    }
    let manifest = dir.join(RUN_MANIFEST);
    if manifest.is_file() {
        return from_manifest(dir, &manifest).map(Some);
    }
    Ok(recognised_project(dir))
}

fn from_manifest(dir: &Path, manifest: &Path) -> Result<Target, String> {
    let text =
        std::fs::read_to_string(manifest).map_err(|error| format!("{RUN_MANIFEST}: {error}"))?;
    let RunManifest { command, language } = toml::from_str(&text)
        .map_err(|error| format!("{RUN_MANIFEST}: {}", error.to_string().trim()))?;
    if command.trim().is_empty() {
        return Err(format!("{RUN_MANIFEST}: `command` is empty"));
    }
    let Some(language) = language else {
        return Ok(Target::Command {
            command,
            dir: dir.to_path_buf(),
        });
    };
    let toolchain = match language.to_ascii_lowercase().as_str() {
        "python" => Toolchain::Python,
        "typescript" | "javascript" | "node" => Toolchain::Node,
        other => {
            return Err(format!(
                "{RUN_MANIFEST}: language {other:?} is not one the kit installs \
                 (python, typescript, javascript); leave `language` out to run \
                 `command` as it is"
            ));
        }
    };
    Ok(Target::Project {
        path: dir.to_path_buf(),
        toolchain,
        command,
    })
}

/// A Python or Node project without a manifest, and the command its
/// conventions suggest: `python main.py` (or `app.py`), `npm start`.
fn recognised_project(dir: &Path) -> Option<Target> {
    let project = |toolchain, command: &str| {
        Some(Target::Project {
            path: dir.to_path_buf(),
            toolchain,
            command: command.to_owned(),
        })
    };
    if dir.join("package.json").is_file() {
        return project(Toolchain::Node, "npm start");
    }
    if dir.join("requirements.txt").is_file() || dir.join("pyproject.toml").is_file() {
        let entry = ["main.py", "app.py"]
            .into_iter()
            .find(|file| dir.join(file).is_file())?;
        return project(Toolchain::Python, &format!("python {entry}"));
    }
    None
}

/// What to tell someone whose folder says nothing of how it runs.
pub const HOW_TO_SAY_HOW_IT_RUNS: &str = "no Cargo.toml, no interview-kit.toml (`command = \"...\"`), \
     no package.json, and no requirements.txt or pyproject.toml beside a main.py or app.py";

#[cfg(test)]
mod tests {
    use super::*;

    fn folder(files: &[(&str, &str)]) -> tempfile::TempDir {
        let dir = tempfile::tempdir().unwrap_or_else(|error| panic!("{error}"));
        for (name, text) in files {
            std::fs::write(dir.path().join(name), text).unwrap_or_else(|error| panic!("{error}"));
        }
        dir
    }

    /// Files in a folder, and how it runs: `cargo`, or a command and the
    /// toolchain that installs it.
    type Case = (
        &'static [(&'static str, &'static str)],
        Option<(&'static str, Option<Toolchain>)>,
    );

    #[test]
    fn a_crate_a_manifest_and_each_kind_of_project_are_recognised() {
        let cases: &[Case] = &[
            (
                &[("Cargo.toml", ""), ("package.json", "{}")],
                Some(("cargo", None)),
            ),
            (
                &[(RUN_MANIFEST, "command = \"./serve\"\n")],
                Some(("./serve", None)),
            ),
            (
                &[
                    (
                        RUN_MANIFEST,
                        "language = \"typescript\"\ncommand = \"node dist/server.js\"\n",
                    ),
                    ("package.json", "{}"),
                ],
                Some(("node dist/server.js", Some(Toolchain::Node))),
            ),
            (
                &[("package.json", "{}")],
                Some(("npm start", Some(Toolchain::Node))),
            ),
            (
                &[("requirements.txt", ""), ("app.py", "")],
                Some(("python app.py", Some(Toolchain::Python))),
            ),
            (
                &[("pyproject.toml", ""), ("main.py", ""), ("app.py", "")],
                Some(("python main.py", Some(Toolchain::Python))),
            ),
            (&[("requirements.txt", "")], None),
            (&[("notes.txt", "")], None),
        ];
        for (files, expected) in cases {
            let dir = folder(files);
            let found = detect(dir.path()).unwrap_or_else(|error| panic!("{files:?}: {error}"));
            let found = found.map(|target| match target {
                Target::Cargo { .. } => ("cargo".to_owned(), None),
                Target::Command { command, .. } => (command, None),
                Target::Project {
                    command, toolchain, ..
                } => (command, Some(toolchain)),
            });
            let expected = expected.map(|(command, toolchain)| (command.to_owned(), toolchain));
            assert_eq!(found, expected, "{files:?}");
        }
    }

    #[test]
    fn a_manifest_that_cannot_be_used_says_why() {
        for (text, why) in [
            ("command = \"\"\n", "`command` is empty"),
            ("command = \"x\"\nlanguage = \"cobol\"\n", "\"cobol\""),
            ("comand = \"x\"\n", "unknown field"),
        ] {
            let dir = folder(&[(RUN_MANIFEST, text)]);
            let error = detect(dir.path()).err().unwrap_or_default();
            assert!(error.contains(why), "{text}: {error}");
        }
    }
}
