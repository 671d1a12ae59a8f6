//! `cargo kit package <exercise> [--lang L] [--out DIR] [--force]`: what a
//! candidate receives.
//!
//! `<DIR>/<name>-candidate/` (`<name>-<lang>-candidate/` for Python and
//! TypeScript) and a `.tar.gz` of it:
//!
//! - the starter's files as they are (sources, visible tests); a Rust
//!   starter gets a standalone `Cargo.toml` (see `manifest.rs`) and its own
//!   `Cargo.lock` holding the versions the kit was tested with; the others
//!   carry their lock (`requirements.txt` pins, `package-lock.json`) and the
//!   `interview-kit.toml` that tells `kit grade` how they run;
//! - `README.md`: the candidate brief (`docs/<name>.md`, with the "run it"
//!   block of the package's language only), then the starter's own README;
//!   `SERVICE-CONTRACT.md`: the rules every exercise follows.
//!   Relative links are pointed at the packaged copies, or unlinked when the
//!   package has no copy. A section of a document that names a hidden check
//!   is left out;
//! - a `.gitignore`.
//!
//! Nothing else comes from the repository: no grader, no solution. Before
//! anything is written, every file is scanned for hidden check ids and for the
//! graders' and solutions' names; a hit refuses the package.

mod archive;
mod manifest;

use std::collections::BTreeMap;
use std::path::{Component, Path, PathBuf};
use std::process::ExitCode;

use anyhow::{Context as _, bail};
use kit_harness::Exercise;

use crate::cli::{Language, PackageArgs};
use crate::commands::EXIT_USAGE;
use crate::repo;
use kit_exercises as exercises;

/// Repository documents a package carries, and their name in it.
const SHIPPED_DOCS: [(&str, &str); 1] = [("docs/service-contract.md", "SERVICE-CONTRACT.md")];

impl Language {
    /// As in folder names and the briefs' `<!-- lang:... -->` blocks.
    fn name(self) -> &'static str {
        match self {
            Language::Rust => "rust",
            Language::Python => "python",
            Language::Typescript => "typescript",
        }
    }

    /// Where the exercise's starter in this language lives in the repository.
    fn starter_dir(self, exercise: &Exercise) -> String {
        match self {
            Language::Rust => exercise.starter_dir.to_owned(),
            other => format!("starters/{}/{}", other.name(), exercise.name),
        }
    }

    fn gitignore(self) -> &'static str {
        match self {
            Language::Rust => "target/\n",
            Language::Python => ".venv/\n__pycache__/\n*.db\n",
            Language::Typescript => "node_modules/\ndist/\n*.db\n",
        }
    }

    /// How a candidate runs the package's tests, from its folder.
    fn test_command(self) -> &'static str {
        match self {
            Language::Rust => "cargo test",
            Language::Python => {
                "python3 -m venv .venv && .venv/bin/pip install -r requirements.txt && .venv/bin/python -m unittest discover -s tests"
            }
            Language::Typescript => "npm ci && npm test",
        }
    }
}

