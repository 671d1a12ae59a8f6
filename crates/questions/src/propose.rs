//! Which questions to ask a candidate, from their report: what they lost
//! first (did they run out of time, or not know?), then one strength to go
//! deeper on, then general questions for the exercise if that leaves too few.

use std::collections::BTreeSet;

use kit_report::{CheckResult, ProposedQuestion, Report};
use kit_report::{Kind, Status};

use crate::bank::{Bank, Question, Topic};
use crate::when::{CheckSelector, When};

/// Fewest questions proposed (general ones fill up to this).
pub const MIN_PROPOSED: usize = 3;
/// Most questions proposed: a debrief has time for about five.
pub const MAX_PROPOSED: usize = 5;
/// Checks named in a question's `because`; the rest are counted.
const NAMED_CHECKS: usize = 2;

/// Up to [`MAX_PROPOSED`] questions for `report`, at most one per topic,
/// in the order to ask them. Deterministic: the same report and bank give
/// the same questions.
pub fn propose(bank: &Bank, report: &Report) -> Vec<ProposedQuestion> {
    let exercise = exercise_id(report);
    let mut chosen: Vec<ProposedQuestion> = Vec::new();
    let mut topics: BTreeSet<String> = BTreeSet::new();

    let mut pick = |ranked: Vec<Ranked<'_>>, room: usize, chosen: &mut Vec<ProposedQuestion>| {
        let mut taken = 0;
        for candidate in ranked {
            if taken == room || chosen.len() == MAX_PROPOSED {
                break;
            }
            if topics.insert(candidate.topic.topic.clone()) {
                chosen.push(proposed(
                    candidate.topic,
                    candidate.question,
                    candidate.because,
                ));
                taken += 1;
            }
        }
    };

    let strengths = strengths_of(bank, report);
    // Keep a place for a strength when there is one.
    let gap_room = if strengths.is_empty() {
        MAX_PROPOSED
    } else {
        MAX_PROPOSED - 1
    };
    pick(gaps(bank, report), gap_room, &mut chosen);
    // Two strengths when there is little to ask about gaps.
    let strength_room = if chosen.len() < 2 { 2 } else { 1 };
    pick(strengths, strength_room, &mut chosen);
    let missing = MIN_PROPOSED.saturating_sub(chosen.len());
    pick(general(bank, &exercise), missing, &mut chosen);
    chosen
}

struct Ranked<'a> {
    topic: &'a Topic,
    question: &'a Question,
    because: String,
}

/// Questions whose `when` names a lost check: the most points lost first,
/// an exact id before a prefix, then bank order. Checks blocked by another
/// failure count for a quarter: the question about the blocker comes first.
fn gaps<'a>(bank: &'a Bank, report: &Report) -> Vec<Ranked<'a>> {
    let mut ranked: Vec<(u32, bool, usize, Ranked<'a>)> = Vec::new();
    for (order, (topic, question)) in bank.questions().enumerate() {
        let selectors = selectors(question, |when| match when {
            When::Lost(selector) => Some(selector),
            _ => None,
        });
        let matched: Vec<&CheckResult> = report
            .checks
            .iter()
            .filter(|check| !matches!(check.status, Status::Pass | Status::Skipped))
            .filter(|check| selectors.iter().any(|selector| selector.matches(&check.id)))
            .collect();
        if matched.is_empty() {
            continue;
        }
        let weight: u32 = matched
            .iter()
            .map(|check| match check.status {
                Status::Blocked => check.max,
                _ => check.max * 4,
            })
            .sum();
        let exact = matched.iter().any(|check| {
            selectors
                .iter()
                .any(|selector| selector.is_exact() && selector.matches(&check.id))
        });
        let mut named: Vec<&CheckResult> = matched.clone();
        // Name the checks that failed before those they blocked.
        named.sort_by_key(|check| check.status == Status::Blocked);
        ranked.push((
            weight,
            exact,
            order,
            Ranked {
                topic,
                question,
                because: because("lost", &named),
            },
        ));
    }
    ranked.sort_by(|a, b| b.0.cmp(&a.0).then(b.1.cmp(&a.1)).then(a.2.cmp(&b.2)));
    ranked.into_iter().map(|(_, _, _, ranked)| ranked).collect()
}

