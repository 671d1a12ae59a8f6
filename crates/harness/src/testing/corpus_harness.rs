//! The `main` of a long corpus's test binary, for the corpora whose
//! gradings partly wait. libtest runs a binary's tests as many at a time as
//! the machine has cores, which suits tests that compute; a grading whose
//! checks sleep through expiries, lockouts and rate windows leaves the cores
//! idle meanwhile (Q2's variants took 285 s two at a time, 190 s four at a
//! time, the cores then 1.77 of 2 busy). Such a binary sets
//! `harness = false` in its `Cargo.toml` and ends with [`corpus_main!`]
//! (libtest-mimic: the same command line, filters and output as
//! libtest), naming how many of its tests run at a time.
//! `--test-threads` and `RUST_TEST_THREADS` still decide when given.

use std::future::Future;

/// How many tests run at a time: the command line's `--test-threads`, else
/// `RUST_TEST_THREADS`, else the binary's own `default` (at least 1).
pub fn corpus_threads(from_arguments: Option<usize>, default: usize) -> Option<usize> {
    let from_environment = std::env::var("RUST_TEST_THREADS").ok();
    Some(choose_threads(
        from_arguments,
        from_environment.as_deref(),
        default,
    ))
}

fn choose_threads(
    from_arguments: Option<usize>,
    from_environment: Option<&str>,
    default: usize,
) -> usize {
    from_arguments
        .or_else(|| from_environment.and_then(|value| value.trim().parse().ok()))
        .unwrap_or(default)
        .max(1)
}

/// Runs an async test to its end on a runtime of its own, as
/// `#[tokio::test(flavor = "multi_thread")]` does; a panic fails the test.
pub fn block_on_test(test: impl Future<Output = ()>) {
    tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .unwrap_or_else(|error| panic!("a Tokio runtime for the test: {error}"))
        .block_on(test);
}

/// `fn main` for a test binary with `harness = false` and `libtest-mimic`
/// among its dev-dependencies:
///
/// ```ignore
/// kit_harness::corpus_main! {
///     threads: 6,
///     tests: [every_fault_of_the_server_has_a_test_here],
///     async_tests: [a_fixed_window_loses_only_the_rolling_window_check],
/// }
/// ```
///
/// `tests` are plain `fn()`s, `async_tests` `async fn()`s; each panics to
/// fail. They start in the order listed, so list the longest first. A test
/// left out of the lists is dead code, which the lints refuse.
#[macro_export]
macro_rules! corpus_main {
    (
        threads: $threads:expr,
        tests: [$($test:ident),* $(,)?],
        async_tests: [$($async_test:ident),* $(,)?] $(,)?
    ) => {
        fn main() -> ::std::process::ExitCode {
            let mut arguments = ::libtest_mimic::Arguments::from_args();
            arguments.test_threads =
                $crate::testing::corpus_threads(arguments.test_threads, $threads);
            let trials = ::std::vec![
                $(::libtest_mimic::Trial::test(::std::stringify!($async_test), || {
                    $crate::testing::block_on_test($async_test());
                    ::std::result::Result::Ok(())
                }),)*
                $(::libtest_mimic::Trial::test(::std::stringify!($test), || {
                    $test();
                    ::std::result::Result::Ok(())
                }),)*
            ];
            ::libtest_mimic::run(&arguments, trials).exit_code()
        }
    };
}

#[cfg(test)]
mod tests {
    use super::choose_threads;

    #[test]
    fn the_command_line_wins_then_the_environment_then_the_binarys_default() {
        assert_eq!(choose_threads(Some(1), Some("3"), 6), 1);
        assert_eq!(choose_threads(None, Some("3"), 6), 3);
        assert_eq!(choose_threads(None, Some(" 3\n"), 6), 3);
        assert_eq!(choose_threads(None, None, 6), 6);
        assert_eq!(choose_threads(None, Some("many"), 6), 6);
        assert_eq!(choose_threads(None, None, 0), 1);
    }
}