pub fn run(args: PackageArgs) -> anyhow::Result<ExitCode> {
    let exercise = match exercises::find(&args.exercise) {
        Ok(exercise) => exercise,
        Err(message) => {
            eprintln!("kit: {message}");
            return Ok(ExitCode::from(EXIT_USAGE));
        }
    };
    let root = repo::root().context(
        "cannot find the interview-kit repository (its starters and briefs): run kit inside it",
    )?;
    let out = args.out.clone().unwrap_or_else(|| PathBuf::from("."));
    let name = match args.lang {
        Language::Rust => format!("{}-candidate", exercise.name),
        other => format!("{}-{}-candidate", exercise.name, other.name()),
    };
    let folder = out.join(&name);
    let archive = out.join(format!("{name}.tar.gz"));

    // Refuse before any work.
    if !args.force {
        if folder.exists() && !is_empty_dir(&folder) {
            bail!(
                "{} already exists and is not empty; remove it, choose another --out, or pass --force to replace it",
                folder.display()
            );
        }
        if archive.exists() {
            bail!(
                "{} already exists; remove it, choose another --out, or pass --force to replace it",
                archive.display()
            );
        }
    }
    std::fs::create_dir_all(&out)
        .with_context(|| format!("cannot create the output folder {}", out.display()))?;

    let package = assemble(&root, &exercise, args.lang)?;
    for note in &package.notes {
        eprintln!("kit: note: {note}");
    }
    let leaks = Leaks::new(&exercises::all());
    for (path, contents) in &package.files {
        if let Some(found) = leaks.find(&String::from_utf8_lossy(contents)) {
            bail!(
                "refusing to package {}: {} would show the candidate {found}",
                exercise.id,
                path.display()
            );
        }
    }

    // Written in a staging folder beside the target, renamed into place at
    // the end: a failure leaves no half package.
    let staging = out.join(format!(".{name}.partial-{}", std::process::id()));
    let written = write_folder(&staging, &package.files).and_then(|()| match &package.crate_name {
        Some(crate_name) => manifest::lock(&staging, &package.kit_lock, crate_name)
            .context("cannot write the package's Cargo.lock"),
        None => Ok(Vec::new()),
    });
    let unlocked = match written {
        Ok(unlocked) => unlocked,
        Err(error) => {
            let _ = std::fs::remove_dir_all(&staging);
            return Err(error);
        }
    };
    if folder.exists() {
        // Empty, or --force.
        std::fs::remove_dir_all(&folder)
            .with_context(|| format!("cannot replace {}", folder.display()))?;
    }
    std::fs::rename(&staging, &folder)
        .with_context(|| format!("cannot create {}", folder.display()))?;
    if args.force && archive.exists() {
        std::fs::remove_file(&archive)
            .with_context(|| format!("cannot replace {}", archive.display()))?;
    }
    archive::write_tar_gz(&folder, &archive)?;

    if !unlocked.is_empty() {
        eprintln!(
            "kit: warning: the package's Cargo.lock has versions the kit's lock does not: {}",
            unlocked.join(", ")
        );
    }
    let files = files_under(&folder)?
        .iter()
        .filter(|path| folder.join(path).is_file())
        .count();
    let size = std::fs::metadata(&archive)
        .map(|meta| meta.len())
        .unwrap_or(0);
    println!(
        "Packaged {} ({}) for a candidate:",
        exercise.id, exercise.title
    );
    println!("  folder   {}  ({files} files)", folder.display());
    println!(
        "  archive  {}  ({} KiB)",
        archive.display(),
        size.div_ceil(1024)
    );
    println!();
    println!("Next: send the archive to the candidate; its README.md is the brief.");
    println!(
        "To try it first: cd {} && {}",
        folder.display(),
        args.lang.test_command()
    );
    println!(
        "When it comes back: cargo kit grade {} <their folder>",
        exercise.id
    );
    Ok(ExitCode::SUCCESS)
}

/// A package before it is written: paths relative to its folder.
#[derive(Debug)]
struct Package {
    files: BTreeMap<PathBuf, Vec<u8>>,
    /// The kit's `Cargo.lock`, pruned into the package's by cargo.
    kit_lock: String,
    /// The crate's name, for a Rust package.
    crate_name: Option<String>,
    notes: Vec<String>,
}

