//! The bank's data: topics of questions, parsed from TOML into types that can
//! only hold what `docs/questions/README.md` allows.

use std::collections::BTreeSet;
use std::fmt;

use serde::Deserialize;

use crate::when::When;

mod embedded {
    include!(concat!(env!("OUT_DIR"), "/bank_files.rs"));
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Level {
    Junior,
    Mid,
    Senior,
}

impl fmt::Display for Level {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Level::Junior => "junior",
            Level::Mid => "mid",
            Level::Senior => "senior",
        })
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Topic {
    /// The file's name without `.toml` (`jwt`).
    pub topic: String,
    pub title: String,
    pub questions: Vec<Question>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Question {
    pub id: String,
    pub level: Level,
    pub ask: String,
    pub good_answer: Vec<String>,
    pub red_flags: Vec<String>,
    pub follow_up: Option<String>,
    pub when: Vec<When>,
}

/// Every topic of the bank, in file name order.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Bank {
    pub topics: Vec<Topic>,
}

/// What is wrong with the bank: every problem found, one per line.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("the question bank is not valid:\n{}", .problems.join("\n"))]
pub struct BankError {
    pub problems: Vec<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct TopicFile {
    topic: String,
    title: String,
    question: Vec<QuestionEntry>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct QuestionEntry {
    id: String,
    level: Level,
    ask: String,
    good_answer: Vec<String>,
    #[serde(default)]
    red_flags: Vec<String>,
    follow_up: Option<String>,
    when: Vec<String>,
}

impl Bank {
    /// The bank this kit was built with.
    pub fn embedded() -> Result<Bank, BankError> {
        Bank::parse(embedded::FILES)
    }

    /// Parses `(file name, text)` pairs, checking every rule of the format
    /// except that checks named in `when` exist (the graders know those).
    pub fn parse(files: &[(&str, &str)]) -> Result<Bank, BankError> {
        let mut problems = Vec::new();
        let mut topics = Vec::new();
        let mut ids = BTreeSet::new();
        for (name, text) in files {
            let file: TopicFile = match toml::from_str(text) {
                Ok(file) => file,
                Err(error) => {
                    problems.push(format!("{name}: {error}"));
                    continue;
                }
            };
            let mut problem = |what: String| problems.push(format!("{name}: {what}"));
            if format!("{}.toml", file.topic) != *name || !is_kebab(&file.topic) {
                problem(format!(
                    "`topic` is `{}`: it must be the file's name without .toml, in kebab-case",
                    file.topic
                ));
            }
            if file.title.trim().is_empty() {
                problem("empty title".to_owned());
            }
            if file.question.is_empty() {
                problem("no [[question]]".to_owned());
            }
            let mut questions = Vec::new();
            for entry in file.question {
                match question(&file.topic, entry, &mut ids) {
                    Ok(question) => questions.push(question),
                    Err(whys) => whys.into_iter().for_each(&mut problem),
                }
            }
            topics.push(Topic {
                topic: file.topic,
                title: file.title,
                questions,
            });
        }
        if problems.is_empty() {
            Ok(Bank { topics })
        } else {
            Err(BankError { problems })
        }
    }

    /// Every question with its topic, in bank order.
    pub fn questions(&self) -> impl Iterator<Item = (&Topic, &Question)> {
        self.topics.iter().flat_map(|topic| {
            topic
                .questions
                .iter()
                .map(move |question| (topic, question))
        })
    }

    pub fn len(&self) -> usize {
        self.topics.iter().map(|topic| topic.questions.len()).sum()
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }
}

fn question(
    topic: &str,
    entry: QuestionEntry,
    ids: &mut BTreeSet<String>,
) -> Result<Question, Vec<String>> {
    let id = entry.id.clone();
    let mut problems = Vec::new();
    let mut problem = |what: String| problems.push(format!("{id}: {what}"));
    if !ids.insert(id.clone()) {
        problem("id used twice".to_owned());
    }
    let well_formed = id.strip_prefix(&format!("{topic}.")).is_some_and(is_kebab);
    if !well_formed {
        problem(format!("id must be `{topic}.<kebab-case>`"));
    }
    if entry.ask.trim().is_empty() {
        problem("empty ask".to_owned());
    }
    if entry.good_answer.is_empty() {
        problem("empty good_answer".to_owned());
    }
    let lists = [&entry.good_answer, &entry.red_flags, &entry.when];
    if lists
        .iter()
        .any(|list| list.iter().any(|text| text.trim().is_empty()))
    {
        problem("an empty string in a list".to_owned());
    }
    if entry
        .follow_up
        .as_deref()
        .is_some_and(|text| text.trim().is_empty())
    {
        problem("empty follow_up (leave it out instead)".to_owned());
    }
    if entry.when.is_empty() {
        problem("empty when (use \"any:q1\" for a general question)".to_owned());
    }
    let mut when = Vec::new();
    let mut seen = BTreeSet::new();
    for text in &entry.when {
        if !seen.insert(text) {
            problem(format!("`{text}` twice in when"));
        }
        match When::parse(text) {
            Ok(parsed) => when.push(parsed),
            Err(why) => problem(why),
        }
    }
    if !problems.is_empty() {
        return Err(problems);
    }
    Ok(Question {
        id: entry.id,
        level: entry.level,
        ask: entry.ask,
        good_answer: entry.good_answer,
        red_flags: entry.red_flags,
        follow_up: entry.follow_up,
        when,
    })
}

/// `a-z`, `0-9` and single `-` between words.
fn is_kebab(text: &str) -> bool {
    !text.is_empty()
        && text.split('-').all(|word| {
            !word.is_empty()
                && word
                    .chars()
                    .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit())
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    const GOOD: &str = r#"
topic = "jwt"
title = "JSON Web Tokens"

[[question]]
id = "jwt.alg-none"
level = "mid"
ask = "Why reject alg none?"
good_answer = ["the server picks the algorithm"]
when = ["q2.tokens.alg_none", "any:q2"]
"#;

    #[test]
    fn the_embedded_bank_is_valid_and_not_empty() {
        let bank = Bank::embedded().unwrap_or_else(|error| panic!("{error}"));
        assert!(bank.topics.len() >= 10, "{} topics", bank.topics.len());
        assert!(bank.len() >= 100, "{} questions", bank.len());
    }

    #[test]
    fn parses_a_well_formed_topic() {
        let bank = Bank::parse(&[("jwt.toml", GOOD)]).unwrap_or_else(|error| panic!("{error}"));
        let (topic, question) = bank.questions().next().unwrap_or_else(|| panic!("empty"));
        assert_eq!(topic.title, "JSON Web Tokens");
        assert_eq!(question.level, Level::Mid);
        assert_eq!(question.when.len(), 2);
    }

    #[test]
    fn reports_every_problem_with_its_file_and_question() {
        let bad = GOOD
            .replace("jwt.alg-none", "jwt.Alg_None")
            .replace("\"mid\"", "\"guru\"");
        let error = Bank::parse(&[("jwt.toml", &bad)]).err();
        assert!(
            error
                .as_ref()
                .is_some_and(|error| error.problems[0].starts_with("jwt.toml:")),
            "{error:?}"
        );

        let misnamed = Bank::parse(&[("tokens.toml", GOOD)]).err();
        assert!(
            format!("{misnamed:?}").contains("file's name"),
            "{misnamed:?}"
        );

        let twice = format!(
            "{GOOD}\n{}",
            &GOOD[GOOD.find("[[question]]").unwrap_or(0)..]
        );
        let error = Bank::parse(&[("jwt.toml", &twice)]).err();
        assert!(format!("{error:?}").contains("id used twice"), "{error:?}");

        let bad_when = GOOD.replace("any:q2", "failed:q2.tokens.alg_none");
        let error = Bank::parse(&[("jwt.toml", &bad_when)]).err();
        assert!(format!("{error:?}").contains("failed:"), "{error:?}");

        let unknown_key = GOOD.replace("level = \"mid\"", "level = \"mid\"\nhint = \"x\"");
        assert!(Bank::parse(&[("jwt.toml", &unknown_key)]).is_err());
    }
}
