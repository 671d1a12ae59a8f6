//! The switch for the long corpora: every broken variant and every
//! framework server graded in full (several minutes each). The README's
//! `cargo test --workspace` leaves them out so it stays quick to run often;
//! `KIT_CORPORA=1 cargo test --workspace` runs them, and `.ci/run` does.

use std::io::Write as _;

/// The variable that switches the corpora on (any value but empty or `0`).
pub const CORPORA_VARIABLE: &str = "KIT_CORPORA";

/// `true` when the long corpora run. Otherwise prints one line to stderr,
/// `SKIPPED <test>: a long corpus (KIT_CORPORA=1 runs it)`, and returns
/// `false`; or panics under CI (`CI` set), which must run every test.
pub fn long_corpus(test: &str) -> bool {
    let lookup = |name: &str| std::env::var(name).ok();
    match decide(lookup) {
        Decision::Run => true,
        Decision::Skip => {
            // Straight to stderr: the test harness shows what `eprintln!`
            // prints only for a failing test.
            let _ = writeln!(
                std::io::stderr().lock(),
                "SKIPPED {test}: a long corpus ({CORPORA_VARIABLE}=1 runs it)"
            );
            false
        }
        Decision::Fail => panic!(
            "{test}: a long corpus, switched off; CI runs every test: set {CORPORA_VARIABLE}=1"
        ),
    }
}

#[derive(Debug, PartialEq, Eq)]
enum Decision {
    Run,
    Skip,
    Fail,
}

fn decide(lookup: impl Fn(&str) -> Option<String>) -> Decision {
    let set = |name: &str, off: &[&str]| {
        lookup(name).is_some_and(|value| {
            let value = value.trim();
            !value.is_empty() && !off.iter().any(|off| value.eq_ignore_ascii_case(off))
        })
    };
    if set(CORPORA_VARIABLE, &["0"]) {
        Decision::Run
    } else if set("CI", &["0", "false"]) {
        Decision::Fail
    } else {
        Decision::Skip
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn with(pairs: &[(&str, &str)]) -> impl Fn(&str) -> Option<String> {
        let pairs: Vec<(String, String)> = pairs
            .iter()
            .map(|(name, value)| ((*name).to_owned(), (*value).to_owned()))
            .collect();
        move |name| {
            pairs
                .iter()
                .find(|(key, _)| key == name)
                .map(|(_, value)| value.clone())
        }
    }

    #[test]
    fn the_corpora_run_only_when_switched_on() {
        assert_eq!(decide(with(&[("KIT_CORPORA", "1")])), Decision::Run);
        assert_eq!(decide(with(&[("KIT_CORPORA", "yes")])), Decision::Run);
        assert_eq!(decide(with(&[])), Decision::Skip);
        assert_eq!(decide(with(&[("KIT_CORPORA", "0")])), Decision::Skip);
        assert_eq!(decide(with(&[("KIT_CORPORA", " ")])), Decision::Skip);
    }

    #[test]
    fn ci_without_the_switch_fails_instead_of_skipping() {
        assert_eq!(decide(with(&[("CI", "true")])), Decision::Fail);
        assert_eq!(
            decide(with(&[("CI", "true"), ("KIT_CORPORA", "1")])),
            Decision::Run
        );
        assert_eq!(decide(with(&[("CI", "false")])), Decision::Skip);
    }
}