fn assemble(root: &Path, exercise: &Exercise, lang: Language) -> anyhow::Result<Package> {
    let starter_dir = lang.starter_dir(exercise);
    let starter = root.join(&starter_dir);
    if !starter.is_dir() {
        bail!(
            "there is no {} starter for {} ({} is missing)",
            lang.name(),
            exercise.id,
            starter.display()
        );
    }
    let read = |path: &Path| {
        std::fs::read_to_string(path).with_context(|| format!("cannot read {}", path.display()))
    };
    let mut files = BTreeMap::new();
    let mut notes = Vec::new();

    for relative in files_under(&starter)? {
        let path = starter.join(&relative);
        if path.is_dir() || is_left_out(&relative) {
            continue;
        }
        if !path.is_file() {
            notes.push(format!(
                "left out {} (not a regular file)",
                relative.display()
            ));
            continue;
        }
        let contents =
            std::fs::read(&path).with_context(|| format!("cannot read {}", path.display()))?;
        files.insert(relative, contents);
    }

    let crate_name = if lang == Language::Rust {
        let starter_manifest = read(&starter.join("Cargo.toml"))?;
        let manifest = manifest::standalone(&starter_manifest, &read(&root.join("Cargo.toml"))?)?;
        let crate_name = manifest
            .parse::<toml_edit::DocumentMut>()
            .ok()
            .and_then(|doc| doc.get("package")?.get("name")?.as_str().map(str::to_owned))
            .context("the starter's Cargo.toml has no package name")?;
        files.insert(PathBuf::from("Cargo.toml"), manifest.into_bytes());
        Some(crate_name)
    } else {
        None
    };

    // Where each repository file lives in the package, for links.
    let mut shipped: BTreeMap<PathBuf, PathBuf> = files
        .keys()
        .map(|relative| (Path::new(&starter_dir).join(relative), relative.clone()))
        .collect();
    for (source, name) in SHIPPED_DOCS {
        shipped.insert(PathBuf::from(source), PathBuf::from(name));
    }
    let leaks = Leaks::new(&exercises::all());
    let document = |source: &str, notes: &mut Vec<String>| -> anyhow::Result<String> {
        let text = read(&root.join(source))?;
        let text = keep_language(&text, lang.name());
        let text = drop_sections_naming_checks(&text, &leaks, source, notes);
        Ok(rewrite_links(&text, Path::new(source), &shipped, notes))
    };

    let brief_source = format!("docs/{}.md", exercise.name);
    let mut readme = document(&brief_source, &mut notes)?;
    let starter_readme = format!("{starter_dir}/README.md");
    if root.join(&starter_readme).is_file() {
        let about = document(&starter_readme, &mut notes)?;
        readme = format!(
            "{}\n\n---\n\n{}",
            readme.trim_end(),
            demote_headings(&about)
        );
    }
    files.insert(PathBuf::from("README.md"), readme.into_bytes());
    for (source, name) in SHIPPED_DOCS {
        files.insert(
            PathBuf::from(name),
            document(source, &mut notes)?.into_bytes(),
        );
    }
    files.insert(
        PathBuf::from(".gitignore"),
        lang.gitignore().as_bytes().to_vec(),
    );

    let kit_lock = read(&root.join("Cargo.lock"))?;
    Ok(Package {
        files,
        kit_lock,
        crate_name,
        notes,
    })
}

/// What a starter folder may hold that a candidate must not receive: build
/// output, a lock of the kit's workspace (the package gets its own), the
/// README (merged into the package's), hidden files, and what running the
/// service leaves behind (SQLite files, a mail outbox).
fn is_left_out(relative: &Path) -> bool {
    let top_level = relative.components().count() == 1;
    let name = relative
        .file_name()
        .map(|name| name.to_string_lossy().into_owned())
        .unwrap_or_default();
    relative.components().any(|component| {
        let part = component.as_os_str().to_string_lossy();
        ["target", "outbox", "node_modules", "dist", "__pycache__"].contains(&part.as_ref())
            || part.starts_with('.')
    }) || (top_level && (name == "Cargo.lock" || name == "README.md" || name == "Cargo.toml"))
        || [".db", ".db-wal", ".db-shm", ".db-journal", ".sqlite"]
            .iter()
            .any(|suffix| name.ends_with(suffix))
}

