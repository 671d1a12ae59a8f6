//! `kit package`: what a candidate receives builds on its own, away from
//! this repository (a Rust package from the local cargo cache only; Python
//! and TypeScript ones from PyPI and npm, under the long corpora), and shows
//! nothing of the hidden checks.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};
use std::process::{Command, Output};
use std::time::Instant;

use kit_harness::testing::{Tool, long_corpus, require};
use tempfile::TempDir;

use crate::common::repo_root;

/// Runs kit from `dir`, outside the repository unless told otherwise.
fn kit_in(dir: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_kit"))
        .args(args)
        .current_dir(dir)
        .output()
        .unwrap_or_else(|error| panic!("cannot run kit: {error}"))
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

fn temp_dir() -> TempDir {
    let dir = tempfile::tempdir().unwrap_or_else(|error| panic!("{error}"));
    assert!(
        !dir.path().starts_with(repo_root()),
        "the temporary folder must be outside the repository"
    );
    dir
}

/// Packages `exercise` into a fresh temporary folder; returns it and the package's name.
fn package(exercise: &str) -> (TempDir, String) {
    let out = temp_dir();
    let output = kit_in(
        out.path(),
        &["package", exercise, "--out", &out.path().to_string_lossy()],
    );
    assert_eq!(
        output.status.code(),
        Some(0),
        "{}{}",
        text(&output.stdout),
        text(&output.stderr)
    );
    let name = std::fs::read_dir(out.path())
        .unwrap_or_else(|error| panic!("{error}"))
        .filter_map(|entry| entry.ok()?.file_name().into_string().ok())
        .find(|name| name.ends_with("-candidate"))
        .unwrap_or_else(|| panic!("no package folder in {}", out.path().display()));
    let stdout = text(&output.stdout);
    assert!(stdout.contains(&format!("{name}.tar.gz")), "{stdout}");
    assert!(stdout.contains("cargo test"), "{stdout}");
    (out, name)
}

/// Every file under `dir` (relative path → contents).
fn files(dir: &Path) -> BTreeMap<PathBuf, Vec<u8>> {
    fn walk(dir: &Path, base: &Path, found: &mut BTreeMap<PathBuf, Vec<u8>>) {
        for entry in std::fs::read_dir(dir).unwrap_or_else(|error| panic!("{error}")) {
            let path = entry.unwrap_or_else(|error| panic!("{error}")).path();
            if path.is_dir() {
                walk(&path, base, found);
            } else {
                let relative = path.strip_prefix(base).unwrap_or(&path).to_path_buf();
                found.insert(
                    relative,
                    std::fs::read(&path).unwrap_or_else(|error| panic!("{error}")),
                );
            }
        }
    }
    let mut found = BTreeMap::new();
    walk(dir, dir, &mut found);
    found
}

fn unpack(archive: &Path, into: &Path) {
    let file = std::fs::File::open(archive).unwrap_or_else(|error| panic!("{error}"));
    tar::Archive::new(flate2::read::GzDecoder::new(file))
        .unpack(into)
        .unwrap_or_else(|error| panic!("cannot unpack {}: {error}", archive.display()));
}

/// Every id and id group (`q1.update`) of every exercise's hidden checks.
fn hidden_ids() -> BTreeSet<String> {
    kit_exercises::all()
        .iter()
        .flat_map(|exercise| exercise.checks.iter().map(|check| check.id))
        .flat_map(|id| {
            let parts: Vec<&str> = id.split('.').collect();
            (2..=parts.len())
                .map(|len| parts[..len].join("."))
                .collect::<Vec<_>>()
        })
        .collect()
}

/// What in the package would tell a candidate about the hidden checks.
fn leaks(package: &BTreeMap<PathBuf, Vec<u8>>) -> Vec<String> {
    let ids = hidden_ids();
    assert!(ids.contains("q1.update.ok"), "the suites' ids: {ids:?}");
    // Anything shaped like a check id (`q1.update.ok`, `q2.db`); only real
    // ids count: `TODO(q1)` or a `/tmp/q2.db` in a test are not.
    let shaped = regex_lite::Regex::new(r"(^|[^A-Za-z0-9_.])(q[0-9]+(?:\.[a-z0-9_]+)+)")
        .unwrap_or_else(|error| panic!("{error}"));
    let mut found = Vec::new();
    for (path, contents) in package {
        let contents = text(contents);
        for captures in shaped.captures_iter(&contents) {
            let id = captures[2].trim_end_matches('.');
            // `q1.update.ok.` at a sentence's end, or `q1.update` then `.ok`.
            let named =
                ids.contains(id) || ids.iter().any(|known| id.starts_with(&format!("{known}.")));
            if named {
                found.push(format!("{}: check id `{id}`", path.display()));
            }
        }
        let lower = contents.to_lowercase();
        for word in ["grader", "solution"] {
            if lower.contains(word) {
                found.push(format!("{}: the word `{word}`", path.display()));
            }
        }
    }
    found
}

/// The `name version` of every package of a Cargo.lock.
fn locked(lock: &str) -> BTreeSet<String> {
    let lock: toml::Table = toml::from_str(lock).unwrap_or_else(|error| panic!("{error}"));
    lock.get("package")
        .and_then(toml::Value::as_array)
        .into_iter()
        .flatten()
        .filter_map(|package| {
            Some(format!(
                "{} {}",
                package.get("name")?.as_str()?,
                package.get("version")?.as_str()?
            ))
        })
        .collect()
}

/// What every package must be, built or not.
fn assert_self_contained(exercise: &str, package: &BTreeMap<PathBuf, Vec<u8>>) {
    let leaks = leaks(package);
    assert!(
        leaks.is_empty(),
        "the {exercise} package shows the candidate: {leaks:#?}"
    );

    let names: BTreeSet<String> = package
        .keys()
        .map(|path| path.to_string_lossy().into_owned())
        .collect();
    for expected in [
        "Cargo.toml",
        "Cargo.lock",
        "README.md",
        ".gitignore",
        "src/main.rs",
        "tests/api/main.rs",
    ] {
        assert!(
            names.contains(expected),
            "the {exercise} package has no {expected}: {names:?}"
        );
    }
    assert!(
        !names.iter().any(|name| name.starts_with("target/")),
        "{names:?}"
    );
    assert!(text(&package[Path::new(".gitignore")]).contains("target/"));

    let manifest = text(&package[Path::new("Cargo.toml")]);
    assert!(!manifest.contains("workspace = true"), "{manifest}");
    let manifest: toml::Table = toml::from_str(&manifest).unwrap_or_else(|error| panic!("{error}"));
    assert!(
        manifest.get("workspace").is_some_and(toml::Value::is_table),
        "the {exercise} package must be its own workspace"
    );

    // The versions the kit was built and tested with, and nothing else.
    let kit_lock = std::fs::read_to_string(repo_root().join("Cargo.lock"))
        .unwrap_or_else(|error| panic!("{error}"));
    let own = locked(&text(&package[Path::new("Cargo.lock")]));
    let kit_locked = locked(&kit_lock);
    let unknown: Vec<&String> = own.difference(&kit_locked).collect();
    assert!(
        unknown.is_empty(),
        "not in the kit's Cargo.lock: {unknown:?}"
    );
    assert!(
        own.iter().any(|package| package.starts_with("actix-web ")),
        "{own:?}"
    );

    // The brief is the README, and every relative link leads to a packaged file.
    let readme = text(&package[Path::new("README.md")]);
    assert!(readme.contains("(candidate brief)"), "{readme}");
    let link = regex_lite::Regex::new(r"\]\(([^)\s#]*)(#[^)\s]*)?\)")
        .unwrap_or_else(|error| panic!("{error}"));
    for (path, contents) in package {
        if path.extension().is_none_or(|extension| extension != "md") {
            continue;
        }
        for captures in link.captures_iter(&text(contents)) {
            let target = &captures[1];
            if target.is_empty() || target.contains("://") || target.starts_with("mailto:") {
                continue;
            }
            let resolved = path.parent().unwrap_or(Path::new("")).join(target);
            assert!(
                package.contains_key(&resolved),
                "{} links to {target}, which the {exercise} package does not hold",
                path.display()
            );
        }
    }
}

#[test]
fn the_q1_package_builds_and_passes_its_tests_from_the_archive_alone() {
    let (out, name) = package("q1");
    let folder = files(&out.path().join(&name));

    let unpacked = temp_dir();
    unpack(&out.path().join(format!("{name}.tar.gz")), unpacked.path());
    let archived = files(&unpacked.path().join(&name));
    assert_eq!(
        archived.keys().collect::<Vec<_>>(),
        folder.keys().collect::<Vec<_>>(),
        "the folder and the archive hold different files"
    );
    assert!(
        archived == folder,
        "a file differs between the folder and the archive"
    );
    assert_self_contained("q1", &archived);

    // Built where a candidate would: outside any workspace, offline, with
    // the package's own lock unchanged. Into a target dir that outlives the
    // test (`target/packaged`), so its dependencies compile once per machine,
    // not once per run: cargo names a root package's artifacts by its path
    // relative to its workspace, the same for every unpacked copy.
    let crate_dir = unpacked.path().join(&name);
    let mut cargo = Command::new(std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into()));
    for (var, _) in std::env::vars_os() {
        let var = var.to_string_lossy();
        if var.starts_with("CARGO_") && var != "CARGO_HOME" {
            cargo.env_remove(&*var);
        }
    }
    let started = Instant::now();
    let output = cargo
        .args(["test", "--offline", "--locked"])
        .current_dir(&crate_dir)
        .env("CARGO_TARGET_DIR", repo_root().join("target/packaged"))
        .env("CARGO_TERM_COLOR", "never")
        .output()
        .unwrap_or_else(|error| panic!("cannot run cargo: {error}"));
    assert!(
        output.status.success(),
        "cargo test of the unpacked package failed after {:?}:\n{}\n{}",
        started.elapsed(),
        text(&output.stdout),
        text(&output.stderr)
    );
    let stdout = text(&output.stdout);
    let passed = regex_lite::Regex::new(r"test result: ok\. [1-9][0-9]* passed")
        .unwrap_or_else(|error| panic!("{error}"));
    assert!(passed.is_match(&stdout), "no test ran:\n{stdout}");
    eprintln!(
        "the unpacked q1 package built and passed its tests in {:?}",
        started.elapsed()
    );
    assert!(
        !crate_dir.join("target").exists(),
        "the build went into the crate's folder"
    );
}

