//! Automatic code signals for a Rust submission: formatting, clippy
//! warnings, the candidate's own tests, `unwrap()`/`expect()` outside tests,
//! `unsafe`. They are shown to the interviewer as signals, never scored: a
//! signal is a question to ask, not a verdict (an `expect` with a reason at
//! startup is fine; one on a request path is a crash waiting for input).
//!
//! The tools run like the build: candidate code (build scripts, tests) in
//! its own process group, with a scrubbed environment and a time bound.

use std::ffi::OsString;
use std::path::{Path, PathBuf};
use std::time::Duration;

use crate::output_tail::OutputTail;
use crate::process_group::Exit;
use crate::sandbox::Sandbox;
use crate::sandboxed_cargo::SandboxedCargo;

/// At most this many source lines are quoted per kind of hit.
const QUOTED_HITS: usize = 12;
const TOOL_OUTPUT_CAP: usize = 8 * 1024 * 1024;

pub use kit_report::code_signals::{CodeSignals, SourceHits, TestCounts};

#[derive(Debug, Clone)]
pub struct SignalOptions {
    /// Where cargo builds (shared with the grading build, so dependencies
    /// are compiled once).
    pub target_dir: Option<PathBuf>,
    /// The kit-private cargo home the grading build fetched into.
    pub cargo_home: Option<PathBuf>,
    /// Bound on each tool run (fmt, clippy, test).
    pub timeout: Duration,
    /// The tools run candidate code (build scripts, tests): sandboxed like the build.
    pub sandbox: Sandbox,
}

/// Measures every signal of the crate at `crate_dir`, telling `on_step`
/// which tool runs (they take minutes on a first build). Never fails: what
/// cannot be measured is `None`, with a note saying why.
pub async fn measure(
    crate_dir: &Path,
    options: &SignalOptions,
    on_step: &(dyn Fn(&str) + Sync),
) -> CodeSignals {
    let mut notes = Vec::new();
    let manifest = crate_dir.join("Cargo.toml");
    let cargo = match SandboxedCargo::new(
        &options.sandbox,
        crate_dir,
        options.target_dir.as_deref(),
        options.cargo_home.as_deref(),
        options.timeout,
    ) {
        Ok(cargo) => cargo,
        Err(reason) => {
            return CodeSignals {
                formatted: None,
                clippy_warnings: None,
                tests: None,
                unwraps: SourceHits::default(),
                unsafe_code: SourceHits::default(),
                notes: vec![format!("cargo could not run: {reason}")],
            };
        }
    };

    on_step("cargo fmt --check");
    let formatted = match run_cargo(
        &["fmt", "--check", "--manifest-path"],
        &manifest,
        false,
        &cargo,
    )
    .await
    {
        Ok((Exit::Code(0), _)) => Some(true),
        Ok((Exit::Code(1), _)) => Some(false),
        Ok((exit, output)) => {
            notes.push(format!(
                "cargo fmt --check did not run ({exit}): {}",
                output.last_line()
            ));
            None
        }
        Err(reason) => {
            notes.push(format!("cargo fmt --check: {reason}"));
            None
        }
    };

    on_step("cargo clippy");
    let clippy_warnings = match run_cargo(
        &[
            "clippy",
            "--all-targets",
            "--message-format=json",
            "--manifest-path",
        ],
        &manifest,
        true,
        &cargo,
    )
    .await
    {
        Ok((Exit::Code(0), output)) => Some(count_clippy_warnings(&output.stdout, &manifest)),
        Ok((exit, output)) => {
            notes.push(format!(
                "cargo clippy did not finish ({exit}): {}",
                output.last_line()
            ));
            None
        }
        Err(reason) => {
            notes.push(format!("cargo clippy: {reason}"));
            None
        }
    };

    on_step("cargo test (the candidate's tests)");
    let tests = match run_cargo(
        &["test", "--no-fail-fast", "--manifest-path"],
        &manifest,
        true,
        &cargo,
    )
    .await
    {
        Ok((_, output)) => {
            let counts = count_tests(&output.stdout);
            if counts.is_none() {
                notes.push(format!(
                    "cargo test printed no test results: {}",
                    output.last_line()
                ));
            }
            if let Some(note) = failures_note(&output.stdout) {
                notes.push(note);
            }
            counts
        }
        Err(reason) => {
            notes.push(format!("cargo test: {reason}"));
            None
        }
    };

    let sources = rust_sources(&crate_dir.join("src"));
    let mut unwraps = SourceHits::default();
    let mut unsafe_code = SourceHits::default();
    for file in &sources {
        let Ok(text) = std::fs::read_to_string(file) else {
            continue;
        };
        let shown = file
            .strip_prefix(crate_dir)
            .unwrap_or(file)
            .display()
            .to_string();
        for (number, line) in non_test_lines(&text) {
            let code = line.trim();
            let count = |needle: &str| u32::try_from(code.matches(needle).count()).unwrap_or(0);
            let found = count(".unwrap()") + count(".expect(");
            record(&mut unwraps, found, &shown, number, code);
            let unsafe_found = u32::from(is_unsafe(code));
            record(&mut unsafe_code, unsafe_found, &shown, number, code);
        }
    }
    CodeSignals {
        formatted,
        clippy_warnings,
        tests,
        unwraps,
        unsafe_code,
        notes,
    }
}