/// Every file and folder under `dir`, relative to it, sorted (a folder
/// comes before what it holds). Symbolic links are listed, not followed.
fn files_under(dir: &Path) -> anyhow::Result<Vec<PathBuf>> {
    fn walk(dir: &Path, relative: &Path, found: &mut Vec<PathBuf>) -> anyhow::Result<()> {
        let entries =
            std::fs::read_dir(dir).with_context(|| format!("cannot read {}", dir.display()))?;
        for entry in entries {
            let entry = entry.with_context(|| format!("cannot read {}", dir.display()))?;
            let path = relative.join(entry.file_name());
            let is_dir = entry.file_type().map(|kind| kind.is_dir()).unwrap_or(false);
            found.push(path.clone());
            if is_dir {
                walk(&entry.path(), &path, found)?;
            }
        }
        Ok(())
    }
    let mut found = Vec::new();
    walk(dir, Path::new(""), &mut found)?;
    found.sort();
    Ok(found)
}

fn is_empty_dir(dir: &Path) -> bool {
    std::fs::read_dir(dir).is_ok_and(|mut entries| entries.next().is_none())
}

fn write_folder(folder: &Path, files: &BTreeMap<PathBuf, Vec<u8>>) -> anyhow::Result<()> {
    if folder.exists() {
        std::fs::remove_dir_all(folder)
            .with_context(|| format!("cannot clear {}", folder.display()))?;
    }
    for (relative, contents) in files {
        let path = folder.join(relative);
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent)
                .with_context(|| format!("cannot create {}", parent.display()))?;
        }
        std::fs::write(&path, contents)
            .with_context(|| format!("cannot write {}", path.display()))?;
    }
    Ok(())
}

/// What must not reach a candidate: the ids of the hidden checks (and the
/// groups they form: `q1.update`), and the graders' and solutions' names.
/// `TODO(q1)` or a file called `q2.db` are not check ids and pass.
#[derive(Debug)]
struct Leaks {
    ids: Vec<String>,
}

impl Leaks {
    fn new(exercises: &[Exercise]) -> Self {
        let mut ids: Vec<String> = exercises
            .iter()
            .flat_map(|exercise| exercise.checks.iter().map(|check| check.id))
            .flat_map(|id| {
                let parts: Vec<&str> = id.split('.').collect();
                (2..=parts.len()).map(move |len| parts[..len].join("."))
            })
            .collect();
        ids.sort();
        ids.dedup();
        Self { ids }
    }

    /// The first thing in `text` a candidate must not see, described.
    fn find(&self, text: &str) -> Option<String> {
        let lower = text.to_ascii_lowercase();
        for word in ["grader", "solutions/"] {
            if lower.contains(word) {
                return Some(format!("the word `{word}`"));
            }
        }
        self.ids
            .iter()
            .find(|id| names_id(text, id))
            .map(|id| format!("the hidden check id `{id}`"))
    }
}

/// `text` without the blocks written for other languages: lines between
/// `<!-- lang:NAME -->` and `<!-- /lang -->` stay only when NAME is `lang`;
/// the marker lines themselves go.
fn keep_language(text: &str, lang: &str) -> String {
    let mut kept = String::with_capacity(text.len());
    let mut block: Option<bool> = None;
    for line in text.split_inclusive('\n') {
        let trimmed = line.trim();
        if let Some(name) = trimmed
            .strip_prefix("<!-- lang:")
            .and_then(|rest| rest.strip_suffix("-->"))
        {
            block = Some(name.trim() == lang);
            continue;
        }
        if trimmed == "<!-- /lang -->" {
            block = None;
            continue;
        }
        if block != Some(false) {
            kept.push_str(line);
        }
    }
    kept
}

/// `id` occurs in `text` as a whole id: not inside a longer word or id.
fn names_id(text: &str, id: &str) -> bool {
    let is_word = |c: char| c.is_ascii_alphanumeric() || c == '_';
    text.match_indices(id).any(|(start, _)| {
        let before = text[..start].chars().next_back();
        let after = text[start + id.len()..].chars().next();
        !before.is_some_and(|c| is_word(c) || c == '.') && !after.is_some_and(is_word)
    })
}

