//! The interviewers' question bank (`docs/questions/*.toml`) is well formed,
//! and every check it points at exists in a suite.
//!
//! The format is described in `docs/questions/README.md`.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

use serde::Deserialize;

const LEVELS: [&str; 3] = ["junior", "mid", "senior"];

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct Topic {
    topic: String,
    title: String,
    #[serde(default)]
    question: Vec<Question>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct Question {
    id: String,
    level: String,
    ask: String,
    good_answer: Vec<String>,
    #[serde(default)]
    red_flags: Vec<String>,
    follow_up: Option<String>,
    when: Vec<String>,
}

fn questions_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../docs/questions")
}

/// Every `(file name, topic)` of the bank, in file name order.
fn bank() -> Vec<(String, Topic)> {
    let mut files: Vec<PathBuf> = std::fs::read_dir(questions_dir())
        .unwrap_or_else(|error| panic!("docs/questions: {error}"))
        .map(|entry| entry.unwrap_or_else(|error| panic!("{error}")).path())
        .filter(|path| path.extension().is_some_and(|ext| ext == "toml"))
        .collect();
    files.sort();
    files
        .into_iter()
        .map(|path| {
            let name = path
                .file_name()
                .map(|name| name.to_string_lossy().into_owned())
                .unwrap_or_default();
            let text =
                std::fs::read_to_string(&path).unwrap_or_else(|error| panic!("{name}: {error}"));
            let topic: Topic =
                toml::from_str(&text).unwrap_or_else(|error| panic!("{name}: {error}"));
            (name, topic)
        })
        .collect()
}

/// The check ids of every suite, by exercise id (`q1` -> [...]).
fn suites() -> BTreeMap<String, Vec<String>> {
    [
        q1_products_grader::exercise(),
        q2_auth_grader::exercise(),
        q3_ratelimit_grader::exercise(),
    ]
    .into_iter()
    .map(|exercise| {
        let ids = exercise.checks.iter().map(|check| check.id.to_owned());
        (exercise.id.to_owned(), ids.collect())
    })
    .collect()
}

/// Why `entry` of a `when` list names nothing real, or `None` when it does.
fn when_problem(entry: &str, suites: &BTreeMap<String, Vec<String>>) -> Option<String> {
    if let Some(exercise) = entry.strip_prefix("any:") {
        return (!suites.contains_key(exercise)).then(|| format!("no exercise `{exercise}`"));
    }
    let target = entry.strip_prefix("passed:").unwrap_or(entry);
    let checks = suites.values().flatten();
    if let Some(prefix) = target.strip_suffix(".*") {
        let dotted = format!("{prefix}.");
        let mut matching = checks.filter(|id| id.starts_with(&dotted));
        return matching
            .next()
            .is_none()
            .then(|| format!("no check id starts with `{dotted}`"));
    }
    let mut same = checks.filter(|id| id.as_str() == target);
    same.next()
        .is_none()
        .then(|| format!("no check `{target}` (a prefix ends with `.*`)"))
}

#[test]
fn the_bank_has_topic_files() {
    let bank = bank();
    assert!(!bank.is_empty(), "no docs/questions/*.toml");
    let readme = std::fs::read_to_string(questions_dir().join("README.md"))
        .unwrap_or_else(|error| panic!("docs/questions/README.md: {error}"));
    for (name, topic) in &bank {
        assert_eq!(
            format!("{}.toml", topic.topic),
            *name,
            "{name}: `topic` must be the file's name"
        );
        assert!(!topic.title.trim().is_empty(), "{name}: empty title");
        assert!(!topic.question.is_empty(), "{name}: no [[question]]");
        assert!(
            readme.contains(&format!("`{}`", topic.topic)),
            "{name}: docs/questions/README.md does not list topic `{}`",
            topic.topic
        );
    }
}

#[test]
fn every_question_is_complete_and_its_id_unique() {
    let id_shape = regex_lite::Regex::new(r"^[a-z0-9]+(-[a-z0-9]+)*\.[a-z0-9]+(-[a-z0-9]+)*$")
        .unwrap_or_else(|error| panic!("{error}"));
    let mut seen = BTreeSet::new();
    let mut problems = Vec::new();
    for (name, topic) in bank() {
        for question in &topic.question {
            let id = &question.id;
            let mut problem = |what: String| problems.push(format!("{name}: {id}: {what}"));
            if !seen.insert(id.clone()) {
                problem("id used twice".into());
            }
            if !id_shape.is_match(id) || !id.starts_with(&format!("{}.", topic.topic)) {
                problem(format!("id must be `{}.<kebab-case>`", topic.topic));
            }
            if !LEVELS.contains(&question.level.as_str()) {
                problem(format!(
                    "level `{}` is not one of {LEVELS:?}",
                    question.level
                ));
            }
            if question.ask.trim().is_empty() {
                problem("empty ask".into());
            }
            if question.good_answer.is_empty() {
                problem("empty good_answer".into());
            }
            let lists = [&question.good_answer, &question.red_flags, &question.when];
            if lists
                .iter()
                .any(|list| list.iter().any(|s| s.trim().is_empty()))
            {
                problem("an empty string in a list".into());
            }
            if question
                .follow_up
                .as_deref()
                .is_some_and(|s| s.trim().is_empty())
            {
                problem("empty follow_up (leave it out instead)".into());
            }
            if question.when.is_empty() {
                problem("empty when (use \"any:q1\" for a general question)".into());
            }
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

#[test]
fn every_when_entry_names_a_real_check_prefix_or_exercise() {
    let suites = suites();
    let mut problems = Vec::new();
    for (name, topic) in bank() {
        for question in &topic.question {
            let mut distinct = BTreeSet::new();
            for entry in &question.when {
                if !distinct.insert(entry) {
                    problems.push(format!("{name}: {}: `{entry}` twice", question.id));
                }
                if let Some(why) = when_problem(entry, &suites) {
                    problems.push(format!("{name}: {}: `{entry}`: {why}", question.id));
                }
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
