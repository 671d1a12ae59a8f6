//! The workspace's rule for a test whose tool is missing (the same as
//! `kit_harness::testing::require`, written out here because a solution
//! depends on no crate of the kit): it prints one line, `SKIPPED <test>:
//! needs <tool> (<how to install>)`, and passes; when `KIT_REQUIRE_TOOLS`
//! (set, not empty, not `0`) or `CI` (set, not empty, `0` or `false`)
//! forbids skips, it fails with that reason instead.

use std::io::Write as _;

use crate::redis_server;

/// `true` when `redis-server` runs here; otherwise skips `test` (or fails it).
pub fn require_redis_server(test: &str) -> bool {
    if redis_server::available() {
        return true;
    }
    skip_or_fail(
        test,
        "needs redis-server (apt-get install redis-server, brew install redis, \
         or REDIS_SERVER set to its path)",
    )
}

fn skip_or_fail(test: &str, why: &str) -> bool {
    if let Some(variable) = skips_forbidden(|name| std::env::var(name).ok()) {
        panic!("{test}: {why}; a skip is a failure here ({variable} is set)");
    }
    // Straight to stderr: the test harness captures `eprintln!`.
    let _ = writeln!(std::io::stderr().lock(), "SKIPPED {test}: {why}");
    false
}

fn skips_forbidden(lookup: impl Fn(&str) -> Option<String>) -> Option<&'static str> {
    let set = |name: &str, off: &[&str]| {
        lookup(name).is_some_and(|value| {
            let value = value.trim();
            !value.is_empty() && !off.iter().any(|off| value.eq_ignore_ascii_case(off))
        })
    };
    if set("KIT_REQUIRE_TOOLS", &["0"]) {
        Some("KIT_REQUIRE_TOOLS")
    } else if set("CI", &["0", "false"]) {
        Some("CI")
    } else {
        None
    }
}

#[test]
fn skips_are_forbidden_by_kit_require_tools_or_ci() {
    let with = |env: &'static [(&'static str, &'static str)]| {
        skips_forbidden(move |name| {
            env.iter()
                .find(|(key, _)| *key == name)
                .map(|(_, value)| (*value).to_owned())
        })
    };
    assert_eq!(with(&[]), None);
    assert_eq!(
        with(&[("KIT_REQUIRE_TOOLS", "1")]),
        Some("KIT_REQUIRE_TOOLS")
    );
    assert_eq!(with(&[("KIT_REQUIRE_TOOLS", "0")]), None);
    assert_eq!(with(&[("KIT_REQUIRE_TOOLS", "")]), None);
    assert_eq!(with(&[("CI", "true")]), Some("CI"));
    assert_eq!(with(&[("CI", "false")]), None);
    assert_eq!(with(&[("CI", "0")]), None);
}