/// `## ` sections (outside code blocks) that name a hidden check are left
/// out; text before the first section is always kept (the scan refuses it
/// if it leaks).
fn drop_sections_naming_checks(
    text: &str,
    leaks: &Leaks,
    source: &str,
    notes: &mut Vec<String>,
) -> String {
    let mut sections: Vec<String> = vec![String::new()];
    let mut in_code = false;
    for line in text.split_inclusive('\n') {
        if line.trim_start().starts_with("```") {
            in_code = !in_code;
        }
        if !in_code && line.starts_with("## ") {
            sections.push(String::new());
        }
        if let Some(section) = sections.last_mut() {
            section.push_str(line);
        }
    }
    let mut kept = String::new();
    for (index, section) in sections.iter().enumerate() {
        if index > 0 && leaks.ids.iter().any(|id| names_id(section, id)) {
            let title = section
                .lines()
                .next()
                .unwrap_or_default()
                .trim_start_matches('#')
                .trim();
            notes.push(format!(
                "left out `{title}` of {source}: it names hidden checks"
            ));
            continue;
        }
        kept.push_str(section);
    }
    kept
}

/// Points the relative links of a document from `source` (repository path)
/// at the packaged copies in `shipped` (repository path → package path);
/// a link to a file the package does not hold keeps its text, unlinked.
fn rewrite_links(
    text: &str,
    source: &Path,
    shipped: &BTreeMap<PathBuf, PathBuf>,
    notes: &mut Vec<String>,
) -> String {
    let link = regex_lite::Regex::new(r"\[([^\]\n]*)\]\(([^)\s]+)\)")
        .unwrap_or_else(|error| panic!("a constant regex: {error}"));
    let dir = source.parent().unwrap_or(Path::new(""));
    let mut out = String::with_capacity(text.len());
    let mut in_code = false;
    for line in text.split_inclusive('\n') {
        if line.trim_start().starts_with("```") {
            in_code = !in_code;
        }
        if in_code {
            out.push_str(line);
            continue;
        }
        let rewritten = link.replace_all(line, |captures: &regex_lite::Captures<'_>| {
            let (label, target) = (&captures[1], &captures[2]);
            if target.starts_with('#') || target.contains("://") || target.starts_with("mailto:") {
                return captures[0].to_owned();
            }
            let (path, fragment) = match target.split_once('#') {
                Some((path, fragment)) => (path, format!("#{fragment}")),
                None => (target, String::new()),
            };
            match shipped.get(&normalize(&dir.join(path))) {
                Some(packaged) => {
                    let packaged = packaged.to_string_lossy();
                    let label = if label == path
                        || Path::new(path)
                            .file_name()
                            .is_some_and(|name| name == label)
                    {
                        packaged.to_string()
                    } else {
                        label.to_owned()
                    };
                    format!("[{label}]({packaged}{fragment})")
                }
                None => {
                    notes.push(format!(
                        "unlinked `{target}` in {}: the package has no such file",
                        source.display()
                    ));
                    label.to_owned()
                }
            }
        });
        out.push_str(&rewritten);
    }
    out
}

/// `docs/../starters/x` → `starters/x`, without touching the file system.
fn normalize(path: &Path) -> PathBuf {
    let mut normal = PathBuf::new();
    for component in path.components() {
        match component {
            Component::ParentDir => {
                normal.pop();
            }
            Component::CurDir => {}
            other => normal.push(other),
        }
    }
    normal
}

