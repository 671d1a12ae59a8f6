//! Tools outside Rust that some tests need (bubblewrap, redis-server,
//! Chromium, Python with bcrypt, Node.js), and the one policy for a test
//! whose tool is missing: it prints one line, `SKIPPED <test>: needs <tool>
//! (<how to install>)`, and passes, so `cargo test --workspace` passes on a
//! machine with only Rust. When skips are forbidden (`KIT_REQUIRE_TOOLS=1`,
//! which `.ci/run` sets, or `CI` set) the same reason fails the test, so CI
//! still runs everything.
//!
//! A guarded test starts with
//! `if !require("its_name", &[Tool::RedisServer]) { return; }`.

use std::path::Path;
use std::process::{Command, Stdio};
use std::sync::OnceLock;

/// A tool outside Rust that a test needs.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Tool {
    /// `bwrap`, able to start a sandbox here (the harness's own probe):
    /// graded services run in it.
    Bubblewrap,
    /// `redis-server` (Q3's Redis checks and store).
    RedisServer,
    /// Headless Chromium (`chromium`, `chromium-browser` or `google-chrome`).
    Chromium,
    /// `python3` (the tests' tiny servers).
    Python3,
    /// `python3` with the PyPI package `bcrypt` (the Q2 Python server).
    PythonBcrypt,
    /// `node` (the Express servers of the fairness corpora).
    Node,
}

impl Tool {
    /// Every tool, in a fixed order.
    pub const ALL: [Tool; 6] = [
        Tool::Bubblewrap,
        Tool::RedisServer,
        Tool::Chromium,
        Tool::Python3,
        Tool::PythonBcrypt,
        Tool::Node,
    ];

    /// How a skip line names it.
    pub fn name(self) -> &'static str {
        match self {
            Tool::Bubblewrap => "bubblewrap",
            Tool::RedisServer => "redis-server",
            Tool::Chromium => "chromium",
            Tool::Python3 => "python3",
            Tool::PythonBcrypt => "Python's bcrypt",
            Tool::Node => "node",
        }
    }

    /// How to install it (Debian and Ubuntu; `.ci/run` does all of it).
    pub fn install_hint(self) -> &'static str {
        match self {
            Tool::Bubblewrap => {
                "apt-get install bubblewrap; see docs/security.md#installing-bubblewrap"
            }
            Tool::RedisServer => "apt-get install redis-server",
            Tool::Chromium => "apt-get install chromium",
            Tool::Python3 => "apt-get install python3",
            Tool::PythonBcrypt => "python3 -m pip install bcrypt",
            Tool::Node => "apt-get install nodejs npm",
        }
    }

    fn index(self) -> usize {
        Tool::ALL
            .iter()
            .position(|tool| *tool == self)
            .unwrap_or_else(|| unreachable!("every tool is in Tool::ALL"))
    }

    /// Whether it is here, by running it (a file that is on `PATH` but does
    /// not run counts as missing).
    fn detect(self) -> bool {
        match self {
            Tool::Bubblewrap => {
                runs("bwrap", &["--version"]) && {
                    let options = crate::sandbox::SandboxOptions {
                        mode: crate::sandbox::SandboxMode::Require,
                        ..Default::default()
                    };
                    crate::sandbox::Sandbox::resolve(&options).is_ok()
                }
            }
            Tool::RedisServer => runs("redis-server", &["--version"]),
            Tool::Chromium => chromium().is_some(),
            Tool::Python3 => runs("python3", &["--version"]),
            Tool::PythonBcrypt => runs("python3", &["-c", "import bcrypt"]),
            Tool::Node => runs("node", &["--version"]),
        }
    }
}

impl std::fmt::Display for Tool {
    fn fmt(&self, formatter: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        formatter.write_str(self.name())
    }
}

/// Whether `program args...` runs and exits 0.
fn runs(program: &str, args: &[&str]) -> bool {
    Command::new(program)
        .args(args)
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status()
        .is_ok_and(|status| status.success())
}

/// Whether `tool` is here; probed once per test binary.
pub fn available(tool: Tool) -> bool {
    static FOUND: [OnceLock<bool>; Tool::ALL.len()] = [const { OnceLock::new() }; Tool::ALL.len()];
    *FOUND[tool.index()].get_or_init(|| tool.detect())
}

/// The Chromium command that runs here (`chromium`, `chromium-browser` or
/// `google-chrome`, the first whose `--version` succeeds).
pub fn chromium() -> Option<&'static str> {
    static FOUND: OnceLock<Option<&'static str>> = OnceLock::new();
    *FOUND.get_or_init(|| {
        ["chromium", "chromium-browser", "google-chrome"]
            .into_iter()
            .find(|name| runs(name, &["--version"]))
    })
}

/// `true` when every one of `tools` is here. Otherwise prints one line to
/// stderr, `SKIPPED <test>: needs <tool> (<how to install>)`, and returns
/// `false`; or, when skips are forbidden ([`skips_forbidden`]), panics
/// with that reason.
pub fn require(test: &str, tools: &[Tool]) -> bool {
    let missing: Vec<String> = tools
        .iter()
        .filter(|tool| !available(**tool))
        .map(|tool| format!("{} ({})", tool.name(), tool.install_hint()))
        .collect();
    if missing.is_empty() {
        return true;
    }
    skip_or_fail(test, &format!("needs {}", missing.join(" and ")))
}

/// The same policy for anything else a test needs (a framework's packages):
/// `Ok(())` runs the test; `Err(why)` prints `SKIPPED <test>: <why>` and
/// returns `false`, or panics when skips are forbidden.
pub fn require_that(test: &str, found: Result<(), String>) -> bool {
    match found {
        Ok(()) => true,
        Err(why) => skip_or_fail(test, &why),
    }
}