#[test]
fn the_q2_and_q3_packages_are_self_contained_too() {
    for exercise in ["q2-auth", "q3"] {
        let (out, name) = package(exercise);
        let folder = files(&out.path().join(&name));
        let unpacked = temp_dir();
        unpack(&out.path().join(format!("{name}.tar.gz")), unpacked.path());
        assert!(
            files(&unpacked.path().join(&name)) == folder,
            "{exercise}: the folder and the archive differ"
        );
        assert_self_contained(exercise, &folder);
    }
}

#[test]
fn an_existing_package_is_replaced_only_with_force() {
    let (out, name) = package("q3");
    let dir = out.path().to_string_lossy().into_owned();
    let again = kit_in(out.path(), &["package", "q3", "--out", &dir]);
    assert_eq!(again.status.code(), Some(1), "{}", text(&again.stderr));
    assert_eq!(
        text(&again.stderr),
        format!(
            "kit: {dir}/{name} already exists and is not empty; remove it, choose another --out, or pass --force to replace it\n"
        )
    );
    let forced = kit_in(out.path(), &["package", "q3", "--out", &dir, "--force"]);
    assert_eq!(forced.status.code(), Some(0), "{}", text(&forced.stderr));
    // Without --out: the current directory.
    let here = temp_dir();
    let default = kit_in(here.path(), &["package", "q3-ratelimit"]);
    assert_eq!(default.status.code(), Some(0), "{}", text(&default.stderr));
    assert!(here.path().join(&name).join("Cargo.toml").is_file());
    assert!(here.path().join(format!("{name}.tar.gz")).is_file());
}