/// Every heading one level down (`#` → `##`), outside code blocks, so a
/// document can follow another under its title.
fn demote_headings(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 16);
    let mut in_code = false;
    for line in text.split_inclusive('\n') {
        if line.trim_start().starts_with("```") {
            in_code = !in_code;
        }
        if !in_code && line.starts_with('#') {
            out.push('#');
        }
        out.push_str(line);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn leaks() -> Leaks {
        Leaks {
            ids: vec!["q1.update".into(), "q1.update.ok".into()],
        }
    }

    #[test]
    fn only_the_package_language_blocks_of_a_brief_are_kept() {
        let brief = "# Run it\n<!-- lang:rust -->\ncargo run\n<!-- /lang -->\n<!-- lang:python -->\npython main.py\n<!-- /lang -->\nafter\n";
        assert_eq!(keep_language(brief, "rust"), "# Run it\ncargo run\nafter\n");
        assert_eq!(
            keep_language(brief, "python"),
            "# Run it\npython main.py\nafter\n"
        );
    }

    #[test]
    fn check_ids_are_found_but_not_todo_markers_or_file_names() {
        let leaks = leaks();
        assert!(leaks.find("see `q1.update.ok` in the report").is_some());
        assert!(leaks.find("the q1.update checks.").is_some());
        assert!(leaks.find("// TODO(q1): add PUT").is_none());
        assert!(leaks.find("DATABASE_PATH=/tmp/q1.db").is_none());
        assert!(leaks.find("q1.updated_at").is_none());
        assert!(leaks.find("xq1.update").is_some() == names_id("xq1.update", "q1.update"));
        assert!(leaks.find("the Grader knows").is_some());
        assert!(leaks.find("cp solutions/q1-products .").is_some());
    }

    #[test]
    fn links_point_at_packaged_copies_or_are_unlinked() {
        let shipped = BTreeMap::from([
            (
                PathBuf::from("docs/service-contract.md"),
                PathBuf::from("SERVICE-CONTRACT.md"),
            ),
            (
                PathBuf::from("starters/q1-products/src/main.rs"),
                PathBuf::from("src/main.rs"),
            ),
        ]);
        let mut notes = Vec::new();
        let text = "Rules: [service-contract.md](service-contract.md), [its HTTP part](service-contract.md#http-conventions).\n\
                    Scores: [scoring](scoring.md). [web](https://example.com) [here](#run-it) \
                    [main](../starters/q1-products/src/main.rs)\n```\n[x](scoring.md)\n```\n";
        let rewritten = rewrite_links(text, Path::new("docs/q1-products.md"), &shipped, &mut notes);
        assert_eq!(
            rewritten,
            "Rules: [SERVICE-CONTRACT.md](SERVICE-CONTRACT.md), [its HTTP part](SERVICE-CONTRACT.md#http-conventions).\n\
             Scores: scoring. [web](https://example.com) [here](#run-it) \
             [main](src/main.rs)\n```\n[x](scoring.md)\n```\n"
        );
        assert_eq!(notes.len(), 1, "{notes:?}");
    }

    #[test]
    fn sections_naming_a_check_are_left_out() {
        let mut notes = Vec::new();
        let text = "# Title\n\nintro\n\n## Kept\n\nrules\n\n## Grading\n\nids like `q1.update.ok`\n\n## Also kept\n";
        let kept = drop_sections_naming_checks(text, &leaks(), "doc.md", &mut notes);
        assert_eq!(
            kept,
            "# Title\n\nintro\n\n## Kept\n\nrules\n\n## Also kept\n"
        );
        assert_eq!(notes.len(), 1);
    }

    #[test]
    fn the_starter_readme_follows_the_brief_one_level_down() {
        assert_eq!(
            demote_headings("# A\n\ntext\n## B\n```sh\n# a comment\n```\n"),
            "## A\n\ntext\n### B\n```sh\n# a comment\n```\n"
        );
    }

    #[test]
    fn build_output_lock_readme_and_run_leftovers_are_left_out() {
        for left_out in [
            "target/debug/x",
            "Cargo.lock",
            "README.md",
            ".git/HEAD",
            "data.db",
            "outbox/1.eml",
            "data.db-wal",
        ] {
            assert!(is_left_out(Path::new(left_out)), "{left_out}");
        }
        for kept in ["src/main.rs", "tests/api/main.rs", "src/README.md"] {
            assert!(!is_left_out(Path::new(kept)), "{kept}");
        }
    }
}