fn record(hits: &mut SourceHits, found: u32, file: &str, number: usize, code: &str) {
    if found == 0 {
        return;
    }
    hits.count += found;
    if hits.examples.len() < QUOTED_HITS {
        let quoted: String = code.chars().take(120).collect();
        hits.examples.push(format!("{file}:{number}: {quoted}"));
    }
}

fn is_unsafe(code: &str) -> bool {
    ["unsafe {", "unsafe fn", "unsafe impl", "unsafe extern"]
        .iter()
        .any(|needle| code.contains(needle))
}

/// `(line number, line)` of the code that is not tests: comments left out,
/// and everything from the first `#[cfg(test)]` on (the tests module goes
/// last, by convention). Simple on purpose: a signal, not a parser.
fn non_test_lines(text: &str) -> Vec<(usize, &str)> {
    let mut lines = Vec::new();
    for (index, line) in text.lines().enumerate() {
        let trimmed = line.trim_start();
        if trimmed.starts_with("#[cfg(test)]") {
            break;
        }
        if trimmed.starts_with("//") {
            continue;
        }
        lines.push((index + 1, line));
    }
    lines
}

fn rust_sources(dir: &Path) -> Vec<PathBuf> {
    let mut files = Vec::new();
    let mut pending = vec![dir.to_path_buf()];
    while let Some(dir) = pending.pop() {
        let Ok(entries) = std::fs::read_dir(&dir) else {
            continue;
        };
        for entry in entries.flatten() {
            let path = entry.path();
            let Ok(kind) = entry.file_type() else {
                continue;
            };
            // Symlinks are not followed: a submission may not point us elsewhere.
            if kind.is_dir() {
                pending.push(path);
            } else if kind.is_file() && path.extension().is_some_and(|ext| ext == "rs") {
                files.push(path);
            }
        }
    }
    files.sort();
    files
}

/// Clippy warnings about the crate's own code (cargo's JSON messages).
fn count_clippy_warnings(output: &str, manifest: &Path) -> u32 {
    let manifest = manifest
        .canonicalize()
        .unwrap_or_else(|_| manifest.to_path_buf());
    let warnings = output
        .lines()
        .filter_map(|line| serde_json::from_str::<serde_json::Value>(line).ok())
        .filter(|message| message["reason"] == "compiler-message")
        .filter(|message| {
            message["manifest_path"]
                .as_str()
                .is_some_and(|path| Path::new(path) == manifest)
        })
        .filter(|message| message["message"]["level"] == "warning")
        // The summary line ("3 warnings emitted") has no code.
        .filter(|message| !message["message"]["code"].is_null())
        .count();
    u32::try_from(warnings).unwrap_or(u32::MAX)
}

/// Which of the candidate's tests failed, and the first failure's message:
/// "6 failed" alone does not say whether the code or the machine is at
/// fault (a test that needs a Redis the sandbox lacks, say).
fn failures_note(output: &str) -> Option<String> {
    let failed: Vec<&str> = output
        .lines()
        .filter_map(|line| {
            line.trim()
                .strip_prefix("test ")?
                .strip_suffix(" ... FAILED")
        })
        .collect();
    let first = failed.first()?;
    let shown: Vec<&str> = failed.iter().take(5).copied().collect();
    let more = failed.len().saturating_sub(shown.len());
    let mut note = format!("failing tests: {}", shown.join(", "));
    if more > 0 {
        note.push_str(&format!(" and {more} more"));
    }
    // libtest prints the panic message on the line after "panicked at".
    let mut lines = output
        .lines()
        .skip_while(|line| !(line.contains(&format!("'{first}'")) && line.contains("panicked at")));
    if lines.next().is_some()
        && let Some(message) = lines.next().map(str::trim).filter(|line| !line.is_empty())
    {
        let message: String = message.chars().take(200).collect();
        note.push_str(&format!("; {first}: {message}"));
    }
    Some(note)
}

/// Sums libtest's `test result: ok. 3 passed; 1 failed; 0 ignored; ...` lines
/// (stdout: cargo's `Running` lines, on stderr, must not split them).
fn count_tests(output: &str) -> Option<TestCounts> {
    let mut counts = TestCounts {
        passed: 0,
        failed: 0,
        ignored: 0,
    };
    let mut seen = false;
    for line in output.lines() {
        let Some(rest) = line.trim().strip_prefix("test result: ") else {
            continue;
        };
        seen = true;
        for part in rest.split(';') {
            let mut words = part.split_whitespace().rev();
            let (Some(label), Some(number)) = (words.next(), words.next()) else {
                continue;
            };
            let Ok(number) = number.parse::<u32>() else {
                continue;
            };
            match label {
                "passed" => counts.passed += number,
                "failed" => counts.failed += number,
                "ignored" => counts.ignored += number,
                _ => {}
            }
        }
    }
    seen.then_some(counts)
}