#[test]
fn mistakes_are_named() {
    let here = temp_dir();
    let unknown = kit_in(here.path(), &["package", "q4"]);
    assert_eq!(unknown.status.code(), Some(2));
    assert_eq!(
        text(&unknown.stderr),
        "kit: no exercise named `q4`; known: q1 (q1-products), q2 (q2-auth), q3 (q3-ratelimit)\n"
    );

    let file = here.path().join("a-file");
    std::fs::write(&file, "").unwrap_or_else(|error| panic!("{error}"));
    let unwritable = kit_in(here.path(), &["package", "q1", "--out", "a-file/packages"]);
    assert_eq!(unwritable.status.code(), Some(1));
    assert!(
        text(&unwritable.stderr)
            .starts_with("kit: cannot create the output folder a-file/packages"),
        "{}",
        text(&unwritable.stderr)
    );
    assert_eq!(
        std::fs::read_dir(here.path())
            .unwrap_or_else(|error| panic!("{error}"))
            .count(),
        1,
        "nothing but the file is left behind"
    );
}

/// Packages `exercise` in `lang` (python or typescript) into a fresh
/// temporary folder; returns it and the package's folder.
fn package_in(exercise: &str, lang: &str) -> (TempDir, PathBuf) {
    let out = temp_dir();
    let output = kit_in(
        out.path(),
        &[
            "package",
            exercise,
            "--lang",
            lang,
            "--out",
            &out.path().to_string_lossy(),
        ],
    );
    assert_eq!(
        output.status.code(),
        Some(0),
        "{}{}",
        text(&output.stdout),
        text(&output.stderr)
    );
    let folder = std::fs::read_dir(out.path())
        .unwrap_or_else(|error| panic!("{error}"))
        .filter_map(|entry| entry.ok()?.file_name().into_string().ok())
        .find(|name| name.ends_with(&format!("-{lang}-candidate")))
        .map(|name| out.path().join(name))
        .unwrap_or_else(|| panic!("no {lang} package folder in {}", out.path().display()));
    (out, folder)
}