/// `Ok(())` when `program args...`, run in `dir`, exits 0; otherwise why
/// not (the line of its stderr that names the error), for [`require_that`].
pub fn probe(dir: &Path, program: &str, args: &[&str]) -> Result<(), String> {
    let command = format!("`{program} {}`", args.join(" "));
    let output = Command::new(program)
        .args(args)
        .current_dir(dir)
        .stdin(Stdio::null())
        .output()
        .map_err(|error| format!("{command} cannot run: {error}"))?;
    if output.status.success() {
        return Ok(());
    }
    // Python's error is its last line; Node's comes before a stack and
    // its version.
    let stderr = String::from_utf8_lossy(&output.stderr);
    let mut lines = stderr.lines().rev().map(str::trim);
    let why = lines
        .clone()
        .find(|line| line.contains("Error"))
        .or_else(|| lines.find(|line| !line.is_empty()))
        .unwrap_or("no message");
    Err(format!("{command} failed: {why}"))
}

fn skip_or_fail(test: &str, why: &str) -> bool {
    if let Some(variable) = skips_forbidden() {
        panic!("{test}: {why}; a skip is a failure here ({variable})");
    }
    // Straight to stderr, not `eprintln!`: the test harness captures what
    // that prints and shows it only for a failing test.
    use std::io::Write as _;
    let _ = writeln!(std::io::stderr().lock(), "SKIPPED {test}: {why}");
    false
}

/// Why a missing tool fails a test instead of skipping it (`Some` naming
/// the variable): `KIT_REQUIRE_TOOLS` set and neither empty nor `0`, or
/// `CI` set and neither empty, `0` nor `false`.
pub fn skips_forbidden() -> Option<&'static str> {
    skips_forbidden_by(|name| std::env::var(name).ok())
}

/// [`skips_forbidden`] with the environment given by `lookup`.
fn skips_forbidden_by(lookup: impl Fn(&str) -> Option<String>) -> Option<&'static str> {
    let set = |name: &str, off: &[&str]| {
        lookup(name).is_some_and(|value| {
            let value = value.trim();
            !value.is_empty() && !off.iter().any(|off| value.eq_ignore_ascii_case(off))
        })
    };
    if set("KIT_REQUIRE_TOOLS", &["0"]) {
        Some("KIT_REQUIRE_TOOLS is set")
    } else if set("CI", &["0", "false"]) {
        Some("CI is set")
    } else {
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn forbidden(env: &[(&str, &str)]) -> Option<&'static str> {
        skips_forbidden_by(|name| {
            env.iter()
                .find(|(key, _)| *key == name)
                .map(|(_, value)| (*value).to_owned())
        })
    }

    #[test]
    fn skips_are_allowed_without_either_variable() {
        assert_eq!(forbidden(&[]), None);
        assert_eq!(forbidden(&[("PATH", "/usr/bin")]), None);
    }

    #[test]
    fn kit_require_tools_forbids_skips_unless_empty_or_zero() {
        for on in ["1", "yes", "true"] {
            assert_eq!(
                forbidden(&[("KIT_REQUIRE_TOOLS", on)]),
                Some("KIT_REQUIRE_TOOLS is set"),
                "{on}"
            );
        }
        for off in ["", "0", " "] {
            assert_eq!(forbidden(&[("KIT_REQUIRE_TOOLS", off)]), None, "{off:?}");
        }
    }

    #[test]
    fn ci_forbids_skips_unless_empty_zero_or_false() {
        for on in ["1", "true", "yes"] {
            assert_eq!(forbidden(&[("CI", on)]), Some("CI is set"), "{on}");
        }
        for off in ["", "0", "false", "FALSE"] {
            assert_eq!(forbidden(&[("CI", off)]), None, "{off:?}");
        }
    }

    #[test]
    fn kit_require_tools_is_named_first() {
        assert_eq!(
            forbidden(&[("CI", "true"), ("KIT_REQUIRE_TOOLS", "1")]),
            Some("KIT_REQUIRE_TOOLS is set")
        );
        // KIT_REQUIRE_TOOLS=0 does not overrule CI.
        assert_eq!(
            forbidden(&[("CI", "true"), ("KIT_REQUIRE_TOOLS", "0")]),
            Some("CI is set")
        );
    }

    #[test]
    fn every_tool_has_a_name_and_a_hint() {
        for tool in Tool::ALL {
            assert_eq!(Tool::ALL[tool.index()], tool);
            assert!(!tool.name().is_empty() && !tool.install_hint().is_empty());
        }
    }

    #[test]
    fn a_failed_probe_says_which_error() {
        let dir = std::env::temp_dir();
        assert_eq!(probe(&dir, "sh", &["-c", "exit 0"]), Ok(()));
        let node_like = "echo 'Error: no module' >&2; echo '  at x' >&2; echo 'v20' >&2; exit 1";
        assert_eq!(
            probe(&dir, "sh", &["-c", node_like]),
            Err("`sh -c {node_like}` failed: Error: no module".replace("{node_like}", node_like))
        );
        let quiet = probe(&dir, "sh", &["-c", "echo last >&2; exit 3"]);
        assert!(quiet.is_err_and(|why| why.ends_with("failed: last")));
        let absent = probe(&dir, "kit-no-such-program", &[]);
        assert!(absent.is_err_and(|why| why.contains("cannot run")));
    }

    #[test]
    fn a_met_requirement_runs_the_test() {
        assert!(require("a_met_requirement_runs_the_test", &[]));
        assert!(require_that("a_met_requirement_runs_the_test", Ok(())));
    }
}
