//! The interviewers' question bank (`docs/questions/*.toml`) is well formed,
//! every topic is documented, and every check it points at exists in a suite.
//!
//! The format is described in `docs/questions/README.md`; the rules that need
//! no suite are enforced by `kit_questions::Bank::parse` (unit-tested there).

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use kit_questions::{Bank, CheckSelector, When};

fn questions_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../docs/questions")
}

/// The bank as it is on disk now (the embedded copy may be older until the
/// next build, which is why this test reads the files).
fn bank() -> Bank {
    let mut files: Vec<(String, String)> = std::fs::read_dir(questions_dir())
        .unwrap_or_else(|error| panic!("docs/questions: {error}"))
        .map(|entry| entry.unwrap_or_else(|error| panic!("{error}")).path())
        .filter(|path| path.extension().is_some_and(|ext| ext == "toml"))
        .map(|path| {
            let name = path
                .file_name()
                .map(|name| name.to_string_lossy().into_owned())
                .unwrap_or_default();
            let text =
                std::fs::read_to_string(&path).unwrap_or_else(|error| panic!("{name}: {error}"));
            (name, text)
        })
        .collect();
    files.sort();
    let borrowed: Vec<(&str, &str)> = files
        .iter()
        .map(|(name, text)| (name.as_str(), text.as_str()))
        .collect();
    Bank::parse(&borrowed).unwrap_or_else(|error| panic!("{error}"))
}

/// The check ids of every suite, by exercise id (`q1` -> [...]).
fn suites() -> BTreeMap<String, Vec<String>> {
    kit_exercises::all()
        .into_iter()
        .map(|exercise| {
            let ids = exercise.checks.iter().map(|check| check.id.to_owned());
            (exercise.id.to_owned(), ids.collect())
        })
        .collect()
}

/// Why `entry` of a `when` list names nothing real, or `None` when it does.
fn when_problem(entry: &str, suites: &BTreeMap<String, Vec<String>>) -> Option<String> {
    let selector = match When::parse(entry) {
        Err(why) => return Some(why),
        Ok(When::Exercise(exercise)) => {
            return (!suites.contains_key(&exercise)).then(|| format!("no exercise `{exercise}`"));
        }
        Ok(When::Lost(selector) | When::Passed(selector)) => selector,
    };
    let found = suites.values().flatten().any(|id| selector.matches(id));
    (!found).then(|| match selector {
        CheckSelector::Exact(id) => format!("no check `{id}` (a prefix ends with `.*`)"),
        CheckSelector::Prefix(prefix) => format!("no check id starts with `{prefix}`"),
    })
}

#[test]
fn the_bank_parses_and_every_topic_is_documented() {
    let bank = bank();
    assert!(!bank.is_empty(), "no docs/questions/*.toml");
    let readme = std::fs::read_to_string(questions_dir().join("README.md"))
        .unwrap_or_else(|error| panic!("docs/questions/README.md: {error}"));
    for topic in &bank.topics {
        assert!(
            readme.contains(&format!("`{}`", topic.topic)),
            "docs/questions/README.md does not list topic `{}`",
            topic.topic
        );
    }
    // The copy compiled into kit is the one on disk.
    assert_eq!(
        Bank::embedded().map(|embedded| embedded.len()),
        Ok(bank.len()),
        "rebuild: the embedded bank differs from docs/questions"
    );
}

#[test]
fn every_when_entry_names_a_real_check_prefix_or_exercise() {
    let suites = suites();
    let mut problems = Vec::new();
    for (topic, question) in bank().questions() {
        for when in &question.when {
            let entry = when.to_string();
            if let Some(why) = when_problem(&entry, &suites) {
                problems.push(format!("{}.toml: {}: {why}", topic.topic, question.id));
            }
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

#[test]
fn when_entries_are_read_as_documented() {
    let suites = suites();
    for good in [
        "q2.tokens.alg_none",
        "q2.tokens.*",
        "q1.*",
        "passed:q3.window.rolling",
        "passed:q1.filter.*",
        "any:q3",
    ] {
        assert_eq!(when_problem(good, &suites), None, "{good}");
    }
    for bad in [
        "q2.tokens",
        "q2.tok.*",
        "q2.tokens.alg",
        "q9.*",
        "any:q9",
        "any:q1.update.ok",
        "passed:q2.nope",
        "failed:q2.tokens.alg_none",
    ] {
        assert!(when_problem(bad, &suites).is_some(), "{bad} was accepted");
    }
}