fn last_line(output: &str) -> String {
    output
        .lines()
        .rev()
        .find(|line| !line.trim().is_empty())
        .unwrap_or("no output")
        .chars()
        .take(200)
        .collect()
}

/// What a cargo command printed, each stream apart: the tests' results and
/// clippy's JSON are read from stdout, cargo's own lines go to stderr. One
/// tail for both once split a `test result:` line: libtest writes it in two
/// pieces, and a busy machine let cargo's next `Running` line in between.
#[derive(Debug)]
struct CargoOutput {
    stdout: String,
    stderr: String,
}

impl CargoOutput {
    /// The last line that says something: cargo's error, else the tool's.
    fn last_line(&self) -> String {
        if self.stderr.trim().is_empty() {
            last_line(&self.stdout)
        } else {
            last_line(&self.stderr)
        }
    }
}

async fn run_cargo(
    args: &[&str],
    manifest: &Path,
    compiles: bool,
    cargo: &SandboxedCargo,
) -> Result<(Exit, CargoOutput), String> {
    let mut args: Vec<OsString> = args.iter().map(OsString::from).collect();
    args.push(manifest.into());
    let stdout = OutputTail::new(TOOL_OUTPUT_CAP);
    let stderr = OutputTail::new(TOOL_OUTPUT_CAP);
    let exit = cargo.run_offline(&args, compiles, &stdout, &stderr).await?;
    Ok((
        exit,
        CargoOutput {
            stdout: stdout.text(),
            stderr: stderr.text(),
        },
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_note_quotes_cargos_last_line_else_the_tools() {
        let both = CargoOutput {
            stdout: "test result: ok. 1 passed;\n".to_owned(),
            stderr: "error: could not compile `x`\n\n".to_owned(),
        };
        assert_eq!(both.last_line(), "error: could not compile `x`");
        let tool_only = CargoOutput {
            stdout: "Diff in src/main.rs\n".to_owned(),
            stderr: " \n".to_owned(),
        };
        assert_eq!(tool_only.last_line(), "Diff in src/main.rs");
    }

    #[test]
    fn sums_the_test_results_of_every_binary() {
        let output = "running 2 tests\ntest result: ok. 2 passed; 0 failed; 1 ignored; 0 measured; 0 filtered out; finished in 0.01s\n\
                      test result: FAILED. 3 passed; 1 failed; 0 ignored; 0 measured; 0 filtered out; finished in 0.2s\n";
        assert_eq!(
            count_tests(output),
            Some(TestCounts {
                passed: 5,
                failed: 1,
                ignored: 1
            })
        );
        assert_eq!(count_tests("error: could not compile"), None);
    }

    #[test]
    fn finds_unwraps_outside_tests_and_comments() {
        let text = "fn main() {\n    let port = std::env::var(\"PORT\").unwrap();\n    // x.unwrap() in a comment\n    let n = s.parse::<u32>().expect(\"number\");\n}\n#[cfg(test)]\nmod tests { fn t() { x.unwrap(); } }\n";
        let lines: Vec<usize> = non_test_lines(text)
            .into_iter()
            .filter(|(_, line)| line.contains(".unwrap()") || line.contains(".expect("))
            .map(|(number, _)| number)
            .collect();
        assert_eq!(lines, vec![2, 4]);
    }

    #[test]
    fn recognises_unsafe_code() {
        assert!(is_unsafe("let x = unsafe { *ptr };"));
        assert!(is_unsafe("pub unsafe fn raw() {}"));
        assert!(!is_unsafe("// this is not unsafe"));
        assert!(!is_unsafe("let unsafe_count = 0;"));
    }

    #[test]
    fn failing_tests_are_named_with_the_first_message() {
        let output = "running 3 tests\n\
            test store::tests::redis_roundtrip ... FAILED\n\
            test limiter::tests::allows ... ok\n\
            test store::tests::redis_expiry ... FAILED\n\n\
            failures:\n\n\
            ---- store::tests::redis_roundtrip stdout ----\n\n\
            thread 'store::tests::redis_roundtrip' panicked at src/store.rs:88:14:\n\
            cannot start redis-server: No such file or directory\n";
        assert_eq!(
            failures_note(output).as_deref(),
            Some(
                "failing tests: store::tests::redis_roundtrip, store::tests::redis_expiry; \
                 store::tests::redis_roundtrip: cannot start redis-server: No such file or directory"
            )
        );
        assert_eq!(failures_note("test a ... ok\n"), None);
    }
}