/// Questions whose `when` names a passed check: advanced and bonus parts
/// first (what sets a strong submission apart), then points, then bank order.
fn strengths_of<'a>(bank: &'a Bank, report: &Report) -> Vec<Ranked<'a>> {
    let mut ranked: Vec<(u32, usize, Ranked<'a>)> = Vec::new();
    for (order, (topic, question)) in bank.questions().enumerate() {
        let selectors = selectors(question, |when| match when {
            When::Passed(selector) => Some(selector),
            _ => None,
        });
        let matched: Vec<&CheckResult> = report
            .checks
            .iter()
            .filter(|check| check.status == Status::Pass)
            .filter(|check| selectors.iter().any(|selector| selector.matches(&check.id)))
            .collect();
        if matched.is_empty() {
            continue;
        }
        let weight = matched
            .iter()
            .map(|check| match check.kind {
                Kind::Advanced | Kind::Bonus => check.max * 2,
                Kind::Core => check.max,
            })
            .sum();
        ranked.push((
            weight,
            order,
            Ranked {
                topic,
                question,
                because: because("passed", &matched),
            },
        ));
    }
    ranked.sort_by(|a, b| b.0.cmp(&a.0).then(a.1.cmp(&b.1)));
    ranked.into_iter().map(|(_, _, ranked)| ranked).collect()
}

/// `any:<exercise>` questions, mid level first (they fit most candidates),
/// then bank order.
fn general<'a>(bank: &'a Bank, exercise: &str) -> Vec<Ranked<'a>> {
    let mut ranked: Vec<(u8, usize, Ranked<'a>)> = bank
        .questions()
        .enumerate()
        .filter(|(_, (_, question))| {
            question
                .when
                .iter()
                .any(|when| matches!(when, When::Exercise(id) if id == exercise))
        })
        .map(|(order, (topic, question))| {
            let preference = match question.level {
                crate::Level::Mid => 0,
                crate::Level::Junior => 1,
                crate::Level::Senior => 2,
            };
            (
                preference,
                order,
                Ranked {
                    topic,
                    question,
                    because: format!("a general question for {exercise}"),
                },
            )
        })
        .collect();
    ranked.sort_by(|a, b| a.0.cmp(&b.0).then(a.1.cmp(&b.1)));
    ranked.into_iter().map(|(_, _, ranked)| ranked).collect()
}

fn selectors<'a>(
    question: &'a Question,
    keep: impl Fn(&'a When) -> Option<&'a CheckSelector>,
) -> Vec<&'a CheckSelector> {
    question.when.iter().filter_map(keep).collect()
}

/// `lost: Rejects alg none (q2.tokens.alg_none), ... and 2 more`.
fn because(verb: &str, checks: &[&CheckResult]) -> String {
    let named: Vec<String> = checks
        .iter()
        .take(NAMED_CHECKS)
        .map(|check| format!("{} ({})", check.title, check.id))
        .collect();
    let more = checks.len().saturating_sub(NAMED_CHECKS);
    let mut text = format!("{verb}: {}", named.join("; "));
    if more > 0 {
        text.push_str(&format!("; and {more} more"));
    }
    text
}

fn proposed(topic: &Topic, question: &Question, because: String) -> ProposedQuestion {
    ProposedQuestion {
        id: question.id.clone(),
        topic: topic.title.clone(),
        level: question.level.to_string(),
        ask: question.ask.clone(),
        good_answer: question.good_answer.clone(),
        red_flags: question.red_flags.clone(),
        follow_up: question.follow_up.clone(),
        because,
    }
}

/// `q1` from the report's exercise (`q1-products`).
fn exercise_id(report: &Report) -> String {
    report
        .exercise
        .split('-')
        .next()
        .unwrap_or(&report.exercise)
        .to_owned()
}