/// What a Python or TypeScript package must hold, and must not.
fn assert_language_package(exercise: &str, lang: &str, folder: &Path) -> String {
    let package = files(folder);
    let leaks = leaks(&package);
    assert!(
        leaks.is_empty(),
        "the {exercise} {lang} package shows the candidate: {leaks:#?}"
    );
    let own: &[&str] = match lang {
        "python" => &["requirements.txt", "main.py"],
        _ => &["package.json", "package-lock.json", "tsconfig.json"],
    };
    for expected in [
        "README.md",
        ".gitignore",
        "interview-kit.toml",
        "SERVICE-CONTRACT.md",
    ]
    .iter()
    .chain(own)
    {
        assert!(
            package.contains_key(Path::new(expected)),
            "the {exercise} {lang} package has no {expected}: {:?}",
            package.keys().collect::<Vec<_>>()
        );
    }
    for left_out in [
        "node_modules/",
        "dist/",
        ".venv/",
        "__pycache__/",
        "Cargo.toml",
    ] {
        assert!(
            !package
                .keys()
                .any(|path| path.to_string_lossy().starts_with(left_out)),
            "the {exercise} {lang} package holds {left_out}"
        );
    }
    let readme = text(&package[Path::new("README.md")]);
    assert!(readme.contains("(candidate brief)"), "{readme}");
    assert!(
        !readme.contains("cargo run") && !readme.contains("<!-- lang:"),
        "the {exercise} {lang} brief kept another language's commands:\n{readme}"
    );
    let manifest = text(&package[Path::new("interview-kit.toml")]);
    assert!(
        manifest.contains(&format!("language = \"{lang}\"")),
        "{manifest}"
    );
    readme
}

