//! The submissions of a batch: which folders, under which names, and how
//! each one runs.

use std::path::{Path, PathBuf};

use kit_harness::submission_kind::{self, HOW_TO_SAY_HOW_IT_RUNS};
use kit_harness::{Target, Toolchain};

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Submission {
    /// Its folder's name, unique in the batch and safe as a folder name:
    /// where its report goes under `--out`.
    pub name: String,
    pub dir: PathBuf,
    pub how: HowToRun,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum HowToRun {
    /// A cargo crate: `kit grade` builds it.
    Cargo,
    /// `command = "..."` of its `interview-kit.toml` (no `language`), run from its folder.
    Command(String),
    /// A Python or Node project: `kit grade` installs and runs it.
    Project(Toolchain),
    /// Neither: why, for the index.
    Unknown(String),
}

/// The submissions `paths` name: each a submission folder, or a folder of
/// them (one that says nothing of how it runs), in the
/// order given and, within a folder, by name.
pub fn discover(paths: &[PathBuf]) -> Result<Vec<Submission>, String> {
    let mut found: Vec<(PathBuf, HowToRun)> = Vec::new();
    for path in paths {
        let dir = path
            .canonicalize()
            .map_err(|error| format!("{}: {error}", path.display()))?;
        if !dir.is_dir() {
            return Err(format!(
                "{} is not a folder: name submission folders, or a folder of them",
                path.display()
            ));
        }
        if let Some(how) = how_to_run(&dir) {
            found.push((dir, how));
            continue;
        }
        let mut inner: Vec<PathBuf> = std::fs::read_dir(&dir)
            .map_err(|error| format!("{}: {error}", path.display()))?
            .flatten()
            .filter(|entry| entry.file_type().is_ok_and(|kind| kind.is_dir()))
            .filter(|entry| !entry.file_name().to_string_lossy().starts_with('.'))
            .map(|entry| entry.path())
            .collect();
        if inner.is_empty() {
            return Err(format!(
                "{} holds no submission ({HOW_TO_SAY_HOW_IT_RUNS}) and no subfolders",
                path.display()
            ));
        }
        inner.sort();
        for dir in inner {
            let how = how_to_run(&dir).unwrap_or_else(|| {
                HowToRun::Unknown(format!(
                    "nothing says how it runs: {HOW_TO_SAY_HOW_IT_RUNS}"
                ))
            });
            found.push((dir, how));
        }
    }
    let mut names: Vec<String> = Vec::new();
    Ok(found
        .into_iter()
        .map(|(dir, how)| {
            let name = unique(folder_name(&dir), &names);
            names.push(name.clone());
            Submission { name, dir, how }
        })
        .collect())
}

/// How the folder runs, if it says (`kit_harness::submission_kind`, as
/// `kit grade` reads it): a manifest that cannot be used is an answer too,
/// `Unknown`, with why.
fn how_to_run(dir: &Path) -> Option<HowToRun> {
    match submission_kind::detect(dir) {
        Ok(Some(Target::Cargo { .. })) => Some(HowToRun::Cargo),
        Ok(Some(Target::Command { command, .. })) => Some(HowToRun::Command(command)),
        Ok(Some(Target::Project { toolchain, .. })) => Some(HowToRun::Project(toolchain)),
        Ok(None) => None,
        Err(why) => Some(HowToRun::Unknown(why)),
    }
}

/// The folder's name with anything but letters, digits, `.`, `-` and `_`
/// replaced, never starting with a dot: a folder name under `--out`.
fn folder_name(dir: &Path) -> String {
    let name = crate::repo::plain_name(dir, &['.']);
    match name.strip_prefix('.') {
        _ if name.is_empty() => "submission".to_owned(),
        Some(_) => format!("_{name}"),
        None => name,
    }
}

fn unique(name: String, taken: &[String]) -> String {
    if !taken.contains(&name) {
        return name;
    }
    (2..)
        .map(|number| format!("{name}-{number}"))
        .find(|candidate| !taken.contains(candidate))
        .unwrap_or(name)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn write(path: &Path, text: &str) {
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent).unwrap_or_else(|error| panic!("{error}"));
        }
        std::fs::write(path, text).unwrap_or_else(|error| panic!("{error}"));
    }

    #[test]
    fn a_folder_of_folders_stands_for_each_and_says_how_each_runs() {
        let root = tempfile::tempdir().unwrap_or_else(|error| panic!("{error}"));
        let cohort = root.path().join("cohort");
        write(&cohort.join("alice/Cargo.toml"), "[package]\n");
        write(
            &cohort.join("bob/interview-kit.toml"),
            "command = \"python3 app.py\"\n",
        );
        write(&cohort.join("carol/app.js"), "");
        write(&cohort.join("dave/interview-kit.toml"), "cmd = 1\n");
        write(&cohort.join("erin/requirements.txt"), "fastapi\n");
        write(&cohort.join("erin/main.py"), "");
        write(&cohort.join(".git/HEAD"), "");
        let found = discover(&[cohort]).unwrap_or_else(|error| panic!("{error}"));
        let summary: Vec<(&str, &HowToRun)> = found
            .iter()
            .map(|submission| (submission.name.as_str(), &submission.how))
            .collect();
        assert_eq!(summary.len(), 5, "{summary:?}");
        assert_eq!(summary[0], ("alice", &HowToRun::Cargo));
        assert_eq!(
            summary[1],
            ("bob", &HowToRun::Command("python3 app.py".to_owned()))
        );
        assert!(
            matches!(summary[2], ("carol", HowToRun::Unknown(why)) if why.contains("Cargo.toml")),
            "{summary:?}"
        );
        assert!(
            matches!(summary[3], ("dave", HowToRun::Unknown(why)) if why.contains("cmd")),
            "{summary:?}"
        );
        assert_eq!(summary[4], ("erin", &HowToRun::Project(Toolchain::Python)));
    }

    #[test]
    fn names_are_unique_and_safe_as_folder_names() {
        let root = tempfile::tempdir().unwrap_or_else(|error| panic!("{error}"));
        for dir in ["a/sub mission", "b/sub mission", "c/.hidden"] {
            write(&root.path().join(dir).join("Cargo.toml"), "");
        }
        let found = discover(&[
            root.path().join("a/sub mission"),
            root.path().join("b/sub mission"),
            root.path().join("c/.hidden"),
        ])
        .unwrap_or_else(|error| panic!("{error}"));
        let names: Vec<&str> = found.iter().map(|found| found.name.as_str()).collect();
        assert_eq!(names, ["sub_mission", "sub_mission-2", "_.hidden"]);
    }

    #[test]
    fn a_missing_folder_or_an_empty_one_is_refused_with_its_name() {
        let root = tempfile::tempdir().unwrap_or_else(|error| panic!("{error}"));
        let missing = discover(&[root.path().join("nope")]);
        assert!(missing.is_err_and(|error| error.contains("nope")));
        let empty = discover(&[root.path().to_path_buf()]);
        assert!(empty.is_err_and(|error| error.contains("holds no submission")));
    }
}
