//! The switch for the long corpora: every broken variant and every
//! framework server graded in full (several minutes each). The README's
//! `cargo test --workspace` leaves them out so it stays quick to run often;
//! `KIT_CORPORA=1 cargo test --workspace` runs them, and `.ci/run` does.

use std::io::Write as _;
use std::sync::Once;

/// The variable that switches the corpora on (any value but empty or `0`).
pub const CORPORA_VARIABLE: &str = "KIT_CORPORA";

/// `true` when the long corpora run. Otherwise returns `false`, and the
/// first such test of the test binary prints one line to stderr for the
/// whole binary, `SKIPPED <test> and the rest of the long corpus in
/// <binary> (KIT_CORPORA=1 runs it)`, so the quick suite's output keeps the
/// lines that name a missing tool in view; or panics under CI (`CI` set),
/// which must run every test.
pub fn long_corpus(test: &str) -> bool {
    static SAID: Once = Once::new();
    match decide(|name| std::env::var(name).ok()) {
        Decision::Run => true,
        Decision::Skip => {
            SAID.call_once(|| {
                // Straight to stderr: the test harness shows what
                // `eprintln!` prints only for a failing test.
                let _ = writeln!(
                    std::io::stderr().lock(),
                    "SKIPPED {test} and the rest of the long corpus in {} ({CORPORA_VARIABLE}=1 runs it)",
                    test_binary()
                );
            });
            false
        }
        Decision::Fail => panic!(
            "{test}: a long corpus, switched off; CI runs every test: set {CORPORA_VARIABLE}=1"
        ),
    }
}

/// The test binary's name without cargo's hash (`variants-0123abcd` is
/// `variants`), and its package's: `q2-auth-grader/variants`.
fn test_binary() -> String {
    let binary = std::env::current_exe()
        .ok()
        .and_then(|path| path.file_stem()?.to_str().map(str::to_owned))
        .unwrap_or_default();
    let name = binary
        .rsplit_once('-')
        .filter(|(_, hash)| hash.len() == 16 && hash.bytes().all(|byte| byte.is_ascii_hexdigit()))
        .map_or(binary.as_str(), |(name, _)| name);
    match std::env::var("CARGO_PKG_NAME") {
        Ok(package) if !package.is_empty() => format!("{package}/{name}"),
        _ => name.to_owned(),
    }
}

/// `true` when the long corpora run, without a word when they do not: for a
/// quick test that does more under the switch (a second, sequential
/// grading) rather than skip. Panics under CI with the switch off, as
/// [`long_corpus`] does.
pub fn long_corpora_on() -> bool {
    match decide(|name| std::env::var(name).ok()) {
        Decision::Run => true,
        Decision::Skip => false,
        Decision::Fail => {
            panic!(
                "the long corpora are switched off; CI runs every test: set {CORPORA_VARIABLE}=1"
            )
        }
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