/// Runs `script` with `sh` in `dir`; panics with its output unless it succeeds.
fn run_in(dir: &Path, script: &str) -> String {
    let mut command = Command::new("sh");
    command.args(["-c", script]).current_dir(dir);
    // better-sqlite3 compiles against the installed Node headers when its
    // prebuilt binary cannot be downloaded.
    if Path::new("/usr/include/node/node.h").is_file() {
        command.env("npm_config_nodedir", "/usr").env("JOBS", "max");
    }
    // That compile takes a minute on two cores, once per package: through
    // ccache (when installed, as `.ci/run` does) only the first one does.
    if std::env::var_os("CC").is_none() && ccache_runs() {
        command.env("CC", "ccache gcc").env("CXX", "ccache g++");
    }
    let output = command
        .output()
        .unwrap_or_else(|error| panic!("cannot run sh: {error}"));
    assert!(
        output.status.success(),
        "`{script}` failed in {}:\n{}\n{}",
        dir.display(),
        text(&output.stdout),
        text(&output.stderr)
    );
    format!("{}{}", text(&output.stdout), text(&output.stderr))
}

/// Whether `ccache` is installed: it only speeds compiles up, so a machine
/// without it runs the same commands, slower.
fn ccache_runs() -> bool {
    Command::new("ccache")
        .arg("--version")
        .output()
        .is_ok_and(|output| output.status.success())
}

/// Every exercise in `lang`: the package is self-contained, its README gives
/// the language's commands, and (under the long corpora, as in CI: they
/// install from PyPI or npm) those commands install it and its own tests
/// pass, in a folder outside the repository.
fn language_packages_pass_their_own_tests(test: &str, lang: &str, tool: Tool, commands: &str) {
    for exercise in ["q1", "q2", "q3"] {
        let (_out, folder) = package_in(exercise, lang);
        let readme = assert_language_package(exercise, lang, &folder);
        if !(long_corpus(test) && require(test, &[tool])) {
            continue;
        }
        let started = Instant::now();
        let said = run_in(&folder, commands);
        eprintln!(
            "the {exercise} {lang} package installed and passed its tests in {:?}",
            started.elapsed()
        );
        let ran_tests = regex_lite::Regex::new(r"(?m)^(Ran [1-9][0-9]* tests?|# pass [1-9][0-9]*)")
            .unwrap_or_else(|error| panic!("{error}"));
        assert!(ran_tests.is_match(&said), "no test ran:\n{said}");
        // The commands tested here are the ones the brief gives.
        for step in commands.split(" && ") {
            let step = step.trim_start_matches(". ");
            let shown = step.replace(".venv/bin/", "");
            assert!(
                readme.contains(&shown) || readme.contains(step),
                "the {exercise} {lang} README does not say `{shown}`"
            );
        }
    }
}

#[test]
fn the_python_packages_install_and_pass_their_own_tests() {
    language_packages_pass_their_own_tests(
        "the_python_packages_install_and_pass_their_own_tests",
        "python",
        Tool::Python3,
        "python3 -m venv .venv && .venv/bin/pip install -r requirements.txt && .venv/bin/python -m unittest discover -s tests",
    );
}

#[test]
fn the_typescript_packages_install_and_pass_their_own_tests() {
    language_packages_pass_their_own_tests(
        "the_typescript_packages_install_and_pass_their_own_tests",
        "typescript",
        Tool::Node,
        "npm ci && npm test",
    );
}
